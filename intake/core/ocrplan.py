"""Which files are worth an OCR: only those whose text can change what the message decides.

Pure. A message's files are first read without OCR (intake/reading.py): text layers, Office
files, pixels. Some files' text can only come from OCR (`needs_ocr`: the photo or the scan of a
page). OCR costs about a second a page, so it runs only where its text can change the outcome:
- the rules cannot settle the file without its text: it is unresolved (not read, contradictory
  or too weak evidence, a document the rules do not recognise);
- a required kind is still missing from the message, the file was recognised by its type alone (any
  photo is a visual: it may be the photo of the missing letter), and it could be that kind by its
  text (a rule of that kind takes its type and looks for words or expressions). A file recognised
  by its name (`courrier_scan.pdf`) is what its name says: its text is not read to look for another;
- it is the dossier, recognised without its text, and rules/fields.toml reads fields from it.
Any other such file keeps its first reading; `intake explain` shows why it was not OCR'd.
"""

from __future__ import annotations

from collections.abc import Mapping
from fnmatch import fnmatchcase

from intake.core.classify import PIECE, UNRESOLVED, Verdict
from intake.core.content import Extracted
from intake.core.message import Attachment
from intake.core.rules import Rules
from intake.core.text import fold

DOSSIER = "dossier"  # the kind whose text gives the case's fields (rules/fields.toml)


def plan_ocr(verdicts: list[Verdict], contents: Mapping[str, Extracted], rules: Rules
             ) -> tuple[frozenset[str], dict[str, str]]:
    """(SHA-256 of the files to OCR, {SHA-256: why not} for the other files that need OCR to give a text)."""
    present = {v.kind for v in verdicts if v.outcome == PIECE}
    missing = [k for k in rules.required if k not in present]
    todo: set[str] = set()
    why_not: dict[str, str] = {}
    for v in verdicts:
        sha = v.attachment.sha256
        content = contents.get(sha)
        if content is None or not getattr(content, "needs_ocr", False):
            continue
        reason = _why_not(v, missing, rules)
        if reason:
            why_not.setdefault(sha, reason)
        else:
            todo.add(sha)
    return frozenset(todo), {sha: why for sha, why in why_not.items() if sha not in todo}


def _why_not(v: Verdict, missing: list[str], rules: Rules) -> str:
    """"" when OCR can change the outcome, else why not (French, for explain)."""
    if v.outcome == UNRESOLVED:
        return ""
    if v.outcome != PIECE:
        return f"son texte ne changerait rien : {v.evidence}"
    if not named_as(v.attachment, rules, v.kind) and any(
            could_be(rules, kind, v.detected_type) for kind in missing if kind != v.kind):
        return ""
    if v.kind == DOSSIER and rules.fields:
        return ""
    if named_as(v.attachment, rules, v.kind):
        return f"son texte ne changerait rien : son nom le désigne comme « {rules.label(v.kind)} »"
    return (f"son texte ne changerait rien : reconnu « {rules.label(v.kind)} » sans lui, et il ne manque aucune "
            "pièce obligatoire qu'il pourrait être")


def could_be(rules: Rules, kind: str, detected_type: str) -> bool:
    """Whether some rule of `kind` takes this type of file and looks for words or expressions in its text."""
    return any((not rec.types or detected_type in rec.types) and (rec.words or rec.regex)
               for k in rules.kinds if k.key == kind for rec in k.recognisers)


def named_as(attachment: Attachment, rules: Rules, kind: str | None) -> bool:
    """Whether the file's name matches a name pattern of `kind` (the classifier's 3 points for a name)."""
    name = fold(attachment.filename)
    return any(fnmatchcase(name, p) for k in rules.kinds if k.key == kind for rec in k.recognisers
               for p in rec.filenames)
