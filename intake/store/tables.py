"""The database's tables (SQLModel), one class per table; the queries on them are in the modules beside this one.

    mailboxstate  cursor per mailbox: UIDVALIDITY, last UID, health, IDLE watch state
    inbound       ledger of every message seen: where, its identity, its fate and why
    case          one application
    piece         a file filed on a case (content-addressed by SHA-256 in the blob store)
    caseevent     the case's audit trail
    caseaddress   the addresses that may speak for a case, and the one our mail goes to
    outbox        every mail we send, queued in the same transaction as its cause, kept as sent
    address       addresses that bounced for good or write in a loop
    digest        one row per day a staff digest was made
    casealias     the reference of a case merged into another: it still leads to the survivor
    casestat      what remains of a deleted case: a line for the statistics, without name or content
    purgelog      every deletion: what, when, which rule (rules/retention.toml), by whom
    blobtrash     stored files to delete once nothing refers to them (emptied after each commit)
    websignin     one-time sign-in links to the staff console (only a hash of the token)
    websession    signed-in staff sessions (only a hash of the cookie's token)
    webattempt    recent sign-in requests, for rate limits (keyed by a keyed hash, never the address or IP)
    staffvisit    per staff member, their previous visit's last activity and the current visit (« Nouveau »)
    readingspent  seconds of reading one sender's (one domain's) mail took on one day (core/reading_budget.py)
    refcounter    the last case number given in each year (references are never given twice)

The same models serve SQLite (one machine, the default) and PostgreSQL (several workers, one machine or
several): portable types only (IMAP UIDs are unsigned 32-bit, hence BigInteger), naive UTC datetimes.
Statuses are stored as the words of intake/core/statuses.py.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, LargeBinary, Table, Text, UniqueConstraint, func
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel, col

from intake.core.completeness import unnamed


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out (SQLite would hand back naive ones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


def _when(nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def table_of(model: type[SQLModel]) -> Table:
    """The table behind a model, for SQL that works on columns (counters, bulk updates)."""
    return model.__table__  # type: ignore[attr-defined]


def _id() -> Any:
    """The row's id: None until the row is flushed, an int from then on (what every reader sees)."""
    return Field(default=None, primary_key=True)


class MailboxState(SQLModel, table=True):
    id: int = _id()
    name: str = Field(unique=True)
    uidvalidity: Optional[int] = Field(default=None, sa_type=BigInteger)
    last_uid: int = Field(default=0, sa_type=BigInteger)
    last_poll_at: Optional[datetime] = _when(nullable=True)
    last_success_at: Optional[datetime] = _when(nullable=True)
    last_error: str = ""
    last_error_at: Optional[datetime] = _when(nullable=True)
    errors_since_success: int = 0
    # the IMAP IDLE watch of `intake run` (intake/watch.py): idle | noop | reconnecting | error | stopped
    watch_state: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    watch_detail: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    watch_since: Optional[datetime] = _when(nullable=True)  # in this state since
    watch_seen_at: Optional[datetime] = _when(nullable=True)  # the watcher's last sign of life


class Case(SQLModel, table=True):
    id: int = _id()
    reference: str = Field(unique=True)
    year: int
    seq: int
    status: str = Field(index=True)
    status_reason: str = ""
    applicant: str = Field(index=True)  # where our mail about the case goes (see CaseAddress)
    applicant_name: str = ""  # as the applicant's mail program wrote it: shown to staff, never in our mail
    title: str = ""
    reply_from: str = ""  # the watched address our mail to the applicant is sent from
    attention: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # for staff
    fields: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    # the keys of `fields` staff set by hand: a dossier read later does not replace them
    staff_fields: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    received_at: datetime = _when()  # INTERNALDATE of the first message
    created_at: datetime = _when()
    updated_at: datetime = _when()
    linked_case_id: Optional[int] = Field(default=None, foreign_key="case.id")  # the case a stranger cited


class CaseAddress(SQLModel, table=True):
    """An address that may speak for a case: a message from it that names the case joins it.

    role `applicant`: our mail about the case goes there (the `From` of the message that opened
    it, the original sender of a trusted staff forward, or an address staff confirmed; the
    case's current one is `Case.applicant`). role `named`: named by the applicant's own mail
    (its Reply-To or Cc): it may bring pieces, it never gets automatic mail."""

    # by domain and date: the cases a sender domain's addresses opened in 24 hours (store/correspondents.py
    # `domain_cases_opened`)
    __table_args__ = (UniqueConstraint("case_id", "address"),
                      Index("ix_caseaddress_domain_created_at", "domain", "created_at"),
                      Index("ix_caseaddress_created_at", "created_at"))
    id: int = _id()
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    address: str = Field(index=True)  # lower-case
    role: str  # applicant | named
    source: str  # core/addresses.py: opening | forward | reply-to | cc | staff | unverified | citing | robot | ...
    created_at: datetime = _when()
    actor: str = "intake"
    # an applicant address whose opening message the town's server authenticated (core/trust.py: a pass): the cases
    # a domain's addresses open are counted apart by it (store/correspondents.py `domain_cases_opened`)
    authenticated: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    # an applicant address's domain as its new cases count (core/sender_domain.py `counted_domain`: registrable, in
    # ASCII, whatever the spelling of the address: évil.example and xn--vil-9la.example, x.example.. and
    # mail.x.example, are one); "" : counted alone (a big provider's, the town's own, no cap)
    domain: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Inbound(SQLModel, table=True):
    # by sender domain and date, and by date: what a domain's unauthenticated mail (and its authenticated mail:
    # `added_by_domain_since`), and all unauthenticated mail, added to the store in 24 hours (store/ledger.py
    # `stored_since`); by sender and date: what a sender's mail added (`added_since`), read from the index alone (a
    # flooding sender's thousands of rows were each read from the table: 2 ms a message at 2000)
    __table_args__ = (UniqueConstraint("mailbox", "folder", "uidvalidity", "uid"),
                      Index("ix_inbound_stored_domain_created_at_bytes", "stored_domain", "created_at", "stored_bytes",
                            "added_bytes"),
                      Index("ix_inbound_created_at_stored_bytes", "created_at", "stored_bytes"),
                      Index("ix_inbound_from_addr_created_at_added_bytes", "from_addr", "created_at", "added_bytes"))
    id: int = _id()
    mailbox: str
    folder: str
    uidvalidity: int = Field(sa_type=BigInteger)
    uid: int = Field(sa_type=BigInteger)
    identity: str = Field(index=True)  # "mid:<Message-ID>" or "fp:<fingerprint>"
    message_id: str = Field(default="", index=True)
    internal_date: datetime = _when()
    size: int = 0
    raw_sha256: str = ""  # "" when the raw bytes could not be kept (over the size cap)
    fate: str = Field(index=True)  # filed | ignored | duplicate | quarantined
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    rules_version: str = ""
    from_addr: str = Field(default="", index=True)
    subject: str = ""
    case_id: Optional[int] = Field(default=None, foreign_key="case.id", index=True)
    created_at: datetime = _when()
    fingerprint: str = ""  # Message.fingerprint: a copy has the same; "" for rows written before it existed
    copy_key: str = ""  # core/copykey.py: kept with the fingerprint; a copy known by its headers has the same
    # bytes a filed message whose sender the town's server did not authenticate added to the store (its raw bytes, the
    # files it brought to its case): counted against [limits] bytes_per_sender_per_day (core/store_budget.py); 0 for
    # any other message. `stored_domain`: the registrable domain they count with too ("" : none, core/sender_domain.py),
    # and that of an authenticated sender, whose `added_bytes` count with its domain's authenticated mail's ([limits]
    # bytes_per_authenticated_domain_per_day)
    stored_bytes: int = Field(default=0, sa_type=BigInteger, sa_column_kwargs={"server_default": "0"})
    stored_domain: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # bytes a filed message added to the store whoever its sender, authenticated or not (the same as `stored_bytes`
    # when it was not): counted against [limits] bytes_per_authenticated_sender_per_day by its sender's address (the
    # index of from_addr); 0 for a trusted staff forward, the town's form ([trust] automatic_senders), mail the town's
    # server says is forged (core/store_budget.py `spends`), any other
    added_bytes: int = Field(default=0, sa_type=BigInteger, sa_column_kwargs={"server_default": "0"})


class Piece(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("case_id", "sha256"),)
    id: int = _id()
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    inbound_id: Optional[int] = Field(default=None, foreign_key="inbound.id")
    kind: Optional[str] = None  # None: a document not recognised (case in review)
    filename: str
    sha256: str
    size: int
    detected_type: str
    evidence: str = ""
    manual: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})  # kind set by staff: kept
    # other kinds the file appears to hold besides its own (one scan of the dossier and the letter), each with its
    # state: to-verify (the rules found it), confirmed or denied (by staff): core/completeness.py
    also: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    created_at: datetime = _when()
    # a file staff added by hand (a letter posted to the mayor): the day it came, which they give; None: a mail's
    # (its message's arrival says when): store/cases.py complete_file_received
    arrived_at: Optional[datetime] = _when(nullable=True)

    @property
    def unresolved(self) -> bool:
        """A document nobody has named yet (staff setting no kind means: not a piece): core/completeness.py."""
        return unnamed(self.kind, self.manual, self.also)


class CaseEvent(SQLModel, table=True):
    id: int = _id()
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    at: datetime = _when()
    kind: str
    detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    actor: str = "intake"


class Outbox(SQLModel, table=True):
    # by kind, date and status: every message that could open a case counts the day's acknowledgements
    # (store/outbox.py `of_kind_since`) from this index alone. SQLite keeps a row's columns in order: the status,
    # after the mail's bytes (`raw`), is read by walking them (0.9 ms a count at 400 acknowledgements a day, against
    # 0.06 from the index; without an index at all, the whole table was read)
    __table_args__ = (UniqueConstraint("case_id", "kind", "seq"),
                      Index("ix_outbox_kind_created_at_status", "kind", "created_at", "status"))
    id: int = _id()
    case_id: Optional[int] = Field(default=None, foreign_key="case.id", index=True)
    kind: str  # acknowledgement, ...
    seq: int = 0
    from_addr: str
    to_addr: str = Field(index=True)
    subject: str
    message_id: str = Field(unique=True)
    content_key: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    status: str = Field(default="pending", index=True)  # pending|sending|sent|failed|uncertain|cancelled
    attempts: int = 0
    interruptions: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # SMTP conversations cut off
    next_attempt_at: Optional[datetime] = _when(nullable=True)
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = _when()
    sent_at: Optional[datetime] = _when(nullable=True)


class Address(SQLModel, table=True):
    """What we learnt about a correspondent's address (bounces, loops)."""

    address: str = Field(primary_key=True)
    undeliverable: bool = False  # a permanent bounce: never write to it again
    looping: bool = False  # writes to us in a loop: automatic answers suspended
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    updated_at: datetime = _when()


class CaseAlias(SQLModel, table=True):
    """A reference that no longer names a case of its own: staff merged that case into `case_id`."""

    id: int = _id()
    reference: str = Field(unique=True)
    year: int  # kept so that the number is never given to a new case
    seq: int
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    merged_at: datetime = _when()
    actor: str = ""


class CaseStat(SQLModel, table=True):
    """A line per deleted case (retention or erasure): no name, address, content or file. Pseudonymous, not
    anonymous: its reference and dates could be matched with the service's own mail (docs/registre-rgpd.md)."""

    id: int = _id()
    reference: str = Field(unique=True)
    year: int  # with seq: the number is never given to a new case
    seq: int
    status: str  # when it was deleted
    statuses: str = ""  # every status it went through: "incomplete > complete > labelled"
    received_at: datetime = _when()
    decided_at: Optional[datetime] = _when(nullable=True)
    deleted_at: datetime = _when()
    pieces: int = 0
    messages: int = 0
    mails: int = 0
    category: str = ""
    theme: str = ""
    rule: str = ""  # the retention rule (or "effacement", "pas_une_candidature") that deleted it


class PurgeLog(SQLModel, table=True):
    """The record of every deletion (GDPR accountability): what, when, which rule; never whose data."""

    id: int = _id()
    at: datetime = _when(index=True)
    rule: str  # a key of rules/retention.toml, "effacement" (a person's request), "minimisation" or
    # "pas_une_candidature" (staff discarded a case that is not an application)
    what: str = Field(default="", sa_column=Column(Text, nullable=False))  # in French, for the DPO
    reference: str = ""  # the case concerned, if one
    items: int = 0  # rows or messages concerned
    files: int = 0
    bytes: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    actor: str = "intake"


class BlobTrash(SQLModel, table=True):
    """A stored file whose last reference was deleted: removed from disk after the commit."""

    sha256: str = Field(primary_key=True)
    queued_at: datetime = _when()


class Digest(SQLModel, table=True):
    """One row per staff digest: the unique day is what makes it once a day."""

    id: int = _id()
    day: str = Field(unique=True)  # local date, YYYY-MM-DD
    created_at: datetime = _when()
    recipients: str = ""


class RefCounter(SQLModel, table=True):
    """The last case number given in a year: updated under its row lock, so two workers never share one."""

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_seq: int = 0


class WebSignin(SQLModel, table=True):
    """A one-time sign-in link: valid until `expires_at`, used once (`used_at`)."""

    id: int = _id()
    token_hash: str = Field(unique=True)  # SHA-256 of the token in the link
    email: str = Field(index=True)
    next_path: str = ""  # where to go once signed in
    created_at: datetime = _when()
    expires_at: datetime = _when()
    used_at: Optional[datetime] = _when(nullable=True)


class WebSession(SQLModel, table=True):
    """A staff member signed in to the console; ends at sign-out, after `idle` or at `expires_at`."""

    id: int = _id()
    token_hash: str = Field(unique=True)  # SHA-256 of the token in the cookie
    email: str = Field(index=True)
    created_at: datetime = _when()
    last_seen_at: datetime = _when()
    expires_at: datetime = _when()


class WebAttempt(SQLModel, table=True):
    """A sign-in request, counted for rate limits and forgotten after a day."""

    id: int = _id()
    scope: str  # address | client
    key: str = Field(index=True)  # HMAC of the address or the client's IP with the console's secret
    at: datetime = _when(index=True)


class StaffVisit(SQLModel, table=True):
    """A staff member's visits to the console, for « Nouveau depuis ma dernière visite » (core/visits.py): the
    last activity of their previous visit, and the current visit's start and last activity; nothing else."""

    email: str = Field(primary_key=True)
    mark: Optional[datetime] = _when(nullable=True)
    started_at: datetime = _when()
    last_seen_at: datetime = _when()


class ReadingSpent(SQLModel, table=True):
    """The seconds of reading a budget key's mail took on one day in the service's time zone
    (core/reading_budget.py: a sender's address as written, or its domain, with what the town's server said of it),
    stored as its keyed hash (`sealed`: HMAC-SHA256 under the installation's key), never the address; nothing else.
    Kept for that day and the next only (store/readings.py `forget_before`, by `intake purge`)."""

    day: str = Field(primary_key=True)  # YYYY-MM-DD
    key: str = Field(primary_key=True)
    milliseconds: int = Field(default=0, sa_type=BigInteger)


# The staff console sorts cases by reference, date of receipt and last activity, a page at a time.
Index("ix_case_year_seq", col(Case.year), col(Case.seq))
Index("ix_case_received_at", col(Case.received_at))
Index("ix_case_updated_at", col(Case.updated_at))
# Every message with files from a sender without an open case looks for open cases under the same display name
# (store/applicants.py `open_cases_named`, a hint for staff): by this index, not by reading every case
Index("ix_case_lower_applicant_name", func.lower(col(Case.applicant_name)))
