"""Files that reach staff another way than a mail to the service (a letter posted to the mayor, a USB key handed
in, a piece sent to a staff member's own mailbox), scanned or saved, and added by staff to an existing case.

They are read exactly as a mail's files are (pipeline/read.py `read_files_by_hand`, the path of a paper
application) and join the case as a reply's files do (core/decide.py `_join`): the same split into new pieces,
files the case already holds and files that are not pieces, the same completeness (core/completeness.py
`with_new_files`). What is written to the applicant differs, and on purpose: a reply gets an acknowledgement of
its new pieces (an update) because it is a message to answer; files staff add answer no message of the
applicant's to the service (staff answer a letter themselves), so no update goes. The completion notice does
go, as when staff complete a case by a correction or a merge (core/casework.py `recompute`): once, to an
applicant already acknowledged by mail, unless the case gets no mail. A case a decision closed, or a case a
decision stands on, keeps its status.

A file staff added by mistake (the wrong scan, another applicant's letter, a bank statement) may be taken off
the case again (`removal`): only such a file, never one a message brought (the applicant's evidence: staff say it
is no piece instead; so is a file staff added that a message of the case then brought too, casework.PieceState
`added_by_hand`) nor a paper application's pages, and not on a case a decision closed. Its row goes, its stored
file too once nothing else names it (the purge's path: store/deletion.py), the status is recomputed as after any
correction, the history keeps its name and who took it off; no mail goes to the applicant, and a completion notice
that has not gone out yet and that the case no longer earns is withdrawn (casework.completion_withdrawn).

Pure: the case as a value in, effects out; `check_files` is the one set of limits on files staff give (this and
a paper application).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from intake.core import french, labels
from intake.core.casework import (
    NOT_A_PIECE,
    CaseState,
    PieceState,
    attention_after,
    completion_notice,
    find_piece,
    piece_events,
    recompute,
)
from intake.core.classify import PIECE, UNRESOLVED, Verdict, flagged_files, unique_files, unnamed_count
from intake.core.completeness import Assessment, with_new_files
from intake.core.effects import (
    AddPieces,
    Effect,
    Event,
    QueueMail,
    RemovePiece,
    SetAttention,
    SetFields,
    SetStatus,
    WithdrawMail,
)
from intake.core.rules import Rules
from intake.core.statuses import AUTOMATIC, CLOSED, COMPLETE, INCOMPLETE
from intake.errors import IntakeError, UsageError

MAX_FILES = 100  # files staff give at once (a paper application, pieces added to a case)
MAX_NOTE = 300


def staff_note(note: str) -> str:
    """Staff's words kept in a history line: one line, no control or format character (a NUL, a right-to-left
    override), as a note's (commands/notes.py), at most MAX_NOTE characters."""
    return " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c for c in note).split())[:MAX_NOTE]


def check_files(files: list[tuple[str, int]], max_bytes: int) -> None:
    """Files staff give, each as (its name, its size): some, not too many, none empty, not more in all than a
    mail may bring (`max_bytes`: [limits] max_message_bytes). Raises a French UsageError naming the fix."""
    if not files:
        raise UsageError("aucun fichier : joignez les pièces numérisées ou enregistrées (PDF, images, documents)")
    if len(files) > MAX_FILES:
        raise UsageError(f"{len(files)} fichiers : {MAX_FILES} au plus en une fois")
    empty = [name for name, size in files if size == 0]
    if empty:
        raise UsageError(f"« {empty[0]} » est vide (0 octet) : numérisez ou enregistrez-le de nouveau, puis "
                         "recommencez ; rien n'a été enregistré")
    total = sum(size for _, size in files)
    if total > max_bytes:
        raise UsageError(f"{french.size(total)} en tout : plus que la taille permise, celle d'un courriel "
                         f"({french.size(max_bytes)}, fixée par l'administrateur) ; numérisez les documents en plus "
                         "basse résolution (150 ou 200 ppp)")


def refusal(case: CaseState) -> str:
    """Why no file may be added to the case ("" : they may): a decision closed it (inadmissible, labelled,
    declined, withdrawn). A case found admissible may still take a late piece (the letter of one decided
    admissible despite it missing): its decision stands."""
    if case.status not in CLOSED:
        return ""
    return (f"{case.reference} est clos par une décision ({labels.status(case.status)}) : aucune pièce ne peut plus "
            "y être ajoutée ; pour en reprendre l'examen, enregistrez d'abord la décision « à vérifier », ou gardez "
            "trace de ce qui est arrivé par une note")


def split(case: CaseState, verdicts: list[Verdict]) -> tuple[tuple[Verdict, ...], ...]:
    """Files staff give, as a reply's are sorted: (new pieces, files the case holds already, files that are no
    piece). A file given twice at once is one new piece and once « already »."""
    held = {p.sha256 for p in case.pieces}
    pieces = tuple(v for v in verdicts if v.outcome in (PIECE, UNRESOLVED))
    new = unique_files(v for v in pieces if v.attachment.sha256 not in held)
    again = tuple(v for v in pieces if not any(v is n for n in new))
    return new, again, tuple(v for v in verdicts if v.outcome not in (PIECE, UNRESOLVED))


def added_by_hand(case: CaseState, verdicts: list[Verdict], fields: dict[str, str], rules: Rules, *, actor: str,
                  received_on: date, files: int, note: str = "", arrived_at: datetime | None = None
                  ) -> tuple[Assessment | None, tuple[Effect, ...]]:
    """Staff add files to `case` (`verdicts`: what reading them found, `fields`: what a dossier among them says,
    `files`: how many staff gave, `received_on`: the day they arrived, `arrived_at`: when, kept with the pieces (the
    complete file's date of receipt counts from it), `note`: how, in staff's words). Returns
    the case's new assessment (None when a decision stands) and the effects. Raises IntakeError on a closed case
    (it depends on the case: exit 1, where a bad argument is a UsageError, exit 2)."""
    why = refusal(case)
    if why:
        raise IntakeError(why)
    new, again, skipped = split(case, verdicts)
    a: Assessment | None = None
    if case.status in AUTOMATIC:
        a = with_new_files(case.status, case.kinds | {v.kind for v in new if v.kind}, rules.required,
                           sum(1 for p in case.pieces if p.unresolved)
                           + unnamed_count(v for v in new if v.outcome == UNRESOLVED),
                           case.included | {k for v in new for k in v.also}, rules.label)
    note = staff_note(note)
    recognised = sum(1 for v in new if v.outcome == PIECE)
    outcome = (f"{french.count(len(new), 'nouvelle pièce', 'nouvelles pièces')} dont "
               f"{french.count(recognised, 'reconnue', 'reconnues')}" if new else "aucune nouvelle pièce")
    outcome += f" ; {a.reason}" if a is not None else (
        f" ; décision maintenue ({labels.status(case.status)})")
    effects: list[Effect] = [
        Event("added", f"{french.count(files, 'fichier')} {french.agree(files, 'reçu')} hors courriel"
                       + (f" ({note})" if note else "") + f" le {received_on:%d/%m/%Y}, "
                       f"{french.agree(files, 'ajouté')} au dossier par {actor} : {outcome}"),
        AddPieces(new, arrived_at=arrived_at), *piece_events(new, again, skipped, rules)]
    if fields:
        effects.append(SetFields(dict(fields)))
    flagged = flagged_files(new + skipped, rules.label)
    attention, cleared = attention_after(case.attention, case.kinds | {v.kind for v in new if v.kind}, rules)
    if flagged:
        effects += [SetAttention(" ; ".join(filter(None, (attention, flagged)))[:1000]), *cleared,
                    Event("attention", flagged)]
    elif cleared:
        effects += [SetAttention(attention), *cleared]
    if a is None:
        return None, tuple(effects)
    if a.status == case.status:
        effects.append(SetStatus(a.status, a.reason, touch=True))
    else:
        effects += [Event("status", f"{a.status} (avant : {case.status}) : {a.reason}"),
                    SetStatus(a.status, a.reason)]
    notice = completion_notice(case, a)
    if not notice and new:
        effects.append(Event("no-mail", "pièces ajoutées par le service : pas de courriel automatique au demandeur"))
    return a, (*effects, *notice)


@dataclass(frozen=True)
class Removal:
    piece: PieceState  # the piece taken off
    status: str  # the case's status after
    reason: str
    said: str  # what staff are told besides ("" : nothing): the applicant was written nothing
    effects: tuple[Effect, ...]
    late: str = ""  # what staff are told instead when the completion notice could not be withdrawn (`said` has it)

    def told(self, withdrawn: bool) -> str:
        """What staff are told, once the shell says whether the waiting completion notice was withdrawn."""
        return self.late if self.late and not withdrawn else self.said


def removal(case: CaseState, file_or_id: str, actor: str, rules: Rules, tz: tzinfo, note: str = "") -> Removal:
    """Staff take off `case` a file they added by hand by mistake (`file_or_id`: its number or name, as
    casework.find_piece reads it; `note`: why, in staff's words; `tz`: the service's, for the day it was added).
    A completion notice not sent yet that the case no longer earns is withdrawn (casework.completion_withdrawn).
    Raises IntakeError (it depends on the case) on a closed case or a file that is not one staff added."""
    if case.status in CLOSED:
        raise IntakeError(f"{case.reference} est clos par une décision ({labels.status(case.status)}) : aucune pièce "
                          "ne peut plus en être retirée ; pour en reprendre l'examen, enregistrez d'abord la décision "
                          "« à vérifier », ou gardez trace de l'erreur par une note")
    piece = find_piece(case, file_or_id)
    if not piece.added_by_hand or piece.created_at is None:
        came = ("a été ajouté à la main, puis le demandeur l'a envoyé aussi par courriel : c'est désormais sa pièce, "
                "elle ne peut plus être retirée du dossier" if piece.mailed and piece.arrived_at is not None else
                "est arrivé par courriel : c'est une pièce envoyée par le demandeur, elle ne peut pas être retirée du "
                "dossier (seul un fichier ajouté à la main peut l'être)" if piece.mailed else
                "fait partie de la candidature papier enregistrée par le service, elle ne peut pas être retirée du "
                "dossier (seul un fichier ajouté à la main peut l'être)")
        raise IntakeError(f"« {piece.filename} » {came} ; si ce n'est pas une pièce, corrigez sa nature en « pas une "
                          f"pièce du dossier » (dans la console : « Nouvelle nature », puis « Corriger » ; en ligne de "
                          f"commande : intake case {case.reference} piece {piece.id} --kind {NOT_A_PIECE[0]})")
    note = staff_note(note)
    added = piece.created_at.astimezone(tz)
    effects: list[Effect] = [
        RemovePiece(piece.id),
        Event("removed", f"{piece.filename} (ajoutée par erreur le {added:%d/%m/%Y}) par {actor}"
                         + (f" : {note}" if note else ""))]
    if piece.kind == "dossier":  # the dossier's fields are read again from those the case still holds
        effects.append(SetFields(refresh=True))
    after = replace(case, pieces=tuple(p for p in case.pieces if p.id != piece.id))
    changed = recompute(after, rules)
    a = after.assessed(rules)
    status, reason = (a.status, a.reason) if case.status in AUTOMATIC else (case.status, case.status_reason)
    mailed = any(isinstance(e, QueueMail) for e in changed)  # a completion notice: none goes, staff are told
    withdrawing = any(isinstance(e, WithdrawMail) for e in changed)  # the history says whether it was
    effects += [e for e in changed if not isinstance(e, QueueMail)]
    # what staff are told besides the status, which the output, the flash and the history's status line give already
    said = late = ""
    if status == INCOMPLETE and case.status != INCOMPLETE:
        told = " (l'avis de dossier complet lui avait été adressé)" if case.completion_sent and not withdrawing else ""
        said = f"aucun courriel n'a été envoyé au demandeur{told} ; écrivez-lui si besoin"
    elif mailed or (status == COMPLETE and case.status != COMPLETE):
        said = "l'avis de dossier complet n'a pas été envoyé au demandeur ; écrivez-lui si besoin"
    if said:
        effects.append(Event("no-mail", f"pièce retirée par le service : {said}"))
    if withdrawing:
        late = ("l'avis de dossier complet était déjà en cours d'envoi au demandeur, il n'a pas pu être annulé ; "
                "écrivez-lui si besoin")
        said = ("l'avis de dossier complet, qui n'était pas encore parti, est annulé : aucun courriel n'a été envoyé "
                "au demandeur ; écrivez-lui si besoin" if case.completion_waiting else
                "l'avis de dossier complet, qui attendait un nouvel essai d'envoi (un premier essai avait échoué), est "
                "annulé ; écrivez au demandeur si besoin")
    return Removal(piece, status, reason, said, tuple(effects), late)
