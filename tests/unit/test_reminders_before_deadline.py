"""The admin who changes the deadline or the reminder schedule (rules/conversations.toml): a reminder planned on or
after the deadline (after_days = [7, 14, 40] with days = 30, or days = 10 with [7, 14]) asks the applicant for the
pieces « avant le » a day already past (templates/reminder). It passed `intake rules check`; now it is refused at
after_days, naming both figures and the fix (core/conversation_rules.py)."""

from pathlib import Path

import pytest

from intake.core.conversation_rules import parse_conversation_rules
from intake.errors import RulesError

CONVERSATIONS = Path(__file__).resolve().parents[2] / "rules" / "conversations.toml"


def _text() -> str:
    text = CONVERSATIONS.read_text(encoding="utf-8")
    assert "days = 30\n" in text and "after_days = [7, 14]\n" in text
    return text


def _line(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


@pytest.mark.parametrize("old, new, late", [
    ("after_days = [7, 14]\n", "after_days = [7, 14, 40]\n", 40),
    ("after_days = [7, 14]\n", "after_days = [7, 30]\n", 30),
    ("days = 30\n", "days = 10\n", 14),
])
def test_a_reminder_on_or_after_the_deadline_is_refused_with_both_figures(old, new, late):
    text = _text().replace(old, new, 1)
    with pytest.raises(RulesError) as caught:
        parse_conversation_rules(str(CONVERSATIONS), text)
    said = str(caught.value)
    assert caught.value.line == _line(text, "after_days"), said
    assert f"{late} jours" in said and "date limite" in said and "[deadline]" in said, said


def test_reminders_before_the_deadline_pass():
    text = _text().replace("after_days = [7, 14]", "after_days = [7, 29]")
    rules = parse_conversation_rules(str(CONVERSATIONS), text)
    assert rules.reminder_days == (7, 29) and rules.deadline_days == 30
