"""A labelled corpus, built at test time, through the real readers (text, OCR) and the shipped rules.

Every piece must be recognised as its kind or sent to review; never mislabelled. Every decoy must be
rejected (not a piece). A confusion table is printed (pytest -s shows it).
"""

from __future__ import annotations

from pathlib import Path

import documents as d
import pytest

from intake.adapters.ocr import ocr_available
from intake.adapters.rulefiles import load_rules
from intake.core.classify import PIECE, SKIPPED, classify_attachment
from intake.core.message import Attachment
from intake.pipeline.read import read_files

RULES = load_rules(Path(__file__).resolve().parents[2] / "rules")
DECOY = "leurre"


def corpus() -> list[tuple[str, str, bytes, bool]]:
    """(expected kind or DECOY, file name, content, inline)."""
    return [
        ("dossier", "Projet jardin.docx", d.docx(d.DOSSIER_LINES), False),
        ("dossier", "document.odt", d.odt(d.DOSSIER_LINES), False),
        ("dossier", "document.pdf", d.pdf_text(d.DOSSIER_LINES), False),
        ("dossier", "formulaire rempli.pdf",
         d.pdf_form({"Titre du projet": "Vélos partagés", "Structure porteuse": "Asso Vélo"},
                    ["Dossier d'intention - Label Béthune Smart City", "Description du projet", "Critères"]),
         False),
        ("dossier", "scan_0002.pdf", d.scan_pdf(d.DOSSIER_LINES), False),
        ("courrier", "lettre.pdf", d.pdf_text(d.LETTER_LINES), False),
        ("courrier", "scan_0001.pdf", d.scan_pdf(d.LETTER_LINES), False),
        ("courrier", "IMG_0042.jpg", d.photo_of_page(d.LETTER_LINES), False),
        ("courrier", "Document1.docx", d.docx(d.LETTER_LINES), False),
        ("courrier", "IMG-20261203-WA0004.webp", d.picture_as(d.photographed_page(d.LETTER_LINES), "WEBP", quality=70),
         False),
        ("courrier", "lettre.png", d.ink_on_transparent(d.photo_of_page(d.LETTER_LINES)), False),
        ("courrier", "Document.pdf", d.pdf_glyph_numbers(d.LETTER_LINES), False),
        ("courrier", "Lettre.pdf", d.pdf_form({"Texte1": " ".join(d.LETTER_LINES)}), False),
        ("visuels", "IMG_1234.JPG", d.photo(), False),
        ("visuels", "PXL_20261203_101500.avif", d.picture_as(d.photo(), "AVIF", quality=60), False),
        ("visuels", "vue.bmp", d.picture_as(d.photo(), "BMP"), False),
        ("visuels", "vue aérienne.png", d.png_image(), False),
        ("visuels", "plaquette.pdf", d.pdf_text(d.BROCHURE_LINES), False),
        ("visuels", "presentation.pptx", d.pptx(["Jardins partagés du quartier", "Les bacs en juin",
                                                 "Bilan de la première saison"]), False),
        (DECOY, "document2.pdf", d.pdf_text(d.INVOICE_LINES), False),
        (DECOY, "CV Marie Dupont.pdf", d.pdf_text(d.CV_LINES), False),
        (DECOY, "odj.docx", d.docx(d.AGENDA_LINES), False),
        (DECOY, "newsletter.pdf", d.pdf_text(d.NEWSLETTER_LINES), False),
        (DECOY, "image001.png", d.logo_png(), True),
        (DECOY, "invitation.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
         False),
    ]


def test_every_piece_is_recognised_or_reviewed_and_every_decoy_rejected():
    if not ocr_available():
        pytest.fail("OCR is not installed: run `bash scripts/test.sh` (it installs tesseract-ocr-fra and poppler)")
    rows = corpus()
    files = [Attachment(filename=name, content=content, declared_type="", inline=inline)
             for _, name, content, inline in rows]
    contents = read_files(files)
    columns = ("dossier", "courrier", "visuels", "review", "rejected")
    table = {label: dict.fromkeys(columns, 0) for label in ("dossier", "courrier", "visuels", DECOY)}
    wrong = []
    for (expected, name, _, _), att in zip(rows, files, strict=True):
        v = classify_attachment(att, RULES, contents[att.sha256])
        got = v.kind if v.outcome == PIECE else "rejected" if v.outcome == SKIPPED else "review"
        table[expected][got] += 1
        ok = got in (expected, "review") if expected != DECOY else got == "rejected"
        if not ok:
            wrong.append(f"{name}: expected {expected}, got {got} ({v.evidence})")
    print("\nexpected \\ got  " + "".join(f"{c:>10}" for c in columns))  # shown with pytest -s, or on failure
    for label, counts in table.items():
        print(f"{label:<15} " + "".join(f"{counts[c]:>10}" for c in columns))
    assert wrong == []
    recognised = sum(table[k][k] for k in ("dossier", "courrier", "visuels"))
    assert recognised == 19, table  # every piece is recognised outright, none just sent to review


def test_a_presentation_without_a_slide_is_not_a_piece():
    """The corpus once held a bare PPTX package (no slide): nothing to look at is never a visual (issue 8)."""
    att = Attachment(filename="presentation.pptx", content=d.pptx(), declared_type="", inline=False)
    v = classify_attachment(att, RULES, read_files([att])[att.sha256])
    assert v.outcome != PIECE and "non lu, à vérifier" in v.evidence
