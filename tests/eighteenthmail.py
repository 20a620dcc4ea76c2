"""Application mail of an eighteenth round, byte for byte (CRLF line ends, as IMAP serves it), beside
tests/seventeenthmail.py: programs no round had written. Each builder writes an applicant's application (`forward_of`
empty), a colleague's forward of one (`forward_of`: the applicant's address, `by`: the colleague's) or an answer to our
acknowledgement (`answer`). No public sample of these programs' mail was found in the search corpus this round: each
shape is remembered from their mail in public list archives and support pages, and how sure it is is said.

- Windows Live Mail 2012 (Windows, French; still the program of many retired volunteers, kept from Windows 7).
  Sure (Outlook Express's MIME, which it keeps): `----=_NextPart_000_…` boundaries, « This is a multi-part message in
  MIME format. », X-Priority / X-MSMail-Priority / X-Mailer / X-MimeOLE, the text and HTML in ISO-8859-1
  quoted-printable, file names RFC 2047 words inside quotes on name= and filename=, its Message-ID `<32 hex@machine>`.
  Sure of OE's forward in an HTML mail: « ----- Original Message ----- » (a space after it), then each field on its
  line, the sender by NAME ONLY in the text part (the HTML has it as a `mailto:` link titled with the address), « Sent:
  » for the date. Medium: that the French version keeps the English separator line and writes « De : », « À : »,
  « Envoyé : », « Objet : » below it. Its answer quotes our mail under the same block (Outlook Express did).
- Alpine 2.26 (University of Washington's Pine continued; universities, old Unix hands). Sure (c-client's rfc822.c
  and Alpine's send.c, as its mail on public lists shows): the « This message is in MIME format.  The first part
  should be readable text, ... » preamble, boundaries `<hostid>-<random>-<time>=:<pid>`, MIME types and encodings in
  capitals (« APPLICATION/PDF », « BASE64 », « 8BIT »), a Content-ID and a Content-Description on each file,
  Message-ID `<alpine.DEB.2.26.…@host>`, « User-Agent: Alpine 2.26 (DEB 649 2022-06-02) »; its forward « ----------
  Forwarded message ---------- » then « Date: / From: / To: / Subject: » (English whatever the locale: Alpine has no
  French), its subject « … (fwd) » (Pine's, no « Fwd: » before it); its reply « On Tue, 1 Dec 2026, Mission Smart
  City wrote: » above the quote. Medium: non-ASCII file names in RFC 2231 (`name*=UTF-8''…`).
- Zoho Mail (web, French; small companies and associations on its free plan). Sure of its English forward
  (« ============ Forwarded message ============ » above and below the header, « From : / To : / Date : / Subject : »
  with a space before the colon), of its reply's attribution on one line between dashes and with no colon (« ---- On
  Tue, 01 Dec 2026 09:20:15 +0100 Mission Smart City <…> wrote --- »), of « User-Agent: Zoho Mail » and « X-Mailer: Zoho
  Mail », its Message-ID `<hex.hex.digits@domain>`, JavaMail's `----=_Part_…` boundaries. Medium: the French words
  (« ============ Message transféré ============ », « De : / À : / Date : / Objet : », « ---- Le mar., 01 déc. 2026
  09:20:15 +0100 Mission Smart City <…> a écrit --- »), and whether its text part, made from the HTML, marks the
  quote with « > » (the default here) or flattens the blockquote's lines unmarked (`marked=False`).
- Fastmail (web, French). Sure: `<uuid@app.fastmail.com>`, « User-Agent: Cyrus-JMAP/3.11.0-… », 32-hex unquoted
  boundaries, the reply attribution « On Tue, 1 Dec 2026, at 09:20, Mission Smart City wrote: » (in French « Le mar.
  1 déc. 2026, à 09:20, Mission Smart City a écrit : », medium) above a `<blockquote type="cite" id="qt">`, the
  forward « ----- Original message ----- » with From / To / Subject / Date (the subject before the date; French
  words medium). Medium: names as an RFC 2047 word in name= and RFC 2231 in filename*=.
- Mailbird (Windows, French; .NET, MimeKit's MIME). Sure of MimeKit: `=-<base64>==` boundaries, Message-ID
  `<12 capitals.13 capitals@host>`, RFC 2231 names; of Mailbird's HTML (`<div id="__MailbirdStyleContent">`, `<div
  class="mb_sig">`, `<blockquote class="history_container" type="cite">` and its grey attribution paragraph « On
  12/1/2026 9:20:15 AM, Mission Smart City <…> wrote: ») and « Sent with Mailbird » in the free version. Medium: the
  French words (« Le 01/12/2026 09:20:15, … a écrit : », « Envoyé avec Mailbird ») and X-Mailer « Mailbird
  3.0.13.0 ». Guessed: the forward's block in the same grey paragraph (« -------- Message transféré -------- »,
  « De : », « Date : », « Objet : », « À : »).
- Aqua Mail (Android, MobiSystems, French). Sure: « Envoyé avec AquaMail pour Android » and its link
  mobisystems.com/aqua-mail (its default signature, as its users' public posts end), the Message-ID
  `<hex.hex.32 hex@domain>`, « User-Agent: AquaMail/1.53.0 (build: 105300523) », the reply attribution with no comma
  (« On December 1, 2026 9:20:15 AM Mission Smart City <…> wrote: »; French « Le 1 décembre 2026 09:20:15 Mission
  Smart City <…> a écrit : », medium). Guessed: the forward's « ---------- Message transféré ---------- » block.
- GMX's webmail (gmx.fr, web.de, mail.com: 1&1's « trinity »), forwarding and answering. Sure of its HTML part alone
  and its MIME (tests/moreclients.py `gmx`), of the quote in `<div name="quote">` (no blockquote) and `<div
  name="quoted-content">`, its header the DATE FIRST in bold labels (web.de's « Gesendet: / Von: / An: / Betreff: »,
  no separator line, a German list archive's mail). Medium: gmx.fr's French labels « Envoyé: / De: / À: / Objet: »
  and date « lundi 30 novembre 2026 à 17:45 ».
- Nine (9Folders, Android; the Exchange app of many staff). Sure: an AOSP Email fork, « Sent from Nine » (« Envoyé
  depuis Nine » in French, medium). Guessed from AOSP's and Samsung's: the « -------- Message d'origine -------- »
  block, the `--_com.ninefolders.hd3.email_…` boundaries, the Message-ID on email.android.com.

The dossiers and letters carry the label's published facts (tests/tenthmail.py). Every function returns the raw
message."""

from __future__ import annotations

import base64
from email.header import Header
from email.message import EmailMessage
from html import escape
from urllib.parse import quote

from clientmail import _b64, _latin1_word, _qp, _raw
from fifteenthmail import APPLICATION_TEXT
from seventeenthmail import _b_word, _rfc2231, _who
from sixteenthmail import ANSWER_WORDS, FORWARD_WORDS, JEANNE, SUBJECT, _answered, _auth, _kind, _quoted, _subject
from tenthmail import _body

Files = list[tuple[str, str, bytes]]
APPLICANT = "jeanne.roux@jardins-egalite.example"


def _replying(answer: EmailMessage | None) -> str:
    return "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer)) if answer is not None else ""


def _html_lines(text: str, tag: str = "div", empty: str = "<br>") -> str:
    return "".join(f"<{tag}>{escape(line) or empty}</{tag}>\n" for line in text.splitlines())


def _latin1_subject(text: str) -> str:
    """A subject as MimeOLE writes it: ISO-8859-1 « Q » words, folded on lines of their own."""
    return text if text.isascii() else Header(text, "iso-8859-1", header_name="Subject").encode(linesep="\n\t")


# --- Windows Live Mail 2012 -----------------------------------------------------------------------------------------

def live_mail(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
              authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT,
              linked_name: str = "") -> bytes:
    """Windows Live Mail 2012 (French), HTML mail: mixed > alternative (text and HTML, ISO-8859-1 quoted-printable)
    and the files (RFC 2047 words in quotes); `forward_of`: « ----- Original Message ----- » and « De : Jeanne Roux »
    (her name only: the address is in the HTML's link) / « À : » / « Envoyé : » / « Objet : »; `answer`: the same
    block above our text, `words` hers on top. `linked_name`: the words of the HTML's link to the forwarded sender,
    when they are not the name the text gives (a message no Live Mail wrote)."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    mine, below, fields = APPLICATION_TEXT, "", []
    if forward_of:
        mine, below, subject = FORWARD_WORDS, APPLICATION_TEXT, "TR: " + SUBJECT
        fields = [("De", JEANNE, forward_of), ("À", by, by), ("Envoyé", "lundi 30 novembre 2026 17:45", ""),
                  ("Objet", SUBJECT, "")]
    elif answer is not None:
        mine, below, subject = words, _body(answer), "Re: " + answer["Subject"]
        fields = [("De", "Mission Smart City", to), ("À", applicant, applicant),
                  ("Envoyé", "mardi 1 décembre 2026 09:20", ""), ("Objet", answer["Subject"], "")]
    text, html = mine, ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<HTML><HEAD>\n'
                        '<META content="text/html; charset=iso-8859-1" http-equiv=Content-Type>\n</HEAD>\n'
                        '<BODY style="PADDING-LEFT: 10px; PADDING-RIGHT: 10px; PADDING-TOP: 15px" id=MailContainerBody '
                        'leftMargin=0 topMargin=0 CanvasTabStop="true" name="Compose message area">\n'
                        + _html_lines(mine, "DIV", "&nbsp;"))
    if fields:
        text += "\n----- Original Message ----- \n" + "".join(f"{k} : {v} \n" for k, v, _ in fields) + "\n" + below
        shown = [(k, linked_name if k == "De" and linked_name else v, a) for k, v, a in fields]
        html += ('<DIV style="FONT: 10pt arial">----- Original Message ----- </DIV>\n'
                 + "".join(f'<DIV style="FONT: 10pt arial"><B>{k} :</B> '
                           + (f'<A title={a} href="mailto:{a}">{escape(v)}</A>' if a else escape(v)) + "</DIV>\n"
                           for k, v, a in shown)
                 + "<DIV><BR></DIV>\n" + _html_lines(below, "DIV", "&nbsp;"))
    html += "</BODY></HTML>\n"
    b, alt = (f"----=_NextPart_00{n}_000{kind}_01DB63A2.4C8E1F60" for n in "01")
    parts = "".join(f"""--{b}
Content-Type: {mime};
\tname="{name if name.isascii() else _latin1_word(name)}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="{name if name.isascii() else _latin1_word(name)}"

{_b64(data)}

""" for name, mime, data in files)
    machine = "PCDECLAIRE" if forward_of else "PORTABLE-JEANNE"
    return _raw(f"""{_auth(authentication)}Message-ID: <8E2F41C07B9D4A6385E1F0C2D7A9B3E{kind}@{machine}>
From: "{sender.split(' <')[0]}" <{sender.split('<')[1].rstrip('>')}>
To: <{to}>
{_replying(answer)}Subject: {_latin1_subject(subject)}
Date: Tue, 1 Dec 2026 09:47:33 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{b}"
X-Priority: 3
X-MSMail-Priority: Normal
Importance: Normal
X-Mailer: Microsoft Windows Live Mail 16.4.3528.331
X-MimeOLE: Produced By Microsoft MimeOLE V16.4.3528.331

This is a multi-part message in MIME format.

--{b}
Content-Type: multipart/alternative;
\tboundary="{alt}"


--{alt}
Content-Type: text/plain;
\tcharset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(text, "iso-8859-1")}
--{alt}
Content-Type: text/html;
\tcharset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(html, "iso-8859-1")}
--{alt}--

{parts}--{b}--

""")


# --- Alpine ---------------------------------------------------------------------------------------------------------

def alpine(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
           authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """Alpine 2.26: text alone (format=flowed) or mixed with the files, types and encodings in capitals, a
    Content-ID and Content-Description on each file; `forward_of`: « ---------- Forwarded message ---------- » and
    its Date / From / To / Subject, the subject « … (fwd) »; `answer`: `words` above « On Tue, 1 Dec 2026, Mission
    Smart City wrote: » and our text quoted."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    if forward_of:
        subject = SUBJECT + " (fwd)"
        text = (FORWARD_WORDS + "\n---------- Forwarded message ----------\nDate: Mon, 30 Nov 2026 17:45:12 +0100\n"
                f"From: {JEANNE} <{forward_of}>\nTo: Accueil <{by}>\nSubject: {SUBJECT}\n\n" + APPLICATION_TEXT)
    elif answer is not None:
        text = words + "\nOn Tue, 1 Dec 2026, Mission Smart City wrote:\n\n" + _quoted(_body(answer)) + "\n"
    else:
        text = APPLICATION_TEXT
    host = "claire-pc" if forward_of else "jardin"
    b = f"8323328-1804289383-176457885{kind}=:3127"
    head = f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 09:47:33 +0100 (CET)
From: {sender}
To: {to}
{_replying(answer)}Subject: {_subject(subject)}
Message-ID: <alpine.DEB.2.26.261201094733{kind}.3127@{host}>
User-Agent: Alpine 2.26 (DEB 649 2022-06-02)
MIME-Version: 1.0
"""
    body = "Content-Type: TEXT/PLAIN; charset=UTF-8; format=flowed\nContent-Transfer-Encoding: 8BIT\n\n" + text
    if not files:
        return _raw(head + body)

    def param(attribute: str, name: str) -> str:
        return f"{attribute}={name}" if name.isascii() and " " not in name and "'" not in name else (
            f'{attribute}="{name}"' if name.isascii() else f"{attribute}*=UTF-8''{quote(name.encode(), safe='')}")

    parts = "".join(f"""--{b}
Content-Type: {mime.upper()}; {param("name", name)}
Content-Transfer-Encoding: BASE64
Content-ID: <alpine.DEB.2.26.26120109473{i}{kind}.3127@{host}>
Content-Description: {_subject(name)}
Content-Disposition: attachment; {param("filename", name)}

{_b64(data)}

""" for i, (name, mime, data) in enumerate(files, 1))
    return _raw(f"""{head}Content-Type: MULTIPART/MIXED; BOUNDARY="{b}"

  This message is in MIME format.  The first part should be readable text,
  while the remaining parts are likely unreadable without MIME-aware tools.

--{b}
{body}
{parts}--{b}--
""")


# --- Zoho Mail ------------------------------------------------------------------------------------------------------

def zoho(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
         authentication: str = "", words: str = ANSWER_WORDS, english: bool = False, marked: bool = True,
         applicant: str = APPLICANT) -> bytes:
    """Zoho Mail (web, French): mixed > alternative (text made from the HTML, HTML) and the files; `forward_of`: the
    header between two « ============ Message transféré ============ » lines (`english`: « Forwarded message »,
    « From : »...); `answer`: « ---- Le mar., 01 déc. 2026 09:20:15 +0100 Mission Smart City <…> a écrit --- »
    above our text, quoted (« > ») in the text part (`marked` False: its lines flattened from the blockquote with
    no « > »), `words` hers on top."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    mine, head_text, head_html, below = APPLICATION_TEXT, "", "", ""
    if forward_of:
        mine, below = FORWARD_WORDS, APPLICATION_TEXT
        line = "============ " + ("Forwarded message" if english else "Message transféré") + " ============"
        labels = ("From", "To", "Date", "Subject") if english else ("De", "À", "Date", "Objet")
        values = (f"{JEANNE} <{forward_of}>", f'"Accueil"<{by}>', "Mon, 30 Nov 2026 17:45:12 +0100", SUBJECT)
        fields = list(zip(labels, values, strict=True))
        head_text = f"\n\n\n{line}\n" + "".join(f"{k} : {v}\n" for k, v in fields) + f"{line}\n\n"
        head_html = (f'<div class="zmail_extra_hr" style="border-top: 1px solid rgb(204, 204, 204); height: 0px; '
                     f'margin-top: 10px; margin-bottom: 10px; line-height: 0px;"><br></div><div class="zmail_extra" '
                     f'data-zmail-extra="true"><div>{line}<br>'
                     + "".join(f"{k} : {escape(v)}<br>" for k, v in fields) + f"{line}</div><br>")
    elif answer is not None:
        mine, below = words, _body(answer)
        attribution = (f"---- Le mar., 01 déc. 2026 09:20:15 +0100 Mission Smart City <{to}> a écrit ---"
                       if not english else
                       f"---- On Tue, 01 Dec 2026 09:20:15 +0100 Mission Smart City <{to}> wrote ---")
        head_text = f"\n\n\n\n{attribution}\n\n"
        head_html = ('<div class="zmail_extra_hr" style="border-top: 1px solid rgb(204, 204, 204); height: 0px; '
                     'margin-top: 10px; margin-bottom: 10px; line-height: 0px;"><br></div><div class="zmail_extra" '
                     f'data-zmail-extra="true"><div><br></div><div id="Zm-_Id_-Sgn1">{escape(attribution)}<br></div>'
                     '<div><br></div>')
    text = mine + head_text + (_quoted(below) + "\n" if answer is not None and marked else below)
    html = ('<!DOCTYPE html><html><head><meta content="text/html;charset=UTF-8" http-equiv="Content-Type"></head>'
            '<body><div style="font-family: Verdana, Arial, Helvetica, sans-serif; font-size: 10pt;">'
            + _html_lines(mine) + head_html
            + ('<blockquote style="margin: 0px;">' + _html_lines(below) + "</blockquote></div>" if below else "")
            + "</div><br></body></html>\n")
    b, alt = (f"----=_Part_{n}8412{kind}_1904563217.1764578853000" for n in "12")
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{name if name.isascii() else _b_word(name)}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{name if name.isascii() else _b_word(name)}"
X-ZM_AttachId: 12935708421{kind}{i}0010

{_b64(data)}
""" for i, (name, mime, data) in enumerate(files))
    domain = (by or applicant).split("@")[1]
    return _raw(f"""{_auth(authentication)}Date: Tue, 01 Dec 2026 09:47:33 +0100
From: {sender}
To: "{to}" <{to}>
Message-Id: <19ad9f3c2e{kind}.b6c1e07a4d2f5938.4823719054630172{kind}@{domain}>
{_replying(answer)}Subject: {_subject(subject)}
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{b}"
Importance: Medium
User-Agent: Zoho Mail
X-Mailer: Zoho Mail

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


# --- Fastmail -------------------------------------------------------------------------------------------------------

def fastmail(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
             authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """Fastmail (web, French): mixed > alternative (text, HTML, quoted-printable) and the files; `forward_of`:
    « ----- Message d'origine ----- » and « De : / À : / Objet : / Date : »; `answer`: « Le mar. 1 déc. 2026, à
    09:20, Mission Smart City a écrit : » above our text quoted (« > » in the text, `<blockquote type="cite"
    id="qt">` in the HTML), `words` hers on top."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    mine, text_tail, html_tail = APPLICATION_TEXT, "", ""
    if forward_of:
        mine = FORWARD_WORDS
        fields = [("De", f"{JEANNE} <{forward_of}>"), ("À", f'"Accueil" <{by}>'), ("Objet", SUBJECT),
                  ("Date", "lundi 30 novembre 2026 17:45")]
        text_tail = ("\n\n----- Message d'origine -----\n" + "".join(f"{k} : {v}\n" for k, v in fields) + "\n"
                     + APPLICATION_TEXT)
        html_tail = ('<div><br></div><div>----- Message d\'origine -----</div>'
                     + "".join(f"<div>{k} : {escape(v)}</div>" for k, v in fields) + "<div><br></div>"
                     + _html_lines(APPLICATION_TEXT))
    elif answer is not None:
        mine = words
        attribution = "Le mar. 1 déc. 2026, à 09:20, Mission Smart City a écrit :"
        text_tail = "\n" + attribution + "\n" + _quoted(_body(answer)) + "\n"
        html_tail = (f'<div><br></div><div>{escape(attribution)}<br></div><blockquote type="cite" id="qt" style="">'
                     + _html_lines(_body(answer)) + "</blockquote>")
    html = ('<!DOCTYPE html><html><head><title></title><style type="text/css">p.MsoNormal,p.MsoNoSpacing{margin:0}'
            '</style></head><body>' + _html_lines(mine) + html_tail + "</body></html>\n")
    b, alt = (f"{n}c4f2a91e0b7d4e6a8f3b5c1d9e2a7f{kind}" for n in "ab")
    parts = "".join(f"""--{b}
Content-Type: {mime};
 name="{name if name.isascii() else _b_word(name)}"
Content-Disposition: attachment;
 {_rfc2231("filename", name)}
Content-Transfer-Encoding: BASE64

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
Message-Id: <7e1c3a59-2b4d-4f86-9a0e-c5d7b3f1a24{kind}@app.fastmail.com>
{_replying(answer)}User-Agent: Cyrus-JMAP/3.11.0-alpha0-1108-g3a29173c6-fm-20241106.001-g3a29173c
Date: Tue, 01 Dec 2026 09:47:33 +0100
From: {sender}
To: {to}
Subject: {_subject(subject)}
Content-Type: multipart/mixed; boundary={b}

--{b}
Content-Type: multipart/alternative;
 boundary={alt}

--{alt}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp(mine + text_tail)}
--{alt}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--

{parts}--{b}--
""")


# --- Mailbird -------------------------------------------------------------------------------------------------------

def mailbird(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
             authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """Mailbird (Windows, French; MimeKit's MIME): mixed > alternative (text, HTML) and the files (RFC 2231 names);
    « Envoyé avec Mailbird » and its link under her words; `forward_of`: its grey paragraph « -------- Message
    transféré -------- » with « De : / Date : / Objet : / À : » in a `history_container` blockquote; `answer`: « Le
    01/12/2026 09:20:15, Mission Smart City <…> a écrit : » and our text there, `words` hers on top."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    link = "https://www.getmailbird.com/?utm_source=Mailbird&utm_medium=email&utm_campaign=sent-from-mailbird"
    mine, head, below = APPLICATION_TEXT, [], ""
    if forward_of:
        mine, below = FORWARD_WORDS, APPLICATION_TEXT
        head = ["-------- Message transféré --------", f"De : {JEANNE} <{forward_of}>", "Date : 30/11/2026 17:45:12",
                f"Objet : {SUBJECT}", f"À : Accueil <{by}>"]
    elif answer is not None:
        mine, below = words, _body(answer)
        head = [f"Le 01/12/2026 09:20:15, Mission Smart City <{to}> a écrit :"]
    text = mine + f"\nEnvoyé avec Mailbird [{link}]\n"
    html = ('<div id="__MailbirdStyleContent" style="font-size: 10pt;font-family: Arial;color: #000000;'
            'text-align: left" dir="ltr">' + _html_lines(mine) + "</div>"
            f'<div class="mb_sig"><span>Envoyé avec <a href="{link}">Mailbird</a></span></div>')
    if head:
        text += "\n" + "\n".join(head) + "\n" + _quoted(below) + "\n"
        html += ('<blockquote class="history_container" type="cite" style="border-left-style:solid;'
                 'border-width:1px; margin-top:20px; margin-left:0px;padding-left:10px;">\n'
                 '<p style="color: #AAAAAA; margin-top: 10px;">' + "<br>".join(escape(h) for h in head) + "</p>"
                 + _html_lines(below) + "</blockquote>")
    b, alt = (f"=-{n}Kq7Vd2Lx9Rm4Tz8Yp1Wb{kind}g==" for n in "AB")
    parts = "".join(f"""--{b}
Content-Type: {mime}; {_rfc2231("name", name)}
Content-Disposition: attachment; {_rfc2231("filename", name)}
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in files)
    domain = (by or applicant).split("@")[1]
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
Date: Tue, 01 Dec 2026 09:47:33 +0100
From: {sender}
To: {to}
Message-ID: <HZBRN5MZ4TU{kind}.ZGEIV3UJ8TRL3@{domain}>
{_replying(answer)}Subject: {_subject(subject)}
X-Mailer: Mailbird 3.0.13.0
Content-Type: multipart/mixed; boundary="{b}"

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


# --- Aqua Mail ------------------------------------------------------------------------------------------------------

def aqua(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
         authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """Aqua Mail (Android, French): mixed > alternative (text format=flowed, HTML) and the files; « Envoyé avec
    AquaMail pour Android » and its link; `forward_of`: « ---------- Message transféré ---------- » and « De : /
    Date : / À : / Objet : »; `answer`: « Le 1 décembre 2026 09:20:15 Mission Smart City <…> a écrit : » (no comma)
    above our text quoted, `words` hers on top."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    signature = "Envoyé avec AquaMail pour Android\nhttps://www.mobisystems.com/aqua-mail"
    mine, tail_text, tail_html = APPLICATION_TEXT, "", ""
    if forward_of:
        mine = FORWARD_WORDS
        fields = [("De", f"{JEANNE} <{forward_of}>"), ("Date", "30 novembre 2026 17:45:12"),
                  ("À", f"Accueil <{by}>"), ("Objet", SUBJECT)]
        tail_text = ("\n---------- Message transféré ----------\n" + "".join(f"{k} : {v}\n" for k, v in fields)
                     + "\n" + APPLICATION_TEXT)
        tail_html = ('<div style="color: black;"><p style="color: black; font-size: 10pt; font-family: sans-serif; '
                     'margin: 8pt 0;">---------- Message transféré ----------<br>\n'
                     + "".join(f"<b>{k} :</b> {escape(v)}<br>\n" for k, v in fields) + "</p>"
                     + _html_lines(APPLICATION_TEXT) + "</div>")
    elif answer is not None:
        mine = words
        attribution = f"Le 1 décembre 2026 09:20:15 Mission Smart City <{to}> a écrit :"
        tail_text = "\n" + attribution + "\n\n" + _quoted(_body(answer)) + "\n"
        tail_html = ('<div style="color: black;"><p style="color: black; font-size: 10pt; font-family: sans-serif; '
                     f'margin: 8pt 0;">{escape(attribution)}</p><blockquote type="cite" class="gmail_quote" '
                     'style="margin: 0 0 0 0.75ex; border-left: 1px solid #808080; padding-left: 0.75ex;">'
                     + _html_lines(_body(answer)) + "</blockquote></div>")
    text = mine + "\n" + signature + "\n" + tail_text
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=us-ascii"></head><body>'
            '<div dir="auto">' + _html_lines(mine) + '</div><div dir="auto"><div id="aqm-signature" dir="auto">'
            '<div dir="auto">Envoyé avec <a href="https://www.mobisystems.com/aqua-mail">AquaMail pour Android</a>'
            "</div></div></div>" + tail_html + "</body></html>\n")
    b, alt = (f"19ad9f3c{n}0a2f1c8e{kind}27a0b3" for n in "45")
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{name if name.isascii() else _b_word(name)}"
Content-Disposition: attachment; {_rfc2231("filename", name)}
Content-Transfer-Encoding: base64

{_b64(data)}

""" for name, mime, data in files)
    domain = (by or applicant).split("@")[1]
    ident = base64.b16encode(f"aqua{kind}jardin{kind}2026".encode()).decode().lower()[:32]
    return _raw(f"""{_auth(authentication)}From: {sender}
To: {to}
Date: Tue, 01 Dec 2026 09:47:33 +0100
Message-ID: <19ad9f3c2e0.27a0.{ident}@{domain}>
{_replying(answer)}User-Agent: AquaMail/1.53.0 (build: 105300523)
Subject: {_subject(subject)}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

This is a multi-part message in MIME format.
--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; format=flowed; charset="UTF-8"
Content-Transfer-Encoding: 8bit

{text}
--{alt}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: 8bit

{html}
--{alt}--

{parts}--{b}--
""")


# --- GMX (gmx.fr, web.de, mail.com) ---------------------------------------------------------------------------------

def gmx(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
        authentication: str = "", words: str = ANSWER_WORDS, german: bool = False,
        applicant: str = APPLICANT) -> bytes:
    """GMX's webmail (French): its HTML part alone (tests/moreclients.py `gmx`), the files in RFC 2231;
    `forward_of` and `answer`: the mail below in its `<div name="quote">`, its header the date FIRST (« Envoyé: lundi
    30 novembre 2026 à 17:45 », then « De: », « À: », « Objet: », each label in bold; `german`: « Gesendet: / Von: /
    An: / Betreff: », web.de's), the mail in `<div name="quoted-content">`, `words` above."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    labels = ("Gesendet", "Von", "An", "Betreff") if german else ("Envoyé", "De", "À", "Objet")
    mine, fields, below = APPLICATION_TEXT, [], ""
    if forward_of:
        mine, below = FORWARD_WORDS, APPLICATION_TEXT
        date = "Montag, 30. November 2026 um 17:45 Uhr" if german else "lundi 30 novembre 2026 à 17:45"
        fields = list(zip(labels, (date, f'"{JEANNE}" <{forward_of}>', f'"Accueil" <{by}>', SUBJECT), strict=True))
    elif answer is not None:
        mine, below = words, _body(answer)
        date = "Dienstag, 01. Dezember 2026 um 09:20 Uhr" if german else "mardi 01 décembre 2026 à 09:20"
        fields = list(zip(labels, (date, f'"Mission Smart City" <{to}>', applicant, answer["Subject"]), strict=True))
    html = ('<html><head></head><body><div style="font-family: Verdana;font-size: 12.0px;">'
            + "".join(f"<div>{escape(line) or '&nbsp;'}</div>" for line in mine.splitlines()))
    if fields:
        html += ('<div>&nbsp;</div><div>&nbsp;</div><div name="quote" style="margin:10px 5px 5px 10px; padding: 10px 0 '
                 '10px 10px; border-left:2px solid #C3D9E5; word-wrap: break-word; -webkit-nbsp-mode: space; '
                 '-webkit-line-break: after-white-space;"><div style="margin:0 0 10px 0;">'
                 + "<br/>".join(f"<b>{k}:</b>&nbsp;{escape(v)}" for k, v in fields)
                 + '</div><div name="quoted-content">'
                 + "".join(f"<div>{escape(line) or '&nbsp;'}</div>" for line in below.splitlines()) + "</div></div>")
    html += "</div></body></html>"
    b = f"abmob-7d2e4f1a-9c3b-4e8d-a5f6-0b1c2d3e4f5{kind}"
    parts = "".join(f"""--{b}
Content-Type: {mime}
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename*=UTF-8''{quote(name.encode(), safe="")}

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
Message-ID: <trinity-5e2d3c4b-6a7f-8e9d-0c1b-a2b3c4d5e6f{kind}-1764578853123@3c-app-gmx-bs34>
From: {sender}
To: {to}
{_replying(answer)}Subject: {_subject(subject)}
Content-Type: multipart/mixed; boundary={b}
Date: Tue, 1 Dec 2026 09:47:33 +0100
Importance: normal
Sensitivity: Normal
X-Priority: 3
X-Provags-ID: V03:K1:Zq8Wm2Lr5Tx9Yv3Kn7Hd4sGf2bJc5aMe
X-UI-Message-Type: mail

--{b}
Content-Type: text/html; charset=UTF-8

{html}
{parts}--{b}--
""")


# --- Nine (Android, Exchange ActiveSync) ----------------------------------------------------------------------------

def nine(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
         authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """Nine (9Folders; Android, the Exchange app of many town and company staff, French): an AOSP Email fork, as
    Samsung Email is (tests/seventeenthmail.py `samsung`): mixed > alternative (text, HTML, base64) and the files;
    « Envoyé depuis Nine » under her words; `forward_of`: « -------- Message d'origine -------- » and « De : / Date :
    / À : / Objet : »; `answer`: the same block above our text, `words` hers on top."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    mine, fields, below = APPLICATION_TEXT, [], ""
    if forward_of:
        mine, below, subject = FORWARD_WORDS, APPLICATION_TEXT, "TR: " + SUBJECT
        fields = [("De", f"{JEANNE} <{forward_of}>"), ("Date", "lun. 30 nov. 2026 à 17:45"),
                  ("À", f"Accueil <{by}>"), ("Objet", SUBJECT)]
    elif answer is not None:
        mine, below, subject = words, _body(answer), "RE: " + answer["Subject"]
        fields = [("De", f"Mission Smart City <{to}>"), ("Date", "mar. 1 déc. 2026 à 09:20"), ("À", applicant),
                  ("Objet", answer["Subject"])]
    text = mine + "\n\nEnvoyé depuis Nine\n"
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>'
            + _html_lines(mine) + '<div><br></div><div id="signature_nine">Envoyé depuis Nine</div>')
    if fields:
        text += "\n-------- Message d'origine --------\n" + "".join(f"{k} : {v}\n" for k, v in fields) + "\n" + below
        html += ('<div><br></div><div><br></div><div>-------- Message d\'origine --------<br>'
                 + "".join(f"{k} : {escape(v)}<br>" for k, v in fields) + "<br></div>" + _html_lines(below))
    html += "</body></html>"
    b, alt = (f"--_com.ninefolders.hd3.email_17645788{n}3371234{kind}" for n in "56")
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{name if name.isascii() else _b_word(name)}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{name if name.isascii() else _b_word(name)}"

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
Date: Tue, 01 Dec 2026 09:47:33 +0100
Subject: {_subject(subject)}
Message-ID: <n7c2k9x4m1q8w3e6r5t0y2u{kind}.1764578853371@email.android.com>
{_replying(answer)}From: {sender}
To: {to}
Importance: Normal
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
