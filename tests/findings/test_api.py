"""The findings REST API at /api/: raising (idempotent by source reference), reading,
editing and moving findings, corrective actions and remedies, the supplier's own view,
tenant isolation, roles, validation and the OpenAPI schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import api_token_create
from ruggie.audit.models import AuditEvent, EventType
from ruggie.findings.domain.raising import FindingDraft, Source
from ruggie.findings.domain.severity import Severity
from ruggie.findings.models import CorrectiveAction, Finding, Remedy
from ruggie.findings.services import action_create, finding_raise
from tests.findings.conftest import Register


class Api:
    """A django.test.Client that speaks JSON with a bearer token."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api{path}", params, headers=self.headers)

    def post(self, path: str, data: Any) -> Any:
        return self.client.post(
            f"/api{path}", json.dumps(data), content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, data: Any) -> Any:
        return self.client.patch(
            f"/api{path}", json.dumps(data), content_type="application/json", headers=self.headers
        )


@pytest.fixture
def make_api() -> Callable[[Membership], Api]:
    def make(membership: Membership) -> Api:
        _token, raw = api_token_create(membership=membership, name="test")
        return Api(raw)

    return make


@pytest.fixture
def api(analyst: Membership, make_api: Callable[[Membership], Api]) -> Api:
    return make_api(analyst)


@pytest.fixture
def supplier_member(make_org, make_member, register: Register) -> Membership:  # type: ignore[no-untyped-def]
    """A member of Saigon Stitch's own organisation, linked by the buyer."""
    account = make_org("stitch", kind="supplier")
    register.stitch.account = account
    register.stitch.save()
    return make_member(account, "analyst")  # type: ignore[no-any-return]


def _raise(api: Api, register: Register, **extra: Any) -> Any:
    body = {
        "site_id": register.factory.pk,
        "issue": "forced_labour",
        "title": "Passports retained by the employer",
        "severity": "critical",
        **extra,
    }
    return api.post("/findings", body)


def _finding(api: Api, register: Register, **extra: Any) -> dict[str, Any]:
    response = _raise(api, register, **extra)
    assert response.status_code == 201, response.content
    return response.json()  # type: ignore[no-any-return]


def _rival_finding(other_org: Organisation, register: Register) -> Finding:
    draft = FindingDraft(
        issue="wages",
        title="Rival's own finding",
        source=Source.AUDIT,
        severity=Severity.HIGH,
        site_id=register.rival_site.pk,
        source_ref="R#1",
    )
    return finding_raise(organisation=other_org, actor=None, draft=draft)[0]


# --- findings --------------------------------------------------------------------------------


def test_no_token_is_401(db: None) -> None:
    for path in ("/findings", "/findings/metrics", "/supplier/actions"):
        assert Api(None).get(path).status_code == 401


def test_raise_read_list_and_edit_a_finding(api: Api, org: Organisation, register: Register) -> None:
    created = _finding(
        api,
        register,
        description="Workers say the HR office keeps their passports.",
        evidence="Interviews with 6 of 10 migrant workers.",
        found_on="2026-03-14",
        scale=4,
        scope=3,
        irremediability=3,
        involvement="contributed",
    )
    assert created["outcome"] == "create"
    assert created["status"] == "open" and created["source"] == "manual"
    assert created["supplier_id"] == register.stitch.pk and created["site_name"] == "Saigon Stitch Factory 1"
    assert created["country"] == "VN" and created["scale"] == 4 and created["involvement"] == "contributed"
    pk = created["id"]
    finding = Finding.objects.get(pk=pk)
    assert finding.organisation == org and finding.severity_rank == 4

    supplier_only = _finding(api, register, site_id=None, supplier_id=register.atlas.pk, severity="low")
    assert supplier_only["site_id"] is None and supplier_only["country"] == "TN"

    listing = api.get("/findings").json()
    assert listing["count"] == 2
    assert [f["id"] for f in listing["items"]] == [pk, supplier_only["id"]]  # most severe first
    assert api.get("/findings", severity="low").json()["count"] == 1
    assert api.get("/findings", status="open", issue="forced_labour").json()["count"] == 2
    assert api.get("/findings", site=register.factory.pk).json()["count"] == 1
    assert api.get("/findings", supplier=register.atlas.pk).json()["count"] == 1
    assert api.get("/findings", country="vn").json()["count"] == 1
    assert api.get("/findings", source="audit").json()["count"] == 0
    assert api.get("/findings", limit=1, offset=1).json()["items"][0]["id"] == supplier_only["id"]

    detail = api.get(f"/findings/{pk}").json()
    assert detail["title"] == "Passports retained by the employer"
    assert detail["actions"] == []
    assert set(detail["targets"]) == {"action_planned", "in_progress", "disputed"}

    patched = api.patch(
        f"/findings/{pk}",
        {"severity": "high", "internal_note": "Raise at the QBR.", "title": "  Passports held "},
    )
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert body["severity"] == "high" and body["internal_note"] == "Raise at the QBR."
    assert body["title"] == "Passports held"
    assert Finding.objects.get(pk=pk).severity_rank == 3
    assert (
        api.patch(f"/findings/{pk}", {"scale": None, "scope": None, "irremediability": None}).status_code
        == 200
    )
    assert Finding.objects.get(pk=pk).scale is None

    timeline = api.get(f"/findings/{pk}/timeline").json()
    assert [e["event_type"] for e in timeline] == [
        EventType.FINDING_RAISED,
        EventType.FINDING_UPDATED,
        EventType.FINDING_UPDATED,
    ]
    assert timeline[0]["event"] == "finding raised" and timeline[0]["actor"] == "analyst@acme.example"
    assert timeline[1]["changes"]["severity"] == ["critical", "high"]


def test_raise_again_with_the_same_source_ref_updates(api: Api, register: Register) -> None:
    first = _raise(api, register, source="audit", source_ref="SMETA-2026-77#3", found_on="2026-03-14")
    assert first.status_code == 201 and first.json()["outcome"] == "create"
    again = _raise(api, register, source="audit", source_ref="SMETA-2026-77#3", found_on="2026-03-14")
    assert again.status_code == 200, again.content
    assert again.json()["outcome"] == "unchanged" and again.json()["id"] == first.json()["id"]
    assert Finding.objects.count() == 1
    changed = _raise(
        api, register, source="audit", source_ref="SMETA-2026-77#3", found_on="2026-03-14", severity="high"
    )
    assert changed.status_code == 200 and changed.json()["outcome"] == "update"
    assert changed.json()["severity"] == "high" and Finding.objects.count() == 1
    # Another source with the same reference is another finding.
    assert _raise(api, register, source="survey", source_ref="SMETA-2026-77#3").status_code == 201
    # Without a reference, every raise is new.
    assert _raise(api, register).status_code == 201
    assert _raise(api, register).status_code == 201
    assert Finding.objects.count() == 4


def test_raise_refused_with_a_message(api: Api, register: Register) -> None:
    no_subject = _raise(api, register, site_id=None)
    assert no_subject.status_code == 400
    assert "needs a site or a supplier" in no_subject.json()["detail"]
    foreign = _raise(api, register, site_id=register.rival_site.pk)
    assert foreign.status_code == 400 and "not in this organisation" in foreign.json()["detail"]
    mismatch = _raise(api, register, supplier_id=register.atlas.pk)
    assert mismatch.status_code == 400 and "does not belong" in mismatch.json()["detail"]
    future = _raise(api, register, found_on=(date.today() + timedelta(days=30)).isoformat())
    assert future.status_code == 400 and "in the future" in future.json()["detail"]
    blank = _raise(api, register, title="   ")
    assert blank.status_code == 400 and "needs a title" in blank.json()["detail"]
    partial = _raise(api, register, scale=3)
    assert partial.status_code == 422 and "all three" in partial.content.decode()
    assert Finding.objects.count() == 0


@pytest.mark.parametrize(
    "extra",
    [
        {"severity": "extreme"},
        {"involvement": "bystander"},
        {"source": "rumour"},
        {"issue": "not_an_issue"},
        {"scale": 5, "scope": 1, "irremediability": 1},
        {"title": None},
        {"site_id": "abc"},
        {"title": "bad\x00title"},
    ],
)
def test_bad_input_on_raise_is_422(api: Api, register: Register, extra: dict[str, Any]) -> None:
    response = _raise(api, register, **extra)
    assert response.status_code == 422, response.content
    assert Finding.objects.count() == 0


def test_odd_input_is_never_a_500(api: Api, analyst: Membership, register: Register) -> None:
    assert _raise(api, register, source_label="x" * 256).status_code == 422
    assert _raise(api, register, source_ref="x" * 201).status_code == 400
    assert _raise(api, register, title="x" * 256).status_code == 400
    assert _raise(api, register, site_id=2**63 - 1).status_code == 400  # no such site
    assert _raise(api, register, site_id=2**70).status_code == 422
    assert _raise(api, register, site_id=None, supplier_id=2**70).status_code == 422
    pk = _finding(api, register)["id"]
    assert api.get("/findings", country="V\x00N").json()["count"] == 1  # NUL dropped
    assert api.get("/findings", issue="forced\x00labour").status_code == 422
    assert api.get("/findings", site=2**63 - 1, supplier=2**63 - 1).json()["count"] == 0
    assert api.get("/findings", site=2**70).status_code == 422
    assert api.get("/findings", supplier=-1).status_code == 422
    assert api.patch(f"/findings/{pk}", {"internal_note": "a\x00b"}).status_code == 422
    action = api.post(f"/findings/{pk}/actions", {"description": "Return passports"}).json()["id"]
    assert api.patch(f"/actions/{action}", {"owner_id": 2**70}).status_code == 422
    assert api.patch(f"/actions/{action}", {"owner_id": 2**63 - 1}).status_code == 422
    assert api.post(f"/findings/{pk}/actions", {"description": "x", "owner_id": 2**70}).status_code == 422
    remedy = {"remedy_type": "back_pay", "beneficiaries": 1, "amount": "1e20", "delivered_on": "2026-01-01"}
    assert api.post(f"/actions/{action}/remedies", remedy).status_code == 422
    assert api.post(f"/actions/{action}/complete", {"note": "x" * 4001}).status_code == 422


def test_bad_enums_and_nulls_elsewhere_are_422(api: Api, register: Register) -> None:
    pk = _finding(api, register)["id"]
    assert api.get("/findings", severity="extreme").status_code == 422
    assert api.get("/findings", status="closed-ish").status_code == 422
    assert api.get("/findings", issue="nope").status_code == 422
    assert api.patch(f"/findings/{pk}", {"severity": "extreme"}).status_code == 422
    assert api.patch(f"/findings/{pk}", {"title": None}).status_code == 422
    assert api.patch(f"/findings/{pk}", {"title": "  "}).status_code == 422
    assert api.patch(f"/findings/{pk}", {"scale": 2}).status_code == 422  # one dimension alone
    assert api.patch(f"/findings/{pk}", {"issue": "nope"}).status_code == 422
    future = (date.today() + timedelta(days=3)).isoformat()
    assert api.patch(f"/findings/{pk}", {"found_on": future}).status_code == 422
    assert api.post(f"/findings/{pk}/transition", {"target": "closed"}).status_code == 422
    assert (
        api.post(f"/findings/{pk}/actions", {"description": "x", "owner_party": "auditor"}).status_code == 422
    )
    assert api.post(f"/findings/{pk}/actions", {"description": "  "}).status_code == 422
    action = api.post(f"/findings/{pk}/actions", {"description": "Return passports"}).json()
    assert api.post(f"/actions/{action['id']}/verify", {"method": "vibes"}).status_code == 422
    assert api.patch(f"/actions/{action['id']}", {"description": None}).status_code == 422
    remedy = {"remedy_type": "hug", "beneficiaries": 1, "delivered_on": "2026-01-01"}
    assert api.post(f"/actions/{action['id']}/remedies", remedy).status_code == 422
    remedy = {"remedy_type": "back_pay", "beneficiaries": 0, "delivered_on": "2026-01-01"}
    assert api.post(f"/actions/{action['id']}/remedies", remedy).status_code == 422
    assert Finding.objects.get(pk=pk).severity == "critical"


def test_transitions(api: Api, register: Register) -> None:
    pk = _finding(api, register)["id"]
    refused = api.post(f"/findings/{pk}/transition", {"target": "verified"})
    assert refused.status_code == 409
    assert "cannot go from Open to Verified" in refused.json()["detail"]
    needs_note = api.post(f"/findings/{pk}/transition", {"target": "disputed"})
    assert needs_note.status_code == 409 and "needs a note" in needs_note.json()["detail"]
    moved = api.post(f"/findings/{pk}/transition", {"target": "in_progress"})
    assert moved.status_code == 200 and moved.json()["status"] == "in_progress"
    resolved = api.post(f"/findings/{pk}/transition", {"target": "resolved"}).json()
    assert resolved["status"] == "resolved" and resolved["closed_at"] and resolved["days_to_close"] == 0
    assert api.get("/findings", status="open").json()["count"] == 0
    changes = [e["changes"] for e in api.get(f"/findings/{pk}/timeline").json()][1:]
    assert changes[0] == {"status": ["open", "in_progress"], "by": "buyer"}


def test_actions_and_remedies(api: Api, analyst: Membership, org: Organisation, register: Register) -> None:
    pk = _finding(api, register)["id"]
    created = api.post(
        f"/findings/{pk}/actions",
        {"description": "Return all passports", "root_cause": "No policy", "due_on": "2026-04-01"},
    )
    assert created.status_code == 201, created.content
    action = created.json()
    assert action["owner_party"] == "supplier" and action["due_on"] == "2026-04-01"
    assert api.get(f"/findings/{pk}").json()["status"] == "action_planned"
    assert [a["id"] for a in api.get(f"/findings/{pk}/actions").json()] == [action["id"]]

    a = action["id"]
    patched = api.patch(
        f"/actions/{a}", {"due_on": None, "owner_id": analyst.user.pk, "owner_party": "buyer"}
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["due_on"] is None and patched.json()["owner_id"] == analyst.user.pk
    assert patched.json()["owner_party"] == "buyer"
    stranger = api.patch(f"/actions/{a}", {"owner_id": 999_999})
    assert stranger.status_code == 422 and "owner_id" in stranger.json()["detail"]

    early = api.post(f"/actions/{a}/verify", {"method": "desk_review"})
    assert early.status_code == 400 and "not completed yet" in early.json()["detail"]
    assert api.post(f"/actions/{a}/complete", {"note": "  "}).status_code == 400
    done = api.post(f"/actions/{a}/complete", {"note": "All 14 passports returned."})
    assert done.status_code == 200 and done.json()["completed_at"]
    assert api.get(f"/findings/{pk}").json()["status"] == "in_progress"
    verified = api.post(f"/actions/{a}/verify", {"method": "follow_up_audit"})
    assert verified.status_code == 200 and verified.json()["verification_method"] == "follow_up_audit"

    remedy = api.post(
        f"/actions/{a}/remedies",
        {
            "remedy_type": "back_pay",
            "beneficiaries": 14,
            "amount": "1200.50",
            "currency": "usd",
            "delivered_on": "2026-04-02",
        },
    )
    assert remedy.status_code == 201, remedy.content
    assert remedy.json()["currency"] == "USD" and Remedy.objects.count() == 1
    detail = api.get(f"/findings/{pk}").json()
    assert detail["actions"][0]["remedies"][0]["remedy_type"] == "back_pay"
    assert detail["actions"][0]["remedies"][0]["beneficiaries"] == 14

    types = set(
        AuditEvent.objects.filter(organisation=org, target_type="finding", target_id=str(pk)).values_list(
            "event_type", flat=True
        )
    )
    assert {EventType.ACTION_CREATED, EventType.ACTION_UPDATED, EventType.ACTION_COMPLETED} <= types
    assert {EventType.ACTION_VERIFIED, EventType.REMEDY_RECORDED} <= types


def test_metrics(api: Api, register: Register) -> None:
    _finding(api, register)
    _finding(api, register, issue="wages", severity="low")
    response = api.get("/findings/metrics")
    assert response.status_code == 200, response.content
    numbers = response.json()
    assert numbers["open_total"] == 2 and numbers["critical_total"] == 1
    assert numbers["open_by_issue"]["forced_labour"] == {"critical": 1}
    assert numbers["critical_remedy_share"] == 0.0
    assert set(numbers["median_days_to_close"]) == {"low", "medium", "high", "critical"}
    assert numbers["issue_names"]["forced_labour"]


# --- tenants and roles -----------------------------------------------------------------------


def test_other_organisations_findings_and_actions_are_404(
    api: Api, other_org: Organisation, register: Register
) -> None:
    finding = _rival_finding(other_org, register)
    action = action_create(finding=finding, actor=None, description="Rival's action")
    f, a = finding.pk, action.pk
    remedy = {"remedy_type": "back_pay", "beneficiaries": 1, "delivered_on": "2026-01-01"}
    calls = [
        api.get(f"/findings/{f}"),
        api.patch(f"/findings/{f}", {"title": "Mine now"}),
        api.post(f"/findings/{f}/transition", {"target": "in_progress"}),
        api.get(f"/findings/{f}/timeline"),
        api.get(f"/findings/{f}/actions"),
        api.post(f"/findings/{f}/actions", {"description": "Mine"}),
        api.patch(f"/actions/{a}", {"description": "Mine"}),
        api.post(f"/actions/{a}/complete", {"note": "done"}),
        api.post(f"/actions/{a}/verify", {"method": "desk_review"}),
        api.post(f"/actions/{a}/remedies", remedy),
        api.get("/findings/99999999"),
        api.get(f"/findings/{2**70}"),
        api.patch(f"/actions/{2**70}", {"description": "x"}),
    ]
    assert [c.status_code for c in calls] == [404] * len(calls)
    assert all(c.json() == {"detail": "Not found."} for c in calls)
    assert "Rival" not in api.get("/findings").content.decode()
    finding.refresh_from_db()
    action.refresh_from_db()
    assert finding.title == "Rival's own finding" and finding.status == "action_planned"
    assert action.description == "Rival's action" and action.completed_at is None
    assert not Remedy.objects.exists() and CorrectiveAction.objects.count() == 1


def test_viewer_reads_but_cannot_write(
    api: Api, viewer: Membership, make_api: Callable[[Membership], Api], register: Register
) -> None:
    pk = _finding(api, register)["id"]
    a = api.post(f"/findings/{pk}/actions", {"description": "Return passports"}).json()["id"]
    reader = make_api(viewer)
    for path in ("/findings", f"/findings/{pk}", f"/findings/{pk}/timeline", f"/findings/{pk}/actions"):
        assert reader.get(path).status_code == 200, path
    assert reader.get("/findings/metrics").status_code == 200
    remedy = {"remedy_type": "back_pay", "beneficiaries": 1, "delivered_on": "2026-01-01"}
    calls = [
        _raise(reader, register),
        reader.patch(f"/findings/{pk}", {"title": "Changed"}),
        reader.post(f"/findings/{pk}/transition", {"target": "in_progress"}),
        reader.post(f"/findings/{pk}/actions", {"description": "More"}),
        reader.patch(f"/actions/{a}", {"description": "Changed"}),
        reader.post(f"/actions/{a}/complete", {"note": "done"}),
        reader.post(f"/actions/{a}/verify", {"method": "desk_review"}),
        reader.post(f"/actions/{a}/remedies", remedy),
    ]
    assert [c.status_code for c in calls] == [403] * len(calls)
    assert "edit" in calls[0].json()["detail"]
    assert Finding.objects.count() == 1 and CorrectiveAction.objects.get().completed_at is None


# --- the supplier's side ---------------------------------------------------------------------


def test_supplier_sees_and_completes_only_its_actions(
    api: Api,
    make_api: Callable[[Membership], Api],
    supplier_member: Membership,
    register: Register,
) -> None:
    stitch = _finding(api, register)["id"]
    api.patch(f"/findings/{stitch}", {"internal_note": "SECRET: consider exit"})
    atlas = _finding(api, register, site_id=register.tunis.pk, title="Atlas problem")["id"]
    theirs = api.post(f"/findings/{stitch}/actions", {"description": "Return passports"}).json()["id"]
    buyers = api.post(
        f"/findings/{stitch}/actions", {"description": "Visit the site", "owner_party": "buyer"}
    ).json()["id"]
    other_supplier = api.post(f"/findings/{atlas}/actions", {"description": "Atlas fix"}).json()["id"]

    supplier = make_api(supplier_member)
    listing = supplier.get("/supplier/actions")
    assert listing.status_code == 200, listing.content
    body = listing.json()
    assert [a["id"] for a in body["items"]] == [theirs] and body["count"] == 1
    item = body["items"][0]
    assert item["buyer"] == "Acme" and item["finding"]["id"] == stitch
    assert item["finding"]["site_name"] == "Saigon Stitch Factory 1"
    assert "internal_note" not in json.dumps(body) and "SECRET" not in listing.content.decode()

    done = supplier.post(f"/actions/{theirs}/complete", {"note": "Passports returned."})
    assert done.status_code == 200, done.content
    assert CorrectiveAction.objects.get(pk=theirs).completion_note == "Passports returned."
    assert "SECRET" not in done.content.decode()

    remedy = {"remedy_type": "back_pay", "beneficiaries": 1, "delivered_on": "2026-01-01"}
    refused = [
        supplier.get("/findings"),
        supplier.get("/findings/metrics"),
        supplier.get(f"/findings/{stitch}"),
        supplier.get(f"/findings/{stitch}/timeline"),
        supplier.get(f"/findings/{stitch}/actions"),
        supplier.patch(f"/findings/{stitch}", {"title": "Nothing to see"}),
        supplier.post(f"/findings/{stitch}/transition", {"target": "resolved"}),
        supplier.post(f"/findings/{stitch}/actions", {"description": "x"}),
        _raise(supplier, register),
        supplier.patch(f"/actions/{theirs}", {"description": "Changed"}),
        supplier.post(f"/actions/{theirs}/verify", {"method": "desk_review"}),
        supplier.post(f"/actions/{theirs}/remedies", remedy),
        supplier.post(f"/actions/{buyers}/complete", {"note": "done"}),
        supplier.post(f"/actions/{other_supplier}/complete", {"note": "done"}),
    ]
    assert [r.status_code for r in refused] == [404] * len(refused)
    assert all("SECRET" not in r.content.decode() for r in refused)
    assert CorrectiveAction.objects.get(pk=buyers).completed_at is None
    assert CorrectiveAction.objects.get(pk=other_supplier).completed_at is None
    # The supplier list is the supplier's: a buyer's token has none.
    assert api.get("/supplier/actions").status_code == 404


def test_supplier_viewer_and_strangers(
    api: Api,
    make_api: Callable[[Membership], Api],
    make_member: Callable[..., Membership],
    make_org: Callable[..., Organisation],
    supplier_member: Membership,
    register: Register,
) -> None:
    pk = _finding(api, register)["id"]
    theirs = api.post(f"/findings/{pk}/actions", {"description": "Return passports"}).json()["id"]
    viewer = make_api(make_member(supplier_member.organisation, "viewer"))
    assert viewer.get("/supplier/actions").json()["count"] == 1
    assert viewer.post(f"/actions/{theirs}/complete", {"note": "done"}).status_code == 403
    stranger = make_api(make_member(make_org("other-supplier", kind="supplier"), "admin"))
    assert stranger.get("/supplier/actions").json() == {"items": [], "count": 0}
    assert stranger.post(f"/actions/{theirs}/complete", {"note": "done"}).status_code == 404
    assert CorrectiveAction.objects.get(pk=theirs).completed_at is None


# --- documentation ---------------------------------------------------------------------------


def test_openapi_schema_lists_the_findings_routes(db: None) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/findings",
        "/api/findings/metrics",
        "/api/findings/{pk}",
        "/api/findings/{pk}/transition",
        "/api/findings/{pk}/timeline",
        "/api/findings/{pk}/actions",
        "/api/actions/{pk}",
        "/api/actions/{pk}/complete",
        "/api/actions/{pk}/verify",
        "/api/actions/{pk}/remedies",
        "/api/supplier/actions",
    ):
        assert path in paths, path
    assert {"get", "post"} <= set(paths["/api/findings"])
    assert {"get", "patch"} <= set(paths["/api/findings/{pk}"])
    schemas = response.json()["components"]["schemas"]
    assert "internal_note" in schemas["FindingOut"]["properties"]
    for name in ("SupplierActionOut", "SupplierFindingOut"):
        assert "internal_note" not in json.dumps(schemas[name])
