"""The ledger of every message seen (`inbound`): where it was, its identity, its fate and why.

It is also the audit trail: a message is never filed twice because its identity (Message-ID, or a content
fingerprint) is looked up here first, in the same transaction that records its fate.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from intake.core.addresses import UNVERIFIED
from intake.core.statuses import DUPLICATE, FILED, QUARANTINED
from intake.store.tables import CaseAddress, Inbound


def get(s: Session, inbound_id: int) -> Inbound | None:
    return s.get(Inbound, inbound_id)


def save(s: Session, row: Inbound) -> None:
    s.add(row)


def recorded(s: Session, identities: tuple[str, ...], exclude_id: int | None = None) -> list[Inbound]:
    """The messages already recorded under one of these identities (copies are not counted), oldest first."""
    return list(s.exec(select(Inbound).where(col(Inbound.identity).in_(identities), Inbound.fate != DUPLICATE,
                                             Inbound.id != (exclude_id or 0)).order_by(col(Inbound.id))))


def cases_of_messages(s: Session, message_ids: list[str]) -> set[int]:
    """The cases on which messages with these Message-IDs are recorded."""
    if not message_ids:
        return set()
    return {c for c in s.exec(select(Inbound.case_id).where(col(Inbound.message_id).in_(message_ids))) if c}


def written_by_since(s: Session, sender: str, since: datetime) -> int:
    """Messages from `sender` since `since` that joined or answered a case (copies not counted, nor messages a
    forger sent in the sender's name: those filed on a case where the address is `unverified`)."""
    forged = select(CaseAddress.case_id).where(CaseAddress.address == sender, CaseAddress.source == UNVERIFIED)
    return s.exec(select(func.count()).select_from(Inbound).where(
        Inbound.from_addr == sender, col(Inbound.case_id).is_not(None), Inbound.fate != DUPLICATE,
        Inbound.created_at >= since, col(Inbound.case_id).not_in(forged))).one()


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


def quarantined_since(s: Session, since: datetime) -> list[Inbound]:
    return list(s.exec(select(Inbound).where(Inbound.fate == QUARANTINED, Inbound.created_at > since)))


def quarantined_count(s: Session) -> int:
    return s.exec(select(func.count()).select_from(Inbound).where(Inbound.fate == QUARANTINED)).one()


def from_sender(s: Session, address: str) -> list[Inbound]:
    """Every message recorded from this address (whatever its case), oldest first."""
    return list(s.exec(select(Inbound).where(func.lower(Inbound.from_addr) == address).order_by(col(Inbound.id))))
