"""Issue 8: no outsider can steer the service. Each finding of the security review, replayed against the
real Dovecot and SMTP servers: the attacker's side and the applicant's side are real mailboxes."""

from __future__ import annotations

import email
import email.policy
import time
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from sqlmodel import select

from intake.commands import samples
from intake.commands.followups import queue_due_reminders
from intake.pipeline.send import send_due
from intake.store.database import session
from intake.store.tables import Address, Inbound, Outbox

LETTER = ("Lettre au Maire.pdf", samples.pdf("Monsieur le Maire\nJ'ai l'honneur de solliciter le label."),
          "application/pdf")


def text_of(mail: EmailMessage) -> str:
    return mail.get_body(("plain",)).get_content()


# --------------------------------------------------------------------------- finding 1: taking over a case
def test_a_stranger_citing_a_case_learns_nothing_of_it_and_the_applicant_keeps_it(intake, people):
    vera, mallory = people["vera"], people["mallory"]
    intake.deliver(intake.application(sender=f"Vera Victime <{vera}>", pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    ref = case["reference"]
    attack = samples.email(sender=f"Mallory <{mallory}>", to=[intake.nb], subject=f"RE: {ref}",
                           attachments=[("photo.jpg", samples.jpeg(seed=9), "image/jpeg"), LETTER])
    intake.deliver(attack, intake.nb)
    intake.poll()
    cases = {c["reference"]: c for c in intake.cases()}
    assert cases[ref]["status"] == "incomplete" and cases[ref]["messages"] == 1  # untouched
    assert cases[ref]["pieces"] == ["dossier", "visuels"]
    (other,) = [c for r, c in cases.items() if r != ref]
    assert other["applicant"] == mallory and other["status"] == "review"
    assert f"un tiers ({mallory}) cite le dossier {ref}" in other["attention"]
    assert "cited" in [e["kind"] for e in intake.case(ref)["events"]]
    for mail in intake.inbox(mallory):  # at most a neutral acknowledgement of their own case
        body = text_of(mail)
        assert ref not in body + mail["Subject"] and "Vera" not in body and "photo-projet.jpg" not in body
        assert other["reference"] in mail["Subject"]
    # the applicant still gets the reminder and the decision, and only the applicant
    assert queue_due_reminders(intake.app(shift=timedelta(days=10))).queued == 1
    send_due(intake.app(shift=timedelta(days=10)))
    code, out = intake.cli("case", ref, "status", "declined", "--note", "hors périmètre", "--notify")
    assert code == 0, out
    about_ref = [m for m in intake.sent() if ref in m["Subject"]]
    assert {m["To"].addresses[0].addr_spec for m in about_ref} == {vera}
    mails = intake.inbox(vera)  # the acknowledgement, the reminder, the decision
    assert len(mails) == 3 and all(ref in m["Subject"] for m in mails)
    assert mails[1]["Auto-Submitted"] == "auto-generated" and "hors périmètre" in text_of(mails[2])
    assert not [m for m in intake.inbox(mallory) if ref in m["Subject"]]


def test_the_applicant_replying_to_our_mail_still_completes_the_case(intake, people):
    vera = people["vera"]
    intake.deliver(intake.application(sender=vera, pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (ack,) = intake.inbox(vera)
    reply = samples.email(sender=vera, to=[intake.nb], subject="RE: " + ack["Subject"], attachments=[LETTER],
                          headers={"In-Reply-To": ack["Message-ID"], "References": ack["Message-ID"]})
    intake.deliver(reply, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2


# --------------------------------------------------------------------------- finding 7: Reply-To and display name
def test_reply_to_and_a_display_name_with_a_link_never_steer_the_acknowledgement(intake, people):
    vera, paul = people["vera"], people["paul"]
    raw = intake.application(sender=f'"Votre compte est suspendu, connectez-vous sur http://evil.example" <{vera}>',
                             headers={"Reply-To": paul})
    intake.deliver(raw, intake.nb)
    intake.poll()
    assert intake.inbox(paul) == []
    (ack,) = intake.inbox(vera)
    body = text_of(ack)
    assert body.startswith("Bonjour,") and "evil.example" not in body and "suspendu" not in body
    (case,) = intake.cases()
    addresses = {a["address"]: a for a in intake.case(case["reference"])["addresses"]}
    assert addresses[paul]["role"] == "named" and addresses[vera]["role"] == "applicant"  # recorded, shown to staff


# --------------------------------------------------------------------------- finding 2: forwards
def forward(sender: str, to: str, *, ar: str = "", message_id: str | None = None) -> bytes:
    """A forward of paul's application, attached as a message (an inline forward above it would be the forward of
    that inline message, which carried paul's: see test_an_outsider_s_attached_message_never_becomes_the_applicant)."""
    original = samples.email(sender="Paul <paul@cible.example>", to=["accueil@ville-bethune.fr"],
                             subject="Candidature label",
                             attachments=[("dossier.pdf", samples.pdf("Dossier d'intention\nTitre du projet : X"),
                                           "application/pdf"), LETTER])
    msg = EmailMessage()
    if ar:
        msg["Authentication-Results"] = ar
    msg["From"], msg["To"], msg["Subject"] = sender, to, "TR: Candidature label"
    msg["Message-ID"] = message_id or make_msgid(domain="example.test")
    msg["Date"] = email.utils.formatdate()
    msg.set_content("Voici la candidature reçue à l'accueil.")
    msg.add_attachment(email.message_from_bytes(original, policy=email.policy.default))
    return msg.as_bytes()


def test_a_forward_spoofing_a_staff_address_makes_the_town_write_to_nobody(intake):
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    forged = "mx.example.test; dmarc=pass header.from=example.test"  # below the real one: the MX added its own on top
    raw = forward(intake.db, intake.nb, ar=forged)
    real = b"Authentication-Results: mx.example.test; spf=fail smtp.mailfrom=evil.example; dmarc=fail " \
           b"header.from=example.test\r\n"
    intake.deliver(real + raw, intake.nb)
    intake.poll()
    assert intake.smtp.messages == []  # nobody quoted inside got mail, nobody at all
    (case,) = intake.cases()
    assert case["status"] == "review" and case["applicant"] == intake.db
    assert "non authentifié" in case["attention"] and "paul@cible.example" in case["attention"]


def test_a_forward_authenticated_by_the_towns_server_is_filed_under_the_original_sender(intake):
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    raw = forward(intake.db, intake.nb,
                  ar="mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test")
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "paul@cible.example"
    assert [m["To"].addresses[0].addr_spec for m in intake.sent()] == ["paul@cible.example"]
    explained = intake.config.parent / "fwd.eml"
    explained.write_bytes(raw)
    code, out = intake.cli("explain", str(explained))
    assert code == 0 and "Transfert de confiance" in out and "dmarc=pass" in out


def test_a_forward_found_in_the_staff_members_sent_folder_is_trusted(intake):
    intake.configure("")
    text = intake.config.read_text().replace(f'username = "{intake.db}"',
                                            f'username = "{intake.db}"\nsent_folder = "Sent"', 1)
    intake.config.write_text(text)
    raw = forward(intake.db, intake.nb)
    intake.dovecot.doveadm("mailbox", "create", "-u", intake.db, "Sent")
    intake.dovecot.append(intake.db, raw, folder="Sent")
    intake.deliver(raw, intake.nb)
    forged = forward(intake.db, intake.nb, message_id=email.message_from_bytes(raw)["Message-ID"]).replace(
        b"Paul <paul@cible.example>", b"Paul <victim@cible.example>")  # same Message-ID, other content
    intake.deliver(forged, intake.nb)
    intake.poll()
    applicants = sorted(c["applicant"] for c in intake.cases())
    assert applicants == [intake.db, "paul@cible.example"]
    assert [m["To"].addresses[0].addr_spec for m in intake.sent()] == ["paul@cible.example"]


def test_a_forward_sent_to_an_outsider_and_sent_back_readdressed_is_not_vouched_for_by_the_sent_folder(intake):
    """The colleague forwarded paul's application to a partner outside; the partner sent those bytes back with To
    rewritten to the watched mailbox: same Message-ID, sender, date, subject, text and files as the copy in the Sent
    folder. It was a trusted forward of paul (and of whomever the partner had written in the attached mail)."""
    intake.configure("")
    text = intake.config.read_text().replace(f'username = "{intake.db}"',
                                            f'username = "{intake.db}"\nsent_folder = "Sent"', 1)
    intake.config.write_text(text)
    sent = forward(intake.db, "partenaire@asso.example")
    intake.dovecot.doveadm("mailbox", "create", "-u", intake.db, "Sent")
    intake.dovecot.append(intake.db, sent, folder="Sent")
    intake.deliver(sent.replace(b"To: partenaire@asso.example", f"To: {intake.nb}".encode(), 1), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == intake.db and intake.sent() == []


def signed(raw: bytes, h: str) -> bytes:
    """`raw` with the DKIM-Signature of example.test that the town's server says passed (header.b=AbCdEfGh)."""
    return (f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=s1;\r\n\th={h};\r\n"
            "\tbh=x=; b=AbCdEfGh0123\r\n").encode() + raw


@pytest.mark.parametrize("h, trusted", [("from:to:cc:subject:date", True), ("from:subject:date", False)])
def test_a_dkim_pass_vouches_for_a_forward_only_if_the_signature_signs_its_recipients(intake, h, trusted):
    """The town's mail to an outsider keeps a passing DKIM signature; if it does not sign To and Cc, the outsider
    rewrites To to a watched mailbox and sends it back through any server: dkim=pass, dmarc=pass, no SPF pass."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    raw = signed(forward(intake.db, intake.nb, ar="mx.example.test; spf=none smtp.mailfrom=evil.example; dkim=pass "
                         "header.d=example.test header.b=AbCdEfGh; dmarc=pass header.from=example.test"), h)
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert (case["applicant"] == "paul@cible.example") is trusted
    assert bool(intake.sent()) is trusted
    explained = intake.config.parent / "dkim.eml"
    explained.write_bytes(raw)
    code, out = intake.cli("explain", str(explained))
    assert code == 0 and ("Transfert de confiance" in out) is trusted
    if not trusted:
        assert "ne couvre pas le champ To" in out


# --------------------------------------------------------------------------- finding 4: bounces
def test_a_forged_bounce_silences_nobody_and_a_real_one_is_believed(intake, people):
    vera = people["vera"]
    intake.deliver(intake.application(sender=vera, pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (ack,) = intake.inbox(vera)
    forged = samples.email(sender="MAILER-DAEMON@anything.example", to=[intake.nb], subject="Undelivered Mail",
                           body=f"The following addresses failed:\n{vera}: 550 5.1.1 user unknown\n"
                                f"someone@else.example: 550 5.1.1 user unknown\n")
    intake.deliver(forged, intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        assert s.get(Address, vera) is None
        (row,) = s.exec(select(Inbound).where(Inbound.from_addr == "mailer-daemon@anything.example")).all()
        assert row.fate == "ignored" and "aucun courriel envoyé par le service" in row.reason
    assert queue_due_reminders(intake.app(shift=timedelta(days=10))).queued == 1  # still written to
    real = samples.email(sender="MAILER-DAEMON@mx.vera.example", to=[intake.nb], subject="Undelivered Mail",
                         body=f"Status: 5.1.1\nFinal-Recipient: rfc822; {vera}\nMessage-ID: {ack['Message-ID']}\n")
    intake.deliver(real, intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        assert s.get(Address, vera).undeliverable


def test_a_bounce_to_a_tagged_envelope_sender_is_believed(intake, people):
    vera = people["vera"]
    intake.configure('[trust]\nsubaddress = "+"')
    intake.deliver(intake.application(sender=vera, pieces=("dossier",)), intake.nb)
    intake.poll()
    (sent,) = intake.smtp.messages
    local, domain = intake.nb.split("@")
    assert sent.mail_from.startswith(f"{local}+bsc-") and sent.mail_from.endswith("@" + domain)
    bounce = samples.email(sender="MAILER-DAEMON@mx.vera.example", to=[sent.mail_from], subject="Undelivered",
                           body="Status: 5.1.1\nAction: failed\n")  # names no Message-ID at all
    intake.deliver(bounce, intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        assert s.get(Address, vera).undeliverable


# --------------------------------------------------------------------------- findings 3, 6: bounded work
def many_parts(n: int, sender: str, to: str, headers: str = "") -> bytes:
    parts = [f"--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; "
             f"filename=\"f{i}.bin\"\r\n\r\npart {i}\r\n" for i in range(n)]
    return (f"From: {sender}\r\nTo: {to}\r\nSubject: Candidature\r\nMessage-ID: <{n}.{sender}>\r\n{headers}"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
            + "".join(parts) + "--B--\r\n").encode()


def test_a_message_no_parser_can_read_is_set_aside_and_the_mailbox_reads_on(intake):
    """A second attacker's review: a From of 1,000 "(" overflowed the stdlib's address parser again while the
    unreadable message was being set aside, so every poll stopped on it and the application behind it was never
    filed. It is now quarantined, and whatever a message raises while it is read sets it aside, never the box."""
    poison = (f"From: {'(' * 1000}\r\nTo: {intake.nb}\r\nSubject: x\r\nMessage-ID: <poison@x.example>\r\n\r\nx\r\n"
              ).encode()
    intake.deliver(poison, intake.nb)
    intake.deliver(intake.application(sender="Vera <vera@asso.example>"), intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        fates = sorted(r.fate for r in s.exec(select(Inbound)).all())
    assert fates == ["filed", "quarantined"] and len(intake.cases()) == 1


def test_mail_ignored_whatever_it_carries_is_not_kept_when_it_is_over_a_limit(intake):
    """An attacker's review: a colleague's own mail or a newsletter over a limit was set aside whole, for 30 days,
    readable by every staff member. The limits guard the reading of files that can matter; these are ignored
    whatever they carry: a ledger line, nothing kept. A stranger's mail over a limit is still set aside."""
    intake.deliver(many_parts(151, "rh@ville-bethune.fr", intake.nb), intake.nb)  # over max_attachments
    intake.deliver(many_parts(1_500, "info@gazette.example", intake.nb,  # over max_parts: known by its headers
                              "List-Id: <lettre.gazette.example>\r\nPrecedence: bulk\r\n"), intake.nb)
    intake.deliver(many_parts(151, "a@x.example", intake.nb), intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        rows = {r.from_addr: r for r in s.exec(select(Inbound)).all()}
    colleague, newsletter, stranger = (rows[a] for a in ("rh@ville-bethune.fr", "info@gazette.example", "a@x.example"))
    assert colleague.fate == newsletter.fate == "ignored" and not colleague.raw_sha256 and not newsletter.raw_sha256
    assert "non lu en entier (au-delà des limites" in newsletter.reason and newsletter.subject == ""
    assert stranger.fate == "quarantined" and "max_attachments" in stranger.reason
    stored = [p for p in (intake.app().settings.data_dir / "files").rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [stranger.raw_sha256]


def test_a_mail_of_ten_thousand_parts_is_quarantined_in_seconds_with_its_bytes_kept(intake):
    intake.deliver(many_parts(10_000, "a@x.example", intake.nb), intake.nb)
    started = time.monotonic()
    intake.poll()
    assert time.monotonic() - started < 20
    with session(intake.app().engine) as s:
        (row,) = s.exec(select(Inbound)).all()
    assert row.fate == "quarantined" and "max_parts" in row.reason
    assert intake.app().blobs.get(row.raw_sha256).count(b"--B\r\n") == 10_000


def test_ten_thousand_parts_within_raised_limits_cost_linear_time(intake):
    intake.configure("[limits]\nmax_parts = 20000\nmax_attachments = 20000")
    intake.deliver(many_parts(10_000, "a@x.example", intake.nb), intake.nb)
    started = time.monotonic()
    intake.poll()
    assert time.monotonic() - started < 30
    with session(intake.app().engine) as s:
        (row,) = s.exec(select(Inbound)).all()
    assert row.fate == "ignored"


# --------------------------------------------------------------------------- finding 5: the reading budget
def heavy_docx(n: int) -> bytes:
    """A small DOCX whose text takes a second or two to read (a large, very compressible document.xml)."""
    import io
    import zipfile

    base = zipfile.ZipFile(io.BytesIO(samples.docx("Dossier d'intention")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            data = base.read(info)
            if info.filename == "word/document.xml":
                head = data.decode().partition("<w:body>")[0]
                data = (head + "<w:body>" + f"<w:p><w:r><w:t>dossier {n}</w:t></w:r></w:p>" * 300_000
                        + "</w:body></w:document>").encode()
            z.writestr(info, data)
    return out.getvalue()


def test_thirty_docx_in_one_mail_stay_within_the_reading_budget(intake):
    # one reading process (by default, one per CPU): 30 documents of about 2 s each (2.4 s of CPU here) outlast 8 s
    # on any machine less than seven times faster than the project's, whatever its number of CPUs (eight CPUs had
    # eight processes by default, 64 s of reading between them: all 30 could be read, and the test would fail)
    intake.configure("[limits]\nread_seconds = 8\nread_processes = 1")
    files = [(f"dossier-{n}.docx", heavy_docx(n), "application/vnd.openxmlformats-officedocument."
              "wordprocessingml.document") for n in range(30)]
    intake.deliver(samples.email(sender="a@x.example", to=[intake.nb], subject="Candidature", attachments=files),
                   intake.nb)
    started = time.monotonic()
    intake.poll()
    assert time.monotonic() - started < 8 + 15
    (case,) = intake.cases()
    assert case["status"] == "review" and "non lu, à vérifier" in case["attention"]
    files = intake.case(case["reference"])["piece_files"]
    unread = [p for p in files if "temps dépassé" in p["evidence"]]
    # every file is on the case, read or said unread for lack of time; how many are read within the 8 s depends on
    # the machine and the interpreter (on the project's 2 CPUs, with a process each, 18 of the 30 unread in one run,
    # 20 or more in others)
    assert len(files) == 30 and unread


# --------------------------------------------------------------------------- finding 9: reused Message-ID
def test_another_mail_reusing_a_message_id_is_filed_as_its_own_and_flagged(intake, people):
    vera, mallory = people["vera"], people["mallory"]
    mid = make_msgid(domain="x.example")
    intake.deliver(intake.application(sender=mallory, message_id=mid, subject="Premier"), intake.nb)
    intake.poll()
    intake.deliver(intake.application(sender=vera, message_id=mid, subject="Notre candidature"), intake.nb,
                   intake.db)  # and its copy in the other mailbox is a copy
    intake.poll()
    cases = {c["applicant"]: c for c in intake.cases()}
    assert set(cases) == {vera, mallory}
    assert "Message-ID est aussi celui d'un autre message" in cases[vera]["attention"]
    assert len(intake.inbox(vera)) == 1 and len(intake.inbox(mallory)) == 1
    with session(intake.app().engine) as s:
        fates = sorted(r.fate for r in s.exec(select(Inbound)))
    assert fates == ["duplicate", "filed", "filed"]


# --------------------------------------------------------------------------- finding 10: unreadable "pieces"
def test_files_that_cannot_be_read_never_complete_a_case(intake, people):
    vera = people["vera"]
    fake = [("dossier.pdf", b"%PDF-1.4\n" + b"\x00" * 70, "application/pdf"),
            ("courrier maire.pdf", b"%PDF-1.7\n" + b"\x01" * 70, "application/pdf"),
            ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x11" * 40_000 + b"\xff\xd9", "image/jpeg")]
    intake.deliver(samples.email(sender=vera, to=[intake.nb], subject="Candidature", attachments=fake), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and case["pieces"] == []
    assert sorted(case["unrecognised"]) == ["courrier maire.pdf", "dossier.pdf", "photo.jpg"]
    assert case["attention"].count("non lu, à vérifier") == 3


# --------------------------------------------------------------------------- finding 11: internationalised mail
def test_raw_utf8_headers_are_read_and_an_internationalised_address_needs_smtputf8(intake):
    raw = intake.application(sender="Jérôme Lefèvre <jerome@exemple.example>", subject="Candidature Éco-quartier")
    raw = raw.replace(b"<jerome@exemple.example>", "<jérôme@exemple.example>".encode())
    raw = raw.replace(b"Subject: =?utf-8?q?Candidature_=C3=89co-quartier?=",
                      "Subject: Candidature Éco-quartier".encode())
    intake.deliver(raw, intake.nb)
    intake.poll()  # the relay does not offer SMTPUTF8: a clear refusal, on the case
    (case,) = intake.cases()
    assert case["applicant"] == "jérôme@exemple.example" and case["title"] == "Candidature Éco-quartier"
    (mail,) = intake.case(case["reference"])["mails"]
    assert mail["status"] == "failed" and "SMTPUTF8" in mail["last_error"]
    assert intake.smtp.messages == []


def test_an_internationalised_address_is_written_to_over_smtputf8(intake):
    intake.smtp.down()
    intake.smtp.smtputf8 = True
    intake.smtp.up()
    raw = intake.application(sender="jerome@exemple.example").replace(b"jerome@exemple.example",
                                                                      "jérôme@exemple.example".encode())
    intake.deliver(raw, intake.nb)
    intake.poll()
    (sent,) = intake.smtp.messages
    assert "SMTPUTF8" in sent.mail_options and sent.rcpt_tos == ["jérôme@exemple.example"]
    assert "To: jérôme@exemple.example".encode() in sent.data


@pytest.mark.parametrize("smtputf8", [False, True], ids=["relay-without-smtputf8", "relay-with-smtputf8"])
def test_an_internationalised_domain_is_written_to_in_its_ascii_form_without_smtputf8(intake, smtputf8):
    """contact@mairie-béthune.example: the domain has an ASCII form (IDNA), which every relay delivers; only a
    non-ASCII local part needs SMTPUTF8. The case keeps the address as the applicant wrote it."""
    intake.smtp.down()
    intake.smtp.smtputf8 = smtputf8
    intake.smtp.up()
    raw = intake.application(sender="Mairie <contact@mairie-bethune.example>").replace(
        b"contact@mairie-bethune.example", "contact@Mairie-Béthune.example".encode())
    intake.deliver(raw, intake.nb)
    intake.poll()
    (sent,) = intake.smtp.messages
    assert sent.rcpt_tos == ["contact@xn--mairie-bthune-ihb.example"] and "SMTPUTF8" not in sent.mail_options
    head = sent.data.split(b"\r\n\r\n", 1)[0]
    assert head.isascii() and b"To: contact@xn--mairie-bthune-ihb.example" in head
    (case,) = intake.cases()
    assert case["applicant"] == "contact@mairie-béthune.example"  # stored and shown as written
    (mail,) = intake.case(case["reference"])["mails"]
    assert mail["status"] == "sent" and mail["to"] == "contact@mairie-béthune.example"


def test_a_control_character_in_the_sender_or_a_huge_message_id_gets_a_clear_answer(intake):
    bad = intake.application(sender="a@x.example").replace(b"From: a@x.example", b"From: a\x01b@x.example")
    huge = intake.application(sender="b@x.example", message_id="<" + "x" * 20_000 + "@x.example>")
    intake.deliver(bad, intake.nb)
    intake.deliver(huge, intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        rows = {r.uid: r for r in s.exec(select(Inbound))}
        ack = s.exec(select(Outbox)).one()
    assert "erreur interne" not in " ".join(r.reason for r in rows.values())
    assert sorted(r.fate for r in rows.values()) == ["filed", "quarantined"]
    assert b"In-Reply-To" not in ack.raw and ack.to_addr == "b@x.example"


def test_a_forged_forward_naming_every_sent_message_by_a_substring_downloads_none_of_them(intake, monkeypatch):
    """The fifth attacker's review: the Sent folder is searched by Message-ID with IMAP's SEARCH HEADER, which
    matches a substring: a forged forward from a staff address with Message-ID <ville-bethune.fr> named every
    message staff ever sent, and five of them (up to max_message_bytes each) were downloaded and parsed in the
    poller's process for each such forgery. More than MAX_SAME_ID matches are no evidence: nothing is fetched."""
    from intake.adapters.imap import ImapSource

    text = intake.config.read_text().replace(f'username = "{intake.db}"',
                                            f'username = "{intake.db}"\nsent_folder = "Sent"', 1)
    intake.config.write_text(text)
    intake.dovecot.doveadm("mailbox", "create", "-u", intake.db, "Sent")
    for i in range(8):
        intake.dovecot.append(intake.db, samples.email(sender=intake.db, to=[f"p{i}@x.example"], subject=f"r{i}",
                                                       message_id=f"<{i}.sent@{intake.db.split('@')[1]}>"),
                              folder="Sent")
    fetched = []
    real_fetch = ImapSource.fetch
    monkeypatch.setattr(ImapSource, "fetch", lambda self, uid, *a, **kw: fetched.append((self.mailbox.folder, uid))
                        or real_fetch(self, uid, *a, **kw))
    forged = forward(intake.db, intake.nb, message_id=f"<{intake.db.split('@')[1]}>")
    intake.deliver(forged, intake.nb)
    intake.poll()
    assert [f for f in fetched if f[0] == "Sent"] == []
    assert [c["applicant"] for c in intake.cases()] != ["paul@cible.example"]


# --------------------------------------------------------------------------- file-transfer services' notices
def wetransfer_notice(person: str, to: str, ar: str = "") -> bytes:
    """WeTransfer « par e-mail »: the service writes to staff from its robot, the sender in Reply-To."""
    return (f"{'Authentication-Results: ' + ar + chr(13) + chr(10) if ar else ''}"
            f"From: WeTransfer <noreply@wetransfer.com>\r\nReply-To: {person}\r\nTo: {to}\r\n"
            f"Subject: {person} vous a envoyé Photos du projet\r\nDate: {email.utils.formatdate()}\r\n"
            f"Message-ID: {make_msgid(domain='wetransfer.com')}\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            f"{person} vous a envoyé des fichiers\r\n\r\nPhotos du projet\r\n3 fichiers, 45,2 Mo au total\r\n\r\n"
            "Télécharger vos fichiers : https://we.tl/t-Ab3dEf9hIj\r\n").encode()


def test_an_authenticated_wetransfer_notice_brings_the_visuals_to_the_applicant_s_case(intake, people):
    """The photos sent with WeTransfer were lost (the notice was a robot's mail) and the applicant reminded of
    them; a forged notice writes to nobody and changes no case."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    vera = people["vera"]
    intake.deliver(intake.application(sender=vera, pieces=("dossier", "courrier")), intake.nb)
    intake.poll()
    assert intake.cases()[0]["status"] == "incomplete"
    intake.deliver(wetransfer_notice(vera, intake.nb, ar="mx.example.test; spf=fail smtp.mailfrom=evil.example; "
                                                        "dmarc=fail header.from=wetransfer.com"), intake.nb)
    intake.poll()
    assert intake.cases()[0]["status"] == "incomplete" and len(intake.inbox(vera)) == 1  # the acknowledgement only
    intake.deliver(wetransfer_notice(vera, intake.nb, ar="mx.example.test; dkim=pass header.d=wetransfer.com; "
                                                        "dmarc=pass header.from=wetransfer.com"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2
    assert all(m["To"].addresses[0].addr_spec == vera for m in intake.sent())  # never to the robot
    with session(intake.app().engine) as s:
        reasons = [r.reason for r in s.exec(select(Inbound).order_by(Inbound.id))]
    assert "notification de noreply@wetransfer.com" in reasons[-1], reasons
    assert reasons[1] == "automatic: reconnu à son adresse noreply@wetransfer.com", reasons  # the notice alone: a robot


def robot_notice(sender: str, person: str, to: str, domain: str, link: str, subject: str,
                 reply_to: str | None = None) -> bytes:
    """A mail that looks like a transfer notice to the code that recognises one, written by an outsider: from a
    mailbox of their own whose name they chose (« …noreply… »), at a domain the town's server authenticates."""
    return (f"Authentication-Results: mx.example.test; dkim=pass header.d={domain}; dmarc=pass header.from={domain}\r\n"
            f"From: {sender}\r\nReply-To: {person if reply_to is None else reply_to}\r\nTo: {to}\r\n"
            f"Subject: {subject}\r\nDate: {email.utils.formatdate()}\r\n"
            f"Message-ID: {make_msgid(domain=domain)}\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            f"Voici les photos du projet : {link}\r\n").encode()


def test_an_outsider_s_own_mailbox_at_a_transfer_site_s_domain_speaks_for_nobody(intake, people):
    """A mailbox anyone can open at icloud.com (a listed site), free.fr (just above dl.free.fr) or live.com (just
    above onedrive.live.com), named « …noreply… », passes DMARC for its domain: it was read as a transfer service's
    notice and filed as the message of whoever its Reply-To named. Mallory completed Vera's case with her own
    link, and opened a case in Paul's name that the town acknowledged to Paul (a relay through Reply-To)."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    vera, paul = people["vera"], people["paul"]
    intake.deliver(intake.application(sender=vera, pieces=("dossier", "courrier")), intake.nb)
    intake.poll()
    assert intake.cases()[0]["status"] == "incomplete"
    intake.deliver(robot_notice("Mallory <mallory_noreply@icloud.com>", vera, intake.nb, "icloud.com",
                                "https://www.icloud.com/attachment/?u=https%3A%2F%2Fcvws.icloud-content.com%2Fx",
                                "Photos du projet"), intake.nb)
    intake.deliver(robot_notice("no-reply.mallory@free.fr", paul, intake.nb, "free.fr", "https://dl.free.fr/abc123",
                                "Candidature label Smart City : visuels"), intake.nb)
    intake.deliver(robot_notice("mallory.noreply@live.com", paul, intake.db, "live.com",
                                "https://onedrive.live.com/?cid=1&id=2", "Candidature label Smart City"), intake.db)
    intake.poll()
    cases = intake.cases()
    assert [(c["applicant"], c["status"], c["messages"]) for c in cases if c["applicant"] == vera] == \
        [(vera, "incomplete", 1)]
    assert not [c for c in cases if c["applicant"] == paul]
    assert len(intake.inbox(vera)) == 1 and intake.inbox(paul) == []  # Vera's acknowledgement only


def test_a_service_notice_names_its_person_in_reply_to_never_in_a_subject_its_sender_wrote(intake, people):
    """WeTransfer writes the transfer's title, which its sender chose, in the notice's subject. Mallory, whose
    WeTransfer account is « noreply@mallory.example » (a robot's name, so no person), titled her transfer with
    Vera's address: the authenticated notice was filed as Vera's message and completed her case."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    vera = people["vera"]
    intake.deliver(intake.application(sender=vera, pieces=("dossier", "courrier")), intake.nb)
    intake.poll()
    intake.deliver(robot_notice("WeTransfer <noreply@wetransfer.com>", vera, intake.nb, "wetransfer.com",
                                "https://we.tl/t-Ab3dEf9hIj", f"noreply@mallory.example vous a envoyé {vera}",
                                reply_to="noreply@mallory.example"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["messages"] == 1 and len(intake.inbox(vera)) == 1


def test_an_outsider_s_attached_message_never_becomes_the_applicant(intake, people):
    """Mallory writes to the town's front desk with her files and, attached, an Outlook item (.msg) and a message
    (.eml) whose senders are other people's addresses: nothing inside them is authenticated. Staff forward her
    mail inline to the watched mailbox, as they do, and the forward keeps its files: the attached items' senders
    came before the inline forward's, so the case was filed under the .msg's sender, acknowledged to that third
    party, or joined Vera's open case with Mallory's pieces. The inline forward is Mallory's: her case."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    vera, mallory = people["vera"], people["mallory"]
    intake.deliver(intake.application(sender=vera, pieces=("dossier", "courrier")), intake.nb)
    intake.poll()
    item = (Path(__file__).resolve().parents[1] / "corpus" / "msgreader" / "EmailWithAttachments.msg").read_bytes()
    vera_mail = EmailMessage()
    vera_mail["From"], vera_mail["To"], vera_mail["Subject"] = vera, "accueil@ville-bethune.fr", "Mes photos"
    vera_mail.set_content("Les photos du projet.")
    for attached in ("msg", "eml"):
        msg = EmailMessage()
        msg["Authentication-Results"] = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass " \
                                        "header.from=example.test"
        msg["From"], msg["To"], msg["Subject"] = intake.db, intake.nb, "TR: Candidature label Smart City"
        msg["Message-ID"], msg["Date"] = make_msgid(domain="example.test"), email.utils.formatdate()
        msg.set_content("Reçue à l'accueil.\n\n---------- Message transféré ---------\n"
                        f"De : Mallory <{mallory}>\nDate : lundi 23 novembre 2026\nObjet : Candidature label Smart "
                        "City\n\nBonjour, voici nos photos.")
        msg.add_attachment(samples.jpeg(seed=3), maintype="image", subtype="jpeg", filename="photo-projet.jpg")
        if attached == "msg":
            msg.add_attachment(item, maintype="application", subtype="vnd.ms-outlook", filename="Candidature.msg")
        else:
            msg.add_attachment(vera_mail)
        intake.deliver(msg.as_bytes(), intake.nb)
        intake.poll()
    cases = intake.cases()
    assert [(c["status"], c["messages"]) for c in cases if c["applicant"] == vera] == [("incomplete", 1)]
    assert not [c for c in cases if c["applicant"] == "peterpan@neverland.com"]
    assert {c["applicant"] for c in cases} == {vera, mallory}
    assert {m["To"].addresses[0].addr_spec for m in intake.sent()} <= {vera, mallory}
    assert len(intake.inbox(vera)) == 1  # her acknowledgement only
