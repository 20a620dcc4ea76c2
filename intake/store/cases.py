"""Cases: their rows, references, history, aliases and links; what the policy and the screens read of them.

Every function works in the caller's session and transaction (nothing here commits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from intake.core.casework import CaseState, PieceState, staff_added
from intake.core.completeness import kinds_held
from intake.core.replies import ACKNOWLEDGEMENT, COMPLETION, REMINDER, UPDATE
from intake.core.retention import CaseFacts
from intake.core.sending import retrying_only, withdrawable
from intake.core.statuses import CANCELLED, FILED, NOT_SENT
from intake.core.thread import CaseView, normalise_reference, typed_reference
from intake.store import applicants
from intake.store.tables import Case, CaseAlias, CaseEvent, CaseStat, Inbound, Outbox, Piece, RefCounter, table_of

AUTOMATIC_ACTORS = ("intake", "reclassify")  # their events are not a sign of life from the applicant or staff


# --------------------------------------------------------------------------------------------- rows
def get(s: Session, case_id: int) -> Case | None:
    return s.get(Case, case_id)


def get_one(s: Session, case_id: int) -> Case:
    return s.get_one(Case, case_id)


def resolve(s: Session, ref: str) -> tuple[Case | None, CaseAlias | None]:
    """The case a reference names (`bsc-2026-7` is fine, and so is `2026-0007`, or `7` alone, when only one case
    bears it: `named`), and the alias when it is the reference of a case merged into it; (None, None) when there is
    no such case, or several."""
    reference = normalise_reference(ref)
    case = s.exec(select(Case).where(Case.reference == reference)).first()
    if case is not None:
        return case, None
    alias = s.exec(select(CaseAlias).where(CaseAlias.reference == reference)).first()
    if alias is not None:
        return s.get(Case, alias.case_id), alias
    found = named(s, ref)
    return resolve(s, found[0]) if len(found) == 1 and found[0] != reference else (None, None)


def named(s: Session, typed: str) -> list[str]:
    """The references (of cases, and of cases merged into others) that what a person typed may name, in parts
    (core/thread.py `typed_reference`): `2026-0002` names BSC-2026-0002; `2` names BSC-2025-0002 and BSC-2026-0002
    when both exist. Sorted; [] when it is no reference."""
    parts = typed_reference(typed)
    if parts is None:
        return []
    prefix, year, number = parts
    found: set[str] = set()
    for table in (Case, CaseAlias):
        query = select(table.reference).where(table.seq == number)
        if year is not None:
            query = query.where(table.year == year)
        found.update(r for r in s.exec(query) if not prefix or r.startswith(f"{prefix}-"))
    return sorted(found)


def gone(s: Session, ref: str) -> CaseStat | None:
    """The statistics line a deleted case left (retention, erasure), when `ref` names no case any more."""
    return s.exec(select(CaseStat).where(CaseStat.reference == normalise_reference(ref))).first()


def all_in_order(s: Session, status: str | None = None) -> list[Case]:
    query = select(Case).order_by(col(Case.year), col(Case.seq))
    if status:
        query = query.where(Case.status == status)
    return list(s.exec(query))


def with_status(s: Session, statuses) -> list[int]:
    """The ids of the cases in one of `statuses`, oldest first."""
    return list(s.exec(select(Case.id).where(col(Case.status).in_(statuses)).order_by(col(Case.id))))


def references(s: Session, case_ids=None) -> dict[int, str]:
    """Reference by case id (every case when `case_ids` is None)."""
    query = select(Case.id, Case.reference)
    if case_ids is not None:
        ids = {i for i in case_ids if i}
        if not ids:
            return {}
        query = query.where(col(Case.id).in_(ids))
    return {i: r for i, r in s.exec(query).all()}


def next_number(s: Session, year: int) -> int:
    """The next case number of `year`, in the caller's transaction: the counter row stays locked until it
    ends, so concurrent writers wait for each other and no number is given twice (nor again after a case
    is erased)."""
    from sqlalchemy.dialects import postgresql, sqlite

    table = table_of(RefCounter)
    bump = table.update().where(table.c.year == year).values(last_seq=table.c.last_seq + 1).returning(table.c.last_seq)
    seq = s.exec(bump).scalar_one_or_none()
    if seq is not None:
        return seq
    insert = postgresql.insert if s.get_bind().dialect.name == "postgresql" else sqlite.insert  # the year's first
    s.exec(insert(table).values(year=year, last_seq=0).on_conflict_do_nothing(index_elements=["year"]))
    return s.exec(bump).scalar_one()


def add(s: Session, case: Case) -> Case:
    s.add(case)
    s.flush()
    return case


def save(s: Session, case: Case) -> None:
    s.add(case)


def delete(s: Session, case: Case) -> None:
    s.delete(case)
    s.flush()


# ------------------------------------------------------------------------------------------ history
def add_event(s: Session, case_id: int, at: datetime, kind: str, detail: str, actor: str = "intake") -> None:
    s.add(CaseEvent(case_id=case_id, at=at, kind=kind, detail=detail, actor=actor))


def cited_since(s: Session, case_ids, since: datetime) -> dict[int, int]:
    """How many times each of `case_ids` was noted as cited by a stranger since `since` (core/decide.py `_stranger`);
    cases never cited are left out."""
    return noted_since(s, case_ids, "cited", since)


def noted_since(s: Session, case_ids, kind: str, since: datetime) -> dict[int, int]:
    """How many events of `kind` each of `case_ids` got since `since` (« automatic »: a message about it not filed,
    core/decide.py `bounded_notes`); cases with none are left out."""
    ids = list(case_ids)
    if not ids:
        return {}
    return {case_id: n for case_id, n in s.exec(
        select(CaseEvent.case_id, func.count()).where(col(CaseEvent.case_id).in_(ids), CaseEvent.kind == kind,
                                                     col(CaseEvent.at) >= since).group_by(col(CaseEvent.case_id)))}


def events(s: Session, case_id: int) -> list[CaseEvent]:
    return list(s.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id))))


def completed_since(s: Session, since: datetime) -> list[str]:
    """References of the cases that became complete after `since` (their history says so)."""
    return list(s.exec(select(Case.reference).join(CaseEvent, col(CaseEvent.case_id) == Case.id).where(
        CaseEvent.kind == "status", col(CaseEvent.detail).startswith("complete"), CaseEvent.at > since)))


def complete_since(s: Session, case_id: int) -> datetime | None:
    """When the case last became complete (it waits for a decision since then)."""
    return s.exec(select(CaseEvent.at).where(CaseEvent.case_id == case_id, CaseEvent.kind == "status",
                                             col(CaseEvent.detail).startswith("complete"))
                  .order_by(col(CaseEvent.id).desc())).first()


def complete_file_received(s: Session, case: Case) -> datetime | None:
    """When the complete file was received (CRPA: the implicit-decision period runs from then), None while the
    case has never been complete: the arrival of the latest message filed before the case last became complete
    (the one that completed it, even if staff recognised its piece later) or of the latest piece staff added by hand
    before then (the day they gave: a letter posted to the mayor), or the case's own date of receipt."""
    became = complete_since(s, case.id)
    if became is None:
        return None
    latest = s.exec(select(func.max(Inbound.internal_date)).where(
        Inbound.case_id == case.id, Inbound.fate == FILED, col(Inbound.internal_date) <= became)).first()
    by_hand = s.exec(select(func.max(Piece.arrived_at)).where(  # pieces staff added, on the day they came
        Piece.case_id == case.id, col(Piece.created_at) <= became)).first()
    return max(m for m in (case.received_at, _aware(latest), _aware(by_hand)) if m is not None)


def created_since(s: Session, since: datetime) -> list[str]:
    return list(s.exec(select(Case.reference).where(Case.created_at > since).order_by(col(Case.id))))


# ------------------------------------------------------------------------------------ aliases, links
def aliases(s: Session, case_id: int) -> list[CaseAlias]:
    return list(s.exec(select(CaseAlias).where(CaseAlias.case_id == case_id).order_by(col(CaseAlias.id))))


def add_alias(s: Session, alias: CaseAlias) -> None:
    s.add(alias)


def linked_to(s: Session, case_id: int) -> list[Case]:
    """The cases linked to this one (a stranger's message that cited it opened them)."""
    return list(s.exec(select(Case).where(Case.linked_case_id == case_id)))


def same_applicant(s: Session, case: Case, limit: int = 20) -> list[Case]:
    """The applicant's other cases: the likely ones to merge with or move a message to (none for a paper
    application without an email address: "" names nobody)."""
    if not case.applicant:
        return []
    return list(s.exec(select(Case).where(Case.id != case.id, Case.applicant == case.applicant)
                       .order_by(col(Case.year).desc(), col(Case.seq).desc()).limit(limit)))


# -------------------------------------------------------------------------------- what policy reads
def view(s: Session, case: Case, addresses: frozenset[str] = frozenset(), quiet: str = "") -> CaseView:
    """What the message policy needs to know of a case (core/thread.py); `quiet`: store/applicants.py."""
    found = s.exec(select(Piece).where(Piece.case_id == case.id)).all()
    held, included = kinds_held((p.kind, p.manual, p.also) for p in found)
    return CaseView(id=case.id, reference=case.reference, status=case.status, applicant=case.applicant,
                    kinds=held,
                    hashes=frozenset(p.sha256 for p in found),
                    by_hand={p.sha256: p.filename for p in found
                             if staff_added(p.inbound_id is not None, p.arrived_at)},
                    unresolved=sum(1 for p in found if p.unresolved),
                    included=included, addresses=addresses, quiet=quiet, attention=case.attention)


def state(s: Session, case: Case) -> CaseState:
    """What staff actions and reminders ask the core about a case (core/casework.py)."""
    s.flush()
    found = s.exec(select(Piece).where(Piece.case_id == case.id).order_by(col(Piece.id))).all()
    mails: list[Any] = list(s.exec(select(Outbox).options(defer(Outbox.raw))  # type: ignore[arg-type]
                                   .where(Outbox.case_id == case.id).order_by(col(Outbox.id))))
    counted = [m for m in mails if m.status not in NOT_SENT]
    acks = [m for m in counted if m.kind in (ACKNOWLEDGEMENT, UPDATE)]
    reminders = [m for m in mails if m.kind == REMINDER]
    return CaseState(
        id=case.id, reference=case.reference, status=case.status, status_reason=case.status_reason,
        applicant=case.applicant, reply_from=case.reply_from, received_at=case.received_at,
        pieces=tuple(PieceState(p.id, p.filename, p.kind, p.manual, p.sha256, p.evidence, p.detected_type,
                                dict(p.also or {}), mailed=p.inbound_id is not None, arrived_at=p.arrived_at,
                                created_at=p.created_at)
                     for p in found),
        acknowledged=any(m.kind == ACKNOWLEDGEMENT for m in mails),
        completion_sent=any(m.kind == COMPLETION and m.status != CANCELLED for m in mails),
        completion_waiting=any(m.kind == COMPLETION and withdrawable(m.status, m.attempts, m.interruptions)
                               for m in mails),
        completion_retrying=any(m.kind == COMPLETION and retrying_only(m.status, m.attempts, m.interruptions)
                                for m in mails),
        last_acknowledged_at=(acks[-1].sent_at or acks[-1].created_at) if acks else None,
        reminders_sent=len(reminders), last_reminder_at=reminders[-1].created_at if reminders else None,
        reminder_dropped=s.exec(select(CaseEvent.id).where(CaseEvent.case_id == case.id,
                                                           CaseEvent.kind == "reminder-dropped")).first() is not None,
        notices={m.kind.split("/", 1)[1]: m.created_at for m in counted if m.kind.startswith("decision/")},
        attention=case.attention, fields=dict(case.fields or {}), staff_fields=frozenset(case.staff_fields or ()),
        quiet=applicants.quiet(s, [case])[case.id])


def filed_counts(s: Session) -> dict[int, int]:
    """Messages filed per case."""
    return {c: n for c, n in s.exec(select(Inbound.case_id, func.count()).where(Inbound.fate == FILED)
                                    .group_by(col(Inbound.case_id))).all() if c is not None}


def facts(s: Session) -> list[CaseFacts]:
    """What the retention rules need to know of every case, in four queries."""
    last_message = {c: d for c, d in s.exec(select(Inbound.case_id, func.max(Inbound.internal_date))
                                            .where(col(Inbound.case_id).is_not(None), Inbound.fate == FILED)
                                            .group_by(col(Inbound.case_id))).all()}
    last_staff = {c: d for c, d in s.exec(select(CaseEvent.case_id, func.max(CaseEvent.at))
                                          .where(col(CaseEvent.actor).not_in(AUTOMATIC_ACTORS))
                                          .group_by(col(CaseEvent.case_id))).all()}
    decided = {c: d for c, d in s.exec(select(CaseEvent.case_id, func.max(CaseEvent.at))
                                       .where(CaseEvent.kind == "decision").group_by(col(CaseEvent.case_id))).all()}
    out = []
    for case in s.exec(select(Case).order_by(col(Case.id))).all():
        moments = [m for m in (case.received_at, _aware(last_message.get(case.id)), _aware(last_staff.get(case.id)))
                   if m is not None]
        out.append(CaseFacts(id=case.id, reference=case.reference, status=case.status, received_at=case.received_at,
                             last_activity=max(moments), decided_at=_aware(decided.get(case.id))))
    return out


def _aware(value):
    """max() of a UTCDateTime column: aware UTC (naive UTC from a driver that skips the type is made aware)."""
    from datetime import timezone

    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def statistic_lines(s: Session) -> tuple[list[Case], list[CaseStat]]:
    """Every case, and every statistics line a deleted case or a merged reference left (intake stats)."""
    return list(s.exec(select(Case))), list(s.exec(select(CaseStat)))


# -------------------------------------------------------------------------------------- a case file
@dataclass
class CaseFile:
    """A case with everything that hangs on it, for a page or an export."""

    case: Case
    pieces: list[Piece]
    messages: list[Inbound]
    mails: list[Outbox]
    events: list[CaseEvent]


def case_file(s: Session, case: Case) -> CaseFile:
    return CaseFile(
        case=case,
        pieces=list(s.exec(select(Piece).where(Piece.case_id == case.id).order_by(col(Piece.id)))),
        messages=list(s.exec(select(Inbound).where(Inbound.case_id == case.id).order_by(col(Inbound.id)))),
        mails=list(s.exec(select(Outbox).where(Outbox.case_id == case.id).order_by(col(Outbox.id)))),
        events=events(s, case.id))
