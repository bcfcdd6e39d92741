import json
from django.test import Client
from ruggie.accounts.services import api_token_create

def test_probe(analyst_client, analyst):
    analyst_client.raise_request_exception = False
    for params in [{"tier": "²"}, {"tier": "99999999999999999999"}, {"page": "²"}, {"country": "²"}]:
        print(params, analyst_client.get("/register/", params).status_code)
    for v in ["²", "99999999999999999999", "١"]:
        print("switch", v, analyst_client.post("/accounts/organisation/", {"organisation": v}).status_code)
    for url in ["/register/suppliers/99999999999999999999/", "/register/import/99999999999999999999/",
                "/register/relationships/new/?supplier=99999999999999999999", "/register/relationships/new/?supplier=abc"]:
        print(url, analyst_client.get(url).status_code)
    print("revoke", analyst_client.post("/accounts/tokens/", {"revoke": "²"}).status_code)
    print("revoke", analyst_client.post("/accounts/tokens/", {"revoke": "abc"}).status_code)
    print("revoke", analyst_client.post("/accounts/tokens/", {"revoke": "99999999999999999999"}).status_code)
    _t, raw = api_token_create(membership=analyst, name="t")
    c = Client(raise_request_exception=False); h = {"Authorization": f"Bearer {raw}"}
    for path in ["/api/suppliers?tier=99999999999999999999", "/api/suppliers/99999999999999999999",
                 "/api/sites/99999999999999999999", "/api/relationships?tier=99999999999999999999",
                 "/api/suppliers?limit=99999999999"]:
        print(path, c.get(path, headers=h).status_code)
    print("rel", c.post("/api/relationships", json.dumps({"supplier_id": 99999999999999999999}), content_type="application/json", headers=h).status_code)
    print("sup", c.post("/api/suppliers", json.dumps({"name": "a\x00b", "country": "VN"}), content_type="application/json", headers=h).status_code)
    print("sup", c.post("/api/suppliers", json.dumps({"name": "ok", "country": "VN", "registration_id": "x"*500}), content_type="application/json", headers=h).status_code)
    print("sup", c.post("/api/suppliers", json.dumps({"name": "ok", "country": "VN", "other_names": ["x"*5000]}), content_type="application/json", headers=h).status_code)
    print("rel", c.post("/api/relationships", json.dumps({"supplier_id": 1, "spend": "1e30"}), content_type="application/json", headers=h).status_code)
    print("rel", c.post("/api/relationships", json.dumps({"supplier_id": 1, "currency": "EURO"}), content_type="application/json", headers=h).status_code)
    print("site", c.post("/api/suppliers/1/sites", json.dumps({"name": "s", "country": "VN", "headcount": 99999999999}), content_type="application/json", headers=h).status_code)
    print("site", c.post("/api/suppliers/1/sites", json.dumps({"name": "s", "country": "VN", "women_share": "0.123456"}), content_type="application/json", headers=h).status_code)
    print("site", c.post("/api/suppliers/1/sites", json.dumps({"name": "s", "country": "VN", "sector": "zzzzzzzzzzz"}), content_type="application/json", headers=h).status_code)
