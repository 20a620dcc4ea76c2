"""The addresses of a case: who may speak for it, and where our mail about it goes.

One place for the SQL of `CaseAddress` (merge, export and erasure use these too).
Our mail about a case (acknowledgement, receipts, completion, reminders, decisions) always
goes to `Case.applicant`: the `From` of the message that opened the case (the original
sender of a trusted staff forward), or an address staff confirmed with `--main`; never to
whoever wrote last, never to a `Reply-To`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from intake.adapters.db import Case, CaseAddress, CaseEvent

APPLICANT, NAMED = "applicant", "named"  # roles
OPENING, FORWARD, REPLY_TO, CC, STAFF = "opening", "forward", "reply-to", "cc", "staff"  # sources
SOURCE_LABELS = {OPENING: "expéditeur du premier message", FORWARD: "expéditeur d'origine (transfert authentifié)",
                 REPLY_TO: "Reply-To d'un message du demandeur", CC: "en copie d'un message du demandeur",
                 STAFF: "confirmée par le service"}


def record(s: Session, case_id: int, address: str, role: str, source: str, now: datetime,
           actor: str = "intake") -> bool:
    """Add the address to the case (an existing `named` one is promoted to `applicant`); True when new."""
    address = address.strip().lower()
    if not address:
        return False
    row = s.exec(select(CaseAddress).where(CaseAddress.case_id == case_id, CaseAddress.address == address)).first()
    if row is not None:
        if role == APPLICANT and row.role != APPLICANT:
            row.role, row.source, row.actor = APPLICANT, source, actor
            s.add(row)
        return False
    s.add(CaseAddress(case_id=case_id, address=address, role=role, source=source, created_at=now, actor=actor))
    return True


def addresses_of(s: Session, case_ids) -> dict[int, frozenset[str]]:
    """Every address that may speak for each case."""
    ids = list(case_ids)
    out: dict[int, set[str]] = {i: set() for i in ids}
    if ids:
        for case_id, address in s.exec(select(CaseAddress.case_id, CaseAddress.address)
                                       .where(CaseAddress.case_id.in_(ids))):
            out[case_id].add(address)
    return {k: frozenset(v) for k, v in out.items()}


def listed(s: Session, case_id: int) -> list[CaseAddress]:
    return list(s.exec(select(CaseAddress).where(CaseAddress.case_id == case_id).order_by(CaseAddress.id)))


def open_cases_of(s: Session, address: str, statuses) -> list[Case]:
    """The open cases whose applicant this address is (not those it was merely named on)."""
    if not address:
        return []
    return list(s.exec(select(Case).join(CaseAddress, CaseAddress.case_id == Case.id).where(
        CaseAddress.address == address, CaseAddress.role == APPLICANT, Case.status.in_(statuses))
        .order_by(Case.id)))


def cases_of(s: Session, address: str) -> list[Case]:
    """Every case this address applied for (GDPR: their own cases): it is the case's applicant, or one of
    its applicant addresses (the original sender of a forward, an address staff confirmed)."""
    return list(s.exec(select(Case).where((func.lower(Case.applicant) == address) | Case.id.in_(
        select(CaseAddress.case_id).where(CaseAddress.address == address, CaseAddress.role == APPLICANT)))
        .order_by(Case.id)))


def named_on(s: Session, address: str) -> list[CaseAddress]:
    """Where this address is only named (Reply-To or Cc of an applicant's mail): someone else's case."""
    return list(s.exec(select(CaseAddress).where(CaseAddress.address == address, CaseAddress.role == NAMED)
                       .order_by(CaseAddress.id)))


def confirm(s: Session, case: Case, address: str, main: bool, actor: str, now: datetime) -> str:
    """Staff confirm an address of the applicant; with `main`, our mail about the case goes there from now on."""
    address = address.strip().lower()
    record(s, case.id, address, APPLICANT, STAFF, now, actor)
    detail = f"adresse {address} confirmée par le service"
    if main and case.applicant != address:
        detail += f" : les courriels du dossier iront désormais à cette adresse (avant : {case.applicant})"
        case.applicant, case.updated_at = address, now
        s.add(case)
    s.add(CaseEvent(case_id=case.id, at=now, kind="address", actor=actor, detail=detail))
    return detail
