"""The staff console while its PostgreSQL server is down (a restart, a network cut): staff read one French line
saying what it is, with a 503 (it was « Une erreur inattendue », a 500); the operator's journal has one line, no
traceback; once the server is back, so is the console, by itself."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from test_web_console import call, signed_in

from intake.app import open_app
from intake.config import load
from intake.web.site import create_console

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def own_postgres():
    from servers.postgres import Postgres, find_bin

    try:
        find_bin()
    except Exception as exc:  # noqa: BLE001 - no PostgreSQL installed here
        pytest.skip(str(exc))
    server = Postgres()
    server.start()
    yield server
    server.stop()


def test_a_console_whose_database_is_down_says_so_in_french_and_logs_one_line(own_postgres, tmp_path, monkeypatch,
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
[[staff]]
email = "n.bataillon@ville-bethune.fr"
name = "Nicolas Bataillon"
""", encoding="utf-8")
    app = open_app(load(config))
    console = create_console(app)
    headers = signed_in(app)
    assert call(console, "GET", "/cases", b"", headers)[0] == 200

    own_postgres.proc.send_signal(2)  # the server goes away (a fast shutdown; its data kept)
    own_postgres.proc.wait(20)
    caplog.clear()
    status, _headers, body = call(console, "GET", "/cases", b"", headers)
    page = body.decode("utf-8")
    assert status == 503, page
    assert "La base de données du service ne répond pas" in page and "erreur inattendue" not in page, page
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []  # no traceback
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(lines) == 1 and "base de données" in lines[0], lines

    assert own_postgres._launch(30)  # the server is back (PostgreSQL restarted)
    assert call(console, "GET", "/cases", b"", headers)[0] == 200  # and so is the console, by itself
