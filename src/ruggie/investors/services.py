"""Importing a holdings file, and the portfolio seen by sector and country with the sector's
inherent human rights risk (from the risk methodology the organisation uses)."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from openpyxl import Workbook

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.core.cells import neutralise_formula
from ruggie.core.errors import FileRefused
from ruggie.core.human_rights import issue
from ruggie.investors.disclosures import DEFAULT_FRAMEWORK, CoveragePoint, coverage_over_time
from ruggie.investors.domain.engagement import STAGE_RANK, Stage
from ruggie.investors.domain.holdings import HOLDING_COLUMNS, read_holdings
from ruggie.investors.domain.sectors import resolve_holding_sector
from ruggie.investors.models import Holding
from ruggie.register.domain.classification import section_of, sector_label
from ruggie.register.domain.tabular import read_table
from ruggie.risk.services import methodology_for


@dataclass
class HoldingsReport:
    rows: int = 0
    stored: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""


def holdings_import(
    *, organisation: Organisation, actor: Any, data: bytes, filename: str, dry_run: bool = False
) -> HoldingsReport:
    """Replace the portfolio with the file's holdings: all rows or none (every problem listed)."""
    try:
        table = read_table(data, filename)
    except FileRefused as exc:
        return HoldingsReport(error=exc.message)
    mapping = HOLDING_COLUMNS.guess_mapping(table.header)
    if "company_name" not in mapping.columns:
        return HoldingsReport(
            error="No column for the company. Name it 'Company' (or 'Issuer') in the header row."
        )
    found = read_holdings(table, mapping, known_sectors=resolve_holding_sector)
    header = {f: table.header[i] for f, i in mapping.columns.items() if i < len(table.header)}
    report = HoldingsReport(
        rows=len(found.valid) + len({e.row for e in found.rejected}),
        rejected=[
            {"row": e.row, "field": e.field, "column": header.get(e.field, e.field), "value": e.value,
             "reason": e.reason, "fix": e.fix}
            for e in found.rejected
        ],
    )  # fmt: skip
    if found.rejected:
        report.error = f"Nothing was imported: {len({e.row for e in found.rejected})} row(s) need a fix."
        return report
    if dry_run:
        return report
    with transaction.atomic():
        removed, _ = Holding.objects.filter(organisation=organisation).delete()
        Holding.objects.bulk_create(
            [
                Holding(organisation=organisation, company_name=h.company_name, isin=h.isin, lei=h.lei,
                        sector=h.sector, country=h.country, weight=h.weight, as_of=h.as_of)
                for h in found.valid
            ]
        )  # fmt: skip
        record(
            organisation=organisation, actor=actor, event_type=EventType.HOLDINGS_IMPORTED,
            target_type="portfolio", target_repr=filename[:255],
            changes={"holdings": len(found.valid), "replaced": removed},
        )  # fmt: skip
    report.stored = len(found.valid)
    return report


@dataclass
class Group:
    key: str
    label: str
    holdings: int = 0
    weight: Decimal = Decimal(0)
    risks: list[tuple[str, float]] = field(default_factory=list)  # top issues of the sector

    @property
    def weight_percent(self) -> Decimal:
        return self.weight * 100


@dataclass(frozen=True)
class EngagementSummary:
    pk: int
    title: str
    asks: int
    moved: int  # asks the company has committed to, implemented or verified


@dataclass
class Portfolio:
    holdings: list[Holding]
    # each holding with its engagement and its disclosure coverage by year (one framework)
    rows: list[tuple[Holding, EngagementSummary | None, list[CoveragePoint]]]
    by_sector: list[Group]
    by_country: list[Group]
    total_weight: Decimal

    @property
    def total_percent(self) -> Decimal:
        return self.total_weight * 100


def portfolio(organisation: Organisation, framework: str = DEFAULT_FRAMEWORK) -> Portfolio:
    holdings = list(Holding.objects.filter(organisation=organisation))
    methodology = methodology_for(organisation)
    sectors: dict[str, Group] = {}
    countries: dict[str, Group] = defaultdict(lambda: Group("", ""))
    for h in holdings:
        section = (h.sector if h.sector.isalpha() else section_of(h.sector)) or ""
        group = sectors.get(h.sector)
        if group is None:
            values = methodology.sector_values(h.sector)
            top = sorted(values.items(), key=lambda kv: -kv[1])[:3]
            label = sector_label(h.sector) if h.sector else "Sector not given"
            group = sectors[h.sector] = Group(
                h.sector,
                f"{section} · {label}" if section and section != h.sector else label,
                risks=[(issue(code).name, value) for code, value in top],
            )
        group.holdings += 1
        group.weight += h.weight or 0
        country = countries[h.country]
        country.key, country.label = h.country, h.country or "Country not given"
        country.holdings += 1
        country.weight += h.weight or 0
    order = lambda g: (-(g.weight), -g.holdings, g.label)  # noqa: E731
    engaged = _engagements_by_holding(organisation, holdings)
    covered = {
        name.casefold(): points for name, points in coverage_over_time(organisation, framework).items()
    }
    return Portfolio(
        holdings=holdings,
        rows=[(h, engaged.get(h.pk), covered.get(h.company_name.casefold(), [])) for h in holdings],
        by_sector=sorted(sectors.values(), key=order),
        by_country=sorted(countries.values(), key=order),
        total_weight=sum((h.weight or Decimal(0) for h in holdings), Decimal(0)),
    )


def _engagements_by_holding(
    organisation: Organisation, holdings: list[Holding]
) -> dict[int, EngagementSummary]:
    """Each holding's engagement (same ISIN, else same name), with how far its asks moved."""
    from ruggie.investors.engagements import engagement_view, engagements_for

    by_isin: dict[str, EngagementSummary] = {}
    by_name: dict[str, EngagementSummary] = {}
    for engagement in engagements_for(organisation):
        view = engagement_view(engagement, organisation)
        moved = sum(1 for a in view.asks if STAGE_RANK[a.stage] >= STAGE_RANK[Stage.COMMITTED])
        summary = EngagementSummary(engagement.pk, engagement.title, len(view.asks), moved)
        if engagement.isin:
            by_isin.setdefault(engagement.isin, summary)
        by_name.setdefault(engagement.company_name.casefold(), summary)
    found: dict[int, EngagementSummary] = {}
    for h in holdings:
        match = (by_isin.get(h.isin) if h.isin else None) or by_name.get(h.company_name.casefold())
        if match is not None:
            found[h.pk] = match
    return found


def portfolio_workbook(p: Portfolio, framework_name: str) -> bytes:
    """The holdings with their engagement progress and disclosure coverage by year, as .xlsx."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Holdings"
    sheet.append(["Company", "ISIN", "LEI", "Sector", "Country", "Weight %", "Engagement",
                  "Asks committed or further", f"Disclosure coverage ({framework_name})"])  # fmt: skip
    for h, engaged, coverage in p.rows:
        sheet.append(
            [
                neutralise_formula(v)
                for v in (
                    h.company_name, h.isin, h.lei, h.sector, h.country,
                    float(h.weight_percent) if h.weight_percent is not None else None,
                    engaged.title if engaged else "",
                    f"{engaged.moved} of {engaged.asks}" if engaged else "",
                    "; ".join(f"{c.year}: {c.addressed}/{c.total}" for c in coverage),
                )
            ]
        )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
