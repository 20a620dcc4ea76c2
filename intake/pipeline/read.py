"""Read one message completely: parse, see through trusted forwards, open containers, read inside files, classify.

The IO here is reading file contents (in child processes, adapters/readers.py, within the
message's reading budget, and, for the poller, its sender's daily reading time: pipeline/readbudget.py) and,
when configured, looking for a forward in its sender's Sent folder; everything it decides comes from the pure
core. Used by the poller, `intake explain`, `intake reclassify`, the staff actions and postal filing
(`read_files_by_hand`), so that a file is read and recognised the same way whichever door it came in by.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from concurrent.futures import CancelledError
from dataclasses import dataclass
from typing import Callable

from intake.adapters.readers import ReaderPool
from intake.adapters.scratch import default_root, scratch_root
from intake.config import Limits, Settings
from intake.core.classify import PIECE, Verdict, flag_verdicts, verdicts_for
from intake.core.containers import Limits as ContainerLimits
from intake.core.containers import is_container
from intake.core.content import Extracted
from intake.core.decide import files_cannot_matter
from intake.core.fields import read_fields
from intake.core.forward import Forward, as_original
from intake.core.message import Attachment, Flag, Message
from intake.core.mimetree import clean_filename
from intake.core.ocrplan import plan_ocr
from intake.core.parse import parse_message
from intake.core.reading_budget import not_read_reason, setting_reached
from intake.core.rules import Rules
from intake.core.sniff import detect_type
from intake.core.trust import arrival_checks, internal_evidence, sender_check
from intake.errors import OverLimit, ReaderCrashed
from intake.pipeline.readbudget import MessageBudget
from intake.pipeline.trust_settings import trust_settings

Hold = Callable[[int], None]  # told the bytes a reading holds besides its raw message (readahead.py)
# the daily reading budgets of a message, by how it reads once parsed (pipeline/readbudget.py); None: not budgeted
Budget = Callable[[Forward], "MessageBudget | None"]
log = logging.getLogger("intake.read")
READ_BUDGET_SECONDS = 180.0  # files read by hand (postal filing, stored pieces): the default [limits] read_seconds


@dataclass
class Reading:
    msg: Message  # as the original sender's when it is a trusted forward by staff; attachments unpacked
    forward: Forward
    verdicts: list[Verdict]
    fields: dict[str, str] = dataclasses.field(default_factory=dict)  # read from the dossier (rules/fields.toml)
    contents: dict[str, Extracted] = dataclasses.field(default_factory=dict)  # by SHA-256
    flags: list[Flag] = dataclasses.field(default_factory=list)
    unread: str = ""  # why its files were not read: nothing they hold could change the decision

    @property
    def forwarded_by(self) -> str:
        return self.forward.by


def read_message(raw: bytes, rules: Rules, settings: Settings, mailbox_address: str, raw_sha256: str = "", *,
                 ocr: bool = True, pool: ReaderPool | None = None,
                 in_sent_folder: Callable[[Message], bool] | None = None, hold: Hold | None = None,
                 budget: Budget | None = None) -> Reading:
    """Raises OverLimit when the message is over [limits] (also once its containers are opened, or when
    parsing it outlasts its reading time), ParseError when it cannot be read at all, ReaderCrashed when the
    reading process parsing it died. Parsing is done in a reading process (of `pool`, else of a pool of its own),
    whatever the message's size, and counts against its reading time: a hostile structure (millions of header
    fields or lines) costs that process at most the message's read_seconds and its memory cap, never the
    poller's own time or memory (an attacker's review: 47 MB of header fields held the poller 24 s and 1.5 GB).
    `budget`: the poller's daily reading budgets (core/reading_budget.py): past them, no file is read."""
    if pool is None:  # `intake explain`, reclassify...: parsed and read in a pool of its own, as by the poller
        # explain writes nothing: before the first poll there is no data_dir, and it does not make one
        root = scratch_root(settings.data_dir) if settings.data_dir.exists() else default_root()
        with ReaderPool(scratch_root=root) as own:
            return read_message(raw, rules, settings, mailbox_address, raw_sha256, ocr=ocr, pool=own,
                                in_sent_folder=in_sent_folder, hold=hold, budget=budget)
    limits = settings.limits
    parsed = None
    spent = 0.0
    try:
        parsed, spent = pool.parse(raw, raw_sha256, limits.max_parts, limits.read_seconds, limits.max_header_bytes)
        seconds = max(0.0, limits.read_seconds - spent)
    except (RuntimeError, CancelledError) as exc:  # the pool broke, or its processes cannot start: here
        log.warning("the reading processes could not parse a message (%s): parsed here", type(exc).__name__)
    if parsed is None:
        parsed = parse_message(raw, raw_sha256, max_parts=limits.max_parts, max_header_bytes=limits.max_header_bytes)
        seconds = limits.read_seconds
    trust = trust_settings(settings)
    sent = bool(parsed.forwarded_from and in_sent_folder is not None and in_sent_folder(parsed))
    forward = as_original(parsed, rules, settings.watched, mailbox_address, internal_evidence(parsed, trust, sent),
                          sender_check(parsed, trust), aliases=settings.aliases,
                          automatic=settings.trust.automatic_senders, arrivals=arrival_checks(parsed, trust))
    unread = files_cannot_matter(forward.msg, rules, settings.watched, settings.system_id, forward.by,
                                 forward.claimed_by, settings.trust.automatic_senders)
    if unread:  # decided whatever its files hold: they are not read (nor counted: it is not set aside, nor kept)
        return Reading(msg=forward.msg, forward=forward, verdicts=[], flags=list(parsed.flags), unread=unread)
    gate = budget(forward) if budget is not None else None
    if len(parsed.attachments) > limits.max_attachments:
        if gate is not None:  # set aside unread: its parse took its sender's reading time all the same
            gate.spend(spent)
        raise OverLimit(f"{len(parsed.attachments)} fichiers joints, plus que la limite de {limits.max_attachments} "
                        "([limits] max_attachments)")
    if gate is not None:
        why = gate.past()  # spent already (earlier polls, earlier messages): not even its archives are opened
        if why:
            gate.spend(spent)
            return not_read(forward, rules, list(parsed.flags), why)
    return read_parsed(forward.msg, rules, forward, ocr=ocr, pool=pool, seconds=seconds,
                       flags=list(parsed.flags), limits=unpacking(limits), hold=hold, budget=gate, spent=spent)


def not_read(forward: Forward, rules: Rules, flags: list[Flag], why: str, opened: bool = False) -> Reading:
    """A message past its sender's reading budget (`why`): none of its files is read, each "non lu, à vérifier"
    with the reason; an archive stays unopened, unless it was already (`opened`: the budget was found spent once the
    sender's key was held, after its archives gave their files). Decided as any message whose files could not be
    read."""
    log.info("a message's files are not read: its sender's reading time of the day is spent (%s)",
             setting_reached(why))
    said = not_read_reason(why)
    flags = flags + [Flag(a.container + a.filename, "unread", f"archive non ouverte : {said}")
                     for a in forward.msg.attachments if is_container(a) and not opened]
    contents = {a.sha256: Extracted(error=said) for a in forward.msg.attachments}
    verdicts = verdicts_for(forward.msg, rules, contents) + flag_verdicts(flags)
    return Reading(msg=forward.msg, forward=forward, verdicts=verdicts, contents=contents, flags=flags)


def unpacking(limits: Limits) -> ContainerLimits:
    """What the containers of one message, or of the files staff give at once, may hold: [limits]."""
    return ContainerLimits(max_total_bytes=limits.max_unpacked_bytes, max_files=limits.max_attachments,
                           max_parts=limits.max_parts)


def read_files_by_hand(files: list[tuple[str, bytes]], rules: Rules, ocr: bool = True,
                       seconds: float = READ_BUDGET_SECONDS, limits: Limits | None = None) -> Reading:
    """Files that came another way than by mail (a postal application scanned by staff, a stored piece read
    again): read exactly as the attachments of a mail are, as if one message had brought them all. `limits`: the
    [limits] their archives are opened within, as a mail's (files on a USB key are the applicant's to craft; None:
    the built-in defaults); `seconds` is then its read_seconds."""
    attachments = tuple(Attachment(filename=clean_filename(name), content=content, declared_type="", inline=False)
                        for name, content in files)
    msg = Message(message_id="", subject="", from_addr="", from_name="", reply_to="", to=(), cc=(), date=None,
                  in_reply_to="", references=(), headers={}, text="", html="", attachments=attachments)
    if limits is not None:
        seconds = limits.read_seconds
    return read_parsed(msg, rules, Forward(msg), ocr=ocr, seconds=seconds,
                       limits=unpacking(limits) if limits is not None else None)


def dossier_fields(files: list[tuple[str, bytes]], rules: Rules, ocr: bool = True) -> dict[str, str]:
    """The fields (rules/fields.toml) of files known to be dossiers d'intention (by the rules or by staff),
    read as the mail path reads them; the last file wins."""
    attachments = [Attachment(filename=clean_filename(name), content=content, declared_type="", inline=False)
                   for name, content in files]
    contents = read_files(attachments, ocr=ocr)
    fields: dict[str, str] = {}
    for att in attachments:
        content = contents.get(att.sha256)
        if content is not None and content.read:
            fields.update(read_fields(content.text, content.form_fields, rules.fields))
    return fields


def read_parsed(msg: Message, rules: Rules, forward: Forward | None = None, ocr: bool = True,
                pool: ReaderPool | None = None, seconds: float = READ_BUDGET_SECONDS,
                flags: list[Flag] | None = None, limits: ContainerLimits | None = None,
                hold: Hold | None = None, budget: MessageBudget | None = None, spent: float = 0.0) -> Reading:
    """Open the containers of a parsed message, read inside every file, classify each, read the dossier's fields.

    Containers first, in a reading process (raises OverLimit when what they hold is over `limits`); then cheap
    reading (text layers, Office files, pixels); then OCR of only the files whose text can change the decision
    (core/ocrplan.py): all within the same time budget. `hold(n)` is told the bytes the reading comes to hold
    besides the raw message (pipeline/readahead.py: it may wait for room, before archives are opened).
    `budget`: its sender's daily reading budgets, looked at again once its room is held (pipeline/readbudget.py),
    and told what the reading took (`spent`: what parsing it took before)."""
    if pool is None:
        with ReaderPool() as own:
            return read_parsed(msg, rules, forward, ocr, own, seconds, flags, limits, hold, budget, spent)
    limits = limits or ContainerLimits()
    # archives may give up to max_unpacked_bytes: that much is held before they are opened (waiting for room
    # there, not with the files already here), and what they gave once they are
    reserved = limits.max_total_bytes if any(is_container(a) for a in msg.attachments) else 0
    if hold is not None:
        hold(reserved)
    deadline = time.monotonic() + seconds  # waiting for room is not reading
    try:
        files, found, opening = pool.unpack(list(msg.attachments), limits, seconds)
    except (OverLimit, ReaderCrashed):  # set aside once opened, or its reading process died: the opening cost its
        # sender's reading time all the same
        if budget is not None:
            budget.spend(spent + max(0.0, time.monotonic() - (deadline - seconds)))
        raise
    if hold is not None:
        hold(sum(f.size for f in files) - reserved)
    if budget is None:
        return _read_unpacked(msg, rules, forward, ocr, pool, max(0.0, seconds - opening), deadline,
                              list(flags or []) + found, files)
    with budget.held() as why:  # its sender's other messages wait here, each seeing what the one before spent
        if why:
            budget.spend(spent + opening)
            unpacked = dataclasses.replace(msg, attachments=tuple(files))
            return not_read(dataclasses.replace(forward or Forward(unpacked), msg=unpacked), rules,
                            list(flags or []) + found, why, opened=True)
        took: list[float] = []
        try:
            return _read_unpacked(msg, rules, forward, ocr, pool, max(0.0, seconds - opening), deadline,
                                  list(flags or []) + found, files, took)
        finally:
            budget.spend(spent + opening + sum(took))


def _read_unpacked(msg: Message, rules: Rules, forward: Forward | None, ocr: bool, pool: ReaderPool, seconds: float,
                   deadline: float, flags: list[Flag], files: list[Attachment], took: list[float] | None = None
                   ) -> Reading:
    """`read_parsed` once the containers are opened (`files`); `took` is given what each pass of reading took."""
    msg = dataclasses.replace(msg, attachments=tuple(files))
    contents = read_files(files, pool, seconds, ocr=ocr, types=rules.read_types, defer_ocr=ocr, took=took)
    verdicts = verdicts_for(msg, rules, contents) + flag_verdicts(flags)
    todo, why_not = plan_ocr(verdicts, contents, rules) if ocr else (frozenset(), {})
    if todo:
        left = max(0.0, deadline - time.monotonic())
        for sha, content in read_files([f for f in files if f.sha256 in todo], pool, left, ocr=True,
                                       took=took).items():
            first = contents[sha]
            contents[sha] = content if content.read or not first.read else dataclasses.replace(
                first, error=content.error, not_ocr=f"lecture optique impossible : {content.error}")
    for sha, why in why_not.items():
        contents[sha] = dataclasses.replace(contents[sha], not_ocr=why)
    if todo or why_not:
        verdicts = verdicts_for(msg, rules, contents) + flag_verdicts(flags)
    fields: dict[str, str] = {}
    for v in verdicts:
        inside = contents.get(v.attachment.sha256)
        if v.outcome == PIECE and v.kind == "dossier" and inside is not None and inside.read:
            fields.update(read_fields(inside.text, inside.form_fields, rules.fields))
    forward = dataclasses.replace(forward, msg=msg) if forward is not None else Forward(msg)
    return Reading(msg=msg, forward=forward, verdicts=verdicts, fields=fields, contents=contents, flags=flags)


def read_files(files, pool: ReaderPool | None = None, seconds: float = READ_BUDGET_SECONDS, ocr: bool = True,
               types: frozenset[str] | None = None, defer_ocr: bool = False,
               took: list[float] | None = None) -> dict[str, Extracted]:
    """What is inside each file, all within one time budget for the message (see adapters/readers.py).
    Only files of `types` (None: all) are read: the others can never be pieces. `defer_ocr`: see
    adapters/extract.py."""
    typed = ((att.sha256, att.content, detect_type(att.content)) for att in files)
    todo = [(sha, content, kind) for sha, content, kind in typed if types is None or kind in types]
    if pool is not None:
        return pool.read_all(todo, seconds, ocr=ocr, defer_ocr=defer_ocr, took=took)
    with ReaderPool() as own:
        return own.read_all(todo, seconds, ocr=ocr, defer_ocr=defer_ocr, took=took)
