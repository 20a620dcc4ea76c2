"""What needs a person outside any case: quarantined messages, mail that could not be sent, mailbox health.

Listing, showing, retrying, dismissing and sending again are the command line's own functions
(intake.commands.quarantine and .mailqueue), signed with the staff member's address.
"""

from __future__ import annotations

from collections import Counter

from starlette.responses import Response
from starlette.routing import Route

from intake.commands import mailqueue
from intake.commands import quarantine as quarantine_cmd
from intake.core import dismissal
from intake.core.decide import set_aside_by_cap, still_capped
from intake.core.labels import FATE_LABELS, agreed, send_error
from intake.core.labels import MAIL_STATUS_LABELS as OUTBOX_LABELS
from intake.core.retention import IGNORED_LEDGER
from intake.core.statuses import CANCELLED, HELD, NEEDS_STAFF, QUARANTINED, SENT
from intake.errors import IntakeError, ReadersBusy
from intake.pipeline.send import send_due
from intake.store import mailboxes as mailbox_states
from intake.store.database import session
from intake.store.signins import SIGNIN_KIND
from intake.web import mailview
from intake.web.console import Ctx, action, page
from intake.web.reading import readers
from intake.web.routes.actions import last_mail, new_mails
from intake.web.security import FILE_CSP, disposition

SENDERS_SHOWN = 5  # the senders of most quarantined messages, each with a link to tick all of theirs


@page()
def quarantine_list(ctx: Ctx):
    """The quarantine, each message with a box to tick: those ticked are dismissed together (a flood cleaned up in
    one go). `?de=ADDRESS` ticks that sender's messages, `?de=*` all of them; nothing runs in the page."""
    # as many as one dismissal takes, the oldest: a flood of thousands is not one page (nor a read of each one's
    # stored headers when its subject was not recorded)
    rows, total = quarantine_cmd.first_quarantined(ctx.app, quarantine_cmd.MAX_DISMISS)
    senders = Counter(m.from_addr for m in rows if m.from_addr)
    chosen = ctx.request.query_params.get("de", "")
    ticked = {m.id for m in rows if chosen == "*" or (chosen and m.from_addr == chosen)}
    return ctx.render("quarantine.html", rows=rows, total=total, space=quarantine_cmd.space(ctx.app), ticked=ticked,
                      senders=[(a, n) for a, n in senders.most_common(SENDERS_SHOWN) if n > 1],
                      max_dismiss=quarantine_cmd.MAX_DISMISS,
                      ignored=dismissal.before(_ignored_period(ctx), None, ctx.app.settings.timezone))


@page()
def quarantine_show(ctx: Ctx, inbound_id: int):
    """A quarantined message as text, taken apart in a reading process within a time limit, as a filed message's
    page (web/routes/case.py `message_page`): past it, staff read why (mailview.NOT_SHOWN) and download its .eml;
    its files are then not looked for either (the same bytes, read again)."""
    try:
        shown = quarantine_cmd.show(ctx.app, inbound_id, slot=readers)
    except IntakeError:
        return ctx.refuse(404, "Ce message n'est pas (ou plus) en quarantaine.")
    from intake.core.arrival import files_taken_apart, sender_unreadable

    readable = shown.message.raw_kept and not shown.not_shown
    return ctx.render("quarantine_show.html", shown=shown, q=shown.message,
                      not_shown=mailview.NOT_SHOWN.format(why=shown.not_shown) if shown.not_shown else "",
                      files=quarantine_cmd.files_of(ctx.app, inbound_id, slot=readers) if readable else [],
                      files_skipped=readable and not files_taken_apart(shown.message.reason),
                      unreadable=shown.message.raw_kept and sender_unreadable(shown.message.reason),
                      ignored=dismissal.before(_ignored_period(ctx), shown.message.read_at, ctx.app.settings.timezone))


@action()
def quarantine_retry(ctx: Ctx, form, inbound_id: int):
    """After a rules change (or a fix): the message goes through the poller's path again."""
    return _handled_again(ctx, inbound_id, quarantine_cmd.retry_and_send, refused="Nouvel essai impossible",
                          joined="Message traité à nouveau", otherwise="Message traité à nouveau")


@action()
def quarantine_file_anyway(ctx: Ctx, form, inbound_id: int):
    """A message set aside for a limit, that staff looked at: handled again with the limits lifted for it."""
    return _handled_again(ctx, inbound_id, quarantine_cmd.file_anyway_and_send, refused="Non enregistré",
                          joined="Message enregistré malgré les limites",
                          otherwise="Message traité malgré les limites")


def _handled_again(ctx: Ctx, inbound_id: int, command, *, refused: str, joined: str, otherwise: str):
    """Run `command` (it sends what the message queued), then go where its outcome is: the case it joined
    (`joined` words it), the message if still quarantined, or the list (`otherwise`)."""
    before = last_mail(ctx.app)
    try:
        (r,) = command(ctx.app, inbound_id, ctx.who.actor).results
    except IntakeError as exc:
        return ctx.redirect(f"/quarantine/{inbound_id}", f"{refused} : {exc}", error=True)
    outcome = f"{FATE_LABELS.get(r.fate, r.fate)} ({r.reason})"
    if r.reference:  # the case's page and history say the rest: one short line (a new staff member's trial)
        return ctx.redirect(f"/cases/{r.reference}", f"{joined} : {FATE_LABELS.get(r.fate, r.fate)} dans le "
                                                     f"dossier {r.reference}.{new_mails(ctx.app, r.reference, before)}")
    if r.fate == QUARANTINED and set_aside_by_cap(r.reason):  # a retry goes the poller's path: the cap again
        return ctx.redirect(f"/quarantine/{inbound_id}", still_capped(r.reason), error=True)
    if r.fate == QUARANTINED:
        return ctx.redirect(f"/quarantine/{inbound_id}", f"Toujours en quarantaine : {r.reason}", error=True)
    return ctx.redirect("/quarantine", f"{otherwise} : {outcome}.")


@page()
def quarantine_file(ctx: Ctx, inbound_id: int, number: int):
    """One file of a quarantined message, to look at before deciding: always downloaded (never shown in the
    console's origin, whatever it holds: a quarantined message is suspect), under a name of what it is."""
    try:
        found, content = quarantine_cmd.file_of(ctx.app, inbound_id, number, slot=readers)
    except ReadersBusy as exc:
        return ctx.refuse(503, f"Fichier non lu pour l'instant : {exc}.")
    except IntakeError:
        return ctx.refuse(404, "Ce fichier n'existe pas, ou le message n'est plus en quarantaine.")
    return Response(content, media_type="application/octet-stream", headers={
        "content-disposition": disposition("attachment", found.filename),
        "content-security-policy": FILE_CSP, "cache-control": "private, no-store"})


@action()
def quarantine_file_by_hand(ctx: Ctx, form, inbound_id: int):
    """A message whose sender could not be read, filed by staff as a case: to the address they give, or to
    nobody."""
    address = str(form.get("address", ""))[:320].strip()
    if bool(address) == (form.get("nobody") == "1"):
        return ctx.redirect(f"/quarantine/{inbound_id}", "Donnez l'adresse du demandeur, ou cochez « N'écrire à "
                                                         "personne » (l'un ou l'autre).", error=True)
    before = last_mail(ctx.app)
    try:
        r = quarantine_cmd.file_by_hand(ctx.app, inbound_id, address, ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/quarantine/{inbound_id}", f"Non enregistré : {exc}", error=True)
    send_due(ctx.app)
    said = new_mails(ctx.app, r.reference, before) or " Aucun courriel n'a été envoyé."
    return ctx.redirect(f"/cases/{r.reference}", f"Message enregistré dans le dossier {r.reference}.{said}")


@page()
def quarantine_raw(ctx: Ctx, inbound_id: int):
    """The message as it came, to open in a mail program: downloaded, never shown."""
    try:
        q, raw = quarantine_cmd.raw_message(ctx.app, inbound_id)
    except IntakeError:
        return ctx.refuse(404, "Ce message n'est pas (ou plus) en quarantaine, ou ses octets ne sont pas conservés.")
    return Response(raw, media_type="application/octet-stream", headers={
        "content-disposition": disposition("attachment", f"quarantaine-{q.id}.eml"),
        "content-security-policy": FILE_CSP, "cache-control": "private, no-store"})


@action()
def quarantine_dismiss(ctx: Ctx, form, inbound_id: int):
    try:
        done = quarantine_cmd.dismiss(ctx.app, [inbound_id], str(form.get("reason", "")), ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/quarantine/{inbound_id}", f"Message non ignoré : {exc}", error=True)
    return ctx.redirect("/quarantine", _ignored(ctx, done))


@action(max_fields=quarantine_cmd.MAX_DISMISS + 10)
def quarantine_dismiss_ticked(ctx: Ctx, form):
    """The messages ticked in the list, dismissed together with one reason (all or none)."""
    try:
        numbers = [int(n) for n in form.getlist("ids")]
    except ValueError:
        return ctx.redirect("/quarantine", "Messages non ignorés : numéro illisible ; rechargez la page.", error=True)
    try:
        done = quarantine_cmd.dismiss(ctx.app, numbers, str(form.get("reason", "")), ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect("/quarantine", f"Messages non ignorés : {exc}", error=True)
    return ctx.redirect("/quarantine", _ignored(ctx, done))


def _ignored_period(ctx: Ctx):
    """How long the line of an ignored message stays (rules/retention.toml `[messages_ignores]`; None: no limit)."""
    retention = ctx.app.rules.retention
    return retention.period(IGNORED_LEDGER) if retention is not None and IGNORED_LEDGER in retention.periods else None


def _ignored(ctx: Ctx, done) -> str:
    """What staff are told once messages are ignored: what became of them, until when their line stays."""
    read = [q.read_at for q in done if q.read_at is not None]
    return dismissal.after(len(done), _ignored_period(ctx), read, ctx.app.settings.timezone)


MAX_SHOWN_MAIL = 200  # mails listed in each section of the outbox page, the oldest: a flood's held acknowledgements
#                      (thousands) are not one page, nor each one's bytes read


@page()
def outbox_list(ctx: Ctx):
    """The mail that needs staff: held back on purpose (an acknowledgement of old mail, over the day's limit), in
    its own section, apart from the mail whose sending failed or was interrupted."""
    held, held_total = mailqueue.first_mail(ctx.app, (HELD,), SIGNIN_KIND, MAX_SHOWN_MAIL)
    failed, failed_total = mailqueue.first_mail(ctx.app, tuple(s for s in NEEDS_STAFF if s != HELD), SIGNIN_KIND,
                                                MAX_SHOWN_MAIL)
    return ctx.render("outbox.html", held=held, held_total=held_total, failed=failed, failed_total=failed_total)


@page()
def outbox_show(ctx: Ctx, outbox_id: int):
    try:
        mail, raw = mailqueue.get_mail(ctx.app, outbox_id)
    except IntakeError:
        return ctx.refuse(404, "Ce courriel n'existe pas.")
    if mail.kind == SIGNIN_KIND:
        return ctx.refuse(404, "Ce courriel n'existe pas.")
    readdress_to = ""
    if mail.status in NEEDS_STAFF and mail.reference:
        plan, _raw = mailqueue.readdress_plan(ctx.app, outbox_id)
        readdress_to = "" if plan.refusal else plan.to_addr
    return ctx.render("outbox_show.html", mail=mail, view=mailview.sent(raw), needs_staff=mail.status in NEEDS_STAFF,
                      readdress_to=readdress_to)


def _not_for_staff(ctx: Ctx, outbox_id: int):
    """The refusal of an outbox action on a mail the outbox page does not show (a colleague's sign-in mail: resending
    or marking it is theirs alone), or None."""
    try:
        mail, _raw = mailqueue.get_mail(ctx.app, outbox_id)
    except IntakeError:
        return None  # the action says it in its own words
    return ctx.refuse(404, "Ce courriel n'existe pas.") if mail.kind == SIGNIN_KIND else None


@action()
def outbox_resend(ctx: Ctx, form, outbox_id: int):
    if (refused := _not_for_staff(ctx, outbox_id)) is not None:
        return refused
    try:
        before, _ = mailqueue.get_mail(ctx.app, outbox_id)
        m = mailqueue.resend(ctx.app, outbox_id, ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/outbox/{outbox_id}", f"Pas de renvoi : {exc}", error=True)
    send_due(ctx.app)
    after, _ = mailqueue.get_mail(ctx.app, outbox_id)
    state = OUTBOX_LABELS.get(after.status, after.status)
    detail = f" ({send_error(after.last_error)})" if after.status != SENT and after.last_error else ""
    again = "" if before.status == HELD else " envoyé à nouveau"  # a held mail had never left
    return ctx.redirect("/outbox", f"{m.label.capitalize()} à {m.to_addr}{again} : {state}{detail}.",
                        error=after.status != SENT)


@page()
def readdress_preview(ctx: Ctx, outbox_id: int):
    """Before a failed or held mail goes to the address its case has now: to whom, instead of whom and why, and the
    mail as it will leave (core/readdress.py)."""
    from datetime import datetime, timezone

    from intake.core.outgoing import make_message_id
    from intake.core.readdress import readdressed

    try:
        plan, raw = mailqueue.readdress_plan(ctx.app, outbox_id)
    except IntakeError:
        return ctx.refuse(404, "Ce courriel n'existe pas.")
    if plan.mail.kind == SIGNIN_KIND:
        return ctx.refuse(404, "Ce courriel n'existe pas.")
    shown = raw
    if not plan.refusal:
        shown = readdressed(raw, plan.to_addr, make_message_id(plan.mail.reference, "nouvel-identifiant",
                                                               plan.mail.from_addr), datetime.now(timezone.utc))
    return ctx.render("readdress_preview.html", plan=plan, mail=plan.mail, view=mailview.sent(shown))


@action()
def readdress(ctx: Ctx, form, outbox_id: int):
    """Send a failed or held mail, once, to the address its case has now (staff confirmed it since)."""
    if (refused := _not_for_staff(ctx, outbox_id)) is not None:
        return refused
    try:
        first, new = mailqueue.readdress_mail(ctx.app, outbox_id, str(form.get("to", ""))[:320], ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/outbox/{outbox_id}/readdress", f"Rien n'est envoyé : {exc}", error=True)
    send_due(ctx.app)
    after, _ = mailqueue.get_mail(ctx.app, new.id)
    state = OUTBOX_LABELS.get(after.status, after.status)
    detail = f" ({send_error(after.last_error)})" if after.status != SENT and after.last_error else ""
    sent = agreed(new.kind, "envoyé")
    return ctx.redirect(f"/cases/{new.reference}", f"{new.label.capitalize()} {sent} à {new.to_addr}, l'adresse "
                                                   f"confirmée du dossier, au lieu de {first.to_addr} : "
                                                   f"{state}{detail}.", error=after.status != SENT)


@action()
def outbox_handled(ctx: Ctx, form, outbox_id: int):
    if (refused := _not_for_staff(ctx, outbox_id)) is not None:
        return refused
    try:
        m = mailqueue.mark_handled(ctx.app, outbox_id, str(form.get("note", "")), ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/outbox/{outbox_id}", f"Non marqué : {exc}", error=True)
    done = "non envoyé" if m.status == CANCELLED else "marqué traité"
    return ctx.redirect("/outbox", f"{m.label.capitalize()} à {m.to_addr} {done}.")


@page()
def mailboxes(ctx: Ctx):
    """Each watched folder: last poll, last success, the last error (as in the digest)."""
    with session(ctx.app.engine) as s:
        states = mailbox_states.all_states(s)
    lines = []
    for mailbox in ctx.app.settings.mailboxes:
        for folder in mailbox.per_folder():
            state = states.get(folder.state_key)
            lines.append({"name": folder.state_key, "address": mailbox.address, "folder": folder.folder,
                          "since": mailbox.since, "state": state, "relay": False,
                          "ok": state is not None and state.last_success_at is not None
                          and state.errors_since_success == 0})
    smtp = ctx.app.settings.smtp
    if smtp is not None and not ctx.app.settings.outbox_dir:
        state = states.get(mailbox_states.RELAY)
        lines.append({"name": "smtp", "address": f"relais d'envoi {smtp.host}:{smtp.port}", "folder": "—",
                      "since": None, "state": state, "relay": True,
                      "ok": state is not None and state.last_success_at is not None
                      and state.errors_since_success == 0})
    return ctx.render("mailboxes.html", lines=lines)


routes = [
    Route("/quarantine", quarantine_list, methods=["GET"]),
    Route("/quarantine/dismiss", quarantine_dismiss_ticked, methods=["POST"]),
    Route("/quarantine/{inbound_id:int}", quarantine_show, methods=["GET"]),
    Route("/quarantine/{inbound_id:int}/retry", quarantine_retry, methods=["POST"]),
    Route("/quarantine/{inbound_id:int}/dismiss", quarantine_dismiss, methods=["POST"]),
    Route("/quarantine/{inbound_id:int}/file-anyway", quarantine_file_anyway, methods=["POST"]),
    Route("/quarantine/{inbound_id:int}/message.eml", quarantine_raw, methods=["GET"]),
    Route("/quarantine/{inbound_id:int}/files/{number:int}", quarantine_file, methods=["GET"]),
    Route("/quarantine/{inbound_id:int}/file-by-hand", quarantine_file_by_hand, methods=["POST"]),
    Route("/outbox", outbox_list, methods=["GET"]),
    Route("/outbox/{outbox_id:int}", outbox_show, methods=["GET"]),
    Route("/outbox/{outbox_id:int}/resend", outbox_resend, methods=["POST"]),
    Route("/outbox/{outbox_id:int}/handled", outbox_handled, methods=["POST"]),
    Route("/outbox/{outbox_id:int}/readdress", readdress_preview, methods=["GET"]),
    Route("/outbox/{outbox_id:int}/readdress", readdress, methods=["POST"]),
    Route("/mailboxes", mailboxes, methods=["GET"]),
]
