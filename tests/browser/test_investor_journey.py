"""An investor's journey: import the holdings file, see the portfolio by sector with its
risk, start a collaborative engagement, record progress and a private note; the supporting
investor sees the group's progress but not the note. Pages are axe-checked and saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ruggie.accounts.services import membership_set, organisation_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Fixture = Callable[..., Any]
PASSWORD = "correct-horse-battery-staple"
HOLDINGS = (
    "Issuer,ISIN,GICS Sector,Domicile,Weight\n"
    'Fast Fashion plc,GB00B03MLX29,"Textiles, Apparel & Luxury Goods",United Kingdom,3.5%\n'
    "Big Box Retail Inc.,US0378331005,Consumer Staples,USA,2%\n"
)
NOTE = "Private: their CFO was evasive about audits"


@pytest.fixture
def investors() -> None:
    lead = organisation_create(slug="north-fund", name="North Fund", kind="investor")
    support = organisation_create(slug="south-fund", name="South Fund", kind="investor")
    membership_set(email="ana@north.example", organisation=lead, role="analyst", password=PASSWORD)
    membership_set(email="ben@south.example", organisation=support, role="analyst", password=PASSWORD)


def test_portfolio_engagement_and_private_notes(
    new_page: Fixture, sign_in: Fixture, axe_check: Fixture, shot: Fixture, investors: None, tmp_path: Path
) -> None:
    page = new_page()
    sign_in(page, "ana@north.example", PASSWORD)
    page.goto("/investors/")
    holdings = tmp_path / "holdings.csv"
    holdings.write_text(HOLDINGS, encoding="utf-8")
    page.get_by_label("Holdings file").set_input_files(str(holdings))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Portfolio replaced: 2 holdings.").wait_for()
    page.get_by_role("heading", name="By sector").wait_for()
    axe_check(page, "portfolio")
    shot(page, "99-investor-portfolio")

    page.goto("/investors/engagements/")
    page.get_by_label("Title").fill("Apparel HRDD 2026")
    page.get_by_label("Company", exact=True).fill("Fast Fashion plc")
    page.get_by_label("Establish a grievance mechanism accessible to supply-chain workers").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("heading", level=1, name="Apparel HRDD 2026").wait_for()
    page.get_by_label("The investor organisation's short name").fill("south-fund")
    page.get_by_role("button", name="Add").last.click()
    page.get_by_label("Stage").select_option("committed")
    page.get_by_label("Evidence (a sentence of the company's disclosure, a letter...)").fill("AGM reply")
    page.get_by_role("button", name="Record").first.click()
    page.get_by_label("What", exact=True).select_option("note")
    page.get_by_label("Summary").fill(NOTE)
    page.get_by_role("button", name="Record").last.click()
    page.get_by_text(NOTE).wait_for()
    axe_check(page, "engagement")
    shot(page, "100-investor-engagement")

    other = new_page()
    sign_in(other, "ben@south.example", PASSWORD)
    other.goto("/investors/engagements/")
    other.get_by_role("link", name="Apparel HRDD 2026").click()
    other.get_by_text("Committed").first.wait_for()
    assert NOTE not in other.content()
    shot(other, "101-investor-engagement-supporter")
