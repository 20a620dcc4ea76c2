"""Application mail of a twelfth round, byte for byte (CRLF line ends, as IMAP serves it), beside tests/clientmail.py
... tests/eleventhmail.py: Outlook for iOS (photos named « image0.jpeg », « Obtenir Outlook pour iOS »);
Thunderbird signing with S/MIME in clear (multipart/signed, smime.p7s) and with OpenPGP (multipart/signed, its
public key and OpenPGP_signature.asc); Gmail and Outlook answering the town's call-for-applications mail, its
pictures quoted inline; a dossier as a Word macro-enabled document (.docm) or template (.dotx); Claws Mail in
ISO-8859-15 (« œ » and « € », which ISO-8859-1 lacks), its file name in RFC 2231 ISO-8859-15; a calendar file
(.ics) attached by mistake beside the pieces; a long subject cut into Base64 words in the middle of a letter's
bytes; Gmail's confidential mode; a letter signed with iPhone « Annoter » (Markup) and sent from iOS Mail.

The dossiers and letters carry the label's published facts (tests/tenthmail.py). The layout of each message is the
one its program writes; said on each builder. Every function returns the raw message."""

from __future__ import annotations

import base64
import io
import quopri
import re
import zipfile
from urllib.parse import quote

import documents as d
from clientmail import _b64, _qp, _raw
from tenthmail import LETTER_LINES, _tb_parts

PDF = "application/pdf"
DOCM = "application/vnd.ms-word.document.macroEnabled.12"
DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template"
CALL_SUBJECT = "Appel à candidatures : label Béthune Smart City 2026"


def _word(text: str) -> str:
    return "=?UTF-8?Q?" + quopri.encodestring(text.encode(), header=True).decode() + "?="


def outlook_ios(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Outlook for iOS (an Outlook.com account): multipart/mixed > multipart/alternative (text, HTML whose
    signature reads « Obtenir Outlook pour iOS » linking aka.ms/o0ukef), boundaries « _00N_<id>_ », every attachment
    with Content-Description, size and dates in its disposition and a Content-ID; photos picked from the phone's
    library are named « image0.jpeg », « image1.jpeg »... (Outlook mobile's own naming), Thread-Topic/Thread-Index,
    X-MS-Has-Attach, Accept-Language fr-FR."""
    text = ("Bonjour,\n\nJe vous envoie notre candidature pour le label Béthune Smart City : le dossier d'intention, "
            "le courrier à Monsieur le Maire et deux photos de l'atelier.\n\nBonne journée,\nNadia Bensaïd\n\n"
            "Obtenir Outlook pour iOS<https://aka.ms/o0ukef>\n")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
            '<div dir="ltr">Bonjour,</div><div dir="ltr"><br></div><div dir="ltr">Je vous envoie notre candidature '
            "pour le label Béthune Smart City : le dossier d'intention, le courrier à Monsieur le Maire et deux "
            'photos de l\'atelier.</div><div dir="ltr"><br></div><div dir="ltr">Bonne journée,</div>'
            '<div dir="ltr">Nadia Bensaïd</div><div id="ms-outlook-mobile-signature"><div dir="ltr"><br></div>'
            'Obtenir <a href="https://aka.ms/o0ukef">Outlook pour iOS</a></div></body></html>')
    outer, alt = "_004_PAXP193MB2145A1B2C3D4E5F6A7B8PAXP193MB2145EURP_", \
        "_000_PAXP193MB2145A1B2C3D4E5F6A7B8PAXP193MB2145EURP_"
    parts = []
    for i, (name, mime, data) in enumerate(files):
        parts.append(f"""--{outer}
Content-Type: {mime}; name="{name}"
Content-Description: {name}
Content-Disposition: attachment; filename="{name}"; size={len(data)};
\tcreation-date="Tue, 01 Dec 2026 07:58:{10 + i:02d} GMT";
\tmodification-date="Tue, 01 Dec 2026 07:58:{10 + i:02d} GMT"
Content-ID: <A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D{i}@EURP193.PROD.OUTLOOK.COM>
Content-Transfer-Encoding: base64

{_b64(data)}
""")
    return _raw(f"""From: Nadia Bensaid <nadia.bensaid@outlook.example>
To: "{to}" <{to}>
Subject: Candidature label =?utf-8?B?{base64.b64encode("Béthune".encode()).decode()}?= Smart City
Thread-Topic: Candidature label =?utf-8?B?{base64.b64encode("Béthune".encode()).decode()}?= Smart City
Thread-Index: AQHbQ2a1xYz0kL7vT0W3c9R4pQ2m8w==
Date: Tue, 1 Dec 2026 07:58:31 +0000
Message-ID: <PAXP193MB2145A1B2C3D4E5F6A7B8@PAXP193MB2145.EURP193.PROD.OUTLOOK.COM>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:
Content-Type: multipart/mixed;
\tboundary="{outer}"
MIME-Version: 1.0

--{outer}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(text.replace(chr(10), chr(13) + chr(10)).encode())}

--{alt}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(html.encode())}

--{alt}--

{"".join(parts)}--{outer}--
""")


_TB_TEXT = ("Bonjour,\n\nVeuillez trouver ci-joints notre dossier d'intention pour le label Béthune Smart City, la "
            "lettre de demande adressée à Monsieur le Maire et deux photos du fab lab.\n\nBien cordialement,\n\n"
            "-- \nThomas Leroy\nTrésorier - Béthune Makers\n")
_TB_FROM = "Thomas Leroy <thomas.leroy@bethune-makers.example>"


def _tb_headers(to: str, content_type: str) -> str:
    return f"""Message-ID: <8c2d4e6f-1a3b-4c5d-9e7f-0a1b2c3d4e5f@bethune-makers.example>
Date: Tue, 1 Dec 2026 09:14:52 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: {to}
From: {_TB_FROM}
Subject: =?UTF-8?Q?Candidature_label_B=C3=A9thune_Smart_City_=E2=80=93_Fab_lab?=
Content-Type: {content_type}
"""


def _tb_inner(boundary: str, files: list[tuple[str, str, bytes]], extra: str = "", protected: bool = False) -> str:
    """Thunderbird's signed entity: multipart/mixed, the text (8bit UTF-8, format=flowed) then the files."""
    from forwardmail import _flowed

    head = f'multipart/mixed; boundary="{boundary}"' + ('; protected-headers="v1"' if protected else "")
    subject = ("Subject: =?UTF-8?Q?Candidature_label_B=C3=A9thune_Smart_City_=E2=80=93_Fab_lab?=\n"
               f"From: {_TB_FROM}\nTo: {{to}}\n" if protected else "")
    return f"""Content-Type: {head}
{subject}
--{boundary}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{_flowed(_TB_TEXT)}
{_tb_parts(boundary, files)}{extra}--{boundary}--
"""


def _certificate():
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Thomas Leroy"),
                      x509.NameAttribute(NameOID.EMAIL_ADDRESS, "thomas.leroy@bethune-makers.example")])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(7)
            .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=730)).sign(key, hashes.SHA256()))
    return cert, key


def thunderbird_smime(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Thunderbird 128 signing with S/MIME (« Signer numériquement », a certificate from the applicant's CA):
    multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256, the signed entity (multipart/mixed:
    the text, the files) then the detached CMS signature, « smime.p7s », « S/MIME Cryptographic Signature » (the
    `cryptography` package's PKCS#7 builder, detached, as OpenSSL and NSS write it)."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    inner = _raw(_tb_inner("------------A1b2C3d4E5f6G7h8I9j0K1l2", files))
    cert, key = _certificate()
    p7s = pkcs7.PKCS7SignatureBuilder().set_data(inner).add_signer(cert, key, hashes.SHA256()).sign(
        serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
    b = "------------ms010203040506070809000102"
    return _raw(_tb_headers(to, f'multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256;\n'
                                f' boundary="{b}"') + f"""
This is a cryptographically signed message in MIME format.

--{b}
{inner.decode()}
--{b}
Content-Type: application/pkcs7-signature; name="smime.p7s"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="smime.p7s"
Content-Description: S/MIME Cryptographic Signature

{_b64(p7s)}

--{b}--
""")


def thunderbird_openpgp(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Thunderbird 128 signing with OpenPGP (« Signer numériquement », « Joindre ma clé publique »): multipart/signed;
    micalg=pgp-sha256; protocol="application/pgp-signature", the signed entity (multipart/mixed; protected-headers="v1",
    its own Subject/From/To, the text, the files, then « OpenPGP_0x….asc », application/pgp-keys, « OpenPGP public
    key »), then « OpenPGP_signature.asc », application/pgp-signature, « OpenPGP digital signature »."""
    key_block = ("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n"
                 + _b64(bytes(range(256)) * 3, 64) + "\n=Xk2q\n-----END PGP PUBLIC KEY BLOCK-----\n")
    key = f"""--------------kL4mN5oP6qR7sT8uV9wX0yZ1
Content-Type: application/pgp-keys; name="OpenPGP_0x5B2C9E1A7D3F4A60.asc"
Content-Disposition: attachment; filename="OpenPGP_0x5B2C9E1A7D3F4A60.asc"
Content-Description: OpenPGP public key
Content-Transfer-Encoding: quoted-printable

{key_block}
"""
    inner = _tb_inner("------------kL4mN5oP6qR7sT8uV9wX0yZ1", files, extra=key, protected=True).replace("{to}", to)
    signature = ("-----BEGIN PGP SIGNATURE-----\n\nwsF5BAABCAAjFiEEW5yeGn0/SmBbLJ4afT9KYAUCZ0w1XAUDAAAAAAAKCRBbLJ4a\n"
                 "fT9KYHx0D/9Vb2s3Jf1kq9Qm2T7x0pL4r8a6c3e1g5i7k9m0o2q4s6u8w0y2A4C6\n=p9Lr\n"
                 "-----END PGP SIGNATURE-----\n")
    b = "------------Zq8rT5vX2yB4dF6hJ8kL0mN1"
    return _raw(_tb_headers(to, f'multipart/signed; micalg=pgp-sha256;\n protocol="application/pgp-signature";\n'
                                f' boundary="{b}"') + f"""
This is an OpenPGP/MIME signed message (RFC 4880 and 3156)
--{b}
{inner}
--{b}
Content-Type: application/pgp-signature; name="OpenPGP_signature.asc"
Content-Description: OpenPGP digital signature
Content-Disposition: attachment; filename="OpenPGP_signature.asc"

{signature}
--{b}--
""")


CALL_LINES = ["La Ville de Béthune lance l'appel à candidatures 2026 du label « Béthune Smart City ».",
              "Associations, entreprises, écoles : vos projets innovants, durables et collaboratifs peuvent être "
              "labellisés.", "Pour candidater, envoyez le dossier d'intention, un courrier officiel adressé à "
              "Monsieur le Maire et des visuels de votre projet à n.bataillon@ville-bethune.fr.",
              "Date limite : 31 janvier 2027."]


def gmail_call_reply(to: str, files: list[tuple[str, str, bytes]], banner: bytes, picture: bytes) -> bytes:
    """Gmail (web) answering the town's call-for-applications mail (sent from the town's Outlook, its banner and a
    photo shown by cid:), the call quoted below « Le lun. 16 nov. 2026 à 10:02, Ville de Béthune <…> a écrit : »:
    Gmail keeps the quoted mail's pictures, inline in a multipart/related (Content-ID <ii_…>, X-Attachment-Id), the
    applicant's files after it in the multipart/mixed. « Re: » and In-Reply-To/References to the call."""
    call = "\n".join(CALL_LINES)
    quoted = "\n".join("> " + line for line in (["[image: bandeau-label-bethune-smart-city.jpg]"] + CALL_LINES
                                                + ["[image: Visuel-laureats-2025.jpg]"]))
    text = ("Bonjour,\n\nSuite à votre appel, voici la candidature de la Ludothèque du Quartier : notre dossier "
            "d'intention et le courrier à Monsieur le Maire.\n\nCordialement,\nAmandine Roussel\n\n"
            f"Le lun. 16 nov. 2026 à 10:02, Ville de Béthune <communication@ville-bethune.fr> a écrit :\n\n{quoted}\n")
    html = ('<div dir="ltr">Bonjour,<div><br></div><div>Suite à votre appel, voici la candidature de la Ludothèque du '
            "Quartier : notre dossier d&#39;intention et le courrier à Monsieur le Maire.</div><div><br></div>"
            '<div>Cordialement,</div><div>Amandine Roussel</div></div><br><div class="gmail_quote"><div dir="ltr" '
            'class="gmail_attr">Le lun. 16 nov. 2026 à 10:02, Ville de Béthune &lt;<a href="mailto:communication@'
            'ville-bethune.fr">communication@ville-bethune.fr</a>&gt; a écrit&nbsp;:<br></div><blockquote '
            'class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);'
            'padding-left:1ex"><div><p><img src="cid:ii_19c2a7b3e4f5a6b7" alt="bandeau-label-bethune-smart-city.jpg" '
            f'width="600"></p><p>{call.replace(chr(10), "</p><p>")}</p><p><img src="cid:ii_19c2a7b3e4f5a6b8" '
            'alt="Visuel-laureats-2025.jpg" width="600"></p></div></blockquote></div>')
    mixed, related, alt = "000000000000d3e4f5a6b7c8d9e0", "000000000000d3e4f5a6b7c8d9df", "000000000000d3e4f5a6b7c8d9de"
    files_part = "".join(f"""--{mixed}
Content-Type: {mime}; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64
X-Attachment-Id: f_m3k2a{i}
Content-ID: <f_m3k2a{i}>

{_b64(data)}
""" for i, (name, mime, data) in enumerate(files))
    return _raw(f"""MIME-Version: 1.0
Date: Tue, 1 Dec 2026 11:20:44 +0100
References: <AM9PR02MB7345E1F2A3B4C5D6@AM9PR02MB7345.eurprd02.prod.outlook.com>
In-Reply-To: <AM9PR02MB7345E1F2A3B4C5D6@AM9PR02MB7345.eurprd02.prod.outlook.com>
Message-ID: <CAF3kQx9ZpYw2Lm7_Vn0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0u@mail.gmail.com>
Subject: Re: {_word(CALL_SUBJECT)}
From: Amandine Roussel <amandine.roussel.ludo@gmail.example>
To: {to}
Content-Type: multipart/mixed; boundary="{mixed}"

--{mixed}
Content-Type: multipart/related; boundary="{related}"

--{related}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--

--{related}
Content-Type: image/jpeg; name="bandeau-label-bethune-smart-city.jpg"
Content-Disposition: inline; filename="bandeau-label-bethune-smart-city.jpg"
Content-Transfer-Encoding: base64
Content-ID: <ii_19c2a7b3e4f5a6b7>
X-Attachment-Id: ii_19c2a7b3e4f5a6b7

{_b64(banner)}
--{related}
Content-Type: image/jpeg; name="Visuel-laureats-2025.jpg"
Content-Disposition: inline; filename="Visuel-laureats-2025.jpg"
Content-Transfer-Encoding: base64
Content-ID: <ii_19c2a7b3e4f5a6b8>
X-Attachment-Id: ii_19c2a7b3e4f5a6b8

{_b64(picture)}
--{related}--
{files_part}--{mixed}--
""")


def _repack(docx: bytes, content_type: str, extra: dict[str, bytes] | None = None, rels: str = "",
            defaults: str = "") -> bytes:
    """A .docx saved again as Word writes another kind: the main part's content type changed in
    [Content_Types].xml, and the parts that kind adds."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                text = data.decode()
                text = re.sub(r'(PartName="/word/document.xml" ContentType=")[^"]+', r"\g<1>" + content_type, text)
                text = text.replace("<Default ", defaults + "<Default ", 1)
                data = text.encode()
            elif info.filename == "word/_rels/document.xml.rels" and rels:
                data = data.decode().replace("</Relationships>", rels + "</Relationships>").encode()
            dst.writestr(info, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def docm(paragraphs: list[str]) -> bytes:
    """A dossier saved by Word as « Document Word prenant en charge les macros (*.docm) »: the main part
    `application/vnd.ms-word.document.macroEnabled.main+xml`, word/vbaProject.bin (an OLE file of macros) and its
    relationship."""
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)  # the OLE file's signature (its streams left empty)
    return _repack(d.docx(paragraphs), "application/vnd.ms-word.document.macroEnabled.main+xml",
                   {"word/vbaProject.bin": vba},
                   rels='<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/'
                        'vbaProject" Target="vbaProject.bin"/>',
                   defaults='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>')


def dotx(paragraphs: list[str]) -> bytes:
    """The town's dossier model filled in and saved still as a Word template (*.dotx): the main part
    `application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml`."""
    return _repack(d.docx(paragraphs),
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml")


def _latin9_qp(text: str) -> str:
    return quopri.encodestring(text.replace("\n", "\r\n").encode("iso-8859-15")).decode()


def claws_latin9(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Claws Mail 4 on Linux in the fr_FR@euro locale: the text in ISO-8859-15, quoted-printable (« € », « œ »,
    which ISO-8859-1 has not: 0xA4, 0xBD), the subject an RFC 2047 word in ISO-8859-15, the files' names in RFC 2231
    ISO-8859-15 (`name*=iso-8859-15''…`, its default), boundary « MP_/… », X-Mailer. The raw message is bytes, not
    UTF-8."""
    text = ("Bonjour,\n\nJe vous transmets la candidature de l'association Cœur de Quartier au label Béthune Smart "
            "City : le dossier d'intention, la lettre à Monsieur le Maire et trois photos de l'œuvre collective.\n"
            "Le budget du projet est de 2 400 € (dont 800 € de matériel).\n\nBien à vous,\nFrançois Lœuillet\n"
            "Cœur de Quartier\n")
    b = "MP_/Zq6lXm8+xAqV9=bZ7b1vHg."
    parts = []
    for name, mime, data in files:
        encoded = quote(name.encode("iso-8859-15"), safe="")
        parts.append(f"--{b}\nContent-Type: {mime}\nContent-Transfer-Encoding: base64\nContent-Disposition: "
                     f"attachment; filename*=iso-8859-15''{encoded}\n\n{_b64(data)}\n")
    subject = quopri.encodestring("Candidature label Béthune Smart City - Cœur de Quartier".encode("iso-8859-15"),
                                  header=True).decode()
    return _raw(f"""Date: Tue, 1 Dec 2026 10:05:17 +0100
From: =?ISO-8859-15?Q?Fran=E7ois_L=BDuillet?= <f.loeuillet@coeur-de-quartier.example>
To: {to}
Subject: =?ISO-8859-15?Q?{subject}?=
Message-ID: <20261201100517.4a2b1c3d@portable-francois>
X-Mailer: Claws Mail 4.1.1 (GTK 3.24.38; x86_64-pc-linux-gnu)
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: text/plain; charset=ISO-8859-15
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_latin9_qp(text)}
{"".join(parts)}--{b}--
""")


def ics_event(summary: str = "Inauguration du jardin partagé") -> bytes:
    """An event saved from the association's calendar (Thunderbird's « Enregistrer sous… »: one VEVENT, no METHOD)."""
    return _raw(f"""BEGIN:VCALENDAR
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
VERSION:2.0
BEGIN:VEVENT
CREATED:20261120T101500Z
LAST-MODIFIED:20261120T101700Z
DTSTAMP:20261120T101700Z
UID:3f9c2a1b-7d4e-4f5a-9b6c-1e2d3c4b5a60
SUMMARY:{summary}
DTSTART;TZID=Europe/Paris:20270116T140000
DTEND;TZID=Europe/Paris:20270116T170000
LOCATION:Jardin du Mont-Liébaut\\, Béthune
END:VEVENT
END:VCALENDAR
""")


def thunderbird_with(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Thunderbird 128, plain text, the files attached (tests/tenthmail.py's layout): used for the .docm, the .dotx
    and the .ics (text/calendar; charset=UTF-8; name=…, an attachment)."""
    return _raw(_tb_headers(to, 'multipart/mixed; boundary="------------Tb9x8W7v6U5t4S3r2Q1p0O9n"') + f"""
This is a multi-part message in MIME format.
{_tb_inner("------------Tb9x8W7v6U5t4S3r2Q1p0O9n", files).split(chr(10), 2)[2]}""")


LONG_SUBJECT = ("Candidature au label « Béthune Smart City » – Association des Habitants du Quartier du Mont-Liébaut "
                "– Projet « Jardins connectés et compostage partagé »")


def long_subject_cut_in_letters(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """A long subject as some mailers fold it (PHP mailers' `mb_encode_mimeheader` misused, older Outlook for Mac):
    Base64 words of a fixed count of bytes, cut wherever that falls, also inside a letter's two UTF-8 bytes (RFC
    2047 §5 forbids it; readers join the words before decoding), each word on its own folded line."""
    raw = LONG_SUBJECT.encode()
    words = [f"=?UTF-8?B?{base64.b64encode(raw[i:i + 40]).decode()}?=" for i in range(0, len(raw), 40)]
    assert any(raw[i] & 0xC0 == 0x80 for i in range(40, len(raw), 40)), "the subject must be cut inside a letter"
    parts = "".join(f"""--b1_7a3c9e2f4d6b8a0c1e3f5a7b9d1c3e5f
Content-Type: {mime}; name="{name}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{name}"

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""Date: Tue, 1 Dec 2026 14:31:09 +0100
To: {to}
From: Habitants du Mont-Liebaut <contact@habitants-mont-liebaut.example>
Subject: {(chr(10) + " ").join(words)}
Message-ID: <7a3c9e2f4d6b8a0c1e3f5a7b9d1c3e5f@habitants-mont-liebaut.example>
X-Mailer: PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1_7a3c9e2f4d6b8a0c1e3f5a7b9d1c3e5f"
Content-Transfer-Encoding: 8bit

This is a multi-part message in MIME format.
--b1_7a3c9e2f4d6b8a0c1e3f5a7b9d1c3e5f
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bonjour,

Vous trouverez ci-joint notre candidature complète au label Béthune Smart City.

L'équipe des Habitants du Mont-Liébaut

{parts}--b1_7a3c9e2f4d6b8a0c1e3f5a7b9d1c3e5f--
""")


def gmail_confidential(to: str) -> bytes:
    """What the town's mailbox receives when an applicant sends in Gmail's confidential mode (« Activer le mode
    confidentiel »): a notice in French from the sender's address, « Amandine Roussel vous a envoyé un e-mail
    confidentiel », a button « Afficher l'e-mail » to confidential-mail.google.com, Google's logo from gstatic, none of
    the text or the files (Google's help, « Envoyer et ouvrir des e-mails en mode confidentiel »)."""
    link = "https://confidential-mail.google.com/v1/AFr4n8Zk2LpQ7wXyM3vT9cB1dE5fG6hJ0kLmN"
    text = (f"Amandine Roussel vous a envoyé un e-mail confidentiel.\n\nAfficher l'e-mail <{link}>\n\n"
            "Les e-mails en mode confidentiel Gmail vous permettent de contrôler plus facilement la manière dont vos "
            "informations sont partagées.\nGoogle LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA\n")
    html = ('<div style="font-family:Roboto,Arial"><img src="https://www.gstatic.com/images/branding/googlelogo/2x/'
            'googlelogo_color_74x24dp.png" width="74" height="24" alt="Google"><p>Amandine Roussel vous a envoyé un '
            f'e-mail confidentiel.</p><p><a href="{link}" style="background:#1a73e8;color:#fff;padding:8px 16px">'
            "Afficher l&#39;e-mail</a></p><p style=\"color:#5f6368\">Les e-mails en mode confidentiel Gmail vous "
            "permettent de contrôler plus facilement la manière dont vos informations sont partagées.</p></div>")
    b = "000000000000a1b2c3d4e5f60718"
    return _raw(f"""MIME-Version: 1.0
Date: Tue, 1 Dec 2026 15:02:11 +0100
Message-ID: <CAF3kQx8confidentialAbCdEf0123456789@mail.gmail.com>
Subject: {_word("Candidature label Béthune Smart City - Ludothèque du Quartier")}
From: Amandine Roussel <amandine.roussel.ludo@gmail.example>
To: {to}
Content-Type: multipart/alternative; boundary="{b}"

--{b}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{b}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{b}--
""")


def markup_letter(lines: list[str] = LETTER_LINES) -> bytes:
    """The letter signed with iPhone « Annoter » (Markup): the PDF rewritten by iOS (Producer « iOS Version 18.1
    (Build 22B83) Quartz PDFContext »), the signature an Ink annotation drawn on the page, with its appearance."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(d.pdf_text(lines))))
    ink = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Ink"),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (300, 600, 460, 660)]),
        NameObject("/InkList"): ArrayObject([ArrayObject([FloatObject(v) for v in
                                                          (305, 620, 340, 655, 380, 610, 420, 650, 455, 615)])]),
        NameObject("/C"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(0)]),
        NameObject("/T"): TextStringObject("Hélène Caron"),
        NameObject("/AAPL:AKExtras"): DictionaryObject({NameObject("/AAPL:AKAnnotationObject"):
                                                        TextStringObject("AKInkAnnotation")})})
    writer.add_annotation(0, ink)
    writer.add_metadata({"/Producer": "iOS Version 18.1 (Build 22B83) Quartz PDFContext",
                         "/Creator": "Mail"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ios_mail(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """iOS Mail (iPhone, French): multipart/mixed, text/plain parts between the files (where the cursor was), each
    PDF `Content-Disposition: inline; filename=…` with `x-unix-mode=0666`, « Envoyé de mon iPhone », boundary
    « Apple-Mail-… », X-Mailer iPhone Mail."""
    b = "Apple-Mail-6A1F0C2E-9B3D-4E5F-8A7B-1C2D3E4F5A6B"
    text = "Bonjour,\n\nVoici notre candidature au label : le dossier, la lettre signée et une photo.\n\n"
    parts = "".join(f"""--{b}
Content-Type: {mime};
\tname="{name}";
\tx-unix-mode=0666
Content-Disposition: inline;
\tfilename="{name}"
Content-Transfer-Encoding: base64

{_b64(data)}
--{b}
Content-Type: text/plain;
\tcharset=us-ascii
Content-Transfer-Encoding: 7bit



""" for name, mime, data in files)
    return _raw(f"""Content-Type: multipart/mixed; boundary={b}
Content-Transfer-Encoding: 7bit
From: =?utf-8?Q?H=C3=A9l=C3=A8ne_Caron?= <helene.caron@amis-du-beffroi.example>
Mime-Version: 1.0 (1.0)
Date: Tue, 1 Dec 2026 16:44:03 +0100
Subject: =?utf-8?Q?Candidature_label_B=C3=A9thune_Smart_City?=
Message-Id: <5C1E2A3B-4D5F-4A6B-8C7D-9E0F1A2B3C4D@amis-du-beffroi.example>
To: {to}
X-Mailer: iPhone Mail (22B83)

--{b}
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
{parts}--{b}
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp("Envoyé de mon iPhone")}
--{b}--
""")



def outlook_call_reply(to: str, files: list[tuple[str, str, bytes]], banner: bytes, picture: bytes) -> bytes:
    """Outlook for Windows (Microsoft 365, French) answering the town's call for applications: « RE: », the call
    quoted below Outlook's header block (« De : … Envoyé : … À : … Objet : », a grey rule above it, no blockquote),
    its pictures kept inline as image001.jpg and image002.jpg (multipart/related, Content-ID « image001.jpg@01DB… »),
    the applicant's files after it; Thread-Index, In-Reply-To and References to the call."""
    call = "\n".join(CALL_LINES)
    text = ("Bonjour,\n\nVeuillez trouver ci-joints le dossier d'intention et le courrier à Monsieur le Maire pour la "
            "candidature de l'Épicerie solidaire du Faubourg.\n\nCordialement,\nSamuel Dufour\n\n"
            "De : Ville de Béthune <communication@ville-bethune.fr>\nEnvoyé : lundi 16 novembre 2026 10:02\n"
            f"À : Samuel Dufour <s.dufour@epicerie-faubourg.example>\nObjet : {CALL_SUBJECT}\n\n"
            f"[cid:image001.jpg@01DB43A2.5C6D7E80]\n{call}\n[cid:image002.jpg@01DB43A2.5C6D7E80]\n")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body lang="FR">'
            '<div class="WordSection1"><p class="MsoNormal">Bonjour,</p><p class="MsoNormal">Veuillez trouver '
            "ci-joints le dossier d'intention et le courrier à Monsieur le Maire pour la candidature de l'Épicerie "
            'solidaire du Faubourg.</p><p class="MsoNormal">Cordialement,<br>Samuel Dufour</p>'
            '<div id="mail-editor-reference-message-container"><div><div style="border:none;border-top:solid #E1E1E1 '
            '1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>De&nbsp;:</b> Ville de Béthune &lt;'
            'communication@ville-bethune.fr&gt;<br><b>Envoyé&nbsp;:</b> lundi 16 novembre 2026 10:02<br>'
            '<b>À&nbsp;:</b> Samuel Dufour &lt;s.dufour@epicerie-faubourg.example&gt;<br><b>Objet&nbsp;:</b> '
            f'{CALL_SUBJECT}</p></div></div><p class="MsoNormal"><img width="600" height="200" id="Image_x0020_1" '
            f'src="cid:image001.jpg@01DB43A2.5C6D7E80"></p><p class="MsoNormal">{call.replace(chr(10), "<br>")}</p>'
            '<p class="MsoNormal"><img width="600" height="450" id="Image_x0020_2" '
            'src="cid:image002.jpg@01DB43A2.5C6D7E80"></p></div></div></body></html>')
    mixed, related, alt = ("_004_DB9PR02MB7345A1B2C3D4E5F6DB9PR02MB7345eurp_", "_003_DB9PR02MB7345A1B2C3D4E5F6DB9PR0"
                           "2MB7345eurp_", "_000_DB9PR02MB7345A1B2C3D4E5F6DB9PR02MB7345eurp_")
    pictures = "".join(f"""--{related}
Content-Type: image/jpeg; name="{name}"
Content-Description: {name}
Content-Disposition: inline; filename="{name}"; size={len(data)};
\tcreation-date="Tue, 01 Dec 2026 10:12:33 GMT";
\tmodification-date="Tue, 01 Dec 2026 10:12:33 GMT"
Content-ID: <{name}@01DB43A2.5C6D7E80>
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, data in (("image001.jpg", banner), ("image002.jpg", picture)))
    attached = "".join(f"""--{mixed}
Content-Type: {mime}; name="{name}"
Content-Description: {name}
Content-Disposition: attachment; filename="{name}"; size={len(data)};
\tcreation-date="Tue, 01 Dec 2026 10:12:40 GMT";
\tmodification-date="Tue, 01 Dec 2026 10:12:40 GMT"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""From: Samuel Dufour <s.dufour@epicerie-faubourg.example>
To: Ville de Bethune <{to}>
Subject: RE: {_word(CALL_SUBJECT)}
Thread-Topic: {_word(CALL_SUBJECT)}
Thread-Index: AQHbQ6JcbX5+gAAAAAAAAAAAAAAAAAAAAAAA
Date: Tue, 1 Dec 2026 10:12:45 +0000
Message-ID: <DB9PR02MB7345A1B2C3D4E5F6@DB9PR02MB7345.eurprd02.prod.outlook.com>
References: <AM9PR02MB7345E1F2A3B4C5D6@AM9PR02MB7345.eurprd02.prod.outlook.com>
In-Reply-To: <AM9PR02MB7345E1F2A3B4C5D6@AM9PR02MB7345.eurprd02.prod.outlook.com>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:
Content-Type: multipart/mixed;
\tboundary="{mixed}"
MIME-Version: 1.0

--{mixed}
Content-Type: multipart/related;
\tboundary="{related}";
\ttype="multipart/alternative"

--{related}
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

{pictures}--{related}--

{attached}--{mixed}--
""")
