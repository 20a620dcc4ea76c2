"""The fix wave's staff rows in the browser: what the command line does, staff do in the console — correct the
date of receipt and the dossier's fields, clear « À voir », decisions guarded (pieces missing, a refusal's
motif), discard a case that is not an application, file a message set aside for a limit anyway and download
it as .eml, a file named for what it is, a paper application without an email address, French words."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from intake.commands import samples
from intake.store.database import session
from intake.store.tables import CaseEvent, Inbound, PurgeLog

from .conftest import csrf_of, poll, posted_at_once, set_aside

LETTER = ("Courrier au Maire.pdf", samples.pdf("Monsieur le Maire\nJ'ai l'honneur de solliciter le label"),
          "application/pdf")
PHOTO = ("jardin.jpg", samples.jpeg(), "image/jpeg")


def dossier(sub_theme: str = "intermodalité vélo-train"):
    text = ("DOSSIER D'INTENTION - Label Béthune Smart City\nTitre du projet : Vélo Béthunois\n"
            f"Structure porteuse : Vélo Béthunois\nSous-thème : {sub_theme}\nCritères : démarche durable")
    return ("Dossier d'intention.docx", samples.docx(text),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@pytest.fixture
def applicant(intake, mail_users):
    address = mail_users("applicant")
    intake.smtp.deliver_to = intake.dovecot
    return address


def send(intake, sender: str, attachments=(), subject="Candidature au label", body="Bonjour") -> None:
    intake.deliver(samples.email(sender=sender, to=[intake.nb], subject=subject, body=body,
                                 attachments=list(attachments)), intake.nb)
    poll(intake)


def test_staff_correct_the_date_and_the_fields_and_clear_a_question_in_french(console, page):
    intake = console.intake
    send(intake, "Vélo Béthunois <velo@asso.example>", [dossier(), LETTER])
    (case,) = intake.cases()
    ref = case["reference"]
    send(intake, "velo@asso.example", subject=f"RE: [{ref}] Quand le jury se réunit-il ?",
         body="Bonjour, quand le jury se réunit-il ?")
    assert intake.case(ref)["fields"]["theme"] == "Mobilité – Transports"  # read from its sub-theme

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    expect(page.locator(".attention")).to_contain_text("Quand le jury se réunit-il ?")
    history = page.locator(".history")
    expect(history).not_to_contain_text("filed")
    expect(history).not_to_contain_text("acknowledgement")
    # the recognition said in words; the rules' own (patterns, points) behind « détails », for the admin
    why = page.locator("td[data-label='Pourquoi']").first
    expect(why).to_contain_text("reconnu à")
    expect(why.locator("summary")).to_have_text(re.compile("^détails"))
    assert "points)" not in why.inner_text() and "*" not in why.inner_text()  # the toggle closed: not shown
    why.locator("summary").click()
    expect(why.locator("details")).to_contain_text("points)")
    # « C'est réglé » cannot be undone: it asks first (a slip of the finger on a phone cleared it)
    page.locator(".case-head summary", has_text="C'est réglé").click()
    expect(page.locator(".case-head .attention")).to_contain_text("Cela ne se défait pas")
    assert intake.case(ref)["attention"] != ""  # nothing done yet
    page.get_by_role("button", name="Oui, c'est réglé : effacer « À voir »").click()
    expect(page.get_by_role("status")).to_contain_text("« À voir » effacé")
    expect(page.locator(".case-head .attention")).to_have_count(0)
    assert intake.case(ref)["attention"] == ""

    day = datetime.now() - timedelta(days=5)
    page.get_by_text("Corriger la date de réception").click()
    page.get_by_label("Date de réception", exact=True).fill(f"{day:%d/%m/%Y} 09:30")
    page.get_by_label("Pourquoi (facultatif").fill("transfert du service")
    page.get_by_role("button", name="Corriger la date").click()
    expect(page.get_by_role("status")).to_contain_text("9 h 30")
    assert intake.case(ref)["received_at"].startswith(f"{day:%Y-%m-%d}T09:30")
    page.get_by_text("Corriger la date de réception").click()
    page.get_by_label("Date de réception", exact=True).fill(f"{datetime.now() + timedelta(days=3):%d/%m/%Y}")
    page.get_by_role("button", name="Corriger la date").click()
    expect(page.get_by_role("alert")).to_contain_text("dans le futur")

    page.get_by_text("Corriger les champs").click()
    page.get_by_label("Structure porteuse").fill("Association Vélo Béthunois")
    page.get_by_role("button", name="Enregistrer : structure porteuse").click()
    expect(page.get_by_role("status")).to_contain_text("Association Vélo Béthunois")
    page.get_by_text("Corriger les champs").click()
    page.get_by_label("Thème", exact=True).select_option("Mobilité – Transports")
    page.get_by_role("button", name="Enregistrer : thème", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Champ")
    detail = intake.case(ref)
    assert detail["fields"]["organisation"] == "Association Vélo Béthunois"
    assert "organisation" in detail["staff_fields"]
    with session(intake.app().engine) as s:
        events = s.exec(select(CaseEvent).where(CaseEvent.kind.in_(("field", "received-date", "seen")))).all()
    assert {e.kind for e in events} == {"field", "received-date", "seen"}
    assert {e.actor for e in events} == {console.staff}


def test_decisions_are_guarded_in_the_console_as_on_the_command_line(console, page):
    intake = console.intake
    send(intake, "Vélo Béthunois <velo@asso.example>", [dossier(), PHOTO])
    (case,) = intake.cases()
    ref = case["reference"]
    assert case["status"] == "incomplete"
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")

    page.get_by_label("Décision à enregistrer").select_option(label="non labellisé (refusé)")
    page.get_by_label("Prévenir le demandeur par courriel").check()
    page.get_by_role("button", name="Vérifier avant d'enregistrer").click()
    expect(page.get_by_role("alert")).to_contain_text("écrivez son motif")
    # the form keeps what was chosen: only the motif is left to write (a new staff member's trial: the decision
    # and the notice box were reset, and a refusal could then be recorded without telling the applicant)
    expect(page.get_by_label("Décision à enregistrer")).to_have_value("declined")
    expect(page.get_by_label("Prévenir le demandeur par courriel")).to_be_checked()
    page.get_by_label("Prévenir le demandeur par courriel").uncheck()
    page.get_by_label("Motif ou commentaire de la décision").fill("Projet hors du périmètre du label")
    page.get_by_role("button", name="Vérifier avant d'enregistrer").click()  # a case the jury never examined
    expect(page.get_by_text("le jury ne l'a donc pas examiné")).to_be_visible()
    page.go_back()
    page.get_by_label("Motif ou commentaire de la décision").fill("")

    page.get_by_label("Décision à enregistrer").select_option(label="recevable (examen par le jury)")
    page.get_by_role("button", name="Vérifier avant d'enregistrer").click()
    expect(page.get_by_role("alert").first).to_contain_text("il manque encore au dossier")
    confirm = page.get_by_label("Je confirme cette décision malgré les pièces manquantes")
    expect(confirm).to_have_attribute("required", "")
    client = console.signed_in_http()  # the box skipped by hand: the server refuses as well
    token = csrf_of(client.get(f"/cases/{ref}").text)
    refused = client.post(f"/cases/{ref}/decision", {"csrf": token, "status": "admissible", "note": ""})
    assert refused.status == 303 and intake.case(ref)["status"] == "incomplete"
    confirm.check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_role("status")).to_contain_text("Décision enregistrée : recevable")
    expect(page.locator(".badge").first).to_have_text("recevable")
    decided = [e for e in intake.case(ref)["events"] if e["kind"] == "decision"]
    assert len(decided) == 1 and "malgré les pièces manquantes" in decided[0]["detail"]


def test_a_case_that_is_not_an_application_is_discarded_from_the_console(console, page):
    intake = console.intake
    send(intake, "Vélo Béthunois <velo@asso.example>", [dossier(), LETTER, PHOTO])
    (first,) = intake.cases()
    send(intake, "troll@spam.example", [LETTER], subject=f"Re: [{first['reference']}] retrait")
    first, stranger = intake.cases()
    assert stranger["status"] == "review"
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{stranger['reference']}")
    page.get_by_label("Raison", exact=True).fill("message d'un tiers, pas une candidature")
    page.get_by_label(re.compile("Je confirme : supprimer")).check()
    page.get_by_role("button", name="Classer sans suite et supprimer").click()
    expect(page.locator(".flash")).to_contain_text(f"{stranger['reference']} classé sans suite")
    assert [c["reference"] for c in intake.cases()] == [first["reference"]]
    with session(intake.app().engine) as s:
        log = s.exec(select(PurgeLog).where(PurgeLog.rule == "pas_une_candidature")).one()
    assert log.actor == console.staff and log.reference == stranger["reference"]
    page.goto(f"{console.url}/cases/{first['reference']}")
    expect(page.get_by_text("Classer sans suite et supprimer")).to_be_visible()  # no decision yet: offered
    expect(page.locator(".history")).not_to_contain_text("troll@spam.example")


def test_a_message_set_aside_for_a_limit_is_downloaded_as_eml_and_filed_anyway(console, page, applicant):
    intake = console.intake
    raw = samples.email(sender=f"Vélo Béthunois <{applicant}>", to=[intake.nb], subject="Candidature au label",
                        attachments=[dossier(), LETTER, PHOTO])
    set_aside(intake, raw, 9, "Candidature au label", applicant, "au-delà des limites : 3 pièces jointes (limite 2)")
    console.sign_in(page)
    page.get_by_role("link", name=re.compile("Quarantaine")).click()
    page.get_by_role("link", name="Candidature au label").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le message (.eml)").click()
    assert download.value.suggested_filename.endswith(".eml")
    assert download.value.path().read_bytes() == raw
    page.get_by_role("button", name="Enregistrer malgré les limites").click()
    (case,) = intake.cases()
    expect(page.get_by_role("status")).to_have_text(  # short lines; the case's history says the rest
        f"Message enregistré malgré les limites : classé dans le dossier {case['reference']}. Courriel envoyé à "
        f"{case['applicant']} : accusé de réception.")  # what it wrote, said
    assert case["status"] == "complete"
    with session(intake.app().engine) as s:
        row = s.exec(select(Inbound).where(Inbound.uid == 9)).one()
    assert row.fate == "filed" and console.staff in row.reason


def test_a_message_filed_anyway_by_several_clicks_at_once_is_filed_once(console):
    """A double click on « Enregistrer malgré les limites », or two staff members: each retry read the message as still
    quarantined, and one message made as many cases."""
    intake = console.intake
    raw = samples.email(sender="Vélo Béthunois <velo@asso.example>", to=[intake.nb], subject="Candidature au label",
                        attachments=[dossier(), LETTER, PHOTO])
    app = intake.app()
    message_id = set_aside(intake, raw, 9, "Candidature au label", "velo@asso.example",
                           "au-delà des limites : 3 pièces jointes (limite 2)")
    client = console.signed_in_http()
    token = csrf_of(client.get(f"/quarantine/{message_id}").text)
    before = len(intake.smtp.messages)
    assert posted_at_once(client, f"/quarantine/{message_id}/file-anyway", {"csrf": token}) == [303] * 4
    (case,) = intake.cases()
    assert case["status"] == "complete"
    acknowledgements = [m for m in intake.smtp.messages[before:] if "velo@asso.example" in m.rcpt_tos]
    assert len(acknowledgements) == 1
    locks = {p.name for p in (app.settings.data_dir / "locks").glob("quarantine*")}
    assert locks <= {"quarantine-retry.lock"}, locks  # one lock for every retry, not a file left per message


def test_a_file_is_offered_under_the_extension_of_what_it_is(console):
    intake = console.intake
    polyglot = LETTER[1].replace(b"%PDF-1.4\n", b"%PDF-1.4\n%<HTA:APPLICATION>\n", 1)
    send(intake, "Vélo Béthunois <velo@asso.example>",
         [dossier(), ("courrier maire.hta", polyglot, "application/hta")])
    (case,) = intake.cases()
    (piece,) = [p for p in intake.case(case["reference"])["piece_files"] if p["filename"].startswith("courrier")]
    client = console.signed_in_http()
    page = client.get(f"/cases/{case['reference']}").text
    assert "courrier maire.hta.pdf" in page and "extension trompeuse" in page
    got = client.get(f"/cases/{case['reference']}/pieces/{piece['id']}")
    assert got.status == 200 and got.body == polyglot
    assert 'filename="courrier maire.hta.pdf"' in got.headers["content-disposition"]


def test_a_paper_application_without_an_email_address(console, page, tmp_path):
    console.sign_in(page)
    page.get_by_role("link", name="Candidature papier").click()
    page.get_by_label("Nom du demandeur ou de la structure").fill("Mme Jeanne Roussel")
    path = tmp_path / "dossier.docx"
    path.write_bytes(dossier()[1])
    page.get_by_label("Fichiers numérisés").set_input_files([str(path)])
    page.get_by_role("button", name="Enregistrer la candidature").click()
    expect(page.get_by_role("status")).to_contain_text("Candidature papier enregistrée")
    expect(page.locator(".facts").first).to_contain_text("pas d'adresse électronique")
    expect(page.get_by_label(re.compile("Prévenir le demandeur par courriel"))).to_be_disabled()
    (case,) = console.intake.cases()
    assert case["applicant"] == "" and case["status"] == "incomplete"


def test_staff_confirm_in_the_console_the_applicant_behind_a_web_form_and_can_then_write_to_them(console, page,
                                                                                                 applicant):
    """An application sent by the town site's form (From wordpress@, Reply-To the applicant) is filed for staff,
    nobody written to; « À voir » told them to « confirmer son adresse (intake case REF address EMAIL --main) », a
    command line they do not have: the console had no way to do it, and a decision's notice could not be sent
    (the new staff member's trial). The case page lists the addresses the mail named and confirms one."""
    intake = console.intake
    intake.deliver(samples.email(sender="Ville de Béthune <wordpress@ville-bethune.fr>", to=[intake.nb],
                                 subject="Nouveau message du formulaire « Nous écrire »",
                                 headers={"Reply-To": applicant}, attachments=[dossier(), LETTER]), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    ref = case["reference"]
    assert case["status"] == "review" and case["applicant"] == "wordpress@ville-bethune.fr"

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    expect(page.locator(".attention")).to_contain_text("« Confirmer l'adresse du demandeur » dans la console")
    expect(page.locator("main")).to_contain_text("Aucun courriel ne lui est écrit : dossier ouvert par un "
                                                 "expéditeur automatique")
    addresses = page.locator("ul.addresses")
    expect(addresses).to_contain_text(applicant)
    # the mailbox by its address in the history too, not by config.toml's « nb »
    expect(page.locator(".history")).to_contain_text(f"candidature reçue dans la boîte {intake.nb} (n° ")
    expect(addresses).to_contain_text("adresse de réponse d'un message du demandeur")  # not « Reply-To »
    page.get_by_label("Adresse électronique du demandeur").fill("pas une adresse")
    page.get_by_role("button", name="Confirmer l'adresse").click()  # the browser checks the type first
    assert intake.case(ref)["applicant"] == "wordpress@ville-bethune.fr"
    page.get_by_label("Adresse électronique du demandeur").fill(applicant.upper())
    expect(page.get_by_label("Écrire désormais au demandeur à cette adresse")).to_be_checked()
    page.get_by_role("button", name="Confirmer l'adresse").click()
    expect(page.get_by_role("status")).to_contain_text(f"Adresse {applicant} confirmée par le service : les "
                                                       "courriels du dossier iront désormais à cette adresse")
    assert intake.case(ref)["applicant"] == applicant
    expect(page.locator("main")).not_to_contain_text("Aucun courriel ne lui est écrit")

    page.get_by_label("Décision à enregistrer").select_option(label="irrecevable")
    page.get_by_label("Motif ou commentaire de la décision").fill("Le projet n'est pas situé à Béthune.")
    page.get_by_label("Prévenir le demandeur par courriel").check()
    page.get_by_role("button", name="Vérifier avant d'enregistrer").click()
    page.get_by_role("button", name="Enregistrer et envoyer le courriel").click()
    expect(page.get_by_role("status")).to_contain_text(f"Courriel envoyé à {applicant}")
    with session(intake.app().engine) as s:
        confirmed = s.exec(select(CaseEvent).where(CaseEvent.kind == "address")).one()
    assert confirmed.actor == console.staff


def test_an_incomplete_case_says_when_its_applicant_is_reminded(console, page):
    """What the applicant of an incomplete case is sent next was in the digest alone (« relances : 0 ; prochaine :
    lundi 7 décembre 2026 »): the case page, where a staff member reads what the applicant was told, said nothing
    of it (the new staff member's trial)."""
    intake = console.intake
    send(intake, "Vélo Béthunois <velo@asso.example>", [dossier()])
    (case,) = intake.cases()
    assert case["status"] == "incomplete"
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{case['reference']}")
    expect(page.locator(".facts").first).to_contain_text(re.compile(
        r"Relances\s*aucune envoyée ; la prochaine part le \S+ \d+ \S+ 20\d\d à \d{1,2} h \d\d si le dossier est "
        r"encore incomplet"))
