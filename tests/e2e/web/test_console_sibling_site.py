"""A page of a sibling site: another name under the town's domain (www.ville-bethune.fr beside
candidatures.ville-bethune.fr), or here another port of the same host, is the « same site » for the browser, not
the same origin: it says `Sec-Fetch-Site: same-site`, and the SameSite=Lax session cookie goes with its links. A
link there to the meeting's ZIP had the console build it (its heaviest work) and the browser download it, as
the refusal of `cross-site` alone let `same-site` through (attack29). Real Chromium, a real page on another port."""

from __future__ import annotations

import html
import http.server
import threading

from servers import free_ports


def test_a_zip_link_on_a_sibling_site_is_refused(console, page):
    (port,) = free_ports(1)
    link = f'<a href="{console.url}/jury/export.zip">Ouvrir</a>'.encode()

    class Sibling(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"<!doctype html><title>Autre application</title>" + link)

        def log_message(self, *args):
            pass

    sibling = http.server.HTTPServer(("127.0.0.1", port), Sibling)
    threading.Thread(target=sibling.serve_forever, daemon=True).start()
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
