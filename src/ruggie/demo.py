"""Demo organisations, people and a supplier register, so a newcomer can try ruggie at once.

Idempotent: running it twice changes nothing. The logins are printed by `make run` and
listed in the README; they are for a local demo only.
"""

from __future__ import annotations

from importlib.resources import files

from django.db import transaction

from ruggie.accounts.models import Organisation
from ruggie.accounts.services import membership_set, organisation_create

DEMO_PASSWORD = "ruggie-demo"  # noqa: S105 - documented demo login, local use only
ORGS = [
    ("acme-apparel", "Acme Apparel (demo)", "company"),
    ("saigon-stitch", "Saigon Stitch Co. (demo supplier)", "supplier"),
    ("green-capital", "Green Capital Partners (demo investor)", "investor"),
]
PEOPLE = [
    ("admin@acme.example", "acme-apparel", "admin"),
    ("analyst@acme.example", "acme-apparel", "analyst"),
    ("viewer@acme.example", "acme-apparel", "viewer"),
    ("handler@acme.example", "acme-apparel", "handler"),
    ("admin@saigon-stitch.example", "saigon-stitch", "admin"),
    ("analyst@green-capital.example", "green-capital", "analyst"),
]


@transaction.atomic
def load_demo() -> list[tuple[str, str, str, str]]:
    from ruggie.register.importing import run_import
    from ruggie.register.models import Supplier

    orgs = {}
    for slug, name, kind in ORGS:
        orgs[slug] = Organisation.objects.filter(slug=slug).first() or organisation_create(
            slug=slug, name=name, kind=kind
        )
    for email, slug, role in PEOPLE:
        membership_set(email=email, organisation=orgs[slug], role=role, password=DEMO_PASSWORD)
    acme = orgs["acme-apparel"]
    if not Supplier.objects.filter(organisation=acme).exists():
        data = files("ruggie.data").joinpath("demo/acme_suppliers.csv").read_bytes()
        report = run_import(organisation=acme, actor=None, data=data, filename="acme_suppliers.csv")
        if report.error or report.rejected:
            raise RuntimeError(f"demo data did not import cleanly: {report.as_dict()}")
    _demo_findings(acme, orgs["saigon-stitch"])
    _demo_survey(acme)
    _demo_grievances(acme)
    _demo_risk(acme)
    _demo_investor(orgs["green-capital"])
    _demo_legal_profile(acme)
    return [(email, DEMO_PASSWORD, slug, role) for email, slug, role in PEOPLE]


def _demo_risk(acme: Organisation) -> None:
    """Score the demo register and screen its suppliers, as the worker would after an import."""
    from ruggie.risk.services import score_organisation
    from ruggie.screening.services import screen_organisation

    score_organisation(organisation=acme, actor=None, trigger="demo")
    screen_organisation(organisation=acme, actor=None, trigger="demo")


def _demo_survey(acme: Organisation) -> None:
    """A worker survey round at the supplier's factory with 60 seeded answers (not real
    workers): enough to show results, breakdowns and the merging of small groups."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from ruggie.register.models import Site
    from ruggie.surveys.models import SurveyRound
    from ruggie.surveys.services import response_submit, round_create

    if SurveyRound.objects.filter(organisation=acme).exists():
        return
    site = Site.objects.get(organisation=acme, supplier__external_id="ACM-0002")
    today = timezone.localdate()
    round_ = round_create(organisation=acme, actor=None, site=site, name="Autumn 2026 (demo)",
                          opens_on=today - timedelta(days=14))  # fmt: skip
    rng = random.Random(2026)
    agree, often = ["no", "a_little", "mostly", "yes"], ["never", "sometimes", "often", "always"]
    for i in range(60):
        mood = rng.random()
        raw: dict[str, list[str]] = {}
        for q in ("S1", "S2", "S3", "S5", "R3", "R4", "I1", "I2", "I5"):
            raw[q] = [agree[min(3, int(mood * 4 + rng.random()))]]
        for q in ("R1", "R5", "I3"):
            raw[q] = [often[min(3, int(mood * 4 + rng.random()))]]
        for q in ("S4", "R2", "I4"):
            raw[q] = [often[min(3, int((1 - mood) * 4 + rng.random()))]]
        raw["I1"] = [agree[min(3, int(mood * 2.5))]]  # pay is the weak point at this site
        raw["F1"], raw["F2"], raw["F3"] = ["no"], ["yes"], ["yes" if i % 17 == 0 else "no"]
        raw["C1"] = [rng.choices(["woman", "man", "other", "skip"], weights=[70, 26, 2, 2])[0]]
        raw["C4"] = [
            rng.choices(["permanent", "temporary", "agency", "piece_rate"], weights=[50, 25, 15, 10])[0]
        ]
        raw["C5"] = [rng.choices(["other_country", "other_region", "local"], weights=[8, 40, 52])[0]]
        response_submit(round_=round_, raw=raw, language="en", today=today)


def _demo_grievances(acme: Organisation) -> None:
    """A grievance channel at the supplier's factory and one for the whole brand, with three
    made-up cases at different stages (no real person's words)."""
    from datetime import timedelta

    from ruggie.accounts.models import Membership
    from ruggie.grievance import services
    from ruggie.grievance.models import Case, Channel
    from ruggie.register.models import Site

    if Channel.objects.filter(organisation=acme).exists():
        return
    site = Site.objects.get(organisation=acme, supplier__external_id="ACM-0002")
    factory = Channel.objects.create(organisation=acme, site=site, name=site.name)
    Channel.objects.create(organisation=acme, name=acme.name)
    handler = Membership.objects.get(organisation=acme, user__email="handler@acme.example")
    stories = [
        ("hours", "Sewing line 4 works until 10 pm six days a week before shipments. We cannot say no."),
        ("pay", "Overtime in September was paid at the normal rate, not time and a half."),
        ("fees", "I paid 900 dollars to an agent in my village to get this job. I still owe half."),
    ]
    cases = []
    for kind, text in stories:
        case, _ = services.report_submit(channel=factory, report=services.Report(kind=kind, text=text))
        cases.append(case)
    # Spread the received days so deadlines and the effectiveness page have something to show.
    for case, days in zip(cases, (2, 20, 60), strict=True):
        day = case.received_on - timedelta(days=days)
        Case.objects.filter(pk=case.pk).update(received_on=day, state_since=day)
        case.refresh_from_db()
    second, third = cases[1], cases[2]
    services.case_assign(case=second, actor=None, handler=handler)
    services.case_move(case=second, actor=None, to="acknowledged")
    services.case_message(case=second, actor=None, text="Which weeks, and which lines?", asks=True)
    services.case_triage(
        case=third, actor=None, category="ethical_recruitment", severity="high", urgent=False
    )
    for to in ("acknowledged", "investigating", "remedy_proposed"):
        services.case_move(case=third, actor=None, to=to)
    services.remedy_record(
        case=third,
        actor=None,
        kind="fee reimbursement",
        to_whom="the reporter and 14 co-workers",
        value=13500,
        currency="USD",
        verified_by="Local NGO partner (demo)",
    )
    for to in ("remedy_agreed", "remedy_delivered"):
        services.case_move(case=third, actor=None, to=to)
    services.case_move(
        case=third, actor=None, to="closed", reason="Fees repaid to all 15 workers in October."
    )
    services.reporter_feedback(case=third, remedy_received=True, satisfied=True)
    # The moves above happened "today"; date them as a handler would have worked the cases, so
    # the deadlines and the effectiveness page show a mechanism that mostly keeps its times.
    for case, (ack, response, closed) in ((second, (4, None, None)), (third, (2, 30, 55))):
        start = Case.objects.get(pk=case.pk).received_on
        Case.objects.filter(pk=case.pk).update(
            acknowledged_on=start + timedelta(days=ack),
            first_response_on=start + timedelta(days=response) if response else None,
            closed_on=start + timedelta(days=closed) if closed else None,
            state_since=start + timedelta(days=closed or ack),
            reporter_saw_outcome=closed is not None,
        )


def _demo_findings(acme: Organisation, stitch_account: Organisation) -> None:
    """Two audits' findings, a worker-survey finding the audit missed, and the supplier's
    own organisation linked so its admin sees the actions asked of it."""
    from ruggie.findings.audit_import import import_audit
    from ruggie.findings.domain.raising import FindingDraft, Source
    from ruggie.findings.domain.severity import Severity
    from ruggie.findings.models import Finding
    from ruggie.findings.services import finding_raise
    from ruggie.register.models import Site, Supplier
    from ruggie.register.services import supplier_link_account

    if Finding.objects.filter(organisation=acme).exists():
        return
    stitch = Supplier.objects.get(organisation=acme, external_id="ACM-0002")
    supplier_link_account(supplier=stitch, actor=None, account=stitch_account)
    data = files("ruggie.data").joinpath("demo/acme_audit.csv").read_bytes()
    report = import_audit(organisation=acme, actor=None, data=data, filename="acme_audit.csv")
    if report.error or report.rejected:
        raise RuntimeError(f"demo audit did not import cleanly: {report.as_dict()}")
    factory = Site.objects.get(organisation=acme, supplier=stitch)
    survey = FindingDraft(
        issue="wages",
        title="Workers say piece rates fall below the minimum wage in low season",
        source=Source.SURVEY,
        severity=Severity.HIGH,
        site_id=factory.pk,
        source_ref="demo-survey-2026-10:wages",
        source_label="Worker wellbeing survey, October 2026 (demo)",
        description="41% of 212 respondents said their pay in low season does not cover food and rent;"
        " the audit a month earlier found nothing on wages.",
    )
    finding_raise(organisation=acme, actor=None, draft=survey)


def _demo_investor(fund: Organisation) -> None:
    """A portfolio, an engagement with one holding, and two years of its modern slavery
    statement assessed against the UK act, so the investor pages have something to show."""
    from datetime import date

    from ruggie.investors import disclosures, engagements
    from ruggie.investors.demo_documents import statement_pages, statement_pdf
    from ruggie.investors.models import Holding
    from ruggie.investors.services import holdings_import

    if Holding.objects.filter(organisation=fund).exists():
        return
    data = files("ruggie.data").joinpath("demo/green_holdings.csv").read_bytes()
    report = holdings_import(organisation=fund, actor=None, data=data, filename="green_holdings.csv")
    if report.error:
        raise RuntimeError(f"demo holdings did not import cleanly: {report.error}")
    company = "Northwind Retail plc"
    e = engagements.engagement_create(
        lead=fund, actor=None, title="Northwind: recruitment fees and worker voice", company_name=company,
        isin="GB00NWR00019", today=date(2026, 3, 2),
        asks=["Publish salient human rights issues",
              "Establish a grievance mechanism accessible to supply-chain workers",
              "Disclose remedy provided, including recruitment fees repaid"],
    )  # fmt: skip
    asks = list(e.asks.order_by("pk"))
    engagements.progress_record(ask=asks[0], by=fund, actor=None, stage="acknowledged", on=date(2026, 4, 10))
    engagements.progress_record(
        ask=asks[2], by=fund, actor=None, stage="implemented", on=date(2026, 6, 1),
        evidence="2025 statement: 148 workers repaid GBP 61,000 in recruitment fees (p. 2).",
    )  # fmt: skip
    engagements.interaction_add(
        engagement=e, by=fund, actor=None, kind="meeting", on=date(2026, 4, 10),
        summary="Call with the head of sustainability; agreed to report on fee repayment.", shared=True,
    )  # fmt: skip
    for year in (2024, 2025):
        disclosures.disclosure_add(
            organisation=fund, actor=None, company_name=company, isin="GB00NWR00019",
            title=f"Modern slavery statement {year}", kind="msa_statement", year=year,
            filename=f"northwind-msa-{year}.pdf", data=statement_pdf(statement_pages(year)),
            framework="uk_msa",
        )  # fmt: skip


def _demo_legal_profile(acme: Organisation) -> None:
    """A UK apparel company importing into the US and the EU, so the laws page has answers."""
    from ruggie.laws.models import LegalProfile
    from ruggie.laws.services import profile_save

    if LegalProfile.objects.filter(organisation=acme).exists():
        return
    profile_save(
        organisation=acme,
        actor=None,
        form={
            "incorporated_in": "United Kingdom", "listed_in": "none", "business_in": "UK, Germany, Ireland",
            "employees": "total 2400, GB 1300, DE 900", "fte": "2150", "turnover": "GBP 310m",
            "turnover_eu": "EUR 95m", "balance_sheet": "GBP 180m", "financial_year_end": "31 January",
            "sells_goods_or_services": "yes", "sells_goods": "yes", "imports_into": ["US", "EU"],
            "retail_or_manufacturer": "yes", "business_in_california": "no", "imports_3tg": "no",
            "child_labour_suspicion": "no", "rates": "1 EUR = 0.86 GBP, 2026-01-31, annual accounts",
        },
    )  # fmt: skip
