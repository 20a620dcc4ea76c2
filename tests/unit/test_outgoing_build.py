"""The bytes of the mail we send (core/outgoing.py): the fast builder gives the same mail as the email library's
modern API, which builds the rare mail to an internationalised address."""

from __future__ import annotations

import email
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage

import pytest

from intake.core.outgoing import Outgoing, build, headers, needs_smtputf8, wire_address

WHEN = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


def mail(**changes) -> Outgoing:
    values = dict(from_addr="n.bataillon@ville-bethune.fr", from_name="Ville de Béthune - Mission « Smart City »",
                  to_addr="jean.dupont@asso.example", subject="Accusé de réception : « Jardins partagés » été 2026",
                  text="Bonjour,\n\nNous avons bien reçu votre candidature.\n" + "Une ligne très longue. " * 80,
                  html="<p>Bonjour,</p><p>Nous avons bien reçu votre candidature.</p>" * 30,
                  reference="BSC-2026-0007", auto_submitted="auto-replied", in_reply_to="their@x.example",
                  references=("first@x.example", "intake.BSC-2026-0007.a@ville-bethune.fr"),
                  attachments=(("recepisse-BSC-2026-0007.pdf", PDF, "application/pdf"),))
    values.update(changes)
    return Outgoing(**values)


def modern(one: Outgoing, message_id: str) -> bytes:
    """The oracle: the same headers and parts through the email library's modern API (EmailMessage)."""
    msg = EmailMessage(policy=policy.SMTP)
    for name, value in headers(one, message_id, WHEN, "sys"):
        msg[name] = value
    msg.set_content(one.text)
    if one.html:
        msg.add_alternative(one.html, subtype="html")
    for filename, content, mime in one.attachments:
        msg.add_attachment(content, maintype=mime.split("/")[0], subtype=mime.split("/")[1], filename=filename)
    return msg.as_bytes()


def seen(raw: bytes) -> dict:
    """What a mail client shows of a mail: decoded headers, the parts' types, texts and files."""
    msg = email.message_from_bytes(raw, policy=policy.default)
    names = ("From", "To", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
             "Auto-Submitted", "X-Auto-Response-Suppress", "Precedence", "X-Intake-Loop", "X-Intake-Case")
    plain, html = msg.get_body(("plain",)), msg.get_body(("html",))
    return {"headers": {n: " ".join(str(msg[n]).split()) if msg[n] is not None else None for n in names},
            "from": [(a.display_name, a.addr_spec) for a in msg["From"].addresses],
            "types": [p.get_content_type() for p in msg.walk()],
            "plain": plain.get_content() if plain else None, "html": html.get_content() if html else None,
            "files": [(p.get_filename(), p.get_content()) for p in msg.iter_attachments()]}


@pytest.mark.parametrize("changes", [
    {},
    {"html": ""},
    {"html": "", "attachments": ()},
    {"attachments": ()},
    {"attachments": (("récépissé été.pdf", PDF, "application/pdf"),), "in_reply_to": "", "references": ()},
    {"from_name": "Ville de Bethune", "subject": "plain ascii " * 30, "reference": ""},
    {"subject": "", "reference": ""},
    {"references": tuple(f"id{i}.{'x' * 40}@mail.example" for i in range(12))},
])
def test_the_fast_builder_gives_the_same_mail_as_the_modern_api(changes):
    one = mail(**changes)
    fast = build(one, "intake.BSC-2026-0007.tok@ville-bethune.fr", WHEN, "sys")
    assert seen(fast) == seen(modern(one, "intake.BSC-2026-0007.tok@ville-bethune.fr"))
    assert fast.isascii()  # every header and part travels over a 7-bit link
    assert max(len(line) for line in fast.split(b"\r\n")) <= 78
    assert b"\n" not in fast.replace(b"\r\n", b"")  # CRLF only, as SMTP wants


def test_a_line_break_in_any_header_value_is_refused():
    for changes in ({"in_reply_to": "x@y\r\nBcc: victim@example.org"}, {"from_name": "a\r\nBcc: v@example.org"},
                    {"references": ("a@b\nX-Evil: 1",)}, {"to_addr": "a@b.example\r\nBcc: c@d.example"},
                    {"attachments": (("a.pdf\r\nContent-Type: text/html", PDF, "application/pdf"),)}):
        with pytest.raises(ValueError):
            build(mail(**changes), "intake.x.tok@ville-bethune.fr", WHEN, "sys")


@pytest.mark.parametrize("brk", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_a_line_break_of_any_kind_never_splits_a_header(brk):
    """The classic classes fold a header at whatever str.splitlines() breaks at: a value with a vertical tab was
    written as two lines, the second without a name (`In-Reply-To: <x@y` then `foo>`), which ended the header
    block for a reader: Auto-Submitted and the loop header were read as body. Such a value is refused
    (ValueError), or travels encoded (a non-ASCII display name or file name) and the header block stays whole."""
    for changes in ({"in_reply_to": f"x@y{brk}foo"}, {"from_name": f"Ville{brk}de Bethune"},
                    {"references": (f"a@b{brk}c",)}, {"subject": "x", "reference": f"BSC{brk}1"},
                    {"attachments": ((f"a{brk}b.pdf", PDF, "application/pdf"),)},
                    {"attachments": ((f"a.pdf{brk}Content-Type: text/html", PDF, "application/pdf"),)}):
        try:
            raw = build(mail(**changes), "intake.x.tok@ville-bethune.fr", WHEN, "sys")
        except ValueError:
            continue
        msg = email.message_from_bytes(raw, policy=policy.default)
        assert [p.defects for p in msg.walk() if p.defects] == [], changes
        assert msg["Auto-Submitted"] == "auto-replied" and msg["X-Intake-Loop"] == "sys", changes
        assert [p.get_content_type() for p in msg.iter_attachments()] == ["application/pdf"], changes


def test_a_subject_is_one_line_whatever_the_template_gives():
    raw = build(mail(subject="Accusé\nde  réception\r\nBcc: v@example.org"), "intake.x.tok@ville-bethune.fr", WHEN, "s")
    assert seen(raw)["headers"]["Subject"] == "Accusé de réception Bcc: v@example.org [BSC-2026-0007]"


def test_an_internationalised_address_gets_utf8_headers():
    raw = build(mail(to_addr="josé@exemple.fr"), "intake.x.tok@ville-bethune.fr", WHEN, "sys")
    assert "To: josé@exemple.fr".encode() in raw
    assert seen(raw)["plain"].startswith("Bonjour")


@pytest.mark.parametrize("address, wire", [
    ("contact@mairie-béthune.fr", "contact@xn--mairie-bthune-ihb.fr"),
    ("contact@Mairie-Béthune.FR", "contact@xn--mairie-bthune-ihb.fr"),  # UTS #46 maps the case
    ("info@straße.de", "info@xn--strae-oqa.de"),  # IDNA 2008: not strasse.de, someone else's domain
    ("josé@exemple.fr", "josé@exemple.fr"),  # a local part in Unicode has no ASCII form: SMTPUTF8
    ("josé@béthune.fr", "josé@béthune.fr"),
    ("a@☃.example", "a@☃.example"),  # a domain IDNA refuses is left to the relay
    ("jean.dupont@asso.example", "jean.dupont@asso.example"),
])
def test_an_internationalised_domain_travels_in_its_ascii_form(address, wire):
    assert wire_address(address) == wire
    assert needs_smtputf8(address) == (not wire.isascii())


def test_a_mail_to_an_internationalised_domain_is_all_ascii_and_built_as_any_other():
    raw = build(mail(to_addr="contact@mairie-béthune.fr"), "intake.x.tok@ville-bethune.fr", WHEN, "sys")
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii() and b"\r\nTo: contact@xn--mairie-bthune-ihb.fr\r\n" in head


@pytest.mark.parametrize("to", ["jean.dupont@asso.example", "jéan@asso.example"], ids=["ascii", "smtputf8"])
def test_an_encoded_word_written_in_a_subject_is_shown_as_written(to):
    """Attacker's review (attack8): a subject template may repeat what the applicant wrote (« {{ original_subject }} »,
    a title), masked first; but text that spells an encoded word (« =?utf-8?q?www=2Eevil=2Ecom?= », the applicant's
    subject itself encoded once more) was put in our Subject as it was, and every mail program decoded it: our mail's
    subject read « www.evil.com », a link the masking never saw. The subject shows what was written."""
    from email.parser import BytesParser

    raw = build(mail(to_addr=to, subject="Accusé de réception : =?utf-8?q?Payez_sur_www=2Eevil=2Ecom?="), "m@x", WHEN,
                "sys")
    shown = str(BytesParser(policy=policy.default).parsebytes(raw)["Subject"])
    assert "www.evil.com" not in shown and "=?utf-8?q?Payez_sur_www=2Eevil=2Ecom?=" in shown.replace("\u2060", ""), \
        shown
