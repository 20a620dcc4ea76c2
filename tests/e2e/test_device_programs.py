"""Mail programs and devices of a fifth round (tests/devicemail.py), end to end: Dovecot, `intake poll`, SMTP. An
office copier's « scan to email » straight to the town (Konica, Xerox; a Ricoh whose address names its model), the
same copier sending as its user, HCL Notes, K-9 Mail (RFC 2231 continuations, a long name, an iPhone's HEIC), eM
Client (ODT, WEBP), Outlook for Mac (NFD names, a Word for Mac dossier), the Windows Mail app (no
Content-Disposition, PDFs as application/octet-stream), Outlook in rich text (every file inside winmail.dat)."""

from __future__ import annotations

import io

import devicemail as dm
import documents as d
import pytest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
WHOLE_SCAN = [d.DOSSIER_LINES, d.LETTER_LINES, d.BROCHURE_LINES]


def _webp() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(d.photo())).save(out, format="WEBP", quality=80)
    return out.getvalue()


COPIERS = {"konica": (dm.konica_scan, "SKM_C300i26113010110.pdf"), "xerox": (dm.xerox_scan, "img-Z30102451-0001.pdf"),
           # sent from ricoh-mpc3004@: an address named after the device's model was acknowledged (sixth round)
           "ricoh": (dm.ricoh_scan, "20261130101102385.pdf")}


@pytest.mark.parametrize("device", COPIERS)
def test_a_copier_s_scan_sent_straight_to_the_town_is_filed_for_staff_and_the_copier_is_not_written_to(intake,
                                                                                                      device):
    """The copier's address (scanner@..., xerox@...) was taken for the applicant's: acknowledged, then reminded,
    while nobody reads it and the applicant who scanned heard nothing. Filed in review, the scan kept under its name,
    no mail to the copier."""
    scan = d.scan_pages(WHOLE_SCAN)
    build, name = COPIERS[device]
    raw = build(intake.nb, scan)
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and "dossier" in case["pieces"], case
    (scan_file,) = intake.case(case["reference"])["piece_files"]
    assert scan_file["filename"] == name
    assert intake.sent() == []


def test_a_copier_that_sends_as_its_user_is_her_application_acknowledged_to_her(intake):
    """A copier set up to send as whoever signed in (her own From): her application, acknowledged to her; the
    dossier and letter scanned into one PDF are both seen (the letter « semble être dans » the scan)."""
    raw = dm.konica_scan(intake.nb, d.scan_pages(WHOLE_SCAN), sender="jeanne.roux@asso-quartier.example")
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "jeanne.roux@asso-quartier.example" and "dossier" in case["pieces"], case
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == ["jeanne.roux@asso-quartier.example"]
    body = ack.get_body(("plain",)).get_content()
    assert "SKM_C300i26113010110.pdf" in body and "courrier officiel" in body


LONG = "Dossier d’intention – Jardins partagés connectés du quartier du Mont-Liébaut (version définitive).pdf"
PROGRAMS = {
    "hcl-notes": (lambda to: dm.notes(to, [("Dossier d'intention CH Béthune.docx", d.docx(d.DOSSIER_LINES)),
                                           ("Courrier Maire.pdf", d.pdf_text(d.LETTER_LINES)),
                                           ("Photo salle.jpg", d.photo())]),
                  "marc.dufour@ch-bethune.example",
                  ["Courrier Maire.pdf", "Dossier d'intention CH Béthune.docx", "Photo salle.jpg"]),
    "k9-mail": (lambda to: dm.k9(to, [(LONG, "application/pdf", d.pdf_text(d.DOSSIER_LINES)),
                                      ("Lettre au Maire.pdf", "application/pdf", d.pdf_text(d.LETTER_LINES)),
                                      ("IMG_20261130_171502.heic", "image/heic", d.heic(d.photo()))]),
                "karim.benali@laposte.example", [LONG, "IMG_20261130_171502.heic", "Lettre au Maire.pdf"]),
    "em-client": (lambda to: dm.em_client(to, [("Dossier d’intention.odt", ODT, d.odt(d.DOSSIER_LINES)),
                                               ("Lettre au Maire signée.pdf", "application/pdf",
                                                d.pdf_text(d.LETTER_LINES)),
                                               ("visuel-atelier.webp", "image/webp", _webp())]),
                  "claire.vasseur@sfr.example",
                  ["Dossier d’intention.odt", "Lettre au Maire signée.pdf", "visuel-atelier.webp"]),
    "outlook-mac": (lambda to: dm.outlook_mac(to, [("Dossier d’intention Béthune.docx", DOCX, d.docx(d.DOSSIER_LINES)),
                                                   ("Lettre à Monsieur le Maire.pdf", "application/pdf",
                                                    d.pdf_text(d.LETTER_LINES)),
                                                   ("Présentation du projet.pdf", "application/pdf",
                                                    d.pdf_text(d.BROCHURE_LINES))]),
                    "paul.lemaire@agence-lemaire.example",
                    ["Dossier d’intention Béthune.docx", "Lettre à Monsieur le Maire.pdf",
                     "Présentation du projet.pdf"]),
    "windows-mail": (lambda to: dm.no_disposition(to, [("dossier_intention.pdf", "application/octet-stream",
                                                        d.pdf_text(d.DOSSIER_LINES)),
                                                       ("lettre_maire.pdf", "application/octet-stream",
                                                        d.pdf_text(d.LETTER_LINES)),
                                                       ("photo.jpg", "image/jpeg", d.photo())]),
                     "lucie.morel@outlook.example", ["dossier_intention.pdf", "lettre_maire.pdf", "photo.jpg"]),
    "outlook-rtf-winmail": (lambda to: dm.outlook_rich_text(to, {
        "Dossier d'intention Délattre.docx": d.docx(d.DOSSIER_LINES),
        "Lettre à Monsieur le Maire.pdf": d.pdf_text(d.LETTER_LINES), "Photo chantier.jpg": d.photo()}),
        "herve.delattre@cabinet-delattre.example",
        ["Dossier d'intention Délattre.docx", "Lettre à Monsieur le Maire.pdf", "Photo chantier.jpg"]),
}


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_application_from_this_program_is_complete_and_acknowledged_with_its_files_names(intake, program):
    build, sender, names = PROGRAMS[program]
    intake.deliver(build(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["applicant"] == sender, case
    assert sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"]) == sorted(names)
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == [sender]
    body = ack.get_body(("plain",)).get_content()
    assert all(n in body for n in names), body


def test_a_copier_s_jpeg_of_the_signed_letter_alone_opens_her_case(intake):
    """A copier sending as its user one JPEG a page, subject « Message from KM_C300i »: the letter was read and
    recognised, then the message ignored as « photos alone » (the subject announces nothing). Her case, acknowledged
    to her, the letter counted."""
    raw = dm.konica_scan(intake.nb, d.photo_of_page(d.LETTER_LINES), sender="jeanne.roux@asso-quartier.example",
                         name="SKM_C300i26113010110_0001.jpg").replace(b"application/pdf", b"image/jpeg")
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["pieces"] == ["courrier"] and case["applicant"] == "jeanne.roux@asso-quartier.example", case
    (ack,) = intake.sent()
    assert "SKM_C300i26113010110_0001.jpg" in ack.get_body(("plain",)).get_content()


def test_a_copier_s_multipage_tiff_is_read_to_its_last_page_and_files_her_application(intake):
    """A copier's black-and-white « TIFF multipage » (CCITT group 4: a page in a few kilobytes), the dossier on page
    1, the letter on page 2: never OCR'd (under the bytes of a page's photo), and only page 1 would have been; the
    mail was ignored as « aucune pièce reconnue », the application lost."""
    raw = dm.konica_scan(intake.nb, d.scan_tiff([d.DOSSIER_LINES, d.LETTER_LINES]),
                         sender="jeanne.roux@asso-quartier.example",
                         name="SKM_C300i26113010110.tif").replace(b"application/pdf", b"image/tiff")
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert "courrier" in case["pieces"] and case["applicant"] == "jeanne.roux@asso-quartier.example", case
    # the dossier's form, scanned as pictures, is seen in the scan too (rules/pieces.toml: the form's own labels)
    assert case["included"] == {"dossier": "SKM_C300i26113010110.tif"}, case
    (ack,) = intake.sent()
    text = ack.get_body(("plain",)).get_content()
    assert "SKM_C300i26113010110.tif" in text and "dossier d'intention : semble inclus dans votre fichier" in text, text
