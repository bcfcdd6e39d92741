"""Number, share and date parsing as people type them in many locales."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ruggie.register.domain.numbers import (
    currency_hint,
    parse_date,
    parse_decimal,
    parse_int,
    parse_share,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("   ", None),
        ("1234", Decimal("1234")),
        ("1,234.56", Decimal("1234.56")),
        ("1.234,56", Decimal("1234.56")),
        ("1 234,56", Decimal("1234.56")),
        ("1\u00a0234,56", Decimal("1234.56")),
        ("1'234.50", Decimal("1234.50")),
        ("1234,5", Decimal("1234.5")),
        ("€ 1.200", Decimal("1200")),
        ("USD 3,000", Decimal("3000")),
        ("3,000 USD", Decimal("3000")),
        ("1,234", Decimal("1234")),  # documented: one mark + 3 digits = thousands
        ("1.234", Decimal("1234")),
        ("0,123", Decimal("0.123")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("-5", Decimal("-5")),
        ("(1,200)", Decimal("-1200")),
        (".5", Decimal("0.5")),
        ("1.2E+05", Decimal("1.2E+5")),
    ],
)
def test_parse_decimal(text: str, expected: Decimal | None) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize(
    "text", ["12,5,3", "abc", "NaN", "inf", "12 5", "1,23,456", "1E+99999", "--3", "1..2"]
)
def test_parse_decimal_rejects_garbage_with_a_fix(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number. Write it like 1234.5 or 1234,5"):
        parse_decimal(text)


def test_currency_hint() -> None:
    assert currency_hint("€ 1.200") == "EUR"
    assert currency_hint("3,000 usd") == "USD"
    assert currency_hint("1200") is None


@pytest.mark.parametrize(("text", "expected"), [("1,200", 1200), ("12.0", 12), ("0", 0), ("", None)])
def test_parse_int(text: str, expected: int | None) -> None:
    assert parse_int(text) == expected


@pytest.mark.parametrize(("text", "message"), [("12.5", "whole number"), ("-1", "negative")])
def test_parse_int_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_int(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45%", Decimal("0.45")),
        ("45 %", Decimal("0.45")),
        ("45", Decimal("0.45")),
        ("0.45", Decimal("0.45")),
        ("0,45", Decimal("0.45")),
        ("45,5%", Decimal("0.455")),
        ("100%", Decimal("1")),
        ("0", Decimal("0")),
        ("", None),
    ],
)
def test_parse_share(text: str, expected: Decimal | None) -> None:
    assert parse_share(text) == expected


@pytest.mark.parametrize("text", ["150", "101%", "-3", "x%", "%"])
def test_parse_share_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_share(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-31", date(2024, 3, 31)),
        ("2024-03-31 00:00:00", date(2024, 3, 31)),
        ("2024-03-31T10:00:00Z", date(2024, 3, 31)),
        ("31/03/2024", date(2024, 3, 31)),
        ("03/04/2024", date(2024, 4, 3)),  # day first when ambiguous
        ("04/13/2024", date(2024, 4, 13)),  # month first only when day first is impossible
        ("31.03.2024", date(2024, 3, 31)),
        ("31.03.24", date(2024, 3, 31)),
        ("2024/03/31", date(2024, 3, 31)),
        ("12 March 2023", date(2023, 3, 12)),
        ("March 12, 2023", date(2023, 3, 12)),
        ("12-Mar-2023", date(2023, 3, 12)),
        ("12 mars 2023", date(2023, 3, 12)),
        ("12 de marzo de 2023", date(2023, 3, 12)),
        ("45000", date(2023, 3, 15)),  # Excel serial
        ("", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["2023", "32/01/2024", "13/13/2024", "yesterday", "2024-02-30", "12 Smarch 2023"]
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_plain_decimals_round_trip(value: Decimal) -> None:
    assert parse_decimal(str(value)) == value


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([",", ".", " ", "'"]))
def test_grouped_integers_round_trip(value: int, separator: str) -> None:
    grouped = f"{value:,}".replace(",", separator)
    assert parse_decimal(grouped) == value


@given(st.integers(min_value=1000, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_european_and_english_styles_agree(whole: int, cents: int) -> None:
    english = f"{whole:,}.{cents:02d}"
    european = english.replace(",", "_").replace(".", ",").replace("_", ".")
    assert parse_decimal(english) == parse_decimal(european) == Decimal(f"{whole}.{cents:02d}")


@given(st.text(max_size=30))
def test_parsers_never_crash_unexpectedly(text: str) -> None:
    for parser in (parse_decimal, parse_int, parse_share, parse_date):
        try:
            parser(text)
        except ValueError as error:
            assert str(error)  # always a message for the user


@given(st.integers(min_value=0, max_value=100))
def test_percent_forms_agree(percent: int) -> None:
    assert parse_share(f"{percent}%") == parse_share(f"{percent} %") == Decimal(percent) / 100
