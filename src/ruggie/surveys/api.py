"""REST routes for worker surveys: rounds, and results made safe to show (the same
``services.round_results`` the pages and the export read, so the API can reveal no more)."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from ruggie.accounts.access import OrgRequest
from ruggie.questionnaires.domain.scoring import localise
from ruggie.register.models import Site
from ruggie.surveys import services
from ruggie.surveys.domain.privacy import DEFAULT_MIN_GROUP
from ruggie.surveys.models import SurveyRound

router = Router(tags=["surveys"])


class RoundOut(Schema):
    id: int
    site_id: int
    name: str
    opens_on: date
    closes_on: date | None
    is_open: bool
    min_group_size: int
    responses: int
    link: str


class RoundIn(Schema):
    site_id: int
    name: str
    opens_on: date
    closes_on: date | None = None
    min_group_size: int = DEFAULT_MIN_GROUP


class EstimateOut(Schema):
    n: int
    index: float | None
    low: float | None
    high: float | None


class GroupOut(Schema):
    group: str
    dimensions: dict[str, EstimateOut | None]


class BreakdownOut(Schema):
    question: str
    title: str
    groups: list[GroupOut]


class FlagOut(Schema):
    question: str
    issue: str
    indicator: str
    title: str
    count: int
    answered: int


class ResultsOut(Schema):
    round_id: int
    responses: int
    min_group_size: int
    shown: bool
    dimensions: dict[str, EstimateOut]
    breakdowns: list[BreakdownOut]
    flags: list[FlagOut]
    open_answers: list[str]


def _round(request: OrgRequest, pk: int) -> SurveyRound:
    found = SurveyRound.objects.filter(organisation=request.organisation, pk=pk).first()
    if found is None:
        raise Http404
    return found


def _out(request: OrgRequest, r: SurveyRound) -> dict[str, object]:
    return {
        "id": r.pk, "site_id": r.site_id, "name": r.name, "opens_on": r.opens_on, "closes_on": r.closes_on,
        "is_open": r.is_open(), "min_group_size": r.min_group_size, "responses": r.responses.count(),
        "link": request.build_absolute_uri(f"/s/{r.token}/"),
    }  # fmt: skip


@router.get("/surveys/rounds", response=list[RoundOut])
def rounds(request: OrgRequest):  # type: ignore[no-untyped-def]
    """The organisation's survey rounds, newest first."""
    return [_out(request, r) for r in SurveyRound.objects.filter(organisation=request.organisation)]


@router.post("/surveys/rounds", response={201: RoundOut})
def create(request: OrgRequest, body: RoundIn):  # type: ignore[no-untyped-def]
    """Open a round at a site (minimum group size 10 or more)."""
    if not request.membership.can("edit"):
        raise HttpError(403, "Your role does not allow 'edit'.")
    site = Site.objects.filter(organisation=request.organisation, pk=body.site_id).first()
    if site is None:
        raise HttpError(422, "site_id: no such site in your register.")
    try:
        created = services.round_create(
            organisation=request.organisation, actor=request.user, site=site, name=body.name,
            opens_on=body.opens_on, closes_on=body.closes_on, min_group_size=body.min_group_size,
        )  # fmt: skip
    except services.RoundRefused as exc:
        raise HttpError(422, exc.message) from None
    return Status(201, _out(request, created))


@router.get("/surveys/rounds/{round_id}/results", response=ResultsOut)
def results(request: OrgRequest, round_id: int, lang: str = "en"):  # type: ignore[no-untyped-def]
    """Indices with 95% intervals, breakdowns (never a group under the minimum size, nor one
    that subtraction from the total would reveal), red-flag counts; the workers' own words
    for roles that may edit."""
    found = _round(request, round_id)
    r = services.round_results(found, language=lang, open_answers=request.membership.can("edit"))
    codes = [code for code, _title in r.dimensions]
    src = r.spec.source_language
    return {
        "round_id": found.pk,
        "responses": r.responses,
        "min_group_size": found.min_group_size,
        "shown": r.shown,
        "dimensions": {code: t.__dict__ for code, t in zip(codes, r.totals, strict=True)},
        "breakdowns": [
            {
                "question": b.question,
                "title": b.title,
                "groups": [
                    {
                        "group": label,
                        "dimensions": {
                            c: e.__dict__ if e else None for c, e in zip(codes, cells, strict=True)
                        },
                    }
                    for label, cells in b.rows
                ],
            }
            for b in r.breakdowns
        ],  # fmt: skip
        "flags": [
            {
                "question": f.ref.split(":")[0],
                "issue": f.rule.issue,
                "indicator": f.rule.indicator,
                "title": localise(f.rule.title, lang, src),
                "count": f.count,
                "answered": f.answered,
            }
            for f in r.flags
        ],  # fmt: skip
        "open_answers": r.open_answers,
    }
