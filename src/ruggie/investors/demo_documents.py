"""The demo's company statements (a fictional UK retailer, two years), as a real PDF: fpdf2
writes the text layer that ruggie then reads back with pypdf, as it would a company's file."""

from __future__ import annotations

from importlib.resources import files

from fpdf import FPDF


def statement_pages(year: int) -> list[str]:
    text = files("ruggie.data").joinpath(f"demo/northwind_statement_{year}.txt").read_text(encoding="utf-8")
    return [" ".join(page.split()) for page in text.split("\f")]


def statement_pdf(pages: list[str]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())
