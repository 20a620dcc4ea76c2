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


MAX_FIELDS = 500  # form fields kept from one file (a real form has tens)
MAX_FIELD_NAME, MAX_FIELD_VALUE = 200, 5_000  # characters kept of a field's name and of its value


def bounded_fields(fields: dict[str, str]) -> tuple[dict[str, str], bool]:
    """At most MAX_FIELDS fields, each name and value cut, MAX_TEXT characters in all, and whether any was cut.
    A document's form fields travel back to the poller's process with its text: unbounded, 60 DOCX of 9,000
    content controls each (a 9 MB mail) put 1.1 GB there (the fifth attacker's review)."""
    out: dict[str, str] = {}
    total, cut = 0, False
    for name, value in fields.items():
        name, value = str(name)[:MAX_FIELD_NAME], str(value)
        if len(value) > MAX_FIELD_VALUE:
            value, cut = value[:MAX_FIELD_VALUE], True
        if len(out) >= MAX_FIELDS or total + len(name) + len(value) > MAX_TEXT:
            return out, True
        out[name] = value
        total += len(name) + len(value)
    return out, cut


# What a reading tool (and a reading process) keeps of intake's environment: where programs and their data are, the
# locale, the time zone, the temporary folder. Never the rest: the passwords, the OAuth2 secret and the token store's
# key are there (systemd's EnvironmentFile), and a parser of anyone's file must not hold them (an exploit of it, a
# crash report that records its environment).
_KEPT_ENV = ("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TESSDATA_PREFIX", "INTAKE_OCR", "ANTIWORDHOME",
             "LD_LIBRARY_PATH")


def kept_env() -> dict[str, str]:
    """What a reading process keeps of intake's environment (`_KEPT_ENV`, the locale's LC_*, OpenMP's settings)."""
    return {k: v for k, v in os.environ.items() if k in _KEPT_ENV or k.startswith(("LC_", "OMP_"))}


def reading_env() -> dict[str, str]:
    """The environment a reading tool runs with: `kept_env()` and one OpenMP thread."""
    return {**kept_env(), "OMP_THREAD_LIMIT": "1"}


def _run(argv: list[str], folder: str, deadline: float):
    """Run a tool in `folder` until `deadline`: (CompletedProcess, "") or (None, why it did not finish)."""
    left = deadline - time.monotonic()
    if left < 1:
        return None, TIMED_OUT
    if shutil.which("prlimit"):
        argv = ["prlimit", f"--as={CHILD_MEMORY}", "--", *argv]  # prlimit execs the tool: same process
    try:
        return subprocess.run(argv, cwd=folder, capture_output=True, timeout=left,
                              env=reading_env()), ""
    except subprocess.TimeoutExpired:
        return None, TIMED_OUT
    except OSError as exc:
        return None, f"outil de lecture indisponible ({exc.strerror})"
