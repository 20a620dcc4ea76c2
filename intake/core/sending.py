"""The life of a mail in the outbox, and what to do when its sending was cut off.

    pending -> sending -> sent
                       -> pending (temporary failure: a new try later) -> ... -> failed
                       -> failed (refused for good)
               sending, cut off (crash, kill, power) -> pending again, same bytes and Message-ID
                                                    -> uncertain ("hold": staff decide)
    pending -> cancelled (address now undeliverable, reminder or completion notice the case no longer earns when
               its turn comes, `no_longer_due`; never tried: folded into a newer receipt, a completion notice the case
               no longer earns, `withdrawable`)
    failed, uncertain -> handled, or pending again (staff: intake outbox handled / resend)

(The statuses are defined in intake/core/statuses.py.)

An interrupted conversation may or may not have handed the mail over. An
acknowledgement is a legal receipt: missing one is worse than sending it twice,
and a second copy with the same Message-ID is merged by mail clients. So by
default it is sent again; `hold` (rules/conversations.toml) keeps the old
behaviour for a kind of mail. A mail cut off again and again may be what
brings the process down: after MAX_INTERRUPTIONS it is held for staff.
"""

from __future__ import annotations

from intake.core import labels
from intake.core.statuses import COMPLETE, HELD, INCOMPLETE, PENDING, REVIEW, UNCERTAIN, MailStatus

RESEND, HOLD = "resend", "hold"
POLICIES = (RESEND, HOLD)
MAX_INTERRUPTIONS = 3

# Kinds of mail as rules/conversations.toml names them ([interrupted] keys); "decision/admissible" -> "decision".
MAIL_KINDS = ("acknowledgement", "update", "completion", "reminder", "decision", "digest")


def policy_key(kind: str) -> str:
    return kind.split("/", 1)[0]


def after_interruption(kind: str, interruptions: int, policies: dict[str, str]) -> tuple[MailStatus, str]:
    """(new status, why, in French) for a mail whose SMTP conversation was cut off for the `interruptions`-th time."""
    if policies.get(policy_key(kind), RESEND) == HOLD:
        return UNCERTAIN, ("envoi interrompu : peut-être parti, peut-être pas ; retenu sans renvoi "
                           "(règle « hold » de rules/conversations.toml), à vérifier")
    if interruptions > MAX_INTERRUPTIONS:
        return UNCERTAIN, (f"envoi interrompu {interruptions} fois : retenu pour le service (il part peut-être "
                           "déjà en double), à vérifier")
    return PENDING, "envoi interrompu : peut-être parti, peut-être pas ; renvoyé une fois avec le même Message-ID"


def withdrawable(status: str, attempts: int, interruptions: int, retrying: bool = False) -> bool:
    """Whether a mail has surely not gone out and may still be cancelled (a completion notice the case no longer
    earns, a receipt folded into a newer one): due and never tried, or held for staff. One tried once may have gone
    (a conversation cut off after the data was sent), one being sent is going. With `retrying`, one that waits for a
    new try after a temporary failure too (`retrying_only`): whether it went or not, it must not go again (a
    completion notice the case no longer earns), though nobody may say it never went."""
    never = status in (PENDING, HELD) and attempts == 0 and interruptions == 0
    return never or (retrying and retrying_only(status, attempts, interruptions))


def retrying_only(status: str, attempts: int, interruptions: int) -> bool:
    """A mail a temporary failure left waiting for a new try (the relay down, a 4xx), never cut off while sending."""
    return status == PENDING and attempts > 0 and interruptions == 0


def no_longer_due(kind: str, case_status: str) -> str:
    """Why a mail about a case, its turn come, must not go any more now that the case is `case_status` ("" : it may).
    A reminder asks for missing pieces: not once the case is no longer incomplete. A completion notice tells the
    applicant their file is complete: not once staff made it incomplete again (a file taken off, a piece corrected)
    while it waited to be sent again (one cut off while sending, which no withdrawal cancels)."""
    if kind == "reminder" and case_status != INCOMPLETE:
        return f"le dossier est maintenant « {labels.status(case_status)} »"
    if kind == "completion" and case_status in (INCOMPLETE, REVIEW):
        return f"le dossier n'est plus {labels.status(COMPLETE)} (il est « {labels.status(case_status)} »)"
    return ""
