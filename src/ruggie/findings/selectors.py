"""Reads of findings and actions. Every function takes the organisation: tenant scope has
one home. Supplier organisations read through ``supplier_actions`` only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet

from ruggie.accounts.models import Organisation
from ruggie.audit.models import AuditEvent
from ruggie.core.human_rights import issues
from ruggie.findings.domain.lifecycle import OPEN_STATUSES
from ruggie.findings.domain.raising import Source
from ruggie.findings.domain.severity import Severity
from ruggie.findings.models import CorrectiveAction, Finding, Remedy, SiteAudit
from ruggie.register.models import Site, Supplier

FILTERS = ("issue", "severity", "status", "country", "source", "supplier", "site")
_OPEN = [s.value for s in OPEN_STATUSES]


def finding_list(
    *, organisation: Organisation, filters: Mapping[str, str] | None = None
) -> QuerySet[Finding]:
    """The findings board: newest most severe first. ``status=open`` means any open status."""
    qs = Finding.objects.filter(organisation=organisation)
    for key, value in (filters or {}).items():
        if not value or key not in FILTERS:
            continue
        if key == "status" and value == "open":
            qs = qs.filter(status__in=_OPEN)
        elif key in ("supplier", "site"):
            if value.isascii() and value.isdigit():
                qs = qs.filter(**{f"{key}_id": int(value)})
        else:
            qs = qs.filter(**{key: value})
    return qs.order_by("-severity_rank", "-created_at", "-id")


def board_rows(qs: QuerySet[Finding]) -> QuerySet[Finding]:
    """Only the columns the board shows, with the subject's names in the same query."""
    return qs.select_related("supplier", "site").only(
        "id",
        "title",
        "issue",
        "severity",
        "severity_rank",
        "status",
        "country",
        "source",
        "found_on",
        "created_at",
        "supplier__name",
        "site__name",
    )


def board_page(
    *, organisation: Organisation, filters: Mapping[str, str], number: str | int | None, per_page: int = 50
) -> Page[Finding]:
    """One page of the board: the page's ids first, then only those rows with their names.

    ``LIMIT 50 OFFSET n`` on the joined query makes both databases fetch and join every
    skipped row (a last page took 250-680 ms with 200,000 findings); the ids alone come
    from the order index. A severity filter also filters ``severity_rank`` for the ids,
    so that the order index is walked from that severity instead of through the others
    (not for the count: the severity index counts faster).
    """
    qs = finding_list(organisation=organisation, filters=filters)
    page = Paginator(qs, per_page).get_page(number)
    ids_qs = qs
    severity = filters.get("severity", "")
    if severity in Severity._value2member_map_:
        ids_qs = ids_qs.filter(severity_rank=Severity(severity).rank)
    start = (page.number - 1) * per_page
    ids = list(ids_qs.values_list("pk", flat=True)[start : start + per_page])
    page.object_list = board_rows(Finding.objects.filter(pk__in=ids)).order_by(*qs.query.order_by)
    return page


def board_counts(qs: QuerySet[Finding]) -> dict[str, dict[str, int]]:
    """Counts of the filtered findings by status and by severity (for the board's facets)."""
    out: dict[str, dict[str, int]] = {"status": {}, "severity": {}}
    for row in qs.order_by().values("status", "severity").annotate(n=Count("id")):
        out["status"][row["status"]] = out["status"].get(row["status"], 0) + row["n"]
        out["severity"][row["severity"]] = out["severity"].get(row["severity"], 0) + row["n"]
    return out


def finding_get(*, organisation: Organisation, pk: int) -> Finding:
    """One finding of this organisation; Finding.DoesNotExist otherwise (a 404, never a leak)."""
    return Finding.objects.select_related("supplier", "site").get(organisation=organisation, pk=pk)


def finding_timeline(finding: Finding) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        organisation=finding.organisation, target_type="finding", target_id=str(finding.pk)
    ).order_by("created_at", "id")


@dataclass
class ManagerNumbers:
    open_by_issue: dict[str, dict[str, int]]  # issue -> severity -> count
    open_total: int
    overdue_actions: int
    median_days_to_close: dict[str, int | None]  # severity -> days
    critical_total: int
    critical_with_verified_remedy: int
    issue_names: dict[str, str] = field(default_factory=dict)

    @property
    def critical_remedy_share(self) -> float | None:
        return self.critical_with_verified_remedy / self.critical_total if self.critical_total else None


def manager_numbers(*, organisation: Organisation, today: date) -> ManagerNumbers:
    """What a manager asks for. A handful of indexed aggregate queries, whatever the size."""
    findings = Finding.objects.filter(organisation=organisation)
    open_by_issue: dict[str, dict[str, int]] = defaultdict(dict)
    total = 0
    for row in (
        findings.filter(status__in=_OPEN).order_by().values("issue", "severity").annotate(n=Count("id"))
    ):
        open_by_issue[row["issue"]][row["severity"]] = row["n"]
        total += row["n"]
    overdue = CorrectiveAction.objects.filter(
        organisation=organisation, completed_at__isnull=True, due_on__lt=today
    ).count()
    medians: dict[str, int | None] = {}
    for level in Severity:
        closed = findings.filter(severity=level.value, days_to_close__isnull=False)
        n = closed.count()
        if not n:
            medians[level.value] = None
            continue
        # The median by index, in SQL on both databases (SQLite has no percentile function).
        ordered = closed.order_by("days_to_close").values_list("days_to_close", flat=True)
        middle = [d or 0 for d in ordered[(n - 1) // 2 : n // 2 + 1]]  # one value, or the two middle ones
        medians[level.value] = round(sum(middle) / len(middle))
    critical = findings.filter(severity=Severity.CRITICAL.value)
    remedied = Remedy.objects.filter(action__finding=OuterRef("pk"), action__verified_at__isnull=False)
    critical_total = critical.count()
    with_remedy = critical.filter(Exists(remedied)).count() if critical_total else 0
    return ManagerNumbers(
        open_by_issue=dict(open_by_issue),
        open_total=total,
        overdue_actions=overdue,
        median_days_to_close=medians,
        critical_total=critical_total,
        critical_with_verified_remedy=with_remedy,
        issue_names={i.code: i.name for i in issues()},
    )


def overdue_actions(*, organisation: Organisation, today: date) -> QuerySet[CorrectiveAction]:
    return (
        CorrectiveAction.objects.filter(
            organisation=organisation, completed_at__isnull=True, due_on__lt=today
        )
        .select_related("finding", "finding__supplier", "owner")
        .order_by("due_on", "id")
    )


# --- triangulation -----------------------------------------------------------------------

RECENT_AUDIT = timedelta(days=365)


@dataclass
class IssueView:
    """What each source says about one issue at one site."""

    code: str
    name: str
    by_source: dict[str, list[Finding]]
    audits_silent: list[SiteAudit]
    disagreement: str = ""


def site_triangulation(*, organisation: Organisation, site_id: int, today: date) -> list[IssueView]:
    """Per issue, the findings of each source side by side, and a flag where they disagree:
    a recent audit found nothing on an issue another source has an open finding on
    (audits miss what workers report), or an issue one source closed while another
    still has it open."""
    findings = list(
        Finding.objects.filter(organisation=organisation, site_id=site_id).order_by(
            "-found_on", "-created_at"
        )
    )
    audits = list(
        SiteAudit.objects.filter(
            organisation=organisation, site_id=site_id, audit_date__gte=today - RECENT_AUDIT
        )
    )
    audited_issues: dict[str, set[str]] = defaultdict(set)  # audit reference -> issues it found
    for f in findings:
        if f.source == Source.AUDIT.value and f.details.get("audit_ref"):
            audited_issues[f.details["audit_ref"]].add(f.issue)
    views = []
    for item in issues():
        mine = [f for f in findings if f.issue == item.code]
        by_source: dict[str, list[Finding]] = defaultdict(list)
        for f in mine:
            by_source[f.source].append(f)
        open_elsewhere = [f for f in mine if f.source != Source.AUDIT.value and f.status in _OPEN]
        silent = [a for a in audits if item.code not in audited_issues.get(a.reference, set())]
        view = IssueView(item.code, item.name, dict(by_source), silent if open_elsewhere else [])
        if open_elsewhere and silent:
            other = sorted({f.get_source_display() for f in open_elsewhere})
            view.disagreement = (
                f"{silent[0]} found nothing on {item.name.lower()}, but {', '.join(other)}"
                f" {'has' if len(other) == 1 else 'have'} an open finding."
            )
        elif mine:
            open_sources = {f.get_source_display() for f in mine if f.status in _OPEN}
            closed_sources = {f.get_source_display() for f in mine if f.status not in _OPEN} - open_sources
            if open_sources and closed_sources:
                view.disagreement = (
                    f"Closed according to {', '.join(sorted(closed_sources))}, still open according to"
                    f" {', '.join(sorted(open_sources))}."
                )
        if mine or view.disagreement:
            views.append(view)
    return views


# --- supplier side -----------------------------------------------------------------------


def supplier_actions(*, account: Organisation) -> QuerySet[CorrectiveAction]:
    """The actions a supplier organisation owns, across every buyer that linked it."""
    return (
        CorrectiveAction.objects.filter(finding__supplier__account=account, owner_party="supplier")
        .select_related("finding", "finding__site", "finding__supplier", "organisation")
        .order_by("completed_at", "due_on", "id")
    )


def supplier_action_get(*, account: Organisation, pk: int) -> CorrectiveAction:
    return supplier_actions(account=account).get(pk=pk)


def findings_filter_choices(*, organisation: Organisation) -> dict[str, list[tuple[str, str]]]:
    """Countries that have findings, for the board's country filter.

    PostgreSQL has no skip scan, so ``SELECT DISTINCT country`` over the findings reads a
    whole index (50-60 ms with 200,000 findings on every board page). The register's
    countries are few; keeping those with a finding is one index probe each (10-15 ms).
    SQLite skips through the index by itself (0.2 ms), so it keeps the direct query.
    """
    findings = Finding.objects.filter(organisation=organisation)
    if connection.vendor != "postgresql":
        countries = list(findings.order_by("country").values_list("country", flat=True).distinct())
    else:
        known: set[str] = set()
        for model in (Site, Supplier):
            rows = model.objects.filter(organisation=organisation).order_by()  # type: ignore[attr-defined]
            known.update(rows.values_list("country", flat=True).distinct())
        countries = sorted(c for c in known if c and findings.filter(country=c).exists())
    return {"country": [(c, c) for c in countries if c]}
