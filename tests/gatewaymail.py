"""Application mail as it reaches the town's mailbox after a mail security gateway rewrote its links (a seventh round,
beside tests/clientmail.py ... tests/moreclients.py), Mailspring's and Mailtrack's tracked links, the notice Tuta
sends for a « confidential » message to an address outside Tuta, and the replies of Free's webmail (Zimbra) to our
acknowledgement. Byte for byte, CRLF line ends as IMAP serves them.

A gateway rewrites every link of the text and HTML parts before the mailbox stores the message, and encodes the
parts it changed again: in the HTML only the `href` changes (the text shown stays the applicant's), in the text the
link itself (pulibrary/orangelight#3011, on Safe Links; the same for the others). The rewritten forms:
- Microsoft Defender Safe Links: clientmail.safelinks;
- Proofpoint URL Defense v3: `https://urldefense.com/v3/__<link>__;<base64url of the characters it holds apart>!!<id>!
  <hash>$`, each held character a « * » in the link, a run of them « ** » and a letter (A = 2, B = 3...): the format of
  Proofpoint's own decoder (help.proofpoint.com, « How do I decode a rewritten URL? », urldecoder.py), as the decoders
  in the search corpus read it;
- Vade (Time-of-Click): `https://antiphishing.vadesecure.com/v4?f=…&i=…&k=…&r=…&s=…&u=<link percent-encoded>` (Vade
  Cloud's help, « Time-of-Click: URL checking settings »; the form link unwrappers in the search corpus read);
- Cisco Secure Email: `https://secure-web.cisco.com/<token>/<link percent-encoded>`;
- Symantec (Broadcom) Click-time: `https://clicktime.symantec.com/<token>?h=<hash>&u=<link percent-encoded>`;
- Trellix (FireEye): `https://protect2.fireeye.com/v1/url?k=<…>&q=1&e=<uuid>&u=<link percent-encoded>`;
- Mimecast URL Protect: `https://protect-eu.mimecast.com/s/<token>?domain=<host>` (and since 2024
  `url.<region>.m.mimecastprotect.com`): the link stays on Mimecast's servers (Mimecast's support, « Targeted Threat
  Protection - Domain Update - Feb 2024 »; universities' help pages showing
  `protect-us.mimecast.com/s…?domain=bbc.com`).
"""

from __future__ import annotations

import base64
import email
import email.policy
import quopri
import re
from collections.abc import Callable
from urllib.parse import quote

import documents as d
from clientmail import _b64, _qp, _raw, safelinks

__all__ = ["safelinks", "proofpoint", "vade", "vade_m365", "cisco", "symantec", "trellix", "mimecast", "mailtrack",
           "rewritten", "gmail_with_link", "mailspring", "tuta_confidential", "zimbra_reply"]

_HELD = "%#!$*;"  # what Proofpoint's v3 holds apart (the decoded samples show « % », « # » and « ! » so held)
_RUNS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"  # a run of 2, 3, ... held characters


def proofpoint(url: str) -> str:
    held, out, i = [], [], 0
    while i < len(url):
        j = i
        while j < len(url) and url[j] in _HELD:
            j += 1
        if j == i:
            out.append(url[i])
            i += 1
            continue
        run = url[i:j]
        held.append(run)
        out.append("*" if len(run) == 1 else "**" + _RUNS[len(run) - 2])
        i = j
    encoded = base64.urlsafe_b64encode("".join(held).encode()).decode().rstrip("=")
    return f"https://urldefense.com/v3/__{''.join(out)}__;{encoded}!!G3vK!Lx0Qf7hz1bRk9sTq2vW-Xy$"


def vade(url: str) -> str:
    return ("https://antiphishing.vadesecure.com/v4?f=UU1XcHkxazJBTmIySlBBMXFx2f859LIpedyYVn3HK2jeZqq6gwfeToadOx9&i="
            "RTNLd2NGeE1RTDFrR25iaOm2xB6i3cNVD0Jxq9J3vLE&k=ywmE&r=ZnVkMm1UMHFmWHNzejI1TlfOvi8IhYWrR1vq&s=634bcb492d1b0d25"
            f"e151790f787c14d478ad105eb1eb12f7e21378f65c1045bc&u={quote(url, safe='')}")


def vade_m365(url: str) -> str:
    return ("https://m365.eu.vadesecure.com/safeproxy/v4?f=Sf2kR0l3qZcK&i=bm9yZGV4&k=E3bZ&r=dGVzdA&s=9a8b7c6d5e4f&u="
            + quote(url, safe=""))


def cisco(url: str) -> str:
    return ("https://secure-web.cisco.com/1fCCdfJv_BYjz_YqipXEJjGHlmXlnTXcGx0N5X1OG_Y5pJ1-vFLrWHrIUnRZxlA4wQrPGGV/"
            + quote(url, safe=""))


def symantec(url: str) -> str:
    """Symantec (Broadcom) Email Security.cloud's Click-time URL Protection (its links in the search corpus)."""
    return ("https://clicktime.symantec.com/15xVSdMrXnLovyYq5pZa2?h=6gcezWKKNEfusErB_mpeb2v2Ta90v1Z3ld=&u="
            + quote(url, safe=""))


def trellix(url: str) -> str:
    """Trellix (FireEye) Email Security's rewritten link, as the list archives in the search corpus show it."""
    return ("https://protect2.fireeye.com/v1/url?k=5bd95ebd-044267fb-5bd8d5f2-0cc47a3003e8-ce9db8ea264d6901&q=1&e="
            "900556dc-d199-4c18-9432-5c3465a98eae&u=" + quote(url, safe=""))


def mimecast(url: str, shown: str = "") -> str:
    """Mimecast's link: a token only Mimecast can resolve, and the `domain=` it shows (by default the link's host;
    anyone writing such a link can show any)."""
    host = shown or url.split("/")[2]
    return f"https://protect-eu.mimecast.com/s/Q3xZCVk8LmT1p9RfGhJ2kN?domain={host}"


def mailtrack(url: str) -> str:
    """Gmail's Mailtrack extension counting the clicks of the sender's links (its form in the search corpus's
    mails: mailtrack.io/trace/link/<sha1>?url=…&userId=…&signature=…)."""
    return (f"https://mailtrack.io/trace/link/7233bb35ccd13b3fe97c5e0cb90825a3bf1f974b?url={quote(url, safe='')}"
            "&userId=5832393&signature=388911f56318a357")


_LINK = re.compile(r"https?://[^\s<>\"']+")


def rewritten(raw: bytes, wrap: Callable[[str], str]) -> bytes:
    """`raw` as a gateway delivers it: every link of its text and HTML parts wrapped by `wrap` (in the HTML, the
    href; in the text, the link), the parts it changed encoded again in quoted-printable; the rest as it came."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    for part in msg.walk():
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html") or part.get_filename():
            continue
        charset = part.get_content_charset() or "utf-8"
        text = part.get_payload(decode=True).decode(charset)
        if kind == "text/html":
            text = re.sub(r'href="(https?://[^"]+)"', lambda m: 'href="' + wrap(m.group(1).replace("&amp;", "&"))
                          .replace("&", "&amp;") + '"', text)
        else:
            text = _LINK.sub(lambda m: wrap(m.group()), text)
        del part["Content-Transfer-Encoding"]
        part["Content-Transfer-Encoding"] = "quoted-printable"
        part.set_payload(quopri.encodestring(text.replace("\r\n", "\n").encode(charset)).decode("ascii"))
    return msg.as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


WETRANSFER = "https://we.tl/t-Vq3ZpR8sLk"
ONEDRIVE = "https://1drv.ms/f/s!AkRz3pLq8vYbgQx9TnWmE4uH2aJc"
# OneDrive for work's « Copier le lien » of a folder: the owner's address in the path, a 46-character token
SHAREPOINT = ("https://repaircafe62-my.sharepoint.com/:f:/g/personal/claire_dumont_repaircafe62_onmicrosoft_com/"
              "EkQx7Rz3pLq8vYbgQx9TnWmBE4uH2aJcN5sFd0oKi6tMwPA?e=hT4qZ9")


def gmail_with_link(to: str, link: str = WETRANSFER, sender: str = "Claire Dumont <claire.dumont62@gmail.example>",
                    anchor: str = "") -> bytes:
    """Gmail (web): the dossier and the letter attached, the photos sent by a transfer site, its link in the text
    (Gmail makes it a link in the HTML, the link as its own text; or, inserted with « Insérer un lien », under the
    `anchor` words, the text part then « words <link> »). (Layout: programmail.gmail_big_file's.)"""
    written = f"{anchor} <{link}>" if anchor else link
    text = (f"Bonjour,\n\nVoici notre candidature au label : le dossier d'intention et le courrier à Monsieur le Maire "
            f"en pièces jointes, les photos de l'atelier ici : {written}\n\nClaire Dumont\nRepair Café du Quartier\n")
    href = link.replace("&", "&amp;")
    html = ('<div dir="ltr">Bonjour,<div><br></div><div>Voici notre candidature au label : le dossier d\'intention et '
            'le courrier à Monsieur le Maire en pièces jointes, les photos de l\'atelier ici : <a href="'
            f'{href}">{anchor or href}</a></div><div><br></div><div>Claire Dumont</div><div>Repair Café du Quartier'
            '</div></div>\n')
    return _raw(f"""MIME-Version: 1.0
Date: Mon, 30 Nov 2026 09:41:07 +0100
Message-ID: <CAF9kV2xq7Lr3nPz0w=GwSx3bM1qz@mail.gmail.com>
Subject: Candidature label Smart City - Repair Café
From: {sender}
To: {to}
Content-Type: multipart/mixed; boundary="000000000000a3c5f705e8e1d102"

--000000000000a3c5f705e8e1d102
Content-Type: multipart/alternative; boundary="000000000000a3c5f505e8e1d100"

--000000000000a3c5f505e8e1d100
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--000000000000a3c5f505e8e1d100
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--000000000000a3c5f505e8e1d100--
--000000000000a3c5f705e8e1d102
Content-Type: application/pdf; name="Dossier d'intention.pdf"
Content-Disposition: attachment; filename="Dossier d'intention.pdf"
Content-Transfer-Encoding: base64
Content-ID: <f_mhq1x2d30>
X-Attachment-Id: f_mhq1x2d30

{_b64(d.pdf_text(d.DOSSIER_LINES))}
--000000000000a3c5f705e8e1d102
Content-Type: application/pdf; name="Courrier Maire.pdf"
Content-Disposition: attachment; filename="Courrier Maire.pdf"
Content-Transfer-Encoding: base64
Content-ID: <f_mhq1x2d41>
X-Attachment-Id: f_mhq1x2d41

{_b64(d.pdf_text(d.LETTER_LINES))}
--000000000000a3c5f705e8e1d102--
""")


def tuta_confidential(to: str, subject: str = "Candidature label Béthune Smart City",
                      link: str = "https://app.tuta.com/mail#Ts9kQ1xLmN3pR7vW2yZ4bC6dF8gH0jK5nP-qS_tU1wX3zA") -> bytes:
    """Tuta (formerly Tutanota) sending a « confidentiel » message to an address outside Tuta: the mailbox gets a
    notice from the sender's own address, the subject in clear, in HTML alone (the default notification template:
    a paragraph per line, the link as « Afficher l'e-mail chiffré » and again written out, then the sender), nothing
    else of the message; its text and files stay at Tuta behind the password the sender agreed with the recipient.
    Tuta strips the sender's client headers (« Tutanota strips headers from emails sent », its how-to). (Layout:
    Tuta's getDefaultNotificationMail in its open-source client, and tuta.com/support « Can Tuta encrypt emails to
    other email services? ».)"""
    html = ("<p>Bonjour,</p><p>L'expéditeur utilise Tuta pour la communication chiffrée de bout en bout. Vous "
            "trouverez plus d'informations sur https://tuta.com.</p>"
            f"<p><a href='{link}'>Afficher l'e-mail chiffré</a></p>"
            f"<p>Ou copiez ce lien dans votre navigateur :<br>{link}<br></p>"
            "<p>Cordialement,<br>Marc Vasseur</p>")
    return _raw(f"""Date: Mon, 30 Nov 2026 10:02:44 +0100 (CET)
From: Marc Vasseur <marc.vasseur@tuta.io>
Message-ID: <NkT3x9q--3-9@tuta.io>
To: {to}
Subject: =?UTF-8?Q?{quopri.encodestring(subject.encode(), header=True).decode()}?=
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: base64

{_b64(html.encode())}
""")


def _mailspring_tracked(url: str, n: int, recipient: str) -> str:
    recipient64 = quote(base64.b64encode(recipient.encode()).decode(), safe="")
    return (f"https://link.getmailspring.com/link/6F1D2C0B-8E4A-4B7C-9D3E-2A5B7C9E1F30@getmailspring.com/{n}?redirect="
            f"{quote(url, safe='')}&recipient={recipient64}")


def mailspring(to: str, link: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """Mailspring (desktop, « Link tracking » on, its default in the composer once turned on): every link of the
    HTML made a redirect through link.getmailspring.com (« /link/<message id>/<n>?redirect=<link>&recipient=<the
    recipient's address in base64> »), its own « Sent from Mailspring » signature too; the text part, made from the
    HTML, writes each link's words then the redirect in parentheses. Boundaries « <8 hex>_<n>_<hex> », the text
    part « Content-Disposition: inline », « X-Mailer: Mailspring ». (Layout: Mailspring's mails in public list
    archives in the search corpus, e.g. qemu-devel and intel-gfx; its link-tracking plugin's metadata.)"""
    tracked = _mailspring_tracked(link, 0, to)
    signature = _mailspring_tracked("https://getmailspring.com/", 1, to)
    text = (f"Bonjour,\n\nVeuillez trouver notre dossier d'intention et notre courrier à Monsieur le Maire en pièces "
            f"jointes, et les photos de nos ateliers ici ({tracked}).\n\nBien cordialement,\nYann Leclercq\n\n"
            f"Sent from Mailspring ({signature}), the best free email app for work\n")
    html = ('<div>Bonjour,</div><br><div>Veuillez trouver notre dossier d\'intention et notre courrier à Monsieur le '
            'Maire en pièces jointes, et les photos de nos ateliers <a href="' + tracked.replace("&", "&amp;") +
            '">ici</a>.</div><br><div>Bien cordialement,</div><div>Yann Leclercq</div><br><div class="signature">Sent '
            'from <a href="' + signature.replace("&", "&amp;") + '">Mailspring</a>, the best free email app for work'
            '</div><img class="mailspring-open" alt="Sent from Mailspring" width="0" height="0" style="border:0; '
            'width:0; height:0;" src="https://link.getmailspring.com/open/6F1D2C0B-8E4A-4B7C-9D3E-2A5B7C9E1F30@'
            'getmailspring.com?me=4f2a1b3c&amp;recipient=' + quote(base64.b64encode(to.encode()).decode(), safe="") +
            '">')
    attached = "".join(
        f'--6a4b1c2d_3e5f7a8b_9c1\nContent-Type: {mime}; name="{name}"\nContent-Transfer-Encoding: base64\n'
        f'Content-Disposition: attachment; filename="{name}"\n\n{_b64(data)}\n' for name, mime, data in files)
    return _raw(f"""Date: Mon, 30 Nov 2026 11:20:31 +0100
From: Yann Leclercq <yann.leclercq@ateliers-partages.example>
To: {to}
Message-ID: <6F1D2C0B-8E4A-4B7C-9D3E-2A5B7C9E1F30@getmailspring.com>
Subject: Candidature au label Smart City
X-Mailer: Mailspring
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="6a4b1c2d_3e5f7a8b_9c1"

--6a4b1c2d_3e5f7a8b_9c1
Content-Type: multipart/alternative; boundary="6a4b1c2d_2ae8944a_9c1"

--6a4b1c2d_2ae8944a_9c1
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(text)}
--6a4b1c2d_2ae8944a_9c1
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(html)}
--6a4b1c2d_2ae8944a_9c1--

{attached}--6a4b1c2d_3e5f7a8b_9c1--
""")


def _words(text: str, width: int = 30) -> str:
    """`text` as RFC 2047 Q words of UTF-8, one a folded line, as Zimbra writes a long subject."""
    chunks = [text[i:i + width] for i in range(0, len(text), width)]
    return "\n ".join("=?utf-8?Q?" + quopri.encodestring(c.encode(), header=True).decode().replace("=\n", "")
                       .replace("?", "=3F") + "?=" for c in chunks)


def zimbra_reply(ours: email.message.EmailMessage, applicant: str, letter: bytes, name: str = "Lettre signée.pdf"
                 ) -> bytes:
    """Free's webmail (Zimbra, zimbra.free.fr) answering our acknowledgement with the signed letter: « Thread-Topic »
    and « Thread-Index » added by Zimbra, « X-Mailer: Zimbra … (ZimbraWebClient …) », boundaries « =_<uuid> »; the
    answer above Zimbra's French quote header, « ----- Mail original ----- » then « De: / À: / Envoyé: / Objet: » (no
    space before the colon) and our text unindented; in the HTML, the divider <hr id="zwchr"
    data-marker="__DIVIDER__"> and the data-marker="__HEADERS__" / "__QUOTED_TEXT__" blocks; a file's non-ASCII name
    as RFC 2231 (filename*=utf-8''…) and as an RFC 2047 word in name=. (Layout: Zimbra's own mail as received, the
    markers in Zimbra's web client that mail parsers strip quotes by.)"""
    sender = ours["From"].addresses[0].addr_spec
    body = ours.get_body(("plain",)).get_content()
    text = (f"Bonjour,\n\nVoici le courrier signé pour compléter le dossier.\n\nCordialement,\nJean Dupont\n\n"
            f"----- Mail original -----\nDe: \"Mission Smart City\" <{sender}>\nÀ: \"jean dupont\" <{applicant}>\n"
            f"Envoyé: Lundi 30 Novembre 2026 00:10:42\nObjet: {ours['Subject']}\n\n{body}\n")
    html = ('<html><body><div style="font-family: arial, helvetica, sans-serif; font-size: 12pt; color: #000000"><div>'
            'Bonjour,</div><div><br></div><div>Voici le courrier signé pour compléter le dossier.</div><div><br></div>'
            '<div>Cordialement,</div><div>Jean Dupont</div><div><br></div><hr id="zwchr" data-marker="__DIVIDER__">'
            f'<div data-marker="__HEADERS__"><b>De: </b>"Mission Smart City" &lt;{sender}&gt;<br><b>À: </b>"jean '
            f'dupont" &lt;{applicant}&gt;<br><b>Envoyé: </b>Lundi 30 Novembre 2026 00:10:42<br><b>Objet: </b>'
            f'{ours["Subject"]}<br></div><br><div data-marker="__QUOTED_TEXT__">'
            + body.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>") + "</div></div></body></html>")
    word = "=?utf-8?Q?" + quopri.encodestring(name.encode(), header=True).decode() + "?="
    return _raw(f"""Date: Mon, 30 Nov 2026 10:05:12 +0100 (CET)
From: jean dupont <{applicant}>
To: Mission Smart City <{sender}>
Message-ID: <1843620127.98765432.1764493512345.JavaMail.root@zimbra62-e11.priv.proxad.net>
In-Reply-To: {ours['Message-ID']}
References: {ours['Message-ID']}
Subject: {_words('Re: ' + ours['Subject'])}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=_6b3c1d2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
X-Mailer: Zimbra 8.8.15_GA_4484 (ZimbraWebClient - FF120 (Linux)/8.8.15_GA_4481)
Thread-Topic: {_words(ours['Subject'])}
Thread-Index: 2kGpE1Yq4Zb0xR7mNtLhS3vWcD8AaQ==

--=_6b3c1d2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e
Content-Type: multipart/alternative; boundary="=_2a9f8e7d-6c5b-4a3f-9e1d-0c2b4a6f8e1d"

--=_2a9f8e7d-6c5b-4a3f-9e1d-0c2b4a6f8e1d
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--=_2a9f8e7d-6c5b-4a3f-9e1d-0c2b4a6f8e1d
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--=_2a9f8e7d-6c5b-4a3f-9e1d-0c2b4a6f8e1d--

--=_6b3c1d2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e
Content-Type: application/pdf; name="{word}"
Content-Disposition: attachment; filename*=utf-8''{quote(name.encode(), safe="")}
Content-Transfer-Encoding: base64

{_b64(letter)}
--=_6b3c1d2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e--
""")
