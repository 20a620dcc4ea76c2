"""The staff digest's rows (`digest`: one per day, which is what makes it once a day) and the day's snapshot of
the database it is made from (a core value: intake/core/digest.py says what it shows)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from intake.core.casework import missing_for_staff, reminder_plan, reminder_waits
from intake.core.digest import CaseLine, Health, Snapshot, folded
from intake.core.quarantine_space import Space
from intake.core.retention import undecided
from intake.core.rules import Rules
from intake.core.statuses import NEEDS_STAFF, UNCERTAIN
from intake.core.watching import describe
from intake.store import cases, correspondents, flagged, ledger, mailboxes, outbox, pieces
from intake.store.tables import Digest, MailboxState

FAILED_MAIL_DAYS = 7  # failed or held mails are listed this many days


def last(s: Session) -> Digest | None:
    return s.exec(select(Digest).order_by(col(Digest.id).desc())).first()


def add(s: Session, day: str, now: datetime, recipients: tuple[str, ...]) -> None:
    s.add(Digest(day=day, created_at=now, recipients=", ".join(recipients)))


def snapshot(s: Session, rules: Rules, tz: ZoneInfo, folders, now: datetime, relay: str = "",
             quarantine_bytes: int = 0) -> Snapshot:
    """What the digest says today. `folders`: the watched folders (config.Mailbox, one per folder); `relay`:
    how to name the SMTP relay ("" : none), whose health is shown once it has been used; `quarantine_bytes`:
    the quarantine's byte budget ([limits]; 0: its use not shown)."""
    previous = last(s)
    previous_at = previous.created_at if previous else None
    since = previous_at or now - timedelta(days=1)
    lines = []
    for case in cases.all_in_order(s):
        state = cases.state(s, case)
        plan = reminder_plan(state, rules, now, tz)
        waits = reminder_waits(state, rules, *correspondents.reminder_room(s, case.id, case.applicant, now)) \
            if plan.due and not state.quiet else ""
        lines.append(CaseLine(
            reference=case.reference, status=case.status, applicant=case.applicant, title=case.title,
            received_at=case.received_at,
            missing=missing_for_staff(state, rules),
            reminders_sent=state.reminders_sent, next_reminder=plan.due_at, attention=case.attention,
            status_reason=case.status_reason, waiting_since=cases.complete_since(s, case.id),
            applicant_name=case.applicant_name, reminder_waits=waits))
    addresses = flagged.changed_since(s, since)
    failed = outbox.with_status_since(s, NEEDS_STAFF, now - timedelta(days=FAILED_MAIL_DAYS))
    states = mailboxes.all_states(s)
    refs = cases.references(s)
    quarantined = ledger.quarantined_since(s, since)
    return Snapshot(
        now=now, previous_at=previous_at, cases=tuple(lines),
        new_cases=tuple(cases.created_since(s, since)),
        completed=tuple(dict.fromkeys(cases.completed_since(s, since))),
        pieces_received=pieces.received_since(s, since),
        quarantined=tuple((f"boîte {q.mailbox}, n° {q.uid} sur le serveur",
                           f"{q.from_addr or '(expéditeur illisible)'} : {q.subject or '(sans objet)'}", q.reason)
                          for q in quarantined if not folded(q.reason)),
        capped=tuple((q.from_addr or "?", q.reason) for q in quarantined if folded(q.reason)),
        undeliverable=tuple((a.address, a.reason) for a in addresses if a.undeliverable),
        looping=tuple((a.address, a.reason) for a in addresses if a.looping),
        failed_mails=tuple((refs.get(o.case_id, "") if o.case_id else "", o.to_addr,
                            "envoi incertain (interrompu)" if o.status == UNCERTAIN else o.last_error)
                           for o in failed),
        mailboxes=tuple(health(m, states.get(m.state_key), now, tz) for m in folders) + relay_health(states, relay),
        undecided=tuple(undecided(cases.facts(s), rules.retention, now)) if rules.retention else (),
        quarantine=Space(held=ledger.quarantine_held(s).total, budget=quarantine_bytes,
                         not_kept=ledger.not_kept_since(s, since)) if quarantine_bytes else None,
    )


def relay_health(states: dict[str, MailboxState], relay: str) -> tuple[Health, ...]:
    state = states.get(mailboxes.RELAY)
    if not relay or state is None:
        return ()
    return (Health(name="smtp", address=relay, last_success_at=state.last_success_at, last_error=state.last_error,
                   last_error_at=state.last_error_at, errors_since_success=state.errors_since_success, relay=True),)


def health(m, state: MailboxState | None, now: datetime | None = None, tz=None) -> Health:
    """A watched folder's health line. `m`: its config.Mailbox (one folder)."""
    address = m.address if m.primary else f"{m.address} ({m.folder})"
    if state is None:
        return Health(name=m.state_key, address=address, last_success_at=None)
    watch = describe(state.watch_state, state.watch_detail, state.watch_since, state.watch_seen_at, now,
                     tz) if now is not None else ""
    return Health(name=m.state_key, address=address, last_success_at=state.last_success_at,
                  last_error=state.last_error, last_error_at=state.last_error_at,
                  errors_since_success=state.errors_since_success, watch=watch)
