"""`intake purge`, `intake person`, `intake stats`: the retention rules applied, a person's rights, and the
statistics that survive the purge; what the purge prints (the report of a run or a dry run, the purge log),
in French for staff and the DPO."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from intake.cli import main
from intake.cli.guard import Failure, app_of, guard, in_folder, writing
from intake.cli.output import echo, json_text
from intake.cli.staff_action import actor_option
from intake.core import labels
from intake.core.french import agree, count, size
from intake.core.retention import (
    ERASURE,
    MINIMISATION,
    NOT_AN_APPLICATION,
    OPTIONAL,
    PIECE_REMOVED,
    RULES,
    SIGN_INS,
    UNDECIDED_CASES,
)
from intake.errors import IntakeError

if TYPE_CHECKING:  # the database layer is imported only when a command needs it (start-up speed)
    from intake.app import App
    from intake.commands.purge import PurgeReport

LABELS = {**RULES, **OPTIONAL, MINIMISATION: "contenu d'un message non retenu", ERASURE: "effacement à la demande",
          # what the purge itself deletes under `connexions` (RULES says the rule, which is journald's to apply)
          SIGN_INS: "sessions, liens et demandes de lien de la console, un jour après leur fin ; heures de visite "
                    "des anciens agents ; le journal système des connexions, lui, suit la durée de journald",
          NOT_AN_APPLICATION: "dossier classé sans suite : pas une candidature",
          PIECE_REMOVED: "pièce ajoutée à la main par erreur, retirée du dossier",
          "fichiers": "fichiers supprimés du disque"}


def print_report(app: App, report: PurgeReport, echo) -> None:
    from intake.commands.purge import UPCOMING_DAYS

    tz = app.settings.timezone
    if report.dry_run:
        echo("Simulation (--dry-run) : rien n'est supprimé ; voici ce que ferait « intake purge ».")
    if not report.cases and not report.counts and not report.files:
        echo("Rien à supprimer aujourd'hui.")
    if report.cases:
        echo(f"Dossiers {'qui seraient supprimés' if report.dry_run else 'supprimés'} ({len(report.cases)}) ; "
             "il reste de chacun une ligne statistique, sans nom ni contenu :")
        for reference, rule in report.cases:
            echo(f"  {reference:<15} règle {rule} : {RULES.get(rule, rule)}")
    for rule, n in report.counts.items():
        done = ("concerné", "concernés") if report.dry_run else ("traité", "traités")
        echo(f"Règle {rule} : {count(n, 'enregistrement')} {done[0] if n < 2 else done[1]} ({LABELS.get(rule, rule)})")
    if report.files:
        freed = ("serait libéré", "seraient libérés") if report.dry_run else ("libéré", "libérés")
        echo(f"{count(report.files, 'fichier')} ({size(report.bytes)}) {freed[0] if report.files < 2 else freed[1]}")
    if report.postponed:
        echo("Les fichiers seront effacés du disque à la prochaine purge (une relève était en cours).")
    if report.undecided:
        months = app.rules.retention.undecided_flag_months if app.rules.retention else "?"
        echo(f"Dossiers sans décision ni nouvelle depuis plus de {months} mois ({len(report.undecided)}) : "
             f"décidez, ou notez pourquoi ils attendent ; sinon la règle {UNDECIDED_CASES} les supprimera :")
        for u in report.undecided:
            echo(f"  {u.reference:<15} {labels.status(u.status):<11} sans nouvelle depuis le "
                 f"{u.since.astimezone(tz):%d/%m/%Y}, sera supprimé le {u.deleted_at.astimezone(tz):%d/%m/%Y}")
    if report.upcoming:
        echo(f"À venir dans les {UPCOMING_DAYS} jours :")
        for reference, rule, at in report.upcoming:
            echo(f"  {reference:<15} le {at.astimezone(tz):%d/%m/%Y} (règle {rule})")


def print_log(app: App, echo) -> None:
    from intake.store.database import session
    from intake.store.deletion import purge_log

    tz = app.settings.timezone
    with session(app.engine) as s:
        entries = purge_log(s)
    if not entries:
        echo("Journal des suppressions : vide.")
        return
    for e in entries:
        files = f" ; {count(e.files, 'fichier')}" + (f", {size(e.bytes)}" if e.bytes else "") if e.files else ""
        echo(f"{e.at.astimezone(tz):%d/%m/%Y %H:%M}  {e.rule:<20} {e.reference + ' : ' if e.reference else ''}"
             f"{e.what}{files} [{e.actor}]")


@main.command()
@click.option("--dry-run", is_flag=True, help="Montrer ce qui serait supprimé, sans rien supprimer.")
@click.option("--log", "show_log", is_flag=True,
              help="Afficher le journal des suppressions (chacune : quand, quoi, selon quelle règle).")
@actor_option("Qui la lance, pour le journal des suppressions")
@click.pass_context
@guard
def purge(ctx: click.Context, dry_run: bool, show_log: bool, actor: str) -> None:
    """Supprimer ce dont la durée de conservation est écoulée.

    Applique maintenant rules/retention.toml : supprime les dossiers, contenus de messages,
    enregistrements et fichiers dont la durée de conservation est écoulée. Chaque dossier supprimé
    laisse une ligne statistique sans nom ni contenu (intake stats) ; chaque suppression est inscrite au journal des
    suppressions (--log). Liste aussi les dossiers qui attendent une décision depuis trop longtemps
    ([dossiers_sans_decision] signaler_apres_mois), avec le jour où chacun sera supprimé, et les dossiers
    qui le seront dans les 30 jours. Le service (intake run) la lance chaque jour à [privacy] purge_time.

    \b
    Exemple : intake purge --dry-run
    """
    from intake.commands.purge import purge as run_purge

    app = app_of(ctx, create=not (dry_run or show_log), reading=dry_run or show_log)
    if show_log:
        print_log(app, echo)
        return
    print_report(app, run_purge(app, dry_run=dry_run, actor=actor), echo)


@main.command()
@click.argument("address", metavar="ADRESSE")
@click.option("--export", "do_export", is_flag=True,
              help="Écrire dans un fichier ZIP tout ce qui est conservé sur ADRESSE (un index JSON et les fichiers).")
@click.option("--output", type=click.Path(), default=None, metavar="FICHIER",
              help="Avec --export : le ZIP à écrire, ou le dossier où l'écrire (par défaut : "
                   "intake-export-ADRESSE-AAAAMMJJ.zip, dans le dossier courant).")
@click.option("--erase", "do_erase", is_flag=True,
              help="Effacer tout ce qui est conservé sur ADRESSE : les dossiers de la personne, ses messages, les "
                   "courriels qui lui ont été envoyés, son adresse citée dans les dossiers d'autres demandeurs.")
@click.option("--force", is_flag=True, help="Avec --erase : effacer même un dossier encore ouvert.")
@actor_option("Qui agit, pour le journal des suppressions")
@click.pass_context
@guard
def person(ctx: click.Context, address: str, do_export: bool, output: str | None, do_erase: bool, force: bool,
           actor: str) -> None:
    """Les droits d'une personne (RGPD) : --export ou --erase.

    ADRESSE est l'adresse électronique de la personne. --export écrit tout ce qui est conservé sur elle
    dans un fichier ZIP ; --erase l'efface. Pour un dossier papier sans adresse (intake case new), donnez
    sa référence complète (BSC-2026-0012) à la place : le dossier et les récapitulatifs qui le citent sont concernés.

    Ses dossiers sont ceux où ADRESSE est le demandeur, ou une adresse confirmée du demandeur (intake case
    REF address) ; dans les dossiers des autres, seuls ses propres messages et les mentions de son adresse
    sont concernés.

    --erase refuse tant qu'un de ses dossiers est ouvert (incomplet, complet, à vérifier, recevable), sauf
    avec --force ; chaque dossier effacé laisse une ligne statistique sans nom ni contenu, et l'effacement est inscrit
    au journal des suppressions (sans l'adresse).

    \b
    Exemple : intake person jeanne@exemple.fr --export
    Exemple : intake person BSC-2026-0012 --erase
    """
    from intake.commands.person import erase, export, who_of

    if do_export == do_erase:
        raise Failure("person : choisissez --export ou --erase", 2)
    if force and not do_erase:
        raise Failure("person : --force ne s'emploie qu'avec --erase", 2)
    try:
        who = who_of(address)
    except IntakeError as exc:  # a name, or a typo: a usage error (exit 2), with the usage line
        raise click.BadParameter(str(exc), param_hint="ADRESSE") from None
    app = app_of(ctx, reading=do_export)
    if do_export:
        target = in_folder(output, f"intake-export-{who.key}-{app.clock():%Y%m%d}.zip")
        with writing(target, "--output"):
            path, found = export(app, address, target)
        echo(f"{path} : {count(len(found.own), 'dossier')}, {count(len(found.elsewhere), 'message')} dans "
             f"d'autres dossiers, {count(len(found.ledger), 'message non retenu', 'messages non retenus')}, "
             f"{count(len(found.digests), 'récapitulatif qui la cite', 'récapitulatifs qui la citent')}"
             + (f", {count(found.mentioned, 'message')} d'autres personnes où elle figure (transfert, message joint, "
                "destinataire)" if found.mentioned else ""))
        return
    done = erase(app, address, force, actor)
    echo(f"Effacé : {count(len(done.cases), 'dossier')} ({', '.join(done.cases) or '-'}), "
         f"{count(done.ledger, 'message non retenu', 'messages non retenus')}, "
         f"{count(done.digests, 'récapitulatif')}, {count(done.scrubbed, 'mention remplacée', 'mentions remplacées')}"
         + (f", {count(done.named, 'mention')} comme adresse citée dans d'autres dossiers" if done.named else "")
         + (", l'adresse signalée" if done.address else "")
         + f" ; {count(done.files, 'fichier supprimé', 'fichiers supprimés')}")
    if done.elsewhere:
        echo("Non effacé (dossiers d'autres demandeurs où figurent ses messages, l'adresse dans leurs messages "
             "(transfert, message joint, destinataire) ou des courriels à cette adresse, à voir par le service) : "
             + ", ".join(done.elsewhere))
    if done.mentioned_unfiled:
        echo(f"Non effacé : {count(done.mentioned_unfiled, 'message')} d'autres personnes en quarantaine qui "
             "citent l'adresse (supprimés au terme de la règle quarantaine, ou par intake quarantine dismiss)")


@main.command()
@click.option("--json", "as_json", is_flag=True,
              help="Afficher un tableau JSON, un objet par année (pour les scripts).")
@click.pass_context
@guard
def stats(ctx: click.Context, as_json: bool) -> None:
    """Compter les candidatures, année par année.

    Pour chaque année : par statut, par catégorie, par thème.

    Les dossiers supprimés depuis par la purge y restent comptés (il en reste une ligne statistique
    sans nom ni contenu) ; les dossiers classés sans suite parce que ce n'étaient pas des candidatures (intake case
    REF discard) sont comptés à part.

    \b
    Exemple : intake stats --json
    """
    from intake.commands.stats import statistics

    years = statistics(app_of(ctx, reading=True))
    if as_json:
        echo(json_text(years))
        return
    if not years:
        echo("Aucune candidature.")
    for y in years:
        discarded = count(y["discarded"], "dossier classé sans suite, pas une candidature",
                          "dossiers classés sans suite, pas des candidatures")
        echo(f"{y['year']} : {count(y['cases'], 'candidature')}, dont {y['deleted']} "
             f"{agree(y['deleted'], 'supprimée')} depuis (il en reste la ligne statistique)"
             + (f" ; {discarded}" if y["discarded"] else ""))
        echo("  par statut : " + ", ".join(f"{labels.status(k)} {v}" for k, v in y["by_status"].items()))
        for title, key in (("catégorie", "by_category"), ("thème", "by_theme")):
            echo(f"  par {title} : " + ", ".join(f"{k} {v}" for k, v in y[key].items()))
