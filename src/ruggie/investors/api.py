"""REST routes for engagements: only member organisations, and only what each may see."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from ninja import Router, Schema

from ruggie.accounts.access import OrgRequest
from ruggie.investors import engagements as svc

router = Router(tags=["investors"])


class InteractionOut(Schema):
    on: date
    kind: str
    escalation: str
    organisation: str
    shared: bool
    summary: str


class AskOut(Schema):
    text: str
    stage: str


class EngagementOut(Schema):
    id: int
    title: str
    company_name: str
    isin: str
    lead: str
    members: list[str]
    asks: list[AskOut]
    interactions: list[InteractionOut]


def _out(view: svc.EngagementView) -> EngagementOut:
    e = view.engagement
    return EngagementOut(
        id=e.pk,
        title=e.title,
        company_name=e.company_name,
        isin=e.isin,
        lead=e.lead.slug,
        members=[m.slug for m in view.members],
        asks=[AskOut(text=a.ask.text, stage=a.stage.value) for a in view.asks],
        interactions=[
            InteractionOut(
                on=i.on,
                kind=i.kind,
                escalation=i.escalation,
                organisation=i.organisation.slug,
                shared=i.shared,
                summary=i.summary,
            )
            for i in view.interactions
        ],
    )


@router.get("/engagements", response=list[EngagementOut])
def engagements(request: OrgRequest):  # type: ignore[no-untyped-def]
    """Engagements this organisation is in, with what it may see of each."""
    return [
        _out(svc.engagement_view(e, request.organisation)) for e in svc.engagements_for(request.organisation)
    ]


@router.get("/engagements/{engagement_id}", response=EngagementOut)
def engagement(request: OrgRequest, engagement_id: int):  # type: ignore[no-untyped-def]
    found = svc.engagement_for(request.organisation, engagement_id)
    if found is None:
        raise Http404
    return _out(svc.engagement_view(found, request.organisation))
