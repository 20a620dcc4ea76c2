"""`intake serve --listen HOST:PORT` (the contract's option) without [web] base_url: the sign-in link mailed to
staff is the address it listens on, not [web] listen's default (it was http://127.0.0.1:8080, where nothing
answered); beyond this machine it needs base_url, as [web] listen does."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from servers import free_ports

from web.conftest import LINK, Http, _wait_until_up, csrf_of


@contextmanager
def _serving(intake, log: Path) -> Iterator[str]:
    """`intake serve --listen 127.0.0.1:PORT` in a process of its own, its output in `log`, up: its address."""
    intake.configure(f'[[staff]]\nemail = "{intake.nb}"\nname = "Nicolas Bataillon"\nrole = "admin"')
    intake.app()
    (port,) = free_ports(1)
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(intake.config), "serve",
                                    "--listen", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT,
                                   env=os.environ.copy())
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_the_sign_in_link_follows_listen(intake, tmp_path):
    log = tmp_path / "serve.log"
    with _serving(intake, log) as url:
        client = Http(url)
        page = client.get("/login")
        assert client.post("/login", {"csrf": csrf_of(page.text), "email": intake.nb, "next": ""}).status == 200
        deadline = time.monotonic() + 15
        while not intake.smtp.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        (mail,) = intake.smtp.messages
        text = email.message_from_bytes(mail.data, policy=email.policy.default).get_body(("plain",)).get_content()
        link = LINK.search(text).group(0)
        assert link.startswith(f"{url}/login/link?token="), link
        assert client.get(link[len(url):]).status == 200  # it opens the console that mailed it
    assert "Traceback" not in log.read_text(), log.read_text()


def test_listen_beyond_this_machine_needs_base_url(intake):
    intake.configure(f'[[staff]]\nemail = "{intake.nb}"\nname = "Nicolas Bataillon"\nrole = "admin"')
    (port,) = free_ports(1)
    try:  # in a process of its own: a console that starts anyway would serve until stopped
        done = subprocess.run([sys.executable, "-m", "intake", "--config", str(intake.config), "serve", "--listen",
                               f"0.0.0.0:{port}"], capture_output=True, text=True, timeout=30, env=os.environ.copy())
    except subprocess.TimeoutExpired:
        raise AssertionError("intake serve started on 0.0.0.0 without base_url") from None
    assert done.returncode == 2 and "web.base_url: manquant : --listen 0.0.0.0" in done.stderr, done.stderr


def test_serve_says_in_french_which_address_staff_open(intake, tmp_path):
    """`intake serve` printed only « WARNING intake.web: console: http://… (staff open …) »: a warning for a start
    that went well, in English. It says now, in French, the address to open; the technical line is INFO."""
    log = tmp_path / "serve.log"
    with _serving(intake, log) as url:
        pass
    said = log.read_text()
    assert f"Console du personnel démarrée : ouvrez {url}/ dans votre navigateur" in said, said
    assert "WARNING" not in said, said
