"""« Envois à voir » says every reason the service holds a mail for staff. Its « Envois retenus » paragraph named two
(mail already old when read, new_cases_per_day), not answers_per_day: an update or a reminder held past the day's
automatic mails to applicants was listed under a paragraph saying it could only be an old message's answer or a new
case's acknowledgement."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from playwright.sync_api import expect

from .conftest import poll, serving


def test_a_mail_held_past_answers_per_day_is_explained_by_the_page(intake, browser, tmp_path):
    rules = tmp_path / "rules"  # this installation's rules: one automatic mail to applicants a day
    shutil.copytree(Path(__file__).resolve().parents[3] / "rules", rules)
    limits = rules / "conversations.toml"
    limits.write_text(re.sub(r"(?m)^answers_per_day = \d+$", "answers_per_day = 1", limits.read_text()))
    intake.config.write_text(re.sub(r'rules_dir = ".*"', f'rules_dir = "{rules}"', intake.config.read_text()))
    intake.deliver(intake.application(sender="marie@ex.example", pieces=("dossier",), subject="Candidature"),
                   intake.nb)
    intake.deliver(intake.application(sender="paul@ex.example", pieces=("dossier",), subject="Projet"), intake.nb)
    poll(intake)  # Marie's acknowledgement is the day's one automatic mail; Paul's is held
    with serving(intake, tmp_path) as console:
        context = browser.new_context(viewport={"width": 375, "height": 740}, locale="fr-FR")
        page = context.new_page()
        try:
            console.sign_in(page)
            page.goto(f"{console.url}/outbox")
            held = page.get_by_role("region", name="Envois retenus", exact=True)
            expect(held).to_contain_text("paul@ex.example")
            expect(held).to_contain_text("limite answers_per_day")  # the mail's own reason
            said = held.locator("p").first.inner_text().replace("\u00a0", " ")
            assert "courriels automatiques aux demandeurs" in said and "answers_per_day" in said, said
        finally:
            context.close()
