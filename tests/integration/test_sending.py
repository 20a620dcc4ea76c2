"""The outbox on SQLite and PostgreSQL: interrupted mail is sent again once with its Message-ID, or held."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
import threading
import time
from datetime import timedelta

import pytest
from localsite import PROJECT
from sqlmodel import select

from intake.commands.send_digest import snapshot
from intake.core.sending import MAX_INTERRUPTIONS
from intake.pipeline.poll import poll_all
from intake.pipeline.send import SendReport, recover_interrupted, send_due
from intake.store.database import session
from intake.store.tables import CaseEvent, Outbox

pytestmark = pytest.mark.both_databases


def interrupt(app) -> Outbox:
    """As if the process had died in the middle of the SMTP conversation of the only mail."""
    with session(app.engine) as s:
        row = s.exec(select(Outbox)).one()
        row.status, row.attempts = "sending", row.attempts + 1
        s.add(row)
        s.commit()
        return row


def message_ids(local) -> list[str]:
    return [m["Message-ID"] for m in local.sent()]


def test_an_interrupted_acknowledgement_is_sent_again_once_with_the_same_message_id(local):
    local.drop("nb", "1.eml", local.application())
    app = local.app()
    poll_all(app)
    queued = interrupt(app)
    report = send_due(app)
    assert (report.sent, report.resent, report.uncertain) == (1, 1, 0)
    assert message_ids(local) == [f"<{queued.message_id}>"]
    sent = local.sent()[0]
    assert sent.as_bytes() == email.message_from_bytes(queued.raw, policy=email.policy.default).as_bytes()
    assert send_due(app).sent == 0  # once
    (case,) = json.loads(local.cli("cases", "--json")[1])
    code, out = local.cli("case", case["reference"])
    assert code == 0
    assert "envoi interrompu" in out and "renvoyé une fois avec le même Message-ID" in out
    assert "nouvel envoi après une interruption" in out
    with session(app.engine) as s:
        row = s.exec(select(Outbox)).one()
    assert (row.status, row.interruptions, row.attempts) == ("sent", 1, 2)


def test_a_kind_set_to_hold_is_not_sent_again_and_staff_see_it(local, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", rules)
    toml = rules / "conversations.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('acknowledgement = "resend"',
                                                             'acknowledgement = "hold"'), encoding="utf-8")
    local.config.write_text(local.config.read_text().replace(f'rules_dir = "{PROJECT / "rules"}"',
                                                             f'rules_dir = "{rules}"'))
    assert local.cli("rules", "check")[0] == 0
    local.drop("nb", "1.eml", local.application())
    app = local.app()
    poll_all(app)
    interrupt(app)
    report = send_due(app)
    assert (report.sent, report.resent, report.uncertain) == (0, 0, 1)
    assert local.sent() == []
    with session(app.engine) as s:
        assert s.exec(select(Outbox)).one().status == "uncertain"
        held = snapshot(app, s, app.clock()).failed_mails
        events = [e.detail for e in s.exec(select(CaseEvent).where(CaseEvent.kind == "send-interrupted"))]
    assert held and held[0][1] == "asso@x.example" and "incertain" in held[0][2]
    assert len(events) == 1 and "hold" in events[0]


def test_a_mail_cut_off_again_and_again_is_held_after_the_limit(local):
    local.drop("nb", "1.eml", local.application())
    app = local.app()
    poll_all(app)
    for n in range(1, MAX_INTERRUPTIONS + 2):
        interrupt(app)  # the new try is itself cut off before it could finish
        recover_interrupted(app, SendReport())
        with session(app.engine) as s:
            row = s.exec(select(Outbox)).one()
        assert row.interruptions == n
        assert row.status == ("pending" if n <= MAX_INTERRUPTIONS else "uncertain")
    assert send_due(app).sent == 0 and local.sent() == []


def test_mail_held_back_by_a_retry_delay_is_shown_with_its_next_try(local):
    (local.root / "outbox").write_text("not a directory")  # the relay (here a folder) refuses for now
    local.drop("nb", "1.eml", local.application())
    code, out = local.cli("poll")
    assert code == 0, out
    assert "0 envoyé, 1 en attente d'un nouvel essai (prochain essai " in out
    code, out = local.cli("poll")  # nothing tried in this pass: it still says what waits, and until when
    assert "1 en attente d'un nouvel essai (prochain essai" in out
    (local.root / "outbox").unlink()
    app = local.app()
    with session(app.engine) as s:
        due = s.exec(select(Outbox)).one().next_attempt_at
    assert send_due(app).next_try == due and due.tzinfo is not None
    later = local.app(due + timedelta(seconds=1))
    report = send_due(later)
    assert (report.sent, report.waiting, report.next_try) == (1, 0, None)


def test_a_next_try_set_before_the_clock_went_back_is_due_at_once(local):
    """A retry scheduled by a clock that was days ahead (corrected since, or a snapshot restored) waited as long as the
    jump: the schedule never waits more than six hours, so a later next try is due now."""
    (local.root / "outbox").write_text("not a directory")  # the relay (here a folder) refuses for now
    local.drop("nb", "1.eml", local.application())
    assert "1 en attente d'un nouvel essai" in local.cli("poll")[1]
    app = local.app()
    with session(app.engine) as s:
        row = s.exec(select(Outbox)).one()
        row.next_attempt_at = app.clock() + timedelta(days=2)  # set when the server's clock was two days ahead
        s.add(row)
        s.commit()
    assert "envoi au prochain passage" in local.cli("outbox", "list")[1]  # not « nouvel essai » in two days
    (local.root / "outbox").unlink()  # the relay is back
    code, out = local.cli("poll")
    assert code == 0 and "courriels : 1 envoyé, 0 en attente d'un nouvel essai" in out, out
    assert len(local.sent()) == 1


def test_staff_see_a_mail_waiting_for_a_new_try_and_may_send_it_at_once(local):
    """A mail the relay refused for a time waited for its next try out of staff's sight: `outbox list` did not show
    it (not even --all) and `outbox resend N` refused it (« il attend son envoi »), while the relay was back."""
    (local.root / "outbox").write_text("not a directory")  # the relay (here a folder) refuses for now
    local.drop("nb", "1.eml", local.application())
    code, out = local.cli("poll")
    assert code == 0 and "1 en attente d'un nouvel essai" in out, out
    code, out = local.cli("outbox", "list")
    assert code == 0 and "nouvel essai le " in out and "accusé de réception à " in out, out
    number = int(out.split("n° ", 1)[1].split()[0])
    (local.root / "outbox").unlink()  # the relay is back; the next try is still minutes away
    code, out = local.cli("outbox", "resend", str(number))
    assert code == 0 and f"n° {number} (accusé de réception à " in out and ": envoyé" in out, out
    assert len(local.sent()) == 1
    code, out = local.cli("outbox", "list")
    assert "Aucun courriel en échec, incertain, retenu ou en attente d'un nouvel essai." in out, out
    (case,) = json.loads(local.cli("cases", "--json")[1])
    assert "il était en attente d'un nouvel essai" in local.cli("case", case["reference"])[1]


def test_rules_check_refuses_an_unknown_policy(local, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", rules)
    toml = rules / "conversations.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('reminder = "resend"', 'reminder = "retenir"'),
                    encoding="utf-8")
    local.config.write_text(local.config.read_text().replace(f'rules_dir = "{PROJECT / "rules"}"',
                                                             f'rules_dir = "{rules}"'))
    code, out = local.cli("rules", "check")
    line = next(n for n, text in enumerate(toml.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("reminder ="))
    assert code == 2 and f"conversations.toml:{line}:" in out and '"resend"' in out and '"hold"' in out


class SlowRelay:
    """A transport that takes its time, as a real relay does, and remembers who sent what."""

    def __init__(self):
        self.sent: list[tuple[str, bytes]] = []
        self.lock = threading.Lock()

    def send(self, raw: bytes, mail_from: str, rcpt_to: str) -> None:
        time.sleep(0.05)
        with self.lock:
            self.sent.append((threading.current_thread().name, raw))


def test_several_senders_at_once_send_each_mail_exactly_once(local, backend):
    app = local.app()
    with session(app.engine) as s:  # 24 mails due now
        for n in range(24):
            s.add(Outbox(kind="digest", from_addr="nb@x.example", to_addr=f"a{n}@x.example", subject="s",
                         message_id=f"m{n}@x.example", raw=f"Message-ID: <m{n}@x.example>\r\n\r\nx".encode(),
                         next_attempt_at=app.clock(), created_at=app.clock()))
        s.commit()
    relay, errors = SlowRelay(), []
    apps = [local.app() for _ in range(4)]
    start = threading.Barrier(len(apps))

    def sender(app):
        try:
            start.wait()
            send_due(app, relay)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=sender, args=(app,), name=f"worker{i}") for i, app in enumerate(apps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    ids = [email.message_from_bytes(raw)["Message-ID"] for _, raw in relay.sent]
    assert len(ids) == 24 and len(set(ids)) == 24
    senders = {name for name, _ in relay.sent}
    if backend == "postgresql":
        assert len(senders) > 1  # rows are claimed one by one: the workers share the work
    else:
        assert len(senders) == 1  # one sender per machine: the others found the outbox busy
    with session(apps[0].engine) as s:
        assert {r.status for r in s.exec(select(Outbox))} == {"sent"}
