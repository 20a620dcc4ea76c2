"""Every status the service records, defined once: a case's, a message's fate, a mail's in the outbox.

They are `StrEnum`s: a member is its string (`CaseStatus.COMPLETE == "complete"`), so what the database
stores, what `intake cases --json` prints and what the templates compare stay exactly these words. Like
`signal.SIGTERM`, each member is also a name of this module (`from intake.core.statuses import COMPLETE`).

    CaseStatus   incomplete, complete, review (set by the rules), then staff decisions:
                 admissible, inadmissible, labelled, declined, withdrawn
    Fate         filed, ignored, duplicate, quarantined: what became of one incoming message
    MailStatus   pending -> sending -> sent; failed, uncertain (staff must look), cancelled, handled
                 (core/sending.py draws the whole life of a mail); held: an answer to mail that was already
                 old when read (core/replies.py, `stale`), which staff send or not
"""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    INCOMPLETE = "incomplete"
    COMPLETE = "complete"
    REVIEW = "review"  # automation is unsure: staff must look
    ADMISSIBLE = "admissible"
    INADMISSIBLE = "inadmissible"
    LABELLED = "labelled"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Fate(StrEnum):
    FILED = "filed"
    IGNORED = "ignored"  # with the reason
    DUPLICATE = "duplicate"  # a copy of a message already recorded (To + Cc: one in each mailbox)
    QUARANTINED = "quarantined"  # set aside for staff, its raw bytes kept


class MailStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"  # its sending was cut off and it is held: it may or may not have gone out
    CANCELLED = "cancelled"
    HANDLED = "handled"  # it failed or was interrupted, and staff took care of it
    HELD = "held"  # it answers mail that was already old when read: it waits for staff (send it, or not)


INCOMPLETE, COMPLETE, REVIEW = CaseStatus.INCOMPLETE, CaseStatus.COMPLETE, CaseStatus.REVIEW
ADMISSIBLE, INADMISSIBLE, LABELLED = CaseStatus.ADMISSIBLE, CaseStatus.INADMISSIBLE, CaseStatus.LABELLED
DECLINED, WITHDRAWN = CaseStatus.DECLINED, CaseStatus.WITHDRAWN
FILED, IGNORED, DUPLICATE, QUARANTINED = Fate.FILED, Fate.IGNORED, Fate.DUPLICATE, Fate.QUARANTINED
PENDING, SENDING, SENT, FAILED = MailStatus.PENDING, MailStatus.SENDING, MailStatus.SENT, MailStatus.FAILED
UNCERTAIN, CANCELLED, HANDLED, HELD = MailStatus.UNCERTAIN, MailStatus.CANCELLED, MailStatus.HANDLED, MailStatus.HELD

STATUSES: tuple[CaseStatus, ...] = tuple(CaseStatus)
AUTOMATIC = (INCOMPLETE, COMPLETE, REVIEW)  # what the rules decide; `intake reclassify` revisits these only
DECISIONS = (ADMISSIBLE, INADMISSIBLE, LABELLED, DECLINED, WITHDRAWN)  # recorded by staff: they stand
STAFF_CHOICES = DECISIONS + (REVIEW,)  # what `intake case REF status` and the console may set
OPEN = (INCOMPLETE, COMPLETE, REVIEW, ADMISSIBLE)  # "open statuses": no decision has ended the case; a sender's
#                                                   case their new mail with files may join without a reference
CLOSED = (INADMISSIBLE, LABELLED, DECLINED, WITHDRAWN)
FOR_THE_JURY = (COMPLETE, ADMISSIBLE)
# « à traiter » on the console's list: what waits for staff, as the digest lists it (a complete case to decide, one to
# verify), and a case of any status marked « À voir »; an incomplete one waits for its applicant
TO_HANDLE = (COMPLETE, REVIEW)

KEEPS_CONTENT = (FILED, QUARANTINED)  # a message whose bytes and subject are kept (core/retention.py)

NEEDS_STAFF = (FAILED, UNCERTAIN, HELD)  # what `intake outbox list` and the digest show
GIVEN_UP = (CANCELLED, FAILED)  # not sent and not going to be: such a mail does not count as sent
NOT_SENT = GIVEN_UP + (HELD,)  # not sent, nor going out by itself: reminders do not count from it
