"""Reports: draft from the evidence, edit (each save is a new version), approve by a named
person, export to .docx and PDF, and check the draft with the disclosure classifier before
publishing. Every write is audit-logged."""

from __future__ import annotations

import io
from dataclasses import asdict
from datetime import date
from importlib.resources import files
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from docx import Document as DocxDocument
from docx.shared import Pt, RGBColor
from fpdf import FPDF

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.core.errors import UserFacingError
from ruggie.investors.domain import classifier
from ruggie.investors.domain.assessment import CriterionResult, Status, assess
from ruggie.investors.domain.documents import Document, sentences
from ruggie.investors.domain.frameworks import frameworks
from ruggie.reports.domain.drafting import DraftSection, draft, outlines
from ruggie.reports.evidence import collect
from ruggie.reports.models import Report, ReportVersion


class ReportRefused(UserFacingError):
    pass


def reports_for(organisation: Organisation) -> QuerySet[Report]:
    return Report.objects.filter(organisation=organisation)


def report_for(organisation: Organisation, pk: int) -> Report | None:
    return reports_for(organisation).filter(pk=pk).first()


def _sections(parts: list[DraftSection]) -> list[dict[str, Any]]:
    return [
        {"id": s.id, "heading": s.heading, "asks": s.asks, "text": s.text,
         "figures": [asdict(f) for f in s.figures], "gaps": s.gaps}
        for s in parts
    ]  # fmt: skip


@transaction.atomic
def report_create(*, organisation: Organisation, actor: Any, kind: str, period: str, today: date) -> Report:
    outline = outlines().get(kind)
    if outline is None:
        raise ReportRefused(f"Unknown report type {kind!r}; choose one of: {', '.join(outlines())}.")
    if not period.strip():
        raise ReportRefused("Say which period the report covers, e.g. 'Financial year to 31 January 2026'.")
    report = Report.objects.create(
        organisation=organisation, kind=kind, title=f"{outline.name}, {period.strip()}"[:255],
        period=period.strip()[:120], created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    parts = draft(outline, collect(organisation, today))
    ReportVersion.objects.create(
        report=report, number=1, sections=_sections(parts), note="drafted from the evidence in ruggie",
        created_by=report.created_by,
    )  # fmt: skip
    record(
        organisation=organisation, actor=actor, event_type=EventType.REPORT_DRAFTED, target=report,
        changes={"kind": kind, "period": report.period, "gaps": sum(len(s.gaps) for s in parts)},
    )  # fmt: skip
    return report


@transaction.atomic
def report_edit(*, report: Report, actor: Any, texts: dict[str, str], note: str = "") -> ReportVersion:
    """A new version with the sections' texts replaced; figures and gaps are kept. Editing an
    approved report takes the approval away (the approved version is kept)."""
    latest = report.latest
    assert latest is not None
    sections = [dict(s) for s in latest.sections]
    changed = []
    for s in sections:
        new = texts.get(s["id"])
        if new is not None and new.replace("\r\n", "\n").strip() != s["text"].strip():
            s["text"] = new.replace("\r\n", "\n").strip()
            if s["text"]:
                s["gaps"] = []  # the author has written this section: its gaps are theirs to judge
            changed.append(s["id"])
    if not changed:
        raise ReportRefused("Nothing changed.")
    version = ReportVersion.objects.create(
        report=report, number=latest.number + 1, sections=sections, note=note.strip()[:255],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    was_approved = report.approved_at is not None
    if was_approved:
        report.approved_at = None
        report.approved_name = ""
        report.approved_by = None
        report.save(update_fields=["approved_at", "approved_name", "approved_by"])
    record(
        organisation=report.organisation, actor=actor, event_type=EventType.REPORT_EDITED, target=report,
        changes={"version": version.number, "sections": changed, "approval_withdrawn": was_approved},
    )  # fmt: skip
    return version


@transaction.atomic
def report_approve(*, report: Report, actor: Any, name: str, today: date) -> ReportVersion:
    """A named person approves: the approval sentence is written into a final version."""
    if not name.strip():
        raise ReportRefused("Write the name and role of the person approving (e.g. 'Jane Smith, Director').")
    latest = report.latest
    assert latest is not None
    sections = [dict(s) for s in latest.sections]
    for s in sections:
        if s["id"] == "approval" or s["id"] == "A2":
            sentence = f"This statement was approved by {name.strip()} on {today:%d %B %Y}."
            s["text"] = sentence if s["id"] == "approval" else f"{s['text']} {sentence}".strip()
            s["gaps"] = []
    version = ReportVersion.objects.create(
        report=report, number=latest.number + 1, sections=sections, note=f"approved by {name.strip()}"[:255],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    report.approved_version = version
    report.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    report.approved_name = name.strip()[:255]
    report.approved_at = timezone.now()
    report.save()
    record(
        organisation=report.organisation, actor=actor, event_type=EventType.REPORT_APPROVED, target=report,
        changes={"version": version.number, "approved_by": report.approved_name},
    )  # fmt: skip
    return version


def _plain(version: ReportVersion) -> Document:
    """The report as a document of one page per section, for the disclosure classifier."""
    pages = tuple(f"{s['heading']}.\n\n{s['text']}" for s in version.sections)
    return Document("text", pages)


def report_check(version: ReportVersion, framework: str) -> list[CriterionResult]:
    """The disclosure assessment (investors capability) run on the draft itself."""
    parts = sentences(_plain(version))
    model = classifier.shipped_model()
    return assess(
        frameworks()[framework], parts, model.probabilities([p.text for p in parts]), model.thresholds
    )


def weak(results: list[CriterionResult]) -> list[CriterionResult]:
    return [r for r in results if r.status != Status.SPECIFIC]


# --- exports -----------------------------------------------------------------------------

TABLE_KINDS = {"esrs_s2"}  # datapoint tables: one row per disclosure requirement


def table_rows(version: ReportVersion, status: str) -> list[tuple[str, str, str]]:
    """(datapoint, what the organisation reports, where it comes from or what is missing)."""
    rows = []
    for s in version.sections:
        sources = "; ".join(_figure_line(f) for f in s.get("figures", []))
        missing = "; ".join(f"To complete: {g}" for g in s.get("gaps", [])) if status == "Draft" else ""
        rows.append((s["heading"], s["text"] or "-", "; ".join(x for x in (sources, missing) if x) or "-"))
    return rows


def _docx_table(doc: Any, version: ReportVersion, status: str) -> None:
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells, ("Datapoint", "Disclosure", "Source in ruggie / to complete"), strict=True
    ):
        cell.text = title
    for row in table_rows(version, status):
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value


def _pdf_table(pdf: FPDF, version: ReportVersion, status: str) -> None:
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 8)
    with pdf.table(col_widths=(30, 45, 25), text_align="LEFT") as table:
        table.row(("Datapoint", "Disclosure", "Source in ruggie / to complete"))
        for row in table_rows(version, status):
            table.row(row)


def _figure_line(f: dict[str, Any]) -> str:
    return (
        f"{f['label']}: {f['value']} (ruggie{f['link']})" if f.get("link") else f"{f['label']}: {f['value']}"
    )


def export_docx(report: Report, version: ReportVersion) -> bytes:
    doc = DocxDocument()
    doc.add_heading(report.title, level=0)
    status = "Approved" if report.approved_version_id == version.pk else "Draft"
    doc.add_paragraph(f"{report.organisation.name} · {report.period} · version {version.number} · {status}")
    if report.kind in TABLE_KINDS:
        _docx_table(doc, version, status)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    for s in version.sections:
        doc.add_heading(s["heading"], level=1)
        for paragraph in (s["text"] or "").split("\n\n"):
            if paragraph.strip():
                doc.add_paragraph(paragraph.strip())
        if status == "Draft":
            for gap in s.get("gaps", []):
                run = doc.add_paragraph().add_run(f"To complete: {gap}")
                run.italic = True
                run.font.color.rgb = RGBColor(0xA0, 0x30, 0x00)
        if s.get("figures"):
            note = doc.add_paragraph()
            run = note.add_run("Figures from ruggie: " + "; ".join(_figure_line(f) for f in s["figures"]))
            run.font.size = Pt(8)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _font_path(name: str) -> str:
    return str(files("ruggie.data").joinpath(f"fonts/{name}"))


def export_pdf(report: Report, version: ReportVersion) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(report.title)
    pdf.set_author(report.organisation.name)
    # DejaVu ships with ruggie: any Latin, Greek or Cyrillic text renders offline.
    pdf.add_font("DejaVu", "", _font_path("DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", _font_path("DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, new_x="LMARGIN", new_y="NEXT", text=report.title)
    status = "Approved" if report.approved_version_id == version.pk else "Draft"
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(
        0,
        5,
        new_x="LMARGIN",
        new_y="NEXT",
        text=f"{report.organisation.name} · {report.period} · version {version.number} · {status}",
    )
    if report.kind in TABLE_KINDS:
        _pdf_table(pdf, version, status)
        return bytes(pdf.output())
    for s in version.sections:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=s["heading"])
        pdf.set_font("DejaVu", "", 10)
        for paragraph in (s["text"] or "").split("\n\n"):
            if paragraph.strip():
                pdf.multi_cell(0, 5, new_x="LMARGIN", new_y="NEXT", text=paragraph.strip())
                pdf.ln(1)
        if status == "Draft":
            pdf.set_text_color(160, 48, 0)
            for gap in s.get("gaps", []):
                pdf.multi_cell(0, 5, new_x="LMARGIN", new_y="NEXT", text=f"To complete: {gap}")
            pdf.set_text_color(0, 0, 0)
        if s.get("figures"):
            pdf.set_font("DejaVu", "", 7)
            pdf.multi_cell(
                0,
                4,
                new_x="LMARGIN",
                new_y="NEXT",
                text="Figures from ruggie: " + "; ".join(_figure_line(f) for f in s["figures"]),
            )
    return bytes(pdf.output())
