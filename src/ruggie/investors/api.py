"""REST routes for engagements (only member organisations, and only what each may see) and
for disclosures (only the organisation that filed them)."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from ninja import Field, Router, Schema

from ruggie.accounts.access import OrgRequest
from ruggie.investors import disclosures as dsvc
from ruggie.investors import engagements as svc
from ruggie.investors.models import Disclosure

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


class EvidenceOut(Schema):
    page: int
    text: str


class JudgementOut(Schema):
    criterion: str
    text: str
    status: str
    machine_status: str
    confidence: float
    review: str
    evidence: list[EvidenceOut]


class DisclosureOut(Schema):
    id: int
    company_name: str
    isin: str
    title: str
    kind: str
    year: int
    pages: int
    needs_ocr: bool
    reading: str = Field(description="queued (being read in the background), ready, or failed")
    framework: str | None
    judgements: list[JudgementOut]


def _disclosure_out(d: Disclosure, framework: str | None) -> DisclosureOut:
    assessment = dsvc.latest_assessment(d, framework)
    judgements = [
        JudgementOut(
            criterion=v.judgement.criterion,
            text=v.text,
            status=v.judgement.status,
            machine_status=v.judgement.machine_status,
            confidence=v.judgement.confidence,
            review=v.judgement.review,
            evidence=[EvidenceOut(page=s.page, text=s.text) for s, _p, _specific in v.evidence],
        )
        for v in (dsvc.assessment_view(assessment) if assessment else [])
    ]
    return DisclosureOut(
        id=d.pk, company_name=d.company_name, isin=d.isin, title=d.title, kind=d.kind, year=d.year,
        pages=d.pages, needs_ocr=d.needs_ocr, reading=d.reading,
        framework=assessment.framework if assessment else None, judgements=judgements,
    )  # fmt: skip


@router.get("/disclosures", response=list[DisclosureOut])
def disclosures(request: OrgRequest, framework: str | None = None):  # type: ignore[no-untyped-def]
    """Documents this organisation filed, each with its latest assessment (of ``framework``
    when given)."""
    return [_disclosure_out(d, framework) for d in dsvc.disclosures_for(request.organisation)]


@router.get("/disclosures/{disclosure_id}", response=DisclosureOut)
def disclosure(request: OrgRequest, disclosure_id: int, framework: str | None = None):  # type: ignore[no-untyped-def]
    found = dsvc.disclosure_for(request.organisation, disclosure_id)
    if found is None:
        raise Http404
    return _disclosure_out(found, framework)
