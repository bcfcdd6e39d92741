"""Read-only views of cases across an organisation (no case content is opened here)."""

from __future__ import annotations

from datetime import date

from ruggie.accounts.models import Organisation
from ruggie.grievance.domain.effectiveness import CaseFacts, Effectiveness, measure
from ruggie.grievance.models import Case
from ruggie.register.models import Site

FIELDS = (
    "site_id", "channel_kind", "category", "reporter_gender", "anonymous", "state", "received_on",
    "acknowledged_on", "first_response_on", "closed_on", "handler_id", "conflict_of_interest",
    "remedy_type", "remedy_received", "reporter_satisfied", "reporter_saw_outcome", "appealed",
)  # fmt: skip


def case_facts(organisation: Organisation) -> list[CaseFacts]:
    return [
        CaseFacts(
            site_id=r[0],
            channel=r[1],
            category=r[2],
            gender=r[3],
            anonymous=r[4],
            state=r[5],
            received_on=r[6],
            acknowledged_on=r[7],
            first_response_on=r[8],
            closed_on=r[9],
            has_handler=r[10] is not None,
            conflict_declared=bool(r[11]),
            remedy_recorded=bool(r[12]),
            remedy_received=r[13],
            satisfied=r[14],
            saw_outcome=r[15],
            appealed=r[16],
        )  # fmt: skip
        for r in Case.objects.filter(organisation=organisation).values_list(*FIELDS)
    ]


def effectiveness(organisation: Organisation, today: date, min_group: int = 10) -> Effectiveness:
    facts = case_facts(organisation)
    site_ids = {f.site_id for f in facts if f.site_id is not None}
    sites = Site.objects.filter(organisation=organisation, pk__in=site_ids).values_list(
        "pk", "name", "headcount"
    )
    names = {pk: name for pk, name, _ in sites}
    workers = {pk: headcount for pk, _, headcount in sites if headcount}
    return measure(facts, workers=workers, site_names=names, today=today, min_group=min_group)
