"""Read cases for people and scripts: the shapes `intake cases` and `intake case` print."""

from __future__ import annotations

from intake.app import App
from intake.core import decisions
from intake.core.addresses import source_label
from intake.core.completeness import file_label, holders, kinds_held, missing
from intake.core.french import count
from intake.core.replies import REMINDER
from intake.core.retention import gone_message
from intake.core.statuses import FILED
from intake.core.thread import normalise_reference
from intake.errors import IntakeError, UnknownCase, UsageError
from intake.store import applicants, cases, ledger, outbox, pieces
from intake.store.database import session
from intake.store.tables import Case, CaseAlias, Piece


def _label(app: App, p: Piece) -> str:
    """What a file is, as staff read it (core/completeness.py `file_label`)."""
    return file_label(p.kind, p.manual, p.also, app.rules.label, staff=True)


def _iso(when, tz) -> str | None:
    return when.astimezone(tz).isoformat(timespec="seconds") if when else None


def summary(app: App, case: Case, pieces: list[Piece], messages: int, reminders: int = 0) -> dict:
    held, to_verify = kinds_held((p.kind, p.manual, p.also) for p in pieces)
    present = sorted(held)
    inside = holders((p.filename, p.kind, p.manual, p.also or {}) for p in pieces)
    return {
        "reference": case.reference,
        "status": case.status,
        "status_reason": case.status_reason,
        "attention": case.attention,
        "applicant": case.applicant.lower(),
        "applicant_name": case.applicant_name,
        "title": case.title,
        "fields": dict(case.fields or {}),
        "staff_fields": sorted(case.staff_fields or ()),  # the fields staff set by hand
        "pieces": present,
        "missing": sorted(missing(present, app.rules.required)),
        # among the missing: kind -> the file that appears to hold it besides its own (to verify; not asked for)
        "included": {k: inside[k] for k in sorted(to_verify) if k not in present and k in app.rules.required},
        "unrecognised": sorted(p.filename for p in pieces if p.unresolved),
        "messages": messages,
        "reminders": reminders,
        "received_at": _iso(case.received_at, app.settings.timezone),
        "created_at": _iso(case.created_at, app.settings.timezone),
        "updated_at": _iso(case.updated_at, app.settings.timezone),
    }


def list_cases(app: App, status: str | None = None) -> list[dict]:
    with session(app.engine) as s:
        found = cases.all_in_order(s, status)
        by_case = pieces.kinds_by_case(s)
        counts = cases.filed_counts(s)
        reminders = outbox.reminders_by_case(s)
    return [summary(app, c, by_case.get(c.id, []), counts.get(c.id, 0), reminders.get(c.id, 0)) for c in found]


def find_case(s, ref: str) -> Case:
    """The case a staff member names (`bsc-2026-7` is fine), or an error saying how to list them.

    The reference of a case merged into another leads to the survivor."""
    return resolve_case(s, ref)[0]


def resolve_case(s, ref: str, tz=None) -> tuple[Case, CaseAlias | None]:
    """(the case, the alias when `ref` is the reference of a case merged into it, else None)."""
    case, alias = cases.resolve(s, ref)
    if case is None:
        several = cases.named(s, ref)
        if len(several) > 1:  # « 2 »: BSC-2025-0002 and BSC-2026-0002
            raise UsageError(f"« {ref.strip()} » peut désigner {len(several)} dossiers : {', '.join(several)} ; "
                             "donnez la référence complète")
        gone = gone_case(s, ref, tz)
        if gone:
            raise IntakeError(gone)
        raise UnknownCase(normalise_reference(ref))
    return case, alias


def gone_case(s, ref: str, tz) -> str:
    """« BSC-2026-0003 : dossier effacé le 12/03/2027 … (RGPD) » when `ref` was deleted, else ""."""
    line = cases.gone(s, ref)
    if line is None:
        return ""
    day = line.deleted_at.astimezone(tz).date() if tz else line.deleted_at.date()
    return gone_message(line.reference, day, line.rule)


def case_detail(app: App, ref: str) -> dict:
    tz = app.settings.timezone
    with session(app.engine) as s:
        case, asked_as = resolve_case(s, ref, tz)
        held = pieces.of_case(s, case.id)
        messages = ledger.of_case(s, case.id)
        events = cases.events(s, case.id)
        mails = outbox.of_case(s, case.id)
        aliases = cases.aliases(s, case.id)
        addresses = applicants.listed(s, case.id)
        linked = cases.references(s, [case.linked_case_id]).get(case.linked_case_id, "") if case.linked_case_id else ""
        untold = decisions.untold(cases.state(s, case),
                                  (app.templates.directory / "decision" / case.status / "subject.j2").exists())
    out = summary(app, case, held, sum(1 for m in messages if m.fate == FILED),
                  sum(1 for m in mails if m.kind == REMINDER))
    out["piece_files"] = [
        {"id": p.id, "kind": p.kind, "manual": p.manual,
         "label": _label(app, p),
         "filename": p.filename, "size": p.size, "type": p.detected_type, "sha256": p.sha256,
         "path": str(app.blobs.path(p.sha256)), "evidence": p.evidence, "also": dict(p.also or {})}
        for p in held]
    merged = [{"reference": a.reference, "at": _iso(a.merged_at, tz), "by": a.actor} for a in aliases]
    out["merged"] = merged  # the references merged into this case (they lead here)
    out["asked_as"] = next((m for m in merged if asked_as is not None and m["reference"] == asked_as.reference),
                           None)  # the merged reference the caller named, or None
    out["message_list"] = [
        {"id": m.id, "mailbox": m.mailbox, "uid": m.uid, "message_id": m.message_id, "from": m.from_addr,
         "subject": m.subject,
         "received_at": _iso(m.internal_date, tz), "fate": m.fate, "reason": m.reason} for m in messages]
    out["addresses"] = [{"address": a.address, "role": a.role, "source": a.source,
                         "label": source_label(a.source),
                         "mail": a.address == case.applicant} for a in addresses]
    out["linked_to"] = linked
    out["untold"] = untold  # a decision the applicant was not told of: what staff are told ("" : none)
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
        mails = outbox.of_case(s, case.id)
    if not 1 <= number <= len(mails):
        raise IntakeError(f"{case.reference} a {count(len(mails), 'courriel envoyé', 'courriels envoyés')} : donnez un "
                          "numéro de 1 à "
                          f"{len(mails)}" if mails else f"{case.reference} : aucun courriel envoyé")
    return mails[number - 1].raw
