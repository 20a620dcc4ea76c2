"""`/admin/rules` (admin only): the result of `intake rules check`, the settings that hold mail or set it aside (in
French, web/settings_said.py) and the rules and templates in force, read-only."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Route

from intake.adapters import textfile
from intake.web.console import Ctx, page
from intake.web.settings_said import said

MAX_SHOWN = 200_000  # characters of one file


def check(settings) -> tuple[bool, list[str], list[str]]:
    """What `intake rules check` says, on the files as they are now on disk: (passed, what it says first: its « OK »
    line, or each file in error with its first error, the reminders that follow, « À faire » and « À vérifier », one
    each: they ran together in one paragraph)."""
    from intake.adapters.templates import Templates
    from intake.commands.rules_check import check_all, kinds_said, notices

    templates = Templates(settings.templates_dir)
    found, errors = check_all(settings.rules_dir, templates)
    if errors or found is None:
        return False, [str(e) for e in errors], []
    return (True, [f"OK : {settings.rules_dir} ({kinds_said(found)}) et {settings.templates_dir}."],
            notices(templates, found, settings.rules_dir))


def _files(root: Path) -> list[dict]:
    out = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
        try:
            text, _line, problem = textfile.read(path)
        except OSError as exc:
            text, problem = "", str(exc)
        if problem:
            text = f"(illisible : {problem})"
        out.append({"name": str(path.relative_to(root)), "text": text[:MAX_SHOWN], "anchor":
                    "f-" + "".join(c if c.isalnum() else "-" for c in str(path.relative_to(root)))})
    return out


@page(admin=True)
def rules_page(ctx: Ctx):
    settings = ctx.app.settings
    ok, messages, reminders = check(settings)
    return ctx.render("admin_rules.html", ok=ok, messages=messages, reminders=reminders, loaded=ctx.app.rules.version,
                      settings=said(settings, ctx.app.rules.conversation),
                      rules=_files(settings.rules_dir), templates=_files(settings.templates_dir),
                      rules_dir=settings.rules_dir, templates_dir=settings.templates_dir)


routes = [Route("/admin/rules", rules_page, methods=["GET"])]
