"""The worker-facing survey: one light page per round, reached by its link or QR code.

It keeps nothing about who answers: no login, no session, no cookie (the form carries no
CSRF token: there is no session for a forged request to ride on, and an anonymous form
can be posted by anyone anyway), no IP address. The language comes from the link
(``?lang=``), not from a cookie. Pages are sent with ``no-store`` so a shared phone does
not keep a worker's answers in its history, and ``no-referrer`` so no link leaks the
survey's address.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language_info
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ruggie.questionnaires.domain.format import QuestionnaireFile
from ruggie.questionnaires.domain.scoring import localise
from ruggie.questionnaires.rendering import form_sections
from ruggie.questionnaires.services import spec_of
from ruggie.surveys import services
from ruggie.surveys.models import SurveyRound
from ruggie.surveys.page_words import page_words

RTL = frozenset({"ar", "ur", "fa", "he", "ps", "ckb", "dv", "yi"})


def _round(token: str) -> SurveyRound:
    found = SurveyRound.objects.select_related("questionnaire", "site").filter(token=token).first()
    if found is None:
        raise Http404
    return found


def _language(request: HttpRequest, spec: QuestionnaireFile) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in spec.languages else spec.source_language


def native_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    round_ = _round(token)
    spec = spec_of(round_.questionnaire)
    lang = _language(request, spec)
    words = page_words(lang)
    given: dict[str, list[str]] = {}
    problems: dict[str, str] = {}
    status = 200
    if not round_.is_open():
        return _private(
            render(request, "surveys/public_closed.html", _frame(spec, lang, words, token), status=410)
        )
    if request.method == "POST":
        given = {q.id: request.POST.getlist(q.id) for q in spec.all_questions() if request.POST.getlist(q.id)}
        try:
            services.response_submit(round_=round_, raw=given, language=lang)
        except services.ResponseRefused as exc:
            problems = {p.question: (words["needed"] if "needs an answer" in p.message else p.message)
                        for p in exc.problems}  # fmt: skip
            status = 400
        else:
            return _private(redirect(f"/s/{token}/thanks/?lang={lang}"))
    context = {
        **_frame(spec, lang, words, token),
        "sections": form_sections(spec, lang, given, problems),
        "problems": bool(problems),
    }
    return _private(render(request, "surveys/public_form.html", context, status=status))


def thanks(request: HttpRequest, token: str) -> HttpResponse:
    round_ = _round(token)
    spec = spec_of(round_.questionnaire)
    lang = _language(request, spec)
    return _private(
        render(request, "surveys/public_thanks.html", _frame(spec, lang, page_words(lang), token))
    )


def results(request: HttpRequest, token: str) -> HttpResponse:
    """Back to the workers: what they said, and what will be done, in their language."""
    round_ = _round(token)
    spec = spec_of(round_.questionnaire)
    lang = _language(request, spec)
    words = page_words(lang)
    found = services.round_results(round_, language=lang)
    dimensions = [
        {"title": title, "index": t.index}
        for (_code, title), t in zip(found.dimensions, found.totals, strict=True)
        if t.index is not None
    ]
    context = {
        **_frame(spec, lang, words, token),
        "shown": found.shown,
        "answered": words["results_answered"].replace("{n}", str(found.responses)),
        "wait": words["results_wait"].replace("{k}", str(round_.min_group_size)),
        "dimensions": dimensions,
        "feedback": round_.feedback,
    }
    return _private(render(request, "surveys/public_results.html", context))


def _frame(spec: QuestionnaireFile, lang: str, words: dict[str, str], token: str) -> dict[str, object]:
    return {
        "lang": lang,
        "rtl": lang in RTL,
        "words": words,
        "token": token,
        "title": localise(spec.title, lang, spec.source_language),
        # The questionnaire's own description is for the people who choose it; workers get
        # the page's plain promise (anonymous, groups of at least 10) and the time it takes.
        "minutes": words["poster_minutes"].replace("{minutes}", str(spec.minutes or 10)),
        "languages": [(code, native_name(code)) for code in spec.languages],
    }
