"""What filing one message does, as effects (core/effects.py): the case it opens or joins, its addresses,
its pieces and status, the mail it queues, the bounce it records, what staff must see.

`effects_of` turns the policy's `Decision` (core/decide.py) into the effects the shell carries out, in the
order of the case's history: how the message came, its files, the new status, the dossier's fields,
bounces, what staff must see, then the mail (or why none). `decide` returns them with its decision.
"""

from __future__ import annotations

from intake.core.addresses import (
    APPLICANT,
    CITING,
    FOR_STAFF,
    FORWARD,
    NAMED,
    OPENING,
    ROBOT,
    UNVERIFIED,
    named_in,
)
from intake.core.casework import attention_after, piece_events
from intake.core.classify import Verdict, unique_files
from intake.core.context import Context, Decision
from intake.core.effects import (
    AddPieces,
    AddressOnCase,
    Cited,
    Effect,
    Event,
    FlagAddress,
    MailedToo,
    OnCase,
    OpenCase,
    QueueMail,
    RecordBounce,
    SetAttention,
    SetFields,
    SetStatus,
)
from intake.core.message import Message
from intake.core.origin import AUTOMATIC
from intake.core.replies import mail_label
from intake.core.rules import Rules
from intake.core.statuses import DUPLICATE, FILED
from intake.core.thread import CaseView, shown_name

# how many times in 24 hours a case's history notes a stranger's mail that cites it (core/decide.py `_stranger`): with
# files, each is still filed in a case of its own, linked to the cited one; the caps on new cases bound one sender's,
# not those of as many senders as an attacker has addresses, whose notes filled a real applicant's case. Without
# files, the others keep their ledger line, and stay in the mailbox
MAX_CITED_A_DAY = 5
# how many messages about a case that are not filed (an automatic reply, a thanks...; core/decide.py `bounded_notes`),
# and how many copies of its messages, its history and its list of messages note in 24 hours; a bounce of our own mail
# is always noted (our mail bounds them)
MAX_UNFILED_A_DAY = 10


def effects_of(decision: Decision, msg: Message, rules: Rules, ctx: Context) -> tuple[Effect, ...]:
    """From the context: where and when the message came (`arrival`), the case of the copy already recorded
    (a duplicate's), what its dossier says (`fields`), whether it is a trusted staff forward (its original
    sender is then the applicant)."""
    mailbox, uid, received_at = ctx.arrival.mailbox, ctx.arrival.uid, ctx.arrival.received_at
    ours, fields = ctx.ours, ctx.fields
    earlier_case_id = ctx.earlier.case_id if ctx.earlier is not None else None
    out: list[Effect] = []
    if decision.fate == DUPLICATE:
        if earlier_case_id and ctx.copies_24h < MAX_UNFILED_A_DAY:
            out += [OnCase(earlier_case_id),
                    Event("copy", f"le même message est aussi arrivé dans la boîte {mailbox} (UID {uid})")]
        return tuple(out)
    filed, case, a = decision.fate == FILED, decision.case, decision.assessment
    on_a_case = filed or case is not None
    if filed and case is None:
        assert a is not None  # decide() assesses every message that opens a case
        reply_from = decision.mail.from_addr if decision.mail else ctx.mailbox_address
        robot = decision.origin is not None and decision.origin.category == AUTOMATIC  # decide's _robot_application
        # a robot's documents, even forwarded by a colleague (a copier's scan): its address is nobody's until staff
        # confirm the applicant's, quiet (as `forward`, not, it counted as a person's: origin.vouched_person)
        # a forward filed for staff: the forwarder's address (or whoever wrote it in), never the applicant's (quiet
        # until staff confirm one); its Reply-To and Cc are theirs too: nobody it names may speak for the case (a
        # forger's Reply-To joined its next mail to the case, completing it out of review: attack9)
        source = (UNVERIFIED if decision.unverified else ROBOT if robot else FOR_STAFF if decision.for_staff
                  else FORWARD if ctx.forwarded_by else CITING if decision.cited else OPENING)
        out += [OpenCase(msg.from_addr, shown_name(msg.from_name), msg.subject[:300], reply_from, received_at, a.status,
                         a.reason),
                # whether the town's server vouched for the address (a forward's is the forwarder's word: not its)
                AddressOnCase(msg.from_addr, APPLICANT, source,
                              authenticated=ctx.domain_authenticated and not ctx.forwarded_by, domain=ctx.domain),
                *([] if decision.unverified or decision.for_staff else _named(msg, msg.from_addr, ours)),
                Event("received", f"candidature reçue dans la boîte {mailbox} (UID {uid}) de {msg.from_addr} : "
                                  f"{decision.reason}"),
                Event("status", f"{a.status} : {a.reason}")]
    elif case is not None:
        out.append(OnCase(case.id))
        if filed:
            out.append(Event("message", f"message de {msg.from_addr} dans la boîte {mailbox} (UID {uid}) : "
                                        f"{decision.reason}"))
            if msg.from_addr == case.applicant:
                out += _named(msg, case.applicant, ours)
        else:
            out.append(Event("automatic" if not decision.bounce else "bounce",
                             f"{decision.reason} (boîte {mailbox}, UID {uid}) ; sans réponse"))
    if decision.cited is not None:  # noted in the cited case's history a bounded number of times a day
        out.append(Cited(decision.cited.id, msg.from_addr or "?", f"boîte {mailbox}, UID {uid}",
                         noted=ctx.cited_24h.get(decision.cited.id, 0) < MAX_CITED_A_DAY))
    if filed:
        new = {id(v) for v in decision.new_pieces}
        again = tuple(v for v in decision.pieces + decision.unresolved if id(v) not in new)
        claimed = _claimed(again, case)
        rest = tuple(v for v in again if not any(v is c for c in claimed))
        out += [AddPieces(decision.new_pieces), *piece_events(decision.new_pieces, rest, decision.skipped, rules)]
        if claimed:
            out += [MailedToo(tuple(v.attachment.sha256 for v in claimed)),
                    *(Event("piece-again", _mailed_too(v.attachment.filename, case.by_hand[v.attachment.sha256]))
                      for v in claimed if case is not None)]
        if a is not None and case is not None and a.status != case.status:
            out.append(Event("status", f"{a.status} (avant : {case.status}) : {a.reason}"))
        if a is not None and case is not None:
            out.append(SetStatus(a.status, a.reason))
        if fields:
            out.append(SetFields(dict(fields)))
    if decision.bounce is not None:
        out.append(RecordBounce(decision.bounce))
    if decision.flag_sender:
        out.append(FlagAddress(msg.from_addr, decision.attention, looping=True))
    if on_a_case and decision.attention:
        out += [SetAttention(decision.attention[:1000]), Event("attention", decision.attention)]
    elif filed and case is not None:  # what « À voir » said of a piece typed in a mail goes once it came as a file
        attention, cleared = attention_after(case.attention, case.kinds | {v.kind for v in decision.new_pieces
                                                                           if v.kind}, rules)
        out += [SetAttention(attention), *cleared] if cleared else []
    if filed:
        plan = decision.mail
        if plan and plan.held:
            out += [QueueMail(plan.kind, plan.to_addr, plan.from_addr, plan.key, held=plan.held,
                              shown_status=plan.shown_status, typed=plan.typed, set_aside=plan.set_aside),
                    Event("mail-held", f"{mail_label(plan.kind)} pour {plan.to_addr} {plan.held}")]
        elif plan:
            out += [QueueMail(plan.kind, plan.to_addr, plan.from_addr, plan.key, shown_status=plan.shown_status,
                              typed=plan.typed, set_aside=plan.set_aside),
                    Event("mail-queued", f"{mail_label(plan.kind)} prêt à partir pour {plan.to_addr}")]
        elif decision.no_mail_reason:
            out.append(Event("no-mail", decision.no_mail_reason))
    return tuple(out)


def _mailed_too(name: str, ours: str) -> str:
    """The history line of a file staff added by hand that the applicant's mail brings too (`name` in the mail,
    `ours` on the case): it is the applicant's from now on."""
    same = name if name == ours else f"{name} (le même fichier que « {ours} »)"
    return (f"{same} : ajouté à la main par le service, puis envoyé aussi par le demandeur : c'est désormais sa "
            "pièce, elle ne peut plus être retirée du dossier")


def _claimed(again: tuple[Verdict, ...], case: CaseView | None) -> tuple[Verdict, ...]:
    """The message's files the case holds because staff added them by hand (a letter posted to the mayor, then
    mailed too), once each: from now on the message's, the applicant's evidence, that staff can no longer take off
    the case (casework.PieceState `added_by_hand`)."""
    return unique_files(v for v in again if v.attachment.sha256 in case.by_hand) if case is not None else ()


def _named(msg: Message, applicant: str, ours: frozenset[str]) -> list[Effect]:
    """Addresses the applicant's own mail names (Reply-To, Cc), but the service's own (`ours`: the watched
    mailboxes and their aliases): they may speak for the case, and get no mail. At most MAX_NAMED (decide() tells
    staff of the others)."""
    named, _dropped = named_in(msg.reply_to, msg.to + msg.cc, applicant, ours)
    return [AddressOnCase(address, NAMED, source) for address, source in named]
