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

This module builds the `Message`; core/mimetree.py holds the part budget, the elision of large bodies and
the walk that takes the attachments; core/headers.py the header decoding.
"""

from __future__ import annotations

import binascii
import dataclasses
import logging
import re
from collections.abc import Iterator
from email.message import Message as StdMessage
from email.parser import BytesHeaderParser, HeaderParser
from email.policy import compat32
from itertools import chain, islice
from typing import Any, NamedTuple
from urllib.parse import unquote

import mailparser
from mailparser.const import EPILOGUE_DEFECTS

from intake.core.arrival import problem  # Python's text in brackets: it goes with the message's content
from intake.core.charset import decoded_text
from intake.core.fields import one_line
from intake.core.headers import (
    _MSGID,
    MAX_DECODED,
    MAX_LINE,
    MAX_MESSAGE_ID,
    WRITTEN,
    _addresses,
    _date,
    _first,
    _headers,
    _return_path,
    _unescape,
    as_written,
    decodable,
    decoded_header,
    encoded_only,
    is_address,
    link_targets,
    normal_address,
    normalise_message_id,
    parse_addresses,
)
from intake.core.htmltext import html_as_text
from intake.core.message import AUTH_FIELDS, Attachment, Enclosed, Flag, Message
from intake.core.mimetree import (
    MAX_HEADER_BYTES,
    MAX_PARTS,
    PartBudget,
    _attachments,
    _elide,
    _restore,
    parse_tree,
    walk,
)
from intake.core.outlook import msg_sender, msg_transport_headers
from intake.core.smime import is_opaque_signed, opened_entity, unwrap_opaque_signed
from intake.core.sniff import OLE_MAGIC, detect_type
from intake.errors import OverLimit, ParseError

# mail-parser warns on stderr for every part type it does not render; not our concern.
logging.getLogger("mailparser").setLevel(logging.ERROR)

MAX_REFERENCES = 50  # the newest References kept
# characters of the HTML read for its text in a message without a plain-text part (a mail program, or a server's
# IMAP, that gives an HTML mail as its HTML alone): whom a forward came from
HTML_READ = 1_000_000


def parse_message(raw: bytes, raw_sha256: str = "", max_parts: int = MAX_PARTS,
                  parts: PartBudget | None = None, max_header_bytes: int = MAX_HEADER_BYTES,
                  spans: bool = False) -> Message:
    """Parse one message; raise OverLimit when it has more than `max_parts` MIME parts or `max_header_bytes` of
    header fields (or more than what is left of `parts`, a budget shared with other messages), ParseError when
    nothing usable can be read. `spans`: the large base64 files are given by their place in `raw` (`region`),
    to be decoded by `with_contents` where `raw` is (a reading process parses, the poller holds the raw message)."""
    if not raw or not raw.strip():
        raise ParseError("message vide")
    budget = parts if parts is not None else PartBudget(max_parts, max_header_bytes)
    opened = unwrap_opaque_signed(raw, budget.max_header_bytes)
    if opened is not None:  # its files are in the opened bytes, not at a place of `raw`: decoded here
        raw, spans = opened, False
    try:
        skeleton, regions = _elide(raw, budget.limit)
        tree = parse_tree(skeleton, budget)
        del skeleton
        elided = _restore(tree, raw, regions, spans)
        _open_attached_signed(tree, raw, elided, budget)
        _bound_encoded_headers(tree)
        parsed = _text_parts(tree)
    except OverLimit:
        raise
    except RecursionError as exc:
        raise ParseError("structure MIME trop imbriquée") from exc
    except Exception as exc:  # mail-parser raises many types on hostile input
        raise ParseError(f"structure MIME illisible ({problem(type(exc).__name__, str(exc))})") from exc
    try:
        return _build(parsed, tree, raw_sha256, elided, budget, raw)
    except RecursionError as exc:
        raise ParseError("structure MIME trop imbriquée") from exc
    except Exception as exc:
        raise ParseError(f"message illisible ({problem(type(exc).__name__, str(exc))})") from exc


MAX_OPENED = 10  # messages attached whole and signed opaque opened in one message: a forward has one


def _open_attached_signed(tree: StdMessage, raw: bytes, elided: dict[int, Any], budget: PartBudget) -> None:
    """Each message attached whole (message/rfc822: a colleague's « Transférer en tant que pièce jointe ») that is
    signed opaque (S/MIME signed-data, smime.p7m: its text and files inside the signature, readable without any
    key), replaced in `tree` by what it carries, as core/smime.py opens a message that is itself signed so. Left
    as it was, its files were never read and the forward was set aside as encrypted. Its own header fields are
    kept, but none of those written inside the signature (the sender's, unchecked: the signature is not
    verified)."""
    opened = 0
    for part in list(walk(tree)):
        if opened >= MAX_OPENED or part is tree or part.get_content_type().lower() != "message/rfc822":
            continue
        inner = part.get_payload() if part.is_multipart() else []
        signed = inner[0] if isinstance(inner, list) and len(inner) == 1 else None
        if not isinstance(signed, StdMessage) or signed.is_multipart() \
                or not is_opaque_signed(str(signed.get("content-type", ""))):
            continue
        held = elided.get(id(signed))
        der: bytes
        if isinstance(held, tuple):  # its place in `raw` (core/mimetree.py `_restore` with spans)
            der = binascii.a2b_base64(memoryview(raw)[held[0]:held[1]])
        elif isinstance(held, bytes):
            der = held
        else:
            payload = signed.get_payload(decode=True)
            der = payload if isinstance(payload, bytes) else b""
        head = "".join(f"{name}: {value}\r\n" for name, value in signed.items()).encode("utf-8", "surrogateescape")
        entity = opened_entity(head.rstrip(b"\r\n"), der, budget.max_header_bytes)
        if entity is None:
            continue
        part.set_payload([parse_tree(entity, budget)])
        opened += 1


def with_contents(msg: Message, raw: bytes) -> Message:
    """`msg`, parsed with `spans`, with the content of each file given by its place in `raw` decoded (a strict
    base64 body: checked by the parse)."""
    if not any(a.region for a in msg.attachments):
        return msg
    view = memoryview(raw)
    files = tuple(dataclasses.replace(a, content=binascii.a2b_base64(view[a.region[0]:a.region[1]]), region=())
                  if a.region else a for a in msg.attachments)
    return dataclasses.replace(msg, attachments=files)


def _text_parts(tree: StdMessage) -> Any:
    """mail-parser's reading of the text parts (and of the structure's defects), on the same tree: one parse. It is
    shown only the top-level headers that say how the body is encoded (`Content-*`, `MIME-Version`): the others
    (addresses, dates, Received...) are read by core/headers.py, and mail-parser's own reading of each of them was a
    quarter of the time a message took to parse."""
    whole: list[tuple[str, Any]] = tree._headers  # type: ignore[attr-defined]  # the stdlib's list of header fields
    tree._headers = [(k, v) for k, v in whole  # type: ignore[attr-defined]
                     if k.lower().startswith("content-") or k.lower() == "mime-version"]
    try:
        return _BodyReader(tree)
    finally:
        tree._headers = whole  # type: ignore[attr-defined]


class _BodyReader(mailparser.MailParser):  # type: ignore[misc]  # mail-parser ships no types
    """mail-parser, each body part read by core/charset.py's rule: its own read a part in the charset declared,
    else as UTF-8 with U+FFFD for the rest, so a body declared UTF-8 and written in Windows-1252 (Outlook, old PHP
    mailers, text pasted from Windows) lost every accented letter (« B�thune »): the criteria's words (écologie,
    créativité, partage) were not found, and staff read it so."""

    def _decode_body_payload(self, part: StdMessage, charset: str, part_index: int) -> str:
        return body_text(part)

    def parse(self) -> Any:
        """mail-parser's own, without its look for a lost part in the top's epilogue (on a part whose boundary
        never starts) when the top has no epilogue (a message cut short) or no boundary (no multipart): it failed
        there (AttributeError, TypeError), and the whole message, its files read fine, was « illisible »."""
        self._no_epilogue = self.message.epilogue is None or _boundary(self.message) is None
        try:
            return super().parse()
        finally:
            self._no_epilogue = False

    @property
    def defects_categories(self) -> set[str]:
        found: set[str] = self._defects_categories
        return found - EPILOGUE_DEFECTS if getattr(self, "_no_epilogue", False) else found


def _boundary(part: StdMessage) -> str | None:
    try:
        return part.get_boundary()
    except Exception:  # noqa: BLE001 - a hostile parameter: none
        return None


def body_text(part: StdMessage) -> str:
    """The text of a text/plain or text/html part, by core/charset.py `decoded_text`."""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    try:
        declared = part.get_content_charset()
    except Exception:  # a hostile parameter: nothing declared
        declared = None
    return decoded_text(data, declared, html=part.get_content_subtype() == "html")


def _bound_encoded_headers(tree: StdMessage) -> None:
    """Make each header of RFC 2047 words that is long (a line over MAX_LINE, or over MAX_DECODED in all) safe to
    decode, as `decodable` says: mail-parser decodes every header with the stdlib, in a time that grows with the
    square of a line's "=?" (an attacker's review: 430 such fields of 20 kB held the poller three minutes). Others
    stay whole (References)."""
    def too_long(value: Any) -> bool:
        text = str(value)
        return len(text) > MAX_LINE and "=?" in text and (
            len(text) > MAX_DECODED or any(len(line) > MAX_LINE for line in text.splitlines()))

    for part in walk(tree):
        for name in {k.lower() for k, v in part.raw_items() if too_long(v)}:
            values = [decodable(str(v)) if too_long(v) else v for k, v in part.raw_items() if k.lower() == name]
            del part[name]  # each name's values keep their order (the first one is the one read)
            for value in values:
                part[name] = value


def _build(parsed: Any, tree: StdMessage, raw_sha256: str, elided: dict[int, Any] | None = None,
           budget: PartBudget | None = None, raw: bytes = b"") -> Message:
    headers = _headers(tree)
    html = "\n".join(parsed.text_html or [])
    text = "\n".join(parsed.text_plain or [])
    from_pairs = _addresses(tree, "from")
    reply_to = _addresses(tree, "reply-to")
    parts = list(walk(tree))
    flags: list[Flag] = []
    attachments = tuple(_attachments(tree, _cids(html), flags=flags, elided=elided or {},
                                     budget=budget or PartBudget(),
                                     quoted=_quoted_cids(html, reply=_answers(tree))))
    forwarded = _forwarded_from(parts, tree, text if text.strip() else html_as_text(html[:HTML_READ], mailto=True),
                                attachments, raw)
    return Message(
        message_id=normalise_message_id(_first(tree, "message-id")),
        subject=decoded_header(_first(tree, "subject")),
        from_addr=from_pairs[0][1] if from_pairs else "",
        from_name=from_pairs[0][0] if from_pairs else "",
        from_others=tuple(dict.fromkeys(a for a in (*(a for _, a in from_pairs[1:]), *link_targets(tree, "from"))
                                        if a != from_pairs[0][1])) if from_pairs else (),
        from_encoded=bool(from_pairs) and encoded_only(tree, "from"),
        reply_to=reply_to[0][1] if reply_to else "",
        to=tuple(a for _, a in _addresses(tree, "to")),
        cc=tuple(a for _, a in _addresses(tree, "cc")),
        date=_date(_first(tree, "date")),
        in_reply_to=normalise_message_id(_first(tree, "in-reply-to")),
        references=tuple(i for i in _MSGID.findall(_first(tree, "references"))
                         if len(i) <= MAX_MESSAGE_ID)[-MAX_REFERENCES:],
        headers=headers,
        text=text,
        html=html,
        attachments=attachments,
        defects=tuple(sorted(parsed.defects_categories or ())),
        raw_sha256=raw_sha256,
        return_path=_return_path(tree),
        content_type=(tree.get_content_type() or "text/plain").lower(),
        part_types=tuple(dict.fromkeys(p.get_content_type().lower() for p in parts)),
        itip=any(_itip(p) for p in parts),
        report=_report(parts),
        enclosed_ids=_enclosed_ids(tree, parts),
        forwarded_from=forwarded.senders,
        forward_unread=forwarded.unread,
        forward_read=forwarded.read,
        forward_below=forwarded.below,
        forward_guessed=forwarded.guessed,
        enclosed=forwarded.enclosed,
        enclosed_unread=forwarded.enclosed_unread,
        flags=tuple(flags),
    )


CALENDAR_TYPES = ("text/calendar", "application/ics")  # an invitation, its answer (« Accepté : »), its cancellation


def _itip(part: StdMessage) -> bool:
    """A calendar part of a meeting's invitation or answer: RFC 6047 (iMIP) requires its `method` parameter
    (REQUEST, REPLY, CANCEL...); a program that leaves it out still sends the event as the mail's body, unnamed. An
    event saved from a calendar and attached as a file (« Inauguration.ics », no method) is a file like any other."""
    if part.get_content_type().lower() not in CALENDAR_TYPES:
        return False
    try:
        return bool(part.get_param("method")) or not part.get_filename()
    except Exception:  # a malformed parameter list: read as the event it declares itself to be
        return True


def _cids(html: str) -> frozenset[str]:
    """The Content-IDs the HTML body shows (`cid:...`), lower-case: found once, not once per part."""
    return frozenset(c.lower() for c in re.findall(r"cid:([^\s\"'<>)]+)", html or "", re.IGNORECASE))


# A reply's quote: the line that names who wrote the quoted mail (« Le lun. 16 nov. 2026 à 10:02, X a écrit : »,
# Gmail's `gmail_attr`, Thunderbird's `moz-cite-prefix`, Apple Mail's; « On …, X wrote: ») shortly before the
# <blockquote> that holds it. A forward's quote (« Début du message réexpédié : », « Forwarded message ») is not
# one: the pictures a forwarded mail shows are that mail's, maybe the applicant's visuels.
_ATTRIBUTION = re.compile(r"(?:a\s+[ée]crit|wrote|schrieb)\s*:?\s*$", re.IGNORECASE)
_BLOCKQUOTE = re.compile(r"<(/?)blockquote\b", re.IGNORECASE)
ATTRIBUTION_REACH = 600  # characters of HTML before the <blockquote> where the « a écrit : » line is looked for
# outermost <blockquote>s looked at: a reply has a few; each costs reading the text before it, and a crafted HTML of
# 100,000 of them held its reading process 4.5 s for every 2.6 MB
MAX_QUOTES = 20


# Outlook's quote: the block « De : … Envoyé : … Objet : » under a grey rule that it writes above the mail a reply
# quotes (in its own container in the new Outlook and on the web, `divRplyFwdMsg` in the older ones), to the end of
# the HTML (Outlook always answers above). The same block heads a forward: it is a reply's quote only in a mail that
# answers another (In-Reply-To) under a reply's subject (« RE: »), never under « TR: ».
_OUTLOOK_QUOTE = re.compile(r'<div\b[^>]{0,300}?(?:id="(?:divRplyFwdMsg|mail-editor-reference-message-container)"'
                            r"|border-top:\s*solid\s+#E1E1E1)", re.IGNORECASE)
_REPLY_SUBJECT = re.compile(r"\s*(?:re|r[ée]f\.?|aw|sv|antw)\s*:", re.IGNORECASE)


def _quoted_cids(html: str, reply: bool = False) -> frozenset[str]:
    """The Content-IDs the HTML shows only inside the mails a reply quotes, never in the sender's own words: the
    quoted mail's pictures (a town's call for applications, its banner and photos, kept inline by Gmail and Outlook),
    not the sender's. `reply`: the message answers another under a reply's subject (Outlook's quote is read then)."""
    html = html or ""
    cut = _OUTLOOK_QUOTE.search(html) if reply else None
    if cut is not None:
        own, quote = html[:cut.start()], html[cut.start():]
        return (_cids(quote) - _cids(own)) | _blockquoted_cids(own)
    return _blockquoted_cids(html)


def _answers(tree: StdMessage) -> bool:
    """The message answers another (In-Reply-To) under a reply's subject (« RE: », « Réf. : »), not a forward's."""
    return bool(_first(tree, "in-reply-to").strip()) and bool(_REPLY_SUBJECT.match(decoded_header(_first(tree,
                                                                                                        "subject"))))


def _blockquoted_cids(html: str) -> frozenset[str]:
    """The Content-IDs shown only inside the <blockquote>s a « … a écrit : » line introduces (to each one's closing
    tag), never in the sender's words above or below them (Thunderbird answers below the quote)."""
    inside: list[str] = []
    outside: list[str] = []
    depth = start = last = tried = 0
    for match in _BLOCKQUOTE.finditer(html):
        if not match.group(1):
            if depth == 0:
                tried += 1
                if tried > MAX_QUOTES:  # past them, what the HTML shows counts as the sender's, as without quotes
                    break
                before = html_as_text(html[max(0, match.start() - ATTRIBUTION_REACH):match.start()])
                if not _ATTRIBUTION.search(before.replace("\xa0", " ").strip()):
                    continue  # no reply's quote (a forward's, a citation): what it shows is the sender's
                outside.append(html[last:match.start()])
                start = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                inside.append(html[start:match.end()])
                last = match.end()
    if depth:
        inside.append(html[start:])
    else:
        outside.append(html[last:])
    return _cids("".join(inside)) - _cids("".join(outside)) if inside else frozenset()


_REPORT_TYPES = ("message/delivery-status", "message/global-delivery-status", "text/rfc822-headers",
                 "message/rfc822-headers", "message/global-headers")
# `^[^\S\r\n]*` (spaces, tabs, no-break spaces), never `^\s*`: under MULTILINE, `\s` crosses lines, and each of n
# blank lines would be read again by the n tries that start above it; nor two runs of spaces side by side
_QUOTED_ID = re.compile(r"^[^\S\r\n]*(?:X-)?(?:Original-)?Message-Id:[^\S\r\n]*<([^<>\s]{1,250})>",
                        re.IGNORECASE | re.MULTILINE)


# A part's children are asked for only when it has some (`is_multipart()`): the stdlib's `get_payload()` of a leaf
# whose 8-bit text is not ASCII decodes it by its `charset` parameter, a tuple when that is written as RFC 2231
# (`charset*=utf-8''`): a TypeError, and the whole message was « illisible » (quarantined), whatever it held.


def _report(parts: Any) -> str:
    """The machine-readable parts of a delivery report, as text."""
    out: list[str] = []
    for part in parts:
        if part.get_content_type().lower() in _REPORT_TYPES:
            if part.is_multipart():  # the stdlib parses status blocks as header-only messages
                out.extend(_block_text(block) for block in part.get_payload())
            else:
                out.append(str(part.get_payload(decode=True) or b"", "utf-8", "replace"))
    return "\n".join(out)[:100_000]


def _block_text(block: StdMessage) -> str:
    """A status block of a delivery report (header fields only), as text: as the stdlib writes it; as its fields came
    when it will not (a value holding a character Python counts as a line break, a form feed: HeaderParseError, and
    the whole bounce was « illisible »)."""
    try:
        return block.as_string()
    except Exception:  # noqa: BLE001 - the stdlib's refusal, whatever its type
        return "".join(f"{name}: {value}\n" for name, value in block.raw_items()) + "\n"


def _enclosed_ids(tree: StdMessage, parts: Any) -> tuple[str, ...]:
    """Message-IDs of the messages a report (or a forward) encloses or quotes, in order."""
    found = []
    for part in parts:
        ctype = part.get_content_type().lower()
        if part is not tree and ctype == "message/rfc822":
            for inner in part.get_payload() if part.is_multipart() else []:
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
    # (Pegasus Mail writes « ------- Forwarded message follows ------- »)
    r"((?<!-)-{2,}[^\S\r\n]*(message transf[ée]r[ée]|mail transf[ée]r[ée]|forwarded message(?: follows)?|"
    r"original message|message d'origine|message original|message transmis|weitergeleitete nachricht)[^\S\r\n]*-{2,}|"
    r"^d[ée]but du message r[ée]exp[ée]di[ée][^\S\r\n]*:|"
    # Mutt and NeoMutt name the sender on the mark's own line ($forward_attribution_intro « ----- Forwarded message
    # from %f ----- », in French « ----- Début du message transféré de %f ----- »), the forwarded header lines below it
    # in $hdr_order (« Date: » before « From: »): read as the others, its « From: » line below. Horde IMP writes the
    # same line (« ----- Forwarded message from %f ----- », in French « ----- Message transféré de %f ----- »), its
    # header's labels right-aligned below it (« ␣␣␣Date: », « ␣␣␣␣␣De: »: horde/imp lib/Compose.php _getMsgHeaders):
    # the French line was no mark, and a colleague's forward from Horde named nobody
    r"(?<!-)-{2,}[^\S\r\n]*(?:d[ée]but du message transf[ée]r[ée] de|message transf[ée]r[ée] de|forwarded message from)"
    # (the closing dashes two only, the lazy part taking any more: « -{2,} » after it tried each run of dashes from
    # each of its 300 places, 50 s of CPU for a text part of such lines never ending in dashes)
    r"[^\S\r\n][^\r\n]{0,300}?"
    r"--[^\S\r\n]*+(?=\r?\n|\r?\Z)|"
    # a line of underscores is Outlook's rule above a forward's header only when that header's sender line comes next
    # (blank lines between): in a colleague's signature (« ______ / Claire MARTIN / … » and a disclaimer) it is no
    # forward, and read as one it named nobody, and stopped the reading before the forward below it. (`$` matches
    # before LF only: in text with CRLF line ends, as the mail carries it, the rule is not matched at all, and OWA's
    # forward is found by its « De : / Envoyé : » block; under a subject with no « TR: », only for staff to check)
    r"^_{20,}[^\S\r\n]*$(?=(?:\r?\n[^\S\r\n]*)+\*?(?:de|from|von|exp[ée]diteur)[^\S\r\n]*(?:\*[^\S\r\n]*)?:))",
    re.IGNORECASE | re.MULTILINE)
# Roundcube's HTML forward writes its header as a table (« <th>De: </th><td>Jeanne Roux &lt;…&gt;</td> »), and the text
# part it sends is made from that HTML by rcube_html2text, a cell a line, two tabs before it, a header cell in
# capitals: « \t\tDE: » on one line, « \t\tJeanne Roux <…> » on the next (program/lib/Roundcube/rcube_html2text.php,
# its <th> and <td> rules). Sent format=flowed, the label's trailing space joins the two; with send_format_flowed off,
# the « De » line named no one and the forward nobody. The value is read on the next line only there: tabs, the
# label alone, the next line tabbed (a bare « De : » line of another program is no sender line, as before).
# A value line of that table is never a sender line (nor a label): its subject's row comes first (« \t\tOBJET: »), and
# a stranger's subject « De: Victime <victime@…> », on its own line « \t\tDe: Victime <…> », was read as the sender's
# line above the real one, the victim filed as the applicant and written to (a line of two tabs under a line ending
# in a colon is a value)
_RC_VALUE = r"(?!\t\t(?:(?<=:\n\t\t)|(?<=: \n\t\t)|(?<=:\r\n\t\t)|(?<=: \r\n\t\t)))"
_FORWARD_FROM = re.compile(rf"^{_RC_VALUE}\t\t(?:de|from):[^\S\r\n]*\r?\n\t\t([^\s][^\r\n]*?)\r?$|"
                           rf"^{_RC_VALUE}[^\S\r\n]*\*?(?:de|from|von|exp[ée]diteur)[^\S\r\n]*(?:\*[^\S\r\n]*)?:"
                           r"[^\S\r\n]*(.+)$",
                           re.IGNORECASE | re.MULTILINE)
MAX_FORWARDS = 5  # forwards of forwards whose senders are read, the outermost first
FORWARD_FROM_WITHIN = 2_000  # characters after the mark where the forwarded message's "De :" line is looked for
# Outlook (Windows, Mac) and the new Outlook write no separator line in the text of a forward: only the block
# "De : ... / Envoyé : ... (or Date :) / À : ... / Objet : ..." (its HTML has a border above it). Such a block is
# taken for a forward's only in a message whose subject says it is one (« TR: », « Fwd: »...): in a reply, the
# same block quotes the mail answered. Zimbra's HTML editor writes no separator either, only a rule (`<hr id="zwchr">`:
# the Zimbra web client's ZmComposeView._getPreface; « ----- Mail transféré ----- » is its text editor's), then
# « De: / À: / Cc: / Envoyé: / Objet: », the recipients between the sender and the date: an HTML-only forward from it
# named nobody and was ignored as the colleague's own mail.
_HEADER_BLOCK = re.compile(
    r"^[^\S\r\n]*\*?(?:de|from)[^\S\r\n]*(?:\*[^\S\r\n]*)?:[^\r\n]*\r?\n"
    r"(?:[^\S\r\n]*\*?(?:[àa]|to|pour|cc)[^\S\r\n]*(?:\*[^\S\r\n]*)?:[^\r\n]*\r?\n){0,2}"
    r"[^\S\r\n]*\*?(?:envoy[ée]|sent|date)[^\S\r\n]*(?:\*[^\S\r\n]*)?:|"
    # Tuta writes the date first, then « De: jeanne@… » (the address bare), « À: », « Objet: », and no separator
    # (MailViewerViewModel.createResponseMailArgsForForwarding): its block named nobody. GMX's webmail (gmx.fr, web.de,
    # mail.com) too, in its HTML alone: « Envoyé: lundi 30 novembre 2026 à 17:45 » / « De: "Jeanne Roux" <…> » / « À: »
    # / « Objet: » (web.de's « Gesendet: / Von: / An: / Betreff: »), in its `<div name="quote">`
    r"^[^\S\r\n]*(?:date|envoy[ée]|sent|gesendet)[^\S\r\n]*:[^\r\n]*\r?\n"
    r"(?=[^\S\r\n]*(?:de|from|von)[^\S\r\n]*:[^\r\n]*\r?\n"
    r"[^\S\r\n]*(?:[àa]|to|an)[^\S\r\n]*:[^\r\n]*\r?\n(?:[^\S\r\n]*cc[^\S\r\n]*:[^\r\n]*\r?\n)?"
    r"[^\S\r\n]*(?:objet|subject|betreff)[^\S\r\n]*:)", re.IGNORECASE | re.MULTILINE)
_FORWARD_SUBJECT = re.compile(r"^[^\S\r\n]*(?:\[[^\]\r\n]{0,40}\][^\S\r\n]*)?(?:tr|fwd?|wg)[^\S\r\n]*:", re.IGNORECASE)
# A reply (« RE: », « AW: », « SV: »...) quotes the mail it answers, whatever that mail's text held: a forward block in
# it is the quoted sender's writing (HTML-only replies and Outlook's quote it without « > »), never the town's forward
_REPLY_SUBJECT = re.compile(r"^[^\S\r\n]*(?:\[[^\]\r\n]{0,40}\][^\S\r\n]*)?(?:re|aw|sv|antw)[^\S\r\n]*:",
                            re.IGNORECASE)
# Apple Mail quotes what it forwards, in a message whose subject says it is a forward (« Fwd: »): on a Mac the whole
# block ("> Début du message réexpédié :", "> De: ..."), on an iPhone or iPad the forwarded header lines under its
# own line ("Début du message réexpédié :", then "> De: ..."; recent iOS versions in French write « Début du
# message transféré : », crisp-oss/email-forward-parser's « Apple Mail iOS (fr) »). One level of quoting only: a
# reply quoting a forward quotes it once more.
# The same reading (one quoting level, under a forward's subject) for two other programs that quote what they forward:
# IONOS's webmail (1&1) « > ---------- Original Message ---------- » then « > From: … », and MailMate's « Forwarded
# message: » then « > From: … » (crisp-oss/email-forward-parser's fixtures ionos_one_and_one_en_body.txt and
# mailmate_en_body.txt): read as any separator, the quoted « > From: » line was no sender line, and IONOS's forward
# by a colleague was ignored as her own mail. IONOS's webmail is Open-Xchange App Suite, which French webmails run too
# (La Poste's, Swisscom's); in French its line is « > ---------- Message d'origine ---------- », then « > De : », « > À
# : », « > Date : », « > Sujet : » (a French forward from 1&1's webmail in a public list archive, 2013): read only as
# the unquoted separator, its « > De : » line was none, and the forward named nobody.
_APPLE_MARK = re.compile(r"^>?[^\S\r\n]*(?:d[ée]but du message (?:r[ée]exp[ée]di[ée]|transf[ée]r[ée])|"
                         r"begin forwarded message|forwarded message)[^\S\r\n]*:|"
                         r"^>[^\S\r\n]*-{2,}[^\S\r\n]*(?:original message|message d['’]origine)[^\S\r\n]*-{2,}",
                         re.IGNORECASE | re.MULTILINE)
_APPLE_FROM = re.compile(r"^>?[^\S\r\n]*\*?(?:de|from)[^\S\r\n]*(?:\*[^\S\r\n]*)?:[^\S\r\n]*(.+)$",
                         re.IGNORECASE | re.MULTILINE)


# HCL Notes (Domino, Verse; Lotus Notes before) writes its own separator line, naming the colleague who forwarded:
# « ----- Transféré par Claire MARTIN/CULTURE/VILLE le 30/11/2026 10:12 ----- » (« ----- Forwarded by … on … ----- »),
# the classic client a long run of dashes, the line cut at its date (the Lotus Notes mail of the public Enron e-mail
# corpus, 2000-2001: « ---------------------- Forwarded by Phillip K Allen/HOU/ECT on 03/26/2001 » / « 05:04 PM ---… »
# / blank lines / « Dexter Steis <dexter@…> on 03/26/2001 02:22:41 PM » / « To: … » / « cc: » / « Subject: … »).
# Below it, Notes 8 and later write « De : / A : / Date : / Objet : » (tab-separated, a Notes colleague as « Prénom
# NOM/SERVICE/VILLE@VILLE », no address); the classic client a first line « Name <address> on 03/26/2001 02:22:41 PM »
# (« … le … » in French) then « To: » / « A : ». Only the first line below the separator is the sender's (`_NOTES_FROM`,
# read there and nowhere else): a « De : » lower down is the text of the mail forwarded, its sender's writing.
_EOL = r"(?=\r?\n|\r?\Z)"  # the end of a line, LF or CRLF (`$` is before LF only: mail text is CRLF)
_NOTES_MARK = re.compile(
    r"(?<!-)-{3,}[^\S\r\n]*(?:transf[ée]r[ée][^\S\r\n]+par|forwarded[^\S\r\n]+by)[^\S\r\n][^\r\n]{0,300}?"
    rf"(?:-{{3,}}[^\S\r\n]*{_EOL}|\r?\n[^\r\n-]{{0,80}}-{{3,}}[^\S\r\n]*{_EOL})", re.IGNORECASE)
_NOTES_FROM = re.compile(
    r"(?:[^\S\r\n]*\r?\n)*[^\S\r\n]*(?:(?:de|from)[^\S\r\n]*:[^\S\r\n]*([^\r\n]+)|"
    rf"([^\r\n]{{0,300}}<[^<>\r\n]+>)[^\S\r\n]+(?:on|le)[^\S\r\n]+\d[^\r\n]*){_EOL}", re.IGNORECASE)
# Orange's webmail (Mail Orange) forwards under its « ----- Message transféré ----- » line the mail quoted, its header
# first: « > Message du 30/11/26 10:12 » / « > De : "Jeanne Roux" <jeanne@orange.fr> » / « > A : … » / « > Copie à : »
# / « > Objet : … » (as the town's staff report it: no public sample was found; its HTML, read as text, has no « > »).
# The sender is the line right below « Message du » (`_ORANGE_FROM`, read there only); read as any separator's, the
# quoted line was no « De : » line at all, and the forward named nobody: the colleague's own mail, ignored, the
# application lost.
_ORANGE_MARK = re.compile(r"(?<!-)-{2,}[^\S\r\n]*message transf[ée]r[ée][^\S\r\n]*-{2,}"
                          r"(?=[^\S\r\n]*(?:\r?\n[^\S\r\n]*)+(?:>[^\S\r\n]*)?message du[^\S\r\n]+\d)", re.IGNORECASE)
# The same « Message du » block with no separator line above it (a line of « = » instead, or none: the colleague cut
# it, or an HTML part read as text lost it), under a forward's subject only: read the same way, right below it
_ORANGE_BLOCK = re.compile(r"^(?=>?[^\S\r\n]*message du[^\S\r\n]+\d[^\r\n]*\r?\n>?[^\S\r\n]*(?:de|from)[^\S\r\n]*:)",
                           re.IGNORECASE | re.MULTILINE)
_ORANGE_FROM = re.compile(r"(?:[^\S\r\n]*\r?\n)*[^\S\r\n]*(?:>[^\S\r\n]*)?message du[^\S\r\n]+\d[^\r\n]*\r?\n"
                          rf">?[^\S\r\n]*(?:de|from)[^\S\r\n]*:[^\S\r\n]*([^\r\n]+){_EOL}", re.IGNORECASE)
# Yahoo Mail's text part is its HTML flattened: the forward's header block is one line, its fields run together
# (« ----- Message transmis ----- De : Jeanne Roux <jeanne@…>À : "c.martin@…" <c.martin@…>Cc : …Envoyé : …Objet : … »,
# « ----- Forwarded Message ----- From: …To: …Sent: …Subject: … » in English: crisp-oss/email-forward-parser's
# yahoo_fr_body.txt and yahoo_en_body.txt). The sender is what follows « De : » on the mark's own line, up to its
# address's « > » (`_YAHOO_FROM`, read there only): read as any separator's, the « De : » starting no line was never
# found, the forward named nobody, and in English, with nothing readable below, it was ignored as the colleague's mail.
_YAHOO_MARK = re.compile(r"(?<!-)-{2,}[^\S\r\n]*(?:message transmis|forwarded message|message transf[ée]r[ée])"
                         r"[^\S\r\n]*-{2,}(?=[^\S\r\n]*(?:de|from)[^\S\r\n]*:[^\r\n]*<)", re.IGNORECASE)
_YAHOO_FROM = re.compile(r"[^\S\r\n]*(?:de|from)[^\S\r\n]*:[^\S\r\n]*([^\r\n<>]{0,300}<[^<>\r\n]+>)"
                         # the next field right after the address (a name holding another's, « "Jeanne <victime@…>"
                         # <mallory@…> », is no sender line at all)
                         r"(?=[^\S\r\n]*(?:[àa]|to|cc|envoy[ée]|sent|date|objet|subject)[^\S\r\n]*:|[^\S\r\n]*(?:\r?\n|\Z))",
                         re.IGNORECASE)
# Outlook 2019 in French forwarding a plain-text mail writes no header block, only its attribution line (a byte-order
# mark before it when it opens the text) and the mail indented below: « Le 30/11/2026 17:45, « Jeanne Roux »
# <jeanne@…> a écrit : », the name between guillemets and non-breaking spaces (crisp-oss/email-forward-parser's
# « Outlook 2019 (fr) », outlook_2019_fr_body.txt, under « TR: »). Read under a forward's subject only, as Apple's
# quoted block is: in a reply the same line says whose mail is quoted. The mark is its own sender line.
# Each part of the line in characters the next one cannot take (no comma in the date, no guillemet or bracket in the
# name, none in the address): lazy parts that could overlap tried every split of a line full of « , « » < > », 21 s
# for 3,000 such lines in a forward's text.
_OUTLOOK_FR_LINE = (r"le[^\S\r\n][^\r\n,«»<>\[\]]{1,200},[^\S\r\n]*(«[^\r\n«»<>\[\]]{1,300}»[^\S\r\n]*"
                    r"[<\[][^\r\n<>\[\]]{1,300}[>\]])[^\S\r\n]*a[^\S\r\n]+[ée]crit[^\S\r\n]*:")
_OUTLOOK_FR_MARK = re.compile(rf"^\ufeff?[^\S\r\n]*(?={_OUTLOOK_FR_LINE})", re.IGNORECASE | re.MULTILINE)
_OUTLOOK_FR_FROM = re.compile(_OUTLOOK_FR_LINE, re.IGNORECASE)
# Proton Mail's web client writes its `ORIGINAL_MESSAGE` line (in English whatever the language, its hyphens U+2010
# HYPHEN in the versions seen in public mail: « ‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐ ») above a forward as above a reply,
# then its attribution, « Le lundi 30 novembre 2026 à 17:45, Jeanne Roux <jeanne@…> a écrit : » (« On …, … wrote: »),
# and the mail quoted (ProtonMail/WebClients' messageDraft.ts `generateBlockquote`): no « De : » line under it, the
# forward named nobody. Its sender is that attribution, right below the line (`_ATTRIBUTION_FROM`); read under a
# forward's subject only (a reply's says whose mail is quoted).
_PROTON_MARK = re.compile(r"^[^\S\r\n]*[-\u2010]{7}[^\S\r\n]*(?:original message|forwarded message)[^\S\r\n]*"
                          r"[-\u2010]{7}(?=[^\S\r\n]*(?:\r?\n[^\S\r\n]*)+(?:le|on)[^\S\r\n][^\r\n]{1,200}?"
                          r"(?:a[^\S\r\n]+[ée]crit|wrote)[^\S\r\n]*:)", re.IGNORECASE | re.MULTILINE)
_ATTRIBUTION_FROM = re.compile(r"(?:[^\S\r\n]*\r?\n)*[^\S\r\n]*(?:le|on)[^\S\r\n][^\r\n<>]{1,200}?,[^\S\r\n]*"
                               r"([^\r\n,<>]{0,200}<[^<>\r\n]+>)[^\S\r\n]*(?:a[^\S\r\n]+[ée]crit|wrote)[^\S\r\n]*:",
                               re.IGNORECASE)
# A sender line's link in a text part made from HTML: its words, then its target in angle brackets, with no space
# (Outlook's « Jeanne Roux<mailto:jeanne@…> », as its « www.x.fr<http://www.x.fr> ») or one (« Jeanne Roux
# <mailto:jeanne@…> »). When the words are a name, as in an HTML header block naming the sender by a link alone, the
# target is the sender's address; read as another link's target (headers.py `_LINK_TARGET`, Outlook's « jeanne@…
# <mailto:jeanne@…> ») it was dropped, and the forward named nobody.
# eM Client (8 and later) writes « ------ Original Message ------ » (six dashes; « ------ Message d'origine ------ » in
# French), then one line per field with no colon between label and value: « De "Jeanne Roux" <jeanne@…> », « À … »,
# « Date 30/11/2026 17:45:12 », « Objet … » (tests/seventeenthmail.py `em_client`, remembered, no public sample): read
# as any separator's, no « De : » line was found and the forward named nobody. Its sender is the line right below
# the separator, « De » or « From », a space, and a name with its address (`_EMCLIENT_FROM`, read there only).
_EMCLIENT_MARK = re.compile(r"^[^\S\r\n]*-{6}[^\S\r\n]*(?:original message|message d['’]origine)[^\S\r\n]*-{6}"
                            r"(?=[^\S\r\n]*(?:\r?\n[^\S\r\n]*)+(?:de|from)[^\S\r\n]+[^:\r\n]{0,300}<[^<>\r\n]+>"
                            r"[^\S\r\n]*(?:\r?\n|\Z))", re.IGNORECASE | re.MULTILINE)
_EMCLIENT_FROM = re.compile(rf"(?:[^\S\r\n]*\r?\n)*[^\S\r\n]*(?:de|from)[^\S\r\n]+([^:\r\n]{{0,300}}<[^<>\r\n]+>)"
                            rf"[^\S\r\n]*{_EOL}", re.IGNORECASE)
_LINKED_NAME = re.compile(r"<mailto:([^<>\s?]{1,320})(?:\?[^<>\s]{0,320})?>", re.IGNORECASE)
# GroupWise's attribution, above a mail it forwards inline (and answers): the sender and the date between « >>> »
# (« >>> "Jeanne Roux" <jeanne@…> 30/11/2026 17:45 >>> », « … 11/30/2026 5:45 PM >>> »), nothing else on the line,
# the mail unmarked below it. Read under a subject that says the mail is a forward only: in an answer it names whom
# is answered
_GROUPWISE_FROM = re.compile(r"^>>>[^\S\r\n]+([^\r\n]{1,300}?<[^<>\r\n]+>)[^\S\r\n]+\d{1,2}/\d{1,2}/\d{2,4}"
                             r"[^\S\r\n]+\d{1,2}:\d{2}(?::\d{2})?(?:[^\S\r\n]*[AP]M)?[^\S\r\n]+>>>[^\S\r\n]*(?=\r?$)",
                             re.IGNORECASE | re.MULTILINE)
# Nextcloud Mail writes a forward as it writes a reply (nextcloud/mail src/ReplyBuilder.js `buildReplyBody`): one
# line, « "Name" address – date » (the name between quotes, the address bare, an en dash, the date in the reader's
# words: « 30 novembre 2026 à 17:45 »), then the mail in a blockquote (« > » in the text made from it); no forward
# words, no « De : » line: the forward named nobody. Read under a subject that says the mail is a forward only (in an
# answer it names whom is answered), with a digit in the date and the quoted mail right below.
# Nextcloud writes the name as the sender's `From` has it, raw, into the HTML (« "${from.label}" »): the name is the
# outsider's to choose, and it wrote the line, or lines above it. A name closing the quotes (« Jeanne" victime@… – 1
# "x ») made the line « "Jeanne" victime@… – 1 "x" mallory@… – 30 novembre… », read as the victim's; one with markup
# (« <br> », « <blockquote> ») wrote a line of its own naming the victim above Nextcloud's, or another program's
# forward block there, or broke Nextcloud's line so that the sender's own mail quoted below was read (attack30). So
# the date holds no quote, bracket or « @ », and the line is believed only as the one line of the text that ends as
# Nextcloud ends it (`_NEXTCLOUD_TAIL`: « " address – date » above a quote, wherever its line starts) and as the first
# sender line read: any other such ending, or any sender line above it, and the forward names nobody
_NEXTCLOUD_DATE = r'[^\S\r\n]+\u2013[^\S\r\n]+[^\d\r\n"<>@]{0,60}\d[^\r\n"<>@]{0,60}(?=(?:\r?\n[^\S\r\n]*)+>)'
_NEXTCLOUD_FROM = re.compile(r'^[^\S\r\n]*("[^"\r\n]{0,200}"[^\S\r\n]+[^\s"<>@]{1,64}@[^\s"<>@]{1,255})'
                             + _NEXTCLOUD_DATE, re.MULTILINE)
_NEXTCLOUD_TAIL = re.compile(r'"[^\S\r\n]+[^\s"<>@]{1,64}@[^\s"<>@]{1,255}' + _NEXTCLOUD_DATE)
_ANCHORED = (_NOTES_FROM, _ORANGE_FROM, _YAHOO_FROM, _OUTLOOK_FR_FROM, _ATTRIBUTION_FROM,
             _EMCLIENT_FROM, _GROUPWISE_FROM, _NEXTCLOUD_FROM)  # read at their mark only
# separators read their own way only, never as another's found at their place
_OWN_WAY = (_ORANGE_FROM, _YAHOO_FROM, _ATTRIBUTION_FROM, _EMCLIENT_FROM, _GROUPWISE_FROM, _NEXTCLOUD_FROM)


def says_forward(subject: str) -> bool:
    """Whether a subject says its mail is a forward (« TR: », « Fwd: », « WG: », a list's tag before it)."""
    return bool(_FORWARD_SUBJECT.match(subject))


class _Forwards(NamedTuple):
    """What a message's forwards say of their senders (`_forwarded_from`; the Message fields of the same names)."""
    senders: tuple[tuple[str, str], ...]  # (name, address), the one staff forwarded first
    unread: str  # the sender line, naming no address, at which the reading of the message's own forwards stopped
    read: tuple[str, ...]  # the addresses read above that line
    below: tuple[str, ...]  # the addresses named below it (never believed)
    guessed: bool  # read from a header block under a subject that does not say the mail is a forward
    enclosed: tuple[Enclosed, ...] = ()  # the messages attached whole, the first MAX_FORWARDS
    enclosed_unread: bool = False  # more were attached whole (Message.enclosed_unread)


def _forwarded_from(parts: Any, tree: StdMessage, text: str, attachments: tuple[Attachment, ...] = (),
                    raw: bytes = b"") -> _Forwards:
    """Senders of forwarded messages, the one staff forwarded first: inline forwards in the message's own text
    ("---------- Message transféré ---------", "-----Original Message-----", Zimbra's "----- Mail transféré -----"
    (Free, SFR), Roundcube's "-------- Message original --------", Mutt's "----- Début du message transféré de … -----"
    (its sender named on the line too; the "From:" below read), Apple's "Début du message réexpédié :" (its block
    quoted, `_APPLE_MARK`), Outlook's line of underscores) whose first "De :" / "From:" line names them; HCL Notes'
    "----- Transféré par … -----" and Orange's "> Message du …" whose very next sender line does (`_ANCHORED`); the
    outermost first; then attached
    message/rfc822 parts and attached Outlook items (.msg, a mail dragged out of Outlook); then inline forwards in
    the text of those attached messages.

    The message's own inline forward comes before the attached messages: forwarded inline, a mail keeps its files,
    and an outsider's mail forwarded by staff carried its own attached .msg or .eml, whose sender (anyone's
    address: nothing in it is authenticated) then came first and was filed, acknowledged and answered as the
    applicant. A message forwarded as an attachment has no inline forward of its own: its sender comes first, and
    a forward block written in its text comes after it.

    Also the sender line at which the reading of the message's own forwards stopped (one that names no address), the
    addresses read above it, and those named below it (by forward blocks and attached messages: never believed, a sign
    that what was forwarded came from outside); and whether the senders were read from a header block under a subject
    that does not say the mail is a forward (core/forward.py: for staff to check, nobody written to)."""
    own = _own_text(tree)
    unread: list[str] = []  # the sender line, naming no address, at which the reading of the own forwards stopped
    beyond: list[tuple[str, str]] = []  # the senders forward blocks name below that line
    found = _inline_forwards(own, tree, unread=unread, beyond=beyond)
    if unread and not found:
        found = _named_in_html(tree, own, unread, beyond)
    if not found and not unread:
        found = _read_in_html_of_one_line(tree, own, unread, beyond)
    attached: list[tuple[str, str]] = []
    enclosed: list[Enclosed] = []
    beyond_cap = False  # a message attached whole beyond the first MAX_FORWARDS: its arrival is not read
    rfc822 = (inner for part in parts if part is not tree and part.get_content_type().lower() == "message/rfc822"
              for inner in (part.get_payload() if part.is_multipart() else []))
    for inner in chain(rfc822, islice(_attached_emls(attachments, raw), MAX_FORWARDS + 1)):
        senders = parse_addresses([_unescape(str(v)) for v in inner.get_all("from", [])])
        attached.extend(senders)
        if len(enclosed) < MAX_FORWARDS:
            enclosed.append(_enclosed(inner, senders))
        else:
            beyond_cap = True
    items = list(islice(_outlook_items(attachments, raw), MAX_FORWARDS + 1))
    beyond_cap = beyond_cap or len(items) > MAX_FORWARDS
    for content in items[:MAX_FORWARDS]:
        sender = msg_sender(content)
        if sender is not None:
            attached.append(sender)
            if len(enclosed) < MAX_FORWARDS:  # the header block it arrived with, as an .eml's
                head = HeaderParser(policy=compat32).parsestr(msg_transport_headers(content), headersonly=True)
                enclosed.append(_enclosed(head, [sender]))
            else:
                beyond_cap = True
    if attached and not found:
        # Outlook's « De : / Envoyé : » block (no separator line) under a subject staff rewrote (no « TR: »): the
        # mail it forwards inline is that sender's, and the .eml attached to it too (its `From`, anyone's address,
        # was filed and acknowledged: an attacker's review)
        unread.clear()
        beyond.clear()
        found = _inline_forwards(own, tree, blocks=True, unread=unread, beyond=beyond)
    subject = decoded_header(_first(tree, "subject"))
    guessed: list[tuple[str, str]] = []
    if not found and not attached and not _FORWARD_SUBJECT.match(subject) and not _REPLY_SUBJECT.match(subject):
        # a subject the colleague rewrote (no « TR: »), and Outlook for Windows or Mac, or Apple Mail on a Mac, which
        # write no separator line above the forwarded header: the mail was the colleague's own, ignored, its files
        # unread. Their block is a forward's unless the mail is written to the person it names (a reply whose subject
        # was rewritten quotes the mail it answers, and is addressed to its writer); but under such a subject nothing
        # says the mail program wrote the block (text pasted into a new mail, an outsider's fake block in it): it is
        # read for staff to check, nobody written to (`guessed`)
        guess_unread: list[str] = []
        guess_beyond: list[tuple[str, str]] = []
        guessed = _inline_forwards(own, tree, blocks=True, unread=guess_unread, beyond=guess_beyond)
        recipients = {a for _n, a in (*_addresses(tree, "to"), *_addresses(tree, "cc"))}
        if not any(normal_address(a) in recipients for _n, a in guessed):
            found, unread[:], beyond[:] = list(guessed), guess_unread, guess_beyond
        else:
            guessed = []
    above = _addresses_of(found) if unread else ()
    below = _addresses_of(beyond + attached) if unread else ()
    found.extend(attached)
    found.extend(_inline_forwards(text or "", tree))
    out = []
    for name, addr in found:
        addr = normal_address(addr)
        if is_address(addr):
            out.append((decoded_header(name), addr))
    return _Forwards(tuple(dict.fromkeys(out)), unread[0] if unread else "", above, below, bool(guessed),
                     tuple(enclosed), beyond_cap)


def _named_in_html(tree: StdMessage, own: str, unread: list[str],
                   beyond: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The forward's sender its HTML part names, when its text part's sender line names them by name alone: Outlook
    Express and Windows Live Mail write the forwarded sender as a link in the HTML (« <b>De :</b> <a
    href="mailto:jeanne@…">Jeanne Roux</a> ») and its words alone in the text part they make from it (« De : Jeanne
    Roux »): the forward named nobody, and went to staff to name the applicant. Believed only when the HTML's
    reading stops nowhere and its outermost sender bears the very name the text's line gave (the same forward, read
    in the part that kept the address); else `unread` and `beyond` stay as the text left them."""
    parts = _own_parts(tree)
    if not parts["text/html"] or own.strip() != "\n".join(parts["text/plain"]).strip():
        return []
    html_unread: list[str] = []
    html_beyond: list[tuple[str, str]] = []
    found = _inline_forwards(_own_html_text(parts), tree, unread=html_unread, beyond=html_beyond)
    if not found or html_unread or " ".join(found[0][0].split()).casefold() != " ".join(unread[0].split()).casefold():
        return []
    unread.clear()
    beyond[:] = html_beyond
    return found


def _read_in_html_of_one_line(tree: StdMessage, own: str, unread: list[str],
                              beyond: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The forwards the HTML part names, when the text part is one line: iCloud's web mail (since 2024) makes its
    text part by joining the HTML's lines with a space, its forward's « Début du message réexpédié : » and « De: … »
    lines in the middle of that line, where no mark is read: the forward named nobody and went to staff to name the
    applicant. The HTML (one <div> per line), written by the same program, is read as a text part would be."""
    parts = _own_parts(tree)
    if not parts["text/html"] or "\n" in own.strip() or own.strip() != "\n".join(parts["text/plain"]).strip():
        return []
    return _inline_forwards(_own_html_text(parts), tree, unread=unread, beyond=beyond)


MAX_AUTH_VALUES = 5  # values of each authentication header field kept of an attached message (the topmost counts)


def _enclosed(inner: StdMessage, senders: list[tuple[str, str]]) -> Enclosed:
    """An attached message's sender and the header fields servers wrote of its authentication on its arrival: a
    colleague's forward « as an attachment » of an outsider's mail keeps what the town's server said of it."""
    addresses = [a for a in (normal_address(a) for _n, a in senders) if is_address(a)]
    headers = {name: tuple((as_written(v) if name in WRITTEN else decoded_header(_unescape(str(v))))[:MAX_DECODED]
                           for v in values[:MAX_AUTH_VALUES])
               for name in AUTH_FIELDS if (values := inner.get_all(name, []))}
    fields = inner.get_all("from", [])
    if len(fields) > 1:  # core/trust.py `sender_check`: the server checked one field only
        headers["from"] = tuple(decoded_header(_unescape(str(v)))[:MAX_DECODED] for v in fields[:MAX_AUTH_VALUES])
    return Enclosed(addresses[0] if addresses else "", tuple(dict.fromkeys(addresses[1:])), headers)


def _addresses_of(senders: list[tuple[str, str]]) -> tuple[str, ...]:
    read = (normal_address(a) for _n, a in senders)
    return tuple(dict.fromkeys(a for a in read if is_address(a)))


def _inline_forwards(text: str, tree: StdMessage, blocks: bool = False, unread: list[str] | None = None,
                     beyond: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """The senders the inline forwards in `text` name, the outermost first (a forward of a forward).

    Everything below the outermost forward's own header lines was written by its sender, fake forward blocks
    included (« -------- Message transféré -------- / De : victime@… » in the text of the mail a colleague
    forwards): a forward whose sender line cannot be read stops the reading there, never falls through to a block
    below it (that block's address was filed as the applicant and acknowledged, an attacker's review). So a line of
    Outlook's header block (« De : / Envoyé : », no separator line) counts with the separator lines, in the order
    they come, and a sender line cut by FORWARD_FROM_WITHIN (a display name of 2,000 characters) is no sender: cut,
    « Nom <victime@gmail.com.evil.example> » read as victime@gmail.com. `blocks`: Outlook's and Apple's blocks are
    read whatever the subject says. `unread`: given, it gets the sender line at which the reading stopped, one that
    names nobody readable (Outlook's « De : DUPONT Marc », a colleague of the same Exchange organisation, above the
    applicant's block in a forward of a forward, or of a forward of one): core/forward.py files such a forward for
    staff when no outsider was read above that line, never ignores it as the colleague's own mail. `beyond`: given,
    it gets the senders the forward blocks below that line name (never believed: whether anyone outside is there)."""
    found: list[tuple[str, str]] = []
    subject = decoded_header(_first(tree, "subject"))
    forward = blocks or bool(_FORWARD_SUBJECT.match(subject))
    nextcloud: dict[int, int] = {}  # Nextcloud's lines, by where they start: where they end
    tails: list[int] = []  # where the text's first two lines ending as Nextcloud ends its line end
    if not forward and _REPLY_SUBJECT.match(subject):
        return found
    marks = [(m.end(), _ORANGE_FROM) for m in islice(_ORANGE_MARK.finditer(text), MAX_FORWARDS)]  # read first
    marks += [(m.end(), _YAHOO_FROM) for m in islice(_YAHOO_MARK.finditer(text), MAX_FORWARDS)]
    marks += [(m.end(), _EMCLIENT_FROM) for m in islice(_EMCLIENT_MARK.finditer(text), MAX_FORWARDS)]
    marks += [(m.end(), _FORWARD_FROM) for m in islice(_FORWARD_MARK.finditer(text), MAX_FORWARDS)]
    marks += [(m.end(), _NOTES_FROM) for m in islice(_NOTES_MARK.finditer(text), MAX_FORWARDS)]
    if forward or marks:  # in a reply, Outlook's block above a forward block quotes the mail that held it
        marks += [(m.start(), _FORWARD_FROM) for m in islice(_HEADER_BLOCK.finditer(text), MAX_FORWARDS)]
    if forward:
        marks += [(m.end(), _APPLE_FROM) for m in islice(_APPLE_MARK.finditer(text), MAX_FORWARDS)]
        marks += [(m.end(), _OUTLOOK_FR_FROM) for m in islice(_OUTLOOK_FR_MARK.finditer(text), MAX_FORWARDS)]
        marks += [(m.start(), _GROUPWISE_FROM) for m in islice(_GROUPWISE_FROM.finditer(text), MAX_FORWARDS)]
        nextcloud = {m.start(): m.end() for m in islice(_NEXTCLOUD_FROM.finditer(text), MAX_FORWARDS)}
        marks += [(start, _NEXTCLOUD_FROM) for start in nextcloud]
        tails = [m.end() for m in islice(_NEXTCLOUD_TAIL.finditer(text), 2)]
        marks[:0] = [(m.end(), _ATTRIBUTION_FROM) for m in islice(_PROTON_MARK.finditer(text), MAX_FORWARDS)]
        marks[:0] = [(m.end(), _ORANGE_FROM) for m in islice(_ORANGE_BLOCK.finditer(text), MAX_FORWARDS)]
    readers: dict[int, list[re.Pattern[str]]] = {}  # one mark may be read two ways (Apple's: « > De: » quoted)
    for start, sender_line in sorted(marks, key=lambda mark: mark[0]):
        ways = readers.setdefault(start, [])
        if not any(way in _OWN_WAY for way in ways):  # Orange's, Yahoo's: their own way only
            ways.append(sender_line)
    stopped = False
    for index, (start, ways) in enumerate(readers.items()):
        # a text ending a line as Nextcloud ends its own: that line, the only one, is the first sender line read, or
        # the sender's name wrote what is above it (`_NEXTCLOUD_TAIL`)
        forged = not index and tails and (len(tails) > 1 or nextcloud.get(start) != tails[0])
        senders = None if forged else next(filter(None, (_sender_at(text, start, way) for way in ways)), None)
        if stopped:
            if senders and beyond is not None:
                beyond.extend(senders)
        elif senders is None:  # the outer forward names nobody readable: what is below it is its sender's text
            line = _sender_line(text, start, ways[0])
            if unread is not None:
                # quoted to staff (the case's « À voir », the digest, the console): one line, without the format
                # characters a sender's text may hold (« De : SECR U+202E 1000-6202-CSB » showed another case's
                # reference, « BSC-2026-0001 », and turned the rest of the digest's line around)
                unread.append(one_line(_said(line))[:80] or "(aucun nom)")
            if beyond is None:
                break
            stopped = True
        else:
            found.extend(senders)
    return found


def _sender_at(text: str, start: int, sender_line: re.Pattern[str]) -> list[tuple[str, str]]:
    """The senders the first sender line within FORWARD_FROM_WITHIN of `start` names; [] when there is none, when the
    line runs past that window (cut, « Nom <victime@gmail.com.evil.example> » read as victime@gmail.com), or when it
    names no address, or more than one: a mail program writes the sender's display name as it is, and a name that is
    another's address (« "Jeanne <victime@…>" <mallory@…> ») made the line « De : Jeanne <victime@…> <mallory@…> »,
    whose first address was taken for the original sender (an attacker's review: the victim acknowledged)."""
    end = start + FORWARD_FROM_WITHIN
    line = _sender_line(text, start, sender_line)
    if line is None or (line.end() == end and end < len(text) and text[end] not in "\r\n"):
        return []
    said = _said(line).replace("[mailto:", "<").replace("]", ">")
    links = _LINKED_NAME.findall(said, 0, FORWARD_FROM_WITHIN)[:2]
    if len(links) == 1 and "@" not in said[:said.lower().find("<mailto:")]:  # a name, then its link's target
        said = _LINKED_NAME.sub(lambda link: f" <{link.group(1)}>", said)
    if sender_line is _NEXTCLOUD_FROM:  # « "Jeanne Roux" jeanne@… »: the address bare after the quoted name
        name, _sp, address = said.rpartition(" ")
        said = f"{name} <{address}>"
    if sender_line is _OUTLOOK_FR_FROM:  # « Jeanne Roux » <…>: the name between guillemets, as a quoted one
        said = re.sub(r"«[^\S\r\n]*", '"', re.sub(r"[^\S\r\n]*»", '"', said, count=1), count=1).replace("[", "<")
    senders = parse_addresses([said])
    named = {a.strip().lower() for _name, a in senders if is_address(a.strip().lower())}
    # both spelt one way (the root's dot, a quoted local part: « <jeanne@x.example.> » named nobody)
    if "<" in said and named and _last_bracket(said) != {normal_address(a).lower() for a in named}:
        return []
    return senders if len(named) == 1 else []


def _last_bracket(said: str) -> set[str]:
    """The addresses a sender line's last angle brackets hold (link targets included: Outlook's « <mailto:…> »,
    SnappyMail's « <address mailto:…?to=…> »). Every mail program writes the sender's address last, in those brackets;
    what comes before is the name, the sender's to choose. A name closing the quotes its program puts around it
    (SnappyMail writes it as it is: « "Jeanne" <victime@…> mailto:" <mallory@… mailto:… > », its last quote
    swallowing the address), or the words of a link that are another address than its target (« victime@…
    <mailto:mallory@…> », a header block naming the sender by a link on their name), named the victim (attack30):
    the address read must be the one the brackets hold, and it alone."""
    start = said.rfind("<")
    end = said.find(">", start)
    words = said[start + 1:end if end >= 0 else len(said)].split()
    return {normal_address(unquote(w[7:] if w.lower().startswith("mailto:") else w).split("?", 1)[0]).lower()
            for w in words} if end >= 0 else set()


def _sender_line(text: str, start: int, sender_line: re.Pattern[str]) -> re.Match[str] | None:
    """The first sender line within FORWARD_FROM_WITHIN of `start`; for a mark whose sender line is the one right below
    it (`_ANCHORED`: HCL Notes, Orange), that line or none."""
    end = start + FORWARD_FROM_WITHIN
    return (sender_line.match if sender_line in _ANCHORED else sender_line.search)(text, start, end)


def _said(line: re.Match[str] | None) -> str:
    """What a sender line says of its sender (the group it matched), "" when there is no line."""
    return next((g for g in line.groups() if g is not None), "") if line is not None else ""


def _own_text(tree: StdMessage) -> str:
    """The plain text the message itself carries, without that of the messages attached to it (message/rfc822);
    without a plain-text part, the text of its HTML (the first HTML_READ characters), as for the whole message."""
    out = _own_parts(tree)
    text = "\n".join(out["text/plain"])
    if not text.strip():
        # a link naming the sender by name, its address only the target (« De : <a href="mailto:…">Jeanne Roux</a> »)
        # gives that address, as a sender line writes it (core/htmltext.py)
        text = _own_html_text(out)
    return text


def _own_html_text(parts: dict[str, list[str]]) -> str:
    return html_as_text("\n".join(parts["text/html"])[:HTML_READ], mailto=True)


def _own_parts(tree: StdMessage) -> dict[str, list[str]]:
    """The decoded text and HTML parts the message itself carries (not those of the messages attached to it)."""
    out: dict[str, list[str]] = {"text/plain": [], "text/html": []}
    stack = [tree]
    while stack:
        part = stack.pop()
        ctype = part.get_content_type().lower()
        if ctype == "message/rfc822":
            continue
        if part.is_multipart():  # not get_payload() of a leaf: see above `_report`
            stack.extend(p for p in reversed(list(part.get_payload())) if isinstance(p, StdMessage))
        elif ctype in out and part.get_content_disposition() != "attachment":
            decoded = body_text(part)
            if ctype == "text/plain" and str(part.get_param("format", "")).lower() == "flowed":
                decoded = unflowed(decoded, str(part.get_param("delsp", "")).lower() == "yes")
            out[ctype].append(decoded)
    return out


def unflowed(text: str, delsp: bool = False) -> str:
    """Text sent `format=flowed` (RFC 3676: Thunderbird's plain text) as it was written: a line that ends with a
    space was cut by the mail program and goes on in the next one (of the same quoting depth); one leading space
    was added to lines that start with a space, ">" or "From ". Thunderbird cuts lines at 72 characters, so a
    forwarded « De : » line naming a long name and address had the address on a line of its own: the forward's
    sender was found nowhere and the application, forwarded by staff, was ignored as their own mail."""
    out: list[str] = []
    carry = ""
    carry_depth = -1
    for line in text.split("\n"):
        line = line[:-1] if line.endswith("\r") else line
        depth = len(line) - len(line.lstrip(">"))
        body = line[depth:]
        body = body[1:] if body.startswith(" ") else body  # space-stuffing
        if carry and depth != carry_depth:  # a soft break never joins lines of two quoting depths
            out.append(carry)
            carry = ""
        start = carry if carry else ">" * depth + (" " if depth and body else "")
        if body.endswith(" ") and body != "-- ":  # a soft line break
            carry, carry_depth = start + (body[:-1] if delsp else body), depth
        else:
            out.append(start + body)
            carry = ""
    if carry:
        out.append(carry)
    return "\n".join(out)


_EML_NAMES = (".eml", ".822")


def _attached_emls(attachments: tuple[Attachment, ...], raw: bytes) -> Iterator[StdMessage]:
    """The header blocks of messages attached whole as files of another declared type (GroupWise's « Mime.822 »,
    which some of its agents declare application/octet-stream; an .eml saved and attached): read as a message/rfc822
    part's are (a message/rfc822 part is never a file here). One given by its place in `raw` is decoded only when its
    name says it is a message. Not one uuencoded in a text body (`Attachment.in_text`): a reply quotes the text it
    answers, uuencoded blocks with it, and an inline forward in a layout no reading knows copies the forwarded text
    whole; a mail « from » anyone, uuencoded in an outsider's text, made the colleague's reply or forward a trusted
    forward of whomever it named (attack26). A mail forwarded whole is a MIME part or an attached file, and never a
    picture the HTML shows (`cid:`): an HTML reply keeps those of the mail it quotes, and an outsider's « picture »
    whose bytes were a mail « from » the victim made a colleague's reply the victim's forward the same way."""
    for att in attachments:
        if att.in_text or att.referenced_in_html:
            continue
        content = att.content
        if not content and att.region and att.filename.lower().endswith(_EML_NAMES):
            content = binascii.a2b_base64(memoryview(raw)[att.region[0]:att.region[1]])
        if content and detect_type(content) == "eml":
            yield BytesHeaderParser(policy=compat32).parsebytes(content[:MAX_HEADER_BYTES], headersonly=True)


def _outlook_items(attachments: tuple[Attachment, ...], raw: bytes) -> Iterator[bytes]:
    """The bytes of the attached Outlook items; one given by its place in `raw` (`spans`) is decoded (checked
    strict by the parse) only when its name or declared type says it is one. Not one uuencoded in a text body, nor a
    picture the HTML shows (see `_attached_emls`)."""
    for att in attachments:
        if att.in_text or att.referenced_in_html:
            continue
        content = att.content
        if not content and att.region and (att.filename.lower().endswith(".msg")
                                           or att.declared_type == "application/vnd.ms-outlook"):
            content = binascii.a2b_base64(memoryview(raw)[att.region[0]:att.region[1]])
        if content.startswith(OLE_MAGIC) and detect_type(content) == "msg":
            yield content
