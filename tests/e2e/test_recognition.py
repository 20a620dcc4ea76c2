"""Issue: recognise the pieces by their content — end to end through Dovecot and SMTP."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from intake.commands import samples


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
    intake.config.write_text(intake.config.read_text() + '\n[trust]\nauthserv_id = "mx.example.test"\n')
    original = intake.application(sender="Marie Dupont <marie@asso.example>", to=["accueil@ville-bethune.fr"])
    forward = EmailMessage()
    forward["Authentication-Results"] = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass " \
                                        "header.from=example.test"
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


def _with_attachments(intake, subject: str, files: list[tuple[str, bytes, str]]) -> bytes:
    return samples.email(sender="Association Vélo <contact@velo.example>", to=[intake.nb], subject=subject,
                         attachments=files)


def test_an_application_sent_as_a_zip_is_filed_with_its_pieces(intake):
    import documents as d

    archive = d.zip_of({"candidature/Dossier d'intention.docx": d.docx(d.DOSSIER_LINES),
                        "candidature/Lettre au Maire.pdf": d.pdf_text(d.LETTER_LINES),
                        "candidature/photos.zip": d.zip_of({"IMG_1.jpg": d.photo()})})
    intake.deliver(_with_attachments(intake, "Candidature", [("candidature.zip", archive, "application/zip")]),
                   intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"]


def test_an_outlook_winmail_dat_application_is_filed_with_its_pieces(intake):
    import documents as d

    blob = d.tnef({"Dossier d'intention.pdf": d.pdf_text(d.DOSSIER_LINES), "photo.jpg": d.photo()})
    intake.deliver(_with_attachments(intake, "Candidature label", [("winmail.dat", blob, "application/ms-tnef")]),
                   intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["pieces"] == ["dossier", "visuels"] and case["missing"] == ["courrier"]


def test_a_scanned_letter_with_a_meaningless_name_is_recognised_by_ocr(intake):
    import documents as d

    files = [("scan_0001.pdf", d.scan_pdf(d.LETTER_LINES), "application/pdf"),
             ("Projet.docx", d.docx(d.DOSSIER_LINES), "application/octet-stream"),
             ("IMG_20260301.jpg", d.photo(), "image/jpeg")]
    intake.deliver(_with_attachments(intake, "Label", files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete", case
    detail = intake.case(case["reference"])
    scan = [p for p in detail["piece_files"] if p["filename"] == "scan_0001.pdf"][0]
    assert scan["kind"] == "courrier" and "monsieur le maire" in scan["evidence"]
    assert detail["fields"].get("titre") == "Jardins partagés connectés"
    read = [e["detail"] for e in detail["events"] if e["kind"] == "fields"]  # history: the rules' labels, not keys
    assert len(read) == 1 and "titre du projet : Jardins partagés connectés" in read[0] and "titre:" not in read[0]


def test_the_theme_a_dossier_s_table_labels_wins_over_the_words_of_its_description(intake):
    """A vélo-école's dossier: « Thème n° » 2 in its table (mobility), a description about the environment."""
    import documents as d

    description = ["Description de l'action", "Préserver l'environnement du quartier, sa biodiversité, la faune et "
                   "la flore des berges ; agir pour le climat ; réduire les déchets.",
                   "Le thème de la mobilité nous tient à cœur, mais nous parlons surtout d'écologie."]
    dossier = d.docx_table([("Titre du projet", "Vélo-école du Beffroi"),
                            ("Porteur du projet", "Association Les Jardins du Beffroi"),
                            ("Catégorie", "1 – initiative réalisée"), ("Thème n°", "2")], description)
    files = [("Dossier d'intention.docx", dossier, "application/octet-stream"),
             ("Lettre au Maire.pdf", d.pdf_text(d.LETTER_LINES), "application/pdf")]
    intake.deliver(_with_attachments(intake, "Candidature label", files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    fields = intake.case(case["reference"])["fields"]
    assert fields.get("theme") == "Mobilité – Transports", fields
    assert "sous_theme" not in fields  # the environment's sub-themes are not this theme's
    assert fields.get("organisation") == "Association Les Jardins du Beffroi"
    assert fields.get("categorie") == "1 - initiative réalisée"


def test_an_iphone_heic_photo_of_the_signed_letter_is_recognised_by_ocr(intake):
    """iPhone Mail or the Files app attach a photo as HEIC, declared application/octet-stream or image/heic: its
    pixels are decoded (pillow-heif), upright, and OCR finds the letter to the mayor in it; the letter is not
    asked for again, and the other HEIC photo is a visual."""
    import documents as d

    files = [("Dossier d'intention.docx", d.docx(d.DOSSIER_LINES), "application/octet-stream"),
             ("IMG_1234.HEIC", d.heic(d.photographed_page(d.LETTER_LINES), sideways=True), "application/octet-stream"),
             ("IMG_1235.HEIC", d.heic(d.photo(size=(2400, 1800))), "image/heic")]
    intake.deliver(_with_attachments(intake, "Candidature label", files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"], case
    pieces = {p["filename"]: p for p in intake.case(case["reference"])["piece_files"]}
    assert pieces["IMG_1234.HEIC"]["kind"] == "courrier" and "monsieur le maire" in pieces["IMG_1234.HEIC"]["evidence"]
    assert pieces["IMG_1235.HEIC"]["kind"] == "visuels"
    (ack,) = intake.sent()
    text = ack.get_body(("plain",)).get_content()
    assert "Votre dossier est complet." in text and "Pièce manquante" not in text and "IMG_1234.HEIC" in text


def test_a_webp_photo_of_the_letter_and_an_avif_photo_are_the_letter_and_a_visual(intake):
    """Android phones and WhatsApp save WebP and AVIF photos: the WebP of the signed letter is OCR'd as a piece it could
    be while the letter is missing (it was counted as a visual by its type, the letter asked for again), the AVIF
    photo of the garden is a visual (it was « type avif : pas une pièce »)."""
    import io

    import documents as d
    from PIL import Image

    def saved(picture: bytes, fmt: str) -> bytes:
        out = io.BytesIO()
        Image.open(io.BytesIO(picture)).convert("RGB").save(out, format=fmt, quality=70)
        return out.getvalue()

    files = [("Dossier d'intention.docx", d.docx(d.DOSSIER_LINES), "application/octet-stream"),
             ("IMG-20261203-WA0004.webp", saved(d.photographed_page(d.LETTER_LINES), "WEBP"), "image/webp"),
             ("PXL_20261203_101500.avif", saved(d.photo(size=(2400, 1800)), "AVIF"), "image/avif")]
    intake.deliver(_with_attachments(intake, "Candidature label", files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"], case
    pieces = {p["filename"]: p for p in intake.case(case["reference"])["piece_files"]}
    assert pieces["IMG-20261203-WA0004.webp"]["kind"] == "courrier"
    assert pieces["PXL_20261203_101500.avif"]["kind"] == "visuels"


def test_a_letter_printed_to_pdf_with_a_junk_text_layer_is_read_by_ocr_and_completes_the_case(intake):
    """Its font drawn as glyph numbers without a ToUnicode map, its text read « 0RQVLHXU OH 0DLUH »: it was a document
    the rules did not recognise, never OCR'd (it had text), the letter asked for again."""
    import documents as d

    files = [("Dossier d'intention.docx", d.docx(d.DOSSIER_LINES), "application/octet-stream"),
             ("Document.pdf", d.pdf_glyph_numbers(d.LETTER_LINES), "application/pdf"),
             ("IMG_1235.JPG", d.photo(size=(2400, 1800)), "image/jpeg")]
    intake.deliver(_with_attachments(intake, "Candidature label", files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"], case
    pieces = {p["filename"]: p for p in intake.case(case["reference"])["piece_files"]}
    assert pieces["Document.pdf"]["kind"] == "courrier" and "monsieur le maire" in pieces["Document.pdf"]["evidence"]
