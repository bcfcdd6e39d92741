"""Scores and findings from one response.

Each scored answer becomes an item score from 0 (worst) to 100 (best): a scale option by
its position (the first option is the worst, the last the best; ``reverse`` flips it for
a negatively worded item), a single-choice option by its ``score``, a multiple-choice
answer by the worst of the options chosen (one bad practice is not cancelled by a good
one). Options marked ``not_scored`` ("Don't know") leave the item unanswered. A
dimension's index is the weighted mean of its answered items, given only when at least
``min_answered`` of its items shown were answered (two thirds by default), as the
worker survey guide recommends.

Rules turn answers into findings (a self-assessment) or red flags (a worker survey):
each rule whose condition holds is returned with its issue, severity and title.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruggie.questionnaires.domain.answers import Answers, answered, holds, visible
from ruggie.questionnaires.domain.format import (
    FindingRule,
    Question,
    QuestionnaireFile,
    QuestionType,
    Text,
)


@dataclass(frozen=True)
class DimensionScore:
    code: str
    index: float | None  # 0-100, None when too few items were answered
    answered: int
    shown: int


def rule_ref(question: str, rule: FindingRule) -> str:
    """Which rule of which question: stable across re-scoring, so the finding it raised is
    updated rather than raised twice."""
    return f"{question}:{rule.issue}:{rule.indicator or '-'}:{rule.severity}"


@dataclass(frozen=True)
class RaisedRule:
    question: str
    rule: FindingRule
    answer: object

    @property
    def ref(self) -> str:
        return rule_ref(self.question, self.rule)


@dataclass(frozen=True)
class ResponseScore:
    dimensions: dict[str, DimensionScore]
    raised: list[RaisedRule]


def localise(text: Text | None, language: str, fallback: str = "en") -> str:
    """A text in the language asked for, else in the fallback (the source language)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get(fallback) or next(iter(text.values()), "")


def item_score(spec: QuestionnaireFile, q: Question, value: object) -> float | None:
    if not answered(value) or q.dimension is None:
        return None
    options = spec.options_of(q)
    by_value = {o.value: o for o in options}
    if q.type == QuestionType.MULTIPLE:
        chosen = [by_value[v] for v in value if v in by_value] if isinstance(value, list) else []
        scores = [o.score for o in chosen if not o.not_scored and o.score is not None]
        return min(scores) if scores else None
    option = by_value.get(str(value))
    if option is None or option.not_scored:
        return None
    if option.score is not None:
        return option.score
    if q.type != QuestionType.SCALE:
        return None
    ranked = [o.value for o in options if not o.not_scored]
    position = ranked.index(option.value)
    share = position / (len(ranked) - 1) if len(ranked) > 1 else 1.0
    return round(100 * (1 - share if q.reverse else share), 4)


def score_response(spec: QuestionnaireFile, answers: Answers) -> ResponseScore:
    shown = visible(spec, answers)
    totals: dict[str, list[float]] = {d.code: [0.0, 0.0, 0, 0] for d in spec.dimensions}  # type: ignore[misc]
    for q in shown:
        if q.dimension is None:
            continue
        acc = totals[q.dimension]
        acc[3] += 1
        score = item_score(spec, q, answers.get(q.id))
        if score is not None:
            acc[0] += score * q.weight
            acc[1] += q.weight
            acc[2] += 1
    dimensions: dict[str, DimensionScore] = {}
    for d in spec.dimensions:
        weighted, weights, n_answered, n_shown = totals[d.code]
        enough = n_shown > 0 and n_answered / n_shown >= d.min_answered - 1e-9
        dimensions[d.code] = DimensionScore(
            d.code,
            round(weighted / weights, 2) if enough and weights else None,
            int(n_answered),
            int(n_shown),
        )
    raised = [
        RaisedRule(q.id, rule, answers.get(q.id))
        for q in shown
        for rule in q.rules
        if holds(rule.when, answers)
    ]
    return ResponseScore(dimensions, raised)
