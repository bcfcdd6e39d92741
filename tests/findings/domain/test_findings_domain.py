"""Findings rules without a database: severity, involvement, lifecycle, raising."""

from __future__ import annotations

from datetime import date

import pytest

from ruggie.findings.domain.involvement import Involvement, expected_response
from ruggie.findings.domain.lifecycle import (
    TRANSITIONS,
    Party,
    Status,
    TransitionRefused,
    allowed_targets,
    check_transition,
)
from ruggie.findings.domain.raising import (
    DraftRefused,
    FindingDraft,
    Source,
    draft_values,
    plan_raise,
    validate_draft,
)
from ruggie.findings.domain.severity import Severity, SeverityDimensions, parse_severity, suggest_level

TODAY = date(2026, 12, 3)


def draft(**kw: object) -> FindingDraft:
    base: dict[str, object] = dict(
        issue="forced_labour",
        title="Passports held by HR",
        source=Source.AUDIT,
        severity=Severity.CRITICAL,
        site_id=1,
        source_ref="AUD-1#F1",
        found_on=date(2026, 3, 14),
    )
    base.update(kw)
    return FindingDraft(**base)  # type: ignore[arg-type]


# --- severity -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dims", "level"),
    [
        ((1, 1, 1), Severity.LOW),
        ((2, 2, 1), Severity.LOW),
        ((2, 2, 2), Severity.MEDIUM),
        ((3, 3, 2), Severity.MEDIUM),
        ((3, 3, 3), Severity.HIGH),
        ((4, 1, 1), Severity.HIGH),
        ((4, 1, 3), Severity.CRITICAL),
        ((1, 1, 4), Severity.CRITICAL),
    ],
)
def test_suggested_level_follows_scale_scope_irremediability(
    dims: tuple[int, int, int], level: Severity
) -> None:
    suggested, reason = suggest_level(SeverityDimensions(*dims))
    assert suggested == level
    assert reason


@pytest.mark.parametrize("bad", [0, 5, -1, 2.5, "3"])
def test_dimensions_outside_one_to_four_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="1 to 4"):
        SeverityDimensions(bad, 2, 2)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "level"),
    [("Critical", Severity.CRITICAL), ("ZT", Severity.CRITICAL), ("Priority", Severity.CRITICAL),
     ("major", Severity.HIGH), ("Minor", Severity.MEDIUM), ("OBS", Severity.LOW), ("Majeur", Severity.HIGH),
     ("crítico", Severity.CRITICAL), (" high ", Severity.HIGH)],
)  # fmt: skip
def test_audit_severity_words(text: str, level: Severity) -> None:
    assert parse_severity(text) == level


def test_unknown_severity_is_none() -> None:
    assert parse_severity("banana") is None
    assert parse_severity("") is None


# --- involvement ----------------------------------------------------------------------


def test_each_involvement_says_what_is_expected() -> None:
    caused = expected_response(Involvement.CAUSED)
    linked = expected_response("directly_linked")
    assert "remedy" in caused.remedy.lower() and "Provide" in caused.remedy
    assert "leverage" in linked.response
    assert "Not required" in linked.remedy
    assert "leverage" in expected_response(Involvement.CONTRIBUTED).response


# --- lifecycle ------------------------------------------------------------------------


def test_normal_path_is_allowed() -> None:
    path = [Status.OPEN, Status.ACTION_PLANNED, Status.IN_PROGRESS, Status.RESOLVED, Status.VERIFIED]
    for a, b in zip(path, path[1:], strict=False):
        check_transition(a, b, Party.BUYER)


def test_supplier_cannot_verify_or_reopen() -> None:
    with pytest.raises(TransitionRefused, match="Only the buyer"):
        check_transition(Status.RESOLVED, Status.VERIFIED, Party.SUPPLIER)
    assert Status.VERIFIED not in allowed_targets(Status.RESOLVED, Party.SUPPLIER)
    assert allowed_targets(Status.VERIFIED, Party.SUPPLIER) == []


def test_invalid_transition_lists_the_allowed_ones() -> None:
    with pytest.raises(TransitionRefused, match="cannot go from Open to Verified.*Action planned"):
        check_transition(Status.OPEN, Status.VERIFIED, Party.BUYER)


def test_disputes_and_reopening_need_a_note() -> None:
    with pytest.raises(TransitionRefused, match="note"):
        check_transition(Status.OPEN, Status.DISPUTED, Party.SUPPLIER, "  ")
    check_transition(Status.OPEN, Status.DISPUTED, Party.SUPPLIER, "The workers hold their own passports.")


def test_every_status_can_be_left_or_is_final() -> None:
    sources = {t.source for t in TRANSITIONS}
    assert set(Status) == sources  # no dead end: even verified can be reopened


# --- raising --------------------------------------------------------------------------


def test_new_draft_creates() -> None:
    decision = plan_raise(draft(), None)
    assert decision.action == "create"
    assert decision.changes["issue"] == (None, "forced_labour")


def test_same_draft_again_is_unchanged() -> None:
    existing = draft_values(draft())
    assert plan_raise(draft(), existing).action == "unchanged"


def test_changed_draft_updates_only_what_changed() -> None:
    existing = draft_values(draft())
    decision = plan_raise(draft(severity=Severity.HIGH, description="14 passports"), existing)
    assert decision.action == "update"
    assert set(decision.changes) == {"severity", "description"}


def test_draft_without_subject_keeps_the_stored_one() -> None:
    existing = draft_values(draft())
    assert plan_raise(draft(site_id=None, supplier_id=9), existing).changes == {"supplier_id": (None, 9)}


def test_identity_is_source_and_reference() -> None:
    assert draft().identity() == ("audit", "AUD-1#F1")
    assert draft(source_ref="").identity() is None


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"site_id": None}, "site or a supplier"),
        ({"issue": "pollution"}, "not a human rights issue"),
        ({"title": "  "}, "needs a title"),
        ({"title": "x" * 256}, "longer than 255"),
        ({"found_on": date(2027, 1, 1)}, "in the future"),
    ],
)
def test_unsound_drafts_are_refused_with_the_fix(kw: dict[str, object], message: str) -> None:
    with pytest.raises(DraftRefused, match=message):
        validate_draft(draft(**kw), today=TODAY)
