"""Shared fixtures: organisations of each kind, members with each role, signed-in clients."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import membership_set, organisation_create

DATA = Path(__file__).parent / "data"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def case_key(settings: Any) -> str:
    """A grievance case key per test: never the developer's key file in the working directory."""
    from ruggie.grievance.domain.sealing import new_case_key

    key = base64.b64encode(new_case_key()).decode()
    settings.RUGGIE_CASE_KEY = key
    return key


@pytest.fixture
def make_org(db: None) -> Callable[..., Organisation]:
    def make(slug: str = "acme", kind: str = "company", name: str | None = None) -> Organisation:
        return organisation_create(slug=slug, name=name or slug.title(), kind=kind)

    return make


@pytest.fixture
def make_member(db: None) -> Callable[..., Membership]:
    def make(org: Organisation, role: str = "analyst", email: str | None = None) -> Membership:
        return membership_set(
            email=email or f"{role}@{org.slug}.example", organisation=org, role=role, password=PASSWORD
        )

    return make


@pytest.fixture
def org(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org("acme")


@pytest.fixture
def other_org(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org("rival")


@pytest.fixture
def analyst(org: Organisation, make_member: Callable[..., Membership]) -> Membership:
    return make_member(org, "analyst")


@pytest.fixture
def admin(org: Organisation, make_member: Callable[..., Membership]) -> Membership:
    return make_member(org, "admin")


@pytest.fixture
def viewer(org: Organisation, make_member: Callable[..., Membership]) -> Membership:
    return make_member(org, "viewer")


def signed_in(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def analyst_client(analyst: Membership) -> Client:
    return signed_in(analyst)


@pytest.fixture
def admin_client(admin: Membership) -> Client:
    return signed_in(admin)


@pytest.fixture
def viewer_client(viewer: Membership) -> Client:
    return signed_in(viewer)
