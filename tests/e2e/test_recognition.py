"""Issue: recognise the pieces by their content — end to end through Dovecot and SMTP."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from intake import samples


def test_accented_rfc2231_file_names_are_filed_with_their_names(intake):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Élodie Léger <elodie@asso.example>", intake.nb, "Candidature"
    msg.set_content("Bonjour, voici notre candidature.")
    for name, content, mime in (("Dossier d'intention — Éco-quartier.pdf", samples.pdf(), "application/pdf"),
                                ("Lettre signée à M. le Maire.pdf", samples.pdf("lettre"), "application/pdf"),
                                ("Façade rénovée.jpg", samples.jpeg(), "image/jpeg")):
        maintype, subtype = mime.split("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    raw = msg.as_bytes()
    assert b"filename*=" in raw  # RFC 2231 encoding on the wire
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete"
    names = sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"])
    assert names == ["Dossier d'intention — Éco-quartier.pdf", "Façade rénovée.jpg", "Lettre signée à M. le Maire.pdf"]


def test_an_application_forwarded_by_the_other_staff_member_is_filed_under_the_applicant(intake):
    original = intake.application(sender="Marie Dupont <marie@asso.example>", to=["accueil@ville-bethune.fr"])
    forward = EmailMessage()
    forward["From"], forward["To"], forward["Subject"] = intake.db, intake.nb, "TR: Candidature au label"
    forward.set_content("Reçu à l'accueil, je te le transmets.")
    forward.add_attachment(email.message_from_bytes(original, policy=email.policy.default))
    intake.deliver(forward.as_bytes(), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "marie@asso.example" and case["status"] == "complete"
    (ack,) = intake.sent()
    assert ack["To"].addresses[0].addr_spec == "marie@asso.example"
    assert ack["From"].addresses[0].addr_spec == intake.nb
