"""A small register to score: three sites in Bangladesh, Germany and Viet Nam, and a rival's."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import api_token_create
from ruggie.register.models import Commodity, Site, Supplier
from ruggie.register.services import site_create, supplier_create


@dataclass
class RiskRegister:
    supplier: Supplier
    dhaka: Site  # BD garments (on the DOL list for Bangladesh), shares recorded
    berlin: Site  # DE electronics (listed for other countries only), shares recorded
    mekong: Site  # VN coffee (on the DOL list for Viet Nam), no workforce data at all


def goods(*codes: str) -> list[Commodity]:
    return list(Commodity.objects.filter(organisation=None, code__in=codes))


def build_register(org: Organisation, actor: Any, *, dhaka_name: str = "Dhaka Knit Ltd") -> RiskRegister:
    supplier = supplier_create(organisation=org, actor=actor, name="Delta Apparel Group", country="BD")
    dhaka = site_create(
        supplier=supplier,
        actor=actor,
        name=dhaka_name,
        country="BD",
        sector="1410",
        headcount=800,
        migrant_share=Decimal("0.05"),
        temporary_share=Decimal("0.30"),
        women_share=Decimal("0.80"),
        commodities=goods("garments"),
    )
    berlin = site_create(
        supplier=supplier,
        actor=actor,
        name="Berlin Boards GmbH",
        country="DE",
        sector="2610",
        headcount=60,
        migrant_share=Decimal("0.10"),
        temporary_share=Decimal("0.05"),
        women_share=Decimal("0.40"),
        commodities=goods("electronics"),
    )
    mekong = site_create(
        supplier=supplier,
        actor=actor,
        name="Mekong Coffee Farm",
        country="VN",
        sector="0127",
        headcount=120,
        commodities=goods("coffee"),
    )
    return RiskRegister(supplier, dhaka, berlin, mekong)


@pytest.fixture
def risk_register(org: Organisation, analyst: Membership) -> RiskRegister:
    return build_register(org, analyst.user)


@pytest.fixture
def rival_site(other_org: Organisation) -> Site:
    rival = supplier_create(organisation=other_org, actor=None, name="Rival Sourcing", country="VN")
    return site_create(
        supplier=rival,
        actor=None,
        name="Rival Secret Works",
        country="VN",
        sector="1410",
        headcount=50,
        commodities=goods("garments"),
    )


class Api:
    """A django.test.Client that speaks JSON with a bearer token."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api{path}", params, headers=self.headers)

    def post(self, path: str, data: Any = None) -> Any:
        return self.client.post(
            f"/api{path}", json.dumps(data or {}), content_type="application/json", headers=self.headers
        )


@pytest.fixture
def make_api() -> Callable[[Membership], Api]:
    def make(membership: Membership) -> Api:
        _token, raw = api_token_create(membership=membership, name="test")
        return Api(raw)

    return make
