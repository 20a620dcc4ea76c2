"""Issue: conversations. The applicant's side is a real Dovecot mailbox: our mail is delivered
there through the SMTP test server (LMTP), and the applicant replies from it."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta, timezone
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from sqlmodel import select

from intake.commands import samples
from intake.commands.followups import queue_due_reminders
from intake.pipeline.poll import poll_all
from intake.pipeline.send import send_due
from intake.store.database import session
from intake.store.tables import Address, Outbox

LETTER = ("Lettre au Maire signée.pdf", samples.pdf("Monsieur le Maire"), "application/pdf")


@pytest.fixture
def applicant(intake, mail_users):
    address = mail_users("applicant")
    intake.smtp.deliver_to = intake.dovecot
    return address


def received(intake, user) -> list[EmailMessage]:
    return [email.message_from_bytes(raw, policy=email.policy.default) for raw in intake.dovecot.fetch_all(user)]


def answer(to_msg: EmailMessage, sender: str, *, attachments=(), subject=None, headers=None, keep_headers=True,
           body="Bonjour, voici la pièce demandée.") -> bytes:
    """A reply as a mail client writes it: RE: subject, In-Reply-To and References of the mail answered."""
    reply = EmailMessage()
    reply["From"] = sender
    reply["To"] = to_msg["Reply-To"] or to_msg["From"]
    reply["Subject"] = subject if subject is not None else "RE: " + to_msg["Subject"]
    reply["Message-ID"] = make_msgid(domain="applicant.example")
    if keep_headers:
        reply["In-Reply-To"] = to_msg["Message-ID"]
        reply["References"] = f"{to_msg.get('References', '')} {to_msg['Message-ID']}".strip()
    for name, value in (headers or {}).items():
        reply[name] = value
    reply.set_content(body)
    for filename, content, mime in attachments:
        maintype, subtype = mime.split("/")
        reply.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return reply.as_bytes()


def test_the_applicant_replies_with_the_letter_and_the_case_completes_with_one_notice(intake, applicant):
    intake.deliver(intake.application(sender=applicant, pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "incomplete"
    (ack,) = received(intake, applicant)
    intake.deliver(answer(ack, applicant, attachments=[LETTER]), intake.nb)
    intake.poll()
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2
    mails = received(intake, applicant)
    assert [m["Subject"].split(" [")[0] for m in mails] == [
        "Accusé de réception de votre candidature au label Béthune Smart City",
        "Votre dossier de candidature au label Béthune Smart City est complet"]
    notice = mails[1]
    assert notice["Auto-Submitted"] == "auto-replied" and f"[{case['reference']}]" in notice["Subject"]
    assert ack["Message-ID"] in notice["References"]


def test_a_reply_that_lost_the_reference_still_joins_by_in_reply_to(intake, applicant):
    intake.deliver(intake.application(sender=applicant, pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (ack,) = received(intake, applicant)
    intake.deliver(answer(ack, applicant, attachments=[LETTER], subject="la lettre"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete"


def test_a_second_project_from_the_same_person_opens_a_second_case(intake, applicant):
    intake.deliver(intake.application(sender=applicant, pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    intake.deliver(intake.application(sender=applicant, subject="Autre projet : compostage",
                                      pieces=("dossier", "courrier")), intake.nb)
    intake.poll()
    assert len(intake.cases()) == 2


def test_automatic_replies_and_bounces_get_no_mail_and_bounces_are_linked(intake, applicant):
    intake.deliver(intake.application(sender=applicant, pieces=("dossier",)), intake.nb)
    intake.poll()
    (ack,) = received(intake, applicant)
    ours = ack["Message-ID"].strip("<>")
    (case,) = intake.cases()
    out_of_office = answer(ack, applicant, subject="Réponse automatique : " + ack["Subject"],
                           headers={"Auto-Submitted": "auto-replied"}, body="Je suis absente jusqu'au 30.")
    dsn = _dsn(ours, intake.nb, applicant)
    ndr = samples.email(sender="Microsoft Outlook <postmaster@outlook.example>", to=[intake.nb],
                        subject="Non remis : " + ack["Subject"],
                        body=f"Votre message n'a pas pu être remis à {applicant}.\n"
                             f"Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipientNotFound'\n\n"
                             f"Message-ID: <{ours}>\n")
    for raw in (out_of_office, dsn, ndr):
        intake.deliver(raw, intake.nb)
    intake.poll()
    assert len(intake.smtp.messages) == 1  # the acknowledgement only
    detail = intake.case(case["reference"])
    kinds = [e["kind"] for e in detail["events"]]
    assert "automatic" in kinds and kinds.count("bounce-linked") == 2
    assert "non remis" in detail["mails"][0]["last_error"]
    assert detail["status"] == "incomplete"  # automatic mail does not count as an answer
    with session(intake.app().engine) as s:
        assert s.get(Address, applicant).undeliverable
    # and nothing more is ever sent there
    assert send_due(intake.app(shift=timedelta(days=1))).sent == 0
    assert queue_due_reminders(intake.app(shift=timedelta(days=8))).queued == 0


def _dsn(original_id: str, to: str, failed: str) -> bytes:
    return (f"From: Mail Delivery System <MAILER-DAEMON@mx.applicant.example>\r\nTo: {to}\r\n"
            f"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-1@mx.applicant.example>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
            "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
            "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.applicant.example\r\n\r\n"
            f"Final-Recipient: rfc822; {failed}\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
            f"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <{original_id}>\r\nTo: {failed}\r\n\r\n"
            "--B--\r\n").encode()


def test_an_autoresponder_that_ignores_the_rules_cannot_make_us_loop(intake, applicant):
    """For 20 rounds, the applicant's robot answers every mail we send, without any RFC 3834 header,
    quoting our subject and re-attaching a file."""
    intake.deliver(intake.application(sender=applicant, pieces=("dossier",)), intake.nb)
    intake.poll()
    answered = set()
    for round_ in range(20):
        for mail in received(intake, applicant):
            if mail["Message-ID"] in answered:
                continue
            answered.add(mail["Message-ID"])
            echo = ("conditions.pdf", samples.pdf(f"conditions {round_}"), "application/pdf")
            intake.deliver(answer(mail, applicant, attachments=[echo], body="Merci pour votre message."), intake.nb)
        poll_all(later := intake.app(shift=timedelta(minutes=round_)))
        send_due(later)
    limits = intake.app().rules.conversation
    assert len(intake.smtp.messages) <= limits.per_recipient_per_day
    (case,) = intake.cases()
    detail = intake.case(case["reference"])
    assert "boucle" in detail["attention"]
    with session(intake.app().engine) as s:
        assert s.get(Address, applicant).looping


def test_reminders_follow_the_schedule_and_stop(intake, applicant):
    intake.deliver(intake.application(sender=applicant, pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        ack_sent = s.exec(select(Outbox)).one().sent_at
    tz = intake.app().settings.timezone
    day0 = ack_sent.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)

    def followups_at(days: float, hour: int = 11) -> int:
        app = intake.app()
        now = (day0 + timedelta(days=days)).replace(hour=hour).astimezone(timezone.utc)
        app.clock = lambda: now
        queued = queue_due_reminders(app).queued
        send_due(app)
        return queued

    def working(day: int) -> int:  # the first working day on or after day0 + day
        while (day0 + timedelta(days=day)).weekday() >= 5:
            day += 1
        return day

    assert followups_at(6) == 0
    assert followups_at(working(7), hour=9) == 0  # before the set hour (10:00)
    assert followups_at(working(7)) == 1
    assert followups_at(working(7), hour=15) == 0  # never twice the same day
    assert followups_at(working(7) + 1) == 0
    assert followups_at(working(14)) == 1
    assert followups_at(working(21)) == 0  # past the configured number (2)
    reminders = [m for m in received(intake, applicant) if m["Subject"].startswith("Relance")]
    assert len(reminders) == 2
    assert all(m["Auto-Submitted"] == "auto-generated" for m in reminders)
    assert "courrier officiel adressé au Maire" in reminders[0].get_body(("plain",)).get_content()
    (case,) = intake.cases()
    assert "dernière relance" in intake.case(case["reference"])["attention"]


def test_no_reminder_once_the_case_is_complete(intake, applicant):
    intake.deliver(intake.application(sender=applicant, pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (ack,) = received(intake, applicant)
    intake.deliver(answer(ack, applicant, attachments=[LETTER]), intake.nb)
    intake.poll()
    assert queue_due_reminders(intake.app(shift=timedelta(days=30))).queued == 0


def test_our_own_mail_coming_back_is_never_filed_or_answered(intake, applicant):
    intake.deliver(intake.application(sender=applicant), intake.nb)
    intake.poll()
    (ack,) = received(intake, applicant)
    intake.deliver(ack.as_bytes(), intake.nb, intake.db)  # a copy lands in both watched mailboxes
    intake.poll()
    assert len(intake.cases()) == 1 and len(intake.smtp.messages) == 1
