"""Text normalisation shared by the rules and the classifier."""

from __future__ import annotations

import unicodedata


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "’": "'", "‘": "'", "ʼ": "'",
                            "\u00a0": " ", "\u202f": " "})


def fold(text: str) -> str:
    """Lower-case, without accents, with `_`, `-` and runs of spaces as one space.

    `Dossier_INTENTION-Béthune.pdf` -> `dossier intention bethune.pdf`, so that
    rules match whatever the applicant's keyboard or file manager did.
    """
    text = str(text).translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.lower().replace("_", " ").replace("-", " ")
    return " ".join(bare.split())
