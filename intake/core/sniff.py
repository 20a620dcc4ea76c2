"""What a file really is, from its bytes (never from its name or declared type).

Returns a short type name used in rules files: `pdf`, `docx`, `odt`, `jpg`,
`png`, `zip`, `exe`, ... (the `filetype` library's extensions), plus a few
text formats it does not know: `rtf`, `ics`, `html`, `eml`, `txt`; `msg`, an Outlook message saved as a file
(an OLE compound file, which `filetype` takes for a spreadsheet or nothing); and `iwork`, an Apple Pages, Numbers or
Keynote document (a ZIP package that no reader here opens: never unpacked as an archive of files); and `heic`
for every HEIF picture coded in HEVC (`filetype` knows only the `heic` brand an iPhone writes: not `heix`, a
camera's 10-bit one, nor a generic `mif1` file whose picture is HEVC). `unknown` when nothing fits.
"""

from __future__ import annotations

import codecs
import re

import filetype

KNOWN_TYPES = frozenset(  # what detect_type() can answer, as rules files write them
    "pdf docx doc odt rtf txt xlsx xls ods pptx ppt odp jpg jpx png gif webp tif bmp heic avif psd "
    "zip rar 7z gz tar epub eml msg ics html iwork exe elf unknown "
    "mp4 m4v mov avi webm mkv wmv mpg flv 3gp".split()
)
TYPE_ALIASES = {"jpeg": "jpg", "tiff": "tif", "heif": "heic"}
IMAGE_TYPES = frozenset({"jpg", "jpx", "png", "gif", "webp", "tif", "bmp", "heic", "avif", "psd"})
VIDEO_TYPES = frozenset({"mp4", "m4v", "mov", "avi", "webm", "mkv", "wmv", "mpg", "flv", "3gp"})  # filetype's names
EXECUTABLE_TYPES = frozenset({"exe", "elf", "swf", "crx", "deb", "rpm", "wasm"})
# Archives intake does not open (it opens ZIP only, core/containers.py): an applicant may send the whole
# application as one .rar, .7z or .tar.gz; a person opens it (the `filetype` library's names, lower-cased)
UNOPENED_ARCHIVES = frozenset({"rar", "7z", "gz", "tar", "bz2", "xz", "zst", "cab", "lz", "lz4", "lzo", "z", "ar",
                               "br"})


def detect_type(content: bytes) -> str:
    head = content[:8192]
    if head.startswith(OLE_MAGIC) and _OUTLOOK_ITEM in content:
        return "msg"
    kind = filetype.guess(head)  # it reads no further than the first 8 KiB anyway
    if kind is not None:
        found = str(kind.extension).lower()
        return "iwork" if found == "zip" and _is_iwork(content) else found
    if _is_heif_hevc(head):
        return "heic"
    text = head.lstrip()[:512].lower()
    if text.startswith(b"{\\rtf"):
        return "rtf"
    if text.startswith(b"begin:vcalendar"):
        return "ics"
    if text.startswith((b"<!doctype html", b"<html")):
        return "html"
    if _looks_like_email(text):
        return "eml"
    if _is_text(head):
        return "txt"
    return "unknown"


_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file (old Office documents, Outlook .msg)
# the entry every Outlook item (.msg) has, and no document
_OUTLOOK_ITEM = "__properties_version1.0".encode("utf-16-le")
IWORK_NAMES = (b"Index/Document.iwa", b"Index/Presentation.iwa", b"Index/Metadata.iwa", b"index.apxl",
                b"QuickLook/Preview.pdf")  # Pages/Numbers/Keynote, and iWork '09
ZIP_DIRECTORY_TAIL = 1 << 20  # bytes at the end of a ZIP where its central directory (every entry's name) is looked for


def _is_iwork(content: bytes) -> bool:
    """A ZIP that is an iWork document: one of its entries (named in its first local header, or in its central
    directory, at its end) is an iWork document's."""
    tail = content[-ZIP_DIRECTORY_TAIL:]
    for name in IWORK_NAMES:
        if content[30:30 + len(name)] == name:
            return True
        at = tail.find(name, 46)
        while at >= 0:
            if tail[at - 46:at - 42] == b"PK\x01\x02":  # a central directory header: its name at byte 46
                return True
            at = tail.find(name, at + 1)
    return False


# HEIF brands of HEVC pictures and picture sequences (ISO/IEC 23008-12 annex B; MIAF's HEVC profiles)
HEVC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"MiHE", b"MiHA",
                         b"MiHB"})
HEIF_BRANDS = frozenset({b"mif1", b"msf1", b"mif2", b"miaf"})  # structural brands: the codec is among the others


def _is_heif_hevc(head: bytes) -> bool:
    """An ISO base media file whose first box, `ftyp`, names an HEVC picture brand as its major brand, or a
    structural HEIF brand (`mif1`...) with an HEVC brand among its compatible ones or, naming no codec, an HEVC
    decoder configuration (`hvcC`) in its first 8 KiB (its `meta` box comes first)."""
    size = int.from_bytes(head[:4], "big")
    if head[4:8] != b"ftyp" or not 16 <= size <= len(head):
        return False
    major, compatible = head[8:12], {head[at:at + 4] for at in range(16, size - 3, 4)}
    return major in HEVC_BRANDS or (major in HEIF_BRANDS and (bool(compatible & HEVC_BRANDS) or b"hvcC" in head))


_HEADER_LINE = re.compile(rb"(?:[!-9;-~]+[ \t]*:|From )")  # a header field's name and colon, or an mbox "From " line


def not_a_saved_message(content: bytes) -> str:
    """Why these bytes are not a message saved from a mail program (.eml), in French with what to do; "" if they
    look like one (they begin with a header line). For `intake explain`, given an Outlook .msg, a PDF, a ZIP..."""
    first = content.lstrip(b"\r\n\t \xef\xbb\xbf")[:1000]
    if first and _HEADER_LINE.match(first):
        return ""
    found = detect_type(content)
    if found == "msg":
        return ("c'est un message Outlook (.msg), pas un message .eml : ouvrez-le dans Outlook et enregistrez-le au "
                "format .eml (ou faites-le glisser dans un dossier depuis Thunderbird ou le webmail)")
    what = ("un fichier vide" if not content.strip() else
            f"un fichier {found.upper()}, qui ne commence pas par les en-têtes d'un courriel (De, À, Objet...)"
            if found not in ("txt", "unknown") else "un fichier qui ne commence pas par les en-têtes d'un courriel "
                                                    "(De, À, Objet...)")
    return f"{what} : ce n'est pas un message enregistré ; enregistrez le message depuis la messagerie au format .eml"


def _looks_like_email(text: bytes) -> bool:
    first = text.split(b"\n", 1)[0]
    return any(first.startswith(h) for h in (b"received:", b"return-path:", b"from:", b"message-id:", b"mime-version:"))


def _is_text(head: bytes) -> bool:
    for bom, codec in _UTF16_BOMS:  # Notepad's « Unicode »: UTF-16 with its mark, zero bytes in every ASCII letter
        if head.startswith(bom):
            try:  # whole code units, a character its end splits left out
                text = codecs.getincrementaldecoder(codec)().decode(head[2:len(head) - len(head) % 2], final=False)
            except UnicodeDecodeError:
                return False
            return not any(ord(c) < 9 or 13 < ord(c) < 32 for c in text)
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError:
        # Latin-1 text has no control bytes besides whitespace
        return not any(b < 9 or 13 < b < 32 for b in head)
