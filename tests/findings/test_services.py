"""Raising findings, moving them through their lifecycle, actions and remedy, all audit-logged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db.models.deletion import ProtectedError

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import AuditEvent, EventType
from ruggie.findings.domain.lifecycle import Party, Status, TransitionRefused
from ruggie.findings.domain.raising import DraftRefused, FindingDraft, Source
from ruggie.findings.domain.severity import Severity, SeverityDimensions
from ruggie.findings.models import Finding
from ruggie.findings.services import (
    action_complete,
    action_create,
    action_verify,
    finding_raise,
    finding_transition,
    finding_update,
    remedy_record,
)
from tests.findings.conftest import Register

TODAY = date(2026, 12, 3)


def draft(site_id: int, **kw: object) -> FindingDraft:
    base: dict[str, object] = dict(
        issue="forced_labour",
        title="Passports held by HR",
        source=Source.AUDIT,
        severity=Severity.CRITICAL,
        site_id=site_id,
        source_ref="AUD-1#NC-1",
        found_on=date(2026, 3, 14),
        dimensions=SeverityDimensions(4, 2, 3),
    )
    base.update(kw)
    return FindingDraft(**base)  # type: ignore[arg-type]


def timeline(finding: Finding) -> list[int]:
    return list(
        AuditEvent.objects.filter(target_type="finding", target_id=str(finding.pk))
        .order_by("id")
        .values_list("event_type", flat=True)
    )


def test_raise_creates_then_updates_instead_of_duplicating(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    first, outcome = finding_raise(
        organisation=org, actor=analyst.user, draft=draft(register.factory.pk), today=TODAY
    )
    assert outcome == "create"
    assert first.supplier == register.stitch and first.country == "VN"
    assert (first.scale, first.scope, first.irremediability) == (4, 2, 3)
    again, outcome = finding_raise(
        organisation=org, actor=analyst.user, draft=draft(register.factory.pk), today=TODAY
    )
    assert outcome == "unchanged" and again.pk == first.pk
    changed, outcome = finding_raise(
        organisation=org,
        actor=analyst.user,
        draft=draft(register.factory.pk, severity=Severity.HIGH),
        today=TODAY,
    )
    assert outcome == "update" and changed.pk == first.pk
    assert Finding.objects.count() == 1
    assert changed.severity == "high" and changed.severity_rank == 3
    assert timeline(first) == [EventType.FINDING_RAISED, EventType.FINDING_UPDATED]
    update = AuditEvent.objects.filter(event_type=EventType.FINDING_UPDATED).get()
    assert update.changes["severity"] == ["critical", "high"]
    assert update.actor == analyst.user


def test_findings_by_hand_are_always_new(org: Organisation, analyst: Membership, register: Register) -> None:
    for _ in range(2):
        finding_raise(
            organisation=org,
            actor=analyst.user,
            draft=draft(register.factory.pk, source=Source.MANUAL, source_ref=""),
            today=TODAY,
        )
    assert Finding.objects.count() == 2


def test_cannot_raise_against_another_organisations_site(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    with pytest.raises(DraftRefused, match="not in this organisation's register"):
        finding_raise(organisation=org, actor=analyst.user, draft=draft(register.rival_site.pk), today=TODAY)
    assert not Finding.objects.exists()


def test_supplier_only_finding(org: Organisation, analyst: Membership, register: Register) -> None:
    f, _ = finding_raise(
        organisation=org,
        actor=analyst.user,
        draft=draft(None, supplier_id=register.atlas.pk),
        today=TODAY,  # type: ignore[arg-type]
    )
    assert f.site is None and f.supplier == register.atlas and f.country == "TN"


def test_site_of_another_supplier_is_refused(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    with pytest.raises(DraftRefused, match="does not belong"):
        finding_raise(
            organisation=org,
            actor=analyst.user,
            draft=draft(register.factory.pk, supplier_id=register.atlas.pk),
            today=TODAY,
        )


def test_lifecycle_with_actions_evidence_and_remedy(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    user = analyst.user
    f, _ = finding_raise(organisation=org, actor=user, draft=draft(register.factory.pk), today=TODAY)
    action = action_create(
        finding=f,
        actor=user,
        description="Return all passports",
        root_cause="No policy",
        due_on=date(2026, 3, 21),
    )
    f.refresh_from_db()
    assert f.status == Status.ACTION_PLANNED
    with pytest.raises(DraftRefused, match="not completed"):
        action_verify(action=action, actor=user, method="desk_review")
    action_complete(action=action, actor=user, note="All 14 passports returned; lockers installed.")
    f.refresh_from_db()
    assert f.status == Status.IN_PROGRESS
    remedy_record(
        action=action,
        actor=user,
        remedy_type="documents_returned",
        beneficiaries=14,
        delivered_on=date(2026, 3, 20),
    )
    remedy_record(
        action=action,
        actor=user,
        remedy_type="fee_repayment",
        beneficiaries=14,
        amount=Decimal("16800.00"),
        currency="USD",
        delivered_on=date(2026, 4, 30),
    )
    f = finding_transition(finding=f, actor=user, party=Party.SUPPLIER, target=Status.RESOLVED)
    assert f.closed_at is not None and f.days_to_close == 0
    with pytest.raises(TransitionRefused, match="Only the buyer"):
        finding_transition(finding=f, actor=user, party=Party.SUPPLIER, target=Status.VERIFIED)
    f = finding_transition(finding=f, actor=user, party=Party.BUYER, target=Status.VERIFIED)
    action.refresh_from_db()
    assert f.verified_at is not None and action.verified_at is not None
    assert timeline(f) == [
        EventType.FINDING_RAISED,
        EventType.ACTION_CREATED,
        EventType.ACTION_COMPLETED,
        EventType.REMEDY_RECORDED,
        EventType.REMEDY_RECORDED,
        EventType.FINDING_STATUS_CHANGED,
        EventType.FINDING_STATUS_CHANGED,
    ]


def test_invalid_transition_changes_nothing(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    f, _ = finding_raise(organisation=org, actor=analyst.user, draft=draft(register.factory.pk), today=TODAY)
    with pytest.raises(TransitionRefused):
        finding_transition(finding=f, actor=analyst.user, party=Party.BUYER, target=Status.VERIFIED)
    f.refresh_from_db()
    assert f.status == Status.OPEN
    assert timeline(f) == [EventType.FINDING_RAISED]


def test_reopening_clears_the_closing_dates(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    f, _ = finding_raise(organisation=org, actor=analyst.user, draft=draft(register.factory.pk), today=TODAY)
    for target in (Status.IN_PROGRESS, Status.RESOLVED, Status.VERIFIED):
        f = finding_transition(finding=f, actor=analyst.user, party=Party.BUYER, target=target)
    f = finding_transition(
        finding=f,
        actor=analyst.user,
        party=Party.BUYER,
        target=Status.OPEN,
        note="Passports held again at the follow-up visit.",
    )
    assert (f.closed_at, f.days_to_close, f.verified_at) == (None, None, None)
    last = AuditEvent.objects.filter(event_type=EventType.FINDING_STATUS_CHANGED).order_by("-id").first()
    assert last is not None and last.changes["note"].startswith("Passports")


def test_edit_is_audited_and_updates_rank(org: Organisation, analyst: Membership, register: Register) -> None:
    f, _ = finding_raise(organisation=org, actor=analyst.user, draft=draft(register.factory.pk), today=TODAY)
    finding_update(finding=f, actor=analyst.user, severity="medium", internal_note="Check with the union")
    f.refresh_from_db()
    assert f.severity_rank == 2
    event = AuditEvent.objects.filter(event_type=EventType.FINDING_UPDATED).get()
    assert event.changes["severity"] == ["critical", "medium"]


def test_a_supplier_with_findings_cannot_be_deleted_silently(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    finding_raise(organisation=org, actor=analyst.user, draft=draft(register.factory.pk), today=TODAY)
    with pytest.raises(ProtectedError):
        register.stitch.delete()
