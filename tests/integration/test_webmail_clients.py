"""Application mail from webmails and phone apps (tests/webmail.py builds it byte for byte), through the whole
pipeline on local folders: what the applicant reads in the acknowledgement and what staff see on the case."""

from __future__ import annotations

import webmail as wm
from localsite import NB


def _poll(local, raw: bytes) -> dict:
    local.drop("nb", "01.eml", raw)
    code, out = local.cli("poll")
    assert code == 0 and "Traceback" not in out, out
    (case,) = local.cases()
    return case


def test_utf8_sent_as_iso_8859_1_is_read_as_utf8_in_names_subject_and_sender(local):
    """A webmail declaring ISO-8859-1 for UTF-8 bytes: the acknowledgement listed « Lettre signÃ©e au Maire.pdf »
    and staff saw « HÃ©lÃ¨ne Durand », « Candidature label BÃ©thune ». UTF-8's multi-byte sequences are never
    French text in Windows-1252 (« Ã© »): such bytes are read as UTF-8."""
    case = _poll(local, wm.mislabelled_latin1(NB))
    assert case["status"] == "complete"
    shown = local.case(case["reference"])
    names = sorted(p["filename"] for p in shown["piece_files"])
    assert names == ["Dossier d'intention Jardins partagés.pdf", "Lettre signée au Maire.pdf", "Photo été.jpg"]
    assert shown["applicant_name"] == "Hélène Durand"
    (ack,) = local.sent()
    text = ack.get_body(("plain",)).get_content()
    assert "Lettre signée au Maire.pdf" in text and "Ã" not in text
    (message,) = shown["message_list"]
    assert message["subject"] == "Candidature label Béthune Smart City"
