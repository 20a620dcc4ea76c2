"""Benchmark: from delivery to acknowledgement, with `intake run` running.

A mail is delivered by LMTP into Dovecot (as the town's MTA would); the clock stops when the
acknowledgement arrives at the SMTP test server. Side by side in one run:
  - IDLE: the worker as shipped (IMAP IDLE on each folder; scheduled polls hourly, so they cannot help);
  - baseline: the same worker with `idle = false` and the shortest schedule (a poll every minute).
With --oauth, the worker logs in to IMAP and SMTP with tokens from the local token server.

Run from the project root (Dovecot must be installed: `bash scripts/test.sh` does it):
    .venv/bin/python bench/bench_idle.py --mails 10 --baseline 3
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from servers import Dovecot, SmtpServer, TokenServer  # noqa: E402

from intake.commands import samples  # noqa: E402


def config(directory: Path, dovecot: Dovecot, smtp: SmtpServer, user: str, idle: bool, minutes: int,
           tokens: TokenServer | None) -> Path:
    since = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    if tokens is not None:
        client = tokens.add_client()
        os.environ["BENCH_OAUTH_SECRET"] = client.secret
        login = (f'auth = "oauth2"\nflow = "client_credentials"\ntoken_url = "{tokens.url}/token"\n'
                 f'client_id = "{client.client_id}"\nclient_secret_env = "BENCH_OAUTH_SECRET"\nscope = "mail"\n')
        imap_login, smtp_login = login, f'username = "{user}"\n' + login
    else:
        imap_login = 'password_env = "BENCH_PASSWORD"\n'
        smtp_login = f'username = "{smtp.username}"\npassword_env = "BENCH_SMTP_PASSWORD"\n'
    path = directory / "config.toml"
    path.write_text(f"""
data_dir = "data"
rules_dir = "{ROOT / 'rules'}"
templates_dir = "{ROOT / 'templates'}"
[[mailboxes]]
name = "nb"
address = "{user}"
host = "{dovecot.host}"
port = {dovecot.imap_port}
security = "starttls"
ca_file = "{dovecot.ca_file}"
since = {since}
idle = {'true' if idle else 'false'}
{imap_login}
[smtp]
host = "{smtp.host}"
port = {smtp.port}
security = "starttls"
ca_file = "{smtp.ca_file}"
{smtp_login}
[service]
name = "Bench"
address = "Hôtel de Ville"
email = "{user}"
phone = "03 21 00 00 00"
[schedule]
poll_minutes = {minutes}
outbox_minutes = {minutes}
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


def application(user: str, n: int) -> bytes:
    return samples.email(sender=f"applicant{n}@x.example", to=[user], subject=f"Candidature {n}",
                         attachments=[("dossier.pdf", samples.pdf(f"dossier d'intention {n}"), "application/pdf"),
                                      ("photo.jpg", samples.jpeg(60_000 + n), "image/jpeg")])


def measure(label: str, mails: int, idle: bool, minutes: int, oauth: bool) -> list[float]:
    tokens = TokenServer() if oauth else None
    if tokens is not None:
        tokens.start()
    try:
        with Dovecot(token_url=tokens.url if tokens else None) as dovecot, \
                SmtpServer(tokens=tokens) as smtp, tempfile.TemporaryDirectory() as tmp:
            user = dovecot.add_user("bench@example.test")
            path = config(Path(tmp), dovecot, smtp, user, idle, minutes, tokens)
            lines: list[str] = []
            proc = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(path), "run"],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    env=dict(os.environ, PYTHONPATH=str(ROOT)))
            threading.Thread(target=lambda: lines.extend(x.decode(errors="replace") for x in proc.stdout),
                             daemon=True).start()
            try:
                deadline = time.monotonic() + 60
                while not any("poll done" in x for x in lines):  # the start-up poll is over
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise SystemExit("the worker did not start:\n" + "".join(lines))
                    time.sleep(0.05)
                if idle:
                    while not any("waiting for new mail" in x for x in lines):
                        time.sleep(0.05)
                took = []
                for n in range(mails):
                    raw = application(user, n)
                    start = time.time()
                    dovecot.deliver_lmtp(user, raw)
                    got = smtp.wait_for(n + 1, timeout=minutes * 60 + 60)
                    took.append(got[n].received_at - start)
                    print(f"  {label} mail {n + 1}: acknowledged after {took[-1]:.2f} s", flush=True)
                return took
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(60)
    finally:
        if tokens is not None:
            tokens.stop()


def summary(label: str, took: list[float]) -> str:
    return (f"{label}: {len(took)} mails, median {statistics.median(took):.2f} s, "
            f"max {max(took):.2f} s, min {min(took):.2f} s")


def main() -> None:
    warnings.simplefilter("ignore", DeprecationWarning)  # aiosmtpd's, in the test SMTP server
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's deprecation notice, once a mail
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=10, help="applications delivered with IDLE")
    parser.add_argument("--baseline", type=int, default=3, help="applications delivered with polling only (0: skip)")
    parser.add_argument("--oauth", action="store_true", help="log in with OAuth2 tokens (local token server)")
    args = parser.parse_args()
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}")
    print(f"command: {' '.join(sys.argv)}")
    results = [summary("IDLE (intake run as shipped)", measure("IDLE", args.mails, True, 60, args.oauth))]
    if args.baseline:
        results.append(summary("baseline: no IDLE, poll every minute",
                               measure("baseline", args.baseline, False, 1, args.oauth)))
    print("\n".join(results))


if __name__ == "__main__":
    main()
