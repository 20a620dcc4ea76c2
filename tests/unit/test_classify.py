from pathlib import Path

import pytest

from intake.commands import samples
from intake.core.classify import PIECE, SKIPPED, UNRESOLVED, classify_attachment
from intake.core.content import Extracted
from intake.core.message import Attachment
from intake.core.rules import parse_rules

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
READ = Extracted(read=True)  # a reader understood the file (but found no telling words)


def att(name, content, inline=False, referenced=False, declared="application/octet-stream"):
    return Attachment(filename=name, content=content, declared_type=declared, inline=inline,
                      referenced_in_html=referenced, content_id="x" if referenced else "")


@pytest.mark.parametrize("name, content, kind", [
    ("Dossier d'intention - Jardins.docx", samples.docx(), "dossier"),
    ("DOSSIER_CANDIDATURE.PDF", samples.pdf(), "dossier"),
    ("Formulaire rempli.pdf", samples.pdf(), "dossier"),
    ("Courrier à Monsieur le Maire.pdf", samples.pdf(), "courrier"),
    ("lettre_signée.pdf", samples.pdf(), "courrier"),
    ("IMG_2041.JPG", samples.jpeg(), "visuels"),
    ("Présentation du projet.pdf", samples.pdf(), "visuels"),
])
def test_pieces_are_recognised_by_name_and_real_type(name, content, kind):
    verdict = classify_attachment(att(name, content), RULES, READ)
    assert (verdict.outcome, verdict.kind) == (PIECE, kind), verdict.evidence


@pytest.mark.parametrize("content", [None, Extracted(error="pdf illisible (PdfReadError)"), Extracted()])
def test_a_file_that_was_not_read_is_never_a_piece_on_its_name_alone(content):
    verdict = classify_attachment(att("dossier.pdf", b"%PDF-1.4 garbage" * 5), RULES, content)
    assert verdict.outcome == UNRESOLVED and verdict.kind is None and verdict.flag == "unread"
    assert "non lu, à vérifier" in verdict.evidence


def test_a_fake_photo_is_not_a_visual():
    fake = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x11" * 60_000
    verdict = classify_attachment(att("photo.jpg", fake), RULES, Extracted(error="image illisible"))
    assert verdict.outcome == UNRESOLVED and "non lu" in verdict.evidence


def test_the_type_comes_from_the_bytes_not_the_name():
    verdict = classify_attachment(att("dossier.pdf", samples.jpeg()), RULES, READ)
    assert verdict.detected_type == "jpg"
    assert verdict.kind == "visuels"  # a photo, whatever its name says


def test_an_unnamed_scan_is_left_for_a_human():
    verdict = classify_attachment(att("scan_0001.pdf", samples.pdf()), RULES)
    assert verdict.outcome == UNRESOLVED and verdict.kind is None


@pytest.mark.parametrize("attachment", [
    att("image001.png", samples.png(30_000), inline=True, referenced=True),
    att("image002.png", samples.png(3_000), inline=True),
    att("logo.png", samples.png(3_000)),
    att("setup.exe", b"MZ" + b"\x00" * 200),
    att("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
])
def test_logos_signatures_programs_and_invites_are_not_pieces(attachment):
    assert classify_attachment(attachment, RULES).outcome == SKIPPED


def test_a_small_picture_inline_in_a_plain_text_mail_is_the_sender_s_not_a_logo():
    """iOS Mail's « Petite » photos (320 x 240, under inline_image_min_size) inline in a mail without HTML: nothing
    there shows a signature's logo, so the picture is kept for staff to check; in an HTML mail it stays a logo."""
    small = samples.png(12_000)
    plain = Attachment(filename="IMG_0412.PNG", content=small, declared_type="image/png", inline=True,
                       html_mail=False)
    assert 8_000 <= plain.size < 20_000, plain.size
    assert classify_attachment(plain, RULES, READ).outcome == UNRESOLVED
    rich = Attachment(filename="IMG_0412.PNG", content=small, declared_type="image/png", inline=True)
    assert classify_attachment(rich, RULES, READ).outcome == SKIPPED


def test_a_scan_that_could_not_be_read_is_left_for_a_human_with_the_reason():
    from intake.core.content import Extracted

    verdict = classify_attachment(att("scan_0001.pdf", samples.pdf("")), RULES,
                                  Extracted(method="pdf-text", pages=1, ocr_unavailable=True))
    assert verdict.outcome == UNRESOLVED and verdict.flag == "ocr-unavailable" and "OCR" in verdict.evidence


def test_an_encrypted_document_goes_to_review_and_a_macro_document_is_never_a_piece():
    from intake.core.content import Extracted

    assert classify_attachment(att("dossier.pdf", samples.pdf()), RULES, Extracted(encrypted=True)).flag == "encrypted"
    macro = classify_attachment(att("dossier.docx", samples.docx()), RULES, Extracted(macros=True))
    assert macro.outcome == SKIPPED and macro.flag == "macro"


def test_words_in_the_text_recognise_a_file_whatever_its_name():
    from intake.core.content import Extracted

    text = "Monsieur le Maire, j'ai l'honneur de solliciter le label. Veuillez agréer mes salutations."
    verdict = classify_attachment(att("Document1.pdf", samples.pdf()), RULES, Extracted(text=text, pages=1, read=True))
    assert (verdict.outcome, verdict.kind) == (PIECE, "courrier") and verdict.score >= 5


def test_the_words_found_are_shown_to_staff_as_the_rules_write_them_accents_and_all():
    """Matching ignores accents; the evidence staff read (« pourquoi », the history, explain) said « criteres »,
    « action realisee »: the words folded for matching, not the French the rules file holds."""
    text = "DOSSIER D'INTENTION - Catégorie 1 : action réalisée. Critères : durable."
    verdict = classify_attachment(att("Document1.pdf", samples.pdf()), RULES, Extracted(text=text, pages=1, read=True))
    assert verdict.kind == "dossier"
    assert "« catégorie 1 », « action réalisée », « critères »" in verdict.evidence, verdict.evidence
    unaccented = text.replace("é", "e").replace("è", "e")  # the applicant's spelling changes nothing
    again = classify_attachment(att("Document1.pdf", samples.pdf()), RULES,
                                Extracted(text=unaccented, pages=1, read=True))
    assert again.evidence == verdict.evidence


def test_two_kinds_equally_likely_go_to_review():
    from intake.core.content import Extracted

    verdict = classify_attachment(att("dossier et lettre.pdf", samples.pdf()), RULES, Extracted(text="", pages=1))
    assert verdict.outcome == UNRESOLVED and "contradictoires" in verdict.evidence


DOSSIER_TEXT = ("DOSSIER D'INTENTION - Label Béthune Smart City. Titre du projet : Jardins partagés. "
                "Catégorie 1 : action réalisée. Thématique : environnement. Description du projet : capteurs. "
                "Partenaires : centre social. Budget : 4 000 euros. Montant sollicité : aucun. "
                "À adresser à Monsieur le Maire.")
LETTER_TEXT = ("Monsieur le Maire, j'ai l'honneur de solliciter le label Béthune Smart City pour notre projet "
               "innovant, durable et collaboratif, dont vous trouverez le dossier de candidature ci-joint. "
               "Je vous prie d'agréer, Monsieur le Maire, mes salutations distinguées.")


def test_one_scan_of_the_dossier_and_the_letter_is_the_dossier_and_staff_are_told_it_holds_the_letter_too():
    # one PDF, the form then the signed letter (scanned together): it counts as the dossier, its longer part; the
    # letter inside was reported missing and nobody was told
    verdict = classify_attachment(att("Candidature complète.pdf", samples.pdf()), RULES,
                                  Extracted(read=True, text=f"{DOSSIER_TEXT}\n{LETTER_TEXT}"))
    assert (verdict.outcome, verdict.kind, verdict.flag) == (PIECE, "dossier", "several-pieces"), verdict.evidence
    assert "contient peut-être aussi : courrier" in verdict.evidence


@pytest.mark.parametrize("name, text, kind", [
    ("Dossier d'intention.pdf", DOSSIER_TEXT, "dossier"),  # a form that names the mayor and a « montant sollicité »
    ("Lettre au Maire.pdf", LETTER_TEXT, "courrier"),  # a letter that speaks of its project and of the dossier
])
def test_a_piece_that_mentions_the_other_s_subject_is_one_piece(name, text, kind):
    verdict = classify_attachment(att(name, samples.pdf()), RULES, Extracted(read=True, text=text))
    assert (verdict.outcome, verdict.kind, verdict.flag) == (PIECE, kind, ""), verdict.evidence


PAGE_OF_PROSE = ("2. Présentation de l'action. Depuis le printemps, une dizaine de familles cultivent ensemble une "
                 "parcelle prêtée par le bailleur social. Les récoltes sont partagées entre voisins et une fête a lieu "
                 "en septembre.")


def test_a_photographed_page_of_prose_is_for_staff_to_look_at_not_a_visual():
    """iPhone Mail: each page of the dossier photographed, its second page (prose, none of any piece's words) was a
    visual by its type and size (the applicant, who sent no photo of the action, was not asked for one); its first
    page (four of the dossier's words) was « indices contradictoires : dossier (4), visuels (3) ». A picture, or a
    page with a word or two on a sign, is still a visual."""
    photo = samples.jpeg()
    prose = classify_attachment(att("IMG_5002.JPG", photo), RULES,
                                Extracted(read=True, text=PAGE_OF_PROSE, pages=1, method="image-ocr"))
    assert prose.outcome == UNRESOLVED and "page de texte" in prose.evidence, prose
    # in staff's words (no « OCR », no « à vérifier » twice after « document à vérifier — »), with what to do
    assert "OCR" not in prose.evidence and "vérifier" not in prose.evidence, prose.evidence
    assert prose.evidence.endswith("à ouvrir par le service, qui choisit sa nature"), prose.evidence
    first = classify_attachment(att("IMG_5001.JPG", photo), RULES, Extracted(
        read=True, pages=1, method="image-ocr",
        text=f"DOSSIER D'INTENTION Nom du projet : Jardin Porteur du projet : Julie Catégorie 1 {PAGE_OF_PROSE}"))
    assert (first.outcome, first.kind) == (PIECE, "dossier"), first
    sign = classify_attachment(att("IMG_5003.JPG", photo), RULES,
                               Extracted(read=True, text="JARDIN PARTAGÉ du Mont-Liébaut", pages=1, method="image-ocr"))
    assert (sign.outcome, sign.kind) == (PIECE, "visuels"), sign


def _iwork() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("Index/Document.iwa", b"\x00\x01" * 300)
        z.writestr("preview.jpg", samples.jpeg())
    return out.getvalue()


@pytest.mark.parametrize("name, seems", [
    ("Présentation Jardins.key", ("visuels",)),  # a Keynote presentation: what a .pptx is, whatever its name
    ("Dossier d'intention.pages", ("dossier",)),
    ("Lettre au Maire.pages", ("courrier",)),
    ("Budget prévisionnel.numbers", ()),  # its name says nothing: an unknown document, as before
    ("Notes.pages", ()),
])
def test_an_iwork_document_is_never_a_piece_but_seems_to_hold_what_its_name_and_kind_say(name, seems):
    """No reader here opens a Pages, Numbers or Keynote document: it stays for staff to open. A Keynote presentation
    or « Dossier d'intention.pages » was an unknown document, and the applicant was asked again for the visuals or
    the dossier they had just sent; it now seems to hold that piece (to verify, not asked of the applicant)."""
    v = classify_attachment(att(name, _iwork()), RULES)
    assert (v.outcome, v.kind, v.detected_type, v.flag) == (UNRESOLVED, None, "iwork", "unreadable-document")
    assert v.also == seems
