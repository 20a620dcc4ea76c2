"""What to do with one incoming message: the policy, as a value.

`decide()` takes the parsed message, the verdict on each attachment, the
rules and what the database already knows (`Context`: an earlier copy, the
cases the message points at, what was already sent to its sender), and
returns a `Decision`: its fate and why, the case to open or join, the pieces
to add, the mail to send (or why none), what staff must look at. The shell
applies it; nothing here does IO.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from intake.core.bounce import Bounce, read_bounce
from intake.core.classify import PIECE, UNRESOLVED, Verdict
from intake.core.completeness import COMPLETE, DECISIONS, REVIEW, Assessment, assess
from intake.core.message import Message
from intake.core.origin import AUTOMATIC, BOUNCE, PERSON, UNREADABLE_SENDER, Origin, is_robot_address, origin_of
from intake.core.rules import Rules
from intake.core.sniff import IMAGE_TYPES
from intake.core.text import fold
from intake.core.thread import CaseView, Clues, match

FILED = "filed"
IGNORED = "ignored"
DUPLICATE = "duplicate"
QUARANTINED = "quarantined"
FATES = (FILED, IGNORED, DUPLICATE, QUARANTINED)

ACKNOWLEDGEMENT, UPDATE, COMPLETION, REMINDER = "acknowledgement", "update", "completion", "reminder"
MAIL_LABELS = {ACKNOWLEDGEMENT: "accusé de réception", UPDATE: "accusé des nouvelles pièces",
               COMPLETION: "avis de dossier complet", REMINDER: "relance", "digest": "récapitulatif du service"}


def mail_label(kind: str) -> str:
    """The French name of a kind of mail, for staff (decision/STATUS: "décision (STATUS)")."""
    if kind.startswith("decision/"):
        return f"avis de décision ({kind.split('/', 1)[1]})"
    return MAIL_LABELS.get(kind, kind)


@dataclass(frozen=True)
class Earlier:
    """The same message (same Message-ID or fingerprint), already recorded."""

    mailbox: str
    uid: int
    fate: str
    case_id: int | None


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
    earlier: Earlier | None = None
    clues: Clues = Clues()
    budget: Budget = Budget()
    mails_24h_by_case: dict[int, int] = field(default_factory=dict)  # case id -> mails sent in 24 h
    forwarded_by: str = ""  # the message is a forward by this (trusted) address: see core/forward.py


@dataclass(frozen=True)
class MailPlan:
    kind: str  # acknowledgement | update | completion
    to_addr: str
    from_addr: str
    key: str  # what it says, to avoid sending the same mail twice in a row


@dataclass(frozen=True)
class Decision:
    fate: str
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
    bounce: Bounce | None = None
    flag_sender: str = ""  # the sender is looping: record it


def decide(msg: Message, verdicts: list[Verdict], rules: Rules, ctx: Context) -> Decision:
    if ctx.earlier is not None:
        e = ctx.earlier
        return Decision(DUPLICATE, f"même message déjà reçu dans la boîte {e.mailbox} (UID {e.uid}, {e.fate})")
    origin = origin_of(msg, ctx.watched, ctx.system_id)
    strong = match(Clues(ctx.clues.by_reference, ctx.clues.by_headers), frozenset()).case
    if origin.category == BOUNCE:
        bounce = read_bounce(msg)
        return Decision(IGNORED, f"bounce: {bounce.summary}", origin=origin, case=strong, bounce=bounce,
                        attention="un courriel envoyé au demandeur n'a pas pu être remis" if bounce.permanent
                        and strong else "")
    if origin.reason == UNREADABLE_SENDER and any(v.outcome in (PIECE, UNRESOLVED) for v in verdicts):
        return Decision(QUARANTINED, "expéditeur illisible alors que le message porte des documents : "
                                     "à voir par le service", origin=origin)
    if origin.category == AUTOMATIC:
        return Decision(IGNORED, f"automatic: {origin.reason}", origin=origin, case=strong)
    if origin.category != PERSON:
        return Decision(IGNORED, f"{origin.category}: {origin.reason}", origin=origin)
    if not ctx.forwarded_by and any(fnmatchcase(fold(msg.from_addr), p) for p in rules.forwarders):
        return Decision(IGNORED, f"staff: courrier interne de {msg.from_addr} (adresse de la ville, pas un transfert)",
                        origin=origin)
    pieces = tuple(v for v in verdicts if v.outcome == PIECE)
    unresolved = tuple(v for v in verdicts if v.outcome == UNRESOLVED)
    skipped = tuple(v for v in verdicts if v.outcome not in (PIECE, UNRESOLVED))
    split = dict(origin=origin, pieces=pieces, unresolved=unresolved, skipped=skipped)
    found = match(ctx.clues, frozenset(v.kind for v in pieces))
    if found.case is not None:
        return _join(msg, found.case, found.reason, rules, ctx, split)
    # Photos alone are what personal mail carries: they open a case only when the subject announces an application.
    is_application = any(v.detected_type not in IMAGE_TYPES for v in pieces) or (
        (pieces or unresolved) and subject_announces_application(msg.subject, rules))
    if found.ambiguous:
        refs = ", ".join(c.reference for c in found.ambiguous)
        if not (pieces or unresolved):
            return Decision(IGNORED, f"réponse sans fichier ({found.reason}) : laissée au service", **split)
        return Decision(FILED, f"enregistré pour vérification : {found.reason}", **split, new_pieces=pieces + unresolved,
                        assessment=Assessment(REVIEW, rules.required, f"à rattacher : plusieurs dossiers possibles ({refs})"),
                        no_mail_reason="ambigu : le service choisit le dossier",
                        attention=f"message à rattacher : plusieurs dossiers possibles ({refs})")
    if not is_application:
        why = "aucune pièce jointe" if not verdicts else "aucune pièce reconnue parmi les fichiers joints"
        return Decision(IGNORED, f"pas une candidature : {why}", **split)
    assessment = assess({v.kind for v in pieces}, rules.required, len(unresolved))
    reason = f"candidature : {len(pieces)} pièce(s) reconnue(s) ; {assessment.reason}"
    split["attention"] = flagged_files(verdicts)
    if ctx.forwarded_by:
        reason += f" (transférée par {ctx.forwarded_by})"
    if found.reason:
        reason += f" ({found.reason})"
    decision = Decision(FILED, reason, **split, new_pieces=pieces + unresolved, assessment=assessment)
    return _with_mail(decision, ACKNOWLEDGEMENT, msg, rules, ctx, mails_for_case=0)


def decide_postal(verdicts: list[Verdict], rules: Rules) -> Decision:
    """An application that came by post, its files scanned and filed by staff: the same split of the files and
    the same completeness as a mail's; no automatic mail (staff answer a letter themselves)."""
    pieces = tuple(v for v in verdicts if v.outcome == PIECE)
    unresolved = tuple(v for v in verdicts if v.outcome == UNRESOLVED)
    skipped = tuple(v for v in verdicts if v.outcome not in (PIECE, UNRESOLVED))
    new = tuple({v.attachment.sha256: v for v in pieces + unresolved}.values())
    assessment = assess({v.kind for v in pieces}, rules.required, len(unresolved))
    return Decision(FILED, f"candidature papier : {len(pieces)} pièce(s) reconnue(s) ; {assessment.reason}",
                    pieces=pieces, unresolved=unresolved, skipped=skipped, new_pieces=new, assessment=assessment,
                    no_mail_reason="candidature papier : pas de courriel automatique",
                    attention=flagged_files(verdicts))


def _join(msg: Message, case: CaseView, why: str, rules: Rules, ctx: Context, split: dict) -> Decision:
    new = tuple(v for v in split["pieces"] + split["unresolved"] if v.attachment.sha256 not in case.hashes)
    new = tuple({v.attachment.sha256: v for v in new}.values())  # the same file twice in one mail
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
    decision = Decision(FILED, f"{reason} ; {len(new)} nouveau(x) fichier(s) ; {assessment.reason}", **split, case=case,
                        new_pieces=new, assessment=assessment, attention=flagged_files(new + split["skipped"]))
    if assessment.status == COMPLETE and case.status != COMPLETE:
        kind = COMPLETION
    elif new and assessment.status != COMPLETE:
        kind = UPDATE
    else:
        return _replace(decision, no_mail_reason="rien de nouveau à accuser")
    return _with_mail(decision, kind, msg, rules, ctx, mails_for_case=ctx.mails_24h_by_case.get(case.id, 0))


def _with_mail(decision: Decision, kind: str, msg: Message, rules: Rules, ctx: Context, mails_for_case: int):
    """Plan the mail, unless RFC 3834, a bounce record or the limits say no."""
    target, from_addr, why_not = reply_target(msg, ctx)
    if not target:
        return _replace(decision, no_mail_reason=why_not)
    limits, budget = rules.conversation, ctx.budget
    if budget.undeliverable:
        return _replace(decision, no_mail_reason=f"{target} est en échec définitif (non-remise)")
    if budget.received_from_sender + 1 > limits.replies_per_day_before_flag:
        return _replace(decision, no_mail_reason=f"{target} a écrit trop souvent en 24 h : boucle ?",
                        attention=f"{target} écrit en boucle (plus de {limits.replies_per_day_before_flag} "
                                  "messages en 24 h) : réponses automatiques suspendues",
                        flag_sender="looping")
    if budget.sent_to_recipient >= limits.per_recipient_per_day:
        return _replace(decision, no_mail_reason=f"limite de {limits.per_recipient_per_day} courriels par jour atteinte pour {target}",
                        attention=f"limite de courriels automatiques atteinte pour {target} "
                                  "(boucle possible avec un répondeur automatique)", flag_sender="looping")
    if mails_for_case >= limits.per_case_per_day:
        return _replace(decision, no_mail_reason=f"limite de {limits.per_case_per_day} courriels par jour atteinte pour ce dossier",
                        attention="limite de courriels automatiques atteinte pour ce dossier")
    missing = decision.assessment.missing if decision.assessment else ()
    about = decision.case.reference if decision.case else f"new:{msg.identity}"
    key = "|".join([kind, about, ",".join(missing), ",".join(sorted(v.attachment.sha256 for v in decision.new_pieces))])
    if key == budget.last_key_to_recipient:
        return _replace(decision, no_mail_reason="identique au dernier courriel envoyé à cette adresse")
    return _replace(decision, mail=MailPlan(kind, target, from_addr, key))


def _replace(decision: Decision, **changes) -> Decision:
    from dataclasses import replace

    if "attention" in changes and decision.attention:
        changes["attention"] = f"{decision.attention} ; {changes['attention']}"
    return replace(decision, **changes)


FLAG_LABELS = {"executable": "programme écarté", "macro": "document à macros écarté",
               "encrypted": "fichier protégé par un mot de passe", "archive-bomb": "archive suspecte non ouverte",
               "too-large": "fichier trop volumineux non ouvert", "too-deep": "archive trop imbriquée",
               "too-many-entries": "archive incomplètement ouverte", "corrupt": "fichier illisible",
               "ocr-unavailable": "scan non lu (lecture optique non installée)"}


def flagged_files(verdicts) -> str:
    """What staff must know about the files (programs, macros, passwords, scans not read)."""
    found = [f"{FLAG_LABELS.get(v.flag, v.flag)} : {v.attachment.filename}" for v in verdicts if v.flag]
    found += [f"fichiers à télécharger avant que le lien expire ({v.attachment.content.decode('utf-8', 'replace')})"
              for v in verdicts if v.detected_type == "link"]
    return " ; ".join(dict.fromkeys(found))


def subject_announces_application(subject: str, rules: Rules) -> bool:
    folded = fold(subject)
    return any(word in folded for word in rules.subject_words)


def reply_target(msg: Message, ctx: Context) -> tuple[str, str, str]:
    """(to, from, "") for an automatic answer, or ("", "", why not) (RFC 3834)."""
    target = msg.reply_to or msg.from_addr
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
