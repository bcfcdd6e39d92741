"""Learning modules (``data/learning/modules.yaml``) and the teaching on each due-diligence
step's page (``data/learning/steps.yaml``): loading, checking, and grading a quiz."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml


@dataclass(frozen=True)
class Question:
    text: str
    choices: tuple[str, ...]
    answer: int
    explain: str


@dataclass(frozen=True)
class Module:
    code: str
    title: str
    minutes: int
    source: str
    sections: tuple[tuple[str, str], ...]  # (heading, text)
    questions: tuple[Question, ...]
    version: int

    @property
    def pass_mark(self) -> int:
        """All questions but one: a slip is allowed, a misunderstanding is not."""
        return max(1, len(self.questions) - 1)


@dataclass(frozen=True)
class Marked:
    question: Question
    given: int | None
    right: bool


@dataclass(frozen=True)
class Result:
    marked: list[Marked]
    score: int
    passed: bool


def _read(name: str, language: str = "en") -> dict[str, object]:
    """A translation is the same file under ``learning/<language>/``; English otherwise."""
    base = files("ruggie.data").joinpath("learning")
    translated = base.joinpath(language.split("-")[0], name)
    chosen = (
        translated if language and not language.startswith("en") and translated.is_file() else base / name
    )
    data = yaml.safe_load(chosen.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@cache
def modules(language: str = "en") -> dict[str, Module]:
    data = _read("modules.yaml", language)
    version = int(str(data["version"]))
    out: dict[str, Module] = {}
    raw_modules = data["modules"]
    assert isinstance(raw_modules, dict)
    for code, raw in raw_modules.items():
        questions = tuple(
            Question(str(q["text"]), tuple(str(c) for c in q["choices"]), int(q["answer"]), str(q["explain"]))
            for q in raw["questions"]
        )
        for q in questions:
            if not 0 <= q.answer < len(q.choices):
                raise ValueError(
                    f"modules.yaml, {code}: answer {q.answer} is not one of the choices of {q.text!r}"
                )
        out[str(code)] = Module(
            str(code), str(raw["title"]), int(raw["minutes"]), str(raw["source"]),
            tuple((str(s["heading"]), str(s["text"])) for s in raw["sections"]), questions, version,
        )  # fmt: skip
    return out


@cache
def step_teaching(language: str = "en") -> dict[str, dict[str, str]]:
    steps = _read("steps.yaml", language)["steps"]
    assert isinstance(steps, dict)
    return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in steps.items()}


@cache
def step_modules() -> dict[str, list[str]]:
    linked = _read("steps.yaml")["modules_by_step"]
    assert isinstance(linked, dict)
    return {str(k): [str(m) for m in v] for k, v in linked.items()}


def grade(module: Module, answers: Mapping[int, int | None]) -> Result:
    """``answers``: question index -> chosen index (None when unanswered)."""
    marked = [Marked(q, answers.get(i), answers.get(i) == q.answer) for i, q in enumerate(module.questions)]
    score = sum(m.right for m in marked)
    return Result(marked, score, score >= module.pass_mark)
