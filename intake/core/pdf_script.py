"""Whether a PDF may carry JavaScript: Chromium's PDF viewer runs it (`app.alert`, `app.response`: a prompt), in a
dialog that names the site the PDF was opened from, whatever the Content-Security-Policy says. The console shows a
PDF in the browser only when this says no (intake/web/routes/case.py); otherwise the file is downloaded.

Fail closed: any doubt is a yes. A name `/JS` or `/JavaScript` however written (`/J#53`), in the file or in a
stream it compresses with FlateDecode (an object stream holds dictionaries); an object stream this cannot decode
(another filter: ASCIIHex, LZW...); an encrypted file (its streams are unreadable here, and viewers open one whose
password is empty); more to inflate than `BUDGET`."""

from __future__ import annotations

import re
import zlib

BUDGET = 200_000_000  # bytes inflated at most: past it, a zip bomb or not, the answer is yes
_NAME = re.compile(rb"/((?:[^\x00\t\n\f\r /<>\[\]()%{}#]|#[0-9A-Fa-f]{2})*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_DICT_BEFORE = 4096  # how far before `stream` its dictionary is looked for
def _spelled(name: str) -> bytes:
    """A pattern of the name `/name` written in any way PDF allows (each character itself or `#xx`), whole."""
    chars = b"".join(b"(?:%s|#%s)" % (re.escape(c.encode()), "".join(f"[{d.lower()}{d.upper()}]" if d.isalpha() else d
                                                                          for d in f"{ord(c):02x}").encode())
                     for c in name)
    return b"/" + chars + rb"(?![^\x00\t\n\f\r /<>\[\]()%{}])"


# searched for as such: finding every name of a 40 MB scan took seconds, at each opening of the file
_SCRIPT = re.compile(b"|".join(_spelled(n) for n in ("JS", "JavaScript")))
_ENCRYPT = re.compile(_spelled("Encrypt"))


def _names(data: bytes) -> set[bytes]:
    return {_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), m.group(1)) for m in _NAME.finditer(data)}


def may_run_script(content: bytes) -> bool:
    """True when a viewer may find JavaScript in this PDF (see the module's docstring)."""
    if _SCRIPT.search(content) or _ENCRYPT.search(content):
        return True
    budget = BUDGET
    for found in _STREAM.finditer(content):
        start = found.end()
        head = content[max(0, found.start() - _DICT_BEFORE):found.start()]
        head = head[head.rfind(b"obj") + 3:] if b"obj" in head else head
        said = _names(head)
        filters = said & {b"FlateDecode", b"Fl", b"ASCIIHexDecode", b"AHx", b"ASCII85Decode", b"A85", b"LZWDecode",
                          b"LZW", b"RunLengthDecode", b"RL", b"Crypt", b"DCTDecode", b"DCT", b"JPXDecode",
                          b"JBIG2Decode", b"CCITTFaxDecode", b"CCF"}
        if not filters:
            continue  # not compressed: its bytes were read above, with the rest of the file
        if filters - {b"FlateDecode", b"Fl"}:
            if b"ObjStm" in said:
                return True  # dictionaries behind a filter read here by nobody
            continue  # a picture's bytes
        end = content.find(b"endstream", start)
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(content[start:end if end >= 0 else len(content)], budget + 1)
        except zlib.error:
            continue  # the viewer cannot inflate it either
        budget -= len(inflated)
        if budget < 0 or _SCRIPT.search(inflated):
            return True
    return False
