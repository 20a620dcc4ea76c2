"""AVIF photos (what some Android phones save) go the way of JPEG, PNG and HEIC: decoded by Pillow (its own libavif),
the page test, OCR; a Photoshop file is a picture, never read as the photo of a page. Real files made here by
Pillow's encoder, the real readers and Debian's OCR (tesseract-ocr-fra)."""

from __future__ import annotations

import io

import documents as d
import pytest
from PIL import Image

from intake.adapters.extract import extract
from intake.adapters.ocr import ocr_available
from intake.core.sniff import detect_type
from intake.core.text import fold


@pytest.fixture(autouse=True)
def needs_ocr():
    if not ocr_available():
        pytest.fail("OCR is not installed: run `bash scripts/test.sh` (tesseract-ocr-fra, poppler-utils)")


def saved(picture: bytes, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(picture)).convert("RGB").save(out, format=fmt, **options)
    return out.getvalue()


def test_an_avif_photo_of_the_letter_is_read_by_ocr():
    letter = saved(d.photographed_page(d.LETTER_LINES), "AVIF", quality=60)
    assert detect_type(letter) == "avif"
    e = extract(letter, "avif")
    assert e.read and e.method == "image-ocr" and not e.error, e
    assert "monsieur le maire" in fold(e.text)


def psd(width: int, height: int) -> bytes:
    """A Photoshop file as its specification writes it: the header (signature, version 1, 3 channels, 8 bits, RGB),
    empty colour, resource and layer sections, then the picture's channels, uncompressed."""
    header = (b"8BPS" + (1).to_bytes(2, "big") + bytes(6) + (3).to_bytes(2, "big") + height.to_bytes(4, "big")
              + width.to_bytes(4, "big") + (8).to_bytes(2, "big") + (3).to_bytes(2, "big"))
    planes = bytes(range(256)) * (width * height // 256 + 1)
    return header + bytes(4) * 3 + bytes(2) + planes[:width * height] * 3


def test_a_large_photoshop_file_is_a_picture_never_said_too_small_to_be_a_page():
    content = psd(1200, 900)
    assert detect_type(content) == "psd"
    e = extract(content, "psd")
    assert e.read and e.pixels == (1200, 900) and e.method == "image", e
    assert e.not_ocr == "image PSD : un fichier de travail, pas la photo d'une page"
