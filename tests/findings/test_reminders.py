"""Overdue corrective actions: highlighted, and their owners reminded by e-mail once a week."""

from __future__ import annotations

from datetime import date, timedelta

from django.core import mail

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import AuditEvent, EventType
from ruggie.findings.domain.raising import FindingDraft, Source
from ruggie.findings.domain.severity import Severity
from ruggie.findings.reminders import send_overdue_reminders
from ruggie.findings.services import action_complete, action_create, finding_raise
from tests.findings.conftest import Register

TODAY = date(2026, 12, 3)


def test_reminders_go_to_the_right_people_once_a_week(
    org: Organisation,
    analyst: Membership,
    make_org,
    make_member,
    register: Register,  # type: ignore[no-untyped-def]
) -> None:
    account = make_org("stitch", kind="supplier")
    contact = make_member(account, "analyst", email="hr@stitch.example")
    register.stitch.account = account
    register.stitch.save()
    draft = FindingDraft(
        issue="wages",
        title="Unpaid overtime",
        source=Source.MANUAL,
        severity=Severity.HIGH,
        site_id=register.factory.pk,
    )
    finding = finding_raise(organisation=org, actor=analyst.user, draft=draft, today=TODAY)[0]
    late = action_create(
        finding=finding, actor=analyst.user, description="Pay back overtime", due_on=TODAY - timedelta(days=5)
    )
    buyer_task = action_create(
        finding=finding,
        actor=analyst.user,
        description="Check purchasing",
        owner_party="buyer",
        due_on=TODAY - timedelta(days=1),
    )
    done = action_create(
        finding=finding, actor=analyst.user, description="Done already", due_on=TODAY - timedelta(days=9)
    )
    action_complete(action=done, actor=analyst.user, note="ok")
    action_create(
        finding=finding, actor=analyst.user, description="Not due", due_on=TODAY + timedelta(days=30)
    )

    assert send_overdue_reminders(today=TODAY) == 2
    by_subject = {m.subject: m for m in mail.outbox}
    supplier_mail = next(m for s, m in by_subject.items() if "Pay back overtime" in s)
    assert supplier_mail.to == [contact.user.email]
    assert (
        f"/findings/supplier/actions/{late.pk}/" in supplier_mail.body
        and "Overdue by 5" in supplier_mail.subject
    )
    buyer_mail = next(m for s, m in by_subject.items() if "Check purchasing" in s)
    assert buyer_mail.to == [analyst.user.email] and f"/findings/{buyer_task.finding_id}/" in buyer_mail.body
    assert AuditEvent.objects.filter(event_type=EventType.ACTION_REMINDED).count() == 2

    assert send_overdue_reminders(today=TODAY + timedelta(days=3)) == 0  # not again within the week
    assert send_overdue_reminders(today=TODAY + timedelta(days=7)) == 2


def test_linking_a_supplier_account_from_the_command_line(
    org: Organisation,
    make_org,
    register: Register,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    import pytest

    from ruggie.cli.main import main

    account = make_org("stitch", kind="supplier")
    assert main(["supplier", "link", "SS-001", "--org", org.slug, "--account", "stitch"]) == 0
    register.stitch.refresh_from_db()
    assert register.stitch.account == account
    assert AuditEvent.objects.filter(
        event_type=EventType.SUPPLIER_UPDATED, changes__account=[None, "stitch"]
    ).exists()
    with pytest.raises(SystemExit, match="not a supplier organisation"):
        main(["supplier", "link", "SS-001", "--org", org.slug, "--account", org.slug])
    assert main(["supplier", "link", "SS-001", "--org", org.slug, "--account", "-"]) == 0
    register.stitch.refresh_from_db()
    assert register.stitch.account is None
