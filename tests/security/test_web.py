"""Web-facing defences: CSRF, XSS escaping, security headers, spreadsheet formula
injection in exports, SQL injection through search, and open redirects."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from ruggie.accounts.models import ApiToken, Membership, Organisation
from ruggie.accounts.services import api_token_create
from ruggie.register import services
from ruggie.register.models import ImportJob, Supplier

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def _csrf_client(membership: Membership) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _csv_upload(text: str, name: str = "suppliers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


# --- CSRF -------------------------------------------------------------------------------------


def test_csrf_required_on_supplier_create(analyst: Membership) -> None:
    client = _csrf_client(analyst)
    assert client.post("/register/suppliers/new/", {"name": "Forged", "country": "VN"}).status_code == 403
    assert not Supplier.objects.exists()
    # Control: with the token from the form, the same POST succeeds.
    client.get("/register/suppliers/new/")
    token = client.cookies["csrftoken"].value
    response = client.post("/register/suppliers/new/",
                           {"name": "Genuine", "country": "VN", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Supplier.objects.get().name == "Genuine"


def test_csrf_required_on_import_upload(analyst: Membership) -> None:
    client = _csrf_client(analyst)
    upload = _csv_upload("Supplier name,Country\nForged Co,VN\n")
    response = client.post("/register/import/", {"file": upload})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_csrf_required_on_import_commit(analyst: Membership, analyst_client: Client) -> None:
    analyst_client.post("/register/import/", {"file": _csv_upload("Supplier name,Country\nForged Co,VN\n")})
    job = ImportJob.objects.get()
    client = _csrf_client(analyst)
    assert client.post(f"/register/import/{job.pk}/preview/", {"mode": "valid_only"}).status_code == 403
    assert not Supplier.objects.exists()


def test_csrf_required_on_supplier_delete(analyst: Membership, org: Organisation) -> None:
    supplier = services.supplier_create(organisation=org, actor=None, name="Keep Me", country="VN")
    client = _csrf_client(analyst)
    assert client.post(f"/register/suppliers/{supplier.pk}/delete/").status_code == 403
    assert Supplier.objects.filter(pk=supplier.pk).exists()


def test_csrf_required_on_logout(analyst: Membership) -> None:
    client = _csrf_client(analyst)
    assert client.post("/accounts/logout/").status_code == 403
    assert client.get("/").status_code == 200  # still signed in


def test_csrf_required_on_organisation_switch(analyst: Membership, other_org: Organisation,
                                              make_member: Callable[..., Membership]) -> None:
    make_member(other_org, "analyst", email=analyst.user.email)
    analyst.user.refresh_from_db()
    client = _csrf_client(analyst)
    assert client.post("/accounts/organisation/", {"organisation": other_org.pk}).status_code == 403
    assert client.get("/register/").context["current_organisation"] == analyst.organisation


def test_csrf_required_on_token_create(analyst: Membership) -> None:
    client = _csrf_client(analyst)
    assert client.post("/accounts/tokens/", {"name": "forged"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_csrf_required_on_login(analyst: Membership) -> None:
    from tests.conftest import PASSWORD

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": analyst.user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert client.get("/").status_code == 302


# --- XSS --------------------------------------------------------------------------------------


def _assert_escaped(body: str) -> None:
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x onerror" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


@pytest.fixture
def xss_suppliers(org: Organisation, analyst: Membership) -> list[Supplier]:
    return [
        services.supplier_create(organisation=org, actor=analyst.user, name=name, country="VN",
                                 other_names=[name], registration_id=name[:100], external_id=name[:100],
                                 tags=[name])
        for name in XSS
    ]


def test_xss_escaped_on_list_page(analyst_client: Client, xss_suppliers: list[Supplier]) -> None:
    response = analyst_client.get("/register/")
    assert response.status_code == 200
    _assert_escaped(response.content.decode())


def test_xss_escaped_in_search_box(analyst_client: Client, db: None) -> None:
    for payload in XSS:
        body = analyst_client.get("/register/", {"q": payload}).content.decode()
        assert payload not in body


def test_xss_escaped_on_detail_page(analyst_client: Client, xss_suppliers: list[Supplier]) -> None:
    for supplier in xss_suppliers:
        services.site_create(supplier=supplier, actor=None, name=supplier.name, country="VN",
                             address=supplier.name)
    for supplier in xss_suppliers:
        response = analyst_client.get(f"/register/suppliers/{supplier.pk}/")
        assert response.status_code == 200
        body = response.content.decode()
        assert supplier.name not in body
        assert "<img src=x onerror" not in body and "<script>alert(1)" not in body


def test_xss_escaped_on_edit_form(analyst_client: Client, xss_suppliers: list[Supplier]) -> None:
    for supplier in xss_suppliers:
        body = analyst_client.get(f"/register/suppliers/{supplier.pk}/edit/").content.decode()
        assert supplier.name not in body


def test_xss_escaped_in_audit_log(admin_client: Client, xss_suppliers: list[Supplier]) -> None:
    response = admin_client.get("/accounts/audit/")
    assert response.status_code == 200
    _assert_escaped(response.content.decode())


def test_xss_escaped_in_import_preview(analyst_client: Client) -> None:
    rows = "\n".join([
        "Supplier name,Country,Website",
        '"<script>alert(1)</script>",VN,',
        '"""><img src=x onerror=alert(1)>",VN,',
        # Rejected rows: the bad value is shown back in the "Value" column.
        'Fine Name,"<script>alert(1)</script>",',
        'Other Name,"""><img src=x onerror=alert(1)>",',
    ])
    upload = analyst_client.post("/register/import/",
                                 {"file": _csv_upload(rows, '<script>alert(1)</script>.csv')})
    assert upload.status_code == 302, upload.content.decode()[:2000]
    preview = analyst_client.get(upload["Location"])
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x onerror" not in body
    assert preview.context["report"].rejected, "the bad countries should be listed as rejected rows"
    rejected_values = [r["value"] for r in preview.context["report"].rejected]
    assert any("alert(1)" in v for v in rejected_values)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body or "&lt;img" in body


def test_xss_escaped_in_api_docs_title_and_json(analyst: Membership, xss_suppliers: list[Supplier]) -> None:
    _token, raw = api_token_create(membership=analyst, name="t")
    response = Client().get("/api/suppliers", headers={"Authorization": f"Bearer {raw}"})
    assert response["Content-Type"].startswith("application/json")
    names = {s["name"] for s in response.json()["items"]}
    assert names == set(XSS)  # data comes back as data, unchanged, with a JSON content type


# --- headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/register/", "/accounts/tokens/", "/api/docs"])
def test_security_headers(analyst_client: Client, url: str) -> None:
    response = analyst_client.get(url)
    assert response.status_code == 200
    csp = response.get("Content-Security-Policy", "")
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";") if d.strip()}
    assert "script-src" in directives or "default-src" in directives
    script = directives.get("script-src", directives.get("default-src", ""))
    assert "'self'" in script.split()
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "*" not in script.split()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_login_page_has_security_headers(db: None) -> None:
    response = Client().get("/accounts/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script(analyst_client: Client) -> None:
    # With script-src 'self' an inline <script> would be blocked, so none should exist.
    import re

    for url in ["/", "/register/", "/register/suppliers/new/", "/register/import/", "/accounts/tokens/"]:
        body = analyst_client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", body, re.IGNORECASE):
            assert "src=" in tag, f"inline script on {url}: {tag}"
        assert not re.search(r"\son[a-z]+\s*=", body, re.IGNORECASE), f"inline handler on {url}"


# --- formula injection ------------------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "=cmd|' /C calc'!A0"]


@pytest.fixture
def formula_register(org: Organisation, analyst: Membership) -> None:
    for i, text in enumerate(FORMULAS):
        supplier = services.supplier_create(organisation=org, actor=analyst.user, name=f"{text} {i}",
                                            country="VN", registration_id=text, external_id=text,
                                            other_names=[text], tags=[text])
        services.site_create(supplier=supplier, actor=analyst.user, name=text, country="VN", address=text,
                             region=text, latitude=-10.5, longitude=-45.25)


def _check_cells(cells: list[Any]) -> None:
    texts = [c for c in cells if isinstance(c, str)]
    dangerous = [c for c in texts if c[:1] in ("=", "+", "-", "@")]
    assert not dangerous, dangerous
    for text in FORMULAS:
        assert "'" + text in texts


def test_csv_export_neutralises_formulas(analyst_client: Client, formula_register: None) -> None:
    response = analyst_client.get("/register/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert len(data) == len(FORMULAS)
    cells = [c for row in data for c in row]
    # Negative coordinates are numbers, not text: they stay as they are.
    lat = header.index(next(h for h in header if h.lower().startswith("latitude")))
    assert {row[lat] for row in data} == {"-10.5"}
    _check_cells([c for row in data for i, c in enumerate(row) if i != lat and header[i] != header[lat + 1]])
    assert cells


def test_xlsx_export_neutralises_formulas(analyst_client: Client, formula_register: None) -> None:
    response = analyst_client.get("/register/export.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows())
    assert len(rows) == len(FORMULAS) + 1
    for row in rows[1:]:
        for cell in row:
            assert cell.data_type != "f", f"formula cell {cell.coordinate}: {cell.value}"
    values = [cell.value for row in rows[1:] for cell in row]
    _check_cells(values)
    assert -10.5 in values and -45.25 in values  # numbers kept as numbers


# --- SQL injection ----------------------------------------------------------------------------

NASTY = ["' OR 1=1 --", "%", "_", "'; DROP TABLE register_supplier; --", "\\", "\" OR \"\"=\"",
         "%' OR '1'='1"]


@pytest.fixture
def plain_register(org: Organisation, analyst: Membership) -> None:
    for name in ["Alpha Mills", "Beta Dyeing", "Gamma Farm"]:
        services.supplier_create(organisation=org, actor=analyst.user, name=name, country="VN")


@pytest.mark.parametrize("needle", NASTY)
def test_sql_injection_in_page_search(analyst_client: Client, plain_register: None, needle: str) -> None:
    response = analyst_client.get("/register/", {"q": needle})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    for params in [{"country": needle}, {"tag": needle}, {"commodity": needle}, {"tier": needle}]:
        assert analyst_client.get("/register/", params).status_code == 200
    assert Supplier.objects.count() == 3


def test_wildcards_match_literally(analyst_client: Client, plain_register: None, org: Organisation) -> None:
    services.supplier_create(organisation=org, actor=None, name="Underscore Co", country="VN",
                             registration_id="REG_1")
    services.supplier_create(organisation=org, actor=None, name="Letter Co", country="VN",
                             registration_id="REGX1")
    services.supplier_create(organisation=org, actor=None, name="Percent Co", country="VN",
                             registration_id="QQ%")
    found = analyst_client.get("/register/", {"q": "REG_1"}).context["page"]
    assert [s.name for s in found] == ["Underscore Co"]
    assert [s.name for s in analyst_client.get("/register/", {"q": "QQ%"}).context["page"]] == ["Percent Co"]
    assert analyst_client.get("/register/", {"q": "Q%"}).context["page"].paginator.count == 0


@pytest.mark.parametrize("needle", NASTY)
def test_sql_injection_in_api_search(analyst: Membership, plain_register: None, needle: str) -> None:
    _token, raw = api_token_create(membership=analyst, name="t")
    client = Client()
    headers = {"Authorization": f"Bearer {raw}"}
    response = client.get("/api/suppliers", {"q": needle}, headers=headers)
    assert response.status_code == 200
    assert response.json()["count"] == 0
    for params in [{"country": needle}, {"tag": needle}, {"commodity": needle}]:
        response = client.get("/api/suppliers", params, headers=headers)
        assert response.status_code == 200
        assert response.json()["count"] == 0
    assert client.get("/api/sites", {"country": needle}, headers=headers).json()["count"] == 0
    assert client.get("/api/suppliers", {"tier": "1 OR 1=1"}, headers=headers).status_code == 422
    assert Supplier.objects.count() == 3


def test_sql_injection_in_bearer_token(db: None) -> None:
    for token in ["' OR 1=1 --", "x' OR '1'='1", "%"]:
        response = Client().get("/api/suppliers", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401


def test_sql_injection_as_stored_data(analyst: Membership) -> None:
    _token, raw = api_token_create(membership=analyst, name="t")
    response = Client().post("/api/suppliers", json.dumps({"name": NASTY[3], "country": "VN"}),
                             content_type="application/json", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 201
    assert Supplier.objects.get().name == NASTY[3]


# --- open redirect ----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example", "https:/evil.example",
                                    "/\\evil.example", "javascript:alert(1)", " https://evil.example"])
def test_organisation_switch_does_not_redirect_offsite(analyst: Membership, analyst_client: Client,
                                                       target: str) -> None:
    response = analyst_client.post("/accounts/organisation/",
                                   {"organisation": analyst.organisation_id, "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_organisation_switch_keeps_local_next(analyst: Membership, analyst_client: Client) -> None:
    response = analyst_client.post("/accounts/organisation/",
                                   {"organisation": analyst.organisation_id, "next": "/register/?q=a"})
    assert response["Location"] == "/register/?q=a"


def test_login_does_not_redirect_offsite(analyst: Membership) -> None:
    from tests.conftest import PASSWORD

    response = Client().post("/accounts/login/?next=https://evil.example",
                             {"username": analyst.user.email, "password": PASSWORD,
                              "next": "https://evil.example"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_language_switch_does_not_redirect_offsite(db: None) -> None:
    response = Client().post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example"})
    assert "evil.example" not in response.get("Location", "")


# --- hostile parameters: a clean refusal or "no match", never a 500 ----------------------------
# (NUL characters made PostgreSQL raise DataError; "²" passes str.isdigit() but not int().)


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "²", "1\x00"])
def test_hostile_filter_values_on_list_page(analyst_client: Client, plain_register: None, value: str) -> None:
    for name in ["q", "country", "commodity", "tier", "tag", "page"]:
        response = analyst_client.get("/register/", {name: value})
        assert response.status_code == 200, (name, value)


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "²"])
def test_hostile_filter_values_in_api(analyst: Membership, plain_register: None, value: str) -> None:
    _token, raw = api_token_create(membership=analyst, name="t")
    client = Client()
    headers = {"Authorization": f"Bearer {raw}"}
    for name in ["q", "country", "commodity", "tag"]:
        response = client.get("/api/suppliers", {name: value}, headers=headers)
        assert response.status_code == 200, (name, value)
        # Only NUL: the filter is empty, so everything; otherwise nothing matches.
        assert response.json()["count"] == (3 if value == "\x00" else 0)
    assert client.get("/api/sites", {"country": value}, headers=headers).status_code == 200
    assert client.get("/api/suppliers", {"tier": value}, headers=headers).status_code == 422


@pytest.mark.parametrize("payload", [
    {"name": "a\x00b", "country": "VN"},
    {"name": "ok", "country": "VN", "other_names": ["x\x00"]},
    {"name": "ok", "country": "VN", "tags": ["\x00"]},
    {"name": "ok", "country": "V\x00N"},
])
def test_nul_in_api_write_is_422(analyst: Membership, payload: dict[str, Any]) -> None:
    _token, raw = api_token_create(membership=analyst, name="t")
    response = Client().post("/api/suppliers", json.dumps(payload), content_type="application/json",
                             headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 422
    assert "NUL" in json.dumps(response.json()) or "country" in json.dumps(response.json())
    assert not Supplier.objects.exists()


def test_nul_in_page_forms_is_refused(analyst_client: Client) -> None:
    response = analyst_client.post("/register/suppliers/new/", {"name": "a\x00b", "country": "VN"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Supplier.objects.exists()


def test_nul_in_token_name(analyst: Membership, analyst_client: Client) -> None:
    response = analyst_client.post("/accounts/tokens/", {"name": "ci\x00bot"})
    assert response.status_code == 200
    assert ApiToken.objects.get().name == "cibot"


@pytest.mark.parametrize("value", ["²", "abc", "", "1.5", "-1", "99999999999999999999"])
def test_hostile_ids_in_token_revoke_and_org_switch(analyst: Membership, analyst_client: Client,
                                                    value: str) -> None:
    api_token_create(membership=analyst, name="keep")
    assert analyst_client.post("/accounts/tokens/", {"revoke": value}).status_code == 404
    assert analyst_client.post("/accounts/organisation/", {"organisation": value}).status_code == 404
    assert ApiToken.objects.get().revoked_at is None
