"""When a reminder is due for an incomplete case, and the applicant's deadline.

Pure: the clock and the time zone are arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from intake.core.conversation_rules import ConversationRules
from intake.core.statuses import INCOMPLETE


@dataclass(frozen=True)
class ReminderPlan:
    due: bool
    seq: int  # the number of the reminder that is (or will be) next: 1, 2, ...
    due_at: datetime | None  # when it is due; None: no more reminders for this case
    last: bool = False  # it is the last one the rules allow
    # reminders remain under the rules but none can go before the deadline they give (no working day left after the
    # last mail, or the deadline reached): staff are told (core/casework.py `reminder`)
    dropped: bool = False


def deadline(received_at: datetime, rules: ConversationRules, tz: ZoneInfo) -> date:
    """The date by which the applicant is asked to send the missing pieces (a working day)."""
    return next_working_day(received_at.astimezone(tz).date() + timedelta(days=rules.deadline_days), rules)


def next_working_day(day: date, rules: ConversationRules) -> date:
    for _ in range(7):
        if day.weekday() in rules.working_days:
            return day
        day += timedelta(days=1)
    return day


def previous_working_day(day: date, rules: ConversationRules) -> date:
    for _ in range(7):
        day -= timedelta(days=1)
        if day.weekday() in rules.working_days:
            return day
    return day


def plan_reminder(*, status: str, base: datetime | None, sent: int, last_sent_at: datetime | None,
                  rules: ConversationRules, now: datetime, tz: ZoneInfo, deadline_day: date | None = None
                  ) -> ReminderPlan:
    """`base`: when the last acknowledgement went out; `sent`: reminders already sent; `deadline_day`: the
    applicant's deadline (`deadline`), which every reminder gives (« avant le … »).

    Reminder k is due `reminder_days[k-1]` days after `base`, moved to the next
    working day, at the set hour (local time). Only incomplete cases are
    reminded; never twice on the same local day. Never on or after the deadline: an acknowledgement of new pieces
    moves `base`, not the deadline, so a reminder could fall past the date it gives; it then goes on the last working
    day before the deadline, and not at all when that day is not after the last mail (that mail gave the deadline).
    Nor once the deadline has come (local day): one left pending (the worker stopped for days) would give a past day.
    Either way the plan says `dropped`.
    """
    seq = sent + 1
    if status != INCOMPLETE or base is None or seq > len(rules.reminder_days):
        return ReminderPlan(False, seq, None)
    if deadline_day is not None and now.astimezone(tz).date() >= deadline_day:
        return ReminderPlan(False, seq, None, dropped=True)
    day = next_working_day(base.astimezone(tz).date() + timedelta(days=rules.reminder_days[seq - 1]), rules)
    if deadline_day is not None and day >= deadline_day:
        day = previous_working_day(deadline_day, rules)
        latest = max(base, last_sent_at) if last_sent_at is not None else base
        if day <= latest.astimezone(tz).date():
            return ReminderPlan(False, seq, None, dropped=True)
    due_at = datetime.combine(day, time(*rules.reminder_hour), tz)
    same_day = last_sent_at is not None and last_sent_at.astimezone(tz).date() == now.astimezone(tz).date()
    return ReminderPlan(now >= due_at and not same_day, seq, due_at, last=seq == len(rules.reminder_days))
