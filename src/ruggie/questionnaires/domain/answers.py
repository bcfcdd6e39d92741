"""Answers: which questions a person sees, what their answers mean, and whether they hold.

Answers are stored as a plain mapping of question id to value: an option's value for
single and scale questions, a list of values for multiple choice, a number, a text, an
ISO date, or a file reference. Skip logic (``show_if``) decides what is asked; an answer
to a question that is no longer shown (the person went back and changed an earlier
answer) is dropped, so a response never holds answers its author could not see.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ruggie.questionnaires.domain.format import (
    CHOICE_TYPES,
    Condition,
    Question,
    QuestionnaireFile,
    QuestionType,
)

Answers = Mapping[str, Any]
MAX_TEXT = 4000


@dataclass(frozen=True)
class Problem:
    question: str
    message: str  # says what is wrong and what to write instead


def answered(value: Any) -> bool:
    return value not in (None, "", [])


def holds(condition: Condition, answers: Answers) -> bool:
    """Whether the condition is true for these answers (an unanswered question fails every
    test except ``answered: false``)."""
    if condition.all is not None:
        return all(holds(c, answers) for c in condition.all)
    if condition.any is not None:
        return any(holds(c, answers) for c in condition.any)
    if condition.not_ is not None:
        return not holds(condition.not_, answers)
    value = answers.get(condition.question or "")
    if condition.answered is not None:
        return answered(value) == condition.answered
    if not answered(value):
        return False
    chosen = [str(v) for v in value] if isinstance(value, list) else [value]
    if condition.equals is not None:
        if isinstance(condition.equals, bool | float | int) and not isinstance(value, list | str):
            return bool(value == condition.equals)
        return any(str(v) == str(condition.equals) for v in chosen)
    if condition.in_ is not None:
        return any(str(v) in condition.in_ for v in chosen)
    if condition.includes is not None:
        return condition.includes in chosen
    number = _number(value)
    if number is None:
        return False
    if condition.above is not None:
        return number > condition.above
    if condition.below is not None:
        return number < condition.below
    return False


def visible(spec: QuestionnaireFile, answers: Answers) -> list[Question]:
    """The questions shown for these answers, in order."""
    shown: list[Question] = []
    for section in spec.sections:
        if section.show_if is not None and not holds(section.show_if, answers):
            continue
        shown.extend(q for q in section.questions if q.show_if is None or holds(q.show_if, answers))
    return shown


def parse_answer(spec: QuestionnaireFile, q: Question, raw: Sequence[str]) -> tuple[Any, str | None]:
    """A question's answer from what a form or spreadsheet holds (strings), and the problem
    with it if any. Empty input is no answer (None)."""
    items = [r.strip() for r in raw if r is not None and r.strip()]
    if not items:
        return None, None
    if q.type in CHOICE_TYPES:
        options = {o.value: o for o in spec.options_of(q)}
        wrong = [i for i in items if i not in options]
        if wrong:
            return None, f"'{wrong[0]}' is not one of the answers: choose one of {', '.join(options)}."
        if q.type == QuestionType.MULTIPLE:
            return list(dict.fromkeys(items)), None
        if len(items) > 1:
            return None, "Choose one answer only."
        return items[0], None
    value = items[0]
    if q.type == QuestionType.NUMBER:
        number = _number(value.replace(" ", "").replace(",", "."))
        if number is None:
            return None, f"'{value}' is not a number: write digits, like 12 or 3.5."
        if q.min is not None and number < q.min:
            return None, f"{number:g} is below the smallest accepted value, {q.min:g}."
        if q.max is not None and number > q.max:
            return None, f"{number:g} is above the largest accepted value, {q.max:g}."
        return (int(number) if number.is_integer() else number), None
    if q.type == QuestionType.DATE:
        try:
            return date.fromisoformat(value).isoformat(), None
        except ValueError:
            return None, f"'{value}' is not a date: write it as YYYY-MM-DD, like 2026-03-31."
    if len(value) > MAX_TEXT:
        return None, f"The answer is longer than {MAX_TEXT} characters: shorten it."
    return value, None


def check(spec: QuestionnaireFile, answers: Answers, *, final: bool) -> tuple[dict[str, Any], list[Problem]]:
    """The answers kept (only those to questions shown, each valid) and the problems.

    ``final``: the response is being submitted, so every shown required question must be
    answered; a saved draft may be incomplete."""
    kept: dict[str, Any] = {}
    problems: list[Problem] = []
    # Skip logic reads earlier answers, which may themselves be hidden: settle in order.
    for q in visible(spec, answers):
        value = answers.get(q.id)
        if answered(value):
            raw = [str(v) for v in value] if isinstance(value, list) else [str(value)]
            parsed, problem = parse_answer(spec, q, raw)
            if problem:
                problems.append(Problem(q.id, problem))
                continue
            kept[q.id] = parsed
    # A question shown only because of an answer now dropped is not shown either.
    shown = visible(spec, kept)
    kept = {q.id: kept[q.id] for q in shown if q.id in kept}
    if final:
        problems.extend(
            Problem(q.id, "This question needs an answer.")
            for q in shown
            if q.required and q.id not in kept and all(p.question != q.id for p in problems)
        )
    return kept, problems


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
