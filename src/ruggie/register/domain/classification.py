"""Reference classifications for the supplier register: ISIC Rev.4 sectors and commodities.

Both lists are versioned data files in ``ruggie.data`` (see its SOURCE.md), not
database tables, so that every instance resolves the same text to the same code
and an upgrade of the data is a reviewed change to a file.

Resolution is deliberately strict: codes in their usual written forms, exact
titles or names, and listed aliases, folded for case, accents, punctuation and
(for commodities) plurals. There is no fuzzy matching: a wrong sector or
commodity silently changes a site's inherent risk, so an unknown value must come
back as ``None`` and be shown to the person importing the file.

Pure Python on purpose: the import-linter contract keeps Django out of
``ruggie.register.domain``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from os import PathLike
from pathlib import Path
from typing import Any

import yaml

_DATA_PACKAGE = "ruggie.data"
_ISIC_FILE = "isic_rev4.csv"
_COMMODITIES_FILE = "commodities.yaml"

SECTOR_LEVELS = ("section", "division", "group", "class")


@dataclass(frozen=True)
class Sector:
    """One node of ISIC Rev.4: a section (letter), division, group or class."""

    code: str
    level: str
    parent: str
    title: str


@dataclass(frozen=True)
class Commodity:
    """A controlled commodity; tuples keep it hashable so resolver indexes can be cached."""

    code: str
    name: str
    hs: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    ilab_goods: tuple[str, ...] = ()
    isic: str = ""


# --------------------------------------------------------------------------- text folding


def _fold(text: str) -> str:
    """Lower-case, strip accents and reduce punctuation to single spaces.

    Spreadsheet cells arrive as "Café ", "CAFE" or "café." — all must meet the
    same key. NFKD splits accented letters so the combining marks can be dropped.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    no_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", no_marks.casefold()).split())


def _singular_word(word: str) -> str:
    # English plural rules that matter for commodity names; applied to index keys
    # and queries alike, so an imperfect rule still matches consistently.
    if len(word) <= 3 or word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"  # strawberries -> strawberry
    if word.endswith(("oes", "ches", "shes", "xes")):
        return word[:-2]  # tomatoes -> tomato, peaches -> peach
    if word.endswith("s"):
        return word[:-1]
    return word


def _singular(folded: str) -> str:
    return " ".join(_singular_word(w) for w in folded.split())


# --------------------------------------------------------------------------- sectors


@cache
def sectors() -> dict[str, Sector]:
    """All ISIC Rev.4 nodes keyed by code ('C', '14', '141', '1410'), in file order."""
    text = files(_DATA_PACKAGE).joinpath(_ISIC_FILE).read_text(encoding="utf-8")
    result: dict[str, Sector] = {}
    for row in csv.DictReader(text.splitlines()):
        sector = Sector(
            code=row["code"], level=row["level"], parent=row["parent"], title=row["title"]
        )
        result[sector.code] = sector
    return result


@cache
def _sector_titles() -> dict[str, str]:
    # A group with a single class shares its title with that class (and division 35
    # with section D). The later, deeper row wins because the file lists parents
    # before children: the class is what a company is actually classified under.
    return {_fold(s.title): s.code for s in sectors().values()}


_ISIC_PREFIX = re.compile(r"^\s*isic\s*(?:rev(?:ision)?\.?\s*)?(?:4\b)?[\s:.\-]*", re.IGNORECASE)
_SECTOR_CODE = re.compile(r"^([A-Ua-u])?\s*[\s:.\-]?\s*(\d[\d.\s]*)?$")
# Our own export format, sector_label(): "1410 — Manufacture of ...".
_LABEL = re.compile(r"^\s*([A-Ua-u]?\s*\d[\d.]*|[A-Ua-u])\s+[\u2014\u2013-]\s+\S")


def resolve_sector(text: str) -> str | None:
    """Normalise an ISIC Rev.4 reference to its code, or None if it is not one.

    Accepts '1410', '14.10', 'ISIC 1410', 'ISIC Rev.4 14.10', 'C1410', 'C 14.10',
    '14' (division), '141' or '14.1' (group), 'C' (section), and exact titles
    ('Manufacture of wearing apparel, except fur apparel'), ignoring case and accents.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    table = sectors()
    candidate = _ISIC_PREFIX.sub("", text.strip(), count=1)
    label = _LABEL.match(candidate)
    if label:
        # An exported label comes back on re-import: trust its code part.
        candidate = label.group(1)
    match = _SECTOR_CODE.match(candidate.strip())
    if match and (match.group(1) or match.group(2)):
        section = (match.group(1) or "").upper()
        digits = re.sub(r"[.\s]", "", match.group(2) or "")
        code = _sector_from_digits(digits) if digits else section
        if code is None or code not in table:
            return None
        # 'C1410' names the section as well: reject a contradiction such as 'A1410'
        # rather than guess which half the user meant.
        if section and digits and _section_of(code) != section:
            return None
        return code
    return _sector_titles().get(_fold(text))


def _sector_from_digits(digits: str) -> str | None:
    table = sectors()
    if digits in table:
        return digits
    # Spreadsheets store codes as numbers and drop the leading zero of divisions
    # 01-09 ('111' for 0111, '1' for 01). Pad only when the unpadded code is not
    # itself valid, so a real group such as '141' is never reinterpreted.
    if len(digits) in (1, 3):
        padded = "0" + digits
        if padded in table:
            return padded
    return None


def _section_of(code: str) -> str:
    table = sectors()
    node = table[code]
    while node.level != "section":
        node = table[node.parent]
    return node.code


def section_of(code: str) -> str:
    """The ISIC section letter of a code ("1410" -> "C"); "" for a code not in ISIC Rev.4."""
    return _section_of(code) if code in sectors() else ""


def sector_label(code: str) -> str:
    """'1410 — Manufacture of wearing apparel, except fur apparel'.

    Display-only, so an unknown code (say, stored under an older edition) is
    returned as given rather than breaking a report.
    """
    sector = sectors().get(code)
    return f"{sector.code} — {sector.title}" if sector else code


# --------------------------------------------------------------------------- commodities

_SLUG = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")
_HS = re.compile(r"^\d{2}(?:\d{2}){0,2}$")
_ALLOWED_FIELDS = {"code", "name", "hs", "aliases", "ilab_goods", "isic"}


def _entry_label(index: int, raw: Any) -> str:
    code = raw.get("code") if isinstance(raw, Mapping) else None
    return f"commodity #{index + 1}" + (f" ({code!r})" if code else "")


def _string_list(raw: Mapping[str, Any], field: str, where: str) -> tuple[str, ...]:
    value = raw.get(field, [])
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError(f"{where}: field '{field}' must be a list, got {type(value).__name__}")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            # YAML turns unquoted 0701 into the integer 449 (octal): demand strings
            # so a leading zero can never be lost silently.
            raise ValueError(
                f"{where}: field '{field}' must contain non-empty quoted strings, got {item!r}"
            )
        out.append(item.strip())
    return tuple(out)


def _parse_commodities(data: Any, source: str) -> list[Commodity]:
    entries = data.get("commodities") if isinstance(data, Mapping) else data
    if not isinstance(entries, list):
        raise ValueError(f"{source}: expected a list of commodities (or a 'commodities:' key)")
    known_sectors = sectors()
    result: list[Commodity] = []
    seen: set[str] = set()
    for index, raw in enumerate(entries):
        where = f"{source}: {_entry_label(index, raw)}"
        if not isinstance(raw, Mapping):
            raise ValueError(f"{where}: must be a mapping, got {type(raw).__name__}")
        unknown = sorted(set(raw) - _ALLOWED_FIELDS)
        if unknown:
            # Typos such as 'alias' would otherwise be ignored and the entry
            # would quietly resolve less than its author expects.
            raise ValueError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")
        code = raw.get("code")
        if not isinstance(code, str) or not _SLUG.match(code):
            raise ValueError(f"{where}: field 'code' must be a lowercase slug, got {code!r}")
        if code in seen:
            raise ValueError(f"{where}: field 'code' duplicates an earlier entry")
        seen.add(code)
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{where}: field 'name' is required")
        hs = _string_list(raw, "hs", where)
        for hs_code in hs:
            if not _HS.match(hs_code):
                raise ValueError(
                    f"{where}: field 'hs' has {hs_code!r}; use 2, 4 or 6 digits, e.g. '1801'"
                )
        isic = raw.get("isic") or ""
        if not isinstance(isic, str) or (isic and isic not in known_sectors):
            raise ValueError(f"{where}: field 'isic' is not an ISIC Rev.4 code: {isic!r}")
        result.append(
            Commodity(
                code=code,
                name=name.strip(),
                hs=hs,
                aliases=_string_list(raw, "aliases", where),
                ilab_goods=_string_list(raw, "ilab_goods", where),
                isic=isic,
            )
        )
    return result


def load_commodities_file(path: str | PathLike[str]) -> list[Commodity]:
    """Read an organisation's own commodity list (same YAML format as the built-in one).

    Raises ValueError naming the entry and field at the first problem.
    """
    file = Path(path)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{file.name}: not valid YAML: {exc}") from exc
    return _parse_commodities(data, file.name)


@cache
def _builtin_commodities() -> tuple[Commodity, ...]:
    text = files(_DATA_PACKAGE).joinpath(_COMMODITIES_FILE).read_text(encoding="utf-8")
    return tuple(_parse_commodities(yaml.safe_load(text), _COMMODITIES_FILE))


def commodities(extra: Iterable[Commodity] = ()) -> dict[str, Commodity]:
    """Built-in commodities plus an organisation's own, keyed by code.

    An extra entry with a built-in code replaces it, so an organisation can add
    its own aliases to a standard commodity without forking the list.
    """
    result = {c.code: c for c in _builtin_commodities()}
    result.update((c.code, c) for c in extra)
    return result


def _commodity_keys(commodity: Commodity) -> Iterable[str]:
    yield commodity.code.replace("_", " ")
    yield commodity.name
    yield from commodity.aliases
    yield from commodity.ilab_goods


@dataclass(frozen=True)
class _CommodityIndex:
    exact: dict[str, str]
    singular: dict[str, str]
    hs: dict[str, str]


@lru_cache(maxsize=64)  # bounded: one entry per distinct organisation list
def _index(extra: tuple[Commodity, ...]) -> _CommodityIndex:
    exact: dict[str, str] = {}
    singular: dict[str, str | None] = {}
    hs: dict[str, str] = {}
    # Built-ins first, then the organisation's entries, so its vocabulary wins on
    # a clash: it knows what its own spreadsheets mean.
    for commodity in commodities(extra).values():
        for key in _commodity_keys(commodity):
            folded = _fold(key)
            if not folded:
                continue
            exact[folded] = commodity.code
            single = _singular(folded)
            # DOL lists both "Pepper" (black pepper) and "Peppers" (capsicum):
            # a singular form shared by two commodities is ambiguous and only the
            # exact spelling resolves it.
            if single in singular and singular[single] != commodity.code:
                singular[single] = None
            else:
                singular[single] = commodity.code
        for hs_code in commodity.hs:
            hs[hs_code] = commodity.code
    return _CommodityIndex(
        exact=exact,
        singular={k: v for k, v in singular.items() if v is not None},
        hs=hs,
    )


_HS_QUERY = re.compile(r"^(?:hs\s*(?:code)?\s*:?\s*)?(\d[\d.\s]*)$", re.IGNORECASE)


def resolve_commodity(text: str, extra: Iterable[Commodity] = ()) -> str | None:
    """Commodity code for a name, alias, DOL good name, code or HS code; None if unknown.

    Case-, accent- and plural-insensitive: 'Tomatoes', 'tomate', 'Cacao', 'cocoa
    beans', 'HS 1801.00' all resolve. An HS code resolves by its longest listed
    prefix, so a national 8- or 10-digit tariff line finds its heading.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    index = _index(tuple(extra))
    hs_match = _HS_QUERY.match(text.strip())
    if hs_match:
        digits = re.sub(r"[.\s]", "", hs_match.group(1))
        for length in (6, 4, 2):
            if len(digits) >= length and digits[:length] in index.hs:
                return index.hs[digits[:length]]
        return None
    folded = _fold(text)
    if folded in index.exact:
        return index.exact[folded]
    single = _singular(folded)
    if single in index.singular:
        return index.singular[single]
    # "Cobalt (DRC)" or "Tin ore (cassiterite)": try again without the qualifier.
    bare = _fold(re.sub(r"\([^)]*\)", " ", text))
    if bare and bare != folded:
        return index.exact.get(bare) or index.singular.get(_singular(bare))
    return None
