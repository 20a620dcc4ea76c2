"""What the end-to-end tests read of a mail the SMTP test server received (an `email.message.EmailMessage`)."""

from __future__ import annotations


def text(mail) -> str:
    """Its plain-text body, line ends as \\n."""
    return mail.get_body(("plain",)).get_content().replace("\r\n", "\n")


def to(mail) -> list[str]:
    return [a.addr_spec for a in mail["To"].addresses]


def sender(mail) -> str:
    return mail["From"].addresses[0].addr_spec


def acknowledged(intake, applicant: str, mailbox: str, asks: bool = False):
    """The one mail sent: the acknowledgement, to the applicant, from the mailbox written to, asking for missing pieces
    or not (`asks`), its French readable (no U+FFFD, no UTF-8 read as Latin-1)."""
    (ack,) = intake.sent()
    assert to(ack) == [applicant] and sender(ack) == mailbox, ack
    assert ack["Subject"].startswith("Accusé de réception"), ack["Subject"]
    assert ("manquante" in text(ack)) == asks, text(ack)
    assert "\ufffd" not in text(ack) and "Ã" not in text(ack), text(ack)
    return ack
