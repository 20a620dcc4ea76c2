"""What every mailbox adapter offers the poller (IMAP, or a local folder of mail)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable, Iterator, Protocol


@dataclass(frozen=True)
class Fetched:
    uid: int
    internal_date: datetime  # aware; when the server received the message
    size: int
    raw: bytes | None  # None when not downloaded: over the size cap, or received before `since`, or `header`
    header: bytes | None = None  # only its header block: a copy of a message recorded with its copy key


@dataclass(frozen=True)
class Unavailable:
    """A message `fetch_all` could not give: the server refused it (`why`), or it vanished meanwhile (`why` "")."""

    uid: int
    why: str = ""


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

    def fetch_all(self, uids: list[int], max_bytes: int, not_before: datetime,
                  copies: Callable[[list[str]], set[str]] | None = None) -> Iterator[Fetched | Unavailable]:
        """Each of `uids`, in that order, as `fetch` gives it (or Unavailable): in as few round trips as
        the source can (IMAP: metadata first, then bodies in batches). `copies(identities)`: those already
        recorded with their copy key; a source that can gives such a message's header block only."""


def one_by_one(source, uids: list[int], max_bytes: int, not_before: datetime) -> Iterator[Fetched | Unavailable]:
    """`fetch_all` for a source that has no better way: `fetch` each message."""
    from intake.errors import MessageUnavailable

    for uid in uids:
        try:
            fetched = source.fetch(uid, max_bytes, not_before)
        except MessageUnavailable as exc:
            yield Unavailable(uid, str(exc))
            continue
        yield fetched if fetched is not None else Unavailable(uid)
