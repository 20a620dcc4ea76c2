"""Every database query of the console, in one place (issue 12 gathers them into the data layer).

Reads return plain values or rows detached from their session; writes that
change a case go through the same functions as the command line
(intake.staff), never through here. Only the console's own tables
(sign-in links, sessions, attempts) are written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import String, delete, exists, func, or_, update
from sqlmodel import Session, select

from intake.adapters.db import (Case, CaseAlias, CaseEvent, Inbound, MailboxState, Outbox, Piece, WebAttempt,
                                WebSession, WebSignin)
from intake.cases import normalise_reference, resolve_case
from intake.core.statuses import FILED, FOR_THE_JURY, NEEDS_STAFF, PENDING, QUARANTINED, REVIEW, SENDING, SENT, FAILED, CANCELLED, UNCERTAIN
from intake.core.text import fold
from intake.errors import IntakeError

SIGNIN_KIND = "signin"  # outbox kind of sign-in mails


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


def _found(s: Session, column, term: str):
    """`column` contains the folded `term`, accents and case aside (SQLite: GLOB; PostgreSQL: translate)."""
    if s.get_bind().dialect.name == "sqlite":
        return column.op("GLOB")(glob_pattern(term))
    return func.translate(func.lower(column), _ACCENTED, _PLAIN, type_=String).contains(term, autoescape=True)


# ----------------------------------------------------------------------------- sign-in and sessions
def add_signin(s: Session, token_hash: str, email: str, next_path: str, now: datetime, valid: timedelta) -> None:
    s.add(WebSignin(token_hash=token_hash, email=email, next_path=next_path, created_at=now, expires_at=now + valid))


def usable_signin(s: Session, token_hash: str, now: datetime) -> WebSignin | None:
    return s.exec(select(WebSignin).where(WebSignin.token_hash == token_hash, WebSignin.used_at.is_(None),
                                          WebSignin.expires_at > now)).first()


def use_signin(s: Session, token_hash: str, now: datetime) -> WebSignin | None:
    """Mark the link used, once: of two simultaneous clicks only one gets the row."""
    done = s.exec(update(WebSignin).where(WebSignin.token_hash == token_hash, WebSignin.used_at.is_(None),
                                          WebSignin.expires_at > now).values(used_at=now))
    if done.rowcount != 1:
        return None
    return s.exec(select(WebSignin).where(WebSignin.token_hash == token_hash)).one()


def add_session(s: Session, token_hash: str, email: str, now: datetime, lifetime: timedelta) -> None:
    s.add(WebSession(token_hash=token_hash, email=email, created_at=now, last_seen_at=now, expires_at=now + lifetime))


def find_session(s: Session, token_hash: str) -> WebSession | None:
    return s.exec(select(WebSession).where(WebSession.token_hash == token_hash)).first()


def touch_session(s: Session, session_id: int, now: datetime) -> None:
    s.exec(update(WebSession).where(WebSession.id == session_id).values(last_seen_at=now))


def end_session(s: Session, token_hash: str) -> None:
    s.exec(delete(WebSession).where(WebSession.token_hash == token_hash))


def forget_old(s: Session, now: datetime, idle: timedelta) -> None:
    """Sessions, links and attempts nobody can use any more are not kept."""
    s.exec(delete(WebSession).where(or_(WebSession.expires_at < now, WebSession.last_seen_at < now - idle)))
    s.exec(delete(WebSignin).where(WebSignin.expires_at < now - timedelta(days=1)))
    s.exec(delete(WebAttempt).where(WebAttempt.at < now - timedelta(days=1)))
    s.exec(delete(Outbox).where(Outbox.kind == SIGNIN_KIND, Outbox.status != SENDING,
                                Outbox.created_at < now - timedelta(days=1)))


def count_attempts(s: Session, scope: str, key: str, since: datetime) -> int:
    return s.exec(select(func.count()).select_from(WebAttempt).where(
        WebAttempt.scope == scope, WebAttempt.key == key, WebAttempt.at > since)).one()


def add_attempt(s: Session, scope: str, key: str, now: datetime) -> None:
    s.add(WebAttempt(scope=scope, key=key, at=now))


def signin_mail_waiting(s: Session) -> bool:
    """A sign-in mail not tried yet (another process held the outbox)."""
    return s.exec(select(Outbox.id).where(Outbox.kind == SIGNIN_KIND, Outbox.status == PENDING,
                                          Outbox.attempts == 0)).first() is not None


def signin_mails_to_redact(s: Session, now: datetime, valid: timedelta) -> list[Outbox]:
    """Sign-in mails that went out, or can no longer be of use: their link is removed from what is kept."""
    return list(s.exec(select(Outbox).where(Outbox.kind == SIGNIN_KIND, or_(
        Outbox.status.in_((SENT, FAILED, CANCELLED, UNCERTAIN)), Outbox.created_at < now - valid))))


# ------------------------------------------------------------------------------------------ cases
@dataclass(frozen=True)
class CaseFilter:
    status: str = ""
    attention: bool = False
    mailbox: str = ""  # mailbox name
    fields: tuple[tuple[str, str, bool], ...] = ()  # (field key, value, the field holds several values)
    q: str = ""


SORTS = {
    "reference": (Case.year, Case.seq),
    "recu": (Case.received_at, Case.id),
    "maj": (Case.updated_at, Case.id),
    "statut": (Case.status, Case.year, Case.seq),
    "demandeur": (Case.applicant, Case.id),
}


def _field(key: str):
    return Case.__table__.c.fields[key].as_string()


def _where(s: Session, f: CaseFilter, with_status: bool = True) -> list:
    where = []
    if f.status and with_status:
        where.append(Case.status == f.status)
    if f.attention:
        where.append(or_(Case.attention != "", Case.status == REVIEW))
    if f.mailbox:
        where.append(exists(select(Inbound.id).where(Inbound.case_id == Case.id, Inbound.mailbox == f.mailbox,
                                                     Inbound.fate == FILED)))
    for key, value, several in f.fields:
        column = _field(key)
        where.append(column.contains(value, autoescape=True) if several else column == value)
    q = f.q.strip()
    if q:
        term = fold(q)
        columns = (Case.reference, Case.applicant, Case.applicant_name, Case.title, _field("organisation"))
        where.append(or_(Case.reference == normalise_reference(q), *[_found(s, c, term) for c in columns]))
    return where


@dataclass
class CaseRow:
    case: Case
    kinds: set[str] = field(default_factory=set)
    unresolved: int = 0
    missing: list[str] = field(default_factory=list)  # labels, filled in by the screen


def cases_page(s: Session, f: CaseFilter, sort: str, descending: bool, page: int, per_page: int
               ) -> tuple[list[CaseRow], int, dict[str, int]]:
    """One page of cases, the number matching, and the count per status (other filters applied)."""
    counts = dict(s.exec(select(Case.status, func.count()).where(*_where(s, f, with_status=False))
                         .group_by(Case.status)).all())
    total = counts.get(f.status, 0) if f.status else sum(counts.values())  # one scan fewer
    order = [c.desc() if descending else c.asc() for c in SORTS.get(sort, SORTS["reference"])]
    cases = s.exec(select(Case).where(*_where(s, f)).order_by(*order).offset((page - 1) * per_page)
                   .limit(per_page)).all()
    rows = {c.id: CaseRow(c) for c in cases}
    if rows:
        for case_id, kind, manual in s.exec(select(Piece.case_id, Piece.kind, Piece.manual)
                                            .where(Piece.case_id.in_(list(rows)))):
            if kind:
                rows[case_id].kinds.add(kind)
            elif not manual:
                rows[case_id].unresolved += 1
    return list(rows.values()), total, counts


def case_by_reference(s: Session, reference: str) -> Case | None:
    """The case, also when `reference` is that of a case merged into it (as the command line finds it)."""
    try:
        return resolve_case(s, reference)[0]
    except IntakeError:
        return None


def aliases(s: Session, case: Case) -> list[CaseAlias]:
    return list(s.exec(select(CaseAlias).where(CaseAlias.case_id == case.id).order_by(CaseAlias.id)))


@dataclass
class CaseFile:
    case: Case
    pieces: list[Piece]
    messages: list[Inbound]
    mails: list[Outbox]
    events: list[CaseEvent]


def case_file(s: Session, case: Case) -> CaseFile:
    return CaseFile(
        case=case,
        pieces=list(s.exec(select(Piece).where(Piece.case_id == case.id).order_by(Piece.id))),
        messages=list(s.exec(select(Inbound).where(Inbound.case_id == case.id).order_by(Inbound.id))),
        mails=list(s.exec(select(Outbox).where(Outbox.case_id == case.id).order_by(Outbox.id))),
        events=list(s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))))


def piece_of(s: Session, case: Case, piece_id: int) -> Piece | None:
    """The piece, only if it belongs to this case."""
    return s.exec(select(Piece).where(Piece.id == piece_id, Piece.case_id == case.id)).first()


def message_of(s: Session, case: Case, inbound_id: int) -> Inbound | None:
    return s.exec(select(Inbound).where(Inbound.id == inbound_id, Inbound.case_id == case.id)).first()


def mails_of(s: Session, case: Case) -> list[Outbox]:
    return list(s.exec(select(Outbox).where(Outbox.case_id == case.id).order_by(Outbox.id)))


def same_applicant(s: Session, case: Case, limit: int = 20) -> list[Case]:
    """The applicant's other cases: the likely ones to merge with or move a message to."""
    return list(s.exec(select(Case).where(Case.id != case.id, Case.applicant == case.applicant)
                       .order_by(Case.year.desc(), Case.seq.desc()).limit(limit)))


# ------------------------------------------------------------------------------------ what waits
def mailbox_states(s: Session) -> dict[str, MailboxState]:
    return {m.name: m for m in s.exec(select(MailboxState))}


def attention_counts(s: Session) -> dict[str, int]:
    """What waits for staff, for the menu."""
    return {
        "quarantine": s.exec(select(func.count()).select_from(Inbound).where(Inbound.fate == QUARANTINED)).one(),
        "outbox": s.exec(select(func.count()).select_from(Outbox).where(
            Outbox.kind != SIGNIN_KIND, Outbox.status.in_(NEEDS_STAFF))).one(),
    }


# -------------------------------------------------------------------------------------------- jury


def jury_cases(s: Session) -> list[CaseRow]:
    cases = s.exec(select(Case).where(Case.status.in_(FOR_THE_JURY)).order_by(Case.year, Case.seq)).all()
    rows = {c.id: CaseRow(c) for c in cases}
    if rows:
        for case_id, kind in s.exec(select(Piece.case_id, Piece.kind).where(Piece.case_id.in_(list(rows)),
                                                                             Piece.kind.is_not(None))):
            rows[case_id].kinds.add(kind)
    return list(rows.values())
