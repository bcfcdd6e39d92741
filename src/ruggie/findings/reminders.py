"""E-mail reminders for overdue corrective actions.

Run daily: `ruggie findings remind` (from cron or a scheduler), or enqueue
``send_overdue_reminders_task`` for the background worker. An action is reminded at
most once a week. The reminder goes to the action's named owner; otherwise to the
members of the supplier organisation it is assigned to (when linked), or to the
buyer's analysts and admins.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.findings.models import CorrectiveAction

EVERY = timedelta(days=7)


def _recipients(action: CorrectiveAction) -> tuple[list[str], str]:
    """E-mail addresses and the page they should open."""
    supplier_account = action.finding.supplier.account_id
    if action.owner is not None and action.owner.email:
        party_page = (
            reverse("findings:supplier_action", args=[action.pk])
            if action.owner_party == "supplier" and supplier_account
            else reverse("findings:detail", args=[action.finding_id])
        )
        return [action.owner.email], party_page
    if action.owner_party == "supplier" and supplier_account:
        org_id, page = supplier_account, reverse("findings:supplier_action", args=[action.pk])
    else:
        org_id, page = action.organisation_id, reverse("findings:detail", args=[action.finding_id])
    emails = Membership.objects.filter(organisation_id=org_id, role__in=("admin", "analyst")).values_list(
        "user__email", flat=True
    )
    return sorted({e for e in emails if e}), page


def send_overdue_reminders(*, today: date, organisation: Organisation | None = None) -> int:
    """Send the reminders that are due; returns how many actions were reminded."""
    due = CorrectiveAction.objects.filter(completed_at__isnull=True, due_on__lt=today).filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lte=today - EVERY)
    )
    if organisation is not None:
        due = due.filter(organisation=organisation)
    messages = []
    reminded = []
    for action in due.select_related("finding__supplier", "owner", "organisation"):
        to, page = _recipients(action)
        if not to:
            continue
        days = (today - action.due_on).days if action.due_on else 0
        subject = f"[ruggie] Overdue by {days} day(s): {action.description[:80]}"
        body = (
            f"A corrective action agreed with {action.organisation.name} is overdue.\n\n"
            f"Action: {action.description}\n"
            f"Finding: {action.finding.title} ({action.finding.supplier.name})\n"
            f"Due: {action.due_on.isoformat() if action.due_on else '-'}\n\n"
            f"Mark it done with evidence, or agree a new date: {settings.RUGGIE_SITE_URL}{page}\n"
        )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, to))
        reminded.append((action, to))
    if not messages:
        return 0
    send_mass_mail(messages, fail_silently=False)
    with transaction.atomic():
        for action, to in reminded:
            CorrectiveAction.objects.filter(pk=action.pk).update(reminded_on=today)
            record(
                organisation=action.organisation,
                actor=None,
                event_type=EventType.ACTION_REMINDED,
                target_type="finding",
                target_id=str(action.finding_id),
                target_repr=str(action.finding),
                changes={"action": action.pk, "to": len(to)},
            )
    return len(reminded)
