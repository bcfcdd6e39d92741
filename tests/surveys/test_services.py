"""Survey rounds, anonymous responses, results that respect the minimum group size, and
findings raised from them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import AuditEvent, EventType
from ruggie.findings.models import Finding
from ruggie.register.models import Site
from ruggie.register.services import site_create, supplier_create
from ruggie.surveys.domain.privacy import OTHER
from ruggie.surveys.models import SurveyResponse, SurveyRound
from ruggie.surveys.services import (
    ResponseRefused,
    RoundRefused,
    response_submit,
    round_create,
    round_raise_findings,
    round_results,
)

TODAY = date(2026, 12, 3)
GOOD = {f"{d}{i}": ["yes"] for d in "SRI" for i in (1, 2, 3, 5)}
GOOD.update(
    {"S4": ["never"], "R1": ["always"], "R2": ["never"], "R5": ["always"], "I3": ["always"], "I4": ["never"]}
)
BAD = {f"{d}{i}": ["no"] for d in "SRI" for i in (1, 2, 3, 5)}
BAD.update(
    {"S4": ["always"], "R1": ["never"], "R2": ["always"], "R5": ["never"], "I3": ["never"], "I4": ["always"]}
)


def _site(org: Organisation, name: str = "Dhaka Knit Unit 1") -> Site:
    supplier = supplier_create(organisation=org, actor=None, name="Dhaka Knit Ltd.", country="BD")
    return site_create(supplier=supplier, actor=None, name=name, country="BD", headcount=400)


@pytest.fixture
def round_(org: Organisation, analyst: Membership) -> SurveyRound:
    return round_create(
        organisation=org,
        actor=analyst.user,
        site=_site(org),
        name="Spring 2026",
        opens_on=TODAY - timedelta(days=7),
    )


def answer(round_: SurveyRound, raw: dict[str, list[str]], **context: str) -> SurveyResponse:
    return response_submit(
        round_=round_, raw={**raw, **{k: [v] for k, v in context.items()}}, language="en", today=TODAY
    )


def test_a_round_is_logged_and_refuses_bad_settings(
    org: Organisation, other_org: Organisation, analyst: Membership
) -> None:
    site = _site(org)
    round_ = round_create(organisation=org, actor=analyst.user, site=site, name="Spring", opens_on=TODAY)
    assert len(round_.token) >= 20 and round_.headcount == 400
    assert round_.questionnaire.code == "worker_wellbeing"
    assert AuditEvent.objects.filter(organisation=org, event_type=EventType.SURVEY_ROUND_CREATED).count() == 1
    with pytest.raises(RoundRefused, match="cannot go below 10"):
        round_create(
            organisation=org, actor=analyst.user, site=site, name="x", opens_on=TODAY, min_group_size=5
        )
    with pytest.raises(RoundRefused, match="not in your register"):
        round_create(organisation=other_org, actor=None, site=site, name="x", opens_on=TODAY)
    with pytest.raises(RoundRefused, match="closes before it opens"):
        round_create(
            organisation=org, actor=None, site=site, name="x", opens_on=TODAY, closes_on=TODAY - timedelta(1)
        )


def test_a_response_keeps_answers_and_nothing_about_the_worker(round_: SurveyRound) -> None:
    response = answer(round_, {**GOOD, "F1": ["yes"], "O1": ["More fans in summer"]}, C1="woman")
    stored = SurveyResponse.objects.get(pk=response.pk)
    assert stored.answers["S1"] == "yes" and stored.answers["O1"] == "More fans in summer"
    assert stored.indices == {"safety": 100.0, "respect": 100.0, "income": 100.0}
    assert stored.flags == ["F1:forced_labour:FL07:critical"]
    assert stored.received_on == TODAY
    fields = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not fields & {"ip", "ip_address", "user", "user_agent", "created_at", "session"}
    # No per-response audit event: it would keep the time each worker answered.
    assert not AuditEvent.objects.filter(target_type="surveyresponse").exists()


def test_bad_answers_and_closed_rounds_are_refused(round_: SurveyRound) -> None:
    with pytest.raises(ResponseRefused) as caught:
        answer(round_, {"S1": ["perhaps"]})
    assert caught.value.problems[0].question == "S1"
    round_.closes_on = TODAY - timedelta(days=1)
    round_.save()
    with pytest.raises(ResponseRefused, match="closed"):
        answer(round_, GOOD)
    assert not SurveyResponse.objects.exists()


def test_results_hide_everything_below_the_minimum(round_: SurveyRound) -> None:
    for _ in range(9):
        answer(round_, GOOD, C1="woman")
    results = round_results(round_)
    assert not results.shown and results.responses == 9
    assert all(t.index is None for t in results.totals) and results.breakdowns == [] and results.flags == []


def test_results_with_breakdowns_merged_against_subtraction(round_: SurveyRound) -> None:
    for _ in range(20):
        answer(round_, BAD, C1="woman", C4="agency")
    for _ in range(15):
        answer(round_, GOOD, C1="man", C4="permanent")
    for _ in range(3):
        answer(round_, GOOD, C1="other", C4="permanent")
    answer(round_, {**GOOD, "F3": ["yes"]}, C1="skip")
    results = round_results(round_, open_answers=True)
    assert results.responses == 39 and results.totals[0].n == 39
    gender = next(b for b in results.breakdowns if b.question == "C1")
    labels = [label for label, _row in gender.rows]
    # 3 "another answer" + 1 unstated = 4 < 10: the men join them as "other groups".
    assert labels == ["A woman", "Other groups, together"]
    woman, rest = (row for _l, row in gender.rows)
    assert woman[0] is not None and woman[0].index == 0.0 and woman[0].n == 20
    assert rest[0] is not None and rest[0].n == 19 and rest[0].index == 100.0
    contract = next(b for b in results.breakdowns if b.question == "C4")
    # 20 agency, 18 permanent, 1 did not say: the permanent join the one.
    assert [label for label, _r in contract.rows] == ["Through an agency", "Other groups, together"]
    owed = next(f for f in results.flags if f.rule.indicator == "FL09")
    assert (owed.count, owed.answered) == (1, 1)
    assert OTHER not in labels


def test_findings_from_low_scores_and_red_flags(round_: SurveyRound, analyst: Membership) -> None:
    for i in range(12):
        answer(round_, {**BAD, "F1": ["yes" if i < 2 else "no"]})
    done = round_raise_findings(round_=round_, actor=analyst.user)
    assert len(done) == 4 and {a for _t, a in done} == {"create"}
    findings = Finding.objects.filter(organisation=round_.organisation, site=round_.site)
    by_issue = {f.issue: f for f in findings}
    assert set(by_issue) == {"health_safety", "harassment", "wages", "forced_labour"}
    assert (
        by_issue["forced_labour"].severity == "critical"
        and "2 of 12" in by_issue["forced_labour"].description
    )
    assert by_issue["wages"].severity == "high" and by_issue["wages"].source == "survey"
    # Raising again updates the same findings rather than adding new ones.
    again = round_raise_findings(round_=round_, actor=analyst.user)
    assert {a for _t, a in again} == {"unchanged"} and findings.count() == 4


def test_findings_wait_for_enough_answers(round_: SurveyRound, analyst: Membership) -> None:
    answer(round_, BAD)
    with pytest.raises(RoundRefused, match="at least 10"):
        round_raise_findings(round_=round_, actor=analyst.user)


def test_closing_raises_findings_that_reach_triangulation_and_salience(
    round_: SurveyRound, analyst: Membership, analyst_client: Any
) -> None:
    from ruggie.findings.models import SiteAudit  # noqa: PLC0415
    from ruggie.findings.selectors import site_triangulation  # noqa: PLC0415
    from ruggie.risk.selectors import evidence_for  # noqa: PLC0415
    from ruggie.surveys.services import round_close  # noqa: PLC0415

    org, site = round_.organisation, round_.site
    # A social audit last month found nothing on harassment at this site.
    SiteAudit.objects.create(organisation=org, site=site, supplier=site.supplier, reference="AUD-1",
                             audit_date=TODAY - timedelta(days=30))  # fmt: skip
    for _ in range(10):
        answer(round_, BAD)
    round_close(round_=round_, actor=analyst.user, today=TODAY)
    assert not round_.is_open(TODAY)
    views = {v.code: v for v in site_triangulation(organisation=org, site_id=site.pk, today=TODAY)}
    assert "AUD-1" in views["harassment"].disagreement or "found nothing" in views["harassment"].disagreement
    assert "Worker survey" in views["harassment"].disagreement
    evidence = [e for e in evidence_for(org) if e.issue == "wages"]
    assert evidence and "Workers rate income security and progression low" in evidence[0].label
    # The salient issue's page says why its likelihood rose.
    from ruggie.risk.services import score_organisation  # noqa: PLC0415

    score_organisation(organisation=org, actor=None, trigger="test")
    page = analyst_client.get("/risk/salience/wages/").content.decode()
    assert "Why this likelihood" in page and "Workers rate income security and progression low" in page
