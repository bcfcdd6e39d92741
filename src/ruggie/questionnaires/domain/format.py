"""The questionnaire file format (``format: ruggie-questionnaire/1``), as typed models.

A questionnaire is one YAML file: who it is for, its languages, reusable answer lists,
sections of questions, the dimensions answers score into, and the rules that turn an
answer into a finding. docs/questionnaires.md documents every field for people who write
one; these models are the same thing for the program, and pydantic's checks give each
refusal the path of the offending field.

Texts are either one string (a questionnaire in one language) or a mapping of language
code to text; ``reading.read_questionnaire`` checks that every text has every language
the file declares.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

FORMAT = "ruggie-questionnaire/1"

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,39}$")]
Value = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_]{0,39}$")]  # an option's
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
Text = str | dict[Language, str]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(StrEnum):
    SUPPLIER_SELF_ASSESSMENT = "supplier_self_assessment"
    WORKER_SURVEY = "worker_survey"


class QuestionType(StrEnum):
    SINGLE = "single"  # one of the options
    MULTIPLE = "multiple"  # any of the options
    SCALE = "scale"  # one of ordered options, scored by position unless scores are given
    NUMBER = "number"
    TEXT = "text"
    DATE = "date"
    FILE = "file"  # evidence: a document the person attaches


CHOICE_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE})


class TranslationStatus(StrEnum):
    SOURCE = "source"  # the language the questionnaire was written in
    AWAITING_REVIEW = "awaiting_review"  # translated, not yet checked by a native speaker
    REVIEWED = "reviewed"


class Option(Strict):
    value: Value
    label: Text
    # How good this answer is, 0 (worst) to 100 (best); scale options without one are
    # scored by their position. ``not_scored`` options ("Don't know", "Prefer not to
    # say") count as not answered for scoring, but answer a required question.
    score: float | None = Field(default=None, ge=0, le=100)
    not_scored: bool = False


class Condition(Strict):
    """When a question is shown, or when a rule fires. Exactly one form per condition:
    a test on one earlier question's answer, or ``all`` / ``any`` / ``not`` of others."""

    question: Id | None = None
    equals: str | float | bool | None = None  # the answer (a choice: its value) is this
    in_: list[str] | None = Field(default=None, alias="in")  # one of these (multiple: any chosen)
    includes: str | None = None  # a multiple-choice answer includes this value
    above: float | None = None
    below: float | None = None
    answered: bool | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        tests = [x for x in (self.equals, self.in_, self.includes, self.above, self.below, self.answered)
                 if x is not None]  # fmt: skip
        groups = [x for x in (self.all, self.any, self.not_) if x is not None]
        if self.question is not None:
            if len(tests) != 1 or groups:
                raise ValueError(
                    "a condition on a question needs exactly one test: equals, in, includes, "
                    "above, below or answered"
                )
        elif len(groups) != 1 or tests:
            raise ValueError("write either 'question' with one test, or one of all / any / not")
        return self

    def questions(self) -> set[str]:
        """Every question this condition reads."""
        found = {self.question} if self.question else set()
        for child in [*(self.all or ()), *(self.any or ()), *([self.not_] if self.not_ else [])]:
            found |= child.questions()
        return found


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class FindingRule(Strict):
    """An answer that raises a finding (self-assessment) or a red flag (worker survey)."""

    when: Condition
    issue: Code  # a human rights issue code (core.human_rights)
    severity: Severity
    title: Text
    indicator: str = ""  # e.g. an ILO forced-labour indicator, "FL07"


class Question(Strict):
    id: Id
    type: QuestionType
    text: Text
    help: Text | None = None
    required: bool = False
    options: str | list[Option] | None = None  # inline, or the name of a shared answer list
    min: float | None = None  # number: smallest accepted
    max: float | None = None
    unit: Text | None = None  # number: what it counts ("workers", "hours a week")
    show_if: Condition | None = None
    dimension: Code | None = None  # what the answer scores into
    reverse: bool = False  # scale: the first option is the best (a negatively worded item)
    weight: float = Field(default=1.0, gt=0)
    rules: list[FindingRule] = Field(default_factory=list)
    context: bool = False  # worker survey: who answered (gender, age band...), for breakdowns


class Section(Strict):
    id: Id
    title: Text
    intro: Text | None = None
    show_if: Condition | None = None
    questions: list[Question] = Field(min_length=1)


class Dimension(Strict):
    code: Code
    title: Text
    issue: Code | None = None  # the human rights issue it informs, when it does
    # The share of its scored questions a response must answer to get an index.
    min_answered: float = Field(default=2 / 3, gt=0, le=1)


class QuestionnaireFile(Strict):
    format: Literal["ruggie-questionnaire/1"]
    code: Code
    version: str = Field(min_length=1, max_length=40)
    kind: Kind
    title: Text
    description: Text | None = None
    minutes: int | None = Field(default=None, gt=0, le=240)  # how long it takes, as tested
    source_language: Language = "en"
    languages: list[Language] = Field(min_length=1)
    translations: dict[Language, TranslationStatus] = Field(default_factory=dict)
    licence: str = ""
    answer_lists: dict[Id, list[Option]] = Field(default_factory=dict)
    dimensions: list[Dimension] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)

    def all_questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def options_of(self, question: Question) -> list[Option]:
        if isinstance(question.options, str):
            return self.answer_lists.get(question.options, [])  # a missing list is reported by reading
        return list(question.options or [])


# The fields that hold translatable text, in every model above.
TEXT_FIELDS = frozenset({"title", "description", "label", "text", "help", "unit", "intro"})


def texts_of(value: Any, path: str = "") -> list[tuple[str, Text]]:
    """Every translatable text in a parsed file, with its path: for the language check."""
    found: list[tuple[str, Text]] = []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            if item is None:
                continue
            where = f"{path}.{name}" if path else name
            if name in TEXT_FIELDS:
                found.append((where, item))
            else:
                found.extend(texts_of(item, where))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(texts_of(item, f"{path}[{i}]"))
    elif isinstance(value, dict):
        for key, item in value.items():
            found.extend(texts_of(item, f"{path}.{key}"))
    return found
