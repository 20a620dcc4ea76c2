"""The staff digest from a real database, exactly once a day; the staff commands."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from localsite import with_own_rules
from sqlmodel import select

from intake.commands.send_digest import make_digest
from intake.store.database import session
from intake.store.tables import Address, Digest, Inbound, MailboxState, Outbox

PARIS = ZoneInfo("Europe/Paris")


def at(day, hh, mm=0):
    return datetime.combine(day, time(hh, mm), PARIS)


def seed(local):
    """Cases in every state, and one of everything that needs a human."""
    local.drop("nb", "1.eml", local.application(sender="complete@x.example"))
    local.drop("nb", "2.eml", local.application(sender="incomplete@x.example", pieces=("dossier",)))
    local.drop("nb", "3.eml", local.application(sender="review@x.example", pieces=("dossier", "scan")))
    local.drop("nb", "4.eml", b"  \r\n")  # unreadable: quarantined
    assert local.cli("poll")[0] == 0
    app = local.app()
    with session(app.engine) as s:
        s.add(Address(address="gone@x.example", undeliverable=True, reason="5.1.1 no such user",
                      updated_at=app.clock()))
        s.add(Address(address="robot@x.example", looping=True, reason="writes in a loop", updated_at=app.clock()))
        mail = s.exec(select(Outbox)).first()
        s.add(Outbox(case_id=mail.case_id, kind="update", seq=9, from_addr=mail.from_addr, to_addr="a@x.example",
                     subject="s", message_id="m-failed@x", raw=b"x", status="failed", last_error="550 refused",
                     created_at=app.clock()))
        state = s.exec(select(MailboxState).where(MailboxState.name == "db")).one()
        state.errors_since_success, state.last_error = 3, "LOGIN failed: wrong password"
        s.add(state)
        s.commit()
    return app


@pytest.mark.both_databases
def test_the_digest_shows_every_section_from_the_database(local):
    seed(local)
    code, out = local.cli("digest", "--preview", "--html", str(local.root / "d.html"))
    assert code == 0, out
    html = (local.root / "d.html").read_text(encoding="utf-8")
    for text in (out, html):
        assert "BSC-" in text
        for expected in ("complete@x.example", "incomplete@x.example", "review@x.example", "gone@x.example",
                         "robot@x.example", "550 refused", "LOGIN failed", "n° 4 sur le serveur"):
            assert expected in text, expected
    assert "http" not in html.lower().replace("https://www.ville", "")  # no external images or links
    assert not list((local.root / "outbox").glob("*digest*"))  # a preview sends nothing


def test_the_digest_is_sent_to_every_recipient_with_the_csv_and_recognised_as_our_own(local):
    seed(local)
    assert local.cli("digest")[0] == 0
    digests = [m for m in local.sent() if m["Subject"].startswith("Label Béthune Smart City : point")]
    assert sorted(m["To"] for m in digests) == ["d.berteloot@ville-bethune.fr", "n.bataillon@ville-bethune.fr"]
    mail = digests[0]
    assert mail["Auto-Submitted"] == "auto-generated" and mail["X-Auto-Response-Suppress"] == "All"
    (csv_part,) = [p for p in mail.iter_attachments() if p.get_content_type() == "text/csv"]
    assert "BSC-" in csv_part.get_content()
    local.drop("nb", "9.eml", mail.as_bytes())  # it lands in the watched mailbox
    assert local.cli("poll")[0] == 0
    with session(local.app().engine) as s:
        row = s.exec(select(Inbound).where(Inbound.uid == 5)).one()
    assert row.fate == "ignored" and row.reason.startswith("own")


@pytest.mark.both_databases
def test_exactly_one_digest_a_day_whatever_runs_it(local):
    seed(local)
    monday = datetime(2026, 11, 23).date()
    assert make_digest(local.app(at(monday, 8, 0))).outcome == "not-due"
    assert make_digest(local.app(at(monday, 8, 30))).outcome == "queued"
    assert make_digest(local.app(at(monday, 8, 35))).outcome == "already-sent"  # a second worker or a restart
    assert make_digest(local.app(at(monday, 17, 0))).outcome == "already-sent"
    assert make_digest(local.app(at(monday + timedelta(days=1), 8, 31))).outcome == "queued"
    with session(local.app().engine) as s:
        assert [d.day for d in s.exec(select(Digest).order_by(Digest.id))] == ["2026-11-23", "2026-11-24"]


@pytest.mark.both_databases
def test_a_worker_down_at_half_past_eight_sends_it_when_back_the_same_day(local):
    seed(local)
    tuesday = datetime(2026, 11, 24).date()
    assert make_digest(local.app(at(tuesday, 10, 0))).outcome == "queued"
    assert make_digest(local.app(at(tuesday, 10, 5))).outcome == "already-sent"


@pytest.mark.parametrize("day", ["2026-03-30", "2026-10-26"])
def test_on_the_mondays_of_the_time_changes_it_goes_at_half_past_eight_local(local, day):
    seed(local)
    monday = datetime.fromisoformat(day).date()
    assert make_digest(local.app(at(monday, 8, 29))).outcome == "not-due"
    assert make_digest(local.app(at(monday, 8, 30))).outcome == "queued"


@pytest.mark.both_databases
def test_two_processes_racing_make_one_digest(local):
    seed(local)
    monday = datetime(2026, 11, 23).date()
    first, second = local.app(at(monday, 9, 0)), local.app(at(monday, 9, 0))
    outcomes = sorted([make_digest(first).outcome, make_digest(second).outcome])
    assert outcomes == ["already-sent", "queued"]
    assert len([m for m in local.sent() if "point du" in m["Subject"]]) == 2  # one per recipient


def test_a_quiet_day_says_so_in_one_line(local):
    assert local.cli("poll")[0] == 0  # healthy mailboxes, no mail
    code, out = local.cli("digest", "--preview", "--html", str(local.root / "d.html"))
    assert code == 0 and "Rien de nouveau" in out


def test_the_digest_html_renders_in_a_real_browser(local, tmp_path):
    chromium, html = _seeded_digest(local, tmp_path)
    png = tmp_path / "digest.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars", "--window-size=900,1200",
                    f"--screenshot={png}", html.as_uri()], check=True, capture_output=True, timeout=120)
    from PIL import Image

    image = Image.open(png).convert("L")
    assert image.size == (900, 1200)
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert dark > 2000, "the screenshot is blank"
    text = subprocess.run(["tesseract", str(png), "stdout"], capture_output=True, text=True, timeout=120).stdout
    assert "BSC-2026-0001" in text.replace(" ", "") or "BSC-2026-000" in text.replace(" ", "")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_digest_html_reads_on_a_phone_and_on_a_laptop(local, tmp_path, width):
    """Read on a phone (390 px), the digest had no viewport (the phone drew it 980 px wide, shrunk) and its table of
    incomplete cases had seven columns: a staff member zoomed and scrolled sideways. With a viewport, each case is a
    card whose values are named (« Manque : … »), nothing is wider than the screen; on a laptop it stays a table."""
    from playwright.sync_api import sync_playwright

    chromium, html = _seeded_digest(local, tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": width, "height": 800}, is_mobile=width < 600,
                                    device_scale_factor=3 if width < 600 else 1)
            page.goto(html.as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
            row = page.locator("tr", has=page.locator("td[data-label='Manque']")).first  # an incomplete case
            assert "incomplete@x.example" in row.inner_text()
            missing = row.locator("td[data-label='Manque']")
            box = row.locator("td[data-label='Demandeur']").bounding_box()
            reference = row.locator("td[data-label='Référence']").bounding_box()
            font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('td[data-label]')).fontSize)")
            if width < 600:
                assert box["width"] > width * 0.7  # a card: one value a line, the screen's width
                assert box["y"] > reference["y"]  # under the reference, not beside it
                assert missing.evaluate("e => getComputedStyle(e, '::before').content") == '"Manque : "'
                assert page.locator("tr.head").first.is_hidden()
            else:
                assert abs(box["y"] - reference["y"]) < 2  # one row of a table
                assert page.locator("tr.head").first.is_visible()
            assert font >= 13
        finally:
            browser.close()


def test_staff_record_a_decision_that_stops_reminders_and_notifies(local):
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    assert local.cli("poll")[0] == 0
    code, out = local.cli("case", "BSC-2026-1", "status", "withdrawn", "--note", "retrait par courriel",
                          "--notify", "--by", "Nadia")
    assert code == 0, out
    detail = json.loads(local.cli("case", "BSC-2026-0001", "--json")[1])
    assert detail["status"] == "withdrawn"
    decision = [e for e in detail["events"] if e["kind"] == "decision"][0]
    assert decision["actor"] == "Nadia" and "retrait par courriel" in decision["detail"]
    assert local.sent()[-1]["Subject"].startswith("Retrait de votre candidature")
    assert local.cli("followups")[0] == 0
    from intake.commands.followups import queue_due_reminders

    assert queue_due_reminders(local.app(local.app().clock() + timedelta(days=30))).queued == 0


def test_a_wrong_status_is_a_usage_error(local):
    local.drop("nb", "1.eml", local.application())
    local.cli("poll")
    code, out = local.cli("case", "BSC-2026-0001", "status", "accepted")
    assert code == 2 and "admissible" in out


def test_a_piece_correction_completes_the_case_and_survives_reclassification(local):
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels", "scan")))
    local.cli("poll")
    assert json.loads(local.cli("cases", "--json")[1])[0]["status"] == "review"
    code, out = local.cli("case", "BSC-2026-0001", "piece", "scan_0001.pdf", "--kind", "courrier", "--by", "Marc")
    assert code == 0, out
    # what staff read names the kind as the rules do (label), not by its key: it was « est maintenant « courrier » »
    # and « scan_0001.pdf : à vérifier → courrier » in the history
    assert "scan_0001.pdf est maintenant « courrier officiel adressé au Maire »" in out
    history = local.cli("case", "BSC-2026-0001")[1]
    assert "scan_0001.pdf : à vérifier → courrier officiel adressé au Maire" in history, history
    (case,) = json.loads(local.cli("cases", "--json")[1])
    assert case["status"] == "complete" and case["missing"] == []
    notices = [m for m in local.sent() if "est complet" in m["Subject"]]
    assert len(notices) == 1
    detail = json.loads(local.cli("case", "BSC-2026-0001", "--json")[1])
    assert [p["manual"] for p in detail["piece_files"] if p["filename"] == "scan_0001.pdf"] == [True]
    # the same kind again only confirms it: not « est maintenant », not « X → X » in the history
    code, out = local.cli("case", "BSC-2026-0001", "piece", "scan_0001.pdf", "--kind", "courrier", "--by", "Marc")
    assert code == 0 and "scan_0001.pdf reste « courrier officiel adressé au Maire » (confirmé à la main)" in out, out
    history = local.cli("case", "BSC-2026-0001")[1]
    assert "nature confirmée par le service (courrier officiel adressé au Maire)" in history, history
    assert "courrier officiel adressé au Maire → courrier officiel adressé au Maire" not in history


def test_a_postal_application_is_filed_with_the_same_rules(local, tmp_path):
    from intake.commands import samples

    (tmp_path / "Dossier intention.pdf").write_bytes(samples.pdf())
    (tmp_path / "photo.jpg").write_bytes(samples.jpeg())
    code, out = local.cli("case", "new", "--applicant", "Mairie.Annexe@x.example", "--title", "Projet papier",
                          str(tmp_path / "Dossier intention.pdf"), str(tmp_path / "photo.jpg"))
    assert code == 0, out
    (case,) = json.loads(local.cli("cases", "--json")[1])
    assert case["applicant"] == "mairie.annexe@x.example" and case["pieces"] == ["dossier", "visuels"]
    assert case["status"] == "incomplete" and not (local.root / "outbox").exists()


def test_cases_export_as_csv(local):
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    local.cli("poll")
    code, out = local.cli("cases", "--status", "incomplete", "--csv")
    assert code == 0 and out.splitlines()[1].startswith("BSC-2026-0001;incomplet;asso@x.example")


def test_every_command_is_documented_with_an_example():
    from intake.cli import load_commands, main

    load_commands()  # every command (`intake` imports a command's module when it runs)
    assert len(main.commands) > 10
    for name, command in main.commands.items():
        assert command.help and "Exemple : " in command.help, name


def test_staff_can_read_a_mail_as_it_was_sent(local):
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    local.cli("poll")
    code, out = local.cli("case", "BSC-2026-0001", "mail", "1")
    assert code == 0 and "Envoi automatique : oui, réponse automatique (auto-replied)" in out
    assert "Pièces manquantes" in out
    assert "Objet : " in out and "De : " in out and "Subject:" not in out, out  # header names in French
    code, raw = local.cli("case", "BSC-2026-0001", "mail", "1", "--raw")
    assert code == 0 and "X-Intake-Loop:" in raw and "Message-ID: <intake.BSC-2026-0001." in raw
    assert local.cli("case", "BSC-2026-0001", "mail", "2")[0] == 1


def test_a_quiet_day_can_skip_the_digest_when_configured(local):
    text = local.config.read_text()
    local.config.write_text(text.replace('time = "08:30"', 'time = "08:30"\nskip_when_empty = true'))
    assert local.cli("poll")[0] == 0  # healthy mailboxes, nothing pending
    monday = datetime(2026, 11, 23).date()
    assert make_digest(local.app(at(monday, 9, 0))).outcome == "skipped-empty"
    assert make_digest(local.app(at(monday, 9, 5))).outcome == "already-sent"  # still once a day
    assert not (local.root / "outbox").exists()


def test_a_decision_notice_is_sent_once_and_carries_the_note(local):
    local.drop("nb", "1.eml", local.application())
    local.cli("poll")
    code, out = local.cli("case", "BSC-2026-0001", "status", "declined", "--note", "hors périmètre du label",
                          "--notify")
    assert code == 0, out
    notice = local.sent()[-1]
    assert "Motif de la décision : hors périmètre du label" in notice.get_body(("plain",)).get_content()
    code, out = local.cli("case", "BSC-2026-0001", "status", "declined", "--note", "hors périmètre", "--notify")
    assert code == 1 and "déjà été envoyé au demandeur" in out
    assert len([m for m in local.sent() if m["Subject"].startswith("Décision")]) == 1


def test_a_transfer_link_asks_staff_to_download_the_files(local):
    from intake.commands import samples

    local.drop("nb", "1.eml", samples.email(sender="a@x.example", to=["n.bataillon@ville-bethune.fr"],
                                            subject="Candidature label",
                                            body="Tout le dossier est ici : https://we.tl/t-AbCd1234"))
    local.cli("poll")
    (case,) = json.loads(local.cli("cases", "--json")[1])
    assert case["pieces"] == ["visuels"] and "https://we.tl/t-AbCd1234" in case["attention"]
    text = local.sent()[0].get_body(("plain",)).get_content()
    assert "lien à télécharger" in text and "octets" not in text.split("lien :")[1].split("\n")[0]
    # the staff digest, mail kept beyond the purge's reach, names the site, never the link that opens the files
    from intake.commands.send_digest import make_digest

    make_digest(local.app(), force=True)
    digest = next(m for m in local.sent() if m["Subject"].startswith("Label Béthune Smart City : point"))
    parts = [p.get_content() for p in digest.walk() if not p.is_multipart()]
    parts = [p.decode("utf-8-sig") if isinstance(p, bytes) else p for p in parts]
    assert len(parts) == 3 and all("t-AbCd1234" not in p for p in parts), parts  # text, HTML, CSV
    assert all("lien we.tl" in p for p in parts)


def _seeded_digest(local, tmp_path) -> tuple[str, Path]:
    """Debian's Chromium, and the HTML digest of the seeded cases written to a file."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("Chromium is not installed: run `bash scripts/test.sh` (it installs Debian's chromium)")
    seed(local)
    html = tmp_path / "digest.html"
    assert local.cli("digest", "--preview", "--html", str(html))[0] == 0
    return chromium, html


def _failing_digest_template(local) -> tuple[Path, int]:
    """The digest's text template failing at render time on a real day's values, in a branch the check's samples
    (one incomplete case) never reach: a filter given a reference when a case waits for a decision."""
    with_own_rules(local)
    body = local.root / "templates" / "digest" / "body.txt.j2"
    original = body.read_text(encoding="utf-8")
    body.write_text(original + '{% if waiting %}{{ "%d" | format(waiting[0].reference) }}{% endif %}\n',
                    encoding="utf-8")
    assert local.cli("rules", "check")[0] == 0
    return body, len(original.splitlines()) + 1


def test_the_worker_s_digest_goes_in_its_fallback_once_when_its_template_fails(local, caplog):
    body, line = _failing_digest_template(local)
    seed(local)
    monday = datetime(2026, 11, 23).date()
    with caplog.at_level(logging.ERROR, logger="intake.digest"):
        report = make_digest(local.app(at(monday, 8, 30)))  # as `intake run` calls it
    assert report.outcome == "queued" and report.fallback.startswith(f"{body}:{line}: "), report
    (logged,) = [r.getMessage() for r in caplog.records if r.name == "intake.digest"]
    assert f"digest template {body} failed on today's values (line {line}:" in logged
    digests = [m for m in local.sent() if "point du" in m["Subject"]]
    assert len(digests) == 2 and all("récapitulatif de secours" in m["Subject"] for m in digests)
    text = digests[0].get_body(("plain",)).get_content()
    assert f"Son modèle, {body}, a échoué à la ligne {line}" in text and "BSC-" in text
    assert make_digest(local.app(at(monday, 9, 0))).outcome == "already-sent"  # still once a day


def test_a_fallback_that_fails_too_fails_the_day_s_digest_in_one_line(local, monkeypatch):
    body, line = _failing_digest_template(local)
    seed(local)

    def broken(*args, **kwargs):
        raise KeyError("incomplete")

    monkeypatch.setattr("intake.commands.send_digest.fallback", broken)
    code, out = local.cli("digest")
    assert code == 2 and out.startswith(f"intake: {body}:{line}: ") and len(out.splitlines()) == 1, out
    assert "le récapitulatif de secours a échoué aussi (KeyError : 'incomplete') : aucun récapitulatif envoyé" in out
    assert not [m for m in local.sent() if "point du" in m["Subject"]]


def test_staff_ask_for_the_missing_pieces_now(local):
    """`intake case REF remind`: the case's next reminder goes today, not on its day; the later ones keep theirs, and
    what cannot go is said (a complete case, a second one the same day, none left)."""
    from intake.commands.followups import queue_due_reminders

    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    local.drop("nb", "2.eml", local.application(sender="b@asso.example", subject="Autre projet"))
    assert local.cli("poll")[0] == 0
    code, out = local.cli("case", "BSC-2026-0002", "remind")
    assert code == 2 and "aucune pièce à réclamer" in out, out
    code, out = local.cli("case", "BSC-2026-0001", "remind", "--by", "Nadia")
    # what became of it: it said « relance prête à partir » of a reminder the command had sent
    assert code == 0 and "BSC-2026-0001 : relance envoyée à " in out and "prête" not in out, out
    reminders = [m for m in local.sent() if m["Subject"].startswith("Relance")]
    assert len(reminders) == 1 and "BSC-2026-0001" in reminders[0]["Subject"], [m["Subject"] for m in local.sent()]
    history = local.cli("case", "BSC-2026-0001")[1]
    assert "relance 1 demandée par Nadia" in history, history
    assert "courriel envoyé : relance envoyée à " in history and "relance envoyé " not in history, history  # agreed
    code, out = local.cli("case", "BSC-2026-0001", "remind")
    assert code == 2 and "déjà partie aujourd'hui" in out and "Traceback" not in out, out
    # the first automatic day comes: nothing more (reminder 1 went), the second keeps its own day
    week = local.app(local.app().clock() + timedelta(days=8))
    assert queue_due_reminders(week).queued == 0
    assert queue_due_reminders(local.app(local.app().clock() + timedelta(days=16))).queued == 1


def test_a_decision_recorded_without_notify_is_said_untold_and_notify_sends_it_once_with_its_motif(local):
    """From the command line, a decision recorded without --notify was told to the applicant only by recording it
    again; `intake case REF` did not say she had not been told (the console did)."""
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    assert local.cli("poll")[0] == 0
    assert local.cli("case", "BSC-2026-1", "status", "declined", "--note", "projet hors du territoire")[0] == 0
    before = len(local.sent())
    code, out = local.cli("case", "BSC-2026-0001")
    assert code == 0 and "n'a pas été prévenu" in out and "intake case BSC-2026-0001 notify" in out
    assert json.loads(local.cli("case", "BSC-2026-0001", "--json")[1])["untold"]
    code, out = local.cli("case", "BSC-2026-0001", "notify", "--by", "Nadia")
    assert code == 0, out
    assert "envoyé" in out
    sent = local.sent()[before:]
    assert [m["Subject"] for m in sent] == [
        "Décision sur votre candidature au label Béthune Smart City [BSC-2026-0001]"]
    assert "projet hors du territoire" in sent[0].get_body(("plain",)).get_content()
    code, out = local.cli("case", "BSC-2026-0001")
    assert "n'a pas été prévenu" not in out
    assert json.loads(local.cli("case", "BSC-2026-0001", "--json")[1])["untold"] == ""
    code, out = local.cli("case", "BSC-2026-0001", "notify")
    assert code != 0 and "déjà été envoyé" in out and len(local.sent()) == before + 1
