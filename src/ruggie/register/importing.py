"""Supplier-list import: read, map, validate, plan, and store in one transaction.

The pure steps live in ``register.domain``; this module loads the register snapshot the
plan needs and stores the plan with bulk inserts (one pass, no query per row).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import event, record, record_many, record_same_event
from ruggie.bulk import bulk_insert, refresh_statistics
from ruggie.core.errors import FileRefused
from ruggie.register.domain import classification
from ruggie.register.domain.columns import FIELDS, ColumnMapping, guess_mapping
from ruggie.register.domain.import_plan import (
    ExistingSupplier,
    ImportPlan,
    SupplierGroup,
    apply_decisions,
    plan_import,
)
from ruggie.register.domain.names import normalise_name
from ruggie.register.domain.rows import SupplierRow, validate_rows
from ruggie.register.domain.tabular import Table, paused_gc, read_table
from ruggie.register.models import Commodity, Relationship, Site, Supplier, Tag
from ruggie.register.signals import announce

# progress(percent, stage): parsing and checking take most of the time for a large file,
# storing is one bulk transaction.
Progress = Callable[[int, str], None]
MODES = ("valid_only", "all_or_nothing")
BATCH = 2000
STATISTICS_AFTER = 5000  # rows; after a large load the query planner needs fresh statistics


def _refresh_statistics() -> None:
    """Statistics for the register tables, so list and filter queries get good plans at once."""
    refresh_statistics([Supplier, Site, Relationship, Tag, Supplier.tags.through, Site.commodities.through])


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    committed: bool = False
    rows: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "error": self.error,
            "committed": self.committed,
            "rows": self.rows,
        }


def mapping_from_dict(table: Table, chosen: Mapping[str, int] | None) -> ColumnMapping:
    """The user's mapping if given (field -> column), otherwise ruggie's guess."""
    if not chosen:
        return guess_mapping(table.header)
    columns = {f: int(i) for f, i in chosen.items() if f in FIELDS and 0 <= int(i) < len(table.header)}
    used = set(columns.values())
    return ColumnMapping(
        columns=columns, unsure={}, unmapped=[i for i in range(len(table.header)) if i not in used]
    )


def existing_snapshot(organisation: Organisation) -> list[ExistingSupplier]:
    sites: dict[int, list[str]] = {}
    for sid, name in Site.objects.filter(organisation=organisation).values_list("supplier_id", "name"):
        sites.setdefault(sid, []).append(name)
    return [
        ExistingSupplier(
            id=pk,
            name=name,
            country=country,
            registration_id=reg,
            external_id=ext,
            website=web,
            other_names=tuple(other or ()),
            site_names=tuple(sites.get(pk, ())),
        )
        for pk, name, country, reg, ext, web, other in Supplier.objects.filter(
            organisation=organisation
        ).values_list("id", "name", "country", "registration_id", "external_id", "website", "other_names")
    ]


def known_commodity(organisation: Organisation) -> Callable[[str], str | None]:
    extra = [
        classification.Commodity(
            code=c.code, name=c.name, hs=tuple(c.hs_codes), aliases=tuple(c.aliases), ilab_goods=(), isic=""
        )
        for c in Commodity.objects.filter(organisation=organisation)
    ]
    return lambda text: classification.resolve_commodity(text, extra)


def plan(
    *,
    organisation: Organisation,
    table: Table,
    mapping: ColumnMapping,
    merge: Mapping[str, bool] | None = None,
) -> ImportPlan:
    validated = validate_rows(
        table,
        mapping,
        known_sectors=classification.resolve_sector,
        known_commodities=known_commodity(organisation),
    )
    existing = existing_snapshot(organisation)
    result = plan_import(validated.valid, validated.rejected, existing)
    # Proposed merges apply unless the user declined them (merge[id] is False).
    return apply_decisions(result, merge or {}, existing)


def _column_names(table: Table | None, mapping: ColumnMapping | None) -> dict[str, str]:
    """Field -> the header the user wrote, so errors name *their* column."""
    if table is None or mapping is None:
        return {}
    return {
        f: table.header[i] or FIELDS[f].label for f, i in mapping.columns.items() if i < len(table.header)
    }


def report_for(
    plan_: ImportPlan, rows: int, table: Table | None = None, mapping: ColumnMapping | None = None
) -> ImportReport:
    counts = plan_.counts()
    columns = _column_names(table, mapping)
    return ImportReport(
        created=counts["create"],
        updated=counts["update"],
        unchanged=counts["unchanged"],
        rejected=[
            {
                "row": e.row,
                "field": e.field,
                "column": columns.get(e.field) or (str(FIELDS[e.field].label) if e.field in FIELDS else ""),
                "value": e.value,
                "reason": e.reason,
                "fix": e.fix,
            }
            for e in plan_.rejected
        ],
        duplicates=[d.as_dict() for d in plan_.duplicates],
        rows=rows,
    )


def run_import(
    *,
    organisation: Organisation,
    actor: Any,
    data: bytes,
    filename: str,
    mapping: Mapping[str, int] | None = None,
    mode: str = "valid_only",
    dry_run: bool = False,
    merge: Mapping[str, bool] | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """The whole import, as the CLI and the background task run it. Never raises for bad input."""
    # The plan holds millions of small objects; every automatic collection would rescan
    # them all (a fifth of a 100,000-row import). Nothing here builds reference cycles
    # that must be freed before the import ends, and collection resumes afterwards.
    with paused_gc():
        return _run_import(organisation, actor, data, filename, mapping, mode, dry_run, merge, progress)


def _run_import(
    organisation: Organisation,
    actor: Any,
    data: bytes,
    filename: str,
    mapping: Mapping[str, int] | None,
    mode: str,
    dry_run: bool,
    merge: Mapping[str, bool] | None,
    progress: Progress | None,
) -> ImportReport:
    say = progress or (lambda _p, _s: None)
    say(2, "reading")
    try:
        table = read_table(data, filename)
    except FileRefused as exc:
        return ImportReport(error=exc.message)
    colmap = mapping_from_dict(table, mapping)
    missing = colmap.missing_required()
    if missing:
        labels = ", ".join(FIELDS[f].label for f in missing)
        return ImportReport(
            error=f"No column for {labels}. Name the column in the header row "
            f"(for example 'Supplier name', 'Country') or map it by hand."
        )
    say(15, "checking rows")
    result = plan(organisation=organisation, table=table, mapping=colmap, merge=merge)
    say(60, "checked")
    report = report_for(result, len(table.rows), table, colmap)
    if mode == "all_or_nothing" and report.rejected:
        report.error = (
            f"Nothing was imported: {len({r['row'] for r in report.rejected})} row(s) have problems. "
            "Fix them and upload again, or import the valid rows only."
        )
        return report
    if not dry_run:
        store(organisation=organisation, actor=actor, plan_=result, filename=filename, progress=progress)
        report.committed = True
        if report.created + report.updated >= STATISTICS_AFTER:
            _refresh_statistics()
    say(100, "done")
    return report


@transaction.atomic
def store(
    *,
    organisation: Organisation,
    actor: Any,
    plan_: ImportPlan,
    filename: str,
    progress: Progress | None = None,
) -> None:
    """Write the plan in one transaction: everything or nothing."""
    announce(organisation.pk, what="suppliers", trigger="import")
    if connection.vendor == "postgresql":
        # New names go to the trigram index's pending list instead of being merged into the
        # index row by row; the VACUUM after a large import merges them in one sorted pass.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL gin_pending_list_limit = '256MB'")
    groups = list(plan_.groups.values())
    total = len(groups)
    creates = [g for g in groups if g.action == "create"]
    updates = [g for g in groups if g.action == "update"]
    commodity_ids = _commodity_ids(organisation, groups)
    tag_ids = _tag_ids(organisation, groups)
    done = 0
    supplier_for: dict[str, int] = {}
    # PostgreSQL: one COPY per table for the whole import, so the server indexes one table's
    # rows while Python is still streaming them (batches would make the two take turns).
    # SQLite writes in this process either way: batches keep its statements small.
    size = max(len(creates), 1) if connection.vendor == "postgresql" else BATCH
    for start in range(0, len(creates), size):
        chunk = creates[start : start + size]
        names = [g.first.supplier_name for g in chunk]
        ids = bulk_insert(
            Supplier, _SUPPLIER_COLUMNS, [_new_supplier(organisation, g) for g in chunk], returning=True
        )
        for g, pk in zip(chunk, ids, strict=True):
            supplier_for[g.key] = pk
        _store_sites(organisation, list(zip(chunk, ids, strict=True)), commodity_ids, {})
        _store_tags(chunk, supplier_for, tag_ids, fresh=True)
        # The same events as event(target=supplier) makes, without loading the suppliers back.
        record_same_event(
            organisation=organisation,
            actor=actor,
            event_type=EventType.SUPPLIER_CREATED,
            target_type=Supplier._meta.model_name or "supplier",
            targets=(
                (pk, name, {"import": filename, "sites": len(g.rows)})
                for g, pk, name in zip(chunk, ids, names, strict=True)
            ),
        )
        done += len(chunk)
        if progress:
            progress(60 + int(35 * done / max(total, 1)), "storing")
    _store_updates(organisation, actor, updates, commodity_ids, tag_ids, filename)
    for g in groups:
        if g.existing_id is not None:
            supplier_for[g.key] = g.existing_id
    _store_relationships(organisation, groups, supplier_for)
    counts = plan_.counts()
    record(
        organisation=organisation,
        actor=actor,
        event_type=EventType.IMPORT_COMMITTED,
        target_type="import",
        target_repr=filename[:255],
        changes={**counts, "rejected_rows": len(plan_.rejected_rows())},
    )


_SUPPLIER_COLUMNS = (
    "organisation_id", "name", "name_normalised", "other_names", "registration_id", "country",
    "website", "external_id",
)  # fmt: skip


def _new_supplier(organisation: Organisation, g: SupplierGroup) -> tuple[Any, ...]:
    """A new supplier's values, in _SUPPLIER_COLUMNS order."""
    r = g.first
    others = sorted(
        set(r.other_names) | {x.supplier_name for x in g.rows if x.supplier_name != r.supplier_name}
    )
    return (
        organisation.pk, r.supplier_name, normalise_name(r.supplier_name)[:255], others, r.registration_id,
        r.country, r.website, r.external_id,
    )  # fmt: skip


def _site_values(r: SupplierRow) -> dict[str, Any]:
    return {
        "name": (r.site_name or r.supplier_name)[:255],
        "address": r.address,
        "country": r.country,
        "region": r.region,
        "latitude": r.latitude,
        "longitude": r.longitude,
        "sector": r.sector,
        "headcount": r.headcount,
        "women_share": r.women_share,
        "migrant_share": r.migrant_share,
        "temporary_share": r.temporary_share,
    }


def _store_sites(
    organisation: Organisation,
    groups: list[tuple[SupplierGroup, int]],
    commodity_ids: dict[str, int],
    existing_sites: dict[tuple[int, str], Site],
) -> None:
    new_sites: list[tuple[Any, ...]] = []
    new_commodities: list[list[int]] = []
    changed: list[Site] = []
    seen: set[tuple[int, str]] = set()
    columns: tuple[str, ...] = ()
    for g, supplier_id in groups:
        for r in g.rows:
            values = _site_values(r)
            key = (supplier_id, normalise_name(values["name"]))
            if key in seen:
                continue
            seen.add(key)
            site = existing_sites.get(key)
            if site is None:
                columns = columns or ("organisation_id", "supplier_id", *values)
                new_sites.append((organisation.pk, supplier_id, *values.values()))
                new_commodities.append([commodity_ids[c] for c in r.commodities if c in commodity_ids])
            else:
                for k, v in values.items():
                    if v not in (None, ""):
                        setattr(site, k, v)
                changed.append(site)
    created = bulk_insert(Site, columns, new_sites, returning=True)
    # The sites are new, so their commodity links cannot exist yet: with repeats removed
    # here, PostgreSQL can COPY them instead of checking each for a conflict.
    bulk_insert(
        Site.commodities.through,
        ("site_id", "commodity_id"),
        [(pk, c) for pk, cs in zip(created, new_commodities, strict=True) for c in dict.fromkeys(cs)],
        plain=True,  # two ids per row: COPY text, no per-row driver call
    )
    if changed:
        Site.objects.bulk_update(changed, list(_site_values(g.first).keys()), batch_size=BATCH)


def _store_updates(
    organisation: Organisation,
    actor: Any,
    updates: list[SupplierGroup],
    commodity_ids: dict[str, int],
    tag_ids: dict[str, int],
    filename: str,
) -> None:
    if not updates:
        return
    suppliers = Supplier.objects.in_bulk([g.existing_id for g in updates])
    sites = {
        (s.supplier_id, normalise_name(s.name)): s
        for s in Site.objects.filter(supplier_id__in=list(suppliers))
    }
    events = []
    for g in updates:
        s = suppliers[g.existing_id]  # type: ignore[index]
        for fieldname, (_old, new) in g.changes.items():
            if fieldname in ("sites",):
                continue
            setattr(s, fieldname, new)
        s.name_normalised = normalise_name(s.name)[:255]
        events.append(
            event(
                organisation=organisation,
                actor=actor,
                event_type=EventType.SUPPLIER_UPDATED,
                target=s,
                changes={**g.changes, "import": filename},
            )
        )
    Supplier.objects.bulk_update(
        list(suppliers.values()),
        [
            "name",
            "name_normalised",
            "other_names",
            "registration_id",
            "country",
            "website",
            "external_id",
        ],
        batch_size=BATCH,
    )
    _store_sites(organisation, [(g, g.existing_id) for g in updates], commodity_ids, sites)  # type: ignore[misc]
    _store_tags(updates, {g.key: g.existing_id for g in updates}, tag_ids)  # type: ignore[misc]
    record_many(events)


def _commodity_ids(organisation: Organisation, groups: list[SupplierGroup]) -> dict[str, int]:
    codes = {c for g in groups for r in g.rows for c in r.commodities}
    if not codes:
        return {}
    ids = dict(Commodity.objects.filter(organisation=organisation, code__in=codes).values_list("code", "id"))
    builtin = classification.commodities()
    missing = [c for c in codes if c not in ids and c in builtin]
    Commodity.objects.bulk_create(
        [Commodity(code=c, name=builtin[c].name, hs_codes=list(builtin[c].hs)) for c in missing],
        ignore_conflicts=True,
    )
    ids_builtin = dict(Commodity.objects.filter(organisation=None, code__in=codes).values_list("code", "id"))
    return {**ids_builtin, **ids}


def _tag_ids(organisation: Organisation, groups: list[SupplierGroup]) -> dict[str, int]:
    names = {t[:100] for g in groups for r in g.rows for t in r.tags}
    if not names:
        return {}
    Tag.objects.bulk_create([Tag(organisation=organisation, name=n) for n in names], ignore_conflicts=True)
    return dict(Tag.objects.filter(organisation=organisation, name__in=names).values_list("name", "id"))


def _store_tags(
    groups: list[SupplierGroup],
    supplier_for: Mapping[str, int],
    tag_ids: dict[str, int],
    *,
    fresh: bool = False,
) -> None:
    """Tag links; ``fresh`` when the suppliers were just created (no link can exist yet)."""
    rows = {
        (supplier_for[g.key], tag_ids[t[:100]])
        for g in groups
        if g.key in supplier_for
        for r in g.rows
        for t in r.tags
        if t[:100] in tag_ids
    }
    bulk_insert(
        Supplier.tags.through, ("supplier_id", "tag_id"), list(rows), ignore_conflicts=not fresh, plain=fresh
    )


_RELATIONSHIP_COLUMNS = (
    "organisation_id", "supplier_id", "buyer_supplier_id", "tier", "spend", "currency", "start_date",
    "end_date",
)  # fmt: skip


def _store_relationships(
    organisation: Organisation,
    groups: list[SupplierGroup],
    supplier_for: dict[str, int],
) -> None:
    """One relationship per supplier and buyer; 'sells to' resolves to the named supplier."""
    by_name: dict[str, int] = {}
    by_code: dict[str, int] = {}
    for pk, name, ext, reg in Supplier.objects.filter(organisation=organisation).values_list(
        "id", "name_normalised", "external_id", "registration_id"
    ):
        by_name[name] = pk
        for code in (ext, reg):
            if code:
                by_code.setdefault(code.casefold(), pk)
    existing = (
        {
            (r.supplier_id, r.buyer_supplier_id): r
            for r in Relationship.objects.filter(organisation=organisation)
        }
        if any(g.existing_id for g in groups)
        else {}
    )
    new: list[tuple[Any, ...]] = []
    changed: list[Relationship] = []
    seen: set[tuple[int, int | None]] = set()
    for g in groups:
        sid = supplier_for[g.key]
        for r in g.rows:
            buyer = None
            if r.sells_to:
                buyer = by_code.get(r.sells_to.strip().casefold()) or by_name.get(normalise_name(r.sells_to))
            key = (sid, buyer)
            if key in seen:
                continue
            seen.add(key)
            tier = r.tier or (2 if buyer else 1)
            values = {
                "tier": tier,
                "spend": r.spend,
                "currency": r.currency,
                "start_date": r.start_date,
                "end_date": r.end_date,
            }
            rel = existing.get(key)
            if rel is None:
                new.append((organisation.pk, sid, buyer, *values.values()))
            else:
                for k, v in values.items():
                    if v not in (None, "") and (k != "tier" or r.tier):
                        setattr(rel, k, v)
                changed.append(rel)
    bulk_insert(Relationship, _RELATIONSHIP_COLUMNS, new)
    if changed:
        Relationship.objects.bulk_update(
            changed, ["tier", "spend", "currency", "start_date", "end_date"], batch_size=BATCH
        )
