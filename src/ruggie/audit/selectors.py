from __future__ import annotations

from django.db.models import QuerySet

from ruggie.accounts.models import Organisation
from ruggie.audit.models import AuditEvent


def audit_event_list(*, organisation: Organisation) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organisation=organisation).select_related("actor")
