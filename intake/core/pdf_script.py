"""Whether a PDF may carry JavaScript: Chromium's PDF viewer runs it (`app.alert`, `app.response`: a prompt), in a
dialog that names the site the PDF was opened from, whatever the Content-Security-Policy says. The console shows a
PDF in the browser only when this says no (intake/web/routes/case.py); otherwise the file is downloaded.

Fail closed: any doubt is a yes. A name `/JS` or `/JavaScript` however written (`/J#53`), in the file or in an
object stream (`/Type/ObjStm`: the only stream that holds dictionaries) it compresses with FlateDecode; an object
stream this does not decode (two filters, a predictor, another filter, a filter named by reference); a stream whose
dictionary is not read here (no `N 0 obj` before it: a comment between the words, a dictionary longer than
`_DICT_BYTES`); an object stream that does not inflate cleanly (PDFium keeps what came before the error); an
encrypted file (its streams are unreadable here, and viewers open one whose password is empty); more to inflate
than `BUDGET`; dictionaries longer than `DICT_TOTAL` in all (the check reads them a byte at a time, in a request of
the console: a file made of millions of them took 7 s for 20 MB)."""

from __future__ import annotations

import re
import zlib

BUDGET = 200_000_000  # bytes inflated at most: past it, a zip bomb or not, the answer is yes
_DICT_BYTES = 1_000_000  # a stream's dictionary read at most this long
_CHUNK = 65_536  # zlib data handed over at a time
DICT_TOTAL = 2_000_000  # the dictionaries' bytes read at most in one file (a byte at a time: under 1 s): past it, yes
FILTERS = {b"FlateDecode", b"Fl", b"ASCIIHexDecode", b"AHx", b"ASCII85Decode", b"A85", b"LZWDecode", b"LZW",
           b"RunLengthDecode", b"RL", b"Crypt", b"DCTDecode", b"DCT", b"JPXDecode", b"JBIG2Decode", b"CCITTFaxDecode",
           b"CCF"}
_NAME = re.compile(rb"/((?:[^\x00\t\n\f\r /<>\[\]()%{}#]|#[0-9A-Fa-f]{2})*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_OBJ = re.compile(rb"obj\s*<<")  # found first, its numbers checked after: `\d+\s+\d+\s+obj` took seconds on a scan
_NUMBERS = re.compile(rb"\d\s+\d+\s+$")
_SPACE = rb"(?:\s|%[^\r\n]*)*"  # a comment is a space between two words
_STREAM_START = re.compile(rb">>" + _SPACE + rb"stream(?:\r\n|\n|\r)")
_AFTER_DICT = re.compile(_SPACE + rb"stream(?:\r\n|\n|\r)")
_LINE_END = re.compile(rb"[\r\n]")


def _spelled(name: str) -> bytes:
    """A pattern of the name `/name` written in any way PDF allows (each character itself or `#xx`), whole."""
    chars = b"".join(b"(?:%s|#%s)" % (re.escape(c.encode()), "".join(f"[{d.lower()}{d.upper()}]" if d.isalpha() else d
                                                                          for d in f"{ord(c):02x}").encode())
                     for c in name)
    return b"/" + chars + rb"(?![^\x00\t\n\f\r /<>\[\]()%{}])"


# searched for as such: finding every name of a 40 MB scan took seconds, at each opening of the file
_SCRIPT = re.compile(b"|".join(_spelled(n) for n in ("JS", "JavaScript")))
_ENCRYPT = re.compile(_spelled("Encrypt"))


def _string_end(data: bytes, i: int) -> int:
    """Just past the literal string that starts at `i` (`(`), its parentheses nested and escaped."""
    depth, n = 0, len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash: the next byte is escaped
            i += 2
            continue
        depth += c == 0x28
        depth -= c == 0x29
        i += 1
        if depth == 0:
            return i
    return n


def _dictionary(data: bytes, i: int, most: int = _DICT_BYTES) -> tuple[int, list[bytes]] | None:
    """(just past the dictionary that starts at `i`, its names in order, unescaped), or None when it does not end
    within `most` bytes (at most `_DICT_BYTES`)."""
    depth, limit = 0, min(len(data), i + min(most, _DICT_BYTES))
    names: list[bytes] = []
    while i < limit:
        if data.startswith(b"<<", i):
            depth, i = depth + 1, i + 2
        elif data.startswith(b">>", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i, names
        elif data[i] == 0x28:
            i = _string_end(data, i)
        elif data[i] == 0x3C:  # a hex string
            end = data.find(b">", i)
            i = end + 1 if end >= 0 else limit
        elif data[i] == 0x25:  # a comment, to the end of its line
            found = _LINE_END.search(data, i)
            i = found.end() if found else limit
        elif data[i] == 0x2F:
            name = _NAME.match(data, i)
            assert name is not None  # a slash alone is the empty name
            names.append(_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name.group(1)))
            i = name.end()
        else:
            i += 1
    return None


def _inflate(content: bytes, start: int, most: int) -> bytes:
    """What the zlib data at `start` inflates to, at most `most` bytes, fed a chunk at a time: handed the rest of the
    file at once, zlib took a copy of it for each object stream (its data, then what follows it): 20,000 empty ones
    before 20 MB took 105 s of CPU in a console request."""
    inflater, out, size, view = zlib.decompressobj(), [], 0, memoryview(content)
    while start < len(content) and not inflater.eof and size < most:
        out.append(inflater.decompress(view[start:start + _CHUNK], most - size))
        size += len(out[-1])
        start += _CHUNK
    return b"".join(out)


def may_run_script(content: bytes) -> bool:
    """True when a viewer may find JavaScript in this PDF (see the module's docstring)."""
    if _SCRIPT.search(content) or _ENCRYPT.search(content):
        return True
    budget, dict_budget, read = BUDGET, DICT_TOTAL, set()
    for header in _OBJ.finditer(content):
        if not _NUMBERS.search(content, max(0, header.start() - 40), header.start()):
            continue
        parsed = _dictionary(content, header.end() - 2, dict_budget)
        if parsed is None:
            return True  # a dictionary too long, or all of them: a file made to be slow to check is not shown
        end, names = parsed
        dict_budget -= end - (header.end() - 2)
        after = _AFTER_DICT.match(content, end)
        if after is None:
            continue  # not a stream
        read.add(after.end())
        if b"ObjStm" not in names or b"Filter" not in names:
            continue  # only an object stream holds dictionaries; one not filtered was read with the rest of the file
        flates = sum(n in (b"FlateDecode", b"Fl") for n in names)
        if flates != 1 or {b"DecodeParms", b"DP"} & set(names) or FILTERS & set(names) - {b"FlateDecode", b"Fl"}:
            return True  # two filters, a predictor, another filter or one named elsewhere: not read here
        try:  # to the end of the file: the inflater stops where its data does (« endstream » may be in it)
            inflated = _inflate(content, after.end(), budget + 1)
        except zlib.error:
            return True  # PDFium keeps what it inflated before the error (a wrong checksum at the end)
        budget -= len(inflated)
        if budget < 0 or _SCRIPT.search(inflated):
            return True
    # a stream whose dictionary was not read above (its object's header written otherwise)
    return any(found.end() not in read for found in _STREAM_START.finditer(content))
