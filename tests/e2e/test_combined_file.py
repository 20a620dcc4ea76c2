"""Issue: an applicant who scans the dossier d'intention and the signed letter to the mayor into ONE PDF was told
the letter was missing, and the reminders kept asking for it. Through real IMAP and SMTP: the acknowledgement says
the letter seems to be in that file and that the service checks it, no reminder asks for it, and staff confirm it
(the case is complete) or deny it (the letter is asked for, and reminded, as any missing piece)."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest
from documents import pdf_dossier_and_letter
from sqlmodel import select

from intake.commands import samples
from intake.commands.followups import queue_due_reminders
from intake.pipeline.send import send_due
from intake.store.database import session
from intake.store.tables import Outbox

pytestmark = pytest.mark.both_databases  # the file's other piece is a JSON column: SQLite and PostgreSQL

SCAN = "Candidature complète.pdf"
LETTER_LABEL = "courrier officiel adressé au Maire"


def apply_in_one_scan(intake) -> dict:
    raw = samples.email(sender="Association Vélo <contact@velo.example>", to=[intake.nb],
                        subject="Candidature au label", attachments=[
                            (SCAN, pdf_dossier_and_letter(), "application/pdf"),
                            ("photo-projet.jpg", samples.jpeg(), "image/jpeg")])
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    return case


def reminders_at(intake, days: int) -> list:
    """Queue and send the reminders due `days` after the acknowledgement, at 11:00 (a working day)."""
    with session(intake.app().engine) as s:
        ack_sent = s.exec(select(Outbox).order_by(Outbox.id)).first().sent_at
    tz = intake.app().settings.timezone
    day = ack_sent.astimezone(tz).replace(hour=11, minute=0, second=0, microsecond=0) + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    app = intake.app()
    app.clock = lambda: day.astimezone(timezone.utc)
    queue_due_reminders(app)
    send_due(app)
    return [m for m in intake.sent() if m["Subject"].startswith("Relance")]


def test_the_letter_inside_the_scan_is_not_asked_for_nor_reminded_until_staff_say_it_is_not_there(intake, tmp_path):
    case = apply_in_one_scan(intake)
    assert case["status"] == "review" and case["pieces"] == ["dossier", "visuels"], case
    assert case["missing"] == ["courrier"] and case["included"] == {"courrier": SCAN}, case
    (ack,) = intake.sent()
    text = ack.get_body(("plain",)).get_content()
    assert f"{LETTER_LABEL} : semble inclus dans votre fichier « {SCAN} » : le service le vérifie" in text, text
    assert "Pièce manquante" not in text and "Merci de nous faire parvenir" not in text, text
    html = ack.get_body(("html",)).get_content()
    assert "le service le vérifie" in html and "Pièce manquante" not in html
    assert reminders_at(intake, 8) == [] and reminders_at(intake, 15) == []  # nobody asks for the letter

    code, out = intake.cli("case", case["reference"])
    assert code == 0 and f"{LETTER_LABEL} : semble inclus dans « {SCAN} »" in out and "--not-also courrier" in out, out
    code, out = intake.cli("digest", "--preview", "--html", str(tmp_path / "digest.html"))
    assert code == 0 and f"{SCAN} (contient aussi : {LETTER_LABEL} ? pas demandé au demandeur" in out, out
    assert "--also courrier" in out  # the command keeps the key to type

    # staff open the scan: there is no letter in it after all; the applicant is asked for it, and reminded
    code, out = intake.cli("case", case["reference"], "piece", SCAN, "--not-also", "courrier", "--by", "nadia")
    assert code == 0 and "ne contient pas" in out and "incomplet" in out, out
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["included"] == {}, case
    (first,) = reminders_at(intake, 8)
    text = first.get_body(("plain",)).get_content()
    assert "Il manque la pièce suivante" in text and LETTER_LABEL in text and "semble inclus" not in text, text


def test_staff_confirming_the_letter_is_in_the_scan_complete_the_case(intake):
    case = apply_in_one_scan(intake)
    code, out = intake.cli("case", case["reference"], "piece", SCAN, "--also", "courrier", "--by", "nadia")
    assert code == 0 and "contient bien «" in out and "complet" in out, out
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["missing"] == [] and "courrier" in case["pieces"], case
    kinds = [m["Subject"] for m in intake.sent()]
    assert len(kinds) == 2 and "complet" in kinds[1].lower(), kinds  # the acknowledgement, the completion notice
    code, out = intake.cli("reclassify", "--all")
    assert code == 0, out
    assert intake.cases()[0]["status"] == "complete"  # what staff said stands under the rules in force
