"""Application mail of a thirteenth round, byte for byte (CRLF line ends, as IMAP serves it), beside tests/clientmail.py
... tests/twelfthmail.py: iOS Mail's « Scanner un document » in three mails a few minutes apart, every scan named
« Document numérisé.pdf » (in NFD, as Apple writes names), the photos of the third at full size or shrunk to
« Petite »; a phone mail sent in a hurry from the Gmail app for
Android (no subject, one line, three « PXL_… » photos); a colleague's « Répondre à tous » (Outlook, « RE: RE: »)
bringing the missing photos in the thread of our acknowledgement; Proton Mail sharing the dossier too big to attach
as a Proton Drive link (its password in the link's fragment); SOGo's webmail (many French universities and hosts);
Thunderbird's « Transférer » on our acknowledgement, our receipt PDF attached again beside the missing photos.

The dossiers and letters carry the label's published facts (tests/tenthmail.py). The layout of each message is the
one its program writes; said on each builder. Every function returns the raw message."""

from __future__ import annotations

import unicodedata
from email.message import EmailMessage
from urllib.parse import quote

from clientmail import _b64, _qp, _raw
from tenthmail import _body, _sender

IOS_SCAN = "Document numérisé.pdf"
PROTON_DRIVE = "https://drive.proton.me/urls/7M2KQ8X1ZC#aBcD3fGh1JkL"


def _ios_part(b: str, name: str, mime: str, data: bytes) -> str:
    nfd = unicodedata.normalize("NFD", name)
    return f"""--{b}
Content-Type: {mime};
\tname*=utf-8''{quote(nfd.encode(), safe='')}
Content-Disposition: inline;
\tfilename*=utf-8''{quote(nfd.encode(), safe='')}
Content-Transfer-Encoding: base64

{_b64(data)}
"""


def ios_scans(to: str, dossier: bytes, letter: bytes, photos: list[bytes]) -> list[bytes]:
    """iOS Mail (iPhone, iOS 18) in three mails a few minutes apart: the first two each carry a scan made with the
    composer's « Scanner un document », which iOS always names « Document numérisé.pdf » (so the dossier and the
    letter have the same name), the third two photos « IMG_0412.JPG », « IMG_0413.JPG ». Apple's layout:
    « Apple-Mail-<UUID> » boundaries, « Mime-Version: 1.0 (1.0) », X-Mailer « iPhone Mail (22B91) », the text in
    quoted-printable before each file, the files inline with RFC 2231 names in NFD, « Envoyé de mon iPhone »."""
    texts = ["Bonjour,\n\nVoici le dossier d’intention de l’association pour le label Béthune Smart City.\n\n"
             "Cordialement\nAurélie Dhainaut\n\nEnvoyé de mon iPhone",
             "Et le courrier pour Monsieur le Maire, signé.\n\nEnvoyé de mon iPhone",
             "Et enfin les photos de la ressourcerie.\n\nEnvoyé de mon iPhone"]
    files = [[(IOS_SCAN, "application/pdf", dossier)], [(IOS_SCAN, "application/pdf", letter)],
             [(f"IMG_{412 + i:04d}.JPG", "image/jpeg", p) for i, p in enumerate(photos)]]
    subjects = ["Candidature label =?utf-8?Q?B=C3=A9thune_Smart_City?=", "Courrier", "Photos"]
    mails = []
    for n, (text, attached, subject) in enumerate(zip(texts, files, subjects, strict=True)):
        b = f"Apple-Mail-5F1C2A3B-7D4E-4F60-8A9B-{n:012d}"
        parts = "".join(_ios_part(b, *f) for f in attached)
        mails.append(_raw(f"""Content-Type: multipart/mixed; boundary={b}
Content-Transfer-Encoding: 7bit
From: =?utf-8?Q?Aur=C3=A9lie_Dhainaut?= <aurelie.dhainaut@ressourcerie-bethune.example>
Mime-Version: 1.0 (1.0)
Date: Tue, 1 Dec 2026 08:{12 + 4 * n:02d}:0{n} +0100
Subject: {subject}
Message-Id: <8F2E1D0C-{n}B3A-4C59-9E8D-7F6A5B4C3D2E@ressourcerie-bethune.example>
To: {to}
X-Mailer: iPhone Mail (22B91)


--{b}
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
{parts}--{b}--
"""))
    return mails


def gmail_android_hurried(to: str, photos: list[tuple[str, bytes]], subject: str | None = None) -> bytes:
    """The Gmail app for Android, a mail sent in a hurry: no subject (Gmail asks « Envoyer ce message sans objet ? »
    and, once confirmed, writes no Subject field; `subject=""` gives the empty field other programs write), one line
    of text, three photos from a Pixel's camera « PXL_<date>_<time>.jpg »: multipart/mixed > multipart/alternative
    (text, « <div dir="auto"> » HTML), Gmail's « 0000000000… » boundaries, each photo with Content-ID and
    X-Attachment-Id « f_… »."""
    outer, alt = "000000000000c81a2b0625e3a1f4", "000000000000c8192a0625e3a1f2"
    parts = "".join(f"""--{outer}
Content-Type: image/jpeg; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64
Content-ID: <f_m47x1q2{i}>
X-Attachment-Id: f_m47x1q2{i}

{_b64(data)}
""" for i, (name, data) in enumerate(photos))
    line = "Ma candidature pour le label smart city, je complète ce soir. Kévin"
    subject_field = "" if subject is None else f"Subject: {subject}\n"
    return _raw(f"""MIME-Version: 1.0
From: Kevin Lemaire <kevin.lemaire62@gmail.example>
Date: Tue, 1 Dec 2026 08:03:41 +0100
Message-ID: <CAH7q2kP0xV9sT3wRb5uYh1nLm8dJf6gE4aZc2oQiW7yN5vXj3A@mail.gmail.com>
{subject_field}To: {to}
Content-Type: multipart/mixed; boundary="{outer}"

--{outer}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(line)}

--{alt}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp('<div dir="auto">' + line + '</div>')}

--{alt}--
{parts}--{outer}--
""")


OUTLOOK_SIGNATURE = "Marc Delattre\nTrésorier\nRessourcerie de Béthune\n"


def _quoted_outlook(ours: EmailMessage, when: str) -> str:
    return (f"De : Mission Smart City <{_sender(ours)}>\nEnvoyé : {when}\nÀ : Aurélie Dhainaut "
            f"<aurelie.dhainaut@ressourcerie-bethune.example>\nObjet : {ours['Subject']}\n\n{_body(ours)}")


def outlook_reply_cc(ours: EmailMessage, applicant: str, colleague: str) -> tuple[bytes, str]:
    """Outlook for Windows (French): the applicant answers our acknowledgement, her colleague in Cc, « Marc vous
    envoie les photos » and no file; « RE: » then our subject, In-Reply-To and References our Message-ID,
    Thread-Index. Returns the mail and its Message-ID."""
    msgid = "<PR3P193MB0861AB12CD34EF56@PR3P193MB0861.EURP193.PROD.OUTLOOK.COM>"
    text = ("Bonjour,\n\nMerci. Mon collègue Marc Delattre (en copie) vous envoie les photos dans la journée.\n\n"
            "Bien cordialement,\nAurélie Dhainaut\n\n" + _quoted_outlook(ours, "mardi 1 décembre 2026 08:20"))
    return _raw(f"""From: =?utf-8?Q?Aur=C3=A9lie_Dhainaut?= <{applicant}>
To: Mission Smart City <{_sender(ours)}>
CC: Marc Delattre <{colleague}>
Subject: RE: {ours['Subject']}
Thread-Topic: {ours['Subject']}
Thread-Index: AQHbQ9xK2mV7pT0eRkW1cY3uZ4b8sQ==
Date: Tue, 1 Dec 2026 08:31:07 +0000
Message-ID: {msgid}
References: {ours['Message-ID']}
In-Reply-To: {ours['Message-ID']}
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach:
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
MIME-Version: 1.0

{_qp(text)}
"""), msgid


def outlook_reply_all(ours: EmailMessage, applicant: str, colleague: str, reply_id: str,
                      photos: list[tuple[str, bytes]]) -> bytes:
    """Outlook for Windows (French), the colleague's « Répondre à tous » to the applicant's answer: « RE: RE: », To
    the applicant and our mailbox (Outlook's reply-all puts the author first, the other recipients after), the
    whole thread quoted below « De : … Objet : », References our Message-ID then hers, the photos attached."""
    outer = "_004_AM9P193MB1234C0FFEE12AM9P193MB1234EURP_"
    alt = "_000_AM9P193MB1234C0FFEE12AM9P193MB1234EURP_"
    text = ("Bonjour,\n\nComme annoncé par Aurélie, voici les photos de la ressourcerie pour le dossier.\n\n"
            f"Cordialement,\n{OUTLOOK_SIGNATURE}\nDe : Aurélie Dhainaut <{applicant}>\nEnvoyé : mardi 1 "
            f"décembre 2026 09:31\nÀ : Mission Smart City <{_sender(ours)}>\nCc : Marc Delattre <{colleague}>\n"
            f"Objet : RE: {ours['Subject']}\n\nBonjour,\n\nMerci. Mon collègue Marc Delattre (en copie) vous envoie "
            "les photos dans la journée.\n\n" + _quoted_outlook(ours, "mardi 1 décembre 2026 08:20"))
    html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body "
            "lang=\"FR\"><div class=\"WordSection1\"><p class=\"MsoNormal\">"
            + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
            + "</p></div></body></html>")
    parts = "".join(f"""--{outer}
Content-Type: image/jpeg; name="{name}"
Content-Description: {name}
Content-Disposition: attachment; filename="{name}"; size={len(data)};
\tcreation-date="Tue, 01 Dec 2026 09:40:0{i} GMT";
\tmodification-date="Tue, 01 Dec 2026 09:40:0{i} GMT"
Content-Transfer-Encoding: base64

{_b64(data)}
""" for i, (name, data) in enumerate(photos))
    return _raw(f"""From: Marc Delattre <{colleague}>
To: =?utf-8?Q?Aur=C3=A9lie_Dhainaut?= <{applicant}>, Mission Smart City <{_sender(ours)}>
Subject: RE: RE: {ours['Subject']}
Thread-Topic: {ours['Subject']}
Thread-Index: AQHbQ9xK2mV7pT0eRkW1cY3uZ4b8sQAAbC3dAAB1xYU=
Date: Tue, 1 Dec 2026 08:42:55 +0000
Message-ID: <AM9P193MB1234C0FFEE12@AM9P193MB1234.EURP193.PROD.OUTLOOK.COM>
References: {ours['Message-ID']}
 {reply_id}
In-Reply-To: {reply_id}
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="{outer}"
MIME-Version: 1.0

--{outer}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp(text)}

--{alt}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}

--{alt}--

{parts}--{outer}--
""")


def proton_drive_link(to: str, files: list[tuple[str, str, bytes]], url: str = PROTON_DRIVE,
                      name: str = "Dossier d'intention scanné.pdf", size: str = "31,4 Mo") -> bytes:
    """Proton Mail (web) to an outside address, a file too big to attach (over 25 Mo) shared instead by « Partager
    via Proton Drive »: the composer puts a block in the HTML, the file's name, its size and the link, whose
    fragment (after « # ») is the share's password; the plain text says the same. The other files attached as Proton
    does (tests/ninthmail.py `proton`): multipart/mixed > multipart/alternative, « b1_ » boundaries, X-Pm-* fields."""
    b, alt = "b1_Qm4Lr8Tz2Wx6Yc0Va3Nb7Kd5Jf9Hg1S", "b2_Qm4Lr8Tz2Wx6Yc0Va3Nb7Kd5Jf9Hg1S"
    text = ("Bonjour,\n\nVoici la candidature de notre collectif au label Béthune Smart City. Le dossier d’intention "
            "scanné est trop lourd pour être joint, il est sur Proton Drive :\n\n"
            f"{name} ({size})\n{url}\n\nLa lettre au Maire et les photos sont jointes.\n\nBien à vous,\n"
            "Yanis Boulanger\n\nEnvoyé avec la messagerie sécurisée Proton Mail.\n")
    html = ("<div style=\"font-family: Arial, sans-serif; font-size: 14px;\">Bonjour,<br><br>Voici la candidature "
            "de notre collectif au label Béthune Smart City. Le dossier d’intention scanné est trop lourd pour être "
            "joint, il est sur Proton Drive :</div><div class=\"proton-drive-attachments\"><div class=\"proton-drive-"
            f"attachment\"><a href=\"{url}\" target=\"_blank\" rel=\"noreferrer nofollow noopener\">{name}</a> "
            f"<span>({size})</span></div></div><div style=\"font-family: Arial, sans-serif; font-size: 14px;\"><br>"
            "La lettre au Maire et les photos sont jointes.<br><br>Bien à vous,<br>Yanis Boulanger</div><div "
            "class=\"protonmail_signature_block\"><div class=\"protonmail_signature_block-proton\">Envoyé avec la "
            "messagerie sécurisée <a target=\"_blank\" href=\"https://proton.me/mail/home\">Proton Mail</a>.</div>"
            "</div>")
    parts = "".join(f"""--{b}
Content-Type: {mime}; filename="{fname}"; name="{fname}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{fname}"; name="{fname}"

{_b64(data)}
""" for fname, mime, data in files)
    return _raw(f"""Date: Tue, 01 Dec 2026 07:51:12 +0000
To: {to}
From: Yanis Boulanger <yanis.boulanger@proton.example>
Subject: Candidature au label =?utf-8?Q?B=C3=A9thune_Smart_City?=
Message-ID: <Rt6Kp2WqZ9xMv4Lb8nJc3sHd7fGa1yEu@proton.example>
Feedback-ID: 87654321:user:proton
X-Pm-Message-ID: 1c2d3e4f5a6b7c8d
X-Pm-Origin: internal
X-Pm-Content-Encryption: end-to-end
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="{b}"

This is a multi-part message in MIME format.

--{b}
Content-Type: multipart/alternative;
 boundary="{alt}"

--{alt}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

{_b64(html.encode())}
--{alt}--

{parts}--{b}--
""")


def sogo(to: str, files: list[tuple[str, str, bytes]],
         sender: str = '"Sandrine Wattez" <sandrine.wattez@velocite-bethune.example>') -> bytes:
    """SOGo's webmail (Alinto; many French universities, hosts and town halls): « SOGoMail » in User-Agent, the
    « ----=_=-_OpenGroupware_org_NGMime-… » boundaries of its SOPE library, the text as quoted-printable HTML alone
    (SOGo's default editor), each file's name an RFC 2047 word (« =?utf-8?q?…?= ») inside the quotes of name= and
    filename=, X-Forward with the client's address."""
    b = "----=_=-_OpenGroupware_org_NGMime-24811-1764574321.471102-3------"
    html = ("<html><p>Bonjour,</p><p>Au nom de l'association Vélo-Cité Béthune, je vous transmets notre dossier "
            "d'intention pour le label Béthune Smart City, la lettre à Monsieur le Maire et deux visuels.</p>"
            "<p>Cordialement,<br />Sandrine Wattez<br />Secrétaire</p></html>")
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="=?utf-8?q?{_q_word(fname)}?="
Content-Disposition: attachment; filename="=?utf-8?q?{_q_word(fname)}?="
Content-Transfer-Encoding: base64

{_b64(data)}
""" for fname, mime, data in files)
    return _raw(f"""Content-Type: multipart/mixed; boundary="{b}"
From: {sender}
To: {to}
Date: Tue, 01 Dec 2026 08:25:21 +0100
Subject: =?utf-8?q?Candidature_au_label_B=C3=A9thune_Smart_City_-_V=C3=A9lo-Cit=C3=A9?=
MIME-Version: 1.0
Message-Id: <6a1-674c1e00-3-4b2c8e00@193417922>
User-Agent: SOGoMail 5.11.2
X-Forward: 90.112.33.47

--{b}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable
Content-Length: {len(html.encode())}

{_qp(html)}
{parts}--{b}--
""")


def _q_word(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in ".-") else
                   ("_" if c == " " else "".join(f"={x:02X}" for x in c.encode())) for c in name)


def thunderbird_forward_ours(ours: EmailMessage, applicant: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Thunderbird 128 (French), the applicant using « Transférer » on our acknowledgement instead of « Répondre »
    (inline, Thunderbird's default, which keeps the forwarded mail's files): « Fwd: » then our subject, the
    « -------- Message transféré -------- » block (« Sujet : », « Date : », « De : », « Pour : », tab-separated),
    our text below it, our receipt PDF attached again beside her new files; X-Forwarded-Message-Id and References
    our Message-ID (Thunderbird's since version 78)."""
    receipt = [(part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
               for part in ours.iter_attachments()]
    text = ("Bonjour,\n\nVoici les photos demandées.\n\nAurélie\n\n\n-------- Message transféré --------\n"
            f"Sujet : \t{ours['Subject']}\nDate : \t{ours['Date']}\nDe : \tMission Smart City <{_sender(ours)}>\n"
            f"Pour : \t{applicant}\n\n\n\n{_body(ours)}")
    b = "------------Fw0dQ3kZ7pLx2Vn9Tb4Rc8Ms"
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in [*receipt, *files])
    return _raw(f"""Message-ID: <c4f1e2d3-a5b6-4c7d-8e9f-0a1b2c3d4e5f@ressourcerie-bethune.example>
Date: Tue, 1 Dec 2026 10:02:44 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
X-Forwarded-Message-Id: {ours['Message-ID']}
References: {ours['Message-ID']}
To: {_sender(ours)}
From: =?UTF-8?Q?Aur=C3=A9lie_Dhainaut?= <{applicant}>
Subject: =?UTF-8?Q?Fwd=3A_{quote(ours['Subject'].encode(), safe='').replace('%', '=')}?=
Content-Type: multipart/mixed; boundary="{b}"

This is a multi-part message in MIME format.
--{b}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{text}
{parts}--{b}--
""")
