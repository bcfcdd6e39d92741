"""Survey results: an index per site and dimension, with its confidence interval and the
number of answers, and breakdowns by group that never go below the minimum group size.

Everything is computed with numpy over arrays of responses (one row per worker's
response): counts, sums and sums of squares per site and group come from ``bincount``,
so a million responses take a fraction of a second, and a merged group's figures are
the site's minus the shown groups' (sums add up; nothing is computed twice).

The index of a group is the mean of its respondents' dimension indices (each 0-100,
from ``questionnaires.domain.scoring``). The 95% interval is mean ± t·s/√n, shrunk by
the finite-population correction √(1 − n/N) when the site's headcount N is known (a
survey that heard most of a small site's workers is more certain); t is Student's for
fewer than 30 answers, else 1.96. The interval is clipped to 0-100.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ruggie.surveys.domain.privacy import OTHER, disclose

# Student's t, two-sided 95%, for 1..29 degrees of freedom.
_T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045)  # fmt: skip

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Estimate:
    n: int
    index: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class GroupResult:
    site: int
    dimension: int
    group: str  # a group's value, or OTHER for the merged rest
    estimate: Estimate


@dataclass(frozen=True)
class Sums:
    """Answers, their sum and sum of squares, per key (rows) and dimension (columns)."""

    n: Ints
    s: Floats
    ss: Floats


def sums(keys: Ints, scores: Floats, n_keys: int) -> Sums:
    """Per key and dimension; NaN scores (no index for that response) are left out."""
    dims = scores.shape[1]
    n = np.zeros((n_keys, dims), dtype=np.int64)
    s = np.zeros((n_keys, dims))
    ss = np.zeros((n_keys, dims))
    for d in range(dims):
        column = scores[:, d]
        ok = ~np.isnan(column)
        k, v = keys[ok], column[ok]
        n[:, d] = np.bincount(k, minlength=n_keys)
        s[:, d] = np.bincount(k, weights=v, minlength=n_keys)
        ss[:, d] = np.bincount(k, weights=v * v, minlength=n_keys)
    return Sums(n, s, ss)


def estimate(n: int, s: float, ss: float, population: int | None = None) -> Estimate:
    if n <= 0:
        return Estimate(0, None, None, None)
    mean = s / n
    if n == 1:
        return Estimate(1, round(mean, 1), None, None)
    variance = max(0.0, (ss - n * mean * mean) / (n - 1))
    t = _T95[n - 2] if n - 1 < 30 else 1.96
    fpc = math.sqrt(max(0.0, 1 - n / population)) if population and population >= n else 1.0
    half = t * math.sqrt(variance / n) * fpc
    return Estimate(n, round(mean, 1), round(max(0.0, mean - half), 1), round(min(100.0, mean + half), 1))


def site_estimates(
    site: Ints, scores: Floats, n_sites: int, k: int, populations: Sequence[int | None] | None = None
) -> list[list[Estimate]]:
    """[site][dimension] estimates; a site or dimension with fewer than ``k`` answers shows
    only its count (its index would point at too few people)."""
    total = sums(site, scores, n_sites)
    out: list[list[Estimate]] = []
    for i in range(n_sites):
        population = populations[i] if populations else None
        row = []
        for d in range(scores.shape[1]):
            n = int(total.n[i, d])
            row.append(
                estimate(n, float(total.s[i, d]), float(total.ss[i, d]), population)
                if n >= k
                else Estimate(n, None, None, None)
            )
        out.append(row)
    return out


def breakdown(
    site: Ints,
    scores: Floats,
    group: Ints,
    labels: Sequence[str],
    n_sites: int,
    k: int,
    populations: Sequence[int | None] | None = None,
) -> list[GroupResult]:
    """Results by group for every site and dimension, as far as ``privacy.disclose`` allows.

    ``group``: each response's group as an index into ``labels``, or -1 when the worker
    did not say (or chose "Prefer not to say"). A group too small to show is merged into
    OTHER, whose figures are the site's minus the shown groups'."""
    g = len(labels)
    total = sums(site, scores, n_sites)
    stated = group >= 0
    by_group = sums(site[stated] * g + group[stated], scores[stated], n_sites * g)
    results: list[GroupResult] = []
    for i in range(n_sites):
        population = populations[i] if populations else None
        for d in range(scores.shape[1]):
            counts = {labels[j]: int(by_group.n[i * g + j, d]) for j in range(g)}
            plan = disclose(counts, int(total.n[i, d]), k)
            if not plan.any:
                continue
            n_rest, s_rest, ss_rest = int(total.n[i, d]), float(total.s[i, d]), float(total.ss[i, d])
            for label in plan.shown:
                j = labels.index(label)
                row = i * g + j
                n, s, ss = int(by_group.n[row, d]), float(by_group.s[row, d]), float(by_group.ss[row, d])
                n_rest, s_rest, ss_rest = n_rest - n, s_rest - s, ss_rest - ss
                results.append(GroupResult(i, d, label, estimate(n, s, ss, population)))
            if plan.merged_count:
                results.append(GroupResult(i, d, OTHER, estimate(n_rest, s_rest, ss_rest, population)))
    return results


def group_codes(values: Sequence[str | None], labels: Sequence[str], unstated: Mapping[str, bool]) -> Ints:
    """Each response's group index for ``breakdown``: -1 for no answer or an answer that
    says nothing about the group ("Prefer not to say", listed in ``unstated``)."""
    position = {label: i for i, label in enumerate(labels)}
    return np.fromiter(
        (position.get(v, -1) if v is not None and not unstated.get(v, False) else -1 for v in values),
        dtype=np.int64,
        count=len(values),
    )
