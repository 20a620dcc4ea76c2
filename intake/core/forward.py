"""A forward by staff or a colleague is the original applicant's message.

Pure. When a watched address or an address the rules trust (`forwarders`)
forwards a message, the case is filed under the original sender (never under
an address merely found in the body of someone else's mail), and the answer
goes to that sender from the watched address that received the forward.
"""

from __future__ import annotations

import dataclasses
from fnmatch import fnmatchcase

from intake.core.message import Message
from intake.core.rules import Rules
from intake.core.text import fold


def as_original(msg: Message, rules: Rules, watched: frozenset[str], mailbox_address: str) -> tuple[Message, str]:
    """(the message as the original sender's, the forwarder's address) or (msg, "") when it is no such forward."""
    trusted = msg.from_addr in watched or any(fnmatchcase(fold(msg.from_addr), p) for p in rules.forwarders)
    if not trusted or not msg.forwarded_from:
        return msg, ""
    name, original = next(((n, a) for n, a in msg.forwarded_from if a not in watched and a != msg.from_addr),
                          ("", ""))
    if not original:
        return msg, ""
    as_sent = dataclasses.replace(msg, from_addr=original, from_name=name, reply_to="", to=(mailbox_address,), cc=())
    return as_sent, msg.from_addr
