"""Is the grievance mechanism working? The eight UNGP 31 effectiveness criteria, measured.

Each criterion gets the figures ../shared/grievance.md lists as computable from case
records: reach per 1,000 workers, time to acknowledge and to give feedback against the
deadlines, appeals, reporters who read the outcome, remedy recorded and remedy the reporter
confirms, recurring issues, satisfaction. Figures about who reported (gender) follow the
survey's minimum group size, so a breakdown never singles a reporter out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from ruggie.surveys.domain.privacy import disclose

ACK_DAYS = 7
FEEDBACK_DAYS = 90


@dataclass(frozen=True)
class CaseFacts:
    """What the measures read of a case: workflow fields only, never its content."""

    site_id: int | None
    channel: str
    category: str
    gender: str
    anonymous: bool
    state: str
    received_on: date
    acknowledged_on: date | None = None
    first_response_on: date | None = None
    closed_on: date | None = None
    has_handler: bool = False
    conflict_declared: bool = False
    remedy_recorded: bool = False
    remedy_received: bool | None = None
    satisfied: bool | None = None
    saw_outcome: bool = False
    appealed: bool = False


@dataclass(frozen=True)
class Figure:
    label: str
    value: float | int | None  # None: nothing to measure yet
    unit: str = ""  # "%", "days", "" (a count)
    target: str = ""


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    question: str
    figures: tuple[Figure, ...]
    table: tuple[tuple[str, str], ...] = ()  # (label, value) rows, e.g. per site


@dataclass
class Effectiveness:
    cases: int
    criteria: list[Criterion] = field(default_factory=list)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _median_days(pairs: Iterable[tuple[date, date | None]]) -> float | None:
    days = [(b - a).days for a, b in pairs if b is not None]
    return float(median(days)) if days else None


def measure(
    cases: list[CaseFacts],
    *,
    workers: Mapping[int, int],
    site_names: Mapping[int, str],
    today: date,
    min_group: int = 10,
) -> Effectiveness:
    n = len(cases)
    out = Effectiveness(cases=n)
    closed = [c for c in cases if c.state == "closed" or c.closed_on is not None]

    # Legitimate: handled by someone accountable, conflicts of interest declared.
    out.criteria.append(
        Criterion(
            "legitimate",
            "Legitimate",
            "Do people trust who handles their case?",
            (
                Figure("Cases with an assigned handler", _share(sum(c.has_handler for c in cases), n), "%"),
                Figure(
                    "Cases where a conflict of interest was declared", sum(c.conflict_declared for c in cases)
                ),
            ),
        )
    )

    # Accessible: who reaches the mechanism, through which channel.
    per_site = Counter(c.site_id for c in cases if c.site_id is not None)
    reach = []
    for site_id, count in per_site.most_common():
        headcount = workers.get(site_id)
        rate = f"{1000 * count / headcount:.1f} per 1,000 workers" if headcount else "workforce not recorded"
        reach.append((site_names.get(site_id, f"site {site_id}"), f"{count} cases, {rate}"))
    channels = Counter(c.channel for c in cases)
    genders = Counter(c.gender for c in cases if c.gender)
    shown = disclose(genders, n, min_group) if n else None
    gender_rows: list[tuple[str, str]] = []
    if shown is not None:
        gender_rows = [(g, str(genders[g])) for g in shown.shown]
        if shown.merged_count:
            gender_rows.append(("other groups and not said", str(shown.merged_count)))
    out.criteria.append(
        Criterion(
            "accessible",
            "Accessible",
            "Can everyone who may be harmed reach it?",
            (
                Figure("Reports made anonymously", _share(sum(c.anonymous for c in cases), n), "%"),
                *(Figure(f"Through {ch}", count) for ch, count in channels.most_common()),
            ),
            tuple(reach) + tuple(("By gender: " + g, v) for g, v in gender_rows),
        )
    )

    # Predictable: on time, against the published deadlines.
    due_ack = [c for c in cases if c.acknowledged_on or (today - c.received_on).days > ACK_DAYS]
    ack_on_time = sum(
        1 for c in due_ack if c.acknowledged_on and (c.acknowledged_on - c.received_on).days <= ACK_DAYS
    )
    due_feedback = [c for c in cases if c.first_response_on or (today - c.received_on).days > FEEDBACK_DAYS]
    feedback_on_time = sum(
        1
        for c in due_feedback
        if c.first_response_on and (c.first_response_on - c.received_on).days <= FEEDBACK_DAYS
    )
    out.criteria.append(
        Criterion(
            "predictable",
            "Predictable",
            "Does it keep to its published time frames?",
            (
                Figure("Acknowledged within 7 days", _share(ack_on_time, len(due_ack)), "%", "100%"),
                Figure(
                    "Median days to acknowledge",
                    _median_days((c.received_on, c.acknowledged_on) for c in cases),
                    "days",
                    "≤ 7",
                ),
                Figure("Feedback within 3 months", _share(feedback_on_time, len(due_feedback)), "%", "100%"),
                Figure(
                    "Median days to close", _median_days((c.received_on, c.closed_on) for c in closed), "days"
                ),
            ),
        )
    )

    # Equitable: appeals are possible and used.
    out.criteria.append(
        Criterion(
            "equitable",
            "Equitable",
            "Can reporters challenge an outcome on fair terms?",
            (
                Figure(
                    "Closed cases appealed", _share(sum(c.appealed for c in cases), len(closed) or n), "%"
                ),
                Figure("Appeals", sum(c.appealed for c in cases)),
            ),
        )
    )

    # Transparent: reporters hear the outcome.
    out.criteria.append(
        Criterion(
            "transparent",
            "Transparent",
            "Are reporters kept informed?",
            (
                Figure(
                    "Closed cases whose reporter read the outcome",
                    _share(sum(c.saw_outcome for c in closed), len(closed)),
                    "%",
                ),
                Figure("Cases received", n),
                Figure("Cases closed", len(closed)),
            ),
        )
    )

    # Rights-compatible: remedy recorded, and remedy the reporter confirms.
    recorded = [c for c in cases if c.remedy_recorded]
    answered = [c for c in recorded if c.remedy_received is not None]
    out.criteria.append(
        Criterion(
            "rights_compatible",
            "Rights-compatible",
            "Do outcomes put the harm right?",
            (
                Figure(
                    "Closed cases with remedy recorded",
                    _share(sum(c.remedy_recorded for c in closed), len(closed)),
                    "%",
                ),
                Figure(
                    "Remedy confirmed received by the reporter",
                    _share(sum(bool(c.remedy_received) for c in answered), len(answered)),
                    "%",
                ),
                Figure("Remedies the reporter has not confirmed yet", len(recorded) - len(answered)),
            ),
        )
    )

    # Continuous learning: the same issue again at the same site.
    repeats = Counter((c.site_id, c.category) for c in cases if c.site_id is not None)
    recurring = [
        (f"{site_names.get(site, f'site {site}')}: {category.replace('_', ' ')}", f"{count} cases")
        for (site, category), count in repeats.most_common()
        if count >= 2
    ]
    out.criteria.append(
        Criterion(
            "learning",
            "A source of continuous learning",
            "What keeps coming back?",
            (
                Figure("Recurring issue at a site (2 or more cases)", len(recurring)),
                *(
                    Figure(f"About {cat.replace('_', ' ')}", count)
                    for cat, count in Counter(c.category for c in cases).most_common(5)
                ),
            ),
            tuple(recurring[:20]),
        )
    )

    # Engagement and dialogue: what reporters say of the handling.
    rated = [c for c in cases if c.satisfied is not None]
    out.criteria.append(
        Criterion(
            "engagement",
            "Based on engagement and dialogue",
            "Are reporters satisfied with how it went?",
            (
                Figure(
                    "Reporters satisfied with the handling",
                    _share(sum(bool(c.satisfied) for c in rated), len(rated)),
                    "%",
                ),
                Figure("Reporters who answered", len(rated)),
            ),
        )
    )
    return out
