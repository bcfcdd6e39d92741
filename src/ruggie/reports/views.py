"""Report pages: the list (and a new draft), one report to edit, approve, check and export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggie.accounts.access import OrgRequest, requires
from ruggie.core.errors import UserFacingError
from ruggie.investors.domain.assessment import STATUS_LABELS
from ruggie.reports import services
from ruggie.reports.domain.drafting import outlines
from ruggie.reports.models import Report, ReportVersion


def _report(request: OrgRequest, pk: int) -> Report:
    found = services.report_for(request.organisation, pk)
    if found is None:
        raise Http404
    return found


def _version(report: Report, request: OrgRequest) -> ReportVersion:
    number = request.GET.get("version", "")
    found = report.versions.filter(number=int(number)).first() if number.isdigit() else report.latest
    if found is None:
        raise Http404
    return found


@requires("view")
def report_list(request: OrgRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        if not request.membership.can("edit"):
            raise PermissionDenied
        try:
            made = services.report_create(
                organisation=request.organisation, actor=request.user, kind=request.POST.get("kind", ""),
                period=request.POST.get("period", ""), today=timezone.localdate(),
            )  # fmt: skip
        except UserFacingError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, _("Draft written from what ruggie holds. Fill the gaps it names."))
            return redirect("reports:report", pk=made.pk)
    return render(
        request,
        "reports/list.html",
        {
            "reports": services.reports_for(request.organisation),
            "kinds": [(c, o.name) for c, o in outlines().items()],
        },
        status=status,
    )


@requires("view")
def report(request: OrgRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    version = _version(found, request)
    outline = outlines()[found.kind]
    check = services.report_check(version, outline.framework) if request.GET.get("check") else None
    return render(
        request,
        "reports/report.html",
        {
            "r": found,
            "v": version,
            "versions": found.versions.order_by("-number"),
            "is_latest": found.latest == version,
            "approved": found.approved_version_id == version.pk,
            "check": [(c, STATUS_LABELS[c.status]) for c in check] if check is not None else None,
            "framework": outline.framework,
            "table": services.table_rows(
                version, "Approved" if found.approved_version_id == version.pk else "Draft"
            )
            if found.kind in services.TABLE_KINDS
            else None,
        },
    )


@requires("edit")
def act(request: OrgRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    found = _report(request, pk)
    try:
        if request.POST.get("action") == "approve":
            services.report_approve(
                report=found,
                actor=request.user,
                name=request.POST.get("name", ""),
                today=timezone.localdate(),
            )
            messages.success(request, _("Approved. The approval is recorded in the audit log."))
        else:
            latest = found.latest
            assert latest is not None
            texts = {
                s["id"]: request.POST[f"text-{s['id']}"]
                for s in latest.sections
                if f"text-{s['id']}" in request.POST
            }
            version = services.report_edit(
                report=found, actor=request.user, texts=texts, note=request.POST.get("note", "")
            )
            messages.success(request, _("Saved as version %(n)s.") % {"n": version.number})
    except UserFacingError as exc:
        messages.error(request, exc.message)
    return redirect("reports:report", pk=found.pk)


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires("export")
def export_docx(request: OrgRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    version = _version(found, request)
    return _download(
        services.export_docx(found, version),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"report-{found.pk}-v{version.number}.docx",
    )


@requires("export")
def export_pdf(request: OrgRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    version = _version(found, request)
    return _download(
        services.export_pdf(found, version), "application/pdf", f"report-{found.pk}-v{version.number}.pdf"
    )
