"""Answers given on paper or in a phone interview, typed into a spreadsheet and imported.

``answer_sheet`` builds the .xlsx: one column per question (its id, then its text, so a
column can be matched whatever the header's language), a drop-down of the answers for
each choice question, and a sheet listing every answer's code and words. ``read_answers``
reads a filled sheet back: a cell may hold the answer's code or its words in any of the
questionnaire's languages; several answers to a multiple-choice question are separated by
";". Every problem names the row, the column and the fix; the import stores nothing
unless every row is sound (no half-entered survey).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ruggie.questionnaires.domain.answers import check
from ruggie.questionnaires.domain.format import CHOICE_TYPES, Question, QuestionnaireFile, QuestionType
from ruggie.questionnaires.domain.scoring import localise
from ruggie.register.domain.tabular import Table

SEPARATOR = " · "
_NOT_A_QUESTION = (
    "This column is not a question of this survey. Use the template's columns (each starts with "
    "the question's code, such as S1)."
)
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowProblem:
    row: int  # the spreadsheet's row number
    column: str  # the column's header, as written
    value: str
    message: str


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _questions(spec: QuestionnaireFile) -> list[Question]:
    return [q for q in spec.all_questions() if q.type != QuestionType.FILE]


def answer_sheet(spec: QuestionnaireFile, language: str) -> bytes:
    src = spec.source_language
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Answers"
    codes = book.create_sheet("Answer codes")
    codes.append(["Question", "Code", "Answer"])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    row = 2
    for col, q in enumerate(_questions(spec), start=1):
        letter = get_column_letter(col)
        head = sheet.cell(row=1, column=col, value=f"{q.id}{SEPARATOR}{localise(q.text, language, src)}")
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = 24
        options = spec.options_of(q)
        if q.type in CHOICE_TYPES:
            first = row
            for o in options:
                codes.append([q.id, o.value, localise(o.label, language, src)])
                row += 1
            if q.type != QuestionType.MULTIPLE:
                # The drop-down offers the answers' words, from the codes sheet.
                rule = DataValidation(type="list", formula1=f"='Answer codes'!$C${first}:$C${row - 1}",
                                      allow_blank=True)  # fmt: skip
                rule.error = "Choose one of the answers in the list (or type its code)."
                rule.showErrorMessage = False  # codes are accepted too
                sheet.add_data_validation(rule)
                rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def header_score(spec: QuestionnaireFile) -> Callable[[list[str]], int]:
    """For ``read_table``: a row is the header as much as its cells name questions (so the
    answers sheet wins over the codes sheet, and a title row above is skipped)."""
    ids = {q.id.casefold() for q in _questions(spec)}

    def score(row: list[str]) -> int:
        return 2 * sum(1 for cell in row if _question_key(cell) in ids)

    return score


def _question_key(header: str) -> str:
    return header.split(SEPARATOR, 1)[0].split(" ", 1)[0].strip().casefold()


def read_answers(table: Table, spec: QuestionnaireFile) -> tuple[list[dict[str, object]], list[RowProblem]]:
    """Each row's checked answers, or the problems (row, column, value, fix)."""
    by_id = {q.id.casefold(): q for q in _questions(spec)}
    columns: dict[int, Question] = {}
    problems: list[RowProblem] = []
    for i, header in enumerate(table.header):
        key = _question_key(header)
        if key in by_id:
            columns[i] = by_id[key]
        elif header.strip():
            problems.append(RowProblem(table.header_row_number, header, "", _NOT_A_QUESTION))
    if not columns:
        return [], problems or [RowProblem(table.header_row_number, "", "", "No question columns found.")]
    if len(table.rows) > MAX_ROWS:
        return [], [
            RowProblem(table.row_numbers[MAX_ROWS], "", "", f"More than {MAX_ROWS} rows: split the file.")
        ]
    words = {q.id: _answer_words(spec, q) for q in columns.values()}
    kept_rows: list[dict[str, object]] = []
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        raw: dict[str, object] = {}
        header_of: dict[str, str] = {}
        for i, q in columns.items():
            cell = row[i].strip() if i < len(row) else ""
            header_of[q.id] = table.header[i]
            if not cell:
                continue
            if q.type in CHOICE_TYPES:
                parts = [p.strip() for p in cell.split(";")] if q.type == QuestionType.MULTIPLE else [cell]
                values = [words[q.id].get(_fold(p), p) for p in parts if p]
                raw[q.id] = values if q.type == QuestionType.MULTIPLE else values[0]
            else:
                raw[q.id] = cell
        if not raw:
            continue  # an empty row between answers
        kept, found = check(spec, raw, final=True)
        for p in found:
            value = raw.get(p.question, "")
            shown = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
            problems.append(RowProblem(number, header_of.get(p.question, p.question), shown, p.message))
        kept_rows.append(kept)
    return kept_rows, problems


def _answer_words(spec: QuestionnaireFile, q: Question) -> dict[str, str]:
    """Folded code or words (any language) -> the option's code."""
    out: dict[str, str] = {}
    for o in spec.options_of(q):
        labels: Iterable[str] = o.label.values() if isinstance(o.label, dict) else [o.label]
        for text in [o.value, *labels]:
            out.setdefault(_fold(text), o.value)
    return out
