"""Staff forwarding an application they received at their own town address to a watched mailbox, as each mail
program writes it, byte for byte: Outlook on the web (OWA; inline and « as attachment »), Outlook for Mac,
Thunderbird (inline, in HTML and text or HTML alone, and « as attachment »: message/rfc822), Gmail (English and French
separator lines), HCL Notes (and Lotus Notes' classic layout), Orange's webmail, Zimbra in HTML alone. Outlook for
Windows and Apple Mail are in tests/clientmail.py. Every function returns the raw message (CRLF line ends, as IMAP
serves it); `authentication` is the town's server's Authentication-Results value, put on top.
"""

from __future__ import annotations

import quopri

import documents as d
from clientmail import _b64, _qp, _raw

ORIGINAL_SUBJECT = "Candidature label Smart City"
# A town signature with a rule of underscores under the name (typed in the mail program), then the legal notice
# (French and English: the forward's header comes more than 2,000 characters below the rule)
_NOTICE = ("Ce message et toutes les pièces jointes sont établis à l'intention exclusive de ses destinataires et sont "
           "confidentiels. Si vous recevez ce message par erreur, merci de le détruire et d'en avertir immédiatement "
           "l'expéditeur. Toute utilisation de ce message non conforme à sa destination, toute diffusion ou toute "
           "publication, totale ou partielle, est interdite, sauf autorisation expresse. L'internet ne permettant pas "
           "d'assurer l'intégrité de ce message, la Ville de Béthune décline toute responsabilité au titre de ce "
           "message, dans l'hypothèse où il aurait été modifié. Les données personnelles vous concernant sont traitées "
           "par la Ville de Béthune pour la gestion de votre demande ; vous disposez d'un droit d'accès, de "
           "rectification et d'effacement auprès du délégué à la protection des données (dpo@ville-bethune.fr). Les "
           "courriels échangés avec les services de la Ville sont des documents administratifs : ils peuvent être "
           "communiqués à toute personne qui en fait la demande, dans les conditions prévues par le livre III du code "
           "des relations entre le public et l'administration, et sont conservés selon les règles des archives "
           "publiques.\nPensez à l'environnement avant d'imprimer ce courriel.")
SIGNATURE = ("Claire MARTIN\nChargée de mission Béthune Smart City\nDirection de l'innovation - Ville de Béthune\n"
             "Place Georges Clemenceau - 62400 Béthune\nTél. : 03 21 68 40 00\n"
             "__________________________________________________\n" + _NOTICE + "\n\n"
             "This e-mail and any attachments are confidential and intended solely for their addressees. If you have "
             "received it in error, please delete it and notify the sender immediately. Any use, dissemination or "
             "publication not in accordance with its purpose is prohibited. As the integrity of internet messages "
             "cannot be guaranteed, the City of Béthune shall not be liable for this message if modified. Personal "
             "data are processed by the City of Béthune to handle your request; you may exercise your rights of "
             "access, rectification and erasure with our data protection officer (dpo@ville-bethune.fr).\n")


def _files(boundary: str, names: tuple[str, str] = ("dossier_intention.pdf", "lettre_maire.pdf")) -> str:
    contents = (d.pdf_text(d.DOSSIER_LINES), d.pdf_text(d.LETTER_LINES))
    return "".join(f"--{boundary}\nContent-Type: application/pdf; name=\"{name}\"\nContent-Disposition: attachment; "
                   f"filename=\"{name}\"\nContent-Transfer-Encoding: base64\n\n{_b64(content)}\n\n"
                   for name, content in zip(names, contents, strict=True))


def _auth(authentication: str) -> str:
    return f"Authentication-Results: {authentication}\n" if authentication else ""


def _latin1_qp(text: str) -> str:
    return quopri.encodestring(text.encode("latin-1")).decode()


def owa(by: str, to: str, applicant: str, authentication: str = "", subject: str = f"TR: {ORIGINAL_SUBJECT}") -> bytes:
    """Outlook on the web (French): its text part, made by Exchange from the HTML, draws the HTML's rule as a line of
    underscores above « De : / Envoyé : / À : / Objet : »; in ISO-8859-1, quoted-printable. `subject`: the one the
    colleague gave it (Outlook writes « TR: » before the forwarded mail's)."""
    text = ("Bonjour,\n\nCandidature reçue sur ma boîte, je te la transfère.\n\nClaire\n\n"
            "________________________________\n"
            f"De : Jeanne Roux <{applicant}>\nEnvoyé : lundi 23 novembre 2026 17:45\nÀ : MARTIN Claire <{by}>\n"
            f"Objet : {ORIGINAL_SUBJECT}\n\nBonjour,\n\nci-joint notre dossier.\n\nJeanne\n")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
            '<body dir="ltr"><div class="elementToProof">Bonjour,</div><div>Candidature reçue sur ma boîte.</div>'
            '<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">'
            '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" '
            f'color="#000000"><b>De :</b> Jeanne Roux &lt;{applicant}&gt;<br><b>Envoyé :</b> lundi 23 novembre 2026 '
            f'17:45<br><b>À :</b> MARTIN Claire &lt;{by}&gt;<br><b>Objet :</b> {ORIGINAL_SUBJECT}</font>'
            '<div>&nbsp;</div></div><div>Bonjour,<br>ci-joint notre dossier.</div></body></html>')
    return _raw(f"""{_auth(authentication)}From: MARTIN Claire <{by}>
To: BATAILLON Nicolas <{to}>
Subject: {subject}
Thread-Topic: {ORIGINAL_SUBJECT}
Thread-Index: AQHbPq1x2Yk3nM9zT0a1b2c3d4e5fw==
Date: Tue, 24 Nov 2026 09:10:00 +0000
Message-ID: <PR3P192MB0812F0A1B2C3D4E5F6A7B8C9D0@PR3P192MB0812.EURP192.PROD.OUTLOOK.COM>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:
Content-Type: multipart/mixed;
\tboundary="_004_PR3P192MB0812F0A1B2C3D4_"
MIME-Version: 1.0

--_004_PR3P192MB0812F0A1B2C3D4_
Content-Type: multipart/alternative;
\tboundary="_000_PR3P192MB0812F0A1B2C3D4_"

--_000_PR3P192MB0812F0A1B2C3D4_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp(text)}
--_000_PR3P192MB0812F0A1B2C3D4_
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp(html)}
--_000_PR3P192MB0812F0A1B2C3D4_--

{_files("_004_PR3P192MB0812F0A1B2C3D4_")}--_004_PR3P192MB0812F0A1B2C3D4_--
""")


def outlook_twice(by: str, to: str, applicant: str, authentication: str = "", colleague: str = "SECRETARIAT DU MAIRE",
                  relay: str = "") -> bytes:
    """Outlook for Windows (French) forwarding what a colleague of the same Exchange organisation forwarded to them: the
    outer block names that colleague by name alone (« De : SECRETARIAT DU MAIRE »: Outlook writes no address for a
    sender of its own organisation), the applicant's block below it; text and HTML, quoted-printable. `relay`: one
    more colleague in the chain (« Accueil <accueil@…> »), whose forward `by` forwards, named with its address (the new
    Outlook, OWA and phones write it) in a block above the other two."""
    blocks = ([f"De : {relay}\nEnvoyé : mardi 24 novembre 2026 08:30\nÀ : MARTIN Claire <{by}>\n"
               f"Objet : TR: TR: {ORIGINAL_SUBJECT}\n\nPour toi, reçu du cabinet.\n\n"] if relay else []) + [
              f"De : {colleague}\nEnvoyé : lundi 23 novembre 2026 18:02\n"
              f"À : {'Accueil' if relay else 'MARTIN Claire'}\n"
              f"Objet : TR: {ORIGINAL_SUBJECT}\n\nPour suite à donner, merci.\n\n",
              f"De : Jeanne Roux <{applicant}>\nEnvoyé : lundi 23 novembre 2026 17:45\nÀ : {colleague} "
              f"<secretariat@ville-bethune.fr>\nObjet : {ORIGINAL_SUBJECT}\n\nBonjour,\n\nci-joint notre dossier."
              "\n\nJeanne\n"]
    text = ("Bonjour,\n\nCandidature arrivée au cabinet, je te la transfère.\n\nClaire\n\n"
            + "".join("________________________________\n" + b for b in blocks))
    html = ("<html><body><div>Bonjour,</div><div>Candidature arrivée au cabinet, je te la transfère.</div>"
            + "".join('<hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg">'
                      + b.replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>") + "</div>" for b in blocks)
            + "</body></html>")
    return _raw(f"""{_auth(authentication)}From: MARTIN Claire <{by}>
To: BATAILLON Nicolas <{to}>
Subject: {"TR: " * (3 if relay else 2)}{ORIGINAL_SUBJECT}
Date: Tue, 24 Nov 2026 09:10:00 +0000
Message-ID: <PR3P192MB0812F0A1B2C3D4E5F6A7B8CAAA@PR3P192MB0812.EURP192.PROD.OUTLOOK.COM>
Content-Type: multipart/mixed; boundary="_004_twice_"
MIME-Version: 1.0

--_004_twice_
Content-Type: multipart/alternative; boundary="_000_twice_"

--_000_twice_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp(text)}
--_000_twice_
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp(html)}
--_000_twice_--

{_files("_004_twice_")}--_004_twice_--
""")


def outlook_mac(by: str, to: str, applicant: str, authentication: str = "",
                said: str = "Bonjour,\n\nci-joint notre dossier.\n\nJeanne\n") -> bytes:
    """Outlook for Mac (French): « De : / Date : / À : / Objet : » under no separator line, its MIME preamble.
    `said`: the text of the mail forwarded (written by its sender)."""
    text = ("Pour le label.\n\nClaire\n\n"
            f"De : Jeanne Roux <{applicant}>\nDate : lundi, 23 novembre 2026 à 17:45\nÀ : Claire Martin <{by}>\n"
            f"Objet : {ORIGINAL_SUBJECT}\n\n{said}")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
            '<body lang="FR"><div class="WordSection1"><p class="MsoNormal">Pour le label.</p>'
            '<div id="mail-editor-reference-message-container"><div class="MsoNormal" style="text-align:center" '
            'align="center"><hr size="1" width="100%" align="center"></div>'
            f'<p class="MsoNormal"><b>De : </b>Jeanne Roux &lt;{applicant}&gt;<br><b>Date : </b>lundi, 23 novembre '
            f'2026 à 17:45<br><b>À : </b>Claire Martin &lt;{by}&gt;<br><b>Objet : </b>{ORIGINAL_SUBJECT}</p></div>'
            '</div></body></html>')
    return _raw(f"""{_auth(authentication)}User-Agent: Microsoft-MacOutlook/16.91.24111020
Date: Tue, 24 Nov 2026 10:10:00 +0100
Subject: TR: {ORIGINAL_SUBJECT}
From: Claire Martin <{by}>
To: Nicolas Bataillon <{to}>
Message-ID: <8A1B2C3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D@ville-bethune.fr>
Thread-Topic: {ORIGINAL_SUBJECT}
Mime-version: 1.0
Content-type: multipart/mixed;
\tboundary="B_3815220600_1234567890"

> This message is in MIME format. Since your mail reader does not understand
this format, some or all of this message may not be legible.

--B_3815220600_1234567890
Content-type: multipart/alternative;
\tboundary="B_3815220600_0987654321"

--B_3815220600_0987654321
Content-type: text/plain;
\tcharset="UTF-8"
Content-transfer-encoding: quoted-printable

{_qp(text)}
--B_3815220600_0987654321
Content-type: text/html;
\tcharset="UTF-8"
Content-transfer-encoding: quoted-printable

{_qp(html)}
--B_3815220600_0987654321--

{_files("B_3815220600_1234567890")}--B_3815220600_1234567890--
""")


def thunderbird(by: str, to: str, applicant: str, authentication: str = "", html_only: bool = False,
                name: str = "Jeanne Roux", signature: str = "") -> bytes:
    """Thunderbird (French) forwarding inline: « -------- Message transféré -------- », then a table of the forwarded
    header fields, « Sujet : » first and « De : » third. Its HTML is indented: each field's name (<th>) and value (<td>)
    on lines of their own. `html_only`: « Seulement du HTML » in its send options (or a server's IMAP giving the HTML
    alone); else the text part Thunderbird makes from it, the fields and values separated by tabs, sent
    format=flowed: a line over 72 characters (a long `name` and address) is cut at a space, which stays at the end
    of the line (a soft line break). `signature`: the colleague's, under « -- » (`SIGNATURE`: a rule of underscores of
    its own), in the text part (each paragraph one flowed line)."""
    sender = f"De : \t{name} <{applicant}>"
    if len(sender) > 72:
        sender = f"De : \t{name} \n<{applicant}>"
    text = ("Bonjour,\n\nà enregistrer.\n\n" + (_flowed(f"-- \n{signature}") if signature else "Claire\n") +
            "\n\n-------- Message transféré --------\n"
            f"Sujet : \t{ORIGINAL_SUBJECT}\nDate : \tMon, 23 Nov 2026 17:45:12 +0100\n"
            f"{sender}\nPour : \t{by}\n\n\n\nBonjour,\n\nci-joint notre dossier.\n\nJeanne\n")
    rows = "".join(
        f'          <tr>\n            <th valign="BASELINE" nowrap="nowrap" align="RIGHT">{name}&nbsp;: </th>\n'
        f'            <td>{value}</td>\n          </tr>\n'
        for name, value in (("Sujet", ORIGINAL_SUBJECT), ("Date", "Mon, 23 Nov 2026 17:45:12 +0100"),
                            ("De", f'{name} <a class="moz-txt-link-rfc2396E" href="mailto:{applicant}">'
                                   f'&lt;{applicant}&gt;</a>'),
                            ("Pour", f'<a class="moz-txt-link-abbreviated" href="mailto:{by}">{by}</a>')))
    html = ('<!DOCTYPE html>\n<html>\n  <head>\n    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
            '\n  </head>\n  <body>\n    <p>Bonjour,</p>\n    <p>à enregistrer.</p>\n    <p>Claire<br>\n    </p>\n'
            '    <div class="moz-forward-container"><br>\n      <br>\n      -------- Message transféré --------\n'
            '      <table class="moz-email-headers-table" cellspacing="0" cellpadding="0" border="0">\n'
            f'        <tbody>\n{rows}        </tbody>\n      </table>\n      <br>\n      <br>\n'
            '      <p>Bonjour,</p>\n      <p>ci-joint notre dossier.</p>\n      <p>Jeanne</p>\n    </div>\n'
            '  </body>\n</html>\n')
    if html_only:
        body = f"Content-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n{html}\n"
    else:
        body = ("Content-Type: multipart/alternative;\n boundary=\"------------alt0K2m9Q4x1B3n5V7c9Z0\"\n\n"
                "--------------alt0K2m9Q4x1B3n5V7c9Z0\nContent-Type: text/plain; charset=UTF-8; format=flowed\n"
                f"Content-Transfer-Encoding: 8bit\n\n{text}\n--------------alt0K2m9Q4x1B3n5V7c9Z0\n"
                f"Content-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n{html}\n"
                "--------------alt0K2m9Q4x1B3n5V7c9Z0--\n")
    return _raw(f"""{_auth(authentication)}Content-Type: multipart/mixed; boundary="------------mix0K2m9Q4x1B3n5V7c9Z0"
Message-ID: <5f0c2a1e-7b3d-4c9a-9e21-3a4b5c6d7e8f@ville-bethune.fr>
Date: Tue, 24 Nov 2026 10:12:33 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: Nicolas Bataillon <{to}>
From: Claire Martin <{by}>
Subject: Fwd: {ORIGINAL_SUBJECT}

This is a multi-part message in MIME format.
--------------mix0K2m9Q4x1B3n5V7c9Z0
{body}{_files("------------mix0K2m9Q4x1B3n5V7c9Z0", ("Dossier d'intention.pdf", "Lettre au Maire.pdf"))}\
--------------mix0K2m9Q4x1B3n5V7c9Z0--
""")


def _flowed(text: str) -> str:
    """`text` as Thunderbird sends it format=flowed: each line over 72 characters cut after a space (kept)."""
    out = []
    for line in text.split("\n"):
        while len(line) > 72 and " " in line[:72]:
            cut = line.rindex(" ", 0, 72) + 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return "\n".join(out)


def thunderbird_as_attachment(by: str, to: str, applicant: str, authentication: str = "", signature: str = "",
                              arrival: str = "dmarc=pass header.from=asso-quartier.example") -> bytes:
    """Thunderbird « Transférer en tant que pièce jointe »: the applicant's message whole, as message/rfc822, named
    by its subject (.eml), with the header fields the town's server added on its arrival (`arrival`: its
    Authentication-Results). `signature`: the colleague's, under « -- » (`SIGNATURE`: a rule of underscores of its
    own)."""
    inner = f"""Return-Path: <{applicant}>
Delivered-To: {by}
Authentication-Results: mx.example.test; {arrival}
From: Jeanne Roux <{applicant}>
To: {by}
Subject: {ORIGINAL_SUBJECT}
Date: Mon, 23 Nov 2026 17:45:12 +0100
Message-ID: <a1b2c3d4-5e6f@asso-quartier.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="inner0K2m9Q4x"

--inner0K2m9Q4x
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Bonjour,

ci-joint notre candidature au label.

Jeanne
{_files("inner0K2m9Q4x", ("Dossier d'intention.pdf", "Lettre au Maire.pdf"))}--inner0K2m9Q4x--
"""
    return _raw(f"""{_auth(authentication)}Content-Type: multipart/mixed; boundary="------------att0K2m9Q4x1B3n5V7c9Z0"
Message-ID: <6a1c2b3d-8e9f-4c9a-9e21-3a4b5c6d7e8f@ville-bethune.fr>
Date: Tue, 24 Nov 2026 10:12:33 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: Nicolas Bataillon <{to}>
From: Claire Martin <{by}>
Subject: Fwd: {ORIGINAL_SUBJECT}

This is a multi-part message in MIME format.
--------------att0K2m9Q4x1B3n5V7c9Z0
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

Pour le label.
{_flowed(f"{chr(10)}-- {chr(10)}{signature}") if signature else ""}
--------------att0K2m9Q4x1B3n5V7c9Z0
Content-Type: message/rfc822; name="{ORIGINAL_SUBJECT}.eml"
Content-Disposition: attachment; filename="{ORIGINAL_SUBJECT}.eml"
Content-Transfer-Encoding: 8bit

{inner}
--------------att0K2m9Q4x1B3n5V7c9Z0--
""")


def outlook_as_attachment(by: str, to: str, applicant: str, authentication: str = "") -> bytes:
    """Outlook on the web / the new Outlook (Exchange Online) « Transférer en tant que pièce jointe »: the message as
    message/rfc822 without a name (Outlook shows its subject), its header fields rebuilt by Exchange from the item
    (Thread-Topic, Thread-Index, X-MS-Has-Attach; no Received nor Authentication-Results), Exchange's
    _00N_ boundaries, the colleague's text in multipart/alternative. (Layout: [MS-OXCMAIL] 2.1.3.4.2 embedded
    messages, and Outlook's « Afficher la source » of such a forward.)"""
    inner = f"""From: Jeanne Roux <{applicant}>
To: Claire Martin <{by}>
Subject: {ORIGINAL_SUBJECT}
Thread-Topic: {ORIGINAL_SUBJECT}
Thread-Index: AQHbPeU2mFq0sJcYx0uW3vJ1bQ7yGw==
Date: Mon, 23 Nov 2026 16:45:12 +0000
Message-ID: <a1b2c3d4-5e6f@asso-quartier.example>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:
Content-Type: multipart/mixed;
\tboundary="_004_a1b2c3d45e6fassoquartierexample_"
MIME-Version: 1.0

--_004_a1b2c3d45e6fassoquartierexample_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp("Bonjour, ci-joint notre candidature au label. Jeanne")}

{_files("_004_a1b2c3d45e6fassoquartierexample_", ("Dossier d'intention.pdf", "Lettre au Maire.pdf"))}\
--_004_a1b2c3d45e6fassoquartierexample_--
"""
    return _raw(f"""{_auth(authentication)}From: Claire Martin <{by}>
To: Nicolas Bataillon <{to}>
Subject: TR: {ORIGINAL_SUBJECT}
Thread-Topic: {ORIGINAL_SUBJECT}
Thread-Index: AQHbPeU2mFq0sJcYx0uW3vJ1bQ7yG7Kx1pQw
Date: Tue, 24 Nov 2026 09:12:33 +0000
Message-ID: <PR3P195MB0877F1E2D3C4B5A6@PR3P195MB0877.EURP195.PROD.OUTLOOK.COM>
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="_002_PR3P195MB0877F1E2D3C4B5A6PR3P195MB0877EURP_"
MIME-Version: 1.0

--_002_PR3P195MB0877F1E2D3C4B5A6PR3P195MB0877EURP_
Content-Type: multipart/alternative;
\tboundary="_000_PR3P195MB0877F1E2D3C4B5A6PR3P195MB0877EURP_"

--_000_PR3P195MB0877F1E2D3C4B5A6PR3P195MB0877EURP_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp("Pour le label, de la part de l'association.")}

--_000_PR3P195MB0877F1E2D3C4B5A6PR3P195MB0877EURP_
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_latin1_qp('<html><body><div style="font-family:Aptos,sans-serif">Pour le label, de la part de '
            "l'association.</div></body></html>")}

--_000_PR3P195MB0877F1E2D3C4B5A6PR3P195MB0877EURP_--

--_002_PR3P195MB0877F1E2D3C4B5A6PR3P195MB0877EURP_
Content-Type: message/rfc822
Content-Disposition: attachment;
\tcreation-date="Tue, 24 Nov 2026 09:12:30 GMT";
\tmodification-date="Tue, 24 Nov 2026 09:12:33 GMT"

{inner}
--_002_PR3P195MB0877F1E2D3C4B5A6PR3P195MB0877EURP_--
""")


def gmail(by: str, to: str, applicant: str, authentication: str = "", french: bool = False) -> bytes:
    """Gmail (web) forwarding: « ---------- Forwarded message --------- » and English field names, or with the
    interface in French « ---------- Message transféré --------- » and « De : », the other fields left in English."""
    if french:
        mark, sender = "---------- Message transféré ---------", "De&nbsp;:"
        head = (f"{mark}\nDe : Jeanne Roux <{applicant}>\nDate: lun. 23 nov. 2026 à 17:45\n"
                f"Subject: {ORIGINAL_SUBJECT}\nTo: <{by}>\n")
    else:
        mark, sender = "---------- Forwarded message ---------", "From:"
        head = (f"{mark}\nFrom: Jeanne Roux <{applicant}>\nDate: Mon, Nov 23, 2026 at 5:45 PM\n"
                f"Subject: {ORIGINAL_SUBJECT}\nTo: <{by}>\n")
    text = f"Pour le label\n\n{head}\n\nBonjour,\n\nci-joint notre dossier.\n\nJeanne\n"
    html = (f'<div dir="ltr">Pour le label<br><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" '
            f'class="gmail_attr">{mark}<br>{sender} <strong class="gmail_sendername" dir="auto">Jeanne Roux</strong> '
            f'<span dir="auto">&lt;<a href="mailto:{applicant}">{applicant}</a>&gt;</span><br>Date: 23 nov. 2026<br>'
            f'Subject: {ORIGINAL_SUBJECT}<br>To:  &lt;<a href="mailto:{by}">{by}</a>&gt;<br></div><br><br>'
            '<div dir="ltr">Bonjour,<div>ci-joint notre dossier.</div><div>Jeanne</div></div></div></div>\n')
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
Date: Tue, 24 Nov 2026 10:05:12 +0100
References: <a1b2c3d4-5e6f@asso-quartier.example>
In-Reply-To: <a1b2c3d4-5e6f@asso-quartier.example>
Message-ID: <CAH+q3w{'F' if french else 'E'}xZ0pL2m9Vb4Nw1Xa=kQ@mail.gmail.com>
Subject: Fwd: {ORIGINAL_SUBJECT}
From: Claire Martin <{by}>
To: Nicolas Bataillon <{to}>
Content-Type: multipart/mixed; boundary="000000000000f0a1b2c3d4e5f60003"

--000000000000f0a1b2c3d4e5f60003
Content-Type: multipart/alternative; boundary="000000000000f0a1b2c3d4e5f60001"

--000000000000f0a1b2c3d4e5f60001
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--000000000000f0a1b2c3d4e5f60001
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--000000000000f0a1b2c3d4e5f60001--
{_files("000000000000f0a1b2c3d4e5f60003")}--000000000000f0a1b2c3d4e5f60003--
""")


def _plain_forward(by: str, to: str, authentication: str, subject: str, text: str, headers: str) -> bytes:
    """A forward whose text part is `text` (and no HTML), the application's two files attached."""
    return _raw(f"""{_auth(authentication)}MIME-Version: 1.0
{headers}Date: Mon, 30 Nov 2026 10:12:00 +0100
Subject: {subject}
From: Claire Martin <{by}>
To: Nicolas Bataillon <{to}>
Content-Type: multipart/mixed; boundary="=_mixed 0040C5A1C125885F_="

--=_mixed 0040C5A1C125885F_=
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
{_files("=_mixed 0040C5A1C125885F_=")}--=_mixed 0040C5A1C125885F_=--
""")


def hcl_notes(by: str, to: str, applicant: str, authentication: str = "", classic: bool = False) -> bytes:
    """HCL Notes (French): its own separator naming the colleague (« ----- Transféré par Claire MARTIN/CULTURE/VILLE le
    30/11/2026 10:12 ----- »), then the tab-separated « De : / A : / Date : / Objet : », the colleague named by their
    Notes name. `classic`: Lotus Notes' older layout (as in the public Enron corpus's Notes mail): a long separator cut
    at its date, then « Name <address> le date » and « A : », « cc : », « Objet : »."""
    if classic:
        head = ("---------------------- Transféré par Claire MARTIN/CULTURE/VILLE le 30/11/2026\n"
                f"10:12 ---------------------------\n\n\nJeanne Roux <{applicant}> le 30/11/2026 09:45\n"
                f"A : {by}\ncc :\nObjet : {ORIGINAL_SUBJECT}\n\n\n")
    else:
        head = ("----- Transféré par Claire MARTIN/CULTURE/VILLE le 30/11/2026 10:12 -----\n\n"
                f"De :\tJeanne Roux <{applicant}>\nA :\tClaire MARTIN/CULTURE/VILLE@VILLE\nDate :\t30/11/2026 09:45\n"
                f"Objet :\t{ORIGINAL_SUBJECT}\n\n")
    return _plain_forward(by, to, authentication, f"Tr : {ORIGINAL_SUBJECT}",
                          f"Pour le label.\n\nClaire\n\n{head}Bonjour,\n\nci-joint notre dossier.\n\nJeanne\n",
                          "X-Mailer: HCL Notes Release 12.0.2 November 03, 2022\n"
                          "Message-ID: <OF1A2B3C4D.5E6F7A8B-ONC1258A1F.0040C5A1-C1258A1F.0040C5A2@ville-bethune.fr>\n")


def orange_webmail(by: str, to: str, applicant: str, authentication: str = "") -> bytes:
    """Orange's webmail: « ----- Message transféré ----- », then the mail forwarded quoted, « > Message du … » above
    its « > De : » line."""
    text = ("Pour le label.\n\nClaire\n\n----- Message transféré -----\n> Message du 30/11/26 09:45\n"
            f'> De : "Jeanne Roux" <{applicant}>\n> A : "Claire Martin" <{by}>\n> Copie à : \n'
            f"> Objet : {ORIGINAL_SUBJECT}\n>\n> Bonjour,\n>\n> ci-joint notre dossier.\n>\n> Jeanne\n")
    return _plain_forward(by, to, authentication, f"TR : {ORIGINAL_SUBJECT}", text,
                          "Message-ID: <1234567890.12345.1764493920000.JavaMail.open-xchange@opme11oxm23aub>\n")


def zimbra_html(by: str, to: str, applicant: str, authentication: str = "") -> bytes:
    """Zimbra's web client composing in HTML, the message sent as HTML alone (or a server's IMAP giving the HTML
    alone): no separator line, its rule `<hr id="zwchr">` (ZmComposeView._getPreface), then « De: / À: / Envoyé: /
    Objet: » in bold labels, the recipients between the sender and the date."""
    html = ('<html><body><div style="font-family: arial, helvetica, sans-serif; font-size: 12pt; color: #000000">'
            '<div>Pour le label.</div><div><br></div><div>Claire</div><div><br></div>'
            '<hr id="zwchr" data-marker="__DIVIDER__"><div data-marker="__HEADERS__">'
            f'<b>De: </b>"Jeanne Roux" &lt;{applicant}&gt;<br><b>À: </b>"Claire Martin" &lt;{by}&gt;<br>'
            f'<b>Envoyé: </b>Lundi 23 Novembre 2026 17:45:12<br><b>Objet: </b>{ORIGINAL_SUBJECT}<br></div><br>'
            '<div data-marker="__QUOTED_TEXT__"><div>Bonjour,</div><div><br></div><div>ci-joint notre dossier.</div>'
            '<div><br></div><div>Jeanne</div></div></div></body></html>')
    return _raw(f"""{_auth(authentication)}Date: Mon, 30 Nov 2026 10:12:00 +0100 (CET)
From: Claire Martin <{by}>
To: Nicolas Bataillon <{to}>
Message-ID: <1180327413.2211.1764493920123.JavaMail.zimbra@ville-bethune.fr>
Subject: Fwd: {ORIGINAL_SUBJECT}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_Part_2212_911302211.1764493920124"
X-Mailer: Zimbra 10.0.6_GA_4675 (ZimbraWebClient - FF120 (Linux)/10.0.6_GA_4675)

------=_Part_2212_911302211.1764493920124
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
{_files("----=_Part_2212_911302211.1764493920124")}------=_Part_2212_911302211.1764493920124--
""")
