"""A message's copy key: what two copies of one message share, known from its header block and size alone.

Applicants write to both staff mailboxes (To one, Cc the other): the second copy is a duplicate, and
fetching its body only to find so costs the whole message again. The copy key lets the poller recognise
it from what the server gives cheaply, `BODY.PEEK[HEADER]` and `RFC822.SIZE`.

Whoever was in Cc of an application holds its exact bytes, and could write another body of the same size
under the same headers: headers and size alone prove nothing about the body. So a message has a key only
when the town's own server (core/trust.py: its topmost `Authentication-Results`) says a DKIM signature of
it passed, a signature covering the whole body (no `l=` tag): that signature's body hash (`bh=`) is then
the body's, checked by the town's server. The key is a digest of that signature (`d=`, `b=`, `bh=`), of the
headers the sender's side wrote, their bytes in their order (not those each delivery adds, such as
`Received` or `Delivered-To`), and of the body's size. A header block that intake's parser reads otherwise
than a mail server does (a line it takes for the start of the body, while the server's verifier took it
for an unsigned header) has no key. A copy is known by its key only if its own header block gives the
same: the same signature, passed again on arrival. Without a trusted server (`[trust] provider`), for mail
submitted inside the organization, or for unsigned mail, there is no key, and every copy is downloaded and
compared by content as before.

What is left, knowingly: most signers (Gmail, Microsoft 365) use relaxed body canonicalization, under
which spaces and tabs count alike. Whoever holds an application's bytes can write a variant that differs
from it only in whitespace, of the same size (tabs for spaces in a text part; base64 files, PDF, Office
documents and photos cannot change), have it filed first, and the application is then recorded as the
variant's copy: the variant is the same sender's application with the same headers and the same files, so
nothing of substance is lost. Requiring `simple` canonicalization would close this and leave the key to
almost no mail.
"""

from __future__ import annotations

from hashlib import sha256

from intake.core.headers import normalise_message_id
from intake.core.message import Message
from intake.core.trust import TrustSettings, dkim_passes

# Written by the sender's client or its servers, the same in every copy (those each delivery adds are not).
ORIGIN_FIELDS = frozenset({
    "message-id", "date", "from", "sender", "reply-to", "to", "cc", "subject", "in-reply-to", "references",
    "mime-version", "content-type", "content-transfer-encoding", "dkim-signature",
})


def header_end(raw: bytes) -> int:
    """Where the header block ends (its blank line included); the whole message when it has no body."""
    crlf = raw.find(b"\r\n\r\n")
    lf = raw.find(b"\n\n", 0, crlf + 4 if crlf >= 0 else len(raw))  # not through a whole CRLF message's files
    if crlf >= 0 and (lf < 0 or crlf <= lf):
        return crlf + 4
    return lf + 2 if lf >= 0 else len(raw)


def copy_key(header: bytes, body_size: int, trust: TrustSettings) -> str:
    """The key of a message whose header block (blank line included) is `header` and whose body is
    `body_size` bytes long; "" when it has none (no Message-ID, no DKIM signature of the whole body that the
    town's server says passed, a negative size, or headers that intake reads otherwise than a mail server:
    a line the parser takes for the start of the body, a field it does not see)."""
    from intake.core.mimetree import MAX_HEADER_BYTES
    from intake.core.parse import parse_message

    # read in the poller's own process: a header block over the limit a message's parse stops at is never parsed
    # here (47 MB of header fields took 24 s): no key, the message is downloaded and parsed in a reading process
    if not trust.provider or body_size < 0 or len(header) > MAX_HEADER_BYTES:
        return ""
    try:
        msg = parse_message(header)
    except Exception:  # noqa: BLE001 - headers that cannot be read give no key: the message is downloaded
        return ""
    fields = _fields(header)
    if "MissingHeaderBodySeparatorDefect" in msg.defects or len(fields) != sum(map(len, msg.headers.values())):
        return ""  # the parser does not see the fields a line split sees
    signed = _signed_body(msg, trust)
    if not signed or not msg.message_id:
        return ""
    digest = sha256(f"{body_size}\n{signed}".encode())
    for field_name, field_value in fields:  # their bytes as written (whitespace aside), in their order
        if field_name in ORIGIN_FIELDS:
            digest.update(b"\n" + field_name.encode() + b":" + b" ".join(field_value.split()))
    return "ck:" + digest.hexdigest()


def _fields(header: bytes) -> list[tuple[str, bytes]]:
    """A header block's fields as a mail server splits them: (lower-case name, value with folded lines joined)."""
    fields: list[tuple[str, bytes]] = []
    for line in header.splitlines():
        if line[:1] in (b" ", b"\t") and fields:  # a folded line continues the field before it
            fields[-1] = (fields[-1][0], fields[-1][1] + b" " + line.strip())
        elif b":" in line:
            name, _, value = line.partition(b":")
            fields.append((name.strip().decode("ascii", "replace").lower(), value.strip()))
    return fields


def _signed_body(msg: Message, trust: TrustSettings) -> str:
    """`d b bh` of the one DKIM signature of the whole body that the town's server says passed; "" if none."""
    signatures = [_tags(value) for value in msg.headers.get("dkim-signature", ())]
    for domain, b in dkim_passes(msg, trust):
        found = [t for t in signatures if t.get("d", "").lower() == domain and domain
                 and t.get("b", "").lower().startswith(b) and t.get("bh") and "l" not in t]
        if len(found) == 1:
            return " ".join((found[0]["d"].lower(), found[0]["b"], found[0]["bh"]))
    return ""


def _tags(value: str) -> dict[str, str]:
    """A DKIM-Signature's tags (RFC 6376 §3.2), whitespace removed from their values."""
    tags = {}
    for item in value.split(";"):
        name, equals, tag_value = item.partition("=")
        if equals:
            tags[name.strip().lower()] = "".join(tag_value.split())
    return tags


def copy_key_of(raw: bytes, trust: TrustSettings, size: int = 0) -> str:
    """The copy key of a whole message; `size`: what the server said of its size (RFC822.SIZE), which the
    key of a copy known only by its headers must use too (0: the bytes' count)."""
    end = header_end(raw)
    return copy_key(raw[:end], (size or len(raw)) - end, trust)


def identity_in(header: bytes) -> str:
    """The identity (core/message.py `Message.identity`) a header block gives by its first Message-ID; ""
    without one (a message without Message-ID is known by its content, which the headers do not give)."""
    for name, value in _fields(header):
        if name == "message-id":
            found = normalise_message_id(" ".join(value.decode("utf-8", "replace").split()))
            return "mid:" + found if found else ""
    return ""


def same_message(raw: bytes, size: int, recorded_size: int, recorded_key: str, recorded_identity: str,
                 trust: TrustSettings) -> bool:
    """Whether `raw` (of `size` bytes, as the server says) is the message recorded with that size, copy key and
    identity (any of them may be unknown: "" or 0): a quarantined message fetched again by its UID (a server that
    reuses UIDs, or another account with the same UIDVALIDITY, would give another one). By its Message-ID when it
    had one; its copy key only otherwise (the key depends on `[trust]`, which the admin may have changed since)."""
    if recorded_size and size != recorded_size:
        return False
    if recorded_identity.startswith("mid:"):
        return identity_in(raw[:header_end(raw)]) == recorded_identity
    if recorded_key:
        return copy_key_of(raw, trust, size) == recorded_key
    return True
