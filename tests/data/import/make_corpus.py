"""Generate the corpus of messy supplier lists used by tests/register/domain/test_corpus.py.

Run from the repository root: ``.venv/bin/python tests/data/import/make_corpus.py``.
The generated files are committed, so the tests do not depend on this script; it
exists so anyone can see (and regenerate) exactly what each file contains.
Each file reproduces one thing real uploads do; test_corpus.py states the outcome.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent

HEADER = "Supplier name,Country,Employees,% women,Website\n"
BASIC_ROWS = (
    "Saigon Garment Co,Viet Nam,1200,45%,www.saigongarment.vn\n"
    "Dhaka Knit Ltd,BD,850,0.62,https://dhakaknit.example.com\n"
    "Nguyễn Thị Textiles,VNM,300,51,\n"
)


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def text_files() -> None:
    write("utf8.csv", (HEADER + BASIC_ROWS).encode("utf-8"))
    write("utf8_bom.csv", (HEADER + BASIC_ROWS).encode("utf-8-sig"))
    write("crlf.csv", (HEADER + BASIC_ROWS).replace("\n", "\r\n").encode("utf-8"))
    write("cr_only.csv", (HEADER + BASIC_ROWS).replace("\n", "\r").encode("utf-8"))
    write("utf16.csv", (HEADER + BASIC_ROWS).encode("utf-16"))
    write(
        "cp1252.csv",
        (
            "Supplier name;Country;Spend;Currency\n"
            "Société Générale Côte d'Ivoire;Côte d'Ivoire;€ 1.200,50;\n"
            "Café “Müller” GmbH;Deutschland;€ 3.000;EUR\n"
        ).encode("cp1252"),
    )
    write(
        "latin1.csv",
        ("Fournisseur,Pays,Effectif\nBoulangerie Hélène,France,12\nBrasserie Über,Suisse,40\n").encode(
            "latin-1"
        ),
    )
    write(
        "semicolon_decimal_comma.csv",
        (
            "Nom du fournisseur;Pays;Effectif;% femmes;Dépenses;Devise;Latitude;Longitude\n"
            "Atelier Lyonnais;France;1 234;45,5;1 234,56;EUR;45,764;4,8357\n"
            "Textiles du Maroc;Maroc;310;62;98.765,40;MAD;33,5731;-7,5898\n"
        ).encode(),
    )
    write(
        "tabs.tsv",
        (b"Supplier\tCountry\tHeadcount\nAcme, Inc.\tUSA\t40\nBeta Mills\tIndia\t1,500\n"),
    )
    write(
        "pipes.txt",
        (b"Vendor Name|Country Code|Tags\nGamma Cocoa|CI|cocoa, organic\nDelta Farms|GH|cocoa; fair trade\n"),
    )
    write(
        "title_rows.csv",
        (
            b"Supplier list 2024,,,\n"
            b"Prepared by Procurement,,,\n"
            b",,,\n"
            b"\n"
            b"Supplier name,Country,Employees,Tier\n"
            b"Omega Leather,Pakistan,220,1\n"
            b",,,\n"
            b"Sigma Tannery,Pakistan,75,2\n"
        ),
    )
    write(
        "french_headers.csv",
        (
            "Raison sociale;Pays;Nombre d'employés;% femmes;Date de début\n"
            "Coton du Bénin;Bénin;500;38 %;01/02/2021\n"
        ).encode(),
    )
    write(
        "spanish_headers.csv",
        (
            "Nombre del proveedor,País,Número de trabajadores,% mujeres,Fecha de inicio\n"
            "Flores de Colombia SAS,Colombia,640,71,15/03/2020\n"
        ).encode(),
    )
    write(
        "portuguese_headers.csv",
        (
            "Razão social;País;Funcionários;% mulheres;Data de início\n"
            "Café do Cerrado Ltda;Brasil;95;22,5;2019-07-01\n"
        ).encode(),
    )
    write(
        "german_headers.csv",
        (
            "Lieferantenname;Land;Anzahl Mitarbeiter;Frauenanteil;Einkaufsvolumen;Währung\n"
            "Müller Metallbau GmbH;Deutschland;1.250;30%;2.500.000,00;EUR\n"
        ).encode(),
    )
    write(
        "bad_rows.csv",
        (
            b"Supplier name,Country,Employees,% women,Website,Latitude,Longitude\n"
            b"Good Supplier,Kenya,100,40%,good.example.com,-1.29,36.82\n"  # row 2: valid
            b"Wardrobe Traders,Narnia,10,,,,\n"  # row 3: unknown country
            b"Minus Ltd,Kenya,-5,,,,\n"  # row 4: negative headcount
            b"Over Ltd,Kenya,10,150,,,\n"  # row 5: share above 100%
            b"Bad Web Ltd,Kenya,10,,not a website,,\n"  # row 6: website
            b"Half Map Ltd,Kenya,10,,,12.5,\n"  # row 7: latitude without longitude
            b",Kenya,10,,,,\n"  # row 8: no supplier name
            b"Also Good,Uganda,55,0.5,,,\n"  # row 9: valid
        ),
    )
    write(
        "injection.csv",
        (
            "Supplier name,Country,Tags\n"
            '"<script>alert(1)</script> Ltd",France,"<b>x</b>"\n'
            '"=HYPERLINK(""http://evil.example"",""click"")",France,\n'
            "Zero\u200bWidth\u202eEvil,France,\n"
        ).encode("utf-8"),
    )
    write(
        "quoted_newline.csv",
        (
            b"Supplier name,Address,Country\n"
            b'"Kappa Shoes","12 Industrial Road\nUnit 4\nGuangzhou",China\n'
            b"Lambda Toys,5 Harbour St,China\n"
        ),
    )
    write("empty.csv", b"")
    write("old_excel.xlsx", bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504)
    write("report.pdf.csv", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")


def _save(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_cached_value(data: bytes, formula: str, cached: str) -> bytes:
    """openpyxl cannot store a formula's cached result; Excel does. Patch it in."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    f"<f>{formula}</f><v></v>".encode(), f"<f>{formula}</f><v>{cached}</v>".encode()
                ).replace(f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{cached}</v>".encode())
            target.writestr(item, content)
    return out.getvalue()


def workbooks() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Suppliers"
    ws["A1"] = "Supplier register — FY2024"
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["Supplier name", "Country", "Employees", "Start date", "Notes"])
    ws.append(["Epsilon Apparel", "Cambodia", 1500.0, date(2021, 3, 4), "int stored as float"])
    ws.append(["Zeta Foods", "Ghana", None, date(2019, 12, 31), None])
    ws["C5"] = "=1+1"  # formula with a cached value patched in below
    ws.append(["Eta Metals", "Peru", 12, "2022-01-15", None])
    ws["E6"].value = '=HYPERLINK("http://evil.example","click")'
    ws["E6"].data_type = "s"  # stored as text, as a user typing into a text cell would
    write("workbook.xlsx", _with_cached_value(_save(wb), "1+1", "2"))

    wb = openpyxl.Workbook()
    readme = wb.active
    assert readme is not None
    readme.title = "Instructions"
    readme.append(["How to fill in this template"])
    readme.append(["Supplier name", "The legal name of the supplier"])
    readme.append(["Country", "ISO code or English name"])
    data = wb.create_sheet("Data")
    data.append(["Supplier", "Country", "Workers", "Tier", "Sells to"])
    data.append(["Theta Spinning", "IN", 900, 2, "Beta Mills"])
    data.append(["Beta Mills", "India", 1500, 1, None])
    write("instructions_first.xlsx", _save(wb))

    complete = (HERE / "workbook.xlsx").read_bytes()
    write("corrupt.xlsx", complete[: len(complete) // 2])


if __name__ == "__main__":
    text_files()
    workbooks()
