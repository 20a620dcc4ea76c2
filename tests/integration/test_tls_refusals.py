"""TLS to the mail servers, as the README's « Sécurité » promises: a certificate that no trusted authority signed is
refused, and a network that strips STARTTLS from the server's answer (a downgrade) gets no password, for IMAP as
for SMTP. The hostile servers are real sockets that speak just enough of each protocol and record what they got."""

from __future__ import annotations

import socket
import threading
from datetime import datetime, timezone

import pytest

from intake.adapters.imaplogin import connect
from intake.adapters.smtp import SmtpTransport
from intake.config import Mailbox, Server
from intake.errors import MailboxError, TemporarySendError

SECRET = "le-mot-de-passe-de-la-boite"


class Stripping:
    """A server on 127.0.0.1 that offers login but no STARTTLS (what a man in the middle leaves of the answer)."""

    def __init__(self, answer):
        self.answer = answer  # line received -> bytes to send back
        self.received: list[str] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(10)
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn, conn.makefile("rb") as lines:
            conn.sendall(self.answer(None))
            for raw in lines:
                line = raw.decode("latin-1").rstrip("\r\n")
                self.received.append(line)
                reply = self.answer(line)
                if reply:
                    conn.sendall(reply)
                if reply.startswith((b"221", b"* BYE")):
                    return

    def close(self) -> None:
        self.sock.close()
        self.thread.join(5)


def _imap(line: str | None) -> bytes:
    if line is None:
        return b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n"
    tag, _, rest = line.partition(" ")
    command = rest.split(" ")[0].upper()
    if command == "CAPABILITY":
        return f"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK done\r\n".encode()
    if command == "LOGOUT":
        return f"* BYE bye\r\n{tag} OK done\r\n".encode()
    if command == "STARTTLS":
        return f"{tag} BAD unknown command\r\n".encode()
    return f"{tag} OK done\r\n".encode()


def _smtp(line: str | None) -> bytes:
    if line is None:
        return b"220 relay ready\r\n"
    command = line.split(" ")[0].upper()
    if command in ("EHLO", "HELO"):
        return b"250-relay\r\n250 AUTH PLAIN LOGIN\r\n"
    if command == "QUIT":
        return b"221 bye\r\n"
    if command == "STARTTLS":
        return b"502 unknown command\r\n"
    if command == "AUTH":
        return b"235 ok\r\n"
    return b"250 ok\r\n"


def _mailbox(port: int, security: str, ca_file: str = "") -> Mailbox:
    server = Server(host="127.0.0.1", port=port, security=security, username="n.bataillon",
                    password_env="UNUSED", ca_file=ca_file, timeout=5)
    return Mailbox(name="nb", address="n.bataillon@ville-bethune.fr", server=server, folder="INBOX",
                   since=datetime(2026, 1, 1, tzinfo=timezone.utc))


def test_an_imap_server_whose_starttls_was_stripped_gets_no_password():
    hostile = Stripping(_imap)
    try:
        with pytest.raises(MailboxError):
            connect(_mailbox(hostile.port, "starttls"), SECRET)
    finally:
        hostile.close()
    said = " ".join(hostile.received)
    assert hostile.received  # it was spoken to: the refusal is intake's, not a failed connection
    assert SECRET not in said and "LOGIN" not in said.upper() and "AUTHENTICATE" not in said.upper()


def test_an_smtp_relay_whose_starttls_was_stripped_gets_no_password_nor_mail():
    hostile = Stripping(_smtp)
    server = Server(host="127.0.0.1", port=hostile.port, security="starttls", username="intake",
                    password_env="UNUSED", timeout=5)
    try:
        with pytest.raises(TemporarySendError):
            SmtpTransport(server, SECRET).send(b"From: a@ville.test\r\nTo: b@exemple.test\r\n\r\nx\r\n",
                                               "a@ville.test", "b@exemple.test")
    finally:
        hostile.close()
    commands = [line.split(" ")[0].upper() for line in hostile.received]
    assert "EHLO" in commands  # it was spoken to: the refusal is intake's, not a failed connection
    assert "AUTH" not in commands and "MAIL" not in commands and "DATA" not in commands


def test_a_relay_whose_certificate_no_trusted_authority_signed_gets_no_password(smtp_server):
    """The test relay's certificate is self-signed: without its ca_file, the system's authorities refuse it."""
    server = Server(host=smtp_server.host, port=smtp_server.port, security="starttls",
                    username=smtp_server.username, password_env="UNUSED", ca_file="", timeout=10)
    with pytest.raises(TemporarySendError) as refused:
        SmtpTransport(server, smtp_server.password).send(b"From: a@ville.test\r\nTo: b@exemple.test\r\n\r\nx\r\n",
                                                         "a@ville.test", "b@exemple.test")
    assert "certifi" in str(refused.value).lower()
    assert smtp_server.messages == []


def test_an_imap_server_whose_certificate_no_trusted_authority_signed_gets_no_password(dovecot, mail_users):
    user = mail_users("nb")
    mailbox = _mailbox(dovecot.imaps_port, "tls")
    mailbox = Mailbox(name="nb", address=user, server=Server(host=dovecot.host, port=dovecot.imaps_port,
                                                             security="tls", username=user, password_env="UNUSED",
                                                             ca_file="", timeout=10),
                      folder="INBOX", since=mailbox.since)
    with pytest.raises(MailboxError) as refused:
        connect(mailbox, dovecot.password)
    assert "certifi" in str(refused.value).lower()
