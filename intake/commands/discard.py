"""`intake case REF discard --reason T`: the way out for a case that is not an application.

A stranger citing someone else's case, a colleague's mail filed by mistake, an advert with a PDF: such a
case holds a third party's data the service has no reason to keep. It is not given a status of its own: it
is deleted at once, through the purge's own path (intake/store/deletion.py `forget_case`): a
statistics line (counted apart in `intake stats`), its messages reduced to traces (so that they are not
filed again), its files deleted, and a line in the purge log naming who discarded it and why. Its addresses
that the service holds for nothing else are also replaced wherever other records quote them (the cited
case's history "un tiers (x@y) cite ce dossier"), as an erasure does.
A case that carries a decision is an application: its retention rule applies, it cannot be discarded.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.app import App
from intake.commands.show import find_case
from intake.commands.staff import changing
from intake.core import corrections
from intake.core.reading_budget import keys_naming
from intake.core.retention import NOT_AN_APPLICATION
from intake.pipeline import readbudget
from intake.store import applicants, cases, readings
from intake.store.deletion import checkpoint, empty_trash, forget_case
from intake.store.people import scrub


@dataclass(frozen=True)
class Discarded:
    reference: str
    pieces: int
    messages: int
    mails: int
    files: int  # stored files deleted from disk


def discard(app: App, ref: str, why: str, actor: str) -> Discarded:
    now = app.clock()
    with changing(app) as s:
        case = find_case(s, ref)
        why = corrections.check_discard(cases.state(s, case), why)
        addresses = ({a.address for a in applicants.listed(s, case.id)} | {case.applicant.lower()}) - {""}
        done = forget_case(s, case, NOT_AN_APPLICATION, now, app.rules.fields, actor,
                           why=f"dossier classé sans suite par {actor}, pas une candidature : {why}")
        s.flush()
        for address in sorted(addresses):  # held for nothing else: no longer quoted anywhere
            if not applicants.cases_of(s, address) and not applicants.named_on(s, address):
                scrub(s, address)
                # its day's reading time too (its budget starts again: the address is held for nothing)
                readings.forget_keys(s, tuple(readbudget.stored_keys(app.settings, keys_naming(address)).values()))
        s.commit()
    emptied = empty_trash(app.engine, app.blobs, app.locks)
    checkpoint(app.engine)
    return Discarded(done.reference, done.pieces, done.messages, done.mails, emptied.files)
