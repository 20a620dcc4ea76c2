"""A local installation for the tests: two folders as mailboxes, a folder as the SMTP relay, a real SQLite file."""

from __future__ import annotations

import email
import email.policy
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner
from installs import JsonCommands

from intake.app import App, open_app
from intake.cli import main
from intake.commands import samples
from intake.config import load

PROJECT = Path(__file__).resolve().parents[2]
NB, DB = "n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"


@dataclass
class Local(JsonCommands):
    root: Path

    @property
    def config(self) -> Path:
        return self.root / "config.toml"

    def drop(self, box: str, name: str, raw: bytes) -> None:
        (self.root / box / name).write_bytes(raw)

    def cli(self, *args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["--config", str(self.config), *args])
        return result.exit_code, result.output

    def app(self, at: datetime | None = None) -> App:
        return open_app(load(self.config), clock=(lambda: at) if at else None)

    def sent(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                for p in sorted((self.root / "outbox").glob("*.eml"))]

    def application(self, sender="Asso <asso@x.example>", pieces=("dossier", "courrier", "visuels"), **kw) -> bytes:
        """An application; its dossier names the project (the subject): two projects' dossiers are two files, and
        the same dossier sent again is the same application (core/thread.py)."""
        subject = kw.get("subject", "Candidature")
        files = {"dossier": ("dossier.pdf", samples.pdf(f"Dossier d'intention\n{subject}"), "application/pdf"),
                 "courrier": ("courrier maire.pdf", samples.pdf("lettre"), "application/pdf"),
                 "visuels": ("photo.jpg", samples.jpeg(), "image/jpeg"),
                 "scan": ("scan_0001.pdf", samples.pdf("scan"), "application/pdf")}
        return samples.email(sender=sender, to=[NB], subject=kw.pop("subject", "Candidature"),
                             attachments=[files[p] for p in pieces], **kw)


def make_local(root: Path, database=None) -> Local:
    """Two mailbox folders, the config (outbox into a folder, digest to both addresses); the database is
    the SQLite file in data_dir, or `database` (a servers.Database on the test PostgreSQL)."""
    from servers import config_lines

    for box in ("nb", "db"):
        (root / box).mkdir()
    (root / "config.toml").write_text(f"""{config_lines(database)}
data_dir = "data"
outbox_dir = "outbox"
rules_dir = "{PROJECT / 'rules'}"
templates_dir = "{PROJECT / 'templates'}"
[[mailboxes]]
name = "nb"
address = "{NB}"
path = "nb"
since = 2000-01-01
[[mailboxes]]
name = "db"
address = "{DB}"
path = "db"
since = 2000-01-01
[service]
name = "Mission Smart City"
address = "Hôtel de ville, Place du 4 Septembre, BP 10711, 62407 Béthune"
email = "{NB}"
phone = "03 21 63 00 00"
[digest]
recipients = ["{NB}", "{DB}"]
time = "08:30"
""", encoding="utf-8")
    return Local(root)


def with_own_rules(local: Local) -> Local:
    """`local` given its own copy of the project's rules/ and templates/ (beside config.toml, named relative to it),
    for a test to edit as the admin would."""
    root = local.root
    shutil.copytree(PROJECT / "rules", root / "rules")
    shutil.copytree(PROJECT / "templates", root / "templates")
    text = local.config.read_text(encoding="utf-8")
    text = text.replace(f'rules_dir = "{PROJECT / "rules"}"', 'rules_dir = "rules"')
    text = text.replace(f'templates_dir = "{PROJECT / "templates"}"', 'templates_dir = "templates"')
    local.config.write_text(text, encoding="utf-8")
    return local
