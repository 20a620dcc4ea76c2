"""Mail programs of a sixth round (tests/moreclients.py), end to end: Dovecot, `intake poll`, SMTP. Yahoo Mail (web,
and its Android app answering our acknowledgement with the missing photo), GMX's webmail (HTML alone), Windows'
« Envoyer vers > Destinataire » through Outlook, Outlook.com attaching a OneDrive file as a link."""

from __future__ import annotations

import documents as d
import moreclients as mc

PDF = "application/pdf"
YAHOO_FILES = [("Dossier d’intention - Béthune Smart City.pdf", PDF, d.pdf_text(d.DOSSIER_LINES)),
               ("Lettre au Maire.pdf", PDF, d.pdf_text(d.LETTER_LINES)), ("IMG_4521.jpeg", "image/jpeg", d.photo())]


def _ack_text(intake) -> str:
    (ack,) = intake.sent()
    return ack.get_body(("plain",)).get_content()


def test_a_yahoo_application_is_complete_and_acknowledged_to_the_sender_with_its_names(intake):
    intake.deliver(mc.yahoo_web(intake.nb, YAHOO_FILES), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["applicant"] == "sophie.lambert62@yahoo.example", case
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == ["sophie.lambert62@yahoo.example"]
    text = ack.get_body(("plain",)).get_content()
    assert all(name in text for name, _, _ in YAHOO_FILES), text


def test_a_yahoo_android_reply_with_the_missing_photo_completes_the_case(intake):
    """The app's signature links to go.onelink.me and quotes our acknowledgement: the photo joins the case, which is
    complete; the signature's link is no piece."""
    intake.deliver(mc.yahoo_web(intake.nb, YAHOO_FILES[:2]), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["missing"] == ["visuels"], case
    (ack,) = intake.sent()
    intake.deliver(mc.yahoo_android_reply(ack, "sophie.lambert62@yahoo.example", d.photo()), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2, case
    files = [p["filename"] for p in intake.case(case["reference"])["piece_files"]]
    assert "1000012345.jpg" in files and not any("onelink" in f for f in files), files


def test_a_gmx_application_in_html_alone_is_complete(intake):
    files = [("Dossier_d'intention_Béthune.pdf", PDF, d.pdf_text(d.DOSSIER_LINES)),
             ("Lettre_au_Maire.pdf", PDF, d.pdf_text(d.LETTER_LINES)), ("Fotos_Garten.jpg", "image/jpeg", d.photo())]
    intake.deliver(mc.gmx(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["applicant"] == "thomas.becker@gmx.example", case
    assert all(name in _ack_text(intake) for name, _, _ in files)


def test_files_sent_from_windows_send_to_are_an_application_though_the_mail_says_nothing(intake):
    """No word of the applicant's: Windows' boilerplate and the files' names. The dossier and the letter are read,
    the visuals asked for."""
    files = [("Dossier d'intention.pdf", d.pdf_text(d.DOSSIER_LINES)),
             ("Courrier Maire.pdf", d.pdf_text(d.LETTER_LINES))]
    intake.deliver(mc.mapi_send_to(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["pieces"] == ["courrier", "dossier"] and case["missing"] == ["visuels"], case
    assert case["applicant"] == "jp.lefebvre@orange.example"
    text = _ack_text(intake)
    assert "Dossier d'intention.pdf" in text and "Courrier Maire.pdf" in text


def test_a_onedrive_file_attached_as_a_link_by_outlook_com_is_named_and_left_for_staff_to_open(intake):
    """The dossier stays on OneDrive: named by the link's text, not asked again of the applicant (« semble » behind
    the link), for staff to open; the letter attached is counted."""
    intake.deliver(mc.outlook_com_cloud_file(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "lea.fontaine@outlook.example" and "courrier" in case["pieces"], case
    assert case["included"].get("dossier", "").startswith("lien : https://1drv.ms/"), case
    text = _ack_text(intake)
    assert "Dossier d’intention Béthune Smart City.pdf" in text and "Lettre au Maire.pdf" in text, text


def test_an_application_sent_through_the_town_site_s_wordpress_form_is_filed_for_staff_and_nobody_is_written_to(
        intake):
    """Contact Form 7 sends from wordpress@ the town's own domain: the case was opened under wordpress@, « Ville de
    Béthune », and acknowledged there (and, where the town's mail is known as a colleague's, the mail was ignored as
    « courrier interne »: the application lost). WordPress's sender is a robot's: the documents are filed for staff
    to confirm the applicant named in Reply-To, and nothing is sent to wordpress@."""
    town = intake.nb.split("@")[1]
    files = [("dossier-intention.pdf", d.pdf_text(d.DOSSIER_LINES)), ("lettre-maire.pdf", d.pdf_text(d.LETTER_LINES))]
    intake.deliver(mc.contact_form_7(intake.nb, town, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and case["pieces"] == ["courrier", "dossier"], case
    assert intake.sent() == []


def test_a_slash_in_a_mac_file_s_name_is_kept_in_the_acknowledgement(intake):
    """Finder allows « / » in a name and Apple Mail sends it: our acknowledgement said « 2027.pdf » for the applicant's
    « Dossier d’intention 2026/2027.pdf » (cut as a path). The name is kept, its slash as U+2215."""
    import clientmail as cm

    files = [("Dossier d’intention 2026/2027.pdf", PDF, d.pdf_text(d.DOSSIER_LINES)),
             ("Lettre au Maire.pdf", PDF, d.pdf_text(d.LETTER_LINES)), ("Atelier 28/11.jpeg", "image/jpeg", d.photo())]
    intake.deliver(cm.apple_mail(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete", case
    text = _ack_text(intake)
    assert "Dossier d’intention 2026\u22152027.pdf" in text and "Atelier 28\u221511.jpeg" in text, text


def test_photos_put_on_the_association_s_nextcloud_by_thunderbird_s_filelink_are_its_visuals(intake):
    """Thunderbird's Filelink (and BlueMind's, Roundcube's detached files) says which links are the message's files;
    a Nextcloud of the association's own is in no list of transfer sites, so the photos were no piece: the case was
    incomplete and the applicant told the visuals were missing, and reminded of them. The footer's link to
    nextcloud.com is no piece."""
    files = [("Dossier d'intention.pdf", PDF, d.pdf_text(d.DOSSIER_LINES)),
             ("Lettre au Maire.pdf", PDF, d.pdf_text(d.LETTER_LINES))]
    intake.deliver(mc.thunderbird_filelink(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"], case
    links = [p["filename"] for p in intake.case(case["reference"])["piece_files"] if p["filename"].startswith("lien")]
    assert links == [f"lien : {mc.NEXTCLOUD}"], links


def test_a_folder_zipped_by_windows_and_sent_to_the_town_is_acknowledged_with_its_names(intake):
    """Windows' « Envoyer vers > Dossier compressé », then « Envoyer vers > Destinataire »: the ZIP's names are CP850;
    our acknowledgement said « LETTRE ╖ MONSIEUR LE MAIRE.pdf »."""
    archive = mc.windows_zip({"Candidature/DOSSIER D'INTENTION.pdf": d.pdf_text(d.DOSSIER_LINES),
                              "Candidature/LETTRE À MONSIEUR LE MAIRE.pdf": d.pdf_text(d.LETTER_LINES),
                              "Candidature/Photo atelier.jpg": d.photo()})
    intake.deliver(mc.mapi_send_to(intake.nb, [("Candidature.zip", archive)]), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete", case
    text = _ack_text(intake)
    assert "LETTRE À MONSIEUR LE MAIRE.pdf" in text and "╖" not in text, text
