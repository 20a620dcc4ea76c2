"""A cover mail declared UTF-8 and written in Windows-1252 (tests/webmail.py `windows_1252_declared_utf8`), end to
end: Dovecot, `intake poll`, SMTP, and the console's page of the message as staff read it."""

from __future__ import annotations

import html
import re

import webmail as wm

from .conftest import poll


def test_an_application_written_in_windows_1252_declared_utf8_is_filed_acknowledged_and_read_with_its_accents(
        console):
    """mail-parser read each accented letter of such a text as U+FFFD: staff read « B\ufffdthune », « \ufffdcologie »
    in the console (and the forwards and links looked for in it were missed)."""
    intake = console.intake
    intake.deliver(wm.windows_1252_declared_utf8(intake.nb, html=True), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["applicant"] == "helene.durand@jardins-bethune.example"
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == ["helene.durand@jardins-bethune.example"]
    text = ack.get_body(("plain",)).get_content()
    assert "Lettre Maire.pdf" in text and "\ufffd" not in text
    ref = case["reference"]
    client = console.signed_in_http()
    (path,) = set(re.findall(rf"/cases/{ref}/messages/\d+", client.get(f"/cases/{ref}").text))
    shown = client.get(path)
    assert shown.status == 200
    page = html.unescape(shown.text)
    assert "l’association « Jardins partagés de Béthune »" in page and "(écologie, solidarité)" in page
    assert "(créativité, réplicabilité)" in page and "\ufffd" not in page
