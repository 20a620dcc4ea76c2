"""The systemd units shipped in docs/: the worker, which reads attackers' files (PDF, pictures, archives, OCR) in its
reading processes, is confined at least as tightly as the console, which reads forms."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
# what differs between the two services by their job, not by their confinement
OWN = {"Description", "ExecStart", "Environment", "Restart", "RestartSec", "KillSignal", "TimeoutStopSec"}


def directives(name: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (DOCS / name).read_text(encoding="utf-8").splitlines():
        key, eq, value = line.partition("=")
        if eq and key.isalpha() and key not in OWN:
            found[key] = value
    return found


def test_the_worker_keeps_every_confinement_of_the_console_its_system_calls_included():
    worker, console = directives("intake.service"), directives("intake-web.service")
    missing = {key: value for key, value in console.items() if worker.get(key) != value}
    assert missing == {}
    assert worker["SystemCallFilter"] == "@system-service" and worker["SystemCallErrorNumber"] == "EPERM"
