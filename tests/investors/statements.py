"""Two years of a fictional retailer's modern slavery statement, written the way UK statements
are (the demo's, in src/ruggie/data/demo/), and a real PDF of them."""

from __future__ import annotations

from ruggie.investors.demo_documents import statement_pages, statement_pdf

STATEMENT_2024 = statement_pages(2024)
STATEMENT_2025 = statement_pages(2025)

__all__ = ["STATEMENT_2024", "STATEMENT_2025", "statement_pdf"]
