"""Benchmark: intake side by side with the floor (imap-tools + mail-parser only), on the same mail.

Four measures, each a fresh process of `intake poll` and of bench/floor.py against a real Dovecot on
loopback (the SMTP test server receives the acknowledgements):

1. backlog: the first poll of a mailbox holding APPS applications (2-4 attachments each) among EVERYDAY
   everyday messages, until every case is filed and every acknowledgement sent;
2. everyday mail only: a catch-up poll of EVERYDAY-ONLY everyday messages, per message (the service installed
   first: its database made and its templates checked by a poll of the empty mailbox);
3. idle: `intake poll` when nothing is new, in a mailbox of SEEN messages (median of 5 runs);
4. memory: peak RSS of a poll of one ~35 MiB message (a 25 MB photo and a dossier).

Each run is a fresh process under bench/measure.py: wall time; CPU (user + system of the process and
of every process it started, reading processes and OCR included); for the memory runs, the peak of
the summed PSS of all those processes (sampled every 10 ms). The backlog run is checked: one case per
application with the status its attachments call for, one acknowledgement each; wrong results fail
the run. Each of the four also runs the floor as issue 13 words it (bench/floor.py --imap-tools: imap-tools
parses each message too), a second column beside the stricter floor. Run from the project root after
`bash scripts/test.sh` installed everything:
    .venv/bin/python bench/bench_backlog.py [--apps 400 --everyday 1600 --everyday-only 4000 --seen 10000]
"""

from __future__ import annotations

import argparse
import compileall
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

import backlog  # noqa: E402
from servers import Dovecot, SmtpServer  # noqa: E402

GOALS = {"backlog": 3.0, "everyday": 1.3, "idle": 2.0, "memory": 1.0}


@dataclass
class Run:
    wall: float
    cpu: float  # the process and every process it started (reading processes, tesseract...)
    rss_mib: float  # peak RSS of the main process
    tree_mib: float  # peak summed PSS of the whole process tree (sampled; 0 when not sampled)
    out: str


def run_process(cmd: list[str], env: dict[str, str], sample: bool = False) -> Run:
    """Run a command to its end under bench/measure.py, which reaps every process it leaves behind
    (so their CPU time is counted) and, with `sample`, samples the tree's memory."""
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        proc = subprocess.run([sys.executable, str(ROOT / "bench" / "measure.py"), *(["--sample"] if sample else []),
                               result.name, "--", *cmd], env=env, capture_output=True, cwd=ROOT)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): "
                               f"{proc.stderr.decode(errors='replace')[-2000:]}")
        m = json.loads(Path(result.name).read_text())
    return Run(m["wall"], m["cpu"], m["main_rss_mib"], m["tree_pss_mib"], proc.stdout.decode(errors="replace"))


class Bench:
    def __init__(self, dovecot: Dovecot, smtp: SmtpServer, tmp: Path):
        self.dovecot, self.smtp, self.tmp = dovecot, smtp, tmp
        self.env = {**os.environ, "BENCH_PASSWORD": dovecot.password, "BENCH_SMTP_PASSWORD": smtp.password,
                    "FLOOR_PASSWORD": dovecot.password, "PYTHONWARNINGS": "ignore"}
        self.since = datetime.now(timezone.utc) - timedelta(days=2)

    def mailbox(self, name: str, messages: list[bytes], old: list[bytes] = ()) -> str:
        user = self.dovecot.add_user(f"{name}@example.test")
        if old:
            self.deliver(user, list(old), self.since - timedelta(days=60))  # the old ones get their UIDs first
        self.deliver(user, messages)
        return user

    def deliver(self, user: str, messages: list[bytes], when: datetime | None = None) -> None:
        """Put `messages` in the user's mailbox (received an hour after `since`, unless `when`), as new mail."""
        maildir = self.dovecot.dir / "mail" / user
        before = self.dovecot.status(user)["MESSAGES"]
        backlog.fill_maildir(maildir, messages, when or self.since + timedelta(hours=1),
                             (self.dovecot._uid, self.dovecot._gid))
        status = self.dovecot.status(user)
        assert status["MESSAGES"] == before + len(messages), status

    def config(self, name: str, user: str) -> Path:
        directory = self.tmp / name
        directory.mkdir()
        path = directory / "config.toml"
        path.write_text(f"""
data_dir = "data"
rules_dir = "{backlog.rules_for_volume(directory)}"
templates_dir = "{ROOT / 'templates'}"
[[mailboxes]]
name = "nb"
address = "{user}"
host = "{self.dovecot.host}"
port = {self.dovecot.imap_port}
security = "starttls"
password_env = "BENCH_PASSWORD"
ca_file = "{self.dovecot.ca_file}"
since = {self.since.date().isoformat()}
[smtp]
host = "{self.smtp.host}"
port = {self.smtp.port}
security = "starttls"
username = "{self.smtp.username}"
password_env = "BENCH_SMTP_PASSWORD"
ca_file = "{self.smtp.ca_file}"
[service]
name = "Ville de Béthune - Mission Béthune Smart City"
address = "Hôtel de ville, Place du 4 Septembre, BP 10711, 62407 Béthune"
email = "{user}"
phone = "03 21 63 00 00"
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
        return path

    def intake(self, config: Path, *args: str, sample: bool = False) -> Run:
        return run_process([sys.executable, "-m", "intake", "--config", str(config), *args], self.env, sample)

    def floor(self, user: str, after: int = 0, sample: bool = False, imap_tools: bool = False) -> Run:
        """The floor (bench/floor.py); `imap_tools`: the floor as the issue words it, imap-tools parsing too."""
        return run_process([sys.executable, str(ROOT / "bench" / "floor.py"), "--host", self.dovecot.host,
                            "--port", str(self.dovecot.imap_port), "--user", user, "--ca", self.dovecot.ca_file,
                            "--after", str(after), "--since", self.since.date().isoformat(),
                            *(["--imap-tools"] if imap_tools else [])], self.env, sample)

    def cases(self, config: Path) -> list[dict]:
        return json.loads(self.intake(config, "cases", "--json").out)


def row(metric: str, ours: float, floor: float, unit: str, goal: float, issue_floor: float | None = None) -> str:
    """A line of the table: intake against the floor, and against the floor as the issue words it (imap-tools
    parsing too) when measured; the goal judged against each."""
    def ratio(against: float | None) -> str:
        if against is None:
            return "| - | - "
        r = ours / against if against else float("inf")
        return f"| {against:.2f} {unit} | {r:.2f}x {'ok' if r <= goal else 'over'} "
    return f"| {metric} | {ours:.2f} {unit} {ratio(floor)}{ratio(issue_floor)}| <= {goal:g}x |"


def main() -> None:
    warnings.simplefilter("ignore")  # aiosmtpd's deprecation notices, from the in-process SMTP server
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # and its "login_data is deprecated" at every login
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=400)
    parser.add_argument("--everyday", type=int, default=1600)
    parser.add_argument("--everyday-only", type=int, default=4000)
    parser.add_argument("--seen", type=int, default=10000)
    parser.add_argument("--skip", default="", help="comma-separated: backlog,everyday,idle,memory")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    # intake's modules as an installed copy has them, compiled (`pip install` compiles them; an editable install
    # writes them at its first run): where PYTHONDONTWRITEBYTECODE is set, as on the project's machine on 2026-12-02,
    # every `intake` process compiled its sources again (about 60 ms of an idle poll's start there), while the
    # floor's libraries, installed by pip, were compiled
    compileall.compile_dir(ROOT / "intake", quiet=1)
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}")
    print(f"command: {' '.join(sys.argv)}")
    rows, problems = [], []
    with Dovecot() as dovecot, SmtpServer() as smtp, tempfile.TemporaryDirectory() as tmp:
        bench = Bench(dovecot, smtp, Path(tmp))
        if "backlog" not in skip or "idle" not in skip:
            start = bench.since + timedelta(hours=1)
            old = [backlog.everyday(n, "x", start) for n in range(max(0, args.seen - args.apps - args.everyday))]
            user = bench.mailbox("backlog", backlog.backlog(args.apps, args.everyday, "backlog@example.test", start),
                                 old=old)
            config = bench.config("backlog", user)
            floor, issue_floor = bench.floor(user), bench.floor(user, imap_tools=True)
            before = len(smtp.messages)
            ours = bench.intake(config, "poll")
            cases, acks = bench.cases(config), len(smtp.messages) - before
            print(f"backlog: intake {ours.wall:.1f} s wall, {ours.cpu:.1f} s CPU, {len(cases)} cases, {acks} "
                  f"acknowledgements; floor {floor.wall:.1f} s wall, {floor.cpu:.1f} s CPU ({floor.out.strip()}); "
                  f"with imap-tools parsing {issue_floor.wall:.1f} s wall, {issue_floor.cpu:.1f} s CPU")
            problems += check_backlog(args.apps, cases, acks)
            rows.append(row(f"backlog: {args.apps} applications among {args.apps + args.everyday} messages, "
                            "wall", ours.wall, floor.wall, "s", GOALS["backlog"], issue_floor.wall))
            rows.append(row("backlog, CPU", ours.cpu, floor.cpu, "s", GOALS["backlog"], issue_floor.cpu))
            uids = dovecot.uids(user)
            idle_ours = [bench.intake(config, "poll").wall for _ in range(5)]
            idle_floor = [bench.floor(user, after=max(uids)).wall for _ in range(5)]
            rows.append(row(f"`intake poll` with nothing new ({len(uids)} messages in the mailbox), median of 5",
                            statistics.median(idle_ours) * 1000, statistics.median(idle_floor) * 1000, "ms",
                            GOALS["idle"]))
        if "everyday" not in skip:
            n = args.everyday_only
            start = bench.since + timedelta(hours=1)
            # a catch-up poll is the poll of a running service after a stop: installed first (its database made,
            # its templates checked: about 1 s, once, which the first poll ever pays), then the mail comes
            user = bench.mailbox("everyday", [])
            config = bench.config("everyday", user)
            bench.intake(config, "poll")
            bench.deliver(user, [backlog.everyday(i, "everyday@example.test", start) for i in range(n)])
            floor, issue_floor = bench.floor(user), bench.floor(user, imap_tools=True)
            ours = bench.intake(config, "poll")
            rows.append(row(f"everyday mail only ({n} messages, catch-up poll), per message", ours.wall / n * 1000,
                            floor.wall / n * 1000, "ms", GOALS["everyday"], issue_floor.wall / n * 1000))
        if "memory" not in skip:
            user = bench.mailbox("big", [backlog.big_photo_message("big@example.test")])
            config = bench.config("big", user)
            ours = bench.intake(config, "poll", sample=True)
            floor, issue_floor = bench.floor(user, sample=True), bench.floor(user, sample=True, imap_tools=True)
            (case,) = bench.cases(config) or [None]
            if case is None or "visuels" not in case["pieces"]:
                problems.append(f"memory: the large message was not filed with its photo: {case}")
            print(f"memory: intake main process {ours.rss_mib:.0f} MiB, all its processes {ours.tree_mib:.0f} MiB; "
                  f"floor {floor.rss_mib:.0f} MiB, with imap-tools parsing {issue_floor.rss_mib:.0f} MiB")
            rows.append(row(f"peak memory (all processes), one message of "
                            f"{json.loads(floor.out)['bytes'] / 2**20:.0f} MiB", ours.tree_mib, floor.tree_mib, "MiB",
                            GOALS["memory"], issue_floor.tree_mib))
    print()
    print("| metric | intake | floor | ratio | floor, imap-tools parsing too (the issue's words) | ratio | goal |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for line in rows:
        print(line)
    if problems:
        print("\nWRONG RESULTS (the timings above do not count):\n" + "\n".join(problems))
        sys.exit(1)


def check_backlog(apps: int, cases: list[dict], acks: int) -> list[str]:
    """One case per application, each with the status a correct reading gives, one acknowledgement each."""
    problems = []
    if len(cases) != apps or acks != apps:
        problems.append(f"backlog: {len(cases)} cases and {acks} acknowledgements for {apps} applications")
    expected = {backlog.applicant(n): backlog.expected_status(n) for n in range(apps)}
    for case in cases:
        want = expected.get(case["applicant"], "(not an application)")
        if case["status"] != want:
            problems.append(f"backlog: {case['reference']} from {case['applicant']} is {case['status']} "
                            f"(pieces {case['pieces']}), expected {want}")
    return problems


if __name__ == "__main__":
    main()
