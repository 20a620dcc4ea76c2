"""What every mailbox adapter offers the poller (IMAP, or a local folder of mail)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class Fetched:
    uid: int
    internal_date: datetime  # aware; when the server received the message
    size: int
    raw: bytes | None  # None when not downloaded: over the size cap, or received before `since`


class Source(Protocol):
    """Opened with `with`; read-only: it never changes flags, moves or deletes."""

    uidvalidity: int

    def __enter__(self) -> "Source": ...

    def __exit__(self, *exc) -> None: ...

    def uids_after(self, last_uid: int, since: date) -> list[int]:
        """UIDs above `last_uid` (all since `since` when last_uid is 0), ascending."""

    def fetch(self, uid: int, max_bytes: int, not_before: datetime) -> Fetched | None:
        """The message, or None when it vanished meanwhile. Only the metadata when it is
        over `max_bytes` or was received before `not_before`."""
