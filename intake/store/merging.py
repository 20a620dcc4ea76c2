"""Moving what hangs on a case to another: a merge of two cases, a message moved to the right case.

Every row another part of the service hangs on a case moves with it: the tables known here by name
(pieces, messages, mails, history, aliases) and, generically, any other table with a foreign key to
`case` (its applicant addresses, ...). A row that would duplicate one the survivor already has (a
unique constraint says so) is dropped.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from intake.store import cases, ledger, outbox
from intake.store.tables import Case, CaseAlias, CaseEvent, Inbound, Outbox, Piece

# Tables whose rows follow a case in a merge by the rules below (the others follow generically).
HANDLED_TABLES = {Piece.__tablename__, Inbound.__tablename__, Outbox.__tablename__, CaseEvent.__tablename__,
                  CaseAlias.__tablename__}


def move_pieces(s: Session, moving: list[Piece], to_id: int, theirs: list[Piece]) -> tuple[int, int]:
    """Move pieces to case `to_id` (which holds `theirs`); a file it already has is kept once (a kind staff set
    by hand wins). Returns (moved, already there)."""
    held = {p.sha256: p for p in theirs}
    moved = same = 0
    for piece in moving:
        there = held.get(piece.sha256)
        if there is None:
            piece.case_id = to_id
            s.add(piece)
            held[piece.sha256] = piece
            moved += 1
            continue
        if piece.manual and not there.manual:
            there.kind, there.manual, there.evidence = piece.kind, True, piece.evidence
            s.add(there)
        s.delete(piece)
        same += 1
    return moved, same


def move_messages(s: Session, rows: list[Inbound], to_id: int) -> None:
    for row in rows:
        row.case_id = to_id
        s.add(row)


def move_case_rows(s: Session, from_id: int, to_id: int) -> tuple[int, int]:
    """Everything but the pieces of case `from_id` to case `to_id`: messages, mails (numbered after the
    survivor's mails of the same kind), history, aliases, other tables. Returns (messages, mails)."""
    messages = ledger.of_case(s, from_id)
    move_messages(s, messages, to_id)
    seqs = outbox.last_seq_by_kind(s, to_id)
    mails = outbox.of_case(s, from_id)
    for mail in mails:  # unique (case, kind, seq)
        seqs[mail.kind] = seqs.get(mail.kind, -1) + 1
        mail.case_id, mail.seq = to_id, seqs[mail.kind]
        s.add(mail)
    for event in cases.events(s, from_id):
        event.case_id = to_id
        s.add(event)
    for earlier in cases.aliases(s, from_id):  # cases merged into the other one before
        earlier.case_id = to_id
        s.add(earlier)
    s.flush()
    move_other_rows(s, from_id, to_id)
    return len(messages), len(mails)


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
                    done: Any = s.execute(update(table).where(column == from_id).values({column.name: to_id}))
                    moved += done.rowcount
                continue
            except IntegrityError:
                pass
            keys = list(table.primary_key.columns)
            for row in s.execute(select(*keys).where(column == from_id)).all():
                match = [k == v for k, v in zip(keys, row, strict=True)]
                try:
                    with s.begin_nested():
                        s.execute(update(table).where(*match).values({column.name: to_id}))
                        moved += 1
                except IntegrityError:
                    s.execute(table.delete().where(*match))
    return moved
