"""`intake run`, the real process: it polls at start, sends, and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_the_worker_files_and_acknowledges_then_stops_on_sigterm(intake):
    intake.deliver(intake.application(), intake.nb)
    env = dict(os.environ, PYTHONPATH=str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(intake.config), "run"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 30
        while not intake.smtp.messages and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    log = out.decode()
    assert intake.smtp.messages, log
    assert proc.returncode == 0, log
    assert "worker stopped" in log
    assert "UID 1" in log and "filed" in log  # logs name the mailbox, the UID and the decision
    assert len(intake.cases()) == 1 and len(intake.smtp.messages) == 1
