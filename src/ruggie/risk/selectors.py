"""Reads of risk scores, salient issues and their explanations, scoped to one organisation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ruggie.accounts.models import Organisation
from ruggie.findings.models import Finding
from ruggie.register.models import Site
from ruggie.risk.context import reference_context
from ruggie.risk.domain.salience import (
    Evidence,
    Exposure,
    Judgement,
    SalientIssue,
    finding_evidence,
    rank_salient_issues,
)
from ruggie.risk.domain.scoring import Explanation, SiteProfile, explain
from ruggie.risk.models import RiskRun, SalienceJudgement, SiteRisk, SiteRiskHistory
from ruggie.risk.services import methodology_for


def latest_run(organisation: Organisation) -> RiskRun | None:
    return RiskRun.objects.filter(organisation=organisation).first()


@dataclass(frozen=True)
class HeatCell:
    mean: float
    high: int
    level: str


@dataclass(frozen=True)
class HeatRow:
    country: str
    sites: int
    cells: list[HeatCell]


def heat_map(run: RiskRun | None, organisation: Organisation) -> tuple[list[str], list[HeatRow]]:
    """Country x issue: the mean inherent risk and the sites at high risk, from the run."""
    if run is None or not run.summary.get("countries"):
        return [], []
    methodology = methodology_for(organisation)
    issues = run.summary["issues"]
    rows = [
        HeatRow(
            country=country,
            sites=data["sites"],
            cells=[
                HeatCell(mean=m, high=h, level=methodology.level(m))
                for m, h in zip(data["mean"], data["high"], strict=True)
            ],
        )
        for country, data in run.summary["countries"].items()
    ]
    rows.sort(key=lambda r: -max((c.mean for c in r.cells), default=0))
    return issues, rows


def evidence_for(organisation: Organisation) -> list[Evidence]:
    """Evidence that feeds likelihood. Findings today; surveys, grievances and
    self-assessments add theirs here as they arrive (each as ``Evidence``)."""
    rows = Finding.objects.filter(organisation=organisation).values_list(
        "pk", "issue", "site_id", "severity", "status", "title"
    )
    return finding_evidence(list(rows))


def judgements_for(organisation: Organisation) -> list[Judgement]:
    latest: dict[str, Judgement] = {}
    for j in SalienceJudgement.objects.filter(organisation=organisation, withdrawn_at=None).select_related(
        "created_by"
    ):
        latest.setdefault(
            j.issue,
            Judgement(
                issue=j.issue,
                scale=j.scale,
                scope=j.scope,
                irremediability=j.irremediability,
                likelihood=j.likelihood,
                reason=j.reason,
                by=j.created_by.get_username() if j.created_by else "",
            ),
        )
    return list(latest.values())


def salient_issues(organisation: Organisation, run: RiskRun | None = None) -> list[SalientIssue]:
    run = run or latest_run(organisation)
    if run is None:
        return []
    exposed = [Exposure.from_dict(x) for x in run.summary.get("exposures", [])]
    return rank_salient_issues(
        exposed,
        methodology_for(organisation),
        evidence=evidence_for(organisation),
        judgements=judgements_for(organisation),
    )


def top_sites(organisation: Organisation, *, issue: str = "", limit: int = 25) -> list[dict[str, Any]]:
    """The highest-risk sites for one issue, or over all issues (each site's worst issue)."""
    qs = SiteRisk.objects.filter(organisation=organisation)

    def best_of(code: str) -> list[tuple[int, str, int]]:
        found = qs.filter(issue=code).order_by("-score", "site_id").values_list("site_id", "score")
        return [(int(site_id or 0), code, int(score or 0)) for site_id, score in found[:limit]]

    if issue:
        top = best_of(issue)
    else:
        # The top of each issue from its index, merged: never a scan of every score.
        best: dict[int, tuple[int, str, int]] = {}
        for code in qs.order_by().values_list("issue", flat=True).distinct():
            for row in best_of(code or ""):
                if row[2] > best.get(row[0], (0, "", -1))[2]:
                    best[row[0]] = row
        top = sorted(best.values(), key=lambda r: (-r[2], r[0]))[:limit]
    rows = [{"site_id": site_id, "issue": code, "score": score} for site_id, code, score in top]
    sites = Site.objects.filter(
        organisation=organisation, pk__in=[r["site_id"] for r in rows]
    ).select_related("supplier")
    by_pk = {s.pk: s for s in sites}
    return [{**r, "site": by_pk[r["site_id"]]} for r in rows if r["site_id"] in by_pk]


def site_scores(organisation: Organisation, site: Site) -> list[SiteRisk]:
    return list(SiteRisk.objects.filter(organisation=organisation, site=site).order_by("-score", "issue"))


def site_history(organisation: Organisation, site: Site) -> QuerySet[SiteRiskHistory]:
    return SiteRiskHistory.objects.filter(organisation=organisation, site=site).order_by("-run_id", "issue")


def site_profile(site: Site) -> SiteProfile:
    return SiteProfile(
        key=site.pk,
        country=site.country,
        sector=site.sector,
        commodities=tuple(site.commodities.values_list("code", flat=True)),
        migrant_share=None if site.migrant_share is None else float(site.migrant_share),
        temporary_share=None if site.temporary_share is None else float(site.temporary_share),
        women_share=None if site.women_share is None else float(site.women_share),
    )


def site_explanations(organisation: Organisation, site: Site) -> list[Explanation]:
    """Every issue's score for the site with its factors, highest first (computed now,
    with the same code and data as the stored scores)."""
    methodology = methodology_for(organisation)
    context = reference_context(organisation)
    profile = site_profile(site)
    found = [explain(profile, issue, methodology, context) for issue in methodology.issues]
    return sorted(found, key=lambda e: (-e.score, e.issue))
