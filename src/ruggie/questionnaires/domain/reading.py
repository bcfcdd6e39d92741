"""Read a questionnaire file and check it whole, so a broken file never reaches a person.

Pydantic checks each field's shape; the checks here are the ones across fields: unique
ids, answer lists that exist, conditions that only look back at questions already asked,
dimensions and human rights issues that exist, and every text in every declared
language. A refusal lists each problem with its place in the file and how to fix it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import yaml
from pydantic import ValidationError

from ruggie.core.errors import UserFacingError
from ruggie.core.human_rights import issue_codes
from ruggie.questionnaires.domain.format import (
    CHOICE_TYPES,
    Condition,
    Question,
    QuestionnaireFile,
    QuestionType,
    TranslationStatus,
    texts_of,
)

MAX_PROBLEMS = 20


class QuestionnaireRefused(UserFacingError):
    """A questionnaire file that cannot be used; ``problems`` are 'where: what. Fix.' lines."""

    def __init__(self, name: str, problems: list[str]) -> None:
        shown = problems[:MAX_PROBLEMS]
        more = f"\n…and {len(problems) - len(shown)} more." if len(problems) > len(shown) else ""
        super().__init__(f"{name} cannot be used:\n- " + "\n- ".join(shown) + more)
        self.problems = problems


def digest(text: str) -> str:
    """What identifies a questionnaire's exact text (stored with every response)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_questionnaire(text: str, *, name: str = "questionnaire.yaml") -> QuestionnaireFile:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "the file"
        raise QuestionnaireRefused(
            name, [f"{where}: this is not valid YAML. Check indentation and quotes."]
        ) from None
    if not isinstance(raw, dict):
        raise QuestionnaireRefused(
            name, ["the file should be a YAML mapping (format:, code:, sections: ...)."]
        )
    try:
        spec = QuestionnaireFile.model_validate(raw)
    except ValidationError as exc:
        raise QuestionnaireRefused(name, _explain_all(exc.errors())) from None
    problems = list(_cross_checks(spec))
    if problems:
        raise QuestionnaireRefused(name, problems)
    return spec


def _explain_all(errors: list[Any]) -> list[str]:
    # A field that may be a string or a list (options, texts) fails both ways; when the
    # list was meant, only its inner errors help.
    places = [_path(e["loc"]) for e in errors]
    deeper = {
        p for p in places for q in places if q != p and (q.startswith(p + ".") or q.startswith(p + "["))
    }
    return list(dict.fromkeys(_explain(e) for e, p in zip(errors, places, strict=True) if p not in deeper))


def _explain(error: Any) -> str:
    where = _path(error["loc"])
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown field. Check its spelling against docs/questionnaires.md."
    if error["type"] == "missing":
        return f"{where}: missing. Add it."
    if error["type"] == "literal_error" and where == "format":
        return "format: write 'format: ruggie-questionnaire/1' at the top."
    if error["type"] == "string_pattern_mismatch":
        return (f"{where}: '{error.get('input')}' is not a valid id or code. Use letters, digits and "
                "underscores, starting with a letter (codes: lower case).")  # fmt: skip
    return f"{where}: {message[0].lower() + message[1:]}."


def _path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part) in ("str", "dict[str,str]", "list[Option]", "function-after[_one_form()]"):
            continue  # pydantic's name for the union member tried, not a place in the file
        else:
            out += f".{part}" if out else str(part)
    return out or "the file"


def _cross_checks(spec: QuestionnaireFile) -> Iterable[str]:
    yield from _language_checks(spec)
    dimensions = {d.code for d in spec.dimensions}
    known_issues = set(issue_codes())
    for d in spec.dimensions:
        if d.issue and d.issue not in known_issues:
            yield f"dimensions '{d.code}'.issue: {_not_an_issue(d.issue, known_issues)}"
    seen: dict[str, str] = {}
    asked: dict[str, Question] = {}  # the questions before the one being checked
    for si, section in enumerate(spec.sections):
        where_s = f"sections[{si}] '{section.id}'"
        if section.id in seen:
            yield f"{where_s}: the id '{section.id}' is used twice. Give each section its own id."
        seen[section.id] = where_s
        if section.show_if:
            yield from _condition_checks(spec, section.show_if, asked, f"{where_s}.show_if")
        for qi, q in enumerate(section.questions):
            where = f"sections[{si}].questions[{qi}] '{q.id}'"
            if q.id in seen:
                yield f"{where}: the id '{q.id}' is also used at {seen[q.id]}. Ids must be unique."
            seen[q.id] = where
            yield from _question_checks(spec, q, where, dimensions, known_issues)
            if q.show_if:
                yield from _condition_checks(spec, q.show_if, asked, f"{where}.show_if")
            for ri, rule in enumerate(q.rules):
                yield from _condition_checks(spec, rule.when, {**asked, q.id: q}, f"{where}.rules[{ri}].when")
            asked[q.id] = q


def _question_checks(
    spec: QuestionnaireFile, q: Question, where: str, dimensions: set[str], known_issues: set[str]
) -> Iterable[str]:
    if q.type in CHOICE_TYPES:
        if q.options is None:
            yield f"{where}: a {q.type} question needs options (a list, or the name of an answer list)."
        elif isinstance(q.options, str) and q.options not in spec.answer_lists:
            yield (f"{where}.options: '{q.options}' is not an answer list of this file. "
                   f"Answer lists: {', '.join(spec.answer_lists) or 'none'}.")  # fmt: skip
        else:
            options = spec.options_of(q)
            values = [o.value for o in options]
            if len(options) < 2:
                yield f"{where}.options: give at least two options."
            if len(set(values)) != len(values):
                yield f"{where}.options: two options share a value. Give each its own."
    elif q.options is not None:
        yield f"{where}.options: only single, multiple and scale questions have options. Remove them."
    if q.type != QuestionType.NUMBER and (q.min is not None or q.max is not None or q.unit is not None):
        yield f"{where}: min, max and unit are for number questions only."
    if q.min is not None and q.max is not None and q.min > q.max:
        yield f"{where}: min ({q.min:g}) is above max ({q.max:g})."
    if q.reverse and q.type != QuestionType.SCALE:
        yield f"{where}.reverse: only a scale question can be reverse-scored."
    if q.context and q.type not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        yield f"{where}.context: a context question (for breakdowns) must be single or multiple choice."
    if q.dimension is not None:
        if q.dimension not in dimensions:
            yield (f"{where}.dimension: '{q.dimension}' is not declared under dimensions. "
                   f"Declared: {', '.join(sorted(dimensions)) or 'none'}.")  # fmt: skip
        if q.type == QuestionType.SCALE:
            pass  # scored by position, or by the options' scores
        elif q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            if q.options is not None and not all(
                o.score is not None or o.not_scored for o in spec.options_of(q)
            ):
                yield (
                    f"{where}: every option of a scored {q.type} question needs a score (0-100) "
                    "or not_scored: true."
                )
        else:
            yield f"{where}.dimension: only scale, single and multiple choice questions are scored."
    seen_rules: set[tuple[str, str, str]] = set()
    for ri, rule in enumerate(q.rules):
        key = (rule.issue, rule.indicator, rule.severity.value)
        if key in seen_rules:
            yield f"{where}.rules[{ri}]: repeats an earlier rule (same issue, indicator, severity)."
        seen_rules.add(key)
        if rule.issue not in known_issues:
            yield f"{where}.rules[{ri}].issue: {_not_an_issue(rule.issue, known_issues)}"


def _not_an_issue(code: str, known: set[str]) -> str:
    return f"'{code}' is not a human rights issue. Use one of: {', '.join(sorted(known))}."


def _condition_checks(
    spec: QuestionnaireFile, condition: Condition, asked: dict[str, Question], where: str
) -> Iterable[str]:
    if condition.question is not None:
        q = asked.get(condition.question)
        if q is None:
            yield (f"{where}: question '{condition.question}' is not asked before this point. A condition "
                   "can only read answers already given (ask it earlier, or check the id).")  # fmt: skip
            return
        values = {o.value for o in spec.options_of(q)} if q.type in CHOICE_TYPES else None
        wanted = [condition.equals] if isinstance(condition.equals, str) else []
        wanted += list(condition.in_ or []) + ([condition.includes] if condition.includes else [])
        if values is not None:
            for value in wanted:
                if value not in values:
                    yield (
                        f"{where}: '{value}' is not an option of '{q.id}'. "
                        f"Options: {', '.join(sorted(values))}."
                    )
        if (condition.above is not None or condition.below is not None) and q.type != QuestionType.NUMBER:
            yield f"{where}: above and below compare numbers; '{q.id}' is a {q.type} question."
        if condition.includes is not None and q.type != QuestionType.MULTIPLE:
            yield f"{where}: includes is for multiple-choice questions; use equals for '{q.id}'."
    for child in [
        *(condition.all or ()),
        *(condition.any or ()),
        *([condition.not_] if condition.not_ else []),
    ]:
        yield from _condition_checks(spec, child, asked, where)


def _language_checks(spec: QuestionnaireFile) -> Iterable[str]:
    languages = list(dict.fromkeys(spec.languages))
    if spec.source_language not in languages:
        yield f"languages: add the source language '{spec.source_language}' to the list."
    for lang in spec.translations:
        if lang not in languages:
            yield f"translations.{lang}: '{lang}' is not in languages. Add it there or remove this line."
    for lang in languages:
        status = spec.translations.get(lang)
        if lang == spec.source_language:
            if status not in (None, TranslationStatus.SOURCE):
                yield f"translations.{lang}: the source language's status is 'source'."
        elif status is None:
            yield (f"translations.{lang}: say whether the {lang} translation is awaiting_review or "
                   "reviewed by a native speaker.")  # fmt: skip
    missing: dict[str, list[str]] = {}
    for path, text in texts_of(spec):
        if isinstance(text, str):
            if languages != [spec.source_language] or not text.strip():
                missing.setdefault(path, []).extend(
                    [lang for lang in languages if lang != spec.source_language] or [spec.source_language]
                )
            continue
        for lang in languages:
            if not str(text.get(lang) or "").strip():
                missing.setdefault(path, []).append(lang)
        for lang in text:
            if lang not in languages:
                yield f"{path}: a text in '{lang}', which is not in languages. Add it or remove the text."
    for path, langs in missing.items():
        yield f"{path}: no text in {', '.join(langs)}. Write it (every text in every language of the file)."
