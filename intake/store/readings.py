"""The reading time each budget key's mail took on a day (core/reading_budget.py): read before a message's files are
read, added to once they are, forgotten after a day. A key here is what `sealed` stores (a keyed hash of the address
or domain), never an address."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from intake.store.tables import ReadingSpent, table_of


def spent_on(s: Session, day: str, keys: tuple[str, ...]) -> dict[str, float]:
    """Seconds spent on `day` (YYYY-MM-DD) by each of `keys` that spent any."""
    if not keys:
        return {}
    rows = s.exec(select(ReadingSpent).where(ReadingSpent.day == day, col(ReadingSpent.key).in_(list(keys)))).all()
    return {r.key: r.milliseconds / 1000 for r in rows}


def of_day(s: Session, day: str) -> dict[str, float]:
    """Seconds spent on `day` by every key that spent any (a process's count, at a poll's first message)."""
    return {r.key: r.milliseconds / 1000 for r in s.exec(select(ReadingSpent).where(ReadingSpent.day == day)).all()}


def add(s: Session, day: str, keys: tuple[str, ...], seconds: float) -> dict[str, float]:
    """Add `seconds` to each key's time on `day` (kept in milliseconds: one integer type on SQLite and PostgreSQL);
    each key's total once added. One statement (two workers may add at once), its keys in order (two adding the same
    keys never wait for each other crosswise)."""
    return add_each(s, day, {key: seconds for key in keys})


def add_each(s: Session, day: str, seconds: dict[str, float]) -> dict[str, float]:
    """`add`, each key its own seconds."""
    if not seconds:
        return {}
    insert = sqlite_insert if s.get_bind().dialect.name == "sqlite" else pg_insert
    table = table_of(ReadingSpent)
    statement = insert(table).values([{"day": day, "key": key, "milliseconds": round(seconds[key] * 1000)}
                                      for key in sorted(seconds)])
    statement = statement.on_conflict_do_update(index_elements=["day", "key"],
                                                set_={"milliseconds": table.c.milliseconds
                                                      + statement.excluded.milliseconds})
    return {key: ms / 1000 for key, ms in s.exec(statement.returning(table.c.key, table.c.milliseconds)).all()}


def forget_before(s: Session, day: str) -> int:
    """Forget the days before `day`: a budget is only ever read for today. How many rows were forgotten."""
    done: Any = s.exec(delete(ReadingSpent).where(col(ReadingSpent.day) < day))
    return done.rowcount


def of_keys(s: Session, keys: tuple[str, ...]) -> list[ReadingSpent]:
    """The days' rows of these keys (a person's export)."""
    if not keys:
        return []
    return list(s.exec(select(ReadingSpent).where(col(ReadingSpent.key).in_(list(keys)))
                       .order_by(col(ReadingSpent.day), col(ReadingSpent.key))).all())


def forget_keys(s: Session, keys: tuple[str, ...]) -> int:
    """Forget these keys' days (a person's erasure). How many rows."""
    if not keys:
        return 0
    done: Any = s.exec(delete(ReadingSpent).where(col(ReadingSpent.key).in_(list(keys))))
    return done.rowcount
