"""What to do with one incoming message: the policy, as a value.

`decide()` takes the parsed message, the verdict on each attachment, the rules and what the database
already knows (`Context`, core/context.py), and returns a `Decision`: its fate and why, the case to open
or join, the pieces to add, the mail to send (or why none, core/replies.py), what staff must look at,
and the effects that carry all of it out (`Decision.effects`, made by core/filing.py). The shell carries
them out; nothing here does IO.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, TypedDict

from intake.core import labels
from intake.core.addresses import MAX_NAMED, looks_like, looks_like_ours, named_in
from intake.core.arrival import OVER_LIMITS, UNREADABLE_SENDER_FILES
from intake.core.bounce import believe, read_bounce
from intake.core.classify import (
    PIECE,
    UNRESOLVED,
    Verdict,
    flagged_files,
    set_aside,
    typed_in_mail,
    unique_files,
    unnamed_count,
    written_in_mail,
)
from intake.core.completeness import Assessment, assess, missing, with_new_files
from intake.core.context import Context, Decision, Earlier
from intake.core.filing import MAX_CITED_A_DAY, MAX_UNFILED_A_DAY, effects_of
from intake.core.forward import NOT_VOUCHED
from intake.core.french import agree, count
from intake.core.htmltext import html_as_text
from intake.core.links import listed_host, url_host, urls_in
from intake.core.message import Message
from intake.core.origin import (
    AUTOMATIC,
    BOUNCE,
    BULK,
    OWN,
    PERSON,
    ROBOT_ADDRESS,
    STAFF,
    UNREADABLE_SENDER,
    Origin,
    origin_of,
    vouched_person,
)
from intake.core.parse import says_forward
from intake.core.quarantine_space import RAW_KEPT
from intake.core.replies import ACKNOWLEDGEMENT, COMPLETION, UPDATE, plan_mail
from intake.core.rules import Rules
from intake.core.sniff import IMAGE_TYPES, VIDEO_TYPES
from intake.core.statuses import COMPLETE, DECISIONS, DUPLICATE, FILED, IGNORED, QUARANTINED, REVIEW
from intake.core.store_budget import budgeted
from intake.core.text import fold
from intake.core.thanks import only_a_signature, only_thanks, own_text, subject_adds_nothing
from intake.core.thread import CaseView, Match, match, person_name, reply_to_hint, same_name_hint


class _Split(TypedDict):
    """A message's files, sorted: what every decision about a person's message carries."""

    origin: Origin
    pieces: tuple[Verdict, ...]
    unresolved: tuple[Verdict, ...]
    skipped: tuple[Verdict, ...]


def decide(msg: Message, verdicts: list[Verdict], rules: Rules, ctx: Context) -> Decision:
    """The message's fate and why, with the effects that carry it out (core/filing.py)."""
    decision = bounded_notes(budgeted(capped(_fate(msg, verdicts, rules, ctx), msg, ctx), msg, ctx), ctx)
    alike = looks_like_ours(msg.from_addr, ctx.ours) if decision.fate == FILED else ""
    if alike:  # a stranger whose address staff would read as a colleague's (attack14)
        decision = _replace(decision, attention=alike)
    if ctx.via and decision.fate != DUPLICATE:  # a file-transfer service's notice, read as the person's message
        decision = replace(decision, reason=f"{decision.reason} (notification de {ctx.via} pour {msg.from_addr})")
    return replace(decision, effects=effects_of(decision, msg, rules, ctx))


def _fate(msg: Message, verdicts: list[Verdict], rules: Rules, ctx: Context) -> Decision:
    """A copy of a message already recorded is a duplicate; a different message that reuses its Message-ID is
    never dropped: it is decided on its own and flagged. When the earlier one was ignored, its content was not
    kept and cannot be compared: this one is decided on its own, and is a duplicate unless it is to be kept
    (the same mail would be ignored again). An earlier one filed or set aside whose content is not known any
    more (a deleted case's trace, a row older than fingerprints) is never filed twice."""
    e = ctx.earlier
    if e is not None and ctx.copy_key and e.copy_key == ctx.copy_key:
        return _duplicate(e, "reconnu à ses en-têtes, sans télécharger le message")
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


# how the reason of a message set aside for the cap on new cases goes on (after OVER_LIMITS): the digest counts
# them on one line (core/digest.py)
CASES_CAP = "[limits] cases_per_sender_per_day"
ROBOT_CAP = "[limits] cases_per_robot_per_day"
DOMAIN_CAP = "[limits] cases_per_domain_per_day"
ALL_CAP = "[limits] unauthenticated_cases_per_day"


def set_aside_by_cap(reason: str) -> bool:
    """Whether a quarantined message's reason is the cap on new cases (`capped`): the digest counts those apart."""
    return CASES_CAP in reason or ROBOT_CAP in reason or DOMAIN_CAP in reason or ALL_CAP in reason


# how a cap's reason names it and its domain (`capped`); `cap_reached` reads them back for the digest
_FOR_ROBOTS = ", pour des expéditeurs automatiques"
_CAP_SAID = re.compile(f"({re.escape(CASES_CAP)}|{re.escape(ROBOT_CAP)}|{re.escape(DOMAIN_CAP)}|{re.escape(ALL_CAP)})"
                       " = \\d+"
                       f"({re.escape(_FOR_ROBOTS)})?")
_DOMAIN_SAID = re.compile(r" du domaine (\S+) ont déjà ouvert ")
# which cap set a message aside (`cap_reached`); ALL: every unauthenticated sender's together
SENDER, DOMAIN, ROBOT, ALL = "sender", "domain", "robot", "all"


def cap_reached(reason: str) -> tuple[str, str]:
    """Which cap on new cases a quarantined message's recorded reason says was reached (`capped`): (SENDER, ""),
    (ROBOT, "") or (DOMAIN, the domain named). The domain's cap raised for automatic senders is the domain's; the
    cases a form opened in one applicant's name count with that applicant's own cap (SENDER). The last cap and
    domain named are the ones `capped` wrote: the sender's address comes first in the reason, and a quoted local
    part may hold any words (`"x du domaine y.example ont déjà ouvert "@evil.example`)."""
    caps = list(_CAP_SAID.finditer(reason))
    if not caps:
        return SENDER, ""
    last = caps[-1]
    domains = _DOMAIN_SAID.findall(reason[:last.start()])
    if domains and (last.group(1) == DOMAIN_CAP or last.group(2)):
        return DOMAIN, domains[-1]
    if last.group(1) == ALL_CAP:
        return ALL, ""
    return (ROBOT, "") if last.group(1) == ROBOT_CAP else (SENDER, "")


# each cap on new cases as staff read it (the digest's line, the console's word after a retry)
CAP_WORDS = {SENDER: "par expéditeur", ROBOT: "par expéditeur automatique", DOMAIN: "par domaine d'expéditeur",
             ALL: "des expéditeurs non authentifiés ensemble"}


def still_capped(reason: str, retry: str = "« Traiter à nouveau »",
                 way_out: str = "« Enregistrer malgré les limites »") -> str:
    """What staff read when a retry (the console's `retry`, or the command line's) set a message aside for a cap on
    new cases again (its new `reason`): which cap still applies, and the way out (`way_out`), which a retry is not (it
    goes the poller's path, caps included)."""
    kind, domain = cap_reached(reason)
    return (f"Toujours mis de côté : le plafond de nouveaux dossiers {CAP_WORDS[kind]}"
            f"{f' ({domain})' if domain else ''} en 24 heures s'applique encore (limite fixée par l'administrateur) ; "
            f"{retry} ne le lève pas : s'il s'agit d'une vraie candidature, utilisez {way_out}.")


def capped(decision: Decision, msg: Message, ctx: Context) -> Decision:
    """A message that would open a case when its sender already opened `ctx.cases_cap` in 24 hours is set aside
    (quarantined, its raw bytes kept within the quarantine's budget) instead: anyone can send messages that each
    open a case for staff (a document with a forged or a copier's address, a stranger citing a case, each new
    dossier), and every case is work and a line in the digest. Nothing is lost: staff see the message, and file it
    anyway (« Enregistrer malgré les limites », `intake quarantine file-anyway`) when it is a real application.
    Messages joining a case, and a trusted staff forward, are never capped; a sender who failed authentication
    is counted apart from the real address (a forger must not fill the real applicant's cap).

    An automatic sender whose mail names its applicant in Reply-To (the town site's form, from wordpress@: one sender
    for every visitor) is budgeted per applicant named: `ctx.cases_cap` cases naming that address, counted apart from
    the address's own mail (the Reply-To is whatever the visitor typed: naming someone never fills their own cap);
    and, since a visitor can type a new address each time, `ctx.robot_cap` cases for the sender itself, all
    applicants together.

    The addresses of one registrable domain share `ctx.domain_cap` new cases in 24 hours (`ctx.domain_opened`): whoever
    owns a domain that takes every address writes from a thousand of them, each under its own cap. Not a big mail
    provider's domain, nor the town's own (`ctx.domain` is then "": core/sender_domain.py), nor the town's declared
    automatic senders' ([trust] automatic_senders). Another automatic sender's mail budgeted per applicant named
    shares it too, raised to `ctx.robot_cap` (one form platform's address opens that many): anyone can write
    « Auto-Submitted » and a Reply-To, from each address of a catch-all."""
    if decision.fate != FILED or decision.case is not None or ctx.forwarded_by or not ctx.cases_cap:
        return decision
    robot = decision.origin is not None and decision.origin.category == AUTOMATIC and bool(ctx.robot_named)
    if robot and ctx.cases_opened >= ctx.robot_cap:
        return _set_aside(decision, f"{msg.from_addr} a déjà ouvert {count(ctx.cases_opened, 'dossier')} en 24 heures, "
                                    f"le plus qu'un expéditeur automatique puisse ouvrir ({ROBOT_CAP} = "
                                    f"{ctx.robot_cap}), toutes les adresses que ses courriels nomment ensemble")
    if robot and ctx.robot_opened_for >= ctx.cases_cap:
        return _set_aside(decision, f"{msg.from_addr} a déjà ouvert {count(ctx.robot_opened_for, 'dossier')} en 24 "
                                    f"heures au nom de {ctx.robot_named} (Reply-To), le plus qu'un expéditeur puisse "
                                    f"ouvrir ({CASES_CAP} = {ctx.cases_cap})")
    if robot and msg.from_addr in ctx.automatic:  # the town's own form ([trust] automatic_senders): its caps above
        return decision
    who = f"l'expéditeur affiché (non authentifié) {msg.from_addr}" if ctx.unverified else msg.from_addr
    if not robot and ctx.cases_opened >= ctx.cases_cap:
        return _set_aside(decision, f"{who} a déjà ouvert {count(ctx.cases_opened, 'dossier')} en 24 heures, le plus "
                                    f"qu'un expéditeur puisse ouvrir ({CASES_CAP} = {ctx.cases_cap})")
    # any mail can say it is automatic (« Auto-Submitted ») and name someone in Reply-To: a catch-all's addresses
    # writing so share the domain's cap all the same, as high as one automatic sender's own (a form platform's one
    # address keeps its own cap, above the domain's)
    cap = max(ctx.domain_cap, ctx.robot_cap) if robot else ctx.domain_cap
    if ctx.domain and ctx.domain_cap and ctx.domain_opened >= cap:
        whose = ("des expéditeurs affichés (non authentifiés)" if ctx.unverified else "des adresses authentifiées"
                 if ctx.domain_authenticated else "des adresses")
        which = (f"{ROBOT_CAP} = {cap}{_FOR_ROBOTS}" if robot and cap > ctx.domain_cap
                 else f"{DOMAIN_CAP} = {ctx.domain_cap}")
        box = "@" in ctx.domain  # a big provider's box (core/sender_domain.py `provider_box`), as a domain
        where = (f"de la boîte {ctx.domain} (ses variantes en « + » comprises)" if box
                 else f"du domaine {ctx.domain}")
        one = "d'une même boîte" if box else "d'un même domaine"
        return _set_aside(decision, f"{who} : les messages {whose} {where} ont déjà ouvert "
                                    f"{count(ctx.domain_opened, 'dossier')} en 24 heures, le plus que les adresses "
                                    f"{one} puissent ouvrir ensemble ({which})")
    # the caps above are keyed by what a forger writes: made-up addresses on a thousand domains without DMARC (anyone's)
    # opened a thousand domains' worth of cases; every unauthenticated sender's new cases share one cap too
    if ctx.unauthenticated_cap and ctx.unauthenticated_opened >= ctx.unauthenticated_cap:
        whose = "des expéditeurs affichés (non authentifiés)" if ctx.unverified else "non authentifiés"
        return _set_aside(decision, f"{who} : les messages {whose} de tous les expéditeurs ont déjà ouvert "
                                    f"{count(ctx.unauthenticated_opened, 'dossier')} en 24 heures, le plus qu'ils "
                                    f"puissent ouvrir ensemble ({ALL_CAP} = {ctx.unauthenticated_cap})")
    return decision


def bounded_notes(decision: Decision, ctx: Context) -> Decision:
    """`decision`, or, when it is a message about a case not filed (ignored: an automatic reply, a thanks) while the
    case already noted MAX_UNFILED_A_DAY such messages in 24 hours (or a copy, as many copies: core/filing.py notes it
    no more), the same decision about no case: its ledger line
    stays, the case's history and messages do not grow. Anyone can write « Réponse automatique » citing a reference
    (they follow each other) in its applicant's name from a domain without DMARC: thirty of them were thirty lines of
    a real applicant's history, a flood thousands (a stranger's is about no case: `_stranger`)."""
    if decision.fate == DUPLICATE and ctx.earlier is not None and ctx.earlier.case_id and (
            ctx.copies_24h >= MAX_UNFILED_A_DAY):  # whoever got the message (in Cc) can send it again a thousand times
        return replace(decision, reason=f"{decision.reason} ; déjà {ctx.copies_24h} copies notées en 24 heures au "
                                        "dossier, pas davantage")
    case = decision.case
    if decision.fate != IGNORED or case is None or decision.bounce is not None:
        return decision
    noted = ctx.unfiled_24h.get(case.id, 0)
    if noted < MAX_UNFILED_A_DAY:
        return decision
    return replace(decision, case=None, attention="",
                   reason=f"{decision.reason} ; déjà {noted} messages sans suite notés en 24 heures au dossier "
                          f"{case.reference}, pas davantage")


def _set_aside(decision: Decision, why: str) -> Decision:
    return Decision(QUARANTINED, f"{OVER_LIMITS} : {why} : mis de côté au lieu d'ouvrir un dossier de plus ; s'il "
                                 "s'agit d'une vraie candidature, l'enregistrer malgré les limites ; "
                                 f"{RAW_KEPT}", origin=decision.origin)


def _duplicate(e: Earlier, how: str = "") -> Decision:
    return Decision(DUPLICATE, f"même message déjà reçu dans la boîte {e.mailbox} (UID {e.uid}, "
                               f"{labels.fate(e.fate)})" + (f" ; {how}" if how else ""))


def files_cannot_matter(msg: Message, rules: Rules, watched: frozenset[str], system_id: str, forwarded_by: str = "",
                        claimed_by: str = "", automatic: frozenset[str] = frozenset()) -> str:
    """Why nothing the message's files hold can change its fate, or "" when it can: our own mail coming back, a
    bounce (judged on its report), a list or a newsletter, the service's own address, a town colleague's own
    mail (not a forward). `_decide` ignores all of these whatever they carry (the same tests, in the same
    order: tests/unit/test_files_cannot_matter.py holds the two together), so their files need not be read,
    nor their archives opened. `forwarded_by`/`claimed_by`: as the Forward of core/forward.py says; `automatic`:
    the town's own automatic senders (`Context.automatic`)."""
    return _files_cannot_matter(msg, origin_of(msg, watched, system_id, automatic=automatic), rules, forwarded_by,
                                claimed_by)


def _files_cannot_matter(msg: Message, origin: Origin, rules: Rules, forwarded_by: str, claimed_by: str) -> str:
    if origin.category in (OWN, BOUNCE, BULK):
        return origin.reason
    if claimed_by:  # a town address forwards someone's files without proof: they are that person's mail
        return ""
    if origin.category == STAFF:
        return origin.reason
    if origin.category == PERSON and not forwarded_by and rules.is_forwarder(msg.from_addr):
        return f"courrier interne de {msg.from_addr} (adresse de la ville, pas un transfert)"
    return ""


def only_copies_matter(msg: Message, rules: Rules, watched: frozenset[str], system_id: str, forwarded_by: str = "",
                       claimed_by: str = "", automatic: frozenset[str] = frozenset()) -> bool:
    """Whether the only thing the database knows that can change the message's fate is an earlier copy of it
    (`Context.earlier` and `reused`): the mail `files_cannot_matter` ignores whatever it carries is ignored
    whatever cases, mails and budgets are on record too; a bounce aside, which is matched to the mail it
    reports on. Its context need not look up the rest (tests/unit/test_files_cannot_matter.py holds this to
    `decide`)."""
    origin = origin_of(msg, watched, system_id, automatic=automatic)
    return origin.category != BOUNCE and bool(_files_cannot_matter(msg, origin, rules, forwarded_by, claimed_by))


def _decide(msg: Message, verdicts: list[Verdict], rules: Rules, ctx: Context) -> Decision:
    origin = origin_of(msg, ctx.watched, ctx.system_id, automatic=ctx.automatic)
    ours = ctx.clues.by_our_mail[0] if len(ctx.clues.by_our_mail) == 1 else None
    if origin.category == BOUNCE:
        bounce, why_not = believe(read_bounce(msg), ctx.our_mails)
        if bounce is None:
            return Decision(IGNORED, f"bounce: avis de non-remise {why_not}", origin=origin)
        case = next((c for c in ctx.clues.by_our_mail if c.id in {m.case_id for m in ctx.our_mails}), None)
        # the staff's own mail (about no case) that did not arrive: their mailbox is to be checked, never marked
        staff = [r for r in bounce.recipients if r not in bounce.never_again] if bounce.permanent or (
            bounce.undelivered and case is None) else []
        kept = (f" ; {', '.join(staff)} : courriel du service sans dossier (récapitulatif, lien de connexion) : "
                "adresse pas marquée en échec, sa boîte est à vérifier") if staff else ""
        return Decision(IGNORED, f"bounce: {bounce.summary}{kept}", origin=origin, case=case, bounce=bounce,
                        attention=("un courriel envoyé au demandeur n'a pas pu être remis" + (
                            "" if bounce.permanent else " (son adresse reste utilisée : le lui faire parvenir)"))
                        if bounce.undelivered and bounce.recipients and case else "")
    if origin.reason == UNREADABLE_SENDER and any(v.outcome in (PIECE, UNRESOLVED) for v in verdicts):
        return Decision(QUARANTINED, f"{UNREADABLE_SENDER_FILES} : à voir par le service", origin=origin)
    pieces = tuple(v for v in verdicts if v.outcome == PIECE)
    unresolved = tuple(v for v in verdicts if v.outcome == UNRESOLVED)
    skipped = tuple(v for v in verdicts if v.outcome not in (PIECE, UNRESOLVED))
    split = _Split(origin=origin, pieces=pieces, unresolved=unresolved, skipped=skipped)
    found = match(ctx.clues, frozenset(v.kind for v in pieces if v.kind), msg.from_addr,
                  unverified=bool(ctx.unverified),
                  dossiers=frozenset(v.attachment.sha256 for v in pieces if v.kind == "dossier"),
                  files_to_check=bool(unresolved))
    if origin.category == AUTOMATIC and origin.reason.startswith(ROBOT_ADDRESS) and vouched_person(
            msg.from_addr, found.case, ctx.automatic) and found.case in (*ctx.clues.by_reference,
                                                                         *ctx.clues.by_headers):
        # a robot by its address alone, but the applicant staff confirmed for the case this mail names: a person, unless
        # the mail says otherwise (an out-of-office answer by its subject or empty Return-Path: answered, it loops)
        past = origin_of(msg, ctx.watched, ctx.system_id, vouched=msg.from_addr, automatic=ctx.automatic)
        origin = past if past.category != PERSON else Origin(
            PERSON, f"adresse {msg.from_addr} confirmée comme celle du demandeur de {found.case.reference}")
        split = _Split(origin=origin, pieces=pieces, unresolved=unresolved, skipped=skipped)
    if origin.category == AUTOMATIC:  # recorded on a case it may speak for, or that our mail it answers is about
        # a case found by the sender's address alone is no known case: a copier's address is nobody's (its next
        # scan, the letter or another applicant's dossier, was ignored, recorded on the first scan's case)
        named = found.case in (*ctx.clues.by_reference, *ctx.clues.by_headers)
        if not named and ours is None and _application_documents(pieces + unresolved, rules):
            return _robot_application(msg, rules, ctx, split)
        return Decision(IGNORED, f"automatic: {origin.reason}", origin=origin, case=found.case or ours)
    if ctx.blockless:
        if origin.category in (PERSON, STAFF) and _application_documents(pieces + unresolved, rules):
            # the town's server says the colleague's address was forged: an outsider's mail, a stranger's
            return _unverified(msg, rules, ctx, split) if ctx.unverified else _blockless_forward(rules, ctx, split)
    elif ctx.claimed_by and origin.category in (PERSON, STAFF) and (pieces or unresolved):
        return _unverified_forward(msg, rules, ctx, split)
    if origin.category != PERSON:
        return Decision(IGNORED, f"{origin.category}: {origin.reason}", origin=origin)
    if not ctx.forwarded_by and rules.is_forwarder(msg.from_addr):
        return Decision(IGNORED, f"staff: courrier interne de {msg.from_addr} (adresse de la ville, pas un transfert)",
                        origin=origin)
    if found.case is not None:
        return _join(msg, found.case, found.reason, rules, ctx, split)
    if shown_only(pieces + unresolved):  # a signature's banner or photo: no files of an application on their own
        split = _Split(origin=origin, pieces=(), unresolved=(), skipped=tuple(verdicts))
        pieces, unresolved = (), ()
    # Photos or videos alone, or a shared folder's link alone, are what personal mail carries: they open a case only
    # when the subject announces an application. The photo or scan of a page whose words make it a piece (the
    # signed letter photographed, a copier's JPEG of the dossier) is a document, not a photo: it opens a case.
    # A file whose words make it two pieces as much (core/classify.py: the dossier and the letter in one scan) is a
    # document of an application too: forwarded as a copier's « Attached Image », it was ignored.
    is_application = bool(any(v.detected_type not in (*IMAGE_TYPES, *VIDEO_TYPES, "link") or v.by_text
                              for v in pieces) or any(_two_pieces(v) for v in unresolved) or (
        (pieces or unresolved) and announces_application(msg, rules)))
    if found.cited is not None:  # about a case, not personal mail: its files are kept for staff, photos too
        return _stranger(msg, found, rules, ctx, split, is_application)
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
    if is_invitation(msg):
        return _invitation(msg, rules, split)
    why, todo = locked_away(msg) if not (pieces or unresolved) else ("", "")
    if why:
        return _locked(msg, rules, split, why, todo)
    if not is_application:
        why = ("aucune pièce jointe" if not verdicts else SHOWN_ONLY if shown_only(verdicts)
               else "aucune pièce reconnue parmi les fichiers joints")
        return Decision(IGNORED, f"pas une candidature : {why}", **split)
    if ctx.unverified:
        return _unverified(msg, rules, ctx, split)
    assessment = assess({v.kind for v in pieces if v.kind}, rules.required, unnamed_count(unresolved),
                        _also(pieces + unresolved), rules.label)
    reason = f"candidature : {count(len(pieces), 'pièce reconnue', 'pièces reconnues')} ; {assessment.reason}"
    if ctx.forwarded_by:
        reason += f" (transférée par {ctx.forwarded_by} : {ctx.forward_evidence})"
    if found.reason:
        reason += f" ({found.reason})"
    typed = typed_in_mail(msg.text, assessment.missing, rules)
    refused = set_aside(verdicts)
    decision = Decision(FILED, reason, **split, new_pieces=unique_files(pieces + unresolved), assessment=assessment,
                        attention=" ; ".join(filter(None, (flagged_files(verdicts, rules.label),
                                                           written_in_mail(typed, rules),
                                                           _too_many_named(msg, msg.from_addr, ctx),
                                                           same_name_hint(person_name(msg.from_name),
                                                                          ctx.clues.same_name)))))
    decision = _with_mail(decision, ACKNOWLEDGEMENT, msg, rules, ctx, mails_for_case=0)
    # the acknowledgement tells the applicant why a piece typed in the mail, or sent as a file with macros, is still
    # asked for
    if decision.mail and (typed or refused):
        return replace(decision, mail=replace(decision.mail, typed=typed, set_aside=refused))
    return decision


def _stranger(msg: Message, found: Match, rules: Rules, ctx: Context, split: _Split, is_application: bool
              ) -> Decision:
    """Someone the cited case does not know names it: never joined. With files: a case of their own, in
    review, linked to the cited one for staff; without: recorded and left to staff. Its sender learns
    nothing of the cited case, not even that it exists: an application gets the very acknowledgement it
    would get citing nothing (the status it would have, not `review`), anything else (photos alone) none,
    as it would get none citing nothing. A sender who failed authentication gets nothing at all."""
    cited = found.cited
    assert cited is not None
    flag = f"{found.reason} : à rattacher par le service s'il s'agit du même demandeur"
    alike = looks_like(msg.from_addr, cited.addresses | {cited.applicant})
    if alike:
        flag = f"{alike} ; {flag}"
    if ctx.unverified:
        flag = f"{NOT_AUTHENTICATED} : {ctx.unverified} ; {flag}"
    if not (split["pieces"] or split["unresolved"]):
        noted = ctx.cited_24h.get(cited.id, 0)
        if noted >= MAX_CITED_A_DAY:  # a flood of them wrote thousands of lines into a real applicant's case
            return Decision(IGNORED, f"{found.reason} ; sans fichier : laissé au service ; déjà signalé "
                                     f"{count(noted, 'fois', 'fois')} en 24 heures au dossier, pas davantage", **split)
        return Decision(IGNORED, f"{found.reason} ; sans fichier : laissé au service", **split, cited=cited)
    files = split["pieces"] + split["unresolved"]
    kinds = {v.kind for v in split["pieces"] if v.kind}
    absent = missing(kinds, rules.required)
    decision = Decision(FILED, f"enregistré pour vérification : {found.reason}", **split,
                        new_pieces=unique_files(files),
                        assessment=Assessment(REVIEW, absent, f"un tiers cite le dossier {cited.reference}"),
                        attention=" ; ".join(filter(None, (flag, flagged_files(files + split["skipped"],
                                                                                 rules.label)))),
                        cited=cited, unverified=ctx.unverified)
    if ctx.unverified:
        return _replace(decision, no_mail_reason=f"{NOT_AUTHENTICATED} : aucun courriel automatique")
    if not is_application:
        return _replace(decision, no_mail_reason="pas une candidature en soi (photos seules) : pas d'accusé de "
                                                 "réception")
    as_new = assess(kinds, rules.required, unnamed_count(split["unresolved"]), _also(files), rules.label)
    return _with_mail(decision, ACKNOWLEDGEMENT, msg, rules, ctx, mails_for_case=0, shown_status=as_new.status)


NOT_AUTHENTICATED = "l'expéditeur n'est pas authentifié"


def _unverified(msg: Message, rules: Rules, ctx: Context, split: _Split) -> Decision:
    """An application whose `From` the town's server says is forged (its domain failed DMARC, or SPF without
    an aligned DKIM): filed as a stranger's, for staff; it joins nothing, names nobody, and nobody is
    written to (it could be anyone writing in someone else's name)."""
    files = split["pieces"] + split["unresolved"]
    absent = missing({v.kind for v in split["pieces"] if v.kind}, rules.required)
    why = f"{NOT_AUTHENTICATED} : {ctx.unverified}"
    return Decision(FILED, f"enregistré pour vérification : {why}", **split, new_pieces=unique_files(files),
                    assessment=Assessment(REVIEW, absent, "expéditeur non authentifié : à vérifier"),
                    no_mail_reason=f"{NOT_AUTHENTICATED} : aucun courriel automatique",
                    attention=" ; ".join(filter(None, (f"{why} ; à vérifier avant d'écrire à {msg.from_addr}",
                                                       flagged_files(files + split["skipped"], rules.label)))),
                    unverified=ctx.unverified)


def _also(files: tuple[Verdict, ...]) -> frozenset[str]:
    """The kinds these files appear to hold besides their own (one scan of the dossier and the letter; a shared link
    under the dossier's name)."""
    return frozenset(k for v in files if v.outcome in (PIECE, UNRESOLVED) for k in v.also)


def _application_documents(files: tuple[Verdict, ...], rules: Rules) -> bool:
    """Whether the files hold a document of the application (the dossier, the letter: a required kind, not a photo,
    a video or a link; or a scan whose words make it two of them as much: `_two_pieces`), what no automatic reply
    carries."""
    return any((v.outcome == PIECE and v.kind in rules.required
                and v.detected_type not in (*IMAGE_TYPES, *VIDEO_TYPES, "link")) or _two_pieces(v) for v in files)


def _two_pieces(v: Verdict) -> bool:
    """A file no kind could be chosen for, whose words make it two required pieces as much (core/classify.py: the
    dossier and the letter in one scan): a document of an application."""
    return v.outcome == UNRESOLVED and v.by_text and bool(v.also)


def is_invitation(msg: Message) -> bool:
    """A calendar message (Outlook, Google Agenda, Thunderbird): an invitation to a meeting or an answer to one
    (core/parse.py `_itip`); a calendar file attached beside an application's pieces is none."""
    return msg.itip


def _invitation(msg: Message, rules: Rules, split: _Split) -> Decision:
    """An invitation to a meeting about no case, or an answer to one, is no application and is never answered, even
    when its subject names the label and it carries a presentation: its sender would have been acknowledged an
    application they never made. With a document of an application in it (a dossier, a letter), it is filed for
    staff, in review, and nobody is written to; else it is left to staff in their mailbox."""
    if not _application_documents(split["pieces"] + split["unresolved"], rules):
        return Decision(IGNORED, "pas une candidature : invitation à une réunion (calendrier), laissée au service",
                        **split)
    files = split["pieces"] + split["unresolved"]
    absent = missing({v.kind for v in split["pieces"] if v.kind}, rules.required)
    why = "documents d'une candidature joints à une invitation à une réunion (calendrier)"
    return Decision(FILED, f"enregistré pour vérification : {why}", **split, new_pieces=unique_files(files),
                    assessment=Assessment(REVIEW, absent, "invitation à une réunion : à vérifier"),
                    no_mail_reason="invitation à une réunion : aucun courriel automatique",
                    attention=" ; ".join(filter(None, (f"{why} : à vérifier avant d'écrire à l'expéditeur",
                                                       flagged_files(files + split["skipped"], rules.label)))))


def _robot_application(msg: Message, rules: Rules, ctx: Context, split: _Split) -> Decision:
    """An application's documents from a sender that writes automatically (a scanner's or a copier's « scan to
    email », noreply@ or with Auto-Submitted; an online form's platform): ignored as an automatic reply, the
    application was lost to the service. Filed for staff, in a case of its own, in review; nobody is written to
    (never answer a robot), nor later until staff confirm the applicant's address (core/filing.py: source `robot`,
    or `unverified` when the town's server says its `From` is forged)."""
    origin = split["origin"]
    files = split["pieces"] + split["unresolved"]
    absent = missing({v.kind for v in split["pieces"] if v.kind}, rules.required)
    why = (f"documents d'une candidature envoyés par un expéditeur automatique ({origin.reason} : un scanner, un "
           "copieur, un formulaire en ligne ?)")
    forged = f"{NOT_AUTHENTICATED} : {ctx.unverified}" if ctx.unverified else ""
    return Decision(FILED, f"enregistré pour vérification : {why}", **split, new_pieces=unique_files(files),
                    assessment=Assessment(REVIEW, absent, "expéditeur automatique : à vérifier"),
                    no_mail_reason="expéditeur automatique : aucun courriel automatique",
                    attention=" ; ".join(filter(None, (
                        forged, f"{why} : personne à qui répondre ; trouver le demandeur et confirmer son adresse "
                        "(« Confirmer l'adresse du demandeur » dans la console, en ligne de commande intake case REF "
                        "address EMAIL --main)",
                        reply_to_hint(msg.reply_to, ctx.clues.of_reply_to),
                        flagged_files(files + split["skipped"], rules.label)))),
                    unverified=ctx.unverified)


def _unverified_forward(msg: Message, rules: Rules, ctx: Context, split: _Split) -> Decision:
    """A town address forwards someone's application but the message is not authenticated as the town's:
    it is the stated sender's mail. Filed for staff, so nothing is lost, and nobody is written to."""
    why = (f"transfert non authentifié de {ctx.claimed_by} ({ctx.forward_evidence}) : enregistré au nom de "
           f"l'expéditeur indiqué ; {ctx.quoted}, cité dans le message, n'a reçu aucun courriel")
    return _for_staff(rules, ctx, split, why, "transfert non authentifié : à vérifier",
                      "transfert non authentifié : aucun courriel automatique",
                      "à vérifier avant d'écrire au demandeur")


def _blockless_forward(rules: Rules, ctx: Context, split: _Split) -> Decision:
    """A colleague's « TR: » in which no forward could be read, carrying an application's documents: filed for staff
    under the colleague's address, nobody written to (staff give the applicant's address). Not authenticated, it is
    said so: anyone can write a colleague's address and « TR: »."""
    trusted = NOT_VOUCHED not in ctx.forward_evidence
    why = (f"transfert {'' if trusted else 'non authentifié '}de {ctx.claimed_by} dont l'expéditeur d'origine n'a pas "
           f"pu être lu ({ctx.forward_evidence}) : enregistré au nom de {ctx.claimed_by}")
    return _for_staff(rules, ctx, split, why, "transfert d'un agent : demandeur à indiquer" if trusted
                      else "transfert non authentifié : demandeur à indiquer",
                      "transfert dont l'expéditeur d'origine n'est pas lu : aucun courriel automatique",
                      "indiquer l'adresse du demandeur avant de lui écrire")


def _for_staff(rules: Rules, ctx: Context, split: _Split, why: str, status_reason: str, no_mail: str, todo: str
               ) -> Decision:
    """A forward filed with its files for staff to check first (review), nobody written to; `unverified` when the
    town's server says its `From` was forged (core/filing.py: then counted apart from the address's own)."""
    files = split["pieces"] + split["unresolved"]
    absent = missing({v.kind for v in split["pieces"] if v.kind}, rules.required)
    return Decision(FILED, why, **split, new_pieces=unique_files(files),
                    assessment=Assessment(REVIEW, absent, status_reason), no_mail_reason=no_mail,
                    attention=f"{why} ; {todo}", for_staff=True, unverified=ctx.unverified)


def _join(msg: Message, case: CaseView, why: str, rules: Rules, ctx: Context, split: _Split) -> Decision:
    """The message joins `case`. Its ledger line (what a person's data export shows its sender) speaks of the
    case's state only when the sender is the case's applicant: an address merely named on it (a Cc of the
    applicant's mail) learns nothing of where the case stands."""
    new = unique_files(v for v in split["pieces"] + split["unresolved"] if v.attachment.sha256 not in case.hashes)
    reason = f"rattaché à {case.reference} : {why}"
    bare = not (split["pieces"] or split["unresolved"])
    # a thanks with a file that is no piece (a text, a calendar, a document the rules skip) is no bare thanks: the
    # file may say what the text does not; a signature's logo or banner (an image skipped) is nothing, and so is the
    # message's own signature (OpenPGP, S/MIME) or the sender's key
    thanked = bare and all(v.detected_type in IMAGE_TYPES or only_a_signature(v.attachment.declared_type,
                                                                                v.attachment.content)
                           for v in split["skipped"]) and says_only_thanks(msg, case.reference)
    theirs = msg.from_addr == case.applicant or bool(ctx.forwarded_by)
    # no file: a question to answer, or the missing letter written in the reply itself (« Monsieur le Maire, … »: in
    # the sender's own text, not in our mail quoted below, whose « Objet : » and « Monsieur le Maire » are words of a
    # letter), unless it only thanks
    own = own_text(msg.text)  # None: where the sender's text ends is not known (all is read); "": they wrote nothing
    question = "" if not bare or thanked else (
        theirs and case.status not in DECISIONS and written_in_mail(typed_in_mail(
            msg.text if own is None else own, missing(case.kinds, rules.required), rules), rules)
        or without_files(msg))
    if case.status in DECISIONS:
        decided = f" ; le dossier est déjà décidé ({labels.status(case.status)})" if theirs else ""
        thanks = f" ; {THANKS_ONLY}" if thanked else ""
        return Decision(FILED, reason + thanks + decided, **split, case=case, new_pieces=new,
                        no_mail_reason="une décision est enregistrée : le service répond",
                        attention="nouvelles pièces reçues après la décision" if new else question)
    kinds = case.kinds | {v.kind for v in new if v.kind}
    unresolved = case.unresolved + unnamed_count(v for v in new if v.outcome == UNRESOLVED)
    assessment = with_new_files(case.status, kinds, rules.required, unresolved, case.included | _also(new),
                                rules.label)
    # a thanks is said where its « 0 nouveau fichier » would be: staff read it first, and « sans fichier » once
    reason += f" ; {THANKS_ONLY if thanked else count(len(new), 'nouveau fichier', 'nouveaux fichiers')}" + (
        f" ; {assessment.reason}" if theirs else "")
    decision = Decision(FILED, reason, **split, case=case, new_pieces=new, assessment=assessment,
                        attention=" ; ".join(filter(None, (flagged_files(new + split["skipped"], rules.label), question,
                                                           _too_many_named(msg, case.applicant, ctx)))))
    if assessment.status == COMPLETE and case.status != COMPLETE:
        kind = COMPLETION
    elif new:  # on a case already complete too: a new version of the dossier, more photos (CRPA L112-3, L112-11)
        kind = UPDATE
    else:
        return _replace(decision, no_mail_reason="rien de nouveau à accuser")
    return _with_mail(decision, kind, msg, rules, ctx, mails_for_case=ctx.mails_24h_by_case.get(case.id, 0))


SHOWN_ONLY = "seulement des images affichées dans le corps du message (logo, signature, photo)"


def shown_only(verdicts: tuple[Verdict, ...] | list[Verdict]) -> bool:
    """Whether the message's only files are pictures shown in its body (cid:), over [attachments]
    shown_image_min_size: a signature's banner or its author's photo looks the same as a photo pasted by an
    applicant. They count as pieces on a case the message joins, or opens with a document or an attached
    file; on their own they open no case (not even when the subject names the label: a partner's, a juror's
    or a journalist's mail about it), so that nothing of such mail is kept and nobody is acknowledged."""
    return bool(verdicts) and all(v.attachment.referenced_in_html for v in verdicts
                                  if v.outcome in (PIECE, UNRESOLVED)) and any(
        v.outcome in (PIECE, UNRESOLVED) for v in verdicts)


# what the history says of the applicant's mail without files that only thanks (`says_only_thanks`): nothing for staff
THANKS_ONLY = "remerciement du demandeur, sans fichier : rien à répondre"


def says_only_thanks(msg: Message, reference: str) -> bool:
    """Whether the applicant's mail without files only thanks or acknowledges (« Merci ! », « Bien reçu, merci. »:
    core/thanks.py, conservative: when in doubt, no): staff need not answer it, and are not told to. One whose content
    the service cannot read (`locked_away`), that forwards a mail (its subject says so, or a forward was read in
    it: that mail is for staff to read), or whose subject says more than the case's mail answered or thanks
    (`subject_adds_nothing`: « Annulation de ma demande »), never is."""
    return (not msg.forwarded_from and not says_forward(msg.subject) and not locked_away(msg)[0]
            and subject_adds_nothing(msg.subject, reference) and only_thanks(msg.text, msg.html))


def without_files(msg: Message) -> str:
    """What staff are told of the applicant's mail that brings no file (a question, a message): it gets no
    automatic answer, so a person must read it. One whose content the service cannot read (`locked_away`: encrypted,
    or kept at the sender's provider behind a link) may hold the missing piece: staff are told that instead. (A mail
    that only thanks, `says_only_thanks`, is not told of: `_join` notes THANKS_ONLY in its history instead.)"""
    subject = " ".join(msg.subject.split())[:120] or "sans objet"
    why, todo = locked_away(msg)
    if why:
        return f"message du demandeur illisible par le service : {why} ; « {subject} » ; {todo}"
    return f"message du demandeur sans fichier (une question ?) : « {subject} » ; à lire et à lui répondre"


def _too_many_named(msg: Message, applicant: str, ctx: Context) -> str:
    """What staff must know when the applicant's message names more addresses than may speak for the case."""
    if msg.from_addr != applicant:
        return ""
    _named, dropped = named_in(msg.reply_to, msg.to + msg.cc, applicant, ctx.ours)
    return (f"{count(dropped, 'autre adresse', 'autres adresses')} en copie {agree(dropped, 'ignorée')} : au plus "
            f"{MAX_NAMED} adresses d'un message peuvent parler pour le dossier") if dropped else ""


def _with_mail(decision: Decision, kind: str, msg: Message, rules: Rules, ctx: Context,
               mails_for_case: int, shown_status: str = "") -> Decision:
    """Plan the mail, unless RFC 3834, a bounce record or the limits say no, or the case gets none
    (core/replies.py)."""
    check = plan_mail(kind, msg, rules, ctx, decision.case, decision.assessment.missing if decision.assessment else (),
                      [v.attachment.sha256 for v in decision.new_pieces], mails_for_case, shown_status)
    changes: dict[str, Any] = {"mail": check.plan} if check.plan else {"no_mail_reason": check.no_mail_reason}
    if check.attention:
        changes["attention"] = check.attention
    if check.flag_sender:
        changes["flag_sender"] = check.flag_sender
    return _replace(decision, **changes)


def _replace(decision: Decision, **changes: Any) -> Decision:
    if "attention" in changes and decision.attention:
        changes["attention"] = f"{decision.attention} ; {changes['attention']}"
    return replace(decision, **changes)


# OpenPGP, S/MIME, and Outlook's « Chiffrer » / « Ne pas transférer » (Microsoft Purview, IRM: message.rpmsg)
ENCRYPTED_TYPES = ("multipart/encrypted", "application/pkcs7-mime", "application/x-pkcs7-mime",
                   "application/x-microsoft-rpmsg-message")


def is_encrypted(msg: Message) -> bool:
    """Whether the message is, or carries, an encrypted body the service cannot open: OpenPGP's
    multipart/encrypted, S/MIME's application/pkcs7-mime (a detached signature, multipart/signed, is readable, and a
    top-level opaque signature, smime-type=signed-data, was opened by core/smime.py before the parse),
    Microsoft's protected message (message.rpmsg)."""
    return msg.content_type in ENCRYPTED_TYPES or any(t in ENCRYPTED_TYPES for t in msg.part_types)


# Messages whose text and files stay on their sender's provider's site: the mailbox receives only a notice with a
# link (host, path prefix) to them. Gmail's confidential mode (« Afficher l'e-mail », confidential-mail.google.com/...):
# the message can be neither downloaded nor forwarded. Proton Mail's password-protected message to a non-Proton
# address (« Unlock message », mail.proton.me/eo/<id>, formerly mail.protonmail.com/eo/<id>; proton.me/support/
# open-password-protected-emails): the text and files are behind a password the sender gives elsewhere; only the
# subject reaches the mailbox. Proton's own pages and signatures (proton.me/mail...) are not such a link. Microsoft
# 365 Message Encryption (Outlook's « Chiffrer » to an address outside Microsoft 365): « Lire le message » opens the
# OME portal (outlook.office365.com/Encryption/...) after a one-time code mailed to the recipient. Tuta's
# « confidentiel » message to an address outside Tuta: a notice from the sender's address, its subject in clear, with
# a link « Afficher l'e-mail chiffré » (app.tuta.com/mail#<id>, formerly mail.tutanota.com/mail#<id>): text and files
# at Tuta behind a password agreed beforehand with the sender (tuta.com/support: « Can Tuta encrypt emails to other
# email services? »); a Tuta user's ordinary mail only links to tuta.com in its signature.
WEB_HELD: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("confidential-mail.google.com",), "/",
     "message envoyé en mode confidentiel de Gmail : son texte et ses pièces restent chez Google (lien « Afficher "
     "l'e-mail »), ni téléchargeables ni transférables",
     "à lire dans la messagerie, puis à redemander au demandeur sans le mode confidentiel"),
    (("mail.proton.me", "mail.protonmail.com"), "/eo/",
     "message protégé par un mot de passe de Proton Mail : son texte et ses pièces restent chez Proton (lien « "
     "Unlock message »), lisibles seulement avec un mot de passe que l'expéditeur communique à part",
     "à redemander au demandeur sans protection par mot de passe"),
    (("outlook.office365.com",), "/Encryption/",
     "message chiffré par Microsoft 365 : son texte et ses pièces restent sur le portail de Microsoft (lien « Lire "
     "le message », code à usage unique envoyé à la boîte)",
     "à lire sur le portail depuis la messagerie, puis à transférer déchiffré à cette adresse"),
    (("app.tuta.com", "app.tutanota.com", "mail.tutanota.com"), "/mail#",
     "message confidentiel de Tuta : son texte et ses pièces restent chez Tuta (lien « Afficher l'e-mail chiffré »), "
     "lisibles seulement avec un mot de passe convenu avec l'expéditeur",
     "à redemander au demandeur sans chiffrement (option « confidentiel » désactivée)"),
)
WEB_HELD_HOSTS = tuple(h for hosts, _, _, _ in WEB_HELD for h in hosts)
MAX_LINKS_LOOKED_AT = 50  # the notice's link is among its first ones


def locked_away(msg: Message) -> tuple[str, str]:
    """(why the service cannot read what the message holds, what staff can do about it), in French; ("", "") when it
    can: it is encrypted (S/MIME, OpenPGP, Microsoft's protection), or it is the notice of a message kept on its
    sender's provider's site (`WEB_HELD`: Gmail's confidential mode, Proton Mail's password-protected message,
    Microsoft 365 Message Encryption's portal)."""
    if is_encrypted(msg):
        return ("message chiffré (S/MIME, OpenPGP ou protection Microsoft) : le service ne peut pas lire son contenu "
                "ni ses pièces", "à lire dans la messagerie, puis à transférer déchiffré à cette adresse")
    text, html = msg.text.lower(), msg.html.lower()
    if not any(h in text or h in html for h in WEB_HELD_HOSTS):  # most mail: no link read
        return "", ""
    for url in urls_in(msg.text, msg.html, limit=MAX_LINKS_LOOKED_AT):
        host = url_host(url)
        path = "/" + url.partition("://")[2].partition("/")[2]
        for hosts, prefix, why, todo in WEB_HELD:
            if listed_host(host, hosts) and path.startswith(prefix):
                return why, todo
    return "", ""


def _locked(msg: Message, rules: Rules, split: _Split, why: str, todo: str) -> Decision:
    """A message from a person, about no known case, whose content the service cannot read (`locked_away`): it
    cannot tell an application from anything else. Its subject announcing one, it is set aside for staff (`todo`:
    what they can do); otherwise it is ignored as unreadable, like any mail without a piece."""
    if announces_application(msg, rules):
        return Decision(QUARANTINED, f"{why} ; son objet annonce une candidature : {todo} s'il s'agit d'une "
                                     "candidature", **split)
    return Decision(IGNORED, f"pas une candidature lisible : {why} (à lire dans la messagerie)", **split)


def subject_announces_application(subject: str, rules: Rules) -> bool:
    folded = fold(subject)
    return any(word in folded for word in rules.subject_words)


# How much of a mail without a subject is read as its subject: the start of its text, where a phone mail sent in a
# hurry says what it is (« Ma candidature pour le label, je complète ce soir »), not a signature or a quote below
OPENING_CHARS = 300
OPENING_HTML = 20_000  # characters of an HTML-only mail's HTML read for them (its head and styles first)


def announces_application(msg: Message, rules: Rules) -> bool:
    """The subject announces an application (`subject_announces_application`); a mail sent without a subject (none,
    or blank: Gmail's app, once « Envoyer sans objet ? » is confirmed, writes no Subject field) has the start of its
    text read instead (its first `OPENING_CHARS` characters, of the text part or else of the HTML's text). Photos
    with « Ma candidature pour le label » as their only line were ignored as personal mail, nobody answered."""
    if msg.subject.strip():
        return subject_announces_application(msg.subject, rules)
    text = msg.text[:OPENING_CHARS * 10].strip() or html_as_text(msg.html[:OPENING_HTML]).strip()
    return subject_announces_application(text[:OPENING_CHARS], rules)
