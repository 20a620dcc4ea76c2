"""Who sent a message and what it is about, from its header block alone: for a message that could not be read as
a whole (over a limit, broken), so that staff still see "de jeanne@exemple.fr : Candidature" and not "?".

Only the first bytes are looked at (the header block ends at the first empty line); nothing else of the
message is parsed. Values are decoded (RFC 2047), without control characters, and cut to a sane length.
"""

from __future__ import annotations

import re
from email.parser import BytesHeaderParser
from email.policy import compat32

from intake.core.headers import decoded_header, normal_address, parse_addresses

MAX_HEAD = 256 * 1024  # header blocks larger than this are read up to here
_END = re.compile(rb"\r?\n\r?\n|\r\r")


def head_of(raw: bytes) -> bytes:
    """The header block of a raw message (at most MAX_HEAD bytes)."""
    part = raw[:MAX_HEAD]
    found = _END.search(part)
    return part[:found.start()] + b"\n\n" if found else part


def _text(value: object) -> str:
    """Decoded as when the message is filed (core/headers.py): a word declared UTF-8 in Windows-1252 bytes stayed
    « =?utf-8?Q?Candidature_label_B=E9thune?= » in the quarantine's list, ISO-8859-1 in UTF-8 bytes « BÃ©thune »."""
    return decoded_header(value)


def sender_and_subject(raw: bytes) -> tuple[str, str]:
    """(the From address, lower-case, or "" ; the Subject, or "") of a raw message, from its headers only."""
    try:
        head = BytesHeaderParser(policy=compat32).parsebytes(head_of(raw))
        sender, subject = head.get("From", ""), head.get("Subject", "")
        # bounded: the stdlib's address parser recurses on each "(" (a From of 1,000 of them overflows it)
        pairs = parse_addresses([_text(sender)[:1000]]) if sender else []
        address = normal_address(pairs[0][1]) if pairs else ""
    except Exception:  # noqa: BLE001 - hostile bytes: nothing to show
        return "", ""
    if "@" not in address or any(c.isspace() for c in address):
        address = ""
    return address[:300], _text(subject)[:500] if subject else ""
