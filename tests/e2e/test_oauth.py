"""OAuth2 end to end: intake reads Dovecot and sends through aiosmtpd with tokens from the local
token server, which both servers ask (introspection) for every login."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
from conftest import PROJECT, Intake  # noqa: F401  (e2e/conftest.py)
from servers import SmtpServer

KEY = "a-long-random-passphrase-for-the-token-store-0123456789"


@pytest.fixture
def oauth(tmp_path, dovecot, mail_users, token_server, smtp_tls_files, monkeypatch):
    """intake with two OAuth2 mailboxes: nb by the application's token (client credentials, as
    Microsoft 365 application access), db by a person's token (device code); SMTP by the app."""
    smtp = SmtpServer(*smtp_tls_files, tokens=token_server)
    smtp.start()
    app = token_server.add_client()  # confidential: the Azure app registration
    person = token_server.add_client(secret=None)  # public client for the device flow
    nb, db = mail_users("nb"), mail_users("db")
    since = (datetime.now(timezone.utc) - timedelta(days=2)).date().isoformat()
    monkeypatch.setenv("TEST_OAUTH_SECRET", app.secret)
    monkeypatch.setenv("INTAKE_TOKEN_KEY", KEY)
    url = token_server.url
    config = tmp_path / "config.toml"
    config.write_text(f"""
data_dir = "data"
rules_dir = "{PROJECT / 'rules'}"
templates_dir = "{PROJECT / 'templates'}"

[[mailboxes]]
name = "nb"
address = "{nb}"
host = "{dovecot.host}"
port = {dovecot.imap_port}
security = "starttls"
ca_file = "{dovecot.ca_file}"
since = {since}
timeout = 10
auth = "oauth2"
flow = "client_credentials"
token_url = "{url}/token"
client_id = "{app.client_id}"
client_secret_env = "TEST_OAUTH_SECRET"
scope = "https://outlook.office365.com/.default"

[[mailboxes]]
name = "db"
address = "{db}"
host = "{dovecot.host}"
port = {dovecot.imaps_port}
security = "tls"
ca_file = "{dovecot.ca_file}"
since = {since}
timeout = 10
auth = "oauth2"
flow = "device_code"
token_url = "{url}/token"
device_url = "{url}/devicecode"
client_id = "{person.client_id}"
scope = "offline_access imap smtp"

[smtp]
host = "{smtp.host}"
port = {smtp.port}
security = "starttls"
username = "{nb}"
ca_file = "{smtp.ca_file}"
timeout = 10
auth = "oauth2"
flow = "client_credentials"
token_url = "{url}/token"
client_id = "{app.client_id}"
client_secret_env = "TEST_OAUTH_SECRET"
scope = "https://outlook.office365.com/.default"

[service]
name = "Ville de Béthune - Mission Smart City"
address = "Hôtel de Ville, Place du Nouveau Monde, 62400 Béthune"
email = "{nb}"
phone = "03 21 63 00 00"
""", encoding="utf-8")
    setup = Intake(config=config, nb=nb, db=db, dovecot=dovecot, smtp=smtp)
    setup.app_client, setup.person_client, setup.tokens = app, person, token_server
    yield setup
    smtp.stop()


def _login(intake: Intake, name: str, user: str, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """`intake auth login NAME` as a person would run it; the test signs in as `user` when the code shows."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT), **(extra_env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(intake.config), "auth", "login", name],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    said = proc.stderr.readline()
    code = re.search(r"saisissez le code (\w+)", said)
    assert code and intake.tokens.url in said, said
    intake.tokens.approve_device(code.group(1), user)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, said + err)


def test_mail_is_read_and_acknowledged_with_tokens_only(oauth):
    done = _login(oauth, "db", oauth.db)
    assert done.returncode == 0, done.stderr
    oauth.deliver(oauth.application(), oauth.nb)
    oauth.deliver(oauth.application(sender="Comité <comite@quartier.example>", to=[oauth.db]), oauth.db)

    out = oauth.poll()

    assert "nb : 1 nouveau, 1 classé" in out and "db : 1 nouveau, 1 classé" in out, out
    assert len(oauth.cases()) == 2
    assert len(oauth.smtp.wait_for(2)) == 2
    # SMTP offered both mechanisms: the standard one was used, with the application's token
    assert {(m, ok) for m, _login, ok in oauth.smtp.auths} == {("OAUTHBEARER", True)}
    logs = oauth.dovecot.logs()
    assert f"user=<{oauth.nb}>, method=OAUTHBEARER" in logs and f"user=<{oauth.db}>, method=OAUTHBEARER" in logs
    # one application token for the two uses, one refresh-free poll for the person's stored token
    assert oauth.tokens.issued("client_credentials", oauth.app_client.client_id) == 1
    assert oauth.tokens.issued("refresh_token") == 0


def test_the_stored_token_is_encrypted_private_and_never_printed(oauth):
    done = _login(oauth, "db", oauth.db)
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip().rsplit(" ", 1)[-1])
    assert path.parent.name == "tokens" and stat.S_IMODE(path.stat().st_mode) == 0o600
    secrets = [t for t, g in oauth.tokens.refresh.items() if g.user == oauth.db]
    secrets += [t for t, g in oauth.tokens.access.items() if g.user == oauth.db]
    assert secrets and not any(s in path.read_text() for s in secrets)

    oauth.deliver(oauth.application(to=[oauth.db]), oauth.db)
    code, out = oauth.cli("-v", "poll")
    assert code == 0, out
    every_token = [*oauth.tokens.access, *oauth.tokens.refresh]
    assert not any(t in out or t in done.stderr or t in done.stdout for t in every_token)
    assert not any(t in oauth.dovecot.logs() for t in every_token)


def test_an_expiring_token_is_refreshed_before_it_is_used(oauth):
    # the poll right after the sign-in must use its token unrenewed: it is renewed a quarter of its lifetime before
    # it ends (adapters/oauth.py _margin), so 4 s gave that poll 3 s from the token's issue, which a busy machine
    # (the sign-in's process ending, the poll's start) could pass; 8 s give it 6
    lifetime = 8
    oauth.tokens.access_lifetime = lifetime
    try:
        assert _login(oauth, "db", oauth.db).returncode == 0
        oauth.poll()
        assert oauth.tokens.issued("refresh_token") == 0
        time.sleep(lifetime)  # the stored access token is now expired: Dovecot would refuse it

        oauth.deliver(oauth.application(to=[oauth.db]), oauth.db)
        out = oauth.poll()
    finally:
        oauth.tokens.access_lifetime = 3600
    assert "db : 1 nouveau, 1 classé" in out and "ERREUR" not in out, out
    assert oauth.tokens.issued("refresh_token", oauth.person_client.client_id) == 1
    assert len(oauth.smtp.wait_for(1)) == 1
    # the provider rotated the refresh token (the old one is now revoked): the new one was kept
    time.sleep(lifetime)
    out = oauth.poll()
    assert "ERREUR" not in out and oauth.tokens.issued("refresh_token", oauth.person_client.client_id) == 2


def test_auth_login_explains_accounts_that_need_no_sign_in(oauth):
    code, out = oauth.cli("auth", "login", "nb")
    assert code == 2 and "client_credentials ne demande aucune connexion" in out, out
    assert 'écrivez flow = "device_code"' in out, out  # the contract's `auth login` is the device code's
    code, out = oauth.cli("auth", "login", "nobody")
    assert code == 2 and "choisissez parmi db" in out, out


def test_a_revoked_token_is_a_clear_mailbox_error_and_the_other_mailbox_goes_on(oauth):
    assert _login(oauth, "db", oauth.db).returncode == 0
    oauth.poll()
    oauth.tokens.revoke(oauth.db)  # the person's access and refresh tokens, as after a password reset
    oauth.deliver(oauth.application(), oauth.nb)
    oauth.deliver(oauth.application(to=[oauth.db]), oauth.db)

    code, out = oauth.cli("poll")

    assert code == 1
    assert "nb : 1 nouveau, 1 classé" in out
    problem = [line for line in out.splitlines() if line.startswith("intake:")]
    assert len(problem) == 1 and "Traceback" not in out, out
    assert "invalid_grant" in problem[0] and "intake auth login db" in problem[0], problem
    assert "autorisation expirée, révoquée ou déjà utilisée (réponse du fournisseur : invalid_grant" in problem[0]
    assert len(oauth.smtp.wait_for(1)) == 1  # nb's acknowledgement still left
    code, preview = oauth.cli("digest", "--preview", "--html", str(oauth.config.parent / "d.html"))
    assert code == 0 and "intake auth login db" in preview, preview


def test_a_deleted_application_is_a_clear_error_and_its_mail_stays_queued(oauth):
    assert _login(oauth, "db", oauth.db).returncode == 0
    oauth.tokens.remove_client(oauth.app_client.client_id)  # nb and SMTP used it
    oauth.deliver(oauth.application(to=[oauth.db]), oauth.db)

    code, out = oauth.cli("poll")

    assert code == 1 and "Traceback" not in out
    assert "db : 1 nouveau, 1 classé" in out  # the person's token still reads db
    assert "nb : 0 nouveau" in out and "invalid_client" in out and "vérifiez client_id" in out, out
    assert "application inconnue du fournisseur, ou secret du client erroné" in out, out
    assert "0 envoyé, 1 en attente d'un nouvel essai (prochain essai " in out and not oauth.smtp.messages
    mail = oauth.case(oauth.cases()[0]["reference"])["mails"][0]
    assert mail["status"] == "pending" and "invalid_client" in mail["last_error"], mail


def test_sending_retries_with_a_fresh_token_when_the_server_refuses_the_cached_one(oauth):
    assert _login(oauth, "db", oauth.db).returncode == 0
    oauth.deliver(oauth.application(), oauth.nb)
    app = oauth.app()
    from intake.pipeline.poll import poll_all
    from intake.pipeline.send import send_due

    poll_all(app)
    # the application's cached token is revoked (not expired): the next login is refused once,
    # then a new token is asked and the mail goes out
    oauth.tokens.revoke(oauth.app_client.client_id)
    report = send_due(app)
    assert report.sent == 1, report
    assert [ok for _m, _l, ok in oauth.smtp.auths] == [False, True]


def test_xoauth2_is_used_where_oauthbearer_is_not_offered(oauth, smtp_tls_files, token_server):
    assert _login(oauth, "db", oauth.db).returncode == 0
    only = SmtpServer(*smtp_tls_files, tokens=token_server, oauth_mechanisms=("XOAUTH2",))
    only.start()
    try:
        text = oauth.config.read_text()
        text = text.replace(f"port = {oauth.smtp.port}", f"port = {only.port}")
        text = text.replace(oauth.smtp.ca_file, only.ca_file)
        oauth.config.write_text(text)
        oauth.deliver(oauth.application(), oauth.nb)
        oauth.poll()
        assert len(only.wait_for(1)) == 1
        assert only.auths == [("XOAUTH2", oauth.nb, True)]
    finally:
        only.stop()


def test_the_browser_sign_in_stores_a_token_google_style(oauth, monkeypatch):
    """flow = "authorization_code": the browser comes back to intake's loopback listener."""
    desktop = oauth.tokens.add_client()  # Google's "Desktop app" clients have a (non-secret) secret
    text = oauth.config.read_text().replace(
        f'flow = "device_code"\ntoken_url = "{oauth.tokens.url}/token"\ndevice_url = "{oauth.tokens.url}/devicecode"\n'
        f'client_id = "{oauth.person_client.client_id}"',
        f'flow = "authorization_code"\ntoken_url = "{oauth.tokens.url}/token"\n'
        f'authorize_url = "{oauth.tokens.url}/authorize"\nclient_id = "{desktop.client_id}"\n'
        'client_secret_env = "TEST_DESKTOP_SECRET"')
    assert text != oauth.config.read_text()
    oauth.config.write_text(text)
    monkeypatch.setenv("TEST_DESKTOP_SECRET", desktop.secret)
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    proc = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(oauth.config), "auth", "login", "db"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    said = "".join(proc.stderr.readline() for _ in range(2))
    url = re.search(r"^(http://\S+/authorize\?\S+)$", said, re.M).group(1)
    assert "code_challenge_method=S256" in url and "redirect_uri=http%3A%2F%2F127.0.0.1" in url
    # the person signs in; the browser follows the redirect to intake's listener
    page = requests.get(oauth.tokens.authorize_url(url, oauth.db), timeout=10)
    assert page.status_code == 200 and "fermer cette page" in page.text
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err

    oauth.deliver(oauth.application(to=[oauth.db]), oauth.db)
    assert "db : 1 nouveau, 1 classé" in oauth.poll()


def test_on_a_headless_server_the_redirected_address_can_be_pasted(oauth):
    desktop = oauth.tokens.add_client()
    text = oauth.config.read_text().replace(
        f'flow = "device_code"\ntoken_url = "{oauth.tokens.url}/token"\ndevice_url = "{oauth.tokens.url}/devicecode"\n'
        f'client_id = "{oauth.person_client.client_id}"',
        f'flow = "authorization_code"\ntoken_url = "{oauth.tokens.url}/token"\n'
        f'authorize_url = "{oauth.tokens.url}/authorize"\nclient_id = "{desktop.client_id}"\n'
        'client_secret_env = "TEST_DESKTOP_SECRET"')
    oauth.config.write_text(text)
    env = dict(os.environ, PYTHONPATH=str(PROJECT), TEST_DESKTOP_SECRET=desktop.secret)
    proc = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(oauth.config), "auth", "login", "db"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    said = "".join(proc.stderr.readline() for _ in range(2))
    url = re.search(r"^(http://\S+/authorize\?\S+)$", said, re.M).group(1)
    # the browser is elsewhere: its redirect goes nowhere; the person copies the address
    sent_to = requests.get(oauth.tokens.authorize_url(url, oauth.db), allow_redirects=False, timeout=10)
    out, err = proc.communicate(sent_to.headers["Location"] + "\n", timeout=30)
    assert proc.returncode == 0, err
    assert "autorisation enregistrée" in out


def test_rules_check_connect_tries_each_account_with_its_token(oauth):
    """Before the first poll, the admin tries the servers: the application's token (nb, the relay) works at once;
    the person's mailbox (db) says it needs `intake auth login db` until someone signs in."""
    code, out = oauth.cli("rules", "check", "--connect")
    assert code == 1 and "Traceback" not in out, out
    (nb,) = [line for line in out.splitlines() if line.startswith("boîte nb ")]
    (db,) = [line for line in out.splitlines() if line.startswith("boîte db ")]
    (relay,) = [line for line in out.splitlines() if line.startswith("relais d'envoi ")]
    assert "connexion et identification réussies (jeton OAuth2)" in nb, out
    assert "ÉCHEC" in db and "intake auth login db" in db, out
    assert "connexion et identification réussies (jeton OAuth2)" in relay and oauth.smtp.messages == [], out
    assert _login(oauth, "db", oauth.db).returncode == 0
    code, out = oauth.cli("rules", "check", "--connect")
    assert code == 0 and out.count("connexion et identification réussies (jeton OAuth2)") == 3, out
