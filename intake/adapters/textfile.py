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


def missing_hint(path: Path, shipped: str, taken: tuple[str, ...] = ()) -> str:
    """What to do about a file the admin's folder lacks: rename the look-alike that is there in its place (Notepad's
    « body.txt.j2.txt », a « conversations.toml.bak », a « pieces-old.toml ») if there is one, else put it back from
    `shipped` (the folder it was copied from at installation). Never offered: a file named in `taken` (another
    rules file), nor one of the other format (« .html.j2 » for a « .txt.j2 »), whose text would reach the wrong part
    of a mail."""
    import difflib

    path = Path(path)
    twin = {".txt.j2": ".html.j2", ".html.j2": ".txt.j2"}
    other = next((o for s, o in twin.items() if path.name.endswith(s)), None)
    try:
        names = sorted(p.name for p in path.parent.iterdir()
                       if p.is_file() and p.name != path.name and p.name not in taken)
    except OSError:
        names = []
    base = path.name.split(".")[0].lower()
    alike = [n for n in names if not (other and n.endswith(other))
             and (n.startswith(path.name) or (base and base in n.lower() and n.endswith(path.suffix)))]
    alike = alike or difflib.get_close_matches(path.name, [n for n in names if not (other and n.endswith(other))],
                                               n=1, cutoff=0.8)
    if alike:
        return f"« {alike[0]} » est dans ce dossier : renommez-le « {path.name} » (son nom exact)"
    return f"remettez-le, depuis le dossier {shipped} livré avec intake (celui copié à l'installation)"
