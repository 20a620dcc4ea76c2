"""Text normalisation shared by the rules and the classifier."""

from __future__ import annotations

import functools
import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "’": "'", "‘": "'", "ʼ": "'",
                            "\u00a0": " ", "\u202f": " "})


_HIDDEN = ("Cc", "Cf", "Cs", "Co")  # control, format, surrogate and private-use characters


def shown(c: str) -> bool:
    """Whether a reader sees the character `c`: not a control, format (bidirectional overrides and isolates,
    zero-width characters), surrogate or private-use one; the zero-width joiner that makes one emoji of two is kept.
    A sender's text cleaned of the others cannot show « 1000-6202-CSB » after U+202E as another case's reference."""
    return c == "\u200d" or unicodedata.category(c) not in _HIDDEN


def fold(text: str) -> str:
    """Lower-case, without accents, with `_`, `-` and runs of spaces as one space.

    `Dossier_INTENTION-Béthune.pdf` -> `dossier intention bethune.pdf`, so that
    rules match whatever the applicant's keyboard or file manager did.

    Each character other than ASCII is folded once (`_fold_char`: its ligature undone, NFKD, combining marks
    dropped: NFKD decomposes character by character, and the marks it reorders are all dropped) and replaced
    in C: the text of every file of a message is folded in the poller's process, up to 200,000 characters a
    file, and a Python step per character took 7 s there for 140 files of text (the fifth attacker's review).
    """
    text = str(text)
    if not text.isascii():
        others = len(text.encode("utf-8", "surrogatepass")) - len(text)  # at least one per other character
        if others * 8 < len(text):  # mostly ASCII (French): only the other characters are looked at
            text = _NOT_ASCII.sub(lambda m: _fold_char(m.group()), text)
        else:  # mostly other scripts: one table of the characters it has, applied in C
            text = text.translate({ord(c): _fold_char(c) for c in set(text) if c > "\x7f"})
    bare = text.lower().replace("_", " ").replace("-", " ")
    return " ".join(bare.split())


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=65536)
def _fold_char(c: str) -> str:
    return "".join(x for x in unicodedata.normalize("NFKD", c.translate(_LIGATURES)) if not unicodedata.combining(x))


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



GARBLED_MIN_CHARS = 40  # visible characters below which a text says too little to be judged (a stamp, a page number)
GARBLED_JUNK = 0.1  # fraction of visible characters no font maps to a letter: control, private-use, unassigned, U+FFFD
GARBLED_MIN_LETTERS = 60  # letters (of words of two or more, folded) needed to judge by vowels
GARBLED_VOWELS = 0.22  # fewest vowels among them in text: French has about 45 %, English 38 %, glyph numbers 17 %
_WORD = re.compile(r"[a-z]{2,}")


def garbled(text: str) -> bool:
    """Whether a PDF's text layer is no text: its fonts map their glyphs to no letters, or to the wrong ones, and a
    reader gets junk where the page shows words. A TrueType font written as glyph numbers (Identity-H) without a
    ToUnicode map gives each glyph's number in the font's order, « 0RQVLHXU\\x03OH\\x030DLUH » for « Monsieur le
    Maire »; a Type 3 or symbol font, control or private-use characters, or U+FFFD. Such text matches no word of the
    rules: the page is read by OCR instead, as a scan's (adapters/extract.py).

    Garbled when, among at least GARBLED_MIN_CHARS visible characters, more than GARBLED_JUNK are characters no
    letter is (control but the white space ones; private-use; unassigned; U+FFFD); or when, among at least
    GARBLED_MIN_LETTERS letters of its words (folded: accents and case ignored), fewer than GARBLED_VOWELS are vowels
    (a, e, i, o, u, y): glyph numbers read as letters turned the vowels into consonants (a -> D, e -> H, o -> R).
    Text in another alphabet is not judged by its vowels."""
    visible = [c for c in text if c.strip()]
    if len(visible) < GARBLED_MIN_CHARS:
        return False
    junk = sum(1 for c in visible if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs"))
    if junk > GARBLED_JUNK * len(visible):
        return True
    letters = "".join(_WORD.findall(fold(text)))
    vowels = sum(letters.count(v) for v in "aeiouy")
    return len(letters) >= GARBLED_MIN_LETTERS and vowels < GARBLED_VOWELS * len(letters)
