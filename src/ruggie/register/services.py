"""Writes to the register. Each service is atomic and records an audit event in the same
transaction, with the acting user and the fields that changed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import diff, record
from ruggie.register.domain import classification
from ruggie.register.domain.names import normalise_name
from ruggie.register.models import Commodity, Relationship, Site, Supplier, Tag

AUDIT_EXCLUDE = {"id", "organisation", "created_at", "updated_at", "name_normalised"}


def _snapshot(obj: Any) -> dict[str, Any]:
    data = model_to_dict(obj)
    for key in list(data):
        if key in AUDIT_EXCLUDE:
            data.pop(key)
        elif isinstance(data[key], list):
            data[key] = sorted(str(getattr(v, "name", v)) for v in data[key])
    return data


def _set_tags(supplier: Supplier, names: list[str]) -> None:
    tags = []
    for name in {n.strip()[:100] for n in names if n.strip()}:
        tag, _ = Tag.objects.get_or_create(organisation=supplier.organisation, name=name)
        tags.append(tag)
    supplier.tags.set(tags)


@transaction.atomic
def supplier_create(
    *, organisation: Organisation, actor: Any, tags: list[str] | None = None, **fields: Any
) -> Supplier:
    supplier = Supplier(organisation=organisation, **fields)
    supplier.name_normalised = normalise_name(supplier.name)[:255]
    supplier.full_clean(exclude=["organisation", "name_normalised"])
    supplier.save()
    _set_tags(supplier, tags or [])
    record(
        organisation=organisation,
        actor=actor,
        event_type=EventType.SUPPLIER_CREATED,
        target=supplier,
        changes=diff({}, _snapshot(supplier)),
    )
    return supplier


@transaction.atomic
def supplier_update(
    *, supplier: Supplier, actor: Any, tags: list[str] | None = None, **fields: Any
) -> Supplier:
    before = _snapshot(supplier)
    for key, value in fields.items():
        setattr(supplier, key, value)
    supplier.name_normalised = normalise_name(supplier.name)[:255]
    supplier.full_clean(exclude=["organisation", "name_normalised"])
    supplier.save()
    if tags is not None:
        _set_tags(supplier, tags)
    changes = diff(before, _snapshot(supplier))
    if changes:
        record(
            organisation=supplier.organisation,
            actor=actor,
            event_type=EventType.SUPPLIER_UPDATED,
            target=supplier,
            changes=changes,
        )
    return supplier


@transaction.atomic
def supplier_delete(*, supplier: Supplier, actor: Any) -> None:
    record(
        organisation=supplier.organisation,
        actor=actor,
        event_type=EventType.SUPPLIER_DELETED,
        target=supplier,
        changes=diff(_snapshot(supplier), {}),
    )
    supplier.delete()


@transaction.atomic
def site_create(
    *, supplier: Supplier, actor: Any, commodities: list[Any] | None = None, **fields: Any
) -> Site:
    site = Site(organisation=supplier.organisation, supplier=supplier, **fields)
    site.full_clean(exclude=["organisation", "supplier"])
    site.save()
    if commodities is not None:
        site.commodities.set(commodities)
    record(
        organisation=supplier.organisation,
        actor=actor,
        event_type=EventType.SITE_CREATED,
        target=site,
        changes=diff({}, _snapshot(site)),
    )
    return site


@transaction.atomic
def site_update(*, site: Site, actor: Any, commodities: list[Any] | None = None, **fields: Any) -> Site:
    before = _snapshot(site)
    for key, value in fields.items():
        setattr(site, key, value)
    site.full_clean(exclude=["organisation", "supplier"])
    site.save()
    if commodities is not None:
        site.commodities.set(commodities)
    changes = diff(before, _snapshot(site))
    if changes:
        record(
            organisation=site.organisation,
            actor=actor,
            event_type=EventType.SITE_UPDATED,
            target=site,
            changes=changes,
        )
    return site


@transaction.atomic
def site_delete(*, site: Site, actor: Any) -> None:
    record(
        organisation=site.organisation,
        actor=actor,
        event_type=EventType.SITE_DELETED,
        target=site,
        changes=diff(_snapshot(site), {}),
    )
    site.delete()


@transaction.atomic
def relationship_create(*, organisation: Organisation, actor: Any, **fields: Any) -> Relationship:
    rel = Relationship(organisation=organisation, **fields)
    _check_same_organisation(rel, organisation)
    rel.full_clean(exclude=["organisation"])
    rel.save()
    record(
        organisation=organisation,
        actor=actor,
        event_type=EventType.RELATIONSHIP_CREATED,
        target=rel,
        changes=diff({}, _snapshot(rel)),
    )
    return rel


@transaction.atomic
def relationship_update(*, relationship: Relationship, actor: Any, **fields: Any) -> Relationship:
    before = _snapshot(relationship)
    for key, value in fields.items():
        setattr(relationship, key, value)
    _check_same_organisation(relationship, relationship.organisation)
    relationship.full_clean(exclude=["organisation"])
    relationship.save()
    changes = diff(before, _snapshot(relationship))
    if changes:
        record(
            organisation=relationship.organisation,
            actor=actor,
            event_type=EventType.RELATIONSHIP_UPDATED,
            target=relationship,
            changes=changes,
        )
    return relationship


@transaction.atomic
def relationship_delete(*, relationship: Relationship, actor: Any) -> None:
    record(
        organisation=relationship.organisation,
        actor=actor,
        event_type=EventType.RELATIONSHIP_DELETED,
        target=relationship,
        changes=diff(_snapshot(relationship), {}),
    )
    relationship.delete()


def _check_same_organisation(rel: Relationship, organisation: Organisation) -> None:
    """A relationship may only join records of one register (no cross-tenant links)."""
    from django.core.exceptions import ValidationError

    for name in ("supplier", "buyer_supplier", "site"):
        obj = getattr(rel, name, None)
        if obj is not None and obj.organisation_id != organisation.pk:
            raise ValidationError({name: "Not found in this organisation's register."})


@transaction.atomic
def commodities_extend(
    *, organisation: Organisation, actor: Any, entries: list[classification.Commodity]
) -> int:
    """Add or update an organisation's own commodities (same format as data/commodities.yaml)."""
    count = 0
    for entry in entries:
        _obj, created = Commodity.objects.update_or_create(
            organisation=organisation,
            code=entry.code,
            defaults={"name": entry.name, "hs_codes": list(entry.hs), "aliases": list(entry.aliases)},
        )
        count += 1
        record(
            organisation=organisation,
            actor=actor,
            event_type=EventType.COMMODITY_CREATED if created else EventType.COMMODITY_UPDATED,
            target=_obj,
            changes={"name": [None, entry.name], "hs": [None, list(entry.hs)]},
        )
    return count
