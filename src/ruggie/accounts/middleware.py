"""Attach the current organisation and membership to each signed-in request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ruggie.accounts.models import Membership

SESSION_KEY = "ruggie_organisation_id"


def current_membership(request: HttpRequest) -> Membership | None:
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("organisation").filter(user=user)
    wanted = request.session.get(SESSION_KEY)
    if wanted is not None:
        chosen = memberships.filter(organisation_id=wanted).first()
        if chosen is not None:
            return chosen
    return memberships.order_by("organisation__name").first()


class CurrentOrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = current_membership(request)
        request.membership = membership  # type: ignore[attr-defined]
        request.organisation = membership.organisation if membership else None  # type: ignore[attr-defined]
        return self.get_response(request)
