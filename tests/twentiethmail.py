"""Application mail of a twentieth round, byte for byte (CRLF line ends, as IMAP serves it), beside
tests/nineteenthmail.py: programs, and ways of sending, no round had written. Each builder writes an applicant's
application, a colleague's forward of one (`forward_of`) or an answer to our acknowledgement (`answer`) where the
program writes one. How sure each shape is, is said.

- Salesforce (Nonprofit Success Pack, free for associations): the president sends the application from the
  association's contact record, « Envoyer un e-mail » in Lightning, the files from Salesforce Files. Sure (Salesforce's
  own Visualforce page « emailHeader », and mail of Salesforce orgs quoted in public repositories, seen through the
  search tool): JavaMail's `----=_Part_<n>_<n>.<millis>` boundaries, « X-Priority: 3 », the X-SFDC-LK / X-SFDC-User /
  X-SFDC-Binding / X-SFDC-EmailCategory fields, « X-Sender: postmaster@salesforce.com », « X-mail_abuse_inquiries »,
  a Message-ID `<…@sfdc.net>`, the envelope sender on `…bnc.salesforce.com` (bounce management), and, with « Enable
  Sender ID compliance » on, « Sender: <no-reply@salesforce.com> » beside her own From. Medium: the names as RFC 2047
  Q words in quotes (JavaMail's), the tracking picture of « Enhanced Email » at the end of the HTML.
- Brevo (ex-Sendinblue; French, the associations' newsletter tool): the association's monthly letter, sent from the
  president's own address to its list, the town's mailbox among the subscribers. Sure: « List-Unsubscribe » with a
  link and a mailto, « List-Unsubscribe-Post: List-Unsubscribe=One-Click » (RFC 8058, required by Gmail and Yahoo
  since 2024), X-Mailin-* and X-sib-id fields, a Message-ID on smtp-relay.mailin.fr, « Feedback-ID ». The letter talks
  of the label and links its pictures; no file (Brevo's campaigns carry none).
- A Brother MFC-L2750DW's « Scan to E-mail server » (home and small-office copiers; set up with her own address and
  SMTP account): the signed letter scanned at the association and mailed to the town after her application. Sure
  (Brother's network user's guides): « Setup Mail TX > Notification » asks for a read receipt
  (« Disposition-Notification-To »). Medium (remembered, no public sample found): the subject « Message from
  "MFC-L2750DW" », no text but « Scanned by MFC-L2750DW », the file « img-<yymmddhhmmss>.pdf »,
  `From:` the bare address.
- Outlook for Windows (Microsoft 365, French) with « Demander une confirmation de lecture » on and her business card
  attached (« Insérer > Carte de visite »: « Jeanne Roux.vcf », text/x-vcard, beside the pieces). Sure:
  « Disposition-Notification-To » and « Return-Receipt-To », Outlook's `_004_`/`_000_` boundaries, Thread-Topic,
  Thread-Index, « X-MS-Has-Attach: yes », the names as RFC 2047 words in quotes; the vCard 2.1 Outlook exports
  (« VERSION:2.1 », « N;LANGUAGE=fr;CHARSET=utf-8 », « X-MS-OL-DEFAULT-POSTAL-ADDRESS »).
- GroupWise 24 (OpenText, ex-Novell; still the mail of some French collectivités, hospitals and schools), its mail
  written by the GroupWise Internet Agent. Sure (GroupWise's admin guide and Micro Focus KB 7001239): « X-Mailer:
  GroupWise Internet Agent 24.x », the preamble.txt above the first part; sure (public list archives): « =__Part
  <hex>.<n>__= » boundaries, its Message-ID `<hex 0200 hex@host>`, the answer's attribution « >>> Name <address>
  01/12/2026 09:20 >>> » above the mail answered NOT marked with « > », and no In-Reply-To / References on the mail of
  older agents (`threads=False`). Sure of the forward's file « Mime.822 » (the forwarded mail whole, as recipients of
  GroupWise forwards meet it); medium of its declared type: message/rfc822, or application/octet-stream where the
  agent does not say (`octet=True`); its inline forward (`inline`, the « Forward » setting of some sites): the
  colleague's words, then the attribution line alone, « >>> "Jeanne Roux" <…> 30/11/2026 17:45 >>> », the mail
  unmarked below it, the files carried (medium: the same line as its answer's, as remembered). Sure (the admin
  guide, « Default Message Encoding »): an agent set to « Basic RFC-822 » writes no MIME at all, each file uuencoded
  in the text (`groupwise_rfc822`); medium: the text in the agent's 8-bit charset (ISO-8859-15 here) with no charset
  said, the names as written on the « begin » line.
- Pegasus Mail 4.8 (Windows; David Harris's, still kept by older volunteers). Medium (remembered from its mail in public
  list archives): « X-mailer: Pegasus Mail for Windows (4.81) », « Message-Boundary-<n> » boundaries unquoted,
  « Content-type » and « Content-transfer-encoding » with a small second word, « Content-description: Mail message
  body » on the text, its Message-ID `<hex.n.hex@host>`, « Priority: normal »; its forward « ------- Forwarded message
  follows ------- » above « From: / To: / Subject: / Date sent: », each value after a tab, the files carried; its reply
  « On 1 Dec 2026 at 9:20, Mission Smart City wrote: » above our text quoted with « > ».
- BlueMind 5 (French; the groupware of many French collectivités and ministries): a colleague at the town forwarding
  from its web mail. Sure (bluemind's mail-app, draftUtils `headerForForward`): the forwarded header in a `<p
  style="color: purple;">`, its lines joined by `<br>`, in the order title, « From », « Subject », « To », « Cc »,
  « Date » (the full date last), each label followed by « : » with no space before it (`${fromLabel}: ${from}`), the
  sender « Name <address> », the files of the forwarded mail carried; English title « ---- Original Message ---- ».
  Medium: the French words (« ---- Message d'origine ---- », « De », « Objet », « À »), the text part made from the
  HTML, mime4j's « -=Part.…=- » boundaries; `html_only`: the HTML alone, as a gateway may deliver it.
- Outlook for Android (French): the application from the phone, photos from the gallery named as the camera named them,
  « Obtenir Outlook pour Android » under her words; a colleague's forward from it: the line of underscores, « De : /
  Envoyé : / À : / Objet : » (tests/servermail.py `outlook_android_reply`; sure of the answer, medium of the forward).

The dossiers and letters carry the label's published facts (tests/tenthmail.py). Every function returns the raw
message."""

from __future__ import annotations

import binascii
from email.message import EmailMessage
from html import escape

from clientmail import _b64, _qp, _raw
from fifteenthmail import APPLICATION_TEXT
from seventeenthmail import CLAIRE, _rfc2231, _who
from sixteenthmail import ANSWER_WORDS, FORWARD_WORDS, JEANNE, SUBJECT, _answered, _auth, _kind, _q_word, _subject
from tenthmail import _body

Files = list[tuple[str, str, bytes]]
APPLICANT = "jeanne.roux@jardins-egalite.example"


def _word(name: str) -> str:
    return name if name.isascii() else _q_word(name)


# --- Salesforce -----------------------------------------------------------------------------------------------------

def salesforce(to: str, files: Files, applicant: str = APPLICANT, sender_id: bool = True) -> bytes:
    """Salesforce Lightning « Envoyer un e-mail » from the association's org: her From, Salesforce's Sender
    (`sender_id`), X-Sender and bounce envelope; text and HTML (its tracking picture), the files after them."""
    b, alt = "----=_Part_1494_508150770.1764578853114", "----=_Part_1493_1972406412.1764578853114"
    html = ("<html><body>" + "".join(f"{escape(line)}<br>" for line in APPLICATION_TEXT.splitlines())
            + '<img src="https://jardins-egalite.my.salesforce.com/servlet/servlet.ImageServer?oid=00D8d000003TRx3'
            '&amp;esid=0188d00000ABcDe" width="1" height="1"></body></html>')
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{_word(name)}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{_word(name)}"

{_b64(data)}
""" for name, mime, data in files)
    local = applicant.replace("@", "=")
    return _raw(f"""Return-Path: <{local}__0-4k2m9q7x1w8e3r@a8b2c4d6e8f0g1h3.x-1a2b3c.eu44.bnc.salesforce.com>
Date: Tue, 1 Dec 2026 08:47:33 +0000 (GMT)
From: {JEANNE} <{applicant}>
{"Sender: <no-reply@salesforce.com>" + chr(10) if sender_id else ""}To: "{to}" <{to}>
Message-ID: <hX3kP000000000000000000000000000000000000000000000SL2QWX00a1B2c3D4e5F6g7H8i9J0kL@sfdc.net>
Subject: {_subject(SUBJECT)}
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{b}"
X-Priority: 3
X-SFDC-LK: 00D8d000003TRx3
X-SFDC-User: 0058d000002CGqS
X-Sender: postmaster@salesforce.com
X-mail_abuse_inquiries: http://www.salesforce.com/company/abuse.jsp
X-SFDC-TLS-NoRelay: 1
X-SFDC-Binding: 82eopsuF2FE0HK7B
X-SFDC-EmailCategory: apiSingleMail
X-SFDC-Interface: internal

--{b}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(APPLICATION_TEXT)}
--{alt}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--

{parts}--{b}--
""")


# --- Brevo ----------------------------------------------------------------------------------------------------------

NEWSLETTER = ("La lettre des Jardins de l'Égalité - décembre 2026\n\nBonjour à toutes et à tous,\n\n"
              "Notre candidature au label Béthune Smart City est partie : dossier d'intention, courrier à Monsieur "
              "le Maire et photos du jardin partagé. Merci à tous les bénévoles !\n\n"
              "Prochain atelier compost : samedi 12 décembre, 10 h.\n\n"
              "Se désinscrire : https://r.sendibm1.com/mk/un/v2/sh/6rQ8xZ\n")


def brevo_newsletter(to: str, applicant: str = APPLICANT) -> bytes:
    """Brevo's campaign: her address as sender, List-Unsubscribe (link and mailto) and One-Click, X-Mailin-*, text and
    HTML, the pictures linked."""
    b = "===============2358291746389126432=="
    html = ('<!DOCTYPE html><html><body><table width="100%"><tr><td><img src="https://img.mailinblue.com/1234567/'
            'images/content_library/original/jardin.png" alt="Le jardin" width="600"></td></tr>'
            + "".join(f"<tr><td>{escape(line)}</td></tr>" for line in NEWSLETTER.splitlines())
            + '</table><img src="https://r.sendibm1.com/tr/op/6rQ8xZ" width="1" height="1"></body></html>')
    return _raw(f"""Return-Path: <bounces-1234567-jardins@sender-sib.com>
From: "Les Jardins de l'Egalite" <{applicant}>
To: <{to}>
Subject: =?utf-8?Q?La_lettre_des_Jardins_=E2=80=93_d=C3=A9cembre_2026?=
Date: Wed, 02 Dec 2026 10:00:04 +0000
Message-Id: <202612021000.31415926535@smtp-relay.mailin.fr>
Origin-messageId: <202612021000.31415926535@smtp-relay.mailin.fr>
List-Unsubscribe: <https://r.sendibm1.com/mk/un/v2/sh/6rQ8xZ>, <mailto:unsubscribe@sendibm1.com?subject=6rQ8xZ>
List-Unsubscribe-Post: List-Unsubscribe=One-Click
Feedback-ID: 42:1234567:campaign:sendinblue
X-sib-id: 9fQk2V7pL3xR8mN1bT6cY4hJ0wE5sA2dG7uI9oP3zX
X-Mailin-EID: MzE0MTU5MjY1MzV+amFyZGluc0BleGFtcGxlfjwyMDI2MTIwMg~~
X-Mailin-Campaign: 12
X-Mailin-Client: 1234567
X-CSA-Complaints: csa-complaints@eco.de
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="{b}"

--{b}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp(NEWSLETTER)}
--{b}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{b}--
""")


# --- Brother scan to e-mail -----------------------------------------------------------------------------------------

def brother_scan(to: str, pdf: bytes, applicant: str = APPLICANT) -> bytes:
    """A Brother MFC-L2750DW's « Scan to E-mail server », sending as her (her SMTP account), a read receipt asked
    (« Setup Mail TX > Notification: On »), the scan « img-261201101102.pdf » alone."""
    b = "BROTHER_MFC_L2750DW_BOUNDARY_261201101102"
    return _raw(f"""From: {applicant}
To: {to}
Subject: Message from "MFC-L2750DW"
Date: Tue, 01 Dec 2026 10:11:02 +0100
Message-Id: <261201101102.0000A3F4@MFC-L2750DW>
Disposition-Notification-To: {applicant}
X-Mailer: Brother MFC-L2750DW
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

This is a multi-part message in MIME format.

--{b}
Content-Type: text/plain; charset=US-ASCII
Content-Transfer-Encoding: 7bit

Scanned by MFC-L2750DW

--{b}
Content-Type: application/pdf; name="img-261201101102.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="img-261201101102.pdf"

{_b64(pdf)}

--{b}--
""")


# --- Outlook for Windows: read receipt and business card ------------------------------------------------------------

VCARD = """BEGIN:VCARD
VERSION:2.1
N;LANGUAGE=fr;CHARSET=utf-8:Roux;Jeanne
FN;CHARSET=utf-8:Jeanne Roux
ORG;CHARSET=utf-8:Les Jardins de l'Égalité
TITLE;CHARSET=utf-8:Présidente
TEL;WORK;VOICE:+33 3 21 00 00 00
ADR;WORK;PREF;CHARSET=utf-8:;;12 rue des Jardins;Béthune;;62400;France
X-MS-OL-DEFAULT-POSTAL-ADDRESS:2
EMAIL;PREF;INTERNET:jeanne.roux@jardins-egalite.example
X-MS-OL-DESIGN;CHARSET=utf-8:<card xmlns="http://schemas.microsoft.com/office/outlook/12/electronicbusinesscards" \
ver="1.0" layout="left" bgcolor="ffffff"><img xmlns="" align="fit" area="16" use="cardpicture"/><fld xmlns="" \
prop="name" align="left" dir="ltr" style="b" color="000000" size="10"/></card>
REV:20261201T084500Z
END:VCARD
"""


def outlook_receipt_and_card(to: str, files: Files, applicant: str = APPLICANT) -> bytes:
    """Outlook for Windows (Microsoft 365, French), « Demander une confirmation de lecture » and « Demander un accusé
    de réception » on, her business card « Jeanne Roux.vcf » inserted beside the pieces."""
    b, alt = "_004_PR0P264MB2231D5E8C1A94F0B7C2E6D41PR0P264MB2231FRAP_", \
        "_000_PR0P264MB2231D5E8C1A94F0B7C2E6D41PR0P264MB2231FRAP_"
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body lang="FR">'
            + "".join(f'<p class="MsoNormal">{escape(line) or "&nbsp;"}</p>' for line in APPLICATION_TEXT.splitlines())
            + "</body></html>")
    card = ("Jeanne Roux.vcf", "text/x-vcard", VCARD.replace("\n", "\r\n").encode())
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{_word(name)}"
Content-Description: {_word(name)}
Content-Disposition: attachment; filename="{_word(name)}"; size={len(data)};
\tcreation-date="Tue, 01 Dec 2026 07:45:10 GMT";
\tmodification-date="Tue, 01 Dec 2026 07:45:10 GMT"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in [*files, card])
    return _raw(f"""From: {JEANNE} <{applicant}>
To: "{to}" <{to}>
Subject: {_subject(SUBJECT)}
Thread-Topic: {_subject(SUBJECT)}
Thread-Index: AdtDqk3bXh4r6Wm2QeKJ0y8vB1N2fA==
Date: Tue, 1 Dec 2026 07:45:12 +0000
Message-ID: <PR0P264MB2231D5E8C1A94F0B7C2E6D41@PR0P264MB2231.FRAP264.PROD.OUTLOOK.COM>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:
Disposition-Notification-To: {JEANNE} <{applicant}>
Return-Receipt-To: {JEANNE} <{applicant}>
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(APPLICATION_TEXT.encode())}

--{alt}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(html.encode())}

--{alt}--

{parts}--{b}--
""")


# --- GroupWise -----------------------------------------------------------------------------------------------------

GW_PREAMBLE = ("This is a MIME message. If you are reading this text, you may want to \nconsider changing to a mail "
               "reader or gateway that understands how to \nproperly handle MIME multipart messages.\n")


def _gw_files(b: str, files: Files) -> str:
    return "".join(f"""--{b}
Content-Type: {mime}; name="{_word(name)}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{_word(name)}"

{_b64(data)}

""" for name, mime, data in files)


def groupwise(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
              authentication: str = "", words: str = ANSWER_WORDS, octet: bool = False, threads: bool = True,
              inline: bool = False, applicant: str = APPLICANT) -> bytes:
    """GroupWise 24 through its Internet Agent: the preamble, « =__Part…__= » boundaries, text (ISO-8859-15,
    quoted-printable) and HTML, the files; `forward_of`: the colleague's words, her mail whole in « Mime.822 »
    (message/rfc822, or application/octet-stream if `octet`), its files inside it; `answer`: `words` above « >>>
    Mission Smart City <…> 01/12/2026 09:20 >>> » and our text unmarked, In-Reply-To and References if `threads`."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    b, alt = f"=__Part7A3B2C1{kind}.0__=", f"=__Part7A3B2C1{kind}.1__="
    reply = ""
    if forward_of and inline:
        subject = "Fwd: " + SUBJECT
        text = FORWARD_WORDS + f'\n>>> "{JEANNE}" <{forward_of}> 30/11/2026 17:45 >>>\n' + APPLICATION_TEXT
        attached = _gw_files(b, files)
    elif forward_of:
        subject = "Fwd: " + SUBJECT
        text = FORWARD_WORDS
        original = groupwise(by, files, applicant=forward_of).decode().replace(f"To: {by}", f"To: Accueil <{by}>")
        if octet:  # a file of unknown type, base64 as any other
            attached = f"""--{b}
Content-Type: application/octet-stream; name="Mime.822"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="Mime.822"

{_b64(original.encode())}
"""
        else:
            attached = f"""--{b}
Content-Type: message/rfc822; name="Mime.822"
Content-Disposition: attachment; filename="Mime.822"

{original.replace(chr(13), "")}
"""
    elif answer is not None:
        text = words + f"\n>>> Mission Smart City <{to}> 01/12/2026 09:20 >>>\n" + _body(answer).replace("\r\n", "\n")
        attached = _gw_files(b, files)
        reply = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer)) if threads else ""
    else:
        text, attached = APPLICATION_TEXT, _gw_files(b, files)
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"><meta '
            'name="Generator" content="Micro Focus GroupWise 24.1"></head><body style="MARGIN: 4px 4px 1px; FONT: '
            '10pt Segoe UI">' + "".join(f"<div>{escape(line) or '&nbsp;'}</div>" for line in text.splitlines())
            + "</body></html>")
    if forward_of:
        msgid = f"<6A1F3C2E0200{kind}0A0004B7F{kind}@gw.ville-bethune.example>"
    else:
        msgid = f"<6A1F3C2E0200{kind}0A0004B7F{kind}@gw.jardins-egalite.example>"
    return _raw(f"""{_auth(authentication)}Message-Id: {msgid}
X-Mailer: GroupWise Internet Agent 24.1.0
Date: Tue, 01 Dec 2026 09:47:33 +0100
From: "{sender.split(" <")[0]}" <{sender.split(" <")[1].rstrip(">")}>
To: <{to}>
Subject: {_subject(subject)}
{reply}Mime-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

{GW_PREAMBLE}
--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset=ISO-8859-15
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(text, "iso-8859-15")}
--{alt}
Content-Type: text/html; charset=ISO-8859-15
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(html, "iso-8859-15")}
--{alt}--

{attached}--{b}--
""")


def _uuencode(name: str, data: bytes) -> str:
    lines = [binascii.b2a_uu(data[i:i + 45], backtick=True).decode() for i in range(0, len(data), 45)]
    return f"begin 644 {name}\n" + "".join(lines) + "`\nend\n"


def groupwise_rfc822(to: str, files: Files, applicant: str = APPLICANT) -> bytes:
    """GroupWise's Internet Agent set to « Basic RFC-822 »: no MIME-Version, no Content-Type, the text in ISO-8859-15
    as is, each file uuencoded below it."""
    text = APPLICATION_TEXT + "\n" + "\n".join(_uuencode(name, data) for name, _mime, data in files)
    head = f"""Message-Id: <6A1F3C2E02000A0A0004B7F1@gw.jardins-egalite.example>
X-Mailer: GroupWise Internet Agent 24.1.0
Date: Tue, 01 Dec 2026 09:47:33 +0100
From: "{JEANNE}" <{applicant}>
To: <{to}>
Subject: {_subject(SUBJECT)}

"""
    return (head + text).replace("\n", "\r\n").encode("iso-8859-15")


# --- Pegasus Mail --------------------------------------------------------------------------------------------------

def _latin1_word(name: str) -> str:
    return name if name.isascii() else "=?ISO-8859-1?Q?" + _qp(name, "latin-1").replace("=\n", "").replace(
        " ", "_").replace("?", "=3F") + "?="


def pegasus(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
            authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """Pegasus Mail 4.81: the text in ISO-8859-1 quoted-printable (« Mail message body »), the files after it;
    `forward_of`: « ------- Forwarded message follows ------- » and its tabbed header; `answer`: « On … wrote: » and
    our text quoted."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    reply = ""
    if forward_of:
        text = (FORWARD_WORDS + "\n------- Forwarded message follows -------\n"
                + f"From:           \t{JEANNE} <{forward_of}>\nTo:             \tAccueil <{by}>\n"
                + f"Subject:        \t{SUBJECT}\nDate sent:      \tMon, 30 Nov 2026 17:45:12 +0100\n\n"
                + APPLICATION_TEXT)
    elif answer is not None:
        quoted = "\n".join(f"> {line}" if line else ">" for line in _body(answer).replace("\r\n", "\n").splitlines())
        text = words + "\nOn 1 Dec 2026 at 9:20, Mission Smart City wrote:\n\n" + quoted + "\n"
        reply = "In-reply-to: {}\nReferences: {}\n".format(*_answered(answer))
    else:
        text = APPLICATION_TEXT
    b = f"Message-Boundary-1999{kind}"
    parts = "".join(f"""--{b}
Content-type: {mime.split("/")[0].capitalize()}/{mime.split("/")[1]}; name="{_latin1_word(name)}"
Content-disposition: attachment; filename="{_latin1_word(name)}"
Content-transfer-encoding: BASE64

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}From: "{sender.split(" <")[0]}" <{sender.split(" <")[1].rstrip(">")}>
Organization: Les Jardins de l'Egalite
To: {to}
Date: Tue, 01 Dec 2026 09:47:33 +0100
MIME-Version: 1.0
Subject: {_subject(subject)}
Priority: normal
{reply}X-mailer: Pegasus Mail for Windows (4.81)
Message-ID: <5E8C1F2A.2731{kind}.1A2B3C@portable-jeanne>
Content-type: Multipart/Mixed; boundary={b}

--{b}
Content-type: text/plain; charset=ISO-8859-1
Content-transfer-encoding: Quoted-printable
Content-description: Mail message body

{_qp(text, "latin-1")}
{parts}--{b}--
""")


# --- BlueMind -------------------------------------------------------------------------------------------------------

def bluemind(to: str, files: Files, forward_of: str = "", by: str = "", authentication: str = "",
             html_only: bool = False, applicant: str = APPLICANT) -> bytes:
    """BlueMind 5's web mail (French): HTML (and a text part made from it, unless `html_only`), the files, RFC 2231
    names; `forward_of`: the colleague's words, then BlueMind's purple header (« ---- Message d'origine ---- », « De:
    / Objet: / À: / Date: ») and the mail."""
    kind = _kind(forward_of, None)
    if forward_of:
        sender, subject, mine = f"{CLAIRE} <{by}>", "TR: " + SUBJECT, FORWARD_WORDS
        fields = ["---- Message d'origine ----", f"De: {JEANNE} <{forward_of}>", f"Objet: {SUBJECT}",
                  f"À: Accueil <{by}>", "Date: lundi 30 novembre 2026 à 17:45"]
        text = mine + "\n" + "\n".join(fields) + "\n" + APPLICATION_TEXT
        html = ('<div style="font-family: Montserrat, sans-serif; font-size: 9pt; color: #1f1f1f;">'
                + "".join(f"<div>{escape(line) or '<br>'}</div>" for line in mine.splitlines())
                + '</div><br><div id="data-bm-forward-separator"><p style="color: purple;">\n            '
                + "<br>\n            ".join(escape(f) for f in fields) + "\n        </p>"
                + "".join(f"<div>{escape(line) or '<br>'}</div>" for line in APPLICATION_TEXT.splitlines())
                + "</div>")
    else:
        sender, subject, text = f"{JEANNE} <{applicant}>", SUBJECT, APPLICATION_TEXT
        html = "".join(f"<div>{escape(line) or '<br>'}</div>" for line in text.splitlines())
    html = f'<html><head></head><body>{html}</body></html>'
    b, alt = (f"-=Part.1c4.e6a5ab1a3e0e1e6{kind}.18c6bd8aa4{n}.20d2c26d1b3f1fd8=-" for n in "45")
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{name if name.isascii() else _q_word(name)}"
Content-Disposition: attachment; {_rfc2231("filename", name)}
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in files)
    if html_only:
        body = f"""--{b}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
"""
    else:
        body = f"""--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--
"""
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
From: {sender}
To: {to}
Subject: {_subject(subject)}
Date: Tue, 1 Dec 2026 09:47:33 +0100
Message-ID: <1764578853114.{kind}7c2e.bm-core@bluemind.ville-bethune.example>
User-Agent: BlueMind Mail App
Content-Type: multipart/mixed; boundary="{b}"

{body}
{parts}--{b}--
""")


# --- Outlook for Android --------------------------------------------------------------------------------------------

def outlook_android(to: str, files: Files, forward_of: str = "", by: str = "", authentication: str = "",
                    applicant: str = APPLICANT) -> bytes:
    """Outlook for Android (French): text and HTML base64, « Obtenir Outlook pour Android »; `forward_of`: her mail
    below a line of underscores and « De : / Envoyé : / À : / Objet : », the files forwarded with it."""
    kind = _kind(forward_of, None)
    sign = "Obtenir Outlook pour Android<https://aka.ms/AAb9ysg>"
    if forward_of:
        sender, subject, mine = f"{CLAIRE} <{by}>", "TR: " + SUBJECT, FORWARD_WORDS
        block = (f"________________________________\nDe : {JEANNE} <{forward_of}>\n"
                 f"Envoyé : lundi, novembre 30, 2026 5:45:12 PM\nÀ : Accueil <{by}>\nObjet : {SUBJECT}\n\n"
                 + APPLICATION_TEXT)
        html_block = ('<hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr">'
                      f'<font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>De :</b> {JEANNE} '
                      f'&lt;{forward_of}&gt;<br><b>Envoyé :</b> lundi, novembre 30, 2026 5:45:12 PM<br><b>À :</b> '
                      f'Accueil &lt;{by}&gt;<br><b>Objet :</b> {escape(SUBJECT)}</font><div>&nbsp;</div></div>'
                      + "".join(f"<div>{escape(line) or '<br>'}</div>" for line in APPLICATION_TEXT.splitlines()))
    else:
        sender, subject, mine, block, html_block = f"{JEANNE} <{applicant}>", SUBJECT, APPLICATION_TEXT, "", ""
    text = mine + "\n" + sign + "\n" + block
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
            + "".join(f'<div dir="auto">{escape(line) or "<br>"}</div>' for line in mine.splitlines())
            + '<div dir="auto"><br></div><div class="ms-outlook-mobile-signature" dir="auto">Obtenir '
            '<a href="https://aka.ms/AAb9ysg">Outlook pour Android</a></div>' + html_block + "</body></html>")
    tag = f"AS8PR02MB97{kind}4C1E2B3F4A5D6E7F8091A2B3C4D5E6F7"
    b, alt = f"_004_{tag}_", f"_000_{tag}_"
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{_word(name)}"
Content-Description: {_word(name)}
Content-Disposition: attachment; filename="{_word(name)}"; size={len(data)};
\tcreation-date="Mon, 30 Nov 2026 16:50:00 GMT";
\tmodification-date="Mon, 30 Nov 2026 16:50:00 GMT"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}From: {sender}
To: {to}
Subject: {_subject(subject)}
Thread-Topic: {_subject(SUBJECT)}
Thread-Index: AQHbQ2k3Xh4r6Wm2QeKJ0y8vB1N2f{kind}==
Date: Tue, 1 Dec 2026 08:12:40 +0000
Message-ID: <{tag}@{tag[:16]}.eurprd02.prod.outlook.com>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(text.encode())}

--{alt}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(html.encode())}

--{alt}--

{parts}--{b}--
""")


__all__ = ["bluemind", "groupwise", "groupwise_rfc822", "pegasus", "salesforce", "brevo_newsletter", "brother_scan",
           "outlook_receipt_and_card", "outlook_android", "outlook_android_staff_reply"]


def outlook_android_staff_reply(ours: EmailMessage, staff: str, applicant: str, cc: str,
                                authentication: str = "") -> bytes:
    """Staff answering the applicant from Outlook for Android, in the thread of our acknowledgement, the other watched
    mailbox in Cc: « RE: », their words, « Obtenir Outlook pour Android », the underscores and our mail below."""
    words = ("Bonjour Madame Roux,\n\nMerci pour votre candidature. Pourriez-vous nous indiquer le nombre de "
             "bénévoles du jardin ?\n\nNicolas Bataillon\n")
    text = (words + "\nObtenir Outlook pour Android<https://aka.ms/AAb9ysg>\n________________________________\n"
            f"De : Mission Smart City <{staff}>\nEnvoyé : mardi, décembre 1, 2026 9:20:00 AM\nÀ : {applicant} "
            f"<{applicant}>\nObjet : {ours['Subject']}\n\n" + _body(ours).replace("\r\n", "\n"))
    return _raw(f"""{_auth(authentication)}From: Nicolas Bataillon <{staff}>
To: Jeanne Roux <{applicant}>
CC: Mission Smart City <{cc}>
Subject: {_subject("RE: " + ours["Subject"])}
Thread-Topic: {_subject(ours["Subject"])}
Date: Tue, 1 Dec 2026 10:02:11 +0000
Message-ID: <AS8PR02MB97STAFF4C1E2B3F4A5D6E7F8091A2B3@AS8PR02MB97.eurprd02.prod.outlook.com>
References: {ours["Message-ID"]}
In-Reply-To: {ours["Message-ID"]}
Content-Language: fr-FR
X-MS-Has-Attach:
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64
MIME-Version: 1.0

{_b64(text.encode())}
""")
