"""Disclosure pages: the list with coverage over time (and a new document), one document's
assessment with its evidence and the analyst's review, and the year-on-year comparison.
Only the investor organisation that filed a document reaches it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggie.accounts.access import OrgRequest, requires
from ruggie.core.errors import UserFacingError
from ruggie.investors import disclosures as svc
from ruggie.investors.domain.assessment import STATUS_LABELS
from ruggie.investors.models import CriterionJudgement, Disclosure, Reading


def _disclosure(request: OrgRequest, pk: int) -> Disclosure:
    found = svc.disclosure_for(request.organisation, pk)
    if found is None:
        raise Http404
    return found


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@requires("view")
def disclosure_list(request: OrgRequest) -> HttpResponse:
    framework = svc.framework_code(request.GET.get("framework") or request.POST.get("framework"))
    status = 200
    if request.method == "POST":
        if not request.membership.can("edit"):
            raise PermissionDenied
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise svc.DisclosureRefused(_("Choose the document (PDF, HTML or text)."))
            if (upload.size or 0) > svc.MAX_BYTES:
                raise svc.DisclosureRefused(_("The file is larger than 30 MB."))
            year_text = request.POST.get("year", "").strip()
            if not year_text.isdigit():
                raise svc.DisclosureRefused(_("Give the reporting year as four digits, like 2025."))
            made = svc.disclosure_add(
                organisation=request.organisation,
                actor=request.user,
                company_name=request.POST.get("company_name", ""),
                isin=request.POST.get("isin", ""),
                title=request.POST.get("title", ""),
                kind=request.POST.get("kind", ""),
                year=int(year_text),
                filename=str(upload.name or "document"),
                data=upload.read(),
                framework=framework,
            )
        except UserFacingError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            if made.needs_ocr:
                messages.warning(
                    request,
                    _("This PDF is a scan (pages are images, no text). Run OCR on it, then add it again."),
                )
            elif made.reading == Reading.QUEUED:
                messages.info(request, _("The document is long, so ruggie reads it in the background."))
            return redirect(reverse("investors:disclosure", args=[made.pk]) + f"?framework={framework}")
    return render(
        request,
        "investors/disclosures.html",
        {
            "documents": svc.disclosures_for(request.organisation),
            "coverage": svc.coverage_over_time(request.organisation, framework),
            "framework": framework,
            "frameworks": svc.framework_choices(),
            "kinds": svc.KINDS.items(),
            "this_year": timezone.localdate().year,
        },
        status=status,
    )


@requires("view")
def disclosure(request: OrgRequest, pk: int) -> HttpResponse:
    document = _disclosure(request, pk)
    framework = svc.framework_code(request.GET.get("framework"))
    assessment = svc.latest_assessment(document, framework)
    earlier, comparison = svc.year_on_year(document)
    return render(
        request,
        "investors/disclosure.html",
        {
            "d": document,
            "kind_label": svc.KINDS.get(document.kind, document.kind),
            "framework": framework,
            "framework_name": svc.framework(framework).name,
            "frameworks": svc.framework_choices(),
            "assessment": assessment,
            "judgements": svc.assessment_view(assessment) if assessment else [],
            "statuses": STATUS_LABELS.items(),
            "earlier": earlier,
            "comparison": comparison,
            "sentence_count": document.sentences.count(),
        },
    )


@requires("view")
def act(request: OrgRequest, pk: int) -> HttpResponse:
    document = _disclosure(request, pk)
    if request.method != "POST" or not request.membership.can("edit"):
        raise PermissionDenied
    framework = svc.framework_code(request.POST.get("framework"))
    try:
        if request.POST.get("action") == "read":
            svc.read_again(disclosure=document)
            messages.info(request, _("ruggie is reading the document again."))
        elif request.POST.get("action") == "assess":
            svc.assessment_run(disclosure=document, actor=request.user, framework=framework)
            messages.success(request, _("Assessed against %(f)s.") % {"f": svc.framework(framework).name})
        else:
            judgement = CriterionJudgement.objects.filter(
                pk=request.POST.get("judgement", "0") if request.POST.get("judgement", "").isdigit() else 0,
                assessment__disclosure=document,
            ).first()
            if judgement is None:
                raise Http404
            accept = request.POST.get("action") == "accept"
            svc.judgement_review(
                judgement=judgement,
                actor=request.user,
                accept=accept,
                status=request.POST.get("status", ""),
                remove=_ids(request.POST.getlist("remove")),
                add=_ids(request.POST.getlist("add")),
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("Judgement accepted.") if accept else _("Judgement corrected."))
            framework = judgement.assessment.framework
    except UserFacingError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("investors:disclosure", args=[document.pk]) + f"?framework={framework}")
