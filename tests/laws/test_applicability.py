"""Law applicability, per law and at its edges: exactly at a threshold, two of three size
tests, figures in another currency at a stated rate, missing facts, and scope versions by date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ruggie.laws.domain.engine import Answer, Facts, Rate, decide
from ruggie.laws.domain.rules import RuleFileError, applicability, deadlines, load_laws, shipped_laws

ON = date(2026, 12, 31)


def answer(code: str, on: date = ON, rates: list[Rate] | None = None, **values: Any) -> Answer:
    return applicability(shipped_laws()[code], Facts(values, rates or []), on).answer


def gbp(amount: int) -> dict[str, str]:
    return {"amount": str(amount), "currency": "GBP"}


def money(amount: int, currency: str) -> dict[str, str]:
    return {"amount": str(amount), "currency": currency}


UK = {"business_in": ["GB"], "sells_goods_or_services": True}


def test_every_shipped_rule_file_loads_and_every_test_cites_a_listed_source() -> None:
    laws = shipped_laws()
    assert {"uk_msa", "au_msa", "ca_s211", "fr_vigilance", "de_lksg", "no_transparency", "eu_csddd", "eu_flr",
            "eu_csrd", "us_uflpa", "us_tariff_307", "us_ca_tsca", "ch_ddtro"} <= set(laws)  # fmt: skip
    for law in laws.values():
        assert law.versions and law.teaching.get("asks") and law.sources, law.code


def test_uk_msa_applies_from_exactly_36_million_pounds() -> None:
    assert answer("uk_msa", turnover=gbp(36_000_000), **UK) == Answer.APPLIES
    assert answer("uk_msa", turnover=gbp(35_999_999), **UK) == Answer.DOES_NOT_APPLY
    assert answer("uk_msa", turnover=gbp(90_000_000), business_in=["FR"], sells_goods_or_services=True) == (
        Answer.DOES_NOT_APPLY
    )


def test_a_figure_in_another_currency_is_converted_at_the_stated_rate_or_the_answer_is_cannot_tell() -> None:
    eur = money(42_000_000, "EUR")
    rate = Rate("EUR", "GBP", Decimal("0.86"), "2026-12-31", "annual accounts")
    verdict = applicability(shipped_laws()["uk_msa"], Facts({"turnover": eur, **UK}, [rate]), ON).verdict
    assert verdict.answer == Answer.APPLIES  # 42m EUR x 0.86 = 36.12m GBP
    step = next(s for s in verdict.steps if s.fact == "turnover")
    assert "0.86" in step.note and "annual accounts" in step.note and "2026-12-31" in step.note
    low = Rate("EUR", "GBP", Decimal("0.85"), "2026-12-31", "annual accounts")  # 35.7m GBP
    assert answer("uk_msa", rates=[low], turnover=eur, **UK) == Answer.DOES_NOT_APPLY
    # The rate written the other way round (1 GBP = x EUR) works too.
    inverse = Rate("GBP", "EUR", Decimal("1.1"), "2026-12-31", "ECB")  # 42m / 1.1 = 38.2m GBP
    assert answer("uk_msa", rates=[inverse], turnover=eur, **UK) == Answer.APPLIES
    unknown = applicability(shipped_laws()["uk_msa"], Facts({"turnover": eur, **UK}), ON).verdict
    assert unknown.answer == Answer.CANNOT_TELL and unknown.missing == ["no EUR→GBP rate given"]


def test_missing_facts_make_cannot_tell_and_are_named() -> None:
    verdict = applicability(shipped_laws()["uk_msa"], Facts({"business_in": ["GB"]}), ON).verdict
    assert verdict.answer == Answer.CANNOT_TELL
    assert verdict.missing == ["sells_goods_or_services", "turnover"]
    # A fact that already rules the law out decides, whatever else is missing.
    assert answer("uk_msa", business_in=["FR"]) == Answer.DOES_NOT_APPLY


def test_australia_at_100_million_aud_for_australian_or_trading_entities() -> None:
    assert answer("au_msa", incorporated_in="AU", turnover=money(100_000_000, "AUD")) == Answer.APPLIES
    assert answer("au_msa", incorporated_in="AU", turnover=money(99_999_999, "AUD")) == Answer.DOES_NOT_APPLY
    assert answer("au_msa", incorporated_in="NZ", business_in=["AU"], turnover=money(2 * 10**8, "AUD")) == (
        Answer.APPLIES
    )


CA_BASE = {"business_in": ["CA"], "listed_in": [], "sells_goods": True}


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ({"balance_sheet": money(20_000_000, "CAD"), "turnover": money(40_000_000, "CAD")}, Answer.APPLIES),
        ({"balance_sheet": money(20_000_000, "CAD"), "employees": {"total": 250}}, Answer.APPLIES),
        ({"turnover": money(40_000_000, "CAD"), "employees": {"total": 249},
          "balance_sheet": money(1, "CAD")},
         Answer.DOES_NOT_APPLY),
        ({"turnover": money(40_000_000, "CAD"), "employees": {"total": 100}}, Answer.CANNOT_TELL),
    ],
)  # fmt: skip
def test_canada_two_of_three_size_tests(size: dict[str, Any], expected: Answer) -> None:
    assert answer("ca_s211", **CA_BASE, **size) == expected


def test_canada_applies_to_any_entity_listed_in_canada_that_sells_goods() -> None:
    assert answer("ca_s211", listed_in=["CA"], sells_goods=True) == Answer.APPLIES
    services_only = {"listed_in": ["CA"], "sells_goods": False, "imports_into": []}
    assert answer("ca_s211", **services_only) == Answer.DOES_NOT_APPLY


def test_france_5000_in_france_or_10000_worldwide() -> None:
    assert (
        answer("fr_vigilance", incorporated_in="FR", employees={"FR": 5000, "total": 6000}) == Answer.APPLIES
    )
    assert (
        answer("fr_vigilance", incorporated_in="FR", employees={"FR": 4999, "total": 10000}) == Answer.APPLIES
    )
    assert answer("fr_vigilance", incorporated_in="FR", employees={"FR": 4999, "total": 9999}) == (
        Answer.DOES_NOT_APPLY
    )
    assert answer("fr_vigilance", incorporated_in="DE", employees={"total": 50000}) == Answer.DOES_NOT_APPLY


def test_lksg_threshold_is_3000_in_2023_and_1000_from_2024() -> None:
    german = {"incorporated_in": "DE", "employees": {"DE": 2000}}
    assert answer("de_lksg", on=date(2023, 12, 31), **german) == Answer.DOES_NOT_APPLY
    assert answer("de_lksg", on=date(2024, 12, 31), **german) == Answer.APPLIES
    assert answer("de_lksg", on=date(2024, 12, 31), incorporated_in="DE", employees={"DE": 999}) == (
        Answer.DOES_NOT_APPLY
    )
    assert answer("de_lksg", on=date(2022, 12, 31), **german) == Answer.DOES_NOT_APPLY  # not yet in force


def test_norway_two_of_three_thresholds_are_exceeded_not_met() -> None:
    base = {"incorporated_in": "NO"}
    at = {"turnover": money(70_000_000, "NOK"), "balance_sheet": money(35_000_000, "NOK"), "fte": 50}
    assert answer("no_transparency", **base, **at) == Answer.DOES_NOT_APPLY  # at, not above
    above = {"turnover": money(70_000_001, "NOK"), "balance_sheet": money(35_000_001, "NOK"), "fte": 10}
    assert answer("no_transparency", **base, **above) == Answer.APPLIES


def test_csddd_after_omnibus_eu_and_non_eu_companies() -> None:
    eu = {"incorporated_in": "NL", "employees": {"total": 5001}, "turnover": money(1_500_000_001, "EUR")}
    verdict = applicability(shipped_laws()["eu_csddd"], Facts(eu), ON)
    assert verdict.answer == Answer.APPLIES and verdict.unverified  # the Omnibus figures are unverified
    assert answer("eu_csddd", **{**eu, "employees": {"total": 5000}}) == Answer.DOES_NOT_APPLY
    non_eu = {"incorporated_in": "US", "turnover_eu": money(1_600_000_000, "EUR")}
    assert answer("eu_csddd", **non_eu) == Answer.APPLIES
    assert answer("eu_csddd", incorporated_in="US") == Answer.CANNOT_TELL
    assert shipped_laws()["eu_csddd"].applies_from == date(2029, 7, 26)


def test_csrd_after_omnibus() -> None:
    assert answer(
        "eu_csrd", incorporated_in="DE", employees={"total": 1001}, turnover=money(450_000_001, "EUR")
    ) == (Answer.APPLIES)
    assert answer(
        "eu_csrd", incorporated_in="DE", employees={"total": 1000}, turnover=money(9 * 10**9, "EUR")
    ) == (Answer.DOES_NOT_APPLY)


def test_import_bans_apply_to_importers_of_any_size() -> None:
    for code in ("us_uflpa", "us_tariff_307"):
        assert answer(code, imports_into=["US"]) == Answer.APPLIES
        assert answer(code, imports_into=["EU"]) == Answer.DOES_NOT_APPLY
    assert answer("eu_flr", imports_into=["EU"]) == Answer.APPLIES
    assert answer("eu_flr", imports_into=[], incorporated_in="IT", sells_goods=True) == Answer.APPLIES
    assert answer("eu_flr", imports_into=[], incorporated_in="US", sells_goods=True) == Answer.DOES_NOT_APPLY


def test_california_above_100_million_dollars() -> None:
    base = {"retail_or_manufacturer": True, "business_in_california": True}
    assert answer("us_ca_tsca", **base, turnover=money(100_000_001, "USD")) == Answer.APPLIES
    assert answer("us_ca_tsca", **base, turnover=money(100_000_000, "USD")) == Answer.DOES_NOT_APPLY


def test_swiss_child_labour_duty_exempts_smes_below_two_of_three() -> None:
    base = {"incorporated_in": "CH", "imports_3tg": False, "child_labour_suspicion": True}
    small = {"balance_sheet": money(20_000_000, "CHF"), "turnover": money(50_000_000, "CHF"), "fte": 100}
    assert answer("ch_ddtro", **base, **small) == Answer.DOES_NOT_APPLY
    large = {"balance_sheet": money(25_000_000, "CHF"), "turnover": money(50_000_000, "CHF"), "fte": 100}
    assert answer("ch_ddtro", **base, **large) == Answer.APPLIES
    assert answer("ch_ddtro", incorporated_in="CH", imports_3tg=True) == Answer.APPLIES


def test_the_explanation_names_each_fact_used_its_article_and_source() -> None:
    verdict = applicability(shipped_laws()["uk_msa"], Facts({"turnover": gbp(40_000_000), **UK}), ON).verdict
    turnover = next(s for s in verdict.steps if s.fact == "turnover")
    assert turnover.used == "GBP 40,000,000" and turnover.result is True
    assert turnover.article == "SI 2015/1833 regs 2-3" and turnover.source == "2"


def test_deadlines_follow_the_financial_year_or_fixed_dates() -> None:
    laws = shipped_laws()
    uk = deadlines(laws["uk_msa"], (3, 31), date(2026, 1, 1), date(2027, 12, 31))
    assert [d.due for d in uk] == [date(2026, 9, 30), date(2027, 9, 30)]
    assert uk[0].for_year_ending == date(2026, 3, 31)
    ca = deadlines(laws["ca_s211"], None, date(2026, 1, 1), date(2027, 12, 31))
    assert [d.due for d in ca] == [date(2026, 5, 31), date(2027, 5, 31)]
    feb = deadlines(laws["uk_msa"], (8, 31), date(2027, 1, 1), date(2027, 12, 31))
    assert [d.due for d in feb] == [date(2027, 2, 28)]  # six months after 31 Aug ends on 28 Feb
    assert [d.due for d in deadlines(laws["eu_flr"], None, date(2026, 1, 1), date(2030, 1, 1))] == [
        date(2027, 12, 14)
    ]


def test_three_valued_logic() -> None:
    a = {"fact": "a", "is": True, "article": "x", "source": "1"}
    b = {"fact": "b", "is": True, "article": "x", "source": "1"}
    facts = Facts({"a": True})
    assert decide({"all": [a, b]}, facts).answer == Answer.CANNOT_TELL
    assert decide({"any": [a, b]}, facts).answer == Answer.APPLIES
    assert decide({"not": b}, facts).answer == Answer.CANNOT_TELL
    assert decide({"at_least": {"n": 1, "of": [a, b]}}, facts).answer == Answer.APPLIES
    assert decide({"all": [a, b]}, Facts({"a": False})).answer == Answer.DOES_NOT_APPLY


def test_a_broken_rule_file_is_refused_with_the_file_and_field(tmp_path: Path) -> None:
    good = (Path(__file__).parents[2] / "src/ruggie/data/laws/uk_msa.yaml").read_text()
    (tmp_path / "uk.yaml").write_text(good.replace("source: 2}", "source: 99}", 1))
    with pytest.raises(RuleFileError, match="uk.yaml.*99"):
        load_laws(tmp_path)
    (tmp_path / "uk.yaml").write_text(good.replace("valid_from: 2016-03-31", "valid_from: soon"))
    with pytest.raises(RuleFileError, match="uk.yaml.*'soon' is not a date"):
        load_laws(tmp_path)
    (tmp_path / "uk.yaml").write_text(good.replace("at_least: {amount", "more_than: {amount"))
    with pytest.raises(RuleFileError, match="give exactly one of"):
        load_laws(tmp_path)


def test_a_rule_file_update_changes_the_answer_without_a_code_change(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "src/ruggie/data/laws/au_msa.yaml").read_text()
    lowered = text.replace("amount: 100000000, currency: AUD", "amount: 50000000, currency: AUD")
    (tmp_path / "au.yaml").write_text(lowered)
    law = load_laws(tmp_path)["au_msa"]
    facts = Facts({"incorporated_in": "AU", "turnover": money(60_000_000, "AUD")})
    assert applicability(law, facts, ON).answer == Answer.APPLIES
    assert answer("au_msa", incorporated_in="AU", turnover=money(60_000_000, "AUD")) == Answer.DOES_NOT_APPLY


def test_an_unquoted_no_for_norway_is_caught_not_read_as_false(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "src/ruggie/data/laws/no_transparency.yaml").read_text()
    (tmp_path / "no.yaml").write_text(text.replace('in: ["NO"]', "in: [NO]"))
    with pytest.raises(RuleFileError, match="country codes as text"):
        load_laws(tmp_path)
