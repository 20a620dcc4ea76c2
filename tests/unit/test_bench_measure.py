"""bench/measure.py sums the PSS of the whole process tree from /proc/PID/smaps_rollup. intake's main process is not
dumpable (c798111): a user other than root, without CAP_SYS_PTRACE, cannot read its memory, and the main process was
then counted as 0 in tree_pss_mib, silently. It now says so and fails (exit 3, tree_pss_mib null)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

MEASURE = Path(__file__).resolve().parents[2] / "bench" / "measure.py"
NOT_DUMPABLE = ("import ctypes, time; ctypes.CDLL(None).prctl(4, 0, 0, 0, 0); "  # PR_SET_DUMPABLE 0
                "bytearray(20_000_000); time.sleep(0.5)")


def _as_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("root without setpriv: every process's memory is readable")
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"]


@pytest.fixture
def folder():
    """A folder the unprivileged user can write (pytest's tmp_path is root's alone)."""
    path = Path(tempfile.mkdtemp(prefix="intake-measure-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path)


def test_a_process_whose_memory_cannot_be_read_is_never_counted_as_nothing(folder):
    tmp_path = folder
    result = tmp_path / "m.json"
    done = subprocess.run([*_as_user(), sys.executable, str(MEASURE), "--sample", str(result), "--", sys.executable,
                           "-c", NOT_DUMPABLE], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 3, (done.returncode, done.stderr)
    assert "could not be read" in done.stderr and "CAP_SYS_PTRACE" in done.stderr, done.stderr
    m = json.loads(result.read_text())
    assert m["tree_pss_mib"] is None and m["pss_unreadable"] >= 1, m


def test_a_readable_tree_is_measured(folder):
    tmp_path = folder
    result = tmp_path / "m.json"
    done = subprocess.run([*_as_user(), sys.executable, str(MEASURE), "--sample", str(result), "--", sys.executable,
                           "-c", "import time; b = b'x' * 20_000_000; time.sleep(0.5)"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(result.read_text())["tree_pss_mib"] > 10
