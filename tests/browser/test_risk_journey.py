"""The risk journey in a real browser: an analyst scores the register, reads why a site
ranks first, and records a judgement on a salient issue; a viewer can read but not judge.

Pages are checked with axe-core and saved to tests/browser/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from ruggie.accounts.services import membership_set, organisation_create
from ruggie.audit.models import AuditEvent, EventType
from ruggie.register.models import Commodity
from ruggie.register.services import site_create, supplier_create
from ruggie.risk.models import SalienceJudgement, SiteRisk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Fixture = Callable[..., Any]
PASSWORD = "correct-horse-battery-staple"
HOT = "Dhaka Knit Unit 1"
COOL = "Porto Atelier"


@pytest.fixture
def world() -> dict[str, Any]:
    org = organisation_create(slug="acme", name="Acme Apparel", kind="company")
    analyst = membership_set(
        email="analyst@acme.example", organisation=org, role="analyst", password=PASSWORD
    )
    viewer = membership_set(email="viewer@acme.example", organisation=org, role="viewer", password=PASSWORD)
    garments = Commodity.objects.get(organisation=None, code="garments")
    dhaka = supplier_create(organisation=org, actor=analyst.user, name="Dhaka Knit Ltd.", country="BD")
    site_create(
        supplier=dhaka,
        actor=analyst.user,
        name=HOT,
        country="BD",
        sector="1410",
        headcount=1200,
        migrant_share=Decimal("0.4"),
        temporary_share=Decimal("0.3"),
        women_share=Decimal("0.8"),
        commodities=[garments],
    )
    porto = supplier_create(organisation=org, actor=analyst.user, name="Porto Atelier Lda", country="PT")
    site_create(supplier=porto, actor=analyst.user, name=COOL, country="PT", sector="1410", headcount=40)
    return {"org": org, "analyst": analyst, "viewer": viewer}


def test_score_explain_and_judge(
    new_page: Fixture, sign_in: Fixture, axe_check: Fixture, shot: Fixture, world: dict[str, Any]
) -> None:
    page = new_page()
    sign_in(page, "analyst@acme.example", PASSWORD)
    page.goto("/risk/")
    page.get_by_role("heading", name="Where risk to people is highest").wait_for()
    assert "Nothing scored yet" in page.locator("main").inner_text()
    axe_check(page, "risk overview, empty")

    page.get_by_role("button", name="Score the register now").click()
    page.get_by_text("Scored 2 sites").wait_for()
    assert SiteRisk.objects.filter(organisation=world["org"]).count() == 2 * 13
    # The Bangladeshi garment site with migrant workers ranks above the Portuguese atelier.
    top = page.locator("#top ~ table tbody tr").first
    assert HOT in top.inner_text()
    heat = page.locator("table.heat")
    assert "BD" in heat.inner_text() and "PT" in heat.inner_text()
    # The licences of the data used are shown with it.
    assert "CC BY 4.0" in page.locator("main").inner_text()
    axe_check(page, "risk overview")
    shot(page, "70-risk-overview")

    # Why does it rank first? Every factor, its value, weight and source.
    page.get_by_role("link", name=HOT).first.click()
    page.get_by_role("heading", level=1, name=HOT).wait_for()
    forced = page.locator("details").filter(has_text="Forced labour").first
    if forced.get_attribute("open") is None:
        forced.locator("summary").click()
    text = forced.inner_text()
    assert "Share of migrant workers" in text and "40% of the workforce" in text
    assert "Worldwide Governance Indicators" in text and "BD:" in text
    assert "Global Slavery Index" not in text or "left out" in text
    axe_check(page, "site risk page")
    shot(page, "71-risk-site-explained")

    # A judgement on a salient issue, with its reason.
    page.goto("/risk/salience/working_hours/")
    page.get_by_role("heading", level=1, name="Working hours").wait_for()
    axe_check(page, "salience judgement form")
    why = page.get_by_label("Why (kept with the judgement and in the audit log)")
    why.fill("Workers fainted on 14-hour shifts in the peak season (union report, October).")
    page.get_by_role("button", name="Record the judgement").click()
    page.get_by_text(
        "Change at least one rating, or go back."
    ).wait_for()  # a reason alone is not a judgement
    assert SalienceJudgement.objects.count() == 0
    page.get_by_label("Scale: how grave").select_option("4")
    page.get_by_role("button", name="Record the judgement").click()
    page.get_by_text("Your judgement is recorded with its reason.").wait_for()
    row = page.locator("#salient ~ table").first.locator("tbody tr").filter(has_text="Working hours")
    assert "Overridden" in row.inner_text() and "14-hour shifts" in row.inner_text()
    judgement = SalienceJudgement.objects.get(organisation=world["org"], issue="working_hours")
    assert judgement.scale == 4 and judgement.created_by == world["analyst"].user
    assert (
        AuditEvent.objects.filter(organisation=world["org"], event_type=EventType.SALIENCE_JUDGED).count()
        == 1
    )
    shot(page, "72-risk-judged")

    # A viewer reads the same page but is offered no button to change anything.
    viewer = new_page()
    sign_in(viewer, "viewer@acme.example", PASSWORD)
    viewer.goto("/risk/")
    viewer.get_by_role("heading", name="Salient issues").wait_for()
    assert viewer.get_by_role("button", name="Score the register now").count() == 0
    assert viewer.get_by_role("link", name="Judge").count() == 0
    response = viewer.goto("/risk/salience/wages/")
    assert response is not None and response.status == 403
