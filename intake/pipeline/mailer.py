"""Queue a mail about a case in the outbox: render its template, build its bytes, thread it.

Called inside the transaction that causes the mail, so the mail exists if and
only if its cause was recorded. Sending is intake/pipeline/send.py's job.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from intake.app import App
from intake.core import mailcontent, outgoing
from intake.core.classify import checked_label, link_shown_name, size_wanted, too_small_said, unopened_archives
from intake.core.completeness import CONFIRMED, assess, file_label, holders, kinds_held
from intake.core.reminders import deadline
from intake.core.replies import ACKNOWLEDGEMENT, COMPLETION, FOLDED, UPDATE, folded, mail_label
from intake.core.rules import Rules
from intake.core.statuses import COMPLETE
from intake.store import cases, ledger, outbox, pieces
from intake.store.tables import Case, Outbox, Piece

ANSWERS = (ACKNOWLEDGEMENT, UPDATE, COMPLETION)  # mail that answers the applicant's message: auto-replied
RECEIPTS = (ACKNOWLEDGEMENT, UPDATE, COMPLETION)  # mail that acknowledges files: the receipt PDF is attached


def queue_case_mail(app: App, s: Session, case: Case, kind: str, *, to_addr: str, from_addr: str, key: str,
                    now: datetime, new_pieces: list[Piece] | tuple[Piece, ...] = (), reminder_number: int = 0,
                    last_reminder: bool = False, note: str = "", hold: str = "", shown_status: str = "",
                    answers: bool = True, typed: tuple[str, ...] = (), set_aside: tuple[str, ...] = ()) -> Outbox:
    """Render the `kind` mail about `case` from templates/, build its bytes and queue it, due now; or, with
    `hold` (why), keep it `held` for staff (intake outbox resend sends it). `shown_status`: the status the
    mail speaks of, when not the case's own (core/decide.py `_stranger`). `answers`: it answers the applicant's
    message (Auto-Submitted: auto-replied, for the kinds in ANSWERS); a completion staff brought about answers
    none (auto-generated, as SPEC.md says of mail that answers nothing). `typed`: missing kinds the applicant's mail
    reads as, typed rather than attached (core/classify.py `typed_in_mail`): the mail says why they are still asked;
    so it does of an archive the case holds that is not opened here (core/classify.py `unopened_archives`).
    `set_aside`: the documents with macros the applicant's mail brought, never pieces (core/classify.py
    `set_aside`): the mail names them and says how to send them again."""
    rules, settings = app.rules, app.settings
    held = pieces.of_case(s, case.id)
    present, to_verify = kinds_held((p.kind, p.manual, p.also) for p in held)
    found = assess(present, rules.required, 0, to_verify, rules.label)
    inside = holders((p, p.kind, p.manual, p.also or {}) for p in held)

    def described(items):
        out = [(rules.label(p.kind), p.filename, None if p.detected_type == "link" else p.size)
               for p in items if p.kind]
        # a link staff opened and found holds a piece (no kind of its own): received, named as the mail showed it
        # (the completion notice listed the letter and the photos, and never the dossier that made it complete)
        return out + [(file_label(p.kind, p.manual, p.also, rules.label), _holder(p)[0] or p.filename, None)
                      for p in items if not p.kind and not p.manual and CONFIRMED in (p.also or {}).values()]

    context = mailcontent.case_mail(
        kind=kind, reference=case.reference, status=shown_status or case.status, received_at=case.received_at,
        tz=settings.timezone, applicant_name=mailcontent.greeting_name(case.fields), subject=case.title,
        pieces=described(held), new_pieces=described(new_pieces) + [
            (checked_label(rules, p.detected_type, p.size), p.filename, p.size) for p in new_pieces if p.unresolved],
        missing=[wanted(rules, k) for k in found.asked],
        typed=[wanted(rules, k) for k in found.asked if k in typed], set_aside=set_aside,
        included=[(wanted(rules, k), *_holder(inside[k])) for k in found.included],
        unresolved=[p.filename for p in held if p.unresolved],
        archives=unopened_archives((p.filename, p.detected_type, p.unresolved) for p in held),
        small={p.filename: too_small_said(wanted_size[0], p.size, wanted_size[1]) for p in held
               if p.unresolved and (wanted_size := size_wanted(rules, p.detected_type, p.size))},
        deadline=deadline(case.received_at, rules.conversation, settings.timezone),
        complete_since=cases.complete_file_received(s, case) if case.status == COMPLETE else None,
        reminder_number=reminder_number, last_reminder=last_reminder, fields=case.fields, note=note,
        service=settings.service)
    subject, text, html = app.templates.render_mail(kind, context)
    in_reply_to, references = _thread(s, case)
    attachments: tuple[tuple[str, bytes, str], ...] = ()
    if kind in RECEIPTS:  # the receipt: what was received, when, with each file's SHA-256
        from intake.pipeline.receipt_pdf import filename, receipt_pdf

        s.flush()
        attachments = ((filename(case.reference), receipt_pdf(app, s, case, now, held), "application/pdf"),)
    mail = outgoing.Outgoing(
        from_addr=from_addr, from_name=settings.service.name, to_addr=to_addr, subject=subject, text=text,
        html=html, reference=case.reference,
        auto_submitted="auto-replied" if kind in ANSWERS and answers else "auto-generated",
        in_reply_to=in_reply_to, references=references, attachments=attachments)
    message_id = outgoing.make_message_id(case.reference, app.token(), from_addr)
    return outbox.add(s, case_id=case.id, kind=kind, from_addr=from_addr, to_addr=to_addr,
                      subject=outgoing.subject_with_reference(subject, case.reference), message_id=message_id,
                      content_key=key, raw=outgoing.build(mail, message_id, now, settings.system_id), now=now,
                      held=hold)


def fold_unsent(app: App, s: Session, case: Case, kind: str, to_addr: str, now: datetime) -> str:
    """The kind of mail to queue now: `kind`, or the one mail core/replies.py `folded` makes of it and an earlier
    receipt mail about the case to the same address still waiting to go out (that one is then cancelled)."""
    if case.id is None:
        return kind
    waiting = outbox.unsent(s, case.id, to_addr, RECEIPTS)
    if waiting is None or waiting.id is None:
        return kind
    into = folded(waiting.kind, kind)
    if not into or not outbox.withdraw(s, waiting.id, f"{FOLDED} : {mail_label(into)} à jour, nouvelles pièces reçues"):
        return kind
    cases.add_event(s, case.id, now, "mail-cancelled",
                    f"{mail_label(waiting.kind)} à {to_addr} {FOLDED} par un {mail_label(into)} à jour : "
                    "d'autres pièces sont arrivées avant son envoi")
    return into


def _holder(piece: Piece) -> tuple[str, bool]:
    """(the name the mails give the file that seems to hold a piece, whether it is a shared link): a link is named
    as the applicant's mail showed it (« Dossier d'intention.pdf »), never by its address."""
    if piece.detected_type == "link":
        return link_shown_name(piece.evidence), True
    return piece.filename, False


def wanted(rules: Rules, key: str) -> mailcontent.Wanted:
    kind = rules.kind(key)
    return mailcontent.Wanted(rules.label(key), kind.plural, kind.form_url) if kind else mailcontent.Wanted(key)


def _thread(s: Session, case: Case) -> tuple[str, tuple[str, ...]]:
    """In-Reply-To the applicant's latest message; References their first one, our mails, their latest."""
    theirs = ledger.thread_ids(s, case.id)
    ours = outbox.our_ids(s, case.id)
    latest = theirs[-1] if theirs else ""
    refs = ([theirs[0]] if theirs else []) + list(ours[-5:])
    return latest, tuple(r for r in refs if r and r != latest)
