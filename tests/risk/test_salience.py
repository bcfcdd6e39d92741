"""Salient issues: severity first, likelihood from scores and evidence, judgements."""

from __future__ import annotations

import numpy as np

from ruggie.risk.domain.methodology import default_methodology
from ruggie.risk.domain.salience import Exposure, Judgement, exposures, finding_evidence, rank_salient_issues
from ruggie.risk.domain.scoring import Scores


def scores(rows: list[list[int]]) -> Scores:
    m = default_methodology()
    values = np.array([r + [10] * (len(m.issues) - len(r)) for r in rows], dtype=np.uint8)
    return Scores(keys=list(range(1, len(rows) + 1)), issues=m.issues, values=values, methodology_version="t")


def test_severe_and_likely_issues_rank_first_with_their_driving_sites() -> None:
    m = default_methodology()
    # forced_labour, child_labour, ethical_recruitment, wages, working_hours ...
    exposed = exposures(
        scores([[90, 20, 30, 80, 80], [85, 10, 30, 70, 70], [10, 10, 10, 10, 10]]),
        m,
        workers={1: 500, 2: 300, 3: 50},
    )
    # Stored with the run as JSON, and read back the same.
    exposed = [Exposure.from_dict(x.as_dict()) for x in exposed]
    ranked = rank_salient_issues(exposed, m)
    by = {s.issue: s for s in ranked}
    assert ranked[0].issue == "forced_labour" and ranked[0].rank == 1
    assert by["forced_labour"].scope == 4 and by["forced_labour"].workers_at_high_risk == 800
    assert [d.site for d in by["forced_labour"].drivers][:2] == [1, 2]
    # Wages are as likely as forced labour here but less severe.
    assert by["wages"].salience < by["forced_labour"].salience


def test_evidence_raises_likelihood_and_disputed_findings_do_not() -> None:
    m = default_methodology()
    base = {s.issue: s for s in rank_salient_issues(exposures(scores([[10, 10, 10, 10, 10]]), m), m)}
    evidence = finding_evidence(
        [
            (7, "wages", 1, "critical", "open", "Below minimum wage"),
            (8, "child_labour", 1, "high", "disputed", "x"),
        ]
    )
    after = {
        s.issue: s
        for s in rank_salient_issues(exposures(scores([[10, 10, 10, 10, 10]]), m), m, evidence=evidence)
    }
    assert after["wages"].likelihood == 1.0 > base["wages"].likelihood
    assert after["wages"].evidence[0].label.startswith("Finding #7")
    assert after["child_labour"].likelihood == base["child_labour"].likelihood


def test_a_judgement_overrides_a_rating() -> None:
    m = default_methodology()
    judged = rank_salient_issues(
        exposures(scores([[10, 10, 10, 10, 10]]), m),
        m,
        judgements=[
            Judgement(issue="working_hours", scale=4, irremediability=4, reason="Deaths from fatigue")
        ],
    )
    hours = next(s for s in judged if s.issue == "working_hours")
    assert hours.scale == 4 and hours.judgement is not None
    assert hours.judgement.reason == "Deaths from fatigue"
