"""What the message policy is given, and what it returns: the values of core/decide.py.

`Context` is what the database knows that the policy needs (intake/pipeline/lookup.py gathers it): an
earlier copy, the cases the message points at, what was already sent to its sender, where and when the
message came, what its dossier says. `Decision` is the policy's answer: a fate and why, and the effects
that carry it out (core/effects.py; core/filing.py makes them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from intake.core.bounce import Bounce, SentMail
from intake.core.classify import Verdict
from intake.core.completeness import Assessment
from intake.core.effects import Effect
from intake.core.origin import Origin
from intake.core.statuses import Fate
from intake.core.thread import CaseView, Clues
from intake.core.trust import SenderCheck


@dataclass(frozen=True)
class Arrival:
    """Where and when a message came: its ledger line (mailbox name, UID) and the server's date."""

    mailbox: str = ""
    uid: int = 0
    received_at: datetime = datetime(1970, 1, 1, tzinfo=timezone.utc)
    read_at: datetime | None = None  # when a poll first read it (None: staff retried it; `intake explain`)


@dataclass(frozen=True)
class Earlier:
    """A message already recorded under the same identity (its Message-ID; without one, a digest of its content)."""

    mailbox: str
    uid: int
    fate: Fate
    case_id: int | None
    fingerprint: str = ""  # Message.fingerprint, kept only with the content (filed, quarantined); "" : not known
    sender: str = ""
    copy_key: str = ""  # core/copykey.py, kept with the fingerprint

    @property
    def where(self) -> str:
        return f"boîte {self.mailbox}, UID {self.uid}" + (f", de {self.sender}" if self.sender else "")


def sort_copies(fingerprint: str, recorded: list[Earlier], copy_key: str = "") -> tuple[Earlier | None, Earlier | None]:
    """(the earlier copy of this message, another message that reused its Message-ID), oldest first.

    Duplicates are judged by content: a copy has the same fingerprint. Only a message whose content is
    kept (filed or quarantined) keeps its fingerprint (GDPR minimisation): for an ignored one, a message
    reduced to its trace, or a row older than fingerprints, the content is not known (see `decide`).
    `copy_key`: of a message known only by its headers (core/copykey.py), whose fingerprint is not known:
    a copy has the same key."""
    same = next((e for e in recorded if e.fingerprint == fingerprint or (copy_key and e.copy_key == copy_key)), None)
    unknown = next((e for e in recorded if not e.fingerprint), None)
    other = next((e for e in recorded if e.fingerprint and e.fingerprint != fingerprint), None)
    earlier = same or unknown
    return earlier, other if same is None else None


@dataclass(frozen=True)
class Budget:
    """What was already sent to, or received from, this correspondent in the last 24 hours."""

    sent_to_recipient: int = 0
    received_from_sender: int = 0  # earlier messages from the sender that joined or answered a case
    undeliverable: bool = False  # a permanent bounce was recorded for the address
    last_key_to_recipient: str = ""  # content key of the last mail sent to the address


@dataclass(frozen=True)
class Context:
    watched: frozenset[str]  # every watched address, lower-case
    mailbox_address: str  # the watched address of the mailbox this copy came from
    system_id: str  # our X-Intake-Loop value
    earlier: Earlier | None = None  # a copy already recorded: the same content, or content not known
    clues: Clues = Clues()
    budget: Budget = Budget()
    mails_24h_by_case: dict[int, int] = field(default_factory=dict)  # case id -> mails sent in 24 h
    acknowledgements_24h: int = 0  # acknowledgements of new cases queued in 24 h, to anyone (replies.flood)
    answers_24h: int = 0  # automatic mails to applicants queued in 24 h, to anyone (replies.busy)
    forwarded_by: str = ""  # the message is a forward by this (trusted) address: see core/forward.py
    claimed_by: str = ""  # a town address whose forward could not be authenticated
    blockless: bool = False  # that forward names nobody: no block found (core/forward.py `blockless`)
    quoted: str = ""  # the original sender such a forward names
    forward_evidence: str = ""  # why the forward was trusted or not (French)
    via: str = ""  # a file-transfer service's notice read as the person's message: the service (core/transfer.py)
    budgets: dict[str, Budget] = field(default_factory=dict)  # by recipient other than the sender (case applicants)
    our_mails: tuple[SentMail, ...] = ()  # our own mails the message refers to (bounces)
    reused: Earlier | None = None  # another message (other content) already came with this Message-ID
    arrival: Arrival = Arrival()  # where and when it came (`intake explain` has none: no effects to carry out)
    fields: Mapping[str, str] = field(default_factory=dict)  # what its dossier says (rules/fields.toml)
    answer_within: timedelta | None = None  # how late after its arrival an automatic answer may go (replies.stale)
    # when a backup was restored (`intake outbox restored`): an answer to mail that came before it may have gone
    restored_at: datetime | None = None
    sender: SenderCheck = SenderCheck()  # what the town's server says of the sender's domain (core/trust.py)
    copy_key: str = ""  # the message is only its header block, with this copy key (core/copykey.py)
    # cases its sender opened in the last 24 hours (an unverified sender's counted apart: core/decide.py `capped`),
    # and how many they may open ([limits] cases_per_sender_per_day; 0: no cap, a message staff file anyway)
    cases_opened: int = 0
    cases_cap: int = 0
    # an automatic sender's mail (a web form's) that names its applicant in Reply-To (core/origin.py `named_by_robot`):
    # the applicant, the cases this sender opened in 24 hours naming that applicant, and the sender's own cap on all
    # the cases it opens ([limits] cases_per_robot_per_day)
    robot_named: str = ""
    robot_opened_for: int = 0
    robot_cap: int = 0
    # the registrable domain its sender's new cases count with (core/sender_domain.py `counted_domain`; "" : none,
    # a big mail provider's, the town's own), the cases its addresses opened in 24 hours (an unverified sender's
    # counted apart), and how many they may open together ([limits] cases_per_domain_per_day; 0: no cap)
    # (a sender the town's server authenticated, `domain_authenticated`: those of authenticated senders only, anyone
    # can write mail no server vouches for in a domain's name; the address it opens a case from is recorded so)
    domain: str = ""
    domain_opened: int = 0
    domain_cap: int = 0
    domain_authenticated: bool = False
    # the cases every sender the town's server did not authenticate opened in 24 hours, together (a forged sender's
    # counted apart), and how many they may open ([limits] unauthenticated_cases_per_day; 0: no cap, or authenticated)
    unauthenticated_opened: int = 0
    unauthenticated_cap: int = 0
    # the bytes its sender's mail (and its domain's addresses' mail, `stored_domain`: core/sender_domain.py) added to
    # the store in 24 hours when the town's server did not authenticate it, and how many they may add ([limits]
    # bytes_per_sender_per_day, bytes_per_domain_per_day; 0: no budget): core/store_budget.py
    stored_by_sender: int = 0
    stored_by_domain: int = 0
    stored_cap: int = 0
    stored_domain_cap: int = 0
    stored_domain: str = ""
    # the same for every sender's unauthenticated mail together, and how much it may add ([limits]
    # unauthenticated_bytes_per_day; 0: no budget)
    stored_by_all: int = 0
    stored_all_cap: int = 0
    # the bytes its sender's mail added to the store in 24 hours, authenticated or not (only a trusted staff forward
    # and [trust] automatic_senders are not counted), and how many it may add ([limits]
    # bytes_per_authenticated_sender_per_day; 0: no budget)
    added_by_sender: int = 0
    added_cap: int = 0
    # the same for the addresses of its authenticated sender's registrable domain together (`stored_domain`, as
    # core/sender_domain.py `counted_domain` says: "" for a big mail provider's and the town's own), their
    # authenticated mail only, and how many they may add ([limits] bytes_per_authenticated_domain_per_day; 0: none)
    added_by_domain: int = 0
    added_domain_cap: int = 0
    # how many times each case the message points at (by reference or headers) was noted in 24 hours as cited by a
    # stranger (core/decide.py `_stranger`): case id -> count
    cited_24h: Mapping[int, int] = field(default_factory=dict)
    # how many messages about each case it points at (by reference, headers or its sender) were noted in 24 hours
    # without being filed (an automatic reply, a thanks: core/decide.py `bounded_notes`): case id -> count
    unfiled_24h: Mapping[int, int] = field(default_factory=dict)
    # how many copies of its messages the case of the message's earlier copy (`earlier`) noted in 24 hours
    copies_24h: int = 0
    # the town's addresses delivered into a watched mailbox ([[mailboxes]] aliases): in an applicant's To or Cc, the
    # service itself, never an address that may speak for the case
    aliases: frozenset[str] = frozenset()
    # the town's own automatic senders ([trust] automatic_senders, lower-case: a site's form sending from contact@):
    # robots, as the addresses core/origin.py knows by their look
    automatic: frozenset[str] = frozenset()

    @property
    def ours(self) -> frozenset[str]:
        """The service's own addresses: the watched mailboxes and their aliases."""
        return self.watched | self.aliases if self.aliases else self.watched

    @property
    def unverified(self) -> str:
        """Why the sender is not who `From` says (the town's server says its domain failed); "" : not known
        to be forged. A trusted staff forward vouches for its original sender instead."""
        return self.sender.why if self.sender.failed and not self.forwarded_by else ""

    def budget_to(self, address: str) -> Budget:
        """What was sent to `address` (the sender's own budget counts what they wrote)."""
        return self.budgets.get(address, self.budget)


@dataclass(frozen=True)
class MailPlan:
    kind: str  # acknowledgement | update | completion
    to_addr: str
    from_addr: str
    key: str  # what it says, to avoid sending the same mail twice in a row
    held: str = ""  # why it waits for staff instead of going out ("" : it goes); see core/replies.stale
    shown_status: str = ""  # the status the mail speaks of when it is not the case's own ("" : the case's)
    typed: tuple[str, ...] = ()  # missing kinds the applicant's mail reads as, typed rather than attached
    set_aside: tuple[str, ...] = ()  # names of the files this mail brought that are never pieces (macros)


@dataclass(frozen=True)
class Decision:
    fate: Fate
    reason: str
    origin: Origin | None = None
    pieces: tuple[Verdict, ...] = ()
    unresolved: tuple[Verdict, ...] = ()
    skipped: tuple[Verdict, ...] = ()
    case: CaseView | None = None  # the existing case it joins or is recorded on
    new_pieces: tuple[Verdict, ...] = ()  # files not yet on the case (pieces and documents to check)
    assessment: Assessment | None = None  # the (new) completeness of the case
    mail: MailPlan | None = None
    no_mail_reason: str = ""
    attention: str = ""  # why staff must look at the case ("" : nothing)
    bounce: Bounce | None = None  # a believed bounce (see core/bounce.believe)
    flag_sender: str = ""  # the sender is looping: record it
    cited: CaseView | None = None  # a case the message names but its sender may not speak for (staff told)
    unverified: str = ""  # the sender failed authentication (why): no address of theirs may speak for a case
    for_staff: bool = False  # a forward filed for staff under its forwarder's address (core/decide.py `_for_staff`)
    effects: tuple[Effect, ...] = ()  # what the shell carries out (core/filing.py)
