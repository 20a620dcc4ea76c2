"""`intake followups`: queue the reminders that are due, then send them.

The core decides (core/casework.py `reminder`: when one is due, and the limits that hold it: an address
that failed for good, the day's limit per address, answers_per_day to anyone); intake/apply.py queues it.
Safe to run any number of times: reminder k of a case is one outbox row (unique case/kind/seq), and
`plan_reminder` never plans two on one day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError

from intake.app import App
from intake.core import casework
from intake.core.statuses import INCOMPLETE
from intake.errors import TemplateError
from intake.pipeline.apply import carry_out
from intake.store import cases, correspondents
from intake.store.database import session

log = logging.getLogger("intake.followups")


@dataclass
class FollowupReport:
    queued: int = 0
    held: int = 0  # due but not sent: undeliverable address or daily limit
    dropped: int = 0  # no longer able to go before the deadline: the case is flagged « À voir » instead
    failed: int = 0  # due, but its template failed on this case's values: the other cases' reminders still go
    problem: str = ""  # the first such failure, in French (file:line: what)
    waits: list[str] = field(default_factory=list)  # « REF : why » of each held one, in French, as the digest says it


def queue_due_reminders(app: App) -> FollowupReport:
    report = FollowupReport()
    with app.locks.exclusive("followups") as taken:
        if not taken:
            log.info("another intake process is queuing reminders; skipped")
            return report
        with session(app.engine) as s:
            case_ids = cases.with_status(s, (INCOMPLETE,))
        for case_id in case_ids:
            try:
                outcome = _remind(app, case_id, report)
            except IntegrityError:  # queued meanwhile by another process
                outcome = ""
            except TemplateError as exc:  # an admin's template failing on one case stops no other case's reminder
                log.error("case %s: its reminder was not queued: mail template %s failed on this case (line %s: %s); "
                          "fix the template (intake rules check): the reminder is queued at the next run",
                          case_id, exc.file, exc.line or "?", exc.problem)
                outcome = "failed"
                report.problem = report.problem or str(exc)
            if outcome:
                setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _remind(app: App, case_id: int, report: FollowupReport) -> str:
    now = app.clock()
    with session(app.engine) as s:
        case = cases.get(s, case_id)
        if case is None:
            return ""
        budget, answers, about_case = correspondents.reminder_room(s, case.id, case.applicant, now)
        state = cases.state(s, case)
        outcome, effects = casework.reminder(state, app.rules, budget, now, app.settings.timezone,
                                             answers_24h=answers, mails_for_case=about_case)
        if outcome == "held":
            why = casework.reminder_waits(state, app.rules, budget, answers, about_case)
            log.warning("%s: a reminder is held: %s", case.reference, why)
            report.waits.append(f"{case.reference} : {why}")
        if outcome not in ("queued", "dropped"):
            return outcome
        carry_out(app, s, effects, case=case)
        s.commit()
    if outcome == "dropped":
        log.info("%s: no reminder can go before the deadline; flagged for staff", case.reference)
    else:
        log.info("%s: reminder queued to %s", case.reference, case.applicant)
    return outcome
