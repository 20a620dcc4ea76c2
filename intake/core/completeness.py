"""Is a case complete? From the kinds of pieces it holds and the rules."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from intake.core.french import count
from intake.core.statuses import COMPLETE, INCOMPLETE, REVIEW, CaseStatus


@dataclass(frozen=True)
class Assessment:
    status: CaseStatus
    missing: tuple[str, ...]  # required kinds absent, in the rules' order
    reason: str


def missing(present: Collection[str], required: tuple[str, ...]) -> tuple[str, ...]:
    """The required kinds a case does not hold, in the rules' order: the one definition of "missing pieces"."""
    return tuple(k for k in required if k not in present)


def assess(present: set[str] | frozenset[str], required: tuple[str, ...], unresolved: int = 0) -> Assessment:
    """`unresolved`: documents that could be pieces but were not recognised. The reason is French:
    staff read it in the digest and in `intake case`.

    A case is never `complete` on a guess and never `incomplete` when an
    unrecognised document might be the missing piece: then a human looks.
    """
    absent = missing(present, required)
    if not absent:
        return Assessment(COMPLETE, (), "toutes les pièces obligatoires sont là")
    if unresolved:
        unknown = count(unresolved, "document non reconnu", "documents non reconnus")
        return Assessment(REVIEW, absent, f"{unknown}, peut-être la pièce manquante ({', '.join(absent)})")
    return Assessment(INCOMPLETE, absent, f"manque : {', '.join(absent)}")
