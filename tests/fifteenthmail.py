"""Application mail of a fifteenth round, byte for byte (CRLF line ends, as IMAP serves it), beside
tests/fourteenthmail.py: the forwards the last round left naming nobody, and programs no round had written.

- Outlook 2019 (Windows, French) forwarding a mail it received in plain text: no header block, only its attribution
  line, « Le 30/11/2026 17:45, « Jeanne Roux » <…> a écrit : » (the name between guillemets and non-breaking spaces,
  a byte-order mark before it when it opens the text), the mail below indented by four spaces
  (crisp-oss/email-forward-parser's fixture outlook_2019_fr_body.txt, its subject « TR: … »); its text part
  « text/plain; charset="utf-8" » base64, the files named `name="=?utf-8?B?…?="` (RFC 2047 inside quotes, what
  Outlook writes for a name that is not ASCII) with « Content-Description » and `size=` / `creation-date=` on the
  disposition, « _004_<id>_ » and « _000_<id>_ » boundaries, Thread-Topic / Thread-Index / Content-Language.
- Outlook 2019's HTML forward as Word writes it, read without its text part (the town's gateway or an IMAP server
  giving the HTML alone): the header block in bold (`<b><span lang=FR>De&nbsp;:</span></b>`), the source cut every
  76 characters (inside tags and words), the address a « mailto: » link between &lt; and &gt;, non-breaking spaces.
- Yahoo Mail (web, French) forwarding: its text part is the HTML flattened, the forward's header one line, the
  fields run together (« ----- Message transmis ----- De : Jeanne Roux <…>À : … Cc : …Envoyé : …Objet : … »:
  yahoo_fr_body.txt); « ----=_Part_… » boundaries, « X-Mailer: WebService/1.1.… YMailNorrin ».
- Proton Mail's web client forwarding (FW_PREFIX « Fw: »): its `ORIGINAL_MESSAGE` line in U+2010 HYPHENs, left in
  English by every translation (« ‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐ »), then its attribution « Le …, Jeanne Roux
  <…> a écrit : » and the mail in a « protonmail_quote » blockquote (ProtonMail/WebClients'
  helpers/message/messageDraft.ts `generateBlockquote`); its text part made from the HTML (« > » before each line).
- Tuta (Tutanota) forwarding: no separator at all, « Date: … / De: jeanne@… / À: … / Objet: … » (the date first, the
  addresses bare) then the mail in a « tutanota_quote » blockquote, the subject « FWD: … »
  (MailViewerViewModel.createResponseMailArgsForForwarding); Tuta sends an external recipient HTML alone.
- Geary (GNOME, GMime 3) writing an application: names in RFC 2231 with GMime's smallest charset (ISO-8859-1 for
  French), « =-<random> » boundaries, multipart/alternative text and HTML inside multipart/mixed; and forwarding
  (util-email.vala `quote_email_for_forward`, French: « ---------- Message transféré ---------- » then « De : »,
  « Objet : », « Date : », « À : »).
- Gmail on Android or iOS in French forwarding (« ---------- Message transféré --------- », « De : », « Date : …
  à … », « Objet : », « À : »); Orange's newer webmail forwarding under « -------- Message d'origine -------- »
  (« De : / Date : / À : / Objet : »).

The dossiers and letters carry the label's published facts (tests/tenthmail.py). Every function returns the raw
message."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from html import escape
from urllib.parse import quote

from clientmail import _b64, _qp, _raw
from tenthmail import _body, _sender

NBSP = "\u00a0"
Files = list[tuple[str, str, bytes]]


def _b_word(text: str) -> str:
    return f"=?utf-8?B?{base64.b64encode(text.encode()).decode()}?="


def _outlook_name(name: str) -> str:
    """Outlook's parameter value: the name itself when ASCII, else RFC 2047 « B » words of at most 45 bytes of text,
    folded on « \\n\\t » between them, inside the quotes."""
    if name.isascii():
        return f'"{name}"'
    words, data, at = [], name.encode(), 0
    while at < len(data):
        end = min(at + 45, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never inside a character
            end -= 1
        words.append(f"=?utf-8?B?{base64.b64encode(data[at:end]).decode()}?=")
        at = end
    return '"' + "\n\t".join(words) + '"'


def _outlook_parts(b: str, files: Files) -> str:
    return "".join(f"""--{b}
Content-Type: {mime}; name={_outlook_name(name)}
Content-Description: {name if name.isascii() else _b_word(name)}
Content-Disposition: attachment; filename={_outlook_name(name)}; size={len(data)};
\tcreation-date="Mon, 30 Nov 2026 16:40:12 GMT";
\tmodification-date="Mon, 30 Nov 2026 16:40:12 GMT"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in files)


def _auth(authentication: str) -> str:
    return f"Authentication-Results: {authentication}\n" if authentication else ""


APPLICATION_TEXT = ("Bonjour,\n\nVeuillez trouver ci-joint la candidature de l'association Les Jardins de l'Égalité au "
                    "label Béthune Smart City : le dossier d'intention, le courrier à Monsieur le Maire et des photos "
                    "du jardin partagé.\n\nBien cordialement,\nJeanne Roux\nPrésidente\n")


def outlook_2019_attribution_forward(by: str, to: str, applicant: str, files: Files,
                                     authentication: str = "") -> bytes:
    """A colleague's Outlook 2019 (French) forwarding Jeanne's plain-text application: her words, then Outlook's
    attribution line alone (« Le 30/11/2026 17:45, « Jeanne Roux » <…> a écrit : ») and the mail indented by four
    spaces; the files forwarded with it, Outlook's RFC 2047 names in quotes."""
    b, alt = "_004_PR1P264MB3894A2C7E1D04B5F8C9AB3E6PR1P264MB3894FRAP_", ""
    indented = "\n".join(("    " + line) if line else "" for line in APPLICATION_TEXT.splitlines())
    text = ("Bonjour Nicolas,\n\nCandidature reçue à l'accueil, je te la transmets.\n\nClaire MARTIN\nAccueil - "
            f"Ville de Béthune\n\n\ufeffLe 30/11/2026 17:45, «{NBSP}Jeanne Roux{NBSP}» <{applicant}> a écrit :\n\n"
            f"{indented}\n")
    return _raw(f"""{_auth(authentication)}From: MARTIN Claire <{by}>
To: "{to}" <{to}>
Subject: TR: Candidature label =?utf-8?Q?B=C3=A9thune?= Smart City
Thread-Topic: Candidature label =?utf-8?Q?B=C3=A9thune?= Smart City
Thread-Index: AQHbQ0V6l2m8nR5eTkqvYz3W1x9c2Q==
Date: Tue, 1 Dec 2026 08:41:07 +0000
Message-ID: <PR1P264MB3894A2C7E1D04B5F8C9AB3E6@PR1P264MB3894.FRAP264.PROD.OUTLOOK.COM>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:{alt}
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(text.replace(chr(10), chr(13) + chr(10)).encode())}

{_outlook_parts(b, files)}--{b}--
""")


def _word_wrapped(html: str, width: int = 76) -> str:
    """Word's HTML source cut into lines of at most `width` characters at a space (inside tags and text alike)."""
    out, line = [], ""
    for word in html.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    return "\n".join(out)


def outlook_bold_html_forward(by: str, to: str, applicant: str, files: Files, authentication: str = "") -> bytes:
    """Outlook 2019's HTML forward read without its text part: Word's HTML, the forwarded header in bold, each label
    in a `<span lang=FR>`, « &nbsp;: », the address a mailto link between &lt; and &gt;, the source cut at 76."""
    b = "_004_PR1P264MB3894B7D2E5F14C6A9D0BC4F7PR1P264MB3894FRAP_"
    link = f'<a href="mailto:{applicant}">{applicant}</a>'
    html = ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/'
            'omml" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv="Content-Type" content="text/html; '
            'charset=utf-8"><meta name="Generator" content="Microsoft Word 15 (filtered medium)"><style><!-- '
            '/* Style Definitions */ p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; '
            'font-family:"Calibri",sans-serif;} --></style></head><body lang="FR" link="#0563C1" vlink="#954F72" '
            'style="word-wrap:break-word"><div class="WordSection1"><p class="MsoNormal">Bonjour Nicolas,<o:p></o:p>'
            '</p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Candidature reçue à l’accueil, je '
            'te la transmets.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Claire '
            'MARTIN<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><div><div style="border:none;'
            'border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b><span lang="FR" '
            'style="mso-fareast-language:FR">De&nbsp;:</span></b><span lang="FR" style="mso-fareast-language:FR"> '
            f'Jeanne Roux &lt;{link}&gt; <br><b>Envoyé&nbsp;:</b> lundi 30 novembre 2026 17:45<br><b>À&nbsp;:'
            f'</b> Accueil &lt;<a href="mailto:{by}">{by}</a>&gt;<br><b>Objet&nbsp;:</b> Candidature label '
            'Béthune Smart City<o:p></o:p></span></p></div></div><p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
            + "".join(f'<p class="MsoNormal">{escape(line) or "<o:p>&nbsp;</o:p>"}<o:p></o:p></p>'
                      for line in APPLICATION_TEXT.splitlines()) + '</div></body></html>')
    return _raw(f"""{_auth(authentication)}From: MARTIN Claire <{by}>
To: "{to}" <{to}>
Subject: TR: Candidature label =?utf-8?Q?B=C3=A9thune?= Smart City
Thread-Topic: Candidature label =?utf-8?Q?B=C3=A9thune?= Smart City
Thread-Index: AQHbQ0V6l2m8nR5eTkqvYz3W1x9c2QAAb7Ew
Date: Tue, 1 Dec 2026 08:52:31 +0000
Message-ID: <PR1P264MB3894B7D2E5F14C6A9D0BC4F7@PR1P264MB3894.FRAP264.PROD.OUTLOOK.COM>
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp(_word_wrapped(html))}

{_outlook_parts(b, files)}--{b}--
""")


def _rfc2047_quoted_parts(b: str, files: Files, charset: str = "UTF-8") -> str:
    """Files named `name="=?UTF-8?B?…?="` on both fields (JavaMail's `mail.mime.encodefilename`, Tuta's)."""
    return "".join(f"""--{b}
Content-Type: {mime}; name="{_b_word(name).replace("utf-8", charset)}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{_b_word(name).replace("utf-8", charset)}"

{_b64(data)}

""" for name, mime, data in files)


def yahoo_forward(by: str, to: str, applicant: str, files: Files, english: bool = False,
                  authentication: str = "") -> bytes:
    """A colleague forwarding from Yahoo Mail's web client (the town's mailbox added to it as another account): the text
    part is the HTML flattened, the forwarded header one line (`english`: « ----- Forwarded Message ----- From: …To:
    …Sent: …Subject: … »), the files forwarded with it."""
    if english:
        head = (f"   ----- Forwarded Message ----- From: Jeanne Roux <{applicant}>To: \"{by}\" <{by}>Sent: Monday, "
                "November 30, 2026, 05:45:12 PM GMT+1Subject: Candidature label Béthune Smart City")
    else:
        head = (f"   ----- Message transmis ----- De : Jeanne Roux <{applicant}>À : \"{by}\" <{by}>Cc : Paul Roux "
                "<paul.roux@jardins-egalite.example>Envoyé : lundi 30 novembre 2026, 17:45:12 UTC+1Objet : "
                "Candidature label Béthune Smart City")
    text = "Pour le label, reçu sur ma boîte perso.\n\nClaire\n\n" + head + "\n " + APPLICATION_TEXT
    label = ("From", "To", "Sent", "Subject") if english else ("De", "À", "Envoyé", "Objet")
    html = ('<html><head></head><body><div class="ydp6f1c2b7ayahoo-style-wrap" style="font-family:Helvetica Neue, '
            'Helvetica, Arial, sans-serif;font-size:16px;"><div dir="ltr" data-setdir="false">Pour le label, reçu sur '
            'ma boîte perso.</div><div dir="ltr" data-setdir="false"><br></div><div dir="ltr" data-setdir="false">'
            'Claire</div><div><br></div><div id="ydp3a9e1c7fyahoo_quoted_8426153907" class="ydp3a9e1c7fyahoo_quoted">'
            '<div style="font-family:\'Helvetica Neue\', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;">'
            '<div>----- Message transmis ----- </div>'
            f'<div><b>{label[0]} :</b> Jeanne Roux &lt;{applicant}&gt;</div>'
            f'<div><b>{label[1]} :</b> "{by}" &lt;{by}&gt;</div>'
            f'<div><b>{label[2]} :</b> lundi 30 novembre 2026, 17:45:12 UTC+1</div>'
            f'<div><b>{label[3]} :</b> Candidature label Béthune Smart City</div><div><br></div>'
            + "".join(f"<div>{escape(line) or '<br>'}</div>" for line in APPLICATION_TEXT.splitlines())
            + "</div></div></div></body></html>")
    b, alt = "----=_Part_2841337_1172604931.1764841951802", "----=_Part_2841336_1550912437.1764841951801"
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 09:52:31 +0000 (UTC)
From: Claire Martin <{by}>
To: "{to}" <{to}>
Message-ID: <1473928651.2841338.1764841951803@mail.yahoo.com>
Subject: Fwd: Candidature label =?UTF-8?Q?B=C3=A9thune?= Smart City
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{b}"
X-Mailer: WebService/1.1.24794 YMailNorrin
Content-Length: 0

--{b}
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--

{_rfc2047_quoted_parts(b, files)}--{b}--
""")


def proton_forward(by: str, to: str, applicant: str, files: Files, authentication: str = "",
                   sender: str = "Claire Martin <claire.martin@proton.me>") -> bytes:
    """A colleague forwarding from Proton Mail's web client (French): « Fw: », her words, then Proton's line in
    U+2010 HYPHENs « ‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐ » and the attribution « Le lundi 30 novembre 2026 à 17:45,
    Jeanne Roux <…> a écrit : », the mail quoted (« > » in the text part made from the HTML). `sender`: her own
    Proton address by default (a forward intake believes only from a town address or one the rules name)."""
    hy = "\u2010" * 7
    attribution = f"Le lundi 30 novembre 2026 à 17:45, Jeanne Roux <{applicant}> a écrit :"
    quoted = "\n".join(f"> {line}" if line else ">" for line in APPLICATION_TEXT.splitlines())
    text = (f"Bonjour,\n\nCandidature reçue sur ma boîte, pour le service.\n\nClaire\n\nEnvoyé avec la messagerie "
            f"sécurisée Proton Mail.\n\n{hy} Original Message {hy}\n{attribution}\n\n{quoted}\n")
    html = (f'<div style="font-family: Arial, sans-serif; font-size: 14px;">Bonjour,</div><div style="font-family: '
            'Arial, sans-serif; font-size: 14px;"><br></div><div style="font-family: Arial, sans-serif; font-size: '
            '14px;">Candidature reçue sur ma boîte, pour le service.</div><div class="protonmail_signature_block">'
            '<div class="protonmail_signature_block-proton">Envoyé avec la messagerie sécurisée <a target="_blank" '
            'href="https://proton.me/mail/home">Proton Mail</a>.</div></div><div class="protonmail_quote">'
            f'{hy} Original Message {hy}<br>{escape(attribution)}<br><br><blockquote class="protonmail_quote" '
            'type="cite">' + "".join(f"<div>{escape(line) or '<br>'}</div>" for line in APPLICATION_TEXT.splitlines())
            + "</blockquote><br></div>")
    b, alt = "b1_Kq7wR3nT9vX2yZ5mB8cD1fG4hJ6kL0pS3uW", "b2_Kq7wR3nT9vX2yZ5mB8cD1fG4hJ6kL0pS3uW"
    return _raw(f"""{_auth(authentication)}Date: Tue, 01 Dec 2026 09:03:44 +0000
To: {to}
From: {sender}
Subject: Fw: Candidature label =?utf-8?Q?B=C3=A9thune?= Smart City
Message-ID: <r7Tq2LzW9xK4mN1bV6cH3jF8gD5sA0pE@proton.me>
Feedback-ID: 81234567:user:proton
X-Pm-Message-ID: a3fd0f7c1b2e49d8a6c5e4f3b2a1908776655443
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="{b}"

This is a multi-part message in MIME format.

--{b}
Content-Type: multipart/alternative;
 boundary="{alt}"

--{alt}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain; charset=utf-8

{_qp(text)}
--{alt}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html; charset=utf-8

{_qp(html)}

--{alt}--

{_rfc2047_quoted_parts(b, files)}--{b}--
""")


def tuta_forward(by: str, to: str, applicant: str, files: Files, authentication: str = "",
                 sender: str = "claire.martin@tuta.com") -> bytes:
    """A colleague forwarding from Tuta (French): « FWD: », no separator line, « Date: … », « De: jeanne@… » (the
    address bare), « À: … », « Objet: … » then the mail in a « tutanota_quote » blockquote; HTML alone. `sender`:
    her own Tuta address by default."""
    html = ('<div>Bonjour, voici une candidature reçue à l\'accueil.</div><div><br></div><div>Claire</div><br><br>'
            f'Date: 30 nov. 2026, 17:45<br>De: {applicant}<br>À: {by}<br>Objet: Candidature label Béthune Smart '
            'City<br><br><blockquote class="tutanota_quote">'
            + "".join(f"<div>{escape(line) or '<br>'}</div>" for line in APPLICATION_TEXT.splitlines())
            + "</blockquote>")
    b = "------------79Bu5A16qPEYcVIZL@tutanota"
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 10:04:12 +0100 (CET)
From: {sender}
To: {to}
Message-ID: <O-2XkLq--3-9@tuta.com>
Subject: FWD: Candidature label =?UTF-8?Q?B=C3=A9thune?= Smart City
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{b}"

--{b}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

<!DOCTYPE html><html><head><meta http-equiv=3D"content-type" content=3D"text/html; charset=3DUTF-8"></head><body>
{_qp(html)}
</body></html>
{_rfc2047_quoted_parts(b, files)}--{b}--
""")


def _gmime_value(value: str) -> str:
    """GMime's RFC 2231 parameter value: its smallest charset (« iso-8859-1 » for French), %XX outside attribute
    characters; ASCII values quoted when they hold a special."""
    if value.isascii():
        return f'"{value}"'
    charset = "iso-8859-1" if all(ord(c) < 256 for c in value) else "utf-8"
    return f"{charset}''" + quote(value.encode("latin-1" if charset == "iso-8859-1" else "utf-8"), safe="!#$&+-.^_`|~")


def _gmime_parts(b: str, files: Files) -> str:
    out = ""
    for name, mime, data in files:
        star = "" if name.isascii() else "*"
        out += f"""--{b}
Content-Type: {mime}; name{star}={_gmime_value(name)}
Content-Disposition: attachment; filename{star}={_gmime_value(name)}
Content-Transfer-Encoding: base64

{_b64(data)}
"""
    return out


def geary(to: str, files: Files, forward_of: str = "", by: str = "", authentication: str = "") -> bytes:
    """Geary 46 (GNOME, French): multipart/mixed of multipart/alternative (text 8bit format=flowed, HTML) and the
    files, GMime's « =-<random> » boundaries and RFC 2231 names in ISO-8859-1. `forward_of`: a colleague (`by`)
    forwards the application written by that address, under Geary's « ---------- Message transféré ---------- »
    then « De : / Objet : / Date : / À : »."""
    b, alt = "=-Jx4uT1qWm0fNb3rVh8Zk2A==", "=-Hc7pL5eRy9sGd6wQa1Xn3B=="
    if forward_of:
        sender, subject = f"Claire Martin <{by}>", "Fwd: Candidature label Béthune Smart City"
        text = ("Bonjour Nicolas,\n\nReçue à l'accueil, pour le label.\n\nClaire\n\n---------- Message transféré "
                f"----------\nDe : Jeanne Roux <{forward_of}>\nObjet : Candidature label Béthune Smart City\n"
                f"Date : 30 nov. 2026 à 17:45\nÀ : Accueil <{by}>\n\n" + APPLICATION_TEXT)
    else:
        sender, subject = "Jeanne Roux <jeanne.roux@jardins-egalite.example>", "Candidature label Béthune Smart City"
        text = APPLICATION_TEXT
    html = "".join(f"<div>{escape(line) or '<br>'}</div>" for line in text.splitlines())
    html = f'<html><head></head><body dir="auto"><div dir="auto">{html}</div></body></html>'
    word = "=?UTF-8?Q?" + _qp(subject).replace("=\n", "").replace(" ", "_") + "?="
    return _raw(f"""{_auth(authentication)}From: {sender}
To: {to}
Subject: {word}
Date: Tue, 01 Dec 2026 09:31:18 +0100
Message-ID: <a9d8e7f6c5b4.1764577878.1@jardins-egalite.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset=utf-8; format=flowed
Content-Transfer-Encoding: 8bit

{text}
--{alt}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--

{_gmime_parts(b, files)}--{b}--
""")


def gmail_mobile_forward(by: str, to: str, applicant: str, files: Files, authentication: str = "") -> bytes:
    """Gmail's Android or iOS app in French forwarding (the town's mailbox added to the app): « ---------- Message
    transféré --------- », « De : Jeanne Roux <…> », « Date : lun. 30 nov. 2026 à 17:45 », « Objet : … », « À : <…> »
    (the gmail_quote block's text),
    multipart/alternative, the files « Content-Disposition: attachment; filename="…" » with names RFC 2047 and an
    « X-Attachment-Id »."""
    b, alt = "000000000000a1b2c3060d4e5f67", "000000000000a1b2c2060d4e5f65"
    text = ("Pour le label.\n\n---------- Message transféré ---------\n"
            f"De : Jeanne Roux <{applicant}>\nDate : lun. 30 nov. 2026 à 17:45\nObjet : Candidature label Béthune "
            f"Smart City\nÀ : <{by}>\n\n\n" + APPLICATION_TEXT)
    html = ('<div dir="auto">Pour le label.</div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" '
            'class="gmail_attr">---------- Message transféré ---------<br>De&nbsp;: <strong class="gmail_sendername" '
            f'dir="auto">Jeanne Roux</strong> <span dir="auto">&lt;<a href="mailto:{applicant}">{applicant}</a>&gt;'
            '</span><br>Date&nbsp;: lun. 30 nov. 2026 à 17:45<br>Objet&nbsp;: Candidature label Béthune Smart City<br>'
            f'À&nbsp;: &lt;<a href="mailto:{by}">{by}</a>&gt;<br></div><br><br>'
            + "".join(f"<div>{escape(line) or '<br>'}</div>" for line in APPLICATION_TEXT.splitlines()) + "</div>")
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{_b_word(name).replace('utf-8', 'UTF-8')}"
Content-Disposition: attachment; filename="{_b_word(name).replace('utf-8', 'UTF-8')}"
Content-Transfer-Encoding: base64
Content-ID: <f_mi{n}k3q8x{n}>
X-Attachment-Id: f_mi{n}k3q8x{n}

{_b64(data)}
""" for n, (name, mime, data) in enumerate(files))
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
From: Claire Martin <{by}>
Date: Tue, 1 Dec 2026 10:12:40 +0100
Message-ID: <CAH8xQ2v7Lk9pR3mN5bT1wZ4cD6fG8hJ0kS2uV4xY6zA8bC0dE@mail.gmail.com>
Subject: =?UTF-8?Q?Fwd=3A_Candidature_label_B=C3=A9thune_Smart_City?=
To: {to}
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


def _html_of(ours: EmailMessage) -> str:
    part = ours.get_body(("html",))
    return part.get_content() if part is not None else escape(_body(ours)).replace("\n", "<br>")


def _subject_word(subject: str) -> str:
    return "=?utf-8?Q?" + _qp(subject).replace("=\n", "").replace(" ", "_").replace("?", "=3F") + "?="


def outlook_2019_reply(ours: EmailMessage, applicant: str, files: Files) -> bytes:
    """Outlook 2019 (French) answering our acknowledgement in plain text: « RE: » then our subject, her words on top,
    then its attribution « Le 01/12/2026 09:20, « Mission Smart City » <…> a écrit : » (a byte-order mark before it)
    and our text indented by four spaces, not « > »; In-Reply-To, References and Thread-Index; the missing file
    attached as Outlook names it."""
    b = "_004_PR1P264MB3894C1E8F6A25D7B0E1CD5A8PR1P264MB3894FRAP_"
    indented = "\n".join(("    " + line) if line else "" for line in _body(ours).splitlines())
    text = ("Bonjour,\n\nVeuillez trouver ci-joint le courrier signé à Monsieur le Maire.\n\nBien cordialement,\n"
            f"Jeanne Roux\n\n\ufeffLe 01/12/2026 09:20, «{NBSP}Mission Smart City{NBSP}» <{_sender(ours)}> a écrit :"
            f"\n\n{indented}\n")
    return _raw(f"""From: Jeanne Roux <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Subject: {_subject_word("RE: " + ours["Subject"])}
Thread-Topic: {_subject_word(ours["Subject"])}
Thread-Index: AQHbQ1Fa2m8nR5eTkqvYz3W1x9c2QAABc4Dw
Date: Tue, 1 Dec 2026 10:14:52 +0000
Message-ID: <PR1P264MB3894C1E8F6A25D7B0E1CD5A8@PR1P264MB3894.FRAP264.PROD.OUTLOOK.COM>
References: {ours['Message-ID']}
In-Reply-To: {ours['Message-ID']}
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="{b}"
MIME-Version: 1.0

--{b}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(text.replace(chr(10), chr(13) + chr(10)).encode())}

{_outlook_parts(b, files)}--{b}--
""")


def proton_reply(ours: EmailMessage, applicant: str, files: Files) -> bytes:
    """Proton Mail answering our acknowledgement: « Re: » and our subject, her words, Proton's signature line, then
    « ‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐ », the attribution and our text quoted; the missing file attached."""
    hy = "\u2010" * 7
    attribution = f"Le mardi 1 décembre 2026 à 09:20, Mission Smart City <{_sender(ours)}> a écrit :"
    quoted = "\n".join(f"> {line}" if line else ">" for line in _body(ours).splitlines())
    text = ("Bonjour,\n\nVoici le courrier signé qui manquait.\n\nJeanne Roux\n\nEnvoyé avec la messagerie sécurisée "
            f"Proton Mail.\n\n{hy} Original Message {hy}\n{attribution}\n\n{quoted}\n")
    html = ('<div style="font-family: Arial, sans-serif; font-size: 14px;">Bonjour,<br><br>Voici le courrier signé qui '
            'manquait.<br><br>Jeanne Roux</div><div class="protonmail_signature_block"><div class="protonmail_'
            'signature_block-proton">Envoyé avec la messagerie sécurisée <a target="_blank" href="https://proton.me/'
            f'mail/home">Proton Mail</a>.</div></div><div class="protonmail_quote">{hy} Original Message {hy}<br>'
            f'{escape(attribution)}<br><br><blockquote class="protonmail_quote" type="cite">{_html_of(ours)}'
            '</blockquote><br></div>')
    b, alt = "b1_Zr5tY8uI1oP4aS7dF0gH3jK6lQ9wE2rT", "b2_Zr5tY8uI1oP4aS7dF0gH3jK6lQ9wE2rT"
    return _raw(f"""Date: Tue, 01 Dec 2026 10:21:09 +0000
To: Mission Smart City <{_sender(ours)}>
From: Jeanne Roux <{applicant}>
Subject: {_subject_word("Re: " + ours["Subject"])}
Message-ID: <Hk3nP7qL2wX9vB4mC8tR1yZ6sD0fG5jA@proton.me>
In-Reply-To: {ours['Message-ID']}
References: {ours['Message-ID']}
Feedback-ID: 81234568:user:proton
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="{b}"

This is a multi-part message in MIME format.

--{b}
Content-Type: multipart/alternative;
 boundary="{alt}"

--{alt}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain; charset=utf-8

{_qp(text)}
--{alt}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html; charset=utf-8

{_qp(html)}

--{alt}--

{_rfc2047_quoted_parts(b, files)}--{b}--
""")


def tuta_reply(ours: EmailMessage, applicant: str, files: Files) -> bytes:
    """Tuta answering our acknowledgement, HTML alone: « Re: » and our subject, her words, then Tuta's info line
    « 1 déc. 2026, 09:20 de <address>: » and our HTML in a « tutanota_quote » blockquote; the missing file attached."""
    html = ('<div>Bonjour,</div><div>Voici le courrier signé qui manquait.</div><div>Jeanne Roux</div><div><br></div>'
            f'<div><br></div>1 déc. 2026, 09:20 de {_sender(ours)}:<br><blockquote class="tutanota_quote">'
            f'{_html_of(ours)}</blockquote>')
    b = "------------Rt8Vw2Qz5Lm0Kp3N@tutanota"
    return _raw(f"""Date: Tue, 1 Dec 2026 11:31:44 +0100 (CET)
From: {applicant}
To: {_sender(ours)}
Message-ID: <O-7YbTq--9-2@tuta.com>
In-Reply-To: {ours['Message-ID']}
References: {ours['Message-ID']}
Subject: {_subject_word("Re: " + ours["Subject"])}
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{b}"

--{b}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp('<!DOCTYPE html><html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8"></head><body>'
     + html + '</body></html>')}
{_rfc2047_quoted_parts(b, files)}--{b}--
""")
