"""Poll the mailboxes: every watched folder, one at a time, its new messages in UID order.

Messages are fetched in batches (adapters/imap.py) and read ahead, several at once (readahead.py: parsing,
then their files in the reading processes, on every CPU); they are decided and committed one at a time,
in mailbox order, by ingest.py. Each folder has a cursor (UIDVALIDITY, last UID: store/mailboxes.py),
moved in the transaction that records each message: a crash before the commit means the message is
fetched again; after it, never again.

Several processes (on one machine or several sharing a PostgreSQL database): each folder is polled by one
process at a time (a database lock, skipped when busy), and the transactions that file messages run one
at a time, so that the copy of a message that reached both mailboxes is recognised whichever worker
reads it first.
"""

from __future__ import annotations

import functools
import logging
import shutil
from contextlib import nullcontext
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from intake.adapters import restored
from intake.adapters.failures import database_unavailable, failure_text
from intake.adapters.readers import ReaderPool
from intake.adapters.scratch import scratch_root
from intake.adapters.sent import SentFolders
from intake.adapters.sources import Fetched, Unavailable
from intake.app import App
from intake.config import Mailbox
from intake.core.disk_floor import disk_too_full
from intake.core.statuses import DUPLICATE, FILED, IGNORED, QUARANTINED
from intake.errors import IntakeError
from intake.pipeline import readbudget
from intake.pipeline.ingest import file_copy, ingest_one, prepare, record_unavailable
from intake.pipeline.readahead import Ahead
from intake.store import ledger, mailboxes
from intake.store.database import session

log = logging.getLogger("intake.ingest")
# A mailbox that could not be read, in the words its report carries: the worker's journal keeps the line;
# `intake poll`, which prints the report on the mailbox's own line, silences it (cli/service.py).
failures = logging.getLogger("intake.ingest.failures")

# Messages read ahead per reading process: enough that while the oldest waits for its OCR (about half a
# second a page) the others keep every process busy, most mail being read in a few milliseconds; raw
# bytes in flight stay under max_message_bytes whatever the count. (Measured on the backlog benchmark, 2
# CPUs: 1 -> 44 s, 8 -> 27 s, 20 -> 24.5 s, 40 -> no better.)
READ_AHEAD_PER_PROCESS = 20


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
    """The reading processes of a pass ([limits] read_processes; they start on the first file to read), their
    scratch folders under data_dir."""
    return ReaderPool(app.settings.limits.read_processes or None, scratch_root(app.settings.data_dir))


def _poll_folder(app: App, mailbox: Mailbox, pool: ReaderPool, sent) -> PollReport:
    report = PollReport(mailbox.state_key)
    started = app.clock()
    try:
        with app.source(mailbox) as source:
            with session(app.engine) as s:
                state = mailboxes.state_of(s, mailbox.state_key)
            last_uid = state.last_uid
            if state.uidvalidity is not None and state.uidvalidity != source.uidvalidity:
                log.warning("[%s] UIDVALIDITY changed (%s -> %s): rescanning since %s; copies already seen are "
                            "recognised by Message-ID", mailbox.state_key, state.uidvalidity, source.uidvalidity,
                            mailbox.since.date())
                last_uid = 0
            _save_state(app, mailbox.state_key, uidvalidity=source.uidvalidity, last_uid=last_uid,
                        last_poll_at=started)
            uids = source.uids_after(last_uid, mailbox.since.date())
            if uids:  # nothing fetched nor read (OCR...) at each poll while the disk stays too full to file
                _room_to_file(app, 0)
                # nor while the restore marker cannot be read (a ConfigError): no message could be decided, and each
                # reading would count again against its sender's daily reading budget
                restored.read(app.settings.data_dir)
            readbudget.begin_poll(app.engine)  # today's reading time, read again from the database
            read = functools.partial(prepare, app, mailbox, source.uidvalidity, pool=pool, sent=sent)
            fetching = source.fetch_all(uids, app.settings.max_message_bytes, mailbox.since,
                                        copies=functools.partial(_recorded_copies, app))
            lost = None
            window = READ_AHEAD_PER_PROCESS * pool.workers + 2
            try:
                with Ahead(read, window=window, max_bytes=app.settings.max_message_bytes, size=_size) as ahead:
                    while lost is None:
                        try:
                            item = next(fetching, None)
                        except (IntakeError, OSError) as exc:  # the connection broke: file what came, then say so
                            lost = exc
                            break
                        if item is None:
                            break
                        for fetched, prepared in (*ahead.add(item), *ahead.ready()):
                            _file(app, mailbox, source, fetched, prepared, report, pool, sent)
                    for fetched, prepared in ahead.drain():
                        _file(app, mailbox, source, fetched, prepared, report, pool, sent)
            except BaseException:  # the readings (all ended: Ahead waits for them) counted time all the same
                _write_reading_time(app, mailbox)
                raise
            readbudget.end_poll(app.engine)  # what the readings counted, written
            if lost is not None:
                raise lost
    except Exception as exc:  # noqa: BLE001 - one mailbox's failure must not stop the others
        report.error = failure_text(exc, app.settings.data_dir)
        # a database that does not answer: its line only; a query it refused (a bug) keeps its frames, never its
        # text (cli/output.py SafeFormatter), which would quote PostgreSQL's DETAIL line (the refused row's values)
        if isinstance(exc, (IntakeError, OSError)) or database_unavailable(exc):
            failures.error("[%s] poll failed: %s", mailbox.state_key, report.error)
        else:
            log.exception("[%s] poll failed", mailbox.state_key)
        try:
            _save_state(app, mailbox.state_key, error=report.error, at=app.clock())
        except SQLAlchemyError as again:  # the same database or full disk, most often: its line, no traceback
            failures.error("[%s] cannot record the failure in the database: %s", mailbox.state_key,
                           failure_text(again, app.settings.data_dir))
        return report
    _save_state(app, mailbox.state_key, success_at=app.clock())
    if report.quarantined:
        _warn_not_kept(app, mailbox, started)
    log.info("[%s] poll done: %s fetched, %s filed, %s ignored, %s duplicates, %s quarantined", mailbox.state_key,
             report.fetched, report.filed, report.ignored, report.duplicates, report.quarantined)
    return report


def _write_reading_time(app: App, mailbox: Mailbox) -> None:
    """A poll that failed writes what its readings counted (`intake poll` would end with it unwritten); a failure to
    write it is only logged: the poll's own failure is the one to tell (the count is written at the next poll)."""
    try:
        readbudget.end_poll(app.engine)
    except Exception as exc:  # noqa: BLE001 - said, never in place of why the poll stopped
        log.warning("[%s] the reading time counted by the failed poll is not written: %s", mailbox.state_key,
                    failure_text(exc, app.settings.data_dir))


_COUNTERS: dict[str, str] = {FILED: "filed", IGNORED: "ignored", DUPLICATE: "duplicates", QUARANTINED: "quarantined"}


def _warn_not_kept(app: App, mailbox: Mailbox, since) -> None:
    """Once per poll, not once per message: messages of this poll quarantined without their raw bytes."""
    with session(app.engine) as s:
        not_kept = ledger.not_kept_since(s, since, mailbox.name, mailbox.folder)
    if not_kept:
        log.warning("[%s] %s quarantined without their raw bytes: the quarantine is full ([limits] quarantine_bytes "
                    "= %s) or their sender holds a quarter of it; the originals stay in the mailbox (intake "
                    "quarantine list; free space by retrying or dismissing quarantined messages, or raise the "
                    "setting)", mailbox.state_key, not_kept, app.settings.limits.quarantine_bytes)


def _size(item) -> int:
    return len(item.raw or item.header or b"") if isinstance(item, Fetched) else 0


def _recorded_copies(app: App, identities: list[str]) -> set[str]:
    """Those of `identities` already recorded with a copy key: the source gives their headers first."""
    with session(app.engine) as s:
        return ledger.with_copy_keys(s, identities)


def _file(app: App, mailbox: Mailbox, source, item, prepared, report: PollReport, pool, sent) -> None:
    """Decide and commit one message read ahead (or record why the server would not give it). A message given
    by its headers only, as the copy of one already recorded, that is not one after all is fetched whole."""
    uidvalidity = source.uidvalidity
    if isinstance(item, Fetched) and item.header is not None:
        fate = file_copy(app, mailbox, prepared)
        if fate is not None:
            report.fetched += 1
            report.duplicates += 1
            return
        # only IMAP gives header blocks: refused, or hung up on twice, the message is set aside alone
        item = source.fetch_one(item.uid, app.settings.max_message_bytes, mailbox.since)
        prepared = prepare(app, mailbox, uidvalidity, item, pool=pool, sent=sent)
    if isinstance(item, Fetched):
        _room_to_file(app, len(item.raw or b""))
    report.fetched += 1
    if isinstance(item, Unavailable):
        if not item.why:
            log.info("[%s] UID %s vanished before it could be read", mailbox.state_key, item.uid)
            return
        report.quarantined += 1  # this one message only: record it, go on with the others
        record_unavailable(app, mailbox, uidvalidity, item.uid, item.why)
        return
    counter = _COUNTERS[ingest_one(app, mailbox, uidvalidity, item, pool, sent, prepared)]
    setattr(report, counter, getattr(report, counter) + 1)


def _room_to_file(app: App, size: int) -> None:
    """IntakeError when data_dir's disk would keep less than [limits] min_free_bytes once the message is filed: the
    mailbox's poll stops before it (its cursor stays: the message and those after it are filed once space is freed)."""
    free = shutil.disk_usage(app.settings.data_dir).free
    why = disk_too_full(free, size, app.settings.limits.min_free_bytes)
    if why:
        raise IntakeError(why)


def _save_state(app: App, name: str, **found) -> None:
    with session(app.engine) as s:
        mailboxes.record_poll(s, name, **found)
        s.commit()
