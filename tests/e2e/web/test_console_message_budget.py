"""The page of a message filed on a case, and of a quarantined one, takes the message apart in a reading process,
within a time limit ([limits] read_seconds, at most commands/message_text.py MESSAGE_SECONDS), never in the console's
own process. Past it, staff read in French what happened and download the message, which stays kept."""

from __future__ import annotations

import re
import threading
import time

from playwright.sync_api import expect
from slowmail import nested_line_ends
from sqlmodel import col, select

from intake.core.statuses import FILED
from intake.store.database import session
from intake.store.tables import Inbound
from intake.web.reading import SLOT_WAIT

from .conftest import garden_case, serving, set_aside

SUBJECT = "Suite de notre candidature"
NOT_SHOWN = "Ce message n'est pas affiché ici : le lire prend plus de temps que ce que permet une page"


def slow_to_parse() -> bytes:
    """Bare line ends in multiparts nested in one another (tests/slowmail.py): the poller's parser takes minutes
    (9.6 s of CPU for 2 MB of them here; what the poller allows with « Enregistrer malgré les limites »'s limits
    lifted), far past the tests' budgets on any machine. It was 45 MB of 8-bit text in no declared charset, in lines
    of two bytes, parsed in 18 s on the test machine: within reach of the 5 s budget on a machine three times
    faster; and the tests of a page's wait for a reading process want the slow readings to hold both processes
    past SLOT_WAIT and a few seconds (about 7 s), where 18 s became 9 s on a machine twice as fast."""
    return nested_line_ends(b"From: Asso <asso@x.example>\r\nTo: nb@x.example\r\nSubject: " + SUBJECT.encode()
                            + b"\r\nMessage-ID: <lent@x.example>\r\nDate: Mon, 30 Nov 2026 09:12:40 +0000\r\n")


def filed_on(intake, reference: str, raw: bytes) -> int:
    """`raw` filed on the case as a second message of the applicant's (its ledger line and bytes): its id."""
    app = intake.app()
    with session(app.engine) as s:
        (first,) = s.exec(select(Inbound).where(col(Inbound.case_id).is_not(None))).all()
        row = Inbound(mailbox=first.mailbox, folder=first.folder, uidvalidity=first.uidvalidity, uid=first.uid + 1,
                      identity=f"{first.identity}-2", internal_date=app.clock(), size=len(raw),
                      raw_sha256=app.blobs.put(raw), fate=FILED, reason="enregistré quand même, limites relevées",
                      from_addr="asso@x.example", subject=SUBJECT, case_id=first.case_id, created_at=app.clock())
        s.add(row)
        s.commit()
        assert row.id is not None
        return row.id


def test_a_message_slow_to_take_apart_gets_a_french_page_in_time_and_is_downloaded(intake, tmp_path, browser):
    """It was parsed in the console's own process, bounded in parts but not in time: each view of this one held a
    worker of the console 18 s (a message shaped for it, or one filed with the limits lifted: minutes)."""
    intake.configure("[limits]\nread_seconds = 5")
    reference = garden_case(intake)
    raw = slow_to_parse()
    number = filed_on(intake, reference, raw)
    with serving(intake, tmp_path) as console:
        client = console.signed_in_http()
        started = time.monotonic()
        shown = client.get(f"/cases/{reference}/messages/{number}")
        took = time.monotonic() - started
        text = shown.text.replace("&#39;", "'")
        assert shown.status == 200 and NOT_SHOWN in text, text[-3000:]
        assert "Il est conservé tel qu'il est arrivé : téléchargez-le (.eml)" in text and "Traceback" not in text
        assert took < 15, took  # the 5 s budget, the process's start, and the request
        assert "[limits]" not in text and "read_seconds" not in text
        assert client.get(f"/cases/{reference}").status == 200

        context = browser.new_context(locale="fr-FR", accept_downloads=True)
        page = context.new_page()
        try:
            console.sign_in(page)
            page.goto(f"{console.url}/cases/{reference}")
            page.get_by_role("link", name=SUBJECT).click()
            expect(page.get_by_role("heading", name=re.compile("^Message reçu"))).to_be_visible(timeout=20_000)
            expect(page.get_by_text(NOT_SHOWN)).to_be_visible()
            with page.expect_download() as download:
                page.get_by_role("link", name="Télécharger le message (.eml)").click()
            saved = tmp_path / "message.eml"
            download.value.save_as(saved)
            assert download.value.suggested_filename == f"{reference}-message-{number}.eml"
            assert saved.read_bytes() == raw
        finally:
            context.close()


def bare_line_ends() -> bytes:
    """Bare line ends in multiparts nested in one another (tests/slowmail.py): the quarantine's view
    (commands/message_text.py `taken_apart`, bounded in parts, not in time) takes it apart in minutes. 45 MB of bare
    line ends alone took 7 s on the test machine: too close to the 5 s of the test for a faster machine."""
    return nested_line_ends(b"From: Asso <asso@x.example>\r\nTo: nb@x.example\r\nSubject: " + SUBJECT.encode()
                            + b"\r\nMessage-ID: <vide@x.example>\r\n")


def test_a_quarantined_message_slow_to_take_apart_gets_the_same_french_page_in_time_and_is_downloaded(intake,
                                                                                                      tmp_path):
    """The quarantine's page took its message apart in the console's own process, bounded in parts but not in time:
    each view of 45 MB of bare line ends held a worker of the console 7 s (and quarantined mail is the suspect
    kind). It is now taken apart in a reading process within [limits] read_seconds, as a filed message is; past it
    staff read why, the page looks for no files in it, and its .eml is downloaded."""
    intake.configure("[limits]\nread_seconds = 5")
    raw = bare_line_ends()
    with serving(intake, tmp_path) as console:
        number = set_aside(intake, raw, 7, SUBJECT, "asso@x.example",
                           "au-delà des limites : 3 pièces jointes (limite 2)")
        client = console.signed_in_http()
        started = time.monotonic()
        shown = client.get(f"/quarantine/{number}")
        took = time.monotonic() - started
        text = shown.text.replace("&#39;", "'")
        assert shown.status == 200 and NOT_SHOWN in text, text[-3000:]
        assert "Il est conservé tel qu'il est arrivé : téléchargez-le (.eml)" in text and "Traceback" not in text
        assert "Télécharger le message (.eml)" in text and "Structure du message" not in text
        assert "Enregistrer malgré les limites" in text  # what staff may do with it is still offered
        assert took < 15, took  # the 5 s budget, the process's start, and the request (not its files' reading too)
        assert "[limits]" not in text and "read_seconds" not in text
        saved = client.get(f"/quarantine/{number}/message.eml")
        assert saved.status == 200 and saved.body == raw


BUSY = "Ce message n'est pas affiché ici : les processus de lecture de la console sont tous occupés"


def test_slow_messages_opened_again_and_again_keep_no_page_waiting_past_the_slot_wait(intake, tmp_path):
    """Two reading processes serve every staff member: a page waited for one without end, so a slow message opened
    (or reloaded) four times queued four readings, and a colleague opening an ordinary message waited for all of
    them (each waiting request holding one of the console's worker threads: a few dozen froze the console). A page
    now waits SLOT_WAIT seconds at most for a reading process, then says in French that they are busy."""
    intake.configure("[limits]\nread_seconds = 15")
    reference = garden_case(intake)
    app = intake.app()
    with session(app.engine) as s:
        (ordinary,) = s.exec(select(Inbound.id).where(col(Inbound.case_id).is_not(None))).all()
    slow = filed_on(intake, reference, slow_to_parse())
    with serving(intake, tmp_path) as console:
        client = console.signed_in_http()
        answers: list[str] = []

        def open_slow() -> None:
            try:
                answers.append(client.get(f"/cases/{reference}/messages/{slow}").text.replace("&#39;", "'"))
            except OSError as exc:  # the client's own 30 s timeout: a page that never came
                answers.append(f"no answer: {exc}")

        openers = [threading.Thread(target=open_slow) for _ in range(4)]
        for opener in openers:
            opener.start()
            time.sleep(0.2)
        time.sleep(1)
        started = time.monotonic()
        shown = client.get(f"/cases/{reference}/messages/{ordinary}")
        took = time.monotonic() - started
        text = shown.text.replace("&#39;", "'")
        for opener in openers:
            opener.join(60)
        assert took < SLOT_WAIT + 4, took  # it waited for the four slow readings (about 30 s)
        assert shown.status == 200 and BUSY in text and "Télécharger le message (.eml)" in text, text[-3000:]
        assert sum(BUSY in a for a in answers) == 2, [a[-300:] for a in answers]  # two read, two told to wait
        assert client.get(f"/cases/{reference}/messages/{ordinary}").text.count("Candidature au label") >= 1


def test_a_quarantined_file_is_read_in_one_of_the_console_s_reading_processes(intake, tmp_path):
    """A quarantined message's file was downloaded by reading the message again in a reading process of its own,
    outside the console's two and for up to [limits] read_seconds: each click on a slow message's file started one
    more. It now waits for one of the two (SLOT_WAIT at most: then staff read why, in French), within the page's
    time."""
    from intake.commands import samples

    intake.configure("[limits]\nread_seconds = 15")
    reference = garden_case(intake)
    slow = filed_on(intake, reference, slow_to_parse())
    raw = samples.email(sender="Asso <asso@x.example>", to=[intake.nb], subject=SUBJECT,
                        attachments=[("dossier.pdf", samples.pdf("Dossier d'intention"), "application/pdf")])
    with serving(intake, tmp_path) as console:
        number = set_aside(intake, raw, 9, SUBJECT, "asso@x.example",
                           "au-delà des limites : 3 pièces jointes (limite 2)")
        client = console.signed_in_http()
        openers = [threading.Thread(target=client.get, args=(f"/cases/{reference}/messages/{slow}",))
                   for _ in range(2)]
        for opener in openers:
            opener.start()
        time.sleep(2)
        started = time.monotonic()
        busy = client.get(f"/quarantine/{number}/files/1")
        took = time.monotonic() - started
        for opener in openers:
            opener.join(60)
        text = busy.text.replace("&#39;", "'")
        assert busy.status == 503 and "les processus de lecture de la console sont tous occupés" in text, busy.status
        assert took < SLOT_WAIT + 4, took
        got = client.get(f"/quarantine/{number}/files/1")
        assert got.status == 200 and got.body.startswith(b"%PDF"), got.status
