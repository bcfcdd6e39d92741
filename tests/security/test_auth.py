"""Signing in and out: brute-force lockout (django-axes), session cookie flags, password
hashing, and API tokens kept only as hashes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from ruggie.accounts.models import ApiToken, Membership, Organisation, User
from ruggie.accounts.services import membership_set
from ruggie.audit.models import AuditEvent
from tests.conftest import PASSWORD, signed_in

LOGIN = "/accounts/login/"


def _login(client: Client, username: str, password: str) -> object:
    return client.post(LOGIN, {"username": username, "password": password})


def _signed_in(client: Client) -> bool:
    return client.get("/").status_code == 200


# --- login and brute force --------------------------------------------------------------------


def test_login_with_right_password(analyst: Membership) -> None:
    client = Client()
    response = _login(client, analyst.user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in(client)


def test_login_with_wrong_password_is_refused_with_message(analyst: Membership) -> None:
    client = Client()
    response = _login(client, analyst.user.email, "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not _signed_in(client)


def test_inactive_user_cannot_sign_in(analyst: Membership) -> None:
    analyst.user.is_active = False
    analyst.user.save()
    client = Client()
    _login(client, analyst.user.email, PASSWORD)
    assert not _signed_in(client)


def test_lockout_after_failure_limit(analyst: Membership, settings) -> None:  # type: ignore[no-untyped-def]
    limit = settings.AXES_FAILURE_LIMIT
    assert 1 <= limit <= 10
    client = Client()
    for _ in range(limit - 1):
        assert _login(client, analyst.user.email, "wrong-password").status_code == 200
    # Still below the limit: the right password works (and resets the counter).
    assert _login(client, analyst.user.email, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(limit):
        _login(client, analyst.user.email, "wrong-password")
    locked = _login(client, analyst.user.email, PASSWORD)
    assert locked.status_code in (403, 429)
    assert not _signed_in(client)
    # A fresh client (new session, same IP) is locked out too.
    other = Client()
    assert _login(other, analyst.user.email, PASSWORD).status_code in (403, 429)
    assert not _signed_in(other)


def test_lockout_message_is_readable(analyst: Membership, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, analyst.user.email, "wrong-password")
    response = _login(client, analyst.user.email, PASSWORD)
    body = response.content.decode()
    assert "Traceback" not in body
    assert re.search(r"lock|too many|try again", body, re.IGNORECASE)


def test_lockout_is_per_account(analyst: Membership, admin: Membership, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, analyst.user.email, "wrong-password")
    other = Client()
    assert _login(other, admin.user.email, PASSWORD).status_code == 302
    assert _signed_in(other)


def test_logout_requires_post(analyst: Membership) -> None:
    client = Client()
    _login(client, analyst.user.email, PASSWORD)
    assert client.get("/accounts/logout/").status_code == 405
    assert _signed_in(client)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not _signed_in(client)


def test_signed_in_user_visiting_login_is_redirected(analyst_client: Client) -> None:
    assert analyst_client.get(LOGIN).status_code == 302


# --- cookies ----------------------------------------------------------------------------------


def test_session_cookie_is_httponly_and_samesite(analyst: Membership) -> None:
    client = Client()
    response = _login(client, analyst.user.email, PASSWORD)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() in ("lax", "strict")


def test_session_id_changes_on_login(analyst: Membership) -> None:
    client = Client()
    session = client.session  # an anonymous session, as a visitor has before signing in
    session["probe"] = 1
    session.save()
    before = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    _login(client, analyst.user.email, PASSWORD)
    assert client.cookies[django_settings.SESSION_COOKIE_NAME].value != before


# --- password hashing -------------------------------------------------------------------------


def test_argon2_is_the_production_hasher() -> None:
    hashers = django_settings.PASSWORD_HASHERS
    assert "django.contrib.auth.hashers.Argon2PasswordHasher" in hashers
    # Outside tests (no pytest imported) Argon2 comes first, so new passwords use it.
    env = {k: v for k, v in os.environ.items() if k not in ("RUGGIE_TESTING", "RUGGIE_PRODUCTION")}
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c",
         "import ruggie.settings as s; print(s.PASSWORD_HASHERS[0]); print(s.TESTING)"],
        capture_output=True, text=True, env=env, cwd=Path(__file__).parent, timeout=60, check=True,
    ).stdout.split()
    assert out == ["django.contrib.auth.hashers.Argon2PasswordHasher", "False"]


def test_passwords_stored_with_argon2(org: Organisation, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    membership = membership_set(email="hashed@acme.example", organisation=org, role="analyst",
                                password=PASSWORD)
    stored = User.objects.get(pk=membership.user_id).password
    assert stored.startswith("argon2")
    assert PASSWORD not in stored
    client = Client()
    assert _login(client, "hashed@acme.example", PASSWORD).status_code == 302


# --- API tokens -------------------------------------------------------------------------------


def _all_text_in_db() -> str:
    """Every text value of every table: the raw token must not be anywhere."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                chunks.extend(str(v) for v in row if v is not None)
    return "\n".join(chunks)


def test_api_token_shown_once_and_stored_only_as_hash(analyst: Membership) -> None:
    client = signed_in(analyst)
    response = client.post("/accounts/tokens/", {"name": "ERP sync"})
    assert response.status_code == 200
    found = re.findall(r"rgg_[A-Za-z0-9_\-]{20,}", response.content.decode())
    assert len(found) == 1
    raw = found[0]

    token = ApiToken.objects.get(membership=analyst)
    assert token.token_hash != raw
    assert raw not in token.token_hash
    assert raw.startswith(token.prefix) and len(token.prefix) < 16
    assert raw not in _all_text_in_db()
    assert not AuditEvent.objects.filter(changes__icontains=raw[8:]).exists()

    # Shown once: the page does not show it again.
    assert raw not in client.get("/accounts/tokens/").content.decode()
    # And it works.
    api = Client().get("/api/suppliers", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 200


def test_token_hash_alone_does_not_authenticate(analyst: Membership) -> None:
    client = signed_in(analyst)
    client.post("/accounts/tokens/", {"name": "x"})
    token = ApiToken.objects.get(membership=analyst)
    response = Client().get("/api/suppliers", headers={"Authorization": f"Bearer {token.token_hash}"})
    assert response.status_code == 401


def test_revoke_token_through_page(analyst: Membership) -> None:
    client = signed_in(analyst)
    page = client.post("/accounts/tokens/", {"name": "x"}).content.decode()
    raw = re.findall(r"rgg_[A-Za-z0-9_\-]{20,}", page)[0]
    token = ApiToken.objects.get(membership=analyst)
    client.post("/accounts/tokens/", {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/suppliers", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
