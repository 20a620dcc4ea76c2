"""What `intake purge` prints: the report of a run (or of a dry run) and the purge log, in French for staff and
the DPO."""

from __future__ import annotations

from intake.app import App
from intake.commands.purge import UPCOMING_DAYS, PurgeReport
from intake.core.french import size
from intake.core.retention import RULES
from intake.store.database import session
from intake.store.deletion import purge_log

LABELS = {**RULES, "minimisation": "contenu d'un message non retenu", "effacement": "effacement à la demande",
          "fichiers": "fichiers supprimés du disque"}


def print_report(app: App, report: PurgeReport, echo) -> None:
    tz = app.settings.timezone
    if report.dry_run:
        echo("Simulation (--dry-run) : rien n'est supprimé ; voici ce que ferait « intake purge ».")
    if not report.cases and not report.counts and not report.files:
        echo("Rien à supprimer aujourd'hui.")
    if report.cases:
        echo(f"Dossiers {'qui seraient supprimés' if report.dry_run else 'supprimés'} ({len(report.cases)}) ; "
             "il reste de chacun une ligne statistique anonyme :")
        for reference, rule in report.cases:
            echo(f"  {reference:<15} règle {rule} : {RULES.get(rule, rule)}")
    for rule, count in report.counts.items():
        echo(f"Règle {rule} : {count} enregistrement(s) {'concerné(s)' if report.dry_run else 'traité(s)'} "
             f"({LABELS.get(rule, rule)})")
    if report.files:
        echo(f"Fichiers : {report.files} ({size(report.bytes)}) {'seraient libérés' if report.dry_run else 'libérés'}")
    if report.postponed:
        echo("Les fichiers seront effacés du disque à la prochaine purge (une relève était en cours).")
    if report.upcoming:
        echo(f"À venir dans les {UPCOMING_DAYS} jours :")
        for reference, rule, at in report.upcoming:
            echo(f"  {reference:<15} le {at.astimezone(tz):%d/%m/%Y} (règle {rule})")


def print_log(app: App, echo) -> None:
    tz = app.settings.timezone
    with session(app.engine) as s:
        entries = purge_log(s)
    if not entries:
        echo("Journal des suppressions : vide.")
        return
    for e in entries:
        files = f" ; {e.files} fichier(s)" + (f", {size(e.bytes)}" if e.bytes else "") if e.files else ""
        echo(f"{e.at.astimezone(tz):%d/%m/%Y %H:%M}  {e.rule:<20} {e.reference + ' : ' if e.reference else ''}"
             f"{e.what}{files} [{e.actor}]")
