"""`intake case REF field | received | seen | discard`: staff correct what the service read or recorded about a
case, or discard a case that is not an application (intake/commands/staff.py and discard.py do the work)."""

from __future__ import annotations

import click

from intake.cli.guard import app_of
from intake.cli.output import echo
from intake.cli.staff_action import actor_option, case_command
from intake.core.french import count


@case_command("field")
@click.argument("key", metavar="CLÉ")
@click.argument("value", metavar="VALEUR")
@actor_option("Qui corrige")
def case_field(ctx: click.Context, reference: str, key: str, value: str, actor: str) -> None:
    """Corriger un champ du dossier (une clé de rules/fields.toml) ; « - » le vide."""
    from intake.commands.staff import edit_field

    echo(edit_field(app_of(ctx.find_root()), reference, key, value, actor))


@case_command("received")
@click.argument("date")
@click.option("--note", default="", metavar="TEXTE",
              help="Pourquoi (gardé dans l'historique), par exemple « transfert du 28/11 ; reçu le 26/11 ».")
@actor_option("Qui corrige")
def case_received(ctx: click.Context, reference: str, date: str, note: str, actor: str) -> None:
    """Corriger la date de réception : 26/11/2026, 2026-11-26, « 26 novembre » ou « hier », éventuellement avec
    l'heure (14:30)."""
    from intake.commands.postal import parse_received
    from intake.commands.staff import correct_received

    app = app_of(ctx.find_root())
    echo(correct_received(app, reference, parse_received(date, app), note, actor))


@case_command("seen")
@click.option("--note", default="", metavar="TEXTE", help="Ce qui a été fait (gardé dans l'historique).")
@actor_option("Qui")
def case_seen(ctx: click.Context, reference: str, note: str, actor: str) -> None:
    """Ce que dit « À voir » est traité : l'effacer (l'historique garde ce qu'il disait)."""
    from intake.commands.staff import mark_seen

    echo(mark_seen(app_of(ctx.find_root()), reference, actor, note))


@case_command("discard")
@click.option("--reason", required=True, metavar="TEXTE",
              help="Pourquoi ce n'est pas une candidature (écrit au journal des suppressions, gardé sans limite "
                   "de durée : aucune donnée personnelle ; une adresse électronique y est remplacée par "
                   "[adresse]).")
@actor_option("Qui le classe sans suite")
def case_discard(ctx: click.Context, reference: str, reason: str, actor: str) -> None:
    """Pas une candidature : supprimer le dossier tout de suite, comme le fait la purge."""
    from intake.commands.discard import discard

    done = discard(app_of(ctx.find_root()), reference, reason, actor)
    echo(f"{done.reference} classé sans suite (pas une candidature) et supprimé : {count(done.pieces, 'pièce')}, "
         f"{count(done.messages, 'message')}, {count(done.mails, 'courriel')}, "
         f"{count(done.files, 'fichier effacé', 'fichiers effacés')} du disque ; "
         "il en reste une ligne statistique sans nom ni contenu et une ligne au journal des suppressions "
         "(intake purge --log)")
