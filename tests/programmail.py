"""More mail programs, byte for byte (CRLF line ends, as IMAP serves it), beside tests/clientmail.py and
tests/servermail.py: Apple Mail's rich-text layout (macOS and iOS), Outlook for Windows answering in French, Samsung
Email, a mailing list that rewrites its senders' From, the notices Proton Mail and Microsoft 365 send for an
encrypted message.

Where the layout comes from is said on each builder: the headers and MIME structure these programs write as seen in
their own « afficher la source » / « Show original » views and in the bug reports cited.
"""

from __future__ import annotations

import quopri
from email.header import Header
from email.message import EmailMessage
from urllib.parse import quote

import documents as d
from clientmail import SP, _b64, _qp, _raw


def _cp1252_qp(text: str) -> str:
    return quopri.encodestring(text.encode("cp1252")).decode()


def _latin1_word(name: str) -> str:
    """An RFC 2047 word in ISO-8859-1, as Outlook for Windows writes a file's name= and filename= (not RFC 2231)."""
    return f"=?iso-8859-1?Q?{quopri.encodestring(name.encode('latin-1'), header=True).decode()}?="


def _apple_attachment(boundary: str, name: str, mime: str, data: bytes, content_id: str = "") -> str:
    word = "=?utf-8?Q?" + "".join(c if c.isalnum() and c.isascii() else "".join(f"={b:02X}" for b in c.encode())
                                  for c in name) + "?="
    cid = f"Content-Id: <{content_id}>\n" if content_id else ""
    return (f"--{boundary}\nContent-Disposition: inline;\n\tfilename*=utf-8''{quote(name.encode(), safe='')}\n"
            f"Content-Type: {mime};\n\tx-unix-mode=0644;\n\tname=\"{word}\"\nContent-Transfer-Encoding: base64\n"
            f"{cid}\n{_b64(data)}\n")


APPLE_HTML = ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="'
              'overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">')


def apple_mail_rich(to: str, files: list[tuple[str, str, bytes]], iphone: bool = False) -> bytes:
    """Apple Mail in rich text (its default « Format : texte enrichi », and any mail with bold, a link or a pasted
    photo): multipart/alternative whose text/plain has no file at all, and whose HTML alternative is a multipart/mixed
    of HTML fragments with each file, inline, between them. On an iPhone (`iphone`), « Envoyé de mon iPhone », an
    Apple-Mail- boundary without « =_ », photos with a Content-Id the HTML shows. (Layout: Apple Mail's « Afficher la
    source » / « Message brut »; the same structure is why Roundcube, K-9 and mail-parser users reported « attachments
    from Apple Mail missing »: a reader that takes the first alternative, text/plain, sees no file.)"""
    outer = "Apple-Mail-0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0" if iphone else \
        "Apple-Mail=_3D1C0B9A-8F7E-4D6C-5B4A-392817161514"
    inner = "Apple-Mail-5A6B7C8D-9E0F-4A1B-2C3D-4E5F6A7B8C9D" if iphone else \
        "Apple-Mail=_7E6D5C4B-3A29-4817-9605-F4E3D2C1B0A9"
    sign = "\n\nEnvoyé de mon iPhone" if iphone else "\n\nAmélie"
    text = f"Bonjour,\n\nVoici notre candidature au label Béthune Smart City.{sign}\n"
    html = [APPLE_HTML + "Bonjour,<div><br></div><div>Voici notre candidature au label <b>Béthune Smart City</b>."
                         "</div><div><br></div>"]
    parts = []
    for i, (name, mime, data) in enumerate(files):
        cid = f"{'ABCDEF01-2345-6789-ABCD-EF01234567' if iphone else '1C2D3E4F-5A6B-7C8D-9E0F-A1B2C3D4E5'}{i:02d}" \
            if mime.startswith("image/") else ""
        html.append(f'<div><img src="cid:{cid}" alt="{name}"></div>' if cid else "")
        parts.append((name, mime, data, cid))
    html.append(f"<div>{sign.strip()}</div></body></html>")
    chunks = [f"--{inner}\nContent-Transfer-Encoding: quoted-printable\nContent-Type: text/html;\n\tcharset=utf-8"
              f"\n\n{_qp(html[0])}\n"]
    for name, mime, data, cid in parts:
        chunks.append(_apple_attachment(inner, name, mime, data, cid))
        chunks.append(f"--{inner}\nContent-Transfer-Encoding: 7bit\nContent-Type: text/html;\n\tcharset=us-ascii\n\n"
                      f'<html><head><meta http-equiv="content-type" content="text/html; charset=us-ascii"></head>'
                      f'<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-'
                      f'space;"><div><br></div>{sign.strip()}</body></html>\n')
    version, mailer = ("1.0 (1.0)", "iPhone Mail (22B91)") if iphone else (
        "1.0 (Mac OS X Mail 16.0 \\(3826.200.121\\))", "Apple Mail (2.3826.200.121)")
    return _raw(f"""From: =?utf-8?Q?Am=C3=A9lie_Caron?= <amelie.caron@me.example>
Content-Type: multipart/alternative;
\tboundary="{outer}"
Mime-Version: {version}
Subject: =?utf-8?Q?Candidature_label_B=C3=A9thune_Smart_City?=
Date: Mon, 23 Nov 2026 16:40:21 +0100
Message-Id: <{'5B4A3928' if iphone else '8A3C5E7F'}-1B2D-4F6A-9C8E-0D1F2A3B4C5E@me.example>
To: {to}
X-Mailer: {mailer}

--{outer}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

{_qp(text)}
--{outer}
Content-Type: multipart/mixed;
\tboundary="{inner}"


{"".join(chunks)}--{inner}--

--{outer}--
""")


def _sender(ours: EmailMessage) -> str:
    return ours["From"].addresses[0].addr_spec


def outlook_reply(ours: EmailMessage, applicant: str, logo: bytes, letter: bytes | None = None,
                  letter_name: str = "Courrier signé à Monsieur le Maire.pdf") -> bytes:
    """Outlook for Windows (Microsoft 365, French) answering our acknowledgement: top-posted in Windows-1252, its
    signature's logo (image001.png, multipart/related, cid:), the whole history under « De : … Envoyé : … À : …
    Objet : », « RE: », Thread-Topic / Thread-Index, the attached file's name an RFC 2047 word in ISO-8859-1 in both
    name= and filename= (Outlook writes no RFC 2231). (Layout: Outlook's « Afficher la source » of a sent item;
    Microsoft's [MS-OXCMAIL] 2.2.3.2 for the headers, 2.1.3.3.4 for the names.)"""
    quoted = ours.get_body(("plain",)).get_content().replace("\n", "\r\n")
    text = (f"Bonjour,\n\nVeuillez trouver ci-joint le courrier signé à l’attention de Monsieur le Maire.\n\n"
            f"Bien cordialement,\n\nFrançois Martin\nPrésident – Association Vélo Solidaire\n[cid:image001.png@01DB4"
            f"2C3.5E6F7A80]\n\nDe : Mission Smart City <{_sender(ours)}>\nEnvoyé : lundi 30 novembre 2026 00:10\n"
            f"À : François Martin <{applicant}>\nObjet : {ours['Subject']}\n\n{quoted}\n")
    html = ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
            '<head><meta http-equiv="Content-Type" content="text/html; charset=Windows-1252"></head><body lang="FR" '
            'link="#0563C1" vlink="#954F72"><div class="WordSection1"><p class="MsoNormal">Bonjour,</p><p class='
            '"MsoNormal">Veuillez trouver ci-joint le courrier signé à l’attention de Monsieur le Maire.</p><p class='
            '"MsoNormal">Bien cordialement,</p><p class="MsoNormal">François Martin<br>Président – Association Vélo '
            'Solidaire</p><p class="MsoNormal"><img width="180" height="60" id="Image_x0020_1" src="cid:image001.'
            'png@01DB42C3.5E6F7A80"></p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm '
            f'0cm"><p class="MsoNormal"><b>De&nbsp;:</b> Mission Smart City &lt;{_sender(ours)}&gt;<br><b>Envoyé'
            '&nbsp;:</b> lundi 30 novembre 2026 00:10<br><b>À&nbsp;:</b> François Martin<br><b>Objet&nbsp;:</b> '
            f'{ours["Subject"]}</p></div><p class="MsoNormal">{quoted[:400]}</p></div></body></html>')
    name = _latin1_word(letter_name)
    return _raw(f"""From: =?iso-8859-1?Q?Fran=E7ois_Martin?= <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Subject: {quoted_subject('RE: ' + ours['Subject'])}
Thread-Topic: {quoted_subject(ours['Subject'])}
Thread-Index: AQHbQsNeb3qAw1Z4mUKj0x9VYc5Ab7KqW2Cg
Date: Mon, 30 Nov 2026 09:14:07 +0000
Message-ID: <PR3P195MB0876A1B2C3D4E5F6@PR3P195MB0876.EURP195.PROD.OUTLOOK.COM>
References: {ours['Message-ID']}
In-Reply-To: {ours['Message-ID']}
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:{SP}
Content-Type: multipart/mixed;
\tboundary="_006_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_"
MIME-Version: 1.0

--_006_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_
Content-Type: multipart/related;
\tboundary="_005_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_";
\ttype="multipart/alternative"

--_005_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_
Content-Type: multipart/alternative;
\tboundary="_000_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_"

--_000_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_
Content-Type: text/plain; charset="Windows-1252"
Content-Transfer-Encoding: quoted-printable

{_cp1252_qp(text)}
--_000_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_
Content-Type: text/html; charset="Windows-1252"
Content-Transfer-Encoding: quoted-printable

{_cp1252_qp(html)}
--_000_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_--

--_005_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_
Content-Type: image/png; name="image001.png"
Content-Description: image001.png
Content-Disposition: inline; filename="image001.png"; size={len(logo)};
\tcreation-date="Mon, 30 Nov 2026 09:14:06 GMT";
\tmodification-date="Mon, 30 Nov 2026 09:14:06 GMT"
Content-ID: <image001.png@01DB42C3.5E6F7A80>
Content-Transfer-Encoding: base64

{_b64(logo)}

--_005_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_--

--_006_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_
Content-Type: application/pdf; name="{name}"
Content-Description: {name}
Content-Disposition: attachment; filename="{name}"; size={len(letter or b'')};
\tcreation-date="Mon, 30 Nov 2026 09:13:40 GMT";
\tmodification-date="Mon, 30 Nov 2026 09:13:40 GMT"
Content-Transfer-Encoding: base64

{_b64(letter if letter is not None else d.pdf_text(d.LETTER_LINES))}

--_006_PR3P195MB0876A1B2C3D4E5F6PR3P195MB0876EURP_--
""")


def quoted_subject(subject: str) -> str:
    """A subject as Outlook folds it: RFC 2047 words in ISO-8859-1 when it is not ASCII (UTF-8 when it must)."""
    if subject.isascii():
        return subject
    try:
        subject.encode("latin-1")
        charset = "iso-8859-1"
    except UnicodeEncodeError:
        charset = "utf-8"
    return Header(subject, charset, maxlinelen=76).encode()


def samsung_reply(ours: EmailMessage, applicant: str) -> bytes:
    """Samsung Email (Galaxy phones, French): the answer above « Envoyé depuis mon appareil Galaxy » and « --------
    Message d'origine -------- » with « De : / Date : / À : / Objet : », the photo of the signed letter taken by the
    phone (20261130_091501.jpg), a multipart/alternative text and HTML. (Layout: Samsung Email's messages as received
    in Gmail's « Afficher l'original »; its Message-ID on the phone's host, …@email.android.com.)"""
    text = (f"Bonjour voici la lettre signée\n\n\n\nEnvoyé depuis mon appareil Galaxy\n\n\n\n-------- Message "
            f"d'origine --------\nDe : Mission Smart City <{_sender(ours)}> \nDate : 30/11/2026 00:10 (GMT+01:00) \n"
            f"À : {applicant} \nObjet : {ours['Subject']} \n\n{ours.get_body(('plain',)).get_content()}\n")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><div dir='
            '"auto">Bonjour voici la lettre signée</div><div dir="auto"><br></div><div dir="auto"><br></div><div dir='
            '"auto"><br></div><div id="composer_signature" dir="auto"><div style="font-size:12px;color:#575757" dir='
            '"auto">Envoyé depuis mon appareil Galaxy</div></div><div dir="auto"><br></div><div><br></div><div align='
            '"left" dir="auto" style="font-size:100%;color:#000000"><div>-------- Message d\'origine --------</div>'
            f'<div>De : Mission Smart City &lt;{_sender(ours)}&gt; </div><div>Date : 30/11/2026 00:10 (GMT+01:00) '
            f'</div><div>À : {applicant} </div><div>Objet : {ours["Subject"]} </div><div><br></div></div></body>'
            '</html>')
    return _raw(f"""MIME-Version: 1.0
Date: Mon, 30 Nov 2026 09:15:33 +0100
Subject: {quoted_subject('RE: ' + ours['Subject'])}
Message-ID: <k4x9b2m7q1w8e3r6t5y0u2i4.1764490533712@email.android.com>
In-Reply-To: {ours['Message-ID']}
References: {ours['Message-ID']}
From: Jeanne Roux <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Content-Type: multipart/mixed; boundary="--_com.samsung.android.email_1764490533712345"

----_com.samsung.android.email_1764490533712345
Content-Type: multipart/alternative; boundary="--_com.samsung.android.email_1764490533698765"

----_com.samsung.android.email_1764490533698765
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

{_b64(text.encode())}

----_com.samsung.android.email_1764490533698765
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

{_b64(html.encode())}

----_com.samsung.android.email_1764490533698765--

----_com.samsung.android.email_1764490533712345
Content-Type: image/jpeg; name="20261130_091501.jpg"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="20261130_091501.jpg"

{_b64(d.photo_of_page(d.LETTER_LINES))}

----_com.samsung.android.email_1764490533712345--
""")


def list_rewritten(to: str, member: str, through_list: bool = True) -> bytes:
    """A member's application sent to a Google Groups list and, in To as well, to the town: the list's copy has From
    rewritten to « 'Jeanne Roux' via Tiers-lieux Artois » <the group's address> (DMARC p=quarantine on the member's
    domain), the member in Reply-To and X-Original-From, List-Id / List-Post / Precedence: list, the same Message-ID.
    `through_list=False`: the copy the member's own server delivered straight to the town. (Layout: Google Groups'
    DMARC rewriting, support.google.com/a/answer/175365, and messages received through such groups.)"""
    head = f"""Return-Path: <tiers-lieux-artois+bncBD5ZXQ@googlegroups.com>
From: "'Jeanne Roux' via Tiers-lieux Artois" <tiers-lieux-artois@googlegroups.com>
Reply-To: Jeanne Roux <{member}>
X-Original-From: Jeanne Roux <{member}>
X-Original-Sender: {member}
Mailing-list: list tiers-lieux-artois@googlegroups.com; contact tiers-lieux-artois+owners@googlegroups.com
List-ID: <tiers-lieux-artois.googlegroups.com>
List-Post: <https://groups.google.com/group/tiers-lieux-artois/post>, <mailto:tiers-lieux-artois@googlegroups.com>
List-Unsubscribe: <mailto:googlegroups-manage+1234+unsubscribe@googlegroups.com>
Precedence: list
""" if through_list else f"Return-Path: <{member}>\nFrom: Jeanne Roux <{member}>\n"
    footer = ("\n-- \nYou received this message because you are subscribed to the Google Groups \"Tiers-lieux "
              "Artois\" group.\n") if through_list else ""
    return _raw(f"""{head}Message-ID: <CAE7rT9pQ-list@mail.gmail.com>
Date: Tue, 24 Nov 2026 11:00:00 +0100
Subject: Candidature label Smart City
To: Tiers-lieux Artois <tiers-lieux-artois@googlegroups.com>, {to}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="000000000000feed00000002"

--000000000000feed00000002
Content-Type: text/plain; charset="UTF-8"

Bonjour, notre candidature au label.
{footer}
--000000000000feed00000002
Content-Type: application/pdf; name="Dossier d'intention.pdf"
Content-Disposition: attachment; filename="Dossier d'intention.pdf"
Content-Transfer-Encoding: base64

{_b64(d.pdf_text(d.DOSSIER_LINES))}
--000000000000feed00000002
Content-Type: application/pdf; name="Lettre au Maire.pdf"
Content-Disposition: attachment; filename="Lettre au Maire.pdf"
Content-Transfer-Encoding: base64

{_b64(d.pdf_text(d.LETTER_LINES))}
--000000000000feed00000002--
""")


def proton_password_protected(to: str, subject: str = "Candidature label Smart City",
                              link: str = "https://mail.proton.me/eo/Xk3Lq9PzR7wYv2Tn8uHd5sGf1aJc4bMe6oNi0pQ/Ab12Cd34"
                              ) -> bytes:
    """Proton Mail's password-protected message (« External encryption ») to a non-Proton address: the recipient gets
    a notice from the sender's address, with the subject, whose « Unlock message » link (mail.proton.me/eo/<id>)
    opens the text and files on Proton's site after the password the sender gave elsewhere; nothing else of the
    message reaches the mailbox. (Layout: proton.me/support/password-protected-emails and
    proton.me/support/open-password-protected-emails; the link's form as Proton's own tools parse it.)"""
    html = (f'<div style="font-family: Arial, sans-serif; font-size: 14px;"><p>Jeanne Roux (jeanne.roux@proton.me) '
            f'has sent you a password-protected message.</p><p><a href="{link}">Unlock message</a></p><p>This '
            'message will expire on December 28, 2026.</p></div>')
    text = (f"Jeanne Roux (jeanne.roux@proton.me) has sent you a password-protected message.\n\nUnlock message\n"
            f"{link}\n\nThis message will expire on December 28, 2026.\n")
    return _raw(f"""Date: Tue, 24 Nov 2026 12:00:00 +0000
To: {to}
From: Jeanne Roux <jeanne.roux@proton.me>
Subject: {subject}
Message-ID: <Xk3Lq9PzR7wYv2Tn8uHd5sGf1aJc4bMe6oNi0pQrS=@proton.me>
X-Pm-Origin: internal
X-Pm-Content-Encryption: end-to-end
X-Pm-Spamscore: 0
MIME-Version: 1.0
Content-Type: multipart/alternative;
 boundary="b1_7f3a9c2e4d6b8a0f1e3c5d7b9a2f4e6c"

--b1_7f3a9c2e4d6b8a0f1e3c5d7b9a2f4e6c
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

{_b64(text.encode())}

--b1_7f3a9c2e4d6b8a0f1e3c5d7b9a2f4e6c
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

{_b64(html.encode())}

--b1_7f3a9c2e4d6b8a0f1e3c5d7b9a2f4e6c--
""")



def microsoft_encryption_notice(to: str, subject: str = "Candidature label Smart City",
                                link: str = "https://outlook.office365.com/Encryption/retrieve.ashx?recipientemailaddr"
                                            "ess=x&senderemailaddress=y&messageid=z&urlversion=1") -> bytes:
    """Outlook's « Chiffrer » (Microsoft 365 Message Encryption) to an address outside Microsoft 365: a notice from
    the sender, with the subject, « X vous a envoyé un message protégé » and a « Lire le message » link to the OME
    portal (outlook.office365.com/Encryption/…), which mails a one-time code; the text and files stay there. (Layout:
    Microsoft Learn, « Send, view and reply to encrypted messages »: recipients outside Microsoft 365 get a link to
    the OME portal.)"""
    html = ('<html><body><div style="font-family:Segoe UI"><p>Frédéric Morel (frederic.morel@asso-energie.example) '
            f'vous a envoyé un message protégé.</p><p><a href="{link}">Lire le message</a></p><p>Confidentialité '
            '| Chiffrement de messages par Microsoft 365</p></div></body></html>')
    return _raw(f"""From: =?iso-8859-1?Q?Fr=E9d=E9ric_Morel?= <frederic.morel@asso-energie.example>
To: {to}
Subject: {subject}
Date: Wed, 25 Nov 2026 09:00:00 +0000
Message-ID: <PAXPR01MB9013@PAXPR01MB9013.eurprd01.prod.exchangelabs.com>
Content-Language: fr-FR
X-MS-Has-Attach:{SP}
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(html.encode())}
""")


def gmail_big_file(to: str, name: str = "Dossier d'intention scanné.pdf",
                   url: str = "https://drive.google.com/file/d/1QxZ7kLmN0pQrStUvWxYz12345AbCdEf/view?usp=drive_web"
                   ) -> bytes:
    """Gmail (web) with a file over 25 MB (a scanned dossier): Gmail uploads it to Drive and writes a « chip », its
    name in a link to drive.google.com (gmail_chip gmail_drive_chip in the HTML; « name » then « <url> » on the next
    line in the text); the signed letter attached as usual. (Layout: Gmail's « Afficher l'original » of such a mail;
    support.google.com/mail/answer/6584, « Envoyer des fichiers volumineux en tant que pièces jointes ».)"""
    shown = name.replace("'", "&#39;")
    text = f"Bonjour,\n\nVoici notre candidature.\n\nSophie Leroy\n\n {name}\n<{url}>\n"
    html = ('<div dir="ltr">Bonjour,<div><br></div><div>Voici notre candidature.</div><div><br></div><div>Sophie Leroy'
            '</div></div><div class="gmail_chip gmail_drive_chip" style="width:396px;height:18px;max-height:18px;'
            'background-color:#f5f5f5;padding:5px;color:#222;font-family:arial;font-style:normal;font-weight:bold;'
            f'font-size:13px;border:1px solid #ddd;line-height:1"><a href="{url}" style="color:#222;text-decoration:'
            'none;display:inline-block;width:362px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis" '
            'target="_blank"><img style="vertical-align: bottom; border: none;" src="https://ssl.gstatic.com/docs/'
            'doclist/images/icon_10_pdf_list.png">&nbsp;<span dir="ltr" style="color:#15c;text-decoration:none;'
            f'vertical-align:bottom">{shown}</span></a></div><br>\n')
    return _raw(f"""MIME-Version: 1.0
Date: Mon, 23 Nov 2026 14:05:12 +0100
Message-ID: <CAK7xQ=big9Vb4Nw1Xa@mail.gmail.com>
Subject: Candidature label Smart City
From: Sophie Leroy <sophie.leroy62@gmail.example>
To: {to}
Content-Type: multipart/mixed; boundary="000000000000b16f11e000000002"

--000000000000b16f11e000000002
Content-Type: multipart/alternative; boundary="000000000000b16f11e000000001"

--000000000000b16f11e000000001
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--000000000000b16f11e000000001
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--000000000000b16f11e000000001--
--000000000000b16f11e000000002
Content-Type: application/pdf; name="Courrier Maire.pdf"
Content-Disposition: attachment; filename="Courrier Maire.pdf"
Content-Transfer-Encoding: base64
Content-ID: <f_m3x9k2d44>
X-Attachment-Id: f_m3x9k2d44

{_b64(d.pdf_text(d.LETTER_LINES))}
--000000000000b16f11e000000002--
""")
