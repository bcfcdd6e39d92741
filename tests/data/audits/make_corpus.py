"""Regenerate the binary audit files of this corpus: `python tests/data/audits/make_corpus.py`.

The CSV files are written by hand; these are built with openpyxl so they stay reproducible.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent


def spanish_with_title_rows() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Hallazgos"
    ws.append(["Informe de auditoría social — Planta de León"])
    ws.merge_cells("A1:H1")
    ws.append(["Auditor: Ejemplo Auditores S.C. (ficticio)"])
    ws.append([])
    ws.append(
        [
            "Referencia de auditoría",
            "Fecha de auditoría",
            "Proveedor",
            "Planta",
            "País",
            "Número",
            "Gravedad",
            "Cláusula",
            "Descripción",
            "Acción correctiva",
            "Plazo",
        ]
    )
    ws.append(
        [
            "MX-2026-88",
            date(2026, 6, 3),
            "Guadalajara Leather S.A. de C.V.",
            "León Tannery",
            "México",
            1,
            "Mayor",
            "3 Salud y seguridad",
            "Trabajadores sin protección respiratoria en curtido",
            "Entregar mascarillas y formar",
            30,
        ]
    )
    ws.append(
        [
            "MX-2026-88",
            date(2026, 6, 3),
            "Guadalajara Leather S.A. de C.V.",
            "León Tannery",
            "México",
            2,
            "Crítico",
            "Trabajo infantil",
            "Dos trabajadores de 15 años en el área de secado",
            "Retirar del puesto con salario; escuela pagada",
            "inmediato",
        ]
    )
    wb.save(HERE / "spanish_title_rows.xlsx")


def formulas() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Audit ID", "Audit date", "Site", "Country", "Finding ID", "Severity", "Clause", "Finding"])
    ws.append(
        [
            "F-1",
            "2026-05-02",
            "Saigon Stitch Factory 1",
            "VN",
            "1",
            "minor",
            "ETI 3",
            '=HYPERLINK("http://evil.example","click")',
        ]
    )
    ws["H2"].data_type = "s"  # stored as text, as a hostile supplier would type it
    wb.save(HERE / "formula_cells.xlsx")


if __name__ == "__main__":
    spanish_with_title_rows()
    formulas()
