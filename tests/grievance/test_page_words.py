"""The public grievance page's words: every language complete, drafts marked for review."""

from __future__ import annotations

from ruggie.core.human_rights import issue_codes
from ruggie.grievance.page_words import _data, categories, languages, page_words

SURVEY_LANGUAGES = {"en", "es", "fr", "pt", "id", "th", "vi", "bn", "ar"}


def test_at_least_the_survey_languages_with_every_word() -> None:
    assert SURVEY_LANGUAGES <= set(languages())
    english = set(_data()["words"]["en"])
    for lang in languages():
        words = _data()["words"][lang]
        assert set(words) == english, lang
        assert all(str(v).strip() for v in words.values()), lang


def test_translations_are_marked_awaiting_native_review() -> None:
    assert set(_data()["review"]["awaiting"]) == set(languages()) - {"en"}


def test_every_kind_of_problem_maps_to_an_issue_and_has_words() -> None:
    for key, code in categories().items():
        assert code == "other" or code in issue_codes(), key
        assert page_words("bn")[key] != page_words("en")[key], key


def test_every_case_stage_has_words_for_the_reporter() -> None:
    from ruggie.grievance.domain.workflow import State

    for lang in languages():
        words = page_words(lang)
        assert all(f"state_{s.value}" in words for s in State)
