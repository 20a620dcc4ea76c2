"""IMAP IDLE in `intake run`: mail delivered by LMTP is acknowledged within seconds, the watch
survives a dropped connection without missing or duplicating anything, and falls back to NOOP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from servers import Dovecot

from intake.app import open_app
from intake.config import load
from intake.pipeline.watch import FolderWatcher, watch_states

PROJECT = Path(__file__).resolve().parents[2]


def _schedule_hourly(intake) -> None:
    """Only the watch can be fast: the scheduled poll and outbox runs come once an hour."""
    intake.config.write_text(intake.config.read_text(encoding="utf-8") +
                             "\n[schedule]\npoll_minutes = 60\noutbox_minutes = 60\n", encoding="utf-8")


def _lmtp(intake, raw: bytes, user: str) -> None:
    intake.dovecot.deliver_lmtp(user, raw)


class Worker:
    def __init__(self, intake):
        env = dict(os.environ, PYTHONPATH=str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(intake.config), "run"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.decode(errors="replace"))

    def wait_for(self, text: str, count: int = 1, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while sum(text in line for line in self.lines) < count:
            assert self.proc.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, f"no {text!r} x{count} in:\n" + "".join(self.lines)
            time.sleep(0.05)

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)
        time.sleep(0.1)
        return "".join(self.lines)


@pytest.fixture
def worker(intake):
    _schedule_hourly(intake)
    started = []

    def start() -> Worker:
        w = Worker(intake)
        started.append(w)
        return w

    yield start
    for w in started:
        w.stop()


def test_new_mail_is_acknowledged_within_seconds_of_its_arrival(intake, worker):
    w = worker()
    w.wait_for("waiting for new mail (IMAP IDLE)", count=2)  # nb and db
    w.wait_for("poll done", count=2)  # the poll at start, done before the mail comes

    delivered = time.monotonic()
    _lmtp(intake, intake.application(), intake.nb)
    intake.smtp.wait_for(1, timeout=60)
    elapsed = time.monotonic() - delivered

    # the watch, not the hourly poll: a fraction of a minute (a poll, its reading and the mail sent take seconds;
    # 5 s allowed a busy machine little)
    assert elapsed < 30, elapsed
    assert len(intake.cases()) == 1
    code, out = intake.cli("poll")  # a manual poll meanwhile finds nothing new and shows the watch
    assert code == 0 and "veille IDLE active" in out, out
    log = w.stop()
    assert "worker stopped" in log and w.proc.returncode == 0, log
    assert len(intake.smtp.messages) == 1
    code, out = intake.cli("digest", "--preview", "--html", str(intake.config.parent / "d.html"))
    assert "veille arrêtée" in out, out


def test_a_dropped_connection_is_reopened_and_nothing_is_missed_or_doubled(intake, worker):
    w = worker()
    w.wait_for("waiting for new mail (IMAP IDLE)", count=2)
    w.wait_for("poll done", count=2)

    intake.dovecot.kick(intake.nb)  # the server drops every connection of nb ...
    _lmtp(intake, intake.application(), intake.nb)  # ... and mail comes while intake is away
    w.wait_for("IMAP watch lost")
    w.wait_for("waiting for new mail (IMAP IDLE)", count=3, timeout=30)
    intake.smtp.wait_for(1, timeout=15)

    _lmtp(intake, intake.application(sender="Autre <autre@asso.example>"), intake.nb)  # and after
    intake.smtp.wait_for(2, timeout=15)
    time.sleep(1)  # let any duplicate show itself
    log = w.stop()
    assert len(intake.smtp.messages) == 2, log
    assert len(intake.cases()) == 2
    assert sorted(m.rcpt_tos[0] for m in intake.smtp.messages) == ["autre@asso.example", "contact@velo.example"]


def test_the_watch_renews_idle_and_still_sees_mail(intake):
    app = open_app(load(intake.config))
    box = next(m for m in app.settings.mailboxes if m.name == "nb")
    seen = threading.Event()
    watcher = FolderWatcher(app, box, lambda _m: seen.set(), renew=0.4, tick=0.2)
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while watcher.idles < 4 and time.monotonic() < deadline:  # re-issued every 0.4 s
            time.sleep(0.1)
        assert watcher.idles >= 4
        assert not seen.is_set()  # renewing is not new mail
        intake.deliver(b"From: a@b.example\r\nSubject: x\r\n\r\nhello\r\n", intake.nb)
        assert seen.wait(5)
        assert "veille IDLE active" in watch_states(app)["nb"]
    finally:
        watcher.stop()
        watcher.join(10)
    assert not watcher.is_alive()
    assert "veille arrêtée" in watch_states(app)["nb"]


def test_a_server_without_idle_is_watched_with_noop(intake, tmp_path, token_server):
    capabilities = ("IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT SORT=DISPLAY THREAD=REFERENCES "
                    "THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN "
                    "NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES "
                    "WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY LITERAL+ "
                    "NOTIFY SPECIAL-USE")
    with Dovecot(extra_config=f"imap_capability = {capabilities}\n") as plain:
        user = plain.add_user("nb@example.test")
        text = intake.config.read_text(encoding="utf-8")
        text = (text.replace(f'address = "{intake.nb}"', f'address = "{user}"', 1)
                .replace(f'username = "{intake.nb}"', f'username = "{user}"', 1)
                .replace(f"port = {intake.dovecot.imap_port}", f"port = {plain.imap_port}", 1)
                .replace(intake.dovecot.ca_file, plain.ca_file))
        intake.config.write_text(text, encoding="utf-8")
        app = open_app(load(intake.config))
        box = next(m for m in app.settings.mailboxes if m.name == "nb")
        seen = threading.Event()
        watcher = FolderWatcher(app, box, lambda _m: seen.set(), noop_seconds=0.3)
        watcher.start()
        try:
            deadline = time.monotonic() + 10
            while "NOOP" not in watch_states(app).get("nb", "") and time.monotonic() < deadline:
                time.sleep(0.1)
            assert "veille par NOOP" in watch_states(app)["nb"], watch_states(app)
            assert not seen.wait(1)
            plain.deliver_lmtp(user, b"From: a@b.example\r\nSubject: x\r\n\r\nhello\r\n")
            assert seen.wait(5)
        finally:
            watcher.stop()
            watcher.join(10)
