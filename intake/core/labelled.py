"""Labelled lines of a dossier: « Thème : 2 – Mobilité », « Catégorie n° 1 », « Structure porteuse\tLes Jardins ».

Pure. A label (rules/fields.toml, `after`) counts only where a line, or a table's cell, starts with it, after a
bullet or a section number: « Le thème de la mobilité nous tient à cœur » names no theme, « Nous construisons des
infrastructures » no organisation, « Pour nous contacter : » no contact. What follows the label is its value:

    Thème : Mobilité          Thème – 2          Thème n° 2          THÈME 2 - MOBILITÉ
    Thème\tMobilité           (a DOCX or ODT table row: its cells are separated by tabs; OCR leaves spaces)
    | Thème | Mobilité |      (a table written with bars)
    Thème :                   (the value on the next line, unless that line is a box of a list to tick)
    Thème principal (un seul) : Mobilité   (a few words of the form's own before « : »)

`values(lines, labels)` gives each such value in the text's order; `values(..., loose=True)` those after a few
words of the form's own (« Structure juridique : Association loi 1901 » names the organisation less surely than
« Structure : Les Jardins »). `ticked(value)` reads a list of boxes (« ☐ 1 ☒ 2 »), `numbers(value)` « 2 », « n°2 ».
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

from intake.core.text import fold

# where a label may start: a line, a table's cell (after a tab, a bar, or the spaces a PDF's columns leave), each
# run of them tried once (possessive: a line of 200,000 spaces is not tried at each of its places); what may
# stand before it: a bullet, a bar, a section number (« 3. », « 3) », « a) », « III - »)
_LEAD = (r"(?:^|(?<![\s|*•·▪►>#\-–—])(?=\t|\||\s{3}))[\s|*•·▪►>#\-–—]*+"
         r"(?:(?:\d{1,2}|[a-h]|[ivx]{1,4})\s*[.)]\s*|[ivx]{1,4}\s+[\-–—]\s+)?")
# what separates a label from its value
_SEPARATOR = r"\s*(?:[:=|\t]|\s[\-–—]\s|[\-–—](?=\s*\d))\s*"
# a number of a list (not « 2026 », « 2,5 km », « 2e édition »), and those that follow it (« 2 et 3 », « n° 2, n° 5 »)
_NUMBER = r"(?:n\s*[°o]\s*\.?\s*|numero\s*)?(\d{1,2})(?!\d|[.,]\d|\s*(?:e|er|eme)\b)"
_FIRST = re.compile(r"[\s(\[#]*" + _NUMBER)
_NEXT = re.compile(r"\s*(?:[,;/&+]|\bet\b|\bou\b)\s*[(\[#]*" + _NUMBER)
_TICKED = ("☒", "☑", "✔", "✓", "■", "[x]", "(x)")
_BOX = re.compile(r"[☐□❏▢☒☑✔✓■]|\[[ xX]\]|\([ xX]\)")


def aligned(line: str) -> str:
    """`line` folded character by character (lower case, accents dropped), each character giving one, so that a
    place in it is the same place in `line` (a ligature, « œ », stays as it is). In C but for the characters other
    than ASCII: a file's text is up to 200,000 characters."""
    if not line.isascii():
        line = _NOT_ASCII.sub(lambda m: _one(m.group()), line)
    return line.translate(_LOWER)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@functools.lru_cache(maxsize=4096)
def _one(c: str) -> str:
    folded = fold(c)
    return folded if len(folded) == 1 else (c.lower() if len(c.lower()) == 1 else c)


@functools.lru_cache(maxsize=256)
def _pattern(labels: tuple[str, ...], loose: bool) -> re.Pattern[str]:
    """One pattern for all the labels of a field, tried in their order at each place."""
    words = "|".join(r"[\s'’_-]*".join(re.escape(w) for w in re.split(r"[\s']+", label) if w) for label in labels)
    # right after the label (and « n° », « numéro »: a table's « Thème n° » cell): a separator, the end of the
    # cell, the spaces between two columns (OCR), or a number (« Thème 2 », « Catégorie n° 1 »);
    # loose: a few words of the form's own first, then « : » (« Nom de la structure porteuse : »)
    after = (r"[^:\t|.!?;]{1,40}?\s*:\s*" if loose else
             rf"(?:\s*(?:n\s*[°o]\.?|numero)(?![a-z]))?(?:{_SEPARATOR}|\s*$|\s*(?=\t)|\s*(?=\d)|\s{{3,}}(?=\S))")
    return re.compile(rf"{_LEAD}(?P<label>{words})(?![a-z0-9]){after}")


def values(lines: list[str], labels: tuple[str, ...], loose: bool = False,
           folded: list[str] | None = None, others: tuple[str, ...] = ()) -> Iterator[str]:
    """The values given on the lines labelled by one of `labels` (folded), as written, in the text's order: right
    after their label, or (`loose`) after a few words of the form's own. A label at the end of its line gives the
    next non-empty line (of the next two), or the list of boxes to tick that follows it, as one value; not a line
    that is itself labelled (by `labels`, which gives its own value, or `others`, the other fields' labels) nor
    one ending with « : »: in a form whose answers were left empty, « Titre du projet : » is followed by
    « Structure porteuse : » or « Adresse : », no title. `folded`: the lines `aligned`, when the caller has them."""
    if not labels:
        return
    pattern = _pattern(labels, loose)
    label_line = _pattern(tuple(dict.fromkeys(labels + others)), False)
    for i, line in enumerate(folded if folded is not None else [aligned(line) for line in lines]):
        match = pattern.search(line)
        if match is None:
            continue
        value = _cell(lines[i][match.end():], bars=line.lstrip().startswith("|"))
        if not value:
            following = [n for n in lines[i + 1:i + 3] if n.strip()][:1]
            if following and _BOX.match(following[0].strip()):  # « Thème » over a list of boxes
                following = list(itertools.takewhile(lambda n: _BOX.match(n.strip()),
                                                     [n for n in lines[i + 1:i + 30] if n.strip()]))
            elif following and (following[0].rstrip().endswith(":") or label_line.search(aligned(following[0]))):
                following = []  # another label: this one's answer was left empty
            value = " ".join(n.strip() for n in following)
        if value:
            yield value


def ticked(value: str) -> list[str] | None:
    """The texts after the ticked boxes of a value that has boxes (« ☐ 1 ☒ 4 ☐ 5 » -> ["4"]), or None."""
    parts = _BOX.split(value)
    if len(parts) == 1:
        return None
    boxes = _BOX.findall(value)
    return [text.strip() for box, text in zip(boxes, parts[1:], strict=True)
            if box.strip().lower() in _TICKED and text.strip()]


def _cell(rest: str, bars: bool) -> str:
    """A value up to the end of its table cell (a tab, three spaces, a bar in a table written with bars: « Jardins |
    Béthune » is a title elsewhere), the separators around it set aside."""
    value = re.split(r"\t|\s{3,}|\s\|" if bars else r"\t|\s{3,}", rest, maxsplit=1)[0]
    return value.strip(" :|-–—\u00a0")


def numbers(value: str) -> list[int]:
    """The numbers a labelled value starts with (« 2 », « n°2 – Mobilité », « (2) », « 2 et 3 » -> [2, 3]); none
    for « 2026 », « 2,5 km », « 2e édition », which are no numbers of a list."""
    text = fold(value)
    match = _FIRST.match(text)
    found = []
    while match is not None:
        found.append(int(match.group(1)))
        match = _NEXT.match(text, match.end())
    return found


def numbers_alone(value: str) -> bool:
    """Whether a value is its numbers and nothing else (« 2 », « n° 2. », « (2) », « 2 et 3 »), not « 3 par an »."""
    text = fold(value)
    match, end = _FIRST.match(text), -1
    while match is not None:
        end = match.end()
        match = _NEXT.match(text, end)
    return end >= 0 and not text[end:].strip(" .)]")
