"""File an application that came by post, its pages scanned by staff; add to a case files that came another way
than by mail (`add_pieces`).

The files are read exactly as a mail's attachments are (`reading.read_files_by_hand`: the same containers,
the same readers and OCR, the same recognition, the same dossier fields) and the case is decided by the
core (core/casework.py `postal`: the same completeness); intake/apply.py files it as it files a mail. No
mail is sent: staff answer a letter themselves. Files added to an existing case are read the same way, and joined
to it as a reply's are (core/by_hand.py); one added by mistake is taken off again by `remove_piece`.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from intake.app import App
from intake.commands.show import find_case
from intake.commands.staff import changing
from intake.core import by_hand, casework, typed_dates
from intake.errors import IntakeError, UsageError
from intake.pipeline.apply import carry_out
from intake.pipeline.read import read_files_by_hand
from intake.store import cases
from intake.store.database import session
from intake.store.deletion import checkpoint, empty_trash, referenced

_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


@dataclass(frozen=True)
class PostalResult:
    reference: str
    status: str
    reason: str
    pieces: tuple[tuple[str, str], ...]  # (file name, what it was recognised as)
    attention: str


def files_from_paths(paths: list[Path], max_bytes: int) -> list[tuple[str, bytes]]:
    """(name, bytes) of files on disk, or an error naming the one that cannot be read. Measured before any is read
    (core/by_hand.py `check_files`, `max_bytes`: [limits] max_message_bytes): a folder of a USB key given whole may
    hold a video of some GB, which was read into memory before the total was found too large; a pipe or a device
    is no file (read for ever)."""
    sizes = []
    for path in paths:
        try:
            found = Path(path).stat()
        except OSError as exc:
            raise UsageError(f"{path} : lecture impossible ({exc.strerror}) : donnez un fichier que l'utilisateur "
                             "d'intake peut lire") from None
        if not stat.S_ISREG(found.st_mode):
            raise UsageError(f"{path} n'est pas un fichier ordinaire : donnez les fichiers des pièces (PDF, images, "
                             "documents)")
        sizes.append((Path(path).name, found.st_size))
    by_hand.check_files(sizes, max_bytes)
    out = []
    for path in paths:
        try:
            out.append((Path(path).name, Path(path).read_bytes()))
        except OSError as exc:
            raise UsageError(f"{path} : lecture impossible ({exc.strerror}) : donnez un fichier que l'utilisateur "
                             "d'intake peut lire") from None
    return out


def parse_received(text: str, app: App) -> datetime:
    """The arrival date staff give, as they type it (core/typed_dates.py: `26/11/2026`, `2026-11-26`, `26 novembre`,
    `hier`, optionally with the time: `26/11/2026 14:30`, `hier 14 h 30`): local time; without a time, the start of
    that day."""
    today = app.clock().astimezone(app.settings.timezone).date()
    read = typed_dates.read_day(text or "", today)
    if read is None:
        shown = " ".join((text or "").split())
        raise UsageError(f"date de réception « {shown} » non comprise : écrivez-la 26/11/2026, « 26 novembre » ou "
                         "« hier », avec l'heure si besoin (26/11/2026 14:30)")
    day, at = read
    start = received_on(day, app)  # the checks of the day
    return start if at is None else datetime.combine(day, at, app.settings.timezone)


def received_on(day: date, app: App) -> datetime:
    tz = app.settings.timezone
    today = app.clock().astimezone(tz).date()
    if day > today:
        raise UsageError(f"date de réception {day:%d/%m/%Y} : elle est dans le futur")
    if day.year < 2000:
        raise UsageError(f"date de réception {day:%d/%m/%Y} : vérifiez l'année")
    return datetime.combine(day, time(0, 0), tz)


def file_postal(app: App, applicant: str, files: list[tuple[str, bytes]], actor: str, *, name: str = "",
                title: str = "", received_at: datetime | None = None) -> PostalResult:
    """Open a case for a postal application. `applicant`: the applicant's email address, "" when they have none
    (no mail can be sent then: the case says so); `files`: (file name, bytes) as scanned or uploaded;
    `received_at`: when the letter arrived (default: now); `title`: staff's title, else the dossier's."""
    from intake.core.headers import normal_address

    applicant = normal_address(applicant)
    if applicant and not _EMAIL.match(applicant):
        raise UsageError(f"adresse du demandeur « {applicant} » : ce n'est pas une adresse électronique ; corrigez-la, "
                          "ou, s'il n'en a pas, ne la donnez pas et donnez son nom ou celui de sa structure")
    if not applicant and not name.strip():
        raise UsageError("sans adresse électronique, donnez au moins le nom du demandeur ou de la structure : "
                          "c'est à lui que le service répondra par courrier")
    received_at = received_at or app.clock()
    reading = _read(app, files)
    a, effects = casework.postal(
        reading.verdicts, reading.fields, app.rules, applicant=applicant, name=name, title=title,
        reply_from=app.settings.mailboxes[0].address, received_at=received_at,
        received_on=received_at.astimezone(app.settings.timezone).date(), files=len(files), actor=actor)
    with changing(app) as s:  # with the poller's filing: no purge deletes its files before the commit names them
        done = carry_out(app, s, effects, actor=actor)
        s.commit()
        case = done.case
        assert case is not None  # the effects open it
        return PostalResult(case.reference, a.status, a.reason,
                            tuple((p.filename, app.rules.label(p.kind) if p.kind else "à vérifier")
                                  for p in done.pieces), case.attention)


def _read(app: App, files: list[tuple[str, bytes]]):
    """Files staff give, checked (core/by_hand.py `check_files`), then read as a mail's attachments are."""
    by_hand.check_files([(name, len(content)) for name, content in files], app.settings.max_message_bytes)
    return read_files_by_hand(files, app.rules, limits=app.settings.limits)  # a mail's [limits]


@dataclass(frozen=True)
class Added:
    reference: str
    status: str
    reason: str
    pieces: tuple[tuple[str, str], ...]  # (file name, what it was recognised as): the new pieces only
    again: tuple[str, ...]  # the names of the files the case held already
    skipped: tuple[str, ...]  # the names of the files that are no piece (a signature's logo...)
    attention: str


def add_pieces(app: App, ref: str, files: list[tuple[str, bytes]], actor: str, *, received_at: datetime | None = None,
               note: str = "") -> Added:
    """`intake case REF add FICHIER...` and the console's « Ajouter des pièces reçues autrement »: files that came
    by post, by hand or to a staff member's own mailbox, added to the case `ref` as a reply's files would be (one
    transaction: nothing is recorded when any file is refused). `received_at`: when they arrived (default: now)."""
    received_at = received_at or app.clock()
    with session(app.engine) as s:  # a closed or unknown case is said before the files are read (OCR takes time)
        refused = by_hand.refusal(cases.state(s, find_case(s, ref)))
    if refused:
        raise IntakeError(refused)
    reading = _read(app, files)
    with changing(app) as s:
        case = find_case(s, ref)
        state = cases.state(s, case)
        _, again, skipped = by_hand.split(state, reading.verdicts)
        a, effects = by_hand.added_by_hand(
            state, reading.verdicts, reading.fields, app.rules, actor=actor,
            received_on=received_at.astimezone(app.settings.timezone).date(), files=len(files), note=note,
            arrived_at=received_at)
        done = carry_out(app, s, effects, case=case, actor=actor)
        s.commit()
        return Added(case.reference, case.status, case.status_reason,
                     tuple((p.filename, app.rules.label(p.kind) if p.kind else "à vérifier") for p in done.pieces),
                     tuple(v.attachment.filename for v in again), tuple(v.attachment.filename for v in skipped),
                     case.attention)


@dataclass(frozen=True)
class Removed:
    reference: str
    filename: str
    status: str
    reason: str
    said: str  # what staff are told besides: no mail went, a completion notice was withdrawn ("" : nothing)
    file: str  # what became of the stored file: "deleted", "kept" (another case holds it), "later" (next purge)


def remove_piece(app: App, ref: str, file_or_id: str, actor: str, note: str = "") -> Removed:
    """`intake case REF piece N --remove` and the console's « Retirer » on a piece's row: a file staff added by
    hand by mistake leaves the case (core/by_hand.py `removal` says which may, and withdraws a completion notice not
    sent yet that the case no longer earns); its stored file is deleted as the purge deletes files
    (store/deletion.py: the trash, emptied after the commit), unless another case holds it."""
    with changing(app) as s:
        case = find_case(s, ref)
        r = by_hand.removal(cases.state(s, case), file_or_id, actor, app.rules, app.settings.timezone, note)
        done = carry_out(app, s, r.effects, case=case, actor=actor)
        kept = referenced(s, r.piece.sha256)
        s.commit()
        reference = case.reference
    emptied = empty_trash(app.engine, app.blobs, app.locks)
    checkpoint(app.engine)
    file = "kept" if kept else "later" if emptied.postponed else "deleted"
    return Removed(reference, r.piece.filename, r.status, r.reason, r.told(all(done.withdrawn)), file)
