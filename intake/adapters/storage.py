"""Content-addressed file store: raw messages and pieces, named by their SHA-256.

Files are written to a temporary name, flushed to disk, then renamed, so a
crash never leaves a half-written blob under a real name. Original file names
never reach the filesystem. Applicants' files are personal data: files are
0600 and folders 0700 (readable by the service's user only), whatever the umask.

Within `together()`, a thread's files are written beside its other work (in a thread of their own: the disk
flush holds no lock), and the block ends once every one of them is on disk: the poller files a message's raw
bytes and its pieces while it builds the acknowledgement, and commits the transaction that names them only
after. Writing an application's megabytes to disk, one flush after another, was a fifth of a backlog's time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

_writers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="intake-blobs")  # idle threads cost nothing


class BlobStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._local = threading.local()  # this thread's writes under way, within together()

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    @contextmanager
    def together(self) -> Iterator[None]:
        """The files `put` in this block (by this thread) are written beside what it does next; the block ends
        when they are all on disk, and raises what writing one of them raised (a full disk): commit after it."""
        if getattr(self._local, "pending", None) is not None:  # already within a block: its end waits for them
            yield
            return
        pending: dict[str, Future[None]] = {}
        self._local.pending = pending
        try:
            yield
        finally:
            self._local.pending = None
            errors = [f.exception() for f in pending.values()]  # every write ends before the block does
        failed = next((e for e in errors if e is not None), None)
        if failed is not None:
            raise failed

    def put(self, content: bytes) -> str:
        digest = hashlib.sha256(content).hexdigest()
        pending = getattr(self._local, "pending", None)
        if pending is None:
            self._write(content, digest)
        elif digest not in pending:
            pending[digest] = _writers.submit(self._write, content, digest)
        return digest

    def _write(self, content: bytes, digest: str) -> None:
        target = self.path(digest)
        try:  # already there: marked as written now, so that the purge, which deletes the files nothing names
            os.utime(target)  # once they are an hour old, leaves it to the transaction about to name it
            return
        except FileNotFoundError:
            pass
        except PermissionError:  # there, but its time cannot be set (written by another user): the same bytes
            if target.is_file():
                return
            raise
        private_dir(target.parent)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, sha256: str) -> bytes:
        writing = (getattr(self._local, "pending", None) or {}).get(sha256)
        if writing is not None:  # put in this block, perhaps not written yet
            writing.result()
        return self.path(sha256).read_bytes()

    def delete(self, sha256: str) -> int:
        """Remove a file; returns the bytes freed (0 if it was not there)."""
        path = self.path(sha256)
        try:
            size = path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            return 0
        return size


    def written_before(self, when: float) -> list[tuple[str, Path]]:
        """Every file (name, path) last written before `when` (a POSIX time), half-written ones (`.tmp-...`, left by
        a crash) included: what the purge checks against the database for files nothing refers to."""
        out = []
        for path in self.root.glob("*/*/*") if self.root.is_dir() else ():
            try:
                if path.is_file() and path.stat().st_mtime < when:
                    out.append((path.name, path))
            except FileNotFoundError:
                continue
        return out


def private_dir(path: Path) -> Path:
    """Create `path` and its missing parents as 0700 folders; returns `path`."""
    path = Path(path)
    missing = []
    walk = path
    while not walk.exists():
        missing.append(walk)
        walk = walk.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)  # mkdir's mode is cut by the umask
    return path


def replace_private(path: Path, data: bytes) -> None:
    """`write_private`, but whole or not at all: written beside it, then put in its place (a file that several
    processes rewrite and read, as the rules and templates kept in force, is never seen half-written)."""
    path = Path(path)
    beside = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        write_private(beside, data)
        os.replace(beside, path)
    finally:
        beside.unlink(missing_ok=True)


def keep_beside(data_dir: Path, name: str, data: bytes) -> None:
    """Keep `data` as data_dir/`name` (`replace_private`), written only when it changed; a data_dir not there yet,
    or not writable, keeps nothing (the caller goes on): the rules and templates kept in force."""
    path = Path(data_dir) / name
    try:
        if not Path(data_dir).is_dir() or (path.exists() and path.read_bytes() == data):
            return
        replace_private(path, data)
    except OSError:
        pass


def write_private(path: Path, data: bytes) -> None:
    """Write a file only the service's user can read (0600), replacing it if it exists."""
    path = Path(path)
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        os.fchmod(out.fileno(), 0o600)
        out.write(data)
