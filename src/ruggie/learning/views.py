"""Learning pages: the modules (with what I completed), one module to read and answer, and who
in the organisation and its suppliers has completed which module."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ruggie.accounts.access import OrgRequest, requires
from ruggie.learning import services
from ruggie.learning.domain.modules import modules


@requires("view")
def module_list(request: OrgRequest) -> HttpResponse:
    done = services.completed_by(request.user)
    return render(
        request,
        "learning/list.html",
        {"modules": [(m, done.get(m.code)) for m in modules(request.LANGUAGE_CODE).values()]},
    )


@requires("view")
def module(request: OrgRequest, code: str) -> HttpResponse:
    found = modules(request.LANGUAGE_CODE).get(code)
    if found is None:
        raise Http404
    result = None
    if request.method == "POST":
        answers: dict[int, int | None] = {}
        for i, q in enumerate(found.questions):
            raw = request.POST.get(f"q{i}", "")
            answers[i] = int(raw) if raw.isdigit() and int(raw) < len(q.choices) else None
        result = services.attempt(
            user=request.user, organisation=request.organisation, module=found, answers=answers
        )
        if result.passed:
            messages.success(
                request,
                _("Module completed: %(s)s of %(n)s right.") % {"s": result.score, "n": len(found.questions)},
            )
        else:
            messages.warning(
                request,
                _("%(s)s of %(n)s right: read the explanations and try again.")
                % {"s": result.score, "n": len(found.questions)},
            )
    return render(
        request,
        "learning/module.html",
        {"m": found, "result": result, "done": services.completed_by(request.user).get(code)},
    )


@requires("edit")
def progress(request: OrgRequest) -> HttpResponse:
    return render(
        request,
        "learning/progress.html",
        {
            "people": services.progress(request.organisation),
            "modules": list(modules(request.LANGUAGE_CODE).values()),
        },
    )
