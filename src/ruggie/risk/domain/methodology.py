"""The inherent-risk methodology: factors, weights per issue, sector values, levels.

The default ships as ``ruggie/data/risk_methodology.yaml`` (read its header for what the
score means). An organisation adjusts it with a mapping in the same shape holding only
what it changes (``adjust``); the result carries a version that names both, so every
stored score says which methodology produced it.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from ruggie.core.errors import FileRefused
from ruggie.core.human_rights import issue_codes
from ruggie.register.domain.classification import section_of

FACTOR_KINDS = ("country", "sector", "commodity", "workforce")
WORKFORCE_SHARES = ("migrant_share", "temporary_share", "women_share")
COMMODITY_FLAGS = ("forced_labour", "child_labour")
LEVELS = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class Factor:
    code: str
    kind: str
    label: str
    unknown: float  # the value when a site's data for it is missing
    indicator: str = ""  # country: "dataset.indicator"
    flag: str = ""  # commodity: forced_labour | child_labour
    elsewhere: float = 0.0  # commodity: the good is listed for other countries only
    share: str = ""  # workforce: which share of the site's workforce
    saturation: float = 1.0  # workforce: the share at which the risk is 1

    @property
    def dataset(self) -> str:
        return self.indicator.split(".", 1)[0] if self.kind == "country" else ""


@dataclass(frozen=True)
class Methodology:
    version: str
    title: str
    factors: dict[str, Factor]
    weights: dict[str, dict[str, float]]  # issue -> factor -> weight
    sectors: dict[str, dict[str, float]]  # ISIC section letter or division -> issue -> 0..1
    levels: dict[str, float]
    severity: dict[str, dict[str, int]]  # issue -> scale / irremediability, 1..4
    raw: dict[str, Any]  # as loaded, adjustments applied: what a person reads and edits

    @property
    def issues(self) -> tuple[str, ...]:
        return tuple(self.weights)

    def level(self, score: float) -> str:
        """The band a 0-100 score falls in."""
        found = LEVELS[0]
        for name in LEVELS:
            if score >= self.levels[name]:
                found = name
        return found

    def sector_values(self, sector: str) -> dict[str, float]:
        """Sector risk per issue for an ISIC code: its division's row, else its section's."""
        row = self.sectors.get("default", {})
        if sector:
            section = section_of(sector)
            if section and section in self.sectors:
                row = {**row, **self.sectors[section]}
            division = sector[:2] if sector[:2].isdigit() else ""
            if division in self.sectors:
                row = {**row, **self.sectors[division]}
        other = row.get("other", 0.4)
        return {issue: row.get(issue, other) for issue in self.issues}


def _where(path: str) -> str:
    return f"Methodology, {path}"


def _number(value: Any, path: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FileRefused(f"{_where(path)}: '{value}' is not a number. Write a number from {low} to {high}.")
    if not low <= float(value) <= high:
        raise FileRefused(f"{_where(path)}: {value} is out of range. Write a number from {low} to {high}.")
    return float(value)


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise FileRefused(f"{_where(path)} must be a list of 'name: value' lines.")
    return value


def _factor(code: str, raw: Any) -> Factor:
    entry = _mapping(raw, f"factors.{code}")
    kind = entry.get("kind")
    if kind not in FACTOR_KINDS:
        raise FileRefused(f"{_where(f'factors.{code}.kind')}: write one of {', '.join(FACTOR_KINDS)}.")
    factor = Factor(
        code=code,
        kind=kind,
        label=str(entry.get("label") or code),
        unknown=_number(entry.get("unknown", 0.5), f"factors.{code}.unknown", 0, 1),
        indicator=str(entry.get("indicator", "")),
        flag=str(entry.get("flag", "")),
        elsewhere=_number(entry.get("elsewhere", 0.0), f"factors.{code}.elsewhere", 0, 1),
        share=str(entry.get("share", "")),
        saturation=_number(entry.get("saturation", 1.0), f"factors.{code}.saturation", 0.01, 1),
    )
    if kind == "country" and "." not in factor.indicator:
        raise FileRefused(f"{_where(f'factors.{code}.indicator')}: write it as 'dataset.indicator'.")
    if kind == "commodity" and factor.flag not in COMMODITY_FLAGS:
        raise FileRefused(f"{_where(f'factors.{code}.flag')}: write one of {', '.join(COMMODITY_FLAGS)}.")
    if kind == "workforce" and factor.share not in WORKFORCE_SHARES:
        raise FileRefused(f"{_where(f'factors.{code}.share')}: write one of {', '.join(WORKFORCE_SHARES)}.")
    return factor


def parse_methodology(raw: Any) -> Methodology:
    """Check a methodology mapping; a FileRefused names the key and the fix."""
    data = _mapping(raw, "(top level)")
    factors = {code: _factor(code, entry) for code, entry in _mapping(data.get("factors"), "factors").items()}
    known_issues = set(issue_codes())
    weights: dict[str, dict[str, float]] = {}
    for issue, row in _mapping(data.get("weights"), "weights").items():
        if issue not in known_issues:
            raise FileRefused(f"{_where(f'weights.{issue}')}: unknown issue. Use a code of the taxonomy.")
        weights[issue] = {}
        for code, weight in _mapping(row, f"weights.{issue}").items():
            if code not in factors:
                raise FileRefused(f"{_where(f'weights.{issue}.{code}')}: no such factor under 'factors'.")
            weights[issue][code] = _number(weight, f"weights.{issue}.{code}", 0, 1000)
        if not any(weights[issue].values()):
            raise FileRefused(f"{_where(f'weights.{issue}')}: give at least one factor a weight above 0.")
    sectors: dict[str, dict[str, float]] = {}
    for key, row in _mapping(data.get("sectors", {}), "sectors").items():
        key = str(key)
        sectors[key] = {}
        for issue, value in _mapping(row, f"sectors.{key}").items():
            if issue != "other" and issue not in known_issues:
                raise FileRefused(f"{_where(f'sectors.{key}.{issue}')}: unknown issue.")
            sectors[key][issue] = _number(value, f"sectors.{key}.{issue}", 0, 1)
    levels_raw = _mapping(data.get("levels"), "levels")
    levels = {name: _number(levels_raw.get(name), f"levels.{name}", 0, 100) for name in LEVELS}
    if [levels[n] for n in LEVELS] != sorted(levels.values()):
        raise FileRefused(f"{_where('levels')}: bands must rise from low to critical.")
    severity: dict[str, dict[str, int]] = {}
    for issue, row in _mapping(data.get("severity", {}), "severity").items():
        entry = _mapping(row, f"severity.{issue}")
        severity[issue] = {
            dim: int(_number(entry.get(dim, 2), f"severity.{issue}.{dim}", 1, 4))
            for dim in ("scale", "irremediability")
        }
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:8]
    return Methodology(
        version=f"{data.get('version', 'custom')}+{digest}",
        title=str(data.get("title", "")),
        factors=factors,
        weights=weights,
        sectors=sectors,
        levels=levels,
        severity=severity,
        raw=dict(data),
    )


def _merge(base: dict[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in change.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@cache
def _default_raw() -> str:
    return files("ruggie.data").joinpath("risk_methodology.yaml").read_text(encoding="utf-8")


def default_methodology() -> Methodology:
    return parse_methodology(yaml.safe_load(_default_raw()))


def adjust(base: Methodology, adjustment: Mapping[str, Any]) -> Methodology:
    """The methodology with an organisation's changes (only the keys it changes)."""
    return parse_methodology(_merge(base.raw, _mapping(adjustment, "(adjustment)")))


def parse_adjustment(text: str) -> dict[str, Any]:
    """An adjustment as a person writes it (YAML); a FileRefused when it cannot be read."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise FileRefused(f"The adjustment is not valid YAML: {exc}".splitlines()[0]) from None
    return dict(_mapping(data, "(adjustment)"))
