"""A PDF whose text layer is junk (its font maps glyphs to no letters: Identity-H without ToUnicode, as some PDF
printers and online converters write) is read by OCR, page by page where only some pages are junk, as a scan is.
Real files written here (DejaVu embedded as glyph numbers), the real readers, Debian's OCR, the shipped rules."""

from __future__ import annotations

from pathlib import Path

import documents as d
import pytest

from intake.adapters.extract import extract
from intake.adapters.ocr import ocr_available
from intake.adapters.rulefiles import load_rules
from intake.core.classify import PIECE, classify_attachment
from intake.core.message import Attachment
from intake.core.text import fold, garbled
from intake.pipeline.read import read_files

RULES = load_rules(Path(__file__).resolve().parents[2] / "rules")


@pytest.fixture(autouse=True)
def needs_ocr():
    if not ocr_available():
        pytest.fail("OCR is not installed: run `bash scripts/test.sh` (tesseract-ocr-fra, poppler-utils)")


def test_a_letter_whose_text_layer_is_junk_is_read_by_ocr():
    content = d.pdf_glyph_numbers(d.LETTER_LINES)
    import io

    import pypdf

    assert garbled(pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text())  # what the text layer holds
    e = extract(content, "pdf")
    assert e.read and e.method == "pdf-ocr" and not e.error, e
    assert "monsieur le maire" in fold(e.text) and "0RQVLHXU" not in e.text, e.text


def test_its_ocr_waits_until_it_can_change_the_decision():
    e = extract(d.pdf_glyph_numbers(d.LETTER_LINES), "pdf", defer_ocr=True)
    assert e.needs_ocr and e.read and not e.text.strip(), e


def test_only_the_junk_page_is_read_by_ocr():
    """The dossier typed in Writer, then the letter printed to PDF by another program: the dossier's text as written,
    the letter's page by OCR."""
    content = d.pdf_pages(d.pdf_text(d.DOSSIER_LINES), d.pdf_glyph_numbers(d.LETTER_LINES))
    e = extract(content, "pdf")
    assert e.read and e.pages == 2 and not e.error, e
    text = fold(e.text)
    assert "titre du projet" in text and "monsieur le maire" in text and "0RQVLHXU" not in e.text, e.text


def test_the_letter_printed_with_junk_text_is_the_letter():
    content = d.pdf_glyph_numbers(d.LETTER_LINES)
    attachment = Attachment(filename="Document.pdf", content=content, declared_type="", inline=False)
    v = classify_attachment(attachment, RULES, read_files([attachment])[attachment.sha256])
    assert v.outcome == PIECE and v.kind == "courrier" and "monsieur le maire" in v.evidence, v.evidence
