"""A local folder of .eml files, or a Maildir, read as a mailbox (demo, tests, imports).

UIDs are the files' positions in order of arrival (modification time, then name),
so a file dropped in later is read later even if its name sorts first; the
folder's UIDVALIDITY is 1. Files are never changed. Meant for the demo, tests and
imports: a file copied in with an old modification time (`cp -p`) would be missed.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from intake.adapters.sources import Fetched, one_by_one


class FolderSource:
    uidvalidity = 1

    def __init__(self, path: str):
        self.root = Path(path)
        self.files: list[Path] = []

    def __enter__(self) -> "FolderSource":
        if not self.root.is_dir():
            raise OSError(f"le dossier de courrier {self.root} n'existe pas : vérifiez path")
        dirs = [self.root / d for d in ("cur", "new")] if (self.root / "cur").is_dir() else [self.root]
        found = [p for d in dirs for p in d.iterdir() if p.is_file() and not p.name.startswith(".")]
        self.files = sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))
        return self

    def __exit__(self, *exc) -> None:
        self.files = []

    def uids_after(self, last_uid: int, since: date) -> list[int]:
        return list(range(last_uid + 1, len(self.files) + 1))

    def find_message_id(self, message_id: str) -> list[int]:
        """Positions (UIDs) of the files whose header block names this Message-ID."""
        wanted = f"<{message_id}>".lower().encode("utf-8", "replace")
        found = []
        for uid, path in enumerate(self.files, 1):
            with path.open("rb") as f:
                head = f.read(64_000).split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0].lower()
            if any(line.startswith(b"message-id:") and wanted in line for line in head.splitlines()):
                found.append(uid)
        return found

    def fetch(self, uid: int, max_bytes: int, not_before: datetime) -> Fetched | None:
        if not 1 <= uid <= len(self.files):
            return None
        path = self.files[uid - 1]
        size = path.stat().st_size
        raw = path.read_bytes() if size <= max_bytes else None
        return Fetched(uid=uid, internal_date=_received(path, raw), size=size, raw=raw)


    def fetch_all(self, uids: list[int], max_bytes: int, not_before: datetime, copies=None):
        return one_by_one(self, uids, max_bytes, not_before)  # a file is read whole: no header to ask first


def _received(path: Path, raw: bytes | None) -> datetime:
    """The Date header stands in for the server's INTERNALDATE; else the file's time."""
    if raw:
        head = raw[:64_000].split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]  # the headers, not a whole bare-CR mail
        for line in head.decode("ascii", "replace").splitlines():
            if line.lower().startswith("date:"):
                try:
                    when = parsedate_to_datetime(line[5:].strip())
                    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
                except (TypeError, ValueError, IndexError, OverflowError):  # year 10000000000: overflows
                    break
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
