"""Apply a `Decision` to the database, in the caller's transaction.

Opens or joins the case, stores its new pieces, records the events, queues
the mail, records bounces and looping senders. Nothing here decides.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from intake import applicants
from intake.adapters.db import Address, Case, CaseEvent, Inbound, Outbox, Piece, next_case_number
from intake.app import App
from intake.core.decide import DUPLICATE, FILED, Decision, mail_label
from intake.core.forward import Forward
from intake.core.message import Message
from intake.core.statuses import CANCELLED, PENDING
from intake.mailer import queue_case_mail


def apply(app: App, s: Session, row: Inbound, msg: Message, decision: Decision, earlier_case_id: int | None,
          fields: dict[str, str] | None = None, forward: Forward | None = None) -> None:
    now = app.clock()
    events: list[tuple[str, str]] = []
    case = None
    if decision.fate == DUPLICATE:
        row.case_id = earlier_case_id
        if earlier_case_id:
            events.append(("copy", f"le même message est aussi arrivé dans la boîte {row.mailbox} (UID {row.uid})"))
            case = s.get(Case, earlier_case_id)
    elif decision.fate == FILED and decision.case is None:
        case = _open_case(app, s, row, msg, decision, now)
        applicants.record(s, case.id, msg.from_addr, applicants.APPLICANT,
                          applicants.FORWARD if forward is not None and forward.by else applicants.OPENING, now)
        _record_named(app, s, case, msg, now)
        events.append(("received", f"candidature reçue dans la boîte {row.mailbox} (UID {row.uid}) de "
                                   f"{msg.from_addr} : {decision.reason}"))
        events.append(("status", f"{case.status} : {case.status_reason}"))
    elif decision.case is not None:
        case = s.get(Case, decision.case.id)
        if decision.fate == FILED:
            events.append(("message", f"message de {msg.from_addr} dans la boîte {row.mailbox} (UID {row.uid}) : "
                                      f"{decision.reason}"))
        else:
            events.append(("automatic" if not decision.bounce else "bounce",
                           f"{decision.reason} (boîte {row.mailbox}, UID {row.uid}) ; sans réponse"))
    if case is not None:
        row.case_id = case.id
        if decision.fate == FILED and decision.case is not None and msg.from_addr == case.applicant:
            _record_named(app, s, case, msg, now)
    if decision.cited is not None:
        _cited(s, decision, case, msg, row, now)
    s.add(row)
    s.flush()
    new_rows = store_pieces(app, s, case, row.id, decision, now, events) if case and decision.fate == FILED else []
    if case is not None and decision.fate == FILED:
        _update_status(case, decision, now, events)
        if fields:
            record_fields(case, fields, now, events)
    if decision.bounce is not None:
        _record_bounce(app, s, decision, now, events)
    if decision.flag_sender:
        _flag_address(s, msg.from_addr, looping=True, reason=decision.attention, now=now)
    if case is not None and decision.attention:
        case.attention = decision.attention[:1000]
        case.updated_at = now
        events.append(("attention", decision.attention))
    if case is not None and decision.fate == FILED:
        if decision.mail:
            plan = decision.mail
            queue_case_mail(app, s, case, plan.kind, to_addr=plan.to_addr, from_addr=plan.from_addr, key=plan.key,
                            now=now, new_pieces=new_rows)
            events.append(("mail-queued", f"{mail_label(plan.kind)} prêt à partir pour {plan.to_addr}"))
        elif decision.no_mail_reason:
            events.append(("no-mail", decision.no_mail_reason))
    if case is not None:
        s.add(case)
        for kind, detail in events:
            s.add(CaseEvent(case_id=case.id, at=now, kind=kind, detail=detail))


def _record_named(app: App, s: Session, case: Case, msg: Message, now) -> None:
    """Addresses the applicant's own mail names (Reply-To, Cc): they may speak for the case, and get no mail."""
    watched = app.settings.watched
    for address, source in ([(msg.reply_to, applicants.REPLY_TO)] + [(a, applicants.CC) for a in msg.to + msg.cc]):
        if address and address not in watched and address != case.applicant:
            applicants.record(s, case.id, address, applicants.NAMED, source, now)


def _cited(s: Session, decision: Decision, case: Case | None, msg: Message, row: Inbound, now) -> None:
    """A stranger named a case: its history says so (staff see it); the new case, if any, is linked to it."""
    where = f"boîte {row.mailbox}, UID {row.uid}"
    if case is not None:
        case.linked_case_id = decision.cited.id
        where += f", enregistré dans {case.reference}"
    s.add(CaseEvent(case_id=decision.cited.id, at=now, kind="cited",
                    detail=f"un tiers ({msg.from_addr or '?'}) cite ce dossier ({where}) : rien ne lui a été dit de "
                           "ce dossier ; à rattacher seulement s'il s'agit du même demandeur"))


def next_reference(app: App, s: Session, received_at: datetime) -> tuple[str, int, int]:
    """(reference, year, seq): the next number of the year the application was received in."""
    year = received_at.astimezone(app.settings.timezone).year
    seq = next_case_number(s, year)
    return f"{app.settings.reference_prefix}-{year}-{seq:04d}", year, seq


def _open_case(app: App, s: Session, row: Inbound, msg: Message, decision: Decision, now: datetime) -> Case:
    settings = app.settings
    reference, year, seq = next_reference(app, s, row.internal_date)
    reply_from = decision.mail.from_addr if decision.mail else next(
        m.address for m in settings.mailboxes if m.name == row.mailbox)
    case = Case(reference=reference, year=year, seq=seq,
                status=decision.assessment.status, status_reason=decision.assessment.reason,
                applicant=msg.from_addr, applicant_name=msg.from_name, title=msg.subject[:300],
                reply_from=reply_from, received_at=row.internal_date, created_at=now, updated_at=now)
    s.add(case)
    s.flush()
    return case


def store_pieces(app: App, s: Session, case: Case, inbound_id: int | None, decision: Decision, now,
                 events) -> list[Piece]:
    """The decision's new files on the case (`inbound_id`: the message that brought them; None: filed by hand)."""
    rules = app.rules
    known = set(s.exec(select(Piece.sha256).where(Piece.case_id == case.id)))
    stored = []
    new = {id(v) for v in decision.new_pieces}
    for v in decision.new_pieces:
        if v.attachment.sha256 in known:
            continue
        known.add(v.attachment.sha256)
        sha = app.blobs.put(v.attachment.content)
        piece = Piece(case_id=case.id, inbound_id=inbound_id, kind=v.kind, filename=v.attachment.filename, sha256=sha,
                      size=v.attachment.size, detected_type=v.detected_type, evidence=v.evidence, created_at=now)
        s.add(piece)
        stored.append(piece)
        label = rules.label(v.kind) if v.kind else "document à vérifier"
        events.append(("piece", f"{v.attachment.filename} : {label} ({v.evidence})"))
    for v in decision.pieces + decision.unresolved:
        if id(v) not in new:
            events.append(("piece-again", f"{v.attachment.filename} : déjà au dossier"))
    for v in decision.skipped:
        events.append(("skipped", f"{v.attachment.filename} : pas une pièce ({v.evidence})"))
    return stored


def _update_status(case: Case, decision: Decision, now, events) -> None:
    a = decision.assessment
    if a is None or (case.status == a.status and case.status_reason == a.reason):
        return
    if case.status != a.status:
        events.append(("status", f"{a.status} (avant : {case.status}) : {a.reason}"))
    case.status, case.status_reason, case.updated_at = a.status, a.reason, now


def record_fields(case: Case, fields: dict[str, str], now, events) -> None:
    """What the dossier says (title, organisation, ...): the newest dossier wins; the title names the case."""
    merged = {**(case.fields or {}), **fields}
    if merged != case.fields:
        case.fields = merged
        case.updated_at = now
        events.append(("fields", ", ".join(f"{k}: {v}" for k, v in fields.items())))
    if fields.get("titre"):
        case.title = fields["titre"][:300]


def _record_bounce(app: App, s: Session, decision: Decision, now, events) -> None:
    bounce = decision.bounce
    for mail in s.exec(select(Outbox).where(Outbox.message_id.in_(bounce.original_ids))).all():
        mail.last_error = f"non remis : {bounce.summary}"[:1000]
        s.add(mail)
        events.append(("bounce-linked", f"{mail_label(mail.kind)} à {mail.to_addr} non remis : {bounce.summary}"))
    if bounce.permanent:
        for address in bounce.recipients:
            _flag_address(s, address, undeliverable=True, reason=bounce.summary, now=now)
            for pending in s.exec(select(Outbox).where(Outbox.to_addr == address, Outbox.status == PENDING)):
                pending.status, pending.last_error = CANCELLED, f"adresse en échec : {bounce.summary}"
                s.add(pending)


def _flag_address(s: Session, address: str, *, now, reason: str, undeliverable=False, looping=False) -> None:
    if not address:
        return
    row = s.get(Address, address) or Address(address=address, updated_at=now)
    row.undeliverable = row.undeliverable or undeliverable
    row.looping = row.looping or looping
    row.reason, row.updated_at = reason[:1000], now
    s.add(row)
