"""Application mail of a tenth round, byte for byte (CRLF line ends, as IMAP serves it), beside tests/clientmail.py,
tests/moreclients.py, tests/programmail.py, tests/webmail.py, tests/devicemail.py, tests/servermail.py,
tests/gatewaymail.py, tests/forwardmail.py and tests/ninthmail.py: Thunderbird in plain text (format=flowed) with its
« -- » signature, writing a new application and answering our acknowledgement below the quote (its default); Apple
Mail's « Mail Drop » (a scanned dossier too big to attach, sent as an iCloud link); HCL Notes answering in French
(« Réf. : »); a webmail answering in HTML alone, top-posted, our mail quoted in a blockquote; a letter typed in the
mail, quoted-printable cut inside long French words; an application « suite » sent as answers to the applicant's own
first mail; an applicant answering from her other address with photos an Android phone saved as HEIC.

The dossiers and letters carry the label's published facts (its seven themes, three criteria, the mayor's address and
Nicolas Bataillon's). The layout of each message is the one its program writes; said on each builder.
Every function returns the raw message.
"""

from __future__ import annotations

import base64
import re
from email.message import EmailMessage
from urllib.parse import quote

import documents as d
from clientmail import _b64, _qp, _raw
from forwardmail import _flowed

PDF = "application/pdf"

# the label's facts (its page: themes, sub-themes, criteria and their words, category, the mayor's address)
DOSSIER_LINES = ["DOSSIER D'INTENTION - Label Béthune Smart City",
                 "Nom du projet : Vélo-école et ateliers de réparation du Beffroi",
                 "Structure porteuse : Association Les Amis du Beffroi (loi 1901)",
                 "Catégorie 1 : initiative réalisée (septembre 2025 - juin 2026)",
                 "Thématique : Mobilité - Transports ; sous-thème : Modes de déplacement",
                 "Description du projet : ateliers de réparation de vélos et vélo-école pour adultes",
                 "Critères : collaborative (citoyen acteur, partage), durable (écologie, solidarité)",
                 "Lieu : quartier du Mont-Liébaut, territoire de la commune de Béthune",
                 "Partenaires : centre social, médiathèque", "Calendrier : 2025-2026", "Budget : 3 200 euros"]
LETTER_LINES = ["Association Les Amis du Beffroi", "Monsieur le Maire de Béthune",
                "à l'attention de Nicolas Bataillon, chef de projet Béthune Smart City",
                "Hôtel de ville, Place du 4 Septembre, BP 10711, 62407 Béthune",
                "Objet : demande du label Béthune Smart City", "Monsieur le Maire,",
                "J'ai l'honneur de solliciter le label Béthune Smart City pour notre vélo-école.",
                "Je vous prie d'agréer, Monsieur le Maire, mes salutations distinguées.", "La présidente, Hélène Caron"]


def dossier() -> bytes:
    return d.pdf_text(DOSSIER_LINES)


def letter() -> bytes:
    return d.pdf_text(LETTER_LINES)


def _sender(ours: EmailMessage) -> str:
    return ours["From"].addresses[0].addr_spec


def _body(ours: EmailMessage) -> str:
    return ours.get_body(("plain",)).get_content()


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


SIGNATURE = ("-- \nHélène Caron\nPrésidente - Les Amis du Beffroi\n06 12 34 56 78\n"
             "https://www.amis-du-beffroi.example/\n")


def _tb_parts(boundary: str, files: list[tuple[str, str, bytes]]) -> str:
    """Thunderbird's attachments: `name=` and `filename=` plain when ASCII, else `filename*=UTF-8''…` (RFC 2231)
    and `name=` an RFC 2047 word... Thunderbird 128 writes RFC 2231 in both when the name is not ASCII."""
    out = []
    for name, mime, data in files:
        if name.isascii():
            params, disp = f'name="{name}"', f'filename="{name}"'
        else:
            encoded = quote(name.encode(), safe="")
            params, disp = f"name*=UTF-8''{encoded}", f"filename*=UTF-8''{encoded}"
        out.append(f"""--{boundary}
Content-Type: {mime}; {params}
Content-Disposition: attachment; {disp}
Content-Transfer-Encoding: base64

{_b64(data)}
""")
    return "".join(out)


def thunderbird_signed(to: str, files: list[tuple[str, str, bytes]],
                       sender: str = "Hélène Caron <helene.caron@amis-du-beffroi.example>") -> bytes:
    """Thunderbird 128 (Windows), plain text: `format=flowed` (each line over 72 characters cut after a space, the
    space kept: RFC 3676), 8bit UTF-8, its signature under « -- » (dash dash space, which format=flowed never joins
    to the next line) naming the association's web site; the files in multipart/mixed, boundaries
    « ------------<24 characters> », `Content-Language: fr`, `User-Agent: Mozilla Thunderbird`."""
    text = ("Bonjour,\n\nVeuillez trouver ci-joints le dossier d'intention de l'association Les Amis du Beffroi pour "
            "le label Béthune Smart City, la lettre de demande adressée à Monsieur le Maire et des photos de notre "
            "vélo-école du mercredi, qui accueille une vingtaine d'adultes du quartier du Mont-Liébaut depuis "
            "septembre.\n\nNous restons à votre disposition pour toute précision.\n\nBien cordialement,\n\n"
            + SIGNATURE)
    name, _, rest = sender.partition(" <")
    b = "------------7Qm2xK9vR4tL1nB6cZ8wD3hF"
    return _raw(f"""Message-ID: <4e1f7a2c-9b3d-4c5e-8f6a-1b2c3d4e5f60@amis-du-beffroi.example>
Date: Mon, 30 Nov 2026 18:42:05 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: {to}
From: =?UTF-8?Q?{quote(name.encode(), safe='').replace('%', '=')}?= <{rest}
Subject: =?UTF-8?Q?Candidature_au_label_B=C3=A9thune_Smart_City_=E2=80=93_Les_Amis_du?=
 =?UTF-8?Q?_Beffroi?=
Content-Type: multipart/mixed; boundary="{b}"

This is a multi-part message in MIME format.
--{b}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{_flowed(text)}
{_tb_parts(b, files)}--{b}--
""")


def thunderbird_reply_below(ours: EmailMessage, applicant: str, files: list[tuple[str, str, bytes]],
                            answer: str = "Voici la lettre signée par notre présidente, avec les photos.") -> bytes:
    """Thunderbird 128 answering our acknowledgement in plain text, as it does by default (« Commencer ma réponse
    sous la citation »): « Le 30/11/2026 à 18:50, Mission Smart City a écrit : », our mail quoted « > » (flowed,
    its long lines cut), then the answer, then the « -- » signature; In-Reply-To and References our Message-ID."""
    quoted = "\n".join(">" + (" " + line if line else "") for line in _body(ours).splitlines())
    text = (f"Le 30/11/2026 à 18:50, Mission Smart City a écrit :\n{quoted}\n\nBonjour,\n\n{answer}\n\n"
            f"Bien cordialement,\n\n{SIGNATURE}")
    b = "------------2Hc8nV5qT1xW7mK3jR9bL4sD"
    subject = ours["Subject"]
    return _raw(f"""Message-ID: <8a2b3c4d-5e6f-4a7b-9c8d-0e1f2a3b4c5d@amis-du-beffroi.example>
Date: Mon, 30 Nov 2026 19:05:31 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Subject: =?UTF-8?Q?Re=3A_{quote(subject.encode(), safe='').replace('%', '=')}?=
Content-Language: fr
To: Mission Smart City <{_sender(ours)}>
References: {ours['Message-ID']}
From: =?UTF-8?Q?H=C3=A9l=C3=A8ne_Caron?= <{applicant}>
In-Reply-To: {ours['Message-ID']}
Content-Type: multipart/mixed; boundary="{b}"

This is a multi-part message in MIME format.
--{b}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{_flowed(text)}
{_tb_parts(b, files)}--{b}--
""")


MAIL_DROP_DOSSIER = ("https://www.icloud.com/attachment/?u=https%3A%2F%2Fcvws.icloud-content.com%2FB%2FAVx3kQ7Hc9"
                     "Lm2Rt5Yp8Wq1Zs4Nb6Jd%2F%24%7Bf%7D%3Fo%3DAk9sT2vX7mQ1%26v%3D1%26x%3D3%26e%3D1767196800%26fl%3D%26"
                     "r%3D5C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E4F-1%26k%3D%24%7Buk%7D%26ckc%3Dcom.apple.largeattachment"
                     "%26p%3D52&uk=Hq7mR2xT9vL4nB1cZ8wD3g&f=Dossier%20d%E2%80%99intention%20scann%C3%A9.pdf"
                     "&sz=31457280")


def mail_drop_url(name: str, size: int, key: str = "Hq7mR2xT9vL4nB1cZ8wD3g") -> str:
    """A Mail Drop link to `name` (`size` bytes), of the form MAIL_DROP_DOSSIER has."""
    return MAIL_DROP_DOSSIER.partition("&uk=")[0] + f"&uk={key}&f={quote(name.encode(), safe='')}&sz={size}"


def apple_mail_drop(to: str, files: list[tuple[str, str, bytes]], url: str = MAIL_DROP_DOSSIER,
                    name: str = "Dossier d’intention scanné.pdf", size: str = "31,5 Mo",
                    more: list[tuple[str, str, str]] = ()) -> bytes:
    """Apple Mail (macOS 15) with Mail Drop: a file over the mail server's limit is put on iCloud and the mail
    carries its link, www.icloud.com/attachment/?u=<the file on cvws.icloud-content.com>&uk=<key>&f=<its name,
    percent-encoded>&sz=<bytes> (the form every Mail Drop link has). The HTML shows a card: the file's icon in the
    link, its name and size beside it, « Télécharger » and the expiry date; the text part names it above its link,
    written « <https://…> » on a line of its own. The other files are attached as Apple Mail attaches them (inline
    between the text parts, boundary « Apple-Mail=_<UUID> »). `more`: other Mail Drop files, (link, name, size),
    each its own card."""
    b, alt = "Apple-Mail=_6B1C2D3E-4F5A-4B6C-8D7E-9F0A1B2C3D4E", "Apple-Mail=_7C2D3E4F-5A6B-4C7D-9E8F-0A1B2C3D4E5F"
    dropped = [(url, name, size), *more]
    text = ("Bonjour,\n\nVoici la candidature de l’association Les Amis du Beffroi au label Béthune Smart City. Le "
            "dossier d’intention scanné est trop lourd pour être joint : il est en Mail Drop ci-dessous.\n\n"
            + "".join(f"{n}\n{z}\n<{u}>\n\n" for u, n, z in dropped)
            + "Télécharger\nExpire le 30 décembre 2026\n\nBien cordialement,\nHélène Caron\n")
    cards = "".join(
        '<table class="x-apple-maildrop" cellpadding="0" cellspacing="0" style="border: 1px solid #e5e5e5; '
        f'border-radius: 8px;"><tr><td style="padding: 8px;"><a href="{u.replace("&", "&amp;")}"><img '
        f'src="cid:E3F4A5B6-C7D8-4E9F-A0B1-C2D3E4F5A6B{i}" width="48" height="60" alt=""></a></td><td style='
        f'"padding: 8px;"><div style="font-weight: bold;">{n}</div><div style="color: #8e8e93;">{z}</div><div><a '
        f'href="{u.replace("&", "&amp;")}">Télécharger</a></div><div style="color: #8e8e93;">Expire le 30 décembre '
        '2026</div></td></tr></table>' for i, (u, n, z) in enumerate(dropped))
    html = ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body '
            'style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">Bonjour,'
            '<div><br></div><div>Voici la candidature de l’association Les Amis du Beffroi au label Béthune Smart City.'
            ' Le dossier d’intention scanné est trop lourd pour être joint : il est en Mail Drop ci-dessous.</div>'
            f'<div><br></div>{cards}<div><br></div><div>Bien cordialement,</div><div>Hélène Caron</div></body></html>')
    parts = "".join(f"""--{b}
Content-Disposition: inline;
\tfilename*=utf-8''{quote(n.encode(), safe='')}
Content-Type: {mime};
\tx-unix-mode=0644;
\tname*=utf-8''{quote(n.encode(), safe='')}
Content-Transfer-Encoding: base64

{_b64(data)}
""" for n, mime, data in files)
    return _raw(f"""From: =?utf-8?Q?H=C3=A9l=C3=A8ne_Caron?= <helene.caron@icloud.example>
Content-Type: multipart/mixed;
\tboundary="{b}"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.200.121\\))
Subject: =?utf-8?Q?Candidature_label_B=C3=A9thune_Smart_City?=
X-Universally-Unique-Identifier: 0D1E2F3A-4B5C-4D6E-8F7A-9B0C1D2E3F4A
Message-Id: <0D1E2F3A-4B5C-4D6E-8F7A-9B0C1D2E3F4A@icloud.example>
Date: Mon, 30 Nov 2026 20:14:09 +0100
To: {to}
X-Mailer: Apple Mail (2.3826.200.121)

--{b}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

{_qp(text)}
--{alt}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html;
\tcharset=utf-8

{_qp(html)}
--{alt}--

{parts}--{b}--
""")


def _latin1_qp(text: str) -> str:
    return _qp(text.replace("’", "'"), "latin-1")


def notes_reply(ours: EmailMessage, applicant: str, files: list[tuple[str, bytes]],
                answer: str = "Veuillez trouver ci-joint le courrier signé par notre directeur.",
                threaded: bool = True) -> bytes:
    """HCL Notes 12 (French) answering our acknowledgement: the subject « Réf. : <ours> » (Notes' French prefix for
    a reply, « Tr : » for a forward), top-posted, our mail under Notes' header block « De : / A : / Date : /
    Objet : » (its own French labels, « A » without accent), ISO-8859-1 quoted-printable, Notes' boundaries, each file
    application/octet-stream; In-Reply-To our Message-ID, no References. `threaded=False`: no In-Reply-To either
    (the answer written from a copy of our mail the applicant's Domino stored without its Internet Message-ID):
    only the reference in the subject ties it to the case."""
    text = (f"{answer}\n\nCordialement\n\nMarc Dufour\nDirection des systèmes d'information\n\n\n\n"
            f"De :        Mission Smart City <{_sender(ours)}>\nA :        {applicant}\n"
            f"Date :        30/11/2026 15:52\nObjet :        {ours['Subject']}\n\n\n\n{_body(ours)}\n")
    html = (f'<font size=2 face="sans-serif">{_html_escape(answer)}</font><br><br><font size=2 face="sans-serif">'
            "Cordialement</font><br><br><font size=2 face=\"sans-serif\">Marc Dufour<br>Direction des systèmes "
            "d'information</font><br><br><br><br><font size=1 color=#5f5f5f face=\"sans-serif\">De :        </font>"
            f'<font size=1 face="sans-serif">Mission Smart City &lt;{_sender(ours)}&gt;</font><br><font size=1 '
            f'color=#5f5f5f face="sans-serif">A :        </font><font size=1 face="sans-serif">{applicant}</font>'
            '<br><font size=1 color=#5f5f5f face="sans-serif">Date :        </font><font size=1 face="sans-serif">'
            '30/11/2026 15:52</font><br><font size=1 color=#5f5f5f face="sans-serif">Objet :        </font><font '
            f'size=1 face="sans-serif">{_html_escape(str(ours["Subject"]))}</font><br><hr noshade><br><br><br>'
            f'<tt><font size=2>{_html_escape(_body(ours)).replace(chr(10), "<br>")}</font></tt>')
    parts = "".join(f"""--=_mixed 0057A3B4C1258C7A_=
Content-Type: application/octet-stream; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, data in files)
    subject = str(ours["Subject"])
    word = "=?ISO-8859-1?Q?" + "".join("_" if c == " " else c if c.isascii() and c.isalnum() or c in ".-:" else
                                       "".join(f"={b:02X}" for b in c.encode("latin-1", "replace"))
                                       for c in "Réf. : " + subject) + "?="
    return _raw(f"""MIME-Version: 1.0
Sensitivity:{' '}
Subject: {word}
To: Mission Smart City <{_sender(ours)}>
From: "Marc Dufour" <{applicant}>
Message-ID: <OF7B8C9D0E.1F2A3B4C-ONC1258C7A.0057A3B4-C1258C7A.00581234@ch-bethune.example>
{f"In-Reply-To: {ours['Message-ID']}{chr(10)}" if threaded else ""}Date: Mon, 30 Nov 2026 16:02:41 +0100
X-Mailer: HCL Notes Release 12.0.2FP2 March 21, 2023
X-MIMETrack: Serialize by Router on DOMINO01/CHB(Release 12.0.2FP2|March 21, 2023) at 30/11/2026 16:02:42,
\tSerialize complete at 30/11/2026 16:02:42
Content-Type: multipart/mixed; boundary="=_mixed 0057A3B4C1258C7A_="

This is a multipart message in MIME format.
--=_mixed 0057A3B4C1258C7A_=
Content-Type: multipart/alternative; boundary="=_alternative 0057A3B4C1258C7A_="


--=_alternative 0057A3B4C1258C7A_=
Content-Type: text/plain; charset="ISO-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp(text)}
--=_alternative 0057A3B4C1258C7A_=
Content-Type: text/html; charset="ISO-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp(html)}
--=_alternative 0057A3B4C1258C7A_=--
{parts}--=_mixed 0057A3B4C1258C7A_=--
""")


def html_only_reply(ours: EmailMessage, applicant: str, files: list[tuple[str, str, bytes]], answer: str) -> bytes:
    """A webmail composing in HTML and sending the HTML alone (Mail Orange's « Répondre » with its default rich
    editor, as Zimbra or Roundcube set to HTML-only do): the answer on top, then « Le 30/11/2026 18:50, Mission Smart
    City a écrit : » and our whole mail in a <blockquote type="cite">, its HTML our text; text/html UTF-8
    quoted-printable (its long lines cut by soft breaks inside words and inside a character's bytes), the file
    attached with RFC 2231 names; In-Reply-To and References our Message-ID."""
    quoted = _html_escape(_body(ours)).replace("\n", "<br>\n")
    html = ('<!DOCTYPE html><html><head><meta charset="UTF-8"></head><body><div style="font-family: Arial, '
            f'sans-serif; font-size: 13px;"><p>{_html_escape(answer)}</p><p>Bien cordialement,<br>Hélène Caron</p>'
            '<div class="moz-cite-prefix">Le 30/11/2026 18:50, Mission Smart City a écrit&nbsp;:<br></div>'
            '<blockquote type="cite" style="margin: 0 0 0 .8ex; border-left: 2px #0000ff solid; padding-left: 1ex;">'
            f"{quoted}</blockquote></div></body></html>")
    b = "----=_Part_418723_1920582913.1764528431502"
    parts = "".join(f"""--{b}
Content-Type: {mime}; name*=UTF-8''{quote(n.encode(), safe='')}
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename*=UTF-8''{quote(n.encode(), safe='')}

{_b64(data)}
""" for n, mime, data in files)
    body = f"""--{b}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
{parts}--{b}--
""" if files else None
    head = f"""Date: Mon, 30 Nov 2026 19:47:11 +0100 (CET)
From: =?UTF-8?Q?H=C3=A9l=C3=A8ne_Caron?= <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Message-ID: <1539187244.418722.1764528431501@wwinf1f22.orange.example>
In-Reply-To: {ours['Message-ID']}
References: {ours['Message-ID']}
Subject: =?UTF-8?Q?RE=C2=A0:_{quote(str(ours['Subject']).encode(), safe='').replace('%', '=')}?=
MIME-Version: 1.0
X-Originating-IP: [90.12.34.56]
X-Mailer: Mail Orange
"""
    if body is None:
        return _raw(head + f"""Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}""")
    return _raw(head + f"""Content-Type: multipart/mixed; boundary="{b}"

{body}""")


def _qp_cut_in_words(text: str, width: int = 20) -> str:
    """Quoted-printable whose soft line breaks fall inside words and between the two bytes of an accented letter
    (« B=C3=\\n=A9thune »), as old webmails and mailing-list software cut lines at a fixed width."""
    encoded = "".join(c if c.isascii() and c != "=" else "".join(f"={x:02X}" for x in c.encode()) for c in text)
    out, line = [], ""
    tokens = [t for t in re.findall(r"=[0-9A-F]{2}|\n|.", encoded)]
    for token in tokens:
        if token == "\n":
            out.append(line)
            line = ""
            continue
        if len(line) + len(token) > width:
            out.append(line + "=")
            line = ""
        line += token
    out.append(line)
    return "\n".join(out)


def letter_typed_in_mail(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """An applicant who types the letter to the mayor in the mail itself, from an old association webmail (SquirrelMail
    on a hosting company's server): text/plain UTF-8 quoted-printable whose lines are cut every 20 characters, inside
    words (« sollici=\\n ter ») and between the bytes of « é », the dossier and a photo attached."""
    text = ("Monsieur le Maire,\n\nJ'ai l'honneur de solliciter, au nom de l'association Les Amis du Beffroi, le "
            "label Béthune Smart City pour notre vélo-école, initiative réalisée dans le quartier du Mont-Liébaut "
            "(thématique Mobilité - Transports, démarche collaborative et durable).\n\nJe vous prie d'agréer, "
            "Monsieur le Maire, l'expression de mes salutations distinguées.\n\nHélène Caron, présidente\n")
    b = "----=_20261130210412_48213"
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{n}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{n}"

{_b64(data)}
""" for n, mime, data in files)
    return _raw(f"""Message-ID: <b2f1c3d4e5a6978812ab34cd56ef7890.squirrel@webmail.amis-du-beffroi.example>
Date: Mon, 30 Nov 2026 21:04:12 +0100
Subject: =?utf-8?Q?Demande_de_label_B=C3=A9thune_Smart_City?=
From: =?utf-8?Q?H=C3=A9l=C3=A8ne_Caron?= <presidente@amis-du-beffroi.example>
To: {to}
User-Agent: SquirrelMail/1.4.23 [SVN]
MIME-Version: 1.0
Content-Type: multipart/mixed;boundary="{b}"
X-Priority: 3 (Normal)
Importance: Normal

------=_20261130210412_48213
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp_cut_in_words(text)}

{parts}--{b}--
""")


def gmail_thread(to: str, applicant: str = "Karim Benali <karim.benali62@gmail.example>") -> list[bytes]:
    """An application « suite » in Gmail (web): the first mail with the dossier, then, after our acknowledgement,
    two answers to his own first mail (Gmail's « Répondre » on his sent message writes to the town again), « Re:
    Candidature … » with In-Reply-To and References his first mail's Message-ID, never ours: « suite : la lettre »,
    then « suite et fin : les photos ». Gmail's layout: multipart/mixed > multipart/alternative, boundaries of 28
    hexadecimal digits, the previous mail quoted in a gmail_quote blockquote."""
    name, _, address = applicant.partition(" <")
    address = address.rstrip(">")
    ids = ["<CAHx7pQ2mVk3L9tR4wN8bZ1cY5sD6fG0jH2kL3mN4pQ5rS6tU7v@mail.gmail.example>",
           "<CAHx7pQ2nWl4M0uS5xO9cA2dZ6tE7gH1kI3lM4nO5qR6sT7uV8w@mail.gmail.example>",
           "<CAHx7pQ2oXm5N1vT6yP0dB3eA7uF8hI2lJ4mN5oP6rS7tU8vW9x@mail.gmail.example>"]
    texts = ["Bonjour,\n\nVoici le dossier d'intention de notre association pour le label Béthune Smart City. La "
             "lettre au Maire et les photos suivent.\n\nCordialement,\nKarim Benali",
             "Suite de ma candidature : la lettre signée adressée à Monsieur le Maire.\n\nKarim Benali",
             "Suite et fin : les photos de l'atelier.\n\nKarim Benali"]
    files = [[("Dossier d'intention Amis du Beffroi.pdf", PDF, dossier())],
             [("Lettre au Maire signée.pdf", PDF, letter())],
             [("IMG_20261130_101512.jpg", "image/jpeg", d.photo(seed=4)),
              ("IMG_20261130_101544.jpg", "image/jpeg", d.photo(seed=5))]]
    dates = ["Mon, 30 Nov 2026 09:12:40 +0100", "Mon, 30 Nov 2026 11:31:02 +0100", "Mon, 30 Nov 2026 11:48:57 +0100"]
    mails = []
    for n in range(3):
        b, alt = f"000000000000{n}a1b2c3d4e5f60718", f"000000000000{n}b2c3d4e5f6071829"
        text = texts[n]
        quote_text = ""
        if n:
            quote_text = (f"\n\nLe lun. 30 nov. 2026 à {dates[0][17:22]}, {name} <{address}> a écrit :\n\n"
                          + "\n".join("> " + line for line in texts[0].splitlines()))
        html = ('<div dir="ltr">' + _html_escape(text).replace("\n", "<br>") + "</div>"
                + ('<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Le lun. 30 nov. 2026 à 09:12, '
                   f'{name} &lt;<a href="mailto:{address}">{address}</a>&gt; a écrit&nbsp;:<br></div><blockquote '
                   'class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);'
                   f'padding-left:1ex">{_html_escape(texts[0]).replace(chr(10), "<br>")}</blockquote></div>'
                   if n else ""))
        subject = "Candidature label Béthune Smart City" if not n else "Re: Candidature label Béthune Smart City"
        threading = f"References: {ids[0]}\nIn-Reply-To: {ids[0]}\n" if n else ""
        parts = "".join(f"""--{b}
Content-Type: {mime}; name="{fname}"
Content-Disposition: attachment; filename="{fname}"
Content-Transfer-Encoding: base64
X-Attachment-Id: f_m3k{n}{i}q2x0
Content-ID: <f_m3k{n}{i}q2x0>

{_b64(data)}
""" for i, (fname, mime, data) in enumerate(files[n]))
        mails.append(_raw(f"""MIME-Version: 1.0
Date: {dates[n]}
{threading}Message-ID: {ids[n]}
Subject: =?UTF-8?Q?{quote(subject.encode(), safe='').replace('%', '=')}?=
From: {name} <{address}>
To: {to}
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(text + quote_text)}
--{alt}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--
{parts}--{b}--
"""))
    return mails


def gmail_android_other_address(ours: EmailMessage, other: str, photos: list[tuple[str, bytes]]) -> bytes:
    """Gmail for Android answering our acknowledgement from `other`: the applicant's other account (the app holds
    both; she read our mail in the association's and chose her own address in « De »), or the one she applied from:
    top-posted, « Le lun. 30 nov. 2026,
    18:50, Mission Smart City <…> a écrit : » under the answer, the photos a Samsung phone saved as HEIC (« Photos
    haute efficacité »: image/heif, named « 20261130_151203.heic »); In-Reply-To and References our Message-ID."""
    text = ("Bonjour, voici les photos de la vélo-école prises cet après-midi.\nHélène\n\n"
            f"Le lun. 30 nov. 2026, 18:50, Mission Smart City <{_sender(ours)}> a écrit :\n\n"
            + "\n".join("> " + line for line in _body(ours).splitlines()) + "\n")
    html = ('<div dir="auto">Bonjour, voici les photos de la vélo-école prises cet après-midi.<div dir="auto">Hélène'
            '</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Le lun. 30 nov. 2026, 18:50, '
            f'Mission Smart City &lt;<a href="mailto:{_sender(ours)}">{_sender(ours)}</a>&gt; a écrit&nbsp;:<br></div>'
            '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">'
            + _html_escape(_body(ours)).replace("\n", "<br>") + "</blockquote></div>")
    b, alt = "000000000000c4d5e6f7a8b9c0d1e2", "000000000000b3c4d5e6f7a8b9c0d1"
    parts = "".join(f"""--{b}
Content-Type: image/heif; name="{n}"
Content-Disposition: attachment; filename="{n}"
Content-Transfer-Encoding: base64
X-Attachment-Id: 18c{i}a2b3d4e5f6a7
Content-ID: <18c{i}a2b3d4e5f6a7>

{_b64(data)}
""" for i, (n, data) in enumerate(photos))
    return _raw(f"""MIME-Version: 1.0
References: {ours['Message-ID']}
In-Reply-To: {ours['Message-ID']}
From: =?UTF-8?Q?H=C3=A9l=C3=A8ne_Caron?= <{other}>
Date: Mon, 30 Nov 2026 19:22:48 +0100
Message-ID: <CAFw3mR8Lk2pV9nT4xQ7bZ1cY5sD6fG0jH2kL3mN4pQ5rS6tU8w@mail.gmail.example>
Subject: =?UTF-8?Q?Re=3A_{quote(str(ours['Subject']).encode(), safe='').replace('%', '=')}?=
To: Mission Smart City <{_sender(ours)}>
Content-Type: multipart/mixed; boundary="{b}"

--{b}
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
{parts}--{b}--
""")


def forwarded_canon_scan(to: str, pdf: bytes, name: str = "20261130143512.pdf",
                         applicant: str = "helene.caron@amis-du-beffroi.example") -> bytes:
    """The applicant scanned her pages on the association's Canon imageRUNNER ADVANCE, which mailed them to her
    (From the copier's address, « Attached Image », no text, the PDF named by the date and time of the scan), and
    she forwards that mail to the town from Outlook for Windows (Microsoft 365, French): « TR: Attached Image », her
    words above Outlook's « De : / Envoyé : / À : / Objet : » block naming the copier, the PDF attached again."""
    text = ("Bonjour,\n\nVoici notre candidature au label Béthune Smart City : le dossier d'intention et la lettre "
            "au Maire, scannés. Les photos suivent.\n\nHélène Caron\nPrésidente - Les Amis du Beffroi\n\n"
            "De : Canon iR-ADV C3530 <scanner@amis-du-beffroi.example> \nEnvoyé : lundi 30 novembre 2026 14:35\n"
            f"À : Hélène Caron <{applicant}>\nObjet : Attached Image\n\n")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body lang="FR">'
            '<div class="WordSection1"><p class="MsoNormal">Bonjour,</p><p class="MsoNormal">Voici notre candidature '
            "au label Béthune Smart City : le dossier d'intention et la lettre au Maire, scannés. Les photos suivent."
            '</p><p class="MsoNormal">Hélène Caron<br>Présidente - Les Amis du Beffroi</p><div style="border:none;'
            'border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>De&nbsp;:</b> Canon '
            'iR-ADV C3530 &lt;scanner@amis-du-beffroi.example&gt; <br><b>Envoyé&nbsp;:</b> lundi 30 novembre 2026 '
            f'14:35<br><b>À&nbsp;:</b> Hélène Caron &lt;{applicant}&gt;<br><b>Objet&nbsp;:</b> Attached Image</p>'
            '</div></div></body></html>')
    b, alt = "_004_PR3P192MB0871C4D5E6F7A8B9C0D1E2F3A4PR3P192MB0871EURP_", \
        "_000_PR3P192MB0871C4D5E6F7A8B9C0D1E2F3A4PR3P192MB0871EURP_"
    return _raw(f"""From: =?iso-8859-1?Q?H=E9l=E8ne_Caron?= <{applicant}>
To: "{to}" <{to}>
Subject: TR: Attached Image
Thread-Topic: Attached Image
Thread-Index: AQHbY2k3dGVzdGluZ0Nhbm9uU2Nhbg==
Date: Mon, 30 Nov 2026 13:41:27 +0000
Message-ID: <PR3P192MB0871C4D5E6F7A8B9C0D1E2F3A4@PR3P192MB0871.EURP192.PROD.OUTLOOK.COM>
References: <CANON-IRADV-C3530-20261130143512@amis-du-beffroi.example>
In-Reply-To: <CANON-IRADV-C3530-20261130143512@amis-du-beffroi.example>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:{' '}
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp(text)}
--{alt}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(html.encode())}

--{alt}--

--{b}
Content-Type: application/pdf; name="{name}"
Content-Description: {name}
Content-Disposition: attachment; filename="{name}"; size={len(pdf)};
\tcreation-date="Mon, 30 Nov 2026 13:41:02 GMT";
\tmodification-date="Mon, 30 Nov 2026 13:41:27 GMT"
Content-Transfer-Encoding: base64

{_b64(pdf)}

--{b}--
""")


def outlook_rich_text_reply(ours: EmailMessage, applicant: str, files: dict[str, bytes]) -> bytes:
    """Outlook for Windows answering our acknowledgement in « Texte enrichi » (RTF: the reply keeps the format the
    applicant's Outlook set, and an Exchange that sends TNEF to this domain does not turn it into MIME): the text,
    top-posted above « De : Mission Smart City … » and our mail; every file inside winmail.dat (application/ms-tnef,
    the real names as MAPI properties); « RE: » our subject, In-Reply-To and References our Message-ID, Thread-Index
    (tests/devicemail.py's `outlook_rich_text` is its new mail)."""
    from documents import tnef

    text = ("Bonjour,\n\nVeuillez trouver ci-joint la lettre signée.\n\nCordialement,\nHervé Delattre\n\n"
            f"De : Mission Smart City <{_sender(ours)}> \nEnvoyé : lundi 30 novembre 2026 17:10\n"
            f"À : Hervé Delattre <{applicant}>\nObjet : {ours['Subject']}\n\n{_body(ours)}\n")
    winmail = tnef(files, long_names=True)
    b = "_000_DB9PR08MB7A2B3C4D5E6F7A8B9C0D1E2F3A4BDB9PR08MB7A2Beurp_"
    subject = "RE: " + str(ours["Subject"])
    word = "=?iso-8859-1?Q?" + "".join("_" if c == " " else c if c.isascii() and c.isalnum() or c in ".-:[]" else
                                       "".join(f"={x:02X}" for x in c.encode("latin-1", "replace"))
                                       for c in subject) + "?="
    return _raw(f"""From: =?iso-8859-1?Q?Herv=E9_Delattre?= <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Subject: {word}
Thread-Topic: {word}
Thread-Index: AdtDa1b2c3d4e5f6a7b8c9d0e1f2a3b4c5AAAxYz==
Date: Mon, 30 Nov 2026 17:25:44 +0000
Message-ID: <DB9PR08MB7A2B3C4D5E6F7A8B9C0D1E2F3A4B@DB9PR08MB7A2B.eurprd08.prod.outlook.com>
References: {ours['Message-ID']}
In-Reply-To: {ours['Message-ID']}
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator: <DB9PR08MB7A2B3C4D5E6F7A8B9C0D1E2F3A4B@DB9PR08MB7A2B.eurprd08.prod.outlook.com>
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp(text)}
--{b}
Content-Type: application/ms-tnef; name="winmail.dat"
Content-Description: winmail.dat
Content-Disposition: attachment; filename="winmail.dat"; size={len(winmail)};
\tcreation-date="Mon, 30 Nov 2026 17:25:44 GMT";
\tmodification-date="Mon, 30 Nov 2026 17:25:44 GMT"
Content-Transfer-Encoding: base64

{_b64(winmail)}
--{b}--
""")


def m365_on_behalf(to: str, files: list[tuple[str, str, bytes]], member: str = "Sophie Lambert <s.lambert@amis-du-"
                   "beffroi.example>", reply_to: EmailMessage | None = None) -> bytes:
    """A member of the association writing from its shared mailbox in Microsoft 365 with « Envoyer de la part de »
    (Send on Behalf): From the shared mailbox « Les Amis du Beffroi <contact@…> », Sender the member, as Outlook
    shows it (« Sophie Lambert de la part de Les Amis du Beffroi »); Exchange Online's headers (Thread-Topic,
    Thread-Index, X-MS-Has-Attach, X-MS-Exchange-Organization-AuthAs absent outside the tenant), HTML and text
    base64. `reply_to`: our mail, answered (« RE: », In-Reply-To and References), our text quoted under Outlook's
    « De : / Envoyé : / À : / Objet : » block."""
    subject = "Candidature au label Béthune Smart City" if reply_to is None else "RE: " + str(reply_to["Subject"])
    text = "Bonjour,\n\nVeuillez trouver ci-joint "
    text += ("la candidature de l’association (dossier d’intention et photos).\n" if reply_to is None else
             "la lettre signée par notre présidente.\n")
    text += f"\nCordialement,\n{member.partition(' <')[0]}\nPour Les Amis du Beffroi\n"
    threading = ""
    if reply_to is not None:
        text += (f"\nDe : Mission Smart City <{_sender(reply_to)}>\nEnvoyé : lundi 30 novembre 2026 17:10\n"
                 f"À : Les Amis du Beffroi <contact@amis-du-beffroi.example>\nObjet : {reply_to['Subject']}\n\n"
                 f"{_body(reply_to)}\n")
        threading = f"References: {reply_to['Message-ID']}\nIn-Reply-To: {reply_to['Message-ID']}\n"
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body lang="FR">'
            '<div class="WordSection1">' + "".join(f'<p class="MsoNormal">{_html_escape(line) or "&nbsp;"}</p>'
                                                  for line in text.splitlines()) + "</div></body></html>")
    b, alt = "_004_AM9P192MB1234E5F6A7B8C9D0E1F2A3B4AM9P192MB1234EURP_", \
        "_000_AM9P192MB1234E5F6A7B8C9D0E1F2A3B4AM9P192MB1234EURP_"
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{n}"
Content-Description: {n}
Content-Disposition: attachment; filename="{n}"; size={len(data)};
\tcreation-date="Mon, 30 Nov 2026 16:20:11 GMT";
\tmodification-date="Mon, 30 Nov 2026 16:20:11 GMT"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for n, mime, data in files)
    word = "=?utf-8?B?" + base64.b64encode(subject.encode()).decode() + "?="
    msgid = "AM9P192MB1234E5F6A7B8C9D0E1F2A3B4" + ("" if reply_to is None else "R")
    return _raw(f"""From: Les Amis du Beffroi <contact@amis-du-beffroi.example>
Sender: {member}
To: "{to}" <{to}>
Subject: {word}
Thread-Topic: {word}
Thread-Index: AQHbY2sAbCdEfGhIjKlMnOpQrStUvWxYz{"Aa" if reply_to is not None else ""}==
Date: Mon, 30 Nov 2026 {"16:20:11" if reply_to is None else "17:31:40"} +0000
Message-ID: <{msgid}@AM9P192MB1234.EURP192.PROD.OUTLOOK.COM>
{threading}Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:{' '}
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
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

{parts}--{b}--
""")


def canon_scan(to: str, pdf: bytes, sender: str = "scanner@amis-du-beffroi.example",
               name: str = "20261130143512.pdf") -> bytes:
    """A Canon imageRUNNER ADVANCE's « Envoyer » (scan to e-mail) straight to the town: From the address the admin
    gave the copier, « Attached Image », no text, the PDF named by the date and time of the scan, multipart/mixed with
    the copier's boundary and no text part's charset beyond US-ASCII."""
    b = "MFP_Boundary_20261130143512_0001"
    return _raw(f"""From: <{sender}>
To: <{to}>
Subject: Attached Image
Date: Mon, 30 Nov 2026 14:35:12 +0100
Message-ID: <20261130143512.0001.iR-ADV-C3530@amis-du-beffroi.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"
X-Mailer: Canon iR-ADV C3530 (Send)

--{b}
Content-Type: text/plain; charset=US-ASCII
Content-Transfer-Encoding: 7bit


--{b}
Content-Type: application/pdf; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64

{_b64(pdf)}
--{b}--
""")


def outlook_forward_own_mail(to: str, first: list[tuple[str, str, bytes]], added: list[tuple[str, str, bytes]],
                             applicant: str = "helene.caron@amis-du-beffroi.example") -> bytes:
    """The applicant sends the rest of her application by forwarding, from Outlook for Windows, the mail she sent
    first (« TR: Candidature… »): Outlook keeps the forwarded mail's files, so the dossier comes again beside the
    letter she adds; her words above Outlook's « De : / Envoyé : / À : / Objet : » block naming herself."""
    text = ("Bonjour,\n\nJe complète ma candidature avec la lettre signée au Maire.\n\nHélène Caron\n\n"
            f"De : Hélène Caron <{applicant}> \nEnvoyé : lundi 30 novembre 2026 18:42\nÀ : {to}\n"
            "Objet : Candidature au label Béthune Smart City - Les Amis du Beffroi\n\nBonjour,\n\nVeuillez trouver "
            "ci-joint le dossier d'intention et des photos.\n\nHélène Caron\n")
    b, alt = "_006_PR3P192MB0871D5E6F7A8B9C0D1E2F3A4B5PR3P192MB0871EURP_", \
        "_000_PR3P192MB0871D5E6F7A8B9C0D1E2F3A4B5PR3P192MB0871EURP_"
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{_latin1_word(n)}"
Content-Description: {_latin1_word(n)}
Content-Disposition: attachment; filename="{_latin1_word(n)}"; size={len(data)};
\tcreation-date="Mon, 30 Nov 2026 20:02:10 GMT";
\tmodification-date="Mon, 30 Nov 2026 20:02:10 GMT"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for n, mime, data in [*first, *added])
    return _raw(f"""From: =?iso-8859-1?Q?H=E9l=E8ne_Caron?= <{applicant}>
To: "{to}" <{to}>
Subject: =?iso-8859-1?Q?TR:_Candidature_au_label_B=E9thune_Smart_City_=96_Les_Amis_du_Beffr?=
 =?iso-8859-1?Q?oi?=
Thread-Topic: =?iso-8859-1?Q?Candidature_au_label_B=E9thune_Smart_City_=96_Les_Amis_du_Beffroi?=
Thread-Index: AQHbY2tfZm9yd2FyZGVkT3duTWFpbA==
Date: Mon, 30 Nov 2026 20:02:10 +0000
Message-ID: <PR3P192MB0871D5E6F7A8B9C0D1E2F3A4B5@PR3P192MB0871.EURP192.PROD.OUTLOOK.COM>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:{' '}
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp(text)}
--{alt}--

{parts}--{b}--
""")


def _latin1_word(name: str) -> str:
    """A file name as Outlook for Windows writes it: plain when ASCII, else one RFC 2047 word in ISO-8859-1."""
    if name.isascii():
        return name
    return "=?iso-8859-1?Q?" + "".join("_" if c == " " else c if c.isascii() and c.isalnum() or c in ".-" else
                                       "".join(f"={x:02X}" for x in c.encode("cp1252", "replace"))
                                       for c in name) + "?="
