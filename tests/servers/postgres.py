"""A throwaway PostgreSQL cluster on a random loopback port, like :mod:`servers.dovecot`.

``initdb`` + ``postgres`` from Debian's ``postgresql`` package (the newest
``/usr/lib/postgresql/*/bin``), in a ``tempfile.mkdtemp()`` directory, run as
``nobody:nogroup`` when the tests run as root (PostgreSQL refuses to run as
root), otherwise as the current user.  Durability is switched off (fsync,
synchronous_commit, full_page_writes): the cluster lives for one test session.

Connections over TCP need a password (scram-sha-256), as on a real server, so
the tests exercise ``database_password_env``.  Every test gets its own database
(:meth:`Postgres.new_database`), dropped when it ends.
"""

from __future__ import annotations

import contextlib
import glob
import grp
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import free_ports

INSTALL_HINT = ("PostgreSQL is not installed: run `bash scripts/test.sh` (it installs Debian's postgresql), "
                "or apt-get install -y postgresql")


def find_bin() -> Path:
    """The newest /usr/lib/postgresql/N/bin holding initdb and postgres, or fail with the install hint."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        pytest.fail(INSTALL_HINT, pytrace=False)
    return Path(found[-1]).parent


@dataclass(frozen=True)
class Database:
    """One database of the test cluster, owned by the role ``intake`` (password: :attr:`password`)."""

    name: str
    url: str  # postgresql+psycopg://intake@127.0.0.1:PORT/NAME, without the password
    password: str


class Postgres:
    host = "127.0.0.1"
    superuser = "postgres"
    role = "intake"

    def __init__(self) -> None:
        self.bin = find_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="intake-postgres-"))
        self.data = self.dir / "data"
        (self.port,) = free_ports(1, self.host)
        self.super_password = uuid.uuid4().hex
        self.password = uuid.uuid4().hex  # the application role's
        self.proc: subprocess.Popen[bytes] | None = None
        if os.geteuid() == 0:
            pw = pwd.getpwnam("nobody")
            self._uid, self._gid = pw.pw_uid, grp.getgrnam("nogroup").gr_gid
            self._run_as: dict = {"user": self._uid, "group": self._gid, "extra_groups": []}
        else:
            self._uid, self._gid, self._run_as = os.getuid(), os.getgid(), {}

    def __enter__(self) -> "Postgres":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ lifecycle
    def start(self, timeout: float = 30.0) -> None:
        try:
            self._initdb()
            for _attempt in range(3):
                if self._launch(timeout):
                    self._admin(f"CREATE ROLE {self.role} LOGIN PASSWORD '{self.password}'")
                    return
                (self.port,) = free_ports(1, self.host)
            self._fail("the port kept being taken (Address already in use)")
        except BaseException:
            self.stop()
            raise

    def _initdb(self) -> None:
        os.chmod(self.dir, 0o755)
        pwfile = self.dir / "pwfile"
        pwfile.write_text(self.super_password + "\n")
        os.chown(self.dir, self._uid, self._gid)
        os.chown(pwfile, self._uid, self._gid)
        result = subprocess.run(
            [str(self.bin / "initdb"), "-D", str(self.data), "-U", self.superuser, "--pwfile", str(pwfile),
             "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, cwd=self.dir, **self._run_as)
        pwfile.unlink()
        if result.returncode:
            self._fail(f"initdb exited {result.returncode}: {result.stdout}{result.stderr}")

    def _launch(self, timeout: float) -> bool:
        log = open(self.dir / "postgres.log", "wb")
        if os.geteuid() == 0:
            os.chown(self.dir / "postgres.log", self._uid, self._gid)
        self.proc = subprocess.Popen(
            [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.dir),
             "-c", f"listen_addresses={self.host}", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=32MB"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=self.dir, **self._run_as)
        log.close()
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.proc = None
                if "Address already in use" in self.logs():
                    return False
                self._fail("postgres exited")
            try:
                self._admin("SELECT 1")
                return True
            except Exception as exc:  # noqa: BLE001 - not up yet
                last = exc
                time.sleep(0.1)
        self._fail(f"no answer within {timeout}s ({last})")
        return False

    def _fail(self, why: str) -> None:
        logs = self.logs()
        self.stop()
        pytest.fail(f"PostgreSQL did not start: {why}\n{logs}", pytrace=False)

    def logs(self) -> str:
        with contextlib.suppress(OSError):
            return (self.dir / "postgres.log").read_text(errors="replace")[-4000:]
        return ""

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(2)  # SIGINT: fast shutdown
                try:
                    self.proc.wait(20)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(10)
            self.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)

    # ------------------------------------------------------------------ databases
    def _admin(self, sql: str, dbname: str = "postgres"):
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.superuser, password=self.super_password,
                             dbname=dbname, autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else None

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://{self.role}@{self.host}:{self.port}/{name}"

    def new_database(self) -> Database:
        name = f"intake_{uuid.uuid4().hex[:12]}"
        self._admin(f"CREATE DATABASE {name} OWNER {self.role}")
        return Database(name=name, url=self.url(name), password=self.password)

    def drop_database(self, name: str) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def sql(self, database: Database, statement: str):
        """Run one statement as the superuser in `database` (for assertions and fault injection)."""
        return self._admin(statement, database.name)


def config_lines(db: Database | None, password_env: str = "TEST_DB_PASSWORD") -> str:
    """The config.toml lines that point intake at ``db`` (none for SQLite: the default file in data_dir)."""
    if db is None:
        return ""
    return f'database_url = "{db.url}"\ndatabase_password_env = "{password_env}"\n'
