from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Make tests/servers importable as ``servers`` whatever pytest's import mode is.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import Database, Dovecot, Postgres, SmtpServer, TokenServer, make_self_signed_cert  # noqa: E402


# --------------------------------------------------------------------------- collector
@pytest.fixture(autouse=True)
def _heap_of_earlier_tests_frozen() -> Iterator[None]:
    """The objects earlier tests left alive are held out of the garbage collector's walks while a test runs, and
    given back after it. Tests that bound a piece of work's CPU time (a quadratic path takes minutes, the linear one
    a fraction of a second) otherwise pay for collections walking the whole suite's heap: in a full run one took
    2.08 s for 0.2 s alone and failed (tests/unit/test_outlook.py)."""
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# --------------------------------------------------------------------------- test servers
@pytest.fixture(scope="session")
def token_server() -> Iterator[TokenServer]:
    """One local OAuth2 authorization server for the session; tests register their own clients."""
    with TokenServer() as server:
        yield server


@pytest.fixture(scope="session")
def dovecot(token_server: TokenServer) -> Iterator[Dovecot]:
    """One private rootless Dovecot (IMAP/STARTTLS, IMAPS, LMTP) for the whole session; it also
    accepts OAuth2 logins (XOAUTH2, OAUTHBEARER) validated by ``token_server``.

    Fails (never skips) with an install hint when Dovecot is missing.  Tests stay
    isolated by using fresh users from ``mail_users``.
    """
    with Dovecot(token_url=token_server.url) as server:
        yield server


@pytest.fixture
def mail_users(dovecot: Dovecot) -> Iterator[Callable[..., str]]:
    """Factory for fresh, unique Dovecot users: ``mail_users("nb")`` returns e.g.
    ``"nb-1a2b3c4d@example.test"`` (password ``dovecot.password``).  Their sessions
    are kicked when the test ends."""
    created: list[str] = []

    def make(prefix: str = "user") -> str:
        name = dovecot.add_user(f"{prefix}-{uuid.uuid4().hex[:8]}@{dovecot.domain}")
        created.append(name)
        return name

    yield make
    for name in created:
        dovecot.kick(name)


@pytest.fixture(scope="session")
def smtp_tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(cert.pem, key.pem) for the SMTP test server, generated once per session."""
    return make_self_signed_cert(tmp_path_factory.mktemp("smtp-tls"))


@pytest.fixture
def smtp_server(smtp_tls_files: tuple[Path, Path]) -> Iterator[SmtpServer]:
    """A fresh aiosmtpd capture server per test (STARTTLS + AUTH intake/smtp-secret)."""
    with SmtpServer(*smtp_tls_files) as server:
        yield server


# --------------------------------------------------------------------------- databases
BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``both_databases`` run once per backend (the ``backend`` fixture)."""
    if metafunc.definition.get_closest_marker("both_databases") and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """One throwaway PostgreSQL cluster for the whole session (started on first use)."""
    with Postgres() as server:
        yield server


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database the test runs on: both for tests marked ``both_databases``; otherwise SQLite, or
    $INTAKE_TEST_BACKEND ("postgresql" runs the whole suite on PostgreSQL) unless marked ``sqlite_only``."""
    if request.node.get_closest_marker("sqlite_only"):
        return "sqlite"
    return getattr(request, "param", os.environ.get("INTAKE_TEST_BACKEND", "sqlite"))


@pytest.fixture
def database(backend: str, request: pytest.FixtureRequest) -> Iterator[Database | None]:
    """A fresh PostgreSQL database when ``backend`` is "postgresql" (dropped afterwards), else None (SQLite)."""
    if backend == "sqlite":
        yield None
        return
    server: Postgres = request.getfixturevalue("postgres")
    db = server.new_database()
    request.getfixturevalue("monkeypatch").setenv("TEST_DB_PASSWORD", db.password)
    yield db
    server.drop_database(db.name)

