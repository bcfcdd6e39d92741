"""A document judged against a disclosure framework, criterion by criterion.

For each criterion the evidence is the sentences the classifier puts above its threshold on
any of the criterion's labels (and, where the criterion lists words, that use one of them),
strongest first. The status:
- not addressed: no such sentence;
- addressed: some, but none says anything specific;
- addressed with specifics: at least one names a figure, a date or a country ("we audited
  42 sites in Viet Nam in 2024"), the detail that separates reporting from boilerplate
  (the distinction Walk Free and the AIMS annotators draw between vague and specific).
Confidence is how far the strongest sentence is from the threshold, from 0.5 (on it) to 1;
it is 1 when no sentence uses any of the words the criterion requires.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from ruggie.investors.domain.documents import Sentence
from ruggie.investors.domain.frameworks import AIMS_LABELS, Criterion, Framework
from ruggie.register.domain.countries import resolve_country

MAX_EVIDENCE = 6  # what an analyst reads per criterion; the rest are counted
_FIGURE = re.compile(r"\d")
_PROPER = re.compile(r"\b[A-Z][a-zà-ÿ'’]+(?:\s+[A-Z][a-zà-ÿ'’]+){0,2}")


class Status(StrEnum):
    NOT_ADDRESSED = "not_addressed"
    ADDRESSED = "addressed"
    SPECIFIC = "specific"


STATUS_LABELS = {
    Status.NOT_ADDRESSED: "Not addressed",
    Status.ADDRESSED: "Addressed",
    Status.SPECIFIC: "Addressed with specifics",
}


@dataclass(frozen=True)
class Evidence:
    sentence: Sentence
    label: str
    probability: float
    specific: bool


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    status: Status
    confidence: float
    evidence: list[Evidence]  # at most MAX_EVIDENCE, strongest first
    evidence_count: int


def is_country_name(text: str) -> bool:
    # Two or three letters alone ("We", "UK", "Our") are words far more often than country
    # codes in prose.
    return len(text) > 3 and resolve_country(text) is not None


def names_specifics(text: str, is_country: Callable[[str], bool] | None = is_country_name) -> bool:
    if _FIGURE.search(text):
        return True
    if is_country is None:
        return False
    return any(is_country(m.group(0)) for m in _PROPER.finditer(text))


def _confidence(probability: float, threshold: float) -> float:
    if probability >= threshold:
        return 0.5 + 0.5 * (probability - threshold) / max(1e-9, 1 - threshold)
    return 0.5 + 0.5 * (threshold - probability) / max(1e-9, threshold)


def judge(
    criterion: Criterion,
    sentences: Sequence[Sentence],
    probabilities: np.ndarray,
    thresholds: Sequence[float] | np.ndarray,
    is_country: Callable[[str], bool] | None = is_country_name,
) -> CriterionResult:
    columns = [AIMS_LABELS.index(label) for label in criterion.labels]
    found: list[Evidence] = []
    strongest: tuple[float, float] | None = None  # (probability, threshold) furthest above its threshold
    for row, sentence in enumerate(sentences):
        if not criterion.mentions(sentence.text):
            continue
        # The label whose evidence this sentence most clearly is, measured against its threshold.
        column = max(columns, key=lambda c: probabilities[row, c] - thresholds[c])
        p, t = float(probabilities[row, column]), float(thresholds[column])
        if strongest is None or p - t > strongest[0] - strongest[1]:
            strongest = (p, t)
        if p >= t:
            found.append(
                Evidence(sentence, AIMS_LABELS[column], p, names_specifics(sentence.text, is_country))
            )
    found.sort(key=lambda e: -e.probability)
    if not found:
        status = Status.NOT_ADDRESSED
    elif any(e.specific for e in found):
        status = Status.SPECIFIC
    else:
        status = Status.ADDRESSED
    # Show specific evidence first among the strongest: it is what justifies the status.
    shown = sorted(found[: MAX_EVIDENCE * 2], key=lambda e: (not e.specific, -e.probability))[:MAX_EVIDENCE]
    # With no sentence using any of the criterion's words, "not addressed" follows from the rule.
    confidence = _confidence(*strongest) if strongest else (1.0 if sentences else 0.5)
    return CriterionResult(criterion, status, round(confidence, 3), shown, len(found))


def assess(
    framework: Framework,
    sentences: Sequence[Sentence],
    probabilities: np.ndarray,
    thresholds: Sequence[float] | np.ndarray,
    is_country: Callable[[str], bool] | None = is_country_name,
) -> list[CriterionResult]:
    return [judge(c, sentences, probabilities, thresholds, is_country) for c in framework.criteria]


def coverage(statuses: Sequence[Status]) -> float:
    """Share of criteria addressed (specifics count as addressed), 0 to 1."""
    if not statuses:
        return 0.0
    return sum(s != Status.NOT_ADDRESSED for s in statuses) / len(statuses)
