"""The admin's mail templates (templates/), rendered with Jinja2.

Errors become RulesError naming the template file, the line and the problem.
"""

from __future__ import annotations

import hashlib
import re
from functools import cached_property
from pathlib import Path

from intake.errors import RulesError


class Templates:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    @cached_property
    def env(self):
        """Jinja2, imported on the first mail to render (a poll with nothing new sends none)."""
        import jinja2

        return jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self.directory)),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
            keep_trailing_newline=True,
        )

    def fingerprint(self, *more: Path) -> str:
        """What the templates are now (every file's name, size and modification time, and those of `more`):
        a check that passed for the same fingerprint need not run again."""
        files = sorted(p for p in self.directory.rglob("*") if p.is_file())
        parts = [str(self.directory.resolve())] + [
            f"{p}:{st.st_size}:{st.st_mtime_ns}" for p in (*files, *more) for st in [p.stat()]]
        return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()

    def render(self, name: str, context: dict) -> str:
        import jinja2

        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateNotFound as exc:
            raise RulesError(str(self.directory / name), None,
                             f"template missing (looked for {exc.name}): restore it from the project's "
                             "templates/") from None
        except jinja2.TemplateSyntaxError as exc:
            raise RulesError(exc.filename or str(self.directory / name), exc.lineno,
                             f"template syntax error: {exc.message}") from None
        except jinja2.UndefinedError as exc:
            raise RulesError(str(self.directory / name), _line(exc),
                             f"{exc.message}: use only the variables listed at the top of the template") from None

    def render_mail(self, folder: str, context: dict) -> tuple[str, str, str]:
        """(subject, text, html) from <folder>/subject.j2, body.txt.j2, body.html.j2."""
        subject = " ".join(self.render(f"{folder}/subject.j2", context).split())
        text = re.sub(r"[ \t]+\n", "\n", self.render(f"{folder}/body.txt.j2", context))
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"  # blank lines left by template tags
        return subject, text, self.render(f"{folder}/body.html.j2", context)


def _line(exc: Exception) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
