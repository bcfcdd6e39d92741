"""A round's results as .xlsx: the same safe figures as the page (``round_results``)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from ruggie.core.cells import neutralise_formula
from ruggie.questionnaires.domain.scoring import localise
from ruggie.surveys.services import RoundResults


def results_workbook(results: RoundResults, language: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Results"
    r = results.round
    sheet.append(["Round", r.name])
    sheet.append(["Site", neutralise_formula(r.site.name)])
    sheet.append(["Answers", results.responses])
    sheet.append(["Minimum group size", r.min_group_size])
    sheet.append([])
    sheet.append(["Dimension", "Index (0-100)", "95% low", "95% high", "Answers"])
    for (_code, title), t in zip(results.dimensions, results.totals, strict=True):
        sheet.append([title, t.index, t.low, t.high, t.n])
    groups = book.create_sheet("By group")
    groups.append(["Question", "Group", *(f"{title} (index)" for _c, title in results.dimensions),
                   *(f"{title} (answers)" for _c, title in results.dimensions)])  # fmt: skip
    for b in results.breakdowns:
        for label, cells in b.rows:
            groups.append([b.title, label, *(e.index if e else None for e in cells),
                           *(e.n if e else None for e in cells)])  # fmt: skip
    flags = book.create_sheet("Red flags")
    flags.append(["What workers said", "Indicator", "Workers", "Of those who answered"])
    src = results.spec.source_language
    for f in results.flags:
        flags.append([localise(f.rule.title, language, src), f.rule.indicator, f.count, f.answered])
    if results.open_answers:
        words = book.create_sheet("Own words")
        words.append(["In workers' own words (no order)"])
        for text in results.open_answers:
            words.append([neutralise_formula(text)])
    for ws in book.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
