"""What is held about one address (GDPR rights of access and erasure: intake/commands/person.py), and the erasure of
the places that still quote it."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, inspect
from sqlmodel import Session, col, select

from intake.core.masking import quoting, quoting_bytes
from intake.store import applicants, flagged, ledger, outbox, signins, staffvisits
from intake.store.tables import (
    Address,
    Case,
    CaseAddress,
    CaseEvent,
    Digest,
    Inbound,
    Outbox,
    Piece,
    PurgeLog,
    StaffVisit,
)

ERASED = "[adresse effacée]"
FIELDS = "case.fields"  # a Quote's `where` for a case's field: "case.fields.contact"
# free text that may quote an address: reasons, notes, history; and what a sender wrote that a case keeps, on someone
# else's case too (a project's title, a file's name: « Candidature - contact jeanne@x.example.pdf »)
# (the domain the limits counted an address with is a big provider's box for its « + » tags, core/sender_domain.py
# provider_box: jeanne+velo@gmail.com's case and messages keep jeanne@gmail.com)
SCRUBBED = ((Inbound, "reason"), (CaseEvent, "detail"), (Case, "attention"), (Case, "status_reason"),
            (Address, "reason"), (Outbox, "last_error"), (Digest, "recipients"), (Case, "title"), (Piece, "filename"),
            (Inbound, "stored_domain"), (CaseAddress, "domain"))


@dataclass
class Held:
    own: list[Case] = field(default_factory=list)  # cases it applied for (store/applicants.py: cases_of)
    named: list[CaseAddress] = field(default_factory=list)  # others' cases whose applicant's mail named it (Cc...)
    elsewhere: list[Inbound] = field(default_factory=list)  # their messages filed on others' cases
    mails_elsewhere: list[Outbox] = field(default_factory=list)  # mails to them about others' cases, or no case
    ledger: list[Inbound] = field(default_factory=list)  # their messages on no case
    address: Address | None = None
    digests: list[Outbox] = field(default_factory=list)  # staff digests that cite them
    quoted: list[Quote] = field(default_factory=list)  # free text elsewhere that quotes the address (`scrub`'s)
    mentioned: int = 0  # others' kept messages that name it (a forward's quoted sender...: commands/person.py)
    visit: StaffVisit | None = None  # a staff member's visits to the console (store/staffvisits.py)
    signins: list[Any] = field(default_factory=list)  # a staff member's console sessions and links (store/signins.py)
    # a staff member's actions, signed with their address (case history: case id -> how many; the purge log): kept by
    # an erasure, they are the record of who did what (GDPR art. 32)
    acted: dict[int, int] = field(default_factory=dict)
    deletions: int = 0


@dataclass(frozen=True)
class Quote:
    """A free text (one of SCRUBBED) quoting the address outside what `Held` lists otherwise: a bounce about no
    case, another case's history or reason."""
    where: str  # the table and column, as SCRUBBED names them
    text: str
    case_id: int | None


def held(s: Session, address: str) -> Held:
    """Everything held about an address (lower-case)."""
    out = Held()
    out.own = applicants.cases_of(s, address)
    own_ids = {c.id for c in out.own}
    out.named = [r for r in applicants.named_on(s, address) if r.case_id not in own_ids]
    theirs = ledger.from_sender(s, address)
    out.elsewhere = [m for m in theirs if m.case_id is not None and m.case_id not in own_ids]
    out.ledger = [m for m in theirs if m.case_id is None]
    out.mails_elsewhere = [m for m in outbox.to_address(s, address) if m.case_id not in own_ids]
    out.address = flagged.get(s, address)
    out.digests = [m for m in outbox.of_kind(s, "digest") if cites(m.raw, address)]
    out.visit = staffvisits.of_person(s, address)
    out.signins = signins.of_person(s, address)
    out.acted = dict(s.exec(select(CaseEvent.case_id, func.count()).where(func.lower(CaseEvent.actor) == address)
                            .group_by(col(CaseEvent.case_id)).order_by(col(CaseEvent.case_id))).all())
    out.deletions = s.exec(select(func.count()).select_from(PurgeLog)
                           .where(func.lower(PurgeLog.actor) == address)).one()
    listed = {_key(row) for row in (*theirs, *out.mails_elsewhere, *([out.address] if out.address else []))}
    out.quoted = [q for q in _quotes(s, address, listed) if q.case_id not in own_ids]
    return out


def held_by_case(s: Session, case: Case) -> Held:
    """What is held about the applicant of a case known by its reference alone (a paper application without an
    address): the case, and the staff digests that cite it (their CSV names it by its reference)."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(case.reference)}(?![\w-])".encode())
    return Held(own=[case], digests=[m for m in outbox.of_kind(s, "digest") if _cites_pattern(m.raw, pattern)])


def _key(row: Any) -> tuple[str, Any]:
    """A row's table and primary key."""
    return row.__tablename__, inspect(row).identity


def _quoting(s: Session, address: str) -> list[tuple[Any, str, Any]]:
    """(model, column name, row) of every free text of SCRUBBED that quotes the address, as a whole address
    (core/masking.py `quoting`: not a part of another one): what `scrub` replaces, what the export lists."""
    whole = quoting(address)
    return [(model, name, row) for model, name in SCRUBBED
            for row in s.exec(select(model).where(func.lower(getattr(model, name)).contains(address, autoescape=True)))
            .all() if whole.search(getattr(row, name) or "")]


def _quoting_fields(s: Session, address: str) -> list[tuple[Case, str]]:
    """(case, key) of every field read from a dossier (or corrected by staff) that quotes the address: someone
    else's dossier d'intention may give the person as its contact."""
    pattern = quoting(address)
    return [(case, key) for case in s.exec(select(Case)).all() for key, value in (case.fields or {}).items()
            if isinstance(value, str) and pattern.search(value)]


def _quotes(s: Session, address: str, listed: set[tuple[str, Any]]) -> list[Quote]:
    """Every free text `scrub` would change, but those of the rows in `listed` (`_key`): the export gives those
    already."""
    return [*(Quote(f"{model.__tablename__}.{name}", getattr(row, name),
                    getattr(row, "id" if model is Case else "case_id", None))
              for model, name, row in _quoting(s, address) if _key(row) not in listed),
            *(Quote(f"{FIELDS}.{key}", case.fields[key], case.id) for case, key in _quoting_fields(s, address))]


def cites(raw: bytes, address: str) -> bool:
    """Does a mail we sent name the address, in any part, once decoded (the digest's CSV is base64)?"""
    return _cites_pattern(raw, quoting_bytes(address))


def _cites_pattern(raw: bytes, whole: re.Pattern[bytes]) -> bool:
    if whole.search(raw):
        return True
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for part in msg.walk():
        if part.is_multipart():
            continue
        content = part.get_payload(decode=True) or b""
        if isinstance(content, bytes) and whole.search(content):
            return True
    return False


def references_of(s: Session, case_ids: set[int]) -> list[str]:
    return sorted(set(s.exec(select(Case.reference).where(col(Case.id).in_(case_ids))))) if case_ids else []


def scrub(s: Session, address: str) -> int:
    """Replace the address wherever free text still quotes it (events, reasons of other records)."""
    count = 0
    pattern = quoting(address)
    for _model, name, row in _quoting(s, address):
        setattr(row, name, pattern.sub(ERASED, getattr(row, name)))
        s.add(row)
        count += 1
    for case in {id(c): c for c, _ in _quoting_fields(s, address)}.values():
        case.fields = {k: pattern.sub(ERASED, v) if isinstance(v, str) else v for k, v in case.fields.items()}
        s.add(case)
        count += 1
    return count
