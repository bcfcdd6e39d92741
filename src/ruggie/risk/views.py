"""Risk pages: the overview (heat map, salient issues, top-risk sites), a site's scores
with their explanations, salience judgements, the methodology, and the Excel export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggie.accounts.access import OrgRequest, requires
from ruggie.accounts.models import Organisation
from ruggie.core.errors import UserFacingError
from ruggie.core.human_rights import issue, issue_codes, issues
from ruggie.register.models import Site
from ruggie.risk import exporting, selectors, services
from ruggie.risk.context import reference_context
from ruggie.risk.forms import JudgementForm, MethodologyForm
from ruggie.risk.models import MethodologyAdjustment, SiteRisk
from ruggie.risk.tasks import score_organisation_task


def _names() -> dict[str, str]:
    return {i.code: i.name for i in issues()}


def _sources(org: Organisation) -> list[tuple[str, str]]:
    """Each dataset in use, with the attribution its licence asks the product to show."""
    context = reference_context(org)
    return [(label, context.attributions.get(code, "")) for code, label in context.datasets.items()]


@requires("view")
def overview(request: OrgRequest) -> HttpResponse:
    org = request.organisation
    run = selectors.latest_run(org)
    heat_issues, heat_rows = selectors.heat_map(run, org)
    wanted = request.GET.get("issue", "")
    issue_filter = wanted if wanted in issue_codes() else ""
    names = _names()
    salient = selectors.salient_issues(org, run)
    driver_ids = {d.site for s in salient for d in s.drivers[:3]}
    site_names = dict(Site.objects.filter(organisation=org, pk__in=driver_ids).values_list("pk", "name"))
    salient_rows = [
        (s, [(d, site_names[d.site]) for d in s.drivers[:3] if d.site in site_names]) for s in salient
    ]
    return render(
        request,
        "risk/overview.html",
        {
            "salient_rows": salient_rows,
            "run": run,
            "heat_issues": [(code, names.get(code, code)) for code in heat_issues],
            "heat_rows": heat_rows,
            "salient": salient,
            "top": selectors.top_sites(org, issue=issue_filter),
            "issue_filter": issue_filter,
            "issues": issues(),
            "names": names,
            "sources": _sources(org),
        },
    )


@requires("view")
def site(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organisation
    found = Site.objects.filter(organisation=org, pk=pk).select_related("supplier").first()
    if found is None:
        raise Http404  # another organisation's site looks like a missing one
    stored = {r.issue: r.score for r in selectors.site_scores(org, found)}
    return render(
        request,
        "risk/site.html",
        {
            "site": found,
            "explanations": selectors.site_explanations(org, found),
            "stored": stored,
            "history": selectors.site_history(org, found)[:100],
            "names": _names(),
            "sources": _sources(org),
        },
    )


@requires("edit")
def judge(request: OrgRequest, code: str) -> HttpResponse:
    if code not in issue_codes():
        raise Http404
    org = request.organisation
    current = next((s for s in selectors.salient_issues(org) if s.issue == code), None)
    form = JudgementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.salience_judge(organisation=org, actor=request.user, issue=code, **form.cleaned_data)
        messages.success(request, _("Your judgement is recorded with its reason."))
        return redirect("risk:overview")
    return render(request, "risk/judge.html", {"form": form, "issue": issue(code), "current": current})


@require_POST
@requires("edit")
def withdraw(request: OrgRequest, code: str) -> HttpResponse:
    services.salience_withdraw(organisation=request.organisation, actor=request.user, issue=code)
    messages.success(request, _("The override is withdrawn: the computed rating applies again."))
    return redirect("risk:overview")


@require_POST
@requires("edit")
def rescore(request: OrgRequest) -> HttpResponse:
    org = request.organisation
    if Site.objects.filter(organisation=org).count() >= settings.RUGGIE_BACKGROUND_IMPORT_ROWS:
        score_organisation_task.enqueue(org.pk, "manual")
        messages.info(request, _("Scoring runs in the background; reload this page in a minute."))
    else:
        run = services.score_organisation(organisation=org, actor=request.user, trigger="manual")
        messages.success(
            request, _("Scored %(n)s sites; %(c)s scores changed.") % {"n": run.sites, "c": run.changed}
        )
    return redirect("risk:overview")


@requires("view")
def methodology(request: OrgRequest) -> HttpResponse:
    org = request.organisation
    # A new adjustment replaces the last one (each is read against the default), so the
    # form starts from the one in force: editing it keeps what it already changes.
    latest = MethodologyAdjustment.objects.filter(organisation=org).first()
    form = MethodologyForm(
        request.POST if request.method == "POST" else None, initial={"text": latest.text} if latest else None
    )
    if request.method == "POST":
        if not request.membership.can("admin"):
            messages.error(request, _("Only an administrator can change the methodology."))
            return redirect("risk:methodology")
        if form.is_valid():
            try:
                services.methodology_adjust(
                    organisation=org,
                    actor=request.user,
                    text=form.cleaned_data["text"],
                    reason=form.cleaned_data["reason"],
                )
            except UserFacingError as exc:
                form.add_error("text", exc.message)
            else:
                messages.success(request, _("The methodology is adjusted and every site re-scored."))
                return redirect("risk:methodology")
    current = services.methodology_for(org)
    return render(
        request,
        "risk/methodology.html",
        {
            "methodology": current,
            "form": form,
            "adjustments": MethodologyAdjustment.objects.filter(organisation=org).select_related(
                "created_by"
            )[:20],
            "names": _names(),
            "sources": _sources(org),
        },
    )


@requires("export")
def export(request: OrgRequest) -> HttpResponse:
    org = request.organisation
    if not SiteRisk.objects.filter(organisation=org).exists():
        messages.info(request, _("Nothing to export yet: score the register first."))
        return redirect("risk:overview")
    response = HttpResponse(
        exporting.risk_workbook(org).getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="ruggie-risk.xlsx"'
    return response
