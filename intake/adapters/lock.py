"""Locks shared by every intake process that uses the same database, on one machine or several.

PostgreSQL: advisory locks. A session lock lives on its own connection and
dies with it, so a crashed or killed worker never leaves a lock behind; a
transaction lock is released at commit or rollback.
SQLite (one machine only): lock files in data_dir (flock), released by the
kernel when the process dies.

    exclusive(name, wait)   yields False when another process held it for `wait` seconds (default:
                            try once)
    serialized(name, s)     wait for it (or `wait` seconds); held until the session's transaction
                            ends (PostgreSQL) or the block ends (SQLite)
    outbox_pass(wait)       what a pass over the outbox needs: the whole outbox on SQLite (one
                            sender per machine), nothing on PostgreSQL (rows are claimed one by one)
    sending(outbox_id)      held while one mail's SMTP conversation runs: whoever can take it
                            knows that nobody is sending that mail any more
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, func, select


def advisory_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for `name` (same on every machine and Python run)."""
    return int.from_bytes(hashlib.blake2b(f"intake:{name}".encode(), digest_size=8).digest(), "big", signed=True)


class Locks:
    def __init__(self, engine: Engine, data_dir: Path):
        self.engine = engine
        self.directory = data_dir / "locks"
        self.shared = engine.dialect.name == "postgresql"  # several machines may share the database
        self._files: dict[str, Path] = {}

    def _file(self, name: str) -> Path:
        path = self._files.get(name)
        if path is None:  # made once per name: the ingest lock is taken for every message
            path = self._files[name] = self.directory / f"{quote(name, safe='')}.lock"
        return path

    # ------------------------------------------------------------------ named locks
    @contextmanager
    def exclusive(self, name: str, wait: float = 0.0):
        """Yields True when the lock was taken, False when another process kept it for `wait` seconds."""
        if not self.shared:
            with _flock(self._file(name), wait=wait) as taken:
                yield taken
            return
        with self.engine.connect() as connection:
            deadline = time.monotonic() + wait
            while True:
                taken = connection.execute(select(func.pg_try_advisory_lock(advisory_key(name)))).scalar()
                connection.commit()  # a session lock outlives the transaction; no transaction stays open
                if taken or time.monotonic() >= deadline:
                    break
                time.sleep(0.1)
            try:
                yield bool(taken)
            finally:
                if taken:
                    connection.execute(select(func.pg_advisory_unlock(advisory_key(name))))
                    connection.commit()

    @contextmanager
    def serialized(self, name: str, s, wait: float | None = None):
        """Hold `name` for the rest of session `s`'s transaction (PostgreSQL) or the block (SQLite); yields
        True, or False when another holder kept it `wait` seconds (None: wait as long as it takes)."""
        if not self.shared:
            with _flock(self._file(name), wait=wait) as taken:
                yield taken
            return
        if wait is None:
            s.exec(select(func.pg_advisory_xact_lock(advisory_key(name))))
            yield True
            return
        deadline = time.monotonic() + wait
        while not s.exec(select(func.pg_try_advisory_xact_lock(advisory_key(name)))).one():
            if time.monotonic() >= deadline:
                yield False
                return
            time.sleep(0.1)
        yield True

    # ------------------------------------------------------------------ the outbox
    def outbox_pass(self, wait: float = 0.0):
        return nullcontext(True) if self.shared else self.exclusive("outbox", wait)

    def sending(self, outbox_id: int):
        return self.exclusive(f"sending:{outbox_id}") if self.shared else nullcontext(True)


_OPEN = threading.local()  # per thread, the lock files it opened: {path: fd}


def _lock_file(path: Path) -> int:
    """This thread's descriptor of a lock file, opened once (a lock taken for every message must not cost an
    open). Each thread has its own: flock excludes other threads as it excludes other processes."""
    opened, held = _OPEN.__dict__.setdefault("fds", {}), _OPEN.__dict__.setdefault("held", set())
    fd = opened.get(path)
    if fd is not None and os.fstat(fd).st_nlink:
        return fd
    if fd is not None:  # the file was removed meanwhile: a lock on it would exclude nobody
        os.close(fd)
    if len(opened) >= 32:  # many databases in one process (tests): close those not held now
        for other in [p for p in opened if p not in held]:
            os.close(opened.pop(other))
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except FileNotFoundError:  # the first lock: its folder is made then, not checked at every lock
        from intake.adapters.storage import private_dir

        private_dir(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    opened[path] = fd
    return fd


@contextmanager
def _flock(path: Path, wait: float | None):
    """A lock file: True once taken, False when another holder kept it `wait` seconds (None: wait for it)."""
    fd = _lock_file(path)
    if wait is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
    else:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.05)
    held = _OPEN.__dict__.setdefault("held", set())
    held.add(path)
    try:
        yield True
    finally:
        held.discard(path)
        fcntl.flock(fd, fcntl.LOCK_UN)
