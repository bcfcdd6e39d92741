"""A finding's status and the transitions allowed between statuses.

open -> action planned -> in progress -> resolved -> verified is the normal path; a
finding may be disputed on the way (the supplier or the buyer contests the facts),
and a dispute ends either back in open (not upheld) or in resolved (upheld: there is
nothing to fix), which the buyer then verifies. Only the organisation that owns the
finding (the buyer) verifies or reopens: a supplier cannot close its own finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ruggie.core.errors import UserFacingError


class Status(StrEnum):
    OPEN = "open"
    ACTION_PLANNED = "action_planned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    VERIFIED = "verified"
    DISPUTED = "disputed"


class Party(StrEnum):
    """Who acts: the organisation owning the finding, or the supplier it is about."""

    BUYER = "buyer"
    SUPPLIER = "supplier"


OPEN_STATUSES = frozenset({Status.OPEN, Status.ACTION_PLANNED, Status.IN_PROGRESS, Status.DISPUTED})
CLOSED_STATUSES = frozenset({Status.RESOLVED, Status.VERIFIED})


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    parties: frozenset[Party]
    needs_note: bool = False


_BOTH = frozenset({Party.BUYER, Party.SUPPLIER})
_BUYER = frozenset({Party.BUYER})

TRANSITIONS = (
    Transition(Status.OPEN, Status.ACTION_PLANNED, _BOTH),
    Transition(Status.OPEN, Status.IN_PROGRESS, _BOTH),
    Transition(Status.OPEN, Status.DISPUTED, _BOTH, needs_note=True),
    Transition(Status.ACTION_PLANNED, Status.IN_PROGRESS, _BOTH),
    Transition(Status.ACTION_PLANNED, Status.OPEN, _BOTH, needs_note=True),
    Transition(Status.ACTION_PLANNED, Status.DISPUTED, _BOTH, needs_note=True),
    Transition(Status.IN_PROGRESS, Status.RESOLVED, _BOTH),
    Transition(Status.IN_PROGRESS, Status.ACTION_PLANNED, _BOTH, needs_note=True),
    Transition(Status.IN_PROGRESS, Status.DISPUTED, _BOTH, needs_note=True),
    # Verification is the buyer's: a desk review of the evidence or a follow-up audit.
    Transition(Status.RESOLVED, Status.VERIFIED, _BUYER),
    Transition(Status.RESOLVED, Status.IN_PROGRESS, _BUYER, needs_note=True),
    Transition(Status.DISPUTED, Status.OPEN, _BUYER, needs_note=True),
    Transition(Status.DISPUTED, Status.RESOLVED, _BUYER, needs_note=True),
    # A verified finding that recurs is reopened, not raised again: its history stays.
    Transition(Status.VERIFIED, Status.OPEN, _BUYER, needs_note=True),
)
_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}

LABELS = {
    Status.OPEN: "Open",
    Status.ACTION_PLANNED: "Action planned",
    Status.IN_PROGRESS: "In progress",
    Status.RESOLVED: "Resolved",
    Status.VERIFIED: "Verified",
    Status.DISPUTED: "Disputed",
}


class TransitionRefused(UserFacingError):
    """A status change that the lifecycle does not allow; the message says why."""


def allowed_targets(current: Status | str, party: Party) -> list[Status]:
    """The statuses ``party`` may move a finding to from ``current``."""
    source = Status(current)
    return [t.target for t in TRANSITIONS if t.source == source and party in t.parties]


def check_transition(current: Status | str, target: Status | str, party: Party, note: str = "") -> Transition:
    """The transition, or TransitionRefused saying what is allowed instead."""
    source, goal = Status(current), Status(target)
    transition = _BY_PAIR.get((source, goal))
    if transition is None:
        allowed = ", ".join(LABELS[s] for s in allowed_targets(source, party)) or "none"
        raise TransitionRefused(
            f"A finding cannot go from {LABELS[source]} to {LABELS[goal]}. From {LABELS[source]}"
            f" it can go to: {allowed}."
        )
    if party not in transition.parties:
        raise TransitionRefused(f"Only the buyer can move a finding from {LABELS[source]} to {LABELS[goal]}.")
    if transition.needs_note and not note.strip():
        raise TransitionRefused(
            f"Moving a finding from {LABELS[source]} to {LABELS[goal]} needs a note saying why."
        )
    return transition
