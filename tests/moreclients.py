"""Application mail from the programs of a sixth round, byte for byte (CRLF line ends, as IMAP serves it), beside
tests/clientmail.py, tests/programmail.py, tests/devicemail.py and tests/webmail.py: Yahoo Mail (web, and its Android
app answering our acknowledgement), GMX's webmail, Windows' « Envoyer vers > Destinataire » (Simple MAPI) through
Outlook, Outlook.com attaching a OneDrive file as a link. The files inside are the test corpus's (tests/documents.py).

The headers and MIME structure are those these programs write, as their « afficher la source » views show them (said
on each builder). Every function returns the raw message.
"""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from urllib.parse import quote

import documents as d
from clientmail import _b64, _qp, _raw
from servermail import _now, _quoted, _sender, _word


def _rfc2231_part(boundary: str, name: str, mime: str, data: bytes, extra: str = "") -> str:
    encoded = quote(name.encode(), safe="")
    return (f"--{boundary}\nContent-Type: {mime}\nContent-Transfer-Encoding: base64\n"
            f"Content-Disposition: attachment; filename*=UTF-8''{encoded}\n{extra}\n{_b64(data)}\n")


YAHOO_TEXT = ("Bonjour,\n\nVeuillez trouver ci-joint notre candidature au label Béthune Smart City : le dossier "
              "d’intention, le courrier à Monsieur le Maire et une photo de l’atelier.\n\nBien cordialement,\n"
              "Sophie Lambert\n")


def yahoo_web(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Yahoo Mail (web, « YMailNorrin »): JavaMail's boundaries (« ----=_Part_N_M.T »), Reply-To set to the sender, a
    References naming its own Message-ID with « .ref », multipart/alternative of quoted-printable text and HTML
    (« yahoo-style-wrap » divs), each file's name in RFC 2231 form (filename*=UTF-8''…) with a Content-Length."""
    mixed, alternative = "----=_Part_3187265_1549846612.1764493965120", "----=_Part_3187264_2012345678.1764493965118"
    html = ('<html><head></head><body><div class="yahoo-style-wrap" style="font-family:Helvetica Neue, Helvetica, '
            'Arial, sans-serif;font-size:13px;">' + "".join(
                f'<div dir="ltr" data-setdir="false">{line or "<br>"}</div>' for line in YAHOO_TEXT.splitlines())
            + '</div></body></html>')
    parts = "".join(_rfc2231_part(mixed, name, mime, data, f"Content-Length: {len(data)}\n")
                    for name, mime, data in files)
    return _raw(f"""Date: Mon, 30 Nov 2026 09:12:45 +0000 (UTC)
From: Sophie Lambert <sophie.lambert62@yahoo.example>
Reply-To: Sophie Lambert <sophie.lambert62@yahoo.example>
To: "{to}" <{to}>
Message-ID: <1904561273.3187266.1764493965123@mail.yahoo.example>
Subject: Candidature label =?UTF-8?Q?B=C3=A9thune?= Smart City
MIME-Version: 1.0
Content-Type: multipart/mixed;{" "}
\tboundary="{mixed}"
References: <1904561273.3187266.1764493965123.ref@mail.yahoo.example>
X-Mailer: WebService/1.1.24768 YMailNorrin

--{mixed}
Content-Type: multipart/alternative;{" "}
\tboundary="{alternative}"

--{alternative}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(YAHOO_TEXT)}
--{alternative}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alternative}--
{parts}--{mixed}--
""")


def yahoo_android_reply(ours: EmailMessage, applicant: str, photo: bytes) -> bytes:
    """Yahoo Mail for Android answering our acknowledgement with a photo: « Envoyé depuis Yahoo Mail pour Android »
    and its app link (go.onelink.me), the mail answered quoted under « Le lun., nov. 30, 2026 à 10:20, … a écrit : »
    (a « yahoo_quoted » div in the HTML), the photo named by the phone's gallery (1000012345.jpg)."""
    link = ("https://go.onelink.me/107872968?pid=InProduct&c=Global_Internal_YGrowth_AndroidEmailSig__AndroidUsers"
            "&af_wl=ym&af_sub1=Internal&af_sub2=Global_YGrowth&af_sub3=EmailSignature")
    text = (f"Bonjour, voici la photo de l'atelier qui manquait.\nSophie\n\nEnvoyé depuis Yahoo Mail pour Android "
            f"<{link}>\n\n  Le lun., nov. 30, 2026 à 10:20, Mission Smart City<{_sender(ours)}> a écrit :\n"
            f"{_quoted(ours)}\n")
    html = ('<div id="yMail_cursorElementTracker_1764494412345">Bonjour, voici la photo de l\'atelier qui manquait.'
            '<br>Sophie</div><br><div id="ymail_android_signature"><a id="ymail_android_signature_link" '
            f'href="{link.replace("&", "&amp;")}">Envoyé depuis Yahoo Mail pour Android</a></div><br><div class='
            f'"yahoo_quoted"><div>Le lun., nov. 30, 2026 à 10:20, Mission Smart City&lt;{_sender(ours)}&gt; a écrit '
            ':</div><div><blockquote style="margin: 0 0 20px 0;">…</blockquote></div></div>')
    mixed, alternative = "----=_Part_441923_1093786345.1764494412350", "----=_Part_441922_618493825.1764494412349"
    return _raw(f"""Date: {_now()}
From: Sophie Lambert <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Message-ID: <1687203941.441924.1764494412351@mail.yahoo.example>
In-Reply-To: {ours['Message-ID']}
References: {ours['Message-ID']}
Subject: {_word('Re: ' + ours['Subject'])}
MIME-Version: 1.0
Content-Type: multipart/mixed;{" "}
\tboundary="{mixed}"
X-Mailer: WebService/1.1.24768 YahooMailAndroidMobile

--{mixed}
Content-Type: multipart/alternative;{" "}
\tboundary="{alternative}"

--{alternative}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alternative}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alternative}--
{_rfc2231_part(mixed, "1000012345.jpg", "image/jpeg", photo)}--{mixed}--
""")


def gmx(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """GMX's webmail (gmx.fr, gmx.net, web.de: the same « trinity » application): an HTML part alone, unencoded UTF-8
    with no text/plain beside it, an unquoted boundary, Importance/Sensitivity/X-Priority always written, X-UI-Message-
    Type and X-Provags-ID, the files' names in RFC 2231 form."""
    html = ('<html><head></head><body><div style="font-family: Verdana;font-size: 12.0px;"><div>Bonjour,</div><div>'
            '&nbsp;</div><div>je vous adresse la candidature de notre association au label B&eacute;thune Smart City'
            ' : dossier d&#39;intention, lettre &agrave; Monsieur le Maire et photos.</div><div>&nbsp;</div><div>'
            'Cordialement</div><div>Thomas Becker</div></div></body></html>')
    boundary = "abmob-2f6c9e1a-8b3d-4c7e-9f10-1a2b3c4d5e6f"
    parts = "".join(_rfc2231_part(boundary, name, mime, data) for name, mime, data in files)
    return _raw(f"""MIME-Version: 1.0
Message-ID: <trinity-4f1c2d3e-5a6b-7c8d-9e0f-a1b2c3d4e5f6-1764495611234@3c-app-gmx-bs12>
From: "Thomas Becker" <thomas.becker@gmx.example>
To: {to}
Subject: Candidature label =?UTF-8?Q?B=C3=A9thune_Smart_City?=
Content-Type: multipart/mixed; boundary={boundary}
Date: Mon, 30 Nov 2026 10:40:11 +0100
Importance: normal
Sensitivity: Normal
X-Priority: 3
X-Provags-ID: V03:K1:Xk3Lq9PzR7wYv2Tn8uHd5sGf1aJc4bMe
X-UI-Message-Type: mail

--{boundary}
Content-Type: text/html; charset=UTF-8

{html}
{parts}--{boundary}--
""")


def mapi_send_to(to: str, files: list[tuple[str, bytes]]) -> bytes:
    """Windows' « Envoyer vers > Destinataire » (Simple MAPI) with Outlook as the default mail program, sent as it
    opens: the subject « Envoi d'un message : » and the files' names, the body only Windows' boilerplate listing them
    (in English « Emailing: » and « Your message is ready to be sent with the following file or link attachments »),
    plain text in ISO-8859-1, Outlook's own boundary and Thread-Index; names as Windows has them (an apostrophe)."""
    names = "\n".join(name for name, _ in files)
    text = (f"Votre message est prêt à être envoyé avec les fichiers ou liens joints suivants :\n\n{names}\n\n\n"
            "Remarque : pour vous protéger des virus informatiques, les programmes de messagerie peuvent empêcher "
            "l'envoi ou la réception de certains types de fichiers joints. Vérifiez les paramètres de sécurité de "
            "votre messagerie pour déterminer comment les pièces jointes sont gérées.\n")
    boundary = "----=_NextPart_000_0007_01DB42F1.7A3C5E80"
    parts = "".join(f"""--{boundary}
Content-Type: {"application/x-zip-compressed" if name.endswith(".zip") else "application/pdf"};
\tname="{name}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="{name}"

{_b64(data)}

""" for name, data in files)
    return _raw(f"""From: "Jean-Pierre Lefebvre" <jp.lefebvre@orange.example>
To: <{to}>
Subject: Envoi d'un message : {", ".join(name for name, _ in files)}
Date: Mon, 30 Nov 2026 10:42:17 +0100
Message-ID: <000601db42f1$7a3c5e80$6eb51b80$@orange.example>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{boundary}"
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdtC8Xo5X2m1QpJ7R0yD3kZbF8wWtw==
Content-Language: fr

This is a multipart message in MIME format.

--{boundary}
Content-Type: text/plain;
\tcharset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(text, "iso-8859-1")}
{parts}--{boundary}--
""")


ONEDRIVE = "https://1drv.ms/b/c/4f2a9c1e7b3d5a60/EZ4xQk9m3PpHq2Vw8tYb1fABc3D4e5F6g7H8i9J0kLmNoA?e=Xk3Lq9"
ICON = "https://res.public.onecdn.static.microsoft/assets/mail/file-icon/png/pdf_16x16.png"


def outlook_com_cloud_file(to: str, name: str = "Dossier d’intention Béthune Smart City.pdf") -> bytes:
    """Outlook.com (and the new Outlook for Windows) attaching a OneDrive file « Partager le lien » instead of a copy:
    the file's icon and name in a link to 1drv.ms in the HTML, « [icon]name<url> » in the text; the letter attached
    as usual, with Exchange Online's size and dates on its disposition. Base64 bodies, Exchange's boundaries."""
    text = (f"Bonjour,\n\nVoici notre candidature. Le dossier est trop lourd, je le partage depuis OneDrive :\n\n"
            f"[{ICON}]{name}<{ONEDRIVE}>\n\nCordialement,\nLéa Fontaine\n")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div class='
            '"elementToProof" style="font-family: Aptos, sans-serif; font-size: 12pt;">Bonjour,</div><div class="'
            'elementToProof">Voici notre candidature. Le dossier est trop lourd, je le partage depuis OneDrive :</div>'
            f'<div style="padding:8px"><a href="{ONEDRIVE}" id="OWA0f3b" class="OWAAutoLink" data-linkindex="0">'
            f'<img src="{ICON}" width="16" height="16" alt="">{name}</a></div><div class="elementToProof">Cordialement'
            ',<br>Léa Fontaine</div></body></html>')
    letter = d.pdf_text(d.LETTER_LINES)
    mixed, alternative = ("_004_AM9PR07MB7315A1B2C3D4E5F6A7B8C9D0AM9PR07MB7315eurp_",
                          "_000_AM9PR07MB7315A1B2C3D4E5F6A7B8C9D0AM9PR07MB7315eurp_")
    return _raw(f"""From: =?utf-8?B?TMOpYSBGb250YWluZQ==?= <lea.fontaine@outlook.example>
To: "{to}" <{to}>
Subject: Candidature label =?utf-8?Q?B=C3=A9thune?= Smart City
Thread-Topic: Candidature label =?utf-8?Q?B=C3=A9thune?= Smart City
Thread-Index: AQHbQvF6x1k2m3n4o5p6q7r8s9t0uA==
Date: Mon, 30 Nov 2026 09:40:11 +0000
Message-ID: <AM9PR07MB7315A1B2C3D4E5F6A7B8C9D0@AM9PR07MB7315.eurprd07.prod.outlook.com>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:
Content-Type: multipart/mixed;
\tboundary="{mixed}"
MIME-Version: 1.0

--{mixed}
Content-Type: multipart/alternative;
\tboundary="{alternative}"

--{alternative}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(text.encode())}

--{alternative}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(html.encode())}

--{alternative}--

--{mixed}
Content-Type: application/pdf; name="Lettre au Maire.pdf"
Content-Description: Lettre au Maire.pdf
Content-Disposition: attachment; filename="Lettre au Maire.pdf"; size={len(letter)};
\tcreation-date="Mon, 30 Nov 2026 09:39:58 GMT";
\tmodification-date="Mon, 30 Nov 2026 09:40:11 GMT"
Content-Transfer-Encoding: base64

{_b64(letter)}

--{mixed}--
""")


def contact_form_7(to: str, site_domain: str, files: list[tuple[str, bytes]],
                   applicant: str = "jeanne.roux@asso-quartier.example") -> bytes:
    """A web site's « nous écrire » form made with Contact Form 7 (WordPress), its files uploaded: its default mail,
    From « [_site_title] <wordpress@the site's domain> », Reply-To the person who filled it, the subject « [_site_title]
    "[your-subject]" », the body its French template (« De : », « Objet : », « Corps du message : », the site named
    under « -- »), sent by WordPress's PHPMailer (8bit UTF-8, its « b1_ » boundary, files named as uploaded).
    (Layout: contactform7.com, « Setting up mail », the default mail template and its additional headers.)"""
    boundary = "b1_Xk3Lq9PzR7wYv2Tn8uHd5sGf1aJc4bMe6oNi0pQ"
    text = (f"De : Jeanne Roux <{applicant}>\nObjet : Candidature label Béthune Smart City\n\nCorps du message :\n"
            "Bonjour, voici la candidature de notre association.\n\n-- \nCet e-mail a été envoyé via le formulaire de "
            f"contact de Ville de Béthune (https://www.{site_domain})\n")
    parts = "".join(f"""--{boundary}
Content-Type: application/pdf; name={name}
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename={name}

{_b64(data)}

""" for name, data in files)
    return _raw(f"""Date: Mon, 30 Nov 2026 09:12:45 +0000
To: {to}
From: Ville de =?UTF-8?Q?B=C3=A9thune?= <wordpress@{site_domain}>
Reply-To: Jeanne Roux <{applicant}>
Subject: Ville de =?UTF-8?Q?B=C3=A9thune_"Candidature_label_B=C3=A9thune_Smart_City"?=
Message-ID: <Xk3Lq9PzR7wYv2Tn8uHd5sGf1aJc4bMe6oNi0pQ@www.{site_domain}>
X-Mailer: PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="{boundary}"
Content-Transfer-Encoding: 8bit

This is a multi-part message in MIME format.
--{boundary}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{text}
{parts}--{boundary}--
""")


NEXTCLOUD = "https://nuage.asso-quartier.example/s/Xk3Lq9PzR7wYv2T"


def thunderbird_filelink(to: str, files: list[tuple[str, str, bytes]], link: str = NEXTCLOUD,
                         linked: str = "Photos atelier.zip") -> bytes:
    """Thunderbird (HTML) putting a big file on the association's own Nextcloud with Filelink (the « *cloud » add-on)
    instead of attaching it: the block its cloudAttachmentLinkManager writes (#cloudAttachmentListRoot, a header,
    ul#cloudAttachmentList of li.cloudAttachmentItem: the name as a.cloudfile-name, size, « Lien » as
    a.cloudfile-link; a footer linking to the service's site), and the same as text in the text/plain part; the
    other files attached as usual. (Structure: comm-central's cloudAttachmentLinkManager.js; the French wording of the
    header and labels is Thunderbird's localisation, approximately.)"""
    size = "48,2 Mo"
    html = (f'<html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8"></head><body><p>Bonjour,'
            '</p><p>voici notre candidature ; les photos sont trop lourdes, je les ai mises sur notre cloud.</p><p>'
            'Jeanne Roux</p><br><div id="cloudAttachmentListRoot" style="padding: 15px; background-color: #D9EDFF;">'
            '<div id="cloudAttachmentListHeader" style="margin-bottom: 15px;">J’ai lié 1 fichier à ce courriel :'
            '</div><ul id="cloudAttachmentList" style="background-color: #FFFFFF; padding: 15px; list-style-type: '
            'none;"><li class="cloudAttachmentItem" style="border: 1px solid #CDCDCD; border-radius: 5px; display: '
            'grid;"><img class="paperClipIcon" alt="" width="32" height="32" src="data:image/png;base64,iVBORw0KGgo='
            f'"><a href="{link}" moz-do-not-send="true" style="color: #0F7EDB !important" class="cloudfile-name">'
            f'{linked}</a><span style="display: none;">Service Filelink : </span><span class="cloudfile-service-name"'
            ' style="color: #595959; font-size: small;">Nextcloud</span><br><span style="font-size: small;"><span '
            f'style="color: dark-grey;">Taille : </span><span class="cloudfile-size" style="color: #595959;">{size}'
            '</span><br></span><span style="font-size: small;"><span style="color: dark-grey;">Lien : </span><a href'
            f'="{link}" style="color: #595959 !important" class="cloudfile-link">{link}</a><br></span></li></ul><div '
            'id="cloudAttachmentListFooter" style="margin-top: 15px;">En savoir plus sur <a href="https://nextcloud.'
            'com/" style="color: dark-grey !important">Nextcloud</a>.</div></div></body></html>')
    text = (f"Bonjour,\n\nvoici notre candidature ; les photos sont trop lourdes, je les ai mises sur notre cloud.\n\n"
            f"Jeanne Roux\n\nJ’ai lié 1 fichier à ce courriel :\n\n  * {linked}\n    Service Filelink : Nextcloud\n"
            f"    Taille : {size}\n    Lien : {link}\n\nEn savoir plus sur Nextcloud <https://nextcloud.com/>.\n")
    boundary, alternative = "------------F1l3L1nkM1x3d0000000001", "------------F1l3L1nkAlt3rn0000000001"
    parts = "".join(f"""--{boundary}
Content-Type: {mime}; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""Message-ID: <5f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f@asso-quartier.example>
Date: Mon, 30 Nov 2026 11:02:44 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: {to}
From: Jeanne Roux <jeanne.roux@asso-quartier.example>
Subject: Candidature label =?UTF-8?Q?B=C3=A9thune?= Smart City
Content-Type: multipart/mixed; boundary="{boundary}"

This is a multi-part message in MIME format.
--{boundary}
Content-Type: multipart/alternative;
 boundary="{alternative}"

--{alternative}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{text}
--{alternative}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 8bit

{html}
--{alternative}--
{parts}--{boundary}--
""")


def windows_zip(files: dict[str, bytes]) -> bytes:
    """A ZIP as Windows' « Envoyer vers > Dossier compressé » writes it on a French Windows 10 (and 11 before 23H2):
    names in the OEM code page, CP850, without the UTF-8 flag (bit 11), folders as « Dossier/ » prefixes."""
    out, placeholders = io.BytesIO(), {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, (name, data) in enumerate(files.items()):
            oem = name.encode("cp850")
            placeholder = f"{n:03d}".encode() + b"x" * (len(oem) - 3)  # ASCII, as long: no flag is set
            placeholders[placeholder] = oem
            archive.writestr(placeholder.decode(), data)
    raw = out.getvalue()
    for placeholder, oem in placeholders.items():  # in the local header and the central directory
        raw = raw.replace(placeholder, oem)
    return raw


def apple_mail_appledouble(to: str, name: str, data: bytes, mime: str = "application/pdf") -> bytes:
    """Apple Mail with « Toujours envoyer des pièces jointes compatibles Windows » off (and older Macs): a file with
    Finder data goes as multipart/appledouble (RFC 1740), its application/applefile half (the AppleDouble header,
    « Mac OS X » and the Finder info) named as the file, then the file itself with its x-mac-type and x-mac-creator."""
    finder = (b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\x00\x00\x00\x09\x00\x00\x00\x32\x00\x00"
              b"\x00\x20\x00\x00\x00\x02\x00\x00\x00\x52\x00\x00\x00\x00" + b"PDF CARO" + b"\x00" * 42)
    return _raw(f"""From: Jeanne Roux <jeanne.roux@asso-quartier.example>
Content-Type: multipart/mixed; boundary=Apple-Mail-1-563412098
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3776.700.51\\))
Subject: Candidature label =?utf-8?Q?B=C3=A9thune?= Smart City
Date: Mon, 30 Nov 2026 10:00:00 +0100
Message-Id: <5E6F7A8B-9C0D-4E1F-A2B3-C4D5E6F7A8B9@asso-quartier.example>
To: {to}
X-Mailer: Apple Mail (2.3776.700.51)

--Apple-Mail-1-563412098
Content-Transfer-Encoding: 7bit
Content-Type: text/plain;
\tcharset=us-ascii

Bonjour, voici notre dossier.

--Apple-Mail-1-563412098
Content-Type: multipart/appledouble;
\tboundary=Apple-Mail-2-563412099
Content-Disposition: attachment

--Apple-Mail-2-563412099
Content-Transfer-Encoding: base64
Content-Type: application/applefile;
\tname="{name}"
Content-Disposition: attachment;
\tfilename="{name}"

{_b64(finder)}
--Apple-Mail-2-563412099
Content-Transfer-Encoding: base64
Content-Type: {mime};
\tx-unix-mode=0644;
\tx-mac-type=50444620;
\tx-mac-creator=4341524F;
\tname="{name}"
Content-Disposition: attachment;
\tfilename="{name}"

{_b64(data)}
--Apple-Mail-2-563412099--

--Apple-Mail-1-563412098--
""")
