"""A staff note on a case: a line in its history, with who wrote it."""

from __future__ import annotations

import unicodedata

from intake.app import App
from intake.commands.show import find_case
from intake.errors import UsageError
from intake.store import cases
from intake.store.database import session

MAX_NOTE = 4000  # characters
NOTE = "note"  # the kind of the history line


def clean_note(text: str) -> str:
    """The note as it will be kept: no control characters (line breaks and tabs stay), no blank edges."""
    kept = "".join(c for c in str(text) if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return kept.strip()


def add_note(app: App, ref: str, text: str, actor: str) -> str:
    """Add a note to the case's history; returns the case's reference."""
    note = clean_note(text)
    if not note:
        raise UsageError("la note est vide : écrivez ce que l'historique doit garder, par exemple « appelé le 3/12 »")
    if len(note) > MAX_NOTE:
        raise UsageError(f"la note fait {len(note)} caractères : {MAX_NOTE} au plus")
    with session(app.engine) as s:
        case = find_case(s, ref)
        cases.add_event(s, case.id, app.clock(), NOTE, note, actor)
        s.commit()
        return case.reference
