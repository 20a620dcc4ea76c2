"""What staff read for the values the service stores: the one place that maps them to French words.

The values themselves (core/statuses.py, core/origin.py, the kinds of mail and of history line) never change:
the database stores them, `intake cases --json` prints them, templates compare them. Everything a person
reads (the command line's tables and lines, the console, the digest, `intake explain`, `intake stats`) shows
the label given here; a value without a label is shown as it is.

    status(s)        a case's status: "complete" -> "complet"
    decision(s)      a staff decision, as the decision form offers it
    fate(f)          what became of an incoming message: "ignored" -> "ignoré"
    mail_status(s)   a mail of the outbox: "failed" -> "en échec"
    mail(kind)       a kind of mail: "acknowledgement" -> "accusé de réception"
    event(kind)      a kind of history line: "piece" -> "pièce"
    origin(c)        who sent a message: "automatic" -> "expéditeur automatique"
    reason(text)     a ledger reason as staff read it ("automatic: ..." -> "expéditeur automatique : ..."), in plain
                     French: a limit of config.toml by what it limits, a mailbox's UID as "n° 12 sur le serveur"
    detail(kind, d)  a history line as staff read it ("complete (avant : incomplete) : ..." in French)
    path(p)          "incomplete > complete" -> "incomplet > complet"
    header(name)     a message's header as a mail program names it in French: "Subject" -> "Objet" (a technical one,
                     « Received », « DKIM-Signature », keeps its name)
    send_error(e)    a mail server's refusal, said first in French: "550 5.1.1 Mailbox unavailable" -> "adresse
                     inconnue chez le destinataire [...] (réponse du serveur : 550 5.1.1 Mailbox unavailable)"
"""

from __future__ import annotations

import re

from intake.core.french import agree, size
from intake.core.origin import AUTOMATIC, BOUNCE, BULK, OWN, PERSON, STAFF
from intake.core.statuses import (
    ADMISSIBLE,
    CANCELLED,
    COMPLETE,
    DECLINED,
    DUPLICATE,
    FAILED,
    FILED,
    HANDLED,
    HELD,
    IGNORED,
    INADMISSIBLE,
    INCOMPLETE,
    LABELLED,
    PENDING,
    QUARANTINED,
    REVIEW,
    SENDING,
    SENT,
    UNCERTAIN,
    WITHDRAWN,
)

STATUS_LABELS: dict[str, str] = {
    INCOMPLETE: "incomplet", COMPLETE: "complet", REVIEW: "à vérifier", ADMISSIBLE: "recevable",
    INADMISSIBLE: "irrecevable", LABELLED: "labellisé", DECLINED: "refusé", WITHDRAWN: "retiré",
    "merged": "fusionné",  # the statistics line a merged reference leaves (core/retention.MERGED)
}
# the digest's counts, one list separated by commas: "3 incomplets, 3 complets en attente de décision, 2 à vérifier"
# (a comma inside one, « 3 complets, en attente de décision », read as a fourth count)
STATUS_COUNTS: dict[str, tuple[str, str]] = {
    INCOMPLETE: ("incomplet", "incomplets"), COMPLETE: ("complet en attente de décision",
                                                       "complets en attente de décision"),
    REVIEW: ("à vérifier", "à vérifier"), ADMISSIBLE: ("recevable", "recevables"),
    INADMISSIBLE: ("irrecevable", "irrecevables"), LABELLED: ("labellisé", "labellisés"),
    DECLINED: ("refusé", "refusés"), WITHDRAWN: ("retiré", "retirés"),
}


def status_count(status: str, n: int) -> str:
    """The digest's label of `n` cases of a status, agreeing with it: 1 incomplet, 3 incomplets (0: singular)."""
    singular, plural = STATUS_COUNTS.get(status, (status, status))
    return agree(n, singular, plural)


DECISION_LABELS: dict[str, str] = {
    ADMISSIBLE: "recevable (examen par le jury)", INADMISSIBLE: "irrecevable", LABELLED: "labellisé",
    DECLINED: "non labellisé (refusé)", WITHDRAWN: "retiré par le demandeur",
    REVIEW: "à revoir (retour en vérification)",
}
FATE_LABELS: dict[str, str] = {FILED: "classé", IGNORED: "ignoré", DUPLICATE: "copie", QUARANTINED: "en quarantaine"}
MAIL_STATUS_LABELS: dict[str, str] = {
    PENDING: "en attente", SENDING: "en cours d'envoi", SENT: "envoyé", FAILED: "en échec",
    UNCERTAIN: "incertain (interrompu)", CANCELLED: "annulé", HANDLED: "traité par le service",
    HELD: "retenu pour le service"}
MAIL_LABELS: dict[str, str] = {
    "acknowledgement": "accusé de réception", "update": "accusé des nouvelles pièces",
    "completion": "avis de dossier complet", "reminder": "relance", "digest": "récapitulatif du service",
    "signin": "lien de connexion à la console"}
ORIGIN_LABELS: dict[str, str] = {
    OWN: "notre propre courriel", BOUNCE: "avis de non-remise", AUTOMATIC: "expéditeur automatique",
    BULK: "envoi en nombre", STAFF: "courrier interne", PERSON: "courriel d'une personne"}
EVENT_LABELS: dict[str, str] = {  # the case history's kinds of line
    "received": "réception", "added": "pièces ajoutées à la main", "message": "message", "copy": "copie",
    "status": "statut", "piece": "pièce", "removed": "pièce retirée",
    "piece-again": "pièce déjà reçue", "skipped": "écarté", "fields": "champs lus", "field": "champ corrigé",
    "attention": "à voir", "seen": "vu", "automatic": "message automatique", "bounce": "non-remise",
    "bounce-linked": "non-remise", "delivered": "avis de remise", "mail-queued": "courriel prêt",
    "mail-sent": "courriel envoyé",
    "mail-pending": "envoi à réessayer", "mail-failed": "envoi en échec", "mail-cancelled": "envoi annulé",
    "send-uncertain": "envoi incertain", "send-interrupted": "envoi interrompu", "no-mail": "pas de courriel",
    "decision": "décision", "correction": "correction", "reminder": "relance",
    "reminder-dropped": "relance non envoyée", "note": "note", "merge": "fusion", "merged": "fusion",
    "message-moved": "message déplacé", "mail-resend": "renvoi demandé",
    "mail-readdressed": "envoyé à l'adresse confirmée",
    "mail-handled": "envoi traité à la main", "mail-held": "courriel retenu", "retry": "nouvel essai",
    "retried": "repris de la quarantaine",
    "cited": "cité par un tiers", "unlinked": "lien retiré", "address": "adresse", "received-date": "date de réception",
    "filed-anyway": "enregistré malgré les limites",
}


# the headers a mail program shows, by their French names (any other is technical: shown by its own name)
HEADER_LABELS = {
    "from": "De", "to": "À", "cc": "Cc", "bcc": "Cci", "reply-to": "Répondre à", "date": "Date", "subject": "Objet",
    "sender": "Expéditeur", "return-path": "Adresse de retour", "in-reply-to": "En réponse à",
    "references": "Références", "received": "Reçu", "message-id": "Message-ID", "mime-version": "Version MIME",
    "content-type": "Type de contenu", "content-transfer-encoding": "Encodage du contenu",
    "content-disposition": "Disposition du contenu", "content-language": "Langue", "importance": "Importance",
    "priority": "Priorité", "disposition-notification-to": "Accusé de lecture demandé à",
    "delivered-to": "Remis à", "resent-from": "Réexpédié par", "resent-to": "Réexpédié à",
    "resent-date": "Date de réexpédition", "auto-submitted": "Envoi automatique",
}


# what some technical header values mean, for staff (the value itself stays, in brackets, for whoever searches it)
HEADER_VALUE_LABELS = {
    "auto-submitted": {"auto-generated": "oui, envoyé par un programme", "auto-replied": "oui, réponse automatique",
                       "auto-notified": "oui, notification automatique", "no": "non"},
}


def header(name: str) -> str:
    return HEADER_LABELS.get(name.strip().lower(), name)


def header_value(name: str, value: str) -> str:
    """`Auto-Submitted: auto-generated` -> `oui, envoyé par un programme (auto-generated)`; any other value as it is."""
    meaning = HEADER_VALUE_LABELS.get(name.strip().lower(), {}).get(value.strip().split(";")[0].strip().lower())
    return f"{meaning} ({value.strip()})" if meaning else value


def status(value: str) -> str:
    return STATUS_LABELS.get(value, value)


def decision(value: str) -> str:
    return DECISION_LABELS.get(value, status(value))


def fate(value: str) -> str:
    return FATE_LABELS.get(value, value)


def mail_status(value: str) -> str:
    return MAIL_STATUS_LABELS.get(value, value)


def mail(kind: str) -> str:
    """A kind of mail: decision/STATUS -> "avis de décision (recevable)"."""
    if kind.startswith("decision/"):
        return f"avis de décision ({status(kind.split('/', 1)[1])})"
    return MAIL_LABELS.get(kind, kind)


FEMININE_MAILS = frozenset({"reminder"})  # « une relance »: « relance envoyée », not « envoyé »


def agreed(kind: str, participle: str) -> str:
    """`participle` (« envoyé », « refusé ») agreed with the French name of a kind of mail (labels.mail)."""
    return participle + "e" if kind in FEMININE_MAILS else participle


def event(kind: str) -> str:
    return EVENT_LABELS.get(kind, kind)


def origin(category: str) -> str:
    return ORIGIN_LABELS.get(category, category)


_STATUS_WORD = "|".join(sorted(map(re.escape, STATUS_LABELS), key=len, reverse=True))
_STATUS_LINE = re.compile(rf"^({_STATUS_WORD})(?= |$)(?: \(avant : ({_STATUS_WORD})\))?")
_REASON = re.compile(rf"^({'|'.join(ORIGIN_LABELS)}): ")
_NOTICE = re.compile(r"avis de décision \((\w+)\)")


def detail(kind: str, text: str) -> str:
    """A history line as staff read it. Lines are stored as written (`complete (avant : incomplete) : ...`:
    other code reads them); the status words they start with are shown in French."""
    if kind in ("status", "decision"):
        found = _STATUS_LINE.match(text)
        if found:
            now, before = found.group(1), found.group(2)
            text = status(now) + (f" (avant : {status(before)})" if before else "") + text[found.end():]
    return _NOTICE.sub(lambda m: f"avis de décision ({status(m.group(1))})", reason(text))


def reason(text: str) -> str:
    """A ledger reason as staff read it: `automatic: ...` -> `expéditeur automatique : ...`, in plain French
    (`plain`)."""
    return plain(_REASON.sub(lambda m: f"{origin(m.group(1))} : ", text, count=1))


# What each limit of config.toml that a stored reason names limits, as staff read it. Reasons are stored naming
# the setting (`[limits] max_parts`): the logs and the admin's tools keep that name, code finds reasons by it
# (decide.set_aside_by_cap), and reasons stored before keep showing well; staff read what the limit is about.
LIMITS: dict[str, str] = {
    "max_parts": "du nombre de parties (textes et fichiers) d'un message",
    "max_header_bytes": "de la taille des en-têtes d'un message",
    "max_attachments": "du nombre de fichiers d'un message",
    "max_unpacked_bytes": "de la taille des archives une fois décompressées",
    "read_seconds": "du temps de lecture d'un message",
    "quarantine_bytes": "de la place de la quarantaine",
    "min_free_bytes": "de l'espace disque à garder libre",
    "cases_per_sender_per_day": "du nombre de nouveaux dossiers par expéditeur en 24 heures",
    "cases_per_robot_per_day": "du nombre de nouveaux dossiers par expéditeur automatique (formulaire du site...) en "
                               "24 heures",
    "cases_per_domain_per_day": "du nombre de nouveaux dossiers des adresses d'un même domaine en 24 heures",
    "max_message_bytes": "de la taille d'un message",
    "bytes_per_sender_per_day": "du volume de fichiers qu'un expéditeur non authentifié peut ajouter en 24 heures "
                                "(en octets)",
    "bytes_per_domain_per_day": "du volume de fichiers que les adresses non authentifiées d'un même domaine peuvent "
                                "ajouter ensemble en 24 heures (en octets)",
    "unauthenticated_cases_per_day": "du nombre de nouveaux dossiers de tous les expéditeurs non authentifiés ensemble "
                                     "en 24 heures",
    "unauthenticated_bytes_per_day": "du volume de fichiers que tous les expéditeurs non authentifiés peuvent ajouter "
                                     "ensemble en 24 heures (en octets)",
    "bytes_per_authenticated_sender_per_day": "du volume de fichiers qu'un expéditeur, même authentifié, peut "
                                              "ajouter en 24 heures (en octets)",
    "bytes_per_authenticated_domain_per_day": "du volume de fichiers que les adresses authentifiées d'un même domaine "
                                              "peuvent ajouter ensemble en 24 heures (en octets)",
    "read_seconds_per_sender_per_day": "du temps de lecture des fichiers d'un expéditeur par jour (en secondes)",
    "read_seconds_per_domain_per_day": "du temps de lecture des fichiers des adresses d'un même domaine par jour "
                                       "(en secondes)",
    "unauthenticated_read_seconds_per_day": "du temps de lecture des fichiers de tous les expéditeurs non "
                                            "authentifiés ensemble par jour (en secondes)",
    "unauthenticated_read_seconds_per_network_per_day": "du temps de lecture des fichiers des expéditeurs non "
                                                        "authentifiés d'un même réseau ensemble par jour (en secondes)",
}


def _limit(key: str) -> str:
    return f"limite {LIMITS[key]} fixée par l'administrateur" if key in LIMITS else "limite fixée par l'administrateur"


_PLAIN: tuple[tuple[re.Pattern[str], object], ...] = (
    # "3 fichiers joints, plus que la limite de 2 ([limits] max_attachments)"
    (re.compile(r"la limite de ([\d\u00a0\u202f ]+) \(\[limits\] (\w+)\)"),
     lambda m: f"la limite de {m.group(1)} fixée par l'administrateur"),
    # "(plafond : [limits] cases_per_sender_per_day = 5)"
    (re.compile(r"\[limits\] (\w+) = (\d+)"), lambda m: f"{_limit(m.group(1))} : {m.group(2)}"),
    # "limite [limits] max_parts", "([limits] read_seconds)", "moins que [limits] min_free_bytes (1 Go)"
    (re.compile(r"(?:la )?limite \[limits\] (\w+)"), lambda m: _limit(m.group(1))),
    (re.compile(r"\[limits\] (\w+)"), lambda m: f"la {_limit(m.group(1))}"),
    # "message de 60000000 octets, plus que max_message_bytes (52428800)"
    (re.compile(r"message de (\d+) octets, plus que max_message_bytes \((\d+)\)"),
     lambda m: f"message de {size(int(m.group(1)))}, plus que la {_limit('max_message_bytes')} "
               f"({size(int(m.group(2)))})"),
    # "reçu avant la date de départ (since = 2026-11-01)"
    (re.compile(r"\(since = (\d{4})-(\d\d)-(\d\d)\)"),
     lambda m: f"du {m.group(3)}/{m.group(2)}/{m.group(1)} : la boîte n'est lue qu'à partir de cette date"),
    # a mailbox's UID, which no mail program shows: "(UID 12, classé)", "boîte nb, UID 12"; not "message n° 12",
    # which staff read as the quarantine's or a case's own numbers, the ones commands take
    (re.compile(r"\bUID (\d+)"), lambda m: f"n° {m.group(1)} sur le serveur"),
    # a mailbox's folder: "(dossier INBOX, UID 42)" stored; a « dossier » is a case to staff, INBOX is IMAP's word
    (re.compile(r"\(dossier INBOX, "), lambda m: "(boîte de réception, "),
    (re.compile(r"\(dossier ([^,()«»]+), (?=n° |UID )"), lambda m: f"(répertoire « {m.group(1)} », "),
)


def plain(text: str) -> str:
    """Stored or logged wording that names a setting or an IMAP UID, as staff read it:
    `plus de 1000 parties MIME : limite [limits] max_parts` -> `... : limite du nombre de parties (textes et
    fichiers) d'un message fixée par l'administrateur`; `boîte nb (UID 12, classé)` -> `boîte nb (n° 12 sur le
    serveur, classé)`. Text without them is returned as it is."""
    if ("[limits]" not in text and "UID" not in text and "max_message_bytes" not in text and "since =" not in text
            and "(dossier " not in text):
        return text
    for pattern, replace in _PLAIN:
        text = pattern.sub(replace, text)  # type: ignore[call-overload]
    return text


def path(value: str) -> str:
    """`incomplete > complete > labelled` -> `incomplet > complet > labellisé`."""
    return " > ".join(status(s) for s in value.split(" > ")) if value else value


# A mail server's refusal (the outbox's last error: `550 5.1.1 Mailbox unavailable`, in the server's English) as
# staff read it: what it means and what to do first, the server's words kept after it for the admin. By the
# enhanced status code (RFC 3463) when there is one, else by the reply code (RFC 5321).
_SMTP_REPLY = re.compile(r"^([245])(\d\d)[ -](?:([245])\.(\d{1,3})\.(\d{1,3})\b)?")
_SMTP_MEANING: tuple[tuple[str, str], ...] = (  # (the enhanced code's subject.detail or a prefix of it, meaning)
    ("1.1", "adresse inconnue chez le destinataire : vérifiez-la (faute de frappe ?) ou demandez-en une autre"),
    ("1.2", "domaine de l'adresse introuvable : vérifiez ce qui suit le @ (faute de frappe ?)"),
    ("1.10", "adresse inconnue chez le destinataire : vérifiez-la (faute de frappe ?) ou demandez-en une autre"),
    ("2.1", "boîte du destinataire désactivée : demandez-lui une autre adresse"),
    ("2.2", "boîte du destinataire pleine : il doit la vider, puis envoyez à nouveau"),
    ("3.4", "courriel trop gros pour le serveur du destinataire"),
    ("2.3", "courriel trop gros pour le serveur du destinataire"),
    ("7.", "refusé par le serveur du destinataire (filtre anti-spam ou règle de sécurité) : prévenez "
           "l'administrateur"),
)


def send_error(text: str) -> str:
    """A mail server's refusal as staff read it: « adresse inconnue chez le destinataire : vérifiez-la [...]
    (réponse du serveur : 550 5.1.1 Mailbox unavailable) ». Text that is no server reply (already French: held,
    interrupted, a bounce's summary) is returned as it is."""
    found = _SMTP_REPLY.match(text or "")
    if not found:
        return text
    temporary = found.group(1) == "4"
    detail = f"{found.group(4)}.{found.group(5)}" if found.group(3) else ""
    meaning = next((m for code, m in _SMTP_MEANING if detail == code or (code.endswith(".") and
                                                                      detail.startswith(code))), "")
    if not meaning:
        meaning = ("refus temporaire du serveur du destinataire : le service réessaie" if temporary
                   else "refusé par le serveur du destinataire")
    elif temporary:
        meaning = f"{meaning} (refus temporaire)"
    return f"{meaning} (réponse du serveur : {text})"
