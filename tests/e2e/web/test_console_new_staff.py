"""A new, busy staff member in the console: what a decision recorded without telling the applicant leaves to do,
and the pages they meet on their first morning."""

from __future__ import annotations

import email
import email.policy

from playwright.sync_api import expect

from .test_console_accessibility import violations
from .test_console_flows import PHOTO, dossier, file_application


def test_a_decision_recorded_without_notice_says_the_applicant_was_not_told_and_sends_it_later(console, page):
    """« Prévenir le demandeur » left unticked: the case page said nothing of it (the status badge alone), and the
    only way to tell the applicant was to record the decision again from the command line with --notify."""
    intake = console.intake
    ref = file_application(intake, "Marie <marie@ex.example>", [dossier("Jardin", "Marie"), PHOTO])["reference"]

    def to_marie() -> list:
        return [m for m in intake.smtp.messages if m.rcpt_tos == ["marie@ex.example"]]

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    page.get_by_label("Décision à enregistrer").select_option(label="irrecevable")
    page.get_by_label("Motif ou commentaire de la décision").fill("Hors du périmètre de la ville")
    page.get_by_role("button", name="Vérifier avant d'enregistrer").click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_role("status")).to_contain_text("Décision enregistrée : irrecevable. Le demandeur n'en est pas "
                                                       "prévenu : « Prévenir le demandeur maintenant »")
    assert len(to_marie()) == 1  # the acknowledgement only
    untold = page.locator("#untold")
    expect(untold).to_contain_text("Irrecevable : le demandeur n'a pas été prévenu de cette décision : aucun "
                                   "courriel ne lui a été envoyé.")
    untold.get_by_text("Prévenir le demandeur maintenant").click()
    expect(untold).to_contain_text("part aussitôt à marie@ex.example")
    assert violations(page) == []  # the note and its button: words, contrast (WCAG A and AA)
    page.set_viewport_size({"width": 375, "height": 800})  # on a phone: nothing scrolls sideways
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Envoyer l'avis de décision au demandeur").click()
    expect(page.get_by_role("status")).to_contain_text("Avis de décision demandé. Courriel envoyé à marie@ex.example")
    assert len(to_marie()) == 2
    notice = email.message_from_bytes(to_marie()[-1].data, policy=email.policy.default)
    assert f"[{ref}]" in notice["Subject"]
    assert "Hors du périmètre de la ville" in notice.get_body(("plain",)).get_content()  # the motif recorded
    expect(page.locator("#untold")).to_have_count(0)
    expect(page.locator("#told")).to_contain_text("Irrecevable : le demandeur en a été prévenu par courriel le")
    expect(page.get_by_role("button", name="Envoyer l'avis de décision au demandeur")).to_have_count(0)


def test_a_reference_typed_short_in_the_search_finds_that_case_alone(console, page):
    """« bsc-2026-2 » in the search box listed every case: its words « bsc », « 2026 » and « 2 » are in every
    reference. A reference, however typed (the case's address takes it so), finds its case alone."""
    intake = console.intake
    refs = [file_application(intake, f"{n} <{n.lower()}@asso.example>", [dossier(f"Projet {n}", n), PHOTO])["reference"]
            for n in ("Alice", "Bruno", "Chloe")]
    prefix, year, seq = refs[1].split("-")
    console.sign_in(page)
    page.get_by_label("Rechercher", exact=True).fill(f" {prefix.lower()}-{year}-{int(seq)} ")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_text("1 dossier correspondant à la recherche")).to_be_visible()
    expect(page.get_by_role("link", name=refs[1], exact=True)).to_be_visible()
    page.get_by_label("Rechercher", exact=True).fill("projet bruno")  # words still search the texts
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_text("1 dossier correspondant à la recherche")).to_be_visible()


def test_with_nothing_to_see_the_outbox_page_says_so_first_and_explains_on_demand(console, page):
    """« Envois à voir » with nothing in it opened on a paragraph of eleven lines about held mail, the limits and
    their keys, before « Aucun courriel retenu. »: what there is to do comes first, the explanation on demand."""
    console.sign_in(page)
    page.goto(f"{console.url}/outbox")
    held = page.locator("section", has=page.get_by_role("heading", name="Envois retenus"))
    expect(held.locator("p").first).to_have_text("Aucun courriel retenu.")
    expect(held.get_by_text("new_cases_per_day", exact=False)).not_to_be_visible()
    held.get_by_text("Qu'est-ce qu'un envoi retenu ?").click()
    expect(held.get_by_text("new_cases_per_day", exact=False)).to_be_visible()
    failed = page.locator("section", has=page.get_by_role("heading", name="Envois en échec"))
    expect(failed.locator("p").first).to_have_text("Aucun courriel en échec : tout est parti.")


def test_the_late_notice_posted_twice_at_once_goes_once(console):
    """A double click on « Envoyer l'avis de décision au demandeur », or two colleagues: one notice."""
    from intake.commands.staff import record_decision

    from .conftest import csrf_of, posted_at_once

    intake = console.intake
    ref = file_application(intake, "Marie <marie@ex.example>", [dossier("Jardin", "Marie"), PHOTO])["reference"]
    record_decision(intake.app(), ref, "withdrawn", "", console.staff, notify=False)
    client = console.signed_in_http()
    csrf = csrf_of(client.get(f"/cases/{ref}").text)
    assert posted_at_once(client, f"/cases/{ref}/notify", {"csrf": csrf}) == [303] * 4
    notices = [m for m in intake.smtp.messages if m.rcpt_tos == ["marie@ex.example"]][1:]
    assert len(notices) == 1, [m.data[:300] for m in notices]
