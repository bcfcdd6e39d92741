"""Inherent risk per site and issue, 0-100, and the explanation behind each score.

``score_sites`` computes a whole register at once with numpy: every factor becomes one
column of values for all sites, and each issue's scores are one weighted sum of columns
(a Python loop per site and issue would take minutes for 100,000 sites). ``explain``
runs the very same code for one site and returns each factor's value, weight, points and
source, so an explanation can never disagree with the stored score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ruggie.risk.domain.methodology import Factor, Methodology

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SiteProfile:
    """What the methodology reads about a site (shares are 0-1, None when not recorded)."""

    key: int
    country: str
    sector: str = ""
    commodities: tuple[str, ...] = ()
    migrant_share: float | None = None
    temporary_share: float | None = None
    women_share: float | None = None


@dataclass(frozen=True)
class ReferenceContext:
    """The reference data scoring reads, already normalised to risks between 0 and 1.

    ``country_risk[indicator][ISO2]``: e.g. ``country_risk["wgi.rl"]["VN"] = 0.62``.
    ``country_shown[indicator][ISO2]``: the published value, as a person reads it.
    ``goods[commodity][ISO2]``: DOL flags for that good in that country.
    ``datasets``: code -> "title, edition (licence)" for each dataset loaded; a factor
    whose dataset is not here is left out of the score. ``attributions``: code -> the
    text its licence asks the product to show wherever the data is used.
    """

    country_risk: Mapping[str, Mapping[str, float]]
    goods: Mapping[str, Mapping[str, frozenset[str]]]
    datasets: Mapping[str, str]
    country_shown: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    attributions: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scores:
    keys: list[int]  # site keys, in row order
    issues: tuple[str, ...]  # column order
    values: npt.NDArray[np.uint8]  # sites x issues, 0-100
    methodology_version: str

    def of(self, key: int) -> dict[str, int]:
        row = self.keys.index(key)
        return {issue: int(v) for issue, v in zip(self.issues, self.values[row], strict=True)}


@dataclass(frozen=True)
class FactorPart:
    """One line of an explanation."""

    factor: str
    label: str
    value: float  # the risk this factor gives, 0-1
    known: bool  # False: the site's data was missing and the factor's unknown value was used
    detail: str  # what was read: "Viet Nam: -0.38 (WGI estimate)", "migrant share 35%"
    weight: float  # its share of the score, 0-1 (weights of factors that apply add up to 1)
    points: float  # value x weight x 100: its part of the score
    source: str  # dataset and edition, or "site record", "methodology"


@dataclass(frozen=True)
class Explanation:
    site: int
    issue: str
    score: int
    level: str
    parts: list[FactorPart]
    left_out: list[str]  # factors whose dataset is not loaded, weight shared among the rest
    methodology_version: str


def _applies(factor: Factor, context: ReferenceContext) -> bool:
    return factor.kind != "country" or factor.dataset in context.datasets


def _index(values: Sequence[str]) -> tuple[list[str], npt.NDArray[np.intp]]:
    """Unique values and each row's position among them (numpy's unique on objects is slow)."""
    positions: dict[str, int] = {}
    idx = np.fromiter(
        (positions.setdefault(v, len(positions)) for v in values), dtype=np.intp, count=len(values)
    )
    return list(positions), idx


@dataclass
class _Columns:
    """Every factor's value for every site (NaN: not known for that site)."""

    country: dict[str, FloatArray]
    sector: dict[str, FloatArray]  # per issue
    sector_known: npt.NDArray[np.bool_]
    commodity: dict[str, FloatArray]  # per flag
    workforce: dict[str, FloatArray]  # per share


def _columns(sites: Sequence[SiteProfile], methodology: Methodology, context: ReferenceContext) -> _Columns:
    n = len(sites)
    countries, country_idx = _index([s.country for s in sites])
    country: dict[str, FloatArray] = {}
    for f in methodology.factors.values():
        if f.kind == "country" and _applies(f, context) and f.indicator not in country:
            table = context.country_risk.get(f.indicator, {})
            per_country = np.array([table.get(c, np.nan) for c in countries], dtype=np.float64)
            country[f.indicator] = per_country[country_idx] if n else np.empty(0)

    sectors, sector_idx = _index([s.sector for s in sites])
    rows = [methodology.sector_values(code) for code in sectors]
    known_sector = np.array([bool(code) for code in sectors], dtype=np.bool_)
    sector = {
        issue: np.array([r[issue] for r in rows], dtype=np.float64)[sector_idx] if n else np.empty(0)
        for issue in methodology.issues
    }

    commodity: dict[str, FloatArray] = {}
    flags = {f.flag: f.elsewhere for f in methodology.factors.values() if f.kind == "commodity"}
    for flag, elsewhere in flags.items():
        col = np.full(n, np.nan)
        for i, s in enumerate(sites):
            if not s.commodities:
                continue
            best = 0.0
            for code in s.commodities:
                listed = context.goods.get(code)
                if not listed:
                    continue
                here = listed.get(s.country)
                if here and (flag in here or "forced_child_labour" in here):
                    best = 1.0
                    break
                if any(flag in v or "forced_child_labour" in v for v in listed.values()):
                    best = max(best, elsewhere)
            col[i] = best
        commodity[flag] = col

    workforce: dict[str, FloatArray] = {}
    for share in ("migrant_share", "temporary_share", "women_share"):
        workforce[share] = np.array(
            [np.nan if getattr(s, share) is None else float(getattr(s, share)) for s in sites],
            dtype=np.float64,
        )
    return _Columns(
        country=country,
        sector=sector,
        sector_known=known_sector[sector_idx] if n else np.empty(0, dtype=np.bool_),
        commodity=commodity,
        workforce=workforce,
    )


def _factor_values(cols: _Columns, factor: Factor, issue: str) -> FloatArray:
    """The factor's risk for every site, NaN where the site's data is missing."""
    if factor.kind == "country":
        return cols.country[factor.indicator]
    if factor.kind == "sector":
        return np.where(cols.sector_known, cols.sector[issue], np.nan)
    if factor.kind == "commodity":
        return cols.commodity[factor.flag]
    return np.minimum(1.0, cols.workforce[factor.share] / factor.saturation)


def _weights(methodology: Methodology, issue: str, context: ReferenceContext) -> dict[str, float]:
    """The issue's factor weights as shares of 1, over the factors that apply."""
    applied = {
        code: w
        for code, w in methodology.weights[issue].items()
        if w > 0 and _applies(methodology.factors[code], context)
    }
    total = sum(applied.values())
    return {code: w / total for code, w in applied.items()} if total else {}


def score_sites(sites: Sequence[SiteProfile], methodology: Methodology, context: ReferenceContext) -> Scores:
    """Every site's inherent risk for every issue of the methodology."""
    cols = _columns(sites, methodology, context)
    out = np.zeros((len(sites), len(methodology.issues)), dtype=np.uint8)
    for j, issue in enumerate(methodology.issues):
        total = np.zeros(len(sites))
        for code, share in _weights(methodology, issue, context).items():
            factor = methodology.factors[code]
            values = _factor_values(cols, factor, issue)
            total += share * np.where(np.isnan(values), factor.unknown, values)
        out[:, j] = np.rint(np.clip(total, 0.0, 1.0) * 100).astype(np.uint8)
    return Scores(
        keys=[s.key for s in sites],
        issues=methodology.issues,
        values=out,
        methodology_version=methodology.version,
    )


def _detail(site: SiteProfile, factor: Factor, issue: str, value: float, context: ReferenceContext) -> str:
    known = not np.isnan(value)
    if factor.kind == "country":
        shown = context.country_shown.get(factor.indicator, {}).get(site.country)
        if not known:
            return f"{site.country or 'no country'}: not covered by this dataset"
        return f"{site.country}: {shown}" if shown else f"{site.country}"
    if factor.kind == "sector":
        return f"ISIC {site.sector}" if site.sector else "no sector recorded"
    if factor.kind == "commodity":
        if not site.commodities:
            return "no goods recorded"
        listed_here = [
            c
            for c in site.commodities
            if (factor.flag in context.goods.get(c, {}).get(site.country, frozenset()))
            or ("forced_child_labour" in context.goods.get(c, {}).get(site.country, frozenset()))
        ]
        if listed_here:
            return f"{', '.join(listed_here)} listed for {site.country}"
        return "listed for other countries only" if value > 0 else "none of its goods listed"
    share = getattr(site, factor.share)
    if share is None:
        return "not recorded"
    return f"{float(share):.0%} of the workforce"


def explain(
    site: SiteProfile, issue: str, methodology: Methodology, context: ReferenceContext
) -> Explanation:
    """The score of one site for one issue, factor by factor (the same code as score_sites)."""
    cols = _columns([site], methodology, context)
    parts = []
    for code, share in _weights(methodology, issue, context).items():
        factor = methodology.factors[code]
        raw = float(_factor_values(cols, factor, issue)[0])
        known = not np.isnan(raw)
        value = raw if known else factor.unknown
        if factor.kind == "country":
            source = context.datasets.get(factor.dataset, factor.dataset)
        elif factor.kind == "commodity":
            source = context.datasets.get("ilab_goods", "DOL List of Goods")
        elif factor.kind == "sector":
            source = f"methodology {methodology.version}"
        else:
            source = "site record"
        parts.append(
            FactorPart(
                factor=code,
                label=factor.label,
                value=round(value, 3),
                known=known,
                detail=_detail(site, factor, issue, raw, context),
                weight=round(share, 4),
                points=round(value * share * 100, 1),
                source=source,
            )
        )
    score = int(score_sites([site], methodology, context).values[0, methodology.issues.index(issue)])
    left_out = [
        code
        for code, w in methodology.weights[issue].items()
        if w > 0 and not _applies(methodology.factors[code], context)
    ]
    return Explanation(
        site=site.key,
        issue=issue,
        score=score,
        level=methodology.level(score),
        parts=sorted(parts, key=lambda p: -p.points),
        left_out=left_out,
        methodology_version=methodology.version,
    )
