"""Build the bytes of a mail we send (acknowledgement, notice, reminder).

Pure: rendered texts and header values in, RFC 5322 bytes out. The headers
follow SPEC.md and notes/domain.md §1 (RFC 3834, loop protection).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.charset import QP, Charset
from email.encoders import encode_base64
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.policy import SMTPUTF8, compat32
from email.utils import format_datetime, formataddr

import idna

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
    """The subject on one line, with the case's reference. Text that spells an encoded word (« =?utf-8?q?…?= », what
    an applicant wrote and a subject template repeats, masked first) is shown as written: a mail program decodes it
    where it stands, and « =?utf-8?q?www=2Eevil=2Ecom?= » read « www.evil.com », a link the masking never saw; an
    invisible word joiner after its « = » makes it no encoded word."""
    subject = " ".join(subject.split()).replace("=?", "=\u2060?")
    if not reference:
        return subject
    tag = f"[{reference}]"
    return subject if tag in subject else f"{subject} {tag}".strip()


def wire_address(address: str) -> str:
    """The address as it travels (envelope and headers): `contact@mairie-béthune.fr` ->
    `contact@xn--mairie-bthune-ihb.fr`. A domain in Unicode has an ASCII form (IDNA) that every relay
    delivers, SMTPUTF8 or not; an address whose local part is not ASCII has none, and is returned as it is, as
    is a domain IDNA refuses (the relay then needs SMTPUTF8). What is stored and shown keeps the address as the
    applicant wrote it. IDNA 2008 with the UTS #46 mapping (the `idna` package), not the standard library's
    IDNA 2003 codec, which maps `ß` to `ss`: `straße.de` would go to `strasse.de`, someone else's domain."""
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii() or not local.isascii():
        return address
    try:
        return f"{local}@{idna.encode(domain, uts46=True).decode('ascii')}"
    except idna.IDNAError:
        return address


def needs_smtputf8(*addresses: str) -> bool:
    """An internationalised address (RFC 6531/6532: non-ASCII before the @, or a domain without an IDNA form)
    travels only over SMTPUTF8; a domain in Unicode alone does not (`wire_address`)."""
    return any(not wire_address(a).isascii() for a in addresses)


def headers(mail: Outgoing, message_id: str, when: datetime, system_id: str) -> list[tuple[str, str]]:
    """The mail's own headers, in order (the MIME ones come with its parts). A value never holds a line break:
    ValueError, as the email library raises (a Message-ID we answer comes from the other side)."""
    refs = [r for r in mail.references if r] + ([mail.in_reply_to] if mail.in_reply_to else [])
    sender = wire_address(mail.from_addr)
    out = [("From", formataddr((mail.from_name, sender))), ("To", wire_address(mail.to_addr)), ("Reply-To", sender),
           ("Subject", subject_with_reference(mail.subject, mail.reference)), ("Date", format_datetime(when)),
           ("Message-ID", f"<{message_id}>"),
           ("In-Reply-To", f"<{mail.in_reply_to}>" if mail.in_reply_to else ""),
           ("References", " ".join(f"<{r}>" for r in dict.fromkeys(refs))),
           ("Auto-Submitted", mail.auto_submitted), ("X-Auto-Response-Suppress", mail.suppress),
           ("Precedence", "bulk"), (LOOP_HEADER, system_id), ("X-Intake-Case", mail.reference)]
    named = [(name, value) for name, value in out if value or name == "Subject"]  # a Subject, even empty
    for name, value in named:
        _one_line(name, value)
    return named


def _one_line(name: str, value: str) -> None:
    """ValueError when `value` holds a line break: CR, LF, or any other that str.splitlines() breaks at (VT, FF,
    FS, GS, RS, NEL, U+2028, U+2029), as EmailMessage refuses them: the classic classes fold a header at each."""
    if value and value.splitlines() != [value]:  # "" has no line at all, and no break
        raise ValueError(f"Header values may not contain linefeed or carriage return characters ({name})")


def build(mail: Outgoing, message_id: str, when: datetime, system_id: str) -> bytes:
    """The mail's bytes: multipart/mixed of the text and HTML alternatives and the attachments.

    Built with the email library's classic MIME classes, which take header values as they are given: the
    modern `EmailMessage` parses every value it is given and refolds it on output, five times slower, which
    the filing of each application paid. With an internationalised address the headers are written in
    UTF-8 (RFC 6532) instead of an encoded word inside the address, which no server would deliver: that
    rare mail is built with `EmailMessage` (`build_utf8`), the same parts and headers."""
    if needs_smtputf8(mail.from_addr, mail.to_addr):
        return build_utf8(mail, message_id, when, system_id)
    texts = [_text(mail.text, "plain")] + ([_text(mail.html, "html")] if mail.html else [])
    body: Message = texts[0] if len(texts) == 1 else MIMEMultipart("alternative", _subparts=texts)
    top = MIMEMultipart("mixed", _subparts=[body, *(_attachment(*a) for a in mail.attachments)]) \
        if mail.attachments else body
    for part in top.walk():
        if part is not top:
            del part["MIME-Version"]  # once, at the top
    for name, value in headers(mail, message_id, when, system_id):
        if name == "From":
            top[name] = formataddr((mail.from_name, wire_address(mail.from_addr)), charset="utf-8")
        elif value.isascii():
            top[name] = value
        else:
            top[name] = Header(value, "utf-8", header_name=name)  # type: ignore[assignment]  # Message takes Header
    return top.as_bytes(policy=_WIRE)


_WIRE = compat32.clone(linesep="\r\n", max_line_length=78)
_UTF8_QP = Charset("utf-8")
_UTF8_QP.body_encoding = QP  # French text stays readable in the source, and travels over 7-bit links


def _text(content: str, subtype: str) -> MIMENonMultipart:
    part = MIMENonMultipart("text", subtype)
    # quoted-printable: no line too long, whatever the template; ends with a line break, as set_content does
    part.set_payload(content if content.endswith("\n") else content + "\n", _UTF8_QP)
    return part


def _attachment(filename: str, content: bytes, mime: str) -> MIMEBase:
    _one_line("Content-Disposition", filename)
    part = MIMEBase(*mime.split("/", 1))
    part.set_payload(content)
    encode_base64(part)
    part.add_header("Content-Disposition", "attachment",
                    filename=filename if filename.isascii() else ("utf-8", "", filename))  # RFC 2231
    return part


def build_utf8(mail: Outgoing, message_id: str, when: datetime, system_id: str) -> bytes:
    """The same mail, with `EmailMessage` and the SMTPUTF8 policy: its headers in UTF-8 (RFC 6532)."""
    msg = EmailMessage(policy=SMTPUTF8)
    for name, value in headers(mail, message_id, when, system_id):
        msg[name] = value
    msg.set_content(mail.text)
    if mail.html:
        msg.add_alternative(mail.html, subtype="html")
    for filename, content, mime in mail.attachments:
        maintype, subtype = mime.split("/", 1)
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()
