from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from intake.core.conversation_rules import ConversationRules
from intake.core.reminders import deadline, plan_reminder

PARIS = ZoneInfo("Europe/Paris")
RULES = ConversationRules(reminder_days=(7, 14), reminder_hour=(10, 0))
BASE = datetime(2026, 11, 2, 9, 30, tzinfo=PARIS)  # a Monday


def plan(now, sent=0, last=None, status="incomplete", base=BASE):
    return plan_reminder(status=status, base=base, sent=sent, last_sent_at=last, rules=RULES, now=now, tz=PARIS)


def test_no_reminder_before_day_seven_at_the_set_hour():
    assert not plan(BASE + timedelta(days=6)).due
    assert not plan(datetime(2026, 11, 9, 9, 59, tzinfo=PARIS)).due
    first = plan(datetime(2026, 11, 9, 10, 0, tzinfo=PARIS))
    assert first.due and first.seq == 1 and not first.last


def test_the_second_reminder_comes_at_day_fourteen_and_is_the_last():
    assert not plan(datetime(2026, 11, 15, 12, 0, tzinfo=PARIS), sent=1, last=BASE + timedelta(days=7)).due
    second = plan(datetime(2026, 11, 16, 10, 0, tzinfo=PARIS), sent=1, last=BASE + timedelta(days=7))
    assert second.due and second.seq == 2 and second.last


def test_never_twice_on_the_same_day_even_when_both_are_overdue():
    now = datetime(2026, 11, 20, 11, 0, tzinfo=PARIS)
    assert not plan(now, sent=1, last=datetime(2026, 11, 20, 10, 0, tzinfo=PARIS)).due


def test_none_past_the_configured_number():
    assert plan(datetime(2027, 1, 1, tzinfo=PARIS), sent=2, last=BASE).due_at is None


def test_none_for_a_complete_or_decided_case():
    for status in ("complete", "review", "admissible", "withdrawn"):
        assert not plan(datetime(2026, 12, 1, tzinfo=PARIS), status=status).due


def test_a_reminder_falling_on_a_weekend_waits_for_monday():
    friday = datetime(2026, 11, 6, 9, 0, tzinfo=PARIS)  # + 7 days = Friday; + 8 = Saturday
    rules = ConversationRules(reminder_days=(8,), reminder_hour=(10, 0))
    p = plan_reminder(status="incomplete", base=friday, sent=0, last_sent_at=None, rules=rules,
                      now=friday, tz=PARIS)
    assert p.due_at == datetime(2026, 11, 16, 10, 0, tzinfo=PARIS)  # Saturday 14 -> Monday 16


def test_the_hour_is_local_time_across_the_change_to_winter_time():
    base = datetime(2026, 10, 20, 9, 0, tzinfo=PARIS)  # summer time; +7 days is after 25 October
    p = plan(datetime(2026, 10, 27, 9, 30, tzinfo=PARIS), base=base)
    assert p.due_at == datetime(2026, 10, 27, 10, 0, tzinfo=PARIS) and not p.due
    assert p.due_at.utcoffset() == timedelta(hours=1)


def test_the_deadline_counts_days_from_receipt():
    assert deadline(BASE, ConversationRules(deadline_days=30), PARIS) == date(2026, 12, 2)


def test_a_deadline_on_a_sunday_moves_to_monday():
    assert deadline(BASE, ConversationRules(deadline_days=34), PARIS) == date(2026, 12, 7)


def _conversation_error(old: str, new: str) -> str:
    from pathlib import Path

    import pytest

    from intake.core.conversation_rules import parse_conversation_rules
    from intake.errors import RulesError

    path = Path(__file__).resolve().parents[2] / "rules" / "conversations.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(RulesError) as caught:
        parse_conversation_rules("rules/conversations.toml", text.replace(old, new, 1))
    return str(caught.value)


def test_a_list_written_without_brackets_is_said_with_the_brackets_to_add():
    """« after_days = 7, 14 » was told to be put between quotes, « after_days = "7, 14" », refused in turn."""
    said = _conversation_error("after_days = [7, 14]", "after_days = 7, 14")
    assert "une liste s'écrit entre crochets (ligne" in said and "after_days = [7, 14]" in said


def test_a_list_of_days_written_with_a_comma_alone_is_said_as_a_list_not_a_number():
    said = _conversation_error("after_days = [7, 14]", "after_days = 7,14")
    assert "after_days = [7, 14]" in said and "sans virgule" not in said, said


def test_a_misspelt_working_day_is_named_with_the_day_meant():
    said = _conversation_error('"lundi"', '"lundy"')
    assert "'lundy' n'en est pas un (vouliez-vous dire « lundi » ?)" in said


# A reminder asks for the pieces « avant le » the deadline: never on or after it. Reminders count from the last
# acknowledgement, and one of new pieces moves it (received 2 Nov, deadline 2 Dec; pieces acknowledged on 20 Nov:
# the second reminder fell on 4 Dec, two days past the date it gave).
RECEIVED = BASE
DEADLINE = date(2026, 12, 2)  # 30 days after 2 Nov: a Wednesday


def late(now, base, sent=1, last=BASE + timedelta(days=7), rules=RULES):
    return plan_reminder(status="incomplete", base=base, sent=sent, last_sent_at=last, rules=rules, now=now, tz=PARIS,
                         deadline_day=DEADLINE)


def test_a_reminder_that_would_fall_on_or_after_the_deadline_goes_the_working_day_before_it():
    assert deadline(RECEIVED, RULES, PARIS) == DEADLINE
    moved = late(datetime(2026, 12, 1, 10, 0, tzinfo=PARIS), base=datetime(2026, 11, 20, 9, 0, tzinfo=PARIS))
    assert moved.due and moved.seq == 2 and moved.last
    assert moved.due_at == datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
    assert not late(datetime(2026, 11, 30, 18, 0, tzinfo=PARIS), base=datetime(2026, 11, 20, 9, 0, tzinfo=PARIS)).due
    # on the deadline itself (« avant le 2 décembre », sent on the 2nd): moved too
    on_it = late(datetime(2026, 12, 1, 10, 0, tzinfo=PARIS), base=datetime(2026, 11, 18, 9, 0, tzinfo=PARIS))
    assert on_it.due_at == datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
    # one before it keeps its day
    assert late(datetime(2026, 11, 30, 10, 0, tzinfo=PARIS), base=datetime(2026, 11, 16, 9, 0, tzinfo=PARIS)).due


def test_no_reminder_when_no_working_day_is_left_before_the_deadline_after_the_last_mail():
    # pieces acknowledged on the deadline's eve: that mail gave the deadline; no reminder after it
    eve = late(datetime(2026, 12, 10, 10, 0, tzinfo=PARIS), base=datetime(2026, 12, 1, 9, 0, tzinfo=PARIS))
    assert not eve.due and eve.due_at is None
    # a third reminder moved to the day the second went: none
    three = ConversationRules(reminder_days=(7, 14, 21), reminder_hour=(10, 0))
    third = late(datetime(2026, 12, 10, 10, 0, tzinfo=PARIS), base=datetime(2026, 11, 20, 9, 0, tzinfo=PARIS),
                 sent=2, last=datetime(2026, 12, 1, 10, 0, tzinfo=PARIS), rules=three)
    assert not third.due and third.due_at is None


def test_without_a_deadline_the_days_are_as_set():
    far = plan(datetime(2027, 1, 4, 10, 0, tzinfo=PARIS), sent=1, last=BASE + timedelta(days=7),
               base=datetime(2026, 12, 20, 9, 0, tzinfo=PARIS))
    assert far.due
