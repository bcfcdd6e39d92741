"""Deleting leaves nothing behind, though some keys are kept by the ORM, not the database
(decision 0012): a supplier's tag links, a site's commodity links, an organisation's whole
register and log, a deleted user's name on the events they made."""

from __future__ import annotations

from django.db import connection

from ruggie.accounts.models import Membership, Organisation, User
from ruggie.audit.models import AuditEvent
from ruggie.register.models import Commodity, Relationship, Site, Supplier, Tag
from ruggie.register.services import (
    relationship_create,
    site_create,
    site_delete,
    supplier_create,
    supplier_delete,
)


def _links(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - our names
        return int(cursor.fetchone()[0])


def _register(org: Organisation, actor: User) -> tuple[Supplier, Site]:
    cotton = Commodity.objects.get(organisation=None, code="cotton")
    supplier = supplier_create(
        organisation=org, actor=actor, name="Delta Mills", country="BD", tags=["denim"]
    )
    site = site_create(
        supplier=supplier, actor=actor, name="Delta Mill 1", country="BD", commodities=[cotton]
    )
    relationship_create(organisation=org, actor=actor, supplier=supplier, site=site, tier=1)
    return supplier, site


def test_deleting_a_site_and_a_supplier_removes_their_links(org: Organisation, analyst: Membership) -> None:
    supplier, site = _register(org, analyst.user)
    site_links, tag_links = Site.commodities.through._meta.db_table, Supplier.tags.through._meta.db_table
    assert _links(site_links) == 1 and _links(tag_links) == 1
    site_delete(site=site, actor=analyst.user)
    assert _links(site_links) == 0
    assert Relationship.objects.get().site is None  # the relationship stays, without its site
    supplier_delete(supplier=supplier, actor=analyst.user)
    assert _links(tag_links) == 0 and not Relationship.objects.exists()
    assert Tag.objects.filter(organisation=org, name="denim").exists()  # the tag itself stays


def test_deleting_an_organisation_leaves_no_orphans(
    org: Organisation, other_org: Organisation, analyst: Membership
) -> None:
    _register(org, analyst.user)
    _register(other_org, None)
    org.delete()
    for model in (Supplier, Site, Relationship, AuditEvent):
        assert not model.objects.filter(organisation_id=org.pk).exists(), model.__name__
        assert model.objects.filter(organisation=other_org).exists(), model.__name__
    assert _links(Site.commodities.through._meta.db_table) == 1  # the other organisation's
    assert _links(Supplier.tags.through._meta.db_table) == 1


def test_a_deleted_users_events_keep_their_name(org: Organisation, analyst: Membership) -> None:
    _register(org, analyst.user)
    email = analyst.user.email
    theirs = list(
        AuditEvent.objects.filter(organisation=org, actor=analyst.user).values_list("pk", flat=True)
    )
    assert len(theirs) == 3  # supplier, site, relationship
    analyst.user.delete()
    events = AuditEvent.objects.filter(pk__in=theirs)
    assert events.count() == 3 and not events.filter(actor__isnull=False).exists()
    assert set(events.values_list("actor_label", flat=True)) == {email}
