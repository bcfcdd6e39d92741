"""The organisation's legal profile: the facts the law rule files test, read from what a
person types (countries as they write them, numbers in any locale style, yes / no / not
answered) with a message per field when something cannot be read.

Stored as plain JSON (``to_json``/``from_json``); ``facts`` turns it into the engine's Facts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ruggie.laws.domain.engine import Facts, Rate
from ruggie.register.domain.countries import resolve_country
from ruggie.register.domain.numbers import parse_decimal, parse_int

IMPORT_MARKETS = {"US": "United States", "EU": "European Union", "CA": "Canada", "GB": "United Kingdom",
                  "CH": "Switzerland", "AU": "Australia"}  # fmt: skip


@dataclass(frozen=True)
class FactField:
    name: str
    label: str
    kind: str  # country, countries, textlist, count, employees, money, yesno, markets, year_end, rates
    help: str


FIELDS = (
    FactField(
        "incorporated_in", "Incorporated in", "country", "The country where the company is registered."
    ),
    FactField(
        "listed_in",
        "Listed on a stock exchange in",
        "countries",
        "Countries of the exchanges where its shares are listed; write 'none' if it is not listed.",
    ),
    FactField(
        "business_in",
        "Does business in",
        "countries",
        "Countries where it has a place of business, a branch, sales or assets (comma-separated).",
    ),
    FactField(
        "employees",
        "Employees",
        "employees",
        "Headcount of the group: total, and by country, like 'total 5200, DE 1200, FR 300'.",
    ),
    FactField(
        "fte", "Full-time equivalents", "count", "Average full-time equivalents in the financial year."
    ),
    FactField(
        "turnover",
        "Net turnover (group, worldwide)",
        "money",
        "Amount and currency, like 'EUR 480,000,000' or '36m GBP'.",
    ),
    FactField(
        "turnover_eu",
        "Net turnover generated in the EU",
        "money",
        "For companies formed outside the EU (CSDDD, CSRD).",
    ),
    FactField("balance_sheet", "Balance sheet total (total assets)", "money", "Amount and currency."),
    FactField(
        "financial_year_end", "Financial year ends on", "year_end", "Day and month, like 31-12 or 30 June."
    ),
    FactField("sells_goods_or_services", "Supplies goods or services", "yesno", ""),
    FactField("sells_goods", "Produces, sells or distributes goods", "yesno", "Not only services."),
    FactField(
        "sectors", "Sectors", "textlist", "What the organisation does, e.g. 'apparel retail, footwear'."
    ),
    FactField("imports_into", "Imports goods into", "markets", ""),
    FactField(
        "goods",
        "Goods imported or sold",
        "textlist",
        "Main goods, comma-separated (e.g. cotton garments, solar panels): some laws target specific goods.",
    ),
    FactField(
        "retail_or_manufacturer",
        "A retail seller or manufacturer",
        "yesno",
        "By its principal business activity (California).",
    ),
    FactField("business_in_california", "Does business in California", "yesno", ""),
    FactField(
        "imports_3tg",
        "Imports or processes tin, tantalum, tungsten or gold from conflict areas",
        "yesno",
        "Above the Swiss volume thresholds.",
    ),
    FactField(
        "child_labour_suspicion",
        "Offers products or services with reasonable suspicion of child labour",
        "yesno",
        "Swiss rules: e.g. goods from a country and sector where child labour is reported.",
    ),
    FactField(
        "rates",
        "Exchange rates used",
        "rates",
        "One per line: '1 EUR = 0.85 GBP, 2025-12-31, annual accounts'. Needed when a threshold is "
        "in another currency than your figures.",
    ),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}

_MONEY = re.compile(
    r"^\s*([A-Za-z]{3})?\s*([-\d.,' \u00a0]+)\s*(bn|billion|m|million|k)?\s*([A-Za-z]{3})?\s*$", re.IGNORECASE
)
_SCALE = {"bn": 10**9, "billion": 10**9, "m": 10**6, "million": 10**6, "k": 10**3}
_RATE = re.compile(r"^\s*1\s*([A-Za-z]{3})\s*=\s*([\d.,]+)\s*([A-Za-z]{3})\s*(?:,\s*([^,]+))?(?:,\s*(.+))?$")
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}  # fmt: skip


class ProfileErrors(ValueError):
    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


def _countries(text: str) -> list[str] | None:
    """None when left empty (not answered); [] when the person wrote "none"."""
    if not text.strip():
        return None
    if text.strip().casefold() in {"none", "no", "-", "n/a"}:
        return []
    out = []
    for part in re.split(r"[,;\n]+", text):
        if not part.strip():
            continue
        code = resolve_country(part.strip())
        if code is None:
            raise ValueError(f"'{part.strip()}' is not a country ruggie knows; write its name or ISO code.")
        out.append(code)
    return sorted(set(out))


def _money(text: str) -> dict[str, str] | None:
    if not text.strip():
        return None
    m = _MONEY.match(text)
    currency = m and (m[1] or m[4])
    if not m or not currency:
        raise ValueError(
            f"'{text.strip()}': write an amount and its currency, like 'EUR 480,000,000' or '36m GBP'."
        )
    amount = parse_decimal(m[2])
    if amount is None or amount < 0:
        raise ValueError(f"'{text.strip()}': the amount is missing or negative.")
    if m[3]:
        amount *= _SCALE[m[3].lower()]
    return {"amount": str(amount), "currency": currency.upper()}


def _employees(text: str) -> dict[str, int] | None:
    if not text.strip():
        return None
    out: dict[str, int] = {}
    for part in re.split(r"[,;\n]+(?=\s*[A-Za-z])", text):
        m = re.match(r"^\s*([A-Za-z][A-Za-z .'-]*?)\s*[:=]?\s*([\d.,' ]+)\s*$", part)
        if m is None:
            raise ValueError(
                f"'{part.strip()}': write 'total 5200' or a country and a number, like 'DE 1200'."
            )
        where, number = m[1].strip(), parse_int(m[2])
        key = "total" if where.casefold() == "total" else resolve_country(where)
        if key is None or number is None:
            raise ValueError(f"'{part.strip()}': '{where}' is not a country ruggie knows.")
        out[key] = number
    return out


def _year_end(text: str) -> str | None:
    if not text.strip():
        return None
    t = text.strip().casefold()
    m = re.match(r"^(\d{1,2})\s*[-/. ]\s*(\d{1,2})$", t)
    if m:
        day, month = int(m[1]), int(m[2])
    else:
        m = re.match(r"^(\d{1,2})\s+([a-z]+)$", t) or re.match(r"^([a-z]+)\s+(\d{1,2})$", t)
        if m is None:
            raise ValueError(f"'{text.strip()}': write the day and month, like 31-12 or 30 June.")
        day_text, month_text = (m[1], m[2]) if m[1].isdigit() else (m[2], m[1])
        month = next((n for name, n in _MONTHS.items() if name.startswith(month_text[:3])), 0)
        day = int(day_text)
    try:
        date(2024, month, day)  # a leap year, so 29-02 is allowed
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a day of the year.") from None
    return f"{month:02d}-{day:02d}"


def _rates(text: str) -> list[dict[str, str]]:
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _RATE.match(line)
        value = parse_decimal(m[2]) if m else None
        if m is None or not value:
            raise ValueError(f"'{line.strip()}': write '1 EUR = 0.85 GBP, 2025-12-31, annual accounts'.")
        out.append({"base": m[1].upper(), "quote": m[3].upper(), "value": str(value),
                    "on": (m[4] or "").strip(), "source": (m[5] or "").strip()})  # fmt: skip
    return out


def read_profile(form: Mapping[str, Any]) -> dict[str, Any]:
    """The profile as JSON-ready values from a form's strings (lists for ``imports_into``).
    Raises ProfileErrors naming each field that could not be read, and why."""
    profile: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in FIELDS:
        raw = form.get(f.name, "" if f.kind != "markets" else [])
        try:
            if f.kind == "country":
                found = _countries(str(raw)) or []
                if len(found) > 1:
                    raise ValueError("Give one country.")
                profile[f.name] = found[0] if found else None
            elif f.kind == "countries":
                profile[f.name] = _countries(str(raw))
            elif f.kind == "textlist":
                items = [part.strip()[:100] for part in re.split(r"[,;\n]+", str(raw)) if part.strip()]
                profile[f.name] = items or None
            elif f.kind == "count":
                profile[f.name] = parse_int(str(raw)) if str(raw).strip() else None
            elif f.kind == "employees":
                profile[f.name] = _employees(str(raw))
            elif f.kind == "money":
                profile[f.name] = _money(str(raw))
            elif f.kind == "yesno":
                profile[f.name] = {"yes": True, "no": False}.get(str(raw), None)
            elif f.kind == "markets":
                values = [v for v in (raw if isinstance(raw, list | tuple) else [raw]) if v]
                unknown = [v for v in values if v not in IMPORT_MARKETS and v != "none"]
                if unknown:
                    raise ValueError(f"Unknown market {unknown[0]!r}.")
                # Nothing ticked is "not answered"; "none" says it imports into none of them.
                profile[f.name] = sorted(v for v in values if v != "none") if values else None
            elif f.kind == "year_end":
                profile[f.name] = _year_end(str(raw))
            elif f.kind == "rates":
                profile[f.name] = _rates(str(raw))
        except ValueError as exc:
            errors[f.name] = str(exc)
    if errors:
        raise ProfileErrors(errors)
    return profile


def as_form(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The stored profile written back as the form shows it."""
    out: dict[str, Any] = {}
    for f in FIELDS:
        value = profile.get(f.name)
        if value is None:
            out[f.name] = [] if f.kind == "markets" else ""
        elif f.kind == "countries":
            out[f.name] = ", ".join(value) if value else "none"
        elif f.kind == "textlist":
            out[f.name] = ", ".join(value)
        elif f.kind == "markets":
            out[f.name] = value or ["none"]
        elif f.kind == "employees":
            out[f.name] = ", ".join(f"{k} {v}" for k, v in value.items())
        elif f.kind == "money":
            out[f.name] = f"{value['currency']} {Decimal(value['amount']):,.0f}"
        elif f.kind == "yesno":
            out[f.name] = "yes" if value else "no"
        elif f.kind == "year_end":
            month, day = value.split("-")
            out[f.name] = f"{day}-{month}"
        elif f.kind == "rates":
            out[f.name] = "\n".join(
                f"1 {r['base']} = {r['value']} {r['quote']}, {r['on']}, {r['source']}".rstrip(", ")
                for r in value
            )
        else:
            out[f.name] = value
    return out


def facts(profile: Mapping[str, Any]) -> Facts:
    values = {k: v for k, v in profile.items() if k != "rates"}
    rates = [Rate(r["base"], r["quote"], Decimal(r["value"]), r.get("on", ""), r.get("source", ""))
             for r in profile.get("rates") or []]  # fmt: skip
    return Facts(values, rates)


def year_end_of(profile: Mapping[str, Any]) -> tuple[int, int] | None:
    value = profile.get("financial_year_end")
    if not value:
        return None
    month, day = value.split("-")
    return int(month), int(day)


def fact_label(name: str) -> str:
    """'employees.DE' -> 'Employees (DE)'; a missing rate note stays as written."""
    head, _, tail = name.partition(".")
    field = FIELD_BY_NAME.get(head)
    if field is None:
        return name
    return f"{field.label} ({'total' if tail == 'total' else tail})" if tail else field.label
