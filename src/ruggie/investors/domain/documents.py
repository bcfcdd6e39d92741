"""A company's published document as sentences with page numbers.

PDFs are read with pypdf, page by page; a PDF whose pages carry (almost) no text is a scan
and is reported as needing OCR rather than assessed as empty. HTML keeps its visible text
(no scripts or styles); plain text is decoded by what its bytes say (charset-normalizer).
Sentences are split on sentence ends and on line breaks that start a list item, without
breaking "Pty. Ltd." or "e.g." apart.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from charset_normalizer import from_bytes
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ruggie.core.errors import UserFacingError

MIN_CHARS_PER_PAGE = 40  # fewer on average: the PDF is images of pages (a scan)
_ABBREVIATIONS = (
    "pty",
    "ltd",
    "co",
    "inc",
    "no",
    "e.g",
    "i.e",
    "etc",
    "mr",
    "ms",
    "dr",
    "st",
    "vs",
    "approx",
    "p.a",
)
_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_BULLET = re.compile(r"\n\s*(?:[-•▪◦*●]|\d{1,2}[.)]|[a-z][.)])\s+")
_SPACES = re.compile(r"[ \t\u00a0]+")


class DocumentRefused(UserFacingError):
    pass


@dataclass(frozen=True)
class Sentence:
    page: int  # 1-based; 1 for HTML and text
    index: int  # order in the document
    text: str


@dataclass(frozen=True)
class Document:
    kind: str  # pdf, html, text
    pages: tuple[str, ...]
    needs_ocr: bool = False


def read_document(data: bytes, filename: str = "") -> Document:
    if not data:
        raise DocumentRefused("The file is empty.")
    if data.startswith(b"%PDF-"):
        return _pdf(data)
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or filename.lower().endswith((".html", ".htm")):
        return Document("html", (_html(_decode(data)),))
    if b"\x00" in data[:4096]:
        raise DocumentRefused("This file type cannot be read. Send the statement as PDF, HTML or text.")
    return Document("text", (_decode(data),))


def _decode(data: bytes) -> str:
    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("utf-8", errors="replace")


def _pdf(data: bytes) -> Document:
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = tuple((page.extract_text() or "") for page in reader.pages)
    except (PdfReadError, OSError, ValueError, KeyError):
        raise DocumentRefused("The PDF is damaged or protected. Save it again without a password.") from None
    chars = sum(len(p.strip()) for p in pages)
    return Document("pdf", pages, needs_ocr=bool(pages) and chars < MIN_CHARS_PER_PAGE * len(pages))


class _Visible(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg"})
    _BREAK = frozenset(
        {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAK:
            self.parts.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _html(text: str) -> str:
    parser = _Visible()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def _protect(text: str) -> str:
    for abbreviation in _ABBREVIATIONS:
        text = re.sub(rf"\b({re.escape(abbreviation)})\.(?=\s)", r"\1<dot>", text, flags=re.IGNORECASE)
    return text


def sentences(document: Document) -> list[Sentence]:
    out: list[Sentence] = []
    for number, page in enumerate(document.pages, start=1):
        text = _BULLET.sub("\n\n", page.replace("\r", "\n"))
        # A line break inside a paragraph is layout, not meaning (PDF lines are cut anywhere).
        for block in re.split(r"\n\s*\n", text):
            flat = _SPACES.sub(" ", block.replace("\n", " ")).strip()
            if not flat:
                continue
            for piece in _END.split(_protect(flat)):
                piece = piece.replace("<dot>", ".").strip()
                if len(piece) >= 3 and any(ch.isalpha() for ch in piece):
                    out.append(Sentence(number, len(out), piece))
    return out
