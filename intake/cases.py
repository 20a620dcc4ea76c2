"""Read cases for people and scripts: the shapes `intake cases` and `intake case` print."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from intake import applicants
from intake.adapters.db import Case, CaseAlias, CaseEvent, Inbound, Outbox, Piece, session
from intake.app import App
from intake.core.decide import REMINDER
from intake.core.statuses import FILED
from intake.errors import IntakeError


def _iso(when, tz) -> str:
    return when.astimezone(tz).isoformat(timespec="seconds") if when else None


def summary(app: App, case: Case, pieces: list[Piece], messages: int, reminders: int = 0) -> dict:
    present = sorted({p.kind for p in pieces if p.kind})
    return {
        "reference": case.reference,
        "status": case.status,
        "status_reason": case.status_reason,
        "attention": case.attention,
        "applicant": case.applicant.lower(),
        "applicant_name": case.applicant_name,
        "title": case.title,
        "fields": dict(case.fields or {}),
        "pieces": present,
        "missing": sorted(k for k in app.rules.required if k not in present),
        "unrecognised": sorted(p.filename for p in pieces if p.unresolved),
        "messages": messages,
        "reminders": reminders,
        "received_at": _iso(case.received_at, app.settings.timezone),
        "created_at": _iso(case.created_at, app.settings.timezone),
        "updated_at": _iso(case.updated_at, app.settings.timezone),
    }


def list_cases(app: App, status: str | None = None) -> list[dict]:
    with session(app.engine) as s:
        query = select(Case).order_by(Case.year, Case.seq)
        if status:
            query = query.where(Case.status == status)
        cases = s.exec(query).all()
        pieces = s.exec(select(Piece)).all()
        counts = dict(s.exec(select(Inbound.case_id, func.count()).where(Inbound.fate == FILED)
                             .group_by(Inbound.case_id)).all())
        reminders = dict(s.exec(select(Outbox.case_id, func.count()).where(Outbox.kind == REMINDER)
                                .group_by(Outbox.case_id)).all())
    by_case: dict[int, list[Piece]] = {}
    for p in pieces:
        by_case.setdefault(p.case_id, []).append(p)
    return [summary(app, c, by_case.get(c.id, []), counts.get(c.id, 0), reminders.get(c.id, 0)) for c in cases]


def normalise_reference(ref: str) -> str:
    """`bsc-2026-7` -> `BSC-2026-0007`."""
    parts = ref.strip().upper().split("-")
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return f"{parts[0]}-{parts[1]}-{int(parts[2]):04d}"
    return ref.strip().upper()


def find_case(s, ref: str) -> Case:
    """The case a staff member names (`bsc-2026-7` is fine), or an error saying how to list them.

    The reference of a case merged into another leads to the survivor."""
    return resolve_case(s, ref)[0]


def resolve_case(s, ref: str) -> tuple[Case, CaseAlias | None]:
    """(the case, the alias when `ref` is the reference of a case merged into it, else None)."""
    reference = normalise_reference(ref)
    case = s.exec(select(Case).where(Case.reference == reference)).first()
    if case is not None:
        return case, None
    alias = s.exec(select(CaseAlias).where(CaseAlias.reference == reference)).first()
    if alias is not None:
        return s.get(Case, alias.case_id), alias
    raise IntakeError(f"no case {reference}: list them with `intake cases`")


def case_detail(app: App, ref: str) -> dict:
    tz = app.settings.timezone
    with session(app.engine) as s:
        case, asked_as = resolve_case(s, ref)
        pieces = s.exec(select(Piece).where(Piece.case_id == case.id).order_by(Piece.id)).all()
        messages = s.exec(select(Inbound).where(Inbound.case_id == case.id).order_by(Inbound.id)).all()
        events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)).all()
        mails = s.exec(select(Outbox).where(Outbox.case_id == case.id).order_by(Outbox.id)).all()
        aliases = s.exec(select(CaseAlias).where(CaseAlias.case_id == case.id).order_by(CaseAlias.id)).all()
        addresses = applicants.listed(s, case.id)
        linked = s.get(Case, case.linked_case_id).reference if case.linked_case_id else ""
    out = summary(app, case, pieces, sum(1 for m in messages if m.fate == FILED),
                  sum(1 for m in mails if m.kind == REMINDER))
    out["piece_files"] = [
        {"id": p.id, "kind": p.kind, "manual": p.manual,
         "label": app.rules.label(p.kind) if p.kind else ("pas une pièce" if p.manual else "à vérifier"),
         "filename": p.filename, "size": p.size, "type": p.detected_type, "sha256": p.sha256,
         "path": str(app.blobs.path(p.sha256)), "evidence": p.evidence}
        for p in pieces]
    merged = [{"reference": a.reference, "at": _iso(a.merged_at, tz), "by": a.actor} for a in aliases]
    out["merged"] = merged  # the references merged into this case (they lead here)
    out["asked_as"] = next((m for m in merged if asked_as is not None and m["reference"] == asked_as.reference),
                           None)  # the merged reference the caller named, or None
    out["message_list"] = [
        {"id": m.id, "mailbox": m.mailbox, "uid": m.uid, "message_id": m.message_id, "from": m.from_addr, "subject": m.subject,
         "received_at": _iso(m.internal_date, tz), "fate": m.fate, "reason": m.reason} for m in messages]
    out["addresses"] = [{"address": a.address, "role": a.role, "source": a.source,
                         "label": applicants.SOURCE_LABELS.get(a.source, a.source),
                         "mail": a.address == case.applicant} for a in addresses]
    out["linked_to"] = linked
    out["events"] = [{"at": _iso(e.at, tz), "kind": e.kind, "detail": e.detail, "actor": e.actor} for e in events]
    out["mails"] = [
        {"id": m.id, "kind": m.kind, "to": m.to_addr, "from": m.from_addr, "subject": m.subject, "status": m.status,
         "message_id": m.message_id, "attempts": m.attempts, "sent_at": _iso(m.sent_at, tz),
         "last_error": m.last_error} for m in mails]
    return out


def rows_csv(app: App, rows: list[dict]) -> bytes:
    """`intake cases --csv`: the same columns as the digest's attachment."""
    from datetime import datetime

    from intake.core.digest import CaseLine, cases_csv

    labels = app.rules.label
    lines = [CaseLine(reference=r["reference"], status=r["status"], applicant=r["applicant"], title=r["title"],
                      received_at=datetime.fromisoformat(r["received_at"]),
                      missing=tuple(labels(k) for k in r["missing"]), reminders_sent=r["reminders"],
                      attention=r["attention"]) for r in rows]
    return cases_csv(lines, app.settings.timezone)


def sent_mail(app: App, ref: str, number: int) -> bytes:
    """The bytes of the Nth mail (1 = first) queued on a case, as sent."""
    with session(app.engine) as s:
        case = find_case(s, ref)
        mails = s.exec(select(Outbox).where(Outbox.case_id == case.id).order_by(Outbox.id)).all()
    if not 1 <= number <= len(mails):
        raise IntakeError(f"{case.reference} has {len(mails)} mail(s): give a number from 1 to {len(mails)}")
    return mails[number - 1].raw


def confirm_address(app: App, ref: str, address: str, main: bool, actor: str) -> str:
    """`intake case REF address EMAIL [--main]`: staff confirm an address of the applicant."""
    from intake.core.parse import is_address

    address = address.strip().lower()
    if not is_address(address):
        raise IntakeError(f"{address!r} is not an email address")
    with session(app.engine) as s:
        case = find_case(s, ref)
        detail = applicants.confirm(s, case, address, main, actor, app.clock())
        s.commit()
    return f"{case.reference} : {detail}"
