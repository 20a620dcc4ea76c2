"""Mail that failed or whose sending was interrupted: list it, read it, send it again, or mark it handled.

A mail is sent again as the same message (the same bytes and Message-ID: a mail that did arrive after all
is recognised as a copy by the recipient's mail program); the outbox sends it on its next pass
(`outbox.send_due`), with its usual checks (an address that bounced for good, a reminder no longer due).
Marking a mail handled (staff phoned, or found it in the Sent folder) takes it out of the list and the digest.

A `held` mail (an answer to mail that was already old when read: core/replies.py, `stale`; an acknowledgement past
new_cases_per_day: `flood`) is sent by `resend` like the others; marked handled, it is cancelled: it was never sent,
and no reminder counts from it. Those held past new_cases_per_day are sent one by one, never all at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from intake.app import App
from intake.commands.notes import clean_note
from intake.commands.staff import changing, own_addresses
from intake.core import addresses, readdress
from intake.core.headers import normal_address
from intake.core.labels import agreed
from intake.core.outgoing import make_message_id
from intake.core.replies import held_by_flood, mail_label
from intake.core.statuses import CANCELLED, FAILED, HANDLED, HELD, NEEDS_STAFF, PENDING, SENDING, SENT, UNCERTAIN
from intake.errors import IntakeError
from intake.store import applicants, cases, flagged, outbox
from intake.store.database import session
from intake.store.tables import Outbox

log = logging.getLogger("intake.mailqueue")


@dataclass(frozen=True)
class QueuedMail:
    id: int
    reference: str  # "" for mail about no case (the digest)
    kind: str
    label: str  # in French
    to_addr: str
    from_addr: str
    subject: str
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None = None  # a mail waiting for a new try: when it comes


def list_mail(app: App, everything: bool = False) -> list[QueuedMail]:
    """The mail that needs staff (failed, uncertain, held), and the mail a failure left waiting for a new try (the
    outbox tries it again by itself; staff may want it sent now: a relay that was down is back); with `everything`,
    also what staff already handled."""
    statuses = NEEDS_STAFF + ((HANDLED,) if everything else ())
    with session(app.engine) as s:
        rows = sorted(outbox.with_status(s, statuses) + outbox.retrying(s), key=lambda r: r.id)
        refs = cases.references(s, [r.case_id for r in rows])
        return [_view(r, refs) for r in rows]


def first_mail(app: App, statuses: tuple[str, ...], except_kind: str, limit: int) -> tuple[list[QueuedMail], int]:
    """The `limit` oldest mails of these statuses and how many there are (the console's page, during a flood)."""
    with session(app.engine) as s:
        rows, total = outbox.first_with_status(s, statuses, except_kind, limit)
        refs = cases.references(s, [r.case_id for r in rows])
        return [_view(r, refs) for r in rows], total


def get_mail(app: App, mail_id: int) -> tuple[QueuedMail, bytes]:
    """One mail of the outbox and its bytes, exactly as they were (or will be) sent."""
    with session(app.engine) as s:
        row = _row(s, mail_id)
        return _view(row, cases.references(s, [row.case_id])), row.raw


def resend(app: App, mail_id: int, actor: str) -> QueuedMail:
    """Queue a failed or interrupted mail again, as the same message; the next outbox pass sends it."""
    now = app.clock()
    with changing(app) as s:  # one at a time: two clicks at once sent it twice
        row = _row(s, mail_id)
        if row.status not in NEEDS_STAFF and not _retrying(row):
            raise IntakeError(f"courriel n° {mail_id} : {_state(row)} ; seuls les courriels en échec, incertains, "
                              "retenus ou en attente d'un nouvel essai sont (r)envoyés")
        address = flagged.get(s, row.to_addr)
        if address is not None and address.undeliverable:
            raise IntakeError(f"courriel n° {mail_id} : l'adresse {row.to_addr} est en échec définitif "
                              f"({address.reason}) ; rien n'est renvoyé")
        before = "retrying" if _retrying(row) else row.status
        row.status, row.attempts, row.next_attempt_at = PENDING, 0, now
        asked = "envoi demandé" if before == HELD else "renvoi demandé"
        row.last_error = f"{asked} par {actor} (avant : {before}, {row.last_error})"[:1000]
        outbox.save(s, row)
        if row.case_id:
            cases.add_event(s, row.case_id, now, "mail-resend",
                            f"{mail_label(row.kind)} à {row.to_addr} : {asked} (il était {_label(before)})", actor)
        s.commit()
        log.info("outbox #%s (%s to %s) queued again by %s", mail_id, row.kind, row.to_addr, actor)
        return _view(row, cases.references(s, [row.case_id]))


@dataclass(frozen=True)
class Readdress:
    """A mail that could not reach the applicant, and where the case's address now is (core/readdress.py)."""

    mail: QueuedMail
    to_addr: str  # the case's address now ("" : none)
    refusal: str  # why it may not be sent there, in French ("" : it may)


def readdress_plan(app: App, mail_id: int) -> tuple[Readdress, bytes]:
    """Whether a failed or held mail may be sent to its case's address now, and its bytes (for the preview)."""
    with session(app.engine) as s:
        row = _row(s, mail_id)
        plan = _readdress(s, row, own_addresses(app))
        return plan, row.raw


def _readdress(s, row: Outbox, own: frozenset[str]) -> Readdress:
    view = _view(row, cases.references(s, [row.case_id]))
    case = cases.get(s, row.case_id) if row.case_id else None
    if case is None:
        return Readdress(view, "", "ce courriel ne concerne aucun dossier")
    address = normal_address(case.applicant or "")
    first = readdress.first_of(row.id, row.content_key)
    original = outbox.get(s, first) if first != row.id else row
    flag = flagged.get(s, address)
    why = readdress.refusal(
        status=row.status, to_addr=row.to_addr, applicant=address, quiet=applicants.quiet(s, [case])[case.id],
        undeliverable=(flag.reason or "adresse refusée") if flag is not None and flag.undeliverable else "",
        already=bool(address) and outbox.has_content_key(s, case.id, readdress.key(first, address)),
        tried_before=original is not None and normal_address(original.to_addr) == address,
        ours=addresses.ours(address, own))
    return Readdress(view, address, why)


def readdress_mail(app: App, mail_id: int, to_addr: str, actor: str) -> tuple[QueuedMail, QueuedMail]:
    """Send a failed or held mail of a case, once, to the address the case has now (staff confirmed the right one
    after it was refused): the same text, a new To and Message-ID; the first one leaves the list of mail to see.
    `to_addr`: the address staff were shown (the case's changed since: nothing is sent). Returns (the first mail,
    the new one, queued)."""
    now = app.clock()
    with changing(app) as s:  # one at a time: two clicks at once queued it twice
        row = _row(s, mail_id)
        plan = _readdress(s, row, own_addresses(app))
        if plan.refusal or row.case_id is None:  # a mail about no case is refused by the plan
            raise IntakeError(f"courriel n° {mail_id} : {plan.refusal}")
        if plan.to_addr != normal_address(to_addr):
            raise IntakeError(f"courriel n° {mail_id} : l'adresse du dossier est désormais {plan.to_addr}, "
                              "pas celle qui vous a été montrée ; vérifiez-la et recommencez")
        first = readdress.first_of(row.id, row.content_key)
        message_id = make_message_id(plan.mail.reference, app.token(), row.from_addr)
        new = outbox.add(s, case_id=row.case_id, kind=row.kind, from_addr=row.from_addr, to_addr=plan.to_addr,
                         subject=row.subject, message_id=message_id, content_key=readdress.key(first, plan.to_addr),
                         raw=readdress.readdressed(row.raw, plan.to_addr, message_id, now), now=now)
        before = row.status
        row.status = CANCELLED if before == HELD else HANDLED
        row.last_error = (f"{row.last_error} ; envoyé à la place à {plan.to_addr}, adresse confirmée du dossier, "
                          f"par {actor}")[:1000]
        outbox.save(s, row)
        cases.add_event(s, row.case_id, now, "mail-readdressed",
                        f"{mail_label(row.kind)} ({_label(before, row.kind)} à {row.to_addr}) "
                        f"{agreed(row.kind, 'envoyé')} à la place à "
                        f"{plan.to_addr}, l'adresse confirmée du dossier", actor)
        s.commit()
        log.info("outbox #%s (%s to %s) sent instead to the case's address as #%s by %s", row.id, row.kind,
                 row.to_addr, new.id, actor)
        refs = cases.references(s, [row.case_id])
        return _view(row, refs), _view(new, refs)


def mark_handled(app: App, mail_id: int, note: str, actor: str) -> QueuedMail:
    """Staff took care of a failed or interrupted mail another way: it leaves the list and the digest."""
    note = clean_note(note)
    now = app.clock()
    with changing(app) as s:  # one at a time: two clicks at once sent it twice
        row = _row(s, mail_id)
        if row.status not in NEEDS_STAFF:
            raise IntakeError(f"courriel n° {mail_id} : {_state(row)} ; rien à marquer")
        before = row.status
        row.status = CANCELLED if before == HELD else HANDLED  # a held mail never went: nothing counts from it
        done = "non envoyé, décision" if before == HELD else "traité"
        row.last_error = (f"{row.last_error} ; {done} par {actor} le "
                          f"{now.astimezone(app.settings.timezone):%d/%m/%Y}" + (f" : {note}" if note else ""))[:1000]
        outbox.save(s, row)
        if row.case_id:
            what = (f"non {agreed(row.kind, 'envoyé')}" if before == HELD
                    else f"{agreed(row.kind, 'marqué')} {agreed(row.kind, 'traité')}")
            cases.add_event(s, row.case_id, now, "mail-handled", f"{mail_label(row.kind)} à {row.to_addr} "
                            f"({_label(before, row.kind)}) {what}" + (f" : {note}" if note else ""), actor)
        s.commit()
        return _view(row, cases.references(s, [row.case_id]))


def hold_after_restore(app: App) -> tuple[datetime, list[int]]:
    """A backup of data_dir and the database was just restored (the worker and the console stopped): from now on,
    the answers to mail that came before this moment are held for staff (core/replies.py `stale`), and so is every
    mail the backup still had to send: each may have gone after the backup was taken. Returns the moment and the
    mails held now."""
    from intake.adapters import restored

    now = app.clock()
    with changing(app) as s:
        rows = outbox.with_status(s, (PENDING,))
        for row in rows:
            row.status, row.next_attempt_at = HELD, None
            row.last_error = (f"retenu : à envoyer dans la sauvegarde restaurée le "
                              f"{now.astimezone(app.settings.timezone):%d/%m/%Y à %H:%M}, il est peut-être déjà "
                              "parti après qu'elle a été faite ; à envoyer par le service s'il y a lieu")[:1000]
            outbox.save(s, row)
        restored.write(app.settings.data_dir, now)
        s.commit()
    return now, [r.id for r in rows]


def held_ids(app: App) -> list[int]:
    """The mails held for staff (answers to mail that was already old when read, acknowledgements past
    new_cases_per_day), oldest first."""
    with session(app.engine) as s:
        return [r.id for r in outbox.with_status(s, (HELD,))]


def held_to_send(app: App) -> tuple[list[int], list[int]]:
    """The held mails `resend --held` sends (answers to mail already old when read), and those it leaves to be sent
    one by one (acknowledgements held past new_cases_per_day: core/replies.py `held_by_flood`), oldest first."""
    with session(app.engine) as s:
        rows = outbox.with_status(s, (HELD,))
    return [r.id for r in rows if not held_by_flood(r.last_error)], [r.id for r in rows if held_by_flood(r.last_error)]


def _label(status: str, kind: str = "") -> str:
    """A mail's state in French, agreed with the name of its `kind` (« relance retenue »)."""
    labels: dict[str, str] = {FAILED: "en échec", UNCERTAIN: agreed(kind, "incertain"), HELD: agreed(kind, "retenu"),
                              "retrying": "en attente d'un nouvel essai"}
    return labels.get(status, status)


def _row(s, mail_id: int) -> Outbox:
    row = outbox.get(s, mail_id)
    if row is None:
        raise IntakeError(f"aucun courriel n° {mail_id} : voyez la liste avec intake outbox list")
    return row


def _retrying(row: Outbox) -> bool:
    """A mail a failure left waiting for a new try."""
    return row.status == PENDING and row.attempts > 0


def _state(row: Outbox) -> str:
    if row.status == SENT:
        return f"il a été envoyé le {row.sent_at:%d/%m/%Y}" if row.sent_at else "il a été envoyé"
    if row.status == UNCERTAIN:
        return "son envoi a été interrompu"
    if row.status == HELD:
        return "il est retenu pour le service"
    states: dict[str, str] = {PENDING: "il attend son envoi", SENDING: "il est en cours d'envoi",
                              CANCELLED: "il a été annulé", FAILED: "son envoi a échoué",
                              HANDLED: "il a déjà été traité"}
    return states.get(row.status, row.status)


def _view(row: Outbox, refs: dict[int, str]) -> QueuedMail:
    return QueuedMail(id=row.id, reference=refs.get(row.case_id, "") if row.case_id else "", kind=row.kind,
                      label=mail_label(row.kind), to_addr=row.to_addr, from_addr=row.from_addr, subject=row.subject,
                      status=row.status, attempts=row.attempts, last_error=row.last_error, created_at=row.created_at,
                      sent_at=row.sent_at, next_attempt_at=row.next_attempt_at if _retrying(row) else None)
