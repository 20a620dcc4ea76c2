"""What the command line shows: text without control characters, JSON for scripts, the outbox's line, a mail.

Subjects, names and titles come from strangers' mail and documents: everything shown passes `echo`.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime

import click

from intake.core import labels
from intake.core.masking import mask_addresses
from intake.core.text import terminal_safe


def echo(text: str = "", **kwargs) -> None:
    """Everything shown to staff passes here: subjects, names and titles come from strangers' mail and
    documents, and must not drive the terminal (escape sequences, control characters are removed)."""
    click.echo(terminal_safe(text), **kwargs)


_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+\s*")


def one_line(text: object) -> str:
    """A value shown on a line of its own ("Projet    : ..."), with its line breaks shown as " ⏎ ": a value
    read from a stranger's mail or document cannot print a line that looks like ours ("Statut : labelled")."""
    return _LINE_BREAKS.sub(" ⏎ ", str(text)).strip()


def one_line_values(data):
    """`data` (dicts, lists, strings, as the case commands return them) with every string made `one_line`."""
    if isinstance(data, str):
        return one_line(data)
    if isinstance(data, dict):
        return {key: one_line_values(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [one_line_values(value) for value in data]
    return data


def json_text(data) -> str:
    """JSON for scripts; the characters json leaves raw that a terminal would obey (DEL, C1, bidi) escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(c if terminal_safe(c) == c or c in "\n" else f"\\u{ord(c):04x}" for c in text)


class SafeFormatter(logging.Formatter):
    """Log lines without control characters or escape sequences (they may quote a stranger's subject), and
    without the e-mail address of anyone but the service itself: the journal (journalctl) keeps what it is given
    for as long as the system's settings say, beyond rules/retention.toml and a person's erasure. A message is
    told by its mailbox and UID, a mail by its outbox number, a case by its reference. A traceback (log.exception,
    uvicorn's) keeps its frames and its exceptions' types, not their texts (pipeline/tracebacks.py)."""

    keep: frozenset[str] = frozenset()  # the service's own addresses, once the configuration is read

    def format(self, record: logging.LogRecord) -> str:
        return terminal_safe(mask_addresses(super().format(record), SafeFormatter.keep))

    def formatException(self, ei) -> str:  # noqa: N802 - logging.Formatter's name
        from intake.pipeline.tracebacks import NOT_LOGGED, without_values

        return without_values(ei[1], NOT_LOGGED) if ei and ei[1] is not None else super().formatException(ei)


def keep_in_logs(settings) -> None:
    """The addresses the logs may name: the watched mailboxes, the service's, the staff's, the digest's, the DPO's."""
    SafeFormatter.keep = frozenset(a.lower() for a in (
        *(m.address for m in settings.mailboxes), settings.service.email, *(m.email for m in settings.staff),
        *settings.digest.recipients, settings.privacy.dpo) if a)


def poll_line(mailbox: str, fetched: int, filed: int, ignored: int, duplicates: int, quarantined: int,
              state: str) -> str:
    """One mailbox after a poll, each count agreeing with its number (0 and 1 singular): `nb : 1 nouveau, 0 classé,
    2 ignorés, 0 copie, 0 en quarantaine (ok)`. One shape for `intake poll` and its quiet path (quickpoll.py)."""
    from intake.core.french import count

    return (f"{mailbox} : {count(fetched, 'nouveau', 'nouveaux')}, {count(filed, 'classé')}, "
            f"{count(ignored, 'ignoré')}, {count(duplicates, 'copie')}, {quarantined} en quarantaine ({state})")


def outbox_line(sent, tz=None) -> str:
    """The outbox after a pass, for staff: what left, what waits for a retry delay and until when."""
    from datetime import datetime

    from intake.core.french import clock, count, date_time

    waiting = f"{sent.waiting} en attente d'un nouvel essai"
    if sent.waiting and sent.next_try is not None:
        when = sent.next_try.astimezone(tz)
        today = datetime.now(when.tzinfo).date() == when.date()
        waiting += f" (prochain essai à {clock(when)})" if today else f" (prochain essai le {date_time(when)})"
    line = (f"courriels : {count(sent.sent, 'envoyé')}, {waiting}, {sent.failed} en échec, "
            f"{count(sent.uncertain, 'incertain')}, {count(sent.cancelled, 'annulé')}")
    if sent.resent:
        line += f", {count(sent.resent, 'renvoyé')} après un envoi interrompu (même Message-ID)"
    if getattr(sent, "relay_error", ""):
        line += f"\nsmtp : ERREUR : {sent.relay_error}"
    return line


def day(iso: str) -> str:
    """`2026-11-28T14:19:02+01:00` -> `28/11/2026`."""
    return datetime.fromisoformat(iso).strftime("%d/%m/%Y")


def print_mail(data: bytes) -> None:
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.default)
    for name in ("Date", "From", "To", "Subject", "Message-ID", "In-Reply-To", "Auto-Submitted"):
        if msg[name]:
            echo(f"{labels.header(name)} : {labels.header_value(name, one_line(msg[name]))}")
    body = msg.get_body(("plain",))
    echo("")
    echo(body.get_content() if body is not None else "(pas de texte)")
