"""The screening journey in a real browser: an analyst screens the register against the
UFLPA Entity List, reads why a supplier matched, is refused a decision without a reason,
confirms one hit (a critical finding follows) and dismisses a look-alike; a viewer reads
the hits but cannot decide.

Pages are checked with axe-core and saved to tests/browser/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ruggie.accounts.services import membership_set, organisation_create
from ruggie.audit.models import AuditEvent, EventType
from ruggie.findings.models import Finding
from ruggie.register.services import supplier_create
from ruggie.screening.models import ScreeningHit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Fixture = Callable[..., Any]
PASSWORD = "correct-horse-battery-staple"
LISTED = "Heze Cotton & Linen Company Limited"  # the UFLPA list writes "Heze Cotton and Linen Co., Ltd."
NAMESAKE = "Xinjiang Zhongtai Chemical Co Ltd"  # listed, but this one is a Kazakh trading house
CLEAN = "Porto Atelier Lda"


@pytest.fixture
def world() -> dict[str, Any]:
    org = organisation_create(slug="acme", name="Acme Apparel", kind="company")
    analyst = membership_set(
        email="analyst@acme.example", organisation=org, role="analyst", password=PASSWORD
    )
    viewer = membership_set(email="viewer@acme.example", organisation=org, role="viewer", password=PASSWORD)
    supplier_create(organisation=org, actor=analyst.user, name=LISTED, country="CN")
    supplier_create(organisation=org, actor=analyst.user, name=NAMESAKE, country="CN")
    supplier_create(organisation=org, actor=analyst.user, name=CLEAN, country="PT")
    # Creating suppliers queues a background re-screen; the journey screens by hand.
    ScreeningHit.objects.all().delete()
    return {"org": org, "analyst": analyst, "viewer": viewer}


def test_screen_explain_confirm_and_dismiss(
    new_page: Fixture, sign_in: Fixture, axe_check: Fixture, shot: Fixture, world: dict[str, Any]
) -> None:
    org = world["org"]
    page = new_page()
    sign_in(page, "analyst@acme.example", PASSWORD)
    page.goto("/steps/identify/")
    page.get_by_role("link", name="Screening", exact=True).first.click()
    page.get_by_role("heading", level=1, name="Restricted-entity screening").wait_for()
    assert "No hits with this status." in page.locator("main").inner_text()

    page.get_by_role("button", name="Screen all suppliers now").click()
    page.get_by_text("Screened 3 suppliers").wait_for()
    rows = page.locator("main table tbody tr")
    text = page.locator("main table").inner_text()
    assert LISTED in text and NAMESAKE in text and CLEAN not in text
    assert "Heze Cotton and Linen Co., Ltd." in text
    axe_check(page, "screening hits")
    shot(page, "80-screening-hits")

    # Why did it match? The entry, its list and edition, its source, and the reason.
    rows.filter(has_text=LISTED).get_by_role("link", name=LISTED).click()
    page.get_by_role("heading", level=1, name=LISTED).wait_for()
    main = page.locator("main").inner_text()
    assert "UFLPA" in main and "2025-01-15" in main and "2(d)(2)(B)(v)" in main
    assert "legal form" in main.lower()  # the reason says Co., Ltd. and Company Limited are one form
    axe_check(page, "screening hit")

    # A decision needs a reason: the browser holds back an empty one, the server a blank one.
    why = page.get_by_label("Why (what you checked: registration number, address, the official list)")
    page.get_by_label("Confirm: this supplier is the listed entity").check()
    page.get_by_role("button", name="Record the decision").click()
    assert page.locator("#id_reason:invalid").count() == 1
    why.fill("   ")
    page.get_by_role("button", name="Record the decision").click()
    page.locator(".field .error").first.wait_for()
    assert ScreeningHit.objects.get(organisation=org, supplier__name=LISTED).status == "open"

    page.get_by_label("Confirm: this supplier is the listed entity").check()
    why.fill("Same registration number as the DHS notice of 16 May 2024; Heze, Shandong.")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Confirmed. A critical finding is raised about this supplier.").wait_for()
    confirmed = ScreeningHit.objects.get(organisation=org, supplier__name=LISTED)
    assert confirmed.status == "confirmed" and confirmed.finding_id is not None
    finding = Finding.objects.get(pk=confirmed.finding_id)
    assert finding.severity == "critical" and finding.source == "screening"
    shot(page, "81-screening-confirmed")
    page.get_by_role("link", name=f"F-{finding.pk}").click()
    page.get_by_role("heading", level=1).filter(has_text=finding.title[:20]).wait_for()

    # The namesake abroad is dismissed, with the reason kept.
    page.goto("/screening/")
    page.get_by_role("link", name=NAMESAKE).click()
    page.get_by_label("Dismiss: a different company").check()
    page.get_by_label("Why (what you checked: registration number, address, the official list)").fill(
        "A trading house in Almaty with its own registration; no link to the listed chemical group."
    )
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Dismissed, with your reason.").wait_for()
    assert ScreeningHit.objects.get(organisation=org, supplier__name=NAMESAKE).status == "dismissed"
    decisions = [EventType.SCREENING_HIT_CONFIRMED, EventType.SCREENING_HIT_DISMISSED]
    decided = AuditEvent.objects.filter(organisation=org, event_type__in=decisions)
    assert decided.count() == 2

    # A viewer reads the hits but is offered nothing to change.
    viewer = new_page()
    sign_in(viewer, "viewer@acme.example", PASSWORD)
    viewer.goto("/screening/?status=confirmed")
    viewer.get_by_role("link", name=LISTED).wait_for()
    assert viewer.get_by_role("button", name="Screen all suppliers now").count() == 0
    viewer.get_by_role("link", name=LISTED).click()
    viewer.get_by_role("heading", level=1, name=LISTED).wait_for()
    assert viewer.get_by_role("button", name="Record the decision").count() == 0
