"""What staff do by hand: record a decision, correct a piece's kind.

Each is one transaction with an event naming who did it; completeness is
recomputed with the same pure functions the mail path uses (`recompute_status`,
also used by the actions in intake/commands/).
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from sqlmodel import Session, select

from intake import applicants
from intake.adapters.db import Case, CaseEvent, Outbox, Piece, session
from intake.app import App
from intake.cases import find_case
from intake.core.completeness import assess
from intake.core.decide import ACKNOWLEDGEMENT, COMPLETION
from intake.core.statuses import AUTOMATIC, COMPLETE, GIVEN_UP, REVIEW, STAFF_CHOICES
from intake.errors import IntakeError
from intake.apply import record_fields
from intake.mailer import queue_case_mail
from intake.reading import dossier_fields

NOT_A_PIECE = ("aucune", "none", "-")


def who() -> str:
    """The person at the keyboard, for the case history."""
    return os.environ.get("INTAKE_USER") or os.environ.get("SUDO_USER") or getpass.getuser()


def _reply_target(s: Session, case: Case) -> str:
    """Mail about a case goes to its applicant address as recorded (intake/applicants.py), never to whoever
    wrote last."""
    return case.applicant


def record_decision(app: App, ref: str, status: str, note: str, actor: str, notify: bool) -> str:
    if status not in STAFF_CHOICES:
        raise IntakeError(f"status {status!r}: use one of {', '.join(STAFF_CHOICES)}")
    if notify and status == REVIEW:
        raise IntakeError("--notify: there is no applicant mail for 'review'")
    if notify and not (app.templates.directory / "decision" / status / "subject.j2").exists():
        raise IntakeError(f"--notify: template {app.templates.directory / 'decision' / status} is missing")
    now = app.clock()
    with session(app.engine) as s:
        case = find_case(s, ref)
        before = case.status
        case.status, case.status_reason = status, note or f"décision enregistrée par {actor}"
        case.attention, case.updated_at = "", now
        s.add(case)
        s.add(CaseEvent(case_id=case.id, at=now, kind="decision", actor=actor,
                        detail=f"{status} (avant : {before})" + (f" : {note}" if note else "")))
        already = s.exec(select(Outbox).where(Outbox.case_id == case.id, Outbox.kind == f"decision/{status}",
                                              Outbox.status.not_in(GIVEN_UP))).first()
        if notify and already is not None:
            raise IntakeError(f"{case.reference}: the applicant was already sent the '{status}' notice "
                              f"({already.created_at:%d/%m/%Y}); nothing sent again")
        if notify:
            target = _reply_target(s, case)
            queue_case_mail(app, s, case, f"decision/{status}", to_addr=target, from_addr=case.reply_from,
                            key=f"decision|{case.reference}|{status}", now=now, note=note)
            s.add(CaseEvent(case_id=case.id, at=now, kind="mail-queued", actor=actor,
                            detail=f"avis de décision ({status}) prêt à partir pour {target}"))
        s.commit()
        return case.reference


def correct_piece(app: App, ref: str, file_or_id: str, kind: str, actor: str) -> tuple[str, str, str]:
    """Set a piece's kind by hand (kept when rules are re-applied); returns (reference, new status, file name)."""
    kinds = [k.key for k in app.rules.kinds]
    new_kind = None if kind.lower() in NOT_A_PIECE else kind
    if new_kind is not None and new_kind not in kinds:
        raise IntakeError(f"--kind {kind!r}: use one of {', '.join(kinds)}, or 'aucune' (not a piece)")
    now = app.clock()
    with session(app.engine) as s:
        case = find_case(s, ref)
        pieces = s.exec(select(Piece).where(Piece.case_id == case.id).order_by(Piece.id)).all()
        found = [p for p in pieces if str(p.id) == file_or_id] or \
                [p for p in pieces if p.filename == file_or_id] or \
                [p for p in pieces if p.filename.lower() == Path(file_or_id).name.lower()]
        if len(found) != 1:
            names = "; ".join(f"{p.id}: {p.filename}" for p in pieces)
            raise IntakeError(f"{case.reference} has {'no' if not found else 'several'} piece {file_or_id!r}; "
                              f"give its id or exact name ({names})")
        piece = found[0]
        before = piece.kind or ("pas une pièce" if piece.manual else "à vérifier")
        was_dossier = piece.kind == "dossier"
        piece.kind, piece.manual = new_kind, True
        piece.evidence = f"corrigé par {actor}"
        s.add(piece)
        s.add(CaseEvent(case_id=case.id, at=now, kind="correction", actor=actor,
                        detail=f"{piece.filename} : {before} -> {new_kind or 'pas une pièce'}"))
        if was_dossier or new_kind == "dossier":
            events: list[tuple[str, str]] = []
            refresh_fields(app, s, case, now, events)
            for kind_, detail in events:
                s.add(CaseEvent(case_id=case.id, at=now, kind=kind_, detail=detail, actor=actor))
        recompute_status(app, s, case, actor, now)
        s.commit()
        return case.reference, case.status, piece.filename


def refresh_fields(app: App, s: Session, case: Case, now, events: list) -> None:
    """Read the case's fields again from the dossiers it holds now (the newest wins), with the mail path's
    reader, after staff moved or renamed a dossier; a case left without a dossier keeps no field read from one.
    `events` receives (kind, detail) pairs for the history."""
    s.flush()
    files = []
    for piece in s.exec(select(Piece).where(Piece.case_id == case.id, Piece.kind == "dossier").order_by(Piece.id)):
        try:
            files.append((piece.filename, app.blobs.get(piece.sha256)))
        except OSError:
            continue
    fields = dossier_fields(files, app.rules) if files else {}
    if fields == (case.fields or {}):
        return
    case.fields = {}
    record_fields(case, fields, now, events)
    if not fields:
        events.append(("fields", "plus de dossier d'intention lisible : champs lus effacés"))
    s.add(case)


def recompute_status(app: App, s: Session, case: Case, actor: str, now) -> None:
    """After staff changed a case's pieces: its completeness, as the mail path computes it; a staff decision
    stands; a case that becomes complete after its acknowledgement gets its completion notice (once)."""
    if case.status not in AUTOMATIC:
        return  # a staff decision stands
    s.flush()
    pieces = s.exec(select(Piece).where(Piece.case_id == case.id)).all()
    a = assess({p.kind for p in pieces if p.kind}, app.rules.required, sum(1 for p in pieces if p.unresolved))
    if a.status == case.status:
        case.status_reason, case.updated_at = a.reason, now
        s.add(case)
        return
    s.add(CaseEvent(case_id=case.id, at=now, kind="status", actor=actor, detail=f"{a.status} (avant : {case.status}) : "
                                                                               f"{a.reason}"))
    case.status, case.status_reason, case.updated_at = a.status, a.reason, now
    s.add(case)
    notified = s.exec(select(Outbox).where(Outbox.case_id == case.id, Outbox.kind == COMPLETION)).first()
    acknowledged = s.exec(select(Outbox).where(Outbox.case_id == case.id, Outbox.kind == ACKNOWLEDGEMENT)).first()
    if a.status == COMPLETE and acknowledged and not notified:
        queue_case_mail(app, s, case, COMPLETION, to_addr=_reply_target(s, case), from_addr=case.reply_from,
                        key=f"{COMPLETION}|{case.reference}", now=now)
