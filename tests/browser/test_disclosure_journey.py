"""An investor analyst reads a company's statements: files last year's and this year's PDFs,
sees each UK criterion with its evidence and page, corrects a judgement, sees what changed
year on year, and finds the coverage on the portfolio. Pages are axe-checked and saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ruggie.accounts.services import membership_set, organisation_create
from ruggie.investors.demo_documents import statement_pages, statement_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Fixture = Callable[..., Any]
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def analyst() -> None:
    fund = organisation_create(slug="north-fund", name="North Fund", kind="investor")
    membership_set(email="ana@north.example", organisation=fund, role="analyst", password=PASSWORD)


def _file(page: Any, path: Path, year: int) -> None:
    page.goto("/investors/disclosures/")
    page.get_by_label("Company", exact=True).fill("Northwind Retail plc")
    page.get_by_label("Title").fill(f"Modern slavery statement {year}")
    page.get_by_label("Reporting year").fill(str(year))
    page.get_by_label("File (PDF, HTML or text, up to 30 MB)").set_input_files(str(path))
    page.get_by_role("button", name="Add and assess").click()
    page.get_by_role("heading", level=1, name=f"Modern slavery statement {year}").wait_for()


def test_file_assess_correct_and_compare_statements(
    new_page: Fixture, sign_in: Fixture, axe_check: Fixture, shot: Fixture, analyst: None, tmp_path: Path
) -> None:
    for year in (2024, 2025):
        (tmp_path / f"{year}.pdf").write_bytes(statement_pdf(statement_pages(year)))
    page = new_page()
    sign_in(page, "ana@north.example", PASSWORD)
    _file(page, tmp_path / "2024.pdf", 2024)
    _file(page, tmp_path / "2025.pdf", 2025)

    approval = page.locator("#c-UK54-4-approval")
    approval.get_by_text("approved by the Board of Directors on 14 May 2026").first.wait_for()
    assert "p. 3" in approval.inner_text()
    page.get_by_role("heading", name="New this year").wait_for()
    assert "repaid a total of GBP 61,000" in page.locator("main").inner_text()
    axe_check(page, "disclosure")
    shot(page, "110-investor-disclosure")

    training = page.locator("#c-UK54f")
    training.get_by_text("Correct", exact=True).click()
    training.get_by_label("Status").select_option("addressed")
    training.locator("input[name=add]").first.check()
    training.get_by_label("Why (kept in the record)").fill("Induction covers the hotline and fees.")
    training.get_by_role("button", name="Save correction").click()
    page.get_by_text("Judgement corrected.").wait_for()
    corrected = page.locator("#c-UK54f").inner_text()
    assert "corrected" in corrected and "Induction covers the hotline" in corrected
    shot(page, "111-investor-disclosure-corrected")

    page.goto("/investors/disclosures/")
    page.get_by_role("heading", name="Coverage over time").wait_for()
    row = page.get_by_role("row", name="Northwind Retail plc").first.inner_text()
    assert "2024" in row and "2025" in row
    axe_check(page, "disclosures")
    shot(page, "112-investor-disclosures")


def test_a_long_statement_is_read_in_the_background_and_the_page_follows(
    new_page: Fixture, sign_in: Fixture, axe_check: Fixture, shot: Fixture, analyst: None, tmp_path: Path,
    settings: Any,
) -> None:  # fmt: skip
    from django.core.management import call_command

    settings.RUGGIE_BACKGROUND_DISCLOSURE_SENTENCES = 5  # the demo statement counts as long
    (tmp_path / "2025.pdf").write_bytes(statement_pdf(statement_pages(2025)))
    page = new_page()
    sign_in(page, "ana@north.example", PASSWORD)
    _file(page, tmp_path / "2025.pdf", 2025)
    page.get_by_text("ruggie is reading this document.").wait_for()
    assert "reads it in the background" in page.locator("main").inner_text()
    axe_check(page, "disclosure-being-read")
    shot(page, "113-investor-disclosure-being-read")

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    # The page does not refresh itself (a timed refresh loses a screen reader's place, WCAG 2.2.1).
    page.get_by_role("link", name="Check again").click()
    approval = page.locator("#c-UK54-4-approval")
    approval.get_by_text("approved by the Board of Directors on 14 May 2026").first.wait_for()
    assert "ruggie is reading this document." not in page.locator("main").inner_text()
