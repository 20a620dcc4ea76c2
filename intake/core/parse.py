"""Raw RFC 5322 bytes -> `Message`.

mail-parser reads the headers and the text bodies (it decodes RFC 2047 names,
odd charsets and broken dates without raising). It flattens the MIME tree, so
the attachments are taken from our own walk of the stdlib tree: that keeps
each part's exact bytes, its disposition, its Content-ID, and whether it sat
inside a forwarded message.
"""

from __future__ import annotations

import base64
import email
import quopri
import email.policy
import re
import unicodedata
from datetime import datetime, timezone
from email.header import decode_header, make_header
from email.message import Message as StdMessage
from email.utils import getaddresses, parsedate_to_datetime

import logging

import mailparser

from intake.core.message import Attachment, Message
from intake.errors import ParseError

# mail-parser warns on stderr for every part type it does not render; not our concern.
logging.getLogger("mailparser").setLevel(logging.ERROR)

_MSGID = re.compile(r"<([^<>\s]+)>")
_BODY_TYPES = ("text/plain", "text/html")
_MAX_FORWARD_DEPTH = 5


def parse_message(raw: bytes, raw_sha256: str = "") -> Message:
    """Parse one message; raise ParseError when nothing usable can be read."""
    if not raw or not raw.strip():
        raise ParseError("empty message")
    try:
        parsed = mailparser.parse_from_bytes(raw)
        tree = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception as exc:  # mail-parser raises many types on hostile input
        raise ParseError(f"unreadable MIME structure: {type(exc).__name__}: {exc}") from exc
    try:
        return _build(parsed, tree, raw_sha256)
    except RecursionError as exc:
        raise ParseError("MIME structure nested too deeply") from exc
    except Exception as exc:
        raise ParseError(f"unreadable message: {type(exc).__name__}: {exc}") from exc


def _build(parsed, tree: StdMessage, raw_sha256: str) -> Message:
    headers = _headers(tree)
    html = "\n".join(parsed.text_html or [])
    from_pairs = _addresses(tree, "from")
    reply_to = _addresses(tree, "reply-to")
    return Message(
        message_id=normalise_message_id(tree.get("message-id", "")),
        subject=_clean_text(parsed.subject or ""),
        from_addr=from_pairs[0][1] if from_pairs else "",
        from_name=from_pairs[0][0] if from_pairs else "",
        reply_to=reply_to[0][1] if reply_to else "",
        to=tuple(a for _, a in _addresses(tree, "to")),
        cc=tuple(a for _, a in _addresses(tree, "cc")),
        date=_date(tree.get("date")),
        in_reply_to=normalise_message_id(tree.get("in-reply-to", "")),
        references=tuple(_MSGID.findall(str(tree.get("references", "")))),
        headers=headers,
        text="\n".join(parsed.text_plain or []),
        html=html,
        attachments=tuple(_attachments(tree, html)),
        defects=tuple(sorted(parsed.defects_categories or ())),
        raw_sha256=raw_sha256,
        return_path=_return_path(tree),
        content_type=(tree.get_content_type() or "text/plain").lower(),
        part_types=tuple(p.get_content_type().lower() for p in tree.walk()),
        report=_report(tree),
        enclosed_ids=_enclosed_ids(tree),
        forwarded_from=_forwarded_from(tree, "\n".join(parsed.text_plain or [])),
    )


_REPORT_TYPES = ("message/delivery-status", "message/global-delivery-status", "text/rfc822-headers",
                 "message/rfc822-headers", "message/global-headers")
_QUOTED_ID = re.compile(r"^\s*Message-Id:\s*<([^<>\s]+)>", re.IGNORECASE | re.MULTILINE)


def _report(tree: StdMessage) -> str:
    """The machine-readable parts of a delivery report, as text."""
    out = []
    for part in tree.walk():
        if part.get_content_type().lower() in _REPORT_TYPES:
            payload = part.get_payload()
            if isinstance(payload, list):  # the stdlib parses status blocks as header-only messages
                out.extend(block.as_string() for block in payload)
            else:
                out.append(str(part.get_payload(decode=True) or b"", "utf-8", "replace"))
    return "\n".join(out)[:100_000]


def _enclosed_ids(tree: StdMessage) -> tuple[str, ...]:
    """Message-IDs of the messages a report (or a forward) encloses or quotes, in order."""
    found = []
    for part in tree.walk():
        ctype = part.get_content_type().lower()
        if part is not tree and ctype == "message/rfc822":
            for inner in part.get_payload() if isinstance(part.get_payload(), list) else []:
                if inner.get("message-id"):
                    found.append(normalise_message_id(inner.get("message-id")))
        elif ctype in _REPORT_TYPES[2:] or (ctype == "text/plain" and part.get_content_disposition() != "attachment"):
            try:
                text = str(part.get_payload(decode=True) or b"", "utf-8", "replace")
            except Exception:
                continue
            found.extend(_QUOTED_ID.findall(text[:200_000]))
    return tuple(dict.fromkeys(i for i in found if i))


_FORWARD_MARK = re.compile(
    r"(-{2,}\s*(message transf[ée]r[ée]|forwarded message|original message|message d'origine|"
    r"weitergeleitete nachricht)\s*-{2,}|^d[ée]but du message r[ée]exp[ée]di[ée]\s*:|^_{20,}\s*$)",
    re.IGNORECASE | re.MULTILINE)
_FORWARD_FROM = re.compile(r"^\s*\*?(?:de|from|von|exp[ée]diteur)\s*\*?\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def _forwarded_from(tree: StdMessage, text: str) -> tuple[tuple[str, str], ...]:
    """Senders of forwarded messages: attached message/rfc822 parts, then inline forwards
    ("---------- Message transféré ---------", "-----Original Message-----", Apple's "Début du
    message réexpédié :", Outlook's line of underscores) whose first "De :" / "From:" line names them."""
    found = []
    for part in tree.walk():
        if part is not tree and part.get_content_type().lower() == "message/rfc822":
            for inner in part.get_payload() if isinstance(part.get_payload(), list) else []:
                found.extend(getaddresses([str(v) for v in inner.get_all("from", [])]))
    mark = _FORWARD_MARK.search(text or "")
    if mark:
        line = _FORWARD_FROM.search(text, mark.end())
        if line:
            found.extend(getaddresses([line.group(1).replace("[mailto:", "<").replace("]", ">")]))
    out = []
    for name, addr in found:
        addr = addr.strip().lower()
        if "@" in addr and " " not in addr:
            out.append((_decode_header(name), addr))
    return tuple(dict.fromkeys(out))


def normalise_message_id(value: str) -> str:
    """`<Abc@x>` -> `Abc@x`; the first id when several are given; "" when none."""
    value = str(value or "").strip()
    found = _MSGID.search(value)
    if found:
        return found.group(1)
    return value.split()[0] if value.split() else ""


def _headers(tree: StdMessage) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name, value in tree.items():
        out.setdefault(name.lower(), []).append(_decode_header(value))
    return {k: tuple(v) for k, v in out.items()}


def _decode_header(value) -> str:
    try:
        return _clean_text(str(make_header(decode_header(str(value)))))
    except Exception:
        return _clean_text(str(value))


def _clean_text(value: str) -> str:
    return " ".join(str(value).replace("\x00", "").split())


def _addresses(tree: StdMessage, name: str) -> list[tuple[str, str]]:
    values = [str(v) for v in tree.get_all(name, [])]
    out = []
    for display, addr in getaddresses(values):
        addr = addr.strip().lower()
        if "@" in addr and " " not in addr:
            out.append((_decode_header(display), addr))
    if not out and values:  # a whole "Name <addr>" inside one encoded word, as some mail programs write it
        for display, addr in getaddresses([_decode_header(v) for v in values]):
            addr = addr.strip().lower()
            if "@" in addr and " " not in addr:
                out.append((display, addr))
    return out


def _return_path(tree: StdMessage) -> str | None:
    value = tree.get("return-path")
    if value is None:
        return None
    pairs = getaddresses([str(value)])
    return pairs[0][1].lower() if pairs and pairs[0][1] else ""


def _date(value) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _attachments(tree: StdMessage, html: str, forwarded: bool = False, depth: int = 0):
    """Every leaf part that is a file, in MIME order, forwarded messages included."""
    inside_forward, encoded_forwards = set(), []
    for part in tree.walk():
        if part is not tree and part.get_content_type().lower() == "message/rfc822":
            inside = [inner for inner in part.walk() if inner is not part]
            inside_forward.update(id(inner) for inner in inside)
            if str(part.get("content-transfer-encoding", "")).strip().lower() in ("base64", "quoted-printable"):
                # RFC 2046 forbids it, yet Python itself writes base64 message/rfc822: the stdlib then
                # parses the encoded text as if it were the message. Decode it and look inside.
                encoded_forwards.append(part)
    skip = set()
    for part in encoded_forwards:
        inside = [inner for inner in part.walk() if inner is not part]
        skip.update(id(inner) for inner in inside)
        if depth < _MAX_FORWARD_DEPTH and inside:
            try:
                decoded = _decode_transfer(inside[0].as_bytes(), part.get("content-transfer-encoding", ""))
            except (ValueError, TypeError):  # binascii.Error is a ValueError
                continue
            inner = email.message_from_bytes(decoded, policy=email.policy.compat32)
            yield from _attachments(inner, html, True, depth + 1)
    index = 0
    for part in tree.walk():
        if part.is_multipart() or id(part) in skip:
            continue
        ctype = part.get_content_type().lower()
        disposition = (part.get_content_disposition() or "").lower()
        filename = decode_filename(part)
        if not filename and disposition != "attachment" and (
            ctype in _BODY_TYPES or ctype.startswith("message/") or ctype == "text/rfc822-headers"
        ):
            continue  # a text body, a delivery report, not a file
        try:
            content = part.get_payload(decode=True) or b""
        except Exception:
            content = b""
        if not content:
            continue
        index += 1
        cid = normalise_message_id(part.get("content-id", ""))
        yield Attachment(
            filename=filename or f"piece-{index}",
            content=content,
            declared_type=ctype,
            inline=disposition != "attachment",
            content_id=cid,
            referenced_in_html=bool(cid) and f"cid:{cid}".lower() in html.lower(),
            forwarded=forwarded or id(part) in inside_forward,
        )


def _decode_transfer(data: bytes, encoding: str) -> bytes:
    body = data.split(b"\n\n", 1)[-1] if data.startswith(b"\n") else data
    if str(encoding).strip().lower() == "base64":
        return base64.b64decode(b"".join(body.split()) + b"==", validate=False)
    return quopri.decodestring(body)


def decode_filename(part: StdMessage) -> str:
    """The part's file name, decoded (RFC 2231 and RFC 2047) and made safe to show."""
    try:
        name = part.get_filename() or part.get_param("name") or ""
    except Exception:
        name = ""
    if isinstance(name, tuple):  # undecoded RFC 2231 triple
        name = email.utils.collapse_rfc2231_value(name)
    return clean_filename(_decode_header(name) if "=?" in str(name) else str(name))


def clean_filename(name: str) -> str:
    """Keep only the last path component, drop control characters, NFC, bounded length."""
    name = unicodedata.normalize("NFC", str(name))
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = name.strip().strip(".").strip()
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 140] + dot + ext[:9]) if dot and len(ext) < 10 else name[:150]
    return name
