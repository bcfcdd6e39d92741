"""A reference dataset's manifest: ``dataset.yaml`` beside the data files it describes.

The manifest says what the data is (publisher, edition, licence, the attribution ruggie must
show), how to read its files (which column is which, how the publisher writes country
names) and, for country indicators, how a value turns into a risk (direction and range, or
ordered levels). Everything a person may need to check or change lives in this file, not in
Python: a new edition or an organisation's own licensed copy of an index is a new folder,
never a code change. The format is described in docs/reference-data.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ruggie.core.errors import FileRefused

MANIFEST = "dataset.yaml"
KINDS = ("goods", "country_indicator", "entity_list")
DIRECTIONS = ("higher_is_better", "higher_is_worse")
SCALES = ("interval", "ordinal")

_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED = (
    "code",
    "title",
    "publisher",
    "edition",
    "edition_date",
    "licence",
    "attribution",
    "source_url",
    "kind",
    "files",
)
_OPTIONAL = (
    "licence_note",
    "retrieved",
    "description",
    "indicators",
    "columns",
    "country_names",
    "skip_countries",
    "missing_values",
    "year",
)
_INDICATOR_FIELDS = ("code", "name", "direction", "scale", "range", "levels", "column", "unit", "description")


@dataclass(frozen=True)
class Level:
    """One step of an ordinal indicator ("Minimal Advancement" = 1, ITUC "5+" = 6)."""

    label: str
    value: float


@dataclass(frozen=True)
class Indicator:
    """How one indicator of a country_indicator dataset reads and becomes a 0-1 risk.

    ``low``/``high`` bound the scale: for an interval indicator they are the manifest's
    ``range`` (values beyond it are clipped, WGI estimates sometimes pass -2.5); for an
    ordinal one they are the lowest and highest level values.
    """

    code: str
    name: str
    direction: str  # higher_is_better | higher_is_worse
    scale: str  # interval | ordinal
    low: float
    high: float
    levels: tuple[Level, ...] = ()
    column: str = ""  # wide files: the column holding this indicator's values
    unit: str = ""
    description: str = ""

    def level(self, cell: str) -> Level | None:
        """The level a cell names: its label, or its label then a dash and a qualifier.

        DOL writes "Minimal Advancement – Efforts Made but Continued Practice that Delayed
        Advancement": the qualifier explains why a country was held at that level, so it
        is kept as the record's label, but the level (and so the risk) is "Minimal".
        """
        folded = " ".join(cell.split()).casefold()
        for level in self.levels:
            label = level.label.casefold()
            if folded == label or re.match(re.escape(label) + r"\s*[-–—]\s*\S", folded):
                return level
        return None


@dataclass(frozen=True)
class Dataset:
    """The manifest of one edition of one reference dataset."""

    code: str  # "wgi": stable across editions, the prefix of indicator keys ("wgi.rl")
    title: str
    publisher: str
    edition: str  # as the publisher names it: "2022", "2024 update"
    edition_date: date  # when the publisher released this edition
    licence: str  # SPDX identifier where there is one ("CC-BY-4.0"), else e.g. "US-PD"
    attribution: str  # shown in the product wherever the data is used
    source_url: str
    kind: str  # goods | country_indicator | entity_list
    files: tuple[str, ...]
    path: Path  # the folder the manifest was read from
    licence_note: str = ""
    retrieved: date | None = None
    description: str = ""
    indicators: tuple[Indicator, ...] = ()
    columns: Mapping[str, str] = field(default_factory=dict)  # ruggie field -> file header
    country_names: Mapping[str, str] = field(default_factory=dict)  # publisher's name -> ISO2
    skip_countries: Mapping[str, str] = field(default_factory=dict)  # publisher's name -> why
    missing_values: tuple[str, ...] = ()  # cells meaning "no value" besides an empty cell
    year: int | None = None  # the data year to read, or of every row when the file has none

    @property
    def key(self) -> tuple[str, str]:
        """Editions of one dataset live side by side: (code, edition) names one of them."""
        return (self.code, self.edition)

    @property
    def label(self) -> str:
        """One line for lists and explanations: "Worldwide Governance Indicators, 2024 update (CC-BY-4.0)"."""
        return f"{self.title}, {self.edition} ({self.licence})"

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)


def _refuse(problem: str, fix: str) -> FileRefused:
    return FileRefused(f"{MANIFEST}: {problem}. {fix}")


def _text(raw: Mapping[str, Any], name: str, where: str = "") -> str:
    value = raw.get(name)
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        raise _refuse(f"{where}'{name}' is missing or not text", f"Write {name}: followed by its value.")
    text = str(value).strip()
    if not text:
        raise _refuse(f"{where}'{name}' is empty", f"Write {name}: followed by its value.")
    return text


def _date(raw: Mapping[str, Any], name: str) -> date:
    value = raw.get(name)
    if isinstance(value, date):  # YAML reads an unquoted 2024-11-07 as a date already
        return value
    if value is None or not str(value).strip():
        raise _refuse(f"'{name}' is missing", f"Write {name}: followed by the date as YYYY-MM-DD.")
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise _refuse(f"'{name}' is '{value}', not a date", "Write it as YYYY-MM-DD.") from None


def _mapping(raw: Mapping[str, Any], name: str) -> dict[str, str]:
    value = raw.get(name) or {}
    if not isinstance(value, Mapping):
        raise _refuse(f"'{name}' is not a mapping", f"Write one 'key: value' per line under {name}:.")
    return {str(k).strip(): str(v).strip() for k, v in value.items()}


def _strings(raw: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = raw.get(name) or []
    if isinstance(value, str) or not isinstance(value, list):
        raise _refuse(f"'{name}' is not a list", f"Write {name}: [first, second].")
    return tuple(str(v).strip() for v in value)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refuse(f"{where} is '{value}', not a number", "Write a number with a dot for decimals.")
    return float(value)


def _levels(raw: Mapping[str, Any], where: str) -> tuple[Level, ...]:
    value = raw.get("levels")
    if not isinstance(value, list) or not value:
        raise _refuse(
            f"{where}an ordinal indicator needs 'levels'",
            "List each level as {label: ..., value: ...}, e.g. {label: Moderate Advancement, value: 2}.",
        )
    levels = []
    for n, item in enumerate(value, start=1):
        if not isinstance(item, Mapping):
            raise _refuse(f"{where}level {n} is not a mapping", "Write it as {label: ..., value: ...}.")
        levels.append(
            Level(
                _text(item, "label", f"{where}level {n}: "),
                _number(item.get("value"), f"{where}level {n} value"),
            )
        )
    labels = [lv.label.casefold() for lv in levels]
    if len(set(labels)) != len(labels):
        raise _refuse(f"{where}two levels have the same label", "Give each level its own label.")
    return tuple(levels)


def _indicator(raw: Any, n: int) -> Indicator:
    where = f"indicator {n}: "
    if not isinstance(raw, Mapping):
        raise _refuse(f"{where}not a mapping", "Write each indicator as code:, name:, direction:, scale:.")
    unknown = sorted(set(map(str, raw)) - set(_INDICATOR_FIELDS))
    if unknown:
        raise _refuse(f"{where}unknown field '{unknown[0]}'", f"Use only: {', '.join(_INDICATOR_FIELDS)}.")
    code = _text(raw, "code", where)
    if not _SLUG.match(code):
        raise _refuse(f"{where}code '{code}' is not a slug", "Use lower-case letters, digits and _.")
    direction = _text(raw, "direction", where)
    if direction not in DIRECTIONS:
        raise _refuse(f"{where}direction '{direction}' is unknown", f"Write one of: {', '.join(DIRECTIONS)}.")
    scale = _text(raw, "scale", where)
    if scale not in SCALES:
        raise _refuse(f"{where}scale '{scale}' is unknown", f"Write one of: {', '.join(SCALES)}.")
    levels: tuple[Level, ...] = ()
    if scale == "ordinal":
        levels = _levels(raw, where)
        low, high = min(lv.value for lv in levels), max(lv.value for lv in levels)
    else:
        bounds = raw.get("range")
        if not isinstance(bounds, list) or len(bounds) != 2:
            raise _refuse(
                f"{where}an interval indicator needs 'range'", "Write range: [low, high], e.g. [-2.5, 2.5]."
            )
        low, high = _number(bounds[0], f"{where}range low"), _number(bounds[1], f"{where}range high")
    if not low < high:
        raise _refuse(
            f"{where}the range is empty ({low} to {high})", "The low end must be below the high end."
        )
    return Indicator(
        code=code,
        name=_text(raw, "name", where),
        direction=direction,
        scale=scale,
        low=low,
        high=high,
        levels=levels,
        column=str(raw.get("column") or "").strip(),
        unit=str(raw.get("unit") or "").strip(),
        description=str(raw.get("description") or "").strip(),
    )


def _indicators(raw: Mapping[str, Any], kind: str) -> tuple[Indicator, ...]:
    value = raw.get("indicators")
    if kind != "country_indicator":
        if value:
            raise _refuse(f"'indicators' is only read for kind country_indicator, not {kind}", "Remove it.")
        return ()
    if not isinstance(value, list) or not value:
        raise _refuse("a country_indicator dataset needs 'indicators'", "List each indicator the files hold.")
    indicators = tuple(_indicator(item, n) for n, item in enumerate(value, start=1))
    codes = [i.code for i in indicators]
    if len(set(codes)) != len(codes):
        raise _refuse("two indicators have the same code", "Give each indicator its own code.")
    wide = [bool(i.column) for i in indicators]
    if any(wide) and not all(wide):
        raise _refuse(
            "some indicators name a column and others do not",
            "Either every indicator names its column (one column per indicator) or none does "
            "(one 'indicator' column says which indicator each row holds).",
        )
    return indicators


def _year(raw: Mapping[str, Any]) -> int | None:
    value = raw.get("year")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(f"'year' is '{value}', not a year", "Write it as four digits, e.g. year: 2023.")
    return value


def _country_codes(names: dict[str, str]) -> dict[str, str]:
    for name, code in names.items():
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise _refuse(
                f"country_names: '{name}' maps to '{code}'",
                "Map each name to an ISO 3166-1 alpha-2 code in capitals, e.g. 'Korea, Rep.': KR.",
            )
    return names


def parse_manifest(text: str, folder: Path) -> Dataset:
    """The manifest in ``text`` (read from ``folder``); a FileRefused naming the field and fix."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" near line {mark.line + 1}" if mark is not None else ""
        raise _refuse(f"not valid YAML{where}", "Check the indentation and quotes on that line.") from None
    if not isinstance(raw, Mapping):
        raise _refuse("does not hold a mapping", "Start each line with a field name: code:, title:, ...")
    unknown = sorted(set(map(str, raw)) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise _refuse(f"unknown field '{unknown[0]}'", f"Known fields: {', '.join(_REQUIRED + _OPTIONAL)}.")
    code = _text(raw, "code")
    if not _SLUG.match(code):
        raise _refuse(
            f"code '{code}' is not a slug", "Use lower-case letters, digits and _, e.g. code: ituc."
        )
    kind = _text(raw, "kind")
    if kind not in KINDS:
        raise _refuse(f"kind '{kind}' is unknown", f"Write one of: {', '.join(KINDS)}.")
    if kind == "entity_list":
        # An entity list has one fixed format (entity_lists.py); these would be ignored.
        ignored = [
            f for f in ("columns", "country_names", "skip_countries", "missing_values", "year") if f in raw
        ]
        if ignored:
            raise _refuse(f"'{ignored[0]}' is not read for an entity_list", "Remove it.")
    files = _strings(raw, "files")
    if not files:
        raise _refuse("'files' is missing or empty", "List the data files, e.g. files: [ratings.csv].")
    for name in files:
        if Path(name).name != name:
            raise _refuse(f"file '{name}' is not in the dataset's folder", "Name files without a path.")
    return Dataset(
        code=code,
        title=_text(raw, "title"),
        publisher=_text(raw, "publisher"),
        edition=_text(raw, "edition"),
        edition_date=_date(raw, "edition_date"),
        licence=_text(raw, "licence"),
        attribution=_text(raw, "attribution"),
        source_url=_text(raw, "source_url"),
        kind=kind,
        files=files,
        path=folder,
        licence_note=str(raw.get("licence_note") or "").strip(),
        retrieved=_date(raw, "retrieved") if raw.get("retrieved") else None,
        description=str(raw.get("description") or "").strip(),
        indicators=_indicators(raw, kind),
        columns=_mapping(raw, "columns"),
        country_names=_country_codes(_mapping(raw, "country_names")),
        skip_countries=_mapping(raw, "skip_countries"),
        missing_values=_strings(raw, "missing_values"),
        year=_year(raw),
    )


def read_manifest(folder: Path) -> Dataset:
    """The manifest of the dataset in ``folder``; a FileRefused when it is missing or wrong."""
    path = folder / MANIFEST
    if not path.is_file():
        raise FileRefused(
            f"{folder.name}: no {MANIFEST}. A reference dataset is a folder holding {MANIFEST} "
            "(what the data is, its edition and licence) beside its data files; see docs/reference-data.md."
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(f"{MANIFEST}: not UTF-8 text. Save it as UTF-8 and load it again.") from None
    return parse_manifest(text, folder)
