"""Application mail of a nineteenth round, byte for byte (CRLF line ends, as IMAP serves it), beside
tests/eighteenthmail.py: programs, and ways of sending, no round had written. Each builder writes an applicant's
application, a colleague's forward of one (`forward_of`, where the program's forward is known) or an answer to our
acknowledgement (`answer`). No public sample of these programs' mail was found in the search corpus this round: each
shape is remembered from their mail in public list archives and support pages, and how sure it is is said.

- KMail 6 signing every mail with OpenPGP/MIME (an applicant who signs; KDE's default once a key is set). Sure (KDE
  and Debian list archives): multipart/signed; micalg="pgp-sha256"; protocol="application/pgp-signature" around the
  signed entity (KMail's multipart/mixed, « nextPart » boundaries, its protected headers), then « signature.asc »,
  « This is a digitally signed message part. », 7Bit. Sure of its forward (« ----------  Forwarded Message
  ---------- », two spaces each side, « Subject: / Date: / From: / To: », closed by a line of 41 dashes); medium: the
  French words (« Message transmis », « Objet : / Date : / De : / À : ») and its attribution « Le mardi 1 décembre
  2026, 09:20:15 CET Mission Smart City a écrit : ». `inline`: KMail's « Inline OpenPGP » (deprecated, still chosen by
  some for mail read on phones): the text itself between « -----BEGIN PGP SIGNED MESSAGE----- » / « Hash: SHA256 »
  and the armoured signature, dash-escaped (RFC 4880 7.1), in a plain text/plain.
- Evolution 3.52 signing with S/MIME (a certificate from the applicant's CA, « Signer numériquement ce message par
  défaut »). Sure (camel's camel-smime-context.c): multipart/signed; protocol="application/pkcs7-signature";
  micalg=sha256, camel's « =-… » boundaries, the signed entity then « smime.p7s » with no Content-Description; the
  attribution as tests/fourteenthmail.py `evolution_reply` writes it.
- Tuta (ex-Tutanota, web and apps; a custom domain on a paid plan). Medium (its mail in public list archives): the
  HTML part alone, quoted-printable (« Content-transfer-encoding », lower case), in a multipart/related (even with no
  picture) whose boundary ends « @tutanota », the files' names an RFC 2047 « B » word NOT in quotes on name= and
  filename= (folded on their own line), its Message-ID `<…--3-9@tutanota.com>`, the Date with « (CET) »; its reply
  « 1 déc. 2026, 09:20 par n.bataillon@…: » above `<blockquote class="tutanota_quote">` (the English « by » is
  sure: tutao/tutanota's MailEditor, `formatDateTime(sentDate) + " " + lang.get("by_label") + " " + address + ":"`
  then `<br><blockquote class="tutanota_quote">`; the French word « par » medium).
- Canary Mail (macOS/iOS). Guessed from MailCore2, which it is built on, as Spark is (tests/sixteenthmail.py):
  libetpan's boundaries, names as RFC 2047 words inside quotes, its Message-ID `<…@canarymail.io>`, « Envoyé avec
  Canary » under her words (a link on « Canary » in the HTML), the attribution « Le 1 déc.
  2026 à 09:20 +0100, Mission Smart City <…> a écrit : » above a `<blockquote type="cite">`.

- Proton Mail (web, French) answering, « Joindre la clé publique » on: its MIME as tests/ninthmail.py `proton` writes
  it (« b1_ » boundaries, X-Pm-* fields, the key « publickey - <address> - 0x<id>.asc », application/pgp-keys, on
  every mail, the thanks too); its answer's « ‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐ » line (U+2010 hyphens) above « Le
  mardi 1 décembre 2026 à 09:20, Mission Smart City <…> a écrit : » and our text quoted, below « Envoyé avec la
  messagerie sécurisée Proton Mail. » (tests/unit/test_thanks.py « proton mail »; sure).

- Thunderbird 60 with Enigmail 2.0 in « PGP/Inline » (still the setting of some who signed with Thunderbird before
  version 78 brought OpenPGP in, and of Mutt's and Claws Mail's PGP/Inline plug-ins): the text clear-signed, and each
  file followed by its detached binary signature « <name>.sig » (Enigmail's « sign attachments separately »; sure of
  the names, medium of the declared type: application/pgp-signature, or application/octet-stream where the sending
  program does not know the extension); its forward inline, the forwarded header dash-escaped in the signed text.

The dossiers and letters carry the label's published facts (tests/tenthmail.py). Every function returns the raw
message."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from html import escape

from clientmail import _b64, _qp, _raw
from eighteenthmail import _html_lines, _replying
from fifteenthmail import APPLICATION_TEXT
from fourteenthmail import _evolution_parts, _kmail_param
from seventeenthmail import _b_word, _who
from sixteenthmail import ANSWER_WORDS, FORWARD_WORDS, JEANNE, SUBJECT, _auth, _kind, _q_word, _quoted, _subject
from tenthmail import _body

Files = list[tuple[str, str, bytes]]
APPLICANT = "jeanne.roux@jardins-egalite.example"
PGP_SIGNATURE = ("-----BEGIN PGP SIGNATURE-----\n\niQIzBAABCAAdFiEEfK3bW9xQm2Lr5Tx9Yv3Kn7Hd4sEFAmdMNVwACgkQ\n"
                 "Yv3Kn7Hd4sH0xA/+Nq2Wm8Lr5Tx9Yv3Kn7Hd4sGf2bJc5aMeZq8Wm2Lr5Tx9Yv3K\n=Rq7m\n"
                 "-----END PGP SIGNATURE-----\n")


# --- KMail, OpenPGP -------------------------------------------------------------------------------------------------

def _dash_escaped(text: str) -> str:
    """RFC 4880 7.1: a line of the cleartext starting with « - » gets « - » before it."""
    return "\n".join("- " + line if line.startswith("-") else line for line in text.splitlines())


def kmail_signed(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
                 authentication: str = "", words: str = ANSWER_WORDS, inline: bool = False,
                 applicant: str = APPLICANT) -> bytes:
    """KMail 6 (French) signing with OpenPGP/MIME: multipart/signed around KMail's multipart/mixed (protected
    headers, the text quoted-printable, the files Content-Disposition first, RFC 2231 names; with no file the text
    part alone, its protected headers on it), then « signature.asc »;
    `forward_of`: « ----------  Message transmis  ---------- » and « Objet : / Date : / De : / À : », closed by 41
    dashes; `answer`: « Le mardi 1 décembre 2026, 09:20:15 CET Mission Smart City a écrit : » and our text quoted
    below `words`; `inline` (no files): Inline OpenPGP, the clear-signed text in a lone text/plain."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    if forward_of:
        text = (FORWARD_WORDS + "\n----------  Message transmis  ----------\n\n" + f"Objet : {SUBJECT}\n"
                "Date : lundi 30 novembre 2026, 17:45:12 CET\n" + f"De : {JEANNE} <{forward_of}>\n"
                + f"À : Accueil <{by}>\n\n" + APPLICATION_TEXT + "-" * 41 + "\n")
    elif answer is not None:
        text = (words + "\nLe mardi 1 décembre 2026, 09:20:15 CET Mission Smart City a écrit :\n"
                + _quoted(_body(answer)) + "\n")
    else:
        text = APPLICATION_TEXT
    msgid = f"<271828{kind}.LZWGnKmheA@portable-jeanne>"
    head = f"""{_auth(authentication)}From: {sender}
To: {to}
Subject: {_subject(subject)}
Date: Tue, 01 Dec 2026 09:47:33 +0100
Message-ID: {msgid}
{_replying(answer)}Organization: Les Jardins de l'Egalite
User-Agent: KMail/6.2.2 (Linux/6.8.0-49-generic; KDE/6.8.0; x86_64; ; )
MIME-Version: 1.0
"""
    if inline:
        return _raw(head + f"""Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain; charset="utf-8"

{_qp("-----BEGIN PGP SIGNED MESSAGE-----" + chr(10) + "Hash: SHA256" + chr(10) + chr(10) + _dash_escaped(text)
     + chr(10) + PGP_SIGNATURE)}
""")
    b, mixed = f"nextPart475546{kind}.0VBMTVartN", f"nextPart234513{kind}.ElGaqSPkdT"
    protected = f"""From: {sender}
To: {to}
Subject: {_subject(subject)}
Date: Tue, 01 Dec 2026 09:47:33 +0100
Message-ID: {msgid}
"""
    signed = f"""Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain; charset="utf-8"; protected-headers="v1"
{protected}
{_qp(text)}"""
    parts = "".join(f"""--{mixed}
Content-Disposition: attachment; {_kmail_param("filename", name)}
Content-Transfer-Encoding: base64
Content-Type: {mime}; {_kmail_param("name", name)}

{_b64(data)}
""" for name, mime, data in files)
    if files:
        signed = f"""Content-Type: multipart/mixed; boundary="{mixed}"; protected-headers="v1"
{protected}
--{mixed}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain; charset="utf-8"

{_qp(text)}
{parts}--{mixed}--
"""
    return _raw(head + f"""Content-Type: multipart/signed; boundary="{b}"; micalg="pgp-sha256";
 protocol="application/pgp-signature"

--{b}
{signed}
--{b}
Content-Type: application/pgp-signature; name="signature.asc"
Content-Description: This is a digitally signed message part.
Content-Transfer-Encoding: 7Bit

{PGP_SIGNATURE}
--{b}--
""")


# --- Evolution, S/MIME ----------------------------------------------------------------------------------------------

EVOLUTION_SIGNATURE = "-- \nJeanne Roux\nPrésidente - Les Jardins de l'Égalité\n"


def evolution_smime(to: str, files: Files, answer: EmailMessage | None = None, authentication: str = "",
                    words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """Evolution 3.52 (French) signing with S/MIME: multipart/signed; protocol="application/pkcs7-signature";
    micalg=sha256, the signed entity (multipart/mixed: the text 8bit with its « -- » signature, the files as
    tests/fourteenthmail.py `evolution` attaches them) then « smime.p7s » (a real detached CMS signature); `answer`:
    « Le mardi 01 décembre 2026 à 09:20 +0100, Mission Smart City a écrit : » and our text quoted below `words`."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7
    from twelfthmail import _certificate

    sender, to, subject = _who("", "", answer, to, applicant if not answer else to)
    kind = _kind("", answer)
    text = APPLICATION_TEXT + "\n" + EVOLUTION_SIGNATURE
    if answer is not None:
        text = (words + "\nLe mardi 01 décembre 2026 à 09:20 +0100, Mission Smart City a écrit :\n"
                + _quoted(_body(answer)) + "\n\n" + EVOLUTION_SIGNATURE)
    mixed, b = f"=-Zp6sW1dF4gJ9kM2nQ5rT{kind}v", f"=-Hq3xK8mV2cN7bL4pR9sW{kind}d"
    inner = _raw(f"""Content-Type: multipart/mixed; boundary="{mixed}"

--{mixed}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: 8bit

{text}
{_evolution_parts(mixed, files)}--{mixed}--
""")
    cert, key = _certificate()
    p7s = pkcs7.PKCS7SignatureBuilder().set_data(inner).add_signer(cert, key, hashes.SHA256()).sign(
        serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
    return _raw(f"""{_auth(authentication)}Message-ID: <5b1e9d3a7c2f4e8b0a6d1c9f{kind}.camel@jardins-egalite.example>
Subject: {_subject(subject)}
From: {sender}
To: {to}
{_replying(answer)}Date: Tue, 01 Dec 2026 09:47:33 +0100
Content-Type: multipart/signed; boundary="{b}"; protocol="application/pkcs7-signature";
\tmicalg=sha256
User-Agent: Evolution 3.52.3-0ubuntu1{" "}
MIME-Version: 1.0

--{b}
{inner.decode()}
--{b}
Content-Type: application/pkcs7-signature; name="smime.p7s"
Content-Disposition: attachment; filename="smime.p7s"
Content-Transfer-Encoding: base64

{_b64(p7s)}

--{b}--
""")


# --- Tuta -----------------------------------------------------------------------------------------------------------

def tuta(to: str, files: Files, answer: EmailMessage | None = None, authentication: str = "",
         words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """Tuta (French): the HTML alone, quoted-printable, in a multipart/related with the files, their names unquoted
    RFC 2047 « B » words; `answer`: « 1 déc. 2026, 09:20 par n.bataillon@…: » above our text in
    `<blockquote class="tutanota_quote">`, `words` hers on top."""
    sender, to, subject = _who("", "", answer, to, applicant if not answer else to)
    kind = _kind("", answer)
    mine = APPLICATION_TEXT if answer is None else words
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>'
            + "".join(f"{escape(line)}<br>" for line in mine.splitlines()))
    if answer is not None:
        html += (f"<br>1 déc. 2026, 09:20 par {escape(to)}:<br>" + '<blockquote class="tutanota_quote">'
                 + "".join(f"{escape(line)}<br>" for line in _body(answer).splitlines()) + "</blockquote>")
    html += "</body></html>"
    b = f"------------79Bu5A16qPEYcVIZL{kind}@tutanota"
    parts = "".join(f"""--{b}
Content-Type: {mime};
 name={name if name.isascii() and " " not in name else _b_word(name)}
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
 filename={name if name.isascii() and " " not in name else _b_word(name)}

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 09:47:33 +0100 (CET)
From: {sender}
To: {to}
Message-ID: <OiK3x7q--{kind}-9@tutanota.com>
{_replying(answer)}Subject: {_subject(subject)}
MIME-Version: 1.0
Content-Type: multipart/related; boundary="{b}"

--{b}
Content-Type: text/html; charset=UTF-8
Content-transfer-encoding: quoted-printable

{_qp(html)}
{parts}--{b}--
""")


# --- Canary Mail ----------------------------------------------------------------------------------------------------

CANARY_LINK = "https://canarymail.io"


def canary(to: str, files: Files, answer: EmailMessage | None = None, authentication: str = "",
           words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """Canary Mail (French): mixed > alternative (text, HTML) and the files (MailCore2's: RFC 2047 words inside the
    quotes, a Content-ID); « Envoyé avec Canary » under her words; `answer`: « Le 1 déc. 2026 à 09:20 +0100, Mission
    Smart City <…> a écrit : » above our text quoted, `words` hers on top."""
    sender, to, subject = _who("", "", answer, to, applicant if not answer else to)
    kind = _kind("", answer)
    mine = APPLICATION_TEXT if answer is None else words
    text = mine + "\nEnvoyé avec Canary\n"
    html = ('<html><head></head><body><div dir="auto">' + _html_lines(mine)
            + f'<div><br></div><div class="canary-signature">Envoyé avec <a href="{CANARY_LINK}">Canary</a></div>'
            + "</div>")
    if answer is not None:
        attribution = f"Le 1 déc. 2026 à 09:20 +0100, Mission Smart City <{to}> a écrit :"
        text += "\n" + attribution + "\n" + _quoted(_body(answer)) + "\n"
        html += (f'<div class="canary-quote"><div>{escape(attribution)}</div><blockquote type="cite" '
                 'style="margin: 5px 5px; padding-left: 10px; border-left: thin solid #1abc9c;">'
                 + _html_lines(_body(answer)) + "</blockquote></div>")
    html += "</body></html>\n"
    b, alt = (f"6{n}4f2a91e_2a3b4c5d_000{kind}c9e" for n in "ab")
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="{name if name.isascii() else _q_word(name)}"
Content-Disposition: attachment; filename="{name if name.isascii() else _q_word(name)}"
Content-Transfer-Encoding: base64
Content-ID: <{n:x}c1d2e4b5a6f7@canarymail.io>

{_b64(data)}
""" for n, (name, mime, data) in enumerate(files))
    ident = base64.b16encode(f"canary{kind}jr".encode()).decode()
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 09:47:33 +0100
From: {sender}
To: {to}
Message-ID: <{ident}@canarymail.io>
{_replying(answer)}Subject: {_subject(subject)}
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

{parts}--{b}--
""")


# --- Proton Mail, her key attached ---------------------------------------------------------------------------------

def proton(to: str, files: Files, answer: EmailMessage | None = None, authentication: str = "",
           words: str = ANSWER_WORDS, applicant: str = APPLICANT) -> bytes:
    """Proton Mail (web, French) to an address outside Proton, her public key attached to every mail; `answer`:
    « ‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐ » and « Le mardi 1 décembre 2026 à 09:20, Mission Smart City <…> a écrit : »
    above our text quoted, `words` hers on top, Proton's line between."""
    from ninthmail import PUBLIC_KEY

    sender, to, subject = _who("", "", answer, to, applicant if not answer else to)
    kind = _kind("", answer)
    text = (APPLICATION_TEXT if answer is None else words) + "\nEnvoyé avec la messagerie sécurisée Proton Mail.\n"
    if answer is not None:
        text += ("\n" + "\u2010" * 7 + " Original Message " + "\u2010" * 7 + "\nLe mardi 1 décembre 2026 à 09:20, "
                 f"Mission Smart City <{to}> a écrit :\n\n" + _quoted(_body(answer)) + "\n")
    key = f"publickey - {applicant} - 0x5B2C9E1A.asc"
    b = f"b1_7Qx2mV4kR9sT1uW3yZ5aC7eG9iK1mO3qS5uW7y{kind}"
    named = [(name if name.isascii() else _b_word(name), mime, data)
             for name, mime, data in [*files, (key, "application/pgp-keys", PUBLIC_KEY)]]
    parts = "".join(f"""--{b}
Content-Type: {mime}; filename="{name}"; name="{name}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{name}"; name="{name}"

{_b64(data)}
""" for name, mime, data in named)
    return _raw(f"""{_auth(authentication)}Date: Tue, 01 Dec 2026 08:47:33 +0000
To: {to}
From: {sender}
{_replying(answer)}Subject: {_subject(subject)}
Message-ID: <Xk3Lq9PzR7wYv2Tn8uHd5sGf1aJc{kind}bMe@jardins-egalite.example>
Feedback-ID: 12345678:user:proton
X-Pm-Message-ID: 7f9c2b1e3d4a5b6{kind}
X-Pm-Origin: internal
X-Pm-Content-Encryption: end-to-end
X-Pm-Spamscore: 0
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="{b}"

This is a multi-part message in MIME format.

--{b}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
{parts}--{b}--
""")


# --- Thunderbird with Enigmail, PGP/Inline ---------------------------------------------------------------------------

def enigmail_inline(to: str, files: Files, forward_of: str = "", by: str = "", answer: EmailMessage | None = None,
                    authentication: str = "", words: str = ANSWER_WORDS, octet: bool = False,
                    applicant: str = APPLICANT) -> bytes:
    """Thunderbird 60 and Enigmail 2.0, « PGP/Inline »: multipart/mixed, the text clear-signed (8bit UTF-8), each
    file then « <name>.sig », its detached signature (binary OpenPGP packets; `octet`: declared
    application/octet-stream); `answer`: « Le 01/12/2026 à 09:20, Mission Smart City a écrit : » above our text
    quoted, inside the signed text, `words` hers on top; `forward_of`: Thunderbird's « -------- Message transféré
    -------- » and its fields (« Sujet : », « Date : », « De : », « Pour : », a tab after each colon) inside the
    signed text, dash-escaped as every line that starts with « - » (« - -------- Message transféré -------- »)."""
    sender, to, subject = _who(forward_of, by, answer, to, applicant if not answer else to)
    kind = _kind(forward_of, answer)
    text = APPLICATION_TEXT if answer is None else (
        words + "\nLe 01/12/2026 à 09:20, Mission Smart City a écrit :\n" + _quoted(_body(answer)) + "\n")
    if forward_of:
        text = (FORWARD_WORDS + "\n\n-------- Message transféré --------\n" + f"Sujet : \t{SUBJECT}\n"
                "Date : \tMon, 30 Nov 2026 17:45:12 +0100\n" + f"De : \t{JEANNE} <{forward_of}>\n"
                + f"Pour : \t{by}\n\n\n\n" + APPLICATION_TEXT)
    signed = ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + _dash_escaped(text) + "\n"
              + PGP_SIGNATURE)
    b = f"------------7A1B3C5D7E9F1A3B5C7D9E1{kind}"
    packet = bytes.fromhex("89023304000108001d162104") + bytes(range(40, 140))  # a v4 signature packet's start
    sig_type = "application/octet-stream" if octet else "application/pgp-signature"
    parts = "".join(f"""--{b}
Content-Type: {mime};
 name="{name if name.isascii() else _q_word(name)}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
 filename="{name if name.isascii() else _q_word(name)}"

{_b64(data)}
--{b}
Content-Type: {sig_type};
 name="{_q_word(name + ".sig") if not name.isascii() else name + ".sig"}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
 filename="{_q_word(name + ".sig") if not name.isascii() else name + ".sig"}"

{_b64(packet)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}To: {to}
From: {sender}
Subject: {_subject(subject)}
Message-ID: <e8f1a2b3-c4d5-6e7f-8a9b-0c1d2e3f4a5{kind}@jardins-egalite.example>
{_replying(answer)}Date: Tue, 1 Dec 2026 09:47:33 +0100
User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:60.0) Gecko/20100101
 Thunderbird/60.9.1
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="{b}"
Content-Language: fr

This is a multi-part message in MIME format.
--{b}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

{signed}
{parts}--{b}--
""")
