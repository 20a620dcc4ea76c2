"""Issue: from two mailboxes to filed cases and acknowledgements, through real IMAP and SMTP."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from intake.commands import samples
from intake.pipeline.poll import poll_all
from intake.pipeline.send import send_due
from intake.store.database import session
from intake.store.tables import Inbound, MailboxState

pytestmark = pytest.mark.both_databases  # the spine runs on SQLite and on PostgreSQL


def test_a_complete_application_to_both_mailboxes_makes_one_case_and_one_acknowledgement(intake):
    raw = intake.application(to=[intake.nb], cc=[intake.db], message_id="<app-1@velo.example>")
    intake.deliver(raw, intake.nb, intake.db)

    intake.poll()

    cases = intake.cases()
    assert len(cases) == 1
    case = cases[0]
    assert case["status"] == "complete" and case["missing"] == []
    assert case["applicant"] == "contact@velo.example" and case["messages"] == 1
    assert len(intake.smtp.messages) == 1
    captured = intake.smtp.messages[0]
    assert captured.mail_from == intake.nb and captured.rcpt_tos == ["contact@velo.example"]
    ack = intake.sent()[0]
    assert ack["From"].addresses[0].addr_spec == intake.nb  # the address the applicant wrote to
    assert ack["To"].addresses[0].addr_spec == "contact@velo.example"
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["In-Reply-To"] == "<app-1@velo.example>"
    assert "<app-1@velo.example>" in ack["References"]
    assert f"[{case['reference']}]" in ack["Subject"]
    assert ack["Message-ID"].startswith("<intake.") and ack["Message-ID"] != "<app-1@velo.example>"
    text = ack.get_body(("plain",)).get_content()
    assert case["reference"] in text and "Date de réception" in text and "03 21 63 00 00" in text
    html = ack.get_body(("html",)).get_content()
    # on a phone's width, the time and the telephone number stay on one line (no-break spaces); the text part, as
    # written (a plain-text mail program wraps where it chooses)
    when = re.search(r"à (\d{1,2})\xa0h\xa0(\d\d)</td>", html)
    assert when and f"à {when[1]} h {when[2]}" in text, html
    # « 30 novembre 2026 », and « 1er décembre 2026 » on the first of a month
    assert "03\xa021\xa063\xa000\xa000" in html and re.search(r"\d(er)?\xa0(janvier|février|mars|avril|mai|juin|"
                                                          r"juillet|août|septembre|octobre|novembre|décembre)\xa0\d{4}",
                                                          html)


def test_an_incomplete_application_is_acknowledged_with_the_missing_pieces(intake):
    intake.deliver(intake.application(pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["missing"] == ["courrier"]
    text = intake.sent()[0].get_body(("plain",)).get_content()
    assert "Pièce manquante :" in text and "courrier officiel adressé au Maire" in text  # one: singular


def test_a_message_already_read_by_a_person_is_processed_and_its_flags_are_untouched(intake):
    seen, unseen = intake.deliver(intake.application(), intake.nb, flags=("\\Seen", "\\Flagged"))[0], \
        intake.deliver(intake.application(sender="autre@asso.example"), intake.nb)[0]
    before = intake.dovecot.flags(intake.nb, seen), intake.dovecot.flags(intake.nb, unseen)
    intake.poll()
    assert len(intake.cases()) == 2
    assert (intake.dovecot.flags(intake.nb, seen), intake.dovecot.flags(intake.nb, unseen)) == before
    assert "\\Seen" not in before[1]
    assert len(intake.dovecot.uids(intake.nb)) == 2  # nothing moved or deleted


def test_old_mail_newsletters_and_colleagues_get_no_case_and_no_reply(intake):
    old = datetime.now(timezone.utc) - timedelta(days=400)
    intake.deliver(intake.application(date=old), intake.nb, when=old)
    intake.deliver(intake.application(headers={"List-Unsubscribe": "<mailto:x@news.example>"},
                               sender="news@news.example"), intake.nb)
    intake.deliver(samples.email(sender=f"Collègue <{intake.db}>", to=[intake.nb], subject="Réunion jeudi",
                                 body="On se voit à 14 h ?"), intake.nb)
    intake.deliver(samples.email(sender="Jean <jean@x.example>", to=[intake.nb], subject="Question",
                                 body="Quand est la date limite ?"), intake.nb)
    intake.poll()
    assert intake.cases() == [] and intake.smtp.messages == []
    with session(intake.app().engine) as s:
        fates = sorted((r.fate, r.reason.split(":")[0]) for r in s.exec(select(Inbound)))
    assert fates == [("ignored", "bulk"), ("ignored", "pas une candidature "), ("ignored", "staff")]


def test_polling_twice_files_nothing_twice_and_sends_nothing_twice(intake):
    intake.deliver(intake.application(cc=[intake.db]), intake.nb, intake.db)
    intake.poll()
    intake.poll()
    assert len(intake.cases()) == 1 and len(intake.smtp.messages) == 1
    intake.deliver(intake.application(sender="second@x.example"), intake.db)
    intake.poll()
    intake.poll()
    assert len(intake.cases()) == 2 and len(intake.smtp.messages) == 2


def test_an_smtp_refusal_delays_the_acknowledgement_which_goes_out_once_later(intake):
    intake.deliver(intake.application(), intake.nb)
    intake.smtp.refuse_rcpt = "451 4.3.0 Try again later"
    intake.poll()
    assert intake.smtp.messages == [] and intake.smtp.refusals
    intake.smtp.refuse_rcpt = None
    intake.poll()  # too early for the retry (backoff)
    assert intake.smtp.messages == []
    later = intake.app(shift=timedelta(minutes=5))
    assert poll_all(later)[0].fetched == 0
    assert send_due(later).sent == 1
    assert send_due(intake.app(shift=timedelta(hours=3))).sent == 0
    assert len(intake.smtp.messages) == 1
    (case,) = intake.cases()
    mails = intake.case(case["reference"])["mails"]
    assert [(m["status"], m["attempts"]) for m in mails] == [("sent", 2)]


def test_an_smtp_outage_keeps_the_mail_queued(intake):
    intake.deliver(intake.application(), intake.nb)
    intake.smtp.down()
    code, out = intake.cli("poll")  # filed; the relay cannot be reached: said, exit 1, the mail waits
    assert code == 1 and "1 en attente d'un nouvel essai" in out and "smtp : " in out, out
    intake.smtp.up()
    assert send_due(intake.app(shift=timedelta(minutes=5))).sent == 1
    assert len(intake.smtp.messages) == 1


def test_a_permanent_refusal_is_recorded_and_not_retried(intake):
    intake.deliver(intake.application(), intake.nb)
    intake.smtp.refuse_rcpt = "550 5.1.1 No such user"
    intake.poll()
    intake.smtp.refuse_rcpt = None
    assert send_due(intake.app(shift=timedelta(hours=7))).sent == 0
    (case,) = intake.cases()
    (mail,) = intake.case(case["reference"])["mails"]
    assert mail["status"] == "failed" and "550" in mail["last_error"]


def test_the_server_dropping_the_connection_mid_poll_loses_nothing(intake):
    from servers.faulty import faulty

    for n in range(3):
        intake.deliver(intake.application(sender=f"applicant{n}@x.example"), intake.nb)
    state = {"kicks": 0}

    def drop_after_first(uid):
        if state["kicks"] == 0:  # the server drops us once the first message came, and will not take us back
            intake.dovecot.refuse_logins(intake.nb)
            intake.dovecot.kick(intake.nb)
            state["kicks"] += 1

    app = intake.app()
    # one body per round trip, so that the others are still to fetch when the connection drops
    app.sources = faulty(after_each=drop_after_first, mailbox="nb", body_batch=1)
    reports = {r.mailbox: r for r in poll_all(app)}
    assert reports["nb"].error and not reports["db"].error  # reported, after the message that came was filed
    assert [c["applicant"] for c in intake.cases()] == ["applicant0@x.example"]
    intake.dovecot.refuse_logins(intake.nb, refuse=False)
    intake.deliver(intake.application(sender="applicant3@x.example"), intake.nb)

    def drop_once_more(uid):
        if state["kicks"] == 1:  # dropped again, it reconnects and goes on
            intake.dovecot.kick(intake.nb)
            state["kicks"] += 1

    app.sources = faulty(after_each=drop_once_more, mailbox="nb", body_batch=1)
    reports = {r.mailbox: r for r in poll_all(app)}
    assert not reports["nb"].error, reports["nb"].error
    assert state["kicks"] == 2
    assert sorted(c["applicant"] for c in intake.cases()) == [f"applicant{n}@x.example" for n in range(4)]
    assert send_due(app).sent == 4
    assert len(intake.smtp.messages) == 4


def test_acknowledgements_leave_while_a_long_poll_is_still_filing(intake):
    """A catch-up of many messages: the first application's acknowledgement reaches the relay while later
    messages are still being fetched and filed, not after the last one. (The hook runs in the poller's
    thread: it waits there, the poller stopped, for the sending thread to send what was filed.)"""
    import time

    from servers.faulty import faulty

    from intake.pipeline.poll import READ_AHEAD_PER_PROCESS
    from intake.pipeline.send import poll_and_send

    intake.configure("[limits]\nread_processes = 1")
    window = READ_AHEAD_PER_PROCESS + 2  # messages in flight with one reading process
    intake.deliver(intake.application(), intake.nb)
    for n in range(window + 10):
        intake.deliver(samples.email(sender=f"collegue{n}@ville-bethune.fr", to=[intake.nb], subject=f"Note {n}",
                                     body="Point d'étape jeudi."), intake.nb)
    seen: dict[str, int] = {}

    def later(uid):
        # fetching this one, the poller has filed the messages a window behind it, the application first
        if uid == window + 5 and "acks" not in seen:
            deadline = time.monotonic() + 20
            while not intake.smtp.messages and time.monotonic() < deadline:
                time.sleep(0.05)
            seen["acks"] = len(intake.smtp.messages)

    app = intake.app()
    app.sources = faulty(after_each=later, mailbox="nb", body_batch=1)
    reports, sent = poll_and_send(app, lambda: poll_all(app), every=0.2, settle=0.5)
    assert {r.mailbox: r.fetched for r in reports}["nb"] == window + 11 and seen == {"acks": 1}
    assert sent.sent == 1 and len(intake.smtp.messages) == 1


def test_one_mailbox_failing_does_not_stop_the_other(intake):
    intake.deliver(intake.application(), intake.db)
    config = intake.config.read_text()
    intake.config.write_text(config.replace("password_env = \"TEST_IMAP_PASSWORD\"",
                                            "password_env = \"TEST_WRONG_PASSWORD\"", 1))
    import os

    os.environ["TEST_WRONG_PASSWORD"] = "wrong"
    try:
        code, out = intake.cli("poll")
    finally:
        del os.environ["TEST_WRONG_PASSWORD"]
    assert code == 1 and "nb" in out
    assert len(intake.cases()) == 1 and len(intake.smtp.messages) == 1
    with session(intake.app().engine) as s:
        states = {m.name: m for m in s.exec(select(MailboxState))}
    assert states["nb"].last_error and states["nb"].errors_since_success == 1
    assert states["db"].last_success_at is not None and not states["db"].errors_since_success


def test_a_changed_uidvalidity_rescans_without_duplicates(intake):
    intake.deliver(intake.application(), intake.nb)
    intake.poll()
    intake.dovecot.reset_uidvalidity(intake.nb)
    intake.deliver(intake.application(sender="new@x.example"), intake.nb)
    intake.poll()
    assert sorted(c["applicant"] for c in intake.cases()) == ["contact@velo.example", "new@x.example"]
    assert len(intake.smtp.messages) == 2


def test_applications_filed_into_a_folder_by_a_mail_rule_are_read_too(intake):
    with intake.dovecot.imap(intake.nb) as c:
        assert c.create('"Candidatures"')[0] == "OK"
    config = intake.config.read_text()
    intake.config.write_text(config.replace('security = "starttls"', 'security = "starttls"\n'
                                            'folders = ["INBOX", "Candidatures"]', 1))
    moved = intake.application(sender="filed@x.example", message_id="<moved@x.example>")
    intake.dovecot.append(intake.nb, moved, folder="Candidatures")
    intake.dovecot.append(intake.nb, moved)  # the same message also in INBOX: filed once
    intake.dovecot.append(intake.nb, intake.application(sender="inbox@x.example"))
    out = intake.poll()
    assert "nb/Candidatures" in out
    assert sorted(c["applicant"] for c in intake.cases()) == ["filed@x.example", "inbox@x.example"]
    assert len(intake.smtp.messages) == 2
    intake.poll()
    assert len(intake.cases()) == 2 and len(intake.smtp.messages) == 2


def _bodies_fetched(logs: str, user: str) -> int:
    """How many message bodies Dovecot gave `user`'s IMAP sessions (its `Logged out ... body_count=N` lines)."""
    return sum(int(n) for n in re.findall(rf"imap\({re.escape(user)}\).*?body_count=(\d+)", logs))


SIGNATURE = (b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=velo.example; s=s1;\r\n"
             b" h=from:to:cc:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n"
             b" b=dzdVyOfAKCdLXdJOc9G2q8LoXSlEniSbav+yuU4zGeeruD00lszZVoG4ZHRNiYzR\r\n")


def arrived(raw: bytes, dkim: str = "pass") -> bytes:
    """A mail signed by its sender's domain, as the town's MX passes it on: its verdict on top."""
    dmarc = "pass" if dkim == "pass" else "fail"
    return (f"Authentication-Results: mx.example.test; dkim={dkim} header.d=velo.example header.b=dzdVyOfA; "
            f"dmarc={dmarc} header.from=velo.example\r\n").encode() + SIGNATURE + raw


def test_the_copy_in_the_other_mailbox_is_recognised_by_its_headers_and_its_body_is_not_fetched(intake):
    """Delivered by LMTP to both mailboxes (each copy with its own Return-Path, Delivered-To and Received),
    signed, and passed by the town's server: the second copy is known from its header block and its size, as
    the copy of the filed one."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    raw = arrived(intake.application(to=[intake.nb], cc=[intake.db], message_id="<app-copy@velo.example>"))
    intake.dovecot.deliver_lmtp(intake.nb, raw)
    intake.poll()
    intake.dovecot.deliver_lmtp(intake.db, raw)
    before = _bodies_fetched(intake.dovecot.logs(), intake.db)

    intake.poll()

    (case,) = intake.cases()
    assert case["messages"] == 1 and len(intake.smtp.messages) == 1
    with session(intake.app().engine) as s:
        rows = {r.mailbox: r for r in s.exec(select(Inbound))}
    assert rows["nb"].fate == "filed" and rows["nb"].copy_key.startswith("ck:")
    copy = rows["db"]
    assert copy.fate == "duplicate" and "reconnu à ses en-têtes" in copy.reason, copy.reason
    assert copy.case_id == rows["nb"].case_id and copy.copy_key == "" and copy.subject == ""
    assert _bodies_fetched(intake.dovecot.logs(), intake.db) == before  # the copy's body never left the server


def test_a_copy_of_unsigned_mail_is_downloaded_and_compared_by_its_content(intake):
    """Without a DKIM signature that the town's server passed, headers and size prove nothing of the body."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    raw = intake.application(to=[intake.nb], cc=[intake.db], message_id="<unsigned@velo.example>")
    intake.dovecot.deliver_lmtp(intake.nb, raw)
    intake.poll()
    intake.dovecot.deliver_lmtp(intake.db, raw)
    before = _bodies_fetched(intake.dovecot.logs(), intake.db)

    intake.poll()

    with session(intake.app().engine) as s:
        rows = {r.mailbox: r for r in s.exec(select(Inbound))}
    assert rows["nb"].fate == "filed" and rows["nb"].copy_key == ""
    assert rows["db"].fate == "duplicate" and "en-têtes" not in rows["db"].reason
    assert _bodies_fetched(intake.dovecot.logs(), intake.db) == before + 1


def test_a_forgery_under_copied_headers_never_takes_the_place_of_the_application(intake):
    """Someone in Cc of an application copies its headers (DKIM signature included) over another body of the
    same size, and gets it filed before the real mail arrives (a greylisted first-time sender): the town's
    server says its signature failed, so it has no copy key; the real mail is downloaded and filed on its
    own, and its copy in the other mailbox is known as ITS copy. Either way round, nothing real is dropped."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    real = intake.application(to=[intake.nb], cc=[intake.db], message_id="<target@velo.example>")
    forged = real.replace(b"Veuillez trouver", b"Veuillez oublier")
    assert len(forged) == len(real) and forged != real
    intake.dovecot.deliver_lmtp(intake.db, arrived(forged, dkim="fail"))
    intake.poll()
    intake.dovecot.deliver_lmtp(intake.nb, arrived(real))
    intake.dovecot.deliver_lmtp(intake.db, arrived(real))

    intake.poll()

    assert len(intake.cases()) == 2
    with session(intake.app().engine) as s:
        rows = sorted(s.exec(select(Inbound)), key=lambda r: r.id)
    forgery, original, copy = rows
    assert forgery.fate == "filed" and forgery.copy_key == ""
    assert original.mailbox == "nb" and original.fate == "filed" and original.case_id != forgery.case_id
    assert copy.fate == "duplicate" and copy.case_id == original.case_id and "boîte nb" in copy.reason
    assert "reconnu à ses en-têtes" in copy.reason


def thunderbird_order(raw: bytes) -> bytes:
    """Content-Type, Message-ID, Date, MIME-Version first, then the others (Thunderbird's order)."""
    raw = raw.replace(b"\r\n", b"\n")
    end = raw.find(b"\n\n")
    head, body = raw[:end + 1], raw[end + 1:]
    fields = re.findall(rb"(?m)^[^ \t\n][^\n]*\n(?:[ \t][^\n]*\n)*", head)
    rank = {b"content-type": 0, b"message-id": 1, b"date": 2, b"mime-version": 3}
    fields.sort(key=lambda f: rank.get(f.split(b":")[0].strip().lower(), 9))
    return b"".join(fields).replace(b"\n", b"\r\n") + body.replace(b"\n", b"\r\n")


def test_a_header_line_read_as_the_body_s_start_gives_no_key(intake):
    """A mail server reads `X-Note : 1` (obsolete syntax) as a header, and leaves the signature passing;
    intake's parser reads it as the start of the body, and the forgery as a message without From: set
    aside. It must not keep a key that makes the real application, arriving after it, its copy."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    real = thunderbird_order(intake.application(to=[intake.nb], cc=[intake.db], message_id="<tb@velo.example>"))
    forged = real.replace(b"From: ", b"X-Note : 1\r\nFrom: ", 1)
    intake.dovecot.deliver_lmtp(intake.db, arrived(forged))
    intake.poll()
    intake.dovecot.deliver_lmtp(intake.nb, arrived(real))
    intake.dovecot.deliver_lmtp(intake.db, arrived(real))

    intake.poll()

    with session(intake.app().engine) as s:
        rows = sorted(s.exec(select(Inbound)), key=lambda r: r.id)
    forgery, original, copy = rows
    assert forgery.fate == "quarantined" and forgery.copy_key == ""
    assert original.mailbox == "nb" and original.fate == "filed" and original.copy_key.startswith("ck:")
    assert copy.fate == "duplicate" and copy.case_id == original.case_id and "reconnu à ses en-têtes" in copy.reason


def _filed_then_reused(intake, message_id: str) -> None:
    """A signed application filed from the first mailbox; then, in the other, another message under its
    Message-ID and a copy of its signature, which the town's server fails (other files, another sender)."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.dovecot.deliver_lmtp(intake.nb, arrived(intake.application(message_id=message_id)))
    intake.poll()
    other = intake.application(pieces=("dossier",), sender="Autre <autre@asso.example>", message_id=message_id)
    intake.dovecot.deliver_lmtp(intake.db, arrived(other, dkim="fail"))


def test_a_different_message_reusing_the_message_id_is_fetched_whole_and_decided_on_its_own(intake):
    """Same Message-ID and a copy of its signature, other files: the town's server fails the signature, its
    headers give no key; the poller fetches it whole, and it is recorded on its own (core/decide.py)."""
    _filed_then_reused(intake, "<reused@velo.example>")
    before = _bodies_fetched(intake.dovecot.logs(), intake.db)

    intake.poll()

    assert len(intake.cases()) == 2
    with session(intake.app().engine) as s:
        copy = next(r for r in s.exec(select(Inbound)) if r.mailbox == "db")
    assert copy.fate == "filed" and "reconnu à ses en-têtes" not in copy.reason
    assert _bodies_fetched(intake.dovecot.logs(), intake.db) == before + 1


def test_the_server_hanging_up_before_a_not_copy_is_downloaded_costs_nothing(intake, monkeypatch):
    """The header block said "maybe a copy", it was not one, and the server drops the connection just then: the
    message is downloaded on a new connection, as any other, and the poll goes on to the next."""
    import intake.pipeline.poll as poll

    _filed_then_reused(intake, "<dropped@velo.example>")
    intake.dovecot.deliver_lmtp(intake.db, intake.application(to=[intake.db], sender="Tiers <tiers@x.example>"))
    real, kicked = poll.file_copy, []

    def file_copy(*args, **kwargs):
        out = real(*args, **kwargs)
        intake.dovecot.kick(intake.db)  # the server hangs up while the message is being decided
        kicked.append(out)
        return out

    monkeypatch.setattr(poll, "file_copy", file_copy)
    app = intake.app()
    report = next(r for r in poll_all(app) if r.mailbox.startswith("db"))

    assert kicked == [None] and not report.error, report.error
    with session(app.engine) as s:
        fates = [r.fate for r in s.exec(select(Inbound).where(Inbound.mailbox == "db").order_by(Inbound.uid))]
    assert fates == ["filed", "filed"] and report.filed == 2
