"""Application mail of a twenty-first round, byte for byte (CRLF line ends, as IMAP serves it), beside
tests/twentiethmail.py: programs, and ways of sending, no round had written. Each builder writes an applicant's
application, a colleague's forward of one (`forward_of`) or an answer to our acknowledgement (`answer`) where the
program writes one. How sure each shape is, is said.

- Dolibarr (the French ERP/CRM of many associations), « Envoyer email » from the association's third-party card, sent
  with PHP's mail() (Dolibarr's default MAIN_MAIL_SENDMODE « mail »), the message typed in its WYSIWYG editor. Sure
  (Dolibarr's htdocs/core/class/CMailFile.class.php, read through the search tool): the body text/html ALONE in the
  multipart/mixed (no text part unless MAIN_MAIL_USE_MULTI_PART), in 8-bit UTF-8 with NO Content-Transfer-Encoding,
  wrapped in « <html><head><title></title></head><body> » and cut at 75 columns (PHP's wordwrap), the boundary
  « multipart_x.<time>.x_boundary », « Content-Transfer-Encoding: 8bit » on the message itself, the preamble « This
  is a message with multiple parts in MIME format. », Reply-To always (the From when none), « X-Dolibarr-TRACKID »,
  « Feedback-ID: thi42:…:dolib », the Message-ID « <uniqid.phpmail-dolibarr-thi42@…> », « X-Mailer: Dolibarr version
  … (using php mail) », one « X-attachments: » line per file, each file's Content-Disposition BEFORE its Content-Type,
  a Content-Description repeating the name, and the names stripped of their accents (dol_string_unaccent), never
  encoded. Medium: the host part (Dolibarr's dol_getprefix('email')), the Date as PHP's date("r").
- Odoo 16/17 (associations' and small companies' ERP), a message sent from a contact's chatter, through Odoo's own
  mail server: Odoo rewrites a From outside its domain to its « notifications@ » address (ir_mail_server
  `_prepare_email_message`, `encapsulate_email`), the person's name kept (`address_in_name`: with her address in
  brackets, as some versions and the OCA modules copied from them write it), « Reply-To » the database's catchall.
  Sure: the message is Python's email.message.EmailMessage with policy SMTP (Odoo's `build_email`: text made by
  html2text then HTML, `add_attachment` with filename, so RFC 2231 names), « X-Odoo-Objects », the Message-Id
  « <…-openerp-<id>-res.partner@…> », References equal to it. Medium: the footer « Envoyé par … via Odoo ».
- Docusign's completion mail (« Complété : … ») to a carbon-copy recipient: Jeanne had the letter to the mayor
  signed by her president on Docusign and set the town's mailbox to « Reçoit une copie », the account attaching the
  signed documents to the completion mail. Sure: « <Name> via Docusign <dse_…@docusign.net> » as From, her address in
  Reply-To (Docusign's help « Why do emails from Docusign come from dse@docusign.net »). Medium (remembered): the
  French subject, the text, the « Summary.pdf » certificate of completion beside the signed PDF, the boundaries.
- Adobe Acrobat Sign's « signé et classé » mail to a carbon-copy recipient, its « Attach a PDF copy of the signed
  agreement » setting on. Sure (Adobe's help: the setting, the move from echosign.com to adobesign.com): from
  « adobesign@adobesign.com ». Medium (remembered): the sender in Reply-To, the French subject « « … » entre … est
  signé et classé ! », the text, the file named as the agreement.
- Huawei's Email app (EMUI/HarmonyOS, French), an AOSP Email fork. Sure (AOSP's Rfc822Output.writeOneAttachment):
  each file's name written as is in « name="…" » and « filename="…"; size=… » (raw UTF-8 bytes in the header),
  Content-Type and Content-Disposition folded after their « ; », text and HTML in base64, boundaries
  « --_com.android.email_<nanotime> ». Medium: « --_com.huawei.email_ » as its boundary's prefix, the signature
  « Envoyé depuis mon téléphone HUAWEI », the Message-ID host.
- Gnus (Emacs; the few who still write from it). Sure (Gnus's MML as mailing-list archives show it): « User-Agent:
  Gnus/5.13 (Gnus v5.13) », the boundary « =-=-= », each file's Content-Type without a name, its name only in
  « Content-Disposition: attachment; filename*=utf-8''… » (RFC 2231, folded on its own line); a forward
  (message-forward-as-mime) is the colleague's words then the mail whole as « message/rfc822 » « inline », its
  subject « [Jeanne Roux] Candidature … » (message-forward-subject-author-subject: no « Fwd: »). Medium: the
  Message-ID « <87….fsf@…> » (Gnus's own form).
- A Sharp MX-3071 copier's « Scan to E-mail », sending from the association's copier address with her address as
  « Reply to » (chosen on the panel). Sure (Sharp's scans as recipients meet them): the text « Reply to: / Device
  Name: / Device Model: / Location: / File Format: / Resolution: » then Adobe's notice and « http://www.adobe.com/ »,
  the subject « Scanned image from MX-3071 », the file « <device>_<yyyymmdd>_<hhmmss>.pdf ». Medium: the boundary.
- Smash (fromsmash.com, French, Lyon): its notice « Jeanne Roux vous a envoyé des fichiers » from its robot, her
  address in Reply-To, the link « https://fromsmash.com/<slug> ». Medium (remembered): the robot's address
  « no-reply@fromsmash.com », the text.

The dossiers and letters carry the label's published facts (tests/tenthmail.py). Every function returns the raw
message."""

from __future__ import annotations

import base64
import email.policy
import unicodedata
from email.message import EmailMessage
from html import escape

import documents as d
from clientmail import _b64, _qp, _raw
from fifteenthmail import APPLICATION_TEXT
from seventeenthmail import CLAIRE
from sixteenthmail import ANSWER_WORDS, FORWARD_WORDS, JEANNE, SUBJECT, _answered, _auth, _kind, _q_word, _subject
from tenthmail import _body, _sender

Files = list[tuple[str, str, bytes]]
APPLICANT = "jeanne.roux@jardins-egalite.example"


def unaccented(name: str) -> str:
    """Dolibarr's dol_string_unaccent: accents dropped, the rest as is."""
    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))


def _crlf_b64(data: bytes) -> str:
    """PHP's chunk_split(base64_encode()): 76 characters a line, each line ended, the last one too."""
    return _b64(data) + "\n"


# --- Dolibarr --------------------------------------------------------------------------------------------------------

def _wordwrap(text: str, width: int = 75) -> str:
    """PHP's wordwrap($text, 75, "\\r\\n") without cutting words: each line cut at its last space before `width`."""
    out = []
    for line in text.split("\n"):
        while len(line) > width and " " in line[:width + 1]:
            cut = line.rindex(" ", 0, width + 1)
            out.append(line[:cut])
            line = line[cut + 1:]
        out.append(line)
    return "\n".join(out)


def dolibarr(to: str, files: Files, applicant: str = APPLICANT) -> bytes:
    """Dolibarr 20's « Envoyer email » through PHP mail(): the HTML alone, 8-bit, no transfer encoding; the files with
    their names unaccented."""
    b = "multipart_x.1764578853.x_boundary"
    html = ("<p>" + "</p>\n<p>".join(escape(p).replace("\n", "<br>\n") for p in APPLICATION_TEXT.strip().split("\n\n"))
            + "</p>\n<p>-- <br>\nLes Jardins de l'Égalité - 12 rue des Jardins, 62400 Béthune</p>")
    body = _wordwrap(f"<html><head><title></title></head><body>{html}</body></html>")
    names = [unaccented(name) for name, _m, _d in files]
    parts = "".join(f"""--{b}
Content-Disposition: attachment; filename="{name}"
Content-Type: {mime}; name="{name}"
Content-Transfer-Encoding: base64
Content-Description: {name}

{_crlf_b64(data)}
""" for name, (_n, mime, data) in zip(names, files, strict=True))
    attachments = "".join(f"X-attachments: {name}\n" for name in names)
    subject = "=?UTF-8?B?" + base64.b64encode(SUBJECT.encode()).decode() + "?="
    return _raw(f"""Return-Path: <{applicant}>
To: {to}
Subject: {subject}
From: {JEANNE} <{applicant}>
Reply-To: {applicant}
Date: Tue, 01 Dec 2026 09:47:33 +0100
Message-ID: <674c2a65a1b2c3.41592653.phpmail-dolibarr-thi42@7b3f9e2d>
X-Dolibarr-TRACKID: thi42@7b3f9e2d
X-RemoteAddr: 82.64.117.23
X-Mailer: Dolibarr version 20.0.2 (using php mail)
Mime-Version: 1.0
Content-Type: multipart/mixed;
 boundary="{b}"
Content-Transfer-Encoding: 8bit
Feedback-ID: thi42:7b3f9e2d:dolib
{attachments}
This is a message with multiple parts in MIME format.
--{b}
Content-Type: text/html; charset=UTF-8

{body}

{parts}--{b}--
""")


# --- Odoo -----------------------------------------------------------------------------------------------------------

def odoo(to: str, files: Files, applicant: str = APPLICANT, address_in_name: bool = False) -> bytes:
    """Odoo's chatter « Envoyer un message » to the town's contact, through Odoo's server: From « Jeanne Roux »
    (`address_in_name`: « Jeanne Roux (her address) ») at notifications@ the database's domain, Reply-To its
    catchall; Python's EmailMessage (policy SMTP) as Odoo's build_email makes it."""
    html = ("<div><p>" + "</p><p>".join(escape(p).replace("\n", "<br>") for p in APPLICATION_TEXT.strip().split("\n\n"))
            + '</p></div><div style="font-size: 13px; color: #555555;">Envoyé par <a href="https://www.jardins-'
            'egalite.example" style="color: #875A7B;">Les Jardins de l\'Égalité</a> via <a target="_blank" href="https:'
            '//www.odoo.com?utm_source=db&amp;utm_medium=email" style="color: #875A7B;">Odoo</a></div>')
    text = APPLICATION_TEXT + "\nEnvoyé par Les Jardins de l'Égalité [1] via Odoo [2]\n\n[1] https://www.jardins-" \
        "egalite.example\n[2] https://www.odoo.com?utm_source=db&utm_medium=email\n"
    msg = EmailMessage(policy=email.policy.SMTP)
    message_id = "<402113757081185.1764578853.384412508308609-openerp-42-res.partner@jardins-egalite.odoo.com>"
    msg["Message-Id"] = message_id
    msg["references"] = message_id
    msg["Subject"] = SUBJECT
    name = f"{JEANNE} ({applicant})" if address_in_name else JEANNE
    msg["From"] = f'"{name}" <notifications@jardins-egalite.odoo.com>'
    msg["Reply-To"] = '"Les Jardins de l\'Égalité" <catchall@jardins-egalite.odoo.com>'
    msg["To"] = f'"Mission Smart City" <{to}>'
    msg["Date"] = "Tue, 01 Dec 2026 08:47:33 -0000"
    msg["X-Odoo-Objects"] = "res.partner-42"
    msg.add_alternative(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    for fname, mime, data in files:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype, subtype, filename=fname)
    return msg.as_bytes(policy=email.policy.SMTP.clone(linesep="\r\n"))


# --- Docusign -------------------------------------------------------------------------------------------------------

CERTIFICATE_LINES = [
    "Certificate Of Completion", "Envelope Id: 7C3E41A25B9D4F0E8A612D3C4B5E6F70 Status: Completed",
    "Subject: Complete with Docusign: Lettre à Monsieur le Maire.pdf", "Document Pages: 1 Signatures: 1",
    "Envelope Originator: Jeanne Roux", "Record Tracking", "Signer Events Signature Timestamp", "Paul Martin",
    "Président - Les Jardins de l'Égalité", "Security Level: Email, Account Authentication (None)",
    "Carbon Copy Events Status Timestamp", "Mission Smart City", "Envelope Summary Events Status Timestamps",
    "Envelope Sent Hashed/Encrypted", "Completed Security Checked"]


def certificate() -> bytes:
    """Docusign's certificate of completion (« Summary.pdf »), its words in English as Docusign writes it."""
    return d.pdf_text(CERTIFICATE_LINES)


def docusign_completed(to: str, signed: bytes, applicant: str = APPLICANT, authentication: str = "",
                       summary: bytes | None = None) -> bytes:
    """Docusign's completion mail to the town's mailbox (« Reçoit une copie »), the signed letter and the certificate
    of completion attached: From « Jeanne Roux via Docusign » at dse_NA4@docusign.net, her address in Reply-To."""
    b, alt = "----=_Part_30587714_1413947023.1764578853112", "----=_Part_30587715_705422918.1764578853112"
    document = "Lettre à Monsieur le Maire.pdf"
    link = ("https://eu.docusign.net/Member/EmailStart.aspx?a=7c3e41a2-5b9d-4f0e-8a61-2d3c4b5e6f70&acct=3f2a1b0c-9d8e-"
            "4f7a-b6c5-d4e3f2a1b0c9&er=8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968")
    text = (f"Tous les signataires ont terminé Veuillez signer avec Docusign : {document}\n\n"
            f"AFFICHER LE DOCUMENT <{link}>\n\n{JEANNE}\n{applicant}\n\n"
            "Lettre de candidature au label Béthune Smart City, signée par notre président.\n\n"
            "Ne partagez pas ce courriel\nCe courriel contient un lien sécurisé vers Docusign. Veuillez ne pas "
            "partager ce courriel, ce lien ou ce code d'accès avec d'autres personnes.\n\n"
            "À propos de Docusign\nSignez vos documents électroniquement en quelques minutes. C'est sûr et sécurisé.\n"
            "\nCe message a été envoyé par " + JEANNE + " à l'aide de Docusign.\n")
    html = ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
            '<body style="padding:0;margin:0;background-color:#eaeaea"><table role="presentation" width="100%">'
            '<tr><td style="padding:24px;font-family:Helvetica,Arial,sans-serif;color:#333333">'
            '<img src="https://eu.docusign.net/Signing/Images/email/Email_Logo.png" alt="Docusign" width="116">'
            f'<div style="font-size:16px;padding-top:24px">Tous les signataires ont terminé Veuillez signer avec '
            f'Docusign : {escape(document)}</div><div style="padding-top:24px"><a href="{escape(link)}" '
            'style="background-color:#ffc423;color:#333333;padding:0 12px;text-decoration:none">AFFICHER LE DOCUMENT'
            f'</a></div><div style="padding-top:24px"><b>{JEANNE}</b><br><a href="mailto:{applicant}">{applicant}</a>'
            '</div><div style="padding-top:12px">Lettre de candidature au label Béthune Smart City, signée par notre '
            'président.</div><div style="padding-top:24px;font-size:11px;color:#666666"><b>Ne partagez pas ce '
            'courriel</b><br>Ce courriel contient un lien sécurisé vers Docusign. Veuillez ne pas partager ce '
            'courriel, ce lien ou ce code d\'accès avec d\'autres personnes.</div></td></tr></table></body></html>')
    subject = f"Complété : Veuillez signer avec Docusign : {document}"
    return _raw(f"""{_auth(authentication)}Return-Path: <dse_NA4@docusign.net>
Date: Tue, 1 Dec 2026 09:02:18 +0000
From: {JEANNE} via Docusign <dse_NA4@docusign.net>
Reply-To: {JEANNE} <{applicant}>
To: Mission Smart City <{to}>
Message-ID: <a3f0c1e27b4d4c8f9e6a5b1d2c3e4f50@docusign.net>
Subject: {_subject(subject)}
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{b}"
X-Api-Host: docusign.net
X-Tenant: Docusign

--{b}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--

--{b}
Content-Type: application/pdf; name="=?utf-8?Q?Lettre_=C3=A0_Monsieur_le_Maire.pdf?="
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="=?utf-8?Q?Lettre_=C3=A0_Monsieur_le_Maire.pdf?="

{_b64(signed)}
--{b}
Content-Type: application/pdf; name=Summary.pdf
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename=Summary.pdf

{_b64(summary or certificate())}
--{b}--
""")


def acrobat_sign_completed(to: str, signed: bytes, applicant: str = APPLICANT, authentication: str = "") -> bytes:
    """Adobe Acrobat Sign's completion mail to a carbon-copy recipient, the signed agreement attached: from
    adobesign@adobesign.com, her address in Reply-To."""
    b = "----=_Part_1185301_1930874563.1764579712044"
    agreement = "Lettre à Monsieur le Maire"
    link = "https://secure.eu1.adobesign.com/public/agreements/view/CBJCHBCAABAA5x7Kq2Wm9dPz3RtL8vN1bY4cF6hJ0sE"
    text = (f"« {agreement} » est signé et classé !\n\nÀ : Mission Smart City, {JEANNE} et Paul Martin\n\n"
            f"« {agreement} » entre {JEANNE} et Paul Martin est signé et classé.\n\nUne copie PDF du document signé "
            f"est jointe à ce message.\nVous pouvez aussi l'afficher en ligne : {link}\n\nPourquoi utiliser Adobe "
            "Acrobat Sign : https://www.adobe.com/fr/sign.html\n\nAvertissement : afin de protéger la confidentialité "
            "de vos documents, ne transférez pas cet e-mail.\n")
    html = ('<html><body><table width="100%" style="font-family:adobe-clean,Helvetica,Arial,sans-serif"><tr><td>'
            f'<h2>« {escape(agreement)} » est signé et classé !</h2><p>À : Mission Smart City, {JEANNE} et Paul '
            f'Martin</p><p>« {escape(agreement)} » entre {JEANNE} et Paul Martin est signé et classé.</p><p>Une copie '
            f'PDF du document signé est jointe à ce message.</p><p><a href="{link}">Ouvrir l\'accord</a></p>'
            '</td></tr></table></body></html>')
    subject = f"« {agreement} » entre {JEANNE} et Paul Martin est signé et classé !"
    name = f"{agreement}.pdf"
    return _raw(f"""{_auth(authentication)}Return-Path: <bounce-adobesign@adobesign.com>
Date: Tue, 1 Dec 2026 09:15:12 +0000 (UTC)
From: Adobe Acrobat Sign <adobesign@adobesign.com>
Reply-To: {JEANNE} <{applicant}>
To: {to}
Message-ID: <1185301.1930874563.1764579712044@eu1-prd-sign-mail-03>
Subject: {_subject(subject)}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{b}_alt"

--{b}_alt
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{b}_alt
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{b}_alt--

--{b}
Content-Type: application/pdf; name="{_q_word(name)}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{_q_word(name)}"

{_b64(signed)}
--{b}--
""")


# --- Huawei Email ---------------------------------------------------------------------------------------------------

HUAWEI_SIGNATURE = "Envoyé depuis mon téléphone HUAWEI"


def huawei(to: str, files: Files, answer: EmailMessage | None = None, words: str = ANSWER_WORDS,
           authentication: str = "", applicant: str = APPLICANT) -> bytes:
    """Huawei's Email app (French): AOSP's Rfc822Output, mixed > alternative (text, HTML, base64) and the files, each
    name raw UTF-8 in the header with its size; `answer`: `words`, then « -------- Message original -------- » and our
    text."""
    kind = _kind("", answer)
    subject, mine, reply = SUBJECT, APPLICATION_TEXT, ""
    recipient = to
    if answer is not None:
        subject, mine, recipient = "RE: " + answer["Subject"], words, _sender(answer)
        reply = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    text = mine + "\n" + HUAWEI_SIGNATURE + "\n"
    html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head><body>"
            + "".join(f"<div>{escape(line) or '<br>'}</div>" for line in mine.splitlines())
            + f"<div><br></div><div id=\"signature\">{HUAWEI_SIGNATURE}</div>")
    if answer is not None:
        ours = _body(answer).replace("\r\n", "\n")
        fields = f"De : Mission Smart City <{recipient}>\nDate : mar. 1 déc. 2026 à 09:20\nÀ : {applicant}\n" \
                 f"Objet : {answer['Subject']}\n"
        text += "\n-------- Message original --------\n" + fields + "\n" + ours
        html += ("<div><br></div><div>-------- Message original --------<br>"
                 + "".join(f"{escape(line)}<br>" for line in fields.splitlines()) + "<br></div>"
                 + "".join(f"<div>{escape(line) or '<br>'}</div>" for line in ours.splitlines()))
    html += "</body></html>"
    b, alt = (f"--_com.huawei.email_17645788533{n}1234{kind}" for n in "56")
    parts = "".join(f"""--{b}
Content-Type: {mime};
 name="{name}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
 filename="{name}";
 size={len(data)}

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}Date: Tue, 01 Dec 2026 09:47:33 +0100
Subject: {_subject(subject)}
Message-ID: <q8w3e6r5t0y2u4i7o9p1a3s{kind}@email.huawei.com>
{reply}From: {JEANNE} <{applicant}>
To: {recipient}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

{_b64(text.encode())}
--{alt}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

{_b64(html.encode())}
--{alt}--

{parts}--{b}--
""")


# --- Gnus -----------------------------------------------------------------------------------------------------------

def _gnus_filename(name: str) -> str:
    if name.isascii():
        return f'Content-Disposition: attachment; filename="{name}"'
    from urllib.parse import quote as urlquote
    return "Content-Disposition: attachment;\n filename*=utf-8''" + urlquote(name.encode(), safe="")


def gnus(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
         authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """Gnus (Emacs 29): the text quoted-printable with its « -- » signature, then each file (no name on its
    Content-Type, RFC 2231 name on its Content-Disposition); `forward_of`: the colleague's words, then her mail whole,
    message/rfc822 inline, under the subject « [Jeanne Roux] … »; `answer`: « Mission Smart City <…> writes: » and our
    text quoted."""
    kind = _kind(forward_of, answer)
    reply = ""
    if forward_of:
        sender, recipient, subject = f"{CLAIRE} <{by}>", to, f"[{JEANNE}] {SUBJECT}"
        original = gnus(by, files, applicant=forward_of).decode().replace("\r\n", "\n")
        # mml-compute-boundary: « =-=-= » is in her mail, so one more « = » in front
        body = f"""--==-=-=
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(FORWARD_WORDS)}
--==-=-=
Content-Type: message/rfc822
Content-Disposition: inline

{original}
--==-=-=--
"""
    else:
        sender, recipient, subject = f"{JEANNE} <{applicant}>", to, SUBJECT
        text = APPLICATION_TEXT + "\n-- \nJeanne Roux\nLes Jardins de l'Égalité\n"
        if answer is not None:
            recipient, subject = _sender(answer), "Re: " + answer["Subject"]
            quoted = "\n".join(f"> {line}" if line else ">" for line in _body(answer).replace("\r\n", "\n")
                               .splitlines())
            text = f"Mission Smart City <{recipient}> writes:\n\n{quoted}\n\n{words}"
            reply = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
        body = f"""--=-=-=
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
""" + "".join(f"""--=-=-=
Content-Type: {mime}
{_gnus_filename(name)}
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in files) + "--=-=-=--\n"
    return _raw(f"""{_auth(authentication)}From: {sender}
To: {recipient}
Subject: {_subject(subject)}
{reply}Date: Tue, 01 Dec 2026 09:47:33 +0100
Message-ID: <87h6x2k3m{kind}.fsf@{sender.split("@")[1].rstrip(">")}>
User-Agent: Gnus/5.13 (Gnus v5.13)
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{"==-=-=" if forward_of else "=-=-="}"

{body}""")


# --- Sharp copier ---------------------------------------------------------------------------------------------------

def sharp_scan(to: str, pdf: bytes, reply_to: str = APPLICANT,
               device: str = "mx3071@jardins-egalite.example") -> bytes:
    """A Sharp MX-3071's « Scan to E-mail » from the association's copier address, `reply_to` chosen as « Reply to »
    on the panel: Sharp's text and the scan « MX-3071_20261201_101102.pdf »."""
    b = "----=_Part_0_1764580262000.MX3071"
    text = (f"Reply to: {reply_to} <{reply_to}>\nDevice Name: MX-3071\nDevice Model: MX-3071\n"
            "Location: Secrétariat - Maison des associations\n\nFile Format: PDF MMR(G4)\nResolution: 200dpi x 200dpi"
            "\n\nAttached file is scanned image in PDF format.\nUse Acrobat(R)Reader(R) or Adobe(R)Reader(R) of Adobe "
            "Systems Incorporated to view the document.\nAdobe(R)Reader(R) can be downloaded from the following URL:"
            "\nAdobe, the Adobe logo, Acrobat, the Adobe PDF logo, and Reader are registered trademarks or trademarks "
            "of Adobe Systems Incorporated in the United States and other countries.\n\nhttp://www.adobe.com/\n")
    return _raw(f"""From: MX-3071 <{device}>
Reply-To: {reply_to}
To: {to}
Subject: Scanned image from MX-3071
Date: Tue, 01 Dec 2026 10:11:02 +0100
Message-Id: <20261201101102.0000001.MX-3071@{device.split("@")[1]}>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"
X-Mailer: SHARP MX-3071

--{b}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{b}
Content-Type: application/pdf; name="MX-3071_20261201_101102.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="MX-3071_20261201_101102.pdf"

{_b64(pdf)}

--{b}--
""")


# --- Smash ----------------------------------------------------------------------------------------------------------

SMASH_LINK = "https://fromsmash.com/Jardins-Egalite-photos"


def smash_notice(to: str, applicant: str = APPLICANT, authentication: str = "") -> bytes:
    """Smash's notice to the town: its robot writes, her address in Reply-To, the link to the transfer."""
    b = "===============3841927465028173645=="
    text = (f"{JEANNE} vous a envoyé des fichiers\n\n3 fichiers - 38,4 Mo\nPhotos du jardin partagé - "
            f"candidature label Béthune Smart City\n\nTélécharger : {SMASH_LINK}\n\n"
            "Les fichiers sont disponibles pendant 7 jours.\n\nSmash - Transférez vos fichiers, sans limite de "
            "taille.\n")
    html = (f'<html><body><table width="100%"><tr><td align="center"><h1>{JEANNE} vous a envoyé des fichiers</h1>'
            '<p>3 fichiers - 38,4 Mo</p><p>Photos du jardin partagé - candidature label Béthune Smart City</p>'
            f'<a href="{SMASH_LINK}" style="background:#2d4cff;color:#fff;padding:12px 24px">Télécharger</a>'
            '<p>Les fichiers sont disponibles pendant 7 jours.</p></td></tr></table></body></html>')
    return _raw(f"""{_auth(authentication)}From: Smash <no-reply@fromsmash.com>
Reply-To: {applicant}
To: {to}
Subject: {_subject(f"{JEANNE} vous a envoyé des fichiers")}
Date: Tue, 01 Dec 2026 10:30:12 +0000
Message-ID: <0102018c2a4b5c6d-8e7f6a5b-4c3d-2e1f-0a9b-8c7d6e5f4a3b-000000@eu-west-1.amazonses.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="{b}"

--{b}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{b}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{b}--
""")

