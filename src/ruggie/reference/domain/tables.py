"""Reading a dataset's CSV files into records, with row-exact errors.

Every problem becomes a FileRefused that names the file, the row (as a spreadsheet numbers
it: the header is row 1), the column and what to do, because the person loading a new
edition is an analyst with a spreadsheet, not a developer with a traceback.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ruggie.core.errors import FileRefused
from ruggie.reference.domain.manifest import MANIFEST, Dataset, Indicator
from ruggie.reference.domain.records import CountryIndicator, GoodFlag, SkippedRow
from ruggie.register.domain.countries import country_name, resolve_country, suggest_countries

# The fields ruggie reads per kind; a manifest's `columns:` maps a field to the file's own
# header when the two differ (WGI's "countryname", DOL's "child_labor").
GOODS_FIELDS = ("good", "country", "child_labour", "forced_labour", "forced_child_labour")
GOODS_OPTIONAL = ("sector", "derived", "input_country")
LONG_FIELDS = ("country", "indicator", "value")
LONG_OPTIONAL = ("year", "percentile_rank", "url")
WIDE_FIELDS = ("country",)
WIDE_OPTIONAL = ("year", "url")

_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


def refuse(file: str, row: int, field: str, problem: str, fix: str) -> FileRefused:
    return FileRefused(f"{file}, row {row}, {field}: {problem}. {fix}")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Row:
    number: int
    cells: Mapping[str, str]  # ruggie field -> cell, stripped
    headers: Mapping[str, str]  # ruggie field -> the file's header, for messages


class Table:
    """One CSV file of a dataset, its columns mapped to ruggie's field names."""

    def __init__(self, dataset: Dataset, file: str, required: tuple[str, ...], optional: tuple[str, ...]):
        self.dataset = dataset
        self.file = file
        path = dataset.path / file
        if not path.is_file():
            raise FileRefused(
                f"{MANIFEST} lists '{file}', but the folder has no such file. Add it or fix files:."
            )
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise FileRefused(f"{file}: not UTF-8 text. Save it as 'CSV UTF-8' and load it again.") from None
        self._reader = csv.DictReader(io.StringIO(text))
        present = {_fold(h): h for h in self._reader.fieldnames or [] if h}
        known = set(required) | set(optional)
        for field_name in dataset.columns:
            if field_name not in known:
                raise FileRefused(
                    f"{MANIFEST}: columns: '{field_name}' is not a field ruggie reads for a "
                    f"{dataset.kind} file. Map only: {', '.join(sorted(known))}."
                )
        self.headers: dict[str, str] = {}
        for field_name in (*required, *optional):
            header = dataset.columns.get(field_name, field_name)
            if _fold(header) in present:
                self.headers[field_name] = present[_fold(header)]
            elif field_name in required or field_name in dataset.columns:
                raise FileRefused(
                    f"{file}: no column '{header}' ({field_name}). The first row must name the columns; "
                    f"add the column, or map {field_name} to the file's own header "
                    f"under columns: in {MANIFEST}."
                )

    def add_column(self, field_name: str, header: str) -> None:
        """A wide file's indicator column, named by the indicator's `column:`."""
        present = {_fold(h): h for h in self._reader.fieldnames or [] if h}
        if _fold(header) not in present:
            raise FileRefused(
                f"{self.file}: no column '{header}' (indicator {field_name}). Add it, or fix the "
                f"indicator's column: in {MANIFEST}."
            )
        self.headers[field_name] = present[_fold(header)]

    def rows(self) -> Iterator[Row]:
        for number, raw in enumerate(self._reader, start=2):
            cells = {f: (raw.get(h) or "").strip() for f, h in self.headers.items()}
            if any(cells.values()):
                yield Row(number, cells, self.headers)


class Countries:
    """Publisher's country names -> ISO2, with the manifest's own names and skips first.

    Publishers write countries their own way ("Korea, Rep.", "Turkey (Türkiye)"); the
    manifest maps the names ruggie's resolver does not know and says why the others have no
    country (a dissolved territory). Anything else unknown refuses the file: a row that
    quietly vanished would make a country look risk-free.
    """

    def __init__(self, dataset: Dataset):
        self._names = {_fold(k): v for k, v in dataset.country_names.items()}
        self._skips = {_fold(k): v for k, v in dataset.skip_countries.items()}

    def resolve(self, cell: str, file: str, row: int, header: str) -> str | None:
        """ISO2 for the cell, None when the manifest skips it; a FileRefused when unknown."""
        key = _fold(cell)
        if not key:
            raise refuse(file, row, header, "the country is empty", "Write the country's name or ISO code")
        if key in self._names:
            return self._names[key]
        if key in self._skips:
            return None
        code = resolve_country(cell)
        if code:
            return code
        hints = [f"{c} ({country_name(c)})" for c in suggest_countries(cell)]
        hint = f" Did you mean {' or '.join(hints)}?" if hints else ""
        raise refuse(
            file,
            row,
            header,
            f"'{cell}' is not a country ruggie knows",
            f"Write an ISO code or an English name, or add it to {MANIFEST} under country_names "
            f"(name: ISO code) or skip_countries (name: why it has no country).{hint}",
        )

    def skip_reason(self, cell: str) -> str:
        return self._skips.get(_fold(cell), "")


def number(cell: str, file: str, row: int, header: str) -> float:
    try:
        value = float(cell)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise refuse(
            file,
            row,
            header,
            f"'{cell}' is not a number",
            "Write it with a dot for decimals and no thousands separator (-0.38), "
            "or leave the cell empty when there is no value",
        )
    return value


def _flag(row: Row, field_name: str, file: str) -> bool:
    cell = row.cells.get(field_name, "").casefold()
    if cell in _YES:
        return True
    if cell in _NO:
        return False
    raise refuse(file, row.number, row.headers[field_name], f"'{cell}' is not Yes or No", "Write Yes or No")


def read_goods(
    dataset: Dataset, file: str, commodity_of: Mapping[str, str]
) -> tuple[list[GoodFlag], list[SkippedRow]]:
    """Good x country rows; ``commodity_of`` maps a folded good name to a ruggie commodity."""
    table = Table(dataset, file, GOODS_FIELDS, GOODS_OPTIONAL)
    countries = Countries(dataset)
    goods: list[GoodFlag] = []
    skipped: list[SkippedRow] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows():
        good = " ".join(row.cells["good"].split())
        if not good:
            raise refuse(file, row.number, row.headers["good"], "the good is empty", "Name the good")
        cell = row.cells["country"]
        country = countries.resolve(cell, file, row.number, row.headers["country"])
        if country is None:
            skipped.append(SkippedRow(file, row.number, cell, countries.skip_reason(cell)))
            continue
        key = (good.casefold(), country)
        if key in seen:
            raise refuse(
                file,
                row.number,
                row.headers["good"],
                f"'{good}' in {country} is listed twice (also row {seen[key]})",
                "Keep one row per good and country, with every flag that applies",
            )
        seen[key] = row.number
        derived = _flag(row, "derived", file) if "derived" in row.cells else False
        input_cell = row.cells.get("input_country", "")
        input_country = ""
        if derived and input_cell.casefold() not in _NO:
            input_country = (
                countries.resolve(input_cell, file, row.number, row.headers["input_country"]) or ""
            )
        flag = GoodFlag(
            good=good,
            country=country,
            child_labour=_flag(row, "child_labour", file),
            forced_labour=_flag(row, "forced_labour", file),
            forced_child_labour=_flag(row, "forced_child_labour", file),
            commodity=commodity_of.get(good.casefold(), ""),
            sector=row.cells.get("sector", ""),
            derived=derived,
            input_country=input_country,
        )
        if not flag.flags:
            raise refuse(
                file,
                row.number,
                row.headers["child_labour"],
                f"no flag is Yes for '{good}' in {country}",
                "A listed good is there for child labour, forced labour or both: "
                "mark one Yes, or remove the row",
            )
        goods.append(flag)
    return goods, skipped


@dataclass
class _Seen:
    row: int
    cell: str
    year: int | None


class _IndicatorReader:
    """Shared by the long layout (an 'indicator' column) and the wide one (a column each)."""

    def __init__(self, dataset: Dataset, file: str):
        self.dataset = dataset
        self.file = file
        self.countries = Countries(dataset)
        self.missing = {_fold(m) for m in dataset.missing_values}
        self.records: list[CountryIndicator] = []
        self.skipped: list[SkippedRow] = []
        self._seen: dict[tuple[str, str], _Seen] = {}

    def year(self, row: Row) -> int | None:
        cell = row.cells.get("year", "")
        if not cell:
            return self.dataset.year
        if not (cell.isdigit() and len(cell) == 4):
            raise refuse(
                self.file, row.number, row.headers["year"], f"'{cell}' is not a year", "Write four digits"
            )
        return int(cell)

    def add(self, row: Row, country: str, spec: Indicator, cell: str, header: str, year: int | None) -> None:
        where = f"{row.cells['country']} ({spec.code})"
        if self.dataset.year is not None and year is not None and year != self.dataset.year:
            reason = f"{spec.code}: data year {year}; {MANIFEST} reads {self.dataset.year}"
            self.skipped.append(SkippedRow(self.file, row.number, row.cells["country"], reason))
            return
        if not cell or _fold(cell) in self.missing:
            reason = f"{spec.code}: no value ('{cell}')" if cell else f"{spec.code}: no value"
            self.skipped.append(SkippedRow(self.file, row.number, row.cells["country"], reason))
            return
        label = ""
        if spec.scale == "ordinal":
            level = spec.level(cell)
            if level is None:
                levels = "; ".join(lv.label for lv in spec.levels)
                raise refuse(
                    self.file,
                    row.number,
                    header,
                    f"'{cell}' is not a level of {spec.code}",
                    f"Write one of: {levels} (or add the level to {MANIFEST}, "
                    f"or to missing_values if it means there is no value)",
                )
            value, label = level.value, " ".join(cell.split())
        else:
            value = number(cell, self.file, row.number, header)
        rank = None
        if row.cells.get("percentile_rank"):
            rank = number(row.cells["percentile_rank"], self.file, row.number, row.headers["percentile_rank"])
            if not 0 <= rank <= 100:
                raise refuse(
                    self.file,
                    row.number,
                    row.headers["percentile_rank"],
                    f"{rank} is not a percentile rank",
                    "Write a number from 0 to 100",
                )
        self._check_once(row, country, spec.code, year, where)
        self.records.append(
            CountryIndicator(
                country=country,
                indicator=spec.code,
                value=value,
                percentile_rank=rank,
                year=year,
                label=label,
                url=row.cells.get("url", ""),
            )
        )

    def _check_once(self, row: Row, country: str, indicator: str, year: int | None, where: str) -> None:
        first = self._seen.get((country, indicator))
        if first is None:
            self._seen[(country, indicator)] = _Seen(row.number, row.cells["country"], year)
            return
        header = row.headers["country"]
        if first.year != year:
            raise refuse(
                self.file,
                row.number,
                header,
                f"{where} has values for {first.year} (row {first.row}) and {year}",
                f"Keep one year per country, or name the year to read in {MANIFEST} "
                f"(year: {max(first.year or 0, year or 0)})",
            )
        raise refuse(
            self.file,
            row.number,
            header,
            f"{where} is given twice: '{first.cell}' in row {first.row} is also {country}",
            "Keep one row per country and indicator",
        )


def read_indicators(dataset: Dataset, file: str) -> tuple[list[CountryIndicator], list[SkippedRow]]:
    """Country indicator values, from a long file (one 'indicator' column) or a wide one."""
    wide = bool(dataset.indicators[0].column)
    if wide:
        table = Table(dataset, file, WIDE_FIELDS, WIDE_OPTIONAL)
        for spec in dataset.indicators:
            table.add_column(spec.code, spec.column)
    else:
        table = Table(dataset, file, LONG_FIELDS, LONG_OPTIONAL)
    reader = _IndicatorReader(dataset, file)
    by_code = {_fold(i.code): i for i in dataset.indicators}
    for row in table.rows():
        cell = row.cells["country"]
        country = reader.countries.resolve(cell, file, row.number, row.headers["country"])
        if country is None:
            reader.skipped.append(SkippedRow(file, row.number, cell, reader.countries.skip_reason(cell)))
            continue
        year = reader.year(row)
        if wide:
            for spec in dataset.indicators:
                reader.add(row, country, spec, row.cells[spec.code], row.headers[spec.code], year)
            continue
        named = by_code.get(_fold(row.cells["indicator"]))
        if named is None:
            raise refuse(
                file,
                row.number,
                row.headers["indicator"],
                f"'{row.cells['indicator']}' is not an indicator of this dataset",
                f"Write one of: {', '.join(i.code for i in dataset.indicators)}, "
                f"or declare it under indicators: in {MANIFEST}",
            )
        reader.add(row, country, named, row.cells["value"], row.headers["value"], year)
    return reader.records, reader.skipped
