"""The jury's case files: a ZIP per case (its pieces, a PDF summary, the SHA-256 of every file) or for a meeting.

What a jury needs, and no more (minimisation): the project, who carries it (the organisation, or the
applicant's name), its status and dates, the dossier's fields (those rules/fields.toml does not keep from
the jury: `jury = false`), the pieces with their SHA-256. Not the case's technical history, not the
applicants' email addresses (an address written in a field is masked too).

Inside the ZIP, names are made here (reference, number, kind, cleaned file
name, the extension of what the file really is: core/filenames.py): nothing an
applicant wrote can pick a path or how the file opens. `SHA256SUMS.txt` lets
anyone check the pieces with `sha256sum -c`. A picture the jury's computers may not open (an iPhone's HEIC, AVIF,
TIFF, BMP) also comes as a JPEG copy beside it (`… .HEIC.jpg`), not listed in SHA256SUMS: only what came is.
"""

from __future__ import annotations

import re
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from intake.adapters.pdf import text_pdf
from intake.adapters.pictures import PREVIEW_TYPES
from intake.adapters.storage import private_dir
from intake.core import filenames, french
from intake.core.digest import without_links
from intake.core.masking import mask_filename
from intake.store.tables import Case, Piece


@dataclass
class CaseExport:
    case: Case
    pieces: list[Piece]
    fields: list[tuple[str, str]]  # (label, value): those the jury sees
    status_text: str
    complete_received: datetime | None = None  # when the complete file was received (as the acknowledgement says)
    decided: tuple[str, datetime] | None = None  # (the decision in force, in words; when)
    received: dict[int, datetime] = field(default_factory=dict)  # piece id -> when it came


_ADDRESS = re.compile(r"[^\s<>()\[\]@,;:\"]+@[^\s<>()\[\]@,;:\"]+\.[^\s<>()\[\]@,;:\"]+")


def masked(value: str) -> str:
    """A field's value without the email addresses it holds (the jury does not need them), and without the web
    links it holds, each reduced to its site as the digest does (core/digest.py `without_links`): the summary and
    the meeting's list are the town's own PDFs, and PDF readers (Acrobat, Firefox) make « www.… » and « https://… »
    written in their text clickable: a link an applicant wrote was one in the town's document."""
    return without_links(_ADDRESS.sub("[adresse masquée]", value))


def piece_name(p: Piece) -> str:
    """The name a piece goes by outside the console: cleaned, with the extension of what it really is."""
    return filenames.zip_entry(filenames.safe_name(p.filename, p.detected_type))


def _one_line(value) -> str:
    """What an applicant wrote, on one line: it cannot start a heading of the summary."""
    return " ".join(str(value).split())


def carrier(c: Case) -> str:
    """Who carries the project, for the jury: the organisation the dossier names, else the applicant's name."""
    return _one_line(masked((c.fields or {}).get("organisation") or c.applicant_name or "")) or "non indiqué"


def case_summary(x: CaseExport, tz, now: datetime, label) -> str:
    """The summary as marked text for intake.adapters.pdf (# title, ## heading, - item, = fixed width)."""
    c = x.case

    def day(when: datetime) -> str:
        return french.long_date(when.astimezone(tz).date())

    lines = [f"# Label Béthune Smart City — dossier {c.reference}",
             f"- Projet : {_one_line(masked(c.title)) or 'sans titre'}", f"- Porteur : {carrier(c)}",
             f"- Statut : {x.status_text}", f"- Reçu le {day(c.received_at)}"]
    if x.complete_received is not None:
        lines.append(f"- Dossier complet reçu le {day(x.complete_received)}")
    if x.decided is not None:
        lines.append(f"- Décision : {x.decided[0]}, le {day(x.decided[1])}")
    lines += [f"- Résumé établi le {french.date_time(now.astimezone(tz))}", "", "## Champs du dossier d'intention"]
    lines += [f"- {name} : {_one_line(masked(value))}" for name, value in x.fields] or \
        ["- aucun champ lu dans le dossier"]
    lines += ["", f"## Pièces ({len(x.pieces)})"]
    for n, p in enumerate(x.pieces, 1):
        kind = label(p.kind) if p.kind else ("pas une pièce" if p.manual else "à vérifier")
        size = "lien" if p.detected_type == "link" else french.size(p.size)
        came = f", reçue le {x.received[p.id].astimezone(tz):%d/%m/%Y}" if p.id in x.received else ""
        # a file's name masked as in our mail (« www.evil.example#.pdf » was a link in the summary's text): its
        # number says which file of the ZIP it is
        name = _one_line(p.filename) if p.detected_type == "link" else mask_filename(piece_name(p))
        lines += [f"- {n}. {kind} — {name} ({size}{came})", f"= SHA-256 {p.sha256}"]
    return "\n".join(lines) + "\n"


def case_pdf(x: CaseExport, tz, now: datetime, label) -> bytes:
    return text_pdf(case_summary(x, tz, now, label), f"Dossier {x.case.reference}")


def index_pdf(groups: list[tuple[str, list[tuple[str, list]]]], tz, now: datetime) -> bytes:
    """The meeting's list: cases by category and theme, with the criteria each claims."""
    return text_pdf(index_lines(groups, tz, now), "Dossiers pour le jury")


def index_lines(groups: list[tuple[str, list[tuple[str, list]]]], tz, now: datetime) -> str:
    """The meeting's list as marked text for intake.adapters.pdf."""
    lines = ["# Label Béthune Smart City — dossiers pour le jury",
             f"- Établi le {french.date_time(now.astimezone(tz))}"]
    for category, themes in groups:
        for theme, rows in themes:
            lines += ["", f"## {_one_line(category)} — {_one_line(theme)} ({len(rows)})"]
            for row in rows:
                c = row.case
                fields = c.fields or {}
                lines.append(f"- {c.reference} — {_one_line(masked(c.title or '(sans titre)'))} ; {carrier(c)} ; "
                             f"critères : {_one_line(masked(fields.get('criteres') or 'non indiqués'))}")
    return "\n".join(lines) + "\n"


def write_case(z: zipfile.ZipFile, x: CaseExport, blobs, tz, now: datetime, label,
               preview: Callable[[bytes], bytes | None] | None = None) -> None:
    """`preview`: a picture the jury's computers may not open (an iPhone's HEIC...: adapters/pictures.py) as a JPEG,
    or None when it cannot be converted; the copy goes beside the file, which stays as it came (SHA256SUMS)."""
    folder = x.case.reference
    z.writestr(f"{folder}/resume-{x.case.reference}.pdf", case_pdf(x, tz, now, label))
    sums = []
    for n, p in enumerate(x.pieces, 1):
        kind = p.kind or ("pas-une-piece" if p.manual else "a-verifier")
        own = piece_name(p) if p.detected_type != "link" else filenames.zip_entry(p.filename)
        name = f"pieces/{n:02d}-{kind}-{own}"
        path = blobs.path(p.sha256)
        if p.detected_type == "link":
            z.writestr(f"{folder}/{name}.txt", blobs.get(p.sha256) if path.is_file() else p.filename.encode())
            continue
        if not path.is_file():
            continue
        z.write(path, f"{folder}/{name}", compress_type=zipfile.ZIP_STORED)
        sums.append(f"{p.sha256}  {name}")
        if preview is not None and p.detected_type in PREVIEW_TYPES:
            jpeg = preview(path.read_bytes())
            if jpeg:
                z.writestr(f"{folder}/{name}.jpg", jpeg, compress_type=zipfile.ZIP_STORED)
    z.writestr(f"{folder}/SHA256SUMS.txt", "\n".join(sums) + "\n")


EXPORTS = "exports"  # the folder under data_dir where a ZIP waits to be sent
LEFT_AFTER = timedelta(hours=6)  # no download lasts this long: an older ZIP was left by a process that died


def exports_dir(data_dir: Path) -> Path:
    """data_dir/exports (0700): applicants' files never go to the system's shared temporary folder, whose disk
    and cleaning the retention rules do not cover."""
    return private_dir(Path(data_dir) / EXPORTS)


def sweep(folder: Path) -> tuple[int, int]:
    """Delete the ZIPs a console process left when it died while building or sending one (the normal path deletes
    each once sent): at the next build, and by the nightly purge (intake/commands/purge.py). By the files' own
    clock (their modification time), not the application's. Returns (files, bytes) deleted."""
    files = size = 0
    for path in folder.glob("intake-export-*.zip"):
        try:
            stat = path.stat()
            if time.time() - stat.st_mtime > LEFT_AFTER.total_seconds():
                path.unlink()
                files, size = files + 1, size + stat.st_size
        except FileNotFoundError:  # another request's, sent meanwhile
            continue
    return files, size


def build_zip(exports: list[CaseExport], blobs, tz, now: datetime, label, index: bytes | None = None, *,
              folder: Path, preview: Callable[[bytes], bytes | None] | None = None) -> Path:
    """The ZIP in a temporary file in `folder` (`exports_dir`; the caller deletes it once sent). One that cannot be
    finished (a full disk, a file that cannot be read) is deleted at once: a half-written archive of applicants'
    files is left nowhere."""
    handle = tempfile.NamedTemporaryFile(prefix="intake-export-", suffix=".zip", delete=False, dir=folder)
    try:
        with handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as z:
            if index is not None:
                z.writestr("sommaire.pdf", index)
            for x in exports:
                write_case(z, x, blobs, tz, now, label, preview)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return Path(handle.name)
