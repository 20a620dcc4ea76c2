"""Application mail of a fourteenth round, byte for byte (CRLF line ends, as IMAP serves it), beside tests/clientmail.py
... tests/thirteenthmail.py: GNOME Evolution (file names in RFC 2231 ISO-8859-1, cut into continuations when long)
writing an application and answering our acknowledgement with the missing piece, quoting it below « Le … a écrit : »;
KDE's KMail (Content-Disposition before Content-Type, RFC 2231 UTF-8 names, « nextPart » boundaries); NeoMutt
(no name on Content-Type, the top part « Content-Disposition: inline », names in RFC 2231 continuations) writing an
application, answering our acknowledgement bottom-posted, and a colleague's NeoMutt forwarding an application inline
(« ----- Début du message transféré de … ----- », subject « [address: subject] »); Horde's webmail (IMP) with
« linked attachments » (a file too big kept on the server, a download link in the text instead; every file when
together they are too big); a supplier's invoice sent from KMail to the town's mailbox (everyday mail, with a PDF);
a colleague's iPhone forwarding an application under iOS's French « Début du message transféré : ».

Where each structure comes from:
- Evolution: evolution-data-server's camel (src/camel/camel-mime-utils.c `camel_header_param_list_format_append` and
  `header_encode_param`: a parameter that is not ASCII is written `name*=<smallest charset>''<%XX>`, the smallest
  charset « ISO-8859-1 » when the name fits (`camel_charset_best_name`), cut into `name*0*=`, `name*1*=` … when the
  name and value pass 69 characters, each continuation on a new line after « ;\\n\\t », never inside a %XX; ASCII
  values always quoted; `camel_header_msgid_generate`: « <sha1 hex>.camel@host »; camel-multipart.c: « =- »
  boundaries); « User-Agent: Evolution 3.52.3-0ubuntu1 » (its trailing space) and the French attribution line
  « Le mardi 01 décembre 2026 à 08:20 +0100, … a écrit : » of its reply as its « afficher la source » shows them.
- NeoMutt: email/rfc2231.c `rfc2231_encode_string` (charset from $send_charset « us-ascii:iso-8859-1:utf-8 », so
  « iso-8859-1 » for French names; split into `filename*0*` … when longer than 66 characters, pieces of 62),
  send/header.c `mutt_write_mime_header` (Content-Type without name, then Content-Disposition, its parameters on
  « \\n\\t » past column 76), send/multipart.c (16 random base32 characters as boundary), the top multipart's
  « Content-Disposition: inline » NeoMutt writes on every message; send/config.c and po/fr.po for the reply's
  attribution (« Le %d, %n a écrit : », $date_format « !%a, %b %d, %Y at %I:%M:%S%p %Z » in the C locale) and the
  forward's ($forward_attribution_intro « ----- Début du message transféré de %f ----- », « ----- Fin du message
  transféré ----- », $forward_format « [%a: %s] »).
- Horde IMP 6 (H5): lib/Compose.php `_linkAttachments` (« ----- », the translated « Pièces jointes: » -- « Attachments »
  has a French translation -- then « 1. <name> (<size>) [<type>] » and « Download link: <url> », left in English
  since IMP's French catalogue has no translation of it), lib/Compose/Attachment/Storage.php (the link:
  « <webmail>/imp/attachment.php?id=<id>&u=<user> »); Horde_Mime's « =_<random> » boundaries, « format=flowed;
  DelSp=Yes » text and « Content-Disposition: attachment; size=…; filename=… ».
- KMail (KMime): « nextPart<digits>.<random> » boundaries, « This is a multi-part message in MIME format. »,
  Content-Disposition first in each part, names in RFC 2231 UTF-8 (KMail's default, « Outlook-compatible naming »
  off), Message-ID « <digits.random@host> », « User-Agent: KMail/6.x (Linux/…; KDE/…; x86_64; ; ) ».

The dossiers and letters carry the label's published facts (tests/tenthmail.py). Every function returns the raw
message."""

from __future__ import annotations

from email.header import Header
from email.message import EmailMessage
from urllib.parse import quote

from clientmail import _b64, _qp, _raw, apple_mail_forward
from forwardmail import _flowed
from tenthmail import _body, _sender

# camel-mime-utils.c: camel_mime_is_attrchar (not a tspecial, space, control, « * », « ' », « % »)
_TSPECIALS = '()<>@,;:\\"/[]?='


def _camel_value(value: str) -> tuple[str, bool]:
    """camel's `header_encode_param` for a parameter that is not a file name: (value, encoded)."""
    if value.isascii():
        return value, False
    charset = "ISO-8859-1" if all(ord(c) < 256 for c in value) else "UTF-8"
    data = value.encode("latin-1" if charset == "ISO-8859-1" else "utf-8")
    out = "".join(chr(c) if c < 128 and chr(c) not in _TSPECIALS + " *'%" and c > 32 else f"%{c:02X}" for c in data)
    return f"{charset}''{out}", True


def camel_params(start: str, params: list[tuple[str, str]]) -> str:
    """A header's value as camel writes it: `start` (« application/pdf », « attachment ») then its parameters,
    folded and cut into RFC 2231 continuations as `camel_header_param_list_format_append` does."""
    out = start
    used = len(out)
    for name, raw in params:
        value, encoded = _camel_value(raw)
        here = len(out)
        if used + len(name) + len(value) > 77 - 8:
            out += ";\n\t"
            here, used = len(out), 0
        else:
            out += "; "
        if len(name) + len(value) > 77 - 8:
            maxlen = 77 - (len(name) + 8)
            at, i = 0, 0
            while at < len(value):
                end = at + min(len(value) - at, maxlen)
                if encoded and end < len(value):
                    q, j = end, 2
                    while j > 0 and q > at and value[q] != "%":
                        j, q = j - 1, q - 1
                    if value[q] == "%":
                        end = q
                if i:
                    out += ";\n\t"
                    here, used = len(out), 0
                out += f"{name}*{i}{'*' if encoded else ''}=" + (value[at:end] if encoded else f'"{value[at:end]}"')
                i += 1
                used += len(out) - here
                at = end
        else:
            out += f"{name}{'*' if encoded else ''}=" + (value if encoded else f'"{value}"')
            used += len(out) - here
    return out


EVOLUTION_BOUNDARY = "=-Hq3vT0bX8nL2kR5wY7zC1m"


def _evolution_parts(b: str, files: list[tuple[str, str, bytes]]) -> str:
    return "".join(f"""--{b}
Content-Disposition: {camel_params("attachment", [("filename", name)])}
Content-Type: {camel_params(mime, [("name", name)])}
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in files)


EVOLUTION_SIGNATURE = "-- \nJulien Vandamme\nCyclo-Béthune, atelier vélo participatif\n"


def evolution(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """GNOME Evolution 3.52 (Ubuntu 24.04, French), plain text: multipart/mixed, the text 8bit UTF-8 with its « -- »
    signature, each file Content-Disposition then Content-Type, their names in RFC 2231 ISO-8859-1 (camel's smallest
    charset) and cut into continuations past 69 characters; Message-ID « <sha1>.camel@host »."""
    b = EVOLUTION_BOUNDARY
    text = ("Bonjour,\n\nVeuillez trouver ci-joint la candidature de l'association Cyclo-Béthune au label Béthune "
            "Smart City : le dossier d'intention, le courrier à Monsieur le Maire et deux photos de l'atelier.\n\n"
            "Bien cordialement,\n\n" + EVOLUTION_SIGNATURE)
    return _raw(f"""Message-ID: <3f9c2a7e1b5d8c4f6a0e2d9b7c5a3e1f8d6b4c2a.camel@cyclo-bethune.example>
Subject: Candidature au label =?UTF-8?Q?B=C3=A9thune?= Smart City - Cyclo-=?UTF-8?Q?B=C3=A9thune?=
From: Julien Vandamme <julien.vandamme@cyclo-bethune.example>
To: {to}
Date: Tue, 01 Dec 2026 09:14:22 +0100
Content-Type: multipart/mixed; boundary="{b}"
User-Agent: Evolution 3.52.3-0ubuntu1{" "}
MIME-Version: 1.0

--{b}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: 8bit

{text}
{_evolution_parts(b, files)}--{b}--
""")


def evolution_reply(ours: EmailMessage, applicant: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Evolution answering our acknowledgement (« Répondre »): « Re: » then our subject, In-Reply-To and References
    our Message-ID, her text on top, then Evolution's French attribution « Le mardi 01 décembre 2026 à 09:20 +0100,
    Mission Smart City a écrit : » and our whole text quoted with « > »; the missing files attached as
    `evolution` attaches them."""
    b = "=-Zp6sW1dF4gJ9kM2nQ5rT8v"
    quoted = "\n".join(("> " + line) if line else ">" for line in _body(ours).splitlines())
    text = ("Bonjour,\n\nVoici les photos de l'atelier qui manquaient.\n\nBien cordialement,\nJulien Vandamme\n\n"
            f"Le mardi 01 décembre 2026 à 09:20 +0100, Mission Smart City a écrit :\n{quoted}\n\n"
            + EVOLUTION_SIGNATURE)
    subject = "Re: " + ours["Subject"]
    word = "=?UTF-8?Q?" + _qp(subject).replace("=\n", "").replace(" ", "_").replace("?", "=3F") + "?="
    return _raw(f"""Message-ID: <9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b.camel@cyclo-bethune.example>
Subject: {word}
From: Julien Vandamme <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Date: Tue, 01 Dec 2026 10:02:51 +0100
In-Reply-To: {ours['Message-ID']}
References: {ours['Message-ID']}
Content-Type: multipart/mixed; boundary="{b}"
User-Agent: Evolution 3.52.3-0ubuntu1{" "}
MIME-Version: 1.0

--{b}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: 8bit

{text}
{_evolution_parts(b, files)}--{b}--
""")


# NeoMutt: email/mime.c MimeSpecials, and « * ' % » also written %XX in an encoded value
_MIME_SPECIALS = '@,;:<>[]\\"()?/= \t'


def neomutt_params(name: str, value: str) -> list[tuple[str, str]]:
    """email/rfc2231.c `rfc2231_encode_string`: (attribute, value) continuations of one parameter."""
    encode = not all(0x20 <= ord(c) < 0x7F for c in value)
    data = value.encode("latin-1") if encode else value.encode()
    quotes = not encode and any(c in _MIME_SPECIALS for c in value)
    whole = (len("iso-8859-1''") if encode else 0) + sum(
        3 if encode and (c < 0x20 or c >= 0x7F or chr(c) in _MIME_SPECIALS + "*'%") else 1 for c in data)
    most = max(78 - 1 - len(name) - (1 if encode else 0) - 1 - (2 if quotes else 0) - 1, 30)
    split = whole > most
    if split:
        most -= 4
    out, at, number = [], 0, 0
    current = "iso-8859-1''" if encode else ""
    while at < len(data):
        attribute = name + (f"*{number}" if split else "") + ("*" if encode else "")
        number += 1
        while at < len(data) and (not split or len(current) < most):
            c = data[at]
            if encode and (c < 0x20 or c >= 0x7F or chr(c) in _MIME_SPECIALS + "*'%"):
                current += f"%{c:02X}"
            else:
                current += chr(c)
            at += 1
        out.append((attribute, current))
        current = ""
    return out


def neomutt_header(field: str, start: str, params: list[tuple[str, str]], length: int) -> str:
    """send/header.c: « ; » then a space, or a new line and a tab once past column 76 (`length`: NeoMutt's own
    estimate of the line so far); a value holding a MIME special in quotes."""
    out = f"{field}: {start}"
    for name, value in params:
        for attribute, piece in neomutt_params(name, value):
            shown = f'"{piece}"' if any(c in _MIME_SPECIALS for c in piece) else piece
            size = len(shown) + len(attribute) + 1
            if length + size + 2 > 76:
                out += ";\n\t"
                length = size + 1
            else:
                out += "; "
                length += size + 1
            out += f"{attribute}={shown}"
    return out


def neomutt(to: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """NeoMutt 2024 (Debian), text written in Vim: multipart/mixed, 16-character base32 boundary, the top and the
    text « Content-Disposition: inline », the text 8bit ISO-8859-1 ($send_charset picks the first that fits), each
    file's Content-Type without a name and its name only in Content-Disposition, RFC 2231 ISO-8859-1, in
    continuations when long; no User-Agent ($user_agent is off by default)."""
    b = "qv3xk7m2wz5bn4pd"
    text = ("Bonjour,\n\nJe vous adresse la candidature du Repair Café de Béthune au label Béthune Smart City :\n"
            "- le dossier d'intention ;\n- le courrier signé pour Monsieur le Maire ;\n- une photo d'une séance.\n\n"
            "Cordialement,\n-- \nBenoît Lefebvre\nRepair Café de Béthune\n")
    parts = "".join(f"""--{b}
Content-Type: {mime}
{neomutt_header("Content-Disposition", "attachment", [("filename", name)], 21 + len("attachment"))}
Content-Transfer-Encoding: base64

{_b64(data, 72)}
""" for name, mime, data in files)
    return (f"""Date: Tue, 1 Dec 2026 09:31:07 +0100
From: =?iso-8859-1?Q?Beno=EEt?= Lefebvre <benoit.lefebvre@repaircafe-bethune.example>
To: {to}
Subject: Candidature label =?iso-8859-1?Q?B=E9thune?= Smart City
Message-ID: <20261201093107.qv3xk7m2wz5bn4pd@nuc.repaircafe-bethune.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"
Content-Disposition: inline

--{b}
Content-Type: text/plain; charset=iso-8859-1
Content-Disposition: inline
Content-Transfer-Encoding: 8bit

{text}
{parts}--{b}--
""").replace("\r\n", "\n").replace("\n", "\r\n").encode("latin-1")


def _neomutt_charset(text: str) -> str:
    """$send_charset « us-ascii:iso-8859-1:utf-8 »: the first that holds the text."""
    for charset in ("us-ascii", "iso-8859-1"):
        try:
            text.encode(charset)
            return charset
        except UnicodeEncodeError:
            continue
    return "utf-8"


def neomutt_reply(ours: EmailMessage, applicant: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """NeoMutt answering our acknowledgement, bottom-posted as its users do: its French attribution « Le %d, %n a
    écrit : » with $date_format's C-locale date (« Le Tue, Dec 01, 2026 at 09:20:00AM CET, Mission Smart City a écrit
    : », po/fr.po and mutt_config.c), our whole text quoted « > », her answer below; « Re: » then our subject
    encoded in the first charset of $send_charset that holds it; References, then the MIME fields, then In-Reply-To
    (send/header.c's order); the letter attached as `neomutt` attaches files."""
    b = "mz4q7k2xv5bw3npt"
    quoted = "\n".join(("> " + line) if line else ">" for line in _body(ours).splitlines())
    text = (f"Le Tue, Dec 01, 2026 at 09:20:00AM CET, Mission Smart City a écrit :\n{quoted}\n\nBonjour,\n\n"
            "Voici le courrier signé pour Monsieur le Maire, qui manquait.\n\nCordialement,\n-- \nBenoît Lefebvre\n"
            "Repair Café de Béthune\n")
    charset = _neomutt_charset(text)
    subject = "Re: " + ours["Subject"]
    subject_charset = _neomutt_charset(subject)
    word = subject if subject_charset == "us-ascii" else Header(subject, subject_charset).encode()
    parts = "".join(f"""--{b}
Content-Type: {mime}
{neomutt_header("Content-Disposition", "attachment", [("filename", name)], 21 + len("attachment"))}
Content-Transfer-Encoding: base64

{_b64(data, 72)}
""" for name, mime, data in files)
    head = f"""Date: Tue, 1 Dec 2026 10:41:19 +0100
From: =?iso-8859-1?Q?Beno=EEt?= Lefebvre <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Subject: {word}
Message-ID: <20261201104119.mz4q7k2xv5bw3npt@nuc.repaircafe-bethune.example>
References: {ours['Message-ID']}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"
Content-Disposition: inline
In-Reply-To: {ours['Message-ID']}

--{b}
Content-Type: text/plain; charset={charset}
Content-Disposition: inline
Content-Transfer-Encoding: 8bit

"""
    tail = f"""
{parts}--{b}--
"""
    return b"".join(piece.replace("\r\n", "\n").replace("\n", "\r\n").encode(code)
                    for piece, code in ((head, "ascii"), (text, charset), (tail, "ascii")))


def neomutt_forward(by: str, to: str, applicant: str, files: list[tuple[str, str, bytes]],
                    authentication: str = "") -> bytes:
    """A colleague of the town (the IT department's NeoMutt, French) forwarding inline (« f », $mime_forward no, the
    files kept: $forward_attachments) an application received on her own address: the subject $forward_format
    « [%a: %s] » (no « Fwd: »: « [jeanne.roux@…: Candidature …] »), her line, then the French
    $forward_attribution_intro « ----- Début du message transféré de %f ----- » (po/fr.po: the sender on the mark's
    own line), the forwarded header lines weeded and in the $hdr_order of Debian's /etc/neomuttrc (« Date », « From »,
    « Subject », « To »), the applicant's text, « ----- Fin du message transféré ----- »; the applicant's files
    attached as `neomutt` attaches them. `authentication`: the town's server's Authentication-Results, put on top."""
    b = "t5kz2mq8wx4vn7bd"
    subject = "Candidature label Béthune Smart City"
    text = ("Bonjour Nicolas,\n\nReçu sur ma boîte, je te transmets.\n\nClaire\n\n"
            "----- Début du message transféré de Jeanne Roux <" + applicant + "> -----\n\n"
            "Date: Mon, 30 Nov 2026 18:02:11 +0100\nFrom: Jeanne Roux <" + applicant + ">\n"
            f"Subject: {subject}\nTo: Claire Martin <{by}>\n\nBonjour,\n\nVoici la candidature du tiers-lieu "
            "au label Béthune Smart City : dossier, lettre au Maire et photos.\n\nJeanne Roux\n\n"
            "----- Fin du message transféré -----\n")
    parts = "".join(f"""--{b}
Content-Type: {mime}
{neomutt_header("Content-Disposition", "attachment", [("filename", name)], 21 + len("attachment"))}
Content-Transfer-Encoding: base64

{_b64(data, 72)}
""" for name, mime, data in files)
    auth = f"Authentication-Results: {authentication}\n" if authentication else ""
    head = f"""{auth}Date: Tue, 1 Dec 2026 08:55:40 +0100
From: Claire Martin <{by}>
To: {to}
Subject: {Header(f"[{applicant}: {subject}]", "iso-8859-1").encode()}
Message-ID: <20261201085540.t5kz2mq8wx4vn7bd@poste-dsi.ville.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"
Content-Disposition: inline

--{b}
Content-Type: text/plain; charset=iso-8859-1
Content-Disposition: inline
Content-Transfer-Encoding: 8bit

"""
    tail = f"""
{parts}--{b}--
"""
    return b"".join(piece.replace("\r\n", "\n").replace("\n", "\r\n").encode(code)
                    for piece, code in ((head, "ascii"), (text, "iso-8859-1"), (tail, "ascii")))


def _delsp(text: str) -> str:
    """format=flowed; DelSp=Yes: each line cut after a space, plus the space a reader deletes (RFC 3676, 4.2)."""
    return _flowed(text).replace(" \n", "  \n")


HORDE_LINK = "https://webmail.univ-artois.example/imp/attachment.php?id=6741f2a3b8c9d&u=claire.dumont"


def horde_linked(to: str, files: list[tuple[str, str, bytes]],
                 linked: tuple[tuple[str, str, str, str], ...] = (
                     ("Dossier d'intention Jardins.pdf", "38 MB", "application/pdf", HORDE_LINK),)) -> bytes:
    """Horde Groupware Webmail (IMP H5, French) with « linked attachments »: the files in `linked` ((name, size, type,
    link)) are not sent but kept on the server (one over the server's limit; all of them when together they pass
    its « hard » limit, IMP's `link_all`), IMP appending below the text « ----- », « Pièces jointes: » and for each
    linked file « 1. <name> (<size>) [<type>] » then « Download link: <url> » (untranslated in IMP's French
    catalogue); the other files attached as Horde_Mime writes them (« =_ » boundary, « size= » in
    Content-Disposition), none left: the text alone, no multipart; the text format=flowed; DelSp=Yes (each cut line
    ending in its own space plus the one a reader deletes)."""
    b = "=_Kq8zR2mW5xT1vN7pL4sB9dF"
    text = ("Bonjour,\n\nJe vous envoie la candidature des Jardins partagés du Quai au label Béthune Smart City. "
            "Les fichiers trop lourds, le webmail les a mis en liens de téléchargement.\n\n"
            "Cordialement,\nClaire Dumont\n\n"
            "-----\nPièces jointes:\n" + "".join(f"\n{n}. {name} ({size}) [{mime}]\nDownload link: {url}\n"
                                                for n, (name, size, mime, url) in enumerate(linked, start=1)))
    parts = "".join(f"""--{b}
Content-Type: {mime};
 name="{name}"
Content-Disposition: attachment;
 size={len(data)};
 filename="{name}"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in files)
    head = f"""Date: Tue, 01 Dec 2026 09:47:33 +0100
Message-ID: <20261201094733.Horde.Zq2xW8kR5mT1vN4pL7sB3d_@webmail.univ-artois.example>
From: Claire Dumont <claire.dumont@univ-artois.example>
To: {to}
Subject: Candidature label =?utf-8?b?QsOpdGh1bmU=?= Smart City - Jardins du Quai
User-Agent: Horde Application Framework 5
"""
    if not files:
        return _raw(f"""{head}Content-Type: text/plain; charset=utf-8; format=flowed; DelSp=Yes
MIME-Version: 1.0
Content-Disposition: inline
Content-Transfer-Encoding: 8bit

{_delsp(text)}

""")
    return _raw(f"""{head}Content-Type: multipart/mixed; boundary="{b}"
MIME-Version: 1.0

This message is in MIME format.

--{b}
Content-Type: text/plain; charset=utf-8; format=flowed; DelSp=Yes
Content-Disposition: inline
Content-Transfer-Encoding: 8bit

{_delsp(text)}

{parts}--{b}--

""")


def _kmail_param(attribute: str, name: str) -> str:
    """KMime's parameter: quoted when ASCII, else RFC 2231 in UTF-8 (no continuations)."""
    return f'{attribute}="{name}"' if name.isascii() else f"{attribute}*=utf-8''{quote(name.encode(), safe='')}"


def kmail(to: str, files: list[tuple[str, str, bytes]], subject: str = "Candidature label Béthune Smart City",
          text: str | None = None, sender: str = "Sylvie Caron <sylvie.caron@quartier-vert.example>",
          msgid: str = "<4417283.MkZ8r2TnQv@portable-sylvie>",
          organization: str = "Association Quartier Vert") -> bytes:
    """KMail 6 (KDE Plasma, French): « nextPart » boundaries, « This is a multi-part message in MIME format. », the
    text quoted-printable UTF-8, each file Content-Disposition first then Content-Transfer-Encoding then
    Content-Type, names RFC 2231 UTF-8 (KMail's default) or quoted when ASCII; Message-ID « <digits.random@host> »,
    an Organization field, « User-Agent: KMail/… »."""
    b = "nextPart2198734.Tq4wZ8vKmR"
    if text is None:
        text = ("Bonjour,\n\nVous trouverez ci-joint notre candidature au label Béthune Smart City : dossier "
                "d'intention, lettre au Maire et photos du quartier.\n\nBien cordialement,\nSylvie Caron\n"
                "Association Quartier Vert\n")
    parts = "".join(f"""--{b}
Content-Disposition: attachment; {_kmail_param("filename", name)}
Content-Transfer-Encoding: base64
Content-Type: {mime}; {_kmail_param("name", name)}

{_b64(data)}
""" for name, mime, data in files)
    encoded_subject = subject if subject.isascii() else Header(subject, "utf-8").encode()
    return _raw(f"""From: {sender}
To: {to}
Subject: {encoded_subject}
Date: Tue, 01 Dec 2026 10:12:40 +0100
Message-ID: {msgid}
Organization: {organization}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"
Content-Transfer-Encoding: 7Bit
User-Agent: KMail/6.2.2 (Linux/6.8.0-49-generic; KDE/6.8.0; x86_64; ; )

This is a multi-part message in MIME format.

--{b}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain; charset="utf-8"

{_qp(text)}
{parts}--{b}--
""")


def kmail_invoice(to: str, invoice: bytes) -> bytes:
    """Everyday mail the town's mailbox gets: a supplier's invoice for the label's event (a PDF « Facture … »),
    sent from KMail, with a polite line and the invoice number in the subject. Not an application."""
    text = ("Bonjour,\n\nVeuillez trouver ci-joint la facture n° 2026-118 pour la location de la sonorisation du "
            "forum Béthune Smart City du 14 novembre.\n\nRèglement à 30 jours par virement.\n\nCordialement,\n"
            "Patrick Lemaire\nLemaire Sono Services\n")
    return kmail(to, [("Facture 2026-118.pdf", "application/pdf", invoice)],
                 subject="Facture n° 2026-118 - forum Béthune Smart City", text=text,
                 sender="Patrick Lemaire <compta@lemaire-sono.example>", msgid="<2231907.QxR7mZ4kTv@bureau>",
                 organization="Lemaire Sono Services")


def ios_forward(by: str, to: str, applicant: str, authentication: str = "") -> bytes:
    """A colleague forwarding an application from her iPhone (iOS Mail in French, the town's mailbox on her phone):
    as tests/clientmail.py `apple_mail_forward(iphone=True)`, but under the line recent iOS versions write in French,
    « Début du message transféré : » (the Mac's is « Début du message réexpédié : »), the forwarded header lines
    quoted « > De: », « > Date: », « > À: », « > Objet: » below it: crisp-oss/email-forward-parser's fixture
    apple_mail_fr_body_alt_13.txt and its « Apple Mail iOS (fr) » separator."""
    raw = apple_mail_forward(by, to, applicant, iphone=True, authentication=authentication)
    mac, ios = (_qp(line).strip().encode() for line in ("Début du message réexpédié :", "Début du message transféré :"))
    assert mac in raw
    return raw.replace(mac, ios)
