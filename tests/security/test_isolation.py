"""Tenant isolation: a member of one organisation can never see or touch another's register,
whatever URL, id or form value they send. Another organisation's record answers 404, exactly
like a record that does not exist, and never leaks its data.

Also the role boundaries inside one organisation (viewer / analyst / admin).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from ruggie.accounts.models import ApiToken, Membership, Organisation
from ruggie.accounts.services import api_token_create
from ruggie.register import services
from ruggie.register.models import Commodity, ImportJob, ImportStatus, Relationship, Site, Supplier
from tests.conftest import signed_in

SECRET = "Zyxwvut Rival Secret Mills"  # B's supplier name: must never appear in A's responses
SECRET_SITE = "Qqqq Hidden Rival Plant"
SECRET_REG = "RIVAL-REG-777"


@dataclass
class Rival:
    org: Organisation
    member: Membership
    supplier: Supplier
    buyer: Supplier
    site: Site
    relationship: Relationship
    job: ImportJob


@dataclass
class Own:
    supplier: Supplier
    site: Site
    relationship: Relationship


@pytest.fixture
def rival(other_org: Organisation, make_member: Callable[..., Membership]) -> Rival:
    member = make_member(other_org, "admin")
    actor = member.user
    supplier = services.supplier_create(organisation=other_org, actor=actor, name=SECRET, country="BD",
                                        registration_id=SECRET_REG, external_id="RIVAL-EXT")
    buyer = services.supplier_create(organisation=other_org, actor=actor, name="Rival Buyer Co", country="BD")
    site = services.site_create(supplier=supplier, actor=actor, name=SECRET_SITE, country="BD")
    rel = services.relationship_create(organisation=other_org, actor=actor, supplier=supplier,
                                       buyer_supplier=buyer, tier=2)
    job = ImportJob.objects.create(
        organisation=other_org, uploaded_by=actor, filename="rival-suppliers.csv",
        content=f"Supplier name,Country\n{SECRET} Two,BD\n".encode(), total=1,
    )
    return Rival(other_org, member, supplier, buyer, site, rel, job)


@pytest.fixture
def own(analyst: Membership, org: Organisation) -> Own:
    supplier = services.supplier_create(organisation=org, actor=analyst.user, name="Acme Own Supplier",
                                        country="VN")
    site = services.site_create(supplier=supplier, actor=analyst.user, name="Acme Own Plant", country="VN")
    rel = services.relationship_create(organisation=org, actor=analyst.user, supplier=supplier, tier=1)
    return Own(supplier, site, rel)


def _no_leak(response: Any) -> None:
    body = response.content.decode(errors="replace")
    assert SECRET not in body
    assert SECRET_SITE not in body
    assert SECRET_REG not in body


def _not_found(response: Any) -> None:
    assert response.status_code == 404, f"expected 404, got {response.status_code}"
    _no_leak(response)


# --- pages ------------------------------------------------------------------------------------


def test_rival_pages_are_404(admin_client: Client, rival: Rival, own: Own) -> None:
    s, site, rel, job = rival.supplier.pk, rival.site.pk, rival.relationship.pk, rival.job.pk
    for url in [
        f"/register/suppliers/{s}/",
        f"/register/suppliers/{s}/edit/",
        f"/register/suppliers/{s}/delete/",
        f"/register/suppliers/{s}/sites/new/",
        f"/register/suppliers/{s}/sites/{site}/edit/",
        f"/register/suppliers/{s}/sites/{site}/delete/",
        # Own supplier in the URL, rival site id: still 404.
        f"/register/suppliers/{own.supplier.pk}/sites/{site}/edit/",
        f"/register/suppliers/{own.supplier.pk}/sites/{site}/delete/",
        f"/register/relationships/{rel}/edit/",
        f"/register/import/{job}/",
        f"/register/import/{job}/map/",
        f"/register/import/{job}/preview/",
    ]:
        _not_found(admin_client.get(url))


def test_rival_writes_through_pages_are_404_and_change_nothing(admin_client: Client, rival: Rival,
                                                              own: Own) -> None:
    s, site, rel, job = rival.supplier.pk, rival.site.pk, rival.relationship.pk, rival.job.pk
    _not_found(admin_client.post(f"/register/suppliers/{s}/edit/", {"name": "Pwned", "country": "VN"}))
    _not_found(admin_client.post(f"/register/suppliers/{s}/delete/"))
    _not_found(admin_client.post(f"/register/suppliers/{s}/sites/new/",
                                 {"name": "Injected", "country": "VN"}))
    _not_found(admin_client.post(f"/register/suppliers/{s}/sites/{site}/edit/",
                                 {"name": "Pwned", "country": "VN"}))
    _not_found(admin_client.post(f"/register/suppliers/{own.supplier.pk}/sites/{site}/edit/",
                                 {"name": "Pwned", "country": "VN"}))
    _not_found(admin_client.post(f"/register/suppliers/{own.supplier.pk}/sites/{site}/delete/"))
    _not_found(admin_client.post(f"/register/relationships/{rel}/edit/",
                                 {"supplier": own.supplier.pk, "tier": 1}))
    _not_found(admin_client.post(f"/register/import/{job}/preview/", {"mode": "valid_only"}))
    _not_found(admin_client.post(f"/register/import/{job}/map/",
                                 {"col_0": "supplier_name", "col_1": "country"}))

    rival.supplier.refresh_from_db()
    rival.site.refresh_from_db()
    rival.relationship.refresh_from_db()
    rival.job.refresh_from_db()
    assert rival.supplier.name == SECRET
    assert rival.site.name == SECRET_SITE
    assert rival.site.supplier_id == rival.supplier.pk
    assert rival.relationship.supplier_id == rival.supplier.pk
    assert rival.job.status == ImportStatus.UPLOADED
    assert rival.job.mapping == {}
    assert Site.objects.filter(supplier=rival.supplier).count() == 1
    assert not Supplier.objects.filter(name__contains=f"{SECRET} Two").exists()


def test_own_records_do_load(admin_client: Client, own: Own, rival: Rival) -> None:
    # Control: the same URLs work for the organisation's own records.
    assert admin_client.get(f"/register/suppliers/{own.supplier.pk}/").status_code == 200
    site_url = f"/register/suppliers/{own.supplier.pk}/sites/{own.site.pk}/edit/"
    assert admin_client.get(site_url).status_code == 200
    assert admin_client.get(f"/register/relationships/{own.relationship.pk}/edit/").status_code == 200


def test_rival_suppliers_never_listed_searched_or_exported(admin_client: Client, own: Own,
                                                         rival: Rival) -> None:
    listing = admin_client.get("/register/")
    assert listing.status_code == 200
    assert "Acme Own Supplier" in listing.content.decode()
    _no_leak(listing)
    for params in [{"q": SECRET}, {"q": "Zyxwvut"}, {"q": SECRET_REG}, {"q": "RIVAL-EXT"},
                   {"country": "BD"}, {"tier": "2"}]:
        response = admin_client.get("/register/", params)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 0, params
        body = response.content.decode()
        assert f"/register/suppliers/{rival.supplier.pk}/" not in body
        assert "Acme Own Supplier" not in body
        if "q" not in params:  # a search box shows back what was typed
            _no_leak(response)

    csv_response = admin_client.get("/register/export.csv")
    assert csv_response.status_code == 200
    csv_text = csv_response.content.decode("utf-8-sig")
    assert "Acme Own Supplier" in csv_text
    assert SECRET not in csv_text and SECRET_SITE not in csv_text and "Rival Buyer" not in csv_text

    xlsx = admin_client.get("/register/export.xlsx")
    assert xlsx.status_code == 200
    cells = [str(c) for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
             for c in row if c is not None]
    assert "Acme Own Supplier" in cells
    assert not any(SECRET in c or SECRET_SITE in c or "Rival Buyer" in c for c in cells)


def test_rival_import_jobs_not_listed(analyst_client: Client, rival: Rival) -> None:
    response = analyst_client.get("/register/import/")
    assert response.status_code == 200
    assert "rival-suppliers.csv" not in response.content.decode()


def test_relationship_page_cannot_link_rival_suppliers(analyst_client: Client, own: Own,
                                                       rival: Rival) -> None:
    for data in [
        {"supplier": rival.supplier.pk, "tier": 1},
        {"supplier": own.supplier.pk, "buyer_supplier": rival.supplier.pk, "tier": 2},
    ]:
        response = analyst_client.post("/register/relationships/new/", data)
        assert response.status_code == 200  # the form again, with an error
        assert response.context["form"].errors
    response = analyst_client.post(f"/register/relationships/{own.relationship.pk}/edit/",
                                   {"supplier": own.supplier.pk, "buyer_supplier": rival.supplier.pk,
                                    "tier": 2})
    assert response.status_code == 200
    assert response.context["form"].errors
    own.relationship.refresh_from_db()
    assert own.relationship.buyer_supplier_id is None
    assert Relationship.objects.filter(organisation=own.supplier.organisation).count() == 1
    assert not Relationship.objects.filter(supplier=rival.supplier).exclude(pk=rival.relationship.pk).exists()
    assert not Relationship.objects.filter(buyer_supplier=rival.supplier).exists()


def test_relationship_form_does_not_offer_rival_suppliers(analyst_client: Client, own: Own,
                                                          rival: Rival) -> None:
    response = analyst_client.get("/register/relationships/new/")
    assert response.status_code == 200
    assert "Acme Own Supplier" in response.content.decode()
    _no_leak(response)
    assert "Rival Buyer Co" not in response.content.decode()


def test_site_form_cannot_use_rival_commodity(analyst_client: Client, own: Own, rival: Rival) -> None:
    secret = Commodity.objects.create(organisation=rival.org, code="rival-secret-ore",
                                      name="Rival Secret Ore")
    page = analyst_client.get(f"/register/suppliers/{own.supplier.pk}/sites/new/")
    assert page.status_code == 200
    assert "Rival Secret Ore" not in page.content.decode()
    response = analyst_client.post(f"/register/suppliers/{own.supplier.pk}/sites/new/",
                                   {"name": "New plant", "country": "VN", "commodities": [secret.pk]})
    assert response.status_code == 200
    assert "commodities" in response.context["form"].errors
    assert not Site.objects.filter(name="New plant").exists()


def test_rival_token_cannot_be_revoked(analyst_client: Client, rival: Rival) -> None:
    token, _raw = api_token_create(membership=rival.member, name="rival token")
    response = analyst_client.post("/accounts/tokens/", {"revoke": token.pk})
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_audit_log_shows_only_own_organisation(admin_client: Client, own: Own, rival: Rival) -> None:
    response = admin_client.get("/accounts/audit/")
    assert response.status_code == 200
    assert "Acme Own Supplier" in response.content.decode()
    _no_leak(response)


# --- API --------------------------------------------------------------------------------------


@pytest.fixture
def api(analyst: Membership) -> Callable[..., Any]:
    _token, raw = api_token_create(membership=analyst, name="t")
    client = Client()
    headers = {"Authorization": f"Bearer {raw}"}

    def call(method: str, path: str, data: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": headers}
        if data is not None:
            kwargs.update(data=json.dumps(data), content_type="application/json")
        return getattr(client, method)(f"/api{path}", **kwargs)

    return call


def test_rival_records_are_404_through_api(api: Callable[..., Any], rival: Rival, own: Own) -> None:
    s, site, rel = rival.supplier.pk, rival.site.pk, rival.relationship.pk
    supplier_body = {"name": "Pwned", "country": "VN"}
    site_body = {"name": "Pwned", "country": "VN"}
    _not_found(api("get", f"/suppliers/{s}"))
    _not_found(api("put", f"/suppliers/{s}", supplier_body))
    _not_found(api("delete", f"/suppliers/{s}"))
    _not_found(api("get", f"/suppliers/{s}/sites"))
    _not_found(api("post", f"/suppliers/{s}/sites", site_body))
    _not_found(api("get", f"/sites/{site}"))
    _not_found(api("put", f"/sites/{site}", site_body))
    _not_found(api("delete", f"/sites/{site}"))
    _not_found(api("delete", f"/relationships/{rel}"))

    rival.supplier.refresh_from_db()
    rival.site.refresh_from_db()
    assert rival.supplier.name == SECRET
    assert rival.site.name == SECRET_SITE
    assert Relationship.objects.filter(pk=rel).exists()
    assert Site.objects.filter(supplier=rival.supplier).count() == 1


def test_rival_records_never_in_api_lists(api: Callable[..., Any], rival: Rival, own: Own) -> None:
    for path in ["/suppliers", f"/suppliers?q={SECRET_REG}", "/suppliers?country=BD", "/suppliers?tier=2",
                 "/sites", "/sites?country=BD", "/relationships", "/relationships?tier=2",
                 f"/suppliers/{own.supplier.pk}/sites"]:
        response = api("get", path)
        assert response.status_code == 200, path
        _no_leak(response)
    assert [s["id"] for s in api("get", "/suppliers").json()["items"]] == [own.supplier.pk]
    assert [s["id"] for s in api("get", "/sites").json()["items"]] == [own.site.pk]
    assert [r["id"] for r in api("get", "/relationships").json()["items"]] == [own.relationship.pk]


def test_api_cannot_link_rival_suppliers(api: Callable[..., Any], own: Own, rival: Rival) -> None:
    _not_found(api("post", "/relationships", {"supplier_id": rival.supplier.pk}))
    _not_found(api("post", "/relationships", {"supplier_id": own.supplier.pk,
                                              "buyer_supplier_id": rival.supplier.pk, "tier": 2}))
    assert Relationship.objects.count() == 2  # own + rival's, nothing new


# --- switching organisation -------------------------------------------------------------------


def test_cannot_switch_to_an_organisation_you_are_not_in(analyst: Membership, analyst_client: Client,
                                                         own: Own, rival: Rival) -> None:
    response = analyst_client.post("/accounts/organisation/",
                                   {"organisation": rival.org.pk, "next": "/register/"})
    assert response.status_code == 404
    listing = analyst_client.get("/register/")
    assert "Acme Own Supplier" in listing.content.decode()
    _no_leak(listing)
    assert analyst_client.get(f"/register/suppliers/{rival.supplier.pk}/").status_code == 404


@pytest.mark.parametrize("value", ["", "abc", "-1", "999999", "1 OR 1=1"])
def test_switch_with_garbage_is_404(analyst_client: Client, value: str) -> None:
    assert analyst_client.post("/accounts/organisation/", {"organisation": value}).status_code == 404


def test_switching_between_own_organisations(analyst: Membership, make_member: Callable[..., Membership],
                                             own: Own, rival: Rival) -> None:
    # Control: a person in both organisations sees each register after switching, never both.
    make_member(rival.org, "viewer", email=analyst.user.email)
    analyst.user.refresh_from_db()  # membership_set re-set the password: new session hash
    client = signed_in(analyst)
    response = client.post("/accounts/organisation/", {"organisation": rival.org.pk, "next": "/register/"})
    assert response.status_code == 302
    body = client.get("/register/").content.decode()
    assert SECRET in body and "Acme Own Supplier" not in body
    assert client.get(f"/register/suppliers/{own.supplier.pk}/").status_code == 404
    # Roles follow the organisation: a viewer in the rival org cannot edit there.
    assert client.get(f"/register/suppliers/{rival.supplier.pk}/edit/").status_code == 403
    client.post("/accounts/organisation/", {"organisation": own.supplier.organisation_id})
    body = client.get("/register/").content.decode()
    assert "Acme Own Supplier" in body and SECRET not in body


def test_removed_membership_loses_access_even_if_session_points_there(
    analyst: Membership, make_member: Callable[..., Membership], own: Own, rival: Rival,
) -> None:
    extra = make_member(rival.org, "analyst", email=analyst.user.email)
    analyst.user.refresh_from_db()
    client = signed_in(analyst)
    client.post("/accounts/organisation/", {"organisation": rival.org.pk})
    assert SECRET in client.get("/register/").content.decode()
    extra.delete()
    body = client.get("/register/").content.decode()
    assert SECRET not in body and "Acme Own Supplier" in body
    assert client.get(f"/register/suppliers/{rival.supplier.pk}/").status_code == 404


def test_user_without_membership_sees_nothing(db: None, rival: Rival) -> None:
    from ruggie.accounts.models import User

    loner = User.objects.create_user(username="loner@example.org", password="x" * 20)
    client = Client()
    client.force_login(loner, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/register/").status_code == 403
    assert client.get(f"/register/suppliers/{rival.supplier.pk}/").status_code == 403
    assert client.get("/register/export.csv").status_code == 403


# --- roles ------------------------------------------------------------------------------------


def test_viewer_cannot_reach_edit_import_export_or_audit(viewer_client: Client, own: Own) -> None:
    s, site, rel = own.supplier.pk, own.site.pk, own.relationship.pk
    assert viewer_client.get("/register/").status_code == 200
    assert viewer_client.get(f"/register/suppliers/{s}/").status_code == 200
    for url in [
        "/register/suppliers/new/", f"/register/suppliers/{s}/edit/", f"/register/suppliers/{s}/delete/",
        f"/register/suppliers/{s}/sites/new/", f"/register/suppliers/{s}/sites/{site}/edit/",
        f"/register/suppliers/{s}/sites/{site}/delete/", "/register/relationships/new/",
        f"/register/relationships/{rel}/edit/", "/register/import/", "/register/export.csv",
        "/register/export.xlsx", "/accounts/audit/",
    ]:
        assert viewer_client.get(url).status_code == 403, url
    assert viewer_client.post("/register/suppliers/new/", {"name": "V", "country": "VN"}).status_code == 403
    assert viewer_client.post(f"/register/suppliers/{s}/delete/").status_code == 403
    assert viewer_client.post(f"/register/suppliers/{s}/sites/{site}/delete/").status_code == 403
    assert Supplier.objects.filter(pk=s).exists() and Site.objects.filter(pk=site).exists()
    assert not Supplier.objects.filter(name="V").exists()


def test_viewer_cannot_upload_an_import(viewer_client: Client, org: Organisation) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("s.csv", b"Supplier name,Country\nViewer Co,VN\n", content_type="text/csv")
    assert viewer_client.post("/register/import/", {"file": upload}).status_code == 403
    assert not ImportJob.objects.exists()


def test_analyst_cannot_see_audit_log(analyst_client: Client) -> None:
    assert analyst_client.get("/accounts/audit/").status_code == 403


def test_admin_sees_audit_log(admin_client: Client) -> None:
    response = admin_client.get("/accounts/audit/")
    assert response.status_code == 200
    assert "Audit log" in response.content.decode()


def test_analyst_can_edit_import_and_export(analyst_client: Client, own: Own) -> None:
    for url in ["/register/suppliers/new/", f"/register/suppliers/{own.supplier.pk}/edit/",
                "/register/import/", "/register/export.csv"]:
        assert analyst_client.get(url).status_code == 200, url


def test_anonymous_is_sent_to_login(db: None, rival: Rival) -> None:
    client = Client()
    for url in ["/register/", f"/register/suppliers/{rival.supplier.pk}/", "/register/export.csv",
                "/accounts/audit/", "/accounts/tokens/", f"/register/import/{rival.job.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")
    assert not ApiToken.objects.exists()
