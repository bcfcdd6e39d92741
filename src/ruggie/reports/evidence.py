"""The figures a report cites, collected from every capability of one organisation, each with
a link to the page it comes from. Aggregates only (counts and sums in SQL), so a register of
20,000 sites and 200,000 findings is read in a handful of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, DecimalField, F, Q, Sum
from django.urls import reverse

from ruggie.accounts.models import Organisation
from ruggie.assessments.models import AssessmentRequest
from ruggie.core.human_rights import issue
from ruggie.findings.domain.severity import Severity
from ruggie.findings.models import CorrectiveAction, Finding, Remedy, RemedyType
from ruggie.findings.selectors import manager_numbers
from ruggie.grievance.models import Case
from ruggie.grievance.models import Channel as GrievanceChannel
from ruggie.register.domain.countries import country_name
from ruggie.register.models import Relationship, Site, Supplier
from ruggie.reports.domain.drafting import Figure
from ruggie.risk.selectors import latest_run, salient_issues
from ruggie.screening.models import ScreeningHit
from ruggie.surveys.models import SurveyResponse, SurveyRound

RISK_METHOD = (
    "Risks were assessed for every site and human rights issue from country and sector indicators "
    "(US Department of Labor goods lists, World Bank governance indicators and other sources named "
    "in ruggie), refined with evidence from audits, supplier self-assessments, worker surveys and "
    "grievances, and ranked by severity (scale, scope, irremediability) and likelihood, as UNGP 24 asks."
)


def _figure(key: str, label: str, value: Any, link: str, source: str) -> Figure:
    return Figure(key, label, value, link, source)


def _share(part: int, whole: int) -> str | None:
    return f"{round(100 * part / whole)}%" if whole else None


def collect(
    organisation: Organisation, today: date, *, approved_by: str = "", approved_on: str = ""
) -> dict[str, Figure]:
    o = organisation
    figures: list[Figure] = [_figure("organisation", "Organisation", o.name, "", "")]

    # Supply chain (register).
    suppliers = Supplier.objects.filter(organisation=o).count()
    sites = Site.objects.filter(organisation=o)
    site_count = sites.count()
    by_country = list(
        sites.order_by().values("country").annotate(n=Count("id")).order_by("-n", "country")[:5]
    )
    countries = sites.order_by().values("country").distinct().count()
    totals = sites.aggregate(
        workers=Sum("headcount"),
        migrant=Sum(F("headcount") * F("migrant_share"), output_field=DecimalField()),
    )
    migrant = float(totals["migrant"] or 0)
    commodities = list(
        sites.order_by()
        .values("commodities__name")
        .exclude(commodities__name=None)
        .annotate(n=Count("id"))
        .order_by("-n")[:5]
    )
    deeper = Relationship.objects.filter(organisation=o, tier__gte=2).count()
    register = reverse("register:supplier_list")
    figures += [
        _figure("suppliers", "Suppliers", suppliers, register, "suppliers in the register"),
        _figure("sites", "Sites", site_count, register, "sites in the register"),
        _figure("countries", "Countries", countries, register, "distinct countries of the sites"),
        _figure(
            "top_countries",
            "Countries with most sites",
            ", ".join(f"{country_name(r['country'])} ({r['n']} sites)" for r in by_country) or None,
            register,
            "sites per country",
        ),
        _figure("workers", "Workers at the sites", totals["workers"], register, "sum of site headcounts"),
        _figure(
            "migrant_workers",
            "Migrant workers (estimated)",
            round(migrant) if migrant else None,
            register,
            "headcount × share of migrant workers, per site",
        ),
        _figure(
            "commodities",
            "Main goods and materials",
            ", ".join(r["commodities__name"] for r in commodities) or None,
            register,
            "sites per commodity",
        ),
        _figure(
            "deeper_links",
            "Relationships at tier 2 or deeper",
            deeper,
            register,
            "relationships with tier ≥ 2",
        ),
    ]

    # Risks.
    run = latest_run(o)
    ranked = salient_issues(o, run) if run else []
    risk = reverse("risk:overview")
    figures += [
        _figure(
            "risk_method", "Risk assessment method", RISK_METHOD if run else None, risk, "the latest risk run"
        ),
        _figure(
            "salient_issues",
            "Most salient issues",
            ", ".join(issue(s.issue).name.lower() for s in ranked[:5]) or None,
            risk,
            "salience ranking",
        ),
        _figure(
            "high_risk_sites",
            "Sites at high risk (most salient issue)",
            ranked[0].sites_at_high_risk if ranked else None,
            risk,
            "sites with a high score",
        ),
    ]

    # Due diligence: screening, self-assessments, surveys, findings.
    hits = ScreeningHit.objects.filter(organisation=o)
    requests = AssessmentRequest.objects.filter(organisation=o, cancelled_at__isnull=True)
    rounds = SurveyRound.objects.filter(organisation=o)
    figures += [
        _figure(
            "screened_suppliers",
            "Suppliers screened",
            suppliers if hits.exists() or suppliers else None,
            reverse("screening:hits"),
            "every supplier is screened on import and on list updates",
        ),
        _figure(
            "screening_confirmed",
            "Confirmed restricted-entity matches",
            hits.filter(status="confirmed").count(),
            reverse("screening:hits"),
            "screening decisions",
        ),
        _figure(
            "assessments_sent",
            "Self-assessments requested",
            requests.count(),
            reverse("assessments:board"),
            "requests not cancelled",
        ),
        _figure(
            "assessments_submitted",
            "Self-assessments shared",
            requests.filter(assessment__status="submitted").count(),
            reverse("assessments:board"),
            "requests answered",
        ),
        _figure("survey_rounds", "Worker survey rounds", rounds.count(), reverse("surveys:rounds"), "rounds"),
        _figure(
            "survey_responses",
            "Worker survey responses",
            SurveyResponse.objects.filter(round__in=rounds).count(),
            reverse("surveys:rounds"),
            "anonymous responses",
        ),
    ]

    findings = Finding.objects.filter(organisation=o)
    counts = findings.aggregate(
        total=Count("id"), critical=Count("id", filter=Q(severity=Severity.CRITICAL.value))
    )
    actions = CorrectiveAction.objects.filter(organisation=o).aggregate(
        total=Count("id"),
        completed=Count("id", filter=Q(completed_at__isnull=False)),
        verified=Count("id", filter=Q(verified_at__isnull=False)),
        overdue=Count("id", filter=Q(completed_at__isnull=True, due_on__lt=today)),
    )
    numbers = manager_numbers(organisation=o, today=today)
    remedies = Remedy.objects.filter(organisation=o)
    remedy_rows = list(
        remedies.order_by()
        .values("remedy_type")
        .annotate(people=Sum("beneficiaries"), n=Count("id"))
        .order_by("-people")
    )
    labels = dict(RemedyType.choices)
    remedied = remedies.values("action__finding").distinct().count()
    metrics = reverse("findings:metrics")
    share = numbers.critical_remedy_share
    figures += [
        _figure("findings_total", "Findings", counts["total"], reverse("findings:board"), "all findings"),
        _figure(
            "findings_critical",
            "Critical findings",
            counts["critical"],
            reverse("findings:board"),
            "severity",
        ),
        _figure("actions_total", "Corrective actions", actions["total"], metrics, "actions agreed"),
        _figure("actions_completed", "Actions completed", actions["completed"], metrics, "completed"),
        _figure("actions_verified", "Actions verified", actions["verified"], metrics, "verified"),
        _figure("actions_overdue", "Actions overdue", actions["overdue"], metrics, f"due before {today}"),
        _figure(
            "median_days_high",
            "Median days to close (high severity)",
            numbers.median_days_to_close.get(Severity.HIGH.value),
            metrics,
            "closed findings",
        ),
        _figure(
            "critical_remedy_share",
            "Critical findings with verified remedy",
            f"{round(share * 100)}%" if share is not None else None,
            metrics,
            "critical findings",
        ),
        _figure("remedies", "Findings with remedy recorded", remedied, metrics, "remedies recorded"),
        _figure(
            "remedy_summary",
            "Remedy delivered",
            "; ".join(
                f"{str(labels.get(r['remedy_type'], r['remedy_type'])).lower()} for {r['people']:,} people"
                for r in remedy_rows
            )
            or None,
            metrics,
            "remedies by type",
        ),
    ]

    # Grievance mechanism (counts only: case contents stay sealed).
    cases = Case.objects.filter(organisation=o)
    case_counts = cases.aggregate(
        total=Count("id"),
        closed=Count("id", filter=Q(closed_on__isnull=False)),
        remedy=Count("id", filter=~Q(remedy_type="")),
        acked=Count("id", filter=Q(acknowledged_on__isnull=False)),
    )
    pairs = cases.filter(acknowledged_on__isnull=False).values_list("received_on", "acknowledged_on")
    in_time = len([1 for received, acked in pairs if acked is not None and (acked - received).days <= 7])
    grievance = reverse("grievance:effectiveness")
    figures += [
        _figure(
            "grievance_channels",
            "Grievance channels",
            GrievanceChannel.objects.filter(organisation=o, active=True).count(),
            grievance,
            "active channels",
        ),
        _figure("grievance_cases", "Grievance cases", case_counts["total"], grievance, "cases received"),
        _figure("grievance_closed", "Grievance cases closed", case_counts["closed"], grievance, "closed"),
        _figure(
            "grievance_remedy",
            "Grievance cases with remedy",
            case_counts["remedy"],
            grievance,
            "remedy recorded",
        ),
        _figure(
            "grievance_ack_share",
            "Cases acknowledged within 7 days",
            _share(in_time, case_counts["total"]),
            grievance,
            "received → acknowledged",
        ),
    ]

    # What ruggie does not hold yet: left empty so the draft names the gap.
    for key, label in (
        ("policy", "Policy"),
        ("training", "Training"),
        ("consultation", "Consultation"),
        ("income_remedy", "Remediation of lost income"),
        ("targets", "Targets"),
    ):
        figures.append(_figure(key, label, None, "", ""))
    figures += [
        _figure("approved_by", "Approved by", approved_by or None, "", "the report's approval"),
        _figure("approved_on", "Approved on", approved_on or None, "", "the report's approval"),
    ]
    return {f.key: f for f in figures}
