"""The findings pages as users reach them: buyer, viewer, supplier, and strangers."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ruggie.accounts.models import Membership, Organisation
from ruggie.findings.domain.raising import FindingDraft, Source
from ruggie.findings.domain.severity import Severity
from ruggie.findings.models import CorrectiveAction, Evidence, Finding
from ruggie.findings.services import action_create, finding_raise
from tests.conftest import signed_in
from tests.findings.conftest import Register

AUDITS = Path(__file__).parents[1] / "data" / "audits"


@pytest.fixture
def finding(org: Organisation, analyst: Membership, register: Register) -> Finding:
    draft = FindingDraft(
        issue="forced_labour",
        title="Passports <script>alert(1)</script> held",
        source=Source.AUDIT,
        severity=Severity.CRITICAL,
        site_id=register.factory.pk,
        source_ref="A#1",
        description='=HYPERLINK("http://evil")',
        found_on=date(2026, 3, 14),
    )
    return finding_raise(organisation=org, actor=analyst.user, draft=draft)[0]


@pytest.fixture
def supplier_member(make_org, make_member, register: Register) -> Membership:  # type: ignore[no-untyped-def]
    account = make_org("stitch", kind="supplier")
    register.stitch.account = account
    register.stitch.save()
    return make_member(account, "analyst")  # type: ignore[no-any-return]


def test_board_detail_and_site_pages(analyst_client: Client, finding: Finding, register: Register) -> None:
    board = analyst_client.get("/findings/", {"severity": "critical", "status": "open"})
    assert board.status_code == 200
    body = board.content.decode()
    assert "&lt;script&gt;" in body and "<script>alert" not in body
    detail = analyst_client.get(f"/findings/{finding.pk}/").content.decode()
    assert "Directly linked" in detail and "use its leverage" in detail.lower()
    assert "ILO Forced Labour Convention" in detail
    site = analyst_client.get(f"/findings/sites/{register.factory.pk}/")
    assert site.status_code == 200 and f"F-{finding.pk}" in site.content.decode()
    assert analyst_client.get("/findings/metrics/").status_code == 200


def test_other_organisations_get_404(
    other_org: Organisation, make_member, finding: Finding, register: Register
) -> None:  # type: ignore[no-untyped-def]
    rival = signed_in(make_member(other_org, "admin"))
    assert rival.get(f"/findings/{finding.pk}/").status_code == 404
    assert rival.get(f"/findings/sites/{register.factory.pk}/").status_code == 404
    assert rival.post(f"/findings/{finding.pk}/status/", {"target": "in_progress"}).status_code == 404
    assert "Passports" not in rival.get("/findings/").content.decode()


def test_viewer_reads_but_cannot_act(viewer_client: Client, finding: Finding) -> None:
    assert viewer_client.get(f"/findings/{finding.pk}/").status_code == 200
    assert viewer_client.post(f"/findings/{finding.pk}/status/", {"target": "in_progress"}).status_code == 403
    assert viewer_client.get("/findings/new/").status_code == 403
    finding.refresh_from_db()
    assert finding.status == "open"


def test_buyer_works_the_finding(analyst_client: Client, finding: Finding) -> None:
    r = analyst_client.post(
        f"/findings/{finding.pk}/actions/",
        {"description": "Return passports", "owner_party": "supplier", "due_on": "2026-03-21"},
    )
    assert r.status_code == 302
    action = CorrectiveAction.objects.get()
    refused = analyst_client.post(f"/findings/{finding.pk}/status/", {"target": "verified"}, follow=True)
    assert "cannot go from" in refused.content.decode()
    analyst_client.post(f"/findings/actions/{action.pk}/complete/", {"note": "Returned all 14"})
    analyst_client.post(f"/findings/{finding.pk}/status/", {"target": "resolved"})
    analyst_client.post(f"/findings/actions/{action.pk}/verify/", {"method": "desk_review"})
    analyst_client.post(f"/findings/{finding.pk}/status/", {"target": "verified"})
    finding.refresh_from_db()
    action.refresh_from_db()
    assert finding.status == "verified" and action.verified_at is not None


def test_raise_by_hand(analyst_client: Client, register: Register) -> None:
    r = analyst_client.post(
        "/findings/new/",
        {
            "site": register.tunis.pk,
            "issue": "wages",
            "title": "Overtime unpaid",
            "severity": "high",
            "scale": "3",
            "scope": "3",
            "irremediability": "2",
            "involvement": "contributed",
            "source": "manual",
        },
    )
    assert r.status_code == 302
    f = Finding.objects.get()
    assert (f.site, f.involvement, f.scale) == (register.tunis, "contributed", 3)
    half = analyst_client.post(
        "/findings/new/",
        {
            "site": register.tunis.pk,
            "issue": "wages",
            "title": "x",
            "severity": "high",
            "scale": "3",
            "involvement": "caused",
            "source": "manual",
        },
    )
    assert half.status_code == 200 and "all three" in half.content.decode()


def test_supplier_sees_and_updates_only_its_actions(
    org: Organisation, analyst: Membership, supplier_member: Membership, finding: Finding, register: Register
) -> None:
    mine = action_create(finding=finding, actor=analyst.user, description="Return passports")
    buyers_own = action_create(
        finding=finding, actor=analyst.user, description="Review purchasing", owner_party="buyer"
    )
    finding.internal_note = "Consider ending the contract"
    finding.save()
    client = signed_in(supplier_member)
    assert "ending the contract" not in client.get(f"/findings/supplier/actions/{mine.pk}/").content.decode()
    listing = client.get("/findings/supplier/").content.decode()
    assert "Return passports" in listing and "Review purchasing" not in listing
    assert client.get(f"/findings/supplier/actions/{buyers_own.pk}/").status_code == 404
    assert client.get(f"/findings/{finding.pk}/").status_code == 404  # not the buyer's finding page
    pdf = SimpleUploadedFile("lockers.pdf", b"%PDF-1.4 lockers installed", content_type="application/pdf")
    client.post(f"/findings/actions/{mine.pk}/evidence/", {"file": pdf, "note": "Photo of lockers"})
    client.post(f"/findings/actions/{mine.pk}/complete/", {"note": "All passports returned"})
    assert client.post(f"/findings/actions/{mine.pk}/verify/", {"method": "desk_review"}).status_code == 404
    mine.refresh_from_db()
    assert mine.completed_at is not None and mine.verified_at is None
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf" and evidence.filename == "lockers.pdf"
    assert (
        evidence.file.name.endswith(".pdf") and "lockers" not in evidence.file.name
    )  # stored under a random name
    download = client.get(f"/findings/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    # The buyer sees it too; a stranger does not.
    assert signed_in(analyst).get(f"/findings/evidence/{evidence.pk}/").status_code == 200


def test_stranger_supplier_cannot_reach_actions(
    make_org, make_member, analyst: Membership, finding: Finding
) -> None:  # type: ignore[no-untyped-def]
    action = action_create(finding=finding, actor=analyst.user, description="Return passports")
    stranger = signed_in(make_member(make_org("other-supplier", kind="supplier"), "admin"))
    assert stranger.get(f"/findings/supplier/actions/{action.pk}/").status_code == 404
    assert stranger.post(f"/findings/actions/{action.pk}/complete/", {"note": "x"}).status_code == 404
    assert "Return passports" not in stranger.get("/findings/supplier/").content.decode()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04"),
        ("x.zip", b"PK\x03\x04\x14\x00\x00\x00junk"),
        ("page.html", b"\x00\x01binary"),
    ],
)
def test_evidence_type_is_checked_by_content(
    analyst_client: Client, analyst: Membership, finding: Finding, name: str, data: bytes
) -> None:
    action = action_create(finding=finding, actor=analyst.user, description="x")
    r = analyst_client.post(
        f"/findings/actions/{action.pk}/evidence/", {"file": SimpleUploadedFile(name, data)}, follow=True
    )
    assert "not accepted" in r.content.decode() or "damaged" in r.content.decode()
    assert not Evidence.objects.exists()


def test_audit_import_through_the_pages(analyst_client: Client, register: Register) -> None:
    upload = SimpleUploadedFile("capr.csv", (AUDITS / "smeta_capr.csv").read_bytes())
    preview = analyst_client.post("/findings/import/", {"file": upload, "mode": "all_or_nothing"})
    assert preview.status_code == 200 and "4</strong> new findings" in preview.content.decode()
    assert not Finding.objects.exists()
    done = analyst_client.post("/findings/import/commit/")
    assert "Audit imported" in done.content.decode()
    assert Finding.objects.count() == 4
    again = analyst_client.post("/findings/import/commit/", follow=True)  # nothing pending any more
    assert "upload the audit file again" in again.content.decode()


def test_rejected_audit_rows_are_listed(analyst_client: Client, register: Register) -> None:
    upload = SimpleUploadedFile("bsci.csv", (AUDITS / "bsci_french_cp1252.csv").read_bytes())
    page = analyst_client.post(
        "/findings/import/", {"file": upload, "mode": "all_or_nothing"}
    ).content.decode()
    assert (
        "nothing was imported" in page
        and "No human rights issue" in page
        and "Import the valid rows" not in page
    )


def test_export_neutralises_formulas(analyst_client: Client, finding: Finding) -> None:
    response = analyst_client.get("/findings/export.xlsx")
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(wb["Findings"].iter_rows(values_only=True))
    description = rows[1][rows[0].index("Description")]
    assert description.startswith("'=")


def test_viewer_cannot_export(viewer_client: Client) -> None:
    assert viewer_client.get("/findings/export.xlsx").status_code == 403


def test_columns_can_be_matched_by_hand(analyst_client: Client, register: Register) -> None:
    text = (
        "Ref,When,Where,Gravity,Topic,What happened\nX-1,2026-05-02,Atlas Tunis,major,PA5,Overtime unpaid\n"
    )
    upload = SimpleUploadedFile("odd.csv", text.encode())
    preview = analyst_client.post(
        "/findings/import/", {"file": upload, "mode": "all_or_nothing"}
    ).content.decode()
    assert "No column for" in preview and "Match the columns by hand" in preview
    page = analyst_client.get("/findings/import/columns/")
    assert page.status_code == 200 and "Overtime unpaid" in page.content.decode()
    mapping = {
        "col_0": "audit_ref",
        "col_1": "audit_date",
        "col_2": "site_name",
        "col_3": "severity",
        "col_4": "clause",
        "col_5": "description",
    }
    again = analyst_client.post("/findings/import/columns/", mapping).content.decode()
    assert "1</strong> new findings" in again
    analyst_client.post("/findings/import/commit/")
    f = Finding.objects.get()
    assert (f.issue, f.site, f.severity) == ("wages", register.tunis, "high")
    twice = analyst_client.post("/findings/import/columns/", {**mapping, "col_4": "audit_ref"}, follow=True)
    assert "upload the audit file again" in twice.content.decode()  # the file left the session


def test_evidence_sent_with_completion_is_kept(
    analyst_client: Client, analyst: Membership, finding: Finding
) -> None:
    action = action_create(finding=finding, actor=analyst.user, description="Return passports")
    pdf = SimpleUploadedFile("receipts.pdf", b"%PDF-1.4 signed receipts")
    analyst_client.post(f"/findings/actions/{action.pk}/complete/", {"note": "Returned", "file": pdf})
    action.refresh_from_db()
    assert action.completed_at is not None and Evidence.objects.get(action=action).filename == "receipts.pdf"
    other = action_create(finding=finding, actor=analyst.user, description="Lockers")
    bad = SimpleUploadedFile("run.pdf", b"MZ\x90\x00")
    page = analyst_client.post(
        f"/findings/actions/{other.pk}/complete/", {"note": "Done", "file": bad}, follow=True
    )
    other.refresh_from_db()
    assert "not accepted" in page.content.decode() and other.completed_at is None  # all or nothing


def test_buyer_edits_its_judgement(analyst_client: Client, viewer_client: Client, finding: Finding) -> None:
    assert viewer_client.get(f"/findings/{finding.pk}/edit/").status_code == 403
    form = analyst_client.get(f"/findings/{finding.pk}/edit/")
    assert form.status_code == 200
    r = analyst_client.post(
        f"/findings/{finding.pk}/edit/",
        {
            "issue": "forced_labour",
            "title": "Passports held",
            "severity": "high",
            "involvement": "contributed",
            "scale": "4",
            "scope": "2",
            "irremediability": "2",
            "internal_note": "Ask the agent too",
        },
    )
    assert r.status_code == 302
    finding.refresh_from_db()
    assert (finding.severity, finding.severity_rank, finding.involvement, finding.scale) == (
        "high",
        3,
        "contributed",
        4,
    )
    assert "Ask the agent too" in analyst_client.get(f"/findings/{finding.pk}/").content.decode()


def test_board_for_one_supplier(analyst_client: Client, finding: Finding, register: Register) -> None:
    page = analyst_client.get("/findings/", {"supplier": register.stitch.pk}).content.decode()
    assert "Saigon Stitch Co., Ltd." in page and "show all suppliers" in page and "1 finding" in page
    assert "0 findings" in analyst_client.get("/findings/", {"supplier": register.atlas.pk}).content.decode()
    detail = analyst_client.get(f"/register/suppliers/{register.stitch.pk}/").content.decode()
    assert (
        f"/findings/?supplier={register.stitch.pk}" in detail
        and f"/findings/sites/{register.factory.pk}/" in detail
    )
