"""A backup taken while a poll files mail (SQLite's online backup of the database, then a copy of the rest of
data_dir: the README's procedure when the worker cannot be stopped), restored: nothing filed twice, nothing lost,
every file the database names on disk, no mail sent twice without staff deciding."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only

APPLICANTS = 10


def backup(data: Path, to: Path) -> int:
    """The README's online backup: the database first (sqlite3's .backup: one consistent state), then every other
    file of data_dir (the file store only grows during a poll: what the database names was on disk before it).
    Returns how many messages that state had filed."""
    to.mkdir()
    with sqlite3.connect(data / "intake.db") as source, sqlite3.connect(to / "intake.db") as copy:
        source.backup(copy)
        filed = copy.execute("SELECT count(*) FROM piece").fetchone()[0]
    copy.close()
    shutil.copytree(data, to, dirs_exist_ok=True, ignore=_not_backed_up)
    return filed


def _not_backed_up(_directory: str, names: list[str]) -> list[str]:
    """As the README's rsync excludes: the database (copied first), scratch, and files still being written (`.tmp-*`
    in the store, `.*.tmp` tokens), which may be renamed between the listing and the copy."""
    return [n for n in names if n.startswith(("intake.db", ".tmp-")) or n == "scratch"
            or (n.startswith(".") and n.endswith(".tmp"))]


def test_a_backup_taken_during_a_poll_restores_a_consistent_service(intake, tmp_path):
    intake.poll()  # data_dir and its database exist, as on any day
    for n in range(APPLICANTS):
        intake.deliver(intake.application(sender=f"Porteur {n} <porteur{n}@asso{n}.example>",
                                          subject=f"Candidature au label : projet {n}"), intake.nb)
    data = intake.config.parent / "data"
    poll = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(intake.config), "poll"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    snapshots: list[tuple[Path, int]] = []
    while poll.poll() is None:
        snapshots.append((tmp_path / f"backup{len(snapshots)}", 0))
        snapshots[-1] = (snapshots[-1][0], backup(data, snapshots[-1][0]))
        time.sleep(0.05)
    assert poll.returncode == 0, poll.stdout.read() if poll.stdout else ""
    middle = [(path, filed) for path, filed in snapshots if 0 < filed < 3 * APPLICANTS]
    if not middle:
        pytest.skip(f"the poll ended before a backup caught it half-way ({[f for _p, f in snapshots]})")
    chosen, filed = middle[len(middle) // 2]
    before = Counter(m["To"] for m in intake.sent())

    shutil.rmtree(data)
    shutil.copytree(chosen, data)  # the restore
    code, out = intake.cli("outbox", "restored")
    assert code == 0 and "Sauvegarde restaurée notée" in out, out
    intake.poll()
    intake.poll()

    cases = intake.cases()
    assert sorted(c["applicant"] for c in cases) == sorted(f"porteur{n}@asso{n}.example" for n in range(APPLICANTS))
    assert all(c["pieces"] == ["courrier", "dossier", "visuels"] for c in cases), cases
    with sqlite3.connect(data / "intake.db") as db:
        named = {row[0] for row in db.execute("SELECT sha256 FROM piece")}
    db.close()
    missing = [h for h in named if not (data / "files" / h[:2] / h[2:4] / h).exists()]
    assert missing == [], "the restored database names files the backup does not hold"
    after = Counter(m["To"] for m in intake.sent())
    again = {to: after[to] - before[to] for to in after if after[to] > before[to]}
    # what the service sent after the backup was taken is not in it: nothing is sent again before staff decide
    assert again == {}, again
    held = intake.cli("outbox", "list")[1]
    assert held.count("retenu") >= APPLICANTS - filed // 3, held
