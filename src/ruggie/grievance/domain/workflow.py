"""A case's way from report to remedy, with a deadline for each stage.

received -> acknowledged -> investigating -> remedy proposed -> remedy agreed ->
remedy delivered -> closed, with a way back where practice needs one: the reporter turns a
proposal down (back to investigating), a closed case is appealed or reopened. A case may
be closed early (out of scope, unfounded, withdrawn) only with a reason, which the
reporter reads.

Deadlines follow ../shared/grievance.md: acknowledge within 7 days and give feedback
within 3 months (EU Whistleblowing Directive art. 9), a remediation plan within 45 days
(FLA third-party complaints). An organisation may shorten or lengthen each.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from ruggie.core.errors import UserFacingError


class State(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    REMEDY_PROPOSED = "remedy_proposed"
    REMEDY_AGREED = "remedy_agreed"
    REMEDY_DELIVERED = "remedy_delivered"
    CLOSED = "closed"
    APPEALED = "appealed"


# Words a reporter reads: plain, no jargon (the handler's pages use the same ones).
LABELS: dict[State, str] = {
    State.RECEIVED: "Received",
    State.ACKNOWLEDGED: "Acknowledged",
    State.INVESTIGATING: "Being looked into",
    State.REMEDY_PROPOSED: "Remedy proposed",
    State.REMEDY_AGREED: "Remedy agreed",
    State.REMEDY_DELIVERED: "Remedy delivered",
    State.CLOSED: "Closed",
    State.APPEALED: "Appealed",
}

NEXT: dict[State, tuple[State, ...]] = {
    State.RECEIVED: (State.ACKNOWLEDGED, State.CLOSED),
    State.ACKNOWLEDGED: (State.INVESTIGATING, State.CLOSED),
    State.INVESTIGATING: (State.REMEDY_PROPOSED, State.CLOSED),
    State.REMEDY_PROPOSED: (State.REMEDY_AGREED, State.INVESTIGATING, State.CLOSED),
    State.REMEDY_AGREED: (State.REMEDY_DELIVERED, State.INVESTIGATING),
    State.REMEDY_DELIVERED: (State.CLOSED, State.INVESTIGATING),
    State.CLOSED: (State.APPEALED, State.INVESTIGATING),
    State.APPEALED: (State.INVESTIGATING, State.CLOSED),
}

# Moves that must say why (the reporter reads the reason).
NEEDS_REASON = frozenset({
    (State.RECEIVED, State.CLOSED), (State.ACKNOWLEDGED, State.CLOSED),
    (State.INVESTIGATING, State.CLOSED), (State.REMEDY_PROPOSED, State.CLOSED),
    (State.REMEDY_PROPOSED, State.INVESTIGATING), (State.REMEDY_AGREED, State.INVESTIGATING),
    (State.REMEDY_DELIVERED, State.INVESTIGATING), (State.CLOSED, State.INVESTIGATING),
    (State.CLOSED, State.APPEALED), (State.APPEALED, State.CLOSED),
})  # fmt: skip

OPEN = frozenset(State) - {State.CLOSED}


class MoveRefused(UserFacingError):
    pass


def move(current: State, to: State, reason: str = "") -> State:
    """The new state, or MoveRefused saying which moves are possible."""
    if to not in NEXT[current]:
        allowed = ", ".join(LABELS[s].lower() for s in NEXT[current])
        raise MoveRefused(f"A case that is '{LABELS[current].lower()}' can go to: {allowed}.")
    if (current, to) in NEEDS_REASON and not reason.strip():
        raise MoveRefused("Say why: the reporter reads this reason through their receipt.")
    return to


@dataclass(frozen=True)
class Deadlines:
    """Days allowed in each stage before the case is overdue; ``feedback_days`` counts from
    the report to the first proposal of remedy or a reasoned closure."""

    per_stage: dict[State, int] = field(
        default_factory=lambda: {
            State.RECEIVED: 7,
            State.ACKNOWLEDGED: 14,
            State.INVESTIGATING: 45,
            State.REMEDY_PROPOSED: 30,
            State.REMEDY_AGREED: 60,
            State.REMEDY_DELIVERED: 30,
            State.APPEALED: 30,
        }
    )
    feedback_days: int = 90

    def with_changes(self, changes: dict[str, int]) -> Deadlines:
        """An organisation's own deadlines; unknown stages or days below 1 are refused."""
        stages = dict(self.per_stage)
        feedback = self.feedback_days
        for name, days in changes.items():
            if not isinstance(days, int) or days < 1 or days > 365:
                raise MoveRefused(f"{name}: write a number of days from 1 to 365.")
            if name == "feedback":
                feedback = days
                continue
            try:
                stages[State(name)] = days
            except ValueError:
                raise MoveRefused(f"{name}: not a stage of a case.") from None
        return replace(self, per_stage=stages, feedback_days=feedback)

    def due_on(self, state: State, entered_on: date) -> date | None:
        days = self.per_stage.get(state)
        return entered_on + timedelta(days=days) if days is not None else None


def is_overdue(state: State, entered_on: date, today: date, deadlines: Deadlines) -> bool:
    due = deadlines.due_on(state, entered_on)
    return due is not None and today > due
