"""The six steps of the OECD Due Diligence Guidance (2018), which ruggie's navigation follows.

Each step says in two plain sentences what it is for, and lists what ruggie offers for it
today. Later capabilities add their pages to ``offers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise


@dataclass(frozen=True)
class Offer:
    label: Text
    url_name: str
    description: Text
    permission: str = "view"  # shown only to roles that may use it


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: Text
    purpose: Text
    ungp: Text
    offers: list[Offer] = field(default_factory=list)


STEPS = [
    Step(
        1,
        "embed",
        _("Embed policy"),
        _(
            "Commit to respect human rights in a policy approved at the top, and build it into how the "
            "business is run. Everyone, including suppliers, should know what is expected of them."
        ),
        _("UNGP 16 (policy commitment)"),
        [
            Offer(
                _("Learn human rights due diligence"),
                "learning:modules",
                _(
                    "Short modules with a few questions each: forced labour indicators, ethical "
                    "recruitment, grievance mechanisms, remedy, salience. See who in your organisation "
                    "and your suppliers has completed them."
                ),
            )
        ],
    ),
    Step(
        2,
        "identify",
        _("Identify and assess"),
        _(
            "Find out where in your operations and supply chain people could be harmed, starting with "
            "the most severe risks. You cannot act on what you have not mapped."
        ),
        _("UNGP 17, 18 and 24 (human rights due diligence, assessing impacts, prioritising by severity)"),
        [
            Offer(
                _("Supply-chain register"),
                "register:supplier_list",
                _("Your suppliers, their sites and tiers: the map every assessment starts from."),
            ),
            Offer(
                _("Import a supplier list"),
                "register:import_upload",
                _("Bring in a spreadsheet from any system, in any common format and language."),
                "import",
            ),
            Offer(
                _("Engagements (investors)"),
                "investors:engagements",
                _(
                    "Put specific asks to the companies you hold, alone or with other investors, "
                    "and track how far each has moved; escalate when it does not."
                ),
            ),
            Offer(
                _("Portfolio (investors)"),
                "investors:portfolio",
                _(
                    "The companies you hold by sector and country, with each sector's inherent "
                    "human rights risk: where to engage first."
                ),
            ),
            Offer(
                _("Import audit results"),
                "findings:import_upload",
                _("Turn a social audit's non-compliances into findings at the audited site."),
                "import",
            ),
            Offer(
                _("Risk"),
                "risk:overview",
                _(
                    "Which sites and which human rights issues come first, and why: inherent risk per "
                    "site and issue, a country heat map and your salient issues (UNGP 24)."
                ),
            ),
            Offer(
                _("Screening"),
                "screening:hits",
                _("Suppliers whose names match restricted-entity lists such as the UFLPA Entity List."),
            ),
            Offer(
                _("Supplier self-assessments"),
                "assessments:board",
                _(
                    "Ask suppliers how they manage human rights, by a due date; they answer once and "
                    "share with every customer. Risky answers become findings."
                ),
            ),
            Offer(
                _("Your self-assessments"),
                "assessments:mine",
                _("For suppliers: your answers, and which customers see them."),
            ),
            Offer(
                _("How risk scores are made"),
                "risk:methodology",
                _("The factors, weights and data sources behind every score, and your adjustments."),
            ),
        ],
    ),
    Step(
        3,
        "prevent",
        _("Prevent and mitigate"),
        _(
            "Stop the harm you cause, and use your leverage where suppliers cause it. Agree corrective "
            "actions with the people who can fix the problem."
        ),
        _("UNGP 19 (integrating and acting)"),
        [
            Offer(
                _("Findings"),
                "findings:board",
                _("Everything found wrong, from every source, most severe first, with corrective actions."),
            ),
            Offer(
                _("Raise a finding"),
                "findings:new",
                _("Record a problem found on a visit, in a report or in the news."),
                "edit",
            ),
            Offer(
                _("Your customers' corrective actions"),
                "findings:supplier_actions",
                _("For suppliers: the actions your customers asked for, with evidence and status."),
            ),
        ],
    ),
    Step(
        4,
        "track",
        _("Track"),
        _(
            "Check whether what you did worked, using evidence from audits, suppliers and workers "
            "themselves. Adjust when it did not."
        ),
        _("UNGP 20 (tracking effectiveness)"),
        [
            Offer(
                _("Worker surveys"),
                "surveys:rounds",
                _(
                    "Ask workers directly, anonymously and in their language, whether they feel safe, "
                    "respected and secure in their income; compare sites and rounds."
                ),
            ),
            Offer(
                _("Findings in numbers"),
                "findings:metrics",
                _("Open findings by issue and severity, overdue actions, time to close, remedy delivered."),
            ),
            Offer(
                _("Audit log"),
                "accounts:audit_log",
                _("Who changed what and when, for every record in your register."),
                "audit",
            ),
        ],
    ),
    Step(
        5,
        "communicate",
        _("Communicate"),
        _(
            "Tell the people affected, investors and regulators what you found and what you did about it. "
            "Reports should cite the evidence they rest on."
        ),
        _("UNGP 21 (communicating)"),
        [
            Offer(
                _("Export the register"),
                "register:supplier_list",
                _("Download your register as CSV or Excel, safe to open in any spreadsheet."),
                "export",
            ),
            Offer(
                _("Statements and reports"),
                "reports:list",
                _(
                    "A first draft of your modern slavery statement (UK, Australia, Canada), a UNGP "
                    "Reporting Framework report or ESRS S2 datapoints, written from the evidence in "
                    "ruggie with every figure linked and every gap named; edit, approve, export."
                ),
            ),
            Offer(
                _("Which laws apply"),
                "laws:laws",
                _(
                    "Enter your organisation's profile once: ruggie says which supply-chain and due "
                    "diligence laws apply and why, article by article, with a calendar of deadlines."
                ),
            ),
            Offer(
                _("Company disclosures (investors)"),
                "investors:disclosures",
                _(
                    "Read a company's modern slavery statement or human rights report against the law's "
                    "criteria: the evidence sentence by sentence, how specific it is, and what changed "
                    "since last year."
                ),
            ),
        ],
    ),
    Step(
        6,
        "remedy",
        _("Remedy"),
        _(
            "Where people were harmed, put it right: repayment, compensation, reinstatement, apology. "
            "Give workers a safe way to raise grievances."
        ),
        _("UNGP 22, 29 and 31 (remediation and grievance mechanisms)"),
        [
            Offer(
                _("Grievance cases"),
                "grievance:cases",
                _(
                    "Complaints from workers and communities, anonymous if they wish: acknowledge, "
                    "investigate, agree remedy, and ask the reporter whether it arrived."
                ),
                "cases",
            ),
            Offer(
                _("Grievance channels and posters"),
                "grievance:channels",
                _(
                    "A public page per site or for the whole organisation, with a QR poster "
                    "for the notice board."
                ),
                "cases",
            ),
            Offer(
                _("Is the mechanism working?"),
                "grievance:effectiveness",
                _(
                    "The UNGP 31 effectiveness criteria in numbers: reach, time to acknowledge "
                    "and resolve, remedy confirmed."
                ),
                "cases",
            ),
            Offer(
                _("Remedy delivered"),
                "findings:metrics",
                _("Record on each corrective action what the people harmed received, and track its share."),
            ),
        ],
    ),
]

BY_SLUG = {s.slug: s for s in STEPS}


def offers_for(step: Step, membership: object) -> list[Offer]:
    """The offers this member's role may use (nobody is shown a link that answers 403)."""
    can = getattr(membership, "can", None)
    return [o for o in step.offers if can is not None and can(o.permission)]
