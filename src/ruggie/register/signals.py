"""Signals other capabilities listen to, so the register never imports them.

``register_changed`` is sent after a change to an organisation's sites or suppliers has
been committed (an import, an edit, a deletion): risk scoring re-scores, screening
re-screens. ``what`` says which kind of record changed ("sites", "suppliers").
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

register_changed = Signal()  # sender: the Organisation class; kwargs: organisation_id, what, trigger


def announce(organisation_id: int, *, what: str, trigger: str) -> None:
    """Send ``register_changed`` once the current transaction commits (now, outside one)."""

    def send() -> Any:
        from ruggie.accounts.models import Organisation

        register_changed.send(Organisation, organisation_id=organisation_id, what=what, trigger=trigger)

    transaction.on_commit(send)
