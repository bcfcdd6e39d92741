"""The risk REST API: scores (paginated, filtered), a site's explanations, salient issues,
judgements and runs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ruggie.accounts.models import Membership, Organisation
from ruggie.audit.models import AuditEvent, EventType
from ruggie.risk.domain.methodology import default_methodology
from ruggie.risk.models import RiskRun, SalienceJudgement
from ruggie.risk.services import score_organisation
from tests.risk.conftest import Api, RiskRegister

ISSUES = len(default_methodology().issues)


@pytest.fixture
def api(analyst: Membership, make_api: Callable[[Membership], Api]) -> Api:
    return make_api(analyst)


@pytest.fixture
def scored(org: Organisation, risk_register: RiskRegister) -> RiskRegister:
    score_organisation(organisation=org, actor=None, trigger="import")
    return risk_register


def test_scores_are_paginated_highest_first(api: Api, scored: RiskRegister) -> None:
    first = api.get("/risk/scores", limit=10).json()
    assert first["count"] == 3 * ISSUES and len(first["items"]) == 10
    every = api.get("/risk/scores", limit=100).json()["items"]
    assert len(every) == 3 * ISSUES
    assert [s["score"] for s in every] == sorted((s["score"] for s in every), reverse=True)
    assert set(every[0]) == {"site_id", "issue", "score", "country"}
    page2 = api.get("/risk/scores", limit=10, offset=10).json()["items"]
    assert page2 == every[10:20]


def test_scores_filter_by_issue_site_and_minimum(api: Api, scored: RiskRegister) -> None:
    wages = api.get("/risk/scores", issue="wages").json()
    assert wages["count"] == 3 and {s["issue"] for s in wages["items"]} == {"wages"}
    site = api.get("/risk/scores", site=scored.berlin.pk, limit=100).json()
    assert site["count"] == ISSUES and {s["country"] for s in site["items"]} == {"DE"}
    top = max(s["score"] for s in api.get("/risk/scores", limit=100).json()["items"])
    high = api.get("/risk/scores", min_score=top).json()
    assert high["count"] >= 1 and all(s["score"] == top for s in high["items"])
    assert api.get("/risk/scores", issue="no-such-issue").json()["count"] == 0
    assert api.get("/risk/scores", site="abc").status_code == 422


def test_scores_before_scoring_are_empty(api: Api, risk_register: RiskRegister) -> None:
    assert api.get("/risk/scores").json() == {"items": [], "count": 0}
    assert api.get("/risk/salient").json() == []
    assert api.get("/risk/runs").json()["count"] == 0


def test_site_explanations(api: Api, scored: RiskRegister) -> None:
    response = api.get(f"/risk/sites/{scored.dhaka.pk}")
    assert response.status_code == 200
    explanations = response.json()
    assert len(explanations) == ISSUES
    assert [e["score"] for e in explanations] == sorted((e["score"] for e in explanations), reverse=True)
    stored = {
        s["issue"]: s["score"]
        for s in api.get("/risk/scores", site=scored.dhaka.pk, limit=100).json()["items"]
    }
    forced = next(e for e in explanations if e["issue"] == "forced_labour")
    assert forced["score"] == stored["forced_labour"]
    assert forced["methodology_version"] == default_methodology().version
    assert "modern_slavery_prevalence" in forced["left_out"]  # the Global Slavery Index is not shipped
    parts = {p["factor"]: p for p in forced["parts"]}
    assert parts["goods_forced_labour"]["value"] == 1.0 and parts["goods_forced_labour"]["known"]
    assert "garments" in parts["goods_forced_labour"]["detail"]
    assert "Worldwide Governance Indicators" in parts["rule_of_law"]["source"]
    assert parts["migrant_workers"]["source"] == "site record"
    assert sum(p["weight"] for p in forced["parts"]) == pytest.approx(1.0, abs=0.001)
    assert sum(p["points"] for p in forced["parts"]) == pytest.approx(forced["score"], abs=1)
    unknown = api.get(f"/risk/sites/{scored.mekong.pk}").json()
    assert any(not p["known"] for e in unknown for p in e["parts"])
    assert api.get("/risk/sites/999999").status_code == 404


def test_salient_issues(api: Api, scored: RiskRegister) -> None:
    ranked = api.get("/risk/salient").json()
    assert [s["rank"] for s in ranked] == list(range(1, ISSUES + 1))
    assert [s["salience"] for s in ranked] == sorted((s["salience"] for s in ranked), reverse=True)
    forced = next(s for s in ranked if s["issue"] == "forced_labour")
    assert forced["drivers"][0] == {
        "site": scored.dhaka.pk,
        "score": forced["drivers"][0]["score"],
        "workers": 800,
    }
    assert all(1 <= s[k] <= 4 for s in ranked for k in ("scale", "scope", "irremediability"))
    assert not any(s["overridden"] for s in ranked) and forced["evidence_count"] == 0


def test_judgement_validation_and_effect(api: Api, org: Organisation, scored: RiskRegister) -> None:
    path = "/risk/salient/wages/judgement"
    too_grave = api.post(path, {"reason": "Too grave", "scale": 9})
    assert too_grave.status_code == 422 and too_grave.json()["detail"] == "scale: write a number from 1 to 4."
    assert api.post(path, {"reason": "Too grave", "scope": 0}).status_code == 422
    assert api.post(path, {"reason": "Too sure", "likelihood": 101}).status_code == 422
    empty = api.post(path, {"reason": "  ", "scale": 4})
    assert empty.status_code == 422 and "reason" in empty.json()["detail"]
    assert api.post(path, {"scale": 4}).status_code == 422  # no reason at all
    assert api.post(path, {"reason": "Nothing to change"}).status_code == 422
    assert api.post("/risk/salient/not-an-issue/judgement", {"reason": "x", "scale": 4}).status_code == 404
    assert not SalienceJudgement.objects.exists()

    overrides = {"scale": 4, "scope": 4, "irremediability": 4, "likelihood": 100}
    made = api.post(path, {"reason": "Unpaid overtime found", **overrides})
    assert made.status_code == 201
    judgement = SalienceJudgement.objects.get(pk=made.json()["id"])
    assert judgement.organisation == org and judgement.likelihood == 1.0
    assert AuditEvent.objects.filter(event_type=EventType.SALIENCE_JUDGED, organisation=org).count() == 1
    top = api.get("/risk/salient").json()[0]
    assert top["issue"] == "wages" and top["overridden"] and top["override_reason"] == "Unpaid overtime found"


def test_runs_and_scoring_through_the_api(api: Api, org: Organisation, risk_register: RiskRegister) -> None:
    scored = api.post("/risk/score")
    assert scored.status_code == 200
    run = scored.json()
    assert run["trigger"] == "api" and run["sites"] == 3 and run["changed"] == 3 * ISSUES
    assert "wgi" in run["reference_editions"]
    again = api.post("/risk/score").json()
    assert again["changed"] == 0
    runs = api.get("/risk/runs").json()
    assert runs["count"] == 2 and [r["id"] for r in runs["items"]] == [again["id"], run["id"]]
    assert api.get("/risk/runs", limit=1).json()["items"][0]["id"] == again["id"]
    assert RiskRun.objects.filter(organisation=org).count() == 2


def test_no_token_no_data(scored: RiskRegister) -> None:
    anonymous = Api(None)
    for path in ("/risk/scores", "/risk/salient", "/risk/runs", f"/risk/sites/{scored.dhaka.pk}"):
        assert anonymous.get(path).status_code == 401, path
    assert anonymous.post("/risk/score").status_code == 401
