"""data_dir's disk full during a poll, on a real (tiny) file system: what the operator reads, what staff and the
applicant get once space is freed. Needs root (a tmpfs is mounted for data_dir); skipped otherwise."""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"no tmpfs here: {mounted.stderr.strip()}")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path) -> Path:
    """Take every free byte of the file system (a log, a backup, another program's files)."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError:
            pass
        try:
            while True:
                out.write(b"\0" * 512)
        except OSError:
            pass
    return filler


def test_a_full_disk_says_one_line_loses_nothing_and_files_once_when_freed(intake, small_disk, caplog):
    intake.config.write_text(intake.config.read_text(encoding="utf-8").replace(
        'data_dir = "data"', f'data_dir = "{small_disk / "data"}"'), encoding="utf-8")
    intake.configure("[limits]\nmin_free_bytes = 1")  # a disk filled by something else than intake's own mail
    intake.poll()  # the database and its folders exist, as on any day
    intake.deliver(intake.application(), intake.nb)
    filler = _fill(small_disk)

    caplog.clear()
    code, out = intake.cli("poll")
    assert code == 1, out
    # the operator's journal: one line each, the same words, and no traceback (a full disk is no bug)
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
    assert all("disque plein" in r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING), \
        [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert "Traceback" not in out, out
    assert "disque plein : plus de place sur le disque" in out and "OperationalError" not in out, out
    assert intake.cases() == [] or all(c["reference"] for c in intake.cases())
    assert intake.sent() == [], "nothing is acknowledged that was not filed"

    filler.unlink()
    intake.poll()
    cases = intake.cases()
    assert len(cases) == 1 and cases[0]["pieces"] == ["courrier", "dossier", "visuels"], cases
    intake.poll()
    acknowledgements = [m for m in intake.sent() if m["To"] and "contact@velo.example" in m["To"]]
    assert len(acknowledgements) == 1, [m["Subject"] for m in intake.sent()]
    assert len(intake.cases()) == 1
