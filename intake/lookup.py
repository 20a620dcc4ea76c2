"""What the database knows that the policy needs: the `Context` of one message.

Read-only queries, in the session of the transaction that will apply the decision.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from intake.adapters.db import Address, Case, CaseAlias, Inbound, Outbox, Piece
from intake.app import App
from intake.config import Mailbox
from intake.core.decide import DUPLICATE, Budget, Context, Earlier
from intake.core.message import Message
from intake.core.retention import trace_identity
from intake.core.thread import OPEN_STATUSES, CaseView, Clues, references_in


def case_view(s: Session, case: Case) -> CaseView:
    pieces = s.exec(select(Piece).where(Piece.case_id == case.id)).all()
    return CaseView(id=case.id, reference=case.reference, status=case.status, applicant=case.applicant,
                    kinds=frozenset(p.kind for p in pieces if p.kind), hashes=frozenset(p.sha256 for p in pieces),
                    unresolved=sum(1 for p in pieces if p.unresolved))


def context_for(app: App, s: Session, mailbox: Mailbox, msg: Message, identity: str, forwarded_by: str = "",
                exclude_id: int | None = None) -> Context:
    """`exclude_id`: the message's own ledger row, when it is read again (a quarantined message retried)."""
    now = app.clock()
    settings = app.settings
    # a deleted case's messages leave a trace of their identity (core/retention.py): still the same message
    earlier = s.exec(select(Inbound).where(Inbound.identity.in_((identity, trace_identity(identity))),
                                           Inbound.fate != DUPLICATE, Inbound.id != (exclude_id or 0))
                     .order_by(Inbound.id)).first()
    refs = references_in(msg.subject, settings.reference_prefix)
    by_reference = s.exec(select(Case).where(Case.reference.in_(refs) | Case.id.in_(
        select(CaseAlias.case_id).where(CaseAlias.reference.in_(refs))))).all() if refs else []
    ids = [i for i in (msg.in_reply_to, *msg.references, *msg.enclosed_ids) if i]
    by_headers = []
    if ids:
        case_ids = set(s.exec(select(Inbound.case_id).where(Inbound.message_id.in_(ids), Inbound.case_id.is_not(None))))
        case_ids |= set(s.exec(select(Outbox.case_id).where(Outbox.message_id.in_(ids), Outbox.case_id.is_not(None))))
        by_headers = s.exec(select(Case).where(Case.id.in_(case_ids))).all() if case_ids else []
    open_of_sender = s.exec(select(Case).where(Case.applicant == msg.from_addr, Case.status.in_(OPEN_STATUSES))
                            ).all() if msg.from_addr else []
    seen: dict[int, CaseView] = {}

    def views(cases):
        out = []
        for c in cases:
            if c.id not in seen:
                seen[c.id] = case_view(s, c)
            out.append(seen[c.id])
        return tuple(out)

    clues = Clues(by_reference=views(by_reference), by_headers=views(by_headers), open_of_sender=views(open_of_sender))
    mails_by_case = {cid: s.exec(select(func.count()).select_from(Outbox).where(
        Outbox.case_id == cid, Outbox.created_at >= now - timedelta(hours=24))).one() for cid in seen}
    return Context(
        watched=settings.watched, mailbox_address=mailbox.address, system_id=settings.system_id,
        earlier=Earlier(earlier.mailbox, earlier.uid, earlier.fate, earlier.case_id) if earlier else None,
        clues=clues, budget=budget_for(s, msg, now), mails_24h_by_case=mails_by_case, forwarded_by=forwarded_by)


def budget_for(s: Session, msg: Message, now) -> Budget:
    target = msg.reply_to or msg.from_addr
    since = now - timedelta(hours=24)
    sent = s.exec(select(func.count()).select_from(Outbox).where(
        Outbox.to_addr == target, Outbox.created_at >= since, Outbox.status != "cancelled")).one()
    last = s.exec(select(Outbox.content_key).where(Outbox.to_addr == target).order_by(Outbox.id.desc())).first()
    received = s.exec(select(func.count()).select_from(Inbound).where(
        Inbound.from_addr == msg.from_addr, Inbound.case_id.is_not(None), Inbound.fate != DUPLICATE,
        Inbound.created_at >= since)).one() if msg.from_addr else 0
    address = s.get(Address, target) if target else None
    return Budget(sent_to_recipient=sent, received_from_sender=received,
                  undeliverable=bool(address and address.undeliverable), last_key_to_recipient=last or "")
