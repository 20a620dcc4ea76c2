"""`/jury`: complete and admissible cases by category and theme, with the criteria each claims; ZIP exports."""

from __future__ import annotations

import functools
import logging
import os
import threading

from starlette.background import BackgroundTask
from starlette.responses import FileResponse
from starlette.routing import Route

from intake.core.fields import derive
from intake.core.labels import decision as decision_label
from intake.core.labels import status as status_label
from intake.core.statuses import DECISIONS
from intake.store import caselist, cases
from intake.store.caselist import CaseRow
from intake.store.database import session
from intake.web import export
from intake.web.console import Ctx, page
from intake.web.routes.case import PREVIEW_SECONDS, field_rows
from intake.web.security import disposition

log = logging.getLogger("intake.web")
NO_CATEGORY, NO_THEME = "Catégorie non indiquée", "Thème non indiqué"


def groups(rows: list[CaseRow], rules) -> list[tuple[str, list[tuple[str, list[CaseRow]]]]]:
    """[(category, [(theme, rows)])], named categories and themes first, in order. A case whose theme was not
    read goes under the theme its sub-theme belongs to (rules/fields.toml: `parent`)."""
    tree: dict[str, dict[str, list]] = {}
    for row in rows:
        fields = derive(row.case.fields or {}, rules.fields)
        tree.setdefault(fields.get("categorie") or NO_CATEGORY, {}).setdefault(fields.get("theme") or NO_THEME,
                                                                               []).append(row)

    def order(name: str, missing: str):
        return (name == missing, name)

    return [(category, [(theme, tree[category][theme]) for theme in sorted(tree[category],
                                                                          key=lambda t: order(t, NO_THEME))])
            for category in sorted(tree, key=lambda c: order(c, NO_CATEGORY))]


@page()
def jury(ctx: Ctx):
    with session(ctx.app.engine) as s:
        rows = caselist.jury_cases(s)
    return ctx.render("jury.html", groups=groups(rows, ctx.app.rules), total=len(rows), label=ctx.app.rules.label)


def _export(ctx: Ctx, s, case) -> export.CaseExport:
    """What the jury gets of a case: no history, no email address (intake/web/export.py)."""
    rules = ctx.app.rules
    file = cases.case_file(s, case)
    decisions = [e for e in file.events if e.kind == "decision"]
    received = {m.id: m.internal_date for m in file.messages}
    hidden = {r.key for r in rules.fields if not r.jury}
    fields = {k: v for k, v in derive(case.fields or {}, rules.fields).items() if k not in hidden}
    return export.CaseExport(
        case=case, pieces=file.pieces, fields=field_rows(rules, fields), status_text=status_label(case.status),
        # the day the completion notice gave (the implicit-decision period runs from it), not the day of filing
        complete_received=cases.complete_file_received(s, case),
        decided=(decision_label(case.status), decisions[-1].at) if decisions and case.status in DECISIONS else None,
        received={p.id: received.get(p.inbound_id or 0) or p.created_at for p in file.pieces})


_building = threading.Lock()


def _build(app, exports: list[export.CaseExport], now, index: bytes | None = None):
    """One ZIP built at a time (each may hold every piece of every case for the jury: several requests at once
    would multiply the disk it takes), in data_dir/exports; what a dead process left there is swept first."""
    from intake.adapters.readers import ReaderPool
    from intake.adapters.scratch import scratch_root

    with _building, ReaderPool(1, scratch_root(app.settings.data_dir)) as pool:
        folder = export.exports_dir(app.settings.data_dir)
        export.sweep(folder)
        return export.build_zip(exports, app.blobs, app.settings.timezone, now, app.rules.label, index=index,
                                folder=folder, preview=functools.partial(_jpeg_copy, pool))


def _jpeg_copy(pool, content: bytes) -> bytes | None:
    """A picture the jury may not open (HEIC...) as a JPEG (adapters/pictures.py), or None when it cannot be: the
    file alone then goes in the ZIP."""
    try:
        return pool.preview(content, PREVIEW_SECONDS)
    except Exception as exc:  # noqa: BLE001 - whatever the file does to the decoder: the original is there
        log.warning("no JPEG copy of a picture for the jury: %s", type(exc).__name__)  # its text may quote the file
        return None


def _zip_response(path, name: str) -> FileResponse:
    return FileResponse(path, media_type="application/zip", background=BackgroundTask(os.unlink, path),
                        headers={"content-disposition": disposition("attachment", name)})


CROSS_SITE = ("Téléchargement refusé : il a été demandé depuis un autre site. Ouvrez la console et cliquez sur le "
              "bouton de téléchargement.")


def _from_another_site(ctx: Ctx) -> bool:
    """A ZIP asked for by a link or a page of another site (the browser says so: Sec-Fetch-Site): building it is
    the heaviest work of the console, and a GET, so the session cookie (SameSite=Lax) goes with such a link. A
    sibling site (www.ville-bethune.fr beside the console's name, another port of its host) is « same-site » for
    the browser, and its links carry that cookie too: refused as well. The console's own buttons, a typed address
    and a bookmark are same-origin or « none »; a browser that does not say is let through."""
    return ctx.request.headers.get("sec-fetch-site", "") in ("cross-site", "same-site")


@page()
def case_zip(ctx: Ctx, ref: str):
    if _from_another_site(ctx):
        return ctx.refuse(403, CROSS_SITE)
    app = ctx.app
    with session(app.engine) as s:
        case, _alias = cases.resolve(s, ref)
        if case is None:
            return ctx.refuse(404, f"Aucun dossier {ref}.")
        x = _export(ctx, s, case)
    path = _build(app, [x], app.clock())
    return _zip_response(path, f"{case.reference}.zip")


@page()
def meeting_zip(ctx: Ctx):
    if _from_another_site(ctx):
        return ctx.refuse(403, CROSS_SITE)
    app = ctx.app
    with session(app.engine) as s:
        rows = caselist.jury_cases(s)
        grouped = groups(rows, app.rules)
        exports = [_export(ctx, s, row.case) for _, themes in grouped for _, items in themes for row in items]
    now = app.clock()
    index = export.index_pdf(grouped, app.settings.timezone, now)
    path = _build(app, exports, now, index)
    return _zip_response(path, f"jury-{now.astimezone(app.settings.timezone):%Y-%m-%d}.zip")


routes = [
    Route("/jury", jury, methods=["GET"]),
    Route("/jury/export.zip", meeting_zip, methods=["GET"]),
    Route("/cases/{ref}/export.zip", case_zip, methods=["GET"]),
]
