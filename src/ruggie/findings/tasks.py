"""Background work for findings, run by the django-tasks worker (`ruggie db_worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from ruggie.findings.reminders import send_overdue_reminders


@task()
def send_overdue_reminders_task() -> int:
    return send_overdue_reminders(today=timezone.localdate())
