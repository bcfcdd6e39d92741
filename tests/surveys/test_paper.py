"""Paper and interview answers through the answer sheet: the template, forgiving reading
(codes or words), row-exact problems, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from ruggie.surveys.models import SurveyResponse, SurveyRound

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(client: Client, round_: SurveyRound) -> tuple[object, list[str]]:
    response = client.get(f"/surveys/{round_.pk}/answer-sheet.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in book["Answers"][1]]
    return book, headers


def _upload(book: object) -> SimpleUploadedFile:
    out = io.BytesIO()
    book.save(out)  # type: ignore[attr-defined]
    return SimpleUploadedFile("answers.xlsx", out.getvalue(), content_type=XLSX)


def test_the_answer_sheet(analyst_client: Client, round_: SurveyRound) -> None:
    book, headers = _sheet(analyst_client, round_)
    assert headers[0] == "S1 · I feel safe doing my job." and len(headers) == 25
    codes = list(book["Answer codes"].iter_rows(min_row=2, values_only=True))  # type: ignore[index]
    assert ("S1", "a_little", "A little") in codes
    assert book["Answers"].data_validations.dataValidation  # type: ignore[index]


def test_import_with_codes_and_words(analyst_client: Client, round_: SurveyRound) -> None:
    book, headers = _sheet(analyst_client, round_)
    sheet = book["Answers"]  # type: ignore[index]
    col = {h.split(" · ")[0]: i + 1 for i, h in enumerate(headers)}
    for r in range(2, 14):
        sheet.cell(row=r, column=col["S1"], value="Yes" if r % 2 else "no")  # words or codes, any case
        sheet.cell(row=r, column=col["C1"], value="A woman")
        sheet.cell(row=r, column=col["O1"], value="Water in summer")
    upload = _upload(book)
    response = analyst_client.post(f"/surveys/{round_.pk}/import/", {"file": upload, "channel": "interview"})
    assert response.status_code == 302
    stored = SurveyResponse.objects.filter(round=round_)
    assert stored.count() == 12 and set(stored.values_list("channel", flat=True)) == {"interview"}
    assert {r["S1"] for r in stored.values_list("answers", flat=True)} == {"yes", "no"}
    assert set(stored.values_list("answers__C1", flat=True)) == {"woman"}


def test_a_bad_row_stores_nothing_and_says_where(analyst_client: Client, round_: SurveyRound) -> None:
    book, headers = _sheet(analyst_client, round_)
    sheet = book["Answers"]  # type: ignore[index]
    sheet.cell(row=2, column=1, value="yes")
    sheet.cell(row=3, column=1, value="sometimes maybe")
    sheet.cell(row=4, column=1, value="<script>x</script>")
    upload = _upload(book)
    response = analyst_client.post(f"/surveys/{round_.pk}/import/", {"file": upload, "channel": "paper"})
    html = response.content.decode()
    assert response.status_code == 400 and not SurveyResponse.objects.exists()
    assert "Nothing was stored: 2 problems" in html
    assert "<td>3</td>" in html and "sometimes maybe" in html and "is not one of the answers" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"%PDF-1.4 ...", "This is a PDF"), (b"", "Choose the filled answer sheet")],
)
def test_wrong_files(analyst_client: Client, round_: SurveyRound, content: bytes, message: str) -> None:
    data = {"channel": "paper"}
    if content:
        data["file"] = SimpleUploadedFile("a.pdf", content)  # type: ignore[assignment]
    response = analyst_client.post(f"/surveys/{round_.pk}/import/", data)
    assert response.status_code == 400 and message in response.content.decode()


def test_viewers_cannot_import(viewer_client: Client, round_: SurveyRound) -> None:
    assert viewer_client.get(f"/surveys/{round_.pk}/import/").status_code == 403
