"""A holding's sector, from an ISIC code or the words investors' files use (GICS names)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib.resources import files

import yaml

from ruggie.register.domain.classification import resolve_sector


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch)).replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


@cache
def _words() -> dict[str, str]:
    data = yaml.safe_load(files("ruggie.data").joinpath("sector_words.yaml").read_text(encoding="utf-8"))
    return {_key(str(k)): str(v) for k, v in data["sectors"].items()}


def resolve_holding_sector(text: str) -> str | None:
    """An ISIC code (section letter, or division with its letter stripped), or None."""
    code = resolve_sector(text)
    if code:
        return code
    key = _key(text)
    found = _words().get(key)
    if found is None:
        # "Apparel Retail", "Gold Mining Companies": the longest known name inside the text.
        padded = f" {key} "
        inside = [name for name in _words() if f" {name} " in padded]
        if not inside:
            return None
        found = _words()[max(inside, key=len)]
    return found[1:] if len(found) > 1 else found  # "C14" -> division "14"; "G" stays a section
