"""The addresses of a case (`caseaddress`): who may speak for it, and where our mail about it goes.

The roles and sources are in intake/core/addresses.py; merge, export and erasure use these queries too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select

from intake.core.addresses import APPLICANT, NAMED, STAFF, UNVERIFIED, why_quiet
from intake.core.headers import normal_address
from intake.store.tables import Case, CaseAddress, table_of


def record(s: Session, case_id: int, address: str, role: str, source: str, now: datetime,
           actor: str = "intake", authenticated: bool = False, domain: str = "") -> bool:
    """Add the address to the case (an existing `named` one is promoted to `applicant`); True when new.
    `authenticated`: the town's server vouched for the message that brought it (CaseAddress.authenticated);
    `domain`: the domain its new cases count with (CaseAddress.domain)."""
    address = normal_address(address)
    if not address:
        return False
    row = s.exec(select(CaseAddress).where(CaseAddress.case_id == case_id, CaseAddress.address == address)).first()
    if row is not None:
        if role == APPLICANT and (row.role != APPLICANT or (source == STAFF and row.source != STAFF)):
            row.role, row.source, row.actor = APPLICANT, source, actor  # named -> applicant; staff confirm one
            s.add(row)
        return False
    s.add(CaseAddress(case_id=case_id, address=address, role=role, source=source, created_at=now, actor=actor,
                      authenticated=authenticated, domain=domain))
    return True


def addresses_of(s: Session, case_ids) -> dict[int, frozenset[str]]:
    """Every address that may speak for each case."""
    ids = list(case_ids)
    out: dict[int, set[str]] = {i: set() for i in ids}
    if ids:
        for case_id, address in s.exec(select(CaseAddress.case_id, CaseAddress.address)
                                       .where(col(CaseAddress.case_id).in_(ids))):
            out[case_id].add(address)
    return {k: frozenset(v) for k, v in out.items()}


def listed(s: Session, case_id: int) -> list[CaseAddress]:
    return list(s.exec(select(CaseAddress).where(CaseAddress.case_id == case_id).order_by(col(CaseAddress.id))))


_cases, _addresses = table_of(Case), table_of(CaseAddress)
_OPEN_OF = (select(_cases.c.id).join(_addresses, _addresses.c.case_id == _cases.c.id)
            .where(_addresses.c.address == bindparam("address"), _addresses.c.role == APPLICANT,
                   _addresses.c.source != UNVERIFIED,
                   _cases.c.status.in_(bindparam("statuses", expanding=True))))  # built once: compiled once


def open_cases_named(s: Session, name: str, other_than: str, statuses) -> list[Case]:
    """The cases in one of `statuses` whose applicant's mail gave this display name (any case of letters) from
    another address than `other_than`."""
    if not name:
        return []
    return list(s.exec(select(Case).where(func.lower(Case.applicant_name) == name.lower(), Case.applicant != other_than,
                                          col(Case.status).in_(list(statuses))).order_by(col(Case.id)).limit(5)))


def open_cases_of(s: Session, address: str, statuses) -> list[Case]:
    """The cases in one of `statuses` whose applicant this address is (not those it was merely named on, nor
    those a forged message in its name opened: core/addresses.py). Every message asks for its sender, and most
    senders have none: their ids are looked up first, without the ORM."""
    if not address:
        return []
    s.flush()  # what the session holds counts too, as with an ORM query's autoflush
    ids = list(s.connection().execute(_OPEN_OF, {"address": address, "statuses": list(statuses)}).scalars())
    if not ids:
        return []
    return list(s.exec(select(Case).where(col(Case.id).in_(ids)).order_by(col(Case.id))))


def applied_before(s: Session, address: str, case_id: int) -> bool:
    """The address was the applicant of a case opened before this one (it wrote to us before, in its own name)."""
    return s.exec(select(CaseAddress.id).where(CaseAddress.address == address, CaseAddress.role == APPLICANT,
                                               CaseAddress.source != UNVERIFIED, CaseAddress.case_id < case_id)
                  ).first() is not None


def quiet(s: Session, found: list[Case]) -> dict[int, str]:
    """Why each case gets no automatic mail ("" : it does), by case id (core/addresses.py `why_quiet`)."""
    ids = [c.id for c in found]
    sources: dict[tuple[int, str], str] = {}
    if ids:
        for case_id, address, source in s.exec(select(CaseAddress.case_id, CaseAddress.address, CaseAddress.source)
                                                .where(col(CaseAddress.case_id).in_(ids),
                                                       CaseAddress.role == APPLICANT)):
            sources[(case_id, address)] = source
    return {c.id: why_quiet(sources.get((c.id, c.applicant), ""), c.linked_case_id is not None) for c in found}


def cases_of(s: Session, address: str) -> list[Case]:
    """Every case this address applied for (GDPR: their own cases): it is the case's applicant, or one of
    its applicant addresses (the original sender of a forward, an address staff confirmed)."""
    return list(s.exec(select(Case).where((func.lower(Case.applicant) == address) | col(Case.id).in_(
        select(CaseAddress.case_id).where(CaseAddress.address == address, CaseAddress.role == APPLICANT)))
        .order_by(col(Case.id))))


def named_on(s: Session, address: str) -> list[CaseAddress]:
    """Where this address is only named (Reply-To or Cc of an applicant's mail): someone else's case."""
    return list(s.exec(select(CaseAddress).where(CaseAddress.address == address, CaseAddress.role == NAMED)
                       .order_by(col(CaseAddress.id))))


def forget(s: Session, rows: list[CaseAddress]) -> None:
    for row in rows:
        s.delete(row)
