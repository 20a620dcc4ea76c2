"""In Chromium: a message set aside because its sender had opened [limits] cases_per_sender_per_day cases in 24
hours says why, and staff who looked at it file it anyway: it opens its case."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlmodel import select

from intake.commands import samples
from intake.store.database import session
from intake.store.tables import Case, Inbound

from .conftest import poll


def scan(intake, n: int) -> bytes:
    return samples.email(sender="Copieur <scanner@asso.example>", to=[intake.nb], subject=f"Numérisation {n}",
                         headers={"Auto-Submitted": "auto-generated"},
                         attachments=[("dossier.pdf", samples.pdf(f"Dossier d'intention\nProjet {n}"),
                                       "application/pdf")])


def test_a_message_over_the_senders_daily_cases_is_filed_anyway_from_the_console(console, page):
    intake = console.intake
    with intake.config.open("a", encoding="utf-8") as out:
        out.write("\n[limits]\ncases_per_sender_per_day = 1\n")
    for n in (1, 2):
        intake.deliver(scan(intake, n), intake.nb)
    poll(intake)
    with session(intake.app().engine) as s:
        assert len(s.exec(select(Case)).all()) == 1
        assert [r.subject for r in s.exec(select(Inbound).where(Inbound.fate == "quarantined"))] == ["Numérisation 2"]
    console.sign_in(page)
    page.get_by_role("navigation").get_by_role("link", name=re.compile("^Quarantaine")).click()
    page.get_by_role("link", name="Numérisation 2").click()
    expect(page.get_by_role("note")).to_contain_text(
        "scanner@asso.example a déjà ouvert 1 dossier en 24 heures, le plus qu'un expéditeur puisse ouvrir (limite du "
        "nombre de nouveaux dossiers par expéditeur en 24 heures fixée par l'administrateur : 1)")
    expect(page.locator("main")).not_to_contain_text("[limits]")
    expect(page.locator("main")).to_contain_text("nouveaux dossiers ouverts en 24 heures par le même expéditeur")
    page.get_by_role("button", name="Enregistrer malgré les limites").click()
    expect(page.get_by_role("heading", name=re.compile(r"BSC-\d{4}-0002"))).to_be_visible()
    with session(intake.app().engine) as s:
        assert len(s.exec(select(Case)).all()) == 2
        assert not s.exec(select(Inbound).where(Inbound.fate == "quarantined")).all()
