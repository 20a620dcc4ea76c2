"""Pictures as phones and web tools save them (WebP: Android's and WhatsApp's, a browser's « Enregistrer l'image » ;
AVIF: some Android phones'; BMP: Windows' Paint and old scanners; GIF: web tools and old scanners), read and
recognised as JPEG, PNG and HEIC are, with the shipped rules: a photo of the letter is the letter, a photo of the
action a visual. Real files made here by Pillow's encoders (libwebp, libavif), the real readers, Debian's OCR."""

from __future__ import annotations

import io
from pathlib import Path

import documents as d
import pytest
from PIL import Image, features

from intake.adapters.ocr import ocr_available
from intake.adapters.rulefiles import load_rules
from intake.core.classify import PIECE, classify_attachment
from intake.core.message import Attachment
from intake.core.sniff import detect_type
from intake.pipeline.read import read_files

RULES = load_rules(Path(__file__).resolve().parents[2] / "rules")
FORMATS = {"webp": ("WEBP", {"quality": 70}), "avif": ("AVIF", {"quality": 60}), "bmp": ("BMP", {}),
           "gif": ("GIF", {})}


@pytest.fixture(autouse=True)
def needs_readers():
    if not ocr_available():
        pytest.fail("OCR is not installed: run `bash scripts/test.sh` (tesseract-ocr-fra, poppler-utils)")
    missing = [f for f in ("webp", "avif") if not features.check(f)]
    if missing:
        pytest.fail(f"Pillow without {', '.join(missing)}: `bash scripts/test.sh` installs the pinned Pillow")


def saved(picture: bytes, kind: str) -> bytes:
    fmt, options = FORMATS[kind]
    content = d.picture_as(picture, fmt, **options)
    assert detect_type(content) == kind
    return content


def verdicts(files: dict[str, bytes], defer_ocr: bool = False):
    attachments = [Attachment(filename=name, content=content, declared_type="", inline=False)
                   for name, content in files.items()]
    contents = read_files(attachments, defer_ocr=defer_ocr)
    return {a.filename: classify_attachment(a, RULES, contents[a.sha256]) for a in attachments}


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_a_photo_of_the_letter_in_this_format_is_the_letter(kind):
    name = f"IMG_2026.{kind}"
    (v,) = verdicts({name: saved(d.photographed_page(d.LETTER_LINES), kind)}).values()
    assert v.outcome == PIECE and v.kind == "courrier" and "monsieur le maire" in v.evidence, v.evidence


@pytest.mark.parametrize("kind", ["webp", "avif", "bmp"])
def test_a_photo_of_the_action_in_this_format_is_a_visual(kind):
    (v,) = verdicts({f"atelier.{kind}": saved(d.photo(), kind)}).values()
    assert v.outcome == PIECE and v.kind == "visuels", v.evidence


@pytest.mark.parametrize("kind", ["webp", "avif"])
def test_a_page_of_the_dossier_photographed_in_this_format_is_the_dossier(kind):
    (v,) = verdicts({f"page1.{kind}": saved(d.photographed_page(d.DOSSIER_LINES), kind)}).values()
    assert v.outcome == PIECE and v.kind == "dossier", v.evidence


@pytest.mark.parametrize("mode", ["RGBA", "LA"])
def test_a_letter_on_a_transparent_background_is_read_on_white(mode):
    """Its pixels made grey as they were, it was black on black: no page, nothing read, the letter asked again."""
    content = d.ink_on_transparent(d.photo_of_page(d.LETTER_LINES), mode)
    assert Image.open(io.BytesIO(content)).mode == mode
    (v,) = verdicts({"lettre.png": content}).values()
    assert v.outcome == PIECE and v.kind == "courrier" and "monsieur le maire" in v.evidence, v.evidence


def test_a_transparent_avif_is_shown_to_staff_on_white():
    """The console's JPEG copy of a picture the browser cannot show: its transparent background was black."""
    from intake.adapters.pictures import jpeg_preview

    page = Image.open(io.BytesIO(d.ink_on_transparent(d.photo_of_page(d.LETTER_LINES))))
    out = io.BytesIO()
    page.save(out, format="AVIF", quality=80)
    preview = Image.open(io.BytesIO(jpeg_preview(out.getvalue())))
    assert preview.getpixel((5, 5))[0] > 240, preview.getpixel((5, 5))
