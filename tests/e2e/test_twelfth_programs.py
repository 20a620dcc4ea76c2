"""A twelfth round (tests/twelfthmail.py), end to end: Dovecot, `intake poll`, SMTP. Outlook for iOS; Thunderbird
signing with S/MIME and with OpenPGP; Gmail and Outlook answering the town's call for applications, its pictures
quoted; a dossier as a .docm or a .dotx; Claws Mail in ISO-8859-15; a calendar file attached beside the pieces; a
long subject cut inside a letter; Gmail's confidential mode; a letter signed with iPhone « Annoter »."""

from __future__ import annotations

import documents as d
import tenthmail as tm
import twelfthmail as w
from sentmail import acknowledged as _acknowledged
from sentmail import text as _text

PDF = "application/pdf"
DOSSIER = ("Dossier d'intention - Béthune Makers.pdf", PDF, tm.dossier())
LETTER = ("Lettre à Monsieur le Maire.pdf", PDF, tm.letter())
PHOTOS = [("Fab lab 1.jpg", "image/jpeg", d.photo(seed=21)), ("Fab lab 2.jpg", "image/jpeg", d.photo(seed=22))]
THOMAS = "thomas.leroy@bethune-makers.example"
PIECES = ["courrier", "dossier", "visuels"]


def _one_case(intake, status: str = "complete", pieces=PIECES):
    (case,) = intake.cases()
    assert case["status"] == status and case["pieces"] == pieces, case
    return case, intake.case(case["reference"])


def test_outlook_for_ios_photos_named_image0_jpeg_are_the_visuels_and_its_signature_no_piece(intake):
    """Outlook for iOS names the photos picked from the library « image0.jpeg », « image1.jpeg » (as Outlook names
    a signature's logo « image001.png »): here attachments, two photos of the project, they are the visuels. The
    « Obtenir Outlook pour iOS » link is nothing for staff. Complete, one acknowledgement."""
    files = [("Dossier intention Ateliers numériques.pdf", PDF, tm.dossier()), ("Courrier Maire.pdf", PDF, tm.letter()),
             ("image0.jpeg", "image/jpeg", d.photo(seed=31)), ("image1.jpeg", "image/jpeg", d.photo(seed=32))]
    intake.deliver(w.outlook_ios(intake.nb, files), intake.nb)
    intake.poll()
    case, detail = _one_case(intake)
    assert case["applicant"] == "nadia.bensaid@outlook.example", case
    assert "aka.ms" not in detail["attention"], detail["attention"]
    ack = _acknowledged(intake, "nadia.bensaid@outlook.example", intake.nb)
    assert "aka.ms" not in _text(ack), _text(ack)


def test_thunderbird_s_mime_signed_in_clear_is_complete_and_its_smime_p7s_no_piece(intake):
    """multipart/signed with a detached CMS signature « smime.p7s »: the files inside are read, the signature is
    neither a piece nor a document for staff to look at."""
    intake.deliver(w.thunderbird_smime(intake.db, [DOSSIER, LETTER, *PHOTOS]), intake.db)
    intake.poll()
    case, detail = _one_case(intake)
    assert case["applicant"] == THOMAS, case
    names = sorted(p["filename"] for p in detail["piece_files"])
    assert names == sorted(n for n, _, _ in [DOSSIER, LETTER, *PHOTOS]), names
    assert "smime.p7s" not in detail["attention"], detail["attention"]
    ack = _acknowledged(intake, THOMAS, intake.db)
    assert "smime.p7s" not in _text(ack), _text(ack)


def test_thunderbird_openpgp_signed_with_its_public_key_is_complete_and_neither_asc_a_piece(intake):
    """OpenPGP/MIME: the signed entity (protected headers), the public key « OpenPGP_0x….asc » beside the files, the
    signature « OpenPGP_signature.asc »: neither .asc is a piece or a document for staff; the case is complete."""
    intake.deliver(w.thunderbird_openpgp(intake.nb, [DOSSIER, LETTER, *PHOTOS]), intake.nb)
    intake.poll()
    case, detail = _one_case(intake)
    names = sorted(p["filename"] for p in detail["piece_files"])
    assert names == sorted(n for n, _, _ in [DOSSIER, LETTER, *PHOTOS]), names
    assert "OpenPGP" not in detail["attention"], detail["attention"]
    ack = _acknowledged(intake, THOMAS, intake.nb)
    assert "OpenPGP" not in _text(ack) and ".asc" not in _text(ack), _text(ack)


def test_a_gmail_answer_to_the_call_for_applications_does_not_take_the_call_s_pictures_for_visuels(intake):
    """Gmail quotes the town's call (its banner and a photo of last year's laureates, inline, shown in the quote):
    those pictures are the town's, not the applicant's visuels. The dossier and the letter are attached: the case
    lacks the visuels and the acknowledgement asks for them, naming neither of the town's pictures."""
    files = [("Dossier d'intention Ludothèque.pdf", PDF, tm.dossier()), ("Courrier au Maire.pdf", PDF, tm.letter())]
    raw = w.gmail_call_reply(intake.nb, files, d.photo(size=(1200, 400), seed=41), d.photo(seed=42))
    intake.deliver(raw, intake.nb)
    intake.poll()
    case, detail = _one_case(intake, "incomplete", ["courrier", "dossier"])
    assert case["missing"] == ["visuels"], case
    names = sorted(p["filename"] for p in detail["piece_files"])
    assert names == sorted(n for n, _, _ in files), names
    ack = _acknowledged(intake, "amandine.roussel.ludo@gmail.example", intake.nb, asks=True)
    assert "Visuel-laureats-2025.jpg" not in _text(ack) and "bandeau" not in _text(ack), _text(ack)


def test_a_dossier_saved_as_a_word_template_dotx_is_read_as_the_dossier(intake):
    """The town's model filled in and saved still as a Word template (.dotx): read as a Word file, the dossier.
    Complete, acknowledged once."""
    name = "Dossier d'intention BSC.dotx"
    files = [(name, w.DOTX, w.dotx(tm.DOSSIER_LINES)), LETTER, *PHOTOS]
    intake.deliver(w.thunderbird_with(intake.nb, files), intake.nb)
    intake.poll()
    case, detail = _one_case(intake)
    assert any(p["filename"] == name and p["kind"] == "dossier" for p in detail["piece_files"]), detail
    _acknowledged(intake, THOMAS, intake.nb)


def test_claws_mail_in_iso_8859_15_keeps_its_oe_and_euro_in_names_and_fields(intake):
    """Claws Mail writes ISO-8859-15 (« œ » 0xBD, « € » 0xA4) in the text, the subject, the sender's name and the
    files' RFC 2231 names: read as such, never as ISO-8859-1 (« C½ur »)."""
    files = [("Dossier d'intention - Cœur de Quartier.pdf", PDF, tm.dossier()),
             ("Lettre au Maire - Cœur de Quartier.pdf", PDF, tm.letter()),
             ("Fresque œuvre collective.jpg", "image/jpeg", d.photo(seed=51))]
    intake.deliver(w.claws_latin9(intake.db, files), intake.db)
    intake.poll()
    case, detail = _one_case(intake)
    assert case["applicant"] == "f.loeuillet@coeur-de-quartier.example", case
    names = sorted(p["filename"] for p in detail["piece_files"])
    assert names == sorted(n for n, _, _ in files), names
    (message,) = detail["message_list"]
    assert message["subject"] == "Candidature label Béthune Smart City - Cœur de Quartier", message
    assert detail["applicant_name"] == "François Lœuillet", detail
    ack = _acknowledged(intake, "f.loeuillet@coeur-de-quartier.example", intake.db)
    assert "Dossier d'intention - Cœur de Quartier.pdf" in _text(ack), _text(ack)
    assert "½" not in _text(ack) + str(detail), _text(ack)


def test_a_calendar_file_attached_beside_the_three_pieces_is_no_invitation_and_the_applicant_is_answered(intake):
    """An applicant attaches, beside the three pieces, the event of their project's inauguration saved from their
    calendar (« Inauguration.ics », text/calendar as an attachment, no METHOD): no meeting invitation but an
    application. Complete, acknowledged once; the .ics no piece."""
    files = [DOSSIER, LETTER, *PHOTOS, ("Inauguration du jardin partagé.ics", "text/calendar", w.ics_event())]
    raw = w.thunderbird_with(intake.nb, files).replace(b"Content-Type: text/calendar;",
                                                       b"Content-Type: text/calendar; charset=UTF-8;")
    intake.deliver(raw, intake.nb)
    intake.poll()
    case, detail = _one_case(intake)
    _acknowledged(intake, THOMAS, intake.nb)


def test_a_long_subject_cut_inside_a_letter_across_base64_words_is_read_whole(intake):
    """The subject's UTF-8 bytes cut between two Base64 words inside « é » or « » »: joined before decoding, the
    subject staff see and the one the acknowledgement answers carry no replacement character."""
    intake.deliver(w.long_subject_cut_in_letters(intake.nb, [DOSSIER, LETTER, *PHOTOS]), intake.nb)
    intake.poll()
    case, detail = _one_case(intake)
    assert "\ufffd" not in str(detail) and "Mont-Liébaut" in str(detail), detail
    ack = _acknowledged(intake, "contact@habitants-mont-liebaut.example", intake.nb)
    assert "\ufffd" not in str(ack["Subject"]), ack["Subject"]


def test_a_gmail_confidential_mode_notice_is_set_aside_for_staff_and_nobody_is_written_to(intake):
    """Gmail's confidential mode: the text and the files stay at Google, behind « Afficher l'e-mail ». Not an
    application intake can read: set aside for staff (its reason said), no case, nobody written to."""
    intake.deliver(w.gmail_confidential(intake.nb), intake.nb)
    intake.poll()
    assert intake.cases() == [] and intake.sent() == []
    code, out = intake.cli("quarantine", "list")
    assert code == 0 and "amandine.roussel.ludo@gmail.example" in out and "confidentiel" in out, out


def test_a_letter_signed_with_iphone_markup_sent_inline_from_ios_mail_is_the_letter(intake):
    """iOS Mail: the PDFs inline (Content-Disposition: inline) between text parts, the letter signed with « Annoter »
    (an Ink annotation, rewritten by Quartz), « Envoyé de mon iPhone »: complete, acknowledged once."""
    files = [("Dossier d'intention.pdf", PDF, tm.dossier()), ("Lettre au Maire signée.pdf", PDF, w.markup_letter()),
             ("IMG_4821.jpg", "image/jpeg", d.photo(seed=61))]
    intake.deliver(w.ios_mail(intake.db, files), intake.db)
    intake.poll()
    case, detail = _one_case(intake)
    assert case["applicant"] == "helene.caron@amis-du-beffroi.example", case
    _acknowledged(intake, "helene.caron@amis-du-beffroi.example", intake.db)


def test_a_dossier_saved_as_a_docm_is_set_aside_and_the_acknowledgement_says_why_it_is_asked_again(intake):
    """Word's « Document prenant en charge les macros » (.docm): never a piece (macros; README, Sécurité), so the
    dossier is missing. The applicant did send it: the acknowledgement names the file, says why it was not kept and
    asks for it in PDF, in the text and the HTML, rather than asking for the dossier as if nothing had come."""
    name = "Dossier d'intention BSC.docm"
    files = [(name, w.DOCM, w.docm(tm.DOSSIER_LINES)), LETTER, *PHOTOS]
    intake.deliver(w.thunderbird_with(intake.nb, files), intake.nb)
    intake.poll()
    case, detail = _one_case(intake, "incomplete", ["courrier", "visuels"])
    assert case["missing"] == ["dossier"] and "document à macros écarté" in detail["attention"], detail
    ack = _acknowledged(intake, THOMAS, intake.nb, asks=True)
    text = " ".join(_text(ack).split())
    assert f"Fichier non retenu : « {name} »" in text and "documents contenant des macros" in text, text
    assert "renvoyer en PDF" in text, text
    html = ack.get_body(("html",)).get_content()
    assert "Fichier non retenu" in html and "Dossier d&#39;intention BSC.docm" in html.replace("&#x27;", "&#39;"), html


def test_an_outlook_answer_to_the_call_for_applications_does_not_take_the_call_s_pictures_for_visuels(intake):
    """Outlook for Windows quotes the call below its « De : … Objet : » block (no blockquote), the call's
    pictures inline as image001.jpg and image002.jpg: the town's, not the applicant's visuels, and the town's
    address in the quote makes it no forward. The case lacks the visuels, asked for."""
    files = [("Dossier d'intention Epicerie solidaire.pdf", PDF, tm.dossier()),
             ("Courrier Monsieur le Maire.pdf", PDF, tm.letter())]
    raw = w.outlook_call_reply(intake.nb, files, d.photo(size=(1200, 400), seed=43), d.photo(seed=44))
    intake.deliver(raw, intake.nb)
    intake.poll()
    case, detail = _one_case(intake, "incomplete", ["courrier", "dossier"])
    assert case["applicant"] == "s.dufour@epicerie-faubourg.example" and case["missing"] == ["visuels"], case
    ack = _acknowledged(intake, "s.dufour@epicerie-faubourg.example", intake.nb, asks=True)
    assert "image002" not in _text(ack), _text(ack)
