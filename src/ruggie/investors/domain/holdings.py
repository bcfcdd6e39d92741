"""An investor's holdings file: one row per company held, checked row by row.

Read with the supplier import's forgiving reader and column matcher (header below a title
row, encodings, headers in several languages); each row either becomes a ``HoldingRow`` or
a ``RowError`` naming the row, the column, the value and the fix. Sectors are ISIC codes or
words (the register's classification), countries the way people write them, weights as
"2.5%", "2,5 %" or "0.025".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ruggie.investors.domain.identifiers import clean, isin_ok, lei_ok
from ruggie.register.domain.columns import ColumnMapping, ColumnSet, FieldSpec
from ruggie.register.domain.countries import resolve_country
from ruggie.register.domain.numbers import parse_date, parse_share
from ruggie.register.domain.rows import RowError, clean_cell
from ruggie.register.domain.tabular import Table


def _spec(name: str, label: str, help: str, aliases: str, required: bool = False) -> FieldSpec:
    return FieldSpec(name, label, help, required, tuple(a.strip() for a in aliases.split("|")))


_SPECS = (
    _spec("company_name", "Company", "The company held, as your system names it.",
          "company|company name|issuer|issuer name|name|security name|holding|holding name|entity"
          "|emetteur|nom de l emetteur|societe|emisor|empresa|nombre|emissor|unternehmen|emittent",
          required=True),
    _spec("isin", "ISIN", "12 characters: two letters, nine letters or digits, a check digit.",
          "isin|isin code|security id|code isin|codigo isin|wertpapierkennnummer isin"),
    _spec("lei", "LEI", "20 characters: the Legal Entity Identifier.",
          "lei|lei code|legal entity identifier|code lei|codigo lei"),
    _spec("sector", "Sector", "An ISIC code (e.g. 1410) or words such as 'apparel' or 'mining'.",
          "sector|industry|gics sector|industry group|activity|secteur|sector economico|setor|branche"),
    _spec("country", "Country", "Where the company is domiciled: a name or ISO code.",
          "country|domicile|country of domicile|country of risk|hq country|pays|pais|land"),
    _spec("weight", "Weight", "Share of the portfolio: 2.5%, 0.025 or 2,5 %.",
          "weight|portfolio weight|weight %|% of portfolio|percent of fund|allocation|poids|peso"
          "|ponderacion|gewicht|anteil"),
    _spec("as_of", "As of", "The date the holdings were taken (one date for the file is enough).",
          "as of|as of date|date|holding date|valuation date|position date|date de valorisation|fecha"
          "|data|stichtag"),
)  # fmt: skip

HOLDING_COLUMNS = ColumnSet(_SPECS)


@dataclass(frozen=True)
class HoldingRow:
    row: int
    company_name: str
    isin: str = ""
    lei: str = ""
    sector: str = ""
    country: str = ""
    weight: Decimal | None = None
    as_of: date | None = None


@dataclass
class HoldingRows:
    valid: list[HoldingRow]
    rejected: list[RowError]


def _cell(row: list[str], mapping: ColumnMapping, name: str) -> str:
    index = mapping.columns.get(name)
    return clean_cell(row[index]) if index is not None and index < len(row) else ""


def read_holdings(
    table: Table, mapping: ColumnMapping, *, known_sectors: Callable[[str], str | None] | None = None
) -> HoldingRows:
    valid: list[HoldingRow] = []
    rejected: list[RowError] = []
    seen: dict[str, int] = {}
    for cells, number in zip(table.rows, table.row_numbers, strict=True):
        if not any(c.strip() for c in cells):
            continue
        holding, errors = _check(cells, mapping, number, known_sectors)
        if holding is not None:
            key = holding.isin or holding.lei or f"name:{holding.company_name.casefold()}:{holding.country}"
            if key in seen:
                field = "isin" if holding.isin else "company_name"
                errors.append(RowError(
                    number, field, holding.isin or holding.company_name,
                    f"The same company is already on row {seen[key]}.",
                    "Keep one row per company (add the weights together).",
                ))  # fmt: skip
            else:
                seen[key] = number
                valid.append(holding)
        rejected.extend(errors)
    return HoldingRows(valid=valid, rejected=rejected)


def _check(
    cells: list[str], mapping: ColumnMapping, number: int, known_sectors: Callable[[str], str | None] | None
) -> tuple[HoldingRow | None, list[RowError]]:
    errors: list[RowError] = []

    def bad(field: str, value: str, reason: str, fix: str) -> None:
        errors.append(RowError(row=number, field=field, value=value, reason=reason, fix=fix))

    name = _cell(cells, mapping, "company_name")
    if not name:
        bad("company_name", "", "The company name is empty.", "Write the company's name.")
    elif len(name) > 255:
        bad("company_name", name[:40] + "…", "The name is longer than 255 characters.", "Shorten it.")
    isin = clean(_cell(cells, mapping, "isin"))
    if isin and not isin_ok(isin):
        bad("isin", isin, "This is not a valid ISIN (its check digit does not match).",
            "Copy the ISIN again from the custodian's file, or leave it empty.")  # fmt: skip
    lei = clean(_cell(cells, mapping, "lei"))
    if lei and not lei_ok(lei):
        bad("lei", lei, "This is not a valid LEI (its check digits do not match).",
            "Copy the LEI again (20 characters), or leave it empty.")  # fmt: skip
    sector_text = _cell(cells, mapping, "sector")
    sector = ""
    if sector_text:
        sector = (known_sectors(sector_text) if known_sectors else sector_text) or ""
        if not sector:
            bad("sector", sector_text, "This sector is not recognised.",
                "Write an ISIC code (e.g. 1410) or a word (apparel, mining), or leave it empty.")  # fmt: skip
    country_text = _cell(cells, mapping, "country")
    country = resolve_country(country_text) or "" if country_text else ""
    if country_text and not country:
        bad("country", country_text, "This country is not recognised.",
            "Write the country's name or its two-letter ISO code.")  # fmt: skip
    weight_text = _cell(cells, mapping, "weight")
    weight = None
    try:
        weight = parse_share(weight_text) if weight_text else None
    except ValueError as exc:
        bad("weight", weight_text, str(exc), "Write the weight like 2.5% or 0.025.")
    as_of_text = _cell(cells, mapping, "as_of")
    as_of = None
    try:
        as_of = parse_date(as_of_text) if as_of_text else None
    except ValueError as exc:
        bad("as_of", as_of_text, str(exc), "Write the date like 2026-09-30.")
    if errors:
        return None, errors
    return HoldingRow(number, name, isin, lei, sector, country, weight, as_of), errors
