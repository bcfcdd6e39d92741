"""Screening an organisation's suppliers and deciding hits, through the services the pages use."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import AuditEvent, EventType
from ruggie.findings.models import Finding
from ruggie.register.models import Supplier
from ruggie.register.services import supplier_create, supplier_update
from ruggie.screening.models import HitStatus, ScreeningHit
from ruggie.screening.services import DecisionRefused, hit_confirm, hit_dismiss, screen_organisation

LISTED = "Heze Cotton & Linen Company Limited"  # the UFLPA list writes "Heze Cotton and Linen Co., Ltd."
CLEAN = "Porto Atelier Lda"


@pytest.fixture
def suppliers(org: Organisation, analyst: Membership) -> dict[str, Supplier]:
    made = {
        "listed": supplier_create(organisation=org, actor=analyst.user, name=LISTED, country="CN"),
        "clean": supplier_create(organisation=org, actor=analyst.user, name=CLEAN, country="PT"),
    }
    ScreeningHit.objects.all().delete()
    return made


def _run(org: Organisation, actor: Any = None) -> Any:
    return screen_organisation(organisation=org, actor=actor, trigger="test")


def test_a_listed_supplier_is_found_and_a_clean_one_is_not(
    org: Organisation, suppliers: dict[str, Supplier]
) -> None:
    run = _run(org)
    assert run.suppliers == 2 and run.new >= 1 and "uflpa" in run.lists
    hits = ScreeningHit.objects.filter(organisation=org)
    assert {h.supplier_id for h in hits} == {suppliers["listed"].pk}
    hit = hits.get()
    assert hit.entry_name == "Heze Cotton and Linen Co., Ltd."
    assert hit.status == HitStatus.OPEN and hit.list_edition == run.lists["uflpa"]
    assert hit.reason  # the analyst reads why it matched
    event = AuditEvent.objects.get(organisation=org, event_type=EventType.SCREENING_RUN)
    assert event.changes["hits"] == run.hits and event.changes["trigger"] == "test"


def test_screening_again_keeps_hits_and_their_decisions(
    org: Organisation, analyst: Membership, suppliers: dict[str, Supplier]
) -> None:
    _run(org)
    hit = ScreeningHit.objects.get(organisation=org)
    hit_dismiss(hit=hit, actor=analyst.user, reason="Different company: Shandong, not the listed one.")
    again = _run(org)
    assert again.new == 0
    kept = ScreeningHit.objects.get(organisation=org)
    assert kept.pk == hit.pk and kept.status == HitStatus.DISMISSED and not kept.stale


def test_a_hit_goes_stale_when_the_supplier_no_longer_matches(
    org: Organisation, analyst: Membership, suppliers: dict[str, Supplier]
) -> None:
    _run(org)
    supplier_update(supplier=suppliers["listed"], actor=analyst.user, name="Lisboa Fabrics Lda", country="PT")
    run = _run(org)
    assert run.stale == 1
    assert ScreeningHit.objects.get(organisation=org).stale is True


def test_confirming_raises_one_critical_forced_labour_finding(
    org: Organisation, analyst: Membership, suppliers: dict[str, Supplier]
) -> None:
    _run(org)
    hit = hit_confirm(
        hit=ScreeningHit.objects.get(organisation=org), actor=analyst.user, reason="Same address in Heze."
    )
    finding = Finding.objects.get(pk=hit.finding_id)
    assert finding.organisation_id == org.pk and finding.supplier_id == suppliers["listed"].pk
    assert (finding.issue, finding.severity, finding.source) == ("forced_labour", "critical", "screening")
    assert "Same address in Heze." in finding.description
    assert hit.decided_by == analyst.user and hit.decided_at is not None
    assert AuditEvent.objects.filter(
        organisation=org, event_type=EventType.SCREENING_HIT_CONFIRMED, target_id=str(hit.pk)
    ).exists()
    with pytest.raises(DecisionRefused, match="already decided"):
        hit_confirm(hit=hit, actor=analyst.user, reason="again")
    assert Finding.objects.filter(organisation=org, source="screening").count() == 1


@pytest.mark.parametrize("decide", [hit_confirm, hit_dismiss])
def test_a_decision_needs_a_reason(
    org: Organisation, analyst: Membership, suppliers: dict[str, Supplier], decide: Any
) -> None:
    _run(org)
    hit = ScreeningHit.objects.get(organisation=org)
    with pytest.raises(DecisionRefused, match="Say why"):
        decide(hit=hit, actor=analyst.user, reason="   ")
    hit.refresh_from_db()
    assert hit.status == HitStatus.OPEN and hit.finding_id is None


def test_a_new_or_renamed_supplier_queues_a_background_rescreen(
    org: Organisation, analyst: Membership, django_capture_on_commit_callbacks: Any
) -> None:
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        supplier = supplier_create(organisation=org, actor=analyst.user, name=CLEAN, country="PT")
        supplier_update(supplier=supplier, actor=analyst.user, name="Porto Atelier Lda.")
    queued = DBTaskResult.objects.filter(task_path__endswith="screen_organisation_task")
    assert queued.count() >= 1
    assert all(r.args_kwargs["args"][0] == org.pk for r in queued)


def test_one_organisations_run_never_touches_anothers_hits(
    org: Organisation, other_org: Organisation, suppliers: dict[str, Supplier]
) -> None:
    supplier_create(organisation=other_org, actor=None, name=LISTED, country="CN")
    ScreeningHit.objects.filter(organisation=other_org).delete()
    _run(org)
    assert not ScreeningHit.objects.filter(organisation=other_org).exists()
    _run(other_org)
    assert ScreeningHit.objects.filter(organisation=other_org).count() == 1
    assert ScreeningHit.objects.filter(organisation=org).count() == 1
