"""Reading uploaded bytes into a Table: formats, encodings, delimiters, headers."""

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruggie.core.errors import FileRefused
from ruggie.register.domain.tabular import read_table


def xlsx(*sheets: tuple[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_simple_csv() -> None:
    table = read_table(b"Supplier,Country\nAcme,FR\n", "list.csv")
    assert table.header == ["Supplier", "Country"]
    assert table.rows == [["Acme", "FR"]]
    assert table.row_numbers == [2]
    assert table.header_row_number == 1
    assert (table.encoding, table.delimiter, table.sheet) == ("utf-8", ",", None)


def test_blank_lines_are_skipped_but_row_numbers_stay_true() -> None:
    table = read_table(b"Supplier,Country\n\nAcme,FR\n,\n\nBeta,DE\n", "x.csv")
    assert table.rows == [["Acme", "FR"], ["Beta", "DE"]]
    assert table.row_numbers == [3, 6]


def test_header_below_title_rows() -> None:
    data = b"Supplier list 2024\nPrepared by: Jo\n\nSupplier name,Country,Employees\nAcme,FR,3\n"
    table = read_table(data, "x.csv")
    assert table.header_row_number == 4
    assert table.header == ["Supplier name", "Country", "Employees"]
    assert table.row_numbers == [5]


def test_header_fallback_without_known_names() -> None:
    table = read_table(b"Title\nFoo,Bar,Baz\n1,2,3\n", "x.csv")
    assert table.header == ["Foo", "Bar", "Baz"]
    assert table.rows == [["1", "2", "3"]]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter: str) -> None:
    lines = ["Supplier;name|x", "Acme, Inc.", "FR"]
    text = f'"{lines[0]}"{delimiter}Country\n"{lines[1]}"{delimiter}FR\nBeta{delimiter}DE\n'
    table = read_table(text.encode(), "x.txt")
    assert table.delimiter == delimiter
    assert table.rows[0] == ["Acme, Inc.", "FR"]


def test_semicolon_with_decimal_commas() -> None:
    table = read_table(b"Supplier;Country;Share\nA;FR;12,5\nB;DE;3,75\n", "x.csv")
    assert table.delimiter == ";"
    assert table.rows == [["A", "FR", "12,5"], ["B", "DE", "3,75"]]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1252", "cp1252")],
)
def test_encodings(encoding: str, expected: str) -> None:
    text = "Supplier;Country;Spend\nSociété Générale Côte d'Ivoire;CI;€ 1.200\n"
    table = read_table(text.encode(encoding), "x.csv")
    assert table.encoding == expected
    assert table.rows[0][0] == "Société Générale Côte d'Ivoire"
    assert table.rows[0][2] == "€ 1.200"


def test_latin1_and_cjk() -> None:
    assert read_table("Supplier,Country\nHélène,FR\n".encode("latin-1"), "x.csv").encoding == "latin-1"
    table = read_table("名称,国家\n上海纺织有限公司,中国\n北京服装厂,中国\n".encode("gb18030"), "x.csv")
    assert table.rows[0] == ["上海纺织有限公司", "中国"]


def test_line_endings_quotes_nul_and_whitespace() -> None:
    data = b'Supplier,Address,Country\r\n"Acme","1 Road\r\nUnit 2",FR\rBeta\x00 ,\xc2\xa0x\xc2\xa0,DE,,,\r\n'
    table = read_table(data, "x.csv")
    assert table.rows == [["Acme", "1 Road\r\nUnit 2", "FR"], ["Beta", "x", "DE"]]
    assert table.row_numbers == [2, 3]


def test_ragged_rows_are_padded() -> None:
    table = read_table(b"Supplier,Country,Tier\nA,FR\nB,DE,1,extra\n", "x.csv")
    assert table.header == ["Supplier", "Country", "Tier", ""]
    assert table.rows == [["A", "FR", "", ""], ["B", "DE", "1", "extra"]]


def test_xlsx_values_become_text() -> None:
    data = xlsx(("Suppliers", [
        ["Supplier", "Country", "Employees", "Start", "Share", "Flag"],
        ["Acme", "FR", 12.0, datetime(2021, 3, 4), 0.45, True],
        ["Beta", "DE", 7, date(2020, 1, 1), 0.1 + 0.2, None],
    ]))  # fmt: skip
    table = read_table(data, "whatever.bin")
    assert table.sheet == "Suppliers"
    assert table.encoding is None and table.delimiter is None
    assert table.rows[0] == ["Acme", "FR", "12", "2021-03-04", "0.45", "TRUE"]
    assert table.rows[1] == ["Beta", "DE", "7", "2020-01-01", "0.3", ""]


def test_xlsx_skips_instruction_sheet() -> None:
    data = xlsx(
        ("Read me", [["Fill in one supplier per row"], ["Country", "ISO code"]]),
        ("Data", [["Supplier name", "Country"], ["Acme", "FR"]]),
    )
    table = read_table(data, "x.xlsx")
    assert table.sheet == "Data"
    assert table.rows == [["Acme", "FR"]]


def test_csv_content_with_xlsx_name_is_read_as_csv() -> None:
    assert read_table(b"Supplier,Country\nA,FR\n", "x.xlsx").delimiter == ","


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        (b",,,\n,,\n", "no rows"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + bytes(100), "Excel 97-2003"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "image"),
        (b"\xff\xd8\xff\xe0....", "image"),
        (b"PK\x03\x04broken", "damaged"),
        (bytes(range(256)) * 20, "does not look like"),
        (b"<html><body><table><tr><td>x</td></tr></table></body></html>", "web page"),
    ],
)
def test_refused(data: bytes, message: str) -> None:
    with pytest.raises(FileRefused, match=message) as caught:
        read_table(data, "upload.csv")
    assert message in caught.value.message


def test_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("suppliers.csv", "Supplier,Country\n")
    with pytest.raises(FileRefused, match="zip archive"):
        read_table(buffer.getvalue(), "x.zip")


def test_truncated_xlsx_is_refused() -> None:
    data = xlsx(("S", [["Supplier", "Country"], ["A", "FR"]]))
    with pytest.raises(FileRefused, match="damaged"):
        read_table(data[: len(data) - 200], "x.xlsx")


def test_row_limit() -> None:
    data = b"Supplier,Country\n" + b"A,FR\n" * 11
    assert len(read_table(data, "x.csv", max_rows=11).rows) == 11
    with pytest.raises(FileRefused, match="more than 10 supplier rows"):
        read_table(data, "x.csv", max_rows=10)


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=8),
    st.sampled_from([",", ";", "\t"]),
)
def test_csv_round_trip(rows: list[list[str]], delimiter: str) -> None:
    """Whatever the cells hold, quoting keeps them intact (after stripping)."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Supplier name", "Country", "Employees"])
    writer.writerows(rows)
    table = read_table(buffer.getvalue().encode("utf-8"), "x.csv")
    expected = [[c.strip() for c in r] for r in rows]
    expected = [r for r in expected if any(r)]
    assert table.header == ["Supplier name", "Country", "Employees"]
    assert [r[:3] for r in table.rows] == expected
    assert len(table.rows) == len(table.row_numbers)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        table = read_table(data, "x.csv")
    except FileRefused as refused:
        assert refused.message
    else:
        assert all(len(row) == len(table.header) for row in table.rows)
