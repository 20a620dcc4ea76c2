"""`intake purge`: apply rules/retention.toml: delete what has outlived its purpose, and record it.

The rules (core/retention.py decides what each covers and when it is due):
- cases: abandoned incomplete ones, forgotten undecided ones (complete, review, admissible: listed for staff
  long before), declined/inadmissible/withdrawn ones after the decision, labelled ones after the label; each
  leaves a statistics line (no name, no content) and its messages' traces (intake/store/deletion.py);
- the raw content of quarantined messages;
- the ledger of messages not filed, reduced to traces of their identity;
- mail sent to staff (the digest cites applicants), flagged addresses, sign-in and audit records;
- and minimisation, at once: a message not filed that still holds content (e.g. dismissed from
  quarantine) loses it.
Every deletion is written to the purge log. `--dry-run` runs exactly the same deletions in a
transaction that is rolled back: its report is what the real run would do. The queries are in
intake/store/purging.py and intake/store/deletion.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from intake.app import App
from intake.core.french import agree, count
from intake.core.retention import (
    FLAGGED_ADDRESSES,
    IGNORED_LEDGER,
    INTERNAL_MAIL,
    MINIMISATION,
    PURGE_LOG,
    QUARANTINE,
    SIGN_INS,
    Undecided,
    case_due,
    cases_due,
    cutoff,
    undecided,
)
from intake.errors import RulesError
from intake.store import cases, outbox, purging, readings, signins, staffvisits
from intake.store.database import session
from intake.store.deletion import checkpoint, empty_trash, forget_case, log_freed, orphans, record, trashed

log = logging.getLogger("intake.purge")

UPCOMING_DAYS = 30  # --dry-run also lists the cases that become due within this many days


@dataclass
class PurgeReport:
    dry_run: bool
    cases: list[tuple[str, str]] = field(default_factory=list)  # (reference, rule)
    counts: dict[str, int] = field(default_factory=dict)  # rule -> records deleted or reduced
    files: int = 0
    bytes: int = 0
    upcoming: list[tuple[str, str, datetime]] = field(default_factory=list)  # (reference, rule, due at)
    undecided: list[Undecided] = field(default_factory=list)  # waiting for a decision too long: staff must act
    postponed: bool = False  # a poll held the lock: the files are deleted next time


def purge(app: App, dry_run: bool = False, actor: str = "intake") -> PurgeReport:
    retention = app.rules.retention
    if retention is None:
        raise RulesError(str(app.settings.rules_dir / "retention.toml"), None,
                         "pas de règles de conservation : copiez rules/retention.toml du projet et réglez les durées")
    now = app.clock()
    report = PurgeReport(dry_run=dry_run)
    with session(app.engine) as s:
        facts = cases.facts(s)
        due_now = cases_due(facts, retention, now)
        gone = {f.id for f, _ in due_now}
        report.undecided = undecided([f for f in facts if f.id not in gone], retention, now)
        for f, due in due_now:
            forget_case(s, cases.get_one(s, f.id), due.rule, now, app.rules.fields, actor)
            report.cases.append((f.reference, due.rule))
        soon = now + timedelta(days=UPCOMING_DAYS)
        report.upcoming = sorted(((f.reference, d.rule, d.at) for f in facts
                                  if (d := case_due(f, retention)) is not None and now < d.at <= soon),
                                 key=lambda x: x[2])
        steps = [(MINIMISATION, purging.minimise), (QUARANTINE, purging.quarantine), (IGNORED_LEDGER, purging.ledger),
                 (INTERNAL_MAIL, purging.internal_mail), (FLAGGED_ADDRESSES, purging.addresses)]
        if PURGE_LOG in retention.periods:  # optional: without it, the log is kept without limit
            steps.append((PURGE_LOG, purging.purge_log))
        for rule, step in steps:
            limit = cutoff(retention, rule, now) if rule != MINIMISATION else now
            n, what = step(s, limit, now, rule, retention)
            if n:
                report.counts[rule] = n
                record(s, now, rule, what, items=n, actor=actor)
        # the console's ended sessions, links and link requests: a day after their end (the register, section 5),
        # whether or not anyone asks for a link again (which also forgets them)
        forgotten = signins.forget_old(s, now, timedelta(minutes=app.settings.web.idle_minutes))
        if forgotten:
            report.counts[SIGN_INS] = report.counts.get(SIGN_INS, 0) + forgotten
            record(s, now, SIGN_INS, f"{count(forgotten, 'enregistrement')} de connexion à la console (sessions, "
                                     f"liens, demandes de lien) {agree(forgotten, 'terminé')} depuis un jour : "
                                     f"{agree(forgotten, 'supprimé')}", items=forgotten, actor=actor)
        # the reading time each sender's mail took (core/reading_budget.py): only today's is ever read; yesterday's
        # stays until the day after (a poll at midnight), no longer. Counters of the service's own, as a rate
        # limit's: the purge log says it, the report (« Rien à supprimer ») does not count them
        yesterday = (now.astimezone(app.settings.timezone).date() - timedelta(days=1)).isoformat()
        old_days = readings.forget_before(s, yesterday)
        if old_days:
            record(s, now, MINIMISATION, f"temps de lecture des messages par expéditeur et par jour (limites de "
                                         f"lecture par jour) : {count(old_days, 'ligne')} des jours passés "
                                         f"{agree(old_days, 'supprimée')}", items=old_days, actor=actor)
        # the visit times of whoever is no longer a [[staff]] member (« Nouveau depuis ma dernière visite »)
        unlisted = staffvisits.forget_unlisted(s, [m.email for m in app.settings.staff])
        if unlisted:
            report.counts[SIGN_INS] = report.counts.get(SIGN_INS, 0) + unlisted
            record(s, now, SIGN_INS, "heures de visite de la console de "
                                     f"{count(unlisted, 'ancien agent', 'anciens agents')} (plus dans [[staff]]) : "
                                     "supprimées",
                   items=unlisted, actor=actor)
        s.flush()
        freed = {app.blobs.path(sha) for sha in trashed(s)} | set(orphans(s, app.blobs, now))  # each file once
        report.files = sum(1 for path in freed if path.exists())
        report.bytes = sum(path.stat().st_size for path in freed if path.exists())
        if dry_run:
            s.rollback()
            return report
        s.commit()
    emptied = empty_trash(app.engine, app.blobs, app.locks, orphans_at=now)
    forget_written_mail(app, actor)
    forget_left_exports(app, actor)
    report.postponed = emptied.postponed
    if emptied.files:
        unnamed = (f", dont {emptied.orphans} que rien ne nommait (un enregistrement interrompu)"
                   if emptied.orphans else "")
        freed_files = count(emptied.files, "fichier supprimé", "fichiers supprimés")
        log_freed(app.engine, app.clock(), emptied, f"{freed_files} du disque{unnamed}", actor)
    checkpoint(app.engine)
    log.info("purge: %s case(s), %s, %s file(s), %s bytes", len(report.cases), report.counts, emptied.files,
             emptied.bytes)
    return report


def forget_left_exports(app: App, actor: str = "intake") -> int:
    """The jury ZIPs a console left in data_dir/exports when it stopped while building or sending one (the next
    build deletes them too, but the jury is prepared once or twice a year): they hold every piece of their cases,
    beyond those cases' retention and any erasure. Returns the number of files deleted."""
    from intake.web.export import EXPORTS, sweep

    folder = app.settings.data_dir / EXPORTS
    if not folder.is_dir():
        return 0
    files, size = sweep(folder)
    if files:
        with session(app.engine) as s:
            record(s, app.clock(), "fichiers", f"{count(files, 'archive')} du jury qu'une console arrêtée a "
                                               f"{agree(files, 'laissée')} dans {folder} : "
                                               f"{agree(files, 'supprimée')}", files=files, size=size, actor=actor)
            s.commit()
    return files


def forget_written_mail(app: App, actor: str = "intake") -> int:
    """With `outbox_dir` (mail written to a folder instead of sent), a written mail goes when its outbox row goes:
    the purge and an erasure reach that copy too. Returns the number of files deleted."""
    if not app.settings.outbox_dir:
        return 0
    from intake.adapters.smtp import FolderTransport

    with session(app.engine) as s:
        kept = set(outbox.message_ids(s))
        files, size = FolderTransport(app.settings.outbox_dir).forget_all_but(kept)
        if files:
            what = (f"{count(files, 'courriel écrit', 'courriels écrits')} dans outbox_dir ({app.settings.outbox_dir}) "
                    f"dont l'enregistrement est supprimé : {agree(files, 'supprimé')}")
            record(s, app.clock(), "fichiers", what, files=files, size=size, actor=actor)
            s.commit()
    return files
