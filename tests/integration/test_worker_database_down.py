"""The worker (`intake run`) while its PostgreSQL server is down: each job that fails says so in one journal line,
in the words of `intake poll` (« erreur de la base de données … »), without a traceback; a bug keeps its traceback."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from test_console_database_down import own_postgres  # noqa: F401 - the fixture

from intake.app import open_app
from intake.config import load
from intake.worker import build_scheduler

PROJECT = Path(__file__).resolve().parents[2]


def test_jobs_that_meet_a_stopped_database_say_it_in_one_line_each(own_postgres, tmp_path, monkeypatch,  # noqa: F811
                                                                   caplog):
    database = own_postgres.new_database()
    monkeypatch.setenv("TEST_PG_PASSWORD", database.password)
    (tmp_path / "mail").mkdir()
    config = tmp_path / "config.toml"
    config.write_text(f"""
database_url = "{database.url}"
database_password_env = "TEST_PG_PASSWORD"
data_dir = "data"
outbox_dir = "outbox"
rules_dir = "{PROJECT / 'rules'}"
templates_dir = "{PROJECT / 'templates'}"
[[mailboxes]]
name = "nb"
address = "n.bataillon@ville-bethune.fr"
path = "mail"
since = 2026-11-01
[service]
name = "Ville de Béthune"
address = "Hôtel de Ville, 62400 Béthune"
email = "n.bataillon@ville-bethune.fr"
phone = "03 21 63 00 00"
""", encoding="utf-8")
    app = open_app(load(config))
    own_postgres.proc.send_signal(2)  # the server goes away
    own_postgres.proc.wait(20)
    caplog.set_level(logging.INFO)
    scheduler = build_scheduler(app)
    runner = threading.Thread(target=scheduler.start, daemon=True)
    runner.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len({r.getMessage().split()[1] for r in caplog.records
                                                if r.getMessage().startswith("job ")}) < 3:
        time.sleep(0.2)
    scheduler.shutdown(wait=True)
    runner.join(30)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    jobs = [r.getMessage() for r in errors if r.getMessage().startswith("job ")]
    assert {line.split()[1] for line in jobs} >= {"outbox", "followups"}, [r.getMessage() for r in errors]
    assert all("erreur de la base de données (OperationalError) : connection failed" in line for line in jobs), jobs
    assert [r.getMessage() for r in errors if r.exc_info] == []  # no traceback for a database that is down


def test_a_job_that_fails_on_a_bug_keeps_its_frames(caplog):
    from datetime import datetime, timezone

    from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent

    from intake.worker import _on_event

    try:
        {}["Dossier Jeanne Dupont.pdf"]
    except KeyError as exc:
        bug = exc
    _on_event(JobExecutionEvent(EVENT_JOB_ERROR, "digest", "default", datetime.now(timezone.utc), exception=bug))
    (record,) = caplog.records
    assert record.exc_info is not None and record.getMessage() == ("job digest failed: erreur inattendue KeyError; "
                                                                   "it will run again on schedule")
