"""Read inside a file: its text, pages and form fields (PDF, DOCX, PPTX, ODF, RTF, DOC), OCR for scans.

`extract(content, detected_type)` -> `Extracted` (intake/core/content.py). It never
raises for bad input: an unreadable file gives `Extracted(error=...)` (third-party
parsers raise many exception types on hostile files; they are all caught here).
`read=True` only when a reader understood the file and found what it holds: text or
form fields, slides, or an image's pixels (Pillow decodes it; HEIC: its boxes). Run it
through adapters/readers.py, which bounds its time and keeps its prints out of the logs.

- PDF: pypdf (text layer of the first `max_pages` pages, AcroForm field values;
  a PDF that opens with the empty password is read, otherwise `encrypted`).
- DOCX and PPTX: their XML, read in document order (paragraphs, tables, text
  boxes, block content controls, headers and footers); content controls with a
  tag or title and legacy form fields (FORMTEXT, check boxes, drop-downs) become
  `form_fields`. ODT/ODP/ODS: odfpy (text, form controls, input fields).
  RTF: striprtf. Old .doc: Debian's `antiword` when installed.
- Macros (vbaProject.bin, ODF Basic, OLE `_VBA_PROJECT`) set `macros`; a
  password-protected Office file (an OLE `EncryptedPackage`) or ODF file sets `encrypted`.
- OCR: an image-only PDF (almost no text layer) is rasterised by Debian's
  `pdftoppm` (poppler-utils; grey PGM at OCR_DPI, lower for pages over
  MAX_RASTER_SIDE pixels; at most `max_pages`), then read by `tesseract -l fra`
  (tesseract-ocr-fra). A picture is OCR'd only when it can be the photo or scan of a
  page (`page_test`, on a small grey thumbnail: not too elongated, a light paper area,
  dark strokes on it), turned upright (EXIF), in grey, at most OCR_MAX_SIDE pixels
  (about 300 dpi of an A4 page). Subprocesses run in a temporary folder that is
  always removed, with a timeout and, where util-linux's `prlimit` exists, a memory
  cap; a timeout or failure sets `error`.
- `defer_ocr=True` reads everything cheap and leaves OCR for later: a file whose text
  only OCR can give comes back with `needs_ocr=True` (a scanned PDF whose first page
  renders with ink on it, or a picture that passes `page_test`, counts as read: its
  pixels are there). intake/reading.py then OCRs only the files whose text can change
  the decision (intake/core/ocrplan.py).

Set INTAKE_OCR=off to run as if OCR were not installed. Without OCR (tesseract,
its `fra` language or pdftoppm missing) a file that needs it says so
(`ocr_unavailable=True`): never a guess.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from intake.core.content import Extracted

log = logging.getLogger("intake.extract")

MAX_TEXT = 200_000  # characters kept
MAX_SLIDES = 200
OCR_IMAGE_TYPES = ("jpg", "png", "tif", "bmp", "gif", "webp", "jpx")  # what tesseract (leptonica) decodes
MIN_OCR_IMAGE_BYTES = 20_000  # smaller images (logos, icons) cannot be the photo of a page
MIN_TEXT_PER_PAGE = 10  # fewer visible characters than this on average: an image-only PDF (a scan)
OCR_DPI = 200  # scanners' usual resolution: rasterising finer is slower and no better for tesseract
MAX_RASTER_SIDE = 4000  # pixels: a page larger than A3 is rasterised at a lower resolution (posters, plans)
CHILD_MEMORY = 2 << 30  # bytes of address space for tesseract and pdftoppm
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PART_BYTES = 20_000_000  # an XML part of a DOCX/PPTX/ODF larger than this once expanded: a bomb, not a document
MAX_PACKAGE_BYTES = 200_000_000  # all the parts of a DOCX/PPTX/ODF, expanded


class TooLarge(ValueError):
    """A document whose parts would expand past MAX_PART_BYTES / MAX_PACKAGE_BYTES (a decompression bomb)."""


def ocr_available(lang: str = "fra") -> bool:
    """tesseract with `lang` and pdftoppm are installed, and INTAKE_OCR is not "off"."""
    return os.environ.get("INTAKE_OCR", "on").lower() != "off" and _ocr_tools(lang, os.environ.get("PATH", ""))


@functools.lru_cache(maxsize=8)
def _ocr_tools(lang: str, path: str) -> bool:
    if not (shutil.which("tesseract", path=path) and shutil.which("pdftoppm", path=path)):
        return False
    try:
        tesseract = shutil.which("tesseract", path=path) or "tesseract"
        langs = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return lang in (langs.stdout + langs.stderr).split()


IMAGE_TYPES = OCR_IMAGE_TYPES + ("psd", "avif", "heic")


def has_reader(content: bytes, detected_type: str) -> bool:
    """Whether `extract` has anything to do with this file (else it is not read, and need not be sent to a worker)."""
    return detected_type in _READERS or detected_type in IMAGE_TYPES or content.startswith(OLE_MAGIC)


def extract(content: bytes, detected_type: str, *, ocr: bool = True, max_pages: int = 10, timeout: float = 60.0,
            lang: str = "fra", defer_ocr: bool = False) -> Extracted:
    """What is inside `content`, whose real type (intake.core.sniff.detect_type) is `detected_type`.
    `ocr=False`: as if OCR were not installed; `defer_ocr`: no OCR now, files that need it say so."""
    reader: Any = _READERS.get(detected_type)
    if reader is None and detected_type in IMAGE_TYPES:
        reader = _image
    if reader is None:
        return _ole(content) if content.startswith(OLE_MAGIC) else Extracted()
    try:
        return reader(content, kind=detected_type, ocr=ocr, max_pages=max_pages,
                      deadline=time.monotonic() + timeout, lang=lang, defer_ocr=defer_ocr)
    except TooLarge:
        log.info("not reading a %s file: too large once expanded", detected_type)
        return Extracted(method=detected_type, error=f"{detected_type} trop volumineux une fois décompressé")
    except Exception as exc:  # noqa: BLE001 - parsers raise many types on hostile files
        # the type only: a parser's message may quote the document, and logs must never hold its text
        log.info("cannot read a %s file: %s", detected_type, type(exc).__name__)
        return Extracted(method=detected_type, error=f"{detected_type} illisible ({type(exc).__name__})")


def _bounded(text: str) -> tuple[str, bool]:
    return text[:MAX_TEXT], len(text) > MAX_TEXT


# --------------------------------------------------------------------------- PDF and OCR
def _pdf(content: bytes, *, ocr: bool, max_pages: int, deadline: float, lang: str, defer_ocr: bool = False,
         **_) -> Extracted:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        try:
            opened: Any = reader.decrypt("")
        except Exception:  # noqa: BLE001 - unknown or broken encryption: a person opens it
            opened = 0
        if not opened:
            return Extracted(method="pdf-text", encrypted=True)
    pages = len(reader.pages)
    read = max(1, min(pages, max_pages))
    texts: list[str] = []
    for page in reader.pages[:read]:
        if time.monotonic() > deadline:
            break
        try:
            texts.append(page.extract_text() or "")
        except Exception:  # noqa: BLE001 - one broken page does not hide the others
            texts.append("")
    text, fields = "\n".join(texts), _pdf_fields(reader)
    truncated = pages > read
    if len("".join(text.split())) >= MIN_TEXT_PER_PAGE * read or fields:
        text, cut = _bounded(text)
        return Extracted(text=text, pages=pages, method="pdf-text", form_fields=fields, truncated=cut or truncated,
                         read=True)
    if not ocr or not ocr_available(lang):
        return Extracted(text=text, pages=pages, method="pdf-text", ocr_unavailable=True)
    if defer_ocr:  # its pixels are read now (its first page renders, with ink on it); its text later, if it matters
        why = _first_page_test(content, deadline)
        return Extracted(text=text, pages=pages, method="pdf-image", needs_ocr=True, read=not why,
                         error=why if why else "")
    ocr_text, error = _ocr_pdf(content, read, _raster_dpi(reader.pages[:read]), deadline, lang)
    text, cut = _bounded((text.strip() + "\n" + ocr_text).strip())
    return Extracted(text=text, pages=pages, method="pdf-ocr", error=error, truncated=cut or truncated,
                     read=bool(text.strip()) and not error)


def _pdf_fields(reader) -> dict[str, str]:
    try:
        found = reader.get_fields() or {}
    except Exception:  # noqa: BLE001 - a broken form does not hide the text
        return {}
    fields = {}
    for name, spec in found.items():
        value = spec.get("/V") if hasattr(spec, "get") else None
        if isinstance(value, list):
            value = ", ".join(str(v).lstrip("/") for v in value)
        if value not in (None, "", "/Off"):
            fields[str(name)] = str(value).lstrip("/")
    return fields


def _raster_dpi(pages) -> int:
    """OCR_DPI, lower when a page is so large that its image would pass MAX_RASTER_SIDE pixels."""
    try:
        side = max(max(float(p.mediabox.width), float(p.mediabox.height)) * float(p.user_unit) for p in pages)
    except Exception:  # noqa: BLE001 - a broken page box: let pdftoppm use the default A4-like box
        side = 842.0
    return max(10, min(OCR_DPI, int(MAX_RASTER_SIDE * 72 / max(side, 1.0))))


def _ocr_pdf(content: bytes, pages: int, dpi: int, deadline: float, lang: str) -> tuple[str, str]:
    with tempfile.TemporaryDirectory(prefix="intake-ocr-") as tmp:
        (Path(tmp) / "in.pdf").write_bytes(content)
        # grey PGM: no compression to spend time on, tesseract reads it as is
        done, error = _run(["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", str(pages), "in.pdf",
                            "page"], tmp, deadline)
        if error or done.returncode != 0:
            return "", error or "rasterisation impossible (PDF illisible)"
        texts: list[str] = []
        for image in sorted(Path(tmp).glob("page*.pgm")):
            text, error = _tesseract(image.name, tmp, deadline, lang)
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
           **_) -> Extracted:
    """A picture is read when its pixels decode (Pillow; HEIC: its boxes); then, when it can be the photo or
    scan of a page (`page_test`), OCR reads its text (now, or later with `defer_ocr`)."""
    if kind == "heic":  # no decoder here: its box structure is checked, and tesseract cannot read it
        return Extracted(method="image", read=True) if _iso_boxes(content) else \
            Extracted(method="image", error="image illisible")
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS // 2  # Pillow raises DecompressionBombError past twice this
    with Image.open(io.BytesIO(content)) as image:
        size = image.size
        if len(content) < MIN_OCR_IMAGE_BYTES or kind not in OCR_IMAGE_TYPES or min(size) < MIN_OCR_SIDE:
            _check_pixels(image)
            return Extracted(method="image", read=True, not_ocr="image trop petite pour être une page")
        why = page_test(_thumbnail(image))
    if why:
        return Extracted(method="image", read=True, not_ocr=f"l'image ne ressemble pas à une page ({why})")
    if not ocr or not ocr_available(lang):
        return Extracted(method="image", ocr_unavailable=True, read=True)
    if defer_ocr:
        return Extracted(method="image", needs_ocr=True, read=True)
    with tempfile.TemporaryDirectory(prefix="intake-ocr-") as tmp:
        _ocr_ready(content, Path(tmp) / "in.pgm")
        text, error = _tesseract("in.pgm", tmp, deadline, lang)
    text, cut = _bounded(text)
    return Extracted(text=text, pages=1, method="image-ocr", error=error, truncated=cut, read=True)


MAX_PIXELS = 120_000_000  # larger images are refused by Pillow (decompression bombs)
MIN_OCR_SIDE = 400  # pixels: a smaller picture cannot be the photo or scan of a page
OCR_MAX_SIDE = 3508  # pixels: the long side of an A4 page at 300 dpi, all tesseract needs
PAGE_THUMB = 384  # pixels: the long side of the thumbnail a picture is judged on
PAGE_MAX_RATIO = 2.2  # long side / short side: a page (1.41) photographed in 4:3 or 16:9, not a panorama
PAGE_LIGHT, PAGE_FLAT, PAGE_INK = 150, 30, 60  # grey levels (after autocontrast), see page_test
PAGE_MIN_PAPER, PAGE_MIN_INK = 0.08, 0.005  # fractions of the thumbnail


def _check_pixels(image) -> None:
    """Decode enough to know the picture is one (raises otherwise)."""
    if image.format == "JPEG":
        image.draft("L", (256, 256))  # the whole compressed stream is decoded, at 1/8 scale
        image.load()
    else:
        image.verify()  # structure and checksums (PNG CRCs), without decoding every pixel


def _thumbnail(image):
    """A small grey copy of the picture, decoding no more than needed (JPEG: at 1/2 to 1/8 scale)."""
    if image.format == "JPEG":
        image.draft("L", (PAGE_THUMB, PAGE_THUMB))
    thumb = image.convert("L")
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
    from PIL import ImageChops, ImageFilter, ImageOps

    w, h = thumb.size
    if check_shape and max(w, h) > PAGE_MAX_RATIO * max(1, min(w, h)):
        return "format trop allongé"
    g = ImageOps.autocontrast(thumb.convert("L"), cutoff=1)
    lightest, darkest = g, g
    for _ in range(3):  # three 3x3 passes make the 7x7 neighbourhood, several times faster than one 7x7 filter
        lightest, darkest = lightest.filter(ImageFilter.MaxFilter(3)), darkest.filter(ImageFilter.MinFilter(3))
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


def _ocr_ready(content: bytes, target: Path) -> None:
    """The picture upright (EXIF orientation), in grey, at most OCR_MAX_SIDE pixels: what tesseract needs."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(content)) as image:
        if image.format == "JPEG":
            image.draft("L", (OCR_MAX_SIDE, OCR_MAX_SIDE))  # decoded at a smaller scale when it is still large
        upright = ImageOps.exif_transpose(image)
        grey = upright.convert("L") if upright.mode != "L" else upright
        grey.thumbnail((OCR_MAX_SIDE, OCR_MAX_SIDE))
        grey.save(target, format="PPM")


def _iso_boxes(content: bytes) -> bool:
    """HEIC (ISO base media file): its top-level boxes tile the file exactly, starting with `ftyp`."""
    at, names = 0, list[bytes]()
    while at + 8 <= len(content) and len(names) < 1000:
        size, name = int.from_bytes(content[at:at + 4], "big"), content[at + 4:at + 8]
        if size == 1 and at + 16 <= len(content):
            size = int.from_bytes(content[at + 8:at + 16], "big")
        elif size == 0:
            size = len(content) - at
        if size < 8:
            return False
        names.append(name)
        at += size
    return at == len(content) and names[:1] == [b"ftyp"] and b"meta" in names


def _tesseract(image: str, folder: str, deadline: float, lang: str) -> tuple[str, str]:
    done, error = _run(["tesseract", image, "stdout", "-l", lang], folder, deadline)
    if error:
        return "", error
    if done.returncode != 0:
        return "", "lecture optique impossible (image illisible)"
    return done.stdout.decode("utf-8", "replace"), ""


def _run(argv: list[str], folder: str, deadline: float):
    """Run a tool in `folder` until `deadline`: (CompletedProcess, "") or (None, why it did not finish)."""
    left = deadline - time.monotonic()
    if left < 1:
        return None, "lecture interrompue (temps dépassé)"
    if shutil.which("prlimit"):
        argv = ["prlimit", f"--as={CHILD_MEMORY}", "--", *argv]  # prlimit execs the tool: same process
    try:
        return subprocess.run(argv, cwd=folder, capture_output=True, timeout=left,
                              env={**os.environ, "OMP_THREAD_LIMIT": "1"}), ""
    except subprocess.TimeoutExpired:
        return None, "lecture interrompue (temps dépassé)"
    except OSError as exc:
        return None, f"outil de lecture indisponible ({exc.strerror})"


# --------------------------------------------------------------------------- Office Open XML
def _package(content: bytes) -> zipfile.ZipFile:
    """The ZIP of a DOCX, PPTX or ODF document, refused when it would expand past MAX_PACKAGE_BYTES.

    zipfile never gives more bytes than an entry declares (it checks the CRC of what it gave), so
    the declared sizes bound what reading can cost."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    if sum(info.file_size for info in archive.infolist()) > MAX_PACKAGE_BYTES:
        archive.close()
        raise TooLarge(f"more than {MAX_PACKAGE_BYTES} bytes expanded")
    return archive


def _xml(archive: zipfile.ZipFile, name: str):
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise TooLarge(f"{name}: {info.file_size} bytes expanded")
    return ElementTree.fromstring(archive.read(info))


def _docx(content: bytes, **_) -> Extracted:
    with _package(content) as archive:
        root = _xml(archive, "word/document.xml")
        lines = _blocks(root)
        for name in sorted(n for n in archive.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n)):
            lines += _blocks(_xml(archive, name))
        macros = _zip_macros(archive)
    text, cut = _bounded("\n".join(lines))
    fields = _word_fields(root)
    return Extracted(text=text, method="docx", macros=macros, truncated=cut, form_fields=fields,
                     read=bool(text.strip() or fields))


def _pptx(content: bytes, **_) -> Extracted:
    with _package(content) as archive:
        slides = sorted((int(m.group(1)), m.group(0)) for n in archive.namelist()
                        if (m := re.fullmatch(r"ppt/slides/slide(\d+)\.xml", n)))
        lines: list[str] = []
        for _number, name in slides[:MAX_SLIDES]:
            lines += _blocks(_xml(archive, name))
        macros = _zip_macros(archive)
    text, cut = _bounded("\n".join(lines))
    return Extracted(text=text, pages=len(slides), method="pptx", macros=macros,
                     truncated=cut or len(slides) > MAX_SLIDES, read=bool(slides))


def _macros_only(content: bytes, **_) -> Extracted:
    """Spreadsheets: no text worth reading, but a macro workbook is never a piece."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return Extracted(macros=_zip_macros(archive))


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(el, name: str) -> str:
    """An attribute by local name, whatever its namespace (transitional or strict OOXML)."""
    return next((v for k, v in el.attrib.items() if _local(k) == name), "")


def _blocks(el) -> list[str]:
    """Lines of text in reading order: one per paragraph, one per table row (cells separated by a tab)."""
    out = []
    for child in el:
        name = _local(child.tag)
        if name == "Fallback" or name.endswith("Pr"):  # duplicate of mc:Choice; properties hold no text
            continue
        if name == "p":
            out += _paragraph(child)
        elif name == "tr":
            out.append("\t".join(" ".join(x.strip() for x in _blocks(tc) if x.strip()) for tc in _cells(child)))
        else:
            out += _blocks(child)
    return out


def _cells(row):
    """The cells of a table row (also those wrapped in a content control), not those of nested tables."""
    for child in row:
        name = _local(child.tag)
        if name == "tc":
            yield child
        elif not name.endswith("Pr"):
            yield from _cells(child)


def _paragraph(p) -> list[str]:
    parts, boxes = [], []

    def walk(el):
        for child in el:
            name = _local(child.tag)
            if name == "Fallback" or name.endswith("Pr"):
                continue
            if name == "t":
                parts.append(child.text or "")
            elif name == "tab":
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "txbxContent":  # a text box anchored here: its own lines, after this one
                boxes.append(child)
            else:
                walk(child)

    walk(p)
    return ["".join(parts)] + [line for box in boxes for line in _blocks(box)]


def _word_fields(root) -> dict[str, str]:
    """Content controls with a tag or title, and legacy form fields (text, check box, drop-down)."""
    fields = {}
    for sdt in (el for el in root.iter() if _local(el.tag) == "sdt"):
        props = _child(sdt, "sdtPr")
        if props is None or _child(props, "showingPlcHdr") is not None:
            continue  # no properties, or still showing "Cliquez ici pour entrer du texte": not filled in
        name = next((_attr(c, "val") for c in props if _local(c.tag) in ("tag", "alias") and _attr(c, "val")), "")
        content = _child(sdt, "sdtContent")
        value = "".join(t.text or "" for t in content.iter() if _local(t.tag) == "t") if content is not None else ""
        if name and value.strip():
            fields[name] = value.strip()
    stack: list[dict] = []  # the fields being read (they can nest): name, value, default, reading the result?
    for el in root.iter():
        name = _local(el.tag)
        if name == "fldChar" and _attr(el, "fldCharType") == "begin":
            stack.append({**_ffdata(_child(el, "ffData")), "parts": [], "result": False})
        elif name == "fldChar" and _attr(el, "fldCharType") == "separate" and stack:
            stack[-1]["result"] = True
        elif name == "fldChar" and _attr(el, "fldCharType") == "end" and stack:
            field = stack.pop()
            value = field["value"] if field["value"] is not None else "".join(field["parts"]).strip()
            if field["name"] and value and value != field["default"]:
                fields[field["name"]] = value
        elif name == "t" and stack and stack[-1]["result"]:
            stack[-1]["parts"].append(el.text or "")
    return fields


def _child(el, name: str):
    return next((c for c in el if _local(c.tag) == name), None) if el is not None else None


def _ffdata(data) -> dict:
    """A legacy form field's name; its value when it is a check box or a drop-down (else read from its result)."""
    if data is None:  # another kind of field (page number, hyperlink...): not a form field
        return {"name": "", "value": None, "default": ""}
    name = _attr(_child(data, "name"), "val") if _child(data, "name") is not None else ""
    box, choices, text = _child(data, "checkBox"), _child(data, "ddList"), _child(data, "textInput")
    if box is not None:
        state = _child(box, "checked") if _child(box, "checked") is not None else _child(box, "default")
        checked = state is not None and _attr(state, "val") not in ("0", "false", "off")
        return {"name": name, "value": "X" if checked else "", "default": ""}
    if choices is not None:
        entries = [_attr(c, "val") for c in choices if _local(c.tag) == "listEntry"]
        chosen = _attr(_child(choices, "result"), "val") if _child(choices, "result") is not None else "0"
        value = entries[int(chosen)] if chosen.isdigit() and int(chosen) < len(entries) else ""
        return {"name": name, "value": value, "default": ""}
    default = _child(text, "default") if text is not None else None
    return {"name": name, "value": None, "default": _attr(default, "val") if default is not None else ""}


def _zip_macros(archive: zipfile.ZipFile) -> bool:
    return any(n.lower().endswith("vbaproject.bin") or n.lower().startswith("basic/") for n in archive.namelist())


# --------------------------------------------------------------------------- OpenDocument, OLE, RTF, DOC, text
def _odf(content: bytes, *, kind: str, **_) -> Extracted:
    with _package(content) as archive:  # odfpy loads every part: the package size bounds it
        for name in ("content.xml", "styles.xml", "META-INF/manifest.xml"):
            if name in archive.namelist() and archive.getinfo(name).file_size > MAX_PART_BYTES:
                raise TooLarge(f"{name} too large")
        manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in archive.namelist() else b""
        macros = _zip_macros(archive)
    if b"encryption-data" in manifest:
        return Extracted(method=kind, encrypted=True, macros=macros)
    from odf.opendocument import load

    document = load(io.BytesIO(content))
    lines: list[str] = []
    fields: dict[str, str] = {}
    _odf_walk(document.body, lines, fields)
    text, cut = _bounded("\n".join(lines))
    return Extracted(text=text, method=kind, macros=macros, truncated=cut, form_fields=fields,
                     read=bool(text.strip() or fields or kind == "odp"))


_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_FORM_NS = "urn:oasis:names:tc:opendocument:xmlns:form:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _odf_walk(el, lines: list[str], fields: dict[str, str]) -> None:
    """Lines in reading order (paragraphs, headings, table rows with tab-separated cells) and form values."""
    from odf import teletype
    from odf.text import TextInput

    for child in el.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        ns, name = child.qname
        attrs = {k[1]: v for k, v in child.attributes.items()}
        if ns == _TEXT_NS and name in ("p", "h"):
            lines.append(teletype.extractText(child))
            for el_input in child.getElementsByType(TextInput):  # Insertion > Champ > Champ de saisie
                label, value = el_input.getAttribute("description"), teletype.extractText(el_input).strip()
                if label and value:
                    fields[label] = value
        elif ns == _TABLE_NS and name == "table-row":
            cells = []
            for cell in child.childNodes:
                if cell.nodeType == cell.ELEMENT_NODE:
                    sub: list[str] = []
                    _odf_walk(cell, sub, fields)
                    cells.append(" ".join(s.strip() for s in sub if s.strip()))
            lines.append("\t".join(cells))
        elif ns == _FORM_NS and attrs.get("name"):
            if name in ("checkbox", "radio"):
                value = (attrs.get("value") or "X") if attrs.get("current-state") == "checked" else ""
            else:
                value = attrs.get("current-value") or attrs.get("value") or ""
            if value.strip():
                fields[attrs["name"]] = value.strip()
            _odf_walk(child, lines, fields)
        else:
            _odf_walk(child, lines, fields)


def _ole(content: bytes, **_) -> Extracted:
    """An OLE file no reader handles (xls, ppt, or an Office file protected by a password)."""
    return Extracted(macros=_ole_macros(content), encrypted="EncryptedPackage".encode("utf-16-le") in content)


def _ole_macros(content: bytes) -> bool:
    return content.startswith(OLE_MAGIC) and "_VBA_PROJECT".encode("utf-16-le") in content


def _rtf(content: bytes, **_) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    page = re.search(rb"\\ansicpg(\d{3,5})", content[:4096])
    encoding = f"cp{int(page.group(1))}" if page else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    text, cut = _bounded(rtf_to_text(content.decode("latin-1"), encoding=encoding, errors="replace"))
    return Extracted(text=text, method="rtf", truncated=cut, read=bool(text.strip()))


def _doc(content: bytes, *, deadline: float, **_) -> Extracted:
    macros, encrypted = _ole_macros(content), "EncryptedPackage".encode("utf-16-le") in content
    if encrypted:
        return Extracted(method="doc", encrypted=True, macros=macros)
    if shutil.which("antiword") is None:
        return Extracted(method="none", macros=macros,
                         error="format .doc ancien : pas de lecteur installé (antiword)")
    with tempfile.TemporaryDirectory(prefix="intake-doc-") as tmp:
        (Path(tmp) / "in.doc").write_bytes(content)
        done, error = _run(["antiword", "-m", "UTF-8.txt", "in.doc"], tmp, deadline)
    if error or done.returncode != 0:
        return Extracted(method="doc", macros=macros, error=error or "document .doc illisible")
    text, cut = _bounded(done.stdout.decode("utf-8", "replace"))
    return Extracted(text=text, method="doc", macros=macros, truncated=cut, read=bool(text.strip()))


def _txt(content: bytes, **_) -> Extracted:
    text, cut = _bounded(content.decode("utf-8", "replace"))
    return Extracted(text=text, method="txt", truncated=cut, read=bool(text.strip()))


_READERS = {"pdf": _pdf, "docx": _docx, "pptx": _pptx, "xlsx": _macros_only, "odt": _odf, "odp": _odf,
            "ods": _odf, "rtf": _rtf, "doc": _doc, "xls": _ole, "ppt": _ole, "txt": _txt}
