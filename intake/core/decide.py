"""What to do with one incoming message: the policy, as a value.

`decide()` takes the parsed message, the verdict on each attachment, the
rules and what the database already knows (`Context`: an earlier copy, the
cases the message points at, what was already sent to its sender), and
returns a `Decision`: its fate and why, the case to open or join, the pieces
to add, the mail to send (or why none), what staff must look at. The shell
applies it; nothing here does IO.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from typing import Any, TypedDict

from intake.core.bounce import Bounce, SentMail, believe, read_bounce
from intake.core.classify import PIECE, UNRESOLVED, Verdict
from intake.core.completeness import Assessment, assess, missing
from intake.core.message import Message
from intake.core.origin import AUTOMATIC, BOUNCE, PERSON, STAFF, UNREADABLE_SENDER, Origin, is_robot_address, origin_of
from intake.core.rules import Rules
from intake.core.sniff import IMAGE_TYPES
from intake.core.statuses import COMPLETE, DECISIONS, DUPLICATE, FILED, IGNORED, QUARANTINED, REVIEW, Fate
from intake.core.text import fold
from intake.core.thread import CaseView, Clues, Match, match

ACKNOWLEDGEMENT, UPDATE, COMPLETION, REMINDER = "acknowledgement", "update", "completion", "reminder"
MAIL_KINDS_TO_APPLICANT = (ACKNOWLEDGEMENT, UPDATE, COMPLETION, REMINDER)  # besides decision/STATUS notices
MAIL_LABELS = {ACKNOWLEDGEMENT: "accusé de réception", UPDATE: "accusé des nouvelles pièces",
               COMPLETION: "avis de dossier complet", REMINDER: "relance", "digest": "récapitulatif du service"}


def mail_label(kind: str) -> str:
    """The French name of a kind of mail, for staff (decision/STATUS: "décision (STATUS)")."""
    if kind.startswith("decision/"):
        return f"avis de décision ({kind.split('/', 1)[1]})"
    return MAIL_LABELS.get(kind, kind)


@dataclass(frozen=True)
class Earlier:
    """A message already recorded under the same identity (its Message-ID; without one, a digest of its content)."""

    mailbox: str
    uid: int
    fate: Fate
    case_id: int | None
    fingerprint: str = ""  # Message.fingerprint, kept only with the content (filed, quarantined); "" : not known
    sender: str = ""

    @property
    def where(self) -> str:
        return f"boîte {self.mailbox}, UID {self.uid}" + (f", de {self.sender}" if self.sender else "")


def sort_copies(fingerprint: str, recorded: list[Earlier]) -> tuple[Earlier | None, Earlier | None]:
    """(the earlier copy of this message, another message that reused its Message-ID), oldest first.

    Duplicates are judged by content: a copy has the same fingerprint. Only a message whose content is
    kept (filed or quarantined) keeps its fingerprint (GDPR minimisation): for an ignored one, a message
    reduced to its trace, or a row older than fingerprints, the content is not known (see `decide`)."""
    same = next((e for e in recorded if e.fingerprint == fingerprint), None)
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
    forwarded_by: str = ""  # the message is a forward by this (trusted) address: see core/forward.py
    claimed_by: str = ""  # a town address whose forward could not be authenticated
    quoted: str = ""  # the original sender such a forward names
    forward_evidence: str = ""  # why the forward was trusted or not (French)
    budgets: dict[str, Budget] = field(default_factory=dict)  # by recipient other than the sender (case applicants)
    our_mails: tuple[SentMail, ...] = ()  # our own mails the message refers to (bounces)
    reused: Earlier | None = None  # another message (other content) already came with this Message-ID

    def budget_to(self, address: str) -> Budget:
        """What was sent to `address` (the sender's own budget counts what they wrote)."""
        return self.budgets.get(address, self.budget)


@dataclass(frozen=True)
class MailPlan:
    kind: str  # acknowledgement | update | completion
    to_addr: str
    from_addr: str
    key: str  # what it says, to avoid sending the same mail twice in a row


class _Split(TypedDict):
    """A message's files, sorted: what every decision about a person's message carries."""

    origin: Origin
    pieces: tuple[Verdict, ...]
    unresolved: tuple[Verdict, ...]
    skipped: tuple[Verdict, ...]


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

    @property
    def ledger_only(self) -> bool:
        """Nothing but the message's ledger line changes (no case, no mail, no address): if that record were
        lost, the message would be fetched again and decided the same way."""
        return (self.fate in (IGNORED, DUPLICATE) and self.case is None and self.cited is None
                and self.bounce is None and not self.flag_sender and self.mail is None)


def decide(msg: Message, verdicts: list[Verdict], rules: Rules, ctx: Context) -> Decision:
    """A copy of a message already recorded is a duplicate; a different message that reuses its Message-ID is
    never dropped: it is decided on its own and flagged. When the earlier one was ignored, its content was not
    kept and cannot be compared: this one is decided on its own, and is a duplicate unless it is to be kept
    (the same mail would be ignored again). An earlier one filed or set aside whose content is not known any
    more (a deleted case's trace, a row older than fingerprints) is never filed twice."""
    e = ctx.earlier
    if e is not None and (e.fingerprint == msg.fingerprint or e.fate != IGNORED):
        return _duplicate(e)
    decision = _decide(msg, verdicts, rules, ctx)
    if ctx.reused is not None:
        note = f"son Message-ID est aussi celui d'un autre message ({ctx.reused.where}) : enregistré séparément"
    elif e is not None:
        if decision.fate not in (FILED, QUARANTINED):
            return _duplicate(e)
        note = (f"son Message-ID est aussi celui d'un message non retenu ({e.where}), dont le contenu n'est pas "
                "conservé : enregistré séparément")
    else:
        return decision
    decision = replace(decision, reason=f"{decision.reason} ; {note}")
    if decision.fate == FILED:
        decision = _replace(decision, attention=note)
    return decision


def _duplicate(e: Earlier) -> Decision:
    return Decision(DUPLICATE, f"même message déjà reçu dans la boîte {e.mailbox} (UID {e.uid}, {e.fate})")


def _decide(msg: Message, verdicts: list[Verdict], rules: Rules, ctx: Context) -> Decision:
    origin = origin_of(msg, ctx.watched, ctx.system_id)
    ours = ctx.clues.by_our_mail[0] if len(ctx.clues.by_our_mail) == 1 else None
    if origin.category == BOUNCE:
        bounce, why_not = believe(read_bounce(msg), ctx.our_mails)
        if bounce is None:
            return Decision(IGNORED, f"bounce: avis de non-remise {why_not}", origin=origin)
        case = next((c for c in ctx.clues.by_our_mail if c.id in {m.case_id for m in ctx.our_mails}), None)
        return Decision(IGNORED, f"bounce: {bounce.summary}", origin=origin, case=case, bounce=bounce,
                        attention="un courriel envoyé au demandeur n'a pas pu être remis"
                        if bounce.permanent and bounce.recipients and case else "")
    if origin.reason == UNREADABLE_SENDER and any(v.outcome in (PIECE, UNRESOLVED) for v in verdicts):
        return Decision(QUARANTINED, "expéditeur illisible alors que le message porte des documents : "
                                     "à voir par le service", origin=origin)
    pieces = tuple(v for v in verdicts if v.outcome == PIECE)
    unresolved = tuple(v for v in verdicts if v.outcome == UNRESOLVED)
    skipped = tuple(v for v in verdicts if v.outcome not in (PIECE, UNRESOLVED))
    split = _Split(origin=origin, pieces=pieces, unresolved=unresolved, skipped=skipped)
    found = match(ctx.clues, frozenset(v.kind for v in pieces if v.kind), msg.from_addr, vouched=bool(ctx.forwarded_by))
    if origin.category == AUTOMATIC:  # recorded on a case it may speak for, or that our mail it answers is about
        return Decision(IGNORED, f"automatic: {origin.reason}", origin=origin, case=found.case or ours)
    if ctx.claimed_by and origin.category in (PERSON, STAFF) and (pieces or unresolved):
        return _unverified_forward(msg, rules, ctx, split)
    if origin.category != PERSON:
        return Decision(IGNORED, f"{origin.category}: {origin.reason}", origin=origin)
    if not ctx.forwarded_by and any(fnmatchcase(fold(msg.from_addr), p) for p in rules.forwarders):
        return Decision(IGNORED, f"staff: courrier interne de {msg.from_addr} (adresse de la ville, pas un transfert)",
                        origin=origin)
    if found.case is not None:
        return _join(msg, found.case, found.reason, rules, ctx, split)
    if found.cited is not None:  # about a case, not personal mail: its files are kept for staff, photos too
        return _stranger(msg, found, rules, ctx, split)
    # Photos alone are what personal mail carries: they open a case only when the subject announces an application.
    is_application = any(v.detected_type not in IMAGE_TYPES for v in pieces) or (
        (pieces or unresolved) and subject_announces_application(msg.subject, rules))
    if found.ambiguous:
        refs = ", ".join(c.reference for c in found.ambiguous)
        if not (pieces or unresolved):
            return Decision(IGNORED, f"réponse sans fichier ({found.reason}) : laissée au service", **split)
        return Decision(FILED, f"enregistré pour vérification : {found.reason}", **split,
                        new_pieces=pieces + unresolved,
                        assessment=Assessment(REVIEW, rules.required,
                                              f"à rattacher : plusieurs dossiers possibles ({refs})"),
                        no_mail_reason="ambigu : le service choisit le dossier",
                        attention=f"message à rattacher : plusieurs dossiers possibles ({refs})")
    if not is_application:
        why = "aucune pièce jointe" if not verdicts else "aucune pièce reconnue parmi les fichiers joints"
        return Decision(IGNORED, f"pas une candidature : {why}", **split)
    assessment = assess({v.kind for v in pieces if v.kind}, rules.required, len(unresolved))
    reason = f"candidature : {len(pieces)} pièce(s) reconnue(s) ; {assessment.reason}"
    if ctx.forwarded_by:
        reason += f" (transférée par {ctx.forwarded_by} : {ctx.forward_evidence})"
    if found.reason:
        reason += f" ({found.reason})"
    decision = Decision(FILED, reason, **split, new_pieces=unique_files(pieces + unresolved), assessment=assessment,
                        attention=flagged_files(verdicts))
    return _with_mail(decision, ACKNOWLEDGEMENT, msg, rules, ctx, mails_for_case=0)


def _stranger(msg: Message, found: Match, rules: Rules, ctx: Context, split: _Split) -> Decision:
    """Someone the cited case does not know names it: never joined. With files: a case of their own, in
    review, linked to the cited one for staff, acknowledged like any new case (it names only their own
    files); without: recorded and left to staff."""
    cited = found.cited
    assert cited is not None
    flag = f"{found.reason} : à rattacher par le service s'il s'agit du même demandeur"
    if not (split["pieces"] or split["unresolved"]):
        return Decision(IGNORED, f"{found.reason} ; sans fichier : laissé au service", **split, cited=cited)
    files = split["pieces"] + split["unresolved"]
    absent = missing({v.kind for v in split["pieces"] if v.kind}, rules.required)
    decision = Decision(FILED, f"enregistré pour vérification : {found.reason}", **split,
                        new_pieces=unique_files(files),
                        assessment=Assessment(REVIEW, absent, f"un tiers cite le dossier {cited.reference}"),
                        attention=" ; ".join(filter(None, (flag, flagged_files(files + split["skipped"])))),
                        cited=cited)
    return _with_mail(decision, ACKNOWLEDGEMENT, msg, rules, ctx, mails_for_case=0)


def _unverified_forward(msg: Message, rules: Rules, ctx: Context, split: _Split) -> Decision:
    """A town address forwards someone's application but the message is not authenticated as the town's:
    it is the stated sender's mail. Filed for staff, so nothing is lost, and nobody is written to."""
    files = split["pieces"] + split["unresolved"]
    absent = missing({v.kind for v in split["pieces"] if v.kind}, rules.required)
    why = (f"transfert non authentifié de {ctx.claimed_by} ({ctx.forward_evidence}) : enregistré au nom de "
           f"l'expéditeur indiqué ; {ctx.quoted}, cité dans le message, n'a reçu aucun courriel")
    return Decision(FILED, why, **split, new_pieces=unique_files(files),
                    assessment=Assessment(REVIEW, absent, "transfert non authentifié : à vérifier"),
                    no_mail_reason="transfert non authentifié : aucun courriel automatique",
                    attention=f"{why} ; à vérifier avant d'écrire au demandeur")


def unique_files(verdicts: Iterable[Verdict]) -> tuple[Verdict, ...]:
    """The same file twice in one mail counts once (the last copy stands for it)."""
    return tuple({v.attachment.sha256: v for v in verdicts}.values())


def _join(msg: Message, case: CaseView, why: str, rules: Rules, ctx: Context, split: _Split) -> Decision:
    new = unique_files(v for v in split["pieces"] + split["unresolved"] if v.attachment.sha256 not in case.hashes)
    reason = f"rattaché à {case.reference} : {why}"
    if case.status in DECISIONS:
        return Decision(FILED, reason + f" ; le dossier est déjà décidé ({case.status})", **split, case=case,
                        new_pieces=new, no_mail_reason="une décision est enregistrée : le service répond",
                        attention="nouvelles pièces reçues après la décision" if new else "")
    kinds = case.kinds | {v.kind for v in new if v.kind}
    unresolved = case.unresolved + sum(1 for v in new if v.outcome == UNRESOLVED)
    assessment = assess(kinds, rules.required, unresolved)
    if case.status == REVIEW and assessment.status != COMPLETE:
        assessment = Assessment(REVIEW, assessment.missing, "le dossier était déjà à vérifier")
    decision = Decision(FILED, f"{reason} ; {len(new)} nouveau(x) fichier(s) ; {assessment.reason}", **split,
                        case=case, new_pieces=new, assessment=assessment,
                        attention=flagged_files(new + split["skipped"]))
    if assessment.status == COMPLETE and case.status != COMPLETE:
        kind = COMPLETION
    elif new and assessment.status != COMPLETE:
        kind = UPDATE
    else:
        return _replace(decision, no_mail_reason="rien de nouveau à accuser")
    return _with_mail(decision, kind, msg, rules, ctx, mails_for_case=ctx.mails_24h_by_case.get(case.id, 0))


def _with_mail(decision: Decision, kind: str, msg: Message, rules: Rules, ctx: Context,
               mails_for_case: int) -> Decision:
    """Plan the mail, unless RFC 3834, a bounce record or the limits say no."""
    target, from_addr, why_not = reply_target(msg, ctx, decision.case)
    if not target:
        return _replace(decision, no_mail_reason=why_not)
    limits, budget = rules.conversation, ctx.budget_to(target)
    if budget.undeliverable:
        return _replace(decision, no_mail_reason=f"{target} est en échec définitif (non-remise)")
    if ctx.budget.received_from_sender + 1 > limits.replies_per_day_before_flag:
        return _replace(decision, no_mail_reason=f"{msg.from_addr} a écrit trop souvent en 24 h : boucle ?",
                        attention=f"{msg.from_addr} écrit en boucle (plus de {limits.replies_per_day_before_flag} "
                                  "messages en 24 h) : réponses automatiques suspendues",
                        flag_sender="looping")
    if budget.sent_to_recipient >= limits.per_recipient_per_day:
        return _replace(decision, no_mail_reason=f"limite de {limits.per_recipient_per_day} courriels par jour "
                                                 f"atteinte pour {target}",
                        attention=f"limite de courriels automatiques atteinte pour {target} "
                                  "(boucle possible avec un répondeur automatique)", flag_sender="looping")
    if mails_for_case >= limits.per_case_per_day:
        return _replace(decision, no_mail_reason=f"limite de {limits.per_case_per_day} courriels par jour "
                                                 "atteinte pour ce dossier",
                        attention="limite de courriels automatiques atteinte pour ce dossier")
    missing = decision.assessment.missing if decision.assessment else ()
    about = decision.case.reference if decision.case else f"new:{msg.identity}"
    key = "|".join([kind, about, ",".join(missing), ",".join(sorted(v.attachment.sha256 for v in decision.new_pieces))])
    if key == budget.last_key_to_recipient:
        return _replace(decision, no_mail_reason="identique au dernier courriel envoyé à cette adresse")
    return _replace(decision, mail=MailPlan(kind, target, from_addr, key))


def _replace(decision: Decision, **changes: Any) -> Decision:
    if "attention" in changes and decision.attention:
        changes["attention"] = f"{decision.attention} ; {changes['attention']}"
    return replace(decision, **changes)


FLAG_LABELS = {"executable": "programme écarté", "macro": "document à macros écarté",
               "encrypted": "fichier protégé par un mot de passe", "archive-bomb": "archive suspecte non ouverte",
               "too-large": "fichier trop volumineux non ouvert", "too-deep": "archive trop imbriquée",
               "too-many-entries": "archive incomplètement ouverte", "corrupt": "fichier illisible",
               "ocr-unavailable": "scan non lu (lecture optique non installée)", "unread": "non lu, à vérifier"}


def flagged_files(verdicts: Iterable[Verdict]) -> str:
    """What staff must know about the files (programs, macros, passwords, scans not read)."""
    found = [f"{FLAG_LABELS.get(v.flag, v.flag)} : {v.attachment.filename}" for v in verdicts if v.flag]
    found += [f"fichiers à télécharger avant que le lien expire ({v.attachment.content.decode('utf-8', 'replace')})"
              for v in verdicts if v.detected_type == "link"]
    return " ; ".join(dict.fromkeys(found))


def subject_announces_application(subject: str, rules: Rules) -> bool:
    folded = fold(subject)
    return any(word in folded for word in rules.subject_words)


def reply_target(msg: Message, ctx: Context, case: CaseView | None = None) -> tuple[str, str, str]:
    """(to, from, "") for an automatic answer, or ("", "", why not) (RFC 3834).

    It goes to the case's applicant address as recorded (a new case: the message's `From`), never to
    `Reply-To` (anyone could point our mail at a third party) nor to whoever wrote last."""
    target = case.applicant if case is not None else msg.from_addr
    if not target:
        return "", "", "aucune adresse à qui répondre"
    if target in ctx.watched:
        return "", "", f"{target} est l'une de nos adresses"
    if is_robot_address(target):
        return "", "", f"{target} est une adresse automatique"
    direct = [a for a in msg.to + msg.cc if a in ctx.watched]
    resent = [a for n in ("resent-to", "resent-cc", "delivered-to", "x-original-to")
              for v in msg.headers.get(n, ()) for a in sorted(ctx.watched) if a in v.lower()]
    if not direct and not resent:
        return "", "", "pas adressé directement à une boîte surveillée (liste ou alias) : laissé au service"
    return target, (direct or resent)[0], ""
