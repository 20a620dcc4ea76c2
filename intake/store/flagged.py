"""What we learnt about correspondents' addresses (`address`): a permanent bounce, or a loop."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from intake.store.tables import Address


def get(s: Session, address: str) -> Address | None:
    return s.get(Address, address) if address else None


def flag(s: Session, address: str, *, now: datetime, reason: str, undeliverable: bool = False,
         looping: bool = False) -> None:
    """Record a permanent bounce or a loop (flags only ever get set here; the purge forgets them)."""
    if not address:
        return
    row = s.get(Address, address) or Address(address=address, updated_at=now)
    row.undeliverable = row.undeliverable or undeliverable
    row.looping = row.looping or looping
    row.reason, row.updated_at = reason[:1000], now
    s.add(row)


def changed_since(s: Session, since: datetime) -> list[Address]:
    return list(s.exec(select(Address).where(col(Address.updated_at) > since)))


def forget(s: Session, row: Address) -> None:
    s.delete(row)
