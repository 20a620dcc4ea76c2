"""`intake rules check --connect`: an admin tries config.toml's servers and passwords before the first poll; each
mailbox is logged in to and its folder opened read-only, the relay logged in to, nothing read, marked or sent."""

from __future__ import annotations

import pytest


def lines(out: str, start: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(start)]


def test_every_server_is_tried_and_nothing_is_read_or_sent(intake):
    uid = intake.deliver(intake.application(), intake.nb)[0]
    code, out = intake.cli("rules", "check", "--connect")
    assert code == 0, out
    (nb,) = lines(out, "boîte nb ")
    assert "connexion et identification réussies" in nb and "1 message dans le dossier" in nb, out
    assert f"identifiant {intake.nb}" in nb and "rien n'a été lu" in nb
    (db,) = lines(out, "boîte db ")
    assert "connexion et identification réussies" in db and "0 message dans le dossier" in db, out
    (relay,) = lines(out, "relais d'envoi ")
    assert "connexion et identification réussies" in relay and "aucun courriel n'a été envoyé" in relay, out
    assert intake.smtp.messages == []
    assert "\\Seen" not in intake.dovecot.flags(intake.nb, uid)  # examined, not read
    assert not (intake.config.parent / "data").exists()  # no database, no files: it only tried


@pytest.mark.parametrize("wrong", ["TEST_IMAP_PASSWORD", "TEST_SMTP_PASSWORD"])
def test_a_refused_password_is_named_and_the_other_servers_still_tried(intake, monkeypatch, wrong):
    monkeypatch.setenv(wrong, "not-the-password")
    code, out = intake.cli("rules", "check", "--connect")
    assert code == 1, out
    failed = [line for line in out.splitlines() if " : ÉCHEC : " in line]
    worked = [line for line in out.splitlines() if "connexion et identification réussies" in line]
    if wrong == "TEST_IMAP_PASSWORD":
        assert len(failed) == 2 and all(line.startswith("boîte ") for line in failed), out
        assert [line.split()[0] for line in worked] == ["relais"], out
    else:
        assert len(failed) == 1 and failed[0].startswith("relais d'envoi "), out
        assert len(worked) == 2, out
    assert wrong in out  # the message names the variable to set again
    assert "en échec (ci-dessus)" in out and "Traceback" not in out


def test_a_password_not_set_in_this_terminal_is_said_for_its_server(intake, monkeypatch):
    monkeypatch.delenv("TEST_SMTP_PASSWORD")
    code, out = intake.cli("rules", "check", "--connect")
    assert code == 1, out
    (relay,) = lines(out, "relais d'envoi ")
    assert "ÉCHEC" in relay and "TEST_SMTP_PASSWORD" in relay, out
