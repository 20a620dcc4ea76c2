"""The queries of the staff actions, in one place (the caller's session and transaction)."""

from __future__ import annotations

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from intake.adapters.db import Address, Case, CaseAlias, CaseEvent, Inbound, Outbox, Piece
from intake.core.statuses import DUPLICATE, FILED, NEEDS_STAFF, QUARANTINED

# Tables whose rows follow a case in a merge by hand-written rules (the others follow generically).
HANDLED_TABLES = {Piece.__tablename__, Inbound.__tablename__, Outbox.__tablename__, CaseEvent.__tablename__,
                  CaseAlias.__tablename__}


def pieces_of(s: Session, case_id: int) -> list[Piece]:
    return list(s.exec(select(Piece).where(Piece.case_id == case_id).order_by(Piece.id)))


def messages_of(s: Session, case_id: int) -> list[Inbound]:
    """Every ledger row on the case, as `intake case` numbers them (1 = the first)."""
    return list(s.exec(select(Inbound).where(Inbound.case_id == case_id).order_by(Inbound.id)))


def filed_count(s: Session, case_id: int) -> int:
    return s.exec(select(func.count()).select_from(Inbound).where(Inbound.case_id == case_id,
                                                                  Inbound.fate == FILED)).one()


def copies_of(s: Session, row: Inbound) -> list[Inbound]:
    """The other copies of a message recorded on the same case (To + Cc: one in each mailbox)."""
    return list(s.exec(select(Inbound).where(Inbound.case_id == row.case_id, Inbound.identity == row.identity,
                                             Inbound.fate == DUPLICATE, Inbound.id != row.id)))


def mails_of(s: Session, case_id: int) -> list[Outbox]:
    return list(s.exec(select(Outbox).where(Outbox.case_id == case_id).order_by(Outbox.id)))


def events_of(s: Session, case_id: int) -> list[CaseEvent]:
    return list(s.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)))


def aliases_of(s: Session, case_id: int) -> list[CaseAlias]:
    return list(s.exec(select(CaseAlias).where(CaseAlias.case_id == case_id).order_by(CaseAlias.id)))


def last_seq_by_kind(s: Session, case_id: int) -> dict[str, int]:
    return dict(s.exec(select(Outbox.kind, func.max(Outbox.seq)).where(Outbox.case_id == case_id)
                       .group_by(Outbox.kind)).all())


def cases_linked_to(s: Session, case_id: int) -> list[Case]:
    """The cases linked to this one (a stranger's message that cited it opened them)."""
    return list(s.exec(select(Case).where(Case.linked_case_id == case_id)))


def move_other_rows(s: Session, from_id: int, to_id: int, metadata=None) -> int:
    """Move to case `to_id` every row that another part of the service hangs on case `from_id` (e.g. the
    applicant addresses of a case), whatever its table; a row that would duplicate one the survivor already
    has (a unique constraint says so) is dropped. Returns the number of rows moved."""
    moved = 0
    for table in (metadata or SQLModel.metadata).sorted_tables:
        if table.name in HANDLED_TABLES:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name != Case.__tablename__ or table.name == Case.__tablename__:
                continue
            column = fk.parent
            try:
                with s.begin_nested():
                    moved += s.execute(update(table).where(column == from_id).values({column.name: to_id})).rowcount
                continue
            except IntegrityError:
                pass
            keys = list(table.primary_key.columns)
            for row in s.execute(select(*keys).where(column == from_id)).all():
                match = [k == v for k, v in zip(keys, row)]
                try:
                    with s.begin_nested():
                        s.execute(update(table).where(*match).values({column.name: to_id}))
                        moved += 1
                except IntegrityError:
                    s.execute(table.delete().where(*match))
    return moved


def quarantined(s: Session) -> list[Inbound]:
    return list(s.exec(select(Inbound).where(Inbound.fate == QUARANTINED).order_by(Inbound.id)))


def reference_by_id(s: Session, case_ids) -> dict[int, str]:
    ids = {i for i in case_ids if i}
    return dict(s.exec(select(Case.id, Case.reference).where(Case.id.in_(ids))).all()) if ids else {}


def mail_for_staff(s: Session, statuses: tuple[str, ...] = NEEDS_STAFF) -> list[Outbox]:
    return list(s.exec(select(Outbox).where(Outbox.status.in_(statuses)).order_by(Outbox.id)))


def address(s: Session, email: str) -> Address | None:
    return s.get(Address, email)
