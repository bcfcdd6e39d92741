# ruff: noqa: E501 - the table of broken files reads best one case per line
"""The questionnaire engine without Django: reading and refusing files, skip logic,
answer checking, scoring and rules."""

from __future__ import annotations

import textwrap

import pytest

from ruggie.questionnaires.domain.answers import check, parse_answer, visible
from ruggie.questionnaires.domain.reading import QuestionnaireRefused, digest, read_questionnaire
from ruggie.questionnaires.domain.scoring import item_score, localise, score_response

SMALL = textwrap.dedent(
    """
    format: ruggie-questionnaire/1
    code: small
    version: "1"
    kind: supplier_self_assessment
    title: {en: Small, fr: Petit}
    languages: [en, fr]
    translations: {en: source, fr: awaiting_review}
    answer_lists:
      yn:
        - {value: "yes", label: {en: "Yes", fr: "Oui"}, score: 100}
        - {value: "no", label: {en: "No", fr: "Non"}, score: 0}
        - {value: dk, label: {en: "Don't know", fr: "Je ne sais pas"}, not_scored: true}
    dimensions:
      - {code: recruitment, title: {en: Recruitment, fr: Recrutement}, issue: ethical_recruitment}
    sections:
      - id: s1
        title: {en: Recruitment, fr: Recrutement}
        questions:
          - id: A1
            type: single
            options: yn
            required: true
            dimension: recruitment
            text: {en: "Do you use labour agencies?", fr: "Faites-vous appel à des agences ?"}
          - id: A2
            type: multiple
            show_if: {question: A1, equals: "yes"}
            required: true
            dimension: recruitment
            text: {en: "Who pays the fees?", fr: "Qui paie les frais ?"}
            options:
              - {value: employer, label: {en: Employer, fr: Employeur}, score: 100}
              - {value: worker, label: {en: Worker, fr: Travailleur}, score: 0}
            rules:
              - when: {question: A2, includes: worker}
                issue: ethical_recruitment
                severity: high
                indicator: FL09
                title: {en: "Workers pay recruitment fees", fr: "Les travailleurs paient des frais"}
          - id: A3
            type: number
            min: 0
            max: 100
            text: {en: "Hours a week", fr: "Heures par semaine"}
          - id: A4
            type: scale
            dimension: recruitment
            reverse: true
            text: {en: "Workers borrow to pay fees", fr: "Les travailleurs empruntent"}
            options:
              - {value: never, label: {en: Never, fr: Jamais}}
              - {value: sometimes, label: {en: Sometimes, fr: Parfois}}
              - {value: often, label: {en: Often, fr: Souvent}}
              - {value: skip, label: {en: Skip, fr: Passer}, not_scored: true}
    """
)


@pytest.fixture
def small():
    return read_questionnaire(SMALL)


def refusal(text: str) -> list[str]:
    with pytest.raises(QuestionnaireRefused) as caught:
        read_questionnaire(text)
    return caught.value.problems


def test_a_sound_file_reads(small) -> None:
    assert [q.id for q in small.all_questions()] == ["A1", "A2", "A3", "A4"]
    assert localise(small.title, "fr") == "Petit" and localise(small.title, "de") == "Small"
    assert digest(SMALL) != digest(SMALL + "\n# changed")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("format: ruggie-questionnaire/1", "format: other/2"),
            "format: write 'format: ruggie-questionnaire/1'",
        ),
        (("options: yn", "options: yesno"), "'yesno' is not an answer list of this file"),
        (("id: A3", "id: A1"), "the id 'A1' is also used at"),
        (('equals: "yes"}', 'equals: "maybe"}'), "'maybe' is not an option of 'A1'"),
        (("{question: A1, equals", "{question: A4, equals"), "question 'A4' is not asked before this point"),
        (
            ("issue: ethical_recruitment\n            severity", "issue: slavery\n            severity"),
            "'slavery' is not a human rights issue",
        ),
        (('fr: "Heures par semaine"', 'de: "Stunden"'), "a text in 'de', which is not in languages"),
        (("fr: awaiting_review", "fr: machine"), "translations.fr"),
        (("min: 0", "min: 200"), "min (200) is above max (100)"),
        (("reverse: true", "reverse: true\n        bogus: 1"), "bogus: unknown field"),
        (
            ("type: number", "type: number\n        options: yn"),
            "only single, multiple and scale questions have options",
        ),
        (("includes: worker}", "includes: worker, above: 3}"), "exactly one test"),
    ],
)
def test_a_broken_file_is_refused_with_where_and_how(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in SMALL, old
    problems = refusal(SMALL.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


def test_every_text_in_every_language() -> None:
    problems = refusal(SMALL.replace('fr: "Qui paie les frais ?"', 'fr: ""'))
    assert problems == [
        "sections[0].questions[1].text: no text in fr. Write it (every text in every language of the file)."
    ]
    assert "translations.es" in " ".join(
        refusal(SMALL.replace("languages: [en, fr]", "languages: [en, fr, es]"))
    )


def test_not_yaml_and_not_a_mapping() -> None:
    assert "not valid YAML" in refusal("format: [unclosed")[0]
    assert "should be a YAML mapping" in refusal("- a\n- b\n")[0]


def test_skip_logic_and_dropping_hidden_answers(small) -> None:
    assert [q.id for q in visible(small, {"A1": "no"})] == ["A1", "A3", "A4"]
    assert [q.id for q in visible(small, {"A1": "yes"})] == ["A1", "A2", "A3", "A4"]
    # The person answered A2, then went back and said they use no agencies: A2 goes.
    kept, problems = check(small, {"A1": "no", "A2": ["worker"], "A3": "40"}, final=True)
    assert kept == {"A1": "no", "A3": 40} and problems == []


def test_required_only_when_shown_and_only_on_submit(small) -> None:
    _kept, problems = check(small, {"A1": "yes"}, final=False)
    assert problems == []
    _kept, problems = check(small, {"A1": "yes"}, final=True)
    assert [(p.question, p.message) for p in problems] == [("A2", "This question needs an answer.")]
    _kept, problems = check(small, {}, final=True)
    assert [p.question for p in problems] == ["A1"]


@pytest.mark.parametrize(
    ("qid", "raw", "value", "problem"),
    [
        ("A3", ["12,5"], 12.5, None),
        ("A3", ["forty"], None, "'forty' is not a number"),
        ("A3", ["101"], None, "above the largest accepted value, 100"),
        ("A1", ["maybe"], None, "'maybe' is not one of the answers"),
        ("A1", ["yes", "no"], None, "Choose one answer only."),
        ("A2", ["worker", "employer", "worker"], ["worker", "employer"], None),
        ("A1", ["  "], None, None),
    ],
)
def test_parsing_answers(small, qid: str, raw: list[str], value: object, problem: str | None) -> None:
    q = next(q for q in small.all_questions() if q.id == qid)
    got, message = parse_answer(small, q, raw)
    assert got == value
    assert (message is None) if problem is None else (problem in (message or ""))


def test_item_scores(small) -> None:
    a2, a4 = (next(q for q in small.all_questions() if q.id == i) for i in ("A2", "A4"))
    assert item_score(small, a2, ["employer", "worker"]) == 0  # the worst practice chosen counts
    assert item_score(small, a4, "never") == 100 and item_score(small, a4, "often") == 0  # reversed
    assert item_score(small, a4, "sometimes") == 50
    assert item_score(small, a4, "skip") is None


def test_scores_and_rules(small) -> None:
    result = score_response(small, {"A1": "yes", "A2": ["worker"], "A4": "sometimes"})
    recruitment = result.dimensions["recruitment"]
    assert (recruitment.index, recruitment.answered, recruitment.shown) == (50.0, 3, 3)
    [raised] = result.raised
    assert raised.rule.indicator == "FL09" and raised.ref == "A2:ethical_recruitment:FL09:high"
    # Too few answered (1 of 3 < 2/3): no index rather than a misleading one.
    assert score_response(small, {"A1": "yes", "A4": "skip"}).dimensions["recruitment"].index is None
    assert score_response(small, {"A1": "no"}).raised == []
