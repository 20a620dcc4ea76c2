"""The admin's trial: `intake serve` restarted (a reboot) while the admin's edit of rules/ and templates/ is broken
refused to start, and the staff had no console until the admin fixed it. It now starts as a running console goes on
when the files break under it: with the last valid rules (data_dir/rules-in-force.json) and templates
(data_dir/templates-in-force.json), saying so on every page and in the journal; the admin's Règles page shows the
error; a decision's notice goes out with the last valid template."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from playwright.sync_api import expect

from intake.commands import samples

from .conftest import ConsoleServer, poll, serving
from .test_console_flows import DOSSIER, LETTER, PHOTO, received

PROJECT = Path(__file__).resolve().parents[3]


def _own_files(intake, tmp_path):
    """The installation's own rules/ and templates/, for the test to break as the admin did."""
    for name in ("rules", "templates"):
        shutil.copytree(PROJECT / name, tmp_path / name)
        intake.config.write_text(re.sub(rf'{name}_dir = ".*"', f'{name}_dir = "{tmp_path / name}"',
                                        intake.config.read_text()))


def test_the_console_starts_on_the_last_valid_rules_and_templates_while_the_admins_edit_is_broken(
        intake, tmp_path, mail_users, browser):
    applicant = mail_users("applicant")
    intake.smtp.deliver_to = intake.dovecot  # our mail reaches the applicant's real mailbox
    _own_files(intake, tmp_path)
    intake.deliver(samples.email(sender=f"Association Vélo Béthunoise <{applicant}>", to=[intake.nb],
                                 subject="Candidature au label Béthune Smart City",
                                 attachments=[DOSSIER, LETTER, PHOTO]), intake.nb)
    poll(intake)  # the good run: its rules and templates are kept as the last valid ones
    (case,) = intake.cases()
    ref = case["reference"]
    pieces = tmp_path / "rules" / "pieces.toml"
    template = tmp_path / "templates" / "decision" / "admissible" / "body.txt.j2"

    def break_them():
        pieces.write_text(pieces.read_text(encoding="utf-8") + "\n[kinds.dossier\n", encoding="utf-8")
        template.write_text(template.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")

    with serving(intake, tmp_path, before=break_them) as console:
        assert isinstance(console, ConsoleServer)
        journal = console.log.read_text()
        assert "running on the last valid rules" in journal and f"{pieces}:" in journal, journal
        assert f"{template}:" in journal, journal
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        try:
            page = context.new_page()
            console.sign_in(page)
            banner = page.locator(".notice")
            expect(banner).to_contain_text("Les règles et les modèles de courriel modifiés par l'administrateur "
                                           "sont en erreur")
            expect(banner).to_contain_text("dernières règles valables")
            expect(banner).to_contain_text("derniers modèles valables")
            page.get_by_role("link", name=ref).click()
            expect(page.get_by_role("heading", name=re.compile(ref))).to_be_visible()
            expect(page.locator(".notice")).to_be_visible()  # on every page
            # a decision's notice goes out, with the last valid template, as a running console would send it
            page.get_by_label("Décision à enregistrer").select_option(label="recevable (examen par le jury)")
            page.get_by_label("Prévenir le demandeur par courriel").check()
            page.get_by_role("button", name="Vérifier avant d'enregistrer").click()
            page.get_by_role("button", name="Enregistrer et envoyer le courriel").click()
            expect(page.get_by_role("status").filter(has_text="Décision enregistrée")).to_contain_text(
                f"Courriel envoyé à {applicant}")
            notices = [m for m in received(intake, applicant) if "recevable" in m["Subject"]]
            assert len(notices) == 1 and f"[{ref}]" in notices[0]["Subject"]
            assert "{%" not in notices[0].get_body(("plain",)).get_content()
            # the banner sends the admin to the Règles page, which names the error
            page.locator(".notice").get_by_role("link", name="Règles").click()
            expect(page.locator(".problem[role=status]").last).to_contain_text(f"{pieces}:")
            # fixed: taken within seconds, and the banner goes
            pieces.write_text(pieces.read_text(encoding="utf-8").replace("\n[kinds.dossier\n", "\n"),
                              encoding="utf-8")
            template.write_text(template.read_text(encoding="utf-8").replace("\n{% if %}\n", "\n"), encoding="utf-8")
            for _ in range(40):
                page.goto(console.url + "/cases")
                if page.locator(".notice").count() == 0:
                    break
                page.wait_for_timeout(250)
            expect(page.locator(".notice")).to_have_count(0)
            # broken again under the running console: the same banner (one path, at start or while running)
            template.write_text(template.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
            for _ in range(40):
                page.goto(console.url + "/cases")
                if page.locator(".notice").count():
                    break
                page.wait_for_timeout(250)
            expect(page.locator(".notice")).to_contain_text("Les modèles de courriel modifiés par l'administrateur "
                                                            "sont en erreur")
            expect(page.locator(".notice")).to_contain_text("Les courriels partent avec les derniers modèles valables")
            # the rules alone: « les règles » agree in the feminine (it said « les règles modifiés ..., ceux d'avant »)
            template.write_text(template.read_text(encoding="utf-8").replace("\n{% if %}\n", "\n"), encoding="utf-8")
            pieces.write_text(pieces.read_text(encoding="utf-8") + "\n[kinds.dossier\n", encoding="utf-8")
            for _ in range(40):
                page.goto(console.url + "/cases")
                notice = page.locator(".notice")
                if notice.count() and "Les règles modifiées" in notice.inner_text():
                    break
                page.wait_for_timeout(250)
            expect(page.locator(".notice")).to_contain_text("Les règles modifiées par l'administrateur sont en erreur")
            expect(page.locator(".notice")).to_contain_text("dernières règles valables, celles d'avant la modification")
        finally:
            context.close()

