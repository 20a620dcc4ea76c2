"""Which database errors are « the database does not answer » (the console's 503 page, the command line's « la base
de données est inutilisable pour l'instant », one journal line without a traceback) and which are a fault of intake's
own query, said as a bug (500, its frames in the journal). The drivers put both under OperationalError: SQLite's
« no such column », « no such table » and syntax errors are OperationalErrors (SQLITE_ERROR), as are PostgreSQL's
« statement too complex » and a deadlock; all of them were told to staff as a database that does not answer."""

from __future__ import annotations

import sqlite3

import psycopg
import psycopg.errors as pg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from intake.adapters.failures import database_unavailable


def _raised(engine, statement: str) -> DBAPIError:
    with pytest.raises(DBAPIError) as raised, engine.connect() as c:
        c.execute(text(statement))
    return raised.value


@pytest.fixture
def sqlite(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'intake.db'}", connect_args={"timeout": 0.05})
    with engine.begin() as c:
        c.execute(text("CREATE TABLE piece (id INTEGER PRIMARY KEY, sha256 TEXT)"))
    yield engine
    engine.dispose()


@pytest.mark.parametrize("statement", ["SELECT * FROM no_such_table", "SELECT no_such_column FROM piece",
                                       "SELEC 1 FROM piece"])
def test_a_query_sqlite_refuses_is_a_bug_not_a_database_down(sqlite, statement):
    exc = _raised(sqlite, statement)
    assert isinstance(exc, OperationalError)  # as the driver says it: the reason it was taken for an outage
    assert not database_unavailable(exc)


def test_sqlite_locked_past_its_wait_does_not_answer(sqlite, tmp_path):
    holder = sqlite3.connect(tmp_path / "intake.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing, for longer than the wait (timeout)
    try:
        exc = _raised(sqlite, "SELECT * FROM piece")
    finally:
        holder.close()
    assert "database is locked" in str(exc) and database_unavailable(exc)


def test_a_sqlite_file_that_cannot_be_opened_or_a_full_disk_does_not_answer(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'gone' / 'intake.db'}")
    exc = _raised(engine, "SELECT 1")
    assert "unable to open database file" in str(exc) and database_unavailable(exc)
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13
    assert database_unavailable(OperationalError("INSERT ...", {}, full))


@pytest.mark.parametrize("error", [psycopg.OperationalError("connection failed: Connection refused"),
                                   pg.AdminShutdown("terminating connection due to administrator command"),
                                   pg.CannotConnectNow("the database system is starting up"),
                                   pg.DiskFull("could not extend file"), pg.TooManyConnections("too many clients"),
                                   pg.LockNotAvailable("canceling statement due to lock timeout"),
                                   pg.QueryCanceled("canceling statement due to statement timeout")],
                         ids=lambda e: type(e).__name__)
def test_a_postgresql_server_stopped_unreachable_full_or_busy_does_not_answer(error):
    assert database_unavailable(OperationalError("SELECT ...", {}, error))


@pytest.mark.parametrize("error", [pg.ProgramLimitExceeded("statement is too complex"),
                                   pg.DeadlockDetected("deadlock detected")], ids=lambda e: type(e).__name__)
def test_a_postgresql_error_the_query_caused_is_a_bug(error):
    assert not database_unavailable(OperationalError("SELECT ...", {}, error))


def test_what_is_no_operational_error_is_not_a_database_down():
    assert not database_unavailable(DBAPIError("SELECT ...", {}, pg.UndefinedColumn("column x does not exist")))
    assert not database_unavailable(ValueError("x"))


def test_the_worker_keeps_the_frames_of_a_query_the_database_refused_and_none_for_a_database_locked(sqlite, tmp_path,
                                                                                                   caplog):
    """A job of `intake run` that failed: a database that does not answer is one line; a query it refused is a bug,
    with its frames (their types, never their texts: cli/output.py SafeFormatter) to find it."""
    from datetime import datetime, timezone

    from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent

    from intake.worker import _on_event

    bug = _raised(sqlite, "SELECT no_such_column FROM piece")
    holder = sqlite3.connect(tmp_path / "intake.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        locked = _raised(sqlite, "SELECT * FROM piece")
    finally:
        holder.close()
    for exc in (bug, locked):
        _on_event(JobExecutionEvent(EVENT_JOB_ERROR, "outbox", "default", datetime.now(timezone.utc), exception=exc))
    said_bug, said_locked = caplog.records
    assert said_bug.exc_info is not None and said_locked.exc_info is None
