"""Header decoding: Message-IDs, addresses, dates and header text, read from the stdlib tree (core/parse.py).

Headers written in raw UTF-8 (RFC 6532) are read as UTF-8; addresses with control characters are
not addresses; Message-IDs that are not one (too long, spaces) count as absent.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timezone
from email.header import decode_header, make_header
from email.message import Message as StdMessage
from email.utils import getaddresses, parsedate_to_datetime
from urllib.parse import unquote

from intake.core.charset import charset_name
from intake.core.text import shown

_MSGID = re.compile(r"<([^<>\s]+)>")
MAX_MESSAGE_ID = 250  # characters; a longer "Message-ID" is not one
# characters of one header decoded (RFC 2047); a mail server refuses longer headers (Postfix: 100 kB) anyway
MAX_DECODED = 20_000
MAX_LINE = 998  # characters of a header line (RFC 5322): decoding is cut into lines no longer than this


def decodable(value: str) -> str:
    """`value` made safe to give the stdlib's RFC 2047 decoding: cut to MAX_DECODED characters, and folded (at a
    space, else anywhere) into lines of at most MAX_LINE. That decoding tries, from each "=?" of a line, a
    pattern that runs to the line's end: one long line of "=?" that never close costs its length squared (an
    attacker's review: 100 kB, 5 s); lines of 998 characters keep it linear. Folding is what mail servers do."""
    value = value[:MAX_DECODED]
    if len(value) <= MAX_LINE:
        return value
    lines = []
    for line in value.splitlines():
        while len(line) > MAX_LINE:
            cut = max(line.rfind(" ", 1, MAX_LINE), line.rfind("\t", 1, MAX_LINE))
            cut = cut if cut > 0 else MAX_LINE
            lines.append(line[:cut])
            line = line[cut:] if line[cut:cut + 1] in (" ", "\t") else " " + line[cut:]
        lines.append(line)
    return "\n".join(lines)


def normalise_message_id(value: str) -> str:
    """`<Abc@x>` -> `Abc@x`; the first id when several are given; "" when none, or when it is no
    Message-ID (longer than MAX_MESSAGE_ID, control characters): never copied into our headers."""
    value = _unescape(str(value or "")).strip()
    match = _MSGID.search(value)
    found = match.group(1) if match else (value.split()[0] if value.split() else "")
    if len(found) > MAX_MESSAGE_ID or not _printable(found):
        return ""
    return str(found)


def _printable(text: str) -> bool:
    """No control, format, surrogate, private-use or unassigned character (Unicode category C)."""
    if text.isascii():  # its category C characters are the C0 controls and DEL, which isprintable refuses
        return text.isprintable()
    return not any(unicodedata.category(c)[0] == "C" for c in text)


_DOT_ATOM = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


def normal_address(addr: str) -> str:
    """One spelling for one address, whatever the mail program wrote (each spelling had its own cases and caps:
    `[limits] cases_per_sender_per_day` five times over, and a reply of `jeanne@x.example.` not joining the case of
    `jeanne@x.example`): lower-case (the domain is case-blind by RFC 5321, and intake has always taken local parts so
    too), the root's trailing dot of a fully-qualified domain dropped (`x.example.` is `x.example`), a local part
    quoted for nothing unquoted (`"jeanne"@x.example` is `jeanne@x.example`, RFC 5321 §4.1.2). Never more: `jeanne+bsc`
    and `j.eanne` at gmail.com are other addresses by the RFC (what one provider delivers to the same box is its own
    business, and another's may not), and a domain written in other characters (IDNA, full-width) is left to
    core/trust.py, which tells a disguise from an internationalized domain: lower case never makes an ASCII letter of
    another (`lower_case`)."""
    addr = lower_case(addr.strip())
    local, at, domain = addr.rpartition("@")
    if not at:
        return addr
    if domain.endswith(".") and not domain.endswith(".."):
        domain = domain[:-1]
    if len(local) > 2 and local.startswith('"') and local.endswith('"') and _DOT_ATOM.fullmatch(local[1:-1]):
        local = local[1:-1]
    return f"{local}@{domain}"


def lower_case(text: str) -> str:
    """`text` in lower case, but a letter outside ASCII whose lower case is ASCII stays as written: the Kelvin sign
    (U+212A) is « k » in lower case, so `outlooK.fr` written with it was read as `outlook.fr`, whose DMARC policy the
    town's server never looked up (another name to it, which no DNS holds): a forger of a domain with a policy
    passed for its owner (core/trust.py looks for a domain written in other letters in the address as written)."""
    if text.isascii():
        return text.lower()
    return "".join(c if not c.isascii() and c.lower().isascii() else c.lower() for c in text)


def is_address(addr: str) -> bool:
    """A usable email address (RFC 5321/6531): one @, no space or control character, bounded; a quote only
    around the local part. A From field cut by a line break inside its quotes (`Joe <"victim@y.example` and then
    `"@x.example>: x` on a line of its own) read as the address `"victim@y.example"`, with no domain of its own,
    which a relay may route by the @ inside the quotes, and whose « domain » no authentication result names."""
    local, at, domain = addr.rpartition("@")
    quoted_well = '"' not in domain and (local.count('"') == 0 or (
        len(local) > 2 and local.startswith('"') and local.endswith('"') and local.count('"') == 2))
    return (bool(at and local and domain and "." in domain) and len(addr) <= 254 and "@" not in local.strip('"')
            and quoted_well and not any(c.isspace() or c in "<>(),;:[]\\" for c in addr) and _printable(addr))


# header fields read as written, never RFC 2047-decoded: what a server wrote of a message's authentication (and the
# signatures it checked) is ASCII by RFC 8601 and RFC 6376; decoded, an encoded word the server copied from the message
# (`smtp.mailfrom="=?utf-8?q?x=3B_dkim=3Dpass_header.d=3Dville-bethune.fr?="@…`) wrote results of its own
WRITTEN = frozenset({"authentication-results", "dkim-signature"})


def as_written(value: object) -> str:
    """A header value as it was written: its lines unfolded, 8-bit bytes read as UTF-8, bounded; nothing decoded."""
    return " ".join(_unescape(str(value)[:MAX_DECODED]).split())


def _headers(tree: StdMessage) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name, value in tree.raw_items():
        key = name.lower()
        out.setdefault(key, []).append(as_written(value) if key in WRITTEN else decoded_header(value))
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
    if value.isascii() or not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    data = value.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


# Labels that mail programs write for text that is Windows-1252: French webmails and Outlook declare ISO-8859-1 (or
# nothing) and write its ’ « œ € in the bytes 0x80-0x9F, which ISO-8859-1 reads as invisible control characters
# (« Dossier d’intention » became « Dossier dintention »); as browsers do (WHATWG Encoding), they are read as 1252.
LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "us-ascii", "ascii"})


def as_windows_1252(charset: str | None) -> str | None:
    return "windows-1252" if charset and charset.lower() in LATIN1_LABELS else charset


def declared_charset(data: bytes, charset: str | None) -> str | None:
    """The charset to read `data` with, `charset` being what the mail declares: ISO-8859-1 or US-ASCII
    (`LATIN1_LABELS`) is read as Windows-1252 (`as_windows_1252`), unless its bytes are UTF-8 with at least one
    multi-byte character. Webmails and PHP mailers left at their ISO-8859-1 default declare it for UTF-8 text
    (« Lettre signÃ©e.pdf » in our acknowledgement); French text in Windows-1252 is never also valid UTF-8 with a
    multi-byte character (it would have to read « Ã© »), so such bytes are UTF-8 whatever the label says. The
    other way round, UTF-8 declared for bytes that are not UTF-8 (a name copied as found on a Windows disk) is read
    as Windows-1252: the stdlib gave up on the whole word (« =?utf-8?Q?Lettre_sign=E9e...?= » stayed as it came).
    A label that names no charset we read (core/charset.py `charset_name`: RFC 1428's « unknown-8bit », « unknown »,
    « x-unknown », which gateways write for raw 8-bit bytes they met) says nothing: read the same way (the stdlib
    made each byte that is not ASCII « \ufffd »)."""
    if charset and not data.isascii():
        label = charset.lower()
        if label in LATIN1_LABELS or label in UTF8_LABELS or charset_name(charset) is None:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return "windows-1252"
            return "utf-8"
    return as_windows_1252(charset)


UTF8_LABELS = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8"})


def _words(value: str) -> str:
    """RFC 2047 words decoded (adjacent words of one charset joined first: a character cut between two is whole)."""
    return str(make_header([(text, declared_charset(text, charset) if isinstance(text, bytes) else
                             as_windows_1252(charset)) for text, charset in decode_header(value)]))


def _decode_words(value: str) -> str:
    """RFC 2047 words decoded, nothing else changed (control characters stay, to be refused)."""
    try:
        return _words(decodable(value))
    except Exception:
        return value


def decoded_header(value: object) -> str:
    """A header value as text: its RFC 2047 words decoded (a mislabelled charset read as what it is:
    `declared_charset`), control characters removed, spaces folded; never raises."""
    text = str(value)
    return _remembered(text) if len(text) <= MAX_LINE else _decoded(text)


def _decoded(value: str) -> str:
    value = decodable(_unescape(value))
    if "=?" not in value:  # no RFC 2047 word: the stdlib would hand it back as it is
        return _clean_text(value)
    try:
        return _clean_text(_words(value))
    except Exception:
        try:
            return _clean_text(str(make_header(decode_header(value))))
        except Exception:
            return _clean_text(value)


# a message's parse decodes its subject and its addresses several times (its forwards, its replies, its own text),
# each time the same: the last ones decoded are remembered (a twelfth of an everyday message's parse), those of one
# line at most (an attacker's long values would be held, not saved)
_remembered = functools.lru_cache(maxsize=256)(_decoded)


# ASCII's control characters that are not whitespace (whitespace becomes a space): what `_clean_text` drops of ASCII
_ASCII_DROPPED = dict.fromkeys(c for c in range(128) if unicodedata.category(chr(c)) == "Cc" and not chr(c).isspace())


def _clean_text(value: str) -> str:
    """One line of text: whitespace runs as one space; control and bidirectional-override characters dropped.
    Most header values are ASCII: those take one `translate` (the same result), not a look at each character."""
    value = str(value)
    if value.isascii():
        return " ".join(value.translate(_ASCII_DROPPED).split())
    return " ".join("".join(" " if c.isspace() else c for c in value
                            if c.isspace() or shown(c)).split())


# Python's security releases (3.11.10, 3.12.6, 3.13; Debian 12's own 3.11.2 by a backport) made
# email.utils.getaddresses strict by default: a value it finds ambiguous gives [("", "")] and nothing else.
def _has_strict() -> bool:
    try:
        getaddresses([], strict=False)
    except TypeError:  # a Python before the change
        return False
    return True


_STRICT = _has_strict()
# Outlook's text of a link: the link's text, then its target in angle brackets (a forward's header block in the
# text part of an HTML mail: "De : Jeanne Roux <jeanne@x.example<mailto:jeanne@x.example>>")
_LINK_TARGET = re.compile(r"<mailto:[^<>\s]{0,320}>", re.IGNORECASE)
# SnappyMail's text of a link whose words are not its target (Common/Html.js `htmlToPlain`: « words target »): in a
# forward's header block, the address shown, a space, the mailto link's target, inside the angle brackets ("De:
# "Jeanne Roux" <jeanne@x.example mailto:jeanne@x.example?to=%22Jeanne%20Roux%22%20%3Cjeanne%40x.example%3E >")
_SPACED_TARGET = re.compile(r"(<[^<>\s]{1,320})[^\S\r\n]+mailto:[^<>\s]{0,640}[^\S\r\n]*>", re.IGNORECASE)
# a display name that is an address, unquoted, before the address in angle brackets ("jeanne@x.example
# <jeanne@x.example>": phones, scanners, webmails where no name is set); possessive: linear on any input
_BARE_NAME = re.compile(r'(^|,)([^",<>()@]*+@[^",<>()]*+)<')


def parse_addresses(values: Iterable[object]) -> list[tuple[str, str]]:
    """(display name, address) of every address in these header values (or a forward's "De :" line), read the
    same on every Python: the strict reading of the security releases (above) is what the production server's
    Python does, and it refused two forms real mail programs write, each once the address was plain to see:
    Outlook's `<jeanne@x.example<mailto:jeanne@x.example>>` (a forward by staff was read as their own mail, and
    ignored; SnappyMail's `<jeanne@x.example mailto:jeanne@x.example?to=… >` the same way) and a display name that
    is an address (`old@x.example <jeanne@y.example>`: the sender unreadable, the application ignored as an
    automatic reply; the lenient reading took the display name for the address, and answered it). Both are made
    plain first, then read leniently: the address between angle brackets is the address, as every mail program
    shows it."""
    plain = [_BARE_NAME.sub(lambda m: f'{m.group(1)}"{m.group(2).strip()}" <',
                            _LINK_TARGET.sub("", _SPACED_TARGET.sub(r"\1>", str(v))))
             for v in values]
    return getaddresses(plain, strict=False) if _STRICT else getaddresses(plain)


# a link's target written in an address header, as a text part made from HTML writes one (« <mailto:…> », « <address
# mailto:…> »): no mail program writes one in a header
_TARGET_IN_HEADER = re.compile(r"[<\s]mailto:([^<>\s?]{1,320})", re.IGNORECASE)


def link_targets(tree: StdMessage, name: str) -> list[str]:
    """The addresses link targets name in a header (`From: victime@x<mailto:mallory@y>`): parse_addresses drops them,
    as it reads a forward's sender line, so the header reads as the address shown alone; a mail server's DMARC check
    may read the target's, or none (attack30). core/trust.py counts them with the header's other addresses."""
    found = (normal_address(unquote(t)) for v in _raw(tree, name) for t in _TARGET_IN_HEADER.findall(str(v)))
    return [a for a in found if is_address(a)]


def encoded_only(tree: StdMessage, name: str) -> bool:
    """Whether the header's addresses are readable only once its encoded words (RFC 2047) are decoded
    (`From: =?utf-8?q?jeanne=40x.example?=`): no mail server reads an address there, so none checked it."""
    values = _raw(tree, name)
    return bool(values) and not any(is_address(a.strip().lower()) for _, a in parse_addresses(values))


def _addresses(tree: StdMessage, name: str) -> list[tuple[str, str]]:
    values = _raw(tree, name)
    out = []
    for display, addr in parse_addresses(values):
        addr = normal_address(addr)
        if is_address(addr):
            out.append((decoded_header(display), addr))
    if not out and values:  # a whole "Name <addr>" inside one encoded word, as some mail programs write it
        for display, addr in parse_addresses([_decode_words(v) for v in values if "=?" in v]):
            addr = normal_address(addr)
            if is_address(addr):
                out.append((display, addr))
    return out


def _return_path(tree: StdMessage) -> str | None:
    values = _raw(tree, "return-path")
    if not values:
        return None
    value = values[0]
    pairs = parse_addresses([_unescape(str(value))])
    return pairs[0][1].lower() if pairs and pairs[0][1] else ""


def _date(value: object) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError, OverflowError):  # a year of ten digits overflows
        return None
    if when is None:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
