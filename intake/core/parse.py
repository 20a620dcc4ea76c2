"""Raw RFC 5322 bytes -> `Message`.

The MIME tree is parsed once, by the stdlib parser, fed in chunks; its parts are counted as the
parser makes them (`PartBudget`, its message factory), and the parse stops with OverLimit at the
first part over the limit. So the parser that reads the message is the one that counts: whatever it
understands as a boundary (RFC 2231 `boundary*0=`, bare CR line ends, any length) counts.
Large files are not handed to that parser (`_elide`): the stdlib parser holds
about eight times the size of what it parses, so the base64 body of a large
non-text part is replaced, in the bytes it parses, by a one-line token, and
decoded straight from the raw bytes (one decoded copy, no other). Such a body
is only base64 letters and line breaks, so it can hold no boundary: the tree
the parser builds is the same. mail-parser reads the text bodies from that tree
(it decodes odd charsets without raising); it sees the headers and text parts,
and tokens for the large files. It flattens the tree, so the attachments are
taken from our own walk of it: that keeps each part's exact bytes, its
disposition, its Content-ID, and whether it sat inside a forwarded message. Headers written in
raw UTF-8 (RFC 6532) are read as UTF-8; addresses with control characters are
not addresses; Message-IDs that are not one (too long, spaces) count as absent.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import hashlib
import logging
import quopri
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timezone
from email.feedparser import BytesFeedParser
from email.header import decode_header, make_header
from email.message import Message as StdMessage
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

import mailparser

from intake.core.message import Attachment, Flag, Message
from intake.errors import OverLimit, ParseError

# mail-parser warns on stderr for every part type it does not render; not our concern.
logging.getLogger("mailparser").setLevel(logging.ERROR)

_MSGID = re.compile(r"<([^<>\s]+)>")
_BODY_TYPES = ("text/plain", "text/html")
_MAX_FORWARD_DEPTH = 5
MAX_PARTS = 1000  # default limit on MIME parts (config: [limits] max_parts)
MAX_MESSAGE_ID = 250  # characters; a longer "Message-ID" is not one
MAX_REFERENCES = 50  # the newest References kept
_BOUNDARY_PARAM = re.compile(rb'boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))', re.IGNORECASE)
_DELIMITER = re.compile(rb"^--([^\r\n]{1,202}?)[ \t]*\r?$", re.MULTILINE)
FEED_BYTES = 64 * 1024  # the parser is fed this much at a time: it stops within one chunk of the limit


class PartBudget:
    """The stdlib parser's message factory: it counts every part (message, multipart, leaf, status block)
    the parser makes, and raises OverLimit at the first one past `limit`. One budget may serve several
    parses (a message and the forwarded messages decoded inside it): they share the limit."""

    def __init__(self, limit: int = MAX_PARTS) -> None:
        self.limit, self.made, self.over = limit, 0, False
        self.stop = True  # False: past the limit, parts are still made (`over` is set): see parse_tree(partial=)

    def __call__(self, policy: email.policy.Policy = email.policy.compat32) -> StdMessage:
        self.made += 1
        if self.made > self.limit:
            self.over = True
            if self.stop:
                raise OverLimit(f"plus de {self.limit} parties MIME : limite [limits] max_parts")
        factory = policy.message_factory or StdMessage
        return factory(policy=policy)


def parse_tree(raw: bytes, budget: PartBudget | int, policy: email.policy.Policy = email.policy.compat32,
               partial: bool = False) -> StdMessage:
    """The stdlib tree of `raw`, parsed in chunks with `budget` counting its parts: OverLimit at the first part
    past the limit; with `partial`, the tree of what was parsed up to the chunk where the limit was passed
    (`budget.over` says it is cut)."""
    if isinstance(budget, int):
        budget = PartBudget(budget)
    budget.stop = not partial
    made = budget.made
    parser = BytesFeedParser(budget, policy=policy)
    budget.made, budget.over = made, False  # the parser's constructor tries its factory once
    for at in range(0, len(raw), FEED_BYTES):
        parser.feed(raw[at:at + FEED_BYTES])
        if budget.over:
            break
    return parser.close()


ELIDE_BYTES = 256 * 1024  # base64 bodies of non-text parts from this size are decoded outside the stdlib parser
_PART_HEAD = re.compile(rb"\r?\n\r?\n")
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=\r\n]")  # base64 encoders write lines of these, nothing else
_BASE64_CTE = re.compile(rb"^content-transfer-encoding:\s*base64\s*$", re.IGNORECASE | re.MULTILINE)
_CONTENT_TYPE = re.compile(rb"^content-type:\s*([\w!#$&^.+-]+/[\w!#$&^.+-]+)", re.IGNORECASE | re.MULTILINE)
_NEXT_DELIMITER = re.compile(rb"\r?\n--")


def _elide(raw: bytes, max_parts: int = MAX_PARTS) -> tuple[bytes, dict[bytes, tuple[int, int]]]:
    """The bytes to parse, with each large base64 body of a non-text leaf part replaced by a token line;
    and {token: (start, end)} of the bodies in `raw`. Only a body that directly follows its part's header
    block (itself after a delimiter line of a declared boundary) and is nothing but lines of base64
    letters up to the next line starting with "--" is replaced. Only the first `max_parts` delimiter
    lines are looked at: the parse stops past them anyway."""
    boundaries = {a or b for a, b in _BOUNDARY_PARAM.findall(raw)} if len(raw) >= ELIDE_BYTES else set()
    if not boundaries:
        return raw, {}
    out: list[bytes] = []
    regions: dict[bytes, tuple[int, int]] = {}
    at = 0
    nonce = binascii.hexlify(hashlib.sha256(raw[:4096] + str(len(raw)).encode()).digest()[:6])
    head_end, seen = None, 0
    for found in _DELIMITER.finditer(raw):
        if found.group(1) not in boundaries or found.start() < at:
            continue
        seen += 1
        if seen > max_parts:
            break
        if head_end is None or head_end.start() < found.end():  # searched again only once passed: linear
            head_end = _PART_HEAD.search(raw, found.end())
        if head_end is None:
            break
        head = raw[found.end():head_end.start()]
        ctype = _CONTENT_TYPE.search(head)
        kind = ctype.group(1).lower() if ctype else b"text/plain"
        if not _BASE64_CTE.search(head) or kind.startswith((b"text/", b"multipart/", b"message/")):
            continue
        start = head_end.end()
        nxt = _NEXT_DELIMITER.search(raw, start)
        end = nxt.start() if nxt else len(raw)
        if end - start < ELIDE_BYTES or _NOT_BASE64.search(raw, start, end):
            continue
        token = b"INTAKE" + nonce + b"X" + str(len(regions)).encode() + b"Z"  # base64 letters only
        out += [raw[at:start], token]
        regions[token] = (start, end)
        at = end
    if not regions:
        return raw, {}
    out.append(raw[at:])
    return b"".join(out), regions


def _restore(tree: StdMessage, raw: bytes, regions: dict[bytes, tuple[int, int]]) -> dict[int, bytes]:
    """{id(part): decoded content} of the parts whose body was elided; a token found anywhere else (the
    structure was not what `_elide` took it for) gets its text back."""
    if not regions:
        return {}
    texts = {t.decode("ascii"): (s, e) for t, (s, e) in regions.items()}
    decoded = {}
    for part in tree.walk():
        payload = part.get_payload()
        if not isinstance(payload, str) or "INTAKE" not in payload:
            continue
        token = payload.strip()
        if token in texts and not part.is_multipart():
            start, end = texts[token]
            try:
                decoded[id(part)] = binascii.a2b_base64(memoryview(raw)[start:end])
            except binascii.Error:  # bad padding...: the stdlib's lenient decoder, on a copy, and its defects
                from email._encoded_words import decode_b

                decoded[id(part)], defects = decode_b(b"".join(raw[start:end].splitlines()))
                part.defects.extend(defects)
            continue
        restored = payload
        for text, (start, end) in texts.items():
            restored = restored.replace(text, raw[start:end].decode("ascii"))
        if restored != payload:
            part.set_payload(restored)
    for attr in ("preamble", "epilogue"):
        value = getattr(tree, attr, None)
        if value and "INTAKE" in value:
            for text, (start, end) in texts.items():
                value = value.replace(text, raw[start:end].decode("ascii"))
            setattr(tree, attr, value)
    return decoded


def parse_message(raw: bytes, raw_sha256: str = "", max_parts: int = MAX_PARTS,
                  parts: PartBudget | None = None) -> Message:
    """Parse one message; raise OverLimit when it has more than `max_parts` MIME parts (or more than what is left
    of `parts`, a budget shared with other messages), ParseError when nothing usable can be read."""
    if not raw or not raw.strip():
        raise ParseError("empty message")
    budget = parts if parts is not None else PartBudget(max_parts)
    try:
        skeleton, regions = _elide(raw, budget.limit)
        tree = parse_tree(skeleton, budget)
        del skeleton
        elided = _restore(tree, raw, regions)
        parsed = mailparser.MailParser(tree)  # the same tree: one parse
    except OverLimit:
        raise
    except RecursionError as exc:
        raise ParseError("MIME structure nested too deeply") from exc
    except Exception as exc:  # mail-parser raises many types on hostile input
        raise ParseError(f"unreadable MIME structure: {type(exc).__name__}: {exc}") from exc
    try:
        return _build(parsed, tree, raw_sha256, elided, budget)
    except RecursionError as exc:
        raise ParseError("MIME structure nested too deeply") from exc
    except Exception as exc:
        raise ParseError(f"unreadable message: {type(exc).__name__}: {exc}") from exc


def _build(parsed: Any, tree: StdMessage, raw_sha256: str, elided: dict[int, bytes] | None = None,
           budget: PartBudget | None = None) -> Message:
    headers = _headers(tree)
    html = "\n".join(parsed.text_html or [])
    from_pairs = _addresses(tree, "from")
    reply_to = _addresses(tree, "reply-to")
    parts = list(tree.walk())
    flags: list[Flag] = []
    attachments = tuple(_attachments(tree, _cids(html), flags=flags, elided=elided or {},
                                     budget=budget or PartBudget()))
    return Message(
        message_id=normalise_message_id(_first(tree, "message-id")),
        subject=_decode_header(_first(tree, "subject")),
        from_addr=from_pairs[0][1] if from_pairs else "",
        from_name=from_pairs[0][0] if from_pairs else "",
        reply_to=reply_to[0][1] if reply_to else "",
        to=tuple(a for _, a in _addresses(tree, "to")),
        cc=tuple(a for _, a in _addresses(tree, "cc")),
        date=_date(_first(tree, "date")),
        in_reply_to=normalise_message_id(_first(tree, "in-reply-to")),
        references=tuple(i for i in _MSGID.findall(_first(tree, "references"))
                         if len(i) <= MAX_MESSAGE_ID)[-MAX_REFERENCES:],
        headers=headers,
        text="\n".join(parsed.text_plain or []),
        html=html,
        attachments=attachments,
        defects=tuple(sorted(parsed.defects_categories or ())),
        raw_sha256=raw_sha256,
        return_path=_return_path(tree),
        content_type=(tree.get_content_type() or "text/plain").lower(),
        part_types=tuple(dict.fromkeys(p.get_content_type().lower() for p in parts)),
        report=_report(parts),
        enclosed_ids=_enclosed_ids(tree, parts),
        forwarded_from=_forwarded_from(parts, tree, "\n".join(parsed.text_plain or [])),
        flags=tuple(flags),
    )


def _cids(html: str) -> frozenset[str]:
    """The Content-IDs the HTML body shows (`cid:...`), lower-case: found once, not once per part."""
    return frozenset(c.lower() for c in re.findall(r"cid:([^\s\"'<>)]+)", html or "", re.IGNORECASE))


_REPORT_TYPES = ("message/delivery-status", "message/global-delivery-status", "text/rfc822-headers",
                 "message/rfc822-headers", "message/global-headers")
_QUOTED_ID = re.compile(r"^\s*(?:X-)?(?:Original-)?Message-Id:\s*<([^<>\s]{1,250})>", re.IGNORECASE | re.MULTILINE)


def _report(parts: Any) -> str:
    """The machine-readable parts of a delivery report, as text."""
    out: list[str] = []
    for part in parts:
        if part.get_content_type().lower() in _REPORT_TYPES:
            payload = part.get_payload()
            if isinstance(payload, list):  # the stdlib parses status blocks as header-only messages
                out.extend(block.as_string() for block in payload)
            else:
                out.append(str(part.get_payload(decode=True) or b"", "utf-8", "replace"))
    return "\n".join(out)[:100_000]


def _enclosed_ids(tree: StdMessage, parts: Any) -> tuple[str, ...]:
    """Message-IDs of the messages a report (or a forward) encloses or quotes, in order."""
    found = []
    for part in parts:
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
    return tuple(dict.fromkeys(i for i in found if i))[:MAX_REFERENCES]


_FORWARD_MARK = re.compile(
    r"(-{2,}\s*(message transf[ée]r[ée]|forwarded message|original message|message d'origine|"
    r"weitergeleitete nachricht)\s*-{2,}|^d[ée]but du message r[ée]exp[ée]di[ée]\s*:|^_{20,}\s*$)",
    re.IGNORECASE | re.MULTILINE)
_FORWARD_FROM = re.compile(r"^\s*\*?(?:de|from|von|exp[ée]diteur)\s*\*?\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def _forwarded_from(parts: Any, tree: StdMessage, text: str) -> tuple[tuple[str, str], ...]:
    """Senders of forwarded messages: attached message/rfc822 parts, then inline forwards
    ("---------- Message transféré ---------", "-----Original Message-----", Apple's "Début du
    message réexpédié :", Outlook's line of underscores) whose first "De :" / "From:" line names them."""
    found = []
    for part in parts:
        if part is not tree and part.get_content_type().lower() == "message/rfc822":
            for inner in part.get_payload() if isinstance(part.get_payload(), list) else []:
                found.extend(getaddresses([_unescape(str(v)) for v in inner.get_all("from", [])]))
    mark = _FORWARD_MARK.search(text or "")
    if mark:
        line = _FORWARD_FROM.search(text, mark.end())
        if line:
            found.extend(getaddresses([line.group(1).replace("[mailto:", "<").replace("]", ">")]))
    out = []
    for name, addr in found:
        addr = addr.strip().lower()
        if is_address(addr):
            out.append((_decode_header(name), addr))
    return tuple(dict.fromkeys(out))


def normalise_message_id(value: str) -> str:
    """`<Abc@x>` -> `Abc@x`; the first id when several are given; "" when none, or when it is no
    Message-ID (longer than MAX_MESSAGE_ID, control characters): never copied into our headers."""
    value = _unescape(str(value or "")).strip()
    match = _MSGID.search(value)
    found = match.group(1) if match else (value.split()[0] if value.split() else "")
    if len(found) > MAX_MESSAGE_ID or any(unicodedata.category(c)[0] == "C" for c in found):
        return ""
    return str(found)


def is_address(addr: str) -> bool:
    """A usable email address (RFC 5321/6531): one @, no space or control character, bounded."""
    local, at, domain = addr.rpartition("@")
    return (bool(at and local and domain and "." in domain) and len(addr) <= 254 and "@" not in local.strip('"')
            and not any(c.isspace() or unicodedata.category(c)[0] == "C" or c in "<>(),;:[]\\" for c in addr))


def _headers(tree: StdMessage) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name, value in tree.raw_items():
        out.setdefault(name.lower(), []).append(_decode_header(value))
    return {k: tuple(v) for k, v in out.items()}


def _raw(tree: StdMessage, name: str) -> list[str]:
    """A header's values as they came, 8-bit bytes read as UTF-8 (compat32 would hand over `Header`
    objects that turn them into U+FFFD)."""
    name = name.lower()
    return [_unescape(str(v)) for k, v in tree.raw_items() if k.lower() == name]


def _first(tree: StdMessage, name: str) -> str:
    values = _raw(tree, name)
    return values[0] if values else ""


def _unescape(value: str) -> str:
    """Raw 8-bit header bytes (RFC 6532: UTF-8) as text. The stdlib hands them over as surrogate
    escapes; they are read as UTF-8, else as Windows-1252 (old clients)."""
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    data = value.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _decode_words(value: str) -> str:
    """RFC 2047 words decoded, nothing else changed (control characters stay, to be refused)."""
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return value


def _decode_header(value: object) -> str:
    value = _unescape(str(value))
    try:
        return _clean_text(str(make_header(decode_header(value))))
    except Exception:
        return _clean_text(value)


def _clean_text(value: str) -> str:
    """One line of text: whitespace runs as one space; control and bidirectional-override characters dropped."""
    return " ".join("".join(" " if c.isspace() else c for c in str(value)
                            if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co")
                            or c in "\u200d").split())


def _addresses(tree: StdMessage, name: str) -> list[tuple[str, str]]:
    values = _raw(tree, name)
    out = []
    for display, addr in getaddresses(values):
        addr = addr.strip().lower()
        if is_address(addr):
            out.append((_decode_header(display), addr))
    if not out and values:  # a whole "Name <addr>" inside one encoded word, as some mail programs write it
        for display, addr in getaddresses([_decode_words(v) for v in values if "=?" in v]):
            addr = addr.strip().lower()
            if is_address(addr):
                out.append((display, addr))
    return out


def _return_path(tree: StdMessage) -> str | None:
    values = _raw(tree, "return-path")
    if not values:
        return None
    value = values[0]
    pairs = getaddresses([_unescape(str(value))])
    return pairs[0][1].lower() if pairs and pairs[0][1] else ""


def _date(value: object) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _attachments(tree: StdMessage, cids: frozenset[str], forwarded: bool = False, depth: int = 0,
                 flags: list[Flag] | None = None, elided: dict[int, bytes] | None = None,
                 budget: PartBudget | None = None) -> Iterator[Attachment]:
    """Every leaf part that is a file, in MIME order, forwarded messages included (their parts count in
    the message's `budget`)."""
    flags = [] if flags is None else flags
    budget = budget or PartBudget()
    inside_forward: set[int] = set()
    encoded_forwards: list[Any] = []
    for part in tree.walk():
        if part is not tree and part.get_content_type().lower() == "message/rfc822":
            inside = [inner for inner in part.walk() if inner is not part]
            inside_forward.update(id(inner) for inner in inside)
            if str(part.get("content-transfer-encoding", "")).strip().lower() in ("base64", "quoted-printable"):
                # RFC 2046 forbids it, yet Python itself writes base64 message/rfc822: the stdlib then
                # parses the encoded text as if it were the message. Decode it and look inside.
                encoded_forwards.append((part, inside))
    skip: set[int] = set()
    for part, inside in encoded_forwards:
        skip.update(id(inner) for inner in inside)
        if not inside:
            continue
        if depth >= _MAX_FORWARD_DEPTH:
            flags.append(Flag(decode_filename(part) or "message transféré", "too-deep",
                              f"message transféré imbriqué à plus de {_MAX_FORWARD_DEPTH} niveaux : non ouvert"))
            continue
        try:
            decoded = _decode_transfer(inside[0].as_bytes(), part.get("content-transfer-encoding", ""))
        except (ValueError, TypeError):  # binascii.Error is a ValueError
            flags.append(Flag(decode_filename(part) or "message transféré", "corrupt",
                              "message transféré illisible (encodage)"))
            continue
        try:
            inner = parse_tree(decoded, budget)
        except OverLimit:
            flags.append(Flag(decode_filename(part) or "message transféré", "too-many-entries",
                              f"message transféré : plus de {budget.limit} parties MIME avec le message qui le "
                              "porte : non ouvert"))
            continue
        yield from _attachments(inner, cids, True, depth + 1, flags, budget=budget)
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
            content: Any = (elided or {}).get(id(part)) or part.get_payload(decode=True) or b""
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
            referenced_in_html=bool(cid) and cid.lower() in cids,
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
    name = _unescape(str(name))
    return clean_filename(_decode_header(name) if "=?" in name else name)


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
