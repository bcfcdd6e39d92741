"""Re-screen when suppliers change (connected in ScreeningConfig.ready)."""

from __future__ import annotations

from typing import Any


def rescreen_on_register_change(sender: Any, organisation_id: int, what: str, trigger: str, **_: Any) -> None:
    if what != "suppliers":
        return  # a site's change does not change a supplier's name
    from ruggie.screening.tasks import screen_organisation_task

    screen_organisation_task.enqueue(organisation_id, trigger)
