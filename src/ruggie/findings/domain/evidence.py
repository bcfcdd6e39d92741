"""What kind of file a piece of evidence is, decided by its content, never by its name.

Evidence of a corrective action is a photo, a scanned document, a spreadsheet or a
PDF. Files are accepted only when their first bytes say they are one of those
(a ``.pdf`` name on an executable is refused), and they are always served back
as downloads with the type decided here.
"""

from __future__ import annotations

import io
import zipfile

from ruggie.core.errors import UserFacingError

ALLOWED = "PDF, JPEG, PNG, WebP, Word (.docx), Excel (.xlsx), CSV or plain text"


class EvidenceRefused(UserFacingError):
    pass


def sniff(data: bytes) -> tuple[str, str]:
    """(content type, extension) of an evidence file, or EvidenceRefused saying what is accepted."""
    if not data:
        raise EvidenceRefused("The file is empty.")
    if data.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", ".webp"
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    if b"\x00" not in data[:8192]:
        try:
            data[:65536].decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < 65532:  # a multi-byte character cut at the sample's end is fine
                raise EvidenceRefused(f"This file type is not accepted. Upload {ALLOWED}.") from None
        return "text/plain; charset=utf-8", ".txt"
    raise EvidenceRefused(f"This file type is not accepted. Upload {ALLOWED}.")


def _office(data: bytes) -> tuple[str, str]:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise EvidenceRefused("This file is a damaged archive. Save it again and upload it.") from None
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
    raise EvidenceRefused(
        f"Zip archives are not accepted (their content cannot be checked). Upload {ALLOWED}."
    )
