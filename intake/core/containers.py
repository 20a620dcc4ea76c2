"""Open containers safely: ZIP archives (nested too), Outlook winmail.dat (TNEF), attached .eml and Outlook .msg files.

Pure: attachments in, the files they hold out, plus flags for what a human
must see (encrypted archive, executable, archive bomb...). Everything is
bounded, for the whole message:
- the bytes taken out of archives (`max_total_bytes`, [limits] max_unpacked_bytes), and their ratio
  to the size of the containers that came with the message (`max_ratio`, once past `ratio_floor`):
  over either, OverLimit (the message is quarantined, raw kept, with the reason);
- the files once containers are opened (`max_files`, [limits] max_attachments): OverLimit too;
- per container, entries (`max_entries`), nesting (`max_depth`), one entry's size and ratio: flagged,
  what is left is not opened;
- the MIME parts of attached messages, together (`max_parts`);
- an Outlook .msg (an OLE compound file, read by olefile from memory): its attached files and those of the
  messages attached in it, at most `max_depth` deep, each at most `max_file_bytes`;
- a winmail.dat's objects: read one by one (each object's own bytes, never the rest of the stream: tnefparse
  copies what is left for every object, which is quadratic), at most `_TNEF_OBJECTS_PER_FILE` per entry;
  its MAPI property blocks are handed to tnefparse only when every count in them fits in their bytes (its
  decoder loops as many times as a count says).
Sizes declared in an archive are not trusted: entries are read in chunks and
cut at the caps. Names are reduced to a clean base name; they never reach a
file system anyway (files are stored by their SHA-256). In the poller this runs in a reading process,
within the message's reading budget (adapters/readers.py `ReaderPool.unpack`).
"""

from __future__ import annotations

import dataclasses
import io
import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from intake.core.message import Attachment, Flag
from intake.core.mimetree import MAX_PARTS, PartBudget, clean_filename
from intake.core.outlook import kids, msg_string, open_item
from intake.core.parse import parse_message
from intake.core.sniff import EXECUTABLE_TYPES, IWORK_NAMES, detect_type
from intake.errors import OverLimit

ARCHIVES = ("zip",)
TNEF_SIGNATURE = b"\x78\x9f\x3e\x22"


@dataclass(frozen=True)
class Limits:
    max_total_bytes: int = 100_000_000  # taken out of archives, for the whole message ([limits] max_unpacked_bytes)
    max_ratio: int = 100  # expanded / compressed: per entry past ratio_floor, and for the whole message
    ratio_floor: int = 10_000_000  # less than this expanded may compress well (text, bitmaps): no ratio check
    max_entries: int = 500
    max_depth: int = 3
    max_file_bytes: int = 50_000_000
    max_files: int = 150  # files once every container is opened ([limits] max_attachments)
    max_parts: int = MAX_PARTS  # MIME parts of the attached messages, together ([limits] max_parts)


class _Budget:
    def __init__(self, limits: Limits):
        self.limits, self.entries, self.files = limits, 0, 0
        self.expanded = 0  # bytes taken out of archives
        self.packed = 0  # bytes of the containers that came with the message (the top-level ones)
        self.parts = PartBudget(limits.max_parts)

    def count_file(self) -> None:
        self.files += 1
        if self.files > self.limits.max_files:
            raise OverLimit(f"plus de {self.limits.max_files} fichiers une fois les archives et les messages joints "
                            "ouverts : limite [limits] max_attachments")


class _Unopened(Exception):
    """A container left as it is, for a person: (problem, detail)."""


def is_container(att: Attachment) -> bool:
    """An archive, a winmail.dat or an attached message: something `unpack` opens."""
    return (att.declared_type == "application/ms-tnef" or att.filename.lower() == "winmail.dat"
            or att.content[:4] == TNEF_SIGNATURE or detect_type(att.content) in (*ARCHIVES, "eml", "msg"))


def unpack(attachments: Iterable[Attachment], limits: Limits = Limits()) -> tuple[list[Attachment], list[Flag]]:
    """The files the attachments hold (containers opened, executables dropped) and the flags. Raises OverLimit
    when the message's files, once opened, are over `limits` (total expanded bytes or ratio, number of files)."""
    budget, out, flags = _Budget(limits), list[Attachment](), list[Flag]()
    for att in attachments:
        _open(att, 0, budget, out, flags)
    return out, flags


def _open(att: Attachment, depth: int, budget: _Budget, out: list[Attachment], flags: list[Flag]) -> None:
    kind = detect_type(att.content)
    if kind in EXECUTABLE_TYPES:
        flags.append(Flag(att.container + att.filename, "executable", f"programme ({kind}) écarté"))
        return
    is_tnef = att.declared_type == "application/ms-tnef" or att.filename.lower() == "winmail.dat" or \
        att.content[:4] == TNEF_SIGNATURE
    if kind not in ARCHIVES and not is_tnef and kind not in ("eml", "msg"):
        budget.count_file()
        out.append(att)
        return
    if depth >= budget.limits.max_depth:
        flags.append(Flag(att.container + att.filename, "too-deep", "archive imbriquée trop profondément"))
        budget.count_file()
        out.append(att)
        return
    if depth == 0:
        budget.packed += len(att.content)
    opener = _zip_entries if kind in ARCHIVES else _tnef_entries if is_tnef else _msg_entries if kind == "msg" \
        else _eml_entries
    try:
        entries = opener(att, budget, flags)
    except OverLimit:
        raise
    except _Unopened as why:
        problem, detail = why.args
        flags.append(Flag(att.container + att.filename, problem, detail))
        budget.count_file()
        out.append(att)
        return
    except Exception as exc:  # noqa: BLE001 - decoders raise anything on hostile bytes (zlib.error, ...)
        flags.append(Flag(att.container + att.filename, "corrupt", f"illisible : {type(exc).__name__}"))
        budget.count_file()
        out.append(att)
        return
    for entry in entries:
        _open(entry, depth + 1, budget, out, flags)


def _child(parent: Attachment, name: str, content: bytes, forwarded: bool = False) -> Attachment:
    return dataclasses.replace(parent, filename=clean_filename(name) or "sans-nom", content=content,
                               declared_type="", inline=False, content_id="", referenced_in_html=False,
                               forwarded=parent.forwarded or forwarded,
                               container=f"{parent.container}{parent.filename}/")


_UTF8_NAMES = 0x800  # general purpose flag bit 11: the entry's name is UTF-8


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author wrote it. macOS (Archive Utility, Finder's « Compresser ») writes UTF-8 names
    without flag bit 11, which zipfile then reads as CP437 (« signe╠üe ») : such a name that is valid UTF-8 is
    read as UTF-8. Windows' « Envoyer vers > Dossier compressé » (before Windows 11 23H2) writes them in the OEM code
    page, CP850 on a French Windows, which CP437 reads alike but for capitals with accents and a few signs: « LETTRE
    À MONSIEUR LE MAIRE.pdf » was « LETTRE ╖ MONSIEUR LE MAIRE.pdf », « Ô » « Γ »; any other such name is read as
    CP850."""
    name = info.filename
    if not info.flag_bits & _UTF8_NAMES and not name.isascii():
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            return name
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp850")
    return name


def _apple_metadata(name: str) -> bool:
    """The Finder's hidden companions of each file (__MACOSX/, ._name AppleDouble forks, .DS_Store): not files."""
    parts = name.split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith("._") or parts[-1] == ".DS_Store"


IWORK_PACKAGES = (".pages", ".numbers", ".key")  # an iWork document saved as a package: a folder of that name


def _iwork_packages(names: Iterable[str]) -> set[str]:
    """The folders of an archive that are iWork documents saved as packages (« Dossier.pages/ » holding
    Index/Document.iwa, or QuickLook/Preview.pdf for iWork '09): Apple Mail zips such a document
    (« Dossier.pages.zip »), as any folder. Each with its trailing « / »."""
    markers = [m.decode() for m in IWORK_NAMES]
    roots: set[str] = set()
    for name in names:
        for marker in markers:
            root = name[:-len(marker)] if name.endswith("/" + marker) else ""
            if root.rstrip("/").lower().endswith(IWORK_PACKAGES):
                roots.add(root)
    return roots


def _package_of(name: str, roots: set[str]) -> str | None:
    """The package (`_iwork_packages`) an entry is in, the outermost; None when none. Looked up by the entry's own
    folders: the archive may name hundreds of thousands of packages in its directory, past the entries opened."""
    at = name.find("/")
    while at != -1:
        if name[:at + 1] in roots:
            return name[:at + 1]
        at = name.find("/", at + 1)
    return None


def _zip_entries(att: Attachment, budget: _Budget, flags: list[Flag]) -> list[Attachment]:
    """The files of a ZIP. An iWork package in it (core/sniff.py reads a single-file one as a document) is one
    document, zipped again as the single-file format is, never its thumbnails (preview.jpg read as the dossier by
    OCR, preview-web.jpg as a visual: a case « complete » on pictures of one page) and its inner files."""
    limits, entries = budget.limits, []
    packages: dict[str, list[tuple[str, bytes]]] = {}
    too_large: set[str] = set()  # packages over the size of one file: set aside, their inner files too
    with zipfile.ZipFile(io.BytesIO(att.content)) as archive:
        roots = _iwork_packages(_entry_name(info) for info in archive.infolist())
        for info in archive.infolist():
            name = _entry_name(info)
            where = f"{att.container}{att.filename}/{name}"
            if info.is_dir() or _apple_metadata(name):
                continue
            budget.entries += 1
            if budget.entries > limits.max_entries:
                flags.append(Flag(att.container + att.filename, "too-many-entries",
                                  f"plus de {limits.max_entries} fichiers : le reste n'est pas ouvert"))
                break
            if info.flag_bits & 0x1:
                flags.append(Flag(where, "encrypted", "fichier protégé par un mot de passe dans l'archive"))
                continue
            root = _package_of(name, roots)
            if root in too_large:
                continue
            content = _read_bounded(archive, info, budget, where, flags)
            if content is not None and root is not None:
                if detect_type(content) in EXECUTABLE_TYPES:  # never carried inside a document staff download
                    flags.append(Flag(where, "executable", f"programme ({detect_type(content)}) écarté"))
                    continue
                held = packages.setdefault(root, [])
                held.append((name[len(root):], content))
                # one document, stored as one file: no larger than one file of an archive may be (max_file_bytes),
                # where its files, each under it, made a file of up to max_unpacked_bytes
                if sum(len(c) for _, c in held) > limits.max_file_bytes:
                    too_large.add(root)
                    del packages[root]
                    flags.append(Flag(f"{att.container}{att.filename}/{root.rstrip('/')}", "too-large",
                                      f"document de plus de {limits.max_file_bytes} octets une fois décompressé : "
                                      "non ouvert"))
            elif content is not None:
                entries.append(_child(att, name, content))
    for root, files in packages.items():
        entries.append(_child(att, root.rstrip("/"), _package(files)))
    return entries


def _package(files: list[tuple[str, bytes]]) -> bytes:
    """An iWork package's files as one document: a ZIP of them, stored, as iWork's single-file format is."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as document:
        for name, content in files:
            document.writestr(name, content)
    return out.getvalue()


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, where: str,
                  flags: list[Flag]) -> bytes | None:
    """The entry's bytes; None (flagged) when this entry alone is too large or a bomb; OverLimit when the
    message's archives, with it, expand past [limits] max_unpacked_bytes or past max_ratio times their size."""
    limits = budget.limits
    cap = min(limits.max_file_bytes, max(max(info.compress_size, 1) * limits.max_ratio, limits.ratio_floor))
    room = limits.max_total_bytes - budget.expanded
    ratio_room = max(limits.ratio_floor, limits.max_ratio * budget.packed) - budget.expanded
    chunks, size = [], 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(1 << 16)
            if not chunk:
                break
            size += len(chunk)
            if size > cap:
                problem = "archive-bomb" if size > max(info.compress_size, 1) * limits.max_ratio else "too-large"
                flags.append(Flag(where, problem, f"plus de {cap} octets une fois décompressé : non ouvert"))
                return None
            if size > room:
                raise OverLimit(f"plus de {limits.max_total_bytes} octets une fois les archives décompressées : "
                                "limite [limits] max_unpacked_bytes")
            if size > ratio_room:
                raise OverLimit(f"archives qui se décompressent en plus de {limits.max_ratio} fois leur taille "
                                f"({budget.packed} octets reçus) : archive piégée ?")
            chunks.append(chunk)
    budget.expanded += size
    return b"".join(chunks)


_TNEF_OBJECT = struct.Struct("<BHHI")  # level, attribute, type, length; then the data and a 2-byte checksum
_TNEF_OBJECTS_PER_FILE = 16  # Outlook writes about 7 objects per attached file
_TNEF_MESSAGE_OBJECTS = 256  # and a few dozen about the message itself


def _tnef_entries(att: Attachment, budget: _Budget, flags: list[Flag]) -> list[Attachment]:
    """The files of a winmail.dat, read object by object (tnefparse decodes each object and its MAPI
    properties; the loop over the stream is ours, so that it is linear and bounded)."""
    from tnefparse.codepage import Codepage
    from tnefparse.tnef import TNEF, TNEFAttachment, TNEFObject

    data, limits = att.content, budget.limits
    if data[:4] != TNEF_SIGNATURE:
        raise ValueError("not a TNEF stream")
    offset, codepage, items, objects = 6, "cp1252", list[Any](), 0
    most = limits.max_entries * _TNEF_OBJECTS_PER_FILE + _TNEF_MESSAGE_OBJECTS
    while offset + TNEF.MIN_OBJ_SIZE < len(data):
        objects += 1
        if objects > most:
            flags.append(Flag(att.container + att.filename, "too-many-entries",
                              f"plus de {most} objets : le reste n'est pas ouvert"))
            break
        level, name, _, length = _TNEF_OBJECT.unpack_from(data, offset)
        end = min(len(data), offset + length + 11)
        obj = TNEFObject(data[offset:end], do_checksum=False)
        offset = end
        if name == TNEF.ATTATTACHRENDDATA:  # a new attached file starts
            budget.entries += 1
            if budget.entries > limits.max_entries:
                flags.append(Flag(att.container + att.filename, "too-many-entries",
                                  f"plus de {limits.max_entries} fichiers : le reste n'est pas ouvert"))
                break
            items.append(TNEFAttachment(codepage))
        if level == TNEF.LVL_ATTACHMENT:
            if not items:
                raise ValueError("attachment attribute before any attachment")
            _tnef_attribute(items[-1], obj, codepage)
        elif name == TNEF.ATTOEMCODEPAGE and len(obj.data) >= 4:
            codepage = Codepage(struct.unpack_from("<I", obj.data)[0]).codepage()
    entries = []
    for n, item in enumerate(items, 1):
        content = bytes(item.data or b"")
        if content:  # a file Outlook gave no name: its place in the winmail.dat names it
            entries.append(_child(att, _tnef_name(item) or f"piece-jointe-{n}", content))
    return entries


def _tnef_attribute(item: Any, obj: Any, codepage: str) -> None:
    """One attribute of an attached file, as tnefparse's TNEFAttachment.add_attr would take it, except its MAPI
    properties: read here only when they fit their bytes, and an embedded message is not parsed by tnefparse
    (its bytes, a TNEF stream, become an entry that `_open` reads the same bounded way)."""
    from tnefparse import properties
    from tnefparse.mapi import IMESSAGE_SIG, decode_mapi
    from tnefparse.tnef import TNEF

    if obj.name != TNEF.ATTATTACHMENT:
        try:
            item.add_attr(obj)
        except (ValueError, TypeError, OverflowError, struct.error, UnicodeDecodeError):
            pass  # a damaged date or name: the file itself is still there
        return
    if not _mapi_fits(obj.data):
        return
    for p in decode_mapi(obj.data, codepage):
        if p.name == properties.MAPI_ATTACH_FILENAME:
            item._name = p.data
        elif p.name == properties.MAPI_DISPLAY_NAME:
            if item.data and not item._name:
                item._name = p.data
        elif p.name == properties.MAPI_ATTACH_DATA_OBJ:
            value = p.data
            item.data = value[len(IMESSAGE_SIG):] if isinstance(value, bytes) and value.startswith(IMESSAGE_SIG) \
                else value
        elif p.name != properties.MAPI_ATTACH_RENDERING:
            item.mapi_attrs.append(p)


_MAPI_FIXED = {0x0002: 2, 0x000B: 2, 0x0003: 4, 0x0004: 4, 0x000A: 4, 0x0005: 8, 0x0007: 8, 0x0006: 8, 0x0014: 8,
               0x0040: 8, 0x0048: 16}  # sizes of the fixed-size MAPI types
_MAPI_VARIABLE = (0x001E, 0x001F, 0x000D, 0x0102, 0x0000)  # strings, objects, binaries: counted, each with a length


def _mapi_fits(data: bytes) -> bool:
    """Whether every count in a MAPI property block (as tnefparse's decode_mapi reads it) fits in the block's
    bytes: each step below moves forward at least 2 bytes, so this is linear, and so is decode_mapi after it."""
    size, at = len(data), 4
    if size < 4:
        return False
    count = struct.unpack_from("<I", data)[0]
    if count > (size - 4) // 4:
        return False

    def u32() -> int:
        nonlocal at
        if at + 4 > size:
            raise IndexError
        at += 4
        return int(struct.unpack_from("<I", data, at - 4)[0])

    try:
        for _ in range(count):
            if at + 4 > size:
                return False
            kind, name = struct.unpack_from("<HH", data, at)
            at += 4
            if name >= 0x8000:  # a named property: a GUID, then an id or a name
                at += 16
                if u32() == 0:
                    at += 4
                else:
                    length = u32()  # read first: `at += -(-u32() ...` would add to `at` as it was before the read
                    at += -(-length // 4) * 4
            multi = None  # as decode_mapi: the count of a multi-valued property (0 reads like a single value)
            if kind & 0x1000:
                kind ^= 0x1000
                multi = u32()
                if multi > (size - at) // 2:
                    return False
            for _ in range(multi or 1):
                if kind in _MAPI_FIXED:
                    at += _MAPI_FIXED[kind]
                elif kind in _MAPI_VARIABLE:
                    items = 1 if multi else u32()
                    if items > (size - at) // 4:
                        return False
                    for _ in range(items):
                        length = u32()
                        at += -(-length // 4) * 4
                        if at > size:
                            return False
                else:
                    return True  # decode_mapi stops at a type it does not know
                if at > size:
                    return False
            if (multi or 1) % 2 and kind in (0x0002, 0x000B):
                at += 2
    except (IndexError, struct.error):
        return False
    return at <= size


def _tnef_name(item: Any) -> str:
    """tnefparse decodes titles as UTF-8; Outlook writes them in the message's code page (cp1252)."""
    try:
        name = item.long_filename() or item.name
    except UnicodeDecodeError:
        raw = getattr(item, "_name", b"")
        name = raw.decode("cp1252", "replace") if isinstance(raw, bytes) else str(raw)
    if isinstance(name, bytes):
        name = name.decode("cp1252", "replace")
    return str(name).strip("\x00").strip()


def _eml_entries(att: Attachment, budget: _Budget, flags: list[Flag]) -> list[Attachment]:
    try:
        inner = parse_message(att.content, parts=budget.parts)
    except OverLimit:
        raise _Unopened("too-many-entries", f"message joint : plus de {budget.limits.max_parts} parties MIME avec "
                                            "les autres messages joints : non ouvert") from None
    flags.extend(dataclasses.replace(f, filename=f"{att.container}{att.filename}/{f.filename}") for f in inner.flags)
    budget.entries += len(inner.attachments)
    if budget.entries > budget.limits.max_entries:
        flags.append(Flag(att.container + att.filename, "too-many-entries",
                          f"plus de {budget.limits.max_entries} fichiers : le reste n'est pas ouvert"))
        return []
    return [_child(att, a.filename, a.content, forwarded=True) for a in inner.attachments]


_MSG_ATTACHMENT = "__attach_version1.0_#"  # the storage of each file attached to an Outlook item
_MSG_DATA, _MSG_EMBEDDED = "__substg1.0_37010102", "__substg1.0_3701000D"  # PR_ATTACH_DATA_BIN, _DATA_OBJ
_MSG_NAMES = ("3707", "3704", "3001")  # PR_ATTACH_LONG_FILENAME, PR_ATTACH_FILENAME, PR_DISPLAY_NAME
_MSG_CONTENT_ID = "3712"  # PR_ATTACH_CONTENT_ID: a picture shown in the item's body (a signature's logo...)


def _msg_entries(att: Attachment, budget: _Budget, flags: list[Flag]) -> list[Attachment]:
    """The files of an Outlook .msg (« forward as attachment », a mail dragged out of Outlook), and those of the
    messages attached in it: read by olefile from memory, each file's size checked before it is read."""
    with open_item(att.content) as ole:
        if not ole.exists("__properties_version1.0"):
            raise _Unopened("corrupt", "fichier OLE qui n'est pas un message Outlook : non ouvert")
        entries: list[Attachment] = []
        _msg_files(ole, [], att, budget, flags, entries, 0)
    return entries


def _msg_files(ole: Any, storage: list[str], att: Attachment, budget: _Budget, flags: list[Flag],
               entries: list[Attachment], depth: int) -> None:
    limits = budget.limits
    children = sorted(name for name in kids(ole, storage) if name.startswith(_MSG_ATTACHMENT))
    for child in children:
        where = [*storage, child]
        budget.entries += 1
        if budget.entries > limits.max_entries:
            flags.append(Flag(att.container + att.filename, "too-many-entries",
                              f"plus de {limits.max_entries} fichiers : le reste n'est pas ouvert"))
            return
        name = next((n for n in (msg_string(ole, where, i) for i in _MSG_NAMES) if n), "")
        if ole.exists("/".join(where + [_MSG_EMBEDDED, "__properties_version1.0"])):  # an attached message
            if depth + 1 >= limits.max_depth:
                flags.append(Flag(f"{att.container}{att.filename}/{name}", "too-deep",
                                  "message joint imbriqué trop profondément : non ouvert"))
            else:
                _msg_files(ole, where + [_MSG_EMBEDDED], att, budget, flags, entries, depth + 1)
            continue
        data = "/".join(where + [_MSG_DATA])
        if not ole.exists(data):
            continue  # an OLE object or a link to a file: no bytes to read
        if ole.get_size(data) > limits.max_file_bytes:
            flags.append(Flag(f"{att.container}{att.filename}/{name}", "too-large",
                              f"plus de {limits.max_file_bytes} octets : non ouvert"))
            continue
        if budget.expanded + ole.get_size(data) > limits.max_total_bytes:  # streams may share sectors: bounded
            raise OverLimit(f"plus de {limits.max_total_bytes} octets une fois les archives décompressées : "
                            "limite [limits] max_unpacked_bytes")
        content = ole.openstream(data).read()
        budget.expanded += len(content)
        if content:
            entry = _child(att, name or f"piece-jointe-{len(entries) + 1}", content, forwarded=True)
            entries.append(dataclasses.replace(entry, inline=bool(msg_string(ole, where, _MSG_CONTENT_ID))))


