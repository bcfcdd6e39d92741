"""Write audit events. Call inside the service's transaction so change and record commit together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from ruggie.audit.models import AuditEvent, EventType
from ruggie.bulk import bulk_insert


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field-by-field {field: [old, new]} for the fields that changed."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in sorted(set(before) | set(after))
        if _plain(before.get(key)) != _plain(after.get(key))
    }


def _actor(actor: Any) -> tuple[Any, str]:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return user, (user.get_username() if user else (str(actor) if actor else "system"))[:255]


def event(
    *,
    organisation: Any,
    actor: Any,
    event_type: EventType,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_repr: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Build (unsaved) an audit event."""
    user, label = _actor(actor)
    return AuditEvent(
        organisation=organisation,
        actor=user,
        actor_label=label,
        event_type=event_type,
        target_type=target_type or (str(target._meta.model_name) if target is not None else ""),
        target_id=target_id or (str(target.pk) if target is not None else ""),
        target_repr=(target_repr or (str(target) if target is not None else ""))[:255],
        changes=changes or {},
    )


def record(**kwargs: Any) -> AuditEvent:
    """Write one audit event now."""
    ev = event(**kwargs)
    ev.save()
    return ev


AUDIT_COLUMNS = ("organisation", "actor", "actor_label", "event_type", "target_type", "target_id",
                 "target_repr", "changes")  # fmt: skip


def record_many(events: Iterable[AuditEvent]) -> None:
    """Write many events at once (an import writes one per supplier)."""
    rows = [
        (e.organisation_id, e.actor_id, e.actor_label, int(e.event_type), e.target_type, e.target_id,
         e.target_repr, e.changes)
        for e in events
    ]  # fmt: skip
    bulk_insert(AuditEvent, AUDIT_COLUMNS, rows)


def record_same_event(
    *,
    organisation: Any,
    actor: Any,
    event_type: EventType,
    target_type: str,
    targets: Iterable[tuple[Any, str, dict[str, Any]]],
) -> None:
    """One event per (target id, target repr, changes), all of one type: what an import
    writes for each supplier it creates, without building a model instance per event."""
    user, label = _actor(actor)
    user_id = user.pk if user else None
    rows = [
        (organisation.pk, user_id, label, int(event_type), target_type, str(pk), str(text)[:255], changes)
        for pk, text, changes in targets
    ]
    bulk_insert(AuditEvent, AUDIT_COLUMNS, rows)
