"""The bounds every reader keeps: the text it returns, and the time and memory of the tools it runs.

Shared by adapters/extract.py (the dispatcher and PDF), adapters/ocr.py and adapters/office.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time

MAX_TEXT = 200_000  # characters kept
CHILD_MEMORY = 2 << 30  # bytes of address space for the tools a reader runs (pdftoppm, antiword...)
TIMED_OUT = "lecture interrompue (temps dépassé)"


def _bounded(text: str) -> tuple[str, bool]:
    return text[:MAX_TEXT], len(text) > MAX_TEXT


def _run(argv: list[str], folder: str, deadline: float):
    """Run a tool in `folder` until `deadline`: (CompletedProcess, "") or (None, why it did not finish)."""
    left = deadline - time.monotonic()
    if left < 1:
        return None, TIMED_OUT
    if shutil.which("prlimit"):
        argv = ["prlimit", f"--as={CHILD_MEMORY}", "--", *argv]  # prlimit execs the tool: same process
    try:
        return subprocess.run(argv, cwd=folder, capture_output=True, timeout=left,
                              env={**os.environ, "OMP_THREAD_LIMIT": "1"}), ""
    except subprocess.TimeoutExpired:
        return None, TIMED_OUT
    except OSError as exc:
        return None, f"outil de lecture indisponible ({exc.strerror})"
