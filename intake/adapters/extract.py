"""Read inside a file: its text, pages and form fields (PDF, DOCX, ODT, RTF, DOC), OCR for scans.

IO: OCR runs Debian's `pdftoppm` (poppler-utils) and `tesseract` (with the
French language, tesseract-ocr-fra) as subprocesses, in a temporary folder that
is always removed, with a timeout. Never raises for bad input: an unreadable
file gives `Extracted(error=...)`. Set INTAKE_OCR=off to run as if OCR were not
installed; then files that need OCR say so (`ocr_unavailable`), never a guess.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from intake.core.content import Extracted

log = logging.getLogger("intake.extract")

MAX_TEXT = 200_000
OCR_IMAGE_TYPES = ("jpg", "png", "tif", "bmp", "gif")
MIN_OCR_IMAGE_BYTES = 20_000  # smaller images (logos, icons) cannot be the photo of a page
MIN_TEXT_PER_PAGE = 10  # fewer characters than this on average: an image-only PDF (a scan)


@functools.lru_cache(maxsize=4)
def _ocr_tools(lang: str) -> bool:
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return lang in (langs.stdout + langs.stderr).split()


def ocr_available(lang: str = "fra") -> bool:
    return os.environ.get("INTAKE_OCR", "on").lower() != "off" and _ocr_tools(lang)


def extract(content: bytes, detected_type: str, *, ocr: bool = True, max_pages: int = 10, timeout: float = 60.0,
            lang: str = "fra") -> Extracted:
    reader = _READERS.get(detected_type)
    if reader is None:
        if detected_type in OCR_IMAGE_TYPES and len(content) >= MIN_OCR_IMAGE_BYTES:
            return _ocr_image(content, detected_type, ocr, timeout, lang)
        return Extracted()
    try:
        return reader(content, ocr=ocr, max_pages=max_pages, timeout=timeout, lang=lang)
    except Exception as exc:  # third-party parsers raise many types on hostile files
        log.info("cannot read a %s file: %s: %s", detected_type, type(exc).__name__, exc)
        return Extracted(method=detected_type, error=f"{detected_type} illisible ({type(exc).__name__})")


def _bounded(text: str) -> tuple[str, bool]:
    return (text[:MAX_TEXT], len(text) > MAX_TEXT)


def _pdf(content: bytes, *, ocr: bool, max_pages: int, timeout: float, lang: str) -> Extracted:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            return Extracted(method="pdf-text", encrypted=True)
    pages = len(reader.pages)
    texts = []
    deadline = time.monotonic() + timeout
    for page in reader.pages[:max_pages]:
        if time.monotonic() > deadline:
            break
        texts.append(page.extract_text() or "")
    fields = {}
    for name, spec in (reader.get_fields() or {}).items():
        value = spec.get("/V") if hasattr(spec, "get") else None
        if value not in (None, "", "/Off"):
            fields[str(name)] = str(value).lstrip("/")
    text = "\n".join(texts)
    read = max(1, min(pages, max_pages))
    if len(text.strip()) >= MIN_TEXT_PER_PAGE * read or fields:
        text, cut = _bounded(text)
        return Extracted(text=text, pages=pages, method="pdf-text", form_fields=fields,
                         truncated=cut or pages > max_pages)
    if not ocr or not ocr_available(lang):
        return Extracted(text=text, pages=pages, method="pdf-text", ocr_unavailable=True)
    ocr_text, error = _ocr_pdf(content, min(read, max_pages), timeout, lang)
    text, cut = _bounded(ocr_text)
    return Extracted(text=text, pages=pages, method="pdf-ocr", error=error, truncated=cut or pages > max_pages)


def _ocr_pdf(content: bytes, pages: int, timeout: float, lang: str) -> tuple[str, str]:
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="intake-ocr-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(content)
        try:
            subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", "1", "-l", str(pages), str(pdf),
                            str(Path(tmp) / "page")], capture_output=True, timeout=max(1.0, timeout), check=True)
        except (subprocess.TimeoutExpired, subprocess.CalledProcessError, OSError) as exc:
            return "", f"rasterisation impossible ({type(exc).__name__})"
        texts = []
        for image in sorted(Path(tmp).glob("page*.png")):
            left = deadline - time.monotonic()
            if left <= 1:
                return "\n".join(texts), "lecture optique interrompue (temps dépassé)"
            text, error = _tesseract(image, left, lang)
            if error:
                return "\n".join(texts), error
            texts.append(text)
        return "\n".join(texts), ""


def _tesseract(image: Path, timeout: float, lang: str) -> tuple[str, str]:
    try:
        done = subprocess.run(["tesseract", str(image), "stdout", "-l", lang], capture_output=True,
                              timeout=max(1.0, timeout), env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        return "", "lecture optique interrompue (temps dépassé)"
    except OSError as exc:
        return "", f"lecture optique impossible ({exc.strerror})"
    if done.returncode != 0:
        return "", "lecture optique impossible"
    return done.stdout.decode("utf-8", "replace"), ""


def _ocr_image(content: bytes, detected_type: str, ocr: bool, timeout: float, lang: str) -> Extracted:
    if not ocr or not ocr_available(lang):
        return Extracted(method="none", ocr_unavailable=True)
    with tempfile.TemporaryDirectory(prefix="intake-ocr-") as tmp:
        image = Path(tmp) / f"in.{detected_type}"
        image.write_bytes(content)
        text, error = _tesseract(image, timeout, lang)
    text, cut = _bounded(text)
    if error and "temps" not in error:
        error = ""  # a photo tesseract cannot decode simply has no text to read
    return Extracted(text=text, pages=1, method="image-ocr", error=error, truncated=cut)


def _docx(content: bytes, **_) -> Extracted:
    import docx

    macros = _has_macros(content)
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    text, cut = _bounded("\n".join(parts))
    return Extracted(text=text, method="docx", macros=macros, truncated=cut, form_fields=_docx_controls(content))


def _docx_controls(content: bytes) -> dict[str, str]:
    """Content controls (w:sdt) with a tag or title: the fields of a Word form."""
    from xml.etree import ElementTree

    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    fields = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    for sdt in root.iter(f"{{{ns['w']}}}sdt"):
        props = sdt.find("w:sdtPr", ns)
        name = None
        for tag in ("w:tag", "w:alias"):
            el = props.find(tag, ns) if props is not None else None
            if el is not None and el.get(f"{{{ns['w']}}}val"):
                name = el.get(f"{{{ns['w']}}}val")
                break
        value = "".join(t.text or "" for t in sdt.iter(f"{{{ns['w']}}}t")).strip()
        if name and value:
            fields[name] = value
    return fields


def _has_macros(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return any(n.lower().endswith("vbaproject.bin") or n.lower().startswith("basic/")
                       for n in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _odt(content: bytes, **_) -> Extracted:
    from odf import teletype
    from odf import text as odf_text
    from odf.opendocument import load

    document = load(io.BytesIO(content))
    parts = [teletype.extractText(el) for el in document.getElementsByType(odf_text.H)]
    parts += [teletype.extractText(el) for el in document.getElementsByType(odf_text.P)]
    text, cut = _bounded("\n".join(parts))
    return Extracted(text=text, method="odt", macros=_has_macros(content), truncated=cut)


def _rtf(content: bytes, **_) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    text, cut = _bounded(rtf_to_text(content.decode("latin-1", "replace")))
    return Extracted(text=text, method="rtf", truncated=cut)


def _doc(content: bytes, *, timeout: float, **_) -> Extracted:
    tool = shutil.which("antiword")
    if tool is None:
        return Extracted(method="doc", error="format .doc ancien : pas de lecteur installé (antiword)")
    with tempfile.TemporaryDirectory(prefix="intake-doc-") as tmp:
        path = Path(tmp) / "in.doc"
        path.write_bytes(content)
        done = subprocess.run([tool, "-m", "UTF-8.txt", str(path)], capture_output=True, timeout=timeout)
    text, cut = _bounded(done.stdout.decode("utf-8", "replace"))
    return Extracted(text=text, method="doc", error="" if done.returncode == 0 else "document .doc illisible",
                     truncated=cut)


def _txt(content: bytes, **_) -> Extracted:
    text, cut = _bounded(content.decode("utf-8", "replace"))
    return Extracted(text=text, method="txt", truncated=cut)


_READERS = {"pdf": _pdf, "docx": _docx, "odt": _odt, "rtf": _rtf, "doc": _doc, "txt": _txt}
