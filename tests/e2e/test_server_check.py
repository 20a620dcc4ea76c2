"""`intake rules check --connect`: an admin tries config.toml's servers and passwords before the first poll; each
mailbox is logged in to and its folder opened read-only, the relay logged in to, nothing read, marked or sent."""

from __future__ import annotations

import socket
import struct
import threading

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
    assert out.count("TEST_SMTP_PASSWORD") == 1, out  # once, on its server's line (the check's warning said it too)
    code, out = intake.cli("rules", "check")  # without --connect, the check's warning says it
    assert code == 0 and out.count("TEST_SMTP_PASSWORD") == 1, out


def swap(intake, old: str, new: str) -> None:
    text = intake.config.read_text(encoding="utf-8")
    assert old in text, old
    intake.config.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_relay_port_that_answers_in_imap_is_said_in_french_with_the_port_to_fix(intake):
    swap(intake, f"port = {intake.smtp.port}", f"port = {intake.dovecot.imap_port}")
    code, out = intake.cli("rules", "check", "--connect")
    assert code == 1, out
    (relay,) = lines(out, "relais d'envoi ")
    assert "a répondu, mais pas en SMTP" in relay and "Dovecot" in relay, out  # what answered: the mail server
    assert "vérifiez port" in relay and "587" in relay, out
    assert "Malformed" not in out and "Traceback" not in out


def test_a_mailbox_port_that_answers_in_smtp_is_said_in_french_with_the_port_to_fix(intake):
    swap(intake, f"port = {intake.dovecot.imap_port}", f"port = {intake.smtp.port}")
    code, out = intake.cli("rules", "check", "--connect")
    assert code == 1, out
    (nb,) = lines(out, "boîte nb ")
    assert "a répondu, mais pas en IMAP" in nb and "« 220 " in nb, out
    assert "vérifiez port" in nb and "993" in nb, out
    assert "unexpected response" not in out and "b'" not in nb and "Traceback" not in out


def test_tls_against_a_starttls_port_and_a_ca_file_of_another_authority_name_the_setting(intake):
    swap(intake, 'security = "starttls"\nusername', 'security = "tls"\nusername')  # the first mailbox, port 143
    swap(intake, f'ca_file = "{intake.smtp.ca_file}"', 'ca_file = "/etc/ssl/certs/ca-certificates.crt"')
    code, out = intake.cli("rules", "check", "--connect")
    assert code == 1, out
    (nb,) = lines(out, "boîte nb ")
    assert "échec TLS" in nb and "vérifiez security" in nb, out
    (relay,) = lines(out, "relais d'envoi ")
    assert "certificat de " in relay and "ca_file" in relay, out


@pytest.mark.parametrize("content", [b"not a certificate\n", b"\x30\x82\x01\x0a\x02\x82\x01\x01\x00\xc3"])
def test_a_ca_file_that_is_no_pem_certificate_is_a_config_error_naming_the_key(intake, content):
    bad = intake.config.parent / "town-ca.cer"
    bad.write_bytes(content)
    swap(intake, f'ca_file = "{intake.dovecot.ca_file}"', f'ca_file = "{bad}"')
    code, out = intake.cli("rules", "check", "--connect")
    assert code == 2, out
    assert "mailboxes[1].ca_file" in out and "n'est pas un certificat au format PEM" in out, out
    assert "openssl x509 -inform der" in out and "Traceback" not in out


@pytest.fixture
def closing_port():
    """A real listener that takes each connection and closes it before a word (a firewall, a service refusing this
    machine), or resets it (SO_LINGER 0): the port given to a mailbox or the relay."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    mode = {"reset": False}

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            if mode["reset"]:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1], mode
    listener.close()


@pytest.mark.parametrize("reset", [False, True])
def test_a_port_that_closes_at_once_is_said_with_what_to_check(intake, closing_port, reset):
    """It was « échec de la connexion IMAP (abort : socket error: EOF) », « SMTPConnectError : Error connecting
    ...: Unexpected EOF received », or « connexion coupée ... : nouvel essai au prochain passage » with nothing to
    check."""
    port, mode = closing_port
    mode["reset"] = reset
    swap(intake, f"port = {intake.dovecot.imap_port}", f"port = {port}")
    swap(intake, f"port = {intake.smtp.port}", f"port = {port}")
    code, out = intake.cli("rules", "check", "--connect")
    assert code == 1, out
    (nb,) = lines(out, "boîte nb ")
    (relay,) = lines(out, "relais d'envoi ")
    for line in (nb, relay):
        assert f"127.0.0.1:{port}" in line and "vérifiez host, port et security" in line, out
        assert "pare-feu" in line and "EOF" not in line and "Error connecting" not in line, out
    assert "Traceback" not in out


def test_each_server_is_said_as_soon_as_tried_while_a_silent_one_waits_its_timeout(intake):
    """Three servers of timeout = 30 that do not answer: 90 s of a silent terminal, then every line at once. The
    wait is announced, and a mailbox that answered is said before the silent relay's timeout ends."""
    import os
    import subprocess
    import sys
    import time

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # takes the connection (the kernel's backlog) and never says a word
    swap(intake, f"port = {intake.smtp.port}\nsecurity = \"starttls\"\nusername = \"{intake.smtp.username}\"\n"
                 "password_env = \"TEST_SMTP_PASSWORD\"\n"
                 f"ca_file = \"{intake.smtp.ca_file}\"\ntimeout = 10",
         f"port = {silent.getsockname()[1]}\nsecurity = \"starttls\"\nusername = \"{intake.smtp.username}\"\n"
         f"password_env = \"TEST_SMTP_PASSWORD\"\nca_file = \"{intake.smtp.ca_file}\"\ntimeout = 8")
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(intake.config), "rules", "check",
                             "--connect"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": ""})
    try:
        assert proc.stdout is not None
        seen: dict[str, float] = {}
        said = []
        for line in proc.stdout:
            said.append(line)
            seen.setdefault(line.split(" (")[0].split(" :")[0], time.monotonic() - started)
        assert proc.wait(timeout=30) == 1
    finally:
        proc.kill()
        silent.close()
    lead = next(line for line in said if line.startswith("Connexion aux serveurs"))
    assert "jusqu'à 10 s" in lead and "timeout" in lead  # the longest timeout of the three
    relay = next(k for k in seen if k.startswith("relais d'envoi"))
    assert seen[relay] >= 8
    # said while the relay was still waiting: seconds before its line (counted from the process's start, the
    # mailboxes' lines came under 6 s, which a slow start of Python on a busy machine could pass)
    assert seen[relay] - seen["boîte nb"] > 2 and seen[relay] - seen["boîte db"] > 2, seen
