"""Issue 10: staff do their job in the browser — sign in from the link in their mailbox, find a case, open a
piece, correct it, decide and notify, file a paper application, prepare the jury."""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from intake.commands import samples
from intake.store.database import session
from intake.store.tables import CaseEvent, Inbound, Piece

from .conftest import poll


def dossier(title: str, who: str) -> tuple[str, bytes, str]:
    return ("Dossier d'intention.docx", samples.docx(samples.DOSSIER.format(title=title, who=who, what="une action")),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


DOSSIER = dossier("Vélos partagés du Béthunois", "Association Vélo Béthunoise")
LETTER = ("Courrier signé au Maire.pdf", samples.pdf("Monsieur le Maire\nJ'ai l'honneur de solliciter le label"),
          "application/pdf")
PHOTO = ("photo-projet.jpg", samples.jpeg(), "image/jpeg")
SCAN = ("scan_0001.pdf", samples.pdf("Page 1"), "application/pdf")


@pytest.fixture
def applicant(intake, mail_users):
    address = mail_users("applicant")
    intake.smtp.deliver_to = intake.dovecot  # our mail reaches the applicant's real mailbox
    return address


def file_application(intake, sender: str, attachments, subject="Candidature au label Béthune Smart City") -> dict:
    intake.deliver(samples.email(sender=sender, to=[intake.nb], subject=subject, attachments=list(attachments)),
                   intake.nb)
    poll(intake)
    return intake.cases()[-1]


def received(intake, user) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(raw, policy=email.policy.default) for raw in intake.dovecot.fetch_all(user)]


@pytest.mark.both_databases  # the search (accent-blind) and the JSON filters differ by database
def test_a_new_staff_member_signs_in_finds_a_case_opens_its_letter_and_records_a_decision_with_notice(
        console, page, applicant):
    intake = console.intake
    file_application(intake, "Autre Association <other@asso.example>", [dossier("Jardins", "Autre Association"), PHOTO])
    case = file_application(intake, f"Association Vélo Béthunoise <{applicant}>", [DOSSIER, LETTER, PHOTO])
    assert case["status"] == "complete"
    ref = case["reference"]

    console.sign_in(page)
    expect(page.get_by_role("heading", name="Dossiers de candidature")).to_be_visible()
    page.get_by_role("link", name="1 incomplet").click()  # the counts by status are filters
    expect(page.get_by_text("1 dossier correspondant à la recherche")).to_be_visible()
    expect(page.get_by_role("link", name=ref)).to_have_count(0)
    page.get_by_role("link", name="Effacer les filtres").click()
    page.get_by_text("Filtres et tri").click()  # the dossier's fields as filters (JSON on either database)
    page.get_by_label("Critères").select_option("durable")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_text("2 dossiers correspondant à la recherche")).to_be_visible()  # a participle: invariable
    page.get_by_label("Catégorie").select_option("2 - projet")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_text("Aucun dossier ne correspond à la recherche.")).to_be_visible()  # not « 0 dossier »
    expect(page.get_by_text("0 dossier")).to_have_count(0)
    page.get_by_role("link", name="Effacer les filtres").first.click()
    page.get_by_label("Rechercher", exact=True).fill("bethunoise velo")  # every word, in any order
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_text("1 dossier correspondant à la recherche")).to_be_visible()
    page.get_by_label("Rechercher", exact=True).fill("velo bethunoise")  # no accents typed: still found
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_text("1 dossier correspondant à la recherche")).to_be_visible()
    page.get_by_role("link", name=ref).click()
    expect(page.get_by_role("heading", name=re.compile(ref))).to_be_visible()
    expect(page.get_by_text("Association Vélo Béthunoise").first).to_be_visible()

    # the letter opens in the browser's PDF viewer, as the very bytes that were filed
    responses = []
    page.context.on("response", lambda r: responses.append(r) if "/pieces/" in r.url else None)
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Courrier signé au Maire.pdf").click()
    viewer = opened.value
    viewer.wait_for_load_state()
    assert "/pieces/" in viewer.url
    pdf = next(r for r in responses if r.request.resource_type == "document")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline;")
    assert pdf.headers["x-content-type-options"] == "nosniff"
    assert int(pdf.headers["content-length"]) == len(LETTER[1])
    same = page.context.request.get(viewer.url)  # the viewer's copy is not readable: ask again, signed in
    assert hashlib.sha256(same.body()).hexdigest() == hashlib.sha256(LETTER[1]).hexdigest()
    viewer.close()

    page.get_by_label("Décision à enregistrer").select_option(label="recevable (examen par le jury)")
    page.get_by_label("Motif ou commentaire de la décision").fill("Comité du 3 décembre")
    notify = page.get_by_label("Prévenir le demandeur par courriel")
    expect(notify).not_to_be_checked()  # nothing is sent unless staff ask for it (REPORT-newuser U14)
    notify.check()
    page.get_by_role("button", name="Vérifier avant d'enregistrer").click()
    preview = page.locator(".mail-preview")
    expect(preview).to_contain_text(applicant)
    expect(preview).to_contain_text(f"[{ref}]")
    previewed = preview.locator("pre.mailtext").inner_text()
    assert not [m for m in received(intake, applicant) if "recevable" in m["Subject"]]  # nothing sent yet
    page.get_by_role("button", name="Enregistrer et envoyer le courriel").click()

    expect(page.get_by_role("status")).to_contain_text("Décision enregistrée : recevable")
    expect(page.get_by_role("status")).to_contain_text(f"Courriel envoyé à {applicant}")
    notices = [m for m in received(intake, applicant) if "recevable" in m["Subject"]]
    assert len(notices) == 1 and f"[{ref}]" in notices[0]["Subject"]
    sent_text = notices[0].get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert sent_text.strip() == previewed.strip()  # what staff read before confirming is what was sent
    assert intake.case(ref)["status"] == "admissible"
    with session(intake.app().engine) as s:
        decision = s.exec(select(CaseEvent).where(CaseEvent.kind == "decision")).one()
    assert decision.actor == console.staff  # who decided, in the same history as the command line
    assert "Comité du 3 décembre" in decision.detail
    expect(page.locator(".history")).to_contain_text("Comité du 3 décembre")


def test_correcting_an_unrecognised_scan_completes_the_case_and_the_applicant_is_told(console, page, applicant):
    intake = console.intake
    case = file_application(intake, f"Claire Martin <{applicant}>", [DOSSIER, PHOTO, SCAN])
    assert case["status"] == "review"
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{case['reference']}")
    # said before the click, not only after it
    expect(page.locator("#pieces-hint")).to_contain_text("si le dossier devient ainsi complet, le demandeur reçoit "
                                                         "aussitôt l'avis de dossier complet")
    page.get_by_label("Nouvelle nature de scan_0001.pdf").select_option(label="courrier officiel adressé au Maire")
    page.get_by_role("button", name="Corriger la nature de scan_0001.pdf").click()

    expect(page.get_by_role("status")).to_contain_text("Statut du dossier : complet")
    # what the correction sent is said, as after a decision (the new staff member's trial: it was not)
    expect(page.get_by_role("status")).to_contain_text(f"Courriel envoyé à {applicant} : avis de dossier complet.")
    expect(page.locator(".badge").first).to_have_text("complet")
    assert intake.case(case["reference"])["status"] == "complete"
    subjects = [m["Subject"] for m in received(intake, applicant)]
    assert len(subjects) == 2 and "complet" in subjects[1].lower()  # the acknowledgement, then the notice
    with session(intake.app().engine) as s:
        piece = s.exec(select(Piece).where(Piece.filename == "scan_0001.pdf")).one()
        event = s.exec(select(CaseEvent).where(CaseEvent.kind == "correction")).one()
    assert piece.kind == "courrier" and piece.manual and event.actor == console.staff


def test_a_paper_application_is_filed_from_uploads_and_read_like_mail(console, page, tmp_path):
    console.sign_in(page)
    page.get_by_role("link", name="Candidature papier").click()
    page.get_by_label("Adresse électronique du demandeur").fill("marie.dupont@exemple.fr")
    page.get_by_label("Nom du demandeur ou de la structure").fill("Marie Dupont")
    files = []
    for name, content, _mime in (DOSSIER, LETTER, PHOTO):
        path = tmp_path / name
        path.write_bytes(content)
        files.append(str(path))
    page.get_by_label("Fichiers numérisés").set_input_files(files)
    page.get_by_role("button", name="Enregistrer la candidature").click()

    expect(page.get_by_role("status")).to_contain_text("Candidature papier enregistrée")
    (case,) = console.intake.cases()
    assert case["status"] == "complete" and case["applicant"] == "marie.dupont@exemple.fr"
    assert case["pieces"] == ["courrier", "dossier", "visuels"]
    expect(page.get_by_role("link", name="Courrier signé au Maire.pdf")).to_be_visible()
    with session(console.intake.app().engine) as s:
        event = s.exec(select(CaseEvent).where(CaseEvent.kind == "received")).one()
    assert event.actor == console.staff


@pytest.mark.both_databases
def test_the_jury_sees_complete_cases_by_category_and_downloads_a_case_file_with_its_summary(console, page):
    intake = console.intake
    case = file_application(intake, "Association Vélo <contact@velo.example>", [DOSSIER, LETTER, PHOTO])
    file_application(intake, "Incomplet <x@incomplet.example>", [DOSSIER])
    console.sign_in(page)
    page.get_by_role("link", name="Jury").click()
    expect(page.get_by_role("heading", name="1 - initiative réalisée", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name=case["reference"], exact=True)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("x@incomplet.example")

    with page.expect_download() as download:
        page.get_by_role("link", name=f"ZIP du dossier {case['reference']}").click()
    data = download.value.path().read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        sums = z.read(f"{case['reference']}/SHA256SUMS.txt").decode()
        for line in sums.splitlines():
            digest, name = line.split("  ")
            assert hashlib.sha256(z.read(f"{case['reference']}/{name}")).hexdigest() == digest
        summary = z.read(f"{case['reference']}/resume-{case['reference']}.pdf")
    assert len(sums.splitlines()) == 3 and any("courrier" in n for n in names)
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(summary)).pages)
    assert case["reference"] in text and "Vélos partagés du Béthunois" in text and "SHA-256" in text

    with page.expect_download() as meeting:
        page.get_by_role("link", name="Télécharger tous les dossiers pour la réunion (ZIP)").click()
    with zipfile.ZipFile(meeting.value.path()) as z:
        assert "sommaire.pdf" in z.namelist()
        assert {n.split("/")[0] for n in z.namelist() if "/" in n} == {case["reference"]}
    # built in data_dir/exports (never the system's temporary folder), deleted once sent
    exports = Path(intake.app().settings.data_dir) / "exports"
    assert exports.is_dir()
    deadline = time.monotonic() + 15  # deleted by a task after the answer: a busy machine may take seconds
    while any(exports.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(exports.iterdir()) == []


def test_quarantine_outbox_and_mailbox_screens_show_what_needs_a_person(console, page):
    intake = console.intake
    raw = samples.email(sender="=?utf-8?q?broken?= <>", to=[intake.nb], subject="Sans expéditeur lisible",
                        attachments=[DOSSIER])
    intake.deliver(raw, intake.nb)
    poll(intake)
    with session(intake.app().engine) as s:
        quarantined = s.exec(select(Inbound).where(Inbound.fate == "quarantined")).all()
    assert len(quarantined) == 1
    console.sign_in(page)
    page.get_by_role("link", name=re.compile("Quarantaine")).click()
    page.get_by_role("link", name="Sans expéditeur lisible").click()
    expect(page.get_by_role("heading", name="Structure du message")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Dossier d'intention.docx")
    page.get_by_role("link", name="Boîtes aux lettres").click()
    expect(page.locator("main")).to_contain_text(intake.nb)
    expect(page.locator(".badge.ok").first).to_have_text("en ordre")


def test_a_file_name_written_as_one_long_word_wraps_and_the_case_page_stays_within_the_window(console, page):
    """Scanners and applicants name files with underscores and no spaces; such a name made the pieces table
    (and the page) wider than a laptop's window, the « Corriger » control out of sight to the right."""
    intake = console.intake
    long_name = ("Dossier_d_intention_Association_pour_la_vegetalisation_participative_des_cours_d_ecoles_"
                 "VERSION_DEFINITIVE_signee_2026-11-29.pdf")
    case = file_application(intake, "Claire Martin <c.martin@exemple.fr>",
                            [(long_name, DOSSIER[1], DOSSIER[2]), SCAN])
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{case['reference']}")
    expect(page.get_by_role("link", name=long_name)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert page.get_by_role("button", name="Corriger la nature de scan_0001.pdf").is_visible()
    box = page.get_by_role("button", name="Corriger la nature de scan_0001.pdf").bounding_box()
    assert box["x"] + box["width"] <= page.viewport_size["width"]


def test_a_paper_application_the_form_refuses_says_why_in_the_words_of_the_form(console, page, tmp_path):
    """The form's refusals came from the command line's: « --applicant 'marie@exemple' : ... (--name) », a date
    as Python quotes it. Staff read the field's name, in French quotation marks, never an option."""
    console.sign_in(page)
    page.goto(f"{console.url}/cases/new")
    letter = tmp_path / LETTER[0]
    letter.write_bytes(LETTER[1])
    page.get_by_label("Adresse électronique du demandeur").fill("marie.dupont@exemple")
    page.get_by_label("Fichiers numérisés").set_input_files([str(letter)])
    page.get_by_role("button", name="Enregistrer la candidature").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("adresse du demandeur « marie.dupont@exemple » : ce n'est pas une adresse")
    assert "--" not in alert.inner_text()
    page.get_by_label("Adresse électronique du demandeur").fill("")
    page.get_by_label("Nom du demandeur ou de la structure").fill("Marie Dupont")
    page.get_by_label("Date de réception du courrier").fill("31/02/2026")
    page.get_by_label("Fichiers numérisés").set_input_files([str(letter)])
    page.get_by_role("button", name="Enregistrer la candidature").click()
    expect(alert).to_contain_text("date de réception « 31/02/2026 » non comprise : écrivez-la 26/11/2026, "
                                  "« 26 novembre »")
    assert "'31/02/2026'" not in alert.inner_text()
    assert console.intake.cases() == []


def test_a_new_installation_s_empty_case_list_says_where_cases_come_from(console, page):
    """With no case yet, the list said « Aucun dossier ne correspond. », as if a search had found nothing."""
    console.sign_in(page)
    expect(page.get_by_text("Aucun dossier pour l'instant")).to_be_visible()
    expect(page.get_by_text("Aucun dossier ne correspond.")).to_have_count(0)
    expect(page.get_by_role("link", name="enregistrer le courrier reçu")).to_be_visible()
