"""An IMAP mailbox, read-only: EXAMINE, UID SEARCH, UID FETCH with BODY.PEEK.

It never stores flags, moves, deletes or expunges: the mailboxes are people's
work mailboxes. Every socket read has the configured timeout.

A catch-up fetches in few round trips (`fetch_all`): first the size and date of up to
META_BATCH messages at once, so that a message received before `since` or larger than
`max_message_bytes` is skipped without its body; then the bodies, BODY_BATCH messages at a
time and never more than `max_message_bytes` in one answer. When the server will not give a
batch, or leaves a message out of it, those messages are fetched one by one: the one it
refuses is reported (Unavailable), the others are read.
"""

from __future__ import annotations

import imaplib
import re
from datetime import date, datetime, timedelta
from typing import Any, Callable

from imap_tools import AND, H, U

from intake.adapters.imaplogin import IMAP_ERRORS, _close, _quote, connect, folder_refused
from intake.adapters.sources import Fetched, Unavailable
from intake.config import Mailbox
from intake.core.copykey import identity_in
from intake.errors import MailboxError, MessageUnavailable

_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
_UID = re.compile(rb"\bUID (\d+)")
_NEW_RESPONSE = re.compile(rb"\d+ \(")  # "3 (UID 7 ...": imaplib gives each FETCH response without its "* "
META_BATCH = 500  # messages whose size and date one UID FETCH asks for
BODY_BATCH = 50  # messages whose body one UID FETCH asks for (and at most max_message_bytes in all)
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")


class _Dropped(MailboxError):
    """The server closed the connection while answering a FETCH."""

class ImapSource:
    def __init__(self, mailbox: Mailbox, password: str = "", tokens=None, body_batch: int = BODY_BATCH):
        self.mailbox = mailbox
        self.body_batch = body_batch
        self.password = password
        self.tokens = tokens  # an OAuth2 TokenSource when auth = "oauth2"
        self.box: Any = None  # the imap-tools MailBox while open
        self.uidvalidity = 0
        self.exists: int | None = None  # how many messages the folder held when opened (EXISTS)

    def __enter__(self) -> "ImapSource":
        self._open()
        return self

    def _reconnect(self) -> None:
        """After a dropped connection: the same folder again, with the same UIDVALIDITY, or MailboxError."""
        before = self.uidvalidity
        self._logout()
        self._open()
        if self.uidvalidity != before:
            raise MailboxError(f"l'UIDVALIDITY du dossier a changé pendant la "
                               f"reconnexion ({before} -> {self.uidvalidity}) : nouvel essai au prochain passage")

    def _open(self) -> None:
        self.box = connect(self.mailbox, self.password, self.tokens)
        try:
            typ, data = self.box.client.select(_quote(self.mailbox.folder), readonly=True)  # EXAMINE
            if typ != "OK":
                raise MailboxError(folder_refused(self.box, self.mailbox, data))
            self.exists = int(data[0]) if data and isinstance(data[0], bytes) and data[0].isdigit() else None
            self.uidvalidity = self._read_uidvalidity()
        except IMAP_ERRORS as exc:
            self._logout()
            raise MailboxError(f"échec à l'ouverture du dossier {self.mailbox.folder!r} "
                               f"({type(exc).__name__} : {exc})") from exc
        except MailboxError:
            self._logout()
            raise

    def __exit__(self, *exc) -> None:
        self._logout()

    def _logout(self) -> None:
        _close(self.box)
        self.box = None

    def _read_uidvalidity(self) -> int:
        for item in self.box.client.untagged_responses.get("OK", []):
            found = _UIDVALIDITY.search(item if isinstance(item, bytes) else b"")
            if found:
                return int(found.group(1))
        typ, data = self.box.client.status(_quote(self.mailbox.folder), "(UIDVALIDITY)")
        found = _UIDVALIDITY.search(data[0] if data and isinstance(data[0], bytes) else b"")
        if typ != "OK" or not found:
            raise MailboxError(f"le serveur n'a pas donné l'UIDVALIDITY du dossier "
                               f"{self.mailbox.folder!r}")
        return int(found.group(1))

    def uids_after(self, last_uid: int, since: date) -> list[int]:
        try:
            if last_uid > 0:
                found = self.box.uids(AND(uid=U(str(last_uid + 1), "*")), charset=None)
            else:  # SINCE is a whole day in the server's zone: take one more, filter exactly later
                found = self.box.uids(AND(date_gte=since - timedelta(days=1)), charset=None)
        except Exception as exc:
            raise MailboxError(f"la recherche des nouveaux messages (UID SEARCH) a échoué "
                               f"({type(exc).__name__} : {exc}) : nouvel essai au prochain passage") from exc
        # "N:*" always matches the highest UID, even below N: keep only the new ones.
        return sorted(u for u in (int(x) for x in found) if u > last_uid)

    def find_message_id(self, message_id: str) -> list[int]:
        """UIDs of the messages of this folder with this Message-ID (UID SEARCH HEADER)."""
        try:
            return sorted(int(u) for u in self.box.uids(AND(header=H("Message-ID", message_id)), charset=None))
        except Exception as exc:
            raise MailboxError("la recherche par Message-ID (UID SEARCH) a échoué "
                               f"({type(exc).__name__} : {exc})") from exc

    def fetch(self, uid: int, max_bytes: int, not_before: datetime) -> Fetched | None:
        head = next((h for h, _ in self._fetch(uid, "(UID RFC822.SIZE INTERNALDATE)") if h), None)
        if head is None:
            return None
        size_match, date_match = _SIZE.search(head), _INTERNALDATE.search(head)
        size = int(size_match.group(1)) if size_match else 0
        when = _internaldate(date_match.group(1).decode()) if date_match else None
        if when is None:
            raise MessageUnavailable(f"UID {uid} : le serveur n'a pas donné sa date de réception (INTERNALDATE)")
        if size > max_bytes or when < not_before:
            return Fetched(uid=uid, internal_date=when, size=size, raw=None)
        raw = next((literal for _, literal in self._fetch(uid, "(UID BODY.PEEK[])") if literal is not None), None)
        if raw is None:
            return None
        return Fetched(uid=uid, internal_date=when, size=size or len(raw), raw=raw)

    def fetch_all(self, uids: list[int], max_bytes: int, not_before: datetime,
                  copies: Callable[[list[str]], set[str]] | None = None):
        """Each of `uids` in order: Fetched (raw None when skipped without its body) or Unavailable. With
        `copies`, the Message-IDs come with the sizes and dates, and a message `copies` says is recorded
        with its copy key comes as its header block only (Fetched.header)."""
        for start in range(0, len(uids), META_BATCH):
            chunk = uids[start:start + META_BATCH]
            try:
                meta, ids = self._meta(chunk, with_ids=copies is not None)
            except (MessageUnavailable, _Dropped) as exc:  # a message it cannot read spoils the Message-IDs
                if copies is None:
                    raise
                if isinstance(exc, _Dropped):
                    self._reconnect()
                meta, ids = self._meta(chunk)  # sizes and dates from its index: every message is downloaded
            wanted = {uid for uid, (size, when) in meta.items() if when is not None and size <= max_bytes
                      and when >= not_before}
            known = copies(sorted({ids[u] for u in wanted if ids.get(u)})) if copies is not None else set()
            heads = {uid for uid in wanted if ids.get(uid) in known}  # asked for their header block first
            batch: list[int] = []  # consecutive messages asked alike (header blocks, or bodies)
            total = 0
            for uid in chunk:
                size, when = meta.get(uid, (0, None))
                if batch and (uid not in wanted or (uid in heads) != (batch[0] in heads)
                              or len(batch) >= self.body_batch or total + size > max_bytes):
                    yield from self._batch(batch, heads, meta, max_bytes, not_before)
                    batch, total = [], 0
                if uid in wanted:
                    batch.append(uid)
                    total += size
                elif uid not in meta or when is None:  # left out of the answer, or no date: ask for it alone
                    yield from self._one(uid, max_bytes, not_before)
                else:
                    yield Fetched(uid=uid, internal_date=when, size=size, raw=None)
            if batch:
                yield from self._batch(batch, heads, meta, max_bytes, not_before)

    def _batch(self, uids: list[int], heads: set[int], meta: dict, max_bytes: int, not_before: datetime):
        """A batch is all header blocks or all bodies (fetch_all never mixes them)."""
        if uids[0] in heads:
            yield from self._headers(uids, meta, max_bytes, not_before)
        else:
            yield from self._bodies(uids, meta, max_bytes, not_before)

    def _meta(self, uids: list[int], with_ids: bool = False
              ) -> tuple[dict[int, tuple[int, datetime | None]], dict[int, str]]:
        """({uid: (RFC822.SIZE, INTERNALDATE)}, {uid: identity by Message-ID}) of the messages the server gives."""
        out, ids = {}, {}
        items = "(UID RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])" if with_ids else \
            "(UID RFC822.SIZE INTERNALDATE)"
        for line, literal in self._fetch_set(uids, items):
            uid, size, when = _UID.search(line), _SIZE.search(line), _INTERNALDATE.search(line)
            if uid and int(uid.group(1)) in uids:
                out[int(uid.group(1))] = (int(size.group(1)) if size else 0,
                                          _internaldate(when.group(1).decode()) if when else None)
                if literal:
                    ids[int(uid.group(1))] = identity_in(literal)
        return out, ids

    def _headers(self, uids: list[int], meta: dict, max_bytes: int, not_before: datetime):
        """The header blocks of messages whose identity is recorded with a copy key (Fetched.header): their
        bodies are fetched only if they turn out not to be copies. One the server will not give the header
        of is fetched whole."""
        got = {}
        try:
            for line, literal in self._fetch_set(uids, "(UID BODY.PEEK[HEADER])"):
                found = _UID.search(line)
                if found and literal is not None and int(found.group(1)) in uids:
                    got[int(found.group(1))] = literal
        except MessageUnavailable:
            pass
        except _Dropped:
            self._reconnect()
        for uid in uids:
            header = got.pop(uid, None)
            if header is None:
                yield from self._one(uid, max_bytes, not_before)
            else:
                size, when = meta[uid]
                yield Fetched(uid=uid, internal_date=when, size=size, raw=None, header=header)

    def _bodies(self, uids: list[int], meta: dict, max_bytes: int, not_before: datetime):
        got, asked = {}, set(uids)
        try:
            for line, literal in self._fetch_set(uids, "(UID BODY.PEEK[])"):
                found = _UID.search(line)
                if found and literal is not None and int(found.group(1)) in asked:
                    got[int(found.group(1))] = literal
        except MessageUnavailable:  # the server refused the batch: one by one, to find the one it will not give
            got = {}
        except _Dropped:  # it hung up on the batch: again, one by one
            self._reconnect()
            got = {}
        for uid in uids:
            raw = got.pop(uid, None)
            if raw is None:
                yield from self._one(uid, max_bytes, not_before)
                continue
            size, when = meta[uid]
            yield Fetched(uid=uid, internal_date=when, size=size or len(raw), raw=raw)

    def fetch_one(self, uid: int, max_bytes: int, not_before: datetime) -> Fetched | Unavailable:
        """One message, as `fetch_all` gives a message it asks for alone: a connection dropped is opened again
        once; the server refusing it, or hanging up on it twice, makes it Unavailable."""
        return next(self._one(uid, max_bytes, not_before), Unavailable(uid))

    def _one(self, uid: int, max_bytes: int, not_before: datetime):
        for attempt in (1, 2):
            try:
                fetched = self.fetch(uid, max_bytes, not_before)
            except MessageUnavailable as exc:
                yield Unavailable(uid, str(exc))
                return
            except _Dropped as exc:
                self._reconnect()  # MailboxError if it does not take us back: the poll stops, nothing set aside
                if attempt == 2:
                    yield Unavailable(uid, f"le serveur coupe la connexion quand on lui demande ce message ({exc})")
                    return
                continue
            yield fetched if fetched is not None else Unavailable(uid)
            return

    def _fetch_set(self, uids: list[int], items: str) -> list[tuple[bytes, bytes | None]]:
        """[(response line, literal or None)] of one UID FETCH of a set of UIDs; the UID may come after the
        literal, in the next line: it is joined to the response line."""
        try:
            typ, data = self.box.client.uid("FETCH", _uid_set(uids), items)
        except imaplib.IMAP4.abort as exc:
            raise _Dropped(f"lecture des messages (UID FETCH) interrompue : {exc}") from exc
        except IMAP_ERRORS as exc:
            raise MailboxError(f"la lecture des messages (UID FETCH) a échoué "
                               f"({type(exc).__name__} : {exc})") from exc
        if typ != "OK":
            raise MessageUnavailable(f"lecture des messages (UID FETCH) refusée par le serveur : {data!r}"[:300])
        return responses(data)

    def _fetch(self, uid: int, items: str) -> list[tuple[bytes, bytes | None]]:
        """[(response line, literal or None)] for this UID only: servers may add unsolicited
        FETCH responses (flag changes by a person) for other messages."""
        try:
            typ, data = self.box.client.uid("FETCH", str(uid), items)
        except imaplib.IMAP4.abort as exc:
            raise _Dropped(f"lecture du message UID {uid} (UID FETCH) interrompue : {exc}") from exc
        except IMAP_ERRORS as exc:
            raise MailboxError(f"la lecture du message UID {uid} (UID FETCH) a "
                               f"échoué ({type(exc).__name__} : {exc})") from exc
        if typ != "OK":
            raise MessageUnavailable(f"lecture du message UID {uid} (UID FETCH) refusée par le serveur : {data!r}")
        out = []
        for item in data:
            line, literal = (item[0], item[1]) if isinstance(item, tuple) else (item, None)
            if isinstance(line, bytes) and re.search(rb"UID %d\b" % uid, line):
                out.append((line, literal))
        return out


def responses(data: list) -> list[tuple[bytes, bytes | None]]:
    """imaplib's answer to a FETCH as [(response line, literal or None)]: what follows a literal, up to the next
    response, belongs to the same response line (`3 (BODY[HEADER] {n}` literal ` UID 7 RFC822.SIZE 9)`)."""
    out: list[list] = []
    for item in data:
        if isinstance(item, tuple):
            out.append([item[0], item[1]])
        elif isinstance(item, bytes) and out and out[-1][1] is not None and not _NEW_RESPONSE.match(item):
            out[-1][0] += item
        elif isinstance(item, bytes):
            out.append([item, None])
    return [(line, literal) for line, literal in out]


def _internaldate(value: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def _uid_set(uids: list[int]) -> str:
    """`[1, 2, 3, 7]` -> `1:3,7` (ascending UIDs)."""
    runs: list[list[int]] = []
    for uid in uids:
        if runs and uid == runs[-1][1] + 1:
            runs[-1][1] = uid
        else:
            runs.append([uid, uid])
    return ",".join(f"{a}:{b}" if a != b else str(a) for a, b in runs)
