"""Real `intake` processes sharing one database: two workers on a backlog; a sender killed mid-conversation."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select

from intake.core.sending import MAX_INTERRUPTIONS
from intake.pipeline.send import send_due
from intake.store.database import session
from intake.store.tables import Inbound, Outbox

PROJECT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, PYTHONPATH=str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def start(intake, *args: str) -> subprocess.Popen:
    """intake in a process group of its own, which `killed` kills whole, as systemd kills a unit's processes."""
    return subprocess.Popen([sys.executable, "-m", "intake", "--config", str(intake.config), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(ENV, **_secrets()),
                            start_new_session=True)


def killed(proc: subprocess.Popen) -> None:
    """SIGKILL to intake and to what it started in its group (the forkserver its reading processes come from, which
    inherited its output): the output then ends at once. Killed alone, intake once left its output open past the
    30 s the test waits for it, on a loaded machine (CI, 2026-11-30): something it had started still held it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _secrets() -> dict:
    return {k: v for k, v in os.environ.items() if k.startswith("TEST_")}


def wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)


def acks_by_applicant(intake) -> dict[str, list[str]]:
    out = collections.defaultdict(list)
    for mail in intake.sent():
        out[mail["To"].addresses[0].addr_spec].append(mail["Message-ID"])
    return out


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_workers_on_one_postgresql_file_and_send_everything_exactly_once(intake):
    applicants = [f"candidat{n:02d}@asso{n:02d}.example" for n in range(16)]
    for n, sender in enumerate(applicants):  # To the one, Cc the other: each message is in both mailboxes
        raw = intake.application(sender=sender, to=[intake.nb], cc=[intake.db], subject=f"Candidature {n}",
                                 pieces=("dossier", "courrier", "visuels") if n % 2 else ("dossier",))
        intake.deliver(raw, intake.nb, intake.db)
    staff = ["service1@example.test", "service2@example.test"]
    intake.config.write_text(intake.config.read_text() + f"""
[digest]
recipients = {staff!r}
time = "00:00"
days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
""".replace("'", '"'))
    workers = [start(intake, "run"), start(intake, "run")]
    try:
        wait(lambda: len(intake.smtp.messages) >= len(applicants) + len(staff), 180, "every mail")
        time.sleep(3)  # anything sent twice would arrive now
    finally:
        for w in workers:
            if w.poll() is None:
                w.send_signal(signal.SIGTERM)
        logs = [w.communicate(timeout=60)[0].decode() for w in workers]
    for w, log in zip(workers, logs, strict=True):
        assert w.returncode == 0 and "worker stopped" in log, log
    cases = intake.cases()
    assert sorted(c["applicant"] for c in cases) == applicants  # one case per application
    assert len({c["reference"] for c in cases}) == len(applicants)
    sent = acks_by_applicant(intake)
    for address in applicants:
        assert len(sent[address]) == 1, (address, sent[address])  # exactly one acknowledgement each
    assert sorted(a for a in sent if a in staff) == staff and all(len(sent[a]) == 1 for a in staff)  # one digest
    assert len(intake.smtp.messages) == len(applicants) + len(staff)
    with session(intake.app().engine) as s:
        fates = collections.Counter(r.fate for r in s.exec(select(Inbound)))
        statuses = collections.Counter(r.status for r in s.exec(select(Outbox)))
    assert fates == {"filed": len(applicants), "duplicate": len(applicants)}
    assert statuses == {"sent": len(applicants) + len(staff)}
    assert all("poll done" in log for log in logs)  # both took part


@pytest.mark.both_databases
def test_a_sender_killed_mid_conversation_leaves_no_acknowledgement_missing(intake, backend):
    applicants = ["un@x.example", "deux@x.example", "trois@x.example"]
    for sender in applicants:
        intake.deliver(intake.application(sender=sender), intake.nb)
    intake.smtp.stall_data = 1  # the first mail's DATA gets no answer: the process is killed right then
    first = start(intake, "poll")
    try:
        wait(intake.smtp.stalled.is_set, 60, "the SMTP conversation to stall")
        # While the first sender is alive, nobody else sends its mail (other mails may go on PostgreSQL).
        meanwhile = send_due(intake.app())
        assert meanwhile.resent == 0 and meanwhile.uncertain == 0
        assert meanwhile.sent == (2 if backend == "postgresql" else 0)
        killed(first)
        first.wait(30)
    finally:
        killed(first)
        first.communicate(timeout=30)
    intake.smtp.release.set()
    assert len(intake.smtp.messages) == 1 + (2 if backend == "postgresql" else 0)  # it went out; nobody knows
    app = intake.app()
    with session(app.engine) as s:
        (interrupted,) = s.exec(select(Outbox).where(Outbox.status == "sending")).all()
    wait(lambda: _free(app, interrupted.id), 15, "the killed sender's lock to be released")
    out = intake.poll()
    assert "1 renvoyé après un envoi interrompu" in out, out
    sent = acks_by_applicant(intake)
    assert sorted(sent) == sorted(applicants)  # no acknowledgement missing
    assert sent[interrupted.to_addr] == [f"<{interrupted.message_id}>"] * 2  # twice, the same Message-ID
    assert all(len(ids) == 1 for address, ids in sent.items() if address != interrupted.to_addr)
    case = next(c for c in intake.cases() if c["applicant"] == interrupted.to_addr)
    history = " ".join(e["detail"] for e in intake.case(case["reference"])["events"])
    assert "envoi interrompu" in history and "nouvel envoi après une interruption" in history
    assert "0 renvoyé" not in intake.poll() and len(intake.smtp.messages) == 4  # nothing more


def _free(app, outbox_id: int) -> bool:
    with app.locks.sending(outbox_id) as free:
        return free


@pytest.mark.both_databases
def test_killing_intake_again_and_again_while_it_sends_loses_no_acknowledgement(intake):
    """The lead's crash test, made to hit the SMTP conversation: a slow relay, SIGKILL at random moments."""
    import random

    rng = random.Random(11)
    # twenty applicants of twenty domains: twenty of one domain are past [limits] cases_per_domain_per_day
    applicants = [f"c{n:02d}@asso{n:02d}.example" for n in range(20)]
    for sender in applicants:
        intake.deliver(intake.application(sender=sender, pieces=("dossier",)), intake.nb)
    intake.smtp.reply_delay = 0.3
    env = dict(ENV, **_secrets(), INTAKE_OCR="off")
    kills = 0
    for attempt in range(60):
        proc = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(intake.config), "poll"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        try:
            # killed at random moments; after 40 runs (a slow or loaded machine) runs are let finish
            proc.wait(rng.uniform(0.5, 3.0) if attempt < 40 else 300)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)
            kills += 1
            continue
        if proc.returncode == 0 and _outbox_drained(intake):
            break
    else:
        with session(intake.app().engine) as s:
            rows = [(r.to_addr, r.status, r.attempts, r.next_attempt_at, r.last_error[:80])
                    for r in s.exec(select(Outbox))]
        raise AssertionError(f"intake never finished between the kills ({kills} kills, last exit "
                             f"{proc.returncode}); outbox: {rows}")
    assert kills >= 3  # the test did interrupt it
    intake.smtp.reply_delay = 0.0
    intake.poll()
    cases = intake.cases()
    assert sorted(c["applicant"] for c in cases) == applicants  # one case each, none lost, none twice
    sent = acks_by_applicant(intake)
    with session(intake.app().engine) as s:
        rows = {r.to_addr: r for r in s.exec(select(Outbox))}
    # a mail whose sending the kills cut off more than MAX_INTERRUPTIONS times is held for staff, by design
    # (core/sending.py: it may be going out twice already); how often that happens depends on the machine's pace
    held = {address for address, r in rows.items() if r.status == "uncertain"}
    assert all(rows[a].interruptions > MAX_INTERRUPTIONS for a in held), [(a, rows[a].interruptions) for a in held]
    assert {r.status for a, r in rows.items() if a not in held} == {"sent"}
    assert sorted(set(sent) | held) == applicants  # no acknowledgement missing: sent, or held for staff to check
    for address, ids in sent.items():
        assert set(ids) == {f"<{rows[address].message_id}>"}  # copies only of the same mail, same Message-ID
        assert len(ids) <= 1 + rows[address].interruptions  # a second copy only after an interruption
    print(f"crash test: {kills} kills, {sum(r.interruptions for r in rows.values())} interrupted sendings, "
          f"{sum(len(i) for i in sent.values()) - len(sent)} second copies (same Message-ID), {len(held)} held, "
          "0 missing")


def _outbox_drained(intake) -> bool:
    """Every application queued its mail and nothing is left to try (sent, or held/failed for staff)."""
    with session(intake.app().engine) as s:
        statuses = [r.status for r in s.exec(select(Outbox))]
    return len(statuses) == 20 and not {"pending", "sending"} & set(statuses)
