"""An application sent as one .7z archive (intake opens only ZIPs), end to end: Dovecot, `intake poll`, SMTP. The
acknowledgement listed the archive « à vérifier » and asked for the three pieces with no word of why: the applicant
did not know whether to send again. It now says the archive is opened by staff, and how to be checked at once."""

from __future__ import annotations

from intake.commands import samples

APPLICANT = "Jeanne Roux <jeanne.roux@asso-quartier.example>"
SEVEN_ZIP = b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(range(256)) * 200  # the signature tells the type; the rest unread


def _said(mail) -> str:
    return " ".join(mail.get_body(("plain",)).get_content().split())


def test_an_application_sent_as_a_7z_archive_is_told_staff_open_it_and_how_to_be_checked_at_once(intake):
    intake.deliver(samples.email(sender=APPLICANT, to=[intake.nb], subject="Candidature label Smart City",
                                 attachments=[("Candidature Smart City.7z", SEVEN_ZIP, "application/x-7z-compressed")]),
                   intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and sorted(case["missing"]) == ["courrier", "dossier", "visuels"], case
    (ack,) = intake.sent()
    said = _said(ack)
    assert "Documents reçus, à vérifier par nos services : - Candidature Smart City.7z" in said, said
    assert "Pièces manquantes à ce jour :" in said, said
    assert ("Votre fichier « Candidature Smart City.7z » est une archive dans un format que notre système ne peut pas "
            "ouvrir automatiquement (il n'ouvre que les archives ZIP). Nos services vont l'ouvrir et vérifier si elle "
            "contient ces pièces : si c'est le cas, vous n'avez rien à renvoyer. Sinon, merci de nous faire parvenir "
            "ces pièces avant le") in said, said
    assert ("Pour que votre dossier soit vérifié tout de suite, vous pouvez aussi nous envoyer ces pièces en fichiers "
            "séparés (PDF, scans ou photos) ou dans une archive ZIP : répondez simplement à ce message en les "
            f"joignant, sans modifier l'objet (il contient la référence {case['reference']}).") in said, said
    html = " ".join(ack.get_body(("html",)).get_content().split())
    assert "Votre fichier « Candidature Smart City.7z » est une archive" in html, html


def test_a_reply_bringing_a_rar_archive_gets_the_same_words_in_its_receipt(intake):
    """The dossier and the letter first (the photos asked for), then a reply with the photos in a .rar: the receipt of
    new pieces says the same."""
    intake.deliver(intake.application(sender=APPLICANT, pieces=("dossier", "courrier")), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["missing"] == ["visuels"], case
    (ack,) = intake.sent()
    assert "archive" not in _said(ack), _said(ack)
    rar = b"Rar!\x1a\x07\x01\x00" + bytes(range(256)) * 200
    intake.deliver(samples.email(sender=APPLICANT, to=[intake.nb], subject=f"RE: {ack['Subject']}",
                                 headers={"In-Reply-To": ack["Message-ID"], "References": ack["Message-ID"]},
                                 body="Bonjour,\n\nVoici les photos.\n\nJeanne Roux",
                                 attachments=[("photos.rar", rar, "application/vnd.rar")]), intake.nb)
    intake.poll()
    (after,) = intake.cases()
    assert after["reference"] == case["reference"] and after["status"] == "review", after
    first, receipt = intake.sent()
    said = _said(receipt)
    assert ("Votre fichier « photos.rar » est une archive dans un format que notre système ne peut pas ouvrir "
            "automatiquement (il n'ouvre que les archives ZIP). Nos services vont l'ouvrir et vérifier si elle "
            "contient ces pièces : si c'est le cas, vous n'avez rien à renvoyer.") in said, said
    assert "Pour que votre dossier soit vérifié tout de suite, vous pouvez aussi nous envoyer ces pièces" in said, said
