"""The console's lists of cases: a page of cases under filters, search and sort, the jury's list.

Search folds accents and case in the database itself (SQLite: GLOB patterns; PostgreSQL: translate), so
that a page of 10,000 cases needs no Python per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, exists, func, literal, or_, tuple_
from sqlmodel import Session, col, select

from intake.core.completeness import kinds_held, unnamed
from intake.core.statuses import FILED, FOR_THE_JURY, NEEDS_STAFF, REVIEW, TO_HANDLE
from intake.core.text import fold
from intake.core.thread import normalise_reference
from intake.store import ledger, outbox, staffvisits
from intake.store.signins import SIGNIN_KIND
from intake.store.tables import Case, Inbound, Piece, table_of

# ------------------------------------------------------------------------------------------ search
_VARIANTS = {"a": "aàâäáãåAÀÂÄÁÃÅ", "c": "cçCÇ", "e": "eéèêëEÉÈÊË", "i": "iîïíìIÎÏÍÌ", "o": "oôöóòõOÔÖÓÒÕ",
             "u": "uùûüúUÙÛÜÚ", "y": "yÿýYŸÝ", "n": "nñNÑ", " ": " _\u00a0-", "'": "'’"}
_ACCENTED, _PLAIN = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ-_’", "aaaaaaceeeeiiiinooooouuuuyy  '"


def glob_pattern(term: str) -> str:
    """An SQLite GLOB pattern that finds the folded `term` whatever the case and accents of the text:
    "velo bethunois" -> "*[vV][eéèêë...][lL][oô...][ _-][bB]...*". Evaluated in C: no Python per row."""
    out = []
    for c in term:
        if c in _VARIANTS:
            out.append(f"[{_VARIANTS[c]}]")
        elif c.isalpha():
            out.append(f"[{c}{c.upper()}]")
        elif c == "]":
            out.append("[]]")
        elif c in "*?[":
            out.append(f"[{c}]")
        else:
            out.append(c)
    return "*" + "".join(out) + "*"


MAX_WORDS = 8  # words of a search that count
_REFERENCE = re.compile(r"[A-Z]+-\d{4}-\d{4,}")  # a case's reference, as core/thread.py `normalise_reference` gives it


def _found(s: Session, column: Any, term: str) -> Any:
    """`column` contains the folded `term`, accents and case aside (SQLite: GLOB; PostgreSQL: translate)."""
    if s.get_bind().dialect.name == "sqlite":
        return column.op("GLOB")(glob_pattern(term))
    return func.translate(func.lower(column), _ACCENTED, _PLAIN, type_=String).contains(term, autoescape=True)


# ------------------------------------------------------------------------------------------ cases
@dataclass(frozen=True)
class CaseFilter:
    status: str = ""
    attention: bool = False
    todo: bool = False  # only those « à traiter » (core/statuses.py TO_HANDLE, or marked « À voir »)
    mailbox: str = ""  # mailbox name
    fields: tuple[tuple[str, str, bool], ...] = ()  # (field key, value, the field holds several values)
    q: str = ""
    news: tuple[datetime, str] | None = None  # only the cases « nouveau » since (mark, for whom): store/staffvisits.py


SORTS: dict[str, tuple[Any, ...]] = {
    "reference": (col(Case.year), col(Case.seq)),
    "recu": (col(Case.received_at), col(Case.id)),
    "maj": (col(Case.updated_at), col(Case.id)),
    "statut": (col(Case.status), col(Case.year), col(Case.seq)),
    "demandeur": (col(Case.applicant), col(Case.id)),
}


def _field(key: str) -> Any:
    return table_of(Case).c.fields[key].as_string()


def _where(s: Session, f: CaseFilter, with_status: bool = True) -> list[Any]:
    where: list[Any] = []
    if f.status and with_status:
        where.append(col(Case.status) == f.status)
    if f.attention:
        where.append(or_(col(Case.attention) != "", col(Case.status) == REVIEW))
    if f.todo:
        where.append(_to_handle())
    if f.mailbox:
        where.append(exists(select(Inbound.id).where(Inbound.case_id == Case.id, Inbound.mailbox == f.mailbox,
                                                     Inbound.fate == FILED)))
    for key, value, several in f.fields:
        column = _field(key)
        where.append(column.contains(value, autoescape=True) if several else column == value)
    if f.news is not None:
        where.append(staffvisits.news_clause(Case.id, f.news[0], f.news[1]))
    q = f.q.strip()
    if q:
        columns = (Case.reference, Case.applicant, Case.applicant_name, Case.title, _field("organisation"))
        # every word, in any order and any of the columns: "velos libre service" finds « Vélos en libre-service »
        reference = normalise_reference(q)
        if _REFERENCE.fullmatch(reference):  # « bsc-2026-2 »: that case, not all whose texts hold bsc, 2026 and 2
            where.append(col(Case.reference) == reference)
            return where
        words = fold(q).split()[:MAX_WORDS]
        every = [and_(*(or_(*(_found(s, c, w) for c in columns)) for w in words))] if words else []
        where.append(or_(col(Case.reference) == reference, *every))
    return where


@dataclass
class CaseRow:
    case: Case
    kinds: set[str] = field(default_factory=set)
    unresolved: int = 0
    missing: list[str] = field(default_factory=list)  # labels, filled in by the screen
    news: set[str] = field(default_factory=set)  # what changed since the staff member's last visit (core/visits.py)


def cases_page(s: Session, f: CaseFilter, sort: str, descending: bool, page: int, per_page: int,
               news_for: tuple[datetime, str] | None = None) -> tuple[list[CaseRow], int, dict[str, int]]:
    """One page of cases, the number matching, and the count per status (other filters applied); `news_for`
    (mark, address): each row says what changed since the mark, by someone else than that staff member."""
    counts = dict(s.exec(select(Case.status, func.count()).where(*_where(s, f, with_status=False))
                         .group_by(Case.status)).all())
    total = counts.get(f.status, 0) if f.status else sum(counts.values())  # one scan fewer
    order = [c.desc() if descending else c.asc() for c in SORTS.get(sort, SORTS["reference"])]
    cases = s.exec(select(Case).where(*_where(s, f)).order_by(*order).offset((page - 1) * per_page)
                   .limit(per_page)).all()
    rows = {c.id: CaseRow(c) for c in cases}
    if rows:
        for case_id, kind, manual, also in s.exec(select(Piece.case_id, Piece.kind, Piece.manual, Piece.also)
                                                  .where(col(Piece.case_id).in_(list(rows)))):
            rows[case_id].kinds |= kinds_held([(kind, manual, also)])[0]  # and what staff confirmed it holds too
            if unnamed(kind, manual, also):
                rows[case_id].unresolved += 1
        if news_for is not None:
            for case_id, kinds in staffvisits.news_of(s, list(rows), news_for[0], news_for[1]).items():
                rows[case_id].news = kinds
    return list(rows.values()), total, counts


def neighbours(s: Session, f: CaseFilter, sort: str, descending: bool, case: Case) -> tuple[str | None, str | None]:
    """The references of the cases before and after `case` in the list of these filters and this order (whether or
    not the case is still in it: decided, it may have left a list of complete cases; the next is then the one that
    followed it)."""
    columns = SORTS.get(sort, SORTS["reference"])
    here = tuple_(*(literal(getattr(case, c.key), type_=c.type) for c in columns))
    keys = tuple_(*columns)
    around = []
    for later in (False, True):
        ahead = later != descending  # further in the database's ascending order
        order = [c.asc() if ahead else c.desc() for c in columns]
        found = s.exec(select(Case.reference).where(*_where(s, f), keys > here if ahead else keys < here)
                       .order_by(*order).limit(1)).first()
        around.append(found)
    return around[0], around[1]


def _to_handle() -> Any:
    return or_(col(Case.status).in_(TO_HANDLE), col(Case.attention) != "")


def todo_count(s: Session) -> int:
    """How many cases are « à traiter », whatever the filters: the list says it first."""
    return s.exec(select(func.count()).select_from(Case).where(_to_handle())).one()


def news_count(s: Session, mark: datetime, me: str) -> int:
    """How many cases are « nouveau » since `mark` for `me`, whatever the filters."""
    return s.exec(select(func.count()).select_from(Case).where(staffvisits.news_clause(Case.id, mark, me))).one()


# ------------------------------------------------------------------------------------ what waits
def attention_counts(s: Session) -> dict[str, int]:
    """What waits for staff, for the menu."""
    return {"quarantine": ledger.quarantined_count(s),
            "outbox": outbox.count_with_status(s, NEEDS_STAFF, except_kind=SIGNIN_KIND)}


# -------------------------------------------------------------------------------------------- jury
def jury_cases(s: Session) -> list[CaseRow]:
    cases = s.exec(select(Case).where(col(Case.status).in_(FOR_THE_JURY)).order_by(col(Case.year), col(Case.seq)))
    rows = {c.id: CaseRow(c) for c in cases}
    if rows:
        for case_id, kind, manual, also in s.exec(select(Piece.case_id, Piece.kind, Piece.manual, Piece.also)
                                                  .where(col(Piece.case_id).in_(list(rows)))):
            rows[case_id].kinds |= kinds_held([(kind, manual, also)])[0]
    return list(rows.values())
