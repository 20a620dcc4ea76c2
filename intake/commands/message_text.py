"""A stored message taken apart as text, to show it to staff (a quarantined message, on the command line and
in the console; the console's mail view reads HTML parts the same way). Nothing in it is ever run or rendered,
and the work is bounded: its parts are counted by the parser as it makes them (core/mimetree.py `parse_tree`),
which stops a chunk past MAX_PARTS, whatever the boundaries look like; its headers are read from its first
HEAD_BYTES; text is cut to MAX_TEXT characters a part and MAX_VALUE a header. And in time: staff see a stored
message taken apart in a reading process, within `view_seconds` (`taken_apart_in_time`, `parsed_as_polled`),
never in the console's or the command's own process; past it they are told why (`why_not_shown`) and offered the
message as it came (.eml).
"""

from __future__ import annotations

import email.message
import email.policy
import unicodedata
from concurrent.futures import CancelledError
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from typing import TYPE_CHECKING

from intake.core.arrival import PARSE_OUT_OF_TIME
from intake.core.charset import decoded_text
from intake.core.french import size
from intake.core.headers import decoded_header
from intake.core.htmltext import html_as_text
from intake.core.mimetree import PartBudget, decode_filename, parse_tree
from intake.errors import OverLimit, ReaderCrashed, ReadersBusy

if TYPE_CHECKING:
    from intake.app import App
    from intake.core.message import Message

MAX_HEADERS = 200
MAX_PARTS = 300  # parts shown; the parse stops soon after this many
HEAD_BYTES = 1_000_000  # the headers are read from this much of the message at most
MAX_TEXT = 4000  # characters shown of each text part
MAX_VALUE = 2000  # characters shown of each header
HTML_READ = 1_000_000  # characters of an HTML part read for its text (MAX_TEXT of them are shown)
SHOWN_READ = 4 * MAX_TEXT  # characters of a text read to show MAX_TEXT once control characters are dropped
# a stored message is taken apart for staff to look at within this ([limits] read_seconds if shorter), in a reading
# process: one the poller took 18 s to parse (45 MB of undeclared 8-bit text) held a console's worker 18 s at every
# view; a quarantined one of 45 MB of bare line ends, 7 s (`taken_apart`)
MESSAGE_SECONDS = 30


@dataclass(frozen=True)
class Part:
    number: str  # "1", "1.2", ... as in a mail program
    content_type: str
    filename: str
    disposition: str
    size: int  # bytes, decoded
    text: str  # text parts: their text (HTML as text, without markup); "" for files


Taken = tuple[tuple[tuple[str, str], ...], tuple[Part, ...], str]  # what `taken_apart` gives: headers, parts, note


def taken_apart(raw: bytes) -> Taken:
    """The message's headers and parts, as text, and a note saying what is not shown ("" : everything is): the
    quarantine's view, every header as written and the MIME structure part by part (not the poller's reading of it:
    a suspect message is looked at for what it is made of). Bounded in parts and characters, not in time: staff's
    views run it in a reading process (`taken_apart_in_time`)."""
    headers = _headers(raw)
    budget = PartBudget(MAX_PARTS)
    try:
        tree = parse_tree(raw, budget, policy=email.policy.default, partial=True)
        parts, truncated = _parts(tree)
    except Exception as exc:  # noqa: BLE001 - hostile bytes: say what failed, show the headers anyway
        return headers, (), f"structure illisible ({type(exc).__name__}: {safe_text(str(exc))})"
    notes = []
    if budget.headers_cut:
        notes.append(f"en-têtes de plus de {size(budget.max_header_bytes)} : coupés pour l'affichage")
    if truncated or (budget.over and budget.made > MAX_PARTS):
        notes.append(f"plus de {MAX_PARTS} parties MIME : seules les {min(len(parts), MAX_PARTS)} premières sont "
                     "montrées")
    return headers, tuple(parts), " ; ".join(notes)


def view_seconds(app: App) -> float:
    """How long a stored message may be taken apart for staff to look at: [limits] read_seconds, MESSAGE_SECONDS at
    most."""
    return min(app.settings.limits.read_seconds, MESSAGE_SECONDS)


def taken_apart_in_time(app: App, raw: bytes, seconds: float | None = None) -> Taken:
    """`taken_apart`, in a reading process (adapters/readers.py `ReaderPool.taken_apart`) within `seconds` (default
    `view_seconds`), never in the caller's own process: its parts are bounded, not its time, and a quarantined
    message (the suspect kind) of 45 MB of bare line ends held the console's process 7 s at every view. Raises what
    `why_not_shown` explains (NOT_SHOWN_ERRORS)."""
    from intake.adapters.readers import ReaderPool
    from intake.adapters.scratch import scratch_root

    with ReaderPool(1, scratch_root(app.settings.data_dir)) as pool:
        return pool.taken_apart(raw, view_seconds(app) if seconds is None else seconds)


# a reading process that ran out of time or over a limit (OverLimit), was killed (ReaderCrashed: its memory cap), could
# not start (RuntimeError, CancelledError), or could not be had (ReadersBusy: the console's are all taken)
NOT_SHOWN_ERRORS = (OverLimit, ReaderCrashed, ReadersBusy, RuntimeError, CancelledError)


def why_not_shown(exc: BaseException) -> str:
    """Why a message is not shown to staff, in French, after `taken_apart_in_time` or `parsed_as_polled` raised
    `exc` (one of NOT_SHOWN_ERRORS): never the settings' names, nor a traceback."""
    if isinstance(exc, OverLimit):
        return ("le lire prend plus de temps que ce que permet une page, sans doute parce qu'il est très lourd ou "
                "construit pour ralentir sa lecture" if PARSE_OUT_OF_TIME in str(exc) else
                "il dépasse les limites de lecture d'un message (parties, taille des en-têtes)")
    if isinstance(exc, ReadersBusy):
        return str(exc)
    return "le processus qui le lisait s'est arrêté"


def parsed_as_polled(app: App, raw: bytes, raw_sha256: str, seconds: float | None = None) -> Message:
    """A stored message parsed as the poller parses mail (pipeline/read.py): in a reading process
    (adapters/readers.py `ReaderPool.parse`), within [limits] max_parts and max_header_bytes and `seconds` (default
    [limits] read_seconds), never in the caller's own process. A message shaped to be slow to take apart (tens of MB of
    undeclared 8-bit text: 18 s), opened by staff in the console, must not hold the console's process as it would have
    held the poller. Raises OverLimit (over a limit, or out of time: core/arrival.py `parse_out_of_time`), ParseError,
    ReaderCrashed."""
    from intake.adapters.readers import ReaderPool
    from intake.adapters.scratch import scratch_root

    limits = app.settings.limits
    with ReaderPool(1, scratch_root(app.settings.data_dir)) as pool:
        msg, _spent = pool.parse(raw, raw_sha256, limits.max_parts,
                                 limits.read_seconds if seconds is None else seconds, limits.max_header_bytes)
    return msg


def safe_text(text: str) -> str:
    """Text fit for a terminal or a page: no control or escape characters (line breaks and tabs stay)."""
    return "".join(c for c in str(text) if c in "\n\t" or unicodedata.category(c)[0] != "C")


def _headers(raw: bytes) -> tuple[tuple[str, str], ...]:
    head = BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw[:HEAD_BYTES])
    out = []
    for name, value in list(head.raw_items())[:MAX_HEADERS]:
        # decoded as the message is when filed (core/headers.py): a word declared UTF-8 in Windows-1252 bytes, or
        # ISO-8859-1 in UTF-8 bytes, showed here as « =?utf-8?Q?B=E9thune?= » or « BÃ©thune »
        out.append((safe_text(name)[:100], safe_text(decoded_header(value))[:MAX_VALUE]))
    return tuple(out)


def _filename(part) -> str:
    """The part's file name as when the message is filed (core/mimetree.py `decode_filename`, on the compat32
    tree's raw parameters): this tree's policy decodes names itself, and showed « Lettre signÃ©e au Maire.pdf »
    where the case says « Lettre signée au Maire.pdf »."""
    fields = email.message.Message()
    for key, value in part.raw_items():
        if key.lower() in ("content-type", "content-disposition"):
            fields[key] = value
    return decode_filename(fields)


def _parts(tree) -> tuple[list[Part], bool]:
    out: list[Part] = []

    def walk(part, number: str, depth: int) -> None:
        if len(out) >= MAX_PARTS or depth > 20:
            return
        ctype = safe_text(part.get_content_type())
        if part.is_multipart():
            out.append(Part(number or "0", ctype, "", "", 0, ""))
            for i, sub in enumerate(part.iter_parts(), 1):
                walk(sub, f"{number}.{i}" if number else str(i), depth + 1)
            return
        try:
            filename = safe_text(_filename(part))
        except Exception:  # noqa: BLE001
            filename = "(nom illisible)"
        payload = part.get_payload(decode=True) or b""
        text = ""
        if part.get_content_maintype() == "text" and not filename:
            html = part.get_content_subtype() == "html"
            # what is shown comes from its start (4 bytes a character at most): a 40 MB part is not decoded and
            # cleaned whole to show 4,000 characters; read as everywhere else (core/charset.py), so that a
            # body declared UTF-8 and written in Windows-1252 reads as filed, not « B�thune »
            head = payload[:(HTML_READ if html else SHOWN_READ) * 4]
            try:
                charset = part.get_content_charset()
            except Exception:  # noqa: BLE001 - a hostile parameter: nothing declared
                charset = None
            text = decoded_text(head, charset, html=html, cut=len(head) < len(payload))
            if html:
                text = html_as_text(text[:HTML_READ])
            text = safe_text(text[:SHOWN_READ])[:MAX_TEXT]
        out.append(Part(number or "1", ctype, filename[:300], safe_text(part.get_content_disposition() or ""),
                        len(payload), text))

    walk(tree, "", 0)
    return out, len(out) >= MAX_PARTS


