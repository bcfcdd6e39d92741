"""Law rule files (``data/laws/*.yaml``, or any folder in the same format) and what a law
means for one organisation: applies or not (and why), its duties and its deadlines.

A file can be corrected or a new version of a law's scope added (``versions``: each with
``valid_from``) without changing code; ``load_laws`` checks every file's shape and names the
file and field when one is wrong.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from ruggie.laws.domain.engine import Answer, Facts, Verdict, decide

STATUSES = {"in_force", "adopted", "proposed", "never_in_force"}
KINDS = {"reporting", "due_diligence", "import_ban", "market_ban"}
_OPERATORS = {"at_least", "above", "below", "is", "in", "not_in", "includes_any"}


class RuleFileError(ValueError):
    pass


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str
    primary: bool


@dataclass(frozen=True)
class Duty:
    text: str
    source: str
    unverified: bool


@dataclass(frozen=True)
class DeadlineRule:
    what: str
    source: str
    statutory: bool
    unverified: bool
    after_year_end_months: int | None = None
    every_year_on: tuple[int, int] | None = None  # (month, day)
    on: date | None = None


@dataclass(frozen=True)
class ScopeVersion:
    valid_from: date
    scope: Mapping[str, Any]


@dataclass(frozen=True)
class Law:
    code: str
    name: str
    short: str
    jurisdiction: str
    kind: str
    status: str
    valid_from: date
    applies_from: date | None
    checked: date
    regulator: str
    penalties: str
    duties: tuple[Duty, ...]
    deadlines: tuple[DeadlineRule, ...]
    versions: tuple[ScopeVersion, ...]  # oldest first
    teaching: Mapping[str, str]
    sources: Mapping[str, Source]

    def version_on(self, day: date) -> ScopeVersion | None:
        valid = [v for v in self.versions if v.valid_from <= day]
        return valid[-1] if valid else None

    @property
    def unverified_count(self) -> int:
        return sum(d.unverified for d in self.duties) + sum(d.unverified for d in self.deadlines)


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RuleFileError(f"{where}: {value!r} is not a date (write 2026-07-26)") from None


def _expand(condition: Any, groups: Mapping[str, list[str]], where: str) -> Any:
    """Replace "@EU" by its countries, and check every test names a fact and an operator."""
    if not isinstance(condition, Mapping):
        raise RuleFileError(f"{where}: a condition must be a mapping, not {condition!r}")
    if "fact" in condition:
        ops = _OPERATORS & set(condition)
        if len(ops) != 1:
            raise RuleFileError(
                f"{where}, test on {condition['fact']}: give exactly one of {sorted(_OPERATORS)}"
            )
        if "source" not in condition or "article" not in condition:
            raise RuleFileError(
                f"{where}, test on {condition['fact']}: every test names its article and source"
            )
        out = dict(condition)
        for key in ("in", "not_in", "includes_any"):
            value = out.get(key)
            if isinstance(value, str) and value.startswith("@"):
                if value[1:] not in groups:
                    raise RuleFileError(f"{where}: unknown country group {value}")
                out[key] = list(groups[value[1:]])
            elif value is not None and not all(isinstance(v, str) for v in value):
                # YAML reads a bare NO (Norway) as false: country codes must be quoted then.
                raise RuleFileError(
                    f'{where}, test on {condition["fact"]}: write country codes as text, e.g. ["NO"]'
                )
        return out
    for key in ("all", "any"):
        if key in condition:
            return {key: [_expand(c, groups, where) for c in condition[key]]}
    if "not" in condition:
        return {"not": _expand(condition["not"], groups, where)}
    if "at_least" in condition:
        inner = condition["at_least"]
        return {"at_least": {"n": int(inner["n"]), "of": [_expand(c, groups, where) for c in inner["of"]]}}
    raise RuleFileError(f"{where}: a condition needs fact, all, any, at_least or not")


def _law(raw: Mapping[str, Any], groups: Mapping[str, list[str]], name: str) -> Law:
    try:
        code = str(raw["code"])
        if raw["status"] not in STATUSES or raw["kind"] not in KINDS:
            raise RuleFileError(
                f"{name}: status must be one of {sorted(STATUSES)}, kind one of {sorted(KINDS)}"
            )
        sources = {
            str(k): Source(str(k), str(v["title"]), str(v.get("url", "")), v.get("kind") == "primary")
            for k, v in (raw.get("sources") or {}).items()
        }

        def src(item: Mapping[str, Any], where: str) -> str:
            key = str(item.get("source", ""))
            if key not in sources:
                raise RuleFileError(f"{name}, {where}: source {key!r} is not listed under sources")
            return key

        duties = tuple(
            Duty(str(d["text"]), src(d, "duty"), bool(d.get("unverified", False)))
            for d in raw.get("duties") or []
        )
        deadlines = []
        for d in raw.get("deadlines") or []:
            if True in d:  # YAML reads a bare `on:` key as true
                raise RuleFileError(f"{name}, deadline: write the date as due_on, not on")
            yearly = d.get("every_year_on")
            deadlines.append(
                DeadlineRule(
                    str(d["what"]), src(d, "deadline"), bool(d.get("statutory", False)),
                    bool(d.get("unverified", False)),
                    after_year_end_months=int(d["after_year_end_months"]) if "after_year_end_months" in d
                    else None,
                    every_year_on=(int(yearly[:2]), int(yearly[3:])) if yearly else None,
                    on=_date(d["due_on"], f"{name}, deadline") if "due_on" in d else None,
                )
            )  # fmt: skip
        versions = tuple(
            sorted(
                (
                    ScopeVersion(
                        _date(v["valid_from"], f"{name}, version"), _expand(v["scope"], groups, name)
                    )
                    for v in raw["versions"]
                ),
                key=lambda v: v.valid_from,
            )
        )
        for version in versions:
            _check_sources(version.scope, sources, name)
        return Law(
            code=code, name=str(raw["name"]), short=str(raw.get("short", raw["name"])),
            jurisdiction=str(raw["jurisdiction"]), kind=str(raw["kind"]), status=str(raw["status"]),
            valid_from=_date(raw["valid_from"], name),
            applies_from=_date(raw["applies_from"], name) if raw.get("applies_from") else None,
            checked=_date(raw["checked"], name), regulator=str(raw.get("regulator", "")),
            penalties=str(raw.get("penalties", "")), duties=duties, deadlines=tuple(deadlines),
            versions=versions, teaching={str(k): str(v) for k, v in (raw.get("teaching") or {}).items()},
            sources=sources,
        )  # fmt: skip
    except KeyError as exc:
        raise RuleFileError(f"{name}: the field {exc.args[0]!r} is missing") from None


def _check_sources(condition: Mapping[str, Any], sources: Mapping[str, Source], name: str) -> None:
    if "fact" in condition:
        if str(condition["source"]) not in sources:
            raise RuleFileError(
                f"{name}: test on {condition['fact']} cites source {condition['source']!r}, not listed"
            )
        return
    for key in ("all", "any"):
        for c in condition.get(key, ()):
            _check_sources(c, sources, name)
    if "not" in condition:
        _check_sources(condition["not"], sources, name)
    if "at_least" in condition:
        for c in condition["at_least"]["of"]:
            _check_sources(c, sources, name)


def load_laws(folder: Path) -> dict[str, Law]:
    groups_file = folder / "_groups.yaml"
    groups = yaml.safe_load(groups_file.read_text("utf-8"))["groups"] if groups_file.exists() else {}
    laws: dict[str, Law] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        try:
            raw = yaml.safe_load(path.read_text("utf-8"))
        except yaml.YAMLError as exc:
            raise RuleFileError(f"{path.name}: not valid YAML ({exc})") from None
        law = _law(raw, groups, path.name)
        if law.code in laws:
            raise RuleFileError(f"{path.name}: the code {law.code!r} is used twice")
        laws[law.code] = law
    return laws


@cache
def shipped_laws() -> dict[str, Law]:
    return load_laws(Path(str(files("ruggie.data").joinpath("laws"))))


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def year_end(financial_year_end: tuple[int, int], year: int) -> date:
    month, day = financial_year_end
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    law: Law
    rule: DeadlineRule
    due: date
    for_year_ending: date | None


def deadlines(law: Law, financial_year_end: tuple[int, int] | None, start: date, end: date) -> list[Deadline]:
    """Dates between ``start`` and ``end`` (inclusive) on which something is due."""
    out: list[Deadline] = []
    for rule in law.deadlines:
        if rule.on is not None:
            if start <= rule.on <= end:
                out.append(Deadline(law, rule, rule.on, None))
        elif rule.every_year_on is not None:
            for year in range(start.year, end.year + 1):
                due = date(year, *rule.every_year_on)
                if start <= due <= end:
                    out.append(Deadline(law, rule, due, None))
        elif rule.after_year_end_months is not None and financial_year_end is not None:
            for year in range(start.year - 1, end.year + 1):
                closed = year_end(financial_year_end, year)
                due = _add_months(closed, rule.after_year_end_months)
                if start <= due <= end and closed >= law.valid_from:
                    out.append(Deadline(law, rule, due, closed))
    return sorted(out, key=lambda d: d.due)


@dataclass(frozen=True)
class Applicability:
    law: Law
    verdict: Verdict
    on: date
    version: ScopeVersion | None

    @property
    def answer(self) -> Answer:
        return self.verdict.answer

    @property
    def unverified(self) -> bool:
        """The answer rests on a fact marked unverified in the rule file."""
        return any(s.unverified and s.result is not None for s in self.verdict.steps)


def applicability(law: Law, facts: Facts, on: date) -> Applicability:
    """Whether ``law`` applies on ``on`` (usually the end of the current financial year). A law
    that never entered into force, or whose scope had no version yet on that date, does not."""
    version = law.version_on(on)
    if law.status == "never_in_force" or version is None:
        return Applicability(law, Verdict(Answer.DOES_NOT_APPLY, [], []), on, version)
    return Applicability(law, decide(version.scope, facts), on, version)
