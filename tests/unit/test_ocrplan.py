"""Which files are OCR'd: only those whose text can change the message's outcome (core/ocrplan.py)."""

import dataclasses
from pathlib import Path

from intake.adapters.rulefiles import load_rules
from intake.commands import samples
from intake.core.classify import classify_attachment
from intake.core.content import Extracted
from intake.core.message import Attachment
from intake.core.ocrplan import plan_ocr

RULES = load_rules(Path(__file__).resolve().parents[2] / "rules")  # pieces.toml and fields.toml
TEXT = Extracted(text="Dossier d'intention : titre du projet, description du projet, porteur du projet", read=True)
PAGE = Extracted(method="image", read=True, needs_ocr=True)  # a picture that can be a page, not OCR'd yet
SCAN = Extracted(method="pdf-image", pages=1, read=True, needs_ocr=True)  # a scan whose page renders


def plan(*files: tuple[str, bytes, Extracted], rules=RULES):
    atts = [Attachment(filename=name, content=content, declared_type="", inline=False) for name, content, _ in files]
    contents = {a.sha256: c for a, (_, _, c) in zip(atts, files, strict=True)}
    verdicts = [classify_attachment(a, rules, contents[a.sha256]) for a in atts]
    todo, why_not = plan_ocr(verdicts, contents, rules)
    return {a.filename: ("ocr" if a.sha256 in todo else why_not.get(a.sha256, "no ocr needed")) for a in atts}


def jpeg(n: int) -> bytes:
    return samples.jpeg() + bytes([n]) * 30_000  # distinct files, same real type


def test_nothing_is_ocrd_when_the_cheap_evidence_settles_every_required_kind():
    got = plan(("dossier.docx", samples.docx(), TEXT), ("courrier maire.pdf", samples.pdf() + b"1", SCAN),
               ("IMG_1.jpg", jpeg(1), PAGE))
    assert got["dossier.docx"] == "no ocr needed"
    assert "son nom le désigne comme « courrier officiel adressé au Maire »" in got["courrier maire.pdf"]
    assert "reconnu « documents complémentaires et visuels » sans lui" in got["IMG_1.jpg"]


def test_a_page_picture_is_ocrd_when_a_kind_it_could_be_is_missing():
    got = plan(("dossier.docx", samples.docx(), TEXT), ("IMG_1.jpg", jpeg(1), PAGE), ("IMG_2.jpg", jpeg(2), PAGE))
    assert got["IMG_1.jpg"] == got["IMG_2.jpg"] == "ocr"  # either may be the letter


def test_a_file_named_for_its_kind_is_not_ocrd_to_look_for_another_missing_kind():
    got = plan(("dossier.docx", samples.docx(), TEXT), ("courrier maire.pdf", samples.pdf() + b"1", SCAN))
    assert "son nom le désigne" in got["courrier maire.pdf"]  # the visuals are missing: it is still the letter


def test_a_file_the_rules_cannot_settle_without_its_text_is_ocrd():
    got = plan(("dossier.docx", samples.docx(), TEXT), ("lettre au maire.jpg", jpeg(1), PAGE),  # courrier or visuel?
               ("scan_0001.pdf", samples.pdf() + b"2", SCAN), ("IMG_3.jpg", jpeg(3), PAGE))
    assert got["lettre au maire.jpg"] == "ocr" and got["scan_0001.pdf"] == "ocr"


def test_a_scanned_dossier_is_ocrd_for_its_fields_only_when_the_rules_read_fields():
    files = (("dossier.pdf", samples.pdf(), SCAN), ("courrier.docx", samples.docx(), dataclasses.replace(
        TEXT, text="Monsieur le Maire, j'ai l'honneur de solliciter")), ("IMG_1.jpg", jpeg(1), PAGE))
    assert RULES.fields and plan(*files)["dossier.pdf"] == "ocr"
    assert plan(*files, rules=dataclasses.replace(RULES, fields=()))["dossier.pdf"] != "ocr"


def test_files_that_need_no_ocr_are_not_in_the_plan():
    got = plan(("dossier.docx", samples.docx(), TEXT), ("IMG_1.jpg", jpeg(1), Extracted(method="image", read=True)))
    assert got == {"dossier.docx": "no ocr needed", "IMG_1.jpg": "no ocr needed"}
