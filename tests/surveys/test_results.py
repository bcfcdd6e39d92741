"""Indices, intervals and breakdowns from arrays of responses."""

from __future__ import annotations

import math

import numpy as np

from ruggie.surveys.domain.privacy import OTHER
from ruggie.surveys.domain.results import breakdown, estimate, group_codes, site_estimates


def test_estimate_by_hand() -> None:
    values = [50.0, 75.0, 100.0, 25.0]
    n, s, ss = len(values), sum(values), sum(v * v for v in values)
    got = estimate(n, s, ss)
    sd = math.sqrt(sum((v - 62.5) ** 2 for v in values) / 3)
    half = 3.182 * sd / 2  # Student's t for 3 degrees of freedom
    assert (
        got.index == 62.5
        and got.low == round(62.5 - half, 1)
        and got.high == min(100.0, round(62.5 + half, 1))
    )
    # Hearing 4 of a site's 5 workers leaves far less doubt than 4 of 5,000.
    small_site, big_site = estimate(n, s, ss, population=5), estimate(n, s, ss, population=5000)
    assert (small_site.high - small_site.low) < 0.6 * (big_site.high - big_site.low)  # type: ignore[operator]
    assert estimate(0, 0, 0).index is None and estimate(1, 80, 6400).low is None


def _world() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    # Site 0: 40 women, 30 men, 3 another answer, 5 did not say. Site 1: 8 answers only.
    site = np.array([0] * 78 + [1] * 8)
    gender = ["woman"] * 40 + ["man"] * 30 + ["other"] * 3 + ["skip"] * 5 + ["woman"] * 8
    scores = rng.uniform(0, 100, size=(86, 2))
    scores[:40, 0] = 20.0  # women feel far less safe
    scores[3, 1] = np.nan  # one response without a respect index
    return site, scores, group_codes(gender, ["woman", "man", "other"], {"skip": True})


def test_site_indices_hide_small_sites() -> None:
    site, scores, _ = _world()
    results = site_estimates(site, scores, 2, k=10)
    assert results[0][0].n == 78 and results[0][0].index == round(float(scores[:78, 0].mean()), 1)
    assert results[0][1].n == 77  # the respect index missing from one response
    assert results[1][0] == type(results[1][0])(8, None, None, None)  # 8 < 10: the count only


def test_breakdown_merges_small_groups_and_the_unstated() -> None:
    site, scores, gender = _world()
    rows = breakdown(site, scores, gender, ["woman", "man", "other"], 2, k=10)
    safety = {r.group: r.estimate for r in rows if r.site == 0 and r.dimension == 0}
    # 3 "another answer" + 5 unstated = 8, too few: the men (30) join them, or the men's
    # figure would give away the 8 by subtraction.
    assert set(safety) == {"woman", OTHER}
    assert safety["woman"].index == 20.0 and safety["woman"].n == 40
    assert safety[OTHER].n == 38
    assert safety[OTHER].index == round(float(scores[40:78, 0].mean()), 1)
    assert not [r for r in rows if r.site == 1]  # 8 answers: no breakdown at all


def test_breakdown_never_shows_fewer_than_k() -> None:
    rng = np.random.default_rng(3)
    n = 5000
    site = rng.integers(0, 50, n)
    scores = rng.uniform(0, 100, (n, 3))
    scores[rng.random((n, 3)) < 0.1] = np.nan
    labels = ["a", "b", "c", "d", "e"]
    group = rng.choice([-1, 0, 1, 2, 3, 4], size=n, p=[0.1, 0.5, 0.2, 0.1, 0.07, 0.03])
    rows = breakdown(site, scores, group, labels, 50, k=10)
    totals = site_estimates(site, scores, 50, k=10)
    assert rows
    for s, d in {(r.site, r.dimension) for r in rows}:
        shown = [r for r in rows if r.site == s and r.dimension == d]
        assert all(r.estimate.n >= 10 for r in shown)
        # The groups (merged one included) add up to the site: nothing left to subtract.
        assert sum(r.estimate.n for r in shown) == totals[s][d].n
