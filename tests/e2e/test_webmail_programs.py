"""Webmails and phone apps (tests/webmail.py), end to end: Dovecot, `intake poll`, SMTP."""

from __future__ import annotations

import clientmail as cm
import webmail as wm


def test_a_mislabelled_webmail_application_is_acknowledged_with_its_names_in_french(intake):
    intake.deliver(wm.mislabelled_latin1(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["applicant"] == "helene.durand@sfr.example"
    (ack,) = intake.sent()
    text = ack.get_body(("plain",)).get_content()
    assert "Lettre signée au Maire.pdf" in text and "Photo été.jpg" in text and "Ã" not in text


def test_a_forward_whose_text_is_windows_1252_declared_utf8_is_filed_under_the_applicant_who_is_acknowledged(intake):
    """The staff member's Outlook forward, its text part declared UTF-8 and written in Windows-1252 (a gateway that
    adds the town's disclaimer, an old Outlook profile): « Envoy\ufffd : » made no forwarded header block, and the
    application was ignored as the colleague's own mail: lost, nobody acknowledged."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    auth = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"
    intake.deliver(cm.outlook_forward(intake.db, intake.nb, "jeanne.roux@tiers-lieu.example", authentication=auth,
                                      text_written_in="cp1252"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "jeanne.roux@tiers-lieu.example" and case["pieces"] == ["courrier", "dossier"]
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == ["jeanne.roux@tiers-lieu.example"]


def test_a_letter_scanned_by_a_phone_app_that_stamps_its_name_is_recognised(intake):
    intake.deliver(wm.phone_scan(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["pieces"] == ["courrier", "dossier"] and case["status"] == "incomplete"
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == ["jeanne.roux@gmail.example"]
    assert "CamScanner 28-11-2026 10.12.pdf" in ack.get_body(("plain",)).get_content()


def test_a_dossier_shared_from_google_docs_is_for_staff_to_open_and_no_visual(intake):
    """As Gmail's chip for a big file on Drive (test_more_programs.py): the Google Docs document is a file left on the
    site that seems to be the dossier, for staff to open (tests/e2e/test_linked_piece.py), and counts as no visual."""
    intake.deliver(wm.gmail_google_doc(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["pieces"] == ["courrier"], case
    (link,) = [p for p in intake.case(case["reference"])["piece_files"] if p["type"] == "link"]
    assert link["kind"] is None and "peut-être dossier d'intention" in link["evidence"]
    assert link["also"] == {"dossier": "to-verify"}
    (ack,) = intake.sent()
    body = ack.get_body(("plain",)).get_content()
    received = body.split("Pièces reçues :")[1].split("Pièce que le service vérifie")[0]
    assert "lien" not in received and "visuels" not in received


def test_a_letter_to_the_mayor_written_in_the_mail_itself_is_shown_to_staff(intake):
    """laposte.net's webmail: the letter written in the mail (« Monsieur le Maire, j'ai l'honneur de solliciter… »),
    the dossier and a photo attached. The letter is asked for as a file (the rules want one, signed), and staff are
    told why the applicant may believe he sent it: the case's « À voir » says the mail's text reads as the letter."""
    intake.deliver(wm.laposte_letter_in_body(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["missing"] == ["courrier"], case
    attention = intake.case(case["reference"])["attention"]
    assert "le texte du courriel semble être : courrier officiel adressé au Maire" in attention, attention
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == ["gerard.petillon@laposte.example"]
    assert "dossier d'intention club aînés.docx" in ack.get_body(("plain",)).get_content()
    # and he is told why the letter he typed is still asked for (he believes he sent it)
    for part in ("plain", "html"):
        said = " ".join(ack.get_body((part,)).get_content().split())
        assert ("Le texte de votre message semble être : courrier officiel adressé au Maire. Cette pièce est attendue "
                "en pièce jointe") in said, said
    # told it is missing, he answers with the letter typed again: staff are told what it is, not « une question ? »
    intake.deliver(wm.laposte_reply_letter_in_text(ack, "gerard.petillon@laposte.example"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["messages"] == 2 and case["missing"] == ["courrier"], case
    attention = intake.case(case["reference"])["attention"]
    assert "le texte du courriel semble être" in attention and "une question" not in attention, attention
    assert len(intake.sent()) == 1


def test_a_photographed_page_of_the_dossier_is_no_visual_and_the_photos_of_the_action_are_still_asked_for(intake):
    """iPhone Mail: the dossier's two pages and the letter photographed, no photo of the action. The second page
    (prose, none of any piece's words) counted as the visuals by its type and size, and the first (four of the
    dossier's words) was « à vérifier » against the visuals: the applicant was told the dossier was missing and the
    visuals received. Now the first is the dossier, the second is for staff to look at, the visuals still missing."""
    intake.deliver(wm.iphone_photographed_pages(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["pieces"] == ["courrier", "dossier"] and case["missing"] == ["visuels"], case
    files = {p["filename"]: p["kind"] for p in intake.case(case["reference"])["piece_files"]}
    assert files == {"IMG_5001.HEIC": "dossier", "IMG_5002.HEIC": None, "IMG_5003.HEIC": "courrier"}, files
    (ack,) = intake.sent()
    text = ack.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "visuels : IMG_5002.HEIC" not in text, text
    assert "Pièces manquantes :\n  - documents complémentaires et visuels\n" in text, text
