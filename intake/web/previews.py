"""The mail a decision or a reminder asked now would send, built by the very code that will send it, then thrown away.

`decision()` and `reminder()` queue the mail inside a transaction that is
rolled back: staff read exactly what the applicant would receive, and nothing
is recorded until they confirm.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from intake.app import App
from intake.commands import staff
from intake.core import casework, decisions
from intake.core.effects import QueueMail
from intake.core.replies import REMINDER
from intake.errors import IntakeError, UsageError
from intake.pipeline.apply import carry_out
from intake.pipeline.mailer import queue_case_mail
from intake.store import cases, outbox
from intake.store.database import session
from intake.web import mailview


@dataclass
class DecisionPreview:
    reference: str
    title: str
    before: str  # the case's status now
    missing: list[str]  # labels of required pieces still missing
    attention: str = ""  # the case's "À voir"
    notify: bool = False  # a notice will be sent (asked for, and possible)
    no_mail: str = ""  # why no notice will be sent although one was asked for
    to_addr: str = ""
    from_addr: str = ""
    subject: str = ""
    text: str = ""
    already: str = ""  # the same notice was already sent (date)
    advice: str = ""  # what to know before confirming (core/decisions.py `advice`)


def decision(app: App, ref: str, status: str, note: str, notify: bool) -> DecisionPreview:
    """What recording this decision would do. A notice already sent, or a case without an email address,
    gets none: the preview says so and its button records the decision alone (core/decisions.py)."""
    if notify and not (app.templates.directory / "decision" / status / "subject.j2").exists():
        raise IntakeError(f"aucun modèle de courriel pour cette décision (templates/decision/{status})")
    with session(app.engine) as s:
        case, _alias = cases.resolve(s, ref)
        if case is None:
            raise IntakeError(f"aucun dossier {ref}")
        state = cases.state(s, case)
        found = decisions.check(state, status, note, notify, app.rules, confirm_missing=True,
                                tz=app.settings.timezone)
        preview = DecisionPreview(reference=case.reference, title=case.title, before=case.status,
                                  missing=list(found.missing), attention=case.attention, already=found.already,
                                  advice=decisions.advice(case.status, status))
        if notify and not case.applicant:
            preview.no_mail = ("le demandeur n'a pas d'adresse électronique (candidature papier) : répondez-lui "
                               "par courrier")
        elif notify and state.quiet:
            preview.no_mail = decisions.quiet_refusal(state)
        elif notify and found.already:
            preview.no_mail = f"le demandeur a déjà reçu cet avis le {found.already} : il n'est pas renvoyé"
        if not notify or preview.no_mail:
            return preview
        preview.notify = True
        case.status = status
        row = queue_case_mail(app, s, case, f"decision/{status}", to_addr=case.applicant,
                              from_addr=case.reply_from, key="preview", now=app.clock(), note=note)
        view = mailview.sent(row.raw)
        preview.to_addr, preview.from_addr, preview.subject, preview.text = (row.to_addr, row.from_addr, row.subject,
                                                                             view.text)
        s.rollback()
    return preview


@dataclass
class ReminderPreview:
    reference: str
    title: str
    number: int  # which reminder of the case it is (1 = the first)
    planned: int  # how many rules/conversations.toml plans
    missing: list[str]  # labels of the required pieces it asks for
    to_addr: str
    from_addr: str
    subject: str
    text: str
    last: bool  # the last one planned: « À voir » is then set on the case


def reminder(app: App, ref: str, actor: str) -> ReminderPreview:
    """What « Envoyer la relance » would send: the case's next reminder (commands/staff.py `remind_now`), queued by
    the very code that will queue it in a transaction rolled back. UsageError (French) when it could not go: the
    case's page says why, as the sending itself would."""
    with session(app.engine) as s:
        case, _alias = cases.resolve(s, ref)
        if case is None:
            raise IntakeError(f"aucun dossier {ref}")
        before = outbox.last_id(s)
        state = cases.state(s, case)
        effects = staff.reminder_effects(app, s, case, actor)
        try:
            carry_out(app, s, effects, case=case, actor=actor)
            s.flush()
        except IntegrityError:  # the same reminder queued meanwhile (a colleague, the worker), as remind_now says
            s.rollback()
            raise UsageError("cette relance vient d'être préparée (par un collègue ou par l'envoi automatique) : "
                             "elle part déjà") from None
        (row,) = [m for m in outbox.of_case(s, case.id) if (m.id or 0) > before and m.kind == REMINDER]
        mail = next(e for e in effects if isinstance(e, QueueMail))
        preview = ReminderPreview(
            reference=case.reference, title=case.title, number=mail.reminder_number,
            planned=len(app.rules.conversation.reminder_days),
            missing=list(casework.missing_for_staff(state, app.rules)), to_addr=row.to_addr,
            from_addr=row.from_addr, subject=row.subject, text=mailview.sent(row.raw).text, last=mail.last_reminder)
        s.rollback()
    return preview
