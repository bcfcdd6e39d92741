"""Handler pages: the case list with deadlines, one case (every opening audit-logged), the
channels with their posters. Only grievance handlers and admins ("cases") get here."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggie.accounts.access import OrgRequest, requires
from ruggie.accounts.models import Membership
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.core.human_rights import taxonomy
from ruggie.findings.domain.severity import Severity
from ruggie.grievance import selectors, services
from ruggie.grievance.domain.workflow import LABELS, NEXT, OPEN, Deadlines, State, is_overdue
from ruggie.grievance.models import Case, Channel
from ruggie.grievance.page_words import languages, page_words
from ruggie.register.models import Site
from ruggie.surveys.public_views import RTL, native_name

DEADLINES = Deadlines()


def _case(request: OrgRequest, reference: str) -> Case:
    found = Case.objects.filter(organisation=request.organisation, reference=reference).first()
    if found is None:
        raise Http404  # another organisation's case looks like a missing one
    return found


def _issue_names() -> dict[str, str]:
    names = {i.code: i.name for i in taxonomy().issues}
    names["other"] = _("Other (to decide)")
    return names


@requires("cases")
def cases(request: OrgRequest) -> HttpResponse:
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    qs = (
        Case.objects.filter(organisation=request.organisation)
        .select_related("handler")
        .order_by("-received_on", "-pk")
    )
    if state == "open":
        qs = qs.filter(state__in=[s.value for s in OPEN])
    elif state in {s.value for s in State}:
        qs = qs.filter(state=state)
    names = _issue_names()
    rows = []
    for c in qs[:500]:
        due = DEADLINES.due_on(State(c.state), c.state_since)
        rows.append(
            {
                "case": c,
                "issue": names.get(c.category, c.category),
                "due": due,
                "overdue": is_overdue(State(c.state), c.state_since, today, DEADLINES),
            }
        )
    return render(
        request,
        "grievance/cases.html",
        {
            "rows": rows,
            "state": state,
            "states": [(s.value, LABELS[s]) for s in State],
            "overdue": sum(1 for r in rows if r["overdue"]),
        },
    )


@requires("cases")
def case(request: OrgRequest, reference: str) -> HttpResponse:
    found = _case(request, reference)
    view = services.staff_view(case=found, actor=request.user)
    today = timezone.localdate()
    handlers = Membership.objects.filter(
        organisation=request.organisation, role__in=["handler", "admin"]
    ).select_related("user")
    return render(
        request,
        "grievance/case.html",
        {
            "view": view,
            "case": found,
            "issue": _issue_names().get(found.category, found.category),
            "next": [(s.value, LABELS[s]) for s in NEXT[State(found.state)]],
            "due": DEADLINES.due_on(State(found.state), found.state_since),
            "overdue": is_overdue(State(found.state), found.state_since, today, DEADLINES),
            "issues": sorted(_issue_names().items(), key=lambda kv: kv[1]),
            "severities": [s.value for s in Severity],
            "handlers": handlers,
            "sites": Site.objects.filter(organisation=request.organisation).order_by("name")[:500]
            if Site.objects.filter(organisation=request.organisation).count() <= 500
            else None,
        },
    )


@require_POST
@requires("cases")
def act(request: OrgRequest, reference: str) -> HttpResponse:
    """One form per action on the case page; each action is a service call (audit-logged)."""
    found = _case(request, reference)
    action = request.POST.get("action", "")
    post = request.POST
    try:
        if action == "move":
            services.case_move(
                case=found, actor=request.user, to=post.get("to", ""), reason=post.get("reason", "")
            )
        elif action == "message":
            services.case_message(
                case=found, actor=request.user, text=post.get("text", ""), asks=post.get("asks") == "on"
            )
        elif action == "triage":
            site = post.get("site", "")
            services.case_triage(
                case=found,
                actor=request.user,
                category=post.get("category", ""),
                severity=post.get("severity", ""),
                urgent=post.get("urgent") == "on",
                site_id=int(site) if site.isdigit() else None,
            )
        elif action == "assign":
            member = Membership.objects.filter(
                organisation=request.organisation, pk=post.get("handler") or 0
            ).first()
            if member is None:
                raise services.CaseRefused(_("Pick a handler."))
            services.case_assign(case=found, actor=request.user, handler=member)
        elif action == "conflict":
            services.case_conflict(case=found, actor=request.user, note=post.get("note", ""))
        elif action == "remedy":
            services.remedy_record(
                case=found,
                actor=request.user,
                kind=post.get("kind", ""),
                to_whom=post.get("to_whom", ""),
                value=_decimal(post.get("value", "")),
                currency=post.get("currency", ""),
                verified_by=post.get("verified_by", ""),
            )
        else:
            raise services.CaseRefused(_("Unknown action."))
    except services.CaseRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("grievance:case", reference=found.reference)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ".")) if text.strip() else None
    except InvalidOperation:
        raise services.CaseRefused(_("Value: write a number, e.g. 1250.50.")) from None


@requires("cases")
def attachment(request: OrgRequest, reference: str, pk: int) -> HttpResponse:
    found = _case(request, reference)
    try:
        data, content_type, extension = services.attachment_data(
            case=found, attachment_id=pk, actor=request.user
        )
    except services.CaseRefused:
        raise Http404 from None
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="case-{found.reference}-{pk}{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@requires("cases")
def effectiveness(request: OrgRequest) -> HttpResponse:
    """The UNGP 31 criteria in numbers (workflow fields only: no case is opened)."""
    return render(
        request,
        "grievance/effectiveness.html",
        {"result": selectors.effectiveness(request.organisation, timezone.localdate())},
    )


@requires("cases")
def channels(request: OrgRequest) -> HttpResponse:
    org = request.organisation
    if request.method == "POST":
        site_id = request.POST.get("site", "")
        site = Site.objects.filter(organisation=org, pk=site_id).first() if site_id.isdigit() else None
        name = site.name if site else org.name
        made = Channel.objects.create(organisation=org, site=site, name=name)
        record(organisation=org, actor=request.user, event_type=EventType.CHANNEL_CREATED, target=made)
        messages.success(request, _("Channel opened: print its poster for the notice board."))
        return redirect("grievance:channels")
    return render(
        request,
        "grievance/channels.html",
        {
            "channels": Channel.objects.filter(organisation=org).order_by("-pk"),
            "kinds": Channel.Kind.choices,
            "sites": Site.objects.filter(organisation=org).order_by("name")[:500],
        },
    )


@require_POST
@requires("cases")
def channel_settings(request: OrgRequest, pk: int) -> HttpResponse:
    """A channel's kind (web, SMS, WhatsApp, hotline), its provider's signing secret, open or closed."""
    found = Channel.objects.filter(organisation=request.organisation, pk=pk).first()
    if found is None:
        raise Http404
    kind = request.POST.get("kind", found.kind)
    if kind not in Channel.Kind.values:
        messages.error(request, _("Pick a kind of channel."))
        return redirect("grievance:channels")
    found.kind = kind
    found.active = request.POST.get("active") == "on"
    found.save(update_fields=["kind", "active"])
    secret = request.POST.get("secret", "")
    if secret.strip() or request.POST.get("remove_secret") == "on":
        services.channel_secret_set(channel=found, actor=request.user, secret=secret)
    record(
        organisation=request.organisation, actor=request.user, event_type=EventType.CHANNEL_CREATED,
        target=found, changes={"kind": kind, "active": found.active},
    )  # fmt: skip
    messages.success(request, _("Channel saved."))
    return redirect("grievance:channels")


@requires("cases")
def poster(request: OrgRequest, pk: int) -> HttpResponse:
    found = Channel.objects.filter(organisation=request.organisation, pk=pk).first()
    if found is None:
        raise Http404
    lang = request.GET.get("lang", "")
    lang = lang if lang in languages() else "en"
    link = request.build_absolute_uri(f"/g/{found.token}/?lang={lang}")
    qr = io.BytesIO()
    segno.make(link, error="m").save(qr, kind="svg", xmldecl=False, scale=10, border=2, title="QR code")
    return render(
        request,
        "grievance/poster.html",
        {
            "channel": found,
            "lang": lang,
            "rtl": lang in RTL,
            "words": page_words(lang),
            "link": link,
            "qr": mark_safe(qr.getvalue().decode("ascii")),  # noqa: S308 - segno's own SVG, no user text
            "languages": [(code, native_name(code)) for code in languages()],
        },
    )
