"""The REST API at /api/: token auth, CRUD on suppliers/sites/relationships, validation,
pagination, filters, audit trail, roles and the self-hosted OpenAPI docs."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import api_token_create, api_token_revoke
from ruggie.audit.models import AuditEvent, EventType
from ruggie.register.models import Relationship, Site, Supplier


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

    def put(self, path: str, data: Any) -> Any:
        return self.client.put(
            f"/api{path}", json.dumps(data), content_type="application/json", headers=self.headers
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api{path}", headers=self.headers)


@pytest.fixture
def make_api() -> Callable[[Membership], Api]:
    def make(membership: Membership) -> Api:
        _token, raw = api_token_create(membership=membership, name="test")
        return Api(raw)

    return make


@pytest.fixture
def api(analyst: Membership, make_api: Callable[[Membership], Api]) -> Api:
    return make_api(analyst)


def _events(org: Organisation, event_type: EventType) -> int:
    return AuditEvent.objects.filter(organisation=org, event_type=event_type).count()


def _create(api: Api, name: str = "Saigon Textiles", country: str = "VN", **extra: Any) -> dict[str, Any]:
    response = api.post("/suppliers", {"name": name, "country": country, **extra})
    assert response.status_code == 201, response.content
    return response.json()


# --- authentication ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/suppliers", "/sites", "/relationships"])
def test_no_token_is_401(db: None, path: str) -> None:
    assert Api(None).get(path).status_code == 401


def test_bad_token_is_401(analyst: Membership) -> None:
    api_token_create(membership=analyst, name="real")
    assert Api("rgg_not-a-real-token").get("/suppliers").status_code == 401
    # Not a bearer header at all.
    response = Client().get("/api/suppliers", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert response.status_code == 401


def test_revoked_token_is_401(analyst: Membership) -> None:
    token, raw = api_token_create(membership=analyst, name="soon revoked")
    assert Api(raw).get("/suppliers").status_code == 200
    api_token_revoke(token=token, actor=analyst.user)
    assert Api(raw).get("/suppliers").status_code == 401


def test_token_of_deactivated_user_is_401(analyst: Membership, make_api: Callable[[Membership], Api]) -> None:
    client = make_api(analyst)
    analyst.user.is_active = False
    analyst.user.save()
    assert client.get("/suppliers").status_code == 401


def test_session_cookie_alone_does_not_authenticate_api(analyst_client: Client) -> None:
    # The API takes tokens only; a browser session must not be enough (no CSRF there).
    assert analyst_client.get("/api/suppliers").status_code == 401


# --- suppliers --------------------------------------------------------------------------------


def test_supplier_crud(api: Api, org: Organisation) -> None:
    created = _create(
        api,
        "Saigon Textiles",
        "Viet Nam",
        registration_id="0301234567",
        other_names=["Saigon Tex"],
        tags=["cotton"],
    )
    assert created["country"] == "VN"
    assert created["other_names"] == ["Saigon Tex"]
    pk = created["id"]
    supplier = Supplier.objects.get(pk=pk)
    assert supplier.organisation == org
    assert list(supplier.tags.values_list("name", flat=True)) == ["cotton"]

    got = api.get(f"/suppliers/{pk}")
    assert got.status_code == 200
    assert got.json()["name"] == "Saigon Textiles"

    updated = api.put(f"/suppliers/{pk}", {"name": "Saigon Textiles JSC", "country": "KH"})
    assert updated.status_code == 200, updated.content
    assert updated.json()["country"] == "KH"
    supplier.refresh_from_db()
    assert supplier.name == "Saigon Textiles JSC"

    listed = api.get("/suppliers").json()
    assert [s["id"] for s in listed["items"]] == [pk]

    assert api.delete(f"/suppliers/{pk}").status_code == 204
    assert not Supplier.objects.filter(pk=pk).exists()
    assert api.get(f"/suppliers/{pk}").status_code == 404


@pytest.mark.parametrize(
    ("given", "code"), [("Viet Nam", "VN"), ("vn", "VN"), ("Vietnam", "VN"), ("Türkiye", "TR"), ("DEU", "DE")]
)
def test_country_names_are_resolved(api: Api, given: str, code: str) -> None:
    assert _create(api, "Any Co", given)["country"] == code


def test_unknown_country_is_422_with_message(api: Api) -> None:
    response = api.post("/suppliers", {"name": "Nowhere Ltd", "country": "Atlantis"})
    assert response.status_code == 422
    assert "country" in response.json()["detail"]
    assert "Atlantis" in response.json()["detail"]
    assert not Supplier.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"country": "VN"},  # no name
        {"name": "x" * 256, "country": "VN"},  # too long
        {"name": "Bad Web", "country": "VN", "website": "not a url"},  # model validation
        {"name": "Odd", "country": "VN", "other_names": "should be a list"},
        {"name": ["list"], "country": "VN"},
    ],
)
def test_invalid_supplier_is_422_not_500(api: Api, payload: dict[str, Any]) -> None:
    response = api.post("/suppliers", payload)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    assert not Supplier.objects.exists()


def test_model_validation_message_names_the_field(api: Api) -> None:
    response = api.post("/suppliers", {"name": "Bad Web", "country": "VN", "website": "not a url"})
    assert response.status_code == 422
    assert "website" in response.json()["detail"]


def test_malformed_json_is_not_500(api: Api) -> None:
    response = api.client.post(
        "/api/suppliers", "{not json", content_type="application/json", headers=api.headers
    )
    assert 400 <= response.status_code < 500


def test_unknown_id_is_404(api: Api) -> None:
    assert api.get("/suppliers/999999").status_code == 404
    assert api.put("/suppliers/999999", {"name": "X", "country": "VN"}).status_code == 404
    assert api.delete("/suppliers/999999").status_code == 404


# --- pagination and filters -------------------------------------------------------------------


def test_pagination_limit_offset(api: Api) -> None:
    names = [f"Supplier {i:02d}" for i in range(7)]
    for name in names:
        _create(api, name)
    first = api.get("/suppliers", limit=3, offset=0).json()
    assert first["count"] == 7
    assert len(first["items"]) == 3
    second = api.get("/suppliers", limit=3, offset=3).json()
    last = api.get("/suppliers", limit=3, offset=6).json()
    seen = [s["name"] for page in (first, second, last) for s in page["items"]]
    assert seen == names  # stable order, no gaps, no repeats
    assert api.get("/suppliers", limit=3, offset=100).json()["items"] == []


def test_pagination_rejects_nonsense(api: Api) -> None:
    assert api.get("/suppliers", limit=-1).status_code == 422
    assert api.get("/suppliers", limit="lots").status_code == 422


def test_filter_by_country(api: Api) -> None:
    vn = _create(api, "Hanoi Garments", "VN")
    _create(api, "Dhaka Knit", "BD")
    bd_with_vn_site = _create(api, "Chittagong Denim", "BD")
    assert (
        api.post(
            f"/suppliers/{bd_with_vn_site['id']}/sites", {"name": "Hai Phong plant", "country": "VN"}
        ).status_code
        == 201
    )
    items = api.get("/suppliers", country="vn").json()["items"]
    assert {s["id"] for s in items} == {vn["id"], bd_with_vn_site["id"]}


def test_filter_by_q_and_tier(api: Api) -> None:
    a = _create(api, "Alpha Spinning Mills", registration_id="REG-1")
    b = _create(api, "Beta Dyeing")
    c = _create(api, "Gamma Cotton Farm")
    assert api.post("/relationships", {"supplier_id": a["id"], "tier": 1}).status_code == 201
    assert (
        api.post(
            "/relationships", {"supplier_id": c["id"], "buyer_supplier_id": a["id"], "tier": 2}
        ).status_code
        == 201
    )
    assert [s["id"] for s in api.get("/suppliers", q="spinning").json()["items"]] == [a["id"]]
    assert [s["id"] for s in api.get("/suppliers", q="REG-1").json()["items"]] == [a["id"]]
    assert [s["id"] for s in api.get("/suppliers", tier=2).json()["items"]] == [c["id"]]
    assert {s["id"] for s in api.get("/suppliers").json()["items"]} == {a["id"], b["id"], c["id"]}
    rels = api.get("/relationships", tier=2).json()["items"]
    assert [(r["supplier_id"], r["buyer_supplier_id"]) for r in rels] == [(c["id"], a["id"])]


# --- sites and relationships ------------------------------------------------------------------


def test_site_crud(api: Api, org: Organisation) -> None:
    supplier = _create(api)
    response = api.post(
        f"/suppliers/{supplier['id']}/sites",
        {
            "name": "Binh Duong factory",
            "country": "Viet Nam",
            "headcount": 1200,
            "women_share": "0.62",
            "latitude": 11.0,
            "longitude": 106.6,
        },
    )
    assert response.status_code == 201, response.content
    site = response.json()
    assert site["country"] == "VN"
    assert site["supplier_id"] == supplier["id"]
    assert Site.objects.get(pk=site["id"]).organisation == org

    assert [s["id"] for s in api.get(f"/suppliers/{supplier['id']}/sites").json()] == [site["id"]]
    assert api.get("/sites", country="VN").json()["count"] == 1
    assert api.get("/sites", country="KH").json()["count"] == 0
    assert api.get(f"/sites/{site['id']}").json()["headcount"] == 1200

    updated = api.put(
        f"/sites/{site['id']}", {"name": "Binh Duong factory 2", "country": "VN", "headcount": 1300}
    )
    assert updated.status_code == 200, updated.content
    assert Site.objects.get(pk=site["id"]).headcount == 1300

    assert api.delete(f"/sites/{site['id']}").status_code == 204
    assert not Site.objects.filter(pk=site["id"]).exists()
    assert api.get(f"/sites/{site['id']}").status_code == 404


@pytest.mark.parametrize(
    "bad",
    [
        {"women_share": 1.5},
        {"women_share": -0.1},
        {"latitude": 91},
        {"longitude": -181},
        {"headcount": -5},
        {"country": "Narnia"},
    ],
)
def test_invalid_site_is_422(api: Api, bad: dict[str, Any]) -> None:
    supplier = _create(api)
    response = api.post(f"/suppliers/{supplier['id']}/sites", {"name": "Plant", "country": "VN", **bad})
    assert response.status_code == 422, response.content
    assert not Site.objects.exists()


def test_relationship_create_list_delete(api: Api) -> None:
    a, b = _create(api, "Tier One Co"), _create(api, "Tier Two Co")
    response = api.post(
        "/relationships",
        {
            "supplier_id": b["id"],
            "buyer_supplier_id": a["id"],
            "tier": 2,
            "spend": "1500.50",
            "currency": "usd",
            "start_date": "2024-01-01",
        },
    )
    assert response.status_code == 201, response.content
    rel = response.json()
    assert rel["currency"] == "USD"
    assert api.get("/relationships").json()["count"] == 1
    assert api.delete(f"/relationships/{rel['id']}").status_code == 204
    assert not Relationship.objects.exists()
    assert api.delete(f"/relationships/{rel['id']}").status_code == 404


@pytest.mark.parametrize(
    "bad",
    [
        {"tier": 0},
        {"tier": 11},
        {"start_date": "2024-05-01", "end_date": "2024-01-01"},
        {"start_date": "not a date"},
    ],
)
def test_invalid_relationship_is_422(api: Api, bad: dict[str, Any]) -> None:
    supplier = _create(api)
    response = api.post("/relationships", {"supplier_id": supplier["id"], **bad})
    assert response.status_code == 422, response.content
    assert not Relationship.objects.exists()


def test_relationship_with_unknown_supplier_is_404(api: Api) -> None:
    assert api.post("/relationships", {"supplier_id": 987654}).status_code == 404
    assert not Relationship.objects.exists()


# --- audit ------------------------------------------------------------------------------------


def test_every_write_is_audited_with_the_actor(api: Api, analyst: Membership, org: Organisation) -> None:
    supplier = _create(api)
    assert _events(org, EventType.SUPPLIER_CREATED) == 1
    api.put(f"/suppliers/{supplier['id']}", {"name": "Renamed", "country": "VN"})
    assert _events(org, EventType.SUPPLIER_UPDATED) == 1
    site = api.post(f"/suppliers/{supplier['id']}/sites", {"name": "Plant", "country": "VN"}).json()
    assert _events(org, EventType.SITE_CREATED) == 1
    api.put(f"/sites/{site['id']}", {"name": "Plant 2", "country": "VN"})
    assert _events(org, EventType.SITE_UPDATED) == 1
    rel = api.post("/relationships", {"supplier_id": supplier["id"]}).json()
    assert _events(org, EventType.RELATIONSHIP_CREATED) == 1
    api.delete(f"/relationships/{rel['id']}")
    assert _events(org, EventType.RELATIONSHIP_DELETED) == 1
    api.delete(f"/sites/{site['id']}")
    assert _events(org, EventType.SITE_DELETED) == 1
    api.delete(f"/suppliers/{supplier['id']}")
    assert _events(org, EventType.SUPPLIER_DELETED) == 1

    register_events = AuditEvent.objects.filter(organisation=org, event_type__gte=200)
    assert register_events.count() == 8
    assert set(register_events.values_list("actor", flat=True)) == {analyst.user.pk}
    renamed = AuditEvent.objects.get(organisation=org, event_type=EventType.SUPPLIER_UPDATED)
    assert renamed.changes["name"] == ["Saigon Textiles", "Renamed"]


def test_failed_write_leaves_no_audit_event(api: Api, org: Organisation) -> None:
    before = AuditEvent.objects.count()
    api.post("/suppliers", {"name": "Bad Web", "country": "VN", "website": "nope"})
    api.post("/suppliers", {"name": "Nowhere", "country": "Atlantis"})
    assert AuditEvent.objects.count() == before


# --- roles ------------------------------------------------------------------------------------


def test_viewer_token_reads_but_cannot_write(
    viewer: Membership,
    api: Api,
    make_api: Callable[[Membership], Api],
    org: Organisation,
) -> None:
    supplier = _create(api)
    site = api.post(f"/suppliers/{supplier['id']}/sites", {"name": "Plant", "country": "VN"}).json()
    rel = api.post("/relationships", {"supplier_id": supplier["id"]}).json()
    ro = make_api(viewer)
    events = AuditEvent.objects.count()
    assert ro.get("/suppliers").json()["count"] == 1
    assert ro.get(f"/suppliers/{supplier['id']}").status_code == 200
    assert ro.post("/suppliers", {"name": "New", "country": "VN"}).status_code == 403
    assert ro.put(f"/suppliers/{supplier['id']}", {"name": "Hacked", "country": "VN"}).status_code == 403
    assert ro.delete(f"/suppliers/{supplier['id']}").status_code == 403
    assert ro.post(f"/suppliers/{supplier['id']}/sites", {"name": "X", "country": "VN"}).status_code == 403
    assert ro.put(f"/sites/{site['id']}", {"name": "X", "country": "VN"}).status_code == 403
    assert ro.delete(f"/sites/{site['id']}").status_code == 403
    assert ro.post("/relationships", {"supplier_id": supplier["id"]}).status_code == 403
    assert ro.delete(f"/relationships/{rel['id']}").status_code == 403
    assert Supplier.objects.get().name == "Saigon Textiles"
    assert Site.objects.count() == 1 and Relationship.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_token_acts_for_its_own_organisation(
    analyst: Membership,
    make_member: Callable[..., Membership],
    other_org: Organisation,
    make_api: Callable[[Membership], Api],
    org: Organisation,
) -> None:
    # Same person, two memberships: each token sees only its own register.
    rival_membership = make_member(other_org, "analyst", email=analyst.user.email)
    acme, rival = make_api(analyst), make_api(rival_membership)
    created = _create(acme, "Acme Only Supplier")
    assert Supplier.objects.get(pk=created["id"]).organisation == org
    assert rival.get("/suppliers").json()["count"] == 0
    assert rival.get(f"/suppliers/{created['id']}").status_code == 404


# --- OpenAPI ----------------------------------------------------------------------------------


def test_openapi_schema_is_served(db: None) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "ruggie API"
    assert "/api/suppliers" in schema["paths"]
    assert "/api/relationships" in schema["paths"]
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()


def test_docs_page_loads_without_cdn(db: None) -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "openapi.json" in body
    assert "cdn." not in body
    assert "unpkg" not in body
    assert "jsdelivr" not in body
    for src in _asset_urls(body):
        assert src.startswith("/"), f"docs page loads a remote asset: {src}"
        assert Client().get(src).status_code == 200, src


def _asset_urls(html: str) -> list[str]:
    import re

    return re.findall(r'(?:src|href)="([^"#]+\.(?:js|css))"', html)


def test_relationship_get_and_update(org, analyst) -> None:  # type: ignore[no-untyped-def]
    from ruggie.accounts.services import api_token_create
    from ruggie.register import services

    _t, raw = api_token_create(membership=analyst, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client = Client()
    a = services.supplier_create(organisation=org, actor=None, name="A Ltd", country="VN")
    b = services.supplier_create(organisation=org, actor=None, name="B Ltd", country="VN")
    rel = services.relationship_create(organisation=org, actor=None, supplier=b, tier=1)
    got = client.get(f"/api/relationships/{rel.pk}", **auth).json()
    assert got["tier"] == 1 and got["buyer_supplier_id"] is None
    body = {"supplier_id": b.pk, "buyer_supplier_id": a.pk, "tier": 2, "spend": "1200.50", "currency": "usd"}
    r = client.put(f"/api/relationships/{rel.pk}", body, content_type="application/json", **auth)
    assert r.status_code == 200 and r.json()["tier"] == 2 and r.json()["currency"] == "USD"
    bad = dict(body, start_date="2024-05-01", end_date="2023-01-01")
    r = client.put(f"/api/relationships/{rel.pk}", bad, content_type="application/json", **auth)
    assert r.status_code == 422
