"""What the database knows that the policy needs: the `Context` of one message.

Read-only queries, in the session of the transaction that will apply the decision.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from intake.adapters.db import Address, Case, CaseAlias, Inbound, Outbox, Piece
from intake.app import App
from intake.applicants import addresses_of, open_cases_of
from intake.config import Mailbox
from intake.core.bounce import SentMail, tags_in
from intake.core.decide import Budget, Context, Earlier, sort_copies
from intake.core.forward import Forward
from intake.core.message import Message
from intake.core.retention import trace_identity
from intake.core.statuses import AWAITING_PIECES, CANCELLED, DUPLICATE
from intake.core.thread import CaseView, Clues, references_in


MAX_IDS = 100  # Message-IDs looked up per message (In-Reply-To, References, enclosed): the newest count
MAX_REFERENCES = 20  # case references looked up per subject


def case_view(s: Session, case: Case, addresses: frozenset[str] = frozenset()) -> CaseView:
    pieces = s.exec(select(Piece).where(Piece.case_id == case.id)).all()
    return CaseView(id=case.id, reference=case.reference, status=case.status, applicant=case.applicant,
                    kinds=frozenset(p.kind for p in pieces if p.kind), hashes=frozenset(p.sha256 for p in pieces),
                    unresolved=sum(1 for p in pieces if p.unresolved), addresses=addresses)


def context_for(app: App, s: Session, mailbox: Mailbox, msg: Message, identity: str, forward: Forward | None = None,
                exclude_id: int | None = None) -> Context:
    """`exclude_id`: the message's own ledger row, when it is read again (a quarantined message retried)."""
    now = app.clock()
    settings = app.settings
    forward = forward or Forward(msg)
    # a deleted case's messages leave a trace of their identity (core/retention.py): still the same message
    recorded = s.exec(select(Inbound).where(Inbound.identity.in_((identity, trace_identity(identity))),
                                            Inbound.fate != DUPLICATE, Inbound.id != (exclude_id or 0))
                      .order_by(Inbound.id)).all()
    earlier, reused = sort_copies(msg.fingerprint, [
        Earlier(r.mailbox, r.uid, r.fate, r.case_id, fingerprint=r.fingerprint, sender=r.from_addr) for r in recorded])
    refs = references_in(msg.subject, settings.reference_prefix)[:MAX_REFERENCES]
    by_reference = s.exec(select(Case).where(Case.reference.in_(refs) | Case.id.in_(
        select(CaseAlias.case_id).where(CaseAlias.reference.in_(refs))))).all() if refs else []
    ids = list(dict.fromkeys(i for i in (msg.in_reply_to, *reversed(msg.references), *msg.enclosed_ids) if i))[:MAX_IDS]
    ours = list(s.exec(select(Outbox).where(Outbox.message_id.in_(ids)))) if ids else []
    for token in tags_in(msg, settings.watched, settings.trust.subaddress, settings.reference_prefix)[:10]:
        ours += s.exec(select(Outbox).where(Outbox.message_id.like(f"%.{token}@%"))).all()
    case_ids = set(s.exec(select(Inbound.case_id).where(Inbound.message_id.in_(ids), Inbound.case_id.is_not(None)))
                   ) if ids else set()
    our_case_ids = {o.case_id for o in ours if o.case_id}
    case_ids |= our_case_ids
    by_headers = s.exec(select(Case).where(Case.id.in_(case_ids))).all() if case_ids else []
    open_of_sender = open_cases_of(s, msg.from_addr, AWAITING_PIECES)
    cases = {c.id: c for c in (*by_reference, *by_headers, *open_of_sender)}
    known = addresses_of(s, cases)
    seen = {cid: case_view(s, c, known.get(cid, frozenset())) for cid, c in cases.items()}

    def views(found):
        return tuple(seen[c.id] for c in found)

    clues = Clues(by_reference=views(by_reference), by_headers=views(by_headers), open_of_sender=views(open_of_sender),
                  by_our_mail=views(c for c in by_headers if c.id in our_case_ids))
    mails_by_case = {cid: s.exec(select(func.count()).select_from(Outbox).where(
        Outbox.case_id == cid, Outbox.created_at >= now - timedelta(hours=24))).one() for cid in seen}
    budgets = {c.applicant: budget_for(s, c.applicant, "", now) for c in cases.values() if c.applicant != msg.from_addr}
    return Context(
        watched=settings.watched, mailbox_address=mailbox.address, system_id=settings.system_id,
        earlier=earlier, reused=reused, clues=clues, budget=budget_for(s, msg.from_addr, msg.from_addr, now),
        mails_24h_by_case=mails_by_case, forwarded_by=forward.by, claimed_by=forward.claimed_by, quoted=forward.quoted,
        forward_evidence=forward.evidence, budgets=budgets,
        our_mails=tuple(SentMail(o.message_id, o.to_addr, o.case_id) for o in {o.id: o for o in ours}.values()))


def budget_for(s: Session, target: str, sender: str, now) -> Budget:
    """What was sent to `target` in 24 hours, and what `sender` wrote that joined or answered a case."""
    since = now - timedelta(hours=24)
    sent = s.exec(select(func.count()).select_from(Outbox).where(
        Outbox.to_addr == target, Outbox.created_at >= since, Outbox.status != CANCELLED)).one() if target else 0
    last = s.exec(select(Outbox.content_key).where(Outbox.to_addr == target).order_by(Outbox.id.desc())).first()
    received = s.exec(select(func.count()).select_from(Inbound).where(
        Inbound.from_addr == sender, Inbound.case_id.is_not(None), Inbound.fate != DUPLICATE,
        Inbound.created_at >= since)).one() if sender else 0
    address = s.get(Address, target) if target else None
    return Budget(sent_to_recipient=sent, received_from_sender=received,
                  undeliverable=bool(address and address.undeliverable), last_key_to_recipient=last or "")
