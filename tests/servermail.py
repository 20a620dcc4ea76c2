"""What mail servers and mail programs send back about a mail we sent, byte for byte as they write it: non-delivery
reports (Exchange Online in French, Gmail, Orange, Postfix, Exim, qmail), delayed-delivery warnings, a delivery
receipt, out-of-office replies (Exchange with and without Auto-Submitted, Zimbra, Gmail), read receipts (Thunderbird,
Outlook), calendar invitations (Google Agenda, Outlook) and an answer to one; and an applicant's reply to our
acknowledgement from a phone (iPhone Mail, Gmail for Android, Outlook for Android), top-posted, quoting it.
Each function takes the mail we sent (`ours`, as the recipient got it) and the recipient's address, and returns the
raw message (CRLF line ends, as IMAP serves it)."""

from __future__ import annotations

import base64
import quopri
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime

import documents as d
from clientmail import _b64, _qp, _raw


def _now() -> str:
    return format_datetime(datetime.now(timezone.utc))


def _word(text: str) -> str:
    return "=?utf-8?B?" + base64.b64encode(text.encode()).decode() + "?="


def _ours(ours: EmailMessage) -> str:
    """The header fields of our mail a report returns."""
    return "".join(f"{k}: {v}\n" for k, v in ours.items()
                   if k.lower() in ("from", "to", "subject", "date", "message-id", "auto-submitted", "in-reply-to"))


def _sender(ours: EmailMessage) -> str:
    return ours["From"].addresses[0].addr_spec


# ------------------------------------------------------------------------------------------ non-delivery reports
def exchange_ndr(ours: EmailMessage, rcpt: str) -> bytes:
    """Exchange Online (French): « Non remis : », « Remise impossible à ces destinataires ou groupes : », from the
    tenant's own MicrosoftExchange address (a town address), the returned message whole."""
    text = (f"Remise impossible à ces destinataires ou groupes :\n\n{rcpt} ({rcpt})\nVotre message n'a pas pu être "
            "remis. Le système de noms de domaine (DNS) a signalé que le domaine du destinataire n'existe pas.\n\n"
            "Pour obtenir plus d'informations, contactez l'administrateur de votre messagerie.\n\n\n"
            "Informations de diagnostic pour les administrateurs :\n\nServeur de génération : "
            f"PR3P192MB0812.EURP192.PROD.OUTLOOK.COM\n\n{rcpt}\nRemote Server returned '550 5.4.310 DNS domain "
            "does not exist [Message=InfoDomainNonexistent] [PR3P192MB0812.EURP192.PROD.OUTLOOK.COM "
            "2026-11-29T22:10:00.000Z 08DD0A1B2C3D4E5F]'\n\nEn-têtes d'origine du message :\n\n" + _ours(ours))
    html = ('<html><body><p><b><font color="#000066" size="3">Remise impossible à ces destinataires ou groupes :'
            f'</font></b></p><p>{rcpt}</p></body></html>')
    domain = _sender(ours).split("@")[1]
    mid = ours["Message-ID"]
    return _raw(f"""From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@{domain}>
To: <{_sender(ours)}>
Date: {_now()}
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="ab1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e"
X-MS-Exchange-Message-Is-Ndr:
Content-Language: fr-FR
Message-ID: <ab1c2d3e-ndr-0001@PR3P192MB0812.EURP192.PROD.OUTLOOK.COM>
In-Reply-To: {mid}
References: {mid}
Subject: {_word('Non remis : ' + ours['Subject'])}
Auto-Submitted: auto-replied
MIME-Version: 1.0

--ab1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e
Content-Type: multipart/alternative; differences=Content-Type;
\tboundary="ab1c2d3e-alt"

--ab1c2d3e-alt
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(text.encode())}
--ab1c2d3e-alt
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(html.encode())}
--ab1c2d3e-alt--

--ab1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e
Content-Type: message/delivery-status

Reporting-MTA: dns;PR3P192MB0812.EURP192.PROD.OUTLOOK.COM
Received-From-MTA: dns;PR3P192MB0812.EURP192.PROD.OUTLOOK.COM
Arrival-Date: {_now()}

Final-Recipient: rfc822;{rcpt}
Action: failed
Status: 5.4.310
Diagnostic-Code: smtp;550 5.4.310 DNS domain does not exist [Message=InfoDomainNonexistent]

--ab1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e
Content-Type: message/rfc822

{_ours(ours)}MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

(corps)

--ab1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e--
""")


SMTP_CODES = {"5.1.1": "550", "5.2.2": "552", "4.4.1": "451"}


def postfix(ours: EmailMessage, rcpt: str, delayed: bool = False, status: str = "5.1.1") -> bytes:
    """Postfix: « Undelivered Mail Returned to Sender » (the message returned whole; `status`: 5.1.1 no such user,
    5.2.2 mailbox full, 4.4.1 given up after days of retrying), or with `delayed` « Delayed Mail (still being
    retried) » (Action: delayed, its header fields only)."""
    if delayed:
        subject, action, status, diagnostic = "Delayed Mail (still being retried)", "delayed", "4.3.0", \
            "451 4.3.0 Temporary failure"
        human = ("This is the mail system at host mx1.asso-quartier.example.\n\n"
                 "####################################################################\n"
                 "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n"
                 "####################################################################\n\n"
                 "Your message could not be delivered for more than 4 hour(s).\n"
                 "It will be retried until it is 5 day(s) old.\n\n"
                 f"<{rcpt}>: host mail.asso-quartier.example[203.0.113.45] said: 451 4.3.0\n"
                 "    Temporary failure (in reply to RCPT TO command)\n")
        returned = f"Content-Description: Message Headers\nContent-Type: text/rfc822-headers\n\n{_ours(ours)}"
    else:
        words = {"5.2.2": "Mailbox full", "4.4.1": "Connection timed out"}.get(status, "User unknown")
        subject, action, diagnostic = "Undelivered Mail Returned to Sender", "failed", \
            f"{SMTP_CODES[status]} {status} <{rcpt}>: Recipient address rejected: {words}"
        human = ("This is the mail system at host mx1.asso-quartier.example.\n\n"
                 "I'm sorry to have to inform you that your message could not\n"
                 "be delivered to one or more recipients. It's attached below.\n\n"
                 "For further assistance, please send mail to postmaster.\n\n"
                 "                   The mail system\n\n"
                 f"<{rcpt}>: host mail.asso-quartier.example[203.0.113.45] said: {diagnostic}\n"
                 "    (in reply to RCPT TO command)\n")
        returned = f"Content-Description: Undelivered Message\nContent-Type: message/rfc822\n\n{_ours(ours)}\n(corps)\n"
    boundary = "3F1A2B3C4D.1732912345/mx1.asso-quartier.example"
    return _raw(f"""Return-Path: <>
From: MAILER-DAEMON@mx1.asso-quartier.example (Mail Delivery System)
Subject: {subject}
To: {_sender(ours)}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{boundary}"
Content-Transfer-Encoding: 8bit
Message-Id: <20261129221000.3F1A2B3C4D@mx1.asso-quartier.example>
Date: {_now()}

This is a MIME-encapsulated message.

--{boundary}
Content-Description: Notification
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

{human}
--{boundary}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.asso-quartier.example
X-Postfix-Queue-ID: 3F1A2B3C4D
X-Postfix-Sender: rfc822; {_sender(ours)}
Arrival-Date: {_now()}

Final-Recipient: rfc822; {rcpt}
Original-Recipient: rfc822;{rcpt}
Action: {action}
Status: {status}
Remote-MTA: dns; mail.asso-quartier.example
Diagnostic-Code: smtp; {diagnostic}

--{boundary}
{returned}
--{boundary}--
""")


def exim(ours: EmailMessage, rcpt: str) -> bytes:
    """Exim: a plain-text bounce, no report part; the remote host's IP address above the status code, the returned
    message's header fields in the text."""
    return _raw(f"""Return-path: <>
From: Mail Delivery System <Mailer-Daemon@mail.asso-quartier.example>
To: {_sender(ours)}
Subject: Mail delivery failed: returning message to sender
Message-Id: <E1tH2k3-000ABC-De@mail.asso-quartier.example>
Date: {_now()}
Auto-Submitted: auto-replied
X-Failed-Recipients: {rcpt}

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  {rcpt}
    host mail.asso-quartier.example [185.4.12.33]
    SMTP error from remote mail server after RCPT TO:<{rcpt}>:
    550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown

------ This is a copy of the message, including all the headers. ------

Return-path: <{_sender(ours)}>
Received: from [192.0.2.10] (helo=smtp.ville-bethune.fr)
\tby mail.asso-quartier.example with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384
\t(Exim 4.96)
\t(envelope-from <{_sender(ours)}>)
\tid 1tH2k2-000ABB-2x
\tfor {rcpt};
\t{_now()}
{_ours(ours)}
(corps)
""")


def qmail(ours: EmailMessage, rcpt: str) -> bytes:
    """qmail: « failure notice », plain text, the status code in parentheses after the remote host's words."""
    return _raw(f"""Return-Path: <>
Date: {_now()}
From: MAILER-DAEMON@mail.asso-quartier.example
To: {_sender(ours)}
Subject: failure notice
Message-ID: <qmail-1@mail.asso-quartier.example>

Hi. This is the qmail-send program at mail.asso-quartier.example.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<{rcpt}>:
203.0.113.45 does not like recipient.
Remote host said: 550 5.1.1 <{rcpt}>... User unknown (#5.1.1)
Giving up on 203.0.113.45.

--- Below this line is a copy of the message.

Return-Path: <{_sender(ours)}>
Received: (qmail 12345 invoked from network); {_now()}
{_ours(ours)}
(corps)
""")


def gmail(ours: EmailMessage, rcpt: str) -> bytes:
    """Gmail's « Delivery Status Notification (Failure) » (mixed > related > alternative, then the report, with
    X-Original-Message-ID, then the message)."""
    return _raw(f"""Return-Path: <>
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: {_sender(ours)}
Auto-Submitted: auto-replied
Subject: Delivery Status Notification (Failure)
Message-ID: <6749a1b2.050a0220.abcdef.1234.GMR@mx.google.com>
Date: {_now()}
MIME-Version: 1.0
Content-Type: multipart/report; boundary="000000000000b0a1b2c3d4e5f60001"; report-type=delivery-status

--000000000000b0a1b2c3d4e5f60001
Content-Type: multipart/related; boundary="000000000000b0a1b2c3d4e5f60002"

--000000000000b0a1b2c3d4e5f60002
Content-Type: multipart/alternative; boundary="000000000000b0a1b2c3d4e5f60003"

--000000000000b0a1b2c3d4e5f60003
Content-Type: text/plain; charset="UTF-8"


** Address not found **

Your message wasn't delivered to {rcpt} because the address couldn't be found, or is unable to receive mail.

The response from the remote server was:
550 5.1.1 The email account that you tried to reach does not exist.

--000000000000b0a1b2c3d4e5f60003
Content-Type: text/html; charset="UTF-8"

<html><body><h1>Address not found</h1><p>Your message wasn't delivered to <b>{rcpt}</b></p></body></html>

--000000000000b0a1b2c3d4e5f60003--
--000000000000b0a1b2c3d4e5f60002--
--000000000000b0a1b2c3d4e5f60001
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com
Arrival-Date: {_now()}
X-Original-Message-ID: {ours['Message-ID']}

Final-Recipient: rfc822; {rcpt}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist.

--000000000000b0a1b2c3d4e5f60001
Content-Type: message/rfc822

{_ours(ours)}
(corps)

--000000000000b0a1b2c3d4e5f60001--
""")


def orange(ours: EmailMessage, rcpt: str) -> bytes:
    """Orange (Wanadoo) « Mail Delivery System », in French, the returned message's header fields only."""
    return _raw(f"""Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@smtp.wanadoo.fr>
To: {_sender(ours)}
Subject: =?UTF-8?Q?Echec_de_remise_du_message?=
Date: {_now()}
Message-ID: <20261129221000.ABCDEF@smtp.wanadoo.fr>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="=_orange_0K2m9Q4x"

--=_orange_0K2m9Q4x
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Ceci est un message automatique du serveur smtp.wanadoo.fr.

Votre message n'a pas pu être remis à un ou plusieurs destinataires.

<{rcpt}> : adresse inconnue
   550 5.1.1 <{rcpt}> Adresse de destination inconnue

--=_orange_0K2m9Q4x
Content-Type: message/delivery-status

Reporting-MTA: dns; smtp.wanadoo.fr

Final-Recipient: rfc822;{rcpt}
Action: failed
Status: 5.1.1

--=_orange_0K2m9Q4x
Content-Type: text/rfc822-headers

{_ours(ours)}
--=_orange_0K2m9Q4x--
""")


def _exchange_report(ours: EmailMessage, rcpt: str, subject: str, text: str, action: str, status: str) -> bytes:
    return _raw(f"""From: Microsoft Outlook <postmaster@asso-quartier.example>
To: <{_sender(ours)}>
Date: {_now()}
Subject: {_word(subject + ours['Subject'])}
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="rpt-0K2m9Q4x"
MIME-Version: 1.0
Message-ID: <rpt-{action}@AM0PR02MB1234.eurprd02.prod.outlook.com>
Auto-Submitted: auto-replied

--rpt-0K2m9Q4x
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(text.encode())}
--rpt-0K2m9Q4x
Content-Type: message/delivery-status

Reporting-MTA: dns;AM0PR02MB1234.eurprd02.prod.outlook.com

Final-Recipient: rfc822;{rcpt}
Action: {action}
Status: {status}

--rpt-0K2m9Q4x
Content-Type: text/rfc822-headers

{_ours(ours)}
--rpt-0K2m9Q4x--
""")


def exchange_delayed(ours: EmailMessage, rcpt: str) -> bytes:
    """Exchange's « Remise différée : » warning (Action: delayed, 4.4.7)."""
    text = (f"La remise est différée pour ces destinataires ou groupes :\n\n{rcpt} ({rcpt})\n\n"
            "Ce message n'a pas encore été remis. Nous continuerons à essayer de le remettre.\n\n"
            "Informations de diagnostic pour les administrateurs :\n"
            "Remote Server returned '451 4.4.7 Message delayed'\n")
    return _exchange_report(ours, rcpt, "Remise différée : ", text, "delayed", "4.4.7")


def exchange_delivered(ours: EmailMessage, rcpt: str) -> bytes:
    """Exchange's delivery receipt « Remis : » (Action: delivered, 2.0.0)."""
    text = f"Votre message a été remis aux destinataires suivants :\n\n{rcpt} ({rcpt})\n\nObjet : {ours['Subject']}\n"
    return _exchange_report(ours, rcpt, "Remis : ", text, "delivered", "2.0.0")


# ------------------------------------------------------------------------------------------ automatic replies
def exchange_out_of_office(ours: EmailMessage, rcpt: str, auto_submitted: bool = True, loop: bool = True) -> bytes:
    """Exchange's « Réponse automatique : »: Auto-Submitted: auto-generated (not in older or hosted Exchange),
    X-Auto-Response-Suppress: All, X-MS-Exchange-Inbox-Rules-Loop (internal), in ISO-8859-1."""
    headers = (("Auto-Submitted: auto-generated\n" if auto_submitted else "") + "X-Auto-Response-Suppress: All\n"
               + (f"X-MS-Exchange-Inbox-Rules-Loop: {rcpt}\n" if loop else ""))
    text = ("Bonjour,\n\nJe suis absente du bureau jusqu'au 7 décembre inclus. Pour toute urgence, contactez le "
            "secrétariat.\n\nCordialement,\nJeanne Roux\n")
    html = "<html><body><p>Bonjour,</p><p>Je suis absente du bureau jusqu'au 7 décembre inclus.</p></body></html>"
    latin = (quopri.encodestring(text.encode("latin-1")).decode(), quopri.encodestring(html.encode("latin-1")).decode())
    return _raw(f"""From: Jeanne Roux <{rcpt}>
To: {ours['From']}
Subject: {_word('Réponse automatique : ' + ours['Subject'])}
Thread-Topic: {_word(ours['Subject'])}
Date: {_now()}
Message-ID: <oof-{int(auto_submitted)}{int(loop)}@AM0PR02MB1234.eurprd02.prod.outlook.com>
References: {ours['Message-ID']}
In-Reply-To: {ours['Message-ID']}
{headers}Content-Language: fr-FR
X-MS-Has-Attach:
Content-Type: multipart/alternative;
\tboundary="_000_oof_"
MIME-Version: 1.0

--_000_oof_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{latin[0]}
--_000_oof_
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{latin[1]}
--_000_oof_--
""")


def zimbra_vacation(ours: EmailMessage, rcpt: str) -> bytes:
    """Zimbra's vacation reply: null Return-Path, « Auto-Submitted: auto-replied (zimbra; vacation) »."""
    return _raw(f"""Return-Path: <>
Date: {_now()}
From: Jeanne Roux <{rcpt}>
To: {ours['From']}
Message-ID: <1234567890.123.1732912345678.JavaMail.zimbra@asso-quartier.example>
In-Reply-To: {ours['Message-ID']}
Subject: {_word('Re: ' + ours['Subject'])}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit
Auto-Submitted: auto-replied (zimbra; vacation)
Precedence: bulk
X-Mailer: Zimbra 9.0.0_GA_4546 (zclient/9.0.0_GA_4546)

Je suis en congés jusqu'au 4 janvier.
""")


def gmail_vacation(ours: EmailMessage, rcpt: str) -> bytes:
    """Gmail's vacation responder (« Réponse automatique en cas d'absence »)."""
    return _raw(f"""MIME-Version: 1.0
From: Jeanne Roux <{rcpt}>
Date: {_now()}
Auto-Submitted: auto-replied
Precedence: bulk
X-Autoreply: yes
Message-ID: <CAHvac0K2m9Q4x@mail.gmail.com>
Subject: {_word('Re: ' + ours['Subject'])}
To: {ours['From']}
In-Reply-To: {ours['Message-ID']}
References: {ours['Message-ID']}
Content-Type: multipart/alternative; boundary="000000000000c0a1b2c3d4e5f60001"

--000000000000c0a1b2c3d4e5f60001
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp("Je suis en vacances, je vous répondrai à mon retour.")}
--000000000000c0a1b2c3d4e5f60001
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp('<div dir="ltr">Je suis en vacances, je vous répondrai à mon retour.</div>')}
--000000000000c0a1b2c3d4e5f60001--
""")


def read_receipt(ours: EmailMessage, rcpt: str, outlook: bool = False) -> bytes:
    """A read receipt (MDN, RFC 8098): Thunderbird's « Accusé de lecture (affiché) - », Outlook's « Lu : »."""
    subject = ("Lu : " if outlook else "Accusé de lecture (affiché) - ") + ours["Subject"]
    human = (f"Votre message\n\n  À : {rcpt}\n  Objet : {ours['Subject']}\n\na été lu le {_now()}.\n" if outlook else
             f"Ceci est un accusé de réception pour le courrier électronique envoyé à {rcpt}.\n\nRemarque : cet "
             "accusé de réception indique seulement que le message a été affiché sur l'ordinateur du destinataire.\n")
    agent = "" if outlook else "User-Agent: Mozilla Thunderbird\n"
    return _raw(f"""From: Jeanne Roux <{rcpt}>
To: {ours['From']}
Subject: {_word(subject)}
Date: {_now()}
Message-ID: <mdn-{int(outlook)}-0K2m9Q4x@asso-quartier.example>
{agent}MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification;
 boundary="------------mdn0K2m9Q4x"

--------------mdn0K2m9Q4x
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{human}
--------------mdn0K2m9Q4x
Content-Type: message/disposition-notification; name="MDNPart2.txt"
Content-Disposition: inline
Content-Transfer-Encoding: 7bit

Reporting-UA: asso-quartier.example; Mozilla Thunderbird
Final-Recipient: rfc822;{rcpt}
Original-Message-ID: {ours['Message-ID']}
Disposition: manual-action/MDN-sent-manually; displayed

--------------mdn0K2m9Q4x
Content-Type: text/rfc822-headers; name="MDNPart3.txt"
Content-Transfer-Encoding: 7bit
Content-Disposition: inline

Message-ID: {ours['Message-ID']}
Subject: {_word(ours['Subject'])}

--------------mdn0K2m9Q4x--
""")


# ------------------------------------------------------------------------------------------ calendar
GOOGLE_CALENDAR = "Google Inc//Google Calendar 70.9054//EN"


def _ics(organiser: str, attendee: str, method: str = "REQUEST", product: str = GOOGLE_CALENDAR) -> str:
    return (f"BEGIN:VCALENDAR\nPRODID:-//{product}\nVERSION:2.0\nCALSCALE:GREGORIAN\nMETHOD:{method}\n"
            "BEGIN:VEVENT\n"
            "DTSTART:20261202T130000Z\nDTEND:20261202T140000Z\nDTSTAMP:20261129T221000Z\n"
            f"ORGANIZER;CN=Jeanne Roux:mailto:{organiser}\nUID:7k2m9q4x1b3n5v7c9z0a2s4d6f@google.com\n"
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;\n"
            f" CN={attendee};X-NUM-GUESTS=0:mailto:{attendee}\nDESCRIPTION:Visite du jardin partage pour le label\n"
            "LOCATION:Jardin partage\\, rue des Fleurs\\, Bethune\nSEQUENCE:0\nSTATUS:CONFIRMED\n"
            "SUMMARY:Visite du jardin partage - candidature label Smart City\nTRANSP:OPAQUE\nEND:VEVENT\n"
            "END:VCALENDAR\n")


def google_invitation(organiser: str, to: str) -> bytes:
    """Google Agenda's invitation: « Invitation: … », Sender calendar-notification@google.com, the event in a
    text/calendar alternative and again as invite.ics."""
    ics = _ics(organiser, to)
    subject = (f"Invitation: Visite du jardin partagé - candidature label Smart City @ mer. 2 déc. 2026 14:00 - 15:00 "
               f"(UTC+1) ({to})")
    text = ("Vous avez été invité à l'événement suivant.\n\nVisite du jardin partagé - candidature label Smart City\n"
            "Quand : mer. 2 déc. 2026 14:00 – 15:00 (UTC+1)\n\nOrganisateur : Jeanne Roux\n")
    return _raw(f"""MIME-Version: 1.0
Reply-To: Jeanne Roux <{organiser}>
Sender: Google Agenda <calendar-notification@google.com>
Message-ID: <calendar-7k2m9q4x-0K2m9Q4x@google.com>
Date: {_now()}
Subject: {_word(subject)}
From: Jeanne Roux <{organiser}>
To: {to}
Content-Type: multipart/mixed; boundary="000000000000ca1e0da0000003"

--000000000000ca1e0da0000003
Content-Type: multipart/alternative; boundary="000000000000ca1e0da0000002"

--000000000000ca1e0da0000002
Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes
Content-Transfer-Encoding: base64

{_b64(text.encode())}

--000000000000ca1e0da0000002
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp('<span itemscope itemtype="http://schema.org/InformAction"><div>Vous avez été invité.</div></span>')}

--000000000000ca1e0da0000002
Content-Type: text/calendar; charset="UTF-8"; method=REQUEST
Content-Transfer-Encoding: 7bit

{ics}
--000000000000ca1e0da0000002--

--000000000000ca1e0da0000003
Content-Type: application/ics; name="invite.ics"
Content-Disposition: attachment; filename="invite.ics"
Content-Transfer-Encoding: base64

{_b64(ics.encode())}
--000000000000ca1e0da0000003--
""")


def outlook_invitation(organiser: str, to: str, with_document: bool = False) -> bytes:
    """Outlook's meeting request (its subject the meeting's title, the event a text/calendar alternative); with
    `with_document`, the organiser's presentation attached."""
    extra = ("--_004_inv_\nContent-Type: application/pdf; name=\"Presentation projet.pdf\"\n"
             "Content-Disposition: attachment; filename=\"Presentation projet.pdf\"\nContent-Transfer-Encoding: base64"
             f"\n\n{_b64(d.pdf_text(d.BROCHURE_LINES))}\n\n") if with_document else ""
    ics = _ics(organiser, to, product="Microsoft Corporation//Outlook 16.0 MIMEDIR//EN")
    return _raw(f"""From: Jeanne Roux <{organiser}>
To: Bataillon Nicolas <{to}>
Subject: Visite du jardin partagé - candidature label Smart City
Thread-Topic: Visite du jardin partagé - candidature label Smart City
Date: {_now()}
Message-ID: <inv{int(with_document)}-0K2m9Q4x@AM0PR02MB1234.eurprd02.prod.outlook.com>
Content-Language: fr-FR
X-MS-Has-Attach: {'yes' if with_document else ''}
X-MS-TNEF-Correlator:
Content-Type: multipart/mixed;
\tboundary="_004_inv_"
MIME-Version: 1.0

--_004_inv_
Content-Type: multipart/alternative;
\tboundary="_000_inv_"

--_000_inv_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64("Bonjour, je vous propose une visite du jardin pour compléter notre candidature.".encode())}

--_000_inv_
Content-Type: text/calendar; charset="utf-8"; method=REQUEST
Content-Transfer-Encoding: base64

{_b64(ics.encode())}

--_000_inv_--

{extra}--_004_inv_--
""")


def outlook_accepted(organiser: str, to: str) -> bytes:
    """Outlook's answer to an invitation, « Accepté : », the event alone (text/calendar; method=REPLY)."""
    return _raw(f"""From: Jeanne Roux <{organiser}>
To: {to}
Subject: {_word('Accepté : Visite du jardin partagé')}
Date: {_now()}
Message-ID: <acc-0K2m9Q4x@AM0PR02MB1234.eurprd02.prod.outlook.com>
Content-Type: text/calendar; charset="utf-8"; method=REPLY
Content-Transfer-Encoding: base64
MIME-Version: 1.0

{_b64(_ics(organiser, to, method="REPLY").encode())}
""")


# ------------------------------------------------------------------------------------------ replies from a phone
def _quoted(ours: EmailMessage) -> str:
    return "\n".join("> " + line for line in ours.get_body(("plain",)).get_content().splitlines())


def _letter() -> bytes:
    return d.pdf_text(d.LETTER_LINES)


def iphone_reply(ours: EmailMessage, applicant: str, threaded: bool = True) -> bytes:
    """iPhone Mail answering our acknowledgement with the signed letter: top-posted, « Envoyé de mon iPhone », the
    mail answered quoted under « Le … a écrit : ». `threaded=False`: In-Reply-To and References lost (a copy pasted
    into a new mail, some mobile apps), the reference left in the subject."""
    boundary = "Apple-Mail-7A1B2C3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D"
    text = (f"Voici la lettre signée.\n\nJeanne\n\nEnvoyé de mon iPhone\n\n> Le 30 nov. 2026 à 00:10, "
            f"Mission Smart City <{_sender(ours)}> a écrit :\n> \n{_quoted(ours)}\n")
    thread = f"References: {ours['Message-ID']}\nIn-Reply-To: {ours['Message-ID']}\n" if threaded else ""
    return _raw(f"""Content-Type: multipart/mixed; boundary={boundary}
Content-Transfer-Encoding: 7bit
From: Jeanne Roux <{applicant}>
Mime-Version: 1.0 (1.0)
Date: {_now()}
Subject: {_word('Re: ' + ours['Subject'])}
Message-Id: <3E4F5A6B-7C8D-9E0F-{int(threaded)}A2B-3C4D5E6F7A8B@asso-quartier.example>
{thread}To: Mission Smart City <{_sender(ours)}>
X-Mailer: iPhone Mail (22B91)

--{boundary}
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--{boundary}
Content-Type: application/pdf;
\tname=Lettre_Maire_signee.pdf;
\tx-apple-part-url=A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D
Content-Disposition: attachment;
\tfilename=Lettre_Maire_signee.pdf
Content-Transfer-Encoding: base64

{_b64(_letter())}
--{boundary}--
""")


def gmail_android_reply(ours: EmailMessage, applicant: str) -> bytes:
    """Gmail for Android: « Le lun. 30 nov. 2026, 00:10, … a écrit : » under the answer, a scan made by the app."""
    text = (f"Bonjour, ci-joint le courrier au maire.\nJeanne\n\nLe lun. 30 nov. 2026, 00:10, Mission Smart City "
            f"<{_sender(ours)}> a écrit :\n\n{_quoted(ours)}\n")
    html = ('<div dir="auto">Bonjour, ci-joint le courrier au maire.<div dir="auto">Jeanne</div></div><br>'
            '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">Le lun. 30 nov. 2026, 00:10, Mission Smart '
            f'City &lt;{_sender(ours)}&gt; a écrit&nbsp;:<br></div>'
            '<blockquote class="gmail_quote">…</blockquote></div>')
    return _raw(f"""MIME-Version: 1.0
References: {ours['Message-ID']}
In-Reply-To: {ours['Message-ID']}
From: Jeanne Roux <{applicant}>
Date: {_now()}
Message-ID: <CAGand0K2m9Q4x@mail.gmail.com>
Subject: {_word('Re: ' + ours['Subject'])}
To: Mission Smart City <{_sender(ours)}>
Content-Type: multipart/mixed; boundary="000000000000a0d1b2c3d4e5f60002"

--000000000000a0d1b2c3d4e5f60002
Content-Type: multipart/alternative; boundary="000000000000a0d1b2c3d4e5f60001"

--000000000000a0d1b2c3d4e5f60001
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(text)}
--000000000000a0d1b2c3d4e5f60001
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(html)}
--000000000000a0d1b2c3d4e5f60001--
--000000000000a0d1b2c3d4e5f60002
Content-Type: application/pdf; name="Scan 30 nov. 2026.pdf"
Content-Disposition: attachment; filename="Scan 30 nov. 2026.pdf"
Content-Transfer-Encoding: base64
X-Attachment-Id: f_m4abc1230

{_b64(_letter())}
--000000000000a0d1b2c3d4e5f60002--
""")


def outlook_android_reply(ours: EmailMessage, applicant: str) -> bytes:
    """Outlook for Android: « RE: », « Obtenir Outlook pour Android », a line of underscores above the quoted
    « De : / Envoyé : / À : / Objet : » of our mail, then our whole text."""
    text = (f"Voici le courrier signé.\n\nObtenir Outlook pour Android<https://aka.ms/AAb9ysg>\n"
            f"________________________________\nDe : Mission Smart City <{_sender(ours)}>\n"
            f"Envoyé : lundi, novembre 30, 2026 12:10:00 AM\nÀ : {applicant} <{applicant}>\n"
            f"Objet : {ours['Subject']}\n\n{ours.get_body(('plain',)).get_content()}\n")
    html = ('<html><body><div dir="auto">Voici le courrier signé.</div><hr><div id="divRplyFwdMsg"><b>De :</b> '
            f'Mission Smart City &lt;{_sender(ours)}&gt;</div></body></html>')
    return _raw(f"""From: Jeanne Roux <{applicant}>
To: Mission Smart City <{_sender(ours)}>
Subject: {_word('RE: ' + ours['Subject'])}
Thread-Topic: {_word(ours['Subject'])}
Date: {_now()}
Message-ID: <AM0PR02MB98760K2m9Q4x@AM0PR02MB9876.eurprd02.prod.outlook.com>
References: {ours['Message-ID']}
In-Reply-To: {ours['Message-ID']}
Content-Language: fr-FR
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="_004_mob_"
MIME-Version: 1.0

--_004_mob_
Content-Type: multipart/alternative;
\tboundary="_000_mob_"

--_000_mob_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(text.encode())}

--_000_mob_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{_b64(html.encode())}

--_000_mob_--

--_004_mob_
Content-Type: application/pdf; name="Courrier.pdf"
Content-Description: Courrier.pdf
Content-Disposition: attachment; filename="Courrier.pdf"
Content-Transfer-Encoding: base64

{_b64(_letter())}

--_004_mob_--
""")
