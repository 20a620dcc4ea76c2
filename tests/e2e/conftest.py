"""End-to-end: `intake poll` against the real Dovecot and SMTP test servers."""

from __future__ import annotations

import email
import email.policy
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from installs import JsonCommands

from intake.app import App, open_app
from intake.cli import main
from intake.commands import samples
from intake.config import load

PROJECT = Path(__file__).resolve().parents[2]


@dataclass
class Intake(JsonCommands):
    """One installation of intake, pointed at two fresh Dovecot users and the SMTP server."""

    config: Path
    nb: str
    db: str
    dovecot: object
    smtp: object

    def cli(self, *args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["--config", str(self.config), *args])
        return result.exit_code, result.output

    def poll(self) -> str:
        code, out = self.cli("poll")
        assert code == 0, out
        return out

    def app(self, shift: timedelta = timedelta(0)) -> App:
        return open_app(load(self.config), clock=lambda: datetime.now(timezone.utc) + shift)

    def sent(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(m.data, policy=email.policy.default) for m in self.smtp.messages]

    def deliver(self, raw: bytes, *users: str, **kw) -> list[int]:
        return [self.dovecot.append(u, raw, **kw) for u in users]

    def inbox(self, user: str) -> list[email.message.EmailMessage]:
        """What reached a Dovecot user's mailbox (our mail, through SMTP and LMTP, with `people`)."""
        return [email.message_from_bytes(raw, policy=email.policy.default) for raw in self.dovecot.fetch_all(user)]

    def edit_template(self, directory: Path, name: str, edit: Callable[[str], str]) -> tuple[Path, str]:
        """The shipped templates copied to `directory`/templates (once) and used from there, the template `name`
        (« digest/body.txt.j2 ») rewritten by `edit` (its text in, the new text out): (that file, its text before)."""
        templates = directory / "templates"
        if not templates.exists():
            shutil.copytree(PROJECT / "templates", templates)
        path = templates / name
        original = path.read_text(encoding="utf-8")
        path.write_text(edit(original), encoding="utf-8")
        self.config.write_text(self.config.read_text(encoding="utf-8").replace(
            f'templates_dir = "{PROJECT / "templates"}"', f'templates_dir = "{templates}"'), encoding="utf-8")
        return path, original

    def configure(self, toml: str) -> None:
        """Add a section to the configuration, e.g. '[trust]\nprovider = "microsoft365"'."""
        self.config.write_text(self.config.read_text() + "\n" + toml + "\n")

    def application(self, *, to=None, cc=(), pieces=("dossier", "courrier", "visuels"), **kw) -> bytes:
        """An applicant's mail, by default a complete application To the first mailbox. Its dossier names the
        project (the subject): two projects' dossiers are two files (python-docx dates a document to the second,
        so two saved within one second are the same bytes), and the same dossier sent again is the same
        application (core/thread.py)."""
        dossier = samples.docx(f"Dossier d'intention\n{kw.get('subject', 'Candidature au label')}")
        files = {"dossier": ("Dossier d'intention.docx", dossier, "application/vnd.openxmlformats-"
                                                                  "officedocument.wordprocessingml.document"),
                 "courrier": ("Courrier signé au Maire.pdf", samples.pdf("Monsieur le Maire"), "application/pdf"),
                 "visuels": ("photo-projet.jpg", samples.jpeg(), "image/jpeg")}
        return samples.email(sender=kw.pop("sender", "Association Vélo <contact@velo.example>"),
                             to=list(to or [self.nb]), cc=list(cc), subject=kw.pop("subject", "Candidature au label"),
                             attachments=[files[p] for p in pieces], **kw)


@pytest.fixture
def intake(tmp_path, dovecot, mail_users, smtp_server, monkeypatch, database) -> Intake:
    """Two fresh mailboxes, the SMTP server; SQLite, or PostgreSQL for tests marked both_databases."""
    from servers import config_lines

    nb, db = mail_users("nb"), mail_users("db")
    since = (datetime.now(timezone.utc) - timedelta(days=2)).date().isoformat()
    monkeypatch.setenv("TEST_IMAP_PASSWORD", dovecot.password)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", smtp_server.password)
    config = tmp_path / "config.toml"
    config.write_text(f"""{config_lines(database)}
data_dir = "data"
rules_dir = "{PROJECT / 'rules'}"
templates_dir = "{PROJECT / 'templates'}"

[[mailboxes]]
name = "nb"
address = "{nb}"
host = "{dovecot.host}"
port = {dovecot.imap_port}
security = "starttls"
username = "{nb}"
password_env = "TEST_IMAP_PASSWORD"
ca_file = "{dovecot.ca_file}"
since = {since}
timeout = 10

[[mailboxes]]
name = "db"
address = "{db}"
host = "{dovecot.host}"
port = {dovecot.imaps_port}
security = "tls"
username = "{db}"
password_env = "TEST_IMAP_PASSWORD"
ca_file = "{dovecot.ca_file}"
since = {since}
timeout = 10

[smtp]
host = "{smtp_server.host}"
port = {smtp_server.port}
security = "starttls"
username = "{smtp_server.username}"
password_env = "TEST_SMTP_PASSWORD"
ca_file = "{smtp_server.ca_file}"
timeout = 10

[service]
name = "Ville de Béthune - Mission Smart City"
address = "Hôtel de ville, Place du 4 Septembre, BP 10711, 62407 Béthune"
email = "{nb}"
phone = "03 21 63 00 00"
""", encoding="utf-8")
    return Intake(config=config, nb=nb, db=db, dovecot=dovecot, smtp=smtp_server)


@pytest.fixture
def people(intake, mail_users) -> dict[str, str]:
    """Real mailboxes for an applicant (vera, paul) and an attacker (mallory); our mail reaches them through
    SMTP and LMTP (read them with `intake.inbox`)."""
    intake.smtp.deliver_to = intake.dovecot
    return {"vera": mail_users("vera"), "mallory": mail_users("mallory"), "paul": mail_users("paul")}
