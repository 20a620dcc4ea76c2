"""Application mail of a seventeenth round, byte for byte (CRLF line ends, as IMAP serves it), beside
tests/sixteenthmail.py: programs no round had written, in their French interface. Each builder writes an
applicant's application (`forward_of` empty), a colleague's forward of one (`forward_of`: the applicant's address,
`by`: the colleague's) or an answer to our acknowledgement (`answer`). Where each shape comes from, and how sure it
is:

- Horde IMP (webmail of many French universities and hosts). Sure of the forward's text, from IMP's own code
  (horde/imp lib/Compose.php, forwardMessageText and _getMsgHeaders): « ----- Forwarded message from %s ----- »,
  then each header's label right-aligned to the longest (« Horde_String::pad($key . ': ', $max, ' ',
  STR_PAD_LEFT) »: « ␣␣␣Date: », « ␣␣␣␣␣De: »), the Date header's raw value, the mail, then « ----- End forwarded
  message ----- ». Guessed: the French catalogue's words (« Message transféré de %s », « Fin du message
  transféré », « Objet », « À »; the colon stays glued, it is in the code, not the catalogue). Horde_Mime's MIME as
  tests/fourteenthmail.py `horde_linked` writes it (« =_ » boundaries, size= in Content-Disposition, text
  format=flowed; DelSp=Yes), non-ASCII names in RFC 2231 UTF-8 (medium confidence). The answer's attribution
  « Citation Mission Smart City <…>: » is IMP's « Quoting %f: » translated (guessed).
- Postbox (macOS/Windows; a Thunderbird fork frozen on an old Gecko) and SeaMonkey. Sure of the old Mozilla
  French forward (public list archives: python-dev 2011, hwloc-users 2012, a Thunderbird 3-era HTML forward in an
  OpenERP export): « -------- Message original -------- », then « Sujet: \\t… », « Date : \\t… », « De : \\t… »,
  « Pour : \\t… » (a tab after each colon; « Sujet » with no space before its colon, « Pour », not « À »), and in
  the HTML a `moz-forward-container` with a `moz-email-headers-table`. Sure of old Thunderbird's MIME (« This is a
  multi-part message in MIME format. », `------------<24 digits>` boundaries, name= an RFC 2047 word and
  filename*= RFC 2231, the mail.strictly_mime.parm_folding default), and of a pasted signature image named with
  random letters (« dmmaocmdhicnijbp.png ») shown by `cid:part1.<hex>.<hex>@domain`. Medium: the `User-Agent:
  Postbox 7.0.60 (Windows/20220302)` string, and its answer's attribution « Le 01/12/2026 09:20, Mission Smart
  City a écrit : » (old Thunderbird's).
- The Bat! (Ritlabs, Windows). Sure of its English forward (linux-dvb and cygwin list archives, 2002-2009): « This
  is a forwarded message », « From: / To: / Date: Tuesday, November 4, 2008, 12:35:32 PM / Subject: », then
  « ===8<==============Original message text=============== » above the mail and « ===8<===========End of original
  message text=========== » below, its Message-ID `<digits.yyyymmddhhmmss@sender's domain>`, its signature « -- »,
  « Best regards, » and « ␣Name␣␣␣…mailto:address ». Guessed: the French template's words (« Ceci est un message
  transféré », « Texte du message original », « Cordialement, »), `X-Mailer: The Bat! (v10.5.3) Professional`,
  the `----------<hex>` boundaries and RFC 2047 names in quotes; its answer bottom-posted under « Le mardi 1
  décembre 2026, 09:20:15, vous avez écrit : », as its default template does (medium).
- eM Client 9/10 (Windows/macOS, French). Remembered, no public sample found (low confidence): the forward's HTML
  block « ------ Message d'origine ------ » (six dashes) then one `<div>` per field, its label and value with NO
  colon between them (« De "Jeanne Roux" <…> », « À … », « Date 30/11/2026 17:45:12 », « Objet … »), the text part
  made from it, the same block above the mail answered in a reply (guessed too). Sure (an earlier round,
  tests/devicemail.py `em_client`): `------=_MB<uuid>` boundaries, names as
  UTF-8 RFC 2047 « B » words on name= and filename=, `User-Agent: eM_Client/…`, « Reply-To » set.
- Samsung Email (Android, French). Sure (tests/programmail.py `samsung_reply` and crisp-oss
  email-forward-parser's French shapes): « Envoyé depuis mon appareil Galaxy », « -------- Message d'origine
  -------- » with « De : / Date : 30/11/2026 17:45 (GMT+01:00) / À : / Objet : », a space ending each field's line,
  text and HTML each base64, `--_com.samsung.android.email_<millis>` boundaries, a Message-ID on
  email.android.com.
- Roundcube 1.6 (Elastic; the webmail of most French hosts: OVH, o2switch, Gandi, Ionos's own aside), composing in
  HTML. Sure of the forward's HTML (Roundcube's create_forward_body, as YetiForce's copies of it carry it:
  « <p>-------- Message original --------</p> », a table, per row « <th align="right" nowrap="nowrap"
  valign="baseline">%s: </th><td>%s</td> », Objet, Date (date_long « 2026-11-30 17:45 »), De, À) and of how the
  text part is made from it (program/lib/Roundcube/rcube_html2text.php: « <th> » becomes « \t\tLABEL » in capitals
  and a line end, « <td> » « \t\tvalue » and a line end, rows apart, three line ends or more made two). Sure of
  « Message original », « Objet », « De », « À » in its French catalogue (earlier rounds' unit lines). Medium: the
  answer below the quote (reply_mode 0, its default), `=_<hex>` boundaries, name= an RFC 2047 word and filename*=
  RFC 2231 (mime_param_folding 1), the `size=` parameter.
- Yahoo Mail's iPhone app. Sure of « Sent from Yahoo Mail for iPhone » and its link to mail.onelink.me (public
  mailing-list posts), of the `yahoo-quoted-begin` paragraph and `iosymail` blockquote class (medium); the French
  « Envoyé de Yahoo Mail pour iPhone » (« de », where the Android app says « depuis », tests/moreclients.py) and the
  attribution's wording are assumed; X-Mailer « YahooMailIosMobile » is modelled on the Android app's.
- FairEmail (Android, French). Sure of its reply and forward headers (M66B/FairEmail, EntityMessage.java
  getReplyHeader): by default « <date> <sender>: » alone in a `<div fairemail="reply">` (no « a écrit »), the
  extended header « <strong>De :</strong> … » / « À : » / « Date : » / « Objet : » (strings title_from…, French words
  assumed) used here for the forward; the Message-ID `<uuid@domain>` (generateMessageId). Medium: the French medium
  date « 1 déc. 2026 09:20:15 », its text part made from the HTML with the blockquote as « > » lines, JavaMail's
  boundaries and RFC 2231 names (Jakarta Mail's encodeparameters); that the forward uses the extended header.

The dossiers and letters carry the label's published facts (tests/tenthmail.py). Every function returns the raw
message."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from html import escape
from urllib.parse import quote

import documents as d
from clientmail import _b64, _qp, _raw
from fifteenthmail import APPLICATION_TEXT
from sixteenthmail import ANSWER_WORDS, FORWARD_WORDS, JEANNE, SUBJECT, _answered, _auth, _kind, _quoted, _subject
from tenthmail import _body, _sender

Files = list[tuple[str, str, bytes]]
CLAIRE = "Claire Martin"


def _b_word(text: str) -> str:
    """An RFC 2047 « B » word in UTF-8."""
    return "=?utf-8?B?" + base64.b64encode(text.encode()).decode() + "?="


def _rfc2231(attribute: str, name: str) -> str:
    return f'{attribute}="{name}"' if name.isascii() else f"{attribute}*=utf-8''{quote(name.encode(), safe='')}"


def _who(forward_of: str, by: str, answer: EmailMessage | None, to: str, applicant: str) -> tuple[str, str, str]:
    """(From, To, Subject) of an application, a colleague's forward or an answer."""
    if forward_of:
        return f"{CLAIRE} <{by}>", to, "Fwd: " + SUBJECT
    if answer is not None:
        return f"{JEANNE} <{applicant}>", _sender(answer), "Re: " + answer["Subject"]
    return f"{JEANNE} <{applicant}>", to, SUBJECT


# --- Horde IMP ------------------------------------------------------------------------------------------------------

def _horde_header(fields: list[tuple[str, str]]) -> str:
    """IMP's _getMsgHeaders: each label and its « : » right-aligned to the longest, then the value."""
    width = max(len(label) for label, _ in fields) + 2
    return "".join(f"{(label + ': ').rjust(width)}{value}\n" for label, value in fields)


def _delsp(text: str, width: int = 76) -> str:
    """format=flowed; DelSp=Yes: each long line cut after a space, plus the space a reader deletes; a quoted line's
    pieces each keep its « > » (RFC 3676, 4.5)."""
    out = []
    for line in text.split("\n"):
        quote = "> " if line.startswith("> ") else ""
        while len(line) > width and " " in line[len(quote):width]:
            cut = line.rindex(" ", len(quote), width)
            out.append(line[:cut + 1] + " ")
            line = quote + line[cut + 1:]
        out.append(line)
    return "\n".join(out)


def horde(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
          authentication: str = "", words: str = ANSWER_WORDS,
          applicant: str = "jeanne.roux@jardins-egalite.example") -> bytes:
    """Horde IMP (H5, French): text alone, format=flowed; DelSp=Yes, the files as Horde_Mime writes them;
    `forward_of`: IMP's forward, its header right-aligned between « ----- Message transféré de … ----- » and
    « ----- Fin du message transféré ----- »; `answer`: « Citation Mission Smart City <…>: » above our quoted text,
    `words` hers on top."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    reply_headers = ""
    if forward_of:
        text = (FORWARD_WORDS + f"\n----- Message transféré de {JEANNE} <{forward_of}> -----\n"
                + _horde_header([("Date", "Mon, 30 Nov 2026 17:45:12 +0100"), ("De", f"{JEANNE} <{forward_of}>"),
                                 ("Objet", SUBJECT), ("À", f"Accueil <{by}>")])
                + "\n" + APPLICATION_TEXT + "\n\n----- Fin du message transféré -----\n")
    elif answer is not None:
        text = (words + f"\nCitation Mission Smart City <{to}>:\n\n" + _quoted(_body(answer)) + "\n")
        reply_headers = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    else:
        text = APPLICATION_TEXT
    b = "=_Hq4zR8mW2xT6vN1pL9sB3dF" + _kind(forward_of, answer)
    parts = "".join(f"""--{b}
Content-Type: {mime};
 {_rfc2231("name", name)}
Content-Disposition: attachment;
 size={len(data)};
 {_rfc2231("filename", name)}
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in files)
    head = f"""{_auth(authentication)}Date: Tue, 01 Dec 2026 09:47:33 +0100
Message-ID: <20261201094733.Horde.Zq2xW8kR5mT1vN4pL7sB3d{_kind(forward_of, answer)}@webmail.example>
From: {sender}
To: {to}
{reply_headers}Subject: {_subject(subject)}
User-Agent: Horde Application Framework 5
"""
    flowed = "Content-Type: text/plain; charset=utf-8; format=flowed; DelSp=Yes"
    if not files:
        return _raw(f"""{head}{flowed}
MIME-Version: 1.0
Content-Disposition: inline
Content-Transfer-Encoding: 8bit

{_delsp(text)}
""")
    return _raw(f"""{head}Content-Type: multipart/mixed; boundary="{b}"
MIME-Version: 1.0

This message is in MIME format.

--{b}
{flowed}
Content-Disposition: inline
Content-Transfer-Encoding: 8bit

{_delsp(text)}

{parts}--{b}--

""")


# --- Postbox (old Mozilla) ------------------------------------------------------------------------------------------

def _moz_parts(b: str, files: Files) -> str:
    """Old Thunderbird's files: name= an RFC 2047 word, filename*= RFC 2231 (mail.strictly_mime.parm_folding 2)."""
    return "".join(f"""--{b}
Content-Type: {mime};
 name="{name if name.isascii() else _b_word(name)}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
 {_rfc2231("filename", name)}

{_b64(data)}
""" for name, mime, data in files)


def postbox(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
            authentication: str = "", words: str = ANSWER_WORDS, logo: bool = True, signature_logo: bool = False,
            applicant: str = "jeanne.roux@jardins-egalite.example") -> bytes:
    """Postbox 7 (French), HTML with its text: mixed > alternative (text, related (HTML, the signature's pasted
    logo shown by cid:)) and the files; `forward_of`: the old Mozilla block (« -------- Message original -------- »,
    « Sujet: », « Date : », « De : », « Pour : », each followed by a tab) and its moz-email-headers-table, the
    colleague's signature logo (`logo`) in the related part (`signature_logo`: the applicant's own, in her
    application); `answer`: « Le 01/12/2026 09:20, Mission Smart City
    a écrit : » above our text quoted, `words` hers on top."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    reply_headers, sign, quoted_text, quoted_html = "", "", "", ""
    mine = APPLICATION_TEXT
    if forward_of:
        mine = FORWARD_WORDS
        fields = [("Sujet: ", SUBJECT), ("Date : ", "Mon, 30 Nov 2026 17:45:12 +0100"),
                  ("De : ", f"{JEANNE} <{forward_of}>"), ("Pour : ", f"Accueil <{by}>")]
        quoted_text = ("\n\n-------- Message original --------\n" + "".join(f"{k}\t{v}\n" for k, v in fields)
                       + "\n\n\n" + APPLICATION_TEXT)
        rows = "".join(f'<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">{escape(k)}</th><td>{escape(v)}'
                       '</td></tr>\n' for k, v in fields)
        quoted_html = ('<div class="moz-forward-container"><br>\n<br>\n-------- Message original --------\n'
                       '<table class="moz-email-headers-table" cellspacing="0" cellpadding="0" border="0">\n'
                       f'<tbody>\n{rows}</tbody>\n</table>\n<br>\n<br>\n'
                       + "".join(f"{escape(line)}<br>\n" for line in APPLICATION_TEXT.splitlines()) + "</div>\n")
    elif answer is not None:
        mine = words
        attribution = "Le 01/12/2026 09:20, Mission Smart City a écrit :"
        quoted_text = "\n" + attribution + "\n" + _quoted(_body(answer)) + "\n"
        quoted_html = (f'<div class="moz-cite-prefix">{escape(attribution)}<br>\n</div>\n<blockquote type="cite" '
                       f'cite="mid:{answer["Message-ID"].strip("<>")}">'
                       + "".join(f"{escape(line)}<br>\n" for line in _body(answer).splitlines()) + "</blockquote>\n")
        reply_headers = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    cid = f"part1.5E0C7A1B.3D9F42C6@{(by or applicant).split('@')[1]}"
    with_logo = logo and bool(forward_of) or signature_logo
    signer = (("Claire Martin", "Accueil - Ville de Béthune") if forward_of
              else ("Jeanne Roux", "Les Jardins de l'Égalité"))
    if with_logo:
        sign = f"\n-- \n{signer[0]}\n{signer[1]}\n"
    text = mine + sign + quoted_text
    html = ('<html>\n  <head>\n    <meta http-equiv="content-type" content="text/html; charset=UTF-8">\n  </head>\n'
            '  <body text="#000000" bgcolor="#FFFFFF">\n'
            + "".join(f"    {escape(line)}<br>\n" for line in mine.splitlines())
            + (f'    <div class="moz-signature">-- <br>\n{escape(signer[0])}<br>\n{escape(signer[1])}<br>\n'
               f'<img src="cid:{cid}" alt="" width="120" height="40"></div>\n' if with_logo else "")
            + quoted_html + "  </body>\n</html>\n")
    b, alt, rel = (f"------------{n}0804010203040506070{kind}" for n in "123")
    html_part = f"""Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 8bit

{html}"""
    if with_logo:
        html_part = f"""Content-Type: multipart/related;
 boundary="{rel}"


--{rel}
{html_part}
--{rel}
Content-Type: image/png;
 name="dmmaocmdhicnijbp.png"
Content-Transfer-Encoding: base64
Content-ID: <{cid}>
Content-Disposition: inline;
 filename="dmmaocmdhicnijbp.png"

{_b64(d.logo_png())}
--{rel}--
"""
    return _raw(f"""{_auth(authentication)}Subject: {_subject(subject)}
To: {to}
From: {sender}
Message-ID: <5f3a9c1e-2b7d-4e8a-9c61-0d4b8f2a7e3{kind}@{(by or applicant).split('@')[1]}>
{reply_headers}Date: Tue, 1 Dec 2026 09:52:07 +0100
User-Agent: Postbox 7.0.60 (Windows/20220302)
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="{b}"
Content-Language: fr

This is a multi-part message in MIME format.
--{b}
Content-Type: multipart/alternative;
 boundary="{alt}"


--{alt}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{text}
--{alt}
{html_part}
--{alt}--

{_moz_parts(b, files)}--{b}--
""")


# --- The Bat! -------------------------------------------------------------------------------------------------------

def the_bat(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
            authentication: str = "", words: str = ANSWER_WORDS, english: bool = False,
            applicant: str = "jeanne.roux@jardins-egalite.example") -> bytes:
    """The Bat! 10 (French): plain text 8bit, its « -- » signature with « mailto: »; `forward_of`: « Ceci est un
    message transféré » (`english`: « This is a forwarded message ») and its « ===8<=== » lines around the mail;
    `answer`: bottom-posted under « Le mardi 1 décembre 2026, 09:20:15, vous avez écrit : » and our text quoted."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    reply_headers = ""
    if forward_of:
        first = "Claire" if forward_of else "Jeanne"
        if english:
            head = (f"This is a forwarded message\nFrom: {JEANNE} <{forward_of}>\nTo: Accueil <{by}>\n"
                    f"Date: Monday, November 30, 2026, 5:45:12 PM\nSubject: {SUBJECT}\n\n"
                    "===8<==============Original message text===============\n")
            tail = "\n===8<===========End of original message text===========\n"
        else:
            head = (f"Ceci est un message transféré\nDe : {JEANNE} <{forward_of}>\nÀ : Accueil <{by}>\n"
                    f"Date : lundi 30 novembre 2026, 17:45:12\nObjet : {SUBJECT}\n\n"
                    "===8<==============Texte du message original===============\n")
            tail = "\n===8<===========Fin du texte du message original===========\n"
        text = FORWARD_WORDS + "\n" + head + APPLICATION_TEXT + tail
        address = by
    elif answer is not None:
        first, address = "Jeanne", applicant
        text = ("Bonjour Mission,\n\nLe mardi 1 décembre 2026, 09:20:15, vous avez écrit :\n\n"
                + _quoted(_body(answer)) + "\n\n" + words.replace("Bonjour,\n\n", "").replace("\nJeanne Roux\n", ""))
        reply_headers = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    else:
        first, address = "Jeanne", applicant
        text = APPLICATION_TEXT
    text += f"\n\n-- \nCordialement,\n {first}                          mailto:{address}\n"
    b = f"----------0A1B2C3D4E5F6A7{kind}"
    parts = "".join(f"""--{b}
Content-Type: {mime};
 name="{name if name.isascii() else _b_word(name)}"
Content-transfer-encoding: base64
Content-Disposition: attachment;
 filename="{name if name.isascii() else _b_word(name)}"

{_b64(data)}
""" for name, mime, data in files)
    head = f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 09:41:12 +0100
From: {sender}
X-Mailer: The Bat! (v10.5.3) Professional
Reply-To: {sender}
X-Priority: 3 (Normal)
Message-ID: <14710825{kind}9.20261201094112@{address.split('@')[1]}>
To: {to}
{reply_headers}Subject: {_subject(subject)}
MIME-Version: 1.0
"""
    if not files:
        return _raw(f"""{head}Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

{text}""")
    return _raw(f"""{head}Content-Type: multipart/mixed;
 boundary="{b}"

--{b}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

{text}
{parts}
--{b}--
""")


# --- eM Client ------------------------------------------------------------------------------------------------------

def em_client(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
              authentication: str = "", words: str = ANSWER_WORDS,
              applicant: str = "jeanne.roux@jardins-egalite.example") -> bytes:
    """eM Client 10 (French): mixed > alternative (text, HTML), the files' names RFC 2047 « B » words on both
    fields; `forward_of`: « ------ Message d'origine ------ » then its fields with no colon (« De "Jeanne Roux"
    <…> »); `answer`: the same block above our text (eM Client quotes a reply with it too), `words` hers on top."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    reply_headers = ""
    mine, fields, below = APPLICATION_TEXT, [], ""
    if forward_of:
        mine, below = FORWARD_WORDS, APPLICATION_TEXT
        fields = [("De", f'"{JEANNE}" <{forward_of}>'), ("À", f'"Accueil" <{by}>'),
                  ("Date", "30/11/2026 17:45:12"), ("Objet", SUBJECT)]
    elif answer is not None:
        mine, below = words, _body(answer)
        fields = [("De", f'"Mission Smart City" <{to}>'), ("À", f'"{JEANNE}" <{applicant}>'),
                  ("Date", "01/12/2026 09:20:15"), ("Objet", answer["Subject"])]
        reply_headers = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    text = mine
    html_quote = ""
    if fields:
        text += ("\n------ Message d'origine ------\n" + "".join(f"{k} {v}\n" for k, v in fields) + "\n" + below)
        html_quote = ('<div id="x2b4e1f07c9a3d58e">\r\n<div>------ Message d\'origine ------</div>\r\n'
                      + "".join(f'<div>{k} {escape(v)}</div>\r\n' for k, v in fields) + "</div>\r\n"
                      + '<div id="x6c1d9e3b2a7f4e0d"><blockquote cite="#" type="cite" class="cite2">\r\n'
                      + "".join(f"<div>{escape(line) or '<br />'}</div>\r\n" for line in below.splitlines())
                      + "</blockquote></div>\r\n")
    html = ('<html><head>\r\n<style id="css_styles">\r\nblockquote.cite { margin-left: 5px; margin-right: 0px; '
            'padding-left: 10px; padding-right:0px; border-left: 1px solid #cccccc }\r\n</style>\r\n</head>\r\n'
            '<body>' + "".join(f"<div>{escape(line) or '<br />'}</div>\r\n" for line in mine.splitlines())
            + html_quote + "</body></html>")
    b = f"------=_MBE1D2C3B4-A5F6-4789-ABCD-EF012345678{kind}"
    alt = f"------=_MB0F9E8D7C-6B5A-4321-9876-54321FEDCBA{kind}"
    parts = "".join(f"""--{b}
Content-Type: {mime};
 name="{name if name.isascii() else _b_word(name)}"
Content-Disposition: attachment;
 filename="{name if name.isascii() else _b_word(name)}"
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}From: {sender}
To: {to}
Subject: {_subject(subject)}
Date: Tue, 01 Dec 2026 08:52:07 +0000
Message-Id: <em3a7c1e0b-9d24-4f6b-8e51-2c0a9d7b4f1{kind}@a3f1c2d4.com>
{reply_headers}Reply-To: {sender}
User-Agent: eM_Client/10.1.4588.0
Mime-Version: 1.0
Content-Type: multipart/mixed;
 boundary="{b}"

--{b}
Content-Type: multipart/alternative;
 boundary="{alt}"

--{alt}
Content-Type: text/plain; format=flowed; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--

{parts}--{b}--

""")


# --- Samsung Email --------------------------------------------------------------------------------------------------

def samsung(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
            authentication: str = "", words: str = ANSWER_WORDS,
            applicant: str = "jeanne.roux@jardins-egalite.example") -> bytes:
    """Samsung Email (French): mixed > alternative (text, HTML, each base64) and the files; « Envoyé depuis mon
    appareil Galaxy »; `forward_of`: « -------- Message d'origine -------- » and its « De : / Date : / À : /
    Objet : » lines, each ending in a space, above the mail (not quoted); `answer`: the same block above our text,
    `words` hers on top."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    reply_headers = ""
    mine, fields, below = APPLICATION_TEXT, [], ""
    if forward_of:
        mine, below = FORWARD_WORDS, APPLICATION_TEXT
        fields = [("De", f"{JEANNE} <{forward_of}>"), ("Date", "30/11/2026 17:45 (GMT+01:00)"),
                  ("À", f"Accueil <{by}>"), ("Objet", SUBJECT)]
        subject = "TR: " + SUBJECT
    elif answer is not None:
        mine, below = words, _body(answer)
        fields = [("De", f"Mission Smart City <{to}>"), ("Date", "01/12/2026 09:20 (GMT+01:00)"),
                  ("À", applicant), ("Objet", answer["Subject"])]
        subject = "RE: " + answer["Subject"]
        reply_headers = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    signature = "Envoyé depuis mon appareil Galaxy"
    text = mine + f"\n\n\n{signature}\n"
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>'
            + "".join(f'<div dir="auto">{escape(line) or "<br>"}</div>' for line in mine.splitlines())
            + '<div dir="auto"><br></div><div dir="auto"><br></div><div id="composer_signature" dir="auto">'
            f'<div style="font-size:12px;color:#575757" dir="auto">{signature}</div></div>')
    if fields:
        text += ("\n\n\n-------- Message d'origine --------\n" + "".join(f"{k} : {v} \n" for k, v in fields)
                 + "\n" + below + "\n")
        html += ('<div dir="auto"><br></div><div><br></div><div align="left" dir="auto" style="font-size:100%;'
                 'color:#000000"><div>-------- Message d\'origine --------</div>'
                 + "".join(f"<div>{k} : {escape(v)} </div>" for k, v in fields) + "<div><br></div></div>"
                 + "".join(f'<div dir="auto">{escape(line) or "<br>"}</div>' for line in below.splitlines()))
    html += "</body></html>"
    b, alt = (f"--_com.samsung.android.email_17644{n}0533712345{kind}" for n in "89")
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{name if name.isascii() else _b_word(name)}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{name if name.isascii() else _b_word(name)}"

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
Date: Tue, 01 Dec 2026 09:15:33 +0100
Subject: {_subject(subject)}
Message-ID: <k4x9b2m7q1w8e3r6t5y0u2i{kind}.1764577533712@email.android.com>
{reply_headers}From: {sender}
To: {to}
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

{_b64(text.encode())}

--{alt}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

{_b64(html.encode())}

--{alt}--

{parts}--{b}--
""")


# --- Roundcube (Elastic) --------------------------------------------------------------------------------------------

def _rc_pre(text: str) -> str:
    """rcube_text2html: a plain-text mail shown in Roundcube's HTML editor, one `<div class="pre">`."""
    return '<div class="pre">' + "<br>\n".join(escape(line) for line in text.splitlines()) + "</div>"


def roundcube(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
              authentication: str = "", words: str = ANSWER_WORDS, flowed: bool = True,
              applicant: str = "jeanne.roux@jardins-egalite.example") -> bytes:
    """Roundcube 1.6 (Elastic, French), composing in HTML: multipart/alternative (the text made from the HTML by
    rcube_html2text, the HTML) in mixed with the files; `forward_of`: the header as Roundcube's HTML forward writes
    it, a table (« <th>Objet: </th><td>…</td> » per row) under « -------- Message original -------- », which
    html2text turns into « \\t\\tOBJET: » on one line and « \\t\\t<value> » on the next, each row apart; `answer`:
    below the quote, Roundcube's default (« En réponse, commencer le nouveau message sous la citation »), under
    « Le 2026-12-01 09:20, Mission Smart City a écrit : ». `flowed`: the text sent format=flowed (Roundcube's
    send_format_flowed, on by default), the label line's trailing space joining it to its value for a reader that
    unflows it; off (as administrators set it for old readers), each on its own line."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    reply_headers = ""
    if forward_of:
        rows = [("Objet", SUBJECT), ("Date", "2026-11-30 17:45"), ("De", f"{JEANNE} <{forward_of}>"),
                ("À", f"Accueil <{by}>")]
        html = ("".join(f"<p>{escape(p)}</p>\n" for p in FORWARD_WORDS.strip().split("\n\n"))
                + "<p><br></p>\n<p>-------- Message original --------</p>\n"
                '<table border="0" cellpadding="0" cellspacing="0">\n<tbody>\n'
                + "".join(f'<tr>\n<th align="right" nowrap="nowrap" valign="baseline">{k}: </th>\n<td>{escape(v)}'
                          "</td>\n</tr>\n" for k, v in rows)
                + "</tbody>\n</table>\n<br>" + _rc_pre(APPLICATION_TEXT) + "\n")
        text = ("\n\n".join(FORWARD_WORDS.strip().split("\n\n")) + "\n\n-------- Message original --------\n\n"
                + "\n\n".join(f"\t\t{k.upper()}: \n\t\t{v}" for k, v in rows) + "\n\n" + APPLICATION_TEXT)
    elif answer is not None:
        attribution = "Le 2026-12-01 09:20, Mission Smart City a écrit :"
        ours = _body(answer)
        html = (f"<p>{escape(attribution)}</p>\n<blockquote type=\"cite\" style=\"padding: 0 0.4em; border-left: "
                f"#1010ff 2px solid; margin: 0\">{_rc_pre(ours)}</blockquote>\n"
                + "".join(f"<p>{escape(p)}</p>\n" for p in words.strip().split("\n\n")))
        text = (attribution + "\n\n" + _quoted(ours) + "\n\n" + "\n\n".join(words.strip().split("\n\n")) + "\n")
        reply_headers = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    else:
        html = "".join(f"<p>{escape(p)}</p>\n" for p in APPLICATION_TEXT.strip().split("\n\n"))
        text = APPLICATION_TEXT
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /></head><body '
            "style='font-size: 10pt; font-family: Verdana,Geneva,sans-serif'>\n" + html + "</body></html>\n")
    b, alt = f"=_9f1c2d3e4b5a6978c0d1e2f3a4b5c6d{kind}", f"=_0e2d4c6b8a0f1e3d5c7b9a1f3e5d7c9{kind}"
    parts = "".join(f"""--{b}
Content-Transfer-Encoding: base64
Content-Type: {mime};
 name="{name if name.isascii() else _b_word(name)}"
Content-Disposition: attachment;
 {_rfc2231("filename", name)};
 size={len(data)}

{_b64(data)}
""" for name, mime, data in files)
    domain = (by or applicant).split("@")[1]
    flowed_param = ";\n format=flowed" if flowed else ""
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
Date: Tue, 01 Dec 2026 09:58:41 +0100
From: {sender}
To: {to}
Subject: {_subject(subject)}
{reply_headers}Message-ID: <9c2e7a41b3d8f05e6a1c4b7d2e9f03a{kind}@{domain}>
X-Sender: {sender.split('<')[1].rstrip('>')}
User-Agent: Roundcube Webmail/1.6.9
Content-Type: multipart/mixed;
 boundary="{b}"

--{b}
Content-Type: multipart/alternative;
 boundary="{alt}"

--{alt}
Content-Transfer-Encoding: 8bit
Content-Type: text/plain; charset=UTF-8{flowed_param}

{text}

--{alt}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html; charset=UTF-8

{_qp(html)}
--{alt}--

{parts}--{b}--
""")


# --- FairEmail ------------------------------------------------------------------------------------------------------

def fairemail(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
              authentication: str = "", words: str = ANSWER_WORDS,
              applicant: str = "jeanne.roux@jardins-egalite.example") -> bytes:
    """FairEmail (Android, French): JavaMail's MIME (`----=_Part_<n>_<n>.<millis>` boundaries, names in RFC 2231 on
    both fields), multipart/alternative (its text made from the HTML, format=flowed; the HTML); `forward_of`: its
    extended header (« <strong>De :</strong> … », « À : », « Date : », « Objet : », one `<br>` each) above the mail;
    `answer`: its default reply header, the date and the sender and a colon, nothing else (« 1 déc. 2026 09:20:15
    Mission Smart City <…>: »), in a `<div fairemail="reply">` above our text in a blockquote, `words` hers on top."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    reply_headers = ""
    mine, header_text, header_html, below, quoted = APPLICATION_TEXT, "", "", "", False
    if forward_of:
        mine, below = FORWARD_WORDS, APPLICATION_TEXT
        fields = [("De :", f"{JEANNE} <{forward_of}>"), ("À :", f"Accueil <{by}>"),
                  ("Date :", "30 nov. 2026 17:45:12"), ("Objet :", SUBJECT)]
        header_text = "".join(f"{k} {v}\n" for k, v in fields)
        header_html = "".join(f"<strong>{k} </strong>{escape(v)}<br>" for k, v in fields)
    elif answer is not None:
        mine, below, quoted = words, _body(answer), True
        header_text = f"1 déc. 2026 09:20:15 Mission Smart City <{to}>:\n"
        header_html = escape(header_text.strip())
        reply_headers = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    text = mine
    html = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in mine.strip().split("\n\n"))
    if header_text:
        text += "\n" + header_text + "\n" + (_quoted(below) if quoted else below) + "\n"
        html += (f'<div fairemail="reply" dir="ltr"><p>{header_html}</p></div>'
                 + ("<blockquote>" if quoted else "<div>")
                 + "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in below.strip().split("\n\n"))
                 + ("</blockquote>" if quoted else "</div>"))
    html = f"<!DOCTYPE html>\n<html><head></head><body>{html}</body></html>"
    b, alt = f"----=_Part_2_19845624{kind}.1764577212345", f"----=_Part_3_88204311{kind}.1764577212345"
    parts = "".join(f"""--{b}
Content-Type: {mime}; {_rfc2231("name", name)}
Content-Transfer-Encoding: base64
Content-Disposition: attachment; {_rfc2231("filename", name)}

{_b64(data)}
""" for name, mime, data in files)
    domain = (by or applicant).split("@")[1]
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 09:40:12 +0100
From: {sender}
To: {to}
Message-ID: <b6f1c2a4-7d3e-4a59-9c08-2e5f7a1d3c6{kind}@{domain}>
{reply_headers}Subject: {_subject(subject)}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--

{parts}--{b}--
""")


# --- Yahoo Mail for iPhone ------------------------------------------------------------------------------------------

YAHOO_IOS_LINK = ("https://mail.onelink.me/107872968?pid=nativeplacement&c=Global_Acquisition_YMktg_315_Internal_"
                  "EmailSignature&af_sub1=Acquisition&af_sub2=Global_YMktg&af_sub3=&af_sub4=100000604&af_sub5="
                  "EmailSignature__Static_")


def yahoo_ios(to: str, files: Files, answer: EmailMessage | None = None, authentication: str = "",
              words: str = ANSWER_WORDS, english: bool = False,
              applicant: str = "jeanne.roux@jardins-egalite.example") -> bytes:
    """Yahoo Mail's iPhone app (French): « Envoyé de Yahoo Mail pour iPhone » (`english`: « Sent from Yahoo Mail for
    iPhone »), its app link after it in the text part, the HTML's `yahoo-signature` div; `answer`: « Le lundi,
    novembre 30, 2026, 6:10 PM, Mission Smart City <…> a écrit : » (`yahoo-quoted-begin`) above our text in a
    `blockquote class="iosymail"`, `words` hers on top; JavaMail's boundaries, X-Mailer « YahooMailIosMobile »."""
    sender, to, subject = _who("", "", answer, to, applicant if not answer else to)
    kind = _kind("", answer)
    signature = "Sent from Yahoo Mail for iPhone" if english else "Envoyé de Yahoo Mail pour iPhone"
    reply_headers = ""
    mine = words if answer is not None else APPLICATION_TEXT
    text = mine + f"\n\n{signature} <{YAHOO_IOS_LINK}>\n"
    html = ('<html><head></head><body><div dir="ltr">' + escape(mine).replace("\n", "<br>") + '</div><br><br>'
            f'<div class="yahoo-signature"><a style="font-size:12px" href="{escape(YAHOO_IOS_LINK)}">{signature}</a>'
            "</div>")
    if answer is not None:
        attribution = f"Le lundi, novembre 30, 2026, 6:10 PM, Mission Smart City <{to}> a écrit :"
        text += "\n" + attribution + "\n\n" + _quoted(_body(answer)) + "\n"
        html += (f'<br><br><p class="yahoo-quoted-begin">{escape(attribution)}</p><blockquote class="iosymail">'
                 + escape(_body(answer)).replace("\n", "<br>") + "</blockquote>")
        reply_headers = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    html += "</body></html>"
    b, alt = f"----=_Part_612403_40718256{kind}.1764577212350", f"----=_Part_612402_99310427{kind}.1764577212349"
    parts = "".join(f"""--{b}
Content-Type: {mime}; {_rfc2231("name", name)}
Content-Transfer-Encoding: base64
Content-Disposition: attachment; {_rfc2231("filename", name)}

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 09:12:44 +0100
From: {sender}
To: {to}
Message-ID: <61D7A2F4-3B8C-4E19-A0D5-7C2E9B4F1A8{kind}@yahoo.example>
{reply_headers}Subject: {_subject(subject)}
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{b}"
X-Mailer: WebService/1.1.24768 YahooMailIosMobile

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
{parts}--{b}--
""")
