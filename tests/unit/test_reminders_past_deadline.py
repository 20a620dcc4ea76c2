"""Reminders and the deadline they give (« avant le … »), as staff meet them.

- « Relancer maintenant » (`intake case REF remind`) on or after the deadline sent a reminder asking for the pieces
  « avant le » a day already past; it is now refused, naming the date, and the case's page offers no button.
- A reminder still pending when the deadline comes (the worker stopped for days) went too, with the same past date.
- A reminder dropped because no working day was left before the deadline was dropped silently: the case now shows
  « À voir » with why, once (staff who clear it are not told again).
"""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake.core.casework import CaseState, PieceState, reminder, reminder_now, reminders_over
from intake.core.context import Budget
from intake.core.effects import Event, SetAttention
from intake.core.reminders import deadline, plan_reminder
from intake.core.rules import parse_rules
from intake.core.statuses import INCOMPLETE
from intake.errors import UsageError

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
PARIS = ZoneInfo("Europe/Paris")
RECEIVED = datetime(2026, 11, 2, 9, 30, tzinfo=PARIS)  # a Monday: the deadline is Wednesday 2 December


def _case(**kw) -> CaseState:
    values = dict(id=9, reference="BSC-2026-0009", status=INCOMPLETE, status_reason="", applicant="a@asso.example",
                  reply_from="n.bataillon@ville-bethune.fr", received_at=RECEIVED,
                  pieces=(PieceState(1, "dossier.pdf", "dossier", False),), acknowledged=True,
                  last_acknowledged_at=RECEIVED)
    values.update(kw)
    return CaseState(**values)  # type: ignore[arg-type]


def test_the_deadline_of_these_tests():
    assert deadline(RECEIVED, RULES.conversation, PARIS) == date(2026, 12, 2)


def test_a_reminder_still_pending_on_the_deadline_does_not_go_and_is_said_dropped():
    # the worker was stopped from 6 November: the first reminder (9 November) was never sent
    for now in (datetime(2026, 12, 2, 10, 0, tzinfo=PARIS), datetime(2026, 12, 9, 10, 0, tzinfo=PARIS)):
        plan = plan_reminder(status=INCOMPLETE, base=RECEIVED, sent=0, last_sent_at=None, rules=RULES.conversation,
                             now=now, tz=PARIS, deadline_day=date(2026, 12, 2))
        assert not plan.due and plan.due_at is None and plan.dropped
    before = plan_reminder(status=INCOMPLETE, base=RECEIVED, sent=0, last_sent_at=None, rules=RULES.conversation,
                           now=datetime(2026, 12, 1, 10, 0, tzinfo=PARIS), tz=PARIS, deadline_day=date(2026, 12, 2))
    assert before.due and not before.dropped


def test_no_working_day_left_before_the_deadline_is_said_dropped():
    eve = plan_reminder(status=INCOMPLETE, base=datetime(2026, 12, 1, 9, 0, tzinfo=PARIS), sent=1,
                        last_sent_at=datetime(2026, 11, 9, 10, 0, tzinfo=PARIS), rules=RULES.conversation,
                        now=datetime(2026, 12, 1, 12, 0, tzinfo=PARIS), tz=PARIS, deadline_day=date(2026, 12, 2))
    assert eve.due_at is None and eve.dropped
    done = plan_reminder(status=INCOMPLETE, base=RECEIVED, sent=2, last_sent_at=None, rules=RULES.conversation,
                         now=datetime(2026, 12, 9, tzinfo=PARIS), tz=PARIS, deadline_day=date(2026, 12, 2))
    assert not done.dropped  # all sent: nothing was dropped


def test_a_dropped_reminder_flags_the_case_for_staff_in_french_once():
    # pieces acknowledged on 1 December, the deadline's eve: the second reminder has no working day left
    case = _case(last_acknowledged_at=datetime(2026, 12, 1, 9, 0, tzinfo=PARIS), reminders_sent=1,
                 last_reminder_at=datetime(2026, 11, 9, 10, 0, tzinfo=PARIS))
    now = datetime(2026, 12, 1, 12, 0, tzinfo=PARIS)
    outcome, effects = reminder(case, RULES, Budget(), now, PARIS)
    said = ("relance 2 non envoyée : aucun jour ouvré ne reste avant la date limite des pièces, le mercredi 2 décembre "
            "2026 ; pièces attendues : courrier officiel adressé au Maire, documents complémentaires et visuels")
    assert outcome == "dropped", effects
    assert effects == (SetAttention(said), Event("reminder-dropped", said))
    # what « À voir » already said stays, the new reason after it
    flagged = _case(attention="fichier illisible : scan.pdf", last_acknowledged_at=case.last_acknowledged_at,
                    reminders_sent=1, last_reminder_at=case.last_reminder_at)
    kept = reminder(flagged, RULES, Budget(), now, PARIS)[1][0]
    assert kept == SetAttention(f"fichier illisible : scan.pdf ; {said}")
    # once: the history holds it (staff may have cleared « À voir » since)
    assert reminder(_case(last_acknowledged_at=case.last_acknowledged_at, reminders_sent=1,
                          last_reminder_at=case.last_reminder_at, reminder_dropped=True),
                    RULES, Budget(), now, PARIS) == ("", ())


def test_a_reminder_pending_past_the_deadline_flags_the_case_as_past():
    outcome, effects = reminder(_case(), RULES, Budget(), datetime(2026, 12, 3, 10, 0, tzinfo=PARIS), PARIS)
    assert outcome == "dropped"
    assert effects[0] == SetAttention(
        "relance 1 non envoyée : la date limite des pièces, le mercredi 2 décembre 2026, est passée ; pièces "
        "attendues : courrier officiel adressé au Maire, documents complémentaires et visuels")


def test_reminders_over_says_why_for_the_case_page():
    assert reminders_over(_case(), RULES, datetime(2026, 12, 3, 10, 0, tzinfo=PARIS), PARIS) == (
        "la date limite des pièces, le mercredi 2 décembre 2026, est passée")
    assert reminders_over(_case(), RULES, datetime(2026, 12, 2, 10, 0, tzinfo=PARIS), PARIS) == (
        "la date limite des pièces, le mercredi 2 décembre 2026, est aujourd'hui")
    assert reminders_over(_case(), RULES, datetime(2026, 11, 20, 10, 0, tzinfo=PARIS), PARIS) == ""


@pytest.mark.parametrize(("now", "when"), [(datetime(2026, 12, 2, 8, 0, tzinfo=PARIS), "est aujourd'hui"),
                                           (datetime(2026, 12, 3, 15, 0, tzinfo=PARIS), "est passée")])
def test_relancer_maintenant_on_or_after_the_deadline_is_refused_naming_the_date(now, when):
    # on the deadline's own day it is not « passée »: the applicant may still send the pieces that day
    with pytest.raises(UsageError) as caught:
        reminder_now(_case(), RULES, Budget(), now, PARIS, "Nadia")
    said = str(caught.value)
    assert f"la date limite des pièces, le mercredi 2 décembre 2026, {when}" in said, said
    assert "votre messagerie" in said, said


def test_relancer_maintenant_the_day_before_the_deadline_still_goes():
    effects = reminder_now(_case(), RULES, Budget(), datetime(2026, 12, 1, 15, 0, tzinfo=PARIS), PARIS, "Nadia")
    assert any(isinstance(e, Event) and e.kind == "reminder" for e in effects)
