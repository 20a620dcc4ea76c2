"""What the policy asks the shell to do, as values: the core decides, `intake/apply.py` carries out.

Every door that changes a case returns a tuple of these: a message (`decide`), a postal application,
a staff correction or decision, a merge, a reclassification, a reminder. The shell carries them out in
order, in the caller's transaction, with one `match`; it decides nothing. Effects that name no case
apply to "the case": the one `OpenCase` opened, or the one the caller gave.

    OpenCase        a new case (the shell gives it the next reference of its year)
    OnCase          the effects that follow are about this existing case (the message is filed on it)
    AddressOnCase   an address that may speak for the case (and, for `applicant`, gets its mail)
    SetApplicant    from now on, the case's mail goes to this address
    AddPieces       files onto the case (a file it already holds is not added twice)
    MailedToo       files staff added by hand that the message being filed brings too: they become its own
    RemovePiece     a piece staff added by mistake leaves the case (its file too, once nothing else names it)
    SetPieceKind    a piece's kind changed (by staff, or by the rules in force)
    SetPieceAlso    the other kinds a file appears to hold too, and what staff said of them (core/completeness.py)
    SetStatus       the case's status and its reason
    SetFields       what the dossier says (`refresh`: read again from the dossiers the case holds now;
                    `staff`: set by hand, kept when a dossier is read again)
    SetReceived     the date of receipt, as staff corrected it
    SetAttention    what staff must look at ("" : nothing any more)
    Cited           a stranger cited a case: its history says so, and the case, if any, is linked to it
    QueueMail       render and queue a mail about the case
    WithdrawMail    cancel the case's mails of a kind that have not gone out (queued, never tried), if still so
    RecordBounce    a bounce we believe: the mails it names, and the addresses that failed for good
    FlagAddress     an address that bounced for good or writes in a loop
    Event           a line of a case's history (another case's when `case_id` is given)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from intake.core.bounce import Bounce
from intake.core.classify import Verdict
from intake.core.statuses import CaseStatus


@dataclass(frozen=True)
class OpenCase:
    applicant: str
    applicant_name: str
    title: str
    reply_from: str  # the watched address our mail about the case is sent from
    received_at: datetime  # its reference takes the year of this date (local time)
    status: CaseStatus
    reason: str
    attention: str = ""


@dataclass(frozen=True)
class OnCase:
    case_id: int


@dataclass(frozen=True)
class AddressOnCase:
    address: str
    role: str  # core/applicants.py: applicant | named
    source: str  # opening | forward | reply-to | cc | staff
    authenticated: bool = False  # the town's server authenticated the message that opened the case from it
    domain: str = ""  # the domain its new cases count with (core/sender_domain.py `counted_domain`; "" : none)


@dataclass(frozen=True)
class SetApplicant:
    address: str


@dataclass(frozen=True)
class AddPieces:
    files: tuple[Verdict, ...]
    inbound_id: int | None = None  # the message that brought them; None: the message being handled, if any
    arrived_at: datetime | None = None  # files staff add by hand: when they came (a message's: its own arrival)


@dataclass(frozen=True)
class MailedToo:
    """Files the case holds because staff added them by hand (`sha256s`), which the message being filed brings
    too: from now on they are that message's, the applicant's evidence (casework.PieceState `added_by_hand`: no
    longer; core/by_hand.py `removal` refuses them). The day staff said they came stays."""
    sha256s: tuple[str, ...]


@dataclass(frozen=True)
class RemovePiece:
    piece_id: int


@dataclass(frozen=True)
class SetPieceKind:
    piece_id: int
    kind: str | None  # None: not a piece (manual), or a document to check
    manual: bool
    evidence: str


@dataclass(frozen=True)
class SetPieceAlso:
    piece_id: int
    also: tuple[tuple[str, str], ...]  # (kind, state): core/completeness.py TO_VERIFY, CONFIRMED, DENIED


@dataclass(frozen=True)
class SetStatus:
    status: CaseStatus
    reason: str
    touch: bool = False  # the case counts as updated even when neither changes (staff worked on it)


@dataclass(frozen=True)
class SetFields:
    """The newest dossier wins; its `titre` names the case (unless `retitle` is False: staff gave a title)."""

    fields: dict[str, str] = field(default_factory=dict)
    refresh: bool = False  # forget the fields read so far and read them again from the case's dossiers
    retitle: bool = True
    staff: bool = False  # staff set these by hand: no dossier read later replaces them ("" : cleared by staff)


@dataclass(frozen=True)
class SetReceived:
    received_at: datetime


@dataclass(frozen=True)
class SetAttention:
    text: str


@dataclass(frozen=True)
class Cited:
    case_id: int  # the case the stranger named
    sender: str
    where: str  # "boîte NAME, UID n"
    noted: bool = True  # its history says so (at most MAX_CITED_A_DAY times in 24 hours: core/filing.py)


def cited_note(sender: str, where: str) -> str:
    """What the cited case's history says of a `Cited` (its event `cited`)."""
    return (f"un tiers ({sender}) cite ce dossier ({where}) : rien ne lui a été dit de ce dossier ; à rattacher "
            "seulement s'il s'agit du même demandeur")


_CITED_SENDER = re.compile(r"un tiers \(([^()\s]+@[^()\s]+)\) cite ce dossier")


def cited_sender(detail: str) -> str:
    """The stranger's address a `cited_note` names: "" when it names none (any more: store/purging.py `citers`)."""
    found = _CITED_SENDER.match(detail)
    return found.group(1) if found else ""


@dataclass(frozen=True)
class QueueMail:
    kind: str  # acknowledgement | update | completion | reminder | decision/STATUS
    to_addr: str
    from_addr: str
    key: str  # what it says, so that the same mail is not sent twice in a row
    reminder_number: int = 0
    last_reminder: bool = False
    note: str = ""  # staff's words (a decision notice)
    held: str = ""  # why it waits for staff instead of going out (core/replies.py, `stale`); "" : it goes
    shown_status: str = ""  # the status the mail speaks of, when not the case's own (a third party's case)
    answers: bool = True  # it answers an incoming message (Auto-Submitted: auto-replied); False: staff's doing
    typed: tuple[str, ...] = ()  # missing kinds the applicant's mail reads as, typed rather than attached
    set_aside: tuple[str, ...] = ()  # the documents with macros the applicant's mail brought


@dataclass(frozen=True)
class WithdrawMail:
    """Cancel the case's mails of `kind` that have not gone out: queued and never tried, or held for staff
    (store/outbox.py `withdraw`: a mail a sender took meanwhile goes, as it is). The history says `withdrawn`, or
    `too_late` when none could be cancelled any more (the shell tells which: pipeline/apply.py `Applied`)."""
    kind: str
    why: str  # the cancelled mail's last error (intake outbox list --all, the case's mails)
    withdrawn: str
    too_late: str
    retrying: bool = False  # one waiting for a new try after a failure is cancelled too (core/sending.withdrawable)


@dataclass(frozen=True)
class RecordBounce:
    bounce: Bounce


@dataclass(frozen=True)
class FlagAddress:
    address: str
    reason: str
    undeliverable: bool = False
    looping: bool = False


@dataclass(frozen=True)
class Event:
    kind: str
    detail: str
    case_id: int | None = None  # None: the case the effects are about


Effect = (OpenCase | OnCase | AddressOnCase | SetApplicant | AddPieces | MailedToo | RemovePiece | SetPieceKind
          | SetPieceAlso | SetStatus | SetFields | SetReceived | SetAttention | Cited | QueueMail | WithdrawMail
          | RecordBounce | FlagAddress | Event)
