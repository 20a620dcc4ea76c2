"""The console's mailbox page: a refused login as it is now, then as resolved once the mailbox recovered
(it used to show the stale MailboxLoginError beside "en ordre"); the SMTP relay's line (U2, U19)."""

from __future__ import annotations

RAW = ("MailboxLoginError", "Response status", "Errno", "Traceback")


def use_variable(intake, mailbox: str, variable: str) -> None:
    text = intake.config.read_text(encoding="utf-8")
    end = text.index("password_env", text.index(f'name = "{mailbox}"'))
    line_end = text.index("\n", end)
    intake.config.write_text(text[:end] + f'password_env = "{variable}"' + text[line_end:], encoding="utf-8")


def test_the_console_shows_the_refused_login_then_that_it_is_resolved(console, monkeypatch):
    intake = console.intake
    client = console.signed_in_http()
    use_variable(intake, "db", "TEST_DBERTELOOT_PASSWORD")
    monkeypatch.setenv("TEST_DBERTELOOT_PASSWORD", "not-the-password")
    assert intake.cli("poll")[0] == 1
    page = client.get("/mailboxes").text
    row = page[page.index(intake.db):].split("</tr>", 1)[0]
    assert "en erreur" in row and "TEST_DBERTELOOT_PASSWORD" in row and "résolue" not in row
    assert not any(raw in page for raw in RAW)

    monkeypatch.setenv("TEST_DBERTELOOT_PASSWORD", intake.dovecot.password)
    assert intake.cli("poll")[0] == 0
    page = client.get("/mailboxes").text
    row = page[page.index(intake.db):].split("</tr>", 1)[0]
    assert "en ordre" in row and "aucune depuis le dernier relevé réussi" in row and "résolue" in row
    # the mail folder is no « Dossier » (a case, everywhere else in the console), and INBOX is said in French
    assert '<th scope="col">Répertoire</th>' in page and "boîte de réception" in row and "INBOX" not in row
    relay = page[page.index("relais d&#39;envoi") if "relais d&#39;envoi" in page else page.index("relais d'envoi"):]
    assert "en ordre" in relay.split("</tr>", 1)[0]  # the sign-in link went out through it
    # no config.toml names (« db », « smtp ») for staff: what each line is, and since when mail is read
    assert "courrier lu à partir du" in row and ">db," not in row and "(smtp)" not in page
