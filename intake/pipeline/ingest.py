"""One message, from its bytes to its fate: read it, ask the core, carry out what it decided, commit.

Each message is handled in one database transaction that records its fate in the ledger, files its
case and queues its acknowledgement (the effects `core.decide` returns, carried out by apply.py), and
moves the folder's cursor. The fates of a message that is not read and decided (received before
`since`, too large, unreadable, refused by the server, a bug) are the core's too (core/arrival.py).

Only what a filed case needs is written (GDPR minimisation): the message's bytes stay in memory until
the decision. A filed message keeps its raw bytes (staff read it as it came) and its pieces; a
quarantined one keeps its raw bytes for staff (rules/retention.toml says how long), within the quarantine's
byte budget ([limits] quarantine_bytes, core/quarantine_space.py: past it, its ledger line alone). A message that is
ignored or a duplicate leaves only its ledger line: mailbox, folder, UIDVALIDITY/UID, Message-ID, date,
size, fate and reason, sender address; no subject, no body, no attachment, no content fingerprint, on
disk, in the database or in the logs. Files are written just before the commit: a crash in between
leaves a file that the same message, fetched again, finds under its SHA-256.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import dataclass
from typing import Any, overload

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session

from intake.adapters.readers import ReaderPool
from intake.adapters.sources import Fetched, Unavailable
from intake.app import App
from intake.config import Mailbox
from intake.core import arrival
from intake.core.context import Arrival, Decision
from intake.core.copykey import copy_key, copy_key_of
from intake.core.decide import decide
from intake.core.effects import Event
from intake.core.forward import Forward
from intake.core.headline import head_of, sender_and_subject
from intake.core.masking import mask_domains
from intake.core.message import Message
from intake.core.origin import Origin, origin_of
from intake.core.parse import parse_message
from intake.core.quarantine_space import room_for, without_content
from intake.core.retention import keeps_content
from intake.core.statuses import DUPLICATE, FILED, QUARANTINED, Fate
from intake.core.store_budget import counted, files_added, spends
from intake.errors import IntakeError, OverLimit, ParseError, ReaderCrashed, TemplateError
from intake.pipeline import readbudget
from intake.pipeline.apply import carry_out
from intake.pipeline.lookup import context_for
from intake.pipeline.read import Budget, Hold, Reading, read_message
from intake.pipeline.tracebacks import without_values
from intake.pipeline.trust_settings import trust_settings
from intake.store import cases, ledger, mailboxes
from intake.store.database import relax_durability, session
from intake.store.deletion import release_content
from intake.store.tables import Inbound

log = logging.getLogger("intake.ingest")


@dataclass
class Prepared:
    """A message read and ready to be decided; or, without `reading`, its fate is already in `row`; or, with
    `header`, only its header block is known, a copy of a message recorded with its copy key (`file_copy`)."""

    where: str
    row: Inbound
    raw: bytes | None = None
    reading: Reading | None = None
    header: bytes | None = None
    hidden: tuple[str, str] = ("", "")  # (an exception's text in `row.reason`, what the logs give instead): _problem


def ingest_one(app: App, mailbox: Mailbox, uidvalidity: int, fetched: Fetched, pool: ReaderPool | None = None,
               sent: Any = None, prepared: Prepared | None = None) -> str:
    """Handle one fetched message completely (read it, unless it was read ahead); returns its fate."""
    if prepared is None:
        prepared = prepare(app, mailbox, uidvalidity, fetched, pool=pool, sent=sent)
        assert prepared is not None  # a Fetched, not an Unavailable
    return finish(app, mailbox, prepared)


def prepare(app: App, mailbox: Mailbox, uidvalidity: int, fetched: Fetched | Unavailable,
            pool: ReaderPool | None = None, sent: Any = None, hold: Hold | None = None) -> Prepared | None:
    """Everything before the decision: runs in the read-ahead threads (`hold`: see pipeline/read.py `read_parsed`).
    Its only database work is its sender's daily reading budgets (pipeline/readbudget.py)."""
    if isinstance(fetched, Unavailable):
        return None
    where = f"[{mailbox.state_key}] UID {fetched.uid}"
    row = _ledger_line(app, mailbox, uidvalidity, fetched.uid, fetched.internal_date, fetched.size)
    if fetched.header is not None:
        return Prepared(where, row, header=fetched.header)
    known = arrival.before_reading(fetched.internal_date, mailbox.since, fetched.size, fetched.raw is not None,
                                   app.settings.max_message_bytes)
    if known is not None or fetched.raw is None:
        _set(row, known or arrival.unreadable("pas de contenu"))
        return Prepared(where, row)
    return read_raw(app, mailbox, row, fetched.raw, where, pool=pool, sent=sent, hold=hold,
                    budget=functools.partial(readbudget.budget_of, app.engine, app.settings, app.clock))


def handle_raw(app: App, mailbox: Mailbox, row: Inbound, raw: bytes, where: str, by: str = "",
               pool: ReaderPool | None = None, sent: Any = None) -> str:
    """Read, decide and apply one message's raw bytes, recording its fate in the ledger `row`: a new
    row (the mailbox cursor advances), or, with `row.id` set, the row of a quarantined message that staff
    (`by`) asked to try again (`intake quarantine retry`): the same path, the same row, no cursor moved."""
    return finish(app, mailbox, read_raw(app, mailbox, row, raw, where, pool=pool, sent=sent), by)


def read_raw(app: App, mailbox: Mailbox, row: Inbound, raw: bytes, where: str, pool: ReaderPool | None = None,
             sent: Any = None, hold: Hold | None = None, budget: Budget | None = None) -> Prepared:
    """`budget`: the poller's daily reading budgets (a message staff retry is read whatever they are)."""
    raw_sha256 = hashlib.sha256(raw).hexdigest()
    try:
        reading = read_message(raw, app.rules, app.settings, mailbox.address, raw_sha256, pool=pool,
                               in_sent_folder=sent, hold=hold, budget=budget)
    except OverLimit as exc:
        return _set_aside(app, where, row, arrival.over_limits(str(exc)), raw)
    except ReaderCrashed as exc:
        return _set_aside(app, where, row, arrival.reader_lost(str(exc)), raw)
    except ParseError as exc:
        return _set_aside(app, where, row, arrival.unreadable(str(exc)), raw, by_headers=False)
    except (RecursionError, MemoryError, ValueError, LookupError) as exc:
        return _set_aside(app, where, row, arrival.unreadable(_problem(exc)[0]), raw, by_headers=False,
                          hidden=_problem(exc))
    except (IntakeError, OSError, SQLAlchemyError):
        raise  # broken rules, disk or database (its reading budget): stop; the message is fetched again next time
    except Exception as exc:  # a bug on this one message must not block the mailbox (as in `finish`)
        log.error("%s: cannot be read; quarantined\n%s", where, without_values(exc))
        return _set_aside(app, where, row, arrival.internal_error(_problem(exc)[0]), raw, by_headers=False,
                          hidden=_problem(exc))
    row.identity, row.message_id, row.from_addr = reading.msg.identity, reading.msg.message_id, reading.msg.from_addr
    return Prepared(where, row, raw, reading)


def _problem(exc: BaseException) -> tuple[str, str]:
    """An exception's text for the message's ledger row (staff read it; the purge and an erasure reach it), and what
    the logs give instead, its type: Python's texts quote the values the code held (a file's name, a subject), and
    the journal keeps its lines beyond both (pipeline/tracebacks.py)."""
    return arrival.problem(type(exc).__name__, str(exc)), type(exc).__name__


def _set_aside(app: App, where: str, row: Inbound, decision: Decision, raw: bytes, by_headers: bool = True,
               hidden: tuple[str, str] = ("", "")) -> Prepared:
    """A message quarantined without being read: its sender and subject from its headers, for staff; unless
    (`by_headers`) its headers alone say it is ignored whatever it carries: then nothing of it is kept."""
    decision = arrival.not_read_whole(decision, _origin_by_headers(app, raw) if by_headers else None)
    _set(row, decision)
    sender, subject = sender_and_subject(raw)
    kept = decision.fate == QUARANTINED
    row.from_addr, row.subject = sender, subject if kept else ""  # ignored mail keeps no subject, as any other
    return Prepared(where, row, raw if kept else None, hidden=hidden)


def _origin_by_headers(app: App, raw: bytes) -> Origin | None:
    """Who sent a message, as its header block alone says (core/origin.py); None when it cannot be read."""
    try:
        head = parse_message(head_of(raw), max_parts=1)  # at most headline.MAX_HEAD bytes
        return origin_of(head, app.settings.watched, app.settings.system_id,
                         automatic=app.settings.trust.automatic_senders)
    except Exception:  # noqa: BLE001 - unreadable headers (or a bug): the message is set aside whole
        return None


def file_copy(app: App, mailbox: Mailbox, prepared: Prepared) -> str | None:
    """A message known only by its header block (`prepared.header`): recorded as the duplicate of the message
    already recorded with the same copy key (core/copykey.py), in its own transaction; None (nothing
    recorded) when there is none after all: the poller then fetches it whole."""
    assert prepared.header is not None
    header, row = prepared.header, prepared.row
    try:
        key = copy_key(header, row.size - len(header), trust_settings(app.settings))
        if not key:  # it has none (it cannot be read, no signature...): it can be no one's copy
            return None
        msg = parse_message(header)  # read once already, by copy_key: it has a Message-ID
        row.identity, row.message_id, row.from_addr = msg.identity, msg.message_id, msg.from_addr
        reading = Reading(msg=msg, forward=Forward(msg), verdicts=[], unread="seuls ses en-têtes sont lus")
        return _apply(app, mailbox, prepared.where, row, reading, None, mailbox.state_key, header_key=key)
    except TemplateError:  # read whole, it is set aside alone (`finish`)
        return None
    except (IntakeError, SQLAlchemyError, OSError):
        raise  # broken database or disk: stop; the message is fetched again next time
    except Exception as exc:  # a bug on a header block must not block the mailbox: the message is read whole
        log.error("%s: its header block could not be decided on; downloaded whole\n%s", prepared.where,
                  without_values(exc))
        return None


def finish(app: App, mailbox: Mailbox, prepared: Prepared, by: str = "") -> str:
    """Decide and apply a prepared message in its own transaction (or record its known fate); its fate."""
    row, raw, where, reading = prepared.row, prepared.raw, prepared.where, prepared.reading
    state_key = None if row.id else mailbox.state_key
    if reading is None:
        return _record(app, where, row, state_key, by, raw, prepared.hidden)
    pristine = row.model_dump(exclude={"case_id"})  # what every try starts from
    for attempt in range(3):  # a reference taken meanwhile by another writer: try again
        # the first try of a new line may use it as is (never in a session yet: nothing to leave behind)
        this = row if attempt == 0 and row.id is None and row.case_id is None else Inbound(**pristine)
        try:
            return _apply(app, mailbox, where, this, reading, raw, state_key, by)
        except IntegrityError:
            if attempt == 2:
                raise
            log.warning("%s: write conflict, retrying", where)
        except TemplateError as exc:  # an admin's template that fails on this message's values: set it aside alone
            log.error("%s: mail template %s failed on this message (line %s: %s); quarantined, nothing filed nor "
                      "sent: fix the template (intake rules check), then retry the message (intake quarantine "
                      "retry)", where, exc.file, exc.line or "?", exc.problem)
            row = _set(Inbound(**pristine), arrival.template_failed(str(exc)))
            row.subject, row.fingerprint = reading.msg.subject[:500], reading.msg.fingerprint
            return _record(app, where, row, state_key, by, raw)
        except (IntakeError, SQLAlchemyError, OSError):
            raise  # broken rules, database or disk: stop; the message is fetched again next time
        except Exception as exc:  # a bug on this one message must not block the mailbox
            log.error("%s: cannot be handled; quarantined\n%s", where, without_values(exc))
            row = _set(Inbound(**pristine), arrival.internal_error(_problem(exc)[0]))
            row.subject, row.fingerprint = reading.msg.subject[:500], reading.msg.fingerprint
            return _record(app, where, row, state_key, by, raw, _problem(exc))
    raise AssertionError("unreachable")


def record_unavailable(app: App, mailbox: Mailbox, uidvalidity: int, uid: int, why: str) -> None:
    """The server answers, but will not give this one message: recorded, and the others are read."""
    row = _set(_ledger_line(app, mailbox, uidvalidity, uid, app.clock(), 0), arrival.unavailable(why))
    _record(app, f"[{mailbox.state_key}] UID {uid}", row, mailbox.state_key)


def _ledger_line(app: App, mailbox: Mailbox, uidvalidity: int, uid: int, received_at: Any, size: int) -> Inbound:
    return Inbound(mailbox=mailbox.name, folder=mailbox.folder, uidvalidity=uidvalidity, uid=uid,
                   identity=f"uid:{mailbox.state_key}:{uidvalidity}:{uid}", internal_date=received_at, size=size,
                   fate=QUARANTINED, rules_version=app.rules.version, created_at=app.clock())


def _set(row: Inbound, decision: Decision) -> Inbound:
    row.fate, row.reason = decision.fate, decision.reason[:2000]
    return row


def _retried(app: App, row: Inbound, by: str) -> str:
    """The note a retried message's ledger row and case history get."""
    return arrival.retried_note(by, app.clock().astimezone(app.settings.timezone).date()) if by and row.id else ""


@overload
def _apply(app: App, mailbox: Mailbox, where: str, row: Inbound, reading: Reading, raw: bytes | None,
           state_key: str | None, by: str = "") -> str: ...


@overload
def _apply(app: App, mailbox: Mailbox, where: str, row: Inbound, reading: Reading, raw: bytes | None,
           state_key: str | None, by: str = "", *, header_key: str) -> str | None: ...


def _apply(app: App, mailbox: Mailbox, where: str, row: Inbound, reading: Reading, raw: bytes | None,
           state_key: str | None, by: str = "", header_key: str = "") -> str | None:
    """`header_key`: the message is only its header block, with this copy key (`file_copy`); nothing is done
    (None) unless it is the copy of a message recorded with that key."""
    msg = reading.msg
    with session(app.engine) as s, app.locks.serialized("ingest", s):  # files and rows: one message at a time
        if row.id is not None:
            row = s.merge(row)
        # read by a poll (not retried by staff): how old it was when read decides whether it is answered (U17)
        read_at = app.clock() if state_key else None
        ctx = context_for(app, s, mailbox, msg, row.identity, reading.forward, exclude_id=row.id,
                          arrival=Arrival(row.mailbox, row.uid, row.internal_date, read_at), fields=reading.fields,
                          copy_key=header_key)
        decision = decide(msg, reading.verdicts, app.rules, ctx)
        if header_key and not (decision.fate == DUPLICATE and ctx.earlier is not None
                               and ctx.earlier.copy_key == header_key):  # not a copy after all: read it whole
            return None
        if state_key:  # a polled message: no disk flush of its own (the first mail about it is sent after one)
            relax_durability(s)
        _set(row, decision)
        with app.blobs.together():  # its files go to disk while the rest is done; committed once they are there
            if keeps_content(row.fate) and raw is not None:
                _keep_content(app, s, row, msg, raw)
            else:  # a retried quarantined message that is not filed after all: its stored bytes go too
                release_content(s, row, app.clock())
            apply(app, s, row, msg, decision)
            if row.fate == FILED:  # what it added to the store: its sender's budgets
                added = (len(raw) if raw is not None and row.raw_sha256 else 0) + files_added(decision)
                if spends(msg.from_addr, ctx):  # every mail of the address (and its domain's, authenticated)
                    row.added_bytes = added
                if counted(msg.from_addr, ctx):  # unauthenticated mail
                    row.stored_bytes = added
                if spends(msg.from_addr, ctx) or counted(msg.from_addr, ctx):
                    row.stored_domain = ctx.stored_domain
            note = _retried(app, row, by)
            if note:
                row.reason = f"{row.reason} ({note})"[:2000]
                if row.case_id:
                    carry_out(app, s, (Event("retried", f"message de {msg.from_addr or '?'} repris de la quarantaine : "
                                                        f"{note}"),), case=cases.get_one(s, row.case_id), actor=by)
            if state_key:
                mailboxes.advance(s, state_key, row.uid)
        s.commit()
    # the reason may name the domain the sender's address counted with (set aside past a domain's cap): not in the logs
    log.info("%s from %s: %s (%s)", where, msg.from_addr or "?", row.fate,
             mask_domains(row.reason, (ctx.domain, ctx.stored_domain)))
    return row.fate


def apply(app: App, s: Session, row: Inbound, msg: Message, decision: Decision) -> None:
    """Carry out what the core decided about one message (`decision.effects`), in its transaction `s`, filing it
    in its ledger line `row`."""
    carry_out(app, s, decision.effects, inbound=row)


def _keep_content(app: App, s: Session, row: Inbound, msg: Message, raw: bytes) -> None:
    """A filed or quarantined message keeps its subject, its raw bytes and its content fingerprint (what tells
    a copy from another message reusing its Message-ID): all three go together (store/deletion.release_content);
    a quarantined one over the quarantine's budget keeps its subject and fingerprint, not its bytes (`_room`)."""
    row.subject, row.fingerprint = msg.subject[:500], msg.fingerprint
    if _room(app, s, row, raw):
        row.raw_sha256 = app.blobs.put(raw)
    row.copy_key = copy_key_of(raw, trust_settings(app.settings), row.size)


def _room(app: App, s: Session, row: Inbound, raw: bytes) -> bool:
    """Whether a message's raw bytes are stored: a quarantined one's within the quarantine's budget ([limits]
    quarantine_bytes, core/quarantine_space.py); when not, its reason says so, and where its original stays.
    Asked in the ingest lock: no other message is stored meanwhile."""
    if row.fate != QUARANTINED:
        return True
    held = ledger.quarantine_held(s, row.from_addr, hashlib.sha256(raw).hexdigest())
    why = room_for(len(raw), held, app.settings.limits.quarantine_bytes)
    if why:
        row.reason = without_content(row.reason, why, row.mailbox, row.folder, row.uid)[:2000]
    return not why


def _record(app: App, where: str, row: Inbound, state_key: str | None, by: str = "", raw: bytes | None = None,
            hidden: tuple[str, str] = ("", "")) -> Fate:
    """Record a fate decided without a message to decide on (core/arrival.py): its ledger line alone. `hidden`: an
    exception's text in its reason, and what the log line gives instead (`_problem`)."""
    with session(app.engine) as s, app.locks.serialized("ingest", s):  # no purge deletes the file meanwhile
        if state_key:  # a polled message: recorded again the same way if lost (see _apply)
            relax_durability(s)
        if raw is not None and keeps_content(row.fate) and _room(app, s, row, raw):
            row.raw_sha256 = app.blobs.put(raw)  # no copy key: its identity (the UID) is no other copy's
        note = _retried(app, row, by)
        if note:
            row.reason = f"{row.reason} ({note})"[:2000]
        if row.id is not None:
            ledger.save(s, s.merge(row))
        else:
            ledger.insert(s, row)
        if state_key:
            mailboxes.advance(s, state_key, row.uid)
        s.commit()
    said = row.reason
    if hidden[0]:  # the text is not logged, even where the row's reason cut it
        said = said.replace(*hidden) if hidden[0] in said else hidden[1]
    log.info("%s: %s (%s)", where, row.fate, said)
    return Fate(row.fate)
