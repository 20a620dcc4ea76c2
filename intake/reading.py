"""Read one message completely: parse, see through forwards, open containers, read inside files, classify.

The IO here is reading file contents (text extraction, OCR); everything it
decides comes from the pure core. Used by the poller, `intake explain` and
`intake reclassify`, so that all three see a message the same way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from intake.core.classify import Verdict, verdicts_for
from intake.core.forward import as_original
from intake.core.message import Message
from intake.core.parse import parse_message
from intake.core.rules import Rules


@dataclass
class Reading:
    msg: Message  # as the original sender's when it is a forward by staff
    forwarded_by: str  # the forwarder's address, or ""
    verdicts: list[Verdict]
    fields: dict[str, str] = dataclasses.field(default_factory=dict)  # read from the dossier (rules/fields.toml)


def read_message(raw: bytes, rules: Rules, watched: frozenset[str], mailbox_address: str,
                 raw_sha256: str = "") -> Reading:
    """Raises ParseError when the message cannot be read at all."""
    msg, forwarded_by = as_original(parse_message(raw, raw_sha256), rules, watched, mailbox_address)
    return Reading(msg=msg, forwarded_by=forwarded_by, verdicts=verdicts_for(msg, rules))
