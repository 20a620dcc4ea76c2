"""Files uuencoded in a mail's text: « begin 644 <name> », lines of uuencode, « ` » and « end ». What mail programs
wrote before MIME, and what some still write: GroupWise's Internet Agent set to « Basic RFC-822 » (its documented
format option; binary files uuencoded in the text), Pegasus Mail, old Eudora, Outlook Express set to « Uuencode ».
Read, such a mail's files were lost: the application was asked for every piece it had sent. Pure."""

from __future__ import annotations

import binascii
import re

_BEGIN = re.compile(rb"^begin [0-7]{3,4} ([^\r\n]*[^\s])[ \t]*\r?$", re.MULTILINE)
MAX_FILES = 50  # blocks read in one text part; a text with more is no mail program's


def uuencoded_files(body: bytes) -> list[tuple[str, bytes]]:
    """(name as written on its « begin » line, bytes) of each whole block in `body`, in order. A block with a line
    that is no uuencode, or with no « end », is no file: left as text (« begin 644 » typed in a sentence). The name
    is decoded (UTF-8, else Windows-1252), not cleaned: the caller makes it safe to show."""
    out: list[tuple[str, bytes]] = []
    after = 0
    for begin in _BEGIN.finditer(body):
        if begin.start() < after:
            continue
        if len(out) >= MAX_FILES:
            break
        block = _block(body, begin.end())
        if block is None:
            continue
        data, after = block
        out.append((_name(begin.group(1)), data))
    return out


def _block(body: bytes, at: int) -> tuple[bytes, int] | None:
    """The bytes of the block whose lines start after `at` (the end of its « begin » line), and where it ends."""
    chunks: list[bytes] = []
    at = body.find(b"\n", at) + 1
    ended = False  # the « ` » (or empty) line that closes the data was met: « end » must follow
    while 0 < at <= len(body):
        nl = body.find(b"\n", at)
        line = body[at:nl if nl >= 0 else len(body)].rstrip(b"\r")
        at = nl + 1 if nl >= 0 else len(body) + 1
        if line.rstrip() == b"end":
            return (b"".join(chunks), at) if chunks else None
        if ended:
            return None
        if line in (b"`", b"", b" "):
            ended = True
            continue
        if not _uu_line(line):  # prose, or the next block's « begin »: each line is read once, whatever the text
            return None
        try:
            chunks.append(binascii.a2b_uu(line))
        except binascii.Error:
            return None
    return None


def _uu_line(line: bytes) -> bool:
    """A line of uuencode: characters « ` » to « _ » only, no more than its first one says it holds (4 for each 3
    bytes; up to 2 more, which some encoders add). Fewer: encoders that write zero bits as spaces end a line of zeros
    with spaces, which mail programs and relays strip (binascii reads the missing ones as zeros)."""
    if not line or any(c < 0x20 or c > 0x60 for c in line):
        return False
    encoded = (((line[0] - 0x20) & 0x3F) + 2) // 3 * 4
    return len(line) - 1 <= encoded + 2


def _name(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")
