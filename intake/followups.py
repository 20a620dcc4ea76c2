"""`intake followups`: queue the reminders that are due, then send them.

Safe to run any number of times: reminder k of a case is one outbox row
(unique case/kind/seq), and `plan_reminder` never plans two on one day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from intake.adapters.db import Address, Case, CaseEvent, Outbox, session
from intake.app import App
from intake.core import french
from intake.core.decide import ACKNOWLEDGEMENT, REMINDER, UPDATE
from intake.core.reminders import deadline, plan_reminder
from intake.core.statuses import GIVEN_UP, INCOMPLETE
from intake.mailer import queue_case_mail

log = logging.getLogger("intake.followups")


@dataclass
class FollowupReport:
    queued: int = 0
    held: int = 0  # due but not sent: undeliverable address or daily limit


def queue_due_reminders(app: App) -> FollowupReport:
    report = FollowupReport()
    with app.locks.exclusive("followups") as taken:
        if not taken:
            log.info("another intake process is queuing reminders; skipped")
            return report
        with session(app.engine) as s:
            case_ids = s.exec(select(Case.id).where(Case.status == INCOMPLETE).order_by(Case.id)).all()
        for case_id in case_ids:
            try:
                outcome = _remind(app, case_id)
            except IntegrityError:  # queued meanwhile by another process
                outcome = None
            if outcome:
                setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _remind(app: App, case_id: int) -> str | None:
    now, tz, rules = app.clock(), app.settings.timezone, app.rules.conversation
    with session(app.engine) as s:
        case = s.get(Case, case_id)
        acks = s.exec(select(Outbox).where(Outbox.case_id == case_id, Outbox.kind.in_((ACKNOWLEDGEMENT, UPDATE)),
                                           Outbox.status.not_in(GIVEN_UP)).order_by(Outbox.id)).all()
        reminders = s.exec(select(Outbox).where(Outbox.case_id == case_id, Outbox.kind == REMINDER)
                           .order_by(Outbox.id)).all()
        if not acks:
            return None  # never acknowledged (list, robot, ...): staff follow it up
        base = acks[-1].sent_at or acks[-1].created_at
        plan = plan_reminder(status=case.status, base=base, sent=len(reminders),
                             last_sent_at=reminders[-1].created_at if reminders else None, rules=rules, now=now, tz=tz)
        if not plan.due:
            return None
        target = case.applicant  # as recorded on the case (intake/applicants.py), not whoever wrote last
        address = s.get(Address, target)
        sent_today = s.exec(select(func.count()).select_from(Outbox).where(
            Outbox.to_addr == target, Outbox.created_at >= now - timedelta(hours=24))).one()
        if (address and address.undeliverable) or sent_today >= rules.per_recipient_per_day:
            why = "address undeliverable" if address and address.undeliverable else "daily limit reached"
            log.warning("%s: reminder %s held (%s)", case.reference, plan.seq, why)
            return "held"
        queue_case_mail(app, s, case, REMINDER, to_addr=target, from_addr=case.reply_from, now=now,
                        key=f"{REMINDER}|{case.reference}|{plan.seq}", reminder_number=plan.seq,
                        last_reminder=plan.last)
        s.add(CaseEvent(case_id=case.id, at=now, kind="reminder", detail=f"relance {plan.seq} prête à partir pour {target}"))
        if plan.last:
            limit = french.long_date(deadline(case.received_at, rules, tz))
            case.attention = f"dernière relance envoyée ; pièces attendues avant le {limit}"
            case.updated_at = now
            s.add(case)
            s.add(CaseEvent(case_id=case.id, at=now, kind="attention", detail=case.attention))
        s.commit()
    log.info("%s: reminder %s queued to %s", case.reference, plan.seq, target)
    return "queued"
