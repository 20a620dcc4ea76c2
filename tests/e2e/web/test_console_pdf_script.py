"""An applicant's PDF that carries JavaScript: Chromium's PDF viewer runs it (`app.alert`, `app.response`, a prompt),
despite the piece's sandboxing policy, in a dialog that names the console's own site (« candidatures.ville-bethune.fr
indique : Session expirée, saisissez votre mot de passe »). Such a PDF is downloaded, never shown in the console;
a PDF without script still opens in the browser (attack29)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error, expect

from intake.commands import samples

from .conftest import poll

SCRIPTED = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
            b"4 0 obj<</S/JavaScript/JS(app.response\\('Session expir\\351e, mot de passe :'\\))>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def test_a_pdf_that_carries_script_is_downloaded_and_runs_nothing_in_the_console(console, page):
    intake = console.intake
    intake.deliver(samples.email(sender="Asso <asso@x.example>", to=[intake.nb], subject="Candidature au label",
                                 attachments=[("lettre.pdf", samples.pdf("Monsieur le Maire"), "application/pdf"),
                                              ("formulaire.pdf", SCRIPTED, "application/pdf")]), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{case['reference']}")
    expect(page.get_by_role("link", name="formulaire.pdf")).to_be_visible()
    # the page says so, and the link opens no new tab for a download
    expect(page.get_by_text("télécharger, pdf : il peut contenir des scripts")).to_be_visible()
    expect(page.get_by_text("ouvrir, pdf)")).to_be_visible()  # the letter
    assert page.get_by_role("link", name="formulaire.pdf").get_attribute("target") is None
    scripted = page.get_by_role("link", name="formulaire.pdf").get_attribute("href")
    plain = page.get_by_role("link", name="lettre.pdf").get_attribute("href")

    with page.expect_download() as download:
        with pytest.raises(Error, match="Download is starting"):  # what Playwright says of a navigation that downloads
            page.goto(console.url + scripted)
    assert download.value.suggested_filename == "formulaire.pdf"
    page.wait_for_timeout(1500)  # a script would have run by now
    assert page.dialogs == []

    shown = page.goto(console.url + plain)
    assert shown is not None and shown.headers["content-type"] == "application/pdf"
    assert shown.headers["content-disposition"].startswith("inline;")
