"""Files a reporter attaches: accepted by content, never by name, and cleaned of what could
say who took them (EXIF GPS and camera serials in photos, author fields in documents)."""

from __future__ import annotations

import io
import zipfile

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from ruggie.core.errors import UserFacingError
from ruggie.findings.domain.evidence import EvidenceRefused, sniff

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded


class AttachmentRefused(UserFacingError):
    pass


def clean(data: bytes, name: str = "file") -> tuple[bytes, str, str]:
    """(cleaned bytes, content type, extension) or AttachmentRefused with what to do instead."""
    if len(data) > MAX_BYTES:
        raise AttachmentRefused(f"{name}: larger than 10 MB. Send a smaller photo or document.")
    try:
        content_type, extension = sniff(data)
    except EvidenceRefused as exc:
        raise AttachmentRefused(f"{name}: {exc.message}") from None
    if content_type.startswith("image/"):
        return _image(data, name), content_type, extension
    if content_type == "application/pdf":
        return _pdf(data, name), content_type, extension
    if extension in (".docx", ".xlsx"):
        return _office(data), content_type, extension
    return data, content_type, extension


def _image(data: bytes, name: str) -> bytes:
    """Decode and encode again: only the pixels survive (turned upright first, since the
    orientation tag goes with the rest of the metadata)."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > MAX_PIXELS:
                raise AttachmentRefused(f"{name}: the picture is too large. Send a smaller one.")
            fmt = img.format or "PNG"
            upright = ImageOps.exif_transpose(img)
            if upright.mode in ("P", "PA"):
                upright = upright.convert("RGBA")
            # A new image from the raw pixels carries no info, EXIF, XMP, ICC or text chunks.
            pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())
            if fmt == "JPEG" and pixels.mode not in ("RGB", "L"):
                pixels = pixels.convert("RGB")
            out = io.BytesIO()
            pixels.save(out, format=fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise AttachmentRefused(f"{name}: the picture is damaged. Take it again and send it.") from None


def _pdf(data: bytes, name: str) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(data))
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.metadata = None  # the document information dictionary: author, creator, dates
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except (PdfReadError, OSError, ValueError, KeyError):
        raise AttachmentRefused(f"{name}: the PDF is damaged. Save it again and send it.") from None


_EMPTY_PROPS = {
    "docProps/core.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>',
    "docProps/app.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>',
    "docProps/custom.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>',
}


def _office(data: bytes) -> bytes:
    """Word and Excel files with their properties emptied (author, last modified by, company):
    the parts stay, empty, so the package's relationships still resolve."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = _EMPTY_PROPS.get(item.filename)
            dst.writestr(item.filename, body if body is not None else src.read(item.filename))
    return out.getvalue()
