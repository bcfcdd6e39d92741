"""Engagement pages: the list (and a new engagement), one engagement with its asks, progress
and log, and its export. Only member organisations reach an engagement."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggie.accounts.access import OrgRequest, requires
from ruggie.investors import engagements as svc
from ruggie.investors.disclosures import evidence_sentences
from ruggie.investors.domain.engagement import (
    ESCALATION_LABELS,
    KIND_LABELS,
    PRIVATE_BY_DEFAULT,
    STAGE_LABELS,
    SUGGESTED_ASKS,
)
from ruggie.investors.models import Ask, Engagement


def _engagement(request: OrgRequest, pk: int) -> Engagement:
    found = svc.engagement_for(request.organisation, pk)
    if found is None:
        raise Http404
    return found


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        raise svc.EngagementRefused(_("Write the date like 2026-11-30.")) from None


@requires("view")
def engagement_list(request: OrgRequest) -> HttpResponse:
    if request.method == "POST":
        if not request.membership.can("edit"):
            raise PermissionDenied
        try:
            made = svc.engagement_create(
                lead=request.organisation,
                actor=request.user,
                title=request.POST.get("title", ""),
                company_name=request.POST.get("company_name", ""),
                isin=request.POST.get("isin", ""),
                asks=request.POST.getlist("asks") + request.POST.get("more_asks", "").splitlines(),
                today=timezone.localdate(),
            )
        except svc.EngagementRefused as exc:
            messages.error(request, exc.message)
        else:
            return redirect("investors:engagement", pk=made.pk)
    return render(
        request,
        "investors/engagements.html",
        {
            "engagements": svc.engagements_for(request.organisation),
            "suggested": SUGGESTED_ASKS,
        },
    )


@requires("view")
def engagement(request: OrgRequest, pk: int) -> HttpResponse:
    found = _engagement(request, pk)
    view = svc.engagement_view(found, request.organisation)
    return render(
        request,
        "investors/engagement.html",
        {
            "view": view,
            "e": found,
            "stages": list(STAGE_LABELS.items()),
            "kinds": list(KIND_LABELS.items()),
            "escalations": list(ESCALATION_LABELS.items()),
            "private_kinds": [k.value for k in PRIVATE_BY_DEFAULT],
            "is_lead": found.lead_id == request.organisation.pk,
            "sentences": evidence_sentences(request.organisation, found.company_name, found.isin),
        },
    )


@requires("edit")
def act(request: OrgRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    found = _engagement(request, pk)
    org, post = request.organisation, request.POST
    try:
        action = post.get("action", "")
        if action == "ask":
            svc.ask_add(
                engagement=found,
                by=org,
                actor=request.user,
                text=post.get("text", ""),
                today=timezone.localdate(),
            )
        elif action == "progress":
            ask = Ask.objects.filter(engagement=found, pk=post.get("ask") or 0).first()
            if ask is None:
                raise svc.EngagementRefused(_("Pick an ask."))
            svc.progress_record(
                ask=ask,
                by=org,
                actor=request.user,
                stage=post.get("stage", ""),
                on=_date(post.get("on", "")),
                evidence=post.get("evidence", ""),
                sentence_id=int(post["sentence"]) if post.get("sentence", "").isdigit() else None,
            )
        elif action == "interaction":
            svc.interaction_add(
                engagement=found,
                by=org,
                actor=request.user,
                kind=post.get("kind", ""),
                on=_date(post.get("on", "")),
                summary=post.get("summary", ""),
                shared=post.get("shared") == "on",
                escalation=post.get("escalation", ""),
            )
        elif action == "member":
            svc.member_add(
                engagement=found,
                by=org,
                actor=request.user,
                slug=post.get("slug", ""),
                today=timezone.localdate(),
            )
        else:
            raise svc.EngagementRefused(_("Unknown action."))
    except svc.EngagementRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("investors:engagement", pk=found.pk)


@requires("view")
def summary(request: OrgRequest, pk: int) -> HttpResponse:
    """A printable summary for the group: asks, stages with evidence, and shared entries only
    (a private note never lands on paper handed to others by mistake)."""
    found = _engagement(request, pk)
    view = svc.engagement_view(found, request.organisation)
    return render(
        request,
        "investors/engagement_summary.html",
        {"view": view, "e": found, "shared": [i for i in view.interactions if i.shared],
         "today": timezone.localdate()},
    )  # fmt: skip


@requires("export")
def export(request: OrgRequest, pk: int) -> HttpResponse:
    found = _engagement(request, pk)
    data = svc.engagement_workbook(svc.engagement_view(found, request.organisation), request.organisation)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="engagement-{found.pk}.xlsx"'
    return response
