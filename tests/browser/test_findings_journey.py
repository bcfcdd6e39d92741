"""The findings journey in a real browser: a buyer imports an audit, its supplier fixes
the worst finding and sends evidence, the buyer verifies and closes it.

Two people, two browser contexts (own cookies), each signing in through the login form:
the buyer's analyst and the analyst of the supplier's own organisation in ruggie.
Pages are checked with axe-core and saved to tests/browser/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import membership_set, organisation_create
from ruggie.findings.audit_import import import_audit
from ruggie.findings.models import CorrectiveAction, Finding
from ruggie.register.services import site_create, supplier_create, supplier_link_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Fixture = Callable[..., Any]

PASSWORD = "correct-horse-battery-staple"
AUDIT = Path(__file__).parents[1] / "data" / "audits" / "smeta_capr.csv"
SUPPLIER = "Saigon Stitch Co., Ltd."
SITE = "Saigon Stitch Factory 1"
PASSPORTS = re.compile("passports held by HR")
RETURN_PASSPORTS = "Return all passports; offer voluntary lockers"
DONE_NOTE = "All 14 passports returned to their owners on 20 March; lockers with personal keys installed."


@dataclass
class World:
    buyer: Organisation
    buyer_analyst: Membership
    supplier_org: Organisation
    supplier_analyst: Membership


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded evidence goes to a temporary directory, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world() -> World:
    """A buyer with an analyst, its register (one supplier, one site), and the supplier's
    own organisation in ruggie, linked to the register entry, with an analyst."""
    buyer = organisation_create(slug="acme", name="Acme Apparel", kind="company")
    buyer_analyst = membership_set(
        email="analyst@acme.example", organisation=buyer, role="analyst", password=PASSWORD
    )
    supplier = supplier_create(
        organisation=buyer, actor=buyer_analyst.user, name=SUPPLIER, country="VN", external_id="SS-001"
    )
    site_create(supplier=supplier, actor=buyer_analyst.user, name=SITE, country="VN")
    supplier_org = organisation_create(slug="saigon-stitch", name="Saigon Stitch", kind="supplier")
    supplier_analyst = membership_set(
        email="analyst@saigon-stitch.example", organisation=supplier_org, role="analyst", password=PASSWORD
    )
    supplier_link_account(supplier=supplier, actor=None, account=supplier_org)
    return World(buyer, buyer_analyst, supplier_org, supplier_analyst)


def import_without_browser(world: World) -> None:
    report = import_audit(
        organisation=world.buyer,
        actor=world.buyer_analyst.user,
        data=AUDIT.read_bytes(),
        filename=AUDIT.name,
    )
    assert report.committed and not report.rejected, report.as_dict()


def counts(page: Any) -> dict[str, int]:
    """The import report's counts by label: {"new findings": 4, "updated": 0, ...}."""
    found = {}
    for item in page.locator("main ul.summary li").all_inner_texts():
        number, label = item.strip().split(" ", 1)
        found[label.strip()] = int(number)
    return found


def board_rows(page: Any) -> list[list[str]]:
    return [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in page.locator("table.findings tbody tr").all()
    ]


def notice(page: Any) -> str:
    return page.locator("ul.messages").inner_text()


def action_card(page: Any) -> Any:
    return page.locator("section.card").filter(has=page.get_by_role("heading", name=RETURN_PASSPORTS))


def test_audit_to_verified_finding(
    new_page: Fixture, sign_in: Fixture, axe_check: Fixture, shot: Fixture, world: World, tmp_path: Path
) -> None:
    # --- The buyer imports the audit -------------------------------------------------------
    buyer = new_page()
    sign_in(buyer, world.buyer_analyst.user.email, PASSWORD)
    buyer.goto("/findings/")
    buyer.get_by_role("heading", name="Findings", exact=True).wait_for()
    assert "0 findings" in buyer.get_by_role("status").inner_text()
    axe_check(buyer, "empty findings board")
    shot(buyer, "60-findings-board-empty")

    buyer.get_by_role("link", name="Import audit results").click()
    buyer.get_by_role("heading", name="Import audit results").wait_for()
    axe_check(buyer, "audit upload page")
    buyer.get_by_label("Audit results (CSV, TSV or Excel .xlsx)").set_input_files(AUDIT)
    all_or_nothing = buyer.get_by_label("All or nothing: import only if every row is valid")
    all_or_nothing.check()
    assert all_or_nothing.is_checked()
    shot(buyer, "61-audit-upload")
    buyer.get_by_role("button", name="Upload and preview").click()

    buyer.get_by_role("heading", name="Check the audit import").wait_for()
    assert counts(buyer) == {
        "new findings": 4,
        "updated": 0,
        "unchanged": 0,
        "corrective actions": 4,
        "good examples (not findings)": 1,
    }
    assert buyer.locator("table.rejected").count() == 0
    assert buyer.locator(".errors").count() == 0
    assert Finding.objects.count() == 0  # a preview writes nothing
    axe_check(buyer, "audit import preview")
    shot(buyer, "62-audit-preview")

    buyer.get_by_role("button", name="Import", exact=True).click()
    buyer.get_by_role("heading", name="Audit imported").wait_for()
    assert counts(buyer)["new findings"] == 4
    assert Finding.objects.filter(organisation=world.buyer).count() == 4
    axe_check(buyer, "audit import result")
    shot(buyer, "63-audit-imported")

    buyer.get_by_role("link", name="See the findings").click()
    buyer.get_by_role("heading", name="Findings", exact=True).wait_for()
    assert "4 findings" in buyer.get_by_role("status").inner_text()
    rows = board_rows(buyer)
    assert len(rows) == 4, rows
    # The most severe first (UNGP 24): the critical forced-labour finding heads the board.
    title, severity, issue, where, country, status, source, found = rows[0]
    assert PASSPORTS.search(title) and severity == "Critical", rows[0]
    assert "forced" in issue.lower() and SUPPLIER in where and SITE in where, rows[0]
    assert (country, source) == ("VN", "Social audit") and "2026" in found, rows[0]
    assert status == "Action planned", rows[0]  # the auditor's corrective action came with it
    axe_check(buyer, "findings board")
    shot(buyer, "64-findings-board")

    buyer.get_by_role("link", name=PASSPORTS).click()
    buyer.get_by_role("heading", level=1, name=PASSPORTS).wait_for()
    finding = Finding.objects.get(organisation=world.buyer, details__finding_ref="NC-1")
    assert buyer.url.endswith(f"/findings/{finding.pk}/")
    main = buyer.locator("main")
    assert "Critical" in main.locator(".sev").first.inner_text()
    # The page teaches why a supplier's problem is still the buyer's business.
    buyer.get_by_role("heading", name="Our involvement and what is expected").wait_for()
    involvement = main.locator("dl.facts").filter(has_text="Expected response")
    assert "Directly linked" in involvement.locator("dt").first.inner_text()
    assert "leverage" in involvement.inner_text()
    assert "UNGPs 13(b)" in involvement.inner_text()
    # The auditor's corrective action, owned by the supplier.
    buyer.get_by_role("heading", name="Corrective actions").wait_for()
    card = action_card(buyer)
    assert card.count() == 1
    assert "Supplier" in card.inner_text() and "No policy on documents" in card.inner_text()
    axe_check(buyer, "finding page")
    shot(buyer, "65-finding-passports")

    # --- The supplier does the work ---------------------------------------------------------
    supplier = new_page()
    sign_in(supplier, world.supplier_analyst.user.email, PASSWORD)
    supplier.goto("/findings/supplier/")
    supplier.get_by_role("heading", name="Actions your customers asked for").wait_for()
    listed = [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in supplier.locator("main table tbody tr").all()
    ]
    assert len(listed) == 4, listed  # the four findings' actions, nothing else of the buyer's
    assert all(cells[1] == "Acme Apparel" and cells[2] == SITE for cells in listed), listed
    axe_check(supplier, "supplier's action list")
    shot(supplier, "66-supplier-actions")

    supplier.get_by_role("link", name=RETURN_PASSPORTS).click()
    supplier.get_by_role("heading", level=1, name=RETURN_PASSPORTS).wait_for()
    action = CorrectiveAction.objects.get(finding=finding)
    assert supplier.url.endswith(f"/findings/supplier/actions/{action.pk}/")
    assert "Acme Apparel" in supplier.locator("dl.facts").inner_text()
    assert "None yet." in supplier.locator("main").inner_text()
    axe_check(supplier, "supplier's action page")
    shot(supplier, "67-supplier-action")

    pdf = tmp_path / "passports-returned.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    supplier.get_by_label("Evidence file (photo, PDF, document)").set_input_files(pdf)
    supplier.get_by_label("Note", exact=True).fill("Signed receipts from the 14 workers")
    supplier.get_by_role("button", name="Add evidence").click()
    supplier.wait_for_load_state()
    assert "Evidence added." in notice(supplier)
    evidence_list = supplier.get_by_role("heading", name="Evidence", exact=True).locator(
        "xpath=following-sibling::ul[1]"
    )
    assert evidence_list.get_by_role("link", name="passports-returned.pdf").is_visible()

    supplier.get_by_label("What was done").fill(DONE_NOTE)
    supplier.get_by_role("button", name="Mark as done").click()
    supplier.wait_for_load_state()
    assert "Marked as done. The buyer will verify it." in notice(supplier)
    assert "Done. Your customer will verify it." in supplier.locator(".notice").inner_text()
    assert supplier.get_by_role("button", name="Mark as done").count() == 0
    axe_check(supplier, "supplier's action after marking it done")
    shot(supplier, "68-supplier-action-done")

    supplier.goto("/findings/supplier/")
    state = supplier.get_by_role("row").filter(has_text=RETURN_PASSPORTS).locator("td").last
    assert state.inner_text().strip() == "Done, awaiting verification"

    # The supplier sees its actions, never the buyer's finding page.
    response = supplier.goto(f"/findings/{finding.pk}/")
    assert response is not None and response.status == 404
    response = supplier.goto("/findings/")
    assert response is not None and PASSPORTS.search(supplier.locator("main").inner_text()) is None

    # --- The buyer verifies and closes ------------------------------------------------------
    buyer.reload()
    buyer.get_by_role("heading", level=1, name=PASSPORTS).wait_for()
    assert buyer.locator(".badge").first.inner_text() == "In progress"
    card = action_card(buyer)
    assert "Done, awaiting verification" in card.inner_text()
    assert DONE_NOTE in card.inner_text()
    link = card.get_by_role("link", name="passports-returned.pdf")
    assert link.is_visible()
    with buyer.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "passports-returned.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-1.4")

    card.locator("summary", has_text="Update this action").click()
    card.get_by_label("Verified by").select_option(label="Desk review of evidence")
    shot(buyer, "69-finding-verify-action")
    card.get_by_role("button", name="Verify").click()
    buyer.wait_for_load_state()
    assert "Action verified." in notice(buyer)
    assert "Verified (Desk review of evidence)" in action_card(buyer).inner_text()

    for target in ("Resolved", "Verified"):
        buyer.get_by_label("Move to").select_option(label=target)
        buyer.get_by_role("button", name="Change status").click()
        buyer.wait_for_load_state()
        assert "Status changed." in notice(buyer)
        assert buyer.locator(".badge").first.inner_text() == target
    finding.refresh_from_db()
    assert finding.status == "verified"

    timeline = buyer.locator("ol.timeline li").all_inner_texts()
    changes = [line for line in timeline if "→" in line]
    assert [line.split("(")[-1].rstrip(")") for line in changes][-2:] == [
        "In progress → Resolved",
        "Resolved → Verified",
    ], timeline
    assert any("evidence" in line.lower() for line in timeline), timeline
    assert any(world.supplier_analyst.user.email in line for line in timeline), timeline
    axe_check(buyer, "verified finding")
    shot(buyer, "70-finding-verified")


def test_findings_pages_fit_a_phone(
    new_page: Fixture, sign_in: Fixture, axe_check: Fixture, shot: Fixture, world: World
) -> None:
    """On a 360 px phone the board and the supplier's action page never scroll sideways."""
    import_without_browser(world)
    phone = {
        "viewport": {"width": 360, "height": 640},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    }

    def assert_fits(page: Any, name: str) -> None:
        shot(page, name)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{page.url}: the page is {width}px wide on a 360px screen"

    buyer = new_page(**phone)
    sign_in(buyer, world.buyer_analyst.user.email, PASSWORD)
    buyer.goto("/findings/")
    assert len(board_rows(buyer)) == 4
    assert_fits(buyer, "71-mobile-findings-board")
    axe_check(buyer, "findings board on a phone")
    buyer.get_by_role("link", name=PASSPORTS).click()
    buyer.get_by_role("heading", level=1, name=PASSPORTS).wait_for()
    assert_fits(buyer, "72-mobile-finding")

    supplier = new_page(**phone)
    sign_in(supplier, world.supplier_analyst.user.email, PASSWORD)
    supplier.goto("/findings/supplier/")
    assert_fits(supplier, "73-mobile-supplier-actions")
    supplier.get_by_role("link", name=RETURN_PASSPORTS).click()
    supplier.get_by_role("heading", level=1, name=RETURN_PASSPORTS).wait_for()
    assert_fits(supplier, "74-mobile-supplier-action")
    axe_check(supplier, "supplier's action page on a phone")


def test_flash_message_list_is_accessible(
    page: Any, sign_in: Fixture, axe_check: Fixture, world: World
) -> None:
    import_without_browser(world)
    finding = Finding.objects.get(organisation=world.buyer, details__finding_ref="NC-1")
    sign_in(page, world.buyer_analyst.user.email, PASSWORD)
    page.goto(f"/findings/{finding.pk}/")
    page.get_by_label("Move to").select_option(label="In progress")
    page.get_by_role("button", name="Change status").click()
    page.wait_for_load_state()
    assert "Status changed." in notice(page)
    axe_check(page, "finding page with a message")
