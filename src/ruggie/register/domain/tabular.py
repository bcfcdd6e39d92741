"""Read an uploaded supplier list (CSV/TSV/TXT or .xlsx) into a plain Table.

The file is whatever a buyer's ERP, a supplier or a colleague produced: the
extension lies, the encoding is unknown, the header sits under title rows. We
decide the format from the bytes, refuse with a plain "what to do" message what
we cannot read, and otherwise return every cell as stripped text together with
the row number the user sees in their spreadsheet, so errors can say "row 7".
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time

import charset_normalizer

from ruggie.core.errors import FileRefused
from ruggie.register.domain.columns import header_score

HeaderScore = Callable[[list[str]], int]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    header_row_number: int
    encoding: str | None
    delimiter: str | None
    sheet: str | None


_SAVE_AS = "Open it in Excel or LibreOffice and save it as .xlsx or CSV, then upload again."
_HEADER_WINDOW = 30  # the header is searched among this many first non-empty rows
_DELIMITERS = (",", ";", "\t", "|")
_MAX_UNZIPPED = 1_000_000_000  # bytes; guards against zip bombs disguised as xlsx
# Single-byte encodings charset-normalizer often proposes for Western text. For
# those we pick cp1252 or latin-1 deterministically (see _decode).
_WESTERN = {
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "mac_roman", "cp850",
    "iso8859_10", "iso8859_9", "cp1254", "iso8859_3", "iso8859_4", "iso8859_13",
    "cp1257", "iso8859_14", "iso8859_16", "mac_latin2", "cp437", "cp858", "ascii",
}  # fmt: skip
_IMAGE = "This is an image, not a spreadsheet. Upload the supplier list as .xlsx or CSV."
_ARCHIVE = "This is a compressed archive. Unzip it and upload the spreadsheet inside."
_MAGIC = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "This looks like an old Excel 97-2003 .xls file (or a password-protected workbook). "
        "Open it in Excel or LibreOffice, remove any password, save it as .xlsx or CSV, "
        "then upload again.",
    ),
    (b"%PDF", "This is a PDF, not a spreadsheet. Export the supplier list as .xlsx or CSV instead."),
    (b"\x89PNG", _IMAGE),
    (b"\xff\xd8\xff", _IMAGE),
    (b"GIF8", _IMAGE),
    (b"\x1f\x8b", _ARCHIVE),
    (b"Rar!", _ARCHIVE),
    (b"7z\xbc\xaf", _ARCHIVE),
)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building big, acyclic structures.

    A 100,000-row file means millions of small strings; each automatic
    collection would rescan all of them, which made imports ~1.5x slower.
    Nothing built here forms reference cycles, so pausing is safe.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_table(
    data: bytes, filename: str, *, max_rows: int = 200_000, score: HeaderScore = header_score
) -> Table:
    """Read ``data`` (the uploaded bytes) into a Table, or raise FileRefused.

    ``score`` rates how much a row looks like a header; the supplier list's by default,
    other imports (audit results) pass their own.
    """
    with paused_gc():
        return _read_table(data, filename, max_rows, score)


def _read_table(data: bytes, filename: str, max_rows: int, score: HeaderScore) -> Table:
    if not data.strip(b" \t\r\n\x00") or data in (codecs.BOM_UTF8, codecs.BOM_UTF16):
        raise FileRefused("The file is empty. Check you picked the right file and upload again.")
    for magic, message in _MAGIC:
        if data.startswith(magic):
            raise FileRefused(message)
    if data.startswith(b"PK"):
        return _read_xlsx(data, max_rows, score)
    text, encoding = _decode(data)
    head = text[:200].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml", "<table")):
        raise FileRefused("This is a web page or XML file saved with a spreadsheet name. " + _SAVE_AS)
    delimiter = _sniff_delimiter(text, filename)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _build_table(reader, max_rows, score, encoding=encoding, delimiter=delimiter)
    except csv.Error:
        raise FileRefused(
            "A cell in this file is far too long to be a supplier detail. "
            "Check the file is a plain supplier list, or save it as .xlsx."
        ) from None


def _decode(data: bytes) -> tuple[str, str]:
    """Decode text bytes; prefer UTF-8 whenever the bytes are valid UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace").replace("\x00", ""), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", errors="replace").replace("\x00", ""), "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").replace("\x00", ""), "utf-16"
    sample = data[:65536]
    # UTF-16 without BOM: Latin text then has a NUL in every other byte.
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 > sample[0::2].count(0):
        return data.decode("utf-16-le", errors="replace").replace("\x00", ""), "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 > sample[1::2].count(0):
        return data.decode("utf-16-be", errors="replace").replace("\x00", ""), "utf-16-be"
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32 or byte == 127)
    if controls > len(sample) // 20:
        raise FileRefused(
            "This file does not look like a spreadsheet or a CSV file. "
            "Upload the supplier list as .xlsx or CSV."
        )
    try:
        return data.decode("utf-8").replace("\x00", ""), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_western(sample):
        encoding = "cp1252"
    else:
        best = charset_normalizer.from_bytes(sample).best()
        encoding = best.encoding if best is not None else "cp1252"
    if encoding in _WESTERN:
        # cp1252 only differs from latin-1 in 0x80-0x9F (€, curly quotes...):
        # report cp1252 when those bytes appear, latin-1 otherwise.
        has_c1 = any(0x80 <= byte <= 0x9F for byte in data)
        encoding = "cp1252" if has_c1 else "latin-1"
    try:
        return data.decode(encoding).replace("\x00", ""), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1").replace("\x00", ""), "latin-1"


def _looks_western(sample: bytes) -> bool:
    """Single-byte Western text: accented letters stand alone between ASCII ones.

    charset-normalizer guesses poorly on short files (it reads "Hélène" as Big5),
    so we check first. In CJK or Cyrillic encodings non-ASCII bytes come in runs;
    in French, German or Spanish text they are mostly isolated ("Über", "Hélène").
    """
    high = [i for i, byte in enumerate(sample) if byte >= 0x80]
    if not high:
        return True
    positions = set(high)
    runs = sum(1 for i in high if i - 1 in positions or i + 1 in positions)
    return runs <= len(high) * 0.3


def _sniff_delimiter(text: str, filename: str) -> str:
    """Pick the delimiter that splits the first records most consistently.

    csv.Sniffer guesses badly on short or messy files, so for each candidate we
    parse the first 50 records (the csv module respects quotes) and count how
    many share the most common field count; more such rows wins, then more fields.
    """
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    if filename.lower().endswith((".tsv", ".tab")) and "\t" in sample:
        return "\t"
    best, best_key = ",", (0, 0)
    for delimiter in _DELIMITERS:
        if delimiter not in sample:
            continue
        counts: Counter[int] = Counter()
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            for number, record in enumerate(reader):
                if number >= 50:
                    break
                if any(cell.strip() for cell in record):
                    counts[len(record)] += 1
        except csv.Error:
            continue
        multi = [(rows, fields) for fields, rows in counts.items() if fields > 1]
        if multi and max(multi) > best_key:
            best, best_key = delimiter, max(multi)
    return best


def _read_xlsx(data: bytes, max_rows: int, score: HeaderScore) -> Table:
    """Read the first sheet with a recognisable header from an .xlsx workbook."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(
            "This file looks like an Excel file but it is damaged or incomplete. "
            "Open it in Excel, save it again as .xlsx, then upload again."
        ) from None
    if "xl/workbook.bin" in names:
        raise FileRefused("This is a binary Excel .xlsb file. " + _SAVE_AS)
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise FileRefused("This is an OpenDocument (.ods) spreadsheet. " + _SAVE_AS)
        raise FileRefused(
            "This is a zip archive or a Word/PowerPoint file, not a spreadsheet. "
            "Upload the supplier list itself as .xlsx or CSV."
        )
    if unzipped > _MAX_UNZIPPED:
        raise FileRefused("This workbook is too large once unpacked. Save it as CSV and upload that.")
    import openpyxl  # imported here: slow to import and only needed for workbooks

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
            chosen, best = None, -1
            for sheet in sheets:
                sheet.reset_dimensions()  # do not trust the stored size
                preview = [_row_text(r) for r in sheet.iter_rows(max_row=60, values_only=True)]
                rating = max((score(r) for r in preview if any(r)), default=-1)
                if rating >= 4:  # two exact header names: this is the data sheet
                    chosen = sheet
                    break
                if rating > best:
                    chosen, best = sheet, rating
            if chosen is None:
                raise FileRefused("This workbook has no sheets. Check you picked the right file.")
            records = (_row_text(row) for row in chosen.iter_rows(values_only=True))
            return _build_table(records, max_rows, score, sheet=chosen.title)
        finally:
            workbook.close()
    except FileRefused:
        raise
    except Exception:  # openpyxl raises many unrelated types on damaged files
        raise FileRefused(
            "This Excel file is damaged or uses features we cannot read. "
            "Open it in Excel, save it again as .xlsx, then upload again."
        ) from None


def _row_text(values: Iterable[object]) -> list[str]:
    return [_cell_text(value) for value in values]


def _cell_text(value: object) -> str:
    """One xlsx cell value as the text a user would read in the cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))  # Excel stores 12 as 12.0
        return f"{value:.15g}"  # hides binary noise such as 0.30000000000000004
    return str(value).strip()


def _build_table(
    records: Iterator[list[str]],
    max_rows: int,
    score: HeaderScore,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Table:
    """Keep non-empty rows with their true row numbers, find the header, pad."""
    kept: list[list[str]] = []
    numbers: list[int] = []
    limit = max_rows + _HEADER_WINDOW  # enough to know the data rows exceed max_rows
    for number, record in enumerate(records, start=1):
        cells = [cell.strip() for cell in record] if delimiter else record
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            kept.append(cells)
            numbers.append(number)
            if len(kept) > limit:
                break
    if not kept:
        raise FileRefused("The file has no rows with content. Check you picked the right file.")
    at = _pick_header(kept[:_HEADER_WINDOW], score)
    header, rows, row_numbers = kept[at], kept[at + 1 :], numbers[at + 1 :]
    if len(rows) > max_rows:
        raise FileRefused(
            f"This file has more than {max_rows:,} supplier rows, the most we import at once. "
            "Split it into smaller files and upload them one by one."
        )
    width = max(len(header), max((len(row) for row in rows), default=0))
    header = header + [""] * (width - len(header))
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return Table(header, rows, row_numbers, numbers[at], encoding, delimiter, sheet)


def _pick_header(candidates: list[list[str]], score: HeaderScore) -> int:
    """Index of the row that best looks like a header.

    Known header names win; without any, the row with the most text (not number)
    cells, since a title row has one cell and data rows hold numbers.
    """
    scores = [score(row) for row in candidates]
    if max(scores) > 0:
        return scores.index(max(scores))
    texts = [sum(1 for c in row if c and not c.replace(".", "").isdigit()) for row in candidates]
    return texts.index(max(texts))
