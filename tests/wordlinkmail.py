"""Application mail whose links to file-sharing sites are described in words, not by a file name: « Le dossier
d'intention (Google Drive) : <lien> », « Courrier au maire : » then the link on the next line. A Google Drive file's
link, a OneDrive short link and a Dropbox link copied with « Copier le lien » carry no file name; the applicant's own
words say which piece each is. (Layout: Thunderbird 128 in plain text, format=flowed, as tests/tenthmail.py writes it;
the text is the project's own, from a reviewer's real applicant mail.)
Every function returns the raw message.
"""

from __future__ import annotations

import documents as d
from clientmail import _b64, _raw

DRIVE = "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/view?usp=sharing"
ONEDRIVE = "https://1drv.ms/b/s!AbcDefGhIjKlMnOpQrStUvWxYz0123"
SWISSTRANSFER = "https://www.swisstransfer.com/d/8b1f2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d"
DROPBOX = "https://www.dropbox.com/scl/fi/x7k2m9q4w1e8r5t3y6u0i/?rlkey=abcdefghijklmnopqrstuvwxy&dl=0"

TEXT = ("Bonjour,\n\nVeuillez trouver ci-dessous les pièces de notre demande pour le label Béthune Smart City.\n\n"
        f"Le dossier d'intention (Google Drive) : {DRIVE}\n\nCourrier au maire :\n{ONEDRIVE}\n\n"
        "Une photo de l'atelier est jointe.\n\nCordialement,\nMarc Vasseur\nAssociation Vélo Béthunois\n")


def thunderbird_described_links(to: str, text: str = TEXT) -> bytes:
    """Thunderbird in plain text: the dossier and the letter given as links described in words, a photo attached."""
    boundary = "------------w0rdL1nks8Qz3Xk9Vb2Nm4"
    return _raw(f"""Content-Type: multipart/mixed; boundary="{boundary}"
Message-ID: <5f1e2d3c-described-links@velo-bethunois.example>
Date: Tue, 1 Dec 2026 10:12:00 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: {to}
From: Marc Vasseur <marc.vasseur@velo-bethunois.example>
Subject: Candidature label Smart City

This is a multi-part message in MIME format.
--{boundary}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64

{_b64(text.replace(chr(10), chr(13) + chr(10)).encode("utf-8"))}
--{boundary}
Content-Type: image/jpeg; name="atelier.jpg"
Content-Disposition: attachment; filename="atelier.jpg"
Content-Transfer-Encoding: base64

{_b64(d.photo())}
--{boundary}--
""")
