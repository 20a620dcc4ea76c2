"""What staff do by hand: record a decision, correct a piece's kind, a field of the dossier, the date of
receipt, clear "À voir".

Each is one transaction with an event naming who did it. The core decides (core/casework.py: the same
completeness as the mail path, a staff decision stands, a completion notice once); intake/apply.py
carries it out. Also used by the actions in intake/commands/ and by the console.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from intake.app import App
from intake.commands.show import find_case
from intake.core import addresses, casework, corrections, decisions
from intake.core.headers import normal_address
from intake.core.statuses import CaseStatus
from intake.errors import UsageError
from intake.pipeline.apply import carry_out
from intake.store import cases, correspondents
from intake.store.database import session
from intake.store.tables import Case


@contextmanager
def changing(app: App) -> Iterator[Session]:
    """The session of a staff action that reads a case and changes it: one at a time, with the poller's
    filing and with each other (its "ingest" lock). Two submissions of one decision form at once (a double
    click, or two staff members) each read the case before the other wrote it: both were recorded and the
    applicant got the notice twice. In turn, the second one sees the notice the first one queued."""
    with session(app.engine) as s, app.locks.serialized("ingest", s):
        yield s


def who() -> str:
    """The person at the keyboard, for the case history."""
    return os.environ.get("INTAKE_USER") or os.environ.get("SUDO_USER") or getpass.getuser()


@dataclass(frozen=True)
class Decided:
    reference: str
    attention: str  # "À voir" still on the case after the decision ("" : none)
    missing: tuple[str, ...]  # required pieces still missing (labels)


def check_decision(app: App, ref: str, status: str, note: str, notify: bool, confirm_missing: bool = False
                   ) -> tuple[str, decisions.Check]:
    """(the case's reference, what the decision would meet): for a preview, before anything is recorded."""
    template = app.templates.directory / "decision" / status
    decisions.check_decision(status, notify, (template / "subject.j2").exists(), str(template))
    with session(app.engine) as s:
        case = find_case(s, ref)
        return case.reference, decisions.check(cases.state(s, case), status, note, notify, app.rules,
                                               confirm_missing=confirm_missing, tz=app.settings.timezone)


def record_decision(app: App, ref: str, status: str, note: str, actor: str, notify: bool, *,
                    confirm_missing: bool = False, clear_attention: bool = False) -> Decided:
    """Record a decision (core/decisions.py says what it must meet); with `notify`, queue its notice."""
    template = app.templates.directory / "decision" / status
    decisions.check_decision(status, notify, (template / "subject.j2").exists(), str(template), note)
    note = note.strip()
    with changing(app) as s:
        case = find_case(s, ref)
        state = cases.state(s, case)
        carry_out(app, s, decisions.decision(state, CaseStatus(status), note, actor, notify, app.rules,
                                             confirm_missing=confirm_missing, clear_attention=clear_attention,
                                             tz=app.settings.timezone), case=case, actor=actor)
        s.commit()
        return Decided(case.reference, case.attention,
                       tuple(app.rules.label(k) for k in state.assessed(app.rules).missing))


def notify_decision(app: App, ref: str, actor: str) -> str:
    """Send the notice of a decision recorded without it (the console's « Prévenir le demandeur maintenant »), with
    the motif it was recorded with; queued, the caller sends it. Returns the case's reference."""
    with changing(app) as s:
        case = find_case(s, ref)
        state = cases.state(s, case)
        if not (app.templates.directory / "decision" / case.status / "subject.j2").exists():
            raise UsageError(f"aucun modèle de courriel pour cette décision (templates/decision/{case.status})")
        recorded = [e for e in cases.events(s, case.id) if e.kind == "decision"]
        note = decisions.recorded_note(recorded[-1].detail) if recorded else ""
        effects = decisions.notify_later(state, note, actor)
        try:
            carry_out(app, s, effects, case=case, actor=actor)
            s.commit()
        except IntegrityError:  # the same notice queued meanwhile (a colleague's click)
            raise UsageError("cet avis vient d'être préparé par un collègue : il part déjà") from None
        return case.reference


def edit_field(app: App, ref: str, key: str, value: str, actor: str) -> str:
    """`intake case REF field KEY VALUE`: staff set a field of the dossier; kept when dossiers are read again."""
    with changing(app) as s:
        case = find_case(s, ref)
        detail, effects = corrections.edit_field(cases.state(s, case), key, value, actor, app.rules)
        carry_out(app, s, effects, case=case, actor=actor)
        s.commit()
        return f"{case.reference} : {detail}"


def correct_received(app: App, ref: str, when: datetime, note: str, actor: str) -> str:
    """`intake case REF received DATE`: the date of receipt, corrected; the deadlines follow."""
    with changing(app) as s:
        case = find_case(s, ref)
        detail, effects = corrections.received_date(cases.state(s, case), when, actor, note, app.clock(),
                                                    app.settings.timezone)
        carry_out(app, s, effects, case=case, actor=actor)
        s.commit()
        return f"{case.reference} : {detail}"


def mark_seen(app: App, ref: str, actor: str, note: str = "") -> str:
    """`intake case REF seen`: what "À voir" said is dealt with."""
    with changing(app) as s:
        case = find_case(s, ref)
        detail, effects = corrections.seen(cases.state(s, case), actor, note)
        carry_out(app, s, effects, case=case, actor=actor)
        s.commit()
        return f"{case.reference} : {detail}"


def remind_now(app: App, ref: str, actor: str) -> str:
    """Queue the case's next reminder today (core/casework.py `reminder_now`); the caller sends it. Returns the case's
    reference."""
    with changing(app) as s:
        case = find_case(s, ref)
        effects = reminder_effects(app, s, case, actor)
        try:
            carry_out(app, s, effects, case=case, actor=actor)
            s.commit()
        except IntegrityError:  # the same reminder (case, kind, number) queued meanwhile: by a colleague, by the worker
            raise UsageError("cette relance vient d'être préparée (par un collègue ou par l'envoi automatique) : "
                             "elle part déjà") from None
        return case.reference


def reminder_effects(app: App, s: Session, case: Case, actor: str) -> tuple:
    """What asking the case's next reminder now does (core/casework.py `reminder_now`: UsageError when it cannot go),
    for `remind_now` and the console's preview of it (web/previews.py `reminder`)."""
    now = app.clock()
    return casework.reminder_now(cases.state(s, case), app.rules, correspondents.budget(s, case.applicant, "", now),
                                 now, app.settings.timezone, actor)


def correct_piece(app: App, ref: str, file_or_id: str, kind: str, actor: str) -> tuple[str, str, str, bool]:
    """Set a piece's kind by hand (kept when rules are re-applied); returns (reference, new status, file name,
    whether it only confirmed the kind the piece had)."""
    with changing(app) as s:
        case = find_case(s, ref)
        state = cases.state(s, case)
        before = casework.find_piece(state, file_or_id)
        piece, effects = casework.correction(state, file_or_id, kind, actor, app.rules)
        carry_out(app, s, effects, case=case, actor=actor)
        s.commit()
        return case.reference, case.status, piece.filename, casework.confirms(before, piece.kind)


def piece_also(app: App, ref: str, file_or_id: str, kind: str, holds: bool, actor: str) -> tuple[str, str, str]:
    """Staff say whether a file also holds a piece of `kind` (one scan of the dossier and the letter): confirmed,
    it counts as that piece too; denied, the piece is missing again (asked, reminded). Kept when rules are
    re-applied; returns (reference, new status, file name)."""
    with changing(app) as s:
        case = find_case(s, ref)
        piece, effects = casework.also_holds(cases.state(s, case), file_or_id, kind, holds, actor, app.rules)
        carry_out(app, s, effects, case=case, actor=actor)
        s.commit()
        return case.reference, case.status, piece.filename


def recompute_status(app: App, s: Session, case: Case, actor: str) -> None:
    """After staff changed a case's pieces (merge, move): its completeness, as the mail path computes it."""
    carry_out(app, s, casework.recompute(cases.state(s, case), app.rules), case=case, actor=actor)


def own_addresses(app: App) -> frozenset[str]:
    """The service's own addresses: its watched mailboxes and their aliases (core/addresses.py `ours`)."""
    return frozenset(normal_address(a) for a in app.settings.watched | app.settings.aliases)


def confirm_address(app: App, ref: str, address: str, main: bool, actor: str) -> str:
    """`intake case REF address EMAIL [--main]`: staff confirm an address of the applicant."""
    from intake.core.headers import is_address

    address = normal_address(address)
    if not is_address(address):
        raise UsageError(f"« {address} » n'est pas une adresse électronique")
    ours = addresses.ours(address, own_addresses(app))
    if main and ours:
        raise UsageError(ours)
    with changing(app) as s:
        case = find_case(s, ref)
        detail, effects = casework.confirm_address(cases.state(s, case), address, main)
        carry_out(app, s, effects, case=case, actor=actor)
        s.commit()
    return f"{case.reference} : {detail}"
