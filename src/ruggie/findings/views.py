"""Findings pages for the buyer: the board, a finding, a site's evidence side by side,
the manager's numbers, raising a finding by hand, and the Excel export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggie.accounts.access import OrgRequest, requires
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.core.human_rights import issue, issues
from ruggie.findings import exporting, selectors, services
from ruggie.findings.domain.involvement import Involvement, expected_response
from ruggie.findings.domain.lifecycle import LABELS, Party, Status, allowed_targets
from ruggie.findings.domain.raising import DraftRefused, FindingDraft, Source
from ruggie.findings.domain.severity import Severity, SeverityDimensions, suggest_level
from ruggie.findings.forms import (
    ActionForm,
    CompleteForm,
    EvidenceForm,
    FindingEditForm,
    FindingForm,
    RemedyForm,
    VerifyForm,
)
from ruggie.findings.models import (
    SEVERITY_CHOICES,
    SOURCE_CHOICES,
    STATUS_CHOICES,
    CorrectiveAction,
    Evidence,
    Finding,
)
from ruggie.register.models import Site, Supplier

PAGE_SIZE = 50


def _finding(request: OrgRequest, pk: int) -> Finding:
    try:
        return selectors.finding_get(organisation=request.organisation, pk=pk)
    except Finding.DoesNotExist:
        raise Http404 from None  # another organisation's finding looks like a missing one


@requires("view")
def board(request: OrgRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").replace("\x00", "").strip()[:64] for k in selectors.FILTERS}
    qs = selectors.finding_list(organisation=request.organisation, filters=filters)
    page = selectors.board_page(
        organisation=request.organisation, filters=filters, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("page", None)
    counts = selectors.board_counts(qs)
    supplier_id = filters["supplier"]
    supplier = (
        Supplier.objects.filter(organisation=request.organisation, pk=int(supplier_id)).first()
        if supplier_id.isascii() and supplier_id.isdigit() and len(supplier_id) < 18
        else None
    )
    severity_counts = [(v, label, counts["severity"].get(v, 0)) for v, label in reversed(SEVERITY_CHOICES)]
    return render(
        request,
        "findings/board.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "severity_counts": severity_counts,
            "supplier": supplier,
            "issues": issues(),
            "severities": SEVERITY_CHOICES,
            "statuses": STATUS_CHOICES,
            "sources": SOURCE_CHOICES,
            "choices": selectors.findings_filter_choices(organisation=request.organisation),
        },
    )


@requires("view")
def metrics(request: OrgRequest) -> HttpResponse:
    today = timezone.localdate()
    numbers = selectors.manager_numbers(organisation=request.organisation, today=today)
    rows = [
        (code, numbers.issue_names.get(code, code), [by.get(s.value, 0) for s in Severity], sum(by.values()))
        for code, by in sorted(numbers.open_by_issue.items(), key=lambda kv: -sum(kv[1].values()))
    ]
    return render(
        request,
        "findings/metrics.html",
        {
            "numbers": numbers,
            "rows": rows,
            "severities": list(Severity),
            "today": today,
            "overdue": selectors.overdue_actions(organisation=request.organisation, today=today)[:20],
        },
    )


@requires("view")
def detail(request: OrgRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    can_edit = request.membership.can("edit")
    dims = None
    if finding.scale and finding.scope and finding.irremediability:
        dims = SeverityDimensions(finding.scale, finding.scope, finding.irremediability)
    actions = finding.actions.select_related("owner").prefetch_related("evidence", "remedies")
    return render(
        request,
        "findings/detail.html",
        {
            "finding": finding,
            "issue": issue(finding.issue),
            "response": expected_response(finding.involvement),
            "suggested": suggest_level(dims) if dims else None,
            "actions": actions,
            "timeline": selectors.finding_timeline(finding).select_related("actor"),
            "targets": [(s.value, LABELS[s]) for s in allowed_targets(finding.status, Party.BUYER)]
            if can_edit
            else [],
            "today": timezone.localdate(),
            "action_form": ActionForm(),
            "complete_form": CompleteForm(),
            "verify_form": VerifyForm(),
            "evidence_form": EvidenceForm(),
            "remedy_form": RemedyForm(),
            "status_label": LABELS[Status(finding.status)],
        },
    )


@requires("edit")
def new(request: OrgRequest) -> HttpResponse:
    initial = {"site": request.GET.get("site")} if request.GET.get("site", "").isdigit() else None
    form = FindingForm(request.POST or None, organisation=request.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        dims = SeverityDimensions(d["scale"], d["scope"], d["irremediability"]) if d["scale"] else None
        draft = FindingDraft(
            issue=d["issue"],
            title=d["title"],
            source=Source(d["source"]),
            severity=Severity(d["severity"]),
            site_id=d["site"].pk,
            description=d["description"],
            evidence=d["evidence"],
            found_on=d["found_on"],
            dimensions=dims,
            involvement=Involvement(d["involvement"]),
        )
        try:
            finding, _outcome = services.finding_raise(
                organisation=request.organisation, actor=request.user, draft=draft
            )
        except DraftRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Finding raised."))
            return redirect("findings:detail", pk=finding.pk)
    return render(request, "findings/new.html", {"form": form, "issues": issues()})


@requires("edit")
def edit(request: OrgRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    fields = list(FindingEditForm.base_fields)
    form = FindingEditForm(request.POST or None, initial={f: getattr(finding, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        services.finding_update(finding=finding, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("findings:detail", pk=finding.pk)
    return render(request, "findings/edit.html", {"form": form, "finding": finding})


@requires("view")
def site(request: OrgRequest, site_pk: int) -> HttpResponse:
    try:
        the_site = Site.objects.select_related("supplier").get(organisation=request.organisation, pk=site_pk)
    except Site.DoesNotExist:
        raise Http404 from None
    today = timezone.localdate()
    findings = selectors.finding_list(organisation=request.organisation, filters={"site": str(site_pk)})
    actions = (
        CorrectiveAction.objects.filter(organisation=request.organisation, finding__site=the_site)
        .select_related("finding")
        .order_by("completed_at", "due_on")
    )
    return render(
        request,
        "findings/site.html",
        {
            "site": the_site,
            "findings": findings,
            "actions": actions,
            "today": today,
            "views": selectors.site_triangulation(
                organisation=request.organisation, site_id=site_pk, today=today
            ),
            "sources": SOURCE_CHOICES,
        },
    )


@requires("export")
def export(request: OrgRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").replace("\x00", "").strip()[:64] for k in selectors.FILTERS}
    qs = selectors.finding_list(organisation=request.organisation, filters=filters)
    record(
        organisation=request.organisation,
        actor=request.user,
        event_type=EventType.EXPORT_DOWNLOADED,
        target_type="findings",
        target_repr="findings.xlsx",
        changes={"filters": filters},
    )
    return exporting.findings_xlsx(qs, today=timezone.localdate())


@login_required
def evidence_download(request: OrgRequest, pk: int) -> Any:
    """A buyer's member, or a member of the supplier the action belongs to, with view rights."""
    membership = getattr(request, "membership", None)
    if membership is None or not membership.can("view"):
        raise Http404
    org = request.organisation
    evidence = Evidence.objects.select_related("action__finding__supplier").filter(pk=pk).first()
    if evidence is None or not evidence.file:
        raise Http404
    finding = evidence.action.finding
    buyer = evidence.organisation_id == org.pk
    supplier = finding.supplier.account_id == org.pk and evidence.action.owner_party == "supplier"
    if not (buyer or supplier):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.filename or "evidence"
    )
    response["Content-Type"] = evidence.content_type.split(";")[0] or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
