"""rules/retention.toml: parsed with line-precise errors; which case each rule deletes, and when."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from intake.core.retention import (
    INCOMPLETE_CASES,
    LABELLED_CASES,
    NOT_RETAINED_CASES,
    PURGE_LOG,
    QUARANTINE,
    RULES,
    UNDECIDED_CASES,
    CaseFacts,
    Undecided,
    add_months,
    case_due,
    cases_due,
    cutoff,
    parse_retention,
    status_path,
    trace_identity,
    undecided,
)
from intake.errors import RulesError

PROJECT_FILE = Path(__file__).resolve().parents[2] / "rules" / "retention.toml"
TEXT = PROJECT_FILE.read_text(encoding="utf-8")
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def test_the_project_file_gives_every_rule_a_duration():
    r = parse_retention("retention.toml", TEXT)
    assert set(r.periods) == set(RULES)
    assert r.periods[INCOMPLETE_CASES].french() == "6 mois"
    assert r.periods[QUARANTINE].french() == "30 jours"
    assert r.label_years == 3
    described = {key: how for key, _, how in r.describe()}
    assert described[LABELLED_CASES] == "durée du label (3 ans) puis 2 ans"


def _bad(old: str, new: str) -> RulesError:
    assert old in TEXT
    with pytest.raises(RulesError) as caught:
        parse_retention("rules/retention.toml", TEXT.replace(old, new, 1))
    return caught.value


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(needle))


def test_a_duration_in_quotes_names_its_line():
    bad = TEXT.replace("[quarantaine]\njours = 30", '[quarantaine]\njours = "30"')
    error = _bad("[quarantaine]\njours = 30", '[quarantaine]\njours = "30"')
    assert error.line == _line(bad, 'jours = "30"') and "nombre entier" in error.problem
    assert str(error).startswith(f"rules/retention.toml:{error.line}:")


def test_two_durations_in_one_rule_are_refused():
    error = _bad("[quarantaine]\njours = 30", "[quarantaine]\njours = 30\nmois = 1")
    assert "une seule durée" in error.problem and "jours, mois" in error.problem
    assert error.line == _line(TEXT, "[quarantaine]")


def test_a_misspelt_unit_gets_a_suggestion():
    error = _bad("[connexions]\nmois = 12", "[connexions]\nmoi = 12")
    assert "vouliez-vous dire « mois »" in error.problem


def test_a_missing_rule_is_named_with_the_fix():
    error = _bad("[connexions]\nmois = 12", "")
    assert "[connexions] manque" in error.problem and "rules/retention.toml" in error.problem


def test_an_unknown_rule_is_refused():
    error = _bad("[connexions]", "[connexion]")
    assert "vouliez-vous dire « connexions »" in error.problem


def test_the_label_duration_is_required_and_bounded():
    assert "duree_label_ans manque" in _bad("duree_label_ans = 3\n", "").problem
    assert "de 1 à 50" in _bad("duree_label_ans = 3", "duree_label_ans = 0").problem


def test_zero_and_negative_durations_are_refused():
    assert "de 1 à" in _bad("[quarantaine]\njours = 30", "[quarantaine]\njours = 0").problem
    assert "de 1 à" in _bad("[quarantaine]\njours = 30", "[quarantaine]\njours = -3").problem


def test_months_keep_the_day_or_take_the_last_day_of_a_shorter_month():
    assert add_months(datetime(2026, 1, 31, tzinfo=timezone.utc), 1).date().isoformat() == "2026-02-28"
    assert add_months(datetime(2026, 11, 2, tzinfo=timezone.utc), 6).date().isoformat() == "2027-05-02"
    assert add_months(datetime(2026, 3, 15, tzinfo=timezone.utc), -3).date().isoformat() == "2025-12-15"
    assert add_months(datetime(2024, 2, 29, tzinfo=timezone.utc), 12).date().isoformat() == "2025-02-28"


RETENTION = parse_retention("retention.toml", TEXT)


def facts(status, activity=T0, decided=None):
    return CaseFacts(id=1, reference="BSC-2026-0001", status=status, received_at=T0, last_activity=activity,
                     decided_at=decided)


def test_an_incomplete_case_is_due_six_months_after_the_last_activity_not_before():
    later = datetime(2027, 1, 10, tzinfo=timezone.utc)
    due = case_due(facts("incomplete", activity=later), RETENTION)
    assert (due.rule, due.at) == (INCOMPLETE_CASES, datetime(2027, 7, 10, tzinfo=timezone.utc))
    assert cases_due([facts("incomplete", activity=later)], RETENTION, datetime(2027, 7, 9, tzinfo=timezone.utc)) == []
    assert len(cases_due([facts("incomplete", activity=later)], RETENTION, due.at)) == 1


def test_declined_inadmissible_and_withdrawn_cases_count_from_the_decision():
    decided = datetime(2027, 2, 1, tzinfo=timezone.utc)
    for status in ("declined", "inadmissible", "withdrawn"):
        due = case_due(facts(status, decided=decided), RETENTION)
        assert (due.rule, due.since, due.at) == (NOT_RETAINED_CASES, decided, datetime(2029, 2, 1, tzinfo=timezone.utc))


def test_a_labelled_case_is_kept_for_the_label_and_two_more_years():
    decided = datetime(2027, 2, 1, tzinfo=timezone.utc)
    due = case_due(facts("labelled", decided=decided), RETENTION)
    assert (due.rule, due.at) == (LABELLED_CASES, datetime(2032, 2, 1, tzinfo=timezone.utc))


def test_cases_waiting_for_a_decision_are_flagged_after_six_months_and_due_after_two_years_without_news():
    news = datetime(2027, 1, 10, tzinfo=timezone.utc)  # the applicant's last message or a staff note
    for status in ("complete", "review", "admissible"):
        due = case_due(facts(status, activity=news, decided=T0), RETENTION)
        assert (due.rule, due.since, due.at) == (UNDECIDED_CASES, news, datetime(2029, 1, 10, tzinfo=timezone.utc))
    waiting = [facts("complete", activity=news), facts("admissible", decided=T0), facts("incomplete"),
               facts("labelled", decided=T0)]
    assert undecided(waiting, RETENTION, datetime(2027, 5, 2, 10, tzinfo=timezone.utc)) == [
        Undecided("BSC-2026-0001", "admissible", T0, datetime(2028, 11, 2, 9, tzinfo=timezone.utc))]
    flagged = undecided(waiting, RETENTION, datetime(2027, 7, 10, tzinfo=timezone.utc))
    assert [(u.status, u.since) for u in flagged] == [("admissible", T0), ("complete", news)]  # oldest first
    assert cases_due(waiting[:1], RETENTION, datetime(2029, 1, 9, tzinfo=timezone.utc)) == []


def test_the_undecided_rule_must_warn_staff_before_it_deletes():
    error = _bad("signaler_apres_mois = 6\nans = 2", "signaler_apres_mois = 24\nans = 2")
    assert "signaler_apres_mois = 24 doit venir avant la suppression (2 ans)" in error.problem
    assert error.line == _line(TEXT, "signaler_apres_mois")
    error = _bad("signaler_apres_mois = 6\n", "")
    assert "signaler_apres_mois manque" in error.problem
    described = dict((k, how) for k, _, how in parse_retention("r", TEXT).describe())
    assert described[UNDECIDED_CASES] == "2 ans sans décision ni nouvelle (signalé au service après 6 mois)"


def test_cutoffs_count_back_from_now():
    now = datetime(2027, 3, 31, 12, tzinfo=timezone.utc)
    assert cutoff(RETENTION, QUARANTINE, now) == datetime(2027, 3, 1, 12, tzinfo=timezone.utc)
    assert cutoff(RETENTION, "connexions", now) == datetime(2026, 3, 31, 12, tzinfo=timezone.utc)


def test_a_trace_keeps_identity_comparable_but_not_readable():
    trace = trace_identity("mid:<abc@mail.example>")
    assert trace == trace_identity("mid:<abc@mail.example>") != trace_identity("mid:<abd@mail.example>")
    assert "abc" not in trace and trace_identity(trace) == trace


def test_the_status_path_drops_repeats():
    assert status_path(["incomplete", "incomplete", "complete", "labelled"]) == "incomplete > complete > labelled"


def test_a_deleted_case_says_why_from_its_rule_alone():
    from datetime import date

    from intake.core.retention import ERASURE, NOT_AN_APPLICATION, gone_message

    day = date(2027, 3, 12)
    assert gone_message("BSC-2026-0003", day, ERASURE) == \
        "BSC-2026-0003 : dossier effacé le 12/03/2027 à la demande de la personne concernée (RGPD)"
    assert "classé sans suite par le service (pas une candidature)" in gone_message("BSC-2026-0003", day,
                                                                                      NOT_AN_APPLICATION)
    assert "au terme de sa durée de conservation" in gone_message("BSC-2026-0003", day, "dossiers_incomplets")


def test_a_duration_of_another_kind_is_shown_as_the_admin_wrote_it():
    """`ans = 1.5` or `ans = true` was shown back as Python writes it (`True`)."""
    assert "(trouvé true)" in str(_bad("[quarantaine]\njours = 30", "[quarantaine]\njours = true"))


def test_the_purge_log_is_kept_without_limit_unless_the_file_gives_it_a_duration():
    """The register asked the DPO to set how long the purge log is kept (« durée à confirmer par le DPO »), but no
    setting did it: the rule is optional, absent means without limit, and either way the admin reads it."""
    unlimited = parse_retention("retention.toml", TEXT)
    assert PURGE_LOG not in unlimited.periods
    assert dict((k, how) for k, _, how in unlimited.describe())[PURGE_LOG].startswith("sans limite de durée")
    five = parse_retention("retention.toml", TEXT + "\n[journal_des_suppressions]\nans = 5\n")
    assert five.period(PURGE_LOG).french() == "5 ans"
    assert dict((k, how) for k, _, how in five.describe())[PURGE_LOG] == "5 ans"
    assert cutoff(five, PURGE_LOG, T0) == datetime(2021, 11, 2, 9, 0, tzinfo=timezone.utc)
