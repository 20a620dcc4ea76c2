"""`intake reclassify`: apply the current rules to open cases, from the stored files.

Every filed message of the case is read again from its stored raw bytes (and
files filed by hand from the file store, read the same way: `read_files_by_hand`); pieces get their new kind unless
staff set it by hand; files the old rules skipped may become pieces; the
status is recomputed. No mail is sent for past events: cases that become
complete are reported, so that staff can write if they wish.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlmodel import select

from intake.adapters.db import Case, CaseEvent, Inbound, Piece, session
from intake.adapters.readers import ReaderPool
from intake.app import App
from intake.apply import record_fields
from intake.cases import find_case
from intake.core.classify import PIECE, UNRESOLVED
from intake.core.completeness import assess
from intake.core.statuses import AUTOMATIC, COMPLETE, FILED
from intake.errors import ParseError
from intake.reading import read_files_by_hand, read_message

log = logging.getLogger("intake.reclassify")


@dataclass
class ReclassifyReport:
    checked: int = 0
    changed: list[str] = field(default_factory=list)  # "BSC-...: incomplete -> complete"
    completed: list[str] = field(default_factory=list)


def reclassify(app: App, reference: str | None = None) -> ReclassifyReport:
    report = ReclassifyReport()
    with session(app.engine) as s:
        query = select(Case.id).where(Case.status.in_(AUTOMATIC))
        if reference:
            query = select(Case.id).where(Case.id == find_case(s, reference).id)
        ids = s.exec(query.order_by(Case.id)).all()
    with ReaderPool() as pool:
        for case_id in ids:
            _one(app, case_id, report, pool)
    return report


def _one(app: App, case_id: int, report: ReclassifyReport, pool: ReaderPool) -> None:
    rules, now = app.rules, app.clock()
    with session(app.engine) as s:
        case = s.get(Case, case_id)
        if case.status not in AUTOMATIC:
            return  # a staff decision stands
        report.checked += 1
        pieces = {p.sha256: p for p in s.exec(select(Piece).where(Piece.case_id == case.id))}
        verdicts, fields = {}, {}
        for row in s.exec(select(Inbound).where(Inbound.case_id == case.id, Inbound.fate == FILED)):
            try:
                reading = read_message(app.blobs.get(row.raw_sha256), rules, app.settings, case.reply_from,
                                       row.raw_sha256, pool=pool)
            except (ParseError, OSError) as exc:
                log.warning("%s: message UID %s cannot be read again: %s", case.reference, row.uid, exc)
                continue
            fields.update(reading.fields)
            for v in reading.verdicts:
                verdicts.setdefault(v.attachment.sha256, (v, row.id))
        by_hand = []  # files filed by hand (postal applications): read again as a mail's attachments are
        for sha, piece in pieces.items():
            if sha not in verdicts and piece.detected_type != "link":
                try:
                    by_hand.append((piece, app.blobs.get(sha)))
                except OSError:
                    continue
        if by_hand:
            reading = read_files_by_hand([(p.filename, content) for p, content in by_hand], rules,
                                         seconds=app.settings.limits.read_seconds)
            found = {v.attachment.sha256: v for v in reading.verdicts}
            for piece, _content in by_hand:
                if piece.sha256 in found:
                    verdicts[piece.sha256] = (found[piece.sha256], piece.inbound_id)
            fields.update(reading.fields)
        events = []
        for sha, (v, inbound_id) in verdicts.items():
            piece = pieces.get(sha)
            if piece is None:
                if v.outcome in (PIECE, UNRESOLVED):
                    s.add(Piece(case_id=case.id, inbound_id=inbound_id, kind=v.kind, filename=v.attachment.filename,
                                sha256=app.blobs.put(v.attachment.content), size=v.attachment.size,
                                detected_type=v.detected_type, evidence=v.evidence, created_at=now))
                    events.append(("piece", f"{v.attachment.filename} : désormais {v.kind or 'à vérifier'} ({v.evidence})"))
                continue
            if piece.manual:
                continue
            new_kind = v.kind if v.outcome == PIECE else None
            if new_kind != piece.kind:
                events.append(("piece", f"{piece.filename} : {piece.kind or 'à vérifier'} -> {new_kind or 'à vérifier'} "
                                        f"({v.evidence})"))
                piece.kind, piece.evidence = new_kind, v.evidence
                s.add(piece)
        s.flush()
        current = s.exec(select(Piece).where(Piece.case_id == case.id)).all()
        a = assess({p.kind for p in current if p.kind}, rules.required, sum(1 for p in current if p.unresolved))
        if a.status != case.status:
            events.append(("status", f"{a.status} (avant : {case.status}) : {a.reason} (règles {rules.version})"))
            report.changed.append(f"{case.reference}: {case.status} -> {a.status}")
            if a.status == COMPLETE:
                report.completed.append(case.reference)
            case.status, case.status_reason, case.updated_at = a.status, a.reason, now
        if fields:
            record_fields(case, fields, now, events)
        s.add(case)
        for kind, detail in events:
            s.add(CaseEvent(case_id=case.id, at=now, kind=kind, detail=detail, actor="reclassify"))
        s.commit()
