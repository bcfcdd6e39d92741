"""The questionnaires ruggie ships read cleanly and hold what the product promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from ruggie.questionnaires.domain.format import Kind, QuestionType
from ruggie.questionnaires.domain.reading import read_questionnaire

DATA = Path(__file__).resolve().parents[2] / "src" / "ruggie" / "data" / "questionnaires"


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_questionnaires_read(path: Path) -> None:
    read_questionnaire(path.read_text(encoding="utf-8"), name=path.name)


def test_the_wellbeing_survey() -> None:
    spec = read_questionnaire((DATA / "worker-wellbeing.yaml").read_text(encoding="utf-8"))
    assert spec.kind == Kind.WORKER_SURVEY and (spec.minutes or 99) < 10
    assert [d.code for d in spec.dimensions] == ["safety", "respect", "income"]
    questions = spec.all_questions()
    for dimension in ("safety", "respect", "income"):
        items = [q for q in questions if q.dimension == dimension]
        assert len(items) >= 4 and sum(q.reverse for q in items) == 1, dimension
    # Every scored item lets a worker not answer, and that choice is never scored.
    assert all(any(o.not_scored for o in spec.options_of(q)) for q in questions if q.dimension)
    context = {q.id for q in questions if q.context}
    assert len(context) >= 5
    assert [q.id for q in questions if q.type == QuestionType.TEXT] == ["O1"]
    indicators = {r.indicator for q in questions for r in q.rules}
    assert {"FL03", "FL07", "FL09"} <= indicators


def test_the_wellbeing_survey_speaks_nine_languages_and_its_page_too() -> None:
    import yaml  # noqa: PLC0415

    spec = read_questionnaire((DATA / "worker-wellbeing.yaml").read_text(encoding="utf-8"))
    assert set(spec.languages) >= {"en", "es", "fr", "pt", "id", "th", "vi", "bn", "ar"}
    assert all(spec.translations[lang] == "awaiting_review" for lang in spec.languages if lang != "en")
    words = yaml.safe_load((DATA.parent / "survey-page.yaml").read_text(encoding="utf-8"))
    for lang in spec.languages:
        assert set(words[lang]) == set(words["en"]), lang
