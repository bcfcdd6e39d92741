"""Engagements: create one (alone or as a group), add asks, record the company's progress and
what happened. Every write is audit-logged in the acting organisation's log.

Privacy between investors in a group: asks, progress and shared interactions are the
group's; notes, votes and draft letters are private to the investor who wrote them unless it
chooses to share them. Every read goes through ``engagement_view``, which applies
``domain.engagement.can_see`` for the viewing organisation: pages, API and exports alike.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from openpyxl import Workbook

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.core.cells import neutralise_formula
from ruggie.core.errors import UserFacingError
from ruggie.investors.domain.engagement import (
    ESCALATION_LABELS,
    KIND_LABELS,
    PRIVATE_BY_DEFAULT,
    STAGE_LABELS,
    Escalation,
    Kind,
    Stage,
    can_see,
    latest_stage,
)
from ruggie.investors.models import (
    Ask,
    AskProgress,
    DisclosureSentence,
    Engagement,
    EngagementMember,
    Interaction,
)


class EngagementRefused(UserFacingError):
    pass


def engagements_for(organisation: Organisation) -> QuerySet[Engagement]:
    return Engagement.objects.filter(memberships__organisation=organisation).select_related("lead").distinct()


def engagement_for(organisation: Organisation, pk: int) -> Engagement | None:
    """The engagement if this organisation is in it (another's looks like a missing one)."""
    return engagements_for(organisation).filter(pk=pk).first()


@transaction.atomic
def engagement_create(
    *,
    lead: Organisation,
    actor: Any,
    title: str,
    company_name: str,
    asks: list[str],
    today: date,
    isin: str = "",
) -> Engagement:
    if not title.strip() or not company_name.strip():
        raise EngagementRefused("Give the engagement a title and name the company.")
    engagement = Engagement.objects.create(
        title=title.strip()[:255],
        company_name=company_name.strip()[:255],
        isin=isin.strip().upper()[:12],
        lead=lead,
        started_on=today,
    )
    EngagementMember.objects.create(engagement=engagement, organisation=lead, joined_on=today)
    for text in asks:
        if text.strip():
            Ask.objects.create(engagement=engagement, text=text.strip()[:500], created_on=today)
    record(
        organisation=lead,
        actor=actor,
        event_type=EventType.ENGAGEMENT_CHANGED,
        target=engagement,
        changes={"created": engagement.title, "asks": [a.text for a in engagement.asks.all()]},
    )
    return engagement


@transaction.atomic
def member_add(
    *, engagement: Engagement, by: Organisation, actor: Any, slug: str, today: date
) -> Organisation:
    """The lead investor brings a supporting investor into the group."""
    if engagement.lead_id != by.pk:
        raise EngagementRefused("Only the lead investor can add investors to the group.")
    other = Organisation.objects.filter(slug=slug.strip(), kind="investor").first()
    if other is None:
        raise EngagementRefused(f"No investor organisation '{slug.strip()}'. Check its short name.")
    EngagementMember.objects.get_or_create(
        engagement=engagement, organisation=other, defaults={"joined_on": today}
    )
    record(
        organisation=by,
        actor=actor,
        event_type=EventType.ENGAGEMENT_CHANGED,
        target=engagement,
        changes={"member_added": other.slug},
    )
    return other


@transaction.atomic
def ask_add(*, engagement: Engagement, by: Organisation, actor: Any, text: str, today: date) -> Ask:
    if not text.strip():
        raise EngagementRefused("Write the ask.")
    ask = Ask.objects.create(engagement=engagement, text=text.strip()[:500], created_on=today)
    record(
        organisation=by,
        actor=actor,
        event_type=EventType.ENGAGEMENT_CHANGED,
        target=engagement,
        changes={"ask_added": ask.text},
    )
    return ask


@transaction.atomic
def progress_record(
    *,
    ask: Ask,
    by: Organisation,
    actor: Any,
    stage: str,
    on: date,
    evidence: str = "",
    sentence_id: int | None = None,
) -> AskProgress:
    """``sentence_id``: a sentence of one of ``by``'s filed documents (the company's public
    text) that shows the progress; the group sees its text, page and document title."""
    try:
        value = Stage(stage)
    except ValueError:
        raise EngagementRefused(
            "Pick a stage: no response, acknowledged, committed, implemented, verified."
        ) from None
    sentence = None
    if sentence_id is not None:
        sentence = DisclosureSentence.objects.filter(pk=sentence_id, disclosure__organisation=by).first()
        if sentence is None:
            raise EngagementRefused("That sentence is not in one of your organisation's documents.")
    entry = AskProgress.objects.create(
        ask=ask, stage=value, on=on, evidence=evidence.strip(), organisation=by, evidence_sentence=sentence
    )
    record(
        organisation=by,
        actor=actor,
        event_type=EventType.ENGAGEMENT_PROGRESS,
        target=ask.engagement,
        changes={"ask": ask.text, "stage": value.value, "on": on.isoformat(), "sentence": sentence_id},
    )
    return entry


@transaction.atomic
def interaction_add(
    *,
    engagement: Engagement,
    by: Organisation,
    actor: Any,
    kind: str,
    on: date,
    summary: str,
    shared: bool | None = None,
    escalation: str = "",
) -> Interaction:
    try:
        value = Kind(kind)
    except ValueError:
        raise EngagementRefused("Pick what happened: meeting, call, letter, vote, note...") from None
    if escalation and escalation not in {e.value for e in Escalation}:
        raise EngagementRefused("Pick an escalation step from the list.")
    if not summary.strip():
        raise EngagementRefused("Say what happened.")
    share = shared if shared is not None else value not in PRIVATE_BY_DEFAULT
    item = Interaction.objects.create(
        engagement=engagement,
        organisation=by,
        kind=value,
        on=on,
        summary=summary.strip(),
        shared=share,
        escalation=escalation,
    )
    record(
        organisation=by,
        actor=actor,
        event_type=EventType.ENGAGEMENT_CHANGED,
        target=engagement,
        changes={"interaction": value.value, "on": on.isoformat(), "shared": share, "escalation": escalation},
    )
    return item


@dataclass(frozen=True)
class AskView:
    ask: Ask
    stage: Stage
    label: str
    history: list[AskProgress]


def evidence_text(progress: AskProgress) -> str:
    """The evidence as written, with the linked sentence of the company's document quoted."""
    parts = [progress.evidence] if progress.evidence else []
    s = progress.evidence_sentence
    if s is not None:
        parts.append(f"\u201c{s.text}\u201d ({s.disclosure.title}, {s.disclosure.year}, p. {s.page})")
    return " ".join(parts)


@dataclass(frozen=True)
class EngagementView:
    engagement: Engagement
    members: list[Organisation]
    asks: list[AskView]
    interactions: list[Interaction]  # what this organisation may see


def engagement_view(engagement: Engagement, viewer: Organisation) -> EngagementView:
    asks = []
    for ask in engagement.asks.prefetch_related("progress__evidence_sentence__disclosure"):
        history = list(ask.progress.all())
        stage = latest_stage([(p.on, Stage(p.stage)) for p in history])
        asks.append(AskView(ask, stage, STAGE_LABELS[stage], history))
    visible = [
        i
        for i in engagement.interactions.select_related("organisation")
        if can_see(author_org=i.organisation_id, shared=i.shared, viewer_org=viewer.pk)
    ]
    members = [m.organisation for m in engagement.memberships.select_related("organisation")]
    return EngagementView(engagement, members, asks, visible)


def engagement_workbook(view: EngagementView, viewer: Organisation) -> bytes:
    """Asks with their stages, and the log this organisation may see, as .xlsx."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Asks"
    sheet.append(["Ask", "Stage", "Since", "Evidence"])
    for a in view.asks:
        last = a.history[-1] if a.history else None
        sheet.append(
            [
                neutralise_formula(v)
                for v in (a.ask.text, a.label, last.on if last else None, evidence_text(last) if last else "")
            ]
        )
    log = book.create_sheet("Log")
    log.append(["Date", "What", "Escalation", "By", "Shared with the group", "Summary"])
    for i in view.interactions:
        log.append(
            [
                neutralise_formula(v)
                for v in (
                    i.on,
                    KIND_LABELS[Kind(i.kind)],
                    ESCALATION_LABELS.get(Escalation(i.escalation)) if i.escalation else "",
                    i.organisation.name,
                    "yes" if i.shared else "no (private to " + viewer.name + ")",
                    i.summary,
                )
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
