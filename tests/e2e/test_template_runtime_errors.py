"""An admin's mail template that fails on one message's values (a field it does not have, a filter that raises), in a
branch `intake rules check`'s samples never reach: that message is set aside in quarantine with a French reason
naming the template's file and line, an English log line says which file to fix, and the mailbox's poll goes on to
the next messages. Once the template is fixed, « Traiter à nouveau » files and acknowledges it (before: the
RulesError stopped the mailbox's poll at that message, at every poll, every later application behind it)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from intake.commands.followups import queue_due_reminders
from intake.pipeline.send import send_due
from intake.store.database import session
from intake.store.tables import Inbound

# Reached only with more than one file on the case: the check's samples have one
BROKEN = {
    "a field it does not have": ("{% if pieces|length > 1 %}Taille : {{ pieces[0].taille }}{% endif %}\n",
                                 "« .taille » n'existe pas"),
    "a filter that raises": ("{% if pieces|length > 1 %}{{ \"%d\" | format(reference) }}{% endif %}\n",
                             "TypeError"),
}


def use_templates(intake, tmp_path, line: str):
    return intake.edit_template(tmp_path, "acknowledgement/body.txt.j2", lambda text: line + text)


@pytest.mark.parametrize("what", list(BROKEN))
def test_a_template_failing_on_one_message_sets_it_aside_and_the_poll_goes_on(intake, tmp_path, caplog, what):
    line, said = BROKEN[what]
    body, original = use_templates(intake, tmp_path, line)
    assert intake.cli("rules", "check")[0] == 0  # the samples never reach the branch
    intake.deliver(intake.application(sender="Association Vélo <contact@velo.example>"), intake.nb)  # 3 files
    intake.deliver(intake.application(sender="Jardins <contact@jardins.example>", subject="Jardins partagés",
                                      pieces=("dossier",)), intake.nb)  # one file: its mail renders
    with caplog.at_level(logging.ERROR, logger="intake.ingest"):
        out = intake.poll()
    assert "nb : 2 nouveaux" in out and "1 en quarantaine" in out and "(ok" in out, out
    (case,) = intake.cases()  # the next message was filed and acknowledged
    assert case["applicant"] == "contact@jardins.example"
    assert [m["To"].addresses[0].addr_spec for m in intake.sent()] == ["contact@jardins.example"]

    app = intake.app()
    with session(app.engine) as s:
        (row,) = [r for r in s.exec(select(Inbound)) if r.fate == "quarantined"]
    assert row.from_addr == "contact@velo.example" and row.case_id is None and row.raw_sha256
    assert row.reason.startswith(f"modèle de courriel en erreur : {body}:1: "), row.reason
    assert said in row.reason and "rien n'a été enregistré ni envoyé" in row.reason
    logged = [r.getMessage() for r in caplog.records if "mail template" in r.getMessage()]
    assert len(logged) == 1 and str(body) in logged[0] and "fix the template" in logged[0], logged
    code, listed = intake.cli("quarantine", "list")
    assert code == 0 and "modèle de courriel en erreur" in listed, listed

    intake.poll()  # not read again: the mailbox's cursor went past it
    assert len(intake.cases()) == 1

    body.write_text(original, encoding="utf-8")  # the admin fixes it; staff have it handled again
    code, out = intake.cli("quarantine", "retry", "--all", "--by", "Nadia")
    assert code == 0 and "classé -> BSC-" in out, out
    assert sorted(c["applicant"] for c in intake.cases()) == ["contact@jardins.example", "contact@velo.example"]
    assert sorted(m["To"].addresses[0].addr_spec for m in intake.sent()) == ["contact@jardins.example",
                                                                             "contact@velo.example"]


def test_a_reminder_template_failing_on_one_case_stops_no_other_case_s_reminder(intake, tmp_path, caplog):
    """The reminders are queued case by case: one case's reminder that the template fails on was raised out of
    `queue_due_reminders`, and every case after it got no reminder."""
    body, _ = intake.edit_template(tmp_path, "reminder/body.txt.j2",
                                   lambda text: BROKEN["a field it does not have"][0] + text)
    intake.deliver(intake.application(sender="contact@velo.example", pieces=("dossier", "visuels")), intake.nb)
    intake.deliver(intake.application(sender="contact@jardins.example", subject="Jardins partagés",
                                      pieces=("dossier",)), intake.nb)
    intake.poll()
    assert len(intake.sent()) == 2
    app = intake.app()
    tz = app.settings.timezone
    day = datetime.now(tz).replace(hour=11, minute=0, second=0, microsecond=0) + timedelta(days=8)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    app.clock = lambda: day.astimezone(timezone.utc)
    with caplog.at_level(logging.ERROR, logger="intake.followups"):
        report = queue_due_reminders(app)
    assert (report.queued, report.failed) == (1, 1)
    assert f"{body}:1: « .taille » n'existe pas" in report.problem
    assert any(str(body) in r.getMessage() and "fix the template" in r.getMessage() for r in caplog.records)
    send_due(app)
    assert [m["To"].addresses[0].addr_spec for m in intake.sent()[2:]] == ["contact@jardins.example"]
