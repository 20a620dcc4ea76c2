"""Each watched folder's row (`mailboxstate`): its cursor (UIDVALIDITY, last UID), its health, its IDLE watch."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from intake.store.tables import MailboxState, table_of


def all_states(s: Session) -> dict[str, MailboxState]:
    """By folder (the state key: NAME, or NAME/FOLDER for a mailbox's other folders)."""
    return {m.name: m for m in s.exec(select(MailboxState))}


def write_watch(engine: Engine, name: str, **values: Any) -> None:
    """Update the folder's watch columns, inserting its row if no poll made it yet (a poll may race us)."""
    table = table_of(MailboxState)
    for _attempt in range(2):
        with engine.begin() as c:
            if c.execute(table.update().where(table.c.name == name).values(**values)).rowcount:
                return
        try:
            with Session(engine) as s:
                s.add(MailboxState(name=name, **values))
                s.commit()
            return
        except IntegrityError:
            continue  # the poll inserted it meanwhile: update it
