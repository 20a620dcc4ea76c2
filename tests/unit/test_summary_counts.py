"""What `intake poll` and the other commands print as their result: French where each count agrees with its number
(0 and 1 singular), in the shape scripts grep (« nb : 1 nouveau, 0 classé, 2 ignorés, 0 copie, 0 en quarantaine »)."""

from types import SimpleNamespace

import pytest

from intake.cli.output import outbox_line, poll_line


@pytest.mark.parametrize("n, fetched, filed, ignored, copies", [
    (0, "0 nouveau", "0 classé", "0 ignoré", "0 copie"),
    (1, "1 nouveau", "1 classé", "1 ignoré", "1 copie"),
    (2, "2 nouveaux", "2 classés", "2 ignorés", "2 copies"),
])
def test_the_poll_summary_agrees_for_0_1_and_2(n, fetched, filed, ignored, copies):
    line = poll_line("nb", n, n, n, n, n, "ok")
    assert line == f"nb : {fetched}, {filed}, {ignored}, {copies}, {n} en quarantaine (ok)"
    assert "(s)" not in line and "(x)" not in line


def test_the_poll_summary_agrees_count_by_count():
    assert poll_line("nb", 1, 0, 2, 0, 1, "ok ; veille IDLE active") == \
        "nb : 1 nouveau, 0 classé, 2 ignorés, 0 copie, 1 en quarantaine (ok ; veille IDLE active)"


@pytest.mark.parametrize("n, words", [
    (0, "courriels : 0 envoyé, 0 en attente d'un nouvel essai, 0 en échec, 0 incertain, 0 annulé"),
    (1, "courriels : 1 envoyé, 1 en attente d'un nouvel essai, 1 en échec, 1 incertain, 1 annulé, "
        "1 renvoyé après un envoi interrompu (même Message-ID)"),
    (2, "courriels : 2 envoyés, 2 en attente d'un nouvel essai, 2 en échec, 2 incertains, 2 annulés, "
        "2 renvoyés après un envoi interrompu (même Message-ID)"),
])
def test_the_outbox_line_agrees_for_0_1_and_2(n, words):
    sent = SimpleNamespace(sent=n, waiting=n, next_try=None, failed=n, uncertain=n, cancelled=n, resent=n,
                           relay_error="")
    assert outbox_line(sent) == words
