"""Findings and their actions as an Excel workbook: one sheet of findings, one of actions.

Text cells are neutralised against formula injection (a description beginning with
"=" stays text). The buyer's internal notes are included: exports are for the buyer.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse

from ruggie.core.cells import neutralise_formula
from ruggie.core.human_rights import issues
from ruggie.findings.domain.lifecycle import LABELS, Status
from ruggie.findings.models import CorrectiveAction, Finding

FINDING_COLUMNS = (
    "Finding",
    "Supplier",
    "Site",
    "Country",
    "Issue",
    "Severity",
    "Scale",
    "Scope",
    "Irremediability",
    "Involvement",
    "Status",
    "Source",
    "Source reference",
    "Source label",
    "Found on",
    "Title",
    "Description",
    "Evidence",
    "Internal note",
    "Raised",
    "Resolved",
    "Days to close",
    "Verified",
)
ACTION_COLUMNS = (
    "Action",
    "Finding",
    "What will be done",
    "Root cause",
    "Owner",
    "Due",
    "Overdue",
    "Completed",
    "Completion note",
    "Verified",
    "Verification method",
)


def _cells(values: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if v is None:
            out.append("")
        elif hasattr(v, "tzinfo") and getattr(v, "tzinfo", None) is not None:
            out.append(v.replace(tzinfo=None))  # Excel has no time zones; stored times are UTC
        else:
            out.append(neutralise_formula(v))
    return out


def findings_rows(qs: QuerySet[Finding]) -> Iterable[list[Any]]:
    names = {i.code: i.name for i in issues()}
    for f in qs.select_related("supplier", "site").iterator(chunk_size=2000):
        yield _cells(
            [
                f"F-{f.pk}",
                f.supplier.name,
                f.site.name if f.site else "",
                f.country,
                names.get(f.issue, f.issue),
                f.severity,
                f.scale,
                f.scope,
                f.irremediability,
                f.get_involvement_display(),
                LABELS[Status(f.status)],
                f.get_source_display(),
                f.source_ref,
                f.source_label,
                f.found_on,
                f.title,
                f.description,
                f.evidence,
                f.internal_note,
                f.created_at,
                f.closed_at,
                f.days_to_close,
                f.verified_at,
            ]
        )


def actions_rows(qs: QuerySet[Finding], today: date) -> Iterable[list[Any]]:
    actions = CorrectiveAction.objects.filter(finding__in=qs.values("pk")).order_by("finding_id", "id")
    for a in actions.iterator(chunk_size=2000):
        overdue = a.completed_at is None and a.due_on is not None and a.due_on < today
        yield _cells(
            [
                f"A-{a.pk}",
                f"F-{a.finding_id}",
                a.description,
                a.root_cause,
                a.get_owner_party_display(),
                a.due_on,
                "yes" if overdue else "",
                a.completed_at,
                a.completion_note,
                a.verified_at,
                a.get_verification_method_display() if a.verification_method else "",
            ]
        )


def findings_xlsx(qs: QuerySet[Finding], *, today: date) -> HttpResponse:
    from openpyxl import Workbook  # slow to import; only for exports

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Findings")
    sheet.append(list(FINDING_COLUMNS))
    for row in findings_rows(qs):
        sheet.append(row)
    sheet = wb.create_sheet("Actions")
    sheet.append(list(ACTION_COLUMNS))
    for row in actions_rows(qs, today):
        sheet.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="findings-{today.isoformat()}.xlsx"'
    return response
