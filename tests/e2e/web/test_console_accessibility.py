"""Issue 10: the console is accessible (RGAA basics) — every screen passes axe-core's WCAG 2.1 A and AA rules
(labels, names, contrast, landmarks, headings, language), in Chromium, on a laptop and on a phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from intake.commands import samples

from .conftest import poll

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_screen_passes_the_wcag_a_and_aa_rules(console, browser, width):
    intake = console.intake
    docx = ("Dossier d'intention.docx", samples.docx(samples.DOSSIER.format(title="Jardins", who="Asso", what="x")),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    intake.deliver(samples.email(sender="Asso <asso@exemple.fr>", to=[intake.nb], subject="Candidature",
                                 attachments=[docx, ("scan_0001.pdf", samples.pdf("Page 1"), "application/pdf")]),
                   intake.nb)
    intake.deliver(samples.email(sender="=?utf-8?q?x?= <>", to=[intake.nb], subject="Illisible"), intake.nb)
    poll(intake)
    # an application whose sender cannot be read: its files listed, and the form to file it by hand
    intake.deliver(samples.email(sender="=?utf-8?q?x?= <>", to=[intake.nb], subject="Candidature illisible",
                                 attachments=[docx]), intake.nb)
    poll(intake)
    ref = intake.cases()[0]["reference"]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    found = {}
    try:
        page.goto(console.url + "/login")
        found["/login"] = violations(page)
        console.sign_in(page)
        for path in ("/cases", "/cases?a_voir=1&q=zzz", f"/cases/{ref}", f"/cases/{ref}/messages/1",
                     f"/cases/{ref}/mails/1", "/cases/new", "/jury", "/quarantine", "/quarantine/2", "/quarantine/3",
                     "/outbox", "/outbox/1/readdress",
                     "/mailboxes", "/admin/rules"):
            page.goto(console.url + path)
            found[path] = violations(page)
            if path == "/quarantine/3":  # what the rules are run on: the files and the form to file it by hand
                assert page.get_by_role("button", name="Enregistrer comme dossier").is_visible()
                assert page.get_by_role("link", name="Dossier d'intention.docx").is_visible()
        page.goto(f"{console.url}/cases/{ref}")
        page.get_by_role("button", name="Vérifier avant d'enregistrer").click()
        found["decision preview"] = violations(page)
    finally:
        context.close()
    assert {k: v for k, v in found.items() if v} == {}
