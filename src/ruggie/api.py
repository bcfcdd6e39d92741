"""The REST API: one NinjaAPI, each capability mounts its router. OpenAPI docs at /api/docs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer

from ruggie.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """Personal API tokens (Authorization: Bearer rgg_...), bound to one organisation."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        membership = api_token_authenticate(token)
        if membership is None:
            return None
        request.membership = membership  # type: ignore[attr-defined]
        request.organisation = membership.organisation  # type: ignore[attr-defined]
        return membership


api = NinjaAPI(
    title="ruggie API",
    version="1",
    description="ruggie: supply-chain register, risks, findings, surveys, investors' engagements and "
    "disclosures, law applicability and reports. Authenticate with a personal API token "
    "(Account > API tokens): `Authorization: Bearer <token>`. Every call sees only the "
    "token's organisation.",
    auth=TokenAuth(),
    urls_namespace="api",
)

from ruggie.register.api import router as register_router  # noqa: E402

api.add_router("/", register_router)
api.add_router("/", "ruggie.findings.api.router")
api.add_router("/", "ruggie.risk.api.router")
api.add_router("/", "ruggie.screening.api.router")
api.add_router("/", "ruggie.surveys.api.router")
api.add_router("/", "ruggie.investors.api.router")
api.add_router("/", "ruggie.laws.api.router")
api.add_router("/", "ruggie.reports.api.router")
