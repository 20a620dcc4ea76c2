"""Build the bytes of a mail we send (acknowledgement, notice, reminder).

Pure: rendered texts and header values in, RFC 5322 bytes out. The headers
follow SPEC.md and notes/domain.md §1 (RFC 3834, loop protection).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime, formataddr

from intake.core.origin import LOOP_HEADER, OWN_MESSAGE_ID_PREFIX


@dataclass(frozen=True)
class Outgoing:
    from_addr: str
    from_name: str
    to_addr: str
    subject: str
    text: str
    html: str
    reference: str  # case reference, e.g. BSC-2026-0007; "" for mail about no case (the digest)
    auto_submitted: str  # "auto-replied" (answers a message) or "auto-generated"
    in_reply_to: str = ""  # without angle brackets
    references: tuple[str, ...] = ()
    suppress: str = "OOF, AutoReply"  # X-Auto-Response-Suppress; "All" for staff mail
    attachments: tuple[tuple[str, bytes, str], ...] = ()  # (file name, content, MIME type)


def make_message_id(reference: str, token: str, from_addr: str) -> str:
    """Our own Message-ID (without brackets); recognisable when it comes back."""
    domain = from_addr.rsplit("@", 1)[-1] or "intake.invalid"
    return f"{OWN_MESSAGE_ID_PREFIX}{reference or 'mail'}.{token}@{domain}"


def subject_with_reference(subject: str, reference: str) -> str:
    subject = " ".join(subject.split())
    if not reference:
        return subject
    tag = f"[{reference}]"
    return subject if tag in subject else f"{subject} {tag}".strip()


def needs_smtputf8(*addresses: str) -> bool:
    """An internationalised address (RFC 6531/6532: non-ASCII before the @) travels only over SMTPUTF8."""
    return any(not a.isascii() for a in addresses)


def build(mail: Outgoing, message_id: str, when: datetime, system_id: str) -> bytes:
    """The mail's bytes. With an internationalised address, the headers are written in UTF-8 (RFC 6532)
    instead of an encoded word inside the address, which no server would deliver."""
    msg = EmailMessage(policy=SMTPUTF8 if needs_smtputf8(mail.from_addr, mail.to_addr) else SMTP)
    msg["From"] = formataddr((mail.from_name, mail.from_addr))
    msg["To"] = mail.to_addr
    msg["Reply-To"] = mail.from_addr
    msg["Subject"] = subject_with_reference(mail.subject, mail.reference)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{message_id}>"
    if mail.in_reply_to:
        msg["In-Reply-To"] = f"<{mail.in_reply_to}>"
    refs = [r for r in mail.references if r] + ([mail.in_reply_to] if mail.in_reply_to else [])
    if refs:
        msg["References"] = " ".join(f"<{r}>" for r in dict.fromkeys(refs))
    msg["Auto-Submitted"] = mail.auto_submitted
    msg["X-Auto-Response-Suppress"] = mail.suppress
    msg["Precedence"] = "bulk"
    msg[LOOP_HEADER] = system_id
    if mail.reference:
        msg["X-Intake-Case"] = mail.reference
    msg.set_content(mail.text)
    if mail.html:
        msg.add_alternative(mail.html, subtype="html")
    for filename, content, mime in mail.attachments:
        maintype, subtype = mime.split("/", 1)
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()
