"""The fixed words of the public survey page, per language (data/survey-page.yaml)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml


@cache
def _words() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(files("ruggie.data").joinpath("survey-page.yaml").read_text(encoding="utf-8"))
    return {str(lang): {str(k): str(v) for k, v in words.items()} for lang, words in data.items()}


def page_words(language: str) -> dict[str, str]:
    """Every word of the page in ``language``, English where a word is not translated yet."""
    words = _words()
    return {**words["en"], **words.get(language, {})}
