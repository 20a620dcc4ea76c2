"""A busy morning in the console: the list of complete cases, a case, its decision, then the next case of that
list without going back to it (the decided case has left the list), on a laptop and on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_console_flows import LETTER, PHOTO, dossier, file_application


@pytest.mark.both_databases  # the next case is found by comparing sort keys (row values), per database
@pytest.mark.parametrize("width", [1280, 390])
def test_after_a_decision_the_next_case_of_my_list_is_one_click_away(console, browser, width):
    intake = console.intake
    refs = [file_application(intake, f"{n} <{n.lower()}@asso.example>", [dossier(f"Projet {n}", n), LETTER, PHOTO])
            ["reference"] for n in ("Alice", "Bruno", "Chloe")]
    incomplete = file_application(intake, "Denise <denise@asso.example>", [dossier("Projet Denise", "Denise")])
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    try:
        console.sign_in(page)
        page.get_by_role("link", name="3 complet").click()  # the cases waiting for a decision, newest first
        page.get_by_role("link", name=refs[1], exact=True).click()
        expect(page.get_by_role("link", name=f"Dossier suivant de votre liste ({refs[0]})")).to_be_visible()
        expect(page.get_by_role("link", name=f"Dossier précédent de votre liste ({refs[2]})")).to_be_visible()

        page.get_by_label("Décision à enregistrer").select_option(label="recevable (examen par le jury)")
        page.get_by_role("button", name="Vérifier avant d'enregistrer").click()
        page.get_by_role("button", name=re.compile("^Enregistrer")).click()
        expect(page.get_by_role("status")).to_contain_text("Décision enregistrée : recevable")
        # who decided, by name as colleagues know each other (not the address the sign-in recorded)
        expect(page.locator(".case-head .reason")).to_have_text("décision enregistrée par Nicolas Bataillon")
        # the case is no longer complete, so no longer in the list: its next one still is
        page.get_by_role("link", name=f"Dossier suivant de votre liste ({refs[0]})").click()
        expect(page.get_by_role("heading", name=re.compile(refs[0]))).to_be_visible()
        expect(page.get_by_text("Dernier dossier de votre liste")).to_be_visible()  # a complete case: none after
        expect(page.get_by_role("link", name=incomplete["reference"])).to_have_count(0)
        page.get_by_role("link", name="Dossiers (votre liste)").click()  # back to the list as it was filtered
        expect(page.get_by_text("2 dossiers correspondant à la recherche")).to_be_visible()
    finally:
        context.close()


def _sign_in_here(console, client, address: str) -> None:
    """`address` signs in with this browser's cookies (a shared office computer)."""
    from .conftest import csrf_of

    before = len(console.intake.smtp.messages)
    assert client.post("/login", {"csrf": csrf_of(client.get("/login").text), "email": address, "next": ""}
                       ).status == 200
    path = console.link_for(address, before)[len(console.url):]
    done = client.post("/login/link", {"csrf": csrf_of(client.get(path).text), "token": path.split("token=")[1]})
    assert done.status == 303, done.text


def test_my_last_list_and_its_search_end_with_my_sign_in(console):
    """The list cookie holds the last search (an applicant's name): signing out forgets it, and a colleague who
    signs in next on the same computer starts from every case, not from the search the first one left there."""
    from .conftest import csrf_of

    intake = console.intake
    ref = file_application(intake, "Alice <alice@asso.example>", [dossier("Projet Alice", "Alice"), LETTER, PHOTO])[
        "reference"]
    client = console.signed_in_http()
    assert client.get("/cases?q=Alice").status == 200
    assert any("liste" in name for name in client.cookies)
    assert "Dossiers (votre liste)" in client.get(f"/cases/{ref}").text
    out = client.post("/logout", {"csrf": csrf_of(client.get(f"/cases/{ref}").text)})
    assert out.status == 303 and not any("liste" in name for name in client.cookies), out.cookies

    # a list cookie left behind (the session ended by itself, or the browser was never signed out of) is not theirs
    left = console.signed_in_http()
    assert left.get("/cases?q=Alice").status == 200
    client.cookies.update({k: v for k, v in left.cookies.items() if "liste" in k})
    _sign_in_here(console, client, console.other_staff)
    assert not any("liste" in name for name in client.cookies)
    case_page = client.get(f"/cases/{ref}").text
    assert "Dossiers (votre liste)" not in case_page and "q=Alice" not in case_page
