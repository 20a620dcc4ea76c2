"""The values the core works on: an incoming message and its attachments.

They are built by `parse.parse_message` from raw bytes and never touch IO.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from hashlib import sha256
from typing import Any


@dataclass(frozen=True)
class Attachment:
    """One leaf MIME part that is a file (not the message's own text body)."""

    filename: str  # cleaned display name, never a path
    content: bytes
    declared_type: str  # Content-Type as sent, lower-case
    inline: bool  # Content-Disposition inline (or none) rather than attachment
    content_id: str = ""  # without angle brackets
    referenced_in_html: bool = False  # the HTML body shows it (cid:...)
    quoted: bool = False  # the HTML shows it only inside the earlier mail a reply quotes (« … a écrit : »)
    # the message has an HTML body, which could show a signature's logo: in a plain-text mail (iOS Mail's), an inline
    # picture is one the sender put in it, whatever its size
    html_mail: bool = True
    forwarded: bool = False  # found inside an attached message/rfc822
    # uuencoded in a text body (core/uuencoded.py): text, which a reply or an inline forward copies from the mail it
    # quotes, whoever wrote it; a file, never a mail carried whole (core/parse.py `_attached_emls`, `_outlook_items`)
    in_text: bool = False
    container: str = ""  # where it was unpacked from, e.g. "photos.zip/" or "winmail.dat/"; "" if attached as is
    # (start, end) of its base64 body in the raw message, when parsed in a reading process (`content` is then
    # b"" until core/parse.py `with_contents` decodes it in the process that holds the raw message); () otherwise
    region: tuple[int, int] | tuple[()] = ()

    @property
    def size(self) -> int:
        return len(self.content)

    @cached_property
    def sha256(self) -> str:
        return sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Flag:
    """Something a container or the message's structure could not give (a human must look)."""

    filename: str
    problem: str  # encrypted, executable, too-large, archive-bomb, too-deep, too-many-entries, corrupt, unread
    detail: str


# the header fields in which the town's server says whether a message's sender was authenticated (core/trust.py)
AUTH_FIELDS = ("authentication-results", "x-ms-exchange-organization-authas", "x-ms-exchange-organization-authsource")


@dataclass(frozen=True)
class Enclosed:
    """A message attached whole to this one (message/rfc822, a forward « as an attachment »): its sender, and the
    header fields in which servers said, on its arrival, whether that sender was authenticated (core/trust.py
    `arrival_checks`: only the town's server's word, on top, counts)."""

    from_addr: str  # lower-case; "" when unreadable
    from_others: tuple[str, ...] = ()
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> values (AUTH_FIELDS, `from` if several)


@dataclass(frozen=True)
class Message:
    """A parsed incoming email: the headers the decisions need, text, files."""

    message_id: str  # normalised, without angle brackets; "" when absent
    subject: str
    from_addr: str  # lower-case; "" when absent or unreadable
    from_name: str
    reply_to: str  # lower-case; "" when absent
    to: tuple[str, ...]
    cc: tuple[str, ...]
    date: datetime | None  # the Date header, aware; None when absent or broken
    in_reply_to: str
    references: tuple[str, ...]
    headers: dict[str, tuple[str, ...]]  # lower-case name -> every value, decoded
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()
    defects: tuple[str, ...] = ()
    raw_sha256: str = ""
    return_path: str | None = None  # None: no header; "" : the null sender <>
    content_type: str = "text/plain"  # of the whole message, lower-case
    part_types: tuple[str, ...] = field(default=())  # every MIME type in the tree
    # a calendar part sent as a meeting's invitation or answer (iTIP over mail, RFC 6047: its `method` parameter, or
    # the event as the mail's own body, unnamed), not a calendar file merely attached (an event saved as « .ics »)
    itip: bool = False
    report: str = ""  # text of delivery-status and returned-headers parts (bounces)
    enclosed_ids: tuple[str, ...] = ()  # Message-IDs of messages enclosed or quoted in a report
    forwarded_from: tuple[tuple[str, str], ...] = ()  # (name, address) of forwarded messages' senders
    flags: tuple[Flag, ...] = ()  # what the structure hid (forwards nested too deep...)
    from_others: tuple[str, ...] = ()  # the `From` addresses after the first (lower-case): rare, and suspect
    from_encoded: bool = False  # the `From` address readable only inside an encoded word (RFC 2047): no server read it
    # the sender line at which the reading of the message's own forwards stopped, because it names no address
    # (Outlook's « De : DUPONT Marc », a colleague of the same Exchange; a name cut too long): what is below it is not
    # read (core/parse.py); `forward_read`: the addresses the forwards above that line named (none: the outermost)
    forward_unread: str = ""
    forward_read: tuple[str, ...] = ()
    # the addresses forward blocks and attached messages name below that line: never believed, only a sign that what
    # was forwarded came from outside (a colleague's own mail forwarded between staff names nobody outside)
    forward_below: tuple[str, ...] = ()
    # `forwarded_from` read from a header block (Outlook's « De : / Envoyé : », Apple's) under a subject that does not
    # say the mail is a forward (no « TR: »): nothing says the mail program wrote it (core/parse.py)
    forward_guessed: bool = False
    enclosed: tuple[Enclosed, ...] = ()  # the messages attached whole (message/rfc822), the first MAX_FORWARDS
    # messages attached whole beyond those first MAX_FORWARDS: what the town's server said on their arrival is unread
    enclosed_unread: bool = False

    def header(self, name: str) -> str:
        """First value of a header, "" when absent."""
        values = self.headers.get(name.lower(), ())
        return values[0] if values else ""

    def has_header(self, name: str) -> bool:
        return name.lower() in self.headers

    @property
    def identity(self) -> str:
        """What makes two copies the same message: the Message-ID, or a digest of its content when there is none."""
        if self.message_id:
            return "mid:" + self.message_id
        parts = [self.from_addr, self.header("date"), self.subject]
        parts += sorted(a.sha256 for a in self.attachments)
        parts.append(sha256(self.text.encode("utf-8", "replace")).hexdigest())
        return "fp:" + sha256("\n".join(parts).encode("utf-8", "replace")).hexdigest()

    @cached_property
    def fingerprint(self) -> str:
        """What the message says, whoever delivered it: sender, date, subject, text (whatever its line
        endings) and files. Two copies of one message (To one mailbox, Cc the other) have the same
        fingerprint; a different message that reuses a Message-ID does not, and is never taken for a copy."""
        digest = sha256("\n".join([self.from_addr, self.header("date"), self.subject, ""]).encode("utf-8", "replace"))
        _update_with_words(digest, self.text)  # " ".join(self.text.split()), without a list of every word
        for file_sha in sorted(a.sha256 for a in self.attachments):
            digest.update(b"\n" + file_sha.encode("utf-8", "replace"))
        return digest.hexdigest()


_SPACE = re.compile(r"\s")  # the characters str.split() splits on (str.isspace)
WORDS_STEP = 1 << 18  # characters of text normalised at a time


def _update_with_words(digest: Any, text: str) -> None:
    """`digest.update(" ".join(text.split()).encode("utf-8", "replace"))`, a step of about WORDS_STEP characters at
    a time, each cut at a space: the same bytes, without a list of every word of the text (a 40 MB text of mail
    made one of 6 million strings, 20 times the text's size in memory)."""
    at, first = 0, True
    while at < len(text):
        end = min(len(text), at + WORDS_STEP)
        space = _SPACE.search(text, end) if end < len(text) else None
        end = space.start() if space is not None else len(text)
        words = " ".join(text[at:end].split())
        if words:
            digest.update(words.encode("utf-8", "replace") if first else b" " + words.encode("utf-8", "replace"))
            first = False
        at = end
