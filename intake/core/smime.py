"""An S/MIME message signed « opaque » (application/pkcs7-mime; smime-type=signed-data, `smime.p7m`), opened.

Outlook signs this way when « Envoyer les messages signés en texte clair » is unchecked, and so do some public
bodies' and companies' mail gateways (RGS certificates): the whole message, its text and its files, is inside a
CMS SignedData structure (RFC 5652), in the clear, only wrapped. It is not encrypted: anyone can read it without a
key. Left wrapped, such an application was taken for an encrypted message and set aside for staff, or ignored.

Pure: the raw message in, the raw message to parse out, its headers and the signed MIME entity in place of the
wrapper. The signature is not checked (nothing in a mail is believed for its signature: see README, Sécurité);
the wrapper is dropped only when it really is SignedData holding a MIME entity. Encrypted S/MIME
(smime-type=enveloped-data, or SignedData without its content) is left as it is.
"""

from __future__ import annotations

import base64
import binascii
import re

from intake.core.mimetree import MAX_HEADER_BYTES

OID_DATA = bytes.fromhex("2a864886f70d010701")  # id-data
OID_SIGNED_DATA = bytes.fromhex("2a864886f70d010702")  # id-signedData
MAX_DEPTH = 8  # constructed OCTET STRING nesting: BER writers use one level of chunks
# BER elements read to open one message, counted each time one is read (an indefinite length is found by reading
# what it holds, again at each of the six levels above the chunks): OpenSSL's streaming writer makes chunks of 4 kB,
# so a signed message holds a few thousand; one chunk per line of text (78 bytes) is 7 reads for 78 bytes. An
# attacker's 40 MB message of 15 million empty chunks held the reading process 30 s and 2.3 GB. Past one read for
# every ELEMENT_BYTES bytes (as the rest of the parse, a time that grows with the size: each attached message of an
# archive is opened too), and MAX_ELEMENTS in all (well under a second), the message is left as it came
MAX_ELEMENTS = 2_000_000
ELEMENT_BYTES = 8
_OPAQUE_TYPES = (b"application/pkcs7-mime", b"application/x-pkcs7-mime")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_FIELD = re.compile(rb"^([!-9;-~]+)[ \t]*:", re.MULTILINE)


class _Bad(Exception):
    pass


class _Budget:
    """The elements left to read in `size` bytes of BER: past them, the structure is not opened."""

    def __init__(self, size: int) -> None:
        self.left = min(MAX_ELEMENTS, 10_000 + size // ELEMENT_BYTES)

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _Bad


def _tlv(data: bytes, at: int, budget: _Budget) -> tuple[int, int, int, int]:
    """(tag, start of content, end of content, end of element) of the BER element at `at`; an indefinite length
    (0x80) ends at its end-of-contents octets, found by walking the elements inside."""
    budget.spend()
    if at + 2 > len(data):
        raise _Bad
    tag, first = data[at], data[at + 1]
    if tag & 0x1F == 0x1F:
        raise _Bad  # high tag numbers: not in CMS' structure
    at += 2
    if first == 0x80:
        if not tag & 0x20:
            raise _Bad
        inner = at
        while data[inner:inner + 2] != b"\x00\x00":
            inner = _tlv(data, inner, budget)[3]
        return tag, at, inner, inner + 2
    if first & 0x80:
        count = first & 0x7F
        if count == 0 or count > 4 or at + count > len(data):
            raise _Bad
        length = int.from_bytes(data[at:at + count], "big")
        at += count
    else:
        length = first
    if at + length > len(data):
        raise _Bad
    return tag, at, at + length, at + length


def _children(data: bytes, start: int, end: int, budget: _Budget, most: int) -> list[tuple[int, int, int]]:
    """The first `most` elements inside start:end (the structure's few fields: never a list of its chunks)."""
    out: list[tuple[int, int, int]] = []
    at = start
    while at < end and len(out) < most:
        if data[at:at + 2] == b"\x00\x00":
            break
        tag, s, e, nxt = _tlv(data, at, budget)
        out.append((tag, s, e))
        at = nxt
    return out


def _octets(data: bytes, tag: int, start: int, end: int, budget: _Budget, out: bytearray, depth: int = 0) -> None:
    """An OCTET STRING's bytes added to `out`, primitive (0x04) or constructed of chunks (0x24, as BER writers stream
    it), chunk after chunk."""
    if tag == 0x04:
        out += memoryview(data)[start:end]
        return
    if tag != 0x24 or depth > MAX_DEPTH:
        raise _Bad
    at = start
    while at < end and data[at:at + 2] != b"\x00\x00":
        t, s, e, at = _tlv(data, at, budget)
        _octets(data, t, s, e, budget, out, depth + 1)


def signed_content(der: bytes) -> bytes | None:
    """The content a CMS SignedData (ContentInfo) carries, None when `der` is not one holding its content."""
    budget = _Budget(len(der))
    try:
        tag, start, end, _ = _tlv(der, 0, budget)
        if tag != 0x30:
            return None
        info = _children(der, start, end, budget, 2)
        if len(info) < 2 or info[0][0] != 0x06 or der[info[0][1]:info[0][2]] != OID_SIGNED_DATA or info[1][0] != 0xA0:
            return None
        (signed,) = _children(der, info[1][1], info[1][2], budget, 1)
        if signed[0] != 0x30:
            return None
        fields = _children(der, signed[1], signed[2], budget, 3)
        if len(fields) < 3 or fields[2][0] != 0x30:
            return None
        encap = _children(der, fields[2][1], fields[2][2], budget, 2)
        if len(encap) < 2 or der[encap[0][1]:encap[0][2]] != OID_DATA or encap[1][0] != 0xA0:
            return None  # detached (no content) or not plain data
        inner = _children(der, encap[1][1], encap[1][2], budget, 1)
        if not inner:
            return None
        content = bytearray()
        _octets(der, *inner[0], budget, content)
        return bytes(content)
    except (_Bad, IndexError, ValueError, RecursionError):
        return None


def unwrap_opaque_signed(raw: bytes, max_header_bytes: int = MAX_HEADER_BYTES) -> bytes | None:
    """The message to parse in place of `raw` when `raw` is an opaque-signed S/MIME message: its own header fields
    but those that describe its body (Content-*), then the signed MIME entity (its Content-Type and parts). None
    when `raw` is anything else (the usual case: only a top-level application/pkcs7-mime is looked at), or when its
    header fields and the entity's are over `max_header_bytes` (what the parse refuses: read here line by line
    first, 40 MB of them took 10 s and 2.8 GB, where the parse gives up in 1 s)."""
    found = _HEAD_END.search(raw)
    if found is None or found.start() > max_header_bytes:
        return None
    head, body = raw[:found.start()], raw[found.end():]
    if b"pkcs7-mime" not in head.lower():
        return None
    fields = _fields(head)
    ctype = next((v for n, v in fields if n == b"content-type"), b"").lower()
    if not any(ctype.lstrip().startswith(t) for t in _OPAQUE_TYPES) or b"enveloped-data" in ctype:
        return None
    encoding = next((v for n, v in fields if n == b"content-transfer-encoding"), b"").strip().lower()
    try:
        der = base64.b64decode(body, validate=False) if encoding == b"base64" else body
    except (binascii.Error, ValueError):
        return None
    return opened_entity(head, der, max_header_bytes)


def is_opaque_signed(content_type: str) -> bool:
    """Whether a Content-Type (its value) is S/MIME's opaque type not said to be encrypted: what
    `opened_entity` may open."""
    low = content_type.lower().strip()
    return low.startswith(tuple(t.decode() for t in _OPAQUE_TYPES)) and "enveloped-data" not in low


def opened_entity(head: bytes, der: bytes, max_header_bytes: int = MAX_HEADER_BYTES) -> bytes | None:
    """The message to read in place of the one whose header fields are `head` and whose body, decoded, is `der`:
    `head` but its fields that describe its body (Content-*, MIME-Version), then the MIME entity the SignedData
    `der` holds. None when `der` holds no MIME entity, or when the header fields are over `max_header_bytes`.
    Also for a message attached whole (message/rfc822) to the one read: a colleague's forward of a signed
    application."""
    content = signed_content(der)
    if content is None or not _FIELD.match(content.lstrip(b"\r\n")):
        return None  # not a MIME entity: leave the message as it came
    newline = b"\r\n" if b"\r\n" in head else b"\n"
    kept = b"".join(line for name, line in _lines(head) if not name.startswith(b"content-")
                    and name != b"mime-version")
    entity = content.lstrip(b"\r\n")
    inner_end = _HEAD_END.search(entity)
    if inner_end is None or len(head) + inner_end.start() > max_header_bytes:
        return None
    # of the signed entity's own header fields, only those that describe its body: any other (From,
    # Authentication-Results, Received...) was written by the sender inside the signature, where the town's
    # server could neither see nor remove it, and must not read as the message's own
    described = b"".join(line for name, line in _lines(entity[:inner_end.start()]) if name.startswith(b"content-"))
    return kept + b"MIME-Version: 1.0" + newline + described + entity[inner_end.start():]


def _lines(head: bytes) -> list[tuple[bytes, bytes]]:
    """Each header field of `head` as (lower-case name, its lines with their line ends), folded lines kept."""
    out: list[tuple[bytes, bytes]] = []
    for line in head.splitlines(keepends=True):
        if not line.endswith((b"\n", b"\r")):
            line += b"\r\n"
        if line[:1] in (b" ", b"\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + line)
        else:
            out.append((line.split(b":", 1)[0].strip().lower(), line))
    return out


def _fields(head: bytes) -> list[tuple[bytes, bytes]]:
    return [(name, line.split(b":", 1)[1] if b":" in line else b"") for name, line in _lines(head)]
