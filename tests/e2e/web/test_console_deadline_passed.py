"""A staff member and a case whose deadline for the missing pieces has passed: « Relancer maintenant » sent a
reminder asking the applicant for them « avant le » that past day. The case's page now says the deadline is past
and offers no reminder; a tab opened before, the command line and the worker refuse or skip it, and the case is
flagged « À voir » with why (core/casework.py `reminder_now`, `reminder`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from intake.core import french
from intake.core.reminders import deadline

from .test_console_busy_staff import send
from .test_console_flows import DOSSIER

PARIS = ZoneInfo("Europe/Paris")


def test_a_case_past_its_deadline_offers_no_reminder_and_is_flagged(console, page):
    intake = console.intake
    send(intake, "Vélo <velo@asso.example>", [DOSSIER])
    (case,) = intake.cases()
    ref = case["reference"]
    console.sign_in(page)
    stale = page.context.new_page()  # opened while the reminder could still go
    stale.goto(f"{console.url}/cases/{ref}")
    expect(stale.get_by_role("button", name="Relancer maintenant")).to_be_visible()
    # staff correct the date of receipt: the application came 40 days ago (deadline: 30 days)
    received = datetime.now(PARIS).date() - timedelta(days=40)
    code, out = intake.cli("case", ref, "received", received.strftime("%d/%m/%Y"))
    assert code == 0, out
    until = deadline(datetime.combine(received, datetime.min.time(), PARIS), intake.app().rules.conversation, PARIS)
    said = f"la date limite des pièces, le {french.long_date(until)}, est passée"

    page.goto(f"{console.url}/cases/{ref}")
    expect(page.locator("dd").filter(has_text="aucune envoyée")).to_contain_text(f"plus de relance : {said}")
    expect(page.get_by_role("button", name="Relancer maintenant")).to_have_count(0)

    stale.get_by_role("button", name="Relancer maintenant").click()
    expect(stale.get_by_role("alert")).to_contain_text(f"Relance non envoyée : {said}")
    code, out = intake.cli("case", ref, "remind")
    assert code == 2 and said in out, out
    assert not [m for m in intake.sent() if "Relance" in str(m["Subject"])]

    code, out = intake.cli("followups")  # the worker's pass: the reminder is not sent, staff are told
    assert code == 0 and "1 abandonnée" in out, out
    assert not [m for m in intake.sent() if "Relance" in str(m["Subject"])]
    page.reload()
    expect(page.get_by_role("note").filter(has_text="À voir")).to_contain_text(f"relance 1 non envoyée : {said}")
    code, out = intake.cli("followups")  # once
    assert "abandonnée" not in out, out


def test_the_preview_of_the_only_reminder_says_so(intake, browser, tmp_path):
    """« Voici, mot pour mot, la relance 1 sur 1 prévues … Les relances suivantes gardent leur jour. » of an
    installation that plans one reminder: now « la seule relance prévue », and nothing of reminders to follow."""
    import re
    import shutil
    from pathlib import Path

    from .conftest import serving

    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parents[3] / "rules", rules)
    conversations = rules / "conversations.toml"
    conversations.write_text(conversations.read_text().replace("after_days = [7, 14]", "after_days = [7]"))
    intake.config.write_text(re.sub(r'rules_dir = ".*"', f'rules_dir = "{rules}"', intake.config.read_text()))
    send(intake, "Vélo <velo@asso.example>", [DOSSIER])
    (case,) = intake.cases()
    with serving(intake, tmp_path) as console:
        page = browser.new_page(locale="fr-FR")
        try:
            console.sign_in(page)
            page.goto(f"{console.url}/cases/{case['reference']}")
            page.get_by_role("button", name="Relancer maintenant").click()
            intro = page.locator("main p").first
            expect(intro).to_contain_text("Voici, mot pour mot, la seule relance prévue : elle part dès que vous "
                                          "cliquez sur « Envoyer la relance » ; rien n'est envoyé avant.")
            expect(intro).not_to_contain_text("suivantes")
        finally:
            page.close()
