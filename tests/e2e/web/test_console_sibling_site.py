"""A page of a sibling site: another name under the town's domain (www.ville-bethune.fr beside
candidatures.ville-bethune.fr), or here another port of the same host, is the « same site » for the browser, not
the same origin: it says `Sec-Fetch-Site: same-site`, and the SameSite=Lax session cookie goes with its links. A
link there to the meeting's ZIP had the console build it (its heaviest work) and the browser download it, as
the refusal of `cross-site` alone let `same-site` through (attack29). Real Chromium, a real page on another port."""

from __future__ import annotations

import html
import http.server
import threading
from datetime import datetime, timedelta, timezone

from servers import free_ports
from sqlmodel import select

from intake.store.database import session
from intake.store.tables import WebSession


def sibling_site(body: bytes) -> http.server.HTTPServer:
    """A page of another application, on another port of the host: `body` in it."""
    (port,) = free_ports(1)

    class Sibling(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"<!doctype html><title>Autre application</title>" + body)

        def log_message(self, *args):
            pass

    sibling = http.server.HTTPServer(("127.0.0.1", port), Sibling)
    threading.Thread(target=sibling.serve_forever, daemon=True).start()
    return sibling


def test_a_zip_link_on_a_sibling_site_is_refused(console, page):
    sibling = sibling_site(f'<a href="{console.url}/jury/export.zip">Ouvrir</a>'.encode())
    port = sibling.server_port
    try:
        console.sign_in(page)
        page.goto(f"http://127.0.0.1:{port}/")
        with page.expect_response(lambda r: r.url.endswith("/jury/export.zip")) as answer:
            page.get_by_role("link", name="Ouvrir").click()
        response = answer.value
        assert response.request.all_headers().get("sec-fetch-site") == "same-site"
        assert response.status == 403 and "depuis un autre site" in html.unescape(response.text())
    finally:
        sibling.shutdown()
        sibling.server_close()


def test_a_sibling_site_cannot_load_console_pages_into_its_own(console, page):
    """Its pictures, scripts and frames (with the session cookie: time a search, keep a session alive) are refused;
    a link there to a case still opens it."""
    sibling = sibling_site(f'<img src="{console.url}/cases?q=Roux" alt="">'
                           f'<script src="{console.url}/cases?q=Dupont"></script>'
                           f'<a href="{console.url}/cases">Dossiers</a>'.encode())
    try:
        console.sign_in(page)
        engine = console.intake.app().engine
        before = datetime.now(timezone.utc) - timedelta(minutes=5)
        with session(engine) as s:  # a request that reaches the session moves this (once a minute at most)
            for row in s.exec(select(WebSession)):
                row.last_seen_at = before
                s.add(row)
            s.commit()
        # the browser hides the answers from the page (Cross-Origin-Resource-Policy), not their time: the console
        # must not do the work at all
        with page.expect_event("requestfailed"), page.expect_event("requestfailed"):
            page.goto(f"http://127.0.0.1:{sibling.server_port}/")
        with session(engine) as s:
            (row,) = s.exec(select(WebSession)).all()
        assert row.last_seen_at.replace(tzinfo=timezone.utc) == before, "the requests reached the session"
        page.get_by_role("link", name="Dossiers").click()
        page.get_by_role("heading", name="Dossiers de candidature").wait_for()
    finally:
        sibling.shutdown()
        sibling.server_close()
