"""Engagement with a company: the asks, how far the company has moved on each, and the
rule that decides what each investor in a collaborative engagement may see."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """How far the company has moved on one ask (the scale investor groups commonly use)."""

    NO_RESPONSE = "no_response"
    ACKNOWLEDGED = "acknowledged"
    COMMITTED = "committed"
    IMPLEMENTED = "implemented"
    VERIFIED = "verified"


STAGE_LABELS = {
    Stage.NO_RESPONSE: "No response",
    Stage.ACKNOWLEDGED: "Acknowledged",
    Stage.COMMITTED: "Committed",
    Stage.IMPLEMENTED: "Implemented",
    Stage.VERIFIED: "Verified",
}
STAGE_RANK = {s: i for i, s in enumerate(Stage)}


class Escalation(StrEnum):
    JOINT_LETTER = "joint_letter"
    PUBLIC_STATEMENT = "public_statement"
    VOTE_AGAINST_DIRECTOR = "vote_against_director"
    SHAREHOLDER_RESOLUTION = "shareholder_resolution"
    DIVESTMENT = "divestment"


ESCALATION_LABELS = {
    Escalation.JOINT_LETTER: "Joint letter",
    Escalation.PUBLIC_STATEMENT: "Public statement",
    Escalation.VOTE_AGAINST_DIRECTOR: "Vote against a director",
    Escalation.SHAREHOLDER_RESOLUTION: "Shareholder resolution",
    Escalation.DIVESTMENT: "Divestment",
}


class Kind(StrEnum):
    """What happened: a meeting, a letter... Notes, votes and draft letters are private to the
    investor who wrote them unless it chooses to share (``private_by_default``)."""

    MEETING = "meeting"
    CALL = "call"
    LETTER = "letter"
    EMAIL = "email"
    AGM_QUESTION = "agm_question"
    VOTE = "vote"
    DRAFT_LETTER = "draft_letter"
    NOTE = "note"


KIND_LABELS = {
    Kind.MEETING: "Meeting", Kind.CALL: "Call", Kind.LETTER: "Letter", Kind.EMAIL: "E-mail",
    Kind.AGM_QUESTION: "Question at the AGM", Kind.VOTE: "Vote", Kind.DRAFT_LETTER: "Draft letter",
    Kind.NOTE: "Note",
}  # fmt: skip
PRIVATE_BY_DEFAULT = frozenset({Kind.VOTE, Kind.DRAFT_LETTER, Kind.NOTE})

# Asks investors commonly put to companies on human rights due diligence.
SUGGESTED_ASKS = (
    "Publish a human rights policy approved by the board",
    "Publish the company's salient human rights issues and how they were identified",
    "Map the supply chain beyond tier 1 for high-risk commodities",
    "Establish a grievance mechanism accessible to supply-chain workers",
    "Adopt the Employer Pays Principle and repay recruitment fees",
    "Disclose remedy provided to affected workers",
    "Report on the effectiveness of due diligence with indicators",
)


def can_see(*, author_org: int, shared: bool, viewer_org: int) -> bool:
    """A member sees what the group shares and its own private items, never another's."""
    return shared or author_org == viewer_org


def latest_stage(stages: list[tuple[object, Stage]]) -> Stage:
    """The stage of the latest entry (by date, then order of recording); no entry: no response."""
    return stages[-1][1] if stages else Stage.NO_RESPONSE
