"""Office documents: DOCX, PPTX (and XLSX macros), ODF, OLE, RTF, old DOC, plain text.

Called by adapters/extract.py (see its docstring for what is read).
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from intake.adapters.readlimits import _bounded, _run
from intake.core.charset import decoded_text
from intake.core.content import Extracted

MAX_SLIDES = 200
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PART_BYTES = 20_000_000  # an XML part of a DOCX/PPTX/ODF larger than this once expanded: a bomb, not a document
MAX_PACKAGE_BYTES = 200_000_000  # all the parts of a DOCX/PPTX/ODF, expanded


class TooLarge(ValueError):
    """A document whose parts would expand past MAX_PART_BYTES / MAX_PACKAGE_BYTES (a decompression bomb)."""


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


def _parts_within(archive: zipfile.ZipFile, names: list[str]) -> None:
    """The XML parts a reader parses, bounded together as one part is: each within MAX_PART_BYTES was not enough,
    a 555 KB DOCX of nine 20 MB headers took 31 s to read (a PPTX's slides, an ODF's parts alike)."""
    size = sum(archive.getinfo(name).file_size for name in names)
    if size > MAX_PART_BYTES:
        raise TooLarge(f"{size} bytes of XML expanded")


def _docx(content: bytes, **_) -> Extracted:
    with _package(content) as archive:
        margins = sorted(n for n in archive.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        _parts_within(archive, ["word/document.xml", *margins])
        root = _xml(archive, "word/document.xml")
        lines = _blocks(root)
        for name in margins:
            lines += _blocks(_xml(archive, name))
        macros = _zip_macros(archive)
    text, cut = _bounded("\n".join(lines))
    fields = _word_fields(root)
    return Extracted(text=text, method="docx", macros=macros, truncated=cut, form_fields=fields,
                     read=bool(text.strip() or fields))


MAX_PICTURE_BYTES = 50_000_000  # a picture of a Word file larger than this once expanded is not read


def _media(content: bytes, kind: str = "docx", limit: int = 10) -> tuple[list[bytes], int]:
    """The pictures a .docx or an .odt shows, in the order its text places them (a .docx's word/media/…, through the
    relationships of word/document.xml; an .odt's Pictures/…, named by the draw:image of content.xml), the first
    `limit` of them (none larger than MAX_PICTURE_BYTES), and how many it shows in all."""
    with _package(content) as archive:
        names = set(archive.namelist())
        if kind == "docx":
            if "word/_rels/document.xml.rels" not in names:
                return [], 0
            targets = {_attr(rel, "Id"): "word/" + _attr(rel, "Target").lstrip("/").removeprefix("word/")
                       for rel in _xml(archive, "word/_rels/document.xml.rels")}
            order = [targets.get(_attr(el, "embed"), "") for el in _xml(archive, "word/document.xml").iter()
                     if _local(el.tag) == "blip"]
        elif "content.xml" in names:
            order = [_attr(el, "href") for el in _xml(archive, "content.xml").iter() if _local(el.tag) == "image"]
        else:
            return [], 0
        shown = [name for name in dict.fromkeys(order) if name in names]
        return [archive.read(name) for name in shown[:limit]
                if archive.getinfo(name).file_size <= MAX_PICTURE_BYTES], len(shown)


def _pptx(content: bytes, **_) -> Extracted:
    with _package(content) as archive:
        slides = sorted((int(m.group(1)), m.group(0)) for n in archive.namelist()
                        if (m := re.fullmatch(r"ppt/slides/slide(\d+)\.xml", n)))
        _parts_within(archive, [name for _number, name in slides[:MAX_SLIDES]])
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
        # and parses its XML parts into one tree in memory: content.xml and styles.xml, but also meta.xml,
        # settings.xml and each embedded object's (« Object 1/content.xml »...), all together bounded as one part
        # (a 140 KB ODT whose meta.xml held 58 MB of keywords took 42 s and 1.8 GB to read)
        _parts_within(archive, [name for name in archive.namelist() if name.lower().endswith(".xml")])
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
_DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"


def _odf_line(el, boxes: list) -> str:
    """A paragraph's own text, as odfpy's teletype reads it (spaces, tabs, line breaks), without what is drawn in it:
    a frame or text box anchored there (`draw:frame`, `draw:custom-shape`...: a letter's address block, a form's
    « Cadre réservé à l'administration ») is put in `boxes`, read as lines of its own after this one. teletype glued
    its paragraphs to this one's text and to each other (« …le 2 décembre 2026Monsieur le MaireHôtel de Ville »)."""
    parts: list[str] = []
    for child in el.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType == child.ELEMENT_NODE:
            ns, name = child.qname
            if ns == _DRAW_NS:
                boxes.append(child)
            elif ns == _TEXT_NS and name == "line-break":
                parts.append("\n")
            elif ns == _TEXT_NS and name == "tab":
                parts.append("\t")
            elif ns == _TEXT_NS and name == "s":
                count = child.getAttribute("c")
                parts.append(" " * (int(count) if count and count.isdigit() else 1))
            else:
                parts.append(_odf_line(child, boxes))
    return "".join(parts)


def _odf_walk(el, lines: list[str], fields: dict[str, str]) -> None:
    """Lines in reading order (paragraphs, headings, table rows with tab-separated cells, then the paragraphs of the
    frames and text boxes a paragraph holds) and form values."""
    from odf import teletype
    from odf.text import TextInput

    for child in el.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        ns, name = child.qname
        attrs = {k[1]: v for k, v in child.attributes.items()}
        if ns == _TEXT_NS and name in ("p", "h"):
            boxes: list = []
            lines.append(_odf_line(child, boxes))
            for el_input in child.getElementsByType(TextInput):  # Insertion > Champ > Champ de saisie
                label, value = el_input.getAttribute("description"), teletype.extractText(el_input).strip()
                if label and value:
                    fields[label] = value
            for box in boxes:
                _odf_walk(box, lines, fields)
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
    """A text file, read as a body that declares no charset (core/charset.py): UTF-8, UTF-16 with its mark, or
    Windows-1252 (Notepad's « ANSI »), whose accented letters were U+FFFD and matched no word of the rules."""
    text, cut = _bounded(decoded_text(content))
    return Extracted(text=text, method="txt", truncated=cut, read=bool(text.strip()))
