"""The service's secrets (mailbox and relay passwords, the OAuth2 client secret, the token store's key, the database's
password) never reach a process intake starts: a reading process parses anyone's file, and what its memory holds (its
environment first: /proc/PID/environ) is what an exploit of a parser, or a crash report, takes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from intake.commands import samples

PROJECT = Path(__file__).resolve().parents[2]
SECRETS = {"INTAKE_NBATAILLON_PASSWORD": "nb-imap-5ecret-7f3a", "INTAKE_DBERTELOOT_PASSWORD": "db-imap-5ecret-91c2",
           "INTAKE_SMTP_PASSWORD": "relay-5ecret-c0de"}

# the command line's own path (intake.cli.entry: withheld once the configuration is read), then every process the
# reading started and still alive (multiprocessing's forkserver, which each reading process is forked from and
# whose environment it inherits, and its resource tracker): their environment and their memory
SCRIPT = r"""
import os, sys
from intake.cli import main

def found(secrets):
    me, hits = os.getpid(), []
    for pid in (p for p in os.listdir("/proc") if p.isdigit() and int(p) != me):
        try:
            if open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1] != str(me):
                continue
            blocks = [open(f"/proc/{pid}/environ", "rb").read()]
            with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb") as mem:
                for line in maps:
                    start, end = (int(x, 16) for x in line.split()[0].split("-"))
                    if "rw" in line.split()[1] and end - start < 1 << 28:
                        try:
                            mem.seek(start)
                            blocks.append(mem.read(end - start))
                        except OSError:
                            pass
        except OSError:
            continue
        hits += [f"{pid}:{s}" for s in secrets if any(s.encode() in b for b in blocks)]
    return hits

if __name__ == "__main__":
    config, eml, *secrets = sys.argv[1:]
    try:
        main(args=["--config", config, "explain", eml], obj={"withhold_secrets": True}, standalone_mode=False)
    finally:
        children = [p for p in os.listdir("/proc") if p.isdigit()
                    and open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1] == str(os.getpid())]
        print("CHILDREN", len(children))
        print("FOUND", " ".join(found(secrets)))
"""


def test_no_process_intake_starts_to_read_a_file_holds_a_password(tmp_path):
    config = (PROJECT / "config.example.toml").read_text(encoding="utf-8")
    config = (config.replace('data_dir = "/var/lib/intake"', f'data_dir = "{tmp_path / "data"}"')
              .replace('rules_dir = "rules"', f'rules_dir = "{PROJECT / "rules"}"')
              .replace('templates_dir = "templates"', f'templates_dir = "{PROJECT / "templates"}"'))
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    (tmp_path / "app.eml").write_bytes(samples.email(
        sender="Asso <asso@x.example>", to=["n.bataillon@ville-bethune.fr"], subject="Candidature",
        attachments=[("dossier.pdf", samples.pdf("Dossier d'intention"), "application/pdf")]))
    env = dict(os.environ, PYTHONPATH=str(PROJECT), **SECRETS)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "config.toml"), str(tmp_path / "app.eml"),
                           *SECRETS.values()], capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Objet   : Candidature" in done.stdout  # the message was read
    assert "CHILDREN 0" not in done.stdout  # the reading's processes were there to look at
    assert "FOUND \n" in done.stdout, done.stdout[-500:]


def test_no_other_process_of_the_service_s_user_may_read_intake_s_memory():
    """Withheld from the processes intake starts, the secrets are still in intake's own memory and in the environment
    it was started with (/proc/PID/environ keeps it as it came). A reading process runs as the same user, and the
    kernel let any process of that user read both (systemd's ProtectProc hides only other users' processes): an
    applicant's file that took a reader over read the poller's passwords there. intake makes its process
    non-dumpable (PR_SET_DUMPABLE 0), which also keeps it from leaving a core dump: only root reads it."""
    code = ("import ctypes, sys\nfrom intake.cli import entry\nsys.argv = ['intake', '--help']\n"
            "try:\n    entry()\nexcept SystemExit:\n    pass\n"
            "print('DUMPABLE', ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))\n")  # PR_GET_DUMPABLE
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(PROJECT)))
    assert done.returncode == 0, done.stderr
    assert "DUMPABLE 0" in done.stdout, done.stdout[-300:]
