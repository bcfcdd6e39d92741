"""A questionnaire as the sections and questions a form shows (one page, no JavaScript).

A question asked only after an earlier answer (``show_if``) appears once that answer has
been given and the page sent again: the worker survey has none, the self-assessment
reveals its follow-up questions each time the supplier saves.
"""

from __future__ import annotations

from typing import Any

from ruggie.questionnaires.domain.answers import visible
from ruggie.questionnaires.domain.format import CHOICE_TYPES, QuestionnaireFile
from ruggie.questionnaires.domain.scoring import localise


def form_sections(
    spec: QuestionnaireFile, lang: str, given: dict[str, list[str]], problems: dict[str, str]
) -> list[dict[str, Any]]:
    """Each section shown with its questions, texts in ``lang``, the answers given kept
    (``given``: question id -> values as the form sent them)."""
    src = spec.source_language
    shown = {q.id for q in visible(spec, {k: v[0] if len(v) == 1 else v for k, v in given.items()})}
    sections = []
    for section in spec.sections:
        questions = []
        for q in section.questions:
            if q.id not in shown:
                continue  # asked only after an earlier answer (its own, or its section's)
            options = [
                {
                    "value": o.value,
                    "label": localise(o.label, lang, src),
                    "checked": o.value in given.get(q.id, []),
                }
                for o in spec.options_of(q)
            ]
            questions.append({
                "id": q.id, "type": q.type.value, "text": localise(q.text, lang, src),
                "help": localise(q.help, lang, src), "required": q.required, "options": options,
                "choice": q.type in CHOICE_TYPES, "value": (given.get(q.id) or [""])[0],
                "problem": problems.get(q.id, ""),
            })  # fmt: skip
        if questions:
            sections.append(
                {"title": localise(section.title, lang, src), "intro": localise(section.intro, lang, src),
                 "questions": questions}
            )  # fmt: skip
    return sections
