"""Carry out what the policy decided: the effects of core/effects.py, in the caller's transaction.

`carry_out` is the one place where a case is changed, whichever door the change came in by: a message
(intake/pipeline/ingest.py carries out what `core.decide` returned), a postal application, a staff
correction or decision, a merge, a reclassification, a reminder. It decides nothing: each effect says
what to do, and the store (intake/store/) does the reads and writes. Lines of a case's history come from
the core, except those that record what this module did itself (the dossier's fields read, mails a
bounce names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from intake.app import App
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
    RemovePiece,
    SetApplicant,
    SetAttention,
    SetFields,
    SetPieceAlso,
    SetPieceKind,
    SetReceived,
    SetStatus,
    WithdrawMail,
    cited_note,
)
from intake.core.fields import derive
from intake.core.replies import mail_label
from intake.pipeline.mailer import fold_unsent, queue_case_mail
from intake.store import applicants, cases, flagged, ledger, outbox, pieces
from intake.store.tables import Case, Inbound, Piece


@dataclass
class Applied:
    case: Case | None = None  # the case the effects were about
    pieces: list[Piece] = field(default_factory=list)  # the pieces they stored
    mails: list[str] = field(default_factory=list)  # the kinds of mail they queued
    withdrawn: list[bool] = field(default_factory=list)  # for each WithdrawMail: whether a mail was cancelled


def carry_out(app: App, s: Session, effects: tuple[Effect, ...], *, case: Case | None = None,
              inbound: Inbound | None = None, actor: str = "intake") -> Applied:
    """Carry out `effects` about `case` (or the case they open or name). `inbound`: the ledger line of the
    message being filed, if any (it is saved, and filed on the case); `actor`: who, for the history."""
    now = app.clock()
    done = Applied(case)
    if inbound is not None:
        if effects or inbound.id is not None:
            ledger.save(s, inbound)  # the effects may file it on a case
        else:
            ledger.insert(s, inbound)  # its line alone, as most messages are
    for effect in effects:
        match effect:
            case OpenCase():
                done.case = _open(app, s, effect, now)
                if inbound is not None:
                    inbound.case_id = done.case.id
            case OnCase(case_id=case_id):
                done.case = cases.get(s, case_id)
                if inbound is not None:
                    inbound.case_id = case_id
            case AddressOnCase(address=address, role=role, source=source, authenticated=authenticated,
                               domain=domain):
                applicants.record(s, _the(done).id, address, role, source, now, actor, authenticated, domain)
            case SetApplicant(address=address):
                target = _the(done)
                target.applicant, target.updated_at = address, now
            case AddPieces(files=files, inbound_id=inbound_id, arrived_at=arrived_at):
                if inbound is not None and inbound.id is None:
                    s.flush()
                brought = inbound_id if inbound_id is not None else (inbound.id if inbound is not None else None)
                done.pieces += _add_pieces(app, s, _the(done), files, brought, now, arrived_at)
            case MailedToo(sha256s=sha256s):
                if inbound is not None:
                    if inbound.id is None:
                        s.flush()
                    pieces.brought_too(s, _the(done).id, sha256s, inbound.id)
            case RemovePiece(piece_id=piece_id):
                pieces.remove(s, pieces.get_one(s, piece_id), _the(done).reference, now, actor)
            case SetPieceKind(piece_id=piece_id, kind=kind, manual=manual, evidence=evidence):
                piece = pieces.get_one(s, piece_id)
                piece.kind, piece.manual, piece.evidence = kind, manual, evidence
                pieces.save(s, piece)
            case SetPieceAlso(piece_id=piece_id, also=also):
                piece = pieces.get_one(s, piece_id)
                piece.also = dict(also)
                pieces.save(s, piece)
            case SetStatus(status=status, reason=reason, touch=touch):
                target = _the(done)
                if touch or (target.status, target.status_reason) != (status, reason):
                    target.status, target.status_reason, target.updated_at = status, reason, now
            case SetFields():
                _set_fields(app, s, _the(done), effect, now, actor)
            case SetReceived(received_at=when):
                target = _the(done)
                target.received_at, target.updated_at = when, now
            case SetAttention(text=text):
                target = _the(done)
                target.attention, target.updated_at = text, now
            case Cited(case_id=cited_id, sender=sender, where=where, noted=noted):
                if done.case is not None:
                    done.case.linked_case_id = cited_id
                    where += f", enregistré dans {done.case.reference}"
                if noted:
                    cases.add_event(s, cited_id, now, "cited", cited_note(sender, where))
            case QueueMail():
                kind = effect.kind if effect.held else fold_unsent(app, s, _the(done), effect.kind, effect.to_addr, now)
                queue_case_mail(app, s, _the(done), kind, to_addr=effect.to_addr, from_addr=effect.from_addr,
                                key=effect.key, now=now, new_pieces=done.pieces,
                                reminder_number=effect.reminder_number, last_reminder=effect.last_reminder,
                                note=effect.note, hold=effect.held, shown_status=effect.shown_status,
                                answers=effect.answers, typed=effect.typed, set_aside=effect.set_aside)
                done.mails.append(kind)  # the mail queued: a receipt folded into an up-to-date one is that one
            case WithdrawMail(kind=kind, why=why, retrying=retrying):
                cancelled = [m for m in outbox.never_tried(s, _the(done).id, (kind,), retrying)
                             if outbox.withdraw(s, m.id, why, retrying)]
                done.withdrawn.append(bool(cancelled))
                cases.add_event(s, _the(done).id, now, "mail-cancelled" if cancelled else "no-mail",
                                effect.withdrawn if cancelled else effect.too_late, actor)
            case RecordBounce(bounce=bounce):
                for mail in outbox.bounced(s, bounce.original_ids, bounce.failure):
                    if done.case is not None:
                        cases.add_event(s, done.case.id, now, "delivered" if bounce.delivered else "bounce-linked",
                                        f"{mail_label(mail.kind)} à {mail.to_addr} {bounce.failure or bounce.summary}",
                                        actor)
                if bounce.permanent:
                    for address in bounce.never_again:  # core/bounce.py `believe`: applicants', never staff's
                        flagged.flag(s, address, undeliverable=True, reason=bounce.summary, now=now)
                        outbox.cancel_pending_to(s, address, f"adresse en échec : {bounce.summary}")
            case FlagAddress(address=address, reason=reason, undeliverable=undeliverable, looping=looping):
                flagged.flag(s, address, now=now, reason=reason, undeliverable=undeliverable, looping=looping)
            case Event(kind=kind, detail=detail, case_id=case_id):
                cases.add_event(s, case_id or _the(done).id, now, kind, detail, actor)
    if done.case is not None:
        cases.save(s, done.case)
    return done


def _the(done: Applied) -> Case:
    if done.case is None:
        raise ValueError("an effect about a case, before any case was opened or named")
    return done.case


def next_reference(app: App, s: Session, received_at: datetime) -> tuple[str, int, int]:
    """(reference, year, seq): the next number of the year the application was received in."""
    year = received_at.astimezone(app.settings.timezone).year
    seq = cases.next_number(s, year)
    return f"{app.settings.reference_prefix}-{year}-{seq:04d}", year, seq


def _open(app: App, s: Session, effect: OpenCase, now: datetime) -> Case:
    reference, year, seq = next_reference(app, s, effect.received_at)
    return cases.add(s, Case(reference=reference, year=year, seq=seq, status=effect.status,
                             status_reason=effect.reason, applicant=effect.applicant,
                             applicant_name=effect.applicant_name, title=effect.title, reply_from=effect.reply_from,
                             attention=effect.attention, received_at=effect.received_at, created_at=now,
                             updated_at=now))


def _add_pieces(app: App, s: Session, case: Case, files, inbound_id: int | None, now: datetime,
                arrived_at: datetime | None = None) -> list[Piece]:
    """The files onto the case, each stored once by its SHA-256; a file the case holds already is skipped."""
    known = pieces.hashes(s, case.id)
    stored = []
    for v in files:
        if v.attachment.sha256 in known:
            continue
        known.add(v.attachment.sha256)
        stored.append(pieces.add(s, case.id, inbound_id, v, app.blobs.put(v.attachment.content), now, arrived_at))
    return stored


def _set_fields(app: App, s: Session, case: Case, effect: SetFields, now: datetime, actor: str) -> None:
    """What the dossier says (title, organisation, ...): the newest dossier wins; its title names the case.
    `refresh`: read again, with the mail path's reader, from the dossiers the case holds now (after staff
    moved or renamed one); a case left without a dossier keeps no field read from one."""
    fields, by_staff = effect.fields, set(case.staff_fields or ())
    if effect.staff:  # staff's own values: recorded by the core's history line; "" clears a field
        case.staff_fields = sorted(by_staff | set(fields))
        merged = _derived(app, {k: v for k, v in {**(case.fields or {}), **fields}.items() if v}, case.staff_fields)
        case.fields, case.updated_at = merged, now
        if effect.retitle and fields.get("titre"):
            case.title = fields["titre"][:300]
        return
    fields = {k: v for k, v in fields.items() if k not in by_staff}  # what staff set stays
    kept = {k: v for k, v in (case.fields or {}).items() if k in by_staff}
    if effect.refresh:
        fields = {k: v for k, v in _dossier_fields(app, s, case).items() if k not in by_staff}
        if {**fields, **kept} == (case.fields or {}):
            return
        case.fields = kept
    merged = _derived(app, {**(case.fields or {}), **fields}, by_staff)
    if merged != case.fields:
        case.fields = merged
        case.updated_at = now
        if fields:
            labels = {r.key: r.label for r in app.rules.fields}  # as staff read them: « Titre du projet : … »
            said = " ; ".join(f"{labels.get(k, k)} : {v}" for k, v in fields.items())
            cases.add_event(s, case.id, now, "fields", said, actor)
    if effect.retitle and fields.get("titre") and "titre" not in by_staff:
        case.title = fields["titre"][:300]
    if effect.refresh and not fields:
        cases.add_event(s, case.id, now, "fields", "plus de dossier d'intention lisible : champs lus effacés", actor)


def _derived(app: App, fields: dict[str, str], by_staff) -> dict[str, str]:
    """The fields, with those the rules derive from others (a theme from its sub-theme), unless staff
    cleared them."""
    return {k: v for k, v in derive(fields, app.rules.fields).items() if k in fields or k not in by_staff}


def _dossier_fields(app: App, s: Session, case: Case) -> dict[str, str]:
    from intake.pipeline.read import dossier_fields

    s.flush()
    files = []
    for piece in pieces.dossiers(s, case.id):
        try:
            files.append((piece.filename, app.blobs.get(piece.sha256)))
        except OSError:
            continue
    return dossier_fields(files, app.rules) if files else {}
