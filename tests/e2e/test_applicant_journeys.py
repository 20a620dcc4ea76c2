"""Applicants going through the whole conversation with the service over the real servers: a volunteer of a small
association, a company's communication officer, a citizen on a phone. Their mailboxes are real Dovecot users
(our mail reaches them through SMTP and LMTP); their messages are written as their mail programs write them.
Each journey reads what the applicant receives, as the applicant would."""

from __future__ import annotations

import io
import os
import re
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

import documents as d
import pytest
from clientmail import _b64, _qp, _raw
from pypdf import PdfReader

from intake.commands import samples

DUMP = os.environ.get("APPLICANT_DUMP")  # a folder: write what each applicant reads there, to read it by eye


def _now(shift: timedelta = timedelta(0)) -> str:
    return format_datetime(datetime.now(timezone.utc) + shift)


def _sender(ours: EmailMessage) -> str:
    return ours["From"].addresses[0].addr_spec


def _text(mail: EmailMessage) -> str:
    return mail.get_body(("plain",)).get_content()


def _html(mail: EmailMessage) -> str:
    return mail.get_body(("html",)).get_content()


def _receipt(mail: EmailMessage) -> str:
    pdfs = [p for p in mail.iter_attachments() if p.get_content_type() == "application/pdf"]
    if not pdfs:
        return "(pas de récépissé)"
    (pdf,) = pdfs
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)


def read_all(intake, user: str, name: str) -> list[EmailMessage]:
    """Everything the applicant received, in order; dumped for reading when APPLICANT_DUMP is set."""
    mails = intake.inbox(user)
    if DUMP:
        with open(os.path.join(DUMP, f"{name}.txt"), "w", encoding="utf-8") as out:
            for m in mails:
                out.write(f"===== {m['Subject']}\nFrom: {m['From']}\nTo: {m['To']}\n"
                          f"Auto-Submitted: {m['Auto-Submitted']}\n\n{_text(m)}\n----- HTML\n{_html(m)}\n"
                          f"----- PDF {[p.get_filename() for p in m.iter_attachments()]}\n{_receipt(m)}\n\n")
    return mails


def iphone_reply_with_signature(ours: EmailMessage, applicant: str, letter: bytes) -> bytes:
    """iOS Mail answering our acknowledgement from the phone: top-posted text, an HTML signature with the
    association's logo inline (multipart/related, cid:), the letter photographed as a PDF, « Envoyé de mon iPhone »,
    our mail quoted under « Le … a écrit : »."""
    quoted = "\n".join("> " + line for line in _text(ours).splitlines())
    text = (f"Bonjour,\n\nVoici le courrier signé par notre présidente.\n\nJeanne Roux\nLes Jardins du Quartier\n\n"
            f"Envoyé de mon iPhone\n\n> Le 30 nov. 2026 à 10:12, {_sender(ours)} a écrit :\n> \n{quoted}\n")
    html = ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
            '<body dir="auto"><div dir="ltr">Bonjour,</div><div dir="ltr"><br></div><div dir="ltr">Voici le courrier '
            'signé par notre présidente.</div><div dir="ltr"><br>Jeanne Roux<br>Les Jardins du Quartier<br>'
            '<img src="cid:5E7F9A1B-2C3D-4E5F-8A9B-0C1D2E3F4A5B" alt="logo.png" width="120"></div>'
            '<div dir="ltr"><br><div dir="ltr">Envoyé de mon iPhone</div></div><div dir="ltr"><br><blockquote '
            f'type="cite">Le 30 nov. 2026 à 10:12, {_sender(ours)} a écrit&nbsp;:<br><br></blockquote></div>'
            '</body></html>')
    return _raw(f"""Content-Type: multipart/mixed; boundary=Apple-Mail-1F2E3D4C-5B6A-7988-A1B2-C3D4E5F6A7B8
Content-Transfer-Encoding: 7bit
From: Jeanne Roux <{applicant}>
Mime-Version: 1.0 (1.0)
Date: {_now()}
Subject: =?utf-8?Q?Re=C2=A0:?= {ours['Subject']}
Message-Id: <A7B8C9D0-E1F2-4A3B-9C4D-5E6F7A8B9C0D@jardins-quartier.example>
References: {ours['Message-ID']}
In-Reply-To: {ours['Message-ID']}
To: {_sender(ours)}
X-Mailer: iPhone Mail (22B91)

--Apple-Mail-1F2E3D4C-5B6A-7988-A1B2-C3D4E5F6A7B8
Content-Type: multipart/alternative; boundary=Apple-Mail-2A3B4C5D-6E7F-8091-A2B3-C4D5E6F7A8B9
Content-Transfer-Encoding: 7bit

--Apple-Mail-2A3B4C5D-6E7F-8091-A2B3-C4D5E6F7A8B9
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--Apple-Mail-2A3B4C5D-6E7F-8091-A2B3-C4D5E6F7A8B9
Content-Type: multipart/related; type="text/html"; boundary=Apple-Mail-3B4C5D6E-7F80-91A2-B3C4-D5E6F7A8B9C0
Content-Transfer-Encoding: 7bit

--Apple-Mail-3B4C5D6E-7F80-91A2-B3C4-D5E6F7A8B9C0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--Apple-Mail-3B4C5D6E-7F80-91A2-B3C4-D5E6F7A8B9C0
Content-Type: image/png; name=logo.png
Content-Disposition: inline; filename=logo.png
Content-Transfer-Encoding: base64
Content-Id: <5E7F9A1B-2C3D-4E5F-8A9B-0C1D2E3F4A5B>

{_b64(d.logo_png())}
--Apple-Mail-3B4C5D6E-7F80-91A2-B3C4-D5E6F7A8B9C0--

--Apple-Mail-2A3B4C5D-6E7F-8091-A2B3-C4D5E6F7A8B9--

--Apple-Mail-1F2E3D4C-5B6A-7988-A1B2-C3D4E5F6A7B8
Content-Type: application/pdf; name=Courrier_Maire_signe.pdf
Content-Disposition: attachment; filename=Courrier_Maire_signe.pdf
Content-Transfer-Encoding: base64

{_b64(letter)}
--Apple-Mail-1F2E3D4C-5B6A-7988-A1B2-C3D4E5F6A7B8--
""")


def thunderbird_link(to: str, sender: str, subject: str, link: str, text: str) -> bytes:
    """Thunderbird (plain text, format=flowed): a new mail, a new subject, no reference, one link."""
    return _raw(f"""Message-ID: <7c1e2d3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f@jardins-quartier.example>
Date: {_now()}
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: {to}
From: {sender}
Subject: {subject}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{text}

{link}

""")


def test_dossier_then_the_letter_from_the_phone_then_photos_by_wetransfer(intake, people):
    """Jeanne, volunteer of a small association: the dossier alone first, then the signed letter from her iPhone in
    reply to our acknowledgement, then the photos as a WeTransfer link in a new mail with another subject."""
    vera = people["vera"]
    dossier = ("Dossier d'intention.pdf", d.pdf_text(d.DOSSIER_LINES), "application/pdf")
    first = samples.email(sender=f"Jeanne Roux <{vera}>", to=[intake.nb], subject="Candidature label Smart City",
                          body="Bonjour,\n\nVeuillez trouver ci-joint notre dossier d'intention.\n\nJeanne Roux\n",
                          attachments=[dossier])
    intake.deliver(first, intake.nb)
    intake.poll()
    (ack,) = read_all(intake, vera, "jeanne")
    intake.deliver(iphone_reply_with_signature(ack, vera, d.pdf_text(d.LETTER_LINES)), intake.nb)
    intake.poll()
    intake.deliver(thunderbird_link(intake.nb, f"Jeanne Roux <{vera}>", "Photos de nos jardins",
                                    "https://we.tl/t-Vq3ZpR8sLk",
                                    "Bonjour,\n\nVoici les photos de nos jardins partagés, par WeTransfer :"),
                   intake.nb)
    intake.poll()
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 3 and case["missing"] == []
    assert case["pieces"] == ["courrier", "dossier", "visuels"]
    ack, update, notice = read_all(intake, vera, "jeanne")
    assert [m["Subject"].split(" [")[0] for m in (ack, update, notice)] == [
        "Accusé de réception de votre candidature au label Béthune Smart City",
        "Pièces reçues pour votre candidature au label Béthune Smart City",
        "Votre dossier de candidature au label Béthune Smart City est complet"]
    assert len({m["Message-ID"] for m in (ack, update, notice)}) == 3
    assert all(m["To"] == vera and f"[{case['reference']}]" in m["Subject"] for m in (ack, update, notice))
    # the letter from the phone: received, no longer missing; the signature's logo is no piece
    assert "Courrier_Maire_signe.pdf" in _text(update) and "logo.png" not in _text(update) + _receipt(update)
    assert "courrier officiel" not in _text(update).split("encore manquante")[-1]
    # the WeTransfer link, in a new mail with another subject, joined the case and completed it
    for body in (_text(notice), _html(notice)):
        assert "manquante" not in body and "Courrier_Maire_signe.pdf" in body and "réputée rejetée" in body
    assert "Liens reçus" in _receipt(notice) and "logo.png" not in _receipt(notice)


def outlook(sender: str, to: list[str], cc: list[str], subject: str, text: str,
            files: list[tuple[str, str, bytes]], msgid: str, shift: timedelta = timedelta(0),
            extra: str = "") -> bytes:
    """Outlook for Windows (Microsoft 365): multipart/mixed, text and HTML, Thread-Index, attachments in base64."""
    html = "<html><body><div>" + "".join(f"<p class=MsoNormal>{line or '&nbsp;'}</p>" for line in text.splitlines())
    html += "</div></body></html>"
    parts = "".join(f"""--_004_{msgid}_
Content-Type: {mime}; name="{name}"
Content-Description: {name}
Content-Disposition: attachment; filename="{name}"; size={len(data)}
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""From: {sender}
To: {', '.join(to)}
{'Cc: ' + ', '.join(cc) + chr(10) if cc else ''}Subject: {subject}
Thread-Topic: {subject}
Thread-Index: AdtCx3m2kF0aB1c2QmKx0w==
Date: {_now(shift)}
Message-ID: <{msgid}@AM0PR01MB1234.eurprd01.prod.outlook.com>
{extra}Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/mixed; boundary="_004_{msgid}_"
MIME-Version: 1.0

--_004_{msgid}_
Content-Type: multipart/alternative; boundary="_000_{msgid}_"

--_000_{msgid}_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(text, 'iso-8859-1')}
--_000_{msgid}_
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(html, 'iso-8859-1')}
--_000_{msgid}_--

{parts}--_004_{msgid}_--
""")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.both_databases
def test_three_mails_within_two_minutes_to_both_mailboxes(intake, people):
    """Paul, communication officer of a company, sends the pieces in three mails as he finds them, To one staff
    mailbox and Cc the other; the third carries the dossier again."""
    paul = f"Paul Martin <{people['paul']}>"
    dossier = ("Dossier d'intention - Navette autonome.docx", DOCX,
               d.docx(["DOSSIER D'INTENTION", "Titre du projet : Navette autonome", "Porteur : Mobilis SAS"]))
    letter = ("Courrier au Maire.pdf", "application/pdf", d.pdf_text(d.LETTER_LINES))
    photos = [(f"navette-{i}.jpg", "image/jpeg", d.photo(seed=i)) for i in (1, 2)]
    body = ("Bonjour,\n\nVeuillez trouver ci-joint {}.\n\nCordialement,\n\nPaul Martin\nChargé de communication\n"
            "Mobilis SAS")
    mails = [outlook(paul, [intake.nb], [intake.db], "Candidature label Béthune Smart City - Navette autonome",
                     body.format("notre dossier d'intention"), [dossier], "PAUL1"),
             outlook(paul, [intake.db], [intake.nb], "Candidature label Béthune Smart City - courrier",
                     body.format("le courrier signé"), [letter], "PAUL2", timedelta(seconds=50)),
             outlook(paul, [intake.nb], [intake.db], "TR: Candidature label Béthune Smart City - Navette autonome",
                     body.format("les visuels et à nouveau le dossier"), [*photos, dossier], "PAUL3",
                     timedelta(seconds=110))]
    for raw in mails:
        intake.deliver(raw, intake.nb, intake.db)
    # one poll reads the three, then sends (`intake poll` and the worker also send every second while they read:
    # an acknowledgement gone before the next mail is read is not written again)
    from intake.pipeline.poll import poll_all
    from intake.pipeline.send import send_due

    poll_all(app := intake.app())
    send_due(app)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 3
    assert case["pieces"] == ["courrier", "dossier", "visuels"] and case["missing"] == []
    # one mail, written when it went: it had said « pièces manquantes » for the letter and the photos Paul had sent,
    # then came « pièces reçues » (photos « manquantes ») and the completion notice, all three at once
    (ack,) = read_all(intake, people["paul"], "paul")
    assert ack["Subject"].startswith("Accusé de réception") and f"[{case['reference']}]" in ack["Subject"]
    for body in (_text(ack), _html(ack)):
        assert "manquante" not in body and "Votre dossier est complet" in body
        assert all(name in body for name in ("Navette autonome.docx", "Courrier au Maire.pdf", "navette-1.jpg",
                                             "navette-2.jpg"))
        assert "réputée rejetée" in body
    receipt = _receipt(ack)
    assert "Fichiers reçus (4)" in receipt and len(re.findall(r"SHA-256 : [0-9a-f]{64}", receipt)) == 4
    assert ack["Auto-Submitted"] == "auto-replied" and ack["To"] == people["paul"]
    detail = intake.case(case["reference"])
    assert sum(e["kind"] == "mail-cancelled" for e in detail["events"]) == 2


def test_a_colleague_and_a_personal_address_bring_the_missing_letter(intake, people, mail_users):
    vera = people["vera"]
    intake.deliver(intake.application(sender=f"Jeanne Roux <{vera}>", pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (ack,) = read_all(intake, vera, "colleague")
    (case,) = intake.cases()
    colleague = mail_users("tresorier")  # same domain as vera
    reply = samples.email(sender=f"Marc Lefebvre <{colleague}>", to=[intake.nb],
                          subject=f"Courrier pour le dossier {case['reference']}",
                          body=f"Bonjour, je suis le trésorier de l'association, voici le courrier pour le dossier "
                               f"{case['reference']} déposé par Jeanne Roux.",
                          attachments=[("Courrier.pdf", d.pdf_text(d.LETTER_LINES), "application/pdf")])
    intake.deliver(reply, intake.nb)
    intake.poll()
    gmail = people["mallory"]
    personal = samples.email(sender=f"Jeanne Roux <{gmail}>", to=[intake.nb], subject="courrier signé",
                             body="Bonjour, le courrier signé depuis ma boîte perso.\nJeanne",
                             attachments=[("Courrier signé.pdf", d.pdf_text(d.LETTER_LINES), "application/pdf")])
    intake.deliver(personal, intake.nb)
    intake.poll()
    intake.poll()
    first, colleague_case, personal_case = intake.cases()
    # the case of the association is untouched: neither the colleague nor the personal address may speak for it
    assert first["status"] == "incomplete" and first["pieces"] == ["dossier", "visuels"] and first["messages"] == 1
    assert colleague_case["status"] == "review" and first["reference"] in colleague_case["attention"]
    assert personal_case["applicant"] == gmail and personal_case["status"] == "incomplete"
    # Jeanne's personal address opens a case of its own (it may speak for none): staff are told it may be hers
    assert f"« Jeanne Roux ») que le demandeur de {first['reference']}" in personal_case["attention"]
    assert "Jeanne Roux" not in colleague_case["attention"]
    (only,) = read_all(intake, vera, "colleague")  # Jeanne's own mailbox got the acknowledgement, nothing more
    # the colleague learns nothing of the case cited (core/decide.py `_stranger`): the acknowledgement of a new one
    (theirs,) = intake.inbox(colleague)
    assert first["reference"] not in _text(theirs) + _html(theirs) + theirs["Subject"]
    (personal_ack,) = intake.inbox(gmail)  # that address learns nothing of the other case
    assert first["reference"] not in _text(personal_ack) + _html(personal_ack) + personal_ack["Subject"]


def _plain_reply(ours: EmailMessage, sender: str, msgid: str, text: str, files=()) -> bytes:
    """A reply as Orange's or Free's webmail writes it: plain text, the mail answered quoted, files attached."""
    parts = "".join(f"""--b1
Content-Type: application/pdf; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, data in files)
    return _raw(f"""From: Jeanne Roux <{sender}>
To: {_sender(ours)}
Subject: RE: {ours['Subject']}
Date: {_now()}
Message-ID: <{msgid}@jardins-quartier.example>
In-Reply-To: {ours['Message-ID']}
References: {ours['Message-ID']}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text + chr(10) + chr(10) + "> " + _text(ours).splitlines()[0])}
{parts}--b1--
""")


def test_out_of_office_then_a_reminder_answered_then_thanks(intake, people):
    """Jeanne's mailbox answers our acknowledgement with an out-of-office; after the reminder she answers it with the
    letter; she thanks us for the completion notice (« merci ! ») and her out-of-office answers that too. One
    reminder, one completion notice, nothing reopened, nothing answered twice."""
    from servermail import exchange_out_of_office, gmail_vacation

    from intake.commands.followups import queue_due_reminders
    from intake.pipeline.poll import poll_all
    from intake.pipeline.send import send_due

    vera = people["vera"]
    tz = intake.app().settings.timezone
    ago = datetime.now(timezone.utc) - timedelta(days=9)
    intake.config.write_text(re.sub(r"since = \S+", f"since = {(ago - timedelta(days=1)).date()}",
                                    intake.config.read_text()))
    intake.deliver(intake.application(sender=f"Jeanne Roux <{vera}>", pieces=("dossier", "visuels"), date=ago),
                   intake.nb, when=ago)
    poll_all(then := intake.app(shift=-timedelta(days=9)))
    send_due(then)
    (ack,) = intake.inbox(vera)
    intake.deliver(exchange_out_of_office(ack, vera), intake.nb, when=ago + timedelta(minutes=1))
    poll_all(then := intake.app(shift=-timedelta(days=9) + timedelta(minutes=2)))
    send_due(then)
    day = ago.astimezone(tz) + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    at = day.replace(hour=11, minute=0)
    reminding = intake.app()
    reminding.clock = lambda: at.astimezone(timezone.utc)
    assert queue_due_reminders(reminding).queued == 1
    send_due(reminding)
    ack_again, reminder = intake.inbox(vera)
    assert reminder["Subject"].startswith("Relance") and "courrier officiel" in _text(reminder)
    later = max(datetime.now(timezone.utc), at.astimezone(timezone.utc)) + timedelta(minutes=5)
    intake.deliver(_plain_reply(reminder, vera, "relance-1", "Bonjour, désolée pour le retard, voici le courrier.",
                                [("courrier.pdf", d.pdf_text(d.LETTER_LINES))]), intake.nb)
    app = intake.app()
    app.clock = lambda: later
    poll_all(app)
    send_due(app)
    *_, notice = intake.inbox(vera)
    assert notice["Subject"].startswith("Votre dossier de candidature") and notice["In-Reply-To"] == \
        "<relance-1@jardins-quartier.example>"
    intake.deliver(_plain_reply(notice, vera, "merci-1", "merci !"), intake.nb)
    intake.deliver(gmail_vacation(notice, vera), intake.nb)
    app.clock = lambda: later + timedelta(minutes=10)
    poll_all(app)
    send_due(app)
    assert queue_due_reminders(intake.app(shift=timedelta(days=20))).queued == 0
    mails = read_all(intake, vera, "reminder")
    assert [m["Subject"].split(" ")[0] for m in mails] == ["Accusé", "Relance", "Votre"]
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 3 and case["reminders"] == 1
    kinds = [e["kind"] for e in intake.case(case["reference"])["events"]]
    assert kinds.count("automatic") == 2 and kinds.count("status") == 2


def test_an_updated_dossier_sent_to_a_complete_case_is_acknowledged(intake, people):
    """A month after her case became complete, Jeanne answers our completion notice with a new version of her
    dossier d'intention (Thunderbird, the reference kept in the subject). It is a new electronic submission: it
    gets its receipt (CRPA L112-3, L112-11), which says the case is still complete, nothing missing."""
    from intake.pipeline.poll import poll_all
    from intake.pipeline.send import send_due

    vera = people["vera"]
    month = timedelta(days=31)
    ago = datetime.now(timezone.utc) - month
    intake.config.write_text(re.sub(r"since = \S+", f"since = {(ago - timedelta(days=1)).date()}",
                                    intake.config.read_text()))
    intake.deliver(intake.application(sender=f"Jeanne Roux <{vera}>", date=ago), intake.nb, when=ago)
    poll_all(intake.app(shift=-month))
    send_due(intake.app(shift=-month))
    (ack,) = intake.inbox(vera)
    v2 = d.docx(["DOSSIER D'INTENTION", "Titre du projet : Candidature au label", "Version 2, mise à jour"])
    raw = _raw(f"""Message-ID: <v2-9f8e7d6c@jardins-quartier.example>
Date: {_now()}
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: {_sender(ack)}
From: Jeanne Roux <{vera}>
Subject: Re: {ack['Subject']}
In-Reply-To: {ack['Message-ID']}
References: {ack['Message-ID']}
Content-Type: multipart/mixed; boundary="------------tb0123456789"

This is a multi-part message in MIME format.
--------------tb0123456789
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

Bonjour,

Voici une version mise à jour de notre dossier d'intention, qui remplace la
précédente.

Jeanne Roux

--------------tb0123456789
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;
 name="Dossier d'intention v2.docx"
Content-Disposition: attachment; filename="Dossier d'intention v2.docx"
Content-Transfer-Encoding: base64

{_b64(v2)}
--------------tb0123456789--
""")
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2, intake.case(case["reference"])["events"][-6:]
    first, receipt = read_all(intake, vera, "updated-dossier")
    assert receipt["Subject"].startswith("Pièces reçues") and f"[{case['reference']}]" in receipt["Subject"]
    text = _text(receipt)
    assert "Dossier d'intention v2.docx" in text and "manquante" not in text and "reste complet" in text
    assert "reste complet" in _html(receipt)
    assert "Dossier d'intention v2.docx" in _receipt(receipt)
    assert receipt["In-Reply-To"] == "<v2-9f8e7d6c@jardins-quartier.example>"
