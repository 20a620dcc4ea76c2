"""A new staff member's week in the console: what stumbled them, said in the console's own words (no command-line
option in a message meant for the browser)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from intake.commands import samples

from .conftest import poll
from .test_console_accessibility import violations
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


def test_the_case_list_as_filtered_is_downloaded_for_a_spreadsheet_without_a_shell(console, page):
    import csv
    import io

    intake = console.intake
    long = "Association des Habitants du Quartier Saint-Éloi et de la Cité des Électriciens pour l'Écologie Urbaine"
    for sender, files in ((f"{long} <eloi@asso.example>", [dossier("=Énergie citoyenne", long), PHOTO]),
                          ("Marie <marie@ex.example>", [SCAN, PHOTO, dossier("Jardin", "Marie")])):
        intake.deliver(samples.email(sender=sender, to=[intake.nb], subject="Candidature au label",
                                     attachments=files), intake.nb)
    poll(intake)
    console.sign_in(page)
    with page.expect_download() as got:
        page.get_by_role("link", name="Télécharger la liste pour un tableur (CSV, 2 dossiers)").click()
    rows = list(csv.reader(io.StringIO(open(got.value.path(), encoding="utf-8-sig").read()), delimiter=";"))
    assert got.value.suggested_filename.startswith("dossiers-") and rows[0][0] == "reference"
    assert sorted(r[0] for r in rows[1:]) == ["BSC-2026-0001", "BSC-2026-0002"]
    eloi = next(r for r in rows if r[2] == "eloi@asso.example")
    assert eloi[1] == "incomplet" and eloi[3] == "'=Énergie citoyenne"  # French, never a formula
    assert eloi[5] == "courrier officiel adressé au Maire"
    # the filters shown are the filters downloaded
    page.get_by_role("link", name="1 incomplet").click()
    with page.expect_download() as got:
        page.get_by_role("link", name="Télécharger cette liste pour un tableur (CSV, 1 dossier)").click()
    rows = list(csv.reader(io.StringIO(open(got.value.path(), encoding="utf-8-sig").read()), delimiter=";"))
    assert [r[2] for r in rows[1:]] == ["eloi@asso.example"]


def test_a_wrong_piece_corrected_says_the_applicant_told_complete_is_not_told_otherwise(console, page):
    from .test_console_flows import DOSSIER, LETTER

    intake = console.intake
    intake.deliver(samples.email(sender="Vélo <velo@asso.example>", to=[intake.nb], subject="Candidature au label",
                                 attachments=[DOSSIER, LETTER, PHOTO]), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    ref, sent = case["reference"], len(intake.smtp.messages)
    assert case["status"] == "complete"  # the applicant was sent the notice of a complete case
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    page.get_by_label("Nouvelle nature de Courrier signé au Maire.pdf").select_option(label="pas une pièce du dossier")
    page.get_by_role("button", name="Corriger la nature de Courrier signé au Maire.pdf").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Statut du dossier : incomplet.")
    expect(status).to_contain_text("Le demandeur n'est pas prévenu de cette correction")
    expect(page.locator("dd", has_text="la prochaine part le")).to_be_visible()  # « Relances » says when
    assert len(intake.smtp.messages) == sent + 1  # the sign-in link only: nothing went to the applicant
    # a correction that leaves the case complete says nothing of the kind
    page.get_by_label("Nouvelle nature de Courrier signé au Maire.pdf").select_option(
        label="courrier officiel adressé au Maire")
    page.get_by_role("button", name="Corriger la nature de Courrier signé au Maire.pdf").click()
    expect(status).to_contain_text("Statut du dossier : complet.")
    expect(status).not_to_contain_text("pas prévenu")


def test_the_case_list_csv_is_for_signed_in_staff_only(console):
    intake = console.intake
    intake.deliver(samples.email(sender="Marie <marie@ex.example>", to=[intake.nb], subject="Candidature au label",
                                 attachments=[PHOTO]), intake.nb)
    poll(intake)
    stranger = console.http().get("/cases.csv")
    assert stranger.status in (302, 303) and "/login" in stranger.headers["location"]
    assert b"marie@ex.example" not in stranger.body
    got = console.signed_in_http(console.other_staff).get("/cases.csv?statut=incomplete")
    assert got.status == 200 and got.headers["content-type"].startswith("text/csv")
    assert "no-store" in got.headers["cache-control"] and "marie@ex.example" in got.text


def test_staff_ask_for_the_missing_pieces_now_from_the_console(console, page):
    """Staff could only wait for the automatic reminder's day (or write from their own mailbox): « Relancer
    maintenant » sends the case's next reminder today; a second one the same day is refused, in French."""
    intake = console.intake
    intake.deliver(samples.email(sender="Marie <marie@ex.example>", to=[intake.nb], subject="Candidature au label",
                                 attachments=[PHOTO, dossier("Jardin", "Marie")]), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    ref = case["reference"]
    assert case["status"] == "incomplete"
    def to_marie() -> list:
        return [m for m in intake.smtp.messages if m.rcpt_tos == ["marie@ex.example"]]

    assert len(to_marie()) == 1  # the acknowledgement
    console.sign_in(page)
    stale = page.context.new_page()  # the same case in another tab, its button still there
    stale.goto(f"{console.url}/cases/{ref}")
    page.goto(f"{console.url}/cases/{ref}")
    # the reminder is shown first, word for word, as it will go: pressing the button sent it at once, unread
    page.get_by_role("button", name="Relancer maintenant").click()
    expect(page.get_by_role("heading", name=f"Relance pour {ref}")).to_be_visible()
    expect(page.locator("dd", has_text="marie@ex.example")).to_be_visible()
    expect(page.locator("dd", has_text=f"Relance : pièces manquantes pour votre candidature au label Béthune Smart "
                                       f"City [{ref}]")).to_be_visible()
    expect(page.locator("#reminder-missing")).to_have_text("courrier officiel adressé au Maire")
    expect(page.locator("pre.mailtext")).to_contain_text(f"dossier {ref}")
    expect(page.locator("pre.mailtext")).to_contain_text("Il manque la pièce suivante")
    assert page.url.startswith(f"{console.url}/cases/{ref}/remind/preview") and "csrf" not in page.url
    assert violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})  # on a phone: nothing scrolls sideways
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()  # a page of its own: Reload shows it again and sends nothing
    expect(page.get_by_role("heading", name=f"Relance pour {ref}")).to_be_visible()
    page.get_by_role("link", name="Annuler").click()
    expect(page.get_by_role("heading", name=re.compile(ref))).to_be_visible()
    assert len(to_marie()) == 1  # nothing went: not by seeing it, not by cancelling
    assert "1 envoyée" not in page.locator("main").inner_text()
    # a ready-made preview link from elsewhere leads to the case's page, not to a button that sends
    page.goto(f"{console.url}/cases/{ref}/remind/preview?jeton=0123456789abcdef0123456789abcdef")
    expect(page.get_by_role("button", name="Envoyer la relance")).to_have_count(0)
    page.goto(f"{console.url}/cases/{ref}")
    page.get_by_role("button", name="Relancer maintenant").click()
    page.get_by_role("button", name="Envoyer la relance").click()
    expect(page.get_by_role("status")).to_contain_text("Relance demandée")
    expect(page.get_by_role("status")).to_contain_text("Courriel envoyé à marie@ex.example")
    reminder = to_marie()[-1]
    assert len(to_marie()) == 2 and ref.encode() in reminder.data and b"Relance" in reminder.data
    page.goto(f"{console.url}/cases/{ref}")
    expect(page.get_by_text("1 envoyée")).to_be_visible()
    # no button offers what would be refused: the page says when another can be asked for
    expect(page.locator("dd", has_text="une relance est partie aujourd'hui : une autre pourra être demandée "
                                       "demain")).to_be_visible()
    expect(page.get_by_role("button", name="Relancer maintenant")).to_have_count(0)
    stale.get_by_role("button", name="Relancer maintenant").click()  # a page from before: refused, in French
    expect(stale.get_by_role("alert")).to_contain_text("une relance est déjà partie aujourd'hui")
    assert len(to_marie()) == 2


def test_a_reminder_held_by_the_day_s_limits_says_so_on_the_case_page(intake, tmp_path, browser):
    """A due reminder held by the day's limits (here answers_per_day) showed « la prochaine part le » a day already
    past, and nothing of why: the page says it is held and why, as the digest does."""
    import re
    import shutil
    from concurrent.futures import ThreadPoolExecutor
    from datetime import datetime, timedelta, timezone
    from pathlib import Path

    from intake.pipeline.poll import poll_all
    from intake.pipeline.send import send_due

    from .conftest import serving

    rules = tmp_path / "rules"  # this installation's rules: one automatic mail to applicants a day
    shutil.copytree(Path(__file__).resolve().parents[3] / "rules", rules)
    limits = rules / "conversations.toml"
    limits.write_text(re.sub(r"(?m)^answers_per_day = \d+$", "answers_per_day = 1", limits.read_text()))
    intake.config.write_text(re.sub(r'rules_dir = ".*"', f'rules_dir = "{rules}"', intake.config.read_text()))
    ago = datetime.now(timezone.utc) - timedelta(days=9)  # reminder 1 due (day 7)
    intake.config.write_text(re.sub(r"since = \S+", f"since = {(ago - timedelta(days=1)).date()}",
                                    intake.config.read_text()))
    intake.deliver(intake.application(sender="marie@ex.example", pieces=("dossier",), subject="Candidature", date=ago),
                   intake.nb, when=ago)
    then = intake.app(shift=-timedelta(days=9))
    with ThreadPoolExecutor(1) as pool:  # off Playwright's event loop (conftest.py `poll`)
        pool.submit(lambda: (poll_all(then), send_due(then))).result()
    intake.deliver(intake.application(sender="paul@ex.example", pieces=("dossier",), subject="Projet"), intake.nb)
    poll(intake)  # today's acknowledgement to Paul: the day's one automatic mail
    ref = next(c["reference"] for c in intake.cases() if c["applicant"] == "marie@ex.example")
    with serving(intake, tmp_path) as console:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        page = context.new_page()
        console.sign_in(page)
        page.goto(f"{console.url}/cases/{ref}")
        said = page.locator("dd", has_text="est retenue")
        expect(said).to_contain_text("déjà 1 courriel automatique aux demandeurs en 24 h (limite answers_per_day)")
        expect(page.locator("dd", has_text="la prochaine part le")).to_have_count(0)
        context.close()
