"""`intake case REF discard --reason T`: the way out for a case that is not an application.

A stranger citing someone else's case, a colleague's mail filed by mistake, an advert with a PDF: such a
case holds a third party's data the service has no reason to keep. It is not given a status of its own: it
is deleted at once, through the purge's own path (intake/store/deletion.py `forget_case`): an anonymous
statistics line (counted apart in `intake stats`), its messages reduced to traces (so that they are not
filed again), its files deleted, and a line in the purge log naming who discarded it and why.
A case that carries a decision is an application: its retention rule applies, it cannot be discarded.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.app import App
from intake.commands.show import find_case
from intake.core import corrections
from intake.core.retention import NOT_AN_APPLICATION
from intake.store import cases
from intake.store.database import session
from intake.store.deletion import checkpoint, empty_trash, forget_case


@dataclass(frozen=True)
class Discarded:
    reference: str
    pieces: int
    messages: int
    mails: int
    files: int  # stored files deleted from disk


def discard(app: App, ref: str, why: str, actor: str) -> Discarded:
    now = app.clock()
    with session(app.engine) as s:
        case = find_case(s, ref)
        why = corrections.check_discard(cases.state(s, case), why)
        done = forget_case(s, case, NOT_AN_APPLICATION, now, app.rules.fields, actor,
                           why=f"dossier classé sans suite par {actor}, pas une candidature : {why}")
        s.commit()
    emptied = empty_trash(app.engine, app.blobs, app.locks)
    checkpoint(app.engine)
    return Discarded(done.reference, done.pieces, done.messages, done.mails, emptied.files)
