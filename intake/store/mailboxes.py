"""Each watched folder's row (`mailboxstate`): its cursor (UIDVALIDITY, last UID), its health, its IDLE watch.

The SMTP relay has a row too, named RELAY (no mailbox may take that name): its health only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from intake.store.tables import MailboxState, table_of

RELAY = "[smtp]"  # the relay's row: [ and ] are not allowed in a mailbox's name


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


def state_of(s: Session, name: str) -> MailboxState:
    """The folder's row, made (and committed) on its first poll."""
    state = s.exec(select(MailboxState).where(MailboxState.name == name)).first()
    if state is None:
        state = MailboxState(name=name)
        s.add(state)
        try:
            s.commit()
        except IntegrityError:  # the IDLE watcher (intake/pipeline/watch.py) made it meanwhile
            s.rollback()
            state = s.exec(select(MailboxState).where(MailboxState.name == name)).one()
    return state


def record_poll(s: Session, name: str, *, uidvalidity: int | None = None, last_uid: int | None = None,
                last_poll_at: datetime | None = None, error: str | None = None, at: datetime | None = None,
                success_at: datetime | None = None) -> None:
    """What a poll of the folder found: its UIDVALIDITY and cursor, when it ran, its failure or success."""
    state = s.exec(select(MailboxState).where(MailboxState.name == name)).first() or MailboxState(name=name)
    if uidvalidity is not None:
        state.uidvalidity, state.last_uid = uidvalidity, last_uid or 0
    if last_poll_at is not None:
        state.last_poll_at = last_poll_at
    if error is not None:
        state.last_error, state.last_error_at = error[:1000], at
        state.errors_since_success += 1
    if success_at is not None:
        state.last_success_at, state.errors_since_success = success_at, 0
    s.add(state)


_state = table_of(MailboxState)
_ADVANCE = (_state.update().where(_state.c.name == bindparam("key"), _state.c.last_uid < bindparam("uid"))
            .values(last_uid=bindparam("uid")))  # built once: compiled once


def advance(s: Session, name: str, uid: int) -> None:
    """Move the folder's cursor to `uid` (never back), in the transaction that recorded that message."""
    s.connection().execute(_ADVANCE, {"key": name, "uid": uid})


def record_relay(engine: Engine, error: str, now: datetime) -> None:
    """The relay's health after an outbox pass: `error` when it could not be used, else a success."""
    with Session(engine) as s:
        state = s.exec(select(MailboxState).where(MailboxState.name == RELAY)).first() or MailboxState(name=RELAY)
        state.last_poll_at = now
        if error:
            state.last_error, state.last_error_at = error[:1000], now
            state.errors_since_success += 1
        else:
            state.last_success_at, state.errors_since_success = now, 0
        s.add(state)
        try:
            s.commit()
        except IntegrityError:  # another sender made the row meanwhile: its word stands for this pass
            s.rollback()
