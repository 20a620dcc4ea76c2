"""Merge two cases of one application; move a message that was filed on the wrong case.

A merge keeps everything: the other case's pieces (the same file twice is kept once), messages, mails,
history, and every row another part of the service hangs on a case (its applicant addresses, ...). Its
reference becomes an alias of the survivor: it still finds the case (`intake case OLDREF`, a reply
citing it) and its number is never given again. Both histories record the merge and who did it; the
status is recomputed as everywhere else (`staff.recompute_status`: a staff decision stands).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from intake.adapters.db import Case, CaseAlias, CaseEvent, Inbound, Piece, session
from intake.app import App
from intake.cases import resolve_case
from intake.commands import store
from intake.core.statuses import DECISIONS, FILED
from intake.errors import IntakeError
from intake.staff import recompute_status, refresh_fields


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
    with session(app.engine) as s:
        keep, _ = resolve_case(s, survivor_ref)
        other, alias = resolve_case(s, other_ref)
        if other.id == keep.id:
            if alias is not None:
                raise IntakeError(f"{alias.reference} est déjà fusionné dans {keep.reference}")
            raise IntakeError(f"{keep.reference} : un dossier ne peut pas être fusionné avec lui-même")
        if other.status in DECISIONS and keep.status not in DECISIONS:
            raise IntakeError(f"{other.reference} porte une décision ({other.status}) et {keep.reference} non : "
                              f"fusionnez dans l'autre sens (intake case {other.reference} merge {keep.reference})")
        s.add(CaseEvent(case_id=other.id, at=now, kind="merged", actor=actor,
                        detail=f"{other.reference} fusionné dans {keep.reference} par {actor}"))
        pieces, same = _move_pieces(s, store.pieces_of(s, other.id), keep.id)
        messages = store.messages_of(s, other.id)
        for row in messages:
            row.case_id = keep.id
            s.add(row)
        seqs = store.last_seq_by_kind(s, keep.id)
        mails = store.mails_of(s, other.id)
        for mail in mails:  # numbered after the survivor's mails of the same kind (unique case, kind, seq)
            seqs[mail.kind] = seqs.get(mail.kind, -1) + 1
            mail.case_id, mail.seq = keep.id, seqs[mail.kind]
            s.add(mail)
        for event in store.events_of(s, other.id):
            event.case_id = keep.id
            s.add(event)
        for earlier in store.aliases_of(s, other.id):  # cases merged into the other one before
            earlier.case_id = keep.id
            s.add(earlier)
        s.flush()
        store.move_other_rows(s, other.id, keep.id)
        _combine(keep, other, now)
        summary = (f"{other.reference} fusionné dans ce dossier par {actor} : {pieces} pièce(s) "
                   f"(+ {same} déjà présente(s)), {len(messages)} message(s), {len(mails)} courriel(s)")
        if other.applicant and other.applicant != keep.applicant:
            summary += f" ; demandeur de {other.reference} : {other.applicant}"
        s.add(CaseEvent(case_id=keep.id, at=now, kind="merge", actor=actor, detail=summary))
        s.add(CaseAlias(reference=other.reference, year=other.year, seq=other.seq, case_id=keep.id, merged_at=now,
                        actor=actor))
        for cited in store.cases_linked_to(s, other.id):  # cases a stranger opened citing the other one
            cited.linked_case_id = None if cited.id == keep.id else keep.id
            s.add(cited)
        s.add(keep)
        s.flush()
        s.delete(other)
        s.flush()
        recompute_status(app, s, keep, actor, now)
        s.commit()
        return MergeResult(keep.reference, other.reference, pieces, same, len(messages), len(mails), keep.status)


def _move_pieces(s: Session, pieces: list[Piece], to_id: int, inbound_ids: set[int] | None = None) -> tuple[int, int]:
    """Move pieces to case `to_id`; a file it already has is kept once (a kind staff set by hand wins)."""
    theirs = {p.sha256: p for p in store.pieces_of(s, to_id)}
    moved = same = 0
    for piece in pieces:
        if inbound_ids is not None and piece.inbound_id not in inbound_ids:
            continue
        there = theirs.get(piece.sha256)
        if there is None:
            piece.case_id = to_id
            s.add(piece)
            theirs[piece.sha256] = piece
            moved += 1
            continue
        if piece.manual and not there.manual:
            there.kind, there.manual, there.evidence = piece.kind, True, piece.evidence
            s.add(there)
        s.delete(piece)
        same += 1
    return moved, same


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
    with session(app.engine) as s:
        source, _ = resolve_case(s, source_ref)
        target, _ = resolve_case(s, target_ref)
        row = s.get(Inbound, message_id)
        if row is None or row.case_id != source.id:
            raise IntakeError(f"{source.reference} n'a pas de message n° {message_id} : voyez la liste avec "
                              f"intake case {source.reference}")
        if target.id == source.id:
            raise IntakeError(f"le message est déjà dans {target.reference}")
        if row.fate == FILED and store.filed_count(s, source.id) == 1:
            raise IntakeError(f"c'est le seul message de {source.reference} : fusionnez plutôt les deux dossiers "
                              f"(intake case {target.reference} merge {source.reference})")
        rows = [row] + store.copies_of(s, row)
        ids = {r.id for r in rows}
        moving = [p for p in store.pieces_of(s, source.id) if p.inbound_id in ids]
        names = tuple(p.filename for p in moving)
        brought_dossier = any(p.kind == "dossier" for p in moving)
        _move_pieces(s, moving, target.id)
        for r in rows:
            r.case_id = target.id
            s.add(r)
        what = f"message de {row.from_addr or '?'} ({row.mailbox}, UID {row.uid}) « {row.subject} »"
        files = f" avec {', '.join(names)}" if names else ""
        events = {source.id: [], target.id: []}
        if brought_dossier:
            s.flush()
            refresh_fields(app, s, source, now, events[source.id])
            refresh_fields(app, s, target, now, events[target.id])
        s.add(CaseEvent(case_id=source.id, at=now, kind="message-moved", actor=actor,
                        detail=f"{what}{files} déplacé vers {target.reference} par {actor}"))
        s.add(CaseEvent(case_id=target.id, at=now, kind="message-moved", actor=actor,
                        detail=f"{what}{files} déplacé depuis {source.reference} par {actor}"))
        for case in (source, target):
            for kind, detail in events[case.id]:
                s.add(CaseEvent(case_id=case.id, at=now, kind=kind, detail=detail, actor=actor))
            case.updated_at = now
            s.add(case)
        s.flush()
        recompute_status(app, s, source, actor, now)
        recompute_status(app, s, target, actor, now)
        s.commit()
        return MoveResult(source.reference, target.reference, what, names, source.status, target.status)


def message_id_by_number(app: App, ref: str, number: int) -> int:
    """The ledger id of the Nth message of a case, as `intake case REF` numbers them (1 = the first)."""
    with session(app.engine) as s:
        case, _ = resolve_case(s, ref)
        rows = store.messages_of(s, case.id)
    if not 1 <= number <= len(rows):
        raise IntakeError(f"{case.reference} a {len(rows)} message(s) : donnez un numéro de 1 à {len(rows)}"
                          if rows else f"{case.reference} n'a aucun message")
    return rows[number - 1].id
