"""`intake poll` with a mailbox it cannot reach, as an admin runs it: the failure is said in French on the
mailbox's line and in the last line, not a third time by the worker's English log line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from servers import free_ports

ROOT = Path(__file__).resolve().parents[2]


def test_an_unreachable_mailbox_is_said_in_french_without_the_worker_s_log_line(tmp_path):
    (closed,) = free_ports(1)
    (tmp_path / "config.toml").write_text(f"""data_dir = "data"
outbox_dir = "outbox"
[[mailboxes]]
name = "nb"
address = "n.bataillon@ville-bethune.fr"
host = "127.0.0.1"
port = {closed}
security = "none"
username = "nb"
password_env = "NC_TEST_PASSWORD"
since = 2026-11-01
[service]
name = "Ville de Béthune"
address = "Hôtel de ville, Place du 4 Septembre, 62400 Béthune"
email = "n.bataillon@ville-bethune.fr"
phone = "03 21 63 00 00"
hours = "du lundi au vendredi, 9 h - 17 h"
""", encoding="utf-8")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    env = {**os.environ, "NC_TEST_PASSWORD": "x"}

    def poll(*options: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "intake", *options, "poll"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)

    done = poll()
    assert done.returncode == 1, done
    assert "nb : 0 nouveau" in done.stdout and f"connexion refusée par 127.0.0.1:{closed}" in done.stdout
    assert done.stderr.splitlines() == [f"intake: 1 boîte illisible : nb : connexion refusée par 127.0.0.1:{closed} : "
                                        "vérifiez host, port et security, et que le serveur tourne"], done.stderr
    assert "poll failed" in poll("-v").stderr  # the log, when asked for
