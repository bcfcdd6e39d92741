"""No page, export or API call reveals a group of workers smaller than the minimum group
size, directly or by subtraction; other organisations see nothing; the public pages keep
nothing about the worker."""

from __future__ import annotations

import io
import random
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import api_token_create
from ruggie.surveys.models import SurveyRound
from ruggie.surveys.services import response_submit
from tests.surveys.conftest import round_ as open_round
from tests.surveys.test_services import BAD, GOOD

round_ = open_round  # the surveys' fixture: a round open today at a site of the test organisation

GENDERS = ["woman", "man", "other", "skip"]
CONTRACTS = ["permanent", "temporary", "agency", "piece_rate", "none", "skip"]


def _fill(round_: SurveyRound, seed: int, n: int) -> None:
    rng = random.Random(seed)
    for _ in range(n):
        raw = dict(rng.choice([GOOD, BAD]))
        raw["C1"] = [rng.choices(GENDERS, weights=[10, 6, 1, 1])[0]]
        raw["C4"] = [rng.choices(CONTRACTS, weights=[8, 4, 3, 1, 1, 1])[0]]
        response_submit(round_=round_, raw=raw, language="en")


def _api(membership: Membership) -> Client:
    _token, raw = api_token_create(membership=membership, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_every_channel_shows_only_groups_of_k_that_add_up(
    analyst_client: Client, analyst: Membership, round_: SurveyRound, seed: int
) -> None:
    n = random.Random(seed).randint(12, 45)
    _fill(round_, seed, n)
    api = _api(analyst).get(f"/api/surveys/rounds/{round_.pk}/results").json()
    k = api["min_group_size"]
    totals = {code: d["n"] for code, d in api["dimensions"].items()}
    for b in api["breakdowns"]:
        for code, total in totals.items():
            shown = [g["dimensions"][code]["n"] for g in b["groups"] if g["dimensions"][code]]
            assert all(x >= k for x in shown), (b["question"], code, shown)
            # Total minus the groups shown leaves nothing, or a group of k or more.
            assert sum(shown) in (0, total), (b["question"], code, shown, total)
    # The export carries the same figures, and no group below k.
    book = load_workbook(io.BytesIO(analyst_client.get(f"/surveys/{round_.pk}/results.xlsx").content))
    answers_columns = [i for i, c in enumerate(book["By group"][1]) if "(answers)" in str(c.value)]
    for row in book["By group"].iter_rows(min_row=2, values_only=True):
        assert all(row[i] is None or row[i] >= k for i in answers_columns), row
    # And the page: every "n=" shown is at least k.
    html = analyst_client.get(f"/surveys/{round_.pk}/").content.decode()
    assert all(int(x) >= k for x in re.findall(r"n=(\d+)", html))


def test_small_rounds_show_nothing_anywhere(
    analyst_client: Client, analyst: Membership, round_: SurveyRound
) -> None:
    _fill(round_, 9, 9)
    api = _api(analyst).get(f"/api/surveys/rounds/{round_.pk}/results").json()
    assert api["shown"] is False and api["breakdowns"] == [] and api["flags"] == []
    assert all(d["index"] is None for d in api["dimensions"].values())
    public = Client().get(f"/s/{round_.token}/results/").content.decode()
    assert "<meter" not in public


def test_open_answers_only_for_roles_that_may_edit(
    analyst: Membership, viewer: Membership, round_: SurveyRound
) -> None:
    _fill(round_, 5, 12)
    response_submit(round_=round_, raw={**GOOD, "O1": ["Night shifts are too long"]}, language="en")
    assert (
        "Night shifts are too long"
        in _api(analyst).get(f"/api/surveys/rounds/{round_.pk}/results").json()["open_answers"]
    )
    assert _api(viewer).get(f"/api/surveys/rounds/{round_.pk}/results").json()["open_answers"] == []
    assert _api(viewer).post(
        "/api/surveys/rounds", {"site_id": round_.site_id, "name": "x", "opens_on": "2026-12-01"},
        content_type="application/json",
    ).status_code == 403  # fmt: skip


def test_another_organisation_sees_no_round(other_org: Organisation, round_: SurveyRound) -> None:
    from ruggie.accounts.services import membership_set  # noqa: PLC0415

    rival = _api(membership_set(email="rival@example.org", organisation=other_org, role="admin"))
    assert rival.get("/api/surveys/rounds").json() == []
    assert rival.get(f"/api/surveys/rounds/{round_.pk}/results").status_code == 404
    created = rival.post(
        "/api/surveys/rounds", {"site_id": round_.site_id, "name": "x", "opens_on": "2026-12-01"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 422  # not a site of theirs


def test_api_opens_a_round_but_not_below_ten(analyst: Membership, round_: SurveyRound) -> None:
    api = _api(analyst)
    body = {"site_id": round_.site_id, "name": "Autumn", "opens_on": "2026-12-01", "min_group_size": 15}
    created = api.post("/api/surveys/rounds", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["min_group_size"] == 15
    low = api.post("/api/surveys/rounds", {**body, "min_group_size": 4}, content_type="application/json")
    assert low.status_code == 422 and "cannot go below 10" in low.json()["detail"]


def test_the_public_form_is_not_a_way_in(round_: SurveyRound) -> None:
    client = Client(enforce_csrf_checks=True)
    hostile = {**GOOD, "O1": "<img src=x onerror=alert(1)>", "S1": "yes' OR '1'='1"}
    page = client.post(f"/s/{round_.token}/", hostile)
    assert page.status_code == 400 and "<img src=x" not in page.content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.content.decode()  # kept, escaped, to fix S1
    assert client.get(f"/s/{round_.token[:-1]}x/").status_code == 404
    assert client.get(f"/surveys/{round_.pk}/").status_code == 302  # the organisation's pages need sign-in
