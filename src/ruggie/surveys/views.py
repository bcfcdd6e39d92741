"""Survey pages for the organisation: its rounds, opening one, and a round's results."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggie.accounts.access import OrgRequest, requires
from ruggie.questionnaires.domain.scoring import localise
from ruggie.questionnaires.services import spec_of
from ruggie.surveys import services
from ruggie.surveys.domain import paper
from ruggie.surveys.exporting import results_workbook
from ruggie.surveys.forms import RoundForm
from ruggie.surveys.models import Channel, SurveyRound
from ruggie.surveys.page_words import page_words
from ruggie.surveys.public_views import RTL, native_name

MAX_UPLOAD = 5 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _round(request: OrgRequest, pk: int) -> SurveyRound:
    found = (
        SurveyRound.objects.filter(organisation=request.organisation, pk=pk)
        .select_related("site", "questionnaire")
        .first()
    )
    if found is None:
        raise Http404  # another organisation's round looks like a missing one
    return found


@requires("view")
def rounds(request: OrgRequest) -> HttpResponse:
    org = request.organisation
    form = RoundForm(request.POST or None, organisation=org)
    if request.method == "POST":
        if not request.membership.can("edit"):
            return HttpResponse(status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.round_create(
                    organisation=org, actor=request.user, site=data["site"], name=data["name"],
                    opens_on=data["opens_on"], closes_on=data["closes_on"],
                    min_group_size=data["min_group_size"],
                )  # fmt: skip
            except services.RoundRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The round is open. Share its link or print its poster."))
                return redirect("surveys:round", pk=created.pk)
    listed = list(
        SurveyRound.objects.filter(organisation=org)
        .select_related("site", "questionnaire")
        .annotate(answers=Count("responses"))
        .order_by("-opens_on", "-id")
    )
    # Sites side by side: each site's latest round, the same safe figures as its page.
    latest: dict[int, SurveyRound] = {}
    for listed_round in listed:
        latest.setdefault(listed_round.site_id, listed_round)
    compare = []
    dimensions: list[tuple[str, str]] = []
    for site_round in latest.values():
        found = services.round_results(site_round, language=request.LANGUAGE_CODE)
        dimensions = dimensions or found.dimensions
        if found.shown and found.dimensions == dimensions:
            compare.append((site_round, found.totals))
    compare.sort(key=lambda row: min((t.index for t in row[1] if t.index is not None), default=101))
    context = {"rounds": listed, "form": form, "compare": compare, "dimensions": dimensions}
    return render(request, "surveys/rounds.html", context)


@requires("view")
def round_page(request: OrgRequest, pk: int) -> HttpResponse:
    found = _round(request, pk)
    results = services.round_results(
        found, language=request.LANGUAGE_CODE, open_answers=request.membership.can("edit")
    )
    link = request.build_absolute_uri(f"/s/{found.token}/")
    earlier = (
        SurveyRound.objects.filter(organisation=request.organisation, site=found.site)
        .exclude(pk=found.pk)
        .order_by("-opens_on")[:5]
    )
    history = [(r, services.round_results(r).totals) for r in earlier]
    lang, src = request.LANGUAGE_CODE, results.spec.source_language
    flags = [
        {"title": localise(f.rule.title, lang, src), "indicator": f.rule.indicator, "count": f.count,
         "answered": f.answered}
        for f in results.flags
    ]  # fmt: skip
    return render(
        request,
        "surveys/round.html",
        {
            "round": found,
            "results": results,
            "totals": [(title, t) for (_c, title), t in zip(results.dimensions, results.totals, strict=True)],
            "flags": flags,
            "breakdowns": results.breakdowns,
            "link": link,
            "history": history,
        },
    )


@requires("view")
def poster(request: OrgRequest, pk: int) -> HttpResponse:
    """A printable poster for the site's notice board: the survey's QR code and link, in
    the language the workers read (``?lang=``)."""
    found = _round(request, pk)
    spec = spec_of(found.questionnaire)
    lang = request.GET.get("lang", "")
    lang = lang if lang in spec.languages else spec.source_language
    link = request.build_absolute_uri(f"/s/{found.token}/?lang={lang}")
    qr = io.BytesIO()
    segno.make(link, error="m").save(qr, kind="svg", xmldecl=False, scale=10, border=2, title="QR code")
    words = page_words(lang)
    return render(
        request,
        "surveys/poster.html",
        {
            "round": found, "lang": lang, "rtl": lang in RTL, "words": words, "link": link,
            "qr": mark_safe(qr.getvalue().decode("ascii")),  # noqa: S308 - segno's own SVG, no user text
            "title": localise(spec.title, lang, spec.source_language),
            "minutes": words["poster_minutes"].replace("{minutes}", str(spec.minutes or 10)),
            "languages": [(code, native_name(code)) for code in spec.languages],
        },
    )  # fmt: skip


@requires("export")
def results_export(request: OrgRequest, pk: int) -> HttpResponse:
    found = _round(request, pk)
    results = services.round_results(
        found, language=request.LANGUAGE_CODE, open_answers=request.membership.can("edit")
    )
    return _xlsx(results_workbook(results, request.LANGUAGE_CODE), f"survey-{found.pk}-results.xlsx")


@requires("view")
def answer_sheet(request: OrgRequest, pk: int) -> HttpResponse:
    found = _round(request, pk)
    spec = spec_of(found.questionnaire)
    lang = request.GET.get("lang", "")
    lang = lang if lang in spec.languages else spec.source_language
    return _xlsx(paper.answer_sheet(spec, lang), f"survey-{found.pk}-answers-{lang}.xlsx")


@requires("edit")
def paper_import(request: OrgRequest, pk: int) -> HttpResponse:
    """Answers from paper forms or interviews, typed into the answer sheet."""
    found = _round(request, pk)
    problems: list[paper.RowProblem] = []
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        channel = request.POST.get("channel", Channel.PAPER)
        if upload is None:
            error = _("Choose the filled answer sheet (.xlsx or CSV).")
        elif upload.size and upload.size > MAX_UPLOAD:
            error = _("The file is larger than 5 MB: split it into smaller files.")
        elif channel not in (Channel.PAPER, Channel.INTERVIEW):
            error = _("Say how the answers were collected.")
        else:
            try:
                n = services.paper_import(
                    round_=found,
                    actor=request.user,
                    data=upload.read(),
                    filename=upload.name or "answers.xlsx",
                    channel=channel,
                )
            except services.PaperRefused as exc:
                error, problems = exc.message, exc.problems
            else:
                messages.success(request, _("%(n)s workers' answers stored.") % {"n": n})
                return redirect("surveys:round", pk=pk)
    status = 400 if error else 200
    return render(
        request,
        "surveys/paper_import.html",
        {"round": found, "error": error, "problems": problems},
        status=status,
    )


@require_POST
@requires("edit")
def feedback(request: OrgRequest, pk: int) -> HttpResponse:
    services.round_feedback(
        round_=_round(request, pk), actor=request.user, text=request.POST.get("feedback", "")
    )
    messages.success(request, _("Saved. Workers see it with their results at the survey link."))
    return redirect("surveys:round", pk=pk)


@require_POST
@requires("edit")
def close(request: OrgRequest, pk: int) -> HttpResponse:
    services.round_close(round_=_round(request, pk), actor=request.user)
    messages.success(request, _("The round is closed: its link no longer takes answers."))
    return redirect("surveys:round", pk=pk)


@require_POST
@requires("edit")
def raise_findings(request: OrgRequest, pk: int) -> HttpResponse:
    found = _round(request, pk)
    try:
        done = services.round_raise_findings(round_=found, actor=request.user)
    except services.RoundRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(n)s findings from this round are on the findings board.") % {"n": len(done)}
            if done
            else _("Nothing in this round calls for a finding."),
        )
    return redirect("surveys:round", pk=pk)
