"""The public grievance page's words per language, and the kinds of problem a reporter
picks (data/grievance-page.yaml)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def _data() -> dict[str, Any]:
    text = files("ruggie.data").joinpath("grievance-page.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


def languages() -> list[str]:
    return list(_data()["words"])


def categories() -> dict[str, str]:
    """Word key -> issue code, in the order the page lists them."""
    return {str(k): str(v) for k, v in _data()["categories"].items()}


def page_words(language: str) -> dict[str, str]:
    """Every word in ``language``, English where a word is not translated yet."""
    words = _data()["words"]
    return {
        **{k: str(v) for k, v in words["en"].items()},
        **{k: str(v) for k, v in words.get(language, {}).items()},
    }
