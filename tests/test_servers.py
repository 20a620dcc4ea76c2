"""Tests of the test servers themselves (tests/servers), so later failures can be
trusted to come from intake and not from the fixtures."""

from __future__ import annotations

import asyncio
import imaplib
from datetime import datetime, timezone
from email.message import EmailMessage

import aiosmtplib
import pytest

pytestmark = pytest.mark.servers


def raw_message(subject: str, to: str = "nb@example.test", body: str = "Hello.\r\n") -> bytes:
    return (
        f"From: Applicant <applicant@example.test>\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Message-ID: <{subject.replace(' ', '-')}@example.test>\r\n"
        f"Date: Sat, 01 Mar 2025 10:00:00 +0100\r\n\r\n{body}"
    ).encode()


def email_message(to: str | list[str], subject: str = "Ack") -> EmailMessage:
    m = EmailMessage()
    m["From"] = "Intake <intake@example.test>"
    m["To"] = to if isinstance(to, str) else ", ".join(to)
    m["Subject"] = subject
    m.set_content("Thanks, your application was received.\n")
    return m


def send(smtp_server, msg: EmailMessage, **kw):
    args = dict(hostname=smtp_server.host, port=smtp_server.port, start_tls=True,
                username=smtp_server.username, password=smtp_server.password,
                tls_context=smtp_server.ssl_context(), timeout=10)
    args.update(kw)

    async def run():
        try:
            return await aiosmtplib.send(msg, **args)
        finally:
            # Let the TLS transport finish closing before asyncio.run() closes the
            # loop; otherwise its socket is sometimes reported as unclosed.
            await asyncio.sleep(0.05)

    return asyncio.run(run())


# --------------------------------------------------------------------------- Dovecot
def test_append_then_peek_keeps_message_unread_and_bytes_identical(dovecot, mail_users):
    user = mail_users("nb")
    raw = raw_message("Candidature 1")
    uid = dovecot.append(user, raw)

    assert dovecot.uids(user) == [uid]
    assert dovecot.fetch_all(user) == [raw]  # BODY.PEEK[] returns the exact bytes
    assert dovecot.flags(user, uid) == set()  # ...and did not set \Seen
    assert dovecot.status(user)["UNSEEN"] == 1


def test_appended_flags_and_date_are_kept(dovecot, mail_users):
    user = mail_users("nb")
    when = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)
    uid = dovecot.append(user, raw_message("Already read"), flags=("\\Seen", "intake-filed"), when=when)
    other = dovecot.append(user, raw_message("Unread"))

    assert other == uid + 1
    assert dovecot.flags(user, uid) == {"\\Seen", "intake-filed"}
    assert dovecot.flags(user, other) == set()
    with dovecot.imap(user) as c:
        c.select("INBOX", readonly=True)
        typ, data = c.uid("FETCH", str(uid), "(INTERNALDATE)")
    assert typ == "OK"
    assert imaplib.Internaldate2tuple(data[0])[:6] == when.astimezone().timetuple()[:6]
    with pytest.raises(KeyError):
        dovecot.flags(user, other + 100)


def test_users_are_fresh_and_isolated(dovecot, mail_users):
    a, b = mail_users("nb"), mail_users("nb")
    assert a != b and a.startswith("nb-") and a.endswith("@example.test")
    dovecot.append(a, raw_message("For a only"))
    assert len(dovecot.uids(a)) == 1
    assert dovecot.uids(b) == []  # usable at once, and empty
    assert dovecot.uids(a, "Processed") == [] and dovecot.uids(a, "Sent") == []


def test_expunge_all_empties_the_folder(dovecot, mail_users):
    user = mail_users("nb")
    for i in range(3):
        dovecot.append(user, raw_message(f"m{i}"))
    dovecot.expunge_all(user)
    assert dovecot.uids(user) == []
    assert dovecot.append(user, raw_message("after")) == 4  # UIDs are never reused


def test_reset_uidvalidity_changes_uidvalidity_and_renumbers(dovecot, mail_users):
    user = mail_users("nb")
    for i in range(3):
        dovecot.append(user, raw_message(f"m{i}"))
    dovecot.expunge_all(user)
    kept = raw_message("survivor")
    assert dovecot.append(user, kept, flags=("\\Seen",)) == 4
    before = dovecot.uidvalidity(user)

    after = dovecot.reset_uidvalidity(user)

    assert after != before
    assert dovecot.uidvalidity(user) == after
    assert dovecot.uids(user) == [1]  # same message, new UID
    assert dovecot.fetch_all(user) == [kept]
    assert dovecot.flags(user, 1) == {"\\Seen"}  # flags live in the maildir file name
    assert dovecot.reset_uidvalidity(user) not in (before, after)


def test_kick_drops_open_sessions(dovecot, mail_users):
    user = mail_users("nb")
    with dovecot.imap(user) as c:
        c.select("INBOX")
        assert dovecot.sessions(user) == 1
        dovecot.kick(user)
        with pytest.raises(imaplib.IMAP4.abort):
            c.noop()
    assert dovecot.sessions(user) == 0


def test_lmtp_delivery_lands_unread_in_inbox(dovecot, mail_users):
    user = mail_users("nb")
    dovecot.deliver_lmtp(user, raw_message("Via LMTP", to=user), mail_from="applicant@example.test")
    [uid] = dovecot.uids(user)
    [body] = dovecot.fetch_all(user)
    assert f"Delivered-To: {user}".encode() in body
    assert b"Subject: Via LMTP\r\n" in body
    assert dovecot.flags(user, uid) == set()


def test_lmtp_refuses_unknown_user(dovecot):
    import smtplib

    with pytest.raises(smtplib.SMTPRecipientsRefused) as e:
        dovecot.deliver_lmtp("nobody-here@example.test", raw_message("lost"))
    assert e.value.recipients["nobody-here@example.test"][0] == 550


def test_imaps_port_serves_tls(dovecot, mail_users):
    user = mail_users("nb")
    c = imaplib.IMAP4_SSL(dovecot.host, dovecot.imaps_port, ssl_context=dovecot.ssl_context(), timeout=10)
    try:
        assert c.login(user, dovecot.password)[0] == "OK"
    finally:
        c.logout()


# --------------------------------------------------------------------------- SMTP
def test_smtp_send_with_starttls_and_auth_is_captured(smtp_server):
    errors, reply = send(smtp_server, email_message(["nb@example.test", "cc@example.test"]))
    assert errors == {}
    assert reply.startswith("2.0.0")
    [msg] = smtp_server.messages
    assert msg.mail_from == "intake@example.test"
    assert msg.rcpt_tos == ["nb@example.test", "cc@example.test"]
    assert msg.login == "intake"
    assert b"Subject: Ack" in msg.data and b"Thanks, your application" in msg.data


def test_smtp_rejects_bad_password_with_535_at_once(smtp_server):
    with pytest.raises(aiosmtplib.SMTPAuthenticationError) as e:
        send(smtp_server, email_message("nb@example.test"), password="wrong", timeout=5)
    assert e.value.code == 535
    assert smtp_server.messages == []


def test_smtp_requires_auth(smtp_server):
    with pytest.raises(aiosmtplib.SMTPResponseException) as e:
        send(smtp_server, email_message("nb@example.test"), username=None, password=None)
    assert e.value.code == 530
    assert smtp_server.messages == []


def test_refuse_rcpt_451_then_recovers(smtp_server):
    smtp_server.refuse_rcpt = "451 4.3.0 Try later"
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as e:
        send(smtp_server, email_message("nb@example.test"))
    assert [r.code for r in e.value.recipients] == [451]
    assert smtp_server.messages == []
    assert smtp_server.refusals == [("RCPT", "nb@example.test", "451 4.3.0 Try later")]

    smtp_server.refuse_rcpt = None
    send(smtp_server, email_message("nb@example.test"))
    assert len(smtp_server.messages) == 1


def test_refuse_rcpt_callable_gives_partial_failure(smtp_server):
    smtp_server.refuse_rcpt = lambda a: "550 5.1.1 No such user" if a.startswith("gone") else None
    errors, _ = send(smtp_server, email_message(["gone@example.test", "nb@example.test"]))
    assert errors["gone@example.test"].code == 550  # partial failure does not raise
    assert smtp_server.wait_for(1)[0].rcpt_tos == ["nb@example.test"]


def test_refuse_data(smtp_server):
    smtp_server.refuse_data = "554 5.6.0 Content rejected"
    with pytest.raises(aiosmtplib.SMTPDataError) as e:
        send(smtp_server, email_message("nb@example.test"))
    assert e.value.code == 554
    assert smtp_server.messages == []


def test_down_then_up_on_same_port(smtp_server):
    port = smtp_server.port
    smtp_server.down()
    with pytest.raises(aiosmtplib.SMTPConnectError):
        send(smtp_server, email_message("nb@example.test"), timeout=3)
    smtp_server.up()
    assert smtp_server.port == port
    send(smtp_server, email_message("nb@example.test"))
    assert len(smtp_server.messages) == 1


def test_smtp_deliver_to_dovecot(smtp_server, dovecot, mail_users):
    applicant = mail_users("applicant")
    smtp_server.deliver_to = dovecot
    send(smtp_server, email_message([applicant, "outsider@example.test"], subject="Your case"))
    [captured] = smtp_server.messages
    assert captured.rcpt_tos == [applicant, "outsider@example.test"]
    [body] = dovecot.fetch_all(applicant)
    assert b"Subject: Your case" in body and f"Delivered-To: {applicant}".encode() in body
