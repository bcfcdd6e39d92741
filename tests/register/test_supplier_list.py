"""The supplier list (/register/): filters, paging and the filter menus.

The selectors pick a query shape per filter for speed (one filter as an id set, the others as
correlated probes; count and page ids in one query). These tests hold the results to a plain
Python reading of each filter, on a register with name ties, suppliers matching through their
sites, and another organisation whose data matches every filter.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ruggie.accounts.models import Organisation
from ruggie.register import selectors
from ruggie.register.domain.names import normalise_name
from ruggie.register.models import Commodity, Relationship, Site, Supplier, Tag
from ruggie.register.selectors import SupplierFilters


@dataclass
class Register:
    own: Organisation
    rival: Organisation


def _supplier(org: Organisation, name: str, country: str, **fields: str) -> Supplier:
    return Supplier.objects.create(
        organisation=org, name=name, name_normalised=normalise_name(name), country=country, **fields
    )


def _site(supplier: Supplier, country: str, *commodities: Commodity) -> Site:
    site = Site.objects.create(
        organisation=supplier.organisation, supplier=supplier, name=f"{supplier.name} plant", country=country
    )
    site.commodities.set(commodities)
    return site


def _tier(supplier: Supplier, tier: int) -> None:
    Relationship.objects.create(organisation=supplier.organisation, supplier=supplier, tier=tier)


def _fill(org: Organisation, prefix: str) -> None:
    cotton = Commodity.objects.get(organisation=None, code="t-cotton")
    cocoa = Commodity.objects.get(organisation=None, code="t-cocoa")
    own_code = Commodity.objects.create(organisation=org, code="own-code", name=f"{prefix} own commodity")
    audited = Tag.objects.create(organisation=org, name="audited")
    core = Tag.objects.create(organisation=org, name="core")
    countries = ["VN", "CN", "BD", "TR"]
    for i in range(30):
        # Every third name repeats: ties are ordered by id.
        name = f"{prefix} {'Mill' if i % 2 else 'Farm'} {chr(ord('a') + i // 3)}"
        s = _supplier(org, name, countries[i % 4], registration_id=f"{prefix}-REG-{i}", external_id=f"v{i}")
        if i % 3 == 0:
            _site(s, countries[(i + 1) % 4], cotton)  # in a second country through a site
        if i % 5 == 0:
            _site(s, countries[i % 4], cocoa, own_code)
        if i % 7 == 0:
            _site(s, "GH")
        if i % 4 != 3:
            _tier(s, 1)
        if i % 3 == 1:
            _tier(s, 2)  # some suppliers at both tiers: listed once
        if i % 2 == 0:
            s.tags.add(audited)
        if i % 5 in (1, 2):
            s.tags.add(core)


@pytest.fixture
def register(org: Organisation, other_org: Organisation) -> Register:
    Commodity.objects.create(organisation=None, code="t-cotton", name="Test cotton")
    Commodity.objects.create(organisation=None, code="t-cocoa", name="Test cocoa")
    _fill(org, "Acme")
    _fill(other_org, "Rival")  # the same countries, codes, tags and tiers: must never count
    return Register(org, other_org)


def _expected(org: Organisation, f: SupplierFilters) -> list[int]:
    """The filters read plainly, in Python; the database only orders the result."""
    matches = []
    for s in Supplier.objects.filter(organisation=org):
        sites = list(Site.objects.filter(organisation=org, supplier=s).prefetch_related("commodities"))
        if f.q:
            code = f.q.strip()
            needle = normalise_name(f.q)
            if not (
                s.registration_id in (code, code.upper())
                or s.external_id in (code, code.upper())
                or (needle and needle in s.name_normalised)
            ):
                continue
        if f.country and s.country != f.country and not any(site.country == f.country for site in sites):
            continue
        if f.commodity and not any(
            c.code == f.commodity and c.organisation_id in (None, org.pk)
            for site in sites
            for c in site.commodities.all()
        ):
            continue
        if (
            f.tier is not None
            and not Relationship.objects.filter(organisation=org, supplier=s, tier=f.tier).exists()
        ):
            continue
        if f.tag and not s.tags.filter(organisation=org, name=f.tag).exists():
            continue
        matches.append(s.pk)
    ordered = Supplier.objects.filter(pk__in=matches).order_by("name_normalised", "id")
    return list(ordered.values_list("pk", flat=True))


COMBOS = list(
    itertools.product(
        ["", "mill", "Acme-REG-4", "Rival-REG-4", "zzz"],
        ["", "VN", "CN", "GH", "XX"],
        ["", "t-cotton", "own-code", "nope"],
        [None, 1, 2, 3],
        ["", "audited", "core", "nope"],
    )
)


def test_filters_alone_and_together_match_a_plain_reading(register: Register) -> None:
    checked = 0
    for q, country, commodity, tier, tag in COMBOS[::3] + COMBOS[1::37]:
        f = SupplierFilters(q=q, country=country, commodity=commodity, tier=tier, tag=tag)
        got = list(selectors.supplier_list(organisation=register.own, filters=f).values_list("pk", flat=True))
        assert got == _expected(register.own, f), f
        checked += bool(got)
    assert checked > 30  # the combinations are not all empty


def test_each_filter_alone(register: Register) -> None:
    for f in [
        SupplierFilters(),
        SupplierFilters(q="farm"),
        SupplierFilters(country="CN"),
        SupplierFilters(commodity="t-cocoa"),
        SupplierFilters(tier=2),
        SupplierFilters(tag="core"),
    ]:
        got = list(selectors.supplier_list(organisation=register.own, filters=f).values_list("pk", flat=True))
        assert got == _expected(register.own, f), f
        assert got  # each matches something


PAGES: list[int | float | str | None] = [None, "1", "2", "3", 3, 2.0, "0", "-1", "x", "2.5", 2.5, " 2 ", "99"]


@pytest.mark.parametrize(
    "f",
    [
        SupplierFilters(),
        SupplierFilters(country="VN"),
        SupplierFilters(tier=1, tag="audited"),
        SupplierFilters(q="mill", country="CN", tier=1),
        SupplierFilters(commodity="t-cotton", country="BD"),
        SupplierFilters(tag="nope"),
        SupplierFilters(commodity="nope", tier=1),
        SupplierFilters(q="zzz"),
    ],
)
def test_pages_are_what_the_paginator_gives(register: Register, f: SupplierFilters) -> None:
    qs = selectors.supplier_list(organisation=register.own, filters=f)
    for number in PAGES:
        want = Paginator(qs, 4).get_page(number)
        got = selectors.supplier_page(organisation=register.own, filters=f, number=number, per_page=4)
        assert (got.number, got.paginator.count, got.paginator.num_pages) == (
            want.number,
            want.paginator.count,
            want.paginator.num_pages,
        ), (f, number)
        assert [s.pk for s in got] == [s.pk for s in want], (f, number)
        assert got.has_next() == want.has_next() and got.start_index() == want.start_index()


def test_page_loads_only_the_fields_asked_for(register: Register) -> None:
    page = selectors.supplier_page(
        organisation=register.own, filters=SupplierFilters(country="VN"), per_page=5, fields=("id", "name")
    )
    assert page.object_list
    assert all(s.get_deferred_fields() >= {"website", "other_names"} for s in page.object_list)


def test_filtered_page_counts_and_pages_in_one_query(register: Register) -> None:
    f = SupplierFilters(country="VN", tier=1, tag="audited")
    with CaptureQueriesContext(connection) as ctx:
        page = selectors.supplier_page(organisation=register.own, filters=f, number="1", per_page=3)
    assert page.paginator.count == len(_expected(register.own, f)) > 3
    filtering = [q["sql"] for q in ctx.captured_queries if "register_relationship" in q["sql"]]
    assert len(filtering) == 1  # not a COUNT(*) and then the page, each filtering in full


def test_countries_are_the_organisations_own(register: Register) -> None:
    own = set(Supplier.objects.filter(organisation=register.own).values_list("country", flat=True))
    countries = selectors.countries_in_register(organisation=register.own)
    assert countries == sorted(own) == ["BD", "CN", "TR", "VN"]
    _supplier(register.rival, "Rival Only Co", "ZA")
    assert "ZA" not in selectors.countries_in_register(organisation=register.own)
    empty = Organisation.objects.create(slug="empty", name="Empty", kind="company")
    assert selectors.countries_in_register(organisation=empty) == []


def test_list_page_filters_and_menus(register: Register, analyst_client: Client) -> None:
    params = {"country": "vn", "tier": "1", "tag": "audited", "commodity": "t-cotton", "q": " acme "}
    response = analyst_client.get("/register/", params)
    assert response.status_code == 200
    f = SupplierFilters(q="acme", country="VN", commodity="t-cotton", tier=1, tag="audited")
    expected = _expected(register.own, f)
    assert expected
    assert [s.pk for s in response.context["page"]] == expected[:50]
    body = response.content.decode()
    assert f'<p role="status">{len(expected)} supplier' in body
    assert '<option value="VN" selected>' in body
    assert '<option value="CN">' in body and '<option value="ZA"' not in body
    assert '<option value="t-cotton" selected>Test cotton</option>' in body
    assert '<option value="own-code">Acme own commodity</option>' in body
    assert "Rival own commodity" not in body
    assert '<option value="1" selected>1</option><option value="2">2</option>' in body
    assert '<option value="audited" selected>audited</option><option value="core">core</option>' in body
    assert "Rival" not in body.split("<tbody>")[1]


def test_list_page_escapes_menu_labels(register: Register, analyst_client: Client) -> None:
    Tag.objects.create(organisation=register.own, name='<b>"x"</b>')
    body = analyst_client.get("/register/", {"tag": '<b>"x"</b>'}).content.decode()
    escaped = "&lt;b&gt;&quot;x&quot;&lt;/b&gt;"
    assert f'<option value="{escaped}" selected>{escaped}</option>' in body
    assert '<b>"x"</b>' not in body


def test_list_page_out_of_range_shows_the_last_page(register: Register, analyst_client: Client) -> None:
    f = SupplierFilters(tier=1)
    count = len(_expected(register.own, f))
    assert count > 0
    page = analyst_client.get("/register/", {"tier": "1", "page": "99"}).context["page"]
    assert page.number == page.paginator.num_pages == 1 and page.paginator.count == count
