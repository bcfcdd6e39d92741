from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ruggie.learning.domain.modules import modules, step_modules, step_teaching
from ruggie.steps.catalogue import BY_SLUG, STEPS, offers_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    membership = getattr(request, "membership", None)
    steps = [(s, offers_for(s, membership)) for s in STEPS]
    return render(request, "steps/overview.html", {"steps": steps})


@login_required
def step(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in BY_SLUG:
        raise Http404
    step_ = BY_SLUG[slug]
    offers = offers_for(step_, getattr(request, "membership", None))
    language = getattr(request, "LANGUAGE_CODE", "en")
    teaching = step_teaching(language).get(slug, {})
    learn = [modules(language)[code] for code in step_modules().get(slug, []) if code in modules(language)]
    return render(
        request, "steps/step.html", {"step": step_, "offers": offers, "teaching": teaching, "learn": learn}
    )
