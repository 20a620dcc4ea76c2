"""A message set aside past [limits] cases_per_domain_per_day (the addresses of one domain opened too many cases in
24 hours), in the console: staff read why, find the button the reason names, and file it."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import poll, serving

SENDERS = ("a1@asso-bethune.example", "a2@asso-bethune.example", "a3@asso-bethune.example")


def test_a_message_past_its_domain_s_cap_is_explained_and_filed_with_the_button_its_reason_names(console, page):
    """The reason and the digest say « l'enregistrer malgré les limites », the history « enregistré malgré les
    limites »; the page's button said « Enregistrer quand même (limites levées) », and its explanation named every
    limit but the domain's (« de nouveaux dossiers ouverts par le même expéditeur »: this sender had opened none)."""
    intake = console.intake
    intake.configure("[limits]\ncases_per_domain_per_day = 2")
    for sender in SENDERS:
        intake.deliver(intake.application(sender=f"Candidat <{sender}>", subject=f"Candidature de {sender}",
                                          pieces=("dossier",)), intake.nb)
    poll(intake)
    console.sign_in(page)
    page.goto(f"{console.url}/quarantine")
    page.get_by_role("link", name=f"Candidature de {SENDERS[2]}").click()
    expect(page.get_by_role("note")).to_contain_text("l'enregistrer malgré les limites")
    panel = page.get_by_role("region", name="Enregistrer malgré les limites")
    expect(panel).to_contain_text("par les adresses d'un même domaine")
    panel.get_by_role("button", name="Enregistrer malgré les limites").click()
    expect(page.get_by_role("status")).to_contain_text("Message enregistré malgré les limites")
    assert SENDERS[2] in {c["applicant"] for c in intake.cases()}
    assert any(SENDERS[2] in str(m["To"]) for m in intake.sent())  # its acknowledgement



def test_retrying_a_message_the_domain_s_cap_still_sets_aside_says_so_and_names_the_button(intake, browser, tmp_path):
    """« Traiter à nouveau » on a message set aside for its domain's cap set it aside again: the page said
    « Toujours en quarantaine » then the stored reason, its setting's name, cut short (600 characters) before the
    way out. It says the cap still applies, in staff's words, and to use « Enregistrer malgré les limites »."""
    intake.configure("[limits]\ncases_per_domain_per_day = 2")  # before the console starts: it reads it then
    for sender in SENDERS:
        intake.deliver(intake.application(sender=f"Candidat <{sender}>", subject=f"Candidature de {sender}",
                                          pieces=("dossier",)), intake.nb)
    poll(intake)
    with serving(intake, tmp_path) as console:
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        try:
            console.sign_in(page)
            page.goto(f"{console.url}/quarantine")
            page.get_by_role("link", name=f"Candidature de {SENDERS[2]}").click()
            page.get_by_role("region", name="Traiter à nouveau").get_by_role("button").click()
            said = page.get_by_role("alert")
            expect(said).to_contain_text("Toujours mis de côté : le plafond de nouveaux dossiers par domaine "
                                         "d'expéditeur (asso-bethune.example) en 24 heures s'applique encore (limite "
                                         "fixée par l'administrateur)")
            expect(said).to_contain_text("s'il s'agit d'une vraie candidature, utilisez « Enregistrer malgré les "
                                         "limites »")
            expect(said).not_to_contain_text("[limits]")
            # the way out is on the page, where the message says
            page.get_by_role("button", name="Enregistrer malgré les limites").click()
            expect(page.get_by_role("status")).to_contain_text("Message enregistré malgré les limites")
        finally:
            context.close()
    assert SENDERS[2] in {c["applicant"] for c in intake.cases()}
