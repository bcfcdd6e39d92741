"""Overdue alerts to handlers (no content in e-mail) and deletion of closed cases."""

from __future__ import annotations

from datetime import date, timedelta

from django.core import mail

from ruggie.audit.models import AuditEvent, EventType
from ruggie.cli.main import main
from ruggie.grievance import services
from ruggie.grievance.models import Case, CaseMessage
from ruggie.grievance.reminders import send_overdue_alerts
from tests.grievance.conftest import World

SECRET_WORDS = "Manager Karim hits the packers"


def _case(world: World) -> Case:
    case, _ = services.report_submit(
        channel=world.channel, report=services.Report(kind="harassment", text=SECRET_WORDS)
    )
    return case


def test_overdue_cases_alert_their_handler_without_content(world: World) -> None:
    case = _case(world)
    mail.outbox.clear()
    assert send_overdue_alerts(today=case.received_on + timedelta(days=7)) == 0  # still on time
    assert send_overdue_alerts(today=case.received_on + timedelta(days=8)) == 1  # to the org's handlers
    message = mail.outbox[0]
    assert world.handler.user.email in message.to and case.reference in message.body
    assert "Karim" not in message.body and "no handler yet" in message.body
    services.case_assign(case=case, actor=None, handler=world.handler)
    mail.outbox.clear()
    send_overdue_alerts(today=case.received_on + timedelta(days=8))
    assert [m.to for m in mail.outbox] == [
        [world.handler.user.email]
    ] and "no handler yet" not in mail.outbox[0].body


def test_closed_cases_past_retention_are_deleted_with_their_messages(world: World) -> None:
    case = _case(world)
    services.reporter_reply(case=case, text="more")
    services.case_move(case=case, actor=None, to="closed", reason="Referred to the labour inspectorate.")
    closed_on = Case.objects.get(pk=case.pk).closed_on
    assert closed_on is not None
    assert services.purge_closed(older_than_days=30, today=closed_on + timedelta(days=30)) == 0
    assert services.purge_closed(older_than_days=30, today=closed_on + timedelta(days=31)) == 1
    assert not Case.objects.exists() and not CaseMessage.objects.exists()
    assert AuditEvent.objects.filter(event_type=EventType.CASE_PURGED).count() == 1


def test_the_cli_purges_and_alerts(world: World, capsys: object) -> None:
    _case(world)
    later = (date.today() + timedelta(days=30)).isoformat()
    assert main(["grievance", "remind", "--today", later]) == 0
    assert main(["grievance", "purge", "--days", "0"]) == 2
    assert main(["grievance", "purge", "--days", "1", "--today", later]) == 0
    assert Case.objects.count() == 1  # open cases are never purged
