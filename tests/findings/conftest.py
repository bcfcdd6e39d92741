"""A small register to raise findings against: two suppliers, three sites, two buyers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ruggie.accounts.models import Membership, Organisation
from ruggie.register.models import Site, Supplier
from ruggie.register.services import site_create, supplier_create


@dataclass
class Register:
    stitch: Supplier
    factory: Site
    factory2: Site
    atlas: Supplier
    tunis: Site
    rival_site: Site


@pytest.fixture
def register(org: Organisation, other_org: Organisation, analyst: Membership) -> Register:
    user = analyst.user
    stitch = supplier_create(
        organisation=org, actor=user, name="Saigon Stitch Co., Ltd.", country="VN", external_id="SS-001"
    )
    factory = site_create(supplier=stitch, actor=user, name="Saigon Stitch Factory 1", country="VN")
    factory2 = site_create(supplier=stitch, actor=user, name="Saigon Stitch Factory 2", country="VN")
    atlas = supplier_create(organisation=org, actor=user, name="Atlas Textiles SARL", country="TN")
    tunis = site_create(supplier=atlas, actor=user, name="Atlas Tunis", country="TN")
    rival = supplier_create(
        organisation=other_org, actor=None, name="Saigon Stitch Co., Ltd.", country="VN", external_id="SS-001"
    )
    rival_site = site_create(supplier=rival, actor=None, name="Saigon Stitch Factory 1", country="VN")
    return Register(stitch, factory, factory2, atlas, tunis, rival_site)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Uploaded evidence goes to a temporary directory, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
