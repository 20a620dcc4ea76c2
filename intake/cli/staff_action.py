"""What every staff action on the command line shares.

`--by` (`actor_option`): who acts, for a case's history, the purge log and the outbox (default: the login at
the keyboard). Staff type it: it is kept to one line, as the dossier's fields are (core/fields.py `one_line`),
so that a name holding a line break cannot print a line of its own in the command's output, the history or
an export.
`case_command`: the shape of `intake case REF ACTION ...` (the reference first, errors as one line).
`send_and_say`: send what an action queued, then say what was done.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from intake.cli.guard import guard
from intake.cli.output import echo
from intake.cli.usage_fr import FrenchCommand
from intake.core.fields import one_line


def _actor(ctx: click.Context, param: click.Parameter, typed: str | None) -> str:
    from intake.commands.staff import who

    return one_line(typed or "") or who()


def actor_option(who_does_it: str):
    """The `--by` option, passed to the command as `actor` (never empty); `who_does_it` begins its help."""
    return click.option("--by", "actor", default=None, callback=_actor, metavar="NOM",
                        help=f"{who_does_it} (par défaut : $INTAKE_USER, sinon votre identifiant de connexion).")


class CaseAction(FrenchCommand):
    """A command of `intake case REF ...`: its usage line reads as it is typed (`intake case REF status [OPTIONS]
    STATUT`, `intake case REF [OPTIONS]` for the case itself), not as click would put it."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        options, reference, *own = super().collect_usage_pieces(ctx)
        return [reference, options, *own] if self.name == "show" else [reference, self.name or "", options, *own]


def case_command(name: str) -> Callable[[Callable], click.Command]:
    """`intake case REF NAME ...`, above the command's own arguments and options: the function gets the click
    context, then REFERENCE, then its own parameters; the package's errors become one line and an exit code."""

    def make(fn: Callable) -> click.Command:
        return click.command(name, cls=CaseAction, params=[click.Argument(["reference"], metavar="REF")])(
            click.pass_context(guard(fn)))

    return make


def send_and_say(app, *lines: str) -> None:
    """Send what the action queued (a completion notice, an update), then print what was done."""
    from intake.pipeline.send import send_due

    send_due(app)
    for line in lines:
        echo(line)
