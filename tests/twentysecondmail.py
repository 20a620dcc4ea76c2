"""Application mail of a twenty-second round, byte for byte (CRLF line ends, as IMAP serves it), beside
tests/twentyfirstmail.py: programs, and ways of sending, no round had written. How sure each shape is, is said.

- Mutt 2.2 signing with PGP/MIME (the applicant who reads her mail in a terminal; `crypt_autosign`). Sure (Mutt's
  mail in Debian and kernel list archives): « Content-Type: multipart/signed; micalg=pgp-sha256; » folded before
  « protocol="application/pgp-signature"; boundary=… », « Content-Disposition: inline » on the message itself, Mutt's
  16-character boundaries, a blank line more after each multipart's fields (no preamble), the text quoted-printable
  (Mutt makes signed text 7-bit safe) with « Content-Disposition: inline », each file's Content-Type WITHOUT a name,
  its name only on « Content-Disposition: attachment; filename*=utf-8''… » (RFC 2231, Mutt's default: no
  rfc2047_parameters), « signature.asc » as « application/pgp-signature; name="signature.asc" » and « User-Agent:
  Mutt/2.2.13 (2024-03-09) ». Medium: the Message-ID's form, the attribution « On Tue, Dec 01, 2026 at 09:20:15AM
  +0100, Mission Smart City wrote: » (Mutt's default $attribution and $date_format, in English whatever the locale).
- Mutt 2.2 signing with S/MIME through its classic OpenSSL back end (smime.rc, `smime_sign_command`: openssl smime
  -sign … -outform DER, detached). Sure (Mutt's smime.c `smime_sign_message`): multipart/signed with
  protocol="application/x-pkcs7-signature" (the « x- » names OpenSSL's back end writes) and micalg=sha-256, the
  signature « application/x-pkcs7-signature », « Content-Description: S/MIME Cryptographic Signature », a disposition
  « attachment; filename="smime.p7s" », base64. Mutt never signs « opaque »: its `smime_sign_opaque_command` was
  documented but never called (NeoMutt removed it as an unused option); opaque signing is the next item's.
- A signing relay or script built on OpenSSL (`openssl smime -sign -nodetach -to … -from … -subject …`, piped to
  sendmail), as some associations' and public bodies' outgoing relays sign: the whole message opaque. Sure (OpenSSL's
  apps/smime.c and SMIME_write_PKCS7): To, From and Subject written by OpenSSL above « MIME-Version: 1.0 »,
  « Content-Disposition: attachment; filename="smime.p7m" » BEFORE « Content-Type: application/x-pkcs7-mime;
  smime-type=signed-data; name="smime.p7m" », base64 in lines of 64; what was signed is the file given to it, here
  the whole mail the program wrote, its own From, To, Subject and Date included. Medium: Postfix's Date and
  Message-ID added at submission.
- FileSender (RENATER's filesender.renater.fr, used by universities, research and some public bodies): its French
  « transfer_available » notice. Sure (filesender/filesender language/fr_FR/transfer_available.mail.php): the subject
  « Fichiers disponibles au téléchargement », « Madame, Monsieur, », the file list, « Lien de téléchargement: … »,
  the expiry, « Message de <sender>: », « Cordialement, »; the link « https://filesender.renater.fr/?s=download&token=
  <uuid> ». Medium: the From (« FileSender RENATER » at a noreply address of renater.fr) with the uploader in Reply-To
  (FileSender's email_reply_to = sender), the subject's « FileSender RENATER: » prefix, the HTML/text alternative.
- France Transfert (the State's transfer service, francetransfert.numerique.gouv.fr): its notice to a recipient.
  Sure (culturecommunication/francetransfert-worker: MailNotificationServices, the Thymeleaf templates, the
  properties): Spring's MimeMessageHelper(multipart, "UTF-8") — multipart/mixed > multipart/related > text/html
  alone —, From the service's address alone, NO Reply-To, the subject B-encoded (MimeUtility.encodeText) « <sender>
  vous a envoyé un ou des fichier(s) avec France Transfert » (its property « Vous a envoyé… » after the sender's
  address), « Vous avez reçu un pli », « Expéditeur : < address > », « Contenu du pli : », the link
  « …/download/?enclosure=<uuid>&recipient=<base64 of the address>&token=<uuid>&lang=fr-FR ». Medium: the robot's
  address (« ne-pas-repondre@ » the service's domain), JavaMail's boundaries and its quoted-printable choice.
- A Kyocera TASKalfa 3253ci's « Envoyer » > « E-mail » (the association's copier), from the copier's address.
  Sure: the file « doc<6-digit job number><yyyymmddhhmmss>.pdf » (Kyocera's default file name, as recipients meet
  it). Low (remembered from scans received, no public source read here): the subject « Message from TASKalfa
  3253ci », the one-line text, the boundary, the quoted-printable text. No Reply-To: Kyocera writes the machine's
  address (its « Send to Me » only chooses the recipient).
- SOGo's inline forward (HTML editor). Sure (Alinto/sogo SoObjects/Mailer/SOGoMailFrenchForward.wo): « -------- Message
  original -------- », then « Sujet: », « Date: », « De: », « Pour: » in that order, the files attached again.
  Medium: the date's form, the HTML around it.
- Tuta's forward. Sure (tutao/tutanota MailViewerViewModel): « FWD: », the block « Date / From / To / Subject » of
  addresses WITHOUT names, the mail in `<blockquote class="tutanota_quote">`. Medium: the French labels.
- Outlook « Texte enrichi » sent as TNEF alone (Exchange's Summary TNEF: application/ms-tnef the only body). Low that
  it reaches a town's mailbox so (see `outlook_tnef_only`).

The dossiers and letters carry the label's published facts (tests/tenthmail.py). Every function returns the raw
message."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from html import escape
from urllib.parse import quote

from clientmail import _b64, _qp, _raw
from fifteenthmail import APPLICATION_TEXT
from nineteenthmail import PGP_SIGNATURE
from seventeenthmail import CLAIRE
from sixteenthmail import ANSWER_WORDS, FORWARD_WORDS, JEANNE, SUBJECT, _answered, _auth, _kind, _q_word, _subject
from tenthmail import _body, _sender

Files = list[tuple[str, str, bytes]]
APPLICANT = "jeanne.roux@jardins-egalite.example"
MUTT_SIGNATURE = "-- \nJeanne Roux\nLes Jardins de l'Égalité\n"


# --- Mutt -----------------------------------------------------------------------------------------------------------

def _mutt_filename(name: str) -> str:
    """Mutt's Content-Disposition: an ASCII name in quotes, any other RFC 2231 (utf-8, percent-encoded), cut in
    continuations past Mutt's line length."""
    if name.isascii() and " " not in name:
        return f'Content-Disposition: attachment; filename="{name}"'
    value = quote(name.encode(), safe="")
    if len(value) < 50:
        return f"Content-Disposition: attachment; filename*=utf-8''{value}"
    chunks, at = [], 0
    while at < len(value):  # never inside a « %XX »
        end = min(at + 60, len(value))
        while value.rfind("%", at, end) > end - 3 and end < len(value):
            end = value.rfind("%", at, end)
        chunks.append(value[at:end])
        at = end
    if len(chunks) == 1:
        return f"Content-Disposition: attachment;\n\tfilename*=utf-8''{value}"
    out = [f"filename*0*=utf-8''{chunks[0]}"] + [f"filename*{n}*={c}" for n, c in enumerate(chunks[1:], 1)]
    return "Content-Disposition: attachment;\n\t" + ";\n\t".join(out)


def _mutt_entity(text: str, files: Files, kind: str) -> bytes:
    """What Mutt signs: the text alone, or multipart/mixed of the text and the files."""
    part = f"""Content-Type: text/plain; charset=utf-8
Content-Disposition: inline
Content-Transfer-Encoding: quoted-printable

{_qp(text)}"""
    if not files:
        return _raw(part)
    b = f"Dxnq1zWXvFF0Q9{kind}v"
    attached = "".join(f"""--{b}
Content-Type: {mime}
{_mutt_filename(name)}
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""Content-Type: multipart/mixed; boundary="{b}"
Content-Disposition: inline


--{b}
{part}
{attached}--{b}--
""")


def _mutt_text(answer: EmailMessage | None, words: str) -> str:
    if answer is None:
        return APPLICATION_TEXT + "\n" + MUTT_SIGNATURE
    quoted = "\n".join(f"> {line}" if line else ">" for line in _body(answer).replace("\r\n", "\n").splitlines())
    return (f"On Tue, Dec 01, 2026 at 09:20:15AM +0100, Mission Smart City wrote:\n{quoted}\n\n{words}\n"
            + MUTT_SIGNATURE)


def _mutt_head(to: str, answer: EmailMessage | None, kind: str, applicant: str, authentication: str) -> str:
    subject, recipient, reply = SUBJECT, to, ""
    if answer is not None:
        subject, recipient = "Re: " + answer["Subject"], _sender(answer)
        reply = "In-Reply-To: {}\nReferences: {}\n".format(*_answered(answer))
    return f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 09:47:33 +0100
From: {JEANNE} <{applicant}>
To: {recipient}
Subject: {_subject(subject)}
Message-ID: <aUx3k9vQm2Lr5Tx{kind}@jardins-egalite.example>
{reply}MIME-Version: 1.0
"""


def mutt_pgp(to: str, files: Files, answer: EmailMessage | None = None, words: str = ANSWER_WORDS,
             authentication: str = "", applicant: str = APPLICANT) -> bytes:
    """Mutt 2.2 signing with PGP/MIME: multipart/signed around multipart/mixed (the text, the files named in RFC 2231
    form on their disposition alone), then signature.asc; `answer`: Mutt's English attribution and our text quoted,
    `words` below."""
    kind = _kind("", answer)
    b = f"k1lZvvs/B4yU6o8{kind}"
    entity = _mutt_entity(_mutt_text(answer, words), files, kind).decode()
    head = _mutt_head(to, answer, kind, applicant, authentication)
    return _raw(head + f"""Content-Type: multipart/signed; micalg=pgp-sha256;
\tprotocol="application/pgp-signature"; boundary="{b}"
Content-Disposition: inline
User-Agent: Mutt/2.2.13 (2024-03-09)


--{b}
{entity}
--{b}
Content-Type: application/pgp-signature; name="signature.asc"

{PGP_SIGNATURE}
--{b}--
""")


def _certificate(address: str):
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.EMAIL_ADDRESS, address)])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(start).not_valid_after(start + datetime.timedelta(days=3650))
            .sign(key, hashes.SHA256()))
    return cert, key


def _cms(content: bytes, address: str, detached: bool) -> bytes:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    cert, key = _certificate(address)
    options = [pkcs7.PKCS7Options.Binary] + ([pkcs7.PKCS7Options.DetachedSignature] if detached else [])
    return pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(cert, key, hashes.SHA256()).sign(
        serialization.Encoding.DER, options)


def mutt_smime(to: str, files: Files, answer: EmailMessage | None = None, words: str = ANSWER_WORDS,
               authentication: str = "", applicant: str = APPLICANT) -> bytes:
    """Mutt 2.2 signing with S/MIME (classic OpenSSL back end): multipart/signed around the same entity as
    `mutt_pgp`, then smime.p7s as « application/x-pkcs7-signature » (a real detached CMS signature)."""
    kind = _kind("", answer)
    b = f"X3gT5hPq2Zr8Wm1{kind}"
    entity = _mutt_entity(_mutt_text(answer, words), files, kind)
    p7s = _cms(entity, applicant, detached=True)
    head = _mutt_head(to, answer, kind, applicant, authentication)
    return _raw(head + f"""Content-Type: multipart/signed; micalg=sha-256;
\tprotocol="application/x-pkcs7-signature"; boundary="{b}"
Content-Disposition: inline
User-Agent: Mutt/2.2.13 (2024-03-09)


--{b}
{entity.decode()}
--{b}
Content-Type: application/x-pkcs7-signature
Content-Description: S/MIME Cryptographic Signature
Content-Disposition: attachment; filename="smime.p7s"
Content-Transfer-Encoding: base64

{_b64(p7s)}

--{b}--
""")


# --- OpenSSL, opaque ------------------------------------------------------------------------------------------------

def _b64_64(data: bytes) -> str:
    return _b64(data, width=64)


def openssl_opaque(to: str, files: Files, applicant: str = APPLICANT, inner_from: str = "",
                   authentication: str = "") -> bytes:
    """`openssl smime -sign -nodetach -to … -from … -subject …` over the whole mail a program wrote (its own From,
    To, Subject and Date inside what is signed; `inner_from`: another From there than the one outside, as whoever
    signs may write), the result submitted through Postfix's sendmail (its Date and Message-ID added last)."""
    b = "------------7C3A1B9D5E2F40618A2B3C4D"
    attached = "".join(f"""--{b}
Content-Type: {mime}; name="{name}"
Content-Disposition: attachment; filename*=UTF-8''{quote(name.encode(), safe="")}
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in files)
    inner = _raw(f"""From: {JEANNE} <{inner_from or applicant}>
To: {to}
Subject: {_subject(SUBJECT)}
Date: Tue, 1 Dec 2026 09:47:33 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"

This is a multi-part message in MIME format.
--{b}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{APPLICATION_TEXT}
{attached}--{b}--
""")
    p7m = _cms(inner, applicant, detached=False)
    subject = "=?UTF-8?B?" + base64.b64encode(SUBJECT.encode()).decode() + "?="
    return _raw(f"""{_auth(authentication)}To: {to}
From: {JEANNE} <{applicant}>
Subject: {subject}
MIME-Version: 1.0
Content-Disposition: attachment; filename="smime.p7m"
Content-Type: application/x-pkcs7-mime; smime-type=signed-data; name="smime.p7m"
Content-Transfer-Encoding: base64
Message-Id: <20261201084733.4F2C81E0A3B@relais.jardins-egalite.example>
Date: Tue,  1 Dec 2026 09:47:33 +0100 (CET)

{_b64_64(p7m)}
""")


def thunderbird_forward_as_attachment(by: str, to: str, original: bytes, authentication: str = "") -> bytes:
    """A colleague's Thunderbird « Transférer en tant que pièce jointe » of `original` (the mail whole, as she got
    it, the server's Return-Path and Delivered-To on top): her words, then the mail as message/rfc822 named by its
    subject, « name » an RFC 2047 word and « filename » RFC 2231 (Thunderbird's parameter writing, medium), as
    tests/forwardmail.py `thunderbird_as_attachment` lays it out; here what it forwards is opaque-signed."""
    b = "------------9DkT3vQ7wX2mZ8pL5nR4sB6c"
    return _raw(f"""{_auth(authentication)}Message-ID: <4d9e2a71-3c5b-4f8e-9a1d-6b2c7e0f8a31@bethune.example>
Date: Tue, 1 Dec 2026 10:12:40 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: {to}
From: {CLAIRE} <{by}>
Subject: {_subject("Fwd: " + SUBJECT)}
Content-Type: multipart/mixed; boundary="{b}"

This is a multi-part message in MIME format.
--{b}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{FORWARD_WORDS}
--{b}
Content-Type: message/rfc822; charset=UTF-8;
 name="{_q_word(SUBJECT + ".eml")}"
Content-Disposition: attachment;
 filename*=UTF-8''{quote((SUBJECT + ".eml").encode(), safe="")}
Content-Transfer-Encoding: 8bit

Return-Path: <{APPLICANT}>
Delivered-To: {by}
{original.decode().replace(chr(13), "")}
--{b}--
""")


# --- FileSender -----------------------------------------------------------------------------------------------------

FILESENDER_LINK = "https://filesender.renater.fr/?s=download&token=5b0c7e2a-9d41-4f3b-8e6a-21c4d7f90b3e"
PHOTOS = [("Jardin partagé - été 2026.jpg", "4,2 Mo"), ("Atelier compost.jpg", "3,8 Mo")]


def filesender_notice(to: str, applicant: str = APPLICANT, authentication: str = "") -> bytes:
    """FileSender RENATER's « Fichiers disponibles au téléchargement » to the town: two photos, her message."""
    b = "b1_6f0e3c2d8a5b4e7f9c1d2a3b4c5d6e7f"
    files = "\n".join(f"  - {name} ({size})" for name, size in PHOTOS)
    text = (f"Madame, Monsieur,\n\nLes fichiers suivants ont été déposés sur FileSender RENATER par {applicant} et "
            f"sont disponibles au téléchargement :\n\n{files}\n\nLien de téléchargement: {FILESENDER_LINK}\n\n"
            "Le dépôt est valable jusqu'au 15/12/2026 après quoi il sera supprimé automatiquement.\n\n"
            f"Message de {applicant}: Photos - candidature label Béthune Smart City\n\n"
            "Bonjour, voici les photos du jardin partagé pour notre candidature.\nJeanne Roux\n\n"
            "Cordialement,\nFileSender RENATER\n")
    items = "".join(f"<li>{escape(name)} ({size})</li>" for name, size in PHOTOS)
    html = (f"<p>Madame, Monsieur,</p><p>Les fichiers suivants ont été déposés sur FileSender RENATER par {applicant} "
            "et sont disponibles au téléchargement :</p><table rules=\"rows\"><thead><tr><th colspan=\"2\">Dépôt</th>"
            f"</tr></thead><tbody><tr><td>Fichiers</td><td><ul>{items}</ul></td></tr><tr><td>Taille totale</td>"
            "<td>8 Mo</td></tr><tr><td>Date d'expiration</td><td>15/12/2026</td></tr><tr><td>Lien de téléchargement"
            f"</td><td><a href=\"{escape(FILESENDER_LINK)}\">{escape(FILESENDER_LINK)}</a></td></tr></tbody></table>"
            f"<p>Message de {applicant}:</p><p class=\"message\"><span class=\"subject\">Photos - candidature label "
            "Béthune Smart City</span> Bonjour, voici les photos du jardin partagé pour notre candidature.<br />"
            "Jeanne Roux</p><p>Cordialement,<br />FileSender RENATER</p>")
    return _raw(f"""{_auth(authentication)}Return-Path: <noreply@renater.fr>
Date: Tue, 1 Dec 2026 10:21:07 +0100
To: {to}
From: FileSender RENATER <noreply@renater.fr>
Reply-To: {applicant}
Subject: {_subject("FileSender RENATER: Fichiers disponibles au téléchargement")}
Message-ID: <filesender-transfer-4812734-recipient-9921@filesender.renater.fr>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="{b}"

--{b}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{b}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{b}--
""")


# --- France Transfert -----------------------------------------------------------------------------------------------

FRANCE_TRANSFERT = "ne-pas-repondre@francetransfert.numerique.gouv.fr"


def francetransfert_link(recipient: str) -> str:
    return ("https://francetransfert.numerique.gouv.fr/download/?enclosure=5e1439e2-45c7-4c84-9194-44ee14c114c8"
            f"&recipient={base64.b64encode(recipient.encode()).decode()}&token=29a59bef-e53e-401f-a8c5-a5303ea40f47"
            "&lang=fr-FR")


def francetransfert_notice(to: str, applicant: str = APPLICANT, authentication: str = "") -> bytes:
    """France Transfert's « Vous avez reçu un pli » to the town: the HTML alone (Spring's mixed > related), from the
    service's address, no Reply-To, her address in the subject and as « Expéditeur »."""
    mixed, related = "----=_Part_0_1846529911.1764581042117", "----=_Part_1_905174311.1764581042117"
    link = francetransfert_link(to)
    files = "".join(f'<div style="padding: 0px 0.5px 0px 3rem;"><p><strong>&bull;&nbsp;<span><a>{escape(n[:-4])}'
                    f'</a></span></strong><span style="font-size: 10px">&bull;&nbsp;</span><span>fichier <a>jpg</a>'
                    f'</span><span style="font-size: 10px">&bull;&nbsp;</span><span><a>{s}</a></span></p></div>'
                    for n, s in PHOTOS)
    html = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/'
            'xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n<meta http-equiv="'
            'Content-Type" content="text/html; charset=UTF-8" />\n<title>FranceTransfert : fichiers reçus</title>\n'
            '</head>\n<body style="margin: 0px; padding: 40px 0px; background-color: #D9D9D9; font-family: Calibri, '
            'sans-serif">\n<table align="center" style="background-color: #D9D9D9; width: 60%; text-align: center;">'
            '<tr><td><table class="container" style="background-color: #ffffff; border-radius: 10px;"><tr><td style='
            '"text-align: initial;"><div><p style="margin: 1.5rem 0rem 3rem 0rem; font-size: 26px; text-align: '
            'center;"><strong> <span style="color: black">Vous avez\n\t\t\t\t\t\t\t\t\t\t\treçu un pli</span>\n'
            '</strong></p></div><div style="margin: 0rem 1rem 0.15rem 2rem;;color: #000000;"><p><strong>Expéditeur :'
            f'  </strong> &lt;\n\n<span style="color: #0269cc"><a>{applicant}</a>\n</span> &gt;\n\n</p></div>'
            '<div style="margin: 0rem 1rem 0.15rem 2rem;"><p><strong>Objet : </strong>Photos - candidature label '
            'Béthune Smart City</p></div><div style="margin: 0rem 1rem 2rem 2rem; ;color: #000000;"><p style="margin-'
            'top: 1.5rem"><strong>Contenu du pli : </strong><span><a>2</a></span> élément(s),\n<span><a>8 Mo</a>'
            f'</span> au total</p>{files}</div><div><p>Ce pli est disponible jusqu\'au <strong>31/12/2026</strong>'
            f'</p></div><div><a href="{escape(link)}"><img src="https://francetransfert.numerique.gouv.fr/email-'
            'contents/acceder-fichiers.png" alt="Accéder aux fichiers" /></a></div><hr /></td></tr></table></td>'
            '</tr></table>\n</body>\n</html>\n')
    subject = f"{applicant} vous a envoyé un ou des fichier(s) avec France Transfert"
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 10:24:02 +0100 (CET)
From: {FRANCE_TRANSFERT}
To: {to}
Message-ID: <1402915573.3.1764581042118@francetransfert-worker-7d9c5b8f6-x2kqp>
Subject: =?UTF-8?B?{base64.b64encode(subject.encode()).decode()}?=
MIME-Version: 1.0
Content-Type: multipart/mixed;{" "}
\tboundary="{mixed}"

--{mixed}
Content-Type: multipart/related;{" "}
\tboundary="{related}"

--{related}
Content-Type: text/html;charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--{related}--

--{mixed}--
""")


# --- Kyocera --------------------------------------------------------------------------------------------------------

KYOCERA_FILE = "doc00412720261201103415.pdf"


def kyocera_scan(to: str, pdf: bytes, device: str = "kyocera.taskalfa3253ci@jardins-egalite.example") -> bytes:
    """A Kyocera TASKalfa 3253ci's scan sent by e-mail from the copier's address (no Reply-To)."""
    b = "--------NextPart_KM_20261201103415_0412"
    return _raw(f"""From: TASKalfa 3253ci <{device}>
To: {to}
Subject: Message from TASKalfa 3253ci
Date: Tue, 01 Dec 2026 10:34:15 +0100
Message-Id: <20261201103415.0412.TASKalfa3253ci@{device.split("@")[1]}>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{b}"
X-Mailer: TASKalfa 3253ci

--{b}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp("Envoyé depuis TASKalfa 3253ci")}
--{b}
Content-Type: application/pdf; name="{KYOCERA_FILE}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{KYOCERA_FILE}"

{_b64(pdf)}
--{b}--
""")


# --- SOGo, forward --------------------------------------------------------------------------------------------------

def sogo_forward(by: str, to: str, applicant: str, files: Files, authentication: str = "") -> bytes:
    """A colleague's SOGo (French) « Transférer », inline (the preference's default), in its HTML editor: her words,
    then SOGo's French forward block, her mail's HTML and its files attached again (RFC 2047 names in quotes, as
    tests/thirteenthmail.py's `sogo` writes them)."""
    from thirteenthmail import _q_word as _sogo_word

    b = "----=_=-_OpenGroupware_org_NGMime-31207-1764580951.204417-12------"
    words = "".join(f"<p>{escape(line)}</p>" for line in FORWARD_WORDS.strip().split("\n\n"))
    mine = "".join(f"<p>{escape(p).replace(chr(10), '<br />')}</p>" for p in APPLICATION_TEXT.strip().split("\n\n"))
    html = (f"<html>{words}<br /><br />-------- Message original --------<br />Sujet: {escape(SUBJECT)}<br />"
            f"Date: 01/12/2026 09:47<br />De: {JEANNE} &lt;{applicant}&gt;<br />Pour: {by}<br /><br />{mine}"
            "<br /></html>")
    parts = "".join(f"""--{b}
Content-Type: {mime}; name="=?utf-8?q?{_sogo_word(name)}?="
Content-Disposition: attachment; filename="=?utf-8?q?{_sogo_word(name)}?="
Content-Transfer-Encoding: base64

{_b64(data)}
""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}Content-Type: multipart/mixed; boundary="{b}"
From: "{CLAIRE}" <{by}>
To: {to}
Date: Tue, 01 Dec 2026 10:22:31 +0100
Subject: {_subject("Fwd: " + SUBJECT)}
MIME-Version: 1.0
Message-Id: <7a3-674c3980-c-1f6e2a40@193417922>
User-Agent: SOGoMail 5.11.2
X-Forward: 10.12.4.17

--{b}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable
Content-Length: {len(html.encode())}

{_qp(html)}
{parts}--{b}--
""")


# --- Tuta, forward --------------------------------------------------------------------------------------------------

def tuta_forward(by: str, to: str, applicant: str, files: Files, authentication: str = "") -> bytes:
    """A colleague's Tuta « Transférer »: her words, then Tuta's block of ADDRESSES alone (« Date: … », « De: <her
    address> », « À: … », « Objet: … », each ended by <br>: no name anywhere) and the mail in
    `<blockquote class="tutanota_quote">`, « FWD: » before the subject, the files attached again; the envelope as
    tests/nineteenthmail.py's `tuta` writes it. Sure (tutao/tutanota MailViewerViewModel
    `createResponseMailArgsForForwarding`): the block's order, the addresses without names, « FWD: », the
    blockquote. Medium: the French labels (date_label, from_label, to_label, subject_label) and formatDateTime's
    French form."""
    from seventeenthmail import _b_word

    mine = "".join(f"{escape(line)}<br>" for line in APPLICATION_TEXT.splitlines())
    words = "".join(f"{escape(line)}<br>" for line in FORWARD_WORDS.splitlines())
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>'
            f"{words}<br>Date: 1 déc. 2026, 09:47<br>De: {applicant}<br>À: {by}<br>Objet: {escape(SUBJECT)}"
            f'<br><br><blockquote class="tutanota_quote">{mine}</blockquote></body></html>')
    b = "------------Tq8Zr3Lw5Kp2Xn7Vb4Mc@tutanota"
    parts = "".join(f"""--{b}
Content-Type: {mime};
 name={name if name.isascii() and " " not in name else _b_word(name)}
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
 filename={name if name.isascii() and " " not in name else _b_word(name)}

{_b64(data)}

""" for name, mime, data in files)
    return _raw(f"""{_auth(authentication)}Date: Tue, 1 Dec 2026 10:40:12 +0100 (CET)
From: {by}
To: {to}
Message-ID: <OjR8y2w--2-9@tutanota.com>
Subject: {_subject("FWD: " + SUBJECT)}
MIME-Version: 1.0
Content-Type: multipart/related; boundary="{b}"

--{b}
Content-Type: text/html; charset=UTF-8
Content-transfer-encoding: quoted-printable

{_qp(html)}
{parts}--{b}--
""")


# --- Outlook, Rich Text, TNEF alone ---------------------------------------------------------------------------------

def outlook_tnef_only(to: str, files: Files, applicant: str = APPLICANT) -> bytes:
    """Outlook in « Texte enrichi » through an Exchange that sends the whole message as TNEF (« Summary TNEF »: no
    text part at all; its words, in RTF, and its files are inside winmail.dat, the message's one body). Sure
    ([MS-OXCMAIL] 2.1.3.4.3, [MS-OXTNEF]): « Content-Type: application/ms-tnef », X-MS-TNEF-Correlator, the files as
    TNEF attachments with their long names as MAPI properties (tests/documents.py `tnef`). Low: that it reaches a
    mailbox so (Exchange sends Summary TNEF only where it can send binary MIME; here base64, as a relay would have
    turned it); the headers' order."""
    from documents import tnef

    winmail = tnef({name: data for name, _m, data in files}, long_names=True)
    return _raw(f"""From: {JEANNE} <{applicant}>
To: "Mission Smart City" <{to}>
Subject: {_subject(SUBJECT)}
Thread-Topic: {_subject(SUBJECT)}
Thread-Index: AdtDc4e5f6a7b8c9d0e1f2a3b4c5d6e7f8
Date: Tue, 1 Dec 2026 08:47:33 +0000
Message-ID: <PR1P264MB3894C2D1E0F9A8B7C6D5E4F3A2B1C0D9@PR1P264MB3894.FRAP264.PROD.OUTLOOK.COM>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator: <PR1P264MB3894C2D1E0F9A8B7C6D5E4F3A2B1C0D9@PR1P264MB3894.FRAP264.PROD.OUTLOOK.COM>
Content-Type: application/ms-tnef; name="winmail.dat"
Content-Transfer-Encoding: base64
MIME-Version: 1.0

{_b64(winmail)}
""")
