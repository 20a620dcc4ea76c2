"""A new staff member's week in the console: what stumbled them, said in the console's own words (no command-line
option in a message meant for the browser)."""

from __future__ import annotations

from playwright.sync_api import expect

from intake.commands import samples

from .conftest import poll
from .test_console_flows import PHOTO, SCAN, dossier


def test_correcting_a_scan_without_choosing_its_kind_asks_for_the_choice_in_french(console, page):
    intake = console.intake
    intake.deliver(samples.email(sender="Marie <marie@ex.example>", to=[intake.nb], subject="Candidature au label",
                                 attachments=[SCAN, PHOTO, dossier("Jardin", "Marie")]), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    ref = case["reference"]
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    choice = page.get_by_label("Nouvelle nature de scan_0001.pdf")
    # the browser itself asks for a choice: nothing is sent while « choisir… » is shown
    expect(choice).to_have_attribute("required", "")
    page.get_by_role("button", name="Corriger la nature de scan_0001.pdf").click()
    assert choice.evaluate("e => e.validity.valueMissing")
    expect(page.get_by_role("alert")).to_have_count(0)
    # a browser that sends it anyway is answered in the console's words, not the command line's
    choice.evaluate("e => e.removeAttribute('required')")
    page.get_by_role("button", name="Corriger la nature de scan_0001.pdf").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("choisissez dans la liste la nouvelle nature du fichier")
    expect(alert).not_to_contain_text("--kind")
    assert intake.case(ref)["unrecognised"] == ["scan_0001.pdf"]  # nothing changed
