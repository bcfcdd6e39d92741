"""The risk pages and API under attack: another tenant's ids and tokens, viewers writing,
hostile site names."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import api_token_create
from ruggie.risk.models import RiskRun, SalienceJudgement
from ruggie.risk.services import salience_judge, score_organisation
from tests.conftest import signed_in
from tests.risk.conftest import Api, RiskRegister, build_register

XSS = "<script>alert('xss')</script> Works"


@pytest.fixture
def ours(org: Organisation, analyst: Membership) -> RiskRegister:
    register = build_register(org, analyst.user, dhaka_name=XSS)
    score_organisation(organisation=org, actor=None, trigger="import")
    return register


@pytest.fixture
def theirs(other_org: Organisation) -> RiskRegister:
    register = build_register(other_org, None, dhaka_name="Rival Secret Works")
    score_organisation(organisation=other_org, actor=None, trigger="import")
    return register


def _api(membership: Membership) -> Api:
    _token, raw = api_token_create(membership=membership, name="test")
    return Api(raw)


def test_another_organisations_site_page_is_404(
    analyst_client: Client, ours: RiskRegister, theirs: RiskRegister
) -> None:
    for site in (theirs.dhaka, theirs.berlin, theirs.mekong):
        assert analyst_client.get(f"/risk/sites/{site.pk}/").status_code == 404
    assert analyst_client.get(f"/risk/sites/{ours.dhaka.pk}/").status_code == 200


def test_another_organisations_scores_never_appear(
    analyst_client: Client, ours: RiskRegister, theirs: RiskRegister
) -> None:
    for url in ("/risk/", "/risk/?issue=forced_labour", "/risk/salience/forced_labour/"):
        body = analyst_client.get(url).content.decode()
        assert "Rival Secret Works" not in body, url
        for site in (theirs.dhaka, theirs.berlin, theirs.mekong):
            assert f"/risk/sites/{site.pk}/" not in body, url
    workbook = load_workbook(io.BytesIO(analyst_client.get("/risk/export.xlsx").content))
    ids = [row[0] for row in workbook["Site scores"].iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == sorted([ours.dhaka.pk, ours.berlin.pk, ours.mekong.pk])


def test_the_api_with_another_organisations_token_returns_none_of_ours(
    make_member,
    other_org: Organisation,
    ours: RiskRegister,
    theirs: RiskRegister,  # type: ignore[no-untyped-def]
) -> None:
    rival = _api(make_member(other_org, "admin"))
    ours_ids = {ours.dhaka.pk, ours.berlin.pk, ours.mekong.pk}
    scores = rival.get("/risk/scores", limit=1000).json()["items"]
    assert scores and not {s["site_id"] for s in scores} & ours_ids
    for site in ours_ids:
        assert rival.get("/risk/scores", site=site).json()["count"] == 0
        assert rival.get(f"/risk/sites/{site}").status_code == 404
    drivers = {d["site"] for s in rival.get("/risk/salient").json() for d in s["drivers"]}
    assert drivers and not drivers & ours_ids
    runs = rival.get("/risk/runs").json()["items"]
    assert {r["id"] for r in runs} == set(
        RiskRun.objects.filter(organisation=other_org).values_list("pk", flat=True)
    )
    # A judgement made with their token lands on their organisation only.
    assert rival.post("/risk/salient/wages/judgement", {"reason": "theirs", "scale": 4}).status_code == 201
    assert SalienceJudgement.objects.get().organisation == other_org


def test_a_viewer_token_cannot_write(viewer: Membership, org: Organisation, ours: RiskRegister) -> None:
    reader = _api(viewer)
    assert reader.get("/risk/scores").status_code == 200
    assert reader.get("/risk/salient").status_code == 200
    runs_before = RiskRun.objects.count()
    scored = reader.post("/risk/score")
    assert scored.status_code == 403 and "edit" in scored.json()["detail"]
    judged = reader.post("/risk/salient/wages/judgement", {"reason": "I think so", "scale": 4})
    assert judged.status_code == 403
    assert RiskRun.objects.count() == runs_before and not SalienceJudgement.objects.exists()


def test_site_names_are_escaped(analyst_client: Client, ours: RiskRegister) -> None:
    for url in ("/risk/", f"/risk/sites/{ours.dhaka.pk}/"):
        body = analyst_client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; Works" in body, url


def test_hostile_judgement_reasons_are_escaped(analyst_client: Client, ours: RiskRegister) -> None:
    analyst_client.post("/risk/salience/wages/", {"scale": "4", "reason": "<img src=x onerror=alert(1)>"})
    body = analyst_client.get("/risk/").content.decode()
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body


def test_forged_posts_are_refused(analyst: Membership, ours: RiskRegister) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst.user, backend="django.contrib.auth.backends.ModelBackend")
    runs = RiskRun.objects.count()
    for url, data in [
        ("/risk/rescore/", {}),
        ("/risk/salience/wages/", {"scale": "4", "reason": "forged"}),
        ("/risk/salience/wages/withdraw/", {}),
        ("/risk/methodology/", {"text": "levels:\n  high: 60\n", "reason": "forged"}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert RiskRun.objects.count() == runs and not SalienceJudgement.objects.exists()


def test_a_rival_admin_cannot_touch_our_judgements(
    make_member,
    other_org: Organisation,
    org: Organisation,
    analyst: Membership,
    ours: RiskRegister,  # type: ignore[no-untyped-def]
) -> None:
    salience_judge(organisation=org, actor=analyst.user, issue="wages", reason="ours", scale=4)
    rival = signed_in(make_member(other_org, "admin"))
    assert rival.post("/risk/salience/wages/withdraw/").status_code == 302
    assert SalienceJudgement.objects.get().withdrawn_at is None  # theirs had nothing to withdraw
