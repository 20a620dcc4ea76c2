"""« Nouveau depuis ma dernière visite »: on the case list, the cases someone else changed since the staff
member's previous visit (a new case, a new message or piece, a status or a decision) carry a « Nouveau » badge in
words, and can be listed alone; their own actions never mark a case."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from intake.commands.staff import record_decision
from intake.store.database import session
from intake.store.tables import CaseEvent, StaffVisit

from .test_console_accessibility import violations
from .test_console_flows import PHOTO, dossier, file_application


def _row(page, ref: str):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=ref, exact=True))


@pytest.mark.both_databases  # the visit is written by an upsert, per database
def test_cases_others_changed_since_my_last_visit_are_marked_new_and_listed_alone(console, page):
    intake = console.intake
    refs = {name: file_application(intake, f"{name} <{name.lower()}@asso.example>",
                                   [dossier(f"Projet {name}", name), PHOTO])["reference"]
            for name in ("Alice", "Bruno", "Chloe")}
    app = intake.app()
    with session(app.engine) as s:  # these cases came yesterday
        for event in s.exec(select(CaseEvent)).all():
            event.at -= timedelta(days=1)
            s.add(event)
        s.commit()

    console.sign_in(page)  # the first visit: nothing to compare with
    expect(page.get_by_text("Votre visite est notée")).to_be_visible()
    expect(page.locator(".badge.news")).to_have_count(0)

    with session(app.engine) as s:  # that visit ended two hours ago (the console forgets a visit after 30 minutes)
        row = s.exec(select(StaffVisit).where(StaffVisit.email == console.staff)).one()
        row.started_at -= timedelta(hours=2, minutes=10)
        row.last_seen_at -= timedelta(hours=2)
        s.add(row)
        s.commit()
    record_decision(app, refs["Alice"], "withdrawn", "retrait demandé par téléphone", console.other_staff,
                    notify=False)  # a colleague
    record_decision(app, refs["Chloe"], "withdrawn", "retrait demandé par courrier", console.staff,
                    notify=False)  # myself, from another tab: not news to me
    new = file_application(intake, "Denise <denise@asso.example>", [dossier("Projet Denise", "Denise"), PHOTO])

    page.reload()  # a new visit: what changed since the end of the previous one
    expect(page.get_by_text("2 dossiers reçus ou modifiés par quelqu'un d'autre que vous depuis votre dernière "
                            "visite")).to_be_visible()
    expect(_row(page, refs["Alice"]).get_by_text("Nouveau", exact=True)).to_be_visible()
    expect(_row(page, refs["Alice"]).get_by_text("décision enregistrée")).to_be_visible()
    # the badge alone read as « a new application, not yet looked at »: it says what it means, to the mouse (its
    # tooltip) and to a screen reader (in words after it)
    badge = _row(page, refs["Alice"]).locator(".badge.news")
    expect(badge).to_have_attribute("title", re.compile(r"^Reçu ou modifié par quelqu'un d'autre que vous depuis "
                                                        r"votre dernière visite \(.+\) : décision enregistrée$"))
    expect(_row(page, refs["Alice"]).locator(".sr", has_text="depuis votre dernière visite")).to_have_count(1)
    expect(_row(page, new["reference"]).get_by_text("Nouveau", exact=True)).to_be_visible()
    expect(_row(page, new["reference"]).get_by_text("dossier reçu", exact=True)).to_be_visible()
    for quiet in (refs["Bruno"], refs["Chloe"]):
        expect(_row(page, quiet).get_by_text("Nouveau", exact=True)).to_have_count(0)
    assert violations(page) == []  # the badge: words, contrast (WCAG A and AA)

    page.get_by_role("link", name="Voir seulement ceux-là").click()
    expect(page.get_by_text("2 dossiers correspondant à la recherche")).to_be_visible()
    expect(page.get_by_role("link", name=refs["Bruno"])).to_have_count(0)
    expect(page.get_by_role("link", name=refs["Alice"])).to_be_visible()
    page.get_by_text("Filtres et tri").click()  # the same filter, as a box to tick, with the others
    expect(page.get_by_label("Seulement les nouveaux depuis ma dernière visite")).to_be_checked()
    page.get_by_role("link", name="Voir tous les dossiers").click()
    expect(page.get_by_text("4 dossiers.")).to_be_visible()

    page.reload()  # the same visit goes on: the same cases stay marked
    expect(page.locator(".badge.news")).to_have_count(2)

    page.set_viewport_size({"width": 390, "height": 844})  # on a phone the badge is in the card, in words
    expect(_row(page, refs["Alice"]).get_by_text("Nouveau", exact=True)).to_be_visible()
    assert violations(page) == []
