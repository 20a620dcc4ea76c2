"""A colleague's forward of an application, as each mail program writes it (French), read by core/parse.py and
core/forward.py: filed under the applicant, who is the one acknowledged, from the watched mailbox. The builders are
tests/forwardmail.py and tests/clientmail.py (byte for byte); tests/e2e/test_staff_forwards.py runs the commonest over
Dovecot. This file pins the many shapes after the morning's changes to how a forward is read (a sender line that
names no address stops the reading; reply subjects name no forward; the forward's own To or Cc must name a watched
mailbox), so that a real colleague's forward is not sent to review, nor ignored, by a later change."""

from __future__ import annotations

import email
import email.policy
import time
from email.message import EmailMessage
from functools import partial

import clientmail as cm
import eighteenthmail as eighteenth
import fifteenthmail as fifteenth
import forwardmail as fm
import fourteenthmail as fourteenth
import pytest
import seventeenthmail as seventeenth
import sixteenthmail as sixteenth
import twentythirdmail as twentythird
from test_forward_and_links import DB, NB, RULES, TRUSTED, UNTRUSTED, WATCHED, run

from intake.commands import samples
from intake.core.classify import verdicts_for
from intake.core.content import Extracted
from intake.core.context import Context
from intake.core.decide import decide
from intake.core.forward import as_original
from intake.core.parse import parse_message
from intake.core.statuses import FILED, IGNORED, REVIEW

APPLICANT = "jeanne.roux@asso-quartier.example"
BY = "c.martin@ville-bethune.fr"
FILES = [("Dossier d'intention.pdf", "application/pdf", samples.pdf()),
         ("Lettre à Monsieur le Maire.pdf", "application/pdf", samples.pdf("l"))]
PROGRAMS = {
    "owa": fm.owa, "outlook-mac": fm.outlook_mac, "thunderbird": fm.thunderbird,
    "thunderbird-html": partial(fm.thunderbird, html_only=True),
    "thunderbird-signed": partial(fm.thunderbird, signature=fm.SIGNATURE),
    "thunderbird-attached": fm.thunderbird_as_attachment,
    "thunderbird-attached-signed": partial(fm.thunderbird_as_attachment, signature=fm.SIGNATURE),
    "outlook-attached": fm.outlook_as_attachment, "gmail": fm.gmail, "gmail-fr": partial(fm.gmail, french=True),
    "outlook-windows": cm.outlook_forward, "outlook-windows-mailto": partial(cm.outlook_forward, mailto=True),
    "outlook-windows-html-only": partial(cm.outlook_forward, html_only=True),
    "outlook-windows-tr-re": partial(cm.outlook_forward, subject="TR: RE: Candidature label Smart City"),
    "outlook-windows-via-colleague": partial(cm.outlook_forward, via="accueil@ville-bethune.fr"),
    "apple-mail-mac": cm.apple_mail_forward, "apple-mail-iphone": partial(cm.apple_mail_forward, iphone=True),
    "apple-mail-iphone-transfere": fourteenth.ios_forward,  # recent iOS in French: « Début du message transféré : »
    "hcl-notes": fm.hcl_notes, "lotus-notes-classic": partial(fm.hcl_notes, classic=True),
    "orange-webmail": fm.orange_webmail, "zimbra-html-only": fm.zimbra_html,
    # the fifteenth round (tests/fifteenthmail.py), each with the application's files
    "outlook-2019-attribution": partial(fifteenth.outlook_2019_attribution_forward, files=FILES),
    "outlook-2019-bold-html-only": partial(fifteenth.outlook_bold_html_forward, files=FILES),
    "yahoo-flattened": partial(fifteenth.yahoo_forward, files=FILES),
    "yahoo-flattened-english": partial(fifteenth.yahoo_forward, files=FILES, english=True),
    "proton": partial(fifteenth.proton_forward, files=FILES, sender=f"Claire Martin <{BY}>"),
    "tuta": partial(fifteenth.tuta_forward, files=FILES, sender=BY),
    "geary": lambda by, to, applicant: fifteenth.geary(to, FILES, forward_of=applicant, by=by),
    "gmail-mobile-fr": partial(fifteenth.gmail_mobile_forward, files=FILES),
    # the sixteenth round (tests/sixteenthmail.py), each with the application's files
    "spark": lambda by, to, applicant: sixteenth.spark(to, FILES, forward_of=applicant, by=by),
    "airmail": lambda by, to, applicant: sixteenth.airmail(to, FILES, forward_of=applicant, by=by),
    "hey": lambda by, to, applicant: sixteenth.hey(to, FILES, forward_of=applicant, by=by, sender_address=by),
    "bluemail": lambda by, to, applicant: sixteenth.bluemail(to, FILES, forward_of=applicant, by=by),
    "infomaniak": lambda by, to, applicant: sixteenth.infomaniak(to, FILES, forward_of=applicant, by=by),
    "infomaniak-ios": lambda by, to, applicant: sixteenth.infomaniak(to, FILES, forward_of=applicant, by=by, ios=True),
    "mailo": lambda by, to, applicant: sixteenth.mailo(to, FILES, forward_of=applicant, by=by),
    "sfr": lambda by, to, applicant: sixteenth.sfr(to, FILES, forward_of=applicant, by=by),
    "laposte-open-xchange": lambda by, to, applicant: sixteenth.laposte(to, FILES, forward_of=applicant, by=by),
    "laposte-open-xchange-text": lambda by, to, applicant: sixteenth.laposte(to, FILES, forward_of=applicant, by=by,
                                                                              html=False),
    "html-header-mailto-name": partial(sixteenth.mailto_name_forward, files=FILES),
    "html-header-mailto-name-outlook-text": partial(sixteenth.mailto_name_forward, files=FILES, links="outlook"),
    "html-header-mailto-name-spaced-text": partial(sixteenth.mailto_name_forward, files=FILES, links="spaced"),
    # the seventeenth round (tests/seventeenthmail.py), each with the application's files
    "horde": lambda by, to, applicant: seventeenth.horde(to, FILES, forward_of=applicant, by=by),
    "postbox": lambda by, to, applicant: seventeenth.postbox(to, FILES, forward_of=applicant, by=by),
    "the-bat": lambda by, to, applicant: seventeenth.the_bat(to, FILES, forward_of=applicant, by=by),
    "the-bat-english": lambda by, to, applicant: seventeenth.the_bat(to, FILES, forward_of=applicant, by=by,
                                                                     english=True),
    "samsung-email": lambda by, to, applicant: seventeenth.samsung(to, FILES, forward_of=applicant, by=by),
    "em-client": lambda by, to, applicant: seventeenth.em_client(to, FILES, forward_of=applicant, by=by),
    "roundcube-html": lambda by, to, applicant: seventeenth.roundcube(to, FILES, forward_of=applicant, by=by),
    "roundcube-html-not-flowed": lambda by, to, applicant: seventeenth.roundcube(to, FILES, forward_of=applicant, by=by,
                                                                                 flowed=False),
    # the eighteenth round (tests/eighteenthmail.py), each with the application's files; Windows Live Mail's text
    # names the sender by name alone (« De : Jeanne Roux »), her address only in its HTML's link
    **{program: partial(lambda builder, by, to, applicant: builder(to, FILES, forward_of=applicant, by=by), builder)
       for program, builder in (("live-mail", eighteenth.live_mail), ("alpine", eighteenth.alpine),
                                ("zoho", eighteenth.zoho), ("zoho-english", partial(eighteenth.zoho, english=True)),
                                ("fastmail", eighteenth.fastmail), ("mailbird", eighteenth.mailbird),
                                ("aqua-mail", eighteenth.aqua), ("gmx", eighteenth.gmx),
                                ("web.de", partial(eighteenth.gmx, german=True)), ("nine", eighteenth.nine))},
}


def _filed_under_applicant(raw: bytes) -> None:
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == APPLICANT and d.fate == FILED, (msg.from_addr, d.fate, d.reason)
    assert f"transférée par {BY}" in d.reason
    assert d.mail is not None and (d.mail.to_addr, d.mail.from_addr) == (APPLICANT, NB)


@pytest.mark.parametrize("program", PROGRAMS)
def test_each_program_s_forward_is_filed_under_the_applicant_who_is_acknowledged(program):
    _filed_under_applicant(PROGRAMS[program](BY, NB, APPLICANT))


def _forward(subject: str, text: str, cc: tuple[str, ...] = ()) -> bytes:
    """A colleague's forward, `text` its text part (their words and the forwarded mail), the application's files."""
    return samples.email(sender=f"Claire Martin <{BY}>", to=[NB], cc=list(cc), subject=subject, body=text,
                         attachments=[("dossier.pdf", samples.pdf(), "application/pdf"),
                                      ("courrier maire.pdf", samples.pdf("l"), "application/pdf")])


OUTLOOK_BLOCK = (f"De : Jeanne Roux <{APPLICANT}>\nEnvoyé : lundi 23 novembre 2026 17:45\nÀ : MARTIN Claire <{BY}>\n"
                 "Objet : Candidature label Smart City\n\nBonjour,\nci-joint notre dossier.\nJeanne Roux\n")
# the text part of each program's forward, below the colleague's « Pour toi. » (French interface)
INLINE = {
    "outlook-mobile": ("TR: Candidature", "Obtenir Outlook pour iOS<https://aka.ms/o0ukef>\n"
                       "________________________________\n" + OUTLOOK_BLOCK.replace(
                           "lundi 23 novembre 2026 17:45", "Monday, November 23, 2026 5:45:12 PM")),
    "new-outlook-date": ("TR: Candidature", "________________________________\n"
                         + OUTLOOK_BLOCK.replace("Envoyé : ", "Date : ")),
    "outlook-plain-text-mode": ("TR: Candidature", "-----Message d'origine-----\n" + OUTLOOK_BLOCK.replace(
        f"<{APPLICANT}>", f"[mailto:{APPLICANT}] ")),
    "outlook-mailto-brackets": ("TR: Candidature", OUTLOOK_BLOCK.replace(f"<{APPLICANT}>", f"[mailto:{APPLICANT}]")),
    "outlook-name-with-comma": ("TR: Candidature", OUTLOOK_BLOCK.replace("Jeanne Roux", "ROUX, Jeanne")),
    "gmail-android": ("Fwd: Candidature", f"---------- Forwarded message ---------\nDe : Jeanne Roux <{APPLICANT}>\n"
                      "Date: lun. 23 nov. 2026, 17:45\nSubject: Candidature\nTo: <c.martin@ville-bethune.fr>\n\n"
                      "Bonjour\n"),
    "gmail-fr-mark": ("Fwd: Candidature", f"---------- Message transféré ---------\nDe : Jeanne Roux <{APPLICANT}>\n"
                      "Date: lun. 23 nov. 2026 à 17:45\nSubject: Candidature\nTo: <c.martin@ville-bethune.fr>\n\n"
                      "Bonjour\n"),
    "zimbra": ("Fwd: Candidature", f'----- Mail transféré -----\nDe: "Jeanne Roux" <{APPLICANT}>\n'
               f'À: "claire" <{BY}>\nEnvoyé: Lundi 23 Novembre 2026 17:45:12\nObjet: Candidature\n\nBonjour\n'),
    "roundcube": ("Fwd: Candidature", f"-------- Message original --------\nSujet: Candidature\n"
                  f"Date: 23.11.2026 17:45\nDe: Jeanne Roux <{APPLICANT}>\nÀ: {BY}\n\nBonjour\n"),
    "samsung-email": ("TR: Candidature", f"Envoyé depuis mon Galaxy\n\n\n-------- Message d'origine --------\n"
                      f"De : Jeanne Roux <{APPLICANT}> \nDate : 23/11/2026 17:45 (GMT+01:00) \nÀ : {BY} \n"
                      "Objet : Candidature \n\nBonjour\n"),
    # HCL Notes (Domino, Verse): its own separator naming the colleague, then the tab-separated header (parse.py)
    "hcl-notes": ("Tr : Candidature", "----- Transféré par Claire MARTIN/CULTURE/VILLE le 30/11/2026 10:12 -----\n\n"
                  f"De :\tJeanne Roux <{APPLICANT}>\nA :\tClaire MARTIN/CULTURE/VILLE@VILLE\nDate :\t30/11/2026 09:45"
                  "\nObjet :\tCandidature\n\nBonjour,\nci-joint notre dossier.\n"),
    "hcl-notes-english": ("Fw: Candidature", "----- Forwarded by Claire MARTIN/CULTURE/VILLE on 11/30/2026 10:12 AM "
                          f"-----\n\nFrom:\t\"Jeanne Roux\" <{APPLICANT}>\nTo:\tClaire MARTIN/CULTURE/VILLE@VILLE\n"
                          "Date:\t11/30/2026 09:45 AM\nSubject:\tCandidature\n\nBonjour\n"),
    # Lotus Notes' classic layout (the Enron corpus's): the separator cut at its date, « Name <address> on date »
    "lotus-notes-classic": ("Fw: Candidature", "---------------------- Forwarded by Claire MARTIN/CULTURE/VILLE on "
                            "11/30/2026\n10:12 AM ---------------------------\n\n\n"
                            f"Jeanne Roux <{APPLICANT}> on 11/30/2026 09:45:12 AM\nTo: c.martin@ville-bethune.fr\n"
                            "cc:\nSubject: Candidature\n\n\nBonjour\n"),
    "lotus-notes-classic-fr": ("Tr : Candidature", "---------------------- Transféré par Claire MARTIN/CULTURE/VILLE "
                               "le 30/11/2026 10:12 ---------------------------\n\n\n"
                               f"Jeanne Roux <{APPLICANT}> le 30/11/2026 09:45\nA : c.martin@ville-bethune.fr\n"
                               "cc :\nObjet : Candidature\n\nBonjour\n"),
    # Orange's webmail: the mail forwarded quoted, « Message du » above its header
    "orange-webmail": ("TR : Candidature", "----- Message transféré -----\n> Message du 30/11/26 10:12\n"
                       f'> De : "Jeanne Roux" <{APPLICANT}>\n> A : c.martin@ville-bethune.fr\n> Copie à : \n'
                       "> Objet : Candidature\n>\n> Bonjour,\n> ci-joint notre dossier.\n"
                       # the applicant's own text, quoted: a « De : » in it is theirs, never read
                       "> \n> De : Paul <paul@autre.example>\n"),
    "orange-webmail-unquoted": ("TR : Candidature", "----- Message transféré -----\nMessage du 30/11/26 10:12\n"
                                f'De : "Jeanne Roux" <{APPLICANT}>\nA : c.martin@ville-bethune.fr\nCopie à : \n'
                                "Objet : Candidature\n\nBonjour\n"),
    # the same block with a line of « = » above it instead of Orange's separator (or none: the colleague cut it), as
    # staff describe older French ISP webmails; under a forward's subject only
    "message-du-without-separator": ("TR : Candidature", "========================================\n\n"
                                     f'> Message du 30/11/26 17:45\n> De : "Jeanne Roux" <{APPLICANT}>\n'
                                     f"> A : {BY}\n> Copie à : \n> Objet : Candidature\n>\n> Bonjour\n"),
    # Open-Xchange App Suite (La Poste's and other French ISPs' webmails), French: « De: » before « À: » and « Date: »
    "open-xchange-fr": ("TR: Candidature", "---------- Message d'origine ----------\n"
                        f'De: "Jeanne Roux" <{APPLICANT}>\nÀ: {BY}\nDate: 30 novembre 2026 à 17:45\n'
                        "Objet: Candidature\n\nBonjour\n"),
    # Superhuman (Gmail's mark and block), HEY and Spark in English (Apple's « Begin forwarded message: » unquoted)
    "superhuman": ("Fwd: Candidature", f"---------- Forwarded message ---------\nFrom: Jeanne Roux <{APPLICANT}>\n"
                   f"Date: Mon, Nov 30, 2026 at 5:45 PM\nSubject: Candidature\nTo: <{BY}>\n\n\nBonjour\n"),
    "begin-forwarded-unquoted": ("Fwd: Candidature", f"Begin forwarded message:\n\nFrom: Jeanne Roux <{APPLICANT}>\n"
                                 "Date: November 30, 2026 at 5:45:12 PM GMT+1\nSubject: Candidature\n"
                                 f"To: {BY}\n\nBonjour\n"),
    # Mutt and NeoMutt (« f », inline): the sender on the mark's own line, « Date: » above « From: » ($hdr_order),
    # the subject $forward_format's « [%a: %s] », no « Fwd: » (tests/fourteenthmail.py `neomutt_forward`)
    "neomutt-fr": (f"[{APPLICANT}: Candidature]", f"----- Début du message transféré de Jeanne Roux <{APPLICANT}> "
                   f"-----\n\nDate: Mon, 30 Nov 2026 18:02:11 +0100\nFrom: Jeanne Roux <{APPLICANT}>\n"
                   f"Subject: Candidature\nTo: Claire Martin <{BY}>\n\nBonjour\n\n----- Fin du message transféré "
                   "-----\n"),
    "mutt-en": (f"[{APPLICANT}: Candidature]", f"----- Forwarded message from Jeanne Roux <{APPLICANT}> -----\n\n"
                f"Date: Mon, 30 Nov 2026 18:02:11 +0100\nFrom: Jeanne Roux <{APPLICANT}>\nTo: {BY}\n"
                "Subject: Candidature\n\nBonjour\n\n----- End forwarded message -----\n"),
    # Yahoo Mail in French (crisp-oss/email-forward-parser's yahoo_fr_body.txt, its lines as the text part gives them):
    # its « ----- Message transmis ----- » is no separator intake knows, the « De : / À : / Envoyé : » block is read
    "yahoo-fr": ("Fwd: Candidature", f"----- Message transmis -----\nDe : Jeanne Roux <{APPLICANT}>\n"
                 f"À : \"{BY}\" <{BY}>\nEnvoyé : lundi 23 novembre 2026, 17:45:12 UTC+1\nObjet : Candidature\n\n"
                 "Bonjour\n"),
    # Yahoo Mail's text part is its HTML flattened, the forward's header one line, its fields run together
    # (crisp-oss/email-forward-parser's yahoo_fr_body.txt, yahoo_en_body.txt): named nobody (in English: ignored)
    "yahoo-fr-flattened": ("Fwd: Candidature", f"   ----- Message transmis ----- De : Jeanne Roux <{APPLICANT}>"
                           f'À : "{BY}" <{BY}>Cc : Paul Roux <paul@autre.example>; Nicolas <nicolas@autre.example>'
                           "Envoyé : lundi 30 novembre 2026, 17:45:12 UTC+1Objet : Candidature\n Bonjour\n"),
    "yahoo-en-flattened": ("Fwd: Candidature", f"   ----- Forwarded Message ----- From: Jeanne Roux <{APPLICANT}>"
                           f'To: "{BY}" <{BY}>Sent: Monday, November 30, 2026, 05:45:12 PM GMT+1Subject: Candidature'
                           "\n Bonjour\n"),
    # Outlook 2019 in French forwarding a plain-text mail: its attribution line alone (a byte-order mark first, the
    # name between guillemets and non-breaking spaces), the mail indented (outlook_2019_fr_body.txt): named nobody
    "outlook-2019-fr-attribution": ("TR: Candidature", f"\ufeffLe 30/11/2026 17:45, «\u00a0Jeanne Roux\u00a0» "
                                    f"<{APPLICANT}> a écrit :\r\n\r\n    Bonjour,\r\n    ci-joint notre dossier.\r\n"),
    "outlook-2019-fr-nbsp-block": ("TR: Candidature", f"De\u00a0: Jeanne Roux <{APPLICANT}>\u00a0\nEnvoyé\u00a0: "
                                   f"lundi 30 novembre 2026 17:45\nÀ\u00a0: MARTIN Claire <{BY}>\nObjet\u00a0: "
                                   "Candidature\n\nBonjour\n"),
    # Proton Mail: its line in U+2010 hyphens, left in English, then its attribution (messageDraft.ts)
    "proton-hyphens": ("Fw: Candidature", "\u2010" * 7 + " Original Message " + "\u2010" * 7 + "\nLe lundi 30 "
                       f"novembre 2026 à 17:45, Jeanne Roux <{APPLICANT}> a écrit :\n\n> Bonjour\n"),
    "proton-english": ("Fw: Candidature", "------- Forwarded Message -------\nOn Monday, November 30th, 2026 at "
                       f"17:45, Jeanne Roux <{APPLICANT}> wrote:\n\n> Bonjour\n"),
    # Tuta: the date first, the address bare, no separator
    "tuta": ("FWD: Candidature", f"Date: 30 nov. 2026, 17:45\nDe: {APPLICANT}\nÀ: {BY}\nObjet: Candidature\n\n"
             "Bonjour\n"),
    # IONOS's webmail (1&1) and MailMate quote what they forward, their own line too or above it
    # (crisp-oss/email-forward-parser's ionos_one_and_one_en_body.txt, mailmate_en_body.txt)
    "ionos": ("Fwd: Candidature", f"> ---------- Original Message ----------\n> From: Jeanne Roux <{APPLICANT}>\n"
              f'> To: "{BY}" <{BY}>\n> Date: 11/23/2026 5:45 PM CET\n> Subject: Candidature\n>  \n>  \n> Bonjour\n'),
    # Open-Xchange in French (1&1's webmail in a public list archive, 2013; La Poste's, Swisscom's): « Message
    # d'origine », « Sujet », non-breaking spaces before the colons, the whole block quoted
    "open-xchange-fr-quoted": ("Fwd: Candidature", "> ---------- Message d'origine ----------\n> De\u00a0: "
                               f"Jeanne Roux <{APPLICANT}>\n> \u00c0\u00a0:\u00a0 Claire Martin <{BY}>\n"
                               "> Date\u00a0: 23 novembre 2026 \u00e0 17:45\n> Sujet\u00a0: Candidature\n>\n"
                               "> Bonjour\n"),
    "mailmate": ("Fwd: Candidature", f"Forwarded message:\n\n> From: Jeanne Roux <{APPLICANT}>\n> To: {BY}\n"
                 "> Subject: Candidature\n> Date: Mon, 23 Nov 2026 17:45:12 +0100\n>\n> Bonjour\n"),
    # Pegasus Mail (tests/twentiethmail.py `pegasus`): « follows » after the words, « Date sent: », tabs; the mark
    # was not read, and the colleague's forward went to review under the colleague
    "pegasus": ("Fwd: Candidature", "------- Forwarded message follows -------\n"
                f"From:           \tJeanne Roux <{APPLICANT}>\nTo:             \t{BY}\n"
                "Subject:        \tCandidature\nDate sent:      \tMon, 23 Nov 2026 17:45:12 +0100\n\nBonjour\n"),
    # GroupWise forwarding inline (tests/twentiethmail.py `groupwise`, `inline`): its attribution line alone, the
    # sender and the date between « >>> » (« >>> "Jeanne Roux" <…> 23/11/2026 17:45 >>> »), the mail unmarked below
    "groupwise-inline": ("Fwd: Candidature", f'>>> "Jeanne Roux" <{APPLICANT}> 23/11/2026 17:45 >>>\nBonjour\n'),
    "groupwise-inline-crlf": ("Fwd: Candidature",
                              f'>>> "Jeanne Roux" <{APPLICANT}> 23/11/2026 17:45 >>>\r\nBonjour\r\n'),
    "groupwise-inline-english-time": ("Fwd: Candidature",
                                      f'>>> Jeanne Roux <{APPLICANT}> 11/23/2026 5:45 PM >>>\nBonjour\n'),
    # SnappyMail (tests/twentythirdmail.py `snappymail`): its text part made from the HTML writes a link whose words
    # are not its target as « words target »: the sender's address, then the mailto link's target (« ?to= » and the
    # name percent-encoded) before the closing « > »; read as a name with two addresses, the forward named nobody
    "snappymail": ("Fwd: Candidature", "-------- Message transféré -------\n\n"
                   f'De: "Jeanne Roux" <{APPLICANT} mailto:{APPLICANT}?to=%22Jeanne%20Roux%22%20%3C'
                   f'{APPLICANT.replace("@", "%40")}%3E >\nÀ: {BY}\nEnvoyé: 23 novembre 2026 à 17:45\n'
                   "Sujet: Candidature\n\nBonjour\n"),
    # Nextcloud Mail (tests/twentythirdmail.py `nextcloud`; src/ReplyBuilder.js): a forward is written as a reply,
    # one line « "Name" address – date » (an en dash) above the mail in a blockquote, no forward words, no « De : »
    "nextcloud": ("Fwd: Candidature", f'"Jeanne Roux" {APPLICANT} \u2013 23 novembre 2026 à 17:45\n\n> Bonjour\n'),
    "nextcloud-english-time": ("Fwd: Candidature",
                               f'"Jeanne Roux" {APPLICANT} \u2013 November 23, 2026 at 5:45 PM\n> Bonjour\n'),
    "subject-with-tag": ("[EXTERNE] TR: Candidature", OUTLOOK_BLOCK),
    "subject-tr-space": ("TR : Candidature", OUTLOOK_BLOCK),
    # the applicant's own text quotes lines, even a forward block: they are below the forward's header, never read
    "applicant-quotes-lines": ("TR: Candidature", OUTLOOK_BLOCK + "\n> De : Paul <paul@autre.example>\n"
                               "> Envoyé : hier\n\n-------- Message transféré --------\nDe : X <x@autre.example>\n"),
    # the applicant replied to the colleague, whose earlier mail their reply quotes; the colleague forwards it
    "tr-re-quoting-the-colleague": ("TR: RE: Candidature", OUTLOOK_BLOCK + f"\nDe : Claire Martin <{BY}>\n"
                                    "Envoyé : lundi 16 novembre 2026 10:00\nÀ : Jeanne Roux\nObjet : Candidature\n\n"
                                    "Merci d'envoyer le courrier signé.\n"),
    # a signature with a rule of underscores and a long notice between the colleague's words and the forward
    "owa-signed": ("TR: Candidature", "\n" + fm.SIGNATURE + "\n________________________________\n" + OUTLOOK_BLOCK),
    "outlook-signed": ("TR: Candidature", "\n" + fm.SIGNATURE + "\n" + OUTLOOK_BLOCK),
}


@pytest.mark.parametrize("shape", INLINE)
def test_each_inline_forward_shape_is_filed_under_the_applicant(shape):
    subject, below = INLINE[shape]
    _filed_under_applicant(_forward(subject, "Pour toi.\n\n" + below))


@pytest.mark.parametrize("subject, text", [
    ("RE: Candidature", f'"Jeanne Roux" {APPLICANT} \u2013 23 novembre 2026 à 17:45\n\n> Bonjour\n'),
    ("Fwd: Candidature", f'"Jeanne Roux" {APPLICANT} \u2013 23 novembre 2026 à 17:45\n\nBonjour\n'),
    ("Fwd: Candidature", f'"Jeanne Roux" {APPLICANT} a parlé au maire\n\n> Bonjour\n'),
])
def test_nextcloud_s_line_names_a_forward_s_sender_only_above_a_quote_under_a_forward_s_subject(subject, text):
    """Nextcloud Mail's « "Name" address – date » is a reply's line as much as a forward's: under « RE: » it names whom
    is answered, and with no quoted mail below it, or no date on it, it is the colleague's own words."""
    msg = parse_message(_forward(subject, "Pour toi.\n\n" + text))
    assert msg.forwarded_from == (), msg.forwarded_from


def test_icloud_web_s_one_line_text_part_leaves_its_forward_to_be_read_in_the_html():
    """iCloud's web mail (since 2024) makes its text part by joining the HTML's lines with a space: « Début du message
    réexpédié : » and « De: Jeanne Roux <…> » in the middle of one line, no mark read there; the forward named nobody
    and went to review under the colleague. Its HTML, one <div> per line, names her."""
    raw = twentythird.icloud(NB, FILES, forward_of=APPLICANT, by=BY)
    assert parse_message(raw).forwarded_from[:1] == (("Jeanne Roux", APPLICANT),)
    _filed_under_applicant(raw)


def test_a_one_line_text_part_whose_html_holds_no_forward_names_nobody():
    raw = twentythird.icloud(NB, FILES)
    assert parse_message(raw).forwarded_from == ()


def test_a_forward_to_one_watched_mailbox_copying_the_other_is_filed_and_acknowledged_once_from_the_first():
    _filed_under_applicant(_forward("TR: Candidature", "Pour toi.\n\n" + OUTLOOK_BLOCK, cc=(DB,)))


def _attached(comment: str) -> bytes:
    """Outlook's or Thunderbird's « Transférer en tant que pièce jointe », the colleague's `comment` as their text."""
    original = samples.email(sender=f"Jeanne Roux <{APPLICANT}>", to=[BY], subject="Candidature",
                             attachments=[("dossier.pdf", samples.pdf(), "application/pdf"),
                                          ("courrier maire.pdf", samples.pdf("l"), "application/pdf")])
    outer = EmailMessage()
    outer["From"], outer["To"], outer["Subject"] = f"Claire Martin <{BY}>", NB, "TR: Candidature"
    outer.set_content(comment)
    outer.add_attachment(email.message_from_bytes(original, policy=email.policy.default))
    return outer.as_bytes()


@pytest.mark.parametrize("comment", ["Pour toi.", "Pour toi.\n\n" + fm.SIGNATURE,
                                     "Pour toi.\n\n______________________\nClaire MARTIN\nVille de Béthune\n"])
def test_a_forward_as_attachment_whose_comment_has_a_rule_of_underscores_is_filed_under_the_applicant(comment):
    # the rule was read as Outlook's above a forward's header, named nobody, and sent the forward to review
    _filed_under_applicant(_attached(comment))


def test_a_rule_of_underscores_above_a_sender_line_naming_nobody_still_sends_the_forward_to_review():
    # the protection kept: Outlook's rule, then « De : » naming no address, then a forward block below (which may
    # be an outsider's text): nobody below it is believed
    raw = _forward("TR: Candidature", "Pour toi.\n\n________________________________\nDe : SECRETARIAT DU MAIRE\n"
                   "Envoyé : lundi\n\nPour suite à donner.\n\n" + OUTLOOK_BLOCK)
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.fate == FILED and d.mail is None, d.reason
    assert d.assessment.status == REVIEW and msg.forward_unread == "SECRETARIAT DU MAIRE"


def test_a_rule_of_underscores_in_a_signature_makes_no_fake_block_below_believed():
    # a signature's rule is no forward: the outsider's text of a mail forwarded with it still names nobody
    raw = _forward("TR: Candidature", "Pour toi.\n\n" + fm.SIGNATURE + "\n________________________________\n"
                   "De : Paul Durand\nEnvoyé : lundi\n\n-------- Message transféré --------\n"
                   "De : Victime <victime@autre.example>\n")
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.mail is None and d.assessment.status == REVIEW, d.reason
    assert "victime@autre.example" not in d.reason + d.attention


@pytest.mark.parametrize("evidence", [TRUSTED, UNTRUSTED])
def test_a_forward_of_a_chain_naming_a_colleague_by_name_alone_below_another_is_filed_for_staff(evidence):
    """Three colleagues: the mayor's office forwarded the application to the reception desk (Outlook: « De : Jeanne
    Roux <…> »), the desk to Claire (Outlook, same Exchange: « De : SECRETARIAT DU MAIRE », no address), Claire to
    the watched mailbox from OWA (« De : Accueil <accueil@…> »). The reading stops at the block naming no address, as
    it must (below it may be an outsider's text); the only sender read above it was a colleague, so the mail was the
    colleague's own, ignored: the application lost to the service. Now filed for staff, nobody written to."""
    raw = fm.outlook_twice(BY, NB, APPLICANT, relay="Accueil <accueil@ville-bethune.fr>")
    parsed = parse_message(raw)
    assert parsed.forward_unread == "SECRETARIAT DU MAIRE" and parsed.forward_read == ("accueil@ville-bethune.fr",)
    msg, d = run(raw, evidence)
    assert msg.from_addr == BY and d.fate == FILED and d.mail is None, d.reason
    assert d.assessment.status == REVIEW and "SECRETARIAT DU MAIRE" in d.attention, d.attention
    assert APPLICANT not in d.reason + d.attention


def test_a_sender_line_naming_nobody_in_the_applicant_s_own_text_leaves_the_forward_filed_under_them():
    # the applicant's block is read first: a block naming no address below it is their text, and changes nothing
    _filed_under_applicant(_forward("TR: Candidature", "Pour toi.\n\n" + OUTLOOK_BLOCK + "\n"
                                    "________________________________\nDe : Comité de quartier\nEnvoyé : hier\n"))


def test_a_forward_to_another_colleague_copying_a_watched_mailbox_is_filed_under_the_applicant():
    raw = samples.email(sender=f"Claire Martin <{BY}>", to=["elu.quartier@ville-bethune.fr"], cc=[NB],
                        subject="TR: Candidature", body="Pour information.\n\n" + OUTLOOK_BLOCK,
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == APPLICANT and d.fate == FILED and d.mail is not None and d.mail.to_addr == APPLICANT


def test_a_forward_naming_no_watched_mailbox_in_to_or_cc_is_for_staff_and_writes_to_nobody():
    # a watched mailbox in Bcc only (or through a group) is not in the forward's own To or Cc: since this morning's
    # change (the town's mail to someone else, sent back by them byte for byte) it is filed for staff, by design
    raw = samples.email(sender=f"Claire Martin <{BY}>", to=["elu.quartier@ville-bethune.fr"],
                        subject="TR: Candidature", body="Pour information.\n\n" + OUTLOOK_BLOCK,
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.mail is None and d.assessment.status == REVIEW, d.reason


@pytest.mark.parametrize("relay", ["", "Accueil <accueil@ville-bethune.fr>"])
def test_a_colleague_s_own_mail_forwarded_between_staff_with_its_file_stays_internal_mail(relay):
    """Outlook (same Exchange) names the colleague whose mail is forwarded by name alone (« De : DUPONT Marc »): the
    reading stops there, and since this morning every such forward was filed for staff as a case to review (« à
    vérifier »), the agenda or report attached to it with it: staff's internal mail forwarded to a watched mailbox, a
    person's work mailbox, every day. Nothing below the block names anyone outside: it is internal mail, ignored."""
    above = (f"De : {relay}\nEnvoyé : mardi 24 novembre 2026 08:30\nÀ : MARTIN Claire <{BY}>\n"
             "Objet : TR: Réunion de service\n\nPour info.\n\n") if relay else ""
    raw = samples.email(sender=f"Claire Martin <{BY}>", to=[NB], subject="TR: Réunion de service du 3 décembre",
                        body="Pour info.\n\n" + above + "De : DUPONT Marc\nEnvoyé : lundi 23 novembre 2026 17:45\n"
                        "À : MARTIN Claire; BATAILLON Nicolas\nObjet : Réunion de service du 3 décembre\n\n"
                        "Bonjour à tous, voici l'ordre du jour.\n",
                        attachments=[("ordre_du_jour.pdf", samples.pdf("Ordre du jour\nPoint 1 : budget 2027"),
                                      "application/pdf")])
    parsed = parse_message(raw)
    assert parsed.forward_unread == "DUPONT Marc" and parsed.forward_below == ()
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.fate == IGNORED and d.mail is None, d.reason


def test_a_reply_whose_quote_has_owa_s_rule_still_names_no_forward():
    # the rule above a quoted header is a forward's only outside a reply (« RE: » quotes the mail it answers)
    raw = fm.owa(BY, NB, APPLICANT, subject="RE: Candidature label Smart City")
    assert parse_message(raw).forwarded_from == ()


def test_a_reply_whose_subject_was_rewritten_names_no_forward_of_the_person_it_answers():
    # Outlook's block under a subject with no « TR: » is a forward's, unless the mail is written to the person the
    # block names: a reply to them (its subject rewritten) quotes their mail, copying a watched mailbox
    raw = samples.email(sender=f"Claire Martin <{BY}>", to=[APPLICANT], cc=[NB], subject="Votre candidature",
                        body="Bonjour, le formulaire est joint.\n\n" + OUTLOOK_BLOCK,
                        attachments=[("formulaire.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw, TRUSTED)
    assert parse_message(raw).forwarded_from == () and msg.from_addr == BY and d.mail is None, d.reason


# Outlook for Windows and Mac and Apple Mail on a Mac write no separator line, and OWA's rule of underscores is not
# read as one (its CRLF line end): under a subject the colleague rewrote, only their header block says it is a forward
REWRITTEN = {
    "owa": partial(fm.owa, subject="Candidature de l'association du quartier"),
    "outlook-windows": partial(cm.outlook_forward, subject="Candidature de l'association"),
    "outlook-mac": lambda by, to, applicant: fm.outlook_mac(by, to, applicant).replace(
        b"Subject: TR: Candidature", b"Subject: Dossier de l'association : Candidature", 1),
    "apple-mail-mac": partial(cm.apple_mail_forward, subject="Candidature de l'association"),
}


@pytest.mark.parametrize("program", REWRITTEN)
def test_a_forward_whose_subject_was_rewritten_without_a_separator_line_is_filed_for_staff(program):
    """The mail was the colleague's own, ignored, its files unread: the application lost. Their block under a subject
    with no « TR: » may be text pasted into a new mail (an outsider's fake block with it): filed for staff to check,
    the applicant it names shown to them, nobody written to."""
    raw = REWRITTEN[program](BY, NB, APPLICANT)
    assert parse_message(raw).forward_guessed
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.fate == FILED and d.mail is None, d.reason
    assert d.assessment.status == REVIEW and "TR:" in d.reason, d.reason


def test_a_block_pasted_into_a_new_mail_to_a_watched_mailbox_writes_to_nobody():
    # an outsider's text, pasted by a colleague into a new mail with its file, carrying a fake Outlook block: never
    # believed (nobody written to, the case is not the named person's)
    raw = samples.email(sender=f"Claire Martin <{BY}>", to=[NB], subject="Dossier reçu à l'accueil",
                        body="Texte reçu, collé ci-dessous.\n\nDe : Victime <victime@autre.example>\n"
                             "Envoyé : lundi 23 novembre 2026 17:45\nObjet : Candidature\n\nBonjour\n",
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.mail is None and d.assessment.status == REVIEW, d.reason


@pytest.mark.parametrize("mark", ["---------- Forwarded message ---------", "---------- Message transféré ---------",
                                  "----- Début du message transféré de Victime <victime@autre.example> -----"])
@pytest.mark.parametrize("subject", ["Candidature label Smart City", "Fwd: Candidature"])
def test_a_forward_separator_pasted_by_an_outsider_into_their_own_mail_names_nobody_but_them(mark, subject):
    """Gmail's separator and block pasted into a new mail (or a forward of their own) from outside: the block is the
    outsider's writing. The mail is theirs, filed under them, and nobody the block names is written to or quoted."""
    outsider = "paul.durand@gmail.example"
    raw = samples.email(sender=f"Paul Durand <{outsider}>", to=[NB], subject=subject,
                        body=f"Bonjour,\n\n{mark}\nDe : Victime <victime@autre.example>\nDate: lun. 23 nov. 2026\n"
                             f"Subject: Candidature\nTo: <{NB}>\n\nBonjour\n",
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf"),
                                     ("courrier maire.pdf", samples.pdf("l"), "application/pdf")])
    assert parse_message(raw).forwarded_from[0][1] == "victime@autre.example"  # read, and not believed
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == outsider and d.fate == FILED, d.reason
    assert d.mail is not None and d.mail.to_addr == outsider, d.reason
    assert "victime@autre.example" not in d.reason + d.attention + "transférée"


ALIAS = "smartcity@ville-bethune.fr"  # the label's public address, delivered by the town's server into NB


def _to_alias(to: list[str], cc: list[str] = (), sender: str = f"Claire Martin <{BY}>") -> bytes:
    return samples.email(sender=sender, to=to, cc=list(cc), subject="TR: Candidature",
                         body="Pour le label.\n\n" + OUTLOOK_BLOCK,
                         attachments=[("dossier.pdf", samples.pdf(), "application/pdf"),
                                      ("courrier maire.pdf", samples.pdf("l"), "application/pdf")])


def _run_with_aliases(raw: bytes, evidence=TRUSTED, aliases=frozenset({ALIAS})):
    forward = as_original(parse_message(raw), RULES, WATCHED, NB, evidence, aliases=aliases)
    ctx = Context(watched=WATCHED, mailbox_address=NB, system_id="s", forwarded_by=forward.by,
                  claimed_by=forward.claimed_by, quoted=forward.quoted, forward_evidence=forward.evidence)
    msg = forward.msg
    return msg, decide(msg, verdicts_for(msg, RULES, {a.sha256: Extracted(read=True) for a in msg.attachments}),
                       RULES, ctx)


@pytest.mark.parametrize("to, cc", [([ALIAS], []), (["elu.quartier@ville-bethune.fr"], [ALIAS])])
def test_a_forward_to_a_declared_alias_of_a_watched_mailbox_is_filed_under_the_applicant(to, cc):
    """A colleague forwards to the label's public address (or copies it), which the town's server delivers into the
    watched mailbox: no watched mailbox in its To or Cc, it was filed for staff with nobody written to. The mailbox's
    `aliases` count as the mailbox."""
    msg, d = _run_with_aliases(_to_alias(to, cc))
    assert msg.from_addr == APPLICANT and d.fate == FILED and f"transférée par {BY}" in d.reason, d.reason
    assert d.mail is not None and (d.mail.to_addr, d.mail.from_addr) == (APPLICANT, NB)
    # without the alias declared: for staff, nobody written to (as before)
    msg, d = _run_with_aliases(_to_alias(to, cc), aliases=frozenset())
    assert msg.from_addr == BY and d.mail is None and d.assessment.status == REVIEW, d.reason
    assert "aliases" in d.reason, d.reason


@pytest.mark.parametrize("case", ["unauthenticated", "outsider", "reply", "bcc-only"])
def test_an_alias_makes_nothing_else_believed(case):
    """An alias only stands for the mailbox in the To/Cc check: an outsider writing to it with a forward block, a
    town address without authentication, a reply quoting an applicant, a forward with the mailbox in Bcc only (no
    trace of it in the mail: the same bytes, written to someone else, can be sent back) are never filed under the
    person a block names."""
    raw = {"unauthenticated": _to_alias([ALIAS]),
           "outsider": _to_alias([ALIAS], sender="Paul <paul.durand@gmail.example>"),
           "reply": _to_alias([ALIAS]).replace(b"Subject: TR: Candidature", b"Subject: RE: Candidature", 1),
           "bcc-only": _to_alias(["elu.quartier@ville-bethune.fr"])}[case]
    msg, d = _run_with_aliases(raw, UNTRUSTED if case == "unauthenticated" else TRUSTED)
    assert msg.from_addr != APPLICANT and APPLICANT not in (d.mail.to_addr if d.mail else ""), d.reason
    assert "transférée par" not in d.reason, d.reason


NOTES_SEPARATOR = "----- Transféré par Claire MARTIN/CULTURE/VILLE le 30/11/2026 10:12 -----\n\n"


def test_an_hcl_notes_forward_of_a_colleague_s_notes_mail_naming_nobody_outside_stays_internal_mail():
    # Notes names a colleague of the same Domino by their Notes name, no address: nobody to read; nothing outside
    text = ("Pour info.\n\n" + NOTES_SEPARATOR + "De :\tPaul DUPONT/DST/VILLE@VILLE\n"
            "A :\tClaire MARTIN/CULTURE/VILLE@VILLE\nDate :\t30/11/2026 09:45\nObjet :\tRéunion\n\nOrdre du jour\n")
    raw = samples.email(sender=f"Claire Martin <{BY}>", to=[NB], subject="Tr : Réunion", body=text,
                        attachments=[("ordre_du_jour.pdf", samples.pdf("Ordre du jour\nPoint 1 : budget"),
                                      "application/pdf")])
    parsed = parse_message(raw)
    assert parsed.forward_unread == "Paul DUPONT/DST/VILLE@VILLE" and parsed.forward_below == ()
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.fate == IGNORED and d.mail is None, d.reason
    # the same forward carrying an application's files (the mayor's office passing on what it received): what its
    # files hold decides, as for a forward with no block; ignored, the application was lost
    msg, d = run(_forward("Tr : Réunion", text), TRUSTED)
    assert msg.from_addr == BY and d.fate == FILED and d.mail is None, d.reason
    assert d.assessment.status == REVIEW and "Paul DUPONT/DST/VILLE@VILLE" in d.attention, d.attention


def test_an_hcl_notes_forward_of_a_colleague_s_mail_that_forwarded_an_outsider_s_is_for_staff_nobody_written_to():
    raw = _forward("Tr : Candidature", "Pour toi.\n\n" + NOTES_SEPARATOR + "De :\tPaul DUPONT/DST/VILLE@VILLE\n"
                   "A :\tClaire MARTIN/CULTURE/VILLE@VILLE\nDate :\t30/11/2026 09:45\nObjet :\tTr : Candidature\n\n"
                   "Pour suite à donner.\n\n" + NOTES_SEPARATOR.replace("Claire MARTIN/CULTURE", "Paul DUPONT/DST")
                   + f"De :\tJeanne Roux <{APPLICANT}>\nObjet :\tCandidature\n\nBonjour\n")
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.fate == FILED and d.mail is None, d.reason
    assert d.assessment.status == REVIEW and "Paul DUPONT/DST/VILLE@VILLE" in d.attention, d.attention


@pytest.mark.parametrize("first", ["Paul DUPONT\n30/11/2026 09:45", "Paul DUPONT/DST/VILLE le 30/11/2026 09:45"])
def test_a_notes_separator_whose_first_line_names_no_address_never_reads_a_sender_line_further_down(first):
    """Lotus Notes' classic layout names a colleague of the same Domino by name alone on the line below its separator.
    The « De : » line lower down is in the text of the mail forwarded (anyone's writing): it is never read as the
    sender, the reading stops (for staff, nobody written to)."""
    raw = _forward("Tr : Candidature", "Pour toi.\n\n" + NOTES_SEPARATOR + first + "\nA : Claire MARTIN\n\n"
                   "Bonjour, voici ce que j'ai reçu :\n\nDe : Victime <victime@autre.example>\n"
                   "Envoyé : lundi\n\nBonjour\n")
    parsed = parse_message(raw)
    assert parsed.forwarded_from == () or "victime@autre.example" not in dict(parsed.forwarded_from).values()
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.mail is None, d.reason
    assert d.fate == FILED and d.assessment.status == REVIEW, d.reason  # never lost, never the victim's


def test_an_orange_separator_reads_only_the_line_below_message_du():
    # « Message du » followed by something else than a sender line: nobody read, never a « De : » lower down
    raw = _forward("TR : Candidature", "----- Message transféré -----\n> Message du 30/11/26 10:12\n"
                   "> Objet : Candidature\n>\n> Bonjour\n\nDe : Victime <victime@autre.example>\nEnvoyé : lundi\n")
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.mail is None and "victime@autre.example" not in d.reason, d.reason


def test_notes_and_orange_marks_are_read_in_linear_time():
    import time

    started = time.process_time()
    for body in (NOTES_SEPARATOR + "\n" * 100_000 + "De : x@y.example", NOTES_SEPARATOR + " " * 100_000 + "x",
                 "----- Transféré par " + "x" * 100_000, "-" * 100_000 + " Transféré par x",
                 "----- Message transféré -----\n" + " " * 100_000 + "x",
                 "----- Message transféré -----" + "\n" * 100_000 + "> Message du 1",
                 "----- Message transféré -----\n> Message du 1" + " " * 100_000,
                 "----- Message transféré -----\n" * 2000 + "\n" * 50_000):
        parse_message(samples.email(sender=f"C <{BY}>", to=[NB], subject="TR: s", body=body))
    assert time.process_time() - started < 3


UNKNOWN_FORMAT = ("Pour toi.\n\n=== Courriel reçu le 23/11/2026 ===\nExpéditeur : Jeanne Roux (jeanne.roux arobase "
                  "asso-quartier.example)\nSujet : Candidature label Smart City\n\nBonjour, ci-joint notre dossier.\n")


@pytest.mark.parametrize("evidence", [TRUSTED, UNTRUSTED])
def test_a_colleague_s_forward_in_a_format_no_reading_knows_is_filed_for_staff_with_nobody_written_to(evidence):
    """A « TR: » from a colleague in which no forward is found (a mail program's own layout, a header retyped) was
    ignored as the colleague's own mail, its files never read: the application it carried was lost. When its files
    hold an application's documents it is filed for staff, under the colleague's address, nobody written to."""
    raw = _forward("TR: Candidature label Smart City", UNKNOWN_FORMAT)
    assert parse_message(raw).forwarded_from == () and parse_message(raw).forward_unread == ""
    msg, d = run(raw, evidence)
    assert msg.from_addr == BY and d.fate == FILED and d.mail is None, d.reason
    assert d.assessment.status == REVIEW and "n'a pas pu être lu" in d.reason and "demandeur" in d.attention
    assert APPLICANT not in d.reason + d.attention


def test_a_colleague_s_forward_in_an_unknown_format_whose_files_are_no_application_s_stays_internal_mail():
    """The same forward carrying the agenda of a meeting, or a photo: internal mail, ignored, no case to review."""
    for name, content, kind in (("ordre_du_jour.pdf", samples.pdf("Ordre du jour\nPoint 1 : budget 2027"),
                                 "application/pdf"), ("photo.jpg", samples.jpeg(), "image/jpeg")):
        raw = samples.email(sender=f"Claire Martin <{BY}>", to=[NB], subject="TR: Réunion de service",
                            body="Pour info.\n\n=== Courriel reçu ===\nExpéditeur : Marc Dupont\n",
                            attachments=[(name, content, kind)])
        msg, d = run(raw, TRUSTED)
        assert msg.from_addr == BY and d.fate == IGNORED and "courrier interne" in d.reason, (name, d.reason)


def test_a_colleague_s_own_mail_with_an_application_s_files_but_no_forward_subject_stays_theirs():
    """No « TR: »: the colleague's own mail (a blank form sent to a colleague), ignored as before."""
    raw = _forward("Le formulaire du label", "Voici le formulaire à jour.\n")
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.fate == IGNORED, d.reason


@pytest.mark.parametrize("evidence", [TRUSTED, UNTRUSTED])
@pytest.mark.parametrize("text", [UNKNOWN_FORMAT, OUTLOOK_BLOCK])
def test_a_forward_filed_for_staff_names_nobody_and_its_forwarder_is_written_to_only_once_staff_confirm(evidence, text):
    """Attacker's review (attack9): a town address's forward filed for staff (in no known format, or not authenticated)
    recorded its Reply-To and Cc as addresses that may speak for the case: a forger's Reply-To then completed the case.
    Nobody it names is on the case, and its `From` is the forwarder's (37aeacc: quiet until staff confirm the
    applicant's address)."""
    from intake.core.addresses import APPLICANT as ROLE
    from intake.core.addresses import FOR_STAFF, why_quiet
    from intake.core.effects import AddressOnCase

    raw = samples.email(sender=f"Claire Martin <{BY}>", to=[NB], cc=["mallory@evil.example"],
                        subject="TR: Candidature label Smart City", body=text,
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf"),
                                     ("courrier maire.pdf", samples.pdf("l"), "application/pdf")],
                        headers={"Reply-To": "mallory@evil.example"})
    msg, d = run(raw, evidence)
    if d.mail is not None:  # a trusted forward with a block: the applicant's, not filed for staff
        assert evidence == TRUSTED and msg.from_addr == APPLICANT
        return
    assert d.fate == FILED and d.assessment.status == REVIEW, d.reason
    assert [(e.address, e.role, e.source) for e in d.effects if isinstance(e, AddressOnCase)] == [
        (BY, ROLE, FOR_STAFF)]
    assert why_quiet(FOR_STAFF, linked=False)


def test_a_sender_line_naming_nobody_is_quoted_to_staff_without_its_format_characters():
    """Attacker's review (attack11): the sender line at which the reading of a forward stops (« De : » naming no
    address) is quoted to staff in the case's « À voir », in the digest (its plain-text fallback too) and the console.
    An outsider writing a colleague's address in `From` (not authenticated) put U+202E in it: « SECR U+202E
    1000-6202-CSB » showed as « SECRBSC-2026-0001 », another case's reference, and turned the rest of the line around.
    It is quoted as one line without format characters, as a dossier's fields and a header's display name are."""
    raw = _forward("TR: Candidature", "Pour toi.\n\n________________________________\nDe : SECR\u202e1000-6202-CSB"
                   "\u2066\u200b\nEnvoyé : lundi\n\nPour suite à donner.\n\n" + OUTLOOK_BLOCK)
    assert parse_message(raw).forward_unread == "SECR1000-6202-CSB"
    msg, d = run(raw, UNTRUSTED)
    assert d.fate == FILED and d.mail is None and "« SECR1000-6202-CSB »" in d.attention, d.attention
    assert not any(c in d.attention + d.reason for c in "\u202e\u2066\u200b"), d.attention


@pytest.mark.parametrize("arrival, trusted", [
    ("dmarc=fail header.from=asso-quartier.example", False),  # the town's server said it was forged
    ("spf=fail smtp.mailfrom=asso-quartier.example", False),  # SPF failed, and no DKIM signature passed
    ("dmarc=pass header.from=asso-quartier.example", True),
    ("dmarc=none header.from=asso-quartier.example", True),  # nothing said: the colleague vouches, as inline
])
def test_a_forward_as_attachment_keeps_what_the_town_s_server_said_on_the_mail_s_arrival(arrival, trusted):
    """attack11: an outsider writing to a colleague in an applicant's name, stamped « dmarc=fail » on arrival and
    delivered (p=none), was filed under the applicant once forwarded as an .eml; only a failure counts (the rest of
    an attached message is its sender's to write)."""
    from intake.core.trust import TrustSettings, arrival_checks

    town = TrustSettings("own", "mx.example.test", frozenset({"ville-bethune.fr"}))
    applicant = "jeanne.roux@asso-quartier.example"
    msg = parse_message(fm.thunderbird_as_attachment(DB, NB, applicant, arrival=arrival))
    forward = as_original(msg, RULES, WATCHED, NB, TRUSTED, arrivals=arrival_checks(msg, town))
    assert (forward.by, forward.claimed_by) == ((DB, "") if trusted else ("", DB))
    assert forward.msg.from_addr == (applicant if trusted else DB)
    assert trusted or "n'était pas authentifié à son arrivée" in forward.evidence


def test_a_forward_of_two_attached_mails_from_one_address_is_not_trusted_when_either_was_forged():
    """attack12: a colleague selects the applicant's real mail and an outsider's in her name (stamped « dmarc=fail »
    on arrival, delivered: p=none) and forwards both « as attachments ». Only the first verdict for an address was
    kept: the forgery, second, was filed under the applicant as her mail."""
    from intake.core.trust import TrustSettings, arrival_checks

    town = TrustSettings("own", "mx.example.test", frozenset({"ville-bethune.fr"}))
    applicant = "jeanne.roux@asso-quartier.example"
    good = fm.thunderbird_as_attachment(DB, NB, applicant).decode()
    forged = fm.thunderbird_as_attachment(DB, NB, applicant, arrival="dmarc=fail header.from=asso-quartier.example")
    boundary = "--------------att0K2m9Q4x1B3n5V7c9Z0"
    second = forged.decode().split(boundary)[2]  # the attached message of the forged one
    assert "message/rfc822" in second and "dmarc=fail" in second
    head, _, rest = good.rpartition(f"{boundary}--")
    raw = f"{head}{boundary}{second}{boundary}--{rest}".encode()
    msg = parse_message(raw)
    assert len(msg.enclosed) == 2
    forward = as_original(msg, RULES, WATCHED, NB, TRUSTED, arrivals=arrival_checks(msg, town))
    assert (forward.by, forward.claimed_by, forward.msg.from_addr) == ("", DB, DB), forward.evidence
    assert "n'était pas authentifié à son arrivée" in forward.evidence


def test_a_forward_attaching_a_mail_of_two_from_fields_is_not_trusted():
    """attack16: an outsider writes to a colleague under two `From` fields, one naming nobody, then the applicant's;
    the town's server checked the first on arrival, found no domain and said nothing of the applicant's. Forwarded
    « as an attachment », it was filed under the applicant."""
    from intake.core.trust import TrustSettings, arrival_checks

    town = TrustSettings("own", "mx.example.test", frozenset({"ville-bethune.fr"}))
    applicant = "jeanne.roux@asso-quartier.example"
    raw = fm.thunderbird_as_attachment(DB, NB, applicant, arrival="spf=pass smtp.mailfrom=evil.example")
    line = f"From: Jeanne Roux <{applicant}>".encode()
    assert raw.count(line) == 1
    eol = b"\r\n" if b"\r\n" in raw else b"\n"
    msg = parse_message(raw.replace(line, b"From: Mallory" + eol + line))
    forward = as_original(msg, RULES, WATCHED, NB, TRUSTED, arrivals=arrival_checks(msg, town))
    assert (forward.by, forward.claimed_by, forward.msg.from_addr) == ("", DB, DB), forward.evidence
    assert "n'était pas authentifié à son arrivée" in forward.evidence


def test_a_forward_attaching_more_mails_than_are_read_is_not_trusted():
    """attack12: only the first MAX_FORWARDS mails attached whole are read for what the town's server said on their
    arrival: a forgery it stamped « dmarc=fail », attached after five real mails, was filed under the applicant."""
    from intake.core.parse import MAX_FORWARDS
    from intake.core.trust import TrustSettings, arrival_checks

    town = TrustSettings("own", "mx.example.test", frozenset({"ville-bethune.fr"}))
    applicant = "jeanne.roux@asso-quartier.example"
    boundary = "--------------att0K2m9Q4x1B3n5V7c9Z0"
    good = fm.thunderbird_as_attachment(DB, NB, applicant).decode()
    forged = fm.thunderbird_as_attachment(DB, NB, applicant, arrival="dmarc=fail header.from=asso-quartier.example")
    real_part, forged_part = good.split(boundary)[2], forged.decode().split(boundary)[2]
    head, _, rest = good.rpartition(f"{boundary}--")
    raw = f"{head}{''.join(boundary + real_part for _ in range(MAX_FORWARDS - 1))}{boundary}{forged_part}" \
          f"{boundary}--{rest}"
    msg = parse_message(raw.encode())
    assert len(msg.enclosed) == MAX_FORWARDS and msg.enclosed_unread
    forward = as_original(msg, RULES, WATCHED, NB, TRUSTED, arrivals=arrival_checks(msg, town))
    assert (forward.by, forward.claimed_by, forward.msg.from_addr) == ("", DB, DB), forward.evidence
    assert f"plus de {MAX_FORWARDS} courriels" in forward.evidence
    five = f"{head}{''.join(boundary + real_part for _ in range(MAX_FORWARDS - 1))}{boundary}--{rest}"
    msg = parse_message(five.encode())
    assert len(msg.enclosed) == MAX_FORWARDS and not msg.enclosed_unread  # five are all read: trusted
    assert as_original(msg, RULES, WATCHED, NB, TRUSTED, arrivals=arrival_checks(msg, town)).by == DB


def test_outlook_2019_s_french_attribution_in_a_reply_names_no_forward():
    """The same line in a reply (« RE: ») says whose mail is quoted: the mail is the colleague's own."""
    raw = _forward("RE: Candidature", f"Vu.\n\nLe 30/11/2026 17:45, « Jeanne Roux » <{APPLICANT}> a écrit :\n\n"
                   "    Bonjour\n")
    msg, _d = run(raw, TRUSTED)
    assert msg.from_addr == BY


def test_a_flattened_yahoo_sender_whose_name_holds_another_address_names_nobody():
    """« De : "Jeanne <victime@…>" <mallory@…>À : … »: no address followed by the next field, no sender read; the
    victim is never the applicant."""
    raw = _forward("Fwd: Candidature", '----- Message transmis ----- De : "Jeanne <victime@autre.example>" '
                   f'<mallory@autre.example>À : "{BY}" <{BY}>Envoyé : lundi 30 novembre 2026Objet : Candidature\n')
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.mail is None, (msg.from_addr, d.reason)


def test_proton_s_line_and_attribution_in_a_reply_name_no_forward():
    """Proton writes the same line and attribution above the mail a reply quotes: the mail is the colleague's own."""
    raw = _forward("Re: Candidature", "Vu.\n\n" + "\u2010" * 7 + " Original Message " + "\u2010" * 7 + "\nLe lundi "
                   f"30 novembre 2026 à 17:45, Jeanne Roux <{APPLICANT}> a écrit :\n\n> Bonjour\n")
    msg, _d = run(raw, TRUSTED)
    assert msg.from_addr == BY


def test_proton_s_line_above_an_attribution_naming_two_addresses_names_nobody():
    # « Le …, "Jeanne <victime@…>" <mallory@…> a écrit : »: no sender read, the victim never the applicant
    raw = _forward("Fw: Candidature", "\u2010" * 7 + " Original Message " + "\u2010" * 7 + "\nLe lundi 30 novembre "
                   '2026 à 17:45, "Jeanne <victime@autre.example>" <mallory@autre.example> a écrit :\n\n> Bonjour\n')
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == BY and d.mail is None, (msg.from_addr, d.reason)


def test_a_message_du_block_in_a_reply_names_no_forward():
    """In a reply (« RE: ») the same quoted block is the mail answered: the mail is the colleague's own."""
    raw = _forward("RE: Candidature", f'Vu.\n\n> Message du 30/11/26 17:45\n> De : "Jeanne Roux" <{APPLICANT}>\n'
                   "> Objet : Candidature\n")
    msg, _d = run(raw, TRUSTED)
    assert msg.from_addr == BY


@pytest.mark.parametrize("line", ["Le " + ",«»<>[]" * 80, "‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐\nLe " + ", <x>" * 150,
                                  "   ----- Message transmis ----- De : " + "x<" * 300, "> Message du 1" + "2" * 500,
                                  '"' + "x" * 200 + '" ' + "a" * 64 + "@" + "b" * 255 + " \u2013 " + "1" * 200])
def test_a_forward_full_of_lines_that_almost_make_a_new_mark_is_read_in_linear_time(line):
    """3,000 lines that start as Outlook 2019's attribution (« Le …, « … » <…> a écrit : »), Proton's, Yahoo's or
    Orange's block and never end as one: the lazy parts of the first attribution pattern tried every split of each
    line, 21 s of CPU for the mark alone, 43 s to parse the message; now a fraction of a second."""
    started = time.process_time()
    parse_message(_forward("TR: Candidature", "Pour toi.\n\n" + (line + "\n") * 3000))
    assert time.process_time() - started < 3


@pytest.mark.parametrize("line, sender", [
    # a name, then its link's target: the target is the sender's address (Outlook's text of an HTML name link)
    ("Jeanne Roux<mailto:{a}>", APPLICANT), ("Jeanne Roux <mailto:{a}?subject=Candidature>", APPLICANT),
    # an address shown, then another link's target: nobody (a program writes the sender's address as both; the words
    # were a name, the sender's to choose, or the target was: attack30)
    ("jeanne@asso-quartier.example<mailto:victime@autre.example>", BY),
    ("Jeanne Roux <{a}<mailto:{a}>>", APPLICANT),
    # SnappyMail's text of a linked address: the address, a space, the link's target, before the closing bracket;
    # the address shown is the sender's when the target says it too, else nobody (the same)
    ("Jeanne Roux <{a} mailto:{a}?to=%22Jeanne%20Roux%22 >", APPLICANT),
    ("Jeanne Roux <{a} mailto:victime@autre.example?to=x >", BY),
    # two targets after a name: nobody
    ("Jeanne Roux<mailto:victime@autre.example> Paul<mailto:{a}>", BY),
])
def test_a_sender_line_s_link_target_is_its_address_only_after_a_name(line, sender):
    raw = _forward("TR: Candidature", "Pour toi.\n\n-------- Message transféré --------\nDe : "
                   + line.format(a=APPLICANT) + "\nDate : lundi 30 novembre 2026\nObjet : Candidature\n\nBonjour\n")
    msg, _d = run(raw, TRUSTED)
    assert msg.from_addr == sender, msg.from_addr


@pytest.mark.parametrize("line", ["De : Jeanne" + "<mailto:" * 400, "De : " + "Jeanne<mailto:" + "a" * 1990,
                                  "De : Jeanne <mailto:" + "?" * 1900 + ">", "De : Jeanne " + "<a@b mailto:" * 160])
def test_a_sender_line_full_of_link_targets_is_read_in_linear_time(line):
    started = time.process_time()
    parse_message(_forward("TR: Candidature", "Pour toi.\n\n-------- Message transféré --------\n"
                           + (line + "\n-------- Message transféré --------\n") * 1000))
    assert time.process_time() - started < 3


@pytest.mark.parametrize("mark", ["-- Message transféré de ", "----- Forwarded message from ",
                                  "----- Début du message transféré de "])
def test_mark_lines_naming_a_sender_whose_closing_dashes_never_end_the_line_are_read_in_linear_time(mark):
    """Horde's and Mutt's mark names the sender on its line and ends in dashes; 4,000 such lines whose dashes are
    followed by a letter (never the line's end): the closing « -{2,} » was tried from each of the 300 places the
    name may end, over each run of dashes, 50 s of CPU for a 1.3 MB text part; now a fraction of a second."""
    started = time.process_time()
    parse_message(_forward("TR: Candidature", "Pour toi.\n\n" + (mark + "-" * 300 + "x ") * 4000))
    assert time.process_time() - started < 3


def test_a_mark_line_naming_a_sender_still_ends_in_a_run_of_dashes():
    raw = _forward("TR: Candidature", f"Pour toi.\n\n----- Message transféré de Jeanne Roux <{APPLICANT}> ---------\n"
                   f"   Date: Mon, 30 Nov 2026 17:45:12 +0100\n     De: Jeanne Roux <{APPLICANT}>\n"
                   "  Objet: Candidature\n\nBonjour\n")
    msg, _d = run(raw, TRUSTED)
    assert msg.from_addr == APPLICANT, msg.from_addr


@pytest.mark.parametrize("flowed", [False, True])
def test_a_stranger_s_subject_written_as_a_sender_line_names_no_one_in_roundcube_s_table(flowed):
    """Roundcube's HTML forward, its text part not flowed: the subject's row comes first, its value on its own line
    (« \\t\\tOBJET: » / « \\t\\t<subject> »). A stranger writing to a colleague under the subject « De: Victime
    <victime@…> » had that line read as the forwarded mail's sender line, above the real one: the victim was filed as
    the applicant and acknowledged. A table's value line is no sender line."""
    subject = "De: Victime <victime@autre.example>"
    rows = [("OBJET", subject), ("DATE", "2026-11-30 17:45"), ("DE", f"Jeanne Roux <{APPLICANT}>"),
            ("À", f"Accueil <{BY}>")]
    text = ("Pour toi.\n\n-------- Message original --------\n\n" + "\n\n".join(f"\t\t{k}: \n\t\t{v}" for k, v in rows)
            + "\n\nBonjour,\nci-joint notre dossier.\n")
    if flowed:  # as a reader that unflows it has it: the label's trailing space joins the two
        text = text.replace(": \n\t\t", ": \t\t")
    msg, d = run(_forward("Fwd: " + subject, text), TRUSTED)
    assert msg.from_addr == APPLICANT and d.mail is not None and d.mail.to_addr == APPLICANT, (msg.from_addr, d.reason)


def test_a_live_mail_forward_is_read_from_its_html_only_where_it_names_the_text_s_sender():
    """Windows Live Mail's text names the forwarded sender by name alone (« De : Jeanne Roux »), its HTML by a link
    to her address: read there, the forward is filed under her. An HTML whose link bears another name than the text's
    line (not the same forward) is not believed: the forward stays for staff, nobody written to."""
    raw = eighteenth.live_mail(NB, FILES, forward_of=APPLICANT, by=BY)
    assert parse_message(raw).forward_unread == ""
    other = eighteenth.live_mail(NB, FILES, forward_of=APPLICANT, by=BY, linked_name="Paul Durand")
    msg, d = run(other, TRUSTED)
    assert msg.from_addr == BY and d.fate == FILED and d.mail is None, d.reason
    assert d.assessment.status == REVIEW and msg.forward_unread == "Jeanne Roux", d.reason
