"""Read inside a file: its text, pages and form fields (PDF, DOCX, PPTX, ODF, RTF, DOC), OCR for scans.

This module holds the dispatcher (`extract`, `has_reader`) and the PDF reader; adapters/ocr.py the pictures,
the page test, rasterising and tesseract; adapters/office.py the office formats; adapters/readlimits.py the
bounds they share (text kept, the time and memory of the tools they run).

`extract(content, detected_type)` -> `Extracted` (intake/core/content.py). It never
raises for bad input: an unreadable file gives `Extracted(error=...)` (third-party
parsers raise many exception types on hostile files; they are all caught here).
`read=True` only when a reader understood the file and found what it holds: text or
form fields, slides, or an image's pixels (Pillow decodes it; HEIC through pillow-heif). Run it
through adapters/readers.py, which bounds its time and keeps its prints out of the logs.

- PDF: pypdf (text layer of the first `max_pages` pages and the text boxes added on them, AcroForm field values,
  also read as text;
  a PDF that opens with the empty password is read, otherwise `encrypted`).
- DOCX and PPTX: their XML, read in document order (paragraphs, tables, text
  boxes, block content controls, headers and footers); content controls with a
  tag or title and legacy form fields (FORMTEXT, check boxes, drop-downs) become
  `form_fields`. ODT/ODP/ODS: odfpy (text, form controls, input fields).
  RTF: striprtf. Old .doc: Debian's `antiword` when installed.
- Macros (vbaProject.bin, ODF Basic, OLE `_VBA_PROJECT`) set `macros`; a
  password-protected Office file (an OLE `EncryptedPackage`) or ODF file sets `encrypted`.
- OCR: an image-only PDF (almost no text layer), or the pages of a PDF whose text layer is junk (core/text.py
  `garbled`: a font mapping its glyphs to no letters), is rasterised by Debian's
  `pdftoppm` (poppler-utils; grey PGM at OCR_DPI, lower for pages over
  MAX_RASTER_SIDE pixels; at most `max_pages`), then read by tesseract in French
  (Debian's tesseract-ocr-fra data; the engine is tesserocr, loaded once per reading
  process). A picture is OCR'd only when it can be the photo or scan of a page
  (`page_test`, on a small grey thumbnail: not too elongated, a light paper area,
  dark strokes on it), turned upright (EXIF; a HEIC: its own `irot`/`imir` boxes), a
  transparent background laid on white (`on_white`), in grey, at most OCR_MAX_SIDE pixels
  (about 300 dpi of an A4 page). Subprocesses run in a temporary folder that is
  always removed, with a timeout and, where util-linux's `prlimit` exists, a memory
  cap; tesseract's recognition stops at the same deadline (its page layout analysis
  cannot be stopped from inside: the reading process is killed a little later,
  adapters/readers.py `task_timeout`). A timeout or failure sets `error`.
- `defer_ocr=True` reads everything cheap and leaves OCR for later: a file whose text
  only OCR can give comes back with `needs_ocr=True` (a scanned PDF whose first page
  renders with ink on it, or a picture whose pixels decode, counts as read: its pixels
  are there; the picture's `page_test` is made with its OCR, at once for a picture
  over LATE_PAGE_TEST_BYTES). pipeline/read.py then OCRs only the files whose text can change
  the decision (intake/core/ocrplan.py).

Set INTAKE_OCR=off to run as if OCR were not installed. Without OCR (tesseract,
its `fra` language, tesserocr or pdftoppm missing) a file that needs it says so
(`ocr_unavailable=True`): never a guess.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import sys
import time
from array import array
from typing import Any

from intake.adapters.ocr import IMAGE_TYPES, _first_page_test, _image, _ocr_pdf, _raster_dpi, ocr_available
from intake.adapters.office import OLE_MAGIC, TooLarge, _doc, _docx, _macros_only, _media, _odf, _ole, _pptx, _rtf, _txt
from intake.adapters.readlimits import TIMED_OUT, _bounded, bounded_fields
from intake.core.content import Extracted
from intake.core.sniff import VIDEO_TYPES, detect_type
from intake.core.text import garbled

log = logging.getLogger("intake.extract")

MIN_TEXT_PER_PAGE = 10  # fewer visible characters than this on average: an image-only PDF (a scan)
# Fewer than this on average, and a picture on every page read: a scan too. A scanner app stamps a line of real text
# on each page of its pictures (« Numérisé avec CamScanner »), a copier a date or a page number: that text alone
# took the scan for a text PDF, never read by OCR (the letter « à vérifier », asked of the applicant again).
STAMP_TEXT_PER_PAGE = 80


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
        found = reader(content, kind=detected_type, ocr=ocr, max_pages=max_pages,
                       deadline=time.monotonic() + timeout, lang=lang, defer_ocr=defer_ocr)
        if not found.form_fields:
            return found
        fields, cut = bounded_fields(found.form_fields)
        return dataclasses.replace(found, form_fields=fields, truncated=found.truncated or cut)
    except TooLarge:
        log.info("not reading a %s file: too large once expanded", detected_type)
        return Extracted(method=detected_type, error=f"{detected_type} trop volumineux une fois décompressé")
    except Exception as exc:  # noqa: BLE001 - parsers raise many types on hostile files
        # the type only: a parser's message may quote the document, and logs must never hold its text
        log.info("cannot read a %s file: %s", detected_type, type(exc).__name__)
        # staff read the error: French, no parser's name (the log has it)
        why = f"fichier {detected_type} illisible (abîmé, ou d'une forme que le lecteur ne connaît pas)"
        return Extracted(method=detected_type, error=why)


# --------------------------------------------------------------------------- PDF
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
            texts.append("\n".join(filter(None, (page.extract_text() or "", _text_boxes(page)))))
        except Exception:  # noqa: BLE001 - one broken page does not hide the others
            texts.append("")
    # a page whose text layer is junk (core/text.py `garbled`: a font that maps its glyphs to no letters) is read as a
    # scanned page is: by OCR; its junk is never kept (nor shown to staff as the file's text)
    junk = [number for number, page_text in enumerate(texts, 1) if garbled(page_text)]
    text, fields = "\n".join("" if n in junk else t for n, t in enumerate(texts, 1)), _pdf_fields(reader)
    truncated = pages > read
    scanned = _scanned(reader.pages[:read], len("".join(text.split())), read)
    if not (scanned or junk) or fields:
        # what was typed in its fields is writing on the page too (a letter typed in Acrobat's « Texte1 »), after two
        # empty lines: rules/fields.toml's `after` never takes a value for the page's last label from there
        text, cut = _bounded("\n\n\n".join(filter(None, (text, "\n".join(fields.values())))))
        return Extracted(text=text, pages=pages, method="pdf-text", form_fields=fields, truncated=cut or truncated,
                         read=True)
    if not ocr or not ocr_available(lang):  # the pages that are text are read: only the others need OCR
        return Extracted(text=text, pages=pages, method="pdf-text", ocr_unavailable=True, read=not scanned)
    if defer_ocr:  # its pixels are read now (its first page renders, with ink on it); its text later, if it matters
        why = _first_page_test(content, deadline) if scanned else ""
        # a first page that could not even be drawn as a thumbnail in the file's time (a content stream that
        # inflates to gigabytes) is not drawn again, larger, for OCR: each file has its time once
        return Extracted(text=text, pages=pages, method="pdf-image", needs_ocr=why != TIMED_OUT, read=not why,
                         error=why if why else "")
    numbers = list(range(1, read + 1)) if scanned else junk
    ocr_text, error = _ocr_pdf(content, numbers, _raster_dpi(reader.pages[:read]), deadline, lang)
    text, cut = _bounded((text.strip() + "\n" + ocr_text).strip())
    return Extracted(text=text, pages=pages, method="pdf-ocr", error=error, truncated=cut or truncated,
                     read=bool(text.strip()) and not error)


MAX_TEXT_BOXES = 500  # annotations of a page looked at for text boxes (a page of comments has dozens)


def _text_boxes(page) -> str:
    """The text of the text boxes added on the page (FreeText annotations: macOS Preview's « Zone de texte »,
    Acrobat's « Ajouter du texte » or « Remplir et signer »), one line each: a letter typed on a letterhead that way has
    no other text. Comments (notes, highlights) are not the page's writing: not read."""
    lines = []
    try:  # `page["/Annots"]` resolves an array written apart (« /Annots 12 0 R »), as most writers do
        annotations = list(page["/Annots"])[:MAX_TEXT_BOXES] if "/Annots" in page else []
        for ref in annotations:
            annotation = ref.get_object()
            if isinstance(annotation, dict) and annotation.get("/Subtype") == "/FreeText" and "/Contents" in annotation:
                lines.append(str(annotation["/Contents"]))
    except Exception:  # noqa: BLE001 - broken annotations do not hide the page's own text
        pass
    return "\n".join(lines)


def _scanned(pages, visible: int, read: int) -> bool:
    """Whether the pages read are a scan, whose text only OCR gives: hardly any text (`MIN_TEXT_PER_PAGE`), or only
    a stamped line (`STAMP_TEXT_PER_PAGE`) on pages that each hold a picture."""
    if visible < MIN_TEXT_PER_PAGE * read:
        return True
    if visible >= STAMP_TEXT_PER_PAGE * read:
        return False
    try:  # lists each page's image objects; decodes none
        return all(len(page.images) > 0 for page in pages)
    except Exception:  # noqa: BLE001 - a broken page's resources: taken for what its text says
        return False


def _pdf_fields(reader) -> dict[str, str]:
    try:
        found = reader.get_fields() or {}
    except Exception:  # noqa: BLE001 - a broken form does not hide the text
        return {}
    fields = {}
    for name, spec in found.items():
        value = spec.get("/V") if hasattr(spec, "get") else None
        # a digital signature (PAdES: Acrobat's « Signer », Yousign, DocuSign) is a field too, its value the signature
        # dictionary (certificates, bytes): nothing anyone filled in. Counted, it made a scanned letter signed that
        # way a form, never read by OCR, and put the signature's bytes among the fields
        if (hasattr(spec, "get") and spec.get("/FT") == "/Sig") or isinstance(value, dict):
            continue
        if isinstance(value, list):
            value = ", ".join(str(v).lstrip("/") for v in value)
        if value not in (None, "", "/Off"):
            fields[str(name)] = str(value).lstrip("/")
    return fields


# --------------------------------------------------------------------------- video
ISO_MEDIA = ("mp4", "mov", "m4v", "3gp")  # ISO base media files: a sequence of boxes (size, type, content)
MAX_BOXES = 100_000  # top-level boxes of an ISO media file (a phone's has a handful; a fragmented one, two a fragment)
MAX_INDEX_BOXES = 10_000  # boxes looked at inside `moov` (a phone's: a few dozen a track)


def _video(content: bytes, *, kind: str, **_) -> Extracted:
    """A video is not decoded (it has no text to read): it is read when its container holds together. An ISO media
    file (mp4, mov, 3gp) must be top-level boxes that follow one another to its very end, and hold a video: its
    index (`moov`) names a video track (handler `vide`) with samples, whose first chunk lies in the media data
    (`mdat`), which holds at least the bytes the samples add up to (a fragmented file: `moof` fragments, and media
    data). A recording cut off before its index was written, a sound recording, an empty video, or an index with
    nothing of its media in the file is « non lu, à vérifier », not a visual. The media bytes themselves are not
    checked (that takes decoding). The other formats were recognised by their header (core/sniff.py). A file merely
    named .mp4 is no video."""
    if kind in ISO_MEDIA:
        top = _iso_boxes(content, 0, len(content), MAX_BOXES)
        if not {b"mdat", b"moov", b"moof"} & {t for t, _, _ in top}:
            raise ValueError("an ISO media file without media")
        why = _iso_video_missing(content, top)
        if why:
            return Extracted(method="video", error=f"fichier {kind} {why}")
    return Extracted(method="video", read=True)


def _iso_boxes(content: bytes, start: int, end: int, limit: int) -> list[tuple[bytes, int, int]]:
    """The boxes from `start` to `end` as (type, where its content starts, where it ends): they must follow one
    another to `end` exactly (ValueError otherwise, or beyond `limit` boxes)."""
    at, boxes = start, list[tuple[bytes, int, int]]()
    while at < end:
        size, box, header = int.from_bytes(content[at:at + 4], "big"), content[at + 4:at + 8], 8
        if size == 1:  # a 64-bit size follows the type
            size, header = int.from_bytes(content[at + 8:at + 16], "big"), 16
        elif size == 0:  # to the end of the enclosing space
            size = end - at
        if size < header or len(box) < 4 or not all(32 <= c < 127 for c in box) or len(boxes) >= limit:
            raise ValueError("not an ISO media file")
        boxes.append((box, at + header, at + size))
        at += size
    if at != end:
        raise ValueError("an ISO media file cut short")
    return boxes


def _iso_video_missing(content: bytes, top: list[tuple[bytes, int, int]]) -> str:
    """Why this ISO media file is not a video one can play (French, for staff), "" when it is."""
    media = [(start, end) for box, start, end in top if box == b"mdat" and end > start]
    moov = next(((s, e) for box, s, e in top if box == b"moov"), None)
    if moov is None:
        return "sans index (boîte moov) : vidéo coupée pendant l'enregistrement, ou fichier incomplet"
    if not media:
        return "sans données (boîte mdat vide ou absente)"
    budget = [MAX_INDEX_BOXES]

    def children(start: int, end: int) -> list[tuple[bytes, int, int]]:
        found = _iso_boxes(content, start, end, budget[0])
        budget[0] -= len(found)
        return found

    index = children(*moov)
    if any(box == b"cmov" for box, _, _ in index):  # an old QuickTime's compressed index: not opened here
        return ""
    fragmented = any(box == b"mvex" for box, _, _ in index) and any(box == b"moof" for box, _, _ in top)
    why = "sans piste vidéo (un enregistrement sonore ?)"
    for box, start, end in index:
        if box != b"trak":
            continue
        mdia = _first(children(start, end), b"mdia")
        parts = children(*mdia) if mdia else []
        hdlr = _first(parts, b"hdlr")
        if hdlr is None or content[hdlr[0] + 8:hdlr[0] + 12] != b"vide":  # version, flags, pre_defined, handler
            continue
        if fragmented:
            return ""
        minf = _first(parts, b"minf")
        stbl = _first(children(*minf), b"stbl") if minf else None
        table = children(*stbl) if stbl else []
        total, first = _sample_bytes(content, _first(table, b"stsz")), _first_chunk(content, table)
        compact = _first(table, b"stz2")  # sizes in 4, 8 or 16 bits (rare): only their count is looked at
        if compact and compact[1] - compact[0] >= 12 and int.from_bytes(content[compact[0] + 8:compact[0] + 12], "big"):
            total = 1
        if total and first is not None and any(s <= first < e for s, e in media) and \
                total <= sum(e - s for s, e in media):
            return ""
        why = ": sa piste vidéo est vide, ou ses images ne sont pas dans le fichier"
    return why


def _first(boxes: list[tuple[bytes, int, int]], name: bytes) -> tuple[int, int] | None:
    return next(((s, e) for box, s, e in boxes if box == name), None)


def _sample_bytes(content: bytes, stsz: tuple[int, int] | None) -> int:
    """The bytes a track's samples add up to (`stsz`: version and flags, a size for all, the count, each size)."""
    if stsz is None or stsz[1] - stsz[0] < 12:
        return 0
    start, end = stsz
    every, count = (int.from_bytes(content[at:at + 4], "big") for at in (start + 4, start + 8))
    if every:
        return every * count
    stop = start + 12 + (min(end - start - 12, 4 * count) // 4) * 4
    sizes = array("I")  # 4 bytes on every platform Python runs on here (Linux)
    if sizes.itemsize != 4:
        return sum(int.from_bytes(content[at:at + 4], "big") for at in range(start + 12, stop, 4))
    sizes.frombytes(content[start + 12:stop])
    if sys.byteorder == "little":
        sizes.byteswap()
    return sum(sizes)


def _first_chunk(content: bytes, table: list[tuple[bytes, int, int]]) -> int | None:
    """Where a track's first chunk starts in the file (`stco`, or `co64`: version and flags, the count, offsets)."""
    for name, width in ((b"stco", 4), (b"co64", 8)):
        box = _first(table, name)
        if box is not None and box[1] - box[0] >= 8 + width and int.from_bytes(content[box[0] + 4:box[0] + 8], "big"):
            return int.from_bytes(content[box[0] + 8:box[0] + 8 + width], "big")
    return None


# --------------------------------------------------------------------------- text documents of pictures only
def _text_or_pictures(content: bytes, *, kind: str, ocr: bool, max_pages: int, deadline: float, lang: str,
                      defer_ocr: bool = False, **_) -> Extracted:
    """A .docx or an .odt, its text as written; one with no text but pictures is a scan pasted in Word or Writer
    (the signed letter scanned, then « Insertion > Image » and « Enregistrer »): read as the pictures it holds, each
    as a picture file is (adapters/ocr.py: OCR when it looks like a page, now or later with `defer_ocr`), in the
    document's order, at most `max_pages` of them. It had been « aucun contenu lisible », the letter asked of the
    applicant again."""
    found = _docx(content) if kind == "docx" else _odf(content, kind=kind)
    if found.read or found.macros or found.encrypted:
        return found
    media, shown = _media(content, kind, max_pages)
    pictures = [(picture, detected) for picture in media
                if (detected := detect_type(picture)) in IMAGE_TYPES]
    if not pictures:
        return found
    readings = [_image(picture, kind=detected, ocr=ocr, deadline=deadline, lang=lang, defer_ocr=defer_ocr,
                       max_pages=1) for picture, detected in pictures]
    pages = [r for r in readings if r.needs_ocr or r.text.strip() or r.ocr_unavailable or r.error]
    if not pages:  # photos, a logo: no page of writing in them, the document says nothing
        return dataclasses.replace(found, not_ocr=next((r.not_ocr for r in readings if r.not_ocr), ""))
    if any(r.needs_ocr for r in pages):
        return Extracted(method=f"{kind}-images", pages=len(pages), needs_ocr=True, read=True)
    if all(r.ocr_unavailable for r in pages):
        return Extracted(method=f"{kind}-images", pages=len(pages), ocr_unavailable=True)
    text, cut = _bounded("\n".join(r.text for r in pages))
    return Extracted(text=text, pages=len(pages), method=f"{kind}-ocr", read=bool(text.strip()),
                     error=next((r.error for r in pages if r.error), ""), truncated=cut or shown > max_pages)


_READERS = {"pdf": _pdf, "docx": _text_or_pictures, "pptx": _pptx, "xlsx": _macros_only, "odt": _text_or_pictures,
            "odp": _odf, "ods": _odf, "rtf": _rtf, "doc": _doc, "xls": _ole, "ppt": _ole, "txt": _txt,
            **dict.fromkeys(VIDEO_TYPES, _video)}
