"""The text of a body (text/plain, text/html) or of a text file, from its bytes and the charset it declares.

One rule, wherever intake turns a body into text (core/parse.py for what is filed, recognised and answered;
commands/message_text.py for what staff read of a quarantined message; adapters/office.py for a .txt file):

1. A byte-order mark says what the bytes are (UTF-8, UTF-16), whatever is declared (as browsers do).
2. The declarations, in order: the part's `charset`, then, for HTML, its `<meta charset>` (the first
   META_SCAN bytes). A label is read as browsers read it (WHATWG Encoding): quoted or upper-case, `utf8`,
   `latin1`, `macintosh`...; ISO-8859-1 and US-ASCII as Windows-1252, GB2312 as GB18030, Shift_JIS as
   Windows-31J. A label that names no charset, or one outside ALLOWED (`unknown-8bit`, `x-unknown`, Python's
   `zlib`, `punycode`...), says nothing.
3. A declaration is taken when the bytes fit it: UTF-8 when they are UTF-8; a single-byte charset (ISO-8859-x,
   Windows-125x, Mac, KOI8...) always, unless the bytes are UTF-8 with at least one multi-byte character:
   webmails and PHP mailers declare ISO-8859-1 for UTF-8, and text in a single-byte charset is never also
   valid UTF-8 with such a character (French would have to read « Ã© »); another charset (UTF-16, Japanese,
   Chinese...) when the bytes decode in it without error.
4. When no declaration fits (UTF-8 declared for Windows-1252 bytes: Outlook, old PHP mailers, text pasted from
   Windows; none declared; a bogus one): UTF-8 if the bytes are; else, if they are mostly UTF-8 (more
   multi-byte characters than bytes that are not), UTF-8 with those stray bytes read as Windows-1252; else
   Windows-1252. C1 control characters (0x80-0x9F in ISO-8859-x) are read as Windows-1252 too: they are
   never text, and its ’ « œ € are what French mail programs put there.
5. Text that is UTF-8 read as Windows-1252 before it was encoded (« BÃ©thune ») is read as UTF-8
   (`as_windows_1252_text`), and the result is NFC (as mail-parser gave it).

It never raises and does a bounded number of linear passes over the bytes. charset-normalizer (in the venv,
through requests) was measured and not used: it read short French text in Windows-1252 as Windows-1250
(« Hélčne », « l’śuvre ») and a long one as Mac Roman; the mistakes mail programs make are a few known ones.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

META_SCAN = 1024  # bytes of an HTML body looked at for its <meta charset> (what browsers' prescan reads)
MAX_LABEL = 40  # characters of a charset name; a longer one names nothing

# Python's codec names (codecs.lookup(...).name) that are charsets text is written in; every other name Python
# knows (zlib, base64, punycode, unicode-escape, idna...) says nothing
_SINGLE_BYTE = frozenset(
    [f"iso8859-{n}" for n in (*range(1, 12), 13, 14, 15, 16)] + [f"cp{n}" for n in range(1250, 1259)]
    + ["ascii", "cp874", "cp866", "cp850", "cp437", "koi8-r", "koi8-u", "tis-620", "mac-roman", "mac-cyrillic",
       "mac-latin2", "mac-greek", "mac-turkish", "mac-iceland"])
_MULTI_BYTE = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-7",
                         "shift_jis", "cp932", "euc_jp", "iso2022_jp", "iso2022_jp_2", "iso2022_kr", "gb2312",
                         "gbk", "gb18030", "hz", "big5", "big5hkscs", "euc_kr", "cp949"})
ALLOWED = _SINGLE_BYTE | _MULTI_BYTE | {"utf-8"}
# the charsets browsers read instead of the one named (WHATWG Encoding): supersets, which mail programs write
_WIDER = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "iso8859-11": "cp874", "tis-620": "cp874",
          "gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932", "euc_kr": "cp949", "big5": "big5hkscs"}
# labels browsers know and Python does not
_LABELS = {"unicode-1-1-utf-8": "utf-8", "unicode11utf8": "utf-8", "x-unicode20utf8": "utf-8", "mac": "mac-roman",
           "csmacintosh": "mac-roman", "x-mac-roman": "mac-roman", "x-mac-cyrillic": "mac-cyrillic",
           "windows-31j": "cp932", "x-sjis": "cp932", "windows-874": "cp874", "dos-874": "cp874",
           "latin-9": "iso8859-15", "l9": "iso8859-15", "iso-8859-8-i": "iso8859-8", "csiso88598i": "iso8859-8"}
# stateful or wide charsets whose bytes may all be ASCII (or hold NULs): never read as ASCII on sight
_NOT_ASCII_COMPATIBLE = frozenset(c for c in _MULTI_BYTE if c.startswith(("utf-", "iso2022")) or c == "hz")

_META = re.compile(rb"<meta\b[^>]{0,500}?charset\s*=\s*[\"']?\s*([a-z0-9_:.()+-]{1,40})", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8, as `surrogateescape` hands them over


def decoded_text(data: bytes, charset: str | None = None, html: bool = False, cut: bool = False) -> str:
    """The text `data` holds, `charset` being what its part declares (None: nothing); `html`: its <meta
    charset> is read too; `cut`: `data` is the start of a longer body (what `intake quarantine show` reads), whose
    last character the cut may have split: that character is left out, not taken for bytes of another charset
    (one split « é » at the end made a whole UTF-8 text with few accents Windows-1252: « BÃ©thune »). See the
    module's docstring for the rule."""
    if not data:
        return ""
    return _finished(_decoded(_whole_characters(bytes(data)) if cut else bytes(data), charset, html, cut))


def _whole_characters(data: bytes) -> bytes:
    """`data` without a UTF-8 character its last bytes begin and do not end."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:  # ASCII: nothing split
            return data
        if byte >= 0xC0:  # the lead byte of a character of 2, 3 or 4 bytes
            return data[:-back] if (2 if byte < 0xE0 else 3 if byte < 0xF0 else 4) > back else data
    return data


def charset_name(label: object) -> str | None:
    """The Python codec a charset label names (see ALLOWED, `_WIDER`), or None when it names none we read."""
    name = str(label or "").strip().strip("\"'").strip().lower()
    if not name or len(name) > MAX_LABEL:
        return None
    for candidate in (name, name.removeprefix("x-")):
        found = _LABELS.get(candidate)
        if found is None:
            try:
                found = codecs.lookup(candidate).name
            except (LookupError, ValueError, TypeError):
                continue
        if found in ALLOWED:
            return _WIDER.get(found, found)
    return None


def _decoded(data: bytes, charset: str | None, html: bool, cut: bool = False) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, "replace")
    said = [c for c in (charset_name(charset), _meta_charset(data) if html else None) if c]
    if data.isascii() and not any(c in _NOT_ASCII_COMPATIBLE for c in said):
        return data.decode("ascii")
    loose = data.decode("utf-8", "surrogateescape")  # the bytes that are not UTF-8 become U+DC80-U+DCFF
    utf8 = not _ESCAPED.search(loose)
    for codec in said:
        if codec == "utf-8":
            if utf8:
                return loose
        elif codec in _SINGLE_BYTE:
            return loose if utf8 else _western(data, loose, codec)
        else:
            try:  # a cut body: a character split at its end is left out (final=False)
                text = codecs.getincrementaldecoder(codec)().decode(data, final=not cut)
                text.encode("utf-8")  # a lone surrogate (UTF-7 can make one) is no text
            except UnicodeError:
                continue
            return text
    return loose if utf8 else _western(data, loose, "cp1252")


def _meta_charset(data: bytes) -> str | None:
    """The charset an HTML body's <meta> names in its first META_SCAN bytes; UTF-16 there means UTF-8 (browsers:
    bytes a <meta> could be read in are not UTF-16)."""
    found = _META.search(data[:META_SCAN])
    codec = charset_name(found.group(1).decode("ascii")) if found else None
    return "utf-8" if codec and codec.startswith(("utf-16", "utf-32")) else codec


def _western(data: bytes, loose: str, codec: str) -> str:
    """Bytes that are not (all) UTF-8, read in the single-byte `codec`; mostly UTF-8 (more multi-byte characters
    than stray bytes): UTF-8, each stray byte read in `codec`."""
    stray = len(loose) - len(_ESCAPED.sub("", loose))
    beyond_ascii = len(loose) - len(loose.encode("ascii", "ignore"))
    if beyond_ascii - stray > stray:
        return loose.translate(_stray_bytes(codec))
    text = data.decode(codec, "replace")
    return text.translate(_C1_AS_1252) if codec.startswith("iso8859-") else text


@lru_cache(maxsize=None)
def _stray_bytes(codec: str) -> dict[int, str]:
    """U+DC80-U+DCFF (a byte `surrogateescape` could not read as UTF-8) -> that byte read in `codec`."""
    table = {0xDC00 + b: bytes([b]).decode(codec, "replace") for b in range(0x80, 0x100)}
    return {k: v.translate(_C1_AS_1252) for k, v in table.items()}


# C1 control characters (U+0080-U+009F) are what a body in Windows-1252 (’ « œ €) becomes when it is declared
# ISO-8859-x, as French webmails and Outlook write it (core/headers.py `as_windows_1252`): read as Windows-1252.
_C1_AS_1252 = {c: bytes([c]).decode("cp1252") for c in range(0x80, 0xA0) if c not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_C1 = re.compile("[\x80-\x9f]")
# UTF-8 read as ISO-8859-1 or Windows-1252 (« BÃ©thune », « dâ€™intention »): a lead byte of a two- or three-byte
# character (Â-ô) followed by a continuation byte (0x80-0xBF, some shown as Windows-1252's ’ € …).
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_1252_AS_BYTE = {ord(char): code for code, char in _C1_AS_1252.items()}


def as_windows_1252_text(text: str) -> str:
    """Text as it was decoded: ISO-8859-1's C1 characters read as Windows-1252; and, when the whole text is UTF-8
    read as ISO-8859-1 or Windows-1252 (webmails and PHP mailers left at that default, before or after
    encoding it), read as UTF-8 (core/headers.py `declared_charset` says why that is never French text in
    Windows-1252). Most text is ASCII, or holds no C1 character and no such pair: handed back as it is, looked
    at in C."""
    if text.isascii():
        return text
    if _C1.search(text):
        text = text.translate(_C1_AS_1252)
    if _MOJIBAKE.search(text):
        try:
            return text.translate(_1252_AS_BYTE).encode("latin-1").decode("utf-8")
        except UnicodeError:  # some character is not one byte, or the bytes are not UTF-8: not mislabelled
            pass
    return text


def _finished(text: str) -> str:
    text = as_windows_1252_text(text)
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
