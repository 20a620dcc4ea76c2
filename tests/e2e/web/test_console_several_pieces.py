"""A file that appears to hold two pieces (the dossier and the signed letter scanned into one PDF), in the console:
staff see the letter is to verify and not asked of the applicant, and say whether the file holds it."""

from __future__ import annotations

import re

from documents import pdf_dossier_and_letter
from playwright.sync_api import expect

from intake.commands import samples

from .conftest import poll

SCAN = "Candidature complète.pdf"


def test_staff_say_in_the_console_that_the_scan_does_not_hold_the_letter(console, page):
    intake = console.intake
    intake.deliver(samples.email(sender="Les Amis du Jardin <jardin@asso.example>", to=[intake.nb],
                                 subject="Candidature au label",
                                 attachments=[(SCAN, pdf_dossier_and_letter(), "application/pdf"),
                                              ("jardin.jpg", samples.jpeg(), "image/jpeg")]), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    assert case["status"] == "review" and case["included"] == {"courrier": SCAN}, case

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{case['reference']}")
    expect(page.get_by_text(re.compile("Semble contenir aussi : courrier officiel adressé au Maire"))).to_be_visible()
    page.get_by_role("button", name=re.compile("il ne le contient pas")).click()
    expect(page.get_by_role("status")).to_contain_text(f"{SCAN} ne contient pas « courrier officiel adressé au Maire »")
    expect(page.get_by_role("status")).to_contain_text("incomplet")
    case = intake.case(case["reference"])
    assert case["status"] == "incomplete" and case["included"] == {} and case["missing"] == ["courrier"], case
    expect(page.get_by_text(re.compile("Ne contient pas : courrier officiel adressé au Maire"))).to_be_visible()
    page.get_by_role("button", name=re.compile("il le contient")).click()
    expect(page.get_by_role("status")).to_contain_text("complet")
    assert intake.case(case["reference"])["status"] == "complete"


def test_staff_say_in_the_console_that_a_shared_link_is_the_dossier(console, page):
    """A dossier shared as a Google Docs link (tests/e2e/test_linked_piece.py): the console showed the link « à
    identifier », with nothing to say it seemed to be the dossier nor a way to say so but by making it a piece."""
    import webmail as wm

    intake = console.intake
    intake.deliver(wm.gmail_google_doc(intake.nb), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and list(case["included"]) == ["dossier"], case

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{case['reference']}")
    expect(page.get_by_text("lien à ouvrir")).to_be_visible()
    expect(page.get_by_text(re.compile("Semble contenir : dossier d'intention \\(pas demandé au demandeur\\)"))
           ).to_be_visible()
    page.get_by_role("button", name=re.compile("il le contient")).click()
    expect(page.get_by_role("status")).to_contain_text("« dossier d'intention »")
    case = intake.case(case["reference"])
    assert case["pieces"] == ["courrier", "dossier"] and case["missing"] == ["visuels"], case
    expect(page.get_by_text(re.compile("Contient : dossier d'intention \\(confirmé\\)"))).to_be_visible()


def test_staff_say_in_the_console_that_a_keynote_presentation_holds_the_visuals(console, page):
    """A Keynote file no reader here opens (tests/ninthmail.py): it seems to hold the visuals. The console called it
    « lien à ouvrir », and saying « il le contient » was refused (« donnez d'abord son type »): only a link could."""
    import documents as d
    import ninthmail as nm

    intake = console.intake
    files = [("Dossier d'intention.pdf", "application/pdf", d.pdf_text(d.DOSSIER_LINES)),
             ("Lettre au Maire.pdf", "application/pdf", d.pdf_text(d.LETTER_LINES)),
             ("Présentation.key", "application/x-iwork-keynote-sffkey", nm.iwork("key", ["Jardins"]))]
    intake.deliver(nm.apple_mail_iwork(intake.nb, files), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    assert case["status"] == "review" and case["included"] == {"visuels": "Présentation.key"}, case

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{case['reference']}")
    expect(page.get_by_text("document à ouvrir", exact=True)).to_be_visible()
    expect(page.get_by_text("lien à ouvrir")).to_have_count(0)
    page.get_by_role("button", name=re.compile("il le contient")).click()
    expect(page.get_by_role("status")).to_contain_text("complet")
    assert intake.case(case["reference"])["status"] == "complete"


def test_staff_say_in_the_console_that_a_copier_s_scan_of_both_holds_the_dossier_and_the_letter(console, page):
    """A copier's scan of the form's page and the letter, as much the one as the other (tests/tenthmail.py): no kind
    of its own, both to verify. « À voir » says to answer « il le contient » in the pieces: it was refused
    (« n'est pas une pièce : donnez d'abord son type (--kind) »). The first answer makes it the dossier, the second
    confirms the letter: only the photos are missing, and « À voir », which went on saying to verify it, is clear."""
    import documents as d
    import tenthmail as tm

    intake = console.intake
    intake.deliver(tm.forwarded_canon_scan(intake.nb, d.scan_pages([tm.DOSSIER_LINES[:8], tm.LETTER_LINES])),
                   intake.nb)
    poll(intake)
    (case,) = intake.cases()
    assert case["pieces"] == [] and sorted(case["included"]) == ["courrier", "dossier"], case

    console.sign_in(page)
    page.goto(f"{console.url}/cases/{case['reference']}")
    page.get_by_role("button", name=re.compile("il le contient : dossier d'intention")).click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("20261130143512.pdf contient bien « dossier d'intention »")
    expect(page.get_by_role("button", name=re.compile("il le contient : dossier d'intention"))).to_have_count(0)
    page.get_by_role("button", name=re.compile("il le contient : courrier officiel")).click()
    expect(status).to_contain_text("contient bien « courrier officiel adressé au Maire »")
    expect(status).to_contain_text("Statut du dossier : incomplet")
    after = intake.case(case["reference"])
    assert after["pieces"] == ["courrier", "dossier"] and after["missing"] == ["visuels"], after
    assert after["attention"] == "", after  # answered for each piece: nothing left to verify there
    expect(page.locator("section[aria-labelledby=h-history]")).to_contain_text(
        "« À voir » mis à jour : ne dit plus que 20261130143512.pdf semble contenir plusieurs pièces")
