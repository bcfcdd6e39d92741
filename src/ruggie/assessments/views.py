"""Self-assessment pages: the buyer's status board and requests, the supplier's answer page
(reached by its signed link, no account needed), and the supplier's own list of shares."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ruggie.accounts.access import OrgRequest, requires
from ruggie.assessments import services
from ruggie.assessments.models import AssessmentRequest, AssessmentShare, AssessmentStatus, SelfAssessment
from ruggie.questionnaires.domain.scoring import localise
from ruggie.questionnaires.rendering import form_sections
from ruggie.questionnaires.services import spec_of
from ruggie.register.models import Supplier

STATUS_LABELS = {
    "not_started": gettext_lazy("Not started"),
    "in_progress": gettext_lazy("Being answered"),
    "overdue": gettext_lazy("Overdue"),
    "shared": gettext_lazy("Answered and shared"),
    "cancelled": gettext_lazy("Cancelled"),
}


class RequestForm(forms.Form):
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.none(), label=gettext_lazy("Supplier"))
    contact_email = forms.EmailField(label=gettext_lazy("Supplier contact's e-mail"))
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supplier"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Supplier.objects.filter(organisation=organisation).order_by("name")


# --- the buyer -----------------------------------------------------------------------------


@requires("view")
def board(request: OrgRequest) -> HttpResponse:
    org = request.organisation
    form = RequestForm(request.POST or None, organisation=org)
    if request.method == "POST":
        if not request.membership.can("edit"):
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                services.request_create(
                    organisation=org,
                    actor=request.user,
                    supplier=form.cleaned_data["supplier"],
                    contact_email=form.cleaned_data["contact_email"],
                    due_on=form.cleaned_data["due_on"],
                    base_url=request.build_absolute_uri("/"),
                )
            except services.AssessmentRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Requested. The supplier's contact has the link by e-mail."))
                return redirect("assessments:board")
    today = timezone.localdate()
    rows = [
        (r, services.status_of(r, today))
        for r in AssessmentRequest.objects.filter(organisation=org).select_related("supplier", "assessment")
    ]
    counts: dict[str, int] = {}
    for _r, status in rows:
        counts[status] = counts.get(status, 0) + 1
    return render(
        request,
        "assessments/board.html",
        {"rows": [(r, s, STATUS_LABELS[s]) for r, s in rows], "form": form,
         "counts": [(STATUS_LABELS[k], v) for k, v in sorted(counts.items())]},
    )  # fmt: skip


def _request(request: OrgRequest, pk: int) -> AssessmentRequest:
    found = AssessmentRequest.objects.filter(organisation=request.organisation, pk=pk).first()
    if found is None:
        raise Http404
    return found


@requires("view")
def request_page(request: OrgRequest, pk: int) -> HttpResponse:
    found = _request(request, pk)
    status = services.status_of(found, timezone.localdate())
    shared = (
        services.visible_to_buyer(request.organisation, found.assessment.pk) if found.assessment else None
    )
    context: dict[str, Any] = {"req": found, "status": STATUS_LABELS[status], "assessment": shared}
    if request.membership.can("edit"):
        context["link"] = request.build_absolute_uri(f"/a/{services.link_token(found)}/")
    if shared is not None:
        context.update(_answers_view(shared, request.LANGUAGE_CODE))
    return render(request, "assessments/request.html", context)


def _answers_view(assessment: SelfAssessment, lang: str) -> dict[str, Any]:
    spec = spec_of(assessment.questionnaire)
    src = spec.source_language
    files = {f"file:{f.pk}": f.filename for f in assessment.files.all()}
    rows = []
    for section in spec.sections:
        for q in section.questions:
            value = assessment.answers.get(q.id)
            if value in (None, "", []):
                continue
            labels = {o.value: localise(o.label, lang, src) for o in spec.options_of(q)}
            values = value if isinstance(value, list) else [value]
            shown = "; ".join(files.get(str(v), labels.get(str(v), str(v))) for v in values)
            rows.append((localise(section.title, lang, src), localise(q.text, lang, src), shown))
    dims = [(localise(d.title, lang, src), assessment.indices.get(d.code)) for d in spec.dimensions]
    return {"answers": rows, "dimensions": dims}


@require_POST
@requires("edit")
def cancel(request: OrgRequest, pk: int) -> HttpResponse:
    services.request_cancel(request=_request(request, pk), actor=request.user)
    messages.success(request, _("Cancelled: the link no longer works."))
    return redirect("assessments:board")


@require_POST
@requires("edit")
def remind(request: OrgRequest, pk: int) -> HttpResponse:
    found = _request(request, pk)
    try:
        services.request_remind(request=found, actor=request.user, base_url=request.build_absolute_uri("/"))
    except services.AssessmentRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Reminder sent to %(email)s.") % {"email": found.contact_email})
    return redirect("assessments:request", pk=found.pk)


# --- the supplier, by link -----------------------------------------------------------------


def answer(request: HttpRequest, token: str) -> HttpResponse:
    req = services.request_from_token(token)
    if req is None:
        raise Http404
    owner = services.owner_for(req)
    current = services.current_for(req)
    earlier = services.earlier_submitted(owner, req)
    spec = spec_of(req.questionnaire)
    lang = spec.source_language
    problems: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        by = request.POST.get("by", "").strip() or req.contact_email
        try:
            if action == "share_earlier" and earlier is not None:
                services.share_grant(assessment=earlier, buyer=req.organisation, by=by)
                messages.success(
                    request, _("Shared. %(buyer)s now sees your answers.") % {"buyer": req.organisation}
                )
                return redirect(request.path)
            draft = services.draft_for(req)
            found = services.assessment_save(
                assessment=draft,
                raw={k: request.POST.getlist(k) for k in request.POST},
                uploads=request.FILES,
                by=by,
                submit=action == "submit",
            )
            problems = {p.question: p.message for p in found}
            if action == "submit" and not found:
                services.share_grant(assessment=draft, buyer=req.organisation, by=by)
                messages.success(
                    request, _("Submitted and shared with %(buyer)s.") % {"buyer": req.organisation}
                )
                return redirect(request.path)
            if not found:
                messages.success(request, _("Saved. You can come back to this link at any time."))
                return redirect(request.path)
            status = 400
        except services.AssessmentRefused as exc:
            messages.error(request, exc.message)
            status = 400
    current = services.current_for(req)
    stored = current.answers if current is not None else {}
    given = {k: [str(x) for x in v] if isinstance(v, list) else [str(v)] for k, v in stored.items()}
    context = {
        "req": req,
        "assessment": current,
        "submitted": current is not None and current.status == AssessmentStatus.SUBMITTED,
        "earlier": earlier if earlier is not None and (current is None or earlier.pk != current.pk) else None,
        "title": localise(spec.title, lang, lang),
        "minutes": spec.minutes,
        "sections": form_sections(spec, lang, given, problems),
        "problems": bool(problems),
        "words": {"needed": _("This question needs an answer.")},
    }
    return render(request, "assessments/answer.html", context, status=status)


# --- the supplier, signed in ---------------------------------------------------------------


@requires("view")
def mine(request: OrgRequest) -> HttpResponse:
    """A supplier organisation's own assessments, and who sees each."""
    org = request.organisation
    assessments = SelfAssessment.objects.filter(owner=org).prefetch_related("shares__buyer")
    return render(request, "assessments/mine.html", {"assessments": assessments})


@require_POST
@requires("edit")
def withdraw(request: OrgRequest, pk: int) -> HttpResponse:
    share = AssessmentShare.objects.filter(
        pk=pk, assessment__owner=request.organisation, withdrawn_at__isnull=True
    ).first()
    if share is None:
        raise Http404
    services.share_withdraw(share=share, by=request.user.get_username())
    messages.success(request, _("%(buyer)s no longer sees these answers.") % {"buyer": share.buyer})
    return redirect("assessments:mine")
