"""The IDLE watch's state in words, and the reconnection backoff."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from intake.core.watching import ERROR, IDLE, NOOP, RECONNECTING, STOPPED, backoff, describe

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


def test_each_state_reads_as_a_french_phrase():
    since = NOW - timedelta(hours=2)
    assert describe(IDLE, "", since, NOW, NOW, PARIS) == "veille IDLE active depuis le lundi 30 novembre 2026 à 8 h 00"
    assert "NOOP (toutes les 15 s)" in describe(NOOP, "toutes les 15 s", since, NOW, NOW, PARIS)
    assert "reconnexion en cours" in describe(RECONNECTING, "EOF", since, NOW, NOW, PARIS)
    assert describe(ERROR, "token refusé", since, NOW, NOW, PARIS).endswith(": token refusé")
    assert "worker arrêté" in describe(STOPPED, "", since, since, NOW, PARIS)


def test_a_watch_without_sign_of_life_says_no_worker_is_watching():
    seen = NOW - timedelta(hours=1)
    assert describe(IDLE, "", seen, seen, NOW, PARIS).startswith("veille : aucun worker actif depuis")
    assert describe(IDLE, "", seen, NOW - timedelta(minutes=26), NOW, PARIS).startswith("veille IDLE active")


def test_a_folder_never_watched_says_nothing():
    assert describe("", "", None, None, NOW, PARIS) == ""


def test_backoff_doubles_up_to_five_minutes():
    assert [backoff(n) for n in range(1, 12)] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
