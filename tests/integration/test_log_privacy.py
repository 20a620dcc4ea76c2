"""What the logs say of the people who write to the mailboxes: no e-mail address but the service's own.

The journal (journalctl -u intake) keeps what it is given for as long as the system says, out of reach of
rules/retention.toml and of `intake person --erase`: a message is told there by its mailbox and UID, a mail
by its outbox number, a case by its reference."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from localsite import DB, NB

from intake.commands import samples
from intake.core.masking import mask_addresses

PROJECT = Path(__file__).resolve().parents[2]


def intake_v(local, *args: str, code: int = 0) -> str:
    env = dict(os.environ, PYTHONPATH=str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "intake", "--config", str(local.config), "-v", *args],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == code, done.stderr
    return done.stdout + done.stderr


def test_the_logs_of_a_poll_name_no_applicant_nor_correspondent_but_the_service_s_own_addresses(local):
    local.drop("nb", "1.eml", local.application(sender="Jeanne Vasseur <jeanne.vasseur@asso.example>",
                                                pieces=("dossier",)))
    local.drop("nb", "2.eml", samples.email(sender="Tante Odile <odile.martin@famille.example>", to=[NB],
                                            subject="Photos", attachments=[("IMG.jpg", samples.jpeg(), "image/jpeg")]))
    local.drop("nb", "3.eml", samples.email(sender=DB, to=[NB], subject="Note", body="Réunion jeudi."))
    logs = intake_v(local, "poll")
    (ack,) = local.sent()
    local.drop("nb", "4.eml", samples.email(  # the applicant's server returns our acknowledgement
        sender="MAILER-DAEMON@asso.example", to=[NB], subject="Undelivered Mail Returned to Sender",
        body=f"550 5.1.1 <jeanne.vasseur@asso.example>: unknown user\n\nMessage-ID: {ack['Message-ID']}",
        headers={"Return-Path": "<>"}))
    logs += intake_v(local, "poll")
    assert "UID 2" in logs and "UID 4" in logs and "outbox #1" in logs  # the logs were written (-v)
    for who in ("jeanne.vasseur@", "odile.martin@", "mailer-daemon@", "Odile"):
        assert who not in logs.lower() and who not in logs, who
    assert f"adresse surveillée {DB}" in logs  # the service's own addresses stay


def test_an_address_is_masked_wherever_it_is_in_a_line_and_the_service_s_own_are_kept():
    keep = frozenset({"n.bataillon@ville-bethune.fr"})
    line = ("[nb] UID 3 from <Jean.Dupont+label@mairie-annexe.example>: échec pour x_y@a.b.example, "
            "réponse à N.Bataillon@ville-bethune.fr (fichier photo@2x.png)")
    assert mask_addresses(line, keep) == ("[nb] UID 3 from <[adresse]>: échec pour [adresse], réponse à "
                                          "N.Bataillon@ville-bethune.fr (fichier [adresse])")


def test_a_database_error_while_filing_quotes_none_of_the_message_in_the_logs_nor_in_the_mailbox_s_state(local):
    """A failing statement (a locked or full database, a PostgreSQL restart) must not carry the values it was
    writing: SQLAlchemy puts them in its error's text ([parameters: ...]), which the poller logs and keeps as the
    mailbox's last error (shown in the digest and the console, kept with no retention)."""
    import sqlite3

    local.drop("nb", "1.eml", local.application(sender="Jeanne Vasseur <jeanne.vasseur@asso.example>",
                                                subject="Potager partagé des Quatre-Vents", pieces=("dossier",)))
    local.app().engine.dispose()  # the database exists, migrated
    db = sqlite3.connect(local.root / "data" / "intake.db")
    db.execute('CREATE TRIGGER refuse BEFORE INSERT ON "case" BEGIN SELECT RAISE(ABORT, \'disque plein\'); END')
    db.commit()
    db.close()
    logs = intake_v(local, "poll", code=1)  # the mailbox could not be read: said, and exit 1
    assert "disque plein" in logs  # the failure was logged
    db = sqlite3.connect(local.root / "data" / "intake.db")
    (state,) = db.execute("SELECT last_error FROM mailboxstate WHERE name = 'nb'").fetchone()
    db.close()
    assert "disque plein" in state
    for text in (logs, state):
        for what in ("Vasseur", "Quatre-Vents", "jeanne.vasseur@"):
            assert what not in text, what


@pytest.mark.both_databases
def test_a_refused_row_s_values_reach_neither_the_mailbox_s_state_nor_the_poll_s_last_line(local):
    """PostgreSQL's error about a refused row has a DETAIL line that quotes its values (« Key (address)=(...) already
    exists »), and an error's own text may name an address: the mailbox's last error (the digest, the console,
    kept with no retention, out of an erasure's reach) and `intake poll`'s last line keep the first line of the
    driver's text, its addresses masked; the logs give that line, not the error's traceback."""
    from sqlalchemy import text

    local.drop("nb", "1.eml", local.application(sender="Jeanne Vasseur <jeanne.vasseur@asso.example>",
                                                subject="Potager partagé des Quatre-Vents", pieces=("dossier",)))
    app = local.app()  # the database exists, migrated
    with app.engine.begin() as db:
        if app.engine.dialect.name == "postgresql":
            db.execute(text("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
                            "'ligne refusée' USING DETAIL = 'Key (address)=(jeanne.vasseur@asso.example, '"
                            " || NEW.title || ') already exists.'; END $$"))
            db.execute(text('CREATE TRIGGER refuse BEFORE INSERT ON "case" FOR EACH ROW EXECUTE FUNCTION refuse()'))
        else:
            db.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON \"case\" BEGIN SELECT RAISE(ABORT, "
                            "'ligne refusée pour jeanne.vasseur@asso.example'); END"))
    done = subprocess.run([sys.executable, "-m", "intake", "--config", str(local.config), "-v", "poll"],
                          capture_output=True, text=True, timeout=300, env=dict(os.environ, PYTHONPATH=str(PROJECT)))
    assert done.returncode == 1, done.stderr
    with app.engine.connect() as db:
        state = db.execute(text("SELECT last_error FROM mailboxstate WHERE name = 'nb'")).scalar_one()
    last_line = done.stderr.strip().splitlines()[-1]
    assert "ligne refusée" in state and "ligne refusée" in last_line
    for what in (state, last_line, done.stdout + done.stderr):  # the logs too
        assert "Vasseur" not in what and "jeanne.vasseur@" not in what and "Quatre-Vents" not in what, what


def test_a_message_set_aside_by_its_domain_s_cap_is_logged_without_the_sender_s_own_domain(local):
    """The reason a message is set aside names the domain its sender's address counted with (« les messages des
    adresses du domaine famille-vasseur.example ») for staff, in the ledger, which the erasure reduces; the journal
    keeps it beyond the erasure's reach, and a person's own domain names them as their address does."""
    with local.config.open("a", encoding="utf-8") as config:
        config.write("[limits]\ncases_per_domain_per_day = 1\n")
    for n, who in enumerate(("jeanne", "paul", "lea"), 1):
        local.drop("nb", f"{n}.eml", local.application(sender=f"{who.title()} <{who}@famille-vasseur.example>",
                                                        subject=f"Candidature {n}", pieces=("dossier",)))
    logs = intake_v(local, "poll")
    assert "UID 3" in logs and "quarantined" in logs, logs  # set aside, and said (-v)
    assert "famille-vasseur" not in logs, logs
    assert "[domaine]" in logs


def test_a_bug_on_one_message_is_logged_without_what_its_exception_quotes(local, monkeypatch, caplog):
    """A bug while deciding one message quarantines it and the poll goes on. Python's exception texts quote the
    values the code held (here the subject): the ledger row keeps that text for staff (the purge and an erasure
    reach it), the journal (12 months, beyond both) gets the traceback's frames and the exception's type."""
    import logging

    from sqlmodel import select

    from intake.pipeline import ingest
    from intake.pipeline.poll import poll_all
    from intake.store.database import session
    from intake.store.tables import Inbound

    def failing(msg, *args, **kwargs):
        raise KeyError(msg.subject)  # a bug, as Python words it

    monkeypatch.setattr(ingest, "decide", failing)
    local.drop("nb", "1.eml", local.application(sender="Jeanne Vasseur <jeanne.vasseur@asso.example>",
                                                subject="Potager partagé des Quatre-Vents", pieces=("dossier",)))
    with caplog.at_level(logging.INFO):
        poll_all(local.app())
    with session(local.app().engine) as s:
        (row,) = s.exec(select(Inbound)).all()
    assert row.fate == "quarantined"
    assert "KeyError [texte de l'erreur : 'Potager partagé des Quatre-Vents']" in row.reason
    assert "cannot be handled; quarantined" in caplog.text and "KeyError" in caplog.text
    assert "Quatre-Vents" not in caplog.text, caplog.text


def test_a_bug_quoting_a_long_value_is_logged_without_it_though_the_ledger_row_cuts_it(local, monkeypatch, caplog):
    """The ledger row's reason is cut to 2,000 characters: an exception quoting a longer value (a subject of 2 KB,
    the sender's choice) was logged in full, the cut text no longer found to be replaced by the exception's type."""
    import logging

    from intake.pipeline import ingest
    from intake.pipeline.poll import poll_all

    def failing(msg, *args, **kwargs):
        raise KeyError(msg.subject)

    monkeypatch.setattr(ingest, "decide", failing)
    subject = "Potager partagé des Quatre-Vents " + "et du jardin " * 200
    local.drop("nb", "1.eml", local.application(sender="Jeanne Vasseur <jeanne.vasseur@asso.example>",
                                                subject=subject, pieces=("dossier",)))
    with caplog.at_level(logging.INFO):
        poll_all(local.app())
    assert "quarantined" in caplog.text and "KeyError" in caplog.text
    assert "Quatre-Vents" not in caplog.text, caplog.text
