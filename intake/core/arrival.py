"""The fate of a message that is not (or cannot be) read and decided: received before `since`, over the
size limit, refused by the server, unreadable, over [limits], a reading process lost, or a bug while it
was handled. Each is a `Decision` (core/context.py) with no effect but its ledger line; a quarantined
message keeps its raw bytes for staff, when they came (core/retention.py `keeps_content`) and within the
quarantine's budget (core/quarantine_space.py).

Pure: what the poller knows of the message in, the decision out (intake/pipeline/ingest.py records it).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from intake.core.context import Decision
from intake.core.origin import BOUNCE, BULK, OWN, Origin
from intake.core.quarantine_space import RAW_KEPT, quarantined_for
from intake.core.statuses import IGNORED, QUARANTINED


def before_reading(received_at: datetime, since: datetime, size: int, fetched: bool, max_bytes: int
                   ) -> Decision | None:
    """A message received before `since` is ignored; one over max_message_bytes (not downloaded: `fetched`
    False) stays in the mailbox for staff; None: read it."""
    if received_at < since:
        return Decision(IGNORED, f"reçu avant la date de départ (since = {since.date()})")
    if not fetched:
        return Decision(QUARANTINED, f"message de {size} octets, plus que max_message_bytes ({max_bytes}) : "
                                     "laissé dans la boîte pour le service")
    return None


def unavailable(why: str) -> Decision:
    """The server answers, but will not give this one message."""
    return Decision(QUARANTINED, f"le serveur ne donne pas ce message ({why}) : il reste dans la boîte, à voir par "
                                 "le service")


# How the reasons of messages set aside for a limit begin: staff may file such a message anyway, with the
# limits lifted (intake/commands/quarantine.py `file_anyway`).
OVER_LIMITS = "au-delà des limites"
NOT_READ = "lecture impossible"  # a reading process lost: often the reading time ([limits] read_seconds)


def set_aside_for_a_limit(reason: str) -> bool:
    """Whether a quarantined message's reason (under what core/quarantine_space.py `without_content` said of its
    bytes) says it was set aside for a limit."""
    return quarantined_for(reason).startswith((OVER_LIMITS, NOT_READ))


# What a reading process says when taking a message apart (its MIME structure, before any file is read) ran out of
# [limits] read_seconds, or killed the process (adapters/readers.py `ReaderPool.parse`).
PARSE_OUT_OF_TIME = "analyse du message interrompue"
PARSE_DIED = "le processus qui analysait le message s'est arrêté"


def parse_out_of_time(seconds: float) -> str:
    return f"{PARSE_OUT_OF_TIME} après {seconds:.0f} s ([limits] read_seconds)"


def files_taken_apart(reason: str) -> bool:
    """Whether the console may take a quarantined message apart to list and serve its files (« Fichiers joints »):
    not when taking it apart is what set it aside, ran out of time or killed its reading process. Each view of its
    page would do the same again: up to read_seconds (3 minutes) of a processor and a page that hangs, at every
    click, for a message an outsider shaped for it. Its .eml is still downloaded; « Enregistrer malgré les limites »
    reads it with the limits lifted, once."""
    said = quarantined_for(reason)
    return not (said.startswith((OVER_LIMITS, NOT_READ)) and (PARSE_OUT_OF_TIME in said or PARSE_DIED in said))


UNREADABLE_SENDER_FILES = "expéditeur illisible alors que le message porte des documents"  # core/decide.py


def sender_unreadable(reason: str) -> bool:
    """Whether a quarantined message was set aside because its sender could not be read while it brings files:
    staff may look at its files and file it themselves, with an address they give (or none)."""
    return quarantined_for(reason).startswith(UNREADABLE_SENDER_FILES)


def may_file_anyway(reason: str, kept: bool) -> bool:
    """Whether staff may file the message with the limits lifted (« Enregistrer malgré les limites »): it was set
    aside for a limit, and its bytes are kept, so that staff could look at it (headers, parts, text, .eml) before
    lifting the limits for it. A message not kept shows nothing but its sender and subject, both written by whoever
    sent it: « Traiter à nouveau » reads it again from its mailbox first, and keeps it if room was made."""
    return kept and set_aside_for_a_limit(reason)


def over_limits(problem: str) -> Decision:
    return Decision(QUARANTINED, f"{OVER_LIMITS} : {problem} ; {RAW_KEPT}")


def not_read_whole(set_aside: Decision, origin: Origin | None) -> Decision:
    """A message over [limits], or whose reading was lost, before it was read whole: `set_aside` (quarantined,
    its raw bytes kept for staff), unless its headers alone (`origin`: core/origin.py) say it is mail ignored
    whatever it carries, our own mail back, a list or a newsletter, a bounce: then its ledger line, nothing kept
    (a colleague's own mail is not known by its headers alone: a forward of an application looks the same)."""
    if origin is None or origin.category not in (OWN, BULK, BOUNCE):
        return set_aside
    why = set_aside.reason.split(" ; ")[0]  # "au-delà des limites : 1 200 parties MIME..."
    return Decision(IGNORED, f"{origin.category}: {origin.reason} ; non lu en entier ({why})", origin=origin)


def reader_lost(problem: str) -> Decision:
    return Decision(QUARANTINED, f"{NOT_READ} : {problem} ; {RAW_KEPT}")


def unreadable(problem: str) -> Decision:
    return Decision(QUARANTINED, f"illisible : {problem}")


ERROR_TEXT = "texte de l'erreur"
ERROR_TEXT_GONE = f"[{ERROR_TEXT} effacé avec le contenu du message]"
_ERROR_TEXT = re.compile(rf"\[{ERROR_TEXT} : [^\]]*(?:\]|$)")
MAX_ERROR_TEXT = 1000  # characters of an exception's text kept (the row's reason holds 2,000)


def problem(kind: str, text: str) -> str:
    """An exception on one message as its ledger row's reason says it, for staff: its type, then its text in
    brackets (« KeyError [texte de l'erreur : 'Potager partagé'] »). Python's texts quote what the code held (a
    subject, a file's name): the text goes with the message's content (`without_error_text`), the type stays."""
    text = text.replace("]", ")")[:MAX_ERROR_TEXT]
    return f"{kind} [{ERROR_TEXT} : {text}]" if text else kind


def without_error_text(reason: str) -> str:
    """`reason` without the exception's text `problem` put in it (cut or not): what stays of it once the message's
    content is released (the `quarantaine` rule, a dismissal)."""
    return _ERROR_TEXT.sub(ERROR_TEXT_GONE, reason)


def internal_error(problem: str) -> Decision:
    """A bug on this one message: set aside, so that it never blocks the mailbox."""
    return Decision(QUARANTINED, f"erreur interne pendant son traitement : {problem}")


TEMPLATE_FAILED = "modèle de courriel en erreur"


def template_failed(problem: str) -> Decision:
    """A mail template failed on this message's values (`problem`: the file, its line and what went wrong, as
    `intake rules check` says it): nothing was filed nor sent for it; it is set aside, its bytes kept, so that the
    mailbox's poll goes on, and is handled again once the admin fixed the template."""
    return Decision(QUARANTINED, f"{TEMPLATE_FAILED} : {problem} ; rien n'a été enregistré ni envoyé pour ce "
                                 "message : faites corriger le modèle par l'administrateur (intake rules check), puis "
                                 f"« Traiter à nouveau » ce message ; {RAW_KEPT}")


def retried_note(by: str, on: date) -> str:
    """What a quarantined message's ledger line and case history say when staff had it handled again."""
    return f"nouvel essai demandé par {by} le {on:%d/%m/%Y}"
