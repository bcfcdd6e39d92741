"""Worker survey rounds: open one for a site, take anonymous answers, read the results
(never a group smaller than the round's minimum), and raise findings from them.

A response is not audit-logged one by one: an event per response would keep the time
each worker answered, which is exactly what anonymity forbids. Rounds, their changes and
the findings raised from them are logged.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.core.errors import FileRefused, RefusedWithProblems, UserFacingError
from ruggie.findings.domain.raising import FindingDraft, Source
from ruggie.findings.domain.severity import Severity
from ruggie.findings.services import finding_raise
from ruggie.questionnaires.domain.answers import check
from ruggie.questionnaires.domain.format import FindingRule, QuestionnaireFile
from ruggie.questionnaires.domain.scoring import localise, rule_ref, score_response
from ruggie.questionnaires.services import spec_of, version_for
from ruggie.register.domain.tabular import read_table
from ruggie.register.models import Site
from ruggie.surveys.domain.paper import MAX_ROWS, header_score, read_answers
from ruggie.surveys.domain.privacy import DEFAULT_MIN_GROUP, OTHER, GroupSizeRefused, check_min_group
from ruggie.surveys.domain.results import Estimate, breakdown, group_codes, site_estimates
from ruggie.surveys.models import Channel, SurveyResponse, SurveyRound

WELLBEING = "worker_wellbeing"
LOW_INDEX = 50.0  # below this a dimension raises a finding on the site
VERY_LOW_INDEX = 35.0


class RoundRefused(UserFacingError):
    pass


class ResponseRefused(RefusedWithProblems):
    """The answers, with a ``Problem`` per question to fix."""


@transaction.atomic
def round_create(
    *,
    organisation: Organisation,
    actor: Any,
    site: Site,
    name: str,
    opens_on: date,
    closes_on: date | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP,
    questionnaire: str = WELLBEING,
) -> SurveyRound:
    if site.organisation_id != organisation.pk:
        raise RoundRefused("That site is not in your register.")
    if not name.strip():
        raise RoundRefused("Give the round a name, such as the season or year it runs.")
    if closes_on is not None and closes_on < opens_on:
        raise RoundRefused("The round closes before it opens: check the dates.")
    try:
        check_min_group(min_group_size)
    except GroupSizeRefused as exc:
        raise RoundRefused(str(exc)) from None
    round_ = SurveyRound.objects.create(
        organisation=organisation,
        site=site,
        questionnaire=version_for(questionnaire),
        name=name.strip()[:120],
        token=secrets.token_urlsafe(16),
        opens_on=opens_on,
        closes_on=closes_on,
        min_group_size=min_group_size,
        headcount=site.headcount,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        organisation=organisation,
        actor=actor,
        event_type=EventType.SURVEY_ROUND_CREATED,
        target=round_,
        changes={
            "site": site.pk,
            "questionnaire": f"{round_.questionnaire.code} {round_.questionnaire.version}",
            "opens_on": opens_on.isoformat(),
            "closes_on": closes_on.isoformat() if closes_on else None,
            "min_group_size": min_group_size,
        },
    )
    return round_


@transaction.atomic
def round_close(*, round_: SurveyRound, actor: Any, today: date | None = None) -> SurveyRound:
    """Stop taking answers now (the results stay), and raise the round's findings when
    enough workers answered: they reach the findings board, the site's triangulation
    (workers against the latest audit) and the likelihood of the salient issues."""
    round_.closed_on = today or timezone.localdate()
    round_.save(update_fields=["closed_on"])
    record(
        organisation=round_.organisation,
        actor=actor,
        event_type=EventType.SURVEY_ROUND_CHANGED,
        target=round_,
        changes={"closed_on": [None, round_.closed_on.isoformat()]},
    )
    if round_.responses.count() >= round_.min_group_size:
        round_raise_findings(round_=round_, actor=actor)
    return round_


@transaction.atomic
def round_feedback(*, round_: SurveyRound, actor: Any, text: str) -> SurveyRound:
    """What will be done, told back to the workers with their results."""
    old, round_.feedback = round_.feedback, text.strip()[:4000]
    round_.save(update_fields=["feedback"])
    record(
        organisation=round_.organisation,
        actor=actor,
        event_type=EventType.SURVEY_ROUND_CHANGED,
        target=round_,
        changes={"feedback": [old, round_.feedback]},
    )
    return round_


def response_submit(
    *,
    round_: SurveyRound,
    raw: Mapping[str, Sequence[str]],
    language: str,
    channel: str = Channel.WEB,
    today: date | None = None,
) -> SurveyResponse:
    """Check, score and store one worker's answers. Nothing about the worker is kept."""
    day = today or timezone.localdate()
    if channel == Channel.WEB and not round_.is_open(day):
        raise ResponseRefused("This survey is closed. Thank you for wanting to answer.")
    spec = spec_of(round_.questionnaire)
    answers = {q.id: list(raw.get(q.id, ())) for q in spec.all_questions()}
    kept, problems = check(spec, {k: v if len(v) != 1 else v[0] for k, v in answers.items() if v}, final=True)
    if problems:
        raise ResponseRefused("Some answers need a look.", problems)
    score = score_response(spec, kept)
    return SurveyResponse.objects.create(
        round=round_,
        answers=kept,
        language=language if language in spec.languages else spec.source_language,
        channel=channel,
        received_on=day,
        indices={code: d.index for code, d in score.dimensions.items()},
        flags=sorted({r.ref for r in score.raised}),
    )


class PaperRefused(RefusedWithProblems):
    """An answer sheet, with a ``RowProblem`` per cell to fix."""


@transaction.atomic
def paper_import(
    *, round_: SurveyRound, actor: Any, data: bytes, filename: str, channel: str = Channel.PAPER
) -> int:
    """Store the answers typed from paper forms or interviews: all rows, or none."""
    spec = spec_of(round_.questionnaire)
    try:
        table = read_table(data, filename, max_rows=MAX_ROWS, score=header_score(spec))
    except FileRefused as exc:
        raise PaperRefused(exc.message) from None
    rows, problems = read_answers(table, spec)
    if problems:
        raise PaperRefused(
            f"Nothing was stored: {len(problems)} problems to fix in the file, listed below.", problems
        )
    if not rows:
        raise PaperRefused("The file has no answers: fill one row per worker under the question columns.")
    day = timezone.localdate()
    responses = []
    for kept in rows:
        score = score_response(spec, kept)
        responses.append(
            SurveyResponse(
                round=round_,
                answers=kept,
                language=spec.source_language,
                channel=channel,
                received_on=day,
                indices={code: d.index for code, d in score.dimensions.items()},
                flags=sorted({r.ref for r in score.raised}),
            )
        )
    SurveyResponse.objects.bulk_create(responses, batch_size=1000)
    record(
        organisation=round_.organisation,
        actor=actor,
        event_type=EventType.SURVEY_ROUND_CHANGED,
        target=round_,
        changes={"imported": len(responses), "channel": channel, "file": filename[:255]},
    )
    return len(responses)


@dataclass(frozen=True)
class Breakdown:
    question: str
    title: str
    rows: list[tuple[str, list[Estimate | None]]]  # group label, per dimension (None: not shown)


@dataclass(frozen=True)
class Flag:
    rule: FindingRule
    ref: str
    count: int
    answered: int


@dataclass(frozen=True)
class RoundResults:
    round: SurveyRound
    spec: QuestionnaireFile
    responses: int
    dimensions: list[tuple[str, str]]  # code, title
    totals: list[Estimate]
    breakdowns: list[Breakdown]
    flags: list[Flag]
    open_answers: list[str] = field(default_factory=list)
    shown: bool = True  # False: fewer answers than the minimum group size

    @property
    def k(self) -> int:
        return self.round.min_group_size


def round_results(round_: SurveyRound, *, language: str = "en", open_answers: bool = False) -> RoundResults:
    """Everything the results page, export and API show, already made safe to show."""
    spec = spec_of(round_.questionnaire)
    k = round_.min_group_size
    rows = list(round_.responses.values_list("indices", "answers", "flags"))
    dims = [(d.code, localise(d.title, language, spec.source_language)) for d in spec.dimensions]
    n = len(rows)
    scores = np.array(
        [[np.nan if (v := idx.get(code)) is None else float(v) for code, _t in dims] for idx, _a, _f in rows],
        dtype=np.float64,
    ).reshape(n, len(dims))
    site = np.zeros(n, dtype=np.int64)
    totals = site_estimates(site, scores, 1, k, [round_.headcount])[0]
    if n < k:
        return RoundResults(round_, spec, n, dims, totals, [], [], [], shown=False)
    breakdowns = []
    for q in (q for q in spec.all_questions() if q.context):
        options = spec.options_of(q)
        labels = [o.value for o in options if not o.not_scored]
        names = {o.value: localise(o.label, language, spec.source_language) for o in options}
        unstated = {o.value: True for o in options if o.not_scored}
        group = group_codes([a.get(q.id) for _i, a, _f in rows], labels, unstated)
        found = breakdown(site, scores, group, labels, 1, k, [round_.headcount])
        table: dict[str, list[Estimate | None]] = {}
        for r in found:
            table.setdefault(r.group, [None] * len(dims))[r.dimension] = r.estimate
        ordered = [(names.get(g, g), table[g]) for g in labels if g in table]
        if OTHER in table:
            ordered.append(("Other groups, together", table[OTHER]))
        if ordered:
            breakdowns.append(Breakdown(q.id, localise(q.text, language, spec.source_language), ordered))
    counted = Counter(ref for _i, _a, flags in rows for ref in flags)
    flags = []
    for q in spec.all_questions():
        for rule in q.rules:
            ref = rule_ref(q.id, rule)
            answered_n = sum(1 for _i, a, _f in rows if a.get(q.id) not in (None, ""))
            flags.append(Flag(rule, ref, counted.get(ref, 0), answered_n))
    texts: list[str] = []
    if open_answers:
        ids = [q.id for q in spec.all_questions() if q.type == "text"]
        texts = [str(a[i]) for _x, a, _f in rows for i in ids if a.get(i)]
        random.SystemRandom().shuffle(texts)  # no order: the order of arrival can point at a person
    return RoundResults(round_, spec, n, dims, totals, breakdowns, flags, texts)


@transaction.atomic
def round_raise_findings(*, round_: SurveyRound, actor: Any) -> list[tuple[str, str]]:
    """Low dimension indices and red flags become findings on the site (updated, not
    repeated, when raised again). Returns (finding title, what happened) pairs."""
    results = round_results(round_)
    if not results.shown:
        raise RoundRefused(
            f"Only {results.responses} answers so far: findings come once at least "
            f"{round_.min_group_size} workers have answered."
        )
    spec = results.spec
    site = round_.site
    drafts: list[FindingDraft] = []
    for d, estimate in zip(spec.dimensions, results.totals, strict=True):
        if d.issue is None or estimate.index is None or estimate.index >= LOW_INDEX:
            continue
        title = localise(d.title, spec.source_language)
        drafts.append(
            FindingDraft(
                issue=d.issue,
                title=f"Workers rate {title.lower()} low at {site.name}: {estimate.index:g}/100"[:255],
                source=Source.SURVEY,
                severity=Severity.HIGH if estimate.index < VERY_LOW_INDEX else Severity.MEDIUM,
                site_id=site.pk,
                source_ref=f"survey:{round_.pk}:{d.code}",
                source_label=f"Worker survey: {round_.name}",
                description=(
                    f"{estimate.n} workers answered; index {estimate.index:g} "
                    f"(95% interval {estimate.low:g}-{estimate.high:g})."
                    if estimate.low is not None and estimate.high is not None
                    else f"{estimate.n} workers answered; index {estimate.index:g}."
                ),
            )
        )
    for flag in results.flags:
        if flag.count == 0:
            continue
        drafts.append(
            FindingDraft(
                issue=flag.rule.issue,
                title=localise(flag.rule.title, spec.source_language)[:255],
                source=Source.SURVEY,
                severity=Severity(flag.rule.severity.value),
                site_id=site.pk,
                source_ref=f"survey:{round_.pk}:{flag.ref}",
                source_label=f"Worker survey: {round_.name}",
                description=f"{flag.count} of {flag.answered} workers who answered this question.",
                details={"indicator": flag.rule.indicator} if flag.rule.indicator else {},
            )
        )
    done = []
    for draft in drafts:
        finding, action = finding_raise(organisation=round_.organisation, actor=actor, draft=draft)
        done.append((finding.title, action))
    record(
        organisation=round_.organisation,
        actor=actor,
        event_type=EventType.SURVEY_FINDINGS_RAISED,
        target=round_,
        changes={"findings": [f"{t} ({a})" for t, a in done]},
    )
    return done
