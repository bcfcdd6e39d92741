"""Writes to the register. Each service is atomic and records an audit event in the same
transaction, with the acting user and the fields that changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.forms.models import model_to_dict

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import diff, record
from ruggie.core.errors import UserFacingError
from ruggie.register.domain import classification
from ruggie.register.domain.names import normalise_name
from ruggie.register.models import Commodity, Relationship, Site, Supplier, Tag
from ruggie.register.signals import announce

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


def _save_audited(
    obj: Any,
    *,
    actor: Any,
    event_type: EventType,
    before: dict[str, Any],
    exclude: list[str],
    then: Callable[[], None] | None = None,
) -> None:
    """Validate, save, run ``then`` (many-to-many sets), and record what changed."""
    obj.full_clean(exclude=exclude)
    obj.save()
    if then is not None:
        then()
    changes = diff(before, _snapshot(obj))
    if changes or not before:
        record(organisation=obj.organisation, actor=actor, event_type=event_type, target=obj, changes=changes)


class DeleteRefused(UserFacingError):
    """The record has history elsewhere (findings) that must not vanish with it."""


def _delete_audited(obj: Any, *, actor: Any, event_type: EventType) -> None:
    record(
        organisation=obj.organisation,
        actor=actor,
        event_type=event_type,
        target=obj,
        changes=diff(_snapshot(obj), {}),
    )
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as exc:
        # Findings point at suppliers and sites with PROTECT: their history stays.
        raise DeleteRefused(
            f"'{obj}' has {len(exc.protected_objects)} finding(s) and cannot be deleted:"
            " findings keep their history. Close the findings instead, or keep the record."
        ) from None


def _assign(obj: Any, fields: dict[str, Any]) -> dict[str, Any]:
    before = _snapshot(obj) if obj.pk else {}
    for key, value in fields.items():
        setattr(obj, key, value)
    return before


@transaction.atomic
def supplier_create(
    *, organisation: Organisation, actor: Any, tags: list[str] | None = None, **fields: Any
) -> Supplier:
    supplier = Supplier(organisation=organisation)
    return supplier_update(supplier=supplier, actor=actor, tags=tags or [], **fields)


@transaction.atomic
def supplier_update(
    *, supplier: Supplier, actor: Any, tags: list[str] | None = None, **fields: Any
) -> Supplier:
    created = supplier.pk is None
    before = _assign(supplier, fields)
    supplier.name_normalised = normalise_name(supplier.name)[:255]
    _save_audited(
        supplier,
        actor=actor,
        before=before,
        exclude=["organisation", "name_normalised"],
        event_type=EventType.SUPPLIER_CREATED if created else EventType.SUPPLIER_UPDATED,
        then=None if tags is None else (lambda: _set_tags(supplier, tags)),
    )
    announce(supplier.organisation_id, what="suppliers", trigger="supplier")
    return supplier


@transaction.atomic
def supplier_delete(*, supplier: Supplier, actor: Any) -> None:
    _delete_audited(supplier, actor=actor, event_type=EventType.SUPPLIER_DELETED)
    announce(supplier.organisation_id, what="suppliers", trigger="supplier")


@transaction.atomic
def site_create(
    *, supplier: Supplier, actor: Any, commodities: list[Any] | None = None, **fields: Any
) -> Site:
    site = Site(organisation=supplier.organisation, supplier=supplier)
    return site_update(site=site, actor=actor, commodities=commodities, **fields)


@transaction.atomic
def site_update(*, site: Site, actor: Any, commodities: list[Any] | None = None, **fields: Any) -> Site:
    created = site.pk is None
    before = _assign(site, fields)
    _save_audited(
        site,
        actor=actor,
        before=before,
        exclude=["organisation", "supplier"],
        event_type=EventType.SITE_CREATED if created else EventType.SITE_UPDATED,
        then=None if commodities is None else (lambda: site.commodities.set(commodities)),
    )
    announce(site.organisation_id, what="sites", trigger="site")
    return site


@transaction.atomic
def site_delete(*, site: Site, actor: Any) -> None:
    _delete_audited(site, actor=actor, event_type=EventType.SITE_DELETED)
    announce(site.organisation_id, what="sites", trigger="site")


@transaction.atomic
def relationship_create(*, organisation: Organisation, actor: Any, **fields: Any) -> Relationship:
    return relationship_update(relationship=Relationship(organisation=organisation), actor=actor, **fields)


@transaction.atomic
def relationship_update(*, relationship: Relationship, actor: Any, **fields: Any) -> Relationship:
    created = relationship.pk is None
    before = _assign(relationship, fields)
    _check_same_organisation(relationship, relationship.organisation)
    _save_audited(
        relationship,
        actor=actor,
        before=before,
        exclude=["organisation"],
        event_type=EventType.RELATIONSHIP_CREATED if created else EventType.RELATIONSHIP_UPDATED,
    )
    return relationship


@transaction.atomic
def relationship_delete(*, relationship: Relationship, actor: Any) -> None:
    _delete_audited(relationship, actor=actor, event_type=EventType.RELATIONSHIP_DELETED)


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


@transaction.atomic
def supplier_link_account(*, supplier: Supplier, actor: Any, account: Organisation | None) -> Supplier:
    """Link a register supplier to the supplier's own organisation in ruggie (or unlink it).

    Its members then see the corrective actions assigned to the supplier, and nothing
    else of the buyer's. Only supplier organisations can be linked.
    """
    if account is not None and account.kind != "supplier":
        raise UserFacingError(f"'{account.slug}' is not a supplier organisation.")
    old = supplier.account
    supplier.account = account
    supplier.save(update_fields=["account", "updated_at"])
    record(
        organisation=supplier.organisation,
        actor=actor,
        event_type=EventType.SUPPLIER_UPDATED,
        target=supplier,
        changes={"account": [old.slug if old else None, account.slug if account else None]},
    )
    return supplier
