"""Application mail from webmails and phone apps (tests/webmail.py builds it byte for byte), through the whole
pipeline on local folders: what the applicant reads in the acknowledgement and what staff see on the case."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import format_datetime
from zoneinfo import ZoneInfo

import webmail as wm
from localsite import NB

from intake.core.parse import parse_message

PARIS = ZoneInfo("Europe/Paris")


def _poll(local, raw: bytes) -> dict:
    # the fixtures' Date (30 Nov 2026) is the folder's date of reception: three days on, their acknowledgement was held
    # as old mail's (acknowledge_within_hours); received now, as in the mailbox the day they are sent
    now = format_datetime(datetime.now(timezone.utc)).encode()
    raw = re.sub(rb"(?m)^Date: [^\r\n]*", lambda _m: b"Date: " + now, raw, count=1)
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



def test_windows_1252_sent_as_utf8_is_read_as_windows_1252_in_names_subject_and_sender(local):
    """UTF-8 declared, Windows-1252 bytes: the acknowledgement listed « =?utf-8?Q?Lettre_sign=E9e_au_Maire.pdf?=.pdf »
    and « Dossier d'intention partag�.pdf », and staff saw the subject and the sender's name as raw encoded words."""
    case = _poll(local, wm.mislabelled_utf8(NB))
    assert case["pieces"] == ["courrier", "dossier"]
    shown = local.case(case["reference"])
    names = sorted(p["filename"] for p in shown["piece_files"])
    assert names == ["Dossier d'intention partagé.pdf", "Lettre signée au Maire.pdf"]
    assert shown["applicant_name"] == "Hélène Durand"
    (message,) = shown["message_list"]
    assert message["subject"] == "Candidature label Béthune Smart City"
    (ack,) = local.sent()
    text = ack.get_body(("plain",)).get_content()
    assert "Lettre signée au Maire.pdf" in text and "=?" not in text and "\ufffd" not in text

def test_a_text_in_utf8_declared_iso_8859_1_is_read_as_utf8_and_a_real_latin1_text_is_unchanged():
    """What staff read of the message in the console (core/parse.py, as web/mailview.py shows it)."""
    assert "label Béthune Smart City : le dossier, la lettre signée" in parse_message(wm.mislabelled_latin1(NB)).text
    # A text whose bytes are not all UTF-8 (here ISO-8859-1 « é », and the signature's UTF-8) is left as declared
    latin1 = wm.mislabelled_latin1(NB).replace(b"B=C3=A9thune", b"B=E9thune").replace(b"sign=C3=A9e", b"sign=E9e")
    text = parse_message(latin1).text
    assert "label Béthune Smart City : le dossier, la lettre signée" in text and "H\u00c3\u00a9l\u00c3\u00a8ne" in text


def test_a_cover_text_written_in_windows_1252_declared_utf8_is_read_with_its_accents():
    """What staff read of the message (the console, web/mailview.py) and what links and forwards are looked for in:
    mail-parser read each Windows-1252 letter of a text declared UTF-8 as U+FFFD (« B\ufffdthune », « \ufffdcologie »),
    in the text part and in the HTML part whose <meta> said windows-1252."""
    for html in (False, True):
        msg = parse_message(wm.windows_1252_declared_utf8(NB, html=html))
        assert "l’association « Jardins partagés de Béthune »" in msg.text and "\ufffd" not in msg.text
        assert "(écologie, solidarité)" in msg.text and "Hélène Durand" in msg.text
    assert "(créativité, réplicabilité)" in msg.html and "\ufffd" not in msg.html


def test_a_phone_scan_with_a_stamped_line_of_text_is_read_as_a_scan(local):
    """A scanner app stamps a line of real text on each page of the picture (« Numérisé avec CamScanner »): the PDF
    was taken for a text PDF, never read by OCR, the letter was « à vérifier » and the applicant asked for it."""
    case = _poll(local, wm.phone_scan(NB))
    assert case["pieces"] == ["courrier", "dossier"] and case["missing"] == ["visuels"]
    (ack,) = local.sent()
    text = ack.get_body(("plain",)).get_content()
    assert "courrier officiel adressé au Maire : CamScanner 28-11-2026 10.12.pdf" in text


def test_a_dossier_shared_as_a_google_docs_document_is_for_staff_to_open(local):
    """A Google Docs document inserted from Drive is a link to docs.google.com, its name without extension: the link
    was not seen at all (not a listed site), and the case was « incomplete », nothing for staff to verify; listed as
    a site only, it would have counted as a visual. Like Gmail's chip for a big file (« Dossier d'intention.pdf » on
    Drive), it is a file left on the site, « à vérifier », that may be the dossier."""
    case = _poll(local, wm.gmail_google_doc(NB))
    assert case["status"] == "incomplete" and case["pieces"] == ["courrier"] and "dossier" in case["included"]
    shown = local.case(case["reference"])
    (link,) = [p for p in shown["piece_files"] if "docs.google.com" in p["filename"]]
    assert link["kind"] is None and "« Dossier d'intention - Jardins partagés » : peut-être dossier d'intention" in \
        link["evidence"], link


def test_the_console_shows_a_filed_message_s_text_without_bidirectional_overrides_or_controls(tmp_path):
    """web/mailview.py showed a filed message's text as parsed: a right-to-left override showed staff « reissod »
    (what the rules read: no dossier) as « dossier », and a C0 control reached the page; the quarantine's view of the
    same message (commands/message_text.py) drops them."""
    from intake.adapters.storage import BlobStore
    from intake.web import mailview

    raw = ("From: Anne <anne@example.org>\r\nSubject: Candidature\r\nMIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           "Voici notre \u202ereissod\u202c complet.\x07\x1b[2J\r\nAnne\r\n").encode()
    blobs = BlobStore(tmp_path)
    view = mailview.incoming(blobs, blobs.put(raw), PARIS, parse=parse_message)
    assert "Voici notre reissod complet.[2J" in view.text, view.text
    assert not any(c in view.text for c in "\u202e\u202c\x07\x1b")


def test_the_console_names_a_filed_message_s_headers_in_french(tmp_path):
    """Staff told « lisez le message » read its headers as « From », « To », « Subject » on the message's page."""
    from intake.adapters.storage import BlobStore
    from intake.web import mailview

    raw = ("From: Anne <anne@example.org>\r\nTo: n.bataillon@ville-bethune.fr\r\nReply-To: tresorier@example.org\r\n"
           "Subject: Candidature\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           "Monsieur le Maire,\r\n").encode()
    blobs = BlobStore(tmp_path)
    view = mailview.incoming(blobs, blobs.put(raw), PARIS, parse=parse_message)
    assert view.headers == [("De", "Anne <anne@example.org>"), ("À", "n.bataillon@ville-bethune.fr"),
                            ("Répondre à", "tresorier@example.org"), ("Objet", "Candidature")], view.headers


def test_the_console_names_a_sent_mail_s_headers_in_french_and_keeps_the_technical_ones():
    """A mail we sent was shown with « From », « To », « Subject » on its page (outbox, case's mails)."""
    from intake.web import mailview

    raw = (b"From: n.bataillon@ville-bethune.fr\r\nTo: anne@example.org\r\nSubject: [BSC-2026-0001] Accuse\r\n"
           b"X-Intake-Loop: 1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour,\r\n")
    names = [name for name, _ in mailview.sent(raw).headers]
    assert names == ["De", "À", "Objet", "X-Intake-Loop", "Type de contenu"], names


def test_the_console_gives_a_filed_message_s_date_in_french_at_the_town_s_time(tmp_path):
    """The message's page showed its Date header as the sender's program wrote it (« Mon, 30 Nov 2026 09:12:40
    +0000 »): in French, at the service's time; a date that cannot be read, as written."""
    from intake.adapters.storage import BlobStore
    from intake.web import mailview

    blobs = BlobStore(tmp_path)
    for written, shown in (("Mon, 30 Nov 2026 09:12:40 +0000", "lundi 30 novembre 2026 à 10 h 12"),
                           ("lundi prochain", "lundi prochain")):
        raw = (f"From: Anne <anne@example.org>\r\nDate: {written}\r\nSubject: Candidature\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\nMonsieur le Maire,\r\n").encode()
        view = mailview.incoming(blobs, blobs.put(raw), PARIS, parse=parse_message)
        assert ("Date", shown) in view.headers, view.headers
