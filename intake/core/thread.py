"""Which case a message belongs to: its subject's reference, its In-Reply-To/References, its sender.

Pure. The shell looks up the cases these clues point at (`Clues`); `match()`
weighs them. Strong clues (reference, headers) that agree join the case;
clues that disagree are ambiguous and go to a human; the weak clue (the
sender's single open incomplete case, and the message carries pieces) joins
only when nothing says it is another project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_STATUSES = ("incomplete", "review")


@dataclass(frozen=True)
class CaseView:
    """What the policy needs to know of an existing case."""

    id: int
    reference: str
    status: str
    applicant: str
    kinds: frozenset[str] = frozenset()
    hashes: frozenset[str] = frozenset()  # SHA-256 of every file already on the case
    unresolved: int = 0  # documents on the case not recognised yet


@dataclass(frozen=True)
class Clues:
    by_reference: tuple[CaseView, ...] = ()  # cases whose reference the subject names
    by_headers: tuple[CaseView, ...] = ()  # cases of the messages In-Reply-To/References name
    open_of_sender: tuple[CaseView, ...] = ()  # the sender's incomplete or review cases


@dataclass(frozen=True)
class Match:
    case: CaseView | None  # the case to join; None: a new case (or none at all)
    ambiguous: tuple[CaseView, ...] = ()  # several candidates: a human decides
    reason: str = ""


def references_in(subject: str, prefix: str) -> tuple[str, ...]:
    """Case references named in a subject, normalised: `bsc 2026-7` -> `BSC-2026-0007`.

    Tolerates lost brackets, RE:/TR:/Fwd:/AW: prefixes, spaces, underscores or
    no separator, and missing leading zeros.
    """
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(prefix)}[\s_\-–/.]*((?:19|20)\d\d)[\s_\-–/.]*(\d{{1,6}})(?!\d)",
                         re.IGNORECASE)
    return tuple(dict.fromkeys(f"{prefix.upper()}-{y}-{int(n):04d}" for y, n in pattern.findall(subject or "")))


def match(clues: Clues, kinds_in_message: frozenset[str]) -> Match:
    strong = {c.id: c for c in clues.by_reference + clues.by_headers}
    if len(strong) == 1:
        case = next(iter(strong.values()))
        how = "son objet cite le dossier" if clues.by_reference else "il répond à un message du dossier"
        return Match(case, reason=f"{how} {case.reference}")
    if len(strong) > 1:
        refs = ", ".join(sorted(c.reference for c in strong.values()))
        return Match(None, tuple(strong.values()), f"il désigne plusieurs dossiers ({refs})")
    if not kinds_in_message or not clues.open_of_sender:
        return Match(None)
    if len(clues.open_of_sender) > 1:
        refs = ", ".join(sorted(c.reference for c in clues.open_of_sender))
        return Match(None, clues.open_of_sender, f"l'expéditeur a plusieurs dossiers ouverts ({refs})")
    case = clues.open_of_sender[0]
    if "dossier" in kinds_in_message and "dossier" in case.kinds:
        return Match(None, reason=f"un nouveau dossier d'intention : un autre projet que {case.reference}")
    return Match(case, reason=f"seul dossier ouvert de l'expéditeur : {case.reference}, et le message apporte des pièces")
