"""Application mail of a sixteenth round, byte for byte (CRLF line ends, as IMAP serves it), beside
tests/fifteenthmail.py: programs no round had written. Each builder writes an applicant's application
(`forward_of` empty), a colleague's forward of one (`forward_of`: the applicant's address, `by`: the colleague's), or,
for some, an answer to our acknowledgement (`answer`). Where each shape comes from, and how sure it is:

- Spark (Readdle, macOS/iOS, French). Sure (public mailing-list archives of Spark mail, 2019-2023): the Message-ID
  `<uuid@Spark>` and the same value bare in `X-Readdle-Message-ID`; libetpan's boundaries `<hex>_<hex>_<hex>`
  (MailCore2); text and HTML parts each with `Content-Disposition: inline`; the HTML in
  `<div name="messageBodySection">`, `messageSignatureSection`, `messageReplySection`; its attribution « On Sep 29, 2023
  at 7:25 PM -0400, Doug Anderson <dianders@…>, wrote: » (a comma after the address) above a
  `<blockquote type="cite" class="spark_quote">`; its signature « Sent with Spark » (an inbound-mail cleaner's list of
  app footers), « Envoyé avec Spark » in French (its translation assumed). Not seen in a public sample, guessed from
  its reply: the forward's
  own lines (« ---------- Message transféré ---------- », « De: / Date: / Objet: / À: »; an earlier round pinned the
  other guess, Apple's « Begin forwarded message: » unquoted, tests/unit/test_forward_programs.py), and the files'
  names in RFC 2047 words inside the quotes (MailCore2's encoding of header parameters).
- Airmail (macOS, French). Sure (git and oss-security list archives, 2014-2019): `X-Mailer: Airmail (528)`, the
  Message-ID `<etPan.<hex>.<hex>.<hex>@host>` and the boundaries `<hex>_<hex>_<hex>` of libetpan, text parts
  `charset="utf-8"` quoted-printable with `Content-Disposition: inline`, its HTML's `<style>body{font-family:Helvetica,
  Arial;font-size:13px}</style>`; its attribution in English whatever the language, the month translated and the
  address between parentheses (« On 22 września 2018 at 01:30:36, Ævar Arnfjörð Bjarmason (avarab@gmail.com) wrote: »);
  « Sent with Airmail » among the signature lines Discourse's email_reply_trimmer met.
  Less sure (remembered, no public sample found): the `bloop_customfont` / `bloop_sign` / `airmail_on` classes, and
  the forward's header « ---------- Forwarded message ---------- » with « From: / Reply: / Date: / To: / Subject: »,
  the name and address of each recipient both written.
- HEY (Basecamp; English only: no French locale). Sure of the Rails `mail` gem's shapes (its Message-ID
  `<hex_hex@host.mail>`, `--==_mimepart_<hex>_<hex>` boundaries, `Mime-Version`, `charset=UTF-8` on the multipart
  and on the files' types, RFC 2231 names with the gem's default language « en », `filename*=utf-8'en'…`), and of the
  Trix editor's `<div class="trix-content">`. Not seen: the forward's header, written as Gmail's English one (an
  earlier round pinned Apple's « Begin forwarded message: » for it).
- BlueMail (Blix, Android, French). Little is public: its signature « Obtenir BlueMail pour Android »; the rest is
  K-9 Mail's layout, which it resembles (« -------- Message d'origine -------- », « De: / Envoyé: / À: / Objet: »,
  the Message-ID `<uuid@email.android.com>`, « ---- » and 30 random capitals as boundary). Low confidence.
- Infomaniak Mail (Switzerland; the web mail and the apps share it). Sure for the text (the open Android app,
  Infomaniak/android-kMail, ReplyForwardFooterManager.kt and values-fr/strings.xml; the iPhone app's in
  Infomaniak/ios-kMail, DraftContentManager.swift, differs in its dashes and date): the forward is HTML, a
  `<div class="forwardContentMessage">` of one `<div>` per line, « ---------- Message transféré --------- » (ten dashes
  before, nine after), « De : Jeanne Roux <…> » (Recipient.quotedDisplayName), « Date : lundi 30 novembre 2026 à
  17:45 » (FormatStyle FULL and SHORT), « Objet : », « À : », « Cc : » when there is one; its answer « Le …, Mission
  Smart City <…> a écrit : » above a `<blockquote>`. Not known: the MIME its servers write (an HTML part alone here).
- Mailo (ex-NetCourrier, French). No public sample found: a webmail's « -------- Message transféré -------- » block
  with « Sujet : », its own `X-Mailer`, text and HTML. Low confidence.
- SFR Mail (French). No public sample found: « -------- Message d'origine -------- », « De : "Jeanne Roux" <…> »
  (the name between quotes), « Date : 30/11/26 17:45 ». Low confidence: earlier rounds took SFR's webmail for
  Zimbra's (« ----- Mail transféré ----- », and its HTML editor's block under `<hr id="zwchr">`), both pinned already.
- La Poste's webmail (laposte.net) is Open-Xchange App Suite (medium confidence for La Poste; the shape itself is sure:
  a French Open-Xchange forward from 1&1's webmail in a public list archive, 2013, and the crisp-oss fixture
  ionos_one_and_one_en_body.txt): the whole header quoted, « > ---------- Message d'origine ---------- »,
  « > De : … », « > À : … », « > Date : 30 novembre 2026 à 17:45 », « > Sujet : … » (non-breaking spaces before the
  colons, « Sujet », not « Objet »), the mail below quoted too; JavaMail's `----=_Part_<n>_<n>.<millis>` boundaries,
  each part with its own `MIME-Version`, the Message-ID `<n.n.millis.open-xchange@host>`.
- An HTML-only forward whose header block names the sender by name only, the address the target of a mailto link
  (« <b>De :</b> <a href="mailto:jeanne@…">Jeanne Roux</a> »): what a rich-text editor makes of a pasted or
  reformatted header (the name is the link's text). Constructed, for what it shows.

The dossiers and letters carry the label's published facts (tests/tenthmail.py). Every function returns the raw
message."""

from __future__ import annotations

from email.message import EmailMessage
from html import escape
from urllib.parse import quote

from clientmail import _b64, _qp, _raw
from fifteenthmail import APPLICATION_TEXT, NBSP
from tenthmail import _body, _sender

Files = list[tuple[str, str, bytes]]
JEANNE = "Jeanne Roux"
SUBJECT = "Candidature label Béthune Smart City"
FORWARD_WORDS = "Bonjour Nicolas,\n\nCandidature reçue à l'accueil, pour le label.\n\nClaire\n"
ANSWER_WORDS = "Bonjour,\n\nVoici le courrier signé qui manquait.\n\nJeanne Roux\n"


def _auth(authentication: str) -> str:
    return f"Authentication-Results: {authentication}\n" if authentication else ""


def _q_word(text: str) -> str:
    """An RFC 2047 « Q » word in UTF-8 (a subject, a file's name)."""
    return "=?utf-8?Q?" + _qp(text).replace("=\n", "").replace(" ", "_").replace("?", "=3F") + "?="


def _subject(text: str) -> str:
    return text if text.isascii() else _q_word(text)


def _lines_html(text: str) -> str:
    return "".join(f"<div>{escape(line) or '<br>'}</div>" for line in text.splitlines())


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _kind(forward_of: str, answer: EmailMessage | None) -> str:
    """A digit telling an application (1), a forward (2) and an answer (3) apart in a Message-ID: one program's three
    mails in one mailbox are three messages, not copies of one."""
    return "2" if forward_of else "3" if answer is not None else "1"


def _answered(ours: EmailMessage) -> tuple[str, str]:
    """In-Reply-To and References of an answer to our acknowledgement."""
    return ours["Message-ID"], ours["Message-ID"]


# --- Spark ----------------------------------------------------------------------------------------------------------

def _etpan_parts(b: str, files: Files) -> str:
    """MailCore2's files: the name an RFC 2047 word inside the quotes, on both fields, a Content-ID."""
    return "".join(f"""--{b}
Content-Type: {mime}; name="{name if name.isascii() else _q_word(name)}"
Content-Disposition: attachment; filename="{name if name.isascii() else _q_word(name)}"
Content-Transfer-Encoding: base64
Content-ID: <{n:x}f3a9c1d2e4b5@Spark>

{_b64(data)}
""" for n, (name, mime, data) in enumerate(files))


def spark(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
          authentication: str = "", words: str = ANSWER_WORDS, inline: bool = False) -> bytes:
    """Spark (French): multipart/mixed of multipart/alternative (text, HTML in its named sections) and the files;
    `inline`: the pictures pasted in the text, shown by `cid:` in a multipart/related with the HTML (MailCore2's
    nesting: mixed > alternative > related; medium confidence), `Content-Disposition: inline` with their names;
    `forward_of`: a colleague's forward under « Fwd: »; `answer`: the applicant answering our acknowledgement, Spark's
    attribution « Le 1 déc. 2026 à 09:20 +0100, Mission Smart City <…>, a écrit : » above our text, `words` hers;
    its signature « Envoyé avec Spark » (no « -- ») above what it quotes."""
    b, alt = "692d5e8b_6b8b4567_1a2f", "692d5e8b_327b23c6_1a2f"
    uid = "6f0c2b8e-4a1d-4c3b-9e7f-2d5a8b1c0e9" + _kind(forward_of, answer)
    reply_headers = ""
    if forward_of:
        sender, subject = f"Claire Martin <{by}>", "Fwd: " + SUBJECT
        mine = FORWARD_WORDS
        head = ["---------- Message transféré ----------", f"De: {JEANNE} <{forward_of}>",
                "Date: 30 nov. 2026 à 17:45 +0100", f"Objet: {SUBJECT}", f"À: Accueil <{by}>"]
        quoted_text, quoted_html = "\n".join(head) + "\n\n" + _quoted(APPLICATION_TEXT), (
            "<br />".join(escape(line) for line in head) + '<br /><blockquote type="cite" class="spark_quote">'
            + _lines_html(APPLICATION_TEXT) + "</blockquote>")
    elif answer is not None:
        sender, subject = f"{JEANNE} <{to}>", "Re: " + answer["Subject"]
        to, mine = _sender(answer), words
        attribution = f"Le 1 déc. 2026 à 09:20 +0100, Mission Smart City <{to}>, a écrit :"
        quoted_text = attribution + "\n" + _quoted(_body(answer))
        quoted_html = (escape(attribution) + '<br /><blockquote type="cite" class="spark_quote">'
                       + escape(_body(answer)).replace("\n", "<br />") + "</blockquote>")
        in_reply_to, references = _answered(answer)
        reply_headers = f"In-Reply-To: {in_reply_to}\nReferences: {references}\n"
    else:
        sender, subject, mine, quoted_text, quoted_html = (f"{JEANNE} <jeanne.roux@jardins-egalite.example>", SUBJECT,
                                                           APPLICATION_TEXT, "", "")
    shown = [(n, f) for n, f in enumerate(files) if inline and f[1].startswith("image/")]
    attached = [f for f in files if not any(f is g for _n, g in shown)]
    text = mine + "\nEnvoyé avec Spark\n" + (quoted_text + "\n" if quoted_text else "")
    pictures = "".join(f'<img src="cid:{n:x}e1b7c4d9a2f3@Spark" width="480" height="360" /><br />' for n, _f in shown)
    html = ('<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n<title></title>\n</head>\n<body>\n'
            f'<div name="messageBodySection">\n<div dir="auto">{escape(mine).replace(chr(10), "<br />")}'
            f'{pictures}</div>\n</div>\n<div name="messageSignatureSection"><br />\nEnvoyé avec Spark</div>\n'
            + (f'<div name="messageReplySection">{quoted_html}</div>\n' if quoted_html else "") + "</body>\n</html>")
    html_part = f"""Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(html)}"""
    if shown:
        related = "692d5e8b_2eb141f2_1a2f"
        html_part = f"""Content-Type: multipart/related; boundary="{related}"

--{related}
{html_part}
""" + "".join(f"""--{related}
Content-Type: {mime}; name="{name if name.isascii() else _q_word(name)}"
Content-Disposition: inline; filename="{name if name.isascii() else _q_word(name)}"
Content-Transfer-Encoding: base64
Content-ID: <{n:x}e1b7c4d9a2f3@Spark>

{_b64(data)}
""" for n, (name, mime, data) in shown) + f"--{related}--"
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 09:41:12 +0100
From: {sender}
To: {to}
Message-ID: <{uid}@Spark>
{reply_headers}Subject: {_subject(subject)}
X-Readdle-Message-ID: {uid}@Spark
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(text)}
--{alt}
{html_part}
--{alt}--

{_etpan_parts(b, attached)}--{b}--
""")


# --- Airmail --------------------------------------------------------------------------------------------------------

def airmail(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
            authentication: str = "") -> bytes:
    """Airmail (macOS, French): libetpan's Message-ID and boundaries, `X-Mailer: Airmail (528)`, multipart/alternative
    (text, HTML) in multipart/mixed with the files; `forward_of`: « ---------- Forwarded message ---------- » and its
    « From: / Reply: / Date: / To: / Subject: »; `answer`: its attribution in English with the address between
    parentheses (« On 1 décembre 2026 at 09:20:31, Mission Smart City (…) wrote: »)."""
    b, alt = "692d6a3c_2ae8944a_4d5", "692d6a3c_19495cff_4d5"
    reply_headers = ""
    signature = "-- \nClaire Martin\nEnvoyé avec Airmail\n"
    if forward_of:
        sender, subject, mine = f"Claire Martin <{by}>", "Fwd: " + SUBJECT, FORWARD_WORDS + "\n" + signature
        head = ["---------- Forwarded message ----------", f"From: {JEANNE} <{forward_of}>",
                f"Reply: {JEANNE} <{forward_of}>", "Date: 30 novembre 2026 at 17:45:12", f"To: {by} <{by}>",
                f"Subject: {SUBJECT}"]
        below_text = "\n".join(head) + "\n\n" + APPLICATION_TEXT
        below_html = ('<div class="bloop_markdown"></div><p>' + "<br>".join(escape(line) for line in head)
                      + "</p>" + _lines_html(APPLICATION_TEXT))
    elif answer is not None:
        sender, subject = f"{JEANNE} <{to}>", "Re: " + answer["Subject"]
        to, mine = _sender(answer), ANSWER_WORDS
        attribution = f"On 1 décembre 2026 at 09:20:31, Mission Smart City ({to}) wrote:"
        below_text = attribution + "\n\n" + _quoted(_body(answer))
        below_html = (f'<p class="airmail_on">{escape(attribution)}</p><blockquote type="cite" class="clean_bq">'
                      + _lines_html(_body(answer)) + "</blockquote>")
        in_reply_to, references = _answered(answer)
        reply_headers = f"In-Reply-To: {in_reply_to}\nReferences: {references}\n"
    else:
        sender, subject, mine, below_text, below_html = (f"{JEANNE} <jeanne.roux@jardins-egalite.example>", SUBJECT,
                                                         APPLICATION_TEXT, "", "")
    text = mine + ("\n" + below_text + "\n" if below_text else "")
    html = ('<html><head><style>body{font-family:Helvetica,Arial;font-size:13px}</style></head><body style="word-wrap: '
            'break-word; -webkit-nbsp-mode: space; -webkit-line-break: after-white-space;"><div id="bloop_customfont" '
            f'style="font-family:Helvetica,Arial;font-size:13px; color: rgba(0,0,0,1.0); margin: 0px; line-height: '
            f'auto;">{_lines_html(mine)}</div>{below_html}</body></html>')
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 09:44:28 +0100
From: {sender}
To: {to}
Message-ID: <etPan.692d6a3c.2ae8944a.4d{_kind(forward_of, answer)}@MacBook-Pro-de-Claire.local>
{reply_headers}Subject: {_subject(subject)}
X-Mailer: Airmail (528)
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(text)}
--{alt}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
Content-Disposition: inline

{_qp(html)}
--{alt}--

{_etpan_parts(b, files).replace("@Spark>", "@MacBook-Pro-de-Claire.local>")}--{b}--
""")


# --- HEY ------------------------------------------------------------------------------------------------------------

def _mail_gem_value(name: str) -> str:
    """The `mail` gem's parameter: RFC 2231 with its default language « en » when not ASCII."""
    return f'"{name}"' if name.isascii() else "utf-8'en'" + quote(name.encode(), safe="")


def hey(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
        authentication: str = "", sender_address: str = "claire.martin@hey.com") -> bytes:
    """HEY (English only): the Rails `mail` gem's MIME, Trix's HTML; `forward_of`: « ---------- Forwarded message
    --------- » and « From: / Date: / Subject: / To: »; `answer`: « On December 1, 2026 at 9:20:31 AM GMT+1,
    Mission Smart City <…> wrote: » above a blockquote. `sender_address`: the colleague's HEY address by default (a
    forward intake believes only from a town address or one the rules name)."""
    b, alt = "--==_mimepart_692d6f21a4c3e_3c1f2b04c8d4e1a5981f", "--==_mimepart_692d6f21a3b7d_3c1f2b04c8d4e1a5980c"
    reply_headers = ""
    if forward_of:
        sender, subject, mine = f"Claire Martin <{sender_address}>", "Fwd: " + SUBJECT, FORWARD_WORDS
        head = ["---------- Forwarded message ---------", f"From: {JEANNE} <{forward_of}>",
                "Date: November 30, 2026 at 5:45:12 PM GMT+1", f"Subject: {SUBJECT}", f"To: <{by}>"]
        below_text = "\n".join(head) + "\n\n" + APPLICATION_TEXT
        below_html = ("<div>" + "<br>".join(escape(line) for line in head) + "</div><br><blockquote>"
                      + escape(APPLICATION_TEXT).replace("\n", "<br>") + "</blockquote>")
    elif answer is not None:
        sender, subject = f"{JEANNE} <{to}>", "Re: " + answer["Subject"]
        to, mine = _sender(answer), ANSWER_WORDS
        attribution = f"On December 1, 2026 at 9:20:31 AM GMT+1, Mission Smart City <{to}> wrote:"
        below_text = attribution + "\n" + _quoted(_body(answer))
        below_html = (f"<div>{escape(attribution)}</div><blockquote>"
                      + escape(_body(answer)).replace("\n", "<br>") + "</blockquote>")
        in_reply_to, references = _answered(answer)
        reply_headers = f"In-Reply-To: {in_reply_to}\nReferences: {references}\n"
    else:
        sender, subject, mine, below_text, below_html = (f"{JEANNE} <jeanne.roux@jardins-egalite.example>", SUBJECT,
                                                         APPLICATION_TEXT, "", "")
    text = mine + ("\n" + below_text + "\n" if below_text else "")
    html = (f'<div class="trix-content">\n  <div>{escape(mine).replace(chr(10), "<br>")}</div>{below_html}\n</div>\n')
    parts = "".join(f"""--{b}
Content-Type: {mime};
 charset=UTF-8;
 filename*={_mail_gem_value(name)}
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
 filename*={_mail_gem_value(name)}
Content-ID: <692d6f21a{n}c3e_3c1f2b04c8d4e1a59821@hey-app-7f9c5d-4kx2p.mail>

{_b64(data)}

""" for n, (name, mime, data) in enumerate(files))
    return _raw(f"""{_auth(authentication)}Date: Tue, 01 Dec 2026 09:52:17 +0100
From: {sender}
To: {to}
Message-ID: <692d6f21a5d81_3c1f2b04c8d4e1a5983{_kind(forward_of, answer)}@hey-app-7f9c5d-4kx2p.mail>
{reply_headers}Subject: {_subject(subject)}
Mime-Version: 1.0
Content-Type: multipart/mixed;
 boundary="{b}";
 charset=UTF-8
Content-Transfer-Encoding: 7bit


--{b}
Content-Type: multipart/alternative;
 boundary="{alt}";
 charset=UTF-8
Content-Transfer-Encoding: 7bit


--{alt}
Content-Type: text/plain;
 charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
Content-Type: text/html;
 charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--

{parts}--{b}--
""")


# --- BlueMail -------------------------------------------------------------------------------------------------------

def bluemail(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
             authentication: str = "", words: str = ANSWER_WORDS) -> bytes:
    """BlueMail (Android, French), K-9 Mail's layout: text and HTML, the files; `forward_of`: « -------- Message
    d'origine -------- » then « De: / Envoyé: / À: / Objet: »; `answer`: « Le 1 déc. 2026, à 09:20, Mission Smart
    City <…> a écrit: » and our text quoted, `words` hers, its line « Obtenir BlueMail pour Android » (no « -- »)
    between them."""
    b, alt = "----K7Q2Z9X4M1B8R5T3W6Y0P2N4C7V9H1", "----J3F8L1D6S9A2G5K8Q1W4E7R0T3Y6U9"
    reply_headers = ""
    signature = "Obtenir BlueMail pour Android\n"
    if forward_of:
        sender, subject, mine = f"Claire Martin <{by}>", "Fwd: " + SUBJECT, FORWARD_WORDS + "\n" + signature
        head = ["-------- Message d'origine --------", f"De: {JEANNE} <{forward_of}>",
                "Envoyé: 30 novembre 2026 17:45:12 UTC+01:00", f"À: {by}", f"Objet: {SUBJECT}"]
        below_text = "\n".join(head) + "\n\n" + APPLICATION_TEXT
        below_html = ('<div class="gmail_quote">' + "<br>".join(escape(line) for line in head) + "<br><br>"
                      + escape(APPLICATION_TEXT).replace("\n", "<br>") + "</div>")
    elif answer is not None:
        sender, subject = f"{JEANNE} <{to}>", "Re: " + answer["Subject"]
        to, mine = _sender(answer), words + "\n" + signature
        attribution = f"Le 1 déc. 2026, à 09:20, Mission Smart City <{to}> a écrit:"
        below_text = attribution + "\n" + _quoted(_body(answer))
        below_html = (f'<div class="gmail_quote">{escape(attribution)}<blockquote class="gmail_quote" '
                      'style="margin: 0pt 0pt 0pt 0.8ex; border-left: 1px solid rgb(204, 204, 204); '
                      'padding-left: 1ex;">'
                      + escape(_body(answer)).replace("\n", "<br>") + "</blockquote></div>")
        in_reply_to, references = _answered(answer)
        reply_headers = f"In-Reply-To: {in_reply_to}\nReferences: {references}\n"
    else:
        sender, subject, mine, below_text, below_html = (f"{JEANNE} <jeanne.roux@jardins-egalite.example>", SUBJECT,
                                                         APPLICATION_TEXT + "\n" + signature, "", "")
    text = mine + ("\n" + below_text + "\n" if below_text else "")
    html = (f'<html><head></head><body><div dir="auto">{escape(mine).replace(chr(10), "<br>")}</div>{below_html}'
            "</body></html>")
    parts = "".join(f"""--{b}
Content-Type: {mime};
 name="{name if name.isascii() else _q_word(name).replace('utf-8', 'UTF-8')}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
 filename="{name if name.isascii() else _q_word(name).replace('utf-8', 'UTF-8')}"

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
Date: Tue, 01 Dec 2026 09:58:03 +0100
{reply_headers}User-Agent: BlueMail for Android
Content-Type: multipart/mixed;
 boundary="{b}"
Subject: {_subject(subject)}
From: {sender}
To: {to}
Message-ID: <3b9f2c71-8d4e-4a6b-b1c5-7e2f0a9d6c4{_kind(forward_of, answer)}@email.android.com>

--{b}
Content-Type: multipart/alternative;
 boundary="{alt}"

--{alt}
Content-Type: text/plain;
 charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
Content-Type: text/html;
 charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{alt}--
{parts}--{b}--
""")


# --- Infomaniak Mail ------------------------------------------------------------------------------------------------

def _jsoup_lines(lines: list[str]) -> str:
    """kMail's addAndEscapeTextLine: `<div>text<br></div>`, the text escaped by Jsoup (« < » as &lt;)."""
    return "".join(f"<div>{escape(line, quote=False)}<br></div>" for line in lines)


def infomaniak(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
               authentication: str = "", ios: bool = False) -> bytes:
    """Infomaniak Mail (French): HTML alone; `forward_of`: its `forwardContentMessage` block (« ---------- Message
    transféré --------- », « De : », « Date : », « Objet : », « À : », « Cc : »); `answer`: its `ik_mail_quote`
    attribution « Le mardi 1 décembre 2026 à 09:20, Mission Smart City <…> a écrit : » above a blockquote. `ios`: the
    iPhone app's forward (Infomaniak/ios-kMail, DraftContentManager.swift `formatForward`): ten dashes on both sides,
    each line a bare `<div>`, the date medium and short (« 30 nov. 2026 à 17:45 »), the recipients joined as a French
    list (« A et B », ListFormatter)."""
    b = "=_9c1e7a3f5b2d4e6a8c0b1d3f5e7a9c2b"
    reply_headers = ""
    if forward_of and ios:
        sender, subject = f"Claire Martin <{by}>", "Fwd: " + SUBJECT
        mine = _lines_html(FORWARD_WORDS)
        below = ('<div class="forwardContentMessage">' + "".join(f"<div>{escape(line, quote=False)}</div>" for line in [
            "---------- Message transféré ----------", f"De : {JEANNE} <{forward_of}>",
            "Date : 30 nov. 2026 à 17:45", f"Objet : {SUBJECT}", f"À : Accueil <{by}> et Claire Martin <{by}>", "", ""])
            + _lines_html(APPLICATION_TEXT) + "</div>")
    elif forward_of:
        sender, subject = f"Claire Martin <{by}>", "Fwd: " + SUBJECT
        mine = _lines_html(FORWARD_WORDS)
        below = ('<div class="forwardContentMessage">' + _jsoup_lines([
            "", "---------- Message transféré ---------", f"De : {JEANNE} <{forward_of}>",
            "Date : lundi 30 novembre 2026 à 17:45", f"Objet : {SUBJECT}", f"À : Accueil <{by}>",
            "Cc : Paul Roux <paul.roux@jardins-egalite.example>", "", ""]) + _lines_html(APPLICATION_TEXT)
            + _jsoup_lines([""]) + "</div>")
    elif answer is not None:
        sender, subject = f"{JEANNE} <{to}>", "Re: " + answer["Subject"]
        to, mine = _sender(answer), _lines_html(ANSWER_WORDS)
        below = ('<div class="ik_mail_quote">' + _jsoup_lines([""])
                 + f"<div>{escape(f'Le mardi 1 décembre 2026 à 09:20, Mission Smart City <{to}> a écrit :', False)}"
                 "</div><blockquote>" + escape(_body(answer)).replace("\n", "<br>") + "</blockquote>"
                 + _jsoup_lines([""]) + "</div>")
        in_reply_to, references = _answered(answer)
        reply_headers = f"In-Reply-To: {in_reply_to}\nReferences: {references}\n"
    else:
        sender, subject, mine, below = (f"{JEANNE} <jeanne.roux@jardins-egalite.example>", SUBJECT,
                                        _lines_html(APPLICATION_TEXT), "")
    html = f'<html><head></head><body><div class="editorUserContent">{mine}</div>{below}</body></html>'
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{name if name.isascii() else _q_word(name)}"
Content-Disposition: attachment; filename="{name if name.isascii() else _q_word(name)}"
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 10:03:55 +0100
From: {sender}
To: {to}
{reply_headers}Subject: {_subject(subject)}
Message-ID: <5a3e9c1f7b2d4e6a8c0b1d3f5e7a9c2{_kind(forward_of, answer)}@infomaniak.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
{parts}--{b}--
""")


# --- Mailo, SFR Mail ------------------------------------------------------------------------------------------------

def _french_webmail(to: str, files: Files, head: list[str], mailer: str, message_id: str, forward_of: str, by: str,
                    answer: EmailMessage | None, authentication: str, attribution: str) -> bytes:
    """A French webmail's mail (Mailo's, SFR's): text and HTML, the files with RFC 2231 UTF-8 names; `head`: its
    forward block's lines (`{applicant}` and `{by}` filled in); `attribution`: its answer's line (`{ours}`)."""
    b, alt = "=_mixed_4e2a9c7f1b3d5e8a", "=_alt_4e2a9c7f1b3d5e8a"
    reply_headers = ""
    if forward_of:
        sender, subject, mine = f"Claire Martin <{by}>", "TR: " + SUBJECT, FORWARD_WORDS
        lines = [line.format(applicant=forward_of, by=by) for line in head]
        below_text = "\n".join(lines) + "\n\n" + APPLICATION_TEXT
        below_html = ("<br>" + "<br>".join(escape(line) for line in lines) + "<br><br>"
                      + '<blockquote style="border-left: 2px solid #1010ff; margin-left: 5px; padding-left: 5px;">'
                      + _lines_html(APPLICATION_TEXT) + "</blockquote>")
    elif answer is not None:
        sender, subject = f"{JEANNE} <{to}>", "RE: " + answer["Subject"]
        to, mine = _sender(answer), ANSWER_WORDS
        said = attribution.format(ours=to)
        below_text = said + "\n" + _quoted(_body(answer))
        below_html = (f"<br>{escape(said)}<br><blockquote>" + escape(_body(answer)).replace("\n", "<br>")
                      + "</blockquote>")
        in_reply_to, references = _answered(answer)
        reply_headers = f"In-Reply-To: {in_reply_to}\nReferences: {references}\n"
    else:
        sender, subject, mine, below_text, below_html = (f"{JEANNE} <jeanne.roux@jardins-egalite.example>", SUBJECT,
                                                         APPLICATION_TEXT, "", "")
    text = mine + ("\n" + below_text + "\n" if below_text else "")
    html = f"<html><body>{_lines_html(mine)}{below_html}</body></html>"
    parts = "".join(f"""--{b}
Content-Type: {mime};
 name*=UTF-8''{quote(name.encode(), safe="")}
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
 filename*=UTF-8''{quote(name.encode(), safe="")}

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}From: {sender}
To: {to}
{reply_headers}Subject: {_subject(subject)}
Date: Tue, 1 Dec 2026 10:11:40 +0100
Message-ID: {message_id.replace('@', _kind(forward_of, answer) + '@', 1)}
X-Mailer: {mailer}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
Content-Type: multipart/alternative; boundary="{alt}"

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


def mailo(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
          authentication: str = "") -> bytes:
    """Mailo's webmail (French; low confidence, see the module's doc): « -------- Message transféré -------- »,
    « De : / Date : / À : / Sujet : »."""
    head = ["-------- Message transféré --------", "De : " + JEANNE + " <{applicant}>",
            "Date : 30/11/2026 17:45", "À : {by}", f"Sujet : {SUBJECT}"]
    return _french_webmail(to, files, head, "Mailo webmail", "<webmail-6f2a9c1e.20261201101140@mailo.com>",
                           forward_of, by, answer, authentication, "Le 01/12/2026 09:20, Mission Smart City <{ours}> a "
                           "écrit :")


def sfr(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
        authentication: str = "") -> bytes:
    """SFR Mail (French; low confidence, see the module's doc): « -------- Message d'origine -------- »,
    « De : "Jeanne Roux" <…> », « Date : 30/11/26 17:45 », « À : », « Objet : »."""
    head = ["-------- Message d'origine --------", 'De : "' + JEANNE + '" <{applicant}>', "Date : 30/11/26 17:45",
            "À : {by}", f"Objet : {SUBJECT}"]
    return _french_webmail(to, files, head, "SFR Mail", "<1890223477.9104.1764580300411.JavaMail.www@wsfrf1412>",
                           forward_of, by, answer, authentication, 'Le 01/12/26 09:20, "Mission Smart City" <{ours}> a '
                           "écrit :")


# --- La Poste (Open-Xchange App Suite) ------------------------------------------------------------------------------

def laposte(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
            authentication: str = "", html: bool = True) -> bytes:
    """La Poste's webmail (Open-Xchange App Suite, French): JavaMail's MIME; `forward_of`: the header quoted with the
    mail, « > ---------- Message d'origine ---------- », « > De : … », « > À : … », « > Date : … », « > Sujet : … »
    (non-breaking spaces before the colons); `answer`: « > Le 1 décembre 2026 à 09:20 Mission Smart City <…> a écrit : »
    (Open-Xchange's French attribution, remembered) and our text quoted. `html`: an HTML part beside the text (the
    default), else the text alone, as with its plain-text editor."""
    b, alt = "----=_Part_48213_1650129834.1764580915337", "----=_Part_48212_612497103.1764580915336"
    reply_headers = ""
    if forward_of:
        sender, subject, mine = f"Claire Martin <{by}>", "Fwd: " + SUBJECT, FORWARD_WORDS
        head = ["---------- Message d'origine ----------", f"De{NBSP}: {JEANNE} <{forward_of}>",
                f"À{NBSP}:{NBSP} Accueil <{by}>", f"Date{NBSP}: 30 novembre 2026 à 17:45", f"Sujet{NBSP}: {SUBJECT}"]
        below_text = _quoted("\n".join(head) + "\n\n" + APPLICATION_TEXT)
        below_html = ('<blockquote type="cite"><div>' + "</div><div>".join(escape(line) for line in head)
                      + "</div><div>&nbsp;</div>" + _lines_html(APPLICATION_TEXT) + "</blockquote>")
    elif answer is not None:
        sender, subject = f"{JEANNE} <{to}>", "Re: " + answer["Subject"]
        to, mine = _sender(answer), ANSWER_WORDS
        attribution = f"Le 1 décembre 2026 à 09:20 Mission Smart City <{to}> a écrit :"
        below_text = _quoted(attribution + "\n\n" + _body(answer))
        below_html = (f"<blockquote type=\"cite\"><div>{escape(attribution)}</div>"
                      + escape(_body(answer)).replace("\n", "<br>") + "</blockquote>")
        in_reply_to, references = _answered(answer)
        reply_headers = f"In-Reply-To: {in_reply_to}\nReferences: {references}\n"
    else:
        sender, subject, mine, below_text, below_html = (f"{JEANNE} <jeanne.roux@jardins-egalite.example>", SUBJECT,
                                                         APPLICATION_TEXT, "", "")
    text = mine + ("\n\n" + below_text + "\n" if below_text else "")
    page = ('<!doctype html>\n<html>\n <head> \n  <meta charset="UTF-8"> \n </head>\n <body>\n  '
            f'<div class="default-style">{_lines_html(mine)}</div>{below_html}\n </body>\n</html>')
    body_part = f"""MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}"""
    if html:
        body_part = f"""MIME-Version: 1.0
Content-Type: multipart/alternative;
\tboundary="{alt}"

--{alt}
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(page)}
--{alt}--"""
    parts = "".join(f"""--{b}
MIME-Version: 1.0
Content-Type: {mime}; name="{name if name.isascii() else _q_word(name).replace('utf-8', 'UTF-8')}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{name if name.isascii() else _q_word(name).replace('utf-8', 'UTF-8')}"

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 10:21:55 +0100 (CET)
From: {sender}
Reply-To: {sender}
To: {to}
Message-ID: <1839201746.48214.176458091533{_kind(forward_of, answer)}@laposte.net>
{reply_headers}Subject: {_subject(subject)}
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{b}"
X-Priority: 3
Importance: Normal
X-Mailer: Open-Xchange Mailer v7.10.6-Rev63
X-Originating-Client: open-xchange-appsuite

--{b}
{body_part}
{parts}--{b}--
""")


# --- The header block in HTML, the address only a link's target ------------------------------------------------------

def mailto_name_forward(by: str, to: str, applicant: str, files: Files, authentication: str = "",
                        name: str = JEANNE, links: str = "") -> bytes:
    """A colleague's forward whose header block is HTML, « <b>De :</b> <a href="mailto:jeanne@…">Jeanne Roux</a> »
    (the sender by name, her address only the link's target), then « Date », « À » (the same way), « Objet », and the
    mail. Read without a text part (`links` empty), or with the text part its program makes of the HTML, each link
    its words then its target: `links="outlook"`, Outlook's « Jeanne Roux<mailto:jeanne@…> » (as its
    « www.x.fr<http://www.x.fr> »), `links="spaced"`, « Jeanne Roux <mailto:jeanne@…> » (Thunderbird's and
    Gmail's « text <target> »)."""
    head = (f'<div>-------- Message transféré --------</div><div><b>De&nbsp;:</b> <a href="mailto:{applicant}">'
            f'{escape(name)}</a></div><div><b>Date&nbsp;:</b> 30/11/2026 17:45</div><div><b>À&nbsp;:</b> <a '
            f'href="mailto:{by}">Accueil</a></div><div><b>Objet&nbsp;:</b> {escape(SUBJECT)}</div><br>')
    html = (f'<html><head><meta charset="utf-8"></head><body>{_lines_html(FORWARD_WORDS)}<br>{head}'
            f'<blockquote>{_lines_html(APPLICATION_TEXT)}</blockquote></body></html>')
    b, alt = "=_Part_7c2e9a41b3d5f6_1764581502", "=_Alt_7c2e9a41b3d5f6_1764581502"
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{_q_word(name_) if not name_.isascii() else name_}"
Content-Disposition: attachment; filename="{_q_word(name_) if not name_.isascii() else name_}"
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name_, mime, data in files)
    html_part = f"""Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

{_b64(html.replace(chr(10), chr(13) + chr(10)).encode())}"""
    if links:
        gap = "" if links == "outlook" else " "
        text = (FORWARD_WORDS + "\n-------- Message transféré --------\n"
                f"De : {name}{gap}<mailto:{applicant}>\nDate : 30/11/2026 17:45\nÀ : Accueil{gap}<mailto:{by}>\n"
                f"Objet : {SUBJECT}\n\n" + APPLICATION_TEXT)
        html_part = f"""Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{alt}
{html_part}
--{alt}--"""
    return _raw(f"""{_auth(authentication)}From: Claire Martin <{by}>
To: {to}
Subject: TR: {_subject(SUBJECT)}
Date: Tue, 1 Dec 2026 10:31:42 +0100
Message-ID: <7c2e9a41b3d5f6.1764581502@ville-bethune.fr>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

--{b}
{html_part}
{parts}--{b}--
""")
