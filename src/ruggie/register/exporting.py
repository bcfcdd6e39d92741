"""Export the register as CSV or .xlsx, one row per site, with the same column names the
import recognises (so an export can be edited and imported back). Every text cell is
neutralised against formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from ruggie.accounts.models import Organisation
from ruggie.core.cells import neutralise_formula
from ruggie.register.domain.columns import FIELDS
from ruggie.register.models import Relationship, Site, Supplier

COLUMNS = [
    "supplier_name",
    "other_names",
    "registration_id",
    "country",
    "website",
    "external_id",
    "site_name",
    "address",
    "region",
    "latitude",
    "longitude",
    "sector",
    "commodities",
    "headcount",
    "women_share",
    "migrant_share",
    "temporary_share",
    "tier",
    "sells_to",
    "spend",
    "currency",
    "start_date",
    "end_date",
    "tags",
]


def export_rows(*, organisation: Organisation) -> Iterator[list[Any]]:
    rels: dict[int, Relationship] = {}
    for r in (
        Relationship.objects.filter(organisation=organisation)
        .select_related("buyer_supplier")
        .order_by("tier")
    ):
        rels.setdefault(r.supplier_id, r)
    tags: dict[int, list[str]] = {}
    through = Supplier.tags.through
    for sid, name in through.objects.filter(supplier__organisation=organisation).values_list(
        "supplier_id", "tag__name"
    ):
        tags.setdefault(sid, []).append(name)
    commodities: dict[int, list[str]] = {}
    cthrough = Site.commodities.through
    for site_id, code in cthrough.objects.filter(site__organisation=organisation).values_list(
        "site_id", "commodity__code"
    ):
        commodities.setdefault(site_id, []).append(code)
    sites: dict[int, list[Site]] = {}
    for site in Site.objects.filter(organisation=organisation).order_by("id").iterator(chunk_size=5000):
        sites.setdefault(site.supplier_id, []).append(site)
    for s in (
        Supplier.objects.filter(organisation=organisation)
        .order_by("name_normalised", "id")
        .iterator(chunk_size=5000)
    ):
        rel: Relationship | None = rels.get(s.pk)
        supplier_part = [
            s.name,
            "; ".join(s.other_names),
            s.registration_id,
            s.country,
            s.website,
            s.external_id,
        ]
        rel_part = [
            rel.tier if rel else "",
            rel.buyer_supplier.name if rel and rel.buyer_supplier else "",
            rel.spend if rel and rel.spend is not None else "",
            rel.currency if rel else "",
            rel.start_date or "" if rel else "",
            rel.end_date or "" if rel else "",
            ", ".join(sorted(tags.get(s.pk, []))),
        ]
        for site in sites.get(s.pk) or [None]:  # type: ignore[list-item]
            site_part: list[Any] = (
                [""] * 11
                if site is None
                else [
                    site.name,
                    site.address,
                    site.region,
                    site.latitude,
                    site.longitude,
                    site.sector,
                    ", ".join(sorted(commodities.get(site.pk, []))),
                    site.headcount,
                    site.women_share,
                    site.migrant_share,
                    site.temporary_share,
                ]
            )
            row = supplier_part + site_part + rel_part
            yield [neutralise_formula("" if v is None else v) for v in row]


def header() -> list[str]:
    return [str(FIELDS[c].label) for c in COLUMNS]


def export_csv(*, organisation: Organisation) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header())
    writer.writerows(export_rows(organisation=organisation))
    # UTF-8 with BOM: Excel then opens non-Latin names correctly.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def export_xlsx(*, organisation: Organisation) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Suppliers")
    ws.append(header())
    for row in export_rows(organisation=organisation):
        ws.append(
            [
                float(v) if hasattr(v, "as_integer_ratio") and not isinstance(v, int | float) else v
                for v in row
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
