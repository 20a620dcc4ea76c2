"""The reading processes' scratch space: under data_dir, private, and emptied of whatever a killed reader left.

A reader writes temporary files while it reads (the attachment copied for pdftoppm, rasterised pages, the
image given to tesseract). It may be killed at any moment (the message's reading budget ran out, the
memory cap): its `TemporaryDirectory` is then never removed. So each reading process works in a folder of
its own, `data_dir/scratch/w<pid>/` (0700; TMPDIR and tempfile's folder point there), and holds an
exclusive lock on `w<pid>.lock` beside it for as long as it lives: the kernel releases the lock when the
process dies, however it dies. `sweep` removes every folder whose lock nobody holds: the pool runs it when
it starts (after a crash of the whole service too), after it killed a reader, when it stops, and every new
reading process runs it as it starts (the pool starts one to replace each reader it kills). Several intake
processes sharing data_dir (poller, web console, IDLE watch) never remove each other's live folders.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from pathlib import Path

from intake.adapters.storage import private_dir

SCRATCH = "scratch"  # the folder's name under data_dir
_default: Path | None = None  # set by open_app: data_dir/scratch
_held: list[int] = []  # the lock this reading process holds (kept open for its whole life)


def scratch_root(data_dir: Path) -> Path:
    return Path(data_dir) / SCRATCH


def use_by_default(root: Path) -> None:
    """Where pools created without an explicit scratch folder put theirs (open_app: data_dir/scratch)."""
    global _default
    _default = Path(root)


def default_root() -> Path:
    """The folder set by open_app; without an application (a library call, a benchmark), a private folder in
    the system's temporary folder, kept and cleaned the same way."""
    if _default is not None:
        return _default
    return Path(tempfile.gettempdir()) / f"intake-scratch-{os.getuid()}"


def claim(root: Path) -> Path:
    """In a reading process: take a folder of its own under `root` (emptied), lock it, make it the temporary
    folder of this process and of the tools it starts, and sweep the folders of dead readers."""
    private_dir(root)
    name = f"w{os.getpid()}"
    while True:
        fd = os.open(root / f"{name}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        if _same_file(fd, root / f"{name}.lock"):
            break
        os.close(fd)  # a sweep removed that lock file meanwhile: take a fresh one
    _held.append(fd)
    own = root / name
    shutil.rmtree(own, ignore_errors=True)  # a dead process with the same pid may have left it
    private_dir(own)
    tempfile.tempdir = str(own)
    os.environ["TMPDIR"] = str(own)
    sweep(root)
    return own


def sweep(root: Path) -> int:
    """Remove the folders of reading processes that are no longer alive (their lock is free); how many."""
    try:
        entries = list(os.scandir(root))
    except FileNotFoundError:
        return 0
    locks = {e.name[:-5] for e in entries if e.name.endswith(".lock")}
    removed = 0
    for entry in entries:
        name = entry.name
        if name.endswith(".lock"):
            removed += _sweep_one(root, name[:-5])
        elif entry.is_dir(follow_symlinks=False) and name not in locks:  # no lock at all: nobody's
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 1
    return removed


def _sweep_one(root: Path, name: str) -> int:
    lock = root / f"{name}.lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return 0
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0  # a live reader's
        if not _same_file(fd, lock):
            return 0
        shutil.rmtree(root / name, ignore_errors=True)
        lock.unlink(missing_ok=True)
        return 1
    finally:
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False
