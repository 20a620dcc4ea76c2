"""Read one message completely: parse, see through forwards, open containers, read inside files, classify.

The IO here is reading file contents (text extraction, OCR); everything it
decides comes from the pure core. Used by the poller, `intake explain`,
`intake reclassify`, the staff actions and postal filing (`read_files_by_hand`),
so that a file is read and recognised the same way whichever door it came in by.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

from intake.adapters.extract import extract
from intake.core.classify import PIECE, Verdict, flag_verdicts, verdicts_for
from intake.core.containers import Flag, unpack
from intake.core.content import Extracted
from intake.core.fields import read_fields
from intake.core.forward import as_original
from intake.core.message import Attachment, Message
from intake.core.parse import clean_filename, parse_message
from intake.core.rules import Rules
from intake.core.sniff import detect_type

READ_BUDGET_SECONDS = 180.0  # for all the files of one message (OCR is the slow part)


@dataclass
class Reading:
    msg: Message  # as the original sender's when it is a forward by staff; attachments unpacked
    forwarded_by: str  # the forwarder's address, or ""
    verdicts: list[Verdict]
    fields: dict[str, str] = dataclasses.field(default_factory=dict)  # read from the dossier (rules/fields.toml)
    contents: dict[str, Extracted] = dataclasses.field(default_factory=dict)  # by SHA-256
    flags: list[Flag] = dataclasses.field(default_factory=list)


def read_message(raw: bytes, rules: Rules, watched: frozenset[str], mailbox_address: str,
                 raw_sha256: str = "", ocr: bool = True) -> Reading:
    """Raises ParseError when the message cannot be read at all."""
    msg, forwarded_by = as_original(parse_message(raw, raw_sha256), rules, watched, mailbox_address)
    return read_parsed(msg, rules, forwarded_by, ocr=ocr)


def read_files_by_hand(files: list[tuple[str, bytes]], rules: Rules, ocr: bool = True) -> Reading:
    """Files that came another way than by mail (a postal application scanned by staff, a stored piece read
    again): read exactly as the attachments of a mail are, as if one message had brought them all."""
    attachments = tuple(Attachment(filename=clean_filename(name), content=content, declared_type="", inline=False)
                        for name, content in files)
    msg = Message(message_id="", subject="", from_addr="", from_name="", reply_to="", to=(), cc=(), date=None,
                  in_reply_to="", references=(), headers={}, text="", html="", attachments=attachments)
    return read_parsed(msg, rules, ocr=ocr)


def dossier_fields(files: list[tuple[str, bytes]], rules: Rules, ocr: bool = True) -> dict[str, str]:
    """The fields (rules/fields.toml) of files known to be dossiers d'intention (by the rules or by staff),
    read as the mail path reads them; the last file wins."""
    attachments = [Attachment(filename=clean_filename(name), content=content, declared_type="", inline=False)
                   for name, content in files]
    contents = read_files(attachments, ocr=ocr)
    fields: dict[str, str] = {}
    for att in attachments:
        content = contents[att.sha256]
        fields.update(read_fields(content.text, content.form_fields, rules.fields))
    return fields


def read_parsed(msg: Message, rules: Rules, forwarded_by: str = "", ocr: bool = True) -> Reading:
    """Open the containers of a parsed message, read inside every file, classify each, read the dossier's fields."""
    files, flags = unpack(msg.attachments)
    msg = dataclasses.replace(msg, attachments=tuple(files))
    contents = read_files(files, ocr=ocr)
    verdicts = verdicts_for(msg, rules, contents) + flag_verdicts(flags)
    fields = {}
    for v in verdicts:
        if v.outcome == PIECE and v.kind == "dossier" and v.attachment.sha256 in contents:
            content = contents[v.attachment.sha256]
            fields.update(read_fields(content.text, content.form_fields, rules.fields))
    return Reading(msg=msg, forwarded_by=forwarded_by, verdicts=verdicts, fields=fields, contents=contents,
                   flags=flags)


def read_files(files, ocr: bool = True) -> dict[str, Extracted]:
    """What is inside each file, within one time budget for the whole message."""
    deadline = time.monotonic() + READ_BUDGET_SECONDS
    out = {}
    for att in files:
        if att.sha256 in out:
            continue
        left = deadline - time.monotonic()
        out[att.sha256] = extract(att.content, detect_type(att.content), ocr=ocr and left > 5,
                                  timeout=max(1.0, min(60.0, left)))
    return out
