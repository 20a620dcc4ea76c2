"""The demo leads to the console: `intake demo` prints how to open it, and its config lets its two staff members
sign in, the link written to the outbox folder as every mail of the demo. Before, a newcomer who followed the README
from its first command found no word of the console, and `intake serve` on the demo's config refused to start
(« staff: personne ne peut se connecter »)."""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from servers import free_ports

from web.conftest import LINK, _wait_until_up


def test_the_demo_s_console_opens_with_the_link_written_to_its_outbox(browser, tmp_path):
    demo = tmp_path / "demo"
    done = subprocess.run([sys.executable, "-m", "intake", "demo", "--dir", str(demo)], capture_output=True,
                          text=True, timeout=120, env=os.environ.copy())
    assert done.returncode == 0, done.stdout + done.stderr
    said = re.search(r"La console du service : intake --config (\S+) serve, puis ouvrez (\S+) et demandez un lien de "
                     r"connexion pour (\S+) \(administrateur\)", done.stdout)
    assert said and Path(said.group(1)) == demo / "config.toml", done.stdout
    assert "ouvrez ce fichier .eml" in done.stdout
    (port,) = free_ports(1)
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "intake", "--config", said.group(1), "serve", "--listen",
                                    f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT, env=os.environ.copy())
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="fr-FR")
    try:
        _wait_until_up(url, process, log)
        before = set((demo / "outbox").glob("*.eml"))
        page = context.new_page()
        page.goto(url + "/login")
        page.get_by_label("Adresse électronique professionnelle").fill(said.group(3))
        page.get_by_role("button", name="Recevoir un lien de connexion").click()
        page.get_by_role("heading", name="Consultez votre messagerie").wait_for()
        deadline, written = time.monotonic() + 15, set()
        while not written and time.monotonic() < deadline:
            time.sleep(0.05)
            written = set((demo / "outbox").glob("*.eml")) - before
        (mail,) = written
        message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
        page.goto(LINK.search(message.get_body(("plain",)).get_content()).group(0))
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("heading", name="Dossiers de candidature").wait_for()
        assert "BSC-2026-0001" in page.inner_text("main")
        assert page.get_by_role("link", name="Règles").count()  # the demo's first staff member is its admin
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=15)
    assert "Traceback" not in log.read_text(), log.read_text()
