"""What was read inside a file: a value made by adapters/extract.py and read by the classifier."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Extracted:
    text: str = ""  # the document's text (from its text layer, or OCR), bounded
    pages: int | None = None
    method: str = "none"  # pdf-text, pdf-ocr, image-ocr, docx, pptx, odt, odp, ods, rtf, doc, txt, none
    encrypted: bool = False  # protected by a password: a human opens it
    ocr_unavailable: bool = False  # needs OCR (scan, photo of a page) and OCR is not installed
    form_fields: dict[str, str] = field(default_factory=dict)  # AcroForm / Word / LibreOffice form fields
    macros: bool = False  # macro-enabled document: never a piece
    error: str = ""  # why it could not be read ("" : it could)
    truncated: bool = False  # the text, or the pages read, were cut at the limits
    read: bool = False  # a reader understood the file and found what it holds (text, fields, slides, pixels):
    #                     only such a file can count as a piece (never on its name alone)
    needs_ocr: bool = False  # its text can only come from OCR (a page's photo or scan), which was not run yet
    not_ocr: str = ""  # why no OCR was run on it (French, for `intake explain`): "" when it was, or needs none
    pixels: tuple[int, int] | tuple[()] = ()  # a picture's width and height, () when not known
