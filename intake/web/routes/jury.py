"""`/jury`: complete and admissible cases by category and theme, with the criteria each claims; ZIP exports."""

from __future__ import annotations

import os

from starlette.background import BackgroundTask
from starlette.responses import FileResponse
from starlette.routing import Route

from intake.store import caselist, cases
from intake.store.caselist import CaseRow
from intake.store.database import session
from intake.web import export
from intake.web.console import Ctx, page
from intake.web.render import status_label
from intake.web.routes.case import field_rows
from intake.web.security import disposition

NO_CATEGORY, NO_THEME = "Catégorie non indiquée", "Thème non indiqué"


def groups(rows: list[CaseRow]) -> list[tuple[str, list[tuple[str, list[CaseRow]]]]]:
    """[(category, [(theme, rows)])], named categories and themes first, in order."""
    tree: dict[str, dict[str, list]] = {}
    for row in rows:
        fields = row.case.fields or {}
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
    return ctx.render("jury.html", groups=groups(rows), total=len(rows), label=ctx.app.rules.label)


def _export(ctx: Ctx, s, case) -> export.CaseExport:
    file = cases.case_file(s, case)
    return export.CaseExport(case=case, pieces=file.pieces, events=file.events,
                             fields=field_rows(ctx.app.rules, case.fields or {}), status_text=status_label(case.status))


def _zip_response(path, name: str) -> FileResponse:
    return FileResponse(path, media_type="application/zip", background=BackgroundTask(os.unlink, path),
                        headers={"content-disposition": disposition("attachment", name)})


@page()
def case_zip(ctx: Ctx, ref: str):
    app = ctx.app
    with session(app.engine) as s:
        case, _alias = cases.resolve(s, ref)
        if case is None:
            return ctx.refuse(404, f"Aucun dossier {ref}.")
        x = _export(ctx, s, case)
    path = export.build_zip([x], app.blobs, app.settings.timezone, app.clock(), app.rules.label)
    return _zip_response(path, f"{case.reference}.zip")


@page()
def meeting_zip(ctx: Ctx):
    app = ctx.app
    with session(app.engine) as s:
        rows = caselist.jury_cases(s)
        grouped = groups(rows)
        exports = [_export(ctx, s, row.case) for _, themes in grouped for _, items in themes for row in items]
    now = app.clock()
    index = export.index_pdf(grouped, app.settings.timezone, now)
    path = export.build_zip(exports, app.blobs, app.settings.timezone, now, app.rules.label, index=index)
    return _zip_response(path, f"jury-{now.astimezone(app.settings.timezone):%Y-%m-%d}.zip")


routes = [
    Route("/jury", jury, methods=["GET"]),
    Route("/jury/export.zip", meeting_zip, methods=["GET"]),
    Route("/cases/{ref}/export.zip", case_zip, methods=["GET"]),
]
