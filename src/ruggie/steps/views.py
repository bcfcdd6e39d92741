from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ruggie.steps.catalogue import BY_SLUG, STEPS


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return render(request, "steps/overview.html", {"steps": STEPS})


@login_required
def step(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in BY_SLUG:
        raise Http404
    return render(request, "steps/step.html", {"step": BY_SLUG[slug], "steps": STEPS})
