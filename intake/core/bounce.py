"""Read a bounce (DSN, multipart/report, Exchange or Postfix NDR): which mail, which address, how final.

Pure. Standard reports (RFC 3464) are read from their delivery-status part;
for the others, the status codes and addresses found in the text are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.core.message import Message

_STATUS = re.compile(r"^Status:\s*([245])\.(\d{1,3})\.(\d{1,3})", re.IGNORECASE | re.MULTILINE)
_RECIPIENT = re.compile(r"^(?:Final|Original)-Recipient:\s*(?:rfc822|utf-8)?\s*;\s*<?([^\s<>]+@[^\s<>]+?)>?\s*$",
                        re.IGNORECASE | re.MULTILINE)
_ACTION = re.compile(r"^Action:\s*(\w+)", re.IGNORECASE | re.MULTILINE)
_TEXT_STATUS = re.compile(r"\b([45])\.(\d{1,3})\.(\d{1,3})\b")
_TEXT_SMTP = re.compile(r"\b([45])\d\d[ -]")
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Bounce:
    original_ids: tuple[str, ...]  # Message-IDs of the mail that bounced
    recipients: tuple[str, ...]  # the addresses that failed, lower-case
    status: str  # e.g. "5.1.1", or "" when unknown
    permanent: bool  # a 5.x.x failure: do not write to this address again

    @property
    def summary(self) -> str:
        kind = "échec définitif" if self.permanent else "échec temporaire ou retard"
        return f"{kind} {self.status or '(sans code)'} pour {', '.join(self.recipients) or 'destinataire inconnu'}"


def read_bounce(msg: Message) -> Bounce:
    text = msg.report + "\n" + msg.text
    statuses = _STATUS.findall(msg.report) or _TEXT_STATUS.findall(msg.text)
    actions = {a.lower() for a in _ACTION.findall(msg.report)}
    if statuses:
        status = ".".join(statuses[0])
        permanent = any(s[0] == "5" for s in statuses) and actions != {"delayed"}
    else:
        smtp = _TEXT_SMTP.findall(msg.text)
        status = ""
        permanent = bool(smtp) and smtp[0] == "5"
    recipients = [r.lower() for r in _RECIPIENT.findall(msg.report)]
    if not recipients:
        ids = {i.lower() for i in msg.enclosed_ids}
        recipients = [a.lower() for a in _ADDRESS.findall(text) if not _is_reporting(a.lower(), msg)
                      and a.lower() not in ids]
    return Bounce(original_ids=msg.enclosed_ids, recipients=tuple(dict.fromkeys(recipients)), status=status,
                  permanent=permanent)


def _is_reporting(address: str, msg: Message) -> bool:
    local = address.split("@")[0]
    return address == msg.from_addr or local in ("mailer-daemon", "postmaster") or address in msg.to
