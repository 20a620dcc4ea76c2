"""Forgetting: delete a case keeping its statistics line, reduce a message to its trace, delete stored files.

The one place where personal data is deleted: the purge applies rules/retention.toml (intake/commands/purge.py,
with the queries of intake/store/purging.py), a person's erasure applies their request (intake/commands/person.py).
Each deletion adds a line to the purge log (what, when, which rule), never whose data.

Files are not deleted inside the transaction. The transaction that drops a file's last reference
puts its SHA-256 in `blobtrash`; `empty_trash`, after the commit and holding the lock under which
messages are filed and their files written (intake/ingest.py: a message being filed could be about
to refer to the same file; the lock is shared by every worker of the database), deletes each file that nothing
refers to any more. A crash in between leaves a trash entry for the next run, never a reference to
a missing file.

Every column that names a stored file is listed in BLOB_REFERENCES: a table that adds one must be
added there, or its files could be deleted under it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete
from sqlmodel import Session, SQLModel, col, select

from intake.core import french
from intake.core.arrival import without_error_text
from intake.core.retention import MERGED, stat_fields, status_path, trace_identity
from intake.core.statuses import FILED, SENT
from intake.store.tables import BlobTrash, Case, CaseAlias, CaseEvent, CaseStat, Inbound, Outbox, Piece, PurgeLog

log = logging.getLogger("intake.forget")

BLOB_REFERENCES = ((Piece, "sha256"), (Inbound, "raw_sha256"))


@dataclass
class Forgotten:
    """What one deletion removed (for reports and the purge log)."""

    reference: str = ""
    pieces: int = 0
    messages: int = 0
    mails: int = 0
    shas: set[str] = field(default_factory=set)


def forget_case(s: Session, case: Case, rule: str, now: datetime, field_rules, actor: str = "intake",
                why: str = "") -> Forgotten:
    """Delete a case and everything personal it holds; keep its statistics line and its messages' traces.
    `field_rules`: rules/fields.toml, which says which fields the statistics keep."""
    pieces = s.exec(select(Piece).where(Piece.case_id == case.id)).all()
    messages = s.exec(select(Inbound).where(Inbound.case_id == case.id)).all()
    mails = s.exec(select(Outbox).where(Outbox.case_id == case.id)).all()
    events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.id))).all()
    changes = [e for e in events if e.kind in ("status", "decision") and e.detail]
    decisions = [e for e in events if e.kind == "decision"]
    kept = stat_fields(case.fields or {}, field_rules)
    filed = sum(1 for m in messages if m.fate == FILED)
    s.add(CaseStat(reference=case.reference, year=case.year, seq=case.seq, status=case.status,
                   statuses=status_path([e.detail.split()[0] for e in changes] + [case.status]),
                   received_at=case.received_at, decided_at=decisions[-1].at if decisions else None, deleted_at=now,
                   pieces=len(pieces), messages=filed, mails=sum(1 for m in mails if m.status == SENT),
                   category=kept.get("categorie", ""), theme=kept.get("theme", ""), rule=rule))
    done = Forgotten(case.reference, len(pieces), len(messages), len(mails),
                     {p.sha256 for p in pieces} | {m.raw_sha256 for m in messages if m.raw_sha256})
    for m in messages:
        to_trace(m, f"dossier {case.reference} supprimé (règle {rule})")
        s.add(m)
    s.flush()
    for model in (Piece, CaseEvent, Outbox):
        s.exec(delete(model).where(col(model.case_id) == case.id))
    _forget_aliases(s, case, rule, now)
    _delete_other_rows(s, case.id)
    _unlink(s, case, rule, now)
    s.delete(case)
    trash(s, done.shas, now)
    record(s, now, rule, why or f"dossier supprimé : {french.count(len(pieces), 'pièce')}, "
                                f"{french.count(len(messages), 'message')}, "
                                f"{french.count(len(mails), 'courriel envoyé', 'courriels envoyés')}, historique ; "
                                "il en reste la ligne statistique",
           reference=case.reference, items=1, files=len(done.shas), actor=actor)
    return done


def _forget_aliases(s: Session, case: Case, rule: str, now: datetime) -> None:
    """References merged into this case keep their numbers as statistics lines of their own."""
    for alias in s.exec(select(CaseAlias).where(CaseAlias.case_id == case.id)).all():
        s.add(CaseStat(reference=alias.reference, year=alias.year, seq=alias.seq, status=MERGED,
                       statuses=f"fusionné dans {case.reference}", received_at=case.received_at, deleted_at=now,
                       rule=rule))
    s.exec(delete(CaseAlias).where(col(CaseAlias.case_id) == case.id))


HANDLED = {t.__tablename__ for t in (Piece, Inbound, Outbox, CaseEvent, CaseAlias)}


def _delete_other_rows(s: Session, case_id: int) -> None:
    """Rows that other parts of the service hang on a case (its applicant addresses, ...) go with it."""
    for table in SQLModel.metadata.sorted_tables:
        if table.name in HANDLED or table.name == Case.__tablename__:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == Case.__tablename__:
                s.execute(table.delete().where(fk.parent == case_id))


def _unlink(s: Session, case: Case, rule: str, now: datetime) -> None:
    """Cases linked to this one (a stranger cited it, intake/store/applicants.py) lose the link, and say why."""
    for other in s.exec(select(Case).where(Case.linked_case_id == case.id)).all():
        other.linked_case_id = None
        s.add(other)
        s.add(CaseEvent(case_id=other.id, at=now, kind="unlinked",
                        detail=f"le dossier cité {case.reference} a été supprimé (règle {rule})"))
    s.flush()


def to_trace(row: Inbound, reason: str) -> None:
    """Keep of a message only what stops it being filed twice: where it was, when, its size, a
    trace of its identity. Its stored bytes must be trashed by the caller (row.raw_sha256)."""
    row.identity = trace_identity(row.identity)
    row.message_id = row.from_addr = row.subject = row.raw_sha256 = row.fingerprint = row.copy_key = ""
    row.stored_domain = ""  # the sender's domain, as its budget counted it (a person's own domain names them)
    row.case_id = None
    row.reason = reason


def release_content(s: Session, row: Inbound, now: datetime) -> None:
    """A message that is not filed keeps no content (minimisation): its stored bytes go to the trash, its
    subject, its content fingerprint and its copy key are forgotten, and the text of an exception that its reason
    quotes (core/arrival.py `problem`: it may quote the subject, a file's name); its ledger line stays."""
    trash(s, [row.raw_sha256], now)
    if "[" in row.reason:
        row.reason = without_error_text(row.reason)
    for name in ("raw_sha256", "subject", "fingerprint", "copy_key"):
        if getattr(row, name):  # a new line has none: a model's attribute set costs the ORM's event machinery
            setattr(row, name, "")


def trash(s: Session, shas, now: datetime) -> None:
    for sha in sorted(x for x in shas if x):
        if s.get(BlobTrash, sha) is None:
            s.add(BlobTrash(sha256=sha, queued_at=now))


def record(s: Session, now: datetime, rule: str, what: str, *, reference: str = "", items: int = 0, files: int = 0,
           size: int = 0, actor: str = "intake") -> PurgeLog:
    entry = PurgeLog(at=now, rule=rule, what=what, reference=reference, items=items, files=files, bytes=size,
                     actor=actor)
    s.add(entry)
    return entry


def purge_log(s: Session) -> list[PurgeLog]:
    return list(s.exec(select(PurgeLog).order_by(col(PurgeLog.id))))


def referenced(s: Session, sha: str) -> bool:
    references: Any = BLOB_REFERENCES
    return any(s.exec(select(getattr(model, column)).where(getattr(model, column) == sha).limit(1)).first()
               for model, column in references)


def trashed(s: Session) -> list[str]:
    """The files a committed transaction let go of, that nothing refers to any more."""
    return [sha for sha in s.exec(select(BlobTrash.sha256).order_by(BlobTrash.sha256)).all() if not referenced(s, sha)]


@dataclass
class Emptied:
    files: int = 0
    bytes: int = 0
    postponed: bool = False  # a poll held the lock: the files go next time
    orphans: int = 0  # of `files`: files no row and no trash entry named (a filing that failed or was killed)


ORPHAN_GRACE = timedelta(hours=1)  # a file written this recently may be a transaction's not yet committed


def empty_trash(engine: Engine, blobs, locks, wait: float = 120, orphans_at: datetime | None = None) -> Emptied:
    """Delete from disk the trashed files nothing refers to; forget the trash entries of files still in use.
    `blobs`: the file store; `locks`: the locks shared by every worker (adapters/lock.py).
    With `orphans_at` (the purge's time), also the files nothing refers to that no trash entry names, written
    over ORPHAN_GRACE before it: what a filing left when it failed after writing its files (the message then
    quarantined, its pieces not kept) or when its process was killed before the commit."""
    out = Emptied()
    with Session(engine, expire_on_commit=False) as s, locks.serialized("ingest", s, wait) as taken:  # none filed now
        if not taken:
            out.postponed = True
            log.warning("files to delete are kept until the next purge: a poll is running")
            return out
        entries = s.exec(select(BlobTrash)).all()
        for entry in entries:
            if not referenced(s, entry.sha256):
                freed = blobs.delete(entry.sha256)
                out.files += 1 if freed else 0
                out.bytes += freed
            s.delete(entry)
        for path in orphans(s, blobs, orphans_at) if orphans_at is not None else ():
            size = path.stat().st_size
            path.unlink(missing_ok=True)
            out.files, out.bytes, out.orphans = out.files + 1, out.bytes + size, out.orphans + 1
        s.commit()
    return out


def orphans(s: Session, blobs, at: datetime) -> list[Path]:
    """The stored files no column of BLOB_REFERENCES names, written over ORPHAN_GRACE before `at`."""
    references: Any = BLOB_REFERENCES
    in_use: set[str] = set()
    for model, column in references:
        in_use.update(s.exec(select(getattr(model, column))).all())
    return [path for name, path in blobs.written_before((at - ORPHAN_GRACE).timestamp()) if name not in in_use]


def empty_trash_on_start(engine: Engine, blobs, locks, now: datetime) -> None:
    """On every start: delete the files an upgrade (migration 0007: stored bodies of ignored messages) or an
    interrupted purge let go of, and say how much space that freed."""
    with Session(engine) as s:
        if s.exec(select(BlobTrash.sha256).limit(1)).first() is None:
            return
    done = empty_trash(engine, blobs, locks, wait=0)
    if done.files:
        log_freed(engine, now, done, f"{french.count(done.files, 'fichier')} que plus rien n'utilise "
                                       f"{french.agree(done.files, 'supprimé')} du disque")
        checkpoint(engine)
        log.warning("deleted %s stored file(s) that nothing needs any more: %.1f MB freed", done.files,
                    done.bytes / 1e6)


def log_freed(engine: Engine, now: datetime, done: Emptied, what: str, actor: str = "intake") -> None:
    """The purge log's line for files deleted from disk."""
    from intake.core.french import size

    with Session(engine) as s:
        record(s, now, "fichiers", f"{what} : {size(done.bytes)} libérés", files=done.files, size=done.bytes,
               actor=actor)
        s.commit()


def checkpoint(engine: Engine) -> None:
    """SQLite: move the write-ahead log into the database and empty it, so that deleted rows leave no copy there."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
