"""`intake case REF field | received | seen | discard`: staff correct what the service read or recorded about a
case, or discard a case that is not an application (intake/commands/staff.py and discard.py do the work)."""

from __future__ import annotations

import click

from intake.cli.guard import app_of
from intake.cli.output import echo
from intake.cli.staff_action import actor_option, case_command
from intake.core.french import count


@case_command("field")
@click.argument("key")
@click.argument("value")
@actor_option("Who corrects")
def case_field(ctx: click.Context, reference: str, key: str, value: str, actor: str) -> None:
    """Set a field of the dossier (a key of rules/fields.toml); "-" empties it."""
    from intake.commands.staff import edit_field

    echo(edit_field(app_of(ctx.find_root()), reference, key, value, actor))


@case_command("received")
@click.argument("date")
@click.option("--note", default="", help="Why (kept in the history), e.g. « transfert du 28/11 ; reçu le 26/11 ».")
@actor_option("Who corrects")
def case_received(ctx: click.Context, reference: str, date: str, note: str, actor: str) -> None:
    """Correct the date of receipt: 2026-11-26 or 26/11/2026, optionally with the time (14:30)."""
    from intake.commands.postal import parse_received
    from intake.commands.staff import correct_received

    app = app_of(ctx.find_root())
    echo(correct_received(app, reference, parse_received(date, app), note, actor))


@case_command("seen")
@click.option("--note", default="", help="What was done (kept in the history).")
@actor_option("Who")
def case_seen(ctx: click.Context, reference: str, note: str, actor: str) -> None:
    """What « À voir » says is dealt with: clear it (the history keeps what it said)."""
    from intake.commands.staff import mark_seen

    echo(mark_seen(app_of(ctx.find_root()), reference, actor, note))


@case_command("discard")
@click.option("--reason", required=True, help="Why it is not an application (written to the purge log; no personal "
                                              "data).")
@actor_option("Who discards it")
def case_discard(ctx: click.Context, reference: str, reason: str, actor: str) -> None:
    """Not an application: delete the case now, as the purge does."""
    from intake.commands.discard import discard

    done = discard(app_of(ctx.find_root()), reference, reason, actor)
    echo(f"{done.reference} classé sans suite (pas une candidature) et supprimé : {count(done.pieces, 'pièce')}, "
         f"{count(done.messages, 'message')}, {count(done.mails, 'courriel')}, "
         f"{count(done.files, 'fichier effacé', 'fichiers effacés')} du disque ; "
         "il en reste une ligne statistique anonyme et une ligne au journal des suppressions (intake purge --log)")
