"""`intake digest`: gather the day's snapshot, render the staff digest, queue it once a day, send it.

Exactly once per local day: the `digest` table has a unique day, inserted in
the same transaction that queues the mails; a second worker, a restart or a
manual run the same day finds it taken.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from intake.adapters.db import Address, Case, CaseEvent, Digest, Inbound, MailboxState, Outbox, Piece, session
from intake.adapters.storage import write_private
from intake.app import App
from intake.core import outgoing
from intake.core.decide import ACKNOWLEDGEMENT, REMINDER, UPDATE
from intake.core.digest import CaseLine, Health, Snapshot, build, digest_due, open_cases_csv
from intake.core.reminders import plan_reminder
from intake.core.statuses import COMPLETE, GIVEN_UP, NEEDS_STAFF, QUARANTINED, UNCERTAIN

log = logging.getLogger("intake.digest")


@dataclass
class DigestReport:
    outcome: str  # queued | not-due | already-sent | skipped-empty | no-recipients
    recipients: tuple[str, ...] = ()


def snapshot(app: App, s: Session, now: datetime) -> Snapshot:
    rules, tz = app.rules, app.settings.timezone
    last = s.exec(select(Digest).order_by(Digest.id.desc())).first()
    previous_at = last.created_at if last else None
    since = previous_at or now - timedelta(days=1)
    lines = []
    for case in s.exec(select(Case).order_by(Case.year, Case.seq)):
        kinds = set(s.exec(select(Piece.kind).where(Piece.case_id == case.id, Piece.kind.is_not(None))))
        reminders = s.exec(select(Outbox).where(Outbox.case_id == case.id, Outbox.kind == REMINDER)
                           .order_by(Outbox.id)).all()
        acks = s.exec(select(Outbox).where(Outbox.case_id == case.id, Outbox.kind.in_((ACKNOWLEDGEMENT, UPDATE)),
                                           Outbox.status.not_in(GIVEN_UP)).order_by(Outbox.id)).all()
        plan = plan_reminder(status=case.status, base=(acks[-1].sent_at or acks[-1].created_at) if acks else None,
                             sent=len(reminders), last_sent_at=reminders[-1].created_at if reminders else None,
                             rules=rules.conversation, now=now, tz=tz)
        completed_at = s.exec(select(CaseEvent.at).where(CaseEvent.case_id == case.id, CaseEvent.kind == "status",
                                                         CaseEvent.detail.startswith(COMPLETE))
                              .order_by(CaseEvent.id.desc())).first()
        lines.append(CaseLine(
            reference=case.reference, status=case.status, applicant=case.applicant, title=case.title,
            received_at=case.received_at, missing=tuple(rules.label(k) for k in rules.required if k not in kinds),
            reminders_sent=len(reminders), next_reminder=plan.due_at, attention=case.attention,
            status_reason=case.status_reason, waiting_since=completed_at))
    completed = s.exec(select(Case.reference).join(CaseEvent, CaseEvent.case_id == Case.id).where(
        CaseEvent.kind == "status", CaseEvent.detail.startswith(COMPLETE), CaseEvent.at > since)).all()
    quarantined = s.exec(select(Inbound).where(Inbound.fate == QUARANTINED, Inbound.created_at > since)).all()
    addresses = s.exec(select(Address).where(Address.updated_at > since)).all()
    failed = s.exec(select(Outbox).where(Outbox.status.in_(NEEDS_STAFF),
                                         Outbox.created_at > now - timedelta(days=7))).all()
    states = {m.name: m for m in s.exec(select(MailboxState))}
    refs = {c.id: c.reference for c in s.exec(select(Case))}
    return Snapshot(
        now=now, previous_at=previous_at, cases=tuple(lines),
        new_cases=tuple(s.exec(select(Case.reference).where(Case.created_at > since).order_by(Case.id))),
        completed=tuple(dict.fromkeys(completed)),
        pieces_received=s.exec(select(func.count()).select_from(Piece).where(Piece.created_at > since)).one(),
        quarantined=tuple((f"{q.mailbox} UID {q.uid}", f"{q.from_addr or '?'} : {q.subject or '(sans objet)'}",
                           q.reason) for q in quarantined),
        undeliverable=tuple((a.address, a.reason) for a in addresses if a.undeliverable),
        looping=tuple((a.address, a.reason) for a in addresses if a.looping),
        failed_mails=tuple((refs.get(o.case_id, ""), o.to_addr,
                            "envoi incertain (interrompu)" if o.status == UNCERTAIN else o.last_error)
                           for o in failed),
        mailboxes=tuple(_health(m, states.get(m.state_key), now, tz) for mailbox in app.settings.mailboxes
                        for m in mailbox.per_folder()),
    )


def _health(m, state: MailboxState | None, now: datetime | None = None, tz=None) -> Health:
    address = m.address if m.primary else f"{m.address} ({m.folder})"
    if state is None:
        return Health(name=m.state_key, address=address, last_success_at=None)
    from intake.core.watching import describe

    watch = describe(state.watch_state, state.watch_detail, state.watch_since, state.watch_seen_at, now,
                     tz) if now is not None else ""
    return Health(name=m.state_key, address=address, last_success_at=state.last_success_at,
                  last_error=state.last_error, last_error_at=state.last_error_at,
                  errors_since_success=state.errors_since_success, watch=watch)


def render(app: App, snap: Snapshot) -> tuple[str, str, str, bytes, dict]:
    context = build(snap, app.settings.timezone, app.settings.web.case_url)
    context["service"] = {"name": app.settings.service.name}
    subject, text, html = app.templates.render_mail("digest", context)
    return subject, text, html, open_cases_csv(snap, app.settings.timezone), context


def preview(app: App, html_path: Path) -> str:
    with session(app.engine) as s:
        subject, text, html, _csv, _ = render(app, snapshot(app, s, app.clock()))
    write_private(html_path, html.encode("utf-8"))
    return f"Objet : {subject}\n\n{text}"


def make_digest(app: App, force: bool = False) -> DigestReport:
    """Queue today's digest if it is due (or now, with `force`), then send it."""
    from intake.outbox import send_due

    settings = app.settings.digest
    if not settings.recipients:
        return DigestReport("no-recipients")
    with app.locks.exclusive("digest") as taken:
        if not taken:
            return DigestReport("already-sent")
        now, tz = app.clock(), app.settings.timezone
        day = now.astimezone(tz).date()
        with session(app.engine) as s:
            last = s.exec(select(Digest).order_by(Digest.id.desc())).first()
            last_day = datetime.strptime(last.day, "%Y-%m-%d").date() if last else None
            if not force and not digest_due(now, tz, settings.days, settings.at, last_day):
                return DigestReport("already-sent" if last_day == day else "not-due")
            snap = snapshot(app, s, now)
            subject, text, html, csv_bytes, context = render(app, snap)
            already = last_day == day
            if not already:
                s.add(Digest(day=day.isoformat(), created_at=now, recipients=", ".join(settings.recipients)))
            if context["quiet"] and settings.skip_when_empty and not force:
                s.commit()
                return DigestReport("skipped-empty")
            sender = app.settings.mailboxes[0].address
            for to in settings.recipients:
                mail = outgoing.Outgoing(
                    from_addr=sender, from_name=app.settings.service.name, to_addr=to, subject=subject, text=text,
                    html=html, reference="", auto_submitted="auto-generated", suppress="All",
                    attachments=((f"dossiers-ouverts-{day.isoformat()}.csv", csv_bytes, "text/csv"),))
                message_id = outgoing.make_message_id("digest", app.token(), sender)
                s.add(Outbox(case_id=None, kind="digest", seq=0, from_addr=sender, to_addr=to, subject=subject,
                             message_id=message_id, content_key=f"digest|{day}",
                             raw=outgoing.build(mail, message_id, now, app.settings.system_id),
                             next_attempt_at=now, created_at=now))
            try:
                s.commit()
            except IntegrityError:  # another process made today's digest meanwhile
                return DigestReport("already-sent")
    log.info("digest of %s queued to %s", day, ", ".join(settings.recipients))
    send_due(app)
    return DigestReport("queued", settings.recipients)
