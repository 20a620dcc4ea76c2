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


def test_both_services_are_bounded_in_memory_and_outlive_a_reading_process_killed_for_it():
    """Up to 8 reading processes of 4 GiB of address space each: a flood of decompression bombs could take the
    machine's memory, and the kernel would then kill the largest process of any service (PostgreSQL, nginx). Bounded,
    the kernel kills a reading process of intake's own, whose file is then said unread, and the worker goes on
    (OOMPolicy=continue; systemd's default would stop the whole service)."""
    for name in ("intake.service", "intake-web.service"):
        found = directives(name)
        assert found.get("MemoryMax", "").rstrip("G").isdigit(), name
        assert found.get("OOMPolicy") == "continue", name
        assert found.get("TasksMax", "").isdigit(), name
