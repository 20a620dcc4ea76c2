"""HEIC/HEIF photos (an iPhone's): decoded by pillow-heif through the same path as JPEG and PNG: page test,
OCR upright, pixel sizes for the rules on pictures shown in a mail, and bounded work on hostile files.

Real files, made here by pillow-heif's encoder (x265, tiles as an iPhone writes them), the real readers and
Debian's OCR (tesseract-ocr-fra), the shipped rules.
"""

from __future__ import annotations

import io
import random
import time
import zlib
from pathlib import Path

import documents as d
import pytest
from PIL import Image

from intake.adapters import ocr as ocr_mod
from intake.adapters.extract import extract
from intake.adapters.ocr import ocr_available
from intake.adapters.rulefiles import load_rules
from intake.core.classify import PIECE, SKIPPED, UNRESOLVED, classify_attachment
from intake.core.message import Attachment
from intake.core.sniff import detect_type
from intake.core.text import fold
from intake.pipeline.read import read_files_by_hand

RULES = load_rules(Path(__file__).resolve().parents[2] / "rules")


@pytest.fixture(autouse=True)
def needs_ocr():
    if not ocr_available():
        pytest.fail("OCR is not installed: run `bash scripts/test.sh` (tesseract-ocr-fra, poppler-utils)")


@pytest.fixture(scope="module")
def letter() -> bytes:
    """An iPhone's photo of the signed letter to the mayor, on a table, taken upright: stored sideways + irot."""
    return d.heic(d.photographed_page(d.LETTER_LINES), sideways=True)


def noise(size: tuple[int, int]) -> bytes:
    """A picture HEVC cannot shrink much: a HEIC of it weighs what a photo of that size does."""
    out = io.BytesIO()
    Image.frombytes("RGB", size, random.Random(size[0]).randbytes(size[0] * size[1] * 3)).save(out, format="PNG")
    return d.heic(out.getvalue(), quality=90)


def with_boxes(content: bytes, name: bytes, change) -> bytes:
    """`content` with every box `name` (found by its type's bytes) given the payload change(payload)."""
    out, at = bytearray(content), content.find(name)
    while at >= 4:
        size = int.from_bytes(content[at - 4:at], "big")
        payload = change(content[at + 4:at - 4 + size])
        out[at + 4:at - 4 + size] = payload
        at = content.find(name, at + 4)
    return bytes(out)


def declared_size(width: int, height: int):
    """An `ispe` box (a picture's declared width and height: version/flags, then two 32-bit numbers) rewritten."""
    return lambda payload: payload[:4] + width.to_bytes(4, "big") + height.to_bytes(4, "big")


# --------------------------------------------------------------------------- the letter, read
def test_an_iphone_heic_photo_of_the_letter_is_read_upright_by_ocr(letter):
    assert detect_type(letter) == "heic"
    e = extract(letter, "heic")
    assert e.read and e.method == "image-ocr" and not e.error, e
    assert "monsieur le maire" in fold(e.text) and "solliciter" in fold(e.text)
    assert e.pixels == (2250, 3000)  # as shown: upright (its pixels are stored 3000 x 2250)
    ready = ocr_mod._ocr_ready(letter)
    assert ready.mode == "L" and ready.size[1] > ready.size[0]  # turned once by its irot box, not twice by EXIF


def test_the_first_reading_decodes_a_heic_and_leaves_its_ocr_for_when_it_matters(letter):
    e = extract(letter, "heic", defer_ocr=True)
    assert e.read and e.needs_ocr and e.text == "" and e.pixels == (2250, 3000)
    reading = read_files_by_hand([("Dossier.docx", d.docx(d.DOSSIER_LINES)), ("IMG_1234.HEIC", letter),
                                  ("IMG_1235.HEIC", d.heic(d.photo(size=(2400, 1800))))], RULES)
    kinds = {v.attachment.filename: (v.outcome, v.kind) for v in reading.verdicts}
    assert kinds == {"Dossier.docx": (PIECE, "dossier"), "IMG_1234.HEIC": (PIECE, "courrier"),
                     "IMG_1235.HEIC": (PIECE, "visuels")}
    photo = reading.contents[reading.msg.attachments[2].sha256]
    assert photo.read and "ne ressemble pas à une page" in photo.not_ocr  # tested, never OCR'd


def test_a_heic_photo_of_a_thing_is_decoded_and_never_ocrd():
    e = extract(d.heic(d.photo(size=(2400, 1800))), "heic")
    assert e.read and e.method == "image" and e.text == "" and e.pixels == (2400, 1800)
    assert "ne ressemble pas à une page" in e.not_ocr


def test_heic_pictures_shown_in_a_mail_follow_the_banner_and_small_picture_rules():
    def shown(name: str, content: bytes):
        att = Attachment(filename=name, content=content, declared_type="image/heic", inline=True,
                         referenced_in_html=True, content_id="x")
        assert att.size >= RULES.shown_image_min_size  # the rules on pixels apply, not the one on bytes
        return classify_attachment(att, RULES, extract(content, "heic", defer_ocr=True))

    portrait = shown("portrait.heic", noise((300, 380)))
    assert portrait.outcome == SKIPPED and "petite image affichée dans le corps du message (300 x 380" in \
        portrait.evidence
    banner = shown("bandeau.heic", noise((1800, 400)))
    assert banner.outcome == SKIPPED and "bandeau" in banner.evidence
    photo = shown("IMG_0001.heic", d.heic(d.photo(size=(2400, 1800))))
    assert (photo.outcome, photo.kind) == (PIECE, "visuels")


# --------------------------------------------------------------------------- hostile files: refused, with the reason
def test_a_heic_declaring_huge_dimensions_is_refused_at_once_without_decoding():
    small = d.heic(d.photo(size=(1600, 1200)))
    for width, height in ((20_000, 20_000), (60_000, 60_000), (0xFFFF_FFFF, 0xFFFF_FFFF)):
        bomb = with_boxes(small, b"ispe", declared_size(width, height))
        assert detect_type(bomb) == "heic"
        started = time.process_time()  # this process's CPU time (a decoder's threads too), not a machine's pause
        e = extract(bomb, "heic", defer_ocr=True)
        assert time.process_time() - started < 2
        assert not e.read and e.error, (width, e)
        if width == 20_000:
            assert e.error == ocr_mod.TOO_MANY_PIXELS and "120 millions de pixels" in e.error
    png = d.png_image()  # one behaviour for every picture: a PNG's IHDR saying the same is refused the same way
    ihdr = b"IHDR" + (20_000).to_bytes(4, "big") * 2 + png[24:29]
    bomb = png[:12] + ihdr + zlib.crc32(ihdr).to_bytes(4, "big") + png[33:]
    e = extract(bomb, detect_type(bomb), defer_ocr=True)
    assert not e.read and e.error == ocr_mod.TOO_MANY_PIXELS


def test_corrupt_heic_files_are_not_read_and_say_so():
    good = d.heic(d.photo(size=(1600, 1200)))
    mdat = good.find(b"mdat") + 4
    broken = {"truncated": good[:len(good) // 2], "its last bytes missing": good[:-10],
              "no picture data": good[:mdat] + bytes(len(good) - mdat),
              "a size its tiles do not have": with_boxes(good, b"ispe", declared_size(3000, 3000)),
              "only its ftyp box": good[:good.find(b"meta") - 4]}
    for name, content in broken.items():
        assert detect_type(content) == "heic", name
        e = extract(content, "heic", defer_ocr=True)
        assert not e.read and e.error and "illisible" in e.error, (name, e)
        assert not extract(content, "heic").read, name


def test_hostile_heic_files_in_a_message_leave_the_reading_processes_standing():
    """Read in the reading processes as a mail's files are: refused with their reason, never a piece, and the
    good photo beside them still read."""
    good = d.heic(d.photo(size=(1600, 1200)))
    bomb = with_boxes(good, b"ispe", declared_size(40_000, 40_000))
    cut = good[:len(good) // 2]
    reading = read_files_by_hand([("Dossier.docx", d.docx(d.DOSSIER_LINES)), ("IMG_1.HEIC", bomb),
                                  ("IMG_2.HEIC", cut), ("IMG_3.HEIC", good)], RULES)
    verdicts = {v.attachment.filename: v for v in reading.verdicts}
    assert verdicts["IMG_1.HEIC"].outcome == UNRESOLVED and "image trop grande" in verdicts["IMG_1.HEIC"].evidence
    assert verdicts["IMG_2.HEIC"].outcome == UNRESOLVED and "illisible" in verdicts["IMG_2.HEIC"].evidence
    assert (verdicts["IMG_3.HEIC"].outcome, verdicts["IMG_3.HEIC"].kind) == (PIECE, "visuels")


# --------------------------------------------------------------------------- what staff read
def test_intake_explain_shows_a_heic_letter_read_by_ocr(tmp_path, letter):
    from localsite import make_local

    from intake.commands import samples
    from intake.commands.explain import explain_file
    from intake.config import load

    raw = samples.email(sender="a@x.example", to=["n.bataillon@ville-bethune.fr"], subject="Candidature",
                        attachments=[("Dossier.docx", d.docx(d.DOSSIER_LINES), "application/octet-stream"),
                                     ("IMG_1234.HEIC", letter, "application/octet-stream"),
                                     ("IMG_1235.heif", d.heic(d.photo(size=(2400, 1800))), "image/heif")])
    (tmp_path / "m.eml").write_bytes(raw)
    out = explain_file(load(make_local(tmp_path).config), tmp_path / "m.eml")
    assert "IMG_1234.HEIC : type réel heic (annoncé application/octet-stream)" in out
    assert "lu par image-ocr, 1 page : « Association Les Jardins du Quartier Monsieur le Maire" in out
    assert "IMG_1235.heif : type réel heic (annoncé image/heif)" in out
    assert "Statut du dossier : complet " in out
