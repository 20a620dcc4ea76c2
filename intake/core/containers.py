"""Open containers safely: ZIP archives (nested too), Outlook winmail.dat (TNEF), attached .eml files.

Pure: attachments in, the files they hold out, plus flags for what a human
must see (encrypted archive, executable, archive bomb...). Everything is
bounded: total expanded size, compression ratio, entry count, nesting depth.
Sizes declared in an archive are not trusted: entries are read in chunks and
cut at the caps. Names are reduced to a clean base name; they never reach a
file system anyway (files are stored by their SHA-256).
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from intake.core.message import Attachment, Flag
from intake.core.parse import clean_filename, parse_message
from intake.core.sniff import EXECUTABLE_TYPES, detect_type

ARCHIVES = ("zip",)


@dataclass(frozen=True)
class Limits:
    max_total_bytes: int = 200_000_000  # expanded, for the whole message
    max_ratio: int = 100  # expanded / compressed, per entry, for entries expanding past ratio_floor
    ratio_floor: int = 10_000_000  # smaller entries may compress well (text, bitmaps): no ratio check
    max_entries: int = 500
    max_depth: int = 3
    max_file_bytes: int = 50_000_000


class _Budget:
    def __init__(self, limits: Limits):
        self.limits, self.total, self.entries = limits, 0, 0


def unpack(attachments: Iterable[Attachment], limits: Limits = Limits()) -> tuple[list[Attachment], list[Flag]]:
    """The files the attachments hold (containers opened, executables dropped) and the flags."""
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
        att.content[:4] == b"\x78\x9f\x3e\x22"
    if kind not in ARCHIVES and not is_tnef and kind != "eml":
        out.append(att)
        return
    if depth >= budget.limits.max_depth:
        flags.append(Flag(att.container + att.filename, "too-deep", "archive imbriquée trop profondément"))
        out.append(att)
        return
    opener = _zip_entries if kind in ARCHIVES else _tnef_entries if is_tnef else _eml_entries
    try:
        entries = opener(att, budget, flags)
    except Exception as exc:  # noqa: BLE001 - decoders raise anything on hostile bytes (zlib.error, ...)
        flags.append(Flag(att.container + att.filename, "corrupt", f"illisible : {type(exc).__name__}"))
        out.append(att)
        return
    for entry in entries:
        _open(entry, depth + 1, budget, out, flags)


def _child(parent: Attachment, name: str, content: bytes, forwarded: bool = False) -> Attachment:
    return dataclasses.replace(parent, filename=clean_filename(name) or "sans-nom", content=content,
                               declared_type="", inline=False, content_id="", referenced_in_html=False,
                               forwarded=parent.forwarded or forwarded,
                               container=f"{parent.container}{parent.filename}/")


def _zip_entries(att: Attachment, budget: _Budget, flags: list[Flag]) -> list[Attachment]:
    limits, entries = budget.limits, []
    with zipfile.ZipFile(io.BytesIO(att.content)) as archive:
        for info in archive.infolist():
            where = f"{att.container}{att.filename}/{info.filename}"
            if info.is_dir():
                continue
            budget.entries += 1
            if budget.entries > limits.max_entries:
                flags.append(Flag(att.container + att.filename, "too-many-entries",
                                  f"plus de {limits.max_entries} fichiers : le reste n'est pas ouvert"))
                break
            if info.flag_bits & 0x1:
                flags.append(Flag(where, "encrypted", "fichier protégé par un mot de passe dans l'archive"))
                continue
            content = _read_bounded(archive, info, budget, where, flags)
            if content is not None:
                entries.append(_child(att, info.filename, content))
    return entries


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, where: str,
                  flags: list[Flag]) -> bytes | None:
    limits = budget.limits
    cap = min(limits.max_file_bytes, limits.max_total_bytes - budget.total,
              max(max(info.compress_size, 1) * limits.max_ratio, limits.ratio_floor))
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
            chunks.append(chunk)
    budget.total += size
    return b"".join(chunks)


def _tnef_entries(att: Attachment, budget: _Budget, flags: list[Flag]) -> list[Attachment]:
    from tnefparse import TNEF  # pure Python, no IO: a decoder like zipfile

    parsed = TNEF(att.content, do_checksum=False)
    entries = []
    for item in parsed.attachments:
        data = item.data or b""
        if budget.total + len(data) > budget.limits.max_total_bytes:
            flags.append(Flag(att.container + att.filename, "too-large", "contenu trop volumineux : non ouvert"))
            break
        budget.total += len(data)
        entries.append(_child(att, _tnef_name(item), data))
    return entries


def _tnef_name(item: Any) -> str:
    """tnefparse decodes titles as UTF-8; Outlook writes them in the message's code page (cp1252)."""
    try:
        name = item.long_filename() or item.name
    except UnicodeDecodeError:
        raw = getattr(item, "_name", b"")
        name = raw.decode("cp1252", "replace") if isinstance(raw, bytes) else str(raw)
    if isinstance(name, bytes):
        name = name.decode("cp1252", "replace")
    return str(name).strip("\x00") or "piece"


def _eml_entries(att: Attachment, budget: _Budget, flags: list[Flag]) -> list[Attachment]:
    inner = parse_message(att.content)
    flags.extend(dataclasses.replace(f, filename=f"{att.container}{att.filename}/{f.filename}") for f in inner.flags)
    budget.entries += len(inner.attachments)
    if budget.entries > budget.limits.max_entries:
        flags.append(Flag(att.container + att.filename, "too-many-entries",
                          f"plus de {budget.limits.max_entries} fichiers : le reste n'est pas ouvert"))
        return []
    return [_child(att, a.filename, a.content, forwarded=True) for a in inner.attachments]
