"""Application mail of a twenty-third round, byte for byte (CRLF line ends, as IMAP serves it), beside
tests/twentysecondmail.py: programs, and ways of sending, no round had written. How sure each shape is, is said.

- SnappyMail (RainLoop's continuation; the webmail of many small hosts, of YunoHost, of Nextcloud's « SnappyMail »
  app, of Murena's /e/ cloud), composing in HTML in French. Sure (the-djmaze/snappymail, read through the fetch tool:
  MailSo/Mime/Message.php `ToStream`/`GetRootPart`, Part.php, PartCollection.php, Header.php, Parameter.php,
  Attachment.php `ToPart`, Base/Utils.php `EncodeHeaderValue`, StreamWrappers/Binary.php; RainLoop/Actions/Messages.php
  `buildMessage`): « MIME-Version » then « Date » (PHP's gmdate('r'), in UTC) put on top, then Content-Type, then
  From, Message-ID, « TLS-Required: No » (written whenever « Exiger une livraison sécurisée » is off, its default),
  Subject, To, In-Reply-To, References in the order they were set; no X-Mailer (hide_x_mailer_header defaults on);
  each header cut at its spaces past 78 columns (so « multipart/mixed; » alone on its line, « boundary=… » below);
  boundaries « _Part_<uuid>-<n> »; a file's name on name= AND filename= as ONE RFC 2047 « B » word of the whole name
  inside the quotes, never cut (so past 75 characters for a long name); the Subject B-encoded by iconv (« UTF-8 »);
  text and HTML quoted-printable, base64 in lines of 72 (PHP's stream filters, « line-length » 74). Sure of the French
  words (localization/fr/user.json: « %DATETIME% %EMAIL% a écrit » then « : » added by Compose.js; the forward's
  « -------- Message transféré ------- », « De », « À », « Envoyé », « Sujet ») and of how the forward writes its
  sender (Model/Email.js `toLine(false, true)`: « "Name" <a mailto link> », the link carrying « ?to= » and the name)
  and how the text part is made from the HTML (Common/Html.js `htmlToPlain`: a link whose text is not its target
  becomes « text target », blockquotes « > »). Medium: the date's exact French form (Intl's « LLL »).
- RainLoop 1.16 (SnappyMail's parent, still the webmail of many hosting panels): `snappymail`'s `rainloop`, said there.
- iCloud Mail on icloud.com: said on `icloud` (its headers sure from public list archives; its files guessed).
- Nextcloud Mail (the Mail app of Nextcloud; associations' own clouds, Framasoft's Framaspace, public bodies'
  « nuages »). Sure (nextcloud/mail, read through the fetch tool: src/ReplyBuilder.js `buildReplyBody`,
  lib/Service/MimeMessage.php, TransmissionService.php `handleAttachment`, MailTransmission.php `buildMimeHeaders`):
  a reply AND a forward both open with the same line, « "Name" address – date » (an en dash; the date Intl's long
  form, « 30 novembre 2026 à 17:45 »), the mail below in a blockquote inside `<div class="quote">`, no « a écrit »,
  no « Message transféré », no header block; the forward's subject « Fwd: »; the reply on top by default; headers Date,
  Message-ID, From, To, Subject as Horde_Mime_Headers writes them, no User-Agent; multipart/mixed > alternative (the
  text made from the HTML by Horde's Html2text, blockquotes as « > ») and the files. Medium: Horde_Mime_Part's exact
  output (as tests/seventeenthmail.py `horde` writes it: « =_ » boundaries, the preamble, RFC 2231 names, 8bit text),
  that the forward carries the forwarded mail's files (Composer's forwardFrom attachments).
- grommunio-web (Kopano WebApp continued, over gromox): said on `grommunio`.
- Gmail with the town's mailbox in « Cci » only (to herself, to another town, or to nobody visible): said on
  `gmail_bcc`.
- Mailchimp: an association's newsletter to its list, the town's mailbox among the subscribers. Sure of the headers (a
  public analysis of Mailchimp campaigns, prototypefund/BBND-unspy.email-untrack-email-analyzer,
  docs/decisions/adr-todo-headers-mailchimp.md): the Message-ID on mcsv.net / mcdlv.net, « X-Mailer: Mailchimp Mailer -
  **CID…** », X-Campaign, X-campaignid, X-Report-Abuse, X-MC-User, Feedback-ID « …:mc », List-ID « …mc list
  <….list-id.mcsv.net> », List-Unsubscribe (link and mailto), List-Unsubscribe-Post. Medium (remembered): the
  boundary « _----------=_MCPart_<digits> », the text part « format="fixed" », files uploaded to Mailchimp's
  content studio linked on mcusercontent.com, the Return-Path on mcsv.net.

The dossiers and letters carry the label's published facts (tests/tenthmail.py). Every function returns the raw
message."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from html import escape
from urllib.parse import quote

from clientmail import _b64, _qp, _raw
from fifteenthmail import APPLICATION_TEXT
from seventeenthmail import CLAIRE, _rfc2231
from sixteenthmail import ANSWER_WORDS, FORWARD_WORDS, JEANNE, SUBJECT, _answered, _auth, _kind, _subject
from tenthmail import _body, _sender

Files = list[tuple[str, str, bytes]]
APPLICANT = "jeanne.roux@jardins-egalite.example"
MISSION = "Mission Smart City"


def _paragraphs(text: str) -> str:
    """Text typed in an HTML editor: a <p> per paragraph, its lines joined by <br>."""
    return "".join(f"<p>{escape(p, quote=False).replace(chr(10), '<br>')}</p>" for p in text.strip().split("\n\n"))


def _plain_quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())


# --- SnappyMail -----------------------------------------------------------------------------------------------------

def _snappy_word(name: str) -> str:
    """MailSo's EncodeHeaderValue: the whole value one « B » word, lower-case « utf-8 », never cut."""
    return name if name.isascii() else "=?utf-8?B?" + base64.b64encode(name.encode()).decode() + "?="


def _snappy_header(name: str, value: str) -> str:
    """MailSo's Header::__toString: PHP's wordwrap at 78 - len(name) - 3 columns, at spaces only, « \\r\\n␣»."""
    width, lines, line = 78 - len(name) - 3, [], ""
    for word in value.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return f"{name}: " + "\n ".join(lines)


def _snappy_link(name: str, address: str, rainloop: bool = False) -> tuple[str, str]:
    """How SnappyMail writes a person in a forward or reply (Model/Email.js `toLine(false, true)`), and what its
    htmlToPlain makes of it (a link whose text is not its target: « text target »); RainLoop's link is not
    percent-encoded, only escaped as HTML."""
    href = f"mailto:{address}?to=" + (f'"{name}" <{address}>' if rainloop else quote(f'"{name}" <{address}>', safe=""))
    html = (f'&quot;{escape(name)}&quot; &lt;<a href="{escape(href)}" target="_blank" tabindex="-1">{address}</a>'
            "&gt;")
    return html, f'"{name}" <{address} {href} >'


def _snappy_html(inner: str) -> str:
    return ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
            f"<body>{inner}</body></html>")


def snappymail(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
               authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT,
               rainloop: bool = False, forwarded_name: str = JEANNE) -> bytes:
    """SnappyMail (French, HTML editor): an application; `forward_of`: a colleague's « Transférer » (« --------
    Message transféré ------- », « De: » with the sender as a mailto link, « À: », « Envoyé: », « Sujet: ») with the
    files attached again; `answer`: her `words` above « <date> "Mission Smart City" <…> a écrit : » and our text in a
    blockquote. `rainloop`: RainLoop 1.16, which SnappyMail continues (RainLoop/rainloop-webmail, read through the
    fetch tool: the same MailSo): « X-Mailer: RainLoop/1.16.0 » (hide_x_mailer_header off by default), no
    TLS-Required, boundaries « --=_Part_<3 digits>_<9 digits>.<time> » (Message.php `generateNewBoundary`), its
    forward's « Objet » (fr_FR.yml) and its text part keeping a link's words only (Common/Utils.js `htmlToPlain`),
    its reply's title then « : » glued (« a écrit: »). `forwarded_name`: the forwarded sender's name, as her `From`
    has it (SnappyMail writes it between quotes as it is)."""
    kind = _kind(forward_of, answer)
    reply = ""
    if forward_of:
        sender, recipient, subject = f'"{CLAIRE}" <{by}>', to, "Fwd: " + SUBJECT
        her_html, her_plain = _snappy_link(forwarded_name, forward_of, rainloop)
        date = "30 novembre 2026 à 17:45"
        label = "Objet" if rainloop else "Sujet"
        if rainloop:
            her_plain = f'"{forwarded_name}" <{forward_of}>'
        html = (_paragraphs(FORWARD_WORDS) + "<br><br><p>-------- Message transféré -------</p><div>"
                f"De: {her_html}<br>À: {escape(by)}<br>Envoyé: {date}<br>{label}: {escape(SUBJECT)}<br><br>"
                f"{_paragraphs(APPLICATION_TEXT)}</div>")
        plain = (FORWARD_WORDS.strip() + "\n\n-------- Message transféré -------\n\n"
                 f"De: {her_plain}\nÀ: {by}\nEnvoyé: {date}\n{label}: {SUBJECT}\n\n" + APPLICATION_TEXT.strip())
    elif answer is not None:
        sender, recipient, subject = f'"{JEANNE}" <{applicant}>', _sender(answer), "Re: " + answer["Subject"]
        ours_html, ours_plain = _snappy_link(MISSION, _sender(answer), rainloop)
        date = "1 décembre 2026 à 09:20"
        ours = _body(answer).replace("\r\n", "\n")
        colon = ":" if rainloop else " :"
        if rainloop:
            ours_plain = f'"{MISSION}" <{_sender(answer)}>'
        html = (_paragraphs(words) + f"<br><br><p>{date} {ours_html} a écrit{colon}</p><blockquote>"
                f"{_paragraphs(ours)}</blockquote>")
        plain = words.strip() + f"\n\n{date} {ours_plain} a écrit{colon}\n\n" + _plain_quote(ours)
        reply = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    else:
        sender, recipient, subject = f'"{JEANNE}" <{applicant}>', to, SUBJECT
        html, plain = _paragraphs(APPLICATION_TEXT), APPLICATION_TEXT.strip()
    mixed = f"_Part_5c1f8e2a-93b4-4d7e-a0f6-2b8c4e6d1a7{kind}-1"
    alternative = f"_Part_5c1f8e2a-93b4-4d7e-a0f6-2b8c4e6d1a7{kind}-2"
    if rainloop:
        mixed, alternative = f"--=_Part_41{kind}_873201945.1764578853", f"--=_Part_68{kind}_120457389.1764578853"
    text = f"""{_snappy_header("Content-Type", f'multipart/alternative; boundary="{alternative}"')}

--{alternative}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(plain)}
--{alternative}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(_snappy_html(html))}
--{alternative}--
"""
    attached = "".join(f"""
--{mixed}
{_snappy_header("Content-Type", f'{mime}; name="{_snappy_word(name)}"')}
{_snappy_header("Content-Disposition", f'attachment; filename="{_snappy_word(name)}"')}
Content-Transfer-Encoding: base64

{_b64(data, width=72)}""" for name, mime, data in files)
    b64_subject = "=?UTF-8?B?" + base64.b64encode(subject.encode()).decode() + "?="
    message_id = (f"9d4c2b7a1e8f3065c4b2a9d7e1f0c3b{kind}" if rainloop  # MD5 (RainLoop) or SHA-1 (SnappyMail) hex
                  else f"3f9a2c7e81b4d6052e1c9a8f7b3d4e6c0a2b5d1{kind}")
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
Date: Tue, 01 Dec 2026 08:47:3{kind} +0000
{_snappy_header("Content-Type", f'multipart/mixed; boundary="{mixed}"')}
{"X-Mailer: RainLoop/1.16.0" + chr(10) if rainloop else ""}From: {sender}
Message-ID: <{message_id}@{sender.split("@")[1].rstrip(">")}>
{"" if rainloop else "TLS-Required: No" + chr(10)}Subject: {b64_subject if not subject.isascii() else subject}
To: {recipient}
{reply}
--{mixed}
{text}{attached}
--{mixed}--
""")


def rainloop(to: str, files: Files, **kwargs) -> bytes:
    """RainLoop 1.16 (`snappymail`'s `rainloop`)."""
    return snappymail(to, files, rainloop=True, **kwargs)


# --- Nextcloud Mail -------------------------------------------------------------------------------------------------

def _nextcloud_html(inner: str) -> str:
    return ('<!DOCTYPE html>\n<html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8"></head>'
            f"<body>\n{inner}\n</body></html>\n")


def nextcloud(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
              authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT,
              forwarded_name: str = JEANNE) -> bytes:
    """Nextcloud Mail (French): an application; `forward_of`: a colleague's forward, her words on top, then the ONE
    line Nextcloud writes for a forward as for a reply (« "Jeanne Roux" jeanne.roux@… – 30 novembre 2026 à 17:45 »)
    and the mail in a blockquote, the files attached again (`forwarded_name`: the name there, as the sender's `From`
    has it: Nextcloud writes it raw); `answer`: her `words` on top, the same line for our mail and our text quoted."""
    kind = _kind(forward_of, answer)
    reply = ""
    if forward_of or answer is not None:
        if forward_of:
            sender, recipient, subject = f"{CLAIRE} <{by}>", to, "Fwd: " + SUBJECT
            mine, label, address, quoted = FORWARD_WORDS, forwarded_name, forward_of, APPLICATION_TEXT
            date = "30 novembre 2026 à 17:45"
        else:
            assert answer is not None
            sender, recipient, subject = f"{JEANNE} <{applicant}>", _sender(answer), "Re: " + answer["Subject"]
            mine, label, address, date, quoted = words, MISSION, _sender(answer), "1 décembre 2026 à 09:20", \
                _body(answer).replace("\r\n", "\n")
            reply = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
        line = f'"{label}" {address} – {date}'
        html = (_paragraphs(mine) + f'<p></p><p></p><div class="quote">{escape(line)}<br><blockquote>'
                f"{_paragraphs(quoted)}</blockquote></div>")
        plain = mine.strip() + f"\n\n{line}\n\n" + _plain_quote(quoted) + "\n"
    else:
        sender, recipient, subject = f"{JEANNE} <{applicant}>", to, SUBJECT
        html, plain = _paragraphs(APPLICATION_TEXT), APPLICATION_TEXT
    b = f"=_Wm3pQ8xZr5Tk2Lv9Nb4Hc7J{kind}"
    alt = f"=_Fd6sA1gY4uI7oP0eR3tW8qE{kind}"
    parts = "".join(f"""--{b}
Content-Type: {mime};
 {_rfc2231("name", name)}
Content-Disposition: attachment;
 {_rfc2231("filename", name)}
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}Date: Tue, 01 Dec 2026 09:47:3{kind} +0100
Message-ID: <20261201094733.Horde.Nc8kT2wQ5zR9mX1vB7pL4s{kind}@cloud.jardins-egalite.example>
From: {sender}
To: {recipient}
{reply}Subject: {_subject(subject)}
Content-Type: multipart/mixed; boundary="{b}"
MIME-Version: 1.0

This message is in MIME format.

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{plain}
--{alt}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 8bit

{_nextcloud_html(html)}
--{alt}--

{parts}--{b}--
""")


# --- iCloud Mail (web) ----------------------------------------------------------------------------------------------

def _icloud_divs(text: str) -> str:
    return "".join(f"<div>{escape(line, quote=False)}</div>" if line else "<div><br></div>"
                   for line in text.splitlines())


def icloud(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
           authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """iCloud Mail on icloud.com (French), writing an application from her own domain (iCloud+ « Domaine de messagerie
    personnalisé »); `forward_of`: a colleague with an iCloud address forwarding one (Apple's « Début du message
    réexpédié : », « De: / Date: / À: / Objet: », the files attached again); `answer`: her `words`, then « Le 1 déc.
    2026 à 09:20, Mission Smart City <…> a écrit : » and our mail in a `<blockquote type="cite">`.
    Sure (its mail in public list archives, 2016-2026, read through the search tool): headers To, From, Subject, Date
    « +0000 (GMT) », « X-Mailer: iCloud MailClient… MailServer… », « Message-id » (lower-case « id ») `<uuid@me.com>`,
    Content-Type, MIME-Version in that order; boundaries « Apple-Webmail-42--<uuid> » unquoted,
    « Apple-Webmail-86--<uuid> » for the HTML's multipart/related (type="text/html"), each parameter on a line of its
    own indented by four spaces (« charset=utf-8; » ending the HTML's); Content-Transfer-Encoding BEFORE Content-Type;
    the HTML one `<div>` per line; and, since 2024, the text part made from the HTML by joining its lines with one
    space: ONE line (quoted-printable cut) holding her words, the attribution and the mail answered or forwarded,
    nothing marked « > » (« Hello, Peter On Oct 3, 2024, at 2:58 PM, Peter van Dijk <peter@…> wrote: Hello, … »,
    oss-security, 2024). Apple's forward line and fields (« Comienza el mensaje reenviado: » then « De: / Fecha:
    4/7/2020 / Para: / Asunto: » in a Spanish one, 2020). Guessed (no sample with a file found): the multipart/mixed
    around them (« Apple-Webmail-42 » outside, the alternative « Apple-Webmail-65 »), the files' fields in Apple
    Mail's order, RFC 2231 names; the French attribution (Apple Mail's)."""
    kind = _kind(forward_of, answer)
    uuid = "d3a9c5e1-7b2f-4e68-9a1c-5f0b8e2d4c7" + kind
    reply = ""
    if forward_of:
        sender, recipient, subject = f"{CLAIRE} <{by}>", to, "Fwd: " + SUBJECT
        html = (_icloud_divs(FORWARD_WORDS.strip() + "\n\n\nDébut du message réexpédié :\n\n")
                + _icloud_divs(f"De: {JEANNE} <{forward_of}>\nDate: 30/11/2026\nÀ: {by}\nObjet: {SUBJECT}\n\n")
                + _icloud_divs(APPLICATION_TEXT))
        lines = (FORWARD_WORDS + "Début du message réexpédié :\n" + f"De: {JEANNE} <{forward_of}>\nDate: 30/11/2026\n"
                 f"À: {by}\nObjet: {SUBJECT}\n" + APPLICATION_TEXT)
    elif answer is not None:
        sender, recipient, subject = f"{JEANNE} <{applicant}>", _sender(answer), "Re: " + answer["Subject"]
        said = f"Le 1 déc. 2026 à 09:20, {MISSION} <{_sender(answer)}> a écrit :"
        ours = _body(answer).replace("\r\n", "\n")
        html = (_icloud_divs(words.strip() + "\n") + f'<blockquote type="cite"><div>{escape(said, quote=False)}<br>'
                "</div><div><br></div>" + _icloud_divs(ours) + "</blockquote>")
        lines = words + said + "\n" + ours
        reply = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    else:
        sender, recipient, subject = f"{JEANNE} <{applicant}>", to, SUBJECT
        html, lines = _icloud_divs(APPLICATION_TEXT), APPLICATION_TEXT
    flat = " ".join(line.strip() for line in lines.splitlines() if line.strip())
    parts = "".join(f"""
--Apple-Webmail-42--{uuid}
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
    {_rfc2231("filename", name)}
Content-Type: {mime};
    {_rfc2231("name", name)}

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}To: {recipient}
From: {sender}
Subject: {_subject(subject)}
Date: Tue, 01 Dec 2026 08:47:3{kind} +0000 (GMT)
X-Mailer: iCloud MailClient2634Hotfix39 MailServer2612B5.952a5ad53a12
Message-id: <6b1e9f42-0c8d-4a75-b3e2-8d4f7a1c9e0{kind}@me.com>
Content-Type: multipart/mixed; boundary=Apple-Webmail-42--{uuid}
MIME-Version: 1.0
{reply}

--Apple-Webmail-42--{uuid}
Content-Type: multipart/alternative;
    boundary=Apple-Webmail-65--{uuid}


--Apple-Webmail-65--{uuid}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
    charset=utf-8;
    format=flowed

{_qp(flat)}
--Apple-Webmail-65--{uuid}
Content-Type: multipart/related;
    type="text/html";
    boundary=Apple-Webmail-86--{uuid}


--Apple-Webmail-86--{uuid}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html;
    charset=utf-8;

{_qp("<html><body>" + html + "</body></html>")}
--Apple-Webmail-86--{uuid}--

--Apple-Webmail-65--{uuid}--
{parts}
--Apple-Webmail-42--{uuid}--

""")


# --- grommunio-web -------------------------------------------------------------------------------------------------

def grommunio(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
              authentication: str = "", words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """grommunio-web (Kopano WebApp's continuation, over gromox: the Exchange-like groupware some French hosts and
    collectivités run), in French. `forward_of`: a colleague's « Transférer »; `answer`: her answer to our mail.
    Sure (grommunio/grommunio-web, read through the fetch tool: client/zarafa/mail/data/Templates.js
    `htmlQuotedTemplate`, MailContextModel.js, server/language/fr_FR.UTF-8/…/grommunio_web.po): the block above the
    mail forwarded or answered, in a blockquote, « --------------------Message initial-------------------- » (twenty
    dashes each side, no spaces; « Original message » in French), then « <strong>De:</strong> Jeanne
    Roux&nbsp;&lt;…&gt; », « Envoyé: » (Ext's « l jS F Y » date), « À: », « Sujet: »; the subjects « TR: » (its
    French « Fwd ») and « REF: » (its French « Re »). Sure: « X-Mailer: gromox » (gromox's MIME export test). Medium:
    vmime's « =_ » boundaries and RFC 2231 names, the text part gromox makes from the HTML (the block's lines as they
    are, the quote unmarked)."""
    kind = _kind(forward_of, answer)
    reply = ""
    if forward_of:
        sender, recipient, subject = f"{CLAIRE} <{by}>", to, "TR: " + SUBJECT
        mine, who, when, whom, about, below = (FORWARD_WORDS, f"{JEANNE} <{forward_of}>",
                                               "lundi 30 novembre 2026 17:45", f"Accueil <{by}>", SUBJECT,
                                               APPLICATION_TEXT)
    elif answer is not None:
        sender, recipient, subject = f"{JEANNE} <{applicant}>", _sender(answer), "REF: " + answer["Subject"]
        mine, who, when, whom, about, below = (words, f"{MISSION} <{_sender(answer)}>", "mardi 1 décembre 2026 09:20",
                                               f"{JEANNE} <{applicant}>", answer["Subject"],
                                               _body(answer).replace("\r\n", "\n"))
        reply = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    else:
        sender, recipient, subject = f"{JEANNE} <{applicant}>", to, SUBJECT
        mine, who = APPLICATION_TEXT, ""
    style = 'style="padding:0; margin:0; min-height:10pt; font-family:Arial; font-size:10pt;"'
    html = "".join(f"<p {style}>{escape(line, quote=False) or '<br />'}</p>" for line in mine.splitlines())
    plain = mine
    if who:
        name, _sp, address = who.rpartition(" <")
        html += (f"<p {style}><br/></p><p {style}><br/></p><blockquote style='border-left: 2px solid #325FBA; "
                 "padding-left: 5px; margin: 0px 5px;'><span style=\"font-family:Arial,Helvetica,sans-serif; "
                 'font-size: 10pt;">--------------------Message initial--------------------<br />'
                 f"<span><strong>De:</strong> {escape(name)}&nbsp;&lt;{escape(address[:-1])}&gt;</span><br />"
                 f"<span><strong>Envoyé:</strong> {when}</span><br /><span><strong>À:</strong> "
                 f"{escape(whom)}</span><br /><span><strong>Sujet:</strong> {escape(about)}</span><br /><br />"
                 f"</span>{_paragraphs(below)}</blockquote>")
        plain = (mine.strip() + "\n\n\n--------------------Message initial--------------------\n"
                 f"De: {name}\u00a0<{address}\nEnvoyé: {when}\nÀ: {whom}\nSujet: {about}\n\n{below}")
    b, alt = f"=_Gx7kQ2mR9vT4wZ8pL1nB5cF3hJ6sD0yE{kind}", f"=_Ha3mS8qV1xW6zC4rN9tK2pL7fG5jB0uY{kind}"
    parts = "".join(f"""--{b}
Content-Type: {mime};
  {_rfc2231("name", name)}
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
  {_rfc2231("filename", name)}

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 09:47:3{kind} +0100
From: {sender}
To: {recipient}
{reply}Subject: {_subject(subject)}
Message-ID: <gx.{kind}.7f3a9c21e5b84d06@mail.jardins-egalite.example>
MIME-Version: 1.0
X-Mailer: gromox
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp(plain)}
--{alt}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp("<html><body>" + html + "</body></html>")}
--{alt}--

{parts}--{b}--
""")


# --- Gmail, the town in Cci ----------------------------------------------------------------------------------------

def _gmail_word(name: str) -> str:
    return name if name.isascii() else "=?UTF-8?B?" + base64.b64encode(name.encode()).decode() + "?="


def gmail_bcc(visible: tuple[str, ...], files: Files, applicant: str = APPLICANT, delivered_to: str = "") -> bytes:
    """Gmail (web, Google Workspace on her association's domain) with the town's mailbox in « Cci » only: `visible`
    the To she wrote (herself, to keep a copy; another town she applies to), none at all when every recipient was in
    Cci (Gmail then writes no To field). Sure (Gmail's mail, everywhere): MIME-Version first, From, Date, Message-ID
    `<CA…@mail.gmail.com>`, Subject, To, the « 0000000000… » boundaries, text and HTML (`<div dir="ltr">`) in a
    multipart/alternative, each file with its name an RFC 2047 « B » word in quotes on name= and filename=,
    Content-Transfer-Encoding, Content-ID `<f_…>` and X-Attachment-Id; no Bcc field in what is delivered.
    `delivered_to`: the mailbox the town's server delivered it to, as Dovecot's LMTP (lmtp_hdr_delivery_address) and
    Postfix write it on top (« Return-Path », « Delivered-To », « Received »); Exchange Online writes none."""
    b, alt = "000000000000c4a91e0627b3f5d2", "000000000000c4a91c0627b3f5d0"
    html = '<div dir="ltr">' + "".join(f"<div>{escape(line, quote=False) or '<br>'}</div>"
                                       for line in APPLICATION_TEXT.splitlines()) + "</div>"
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{_gmail_word(name)}"
Content-Disposition: attachment; filename="{_gmail_word(name)}"
Content-Transfer-Encoding: base64
Content-ID: <f_mi4k2x7{n}0>
X-Attachment-Id: f_mi4k2x7{n}0

{_b64(data)}
""" for n, (name, mime, data) in enumerate(files))
    to = f"To: {', '.join(visible)}\n" if visible else ""
    delivered = (f"Return-Path: <{applicant}>\nDelivered-To: {delivered_to}\nReceived: from mx.example.test\n\tby "
                 f"imap.example.test with LMTP id kG3uA1Xb6GZ4PQAAvQ7rQA\n\t(envelope-from <{applicant}>)\n\tfor "
                 f"<{delivered_to}>; Tue, 01 Dec 2026 09:47:35 +0100\n") if delivered_to else ""
    return _raw(f"""{delivered}MIME-Version: 1.0
From: {JEANNE} <{applicant}>
Date: Tue, 1 Dec 2026 09:47:33 +0100
Message-ID: <CAK7pQ2vN3xR8mT1wL5zB9dF4hJ6sG0cY2eU8iO{len(visible)}a@mail.gmail.com>
Subject: {_subject(SUBJECT)}
{to}Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(APPLICATION_TEXT)}
--{alt}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--
{parts}--{b}--
""")


# --- Mailchimp ------------------------------------------------------------------------------------------------------

MCUSER = "b00ccdbb39a8456492b99ae9e"
MC_FILES = "https://mcusercontent.com/b00ccdbb39a8456492b99ae9e/files/7d2e4f9a-1c3b-4a5d-8e6f-0b9c8d7e6f5a"
NEWSLETTER = ("La lettre des Jardins de l'Égalité - décembre 2026\n\nChers adhérents,\n\nBonne nouvelle : notre "
              "association est candidate au label Béthune Smart City ! Notre dossier d'intention et le courrier "
              "à Monsieur le Maire sont partis en novembre.\n\nLire notre dossier d'intention :\n"
              f"{MC_FILES}/Dossier_d_intention_Jardins_de_l_Egalite.pdf\n\nLe courrier au Maire :\n"
              f"{MC_FILES}/Lettre_au_Maire.pdf\n\nLes photos du jardin cet été :\n"
              f"{MC_FILES}/Jardin_partage_ete_2026.jpg\n\nProchain atelier compost : samedi 12 décembre à 10 h.\n\n"
              "Jeanne Roux, présidente\n")


def mailchimp_newsletter(to: str, sender: str = APPLICANT) -> bytes:
    """Mailchimp's campaign from the association (`sender`: the address it sends as), to its list: the files it
    speaks of (dossier, letter, photo) linked on mcusercontent.com, no file attached."""
    campaign, recipient = "a8d0ad03b7", "be24ad69fc"
    b = "_----------=_MCPart_1823849575"
    links = {line: f'<a href="{escape(line)}">{escape(line.rsplit("/", 1)[1])}</a>'
             for line in NEWSLETTER.splitlines() if line.startswith("https://")}
    html = ('<!doctype html><html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="UTF-8"><title>La lettre '
            'des Jardins</title></head><body><center><table id="bodyTable" width="100%"><tr><td class="mcnTextContent">'
            + "".join("<p>" + "<br>".join(links.get(line) or escape(line) for line in p.split("\n")) + "</p>"
                      for p in NEWSLETTER.strip().split("\n\n"))
            + f'</td></tr></table><img src="https://jardins-egalite.us21.list-manage.com/track/open.php?u={MCUSER}'
            f'&id={campaign}&e={recipient}" height="1" width="1" alt=""></center></body></html>')
    text = NEWSLETTER + (
        "\n============================================================\n** Se désinscrire "
        f"(https://jardins-egalite.us21.list-manage.com/unsubscribe?u={MCUSER}&id=ede4b53575&e={recipient}"
        f"&c={campaign})\n")
    abuse = f"https://mailchimp.com/contact/abuse/?u={MCUSER}&id={campaign}&e={recipient}"
    unsubscribe = (f"<https://jardins-egalite.us21.list-manage.com/unsubscribe?u={MCUSER}&id=ede4b53575&e={recipient}"
                   f"&c={campaign}>, <mailto:unsubscribe-mc.us21_{MCUSER}.{campaign}-{recipient}"
                   "@unsubscribe.mailchimpapp.net?subject=unsubscribe>")
    return _raw(f"""Return-Path: <bounce-mc.us21_12345678.{campaign}-{recipient}@mail16.sea31.mcsv.net>
Date: Wed, 02 Dec 2026 09:00:35 +0000
From: =?utf-8?Q?Les=20Jardins=20de=20l'=C3=89galit=C3=A9?= <{sender}>
Reply-To: =?utf-8?Q?Les=20Jardins=20de=20l'=C3=89galit=C3=A9?= <{sender}>
To: <{to}>
Message-ID: <{MCUSER}.{recipient}.20261202090030.{campaign}.fd6563fe@mail16.sea31.mcsv.net>
Subject: =?utf-8?Q?La=20lettre=20des=20Jardins=20-=20d=C3=A9cembre=202026?=
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="{b}"
X-Campaign: mailchimp{MCUSER}.{campaign}
X-campaignid: mailchimp{MCUSER}.{campaign}
X-Report-Abuse: Please report abuse for this campaign here: {abuse}
X-MC-User: {MCUSER}
Feedback-ID: 153975342:153975342.8987958:us21:mc
List-ID: {MCUSER}mc list <{MCUSER}.1621274.list-id.mcsv.net>
X-Accounttype: ff
List-Unsubscribe: {unsubscribe}
List-Unsubscribe-Post: List-Unsubscribe=One-Click
X-Mailer: Mailchimp Mailer - **CID{campaign}{recipient}**

This is a multi-part message in MIME format

--{b}
Content-Type: text/plain; charset="utf-8"; format="fixed"
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{b}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}

--{b}--
""")
