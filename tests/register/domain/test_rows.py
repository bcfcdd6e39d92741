"""Row validation: typed records, whole-row rejection, row-exact errors."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ruggie.register.domain.columns import ColumnMapping, guess_mapping
from ruggie.register.domain.rows import RowError, validate_rows
from ruggie.register.domain.tabular import Table


def table(header: list[str], *rows: list[str], first_row: int = 2) -> Table:
    return Table(
        header, [list(r) for r in rows], list(range(first_row, first_row + len(rows))), 1, "utf-8", ",", None
    )


def check(header: list[str], *rows: list[str], **kwargs: object):  # type: ignore[no-untyped-def]
    t = table(header, *rows)
    return validate_rows(t, guess_mapping(header), **kwargs)  # type: ignore[arg-type]


FULL = [
    "Supplier name", "Other names", "Registration number", "Country", "Website", "Site name",
    "Address", "Region", "Latitude", "Longitude", "Sector", "Commodities", "Employees", "% women",
    "% migrant workers", "% temporary workers", "Tier", "Sells to", "Spend", "Currency",
    "Start date", "End date", "Tags", "Supplier code",
]  # fmt: skip


def test_full_row_is_normalised() -> None:
    row = [
        "Acme Ltd", "Acme; ACME Textiles; acme", "REG-1", "Viet Nam", "WWW.Acme.com/About", "Plant 1",
        "1 Road\nHanoi", "Hanoi", "21,03", "105.85", "1410", "cotton, polyester; Cotton", "1,200",
        "45%", "0,1", "5", "Tier 2", "Beta Mills", "€ 1.200,50", "eur", "01/02/2020", "2024-12-31",
        "audit|priority", "V-001",
    ]  # fmt: skip
    result = check(FULL, row)
    assert result.rejected == []
    (supplier,) = result.valid
    assert supplier.row == 2
    assert supplier.supplier_name == "Acme Ltd"
    assert supplier.other_names == ["Acme", "ACME Textiles"]
    assert supplier.country == "VN"
    assert supplier.website == "https://www.acme.com/About"
    assert supplier.address == "1 Road Hanoi"
    assert (supplier.latitude, supplier.longitude) == (21.03, 105.85)
    assert supplier.commodities == ["cotton", "polyester"]
    assert supplier.headcount == 1200
    assert supplier.women_share == Decimal("0.45")
    assert supplier.migrant_share == Decimal("0.1")
    assert supplier.temporary_share == Decimal("0.05")
    assert supplier.tier == 2
    assert supplier.sells_to == "Beta Mills"
    assert (supplier.spend, supplier.currency) == (Decimal("1200.50"), "EUR")
    assert (supplier.start_date, supplier.end_date) == (date(2020, 2, 1), date(2024, 12, 31))
    assert supplier.tags == ["audit", "priority"]
    assert supplier.external_id == "V-001"


def errors(result) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return [(e.row, e.field) for e in result.rejected]


def test_every_problem_of_a_row_is_reported_and_the_row_rejected() -> None:
    header = ["Supplier", "Country", "Employees", "% women", "Website", "Lat", "Lon"]
    result = check(
        header, ["", "Narnia", "-1", "150", "not a url", "12", ""], ["Ok", "FR", "", "", "", "", ""]
    )
    assert errors(result) == [
        (2, "country"), (2, "website"), (2, "headcount"), (2, "women_share"),
        (2, "supplier_name"), (2, "longitude"),
    ]  # fmt: skip
    assert result.rejected_rows == {2}
    assert [s.supplier_name for s in result.valid] == ["Ok"]
    country = result.rejected[0]
    assert country.value == "Narnia" and "Did you mean" in country.fix


def test_error_messages_are_plain_sentences() -> None:
    result = check(["Supplier", "Country", "Employees"], ["A", "FR", "12,5,3"])
    (error,) = result.rejected
    assert error == RowError(2, "headcount", "12,5,3", error.reason, error.fix)
    assert "not a number" in error.reason and error.fix


def test_spacer_rows_are_skipped_silently() -> None:
    result = check(["Supplier", "Country", "Notes"], ["", "", "only an unmapped note"], ["", "", ""])
    assert result.valid == [] and result.rejected == []


def test_limits_and_hostile_text() -> None:
    long_name = "x" * 256
    script = "<script>alert(1)</script>"
    result = check(
        ["Supplier", "Country"], [long_name, "FR"], [script, "FR"], ["Zero\u200bWidth\u202e\x07", "FR"]
    )
    assert errors(result) == [(2, "supplier_name")]
    assert "256 characters" in result.rejected[0].reason
    assert [s.supplier_name for s in result.valid] == [script, "ZeroWidth"]


def test_websites() -> None:
    header = ["Supplier", "Country", "Website"]
    good = {
        "acme.com": "https://acme.com",
        "http://Acme.COM/x": "http://acme.com/x",
        "bücher.de": "https://bücher.de",
    }
    for raw, expected in good.items():
        assert check(header, ["A", "FR", raw]).valid[0].website == expected
    for bad in ["info@acme.com", "javascript:alert(1)", "not a url", "acme", "ftp://acme.com"]:
        assert errors(check(header, ["A", "FR", bad])) == [(2, "website")], bad


def test_coordinates() -> None:
    header = ["Supplier", "Country", "Latitude", "Longitude"]
    assert check(header, ["A", "FR", "23.810", "90.412"]).valid[0].latitude == 23.81
    assert errors(check(header, ["A", "FR", "91", "0"])) == [(2, "latitude")]
    assert errors(check(header, ["A", "FR", "0", "-181"])) == [(2, "longitude")]
    assert errors(check(header, ["A", "FR", "", "10"])) == [(2, "latitude")]
    assert errors(check(header, ["A", "FR", "nan", "10"])) == [(2, "latitude")]


def test_tier_currency_and_dates() -> None:
    header = ["Supplier", "Country", "Tier", "Spend", "Currency", "Start date", "End date"]
    assert errors(check(header, ["A", "FR", "0", "", "", "", ""])) == [(2, "tier")]
    assert errors(check(header, ["A", "FR", "11", "", "", "", ""])) == [(2, "tier")]
    assert errors(check(header, ["A", "FR", "", "100", "", "", ""])) == [(2, "currency")]
    assert errors(check(header, ["A", "FR", "", "100", "EURO", "", ""])) == [(2, "currency")]
    assert errors(check(header, ["A", "FR", "", "", "", "2024-01-02", "2024-01-01"])) == [(2, "end_date")]
    assert check(header, ["A", "FR", "", "$ 100", "", "", ""]).valid[0].currency == "USD"
    assert check(header, ["A", "FR", "", "100", "£", "", ""]).valid[0].currency == "GBP"
    assert check(header, ["A", "FR", "3", "", "", "", ""]).valid[0].sells_to == ""  # allowed


def test_known_sectors_and_commodities_callbacks() -> None:
    sectors = {"1410": "1410", "apparel": "1410"}
    commodities = {"cotton": "cotton", "coton": "cotton"}
    header = ["Supplier", "Country", "Sector", "Commodities"]
    result = check(
        header,
        ["A", "FR", "Apparel", "Cotton, coton"],
        ["B", "FR", "mining?", "unobtainium"],
        known_sectors=lambda v: sectors.get(v.lower()),
        known_commodities=lambda v: commodities.get(v.lower()),
    )
    assert result.valid[0].sector == "1410"
    assert result.valid[0].commodities == ["cotton"]
    assert errors(result) == [(3, "sector"), (3, "commodities")]
    assert "ISIC" in result.rejected[0].fix


def test_lists_are_not_shared_between_rows() -> None:
    result = check(["Supplier", "Country", "Tags"], ["A", "FR", "x"], ["B", "FR", "x"], ["C", "FR", ""])
    first, second, third = result.valid
    first.tags.append("changed")
    assert second.tags == ["x"] and third.tags == []


def test_missing_required_columns_do_not_crash() -> None:
    t = table(["Employees"], ["12"])
    result = validate_rows(t, ColumnMapping(columns={"headcount": 0}))
    assert errors(result) == [(2, "supplier_name"), (2, "country")]
    bogus = validate_rows(t, ColumnMapping(columns={"headcount": 7, "nonsense": 0}))
    assert bogus.valid == [] and bogus.rejected == []


@given(st.lists(st.lists(st.text(max_size=15), min_size=4, max_size=4), max_size=10))
def test_every_nonblank_row_is_valid_or_rejected(rows: list[list[str]]) -> None:
    header = ["Supplier", "Country", "Employees", "% women"]
    result = validate_rows(table(header, *rows), guess_mapping(header))
    valid_rows = {s.row for s in result.valid}
    assert not valid_rows & result.rejected_rows
    assert {e.row for e in result.rejected} == result.rejected_rows
    nonblank = {n for n, r in zip(range(2, 2 + len(rows)), rows, strict=True) if any(c.strip() for c in r)}
    assert valid_rows | result.rejected_rows <= nonblank


def test_supplier_row_fields_follow_the_canonical_order() -> None:
    """validate_rows builds SupplierRow positionally in FIELDS order."""
    from dataclasses import fields

    from ruggie.register.domain.columns import FIELDS
    from ruggie.register.domain.rows import SupplierRow

    assert [f.name for f in fields(SupplierRow)] == ["row", *FIELDS]
