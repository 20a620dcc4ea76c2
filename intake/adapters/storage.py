"""Content-addressed file store: raw messages and pieces, named by their SHA-256.

Files are written to a temporary name, flushed to disk, then renamed, so a
crash never leaves a half-written blob under a real name. Original file names
never reach the filesystem. Applicants' files are personal data: files are
0600 and folders 0700 (readable by the service's user only), whatever the umask.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class BlobStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, content: bytes) -> str:
        digest = hashlib.sha256(content).hexdigest()
        target = self.path(digest)
        try:  # already there: marked as written now, so that the purge, which deletes the files nothing names
            os.utime(target)  # once they are an hour old, leaves it to the transaction about to name it
            return digest
        except FileNotFoundError:
            pass
        except OSError:  # there, but its time cannot be set (written by another user): the same bytes all the same
            return digest
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
        return digest

    def get(self, sha256: str) -> bytes:
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


def write_private(path: Path, data: bytes) -> None:
    """Write a file only the service's user can read (0600), replacing it if it exists."""
    path = Path(path)
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        os.fchmod(out.fileno(), 0o600)
        out.write(data)
