"""`intake ... | head -1`: the reader going away is no failure (exit 0, nothing on stderr); click alone exits 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

INTAKE = Path(sys.executable).with_name("intake")  # the console script, as installed


@pytest.mark.parametrize("args", [("--help",), ("rules", "--help"), ("case", "--help")])
def test_a_reader_that_stops_reading_is_not_a_failure(args):
    proc = subprocess.Popen([str(INTAKE), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0 and err == b"", err
