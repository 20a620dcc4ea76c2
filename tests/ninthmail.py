"""Application mail of a ninth round, byte for byte (CRLF line ends, as IMAP serves it), beside tests/clientmail.py,
tests/moreclients.py, tests/programmail.py, tests/devicemail.py, tests/webmail.py and tests/forwardmail.py: Free's
Zimbra writing a new application (RFC 2047 words inside quoted file names), Proton Mail to an outside address (the
sender's public key attached), file names in RFC 2231 continuations whose charset is missing or wrong, a Windows-1252
text sent without any charset, LibreOffice and Apple iWork files, phone scanner apps' image-only PDFs, an applicant
forwarding as an attachment the mail they first sent elsewhere, a Windows zip of the three pieces, an association's
secretary writing for its president, and an application sent in three mails a few minutes apart. The files inside are
the test corpus's (tests/documents.py).

The layout of each message is the one its program writes (as « afficher la source » shows it); said on each builder.
Every function returns the raw message.
"""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import quote

import documents as d
from clientmail import _b64, _qp, _raw

DOSSIER = ("Dossier d'intention.pdf", "application/pdf")
LETTER = ("Lettre au Maire.pdf", "application/pdf")


def _q_word(name: str) -> str:
    """An RFC 2047 Q word in UTF-8, each non-ASCII byte and each space written =XX (as Zimbra does)."""
    return "=?utf-8?Q?" + "".join(c if c.isascii() and (c.isalnum() or c in ".-") else
                                  "".join(f"={b:02X}" for b in c.encode()) for c in name) + "?="


def _q_words(name: str, width: int = 40, whole: bool = True) -> str:
    """A long name as several RFC 2047 words, one space apart (each at most 75 characters, RFC 2047 section 2): cut
    between characters (`whole`, as JavaMail does), or between any two bytes, a character's bytes shared by two words
    (as some webmails cut them)."""
    if whole:
        words, word = [], ""
        for c in name:
            if len(_q_word(word + c)) > width + 12:
                words.append(word)
                word = ""
            word += c
        return " ".join(_q_word(w) for w in [*words, word])
    chunks = re.findall(r"=[0-9A-F]{2}|.", _q_word(name)[len("=?utf-8?Q?"):-2])
    return " ".join("=?utf-8?Q?" + "".join(chunks[i:i + width // 2]) + "?=" for i in range(0, len(chunks), width // 2))


def zimbra(to: str, files: list[tuple[str, str, bytes]], words: bool = False) -> bytes:
    """Free's webmail (Zimbra 8.8, zimbra.free.fr): X-Mailer naming the browser, Thread-Topic and Thread-Index,
    multipart/mixed around a multipart/alternative of quoted-printable text and HTML, each file's name an RFC 2047
    word inside the quotes of `name=` and `filename=` (not RFC 2231), boundaries « =_<hex> ». `words`: each
    long name in several words, every other one cut between the bytes of a character."""
    text = ("Bonjour,\n\nVeuillez trouver ci-joint la candidature de notre association au label Béthune Smart City "
            "(dossier d’intention, lettre à Monsieur le Maire et photos).\n\nCordialement,\nPatrick Lefebvre\n")
    html = ('<html><body><div style="font-family: arial, helvetica, sans-serif; font-size: 12pt; color: #000000">'
            "<div>Bonjour,</div><div><br></div><div>Veuillez trouver ci-joint la candidature de notre association "
            "au label Béthune Smart City (dossier d’intention, lettre à Monsieur le Maire et photos).</div><div><br>"
            "</div><div>Cordialement,<br>Patrick Lefebvre</div></div></body></html>")
    outer, inner = "=_b4f2c1a9-7e3d-4b1a-9c2e-5f6a7b8c9d0e", "=_0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
    parts = "".join(f"""--{outer}
Content-Type: {mime}; name="{_q_words(name, whole=n % 2 == 0) if words else _q_word(name)}"
Content-Disposition: attachment; filename="{_q_words(name, whole=n % 2 == 0) if words else _q_word(name)}"
Content-Transfer-Encoding: base64

{_b64(data)}
""" for n, (name, mime, data) in enumerate(files))
    return _raw(f"""Return-Path: <patrick.lefebvre@free.example>
Date: Mon, 30 Nov 2026 11:02:37 +0100 (CET)
From: Patrick Lefebvre <patrick.lefebvre@free.example>
To: {to}
Message-ID: <1487512345.123456789.1764496957123.JavaMail.root@zimbra65-e11.priv.proxad.net>
Subject: =?utf-8?Q?Candidature_label_B=C3=A9thune_Smart_City?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{outer}"
X-Originating-IP: [82.64.12.34]
X-Mailer: Zimbra 8.8.15_GA_4581 (ZimbraWebClient - FF132 (Win)/8.8.15_GA_4581)
Thread-Topic: Candidature label =?utf-8?Q?B=C3=A9thune?= Smart City
Thread-Index: Xk3Lq9PzR7wYv2Tn8uHd5sGf1aJc4b

--{outer}
Content-Type: multipart/alternative; boundary="{inner}"

--{inner}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{inner}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{inner}--

{parts}--{outer}--
""")


PUBLIC_KEY = b"""-----BEGIN PGP PUBLIC KEY BLOCK-----
Version: ProtonMail

xjMEZ0sPxBYJKwYBBAHaRw8BAQdA1bQ7yGwXk3Lq9PzR7wYv2Tn8uHd5sGf1aJc4
bMeXk3LNL2NsYXJhLnZhbmRhbW1lQHByb3Rvbi5leGFtcGxlIDxjbGFyYS52YW5k
=Ab3d
-----END PGP PUBLIC KEY BLOCK-----
"""


def proton(to: str, files: list[tuple[str, str, bytes]], key: bool = True) -> bytes:
    """Proton Mail (web) to an address outside Proton, without a password: a plain MIME message its servers build,
    boundaries « b1_<hex> » (OpenPGP.js's), X-Pm-* fields, each file with `name=` and `filename=` both, and (Proton's
    « Joindre la clé publique », on by default in many accounts) the sender's public key as
    « publickey - address - 0x<id>.asc » (application/pgp-keys)."""
    b = "b1_7Qx2mV4kR9sT1uW3yZ5aC7eG9iK1mO3qS5uW7yA"
    text = ("Bonjour,\n\nje vous adresse la candidature du collectif au label Béthune Smart City : le dossier "
            "d’intention, la lettre à Monsieur le Maire et des photos.\n\nBien à vous,\nClara Vandamme\n\n"
            "Envoyé avec la messagerie sécurisée Proton Mail.\n")
    attached = list(files)
    if key:
        attached.append(("publickey - clara.vandamme@proton.example - 0x1A2B3C4D.asc", "application/pgp-keys",
                         PUBLIC_KEY))
    parts = "".join(f"""--{b}
Content-Type: {mime}; filename="{name}"; name="{name}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{name}"; name="{name}"

{_b64(data)}
""" for name, mime, data in attached)
    return _raw(f"""Date: Mon, 30 Nov 2026 09:41:12 +0000
To: {to}
From: Clara Vandamme <clara.vandamme@proton.example>
Subject: Candidature au label =?utf-8?Q?B=C3=A9thune_Smart_City?=
Message-ID: <Xk3Lq9PzR7wYv2Tn8uHd5sGf1aJc4bMe@proton.example>
Feedback-ID: 12345678:user:proton
X-Pm-Message-ID: 7f9c2b1e3d4a5b6c
X-Pm-Origin: internal
X-Pm-Content-Encryption: end-to-end
X-Pm-Spamscore: 0
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="{b}"

This is a multi-part message in MIME format.

--{b}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
{parts}--{b}--
""")


def _continued(param: str, encoded: str, width: int = 40) -> str:
    """`param`*0*=...; `param`*1*=... (RFC 2231 sections 3 and 4), `encoded` already percent-encoded, never cut
    inside a %XX escape (its charset and language put by the caller on the first section)."""
    tokens = re.findall(r"%[0-9A-F]{2}|.", encoded)
    pieces, piece = [], ""
    for token in tokens:
        if len(piece) + len(token) > width:
            pieces.append(piece)
            piece = ""
        piece += token
    pieces.append(piece)
    return ";\n".join(f" {param}*{n}*={piece}" for n, piece in enumerate(pieces))


def continuations(to: str, files: list[tuple[str, str, bytes]], charset: str = "", encoding: str = "utf-8") -> bytes:
    """File names in RFC 2231 continuations (filename*0*=, filename*1*=…) whose bytes are UTF-8 but whose charset is
    missing (« ''Dossier%20d%E2%80%99… », as some webmail plug-ins and PHP mailers write them) or wrong (`charset`:
    « us-ascii », « iso-8859-1 »), or whose bytes are Windows-1252 (`encoding`) under « utf-8 » or none.
    Otherwise a plain mail from a PHP webmail (Roundcube's layout)."""
    b = "=_5f3c8a2b1e9d7f6a4c2b0e8d6f4a2c1b"
    parts = "".join(f"""--{b}
Content-Transfer-Encoding: base64
Content-Type: {mime};
{_continued("name", charset + "''" + quote(name.encode(encoding), safe=""))}
Content-Disposition: attachment;
{_continued("filename", charset + "''" + quote(name.encode(encoding), safe=""))}

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""MIME-Version: 1.0
Date: Mon, 30 Nov 2026 10:20:51 +0100
From: Bernard Delattre <b.delattre@comite-fetes.example>
To: {to}
Subject: Candidature label Smart City
Message-ID: <9e1a7c3b5d2f4e6a8c0b1d3f5a7c9e1b@webmail.comite-fetes.example>
X-Sender: b.delattre@comite-fetes.example
User-Agent: Roundcube Webmail/1.4.15
Content-Type: multipart/mixed;
 boundary="{b}"

--{b}
Content-Transfer-Encoding: 7bit
Content-Type: text/plain; charset=US-ASCII;
 format=flowed

Bonjour,

ci-joint notre dossier de candidature et la lettre pour Monsieur le Maire.

Bernard Delattre
{parts}--{b}--
""")


def windows_1252_no_charset(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """An old Windows program (Outlook Express, a shop's mailer, a PHP mail() script): the text in Windows-1252 bytes
    (’ 0x92, é 0xE9, œ 0x9C), 8bit, with `Content-Type: text/plain` and no charset at all, and the subject unencoded
    in the same bytes (RFC 2047 ignored). The file names are ASCII."""
    b = "----=_NextPart_000_0012_01DB4A2C.3F1E5D60"
    text = ("Bonjour Monsieur,\n\nJe vous envoie le dossier d’intention de notre association et la lettre signée "
            "pour Monsieur le Maire, avec les photos de l’œuvre réalisée.\n\nMerci d’avance,\nGérard Leroux\n")
    parts = "".join(f"""--{b}
Content-Type: {mime};
\tname="{name}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="{name}"

{_b64(data)}
""" for name, mime, data in files)
    head = f"""From: "Gérard Leroux" <gerard.leroux@wanadoo.example>
To: <{to}>
Subject: Candidature label Béthune Smart City – association « Le Vieux Moulin »
Date: Mon, 30 Nov 2026 10:05:00 +0100
Message-ID: <001201db4a2c$3f1e5d60$bd5b1820$@wanadoo.example>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{b}"
X-Priority: 3
X-MSMail-Priority: Normal
X-Mailer: Microsoft Outlook Express 6.00.2900.5931

This is a multi-part message in MIME format.

--{b}
Content-Type: text/plain
Content-Transfer-Encoding: 8bit

{text}
{parts}--{b}--
"""
    return head.replace("\r\n", "\n").replace("\n", "\r\n").encode("cp1252")


def thunderbird(to: str, files: list[tuple[str, str, bytes]], sender: str = "Lucie Carpentier "
                "<lucie.carpentier@laposte.example>", text: str = "Bonjour,\n\nveuillez trouver ci-joint notre "
                "candidature au label Béthune Smart City.\n\nLucie Carpentier\n",
                subject: str = "Candidature label Smart City", headers: str = "",
                message_id: str = "<4b2e8f1a-3c5d-4e6f-8a9b-0c1d2e3f4a5b@laposte.example>") -> bytes:
    """Thunderbird 128 (Linux, where LibreOffice writes the .odt): names in RFC 2231 (`filename*=UTF-8''…`) when not
    ASCII, each file typed by the system's MIME database (`application/vnd.oasis.opendocument.text`…)."""
    b = "------------0K2m9Q4xR7wYv2Tn8uHd5sGf"

    def disposition(name: str) -> str:
        if name.isascii():
            return f'Content-Type: {{}}; name="{name}"\nContent-Disposition: attachment; filename="{name}"'
        encoded = quote(name.encode(), safe="")
        return f"Content-Type: {{}}; name*=UTF-8''{encoded}\nContent-Disposition: attachment; " \
               f"filename*=UTF-8''{encoded}"

    parts = "".join(f"--{b}\n{disposition(name).format(mime)}\nContent-Transfer-Encoding: base64\n\n{_b64(data)}\n\n"
                    for name, mime, data in files)
    return _raw(f"""Content-Type: multipart/mixed; boundary="{b}"
Message-ID: {message_id}
Date: Mon, 30 Nov 2026 14:31:07 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: {to}
From: {sender}
Subject: {subject}
{headers}
This is a multi-part message in MIME format.
--{b}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{text}
{parts}--{b}--
""")


def iwork(kind: str, first_page: list[str]) -> bytes:
    """An Apple Numbers (.numbers) or Keynote (.key) file, 2013 and later: like Pages (tests/clientmail.py's
    pages_document), a ZIP of Index/*.iwa, Metadata/ and thumbnails; a Keynote file also holds its slides' pictures
    under Data/."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("Index/Document.iwa", b"\x00\x8d\x02\x00" + bytes(range(256)) * 12)
        archive.writestr("Index/Metadata.iwa", b"\x00\x20\x00\x00" + bytes(range(200)))
        if kind == "key":
            archive.writestr("Index/Slide-1.iwa", b"\x00\x40\x01\x00" + bytes(range(256)) * 4)
            archive.writestr("Data/photo-atelier-1234.jpg", d.photo())
            archive.writestr("Data/photo-atelier-small-1235.jpg", d.photo(size=(400, 300)))
        archive.writestr("Metadata/Properties.plist", b"bplist00" + bytes(100))
        archive.writestr("Metadata/DocumentIdentifier", b"5D2E9F3B-88C2-4F8B-AC1D-3E4F5A6B7C8D")
        archive.writestr("preview.jpg", d.photo_of_page(first_page))
        archive.writestr("preview-web.jpg", d.photo(size=(300, 420)))
        archive.writestr("preview-micro.jpg", d.photo(size=(60, 80)))
    return out.getvalue()


def apple_mail_iwork(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Apple Mail (macOS) sending iWork files as they are (not exported): `application/x-iwork-…-sff…` types, names
    in RFC 2231, an Apple-Mail=_ boundary, each attachment inline between text parts."""
    boundary = "Apple-Mail=_6D2B3C4E-5F60-7182-93A4-B5C6D7E8F901"
    parts = [f"--{boundary}\nContent-Transfer-Encoding: quoted-printable\nContent-Type: text/plain;\n\tcharset=utf-8"
             f"\n\n{_qp('Bonjour,' + chr(10) + chr(10) + 'voici notre candidature au label :' + chr(10))}\n"]
    for name, mime, data in files:
        encoded = quote(name.encode(), safe="")
        parts.append(f"--{boundary}\nContent-Disposition: attachment;\n\tfilename*=utf-8''{encoded}"
                     f"\nContent-Type: {mime};\n\tx-unix-mode=0644;\n\tname=\"{_q_word(name)}\"\n"
                     f"Content-Transfer-Encoding: base64\n\n{_b64(data)}\n")
    return _raw(f"""From: =?utf-8?Q?Ana=C3=AFs_Petit?= <anais.petit@icloud.example>
Content-Type: multipart/mixed;
\tboundary="{boundary}"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.200.121\\))
Subject: =?utf-8?Q?Candidature_label_B=C3=A9thune_Smart_City?=
Date: Mon, 30 Nov 2026 16:10:02 +0100
Message-Id: <9B4D6F80-2C3E-4A5B-8D9E-1F2A3B4C5D6E@icloud.example>
To: {to}
X-Mailer: Apple Mail (2.3826.200.121)


{"".join(parts)}--{boundary}--
""")


def gmail_android_scans(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Gmail for Android (or iOS Mail) sending what a scanner app saved: Adobe Scan names its file after the date
    (« Adobe Scan 30 nov. 2026.pdf »), iOS Notes « Document numérisé.pdf »; each page one picture, no text layer."""
    b = "000000000000a1b2c3d4e5f6a7b8c9d0"
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64
X-Attachment-Id: f_m4adbe{n}
Content-ID: <f_m4adbe{n}>

{_b64(data)}
""" for n, (name, mime, data) in enumerate(files))
    return _raw(f"""MIME-Version: 1.0
From: Karim Benali <karim.benali62@gmail.example>
Date: Mon, 30 Nov 2026 12:48:03 +0100
Message-ID: <CAKscan9x1Adobe0Q4xNum@mail.gmail.com>
Subject: Label Smart City
To: {to}
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f6a7b8c9cf"

--000000000000a1b2c3d4e5f6a7b8c9cf
Content-Type: text/plain; charset="UTF-8"

Bonjour, voici notre candidature.

--000000000000a1b2c3d4e5f6a7b8c9cf
Content-Type: text/html; charset="UTF-8"

<div dir="auto">Bonjour, voici notre candidature.</div>

--000000000000a1b2c3d4e5f6a7b8c9cf--
{parts}--{b}--
""")


def forwarded_own_mail(to: str, applicant: str = "sylvie.morel@centre-social.example", by: str = "") -> bytes:
    """An applicant who first wrote to a wrong address (« n.bataillon@ville-bethune.com ») forwards that mail, whole, as
    an attachment (Thunderbird « Transférer > En tant que pièce jointe »): the application is inside the .eml. `by`:
    someone else forwards it (a colleague of the applicant's, or anyone claiming to)."""
    inner_b = "------------inner7Qx2mV4kR9sT1uW3"
    inner_parts = "".join(f"""--{inner_b}
Content-Type: application/pdf; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, data in (("Dossier d'intention.pdf", d.pdf_text(d.DOSSIER_LINES)),
                         ("Lettre au Maire.pdf", d.pdf_text(d.LETTER_LINES))))
    photo = f"""--{inner_b}
Content-Type: image/jpeg; name="atelier.jpg"
Content-Disposition: attachment; filename="atelier.jpg"
Content-Transfer-Encoding: base64

{_b64(d.photo())}

"""
    inner = f"""Content-Type: multipart/mixed; boundary="{inner_b}"
Message-ID: <0a1b2c3d-first-try@centre-social.example>
Date: Fri, 27 Nov 2026 17:03:44 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: n.bataillon@ville-bethune.com
From: Sylvie Morel <{applicant}>
Subject: Candidature label Smart City

This is a multi-part message in MIME format.
--{inner_b}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

Bonjour,

voici la candidature du centre social au label.

Sylvie Morel

{inner_parts}{photo}--{inner_b}--
"""
    outer_b = "------------outer0K2m9Q4xR7wYv2Tn8"
    return _raw(f"""Content-Type: multipart/mixed; boundary="{outer_b}"
Message-ID: <5e6f7a8b-second-try@centre-social.example>
Date: Mon, 30 Nov 2026 09:12:10 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: {to}
From: {by or f"Sylvie Morel <{applicant}>"}
Subject: Fwd: Candidature label Smart City

This is a multi-part message in MIME format.
--{outer_b}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

Bonjour,

je m'étais trompée d'adresse vendredi : voici notre candidature, dans le
message joint.

Sylvie Morel

--{outer_b}
Content-Type: message/rfc822; name="Candidature label Smart City.eml"
Content-Disposition: attachment; filename="Candidature label Smart City.eml"
Content-Transfer-Encoding: 8bit

{inner}
--{outer_b}--
""")


def windows_zip_with_junk(files: dict[str, bytes]) -> bytes:
    """A folder Windows' « Envoyer vers > Dossier compressé » zipped with what Explorer leaves in it: Thumbs.db (an OLE
    file) and desktop.ini, made on Windows (its create_system), the names ASCII."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = {**{f"Candidature/{name}": data for name, data in files.items()},
                   "Candidature/Thumbs.db": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088),
                   "Candidature/desktop.ini": b"[.ShellClassInfo]\r\nIconResource=C:\\Windows\\system32\\"
                                              b"imageres.dll,-3\r\n"}
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 30, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.flag_bits = 0
            info.create_system = 0
            archive.writestr(info, data)
    return out.getvalue()


def secretary_for_president(to: str, files: list[tuple[str, str, bytes]], reply_to: str = "Président - Les Ateliers "
                            "du Rail <president@ateliers-rail.example>", outlook_delegate: bool = False) -> bytes:
    """An association's secretary writes for its president. Either from her own address with `Reply-To:` the
    president's (a webmail's « Répondre à »), or (`outlook_delegate`) from an Exchange mailbox « de la part de »:
    `From:` the president, `Sender:` the secretary."""
    if outlook_delegate:
        head = ("From: =?iso-8859-1?Q?Pr=E9sident_-_Les_Ateliers_du_Rail?= <president@ateliers-rail.example>\n"
                "Sender: =?iso-8859-1?Q?Secr=E9tariat_Ateliers_du_Rail?= <secretariat@ateliers-rail.example>\n")
    else:
        head = ("From: =?utf-8?Q?Secr=C3=A9tariat_Ateliers_du_Rail?= <secretariat@ateliers-rail.example>\n"
                f"Reply-To: {reply_to}\n")
    text = ("Bonjour,\n\nÀ la demande de notre président, M. Jacques Fournier, je vous transmets la candidature des "
            "Ateliers du Rail au label Béthune Smart City : dossier d’intention, lettre signée et photos.\n\n"
            "Merci d’adresser vos réponses à M. Fournier.\n\nLe secrétariat\n")
    b = "_002_AM9PR03MB7123F4E5D6C7B8A9ateliersrail_"
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{name}"
Content-Description: {name}
Content-Disposition: attachment; filename="{name}"; size={len(data)};
\tcreation-date="Mon, 30 Nov 2026 08:50:00 GMT";
\tmodification-date="Mon, 30 Nov 2026 08:50:00 GMT"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""{head}To: "{to}" <{to}>
Subject: Candidature label Smart City - Les Ateliers du Rail
Thread-Topic: Candidature label Smart City - Les Ateliers du Rail
Thread-Index: AdtDKx2mFq0sJcYx0uW3vJ1bQ7yGw==
Date: Mon, 30 Nov 2026 08:52:41 +0000
Message-ID: <AM9PR03MB7123F4E5D6C7B8A9@AM9PR03MB7123.eurprd03.prod.outlook.com>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(text.encode())}

{parts}--{b}--
""")


def in_three_mails(to: str) -> list[bytes]:
    """An applicant who sends the pieces one mail each, a few minutes apart, each a new message (no In-Reply-To),
    from Gmail (web): « Candidature label (1/3) », « (2/3) », « (3/3) »."""
    sender = "Nadia Haddad <nadia.haddad@gmail.example>"
    pieces = [("Dossier d'intention.pdf", "application/pdf", d.pdf_text(d.DOSSIER_LINES)),
              ("Lettre au Maire.pdf", "application/pdf", d.pdf_text(d.LETTER_LINES)),
              ("IMG_20261129_154210.jpg", "image/jpeg", d.photo())]
    texts = ["Bonjour, voici le dossier d'intention. La lettre et les photos suivent.",
             "Voici la lettre signée pour Monsieur le Maire.", "Et une photo de l'atelier."]
    out = []
    for n, ((name, mime, data), text) in enumerate(zip(pieces, texts, strict=True), 1):
        b = f"00000000000{n}f1e2d3c4b5a69788"
        out.append(_raw(f"""MIME-Version: 1.0
From: {sender}
Date: Mon, 30 Nov 2026 10:{10 + 3 * n:02d}:05 +0100
Message-ID: <CAHthree{n}x1Q4xPart@mail.gmail.com>
Subject: Candidature label Smart City ({n}/3)
To: {to}
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: text/plain; charset="UTF-8"

{text}

--{b}
Content-Type: {mime}; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64
X-Attachment-Id: f_three{n}

{_b64(data)}
--{b}--
"""))
    return out


def president_sends_the_letter(ours, files: list[tuple[str, str, bytes]]) -> bytes:
    """The president answers, from his own address, the acknowledgement his secretary forwarded him (Outlook:
    « TR: » then « RE: », the reference kept in the subject, In-Reply-To the secretary's forward, which the town never
    saw), with the signed letter."""
    b = "_003_DB7PR03MB4567president_"
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{name}"
Content-Description: {name}
Content-Disposition: attachment; filename="{name}"; size={len(data)}
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in files)
    subject = str(ours["Subject"])
    text = _b64("Bonjour,\n\nVoici la lettre signée qui manquait.\n\nJacques Fournier\nPrésident\n".encode())
    return _raw(f"""From: Jacques Fournier <president@ateliers-rail.example>
To: "{ours['From'].addresses[0].addr_spec}" <{ours['From'].addresses[0].addr_spec}>
Subject: RE: TR: {subject}
Date: Mon, 30 Nov 2026 13:20:11 +0000
Message-ID: <DB7PR03MB4567president@DB7PR03MB4567.eurprd03.prod.outlook.com>
In-Reply-To: <AM9PR03MB7999secretariatforward@AM9PR03MB7999.eurprd03.prod.outlook.com>
References: {ours['Message-ID']} <AM9PR03MB7999secretariatforward@AM9PR03MB7999.eurprd03.prod.outlook.com>
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{text}

{parts}--{b}--
""")


def phone_app_scan(pages: list[list[str]], dpi: int = 300, producer: bytes = b"Adobe Scan for Android") -> bytes:
    """An image-only PDF as a phone scanner app saves it (Adobe Scan, iOS Notes, CamScanner): each page a colour JPEG
    of the whole A4 sheet at `dpi` (300: 2480 x 3508 pixels), a paper-white background a little grey, no text layer;
    the app's name in the PDF's Producer."""
    from PIL import Image, ImageDraw, ImageFont

    scale = dpi / 150
    width, height = int(1240 * scale), int(1754 * scale)
    images = []
    for lines in pages:
        image = Image.new("RGB", (width, height), (238, 236, 230))
        draw = ImageDraw.Draw(image)
        font = ImageFont.truetype(d.FONT, int(34 * scale))
        y = int(120 * scale)
        for line in lines:
            draw.text((int(100 * scale), y), line, fill=(30, 30, 40), font=font)
            y += int(56 * scale)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:], quality=80,
                   producer=producer.decode())
    return out.getvalue()


def unknown_8bit(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """A message whose raw 8-bit bytes (Windows-1252) a gateway met and labelled « unknown-8bit » (RFC 1428; sendmail's
    8-to-7-bit conversion, mutt, Courier's « unknown »): the text quoted-printable in that charset, the subject an
    RFC 2047 word of it, the files' names RFC 2231 continuations of it. Otherwise the Roundcube mail of
    `continuations`."""
    raw = continuations(to, files, "unknown-8bit", "cp1252")
    text = _qp("Bonjour,\n\nci-joint notre dossier d’intention, la lettre signée et les photos de l’été.\n\n"
               "Bernard Delattre\n", "cp1252")
    return (raw.replace(b"Subject: Candidature label Smart City",
                        b"Subject: =?unknown-8bit?Q?Candidature_label_B=E9thune_=96_l=92=9Cuvre_du_comit=E9?=")
            .replace(b"Content-Transfer-Encoding: 7bit\r\nContent-Type: text/plain; charset=US-ASCII;\r\n "
                     b"format=flowed", b"Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/plain; "
                     b"charset=unknown-8bit")
            .replace(b"Bonjour,\r\n\r\nci-joint notre dossier de candidature et la lettre pour Monsieur le "
                     b"Maire.\r\n\r\nBernard Delattre\r\n", text.replace("\n", "\r\n").encode()))


def zipped_package(root: str, document: bytes) -> bytes:
    """An iWork document saved as a package (a folder: « Dossier.pages/ », iWork's option « Paquet », and documents
    from before 2013), as Apple Mail sends a folder: zipped (« Dossier.pages.zip »), the folder at the archive's root.
    `document`: a single-file iWork document, whose files the package holds."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(document)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{root}/", b"")
        for info in source.infolist():
            archive.writestr(f"{root}/{info.filename}", source.read(info))
    return out.getvalue()


def hostile_zip() -> bytes:
    """A ZIP whose names and entries are an attacker's: paths that climb out (« ../../ »), a Windows absolute path,
    a right-to-left override hiding a program's extension (« Photo\u202egpj.exe » shows « Photoexe.jpg »), a
    symbolic link (Info-ZIP's `zip -y`) named like a photo; beside the three real pieces."""
    import stat

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../../../../etc/cron.d/Dossier d'intention.pdf", d.pdf_text(d.DOSSIER_LINES))
        archive.writestr("C:\\Users\\Public\\Lettre au Maire.pdf", d.pdf_text(d.LETTER_LINES))
        archive.writestr("Photo\u202egpj.exe", b"MZ" + b"\0" * 400)
        link = zipfile.ZipInfo("photo.jpg")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("vraie photo.jpg", d.photo())
    return out.getvalue()


def gmail_forward_as_attachments(to: str, inner: list[bytes], sender: str = "Nadia Haddad "
                                 "<nadia.haddad@gmail.example>") -> bytes:
    """Gmail (web) « Transférer en tant que pièce jointe » of several messages at once: each a message/rfc822 part
    named after its subject (« Candidature label Smart City (1/3).eml »), after an empty multipart/alternative."""
    import email
    import email.policy

    b = "000000000000f0e1d2c3b4a596877869"
    parts = ""
    for raw in inner:
        subject = str(email.message_from_bytes(raw, policy=email.policy.default)["Subject"])
        parts += (f"--{b}\nContent-Type: message/rfc822; name=\"{subject}.eml\"\nContent-Disposition: attachment; "
                  f"filename=\"{subject}.eml\"\nX-Attachment-Id: f_fwd{len(parts)}\n\n"
                  f"{raw.decode().replace(chr(13), '')}\n")
    return _raw(f"""MIME-Version: 1.0
From: {sender}
Date: Mon, 30 Nov 2026 11:30:05 +0100
Message-ID: <CAHfwdAll3x1Q4xPart@mail.gmail.com>
Subject: Fwd: Candidature label Smart City
To: {to}
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="000000000000f0e1d2c3b4a596877868"

--000000000000f0e1d2c3b4a596877868
Content-Type: text/plain; charset="UTF-8"

Je vous renvoie mes trois messages de ce matin en un seul.

--000000000000f0e1d2c3b4a596877868
Content-Type: text/html; charset="UTF-8"

<div dir="ltr">Je vous renvoie mes trois messages de ce matin en un seul.</div>

--000000000000f0e1d2c3b4a596877868--
{parts}--{b}--
""")
