"""Benchmark: the staff console over 10,000 cases, beside its own floor (the sign-in page, no database).

Builds a database of CASES cases spread over ten years (statuses, fields, 3 pieces, 2 messages, a mail and
8 history lines each, as the service files them), starts `intake serve` in its own process, signs in
through the real link (written to the outbox folder), then times each page over keep-alive HTTP:

    floor          GET /login                       the framework and a template, no query
    list           GET /cases                       first page, counts by status
    search         GET /cases?q=...                 accent-blind search on five columns
    filters        GET /cases?theme=...&criteres=.. two dossier fields (JSON) and a status
    deep page      GET /cases?tri=demandeur&page=.. sorted on another column, page 150
    case           GET /cases/REF                   a case page
    jury           GET /jury                        every complete and admissible case

Median and 95th percentile of RUNS requests after 3 warm-ups; the server's peak RSS at the end.
Run from the project root after `bash scripts/test.sh` installed everything:
    .venv/bin/python bench/bench_console.py [--cases 10000 --runs 40]
"""

from __future__ import annotations

import argparse
import email
import email.policy
import hashlib
import http.client
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from servers import free_ports  # noqa: E402

STATUSES = [("incomplete", 35), ("complete", 15), ("review", 10), ("admissible", 10), ("inadmissible", 8),
            ("labelled", 10), ("declined", 7), ("withdrawn", 5)]
FIRST = ["Association", "Collectif", "Amicale", "Société", "Comité", "Club", "Maison", "Atelier"]
WHAT = ["Vélo", "Jardin", "Numérique", "Solidarité", "Quartier", "Énergie", "Culture", "Santé", "Mobilité", "Déchets"]
WHERE = ["Béthunois", "du Centre", "de la Gare", "du Marais", "des Cheminots", "Saint-Vaast", "du Quai", "des Écoles"]


def config(directory: Path, port: int) -> Path:
    (directory / "mail").mkdir()
    path = directory / "config.toml"
    path.write_text(f"""
data_dir = "data"
outbox_dir = "outbox"
rules_dir = "{ROOT / 'rules'}"
templates_dir = "{ROOT / 'templates'}"
[[mailboxes]]
name = "n.bataillon"
address = "n.bataillon@ville-bethune.fr"
path = "mail"
since = 2017-01-01
[service]
name = "Ville de Béthune - Mission Béthune Smart City"
address = "Hôtel de ville, Place du 4 Septembre, BP 10711, 62407 Béthune"
email = "n.bataillon@ville-bethune.fr"
phone = "03 21 63 00 00"
[web]
listen = "127.0.0.1:{port}"
[[staff]]
email = "n.bataillon@ville-bethune.fr"
name = "Nicolas Bataillon"
role = "admin"
""", encoding="utf-8")
    return path


def populate(app, count: int, seed: int = 7, start: datetime = datetime(2017, 1, 2, 9, 0, tzinfo=timezone.utc),
             years: float = 10.0, first_id: int = 1) -> str:
    """`count` cases as the service files them, received over `years` from `start` (ids from `first_id`, so
    that they can join cases already there); returns a reference in the middle."""
    from intake.store.tables import Case, CaseEvent, Inbound, Outbox, Piece

    rnd = random.Random(seed)
    rules = app.rules
    choices = {f.key: [v for v, _ in f.choices] for f in rules.fields if f.choices}
    statuses = [s for s, weight in STATUSES for _ in range(weight)]
    cases, pieces, inbound, outbox, events = [], [], [], [], []
    for n in range(first_id, first_id + count):
        received = start + timedelta(minutes=(n - first_id) * int(525_600 * years) // count)
        year = received.year
        status = rnd.choice(statuses)
        org = f"{rnd.choice(FIRST)} {rnd.choice(WHAT)} {rnd.choice(WHERE)}"
        title = f"{rnd.choice(WHAT)} {rnd.choice(WHERE)} {n}"
        fields = {"titre": title, "organisation": org, "contact": f"contact{n}@asso{n % 97}.example",
                  "categorie": rnd.choice(choices["categorie"]), "theme": rnd.choice(choices["theme"]),
                  "criteres": ", ".join(sorted(rnd.sample(choices["criteres"], rnd.randint(1, 3))))}
        cases.append({"id": n, "year": year, "seq": 0, "reference": "", "status": status,
                      "status_reason": "toutes les pièces obligatoires sont là",
                      "applicant": f"contact{n}@asso{n % 97}.example",
                      "applicant_name": org, "title": title, "reply_from": "n.bataillon@ville-bethune.fr",
                      "attention": "lien de transfert à télécharger" if n % 23 == 0 else "", "fields": fields,
                      "received_at": received, "created_at": received, "updated_at": received + timedelta(days=3)})
        for k, (kind, name, typ) in enumerate([("dossier", "Dossier d'intention.docx", "docx"),
                                                ("courrier", "Courrier au Maire.pdf", "pdf"),
                                                ("visuels", "photo.jpg", "jpg")]):
            if status == "incomplete" and kind == "courrier":
                continue
            pieces.append({"case_id": n, "inbound_id": 2 * n - 1, "kind": kind, "filename": name,
                           "sha256": hashlib.sha256(f"{n}-{k}".encode()).hexdigest(), "size": 120_000 + k,
                           "detected_type": typ, "evidence": "nom correspondant (3 points)", "manual": False,
                           "created_at": received})
        for m in range(2):
            inbound.append({"id": 2 * n - 1 + m, "mailbox": "n.bataillon", "folder": "INBOX", "uidvalidity": 1,
                            "uid": 2 * n - 1 + m, "identity": f"mid:{n}.{m}@asso.example",
                            "message_id": f"{n}.{m}@asso.example",
                            "internal_date": received + timedelta(days=m), "size": 400_000, "raw_sha256": "",
                            "fate": "filed" if m == 0 else "duplicate", "reason": "candidature", "rules_version": "x",
                            "from_addr": f"contact{n}@asso{n % 97}.example", "subject": f"Candidature {title}",
                            "case_id": n, "created_at": received})
        outbox.append({"case_id": n, "kind": "acknowledgement", "seq": 0, "from_addr": "n.bataillon@ville-bethune.fr",
                       "to_addr": f"contact{n}@asso{n % 97}.example", "subject": "Accusé de réception",
                       "message_id": f"intake.{n}@ville-bethune.fr", "content_key": "",
                       "raw": b"Subject: x\r\n\r\nx\r\n",
                       "status": "sent", "attempts": 1, "next_attempt_at": None, "last_error": "",
                       "created_at": received, "sent_at": received})
        for e in range(8):
            events.append({"case_id": n, "at": received + timedelta(minutes=e), "kind": "piece",
                           "detail": f"événement {e} du dossier {n}", "actor": "intake"})
    by_year: dict[int, int] = {}
    for c in cases:
        by_year[c["year"]] = by_year.get(c["year"], 0) + 1
        c["seq"] = by_year[c["year"]]
        c["reference"] = f"BSC-{c['year']}-{c['seq']:04d}"
    with app.engine.begin() as conn:
        for table, rows in ((Case, cases), (Inbound, inbound), (Piece, pieces), (Outbox, outbox), (CaseEvent, events)):
            conn.execute(table.__table__.insert(), rows)
    return cases[count // 2]["reference"]


class Client:
    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for c in response.headers.get_all("set-cookie") or []:
            name, _, rest = c.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data


def csrf(html: bytes) -> str:
    return re.search(rb'name="csrf" value="([0-9a-f]{64})"', html).group(1).decode()


def sign_in(client: Client, outbox: Path) -> None:
    _, page = client.request("GET", "/login")
    client.request("POST", "/login", {"csrf": csrf(page), "email": "n.bataillon@ville-bethune.fr", "next": ""})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not list(outbox.glob("*.eml")):
        time.sleep(0.1)
    msg = email.message_from_bytes(sorted(outbox.glob("*.eml"))[-1].read_bytes(), policy=email.policy.default)
    path = re.search(r"/login/link\?token=[A-Za-z0-9_-]+", msg.get_body(("plain",)).get_content()).group(0)
    _, page = client.request("GET", path)
    status, _ = client.request("POST", "/login/link", {"csrf": csrf(page), "token": path.split("token=")[1]})
    assert status == 303, status


def timed(client: Client, path: str, runs: int) -> tuple[float, float, int, int]:
    for _ in range(3):
        status, body = client.request("GET", path)
        assert status == 200, (path, status, body[:300])
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        status, body = client.request("GET", path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(body), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    from intake.app import open_app
    from intake.config import load

    directory = Path(tempfile.mkdtemp(prefix="intake-bench-console-"))
    (port,) = free_ports(1)
    path = config(directory, port)
    app = open_app(load(path))
    started = time.perf_counter()
    middle = populate(app, args.cases)
    built = time.perf_counter() - started
    app.engine.dispose()
    log = (directory / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(path), "serve"], stdout=log,
                              stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                client = Client(port)
                client.request("GET", "/login")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        client = Client(port)
        sign_in(client, directory / "outbox")
        theme = app.rules.fields[[f.key for f in app.rules.fields].index("theme")].choices[2][0]
        pages = [
            ("floor (sign-in page, no query)", "/login", Client(port)),
            ("case list, first page", "/cases", client),
            ("search « velo bethunois »", "/cases?" + urlencode({"q": "velo bethunois"}), client),
            ("filters: theme + criterion + status", "/cases?" + urlencode({"theme": theme, "criteres": "durable",
                                                                           "statut": "complete"}), client),
            ("sorted by applicant, page 150", "/cases?tri=demandeur&ordre=asc&page=150", client),
            (f"case page ({middle})", f"/cases/{middle}", client),
            ("jury (complete + admissible)", "/jury", client),
        ]
        print(f"intake console benchmark: {args.cases} cases (built in {built:.1f} s), {args.runs} requests each")
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, SQLite")
        print(f"{'page':<40} {'median':>9} {'p95':>9} {'size':>10}")
        for name, url, who in pages:
            median, p95, size, _ = timed(who, url, args.runs)
            print(f"{name:<40} {median:>7.1f} ms {p95:>6.1f} ms {size / 1000:>7.0f} kB")
        status = Path(f"/proc/{server.pid}/status")
        if status.exists():
            peak = next(line for line in status.read_text().splitlines() if line.startswith("VmHWM"))
            print(f"server peak RSS: {int(peak.split()[1]) / 1024:.0f} MiB")
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


if __name__ == "__main__":
    main()
