"""View guards: signed in, a member of the current organisation, and allowed to act."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from ruggie.accounts.models import Membership, Organisation, User


def requires(permission: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = getattr(request, "membership", None)
            if membership is None or not membership.can(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


class OrgRequest(HttpRequest):
    """A request that passed the guards: signed in, with a current organisation.

    (For type checking: the middleware and the API token auth set these attributes.)
    """

    user: User
    organisation: Organisation
    membership: Membership
