"""Where a stored message names an address besides its sender: what a person's right of access must list.

Pure: a parsed message (core/parse.py) and an address in, the places that name it out, in French. A filed
message's raw bytes are kept whole (staff read it as it came): besides its `From`, they hold the senders of the
messages it forwards (forwards of forwards, up to five read by the parser, and any deeper in its text), its
recipients, and attached messages (.eml, Outlook's .msg, whose strings are UTF-16) with their own senders and
recipients. `intake person` lists these messages (intake/commands/person.py): they are someone else's case, so
they are not erased, and staff decide.
"""

from __future__ import annotations

import csv
import email
import email.policy
import io
import re

from intake.core.headers import normal_address
from intake.core.masking import quoting, quoting_bytes
from intake.core.message import Message
from intake.core.sniff import detect_type

SUBJECT = "objet du message"
FORWARDED = "expéditeur d'un message transféré"
RECIPIENT = "destinataire du message (À, Cc, Répondre à)"
IN_TEXT = "citée dans le texte du message (un transfert, une signature...)"
ATTACHED = "dans un message joint (.eml, ou .msg d'Outlook)"


def mentions(msg: Message, address: str) -> tuple[str, ...]:
    """Where `msg` names `address` (lower-case) other than as its own sender: () when nowhere."""
    address = normal_address(address)
    found = []
    whole = quoting(address)  # as a whole address: ann@x.fr is not named by joann@x.fr
    if whole.search(msg.subject or ""):
        found.append(SUBJECT)
    if any(a == address for _, a in msg.forwarded_from):
        found.append(FORWARDED)
    if address in (*msg.to, *msg.cc, msg.reply_to):
        found.append(RECIPIENT)
    if whole.search(msg.text or "") or whole.search(msg.html or ""):
        found.append(IN_TEXT)
    if any(detect_type(a.content) in ("eml", "msg") and _names(a.content, address, whole) for a in msg.attachments):
        found.append(ATTACHED)
    return tuple(found)


def _names(content: bytes, address: str, whole: re.Pattern[str]) -> bool:
    """Does an attached .eml or Outlook .msg name the address: in UTF-8, or in UTF-16 (Outlook's strings), at
    either byte alignment."""
    if quoting_bytes(address).search(content):
        return True
    if address.encode("utf-16-le") not in content.lower():
        return False
    return any(whole.search(content[start:].decode("utf-16-le", "replace")) for start in (0, 1))


def digest_lines(raw: bytes, address: str, reference: str = "") -> list[dict[str, str]]:
    """The lines of a staff digest's CSV (one per open case, core/digest.py `cases_csv`) that name `address` (or, with
    `reference` and no address, the case of a paper application without one), keyed by the CSV's own column names:
    what the digest said of that person's cases."""
    whole = quoting(normal_address(address)) if address else re.compile(rf"(?<![\w-]){re.escape(reference)}(?![\w-])")
    out: list[dict[str, str]] = []
    for part in email.message_from_bytes(raw, policy=email.policy.default).walk():
        if part.get_content_type() != "text/csv":
            continue
        payload = part.get_payload(decode=True)
        text = payload.decode("utf-8-sig", "replace") if isinstance(payload, bytes) else ""
        out += [row for row in csv.DictReader(io.StringIO(text), delimiter=";")
                if any(whole.search(value or "") for value in row.values())]
    return out
