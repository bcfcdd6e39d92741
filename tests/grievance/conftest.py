"""An organisation with a site channel and a handler, and a rival organisation's channel
(the case key comes from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from ruggie.accounts.models import Membership, Organisation
from ruggie.grievance.models import Channel
from ruggie.register.models import Site
from ruggie.register.services import site_create, supplier_create
from tests.conftest import signed_in


@dataclass
class World:
    org: Organisation
    site: Site
    channel: Channel
    handler: Membership
    handler_client: Client
    rival_channel: Channel


@pytest.fixture
def world(org: Organisation, other_org: Organisation, make_member: Callable[..., Membership]) -> World:
    supplier = supplier_create(organisation=org, actor=None, name="Dhaka Knit Ltd", country="BD")
    site = site_create(supplier=supplier, actor=None, name="Dhaka Knit, Gazipur", country="BD")
    channel = Channel.objects.create(organisation=org, site=site, name=site.name)
    handler = make_member(org, "handler")
    rival_supplier = supplier_create(organisation=other_org, actor=None, name="Rival Works", country="VN")
    rival_site = site_create(supplier=rival_supplier, actor=None, name="Rival Works", country="VN")
    rival = Channel.objects.create(organisation=other_org, site=rival_site, name="Rival Works")
    return World(org, site, channel, handler, signed_in(handler), rival)
