"""Application mail as real mail programs write it, byte for byte: headers, MIME structure, encodings and quirks
(boundaries, line folding, Content-ID, dispositions) copied from what each client sends. The files inside are the
test corpus's (tests/documents.py). Every function returns the raw message (CRLF line ends, as IMAP serves it).
"""

from __future__ import annotations

import base64
import io
import quopri
import unicodedata
import zipfile
from urllib.parse import quote

import documents as d


def _b64(data: bytes, width: int = 76) -> str:
    text = base64.b64encode(data).decode()
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def _qp(text: str, charset: str = "utf-8") -> str:
    return quopri.encodestring(text.encode(charset)).decode()


SP = " "  # a space that ends a header line, as some clients write it


def _latin1_word(name: str) -> str:
    """An RFC 2047 word in ISO-8859-1, its bytes written in Windows-1252 (as Orange's webmail does)."""
    return f"=?ISO-8859-1?Q?{quopri.encodestring(name.encode('cp1252'), header=True).decode()}?="


def _raw(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def gmail_photos_in_body(to: str, photos: tuple[bytes, bytes] | None = None) -> bytes:
    """Gmail (web): two photos inserted in the body (multipart/related, shown by cid:ii_...), the dossier and the
    letter attached (mixed > related > alternative)."""
    first, second = photos or (d.photo(), d.photo(seed=7))
    text = "Bonjour,\n\nVoici notre candidature et deux photos de l'atelier :\n[image: IMG_1532.jpg]\n" \
           "[image: IMG_1533.jpg]\n\nSophie\n"
    html = ('<div dir="ltr">Bonjour,<div><br></div><div>Voici notre candidature et deux photos de l&#39;atelier :'
            '</div><div><img src="cid:ii_m3x9k2a10" alt="IMG_1532.jpg" width="542" height="406"><br></div><div>'
            '<img src="cid:ii_m3x9k2b21" alt="IMG_1533.jpg" width="542" height="406"><br></div><div>Sophie</div>'
            '</div>\n')
    return _raw(f"""MIME-Version: 1.0
Date: Mon, 23 Nov 2026 14:05:12 +0100
Message-ID: <CAK7xQ=ZpL2m9Vb4Nw1Xa@mail.gmail.com>
Subject: Candidature label Smart City
From: Sophie Leroy <sophie.leroy62@gmail.example>
To: {to}
Content-Type: multipart/mixed; boundary="000000000000c0ffee0000000003"

--000000000000c0ffee0000000003
Content-Type: multipart/related; boundary="000000000000c0ffee0000000002"

--000000000000c0ffee0000000002
Content-Type: multipart/alternative; boundary="000000000000c0ffee0000000001"

--000000000000c0ffee0000000001
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--000000000000c0ffee0000000001
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--000000000000c0ffee0000000001--
--000000000000c0ffee0000000002
Content-Type: image/jpeg; name="IMG_1532.jpg"
Content-Disposition: inline; filename="IMG_1532.jpg"
Content-Transfer-Encoding: base64
Content-ID: <ii_m3x9k2a10>
X-Attachment-Id: ii_m3x9k2a10

{_b64(first)}
--000000000000c0ffee0000000002
Content-Type: image/jpeg; name="IMG_1533.jpg"
Content-Disposition: inline; filename="IMG_1533.jpg"
Content-Transfer-Encoding: base64
Content-ID: <ii_m3x9k2b21>
X-Attachment-Id: ii_m3x9k2b21

{_b64(second)}
--000000000000c0ffee0000000002--
--000000000000c0ffee0000000003
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;{SP}
\tname="Dossier d'intention.docx"
Content-Disposition: attachment; filename="Dossier d'intention.docx"
Content-Transfer-Encoding: base64
Content-ID: <f_m3x9k2c32>
X-Attachment-Id: f_m3x9k2c32

{_b64(d.docx(d.DOSSIER_LINES))}
--000000000000c0ffee0000000003
Content-Type: application/pdf; name="Courrier Maire.pdf"
Content-Disposition: attachment; filename="Courrier Maire.pdf"
Content-Transfer-Encoding: base64
Content-ID: <f_m3x9k2d43>
X-Attachment-Id: f_m3x9k2d43

{_b64(d.pdf_text(d.LETTER_LINES))}
--000000000000c0ffee0000000003--
""")


def outlook_logo_signature(to: str, logo: bytes) -> bytes:
    """Outlook (Windows, French): the signature's logo in multipart/related (image001.png, shown by cid:), one PDF."""
    return _raw(f"""From: Jean Dupont <jean.dupont@velo.example>
To: "{to}" <{to}>
Subject: Candidature
Date: Mon, 23 Nov 2026 10:12:30 +0000
Message-ID: <AM0PR01MB1234E5F6A7B8@AM0PR01MB1234.eurprd01.prod.exchangelabs.com>
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="_009_AM0PR01MB1234E5F6A7B8_"
MIME-Version: 1.0

--_009_AM0PR01MB1234E5F6A7B8_
Content-Type: multipart/related;
\tboundary="_008_AM0PR01MB1234E5F6A7B8_";
\ttype="text/html"

--_008_AM0PR01MB1234E5F6A7B8_
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp('<html><body lang="FR"><p class="MsoNormal">Ci-joint notre dossier.</p><p class="MsoNormal"><img width="320" '
     'height="90" id="Image_x0020_1" src="cid:image001.png@01DB3D5A.6F1C2B90"></p></body></html>', "iso-8859-1")}
--_008_AM0PR01MB1234E5F6A7B8_
Content-Type: image/png; name="image001.png"
Content-Description: image001.png
Content-Disposition: inline; filename="image001.png"; size={len(logo)};
\tcreation-date="Mon, 23 Nov 2026 10:12:30 GMT";
\tmodification-date="Mon, 23 Nov 2026 10:12:30 GMT"
Content-ID: <image001.png@01DB3D5A.6F1C2B90>
Content-Transfer-Encoding: base64

{_b64(logo)}

--_008_AM0PR01MB1234E5F6A7B8_--

--_009_AM0PR01MB1234E5F6A7B8_
Content-Type: application/octet-stream; name="dossier.pdf"
Content-Disposition: attachment; filename="dossier.pdf"
Content-Transfer-Encoding: base64

{_b64(d.pdf_text(d.DOSSIER_LINES))}

--_009_AM0PR01MB1234E5F6A7B8_--
""")


def outlook_forward(by: str, to: str, applicant: str, subject: str = "TR: Candidature label Smart City",
                    authentication: str = "", via: str = "", mailto: bool = False, html_only: bool = False,
                    text_written_in: str = "utf-8") -> bytes:
    """Outlook (Windows, French) forwarding an application: the text part carries the forwarded message's header
    block (De : / Envoyé : / À : / Objet :) with no separator line above it (the HTML draws a border). `via`: a
    colleague who forwarded it first (a forward of a forward: two blocks, the colleague's above). `mailto`: the
    address is a link in the HTML, and the text part (Outlook's, or Exchange's, made from the HTML) writes a link
    as its text followed by its target: `Jeanne Roux <jeanne@x<mailto:jeanne@x>>`. `html_only`: the HTML part alone,
    no text/plain (as some mail programs, and some servers' IMAP, give an HTML mail). `text_written_in`: the
    charset the text part's bytes are in, whatever it declares (UTF-8): Windows-1252 as a gateway that adds the
    town's disclaimer, or an old Outlook profile, writes it (tests/webmail.py `windows_1252_declared_utf8`)."""
    first = (f"De : Accueil <{via}> \nEnvoyé : mardi 24 novembre 2026 08:30\nÀ : Bataillon Nicolas <{by}>\n"
             "Objet : TR: Candidature label Smart City\n\nPour toi.\n\n") if via else ""
    written = f"{applicant}<mailto:{applicant}>" if mailto else applicant
    text = ("Candidature reçue sur mon ancienne adresse.\n\nNicolas\n\n" + first +
            f"De : Jeanne Roux <{written}> \nEnvoyé : lundi 23 novembre 2026 17:45\n"
            "À : Bataillon Nicolas <nicolas.bataillon@ancienne-adresse.example>\n"
            "Objet : Candidature label Smart City\n\nBonjour,\nci-joint notre dossier et la lettre.\nJeanne Roux\n")
    html = ('<html><body><div class="WordSection1"><p class="MsoNormal">Candidature reçue sur mon ancienne adresse.'
            '</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
            f'<p class="MsoNormal"><b>De&nbsp;:</b> Jeanne Roux &lt;{applicant}&gt; <br><b>Envoyé&nbsp;:</b> lundi '
            '23 novembre 2026 17:45<br><b>À&nbsp;:</b> Bataillon Nicolas<br><b>Objet&nbsp;:</b> Candidature label '
            'Smart City</p></div><p class="MsoNormal">Bonjour,<br>ci-joint notre dossier.</p></div></body></html>')
    auth = f"Authentication-Results: {authentication}\n" if authentication else ""
    plain = "" if html_only else (f"--_000_DB9PR01MB7654A1B2C3D4_\nContent-Type: text/plain; charset=\"utf-8\"\n"
                                  "Content-Transfer-Encoding: base64\n\n"
                                  f"{_b64(text.replace(chr(10), chr(13) + chr(10)).encode(text_written_in))}\n\n")
    return _raw(f"""{auth}From: Nicolas Bataillon <{by}>
To: "{to}" <{to}>
Subject: {subject}
Thread-Topic: Candidature label Smart City
Date: Tue, 24 Nov 2026 09:10:00 +0000
Message-ID: <DB9PR01MB7654A1B2C3D4@DB9PR01MB7654.eurprd01.prod.exchangelabs.com>
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="_006_DB9PR01MB7654A1B2C3D4_"
MIME-Version: 1.0

--_006_DB9PR01MB7654A1B2C3D4_
Content-Type: multipart/alternative;
\tboundary="_000_DB9PR01MB7654A1B2C3D4_"

{plain}--_000_DB9PR01MB7654A1B2C3D4_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(html.encode())}

--_000_DB9PR01MB7654A1B2C3D4_--

--_006_DB9PR01MB7654A1B2C3D4_
Content-Type: application/pdf; name="dossier_intention_tiers_lieu.pdf"
Content-Description: dossier_intention_tiers_lieu.pdf
Content-Disposition: attachment; filename="dossier_intention_tiers_lieu.pdf"
Content-Transfer-Encoding: base64

{_b64(d.pdf_text(d.DOSSIER_LINES))}

--_006_DB9PR01MB7654A1B2C3D4_
Content-Type: application/pdf; name="lettre_maire.pdf"
Content-Description: lettre_maire.pdf
Content-Disposition: attachment; filename="lettre_maire.pdf"
Content-Transfer-Encoding: base64

{_b64(d.pdf_text(d.LETTER_LINES))}

--_006_DB9PR01MB7654A1B2C3D4_--
""")


def macos_zip(files: dict[str, bytes]) -> bytes:
    """A ZIP as macOS's Archive Utility (Finder, « Compresser ») writes it: names in UTF-8, decomposed (NFD), without
    the UTF-8 flag (bit 11); a __MACOSX/._name AppleDouble companion beside each file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(unicodedata.normalize("NFD", name), data)
            folder, _, base = name.rpartition("/")
            companion = f"__MACOSX/{folder + '/' if folder else ''}._{base}"
            archive.writestr(unicodedata.normalize("NFD", companion),
                             b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\x00" * 60)
    raw = bytearray(out.getvalue())
    for signature, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # clear bit 11 in every header
        i = raw.find(signature)
        while i >= 0:
            flags = int.from_bytes(raw[i + at:i + at + 2], "little") & ~0x800
            raw[i + at:i + at + 2] = flags.to_bytes(2, "little")
            i = raw.find(signature, i + 4)
    return bytes(raw)


def pages_document(first_page: list[str]) -> bytes:
    """An Apple Pages document (.pages, 2013 and later): a ZIP of Index/*.iwa (protobuf), Metadata/, and thumbnails of
    its first page (preview.jpg, preview-web.jpg, preview-micro.jpg)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("Index/Document.iwa", b"\x00\x8d\x02\x00" + bytes(range(256)) * 12)
        archive.writestr("Index/Metadata.iwa", b"\x00\x20\x00\x00" + bytes(range(200)))
        archive.writestr("Metadata/Properties.plist", b"bplist00" + bytes(100))
        archive.writestr("Metadata/DocumentIdentifier", b"4C1D8E2A-77B1-4E7A-9B0C-2D3E4F5A6B7C")
        archive.writestr("preview.jpg", d.photo_of_page(first_page))
        archive.writestr("preview-web.jpg", d.photo(size=(300, 420)))
        archive.writestr("preview-micro.jpg", d.photo(size=(60, 80)))
    return out.getvalue()


def apple_mail(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Apple Mail (macOS): each file `(name, MIME type, bytes)` inline between text parts, names NFD in RFC 2231 and
    RFC 2047, an Apple-Mail=_ boundary."""
    boundary = "Apple-Mail=_5C1A2B3D-4E5F-6071-8293-A4B5C6D7E8F9"
    parts = [f"--{boundary}\nContent-Transfer-Encoding: quoted-printable\nContent-Type: text/plain;\n\tcharset=utf-8"
             f"\n\n{_qp('Bonjour,' + chr(10) + chr(10) + 'voici notre candidature :' + chr(10))}\n"]
    for name, mime, data in files:
        name = unicodedata.normalize("NFD", name)
        words = "=?utf-8?Q?" + "".join(c if c.isalnum() and c.isascii() else "".join(f"={b:02X}" for b in
                                                                                     c.encode()) for c in name) + "?="
        parts.append(f"--{boundary}\nContent-Disposition: inline;\n\tfilename*=utf-8''{quote(name.encode(), safe='')}"
                     f"\nContent-Type: {mime};\n\tx-unix-mode=0644;\n\tname=\"{words}\"\n"
                     f"Content-Transfer-Encoding: base64\n\n{_b64(data)}\n")
        parts.append(f"--{boundary}\nContent-Transfer-Encoding: 7bit\nContent-Type: text/plain;\n\tcharset=us-ascii"
                     "\n\n\n\n")
    return _raw(f"""From: =?utf-8?Q?Am=C3=A9lie_Caron?= <amelie.caron@me.example>
Content-Type: multipart/mixed;
\tboundary="{boundary}"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3776.700.51\\))
Subject: =?utf-8?Q?Candidature_label_B=C3=A9thune_Smart_City?=
Date: Mon, 23 Nov 2026 16:40:21 +0100
Message-Id: <8A3C5E7F-1B2D-4F6A-9C8E-0D1F2A3B4C5D@me.example>
To: {to}
X-Mailer: Apple Mail (2.3776.700.51)


{"".join(parts)}--{boundary}--
""")


def safelinks(url: str) -> str:
    """`url` as Microsoft Defender Safe Links stores it in a Microsoft 365 mailbox."""
    return ("https://eur01.safelinks.protection.outlook.com/?url=" + quote(url, safe="") + "&data=05%7C02%7Cn."
            "bataillon%40ville-bethune.fr%7C1b2c3d%7C0%7C0%7C638679%7CUnknown&sdata=Ab%2BcD3%3D&reserved=0")


THUNDERBIRD_SUBJECT = ("=?UTF-8?Q?Candidature_=C2=AB_B=C3=A9thune_Smart_City_=C2=BB_=E2=80=93_V?=\n"
                       " =?UTF-8?Q?=C3=A9lo_Solidaire?=")


def thunderbird_plain_text(to: str, text: str, files: list[tuple[str, str, bytes]],
                           subject: str = THUNDERBIRD_SUBJECT) -> bytes:
    """Thunderbird, plain text (format=flowed, 8bit), each file `(name, MIME type, bytes)` attached, long names in
    RFC 2231 continuations."""
    parts = []
    for name, mime, data in files:
        encoded = quote(name.encode(), safe="")
        cut = "".join(f";\n filename*{i}*={'UTF-8' + chr(39) * 2 if i == 0 else ''}{encoded[at:at + 60]}"
                      for i, at in enumerate(range(0, len(encoded), 60)))
        parts.append(f"--------------0aBcDeFgHiJkLmNoPqRsTuVw\nContent-Type: {mime}; name=\"{name}\"\n"
                     f"Content-Disposition: attachment{cut}\nContent-Transfer-Encoding: base64\n\n"
                     f"{_b64(data, 72)}\n\n")
    return _raw(f"""Message-ID: <5f3a2b1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9@velo-solidaire.example>
Date: Tue, 24 Nov 2026 08:55:10 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: {to}
From: =?UTF-8?Q?Lucas_Fran=C3=A7ois?= <lucas.francois@velo-solidaire.example>
Subject: {subject}
Content-Type: multipart/mixed; boundary="------------0aBcDeFgHiJkLmNoPqRsTuVw"

This is a multi-part message in MIME format.
--------------0aBcDeFgHiJkLmNoPqRsTuVw
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{text}
{"".join(parts)}--------------0aBcDeFgHiJkLmNoPqRsTuVw--
""")


def orange_webmail(to: str, files: list[tuple[str, bytes]]) -> bytes:
    """Orange's webmail (Open-Xchange): ISO-8859-1 declared, Windows-1252 bytes written (’ is 0x92, œ 0x9C), each
    file's name an RFC 2047 word in that charset; the subject in UTF-8 words cut in the middle of a character."""
    subject = "Candidature « Béthune Smart City » : l’œuvre du quartier".encode()
    cut = subject.index("é".encode()) + 1
    words = " ".join(f"=?UTF-8?B?{base64.b64encode(half).decode()}?=" for half in (subject[:cut], subject[cut:]))
    body = quopri.encodestring("Bonjour,\n\nVeuillez trouver ci-joint notre dossier d’intention.\n\nMme Dubœuf\n"
                               .encode("cp1252")).decode()
    parts = "".join(
        "------=_Part_123456_789012345.1732438860120\n"
        f"Content-Type: application/pdf; name=\"{_latin1_word(name)}\"\n"
        "Content-Transfer-Encoding: base64\n"
        f"Content-Disposition: attachment; filename=\"{_latin1_word(name)}\"\n\n"
        f"{_b64(data)}\n" for name, data in files)
    return _raw(f"""Return-Path: <mdub@orange.example>
Date: Tue, 24 Nov 2026 10:01:00 +0100 (CET)
From: =?UTF-8?Q?Martine_Dub=C5=93uf?= <mdub@orange.example>
To: {to}
Message-ID: <1732438860123.45678.1234567890.JavaMail.open-xchange@wwinf1f17>
Subject: {words}
MIME-Version: 1.0
Content-Type: multipart/mixed;{SP}
\tboundary="----=_Part_123456_789012345.1732438860120"
X-Mailer: Open-Xchange Mailer v7.10.6-Rev60

------=_Part_123456_789012345.1732438860120
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: quoted-printable

{body}
{parts}------=_Part_123456_789012345.1732438860120--
""")


OUTLOOK_MSG_TEXT = "Bonjour,\n\nVoici notre dossier ; les photos sont dans le message joint.\n"


def outlook_with_msg(to: str, name: str, item: bytes, files: list[tuple[str, bytes]] = (),
                     mime: str = "application/vnd.ms-outlook",
                     sender: str = "=?iso-8859-1?Q?Fran=E7ois_Martin?= <francois.martin@asso-quartier.example>",
                     subject: str = "Candidature label Smart City") -> bytes:
    """Outlook (Windows): a mail dragged into a new one (or « Transférer en tant que pièce jointe » to an outside
    address) travels as an Outlook item, `application/vnd.ms-outlook` `.msg`, beside other attached files; any other
    file Outlook types by its extension (`mime`) is attached the same way."""
    parts = "".join(f"""--_004_VI1PR01MB5678ABCD_
Content-Type: application/octet-stream; name="{file_name}"
Content-Description: {file_name}
Content-Disposition: attachment; filename="{file_name}"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for file_name, data in files)
    return _raw(f"""From: {sender}
To: "{to}" <{to}>
Subject: {subject}
Date: Tue, 24 Nov 2026 15:20:00 +0000
Message-ID: <VI1PR01MB5678ABCD@VI1PR01MB5678.eurprd01.prod.exchangelabs.com>
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="_004_VI1PR01MB5678ABCD_"
MIME-Version: 1.0

--_004_VI1PR01MB5678ABCD_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(OUTLOOK_MSG_TEXT, "iso-8859-1")}

{parts}--_004_VI1PR01MB5678ABCD_
Content-Type: {mime}; name="{name}"
Content-Description: {name}
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64

{_b64(item)}

--_004_VI1PR01MB5678ABCD_--
""")


def google_drive_share(to: str, sharer: str) -> bytes:
    """Google Drive's notification « X a partagé un dossier avec vous », sent by Google for the sharer (Reply-To)."""
    text = (f"Sophie Leroy a partagé un dossier\r\nSophie Leroy ({sharer}) vous a invité à contribuer au dossier "
            "suivant :\r\n\r\nPhotos candidature Smart City\r\nhttps://drive.google.com/drive/folders/1AbCdEfGhIj"
            "KlMnOp?usp=sharing_eil_m&ts=6741\r\n\r\nGoogle LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, "
            f"USA\r\nVous avez reçu cet e-mail, car {sharer} a partagé un dossier avec vous à partir de Google "
            "Drive.\r\n")
    return _raw(f"""Return-Path: <3abcDEF@doclist.bounces.google.com>
MIME-Version: 1.0
Reply-To: Sophie Leroy <{sharer}>
X-No-Auto-Attachment: 1
Message-ID: <abcdEFGH-1234@docs-share.google.com>
Date: Mon, 23 Nov 2026 14:20:00 +0000
Subject: =?UTF-8?Q?Dossier_partag=C3=A9_avec_vous=C2=A0:_=22Photos_candidature_Smart_City=22?=
From: "Sophie Leroy (via Google Drive)" <drive-shares-dm-noreply@google.com>
To: {to}
Content-Type: multipart/alternative; boundary="000000000000f00d00000000"

--000000000000f00d00000000
Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes
Content-Transfer-Encoding: base64

{_b64(text.encode())}
--000000000000f00d00000000--
""")


RPMSG_HEAD = bytes.fromhex("76E80460C411E386")  # the prefix of message.rpmsg; nothing after it is ever read


def outlook_protected(to: str, subject: str = "Candidature label Smart City") -> bytes:
    """Outlook's « Chiffrer » (Microsoft Purview Message Encryption, IRM) to a mailbox that cannot open it: the body
    says so, the content and its files are inside message.rpmsg."""
    text = ("Frédéric Morel (frederic.morel@asso-energie.example) vous a envoyé un message protégé.\n\n"
            "Pour le lire, ouvrez-le dans Outlook.\n")
    return _raw(f"""From: =?iso-8859-1?Q?Fr=E9d=E9ric_Morel?= <frederic.morel@asso-energie.example>
To: {to}
Subject: {subject}
Date: Wed, 25 Nov 2026 09:00:00 +0000
Message-ID: <PAXPR01MB9012@PAXPR01MB9012.eurprd01.prod.exchangelabs.com>
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Class: rpmsg.message
Content-Type: multipart/mixed;
\tboundary="_002_PAXPR01MB9012_"
MIME-Version: 1.0

--_002_PAXPR01MB9012_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(text.encode())}

--_002_PAXPR01MB9012_
Content-Type: application/x-microsoft-rpmsg-message; name="message.rpmsg"
Content-Description: message.rpmsg
Content-Disposition: attachment; filename="message.rpmsg"
Content-Transfer-Encoding: base64

{_b64(RPMSG_HEAD + bytes(range(256)) * 40)}

--_002_PAXPR01MB9012_--
""")


def apple_mail_forward(by: str, to: str, applicant: str, iphone: bool = False, subject: str = "Fwd: Candidature label "
                       "Smart City", authentication: str = "") -> bytes:
    """Apple Mail (French) forwarding an application with its files: it quotes what it forwards. On a Mac the whole
    block, its own line too (« > Début du message réexpédié : », « > De: … »); on an iPhone (`iphone`), the forwarded
    header lines under its own line, after « Envoyé de mon iPhone »."""
    if iphone:
        text = ("Pour le label.\n\nEnvoyé de mon iPhone\n\nDébut du message réexpédié :\n\n"
                f"> De: Jeanne Roux <{applicant}>\n> Date: 23 novembre 2026 à 17:45:12 UTC+1\n"
                "> À: cabinet.maire@ville-bethune.fr\n> Objet: Candidature label Smart City\n>\n"
                "> Bonjour Monsieur le Maire,\n> ci-joint notre candidature.\n> Jeanne Roux\n")
    else:
        text = ("Pour le label.\n\nPhilippe\n\n> Début du message réexpédié :\n> \n"
                f"> De: Jeanne Roux <{applicant}>\n> Objet: Candidature label Smart City\n"
                "> Date: 23 novembre 2026 à 17:45:12 UTC+1\n> À: cabinet.maire@ville-bethune.fr\n> \n"
                "> Bonjour Monsieur le Maire,\n> ci-joint notre candidature.\n> Jeanne Roux\n")
    boundary = "Apple-Mail=_9F8E7D6C-5B4A-3928-1706-F5E4D3C2B1A0"
    parts = "".join(
        f"--{boundary}\nContent-Disposition: inline;\n\tfilename*=utf-8''{quote(name.encode(), safe='')}\n"
        f"Content-Type: application/pdf;\n\tx-unix-mode=0644;\n\tname=\"{name}\"\nContent-Transfer-Encoding: base64\n\n"
        f"{_b64(data)}\n--{boundary}\nContent-Transfer-Encoding: 7bit\nContent-Type: text/plain;\n\tcharset=us-ascii"
        "\n\n\n\n" for name, data in (("Dossier d'intention.pdf", d.pdf_text(d.DOSSIER_LINES)),
                                     ("Lettre au Maire.pdf", d.pdf_text(d.LETTER_LINES))))
    auth = f"Authentication-Results: {authentication}\n" if authentication else ""
    version, mailer = ("1.0", "iPhone Mail (22B91)") if iphone else (
        "Mac OS X Mail 16.0 \\(3826.200.121\\)", "Apple Mail (2.3826.200.121)")
    return _raw(f"""{auth}From: Philippe Martin <{by}>
Content-Type: multipart/mixed;
\tboundary="{boundary}"
Mime-Version: 1.0 ({version})
Subject: {subject}
Date: Tue, 24 Nov 2026 08:12:40 +0100
Message-Id: <D1E2F3A4-B5C6-4D7E-8F90-A1B2C3D4E5F6@ville-bethune.fr>
To: {to}
X-Mailer: {mailer}

--{boundary}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

{_qp(text)}
{parts}--{boundary}--
""")


def outlook_opaque_signed(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Outlook signing with « Envoyer les messages signés en texte clair » unchecked (and some organisations' mail
    gateways): the whole MIME entity, text and files, inside a CMS SignedData (smime.p7m, smime-type=signed-data),
    signed by a certificate made here (the `cryptography` package's PKCS#7 builder, as OpenSSL writes it)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs7
    from cryptography.x509.oid import NameOID

    boundary = "----=_NextPart_001_0012_01DB3C5A.12345670"
    parts = "".join(f"--{boundary}\nContent-Type: {mime};\n\tname=\"{_latin1_word(name)}\"\nContent-Transfer-Encoding: "
                    f"base64\nContent-Disposition: attachment;\n\tfilename=\"{_latin1_word(name)}\"\n\n{_b64(data)}\n\n"
                    for name, mime, data in files)
    entity = _raw(f"""Content-Type: multipart/mixed;
\tboundary="{boundary}"

--{boundary}
Content-Type: text/plain;
\tcharset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp("Bonjour, vous trouverez ci-joint notre candidature. Cordialement, le service urbanisme", "latin-1")}
{parts}--{boundary}--
""")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.EMAIL_ADDRESS, "urbanisme@cc-artois.example")])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(1)
            .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=3650)).sign(key, hashes.SHA256()))
    p7m = pkcs7.PKCS7SignatureBuilder().set_data(entity).add_signer(cert, key, hashes.SHA256()).sign(
        serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])
    return _raw(f"""From: "Service Urbanisme" <urbanisme@cc-artois.example>
To: <{to}>
Subject: Candidature au label Smart City
Date: Thu, 26 Nov 2026 09:00:00 +0100
Message-ID: <000001db3c5a$12345670$36f19a10$@cc-artois.example>
MIME-Version: 1.0
Content-Type: application/pkcs7-mime;
\tsmime-type=signed-data;
\tname="smime.p7m"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="smime.p7m"
X-Mailer: Microsoft Outlook 16.0

{_b64(p7m)}
""")
