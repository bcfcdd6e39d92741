"""Draft a statement from the evidence: the law's own headings, in its order, with the
paragraphs ruggie can write from recorded figures, every figure linked to where it comes from,
and each gap named ("No effectiveness measure recorded") rather than papered over.

Outlines live in ``data/report_outlines.yaml``; figures are collected by the Django side
(``ruggie.reports.evidence``) and passed in as plain values with their links.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: Any  # int, float, str; None when nothing is recorded
    link: str = ""  # where in ruggie it comes from
    source: str = ""  # how it was computed, in words

    @property
    def shown(self) -> str:
        if isinstance(self.value, float):
            return f"{self.value:,.1f}"
        if isinstance(self.value, int) and not isinstance(self.value, bool):
            return f"{self.value:,}"
        return str(self.value)


@dataclass(frozen=True)
class Paragraph:
    needs: tuple[str, ...]
    text: str
    gap: str


@dataclass(frozen=True)
class SectionOutline:
    id: str
    heading: str
    asks: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Outline:
    code: str
    name: str
    framework: str  # the disclosure framework that checks a draft (investors capability)
    sections: tuple[SectionOutline, ...]


@dataclass
class DraftSection:
    id: str
    heading: str
    asks: str
    text: str
    figures: list[Figure] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


def _flatten(items: Iterable[Any]) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for item in items:
        if isinstance(item, list):
            out += _flatten(item)
        else:
            out.append(item)
    return out


@cache
def outlines() -> dict[str, Outline]:
    data = yaml.safe_load(files("ruggie.data").joinpath("report_outlines.yaml").read_text("utf-8"))
    out = {}
    for code, raw in data["reports"].items():
        sections = tuple(
            SectionOutline(
                str(s["id"]),
                str(s["heading"]),
                str(s.get("asks", "")),
                tuple(
                    Paragraph(tuple(p.get("needs", ())), str(p["text"]), str(p.get("gap", "")))
                    for p in _flatten(s["paragraphs"])
                ),
            )
            for s in raw["sections"]
        )
        for section in sections:
            for p in section.paragraphs:
                named = {f for _, f, _, _ in string.Formatter().parse(p.text) if f}
                if not named <= set(p.needs) | {"organisation"} | _OPTIONAL:
                    raise ValueError(
                        f"report_outlines.yaml, {code} {section.id}: {sorted(named)} not all in needs"
                    )
        out[str(code)] = Outline(str(code), str(raw["name"]), str(raw["framework"]), sections)
    return out


# Figures a paragraph may use without needing them: shown as "an unknown number" when missing.
_OPTIONAL = {
    "migrant_workers",
    "assessments_submitted",
    "survey_rounds",
    "findings_critical",
    "screening_confirmed",
    "actions_completed",
    "actions_verified",
    "actions_overdue",
    "median_days_high",
    "critical_remedy_share",
    "grievance_channels",
    "grievance_closed",
    "grievance_remedy",
    "remedy_summary",
    "approved_on",
}


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != 0 and value != []


def draft(outline: Outline, figures: Mapping[str, Figure]) -> list[DraftSection]:
    """Sections with their text, the figures each cites, and the gaps to fill."""
    out = []
    for s in outline.sections:
        texts: list[str] = []
        used: dict[str, Figure] = {}
        gaps: list[str] = []
        for p in s.paragraphs:
            if all(k in figures and _present(figures[k].value) for k in p.needs):
                names = {f for _, f, _, _ in string.Formatter().parse(p.text) if f}
                values = {
                    k: (
                        figures[k].shown
                        if k in figures and figures[k].value is not None
                        else "an unknown number"
                    )
                    for k in names
                }
                texts.append(p.text.format_map(values))
                for k in names:
                    if k in figures and figures[k].value is not None and k != "organisation":
                        used[k] = figures[k]
            elif p.gap and p.gap not in gaps:
                gaps.append(p.gap)
        out.append(DraftSection(s.id, s.heading, s.asks, " ".join(texts), list(used.values()), gaps))
    return out
