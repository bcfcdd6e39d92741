from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def organisation(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership,
        "current_organisation": membership.organisation if membership else None,
    }
