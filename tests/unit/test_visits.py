"""« Nouveau depuis ma dernière visite » (core/visits.py): when a visit starts, and what marks a case."""

from datetime import datetime, timedelta, timezone

from intake.core.visits import Visit, badge_detail, is_news, visit_at, worth_writing

IDLE = timedelta(minutes=30)
T = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
ME, COLLEAGUE = "n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"


def test_the_first_visit_has_no_mark_and_marks_nothing():
    first = visit_at(None, T, IDLE)
    assert first == Visit(None, T, T)
    assert not is_news("received", "intake", T + timedelta(hours=1), first.mark, ME)


def test_requests_closer_than_the_idle_time_are_one_visit_however_long_it_lasts():
    visit = visit_at(None, T, IDLE)
    for minutes in range(29, 29 * 10, 29):  # every 29 minutes for more than four hours
        visit = visit_at(visit, T + timedelta(minutes=minutes), IDLE)
    assert visit.mark is None and visit.started_at == T and visit.last_seen_at == T + timedelta(minutes=261)


def test_a_request_after_the_idle_time_starts_a_visit_marked_at_the_last_activity_of_the_previous_one():
    morning = visit_at(visit_at(None, T, IDLE), T + timedelta(minutes=20), IDLE)
    next_day = visit_at(morning, T + timedelta(days=1), IDLE)
    assert next_day == Visit(T + timedelta(minutes=20), T + timedelta(days=1), T + timedelta(days=1))
    exactly_idle = visit_at(morning, T + timedelta(minutes=50), IDLE)  # as a session ends: idle or older
    assert exactly_idle.mark == T + timedelta(minutes=20)
    then = visit_at(next_day, T + timedelta(days=1, minutes=5), IDLE)  # the mark holds for the whole visit
    assert then.mark == T + timedelta(minutes=20) and then.started_at == T + timedelta(days=1)


def test_a_late_request_from_a_second_tab_never_moves_the_last_activity_back():
    visit = visit_at(None, T + timedelta(minutes=10), IDLE)
    assert visit_at(visit, T + timedelta(minutes=9), IDLE).last_seen_at == T + timedelta(minutes=10)


def test_the_last_activity_is_written_once_a_minute_and_a_new_visit_always():
    visit = visit_at(None, T, IDLE)
    assert worth_writing(None, visit)
    assert not worth_writing(visit, visit_at(visit, T + timedelta(seconds=59), IDLE))
    assert worth_writing(visit, visit_at(visit, T + timedelta(minutes=1), IDLE))
    assert worth_writing(visit, visit_at(visit, T + timedelta(hours=2), IDLE))


def test_what_others_did_after_the_mark_is_news_and_what_i_did_is_not():
    mark = T
    after, before = T + timedelta(minutes=1), T - timedelta(minutes=1)
    assert is_news("received", "intake", after, mark, ME)  # a new case
    assert is_news("message", "intake", after, mark, ME)  # the applicant wrote again
    assert is_news("status", COLLEAGUE, after, mark, ME)  # a colleague changed the status
    assert is_news("decision", COLLEAGUE, after, mark, ME)
    assert is_news("piece", COLLEAGUE, after, mark, ME)
    assert not is_news("decision", ME, after, mark, ME)  # my own decision
    assert not is_news("decision", ME.upper(), after, mark, ME)
    assert not is_news("message", "intake", before, mark, ME)  # seen on my previous visit
    assert not is_news("message", "intake", mark, mark, ME)
    assert not is_news("mail-sent", "intake", after, mark, ME)  # our own mail going out is not news
    assert not is_news("note", COLLEAGUE, after, mark, ME)


def test_the_badge_says_what_changed_in_words_in_a_fixed_order():
    assert badge_detail({"status", "message"}) == "message reçu, statut changé"
    assert badge_detail({"received", "piece", "status"}) == "dossier reçu"  # its pieces and first status with it
    assert badge_detail(set()) == ""
