"""Mail from real mail programs (tests/clientmail.py), end to end: Dovecot, `intake poll`, SMTP."""

from __future__ import annotations

import clientmail as cm
import documents as d


def test_photos_a_gmail_user_put_in_the_body_complete_the_application(intake):
    intake.deliver(cm.gmail_photos_in_body(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"]
    assert case["applicant"] == "sophie.leroy62@gmail.example"
    names = sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"])
    assert names == ["Courrier Maire.pdf", "Dossier d'intention.docx", "IMG_1532.jpg", "IMG_1533.jpg"]
    (ack,) = intake.sent()
    body = ack.get_body(("plain",)).get_content()
    assert "IMG_1532.jpg" in body and "documents complémentaires et visuels" in body
    assert "Merci de nous faire parvenir" not in body  # nothing asked for again


def test_an_application_forwarded_from_outlook_by_the_other_staff_member_is_filed_under_the_applicant(intake):
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    auth = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"
    intake.deliver(cm.outlook_forward(intake.db, intake.nb, "jeanne.roux@tiers-lieu.example", authentication=auth),
                   intake.nb)
    intake.poll()
    (case,) = intake.cases()  # it was ignored as the colleague's own mail
    assert case["applicant"] == "jeanne.roux@tiers-lieu.example"
    assert case["pieces"] == ["courrier", "dossier"] and case["missing"] == ["visuels"]
    (ack,) = intake.sent()
    assert ack["To"].addresses[0].addr_spec == "jeanne.roux@tiers-lieu.example"
    assert ack["From"].addresses[0].addr_spec == intake.nb


def test_an_outlook_forward_whose_text_writes_the_address_as_a_link_is_filed_under_the_applicant(intake):
    """Outlook's text of its HTML writes the forwarded sender as `<jeanne@…<mailto:jeanne@…>>`: the server's Python
    (strict getaddresses, tests/unit/test_addresses.py) read no address there, and the forward was ignored as the
    staff member's own mail: the application was lost."""
    _filed_under_jeanne(intake, lambda auth: cm.outlook_forward(intake.db, intake.nb, "jeanne.roux@tiers-lieu.example",
                                                                authentication=auth, mailto=True))


def test_an_application_the_applicant_forwards_to_the_other_mailbox_is_one_case_and_one_acknowledgement(intake):
    """Sent to one mailbox, then forwarded from Outlook to the other (« je vous transfère notre candidature »): the
    same dossier d'intention, byte for byte, was taken for another project's; a second case, a second reference."""
    files = [("Dossier d'intention.pdf", d.pdf_text(d.DOSSIER_LINES))]  # one file, sent twice: the same bytes
    intake.deliver(cm.outlook_with_msg(intake.nb, "Photo atelier.jpg", d.photo(), files, mime="image/jpeg"), intake.nb)
    intake.poll()
    again = cm.outlook_with_msg(intake.db, "Photo atelier.jpg", d.photo(), files, mime="image/jpeg",
                                subject="TR: Candidature label Smart City")
    intake.deliver(again.replace(b"VI1PR01MB5678ABCD@", b"VI1PR01MB5678ABCE@"), intake.db)
    intake.poll()
    (case,) = intake.cases()
    assert case["messages"] == 2 and case["missing"] == ["courrier"]
    assert len(intake.sent()) == 1


def test_an_application_forwarded_from_an_iphone_by_the_other_staff_member_is_filed_under_the_applicant(intake):
    """iPhone Mail quotes the forwarded header lines (« > De: … »): the forward was ignored as the colleague's own
    mail, and the application lost."""
    case = _filed_under_jeanne(intake, lambda auth: cm.apple_mail_forward(
        intake.db, intake.nb, "jeanne.roux@tiers-lieu.example", iphone=True, authentication=auth))
    assert case["missing"] == ["visuels"]


def _filed_under_jeanne(intake, forward) -> dict:
    """The other staff member's forward (`forward(authentication)`), authenticated by the town's server, reaches
    n.bataillon: one case, filed under the applicant it names, acknowledged to her; the case."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    auth = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"
    intake.deliver(forward(auth), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "jeanne.roux@tiers-lieu.example"
    (ack,) = intake.sent()
    assert ack["To"].addresses[0].addr_spec == "jeanne.roux@tiers-lieu.example"
    return case


def test_an_outlook_forward_in_html_alone_is_filed_under_the_applicant(intake):
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    auth = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"
    intake.deliver(cm.outlook_forward(intake.db, intake.nb, "jeanne.roux@tiers-lieu.example", authentication=auth,
                                      html_only=True), intake.nb)
    intake.poll()
    (case,) = intake.cases()  # it was ignored as the colleague's own mail
    assert case["applicant"] == "jeanne.roux@tiers-lieu.example"
    (ack,) = intake.sent()
    assert ack["To"].addresses[0].addr_spec == "jeanne.roux@tiers-lieu.example"


def test_the_receipt_of_an_acknowledgement_forwarded_back_with_photos_is_no_document_to_check(intake):
    """The applicant forwards our acknowledgement (« Fwd: », to add files: a reply drops them) with photos: our own
    receipt came back with it, was « document non reconnu, peut-être la pièce manquante », and sent the case to
    review instead of asking for the letter still missing."""
    intake.deliver(cm.thunderbird_plain_text(intake.nb, "Bonjour,\n\nnotre dossier.\n", [
        ("Dossier d'intention.pdf", "application/pdf", d.pdf_text(d.DOSSIER_LINES))]), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    (receipt,) = ack.iter_attachments()
    text = (f"Voici les photos.\n\n-------- Message transféré --------\nSujet : \t{ack['Subject']}\n"
            f"De : \tMission Smart City <{intake.nb}>\n\nBonjour,\n")
    forward = cm.thunderbird_plain_text(intake.nb, text, [
        (receipt.get_filename(), "application/pdf", receipt.get_content()),
        ("IMG_0456.jpg", "image/jpeg", d.photo())], subject=f"Fwd: {ack['Subject']}")
    intake.deliver(forward.replace(b"Message-ID: <5f3a2b1c", b"Message-ID: <6f3a2b1c"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["messages"] == 2 and case["status"] == "incomplete" and case["missing"] == ["courrier"]
    shown = intake.case(case["reference"])
    assert receipt.get_filename() not in [p["filename"] for p in shown["piece_files"]]
