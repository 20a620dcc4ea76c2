"""The outbox (`outbox`): every mail we send, queued in the transaction of its cause and kept as sent.

A row is claimed one at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL), marked `sending` and committed
before the SMTP conversation, and marked `sent` after it (intake/pipeline/send.py sends; core/sending.py says
what becomes of a mail whose sending was cut off).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, false, func, or_, update
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from intake.core.retry import latest_wait
from intake.core.sending import withdrawable
from intake.core.statuses import CANCELLED, HANDLED, HELD, NOT_SENT, PENDING, SENDING, MailStatus
from intake.store.tables import Outbox, table_of


def add(s: Session, *, case_id: int | None, kind: str, from_addr: str, to_addr: str, subject: str, message_id: str,
        content_key: str, raw: bytes, now: datetime, numbered: bool = True, held: str = "") -> Outbox:
    """Queue a mail, due now (or `held` for staff, with why). `numbered`: the n-th mail of its kind on the case
    (unique case, kind, seq)."""
    seq = s.exec(select(func.count()).select_from(Outbox).where(Outbox.case_id == case_id, Outbox.kind == kind)
                 ).one() if numbered else 0
    row = Outbox(case_id=case_id, kind=kind, seq=seq, from_addr=from_addr, to_addr=to_addr, subject=subject,
                 message_id=message_id, content_key=content_key, raw=raw, status=HELD if held else PENDING,
                 next_attempt_at=None if held else now, last_error=held[:1000], created_at=now)
    s.add(row)
    return row


def get(s: Session, outbox_id: int) -> Outbox | None:
    return s.get(Outbox, outbox_id)


def save(s: Session, row: Outbox) -> None:
    s.add(row)


def last_id(s: Session) -> int:
    """The newest mail's id (0: none): what a staff action then queues has a greater one."""
    return int(s.exec(select(func.max(Outbox.id))).one() or 0)


def of_case(s: Session, case_id: int) -> list[Outbox]:
    return list(s.exec(select(Outbox).where(Outbox.case_id == case_id).order_by(col(Outbox.id))))


def has_content_key(s: Session, case_id: int, content_key: str) -> bool:
    """Whether a mail about the case was queued under this content key (core/readdress.py: sent once)."""
    return s.exec(select(func.count()).select_from(Outbox).where(Outbox.case_id == case_id,
                                                                 Outbox.content_key == content_key)).one() > 0


def our_ids(s: Session, case_id: int) -> list[str]:
    """The Message-IDs of our mails about the case, oldest first."""
    return list(s.exec(select(Outbox.message_id).where(Outbox.case_id == case_id).order_by(col(Outbox.id))))


def reminders_by_case(s: Session) -> dict[int, int]:
    from intake.core.replies import REMINDER

    return {c: n for c, n in s.exec(select(Outbox.case_id, func.count()).where(Outbox.kind == REMINDER)
                                    .group_by(col(Outbox.case_id))).all() if c is not None}


def last_seq_by_kind(s: Session, case_id: int) -> dict[str, int]:
    return {k: n for k, n in s.exec(select(Outbox.kind, func.max(Outbox.seq)).where(Outbox.case_id == case_id)
                                    .group_by(col(Outbox.kind))).all()}


# ----------------------------------------------------------------------- what the policy reads of it
def message_ids(s: Session) -> list[str]:
    """Every mail's Message-ID (what a folder of written mail is checked against, commands/purge.py)."""
    return list(s.exec(select(Outbox.message_id)))


def by_message_ids(s: Session, message_ids: list[str]) -> list[Outbox]:
    return list(s.exec(select(Outbox).where(col(Outbox.message_id).in_(message_ids)))) if message_ids else []


def tagged(s: Session, token: str) -> list[Outbox]:
    """Our mails whose Message-ID carries this per-mail token (a bounce names it in the envelope sender)."""
    return list(s.exec(select(Outbox).where(col(Outbox.message_id).like(f"%.{token}@%"))))


def about_case_since(s: Session, case_id: int, since: datetime) -> int:
    return s.exec(select(func.count()).select_from(Outbox).where(Outbox.case_id == case_id,
                                                                 Outbox.created_at >= since)).one()


_outbox = table_of(Outbox)
_OF_KINDS_SINCE = (select(func.count()).select_from(_outbox)  # built once: every message that could open a case asks
                   .where(_outbox.c.kind.in_(bindparam("kinds", expanding=True)),
                          _outbox.c.created_at >= bindparam("since"), _outbox.c.status.not_in([*NOT_SENT, HANDLED])))


def of_kinds_since(s: Session, kinds: tuple[str, ...], since: datetime) -> int:
    """Mails of these kinds queued since then, whoever they go to, that went or are going out: not those held for
    staff (a first start's answers to old mail, held by the hundred, are not a flood of new ones), nor those
    given up or handled otherwise."""
    s.flush()  # what the session holds counts too, as with an ORM query's autoflush
    return int(s.connection().execute(_OF_KINDS_SINCE, {"kinds": list(kinds), "since": since}).scalar_one())


def of_kind_since(s: Session, kind: str, since: datetime) -> int:
    """`of_kinds_since` for one kind."""
    return of_kinds_since(s, (kind,), since)


# ---------------------------------------------------------------------------------------- bounces
def bounced(s: Session, message_ids: tuple[str, ...], why: str) -> list[Outbox]:
    """Our mails a believed bounce names: their last error says so (`why`; "" for a delivery receipt: no error).
    Returns them."""
    rows = by_message_ids(s, list(message_ids))
    for mail in rows:
        if why:
            mail.last_error = why[:1000]
            s.add(mail)
    return rows


def unsent(s: Session, case_id: int, to_addr: str, kinds: tuple[str, ...]) -> Outbox | None:
    """The newest mail of these kinds about the case to the address that is due and was never tried (None: none)."""
    return s.exec(select(Outbox).where(Outbox.case_id == case_id, Outbox.to_addr == to_addr,
                                       col(Outbox.kind).in_(kinds), Outbox.status == PENDING, Outbox.attempts == 0,
                                       Outbox.interruptions == 0).order_by(col(Outbox.id).desc()).limit(1)).first()


def never_tried(s: Session, case_id: int, kinds: tuple[str, ...], retrying: bool = False) -> list[Outbox]:
    """The case's mails of these kinds, to whatever address, that may still be withdrawn (core/sending.py
    `withdrawable`; `retrying`: those waiting for a new try too), oldest first."""
    return [m for m in s.exec(select(Outbox).where(Outbox.case_id == case_id, col(Outbox.kind).in_(kinds),
                                                   col(Outbox.status).in_((PENDING, HELD))).order_by(col(Outbox.id)))
            if withdrawable(m.status, m.attempts, m.interruptions, retrying)]


def withdraw(s: Session, outbox_id: int, why: str, retrying: bool = False) -> bool:
    """Cancel a mail that was never tried (core/sending.py `withdrawable`; `retrying`: or that waits for a new try);
    False if a sender claimed it meanwhile (it goes, as it is)."""
    never = and_(col(Outbox.status).in_((PENDING, HELD)), col(Outbox.attempts) == 0)
    again = and_(col(Outbox.status) == PENDING, col(Outbox.attempts) > 0) if retrying else false()
    done: Any = s.exec(update(Outbox).where(col(Outbox.id) == outbox_id, col(Outbox.interruptions) == 0,
                                            or_(never, again))
                       .values(status=CANCELLED, last_error=why[:1000]))
    return done.rowcount == 1


def cancel_pending_to(s: Session, address: str, why: str) -> None:
    for pending in s.exec(select(Outbox).where(Outbox.to_addr == address, Outbox.status == PENDING)):
        pending.status, pending.last_error = CANCELLED, why
        s.add(pending)


# ---------------------------------------------------------------------------------------- sending
def waiting(s: Session, now: datetime) -> tuple[int, datetime | None]:
    """How many mails wait for a retry delay, and when the first of them will be tried."""
    count, first = s.exec(select(func.count(), func.min(Outbox.next_attempt_at)).where(
        Outbox.status == PENDING, col(Outbox.next_attempt_at) > now,
        col(Outbox.next_attempt_at) <= latest_wait(now))).one()
    return count, first  # min() keeps the column's type: an aware UTC datetime


def sending_ids(s: Session) -> list[int]:
    return list(s.exec(select(Outbox.id).where(Outbox.status == SENDING).order_by(col(Outbox.id))))


def still_sending(s: Session, outbox_id: int) -> Outbox | None:
    """The row, locked, if it is still marked `sending`."""
    return s.exec(select(Outbox).where(Outbox.id == outbox_id, Outbox.status == SENDING).with_for_update()).first()


def next_due(s: Session, now: datetime, tried: set[int], queued_before: datetime | None = None) -> Outbox | None:
    """The oldest due mail nobody else holds (locked for this transaction); `queued_before`: only one queued before
    then."""
    # a next try past the longest wait was set before the clock went back: due now (core/retry.py latest_wait)
    query = (select(Outbox).where(Outbox.status == PENDING, or_(col(Outbox.next_attempt_at) <= now,
                                                                 col(Outbox.next_attempt_at) > latest_wait(now)))
             .order_by(col(Outbox.id)).limit(1).with_for_update(skip_locked=True))
    if tried:
        query = query.where(col(Outbox.id).not_in(tried))
    if queued_before is not None:
        query = query.where(col(Outbox.created_at) < queued_before)
    return s.exec(query).first()


def claim(s: Session, outbox_id: int) -> bool:
    """Mark a pending mail `sending` (one more attempt); False if someone else changed it meanwhile."""
    done: Any = s.exec(update(Outbox).where(col(Outbox.id) == outbox_id, col(Outbox.status) == PENDING)
                       .values(status=SENDING, attempts=col(Outbox.attempts) + 1))
    return done.rowcount == 1


def finish(s: Session, outbox_id: int, status: MailStatus, error: str, retry_at: datetime | None,
           now: datetime) -> Outbox:
    row = s.get_one(Outbox, outbox_id)
    row.status, row.last_error, row.next_attempt_at = status, error[:1000], retry_at
    if status == MailStatus.SENT:
        row.sent_at = now
    s.add(row)
    return row


# ------------------------------------------------------------------------------------------ staff
def with_status(s: Session, statuses) -> list[Outbox]:
    return list(s.exec(select(Outbox).where(col(Outbox.status).in_(statuses)).order_by(col(Outbox.id))))


def retrying(s: Session) -> list[Outbox]:
    """Mails a failure left waiting for a new try (the outbox tries them again by itself, at `next_attempt_at`)."""
    return list(s.exec(select(Outbox).where(Outbox.status == PENDING, col(Outbox.attempts) > 0)
                       .order_by(col(Outbox.id))))


def first_with_status(s: Session, statuses, except_kind: str, limit: int) -> tuple[list[Outbox], int]:
    """The `limit` oldest mails of these statuses (not of `except_kind`), their bytes not read, and how many there
    are in all (a window over every row, taken before the limit): the console's page during a flood of held
    acknowledgements, where every held mail, its receipt PDF included, was read to list them."""
    rows = s.exec(select(Outbox, func.count().over()).options(defer(Outbox.raw))  # type: ignore[arg-type]
                  .where(Outbox.kind != except_kind, col(Outbox.status).in_(statuses))
                  .order_by(col(Outbox.id)).limit(limit)).all()
    return [row for row, _ in rows], (rows[0][1] if rows else 0)


def with_status_since(s: Session, statuses, since: datetime) -> list[Outbox]:
    return list(s.exec(select(Outbox).where(col(Outbox.status).in_(statuses), Outbox.created_at > since)))


def count_with_status(s: Session, statuses, except_kind: str = "") -> int:
    return s.exec(select(func.count()).select_from(Outbox).where(
        Outbox.kind != except_kind, col(Outbox.status).in_(statuses))).one()


def to_address(s: Session, address: str) -> list[Outbox]:
    """Every mail to this address (lower-cased), oldest first."""
    return list(s.exec(select(Outbox).where(func.lower(Outbox.to_addr) == address).order_by(col(Outbox.id))))


def of_kind(s: Session, kind: str) -> list[Outbox]:
    return list(s.exec(select(Outbox).where(Outbox.kind == kind).order_by(col(Outbox.id))))


def day_window(now: datetime) -> datetime:
    """The start of the 24 hours the daily limits count."""
    return now - timedelta(hours=24)


def forget(s: Session, rows: list[Outbox]) -> None:
    for row in rows:
        s.delete(row)
