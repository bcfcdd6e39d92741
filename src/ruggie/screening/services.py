"""Screening suppliers against restricted-entity lists, and deciding hits.

A run screens every supplier of the organisation against every entity list that applies
to it (shipped, loaded for everyone, or its own), keeps each hit until a person decides
it, and logs one audit event. Confirming a hit raises a finding through the one door
(``findings.services.finding_raise``), so re-confirming never duplicates it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.core.errors import UserFacingError
from ruggie.findings.domain.involvement import Involvement
from ruggie.findings.domain.raising import FindingDraft, Source
from ruggie.findings.domain.severity import Severity, SeverityDimensions
from ruggie.findings.services import finding_raise
from ruggie.reference.domain.entity_lists import ListedEntity
from ruggie.reference.services import editions_for
from ruggie.register.models import Supplier
from ruggie.screening.domain import SupplierName, screen
from ruggie.screening.models import HitStatus, ScreeningHit

Progress = Callable[[int, str], None]


class DecisionRefused(UserFacingError):
    """A hit cannot be decided that way; ``message`` says why."""


@dataclass(frozen=True)
class ScreeningRun:
    suppliers: int
    entries: int
    hits: int
    new: int
    stale: int
    seconds: float
    lists: dict[str, str]


def entity_lists(organisation: Organisation) -> tuple[list[ListedEntity], dict[str, str]]:
    """Every listed entity of the lists that apply, and list code -> edition."""
    entries: list[ListedEntity] = []
    editions: dict[str, str] = {}
    for loaded in editions_for(organisation):
        if loaded.dataset.kind == "entity_list":
            entries.extend(loaded.entities)
            editions[loaded.code] = loaded.edition
    return entries, editions


def _details(entry: ListedEntity) -> dict[str, Any]:
    return {
        "section": entry.section,
        "location": entry.location,
        "country": entry.country,
        "listed_on": entry.listed_on.isoformat() if entry.listed_on else "",
        "source_url": entry.source_url,
        "notes": entry.notes,
        "verified": entry.verified,
    }


@transaction.atomic
def screen_organisation(
    *, organisation: Organisation, actor: Any, trigger: str, progress: Progress | None = None
) -> ScreeningRun:
    say = progress or (lambda _p, _s: None)
    started = time.perf_counter()
    say(5, "reading suppliers and lists")
    entries, editions = entity_lists(organisation)
    names = [
        SupplierName(key=pk, name=name, other_names=tuple(other or ()), country=country)
        for pk, name, other, country in Supplier.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", "name", "other_names", "country")
    ]
    say(20, "screening")
    hits = screen(names, entries)
    say(70, "storing hits")
    existing = {
        (h.supplier_id, h.list_code, h.entry_id): h
        for h in ScreeningHit.objects.filter(organisation=organisation)
    }
    seen: set[int] = set()
    new = 0
    for hit in hits:
        entry = hit.entry
        supplier_id = int(hit.supplier)  # the keys given to screen() are supplier ids
        key = (supplier_id, entry.list_code, entry.entry_id)
        values = {
            "list_edition": editions.get(entry.list_code, ""),
            "entry_name": entry.name[:500],
            "entry_aliases": list(entry.aliases),
            "entry_details": _details(entry),
            "supplier_name": hit.supplier_name[:500],
            "matched_name": hit.matched_name[:500],
            "score": round(hit.score, 4),
            "band": str(hit.band),
            "reason": hit.reason,
            "stale": False,
        }
        stored = existing.get(key)
        if stored is None:
            stored = ScreeningHit.objects.create(
                organisation=organisation,
                supplier_id=supplier_id,
                list_code=entry.list_code,
                entry_id=entry.entry_id,
                **values,
            )
            new += 1
        else:
            for field, value in values.items():
                setattr(stored, field, value)
            stored.save()
        seen.add(stored.pk)
    stale = [h.pk for h in existing.values() if h.pk not in seen and not h.stale]
    ScreeningHit.objects.filter(pk__in=stale).update(stale=True)
    run = ScreeningRun(
        suppliers=len(names),
        entries=len(entries),
        hits=len(hits),
        new=new,
        stale=len(stale),
        seconds=round(time.perf_counter() - started, 3),
        lists=editions,
    )
    record(
        organisation=organisation,
        actor=actor,
        event_type=EventType.SCREENING_RUN,
        target_type="screening",
        target_repr=f"Screening ({trigger})",
        changes={
            "trigger": trigger,
            "suppliers": run.suppliers,
            "entries": run.entries,
            "hits": run.hits,
            "new": run.new,
            "stale": run.stale,
            "lists": editions,
        },  # fmt: skip
    )
    say(100, "done")
    return run


def _decided(hit: ScreeningHit, actor: Any, status: str, reason: str) -> None:
    if not reason.strip():
        raise DecisionRefused("Say why: the reason is kept with the decision and in the audit log.")
    if hit.status != HitStatus.OPEN:
        raise DecisionRefused(
            "This hit is already decided; its decision and reason are kept in the audit log."
        )
    hit.status = status
    hit.decision_reason = reason.strip()
    hit.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    hit.decided_at = timezone.now()


@transaction.atomic
def hit_confirm(*, hit: ScreeningHit, actor: Any, reason: str) -> ScreeningHit:
    """The supplier is the listed entity: raise a critical forced-labour finding about it."""
    _decided(hit, actor, HitStatus.CONFIRMED, reason)
    section = hit.entry_details.get("section", "")
    draft = FindingDraft(
        issue="forced_labour",
        title=f"On the {hit.list_code.upper()} list: {hit.entry_name}"[:255],
        source=Source.SCREENING,
        severity=Severity.CRITICAL,
        supplier_id=hit.supplier_id,
        source_ref=f"{hit.list_code}:{hit.entry_id}"[:255],
        source_label=f"{hit.list_code.upper()} {hit.list_edition}".strip(),
        description=(
            f"{hit.supplier_name} was confirmed as '{hit.entry_name}' of the {hit.list_code.upper()} list"
            f"{f' (section {section})' if section else ''}. Goods made wholly or in part by a listed entity "
            "are presumed to be made with forced labour. Reason given: " + hit.decision_reason
        ),
        evidence=f"Matched '{hit.matched_name}' (score {hit.score:.2f}): {hit.reason}",
        found_on=timezone.localdate(),
        dimensions=SeverityDimensions(scale=4, scope=3, irremediability=4),
        involvement=Involvement.DIRECTLY_LINKED,
    )
    finding, _ = finding_raise(organisation=hit.organisation, actor=actor, draft=draft)
    hit.finding = finding
    hit.save()
    record(
        organisation=hit.organisation,
        actor=actor,
        event_type=EventType.SCREENING_HIT_CONFIRMED,
        target=hit,
        changes={"reason": hit.decision_reason, "finding": finding.pk, "entry": hit.entry_name},
    )
    return hit


@transaction.atomic
def hit_dismiss(*, hit: ScreeningHit, actor: Any, reason: str) -> ScreeningHit:
    """Not the listed entity (a different company with a similar name), with the reason."""
    _decided(hit, actor, HitStatus.DISMISSED, reason)
    hit.save()
    record(
        organisation=hit.organisation,
        actor=actor,
        event_type=EventType.SCREENING_HIT_DISMISSED,
        target=hit,
        changes={"reason": hit.decision_reason, "entry": hit.entry_name},
    )
    return hit
