"""Which laws apply to an organisation, and when its obligations fall due.

The profile is saved as read by ``domain.profile`` (all fields or none: a field that cannot
be read stops the save and is named); every change is audit-logged with what changed. Laws are
judged as of the end of the organisation's current financial year (today when it has not
said when its year ends), because most thresholds are measured on the financial year.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from icalendar import Calendar, Event

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import diff, record
from ruggie.laws.domain.engine import Answer
from ruggie.laws.domain.profile import facts, read_profile, year_end_of
from ruggie.laws.domain.rules import Applicability, Deadline, applicability, deadlines, shipped_laws, year_end
from ruggie.laws.models import LegalProfile
from ruggie.risk.models import SiteRisk
from ruggie.risk.services import methodology_for
from ruggie.screening.models import HitStatus, ScreeningHit

CALENDAR_YEARS = 3


def profile_for(organisation: Organisation) -> dict[str, Any]:
    found = LegalProfile.objects.filter(organisation=organisation).first()
    return dict(found.facts) if found else {}


@transaction.atomic
def profile_save(*, organisation: Organisation, actor: Any, form: dict[str, Any]) -> dict[str, Any]:
    """Raises ProfileErrors (field: message) and stores nothing when a field cannot be read."""
    profile = read_profile(form)
    row, _created = LegalProfile.objects.select_for_update().get_or_create(organisation=organisation)
    before = dict(row.facts)
    row.facts = profile
    row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    row.save()
    # PostgreSQL's jsonb keeps keys in its own order: compare with keys sorted on both sides.
    changes = diff(_sorted(before), _sorted(profile))
    if changes:
        record(
            organisation=organisation,
            actor=actor,
            event_type=EventType.LEGAL_PROFILE_CHANGED,
            target=row,
            changes=changes,
        )
    return profile


def _sorted(value: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(json.dumps(value, sort_keys=True)))


def judged_on(profile: dict[str, Any], today: date) -> date:
    """The end of the financial year running on ``today`` (or today, if unknown)."""
    end = year_end_of(profile)
    if end is None:
        return today
    this_year = year_end(end, today.year)
    return this_year if this_year >= today else year_end(end, today.year + 1)


def answers(
    organisation: Organisation, today: date, profile: dict[str, Any] | None = None
) -> list[Applicability]:
    """Every law's answer; ``profile``: the organisation's, when the caller has read it already."""
    profile = profile_for(organisation) if profile is None else profile
    on = judged_on(profile, today)
    given = facts(profile)
    order = {Answer.APPLIES: 0, Answer.CANNOT_TELL: 1, Answer.DOES_NOT_APPLY: 2}
    found = [applicability(law, given, on) for law in shipped_laws().values()]
    return sorted(found, key=lambda a: (order[a.answer], a.law.short))


@dataclass(frozen=True)
class Obligation:
    due: date
    law_code: str
    law: str
    what: str
    statutory: bool
    unverified: bool
    certain: bool  # False when the law's applicability is "cannot tell"


def obligations(
    organisation: Organisation,
    today: date,
    years: int = CALENDAR_YEARS,
    *,
    profile: dict[str, Any] | None = None,
    found: list[Applicability] | None = None,
) -> list[Obligation]:
    """What falls due from ``today`` for laws that apply (or might: "cannot tell"); ``found``:
    the answers, when the caller has them already (only those laws are looked at)."""
    profile = profile_for(organisation) if profile is None else profile
    end_of_year = year_end_of(profile)
    out: list[Obligation] = []
    horizon = today + timedelta(days=365 * years)
    for a in answers(organisation, today, profile) if found is None else found:
        if a.answer == Answer.DOES_NOT_APPLY:
            continue
        due: list[Deadline] = deadlines(a.law, end_of_year, today, horizon)
        for d in due:
            what = d.rule.what + (f" (year ending {d.for_year_ending:%d %b %Y})" if d.for_year_ending else "")
            out.append(
                Obligation(d.due, a.law.code, a.law.short, what, d.rule.statutory, d.rule.unverified,
                           a.answer == Answer.APPLIES)
            )  # fmt: skip
    return sorted(out, key=lambda o: (o.due, o.law))


def calendar_ics(organisation: Organisation, today: date) -> bytes:
    """The obligations as an iCalendar file (all-day events), for any calendar application."""
    cal = Calendar()
    cal.add("prodid", "-//ruggie//obligations//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{organisation.name}: human rights due diligence obligations")
    for o in obligations(organisation, today):
        event = Event()
        # Stable across downloads, so a calendar that subscribes updates events instead of doubling them.
        key = hashlib.sha256(f"{o.law_code}|{o.due}|{o.what}".encode()).hexdigest()[:16]
        event.add("uid", f"{key}@{organisation.slug}.ruggie")
        event.add("dtstamp", today)
        event.add("dtstart", o.due)
        event.add("dtend", o.due + timedelta(days=1))
        prefix = "" if o.certain else "[if the law applies] "
        event.add("summary", f"{prefix}{o.law}: {o.what}")
        notes = ["Statutory deadline." if o.statutory else "Guidance, not a statutory deadline."]
        if o.unverified:
            notes.append("Unverified: check the primary text.")
        event.add("description", " ".join(notes))
        cal.add_component(event)
    return bytes(cal.to_ical())


@dataclass(frozen=True)
class Hint:
    """What ruggie's own data says about a law's subject, for the person filling the profile."""

    text: str
    link: str


_IMPORT_BANS = {"us_uflpa", "us_tariff_307", "eu_flr", "ca_s211"}
_CHILD_LABOUR = {"ch_ddtro", "ca_s211"}


def evidence_hints(organisation: Organisation, code: str) -> list[Hint]:
    """Forced-labour screening and risk for the import bans; child-labour risk for the Swiss
    rules and Canada's act. Counts only, from the screening and risk capabilities."""
    hints: list[Hint] = []
    high = methodology_for(organisation).levels["high"]
    scores = SiteRisk.objects.filter(organisation=organisation, score__gte=high)
    if code in _IMPORT_BANS:
        hits = ScreeningHit.objects.filter(organisation=organisation, list_code="uflpa", stale=False)
        confirmed = hits.filter(status=HitStatus.CONFIRMED).count()
        undecided = hits.filter(status=HitStatus.OPEN).count()
        hints.append(Hint(
            f"Screening against the UFLPA Entity List: {confirmed} confirmed and {undecided} undecided "
            "matches among your suppliers.", reverse("screening:hits"),
        ))  # fmt: skip
        forced = scores.filter(issue="forced_labour").count()
        hints.append(
            Hint(
                f"{forced} of your sites are at high inherent risk of forced labour.",
                reverse("risk:overview"),
            )
        )
    if code in _CHILD_LABOUR:
        child = scores.filter(issue="child_labour").count()
        hints.append(Hint(
            f"{child} of your sites are at high inherent risk of child labour"
            + (": for the Swiss rules, that is a reason to answer 'yes' to reasonable suspicion." if child and
               code == "ch_ddtro" else "."),
            reverse("risk:overview"),
        ))  # fmt: skip
    return hints
