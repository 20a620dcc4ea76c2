"""Application mail of an eleventh round, byte for byte (CRLF line ends, as IMAP serves it), beside tests/clientmail.py,
tests/moreclients.py, tests/programmail.py, tests/webmail.py, tests/devicemail.py, tests/servermail.py,
tests/gatewaymail.py, tests/forwardmail.py, tests/ninthmail.py and tests/tenthmail.py: Spark for iOS (a dossier
filled as a PDF form, « Envoyé avec Spark »); the new Outlook for Windows writing To one mailbox and Cc the other, the
letter signed on Yousign (its certificate page after the letter); GMX sending the whole application as one 7z or RAR
archive; Mail Orange sending only links (SwissTransfer and a Google Drive folder; Dropbox files named in their links);
Mailspring with the letter as a Word or Writer file holding only the scan's picture; Thunderbird for Android with the
text in French and in English; Samsung Email answering our acknowledgement with photos stored sideways (EXIF
orientation), « Envoyé depuis mon Galaxy »; Spark thanking us below its signature, our mail quoted; the applicant's
own Exchange answering our acknowledgement « Je suis absente » with its logo; Outlook for Mac answering our reminder
weeks later, our whole mail and its reference quoted; the new Outlook sending the letter later to the other mailbox,
the reference in its subject. A scanned letter signed digitally (PAdES) is tests/documents.py's `pdf_signed`.

The dossiers and letters carry the label's published facts (its themes, criteria, the mayor's address and Nicolas
Bataillon's). The layout of each message is the one its program writes; said on each builder.
Every function returns the raw message.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from email.message import EmailMessage
from urllib.parse import quote

import documents as d
from clientmail import _b64, _qp, _raw
from tenthmail import LETTER_LINES

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

# the dossier d'intention as the town's fillable form: its fields, filled in (the label's category, theme, criteria)
FORM_FIELDS = {"Nom du projet": "Repair Café du Beffroi", "Structure porteuse": "Association Béthune en Transition",
               "Catégorie": "1 - initiative réalisée", "Thématique": "Habitat - Environnement",
               "Sous-thématique": "Déchets",
               "Description": "Un samedi par mois, des bénévoles réparent avec les habitants petit électroménager",
               "Critères": "durable (écologie, solidarité), collaborative (partage, citoyen acteur)",
               "Lieu": "Maison des associations, territoire de la commune de Béthune",
               "Calendrier": "depuis mars 2025", "Budget": "1 500 euros"}
FORM_LINES = ["DOSSIER D'INTENTION - Label Béthune Smart City", "Formulaire à compléter et à renvoyer par courriel",
              "à n.bataillon@ville-bethune.fr ou d.berteloot@ville-bethune.fr"]
YOUSIGN_LINES = ["Certificat de signature électronique", "Yousign SAS - Prestataire de services de confiance qualifié",
                 "Dossier de preuve n° 7f3c2a1e-5b4d-4c6e-9a8f-1e2d3c4b5a69",
                 "Document : Lettre au Maire - label Béthune Smart City.pdf",
                 "Signataire : Hélène Caron, helene.caron@amis-du-beffroi.example",
                 "Signé le 30/11/2026 à 17:42:13 (UTC+01:00), authentification par code SMS",
                 "Signature électronique avancée (PAdES-B-LT), conforme au règlement eIDAS n° 910/2014",
                 "Empreinte SHA-256 : 9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c"]


def form_dossier() -> bytes:
    """The dossier as the town's PDF form (AcroForm), its fields filled in Acrobat Reader."""
    return d.pdf_form(FORM_FIELDS, FORM_LINES)


def yousign_letter() -> bytes:
    """The letter to the mayor signed on Yousign: the letter's page, then the certificate page Yousign adds (the
    signer, the date, PAdES, the proof file's number)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for lines in (LETTER_LINES, YOUSIGN_LINES):
        y = 800
        for line in lines:
            c.drawString(60, y, line)
            y -= 18
        c.showPage()
    c.save()
    return out.getvalue()


def picture_only_docx(picture: bytes) -> bytes:
    """A Word document holding nothing but one picture: the signed letter scanned, pasted in Word and saved as
    .docx (python-docx; word/media/image1.jpeg in a paragraph of its own, no text)."""
    import docx as python_docx
    from docx.shared import Cm

    document = python_docx.Document()
    document.add_picture(io.BytesIO(picture), width=Cm(17))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()



def picture_only_odt(picture: bytes) -> bytes:
    """The same scan pasted in LibreOffice Writer (« Insertion > Image ») and saved as .odt (odfpy: Pictures/…, a
    draw:frame holding the draw:image in a paragraph of its own, no text)."""
    from odf.draw import Frame, Image
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    writer = OpenDocumentText()
    frame = Frame(width="17cm", height="24cm", anchortype="paragraph")
    frame.addElement(Image(href=writer.addPicture("10000001000004D8000006DA.jpg", "image/jpeg", picture)))
    paragraph = P()
    paragraph.addElement(frame)
    writer.text.addElement(paragraph)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

def seven_zip(size: int = 60_000) -> bytes:
    """A 7z archive as 7-Zip writes it: the signature header (« 7z¼¯'\\x1c », version 0.4, the start header's CRC,
    the next header's offset, size and CRC), LZMA-packed streams, then the encoded header. intake never opens it:
    the packed bytes stand for the three files, the header is a kEncodedHeader record."""
    rnd = random.Random(7)
    packed = bytes(rnd.randrange(256) for _ in range(size))
    header = bytes([0x17, 0x06]) + bytes(rnd.randrange(256) for _ in range(40))
    start = struct.pack("<QQI", len(packed), len(header), zlib.crc32(header))
    return b"7z\xbc\xaf\x27\x1c\x00\x04" + struct.pack("<I", zlib.crc32(start)) + start + packed + header


def rar5(size: int = 60_000) -> bytes:
    """A RAR 5 archive as WinRAR writes it: its signature « Rar!\\x1a\\x07\\x01\\x00 », the main archive header, the
    packed files (never opened by intake)."""
    rnd = random.Random(5)
    main = bytes([0x03, 0x01, 0x00])  # size, type 1 (main archive header), flags
    return b"Rar!\x1a\x07\x01\x00" + struct.pack("<I", zlib.crc32(main)) + main + bytes(
        rnd.randrange(256) for _ in range(size))


def galaxy_photo(seed: int) -> bytes:
    """A photo a Samsung Galaxy took upright: its pixels stored sideways (landscape, 4000×3000 cut down here) with
    the EXIF orientation 6 (« rotate 90° clockwise to show »), the maker and the model in EXIF, as the camera writes."""
    from PIL import Image

    image = Image.open(io.BytesIO(d.photo(size=(1200, 1600), seed=seed))).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "samsung", "SM-S921B", 6
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, exif=exif)
    return out.getvalue()


def _sender(ours: EmailMessage) -> str:
    return ours["From"].addresses[0].addr_spec


def _body(ours: EmailMessage) -> str:
    return ours.get_body(("plain",)).get_content().replace("\r\n", "\n")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _word(text: str) -> str:
    return "=?UTF-8?Q?" + "".join("_" if c == " " else c if c.isascii() and c.isalnum() else
                                  "".join(f"={x:02X}" for x in c.encode()) for c in text) + "?="


def _attached(boundary: str, files: list[tuple[str, str, bytes]], extra: str = "") -> str:
    return "".join(f"""--{boundary}
Content-Type: {mime}; name="{_word(n) if not n.isascii() else n}"
Content-Disposition: attachment; filename="{_word(n) if not n.isascii() else n}"{extra}
Content-Transfer-Encoding: base64

{_b64(data)}
""" for n, mime, data in files)


def spark_ios(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Spark (Readdle) for iOS: libetpan's boundaries (« 6571a3f2_2ae8944a_1b3 »), Message-ID and X-Readdle-Message-ID
    « <uuid>@Spark », multipart/mixed > alternative (text quoted-printable, HTML), the signature « Envoyé avec Spark »
    linking to sparkmailapp.com; each file with RFC 2047 words in its names when not ASCII."""
    b, alt = "6571a3f2_2ae8944a_1b3", "6571a3f2_74b0dc51_1b3"
    text = ("Bonjour Monsieur Bataillon,\n\nVous trouverez ci-joint le dossier d'intention de l'association Béthune "
            "en Transition (formulaire rempli), la lettre de demande du label adressée à Monsieur le Maire et deux "
            "photos de notre Repair Café.\n\nBien à vous,\nJulie Marchand\n\nEnvoyé avec Spark\n")
    html = ('<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body><div '
            'name="messageBodySection">'
            '<div dir="auto">Bonjour Monsieur Bataillon,<br /><br />Vous trouverez ci-joint le dossier d’intention de '
            "l’association Béthune en Transition (formulaire rempli), la lettre de demande du label adressée à Monsieur"
            " le Maire et deux photos de notre Repair Café.<br /><br />Bien à vous,<br />Julie Marchand</div></div>"
            '<div name="messageSignatureSection"><br /><div class="matchFont">Envoyé avec <a href="https://'
            'sparkmailapp.com/source?from=signature">Spark</a></div></div></body></html>')
    return _raw(f"""Date: Mon, 30 Nov 2026 10:04:52 +0100
From: Julie Marchand <julie.marchand@bethune-en-transition.example>
To: "{to}" <{to}>
Message-ID: <4b7e2c19-8d3a-4f61-a2c5-9e0b1d7f3a48@Spark>
Subject: Candidature label =?utf-8?Q?B=C3=A9thune_Smart_City_-_Repair_Caf=C3=A9?=
X-Readdle-Message-ID: 4b7e2c19-8d3a-4f61-a2c5-9e0b1d7f3a48@Spark
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(text)}
--{alt}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(html)}
--{alt}--

{_attached(b, files)}--{b}--
""")


def new_outlook(to: str, cc: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """The new Outlook for Windows (« Outlook (new) », the OWA engine: Exchange Online's headers, boundaries
    « _004_<id>EURP_ », HTML « elementToProof » divs), To one mailbox and Cc the other, as the label's page gives both
    addresses; files with size and dates in their Content-Disposition, names RFC 2047 in ISO-8859-1 when not ASCII."""
    text = ("Bonjour,\n\nL'association Les Amis du Beffroi sollicite le label Béthune Smart City. Vous trouverez "
            "ci-joints le dossier d'intention, la lettre au Maire signée électroniquement et des photos.\n\n"
            "Cordialement,\nHélène Caron\nPrésidente\n")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style type="text/css" '
            'style="display:none">P {margin-top:0;margin-bottom:0;}</style></head><body dir="ltr">'
            + "".join(f'<div class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, '
                      f'Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">'
                      f'{_escape(line) or "<br>"}</div>' for line in text.splitlines()) + "</body></html>")
    b, alt = "_004_PAXP193MB2146A1B2C3D4E5F6A7B8C9D0PAXP193MB2146EURP_", \
        "_000_PAXP193MB2146A1B2C3D4E5F6A7B8C9D0PAXP193MB2146EURP_"

    def latin(n: str) -> str:
        return n if n.isascii() else "=?iso-8859-1?Q?" + "".join(
            "_" if c == " " else c if c.isascii() and c.isalnum() or c in ".-" else f"={ord(c):02X}" for c in n) + "?="

    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{latin(n)}"
Content-Description: {latin(n)}
Content-Disposition: attachment; filename="{latin(n)}"; size={len(data)};
\tcreation-date="Mon, 30 Nov 2026 16:58:02 GMT";
\tmodification-date="Mon, 30 Nov 2026 16:58:30 GMT"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for n, mime, data in files)
    return _raw(f"""From: =?iso-8859-1?Q?H=E9l=E8ne_Caron?= <helene.caron@amis-du-beffroi.example>
To: "{to}" <{to}>
CC: "{cc}" <{cc}>
Subject: =?iso-8859-1?Q?Candidature_au_label_B=E9thune_Smart_City_-_Les_Amis_du_Beffroi?=
Thread-Topic: =?iso-8859-1?Q?Candidature_au_label_B=E9thune_Smart_City_-_Les_Amis_du_Beffroi?=
Thread-Index: AQHbY3NldyBPdXRsb29rIGZvciBXaW5kb3dz
Date: Mon, 30 Nov 2026 16:58:31 +0000
Message-ID: <PAXP193MB2146A1B2C3D4E5F6A7B8C9D0@PAXP193MB2146.EURP193.PROD.OUTLOOK.COM>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:{' '}
msip_labels:{' '}
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(text, "latin-1")}
--{alt}
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(html, "latin-1")}
--{alt}--

{parts}--{b}--
""")


def gmx_archive(to: str, name: str, mime: str, data: bytes) -> bytes:
    """GMX (gmx.fr, the webmail of 1&1 Mail & Media): HTML only (« <html><head></head><body><div style="font-family:
    Verdana…"> »), its boundaries « abmob-<uuid> » and its X-Provags-ID / X-UI-Message-Type headers, one archive
    attached (a 7z or RAR the applicant made of the three files), its type as the browser gave it."""
    b = "abmob-3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    html = ('<html><head></head><body><div style="font-family: Verdana;font-size: 12.0px;"><div>Bonjour,</div><div>'
            '&nbsp;</div><div>Veuillez trouver ci-joint notre candidature au label B&eacute;thune Smart City (dossier '
            "d&#39;intention, lettre au Maire et photos), compress&eacute;e car les fichiers sont trop lourds.</div>"
            "<div>&nbsp;</div><div>Cordialement</div><div>Thomas Lefebvre<br>Collectif Jardins du Rivage</div></div>"
            "</body></html>")
    return _raw(f"""MIME-Version: 1.0
Message-ID: <trinity-4f2a1b3c-5d6e-4f7a-8b9c-0d1e2f3a4b5c-1764498532145@3c-app-gmx-bs42>
From: Thomas Lefebvre <t.lefebvre@gmx.example>
To: {to}
Subject: Candidature Label =?UTF-8?Q?B=C3=A9thune_Smart_City?=
Content-Type: multipart/mixed; boundary={b}
Date: Mon, 30 Nov 2026 11:28:52 +0100
Importance: normal
Sensitivity: Normal
X-Priority: 3
X-Provags-ID: V03:K1:Zm9yIHRlc3RzIG9ubHkgLSBnbXggcHJvdmFncyBpZA==
X-UI-Message-Type: mail
UI-OutboundReport: notjunk:1;M01:P0:Q2h2bTNrZXlmb3J0ZXN0cw==

--{b}
Content-Type: text/html; charset=UTF-8

{html}
--{b}
Content-Type: {mime}
Content-Disposition: attachment; filename={name}
Content-Transfer-Encoding: base64

{_b64(data)}
--{b}--
""")


SWISSTRANSFER = "https://www.swisstransfer.com/d/8b1f2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d"
DRIVE_FOLDER = "https://drive.google.com/drive/folders/1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV?usp=sharing"


def orange_links(to: str, links: list[tuple[str, str]]) -> bytes:
    """Mail Orange (the webmail of orange.fr, « X-Mailer: Mail Orange »): no file, only links the applicant pasted
    (SwissTransfer for the big files, a Google Drive folder), each written after its words; text and HTML,
    quoted-printable, the webmail's « wwinf » Message-ID. `links`: (words before the link, link)."""
    text = ("Bonjour,\n\nLes fichiers de notre candidature au label Béthune Smart City sont trop lourds pour être "
            "envoyés par courriel. Vous pouvez les télécharger ici :\n\n"
            + "".join(f"{words} : {link}\n" for words, link in links)
            + "\nCordialement,\nMartine Dupuis\nConseil citoyen du quartier du Mont-Liébaut\n")
    html = ('<html><head></head><body><p style="margin:0">Bonjour,</p><p style="margin:0">&nbsp;</p><p style="margin:'
            '0">Les fichiers de notre candidature au label Béthune Smart City sont trop lourds pour être envoyés par '
            "courriel. Vous pouvez les télécharger ici :</p><p style=\"margin:0\">&nbsp;</p>"
            + "".join(f'<p style="margin:0">{_escape(words)} : <a href="{_escape(link)}" target="_blank" '
                      f'rel="noopener">{_escape(link)}</a></p>' for words, link in links)
            + '<p style="margin:0">&nbsp;</p><p style="margin:0">Cordialement,<br>Martine Dupuis<br>Conseil citoyen du '
              "quartier du Mont-Liébaut</p></body></html>")
    b = "----=_Part_629384_1192837465.1764501234567"
    return _raw(f"""Date: Mon, 30 Nov 2026 12:13:54 +0100 (CET)
From: Martine Dupuis <martine.dupuis62@orange.example>
To: {to}
Message-ID: <1982374655.629385.1764501234568@wwinf2b14.orange.example>
Subject: =?UTF-8?Q?Candidature_label_B=C3=A9thune_Smart_City_=E2=80=93_conseil_citoyen?=
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="{b}"
X-Originating-IP: [90.45.12.78]
X-Mailer: Mail Orange
X-WUM-CATEGORY: Mail Orange
X-WUM-FROM: |~|
X-WUM-TO: |~|
X-WUM-REPLYTO: |~|

--{b}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{b}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{b}--
""")


# Dropbox's « Copier le lien » of a file: www.dropbox.com/scl/fi/<id>/<the file's name, percent-encoded>?rlkey=…&dl=0
# (since 2023; before, www.dropbox.com/s/<id>/<name>?dl=0): the name is in the link itself
DROPBOX_DOSSIER = ("https://www.dropbox.com/scl/fi/7hq2k9x4m1v8c3n6b5z0w/Dossier%20d%27intention%20-%20Conseil%20"
                   "citoyen.pdf?rlkey=4k8m2q9x7v1c3n5b6z0w8j2h4&st=x7k2m9q4&dl=0")
DROPBOX_LETTER = ("https://www.dropbox.com/scl/fi/2m8v4c1x9k3q7n5b0z6w/Lettre%20au%20Maire%20sign%C3%A9e.pdf?rlkey="
                  "9x2k4m7q1v8c3n6b5z0w4h2j8&st=q4k2m7x9&dl=0")
DROPBOX_PHOTOS = "https://www.dropbox.com/scl/fo/5k2m8q1x4v7c9n3b6z0w/AH3kQ2mX9vL4nB1cZ8wD3g?rlkey=1q2w3e4r5t6y7u8i9o0p&dl=0"

def mailspring(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Mailspring (Linux): Message-ID « <uuid>@getmailspring.com », boundaries of 24 hexadecimal digits, the text
    and the HTML it derives, the files with ASCII names as given (it leaves accents to RFC 2231: name*=utf-8''…)."""
    b, alt = "5f0c3a9e2b1d4c6a8e7f9b0c", "6a1d4b0f3c2e5d7b9f8a0c1d"
    text = ("Bonjour,\n\nVoici la candidature du collectif Béthune Numérique Solidaire au label Béthune Smart City : "
            "le dossier d'intention, le courrier signé pour Monsieur le Maire (scanné) et des photos de nos ateliers "
            "d'initiation au numérique à l'EHPAD.\n\nBien cordialement,\nYann Lemaire\n")
    html = ("<p>Bonjour,</p><p>Voici la candidature du collectif Béthune Numérique Solidaire au label Béthune Smart "
            "City : le dossier d’intention, le courrier signé pour Monsieur le Maire (scanné) et des photos de nos "
            "ateliers d’initiation au numérique à l’EHPAD.</p><p>Bien cordialement,<br>Yann Lemaire</p>")

    def name(n: str) -> str:
        return f'name="{n}"' if n.isascii() else f"name*=utf-8''{quote(n.encode(), safe='')}"

    parts = "".join(f"""--{b}
Content-Type: {mime}; {name(n)}
Content-Disposition: attachment; file{name(n)}
Content-Transfer-Encoding: base64

{_b64(data)}
""" for n, mime, data in files)
    return _raw(f"""Content-Type: multipart/mixed; boundary="{b}"
From: Yann Lemaire <yann@bethune-numerique.example>
To: {to}
Subject: =?utf-8?Q?Candidature_label_B=C3=A9thune_Smart_City?=
Date: Mon, 30 Nov 2026 14:07:33 +0100
Message-Id: <9f3e1b2c-4d5a-4e6f-8a7b-0c1d2e3f4a5b@getmailspring.com>
Mime-Version: 1.0
X-Mailer: Mailspring

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--

{parts}--{b}--
""")


BILINGUAL = ("Bonjour,\n\nNous sommes une jeune entreprise installée à la pépinière d'entreprises de Béthune et "
             "souhaitons candidater au label Béthune Smart City pour notre application de covoiturage domicile-travail"
             " (Mobilité - Transports, innovante). Vous trouverez ci-joints le dossier d'intention, la lettre au Maire "
             "et des captures d'écran.\n\nHello,\n\nWe are a start-up based in Béthune's business incubator and would "
             "like to apply for the Béthune Smart City label for our commuter carpooling app. Please find attached "
             "the statement of intent, the letter to the Mayor and screenshots. Our CTO does not speak French: "
             "feel free to answer in English if easier.\n\nCordialement / Best regards,\nAnna Kowalski\n"
             "Co-founder, RideShare62\n")


def thunderbird_android(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Thunderbird for Android (K-9 Mail's successor, 2024): plain text only, the text in French then in English,
    `User-Agent: Thunderbird for Android`, its Message-ID « <…@email.android.com> », each name in RFC 2231 form."""
    b = "----7XK2M9QZ4R1T8B6C3N5W0L7J"
    parts = "".join(f"""--{b}
Content-Type: {mime};
 name*=UTF-8''{quote(n.encode(), safe='')}
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
 filename*=UTF-8''{quote(n.encode(), safe='')}

{_b64(data)}
""" for n, mime, data in files)
    return _raw(f"""MIME-Version: 1.0
Date: Mon, 30 Nov 2026 15:21:07 +0100
From: Anna Kowalski <anna@rideshare62.example>
To: {to}
Subject: =?UTF-8?Q?Candidature_label_B=C3=A9thune_Smart_City_/_Application_for_the_label?=
User-Agent: Thunderbird for Android
Message-ID: <A7C1E3F5-2B4D-4F6A-8C0E-1D3F5A7B9C2E@email.android.com>
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(BILINGUAL)}
{parts}--{b}--
""")


def samsung_reply(ours: EmailMessage, applicant: str, photos: list[tuple[str, bytes]]) -> bytes:
    """Samsung Email (Android) answering our acknowledgement with photos from the Galaxy's gallery (named
    « 20261130_143512.jpg », stored sideways with their EXIF orientation): top-posted, « Envoyé depuis mon Galaxy »,
    our mail under « -------- Message d'origine -------- / De : / Date : / À : / Objet : », HTML alone in a
    multipart/mixed, its boundaries « --_com.samsung.android.email_<digits> »; In-Reply-To and References ours."""
    b = "--_com.samsung.android.email_3418729165512840"
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body dir="auto">'
            '<div dir="auto">Bonjour, voici les photos du Repair Café de samedi.</div><div dir="auto"><br></div>'
            '<div dir="auto">Julie Marchand</div><div dir="auto"><br></div><div dir="auto"><br></div><div dir="auto">'
            '<br></div><div id="composer_signature" dir="auto"><div style="font-size:12px;color:#575757" dir="auto">'
            'Envoyé depuis mon Galaxy</div></div><div dir="auto"><br></div><div><br></div><div align="left" '
            'dir="auto" style="font-size:100%;color:#000000"><div>-------- Message d\'origine --------</div><div>De : '
            f'Mission Smart City &lt;{_sender(ours)}&gt; </div><div>Date : 30/11/2026 10:05 (GMT+01:00) </div><div>À : '
            f'{applicant} </div><div>Objet : {_escape(str(ours["Subject"]))} </div><div><br></div></div>'
            + _escape(_body(ours)).replace("\n", "<br>") + "</body></html>")
    parts = "".join(f"""--{b}
Content-Type: image/jpeg; name="{n}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{n}"

{_b64(data)}

""" for n, data in photos)
    return _raw(f"""Message-ID: <1a2b3c4d5e6f.3418729165512840@email.android.com>
Date: Mon, 30 Nov 2026 19:48:20 +0100
MIME-Version: 1.0
Subject: {_word("RE: " + str(ours["Subject"]))}
In-Reply-To: {ours['Message-ID']}
References: {ours['Message-ID']}
From: Julie Marchand <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Importance: Normal
X-Priority: 3
X-MSMail-Priority: Normal
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: base64

{_b64(html.encode())}

{parts}--{b}--
""")


def exchange_absent_with_logo(ours: EmailMessage, applicant: str, logo: bytes) -> bytes:
    """The applicant's own Exchange (the association's Microsoft 365) answering our acknowledgement with her
    out-of-office message while she is away, written in Outlook with the association's logo in its signature:
    « Réponse automatique : <our subject> », Auto-Submitted: auto-generated (what Exchange Online writes on its
    replies), X-Auto-Response-Suppress, X-MS-Exchange-Inbox-Rules-Loop, HTML with the logo as image001.png in a
    multipart/related (Content-ID « image001.png@01DB4A1B.2C3D4E50 »), the text « Je suis absente ».
    In-Reply-To and References our Message-ID."""
    text = ("Bonjour,\n\nJe suis absente jusqu'au lundi 14 décembre inclus et ne consulterai pas mes messages. Pour "
            "toute question sur notre dossier ou pour nous envoyer des pièces, écrivez à "
            "contact@amis-du-beffroi.example.\n\nCordialement,\nHélène Caron\nPrésidente - Les Amis du Beffroi\n")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>'
            '<div class="WordSection1"><p class="MsoNormal">Bonjour,</p><p class="MsoNormal">Je suis absente '
            "jusqu'au lundi 14 décembre inclus et ne consulterai pas mes messages. Pour toute question sur notre "
            "dossier ou pour nous envoyer des pièces, écrivez à contact@amis-du-beffroi.example.</p><p class="
            '"MsoNormal">Cordialement,<br>Hélène Caron<br>Présidente - Les Amis du Beffroi</p><p class="MsoNormal">'
            '<img width="120" height="60" src="cid:image001.png@01DB4A1B.2C3D4E50" alt="Les Amis du Beffroi"></p>'
            "</div></body></html>")
    rel, alt = "_006_AM9P192MB7788C1D2E3F4A5B6C7D8AM9P192MB7788EURP_", \
        "_000_AM9P192MB7788C1D2E3F4A5B6C7D8AM9P192MB7788EURP_"
    subject = "Réponse automatique : " + str(ours["Subject"])
    return _raw(f"""From: =?iso-8859-1?Q?H=E9l=E8ne_Caron?= <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Subject: {_word(subject)}
Thread-Topic: {_word(str(ours["Subject"]))}
Thread-Index: AQHbY4F1c2VudEFic2VuY2VSZXBseQ==
Date: Mon, 30 Nov 2026 18:51:02 +0000
Message-ID: <AM9P192MB7788C1D2E3F4A5B6C7D8@AM9P192MB7788.EURP192.PROD.OUTLOOK.COM>
References: {ours['Message-ID']}
In-Reply-To: {ours['Message-ID']}
Auto-Submitted: auto-generated
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: {applicant}
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/related;
\tboundary="{rel}";
\ttype="multipart/alternative"
MIME-Version: 1.0

--{rel}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(text, "latin-1")}
--{alt}
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(html, "latin-1")}
--{alt}--

--{rel}
Content-Type: image/png; name="image001.png"
Content-Description: image001.png
Content-Disposition: inline; filename="image001.png"; size={len(logo)};
\tcreation-date="Mon, 30 Nov 2026 18:51:02 GMT";
\tmodification-date="Mon, 30 Nov 2026 18:51:02 GMT"
Content-ID: <image001.png@01DB4A1B.2C3D4E50>
Content-Transfer-Encoding: base64

{_b64(logo)}

--{rel}--
""")


def outlook_mac_late_reply(ours: EmailMessage, applicant: str, files: list[tuple[str, str, bytes]], date: str,
                           answer: str = "Veuillez excuser mon retard : voici enfin la lettre signée par notre "
                                         "présidente.") -> bytes:
    """Outlook for Mac (16.x) answering, weeks later, our reminder (« Relance ») with the missing file: top-posted,
    our whole mail and its reference quoted under Outlook for Mac's « De : / Date : / À : / Objet : » block (its
    date « lundi 7 décembre 2026 à 10:00 »), HTML and text, Thread-Topic/Thread-Index, User-Agent « Microsoft-MacOutlook
    /16.91.24111020 »; In-Reply-To and References our Message-ID. `date`: the Date header (RFC 5322)."""
    text = (f"Bonjour,\n\n{answer}\n\nCordialement,\nMarc Dufour\n\nDe : Mission Smart City <{_sender(ours)}>\n"
            f"Date : lundi 7 décembre 2026 à 10:00\nÀ : Marc Dufour <{applicant}>\nObjet : {ours['Subject']}\n\n"
            f"{_body(ours)}\n")
    html = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" '
            'content="text/html; charset=utf-8"></head><body lang="FR" style="word-wrap:break-word"><div class='
            f'"WordSection1"><p class="MsoNormal">Bonjour,</p><p class="MsoNormal">{_escape(answer)}</p><p class='
            '"MsoNormal">Cordialement,<br>Marc Dufour</p><div id="mail-editor-reference-message-container"><div '
            'style="border:none;border-top:solid #B5C4DF 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal">'
            f'<b>De : </b>Mission Smart City &lt;{_sender(ours)}&gt;<br><b>Date : </b>lundi 7 décembre 2026 à 10:00<br>'
            f'<b>À : </b>Marc Dufour &lt;{applicant}&gt;<br><b>Objet : </b>{_escape(str(ours["Subject"]))}</p></div>'
            f'<p class="MsoNormal">{_escape(_body(ours)).replace(chr(10), "<br>")}</p></div></div></body></html>')
    b, alt = "_004_B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6namprd12prodoutlookcom_", \
        "_000_B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6namprd12prodoutlookcom_"
    return _raw(f"""From: Marc Dufour <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Subject: {_word("Re: " + str(ours["Subject"]))}
Thread-Topic: {_word(str(ours["Subject"]))}
Thread-Index: AQHbZ1JlbGFuY2VSZXBseUxhdGU=
Date: {date}
Message-ID: <B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6@ch-bethune.example>
References: {ours['Message-ID']}
In-Reply-To: {ours['Message-ID']}
User-Agent: Microsoft-MacOutlook/16.91.24111020
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
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

{_attached(b, files)}--{b}--
""")



def spark_reply(ours: EmailMessage, applicant: str, answer: str = "Merci beaucoup pour votre retour rapide !"
                ) -> bytes:
    """Spark for iOS answering our acknowledgement: the answer, « Envoyé avec Spark », then « Le 30 nov. 2026 à
    10:05 +0100, Mission Smart City <…>, a écrit : » and our mail quoted « > » in the text, in a
    <blockquote type="cite"> in the HTML; In-Reply-To and References our Message-ID."""
    b = "6571b0c4_5e884adc_1b3"
    head = f"Le 30 nov. 2026 à 10:05 +0100, Mission Smart City <{_sender(ours)}>, a écrit :"
    text = (f"{answer}\n\nJulie\n\nEnvoyé avec Spark\n{head}\n"
            + "\n".join("> " + line for line in _body(ours).splitlines()) + "\n")
    html = ('<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body><div '
            f'name="messageBodySection"><div dir="auto">{_escape(answer)}<br /><br />Julie</div></div><div '
            'name="messageSignatureSection"><br /><div class="matchFont">Envoyé avec <a href="https://sparkmailapp.com/'
            f'source?from=signature">Spark</a></div></div><div name="messageReplySection">{_escape(head)}<br />'
            f'<blockquote type="cite" class="spark_quote" style="margin: 5px 5px; padding-left: 10px; border-left: '
            f'thin solid #1abc9c;">{_escape(_body(ours)).replace(chr(10), "<br />")}</blockquote></div></body></html>')
    return _raw(f"""Date: Mon, 30 Nov 2026 10:12:31 +0100
From: Julie Marchand <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Message-ID: <7c2d4e6f-1a3b-4c5d-9e8f-0a1b2c3d4e5f@Spark>
In-Reply-To: {ours['Message-ID']}
References: {ours['Message-ID']}
Subject: {_word("Re: " + str(ours["Subject"]))}
X-Readdle-Message-ID: 7c2d4e6f-1a3b-4c5d-9e8f-0a1b2c3d4e5f@Spark
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="{b}"

--{b}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(text)}
--{b}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(html)}
--{b}--
""")


def new_outlook_followup(to: str, reference: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """The new Outlook for Windows again, a new mail (no In-Reply-To: not an answer) to the other mailbox of the
    label's page, the case's reference typed in the subject as our acknowledgement asked (« BSC-2026-0001 »), the
    signed letter attached."""
    raw = new_outlook(to, to, files).decode()
    raw = raw.replace(f'CC: "{to}" <{to}>\r\n', "")
    subject = _word(f"Lettre signée - dossier {reference}")
    raw = raw.replace("=?iso-8859-1?Q?Candidature_au_label_B=E9thune_Smart_City_-_Les_Amis_du_Beffroi?=", subject)
    raw = raw.replace("PAXP193MB2146A1B2C3D4E5F6A7B8C9D0@", "PAXP193MB2146A1B2C3D4E5F6A7B8C9D1@")
    raw = raw.replace("Date: Mon, 30 Nov 2026 16:58:31 +0000", "Date: Mon, 30 Nov 2026 20:14:09 +0000")
    return raw.encode()
