"""The reporter's pages: report a problem, keep the receipt, come back with it.

Like the worker survey (decision 0013), nothing here identifies the reporter: no login, no
session, no cookie, no CSRF token (no session for a forged request to ride on), no IP
address kept (the logging configuration keeps none either), pages sent ``no-store`` and
``no-referrer``. The receipt travels only in POST bodies, never in a URL, so it is in no
history, referrer or server log.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ruggie.grievance import services
from ruggie.grievance.domain.receipt import shown
from ruggie.grievance.models import Channel
from ruggie.grievance.page_words import categories, languages, page_words
from ruggie.surveys.public_views import RTL, native_name

MAX_UPLOAD = 10 * 1024 * 1024


def _channel(token: str) -> Channel:
    found = Channel.objects.select_related("organisation").filter(token=token).first()
    if found is None:
        raise Http404
    return found


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _frame(request: HttpRequest, channel: Channel) -> dict[str, object]:
    wanted = request.GET.get("lang", "") or request.POST.get("lang", "")
    lang = wanted if wanted in languages() else "en"
    words = page_words(lang)
    return {
        "lang": lang,
        "rtl": lang in RTL,
        "words": words,
        "channel": channel,
        "lang_base": f"/g/{channel.token}/",  # the follow-up page answers POST only
        "title": words["title"],
        "languages": [(code, native_name(code)) for code in languages()],
        "kinds": [(key, words[key]) for key in categories()],
        "genders": [
            ("woman", words["gender_woman"]),
            ("man", words["gender_man"]),
            ("other", words["gender_other"]),
            ("", words["gender_skip"]),
        ],  # fmt: skip
    }


@csrf_exempt
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, token: str) -> HttpResponse:
    channel = _channel(token)
    context = _frame(request, channel)
    if not channel.active:
        return _private(render(request, "grievance/public_closed.html", context, status=410))
    words: dict[str, str] = context["words"]  # type: ignore[assignment]
    problems: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        uploads = [f for f in request.FILES.getlist("files") if f.size is not None]
        too_big = [f.name for f in uploads if (f.size or 0) > MAX_UPLOAD]
        given = services.Report(
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
            language=str(context["lang"]),
            contact=request.POST.get("contact", "") if request.POST.get("who") == "confidential" else "",
            gender=request.POST.get("gender", ""),
            files=tuple((str(f.name or "file"), f.read()) for f in uploads if f.name not in too_big),
        )
        try:
            if too_big:
                raise services.ReportRefused(
                    "", [services.Problem("files", f"{name}: larger than 10 MB.") for name in too_big]
                )
            _case, code = services.report_submit(channel=channel, report=given)
        except services.ReportRefused as exc:
            problems = {
                p.field: (words["needed"] if p.message == "needed" else p.message) for p in exc.problems
            }
            status = 400
        else:
            context["receipt"] = shown(code)
            return _private(render(request, "grievance/public_receipt.html", context))
    context.update(problems=problems, given=request.POST)
    return _private(render(request, "grievance/public_report.html", context, status=status))


@csrf_exempt
@require_POST
def follow_up(request: HttpRequest, token: str) -> HttpResponse:
    """Every action of a returning reporter posts the receipt again: there is no session."""
    channel = _channel(token)
    context = _frame(request, channel)
    words: dict[str, str] = context["words"]  # type: ignore[assignment]
    typed = request.POST.get("receipt", "")
    try:
        case = services.receipt_open(channel=channel, typed=typed)
    except services.Locked:
        context["error"] = words["locked"]
        return _private(render(request, "grievance/public_report.html", context, status=429))
    if case is None:
        context["error"] = words["wrong_code"]
        return _private(render(request, "grievance/public_report.html", context, status=404))
    action = request.POST.get("action", "open")
    note = ""
    try:
        if action == "reply":
            services.reporter_reply(case=case, text=request.POST.get("text", ""))
            note = words["thanks"]
        elif action == "feedback":
            services.reporter_feedback(
                case=case,
                remedy_received=_yes_no(request.POST.get("remedy_received")),
                satisfied=_yes_no(request.POST.get("satisfied")),
            )
            note = words["thanks"]
        elif action == "appeal":
            services.reporter_appeal(case=case, reason=request.POST.get("text", ""))
            note = words["thanks"]
    except services.CaseRefused as exc:
        context["error"] = words["needed"] if exc.message == "needed" else exc.message
    case.refresh_from_db()
    context.update(
        view=services.reporter_view(case), receipt=typed, note=note, state=words[f"state_{case.state}"]
    )
    return _private(render(request, "grievance/public_case.html", context))


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")
