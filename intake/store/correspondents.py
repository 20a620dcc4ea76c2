"""What the policy counts about one correspondent (core/context.Budget), read in one statement.

Every message's decision needs it for its sender (and for the applicants of the cases it names): four
small lookups, in the outbox, the ledger and the address flags, made one round trip of scalar subqueries
(each found by index: migration 0012).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, select
from sqlmodel import Session

from intake.core.addresses import APPLICANT, CITING, FOR_STAFF, OPENING, REPLY_TO, ROBOT, UNVERIFIED
from intake.core.context import Budget
from intake.core.replies import MAIL_KINDS_TO_APPLICANT
from intake.core.statuses import CANCELLED, DUPLICATE
from intake.store import outbox
from intake.store.tables import Address, CaseAddress, Inbound, Outbox, table_of

_outbox, _inbound, _address = table_of(Outbox), table_of(Inbound), table_of(Address)
_case_address = table_of(CaseAddress)
_target: Any = bindparam("target")
_sender: Any = bindparam("sender")
_since: Any = bindparam("since")
_BUDGET = select(  # built once: SQLAlchemy compiles it once and keeps it in its cache
    select(func.count()).select_from(_outbox)
    .where(_outbox.c.to_addr == _target, _outbox.c.created_at >= _since, _outbox.c.status != CANCELLED)
    .scalar_subquery(),
    select(func.count()).select_from(_inbound)
    .where(and_(_inbound.c.from_addr == _sender, _inbound.c.case_id.is_not(None), _inbound.c.fate != DUPLICATE,
                _inbound.c.created_at >= _since,
                # nor messages a forger sent in the sender's name (filed where the address is `unverified`)
                _inbound.c.case_id.not_in(select(_case_address.c.case_id).where(
                    _case_address.c.address == _sender, _case_address.c.source == UNVERIFIED))))
    .scalar_subquery(),
    select(_address.c.undeliverable).where(_address.c.address == _target).scalar_subquery(),
    select(_outbox.c.content_key).where(_outbox.c.to_addr == _target).order_by(_outbox.c.id.desc()).limit(1)
    .scalar_subquery())


def budget_counts(s: Session, target: str, sender: str, since: datetime) -> tuple[int, int, bool, str]:
    """(mails queued to `target` since `since`, cancelled ones not counted; messages from `sender` since `since`
    that joined or answered a case, copies and forgeries in its name not counted; whether `target` is flagged
    undeliverable; the content key of the last mail queued to `target`). An empty `target` or `sender` counts
    nothing."""
    s.flush()  # what the session holds counts too (as an ORM query's autoflush would make it)
    row = s.connection().execute(_BUDGET, {"target": target, "sender": sender, "since": since}).one()
    return (int(row[0]) if target else 0, int(row[1]) if sender else 0, bool(row[2]) if target else False,
            (row[3] or "") if target else "")


def budget(s: Session, target: str, sender: str, now: datetime) -> Budget:
    """What was sent to `target` in 24 hours, and what `sender` wrote that joined or answered a case."""
    sent, received, undeliverable, last_key = budget_counts(s, target, sender, outbox.day_window(now))
    return Budget(sent_to_recipient=sent, received_from_sender=received, undeliverable=undeliverable,
                  last_key_to_recipient=last_key)


def reminder_room(s: Session, case_id: int, applicant: str, now: datetime) -> tuple[Budget, int, int]:
    """What bounds a case's reminder now (core/casework.py `reminder_waits`): its applicant's budget, the automatic
    mails to any applicant and those about the case, queued in the last 24 hours."""
    since = outbox.day_window(now)
    return (budget(s, applicant, "", now), outbox.of_kinds_since(s, MAIL_KINDS_TO_APPLICANT, since),
            outbox.about_case_since(s, case_id, since))


def cases_opened(s: Session, sender: str, unverified: bool, since: datetime) -> int:
    """Cases `sender`'s mail opened since `since` (core/decide.py `capped`): those its own mail opened (as an
    applicant, a third party citing a case, an automatic sender), or, for a message that failed authentication,
    those opened in its name by such messages (`unverified`), counted apart: a forger fills only its own count.
    A staff forward, a paper application or an address staff confirmed is not counted."""
    if not sender:
        return 0
    s.flush()
    return int(s.connection().execute(_OPENED_UNVERIFIED if unverified else _OPENED,
                                      {"sender": sender, "since": since}).scalar_one())


def _opened(sources: tuple[str, ...]) -> Any:
    """Built once each (every message that could open a case asks): compiled once, kept in SQLAlchemy's cache."""
    return select(func.count(func.distinct(_case_address.c.case_id))).where(
        _case_address.c.address == _sender, _case_address.c.role == APPLICANT,
        _case_address.c.source.in_(sources), _case_address.c.created_at >= _since)


_OPENED, _OPENED_UNVERIFIED = _opened((OPENING, CITING, ROBOT, FOR_STAFF)), _opened((UNVERIFIED,))


def domain_cases_opened(s: Session, domain: str, unverified: bool, since: datetime,
                        authenticated: bool = False) -> int:
    """Cases the mail of the addresses of `domain` or of a subdomain of it opened since `since`, all together
    (core/decide.py `capped`, [limits] cases_per_domain_per_day), counted as `cases_opened` counts one address's:
    for a message that failed authentication, those opened in such senders' names by such messages, apart; for one
    the town's server authenticated (`authenticated`), those opened by such messages, apart from the mail it could
    not vouch for (no DMARC policy, a soft failure), which anyone can write in the domain's name: three such forgeries
    set aside an association's own signed application for 24 hours."""
    if not domain:
        return 0
    s.flush()
    query = _DOMAIN_OPENED_UNVERIFIED if unverified else _DOMAIN_OPENED[authenticated]
    return int(s.connection().execute(query, {"domain": domain, "since": since}).scalar_one())


def _domain_opened(sources: tuple[str, ...], authenticated: bool | None = None) -> Any:
    """Built once each. By the domain each applicant address was recorded with (CaseAddress.domain: registrable, in
    ASCII): the end of the address as written missed its other spellings (`x.example..`, `évil.example` and
    `xn--vil-9la.example`), each counted from zero. `authenticated`: only the addresses whose opening message was
    (True) or was not (False) authenticated; None: either."""
    query = select(func.count(func.distinct(_case_address.c.case_id))).where(
        _case_address.c.domain == bindparam("domain"), _case_address.c.created_at >= _since,
        _case_address.c.role == APPLICANT, _case_address.c.source.in_(sources))
    return query if authenticated is None else query.where(_case_address.c.authenticated.is_(authenticated))


_DOMAIN_OPENED = {vouched: _domain_opened((OPENING, CITING, ROBOT, FOR_STAFF), vouched) for vouched in (False, True)}
_DOMAIN_OPENED_UNVERIFIED = _domain_opened((UNVERIFIED,))


def unauthenticated_cases_opened(s: Session, unverified: bool, since: datetime) -> int:
    """Cases opened since `since` by every message the town's server did not authenticate, together (core/decide.py
    `capped`, [limits] unauthenticated_cases_per_day), counted as `cases_opened` counts one address's: for a message
    that failed authentication, those opened by such messages, apart (forgers of domains with a DMARC policy fill
    only their own count, not that of applicants whose domain has none); a staff forward, a paper application or an
    address staff confirmed is not counted."""
    s.flush()
    query = _UNAUTHENTICATED_OPENED_FORGED if unverified else _UNAUTHENTICATED_OPENED
    return int(s.connection().execute(query, {"since": since}).scalar_one())


def _unauthenticated_opened(sources: tuple[str, ...]) -> Any:
    """Built once each: compiled once, kept in SQLAlchemy's cache."""
    return select(func.count(func.distinct(_case_address.c.case_id))).where(
        _case_address.c.created_at >= _since, _case_address.c.role == APPLICANT, _case_address.c.source.in_(sources),
        _case_address.c.authenticated.is_(False))


_UNAUTHENTICATED_OPENED = _unauthenticated_opened((OPENING, CITING, ROBOT, FOR_STAFF))
_UNAUTHENTICATED_OPENED_FORGED = _unauthenticated_opened((UNVERIFIED,))


def robot_cases_for(s: Session, robot: str, named: str, since: datetime) -> int:
    """Cases an automatic sender's mail (`robot`: a web form's) opened since `since` naming `named` in its Reply-To
    (core/decide.py `capped`): that applicant's budget through the robot, apart from the address's own mail."""
    if not robot or not named:
        return 0
    s.flush()
    return int(s.connection().execute(_ROBOT_FOR, {"sender": robot, "named": named, "since": since}).scalar_one())


_named_address = _case_address.alias("named_address")
_ROBOT_FOR = select(func.count(func.distinct(_case_address.c.case_id))).where(
    _case_address.c.address == _sender, _case_address.c.role == APPLICANT, _case_address.c.source == ROBOT,
    _case_address.c.created_at >= _since,
    _case_address.c.case_id.in_(select(_named_address.c.case_id).where(
        _named_address.c.address == bindparam("named"), _named_address.c.source == REPLY_TO)))
