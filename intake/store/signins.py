"""The console's sign-in tables: one-time links, sessions, rate-limit attempts; and its sign-in mails.

Only hashes of tokens are stored (intake/web/auth.py makes and checks them).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, col, select

from intake.core.statuses import CANCELLED, FAILED, PENDING, SENDING, SENT, UNCERTAIN
from intake.store.tables import Outbox, WebAttempt, WebSession, WebSignin

SIGNIN_KIND = "signin"  # outbox kind of sign-in mails


def add_link(s: Session, token_hash: str, email: str, next_path: str, now: datetime, valid: timedelta) -> None:
    s.add(WebSignin(token_hash=token_hash, email=email, next_path=next_path, created_at=now, expires_at=now + valid))


def usable_link(s: Session, token_hash: str, now: datetime) -> WebSignin | None:
    return s.exec(select(WebSignin).where(WebSignin.token_hash == token_hash, col(WebSignin.used_at).is_(None),
                                          col(WebSignin.expires_at) > now)).first()


def link_of(s: Session, token_hash: str) -> WebSignin | None:
    """The link with this hash, used or expired as well (whose it was, for the journal)."""
    return s.exec(select(WebSignin).where(WebSignin.token_hash == token_hash)).first()


def use_link(s: Session, token_hash: str, now: datetime) -> WebSignin | None:
    """Mark the link used, once: of two simultaneous clicks only one gets the row."""
    done: Any = s.exec(update(WebSignin).where(col(WebSignin.token_hash) == token_hash,
                                               col(WebSignin.used_at).is_(None), col(WebSignin.expires_at) > now)
                       .values(used_at=now))
    if done.rowcount != 1:
        return None
    return s.exec(select(WebSignin).where(WebSignin.token_hash == token_hash)).one()


def add_session(s: Session, token_hash: str, email: str, now: datetime, lifetime: timedelta) -> None:
    s.add(WebSession(token_hash=token_hash, email=email, created_at=now, last_seen_at=now, expires_at=now + lifetime))


def find_session(s: Session, token_hash: str) -> WebSession | None:
    return s.exec(select(WebSession).where(WebSession.token_hash == token_hash)).first()


def touch_session(s: Session, session_id: int, now: datetime) -> None:
    s.exec(update(WebSession).where(col(WebSession.id) == session_id).values(last_seen_at=now))


def end_session(s: Session, token_hash: str) -> None:
    s.exec(delete(WebSession).where(col(WebSession.token_hash) == token_hash))


def end_sessions_of(s: Session, email: str) -> int:
    """Every session of this staff member (« Se déconnecter partout »): how many ended."""
    done: Any = s.exec(delete(WebSession).where(func.lower(WebSession.email) == email.lower()))
    return done.rowcount


def void_links_of(s: Session, email: str, now: datetime) -> int:
    """Every link of this staff member not used yet can no longer be (« Se déconnecter partout »): how many.
    Marked used, so that a copy posted later is journalled as such (`link_of`)."""
    done: Any = s.exec(update(WebSignin).where(func.lower(WebSignin.email) == email.lower(),
                                               col(WebSignin.used_at).is_(None), col(WebSignin.expires_at) > now)
                       .values(used_at=now))
    return done.rowcount


def forget_old(s: Session, now: datetime, idle: timedelta) -> int:
    """Sessions, links and attempts nobody can use any more are not kept (a link request and the nightly purge
    call this); how many rows were deleted."""
    done: list[Any] = [
        s.exec(delete(WebSession).where(or_(col(WebSession.expires_at) < now,
                                            col(WebSession.last_seen_at) < now - idle))),
        s.exec(delete(WebSignin).where(col(WebSignin.expires_at) < now - timedelta(days=1))),
        s.exec(delete(WebAttempt).where(col(WebAttempt.at) < now - timedelta(days=1))),
        s.exec(delete(Outbox).where(col(Outbox.kind) == SIGNIN_KIND, col(Outbox.status) != SENDING,
                                    col(Outbox.created_at) < now - timedelta(days=1)))]
    return sum(d.rowcount for d in done)


def link_mailed(s: Session, link: WebSignin) -> bool:
    """Whether the mail of `link` reached the outbox (web/auth.py queues it, dated as the link, after the answer):
    one address has one live link at a time, so any sign-in mail to it from then on is that link's."""
    return s.exec(select(Outbox.id).where(Outbox.kind == SIGNIN_KIND, func.lower(Outbox.to_addr) == link.email.lower(),
                                          col(Outbox.created_at) >= link.created_at).limit(1)).first() is not None


def void_link(s: Session, link: WebSignin, now: datetime) -> None:
    """`link` can no longer be used (marked used, as `void_links_of` does)."""
    s.exec(update(WebSignin).where(col(WebSignin.id) == link.id).values(used_at=now))


def live_link(s: Session, email: str, now: datetime) -> WebSignin | None:
    """The sign-in link of this address that can still be used, if any (the newest)."""
    return s.exec(select(WebSignin).where(WebSignin.email == email, col(WebSignin.used_at).is_(None),
                                          col(WebSignin.expires_at) > now).order_by(col(WebSignin.id).desc())).first()


def last_attempt(s: Session, scope: str, key: str, since: datetime) -> datetime | None:
    return s.exec(select(func.max(WebAttempt.at)).where(WebAttempt.scope == scope, WebAttempt.key == key,
                                                        col(WebAttempt.at) > since)).one()


def first_attempt(s: Session, scope: str, key: str, since: datetime) -> datetime | None:
    return s.exec(select(func.min(WebAttempt.at)).where(WebAttempt.scope == scope, WebAttempt.key == key,
                                                        col(WebAttempt.at) > since)).one()


def count_attempts(s: Session, scope: str, key: str, since: datetime) -> int:
    return s.exec(select(func.count()).select_from(WebAttempt).where(
        WebAttempt.scope == scope, WebAttempt.key == key, col(WebAttempt.at) > since)).one()


def add_attempt(s: Session, scope: str, key: str, now: datetime) -> None:
    s.add(WebAttempt(scope=scope, key=key, at=now))


def link_mail_waiting(s: Session) -> bool:
    """A sign-in mail not tried yet (another process held the outbox)."""
    return s.exec(select(Outbox.id).where(Outbox.kind == SIGNIN_KIND, Outbox.status == PENDING,
                                          Outbox.attempts == 0)).first() is not None


def link_mails_to_redact(s: Session, now: datetime, valid: timedelta) -> list[Outbox]:
    """Sign-in mails that went out, or can no longer be of use: their link is removed from what is kept."""
    return list(s.exec(select(Outbox).where(Outbox.kind == SIGNIN_KIND, or_(
        col(Outbox.status).in_((SENT, FAILED, CANCELLED, UNCERTAIN)), col(Outbox.created_at) < now - valid))))


def of_person(s: Session, email: str) -> list[WebSession | WebSignin]:
    """A staff member's console sessions and sign-in links still held (a person's access request)."""
    address = email.lower()
    return [*s.exec(select(WebSession).where(func.lower(WebSession.email) == address).order_by(col(WebSession.id))),
            *s.exec(select(WebSignin).where(func.lower(WebSignin.email) == address).order_by(col(WebSignin.id)))]


def forget_person(s: Session, email: str) -> int:
    """A person's erasure: their sessions end, their links and sign-in mails go (the purge would keep them a day)."""
    address = email.lower()
    done: list[Any] = [
        s.exec(delete(WebSession).where(func.lower(WebSession.email) == address)),
        s.exec(delete(WebSignin).where(func.lower(WebSignin.email) == address)),
        s.exec(delete(Outbox).where(col(Outbox.kind) == SIGNIN_KIND, col(Outbox.status) != SENDING,
                                    func.lower(Outbox.to_addr) == address))]
    return sum(d.rowcount for d in done)
