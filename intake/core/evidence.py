"""Why a file was recognised, said for staff: the recognition's evidence (core/classify.py) is written for the admin
who tunes rules/pieces.toml (« type pdf, nom correspondant à « *dossier* », expressions trouvées :
« (?i)titre\\s+du\\s+projet » (7 points) »): a rule's file-name pattern, its regular expressions, the points and the
rules' keys. Staff read a sentence instead (« reconnu à son nom de fichier et à des mots de son texte : « dossier
d'intention » »); the evidence itself stays, behind « détails ».

Pure: text in, text out. Evidence this module does not recognise is returned as it is, only its points taken out
and a rule's key named by its label.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_POINTS = re.compile(r" \(\d+ points?\)")
_QUOTED = re.compile(r"« (.*?) »")
_KEY_AFTER = re.compile(r"(ressemble à : |indices trop faibles pour )([a-z_]+)\b")
_TYPE = re.compile(r"^type ([\w.+-]+)")
_CONTRADICTORY = "indices contradictoires : "  # classify.py: « k1 (8 points), k2 (7 points) », « DECOY ou k1 / k2 »


def _words(evidence: str) -> list[str]:
    start = evidence.find("mots trouvés : ")
    if start < 0:
        return []
    end = evidence.find(", expressions trouvées", start)
    return _QUOTED.findall(evidence[start:end if end >= 0 else len(evidence)])


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _clues(evidence: str) -> list[str]:
    """What a rule's score was made of, in words: its file name, words or phrases of its text, its type."""
    clues = []
    if "nom correspondant à « " in evidence:
        clues.append("son nom de fichier")
    words = _words(evidence)
    if words:
        clues.append("des mots de son texte (" + ", ".join(f"« {w} »" for w in words) + ")")
    if "expressions trouvées : " in evidence:
        clues.append("des formules de son texte")
    found = _TYPE.match(evidence)
    if not clues and found:
        clues.append(f"son type de fichier ({found.group(1)})")
    return clues


def for_staff(evidence: str, label: Callable[[str], str]) -> str:
    """The evidence as a sentence for staff (`label`: a kind's key -> its French name)."""
    if not evidence:
        return ""
    head, sep, also = evidence.partition(" ; contient peut-être aussi : ")
    also = also.split(" (un seul fichier", 1)[0] if sep else ""
    weak = head.startswith("indices trop faibles pour ")
    scored = weak or _TYPE.match(head) or "nom correspondant à « " in head or "mots trouvés : " in head
    clues = _clues(head.split(" : ", 1)[1] if weak and " : " in head else head) if scored else []
    if clues:
        said = "reconnu " + _join([f"à {clue}" for clue in clues])  # « à son nom … et à des mots », as French says it
        if weak:
            key = _KEY_AFTER.search(head)
            kind = label(key.group(2)) if key else "une pièce"
            said = f"indices trop faibles pour en être sûr (peut-être : {kind}) : {_join(clues)}"
    elif head.startswith(_CONTRADICTORY):  # the kinds it reads as much as each other, by their names
        decoy, _, keys = _POINTS.sub("", head)[len(_CONTRADICTORY):].rpartition(" ou ")
        names = [label(k) for k in re.split(r", | / ", keys)]
        said = _CONTRADICTORY + ", ".join(filter(None, (decoy, *names[:-1]))) + f" ou {names[-1]}"
    else:
        said = _KEY_AFTER.sub(lambda m: m.group(1) + label(m.group(2)), _POINTS.sub("", head))
    return said + (f" ; contient peut-être aussi : {also}" if also else "")


def has_details(evidence: str, label: Callable[[str], str]) -> bool:
    """Whether the evidence says more than its sentence for staff (« détails » is then offered)."""
    return bool(evidence) and for_staff(evidence, label) != evidence


# A history line about a file (core/casework.py `piece_events`, `reread`): « FILE : KIND (EVIDENCE) », « FILE : OLD →
# NEW (EVIDENCE) », « FILE : pas une pièce (EVIDENCE) ». Stored as written; staff read the evidence in words.
_HISTORY = re.compile(r"^(?P<head>.*? : [^():]*?) \((?P<evidence>.*)\)$", re.S)
HISTORY_KINDS = ("piece", "skipped")


def history_for_staff(kind: str, detail: str, label: Callable[[str], str]) -> tuple[str, str]:
    """A history line as staff read it, and the rules' evidence it held when that said more ("" otherwise):
    « Dossier.docx : dossier d'intention (type docx, nom correspondant à « *dossier* » (5 points)) » ->
    (« Dossier.docx : dossier d'intention — reconnu à son nom de fichier », « type docx, nom … (5 points) »)."""
    found = _HISTORY.match(detail) if kind in HISTORY_KINDS else None
    if found is None:
        return detail, ""
    head, raw = found.group("head"), found.group("evidence")
    said = for_staff(raw, label)
    if not said:
        return head, ""
    return f"{head} — {said}", raw if said != raw else ""
