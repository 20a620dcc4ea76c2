"""The staff console for real: `intake serve` in its own process on a random port, the test Dovecot and SMTP
servers behind it, and Debian's Chromium driven by Playwright (never a downloaded browser).
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import http.client
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from servers import free_ports

from intake.commands import samples

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-gpu"]
LINK = re.compile(r"https?://\S+/login/link\?token=[A-Za-z0-9_-]+")


def poll(intake) -> str:
    """`intake poll`, in a thread of its own: Playwright's synchronous API keeps an event loop running in
    this one, and the SMTP adapter starts its own with asyncio.run()."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(intake.poll).result()


# an association's application, for the tests of what staff do to its case (add pieces, take one off)
GARDEN_DOSSIER = ("Dossier d'intention.docx", samples.docx(samples.DOSSIER.format(
    title="Jardin des Cheminots", who="Les Amis du Jardin", what="un jardin partagé")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
GARDEN_PHOTO = ("jardin.jpg", samples.jpeg(), "image/jpeg")


def garden_case(intake, *attachments) -> str:
    """The association mails its application with these files (default: the dossier alone), the mailbox is polled:
    the reference of its case, the only one."""
    intake.deliver(samples.email(sender="Asso <asso@x.example>", to=[intake.nb], subject="Candidature au label",
                                 attachments=list(attachments or (GARDEN_DOSSIER,))), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    return case["reference"]


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("Chromium is not installed: run `bash scripts/test.sh` (it installs Debian's chromium)")
    return found


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the console's tests; closed after them, with the event loop Playwright keeps running
    (other tests call asyncio.run)."""
    from playwright.sync_api import expect, sync_playwright

    # an assertion on a page waits until it holds, 5 s at most by default: a page the console builds from a reading
    # process, or a click's answer, on two busy CPUs (CI runs Chromium, the console and its readers together) may
    # take longer; waiting longer changes nothing for a page that is right, and a wrong one still fails
    expect.set_options(timeout=20_000)

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    cookies: list[str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Http:
    """A plain HTTP client that follows nothing and keeps the cookies it is given: what an attacker has."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None) -> Response:
        parts = urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        body = urlencode(form).encode() if form is not None else None
        sent = {"Host": parts.netloc, **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=sent)
        raw = conn.getresponse()
        data = raw.read()
        cookies = raw.headers.get_all("set-cookie") or []
        for c in cookies:
            name, _, rest = c.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in c.lower() or 'expires=thu, 01 jan 1970' in c.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        conn.close()
        return Response(raw.status, {k.lower(): v for k, v in raw.headers.items()}, cookies, data)

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, form: dict, **kw) -> Response:
        return self.request("POST", path, form=form, **kw)


def posted_at_once(client: Http, path: str, form: dict, times: int = 4) -> list[int]:
    """The same form posted `times` times at once (a double click, two staff members), each by its own
    connection with `client`'s cookies, all released together: their status codes."""
    start, answers = threading.Barrier(times), []

    def post() -> None:
        mine = Http(client.base, dict(client.cookies))
        start.wait()
        answers.append(mine.post(path, form).status)

    threads = [threading.Thread(target=post) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def set_aside(intake, raw: bytes, uid: int, subject: str, sender: str = "",
              reason: str = "trop de parties MIME (limite 100)") -> int:
    """A message as a per-message limit leaves it: quarantined with the reason, its raw bytes kept; its ledger id."""
    from intake.store.database import session
    from intake.store.tables import Inbound

    app = intake.app()
    with session(app.engine) as s:
        row = Inbound(mailbox="nb", folder="INBOX", uidvalidity=1, uid=uid, identity=f"uid:nb:1:{uid}",
                      internal_date=app.clock(), size=len(raw), raw_sha256=app.blobs.put(raw), fate="quarantined",
                      reason=reason, from_addr=sender, subject=subject, created_at=app.clock())
        s.add(row)
        s.commit()
        assert row.id is not None
        return row.id


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def jeton_of(html: str) -> str:
    """The key a preview's form (a GET) carries instead of the CSRF token (intake/web/security.py `Keys.preview`)."""
    found = re.search(r'name="jeton" value="([0-9a-f]{32})"', html)
    assert found, "no preview key in the page"
    return found.group(1)


@dataclass
class ConsoleServer:
    url: str
    intake: object  # the e2e `Intake`
    staff: str  # an admin's address (the first watched mailbox's user)
    other_staff: str  # a staff member's address
    process: subprocess.Popen
    log: Path

    def link_for(self, address: str, after: int, timeout: float = 15.0) -> str:
        """The sign-in link in the first mail to `address` captured after the `after`-th one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in self.intake.smtp.messages[after:]:
                if address in m.rcpt_tos:
                    msg = email.message_from_bytes(m.data, policy=email.policy.default)
                    found = LINK.search(msg.get_body(("plain",)).get_content())
                    assert found, "a sign-in mail without a link"
                    return found.group(0)
            time.sleep(0.05)
        raise AssertionError(f"no sign-in mail to {address} within {timeout}s; server log:\n{self.log.read_text()}")

    def logged(self, text: str, timeout: float = 15.0) -> str:
        """The server's log once it holds `text` (what the console does after its answer, or a line it writes as it
        answers, is written within a fraction of a second, unless the machine pauses): the log as it is after
        `timeout` seconds otherwise."""
        deadline = time.monotonic() + timeout
        while text not in (logged := self.log.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        return logged

    def http(self) -> Http:
        return Http(self.url)

    def signed_in_http(self, address: str | None = None) -> Http:
        """An HTTP client signed in through the real link (for tests that need no browser)."""
        address = address or self.staff
        client = self.http()
        page = client.get("/login")
        before = len(self.intake.smtp.messages)
        sent = client.post("/login", {"csrf": csrf_of(page.text), "email": address, "next": ""})
        assert sent.status == 200, sent.text
        link = self.link_for(address, before)
        path = link[len(self.url):]
        confirm = client.get(path)
        assert confirm.status == 200, confirm.text
        done = client.post("/login/link", {"csrf": csrf_of(confirm.text), "token": path.split("token=")[1]})
        assert done.status == 303, done.text
        return client

    def sign_in(self, page, address: str | None = None) -> None:
        """A person signs in: asks for a link, opens it from the mail, clicks the button."""
        address = address or self.staff
        page.goto(self.url + "/login")
        page.get_by_label("Adresse électronique professionnelle").fill(address)
        before = len(self.intake.smtp.messages)
        page.get_by_role("button", name="Recevoir un lien de connexion").click()
        page.get_by_role("heading", name="Consultez votre messagerie").wait_for()
        page.goto(self.link_for(address, before))
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(re.compile(r".*/cases.*"))


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    parts = urlsplit(url)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"intake serve stopped (exit {process.returncode}):\n{log.read_text()}")
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            conn.request("GET", "/login")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"intake serve did not answer within {timeout}s:\n{log.read_text()}")


@pytest.fixture
def console(intake, tmp_path) -> ConsoleServer:
    """`intake serve` for the e2e installation, with its two mailbox owners as staff (nb is the admin)."""
    with serving(intake, tmp_path) as server:
        yield server


@contextlib.contextmanager
def serving(intake, tmp_path, before=None):
    """`intake serve` started in its own process, its staff configured; `before()` runs once the database is
    migrated, just before it starts (a test that breaks the admin's files)."""
    (port,) = free_ports(1)
    url = f"http://127.0.0.1:{port}"
    with intake.config.open("a", encoding="utf-8") as out:
        out.write(f'\n[web]\nlisten = "127.0.0.1:{port}"\nbase_url = "{url}"\n'
                  f'\n[[staff]]\nemail = "{intake.nb}"\nname = "Nicolas Bataillon"\nrole = "admin"\n'
                  f'\n[[staff]]\nemail = "{intake.db}"\nname = "Dominique Berteloot"\nrole = "staff"\n')
    intake.app()  # migrate before the server starts, as the worker would have
    if before is not None:
        before()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(intake.config), "serve"],
                                   stdout=out, stderr=subprocess.STDOUT, env=os.environ.copy())
    try:
        _wait_until_up(url, process, log)
        yield ConsoleServer(url=url, intake=intake, staff=intake.nb, other_staff=intake.db, process=process, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert "Traceback" not in log.read_text(), log.read_text()


@pytest.fixture
def page(browser, console):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", accept_downloads=True)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()
