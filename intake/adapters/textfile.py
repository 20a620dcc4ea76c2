"""The files an admin edits (config.toml, rules/*.toml, templates/): their text, or one line saying why not.

Editors on Windows save a byte-order mark (BOM) at the start of UTF-8 files, and some save as Latin-1,
Windows-1252 or UTF-16 ("Unicode"). A BOM is dropped: it is no text (left in, it would reach applicants'
mail and make TOML fail on line 1). Any other encoding is refused with the line of the first bad byte and
the fix, since guessing one could send applicants mangled accents.
"""

from __future__ import annotations

from pathlib import Path

BOM = b"\xef\xbb\xbf"
FIX = "enregistrez le fichier en UTF-8"


def decode(data: bytes) -> tuple[str, int | None, str]:
    """(text, None, "") for UTF-8 (a leading BOM dropped); else ("", line of the first bad byte or None, problem)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", None, f"enregistré en UTF-16 (« Unicode ») : {FIX}"
    try:
        return data.removeprefix(BOM).decode("utf-8"), None, ""
    except UnicodeDecodeError as exc:
        body = data.removeprefix(BOM)
        line = body.count(b"\n", 0, exc.start) + 1
        byte = body[exc.start]
        guess = " (un caractère accentué enregistré en Latin-1 ou Windows-1252)" if byte >= 0x80 else ""
        return "", line, f"pas du texte UTF-8 : octet 0x{byte:02X} à la ligne {line}{guess} : {FIX}"


def read(path: Path) -> tuple[str, int | None, str]:
    """`decode` of the file's bytes. OSError (missing file, permission) is left to the caller."""
    return decode(Path(path).read_bytes())
