"""OCR and pictures: the page test, rasterising scanned PDFs (pdftoppm) and reading them (tesseract, as a library).

Called by adapters/extract.py (see its docstring for what is read and when OCR runs).
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from intake.adapters.readlimits import TIMED_OUT, _bounded, _run
from intake.core.content import Extracted

# pictures that can be the photo or scan of a page: Pillow decodes them (HEIC through pillow-heif: libheif and
# libde265; AVIF, what some Android phones save, with Pillow's own libavif) and tesseract is given their pixels
OCR_IMAGE_TYPES = ("jpg", "png", "tif", "bmp", "gif", "webp", "jpx", "heic", "avif")
MIN_OCR_IMAGE_BYTES = 20_000  # smaller images (logos, icons) cannot be the photo of a page
OCR_DPI = 200  # scanners' usual resolution: rasterising finer is slower and no better for tesseract
MAX_RASTER_SIDE = 4000  # pixels: a page larger than A3 is rasterised at a lower resolution (posters, plans)


def ocr_available(lang: str = "fra") -> bool:
    """tesseract's `lang` data, its engine (tesserocr) and pdftoppm are installed, and INTAKE_OCR is not "off"."""
    return os.environ.get("INTAKE_OCR", "on").lower() != "off" and bool(_tessdata(lang, os.environ.get("PATH", "")))


TESSDATA_FOLDERS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                    "/usr/share/tessdata", "/usr/local/share/tessdata")


@functools.lru_cache(maxsize=8)
def _tessdata(lang: str, path: str) -> str:
    """The folder of the installed tesseract's language data when it has `lang` (what `tesseract --list-langs`
    names, else the usual Debian folders), pdftoppm is installed and the engine (tesserocr) imports; else "".
    Data that is there but unreadable shows when the engine starts: each file then says so (_recognise)."""
    tesseract = shutil.which("tesseract", path=path)
    if not (tesseract and shutil.which("pdftoppm", path=path)):
        return ""
    try:
        import tesserocr  # noqa: F401 - the engine is installed (it starts in _recognise)
        langs = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (ImportError, OSError, subprocess.TimeoutExpired):
        return ""
    listing = langs.stdout + langs.stderr
    if lang not in listing.split():
        return ""
    named = re.search(r'languages in "([^"]+)"', listing)
    folders = ([named.group(1)] if named else []) + list(TESSDATA_FOLDERS)
    return next((f for f in folders if (Path(f) / f"{lang}.traineddata").is_file()), "")


_engines: dict[tuple[str, str], Any] = {}
_engine_lock = threading.Lock()


def _recognise(image, deadline: float, lang: str) -> tuple[str, str]:
    """The text tesseract reads on a grey picture, within `deadline`; ("", why not) when it cannot.

    The engine (tesserocr: tesseract's library) is loaded once per reading process and kept: starting the
    tesseract program for each picture cost 60 ms of loading the French model each time. It reads the pixels
    Pillow decoded, as raw bytes (never a file, nor an encoded picture). Its recognition stops at `deadline`;
    its layout analysis cannot be stopped: the pool kills the reading process past the file's time
    (adapters/readers.py `task_timeout`)."""
    left = deadline - time.monotonic()
    if left <= 0:
        return "", TIMED_OUT
    folder = _tessdata(lang, os.environ.get("PATH", ""))
    if not folder:
        return "", "lecture optique indisponible"
    import tesserocr

    with _engine_lock:
        api = _engines.get((folder, lang))
        if api is None:
            try:
                api = _engines[(folder, lang)] = tesserocr.PyTessBaseAPI(path=folder.rstrip("/") + "/", lang=lang)
            except RuntimeError:
                return "", "lecture optique indisponible (données de langue illisibles)"
        grey = image if image.mode == "L" else image.convert("L")
        # its pixels as they are: SetImage would encode the picture as PNG for tesseract to decode it again
        api.SetImageBytes(grey.tobytes(), grey.width, grey.height, 1, grey.width)
        try:
            if not api.Recognize(timeout=max(1, int((deadline - time.monotonic()) * 1000))):
                return "", TIMED_OUT
            return api.GetUTF8Text(), ""
        finally:
            api.Clear()  # the picture and its results; the model stays loaded


IMAGE_TYPES = OCR_IMAGE_TYPES + ("psd",)  # a Photoshop file: a picture, never the photo of a page


@functools.lru_cache(maxsize=1)
def _pillow():
    """Pillow's Image module, with HEIF pictures (an iPhone's HEIC) opened by pillow-heif like any other format,
    and its decompression-bomb bound. pillow-heif decodes with one thread: a reading process is one per CPU
    already (adapters/readers.py); depth maps and auxiliary pictures (an iPhone's HDR gain map) are never read.
    libheif's own security limits (number of items, tiles, boxes, memory per block) stay on."""
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener(decode_threads=1, depth_images=False, aux_images=False)
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS // 2  # Pillow raises DecompressionBombError past twice this
    return Image


def _raster_dpi(pages) -> int:
    """OCR_DPI, lower when a page is so large that its image would pass MAX_RASTER_SIDE pixels."""
    try:
        side = max(max(float(p.mediabox.width), float(p.mediabox.height)) * float(p.user_unit) for p in pages)
    except Exception:  # noqa: BLE001 - a broken page box: let pdftoppm use the default A4-like box
        side = 842.0
    return max(10, min(OCR_DPI, int(MAX_RASTER_SIDE * 72 / max(side, 1.0))))


def _ocr_pdf(content: bytes, pages: list[int], dpi: int, deadline: float, lang: str) -> tuple[str, str]:
    """The text OCR reads on the PDF's `pages` (numbers from 1, in order), rasterised by pdftoppm."""
    with tempfile.TemporaryDirectory(prefix="intake-ocr-") as tmp:
        (Path(tmp) / "in.pdf").write_bytes(content)
        # grey PGM: no compression to spend time on, tesseract reads it as is
        done, error = _run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(min(pages)), "-l", str(max(pages)),
                            "in.pdf", "page"], tmp, deadline)
        if error or done.returncode != 0:
            return "", error or "rasterisation impossible (PDF illisible)"
        from PIL import Image

        texts: list[str] = []
        # pdftoppm names each page by its number (page-2.pgm, page-02.pgm...): only those asked for are read
        rendered = {int(m.group(1)): f for f in Path(tmp).glob("page*.pgm") if (m := re.search(r"(\d+)\.pgm$", f.name))}
        for page in (rendered[n] for n in pages if n in rendered):
            with Image.open(page) as image:
                text, error = _recognise(image, deadline, lang)
            if error:
                return "\n".join(texts), error
            texts.append(text)
        return "\n".join(texts), ""


def _first_page_test(content: bytes, deadline: float) -> str:
    """'' when the first page of a scanned PDF renders (a small grey thumbnail, by pdftoppm) with ink on it;
    else why not, in French."""
    with tempfile.TemporaryDirectory(prefix="intake-ocr-") as tmp:
        (Path(tmp) / "in.pdf").write_bytes(content)
        done, error = _run(["pdftoppm", "-gray", "-scale-to", str(PAGE_THUMB), "-f", "1", "-l", "1", "-singlefile",
                            "in.pdf", "thumb"], tmp, deadline)
        if error or done.returncode != 0 or not (Path(tmp) / "thumb.pgm").exists():
            return error or "page illisible (PDF)"
        from PIL import Image

        with Image.open(Path(tmp) / "thumb.pgm") as thumb:
            thumb.load()
            why = page_test(thumb, check_shape=False)
    return "page blanche : rien à lire" if why else ""


def _image(content: bytes, *, kind: str, ocr: bool, deadline: float, lang: str, defer_ocr: bool = False,
           max_pages: int = 10, **_) -> Extracted:
    """A picture is read when its pixels decode (Pillow; HEIC through pillow-heif); then, when it can be the photo or
    scan of a page (`page_test`, on a thumbnail: a few milliseconds), OCR reads its text (now, or later with
    `defer_ocr`: only if its text can change the decision, core/ocrplan.py). With `defer_ocr`, the first
    reading only checks that the pixels decode (at 1/8 scale), and the page test waits for the second reading
    with the OCR, which most pictures never need; a picture over LATE_PAGE_TEST_BYTES is tested at once."""
    if kind == "heic" and not _whole_iso_file(content):  # libheif decodes what a cut file still has: not a photo
        return Extracted(method="image", error=CUT_HEIC)
    Image = _pillow()
    try:
        opened = Image.open(io.BytesIO(content))
    except Image.DecompressionBombError:  # the size its header declares: nothing was decoded
        return Extracted(method="image", error=TOO_MANY_PIXELS)
    with opened as image:
        size = image.size
        frames = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1  # a multi-page scan
        # a copier's black-and-white scan (TIFF in CCITT group 4, the fax coding) holds a page of text in a few
        # kilobytes: its bytes say nothing, its pixels do
        small = len(content) < MIN_OCR_IMAGE_BYTES and image.mode != "1"
        if small or kind not in OCR_IMAGE_TYPES or min(size) < MIN_OCR_SIDE:
            _check_pixels(image)
            why = "image trop petite pour être une page" if kind in OCR_IMAGE_TYPES else \
                f"image {kind.upper()} : un fichier de travail, pas la photo d'une page"
            return Extracted(method="image", read=True, not_ocr=why, pixels=size)
        if defer_ocr and len(content) <= LATE_PAGE_TEST_BYTES and ocr and ocr_available(lang):
            _check_pixels(image)  # the page test too waits until its OCR can change the decision
            return Extracted(method="image", needs_ocr=True, read=True, pixels=size)
        why = page_test(_thumbnail(image))
    if why:
        return Extracted(method="image", read=True, not_ocr=f"l'image ne ressemble pas à une page ({why})",
                         pixels=size)
    if not ocr or not ocr_available(lang):
        return Extracted(method="image", ocr_unavailable=True, read=True, pixels=size)
    if defer_ocr:
        return Extracted(method="image", needs_ocr=True, read=True, pixels=size)
    texts: list[str] = []
    error = ""
    for page in _ocr_pages(content, min(frames, max_pages)):
        text, error = _recognise(page, deadline, lang)
        texts.append(text)
        if error:
            break
    text, cut = _bounded("\n".join(texts))
    return Extracted(text=text, pages=frames, method="image-ocr", error=error, truncated=cut or frames > max_pages,
                     read=True, pixels=size)


MAX_PIXELS = 120_000_000  # larger images are refused by Pillow (decompression bombs)
TOO_MANY_PIXELS = (f"image trop grande (plus de {MAX_PIXELS // 1_000_000} millions de pixels annoncés) : non décodée, "
                   "à ouvrir par le service")
CUT_HEIC = "image HEIC illisible : fichier incomplet (tronqué)"
MIN_OCR_SIDE = 400  # pixels: a smaller picture cannot be the photo or scan of a page
OCR_MAX_SIDE = 3508  # pixels: the long side of an A4 page at 300 dpi, all tesseract needs
# A picture up to this size is only checked in the first reading, and given the page test once its OCR can
# change the decision (most never are: a second reading of them is rare, and cheap). A larger one is tested
# at once: sending it to a reading process a second time would cost more memory than the test costs time.
LATE_PAGE_TEST_BYTES = 8 << 20
PAGE_THUMB = 384  # pixels: the long side of the thumbnail a picture is judged on
PAGE_MAX_RATIO = 2.2  # long side / short side: a page (1.41) photographed in 4:3 or 16:9, not a panorama
PAGE_LIGHT, PAGE_FLAT, PAGE_INK = 150, 30, 60  # grey levels (after autocontrast), see page_test
PAGE_MIN_PAPER, PAGE_MIN_INK = 0.08, 0.005  # fractions of the thumbnail


def _check_pixels(image) -> None:
    """Decode enough to know the picture is one (raises otherwise)."""
    if image.format == "JPEG":
        image.draft("L", (256, 256))  # the whole compressed stream is decoded, at 1/8 scale
        image.load()
    elif image.format == "HEIF":
        image.load()  # pillow-heif's verify() checks nothing: its HEVC tiles are decoded (12 Mpx: 0.2 s)
    else:
        image.verify()  # structure and checksums (PNG CRCs), without decoding every pixel


def on_white(image):
    """The picture as it shows on a white page: one with transparency (a PNG's alpha channel or transparent palette
    entry, a WebP's, an AVIF's, a GIF's) laid on white. Made grey as it was, a letter exported in black ink on a
    transparent background (a scanner app's « supprimer le fond », a signature tool's PNG) was black on black: its
    transparent pixels are black ones with no opacity. Any other picture is returned as it is."""
    if "A" not in image.getbands() and "transparency" not in image.info:
        return image
    from PIL import Image

    rgba = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("RGB")


def _thumbnail(image):
    """A small grey copy of the picture, decoding no more than needed (JPEG: at 1/2 to 1/8 scale), transparency laid
    on white (`on_white`). A HEIC's embedded thumbnail is not used (pillow-heif's draft): its own pixels would then
    never have been decoded."""
    if image.format == "JPEG":
        image.draft("L", (PAGE_THUMB, PAGE_THUMB))
    thumb = on_white(image).convert("L")
    thumb.thumbnail((PAGE_THUMB, PAGE_THUMB))
    return thumb


def page_test(thumb, check_shape: bool = True) -> str:
    """'' when a grey thumbnail can show a page of text; else why not (French).

    A page is not much more elongated than A4 in a 16:9 photo (PAGE_MAX_RATIO); once the contrast is
    stretched, part of it is paper: light and flat (at least PAGE_MIN_PAPER of the pixels are light and
    within PAGE_FLAT grey levels of their 7x7 neighbourhood); and there is ink on it: dark strokes next to
    light paper (at least PAGE_MIN_INK of the pixels are PAGE_INK levels darker than the lightest pixel
    around them, itself light). Photos of things have no flat light area (grain, texture, shade); a blank
    sheet has no ink. Meant to be lenient: a picture wrongly taken for a page only costs an OCR."""
    from PIL import ImageChops, ImageOps

    w, h = thumb.size
    if check_shape and max(w, h) > PAGE_MAX_RATIO * max(1, min(w, h)):
        return "format trop allongé"
    g = ImageOps.autocontrast(thumb.convert("L"), cutoff=1)
    lightest, darkest = _lightest_around(g, 3), ImageOps.invert(_lightest_around(ImageOps.invert(g), 3))
    light = g.point(lambda v: 255 if v >= PAGE_LIGHT else 0)
    flat = ImageChops.subtract(lightest, darkest).point(lambda v: 255 if v < PAGE_FLAT else 0)
    paper = ImageChops.darker(light, flat).histogram()[255]
    near_paper = lightest.point(lambda v: 255 if v >= PAGE_LIGHT else 0)
    stroke = ImageChops.subtract(lightest, g).point(lambda v: 255 if v >= PAGE_INK else 0)
    ink = ImageChops.darker(near_paper, stroke).histogram()[255]
    pixels = max(1, w * h)
    if paper < PAGE_MIN_PAPER * pixels:
        return "pas de fond clair et uni"
    if ink < PAGE_MIN_INK * pixels:
        return "pas d'écriture"
    return ""


def _lightest_around(image, r: int):
    """Each pixel's lightest neighbour in the (2r+1)x(2r+1) square around it: what a MaxFilter(2r+1) gives
    (pixels past the edge count as the edge's), as the lightest of shifted copies, row then column (about ten
    times faster than Pillow's rank filter). A copy shifted past the edge is black there, which changes no
    maximum."""
    from PIL import ImageChops

    w, h = image.size
    rows = image
    for d in range(1, r + 1):
        rows = ImageChops.lighter(rows, image.crop((d, 0, w + d, h)))
        rows = ImageChops.lighter(rows, image.crop((-d, 0, w - d, h)))
    out = rows
    for d in range(1, r + 1):
        out = ImageChops.lighter(out, rows.crop((0, d, w, h + d)))
        out = ImageChops.lighter(out, rows.crop((0, -d, w, h - d)))
    return out


def _ocr_ready(content: bytes):
    """The picture upright, in grey, at most OCR_MAX_SIDE pixels: what tesseract needs. Upright: by its EXIF
    orientation; a HEIC is turned by libheif as its own boxes say (`irot`, `imir`: what a phone writes along with
    the EXIF tag), and pillow-heif sets that tag to 1 so that it is not turned twice."""
    from PIL import ImageOps

    Image = _pillow()
    with Image.open(io.BytesIO(content)) as image:
        if image.format == "JPEG":
            image.draft("L", (OCR_MAX_SIDE, OCR_MAX_SIDE))  # decoded at a smaller scale when it is still large
        upright = on_white(ImageOps.exif_transpose(image))
        grey = upright.convert("L") if upright.mode != "L" else upright.copy()
    grey.thumbnail((OCR_MAX_SIDE, OCR_MAX_SIDE))
    return grey


def _ocr_pages(content: bytes, pages: int):
    """The first `pages` pages of a picture, one at a time, each ready for tesseract (`_ocr_ready`): a multi-page
    TIFF (a copier's « TIFF multipage » scan: the dossier, then the letter) has several; any other picture one."""
    from PIL import ImageOps

    if pages <= 1:
        yield _ocr_ready(content)
        return
    Image = _pillow()
    for number in range(pages):
        with Image.open(io.BytesIO(content)) as image:
            image.seek(number)
            upright = on_white(ImageOps.exif_transpose(image))
            grey = upright.convert("L")
        grey.thumbnail((OCR_MAX_SIDE, OCR_MAX_SIDE))
        yield grey


def _whole_iso_file(content: bytes) -> bool:
    """An ISO base media file (HEIC) that is all there: its top-level boxes, `ftyp` first, tile it exactly. libheif
    decodes a truncated one without a word (the missing tiles grey), where Pillow refuses a truncated JPEG or PNG."""
    at, boxes = 0, 0
    while at + 8 <= len(content) and boxes < 1000:
        size, name = int.from_bytes(content[at:at + 4], "big"), content[at + 4:at + 8]
        if size == 1 and at + 16 <= len(content):
            size = int.from_bytes(content[at + 8:at + 16], "big")
        elif size == 0:  # the last box, to the end of the file
            size = len(content) - at
        if size < 8 or (boxes == 0 and name != b"ftyp"):
            return False
        boxes, at = boxes + 1, at + size
    return at == len(content)
