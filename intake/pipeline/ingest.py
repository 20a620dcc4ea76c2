"""Poll the mailboxes: fetch -> parse -> classify -> decide -> apply.

Messages are fetched in batches (adapters/imap.py) and read ahead, several at once
(intake/readahead.py: parsing, then their files in the reading processes, on every CPU);
they are decided and committed one at a time, in mailbox order.
Each message is handled in one database transaction that records its fate,
files its case and queues its acknowledgement, and advances the mailbox
cursor: a crash before the commit means the message is fetched again (the
cursor did not move); after it, never again.

Only what a filed case needs is written (GDPR minimisation): the message's
bytes stay in memory until the decision. A filed message keeps its raw bytes
(staff read it as it came) and its pieces; a quarantined one keeps its raw
bytes for staff (rules/retention.toml says how long). A message that is
ignored or a duplicate leaves only its ledger line: mailbox, folder,
UIDVALIDITY/UID, Message-ID, date, size, fate and reason, sender address; no
subject, no body, no attachment, no content fingerprint, on disk, in the
database or in the logs.
Files are written just before the commit: a crash in between leaves a file
that the same message, fetched again, finds under its SHA-256.

Several processes (on one machine or several sharing a PostgreSQL database):
each folder is polled by one process at a time (a database lock, skipped when
busy), and the transactions that file messages run one at a time, so that the
copy of a message that reached both mailboxes is recognised whichever worker
reads it first.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from contextlib import nullcontext
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import select

from intake.store.database import relax_durability, session
from intake.store.tables import CaseEvent, Inbound, MailboxState
from intake.adapters.readers import ReaderPool
from intake.adapters.sent import SentFolders
from intake.adapters.sources import Fetched, Unavailable
from intake.app import App
from intake.config import Mailbox
from intake.pipeline.apply import apply
from intake.core.decide import DUPLICATE, FILED, IGNORED, QUARANTINED, decide
from intake.core.message import Message
from intake.core.retention import keeps_content
from intake.errors import IntakeError, OverLimit, ParseError, ReaderCrashed
from intake.store.deletion import release_content
from intake.pipeline.lookup import context_for
from intake.pipeline.readahead import Ahead
from intake.pipeline.read import Reading, read_message

log = logging.getLogger("intake.ingest")


@dataclass
class PollReport:
    mailbox: str
    fetched: int = 0
    filed: int = 0
    ignored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    error: str = ""
    busy: bool = False  # another intake process was polling this folder: skipped this time


def poll_all(app: App) -> list[PollReport]:
    """One pass over every mailbox; one failing mailbox never stops the others."""
    with readers(app) as pool, SentFolders(app) as sent:
        return [poll_mailbox(app, m, pool=pool, sent=sent) for mailbox in app.settings.mailboxes
                for m in mailbox.per_folder()]


def poll_mailbox_now(app: App, mailbox: Mailbox, wait: float = 120.0,
                     pool: ReaderPool | None = None) -> PollReport | None:
    """Poll one folder now (the IDLE watch saw new mail), waiting for a running poll of it to finish
    rather than skipping: that poll may have searched before this mail came. None if still busy."""
    report = poll_mailbox(app, mailbox, wait, pool=pool)
    if report.busy:
        log.warning("[%s] another poll kept the folder's lock for %.0f s; the scheduled poll will read it",
                    mailbox.state_key, wait)
        return None
    return report


def poll_mailbox(app: App, mailbox: Mailbox, wait: float = 0.0, pool: ReaderPool | None = None,
                 sent: SentFolders | None = None) -> PollReport:
    """Poll one folder, unless another process (or thread) polls it and keeps it `wait` seconds.
    `pool` and `sent` are shared by the folders of one pass; without them the folder opens its own."""
    with app.locks.exclusive(f"poll:{mailbox.state_key}", wait) as taken:
        if not taken:
            log.info("[%s] another intake process is polling this folder; skipped", mailbox.state_key)
            return PollReport(mailbox.state_key, busy=True)
        with SentFolders(app) if sent is None else nullcontext(sent) as sent_folders:
            if pool is not None:
                return _poll_folder(app, mailbox, pool, sent_folders)
            with readers(app) as own:
                return _poll_folder(app, mailbox, own, sent_folders)


def readers(app: App) -> ReaderPool:
    """The reading processes of a pass ([limits] read_processes; they start on the first file to read)."""
    return ReaderPool(app.settings.limits.read_processes or None)


def _poll_folder(app: App, mailbox: Mailbox, pool: ReaderPool, sent) -> PollReport:
    report = PollReport(mailbox.state_key)
    started = app.clock()
    try:
        with app.source(mailbox) as source:
            state = _state(app, mailbox.state_key)
            last_uid = state.last_uid
            if state.uidvalidity is not None and state.uidvalidity != source.uidvalidity:
                log.warning("[%s] UIDVALIDITY changed (%s -> %s): rescanning since %s; copies already seen are "
                            "recognised by Message-ID", mailbox.state_key, state.uidvalidity, source.uidvalidity,
                            mailbox.since.date())
                last_uid = 0
            _save_state(app, mailbox.state_key, uidvalidity=source.uidvalidity, last_uid=last_uid,
                        last_poll_at=started)
            uids = source.uids_after(last_uid, mailbox.since.date())
            read = functools.partial(prepare, app, mailbox, source.uidvalidity, pool=pool, sent=sent)
            fetching, lost = source.fetch_all(uids, app.settings.max_message_bytes, mailbox.since), None
            with Ahead(read, window=pool.workers + 1, max_bytes=app.settings.max_message_bytes, size=_size) as ahead:
                while lost is None:
                    try:
                        item = next(fetching, None)
                    except (IntakeError, OSError) as exc:  # the connection broke: file what came, then say so
                        lost = exc
                        break
                    if item is None:
                        break
                    for fetched, prepared in (*ahead.add(item), *ahead.ready()):
                        _file(app, mailbox, source.uidvalidity, fetched, prepared, report, pool, sent)
                for fetched, prepared in ahead.drain():
                    _file(app, mailbox, source.uidvalidity, fetched, prepared, report, pool, sent)
            if lost is not None:
                raise lost
    except Exception as exc:  # noqa: BLE001 - one mailbox's failure must not stop the others
        report.error = str(exc) if isinstance(exc, (IntakeError, OSError)) else f"{type(exc).__name__}: {exc}"
        if isinstance(exc, (IntakeError, OSError)):
            log.error("[%s] poll failed: %s", mailbox.state_key, report.error)
        else:
            log.exception("[%s] poll failed", mailbox.state_key)
        try:
            _save_state(app, mailbox.state_key, error=report.error, at=app.clock())
        except SQLAlchemyError:
            log.exception("[%s] cannot record the failure in the database", mailbox.state_key)
        return report
    _save_state(app, mailbox.state_key, success_at=app.clock())
    log.info("[%s] poll done: %s fetched, %s filed, %s ignored, %s duplicates, %s quarantined", mailbox.state_key,
             report.fetched, report.filed, report.ignored, report.duplicates, report.quarantined)
    return report


_COUNTERS = {FILED: "filed", IGNORED: "ignored", DUPLICATE: "duplicates", QUARANTINED: "quarantined"}


def _size(item) -> int:
    return len(item.raw) if isinstance(item, Fetched) and item.raw else 0


def _file(app: App, mailbox: Mailbox, uidvalidity: int, item, prepared, report: PollReport, pool, sent) -> None:
    """Decide and commit one message read ahead (or record why the server would not give it)."""
    report.fetched += 1
    if isinstance(item, Unavailable):
        if not item.why:
            log.info("[%s] UID %s vanished before it could be read", mailbox.state_key, item.uid)
            return
        report.quarantined += 1  # this one message only: record it, go on with the others
        _unavailable(app, mailbox, uidvalidity, item.uid, item.why)
        return
    counter = _COUNTERS[ingest_one(app, mailbox, uidvalidity, item, pool, sent, prepared)]
    setattr(report, counter, getattr(report, counter) + 1)


@dataclass
class Prepared:
    """A message read and ready to be decided; or, without `reading`, its fate is already in `row`."""

    where: str
    row: Inbound
    raw: bytes | None = None
    reading: Reading | None = None
    keep_raw: bool = False  # set aside without being read: its raw bytes are kept for staff


def ingest_one(app: App, mailbox: Mailbox, uidvalidity: int, fetched: Fetched, pool: ReaderPool | None = None,
               sent=None, prepared: Prepared | None = None) -> str:
    """Handle one fetched message completely (read it, unless it was read ahead); returns its fate."""
    if prepared is None:
        prepared = prepare(app, mailbox, uidvalidity, fetched, pool=pool, sent=sent)
    return finish(app, mailbox, prepared)


def prepare(app: App, mailbox: Mailbox, uidvalidity: int, fetched, pool: ReaderPool | None = None,
            sent=None) -> Prepared | None:
    """Everything before the decision, that needs no database: runs in the read-ahead threads."""
    if isinstance(fetched, Unavailable):
        return None
    where = f"[{mailbox.state_key}] UID {fetched.uid}"
    row = Inbound(mailbox=mailbox.name, folder=mailbox.folder, uidvalidity=uidvalidity, uid=fetched.uid,
                  identity=f"uid:{mailbox.state_key}:{uidvalidity}:{fetched.uid}", internal_date=fetched.internal_date,
                  size=fetched.size, fate=QUARANTINED, rules_version=app.rules.version, created_at=app.clock())
    if fetched.internal_date < mailbox.since:
        row.fate, row.reason = IGNORED, f"reçu avant la date de départ (since = {mailbox.since.date()})"
        return Prepared(where, row)
    if fetched.raw is None:
        row.reason = (f"message de {fetched.size} octets, plus que max_message_bytes "
                      f"({app.settings.max_message_bytes}) : laissé dans la boîte pour le service")
        return Prepared(where, row)
    return read_raw(app, mailbox, row, fetched.raw, where, pool=pool, sent=sent)


def handle_raw(app: App, mailbox: Mailbox, row: Inbound, raw: bytes, where: str, by: str = "",
               pool: ReaderPool | None = None, sent=None) -> str:
    """Read, decide and apply one message's raw bytes, recording its fate in the ledger `row`: a new
    row (the mailbox cursor advances), or, with `row.id` set, the row of a quarantined message that staff
    (`by`) asked to try again (`intake quarantine retry`): the same path, the same row, no cursor moved."""
    return finish(app, mailbox, read_raw(app, mailbox, row, raw, where, pool=pool, sent=sent), by)


def read_raw(app: App, mailbox: Mailbox, row: Inbound, raw: bytes, where: str, pool: ReaderPool | None = None,
             sent=None) -> Prepared:
    raw_sha256 = hashlib.sha256(raw).hexdigest()
    try:
        reading = read_message(raw, app.rules, app.settings, mailbox.address, raw_sha256, pool=pool,
                               in_sent_folder=sent)
    except OverLimit as exc:
        row.reason = f"au-delà des limites : {exc} ; message brut conservé, à voir par le service"
        return Prepared(where, row, raw, keep_raw=True)
    except ReaderCrashed as exc:
        row.reason = f"lecture impossible : {exc} ; message brut conservé, à voir par le service"
        return Prepared(where, row, raw, keep_raw=True)
    except ParseError as exc:
        row.reason = f"illisible : {exc}"
        return Prepared(where, row, raw, keep_raw=True)
    except (RecursionError, MemoryError, ValueError, LookupError) as exc:
        row.reason = f"illisible : {type(exc).__name__}: {exc}"
        return Prepared(where, row, raw, keep_raw=True)
    row.identity, row.message_id, row.from_addr = reading.msg.identity, reading.msg.message_id, reading.msg.from_addr
    return Prepared(where, row, raw, reading)


def finish(app: App, mailbox: Mailbox, prepared: Prepared, by: str = "") -> str:
    """Decide and apply a prepared message in its own transaction (or record its known fate); its fate."""
    row, raw, where, reading = prepared.row, prepared.raw, prepared.where, prepared.reading
    state_key = None if row.id else mailbox.state_key
    if reading is None:
        return _record(app, where, row, state_key, by, raw if prepared.keep_raw else None)
    msg, verdicts = reading.msg, reading.verdicts
    for attempt in range(3):  # a reference taken meanwhile by another writer: try again
        try:
            return _apply(app, mailbox, where, _fresh(row), msg, verdicts, reading, raw, state_key, by)
        except IntegrityError:
            if attempt == 2:
                raise
            log.warning("%s: write conflict, retrying", where)
        except (IntakeError, SQLAlchemyError, OSError):
            raise  # broken templates, database or disk: stop; the message is fetched again next time
        except Exception as exc:  # a bug on this one message must not block the mailbox
            log.exception("%s: cannot be handled; quarantined", where)
            row.fate, row.reason = QUARANTINED, f"erreur interne pendant son traitement : {type(exc).__name__}: {exc}"
            row.subject, row.fingerprint = msg.subject[:500], msg.fingerprint
            return _record(app, where, _fresh(row), state_key, by, raw)


def _unavailable(app: App, mailbox: Mailbox, uidvalidity: int, uid: int, why: str) -> None:
    row = Inbound(mailbox=mailbox.name, folder=mailbox.folder, uidvalidity=uidvalidity, uid=uid,
                  identity=f"uid:{mailbox.state_key}:{uidvalidity}:{uid}", internal_date=app.clock(), fate=QUARANTINED,
                  reason=f"le serveur ne donne pas ce message ({why}) : il reste dans la boîte, à voir par le service",
                  rules_version=app.rules.version, created_at=app.clock())
    _record(app, f"[{mailbox.state_key}] UID {uid}", row, mailbox.state_key)


def _fresh(row: Inbound) -> Inbound:
    """A detached copy (same id: None for a new row): a failed transaction leaves nothing behind in the next one."""
    return Inbound(**row.model_dump(exclude={"case_id"}))


def _retried(app: App, row: Inbound, by: str) -> str:
    """The note a retried message's ledger row and case history get."""
    return f"nouvel essai demandé par {by} le {app.clock().astimezone(app.settings.timezone):%d/%m/%Y}" \
        if by and row.id else ""


def _apply(app: App, mailbox: Mailbox, where: str, row: Inbound, msg: Message, verdicts, reading, raw: bytes,
           state_key: str | None, by: str = "") -> str:
    with session(app.engine) as s, app.locks.serialized("ingest", s):  # files and rows: one message at a time
        if row.id is not None:
            row = s.merge(row)
        ctx = context_for(app, s, mailbox, msg, row.identity, reading.forward, exclude_id=row.id)
        decision = decide(msg, verdicts, app.rules, ctx)
        if decision.ledger_only and state_key:  # newsletters, colleagues' mail...: no disk flush of their own
            relax_durability(s)
        row.fate, row.reason = decision.fate, decision.reason[:2000]
        if keeps_content(row.fate):
            _keep_content(app, row, msg, raw)
        else:  # a retried quarantined message that is not filed after all: its stored bytes go too
            release_content(s, row, app.clock())
        apply(app, s, row, msg, decision, ctx.earlier.case_id if ctx.earlier else None, reading.fields,
              forward=reading.forward)
        note = _retried(app, row, by)
        if note:
            row.reason = f"{row.reason} ({note})"[:2000]
            if row.case_id:
                s.add(CaseEvent(case_id=row.case_id, at=app.clock(), kind="retried", actor=by,
                                detail=f"message de {msg.from_addr or '?'} repris de la quarantaine : {note}"))
        if state_key:
            _advance(s, state_key, row.uid)
        s.commit()
    log.info("%s from %s: %s (%s)", where, msg.from_addr or "?", row.fate, row.reason)
    return row.fate


def _keep_content(app: App, row: Inbound, msg: Message, raw: bytes) -> None:
    """A filed or quarantined message keeps its subject, its raw bytes and its content fingerprint (what tells
    a copy from another message reusing its Message-ID): all three go together (forget.release_content)."""
    row.subject, row.fingerprint, row.raw_sha256 = msg.subject[:500], msg.fingerprint, app.blobs.put(raw)


def _record(app: App, where: str, row: Inbound, state_key: str | None, by: str = "", raw: bytes | None = None) -> str:
    with session(app.engine) as s, app.locks.serialized("ingest", s):  # no purge deletes the file meanwhile
        if state_key and row.fate == IGNORED:  # received before `since`: recorded again the same way if lost
            relax_durability(s)
        if raw is not None and keeps_content(row.fate):
            row.raw_sha256 = app.blobs.put(raw)
        note = _retried(app, row, by)
        if note:
            row.reason = f"{row.reason} ({note})"[:2000]
        if row.id is not None:
            row = s.merge(row)
        s.add(row)
        if state_key:
            _advance(s, state_key, row.uid)
        s.commit()
    log.info("%s: %s (%s)", where, row.fate, row.reason)
    return row.fate


def _state(app: App, name: str) -> MailboxState:
    with session(app.engine) as s:
        state = s.exec(select(MailboxState).where(MailboxState.name == name)).first()
        if state is None:
            state = MailboxState(name=name)
            s.add(state)
            try:
                s.commit()
            except IntegrityError:  # the IDLE watcher (intake/watch.py) created it meanwhile
                s.rollback()
                state = s.exec(select(MailboxState).where(MailboxState.name == name)).one()
        return state


def _save_state(app: App, name: str, *, uidvalidity=None, last_uid=None, last_poll_at=None, error=None, at=None,
                success_at=None) -> None:
    with session(app.engine) as s:
        state = s.exec(select(MailboxState).where(MailboxState.name == name)).first() or MailboxState(name=name)
        if uidvalidity is not None:
            state.uidvalidity, state.last_uid = uidvalidity, last_uid
        if last_poll_at is not None:
            state.last_poll_at = last_poll_at
        if error is not None:
            state.last_error, state.last_error_at = error[:1000], at
            state.errors_since_success += 1
        if success_at is not None:
            state.last_success_at, state.errors_since_success = success_at, 0
        s.add(state)
        s.commit()


def _advance(s, name: str, uid: int) -> None:
    s.exec(MailboxState.__table__.update().where(MailboxState.name == name, MailboxState.last_uid < uid)
           .values(last_uid=uid))
