"""Which kind of piece each attachment is, under the admin's rules.

Pure: an `Attachment` and the `Rules` in, a `Verdict` out, with the evidence
in French words the admin can read in `intake explain`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from intake.core.message import Attachment
from intake.core.rules import Recogniser, Rules
from intake.core.sniff import EXECUTABLE_TYPES, IMAGE_TYPES, detect_type
from intake.core.text import fold

PIECE = "piece"  # recognised as a kind of piece
UNRESOLVED = "unresolved"  # could be a piece, not recognised: a human must look
SKIPPED = "skipped"  # not a piece (logo, signature, unsupported type)


@dataclass(frozen=True)
class Verdict:
    attachment: Attachment
    detected_type: str
    outcome: str  # PIECE, UNRESOLVED or SKIPPED
    kind: str | None
    evidence: str


def classify_attachment(attachment: Attachment, rules: Rules) -> Verdict:
    detected = detect_type(attachment.content)

    def verdict(outcome: str, kind: str | None, evidence: str) -> Verdict:
        return Verdict(attachment, detected, outcome, kind, evidence)

    if detected in EXECUTABLE_TYPES:
        return verdict(SKIPPED, None, f"programme exécutable ({detected}) : jamais une pièce")
    if detected in IMAGE_TYPES and attachment.inline:
        if attachment.referenced_in_html:
            return verdict(SKIPPED, None, "image affichée dans le corps du message (logo, signature)")
        if attachment.size < rules.inline_image_min_size:
            return verdict(SKIPPED, None, f"petite image insérée ({attachment.size} octets) : logo ou signature")
    if detected in IMAGE_TYPES and attachment.size < rules.image_min_size:
        return verdict(SKIPPED, None, f"image trop petite ({attachment.size} octets) pour être un visuel")
    name = fold(attachment.filename)
    for kind in rules.kinds:
        for rec in kind.recognisers:
            evidence = _match(rec, name, detected, attachment.size)
            if evidence:
                return verdict(PIECE, kind.key, evidence)
    if detected in rules.document_types:
        return verdict(UNRESOLVED, None, f"document {detected} que les règles ne reconnaissent pas")
    return verdict(SKIPPED, None, f"type {detected} : pas une pièce selon les règles")


def _match(rec: Recogniser, name: str, detected: str, size: int) -> str:
    """The evidence when every condition of the rule holds, else ""."""
    found = []
    if rec.types:
        if detected not in rec.types:
            return ""
        found.append(f"type {detected}")
    if rec.filenames:
        pattern = next((p for p in rec.filenames if fnmatchcase(name, p)), None)
        if pattern is None:
            return ""
        found.append(f"nom correspondant à « {pattern} »")
    if rec.min_size:
        if size < rec.min_size:
            return ""
        found.append(f"taille ≥ {rec.min_size} octets")
    return ", ".join(found)
