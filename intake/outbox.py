"""Send what is due in the outbox, exactly once.

A row is claimed (`sending`) and committed before the SMTP conversation and
marked `sent` after it. A row still `sending` when the lock is free was cut
off by a crash: it may have gone out, so it is not sent again but marked
`uncertain` for staff (better one missing acknowledgement that a human sees
than a duplicate the applicant sees).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import select

from intake.adapters.db import Address, Case, CaseEvent, Outbox, session
from intake.adapters.lock import exclusive
from intake.app import App
from intake.core.bounce import bounce_tag, tagged_sender
from intake.core.decide import REMINDER, mail_label
from intake.core.retry import next_attempt
from intake.errors import PermanentSendError, TemporarySendError

log = logging.getLogger("intake.outbox")


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    uncertain: int = 0
    cancelled: int = 0


def send_due(app: App, transport=None, wait: float = 0.0) -> SendReport:
    """Send what is due; `wait`: seconds to wait for another sender to finish instead of skipping."""
    report = SendReport()
    with exclusive(app.settings.data_dir / "outbox.lock", wait=wait) as taken:
        if not taken:
            log.info("another intake process is sending; skipped")
            return report
        report.uncertain = _mark_interrupted(app)
        transport = transport or app.transport()
        with session(app.engine) as s:
            due = s.exec(select(Outbox.id).where(Outbox.status == "pending", Outbox.next_attempt_at <= app.clock())
                         .order_by(Outbox.id)).all()
        for outbox_id in due:
            outcome = _send_one(app, transport, outbox_id)
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _mark_interrupted(app: App) -> int:
    with session(app.engine) as s:
        rows = s.exec(select(Outbox).where(Outbox.status == "sending")).all()
        for row in rows:
            row.status = "uncertain"
            row.last_error = "envoi interrompu : peut-être parti, peut-être pas ; il n'est pas renvoyé (à vérifier)"
            s.add(row)
            if row.case_id:
                s.add(CaseEvent(case_id=row.case_id, at=app.clock(), kind="send-uncertain",
                                detail=f"{mail_label(row.kind)} à {row.to_addr} : {row.last_error}"))
            log.warning("outbox #%s (%s to %s) was interrupted while sending; marked uncertain",
                        row.id, row.kind, row.to_addr)
        s.commit()
        return len(rows)


def _send_one(app: App, transport, outbox_id: int) -> str:
    with session(app.engine) as s:
        row = s.get(Outbox, outbox_id)
        if row is None or row.status != "pending":
            return "retried"
        why_not = _stale(s, row)
        if why_not:
            row.status, row.last_error = "cancelled", why_not
            s.add(row)
            if row.case_id:
                s.add(CaseEvent(case_id=row.case_id, at=app.clock(), kind="mail-cancelled",
                                detail=f"{mail_label(row.kind)} à {row.to_addr} non envoyé : {why_not}"))
            s.commit()
            log.info("outbox #%s cancelled: %s", outbox_id, why_not)
            return "cancelled"
        row.status = "sending"
        row.attempts += 1
        s.add(row)
        s.commit()
    try:
        transport.send(row.raw, envelope_sender(app, row), row.to_addr)
    except TemporarySendError as exc:
        retry_at = next_attempt(app.clock(), row.attempts)
        status = "pending" if retry_at else "failed"
        _finish(app, outbox_id, status, str(exc), retry_at,
                f"{mail_label(row.kind)} à {row.to_addr} pas encore envoyé ({exc}) ; " +
                (f"nouvel essai à {retry_at:%d/%m/%Y %H:%M} UTC" if retry_at else "abandon après plusieurs échecs"))
        return "retried" if retry_at else "failed"
    except PermanentSendError as exc:
        _finish(app, outbox_id, "failed", str(exc), None, f"{mail_label(row.kind)} à {row.to_addr} refusé : {exc}")
        return "failed"
    _finish(app, outbox_id, "sent", "", None, f"{mail_label(row.kind)} envoyé à {row.to_addr} depuis {row.from_addr}")
    return "sent"


def envelope_sender(app: App, row: Outbox) -> str:
    """The MAIL FROM of a mail: its From address, tagged per mail when [trust] subaddress is set
    (`n.bataillon+bsc-<token>@…`), so that a bounce that comes back to it is known to be about it."""
    trust = app.settings.trust
    return tagged_sender(row.from_addr, trust.subaddress, bounce_tag(app.settings.reference_prefix, row.message_id))


def _stale(s, row: Outbox) -> str:
    """Why a queued mail must no longer go out ("" : it may)."""
    address = s.get(Address, row.to_addr)
    if address is not None and address.undeliverable:
        return f"{row.to_addr} is undeliverable ({address.reason})"
    if row.kind == REMINDER and row.case_id:
        case = s.get(Case, row.case_id)
        if case is not None and case.status != "incomplete":
            return f"the case is now {case.status}"
    return ""


def _finish(app: App, outbox_id: int, status: str, error: str, retry_at, event: str) -> None:
    with session(app.engine) as s:
        row = s.get(Outbox, outbox_id)
        row.status, row.last_error, row.next_attempt_at = status, error[:1000], retry_at
        if status == "sent":
            row.sent_at = app.clock()
        s.add(row)
        if row.case_id:
            s.add(CaseEvent(case_id=row.case_id, at=app.clock(), kind=f"mail-{status}", detail=event))
        s.commit()
    (log.info if status in ("sent", "pending") else log.error)("outbox #%s: %s", outbox_id, event)
