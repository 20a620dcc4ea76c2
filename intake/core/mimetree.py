"""The MIME tree of a message (core/parse.py): parsed under a part budget, large bodies elided, files walked.

See core/parse.py's docstring for why and how: `PartBudget` counts the parts the stdlib parser makes,
`_elide`/`_restore` keep large base64 bodies out of it, `_attachments` takes the files from the tree.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import hashlib
import quopri
import re
import unicodedata
from collections.abc import Iterator
from email.feedparser import BytesFeedParser
from email.message import Message as StdMessage
from typing import Any, cast

from intake.core.charset import charset_name
from intake.core.french import size
from intake.core.headers import _unescape, as_windows_1252, declared_charset, decoded_header, normalise_message_id
from intake.core.message import Attachment, Flag
from intake.core.uuencoded import uuencoded_files
from intake.errors import OverLimit

_BODY_TYPES = ("text/plain", "text/html")
_MAX_FORWARD_DEPTH = 5
MAX_PARTS = 1000  # default limit on MIME parts (config: [limits] max_parts)
# Matched on the lower-cased message (bytes.lower changes A-Z only, so offsets are the same): without
# IGNORECASE the regex engine finds the literal "boundary" by a fast search instead of trying every position.
# (any length up to a delimiter line's bound: the stdlib parser honours one of 201 characters, past RFC 2046's 70)
_BOUNDARY_PARAM = re.compile(rb'boundary\s*=\s*(?:"([^"\r\n]{1,998})"|([^\s;"]{1,998}))')
# a boundary as RFC 2231 writes it: boundary*N= (a section), boundary*= or boundary*N*= (encoded)
_BOUNDARY_2231 = re.compile(rb'boundary\*(\d{1,2})?(\*)?\s*=\s*(?:"([^"\r\n]{0,998})"|([^\s;"]{0,998}))')
_PERCENT = re.compile(rb"%([0-9a-fA-F]{2})")
# matched at the start of a line; what follows "--" up to the line end, its trailing blanks to strip (`_delimiter`):
# possessive, as a lazy quantifier tried the line end after each character (20 µs a line of 200: 5 s for a 50 MB
# message of them)
_DELIMITER = re.compile(rb"--([^\r\n]{1,1000}+)(?=[\r\n]|\Z)")
FEED_BYTES = 64 * 1024  # the parser is fed this much at a time: it stops within one chunk of the limit


MAX_HEADER_BYTES = 1_000_000  # default limit on the bytes of header fields, all parts together ([limits])


class PartBudget:
    """The stdlib parser's message factory: it counts every part (message, multipart, leaf, status block)
    the parser makes, and raises OverLimit at the first one past `limit`. One budget may serve several
    parses (a message and the forwarded messages decoded inside it): they share the limit. It also counts
    the bytes of the header fields the parser reads (`header`, through the parse's policy: `_counting`), and
    raises OverLimit past `max_header_bytes`: a mail server keeps a header block to a few hundred kB
    (Exchange: 256 kB; Postfix: 100 kB a field), and every field costs each later reading of the headers
    (an attacker's review: 9.5 million fields of 5 bytes, 47 MB, took 24 s and 1.5 GB to parse and read)."""

    def __init__(self, limit: int = MAX_PARTS, max_header_bytes: int = MAX_HEADER_BYTES) -> None:
        self.limit, self.made, self.over = limit, 0, False
        self.max_header_bytes, self.header_bytes = max_header_bytes, 0
        self.headers_cut = False  # header blocks over max_header_bytes were cut (parse_tree(partial=))
        self.stop = True  # False: past the limit, parts are still made (`over` is set): see parse_tree(partial=)

    def header(self, length: int) -> None:
        """The parser read a header field of `length` characters."""
        self.header_bytes += length
        if self.header_bytes > self.max_header_bytes:
            self.headers_cut = True
            self.headers_over()

    def headers_over(self) -> None:
        if not self.over:
            self.over = True
            if self.stop:
                raise OverLimit(f"en-têtes de plus de {size(self.max_header_bytes)} (toutes parties ensemble) : "
                                "limite [limits] max_header_bytes")

    def __call__(self, policy: email.policy.Policy = email.policy.compat32) -> StdMessage:
        self.made += 1
        if self.made > self.limit:
            self.over = True
            if self.stop:
                raise OverLimit(f"plus de {self.limit} parties MIME : limite [limits] max_parts")
        factory = policy.message_factory or StdMessage
        return factory(policy=policy)


# A Content-Type or Content-Disposition field (its folded lines together), at the start of any line (a bare CR
# ends lines too, as for the stdlib parser): the stdlib reads their parameters in a time that grows with the square
# of their ";" inside an unclosed quote (100 kB: half a minute), at each of its many reads of them.
_PARAM_FIELD = re.compile(rb"content-(?:type|disposition)[ \t]*:[^\r\n]*(?:(?:\r\n|\r|\n)[ \t][^\r\n]*)*",
                          re.IGNORECASE)
MAX_PARAM_FIELD = 4096  # bytes: a real one, RFC 2231 file name and boundary included, takes well under 1,000
_SCAN = 1 << 20  # bytes lower-cased at a time to find the fields: a copy of the chunk, not of the message


def _bound_param_fields(raw: bytes) -> bytes:
    """`raw` with each Content-Type and Content-Disposition field longer than MAX_PARAM_FIELD cut to that. Found
    with bytes.find (a regular expression tried at every position reads 80 MB/s; this, over 1 GB/s)."""
    out: list[bytes] = []
    at = 0
    for chunk in range(0, len(raw), _SCAN):
        low = raw[chunk:chunk + _SCAN + 8].lower()
        i = low.find(b"content-")
        while 0 <= i < _SCAN:
            start = chunk + i
            if start >= at and (start == 0 or raw[start - 1] in b"\r\n"):
                field = _PARAM_FIELD.match(raw, start)
                if field is not None and field.end() - start > MAX_PARAM_FIELD:
                    out.append(raw[at:start + MAX_PARAM_FIELD])
                    at = field.end()
            i = low.find(b"content-", i + 8)
    return b"".join(out) + raw[at:] if out else raw


_COUNTING: dict[type, Any] = {}


def _counting(policy: email.policy.Policy, budget: PartBudget) -> email.policy.Policy:
    """`policy`, telling `budget` the size of each header field the parser reads (its `header_source_parse`,
    called once a field, is the only place the parser hands one over)."""
    base = type(policy)
    if base not in _COUNTING:
        def header_source_parse(self, sourcelines):  # type: ignore[no-untyped-def]
            self.__dict__["_budget"].header(sum(len(line) for line in sourcelines))
            return base.header_source_parse(self, sourcelines)

        _COUNTING[base] = type("Counting" + base.__name__, (base,), {"header_source_parse": header_source_parse})
    counting: email.policy.Policy = object.__new__(_COUNTING[base])
    counting.__dict__.update(policy.__dict__)
    counting.__dict__["_budget"] = budget
    return counting


# Lines the stdlib parser takes as a header block (email.feedparser's headerRE, each line with its end: CR LF, bare
# CR or bare LF), matched at C speed; possessive, so that a run of millions of lines keeps no backtracking state
_HEADER_RUN = re.compile(rb"(?:(?:From |[\x21-\x39\x3b-\x7e]*+:|[\t ])[^\r\n]*+(?:\r\n|\r|\n))*+")
_EOL = re.compile(rb"\r\n|\r|\n")
_MESSAGE_PART = re.compile(rb"^content-type:[ \t]*message/", re.IGNORECASE | re.MULTILINE)


def _header_block(raw: bytes, start: int, limit: int) -> tuple[int, int]:
    """(where the header block starting at `start` ends, as the stdlib parser sees it; where its lines within
    `limit` bytes end when it is longer, else -1)."""
    whole = _HEADER_RUN.match(raw, start)  # it matches everywhere (zero lines or more)
    end = whole.end() if whole is not None else start
    if end - start <= limit:
        return end, -1
    within = _HEADER_RUN.match(raw, start, start + limit)
    return end, within.end() if within is not None else start


def _cut_header_blocks(raw: bytes, limit: int, max_parts: int = MAX_PARTS) -> tuple[bytes, bool]:
    """`raw` with every header block longer than `limit` bytes cut to its lines within the limit, and whether any
    was: the stdlib parser gathers a whole header block before it reads a field (so before `PartBudget` can count
    one): 47 MB of 5-byte fields took 24 s and 1.5 GB. The blocks looked at: the message's own, each part's (after a
    delimiter line of a declared boundary, the first `max_parts` of them: the parse stops past them), and that of
    the message a message/* part holds."""
    starts = [0]
    if b"\n--" in raw:
        boundaries = _boundaries(raw)
        for found in _delimiter_lines(raw):
            if _delimiter(found) in boundaries:
                eol = _EOL.match(raw, found.end())
                starts.append(eol.end() if eol is not None else found.end())
                if len(starts) > max_parts + 1:
                    break
    cuts: list[tuple[int, int]] = []
    for start in starts:
        for _ in range(_MAX_FORWARD_DEPTH + 1):  # a message/* part: the held message's header block follows
            end, cut = _header_block(raw, start, limit)
            if cut >= 0:
                cuts.append((cut, end))
            if not _MESSAGE_PART.search(raw, start, min(end, start + limit)):
                break
            blank = _EOL.match(raw, end)
            if blank is None:
                break
            start = blank.end()
    if not cuts:
        return raw, False
    out, at = [], 0
    for cut, end in sorted(cuts):
        if cut >= at:
            out.append(raw[at:cut])
            at = end
    return b"".join(out) + raw[at:], True


def parse_tree(raw: bytes, budget: PartBudget | int, policy: email.policy.Policy = email.policy.compat32,
               partial: bool = False) -> StdMessage:
    """The stdlib tree of `raw`, parsed in chunks with `budget` counting its parts and header bytes: OverLimit at
    the first part (or header field) past the limit; with `partial`, the tree of what was parsed up to the chunk
    where the limit was passed (`budget.over` says it is cut)."""
    if isinstance(budget, int):
        budget = PartBudget(budget)
    raw = _bound_param_fields(raw)
    budget.stop = not partial
    raw, cut = _cut_header_blocks(raw, budget.max_header_bytes, budget.limit)
    if cut and not partial:
        budget.headers_over()  # OverLimit
    budget.headers_cut = budget.headers_cut or cut  # with `partial`: the tree of the message with those blocks cut
    made = budget.made
    parser = BytesFeedParser(budget, policy=_counting(policy, budget))
    budget.made, budget.over = made, False  # the parser's constructor tries its factory once
    for at in range(0, len(raw), FEED_BYTES):
        parser.feed(raw[at:at + FEED_BYTES])
        if budget.over:
            break
    return parser.close()


ELIDE_BYTES = 256 * 1024  # base64 bodies of non-text parts from this size are decoded outside the stdlib parser
_PART_HEAD = re.compile(rb"\r?\n\r?\n")
_BASE64_LINES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n"  # all base64 encoders write
_BASE64_CTE = re.compile(rb"^content-transfer-encoding:\s*base64\s*$", re.IGNORECASE | re.MULTILINE)
_CONTENT_TYPE = re.compile(rb"^content-type:\s*([\w!#$&^.+-]+/[\w!#$&^.+-]+)", re.IGNORECASE | re.MULTILINE)


def _boundaries(raw: bytes) -> set[bytes]:
    """Every boundary a Content-Type of the message may declare, as written, and as RFC 2231 writes one the stdlib
    parser honours too: in sections (`boundary*0="a"; boundary*1="b"`) or encoded (`boundary*=''ab`). Those were not
    found: no delimiter line of theirs was known, every one of millions was looked at (6 s for a 50 MB message of
    empty parts), and their parts' header blocks were never cut."""
    low = raw.lower()
    found = set()
    for m in _BOUNDARY_PARAM.finditer(low):
        start, end = m.span(1) if m.group(1) is not None else m.span(2)
        found.add(raw[start:end])
    value = b""
    for m in _BOUNDARY_2231.finditer(low):
        start, end = m.span(3) if m.group(3) is not None else m.span(4)
        section = raw[start:end]
        # encoded (boundary*= or boundary*N*=): charset'language' before the first section's value, %XX escapes
        if m.group(2) or m.group(1) is None:
            if m.group(1) in (None, b"0"):
                section = section.split(b"'", 2)[-1]
            section = _PERCENT.sub(lambda e: bytes([int(e.group(1), 16)]), section)
        if m.group(1) in (None, b"0") and value:
            found.add(value)
            value = b""
        value += section
    if value:
        found.add(value)
    return found


def _delimiter_lines(raw: bytes) -> Iterator[re.Match[bytes]]:
    """The lines that start with "--" (a delimiter line's shape: `_DELIMITER`), in order; found by bytes.find,
    which is many times faster on large bodies than a regex trying every line."""
    line = 0 if raw.startswith(b"--") else _line_after(raw, raw.find(b"\n--"))
    while line >= 0:
        found = _DELIMITER.match(raw, line)
        if found is not None:
            yield found
        line = _line_after(raw, raw.find(b"\n--", found.end() if found is not None else line))


def _delimiter(found: re.Match[bytes]) -> bytes:
    """The boundary a delimiter line names (a closing one's ends in "--": no boundary declared is that)."""
    return found.group(1).rstrip(b" \t")


def _line_after(raw: bytes, newline: int) -> int:
    return newline + 1 if newline >= 0 else -1


def _next_delimiter(raw: bytes, start: int) -> int:
    """Where the line break before the next line starting with "--" begins (its CR, if any); len(raw) if none."""
    at = raw.find(b"\n--", start)
    if at < 0:
        return len(raw)
    return at - 1 if at > start and raw[at - 1] == 0x0D else at


def _elide(raw: bytes, max_parts: int = MAX_PARTS) -> tuple[bytes, dict[bytes, tuple[int, int]]]:
    """The bytes to parse, with each large base64 body of a non-text leaf part replaced by a token line;
    and {token: (start, end)} of the bodies in `raw`. Only a body that directly follows its part's header
    block (itself after a delimiter line of a declared boundary) and is nothing but lines of base64
    letters up to the next line starting with "--" is replaced. Only the first `max_parts` delimiter
    lines are looked at: the parse stops past them anyway."""
    boundaries = _boundaries(raw) if len(raw) >= ELIDE_BYTES else set()
    if not boundaries:
        return raw, {}
    out: list[bytes] = []
    regions: dict[bytes, tuple[int, int]] = {}
    at = 0
    nonce = binascii.hexlify(hashlib.sha256(raw[:4096] + str(len(raw)).encode()).digest()[:6])
    head_end, seen = None, 0
    for found in _delimiter_lines(raw):
        if _delimiter(found) not in boundaries or found.start() < at:
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
        end = _next_delimiter(raw, start)
        if end - start < ELIDE_BYTES or raw[start:end].translate(None, _BASE64_LINES):  # something else in it
            continue
        token = b"INTAKE" + nonce + b"X" + str(len(regions)).encode() + b"Z"  # base64 letters only
        out += [raw[at:start], token]
        regions[token] = (start, end)
        at = end
    if not regions:
        return raw, {}
    out.append(raw[at:])
    return b"".join(out), regions


def _restore(tree: StdMessage, raw: bytes, regions: dict[bytes, tuple[int, int]],
             spans: bool = False) -> dict[int, bytes | tuple[int, int]]:
    """{id(part): decoded content} of the parts whose body was elided; with `spans`, (start, end) of the body in
    `raw` instead, for a body that decodes strictly (checked, not kept): the process that holds `raw` decodes it
    (core/parse.py `with_contents`), and a reading process sends back a few numbers, not the file. A token found
    anywhere else (the structure was not what `_elide` took it for) gets its text back."""
    if not regions:
        return {}
    texts = {t.decode("ascii"): (s, e) for t, (s, e) in regions.items()}
    decoded: dict[int, bytes | tuple[int, int]] = {}
    for part in walk(tree):
        # The payload as the parser left it, a private attribute on purpose: no public API returns it. On a
        # multipart part get_payload() returns this same list, but on a leaf holding 8-bit bytes (kept as
        # surrogateescapes) it returns a copy decoded by the part's charset with U+FFFD for what does not decode
        # (writing that back with set_payload would destroy the bytes), and under an RFC 2231 charset
        # (charset*=utf-8''...) it raises TypeError (Python 3.11 Message.get_payload); tests/unit/test_parse_large.py
        # `test_a_token_restored_in_an_8bit_part_keeps_its_bytes`.
        payload = getattr(part, "_payload", None)
        if not isinstance(payload, str) or "INTAKE" not in payload:
            continue
        token = payload.strip()
        if token in texts and not part.is_multipart():
            start, end = texts[token]
            try:
                decoded[id(part)] = binascii.a2b_base64(memoryview(raw)[start:end])
                if spans:
                    decoded[id(part)] = (start, end)
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


def walk(part: StdMessage) -> Iterator[StdMessage]:
    """`part` and every part inside it, depth first, as the stdlib's `walk`; but at a constant cost per part: the
    stdlib's is a generator as deep as the part (each part it gives passes up through every level above it)."""
    todo = [part]
    while todo:
        this = todo.pop()
        yield this
        if this.is_multipart():  # its payload is its list of parts (asked first: a leaf's get_payload decodes)
            todo.extend(reversed(cast(list[StdMessage], this.get_payload())))


def _attachments(tree: StdMessage, cids: frozenset[str], forwarded: bool = False, depth: int = 0,
                 flags: list[Flag] | None = None, elided: dict[int, Any] | None = None,
                 budget: PartBudget | None = None, quoted: frozenset[str] = frozenset()) -> Iterator[Attachment]:
    """Every leaf part that is a file, in MIME order, forwarded messages included (their parts count in
    the message's `budget`); `quoted`: the Content-IDs the HTML shows only in the mail a reply quotes."""
    flags = [] if flags is None else flags
    budget = budget or PartBudget()
    inside_forward: set[int] = set()
    encoded_forwards: list[Any] = []
    for part in walk(tree):
        if part is not tree and part.get_content_type().lower() == "message/rfc822":
            encoded = str(part.get("content-transfer-encoding", "")).strip().lower() in ("base64", "quoted-printable")
            if id(part) in inside_forward and not encoded:
                continue  # its parts are inside the forward holding it already: walked once, not once per level
            inside = [inner for inner in walk(part) if inner is not part]
            inside_forward.update(id(inner) for inner in inside)
            if encoded:
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
        except OverLimit as exc:
            flags.append(Flag(decode_filename(part) or "message transféré", "too-many-entries",
                              f"message transféré non ouvert, avec le message qui le porte : {exc}"))
            continue
        yield from _attachments(inner, cids, True, depth + 1, flags, budget=budget)
    index = 0
    # a Mac file's Finder data, the first of the two halves of multipart/appledouble (RFC 1740): the file is the
    # second. Only there: an application/applefile anywhere else is a file like any other (a program so labelled went
    # unflagged, unlisted), and so is one as the second half, the only one or a third
    finder_halves = {id(halves[0]) for p in walk(tree) if p.get_content_type().lower() == "multipart/appledouble"
                     for halves in [_halves(p)] if len(halves) == 2
                     and halves[0].get_content_type().lower() == "application/applefile"
                     and halves[1].get_content_type().lower() != "application/applefile"}
    html_mail = any(p.get_content_type().lower() == "text/html" for p in walk(tree) if id(p) not in skip)
    for part in walk(tree):
        if part.is_multipart() or id(part) in skip or id(part) in finder_halves:
            continue
        ctype = part.get_content_type().lower()
        disposition = (part.get_content_disposition() or "").lower()
        filename = decode_filename(part)
        if not filename and disposition != "attachment" and (
            ctype in _BODY_TYPES or ctype.startswith("message/") or ctype == "text/rfc822-headers"
        ):
            if ctype == "text/plain":  # a text body, which may carry uuencoded files (core/uuencoded.py)
                for name, data in _uuencoded(part):
                    index += 1
                    yield Attachment(filename=clean_filename(name) or f"piece-{index}", content=data,
                                     declared_type="application/octet-stream", inline=False, html_mail=html_mail,
                                     forwarded=forwarded or id(part) in inside_forward, in_text=True)
            continue  # a text body, a delivery report, not a file
        found = (elided or {}).get(id(part))
        region = found if isinstance(found, tuple) else ()
        try:
            content: Any = b"" if region else found or part.get_payload(decode=True) or b""
        except Exception:
            content = b""
        if not content and not region:
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
            quoted=bool(cid) and cid.lower() in quoted,
            html_mail=html_mail,
            forwarded=forwarded or id(part) in inside_forward,
            region=region,
        )


def _uuencoded(part: StdMessage) -> list[tuple[str, bytes]]:
    try:
        body = part.get_payload(decode=True) or b""
    except Exception:
        return []
    return uuencoded_files(body) if isinstance(body, bytes) and b"begin " in body else []


def _decode_transfer(data: bytes, encoding: str) -> bytes:
    body = data.split(b"\n\n", 1)[-1] if data.startswith(b"\n") else data
    if str(encoding).strip().lower() == "base64":
        return base64.b64decode(b"".join(body.split()) + b"==", validate=False)
    return quopri.decodestring(body)


def _halves(part: StdMessage) -> list[StdMessage]:
    """The parts of a multipart, [] when one of them is no message (a broken structure)."""
    payload = part.get_payload() if part.is_multipart() else []
    halves = [h for h in payload if isinstance(h, StdMessage)] if isinstance(payload, list) else []
    return halves if isinstance(payload, list) and len(halves) == len(payload) else []


def decode_filename(part: StdMessage) -> str:
    """The part's file name, decoded (RFC 2231 and RFC 2047, or raw 8-bit bytes: UTF-8, else Windows-1252) and made
    safe to show."""
    try:
        name = (_eight_bit_filename(part) or _rfc2231_filename(part) or part.get_filename() or part.get_param("name")
                or "")
    except Exception:
        name = ""
    if isinstance(name, tuple):  # undecoded RFC 2231 triple
        name = email.utils.collapse_rfc2231_value(name)
    name = _unescape(str(name))
    return clean_filename(_slash_kept(decoded_header(name) if "=?" in name else name))


# A slash a Mac user typed in a file's name (Finder allows it: « Dossier 2026/2027.pdf », « Budget 11/2026.xlsx »),
# which Apple Mail sends as it is: the name is no path (no backslash, no leading slash or ~, no empty, . or ..
# step), so it is kept whole with U+2215 DIVISION SLASH, which looks the same and separates nothing (the name is
# shown, matched by the rules and stored; the path of a file inside an archive is written with « / »). Cut at its
# last slash, « Dossier d'intention 2026/2027.pdf » was « 2027.pdf » in our mails, and no longer named a dossier.
_PATH_STEP = frozenset({"", ".", ".."})


def _slash_kept(name: str) -> str:
    if "/" not in name or "\\" in name or name.startswith(("/", "~")) or \
            any(step.strip() in _PATH_STEP for step in name.split("/")):
        return name
    return name.replace("/", "\u2215")


UNSAID_CHARSETS = ("", "us-ascii", "ascii")  # an RFC 2231 name that says no charset, or one its bytes break


def _rfc2231_value(part: StdMessage, param: str, header: str) -> tuple[str, str, str] | None:
    """The RFC 2231 value (charset, language, text) of `param` in `header`, None when it has none. A plain value of
    the same name may stand beside it (« filename="Lettre signee.pdf"; filename*=UTF-8''Lettre%20sign%C3%A9e.pdf »,
    RFC 6266's way, which mailers built on HTTP libraries write): the stdlib's `get_param` gives that ASCII stand-in,
    never the name the sender typed."""
    try:
        params = part.get_params(header=header) or []
    except Exception:
        return None
    found = [(str(v[0] or ""), str(v[1] or ""), str(v[2])) for k, v in params
             if k.lower() == param and isinstance(v, tuple) and len(v) == 3]
    return found[-1] if found else None


def _rfc2231_filename(part: StdMessage) -> str:
    """An RFC 2231 file name (`filename*=…`, else `name*=…`): the name, whatever plain value stands beside it. One
    in a charset that is read as Windows-1252 (core/headers.py `as_windows_1252`; `declared_charset`: or as UTF-8
    when its bytes are, or UTF-8 declared for Windows-1252 bytes, `filename*=utf-8''sign%E9e.pdf`), or that names no
    charset (`filename*=''Lettre%20sign%C3%A9e.pdf`) or US-ASCII while its bytes are not: those are read as UTF-8
    when they are UTF-8, else as Windows-1252 (the stdlib read them as Latin-1, « signÃ©e »); a label that names no
    charset we read (« unknown-8bit », « x-unknown »: core/charset.py `charset_name`) says none. "" when there is
    none, or when it is a `name*` and Content-Disposition has a plain file name (the file name wins)."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        value = _rfc2231_value(part, param, header)
        if value is None:
            continue
        data = bytes(value[2], "raw-unicode-escape")
        unsaid = (value[0] or "").strip().lower() in UNSAID_CHARSETS or charset_name(value[0]) is None
        if unsaid and not data.isascii():
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                return data.decode("windows-1252", "replace")
        if as_windows_1252(value[0]) == "windows-1252" or declared_charset(data, value[0]) == "windows-1252":
            return data.decode(declared_charset(data, value[0]) or "windows-1252", "replace")
        if header == "content-disposition" or part.get_param("filename", header="content-disposition") is None:
            return str(email.utils.collapse_rfc2231_value(value))
    return ""


def _eight_bit_filename(part: StdMessage) -> str:
    """A file name written in raw 8-bit bytes, unencoded (some phones and webmails write UTF-8, old clients
    ISO-8859-1), read as `_unescape` reads such headers; "" when its headers are plain ASCII. The stdlib would
    turn each such byte into U+FFFD."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        for key, value in part.raw_items():
            if key.lower() == header and any("\udc80" <= c <= "\udcff" for c in str(value)):
                readable = StdMessage()
                readable[header] = _unescape(str(value))
                name = readable.get_param(param, header=header)
                if isinstance(name, tuple):
                    name = email.utils.collapse_rfc2231_value(name)
                if name:
                    return str(name)
    return ""


def clean_filename(name: str) -> str:
    """Keep only the last path component, drop control and format characters, NFC, bounded length. A line or
    paragraph separator (U+2028, U+2029) becomes a space: the name is repeated in our acknowledgement's text,
    the receipt and the digest, where it began lines of the sender's choosing (« photo.jpg U+2028 U+2028
    ATTENTION : votre dossier est rejeté… »)."""
    name = unicodedata.normalize("NFC", str(name))
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(" " if c in "\u2028\u2029" else c for c in name if unicodedata.category(c)[0] != "C")
    name = name.strip().strip(".").strip()
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 140] + dot + ext[:9]) if dot and len(ext) < 10 else name[:150]
    return name
