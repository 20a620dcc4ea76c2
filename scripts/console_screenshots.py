"""Make docs/console-cases.png, docs/console-case.png and docs/console-phone.png: the staff console on the
demo's cases (filed from the bundled sample mail) and 60 generated ones, in Debian's headless Chromium.

    .venv/bin/python scripts/console_screenshots.py
"""

from __future__ import annotations

import email
import email.policy
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from bench_console import populate  # noqa: E402
from servers import free_ports  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    from intake.app import open_app
    from intake.config import load

    directory = Path(tempfile.mkdtemp(prefix="intake-screens-"))
    subprocess.run([sys.executable, "-m", "intake", "demo", "--dir", str(directory)], check=True,
                   stdout=subprocess.DEVNULL)
    (port,) = free_ports(1)
    config = directory / "config.toml"
    with config.open("a", encoding="utf-8") as out:
        out.write(f'\n[web]\nlisten = "127.0.0.1:{port}"\n')  # the demo's [[staff]] sign in
    app = open_app(load(config))
    populate(app, 60, seed=3, start=datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc), years=0.75, first_id=1000)
    app.engine.dispose()
    server = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(config), "serve"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-background-networking",
                                              "--disable-component-update", "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
            for _ in range(100):
                try:
                    page.goto(url + "/login")
                    break
                except Exception:  # noqa: BLE001 - not up yet
                    time.sleep(0.2)
            page.get_by_label("Adresse électronique professionnelle").fill("n.bataillon@ville-bethune.fr")
            page.get_by_role("button", name="Recevoir un lien de connexion").click()
            page.get_by_role("heading", name="Consultez votre messagerie").wait_for()
            outbox = directory / "outbox"
            for _ in range(100):
                mails = [m for m in sorted(outbox.glob("*.eml")) if b"connexion" in m.read_bytes()]
                if mails:
                    break
                time.sleep(0.1)
            text = email.message_from_bytes(mails[-1].read_bytes(), policy=email.policy.default)
            link = re.search(r"http\S+token=\S+", text.get_body(("plain",)).get_content()).group(0)
            page.goto(link)
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url(re.compile(".*/cases"))
            page.screenshot(path=str(ROOT / "docs" / "console-cases.png"), full_page=False)
            page.goto(url + "/cases/BSC-2026-0002")
            page.screenshot(path=str(ROOT / "docs" / "console-case.png"), full_page=True)
            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, locale="fr-FR")
            phone.context.add_cookies(page.context.cookies())
            phone.goto(url + "/cases?statut=incomplete")
            phone.locator("p.summary").evaluate("e => window.scrollTo(0, e.offsetTop - 8)")
            phone.screenshot(path=str(ROOT / "docs" / "console-phone.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=15)
    print("docs/console-cases.png, docs/console-case.png, docs/console-phone.png")


if __name__ == "__main__":
    main()
