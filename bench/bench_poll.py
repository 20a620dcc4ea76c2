"""Benchmark: how long `intake poll` takes against a real Dovecot on loopback.

Measures (1) a poll that files N new applications (each acknowledged through the
SMTP test server), and (2) a poll of a mailbox holding M messages already seen.

Run from the project root (Dovecot must be installed: `bash scripts/test.sh` does it):
    .venv/bin/python bench/bench_poll.py --new 200 --seen 1000
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from backlog import rules_for_volume  # noqa: E402
from servers import Dovecot, SmtpServer  # noqa: E402

from intake.app import open_app  # noqa: E402
from intake.commands import samples  # noqa: E402
from intake.config import load  # noqa: E402
from intake.pipeline.poll import poll_all  # noqa: E402
from intake.pipeline.send import send_due  # noqa: E402


def config(directory: Path, dovecot: Dovecot, smtp: SmtpServer, user: str) -> Path:
    since = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    path = directory / "config.toml"
    path.write_text(f"""
data_dir = "data"
rules_dir = "{rules_for_volume(directory)}"
templates_dir = "{ROOT / 'templates'}"
[[mailboxes]]
name = "nb"
address = "{user}"
host = "{dovecot.host}"
port = {dovecot.imap_port}
security = "starttls"
password_env = "BENCH_PASSWORD"
ca_file = "{dovecot.ca_file}"
since = {since}
[smtp]
host = "{smtp.host}"
port = {smtp.port}
security = "starttls"
username = "{smtp.username}"
password_env = "BENCH_SMTP_PASSWORD"
ca_file = "{smtp.ca_file}"
[service]
name = "Bench"
address = "Hôtel de ville, Place du 4 Septembre, BP 10711, 62407 Béthune"
email = "{user}"
phone = "03 21 00 00 00"
# the bench's applicants write from one domain or a few: none is a flood to cap
[limits]
cases_per_domain_per_day = 1000000
unauthenticated_cases_per_day = 10000000
bytes_per_sender_per_day = 100000000000000
bytes_per_domain_per_day = 100000000000000
unauthenticated_bytes_per_day = 100000000000000
bytes_per_authenticated_sender_per_day = 100000000000000
bytes_per_authenticated_domain_per_day = 100000000000000
""", encoding="utf-8")
    os.environ["BENCH_PASSWORD"], os.environ["BENCH_SMTP_PASSWORD"] = dovecot.password, smtp.password
    return path


def mail(user: str, n: int, application: bool) -> bytes:
    attachments = [("dossier.pdf", samples.pdf(f"dossier {n}"), "application/pdf"),
                   ("photo.jpg", samples.jpeg(60_000 + n), "image/jpeg")] if application else []
    return samples.email(sender=f"applicant{n}@x.example", to=[user], subject=f"Candidature {n}",
                         attachments=attachments)


def timed(label: str, fn) -> None:
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {elapsed:.2f} s, process peak RSS so far {peak:.0f} MB ({result})")


def main() -> None:
    warnings.simplefilter("ignore", DeprecationWarning)  # aiosmtpd's, in the test SMTP server
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--new", type=int, default=200, help="new applications in the timed poll")
    parser.add_argument("--seen", type=int, default=1000, help="messages already seen in the idle poll")
    args = parser.parse_args()
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}")
    print(f"command: {' '.join(sys.argv)}")
    with Dovecot() as dovecot, SmtpServer() as smtp, tempfile.TemporaryDirectory() as tmp:
        user = dovecot.add_user("bench@example.test")
        app = open_app(load(config(Path(tmp), dovecot, smtp, user)))
        for n in range(args.new):
            dovecot.append(user, mail(user, n, True))

        def poll_and_send():
            reports = poll_all(app)
            return f"{reports[0].filed} filed, {send_due(app).sent} acknowledgements sent"

        timed(f"poll filing {args.new} new applications", poll_and_send)
        for n in range(args.new, args.seen):
            dovecot.append(user, mail(user, n, False))
        timed(f"poll bringing the total to {args.seen} seen", lambda: f"{poll_all(app)[0].fetched} fetched")
        timed(f"poll of a mailbox of {args.seen} messages, all seen",
              lambda: f"{poll_all(app)[0].fetched} fetched")


if __name__ == "__main__":
    main()
