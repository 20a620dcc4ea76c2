"""A query the database refuses because of the query (SQLite's « no such table », as with a schema that is not the one
this intake wrote) was told to staff as a database that does not answer: the console's 503 page « La base de données
du service ne répond pas... réessayez dans quelques minutes », the command line's « la base de données est
inutilisable pour l'instant », and no traceback in the journal. It is a bug: the console's « erreur inattendue » (500)
with its frames in the journal, the command line's « erreur inattendue OperationalError ». A database that does not
answer is still said so (tests/integration/test_console_database_down.py, tests/unit/test_database_unavailable.py)."""

from __future__ import annotations

import sqlite3

from localsite import NB
from test_web_console import call, signed_in

from intake.web.site import create_console


def _table_gone(data_dir) -> None:
    with sqlite3.connect(data_dir / "intake.db") as db:
        db.execute('ALTER TABLE "case" RENAME TO case_elsewhere')
    db.close()


def test_the_console_says_a_query_the_database_refused_as_a_bug_not_as_a_database_down(local, caplog):
    with local.config.open("a", encoding="utf-8") as config:
        config.write(f'[[staff]]\nemail = "{NB}"\nname = "Nicolas Bataillon"\n')
    app = local.app()
    console = create_console(app)
    headers = signed_in(app)
    assert call(console, "GET", "/cases", b"", headers)[0] == 200
    _table_gone(app.settings.data_dir)
    caplog.clear()
    status, _headers, body = call(console, "GET", "/cases", b"", headers)
    page = body.decode("utf-8")
    assert status == 500 and "Une erreur inattendue" in page and "ne répond pas" not in page, page
    assert [r for r in caplog.records if r.exc_info], "the bug's frames are in the journal"


def test_the_command_line_says_it_as_a_bug_too(local):
    assert local.cli("poll")[0] == 0
    _table_gone(local.root / "data")
    code, out = local.cli("cases")
    assert code == 1 and "Traceback" not in out, out
    assert "inutilisable pour l'instant" not in out and "erreur inattendue OperationalError" in out, out
