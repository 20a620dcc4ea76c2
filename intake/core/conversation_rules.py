"""The admin's conversation rules (rules/conversations.toml): deadline, reminders, limits.

Pure: file name and text in, a validated `ConversationRules` out, or RulesError
naming the line and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.core.sending import HOLD, MAIL_KINDS, POLICIES, RESEND
from intake.core.tomlcheck import (
    Locator,
    Table,
    as_written,
    did_you_mean,
    hour_minute,
    load_toml,
    shape,
    whole_number,
)

DAY_NAMES = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
             "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@dataclass(frozen=True)
class ConversationRules:
    deadline_days: int = 30
    reminder_days: tuple[int, ...] = (7, 14)
    reminder_hour: tuple[int, int] = (10, 0)
    working_days: frozenset[int] = frozenset(range(5))  # Monday = 0
    per_recipient_per_day: int = 3
    per_case_per_day: int = 3
    replies_per_day_before_flag: int = 5
    # acknowledgements of new cases in 24 h, whoever they go to; beyond, each waits for staff (held): anyone can
    # send application-like mail under made-up senders, and the town would acknowledge every one (backscatter)
    new_cases_per_day: int = 30
    # automatic mails to applicants queued in 24 h, whoever they go to (acknowledgements, updates, completion
    # notices); beyond, each waits for staff (held): new_cases_per_day bounds the cases a stranger has acknowledged,
    # not the updates each then gets (3 a day, per case, for as long as the case lasts: a number that grows daily)
    answers_per_day: int = 150
    # [interrupted]: per kind of mail, "resend" (default) or "hold" when its sending was cut off
    interrupted: tuple[tuple[str, str], ...] = tuple((k, RESEND) for k in MAIL_KINDS)

    @property
    def on_interruption(self) -> dict[str, str]:
        return dict(self.interrupted)


_TOP = {"deadline", "reminders", "limits", "interrupted"}
_SECTIONS = {"deadline": {"days"}, "reminders": {"after_days", "hour", "working_days"},
             "limits": {"per_recipient_per_day", "per_case_per_day", "replies_per_day_before_flag",
                        "new_cases_per_day", "answers_per_day"},
             "interrupted": set(MAIL_KINDS)}


def parse_conversation_rules(filename: str, text: str) -> ConversationRules:
    data, where = load_toml(filename, text)
    where.keys(data, _TOP, [])
    t = {}
    for section, keys in _SECTIONS.items():
        t[section] = where.table(data, section, [])
        where.keys(t[section], keys, [section])
    defaults = ConversationRules()

    def count(section: str, key: str, default: int, low: int = 0, high: int = 365) -> int:
        value = t[section].get(key, default)
        problem = whole_number(key, value, low, high)
        if problem:
            where.fail([section, key], problem)
        return int(value)

    after = t["reminders"].get("after_days", list(defaults.reminder_days))
    if (not isinstance(after, list) or not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 365
                                               for d in after) or after != sorted(set(after))):
        where.fail(["reminders", "after_days"], shape("after_days", after, "numbers")
                   or "after_days doit lister des nombres de jours croissants, par exemple [7, 14]")
    hour = t["reminders"].get("hour", "10:00")
    found = hour_minute(hour)
    if found is None and shape("hour", hour, "text") and hour_minute(hour[0]) is not None:
        where.fail(["reminders", "hour"], shape("hour", hour, "text"))
    if found is None:
        where.fail(["reminders", "hour"], f'écrivez hour ainsi : "10:00" (ou "10h"), entre guillemets '
                                          f'(trouvé {as_written(hour)})')
    days = t["reminders"].get("working_days", ["lundi", "mardi", "mercredi", "jeudi", "vendredi"])
    if not isinstance(days, list) or not days or not all(isinstance(d, str) and d.lower() in DAY_NAMES for d in days):
        wrong = next((d for d in days if not isinstance(d, str) or d.lower() not in DAY_NAMES), None) \
            if isinstance(days, list) else None
        close = did_you_mean(str(wrong).lower(), list(DAY_NAMES)[:7]) if wrong is not None else ""
        named = f" : {wrong!r} n'en est pas un{' (' + close + ')' if close else ''}" if wrong is not None else ""
        where.fail(["reminders", "working_days"], shape("working_days", days, "texts")
                   or f'working_days doit lister des noms de jours en français, par exemple ["lundi", "mardi"]{named}')
    deadline_days = count("deadline", "days", defaults.deadline_days, 1, 365)
    late = [d for d in after if d >= deadline_days]
    if late:  # a reminder counts from the last acknowledgement, never before the application came
        where.fail(["reminders", "after_days"],
                   f"la relance à {late[0]} jours partirait le jour de la date limite ou après ([deadline] days = "
                   f"{deadline_days} jours après la réception) : elle demanderait les pièces « avant le » un jour "
                   f"déjà passé ; gardez des relances avant {deadline_days} jours, par exemple after_days = "
                   f"{[d for d in after if d < deadline_days] or [max(1, deadline_days // 2)]}, ou allongez "
                   f"[deadline] days")
    return ConversationRules(
        deadline_days=deadline_days,
        reminder_days=tuple(after),
        reminder_hour=found,
        working_days=frozenset(DAY_NAMES[d.lower()] for d in days),
        per_recipient_per_day=count("limits", "per_recipient_per_day", defaults.per_recipient_per_day, 1, 100),
        per_case_per_day=count("limits", "per_case_per_day", defaults.per_case_per_day, 1, 100),
        replies_per_day_before_flag=count("limits", "replies_per_day_before_flag",
                                          defaults.replies_per_day_before_flag, 1, 1000),
        new_cases_per_day=count("limits", "new_cases_per_day", defaults.new_cases_per_day, 1, 100_000),
        answers_per_day=count("limits", "answers_per_day", defaults.answers_per_day, 1, 1_000_000),
        interrupted=_interrupted(t["interrupted"], where),
    )


def _interrupted(table: Table, where: Locator) -> tuple[tuple[str, str], ...]:
    out = []
    for kind in MAIL_KINDS:
        value = table.get(kind, RESEND)
        if value not in POLICIES and shape(kind, value, "text") and str(value[0]) in POLICIES:
            where.fail(["interrupted", kind], shape(kind, value, "text"))
        if value not in POLICIES:
            where.fail(["interrupted", kind], f'{kind} doit valoir "{RESEND}" (le renvoyer, même '
                                              f'Message-ID) ou "{HOLD}" (ne pas le renvoyer ; le personnel le '
                                              'vérifie)')
        out.append((kind, value))
    return tuple(out)
