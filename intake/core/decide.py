"""What to do with one incoming message: the policy, as a value.

`decide()` takes the parsed message, the verdict on each attachment, the
rules and what the database already knows (`Context`), and returns a
`Decision`: its fate, why, the case to open and whether to acknowledge it.
The shell applies it; nothing here does IO.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intake.core.classify import PIECE, UNRESOLVED, Verdict
from intake.core.completeness import Assessment, assess
from intake.core.message import Message
from intake.core.origin import PERSON, Origin, is_robot_address, origin_of
from intake.core.rules import Rules
from intake.core.text import fold

FILED = "filed"
IGNORED = "ignored"
DUPLICATE = "duplicate"
QUARANTINED = "quarantined"
FATES = (FILED, IGNORED, DUPLICATE, QUARANTINED)


@dataclass(frozen=True)
class Earlier:
    """The same message (same Message-ID or fingerprint), already recorded."""

    mailbox: str
    uid: int
    fate: str
    case_id: int | None


@dataclass(frozen=True)
class Context:
    watched: frozenset[str]  # every watched address, lower-case
    mailbox_address: str  # the watched address of the mailbox this copy came from
    system_id: str  # our X-Intake-Loop value
    earlier: Earlier | None = None


@dataclass(frozen=True)
class AckPlan:
    to_addr: str
    from_addr: str


@dataclass(frozen=True)
class Decision:
    fate: str
    reason: str
    origin: Origin | None = None
    pieces: tuple[Verdict, ...] = ()
    unresolved: tuple[Verdict, ...] = ()
    skipped: tuple[Verdict, ...] = ()
    assessment: Assessment | None = None
    ack: AckPlan | None = None
    no_ack_reason: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def opens_case(self) -> bool:
        return self.fate == FILED


def decide(msg: Message, verdicts: list[Verdict], rules: Rules, ctx: Context) -> Decision:
    if ctx.earlier is not None:
        e = ctx.earlier
        return Decision(DUPLICATE, f"same message already received in mailbox {e.mailbox} (UID {e.uid}, {e.fate})")
    origin = origin_of(msg, ctx.watched, ctx.system_id)
    if origin.category != PERSON:
        return Decision(IGNORED, f"{origin.category}: {origin.reason}", origin=origin)
    pieces = tuple(v for v in verdicts if v.outcome == PIECE)
    unresolved = tuple(v for v in verdicts if v.outcome == UNRESOLVED)
    skipped = tuple(v for v in verdicts if v.outcome not in (PIECE, UNRESOLVED))
    split = dict(origin=origin, pieces=pieces, unresolved=unresolved, skipped=skipped)
    if not pieces and not (unresolved and subject_announces_application(msg.subject, rules)):
        why = "no attachment" if not verdicts else "no recognised piece among the attachments"
        return Decision(IGNORED, f"not an application: {why}", **split)
    assessment = assess({v.kind for v in pieces}, rules.required, len(unresolved))
    reason = f"application: {len(pieces)} recognised piece(s); {assessment.reason}"
    ack, no_ack = plan_ack(msg, ctx)
    return Decision(FILED, reason, assessment=assessment, ack=ack, no_ack_reason=no_ack, **split)


def subject_announces_application(subject: str, rules: Rules) -> bool:
    folded = fold(subject)
    return any(word in folded for word in rules.subject_words)


def plan_ack(msg: Message, ctx: Context) -> tuple[AckPlan | None, str]:
    """Whom to acknowledge, from which watched address; or why not (RFC 3834)."""
    target = msg.reply_to or msg.from_addr
    if not target:
        return None, "no sender address to answer"
    if target in ctx.watched:
        return None, f"{target} is one of our own addresses"
    if is_robot_address(target):
        return None, f"{target} is a robot address"
    direct = [a for a in msg.to + msg.cc if a in ctx.watched]
    resent = [a for n in ("resent-to", "resent-cc", "delivered-to", "x-original-to")
              for v in msg.headers.get(n, ()) for a in ctx.watched if a in v.lower()]
    if not direct and not resent:
        return None, "not addressed to a watched address (list or alias): left to staff"
    return AckPlan(to_addr=target, from_addr=(direct or resent)[0]), ""
