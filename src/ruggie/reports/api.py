"""REST routes: the organisation's reports, each with its latest version's sections, figures
and gaps (read only: drafting, editing and approval happen in the app, where they are logged)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404
from ninja import Router, Schema

from ruggie.accounts.access import OrgRequest
from ruggie.reports import services
from ruggie.reports.models import Report

router = Router(tags=["reports"])


class SectionOut(Schema):
    id: str
    heading: str
    asks: str
    text: str
    figures: list[dict[str, Any]]
    gaps: list[str]


class ReportOut(Schema):
    id: int
    kind: str
    title: str
    period: str
    version: int
    approved_by: str
    approved_at: datetime | None
    sections: list[SectionOut]


def _out(r: Report) -> ReportOut:
    latest = r.latest
    sections = latest.sections if latest else []
    return ReportOut(
        id=r.pk, kind=r.kind, title=r.title, period=r.period, version=latest.number if latest else 0,
        approved_by=r.approved_name, approved_at=r.approved_at,
        sections=[SectionOut(**{k: s.get(k, [] if k in ("figures", "gaps") else "") for k in
                                ("id", "heading", "asks", "text", "figures", "gaps")}) for s in sections],
    )  # fmt: skip


@router.get("/reports", response=list[ReportOut])
def reports(request: OrgRequest):  # type: ignore[no-untyped-def]
    return [_out(r) for r in services.reports_for(request.organisation)]


@router.get("/reports/{report_id}", response=ReportOut)
def report(request: OrgRequest, report_id: int):  # type: ignore[no-untyped-def]
    found = services.report_for(request.organisation, report_id)
    if found is None:
        raise Http404
    return _out(found)
