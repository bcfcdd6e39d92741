"""Import social-audit results into findings (web page, API and `ruggie findings import-audit`).

Reading and checking rows is ``findings.domain.audit_results``; this module finds each
row's site in the organisation's own register, then raises the findings through
``finding_raise`` (so re-importing the same audit updates instead of duplicating) and
adds the corrective action the auditor agreed, all in one transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Literal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.core.errors import FileRefused
from ruggie.findings.domain.audit_results import AUDIT_COLUMNS, AuditFinding, read_audit_rows
from ruggie.findings.domain.raising import DraftRefused, Source, plan_raise
from ruggie.findings.models import CorrectiveAction, Finding, SiteAudit
from ruggie.findings.services import action_create, finding_raise, stored_values
from ruggie.register.domain.columns import ColumnMapping
from ruggie.register.domain.countries import resolve_country
from ruggie.register.domain.names import normalise_name
from ruggie.register.domain.rows import RowError
from ruggie.register.domain.tabular import Table, read_table
from ruggie.register.models import Site, Supplier

Mode = Literal["all_or_nothing", "valid_only"]


@dataclass
class AuditImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    actions_created: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""
    committed: bool = False
    columns: dict[str, str] = field(default_factory=dict)
    unsure: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def read(data: bytes, filename: str) -> tuple[Table, ColumnMapping]:
    table = read_table(data, filename, max_rows=20_000, score=AUDIT_COLUMNS.header_score)
    return table, AUDIT_COLUMNS.guess_mapping(table.header)


def mapping_from_dict(table: Table, chosen: dict[str, int] | None) -> ColumnMapping:
    if not chosen:
        return AUDIT_COLUMNS.guess_mapping(table.header)
    required = tuple(n for n, s in AUDIT_COLUMNS.fields.items() if s.required)
    columns = {k: v for k, v in chosen.items() if k in AUDIT_COLUMNS.fields and 0 <= v < len(table.header)}
    return ColumnMapping(columns=columns, required=required)


class _Sites:
    """Finds an audited site in the organisation's register, by supplier code, supplier
    name, site name and country; a query per distinct site, audits are short."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self.cache: dict[tuple[str, str, str, str], tuple[int | None, int] | str] = {}

    def __call__(self, key: tuple[str, str, str, str]) -> tuple[int | None, int] | str:
        if key not in self.cache:
            self.cache[key] = self._find(*key)
        return self.cache[key]

    def _find(
        self, code: str, supplier_name: str, site_name: str, country_text: str
    ) -> tuple[int | None, int] | str:
        country = resolve_country(country_text) if country_text else None
        if country_text and country is None:
            return f"'{country_text}' is not a country ruggie recognises."
        suppliers = Supplier.objects.filter(organisation=self.organisation)
        supplier = None
        if code:
            folded = code.strip()
            supplier = suppliers.filter(
                Q(external_id__iexact=folded) | Q(registration_id__iexact=folded)
            ).first()
            if supplier is None:
                return f"No supplier with code '{code}' in your register."
        elif supplier_name:
            found = suppliers.filter(name_normalised=normalise_name(supplier_name)[:255])
            if country:
                found = found.filter(country=country)
            matches = list(found[:2])
            if not matches:
                return f"No supplier named '{supplier_name}' in your register" + (
                    f" in {country}." if country else "."
                )
            if len(matches) > 1:
                return f"Several suppliers are named '{supplier_name}': add the country or the supplier code."
            supplier = matches[0]
        sites = Site.objects.filter(organisation=self.organisation)
        if supplier is not None:
            sites = sites.filter(supplier=supplier)
        if country:
            sites = sites.filter(country=country)
        if site_name:
            wanted = normalise_name(site_name)
            named = [s for s in sites.filter(name__iexact=site_name.strip())[:3]]
            if not named:
                # Spelling of legal forms and punctuation differ between audit and register.
                head = site_name.strip().split(" ")[0]
                named = [
                    s for s in sites.filter(name__istartswith=head)[:500] if normalise_name(s.name) == wanted
                ]
            if len(named) == 1:
                return named[0].pk, named[0].supplier_id
            if len(named) > 1:
                return f"Several sites are named '{site_name}': add the supplier name or code."
            if supplier is None:
                return f"No site named '{site_name}' in your register" + (
                    f" in {country}." if country else "."
                )
        if supplier is None:
            return "The row does not name a site or supplier in your register."
        only = list(sites[:2])
        # A supplier with a single site: the audit was of that site.
        return (only[0].pk if len(only) == 1 else None), supplier.pk


def import_audit(
    *,
    organisation: Organisation,
    actor: Any,
    data: bytes,
    filename: str,
    mapping: dict[str, int] | None = None,
    mode: Mode = "all_or_nothing",
    dry_run: bool = False,
    today: date | None = None,
) -> AuditImportReport:
    """Read, check and store an audit's findings. Never raises for bad input: the
    report says what was refused (``error``) or rejected (row, field, reason, fix)."""
    report = AuditImportReport()
    today = today or timezone.localdate()
    try:
        table, guessed = read(data, filename)
    except FileRefused as refused:
        report.error = refused.message
        return report
    colmap = mapping_from_dict(table, mapping) if mapping else guessed
    # Guessed columns are used, and named in the report so the person can check them
    # (the page offers to match the columns by hand).
    colmap.columns = {**colmap.unsure, **colmap.columns}
    report.unsure = sorted(colmap.unsure)
    report.columns = {name: table.header[i] for name, i in colmap.columns.items()}
    missing = colmap.missing_required()
    if missing:
        labels = ", ".join(AUDIT_COLUMNS.fields[m].label for m in missing)
        report.error = f"No column for: {labels}. Add it to the file, or choose the column by hand."
        return report
    rows = read_audit_rows(table, colmap, today=today)
    report.skipped = [_row_dict(e) for e in rows.skipped]
    rejected = list(rows.rejected)
    sites = _Sites(organisation)
    placed: list[tuple[AuditFinding, int | None, int]] = []
    for item in rows.findings:
        where = sites(item.site_key)
        if isinstance(where, str):
            rejected.append(
                RowError(
                    item.row,
                    "site_name",
                    item.site_key[2] or item.site_key[1],
                    where,
                    "Use the name or code the site has in your register, or add it there first.",
                )
            )
        else:
            placed.append((item, *where))
    report.rejected = [_row_dict(e) for e in sorted(rejected, key=lambda e: e.row)]
    if rejected and mode == "all_or_nothing":
        report.error = (
            f"{len({e.row for e in rejected})} row(s) have problems; nothing was imported."
            " Fix them, or import only the valid rows."
        )
        return report
    if dry_run:
        _preview(organisation, placed, report)
        return report
    try:
        with transaction.atomic():
            _store(organisation, actor, placed, report, today)
            record(
                organisation=organisation,
                actor=actor,
                event_type=EventType.AUDIT_IMPORTED,
                target_type="import",
                target_repr=filename[:255],
                changes={
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "rejected_rows": len({r["row"] for r in report.rejected}),
                },
            )
    except DraftRefused as refused:  # validated above; a race with a deleted site ends here
        report.error = refused.message
        report.created = report.updated = report.unchanged = report.actions_created = 0
        return report
    report.committed = True
    return report


def _store(
    organisation: Organisation,
    actor: Any,
    placed: list[tuple[AuditFinding, int | None, int]],
    report: AuditImportReport,
    today: date,
) -> None:
    _remember_audits(organisation, placed)
    for item, site_id, supplier_id in placed:
        draft = replace(item.draft, site_id=site_id, supplier_id=supplier_id)
        finding, outcome = finding_raise(organisation=organisation, actor=actor, draft=draft, today=today)
        counter = {"create": "created", "update": "updated"}.get(outcome, "unchanged")
        setattr(report, counter, getattr(report, counter) + 1)
        if (
            item.action
            and not CorrectiveAction.objects.filter(finding=finding, description=item.action).exists()
        ):
            action_create(
                finding=finding,
                actor=actor,
                description=item.action,
                root_cause=item.root_cause,
                due_on=item.due_on,
            )
            report.actions_created += 1


def _preview(
    organisation: Organisation, placed: list[tuple[AuditFinding, int | None, int]], report: AuditImportReport
) -> None:
    """What committing would do, without writing: new, changed or unchanged findings."""
    refs = [item.draft.source_ref for item, _site, _supplier in placed]
    stored = {
        f.source_ref: f
        for f in Finding.objects.filter(
            organisation=organisation, source=Source.AUDIT.value, source_ref__in=refs
        )
    }
    for item, site_id, supplier_id in placed:
        existing = stored.get(item.draft.source_ref)
        draft = replace(item.draft, site_id=site_id, supplier_id=supplier_id)
        outcome = plan_raise(draft, stored_values(existing) if existing else None).action
        counter = {"create": "created", "update": "updated"}.get(outcome, "unchanged")
        setattr(report, counter, getattr(report, counter) + 1)
        if item.action and (
            existing is None or not existing.actions.filter(description=item.action).exists()
        ):
            report.actions_created += 1


def _remember_audits(organisation: Organisation, placed: list[tuple[AuditFinding, int | None, int]]) -> None:
    """One SiteAudit per audit and supplier, so triangulation knows where audits found nothing."""
    seen: set[tuple[str, int]] = set()
    for item, site_id, supplier_id in placed:
        d = item.draft.details
        key = (d["audit_ref"], supplier_id)
        if key in seen:
            continue
        seen.add(key)
        defaults = {
            "site_id": site_id,
            "scheme": d.get("scheme", ""),
            "audit_type": d.get("audit_type", ""),
            "audit_date": date.fromisoformat(d["audit_date"]),
            "auditor": d.get("auditor", ""),
        }
        SiteAudit.objects.update_or_create(
            organisation=organisation, reference=d["audit_ref"], supplier_id=supplier_id, defaults=defaults
        )


def _row_dict(e: RowError) -> dict[str, Any]:
    return {"row": e.row, "field": e.field, "value": e.value, "reason": e.reason, "fix": e.fix}
