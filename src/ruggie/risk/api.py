"""REST routes for risk: scores per site (with explanations), salient issues, runs."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from ruggie.accounts.access import OrgRequest
from ruggie.core.errors import UserFacingError
from ruggie.core.human_rights import issue_codes
from ruggie.register.models import Site
from ruggie.risk import selectors, services
from ruggie.risk.models import RiskRun, SiteRisk

router = Router(tags=["risk"])


def _need(request: OrgRequest, permission: str) -> None:
    if not request.membership.can(permission):
        raise HttpError(403, f"Your role does not allow '{permission}'.")


class ScoreOut(Schema):
    site_id: int
    issue: str
    score: int
    country: str


class FactorOut(Schema):
    factor: str
    label: str
    value: float
    known: bool
    detail: str
    weight: float
    points: float
    source: str


class ExplanationOut(Schema):
    issue: str
    score: int
    level: str
    parts: list[FactorOut]
    left_out: list[str]
    methodology_version: str


class DriverOut(Schema):
    site: int
    score: int
    workers: int


class SalientOut(Schema):
    rank: int
    issue: str
    salience: int
    scale: int
    scope: int
    irremediability: int
    severity: float
    likelihood: float
    inherent_likelihood: float
    workers_at_high_risk: int
    sites_at_high_risk: int
    drivers: list[DriverOut]
    evidence_count: int
    overridden: bool
    override_reason: str


class RunOut(Schema):
    id: int
    trigger: str
    methodology_version: str
    reference_editions: dict[str, str]
    sites: int
    changed: int
    seconds: float


class JudgementIn(Schema):
    reason: str
    scale: int | None = None
    scope: int | None = None
    irremediability: int | None = None
    likelihood: int | None = None  # 0-100


@router.get("/risk/scores", response=list[ScoreOut])
@paginate(LimitOffsetPagination)
def scores(request: OrgRequest, issue: str = "", site: int | None = None, min_score: int = 0):  # type: ignore[no-untyped-def]
    """Current inherent-risk scores, highest first; filter by issue, site, minimum score."""
    qs = SiteRisk.objects.filter(organisation=request.organisation, score__gte=min_score)
    if issue:
        qs = qs.filter(issue=issue)
    if site is not None:
        qs = qs.filter(site_id=site)
    return qs.order_by("-score", "site_id", "issue").values("site_id", "issue", "score", "country")


@router.get("/risk/sites/{site_id}", response=list[ExplanationOut])
def site_explanations(request: OrgRequest, site_id: int):  # type: ignore[no-untyped-def]
    """Every issue's score for one site, factor by factor."""
    found = Site.objects.filter(organisation=request.organisation, pk=site_id).first()
    if found is None:
        raise Http404
    return [
        e.__dict__ | {"parts": [p.__dict__ for p in e.parts]}
        for e in selectors.site_explanations(request.organisation, found)
    ]


@router.get("/risk/salient", response=list[SalientOut])
def salient(request: OrgRequest):  # type: ignore[no-untyped-def]
    """The organisation's salient issues (UNGP 24), most salient first."""
    return [
        {
            **{k: v for k, v in s.__dict__.items() if k not in ("drivers", "evidence", "judgement")},
            "drivers": [d.__dict__ for d in s.drivers],
            "evidence_count": len(s.evidence),
            "overridden": s.judgement is not None,
            "override_reason": s.judgement.reason if s.judgement else "",
        }
        for s in selectors.salient_issues(request.organisation)
    ]


@router.post("/risk/salient/{issue}/judgement", response={201: dict[str, int]})
def judge(request: OrgRequest, issue: str, body: JudgementIn):  # type: ignore[no-untyped-def]
    """Override an issue's severity dimensions or likelihood, with a reason (audit-logged)."""
    _need(request, "edit")
    if issue not in issue_codes():
        raise Http404
    try:  # the service checks the ranges and the reason
        j = services.salience_judge(
            organisation=request.organisation, actor=request.user, issue=issue, **body.dict()
        )
    except UserFacingError as exc:
        raise HttpError(422, exc.message) from None
    return Status(201, {"id": j.pk})


@router.get("/risk/runs", response=list[RunOut])
@paginate(LimitOffsetPagination)
def runs(request: OrgRequest):  # type: ignore[no-untyped-def]
    """Scoring runs, newest first: what triggered each and what it used."""
    return RiskRun.objects.filter(organisation=request.organisation).order_by("-started_at", "-id")


@router.post("/risk/score", response={200: RunOut})
def score(request: OrgRequest):  # type: ignore[no-untyped-def]
    """Score every site now (for large registers prefer the background run after an import)."""
    _need(request, "edit")
    return services.score_organisation(organisation=request.organisation, actor=request.user, trigger="api")
