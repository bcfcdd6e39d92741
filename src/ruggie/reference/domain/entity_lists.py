"""Restricted-entity lists (the UFLPA Entity List first): one record per listed entity.

A list is a CSV with at least ``name``; ``aliases`` (``;``-separated), ``list_section``,
``effective_date`` (ISO), ``location`` (free text ending in the country, "Xinjiang,
China"), ``source_url``, ``notes`` and ``verified`` (yes/no) are read when present. The
same format serves every list an organisation loads (the design takes more lists than
UFLPA), so screening never depends on one list's quirks.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruggie.core.errors import FileRefused
from ruggie.register.domain.countries import resolve_country

# "(formerly known as)", "(also known as)": how the notices mark an alias's kind.
_ALIAS_NOTE = re.compile(r"\s*\((?:(?:formerly|also)\s+known\s+as|f/k/a|a/k/a)\)?\s*$", re.I)


@dataclass(frozen=True)
class ListedEntity:
    """One entry of a restricted-entity list, as the list publishes it."""

    list_code: str  # "uflpa"
    entry_id: str  # stable within the list: the row's normalised name
    name: str
    aliases: tuple[str, ...]
    country: str  # ISO 3166-1 alpha-2, "" when the list does not say
    location: str
    section: str
    listed_on: date | None
    source_url: str
    notes: str
    verified: bool  # False: the compiler could not read it in an official notice

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _country(location: str) -> str:
    """The country a free-text location ends in ("Urumqi, Xinjiang, China" -> "CN")."""
    parts = [p.strip() for p in location.split(",") if p.strip()]
    for part in reversed(parts):
        code = resolve_country(part)
        if code:
            return code
    return ""


def _aliases(cell: str) -> tuple[str, ...]:
    out = []
    for raw in cell.split(";"):
        alias = _ALIAS_NOTE.sub("", raw).strip()
        if alias and alias not in out:
            out.append(alias)
    return tuple(out)


def _date(cell: str, row: int) -> date | None:
    cell = cell.strip()
    if not cell:
        return None
    try:
        return date.fromisoformat(cell)
    except ValueError:
        raise FileRefused(
            f"Row {row}, effective_date: '{cell}' is not a date. Write it as YYYY-MM-DD."
        ) from None


def entry_id(name: str) -> str:
    """A listed entity's id within its list: its name, case- and space-folded."""
    return " ".join(name.casefold().split())


def parse_entity_list(text: str, *, list_code: str) -> list[ListedEntity]:
    """Every entry of a list in the CSV format above; a clear FileRefused on bad input."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().casefold() for h in reader.fieldnames or []]
    if "name" not in header:
        raise FileRefused("The entity list has no 'name' column. Its first row must name the columns.")
    entries: list[ListedEntity] = []
    seen: set[str] = set()
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip().casefold(): (v or "").strip() for k, v in raw.items()}
        name = row.get("name", "")
        if not name:
            continue
        eid = entry_id(name)
        if eid in seen:
            raise FileRefused(f"Row {n}, name: '{name}' is listed twice. Keep one row per entity.")
        seen.add(eid)
        location = row.get("location", "")
        entries.append(
            ListedEntity(
                list_code=list_code,
                entry_id=eid,
                name=name,
                aliases=_aliases(row.get("aliases", "")),
                country=resolve_country(row.get("country", "")) or _country(location),
                location=location,
                section=row.get("list_section", ""),
                listed_on=_date(row.get("effective_date", ""), n),
                source_url=row.get("source_url", ""),
                notes=row.get("notes", ""),
                verified=row.get("verified", "yes").casefold() not in ("no", "n", "false", "0"),
            )
        )
    return entries


def read_entity_list(path: Path, *, list_code: str) -> list[ListedEntity]:
    return parse_entity_list(path.read_text(encoding="utf-8-sig"), list_code=list_code)


def packaged_uflpa() -> list[ListedEntity]:
    """The UFLPA Entity List as shipped in ruggie/data/reference/uflpa (see its SOURCE.md)."""
    path = Path(__file__).resolve().parents[2] / "data" / "reference" / "uflpa" / "uflpa_entity_list.csv"
    return read_entity_list(path, list_code="uflpa")
