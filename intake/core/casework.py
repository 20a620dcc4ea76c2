"""The policy for what staff and the scheduler do to a case: decisions, corrections, merges, reclassification,
postal applications, reminders. Pure: the case as a value in, effects out (core/effects.py).

Completeness is assessed exactly as for a message (core/completeness.py): one definition of a complete case,
whichever door its files came in by. A staff decision stands: the rules only ever change the automatic
statuses (incomplete, complete, review).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from intake.core import filenames, french
from intake.core.addresses import APPLICANT, STAFF
from intake.core.classify import (
    PIECE,
    UNRESOLVED,
    Verdict,
    flagged_files,
    link_shown_name,
    several_pieces_answered,
    typed_now_received,
    unique_files,
    unnamed_count,
)
from intake.core.completeness import CONFIRMED, DENIED, TO_VERIFY, Assessment, assess, holders, kinds_held, unnamed
from intake.core.context import Budget
from intake.core.effects import (
    AddPieces,
    AddressOnCase,
    Effect,
    Event,
    OpenCase,
    QueueMail,
    SetApplicant,
    SetAttention,
    SetFields,
    SetPieceAlso,
    SetPieceKind,
    SetStatus,
    WithdrawMail,
)
from intake.core.labels import status as status_label
from intake.core.reminders import ReminderPlan, deadline, plan_reminder
from intake.core.replies import ACKNOWLEDGEMENT, COMPLETION, REMINDER, held_back
from intake.core.rules import Rules
from intake.core.statuses import AUTOMATIC, COMPLETE, INCOMPLETE
from intake.errors import IntakeError, UsageError

NOT_A_PIECE = ("aucune", "none", "-")  # what staff type for "not a piece"


def named(rules: Rules, kind: str | None, absent: str = "à vérifier") -> str:
    """A piece's kind as staff read it (its French name, rules/pieces.toml `label`); `absent` for a file of no kind."""
    return rules.label(kind) if kind else absent


def staff_added(mailed: bool, arrived_at: datetime | None) -> bool:
    """Whether a file is one staff added by hand to the case (`PieceState.added_by_hand`): no message brought it
    (`mailed`), and staff gave the day it came (`arrived_at`; a paper application's pages have none)."""
    return not mailed and arrived_at is not None


@dataclass(frozen=True)
class PieceState:
    id: int
    filename: str
    kind: str | None
    manual: bool  # its kind was set by staff: the rules never change it
    sha256: str = ""
    evidence: str = ""
    detected_type: str = ""
    also: dict[str, str] = field(default_factory=dict)  # other kinds it appears to hold -> TO_VERIFY, CONFIRMED...
    mailed: bool = False  # a message brought it (the applicant's evidence), not staff
    arrived_at: datetime | None = None  # the day staff said it came, when they added it by hand (core/by_hand.py)
    created_at: datetime | None = None  # when it joined the case

    @property
    def added_by_hand(self) -> bool:
        """Staff added it to the case (`intake case REF add`): neither a message's file nor a paper application's.
        A file staff added that a message of the case then brings too (the applicant mails the letter they had posted)
        is that message's from then on (core/filing.py, effects.MailedToo): the applicant's evidence, no longer
        staff's (core/by_hand.py `removal` refuses it); its `arrived_at` stays, the day it first came."""
        return staff_added(self.mailed, self.arrived_at)

    @property
    def unresolved(self) -> bool:
        """A document nobody has named yet (staff setting no kind means: not a piece): core/completeness.py."""
        return unnamed(self.kind, self.manual, self.also)

    def label_before(self, rules: Rules) -> str:
        """What the piece was, as staff read it: its kind's French name (rules/pieces.toml `label`)."""
        return named(rules, self.kind, "pas une pièce" if self.manual else "à vérifier")


@dataclass(frozen=True)
class CaseState:
    """A case as its pieces and its mail make it (intake/store/cases.py: `state`)."""

    id: int
    reference: str
    status: str
    status_reason: str
    applicant: str  # where our mail about the case goes
    reply_from: str
    received_at: datetime
    pieces: tuple[PieceState, ...] = ()
    acknowledged: bool = False  # an acknowledgement was queued
    completion_sent: bool = False  # a completion notice was queued (and not cancelled: one withdrawn never went)
    completion_waiting: bool = False  # one has not gone out yet (never tried, or held): it may still be withdrawn
    completion_retrying: bool = False  # one a failure left waiting for a new try: it may still be withdrawn too
    last_acknowledged_at: datetime | None = None  # the last acknowledgement that counts: reminders start from it
    reminders_sent: int = 0
    last_reminder_at: datetime | None = None
    reminder_dropped: bool = False  # the history says a reminder was dropped at the deadline (staff were told)
    notices: dict[str, datetime] = field(default_factory=dict)  # decision notices queued (status -> when)
    attention: str = ""  # what staff must look at
    fields: dict[str, str] = field(default_factory=dict)  # what the dossier says (and staff corrected)
    staff_fields: frozenset[str] = frozenset()  # the fields staff set by hand
    quiet: str = ""  # why the case gets no automatic mail (core/addresses.py `why_quiet`)

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds the case holds: its pieces', and those staff confirmed a file holds besides its own."""
        return kinds_held((p.kind, p.manual, p.also) for p in self.pieces)[0]

    @property
    def included(self) -> frozenset[str]:
        """The kinds a file of the case appears to hold besides its own, that staff have not verified yet."""
        return kinds_held((p.kind, p.manual, p.also) for p in self.pieces)[1]

    def assessed(self, rules: Rules) -> Assessment:
        return assess(self.kinds, rules.required, sum(1 for p in self.pieces if p.unresolved), self.included,
                      rules.label)


def missing_for_staff(case: CaseState, rules: Rules) -> tuple[str, ...]:
    """The required pieces the case lacks, by their French names, as the digest lists them: one a file appears
    to hold besides its own is not asked of the applicant, and staff read which file to verify."""
    a = case.assessed(rules)
    inside = holders((p, p.kind, p.manual, p.also) for p in case.pieces)
    return tuple(f"{rules.label(k)} ({_held_in(inside[k])} : à vérifier, pas demandé au demandeur)"
                 if k in a.included and k in inside else rules.label(k) for k in a.missing)


def _held_in(piece: PieceState) -> str:
    """Where staff read that a piece seems to be: in a file, or behind a shared link (named as the mail showed it)."""
    if piece.detected_type == "link":
        name = link_shown_name(piece.evidence)
        return f"semble se trouver derrière le lien « {name} »" if name else "semble se trouver derrière un lien"
    return f"semble inclus dans « {piece.filename} »"


# ------------------------------------------------------------------------------------------- status
def recompute(case: CaseState, rules: Rules) -> tuple[Effect, ...]:
    """After staff changed a case's pieces (correction, merge, move): its completeness, as a message's is
    assessed. A staff decision stands. A case that becomes complete after its acknowledgement gets its
    completion notice, once."""
    attention, cleared = attention_after(case.attention, case.kinds, rules)
    seen: tuple[Effect, ...] = (SetAttention(attention), *cleared) if cleared else ()
    if case.status not in AUTOMATIC:
        return seen
    a = case.assessed(rules)
    if a.status == case.status:
        return (SetStatus(a.status, a.reason, touch=True), *seen)
    return (Event("status", f"{a.status} (avant : {case.status}) : {a.reason}"), SetStatus(a.status, a.reason),
            *seen, *completion_notice(case, a), *completion_withdrawn(case, a))


def attention_after(attention: str, held: frozenset[str], rules: Rules) -> tuple[str, tuple[Effect, ...]]:
    """« À voir » (`attention`) once the case holds the kinds `held`, and its history line: what it said of a piece
    the applicant's mail seemed to hold typed in its text (core/classify.py `written_in_mail`: « le texte du courriel
    semble être : courrier officiel… ») goes once that piece came as a file, by mail, added by staff or found by a
    correction; the rest stays (classify.typed_now_received). No history line: nothing changed."""
    text, gone = typed_now_received(attention, held, rules)
    if not gone:
        return attention, ()
    names = ", ".join(rules.label(k) for k in gone)
    came = french.agree(len(gone), "la pièce est maintenant au dossier", "les pièces sont maintenant au dossier")
    return text, (Event("attention", f"« À voir » mis à jour : ne dit plus que le texte du courriel semble être : "
                                     f"{names} ; {came}"),)


def completion_notice(case: CaseState, a: Assessment) -> tuple[Effect, ...]:
    """The completion notice of a case staff made complete (a correction, a merge, pieces they added): once, and
    only to an applicant who was acknowledged by mail (a paper application's applicant is answered by staff)."""
    if a.status != COMPLETE or case.status == COMPLETE or not case.acknowledged or case.completion_sent:
        return ()
    if case.quiet:
        return (Event("no-mail", f"pas d'avis de dossier complet : {case.quiet}"),)
    return (QueueMail(COMPLETION, case.applicant, case.reply_from, f"{COMPLETION}|{case.reference}",
                      answers=False),)  # staff completed it: it answers no message


def completion_withdrawn(case: CaseState, a: Assessment) -> tuple[Effect, ...]:
    """A completion notice that has not gone out yet (queued and never tried, or held) would tell the applicant
    their file is complete when staff have just made it no longer so (a file taken off, a piece corrected): it is
    withdrawn; so is one a failure left waiting for a new try (the relay was down). One already sent, or being sent,
    cannot be: the history says so, and staff write if need be."""
    if a.status == COMPLETE or not (case.completion_waiting or case.completion_retrying):
        return ()
    before = "avant son envoi" if case.completion_waiting else "avant un nouvel essai d'envoi"
    return (WithdrawMail(COMPLETION, f"annulé {before} : le dossier n'est plus complet ({a.reason})",
                         withdrawn=f"avis de dossier complet annulé {before} : le dossier n'est plus complet "
                                   f"({a.reason})",
                         too_late="avis de dossier complet déjà en cours d'envoi, il n'a pas pu être annulé : le "
                                  f"dossier n'est plus complet ({a.reason}) ; écrivez au demandeur si besoin",
                         retrying=True),)


def merge_completes(a: CaseState, b: CaseState, rules: Rules) -> bool:
    """Whether merging two cases (whichever keeps its reference) sends a completion notice at once, unasked:
    `recompute` of the case they make, its pieces both's (a file once, as store/merging.move_pieces keeps it; a kind
    staff set by hand wins), its mail both's. The merge's preview warns staff of it."""
    if any(c.status not in AUTOMATIC or c.status == COMPLETE for c in (a, b)):
        return False
    held = {p.sha256: p for p in a.pieces}
    for p in b.pieces:
        there = held.get(p.sha256)
        if there is None or (p.manual and not there.manual):
            held[p.sha256] = p
    together = replace(a, pieces=tuple(held.values()), quiet="", acknowledged=a.acknowledged or b.acknowledged,
                       completion_sent=a.completion_sent or b.completion_sent)
    return any(isinstance(e, QueueMail) and e.kind == COMPLETION for e in recompute(together, rules))


# -------------------------------------------------------------------------------------- corrections
def find_piece(case: CaseState, file_or_id: str) -> PieceState:
    """The piece staff name: its id, its exact file name, or its name whatever the case and folder."""
    found = [p for p in case.pieces if str(p.id) == file_or_id] or \
            [p for p in case.pieces if p.filename == file_or_id] or \
            [p for p in case.pieces if p.filename.lower() == _basename(file_or_id).lower()]
    if len(found) != 1:
        names = "; ".join(f"{p.id}: {p.filename}" for p in case.pieces)
        which = "aucune pièce" if not found else "plusieurs pièces"
        raise IntakeError(f"{case.reference} : {which} « {file_or_id} » ; donnez son numéro ou son nom exact "
                          f"({names or 'le dossier ne contient aucune pièce'})")
    return found[0]


def _basename(path: str) -> str:
    """The file name of a path as staff may type it (`scans/dossier.pdf` -> `dossier.pdf`)."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def correction(case: CaseState, file_or_id: str, kind: str, actor: str, rules: Rules
               ) -> tuple[PieceState, tuple[Effect, ...]]:
    """Staff set a piece's kind by hand (kept when rules are re-applied); the dossier's fields are read again
    when a dossier comes or goes; the status is recomputed."""
    kinds = [k.key for k in rules.kinds]
    new_kind = None if kind.lower() in NOT_A_PIECE else kind
    if new_kind is not None and new_kind not in kinds:
        raise UsageError(f"--kind {kind!r} : choisissez parmi {', '.join(kinds)}, ou « aucune » (pas une pièce)")
    piece = find_piece(case, file_or_id)
    # the kind it already had: confirmed (and kept when rules are re-applied), not written « X → X »
    said = (f"{piece.filename} : nature confirmée par le service ({named(rules, new_kind, 'pas une pièce')})"
            if confirms(piece, new_kind) else
            f"{piece.filename} : {piece.label_before(rules)} → {named(rules, new_kind, 'pas une pièce')}")
    effects: list[Effect] = [SetPieceKind(piece.id, new_kind, True, f"corrigé par {actor}"),
                             Event("correction", said)]
    also = {k: v for k, v in piece.also.items() if k != new_kind}  # what it is, it no longer « seems to hold too »
    if also != piece.also:
        effects.append(SetPieceAlso(piece.id, tuple(sorted(also.items()))))
    if piece.kind == "dossier" or new_kind == "dossier":
        effects.append(SetFields(refresh=True))
    attention, seen = _answered(case, piece, also)
    corrected = replace(piece, kind=new_kind, manual=True, also=also)
    after = replace(case, pieces=tuple(corrected if p.id == piece.id else p for p in case.pieces), attention=attention)
    return corrected, tuple(effects) + seen + recompute(after, rules)


def confirms(piece: PieceState, new_kind: str | None) -> bool:
    """Whether setting `new_kind` by hand only confirms what the piece already was (« pas une pièce » confirms a
    file staff had already said was none; a file nothing recognised becomes « pas une pièce » by it)."""
    return piece.kind == new_kind and (new_kind is not None or piece.manual)


def _answered(case: CaseState, piece: PieceState, also: dict[str, str]) -> tuple[str, tuple[Effect, ...]]:
    """« À voir » once staff have said, of each piece `piece` seemed to hold besides its own, whether it holds it
    (`also`: what it holds now): what it said of that file goes (classify.several_pieces_answered), the history
    says so; the rest stays."""
    if TO_VERIFY not in piece.also.values() or TO_VERIFY in also.values():
        return case.attention, ()
    text = several_pieces_answered(case.attention, piece.filename)
    if text == case.attention:
        return text, ()
    said = (f"ne demande plus ce que contient {piece.filename}" if piece.detected_type == "link" else
            f"ne dit plus que {piece.filename} semble contenir plusieurs pièces")
    return text, (SetAttention(text), Event("attention", f"« À voir » mis à jour : {said} ; le service a dit ce qu'il "
                                                         "contient"))


def also_holds(case: CaseState, file_or_id: str, kind: str, holds: bool, actor: str, rules: Rules
               ) -> tuple[PieceState, tuple[Effect, ...]]:
    """Staff say whether a file also holds a piece of `kind` besides its own (the dossier and the signed letter
    scanned into one PDF): confirmed, it counts as that piece too; denied, that piece is missing again, asked of
    the applicant and reminded as any other. Kept when rules are re-applied; the status is recomputed."""
    kinds = [k.key for k in rules.kinds]
    if kind not in kinds:
        raise UsageError(f"{kind!r} : choisissez parmi {', '.join(kinds)}")
    piece = find_piece(case, file_or_id)
    opened = piece.detected_type in ("link", "iwork")
    if piece.kind is None and not piece.manual and not opened and kind in piece.also and holds:
        # a file that reads as much one piece as another (a scan of the dossier and the letter): the first piece staff
        # say it holds is its own kind, as `--kind` makes it (a dossier's fields are read), the others stay to verify
        return correction(case, file_or_id, kind, actor, rules)
    # a link is a file left on a site, an iWork document one no reader here opens: staff open them, say what they hold
    if piece.kind is None and (piece.manual or not (opened or kind in piece.also)):
        raise UsageError(f"{piece.filename} n'est pas une pièce ({piece.label_before(rules)}) : donnez d'abord sa "
                         "nature (« Corriger la nature », en ligne de commande --kind)")
    if kind == piece.kind:
        raise UsageError(f"{piece.filename} est déjà « {rules.label(kind)} »")
    state = CONFIRMED if holds else DENIED
    also = {**piece.also, kind: state}
    said = ("contient aussi" if piece.kind else "contient") if holds else "ne contient pas"
    before = {TO_VERIFY: "à vérifier", CONFIRMED: "confirmé", DENIED: "écarté"}.get(piece.also.get(kind, ""), "")
    effects: list[Effect] = [
        SetPieceAlso(piece.id, tuple(sorted(also.items()))),
        Event("correction", f"{piece.filename} ({named(rules, piece.kind)}) {said} : {rules.label(kind)}, selon "
                            f"{actor}" + (f" (avant : {before})" if before else ""))]
    attention, seen = _answered(case, piece, also)
    changed = replace(piece, also=also)
    after = replace(case, pieces=tuple(changed if p.id == piece.id else p for p in case.pieces), attention=attention)
    return changed, tuple(effects) + seen + recompute(after, rules)


def also_after_rules(piece: PieceState, found: tuple[str, ...]) -> dict[str, str]:
    """A file's other kinds once the rules in force read it again: what staff said stands; those the rules
    found are to verify; those the rules no longer find and staff did not speak of are forgotten."""
    kept = {k: s for k, s in piece.also.items() if s in (CONFIRMED, DENIED)}
    return {**{k: TO_VERIFY for k in found if k != piece.kind}, **kept}


def confirm_address(case: CaseState, address: str, main: bool) -> tuple[str, tuple[Effect, ...]]:
    """Staff confirm an address of the applicant: it may speak for the case; with `main`, our mail about the
    case goes there from now on. Returns what the history says, and the effects."""
    detail = f"adresse {address} confirmée par le service"
    effects: list[Effect] = [AddressOnCase(address, APPLICANT, STAFF)]
    if main and case.applicant != address:
        detail += f" : les courriels du dossier iront désormais à cette adresse (avant : {case.applicant})"
        effects.append(SetApplicant(address))
    return detail, tuple(effects) + (Event("address", detail),)


# ------------------------------------------------------------------------------------- reclassify
@dataclass(frozen=True)
class Reread:
    """A file of the case read again under the rules in force, and the message that brought it."""

    verdict: Verdict
    inbound_id: int | None


def reclassify(case: CaseState, reread: dict[str, Reread], fields: dict[str, str], rules: Rules
               ) -> tuple[Effect, ...]:
    """The rules in force applied to a case's stored files: pieces get their new kind unless staff set it,
    files the old rules skipped may become pieces, the status is recomputed; no mail for past events."""
    if case.status not in AUTOMATIC:
        return ()  # a staff decision stands
    by_sha = {p.sha256: p for p in case.pieces}
    effects: list[Effect] = []
    pieces = list(case.pieces)
    for sha, again in reread.items():
        v = again.verdict
        piece = by_sha.get(sha)
        if piece is None:
            if v.outcome in (PIECE, UNRESOLVED):
                effects += [AddPieces((v,), again.inbound_id),
                            Event("piece", f"{v.attachment.filename} : désormais "
                                           f"{named(rules, v.kind)} ({v.evidence})")]
                pieces.append(PieceState(0, v.attachment.filename, v.kind, False, sha,
                                         also={k: TO_VERIFY for k in v.also}))
            continue
        if piece.manual:
            continue
        new_kind = v.kind if v.outcome == PIECE else None
        at = pieces.index(piece)
        if new_kind != piece.kind:
            effects += [Event("piece", f"{piece.filename} : {named(rules, piece.kind)} → {named(rules, new_kind)} "
                                       f"({v.evidence})"),
                        SetPieceKind(piece.id, new_kind, False, v.evidence)]
            pieces[at] = replace(piece, kind=new_kind)
        also = also_after_rules(pieces[at], v.also if v.outcome in (PIECE, UNRESOLVED) else ())
        if also != piece.also:
            effects.append(SetPieceAlso(piece.id, tuple(sorted(also.items()))))
            pieces[at] = replace(pieces[at], also=also)
    a = replace(case, pieces=tuple(pieces)).assessed(rules)
    if a.status != case.status:
        effects += [Event("status", f"{a.status} (avant : {case.status}) : {a.reason} (règles {rules.version})"),
                    SetStatus(a.status, a.reason)]
    if fields:
        effects.append(SetFields(fields))
    return tuple(effects)


# ------------------------------------------------------------------------------------------- postal
def postal(verdicts: list[Verdict], fields: dict[str, str], rules: Rules, *, applicant: str, name: str,
           title: str, reply_from: str, received_at: datetime, received_on: date, files: int, actor: str
           ) -> tuple[Assessment, tuple[Effect, ...]]:
    """An application that came by post, its files scanned and filed by staff: the same split of the files and
    the same completeness as a mail's; no automatic mail (staff answer a letter themselves). `applicant` is ""
    when the applicant gave no email address: no mail can ever be sent, and the case says so."""
    def received(a: Assessment, recognised: int) -> str:
        return (f"candidature papier reçue le {received_on:%d/%m/%Y}, enregistrée par {actor} "
                f"({french.count(files, 'fichier')}) : candidature papier : "
                f"{french.count(recognised, 'pièce reconnue', 'pièces reconnues')} ; {a.reason}")

    no_mail = Event("no-mail", "candidature papier : pas de courriel automatique" if applicant else
                    "candidature papier sans adresse électronique : aucun courriel ne peut être envoyé, le "
                    "service répond par courrier")
    return _filed_by_staff(verdicts, fields, rules, applicant=applicant, name=name, title=title,
                           reply_from=reply_from, received_at=received_at, received=received, mail=(no_mail,))


def from_quarantine(verdicts: list[Verdict], fields: dict[str, str], rules: Rules, *, applicant: str, title: str,
                    reply_from: str, received_at: datetime, message_id: int, actor: str
                    ) -> tuple[Assessment, tuple[Effect, ...]]:
    """A quarantined message whose sender could not be read (a From header that does not parse), filed by staff
    as a case: its files split and assessed as a mail's; `applicant`: the address staff give (they found it in
    the message or by phone), sent the acknowledgement as a mail's sender is; "" : the case is filed with nobody
    written to (staff answer another way, or confirm an address later)."""
    def received(a: Assessment, recognised: int) -> str:
        given = (f"adresse du demandeur donnée par le service : {applicant}" if applicant else
                 "sans adresse du demandeur")
        return (f"message en quarantaine (expéditeur illisible) enregistré par {actor}, {given} : "
                f"{french.count(recognised, 'pièce reconnue', 'pièces reconnues')} ; {a.reason}")

    if applicant:
        mail: tuple[Effect, ...] = (
            QueueMail(ACKNOWLEDGEMENT, applicant, reply_from, f"{ACKNOWLEDGEMENT}|quarantine|{message_id}"),
            Event("mail-queued", f"accusé de réception prêt à partir pour {applicant}"))
    else:
        mail = (Event("no-mail", "expéditeur illisible, aucune adresse donnée par le service : aucun courriel "
                                 "n'est envoyé ; confirmez l'adresse du demandeur pour lui écrire"),)
    return _filed_by_staff(verdicts, fields, rules, applicant=applicant, name="", title=title,
                           reply_from=reply_from, received_at=received_at, received=received, mail=mail)


def _filed_by_staff(verdicts: list[Verdict], fields: dict[str, str], rules: Rules, *, applicant: str, name: str,
                    title: str, reply_from: str, received_at: datetime,
                    received: Callable[[Assessment, int], str], mail: tuple[Effect, ...]
                    ) -> tuple[Assessment, tuple[Effect, ...]]:
    """A case staff open from files (a paper application, a quarantined message): the same split of the files and
    the same completeness as a mail's; `received`: its first history line, `mail`: what is written to the
    applicant (or why nothing is)."""
    pieces = tuple(v for v in verdicts if v.outcome == PIECE)
    unresolved = tuple(v for v in verdicts if v.outcome == UNRESOLVED)
    skipped = tuple(v for v in verdicts if v.outcome not in (PIECE, UNRESOLVED))
    new = unique_files(pieces + unresolved)
    again = tuple(v for v in pieces + unresolved if not any(v is n for n in new))  # the same file twice
    a = assess({v.kind for v in pieces if v.kind}, rules.required, unnamed_count(unresolved),
               {k for v in pieces + unresolved for k in v.also}, rules.label)
    attention = flagged_files(verdicts, rules.label)
    effects: list[Effect] = [
        OpenCase(applicant, name.strip()[:300], title.strip()[:300], reply_from, received_at, a.status, a.reason,
                 attention[:1000]),
        *([AddressOnCase(applicant, APPLICANT, STAFF)] if applicant else []),
        Event("received", received(a, len(pieces))),
        AddPieces(new), *piece_events(new, again, skipped, rules), Event("status", f"{a.status} : {a.reason}")]
    if fields:
        effects.append(SetFields(fields, retitle=not title.strip()))
    if attention:
        effects.append(Event("attention", attention))
    effects += mail
    return a, tuple(effects)


def piece_events(new: tuple[Verdict, ...], again: tuple[Verdict, ...], skipped: tuple[Verdict, ...],
                 rules: Rules) -> list[Event]:
    """The history lines of a message's or a scan's files: new pieces, files the case already had, files
    that are not pieces."""
    out = [Event("piece", f"{filenames.safe_name(v.attachment.filename, v.detected_type)} : "
                          f"{named(rules, v.kind, 'document à vérifier')} ({v.evidence})") for v in new]
    out += [Event("piece-again", f"{v.attachment.filename} : déjà au dossier") for v in again]
    out += [Event("skipped", f"{v.attachment.filename} : pas une pièce ({v.evidence})") for v in skipped]
    return out


# ---------------------------------------------------------------------------------------- reminders
def reminder_plan(case: CaseState, rules: Rules, now: datetime, tz: ZoneInfo) -> ReminderPlan:
    """The case's next reminder as core/reminders.py plans it (when, which): for `reminder`, the digest and the
    case's page alike."""
    until = deadline(case.received_at, rules.conversation, tz)
    return plan_reminder(status=case.status, base=case.last_acknowledged_at, sent=case.reminders_sent,
                         last_sent_at=case.last_reminder_at, rules=rules.conversation, now=now, tz=tz,
                         deadline_day=until)


def reminder(case: CaseState, rules: Rules, budget: Budget, now: datetime, tz: ZoneInfo, answers_24h: int = 0,
             mails_for_case: int = 0) -> tuple[str, tuple[Effect, ...]]:
    """("queued" with the reminder, "held" when the address failed for good or a day's limit is reached,
    "dropped" with « À voir » when the next one can no longer go before the deadline (once: `reminder_dropped`),
    or "" when none is due). Only an acknowledged, incomplete case that gets automatic mail is reminded
    (core/reminders.py: when). `answers_24h`: the automatic mails to applicants queued in the last 24 hours, to
    anyone: beyond answers_per_day the reminder waits for a later run (core/replies.py `busy`); `mails_for_case`: the
    mails queued about the case then (per_case_per_day; `reminder_waits` says why one waits). Reminders were not
    bounded: a stranger's cases under made-up senders, acknowledged within new_cases_per_day, each got two more
    mails a week apart on top of a day's full answers_per_day."""
    if case.last_acknowledged_at is None or case.quiet:
        return "", ()  # never acknowledged (list, robot...), or no automatic mail (a third party's): staff see to it
    plan = reminder_plan(case, rules, now, tz)
    if plan.dropped and not case.reminder_dropped:
        return "dropped", _dropped_effects(case, rules, plan.seq, reminders_over(case, rules, now, tz))
    if not plan.due:
        return "", ()
    if reminder_waits(case, rules, budget, answers_24h, mails_for_case):
        return "held", ()
    return "queued", _reminder_effects(case, rules, tz, plan.seq, f"relance {plan.seq} prête à partir")


def reminders_over(case: CaseState, rules: Rules, now: datetime, tz: ZoneInfo) -> str:
    """Why no reminder can go any more although the rules plan more, in French for staff (« À voir », the case's
    page, « Relancer maintenant » refused), or "": the deadline they give is reached, or no working day is left
    before it after the last mail."""
    plan = reminder_plan(case, rules, now, tz)
    if not plan.dropped:
        return ""
    until = deadline(case.received_at, rules.conversation, tz)
    if now.astimezone(tz).date() >= until:
        return deadline_reached(now.astimezone(tz).date(), until)
    return f"aucun jour ouvré ne reste avant la date limite des pièces, le {french.long_date(until)}"


def deadline_reached(today: date, until: date) -> str:
    """The deadline for the pieces reached, in French for staff: on its own day it is not « passée » (the applicant
    may still send them that day), but a reminder asking for them « avant le » that day can no longer go."""
    when = "est aujourd'hui" if today == until else "est passée"
    return f"la date limite des pièces, le {french.long_date(until)}, {when}"


def _dropped_effects(case: CaseState, rules: Rules, seq: int, why: str) -> tuple[Effect, ...]:
    said = f"relance {seq} non envoyée : {why} ; pièces attendues : {', '.join(missing_for_staff(case, rules))}"
    return SetAttention(" ; ".join(filter(None, (case.attention, said)))[:1000]), Event("reminder-dropped", said)


def reminder_waits(case: CaseState, rules: Rules, budget: Budget, answers_24h: int, mails_for_case: int) -> str:
    """Why a due reminder does not go now, in French for staff ("" : it goes): the bounds of every automatic mail
    to an applicant (core/replies.py `plan_mail`): an address that failed for good, the day's mails to that address,
    to that case (per_case_per_day: a reminder came on top of a day's acknowledgement, update and completion
    notice), to anyone (answers_per_day). The digest and the case's page say it: a held reminder showed a day
    already past as its next one. All but the first pass with the day: the reminder goes at a later run."""
    limits = rules.conversation
    if budget.undeliverable:
        return (f"l'adresse {case.applicant} a été refusée définitivement par le serveur du demandeur : corrigez "
                "l'adresse du dossier")
    if budget.sent_to_recipient >= limits.per_recipient_per_day:
        return (f"déjà {_automatic(budget.sent_to_recipient)} à cette adresse en 24 h (limite per_recipient_per_day) ; "
                f"{_BY_ITSELF}")
    if mails_for_case >= limits.per_case_per_day:
        return (f"déjà {french.count(mails_for_case, 'courriel')} pour ce dossier en 24 h (limite per_case_per_day) ; "
                f"{_BY_ITSELF}")
    if answers_24h >= limits.answers_per_day:
        return f"déjà {_automatic(answers_24h)} aux demandeurs en 24 h (limite answers_per_day) ; {_BY_ITSELF}"
    return ""


# what staff do about a reminder a day's limit holds: nothing, it goes by itself; « elle part au passage suivant »
# promised the next run, where the same 24 hours still held it (it went the day after)
_BY_ITSELF = "elle partira d'elle-même dès que la limite le permettra"


def _automatic(n: int) -> str:
    return french.count(n, "courriel automatique", "courriels automatiques")


def reminder_now(case: CaseState, rules: Rules, budget: Budget, now: datetime, tz: ZoneInfo, actor: str
                 ) -> tuple[Effect, ...]:
    """Staff ask the applicant for the missing pieces now (`intake case REF remind`, the console's « Relancer
    maintenant »): the case's next reminder, sent today instead of on its day; the ones after it keep their days.
    Within the same bounds as the automatic ones, but for the day's total to everyone (answers_per_day, against
    outsiders' floods: staff ask on purpose, one case at a time). UsageError, in French, when it cannot go."""
    limits = rules.conversation
    if case.status != INCOMPLETE:
        raise UsageError(f"le dossier est « {status_label(case.status)} » : aucune pièce à réclamer par une relance")
    if case.last_acknowledged_at is None or case.quiet or not case.applicant:
        raise UsageError("le service n'écrit pas automatiquement au demandeur de ce dossier (aucun accusé de réception "
                         "envoyé) : écrivez-lui depuis votre messagerie")
    seq = case.reminders_sent + 1
    if seq > len(limits.reminder_days):
        raise UsageError(f"les relances prévues ({len(limits.reminder_days)}, rules/conversations.toml) sont toutes "
                         "parties : écrivez au demandeur depuis votre messagerie")
    if reminded_today(case, now, tz):
        raise UsageError("une relance est déjà partie aujourd'hui : la suivante pourra partir demain")
    until = deadline(case.received_at, limits, tz)
    if now.astimezone(tz).date() >= until:  # it would ask for the pieces « avant le » that day
        raise UsageError(f"{deadline_reached(now.astimezone(tz).date(), until)} : une relance demanderait encore les "
                         "pièces avant cette date ; écrivez au demandeur depuis votre messagerie")
    if budget.undeliverable:
        raise UsageError(f"l'adresse {case.applicant} a été refusée définitivement par le serveur du demandeur : "
                         "corrigez l'adresse du dossier d'abord")
    if held_back(budget, limits.per_recipient_per_day):
        raise UsageError(f"{budget.sent_to_recipient} courriels automatiques déjà envoyés à {case.applicant} depuis "
                         f"24 heures (per_recipient_per_day = {limits.per_recipient_per_day}) : réessayez demain")
    return _reminder_effects(case, rules, tz, seq, f"relance {seq} demandée par {actor}, prête à partir")


def reminded_today(case: CaseState, now: datetime, tz: ZoneInfo) -> bool:
    """Whether a reminder went to the case's applicant today (local day): no other goes before tomorrow, asked by
    staff or not; the console then offers no « Relancer maintenant »."""
    last = case.last_reminder_at
    return last is not None and last.astimezone(tz).date() == now.astimezone(tz).date()


def _reminder_effects(case: CaseState, rules: Rules, tz: ZoneInfo, seq: int, said: str) -> tuple[Effect, ...]:
    limits = rules.conversation
    last = seq == len(limits.reminder_days)
    effects: list[Effect] = [
        QueueMail(REMINDER, case.applicant, case.reply_from, f"{REMINDER}|{case.reference}|{seq}",
                  reminder_number=seq, last_reminder=last),
        Event("reminder", f"{said} pour {case.applicant}")]
    if last:
        attention = (f"dernière relance envoyée ; pièces attendues avant le "
                     f"{french.long_date(deadline(case.received_at, limits, tz))}")
        effects += [SetAttention(attention), Event("attention", attention)]
    return tuple(effects)
