"""The database layer on SQLite and on a real PostgreSQL: migrations, identical schemas, references, locks."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import BigInteger, inspect, text
from sqlmodel import SQLModel, select

from intake.adapters.lock import Locks
from intake.store.cases import next_number as next_case_number
from intake.store.database import make_engine, migrate, session
from intake.store.tables import Inbound, RefCounter

PROJECT = Path(__file__).resolve().parents[2]


def engine_for(backend, database, tmp_path):
    if backend == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'intake.db'}")
    return make_engine(database.url, database.password)


# an index on lower(applicant_name): the inspectors of SQLite and Alembic's comparison skip it (_expression_indexes)
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
@pytest.mark.both_databases
def test_migrations_create_exactly_the_models_schema(backend, database, tmp_path):
    engine = engine_for(backend, database, tmp_path)
    migrate(engine)
    migrate(engine)  # a second start is a no-op
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                SQLModel.metadata)
    assert diff == [], "models changed without a migration: add one in intake/migrations/versions"


def _default(value) -> str | None:
    """A server default as both databases would agree on it: no quotes, no casts, booleans as 0/1."""
    if value is None or str(value).startswith("nextval("):  # PostgreSQL's serial key = SQLite's rowid
        return None
    value = re.sub(r"::[a-z ]+$", "", str(value)).strip("'")
    return {"false": "0", "true": "1"}.get(value, value)


def _expression_indexes(engine, table: str) -> list[tuple[str, tuple[str, ...], bool]]:
    """SQLite's indexes on an expression (lower(applicant_name)), which its inspector skips; PostgreSQL's inspector
    lists them, their column an expression (None)."""
    if engine.dialect.name != "sqlite":
        return []
    with engine.connect() as conn:
        listed = conn.exec_driver_sql(f"PRAGMA index_list('{table}')").all()  # seq, name, unique, origin, partial
        out = []
        for _seq, name, unique, _origin, _partial in listed:
            columns = conn.exec_driver_sql(f"PRAGMA index_info('{name}')").all()  # seqno, cid, name (None: expression)
            if any(c[2] is None for c in columns):
                out.append((name, tuple(c[2] or "(expression)" for c in columns), bool(unique)))
    return out


def schema(engine) -> dict:
    """Everything the migrations decide, in words both databases use."""
    found = inspect(engine)
    out = {}
    for table in sorted(found.get_table_names()):
        if table == "alembic_version":
            continue
        out[table] = {
            "columns": {c["name"]: (type(c["type"].as_generic()).__name__, c["nullable"], _default(c["default"]))
                        for c in found.get_columns(table)},
            "primary key": tuple(found.get_pk_constraint(table)["constrained_columns"]),
            "unique": sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(table)),
            "indexes": sorted([(i["name"], tuple(c or "(expression)" for c in i["column_names"]), bool(i["unique"]))
                               for i in found.get_indexes(table)
                               if "duplicates_constraint" not in i]  # PostgreSQL lists UNIQUE as an index too
                              + _expression_indexes(engine, table)),
            "foreign keys": sorted((tuple(f["constrained_columns"]), f["referred_table"],
                                    tuple(f["referred_columns"]), (f.get("options") or {}).get("ondelete"))
                                   for f in found.get_foreign_keys(table)),
        }
    return out


# an index on lower(applicant_name): the inspectors of SQLite and Alembic's comparison skip it (_expression_indexes)
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_the_migrations_leave_identical_schemas_on_sqlite_and_postgresql(postgres, tmp_path):
    lite = make_engine(f"sqlite:///{tmp_path / 'intake.db'}")
    db = postgres.new_database()
    try:
        pg = make_engine(db.url, db.password)
        migrate(lite)
        migrate(pg)
        ours, theirs = schema(lite), schema(pg)
        assert set(ours) == set(SQLModel.metadata.tables)
        for table in ours:
            assert ours[table] == theirs[table], table
        pg.dispose()
    finally:
        postgres.drop_database(db.name)


def _alembic(engine, target: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(PROJECT / "intake" / "store" / "migrations"))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, target)


@pytest.mark.both_databases
def test_an_existing_database_upgrades_and_its_references_go_on(backend, database, tmp_path):
    """A database filed by the previous version: the counter starts after every number already given,
    including the references of cases merged into others and the statistics lines of deleted cases."""
    engine = engine_for(backend, database, tmp_path)
    _alembic(engine, "0007")
    with engine.begin() as connection:
        for year, seq in ((2025, 3), (2026, 1), (2026, 7)):
            connection.execute(text(
                "INSERT INTO \"case\" (reference, year, seq, status, status_reason, applicant, applicant_name, "
                "title, reply_from, attention, fields, received_at, created_at, updated_at) VALUES "
                "(:ref, :year, :seq, 'incomplete', '', 'a@x.example', '', '', 'nb@x.example', '', '{}', "
                ":now, :now, :now)"), {"ref": f"BSC-{year}-{seq:04d}", "year": year, "seq": seq,
                                       "now": datetime(2026, 1, 2)})
        survivor = connection.execute(text("SELECT id FROM \"case\" WHERE seq = 7")).scalar()
        connection.execute(text("INSERT INTO casealias (reference, year, seq, case_id, merged_at, actor) VALUES "
                                "('BSC-2025-0009', 2025, 9, :id, :now, 'Nadia')"),
                           {"id": survivor, "now": datetime(2026, 1, 3)})
        connection.execute(text(
            "INSERT INTO casestat (reference, year, seq, status, statuses, received_at, deleted_at, pieces, "
            "messages, mails, category, theme, rule) VALUES ('BSC-2024-0012', 2024, 12, 'declined', '', :now, :now, "
            "0, 0, 0, '', '', 'effacement')"), {"now": datetime(2026, 1, 4)})
    migrate(engine)
    with session(engine) as s:
        assert {r.year: r.last_seq for r in s.exec(select(RefCounter))} == {2024: 12, 2025: 9, 2026: 7}
        assert [next_case_number(s, 2024), next_case_number(s, 2025), next_case_number(s, 2026),
                next_case_number(s, 2027)] == [13, 10, 8, 1]
        s.commit()


@pytest.mark.both_databases
def test_concurrent_writers_never_get_the_same_case_number(backend, database, tmp_path):
    engine = engine_for(backend, database, tmp_path)
    migrate(engine)
    got: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def writer():
        try:
            start.wait()
            for _ in range(15):
                with session(engine) as s:
                    got.append(next_case_number(s, 2026))
                    s.commit()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sorted(got) == list(range(1, 61))


def test_imap_uids_above_two_to_the_31_fit_on_postgresql(postgres, tmp_path):
    """IMAP UIDs and UIDVALIDITY are unsigned 32-bit: PostgreSQL's INTEGER stops at 2**31 - 1."""
    db = postgres.new_database()
    try:
        engine = make_engine(db.url, db.password)
        migrate(engine)
        big = 2**32 - 1
        with session(engine) as s:
            s.add(Inbound(mailbox="nb", folder="INBOX", uidvalidity=big, uid=big, identity="mid:<x@y>",
                          internal_date=datetime.now(timezone.utc), fate="ignored",
                          created_at=datetime.now(timezone.utc)))
            s.commit()
            assert s.exec(select(Inbound.uid)).one() == big
        assert isinstance(Inbound.__table__.c.uid.type, BigInteger)
        engine.dispose()
    finally:
        postgres.drop_database(db.name)


def test_text_with_a_nul_character_is_stored_on_postgresql(postgres):
    """SQLite keeps U+0000 in text, PostgreSQL refuses it: one such subject must not stop a mailbox."""
    db = postgres.new_database()
    try:
        engine = make_engine(db.url, db.password)
        migrate(engine)
        with session(engine) as s:
            s.add(Inbound(mailbox="nb", folder="INBOX", uidvalidity=1, uid=1, identity="mid:<a\x00b@y>",
                          subject="Candidature\x00 au label", reason="x\x00", internal_date=datetime.now(timezone.utc),
                          fate="ignored", created_at=datetime.now(timezone.utc)))
            s.commit()
            row = s.exec(select(Inbound).where(Inbound.identity == "mid:<a\x00b@y>")).one()
        assert (row.subject, row.reason) == ("Candidature au label", "x")
        engine.dispose()
    finally:
        postgres.drop_database(db.name)


def test_sqlite_uses_wal_and_enforces_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'intake.db'}")
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_relaxed_transaction_commits_without_a_flush_and_the_next_durable_one_with_it(tmp_path):
    """SQLite: a transaction that relaxes its durability (a newsletter's ledger line) commits at synchronous=NORMAL;
    any other transaction after it on the same connection commits at FULL, session or not."""
    from sqlalchemy import event

    from intake.store.database import relax_durability

    engine = make_engine(f"sqlite:///{tmp_path / 'intake.db'}")
    migrate(engine)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    levels = []
    event.listen(engine, "commit", lambda c: levels.append(c.connection.dbapi_connection.execute(
        "PRAGMA synchronous").fetchone()[0]))

    def write(relaxed: bool) -> None:
        with session(engine) as s:
            s.execute(text("SELECT count(*) FROM t")).scalar()
            if relaxed:
                relax_durability(s)
            s.execute(text("INSERT INTO t VALUES (1)"))
            s.commit()

    for relaxed in (True, True, False, True, False):
        write(relaxed)
    with engine.begin() as connection:  # not a session
        connection.execute(text("INSERT INTO t VALUES (2)"))
    assert levels == [1, 1, 2, 1, 2, 2]  # NORMAL, FULL


HOLDER = """
import sys, time
from pathlib import Path
from intake.store.database import make_engine
from intake.adapters.lock import Locks
url, password, data_dir = sys.argv[1:4]
with Locks(make_engine(url, password), Path(data_dir)).exclusive("poll:nb") as taken:
    print("taken" if taken else "busy", flush=True)
    time.sleep(60)
"""


@pytest.mark.both_databases
def test_a_lock_is_held_across_processes_and_freed_when_its_holder_is_killed(backend, database, tmp_path):
    engine = engine_for(backend, database, tmp_path)
    migrate(engine)
    url = str(engine.url.render_as_string(hide_password=True)) if database else f"sqlite:///{tmp_path / 'intake.db'}"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, url, database.password if database else "",
                               str(tmp_path / "data")], stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONPATH=str(PROJECT)))
    try:
        assert holder.stdout.readline().strip() == "taken"
        locks = Locks(engine, tmp_path / "data")
        with locks.exclusive("poll:nb") as taken:
            assert taken is False
        with locks.exclusive("poll:db") as taken:  # another name is another lock
            assert taken is True
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        deadline = datetime.now().timestamp() + 10
        while True:  # PostgreSQL notices the dead connection within moments
            with locks.exclusive("poll:nb") as taken:
                if taken or datetime.now().timestamp() > deadline:
                    break
        assert taken is True
    finally:
        holder.kill()
        holder.wait(10)


def test_an_unreachable_database_or_a_wrong_password_is_one_clear_line(postgres, tmp_path, monkeypatch):
    from localsite import make_local
    from servers import Database, free_ports

    (closed,) = free_ports(1)
    db = postgres.new_database()
    try:
        for url, password in ((db.url, "wrong"), (f"postgresql+psycopg://intake@127.0.0.1:{closed}/x", db.password)):
            root = tmp_path / str(len(list(tmp_path.iterdir())))
            root.mkdir()
            local = make_local(root, Database(name="x", url=url, password=password))
            (root / "data").mkdir()  # else cases says that data_dir does not exist yet, before any database
            monkeypatch.setenv("TEST_DB_PASSWORD", password)
            code, out = local.cli("cases")
            assert code == 1, out
            assert out.startswith("intake: ") and "database_url: impossible d'utiliser la base de données" in out, out
            assert len(out.strip().splitlines()) == 1 and "Traceback" not in out
            assert password not in out
        monkeypatch.delenv("TEST_DB_PASSWORD")
        code, out = local.cli("cases")
        assert code == 2 and "database_password_env: la variable d'environnement TEST_DB_PASSWORD n'est pas " \
            "définie" in out
    finally:
        postgres.drop_database(db.name)


_MIGRATE = "import sys\nfrom intake.store.database import make_engine, migrate\nmigrate(make_engine(sys.argv[1]))\n"


def test_a_process_killed_while_it_creates_the_schema_leaves_one_that_the_next_start_finishes(tmp_path):
    """SQLite commits DDL statement by statement unless told otherwise: a first start killed mid-migration left
    tables without their revision, and no start succeeded again ("table case already exists")."""
    import random
    import time

    rng = random.Random(7)
    for n in range(12):
        url = f"sqlite:///{tmp_path}/run{n}/intake.db"
        wal = tmp_path / f"run{n}" / "intake.db-wal"
        proc = subprocess.Popen([sys.executable, "-c", _MIGRATE, url])
        deadline = time.monotonic() + 30
        while not wal.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)  # the migration has begun writing...
        time.sleep(rng.uniform(0, 0.4))  # ...and is killed somewhere in it (it takes about 0.35 s)
        proc.kill()
        proc.wait(10)
        again = subprocess.run([sys.executable, "-c", _MIGRATE, url], capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, f"run {n}: {again.stderr[-600:]}"
        engine = make_engine(url)
        with engine.connect() as c:
            assert c.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
        engine.dispose()


def test_a_polled_application_commits_without_a_flush_and_its_mail_leaves_after_one(local):
    """SQLite: the poller's transactions skip the disk flush (a power cut may lose the last ones: the messages are
    fetched again and decided the same way); the outbox claims the acknowledgement in a flushed commit, which
    flushes the case's too, before the mail is written to the relay: nothing about a lost case ever left."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not str(local.app().settings.database_url).startswith("sqlite"):
        pytest.skip("PostgreSQL: durability is the server's")
    local.drop("nb", "1.eml", local.application(sender="Asso <asso@velo.example>"))
    commits: list[tuple[int, int]] = []  # (synchronous level, mails written to the relay so far)

    def seen(connection) -> None:
        level = connection.connection.dbapi_connection.execute("PRAGMA synchronous").fetchone()[0]
        commits.append((level, len(list((local.root / "outbox").glob("*.eml")))))

    event.listen(Engine, "commit", seen)
    try:
        assert local.cli("poll")[0] == 0
    finally:
        event.remove(Engine, "commit", seen)
    assert len(local.sent()) == 1
    first_sent = next(i for i, (_, mails) in enumerate(commits) if mails)
    assert any(level == 1 for level, _ in commits[:first_sent])  # the filing: NORMAL
    assert commits[first_sent - 1][0] == 2, commits  # the claim just before the mail left: FULL


@pytest.mark.both_databases
def test_the_quarantines_first_page_and_its_total_come_from_one_query(backend, database, tmp_path):
    """The console's quarantine page lists the oldest messages and says how many there are in all: one query
    (a window count taken before the limit), not a second one that could count a quarantine grown meanwhile."""
    from sqlalchemy import event

    from intake.store import ledger

    engine = engine_for(backend, database, tmp_path)
    migrate(engine)
    now = datetime.now(timezone.utc)
    with session(engine) as s:
        for uid in range(1, 6):
            s.add(Inbound(mailbox="nb", folder="INBOX", uidvalidity=1, uid=uid, identity=f"mid:<{uid}@y>",
                          internal_date=now, fate="quarantined" if uid != 3 else "ignored", created_at=now))
        s.commit()
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with session(engine) as s:
        rows, total = ledger.quarantined_first(s, 2)
        assert ([r.uid for r in rows], total) == ([1, 2], 4)
        assert len(statements) == 1, statements
        assert ledger.quarantined_first(s, 10)[1] == 4
    with session(engine) as s:
        s.exec(text("UPDATE inbound SET fate = 'ignored'"))
        s.commit()
        assert ledger.quarantined_first(s, 2) == ([], 0)
    engine.dispose()


def _plan(engine, query, marker: str) -> str:
    """SQLite's plan for the statement `query(session)` runs whose SQL holds `marker`, with its own parameters."""
    from sqlalchemy import event

    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, sql, values, *_):
        seen.append((sql, values))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with session(engine) as s:
            query(s)
            sql, values = next((sql, values) for sql, values in seen if marker in sql.lower())
            return " ".join(str(row[-1]) for row in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", values))
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_the_per_message_lookups_read_indexes_not_tables_on_sqlite(tmp_path):
    """Every message that could open a case counts the day's acknowledgements (store/outbox.py `of_kind_since`), and
    every message with files from a sender without an open case looks for open cases under its display name
    (store/applicants.py `open_cases_named`). SQLite keeps a row's columns in order, and an outbox row's status comes
    after the mail's bytes: read from the row, each mail of the day was walked through (0.9 ms a count at 400 a day);
    the display name was compared in every case. Each is answered from an index."""
    from intake.store import applicants, outbox
    from intake.store.tables import Case

    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    migrate(engine)
    plan = _plan(engine, lambda s: outbox.of_kind_since(s, "acknowledgement", datetime.now(timezone.utc)), "count")
    assert "COVERING INDEX ix_outbox_kind_created_at_status" in plan, plan
    plan = _plan(engine, lambda s: outbox.of_kinds_since(s, ("acknowledgement", "update"), datetime.now(timezone.utc)),
                 "count")  # and all automatic mail to applicants (core/replies.py `busy`)
    assert "COVERING INDEX ix_outbox_kind_created_at_status" in plan, plan
    plan = _plan(engine, lambda s: applicants.open_cases_named(s, "Jean Dupont", "x@asso.example", ("incomplete",)),
                 f'from "{Case.__tablename__}"')
    assert "USING INDEX ix_case_lower_applicant_name" in plan, plan


def test_what_a_sender_and_a_domain_added_to_the_store_is_read_by_index_on_sqlite(tmp_path):
    """Every message that could be filed from a sender the town's server did not authenticate sums what its sender's
    and its domain's mail added to the store in 24 hours (store/ledger.py `stored_since`): by index, not by reading
    the whole ledger."""
    from intake.store import correspondents, ledger

    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    migrate(engine)
    plan = _plan(engine, lambda s: ledger.stored_since(s, "x@asso.example", "asso.example",
                                                       datetime.now(timezone.utc)), "stored_bytes")
    assert "INDEX ix_inbound_from_addr" in plan and "INDEX ix_inbound_stored_domain_created_at" in plan, plan
    assert "INDEX ix_inbound_created_at_stored_bytes" in plan, plan  # every sender's together
    plan = _plan(engine, lambda s: ledger.added_since(s, "x@asso.example", datetime.now(timezone.utc)),
                 "added_bytes")  # and what a sender's mail added, authenticated or not: from the index alone
    assert "COVERING INDEX ix_inbound_from_addr_created_at_added_bytes" in plan, plan
    plan = _plan(engine, lambda s: correspondents.unauthenticated_cases_opened(s, False, datetime.now(timezone.utc)),
                 "count")  # and every unauthenticated sender's new cases of the day
    assert "INDEX ix_caseaddress_created_at" in plan, plan
    engine.dispose()
