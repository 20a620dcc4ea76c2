"""What staff do by hand: record a decision, correct a piece's kind.

Each is one transaction with an event naming who did it. The core decides (core/casework.py: the same
completeness as the mail path, a staff decision stands, a completion notice once); intake/apply.py
carries it out. Also used by the actions in intake/commands/ and by the console.
"""

from __future__ import annotations

import getpass
import os

from sqlmodel import Session

from intake.app import App
from intake.commands.show import find_case
from intake.core import casework
from intake.core.statuses import CaseStatus
from intake.errors import IntakeError
from intake.pipeline.apply import carry_out
from intake.store import cases
from intake.store.database import session
from intake.store.tables import Case


def who() -> str:
    """The person at the keyboard, for the case history."""
    return os.environ.get("INTAKE_USER") or os.environ.get("SUDO_USER") or getpass.getuser()


def record_decision(app: App, ref: str, status: str, note: str, actor: str, notify: bool) -> str:
    template = app.templates.directory / "decision" / status
    casework.check_decision(status, notify, (template / "subject.j2").exists(), str(template))
    with session(app.engine) as s:
        case = find_case(s, ref)
        carry_out(app, s, casework.decision(cases.state(s, case), CaseStatus(status), note, actor, notify), case=case,
                  actor=actor)
        s.commit()
        return case.reference


def correct_piece(app: App, ref: str, file_or_id: str, kind: str, actor: str) -> tuple[str, str, str]:
    """Set a piece's kind by hand (kept when rules are re-applied); returns (reference, new status, file name)."""
    with session(app.engine) as s:
        case = find_case(s, ref)
        piece, effects = casework.correction(cases.state(s, case), file_or_id, kind, actor, app.rules)
        carry_out(app, s, effects, case=case, actor=actor)
        s.commit()
        return case.reference, case.status, piece.filename


def recompute_status(app: App, s: Session, case: Case, actor: str) -> None:
    """After staff changed a case's pieces (merge, move): its completeness, as the mail path computes it."""
    carry_out(app, s, casework.recompute(cases.state(s, case), app.rules), case=case, actor=actor)


def confirm_address(app: App, ref: str, address: str, main: bool, actor: str) -> str:
    """`intake case REF address EMAIL [--main]`: staff confirm an address of the applicant."""
    from intake.core.parse import is_address

    address = address.strip().lower()
    if not is_address(address):
        raise IntakeError(f"{address!r} is not an email address")
    with session(app.engine) as s:
        case = find_case(s, ref)
        detail, effects = casework.confirm_address(cases.state(s, case), address, main)
        carry_out(app, s, effects, case=case, actor=actor)
        s.commit()
    return f"{case.reference} : {detail}"
