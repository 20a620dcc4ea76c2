"""The files filed on cases (`piece`): the one place a piece is created, and what is read of them.

A piece's bytes are in the file store under their SHA-256 (intake/adapters/storage.py); the row says
which case holds it, what it is, and which message brought it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from intake.core import filenames
from intake.core.classify import Verdict
from intake.core.completeness import TO_VERIFY
from intake.core.retention import PIECE_REMOVED
from intake.store.deletion import record, referenced, trash
from intake.store.tables import Piece


def of_case(s: Session, case_id: int) -> list[Piece]:
    return list(s.exec(select(Piece).where(Piece.case_id == case_id).order_by(col(Piece.id))))


def hashes(s: Session, case_id: int) -> set[str]:
    return set(s.exec(select(Piece.sha256).where(Piece.case_id == case_id)))


def kinds_by_case(s: Session, case_ids=None) -> dict[int, list[Piece]]:
    """Every piece by case (of `case_ids`, or of every case)."""
    query = select(Piece)
    if case_ids is not None:
        query = query.where(col(Piece.case_id).in_(list(case_ids)))
    out: dict[int, list[Piece]] = {}
    for p in s.exec(query):
        out.setdefault(p.case_id, []).append(p)
    return out


def dossiers(s: Session, case_id: int) -> list[Piece]:
    """The case's dossiers d'intention, oldest first (its fields are read from them)."""
    return list(s.exec(select(Piece).where(Piece.case_id == case_id, Piece.kind == "dossier").order_by(col(Piece.id))))


def get_one(s: Session, piece_id: int) -> Piece:
    return s.get_one(Piece, piece_id)


def on_case(s: Session, case_id: int, piece_id: int) -> Piece | None:
    """The piece, only if it belongs to this case."""
    return s.exec(select(Piece).where(Piece.id == piece_id, Piece.case_id == case_id)).first()


def add(s: Session, case_id: int, inbound_id: int | None, v: Verdict, sha256: str, now: datetime,
        arrived_at: datetime | None = None) -> Piece:
    """A file onto a case, as the rules read it (`v`); its bytes are already stored under `sha256`; `arrived_at`:
    when a file staff add by hand came."""
    name = filenames.safe_name(v.attachment.filename, v.detected_type)  # never the sender's extension alone
    piece = Piece(case_id=case_id, inbound_id=inbound_id, kind=v.kind, filename=name, sha256=sha256,
                  size=v.attachment.size, detected_type=v.detected_type, evidence=v.evidence, created_at=now,
                  arrived_at=arrived_at, also={k: TO_VERIFY for k in v.also})
    s.add(piece)
    return piece


def brought_too(s: Session, case_id: int, sha256s: tuple[str, ...], inbound_id: int) -> None:
    """Files of the case staff added by hand that a message brings too (core/effects.py `MailedToo`): from now on
    that message's (a piece a message brought already stays its message's)."""
    for piece in s.exec(select(Piece).where(Piece.case_id == case_id, col(Piece.sha256).in_(sha256s),
                                            col(Piece.inbound_id).is_(None))):
        piece.inbound_id = inbound_id
        s.add(piece)


def received_since(s: Session, since: datetime) -> int:
    from sqlalchemy import func

    return s.exec(select(func.count()).select_from(Piece).where(Piece.created_at > since)).one()


def save(s: Session, piece: Piece) -> None:
    s.add(piece)


def delete(s: Session, piece: Piece) -> None:
    s.delete(piece)


def remove(s: Session, piece: Piece, reference: str, now: datetime, actor: str) -> None:
    """A piece staff added by mistake, taken off its case: its row goes, its file to the trash (deleted from disk
    after the commit by store/deletion.py `empty_trash`, once no other row names it), and the purge log says so,
    without whose file it was."""
    s.delete(piece)
    s.flush()
    trash(s, [piece.sha256], now)
    record(s, now, PIECE_REMOVED, "pièce ajoutée à la main par erreur, retirée du dossier", reference=reference,
           items=1, files=0 if referenced(s, piece.sha256) else 1, actor=actor)
