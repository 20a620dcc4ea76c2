"""Links described in words (« Le dossier d'intention (Google Drive) : <lien> »), in the console: staff open each
link, say « il le contient » or « il ne le contient pas », and « À voir » stops asking what they answered."""

from __future__ import annotations

import re

import wordlinkmail as wl
from playwright.sync_api import expect

from .conftest import poll

QUESTION = "« il le contient » ou « il ne le contient pas »"


def test_once_staff_say_what_each_link_holds_a_voir_no_longer_asks(console, page):
    """« À voir » went on asking, for each link, « à vérifier : il le contient ou il ne le contient pas » after staff
    had answered both (the answer took away only a scanned file's line, never a link's): the case stayed in the
    « À voir » list, the digest asked again every morning."""
    intake = console.intake
    intake.deliver(wl.thunderbird_described_links(intake.nb), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    reference = case["reference"]
    assert case["attention"].count(QUESTION) == 2, case["attention"]

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{reference}")
    page.get_by_role("button", name=re.compile("^il le contient.*dossier d'intention")).click()
    expect(page.get_by_role("status")).to_contain_text("contient bien « dossier d'intention »")
    attention = intake.case(reference)["attention"]
    assert attention.count(QUESTION) == 1 and "--also courrier" in attention, attention
    assert wl.DRIVE not in attention or "dossier d'intention ?" not in attention, attention
    page.get_by_role("button", name=re.compile("^il ne le contient pas.*courrier")).click()
    expect(page.get_by_role("status")).to_contain_text("ne contient pas « courrier officiel adressé au Maire »")
    attention = intake.case(reference)["attention"]
    assert QUESTION not in attention and "contient :" not in attention, attention
    # what is still to do with the links (download their files) stays, for « C'est réglé »; a shared drive's link
    # never expires (only a transfer service's does): the applicant may take it away
    assert wl.DRIVE in attention and wl.ONEDRIVE in attention, attention
    shown = page.get_by_role("note").filter(has_text="À voir")
    expect(shown).to_contain_text(f"fichiers partagés à télécharger, le demandeur pouvant retirer le lien ({wl.DRIVE})")
    expect(shown).not_to_contain_text("expire")
    expect(shown).not_to_contain_text("il le contient")
