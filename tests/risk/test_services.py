"""Scoring an organisation's register: what is stored, what a re-run writes, what is logged;
methodology adjustments and salience judgements."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import AuditEvent, EventType
from ruggie.core.errors import FileRefused
from ruggie.core.human_rights import issue_codes
from ruggie.register.models import Site
from ruggie.register.services import site_delete, site_update
from ruggie.risk import selectors
from ruggie.risk.domain.methodology import default_methodology
from ruggie.risk.models import MethodologyAdjustment, RiskRun, SalienceJudgement, SiteRisk, SiteRiskHistory
from ruggie.risk.services import (
    methodology_adjust,
    methodology_for,
    salience_judge,
    salience_withdraw,
    score_organisation,
)
from tests.risk.conftest import RiskRegister

ISSUES = len(default_methodology().issues)


def score(org: Organisation, actor: object = None, trigger: str = "manual") -> RiskRun:
    return score_organisation(organisation=org, actor=actor, trigger=trigger)


def stored(site: Site) -> dict[str, int]:
    return dict(SiteRisk.objects.filter(site=site).values_list("issue", "score"))


def audit(org: Organisation, event: EventType) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(organisation=org, event_type=event))


def test_first_run_stores_one_score_per_site_and_issue(
    org: Organisation, analyst: Membership, risk_register: RiskRegister
) -> None:
    run = score(org, analyst.user)
    assert run.sites == 3 and run.changed == 3 * ISSUES and run.trigger == "manual"
    assert SiteRisk.objects.filter(organisation=org).count() == 3 * ISSUES
    for site in (risk_register.dhaka, risk_register.berlin, risk_register.mekong):
        scores = stored(site)
        assert set(scores) == set(issue_codes()) and all(0 <= v <= 100 for v in scores.values())
        assert set(SiteRisk.objects.filter(site=site).values_list("country", flat=True)) == {site.country}
    assert not SiteRiskHistory.objects.exists()
    # Garments made in Bangladesh (on the DOL list there) against electronics made in Germany.
    assert stored(risk_register.dhaka)["forced_labour"] > stored(risk_register.berlin)["forced_labour"]
    assert stored(risk_register.dhaka)["child_labour"] > stored(risk_register.berlin)["child_labour"]
    assert run.methodology_version == default_methodology().version
    assert {"wgi", "ilab_goods", "ilab_child_labour_assessments"} <= set(run.reference_editions)


def test_run_summary_holds_countries_and_exposures(org: Organisation, risk_register: RiskRegister) -> None:
    run = score(org)
    summary = run.summary
    assert set(summary["countries"]) == {"BD", "DE", "VN"}
    assert summary["issues"] == list(default_methodology().issues)
    bd = summary["countries"]["BD"]
    assert bd["sites"] == 1 and len(bd["mean"]) == len(bd["max"]) == len(bd["high"]) == ISSUES
    j = summary["issues"].index("forced_labour")
    assert bd["max"][j] == stored(risk_register.dhaka)["forced_labour"]
    exposures = {x["issue"]: x for x in summary["exposures"]}
    assert set(exposures) == set(summary["issues"])
    drivers = exposures["forced_labour"]["drivers"]
    assert drivers[0]["site"] == risk_register.dhaka.pk and drivers[0]["workers"] == 800
    assert {d["site"] for d in drivers} <= {
        risk_register.dhaka.pk,
        risk_register.berlin.pk,
        risk_register.mekong.pk,
    }


def test_a_second_run_with_nothing_changed_writes_nothing(
    org: Organisation, risk_register: RiskRegister
) -> None:
    first = score(org)
    second = score(org)
    assert second.changed == 0 and second.sites == 3
    assert not SiteRiskHistory.objects.exists()
    assert set(SiteRisk.objects.filter(organisation=org).values_list("run_id", flat=True)) == {first.pk}
    assert SiteRisk.objects.filter(organisation=org).count() == 3 * ISSUES


def test_a_changed_site_moves_only_its_own_scores_and_keeps_history(
    org: Organisation, analyst: Membership, risk_register: RiskRegister
) -> None:
    first = score(org)
    before = {s.pk: stored(s) for s in (risk_register.dhaka, risk_register.berlin, risk_register.mekong)}
    site_update(site=risk_register.dhaka, actor=analyst.user, migrant_share=Decimal("0.60"))
    second = score(org, trigger="site")
    after = stored(risk_register.dhaka)
    moved = {issue for issue in after if after[issue] != before[risk_register.dhaka.pk][issue]}
    assert {"migrant_workers", "ethical_recruitment", "forced_labour"} <= moved
    assert all(after[i] >= before[risk_register.dhaka.pk][i] for i in after)  # more migrants: more risk
    assert second.changed == len(moved)
    # The other sites keep their rows from the first run.
    for site in (risk_register.berlin, risk_register.mekong):
        assert stored(site) == before[site.pk]
        assert set(SiteRisk.objects.filter(site=site).values_list("run_id", flat=True)) == {first.pk}
    # Dhaka's rows are rewritten; each keeps the run that set its score.
    set_by = dict(SiteRisk.objects.filter(site=risk_register.dhaka).values_list("issue", "run_id"))
    assert {i for i, r in set_by.items() if r == second.pk} == moved
    assert {i for i, r in set_by.items() if r == first.pk} == set(after) - moved
    assert SiteRisk.objects.filter(organisation=org).count() == 3 * ISSUES
    history = list(SiteRiskHistory.objects.all())
    assert {h.issue for h in history} == moved
    for h in history:
        assert h.site_id == risk_register.dhaka.pk and h.organisation_id == org.pk
        assert (h.score, h.new_score) == (before[risk_register.dhaka.pk][h.issue], after[h.issue])
        assert h.run_id == second.pk and h.valid_from_run == first.pk
    # A third change: the history points at the run that set the score it replaces.
    site_update(site=risk_register.dhaka, actor=analyst.user, migrant_share=Decimal("0.00"))
    third = score(org)
    latest = SiteRiskHistory.objects.filter(run=third, issue="migrant_workers").get()
    assert latest.valid_from_run == second.pk and latest.score == after["migrant_workers"]
    assert [h.run_id for h in selectors.site_history(org, risk_register.dhaka)][:1] == [third.pk]
    # A score that did not move in the second run was set by the first: its history says so.
    assert "wages" not in moved
    site_update(site=risk_register.dhaka, actor=analyst.user, temporary_share=Decimal("0.95"))
    fourth = score(org)
    wages = SiteRiskHistory.objects.get(run=fourth, issue="wages")
    assert wages.valid_from_run == first.pk and wages.score == before[risk_register.dhaka.pk]["wages"]


def test_a_deleted_sites_scores_go_with_it(
    org: Organisation, analyst: Membership, risk_register: RiskRegister
) -> None:
    score(org)
    site_update(site=risk_register.berlin, actor=analyst.user, temporary_share=Decimal("0.90"))
    score(org)
    assert SiteRiskHistory.objects.filter(site=risk_register.berlin).exists()
    berlin = risk_register.berlin.pk
    site_delete(site=risk_register.berlin, actor=analyst.user)
    assert not SiteRisk.objects.filter(site_id=berlin).exists()
    assert not SiteRiskHistory.objects.filter(site_id=berlin).exists()
    run = score(org)
    assert run.sites == 2 and run.changed == 0
    assert set(run.summary["countries"]) == {"BD", "VN"}
    assert all(d["site"] != berlin for x in run.summary["exposures"] for d in x["drivers"])
    assert SiteRisk.objects.filter(organisation=org).count() == 2 * ISSUES


def test_every_run_writes_one_audit_event(
    org: Organisation, analyst: Membership, risk_register: RiskRegister
) -> None:
    first = score(org, analyst.user)
    second = score(org, None, trigger="api")
    events = audit(org, EventType.RISK_SCORED)
    assert len(events) == 2
    by_target = {e.target_id: e for e in events}
    assert by_target[str(first.pk)].actor == analyst.user
    assert by_target[str(first.pk)].changes["scores_changed"] == 3 * ISSUES
    changes = by_target[str(second.pk)].changes
    assert changes["trigger"] == "api" and changes["scores_changed"] == 0 and changes["sites"] == 3
    assert changes["methodology"] == second.methodology_version
    assert changes["reference"] == second.reference_editions


def test_an_empty_register_scores_cleanly(org: Organisation) -> None:
    run = score(org)
    assert run.sites == 0 and run.changed == 0 and run.summary["countries"] == {}
    assert selectors.salient_issues(org)  # every issue, with no exposure
    assert len(audit(org, EventType.RISK_SCORED)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "weights: [unclosed",  # not YAML
        "- just\n- a list\n",  # not a mapping
        "weights:\n  wages:\n    sector: lots\n",  # not a number
        "weights:\n  wages:\n    no_such_factor: 10\n",
        "levels:\n  high: 20\n",  # bands no longer rise
    ],
)
def test_a_bad_adjustment_stores_nothing(
    org: Organisation, admin: Membership, risk_register: RiskRegister, text: str
) -> None:
    with pytest.raises(FileRefused) as caught:
        methodology_adjust(organisation=org, actor=admin.user, text=text, reason="Testing")
    assert caught.value.message
    assert not MethodologyAdjustment.objects.exists() and not RiskRun.objects.exists()
    assert not audit(org, EventType.METHODOLOGY_ADJUSTED)
    assert methodology_for(org).version == default_methodology().version


def test_an_adjustment_needs_a_reason(org: Organisation, admin: Membership) -> None:
    with pytest.raises(FileRefused):
        methodology_adjust(organisation=org, actor=admin.user, text="levels:\n  high: 60\n", reason="  ")
    assert not MethodologyAdjustment.objects.exists()


def test_a_good_adjustment_is_kept_logged_and_rescored(
    org: Organisation, other_org: Organisation, admin: Membership, risk_register: RiskRegister
) -> None:
    first = score(org)
    wages_before = stored(risk_register.dhaka)["wages"]
    run = methodology_adjust(
        organisation=org,
        actor=admin.user,
        text="weights:\n  wages:\n    sector: 200\n",
        reason="Wages in apparel are our first concern",
    )
    adjustment = MethodologyAdjustment.objects.get()
    assert (
        adjustment.created_by == admin.user and adjustment.reason == "Wages in apparel are our first concern"
    )
    assert run.trigger == "methodology" and run.methodology_version == adjustment.version
    assert run.methodology_version != first.methodology_version
    assert methodology_for(org).version == adjustment.version
    assert methodology_for(other_org).version == default_methodology().version  # theirs is untouched
    assert run.changed > 0 and stored(risk_register.dhaka)["wages"] != wages_before
    [event] = audit(org, EventType.METHODOLOGY_ADJUSTED)
    assert event.actor == admin.user
    assert event.changes["version"] == [first.methodology_version, adjustment.version]
    assert event.changes["reason"] == "Wages in apparel are our first concern"
    assert len(audit(org, EventType.RISK_SCORED)) == 2
    assert SiteRiskHistory.objects.filter(run=run, issue="wages").exists()


def test_a_judgement_needs_a_reason(
    org: Organisation, analyst: Membership, risk_register: RiskRegister
) -> None:
    score(org)
    with pytest.raises(FileRefused):
        salience_judge(organisation=org, actor=analyst.user, issue="wages", reason=" \n", scale=4)
    assert not SalienceJudgement.objects.exists() and not audit(org, EventType.SALIENCE_JUDGED)


@pytest.mark.parametrize(
    "bad",
    [
        {"issue": "not-an-issue", "scale": 4},
        {"issue": "wages", "scale": 9},
        {"issue": "wages", "scope": 0},
        {"issue": "wages", "irremediability": 5},
        {"issue": "wages", "likelihood": 101},
        {"issue": "wages", "likelihood": -1},
        {"issue": "wages"},  # overrides nothing
    ],
)
def test_a_judgement_out_of_range_is_refused(
    org: Organisation, analyst: Membership, bad: dict[str, object]
) -> None:
    with pytest.raises(FileRefused):
        salience_judge(organisation=org, actor=analyst.user, reason="Because", **bad)  # type: ignore[arg-type]
    assert not SalienceJudgement.objects.exists()


def test_a_judgement_changes_the_ranking_and_withdrawing_restores_it(
    org: Organisation, analyst: Membership, risk_register: RiskRegister
) -> None:
    score(org)
    computed = selectors.salient_issues(org)
    last = computed[-1]
    assert last.rank == len(computed) > 1 and last.judgement is None
    judgement = salience_judge(
        organisation=org,
        actor=analyst.user,
        issue=last.issue,
        reason="A worker died at a supplier last month",
        scale=4,
        scope=4,
        irremediability=4,
        likelihood=100,
    )
    assert judgement.likelihood == 1.0 and judgement.created_by == analyst.user
    judged = selectors.salient_issues(org)
    top = judged[0]
    assert top.issue == last.issue and top.rank == 1 and top.salience == 100
    assert top.judgement is not None and top.judgement.reason == "A worker died at a supplier last month"
    assert top.judgement.by == analyst.user.get_username()
    [event] = audit(org, EventType.SALIENCE_JUDGED)
    assert event.actor == analyst.user and event.changes["issue"] == last.issue
    assert (
        event.changes["reason"] == "A worker died at a supplier last month"
        and event.changes["likelihood"] == 1.0
    )

    assert salience_withdraw(organisation=org, actor=analyst.user, issue=last.issue) == 1
    restored = selectors.salient_issues(org)
    assert [(s.issue, s.salience, s.rank) for s in restored] == [
        (s.issue, s.salience, s.rank) for s in computed
    ]
    assert all(s.judgement is None for s in restored)
    judgement.refresh_from_db()
    assert judgement.withdrawn_at is not None
    [withdrawn] = audit(org, EventType.SALIENCE_JUDGEMENT_WITHDRAWN)
    assert withdrawn.target_id == str(judgement.pk) and withdrawn.changes == {"issue": last.issue}
    # Nothing standing: nothing withdrawn, nothing logged.
    assert salience_withdraw(organisation=org, actor=analyst.user, issue=last.issue) == 0
    assert len(audit(org, EventType.SALIENCE_JUDGEMENT_WITHDRAWN)) == 1


def test_the_latest_standing_judgement_applies(
    org: Organisation, analyst: Membership, risk_register: RiskRegister
) -> None:
    score(org)
    salience_judge(organisation=org, actor=analyst.user, issue="wages", reason="first", scale=1)
    salience_judge(organisation=org, actor=analyst.user, issue="wages", reason="second", scale=4)
    wages = next(s for s in selectors.salient_issues(org) if s.issue == "wages")
    assert wages.scale == 4 and wages.judgement is not None and wages.judgement.reason == "second"
    assert salience_withdraw(organisation=org, actor=analyst.user, issue="wages") == 2
