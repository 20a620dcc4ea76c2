"""An iPhone's photo (HEIC) in the console: Chromium cannot show it, Windows opens it only with a paid codec, so
the case page offers it converted to JPEG (adapters/pictures.py), upright and bounded, made in a reading process;
the file itself is still downloaded as it came. A picture that does not decode is said in French."""

from __future__ import annotations

import hashlib
import html
import io
import random

import documents as d
from PIL import Image, ImageStat
from playwright.sync_api import expect
from sqlmodel import select

from intake.commands import samples
from intake.store.database import session
from intake.store.tables import Piece

from .conftest import poll

DOSSIER = ("Dossier d'intention.docx", samples.docx(samples.DOSSIER.format(title="Jardins", who="Les Jardins",
                                                                           what="une action")),
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
LETTER = ("Courrier signé au Maire.pdf", samples.pdf("Monsieur le Maire\nJ'ai l'honneur de solliciter le label"),
          "application/pdf")


def landscape_taken_upright() -> bytes:
    """A 1600x1200 photo held upright on an iPhone: stored sideways with `irot` and the EXIF orientation, so that
    shown upright it is 1200 wide and 1600 high; its top half red, its bottom half blue (which way up it is)."""
    image = Image.new("RGB", (1200, 1600), (200, 30, 30))
    image.paste((30, 30, 200), (0, 800, 1200, 1600))
    grain = Image.frombytes("RGB", image.size, random.Random(4021).randbytes(1200 * 1600 * 3))
    image = Image.blend(image, grain, 0.3)  # a photo's grain: it weighs what a photo does (rules: visuals)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return d.heic(out.getvalue(), sideways=True, quality=80)


def apply_with_photo(intake, name: str, heic: bytes) -> tuple[dict, Piece]:
    """An application with the dossier, the letter and an iPhone photo `name`, polled: (the case, the photo's piece)."""
    intake.deliver(samples.email(sender="Les Jardins <jardins@asso.example>", to=[intake.nb],
                                 subject="Candidature au label Béthune Smart City",
                                 attachments=[DOSSIER, LETTER, (name, heic, "image/heic")]), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    with session(intake.app().engine) as s:
        return case, s.exec(select(Piece).where(Piece.filename == name)).one()


def test_staff_see_an_iphone_photo_upright_as_jpeg_and_still_download_the_file_as_it_came(console, page):
    intake = console.intake
    heic = landscape_taken_upright()
    case, photo = apply_with_photo(intake, "IMG_4021.HEIC", heic)
    assert case["status"] == "complete", case
    assert photo.detected_type == "heic"

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{case['reference']}")
    link = page.get_by_role("link", name="voir l'image IMG_4021.HEIC")
    with page.context.expect_page() as opened:
        link.click()
    viewer = opened.value
    viewer.wait_for_load_state()
    shown = viewer.locator("img")
    expect(shown).to_have_count(1)  # Chromium shows the picture (a HEIC it would only download)
    assert viewer.evaluate("() => [document.images[0].naturalWidth, document.images[0].naturalHeight]") == [1200, 1600]
    got = page.context.request.get(viewer.url)
    assert got.status == 200 and got.headers["content-type"] == "image/jpeg"
    assert got.headers["content-disposition"].startswith("inline;") and "IMG_4021.HEIC.jpg" in \
        got.headers["content-disposition"]
    assert got.headers["cache-control"] == "private, no-store"
    jpeg = Image.open(io.BytesIO(got.body()))
    assert jpeg.format == "JPEG" and jpeg.size == (1200, 1600)
    top = ImageStat.Stat(jpeg.crop((0, 0, 1200, 700))).mean
    bottom = ImageStat.Stat(jpeg.crop((0, 900, 1200, 1600))).mean
    assert top[0] > 120 > top[2] and bottom[2] > 120 > bottom[0]  # upright: red above, blue below
    viewer.close()

    # the file itself is still the one that came, downloaded
    with page.expect_download() as download:
        page.get_by_role("link", name="IMG_4021.HEIC", exact=True).click()
    assert hashlib.sha256(download.value.path().read_bytes()).hexdigest() == hashlib.sha256(heic).hexdigest()

    # only the pictures the browser cannot show have a converted view
    with session(intake.app().engine) as s:
        letter = s.exec(select(Piece).where(Piece.filename == "Courrier signé au Maire.pdf")).one()
    refused = page.context.request.get(f"{console.url}/cases/{case['reference']}/pieces/{letter.id}/apercu.jpg")
    assert refused.status == 404 and "aperçu converti" in refused.text()


def test_a_heic_that_does_not_decode_any_more_is_said_in_french_and_can_still_be_downloaded(console, page):
    intake = console.intake
    heic = landscape_taken_upright()
    case, photo = apply_with_photo(intake, "IMG_4022.HEIC", heic)
    stored = intake.app().blobs.path(photo.sha256)
    # the kept file damaged on disk after it was filed: its picture data gone, its boxes still there
    stored.chmod(0o600)
    stored.write_bytes(heic[:600] + bytes(len(heic) - 600))

    console.sign_in(page)
    got = page.context.request.get(f"{console.url}/cases/{case['reference']}/pieces/{photo.id}/apercu.jpg")
    said = html.unescape(got.text())
    assert got.status == 422
    assert "Aperçu impossible de l'image « IMG_4022.HEIC » (elle ne se décode pas" in said
    assert "Téléchargez le fichier pour l'ouvrir" in said and "Traceback" not in said
    kept = page.context.request.get(f"{console.url}/cases/{case['reference']}/pieces/{photo.id}")
    assert kept.status == 200 and kept.body() == stored.read_bytes()  # the file is still given as it is
