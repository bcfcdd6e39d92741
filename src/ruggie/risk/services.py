"""Scoring an organisation's register and keeping what changed.

``score_organisation`` always scores every site (numpy makes the whole register a
fraction of a second), compares with the stored scores, and writes only what moved: new
sites' scores are inserted, a changed site's rows replaced and the old values kept in
``SiteRiskHistory``. One audit event per run names the trigger, the methodology version,
the reference editions and how many scores moved; the history rows are the per-score trail.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection, transaction

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.bulk import bulk_insert, refresh_statistics
from ruggie.core.errors import FileRefused
from ruggie.core.human_rights import issue_codes
from ruggie.register.models import Commodity, Site
from ruggie.risk.context import reference_context
from ruggie.risk.domain.methodology import Methodology, adjust, default_methodology, parse_adjustment
from ruggie.risk.domain.salience import exposures
from ruggie.risk.domain.scoring import ReferenceContext, Scores, SiteProfile, score_sites
from ruggie.risk.models import MethodologyAdjustment, RiskRun, SalienceJudgement, SiteRisk, SiteRiskHistory

Progress = Callable[[int, str], None]
MISSING = 255  # no stored score yet (scores are 0-100)


def methodology_for(organisation: Organisation) -> Methodology:
    """The default methodology with the organisation's latest adjustment, if any."""
    latest = MethodologyAdjustment.objects.filter(organisation=organisation).first()
    base = default_methodology()
    return adjust(base, parse_adjustment(latest.text)) if latest else base


def _site_profiles(organisation: Organisation) -> tuple[list[SiteProfile], dict[int, int | None]]:
    """Every site as the methodology reads it, and its headcount.

    Read with the cursor, not the ORM: building 100,000 rows of values through the ORM's
    converters took a second on its own. Shares come back as Decimal (PostgreSQL) or
    float/str (SQLite); float() reads them all.
    """
    qn = connection.ops.quote_name
    site_table = qn(Site._meta.db_table)
    through = Site.commodities.through
    goods: dict[int, list[str]] = defaultdict(list)
    heads: dict[int, int | None] = {}
    sites = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.site_id, c.code FROM {qn(through._meta.db_table)} l "  # noqa: S608 - table names only
            f"JOIN {qn(Commodity._meta.db_table)} c ON c.id = l.commodity_id "
            f"JOIN {site_table} s ON s.id = l.site_id WHERE s.organisation_id = %s",
            [organisation.pk],
        )
        for site_id, code in cursor.fetchall():
            goods[site_id].append(code)
        cursor.execute(
            "SELECT id, country, sector, migrant_share, temporary_share, women_share, headcount "  # noqa: S608
            f"FROM {site_table} WHERE organisation_id = %s ORDER BY id",
            [organisation.pk],
        )
        for pk, country, sector, migrant, temporary, women, headcount in cursor.fetchall():
            sites.append(
                SiteProfile(
                    key=pk,
                    country=country,
                    sector=sector,
                    commodities=tuple(goods.get(pk, ())),
                    migrant_share=None if migrant is None else float(migrant),
                    temporary_share=None if temporary is None else float(temporary),
                    women_share=None if women is None else float(women),
                )
            )
            heads[pk] = headcount
    return sites, heads


def _stored(
    organisation: Organisation, scores: Scores
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """The stored scores in the new scores' shape (MISSING where none), and the run that
    set each (0 where none). One query per issue, so no issue string is read per row, and
    numpy places each row (a Python loop over 1.3 million rows took seconds)."""
    old = np.full(scores.values.shape, MISSING, dtype=np.uint8)
    runs = np.zeros(scores.values.shape, dtype=np.int64)
    if not scores.keys or not SiteRisk.objects.filter(organisation=organisation).exists():
        return old, runs
    keys = np.asarray(scores.keys, dtype=np.int64)  # ascending: sites are read in id order
    table = connection.ops.quote_name(SiteRisk._meta.db_table)
    with connection.cursor() as cursor:
        for j, issue in enumerate(scores.issues):
            cursor.execute(
                f"SELECT site_id, score, run_id FROM {table} WHERE organisation_id = %s AND issue = %s",  # noqa: S608
                [organisation.pk, issue],
            )
            rows = cursor.fetchall()
            if not rows:
                continue
            found = np.array(rows, dtype=np.int64)
            at = np.searchsorted(keys, found[:, 0])
            ok = (at < len(keys)) & (keys[np.minimum(at, len(keys) - 1)] == found[:, 0])
            old[at[ok], j] = found[ok, 1]
            runs[at[ok], j] = found[ok, 2]
    return old, runs


def _summary(scores: Scores, countries: list[str], methodology: Methodology) -> dict[str, Any]:
    """Country x issue: sites, mean and max score, sites at high risk or above."""
    out: dict[str, Any] = {"issues": list(scores.issues), "countries": {}}
    if not scores.keys:
        return out
    high = methodology.levels["high"]
    arr = np.array(countries)
    for country in sorted(set(countries)):
        rows = scores.values[arr == country].astype(np.float64)
        out["countries"][country] = {
            "sites": int(rows.shape[0]),
            "mean": [round(float(v), 1) for v in rows.mean(axis=0)],
            "max": [int(v) for v in rows.max(axis=0)],
            "high": [int(v) for v in (rows >= high).sum(axis=0)],
        }
    return out


STATISTICS_AFTER = 20_000  # scores written; below this the old statistics are good enough


def score_organisation(
    *,
    organisation: Organisation,
    actor: Any,
    trigger: str,
    context: ReferenceContext | None = None,
    progress: Progress | None = None,
) -> RiskRun:
    """Score every site of the organisation; store and log what changed."""
    run = _score_organisation(
        organisation=organisation, actor=actor, trigger=trigger, context=context, progress=progress
    )
    if run.changed >= STATISTICS_AFTER:
        refresh_statistics([SiteRisk, SiteRiskHistory])
    return run


@transaction.atomic
def _score_organisation(
    *,
    organisation: Organisation,
    actor: Any,
    trigger: str,
    context: ReferenceContext | None = None,
    progress: Progress | None = None,
) -> RiskRun:
    """The run itself, in one transaction (statistics are refreshed after it commits)."""
    say = progress or (lambda _p, _s: None)
    started = time.perf_counter()
    # One run at a time per organisation: the score rows are replaced, not upserted.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    say(5, "reading the register")
    methodology = methodology_for(organisation)
    context = context or reference_context(organisation)
    sites, heads = _site_profiles(organisation)
    say(30, "scoring")
    scores = score_sites(sites, methodology, context)
    say(55, "comparing with stored scores")
    old, old_runs = _stored(organisation, scores)
    moved = old != scores.values
    new_rows = (old == MISSING).all(axis=1)
    changed_rows = moved.any(axis=1) & ~new_rows
    countries = [s.country for s in sites]
    run = RiskRun.objects.create(
        organisation=organisation,
        trigger=trigger,
        methodology_version=methodology.version,
        reference_editions=dict(context.datasets),
        sites=len(sites),
    )
    say(65, "storing scores")
    changed_idx = np.flatnonzero(changed_rows)
    if len(changed_idx):
        changed_sites = [scores.keys[i] for i in changed_idx]
        history = []
        for i in changed_idx:
            for j in np.flatnonzero(moved[i]):
                if old[i, j] != MISSING:
                    history.append(
                        (organisation.pk, scores.keys[i], scores.issues[j], int(old[i, j]),
                         int(scores.values[i, j]), run.pk, int(old_runs[i, j]))
                    )  # fmt: skip
        bulk_insert(
            SiteRiskHistory,
            ("organisation_id", "site_id", "issue", "score", "new_score", "run_id", "valid_from_run"),
            history,
        )
        for start in range(0, len(changed_sites), 900):
            SiteRisk.objects.filter(site_id__in=changed_sites[start : start + 900]).delete()
    write = np.flatnonzero(new_rows | changed_rows)
    n_issues = len(scores.issues)
    # Columns of the rows to write, flattened site x issue.
    site_col = np.repeat(np.asarray(scores.keys, dtype=np.int64)[write], n_issues)
    issue_col = np.tile(np.arange(n_issues), len(write))
    score_col = scores.values[write].ravel().astype(np.int64)
    country_col = np.repeat(np.asarray(countries, dtype=object)[write], n_issues)
    # A changed site's rows are rewritten whole; a score that did not move keeps the run
    # that set it, so a later history row names when the old score really began.
    run_col = np.where(moved[write], run.pk, old_runs[write]).ravel()
    # In site order (the site index grows at its end). Sorting by the top-sites index
    # instead was measured and gained nothing on either database.
    rows = list(
        zip(
            repeat(organisation.pk),
            site_col.tolist(),
            [scores.issues[j] for j in issue_col.tolist()],
            score_col.tolist(),
            country_col.tolist(),
            run_col.tolist(),
            strict=False,
        )
    )
    bulk_insert(
        SiteRisk, ("organisation_id", "site_id", "issue", "score", "country", "run_id"), rows, plain=True
    )
    say(90, "summarising")
    run.changed = int(moved[~new_rows].sum()) + int(new_rows.sum()) * n_issues
    run.summary = {
        **_summary(scores, countries, methodology),
        "exposures": [x.as_dict() for x in exposures(scores, methodology, workers=heads)],
    }
    run.seconds = round(time.perf_counter() - started, 3)
    run.save(update_fields=["changed", "summary", "seconds"])
    record(
        organisation=organisation,
        actor=actor,
        event_type=EventType.RISK_SCORED,
        target=run,
        changes={
            "trigger": trigger,
            "methodology": methodology.version,
            "reference": dict(context.datasets),
            "sites": len(sites),
            "scores_changed": run.changed,
        },
    )
    say(100, "done")
    return run


def methodology_adjust(*, organisation: Organisation, actor: Any, text: str, reason: str) -> RiskRun:
    """Store an adjustment (checked first: a bad one never replaces a good one), then re-score."""
    if not reason.strip():
        raise FileRefused("Say why the methodology changes: the reason is kept with the change.")
    methodology = adjust(default_methodology(), parse_adjustment(text))
    previous = methodology_for(organisation)
    adjustment = MethodologyAdjustment.objects.create(
        organisation=organisation,
        text=text,
        version=methodology.version,
        reason=reason.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        organisation=organisation,
        actor=actor,
        event_type=EventType.METHODOLOGY_ADJUSTED,
        target=adjustment,
        changes={"version": [previous.version, methodology.version], "reason": reason.strip()},
    )
    return score_organisation(organisation=organisation, actor=actor, trigger="methodology")


def salience_judge(
    *,
    organisation: Organisation,
    actor: Any,
    issue: str,
    reason: str,
    scale: int | None = None,
    scope: int | None = None,
    irremediability: int | None = None,
    likelihood: int | float | None = None,
) -> SalienceJudgement:
    """Record a person's override of an issue's rating (likelihood given 0-100)."""
    if issue not in issue_codes():
        raise FileRefused(f"'{issue}' is not an issue of the taxonomy.")
    if not reason.strip():
        raise FileRefused("Say why: a judgement is kept with its reason.")
    for name, value in (("scale", scale), ("scope", scope), ("irremediability", irremediability)):
        if value is not None and not 1 <= value <= 4:
            raise FileRefused(f"{name}: write a number from 1 to 4.")
    if likelihood is not None and not 0 <= likelihood <= 100:
        raise FileRefused("likelihood: write a number from 0 to 100.")
    if scale is None and scope is None and irremediability is None and likelihood is None:
        raise FileRefused(
            "Change at least one rating: a judgement overrides scale, scope, irremediability or likelihood."
        )
    judgement = SalienceJudgement.objects.create(
        organisation=organisation,
        issue=issue,
        scale=scale,
        scope=scope,
        irremediability=irremediability,
        likelihood=None if likelihood is None else float(likelihood) / 100,
        reason=reason.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        organisation=organisation,
        actor=actor,
        event_type=EventType.SALIENCE_JUDGED,
        target=judgement,
        changes={
            "issue": issue,
            "scale": scale,
            "scope": scope,
            "irremediability": irremediability,
            "likelihood": judgement.likelihood,
            "reason": judgement.reason,
        },
    )
    return judgement


def salience_withdraw(*, organisation: Organisation, actor: Any, issue: str) -> int:
    """Withdraw the standing overrides of an issue; the computed rating applies again."""
    from django.utils import timezone

    standing = SalienceJudgement.objects.filter(organisation=organisation, issue=issue, withdrawn_at=None)
    ids = list(standing.values_list("pk", flat=True))
    standing.update(withdrawn_at=timezone.now())
    if ids:
        record(
            organisation=organisation,
            actor=actor,
            event_type=EventType.SALIENCE_JUDGEMENT_WITHDRAWN,
            target_type="saliencejudgement",
            target_id=",".join(map(str, ids)),
            target_repr=f"Judgement on {issue}",
            changes={"issue": issue},
        )
    return len(ids)
