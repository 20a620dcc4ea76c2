"""Application mail from webmails and phone apps not covered by tests/clientmail.py and tests/programmail.py, byte
for byte (CRLF line ends, as IMAP serves it). The files inside are the test corpus's (tests/documents.py).

Where each layout comes from is said on each builder.
"""

from __future__ import annotations

import quopri
from email.message import EmailMessage
from urllib.parse import quote

import documents as d
from clientmail import _b64, _raw


def _pdf_part(boundary: str, headers: str, data: bytes) -> str:
    return f"--{boundary}\nContent-Type: application/pdf{headers}\nContent-Transfer-Encoding: base64\n\n{_b64(data)}\n"


def mislabelled_latin1(to: str) -> bytes:
    """A webmail that declares ISO-8859-1 and writes UTF-8 bytes: in the RFC 2047 words of the subject, of the
    sender's name and of a file name, in an RFC 2231 file name (`filename*=iso-8859-1''...%C3%A9...`) and in the
    text. It is what PHP mailers write when `mb_encode_mimeheader`/`rawurlencode` are handed UTF-8 text with the
    charset left at its ISO-8859-1 default (hosted association sites, older self-hosted webmails), and what a
    webmail whose « encodage par défaut » is set to ISO-8859-1 sends for text pasted from a UTF-8 page: mail
    readers show « BÃ©thune » where it should say « Béthune ». (Layout: the headers of such mail as shown by
    « Afficher la source » in Thunderbird; PHP's manual on mb_internal_encoding and mb_encode_mimeheader.)"""
    b = "=_5c1e7a2b9d3f4e6a8b0c2d4e6f8a0b1c"
    photo = d.photo()
    return _raw(f"""Return-Path: <helene.durand@sfr.example>
From: =?iso-8859-1?Q?H=C3=A9l=C3=A8ne_Durand?= <helene.durand@sfr.example>
To: {to}
Subject: =?iso-8859-1?Q?Candidature_label_B=C3=A9thune_Smart_City?=
Date: Mon, 30 Nov 2026 10:12:45 +0100
Message-ID: <20261130091245.5c1e7a2b9d3f@sfr.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Bonjour,

Veuillez trouver ci-joint notre candidature au label B=C3=A9thune Smart City :=
 le dossier, la lettre sign=C3=A9e et une photo.

H=C3=A9l=C3=A8ne Durand
{_pdf_part(b, '''; name="Dossier d'intention.pdf"
Content-Disposition: attachment;
 filename*=iso-8859-1''Dossier%20d%27intention%20Jardins%20partag%C3%A9s.pdf''', d.pdf_text(d.DOSSIER_LINES))}\
{_pdf_part(b, '''; name="=?iso-8859-1?Q?Lettre_sign=C3=A9e_au_Maire.pdf?="
Content-Disposition: attachment; filename="=?iso-8859-1?Q?Lettre_sign=C3=A9e_au_Maire.pdf?="''',
           d.pdf_text(d.LETTER_LINES))}\
--{b}
Content-Type: image/jpeg; name="photo.jpg"
Content-Disposition: attachment; filename*=ISO-8859-1''{quote('Photo été.jpg'.encode())}
Content-Transfer-Encoding: base64

{_b64(photo)}
--{b}--
""")


def phone_scan(to: str, stamp: str = "Numérisé avec CamScanner") -> bytes:
    """Gmail for Android sending the dossier and the signed letter scanned with a phone scanner app: two pages, each
    a picture, with the app's line of text stamped at the bottom (CamScanner's free version stamps « Numérisé avec
    CamScanner » / « Scanned with CamScanner »); the file named by the app after the date only (« CamScanner
    28-11-2026 10.12.pdf »). (Layout: Gmail's « Afficher l'original »; the scan as such apps save it.)"""
    b = "000000000000c4d5e6f7a8b9c0d10002"
    dossier = _pdf_part(b, '; name="Dossier intention.pdf"\nContent-Disposition: attachment; filename="Dossier '
                           'intention.pdf"\nX-Attachment-Id: f_m4scan0', d.pdf_text(d.DOSSIER_LINES))
    letter = _pdf_part(b, '; name="CamScanner 28-11-2026 10.12.pdf"\nContent-Disposition: attachment; filename="'
                          'CamScanner 28-11-2026 10.12.pdf"\nX-Attachment-Id: f_m4scan1',
                       d.stamped_scan_pdf(d.LETTER_LINES, stamp))
    return _raw(f"""MIME-Version: 1.0
From: Jeanne Roux <jeanne.roux@gmail.example>
Date: Mon, 30 Nov 2026 10:12:45 +0100
Message-ID: <CAHscan0K2m9Q4xNumerise@mail.gmail.com>
Subject: Candidature label
To: {to}
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Bonjour, voici le dossier et la lettre sign=C3=A9e, scann=C3=A9e.
{dossier}{letter}--{b}--
""")


def mislabelled_utf8(to: str) -> bytes:
    """The other way round: UTF-8 declared, Windows-1252 bytes written, in the RFC 2047 words of the subject, of the
    sender's name and of a file name, and in an RFC 2231 name (`filename*=utf-8''...%E9...`): a sender program that
    declares UTF-8 everywhere and copies a name as it found it, in the bytes of a Windows disk or of an old address
    book. Those words are not UTF-8: the stdlib gave up on them and the raw word stayed (« =?utf-8?Q?Lettre_sign=E9e
    _au_Maire.pdf?= »), or each byte became « � ». (Layout: RFC 2047 and RFC 2231 as such programs write them.)"""
    b = "=_2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a1c"
    return _raw(f"""From: =?utf-8?Q?H=E9l=E8ne_Durand?= <helene.durand@club-internet.example>
To: {to}
Subject: =?utf-8?Q?Candidature_label_B=E9thune_Smart_City?=
Date: Mon, 30 Nov 2026 10:12:45 +0100
Message-ID: <20261130101245.2d4f6a8c@club-internet.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

Bonjour, voici notre candidature au label.
{_pdf_part(b, '''; name="Dossier.pdf"
Content-Disposition: attachment; filename*=utf-8''Dossier%20d%27intention%20partag%E9.pdf''',
           d.pdf_text(d.DOSSIER_LINES))}\
{_pdf_part(b, '''; name="=?utf-8?Q?Lettre_sign=E9e_au_Maire.pdf?="
Content-Disposition: attachment; filename="=?utf-8?Q?Lettre_sign=E9e_au_Maire.pdf?="''', d.pdf_text(d.LETTER_LINES))}\
--{b}--
""")


# Words of the label's criteria and themes (/work/shared/label.md) as an applicant writes them in a cover mail
COVER_TEXT = ("Bonjour,\n\nVeuillez trouver ci-joint la candidature de l’association « Jardins partagés de "
              "Béthune » au label Béthune Smart City.\nNotre action est durable (écologie, solidarité) et innovante "
              "(créativité, réplicabilité) ; elle relève du thème Habitat – Environnement.\n\n"
              "Hélène Durand, présidente\n")


def windows_1252_declared_utf8(to: str, html: bool = False) -> bytes:
    """A cover mail declared UTF-8 (8bit) whose text is written in Windows-1252: what an old PHP mailer writes
    (`Content-Type: text/plain; charset=UTF-8` in its headers, the text taken from a form or file saved in
    « ANSI »), and what Outlook's « Encodage automatique » profiles and a mail gateway that rewrites the headers to
    add a disclaimer send. mail-parser read each accented letter as U+FFFD (or dropped it): « B�thune »,
    « �cologie ». `html`: an HTML part too (multipart/alternative), its <meta> saying windows-1252 and its
    header UTF-8, as such programs write it. (Layout: « Afficher la source » of such mail in Thunderbird.)"""
    b, alt = "=_b7d1e3f5a7c9e1b3d5f7a9c1e3b5d7f9", "=_alt_b7d1e3f5a7c9"
    text = COVER_TEXT.replace("\n", "\r\n").encode("cp1252")
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body>'
            + "".join(f"<p>{line}</p>" for line in COVER_TEXT.splitlines() if line) + "</body></html>")
    body = (f"Content-Type: multipart/alternative; boundary=\"{alt}\"\r\n\r\n--{alt}\r\n".encode()
            + b"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text
            + f"\r\n--{alt}\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit"
              "\r\n\r\n".encode() + page.encode("cp1252") + f"\r\n--{alt}--\r\n".encode()) if html else (
        b"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text)
    head = _raw(f"""From: =?UTF-8?Q?H=C3=A9l=C3=A8ne_Durand?= <helene.durand@jardins-bethune.example>
To: {to}
Subject: Candidature au label Smart City
Date: Mon, 30 Nov 2026 10:12:45 +0100
Message-ID: <5f3c9a1e7b2d4@jardins-bethune.example>
X-Mailer: PHPMailer 5.2.9 (https://github.com/PHPMailer/PHPMailer/)
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
""")
    dossier = _pdf_part(b, '; name="Dossier intention.pdf"\nContent-Disposition: attachment; filename="Dossier '
                           'intention.pdf"', d.pdf_text(d.DOSSIER_LINES))
    letter = _pdf_part(b, '; name="Lettre Maire.pdf"\nContent-Disposition: attachment; filename="Lettre Maire.pdf"',
                       d.pdf_text(d.LETTER_LINES))
    files = _raw(f"""
{dossier}{letter}--{b}
Content-Type: image/jpeg; name="photo.jpg"
Content-Disposition: attachment; filename="photo.jpg"
Content-Transfer-Encoding: base64

{_b64(d.photo())}
--{b}--
""")
    return head + body + files


def gmail_google_doc(to: str) -> bytes:
    """Gmail (web or app) with the dossier written in Google Docs, inserted with « Insérer des fichiers à l'aide de
    Drive »: a chip whose link is to docs.google.com/document/… (Google's own documents are no files: no extension
    in the chip's name, « Dossier d'intention - Jardins partagés »), the signed letter attached. (Layout: the chip of
    tests/programmail.py `gmail_big_file`, with the link Gmail writes for a Google Docs document.)"""
    import programmail as pm

    return pm.gmail_big_file(to, name="Dossier d'intention - Jardins partagés",
                             url="https://docs.google.com/document/d/1QxZ7kLmN0pQrStUvWxYz12345AbCdEfGhIjKlMn/edit"
                                 "?usp=drive_web")


LETTER_IN_BODY = ("Monsieur le Maire,\n\nJ'ai l'honneur de solliciter le label « Béthune Smart City » pour l'action de "
                  "notre association, dont vous trouverez le dossier d'intention ci-joint ainsi que des photos.\n\nJe "
                  "vous prie d'agréer, Monsieur le Maire, l'expression de mes salutations respectueuses.\n\nGérard "
                  "Pétillon\nPrésident du club des aînés du Pont-des-Dames\n")


def laposte_letter_in_body(to: str) -> bytes:
    """laposte.net's webmail (Open-Xchange App Suite, as Orange's: JavaMail's « ----=_Part_N_M.T » boundaries,
    « X-Mailer: Open-Xchange Mailer », an ISO-8859-1 quoted-printable text part, names in ISO-8859-1 RFC 2047 words,
    a camera's photo named P1010234.JPG unquoted), from a retired applicant who wrote his letter to the mayor in the
    mail itself and attached the dossier and a photo: what a clerk reads as the letter, unsigned, not a file. (Made
    for this test from the layout of the Open-Xchange mails in tests/clientmail.py orange_webmail and
    tests/devicemail.py; the text is the project's own.)"""
    boundary = "----=_Part_123456_789012345.1764513000000"
    return _raw(f"""Date: Mon, 30 Nov 2026 16:30:00 +0100 (CET)
From: =?ISO-8859-1?Q?G=E9rard_P=E9tillon?= <gerard.petillon@laposte.example>
To: {to}
Message-ID: <1876543210.123456.1764513000000.JavaMail.open-xchange@laposte.example>
Subject: =?ISO-8859-1?Q?Demande_de_label_B=E9thune_Smart_City?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{boundary}"
X-Priority: 3
Importance: Medium
X-Mailer: Open-Xchange Mailer v7.10.6-Rev60

--{boundary}
Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: quoted-printable

{quopri.encodestring(LETTER_IN_BODY.encode("latin-1")).decode()}
--{boundary}
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;{" "}
 name="=?ISO-8859-1?Q?dossier_d'intention_club_a=EEn=E9s.docx?="
Content-Transfer-Encoding: base64
Content-Disposition: attachment;{" "}
 filename="=?ISO-8859-1?Q?dossier_d'intention_club_a=EEn=E9s.docx?="

{_b64(d.docx(d.DOSSIER_LINES))}
--{boundary}
Content-Type: image/jpeg; name=P1010234.JPG
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename=P1010234.JPG

{_b64(d.photo(seed=41))}
--{boundary}--
""")


DOSSIER_PAGE_1 = ["DOSSIER D'INTENTION", "Label Béthune Smart City", "Nom du projet : Jardin partagé",
                  "Porteur du projet :", "Julie Martin", "Catégorie 1 : action réalisée", "Thématique : Habitat"]
DOSSIER_PAGE_2 = ["2. Présentation de l'action", "Depuis le printemps, une dizaine", "de familles cultivent ensemble",
                  "une parcelle prêtée par le", "bailleur social. Les récoltes", "sont partagées entre voisins.",
                  "Une fête a lieu en septembre."]
SHORT_LETTER = ["Monsieur le Maire,", "J'ai l'honneur de solliciter", "le label Béthune Smart City",
                "pour notre action.", "Je vous prie d'agréer, Monsieur", "le Maire, mes salutations",
                "distinguées.", "", "Julie Martin"]


def iphone_photographed_pages(to: str) -> bytes:
    """iPhone Mail (iOS 18) from an applicant without a scanner: the two pages of the dossier and the signed letter
    photographed on a table, each an HEIC from the Photos app attached inline with its name (« Content-Disposition:
    inline; filename=IMG_5001.HEIC », x-unix-mode, boundary « Apple-Mail-<UUID> »), the text, then « Envoyé de mon
    iPhone » in a text part of its own after the files, as iOS Mail lays it out (tests/clientmail.py apple_mail,
    tests/servermail.py iphone_reply). No photo of the action. (Made for this test; the text is the project's own.)"""
    boundary = "Apple-Mail-ABABABAB-2222-3333-4444-555555555555"
    files = [("IMG_5001.HEIC", d.heic(d.photographed_page(DOSSIER_PAGE_1))),
             ("IMG_5002.HEIC", d.heic(d.photographed_page(DOSSIER_PAGE_2))),
             ("IMG_5003.HEIC", d.heic(d.photographed_page(SHORT_LETTER)))]
    parts = "".join(f"--{boundary}\nContent-Disposition: inline;\n\tfilename={name}\nContent-Type: image/heic;\n"
                    f"\tx-unix-mode=0666;\n\tname=\"{name}\"\nContent-Transfer-Encoding: base64\n\n{_b64(data)}\n"
                    for name, data in files)
    return _raw(f"""Content-Type: multipart/mixed; boundary={boundary}
Content-Transfer-Encoding: 7bit
From: Julie Martin <julie.martin@icloud.example>
Mime-Version: 1.0 (1.0)
Date: Mon, 30 Nov 2026 11:02:17 +0100
Subject: Candidature label
Message-Id: <5F1B2C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D@icloud.example>
To: {to}
X-Mailer: iPhone Mail (22B91)

--{boundary}
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: 7bit

Bonjour, voici les photos de mon dossier et de ma lettre. Je n'ai pas de scanner.


{parts}--{boundary}
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable



Envoy=C3=A9 de mon iPhone
--{boundary}--
""")


def laposte_reply_letter_in_text(ours: EmailMessage, applicant: str) -> bytes:
    """laposte.net's webmail (Open-Xchange) answering our acknowledgement with the letter typed in the answer, no
    file: « Re: » and the subject kept, In-Reply-To / References, the text in ISO-8859-1 quoted-printable above our
    mail quoted with « > » under Open-Xchange's « … a écrit : » line. (Made for this test from the layout of
    laposte_letter_in_body.)"""
    boundary = "----=_Part_123457_789012346.1764520000000"
    ours_from = ours["From"].addresses[0].addr_spec
    quoted = "\n".join("> " + line for line in ours.get_body(("plain",)).get_content().splitlines())
    text = (f"Monsieur le Maire,\n\nJ'ai l'honneur de solliciter le label « Béthune Smart City » pour le club des "
            f"aînés du Pont-des-Dames.\n\nJe vous prie d'agréer, Monsieur le Maire, l'expression de mes salutations "
            f"respectueuses.\n\nGérard Pétillon\n\n> Le 30/11/2026 16:31, {ours_from} a écrit :\n{quoted}\n")
    return _raw(f"""Date: Mon, 30 Nov 2026 18:00:00 +0100 (CET)
From: =?ISO-8859-1?Q?G=E9rard_P=E9tillon?= <{applicant}>
To: {ours_from}
Message-ID: <1876543299.123457.1764520000000.JavaMail.open-xchange@laposte.example>
In-Reply-To: {ours["Message-ID"]}
References: {ours["Message-ID"]}
Subject: Re: {ours["Subject"]}
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="{boundary}"
X-Mailer: Open-Xchange Mailer v7.10.6-Rev60

--{boundary}
Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: quoted-printable

{quopri.encodestring(text.encode("latin-1", "replace")).decode()}
--{boundary}--
""")
