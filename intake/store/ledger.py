"""The ledger of every message seen (`inbound`): where it was, its identity, its fate and why.

It is also the audit trail: a message is never filed twice because its identity (Message-ID, or a content
fingerprint) is looked up here first, in the same transaction that records its fate.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from intake.core.quarantine_space import NOT_KEPT, Held
from intake.core.statuses import DUPLICATE, FILED, QUARANTINED
from intake.store.tables import Inbound, table_of

_inbound = table_of(Inbound)


MAX_ID = 2**31 - 1  # the largest id a row can have (PostgreSQL's `integer`)


def get(s: Session, inbound_id: int) -> Inbound | None:
    """The message numbered `inbound_id`; None when there is none. A number no row can have (20 digits typed in
    `intake quarantine dismiss`, or posted by the console's list) is none: the drivers refused it with an
    OverflowError (SQLite) or an out-of-range error (PostgreSQL), « erreur inattendue » and a 500."""
    if not 0 < inbound_id <= MAX_ID:
        return None
    return s.get(Inbound, inbound_id)


def save(s: Session, row: Inbound) -> None:
    s.add(row)


_COLUMNS = tuple(c for c in _inbound.c.keys() if c != "id")
_INSERT = _inbound.insert()


def insert(s: Session, row: Inbound) -> None:
    """Record a new ledger line that nothing else in the transaction changes (a message ignored, a copy...):
    one INSERT, without the ORM's unit of work; `row.id` is set."""
    values = {c: getattr(row, c) for c in _COLUMNS}
    inserted = s.connection().execute(_INSERT, values).inserted_primary_key
    assert inserted is not None
    row.id = inserted[0]


_RECORDED = (columns(_inbound.c.mailbox, _inbound.c.uid, _inbound.c.fate, _inbound.c.case_id, _inbound.c.fingerprint,
                     _inbound.c.from_addr, _inbound.c.copy_key)
             .where(_inbound.c.identity.in_([bindparam("identity"), bindparam("trace")]),
                    _inbound.c.fate != DUPLICATE, _inbound.c.id != bindparam("exclude_id"))
             .order_by(_inbound.c.id))  # built once, with two plain parameters (not an expanding list): compiled once


def recorded(s: Session, identity: str, trace: str, exclude_id: int | None = None) -> list[Any]:
    """The messages already recorded under this identity or its trace (core/retention.py: what a deleted case's
    messages leave), copies not counted, oldest first: rows of (mailbox, uid, fate, case_id, fingerprint,
    from_addr, copy_key), read without making ledger objects (every message asks, and almost every answer is none)."""
    s.flush()  # what the session holds counts too, as with an ORM query's autoflush
    return list(s.connection().execute(_RECORDED, {"identity": identity, "trace": trace,
                                                   "exclude_id": exclude_id or 0}))


_KEYED = (columns(_inbound.c.identity)
          .where(_inbound.c.identity.in_(bindparam("identities", expanding=True)), _inbound.c.copy_key != "")
          .distinct())


def with_copy_keys(s: Session, identities: list[str]) -> set[str]:
    """Those of `identities` under which a message is recorded with its copy key (filed or set aside)."""
    found: set[str] = set()
    for start in range(0, len(identities), 500):  # bound the statement's parameters
        found.update(s.connection().execute(_KEYED, {"identities": identities[start:start + 500]}).scalars())
    return found


def cases_of_messages(s: Session, message_ids: list[str]) -> set[int]:
    """The cases on which messages with these Message-IDs are recorded."""
    if not message_ids:
        return set()
    return {c for c in s.exec(select(Inbound.case_id).where(col(Inbound.message_id).in_(message_ids))) if c}


def of_case(s: Session, case_id: int) -> list[Inbound]:
    """Every ledger row on the case, as `intake case` numbers them (1 = the first)."""
    return list(s.exec(select(Inbound).where(Inbound.case_id == case_id).order_by(col(Inbound.id))))


def on_case(s: Session, case_id: int, inbound_id: int) -> Inbound | None:
    return s.exec(select(Inbound).where(Inbound.id == inbound_id, Inbound.case_id == case_id)).first()


def filed_on_case(s: Session, case_id: int) -> list[Inbound]:
    return list(s.exec(select(Inbound).where(Inbound.case_id == case_id, Inbound.fate == FILED)
                       .order_by(col(Inbound.id))))


def filed_count(s: Session, case_id: int) -> int:
    return s.exec(select(func.count()).select_from(Inbound).where(Inbound.case_id == case_id,
                                                                  Inbound.fate == FILED)).one()


def thread_ids(s: Session, case_id: int) -> list[str]:
    """The Message-IDs of the applicant's messages filed on the case, oldest first (what our mail answers)."""
    return list(s.exec(select(Inbound.message_id).where(Inbound.case_id == case_id, Inbound.fate == FILED,
                                                        Inbound.message_id != "").order_by(col(Inbound.id))))


def arrivals(s: Session, case_id: int) -> dict[int, datetime]:
    """When each message on the case arrived (its INTERNALDATE), by ledger id."""
    return {i: d for i, d in s.exec(select(Inbound.id, Inbound.internal_date).where(Inbound.case_id == case_id))}


def copies_of(s: Session, row: Inbound) -> list[Inbound]:
    """The other copies of a message recorded on the same case (To + Cc: one in each mailbox)."""
    return list(s.exec(select(Inbound).where(Inbound.case_id == row.case_id, Inbound.identity == row.identity,
                                             Inbound.fate == DUPLICATE, Inbound.id != row.id)))


def quarantined(s: Session) -> list[Inbound]:
    return list(s.exec(select(Inbound).where(Inbound.fate == QUARANTINED).order_by(col(Inbound.id))))


def quarantined_first(s: Session, limit: int) -> tuple[list[Inbound], int]:
    """The `limit` oldest quarantined messages and how many the quarantine holds in all, in one query (the count
    is a window over every row, taken before the limit): the console's page, during a flood."""
    rows = s.exec(select(Inbound, func.count().over()).where(Inbound.fate == QUARANTINED)
                  .order_by(col(Inbound.id)).limit(limit)).all()
    return [row for row, _ in rows], (rows[0][1] if rows else 0)


def quarantined_since(s: Session, since: datetime) -> list[Inbound]:
    return list(s.exec(select(Inbound).where(Inbound.fate == QUARANTINED, Inbound.created_at > since)))


def quarantine_held(s: Session, sender: str = "", sha256: str = "") -> Held:
    """The bytes the quarantine holds (core/quarantine_space.py), each stored message counted once however many
    lines name it; `by_sender`: those from `sender` (an address, as the ledger has it); `already`: whether the
    message stored as `sha256` is among them."""
    c = _inbound.c
    held = c.fate == QUARANTINED, c.raw_sha256 != ""
    already = bool(sha256) and s.connection().execute(
        columns(c.id).where(*held, c.raw_sha256 == sha256).limit(1)).first() is not None
    return Held(total=_held(s, *held), by_sender=_held(s, *held, func.lower(c.from_addr) == sender.lower()),
                already=already)


def _held(s: Session, *where: Any) -> int:
    c = _inbound.c
    blobs = columns(c.raw_sha256, func.max(c.size).label("size")).where(*where).group_by(c.raw_sha256).subquery()
    return int(s.connection().execute(columns(func.coalesce(func.sum(blobs.c.size), 0))).scalar_one())


def not_kept_since(s: Session, since: datetime, mailbox: str = "", folder: str = "") -> int:
    """Messages quarantined without their bytes (the quarantine full) since `since`, in one folder or all."""
    c = _inbound.c
    where = [c.fate == QUARANTINED, c.raw_sha256 == "", c.created_at >= since, c.reason.startswith(NOT_KEPT)]
    if mailbox:
        where += [c.mailbox == mailbox, c.folder == folder]
    return int(s.connection().execute(columns(func.count()).select_from(_inbound).where(*where)).scalar_one())


def quarantined_count(s: Session) -> int:
    return s.exec(select(func.count()).select_from(Inbound).where(Inbound.fate == QUARANTINED)).one()


def from_sender(s: Session, address: str) -> list[Inbound]:
    """Every message recorded from this address (whatever its case), oldest first."""
    return list(s.exec(select(Inbound).where(func.lower(Inbound.from_addr) == address).order_by(col(Inbound.id))))


def with_raw(s: Session) -> list[Inbound]:
    """Every message whose raw bytes are kept (filed, or quarantined), oldest first: what a person's right of
    access reads for the places that name the address (intake/commands/person.py)."""
    return list(s.exec(select(Inbound).where(Inbound.raw_sha256 != "").order_by(col(Inbound.id))))


_STORED_SINCE = columns(  # built once: compiled once, kept in SQLAlchemy's cache
    columns(func.coalesce(func.sum(_inbound.c.stored_bytes), 0))
    .where(_inbound.c.from_addr == bindparam("sender"), _inbound.c.created_at >= bindparam("since"),
           _inbound.c.stored_bytes > 0).scalar_subquery(),
    columns(func.coalesce(func.sum(_inbound.c.stored_bytes), 0))
    .where(_inbound.c.stored_domain == bindparam("domain"), _inbound.c.created_at >= bindparam("since"),
           _inbound.c.stored_bytes > 0).scalar_subquery(),
    columns(func.coalesce(func.sum(_inbound.c.stored_bytes), 0))
    .where(_inbound.c.created_at >= bindparam("since"), _inbound.c.stored_bytes > 0).scalar_subquery())


def stored_since(s: Session, sender: str, domain: str, since: datetime) -> tuple[int, int, int]:
    """(bytes the filed messages from `sender` whose sender was not authenticated added to the store since `since`,
    the same for every address of the registrable `domain` together, the same for every such message: core/
    store_budget.py); 0 for an empty `sender` or `domain`."""
    s.flush()  # what the session holds counts too
    row = s.connection().execute(_STORED_SINCE, {"sender": sender, "domain": domain, "since": since}).one()
    return (int(row[0]) if sender else 0, int(row[1]) if domain else 0, int(row[2]))


_ADDED_SINCE = (columns(func.coalesce(func.sum(_inbound.c.added_bytes), 0))  # built once: compiled once
                .where(_inbound.c.from_addr == bindparam("sender"), _inbound.c.created_at >= bindparam("since"),
                       _inbound.c.added_bytes > 0))


def added_since(s: Session, sender: str, since: datetime) -> int:
    """Bytes the filed messages from `sender` added to the store since `since`, whether the town's server
    authenticated them or not (core/store_budget.py), by the index of the sender's address."""
    s.flush()  # what the session holds counts too
    return int(s.connection().execute(_ADDED_SINCE, {"sender": sender, "since": since}).scalar_one())


_ADDED_BY_DOMAIN_SINCE = (columns(func.coalesce(func.sum(_inbound.c.added_bytes), 0))  # built once: compiled once
                          .where(_inbound.c.stored_domain == bindparam("domain"),
                                 _inbound.c.created_at >= bindparam("since"), _inbound.c.stored_bytes == 0,
                                 _inbound.c.added_bytes > 0))


def added_by_domain_since(s: Session, domain: str, since: datetime) -> int:
    """Bytes the filed messages of the addresses of the registrable `domain` whose sender the town's server
    authenticated (those it did not have `stored_bytes`: `stored_since`) added to the store since `since`
    (core/store_budget.py), read from the index of the domain alone; 0 for an empty `domain`."""
    if not domain:
        return 0
    s.flush()  # what the session holds counts too
    return int(s.connection().execute(_ADDED_BY_DOMAIN_SINCE, {"domain": domain, "since": since}).scalar_one())
