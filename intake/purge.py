"""`intake purge`: apply rules/retention.toml: delete what has outlived its purpose, and record it.

The rules (core/retention.py decides what each covers and when it is due):
- cases: abandoned incomplete ones, declined/inadmissible/withdrawn ones after the decision, labelled
  ones after the label; each leaves an anonymous statistics line and its messages' traces (forget.py);
- the raw content of quarantined messages;
- the ledger of messages not filed, reduced to anonymous traces;
- mail sent to staff (the digest cites applicants), flagged addresses, sign-in and audit records;
- and minimisation, at once: a message not filed that still holds content (e.g. dismissed from
  quarantine) loses it.
Every deletion is written to the purge log. `--dry-run` runs exactly the same deletions in a
transaction that is rolled back: its report is what the real run would do.

Sign-in and audit records: the web console lists its tables in TIMED_TABLES (table, time column);
a listed table that does not exist (yet) is skipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import column, delete, func, inspect, table
from sqlmodel import Session, select

from intake.adapters.db import Address, Case, CaseEvent, Inbound, Outbox, UTCDateTime, session
from intake.app import App
from intake.core.french import size as french_size
from intake.core.retention import (
    FLAGGED_ADDRESSES, IGNORED_LEDGER, INTERNAL_MAIL, MINIMISATION, QUARANTINE, SIGN_INS, CaseFacts, case_due,
    cases_due, cutoff)
from intake.core.statuses import FILED, PENDING, QUARANTINED, SENDING
from intake.errors import RulesError
from intake.forget import checkpoint, empty_trash, forget_case, record, release_content, to_trace, trash, trashed

log = logging.getLogger("intake.purge")

AUTOMATIC_ACTORS = ("intake", "reclassify")  # their events are not a sign of life from the applicant or staff
TIMED_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    SIGN_INS: (),  # the web console adds its sign-in and audit tables here: ("signin", "at"), ...
}
UPCOMING_DAYS = 30  # --dry-run also lists the cases that become due within this many days


@dataclass
class PurgeReport:
    dry_run: bool
    cases: list[tuple[str, str]] = field(default_factory=list)  # (reference, rule)
    counts: dict[str, int] = field(default_factory=dict)  # rule -> records deleted or reduced
    files: int = 0
    bytes: int = 0
    upcoming: list[tuple[str, str, datetime]] = field(default_factory=list)  # (reference, rule, due at)
    postponed: bool = False  # a poll held the lock: the files are deleted next time


def purge(app: App, dry_run: bool = False, actor: str = "intake") -> PurgeReport:
    retention = app.rules.retention
    if retention is None:
        raise RulesError(str(app.settings.rules_dir / "retention.toml"), None,
                         "no retention rules: copy rules/retention.toml from the project and set the durations")
    now = app.clock()
    report = PurgeReport(dry_run=dry_run)
    with session(app.engine) as s:
        facts = case_facts(s)
        for f, due in cases_due(facts, retention, now):
            forget_case(app, s, s.get(Case, f.id), due.rule, now, actor)
            report.cases.append((f.reference, due.rule))
        soon = now + timedelta(days=UPCOMING_DAYS)
        report.upcoming = sorted(((f.reference, d.rule, d.at) for f in facts
                                  if (d := case_due(f, retention)) is not None and now < d.at <= soon),
                                 key=lambda x: x[2])
        steps = ((MINIMISATION, _minimise), (QUARANTINE, _quarantine), (IGNORED_LEDGER, _ledger),
                 (INTERNAL_MAIL, _internal_mail), (FLAGGED_ADDRESSES, _addresses), (SIGN_INS, _timed_tables))
        for rule, step in steps:
            limit = cutoff(retention, rule, now) if rule != MINIMISATION else now
            count, what = step(s, limit, now, rule, retention)
            if count:
                report.counts[rule] = count
                record(s, now, rule, what, items=count, actor=actor)
        s.flush()
        freed = trashed(s)
        report.files = sum(1 for sha in freed if app.blobs.path(sha).exists())
        report.bytes = sum(app.blobs.path(sha).stat().st_size for sha in freed if app.blobs.path(sha).exists())
        if dry_run:
            s.rollback()
            return report
        s.commit()
    emptied = empty_trash(app)
    report.postponed = emptied.postponed
    if emptied.files:
        with session(app.engine) as s:
            record(s, app.clock(), "fichiers", f"{emptied.files} fichier(s) supprimé(s) du disque : "
                                               f"{french_size(emptied.bytes)} libérés",
                   files=emptied.files, size=emptied.bytes, actor=actor)
            s.commit()
    checkpoint(app.engine)
    log.info("purge: %s case(s), %s, %s file(s), %s bytes", len(report.cases), report.counts, emptied.files,
             emptied.bytes)
    return report


def case_facts(s: Session) -> list[CaseFacts]:
    """What the retention rules need to know of every case, in four queries."""
    last_message = dict(s.exec(select(Inbound.case_id, func.max(Inbound.internal_date))
                               .where(Inbound.case_id.is_not(None), Inbound.fate == FILED)
                               .group_by(Inbound.case_id)).all())
    last_staff = dict(s.exec(select(CaseEvent.case_id, func.max(CaseEvent.at))
                             .where(CaseEvent.actor.not_in(AUTOMATIC_ACTORS)).group_by(CaseEvent.case_id)).all())
    decided = dict(s.exec(select(CaseEvent.case_id, func.max(CaseEvent.at)).where(CaseEvent.kind == "decision")
                          .group_by(CaseEvent.case_id)).all())
    out = []
    for case in s.exec(select(Case).order_by(Case.id)).all():
        moments = [m for m in (case.received_at, _aware(last_message.get(case.id)), _aware(last_staff.get(case.id)))
                   if m is not None]
        out.append(CaseFacts(id=case.id, reference=case.reference, status=case.status, received_at=case.received_at,
                             last_activity=max(moments), decided_at=_aware(decided.get(case.id))))
    return out


def _aware(value):
    """max() of a UTCDateTime column: aware UTC (naive UTC from a driver that skips the type is made aware)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def _minimise(s: Session, _limit, now, rule, _retention) -> tuple[int, str]:
    rows = s.exec(select(Inbound).where(Inbound.fate.not_in((FILED, QUARANTINED)), _holds_content())).all()
    for row in rows:
        release_content(s, row, now)
        s.add(row)
    return len(rows), f"{len(rows)} message(s) non retenu(s) (par exemple écartés de la quarantaine) : contenu supprimé"


def _quarantine(s: Session, limit, now, rule, retention) -> tuple[int, str]:
    rows = s.exec(select(Inbound).where(Inbound.fate == QUARANTINED, Inbound.created_at < limit,
                                        _holds_content())).all()
    for row in rows:
        release_content(s, row, now)
        row.reason = f"{row.reason} ; contenu supprimé après {retention.period(rule).french()} (règle {rule}) : " \
                     "le message reste dans la boîte"[:2000]
        s.add(row)
    return len(rows), f"{len(rows)} message(s) en quarantaine depuis plus de {retention.period(rule).french()} : " \
                      "contenu brut supprimé"


def _holds_content():
    """A ledger row that still holds something of the message's content (forget.release_content)."""
    return (Inbound.raw_sha256 != "") | (Inbound.subject != "") | (Inbound.fingerprint != "")


def _ledger(s: Session, limit, now, rule, retention) -> tuple[int, str]:
    rows = s.exec(select(Inbound).where(Inbound.case_id.is_(None), Inbound.created_at < limit,
                                        Inbound.identity.not_like("trace:%"),
                                        (Inbound.fate != QUARANTINED) | (Inbound.raw_sha256 == ""))).all()
    for row in rows:
        trash(s, [row.raw_sha256], now)
        to_trace(row, f"registre anonymisé après {retention.period(rule).french()} (règle {rule})")
        s.add(row)
    return len(rows), f"{len(rows)} ligne(s) du registre des messages non retenus réduite(s) à une empreinte anonyme"


def _internal_mail(s: Session, limit, now, rule, retention) -> tuple[int, str]:
    done = s.exec(delete(Outbox).where(Outbox.case_id.is_(None), Outbox.created_at < limit,
                                       Outbox.status.not_in((PENDING, SENDING))))
    return done.rowcount, f"{done.rowcount} courriel(s) envoyé(s) au service (récapitulatifs...) supprimé(s)"


def _addresses(s: Session, limit, now, rule, retention) -> tuple[int, str]:
    done = s.exec(delete(Address).where(Address.updated_at < limit))
    return done.rowcount, f"{done.rowcount} adresse(s) signalée(s) (non-remise, boucle) oubliée(s)"


def _timed_tables(s: Session, limit, now, rule, retention) -> tuple[int, str]:
    count = 0
    names = []
    db = inspect(s.connection())
    for name, when in TIMED_TABLES.get(rule, ()):
        if not db.has_table(name):
            continue
        t = table(name, column(when, UTCDateTime()))
        done = s.exec(delete(t).where(t.c[when] < limit))
        count += done.rowcount
        names.append(name)
    return count, f"{count} enregistrement(s) de connexion ou d'audit supprimé(s) ({', '.join(names)})"

