"""Salient issues (UNGP 24): which human rights issues across the whole supply chain come first.

For each issue, severity is judged on the UNGPs' three dimensions, as the people at risk
would feel it: **scale** (how grave) and **irremediability** (how hard to put right) come
from the methodology; **scope** (how many people) from the register: the share of workers
at sites whose inherent risk for the issue is high or critical. **Likelihood** starts from
the workers-weighted average inherent risk and rises with evidence (findings now; surveys,
grievances and self-assessments feed the same ``Evidence`` as they arrive). The UNGPs put
severity first when an organisation must prioritise, so salience is severity scaled by
likelihood from one half to one: a severe issue never drops below half its severity
because it looks unlikely. A person may override severity or likelihood with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from ruggie.risk.domain.methodology import Methodology
from ruggie.risk.domain.scoring import Scores

SCOPE_STEPS = ((0.5, 4), (0.2, 3), (0.05, 2))  # share of workers at high risk -> scope 1-4
DRIVERS = 5


@dataclass(frozen=True)
class Evidence:
    """Something found that says harm on an issue is happening or likely at a site."""

    issue: str
    site: int | None
    source: str  # finding, survey, grievance, audit, self_assessment
    strength: float  # 0-1: how strongly it shows harm (a verified critical finding: 1)
    label: str  # what a person reads: "Finding #12: passports retained (open, critical)"


@dataclass(frozen=True)
class Judgement:
    """A person's override of a rating, with the reason (kept and audit-logged by the app)."""

    issue: str
    scale: int | None = None
    scope: int | None = None
    irremediability: int | None = None
    likelihood: float | None = None
    reason: str = ""
    by: str = ""


@dataclass(frozen=True)
class Driver:
    site: int
    score: int
    workers: int


@dataclass(frozen=True)
class SalientIssue:
    issue: str
    rank: int
    salience: int  # 0-100
    scale: int
    scope: int
    irremediability: int
    severity: float  # 0-1
    likelihood: float  # 0-1
    inherent_likelihood: float  # before evidence
    workers_at_high_risk: int
    sites_at_high_risk: int
    drivers: list[Driver]
    evidence: list[Evidence]
    judgement: Judgement | None


def _scope(share: float) -> int:
    for floor, step in SCOPE_STEPS:
        if share >= floor:
            return step
    return 1


@dataclass(frozen=True)
class Exposure:
    """How exposed the supply chain is to one issue, from the inherent-risk scores alone.

    Computed once per scoring run and stored with it, so that ranking (which also reads
    evidence and judgements, which change between runs) never re-reads every score.
    """

    issue: str
    inherent_likelihood: float  # workers-weighted mean score / 100
    workers_share_at_high_risk: float
    workers_at_high_risk: int
    sites_at_high_risk: int
    drivers: list[Driver]

    def as_dict(self) -> dict[str, object]:
        return {**self.__dict__, "drivers": [d.__dict__ for d in self.drivers]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Exposure:
        return cls(**{**data, "drivers": [Driver(**d) for d in data["drivers"]]})


def exposures(
    scores: Scores, methodology: Methodology, *, workers: Mapping[int, int | None] | None = None
) -> list[Exposure]:
    """Each issue's exposure. ``workers``: headcount per site key (unknown counts as one
    worker, so a site without a headcount still counts, as one site)."""
    heads: npt.NDArray[np.float64] = np.array(
        [max(1, (workers or {}).get(k) or 1) for k in scores.keys], dtype=np.float64
    )
    total = float(heads.sum()) or 1.0
    high = methodology.levels["high"]
    out = []
    for j, issue in enumerate(scores.issues):
        col = scores.values[:, j].astype(np.float64)
        at_high = col >= high
        weight = col * heads
        top: list[int] = [int(i) for i in np.argsort(-weight, kind="stable")[:DRIVERS]]
        out.append(
            Exposure(
                issue=issue,
                inherent_likelihood=round(float(weight.sum()) / total / 100, 4),
                workers_share_at_high_risk=round(float(heads[at_high].sum()) / total, 4),
                workers_at_high_risk=int(heads[at_high].sum()),
                sites_at_high_risk=int(at_high.sum()),
                drivers=[
                    Driver(site=scores.keys[i], score=int(col[i]), workers=int(heads[i]))
                    for i in top
                    if col[i] > 0
                ],
            )
        )
    return out


def rank_salient_issues(
    exposed: Iterable[Exposure],
    methodology: Methodology,
    *,
    evidence: Iterable[Evidence] = (),
    judgements: Iterable[Judgement] = (),
) -> list[SalientIssue]:
    """Every issue, most salient first."""
    by_issue: dict[str, list[Evidence]] = {}
    for e in evidence:
        by_issue.setdefault(e.issue, []).append(e)
    judged = {j.issue: j for j in judgements}
    out = []
    for x in exposed:
        found = sorted(by_issue.get(x.issue, []), key=lambda e: -e.strength)
        likelihood = max([x.inherent_likelihood, *(e.strength for e in found)])
        sev = methodology.severity.get(x.issue, {"scale": 2, "irremediability": 2})
        scale, irremediability = sev["scale"], sev["irremediability"]
        scope = _scope(x.workers_share_at_high_risk)
        judgement = judged.get(x.issue)
        if judgement:
            scale = judgement.scale or scale
            scope = judgement.scope or scope
            irremediability = judgement.irremediability or irremediability
            likelihood = judgement.likelihood if judgement.likelihood is not None else likelihood
        severity = (scale + scope + irremediability) / 12
        out.append(
            SalientIssue(
                issue=x.issue,
                rank=0,
                salience=round(100 * severity * (0.5 + 0.5 * likelihood)),
                scale=scale,
                scope=scope,
                irremediability=irremediability,
                severity=round(severity, 3),
                likelihood=round(likelihood, 3),
                inherent_likelihood=round(x.inherent_likelihood, 3),
                workers_at_high_risk=x.workers_at_high_risk,
                sites_at_high_risk=x.sites_at_high_risk,
                drivers=x.drivers,
                evidence=found,
                judgement=judgement,
            )
        )
    out.sort(key=lambda s: (-s.salience, -s.severity, s.issue))
    return [replace(s, rank=n) for n, s in enumerate(out, start=1)]


def finding_evidence(
    findings: Sequence[tuple[int, str, int | None, str, str, str]],
) -> list[Evidence]:
    """Evidence from findings: (id, issue, site, severity, status, title) each.

    An open finding shows harm is happening: its strength follows its severity. A resolved
    or verified one still shows the issue occurs in the supply chain, more weakly. A
    disputed finding is not evidence until the dispute is settled.
    """
    strength = {"critical": 1.0, "high": 0.85, "medium": 0.65, "low": 0.45}
    out = []
    for pk, issue, site, severity, status, title in findings:
        if status == "disputed":
            continue
        value = strength.get(severity, 0.45)
        if status in ("resolved", "verified"):
            value *= 0.6
        out.append(
            Evidence(
                issue=issue,
                site=site,
                source="finding",
                strength=round(value, 3),
                label=f"Finding #{pk}: {title} ({status}, {severity})",
            )
        )
    return out
