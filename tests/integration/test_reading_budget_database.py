"""The daily reading budgets are looked up in the reading threads (pipeline/readbudget.py): a database that cannot be
reached there stops the poll, as it does when the message is filed (the message is fetched again next time); it never
sets the message aside in the quarantine as if the message itself had made its reading fail."""

from __future__ import annotations

import functools

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

from intake.pipeline import readbudget
from intake.pipeline.ingest import _ledger_line, read_raw


def test_a_database_out_of_reach_while_reading_stops_the_poll_and_sets_nothing_aside(local, tmp_path):
    app = local.app()
    mailbox = app.settings.mailboxes[0]
    gone = create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'intake.db'}")  # cannot be opened
    raw = local.application(sender="Asso <asso@x.example>")
    row = _ledger_line(app, mailbox, 1, 1, app.clock(), len(raw))
    with pytest.raises(SQLAlchemyError):
        read_raw(app, mailbox, row, raw, "[test] UID 1",
                 budget=functools.partial(readbudget.budget_of, gone, app.settings, app.clock))
