"""Send what is due in the outbox: at least once, never silently lost.

A row is claimed one at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
several workers send side by side and never the same mail), marked `sending`
and committed before the SMTP conversation, and marked `sent` after it. While
the conversation runs its sender holds a lock on that row (PostgreSQL: an
advisory lock that dies with the sender's connection; SQLite: the outbox lock
file, one sender per machine). A row still `sending` whose lock is free was cut
off by a crash: it may have gone out or not. By default it is sent again once,
with the same bytes and Message-ID (see intake/core/sending.py), and the case
history says so; `hold` in rules/conversations.toml keeps it `uncertain` for staff.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from intake.adapters.failures import database_unavailable, failure_text
from intake.adapters.smtp import RelayError, SmtpTransport
from intake.app import App
from intake.core.bounce import bounce_tag, tagged_sender
from intake.core.labels import agreed
from intake.core.replies import mail_label
from intake.core.retry import next_attempt
from intake.core.sending import after_interruption, no_longer_due
from intake.core.statuses import CANCELLED, FAILED, PENDING, SENT, MailStatus
from intake.errors import IntakeError, PermanentSendError, TemporarySendError
from intake.store import cases, flagged, mailboxes, outbox
from intake.store.database import session
from intake.store.tables import Outbox

log = logging.getLogger("intake.outbox")
T = TypeVar("T")


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0  # failed for now in this pass: a new try is planned
    failed: int = 0
    uncertain: int = 0  # interrupted and held for staff
    cancelled: int = 0
    resent: int = 0  # interrupted earlier: queued again (same Message-ID)
    waiting: int = 0  # after the pass: mail held back by a retry delay...
    next_try: datetime | None = None  # ...and the earliest time one of them will be tried
    relay_error: str = ""  # the relay itself could not be used (login refused, unreachable): the pass stopped


def send_due(app: App, transport=None, wait: float = 0.0, settle: float = 0.0) -> SendReport:
    """Send what is due; `wait`: seconds to wait for another sender to finish instead of skipping; `settle`: only
    mail queued at least that many seconds ago (`poll_and_send`)."""
    report = SendReport()
    with app.locks.outbox_pass(wait) as taken:
        if not taken:
            log.info("another intake process is sending; skipped")
        else:
            recover_interrupted(app, report)
            transport = transport or app.transport()
            tried: set[int] = set()
            keep = getattr(transport, "kept", None)  # one SMTP connection for the pass
            with keep() if keep is not None else nullcontext(transport):
                while (outbox_id := _claim_and_send(app, transport, tried, report, settle)) is not None:
                    tried.add(outbox_id)
                    if report.relay_error:  # the next ones would fail the same way: they wait for the next pass
                        break
            if isinstance(transport, SmtpTransport) and (report.sent or report.relay_error):
                mailboxes.record_relay(app.engine, report.relay_error, app.clock())
    report.waiting, report.next_try = waiting(app)
    return report


SETTLE = 10.0  # seconds a mail queued during a poll waits there for the sender's next messages (`poll_and_send`)


def poll_and_send(app: App, poll: Callable[[], T], every: float = 1.0, settle: float = SETTLE
                  ) -> tuple[T, SendReport]:
    """Run `poll` and send what falls due meanwhile, every `every` seconds, then once more after it: during a
    long catch-up the first acknowledgements leave within seconds of their message, not after the last one
    is filed (and the sending, mostly waiting on the relay, overlaps the filing). The passes run in one
    thread that keeps one SMTP connection; a relay that cannot be used stops them until the next poll.
    Meanwhile, a mail leaves `settle` seconds after it was queued at the earliest (the last pass sends all): the
    applicant's next messages, read in the same poll, are folded into it (apply.py `fold_unsent`: one
    acknowledgement of an application sent in three mails). Sent within the second, the acknowledgement of the
    first left before a loaded machine had filed the other two, and a notice of a complete case followed.
    Returns what `poll` returned and the passes' report, added up."""
    report, stop, failed = SendReport(), threading.Event(), list[BaseException]()

    def passes() -> None:
        try:
            transport = app.transport()
            keep = getattr(transport, "kept", None)
            with keep() if keep is not None else nullcontext(transport):
                while True:
                    last = stop.is_set()
                    _add(report, send_due(app, transport, settle=0.0 if last else settle))
                    if last or report.relay_error:
                        return
                    stop.wait(every)
        except BaseException as exc:  # noqa: BLE001 - raised again by the caller's thread, after the poll
            # a database that does not answer, a full disk: one line, as the poll says it; a bug: its frames
            expected = isinstance(exc, (IntakeError, OSError)) or database_unavailable(exc)
            log.error("sending during the poll stopped (%s); what is due waits for the next pass",
                      failure_text(exc, app.settings.data_dir), exc_info=None if expected else exc)
            failed.append(exc)

    sender = threading.Thread(target=passes, name="intake-send", daemon=True)
    sender.start()
    try:
        result = poll()
    finally:
        stop.set()
        sender.join()
    if failed:
        raise failed[0]
    return result, report


def _add(total: SendReport, one: SendReport) -> None:
    for name in ("sent", "retried", "failed", "uncertain", "cancelled", "resent"):
        setattr(total, name, getattr(total, name) + getattr(one, name))
    total.waiting, total.next_try, total.relay_error = one.waiting, one.next_try, one.relay_error


def waiting(app: App) -> tuple[int, datetime | None]:
    """How many mails wait for a retry delay, and when the first of them will be tried."""
    with session(app.engine) as s:
        return outbox.waiting(s, app.clock())


def recover_interrupted(app: App, report: SendReport) -> None:
    """Rows left `sending` by a sender that is gone: send again (once) or hold, as the rules say."""
    with session(app.engine) as s:
        candidates = outbox.sending_ids(s)
    for outbox_id in candidates:
        with app.locks.sending(outbox_id) as free:
            if not free:
                continue  # another worker is in the middle of sending it
            with session(app.engine) as s:
                row = outbox.still_sending(s, outbox_id)
                if row is None:
                    continue
                row.interruptions += 1
                row.status, why = after_interruption(row.kind, row.interruptions,
                                                     app.rules.conversation.on_interruption)
                row.last_error, row.next_attempt_at = why, app.clock()
                outbox.save(s, row)
                if row.case_id:
                    cases.add_event(s, row.case_id, app.clock(), "send-interrupted",
                                    f"{mail_label(row.kind)} à {row.to_addr} : {why} ({row.message_id})")
                s.commit()
            if row.status == PENDING:
                report.resent += 1
                log.warning("outbox #%s (%s to %s) was interrupted while sending; sending it again with the same "
                            "Message-ID", row.id, row.kind, row.to_addr)
            else:
                report.uncertain += 1
                log.warning("outbox #%s (%s to %s) was interrupted while sending; held for staff (%s)",
                            row.id, row.kind, row.to_addr, why)


def _claim_and_send(app: App, transport, tried: set[int], report: SendReport, settle: float = 0.0) -> int | None:
    """Claim the oldest due row nobody else holds and send it; its id, or None when nothing is left."""
    with session(app.engine) as s:
        now = app.clock()
        row = outbox.next_due(s, now, tried, queued_before=now - timedelta(seconds=settle) if settle else None)
        if row is None:
            return None
        why_not = _stale(s, row)
        if why_not:
            _cancel(app, s, row, why_not)
            report.cancelled += 1
            return row.id
        with app.locks.sending(row.id) as mine:
            if not mine:  # a recovery pass is looking at it this very moment: next pass
                s.rollback()
                return row.id
            claimed = outbox.claim(s, row.id)
            s.commit()
            if not claimed:
                return row.id
            row.attempts += 1
            outcome = _send(app, transport, row, report)
    setattr(report, outcome, getattr(report, outcome) + 1)
    return row.id


def _cancel(app: App, s, row: Outbox, why_not: str) -> None:
    row.status, row.last_error = CANCELLED, why_not
    outbox.save(s, row)
    if row.case_id:
        cases.add_event(s, row.case_id, app.clock(), "mail-cancelled",
                        f"{mail_label(row.kind)} à {row.to_addr} non {agreed(row.kind, 'envoyé')} : {why_not}")
    s.commit()
    log.info("outbox #%s cancelled: %s", row.id, why_not)


def _send(app: App, transport, row: Outbox, report: SendReport) -> str:
    again = " (nouvel envoi après une interruption, même Message-ID)" if row.interruptions else ""
    try:
        transport.send(row.raw, envelope_sender(app, row), row.to_addr)
    except TemporarySendError as exc:
        if isinstance(exc, RelayError):
            report.relay_error = str(exc)
        retry_at = next_attempt(app.clock(), row.attempts)
        _finish(app, row.id, PENDING if retry_at else FAILED, str(exc), retry_at,
                f"{mail_label(row.kind)} à {row.to_addr} pas encore {agreed(row.kind, 'envoyé')} ({exc}) ; " +
                (f"nouvel essai à {retry_at:%d/%m/%Y %H:%M} UTC" if retry_at else "abandon après plusieurs échecs"))
        return "retried" if retry_at else "failed"
    except PermanentSendError as exc:
        _finish(app, row.id, FAILED, str(exc), None,
                f"{mail_label(row.kind)} à {row.to_addr} {agreed(row.kind, 'refusé')} : {exc}")
        return "failed"
    _finish(app, row.id, SENT, "", None,
            f"{mail_label(row.kind)} {agreed(row.kind, 'envoyé')} à {row.to_addr} depuis {row.from_addr}{again}")
    return "sent"


def envelope_sender(app: App, row: Outbox) -> str:
    """The MAIL FROM of a mail: its From address, tagged per mail when [trust] subaddress is set
    (`n.bataillon+bsc-<token>@…`), so that a bounce that comes back to it is known to be about it."""
    trust = app.settings.trust
    return tagged_sender(row.from_addr, trust.subaddress, bounce_tag(app.settings.reference_prefix, row.message_id))


def _stale(s, row: Outbox) -> str:
    """Why a queued mail must no longer go out ("" : it may)."""
    address = flagged.get(s, row.to_addr)
    if address is not None and address.undeliverable:
        return f"{row.to_addr} est en échec définitif ({address.reason})"
    case = cases.get(s, row.case_id) if row.case_id else None
    return no_longer_due(row.kind, case.status) if case is not None else ""


def _finish(app: App, outbox_id: int, status: MailStatus, error: str, retry_at, event: str) -> None:
    with session(app.engine) as s:
        row = outbox.finish(s, outbox_id, status, error, retry_at, app.clock())
        if row.case_id:
            cases.add_event(s, row.case_id, app.clock(), f"mail-{status}", event)
        s.commit()
    (log.info if status in (SENT, PENDING) else log.error)("outbox #%s: %s", outbox_id, event)
