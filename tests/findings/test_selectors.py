"""The board, the manager's numbers, triangulation and the supplier's view of its actions."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from ruggie.accounts.models import Membership, Organisation
from ruggie.findings.audit_import import import_audit
from ruggie.findings.domain.lifecycle import Party, Status
from ruggie.findings.domain.raising import FindingDraft, Source
from ruggie.findings.domain.severity import Severity
from ruggie.findings.models import Finding
from ruggie.findings.selectors import (
    board_counts,
    board_page,
    finding_list,
    findings_filter_choices,
    manager_numbers,
    site_triangulation,
    supplier_actions,
)
from ruggie.findings.services import (
    action_complete,
    action_create,
    action_verify,
    finding_raise,
    finding_transition,
    remedy_record,
)
from tests.findings.conftest import Register

TODAY = date(2026, 12, 3)
AUDITS = Path(__file__).parents[1] / "data" / "audits"


def raise_(org: Organisation, who: Membership, site: int, ref: str, **kw: object) -> Finding:
    values: dict[str, object] = dict(
        issue="wages",
        title=f"Finding {ref}",
        source=Source.SURVEY,
        severity=Severity.HIGH,
        site_id=site,
        source_ref=ref,
    )
    values.update(kw)
    return finding_raise(organisation=org, actor=who.user, draft=FindingDraft(**values), today=TODAY)[0]  # type: ignore[arg-type]


def test_board_filters_and_counts(org: Organisation, analyst: Membership, register: Register) -> None:
    raise_(org, analyst, register.factory.pk, "s1")
    raise_(org, analyst, register.tunis.pk, "s2", issue="forced_labour", severity=Severity.CRITICAL)
    done = raise_(org, analyst, register.tunis.pk, "s3", severity=Severity.LOW)
    finding_transition(finding=done, actor=analyst.user, party=Party.BUYER, target=Status.IN_PROGRESS)
    finding_transition(finding=done, actor=analyst.user, party=Party.BUYER, target=Status.RESOLVED)
    all_ = finding_list(organisation=org)
    assert [f.source_ref for f in all_] == ["s2", "s1", "s3"]  # most severe first
    assert [f.source_ref for f in finding_list(organisation=org, filters={"country": "TN"})] == ["s2", "s3"]
    assert [f.source_ref for f in finding_list(organisation=org, filters={"status": "open"})] == ["s2", "s1"]
    assert (
        finding_list(organisation=org, filters={"supplier": str(register.atlas.pk), "issue": "wages"}).count()
        == 1
    )
    assert (
        finding_list(organisation=org, filters={"supplier": "x; DROP TABLE"}).count() == 3
    )  # ignored, not an error
    counts = board_counts(all_)
    assert counts["status"] == {"open": 2, "resolved": 1}
    assert counts["severity"] == {"critical": 1, "high": 1, "low": 1}


def test_manager_numbers(org: Organisation, analyst: Membership, register: Register) -> None:
    user = analyst.user
    crit = raise_(org, analyst, register.factory.pk, "c1", issue="forced_labour", severity=Severity.CRITICAL)
    raise_(org, analyst, register.factory.pk, "c2", issue="forced_labour", severity=Severity.CRITICAL)
    raise_(org, analyst, register.tunis.pk, "w1")
    late = action_create(
        finding=crit, actor=user, description="Return passports", due_on=TODAY - timedelta(days=3)
    )
    action_create(finding=crit, actor=user, description="Policy", due_on=TODAY + timedelta(days=3))
    action_complete(action=late, actor=user, note="Returned")
    remedy_record(
        action=late, actor=user, remedy_type="documents_returned", beneficiaries=14, delivered_on=TODAY
    )
    action_verify(action=late, actor=user, method="desk_review")
    overdue = action_create(
        finding=crit, actor=user, description="Train HR", due_on=TODAY - timedelta(days=1)
    )
    numbers = manager_numbers(organisation=org, today=TODAY)
    assert numbers.open_by_issue == {"forced_labour": {"critical": 2}, "wages": {"high": 1}}
    assert numbers.open_total == 3
    assert numbers.overdue_actions == 1 and overdue.completed_at is None
    assert (numbers.critical_total, numbers.critical_with_verified_remedy) == (2, 1)
    assert numbers.critical_remedy_share == 0.5
    assert numbers.median_days_to_close == {"low": None, "medium": None, "high": None, "critical": None}
    for days, ref in ((4, "m1"), (10, "m2"), (30, "m3"), (31, "m4")):
        f = raise_(org, analyst, register.tunis.pk, ref, severity=Severity.MEDIUM)
        Finding.objects.filter(pk=f.pk).update(created_at=timezone.now() - timedelta(days=days))
        f.refresh_from_db()
        finding_transition(finding=f, actor=user, party=Party.BUYER, target=Status.IN_PROGRESS)
        finding_transition(finding=f, actor=user, party=Party.BUYER, target=Status.RESOLVED)
    assert manager_numbers(organisation=org, today=TODAY).median_days_to_close["medium"] == 20


def test_numbers_are_per_organisation(
    org: Organisation,
    other_org: Organisation,
    analyst: Membership,
    make_member,
    register: Register,  # type: ignore[no-untyped-def]
) -> None:
    raise_(other_org, make_member(other_org), register.rival_site.pk, "r1")
    assert manager_numbers(organisation=org, today=TODAY).open_total == 0
    assert finding_list(organisation=org).count() == 0


def test_triangulation_flags_an_audit_that_missed_what_workers_said(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    import_audit(
        organisation=org,
        actor=analyst.user,
        data=(AUDITS / "smeta_capr.csv").read_bytes(),
        filename="capr.csv",
        today=date(2026, 4, 1),
    )
    # The audit found passports, hours and fire safety; workers report unpaid wages.
    raise_(org, analyst, register.factory.pk, "survey-1", issue="wages", source=Source.SURVEY)
    views = {
        v.code: v for v in site_triangulation(organisation=org, site_id=register.factory.pk, today=TODAY)
    }
    assert "AUD-2026-031" in views["wages"].disagreement and "Worker survey" in views["wages"].disagreement
    assert views["wages"].audits_silent
    assert views["forced_labour"].disagreement == ""
    assert set(views["forced_labour"].by_source) == {"audit"}
    assert "child_labour" not in views  # nothing from any source


def test_triangulation_flags_closed_in_one_source_open_in_another(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    closed = raise_(org, analyst, register.tunis.pk, "d1", source=Source.DESK_RESEARCH)
    for target in (Status.IN_PROGRESS, Status.RESOLVED):
        finding_transition(finding=closed, actor=analyst.user, party=Party.BUYER, target=target)
    raise_(org, analyst, register.tunis.pk, "g1", source=Source.GRIEVANCE)
    view = site_triangulation(organisation=org, site_id=register.tunis.pk, today=TODAY)[0]
    assert view.disagreement == "Closed according to Desk research, still open according to Grievance."


def test_supplier_sees_only_its_own_actions(
    org: Organisation,
    analyst: Membership,
    make_org,
    register: Register,  # type: ignore[no-untyped-def]
) -> None:
    account = make_org("stitch", kind="supplier")
    stranger = make_org("atlas", kind="supplier")
    register.stitch.account = account
    register.stitch.save()
    mine = raise_(org, analyst, register.factory.pk, "a1")
    theirs = raise_(org, analyst, register.tunis.pk, "a2")
    a1 = action_create(finding=mine, actor=analyst.user, description="Pay back wages")
    action_create(finding=mine, actor=analyst.user, description="Buyer's own review", owner_party="buyer")
    action_create(finding=theirs, actor=analyst.user, description="Not yours")
    assert list(supplier_actions(account=account)) == [a1]
    assert not supplier_actions(account=stranger).exists()


def test_board_pages_read_ids_first_and_keep_order(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    severities = [Severity.LOW, Severity.HIGH, Severity.CRITICAL, Severity.MEDIUM, Severity.HIGH]
    for n in range(12):
        site = register.factory if n % 2 else register.tunis
        raise_(org, analyst, site.pk, f"p{n}", severity=severities[n % 5])
    expected = [f.source_ref for f in finding_list(organisation=org)]
    pages = [board_page(organisation=org, filters={}, number=n, per_page=5) for n in (1, 2, 3)]
    assert [f.source_ref for p in pages for f in p.object_list] == expected
    assert pages[2].number == 3 and len(pages[2].object_list) == 2
    # Past the end, the last page; nonsense, the first (as Paginator.get_page does).
    last = board_page(organisation=org, filters={}, number=99, per_page=5)
    assert [f.source_ref for f in last] == expected[10:]
    assert board_page(organisation=org, filters={}, number="x", per_page=5).number == 1
    high = board_page(organisation=org, filters={"severity": "high"}, number=1, per_page=3)
    assert high.paginator.count == 5
    assert [f.severity for f in high] == ["high"] * 3
    assert [f.source_ref for f in high] == [
        f.source_ref for f in finding_list(organisation=org, filters={"severity": "high"})
    ][:3]
    # An unknown severity filters to nothing, never errors.
    assert board_page(organisation=org, filters={"severity": "nope"}, number=1).paginator.count == 0


def test_country_choices_are_countries_with_findings(
    org: Organisation, analyst: Membership, register: Register
) -> None:
    assert findings_filter_choices(organisation=org) == {"country": []}
    raise_(org, analyst, register.tunis.pk, "c1")
    assert findings_filter_choices(organisation=org) == {"country": [("TN", "TN")]}
