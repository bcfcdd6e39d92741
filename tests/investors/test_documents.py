"""Reading a company's statement into sentences with page numbers, and the frameworks."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfWriter

from ruggie.investors.domain.documents import DocumentRefused, read_document, sentences
from ruggie.investors.domain.frameworks import AIMS_LABELS, frameworks


def _pdf_with_text(pages: list[str]) -> bytes:
    """A real PDF with a text layer (pypdf writes the content stream)."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for text in pages:
        page = writer.add_blank_page(595, 842)
        stream = DecodedStreamObject()
        lines = "".join(f"({line}) Tj 0 -14 Td " for line in text.split("\n"))
        stream.set_data(f"BT /F1 10 Tf 40 800 Td {lines} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_becomes_sentences_with_their_pages() -> None:
    data = _pdf_with_text(
        [
            "Acme Pty. Ltd. is a retailer of clothing.",
            "We audited 40 suppliers in 2025. Two had passport retention.\nWe repaid recruitment fees.",
        ]
    )
    document = read_document(data, "statement.pdf")
    assert document.kind == "pdf" and not document.needs_ocr and len(document.pages) == 2
    found = [(s.page, s.text) for s in sentences(document)]
    assert found[0] == (1, "Acme Pty. Ltd. is a retailer of clothing.")
    assert (2, "Two had passport retention.") in found
    assert any(page == 2 and "repaid recruitment fees" in text for page, text in found)


def test_a_scanned_pdf_is_reported_as_needing_ocr_not_as_empty() -> None:
    image = Image.new("RGB", (200, 300), "white")
    out = io.BytesIO()
    image.save(out, format="PDF")
    document = read_document(out.getvalue(), "scan.pdf")
    assert document.needs_ocr and sentences(document) == []


def test_html_keeps_visible_text_and_lists_become_sentences() -> None:
    html = (
        b"<html><head><style>p{color:red}</style><script>var x='Hidden sentence.'</script></head>"
        b"<body><h1>Modern Slavery Statement</h1><p>This statement was approved by the Board on 1 May 2026."
        b"</p><ul><li>Supplier code of conduct</li><li>Grievance hotline for workers</li></ul></body></html>"
    )
    texts = [s.text for s in sentences(read_document(html, "s.html"))]
    assert "This statement was approved by the Board on 1 May 2026." in texts
    assert "Grievance hotline for workers" in texts and not any("Hidden" in t for t in texts)


def test_text_in_any_encoding_and_refusals() -> None:
    latin1 = "Nous avons formé 120 employés. Les risques sont évalués chaque année.".encode("latin-1")
    texts = [s.text for s in sentences(read_document(latin1, "s.txt"))]
    assert texts == ["Nous avons formé 120 employés.", "Les risques sont évalués chaque année."]
    for bad in (b"", b"MZ\x00\x00\x90binary"):
        with pytest.raises(DocumentRefused):
            read_document(bad, "x.bin")
    with pytest.raises(DocumentRefused, match="damaged"):
        read_document(b"%PDF-1.7 not really", "x.pdf")


def test_the_four_frameworks_and_their_evidence_labels() -> None:
    found = frameworks()
    assert set(found) == {"au_msa", "uk_msa", "ca_s211", "ungp_hrdd"}
    assert len(found["ca_s211"].criteria) == 7 and len(found["ungp_hrdd"].criteria) == 8
    assert all(set(c.labels) <= set(AIMS_LABELS) and c.labels for f in found.values() for c in f.criteria)
