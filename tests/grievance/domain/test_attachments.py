"""Attachments: accepted by content and cleaned of what could identify the reporter."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from ruggie.grievance.domain.attachments import AttachmentRefused, clean


def _photo_with_gps() -> bytes:
    img = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber
    exif[0x0112] = 6  # Orientation: rotated
    exif.get_ifd(0x8825)[2] = (23.0, 48.0, 0.0)  # GPSLatitude
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_loses_its_exif_and_gps_but_stays_upright() -> None:
    raw = _photo_with_gps()
    assert b"SERIAL-123456" in raw
    cleaned, content_type, ext = clean(raw, "photo.jpg")
    assert (content_type, ext) == ("image/jpeg", ".jpg")
    assert b"SERIAL-123456" not in cleaned and b"PhoneMaker" not in cleaned and b"Exif" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as img:
        assert img.size == (20, 40)  # the orientation tag was applied, then dropped
        assert not img.getexif()


def test_a_png_loses_its_text_chunks() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Nguyen Van A")
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, format="PNG", pnginfo=info)
    cleaned, content_type, _ = clean(out.getvalue(), "x.png")
    assert content_type == "image/png" and b"Nguyen" not in cleaned


def test_a_pdf_loses_its_author() -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Rahima Khatun", "/Creator": "Office on HR-PC-7"})
    out = io.BytesIO()
    writer.write(out)
    cleaned, content_type, _ = clean(out.getvalue(), "letter.pdf")
    assert content_type == "application/pdf" and b"Rahima" not in cleaned and b"HR-PC-7" not in cleaned
    assert len(PdfReader(io.BytesIO(cleaned)).pages) == 1


def test_a_word_file_loses_its_author_but_keeps_its_text() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>wages unpaid</w:document>")
        z.writestr(
            "docProps/core.xml", "<cp:coreProperties><dc:creator>Somchai</dc:creator></cp:coreProperties>"
        )
    cleaned, _, ext = clean(out.getvalue(), "note.docx")
    with zipfile.ZipFile(io.BytesIO(cleaned)) as z:
        assert ext == ".docx" and b"Somchai" not in z.read("docProps/core.xml")
        assert z.read("word/document.xml") == b"<w:document>wages unpaid</w:document>"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "not accepted"),  # a Windows program named photo.jpg
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "damaged"),  # a JPEG header with nothing behind it
        (b"\x7fELF" + b"\x00" * 100, "not accepted"),
        (b"", "empty"),
    ],
)
def test_disguised_programs_and_broken_files_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(AttachmentRefused, match=reason):
        clean(data, "photo.jpg")


def test_oversized_files_are_refused_before_reading() -> None:
    with pytest.raises(AttachmentRefused, match="10 MB"):
        clean(b"%PDF-" + b"0" * (10 * 1024 * 1024), "big.pdf")
