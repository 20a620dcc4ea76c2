"""The database: the engine (SQLite or PostgreSQL), the session, and the migrations applied on start.

The tables are in intake/store/tables.py, the migrations in intake/store/migrations/ (Alembic), the
queries in the other modules of intake/store/.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine


def make_engine(url: str, password: str = "") -> Engine:
    """`hide_parameters`: a failing statement's error would quote the values it was writing ([parameters: ...]: an
    applicant's name, a title, a dossier's fields, an address), and that text reaches the journal (beyond the
    purge and an erasure), a mailbox's last error (the digest, the console) and a quarantine reason."""
    if url.startswith("postgresql"):
        from sqlalchemy.engine import make_url

        target = make_url(url).set(password=password) if password else make_url(url)
        # a worker's threads (jobs, IDLE watchers) each hold a lock connection beside their session
        engine = create_engine(target, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=True,
                               connect_args={"connect_timeout": 15, "application_name": "intake"})
        event.listen(engine, "connect", _no_nul_in_text)
        return engine
    if url.startswith("sqlite:///"):
        from intake.adapters.storage import private_dir

        path = Path(url.removeprefix("sqlite:///"))
        private_dir(path.parent)
        # SQLite gives its -wal and -shm files the database file's mode: create it 0600 first
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
    if url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA secure_delete=ON")  # deleted personal data is overwritten, not left in free pages
            cursor.close()

        @event.listens_for(engine, "checkin")
        def _durable_again(dbapi_connection, record):
            if record.info.pop("relaxed", False):  # see relax_durability
                dbapi_connection.execute("PRAGMA synchronous=FULL")
    return engine


def relax_durability(s: Session) -> None:
    """Let this transaction's commit skip the disk flush (SQLite: `synchronous=NORMAL` for it alone; the
    connection is set back before anyone else gets it). For a transaction that records what is done again
    the same way when it is lost: a power cut may lose it (never a crash of intake, never the database's
    consistency), and the message is fetched and decided again. The next durable commit, by any connection,
    flushes it too (WAL: one file): the outbox claims a mail in such a commit before it sends it
    (pipeline/send.py), so nothing about a lost transaction ever left the service. Call it before the
    transaction's first write."""
    if s.get_bind().dialect.name != "sqlite":
        return
    pooled = s.connection().connection
    # on the driver's connection: a setting, no result; through SQLAlchemy's execution it cost as much as a query
    driver = pooled.driver_connection
    assert driver is not None  # a connection checked out of the pool and in use has its driver's
    driver.execute("PRAGMA synchronous=NORMAL")
    pooled.info["relaxed"] = True


def _no_nul_in_text(dbapi_connection, _record) -> None:
    """PostgreSQL text cannot hold U+0000 (SQLite can): drop it from every string, whatever column it goes to.

    Text comes from mail (subjects, names, document fields): one NUL byte must not stop a mailbox.
    """
    from psycopg.types import string

    # the same dumpers in the same order as psycopg's own registration (the last one is the default)
    for base in (string.StrBinaryDumperName, string.StrBinaryDumperVarchar, string.StrBinaryDumper,
                 string.StrDumperName, string.StrDumperVarchar, string.StrDumper, string.StrDumperUnknown):
        class NulFree(base):  # type: ignore[misc, valid-type]
            def dump(self, obj, _base=base):
                return _base.dump(self, obj.replace("\x00", "") if "\x00" in obj else obj)

        dbapi_connection.adapters.register_dumper(str, NulFree)


def schema_is_current(engine: Engine) -> bool:
    """Whether the database is at the newest migration (one query; Alembic is imported only to migrate)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from intake.store.revision import head_revision

    head = head_revision()
    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no table yet: a new database
        return False
    return bool(head) and current == [head]


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (run on every start)."""
    if schema_is_current(engine):
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # A batch migration copies a table, drops the old one and renames the copy: other tables' (and a
            # table's own) foreign keys must not be enforced meanwhile (Alembic's batch docs, SQLite's "ALTER
            # TABLE"); the pragma only works outside a transaction. They are checked before the commit.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                if sqlite:
                    # Python's sqlite3 opens no transaction before DDL: each CREATE/ALTER would be committed
                    # alone, and a process killed mid-migration would leave tables without the revision that
                    # made them (no start would ever succeed again). One transaction for the whole upgrade,
                    # taken for writing at once, so that a second process starting meanwhile waits for it.
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                if engine.dialect.name == "postgresql":  # two workers starting together: one migrates, the other waits
                    from sqlalchemy import text

                    from intake.adapters.lock import advisory_key

                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key("migrate")})
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration left rows pointing at nothing: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)
