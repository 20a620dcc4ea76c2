"""Application mail from the programs and devices of a fifth round, byte for byte (CRLF line ends, as IMAP serves
it), beside tests/clientmail.py, tests/programmail.py and tests/forwardmail.py: an office copier's « scan to email »
(Konica Minolta bizhub, Xerox, Ricoh), HCL Notes, eM Client, K-9 Mail / Thunderbird for Android (RFC 2231 names in
continuations), Outlook for Mac (a Word for Mac dossier, file names in NFD), the Windows Mail app, webmails of
laposte.net (Open-Xchange) and Free (Zimbra), a colleague forwarding the applicant's mail as an attachment.

The headers and MIME structure are those these programs write, as seen in their « afficher la source » views and in
the bug reports of mail parsers that met them (said on each builder). Every function returns the raw message.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from clientmail import _b64, _qp, _raw


def _rfc2231_continued(param: str, name: str, width: int = 60) -> str:
    """`param*0*=utf-8''…; param*1*=…`: a long or non-ASCII name cut into percent-encoded continuations, as
    Thunderbird, K-9 Mail and Open-Xchange write it (RFC 2231 §3 and §4), each on its own folded line."""
    encoded = quote(name.encode(), safe="")
    chunks, i = [], 0
    while i < len(encoded):
        end = min(i + width, len(encoded))
        while end < len(encoded) and "%" in encoded[end - 2:end]:  # never cut inside a %XX
            end -= 1
        chunks.append(encoded[i:end])
        i = end
    return ";".join(f"\n {param}*{n}*={'utf-8' + chr(39) * 2 if n == 0 else ''}{c}" for n, c in enumerate(chunks))


def konica_scan(to: str, pdf: bytes, sender: str = "scanner@asso-quartier.example",
                name: str = "SKM_C300i26113010110.pdf") -> bytes:
    """A Konica Minolta bizhub C300i's « Scan to E-mail »: From the copier's own address, « Message from KM_C300i »,
    its fixed boundary KONICA_MINOLTA_Internet_Fax_Boundary, an empty text part, the PDF named SKM_<model><date>."""
    return _raw(f"""Date: Mon, 30 Nov 2026 10:11:02 +0100
From: <{sender}>
To: <{to}>
Subject: Message from KM_C300i
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="KONICA_MINOLTA_Internet_Fax_Boundary"
Content-Transfer-Encoding: 7bit
Message-ID: <KM_C300i.20261130101102.0001@asso-quartier.example>

--KONICA_MINOLTA_Internet_Fax_Boundary
Content-Type: text/plain; charset="US-ASCII"
Content-Transfer-Encoding: 7bit


--KONICA_MINOLTA_Internet_Fax_Boundary
Content-Type: application/pdf; name="{name}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{name}"

{_b64(pdf)}

--KONICA_MINOLTA_Internet_Fax_Boundary--
""")


def xerox_scan(to: str, pdf: bytes, sender: str = "xerox@mairie-annezin.example") -> bytes:
    """A Xerox AltaLink / WorkCentre's « E-mail » scan: « Scan from a Xerox AltaLink », its English boilerplate body
    naming the device, the file img-<date>.pdf. No Auto-Submitted header, none of Microsoft's either."""
    body = ("Please open the attached document. It was scanned and sent to you using a Xerox AltaLink.\n\n"
            "Number of Images: 3\nAttachment File Type: PDF\n\nDevice Name: XRX9C934E5A1B2C\n"
            "Device Location: Accueil mairie\n\nFor more information on Xerox products and solutions, please visit "
            "http://www.xerox.com\n")
    return _raw(f"""From: "Xerox AltaLink" <{sender}>
To: {to}
Subject: Scan from a Xerox AltaLink
Date: Mon, 30 Nov 2026 10:24:51 +0100
Message-ID: <1764494691.0.XRX9C934E5A1B2C@mairie-annezin.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XeroxBoundary_0000017e_0000_0001"

This is a multi-part message in MIME format.

--XeroxBoundary_0000017e_0000_0001
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 7bit

{body}
--XeroxBoundary_0000017e_0000_0001
Content-Type: application/pdf
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="img-Z30102451-0001.pdf"

{_b64(pdf)}
--XeroxBoundary_0000017e_0000_0001--
""")


def ricoh_scan(to: str, pdf: bytes, sender: str = "ricoh-mpc3004@asso-quartier.example") -> bytes:
    """A Ricoh MP C3004's « Scan to E-mail » from the address the admin named after the device: « Scan Data from »
    its host name (RNP and its MAC address), its one-line English body naming the device and the model, the PDF named
    by the scan's date and time to the millisecond (YYYYMMDDhhmmssmmm.pdf). No Auto-Submitted header."""
    return _raw(f"""From: <{sender}>
To: <{to}>
Subject: Scan Data from RNP00267398A1B2
Date: Mon, 30 Nov 2026 10:11:02 +0100
MIME-Version: 1.0
Message-ID: <20261130101102.RNP00267398A1B2@asso-quartier.example>
Content-Type: multipart/mixed; boundary="_ScannedImageBoundary"

--_ScannedImageBoundary
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

This E-mail was sent from "RNP00267398A1B2" (MP C3004).

Scan Date: 11.30.2026 10:11:02 (+0100)
Queries to: accueil@asso-quartier.example

--_ScannedImageBoundary
Content-Type: application/pdf; name="20261130101102385.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="20261130101102385.pdf"

{_b64(pdf)}
--_ScannedImageBoundary--
""")


def notes(to: str, files: list[tuple[str, bytes]]) -> bytes:
    """HCL Notes 12 (a company's or a hospital's Domino): multipart/mixed with Notes' own boundaries
    (« =_mixed 0050D2F1C1258C7A_= »), the body as multipart/alternative (« =_alternative … ») of text and HTML in
    ISO-8859-1 quoted-printable, each file application/octet-stream whatever it is, its name plain in both name= and
    filename= (Notes sends the name as the file had it, non-ASCII as an ISO-8859-1 RFC 2047 word)."""
    text = ("Bonjour,\n\nVeuillez trouver ci-joint la candidature du centre hospitalier au label Béthune Smart City "
            "(dossier d'intention et courrier à Monsieur le Maire).\n\nCordialement\n\nMarc Dufour\nDirection des "
            "systèmes d'information\n")
    html = ('<font size=2 face="sans-serif">Bonjour,</font><br><br><font size=2 face="sans-serif">Veuillez trouver '
            'ci-joint la candidature du centre hospitalier au label Béthune Smart City (dossier d\'intention et '
            'courrier à Monsieur le Maire).</font><br><br><font size=2 face="sans-serif">Cordialement</font><br><br>'
            '<font size=2 face="sans-serif">Marc Dufour<br>Direction des systèmes d\'information</font>')
    parts = []
    for name, data in files:
        word = name if name.isascii() else \
            "=?ISO-8859-1?Q?" + "".join("_" if c == " " else c if c.isalnum() and c.isascii() or c in ".-" else
                                        f"={ord(c):02X}" for c in name.replace("’", "'")) + "?="
        parts.append(f"""--=_mixed 0050D2F1C1258C7A_=
Content-Type: application/octet-stream; name="{word}"
Content-Disposition: attachment; filename="{word}"
Content-Transfer-Encoding: base64

{_b64(data)}
""")
    return _raw(f"""MIME-Version: 1.0
Sensitivity:{' '}
Subject: =?ISO-8859-1?Q?Candidature_label_B=E9thune_Smart_City?=
To: {to}
From: "Marc Dufour" <marc.dufour@ch-bethune.example>
Message-ID: <OF5A2B3C4D.6E7F8091-ONC1258C7A.0050D2F1-C1258C7A.0051A3B4@ch-bethune.example>
Date: Mon, 30 Nov 2026 15:49:12 +0100
X-Mailer: HCL Notes Release 12.0.2FP2 March 21, 2023
X-MIMETrack: Serialize by Router on DOMINO01/CHB(Release 12.0.2FP2|March 21, 2023) at 30/11/2026 15:49:13,
\tSerialize complete at 30/11/2026 15:49:13
X-KeepSent: 5A2B3C4D:6E7F8091-C1258C7A:0050D2F1; type=4; name=$KeepSent
Content-Type: multipart/mixed; boundary="=_mixed 0050D2F1C1258C7A_="

This is a multipart message in MIME format.
--=_mixed 0050D2F1C1258C7A_=
Content-Type: multipart/alternative; boundary="=_alternative 0050D2F1C1258C7A_="


--=_alternative 0050D2F1C1258C7A_=
Content-Type: text/plain; charset="ISO-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(text, 'latin-1')}
--=_alternative 0050D2F1C1258C7A_=
Content-Type: text/html; charset="ISO-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(html, 'latin-1')}
--=_alternative 0050D2F1C1258C7A_=--
{''.join(parts)}--=_mixed 0050D2F1C1258C7A_=--
""")


def k9(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """K-9 Mail / Thunderbird for Android: plain text, « Envoyé depuis mon appareil Android avec K-9 Mail »,
    boundaries « ----<random> », each file's name an RFC 2231 parameter in both headers, cut into percent-encoded
    continuations (name*0*=utf-8''…; name*1*=…) when long or not ASCII, no plain name= beside it."""
    parts = []
    for name, mime, data in files:
        simple = name.isascii() and len(name) < 60 and " " not in name
        ctype = f'name="{name}"' if simple else _rfc2231_continued("name", name).lstrip()
        disp = f'filename="{name}"' if simple else _rfc2231_continued("filename", name).lstrip()
        parts.append(f"""------S0K3G9P7Y2QH4Z1M6N8W5R0T3L9X2V
Content-Type: {mime};
 {ctype}
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
 {disp};
 size={len(data)}

{_b64(data)}
""")
    return _raw(f"""MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="----S0K3G9P7Y2QH4Z1M6N8W5R0T3L9X2V"
Content-Transfer-Encoding: 7bit
From: Karim Benali <karim.benali@laposte.example>
Date: Mon, 30 Nov 2026 18:02:44 +0100
To: {to}
Subject: =?UTF-8?Q?Candidature_label_B=C3=A9thune_Smart_City?=
Message-ID: <6F1A2B3C-4D5E-4F60-8172-93A4B5C6D7E8@laposte.example>
User-Agent: K-9 Mail for Android

------S0K3G9P7Y2QH4Z1M6N8W5R0T3L9X2V
Content-Type: text/plain;
 charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp("Bonjour, voici ma candidature : le dossier, la lettre au maire et les photos du jardin." + chr(10) * 2
     + "Karim" + chr(10) * 2 + "-- " + chr(10) + "Envoyé depuis mon appareil Android avec K-9 Mail." + chr(10))}
{''.join(parts)}------S0K3G9P7Y2QH4Z1M6N8W5R0T3L9X2V--
""")


def em_client(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """eM Client 9: boundaries « ------=_MB… », multipart/mixed > multipart/alternative, each file's name a UTF-8
    base64 RFC 2047 word in name= and filename= (eM Client writes no RFC 2231), User-Agent eM_Client."""
    def word(name: str) -> str:
        import base64
        return "=?utf-8?B?" + base64.b64encode(name.encode()).decode() + "?="
    parts = "".join(f"""--------=_MB5D1E2F3A-4B5C-6D7E-8F90-A1B2C3D4E5F6
Content-Type: {mime};
\tname="{word(name)}"
Content-Disposition: attachment;
\tfilename="{word(name)}"
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""From: "Claire Vasseur" <claire.vasseur@sfr.example>
Subject: =?utf-8?B?Q2FuZGlkYXR1cmUgbGFiZWwgQsOpdGh1bmUgU21hcnQgQ2l0eQ==?=
To: {to}
Date: Mon, 30 Nov 2026 17:20:05 +0000
Message-Id: <em1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b@desktop-k2m4p6q>
User-Agent: eM_Client/9.2.2258.0
Mime-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="------=_MB5D1E2F3A-4B5C-6D7E-8F90-A1B2C3D4E5F6"

This is a multi-part message in MIME format.

--------=_MB5D1E2F3A-4B5C-6D7E-8F90-A1B2C3D4E5F6
Content-Type: multipart/alternative;
\tboundary="------=_MBA9B8C7D6-E5F4-4A3B-2C1D-0E9F8A7B6C5D"

--------=_MBA9B8C7D6-E5F4-4A3B-2C1D-0E9F8A7B6C5D
Content-Type: text/plain; format=flowed; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp("Bonjour," + chr(10) * 2 + "Ci-joint notre dossier de candidature, la lettre au Maire et des visuels."
     + chr(10) * 2 + "Claire Vasseur" + chr(10))}
--------=_MBA9B8C7D6-E5F4-4A3B-2C1D-0E9F8A7B6C5D
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp('<html><head></head><body><div>Bonjour,</div><div><br /></div><div>Ci-joint notre dossier de candidature, '
     'la lettre au Maire et des visuels.</div><div><br /></div><div>Claire Vasseur</div></body></html>')}
--------=_MBA9B8C7D6-E5F4-4A3B-2C1D-0E9F8A7B6C5D--

{parts}--------=_MB5D1E2F3A-4B5C-6D7E-8F90-A1B2C3D4E5F6--
""")


def outlook_mac(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Outlook for Mac (16.x): multipart/mixed > multipart/alternative, boundary « B_3847…_… », names as macOS
    stores them (NFD: « e » then U+0301) in an RFC 2047 UTF-8 word in name= and RFC 2231 in filename*=, each file
    with its Content-ID, Thread-Topic / Thread-Index like Outlook for Windows."""
    def word(name: str) -> str:
        return "=?UTF-8?B?" + __import__("base64").b64encode(name.encode()).decode() + "?="
    parts = []
    for i, (name, mime, data) in enumerate(files):
        nfd = unicodedata.normalize("NFD", name)
        parts.append(f"""--B_3847195324_1287463952
Content-type: {mime}; name="{word(nfd)}";
 x-mac-creator="4D535744";
 x-mac-type="5738584D"
Content-ID: <F1E2D3C4B5A6978{i}@ville-bethune.fr>
Content-disposition: attachment;
\tfilename*=UTF-8''{quote(nfd.encode(), safe='')}
Content-transfer-encoding: base64

{_b64(data)}
""")
    text = "Bonjour,\n\nVeuillez trouver ci-joint notre candidature.\n\nBien à vous,\nPaul Lemaire\n"
    return _raw(f"""User-Agent: Microsoft-MacOutlook/16.91.24111020
Date: Mon, 30 Nov 2026 11:05:24 +0100
Subject: Candidature label =?UTF-8?B?QsOpdGh1bmU=?= Smart City
From: Paul Lemaire <paul.lemaire@agence-lemaire.example>
To: Nicolas Bataillon <{to}>
Message-ID: <A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D@agence-lemaire.example>
Thread-Topic: Candidature label Smart City
Mime-version: 1.0
Content-type: multipart/mixed;
\tboundary="B_3847195324_1287463952"

> This message is in MIME format. Since your mail reader does not understand
this format, some or all of this message may not be legible.

--B_3847195324_1287463952
Content-type: multipart/alternative;
\tboundary="B_3847195324_1846295723"


--B_3847195324_1846295723
Content-type: text/plain;
\tcharset="UTF-8"
Content-transfer-encoding: quoted-printable

{_qp(text)}
--B_3847195324_1846295723
Content-type: text/html;
\tcharset="UTF-8"
Content-transfer-encoding: quoted-printable

{_qp("<html><body><div>" + text.replace(chr(10), "<br>") + "</div></body></html>")}
--B_3847195324_1846295723--

{''.join(parts)}--B_3847195324_1287463952--
""")


WINDOWS_MAIL_TEXT = ("Bonjour,\nJe vous envoie ma candidature.\nLucie Morel\n\n"
                     "Envoyé à partir de Courrier pour Windows\n")
WINDOWS_MAIL_HTML = ("<html><body><div>Bonjour,</div><div>Je vous envoie ma candidature.</div><div>Lucie Morel</div>"
                     "</body></html>")


def no_disposition(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """The Windows 10/11 Mail app and old PHP mailers of association websites: files with no Content-Disposition at
    all, only Content-Type's name= (RFC 2045 allows it), PDFs sent application/octet-stream."""
    parts = "".join(f"""--_av-Jk3mR8sP2nQ5tW1xZ7yB4c
Content-Type: {mime}; name="{name}"
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""MIME-Version: 1.0
Date: Mon, 30 Nov 2026 19:40:10 +0000
From: <lucie.morel@outlook.example>
To: <{to}>
Subject: Candidature label Smart City
Message-ID: <5e8f2a1b.c3d4.4e5f.a6b7.c8d9e0f1a2b3@outlook.example>
Content-Type: multipart/mixed; boundary="_av-Jk3mR8sP2nQ5tW1xZ7yB4c"

--_av-Jk3mR8sP2nQ5tW1xZ7yB4c
Content-Type: multipart/alternative; boundary="_av-Qw9eR7tY5uI3oP1aS2dF4g"

--_av-Qw9eR7tY5uI3oP1aS2dF4g
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(WINDOWS_MAIL_TEXT.encode())}
--_av-Qw9eR7tY5uI3oP1aS2dF4g
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(WINDOWS_MAIL_HTML.encode())}
--_av-Qw9eR7tY5uI3oP1aS2dF4g--

{parts}--_av-Jk3mR8sP2nQ5tW1xZ7yB4c--
""")


def outlook_rich_text(to: str, files: dict[str, bytes]) -> bytes:
    """Outlook for Windows writing in « Texte enrichi » (RTF) to an outside address, Exchange not turning it into
    MIME: the text alone, and every file inside winmail.dat (application/ms-tnef; the real names as MAPI properties,
    the TNEF titles 8.3), X-MS-TNEF-Correlator naming it. (Layout: [MS-OXTNEF], [MS-OXCMAIL] 2.1.3.4.3; the « I
    received winmail.dat » reports every mail parser's tracker has.)"""
    from documents import tnef

    return _raw(f"""From: =?iso-8859-1?Q?Herv=E9_Delattre?= <herve.delattre@cabinet-delattre.example>
To: "n.bataillon@ville-bethune.fr" <{to}>
Subject: Candidature label Smart City
Thread-Topic: Candidature label Smart City
Thread-Index: AdtDa1b2c3d4e5f6a7b8c9d0e1f2a3b4c5
Date: Mon, 30 Nov 2026 16:02:10 +0000
Message-ID: <DB9PR08MB6F1A2B3C4D5E6F7A8B9C0D1E2F3A@DB9PR08MB6F1A.eurprd08.prod.outlook.com>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator: <DB9PR08MB6F1A2B3C4D5E6F7A8B9C0D1E2F3A@DB9PR08MB6F1A.eurprd08.prod.outlook.com>
Content-Type: multipart/mixed;
\tboundary="_000_DB9PR08MB6F1A2B3C4D5E6F7A8B9C0D1E2F3ADB9PR08MB6F1Aeurp_"
MIME-Version: 1.0

--_000_DB9PR08MB6F1A2B3C4D5E6F7A8B9C0D1E2F3ADB9PR08MB6F1Aeurp_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp("Bonjour," + chr(10) * 2 + "Vous trouverez ci-joint notre candidature au label." + chr(10) * 2 +
     "Hervé Delattre" + chr(10), "latin-1")}
--_000_DB9PR08MB6F1A2B3C4D5E6F7A8B9C0D1E2F3ADB9PR08MB6F1Aeurp_
Content-Type: application/ms-tnef; name="winmail.dat"
Content-Description: winmail.dat
Content-Disposition: attachment; filename="winmail.dat"; size={len(tnef(files, long_names=True))};
\tcreation-date="Mon, 30 Nov 2026 16:02:10 GMT";
\tmodification-date="Mon, 30 Nov 2026 16:02:10 GMT"
Content-Transfer-Encoding: base64

{_b64(tnef(files, long_names=True))}
--_000_DB9PR08MB6F1A2B3C4D5E6F7A8B9C0D1E2F3ADB9PR08MB6F1Aeurp_--
""")
