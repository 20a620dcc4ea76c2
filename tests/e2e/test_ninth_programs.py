"""A ninth round (tests/ninthmail.py), end to end: Dovecot, `intake poll`, SMTP. Free's Zimbra, Proton Mail with its
public key, RFC 2231 names whose charset is missing or wrong, a Windows-1252 text without a charset, LibreOffice and
iWork files, phone scanner apps, an application inside a forwarded .eml, a Windows zip, a secretary writing for her
president, and an application in three mails."""

from __future__ import annotations

import documents as d
import ninthmail as nm
import pytest

from intake.pipeline.send import SETTLE

PDF = "application/pdf"
DOSSIER = ("Dossier d'intention.pdf", PDF, None)
THREE = [("Dossier d’intention Béthune Smart City.pdf", PDF, d.pdf_text(d.DOSSIER_LINES)),
         ("Lettre signée à Monsieur le Maire.pdf", PDF, d.pdf_text(d.LETTER_LINES)),
         ("Photo de l’atelier.jpg", "image/jpeg", d.photo())]


def _ack_text(intake) -> str:
    (ack,) = intake.sent()
    return ack.get_body(("plain",)).get_content()


def _names(intake, reference: str) -> list[str]:
    return sorted(p["filename"] for p in intake.case(reference)["piece_files"])


def _one_complete_case(intake, applicant: str) -> dict:
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"], case
    assert case["applicant"] == applicant, case
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == [applicant], ack["To"]
    return case


def test_a_free_zimbra_application_is_complete_and_acknowledged_with_its_names(intake):
    """Zimbra writes each name as an RFC 2047 word inside the quotes of filename=: the names are read, shown and
    acknowledged as the applicant typed them."""
    intake.deliver(nm.zimbra(intake.nb, THREE), intake.nb)
    intake.poll()
    case = _one_complete_case(intake, "patrick.lefebvre@free.example")
    assert _names(intake, case["reference"]) == sorted(n for n, _, _ in THREE)
    text = _ack_text(intake)
    assert "Lettre signée à Monsieur le Maire.pdf" in text and "Pièces manquantes" not in text, text


def test_long_names_zimbra_writes_in_several_words_one_cut_inside_a_character_are_read_whole(intake):
    files = [("Dossier d’intention – Association Les Jardins Partagés de Béthune.pdf", PDF,
              d.pdf_text(d.DOSSIER_LINES)),
             ("Lettre signée adressée à Monsieur le Maire de Béthune – Présidente.pdf", PDF,
              d.pdf_text(d.LETTER_LINES)),
             ("Photographie de l’atelier réalisé à la médiathèque.jpg", "image/jpeg", d.photo())]
    intake.deliver(nm.zimbra(intake.nb, files, words=True), intake.nb)
    intake.poll()
    case = _one_complete_case(intake, "patrick.lefebvre@free.example")
    assert _names(intake, case["reference"]) == sorted(n for n, _, _ in files)


def test_a_proton_mail_application_with_the_sender_s_public_key_is_complete_and_the_key_is_no_piece(intake):
    """Proton attaches « publickey - … .asc »: no piece, nothing for staff to look at, the case complete."""
    intake.deliver(nm.proton(intake.nb, THREE), intake.nb)
    intake.poll()
    case = _one_complete_case(intake, "clara.vandamme@proton.example")
    assert all(not name.startswith("publickey") for name in case["included"].values()), case
    assert "publickey" not in _ack_text(intake)


@pytest.mark.parametrize("charset, encoding", [("", "utf-8"), ("us-ascii", "utf-8"), ("iso-8859-1", "utf-8"),
                                               ("utf-8", "cp1252"), ("", "cp1252")],
                         ids=["missing", "us-ascii", "latin1", "cp1252-said-utf8", "cp1252-unsaid"])
def test_file_names_in_rfc2231_continuations_with_a_missing_or_wrong_charset_are_read_as_written(intake, charset,
                                                                                                 encoding):
    """`filename*0*=''Dossier%20d%E2%80%99…; filename*1*=…%C3%A9…`: the bytes are UTF-8 whatever the charset says
    (none, us-ascii, iso-8859-1), or Windows-1252 (%92, %E9) under « utf-8 » or none. The applicant is acknowledged
    with the names they typed, never « BÃ©thune » nor « B�thune »."""
    files = THREE[:2]
    intake.deliver(nm.continuations(intake.nb, files, charset, encoding), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["pieces"] == ["courrier", "dossier"] and case["missing"] == ["visuels"], case
    assert _names(intake, case["reference"]) == sorted(n for n, _, _ in files)
    text = _ack_text(intake)
    assert "Dossier d’intention Béthune Smart City.pdf" in text and "Ã" not in text and "\ufffd" not in text, text
    assert "visuels" in text.partition("manque")[2].lower() or "complémentaires" in text, text


def test_a_windows_1252_text_without_a_charset_and_an_unencoded_subject_is_filed_and_read_with_its_accents(intake):
    """Outlook Express's way: 8-bit Windows-1252 in the text (no charset) and in the Subject (no RFC 2047 word)."""
    files = [("Dossier.pdf", PDF, d.pdf_text(d.DOSSIER_LINES)), ("Lettre.pdf", PDF, d.pdf_text(d.LETTER_LINES)),
             ("Moulin.jpg", "image/jpeg", d.photo())]
    intake.deliver(nm.windows_1252_no_charset(intake.nb, files), intake.nb)
    out = intake.poll()
    assert "Traceback" not in out
    case = _one_complete_case(intake, "gerard.leroux@wanadoo.example")
    (message,) = intake.case(case["reference"])["message_list"]
    assert message["subject"] == "Candidature label Béthune Smart City – association « Le Vieux Moulin »", message


def test_a_libreoffice_dossier_and_letter_in_odt_from_thunderbird_are_the_dossier_and_the_letter(intake):
    files = [("Dossier d'intention - Repair Café.odt", "application/vnd.oasis.opendocument.text",
              d.odt(d.DOSSIER_LINES)),
             ("Courrier au Maire.odt", "application/vnd.oasis.opendocument.text", d.odt(d.LETTER_LINES)),
             ("Repair café.jpg", "image/jpeg", d.photo())]
    intake.deliver(nm.thunderbird(intake.nb, files), intake.nb)
    intake.poll()
    case = _one_complete_case(intake, "lucie.carpentier@laposte.example")
    assert "Dossier d'intention - Repair Café.odt" in _ack_text(intake)
    assert _names(intake, case["reference"]) == sorted(n for n, _, _ in files)


def test_a_keynote_presentation_sent_as_is_is_the_visuals_to_verify_and_not_asked_again_of_the_applicant(intake):
    """A .key is a package (ZIP) no reader here opens: one document, never its thumbnails or inner pictures. It was an
    unknown document, and the applicant was told « Pièces manquantes : documents complémentaires et visuels » for the
    presentation they had just sent. It now seems to hold the visuals (a presentation, like a .pptx): the case is
    for staff to verify, the applicant not asked again, and staff confirm it to complete the case."""
    files = [("Dossier d'intention.pdf", PDF, d.pdf_text(d.DOSSIER_LINES)),
             ("Lettre au Maire.pdf", PDF, d.pdf_text(d.LETTER_LINES)),
             ("Présentation Jardins.key", "application/x-iwork-keynote-sffkey", nm.iwork("key", ["Jardins partagés"]))]
    intake.deliver(nm.apple_mail_iwork(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and case["included"] == {"visuels": "Présentation Jardins.key"}, case
    names = _names(intake, case["reference"])
    assert names == sorted(n for n, _, _ in files), names
    text = _ack_text(intake)
    assert "Pièces manquantes" not in text and "« Présentation Jardins.key »" in text, text
    (key,) = [p for p in intake.case(case["reference"])["piece_files"] if p["filename"].endswith(".key")]
    code, out = intake.cli("case", case["reference"], "piece", str(key["id"]), "--also", "visuels")
    assert code == 0 and intake.cases()[0]["status"] == "complete", out


def test_a_dossier_written_in_pages_is_not_asked_again_of_the_applicant(intake):
    """« Dossier d'intention.pages »: the dossier to verify (staff open it or ask for a PDF); the applicant is asked
    only for what is really missing (here the visuals), not for the dossier they sent."""
    import clientmail as cm

    files = [("Dossier d’intention.pages", "application/x-iwork-pages-sffpages", cm.pages_document(d.DOSSIER_LINES)),
             ("Lettre au Maire.pdf", PDF, d.pdf_text(d.LETTER_LINES))]
    intake.deliver(nm.apple_mail_iwork(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["included"] == {"dossier": "Dossier d’intention.pages"} and case["missing"] == ["dossier", "visuels"]
    asked = _ack_text(intake).partition("Pièces manquantes")[2]
    assert "documents complémentaires" in asked and "dossier d'intention" not in asked.partition("\n\n")[0], asked
    assert "document à ouvrir par le service : Dossier d’intention.pages" in case["attention"], case


def test_a_numbers_budget_beside_the_three_pieces_is_one_file_and_the_case_is_complete(intake):
    files = THREE + [("Budget prévisionnel.numbers", "application/x-iwork-numbers-sffnumbers",
                      nm.iwork("numbers", ["Budget prévisionnel", "Capteurs : 1 000 euros"]))]
    intake.deliver(nm.apple_mail_iwork(intake.nb, files), intake.nb)
    intake.poll()
    case = _one_complete_case(intake, "anais.petit@icloud.example")
    names = _names(intake, case["reference"])
    assert not any("preview" in name for name in names), names


def test_a_letter_scanned_with_adobe_scan_and_named_by_its_date_is_the_letter(intake):
    """Adobe Scan's PDF: image-only pages, named « Adobe Scan 30 nov. 2026.pdf »: read (OCR), the letter."""
    files = [("Dossier d'intention.pdf", PDF, d.pdf_text(d.DOSSIER_LINES)),
             ("Adobe Scan 30 nov. 2026.pdf", PDF, d.scan_pdf(d.LETTER_LINES)),
             ("IMG_4021.jpg", "image/jpeg", d.photo())]
    intake.deliver(nm.gmail_android_scans(intake.nb, files), intake.nb)
    intake.poll()
    _one_complete_case(intake, "karim.benali62@gmail.example")
    assert "Adobe Scan 30 nov. 2026.pdf" in _ack_text(intake)


def test_a_dossier_scanned_with_ios_notes_is_the_dossier(intake):
    files = [("Document numérisé.pdf", PDF, d.scan_pdf(d.DOSSIER_LINES, pages=2)),
             ("Lettre au Maire.pdf", PDF, d.pdf_text(d.LETTER_LINES)),
             ("IMG_4022.jpg", "image/jpeg", d.photo())]
    intake.deliver(nm.gmail_android_scans(intake.nb, files), intake.nb)
    intake.poll()
    _one_complete_case(intake, "karim.benali62@gmail.example")


def test_an_application_the_applicant_first_sent_elsewhere_and_forwards_as_an_eml_is_filed_complete(intake):
    """The application is inside the attached message (Thunderbird « en tant que pièce jointe »): its three pieces
    are the case's, under the applicant, who is acknowledged once."""
    intake.deliver(nm.forwarded_own_mail(intake.nb), intake.nb)
    intake.poll()
    _one_complete_case(intake, "sylvie.morel@centre-social.example")


def test_the_three_pieces_zipped_by_windows_with_thumbs_db_and_desktop_ini_are_complete_and_the_junk_no_piece(intake):
    """Archives are untrusted containers: their files are read one by one; Explorer's Thumbs.db and desktop.ini are
    no piece and give staff nothing to look at."""
    inside = {"Dossier_intention.pdf": d.pdf_text(d.DOSSIER_LINES), "Lettre_Maire.pdf": d.pdf_text(d.LETTER_LINES),
              "photo_atelier.jpg": d.photo()}
    files = [("Candidature.zip", "application/x-zip-compressed", nm.windows_zip_with_junk(inside))]
    intake.deliver(nm.thunderbird(intake.nb, files), intake.nb)
    intake.poll()
    case = _one_complete_case(intake, "lucie.carpentier@laposte.example")
    names = _names(intake, case["reference"])
    assert not any("Thumbs.db" in n or "desktop.ini" in n for n in names), names
    assert "Thumbs" not in _ack_text(intake) and "desktop" not in _ack_text(intake)


def test_a_secretary_writing_for_her_president_with_reply_to_is_acknowledged_to_her_not_to_the_reply_to(intake):
    """Reply-To is the sender's claim: recorded and shown to staff, never written to automatically."""
    intake.deliver(nm.secretary_for_president(intake.nb, THREE), intake.nb)
    intake.poll()
    case = _one_complete_case(intake, "secretariat@ateliers-rail.example")
    assert "president@ateliers-rail.example" in str(intake.case(case["reference"])), "Reply-To not shown to staff"


def test_an_exchange_delegate_s_mail_on_behalf_of_the_president_is_the_president_s_application(intake):
    """« Secrétariat de la part de Président »: From is the president (the address the application is in the name
    of), Sender the secretary: the acknowledgement goes to From, as for any application."""
    intake.deliver(nm.secretary_for_president(intake.nb, THREE, outlook_delegate=True), intake.nb)
    intake.poll()
    _one_complete_case(intake, "president@ateliers-rail.example")


def test_an_application_sent_in_three_mails_minutes_apart_is_one_case(intake):
    """Three new mails (1/3, 2/3, 3/3), all in the mailbox at the next poll: one case, complete."""
    for raw in nm.in_three_mails(intake.nb):
        intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 3, case
    assert len(intake.sent()) == 1, [m["Subject"] for m in intake.sent()]


@pytest.mark.parametrize("settle", [SETTLE, pytest.param(0.0, marks=pytest.mark.xfail(strict=True, reason="before"))])
def test_three_mails_read_slowly_in_one_poll_get_one_acknowledgement(intake, settle):
    """The same three mails on a loaded machine: the mail queued for the first left within the second (the poll
    sends every second), before the other two were filed, and a notice of a complete case followed it (CI, on two
    busy CPUs). A mail waits `SETTLE` seconds during the poll: the other two are folded into the acknowledgement."""
    import time

    from servers.faulty import faulty

    from intake.commands import samples
    from intake.pipeline.poll import READ_AHEAD_PER_PROCESS, poll_all
    from intake.pipeline.send import poll_and_send

    intake.configure("[limits]\nread_processes = 1")
    first, *others = nm.in_three_mails(intake.nb)
    intake.deliver(first, intake.nb)
    window = READ_AHEAD_PER_PROCESS + 2  # messages in flight with one reading process (test_spine.py)
    for n in range(window):  # colleagues' notes in between: the first mail is filed before the second is read
        intake.deliver(samples.email(sender=f"collegue{n}@ville-bethune.fr", to=[intake.nb], subject=f"Note {n}",
                                     body="Point d'étape jeudi."), intake.nb)
    for raw in others:
        intake.deliver(raw, intake.nb)

    def slowly(uid: int) -> None:
        if uid == window + 2:  # reading the second takes long, the first filed
            time.sleep(2.0)

    app = intake.app()
    app.sources = faulty(after_each=slowly, mailbox="nb", body_batch=1)
    poll_and_send(app, lambda: poll_all(app), every=0.2, settle=settle)
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 3, case
    assert len(intake.sent()) == 1, [m["Subject"] for m in intake.sent()]


def test_an_application_sent_in_three_mails_across_polls_is_one_case_completed(intake):
    mails = nm.in_three_mails(intake.nb)
    for raw in mails:
        intake.deliver(raw, intake.nb)
        intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 3, case


def test_pieces_sent_minutes_apart_one_to_each_mailbox_are_one_case(intake):
    """The dossier to one mailbox, the letter and the photo to the other, a few minutes later: one case."""
    first, second, third = nm.in_three_mails(intake.nb)
    intake.deliver(first, intake.nb)
    for raw in (second, third):
        intake.deliver(raw.replace(intake.nb.encode(), intake.db.encode()), intake.db)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 3, case


def test_the_same_application_sent_again_minutes_later_is_one_case_acknowledged_once(intake):
    """« Je ne suis pas sûr que mon message soit parti » : the same files, a new message."""
    raw = nm.proton(intake.nb, THREE)
    intake.deliver(raw, intake.nb)
    intake.poll()
    intake.deliver(raw.replace(b"Xk3Lq9PzR7wYv2Tn8uHd5sGf1aJc4bMe@", b"Zz9Lq9PzR7wYv2Tn8uHd5sGf1aJc4bMe@")
                   .replace(b"09:41:12", b"09:47:40"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2, case
    assert len(intake.sent()) == 1, [m["Subject"] for m in intake.sent()]


def test_the_president_s_letter_answering_the_forwarded_acknowledgement_completes_the_case_and_nobody_new_is_written_to(
        intake):
    """The secretary's application lacked the letter; the president answers, from his own address, the acknowledgement
    she forwarded him (our Message-ID in his References). The letter completes the case; the completion notice goes
    to the applicant on record (the secretary), never to the president's address, which only a Reply-To named."""
    intake.deliver(nm.secretary_for_president(intake.nb, [THREE[0], THREE[2]]), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    intake.deliver(nm.president_sends_the_letter(ack, [THREE[1]]), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2, case
    assert case["applicant"] == "secretariat@ateliers-rail.example", case
    assert {a.addr_spec for m in intake.sent() for a in m["To"].addresses} == {"secretariat@ateliers-rail.example"}


def test_an_application_forwarded_as_an_eml_by_someone_else_is_acknowledged_to_who_sent_it_not_to_the_inner_sender(
        intake):
    """The inner message's From is only what the forwarder attached: the acknowledgement goes to the sender of the
    mail the town received, never to the address inside the .eml."""
    intake.deliver(nm.forwarded_own_mail(intake.nb, by="Accueil Centre social <accueil@centre-social.example>"),
                   intake.nb)
    intake.poll()
    _one_complete_case(intake, "accueil@centre-social.example")


def test_a_whole_application_scanned_at_300_dpi_by_a_phone_app_is_read_and_the_letter_in_it_left_to_verify(intake):
    """Adobe Scan's 3-page PDF (the dossier, then the letter), colour JPEG pages of 2480 x 3508 pixels: read by OCR,
    the dossier, the letter inside it for staff to verify and not asked of the applicant."""
    scan = nm.phone_app_scan([d.DOSSIER_LINES, ["Partenaires : centre social", "Calendrier : 2025-2026"],
                              d.LETTER_LINES])
    files = [("Adobe Scan 30 nov. 2026.pdf", PDF, scan), ("IMG_4021.jpg", "image/jpeg", d.photo())]
    intake.deliver(nm.gmail_android_scans(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["pieces"] == ["dossier", "visuels"] and case["included"] == {"courrier": files[0][0]}, case
    assert case["status"] == "review", case
    text = _ack_text(intake)
    assert "Pièces manquantes" not in text and "« Adobe Scan 30 nov. 2026.pdf »" in text, text


def test_a_message_a_gateway_labelled_unknown_8bit_keeps_its_names_subject_and_text(intake):
    """« unknown-8bit » names no charset: the names were read as Latin-1 (« Dossier dintention » : Windows-1252's ’
    dropped as a control character) and the subject shown to staff with « \ufffd »; they read as written."""
    intake.deliver(nm.unknown_8bit(intake.nb, THREE), intake.nb)
    intake.poll()
    case = _one_complete_case(intake, "b.delattre@comite-fetes.example")
    assert _names(intake, case["reference"]) == sorted(n for n, _, _ in THREE)
    (message,) = intake.case(case["reference"])["message_list"]
    assert message["subject"] == "Candidature label Béthune – l’œuvre du comité", message
    assert "Dossier d’intention Béthune Smart City.pdf" in _ack_text(intake)


def test_an_application_inside_an_outlook_item_the_applicant_attached_is_filed_complete(intake):
    """Outlook classic: the applicant drags the mail they sent elsewhere into a new one: an Outlook item (.msg)
    holding the three pieces, and nothing else attached."""
    import clientmail as cm
    from olefiles import outlook_item

    applicant = "francois.martin@asso-quartier.example"
    item = outlook_item(applicant, {"Dossier d'intention.pdf": d.pdf_text(d.DOSSIER_LINES),
                                    "Lettre au Maire.pdf": d.pdf_text(d.LETTER_LINES), "Photo atelier.jpg": d.photo()})
    intake.deliver(cm.outlook_with_msg(intake.nb, "Candidature label Smart City.msg", item), intake.nb)
    intake.poll()
    case = _one_complete_case(intake, applicant)
    assert _names(intake, case["reference"]) == ["Dossier d'intention.pdf", "Lettre au Maire.pdf", "Photo atelier.jpg"]


def test_a_proton_question_with_only_the_sender_s_public_key_opens_no_case_and_gets_no_reply(intake):
    raw = nm.proton(intake.nb, []).replace(b"Subject: Candidature au label =?utf-8?Q?B=C3=A9thune_Smart_City?=",
                                           b"Subject: Question sur le label")
    intake.deliver(raw, intake.nb)
    intake.poll()
    assert intake.cases() == [] and intake.sent() == []


def test_iwork_documents_saved_as_packages_and_zipped_by_apple_mail_are_documents_not_their_thumbnails(intake):
    """« Dossier d’intention.pages.zip » and « Présentation Jardins.key.zip »: the thumbnail preview.jpg was read (OCR)
    as the dossier, preview-web.jpg and the slides' pictures counted as the visuals, and the applicant told the
    application was complete. Each package is one iWork document, as a single-file one: to verify, not asked again."""
    import clientmail as cm

    files = [("Dossier d’intention.pages.zip", "application/zip",
              nm.zipped_package("Dossier d’intention.pages", cm.pages_document(d.DOSSIER_LINES))),
             ("Lettre au Maire.pdf", PDF, d.pdf_text(d.LETTER_LINES)),
             ("Présentation Jardins.key.zip", "application/zip",
              nm.zipped_package("Présentation Jardins.key", nm.iwork("key", ["Jardins partagés"])))]
    intake.deliver(nm.apple_mail_iwork(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and case["pieces"] == ["courrier"], case
    assert case["included"] == {"dossier": "Dossier d’intention.pages", "visuels": "Présentation Jardins.key"}, case
    assert _names(intake, case["reference"]) == ["Dossier d’intention.pages", "Lettre au Maire.pdf",
                                                 "Présentation Jardins.key"]
    text = _ack_text(intake)
    assert "preview" not in text and "Pièces manquantes" not in text, text


def test_an_attacker_s_zip_gives_clean_names_drops_its_program_and_says_so_to_staff(intake):
    """Archives are untrusted: names climbing out or absolute are reduced to their last part, the hidden program
    dropped and said to staff (« À voir »), the link named like a photo no piece; the real pieces are filed."""
    intake.deliver(nm.thunderbird(intake.nb, [("Candidature.zip", "application/zip", nm.hostile_zip())]), intake.nb)
    intake.poll()
    case = _one_complete_case(intake, "lucie.carpentier@laposte.example")
    assert _names(intake, case["reference"]) == ["Dossier d'intention.pdf", "Lettre au Maire.pdf", "vraie photo.jpg"]
    assert "programme écarté" in case["attention"] and "\u202e" not in case["attention"], case
    text = _ack_text(intake)
    assert "etc" not in text.split("Pièces reçues")[1][:300] and "exe" not in text, text


def test_an_application_forwarded_again_as_an_eml_to_the_other_mailbox_is_no_second_case_nor_acknowledgement(intake):
    """Unsure it arrived, the applicant forwards their application (as an attachment) to the other mailbox: the
    same message inside, the same files: it joins the case, nothing new to acknowledge."""
    import email
    import email.policy

    forward = nm.forwarded_own_mail(intake.db)
    outer = email.message_from_bytes(forward, policy=email.policy.default)
    (inner,) = [p.get_content() for p in outer.walk() if p.get_content_type() == "message/rfc822"]
    intake.deliver(inner.as_bytes().replace(b"n.bataillon@ville-bethune.com", intake.nb.encode()), intake.nb)
    intake.poll()
    intake.deliver(forward, intake.db)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2, case
    assert len(intake.sent()) == 1, [m["Subject"] for m in intake.sent()]


def test_pieces_sent_from_two_addresses_under_one_name_are_two_cases_shown_to_staff_as_maybe_one(intake):
    """The letter from the association's address, the rest from her own, minutes apart, « Nadia Haddad » on both: a
    display name is the sender's to write, so the cases are never merged automatically; staff are told (« À voir »)
    and merge them if they are one application."""
    first, second, third = nm.in_three_mails(intake.nb)
    intake.deliver(first, intake.nb)
    intake.deliver(second.replace(b"nadia.haddad@gmail.example", b"contact@amis-du-rail.example"), intake.nb)
    intake.deliver(third, intake.nb)
    intake.poll()
    own, association = intake.cases()
    assert own["pieces"] == ["dossier", "visuels"] and association["pieces"] == ["courrier"], (own, association)
    assert "même nom d'expéditeur (« Nadia Haddad »)" in association["attention"], association
    assert own["reference"] in association["attention"], association
    code, out = intake.cli("case", own["reference"], "merge", association["reference"])
    assert code == 0, out
    (merged,) = [c for c in intake.cases() if c["status"] not in ("merged",) and c["pieces"]]
    assert merged["pieces"] == ["courrier", "dossier", "visuels"], merged


def test_three_mails_forwarded_together_as_attachments_by_gmail_are_one_complete_application(intake):
    """First sent to a wrong address in three mails, then forwarded together (Gmail, three .eml parts)."""
    mails = nm.in_three_mails("n.bataillon@ville-bethune.com")
    intake.deliver(nm.gmail_forward_as_attachments(intake.nb, mails), intake.nb)
    intake.poll()
    case = _one_complete_case(intake, "nadia.haddad@gmail.example")
    assert case["messages"] == 1, case
