"""The self-assessment journey in a real browser: a buyer's analyst asks a supplier for a
self-assessment; the supplier's contact opens the link (no account), saves part of it, sees
the follow-up questions appear, is told what is missing, submits and shares; the buyer
reads the answers and the findings they raised.

Pages are checked with axe-core and saved to tests/browser/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ruggie.accounts.services import membership_set, organisation_create
from ruggie.assessments.models import SelfAssessment
from ruggie.findings.models import Finding
from ruggie.register.services import supplier_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Fixture = Callable[..., Any]
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def world() -> dict[str, Any]:
    org = organisation_create(slug="acme", name="Acme Apparel", kind="company")
    membership_set(email="analyst@acme.example", organisation=org, role="analyst", password=PASSWORD)
    supplier = supplier_create(organisation=org, actor=None, name="Saigon Stitch Co.", country="VN")
    return {"org": org, "supplier": supplier}


def _tick(page: Any, question: str, value: str) -> None:
    page.locator(f"input[name={question}][value='{value}']").check()


def test_request_answer_share_and_read(
    new_page: Fixture, sign_in: Fixture, axe_check: Fixture, shot: Fixture, world: dict[str, Any]
) -> None:
    buyer = new_page()
    sign_in(buyer, "analyst@acme.example", PASSWORD)
    buyer.goto("/assessments/")
    buyer.get_by_role("heading", level=1, name="Supplier self-assessments").wait_for()
    buyer.get_by_label("Supplier", exact=True).select_option(label="Saigon Stitch Co.")
    buyer.get_by_label("Supplier contact's e-mail").fill("hr@stitch.example")
    buyer.get_by_label("Due on").fill((timezone.localdate() + timedelta(days=21)).isoformat())
    buyer.get_by_role("button", name="Send the request").click()
    buyer.get_by_text("Requested.").wait_for()
    axe_check(buyer, "self-assessment board")
    buyer.get_by_role("link", name="Saigon Stitch Co.").click()
    link = buyer.locator("a[href*='/a/']").first.get_attribute("href")
    assert link

    contact = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    contact.goto(link)
    contact.get_by_role("heading", level=1, name="Human rights self-assessment for suppliers").wait_for()
    axe_check(contact, "self-assessment, supplier")
    # The agency questions appear only once the supplier says it uses agencies, and saves.
    assert contact.locator("input[name=R2]").count() == 0
    _tick(contact, "P1", "public")
    _tick(contact, "R1", "yes")
    contact.get_by_role("button", name="Save and continue later").click()
    contact.get_by_text("Saved.").wait_for()
    assert contact.locator("input[name=R2]").count() > 0 and contact.locator("input[name=P2]").count() > 0
    _tick(contact, "R2", "workers")
    contact.get_by_role("button", name="Submit and share with Acme Apparel").click()
    contact.get_by_text("Some answers need a look").wait_for()
    shot(contact, "95-assessment-missing")
    # Answer what is required (good practice, except the recruitment fees), then submit.
    for question, value in [("W4", "no"), ("F1", "never"), ("F2", "no"), ("F3", "no"), ("F4", "yes"),
                            ("F8", "before"), ("F12", "yes"), ("Y2", "documents"), ("WG1", "always"),
                            ("HS1", "yes"), ("HS2", "yes"), ("D1", "no"), ("G1", "anonymous")]:  # fmt: skip
        _tick(contact, question, value)
    contact.locator("#a-W1").fill("420")
    contact.locator("#a-Y1").fill("18")
    contact.locator("#a-H1").fill("48")
    contact.locator("#a-H2").fill("58")
    contact.get_by_label("Your name and role (kept with the answers)").fill("Lan Nguyen, HR manager")
    contact.get_by_role("button", name="Submit and share with Acme Apparel").click()
    contact.get_by_text("Submitted and shared with Acme Apparel").wait_for()
    shot(contact, "96-assessment-submitted")
    assessment = SelfAssessment.objects.get()
    assert assessment.status == "submitted" and assessment.submitted_by == "Lan Nguyen, HR manager"

    buyer.reload()
    buyer.get_by_role("heading", name="Answers").wait_for()
    main = buyer.locator("main").inner_text()
    assert "Workers pay them" in main and "Answered and shared" in main
    axe_check(buyer, "self-assessment, buyer's view")
    shot(buyer, "97-assessment-buyer-view")
    finding = Finding.objects.get(organisation=world["org"], source="self_assessment")
    assert finding.severity == "critical" and finding.issue == "ethical_recruitment"
