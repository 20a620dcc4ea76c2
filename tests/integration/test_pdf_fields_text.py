"""A PDF whose writing is only in its form fields (a blank page with a text field the applicant typed the letter in:
Acrobat's « Préparer un formulaire » names it « Texte1 ») or in text boxes added on the page (macOS Preview's « Zone
de texte », Acrobat's « Ajouter du texte » on a letterhead: FreeText annotations) is read by those words, as a page's
own text is. Real PDFs written here (reportlab's AcroForm, pypdf's annotations), the real reader, the shipped rules."""

from __future__ import annotations

import io
from pathlib import Path

import documents as d

from intake.adapters.extract import extract
from intake.adapters.rulefiles import load_rules
from intake.core.classify import PIECE, classify_attachment
from intake.core.message import Attachment
from intake.core.text import fold

RULES = load_rules(Path(__file__).resolve().parents[2] / "rules")
LETTER = " ".join(d.LETTER_LINES)


def with_text_boxes(pdf: bytes, lines: list[str]) -> bytes:
    """`pdf` with one FreeText annotation a line on its first page, as Preview adds a text box."""
    import pypdf
    from pypdf.annotations import FreeText

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    for n, line in enumerate(lines):
        writer.add_annotation(page_number=0, annotation=FreeText(text=line, rect=(60, 700 - 20 * n, 540, 718 - 20 * n),
                                                                 font_size="11pt"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def verdict(content: bytes):
    attachment = Attachment(filename="Document.pdf", content=content, declared_type="", inline=False)
    return classify_attachment(attachment, RULES, extract(content, "pdf", ocr=False))


def test_a_letter_typed_in_a_form_field_is_the_letter():
    content = d.pdf_form({"Texte1": LETTER})
    e = extract(content, "pdf", ocr=False)
    assert e.form_fields == {"Texte1": LETTER} and "monsieur le maire" in fold(e.text), e
    v = verdict(content)
    assert v.outcome == PIECE and v.kind == "courrier", v.evidence


def test_a_letter_typed_in_text_boxes_on_a_letterhead_is_the_letter():
    letterhead = d.pdf_text(["Association Les Jardins du Quartier - 12 rue des Fleurs, 62400 Béthune"])
    content = with_text_boxes(letterhead, d.LETTER_LINES)
    e = extract(content, "pdf", ocr=False)
    assert e.read and "monsieur le maire" in fold(e.text) and "Association Les Jardins" in e.text, e
    v = verdict(content)
    assert v.outcome == PIECE and v.kind == "courrier", v.evidence
