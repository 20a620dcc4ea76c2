"""The first-run guard (U17): mail already old when it is first read (a new data_dir, a `since` in the past) is
filed as ever, but its acknowledgement is held for staff, who send it or not; nothing goes out in bulk, and no
reminder follows an acknowledgement that never went. Fresh mail is acknowledged as before."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from localsite import make_local

from intake.commands.followups import queue_due_reminders
from intake.pipeline.send import send_due


def old(local, sender: str, days: float) -> bytes:
    return local.application(sender=sender, pieces=("dossier", "visuels"),
                             date=datetime.now(timezone.utc) - timedelta(days=days))


def test_old_mail_is_filed_and_its_acknowledgement_held_fresh_mail_is_acknowledged(tmp_path):
    local = make_local(tmp_path)
    local.drop("nb", "1.eml", old(local, "Ancienne <ancienne@x.example>", 400))
    local.drop("nb", "2.eml", old(local, "Erasee <erasee@x.example>", 20))
    local.drop("nb", "3.eml", old(local, "Recente <recente@x.example>", 1))
    code, out = local.cli("poll")
    assert code == 0, out
    cases = json.loads(local.cli("cases", "--json")[1])
    assert sorted(c["applicant"] for c in cases) == ["ancienne@x.example", "erasee@x.example", "recente@x.example"]
    assert [m["To"] for m in local.sent()] == ["recente@x.example"]  # only the fresh one went out

    code, out = local.cli("outbox", "list")
    assert code == 0 and out.count("retenu pour le service") == 2, out
    assert "retenu : le message a été reçu 400 jours avant d'être relevé (plus de 72 h" in out
    assert "retenu : le message a été reçu 20 jours avant" in out
    ref = next(c["reference"] for c in cases if c["applicant"] == "ancienne@x.example")
    code, out = local.cli("case", ref)
    assert "courriel retenu : accusé de réception pour ancienne@x.example retenu" in out, out
    code, digest = local.cli("digest", "--preview", "--html", str(tmp_path / "preview.html"))
    assert "courriel non envoyé" in digest and "ancienne@x.example : retenu" in digest, digest

    # the first reminder would be due by now (7 days after the acknowledgement, before the deadline 29 days away)
    later = local.app(at=datetime.now(timezone.utc) + timedelta(days=8))
    report = queue_due_reminders(later)
    assert report.queued == 1  # the fresh case only: none follows an acknowledgement that never went
    send_due(later)
    assert [m["To"] for m in local.sent()] == ["recente@x.example", "recente@x.example"]

    held = [line.split()[1] for line in local.cli("outbox", "list")[1].splitlines()
            if " retenu pour le service " in line]
    erasee = next(n for n in held if "erasee" in local.cli("outbox", "show", n)[1])
    code, out = local.cli("outbox", "handled", erasee, "--note", "personne effacée depuis")
    assert code == 0 and out.strip().endswith(": non envoyé"), out
    code, out = local.cli("outbox", "resend", "--held")
    assert code == 0 and "envoyé" in out, out
    assert [m["To"] for m in local.sent()][-1] == "ancienne@x.example"
    assert "erasee@x.example" not in [m["To"] for m in local.sent()]
    assert local.cli("outbox", "list")[1].strip() == ("Aucun courriel en échec, incertain, retenu "
            "ou en attente d'un nouvel essai.")
    fifteen = local.app(at=datetime.now(timezone.utc) + timedelta(days=15))
    # the fresh case's second reminder; none for the old one: its deadline (30 days after its receipt, 400 days ago)
    # is long past, and a reminder asks for the pieces « avant le » that day (core/reminders.py)
    assert queue_due_reminders(fifteen).queued == 1
    send_due(fifteen)
    assert [m["To"] for m in local.sent()[-1:]] == ["recente@x.example"]
    assert [m["To"] for m in local.sent()].count("ancienne@x.example") == 1  # its acknowledgement alone
    assert "erasee@x.example" not in [m["To"] for m in local.sent()]  # not sent: nothing follows it


def test_the_limit_is_the_admin_s_to_set(tmp_path):
    local = make_local(tmp_path)
    text = local.config.read_text(encoding="utf-8")
    local.config.write_text("acknowledge_within_hours = 720\n" + text, encoding="utf-8")
    local.drop("nb", "1.eml", old(local, "Vingt <vingt@x.example>", 20))
    assert local.cli("poll")[0] == 0
    assert [m["To"] for m in local.sent()] == ["vingt@x.example"]
    local.config.write_text("acknowledge_within_hours = 0\n" + text, encoding="utf-8")
    code, out = local.cli("cases")
    assert code == 2 and "acknowledge_within_hours" in out and "nombre entier de 1 à 87600" in out


def test_a_retried_quarantined_message_is_answered_whatever_its_age(tmp_path, monkeypatch):
    """Staff asked for it: the guard is for what a poll reads on its own."""
    import intake.pipeline.ingest as ingest

    local = make_local(tmp_path)
    local.drop("nb", "1.eml", old(local, "Retry <retry@x.example>", 1))
    real = ingest.decide
    monkeypatch.setattr(ingest, "decide", lambda *a, **k: 1 / 0)
    assert local.cli("poll")[0] == 0
    monkeypatch.setattr(ingest, "decide", real)
    app = local.app(at=datetime.now(timezone.utc) + timedelta(days=5))
    from intake.commands.quarantine import list_quarantined, retry

    [q] = list_quarantined(app)
    retry(app, q.id, "nadia")
    send_due(app)
    assert [m["To"] for m in local.sent()] == ["retry@x.example"]
