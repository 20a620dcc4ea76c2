"""Who or what sent a message: ourselves, a bounce, a robot, a list, staff, or a person.

The header rules of notes/domain.md §1, first match wins. Only a `PERSON`
ever gets an automatic answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.core.message import Message
from intake.core.thread import CaseView

OWN = "own"  # our own acknowledgement, reminder or digest coming back
BOUNCE = "bounce"  # delivery status notification / NDR
AUTOMATIC = "automatic"  # out-of-office, autoresponder, robot
BULK = "bulk"  # newsletter, mailing list, spam
STAFF = "staff"  # written from one of the watched addresses
PERSON = "person"

UNREADABLE_SENDER = "adresse d'expéditeur illisible"
# the reason of an AUTOMATIC origin known by its address alone, after its label (« expéditeur automatique : reconnu à
# son adresse scanner@… »; it said « adresse d'expéditeur automatique », twice the words once the label was renamed)
ROBOT_ADDRESS = "reconnu à son adresse"
# The town's own automatic senders, as config.toml names them: the site's forms that send a visitor's message from a
# human-looking town address (contact@, mairie@), authenticated as the town's, the visitor's address in Reply-To
AUTOMATIC_SENDERS = "[trust] automatic_senders"
LOOP_HEADER = "X-Intake-Loop"  # set on every mail we send, with the system id
OWN_MESSAGE_ID_PREFIX = "intake."  # our Message-IDs: <intake.REF.TOKEN@domain>

# A web server's own accounts too: WordPress sends its forms' mail (Contact Form 7, WPForms, a town site's « nous
# écrire » with files) from wordpress@ the site's domain unless told otherwise, PHP's mail() from the server's user
# (www-data, apache, nginx, wwwrun, nobody): no one reads them, the person is in Reply-To or the text.
_ROBOT_LOCAL = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?repondre|bounces?([-+.].*)?|abuse|root|"
    r"listserv|majordomo|owner-.*|.*-request|mailer-daemon|postmaster|daemon|"
    r"wordpress|www-data|wwwrun|apache|nginx|nobody)$"
)
# E-signature services' agreements' mail (sent, completed): Docusign's (« Jeanne Roux via Docusign ») from dse@,
# dse_NA4@ (its region), dse_demo@, at docusign.net or a subdomain of it (eumail.docusign.net); Adobe Acrobat Sign's
# from adobesign@adobesign.com (echosign@echosign.com before its move). Only at their own domains: « dse@ » anywhere
# else is someone's initials
_SIGNATURE_ROBOT = re.compile(r"^(?:dse(?:_[a-z]+\d*)?@(?:[a-z0-9-]+\.)*docusign\.net"
                              r"|adobesign@(?:[a-z0-9-]+\.)*adobesign\.com|echosign@(?:[a-z0-9-]+\.)*echosign\.com)$")
# "no-reply" as one word of a longer local part: the senders of sharing services' notifications
# (drive-shares-dm-noreply@google.com « X a partagé un dossier avec vous », notifications-noreply@..., noreply-xyz@...)
_ROBOT_WORD = re.compile(r"(?:^|[-_.+])(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?repondre)(?:$|[-_.+])")
# The address of an office copier's or a scanner's « scan to email » (scanner@, scan-accueil@, copieur.rdc@,
# xerox@, ricoh2@...): nobody reads it (the applicant who scanned is not named in the mail), and an acknowledgement
# or a reminder sent there reaches no one. A scan word anywhere in the local part; a copier's brand only as the
# whole local part, with at most a number (« canon.jean@ » is a person).
_COPIER_WORD = re.compile(r"(?:^|[-_.+])(?:scan(?:ner|ners|s)?|scan2(?:e?mail|folder)|scanto(?:e?mail)|copieur|"
                          r"photocopieur|copier|numeriseur|numerisation|multifonctions?|mfp|mfc|imprimante|printer)"
                          r"(?:$|[-_.+\d])")
# The brand may be followed by the model, as admins name a device's address after it (ricoh-mpc3004@,
# sharp_mx2651n@, canon-iradv-c5535@, kyocera.taskalfa3253ci@, hp-m479fdw@, epson-wf4830@): a series as the
# makers write it (MP C3004, MX-2651, iR-ADV C5535, TASKalfa 3253ci) and three to five digits; « canon.marie1962 »
# is still a person (no maker's series). Konica Minolta's default name is KM_C and a model of three digits or more
# (km_c300i@, kmc3350@): « kmc62@ » is initials and a département (Pas-de-Calais), a person's. A copier's own series
# is a device without its brand too (taskalfa3253ci@, ir-adv-c5535@, aficio-mp-c2051@, imagerunner@, mx-2651n@,
# mpc3004@), its default name once more (km-c300i@).
_SERIES_WORD = (r"(?:ir[-_]?adv|imagerunner|taskalfa|ecosys|altalink|versalink|workcentre|aficio|bizhub|laserjet|"
                r"officejet|estudio)")
_SERIES = rf"(?:{_SERIES_WORD}|mfc|dcp|mpc?|imc?|spc?|mx|ms|cx|bp|ar|irc?|mf|wf|et|xp|c|m|b|e|p)"
_MODEL = rf"(?:[-_.]?{_SERIES_WORD})?[-_.]?{_SERIES}[-_]?c?\d{{3,5}}[a-z]{{0,4}}"
_COPIER_BRAND = re.compile(r"^(?:xerox|ricoh|konica(?:minolta)?|kyocera|canon|lexmark|bizhub|sharp|toshiba|brother|"
                           r"epson|hp_?scan|km[-_]?c\d{3,5}[a-z]{0,4}|brn[0-9a-f]{12})"  # BRN…: Brother's own name
                           rf"(?:{_MODEL})?[-_]?\d*$"
                           rf"|^hp{_MODEL}[-_]?\d*$"  # HP with its model only: « hp@ » may be someone's initials
                           r"|^(?:ir[-_]?adv|imagerunner|taskalfa|altalink|versalink|workcentre|aficio|laserjet|"
                           r"officejet)(?:[-_.][a-z0-9]+|[a-z]{0,2}\d[a-z0-9]*)?(?:[-_.][a-z0-9]+){0,2}$"
                           # Kyocera's ECOSYS with its model only (ecosys-m2540dn@): « ecosys » alone, or followed by
                           # a word, is also an association's name (ecosys.bethune@, ecosys-asso@)
                           r"|^ecosys[-_.]?[a-z]{1,2}\d{3,5}[a-z]{0,4}(?:[-_.][a-z0-9]+){0,2}$"
                           r"|^(?:mpc|imc|mx|bp)[-_]?\d{3,5}[a-z]{0,4}$")
# Initials or a name, then a year of birth (mpc1985@, hpm1962@, bp1974@, sharpe1962@, hp-m1958@), is how people name
# their own mailbox, hardly ever a copier's model (numbered 1930 to 1999; Ricoh's MP C2004 and Sharp's MX-2010 are
# 2000s and stay copiers). A brand or a series with such a year is a person's: as a copier, they got no answer at all.
_PERSON_YEAR = re.compile(r"^[a-z]+(?:[-_.][a-z]+)*[-_.]?19[3-9]\d$")
# « mfc » and « mfp » (Brother's MFC, a multifunction printer) are also initials (Marie-France C.), which people follow
# with their département (mfc62@: Béthune is in the Pas-de-Calais) or a year of birth: a device has a model, or a word
_INITIALS_NUMBER = re.compile(r"^mf[cp][-_.]?(?:\d{1,2}|19[3-9]\d)$")
_AUTO_SUBJECT = re.compile(
    r"^(r[ée]ponse automatique|absence du bureau|absente? du bureau|message d'absence|automatic reply|"
    r"auto[- ]?reply|out of (the )?office|"
    r"undeliverable|non remis|delivery status notification|mail delivery failed|returned mail|"
    r"abwesenheitsnotiz|automatische antwort)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Origin:
    category: str
    reason: str


def vouched_person(address: str, case: CaseView | None, automatic: frozenset[str] = frozenset()) -> bool:
    """A robot-looking address that is a case's applicant, confirmed by staff or recorded from a person's mail (its
    case is not `quiet`): the address patterns guess (a copier named after its model, initials and a number), and such
    an applicant, once confirmed, was still a robot: their reply with the missing piece ignored, no mail ever again.
    One of the town's `automatic` senders is never a person: the admin said so, nothing is guessed (a case filed under
    contact@ before it was declared would otherwise make a visitor citing its reference a person again)."""
    return (case is not None and bool(address) and address == case.applicant and not case.quiet
            and address not in automatic)


def is_robot_address(address: str, automatic: frozenset[str] = frozenset()) -> bool:
    """Whether `address` writes automatically: by the look of its local part (noreply@, wordpress@, a copier's), or
    one of the town's `automatic` senders ([trust] automatic_senders, lower-case: a form sending from contact@)."""
    if address.lower() in automatic:
        return True
    local = address.split("@", 1)[0].lower()
    return bool(_ROBOT_LOCAL.match(local) or _SIGNATURE_ROBOT.match(address.lower()) or _ROBOT_WORD.search(local)
                or (_COPIER_WORD.search(local) and not _INITIALS_NUMBER.match(local))
                or (_COPIER_BRAND.match(local) and not _PERSON_YEAR.match(local)))


def named_by_robot(msg: Message, watched: frozenset[str], system_id: str, aliases: frozenset[str] = frozenset(),
                   automatic: frozenset[str] = frozenset()) -> str:
    """The applicant an automatic sender's mail names in its Reply-To (the town site's form sends from wordpress@ with
    the visitor's address there), "" when it is no automatic sender's, or names nobody (no Reply-To, the sender
    itself, one of ours: a watched mailbox or one of its `aliases`, another robot). Whatever the visitor typed: it
    budgets the robot's new cases per applicant (core/decide.py `capped`), it never makes the mail that person's.
    `automatic`: the town's own automatic senders (`origin_of`)."""
    named = msg.reply_to
    if (not named or named == msg.from_addr or named in watched or named in aliases
            or is_robot_address(named, automatic)):
        return ""
    return named if origin_of(msg, watched, system_id, automatic=automatic).category == AUTOMATIC else ""


def origin_of(msg: Message, watched: frozenset[str], system_id: str, vouched: str = "",
              automatic: frozenset[str] = frozenset()) -> Origin:
    """Classify the sender. `watched` are the watched addresses, lower-case. `vouched`: an address that looks like a
    robot's but is a person's (`vouched_person`): its look alone makes it no robot, every other sign still does (an
    out-of-office answer saying so only by its subject or its empty Return-Path). `automatic`: the town's own
    automatic senders, lower-case ([trust] automatic_senders: its site's forms, sending a visitor's text from
    contact@ the town's domain, authenticated as the town's): robots whatever their address looks like, never
    vouched for."""
    loop = msg.header(LOOP_HEADER)
    if loop and loop.strip() == system_id:
        return Origin(OWN, f"porte notre en-tête {LOOP_HEADER} (notre propre courriel)")
    if msg.message_id.startswith(OWN_MESSAGE_ID_PREFIX):
        return Origin(OWN, "son Message-ID est l'un des nôtres")
    if "message/disposition-notification" in msg.part_types:
        return Origin(AUTOMATIC, "accusé de lecture")
    if (
        msg.content_type == "multipart/report"
        or "message/delivery-status" in msg.part_types
        or msg.from_addr.split("@")[0] in ("mailer-daemon", "postmaster")
        or (msg.return_path == "" and _AUTO_SUBJECT.match(msg.subject or ""))
    ):
        return Origin(BOUNCE, "avis de non-remise")
    auto = auto_submitted(msg.header("auto-submitted"))
    # "auto-forwarded": a person's mail passed on by a forwarding rule (an alias of the town hall):
    # it is still that person's mail; the addressing rule of RFC 3834 then decides whether to answer.
    if auto and auto not in ("no", "auto-forwarded"):
        # only a registered keyword is written down: any other is the sender's free text, and the ledger line of
        # an ignored message (and the journal) keeps none of what a sender wrote (README, Personal data)
        return Origin(AUTOMATIC, f"Auto-Submitted: {auto}" if auto in AUTO_SUBMITTED_KEYWORDS
                      else "Auto-Submitted (valeur non standard)")
    precedence = (msg.header("precedence") or msg.header("x-precedence")).strip().lower()
    if precedence in ("bulk", "list", "junk", "auto_reply"):
        return Origin(BULK if precedence != "auto_reply" else AUTOMATIC, f"Precedence: {precedence}")
    for name in ("x-autoreply", "x-autorespond", "x-autogenerated"):
        if msg.has_header(name):
            return Origin(AUTOMATIC, f"en-tête {name}")
    suppress = msg.header("x-auto-response-suppress").lower()
    if msg.has_header("x-ms-exchange-inbox-rules-loop") or (
        suppress and any(t in suppress for t in ("all", "oof", "autoreply"))
    ):
        return Origin(AUTOMATIC, "en-têtes de réponse automatique Exchange")
    if msg.has_header("x-loop"):
        return Origin(AUTOMATIC, "en-tête X-Loop")
    if msg.header("x-fc-machinegenerated").lower() == "true":
        return Origin(AUTOMATIC, "en-tête X-FC-Machinegenerated")
    for name in ("list-id", "list-unsubscribe", "list-post"):
        if msg.has_header(name):
            return Origin(BULK, f"liste de diffusion ou lettre d'information (en-tête {name})")
    if msg.header("x-spam-flag").strip().lower() == "yes":
        return Origin(BULK, "signalé comme indésirable (X-Spam-Flag)")
    if msg.from_addr in automatic:
        return Origin(AUTOMATIC, f"{ROBOT_ADDRESS} {msg.from_addr} (déclarée dans {AUTOMATIC_SENDERS})")
    if msg.from_addr and msg.from_addr != vouched and is_robot_address(msg.from_addr):
        return Origin(AUTOMATIC, f"{ROBOT_ADDRESS} {msg.from_addr}")
    if msg.return_path == "":
        return Origin(AUTOMATIC, "adresse de retour vide (<>)")
    if _AUTO_SUBJECT.match(msg.subject or ""):
        return Origin(AUTOMATIC, "objet de réponse automatique")  # never quote it: the ledger keeps no content
    if msg.from_addr in watched:
        return Origin(STAFF, f"écrit depuis l'adresse surveillée {msg.from_addr} (courriel du service)")
    if not msg.from_addr:
        return Origin(AUTOMATIC, UNREADABLE_SENDER)
    return Origin(PERSON, "écrit par une personne")


# RFC 3834 and the IANA registry of Auto-Submitted keywords (RFC 5436: auto-notified)
AUTO_SUBMITTED_KEYWORDS = ("auto-generated", "auto-replied", "auto-notified")
_COMMENT = re.compile(r"\([^()]*\)")


def auto_submitted(value: str) -> str:
    """The keyword of an Auto-Submitted field (RFC 3834: a keyword, then `;` parameters; comments in parentheses
    may stand anywhere): « auto-replied (zimbra; vacation) » is auto-replied, « no (a person) » is no."""
    for _ in range(3):  # comments may nest (a bounded number of passes: the header is attacker-controlled)
        value = _COMMENT.sub(" ", value)
    return (re.split(r"[;\s]", value.strip(), maxsplit=1)[0]).lower()
