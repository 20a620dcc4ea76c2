"""The name a piece is stored, shown, downloaded and exported under: its extension comes from what its bytes
are (core/sniff.py), never from what the sender called it.

A file name is the sender's to choose: `courrier maire.hta` may hold a valid PDF letter, and a PDF reader
opens it, but once downloaded or unpacked from the jury's ZIP on Windows, a double-click runs it with
mshta. So a name whose extension does not fit the type found in the bytes gets that type's extension
added (`courrier maire.hta` -> `courrier maire.hta.pdf`), and the mismatch is said to staff.
"""

from __future__ import annotations

import re
import unicodedata

# The extensions each detected type goes by; the first is the one added. A type not listed here keeps
# its detected name as extension (`heic`, `avif`, ...); `unknown` gets `.bin`: nothing opens it by itself.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "pdf": ("pdf",), "jpg": ("jpg", "jpeg", "jpe", "jfif"), "png": ("png",), "gif": ("gif",), "webp": ("webp",),
    "tif": ("tif", "tiff"), "bmp": ("bmp",), "heic": ("heic", "heif"), "jpx": ("jp2", "jpx", "jpf"),
    "iwork": ("pages", "numbers", "key"),
    "docx": ("docx", "docm", "dotx"), "doc": ("doc", "dot"), "odt": ("odt", "ott"), "rtf": ("rtf",),
    "txt": ("txt", "text", "csv", "md"), "xlsx": ("xlsx",), "xls": ("xls",), "ods": ("ods",), "pptx": ("pptx", "ppsx"),
    "ppt": ("ppt", "pps"), "odp": ("odp",), "zip": ("zip",), "rar": ("rar",), "7z": ("7z",), "gz": ("gz", "tgz"),
    "tar": ("tar",), "epub": ("epub",), "eml": ("eml",), "msg": ("msg",), "ics": ("ics",), "html": ("html", "htm"),
    "mp4": ("mp4", "m4v"), "mov": ("mov", "qt"), "mpg": ("mpg", "mpeg"), "avi": ("avi",), "mp3": ("mp3",),
    "wav": ("wav",), "ogg": ("ogg", "oga", "ogv"), "ps": ("ps", "eps"), "ico": ("ico",), "unknown": ("bin",),
}
NOT_FILES = ("link",)  # a transfer link: its "name" is what the sender wrote, there is no file to open


def extension(filename: str) -> str:
    """`Courrier.Maire.PDF` -> `pdf`; "" when the name has none."""
    name = filename.rsplit("/", 1)[-1]
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem.strip(" .") and ext and " " not in ext and len(ext) <= 10 else ""


def fits(filename: str, detected_type: str) -> bool:
    """The name's extension is one the detected type goes by."""
    return extension(filename) in EXTENSIONS.get(detected_type, (detected_type,))


def safe_name(filename: str, detected_type: str) -> str:
    """The name to store, serve and export: the sender's, with the detected type's extension added when its
    own does not fit (`x.hta` holding a PDF -> `x.hta.pdf`; `scan` -> `scan.pdf`). The same name again for
    a name that already fits, so that it can be applied to names stored before."""
    if detected_type in NOT_FILES or not detected_type or fits(filename, detected_type):
        return filename
    base = filename.rstrip(" .") or "fichier"
    return f"{base}.{EXTENSIONS.get(detected_type, (detected_type,))[0]}"


def mismatch(filename: str, detected_type: str) -> str:
    """What staff are told when a file's own extension says something else than its bytes ("" : nothing):
    `courrier maire.hta : extension .hta mais contenu pdf (enregistré sous « courrier maire.hta.pdf »)`."""
    own = extension(filename)
    if not own or detected_type in NOT_FILES or not detected_type or fits(filename, detected_type):
        return ""
    what = "de type inconnu" if detected_type == "unknown" else detected_type.upper()
    return (f"extension trompeuse : « {filename} » est en réalité un fichier {what} (extension .{own}) ; "
            f"enregistré sous « {safe_name(filename, detected_type)} »")


def zip_entry(name: str, fallback: str = "fichier") -> str:
    """A name for an entry of a ZIP the service builds (the jury's, a person's export): no path, no character a file
    system refuses (each run becomes « _ »), no other control or format character (C1 controls, zero-width and
    bidirectional marks: a right-to-left override before « gpj.exe.pdf » shows that name in a file manager as
    « fdp.exe.jpg »)."""
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(c for c in name if c.isascii() or unicodedata.category(c) not in ("Cc", "Cf"))
    name = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", "_", name).strip(" .")
    if len(name) > ZIP_ENTRY:  # cut before the extension, which says what the file is: the one safe_name added
        stem, dot, ext = name.rpartition(".")  # (« ….hta.pdf » cut at its end was « ….hta », run when opened)
        name = (stem[:ZIP_ENTRY - len(ext) - 1].rstrip(" .") + dot + ext) if dot and 0 < len(ext) <= 10 and stem \
            else name[:ZIP_ENTRY]
    return name or fallback


ZIP_ENTRY = 120  # characters of a ZIP entry's name
