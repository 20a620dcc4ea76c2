"""`intake run`: the long-running worker (APScheduler, memory job store).

Jobs: poll every mailbox (then send what it queued) every `schedule.poll_minutes`;
send the outbox (retries) every `schedule.outbox_minutes`; queue the reminders that
are due (and send them) every `schedule.followups_minutes`; every 5 minutes, send
the staff digest if it is due (once a day, at `digest.time` or as soon as the worker
is back if it was stopped then). Beside the schedule, each IMAP folder is watched in IDLE
(intake/watch.py): new mail is polled and acknowledged within seconds. Every day at
`privacy.purge_time`, apply rules/retention.toml (`intake purge`). One run of a job at a time; a failing run is logged
and the job keeps its schedule; SIGTERM or Ctrl-C lets the running job finish,
then stops.
"""

from __future__ import annotations

import logging
import signal
from datetime import datetime
from pathlib import Path

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from intake.adapters.failures import database_unavailable, failure_text
from intake.app import App
from intake.commands.followups import queue_due_reminders
from intake.commands.purge import purge
from intake.commands.send_digest import make_digest
from intake.errors import IntakeError
from intake.pipeline.poll import poll_all
from intake.pipeline.send import poll_and_send, send_due

log = logging.getLogger("intake.worker")


def build_scheduler(app: App) -> BlockingScheduler:
    tz = app.settings.timezone
    scheduler = BlockingScheduler(
        timezone=tz,
        executors={"default": ThreadPoolExecutor(2)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 120},
    )
    now = datetime.now(tz)
    scheduler.add_job(lambda: _poll_then_send(app), IntervalTrigger(minutes=app.settings.schedule.poll_minutes),
                      id="poll", name="poll the mailboxes", next_run_time=now)
    scheduler.add_job(lambda: send_due(app), IntervalTrigger(minutes=app.settings.schedule.outbox_minutes),
                      id="outbox", name="send the outbox", next_run_time=now)
    scheduler.add_job(lambda: _followups(app), IntervalTrigger(minutes=app.settings.schedule.followups_minutes),
                      id="followups", name="queue due reminders", next_run_time=now)
    scheduler.add_job(lambda: make_digest(app), IntervalTrigger(minutes=5), id="digest",
                      name="send the staff digest when due", next_run_time=now)
    at = app.settings.privacy.purge_at
    scheduler.add_job(lambda: purge(app), CronTrigger(hour=at.hour, minute=at.minute, timezone=tz), id="purge",
                      name="apply the retention rules", misfire_grace_time=6 * 3600)
    scheduler.add_listener(lambda event: _on_event(event, app.settings.data_dir),
                           EVENT_JOB_ERROR | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
    logging.getLogger("apscheduler.executors").setLevel(logging.CRITICAL)  # _on_event says it, once
    return scheduler


def _poll_then_send(app: App) -> None:
    """Acknowledgements leave as soon as their message is filed, not at the next outbox run. The rules the
    admin changed meanwhile are taken first, if they load (App.refresh_rules)."""
    app.refresh_rules()
    poll_and_send(app, lambda: poll_all(app))


def _followups(app: App) -> None:
    if queue_due_reminders(app).queued:
        send_due(app)


def _on_event(event, data_dir: Path | None = None) -> None:
    """A job that failed is one journal line, in the words `intake poll` uses (adapters/failures.py): a database
    that does not answer, a full disk, a relay or a mailbox that refused (an expected failure) without a traceback;
    anything else (a bug) with its frames, never its text (cli/output.py SafeFormatter). apscheduler's own « raised
    an exception » line is silenced in `build_scheduler`: this one replaces it."""
    if event.code == EVENT_JOB_ERROR:
        exc = event.exception
        said = failure_text(exc, data_dir)
        expected = isinstance(exc, (IntakeError, OSError)) or database_unavailable(exc)
        log.error("job %s failed: %s; it will run again on schedule", event.job_id, said,
                  exc_info=None if expected else exc)
    elif event.code == EVENT_JOB_MAX_INSTANCES:
        log.warning("job %s is still running from last time (slow server?); this run is skipped", event.job_id)
    else:
        log.warning("job %s missed its time; it runs at the next one", event.job_id)


def run(app: App) -> None:
    scheduler = build_scheduler(app)
    watch = _start_watch(app)

    def stop(signum, _frame):
        log.info("signal %s received: finishing the current job, then stopping", signum)
        watch.stop()
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    problems = [p for p in (app.rules_problem, app.templates.problem) if p]
    if problems:  # started while the admin's files are broken: mail is read and sent with the last valid ones
        log.error("worker: running on the last valid rules (%s) and templates (%s), not the files on disk, until "
                  "they are fixed (intake rules check): %s", app.settings.data_dir / "rules-in-force.json",
                  app.settings.data_dir / "templates-in-force.json", " ; ".join(problems))
    if not app.settings.digest.recipients:
        log.warning("worker: no digest recipients in %s ([digest] recipients): the staff digest is sent to "
                    "nobody", app.settings.file)
    log.info("worker started: polling every %s min, outbox every %s min, %s folder(s) watched in IDLE",
             app.settings.schedule.poll_minutes, app.settings.schedule.outbox_minutes, len(watch.watchers))
    try:
        scheduler.start()
    finally:
        watch.stop()
    log.info("worker stopped")


def _start_watch(app: App):
    """The IMAP IDLE watchers (one thread per watched folder), started beside the scheduler."""
    from intake.pipeline.watch import Watch

    return Watch(app).start()
