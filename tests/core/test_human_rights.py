"""The shared taxonomy: every issue explained and anchored; audit clauses resolve to issues."""

from __future__ import annotations

import pytest

from ruggie.core.human_rights import issue, issue_codes, issues, resolve_issue, taxonomy

REQUIRED = {
    "forced_labour", "child_labour", "ethical_recruitment", "wages", "working_hours", "health_safety",
    "freedom_of_association", "discrimination", "migrant_workers", "land_community",
}  # fmt: skip


def test_taxonomy_covers_the_issues_the_field_names() -> None:
    assert REQUIRED <= set(issue_codes())
    assert taxonomy().edition


@pytest.mark.parametrize("item", issues(), ids=lambda i: i.code)
def test_each_issue_is_explained_and_anchored(item) -> None:  # type: ignore[no-untyped-def]
    assert len(item.summary.split()) >= 20
    assert item.anchors, "every issue names its anchor in international standards"
    assert item.name and item.code.isidentifier()


@pytest.mark.parametrize(
    ("text", "scheme", "code"),
    [
        ("forced_labour", "", "forced_labour"),
        ("Forced Labor", "", "forced_labour"),
        ("1 Employment is freely chosen", "SMETA", "forced_labour"),
        ("1", "SMETA", "forced_labour"),
        ("1A Responsible recruitment", "SMETA", "ethical_recruitment"),
        ("10A Entitlement to work", "SMETA", "migrant_workers"),
        ("0.B Management systems", "SMETA", "grievance_management"),
        ("PA5 Fair remuneration", "BSCI", "wages"),
        ("PA 11", "", "forced_labour"),
        ("BSCI PA9", "", "child_labour"),
        ("SA 8000 3", "", "health_safety"),
        ("3", "SA8000", "health_safety"),
        ("Health & Safety", "", "health_safety"),
        ("Santé et sécurité", "", "health_safety"),
        ("Trabajo infantil", "", "child_labour"),
        ("Zwangsarbeit", "", "forced_labour"),
        ("  LIVING   WAGE ", "", "wages"),
    ],
)
def test_resolve_issue_reads_audit_clauses_and_languages(text: str, scheme: str, code: str) -> None:
    assert resolve_issue(text, scheme=scheme) == code


@pytest.mark.parametrize("text", ["", "Environment", "10B2 Environment", "something else", "99", "PA 99"])
def test_unknown_text_is_not_guessed(text: str) -> None:
    assert resolve_issue(text, scheme="SMETA") is None


def test_issue_lookup_names_the_valid_codes() -> None:
    assert issue("wages").name.startswith("Wages")
    with pytest.raises(KeyError, match="forced_labour"):
        issue("nope")
