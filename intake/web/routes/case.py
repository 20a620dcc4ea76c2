"""`/cases/REF`: one case — fields, pieces (viewable), messages as text, mails as sent, history."""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

from starlette.responses import FileResponse, Response
from starlette.routing import Route

from intake.adapters.pictures import PREVIEW_TYPES
from intake.commands.message_text import parsed_as_polled, view_seconds
from intake.commands.show import gone_case
from intake.core import decisions, evidence, filenames
from intake.core.addresses import source_label
from intake.core.by_hand import MAX_FILES
from intake.core.casework import reminded_today, reminder_plan, reminder_waits, reminders_over
from intake.core.completeness import kinds_held, missing
from intake.core.french import size
from intake.core.headers import normal_address
from intake.core.labels import DECISION_LABELS
from intake.core.mailto import write_to_applicant
from intake.core.pdf_script import may_run_script
from intake.core.statuses import CLOSED, DECISIONS, FAILED, NEEDS_STAFF, STAFF_CHOICES
from intake.errors import IntakeError
from intake.store import applicants, caselist, cases, correspondents, ledger, outbox, pieces
from intake.store.database import session
from intake.web import mailview
from intake.web.console import Ctx, page
from intake.web.reading import readers
from intake.web.routes.case_list import last_list
from intake.web.security import FILE_CSP, disposition

# Shown in the browser: types Chromium renders without running anything of the file's own (a PDF, only without
# JavaScript: core/pdf_script.py).
INLINE_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png", "gif": "image/gif",
                "webp": "image/webp"}
log = logging.getLogger("intake.web")
_SHA256 = re.compile(r"[0-9a-f]{64}")
PREVIEW_SECONDS = 30  # a picture is converted for the browser within this, in a reading process


@functools.lru_cache(maxsize=4096)
def _scripted(path: str, sha256: str) -> bool:  # by content (its SHA-256): a file never changes under its name
    return may_run_script(Path(path).read_bytes())


def scripted_pdf(blobs, sha256: str) -> bool:
    """Whether the PDF stored under `sha256` may carry JavaScript (core/pdf_script.py): read once per process."""
    path = blobs.path(sha256)
    return path.is_file() and _scripted(str(path), sha256)


def _case_or_404(ctx: Ctx, s, ref: str):
    case, _alias = cases.resolve(s, ref)
    if case is None:
        gone = gone_case(s, ref, ctx.app.settings.timezone)
        if gone:
            return None, ctx.refuse(410, gone + ". Il n'en reste qu'une ligne statistique, sans nom ni contenu.")
        return None, ctx.refuse(404, f"Aucun dossier {ref}. Cherchez-le dans la liste des dossiers.")
    return case, None


def kind_choices(rules) -> list[tuple[str, str]]:
    return [(k.key, k.label) for k in rules.kinds] + [("aucune", "pas une pièce du dossier")]


def field_rows(rules, fields: dict) -> list[tuple[str, str]]:
    labels = {r.key: r.label for r in rules.fields}
    ordered = [k for k in labels if k in fields] + [k for k in fields if k not in labels]
    return [(labels.get(k, k), str(fields[k])) for k in ordered]


def field_forms(rules, case) -> list[dict]:
    """One form per field of rules/fields.toml, to correct it: a list for a choice, boxes for several choices,
    a line of text otherwise; with what it holds now, and whether staff set it."""
    fields, by_staff = case.fields or {}, set(case.staff_fields or ())
    out = []
    for r in rules.fields:
        value = str(fields.get(r.key, ""))
        kind = "checks" if r.choices and r.multiple else "select" if r.choices else "text"
        out.append({"key": r.key, "label": r.label, "value": value, "staff": r.key in by_staff, "kind": kind,
                    "choices": [(v, v == value or (r.multiple and v in value)) for v, _ in r.choices]})
    return out


def decision_choices(app) -> list[dict]:
    from intake.core.labels import DECISION_LABELS

    folder = app.templates.directory / "decision"
    return [{"status": s, "label": DECISION_LABELS[s], "mail": (folder / s / "subject.j2").exists()}
            for s in STAFF_CHOICES]


@page()
def case_page(ctx: Ctx, ref: str):
    app = ctx.app
    with session(app.engine) as s:
        case, refused = _case_or_404(ctx, s, ref)
        if refused:
            return refused
        if case.reference != ref:  # bsc-2026-7, 2026-0007, or the reference of a case merged into this one
            alias = cases.resolve(s, ref)[1]
            return ctx.redirect(f"/cases/{case.reference}", f"{alias.reference} a été fusionné dans "
                                                            f"{case.reference}." if alias else "")
        file = cases.case_file(s, case)
        aliases = [a.reference for a in cases.aliases(s, case.id)]
        related = cases.same_applicant(s, case)
        addresses = applicants.listed(s, case.id)
        quiet = applicants.quiet(s, [case])[case.id]
        state = cases.state(s, case)
        listed = last_list(ctx)  # the list this case was opened from: the cases before and after it there
        before, after = caselist.neighbours(s, listed.filter, listed.sort, listed.descending, case)
        # what the applicant of an incomplete case will be sent next, or why one due has not gone (the day's
        # limits, a refused address), as the digest says it
        now = app.clock()
        plan = reminder_plan(state, app.rules, now, app.settings.timezone)
        waits = (reminder_waits(state, app.rules, *correspondents.reminder_room(s, case.id, case.applicant, now))
                 if plan.due and not quiet else "")
    rules = app.rules
    # a decision recorded without « Prévenir le demandeur »: said, with the way to send its notice now
    untold = decisions.untold(state, (app.templates.directory / "decision" / case.status / "subject.j2").exists())
    told_at = state.notices.get(case.status)
    reminders = {"sent": state.reminders_sent, "next": plan.due_at, "waits": waits,
                 "today": reminded_today(state, now, app.settings.timezone),
                 "over": reminders_over(state, app.rules, now, app.settings.timezone)}
    present, _ = kinds_held((p.kind, p.manual, p.also) for p in file.pieces)
    readdress_to = normal_address(case.applicant or "") if not quiet else ""
    # a failed or held mail to another address than the case's now (staff confirmed the right one since): the link to
    # send it there, or why it may not go (core/readdress.py: already sent there, the address refused for good, one
    # of the service's own): the link led to a page that refused it
    readdress_refused = {m.id: _readdress_refusal(ctx, m.id) for m in file.mails
                         if readdress_to and m.status in NEEDS_STAFF and normal_address(m.to_addr) != readdress_to}
    return ctx.render(
        "case.html", case=case, file=file, fields=field_rows(rules, case.fields or {}),
        missing=[rules.label(k) for k in missing(present, rules.required)], label=rules.label,
        kinds=kind_choices(rules), decisions=decision_choices(app), inline_types=INLINE_TYPES,
        preview_types=PREVIEW_TYPES,
        field_forms=field_forms(rules, case), decided=case.status in DECISIONS, closed=case.status in CLOSED,
        max_files=MAX_FILES, max_size=size(app.settings.max_message_bytes),
        mailbox_of={m.name: m.address for m in app.settings.mailboxes}, aliases=aliases, related=related,
        addresses=addresses, quiet=quiet, source_label=source_label,
        # « Écrire au demandeur » from the staff member's own mail program: not to an address the service itself
        # does not write to (a forged sender's, a robot's, a third party's) until staff confirm it
        write_to=write_to_applicant(case.applicant or "", case.reference) if not quiet else "",
        reminders=reminders, before=before, after=after, list_query=listed.query,
        list_filtered=any(v for k, v in listed.query.items() if k not in ("tri", "ordre")),
        # the applicant's server refused a mail to the case's address: the address is to check first
        refused=any(m.status == FAILED and normal_address(m.to_addr) == normal_address(case.applicant or "")
                    for m in file.mails),
        # why a file was recognised, in words; the rules' own evidence behind « détails »
        evidence=lambda text: evidence.for_staff(text or "", rules.label),
        history=lambda kind, text: evidence.history_for_staff(kind, text or "", rules.label),
        untold=untold, told_at=told_at, decision_label=DECISION_LABELS.get(case.status, ""),
        readdress_to=readdress_to, readdress_refused={i: why for i, why in readdress_refused.items() if why},
        readdress_ids={i for i, why in readdress_refused.items() if not why},
        scripted={p.id for p in file.pieces if p.detected_type == "pdf" and _SHA256.fullmatch(p.sha256 or "")
                  and scripted_pdf(app.blobs, p.sha256)})


def _readdress_refusal(ctx: Ctx, mail_id: int) -> str:
    """Why a mail of the case may not be sent to the case's address now ("" : it may)."""
    from intake.commands.mailqueue import readdress_plan

    plan, _raw = readdress_plan(ctx.app, mail_id)
    return plan.refusal


def _piece_path(ctx: Ctx, ref: str, piece_id: int):
    """(the piece, the path of its file) or (None, the page refusing it)."""
    with session(ctx.app.engine) as s:
        case, refused = _case_or_404(ctx, s, ref)
        if refused:
            return None, refused
        piece = pieces.on_case(s, case.id, piece_id)
    if piece is None or not _SHA256.fullmatch(piece.sha256 or ""):
        return None, ctx.refuse(404, "Cette pièce n'appartient pas à ce dossier.")
    path = ctx.app.blobs.path(piece.sha256)
    if not path.is_file():
        return None, ctx.refuse(410, "Le fichier de cette pièce n'est plus conservé.")
    return piece, path


@page()
def piece_file(ctx: Ctx, ref: str, piece_id: int):
    """The file itself: PDF and pictures shown in the browser, anything else downloaded; never sniffed. A PDF that
    may carry JavaScript (core/pdf_script.py) is downloaded too."""
    piece, path = _piece_path(ctx, ref, piece_id)
    if piece is None:
        return path
    mime = INLINE_TYPES.get(piece.detected_type)
    if mime == "application/pdf" and scripted_pdf(ctx.app.blobs, piece.sha256):
        mime = None  # Chromium's viewer runs a PDF's JavaScript, its dialogs named after the console: downloaded
    name = filenames.safe_name(piece.filename, piece.detected_type)  # the extension of what it is (stored before)
    headers = {"content-disposition": disposition("inline" if mime else "attachment", name),
               "content-security-policy": FILE_CSP, "cache-control": "private, no-store"}
    return FileResponse(path, media_type=mime or "application/octet-stream", headers=headers)


@page()
def piece_preview(ctx: Ctx, ref: str, piece_id: int):
    """A picture the browser cannot show (HEIC, AVIF, TIFF, BMP: adapters/pictures.py) as a JPEG to look at, made
    now in a reading process and never stored; the file itself stays what `piece_file` gives."""
    from intake.adapters.readers import ReaderPool
    from intake.adapters.scratch import scratch_root

    piece, path = _piece_path(ctx, ref, piece_id)
    if piece is None:
        return path
    if piece.detected_type not in PREVIEW_TYPES:
        return ctx.refuse(404, "Cette pièce s'ouvre telle quelle : pas d'aperçu converti pour elle.")
    try:
        with readers, ReaderPool(1, scratch_root(ctx.app.settings.data_dir)) as pool:
            jpeg = pool.preview(path.read_bytes(), PREVIEW_SECONDS)
    except Exception as exc:  # noqa: BLE001 - whatever the file does to the decoder: said, and the file stays
        log.warning("no preview of piece %s of %s: %s", piece_id, ref, type(exc).__name__)  # not its text: the file
        why = str(exc) if isinstance(exc, IntakeError) else f"elle ne se décode pas : {type(exc).__name__}"
        return ctx.refuse(422, f"Aperçu impossible de l'image « {piece.filename} » ({why}). Téléchargez le "
                               "fichier pour l'ouvrir.")
    name = filenames.safe_name(f"{piece.filename}.jpg", "jpg")
    headers = {"content-disposition": disposition("inline", name), "content-security-policy": FILE_CSP,
               "cache-control": "private, no-store"}
    return Response(jpeg, media_type="image/jpeg", headers=headers)


def _case_message(ctx: Ctx, ref: str, inbound_id: int):
    """(case, its message's ledger row, None), or (None, None, the refusal: no such case, or not its message)."""
    with session(ctx.app.engine) as s:
        case, refused = _case_or_404(ctx, s, ref)
        if refused:
            return None, None, refused
        row = ledger.on_case(s, case.id, inbound_id)
    if row is None:
        return None, None, ctx.refuse(404, "Ce message n'appartient pas à ce dossier.")
    return case, row, None


@page()
def message_page(ctx: Ctx, ref: str, inbound_id: int):
    """A message as received, read as text: headers, text, the list of its files. Its HTML is never shown."""
    case, row, refused = _case_message(ctx, ref, inbound_id)
    if refused:
        return refused
    seconds = view_seconds(ctx.app)

    def parse(raw: bytes, raw_sha256: str):
        with readers:
            return parsed_as_polled(ctx.app, raw, raw_sha256, seconds)

    view = mailview.incoming(ctx.app.blobs, row.raw_sha256, ctx.app.settings.timezone, parse=parse)
    return ctx.render("message.html", case=case, row=row, view=view,
                      kept=bool(row.raw_sha256) and ctx.app.blobs.path(row.raw_sha256).is_file())


@page()
def message_file(ctx: Ctx, ref: str, inbound_id: int):
    """The message as it came, to open in a mail program: downloaded, never shown (as the quarantine's)."""
    case, row, refused = _case_message(ctx, ref, inbound_id)
    if refused:
        return refused
    path = ctx.app.blobs.path(row.raw_sha256) if row.raw_sha256 else None
    if path is None or not path.is_file():
        return ctx.refuse(410, "Le message lui-même n'est pas conservé (seule sa trace l'est).")
    return FileResponse(path, media_type="application/octet-stream", headers={
        "content-disposition": disposition("attachment", f"{case.reference}-message-{row.id}.eml"),
        "content-security-policy": FILE_CSP, "cache-control": "private, no-store"})


@page()
def mail_page(ctx: Ctx, ref: str, number: int):
    """A mail we sent, exactly as sent: its headers, text and whole source."""
    with session(ctx.app.engine) as s:
        case, refused = _case_or_404(ctx, s, ref)
        if refused:
            return refused
        mails = outbox.of_case(s, case.id)
    if not 1 <= number <= len(mails):
        return ctx.refuse(404, f"Le dossier {case.reference} n'a pas de courriel n° {number}.")
    row = mails[number - 1]
    if ctx.request.query_params.get("source") == "eml":
        return Response(row.raw, media_type="message/rfc822", headers={
            "content-disposition": disposition("attachment", f"{case.reference}-courriel-{number}.eml"),
            "content-security-policy": FILE_CSP})
    # a mail held or failed is sent (or marked handled) from its page of « Envois à voir », which lists only the oldest
    # (a flood of held acknowledgements): its case leads there too
    readdress_to = ""
    if row.status in NEEDS_STAFF:
        from intake.commands.mailqueue import readdress_plan

        plan, _raw = readdress_plan(ctx.app, row.id)
        readdress_to = "" if plan.refusal else plan.to_addr
    return ctx.render("mail.html", case=case, row=row, number=number, view=mailview.sent(row.raw),
                      needs_staff=row.status in NEEDS_STAFF, readdress_to=readdress_to)


routes = [
    Route("/cases/{ref}", case_page, methods=["GET"]),
    Route("/cases/{ref}/pieces/{piece_id:int}", piece_file, methods=["GET"]),
    Route("/cases/{ref}/pieces/{piece_id:int}/apercu.jpg", piece_preview, methods=["GET"]),
    Route("/cases/{ref}/messages/{inbound_id:int}", message_page, methods=["GET"]),
    Route("/cases/{ref}/messages/{inbound_id:int}/message.eml", message_file, methods=["GET"]),
    Route("/cases/{ref}/mails/{number:int}", mail_page, methods=["GET"]),
]
