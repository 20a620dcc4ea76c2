"""What staff do to a case, each through the same function as the command line (intake.commands.staff and
intake.commands), signed with the staff member's address in the case history."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from intake.commands import staff
from intake.commands.discard import discard as discard_case
from intake.commands.merge import merge_cases, move_message
from intake.commands.notes import add_note
from intake.commands.postal import add_pieces, file_postal, parse_received, remove_piece
from intake.commands.staff import correct_piece as correct
from intake.commands.staff import record_decision
from intake.core.by_hand import MAX_FILES, MAX_NOTE
from intake.core.casework import merge_completes
from intake.core.decisions import ACCEPTING, NEEDS_MOTIF
from intake.core.french import count, size
from intake.core.labels import DECISION_LABELS, send_error
from intake.core.labels import MAIL_STATUS_LABELS as OUTBOX_LABELS
from intake.core.labels import mail as mail_label
from intake.core.labels import reason as reason_label
from intake.core.labels import status as status_label
from intake.core.mimetree import clean_filename
from intake.core.statuses import INCOMPLETE, REVIEW, SENT, STAFF_CHOICES
from intake.errors import IntakeError, UnknownCase
from intake.pipeline.send import send_due
from intake.store import applicants, cases, outbox
from intake.store.database import session
from intake.web import previews
from intake.web.console import PREVIEW_SECONDS, Ctx, action, page


def _sent_line(app, reference: str, kind: str) -> str:
    """What became of the mail just queued (sent now, or waiting for a retry and why)."""
    with session(app.engine) as s:
        case, _alias = cases.resolve(s, reference)
        mails = [m for m in cases.case_file(s, case).mails if m.kind == kind] if case is not None else []
    if not mails:
        return ""
    return _mail_line(mails[-1])


def _mail_line(mail, kind: str = "") -> str:
    """« Courriel envoyé à X. », or what keeps it waiting (its retry, the server's refusal in French); `kind`: the
    mail's kind, said when staff did not ask for that mail."""
    if mail.status == SENT:
        return f" Courriel envoyé à {mail.to_addr}" + (f" : {kind}." if kind else ".")
    state = OUTBOX_LABELS.get(mail.status, mail.status)
    said = f" ({kind})" if kind else ""
    return f" Courriel à {mail.to_addr}{said} : {state} {send_error(mail.last_error)}".rstrip() + "."


def last_mail(app) -> int:
    """The newest mail's id before a staff action: `new_mails` tells what the action then queued."""
    with session(app.engine) as s:
        return outbox.last_id(s)


def new_mails(app, reference: str, after: int) -> str:
    """What the applicant was sent because of a staff action that did not ask to write (a correction, a merge or a
    quarantined message handled again that completes or opens a case sends its mail): staff are told, as after a
    decision with notice."""
    with session(app.engine) as s:
        case = cases.resolve(s, reference)[0]
        mails = [m for m in cases.case_file(s, case).mails if (m.id or 0) > after] if case is not None else []
    return "".join(_mail_line(m, mail_label(m.kind)) for m in mails)


@action()
def correct_piece(ctx: Ctx, form, ref: str, piece_id: int):
    kind = str(form.get("kind", ""))
    if not kind:  # « choisir… » sent as it is (the form requires a choice; an old browser may not)
        return ctx.redirect(f"/cases/{ref}", "Correction impossible : choisissez dans la liste la nouvelle nature du "
                                             "fichier, puis « Corriger ».", error=True)
    before = last_mail(ctx.app)
    try:
        reference, status, filename, confirmed = correct(ctx.app, ref, str(piece_id), kind, ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Correction impossible : {exc}", error=True)
    send_due(ctx.app)  # a completion notice may have been queued
    label = ctx.app.rules.label(kind) if kind != "aucune" else "pas une pièce"
    # a piece that no longer counts sends nothing: the applicant (perhaps told « complet ») learns it from a reminder
    untold = (" Le demandeur n'est pas prévenu de cette correction : « Relancer maintenant » (sous « Relances ») lui "
              "réclame les pièces manquantes, ou écrivez-lui." if status == INCOMPLETE else "")
    said = f"reste « {label} » (confirmé à la main)" if confirmed else f"désormais « {label} »"
    return ctx.redirect(f"/cases/{reference}", f"{filename} : {said}. Statut du dossier : "
                                               f"{status_label(status)}.{untold}"
                                               f"{new_mails(ctx.app, reference, before)}")


@action()
def piece_also(ctx: Ctx, form, ref: str, piece_id: int):
    """Staff say whether a file also holds a piece (the dossier and the letter scanned together): `holds` is
    "1" (it does: the piece counts) or "0" (it does not: the piece is asked for again)."""
    from intake.commands.staff import piece_also as say

    kind, holds = str(form.get("kind", "")), form.get("holds") == "1"
    before = last_mail(ctx.app)
    try:
        reference, status, filename = say(ctx.app, ref, str(piece_id), kind, holds, ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Correction impossible : {exc}", error=True)
    send_due(ctx.app)  # a completion notice may have been queued
    said = "contient bien" if holds else "ne contient pas"  # a scan (besides its own piece) or a link
    return ctx.redirect(f"/cases/{reference}", f"{filename} {said} « {ctx.app.rules.label(kind)} ». Statut du "
                                               f"dossier : {status_label(status)}."
                                               f"{new_mails(ctx.app, reference, before)}")


def _as_chosen(form, ref: str, note_chars: int = 1000) -> dict:
    """The decision form as filled in, to show it again when it is refused, on this case's page only (the note
    bounded: a cookie carries it)."""
    return {"case": ref[:40], "status": str(form.get("status", ""))[:40],
            "note": str(form.get("note", "")).strip()[:note_chars], "notify": form.get("notify") == "1"}


def _decision_form(form) -> tuple[str, str, bool] | None:
    status = str(form.get("status", ""))
    if status not in STAFF_CHOICES:
        return None
    return status, str(form.get("note", "")).strip()[:2000], form.get("notify") == "1" and status != REVIEW


STALE_PREVIEW = ("Cet aperçu vient d'une page trop ancienne ou d'ailleurs : rien n'a été fait. Choisissez à nouveau, "
                 "puis vérifiez avant d'enregistrer.")
STALE_MERGE = ("Cet aperçu vient d'une page trop ancienne ou d'ailleurs : rien n'a été fusionné. Indiquez à nouveau "
               "l'autre dossier, puis comparez avant de fusionner.")


PREVIEW_COOKIE_BYTES = 3800  # a browser drops a cookie over 4096 bytes (name and attributes included)


@action()
def decision_ask(ctx: Ctx, form, ref: str):
    """The decision form, posted (CSRF checked): kept in a signed cookie of this session's, and the browser sent to
    the preview's address (Post/Redirect/Get: Back and Reload show the preview again; a preview answering the POST
    gave Chromium's ERR_CACHE_MISS). The motif never travels in an address, which the reverse proxy's access log and
    the browser's history keep: it may say why an applicant is refused. A motif too long for a cookie (2,000
    characters of another script) is previewed in the POST's answer, as before."""
    kept = {"key": ctx.console.keys.preview(ctx.who.token), **_as_chosen(form, ref, note_chars=2000),
            "notify": "1" if form.get("notify") == "1" else ""}
    value = ctx.console.preview_serializer().dumps(kept)
    if len(value) > PREVIEW_COOKIE_BYTES:
        return _decision_preview(ctx, ref, kept)
    response = ctx.redirect(f"/cases/{ref}/decision/preview")
    ctx.console.set_cookie(response, "preview", value, max_age=PREVIEW_SECONDS)
    return response


@page()
def decision_preview(ctx: Ctx, ref: str):
    """Before anything is recorded: the decision, what it meets (missing pieces, "À voir", a notice already
    sent), and the mail the applicant would get, word for word. A GET of the form `decision_ask` kept: Back and
    Reload show it again, and it records nothing (previews.py rolls back); its button posts the decision, CSRF
    checked. A preview address from elsewhere (another site's link, ready-made « refus » and motif) finds no form
    kept for this session and case: the case's page answers."""
    form = ctx.kept_form(ref)
    if form is None:
        return ctx.redirect(f"/cases/{ref}", STALE_PREVIEW, error=True)
    return _decision_preview(ctx, ref, form)


def _decision_preview(ctx: Ctx, ref: str, form: dict) -> Response:
    chosen = _decision_form(form)
    if chosen is None:
        return ctx.redirect(f"/cases/{ref}", "Choisissez une décision dans la liste.", error=True,
                            form=_as_chosen(form, ref))
    status, note, notify = chosen
    if status in NEEDS_MOTIF and not note:
        return ctx.redirect(f"/cases/{ref}", f"Décision « {DECISION_LABELS[status]} » : écrivez son motif ; il est "
                                             "donné au demandeur et gardé dans l'historique.", error=True,
                            form=_as_chosen(form, ref))
    try:
        preview = previews.decision(ctx.app, ref, status, note, notify)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Décision impossible : {exc}", error=True, form=_as_chosen(form, ref))
    return ctx.render("decision_preview.html", preview=preview, status=status, note=note,
                      status_text=DECISION_LABELS[status], confirm_missing=status in ACCEPTING and preview.missing)


@action()
def decision_record(ctx: Ctx, form, ref: str):
    chosen = _decision_form(form)
    if chosen is None:
        return ctx.redirect(f"/cases/{ref}", "Choisissez une décision dans la liste.", error=True,
                            form=_as_chosen(form, ref))
    status, note, notify = chosen
    try:
        done = record_decision(ctx.app, ref, status, note, ctx.who.actor, notify,
                               confirm_missing=form.get("confirm_missing") == "1",
                               clear_attention=form.get("clear_attention") == "1")
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Décision non enregistrée : {exc}", error=True,
                            form=_as_chosen(form, ref))
    line = ""
    if notify:
        send_due(ctx.app)
        line = _sent_line(ctx.app, done.reference, f"decision/{status}")
    elif status != REVIEW and (ctx.app.templates.directory / "decision" / status / "subject.j2").exists():
        line = (" Le demandeur n'en est pas prévenu : « Prévenir le demandeur maintenant », sous « Décision », lui "
                "envoie l'avis quand vous le voudrez.")
    if done.attention:
        line += f" « À voir » reste affiché : {done.attention}"
    return ctx.redirect(f"/cases/{done.reference}", f"Décision enregistrée : {DECISION_LABELS[status]}.{line}")


@action()
def notify(ctx: Ctx, form, ref: str):
    """« Prévenir le demandeur maintenant »: the notice of a decision recorded without it, sent now."""
    try:
        reference = staff.notify_decision(ctx.app, ref, ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Avis non envoyé : {exc}", error=True)
    send_due(ctx.app)
    with session(ctx.app.engine) as s:
        case = cases.resolve(s, reference)[0]
        status = case.status if case is not None else ""
    return ctx.redirect(f"/cases/{reference}", "Avis de décision demandé."
                                               f"{_sent_line(ctx.app, reference, f'decision/{status}')}")


@action()
def edit_field(ctx: Ctx, form, ref: str):
    """A field of the dossier, corrected by hand (boxes of a multiple choice come as several values)."""
    key = str(form.get("key", ""))
    value = "; ".join(str(v) for v in form.getlist("value") if str(v).strip())
    try:
        line = staff.edit_field(ctx.app, ref, key, value, ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Champ non corrigé : {exc}", error=True)
    return ctx.redirect(f"/cases/{ref}", f"Champ corrigé. {line.split(' : ', 1)[1]}.")


@action()
def received(ctx: Ctx, form, ref: str):
    try:
        when = parse_received(str(form.get("received", "")), ctx.app)
        line = staff.correct_received(ctx.app, ref, when, str(form.get("note", ""))[:300], ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Date non corrigée : {exc}", error=True)
    return ctx.redirect(f"/cases/{ref}", f"{line.split(' : ', 1)[1].capitalize()}.")


@action()
def seen(ctx: Ctx, form, ref: str):
    try:
        staff.mark_seen(ctx.app, ref, ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", str(exc), error=True)
    return ctx.redirect(f"/cases/{ref}", "« À voir » effacé ; l'historique garde ce qu'il disait.")


@action()
def discard(ctx: Ctx, form, ref: str):
    """A case that is not an application, deleted through the purge's path (intake/commands/discard.py)."""
    if form.get("confirm") != "1":
        return ctx.redirect(f"/cases/{ref}", "Cochez la case de confirmation pour supprimer ce dossier.", error=True)
    try:
        done = discard_case(ctx.app, ref, str(form.get("reason", "")), ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Dossier non supprimé : {exc}", error=True)
    return ctx.redirect("/cases", f"{done.reference} classé sans suite (pas une candidature) et supprimé : "
                                  f"{count(done.pieces, 'pièce')}, {count(done.messages, 'message')} ; il en reste "
                                  "une ligne "
                                  "statistique (sans nom ni contenu) et une ligne au journal des suppressions.")


@action()
def address(ctx: Ctx, form, ref: str):
    """Staff confirm an address of the applicant (`intake case REF address EMAIL [--main]`): one they found (the
    form's Reply-To, a phone call) for a case opened by a copier, a web form or an unauthenticated sender."""
    try:
        line = staff.confirm_address(ctx.app, ref, str(form.get("address", ""))[:320], form.get("main") == "1",
                                     ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Adresse non confirmée : {exc}.", error=True)
    reference, done = line.split(" : ", 1)
    return ctx.redirect(f"/cases/{reference}", f"{done[0].upper()}{done[1:]}.")


@action()
def note(ctx: Ctx, form, ref: str):
    try:
        reference = add_note(ctx.app, ref, str(form.get("text", "")), ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Note non ajoutée : {exc}", error=True)
    return ctx.redirect(f"/cases/{reference}", "Note ajoutée à l'historique.")


@action()
def remind(ctx: Ctx, form, ref: str):
    """« Relancer maintenant »: the case's next reminder, today (core/casework.py `reminder_now`)."""
    before = last_mail(ctx.app)
    try:
        reference = staff.remind_now(ctx.app, ref, ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Relance non envoyée : {exc}", error=True)
    send_due(ctx.app)
    said = ("Relance demandée : elle réclame au demandeur les pièces manquantes ; les relances suivantes gardent leur "
            "jour.")
    return ctx.redirect(f"/cases/{reference}", said + new_mails(ctx.app, reference, before))


@page()
def remind_preview(ctx: Ctx, ref: str):
    """« Relancer maintenant »: the reminder as it will go (to whom, subject, text, the pieces it asks for), before
    « Envoyer la relance » sends it; a GET of its own, as the merge's preview (Back and Reload show it again, it
    sends nothing). A preview link made elsewhere (no key of this session's) leads to the case's page."""
    if ctx.query() is None:
        return ctx.redirect(f"/cases/{ref}")
    try:
        preview = previews.reminder(ctx.app, ref, ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Relance non envoyée : {exc}", error=True)
    return ctx.render("remind_preview.html", preview=preview)


def _two_cases(ctx: Ctx, ref: str, other: str):
    with session(ctx.app.engine) as s:
        here, there = cases.resolve(s, ref)[0], cases.resolve(s, other)[0]
        if here is None or there is None:
            return None
        files = cases.case_file(s, here), cases.case_file(s, there)
    return files


def _no_other_case(ctx: Ctx, other: str) -> str:
    """Why the reference typed in the merge form names no one case, in French, with what to type."""
    with session(ctx.app.engine) as s:
        several = cases.named(s, other) if other else []
    year = ctx.app.clock().astimezone(ctx.app.settings.timezone).year
    example = f"{ctx.app.settings.reference_prefix}-{year}-0007"
    if len(several) > 1:
        return (f"« {other} » peut désigner {len(several)} dossiers : {', '.join(several)}. Donnez la référence "
                f"complète de l'autre dossier, par exemple {several[-1]}.")
    if other:
        return (f"Aucun dossier « {other} ». Donnez la référence de l'autre dossier telle qu'elle figure dans la "
                f"liste, par exemple {example} (ou {year}-0007, ou 7 s'il n'y a qu'un dossier de ce numéro).")
    return f"Donnez la référence de l'autre dossier, par exemple {example}."


@page()
def merge_preview(ctx: Ctx, ref: str):
    """Both cases side by side, and which one keeps its reference, before an irreversible merge: a GET, as the
    decision's preview (Back and Reload show it again; only its button merges)."""
    form = ctx.query()
    if form is None:
        return ctx.redirect(f"/cases/{ref}", STALE_MERGE, error=True)
    other = str(form.get("other", "")).strip()[:100]
    found = _two_cases(ctx, ref, other) if other else None
    if found is None:
        return ctx.redirect(f"/cases/{ref}", _no_other_case(ctx, other), error=True)
    here, there = found
    if here.case.id == there.case.id:
        return ctx.redirect(f"/cases/{ref}", "C'est le même dossier.", error=True)
    label = ctx.app.rules.label
    older_first = sorted((here, there), key=lambda f: (f.case.year, f.case.seq))  # the older one is proposed
    sides = [(f, ", ".join(sorted({label(p.kind) for p in f.pieces if p.kind})) or "aucune reconnue")
             for f in older_first]
    # the merge completes the application: its applicant is then sent the completion notice, unasked (the new staff
    # member's trial: the page said nothing of it)
    with session(ctx.app.engine) as s:
        quiet = applicants.quiet(s, [f.case for f in older_first])
        older, newer = (cases.state(s, f.case) for f in older_first)
        completes = merge_completes(older, newer, ctx.app.rules)
    return ctx.render("merge_preview.html", here=here, sides=sides, completes=completes, quiet=quiet)


@action()
def merge(ctx: Ctx, form, ref: str):
    a, b, survivor = (str(form.get(k, "")) for k in ("a", "b", "survivor"))
    if not a or not b or a == b or survivor not in (a, b):
        return ctx.redirect(f"/cases/{ref}", "Choisissez le dossier qui garde sa référence.", error=True)
    other = b if survivor == a else a
    before = last_mail(ctx.app)
    try:
        r = merge_cases(ctx.app, survivor, other, ctx.who.actor)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Fusion impossible : {exc}", error=True)
    send_due(ctx.app)
    return ctx.redirect(f"/cases/{r.survivor}", f"{r.merged} fusionné dans {r.survivor} : "
                                                f"{count(r.pieces, 'pièce ajoutée', 'pièces ajoutées')}, "
                                                f"{count(r.messages, 'message')}, {count(r.mails, 'courriel')}. "
                                                f"{r.merged} mène désormais ici. Statut : {status_label(r.status)}."
                                                f"{new_mails(ctx.app, r.survivor, before)}")


@action()
def move(ctx: Ctx, form, ref: str, inbound_id: int):
    target = str(form.get("target", "")).strip()
    if not target:
        return ctx.redirect(f"/cases/{ref}", "Donnez la référence du dossier où déplacer le message.", error=True)
    try:
        r = move_message(ctx.app, ref, inbound_id, target, ctx.who.actor)
    except UnknownCase as exc:
        return ctx.redirect(f"/cases/{ref}", f"Aucun dossier « {exc.reference} » : donnez la référence du dossier où "
                                             "déplacer le message, par exemple BSC-2026-0007.", error=True)
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Déplacement impossible : {exc}", error=True)
    send_due(ctx.app)
    files = f" avec {', '.join(r.pieces)}" if r.pieces else ""
    return ctx.redirect(f"/cases/{r.source}", f"Message déplacé vers {r.target}{files}. Statuts : {r.source} "
                                              f"{status_label(r.source_status)}, {r.target} "
                                              f"{status_label(r.target_status)}.")


def _uploads(form) -> list[tuple[str, bytes]]:
    """The files of an upload form, as (name, bytes): a file input left empty sends a part with no name."""
    uploads = [f for f in form.getlist("files") if getattr(f, "filename", None)]
    return [(clean_filename(u.filename) or f"fichier-{n}", u.file.read()) for n, u in enumerate(uploads, 1)]


@action(max_bytes=lambda settings: settings.max_message_bytes + 1_000_000, max_files=MAX_FILES)
def add_files(ctx: Ctx, form, ref: str):
    """Pieces that came another way than by mail (a letter by post, a USB key, a staff member's own mailbox):
    read and recognised as a mail's files, joined to the case as a reply's (intake/commands/postal.py)."""
    before = last_mail(ctx.app)
    try:
        typed = str(form.get("received", "")).strip()[:100]
        received_at = parse_received(typed, ctx.app) if typed else None
        r = add_pieces(ctx.app, ref, _uploads(form), ctx.who.actor, received_at=received_at,
                       note=str(form.get("note", ""))[:MAX_NOTE])
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Pièces non ajoutées : {exc}", error=True)
    send_due(ctx.app)  # a completion notice may have been queued
    # the status and the mail that went first: the files' names (the applicant's, up to 150 characters each) after,
    # where the flash's 600 characters cut them, not what staff must know
    added = ", ".join(f"{name} ({what})" for name, what in r.pieces)
    said = (f"{count(len(r.pieces), 'pièce ajoutée', 'pièces ajoutées')}." if r.pieces
            else "Aucune pièce ajoutée.")
    said += f" Statut du dossier : {status_label(r.status)}.{new_mails(ctx.app, r.reference, before)}"
    if added:
        said += f" {'Nouvelle pièce' if len(r.pieces) == 1 else 'Nouvelles pièces'} : {added}."
    if r.again:
        said += f" Déjà au dossier, pas ajouté une seconde fois : {', '.join(r.again)}."
    if r.skipped:
        said += f" Pas une pièce, non gardé (voir l'historique) : {', '.join(r.skipped)}."
    return ctx.redirect(f"/cases/{r.reference}", said)


@action()
def remove_file(ctx: Ctx, form, ref: str, piece_id: int):
    """A file staff added by hand by mistake, taken off the case (intake/commands/postal.py `remove_piece`)."""
    if form.get("confirm") != "1":
        return ctx.redirect(f"/cases/{ref}", "Cochez la case de confirmation pour retirer ce fichier.", error=True)
    try:
        r = remove_piece(ctx.app, ref, str(piece_id), ctx.who.actor, str(form.get("note", ""))[:MAX_NOTE])
    except IntakeError as exc:
        return ctx.redirect(f"/cases/{ref}", f"Fichier non retiré : {exc}", error=True)
    file = {"deleted": "il est effacé du disque",
            "kept": "il reste sur le disque : un autre dossier contient le même fichier",
            "later": "il sera effacé du disque à la prochaine purge (une relève était en cours)"}[r.file]
    said = f" {r.said[:1].upper()}{r.said[1:]}." if r.said else ""
    why = f" ({reason_label(r.reason)})" if r.reason else ""
    return ctx.redirect(f"/cases/{r.reference}", f"{r.filename} retiré du dossier ; {file}. Statut du dossier : "
                                                 f"{status_label(r.status)}{why}.{said}")


def _postal_page(ctx: Ctx, values: dict, error: str = "", code: int = 200):
    return ctx.render("postal.html", code=code, values=values, error=error,
                      kinds=[k.label for k in ctx.app.rules.kinds], max_files=MAX_FILES,
                      max_size=size(ctx.app.settings.max_message_bytes))


@page()
def postal_form(ctx: Ctx):
    return _postal_page(ctx, {})


@action(max_bytes=lambda settings: settings.max_message_bytes + 1_000_000, max_files=MAX_FILES)
def postal_file(ctx: Ctx, form):
    """A paper application, scanned: its files are read and recognised exactly as a mail's would be."""
    values = {k: str(form.get(k, "")).strip()[:300] for k in ("applicant", "name", "title", "received")}
    files = _uploads(form)
    try:
        received_at = parse_received(values["received"], ctx.app) if values["received"] else None
        r = file_postal(ctx.app, values["applicant"], files, ctx.who.actor, name=values["name"], title=values["title"],
                        received_at=received_at)
    except IntakeError as exc:
        return _postal_page(ctx, values, str(exc), 400)
    return ctx.redirect(f"/cases/{r.reference}", f"Candidature papier enregistrée : {r.reference} "
                                                 f"({status_label(r.status)}).")


routes = [
    Route("/cases/new", postal_form, methods=["GET"]),
    Route("/cases/new", postal_file, methods=["POST"]),
    Route("/cases/{ref}/pieces/add", add_files, methods=["POST"]),
    Route("/cases/{ref}/pieces/{piece_id:int}/kind", correct_piece, methods=["POST"]),
    Route("/cases/{ref}/pieces/{piece_id:int}/also", piece_also, methods=["POST"]),
    Route("/cases/{ref}/pieces/{piece_id:int}/remove", remove_file, methods=["POST"]),
    Route("/cases/{ref}/decision/preview", decision_preview, methods=["GET"]),
    Route("/cases/{ref}/decision/preview", decision_ask, methods=["POST"]),
    Route("/cases/{ref}/decision", decision_record, methods=["POST"]),
    Route("/cases/{ref}/note", note, methods=["POST"]),
    Route("/cases/{ref}/notify", notify, methods=["POST"]),
    Route("/cases/{ref}/remind/preview", remind_preview, methods=["GET"]),
    Route("/cases/{ref}/remind", remind, methods=["POST"]),
    Route("/cases/{ref}/address", address, methods=["POST"]),
    Route("/cases/{ref}/fields", edit_field, methods=["POST"]),
    Route("/cases/{ref}/received", received, methods=["POST"]),
    Route("/cases/{ref}/seen", seen, methods=["POST"]),
    Route("/cases/{ref}/discard", discard, methods=["POST"]),
    Route("/cases/{ref}/merge/preview", merge_preview, methods=["GET"]),
    Route("/cases/{ref}/merge", merge, methods=["POST"]),
    Route("/cases/{ref}/messages/{inbound_id:int}/move", move, methods=["POST"]),
]
