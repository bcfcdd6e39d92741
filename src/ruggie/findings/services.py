"""Writes to findings and corrective actions. Each service is atomic and records its audit
event in the same transaction. Every event names the finding as its target, so a
finding's timeline is one query over the audit log."""

from __future__ import annotations

import os
from datetime import date
from typing import Any
from uuid import uuid4

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.findings.domain.evidence import sniff
from ruggie.findings.domain.involvement import Involvement
from ruggie.findings.domain.lifecycle import Party, Status, check_transition
from ruggie.findings.domain.raising import (
    DraftRefused,
    FindingDraft,
    plan_raise,
    validate_draft,
)
from ruggie.findings.domain.severity import Severity, SeverityDimensions
from ruggie.findings.models import CorrectiveAction, Evidence, Finding, Remedy
from ruggie.register.models import Site, Supplier


def _event(finding: Finding, actor: Any, event_type: EventType, changes: dict[str, Any]) -> None:
    record(
        organisation=finding.organisation,
        actor=actor,
        event_type=event_type,
        target_type="finding",
        target_id=str(finding.pk),
        target_repr=str(finding),
        changes=changes,
    )


def stored_values(finding: Finding) -> dict[str, Any]:
    """The finding's raised fields, typed as plan_raise compares them."""
    dims = (
        SeverityDimensions(finding.scale, finding.scope, finding.irremediability)
        if finding.scale and finding.scope and finding.irremediability
        else None
    )
    return {
        "issue": finding.issue,
        "title": finding.title,
        "severity": finding.severity,
        "site_id": finding.site_id,
        "supplier_id": finding.supplier_id,
        "source_label": finding.source_label,
        "description": finding.description,
        "evidence": finding.evidence,
        "found_on": finding.found_on,
        "dimensions": dims,
        "involvement": finding.involvement,
        "details": finding.details,
    }


def _shown(value: Any) -> Any:
    """A value as the audit log stores it (JSON)."""
    if isinstance(value, SeverityDimensions):
        return [value.scale, value.scope, value.irremediability]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str | dict | list):
        return value
    return str(value)


def _subject(organisation: Organisation, draft: FindingDraft) -> tuple[Supplier, Site | None]:
    """The draft's site and supplier, within the organisation's own register only."""
    site = None
    if draft.site_id is not None:
        site = (
            Site.objects.filter(organisation=organisation, pk=draft.site_id)
            .select_related("supplier")
            .first()
        )
        if site is None:
            raise DraftRefused(f"Site {draft.site_id} is not in this organisation's register.")
        if draft.supplier_id is not None and site.supplier_id != draft.supplier_id:
            raise DraftRefused(f"Site {draft.site_id} does not belong to supplier {draft.supplier_id}.")
        return site.supplier, site
    supplier = Supplier.objects.filter(organisation=organisation, pk=draft.supplier_id or 0).first()
    if supplier is None:
        raise DraftRefused(f"Supplier {draft.supplier_id} is not in this organisation's register.")
    return supplier, None


@transaction.atomic
def finding_raise(
    *, organisation: Organisation, actor: Any, draft: FindingDraft, today: date | None = None
) -> tuple[Finding, str]:
    """Create the finding, or update the one the same source raised before.

    The single entry point for every capability that discovers a problem (audits,
    self-assessments, surveys, grievances, screening). Returns the finding and
    "create", "update" or "unchanged". Raises DraftRefused with a message for the user.
    """
    validate_draft(draft, today=today or timezone.localdate())
    supplier, site = _subject(organisation, draft)
    existing = None
    if draft.identity() is not None:
        existing = (
            Finding.objects.select_for_update()
            .filter(organisation=organisation, source=draft.source.value, source_ref=draft.source_ref)
            .first()
        )
    decision = plan_raise(draft, stored_values(existing) if existing else None)
    if decision.action == "unchanged":
        assert existing is not None  # noqa: S101 - plan_raise only says unchanged for an existing one
        return existing, "unchanged"
    finding = existing or Finding(
        organisation=organisation, source=draft.source.value, source_ref=draft.source_ref
    )
    finding.supplier, finding.site = supplier, site
    finding.country = (site.country if site else "") or supplier.country
    finding.issue, finding.title = draft.issue, draft.title.strip()
    finding.severity = Severity(draft.severity).value
    finding.severity_rank = Severity(draft.severity).rank
    finding.description, finding.evidence = draft.description, draft.evidence
    finding.source_label, finding.found_on = draft.source_label, draft.found_on
    finding.involvement, finding.details = Involvement(draft.involvement).value, dict(draft.details)
    dims = draft.dimensions
    finding.scale, finding.scope, finding.irremediability = (
        (dims.scale, dims.scope, dims.irremediability) if dims else (None, None, None)
    )
    finding.save()
    changes = {k: [_shown(old), _shown(new)] for k, (old, new) in decision.changes.items()}
    created = existing is None
    _event(
        finding,
        actor,
        EventType.FINDING_RAISED if created else EventType.FINDING_UPDATED,
        {**changes, "source": draft.source.value},
    )
    return finding, decision.action


EDITABLE = ("title", "description", "evidence", "severity", "involvement", "internal_note", "issue")


@transaction.atomic
def finding_update(*, finding: Finding, actor: Any, **fields: Any) -> Finding:
    """A buyer's edits to a finding (not its status: see finding_transition)."""
    unknown = set(fields) - {*EDITABLE, "scale", "scope", "irremediability", "found_on"}
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    changes = {}
    for key, value in fields.items():
        old = getattr(finding, key)
        if old != value:
            changes[key] = [_shown(old), _shown(value)]
            setattr(finding, key, value)
    if "severity" in fields:
        finding.severity_rank = Severity(finding.severity).rank
    if changes:
        finding.full_clean(exclude=["organisation", "supplier", "site"])
        finding.save()
        _event(finding, actor, EventType.FINDING_UPDATED, changes)
    return finding


@transaction.atomic
def finding_transition(
    *, finding: Finding, actor: Any, party: Party, target: Status | str, note: str = ""
) -> Finding:
    """Move a finding along its lifecycle; TransitionRefused says why not."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    check_transition(finding.status, target, party, note)
    old, goal = finding.status, Status(target)
    now = timezone.now()
    finding.status = goal.value
    if goal == Status.RESOLVED:
        finding.closed_at = now
        finding.days_to_close = (now - finding.created_at).days
    elif goal == Status.VERIFIED:
        finding.verified_at = now
        finding.actions.filter(completed_at__isnull=False, verified_at__isnull=True).update(verified_at=now)
    elif goal in (Status.OPEN, Status.IN_PROGRESS, Status.ACTION_PLANNED, Status.DISPUTED):
        finding.closed_at, finding.days_to_close, finding.verified_at = None, None, None
    finding.save()
    _event(
        finding,
        actor,
        EventType.FINDING_STATUS_CHANGED,
        {"status": [old, goal.value], "by": party.value, **({"note": note} if note else {})},
    )
    return finding


@transaction.atomic
def action_create(
    *,
    finding: Finding,
    actor: Any,
    description: str,
    root_cause: str = "",
    owner_party: Party | str = Party.SUPPLIER,
    owner: Any = None,
    due_on: date | None = None,
) -> CorrectiveAction:
    action = CorrectiveAction.objects.create(
        organisation=finding.organisation,
        finding=finding,
        description=description,
        root_cause=root_cause,
        owner_party=Party(owner_party).value,
        owner=owner,
        due_on=due_on,
    )
    if finding.status == Status.OPEN.value:
        finding.status = Status.ACTION_PLANNED.value
        finding.save(update_fields=["status", "updated_at"])
    _event(
        finding,
        actor,
        EventType.ACTION_CREATED,
        {
            "action": action.pk,
            "description": description,
            "owner": action.owner_party,
            "due_on": _shown(due_on),
        },
    )
    return action


@transaction.atomic
def action_update(*, action: CorrectiveAction, actor: Any, **fields: Any) -> CorrectiveAction:
    allowed = {"description", "root_cause", "owner_party", "owner", "due_on"}
    if set(fields) - allowed:
        raise ValueError(f"not editable here: {sorted(set(fields) - allowed)}")
    changes = {}
    for key, value in fields.items():
        if getattr(action, key) != value:
            changes[key] = [_shown(getattr(action, key)), _shown(value)]
            setattr(action, key, value)
    if changes:
        action.save()
        _event(action.finding, actor, EventType.ACTION_UPDATED, {"action": action.pk, **changes})
    return action


@transaction.atomic
def action_complete(*, action: CorrectiveAction, actor: Any, note: str) -> CorrectiveAction:
    """The owner says the action is done; the buyer's verification closes it."""
    if not note.strip():
        raise DraftRefused("Say what was done: a completion note is needed.")
    action.completed_at = timezone.now()
    action.completion_note = note.strip()
    action.save()
    finding = action.finding
    if finding.status in (Status.OPEN.value, Status.ACTION_PLANNED.value):
        finding.status = Status.IN_PROGRESS.value
        finding.save(update_fields=["status", "updated_at"])
    _event(finding, actor, EventType.ACTION_COMPLETED, {"action": action.pk, "note": action.completion_note})
    return action


@transaction.atomic
def action_verify(*, action: CorrectiveAction, actor: Any, method: str) -> CorrectiveAction:
    if action.completed_at is None:
        raise DraftRefused(
            "This action is not completed yet: it can be verified once its owner marks it done."
        )
    action.verified_at = timezone.now()
    action.verification_method = method
    action.full_clean(exclude=["organisation", "finding", "owner"])
    action.save()
    _event(action.finding, actor, EventType.ACTION_VERIFIED, {"action": action.pk, "method": method})
    return action


@transaction.atomic
def remedy_record(*, action: CorrectiveAction, actor: Any, **fields: Any) -> Remedy:
    remedy = Remedy(organisation=action.organisation, action=action, **fields)
    remedy.full_clean(exclude=["organisation", "action"])
    remedy.save()
    _event(
        action.finding,
        actor,
        EventType.REMEDY_RECORDED,
        {
            "action": action.pk,
            "type": remedy.remedy_type,
            "beneficiaries": remedy.beneficiaries,
            "amount": _shown(remedy.amount),
            "currency": remedy.currency,
            "delivered_on": _shown(remedy.delivered_on),
        },
    )
    return remedy


@transaction.atomic
def evidence_add(*, action: CorrectiveAction, actor: Any, note: str = "", upload: Any = None) -> Evidence:
    """A file (checked by content, stored under a random name) or a note."""
    evidence = Evidence(organisation=action.organisation, action=action, note=note.strip(), uploaded_by=actor)
    if upload is not None:
        data = upload.read()
        content_type, extension = sniff(data)
        evidence.filename = os.path.basename(str(upload.name or "evidence"))[:255]
        evidence.content_type, evidence.size = content_type, len(data)
        evidence.file.save(f"{uuid4().hex}{extension}", ContentFile(data), save=False)
    evidence.save()
    _event(
        action.finding,
        actor,
        EventType.EVIDENCE_ADDED,
        {
            "action": action.pk,
            "file": evidence.filename,
            "type": evidence.content_type,
            "note": evidence.note,
        },
    )
    return evidence
