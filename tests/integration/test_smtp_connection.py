"""The mails of one pass over the outbox share one SMTP connection, against the real test SMTP server:
one TLS handshake and one login for the pass, a new connection when the relay closed the old one, and a
mail refused on the way does not stop the next."""

from __future__ import annotations

from intake.adapters.smtp import SmtpTransport
from intake.config import Server
from intake.errors import PermanentSendError


def transport(smtp) -> SmtpTransport:
    server = Server(host=smtp.host, port=smtp.port, security="starttls", username=smtp.username,
                    password_env="UNUSED", ca_file=smtp.ca_file, timeout=10)
    return SmtpTransport(server, smtp.password)


def mail(n: int) -> bytes:
    return f"From: a@ville.test\r\nTo: b{n}@exemple.test\r\nSubject: {n}\r\n\r\nmail {n}\r\n".encode()


def test_one_pass_one_connection_and_without_a_pass_one_per_mail(smtp_server):
    t = transport(smtp_server)
    with t.kept():
        for n in range(3):
            t.send(mail(n), "a@ville.test", f"b{n}@exemple.test")
    for n in range(3, 5):
        t.send(mail(n), "a@ville.test", f"b{n}@exemple.test")
    got = smtp_server.wait_for(5)
    assert [m.rcpt_tos for m in got] == [[f"b{n}@exemple.test"] for n in range(5)]
    assert len({m.peer for m in got[:3]}) == 1  # the pass
    assert len({m.peer for m in got}) == 3  # then one connection each
    assert all(m.login == smtp_server.username for m in got)


def test_a_connection_the_relay_closed_is_opened_again(smtp_server):
    t = transport(smtp_server)
    with t.kept():
        t.send(mail(0), "a@ville.test", "b0@exemple.test")
        smtp_server.down()  # the relay restarts: its connections are gone
        smtp_server.up()
        t.send(mail(1), "a@ville.test", "b1@exemple.test")
    got = smtp_server.wait_for(2)
    assert [m.rcpt_tos for m in got] == [["b0@exemple.test"], ["b1@exemple.test"]]
    assert got[0].peer != got[1].peer


def test_a_refused_mail_does_not_stop_the_next_of_the_pass(smtp_server):
    t = transport(smtp_server)
    smtp_server.refuse_rcpt = lambda address: "550 5.1.1 no such user" if address == "b1@exemple.test" else None
    sent, refused = [], []
    with t.kept():
        for n in range(3):
            try:
                t.send(mail(n), "a@ville.test", f"b{n}@exemple.test")
                sent.append(n)
            except PermanentSendError as exc:
                refused.append((n, str(exc)))
    assert sent == [0, 2] and [n for n, _ in refused] == [1] and "550" in refused[0][1]
    assert [m.rcpt_tos for m in smtp_server.wait_for(2)] == [["b0@exemple.test"], ["b2@exemple.test"]]
