"""The legal profile as a person types it: countries, numbers, currencies, year end, rates."""

from __future__ import annotations

import pytest

from ruggie.laws.domain.profile import ProfileErrors, as_form, fact_label, facts, read_profile, year_end_of


def test_a_profile_is_read_as_people_write_it_and_shown_back_the_same_way() -> None:
    form = {
        "incorporated_in": "United Kingdom", "listed_in": "none",
        "business_in": "UK, Deutschland, Viet Nam",
        "employees": "total 5,200; DE 1200, France 300", "turnover": "36m GBP",
        "turnover_eu": "EUR 120.000.000",
        "financial_year_end": "31 March", "sells_goods": "yes", "sells_goods_or_services": "yes",
        "imports_into": ["US", "EU"], "rates": "1 EUR = 0,85 GBP, 2025-12-31, annual accounts",
    }  # fmt: skip
    p = read_profile(form)
    assert p["incorporated_in"] == "GB" and p["listed_in"] == [] and p["business_in"] == ["DE", "GB", "VN"]
    assert p["employees"] == {"total": 5200, "DE": 1200, "FR": 300}
    assert p["turnover"] == {"amount": "36000000", "currency": "GBP"}
    assert p["turnover_eu"] == {"amount": "120000000", "currency": "EUR"}
    assert p["financial_year_end"] == "03-31" and year_end_of(p) == (3, 31)
    assert p["imports_into"] == ["EU", "US"] and p["fte"] is None and p["retail_or_manufacturer"] is None
    again = read_profile(as_form(p))
    assert again == p
    f = facts(p)
    assert f.get("employees.DE") == 1200 and str(f.rates[0].value) == "0.85"


def test_left_empty_is_not_answered_and_none_is_an_answer() -> None:
    p = read_profile({})
    assert p["business_in"] is None and p["imports_into"] is None and p["sells_goods"] is None
    p = read_profile({"business_in": "none", "imports_into": ["none"], "sells_goods": "no"})
    assert p["business_in"] == [] and p["imports_into"] == [] and p["sells_goods"] is False


def test_every_unreadable_field_is_named_with_a_fix() -> None:
    with pytest.raises(ProfileErrors) as caught:
        read_profile({"incorporated_in": "Narnia", "turnover": "lots", "financial_year_end": "31-13",
                      "employees": "many people", "rates": "EUR is 0.85 GBP",
                      "imports_into": ["XX"]})  # fmt: skip
    errors = caught.value.errors
    assert set(errors) == {
        "incorporated_in",
        "turnover",
        "financial_year_end",
        "employees",
        "rates",
        "imports_into",
    }
    assert "Narnia" in errors["incorporated_in"] and "EUR 480,000,000" in errors["turnover"]


def test_fact_labels_for_explanations() -> None:
    assert fact_label("employees.DE") == "Employees (DE)"
    assert fact_label("turnover") == "Net turnover (group, worldwide)"
    assert fact_label("no EUR→GBP rate given") == "no EUR→GBP rate given"


def test_sectors_and_goods_are_kept_as_lists() -> None:
    p = read_profile({"sectors": "apparel retail; footwear", "goods": "cotton garments, solar panels,"})
    assert p["sectors"] == ["apparel retail", "footwear"]
    assert p["goods"] == ["cotton garments", "solar panels"]
    assert read_profile(as_form(p)) == p
