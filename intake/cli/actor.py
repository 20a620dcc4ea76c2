"""`--by`: who acts, for a case's history, the purge log and the outbox (default: the login at the keyboard).

Staff type it: it is kept to one line, as the dossier's fields are (core/fields.py `one_line`), so that a name
holding a line break cannot print a line of its own in the command's output, the history or an export."""

from __future__ import annotations

import click

from intake.core.fields import one_line


def _actor(ctx: click.Context, param: click.Parameter, typed: str | None) -> str:
    from intake.commands.staff import who

    return one_line(typed or "") or who()


def actor_option(who_does_it: str):
    """The `--by` option, passed to the command as `actor` (never empty); `who_does_it` begins its help."""
    return click.option("--by", "actor", default=None, callback=_actor,
                        help=f"{who_does_it} (default: your login).")
