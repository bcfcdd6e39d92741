"""Reference data as the risk scoring engine reads it: every indicator a 0-1 risk.

Each indicator's manifest says its direction and range, so one formula serves them all:

    position = clip((value - low) / (high - low), 0, 1)
    risk     = position                if higher_is_worse   (ITUC rating, GSI prevalence)
             = 1 - position            if higher_is_better  (WGI estimate, DOL advancement)

WGI rule of law -2.0 on -2.5..2.5 is a risk of 0.9; +1.5 is 0.2. DOL's "Minimal
Advancement" (1 on 0..3, higher is better) is 0.67. Linear and clipped on purpose: the
score must be explainable in one sentence, and an organisation that wants another curve
changes the range in its copy of the manifest, not the code.

Indicators are keyed "<dataset>.<indicator>" ("wgi.rl"), the names the methodology file
uses. The result is plain dicts keyed indicator-first, which the scorer turns into one
numpy column per indicator; ``country_context`` gives the country-first view.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ruggie.reference.domain.datasets import LoadedDataset
from ruggie.reference.domain.manifest import Indicator
from ruggie.reference.domain.records import CountryIndicator


def normalise(values: npt.ArrayLike, indicator: Indicator) -> npt.NDArray[np.float64]:
    """Risks in 0..1 for published values of ``indicator`` (NaN stays NaN: unknown)."""
    array = np.asarray(values, dtype=np.float64)
    position = np.clip((array - indicator.low) / (indicator.high - indicator.low), 0.0, 1.0)
    return 1.0 - position if indicator.direction == "higher_is_better" else position


def shown(record: CountryIndicator) -> str:
    """The published value as a person reads it in an explanation."""
    if record.label:
        text = record.label
    else:
        text = f"{record.value:.2f}"
        if record.percentile_rank is not None:
            text += f", percentile rank {record.percentile_rank:.0f}"
    return f"{text} ({record.year})" if record.year else text


@dataclass(frozen=True)
class ReferenceInputs:
    """What scoring needs, in the shape of ``risk.domain.scoring.ReferenceContext``.

    ``country_risk["wgi.rl"]["VN"]`` is a risk in 0..1; ``country_shown`` the published
    value behind it; ``goods[commodity][ISO2]`` the DOL flags for that good in that country;
    ``datasets[code]`` "title, edition (licence)" for every dataset used. A country missing
    from an indicator is not covered by it: unknown, never zero risk.
    """

    country_risk: dict[str, dict[str, float]]
    country_shown: dict[str, dict[str, str]]
    goods: dict[str, dict[str, frozenset[str]]]
    datasets: dict[str, str]
    attributions: dict[str, str]  # code -> attribution text the product must show


def _one_edition_each(datasets: Iterable[LoadedDataset]) -> list[LoadedDataset]:
    chosen: dict[str, LoadedDataset] = {}
    for loaded in datasets:
        if loaded.code in chosen:
            raise ValueError(
                f"two editions of {loaded.code} given ({chosen[loaded.code].edition}, {loaded.edition}): "
                "pick one, e.g. with editions.current_editions"
            )
        chosen[loaded.code] = loaded
    return list(chosen.values())


def _indicator_risks(loaded: LoadedDataset) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, str]]]:
    risk: dict[str, dict[str, float]] = {}
    show: dict[str, dict[str, str]] = {}
    for spec in loaded.dataset.indicators:
        records = [r for r in loaded.indicators if r.indicator == spec.code]
        values = normalise([r.value for r in records], spec)
        key = f"{loaded.code}.{spec.code}"
        risk[key] = {r.country: float(v) for r, v in zip(records, values, strict=True)}
        show[key] = {r.country: shown(r) for r in records}
    return risk, show


def reference_inputs(datasets: Iterable[LoadedDataset]) -> ReferenceInputs:
    """Normalise every indicator and index every goods flag of one edition per dataset."""
    country_risk: dict[str, dict[str, float]] = {}
    country_shown: dict[str, dict[str, str]] = {}
    goods: dict[str, dict[str, set[str]]] = {}
    labels: dict[str, str] = {}
    attributions: dict[str, str] = {}
    for loaded in _one_edition_each(datasets):
        labels[loaded.code] = loaded.dataset.label
        attributions[loaded.code] = loaded.dataset.attribution
        risk, show = _indicator_risks(loaded)
        country_risk.update(risk)
        country_shown.update(show)
        for flag in loaded.goods:
            if flag.commodity:  # a good no commodity maps to cannot reach a site
                goods.setdefault(flag.commodity, {}).setdefault(flag.country, set()).update(flag.flags)
    return ReferenceInputs(
        country_risk=country_risk,
        country_shown=country_shown,
        goods={c: {k: frozenset(v) for k, v in by.items()} for c, by in goods.items()},
        datasets=labels,
        attributions=attributions,
    )


def country_context(datasets: Iterable[LoadedDataset]) -> dict[str, dict[str, float]]:
    """ISO2 -> {"wgi.rl": risk, ...}: every indicator's risk for each country it covers."""
    by_country: dict[str, dict[str, float]] = {}
    for key, per_country in reference_inputs(datasets).country_risk.items():
        for country, risk in per_country.items():
            by_country.setdefault(country, {})[key] = risk
    return by_country
