"""Read a bounce (DSN, multipart/report, Exchange or Postfix NDR): which mail, which address, how final.

Pure. Standard reports (RFC 3464) are read from their delivery-status part;
for the others, the status codes and addresses found in the text are used.
A bounce is believed only when it refers to a mail we sent (`believe`): anyone can
write "MAILER-DAEMON" and "550 5.1.1" above any address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.core.message import Message
from intake.core.outgoing import wire_address

_STATUS = re.compile(r"^Status:\s*([245])\.(\d{1,3})\.(\d{1,3})", re.IGNORECASE | re.MULTILINE)
_RECIPIENT = re.compile(r"^(?:Final|Original)-Recipient:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)",  # folded too
                        re.IGNORECASE | re.MULTILINE)
_ACTION = re.compile(r"^Action:\s*(\w+)", re.IGNORECASE | re.MULTILINE)
# an enhanced status code in the text (RFC 3463), never three numbers of a dotted IP address: Exim writes the
# remote host's address ("host mx.example [185.4.12.33]") above the code (a 4.12.33 was read as a temporary failure)
_TEXT_STATUS = re.compile(r"(?<![\d.])([45])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)")
_TEXT_SMTP = re.compile(r"\b([45])\d\d[ -]")
_TOKEN = re.compile(r"[0-9a-f]{8,32}")
# an address starts where the characters of its local part start: tried once per run of them, not at each of its
# characters (a long run without "@" would cost its length squared)
_ADDRESS = re.compile(r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
MAX_TEXT = 20_000  # characters of a bounce's human-readable text read: what a mail server writes fits in far less


@dataclass(frozen=True)
class Bounce:
    original_ids: tuple[str, ...]  # Message-IDs of the mail that bounced
    recipients: tuple[str, ...]  # the addresses that failed, lower-case
    status: str  # e.g. "5.1.1", or "" when unknown
    permanent: bool  # a 5.x.x failure: do not write to this address again
    never_again: tuple[str, ...] = ()  # of `recipients`, those never to be written to again (`believe` says which)
    delivered: bool = False  # a delivery receipt (every Action `delivered`, `relayed` or `expanded`): no failure
    delayed: bool = False  # a warning that delivery is delayed (Action `delayed`): the server tries again
    full: bool = False  # the recipient's mailbox is full (X.2.2): not delivered, the address still good

    @property
    def summary(self) -> str:
        kind = ("remis" if self.delivered else "échec définitif" if self.permanent
                else "remise retardée, le serveur du destinataire réessaie" if self.delayed
                else "boîte du destinataire pleine, l'adresse reste utilisée" if self.full
                else "échec temporaire ou retard")
        return f"{kind} {self.status or '(sans code)'} pour {', '.join(self.recipients) or 'destinataire inconnu'}"

    @property
    def undelivered(self) -> bool:
        """The mail did not reach its recipient and nobody is trying any more: a failure, permanent or not (a full
        mailbox, a server that gave up after days: « Action: failed » with a 4.x.x status)."""
        return not (self.delivered or self.delayed)

    @property
    def failure(self) -> str:
        """What the mail it names records as its last error (French): "" for a delivery receipt, which is none."""
        if self.delivered:
            return ""
        return self.summary if self.delayed and not self.permanent else f"non remis : {self.summary}"


def read_bounce(msg: Message) -> Bounce:
    said = msg.text[:MAX_TEXT]  # the report is bounded by the parser (core/parse.py)
    text = msg.report + "\n" + said
    statuses = _STATUS.findall(msg.report) or _TEXT_STATUS.findall(said)
    actions = {a.lower() for a in _ACTION.findall(msg.report)}
    # a delivery receipt (Exchange's « Remis : », a DSN asked with NOTIFY=SUCCESS) is a report too, of success
    delivered = bool(actions) and actions <= {"delivered", "relayed", "expanded"} and not any(
        s[0] in "45" for s in _STATUS.findall(msg.report))
    if delivered:
        status = ".".join(statuses[0]) if statuses else ""
        permanent = False
    elif statuses:
        status = ".".join(statuses[0])
        # X.2.2 « mailbox full » (RFC 3463: permanent or persistent transient; Gmail, Exchange and Orange send 5.2.2):
        # the mailbox exists and its owner empties it; marked never to be written to again, the applicant lost every
        # later mail of their case (the completion notice, the decision), staff could not send them again
        permanent = any(s[0] == "5" and s[1:] != ("2", "2") for s in statuses) and actions != {"delayed"}
    else:
        smtp = _TEXT_SMTP.findall(said)
        status = ""
        permanent = bool(smtp) and smtp[0] == "5"
    recipients = [r for r in map(_recipient, _RECIPIENT.findall(msg.report)) if r]
    if not recipients:
        ids = {i.lower() for i in msg.enclosed_ids}
        recipients = [a.lower() for a in _ADDRESS.findall(text) if not _is_reporting(a.lower(), msg)
                      and a.lower() not in ids]
    return Bounce(original_ids=msg.enclosed_ids, recipients=tuple(dict.fromkeys(recipients)), status=status,
                  permanent=permanent, delivered=delivered, delayed="delayed" in actions and not permanent,
                  full=not delivered and not permanent and any(s[1:] == ("2", "2") for s in statuses))


def _recipient(value: str) -> str:
    """The address of a Final-/Original-Recipient value (`rfc822; <a@b.example>`), lower-case; "" when it is
    none. Read by hand, not by one pattern: a long line would make that pattern try each of its splits."""
    kind, separator, address = " ".join(value.split()).partition(";")
    if not separator or kind.strip().lower() not in ("", "rfc822", "utf-8"):
        return ""
    address = address.strip()
    address = address[1:] if address.startswith("<") else address
    address = address[:-1] if address.endswith(">") else address
    local, at, domain = address.partition("@")
    if not (local and at and domain) or any(c.isspace() or c in "<>" for c in address):
        return ""
    return address.lower()


def _is_reporting(address: str, msg: Message) -> bool:
    local = address.split("@")[0]
    return address == msg.from_addr or local in ("mailer-daemon", "postmaster") or address in msg.to


@dataclass(frozen=True)
class SentMail:
    """One of our own mails that an incoming message refers to (looked up by the shell)."""

    message_id: str
    to_addr: str
    case_id: int | None
    how: str = ""  # how the bounce names it: "Message-ID" or "adresse de retour marquée"


def believe(bounce: Bounce, ours: tuple[SentMail, ...]) -> tuple[Bounce | None, str]:
    """A bounce changes nothing unless it refers to a mail we sent: its returned headers,
    Original-Message-ID or In-Reply-To name one of our Message-IDs, or it came back to the tagged
    envelope sender of one of our mails. Only the addresses we sent that mail to can then be marked
    undeliverable (`never_again`), and only those of mail about a case: the staff's own mail (the digest, a
    sign-in link: about no case) coming back says that a colleague's mailbox failed, never that the service must
    stop writing to it (a full mailbox would have kept its owner from signing in, silently, for good).
    Returns (the bounce as believed, "") or (None, why it is not believed)."""
    if not ours:
        return None, "ne se rapporte à aucun courriel envoyé par le service (ni Message-ID, ni adresse de retour " \
                     "marquée) : ignoré"
    sent_to = tuple(dict.fromkeys(m.to_addr for m in ours))
    # a report names the address as it travelled: a Unicode domain in its ASCII form (core/outgoing.wire_address)
    known = {wire_address(a).lower(): a for a in sent_to} | {a: a for a in sent_to}
    failed = tuple(dict.fromkeys(known[r] for r in bounce.recipients if r in known)) if bounce.recipients else sent_to
    about_cases = {m.to_addr for m in ours if m.case_id is not None}
    return Bounce(original_ids=tuple(dict.fromkeys(m.message_id for m in ours)), recipients=failed,
                  status=bounce.status, permanent=bounce.permanent, delivered=bounce.delivered, delayed=bounce.delayed,
                  full=bounce.full,
                  never_again=tuple(r for r in failed if r in about_cases) if bounce.permanent else ()), ""


def bounce_tag(reference_prefix: str, message_id: str) -> str:
    """The per-mail tag of our envelope sender: `bsc-<the random token of our Message-ID>`."""
    token = message_id.split("@", 1)[0].rsplit(".", 1)[-1]
    return f"{reference_prefix.lower()}-{token}"


def tagged_sender(address: str, separator: str, tag: str) -> str:
    """`n.bataillon@ville-bethune.fr` -> `n.bataillon+bsc-1a2b…@ville-bethune.fr` (sub-addressing)."""
    local, _, domain = address.partition("@")
    return f"{local}{separator}{tag}@{domain}" if separator and tag else address


def tags_in(msg: Message, watched: frozenset[str], separator: str, reference_prefix: str) -> tuple[str, ...]:
    """The tokens of our tagged envelope senders a message was delivered to (To, Delivered-To, X-Original-To)."""
    if not separator:
        return ()
    locals_ = {a.partition("@")[0]: a.partition("@")[2] for a in watched}
    start = f"{reference_prefix.lower()}-"
    values = list(msg.to) + [v for name in ("delivered-to", "x-original-to", "envelope-to")
                             for v in msg.headers.get(name, ())]
    found = []
    for value in values:
        for address in _ADDRESS.findall(value.lower()):
            local, _, domain = address.partition("@")
            base, sep, tag = local.partition(separator)
            token = tag[len(start):]
            if sep and locals_.get(base) == domain and tag.startswith(start) and _TOKEN.fullmatch(token):
                found.append(token)
    return tuple(dict.fromkeys(found))
