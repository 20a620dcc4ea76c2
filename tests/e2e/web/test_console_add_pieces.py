"""Pieces that came another way than by mail (the signed letter posted to the mayor, a USB key handed in, a piece
sent to a staff member's own mailbox), added by staff from the case's page: read as a mail's files, the case
completed as a reply would complete it, the applicant told once, the history naming who added what."""

from __future__ import annotations

import email
import email.policy
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from intake.commands import samples
from intake.core import french
from intake.core.mailcontent import implicit_decision_day
from intake.store.database import session
from intake.store.tables import CaseEvent

from .conftest import GARDEN_DOSSIER, GARDEN_PHOTO, csrf_of, garden_case, poll, serving

DOSSIER = GARDEN_DOSSIER
LETTER = ("Courrier au Maire.pdf", samples.pdf("Monsieur le Maire\nJ'ai l'honneur de solliciter le label"))
PHOTO = GARDEN_PHOTO
ADD = "Ajouter des pièces reçues autrement (courrier, remise en main propre…)"


@pytest.fixture
def applicant(intake, mail_users):
    address = mail_users("applicant")
    intake.smtp.deliver_to = intake.dovecot  # our mail reaches the applicant's real mailbox
    return address


def subjects(intake, user) -> list[str]:
    return [email.message_from_bytes(raw, policy=email.policy.default)["Subject"]
            for raw in intake.dovecot.fetch_all(user)]


@pytest.mark.both_databases
def test_staff_add_the_letter_that_came_by_post_and_the_case_is_complete_and_the_applicant_told(
        console, page, applicant, tmp_path):
    intake = console.intake
    intake.deliver(samples.email(sender=f"Les Amis du Jardin <{applicant}>", to=[intake.nb],
                                 subject="Candidature au label", attachments=[DOSSIER, PHOTO]), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    ref = case["reference"]
    assert case["status"] == "incomplete" and case["missing"] == ["courrier"]
    assert len(subjects(intake, applicant)) == 1  # the acknowledgement
    empty = tmp_path / "vide.pdf"
    empty.write_bytes(b"")
    letter = tmp_path / LETTER[0]
    letter.write_bytes(LETTER[1])

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    page.get_by_text(ADD).click()
    page.get_by_label("Fichiers reçus").set_input_files([str(letter), str(empty)])
    page.get_by_role("button", name="Ajouter les pièces").click()
    expect(page.get_by_role("alert")).to_contain_text("Pièces non ajoutées : « vide.pdf » est vide (0 octet)")
    assert intake.case(ref)["pieces"] == ["dossier", "visuels"]  # nothing half-done

    page.get_by_text(ADD).click()
    page.get_by_label("Fichiers reçus").set_input_files([str(letter)])
    page.get_by_label("Date d'arrivée des pièces").fill("20/11/2026")
    page.get_by_label("Comment elles sont arrivées").fill("courrier postal au Maire")
    page.get_by_role("button", name="Ajouter les pièces").click()

    status = page.get_by_role("status")
    expect(status).to_contain_text(f"1 pièce ajoutée. Statut du dossier : complet. Courriel envoyé à {applicant} : "
                                   "avis de dossier complet. Nouvelle pièce : Courrier au Maire.pdf (courrier officiel "
                                   "adressé au Maire).")
    expect(page.locator(".badge").first).to_have_text("complet")
    expect(page.get_by_role("link", name="Courrier au Maire.pdf")).to_be_visible()
    expect(page.locator("section[aria-labelledby=h-history]")).to_contain_text(
        "1 fichier reçu hors courriel (courrier postal au Maire) le 20/11/2026, ajouté au dossier par")
    done = intake.case(ref)
    assert done["status"] == "complete" and done["pieces"] == ["courrier", "dossier", "visuels"]
    sent = subjects(intake, applicant)
    assert len(sent) == 2 and "complet" in sent[1].lower()
    with session(intake.app().engine) as s:
        (line,) = s.exec(select(CaseEvent).where(CaseEvent.kind == "added")).all()
    assert line.actor == console.staff


def test_a_case_a_decision_closed_offers_no_form_and_refuses_a_forged_one(console, page, tmp_path):
    intake = console.intake
    ref = garden_case(intake)
    assert intake.cli("case", ref, "status", "declined", "--note", "hors du champ du label")[0] == 0
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    closed = "Dossier clos par une décision : aucune pièce ne peut plus y être ajoutée."
    expect(page.get_by_text(closed)).to_be_visible()
    expect(page.get_by_text(ADD)).to_have_count(0)
    client = console.signed_in_http()
    csrf = csrf_of(client.get(f"/cases/{ref}").text)
    answer = client.post(f"/cases/{ref}/pieces/add", {"csrf": csrf, "received": "", "note": ""})
    assert answer.status == 303
    shown = client.get(f"/cases/{ref}").text
    assert "Pièces non ajoutées" in shown and "est clos par une décision (refusé)" in shown
    assert intake.case(ref)["pieces"] == ["dossier"]


def test_a_date_typed_in_words_is_understood_and_a_file_given_again_is_named(console, page, tmp_path):
    """« hier », « 26 novembre »: what a staff member types is read (core/typed_dates.py); the same scan given
    twice is named as already there, never « 0 pièce ajoutée » with a count of unnamed others."""
    intake = console.intake
    ref = garden_case(intake, DOSSIER, PHOTO)
    letter = tmp_path / LETTER[0]
    letter.write_bytes(LETTER[1])
    today = datetime.now(ZoneInfo("Europe/Paris")).date()
    yesterday = today - timedelta(days=1)
    nov26 = date(today.year if (today.month, today.day) >= (11, 26) else today.year - 1, 11, 26)

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    page.get_by_text(ADD).click()
    expect(page.locator("#add-files-hint")).to_contain_text("100 fichiers et 50,0 Mo en tout")
    page.get_by_label("Fichiers reçus").set_input_files([str(letter)])
    page.get_by_label("Date d'arrivée des pièces").fill("hier")
    page.get_by_role("button", name="Ajouter les pièces").click()
    expect(page.get_by_role("status")).to_contain_text("Nouvelle pièce : Courrier au Maire.pdf")
    history = page.locator("section[aria-labelledby=h-history]")
    expect(history).to_contain_text(f"1 fichier reçu hors courriel le {yesterday:%d/%m/%Y}")

    page.get_by_text(ADD).click()
    page.get_by_label("Fichiers reçus").set_input_files([str(letter)])
    page.get_by_label("Date d'arrivée des pièces").fill("26 novembre")
    page.get_by_role("button", name="Ajouter les pièces").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Aucune pièce ajoutée. Statut du dossier : complet. Déjà au dossier, pas ajouté une seconde fois : Courrier "
        "au Maire.pdf.")
    expect(history).to_contain_text(f"1 fichier reçu hors courriel le {nov26:%d/%m/%Y}, ajouté au dossier par "
                                    f"{console.staff} : aucune nouvelle pièce ; ")
    assert intake.case(ref)["pieces"] == ["courrier", "dossier", "visuels"]


def test_files_larger_than_a_form_may_bring_are_refused_with_the_way_back_to_the_case(intake, browser, tmp_path):
    """Past what the console reads at all (a mail's size, plus the form), the page says nothing was recorded, how
    to make the scans smaller, and leads back to the case, not to the list."""
    intake.config.write_text(intake.config.read_text().replace('data_dir = "data"',
                                                               'data_dir = "data"\nmax_message_bytes = 100000', 1))
    ref = garden_case(intake)
    scan = tmp_path / "scan 600 ppp.pdf"
    scan.write_bytes(samples.pdf("Monsieur le Maire", pad=1_500_000))
    with serving(intake, tmp_path) as console:
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        console.sign_in(page)
        page.goto(f"{console.url}/cases/{ref}")
        page.get_by_text(ADD).click()
        page.get_by_label("Fichiers reçus").set_input_files([str(scan)])
        page.get_by_role("button", name="Ajouter les pièces").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Envoi refusé")
        expect(page.locator(".problem")).to_contain_text("rien n'a été enregistré. Numérisez les documents en plus "
                                                         "basse résolution (150 ou 200 ppp)")
        page.get_by_role("link", name=f"Retour au dossier {ref}").click()
        expect(page.get_by_role("heading", name=ref)).to_be_visible()
        context.close()
    assert intake.case(ref)["pieces"] == ["dossier"]


@pytest.mark.both_databases
def test_the_completion_notice_dates_the_complete_file_from_the_day_the_added_letter_came(console, page, applicant,
                                                                                         tmp_path):
    """The two months of the implicit decision run from the complete file's receipt (CRPA L231-4): when the
    letter that completes it came by post, that is the day it came, not the day of the mail before it."""
    intake = console.intake
    mailed = datetime.now(timezone.utc) - timedelta(hours=36)  # the application came a day and a half ago
    intake.deliver(samples.email(sender=f"Les Amis du Jardin <{applicant}>", to=[intake.nb],
                                 subject="Candidature au label", attachments=[DOSSIER, PHOTO]), intake.nb, when=mailed)
    poll(intake)
    (case,) = intake.cases()
    ref = case["reference"]
    letter = tmp_path / LETTER[0]
    letter.write_bytes(LETTER[1])
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    page.get_by_text(ADD).click()
    expect(page.locator("#add-received-hint")).to_contain_text("le délai de réponse compte à partir de ce jour")
    page.get_by_label("Fichiers reçus").set_input_files([str(letter)])  # no date: it came today
    page.get_by_role("button", name="Ajouter les pièces").click()
    expect(page.get_by_role("status")).to_contain_text("avis de dossier complet")
    (notice,) = [m for m in intake.inbox(applicant) if "complet" in m["Subject"].lower()]
    today = datetime.now(ZoneInfo("Europe/Paris")).date()
    text = " ".join(notice.get_body(("plain",)).get_content().split())
    assert f"dernières pièces reçues le {french.long_date(today)}" in text, text
    assert f"soit le {french.long_date(implicit_decision_day(today))}" in text
