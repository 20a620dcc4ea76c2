"""`intake poll` with nothing new says so without loading the database layer (intake/quickpoll.py), against
the real Dovecot; anything to do, and the full poll runs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.sqlite_only  # the quick check reads the SQLite file with the stdlib's sqlite3


def poll(intake) -> tuple[subprocess.CompletedProcess, bool]:
    """`intake poll` in a fresh process: its result, and whether it imported SQLAlchemy."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "intake", "--config", str(intake.config),
                           "poll"], capture_output=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return done, b" sqlalchemy\n" in done.stderr


def sql(intake, query: str, *args):
    """The test's own look at the database, closed at once (the stdlib's sqlite3, as the quick check)."""
    db = sqlite3.connect(intake.config.parent / "data" / "intake.db", timeout=30)
    try:
        with db:
            return db.execute(query, args).fetchall()
    finally:
        db.close()


def polled_at(intake) -> dict:
    return dict(sql(intake, "SELECT name, last_poll_at FROM mailboxstate"))


def test_a_poll_with_nothing_new_loads_no_database_layer_and_says_what_the_full_poll_says(intake):
    intake.deliver(intake.application(), intake.nb)
    done, full = poll(intake)
    assert full and len(intake.cases()) == 1 and len(intake.smtp.messages) == 1
    before = polled_at(intake)
    done, full = poll(intake)
    assert not full
    assert done.stdout.decode().splitlines() == [
        "nb : 0 nouveau, 0 classé, 0 ignoré, 0 copie, 0 en quarantaine (ok)",
        "db : 0 nouveau, 0 classé, 0 ignoré, 0 copie, 0 en quarantaine (ok)",
        "courriels : 0 envoyé, 0 en attente d'un nouvel essai, 0 en échec, 0 incertain, 0 annulé"]
    after = polled_at(intake)
    assert all(after[name] > before[name] for name in ("nb", "db"))  # the poll is recorded
    intake.deliver(intake.application(sender="autre@asso.example"), intake.db)
    done, full = poll(intake)  # new mail: the full poll
    assert full and len(intake.cases()) == 2 and "db : 1 nouveau, 1 classé" in done.stdout.decode()


def test_mail_due_in_the_outbox_or_changed_templates_take_the_full_poll(intake, tmp_path):
    intake.deliver(intake.application(), intake.nb)
    poll(intake)
    assert not poll(intake)[1]
    sql(intake, "UPDATE outbox SET status = 'pending', next_attempt_at = created_at")  # staff's resend, say
    done, full = poll(intake)
    assert full and "courriels : 1 envoyé" in done.stdout.decode() and len(intake.smtp.messages) == 2
    assert not poll(intake)[1]
    templates = tmp_path / "templates"  # an admin edits a template: checked again, by the full poll
    import shutil

    shutil.copytree(PROJECT / "templates", templates)
    intake.config.write_text(intake.config.read_text().replace(str(PROJECT / "templates"), str(templates)))
    assert poll(intake)[1]
    assert not poll(intake)[1]
