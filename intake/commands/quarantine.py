"""Quarantined messages: list them, show one (headers and parts, as text), try one again, file one anyway with
the limits lifted, hand over its raw bytes (.eml), dismiss one. What a retry or a filing queued is sent at once
(`retry_and_send`, `file_anyway_and_send`: the command line and the console both call them).

Everything works on the ledger row (`inbound`, fate `quarantined`) and the raw bytes stored when the message
was fetched; those of a message quarantined without them (the quarantine full) are fetched again from its mailbox,
where intake never deletes anything (`_bytes_of`). A retry runs the poller's own path on those bytes
(`ingest.handle_raw`), so a message quarantined by a limit or a bug is filed, ignored or quarantined again exactly
as a new one would be, under the rules in force now. A dismissal records who and why, and turns the message into
an ignored one. Either way a message that ends up not filed keeps no content (GDPR minimisation): its stored bytes
and subject are deleted, its ledger line stays (forget.release_content).
Showing a message never runs or renders anything in it: it is taken apart as text, within limits, in a reading
process within a time limit (commands/message_text.py `taken_apart_in_time`: past it, staff are told why and take
its .eml), and its sender and subject are read from its headers alone when the message could not be read as a whole.
A message set aside for a limit ([limits]: parts, attachments, reading time, cases its sender opened in 24 hours)
may be filed anyway: staff looked at it (so its bytes must be kept: one not kept is retried first), and it goes
through the same path with the limits lifted (LIFT times higher, no cap on new cases) for that message only.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from intake.app import App
from intake.commands.message_text import (
    NOT_SHOWN_ERRORS,
    Part,
    parsed_as_polled,
    safe_text,
    taken_apart_in_time,
    view_seconds,
    why_not_shown,
)
from intake.config import Mailbox
from intake.core import labels
from intake.core.arrival import files_taken_apart, may_file_anyway, set_aside_for_a_limit
from intake.core.copykey import same_message
from intake.core.french import size
from intake.core.headline import MAX_HEAD, sender_and_subject
from intake.core.quarantine_space import was_not_kept, what_to_do
from intake.core.statuses import IGNORED, QUARANTINED
from intake.errors import IntakeError, MailboxError, MessageUnavailable, UsageError
from intake.store import cases, ledger
from intake.store.database import session
from intake.store.deletion import empty_trash, release_content
from intake.store.tables import Inbound

if TYPE_CHECKING:
    from intake.pipeline.send import SendReport

log = logging.getLogger("intake.quarantine")

LIFT = 10  # "file anyway": [limits] max_parts, max_header_bytes and max_attachments this many times higher for it
LIFT_SECONDS = 3  # and read_seconds this many times longer


@dataclass(frozen=True)
class Quarantined:
    id: int
    mailbox: str
    folder: str
    uid: int
    received_at: datetime
    from_addr: str
    subject: str
    reason: str
    size: int
    raw_kept: bool  # the raw bytes are stored: it can be shown and retried
    over_limits: bool = False  # set aside for a limit, its bytes kept: it can be filed anyway, the limits lifted
    read_at: datetime | None = None  # when the service read it: its ledger line's retention counts from then


@dataclass(frozen=True)
class Shown:
    message: Quarantined
    headers: tuple[tuple[str, str], ...]
    parts: tuple[Part, ...]
    note: str  # why something is not shown ("" : everything is)
    # why nothing of it is shown, though its bytes are kept (taking it apart ran out of time, or its reading process
    # stopped: message_text.py `why_not_shown`): staff take its .eml; "" when it is shown
    not_shown: str = ""


@dataclass(frozen=True)
class Retried:
    id: int
    fate: str  # filed | ignored | duplicate | quarantined
    reason: str
    reference: str  # the case it joined or opened, "" if none


def list_quarantined(app: App) -> list[Quarantined]:
    """The quarantined messages, oldest first."""
    with session(app.engine) as s:
        return [_view(app, r) for r in ledger.quarantined(s)]


def first_quarantined(app: App, limit: int) -> tuple[list[Quarantined], int]:
    """The `limit` oldest quarantined messages (the console's page, during a flood) and how many there are."""
    with session(app.engine) as s:
        rows, total = ledger.quarantined_first(s, limit)
        return [_view(app, r) for r in rows], total


def space(app: App) -> str:
    """How much of its byte budget the quarantine holds, in French ([limits] quarantine_bytes)."""
    with session(app.engine) as s:
        held = ledger.quarantine_held(s).total
    budget = app.settings.limits.quarantine_bytes
    return (f"place prise : {size(held)} sur {size(budget)} ({held * 100 // budget} %, limite fixée par "
            "l'administrateur)")


def show(app: App, message_id: int, slot: AbstractContextManager | None = None) -> Shown:
    """The message's headers and parts as text (message_text.py `taken_apart`), made in a reading process within
    `view_seconds`, once `slot` is taken (the console's: a few reading processes at once), never in this process: a
    quarantined message is the suspect kind, and 45 MB of bare line ends held the console 7 s at each view."""
    with session(app.engine) as s:
        row = _row(s, message_id)
    view = _view(app, row)
    if not view.raw_kept:
        return Shown(view, (), (), _why_no_bytes(app, row))
    try:
        raw = app.blobs.get(row.raw_sha256)
    except OSError:  # its bytes deleted meanwhile (a purge)
        return Shown(dataclasses.replace(view, raw_kept=False), (), (), _why_no_bytes(app, row))
    try:
        with slot or nullcontext():
            return Shown(view, *taken_apart_in_time(app, raw))
    except NOT_SHOWN_ERRORS as exc:
        log.warning("quarantined message #%s not shown: %s: %s", message_id, type(exc).__name__, exc)
        return Shown(view, (), (), "", not_shown=why_not_shown(exc))


RETRY_WAIT = 120  # seconds a retry waits for another one to end (a message's reading is bounded: read_seconds)


def retry(app: App, message_id: int, actor: str) -> Retried:
    """Run the message through the poller's path again (after a rules change or a fix).

    One retry at a time (one lock for all: a lock per message left a lock file per message retried), and only
    while the message is still in quarantine: four clicks at once on « Enregistrer malgré les limites » each
    read it as quarantined and filed it, four cases of one message. The later clicks wait for the first, then
    find it filed."""
    with app.locks.exclusive("quarantine-retry", wait=RETRY_WAIT) as taken:
        if not taken:
            raise IntakeError(f"message n° {message_id} : un autre essai de message est en cours depuis plus de "
                              f"{RETRY_WAIT} s ; rechargez la page dans un instant")
        return _retry(app, message_id, actor)


def _retry(app: App, message_id: int, actor: str) -> Retried:
    from intake.pipeline.ingest import handle_raw

    with session(app.engine) as s:
        row = _row(s, message_id)
    mailbox = _mailbox(app, row)
    raw = _bytes_of(app, row, mailbox)
    again = Inbound(**row.model_dump())
    again.fate, again.reason, again.rules_version = QUARANTINED, "", app.rules.version
    fate = handle_raw(app, mailbox, again, raw, f"[{mailbox.state_key}] UID {row.uid} (nouvel essai)", by=actor)
    empty_trash(app.engine, app.blobs, app.locks, wait=30)  # not filed after all: its bytes were let go of
    with session(app.engine) as s:
        row = _any_row(s, message_id)
        reference = cases.references(s, [row.case_id]).get(row.case_id or 0, "")
    log.info("quarantined message #%s retried by %s: %s", message_id, actor, fate)
    return Retried(message_id, fate, row.reason, reference)


def file_anyway(app: App, message_id: int, actor: str) -> Retried:
    """A message set aside for a limit, that staff looked at: handled again with [limits] lifted for it alone
    (max_parts, max_header_bytes and max_attachments LIFT times, read_seconds LIFT_SECONDS times); recorded with
    who asked."""
    with session(app.engine) as s:
        row = _row(s, message_id)
    if not set_aside_for_a_limit(row.reason):
        raise IntakeError(f"message n° {message_id} : il n'a pas été mis de côté pour une limite ({row.reason}) ; "
                          "« traiter à nouveau » le repasse tel quel")
    if not _view(app, row).over_limits:
        raise IntakeError(f"message n° {message_id} : son contenu n'a pas été gardé ici, personne n'a donc pu le "
                          f"regarder ; « Traiter à nouveau » (intake quarantine retry {message_id}) le relit dans sa "
                          "boîte : de nouveau mis de côté, il est gardé si la place a été libérée (en écartant des "
                          "messages de la quarantaine) ; regardez-le alors, puis enregistrez-le malgré les limites")
    limits = app.settings.limits
    lifted = dataclasses.replace(limits, max_parts=limits.max_parts * LIFT,
                                 max_header_bytes=limits.max_header_bytes * LIFT,
                                 max_attachments=limits.max_attachments * LIFT,
                                 read_seconds=limits.read_seconds * LIFT_SECONDS, cases_per_sender_per_day=0,
                                 cases_per_domain_per_day=0, bytes_per_sender_per_day=0, bytes_per_domain_per_day=0,
                                 unauthenticated_bytes_per_day=0, unauthenticated_cases_per_day=0,
                                 bytes_per_authenticated_sender_per_day=0,
                                 bytes_per_authenticated_domain_per_day=0)
    done = retry(dataclasses.replace(app, settings=dataclasses.replace(app.settings, limits=lifted)), message_id,
                 actor)
    note = (f"limites levées pour ce message par {actor} (parties {lifted.max_parts}, en-têtes "
            f"{size(lifted.max_header_bytes)}, fichiers {lifted.max_attachments}, lecture {lifted.read_seconds} s, "
            "sans plafond de nouveaux dossiers ni de volume de fichiers, par expéditeur, par domaine ni en tout)")
    with session(app.engine) as s:
        row = _any_row(s, message_id)
        row.reason = f"{row.reason} ; {note}"[:2000]
        ledger.save(s, row)
        if row.case_id:
            cases.add_event(s, row.case_id, app.clock(), "filed-anyway", f"message de {row.from_addr or '?'} : "
                            f"{note}", actor)
        s.commit()
    log.info("quarantined message #%s filed anyway by %s: %s", message_id, actor, done.fate)
    return Retried(done.id, done.fate, row.reason, done.reference)


@dataclass(frozen=True)
class QuarantinedFile:
    number: int  # its place among the message's files, from 1
    filename: str  # named for what it is (core/filenames.py `safe_name`), never a path
    detected_type: str  # from its bytes
    size: int


def files_of(app: App, message_id: int, slot: AbstractContextManager | None = None) -> list[QuarantinedFile]:
    """The files a quarantined message brings (its attachments, as the mail path takes them apart), to look at
    before filing it by hand; [] when its bytes are not kept or it cannot be taken apart within `view_seconds`
    (`slot`: as `show`)."""
    try:
        with slot or nullcontext():
            return [f for f, _ in _files(app, message_id, view_seconds(app))]
    except IntakeError:
        return []


def file_of(app: App, message_id: int, number: int, slot: AbstractContextManager | None = None
            ) -> tuple[QuarantinedFile, bytes]:
    """One file of a quarantined message, by its number (`files_of`), with its bytes. With a `slot` (the console's:
    as `files_of`), the message is taken apart once it is taken, within `view_seconds`: each download read the
    message again in a reading process of its own, outside the console's few, for up to [limits] read_seconds."""
    with slot or nullcontext():
        files = _files(app, message_id, view_seconds(app) if slot is not None else None)
    for found, content in files:
        if found.number == number:
            return found, content
    raise IntakeError(f"message n° {message_id} : pas de fichier n° {number}")


def _files(app: App, message_id: int, seconds: float | None = None) -> list[tuple[QuarantinedFile, bytes]]:
    from intake.core.filenames import safe_name
    from intake.core.sniff import detect_type
    from intake.errors import ParseError

    with session(app.engine) as s:
        row = _row(s, message_id)
    if not files_taken_apart(row.reason):
        raise IntakeError(f"message n° {message_id} : ses fichiers ne sont pas extraits, son analyse a déjà dépassé "
                          "les limites ; téléchargez le message (.eml)")
    _, raw = raw_message(app, message_id)
    try:
        msg = parsed_as_polled(app, raw, row.raw_sha256, seconds)
    except (*NOT_SHOWN_ERRORS, ParseError) as exc:
        raise IntakeError(f"message n° {message_id} : ses fichiers ne se lisent pas ({exc})") from None
    out = []
    for n, att in enumerate(msg.attachments, 1):
        kind = detect_type(att.content)
        out.append((QuarantinedFile(n, safe_name(safe_text(att.filename) or f"fichier-{n}", kind), kind,
                                    len(att.content)), att.content))
    return out


def file_by_hand(app: App, message_id: int, applicant: str, actor: str) -> Retried:
    """A message quarantined because its sender could not be read (core/arrival.py `sender_unreadable`), filed by
    staff as a new case: its files read as a mail's, `applicant` the address staff give ("" : nobody is written
    to), sent the acknowledgement; the message joins the case. One at a time with the other retries: two clicks
    at once file it once."""
    from intake.commands.staff import changing, own_addresses
    from intake.core import addresses
    from intake.core.arrival import sender_unreadable
    from intake.core.casework import from_quarantine
    from intake.core.headers import is_address, normal_address
    from intake.core.statuses import FILED
    from intake.pipeline.apply import carry_out
    from intake.pipeline.read import read_parsed

    applicant = normal_address(applicant)
    if applicant and not is_address(applicant):
        raise UsageError(f"« {applicant} » n'est pas une adresse électronique ; corrigez-la, ou laissez le champ vide "
                         "pour n'écrire à personne")
    ours = addresses.ours(applicant, own_addresses(app))
    if ours:
        raise UsageError(ours)
    with app.locks.exclusive("quarantine-retry", wait=RETRY_WAIT) as taken:
        if not taken:
            raise IntakeError(f"message n° {message_id} : un autre essai de message est en cours depuis plus de "
                              f"{RETRY_WAIT} s ; rechargez la page dans un instant")
        with session(app.engine) as s:
            row = _row(s, message_id)
        if not sender_unreadable(row.reason):
            raise IntakeError(f"message n° {message_id} : son expéditeur a été lu ({row.reason}) ; « Traiter à "
                              "nouveau » le repasse tel quel")
        _, raw = raw_message(app, message_id)
        msg = parsed_as_polled(app, raw, row.raw_sha256)
        reading = read_parsed(msg, app.rules)
        mailbox = _mailbox(app, row)
        with changing(app) as s:
            row = _row(s, message_id)  # still in quarantine: nobody filed or dismissed it meanwhile
            a, effects = from_quarantine(reading.verdicts, reading.fields, app.rules, applicant=applicant,
                                         title=safe_text(msg.subject or row.subject), reply_from=mailbox.address,
                                         received_at=row.internal_date, message_id=message_id, actor=actor)
            row.fate = FILED
            row.reason = (f"{row.reason} ; enregistré par {actor}"
                          + (f", adresse du demandeur : {applicant}" if applicant else ", sans adresse"))[:2000]
            done = carry_out(app, s, effects, inbound=row, actor=actor)
            s.commit()
            reference = done.case.reference if done.case is not None else ""
    log.info("quarantined message #%s (unreadable sender) filed by %s as %s", message_id, actor, reference)
    return Retried(message_id, FILED, a.reason, reference)


def raw_message(app: App, message_id: int) -> tuple[Quarantined, bytes]:
    """The message as it came (to save as .eml and open in a mail program)."""
    with session(app.engine) as s:
        row = _row(s, message_id)
    if not row.raw_sha256:
        raise IntakeError(f"message n° {message_id} : {_why_no_bytes(app, row)}")
    try:
        return _view(app, row), app.blobs.get(row.raw_sha256)
    except OSError:
        raise IntakeError(f"message n° {message_id} : ses octets ne sont plus conservés ; il reste dans la boîte "
                          f"{row.mailbox} (n° {row.uid} sur le serveur)") from None


def _bytes_of(app: App, row: Inbound, mailbox: Mailbox) -> bytes:
    """The message's stored bytes; when they were not kept (the quarantine was full), or are gone, fetched again
    from its mailbox, where intake never deletes anything: its UID, under the same UIDVALIDITY, names that one
    message for good (RFC 3501), so it is the message recorded, not another one."""
    if row.raw_sha256:
        try:
            return app.blobs.get(row.raw_sha256)
        except OSError:
            pass  # deleted meanwhile (a purge): its original is still in the mailbox
    where = f"message n° {row.id} : son contenu n'a pas été gardé ici, et"
    try:
        with app.source(mailbox) as source:
            if source.uidvalidity != row.uidvalidity:
                raise IntakeError(f"{where} la boîte {row.mailbox} a été renumérotée depuis sa réception : ce message "
                                  "ne peut plus y être retrouvé par son numéro. " + _why_no_bytes(app, row))
            fetched = source.fetch(row.uid, app.settings.max_message_bytes, EPOCH)
    except MessageUnavailable as exc:
        raise IntakeError(f"{where} le serveur refuse de le redonner ({exc}). " + _why_no_bytes(app, row)) from None
    except MailboxError as exc:
        raise IntakeError(f"{where} la boîte {row.mailbox} n'a pas pu être lue ({exc}) : réessayez plus tard") from None
    if fetched is None:
        raise IntakeError(f"{where} il n'est plus dans la boîte {row.mailbox} (supprimé ou déplacé) : s'il s'agit "
                          "d'une candidature, transférez-le depuis la messagerie ; puis ignorez celui-ci")
    if fetched.raw is None:
        raise IntakeError(f"{where} il dépasse la taille de message que le service lit ({size(fetched.size)}) : "
                          "lisez-le dans la messagerie. " + _why_no_bytes(app, row))
    # a server that reuses UIDs under one UIDVALIDITY (RFC 3501 forbids it), another account with the same one
    from intake.pipeline.trust_settings import trust_settings

    if not same_message(fetched.raw, fetched.size, row.size, row.copy_key, row.identity, trust_settings(app.settings)):
        raise IntakeError(f"{where} le message n° {row.uid} sur le serveur de la boîte {row.mailbox} n'est plus celui "
                          f"qui a été reçu (sa taille, {size(fetched.size)}, ou ses en-têtes ont changé). "
                          + _why_no_bytes(app, row))
    log.info("quarantined message #%s fetched again from %s (its bytes were not kept)", row.id, mailbox.state_key)
    return fetched.raw


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)  # fetched whatever its date: it was read once already


def retry_all(app: App, actor: str) -> list[Retried]:
    """Every quarantined message whose bytes are kept, tried again; the others are left as they are (each may be
    tried alone: its bytes are then fetched again from its mailbox)."""
    return [retry(app, q.id, actor) for q in list_quarantined(app) if q.raw_kept]


@dataclass(frozen=True)
class Handled:
    """What staff asked of the quarantine, done: what became of each message, then the outbox pass that sent
    what it queued (an acknowledgement, a completion notice)."""
    results: tuple[Retried, ...]
    sent: SendReport


def retry_and_send(app: App, message_id: int | None, actor: str) -> Handled:
    """`intake quarantine retry` and the console's button: the message (None: every one whose bytes are kept)
    handled again, then what is due sent, once."""
    from intake.pipeline.send import send_due

    results = retry_all(app, actor) if message_id is None else [retry(app, message_id, actor)]
    return Handled(tuple(results), send_due(app))


def file_anyway_and_send(app: App, message_id: int, actor: str) -> Handled:
    """`intake quarantine file-anyway` and the console's button: `file_anyway`, then what is due sent."""
    from intake.pipeline.send import send_due

    return Handled((file_anyway(app, message_id, actor),), send_due(app))


MAX_DISMISS = 1000  # messages dismissed at once (a flood's cleaning: the console's ticked list, the command line)


def dismiss(app: App, message_ids: Sequence[int], why: str, actor: str) -> list[Quarantined]:
    """Take these messages out of the quarantine, together: each becomes an ignored message, with who dismissed it
    and why. A number that is not (or no longer) in the quarantine refuses them all: nothing is done."""
    why = safe_text(why).strip()
    if not why:
        raise UsageError("la raison est vide : écrivez-la, elle reste dans le registre des messages")
    numbers = list(dict.fromkeys(message_ids))
    if not numbers:
        raise UsageError("aucun message choisi : cochez (ou nommez) ceux à écarter")
    if len(numbers) > MAX_DISMISS:
        raise UsageError(f"{len(numbers)} messages choisis : {MAX_DISMISS} au plus en une fois")
    now = app.clock().astimezone(app.settings.timezone)
    # under the retries' lock: a message being handled again (a retry reads it for up to read_seconds, « Tout
    # cocher » meanwhile) was dismissed from under it, its bytes let go of, then filed, or filed then marked
    # ignored; two dismissals at once each found their numbers in the quarantine. Now the later one finds them gone.
    with app.locks.exclusive("quarantine-retry", wait=RETRY_WAIT) as taken, session(app.engine) as s:
        if not taken:
            raise IntakeError(f"un essai de message est en cours depuis plus de {RETRY_WAIT} s : rien n'a été "
                              "écarté ; rechargez la page dans un instant")
        rows = [_row(s, number) for number in numbers]
        for row in rows:
            row.fate = IGNORED
            row.reason = (f"écarté de la quarantaine par {actor} le {now:%d/%m/%Y} : {why[:500]} "
                          f"(motif de la quarantaine : {row.reason})")[:2000]
            release_content(s, row, app.clock())
            ledger.save(s, row)
        s.commit()
    empty_trash(app.engine, app.blobs, app.locks, wait=30)
    log.info("%d quarantined message(s) dismissed by %s: #%s", len(rows), actor, ", #".join(map(str, numbers)))
    return [_view(app, row) for row in rows]


def _any_row(s, message_id: int) -> Inbound:
    row = ledger.get(s, message_id)
    if row is None:  # deleted meanwhile (a purge, an erasure)
        raise IntakeError(f"message n° {message_id} : il n'est plus dans le registre")
    return row


def _row(s, message_id: int) -> Inbound:
    row = ledger.get(s, message_id)
    if row is None or row.fate != QUARANTINED:
        raise IntakeError(f"aucun message n° {message_id} en quarantaine : voyez la liste avec "
                          "intake quarantine list")
    return row


def _view(app: App, row: Inbound) -> Quarantined:
    kept = bool(row.raw_sha256) and app.blobs.path(row.raw_sha256).exists()
    sender, subject = row.from_addr, row.subject
    if kept and not (sender and subject):  # set aside before its headers were read: read them now
        head_sender, head_subject = sender_and_subject(_head(app, row.raw_sha256))
        sender, subject = sender or head_sender, subject or head_subject
    return Quarantined(id=row.id, mailbox=row.mailbox, folder=row.folder, uid=row.uid, received_at=row.internal_date,
                       from_addr=safe_text(sender), subject=safe_text(subject), reason=safe_text(row.reason),
                       size=row.size, raw_kept=kept, over_limits=may_file_anyway(row.reason, kept),
                       read_at=row.created_at)


def _head(app: App, sha256: str) -> bytes:
    """The first bytes of a stored message, where its headers are."""
    try:
        with open(app.blobs.path(sha256), "rb") as f:
            return f.read(MAX_HEAD)
    except OSError:
        return b""


def _why_no_bytes(app: App, row: Inbound) -> str:
    if was_not_kept(row.reason):  # the quarantine was full (core/quarantine_space.py)
        address = next((m.address for m in app.settings.mailboxes if m.name == row.mailbox), "l'adresse du service")
        return what_to_do(row.mailbox, address, row.folder, row.uid, row.id or 0)
    return (f"ses octets n'ont pas été conservés ({labels.reason(row.reason)}) ; il est resté dans la boîte "
            f"{row.mailbox} (n° {row.uid} sur le serveur) : ouvrez-le dans la messagerie, puis ignorez-le ici")


def _mailbox(app: App, row: Inbound) -> Mailbox:
    for configured in app.settings.mailboxes:
        if configured.name == row.mailbox:
            for copy in configured.per_folder():
                if copy.folder == row.folder:
                    return copy
            # its folder is no longer watched: the message is still there, and its UID names it only in that
            # folder (the main folder's UID n is another message, under a UIDVALIDITY that may be the same)
            return dataclasses.replace(configured, folder=row.folder, primary=False)
    raise IntakeError(f"message n° {row.id} : la boîte {row.mailbox!r} n'est plus dans la configuration ; "
                      "ignorez-le (« Ignorer ce message » dans la console, intake quarantine dismiss en ligne de "
                      "commande) ou remettez la boîte")
