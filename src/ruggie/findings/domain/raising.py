"""The one way findings come into ruggie: a draft, checked, matched to what exists.

Audits, self-assessments, worker surveys, grievances and screening all end in a
finding. Each of them builds a ``FindingDraft`` and hands it to the findings service
(``ruggie.findings.services.finding_raise``), which asks ``plan_raise`` whether the
draft creates a new finding, updates the one the same source raised before, or
changes nothing. The identity of a raised finding is its source and the source's
own reference (an audit's finding number, a questionnaire answer, a grievance
case), so that importing the same audit twice, or re-scoring the same answers,
updates findings instead of duplicating them.

The workflow fields (status, actions, verification) are never touched by raising:
they belong to the people working the finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from ruggie.core.errors import UserFacingError
from ruggie.core.human_rights import issue_codes
from ruggie.findings.domain.involvement import Involvement
from ruggie.findings.domain.severity import Severity, SeverityDimensions


class Source(StrEnum):
    AUDIT = "audit"
    SELF_ASSESSMENT = "self_assessment"
    SURVEY = "survey"
    GRIEVANCE = "grievance"
    SCREENING = "screening"
    DESK_RESEARCH = "desk_research"
    MANUAL = "manual"


SOURCE_LABELS = {
    Source.AUDIT: "Social audit",
    Source.SELF_ASSESSMENT: "Supplier self-assessment",
    Source.SURVEY: "Worker survey",
    Source.GRIEVANCE: "Grievance",
    Source.SCREENING: "Screening",
    Source.DESK_RESEARCH: "Desk research",
    Source.MANUAL: "Entered by hand",
}


class DraftRefused(UserFacingError):
    """A draft that cannot become a finding; the message names the field and the fix."""


@dataclass(frozen=True)
class FindingDraft:
    """What a source knows about one finding. ``site_id`` or ``supplier_id`` (or both)
    names the subject; ``source_ref`` is the source's own reference, empty for findings
    entered by hand (which are then always new)."""

    issue: str
    title: str
    source: Source
    severity: Severity
    site_id: int | None = None
    supplier_id: int | None = None
    source_ref: str = ""
    source_label: str = ""
    description: str = ""
    evidence: str = ""
    found_on: date | None = None
    dimensions: SeverityDimensions | None = None
    involvement: Involvement = Involvement.DIRECTLY_LINKED
    details: Mapping[str, str] = field(default_factory=dict)

    def identity(self) -> tuple[str, str] | None:
        return (self.source.value, self.source_ref) if self.source_ref else None


# The fields a re-raise may change, in the order changes are shown.
RAISED_FIELDS = (
    "issue",
    "title",
    "severity",
    "site_id",
    "supplier_id",
    "source_label",
    "description",
    "evidence",
    "found_on",
    "dimensions",
    "involvement",
    "details",
)


def validate_draft(draft: FindingDraft, *, today: date) -> None:
    """DraftRefused naming the first problem, or None when the draft is sound."""
    if draft.site_id is None and draft.supplier_id is None:
        raise DraftRefused("A finding needs a site or a supplier: name where it was found.")
    if draft.issue not in issue_codes():
        raise DraftRefused(
            f"'{draft.issue}' is not a human rights issue ruggie knows; use one of: "
            f"{', '.join(issue_codes())}."
        )
    if not draft.title.strip():
        raise DraftRefused("A finding needs a title: say in a few words what was found.")
    if len(draft.title) > 255:
        raise DraftRefused(
            "The title is longer than 255 characters: shorten it, and put detail in the description."
        )
    if draft.found_on is not None and draft.found_on > today:
        raise DraftRefused(f"The date found ({draft.found_on.isoformat()}) is in the future: check the date.")
    if len(draft.source_ref) > 200:
        raise DraftRefused("The source reference is longer than 200 characters.")


@dataclass(frozen=True)
class RaiseDecision:
    action: Literal["create", "update", "unchanged"]
    changes: dict[str, tuple[Any, Any]]


def draft_values(draft: FindingDraft) -> dict[str, Any]:
    values = {f.name: getattr(draft, f.name) for f in fields(draft)}
    values["details"] = dict(draft.details)
    return {k: values[k] for k in RAISED_FIELDS}


def plan_raise(draft: FindingDraft, existing: Mapping[str, Any] | None) -> RaiseDecision:
    """Create, update (with the changed fields, old and new) or leave unchanged.

    ``existing`` holds the stored values of the finding with the draft's identity,
    keyed as ``RAISED_FIELDS``; None when there is none. A draft without a site or
    supplier keeps the stored subject (a later report may know less).
    """
    new = draft_values(draft)
    if existing is None:
        return RaiseDecision("create", {k: (None, v) for k, v in new.items() if v not in (None, "", {})})
    changes: dict[str, tuple[Any, Any]] = {}
    for key, value in new.items():
        old = existing.get(key)
        if key in ("site_id", "supplier_id") and value is None:
            continue
        if _comparable(old) != _comparable(value):
            changes[key] = (old, value)
    return RaiseDecision("update" if changes else "unchanged", changes)


def _comparable(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if value is None:
        return ""
    return value
