"""REST routes: which laws apply to the token's organisation, with the reasons and deadlines."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from ninja import Router, Schema

from ruggie.accounts.access import OrgRequest
from ruggie.laws import services
from ruggie.laws.domain.profile import fact_label

router = Router(tags=["laws"])


class StepOut(Schema):
    test: str
    fact: str
    used: str
    result: bool | None
    article: str
    source: str
    unverified: bool
    note: str


class LawOut(Schema):
    code: str
    name: str
    jurisdiction: str
    answer: str
    judged_on: date
    unverified: bool
    missing: list[str]
    applies_from: date | None
    steps: list[StepOut]


class ObligationOut(Schema):
    due: date
    law: str
    what: str
    statutory: bool
    unverified: bool
    certain: bool


@router.get("/laws", response=list[LawOut])
def laws(request: OrgRequest):  # type: ignore[no-untyped-def]
    """Every law's answer (applies, does_not_apply, cannot_tell) with each test it rests on."""
    return [
        LawOut(
            code=a.law.code, name=a.law.name, jurisdiction=a.law.jurisdiction, answer=a.answer.value,
            judged_on=a.on, unverified=a.unverified, missing=[fact_label(m) for m in a.verdict.missing],
            applies_from=a.law.applies_from,
            steps=[StepOut(test=s.text, fact=s.fact, used=s.used, result=s.result, article=s.article,
                           source=s.source, unverified=s.unverified, note=s.note) for s in a.verdict.steps],
        )
        for a in services.answers(request.organisation, timezone.localdate())
    ]  # fmt: skip


@router.get("/obligations", response=list[ObligationOut])
def obligations(request: OrgRequest):  # type: ignore[no-untyped-def]
    """What falls due in the next three years for the laws that apply (or might)."""
    return [
        ObligationOut(due=o.due, law=o.law_code, what=o.what, statutory=o.statutory, unverified=o.unverified,
                      certain=o.certain)
        for o in services.obligations(request.organisation, timezone.localdate())
    ]  # fmt: skip
