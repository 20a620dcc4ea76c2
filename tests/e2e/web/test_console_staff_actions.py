"""Issue 10: the staff actions in the browser, through the command line's own functions — merge two cases,
move a message, add a note, retry or dismiss a quarantined message, send a refused mail again."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import datetime, timedelta, timezone
from html import unescape

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from intake.commands import samples
from intake.store import flagged
from intake.store.database import session
from intake.store.tables import CaseEvent, Inbound

from .conftest import poll, set_aside

DOSSIER = ("Dossier d'intention.docx", samples.docx(samples.DOSSIER.format(
    title="Jardin des Cheminots", who="Les Amis du Jardin", what="un jardin partagé")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
LETTER = ("Courrier au Maire.pdf", samples.pdf("Monsieur le Maire\nJ'ai l'honneur de solliciter le label"),
          "application/pdf")
PHOTO = ("jardin.jpg", samples.jpeg(), "image/jpeg")


@pytest.fixture
def applicant(intake, mail_users):
    address = mail_users("applicant")
    intake.smtp.deliver_to = intake.dovecot
    return address


def received(intake, user) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(raw, policy=email.policy.default) for raw in intake.dovecot.fetch_all(user)]


def send(intake, sender: str, attachments, subject="Candidature au label") -> None:
    intake.deliver(samples.email(sender=sender, to=[intake.nb], subject=subject, attachments=list(attachments)),
                   intake.nb)
    poll(intake)


@pytest.mark.both_databases
def test_two_cases_of_one_application_are_merged_and_the_old_reference_leads_to_the_survivor(console, page):
    intake = console.intake
    send(intake, "Les Amis du Jardin <jardin@asso.example>", [DOSSIER, PHOTO])
    send(intake, "Marc Durand <marc.durand@perso.example>", [LETTER], subject="Courrier pour le label")
    first, second = intake.cases()
    assert first["status"] == "incomplete" and first["missing"] == ["courrier"]

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{first['reference']}")
    page.get_by_label("Référence de l'autre dossier de la même candidature").fill(second["reference"].lower())
    page.get_by_role("button", name="Comparer avant de fusionner").click()
    expect(page.get_by_role("heading", name="Fusionner deux dossiers d'une même candidature")).to_be_visible()
    expect(page.get_by_label(re.compile(first["reference"]))).to_be_checked()
    # « le plus ancien » was proposed: the one filed first, whose « reçu le » (the mail's date) may be the later one
    expect(page.locator(".choices .hint")).to_contain_text("Le dossier enregistré le premier (la plus petite "
                                                           "référence)")
    # merging completes the application: the page says who is then written to (it said nothing of it)
    expect(page.get_by_role("note")).to_contain_text("les pièces réunies complètent la candidature")
    expect(page.locator(f"label[for=keep-{first['reference']}]")).to_contain_text(
        "S'il garde sa référence : l'avis de dossier complet part aussitôt à jardin@asso.example.")
    page.get_by_role("button", name="Fusionner les deux dossiers").click()

    expect(page.get_by_role("status")).to_contain_text(f"{second['reference']} fusionné dans {first['reference']}")
    expect(page.get_by_role("status")).to_contain_text("Courriel envoyé à jardin@asso.example : avis de dossier "
                                                       "complet.")  # the merge completed it: staff are told
    expect(page.locator(".badge").first).to_have_text("complet")
    merged = intake.case(first["reference"])
    assert merged["status"] == "complete" and merged["pieces"] == ["courrier", "dossier", "visuels"]
    assert merged["messages"] == 2
    page.goto(f"{console.url}/cases/{second['reference']}")  # the old reference, from an old digest
    expect(page.get_by_role("heading", name=re.compile(first["reference"]))).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"{second['reference']} a été fusionné dans")
    with session(intake.app().engine) as s:
        actors = {e.actor for e in s.exec(select(CaseEvent).where(CaseEvent.kind.in_(("merge", "merged"))))}
    assert actors == {console.staff}


def test_a_message_filed_on_the_wrong_case_is_moved_and_a_note_is_kept(console, page, applicant):
    intake = console.intake
    send(intake, f"Les Amis du Jardin <{applicant}>", [DOSSIER, PHOTO])
    (first,) = intake.cases()
    other = ("Dossier d'intention.docx", samples.docx(samples.DOSSIER.format(
        title="Fresque du Quai", who="Les Amis du Jardin", what="une fresque")), DOSSIER[2])
    send(intake, f"Les Amis du Jardin <{applicant}>", [other], subject="Un second projet")
    send(intake, f"Les Amis du Jardin <{applicant}>", [LETTER], subject=f"RE: [{first['reference']}] le courrier")
    first, second = intake.cases()
    assert first["messages"] == 2 and second["messages"] == 1  # the letter went with the reference it cited

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{first['reference']}")
    page.get_by_label(re.compile("Dossier où déplacer le message « RE:")).fill("BSC-2026-0077")  # a slip
    page.get_by_role("button", name=re.compile("Déplacer le message « RE:")).click()
    expect(page.get_by_role("alert")).to_have_text("Aucun dossier « BSC-2026-0077 » : donnez la référence du dossier "
                                                   "où déplacer le message, par exemple BSC-2026-0007.")  # no command
    page.get_by_label(re.compile("Dossier où déplacer le message « RE:")).fill(second["reference"])
    page.get_by_role("button", name=re.compile("Déplacer le message « RE:")).click()
    expect(page.get_by_role("status")).to_contain_text(f"Message déplacé vers {second['reference']}")
    assert intake.case(second["reference"])["pieces"] == ["courrier", "dossier"]
    assert intake.case(first["reference"])["pieces"] == ["dossier", "visuels"]

    page.get_by_label("Note pour l'historique").fill("Le courrier concernait la fresque (appel du 3/12).")
    page.get_by_role("button", name="Ajouter la note").click()
    expect(page.get_by_role("status")).to_contain_text("Note ajoutée")
    expect(page.locator(".history")).to_contain_text("Le courrier concernait la fresque (appel du 3/12).")
    # who did what, as colleagues know each other: the [[staff]] name, the service's own work « automatique »
    actors = page.locator(".history .actor").all_inner_texts()
    assert "Nicolas Bataillon" in actors and "automatique" in actors, actors
    assert console.staff not in actors and "intake" not in actors, actors
    with session(intake.app().engine) as s:
        note = s.exec(select(CaseEvent).where(CaseEvent.kind == "note")).one()
    assert note.actor == console.staff


def test_a_quarantined_application_retried_from_the_console_is_filed_and_acknowledged(console, page, applicant):
    intake = console.intake
    set_aside(intake, samples.email(sender=f"Les Amis du Jardin <{applicant}>", to=[intake.nb],
                                    subject="Candidature au label", attachments=[DOSSIER, LETTER, PHOTO]), uid=7,
              subject="Candidature au label")
    set_aside(intake, samples.email(sender="promo@newsletter.example", to=[intake.nb], subject="Promotions",
                                    body="Nos offres"), uid=8, subject="Promotions")
    console.sign_in(page)
    expect(page.get_by_role("link", name=re.compile("Quarantaine 2"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Quarantaine")).click()
    page.get_by_role("link", name="Candidature au label").click()
    expect(page.locator(".parts")).to_contain_text("Courrier au Maire.pdf")
    # the mailbox by its address, as staff know it: not config.toml's name « nb » nor IMAP's « INBOX »
    expect(page.locator("main")).to_contain_text(f"Boîte {intake.nb}, n° 7 sur le serveur")
    expect(page.locator("main")).not_to_contain_text("INBOX")
    expect(page.locator("#h-retry + p")).to_contain_text("son expéditeur reçoit aussitôt l'accusé de réception")
    page.get_by_role("button", name="Traiter à nouveau ce message").click()

    (case,) = intake.cases()
    expect(page.get_by_role("status")).to_contain_text("Message traité à nouveau : classé")
    expect(page.get_by_role("status")).to_contain_text(f"Courriel envoyé à {applicant} : accusé de réception.")
    expect(page.get_by_role("heading", name=re.compile(case["reference"]))).to_be_visible()
    (ack,) = received(intake, applicant)
    assert f"[{case['reference']}]" in ack["Subject"]

    page.goto(f"{console.url}/quarantine")
    page.get_by_role("link", name="Promotions").click()
    page.get_by_label("Raison").fill("publicité, pas une candidature")
    page.get_by_role("button", name="Ignorer ce message").click()
    expect(page.get_by_role("status")).to_contain_text("Message ignoré")
    expect(page.locator("main")).to_contain_text("Aucun message en quarantaine.")
    with session(intake.app().engine) as s:
        dismissed = s.exec(select(Inbound).where(Inbound.uid == 8)).one()
    assert dismissed.fate == "ignored" and console.staff in dismissed.reason


def _application_read_five_days_late(intake, applicant: str) -> None:
    """A mailbox read for the first time (`since` a month ago) holds an application the server received five days
    ago: its acknowledgement is held for staff (more than 72 h old)."""
    month_ago = (datetime.now(timezone.utc) - timedelta(days=30)).date().isoformat()
    intake.config.write_text(re.sub(r"since = \S+", f"since = {month_ago}", intake.config.read_text()))
    intake.deliver(samples.email(sender=f"Les Amis du Jardin <{applicant}>", to=[intake.nb],
                                 subject="Candidature au label", attachments=[DOSSIER, LETTER, PHOTO]),
                   intake.nb, when=datetime.now(timezone.utc) - timedelta(days=5))


def test_an_acknowledgement_held_for_old_mail_is_sent_from_the_console_in_plain_words(console, page, applicant):
    """A mailbox read for the first time: an application received by the server five days ago has its
    acknowledgement held. Staff read why in plain French (it showed « premier relevé, data_dir neuf ou since dans le
    passé ? », the admin's words), send it, and are told it was sent (not « envoyé à nouveau »: it never left)."""
    intake = console.intake
    _application_read_five_days_late(intake, applicant)
    poll(intake)
    assert received(intake, applicant) == []

    console.sign_in(page)
    page.get_by_role("link", name=re.compile("Envois à voir")).click()
    page.get_by_role("link", name="accusé de réception").click()
    note = page.get_by_role("note")
    expect(note).to_contain_text("reçu 5 jours avant d'être relevé (plus de 72 h : il a peut-être déjà eu une réponse)")
    expect(note).not_to_contain_text("data_dir")
    expect(page.locator("main")).not_to_contain_text("0 essai")  # never tried: no count of tries
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Accusé de réception à {applicant} : envoyé")
    (ack,) = received(intake, applicant)
    assert "Accusé de réception" in ack["Subject"]


def test_held_mail_is_listed_apart_from_failed_mail_and_says_why_it_waits(console, page, applicant):
    """An acknowledgement held on purpose (its message was five days old when first read) was listed under
    « Envois en échec », beside a mail the applicant's server refused, as if it had failed too. It has its own
    section, « Envois retenus », which says nothing failed and what sending does; the nav says « Envois à voir »."""
    intake = console.intake
    _application_read_five_days_late(intake, applicant)
    refused = "marc.durand@perso.example"
    intake.smtp.refuse_rcpt = lambda address: "550 5.1.1 Mailbox unavailable" if address == refused else None
    intake.deliver(samples.email(sender=f"Marc Durand <{refused}>", to=[intake.nb], subject="Candidature au label",
                                 attachments=[DOSSIER, LETTER, PHOTO]), intake.nb)
    poll(intake)

    console.sign_in(page)
    page.get_by_role("link", name=re.compile("Envois à voir")).click()
    expect(page.get_by_role("heading", name="Envois à voir", level=1)).to_be_visible()
    held = page.get_by_role("region", name="Envois retenus", exact=True)
    failed = page.get_by_role("region", name="Envois en échec", exact=True)
    expect(held).to_contain_text(applicant)
    expect(held).to_contain_text("il a peut-être déjà eu une réponse")
    expect(held).to_contain_text("Rien n'a échoué. Si vous en envoyez un, il part tel quel au candidat")
    expect(held).not_to_contain_text(refused)
    expect(failed).to_contain_text(refused)
    expect(failed).to_contain_text("adresse inconnue chez le destinataire : vérifiez-la (faute de frappe ?) ou "
                                   "demandez-en une autre (réponse du serveur : 550 5.1.1")  # not only in English
    expect(failed).not_to_contain_text(applicant)

    held.get_by_role("link", name="accusé de réception").click()
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Accusé de réception à {applicant} : envoyé")
    expect(held).to_contain_text("Aucun courriel retenu.")
    expect(failed).to_contain_text(refused)


def test_a_refused_acknowledgement_is_sent_again_from_the_console(console, page, applicant):
    intake = console.intake
    intake.smtp.refuse_rcpt = lambda address: "550 5.1.1 Mailbox unavailable" if address == applicant else None
    send(intake, f"Les Amis du Jardin <{applicant}>", [DOSSIER, LETTER, PHOTO])
    assert received(intake, applicant) == []
    intake.smtp.refuse_rcpt = None  # the applicant's server is fixed

    console.sign_in(page)
    page.get_by_role("link", name=re.compile("Envois à voir")).click()
    page.get_by_role("link", name="accusé de réception").click()
    expect(page.get_by_role("note")).to_contain_text("550 5.1.1")
    page.get_by_role("button", name="Envoyer à nouveau").click()
    expect(page.get_by_role("status")).to_contain_text("envoyé à nouveau : envoyé")
    (ack,) = received(intake, applicant)
    assert "Accusé de réception" in ack["Subject"]
    expect(page.locator("main")).to_contain_text("Aucun courriel en échec")


def test_a_flood_of_held_acknowledgements_is_one_page_of_the_oldest_counted_in_plain_words(console):
    """Past new_cases_per_day, each new case's acknowledgement is held for staff (made-up senders: thousands): the
    outbox page read every held mail whole, its receipt PDF included (5,000 of 40 KB: 1 s and 211 MB a view), and
    listed them all; its caption said « 2 courriel retenus ». The page lists the 200 oldest of each section and says
    how many there are (an attacker's review)."""
    from intake.store.tables import Outbox

    app, now = console.intake.app(), datetime.now(timezone.utc)
    with session(app.engine) as s:
        for n in range(250):
            s.add(Outbox(kind="acknowledgement", from_addr=console.intake.nb, to_addr=f"inconnu{n}@x.example",
                         subject="Accusé de réception", message_id=f"flood{n}@x.example", raw=b"x" * 40_000,
                         status="held", last_error="retenu : limite new_cases_per_day", created_at=now))
        for n in range(2):
            s.add(Outbox(kind="acknowledgement", from_addr=console.intake.nb, to_addr=f"refuse{n}@x.example",
                         subject="Accusé de réception", message_id=f"failed{n}@x.example", raw=b"x",
                         status="failed", last_error="550 5.1.1", created_at=now))
        s.commit()
    page = console.signed_in_http().get("/outbox")
    assert page.status == 200
    text = page.text
    assert "250 courriels retenus (les 200 plus anciens ci-dessous" in text, text[:3000]
    assert "2 courriels en échec</caption>" in text
    assert "inconnu199@x.example" in text and "inconnu200@x.example" not in text


def test_a_held_acknowledgement_past_the_oldest_listed_is_sent_from_its_case(console, page, applicant):
    """Attacker's review (attack8): « Envois à voir » lists the 200 oldest held mails; during a flood of held
    acknowledgements (made-up senders past new_cases_per_day) a real applicant's, newer, was on no page of the
    console: its case showed « retenu » with no way to send it, and staff had to handle 200 mails to the flood's
    addresses first, or use the command line. The mail's page on its case leads to sending it."""
    from intake.store.tables import Outbox

    intake = console.intake
    app, now = intake.app(), datetime.now(timezone.utc)
    with session(app.engine) as s:
        for n in range(201):
            s.add(Outbox(kind="acknowledgement", from_addr=intake.nb, to_addr=f"inconnu{n}@x.example",
                         subject="Accusé de réception", message_id=f"flood{n}@x.example", raw=b"x",
                         status="held", last_error="retenu : limite new_cases_per_day", created_at=now))
        s.commit()
    _application_read_five_days_late(intake, applicant)
    poll(intake)
    (case,) = intake.cases()

    console.sign_in(page)
    page.goto(f"{console.url}/outbox")
    expect(page.locator("main")).not_to_contain_text(applicant)
    page.goto(f"{console.url}/cases/{case['reference']}")
    page.get_by_role("link", name="accusé de réception").click()
    page.get_by_role("link", name="Envoyer ce courriel ou le marquer traité").click()
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Accusé de réception à {applicant} : envoyé")
    (ack,) = received(intake, applicant)
    assert "Accusé de réception" in ack["Subject"]


def test_a_refused_acknowledgement_goes_once_to_the_address_staff_confirmed_after(console, page, applicant):
    """The applicant's server refused the acknowledgement (« 550 5.1.1 »: a typo in their address); staff phoned and
    confirmed the right one. Only later mail went there: « Envoyer à nouveau » sent the same bytes to the refused
    address, and nothing sent the acknowledgement to the confirmed one. The case page now offers it, with a preview
    saying to whom; it goes once (two clicks at once, or a second try, send nothing more)."""
    from .conftest import csrf_of, posted_at_once

    intake = console.intake
    typo = "amis.du.jardn@perso.example"
    intake.smtp.refuse_rcpt = lambda address: "550 5.1.1 Mailbox unavailable" if address == typo else None
    send(intake, f"Les Amis du Jardin <{typo}>", [DOSSIER, LETTER, PHOTO])
    (case,) = intake.cases()
    ref = case["reference"]
    (first,) = [m for m in intake.case(ref)["mails"] if m["kind"] == "acknowledgement"]
    assert first["status"] == "failed"

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    # the refusal is said where the address is, and the form to confirm another is open
    expect(page.locator(".facts").first).to_contain_text("Son serveur a refusé un courriel du service")
    page.get_by_label("Adresse électronique du demandeur").fill(applicant)
    page.get_by_role("button", name="Confirmer l'adresse").click()
    expect(page.get_by_role("status")).to_contain_text(f"Adresse {applicant} confirmée")
    expect(page.locator(".facts").first).not_to_contain_text("Son serveur a refusé")  # not the new address's
    page.get_by_role("link", name=re.compile("Envoyer à l'adresse confirmée")).click()
    expect(page.get_by_role("heading", level=2, name=re.compile("Il partira à"))).to_contain_text(applicant)
    expect(page.locator("main")).to_contain_text(f"Ce courriel était adressé à {typo}")
    expect(page.locator(".headers")).to_contain_text(applicant)  # the mail as it will leave: To the new address
    expect(page.locator(".headers")).not_to_contain_text(typo)
    assert received(intake, applicant) == []  # a preview sends nothing
    preview_url = page.url
    client = console.signed_in_http()
    token = csrf_of(client.get(preview_url[len(console.url):]).text)
    page.get_by_role("button", name=f"Envoyer à {applicant}").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Accusé de réception envoyé à {applicant}, l'adresse confirmée du dossier, au lieu de {typo} : envoyé")
    (ack,) = received(intake, applicant)
    assert f"[{ref}]" in ack["Subject"] and ack["To"] == applicant
    assert ack["Message-ID"].strip("<>") != first["message_id"]
    expect(page.get_by_role("link", name=re.compile("Envoyer à l'adresse confirmée"))).to_have_count(0)
    expect(page.locator(".history")).to_contain_text(f"envoyé à la place à {applicant}")

    # the preview's form posted again, and four times at once: nothing more goes out
    path = f"/outbox/{first['id']}/readdress"
    assert posted_at_once(client, path, {"csrf": token, "to": applicant}) == [303] * 4
    assert len(received(intake, applicant)) == 1
    page.goto(console.url + path)
    expect(page.get_by_role("alert")).to_contain_text("seul un courriel en échec, interrompu ou retenu")
    page.goto(f"{console.url}/outbox")
    expect(page.locator("main")).not_to_contain_text(typo)  # the refused one is no longer to see


def test_the_case_page_says_why_a_refused_mail_cannot_go_to_the_confirmed_address_instead_of_offering_it(console):
    """Attacker's review (attack11, Low): the case page offered « Envoyer à l'adresse confirmée » for a refused mail
    whatever the plan said (core/readdress.py), and the link led to a page refusing it. The confirmed address is
    known to fail for good (it bounced on another mail): the page says so where the link was."""
    intake = console.intake
    typo, confirmed = "amis.du.jardn@perso.example", "amis.du.jardin@perso.example"
    intake.smtp.refuse_rcpt = lambda address: "550 5.1.1 Mailbox unavailable" if address == typo else None
    send(intake, f"Les Amis du Jardin <{typo}>", [DOSSIER, LETTER, PHOTO])
    (case,) = intake.cases()
    ref = case["reference"]
    code, out = intake.cli("case", ref, "address", confirmed, "--main")
    assert code == 0, out
    client = console.signed_in_http()
    assert "Envoyer à l'adresse confirmée" in client.get(f"/cases/{ref}").text  # it may go: offered
    with session(intake.app().engine) as s:
        flagged.flag(s, confirmed, now=datetime.now(timezone.utc), reason="550 5.1.1 adresse inconnue",
                     undeliverable=True)
        s.commit()
    text = unescape(client.get(f"/cases/{ref}").text)
    assert "Envoyer à l'adresse confirmée" not in text and "/readdress" not in text, text
    assert (f"Pas d'envoi possible à l'adresse confirmée ({confirmed}) : l'adresse {confirmed} est en échec "
            "définitif (550 5.1.1 adresse inconnue)") in text, text


def _from_unreadable(raw: bytes) -> bytes:
    """The message with a From header no parser reads an address from (a webmail's bug, a hand-made mailer)."""
    head, sep, body = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
    lines = [b"From: Les Amis du Jardin <jardin at perso point example>" if line.lower().startswith(b"from:")
             else line for line in head.splitlines()]
    return b"\r\n".join(lines) + sep + body


HTML_TRAP = ("lisez-moi.html", b"<html><script>alert(document.cookie)</script></html>", "text/html")


def test_a_quarantined_application_with_an_unreadable_sender_is_looked_at_and_filed_from_the_console(
        console, page, applicant):
    """Its From header does not parse: it is quarantined (« expéditeur illisible alors que le message porte des
    documents »), and the console could neither file it (« Traiter à nouveau » quarantined it again: the sender is
    still unreadable) nor show its files. Staff now download each file (attachment, a name of what it is, never
    shown inline: an HTML file is not rendered in the console) and file it with the address they found, which gets
    the acknowledgement; another is filed with nobody written to."""
    intake = console.intake
    intake.deliver(_from_unreadable(samples.email(sender="x@perso.example", to=[intake.nb], subject="Candidature",
                                                  attachments=[DOSSIER, LETTER, HTML_TRAP])), intake.nb)
    poll(intake)
    assert intake.cases() == []
    console.sign_in(page)
    page.get_by_role("link", name=re.compile("Quarantaine")).click()
    expect(page.locator("td[data-label=De]")).to_have_text("illisible")  # it said « ? »
    page.get_by_role("link", name="Candidature", exact=True).click()
    expect(page.get_by_role("note")).to_contain_text("expéditeur illisible")
    expect(page.locator("main p.muted").first).to_contain_text("expéditeur illisible (l'en-tête « De » est plus bas)")
    files = page.get_by_role("region", name=re.compile("Fichiers joints"))
    expect(files).to_contain_text("Courrier au Maire.pdf")
    with page.expect_download() as download:
        files.get_by_role("link", name="Courrier au Maire.pdf").click()
    assert download.value.path().read_bytes() == LETTER[1]
    with page.expect_download() as download:
        files.get_by_role("link", name=re.compile("lisez-moi")).click()
    assert download.value.suggested_filename.startswith("lisez-moi")
    client = console.signed_in_http()
    link = files.get_by_role("link", name=re.compile("lisez-moi")).get_attribute("href")
    got = client.get(link)
    assert got.status == 200 and got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["content-type"] == "application/octet-stream" and "sandbox" in got.headers[
        "content-security-policy"]

    page.get_by_role("button", name="Enregistrer comme dossier").click()  # neither an address nor « personne »
    expect(page.get_by_role("alert")).to_contain_text("Donnez l'adresse du demandeur")
    page.get_by_label("Adresse électronique du demandeur").fill(applicant)
    page.get_by_role("button", name="Enregistrer comme dossier").click()
    (case,) = intake.cases()
    expect(page.get_by_role("status")).to_contain_text(f"Message enregistré dans le dossier {case['reference']}")
    expect(page.get_by_role("status")).to_contain_text(f"Courriel envoyé à {applicant} : accusé de réception")
    assert case["applicant"] == applicant and "dossier" in case["pieces"] and "courrier" in case["pieces"]
    (ack,) = received(intake, applicant)
    assert f"[{case['reference']}]" in ack["Subject"]
    expect(page.locator(".history")).to_contain_text("expéditeur illisible) enregistré par")
    assert case["messages"] == 1

    # another one, filed with nobody written to
    intake.deliver(_from_unreadable(samples.email(sender="y@perso.example", to=[intake.nb], subject="Dossier 2",
                                                  attachments=[DOSSIER])), intake.nb)
    poll(intake)
    before = len(intake.smtp.messages)
    page.goto(f"{console.url}/quarantine")
    page.get_by_role("link", name="Dossier 2").click()
    page.get_by_label("N'écrire à personne").check()
    page.get_by_role("button", name="Enregistrer comme dossier").click()
    expect(page.get_by_role("status")).to_contain_text("Aucun courriel n'a été envoyé.")
    second = [c for c in intake.cases() if c["reference"] != case["reference"]][0]
    assert second["applicant"] == "" and len(intake.smtp.messages) == before
    page.goto(f"{console.url}/quarantine")
    expect(page.locator("main")).to_contain_text("Aucun message en quarantaine.")
