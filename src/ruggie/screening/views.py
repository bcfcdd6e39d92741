"""Screening pages: the hits to decide, one hit with its evidence, confirm or dismiss."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggie.accounts.access import OrgRequest, requires
from ruggie.register.models import Supplier
from ruggie.screening import services
from ruggie.screening.forms import DecisionForm
from ruggie.screening.models import HitStatus, ScreeningHit
from ruggie.screening.tasks import screen_organisation_task

STATUSES = [(s.value, s.label) for s in HitStatus]


def _hit(request: OrgRequest, pk: int) -> ScreeningHit:
    hit = (
        ScreeningHit.objects.filter(organisation=request.organisation, pk=pk)
        .select_related("supplier")
        .first()
    )
    if hit is None:
        raise Http404  # another organisation's hit looks like a missing one
    return hit


@requires("view")
def hits(request: OrgRequest) -> HttpResponse:
    org = request.organisation
    status = request.GET.get("status", HitStatus.OPEN)
    qs = ScreeningHit.objects.filter(organisation=org).select_related("supplier")
    if status in HitStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-score", "id"), 50).get_page(request.GET.get("page"))
    entries, editions = services.entity_lists(org)
    return render(
        request,
        "screening/hits.html",
        {
            "page": page,
            "status": status,
            "query": urlencode({"status": status}),
            "statuses": STATUSES,
            "editions": editions,
            "entries": len(entries),
        },
    )


@requires("view")
def hit(request: OrgRequest, pk: int) -> HttpResponse:
    found = _hit(request, pk)
    return render(request, "screening/hit.html", {"hit": found, "form": DecisionForm()})


@require_POST
@requires("edit")
def decide(request: OrgRequest, pk: int) -> HttpResponse:
    found = _hit(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "confirm":
                services.hit_confirm(hit=found, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Confirmed. A critical finding is raised about this supplier."))
            else:
                services.hit_dismiss(hit=found, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Dismissed, with your reason."))
        except services.DecisionRefused as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("screening:hit", pk=found.pk)
    return render(request, "screening/hit.html", {"hit": found, "form": form}, status=400)


@require_POST
@requires("edit")
def run(request: OrgRequest) -> HttpResponse:
    org = request.organisation
    if Supplier.objects.filter(organisation=org).count() >= settings.RUGGIE_BACKGROUND_IMPORT_ROWS:
        screen_organisation_task.enqueue(org.pk, "manual")
        messages.info(request, _("Screening runs in the background; reload this page in a minute."))
    else:
        result = services.screen_organisation(organisation=org, actor=request.user, trigger="manual")
        messages.success(
            request,
            _("Screened %(n)s suppliers against %(e)s listed entities: %(h)s hits, %(new)s new.")
            % {"n": result.suppliers, "e": result.entries, "h": result.hits, "new": result.new},
        )
    return redirect("screening:hits")
