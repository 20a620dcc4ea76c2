"""What the admin reads when a server refuses or cannot be reached: one line naming the mailbox (or smtp), the
host, the account and the variable to check, in `intake poll`, the digest and the console; an error that is
over is not shown as current (U2, U19)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from servers import free_ports

from intake.pipeline.send import send_due

RAW = ("MailboxLoginError", "Response status", "gaierror", "Errno", "SMTPAuthenticationError", "Traceback")


def use_variable(intake, mailbox: str, variable: str) -> None:
    """Point one mailbox's password_env at another variable (the README once gave d.berteloot the database's)."""
    text = intake.config.read_text(encoding="utf-8")
    start = text.index(f'name = "{mailbox}"')
    end = text.index("password_env", start)
    line_end = text.index("\n", end)
    intake.config.write_text(text[:end] + f'password_env = "{variable}"' + text[line_end:], encoding="utf-8")


def set_key(intake, table_start: str, key: str, value: str) -> None:
    text = intake.config.read_text(encoding="utf-8")
    start = text.index(table_start)
    found = re.compile(rf"^{key} = .*$", re.M).search(text, start)
    intake.config.write_text(text[:found.start()] + f"{key} = {value}" + text[found.end():], encoding="utf-8")


def line_of(out: str, prefix: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(prefix))


def test_a_refused_imap_login_names_the_account_and_the_variable(intake, monkeypatch):
    use_variable(intake, "db", "TEST_DBERTELOOT_PASSWORD")
    monkeypatch.setenv("TEST_DBERTELOOT_PASSWORD", "not-the-password")
    code, out = intake.cli("poll")
    assert code == 1, out
    said = line_of(out, "db : ")
    assert (f"identifiant ou mot de passe refusé par {intake.dovecot.host}:{intake.dovecot.imaps_port} pour le compte "
            f"{intake.db} : vérifiez le mot de passe dans la variable d'environnement TEST_DBERTELOOT_PASSWORD") in said
    assert "ERREUR" in said and not any(raw in out for raw in RAW), out
    assert "(ok" in line_of(out, "nb : ")  # the other mailbox goes on
    code, digest = intake.cli("digest", "--preview", "--html", str(intake.config.parent / "preview.html"))
    assert code == 0 and "PROBLÈME" in digest and "TEST_DBERTELOOT_PASSWORD" in digest

    monkeypatch.setenv("TEST_DBERTELOOT_PASSWORD", intake.dovecot.password)
    code, out = intake.cli("poll")
    assert code == 0 and "(ok" in line_of(out, "db : "), out
    code, digest = intake.cli("digest", "--preview", "--html", str(intake.config.parent / "preview.html"))
    assert "PROBLÈME" not in digest and "TEST_DBERTELOOT_PASSWORD" not in digest  # over: not shown as current


def test_a_refused_smtp_login_is_said_by_poll_and_the_digest_and_then_cleared(intake, monkeypatch):
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "not-the-password")
    intake.deliver(intake.application(), intake.nb)
    code, out = intake.cli("poll")
    assert code == 1, out
    said = line_of(out, "smtp : ERREUR : ")
    smtp = intake.smtp
    assert (f"identifiant ou mot de passe refusé par {smtp.host}:{smtp.port} pour le compte {smtp.username} : vérifiez "
            "le mot de passe dans la variable d'environnement TEST_SMTP_PASSWORD") in said
    assert "1 en attente d'un nouvel essai" in out and not any(raw in out for raw in RAW), out
    assert smtp.messages == []
    code, digest = intake.cli("digest", "--preview", "--html", str(intake.config.parent / "preview.html"))
    assert f"relais d'envoi {smtp.host} : PROBLÈME" in digest and "TEST_SMTP_PASSWORD" in digest

    monkeypatch.setenv("TEST_SMTP_PASSWORD", smtp.password)
    later = intake.app(shift=timedelta(minutes=5))  # past the retry delay
    report = send_due(later)
    assert report.sent == 1 and not report.relay_error
    code, digest = intake.cli("digest", "--preview", "--html", str(intake.config.parent / "preview.html"))
    assert f"relais d'envoi {smtp.host} : dernier envoi réussi le" in digest and "TEST_SMTP_PASSWORD" not in digest


def test_an_unknown_host_and_a_closed_port_are_named(intake):
    set_key(intake, 'name = "db"', "host", '"imap.invalid"')
    (closed,) = free_ports(1)
    set_key(intake, "[smtp]", "port", str(closed))
    intake.deliver(intake.application(), intake.nb)
    code, out = intake.cli("poll")
    assert code == 1, out
    assert "serveur imap.invalid introuvable (DNS" in line_of(out, "db : ")
    assert f"connexion refusée par {intake.smtp.host}:{closed}" in line_of(out, "smtp : ERREUR : ")
    assert not any(raw in out for raw in RAW), out


def test_starttls_on_the_port_that_waits_for_tls_names_security_not_only_a_firewall(intake):
    """The admin kept security = "starttls" and put the IMAPS port: the server waits for TLS, the client for its
    greeting, and the line said only « serveur injoignable ou pare-feu »."""
    set_key(intake, 'name = "db"', "security", '"starttls"')
    set_key(intake, 'name = "db"', "timeout", "2")
    code, out = intake.cli("poll")
    assert code == 1, out
    said = line_of(out, "db : ")
    assert f"pas de réponse de {intake.dovecot.host}:{intake.dovecot.imaps_port}" in said, out
    assert "security qui ne va pas avec ce port : tls pour le port 993" in said, out
    assert not any(raw in out for raw in RAW), out


def test_an_expired_certificate_is_said_expired_with_the_clock_to_check_not_ca_file(intake):
    """Past its end (the test servers' certificates last 2 days: libfaketime moves intake 3 days on), the line said
    « certificat ... refusé (certificate has expired) : vérifiez host, ou donnez ... (ca_file) »: neither helps."""
    import shutil
    import subprocess
    import sys

    if not shutil.which("faketime"):
        pytest.fail("faketime is missing: apt-get install faketime (scripts/test.sh installs it)")
    done = subprocess.run(["faketime", "-f", "+3d", sys.executable, "-m", "intake", "--config", str(intake.config),
                           "poll"], capture_output=True, text=True, timeout=120)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    said = line_of(out, "db : ")
    assert f"le certificat de {intake.dovecot.host}:{intake.dovecot.imaps_port} a expiré" in said, out
    assert "timedatectl" in said and "donnez le certificat" not in said, out
    assert not any(raw in out for raw in RAW), out


def test_digest_and_followups_say_when_the_relay_could_not_be_used(intake, monkeypatch):
    """`intake digest` and `intake followups` send: a refused relay is exit status 1, as for `intake poll`, and
    the digest is not said « envoyé » while it waits for a retry."""
    from sqlmodel import select

    from intake.store.database import session
    from intake.store.tables import Outbox

    intake.configure(f'[digest]\nrecipients = ["{intake.nb}"]')
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "not-the-password")
    code, out = intake.cli("digest")
    assert code == 1, out
    assert line_of(out, "récapitulatif : ").startswith(f"récapitulatif : pas encore envoyé à {intake.nb} "), out
    assert "1 en attente d'un nouvel essai" in out and line_of(out, "smtp : ERREUR : identifiant ou mot de passe")
    assert intake.smtp.messages == []

    def retry_now() -> None:  # the digest's retry falls due now
        with session(intake.app().engine) as s:
            (mail,) = s.exec(select(Outbox)).all()
            mail.next_attempt_at = mail.created_at
            s.add(mail)
            s.commit()

    retry_now()
    code, out = intake.cli("followups")
    assert code == 1 and line_of(out, "smtp : ERREUR : identifiant ou mot de passe"), out

    monkeypatch.setenv("TEST_SMTP_PASSWORD", intake.smtp.password)
    retry_now()
    code, out = intake.cli("followups")  # the waiting digest leaves
    assert code == 0 and "courriels : 1 envoyé" in out, out
    code, out = intake.cli("digest")
    assert code == 0 and line_of(out, "récapitulatif : ") == f"récapitulatif : envoyé à {intake.nb}", out


def test_a_folder_that_does_not_exist_is_named_with_the_folders_there_are(intake):
    text = intake.config.read_text(encoding="utf-8")
    start = text.index('name = "db"')
    since = text.index("since = ", start)
    intake.config.write_text(text[:since] + 'folder = "Candidatures"\n' + text[since:], encoding="utf-8")
    code, out = intake.cli("poll")
    assert code == 1, out
    said = line_of(out, "db : ")
    assert (f"dossier « Candidatures » introuvable ou refusé pour le compte {intake.db}" in said
            and "vérifiez folder (ou folders) de la boîte db" in said and "dossiers du compte : INBOX" in said), said
    assert "cannot open folder" not in out and "[b" not in out and not any(raw in out for raw in RAW), out
    assert "(ok" in line_of(out, "nb : ")  # the other mailbox goes on
