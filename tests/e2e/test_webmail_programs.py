"""Webmails and phone apps (tests/webmail.py), end to end: Dovecot, `intake poll`, SMTP."""

from __future__ import annotations

import webmail as wm


def test_a_mislabelled_webmail_application_is_acknowledged_with_its_names_in_french(intake):
    intake.deliver(wm.mislabelled_latin1(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["applicant"] == "helene.durand@sfr.example"
    (ack,) = intake.sent()
    text = ack.get_body(("plain",)).get_content()
    assert "Lettre signée au Maire.pdf" in text and "Photo été.jpg" in text and "Ã" not in text


def test_a_letter_scanned_by_a_phone_app_that_stamps_its_name_is_recognised(intake):
    intake.deliver(wm.phone_scan(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["pieces"] == ["courrier", "dossier"] and case["status"] == "incomplete"
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == ["jeanne.roux@gmail.example"]
    assert "CamScanner 28-11-2026 10.12.pdf" in ack.get_body(("plain",)).get_content()
