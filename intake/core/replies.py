"""Our automatic mail: its kinds and their French names, whom it may answer (RFC 3834), and the limits
that hold it back (an address that failed for good, a loop, the day's limits, the same mail twice).

Pure: the policy (core/decide.py, core/casework.py) asks; intake/pipeline/mailer.py renders and queues.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.core import labels
from intake.core.context import Budget, Context, MailPlan
from intake.core.headers import normal_address, parse_addresses
from intake.core.message import Message
from intake.core.origin import is_robot_address, vouched_person
from intake.core.rules import Rules
from intake.core.thread import CaseView

ACKNOWLEDGEMENT, UPDATE, COMPLETION, REMINDER = "acknowledgement", "update", "completion", "reminder"
MAIL_KINDS_TO_APPLICANT = (ACKNOWLEDGEMENT, UPDATE, COMPLETION, REMINDER)  # besides decision/STATUS notices
mail_label = labels.mail  # the French name of a kind of mail, for staff (core/labels.py)


@dataclass(frozen=True)
class MailCheck:
    """The mail to send, or why none; what staff must be told; whether the sender loops."""

    plan: MailPlan | None = None
    no_mail_reason: str = ""
    attention: str = ""
    flag_sender: str = ""


def plan_mail(kind: str, msg: Message, rules: Rules, ctx: Context, case: CaseView | None, missing: tuple[str, ...],
              new_hashes: list[str], mails_for_case: int, shown_status: str = "") -> MailCheck:
    """Plan the mail, unless RFC 3834, a bounce record or the limits say no, or the case gets none (opened by
    a third party or a forged sender: `CaseView.quiet`)."""
    if case is not None and case.quiet:
        return MailCheck(no_mail_reason=f"pas de courriel automatique pour ce dossier : {case.quiet}")
    target, from_addr, why_not = reply_target(msg, ctx, case)
    if not target:
        return MailCheck(no_mail_reason=why_not)
    limits, budget = rules.conversation, ctx.budget_to(target)
    if budget.undeliverable:
        return MailCheck(no_mail_reason=f"{target} est en échec définitif (non-remise)")
    if ctx.budget.received_from_sender + 1 > limits.replies_per_day_before_flag:
        return MailCheck(no_mail_reason=f"{msg.from_addr} a écrit trop souvent en 24 h : boucle ?",
                         attention=f"{msg.from_addr} écrit en boucle (plus de {limits.replies_per_day_before_flag} "
                                   "messages en 24 h) : réponses automatiques suspendues",
                         flag_sender="looping")
    if budget.sent_to_recipient >= limits.per_recipient_per_day:
        return MailCheck(no_mail_reason=f"limite de {limits.per_recipient_per_day} courriels par jour "
                                        f"atteinte pour {target}",
                         attention=f"limite de courriels automatiques atteinte pour {target} "
                                   "(boucle possible avec un répondeur automatique)", flag_sender="looping")
    if mails_for_case >= limits.per_case_per_day:
        return MailCheck(no_mail_reason=f"limite de {limits.per_case_per_day} courriels par jour "
                                        "atteinte pour ce dossier",
                         attention="limite de courriels automatiques atteinte pour ce dossier")
    about = case.reference if case else f"new:{msg.identity}"
    key = "|".join([kind, about, ",".join(missing), ",".join(sorted(new_hashes))])
    if key == budget.last_key_to_recipient:
        return MailCheck(no_mail_reason="identique au dernier courriel envoyé à cette adresse")
    held = (stale(ctx) or (flood(ctx, limits.new_cases_per_day) if kind == ACKNOWLEDGEMENT and case is None else "")
            or busy(ctx, limits.answers_per_day))
    return MailCheck(plan=MailPlan(kind, target, from_addr, key, held=held, shown_status=shown_status))


FLOOD_MARK = "limite new_cases_per_day"  # what the reason of an acknowledgement held by `flood` says
BUSY_MARK = "limite answers_per_day"  # what the reason of a mail held by `busy` says


def held_by_flood(reason: str) -> bool:
    """Whether a held mail's reason is `flood` (or `busy`): it may answer a made-up sender, so staff send it alone,
    after looking at its case (`intake outbox resend N`), never with every held mail at once (`--held`): in a flood,
    that sent the hundreds of acknowledgements to addresses that never wrote that the bound was there to stop."""
    return FLOOD_MARK in reason or BUSY_MARK in reason


def busy(ctx: Context, answers_per_day: int) -> str:
    """Why an automatic mail to an applicant waits for staff ("" : it goes out): `answers_per_day` such mails were
    queued in the last 24 hours already, whoever they went to. `flood` bounds the new cases the town acknowledges
    (new_cases_per_day), not what each case gets afterwards: a stranger writing in made-up senders' names (any
    domain without a DMARC policy) had 30 cases acknowledged a day, then wrote again in each name with a file: an
    update to each, up to per_recipient_per_day, every day, for as long as the cases stayed open. The town's
    mail to addresses that never wrote grew by 90 a day, without bound. Beyond this one, staff send what is real."""
    if ctx.answers_24h < answers_per_day:
        return ""
    return (f"retenu : déjà {answers_per_day} courriels automatiques aux demandeurs en 24 h ({BUSY_MARK} "
            "de rules/conversations.toml : afflux de candidatures, ou courriels envoyés sous des "
            "noms d'expéditeurs inventés ?) ; à envoyer par le service s'il y a lieu")


def flood(ctx: Context, new_cases_per_day: int) -> str:
    """Why the acknowledgement of a new case waits for staff ("" : it goes out): `new_cases_per_day` were queued in
    the last 24 hours already. Anyone can send application-like mail under made-up senders (with `[trust]`, those of
    any domain that publishes no DMARC policy): each opened a case and the town acknowledged every one, each to an
    address that never wrote (backscatter, the town's mail server listed as a spammer's). The per-recipient limit
    does not see a thousand recipients. Beyond the bound, the cases are filed as usual and staff send what is real."""
    if ctx.acknowledgements_24h < new_cases_per_day:
        return ""
    return (f"retenu : déjà {new_cases_per_day} accusés de réception de nouveaux dossiers en 24 h ({FLOOD_MARK} "
            "de rules/conversations.toml : afflux de candidatures, ou courriels envoyés sous des "
            "noms d'expéditeurs inventés ?) ; à envoyer par le service s'il y a lieu")


def stale(ctx: Context) -> str:
    """Why an automatic answer to this message waits for staff ("" : it goes out): the message was already
    older than `answer_within` when a poll first read it. Mailboxes hold years of mail: a new data_dir, or a
    `since` in the past, reads mail that was answered long ago (by us, or by staff), or that came from a
    person since erased. Such an answer is queued `held`: staff send it, or not; nothing goes out in bulk."""
    read_at = ctx.arrival.read_at
    if ctx.restored_at is not None and read_at is not None and ctx.arrival.received_at < ctx.restored_at:
        # read again after a backup was restored: what the service answered after the backup was taken is not in it
        return (f"retenu : le message est arrivé avant la restauration d'une sauvegarde (le "
                f"{ctx.restored_at:%d/%m/%Y à %H:%M}) : il a peut-être déjà eu une réponse ; à "
                "envoyer par le service s'il y a lieu")
    if ctx.answer_within is None or read_at is None:
        return ""
    late = read_at - ctx.arrival.received_at
    if late <= ctx.answer_within:
        return ""
    hours = int(ctx.answer_within.total_seconds() // 3600)
    ago = f"{late.days} jours" if late.days >= 2 else f"{int(late.total_seconds() // 3600)} h"
    return (f"retenu : le message a été reçu {ago} avant d'être relevé (plus de {hours} h : il a peut-être déjà eu "
            "une réponse) ; à envoyer par le service s'il y a lieu")


def held_back(budget: Budget, per_recipient_per_day: int) -> bool:
    """A mail to an address that failed for good, or past the day's limit for it, is not sent."""
    return budget.undeliverable or budget.sent_to_recipient >= per_recipient_per_day


def reply_target(msg: Message, ctx: Context, case: CaseView | None = None) -> tuple[str, str, str]:
    """(to, from, "") for an automatic answer, or ("", "", why not) (RFC 3834).

    It goes to the case's applicant address as recorded (a new case: the message's `From`), never to
    `Reply-To` (anyone could point our mail at a third party) nor to whoever wrote last."""
    target = case.applicant if case is not None else msg.from_addr
    if not target:
        return "", "", "aucune adresse à qui répondre"
    if target in ctx.watched:
        return "", "", f"{target} est l'une de nos adresses"
    if is_robot_address(target, ctx.automatic) and not vouched_person(target, case, ctx.automatic):
        return "", "", f"{target} est une adresse automatique"
    direct = [a for a in msg.to + msg.cc if a in ctx.watched]
    resent = [a for a in _delivered_to(msg) if a in ctx.watched]
    if not direct and not resent:
        return "", "", "pas adressé directement à une boîte surveillée (liste ou alias) : laissé au service"
    return target, (direct or resent)[0], ""


def _delivered_to(msg: Message) -> list[str]:
    """The addresses, lower-case, that the resending and delivery fields name (`Resent-To`, `Resent-Cc`,
    `Delivered-To`, `X-Original-To`), each parsed as an address: a watched address counts only when one of
    them is that address, never when it is merely part of one (`xbsc@ville-bethune.fr`,
    `bsc@ville-bethune.fr.evil.example`) or of a display name."""
    values = [v for n in ("resent-to", "resent-cc", "delivered-to", "x-original-to") for v in msg.headers.get(n, ())]
    return [normal_address(a) for _name, a in parse_addresses(values) if a.strip()]


FOLDED = "remplacé avant son envoi"  # what a receipt mail folded into a newer one says (intake outbox list, history)


def folded(waiting: str, new: str) -> str:
    """The one mail to queue in place of two receipt mails about the same case to the same address: `waiting`, an
    earlier one that has not gone out yet (never tried: the poll read the applicant's next mails before sending),
    and `new`, the one the latest message earns; "" : both go. An applicant who sends the pieces in three mails
    within two minutes read, at once, an acknowledgement saying « pièces manquantes » for the letter and the
    photos they had sent (its text was written before the next mails were read), « pièces reçues » for the letter
    with the photos still « manquantes », then the completion notice: three mails, the first two contradicting
    what they had done. The acknowledgement, written again when it goes, lists every piece and says whether the
    case is complete (it is the one mail that gives the reference and the date of receipt: it is never dropped);
    a completion notice lists every piece, so it replaces a waiting receipt of new pieces. Two receipts of new
    pieces both go: each lists its own."""
    if waiting == ACKNOWLEDGEMENT and new in (UPDATE, COMPLETION):
        return ACKNOWLEDGEMENT
    if waiting == UPDATE and new == COMPLETION:
        return COMPLETION
    return ""
