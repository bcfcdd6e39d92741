"""Reports drafted from the evidence on the demo organisation (golden headings and linked
figures per report type), edited in versions, approved by a named person, exported to .docx
and PDF, and checked with the disclosure classifier. Other organisations never reach them."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from docx import Document as Docx
from pypdf import PdfReader

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import AuditEvent, EventType
from ruggie.demo import load_demo
from ruggie.register.models import Site, Supplier
from ruggie.reports import services
from ruggie.reports.domain.drafting import Figure, draft, outlines
from tests.conftest import signed_in

TODAY = date(2026, 12, 4)
GOLDEN = {
    "uk_msa": ["Organisation structure, business and supply chains",
               "Policies in relation to slavery and human trafficking", "Due diligence processes",
               "Risk assessment and management", "Effectiveness and key performance indicators", "Training",
               "Approval"],
    "au_msa": ["Reporting entity", "Structure, operations and supply chains", "Modern slavery risks",
               "Actions taken to assess and address risks, including due diligence and remediation",
               "Assessing the effectiveness of actions", "Consultation with owned or controlled entities",
               "Other relevant information", "Approval and signature"],
    "ca_s211": ["Structure, activities and supply chains", "Policies and due diligence processes",
                "Parts of the business and supply chains at risk, and steps taken",
                "Remediation of forced labour or child labour",
                "Remediation of loss of income to the most vulnerable families", "Training",
                "Assessing effectiveness", "Approval and attestation"],
    "ungp_rf": ["A1", "A2", "B1", "B2", "B3", "B4", "C1", "C2", "C3", "C4", "C5", "C6"],
    "esrs_s2": ["S2-1", "S2-2", "S2-3", "S2-4", "S2-5"],
}  # fmt: skip


@pytest.fixture
def demo(db: None) -> Organisation:
    load_demo()
    return Organisation.objects.get(slug="acme-apparel")


@pytest.mark.parametrize("kind", list(GOLDEN))
def test_each_report_type_is_drafted_under_the_laws_headings_with_linked_figures(
    demo: Organisation, kind: str
) -> None:
    report = services.report_create(
        organisation=demo, actor=None, kind=kind, period="FY to 31 Jan 2026", today=TODAY
    )
    version = report.latest
    assert version is not None and version.number == 1
    headings = [s["heading"] for s in version.sections]
    if kind in ("ungp_rf", "esrs_s2"):
        assert [h.split(" ")[0].rstrip(".") for h in headings] == GOLDEN[kind]
    else:
        assert headings == GOLDEN[kind]
    every_figure = [f for s in version.sections for f in s["figures"]]
    assert every_figure and all(f["link"].startswith("/") for f in every_figure if f["key"] != "organisation")
    gaps = [g for s in version.sections for g in s["gaps"]]
    assert any("training" in g or "policy" in g or "engagement" in g or "Not approved" in g for g in gaps)


def test_the_uk_draft_cites_the_registers_own_numbers_and_names_the_gaps(demo: Organisation) -> None:
    report = services.report_create(
        organisation=demo, actor=None, kind="uk_msa", period="FY 2025", today=TODAY
    )
    sections = {s["id"]: s for s in report.latest.sections}  # type: ignore[union-attr]
    suppliers = Supplier.objects.filter(organisation=demo).count()
    sites = Site.objects.filter(organisation=demo).count()
    assert f"{suppliers} suppliers operating {sites} sites" in sections["a"]["text"]
    keys = {f["key"]: f for f in sections["a"]["figures"]}
    assert keys["suppliers"]["value"] == suppliers and keys["suppliers"]["link"] == "/register/"
    assert sections["e"]["figures"] and "corrective actions" in sections["e"]["text"]
    assert sections["f"]["text"] == "" and "no training record" in sections["f"]["gaps"][0]
    assert sections["b"]["gaps"] and "no policy" in sections["b"]["gaps"][0]
    event = AuditEvent.objects.get(organisation=demo, event_type=EventType.REPORT_DRAFTED)
    assert event.changes["gaps"] >= 3


def test_a_paragraph_whose_figures_are_missing_becomes_a_named_gap() -> None:
    outline = outlines()["uk_msa"]
    empty = {"organisation": Figure("organisation", "Organisation", "Acme")}
    parts = draft(outline, empty)
    assert all(p.text == "" for p in parts)
    assert "No supply chain recorded: import the supplier list to describe the supply chain." in parts[0].gaps
    assert "No effectiveness measure recorded." in parts[4].gaps


def test_edit_approve_export_and_check(demo: Organisation) -> None:
    analyst = Membership.objects.get(organisation=demo, role="analyst")
    report = services.report_create(organisation=demo, actor=analyst.user, kind="uk_msa", period="FY 2025",
                                    today=TODAY)  # fmt: skip
    with pytest.raises(services.ReportRefused, match="Nothing changed"):
        services.report_edit(report=report, actor=analyst.user, texts={})
    training = "All 14 buyers completed a half-day course on forced labour indicators in March 2025."
    v2 = services.report_edit(report=report, actor=analyst.user, texts={"f": training}, note="training added")
    assert v2.number == 2 and next(s for s in v2.sections if s["id"] == "f")["text"] == training
    assert report.versions.get(number=1).sections[5]["text"] == ""  # the old version is kept as it was
    with pytest.raises(services.ReportRefused, match="name and role"):
        services.report_approve(report=report, actor=analyst.user, name=" ", today=TODAY)
    v3 = services.report_approve(report=report, actor=analyst.user, name="Jane Smith, Director", today=TODAY)
    report.refresh_from_db()
    assert report.approved_version == v3 and report.approved_name == "Jane Smith, Director"
    approval = next(s for s in v3.sections if s["id"] == "approval")
    assert approval["text"] == "This statement was approved by Jane Smith, Director on 04 December 2026."
    events = AuditEvent.objects.filter(
        organisation=demo, event_type__in=[EventType.REPORT_EDITED, EventType.REPORT_APPROVED]
    )
    assert events.count() == 2

    text = "\n".join(p.text for p in Docx(io.BytesIO(services.export_docx(report, v3))).paragraphs)
    assert "Approved" in text and training in text and "To complete" not in text
    pdf = PdfReader(io.BytesIO(services.export_pdf(report, v3)))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Jane Smith, Director" in pdf_text and "Training" in pdf_text
    draft_pdf = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(services.export_pdf(report, v2))).pages
    )
    assert "To complete" in draft_pdf and "Draft" in draft_pdf

    results = services.report_check(v3, "uk_msa")
    assert [r.criterion.id for r in results][:2] == ["UK54a", "UK54b"]
    by_id = {r.criterion.id: r for r in results}
    assert by_id["UK54-4-approval"].status != "not_addressed"
    assert by_id["UK54b"] in services.weak(results)  # no policy written yet

    # Editing an approved report withdraws the approval.
    services.report_edit(
        report=report, actor=analyst.user, texts={"b": "Our supplier code bans recruitment fees."}
    )
    report.refresh_from_db()
    assert report.approved_at is None and report.approved_version == v3


def test_pages_edit_approve_download_and_isolation(
    demo: Organisation, make_org: Callable[..., Organisation], make_member: Callable[..., Membership]
) -> None:
    analyst = signed_in(Membership.objects.get(organisation=demo, role="analyst"))
    response = analyst.post("/reports/", {"kind": "uk_msa", "period": "FY to 31 Jan <b>2026</b>"})
    assert response.status_code == 302
    report = services.reports_for(demo).get()
    page = analyst.get(response["Location"]).content.decode()
    assert "FY to 31 Jan &lt;b&gt;2026&lt;/b&gt;" in page and "To complete" in page
    analyst.post(
        f"/reports/{report.pk}/act/",
        {"action": "edit", "text-f": "<script>alert(1)</script> trained 14 buyers"},
    )
    page = analyst.get(f"/reports/{report.pk}/").content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    check = analyst.get(f"/reports/{report.pk}/?check=1").content.decode()
    assert "Check before publishing" in check and "UK54a" in check
    analyst.post(f"/reports/{report.pk}/act/", {"action": "approve", "name": "Jane Smith, Director"})
    docx = analyst.get(f"/reports/{report.pk}/export.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = analyst.get(f"/reports/{report.pk}/export.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    other = signed_in(make_member(make_org("rival", kind="company"), "admin"))
    for path in ("/", "/export.docx", "/export.pdf"):
        assert other.get(f"/reports/{report.pk}{path}").status_code == 404
    assert other.post(f"/reports/{report.pk}/act/", {"action": "approve", "name": "X"}).status_code == 404
    viewer = signed_in(Membership.objects.get(organisation=demo, role="viewer"))
    assert viewer.post(f"/reports/{report.pk}/act/", {"action": "approve", "name": "X"}).status_code == 403
    assert viewer.post("/reports/", {"kind": "uk_msa", "period": "x"}).status_code == 403
    refused = analyst.post("/reports/", {"kind": "uk_msa", "period": ""})
    assert refused.status_code == 400


def test_forms_need_the_csrf_token(demo: Organisation) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(Membership.objects.get(organisation=demo, role="analyst").user,
                       backend="django.contrib.auth.backends.ModelBackend")  # fmt: skip
    assert client.post("/reports/", {"kind": "uk_msa", "period": "FY"}).status_code == 403


def test_the_esrs_s2_report_is_a_datapoint_table_in_word_and_pdf(demo: Organisation) -> None:
    report = services.report_create(
        organisation=demo, actor=None, kind="esrs_s2", period="FY 2025", today=TODAY
    )
    version = report.latest
    assert version is not None
    rows = services.table_rows(version, "Draft")
    assert [r[0].split(" ")[0] for r in rows] == GOLDEN["esrs_s2"]
    assert any("To complete: No target recorded" in r[2] for r in rows)
    table = Docx(io.BytesIO(services.export_docx(report, version))).tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Datapoint",
        "Disclosure",
        "Source in ruggie / to complete",
    ]
    assert len(table.rows) == 6
    pdf_text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(services.export_pdf(report, version))).pages
    )
    assert "S2-5" in pdf_text and "Datapoint" in pdf_text


def test_the_api_lists_reports_with_sections_to_their_organisation_only(
    demo: Organisation, make_org: Callable[..., Organisation], make_member: Callable[..., Membership]
) -> None:
    from ruggie.accounts.services import api_token_create
    from tests.risk.conftest import Api

    report = services.report_create(
        organisation=demo, actor=None, kind="uk_msa", period="FY 2025", today=TODAY
    )
    _t, raw = api_token_create(membership=Membership.objects.get(organisation=demo, role="analyst"), name="t")
    listed = Api(raw).get("/reports").json()
    assert [r["id"] for r in listed] == [report.pk] and listed[0]["sections"][0]["figures"]
    assert Api(raw).get(f"/reports/{report.pk}").json()["sections"][-1]["id"] == "approval"
    _t, other = api_token_create(membership=make_member(make_org("rival", kind="company"), "admin"), name="t")
    assert Api(other).get(f"/reports/{report.pk}").status_code == 404
    assert Api(other).get("/reports").json() == []
