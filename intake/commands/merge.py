"""Merge two cases of one application; move a message that was filed on the wrong case.

A merge keeps everything: the other case's pieces (the same file twice is kept once), messages, mails,
history, and every row another part of the service hangs on a case (its applicant addresses, ...). Its
reference becomes an alias of the survivor: it still finds the case (`intake case OLDREF`, a reply
citing it) and its number is never given again. Both histories record the merge and who did it; the
status is recomputed as everywhere else (core/casework.py: `recompute`; a staff decision stands).
The rows move with intake/store/merging.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.app import App
from intake.commands.show import resolve_case
from intake.commands.staff import changing, recompute_status
from intake.core.corrections import check_merge
from intake.core.effects import Event, SetFields
from intake.core.french import agree, count
from intake.core.statuses import FILED
from intake.errors import IntakeError, UsageError
from intake.pipeline.apply import carry_out
from intake.store import cases, ledger, merging, pieces
from intake.store.database import session
from intake.store.tables import Case, CaseAlias


@dataclass(frozen=True)
class MergeResult:
    survivor: str  # the reference that stays
    merged: str  # the reference that now leads to the survivor
    pieces: int  # files moved to the survivor
    same_files: int  # files the survivor already had (kept once)
    messages: int
    mails: int
    status: str  # the survivor's status afterwards


def merge_cases(app: App, survivor_ref: str, other_ref: str, actor: str) -> MergeResult:
    """Merge case `other_ref` into case `survivor_ref` (the survivor keeps its reference)."""
    now = app.clock()
    with changing(app) as s:
        keep, _ = resolve_case(s, survivor_ref)
        other, alias = resolve_case(s, other_ref)
        if other.id == keep.id:
            if alias is not None:
                raise IntakeError(f"{alias.reference} est déjà fusionné dans {keep.reference}")
            raise UsageError(f"{keep.reference} : un dossier ne peut pas être fusionné avec lui-même")
        check_merge(keep.reference, keep.status, other.reference, other.status)
        cases.add_event(s, other.id, now, "merged", f"{other.reference} fusionné dans {keep.reference} par {actor}",
                        actor)
        moved, same = merging.move_pieces(s, pieces.of_case(s, other.id), keep.id, pieces.of_case(s, keep.id))
        messages, mails = merging.move_case_rows(s, other.id, keep.id)
        _combine(keep, other, now)
        already = f" (+ {same} déjà {agree(same, 'présente')})" if same else ""  # not « (+ 0 déjà présente) »
        summary = (f"{other.reference} fusionné dans ce dossier par {actor} : {count(moved, 'pièce')}{already}, "
                   f"{count(messages, 'message')}, {count(mails, 'courriel')}")
        if other.applicant and other.applicant != keep.applicant:
            summary += f" ; demandeur de {other.reference} : {other.applicant}"
        cases.add_event(s, keep.id, now, "merge", summary, actor)
        cases.add_alias(s, CaseAlias(reference=other.reference, year=other.year, seq=other.seq, case_id=keep.id,
                                     merged_at=now, actor=actor))
        for cited in cases.linked_to(s, other.id):  # cases a stranger opened citing the other one
            cited.linked_case_id = None if cited.id == keep.id else keep.id
            cases.save(s, cited)
        cases.save(s, keep)
        s.flush()
        cases.delete(s, other)
        recompute_status(app, s, keep, actor)
        s.commit()
        return MergeResult(keep.reference, other.reference, moved, same, messages, mails, keep.status)


def _combine(keep: Case, other: Case, now) -> None:
    """The survivor's own values win; the other case's fill what the survivor lacks."""
    keep.fields = {**(other.fields or {}), **(keep.fields or {})}
    keep.title = keep.title or other.title
    keep.applicant_name = keep.applicant_name or other.applicant_name
    keep.attention = " ; ".join(dict.fromkeys(a for a in (keep.attention, other.attention) if a))[:1000]
    keep.received_at = min(keep.received_at, other.received_at)  # when the application first arrived
    keep.updated_at = now


@dataclass(frozen=True)
class MoveResult:
    source: str
    target: str
    message: str  # what moved, in words
    pieces: tuple[str, ...]  # file names that went with it
    source_status: str
    target_status: str


def move_message(app: App, source_ref: str, message_id: int, target_ref: str, actor: str) -> MoveResult:
    """Move one message (the ledger row `message_id`, with its copies and the files it brought) from one case
    to another. The only message of a case is not moved: merge the two cases instead."""
    now = app.clock()
    with changing(app) as s:
        source, _ = resolve_case(s, source_ref)
        target, _ = resolve_case(s, target_ref)
        row = ledger.get(s, message_id)
        if row is None or row.case_id != source.id:
            raise IntakeError(f"{source.reference} n'a pas de message n° {message_id} : voyez la liste avec "
                              f"intake case {source.reference}")
        if target.id == source.id:
            raise IntakeError(f"le message est déjà dans {target.reference}")
        if row.fate == FILED and ledger.filed_count(s, source.id) == 1:
            raise IntakeError(f"c'est le seul message de {source.reference} : fusionnez plutôt les deux dossiers "
                              f"(dans la console : « Fusionner avec un autre dossier » ; en ligne de commande : "
                              f"intake case {target.reference} merge {source.reference})")
        rows = [row] + ledger.copies_of(s, row)
        ids = {r.id for r in rows}
        moving = [p for p in pieces.of_case(s, source.id) if p.inbound_id in ids]
        names = tuple(p.filename for p in moving)
        brought_dossier = any(p.kind == "dossier" for p in moving)
        merging.move_pieces(s, moving, target.id, pieces.of_case(s, target.id))
        merging.move_messages(s, rows, target.id)
        what = f"message de {row.from_addr or '?'} ({row.mailbox}, n° {row.uid} sur le serveur) « {row.subject} »"
        files = f" avec {', '.join(names)}" if names else ""
        s.flush()
        for case, line in ((source, f"{what}{files} déplacé vers {target.reference} par {actor}"),
                           (target, f"{what}{files} déplacé depuis {source.reference} par {actor}")):
            effects = (Event("message-moved", line),) + ((SetFields(refresh=True),) if brought_dossier else ())
            carry_out(app, s, effects, case=case, actor=actor)
            case.updated_at = now
            cases.save(s, case)
        s.flush()
        recompute_status(app, s, source, actor)
        recompute_status(app, s, target, actor)
        s.commit()
        return MoveResult(source.reference, target.reference, what, names, source.status, target.status)


def message_id_by_number(app: App, ref: str, number: int) -> int:
    """The ledger id of the Nth message of a case, as `intake case REF` numbers them (1 = the first)."""
    with session(app.engine) as s:
        case, _ = resolve_case(s, ref)
        rows = ledger.of_case(s, case.id)
    if not 1 <= number <= len(rows):
        raise IntakeError(f"{case.reference} a {count(len(rows), 'message')} : donnez un numéro de 1 à {len(rows)}"
                          if rows else f"{case.reference} n'a aucun message")
    return rows[number - 1].id
