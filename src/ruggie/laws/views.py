"""Law pages: the organisation's profile and which laws apply (and why), one law's page
(what it asks, why, what good looks like, and this organisation's answer), the calendar."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggie.accounts.access import OrgRequest, requires
from ruggie.laws import services
from ruggie.laws.domain.engine import ANSWER_LABELS
from ruggie.laws.domain.profile import FIELDS, IMPORT_MARKETS, ProfileErrors, as_form, fact_label
from ruggie.laws.domain.rules import shipped_laws


def _form_values(request: OrgRequest) -> dict[str, object]:
    values: dict[str, object] = {f.name: request.POST.get(f.name, "") for f in FIELDS}
    values["imports_into"] = request.POST.getlist("imports_into")
    return values


@requires("view")
def laws(request: OrgRequest) -> HttpResponse:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if not request.membership.can("edit"):
            raise PermissionDenied
        values = _form_values(request)
        try:
            services.profile_save(organisation=request.organisation, actor=request.user, form=values)
        except ProfileErrors as exc:
            errors, status = exc.errors, 400
            messages.error(request, _("Nothing was saved: %(n)s field(s) need a fix.") % {"n": len(errors)})
        else:
            messages.success(request, _("Profile saved. The answers below use it."))
            return redirect("laws:laws")
    profile = services.profile_for(request.organisation)
    if request.method != "POST":
        values = as_form(profile)
    found = services.answers(request.organisation, today, profile)
    return render(
        request,
        "laws/laws.html",
        {
            "answers": [(a, [fact_label(m) for m in a.verdict.missing]) for a in found],
            "labels": ANSWER_LABELS,
            "judged_on": services.judged_on(profile, today),
            "obligations": services.obligations(request.organisation, today, profile=profile, found=found)[
                :12
            ],
            "fields": [(f, values.get(f.name, ""), errors.get(f.name)) for f in FIELDS],
            "markets": IMPORT_MARKETS.items(),
            "has_profile": bool(profile),
        },
        status=status,
    )


@requires("view")
def law(request: OrgRequest, code: str) -> HttpResponse:
    found = shipped_laws().get(code)
    if found is None:
        raise Http404
    today = timezone.localdate()
    profile = services.profile_for(request.organisation)
    result = next(a for a in services.answers(request.organisation, today, profile) if a.law.code == code)
    return render(
        request,
        "laws/law.html",
        {
            "law": found,
            "a": result,
            "label": ANSWER_LABELS[result.answer],
            "missing": [fact_label(m) for m in result.verdict.missing],
            "steps": [(s, fact_label(s.fact), found.sources.get(s.source)) for s in result.verdict.steps],
            "duties": [(d, found.sources.get(d.source)) for d in found.duties],
            "obligations": services.obligations(request.organisation, today, profile=profile, found=[result]),
            "sources": found.sources.values(),
            "hints": services.evidence_hints(request.organisation, code),
        },
    )


@requires("view")
def calendar(request: OrgRequest) -> HttpResponse:
    data = services.calendar_ics(request.organisation, timezone.localdate())
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ruggie-obligations.ics"'
    return response
