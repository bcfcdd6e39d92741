"""Reads of the register. Every selector takes ``organisation=``: tenant scope lives here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ruggie.accounts.models import Organisation
from ruggie.register.domain.names import normalise_name
from ruggie.register.models import Commodity, ImportJob, Relationship, Site, Supplier, Tag


@dataclass(frozen=True)
class SupplierFilters:
    q: str = ""
    country: str = ""
    commodity: str = ""
    tier: int | None = None
    tag: str = ""


def supplier_list(
    *, organisation: Organisation, filters: SupplierFilters | None = None
) -> QuerySet[Supplier]:
    f = filters or SupplierFilters()
    qs = Supplier.objects.filter(organisation=organisation)
    if f.q:
        needle = normalise_name(f.q)
        # Codes match exactly (as written, or upper-cased: ids are mostly upper case), so the
        # (organisation, code) indexes answer; names match anywhere, case-insensitively.
        code = f.q.strip()
        cond = Q(registration_id__in={code, code.upper()}) | Q(external_id__in={code, code.upper()})
        if needle:
            cond |= Q(name_normalised__contains=needle)
        # Through an id subquery: SQLite otherwise walks the name index and reads every
        # supplier row in name order (~200 ms at 100,000 suppliers) for a substring match.
        qs = qs.filter(pk__in=Supplier.objects.filter(cond, organisation=organisation).values("pk"))
    # Filters on related rows are "id IN (one uncorrelated subquery)", not correlated EXISTS:
    # the paginator's COUNT(*) then computes the matching ids once instead of probing per
    # supplier (100,000 suppliers: ~300 ms -> a few ms on SQLite). Sites and relationships
    # always carry their supplier's organisation, so scoping the subqueries changes nothing
    # but lets them use the (organisation, ...) indexes.
    if f.country:
        # A supplier is "in" a country when it or one of its sites is there.
        sites = Site.objects.filter(organisation=organisation, country=f.country)
        qs = qs.filter(Q(country=f.country) | Q(pk__in=sites.values("supplier_id")))
    if f.commodity:
        # Resolve the code to ids first: a join on the commodity table makes the planner
        # expect one row and probe sites one by one (PostgreSQL: ~190 ms -> ~60 ms).
        ids = list(
            commodity_choices(organisation=organisation).filter(code=f.commodity).values_list("id", flat=True)
        )
        sites = Site.objects.filter(organisation=organisation, commodities__in=ids)
        qs = qs.filter(pk__in=sites.values("supplier_id"))
    if f.tier is not None:
        qs = qs.filter(
            pk__in=Relationship.objects.filter(organisation=organisation, tier=f.tier).values("supplier_id")
        )
    if f.tag:
        tag_ids = list(Tag.objects.filter(organisation=organisation, name=f.tag).values_list("id", flat=True))
        qs = qs.filter(pk__in=Supplier.tags.through.objects.filter(tag_id__in=tag_ids).values("supplier_id"))
    return qs.order_by("name_normalised", "id")


def supplier_page_details(suppliers: list[Supplier]) -> list[Supplier]:
    """Attach site counts and tiers to one page of suppliers (queries bounded by page size)."""
    ids = [s.pk for s in suppliers]
    counts = dict(
        Site.objects.filter(supplier_id__in=ids)
        .values("supplier_id")
        .annotate(n=Count("id"))
        .values_list("supplier_id", "n")
    )
    tiers: dict[int, set[int]] = {}
    for sid, tier in Relationship.objects.filter(supplier_id__in=ids).values_list("supplier_id", "tier"):
        tiers.setdefault(sid, set()).add(tier)
    for s in suppliers:
        s.site_count = counts.get(s.pk, 0)  # type: ignore[attr-defined]
        s.tier_list = sorted(tiers.get(s.pk, set()))  # type: ignore[attr-defined]
    return suppliers


def supplier_get(*, organisation: Organisation, pk: int) -> Supplier:
    return Supplier.objects.get(organisation=organisation, pk=pk)


def site_list(*, organisation: Organisation, supplier: Supplier | None = None) -> QuerySet[Site]:
    qs = Site.objects.filter(organisation=organisation)
    if supplier is not None:
        qs = qs.filter(supplier=supplier)
    return qs.select_related("supplier").prefetch_related("commodities")


def site_get(*, organisation: Organisation, pk: int) -> Site:
    return Site.objects.select_related("supplier").get(organisation=organisation, pk=pk)


def relationship_list(
    *, organisation: Organisation, supplier: Supplier | None = None
) -> QuerySet[Relationship]:
    qs = Relationship.objects.filter(organisation=organisation)
    if supplier is not None:
        qs = qs.filter(Q(supplier=supplier) | Q(buyer_supplier=supplier))
    return qs.select_related("supplier", "buyer_supplier", "site")


def relationship_get(*, organisation: Organisation, pk: int) -> Relationship:
    return Relationship.objects.select_related("supplier", "buyer_supplier").get(
        organisation=organisation, pk=pk
    )


def tag_names(*, organisation: Organisation) -> list[str]:
    return list(Tag.objects.filter(organisation=organisation).values_list("name", flat=True))


def commodity_choices(*, organisation: Organisation) -> QuerySet[Commodity]:
    """The built-in commodities and the organisation's own."""
    return Commodity.objects.filter(Q(organisation=None) | Q(organisation=organisation))


def countries_in_register(*, organisation: Organisation) -> list[str]:
    return sorted(
        # order_by(): the model's default ordering would otherwise join the DISTINCT and
        # return one row per supplier instead of one per country.
        set(
            Supplier.objects.filter(organisation=organisation)
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
    )


def import_job_get(*, organisation: Organisation, pk: int) -> ImportJob:
    return ImportJob.objects.get(organisation=organisation, pk=pk)


def import_job_list(*, organisation: Organisation) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(organisation=organisation).defer("content")
