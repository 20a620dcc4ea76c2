"""A message's copy key: what two copies of one message share, known from its headers and size alone.

Applicants write to both staff mailboxes (To one, Cc the other): the second copy is a duplicate, and
fetching its body only to find so costs the whole message again. The copy key lets the poller recognise
it from what the server gives cheaply, `BODY.PEEK[HEADER]` and `RFC822.SIZE`: a digest of the headers
the sender's side wrote (not those each delivery adds, such as `Received` or `Delivered-To`), in their
order, and of the size of the body. A message whose body differs but for its bytes' count, with the same
Message-ID, Date, From, Subject, MIME boundary and, when signed, the same DKIM body hash, would share it:
only whoever already holds the original can write such a message, and it would only be taken for the copy
of that original (which is filed).
"""

from __future__ import annotations

import re
from hashlib import sha256

from intake.core.headers import normalise_message_id

# Written by the sender's client or its servers, the same in every copy; the MIME boundary (Content-Type)
# and the DKIM signature's body hash (bh=) bind the key to the body.
ORIGIN_FIELDS = frozenset({
    "message-id", "date", "from", "sender", "reply-to", "to", "cc", "subject", "in-reply-to", "references",
    "mime-version", "content-type", "content-transfer-encoding", "dkim-signature",
})


def header_end(raw: bytes) -> int:
    """Where the header block ends (its blank line included); the whole message when it has no body."""
    crlf, lf = raw.find(b"\r\n\r\n"), raw.find(b"\n\n")
    if crlf >= 0 and (lf < 0 or crlf <= lf):
        return crlf + 4
    return lf + 2 if lf >= 0 else len(raw)


def copy_key(header: bytes, body_size: int) -> str:
    """The key of a message whose header block (blank line included) is `header` and whose body is
    `body_size` bytes long; "" when there is nothing to go on (no Message-ID, a negative size)."""
    fields: list[tuple[str, bytes]] = []
    for line in header.splitlines():
        if line[:1] in (b" ", b"\t") and fields:  # a folded line continues the field before it
            fields[-1] = (fields[-1][0], fields[-1][1] + b" " + line.strip())
        elif b":" in line:
            name, _, value = line.partition(b":")
            fields.append((name.strip().decode("ascii", "replace").lower(), value.strip()))
    kept = [(name, b" ".join(value.split())) for name, value in fields if name in ORIGIN_FIELDS]
    if body_size < 0 or not any(name == "message-id" and value for name, value in kept):
        return ""
    digest = sha256(str(body_size).encode())
    for field_name, field_value in kept:
        digest.update(b"\n" + field_name.encode() + b":" + field_value)
    return "ck:" + digest.hexdigest()


def copy_key_of(raw: bytes, size: int = 0) -> str:
    """The copy key of a whole message; `size`: what the server said of its size (RFC822.SIZE), which the
    key of a copy known only by its headers must use too (0: the bytes' count)."""
    end = header_end(raw)
    return copy_key(raw[:end], (size or len(raw)) - end)


def identity_in(header: bytes) -> str:
    """The identity (core/message.py `Message.identity`) a header block gives by its first Message-ID; ""
    without one (a message without Message-ID is known by its content, which the headers do not give)."""
    for field in _FIELDS.split(header.decode("utf-8", "replace")):
        name, colon, value = field.partition(":")
        if colon and name.strip().lower() == "message-id":
            found = normalise_message_id(" ".join(value.split()))
            return "mid:" + found if found else ""
    return ""


_FIELDS = re.compile(r"\r?\n(?![ \t])")  # a line break that does not fold the field on
