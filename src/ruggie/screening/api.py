"""REST routes for screening: hits, decisions, and a run."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from ruggie.accounts.access import OrgRequest
from ruggie.screening import services
from ruggie.screening.models import HitStatus, ScreeningHit

router = Router(tags=["screening"])


class HitOut(Schema):
    id: int
    supplier_id: int
    supplier_name: str
    list_code: str
    list_edition: str
    entry_id: str
    entry_name: str
    entry_aliases: list[str]
    entry_details: dict[str, Any]
    matched_name: str
    score: float
    band: str
    reason: str
    status: str
    stale: bool
    decision_reason: str
    finding_id: int | None


class DecisionIn(Schema):
    decision: str  # confirm | dismiss
    reason: str


class RunOut(Schema):
    suppliers: int
    entries: int
    hits: int
    new: int
    stale: int
    seconds: float
    lists: dict[str, str]


def _need(request: OrgRequest, permission: str) -> None:
    if not request.membership.can(permission):
        raise HttpError(403, f"Your role does not allow '{permission}'.")


@router.get("/screening/hits", response=list[HitOut])
@paginate(LimitOffsetPagination)
def hits(request: OrgRequest, status: str = ""):  # type: ignore[no-untyped-def]
    """Screening hits, highest score first; ``status`` open, confirmed or dismissed."""
    qs = ScreeningHit.objects.filter(organisation=request.organisation)
    if status:
        if status not in HitStatus.values:
            raise HttpError(422, f"status: write one of {', '.join(HitStatus.values)}.")
        qs = qs.filter(status=status)
    return qs.order_by("-score", "id")


@router.post("/screening/hits/{hit_id}/decision", response=HitOut)
def decide(request: OrgRequest, hit_id: int, body: DecisionIn):  # type: ignore[no-untyped-def]
    """Confirm (raises a finding) or dismiss a hit, with the reason (audit-logged)."""
    _need(request, "edit")
    hit = ScreeningHit.objects.filter(organisation=request.organisation, pk=hit_id).first()
    if hit is None:
        raise Http404
    if body.decision not in ("confirm", "dismiss"):
        raise HttpError(422, "decision: write confirm or dismiss.")
    try:
        if body.decision == "confirm":
            return services.hit_confirm(hit=hit, actor=request.user, reason=body.reason)
        return services.hit_dismiss(hit=hit, actor=request.user, reason=body.reason)
    except services.DecisionRefused as exc:
        raise HttpError(422, exc.message) from None


@router.post("/screening/run", response=RunOut)
def run(request: OrgRequest):  # type: ignore[no-untyped-def]
    """Screen every supplier now against the lists that apply."""
    _need(request, "edit")
    return services.screen_organisation(organisation=request.organisation, actor=request.user, trigger="api")
