"""Screening pages and API as users meet them, and under attack: other tenants' hits, viewers
deciding, hostile names, a forged form."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import api_token_create
from ruggie.register.services import supplier_create
from ruggie.screening.models import HitStatus, ScreeningHit
from ruggie.screening.services import screen_organisation
from tests.conftest import signed_in
from tests.risk.conftest import Api

HOSTILE = "<i>Heze</i> Cotton & Linen Co., Ltd."  # still the listed name once tags are read as words


def _screened(org: Organisation, name: str) -> ScreeningHit:
    supplier_create(organisation=org, actor=None, name=name, country="CN")
    ScreeningHit.objects.filter(organisation=org).delete()
    screen_organisation(organisation=org, actor=None, trigger="test")
    return ScreeningHit.objects.get(organisation=org)


def make_api(membership: Membership) -> Api:
    _token, raw = api_token_create(membership=membership, name="test")
    return Api(raw)


@pytest.fixture
def ours(org: Organisation) -> ScreeningHit:
    return _screened(org, HOSTILE)


@pytest.fixture
def theirs(other_org: Organisation) -> ScreeningHit:
    return _screened(other_org, "Heze Cotton and Linen Co Ltd")


def test_the_hits_page_lists_open_hits_with_the_names_escaped(
    analyst_client: Client, ours: ScreeningHit
) -> None:
    body = analyst_client.get("/screening/").content.decode()
    assert f"/screening/hits/{ours.pk}/" in body
    assert "<i>Heze</i>" not in body and "&lt;i&gt;Heze&lt;/i&gt;" in body
    page = analyst_client.get(f"/screening/hits/{ours.pk}/").content.decode()
    assert "Heze Cotton and Linen Co., Ltd." in page
    assert "<i>Heze</i>" not in page and "&lt;i&gt;Heze&lt;/i&gt;" in page


def test_an_analyst_dismisses_with_a_reason_and_a_missing_reason_is_said(
    analyst_client: Client, ours: ScreeningHit
) -> None:
    url = f"/screening/hits/{ours.pk}/decide/"
    refused = analyst_client.post(url, {"decision": "dismiss", "reason": ""})
    assert refused.status_code == 400
    ours.refresh_from_db()
    assert ours.status == HitStatus.OPEN
    done = analyst_client.post(url, {"decision": "dismiss", "reason": "A namesake in Shandong."})
    assert done.status_code == 302
    ours.refresh_from_db()
    assert ours.status == HitStatus.DISMISSED and ours.decision_reason == "A namesake in Shandong."
    listed = analyst_client.get("/screening/?status=dismissed").content.decode()
    assert f"/screening/hits/{ours.pk}/" in listed


def test_a_viewer_sees_hits_but_cannot_decide_or_run(viewer_client: Client, ours: ScreeningHit) -> None:
    assert viewer_client.get("/screening/").status_code == 200
    post = viewer_client.post(f"/screening/hits/{ours.pk}/decide/", {"decision": "confirm", "reason": "x"})
    assert post.status_code == 403
    assert viewer_client.post("/screening/run/").status_code == 403
    ours.refresh_from_db()
    assert ours.status == HitStatus.OPEN


def test_another_organisations_hit_is_not_found_on_pages(
    analyst_client: Client, ours: ScreeningHit, theirs: ScreeningHit
) -> None:
    assert analyst_client.get(f"/screening/hits/{theirs.pk}/").status_code == 404
    post = analyst_client.post(
        f"/screening/hits/{theirs.pk}/decide/", {"decision": "dismiss", "reason": "not mine"}
    )
    assert post.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == HitStatus.OPEN
    for status in ("open", "confirmed", "dismissed", ""):
        assert (
            f"/screening/hits/{theirs.pk}/"
            not in analyst_client.get(f"/screening/?status={status}").content.decode()
        )


def test_a_forged_form_without_the_csrf_token_is_refused(analyst: Membership, ours: ScreeningHit) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst.user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(f"/screening/hits/{ours.pk}/decide/", {"decision": "confirm", "reason": "forged"})
    assert response.status_code == 403
    ours.refresh_from_db()
    assert ours.status == HitStatus.OPEN


def test_running_from_the_page_screens_and_says_what_it_found(
    analyst_client: Client, org: Organisation, ours: ScreeningHit
) -> None:
    response = analyst_client.post("/screening/run/", follow=True)
    body = response.content.decode()
    assert "Screened 1 suppliers" in body and "0 new" in body


def test_the_api_lists_decides_and_runs_within_the_organisation(
    analyst: Membership,
    viewer: Membership,
    ours: ScreeningHit,
    theirs: ScreeningHit,
) -> None:
    api = make_api(analyst)
    listed = api.get("/screening/hits", status="open").json()
    assert [h["id"] for h in listed["items"]] == [ours.pk]
    assert api.get("/screening/hits", status="maybe").status_code == 422
    assert (
        api.post(f"/screening/hits/{theirs.pk}/decision", {"decision": "confirm", "reason": "x"}).status_code
        == 404
    )
    assert (
        api.post(f"/screening/hits/{ours.pk}/decision", {"decision": "perhaps", "reason": "x"}).status_code
        == 422
    )
    assert (
        api.post(f"/screening/hits/{ours.pk}/decision", {"decision": "confirm", "reason": ""}).status_code
        == 422
    )
    confirmed = api.post(
        f"/screening/hits/{ours.pk}/decision", {"decision": "confirm", "reason": "Same site."}
    )
    assert confirmed.status_code == 200 and confirmed.json()["finding_id"] is not None
    assert api.post("/screening/run").json()["suppliers"] == 1
    viewer_api = make_api(viewer)
    assert viewer_api.get("/screening/hits").status_code == 200
    assert viewer_api.post("/screening/run").status_code == 403
    assert Api(None).get("/screening/hits").status_code == 401
    theirs.refresh_from_db()
    assert theirs.status == HitStatus.OPEN


def test_each_member_sees_only_their_own_organisations_hits(
    make_member: Callable[..., Membership], other_org: Organisation, ours: ScreeningHit, theirs: ScreeningHit
) -> None:
    rival = signed_in(make_member(other_org, "analyst"))
    body = rival.get("/screening/").content.decode()
    assert f"/screening/hits/{theirs.pk}/" in body and f"/screening/hits/{ours.pk}/" not in body
