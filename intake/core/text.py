"""Text normalisation shared by the rules and the classifier."""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "’": "'", "‘": "'", "ʼ": "'",
                            "\u00a0": " ", "\u202f": " "})


def fold(text: str) -> str:
    """Lower-case, without accents, with `_`, `-` and runs of spaces as one space.

    `Dossier_INTENTION-Béthune.pdf` -> `dossier intention bethune.pdf`, so that
    rules match whatever the applicant's keyboard or file manager did.
    """
    text = str(text)
    if text.isascii():  # nothing to decompose (most addresses, names and subjects)
        bare = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
        bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    bare = bare.replace("_", " ").replace("-", " ")
    return " ".join(bare.split())


_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|.?)"
                     r"|\x9b[0-?]*[ -/]*[@-~]")


def terminal_safe(text: str) -> str:
    """Text fit for a staff terminal: escape sequences (CSI, OSC, DCS...) removed whole, then every other
    control character (C0 but newline and tab, DEL, C1) and bidirectional override dropped."""
    text = str(text)
    if text.isascii() and text.isprintable():  # no control character, escape or override to drop
        return text
    text = _ESCAPE.sub("", text)
    return "".join(c for c in text if c in "\n\t" or not (unicodedata.category(c) == "Cc" or c in _BIDI))


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
