"""Staff visits to the console (core/visits.py says when one starts) and the cases changed since the last one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, exists, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from intake.core.visits import NEWS, Visit
from intake.store.tables import CaseEvent, StaffVisit, table_of


def kept(s: Session, email: str) -> Visit | None:
    row = s.exec(select(StaffVisit).where(StaffVisit.email == email)).first()
    return None if row is None else Visit(row.mark, row.started_at, row.last_seen_at)


def save(s: Session, email: str, visit: Visit) -> None:
    """Insert or update in one statement: two requests of a new visit at once (two tabs) must not both insert."""
    values = {"email": email, "mark": visit.mark, "started_at": visit.started_at, "last_seen_at": visit.last_seen_at}
    insert = sqlite_insert if s.get_bind().dialect.name == "sqlite" else pg_insert
    statement = insert(table_of(StaffVisit)).values(**values)
    s.exec(statement.on_conflict_do_update(index_elements=["email"],
                                           set_={k: v for k, v in values.items() if k != "email"}))


def news_clause(case_id: Any, mark: Any, me: str) -> Any:
    """SQL: the case has a history line that makes it « nouveau » for `me` since `mark` (core/visits.is_news)."""
    return exists(select(CaseEvent.id).where(CaseEvent.case_id == case_id, col(CaseEvent.at) > mark,
                                             col(CaseEvent.kind).in_(list(NEWS)),
                                             func.lower(CaseEvent.actor) != me.lower()))


def news_of(s: Session, case_ids: list[int], mark: Any, me: str) -> dict[int, set[str]]:
    """For each of these cases changed since `mark` by someone other than `me`: the kinds of what changed."""
    out: dict[int, set[str]] = {}
    if not case_ids or mark is None:
        return out
    for case_id, kind in s.exec(select(CaseEvent.case_id, CaseEvent.kind).distinct().where(
            col(CaseEvent.case_id).in_(case_ids), col(CaseEvent.at) > mark, col(CaseEvent.kind).in_(list(NEWS)),
            func.lower(CaseEvent.actor) != me.lower())):
        out.setdefault(case_id, set()).add(kind)
    return out


def forget_unlisted(s: Session, listed: list[str]) -> int:
    """The visits of whoever is no longer a `[[staff]]` member are not kept; how many rows were deleted."""
    done: Any = s.exec(delete(StaffVisit).where(col(StaffVisit.email).not_in([e.lower() for e in listed])))
    return done.rowcount


def forget(s: Session, email: str) -> int:
    done: Any = s.exec(delete(StaffVisit).where(func.lower(StaffVisit.email) == email.lower()))
    return done.rowcount


def of_person(s: Session, email: str) -> StaffVisit | None:
    return s.exec(select(StaffVisit).where(func.lower(StaffVisit.email) == email.lower())).first()
