"""Parse numbers, shares and dates the way people actually type them.

Supplier lists arrive from English, French, German, Brazilian... spreadsheets, so
"1,234.56", "1.234,56", "1 234,56" and "1'234.56" all mean the same number. Every
parser returns None for an empty cell and raises ValueError with a plain message
(shown to the user as is) for anything it cannot read. Nothing is ever evaluated.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

# Currency symbols and codes people put in amount cells; stripped before parsing.
CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW"}
_CURRENCY = re.compile(r"^\s*(?:([A-Za-z]{3})\.?|([€$£¥₹₩]))\s*|\s*(?:([A-Za-z]{3})|([€$£¥₹₩]))\s*$")
# Thousands grouped with spaces (incl. no-break spaces) or apostrophes: "1 234,5".
_GROUPED = re.compile(r"^(\d{1,3})((?:[ '\u00a0\u202f\u2009’]\d{3})+)([.,]\d+)?$")
_GROUP_SEP = re.compile(r"[ '\u00a0\u202f\u2009’]")
_PLAIN = re.compile(r"^\d*(?:[.,]\d+)?$")
_THOUSANDS = {",": re.compile(r"^\d{1,3}(?:,\d{3})+$"), ".": re.compile(r"^\d{1,3}(?:\.\d{3})+$")}
_SIMPLE = re.compile(r"^(\d+)(?:[.,](\d+))?$")
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")


def _not_a_number(text: str) -> ValueError:
    return ValueError(f"'{text}' is not a number. Write it like 1234.5 or 1234,5.")


def currency_hint(text: str) -> str | None:
    """The currency written inside an amount cell ("€ 1.200" -> "EUR"), if any."""
    match = _CURRENCY.search(text)
    if match is None:
        return None
    code = match.group(1) or match.group(3)
    if code:
        return code.upper()
    return CURRENCY_SYMBOLS.get(match.group(2) or match.group(4) or "")


def _unsigned(body: str, original: str) -> Decimal:
    """Parse digits with separators; ``body`` has no sign, spaces or currency."""
    grouped = _GROUPED.match(body)
    if grouped:
        body = _GROUP_SEP.sub("", grouped.group(1) + grouped.group(2)) + (grouped.group(3) or "")
        body = body.replace(",", ".")
    elif _SCIENTIFIC.match(body):
        pass
    elif "," in body and "." in body:
        # Both present: the last one is the decimal mark, the other groups thousands.
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _, fraction = body.rpartition(decimal_mark)
        if not _THOUSANDS[group_mark].match(whole) or not fraction.isdigit():
            raise _not_a_number(original)
        body = whole.replace(group_mark, "") + "." + fraction
    else:
        mark = "," if "," in body else "." if "." in body else ""
        if mark and body.count(mark) > 1:
            if not _THOUSANDS[mark].match(body):
                raise _not_a_number(original)
            body = body.replace(mark, "")
        elif mark:
            whole, _, fraction = body.partition(mark)
            # One mark followed by exactly three digits, e.g. "1,234": thousands.
            if len(fraction) == 3 and whole.isdigit() and whole[0] != "0" and len(whole) <= 3:
                body = whole + fraction
            elif not _PLAIN.match(body):
                raise _not_a_number(original)
            else:
                body = body.replace(",", ".")
        elif not body.isdigit():
            raise _not_a_number(original)
    try:
        value = Decimal(body)
    except InvalidOperation:
        raise _not_a_number(original) from None
    # Bound the exponent: "1E+999999999" is a valid Decimal but would exhaust
    # memory the moment anything converts it to an int.
    if not value.is_finite() or value and not -30 < value.adjusted() < 30:
        raise _not_a_number(original)
    return value


def parse_decimal(text: str) -> Decimal | None:
    """Parse a number written in any common locale style.

    Accepted: "1234.5", "1234,5", "1,234.56", "1.234,56", "1 234,56", "1'234.50",
    "-12", "(1,200)" (accounting negative), "€ 1.200", "USD 3,000", "1.2E+05".

    Ambiguity: a single "," or "." followed by exactly three digits ("1,234",
    "1.234") is read as a thousands separator, i.e. 1234. Supplier lists hold
    amounts and headcounts far more often than numbers with three decimals, and
    this reading is the same in every locale. "0,123" stays 0.123.
    """
    original = text
    text = text.strip()
    if not text:
        return None
    simple = _SIMPLE.match(text)
    # Fast path for the common "1234" / "1234.5" / "1234,50": at most one mark
    # that cannot be a thousands separator.
    if simple and (simple[2] is None or len(simple[2]) != 3 or len(simple[1]) > 3 or text[0] == "0"):
        value = Decimal(text.replace(",", "."))
        if len(text) < 28:
            return value
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text = _CURRENCY.sub("", text, count=2).strip()
    if text[:1] in ("-", "\u2212"):
        negative, text = not negative, text[1:].strip()
    elif text[:1] == "+":
        text = text[1:].strip()
    if not text or not text[0].isdigit() and text[0] not in ".,":
        raise _not_a_number(original.strip())
    value = _unsigned(text, original.strip())
    return -value if negative else value


def parse_int(text: str) -> int | None:
    """Parse a whole, non-negative number: "1,200" -> 1200, "12.0" -> 12."""
    value = parse_decimal(text)
    if value is None:
        return None
    if value < 0:
        raise ValueError(f"'{text.strip()}' is negative. Write a whole number of 0 or more.")
    if value != value.to_integral_value():
        raise ValueError(f"'{text.strip()}' is not a whole number. Write it without decimals.")
    return int(value)


def parse_share(text: str) -> Decimal | None:
    """Parse a share of the workforce into a fraction between 0 and 1.

    "45%", "45 %", "45", "0.45", "0,45" and "45,5%" are all accepted. Without a
    "%" sign, numbers above 1 are read as percentages and numbers up to 1 as
    fractions (so "1" means 100 %, as an Excel percentage cell would export it).
    """
    stripped = text.strip()
    if not stripped:
        return None
    percent = stripped.endswith("%")
    number = stripped.rstrip("%").strip() if percent else stripped
    try:
        value = parse_decimal(number)
    except ValueError:
        raise ValueError(f"'{stripped}' is not a percentage. Write it like 45% or 0.45.") from None
    if value is None:
        raise ValueError(f"'{stripped}' is not a percentage. Write it like 45% or 0.45.")
    if percent or value > 1:
        value = value / 100
    if value < 0 or value > 1:
        raise ValueError(f"'{stripped}' is not between 0% and 100%. Write a share like 45%.")
    return value


_MONTHS = {
    # English, French, Spanish, Portuguese, German, Italian, Dutch month names.
    1: "jan january janvier janv enero ene janeiro januar jänner gennaio gen januari",
    2: "feb february fevrier février fev févr febrero fevereiro fev februar febbraio februari",
    3: "mar march mars marzo março marco märz maerz mrt maart",
    4: "apr april avril avr abril abr aprile",
    5: "may mai mayo maio mei maggio mag",
    6: "jun june juin junio junho juni giugno giu",
    7: "jul july juillet juil julio julho juli luglio lug",
    8: "aug august aout août agosto ago augustus",
    9: "sep sept september septembre septiembre setiembre setembro set settembre",
    10: "oct october octobre octubre outubro out oktober ottobre okt",
    11: "nov november novembre noviembre novembro",
    12: "dec december decembre décembre diciembre dic dezembro dez dezember dicembre",
}
MONTH_NAMES = {name: month for month, names in _MONTHS.items() for name in names.split()}
_TIME_SUFFIX = re.compile(r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})\.?[ -]?(?:de )?([^\W\d_]+)\.?,?[ -]?(?:de )?(\d{4})$")
_WORDS_US = re.compile(r"^([^\W\d_]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def _bad_date(text: str) -> ValueError:
    return ValueError(f"'{text}' is not a date. Write it like 2024-03-31 or 31/03/2024.")


def _build(text: str, year: int, month: int, day: int) -> date:
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        return date(year, month, day)
    except ValueError:
        raise _bad_date(text) from None


def parse_date(text: str) -> date | None:
    """Parse ISO, dd/mm/yyyy, dd.mm.yyyy, yyyy/mm/dd, "12 March 2023" or an Excel serial.

    "03/04/2024" is ambiguous; it is read day first (3 April) unless that is
    impossible ("04/13/2024" is then 13 April), since most suppliers outside the
    United States write dates day first.
    """
    stripped = text.strip()
    if not stripped:
        return None
    value = _TIME_SUFFIX.sub("", stripped).strip().casefold()
    if match := _YMD.match(value):
        return _build(stripped, int(match[1]), int(match[2]), int(match[3]))
    if match := _DMY.match(value):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if first <= 12 < second:  # only month-first makes sense
            return _build(stripped, year, first, second)
        return _build(stripped, year, second, first)
    if match := _WORDS.match(value):
        month = MONTH_NAMES.get(match[2])
        if month:
            return _build(stripped, int(match[3]), month, int(match[1]))
    if match := _WORDS_US.match(value):
        month = MONTH_NAMES.get(match[1])
        if month:
            return _build(stripped, int(match[3]), month, int(match[2]))
    if _SERIAL.match(value):
        # Excel stores dates as days since 1899-12-30; five digits covers 1927-2173.
        return _EXCEL_EPOCH + timedelta(days=int(float(value)))
    raise _bad_date(stripped)
