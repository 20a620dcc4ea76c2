"""What the end-to-end tests read of a mail the SMTP test server received (an `email.message.EmailMessage`)."""

from __future__ import annotations


def text(mail) -> str:
    """Its plain-text body, line ends as \\n."""
    return mail.get_body(("plain",)).get_content().replace("\r\n", "\n")


def to(mail) -> list[str]:
    return [a.addr_spec for a in mail["To"].addresses]


def sender(mail) -> str:
    return mail["From"].addresses[0].addr_spec
