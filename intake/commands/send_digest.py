"""`intake digest`: gather the day's snapshot, render the staff digest, queue it once a day, send it.

Exactly once per local day: the `digest` table has a unique day, inserted in
the same transaction that queues the mails; a second worker, a restart or a
manual run the same day finds it taken.

When the admin's digest template fails on the day's values (a branch the check's samples never reach), the day's
digest still goes, in the core's plain-text fallback (core/digest.py `fallback`) that says which file and line to
fix: staff would not notice a day without one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from intake.adapters.storage import write_private
from intake.app import App
from intake.core import outgoing
from intake.core.digest import Snapshot, build, digest_due, fallback, open_cases_csv
from intake.core.statuses import SENT
from intake.errors import TemplateError
from intake.store import digests, outbox
from intake.store.database import session

log = logging.getLogger("intake.digest")


@dataclass
class DigestReport:
    outcome: str  # queued | not-due | already-sent | skipped-empty | no-recipients
    recipients: tuple[str, ...] = ()
    sending: object = None  # queued: the pass that sent it (pipeline/send.py SendReport)
    unsent: tuple[str, ...] = ()  # queued: the recipients whose copy did not leave in that pass
    fallback: str = ""  # the digest's template failed on today's values (file:line: problem): the fallback went


def snapshot(app: App, s: Session, now: datetime) -> Snapshot:
    folders = [m for mailbox in app.settings.mailboxes for m in mailbox.per_folder()]
    smtp = app.settings.smtp
    relay = f"relais d'envoi {smtp.host}" if smtp is not None and not app.settings.outbox_dir else ""
    snap = digests.snapshot(s, app.rules, app.settings.timezone, folders, now, relay,
                            app.settings.limits.quarantine_bytes)
    app.templates.look_for_changes(now=True)
    app.refresh_rules(every=0)
    # templates or rules changed on disk but refused: the previous ones are in force
    alerts = tuple(p for p in (app.rules_problem, app.templates.problem) if p)
    return replace(snap, alerts=alerts) if alerts else snap


def values(app: App, snap: Snapshot) -> dict:
    """What the digest's templates are given (core/digest.py `build`, and the service's name)."""
    context = build(snap, app.settings.timezone, app.settings.web.case_url)
    context["service"] = {"name": app.settings.service.name}
    return context


def render(app: App, snap: Snapshot) -> tuple[str, str, str, bytes, dict]:
    context = values(app, snap)
    subject, text, html = app.templates.render_mail("digest", context)
    return subject, text, html, open_cases_csv(snap, app.settings.timezone), context


def render_or_fallback(app: App, snap: Snapshot) -> tuple[str, str, str, bytes, dict, TemplateError | None]:
    """`render`, or the core's plain-text fallback (no HTML part) when the digest's template fails on these values,
    with that failure (logged once, for the admin). A fallback that fails too raises the template's error, as
    before there was one: no digest, said in one line."""
    try:
        return (*render(app, snap), None)
    except TemplateError as failed:
        context = values(app, snap)  # made again, the day it fails only
        try:
            subject, text = fallback(context, app.settings.service.name, failed.file, failed.line, failed.problem)
        except Exception as exc:  # noqa: BLE001 - a bug in the fallback: the day's digest fails, as without one
            raise TemplateError(failed.file, failed.line, f"{failed.problem} ; le récapitulatif de secours a échoué "
                                f"aussi ({type(exc).__name__} : {exc}) : aucun récapitulatif envoyé") from None
        log.error("digest template %s failed on today's values (line %s: %s); today's digest is made from the "
                  "built-in fallback instead: fix the template (intake rules check), the next digest uses it",
                  failed.file, failed.line or "?", failed.problem)
        return subject, text, "", open_cases_csv(snap, app.settings.timezone), context, failed


def preview(app: App, html_path: Path) -> str:
    with session(app.engine) as s:
        subject, text, html, _csv, _ = render(app, snapshot(app, s, app.clock()))
    write_private(html_path, html.encode("utf-8"))
    return f"Objet : {subject}\n\n{text}"


def make_digest(app: App, force: bool = False) -> DigestReport:
    """Queue today's digest if it is due (or now, with `force`), then send it."""
    from intake.pipeline.send import send_due

    settings = app.settings.digest
    if not settings.recipients:
        return DigestReport("no-recipients")
    with app.locks.exclusive("digest") as taken:
        if not taken:
            return DigestReport("already-sent")
        now, tz = app.clock(), app.settings.timezone
        day = now.astimezone(tz).date()
        with session(app.engine) as s:
            last = digests.last(s)
            last_day = datetime.strptime(last.day, "%Y-%m-%d").date() if last else None
            if not force and not digest_due(now, tz, settings.days, settings.at, last_day):
                return DigestReport("already-sent" if last_day == day else "not-due")
            snap = snapshot(app, s, now)
            subject, text, html, csv_bytes, context, failed = render_or_fallback(app, snap)
            already = last_day == day
            if not already:
                digests.add(s, day.isoformat(), now, settings.recipients)
            if context["quiet"] and settings.skip_when_empty and not force:
                s.commit()
                return DigestReport("skipped-empty")
            sender = app.settings.mailboxes[0].address
            queued: list[str] = []  # their Message-IDs
            for to in settings.recipients:
                mail = outgoing.Outgoing(
                    from_addr=sender, from_name=app.settings.service.name, to_addr=to, subject=subject, text=text,
                    html=html, reference="", auto_submitted="auto-generated", suppress="All",
                    attachments=((f"dossiers-ouverts-{day.isoformat()}.csv", csv_bytes, "text/csv"),))
                message_id = outgoing.make_message_id("digest", app.token(), sender)
                outbox.add(s, case_id=None, kind="digest", from_addr=sender, to_addr=to, subject=subject,
                           message_id=message_id, content_key=f"digest|{day}",
                           raw=outgoing.build(mail, message_id, now, app.settings.system_id), now=now, numbered=False)
                queued.append(message_id)
            try:
                s.commit()
            except IntegrityError:  # another process made today's digest meanwhile
                return DigestReport("already-sent")
    log.info("digest of %s queued to %s", day, ", ".join(settings.recipients))
    sending = send_due(app)
    with session(app.engine) as s:  # what actually left: the relay may be down (then it waits for a retry)
        unsent = tuple(row.to_addr for row in outbox.by_message_ids(s, queued) if row.status != SENT)
    return DigestReport("queued", settings.recipients, sending, unsent, str(failed) if failed else "")
