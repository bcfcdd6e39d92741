"""Re-score when the register changes (connected in RiskConfig.ready)."""

from __future__ import annotations

from typing import Any


def rescore_on_register_change(sender: Any, organisation_id: int, what: str, trigger: str, **_: Any) -> None:
    """Queue a scoring run: the worker scores the whole register, storing what moved."""
    from ruggie.risk.tasks import score_organisation_task

    score_organisation_task.enqueue(organisation_id, trigger)
