"""`intake poll` when there is nothing to do, found without loading the database layer.

The full poll imports SQLAlchemy and the whole pipeline (about half a second) before it asks the
server anything, and most polls find nothing new. So `intake poll` first asks, with the stdlib's
sqlite3 and imap-tools only: is the schema current, is nothing due in the outbox nor any file left
to delete, are the templates those that last passed their checks, and has no folder anything after
its cursor (same UIDVALIDITY)? If so it records the folders' poll times, prints what the full poll
would print, and stops. Anything else, and the full poll runs: a new message, a PostgreSQL
database, an OAuth2 or local-folder mailbox, a folder that another process is polling, any error
(the full poll reports it). This path only ever concludes "nothing to do".
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

from intake.core.retry import latest_wait

log = logging.getLogger("intake.ingest")
_STORED = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a datetime in SQLite (naive UTC)


def quiet_poll(settings) -> list[str] | None:
    """The poll's lines when there is nothing to do (the folders' poll times recorded); else None."""
    if not settings.database_url.startswith("sqlite:///") or not all(
            m.server is not None and not m.path and m.server.oauth is None for m in settings.mailboxes):
        return None
    path = Path(settings.database_url.removeprefix("sqlite:///"))
    try:
        if not path.is_file():
            return None
    except OSError:  # data_dir this user may not enter: the full poll says what to chown
        return None
    try:
        with ExitStack() as stack:
            db = sqlite3.connect(path, timeout=30)
            stack.callback(db.close)
            return _quiet(settings, db, stack)
    except Exception as exc:  # noqa: BLE001 - whatever it is, the full poll sees it again and says it
        log.debug("quick check not conclusive (%s: %s): full poll", type(exc).__name__, exc)
        return None


def _quiet(settings, db: sqlite3.Connection, stack: ExitStack) -> list[str] | None:
    from intake.store.revision import head_revision

    now = datetime.now(timezone.utc)
    stored_now = now.replace(tzinfo=None).strftime(_STORED)
    if db.execute("SELECT version_num FROM alembic_version").fetchall() != [(head_revision(),)]:
        return None
    if db.execute("SELECT 1 FROM blobtrash LIMIT 1").fetchone() is not None:
        return None
    latest = latest_wait(now).replace(tzinfo=None).strftime(_STORED)  # a later next try: set before the clock went back
    due = db.execute("SELECT count(*) FROM outbox WHERE status = 'sending' OR (status = 'pending' AND "
                     "(next_attempt_at IS NULL OR next_attempt_at <= ? OR next_attempt_at > ?))",
                     (stored_now, latest)).fetchone()[0]
    if due or not _templates_unchanged(settings):
        return None
    from intake.adapters.rulefiles import load_rules

    load_rules(settings.rules_dir)  # broken rules stop an idle poll too (RulesError, exit 2)
    folders = [f for m in settings.mailboxes for f in m.per_folder()]
    states = {row[0]: row[1:] for row in db.execute(
        "SELECT name, uidvalidity, last_uid, watch_state, watch_detail, watch_since, watch_seen_at FROM mailboxstate")}
    for folder in folders:
        if states.get(folder.state_key, (None,))[0] is None or not _lock(settings, folder.state_key, stack):
            return None
    from intake.adapters.imap import ImapSource

    for folder in folders:
        uidvalidity, last_uid = states[folder.state_key][:2]
        where = f"{settings.file}: mailboxes[{folder.name}]"
        with ImapSource(folder, folder.server.password(where)) as source:
            if source.uidvalidity != uidvalidity or source.uids_after(last_uid, folder.since.date()):
                return None
    with db:
        db.executemany("UPDATE mailboxstate SET last_poll_at = ?, last_success_at = ?, errors_since_success = 0 "
                       "WHERE name = ?", [(stored_now, stored_now, f.state_key) for f in folders])
    waiting, first = db.execute("SELECT count(*), min(next_attempt_at) FROM outbox WHERE status = 'pending' "
                                "AND next_attempt_at > ? AND next_attempt_at <= ?", (stored_now, latest)).fetchone()
    return [_folder_line(settings, f.state_key, states[f.state_key][2:], now) for f in folders] + [
        _outbox_line(settings, waiting, _when(first))]


def _templates_unchanged(settings) -> bool:
    from intake.adapters.templates import Templates

    # the checks' own source is part of the fingerprint (app.py): found by path, not imported (30 ms of imports)
    # (as app.py names it, Path(rules_check.__file__): the fingerprint holds the path, so no .resolve())
    checks = Path(__file__).parents[1] / "commands" / "rules_check.py"
    stamp = Path(settings.data_dir) / "templates.checked"
    try:
        return stamp.read_text(encoding="ascii") == Templates(settings.templates_dir).fingerprint(checks)
    except (OSError, UnicodeDecodeError):
        return False


def _lock(settings, state_key: str, stack: ExitStack) -> bool:
    """The folder's poll lock (adapters/lock.py's file, for SQLite), held to the end; False when busy."""
    path = Path(settings.data_dir) / "locks" / f"{quote('poll:' + state_key, safe='')}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except FileNotFoundError:
        return False
    stack.callback(os.close, fd)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    stack.callback(fcntl.flock, fd, fcntl.LOCK_UN)
    return True


def _when(value) -> datetime | None:
    return datetime.strptime(value, _STORED).replace(tzinfo=timezone.utc) if value else None


def _folder_line(settings, state_key: str, watch, now: datetime) -> str:
    from intake.core.watching import describe

    state, detail, since, seen_at = watch
    watched = describe(state, detail, _when(since), _when(seen_at), now, settings.timezone)
    log.info("[%s] poll done: 0 fetched, 0 filed, 0 ignored, 0 duplicates, 0 quarantined", state_key)
    from intake.cli.output import poll_line

    return poll_line(state_key, 0, 0, 0, 0, 0, f"ok{' ; ' + watched if watched else ''}")


def _outbox_line(settings, waiting: int, next_try: datetime | None) -> str:
    from intake.cli.output import outbox_line as line

    return line(SimpleNamespace(sent=0, waiting=waiting, next_try=next_try, failed=0, uncertain=0, cancelled=0,
                                resent=0), settings.timezone)
