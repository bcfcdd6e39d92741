"""Portfolio holdings: identifiers checked by their digits, a forgiving file read row by row,
all-or-nothing storage, and the portfolio by sector with the sector's inherent risk."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import AuditEvent, EventType
from ruggie.investors.domain.identifiers import isin_ok, lei_ok
from ruggie.investors.domain.sectors import resolve_holding_sector
from ruggie.investors.models import Holding
from ruggie.investors.services import holdings_import, portfolio
from tests.conftest import signed_in

# Identifiers with valid check digits, as published for these companies (ISINs; LEIs from GLEIF).
GOOD = (
    "Portfolio as of 30 Sept 2026\n"
    "Issuer;ISIN;LEI;GICS Sector;Domicile;Weight %\n"
    "Apple Inc.;US0378331005;HWUPKR0MPOU8FGXBT394;Information Technology;United States;4,5%\n"
    "Nestlé S.A.;CH0038863350;KY37LUS27QQX7BB93L28;Consumer Staples;Switzerland;2,0%\n"
    "H & M Hennes & Mauritz AB;SE0000106270;529900O5RR7R39FRDM42;"
    "Textiles, Apparel & Luxury Goods;Sweden;1,5%\n"
).encode()


def test_identifiers_are_checked_by_their_digits() -> None:
    assert isin_ok("US0378331005") and isin_ok("us 0378 3310 05") and not isin_ok("US0378331006")
    assert lei_ok("HWUPKR0MPOU8FGXBT394") and not lei_ok("HWUPKR0MPOU8FGXBT395")
    assert not isin_ok("US037833100") and not lei_ok("")


def test_sectors_from_isic_codes_or_the_names_investors_use() -> None:
    assert resolve_holding_sector("Textiles, Apparel & Luxury Goods") == "14"
    assert resolve_holding_sector("Consumer Discretionary") == "G"
    assert resolve_holding_sector("1410") == "1410"
    assert resolve_holding_sector("Spaceships") is None


def test_a_holdings_file_replaces_the_portfolio_and_is_shown_by_sector_with_risk(
    org: Organisation, analyst: Membership
) -> None:
    Holding.objects.create(organisation=org, company_name="Sold Ltd")
    report = holdings_import(organisation=org, actor=analyst.user, data=GOOD, filename="h.csv")
    assert not report.error and report.stored == 3
    assert set(Holding.objects.filter(organisation=org).values_list("company_name", flat=True)) == {
        "Apple Inc.", "Nestlé S.A.", "H & M Hennes & Mauritz AB",
    }  # fmt: skip
    hm = Holding.objects.get(isin="SE0000106270")
    assert (hm.sector, hm.country, str(hm.weight)) == ("14", "SE", "0.01500000")
    view = portfolio(org)
    apparel = next(g for g in view.by_sector if g.key == "14")
    assert apparel.holdings == 1 and apparel.risks and apparel.risks[0][1] >= 0.6
    assert AuditEvent.objects.filter(organisation=org, event_type=EventType.HOLDINGS_IMPORTED).count() == 1


def test_bad_rows_are_listed_exactly_and_nothing_is_stored(org: Organisation, analyst: Membership) -> None:
    Holding.objects.create(organisation=org, company_name="Kept plc")
    bad = GOOD + (
        b";US0378331005;;;;\n"  # no name
        b"Typo Corp;US0378331006;;Banks;Atlantis;12 percent\n"
        b"Apple Inc. again;US0378331005;;;;1%\n"
    )
    report = holdings_import(organisation=org, actor=analyst.user, data=bad, filename="h.csv")
    assert report.error.startswith("Nothing was imported")
    problems = {(r["row"], r["field"]) for r in report.rejected}
    assert {(6, "company_name"), (7, "isin"), (7, "country"), (7, "weight"), (8, "isin")} <= problems
    assert all(r["fix"] for r in report.rejected)
    assert list(Holding.objects.filter(organisation=org).values_list("company_name", flat=True)) == [
        "Kept plc"
    ]


def test_a_file_that_is_not_a_table_is_refused_with_a_message(org: Organisation, analyst: Membership) -> None:
    report = holdings_import(organisation=org, actor=analyst.user, data=b"\x00\x01\x02PK", filename="h.xlsx")
    assert report.error and not Holding.objects.exists()


def test_the_portfolio_page_imports_and_shows_only_this_organisations_holdings(
    make_org: Callable[..., Organisation], make_member: Callable[..., Membership]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fund = make_org("green-fund", kind="investor")
    rival = make_org("rival-fund", kind="investor")
    Holding.objects.create(organisation=rival, company_name="Rival Secret Holding")
    client = signed_in(make_member(fund, "analyst"))
    response = client.post("/investors/", {"file": SimpleUploadedFile("h.csv", GOOD)}, follow=True)
    body = response.content.decode()
    assert "Portfolio replaced: 3 holdings." in body and "Nestlé S.A." in body
    assert "Rival Secret Holding" not in body
    assert "C · 14" in body or "14 —" in body
    viewer = signed_in(make_member(fund, "viewer", email="viewer@green-fund.example"))
    assert viewer.get("/investors/").status_code == 200
    assert viewer.post("/investors/", {"file": SimpleUploadedFile("h.csv", GOOD)}).status_code == 403


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script> Corp", '=HYPERLINK("http://x")'])
def test_hostile_names_are_escaped(org: Organisation, analyst: Membership, hostile: str) -> None:
    data = f"Company;Weight\n{hostile};1%\n".encode()
    holdings_import(organisation=org, actor=analyst.user, data=data, filename="h.csv")
    body = signed_in(analyst).get("/investors/").content.decode()
    assert "<script>alert(1)</script>" not in body


def test_weights_are_shown_as_percentages_with_their_decimals(org: Organisation, analyst: Membership) -> None:
    holdings_import(organisation=org, actor=analyst.user, data=GOOD, filename="h.csv")
    body = signed_in(analyst).get("/investors/").content.decode()
    assert "weights add up to 8%" in body and "4.50%" in body and "1.50%" in body


def test_a_sector_name_with_more_words_resolves_by_the_longest_known_name_inside_it() -> None:
    from ruggie.investors.domain.sectors import resolve_holding_sector

    assert resolve_holding_sector("Apparel Retail") == "14"
    assert resolve_holding_sector("Apparel, Accessories & Luxury Goods") == "14"
    assert resolve_holding_sector("Electronic Components") == "26"
    assert resolve_holding_sector("Widgets and gadgets") is None
