"""OCR only where its text can change the decision, only on pictures that can be a page, at the size it needs.

Real readers and Debian's OCR tools (tesseract-ocr-fra, poppler-utils), the shipped rules.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import documents as d
import pytest
from PIL import Image

from intake.adapters import ocr as ocr_mod
from intake.adapters.extract import extract
from intake.adapters.ocr import ocr_available, page_test
from intake.adapters.rulefiles import load_rules
from intake.core.classify import PIECE, classify_attachment
from intake.core.message import Attachment
from intake.core.text import fold
from intake.pipeline.read import read_files, read_files_by_hand

RULES = load_rules(Path(__file__).resolve().parents[2] / "rules")


@pytest.fixture(autouse=True)
def needs_ocr():
    if not ocr_available():
        pytest.fail("OCR is not installed: run `bash scripts/test.sh` (tesseract-ocr-fra, poppler-utils)")


def thumb(content: bytes):
    return ocr_mod._thumbnail(Image.open(io.BytesIO(content)))


def jpeg(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


# --------------------------------------------------------------------------- can it be a page?
def test_photos_and_scans_of_pages_pass_the_page_test_and_photos_of_things_do_not():
    pages = {"scan": d.photo_of_page(d.LETTER_LINES), "dossier": d.photo_of_page(d.DOSSIER_LINES),
             "on a table": d.photographed_page(d.LETTER_LINES),
             "dim room": d.photographed_page(d.LETTER_LINES, light=0.55),
             "landscape frame": d.photographed_page(d.LETTER_LINES, portrait=False),
             "sideways with EXIF": d.photographed_page(d.LETTER_LINES, exif_rotated=True)}
    for name, content in pages.items():
        assert page_test(thumb(content)) == "", name
    noise = Image.frombytes("RGB", (1500, 1000), random.Random(1).randbytes(1500 * 1000 * 3))
    blank = Image.new("L", (1240, 1754), 250)
    panorama = d._page_image(d.LETTER_LINES, size=(4000, 1200))
    things = {"photo": d.photo(), "large photo": d.photo(size=(2400, 1800), seed=1), "picture": d.png_image(),
              "noise": jpeg(noise), "blank sheet": jpeg(blank), "panorama": jpeg(panorama)}
    for name, content in things.items():
        assert page_test(thumb(content)) != "", name


def test_a_picture_that_cannot_be_a_page_is_never_ocrd_and_says_why():
    e = extract(d.photo(size=(2400, 1800)), "jpg")
    assert e.read and e.method == "image" and e.text == "" and "ne ressemble pas à une page" in e.not_ocr


def test_the_page_test_waits_until_ocr_can_matter_and_a_photo_of_a_thing_is_never_ocrd():
    """The first, cheap reading only checks that a picture decodes; whether it can be a page is asked with its
    OCR, when its text could change the decision: a photo of a thing is then still never OCR'd."""
    e = extract(d.photo(size=(2400, 1800)), "jpg", defer_ocr=True)
    assert e.read and e.needs_ocr and e.text == "" and e.not_ocr == ""  # not tested yet
    broken = d.photo(size=(2400, 1800))[:30_000]  # a truncated JPEG: its pixels do not decode
    assert not extract(broken, "jpg", defer_ocr=True).read
    reading = read_files_by_hand([("Dossier.docx", d.docx(d.DOSSIER_LINES)), ("IMG_0007.jpg", d.photo())], RULES)
    photo = reading.contents[reading.msg.attachments[1].sha256]  # the letter is missing: it could be its photo
    assert photo.method == "image" and photo.read and "ne ressemble pas à une page" in photo.not_ocr
    reading = read_files_by_hand([("Dossier.docx", d.docx(d.DOSSIER_LINES)), ("Lettre.pdf", d.pdf_text(
        d.LETTER_LINES)), ("IMG_0007.jpg", d.photo())], RULES)
    photo = reading.contents[reading.msg.attachments[2].sha256]  # nothing is missing: never tested
    assert photo.read and "ne changerait rien" in photo.not_ocr


def test_a_large_picture_is_given_the_page_test_in_the_first_reading(monkeypatch):
    """Sending a large picture to a reading process a second time would cost more memory than its page test
    costs time: it is tested at once (here the threshold is lowered to the test photo's size)."""
    content = d.photo(size=(2400, 1800))
    monkeypatch.setattr(ocr_mod, "LATE_PAGE_TEST_BYTES", len(content) - 1)
    e = extract(content, "jpg", defer_ocr=True)
    assert e.read and not e.needs_ocr and "ne ressemble pas à une page" in e.not_ocr
    page = extract(d.photo_of_page(d.LETTER_LINES), "jpg", defer_ocr=True)  # smaller: not tested yet
    assert page.read and page.needs_ocr and page.text == ""


# --------------------------------------------------------------------------- at the size tesseract needs
def test_a_large_sideways_photo_is_ocrd_upright_in_grey_at_a_bounded_size():
    content = d.photographed_page(d.LETTER_LINES, size=(8000, 6000), exif_rotated=True)
    ready = ocr_mod._ocr_ready(content)
    assert ready.mode == "L" and max(ready.size) == ocr_mod.OCR_MAX_SIDE
    assert ready.size[1] > ready.size[0]  # upright: the page stands
    e = extract(content, "jpg")
    assert e.method == "image-ocr" and "monsieur le maire" in fold(e.text)


# --------------------------------------------------------------------------- only where it can change the outcome
def files_of(*named: tuple[str, bytes]):
    return list(named)


def test_a_photo_of_a_page_is_not_ocrd_when_nothing_it_could_be_is_missing():
    reading = read_files_by_hand([("Dossier.docx", d.docx(d.DOSSIER_LINES)), ("Lettre maire.pdf", d.pdf_text(
        d.LETTER_LINES)), ("IMG_0042.jpg", d.photo_of_page(d.LETTER_LINES))], RULES)
    photo = next(v for v in reading.verdicts if v.attachment.filename == "IMG_0042.jpg")
    content = reading.contents[photo.attachment.sha256]
    assert (photo.outcome, photo.kind) == (PIECE, "visuels") and content.method == "image" and content.text == ""
    assert "ne changerait rien" in content.not_ocr and "courrier" not in content.not_ocr


def test_a_photo_of_the_missing_letter_is_ocrd_and_recognised():
    reading = read_files_by_hand([("Dossier.docx", d.docx(d.DOSSIER_LINES)), ("IMG_0007.jpg", d.photo()),
                                  ("IMG_0042.jpg", d.photographed_page(d.LETTER_LINES))], RULES)
    kinds = {v.attachment.filename: v.kind for v in reading.verdicts if v.outcome == PIECE}
    assert kinds == {"Dossier.docx": "dossier", "IMG_0007.jpg": "visuels", "IMG_0042.jpg": "courrier"}
    assert reading.contents[reading.msg.attachments[2].sha256].method == "image-ocr"


def test_a_scan_named_for_its_kind_is_not_ocrd_when_the_rest_is_there_and_an_unnamed_scan_is():
    reading = read_files_by_hand([("Dossier.docx", d.docx(d.DOSSIER_LINES)), ("courrier signé.pdf",
                                   d.scan_pdf(d.LETTER_LINES)), ("IMG_0007.jpg", d.photo())], RULES)
    scan = next(v for v in reading.verdicts if v.attachment.filename == "courrier signé.pdf")
    content = reading.contents[scan.attachment.sha256]
    assert (scan.outcome, scan.kind) == (PIECE, "courrier") and content.method == "pdf-image" and content.read
    assert "ne changerait rien" in content.not_ocr
    reading = read_files_by_hand([("Dossier.docx", d.docx(d.DOSSIER_LINES)), ("scan_0001.pdf",
                                   d.scan_pdf(d.LETTER_LINES)), ("IMG_0007.jpg", d.photo())], RULES)
    scan = next(v for v in reading.verdicts if v.attachment.filename == "scan_0001.pdf")
    assert (scan.outcome, scan.kind) == (PIECE, "courrier")
    assert reading.contents[scan.attachment.sha256].method == "pdf-ocr"


def test_a_blank_scan_is_never_a_piece_on_its_name():
    blank = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(blank, format="PDF", resolution=150)
    reading = read_files_by_hand([("Dossier.docx", d.docx(d.DOSSIER_LINES)), ("courrier.pdf", blank.getvalue()),
                                  ("IMG_0007.jpg", d.photo())], RULES)
    scan = next(v for v in reading.verdicts if v.attachment.filename == "courrier.pdf")
    assert scan.outcome != PIECE and "non lu, à vérifier" in scan.evidence


def test_each_corpus_piece_alone_is_read_as_the_full_reading_reads_it():
    """Lazy reading loses nothing: a piece alone in a message (every kind still missing) gets the verdict the
    full reading (every page-like picture OCR'd) gives it."""
    from test_recognition_corpus import corpus

    for _expected, name, content, inline in corpus():
        att = Attachment(filename=name, content=content, declared_type="", inline=inline)
        full = classify_attachment(att, RULES, read_files([att])[att.sha256])
        lazy = read_files_by_hand([(name, content)], RULES).verdicts
        if inline:  # read by hand, a file is an attachment, never an inline picture
            continue
        assert [(v.outcome, v.kind) for v in lazy] == [(full.outcome, full.kind)], name


def test_intake_explain_says_which_files_were_not_ocrd_and_why(tmp_path):
    from localsite import make_local

    from intake.commands import samples
    from intake.commands.explain import explain_file
    from intake.config import load

    raw = samples.email(sender="a@x.example", to=["n.bataillon@ville-bethune.fr"], subject="Candidature",
                        attachments=[("Dossier.docx", d.docx(d.DOSSIER_LINES), "application/octet-stream"),
                                     ("courrier signé.pdf", d.scan_pdf(d.LETTER_LINES), "application/pdf"),
                                     ("IMG_0007.jpg", d.photo(), "image/jpeg")])
    (tmp_path / "m.eml").write_bytes(raw)
    out = explain_file(load(make_local(tmp_path).config), tmp_path / "m.eml")
    assert "pas de lecture optique (OCR) : son texte ne changerait rien : son nom le désigne comme « courrier" in out
    assert ("pas de lecture optique (OCR) : son texte ne changerait rien : reconnu « documents complémentaires et "
            "visuels » sans lui" in out)
    assert "Statut du dossier : complet " in out


def test_a_colleague_s_own_mail_is_decided_without_reading_its_files(tmp_path):
    """Read only what can change a decision: a town colleague's note (not a forward) is ignored whatever it
    carries, so its files are neither read nor opened, and explain says why."""
    from localsite import make_local

    from intake.commands import samples
    from intake.commands.explain import explain_file
    from intake.config import load

    raw = samples.email(sender="Agent <agent7@ville-bethune.fr>", to=["n.bataillon@ville-bethune.fr"],
                        subject="Réunion", attachments=[("scan.pdf", d.scan_pdf(d.LETTER_LINES), "application/pdf")])
    (tmp_path / "m.eml").write_bytes(raw)
    out = explain_file(load(make_local(tmp_path).config), tmp_path / "m.eml")
    assert "Pièces jointes (1) : non lues, rien de ce qu'elles contiennent ne changerait la décision" in out
    assert "lu par" not in out and "Décision : ignoré" in out
