"""The list of cases says first how many wait for staff, « N dossiers à traiter » (complete ones to decide, ones to
verify, ones marked « À voir »), in French (« Aucun dossier à traiter », « 1 dossier à traiter »), with a link to
those alone."""

from __future__ import annotations

from playwright.sync_api import expect

from intake.commands import samples

from .conftest import poll
from .test_console_flows import DOSSIER, LETTER, PHOTO


def send(intake, sender: str, attachments) -> None:
    intake.deliver(samples.email(sender=sender, to=[intake.nb], subject="Candidature au label",
                                 attachments=list(attachments)), intake.nb)
    poll(intake)


def test_the_list_says_how_many_cases_wait_for_staff_and_leads_to_them(console, page):
    intake = console.intake
    console.sign_in(page)
    todo = page.locator("p.todo")
    expect(todo).to_have_text("Aucun dossier à traiter (complet à décider, à vérifier ou marqué « À voir »).")
    expect(page.get_by_role("status")).to_have_text("Aucun dossier.")  # not « 0 dossier. »

    send(intake, "Vélo <velo@asso.example>", [DOSSIER])  # incomplete: it waits for the applicant, not for staff
    page.reload()
    expect(todo).to_contain_text("Aucun dossier à traiter")
    send(intake, "Jardin <jardin@asso.example>", [DOSSIER, LETTER, PHOTO])  # complete: to decide
    page.reload()
    expect(todo).to_contain_text("1 dossier à traiter")
    send(intake, "Compost <compost@asso.example>", [DOSSIER, LETTER, PHOTO])
    page.reload()
    expect(todo).to_contain_text("2 dossiers à traiter")

    page.get_by_role("link", name="2 dossiers à traiter").click()
    expect(page.get_by_role("status")).to_have_text("2 dossiers correspondant à la recherche.")
    expect(page.get_by_role("cell", name="jardin@asso.example")).to_have_count(1)
    expect(page.get_by_role("cell", name="compost@asso.example")).to_have_count(1)
    expect(page.get_by_text("velo@asso.example")).to_have_count(0)
    expect(page.get_by_label("Seulement ceux à traiter")).to_be_checked()
    page.get_by_role("link", name="Effacer les filtres").click()
    expect(page.get_by_role("status")).to_have_text("3 dossiers.")
