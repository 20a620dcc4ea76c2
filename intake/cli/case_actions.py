"""What staff do to a case from the command line (`intake case REF status|piece|add|address|note|merge|
move-message`, `intake case new`), and `intake reclassify`: each one function of intake/commands/."""

from __future__ import annotations

from pathlib import Path

import click

from intake.cli import main
from intake.cli.guard import Failure, app_of, guard
from intake.cli.output import echo, outbox_line
from intake.cli.staff_action import actor_option, case_command, send_and_say
from intake.cli.usage_fr import FrenchCommand
from intake.core.french import agree, count


@case_command("status")
@click.argument("status", metavar="STATUT")
@click.option("--note", default="", metavar="TEXTE",
              help="Pourquoi, en quelques mots (gardé dans l'historique) ; le motif, obligatoire pour un refus "
                   "(declined, inadmissible).")
@click.option("--notify", is_flag=True,
              help="Envoyer au demandeur le courriel templates/decision/STATUT (une seule fois).")
@click.option("--despite-missing", "despite_missing", is_flag=True,
              help="Décider admissible ou labelled alors que des pièces obligatoires manquent (sans cette "
                   "option, la commande refuse).")
@click.option("--clear-attention", "clear_attention", is_flag=True,
              help="Le « À voir » du dossier est traité : l'effacer avec la décision (sinon, il reste).")
@actor_option("Qui décide")
def case_status(ctx: click.Context, reference: str, status: str, note: str, notify: bool, despite_missing: bool,
                clear_attention: bool, actor: str) -> None:
    from intake.commands.staff import record_decision
    from intake.core import labels
    from intake.core.statuses import STAFF_CHOICES
    from intake.pipeline.send import send_due

    typed = status.strip().lower()  # the contract's word, or the French one the help gives beside it
    status = typed if typed in STAFF_CHOICES else {labels.status(s): s for s in STAFF_CHOICES}.get(typed, status)
    if status not in STAFF_CHOICES:
        raise Failure(f"décision {status!r} : choisissez parmi "
                      + ", ".join(f"{s} ({labels.decision(s)})" for s in STAFF_CHOICES), 2)
    app = app_of(ctx.find_root())
    done = record_decision(app, reference, status, note, actor, notify, confirm_missing=despite_missing,
                           clear_attention=clear_attention)
    echo(f"{done.reference} : {labels.decision(status)}")
    if done.missing and despite_missing:
        echo(f"attention : il manque encore au dossier : {', '.join(done.missing)}", err=True)
    if done.attention:
        echo(f"À voir (toujours affiché ; --clear-attention pour l'effacer) : {done.attention}")
    if notify:
        sent = send_due(app)
        echo(outbox_line(sent, app.settings.timezone))


@case_command("notify")
@actor_option("Qui le prévient")
def case_notify(ctx: click.Context, reference: str, actor: str) -> None:
    from intake.commands.staff import notify_decision  # its help: CASE_HELP's line (case_group.py)
    from intake.pipeline.send import send_due

    app = app_of(ctx.find_root())
    ref = notify_decision(app, reference, actor)
    echo(f"{ref} : avis de décision prêt à partir")
    echo(outbox_line(send_due(app), app.settings.timezone))


@case_command("piece")
@click.argument("file_or_id", metavar="FICHIER-OU-N°")
@click.option("--kind", default=None, metavar="TYPE",
              help="dossier, courrier, visuels (les types de pièces des règles), ou aucune (pas une pièce).")
@click.option("--also", "also", default=None, metavar="TYPE",
              help="Le fichier contient aussi cette pièce (dossier et courrier scannés dans un seul PDF) : elle "
                   "compte comme reçue.")
@click.option("--not-also", "not_also", default=None, metavar="TYPE",
              help="Le fichier ne contient pas cette pièce, contrairement à ce que les règles ont cru : elle est "
                   "de nouveau demandée au demandeur, et relancée.")
@click.option("--remove", is_flag=True,
              help="Retirer du dossier un fichier ajouté à la main par erreur (intake case REF add, ou « Ajouter "
                   "des pièces reçues autrement ») : il est effacé du disque, sauf si un autre dossier contient le "
                   "même fichier ; un fichier arrivé par courriel ne se retire pas (--kind aucune : pas une pièce).")
@click.option("--note", default="", metavar="TEXTE",
              help="Avec --remove : pourquoi, en quelques mots (gardé dans l'historique), par exemple « mauvais "
                   "scan ».")
@actor_option("Qui corrige")
def case_piece(ctx: click.Context, reference: str, file_or_id: str, kind: str | None, also: str | None,
               not_also: str | None, remove: bool, note: str, actor: str) -> None:
    from intake.commands.staff import correct_piece, piece_also
    from intake.core import labels
    from intake.core.casework import NOT_A_PIECE

    if sum(x is not None for x in (kind, also, not_also)) + remove != 1:
        raise Failure("piece : donnez une seule de ces options : --kind TYPE, --also TYPE, --not-also TYPE ou "
                      "--remove", 2)
    if note and not remove:
        raise Failure("piece : --note va avec --remove (pour une autre correction, ajoutez une note : intake case "
                      "REF note TEXTE)", 2)
    app = app_of(ctx.find_root())
    if remove:
        _remove_piece(app, reference, file_or_id, note, actor)
        return
    if kind is None:
        extra = also or not_also or ""
        ref, status, filename = piece_also(app, reference, file_or_id, extra, also is not None, actor)
        said = "contient bien" if also is not None else "ne contient pas"  # a scan (besides its own piece) or a link
        send_and_say(app, f"{ref} : {filename} {said} « {app.rules.label(extra)} » ; statut du dossier : "
                          f"{labels.status(status)}")
        return
    ref, status, filename, confirmed = correct_piece(app, reference, file_or_id, kind, actor)
    now = "pas une pièce" if kind.lower() in NOT_A_PIECE else app.rules.label(kind)
    said = f"reste « {now} » (confirmé à la main)" if confirmed else f"est maintenant « {now} »"
    send_and_say(app, f"{ref} : {filename} {said} ; statut du dossier : {labels.status(status)}")


def _remove_piece(app, reference: str, file_or_id: str, note: str, actor: str) -> None:
    from intake.commands.postal import remove_piece
    from intake.core import labels

    r = remove_piece(app, reference, file_or_id, actor, note)
    file = {"deleted": "fichier effacé du disque",
            "kept": "fichier gardé sur le disque : un autre dossier contient le même",
            "later": "fichier effacé du disque à la prochaine purge (une relève était en cours)"}[r.file]
    echo(f"{r.reference} : {r.filename} retiré du dossier ({file}) ; statut du dossier : "
         f"{labels.status(r.status)} ({labels.reason(r.reason)})")
    if r.said:
        echo(f"{r.said[:1].upper()}{r.said[1:]}.")


@case_command("add")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False),
                metavar="FICHIERS...")
@click.option("--received", default=None, metavar="DATE",
              help="Le jour où les pièces sont arrivées : 26/11/2026, 2026-11-26, « 26 novembre » ou « hier », "
                   "éventuellement avec l'heure "
                   "(par défaut : maintenant).")
@click.option("--note", default="", metavar="TEXTE",
              help="Comment elles sont arrivées, en quelques mots (gardé dans l'historique) : « courrier postal "
                   "au Maire », « clé USB remise à l'accueil »...")
@actor_option("Qui les ajoute")
def case_add(ctx: click.Context, reference: str, files, received: str | None, note: str, actor: str) -> None:
    from intake.commands.postal import add_pieces, files_from_paths, parse_received
    from intake.core import labels

    app = app_of(ctx.find_root())
    when = parse_received(received, app) if received else None
    given = files_from_paths([Path(f) for f in files], app.settings.max_message_bytes)
    r = add_pieces(app, reference, given, actor, received_at=when, note=note)
    added = count(len(r.pieces), "pièce ajoutée", "pièces ajoutées") if r.pieces else "aucune pièce ajoutée"
    lines = [f"{r.reference} : {added} ; statut du dossier : "
             f"{labels.status(r.status)} ({labels.reason(r.reason)})",
             *(f"  - {filename} : {what}" for filename, what in r.pieces)]
    if r.again:
        lines.append(f"déjà au dossier, pas ajouté une seconde fois : {', '.join(r.again)}")
    if r.skipped:
        lines.append(f"pas une pièce, non gardé (voir l'historique) : {', '.join(r.skipped)}")
    if r.attention:
        lines.append(f"À voir : {labels.reason(r.attention)}")
    send_and_say(app, *lines)


@case_command("address")
@click.argument("address", metavar="ADRESSE")
@click.option("--main", is_flag=True, help="Désormais, les courriels du dossier partent à cette adresse.")
@actor_option("Qui confirme")
def case_address(ctx: click.Context, reference: str, address: str, main: bool, actor: str) -> None:
    from intake.commands.staff import confirm_address

    echo(confirm_address(app_of(ctx.find_root()), reference, address, main, actor))


@case_command("note")
@click.argument("text", metavar="TEXTE")
@actor_option("Qui l'écrit")
def case_note(ctx: click.Context, reference: str, text: str, actor: str) -> None:
    from intake.commands.notes import add_note

    ref = add_note(app_of(ctx.find_root()), reference, text, actor)
    echo(f"{ref} : note ajoutée à l'historique")


@case_command("remind")
@actor_option("Qui la demande")
def case_remind(ctx: click.Context, reference: str, actor: str) -> None:
    from intake.commands.staff import remind_now  # its help: CASE_HELP's line (case_group.py)
    from intake.core import labels
    from intake.core.replies import REMINDER
    from intake.core.statuses import SENT
    from intake.pipeline.send import send_due
    from intake.store import cases
    from intake.store.database import session

    app = app_of(ctx.find_root())
    ref = remind_now(app, reference, actor)
    send_due(app)  # then say what became of it: it said « prête à partir » of a reminder already sent
    with session(app.engine) as s:
        case = cases.resolve(s, ref)[0]
        mail = [m for m in cases.case_file(s, case).mails if m.kind == REMINDER][-1] if case is not None else None
    if mail is None or mail.status == SENT:
        done = f"relance envoyée à {mail.to_addr}" if mail is not None else "relance demandée"
    else:
        done = (f"relance à {mail.to_addr} : {labels.mail_status(mail.status)} "
                f"{labels.send_error(mail.last_error or '')}".rstrip())
    echo(f"{ref} : {done} ; les suivantes gardent leur jour")


@case_command("merge")
@click.argument("other", metavar="AUTRE")
@actor_option("Qui fusionne")
def case_merge(ctx: click.Context, reference: str, other: str, actor: str) -> None:
    from intake.commands.merge import merge_cases
    from intake.core import labels

    app = app_of(ctx.find_root())
    r = merge_cases(app, reference, other, actor)
    send_and_say(app, f"{r.merged} fusionné dans {r.survivor} : {count(r.pieces, 'pièce')} (+ "
                      f"{r.same_files} déjà {agree(r.same_files, 'présente')}), {count(r.messages, 'message')}, "
                      f"{count(r.mails, 'courriel')} ; "
                      f"statut : {labels.status(r.status)}",
                 f"{r.merged} mène désormais à {r.survivor}.")


@case_command("move-message")
@click.argument("number", type=int, metavar="N")
@click.option("--to", "target", required=True, metavar="AUTRE",
              help="Le dossier auquel le message appartient.")
@actor_option("Qui le déplace")
def case_move(ctx: click.Context, reference: str, number: int, target: str, actor: str) -> None:
    from intake.commands.merge import message_id_by_number, move_message
    from intake.core import labels

    app = app_of(ctx.find_root())
    r = move_message(app, reference, message_id_by_number(app, reference, number), target, actor)
    send_and_say(app, f"{r.message} déplacé de {r.source} vers {r.target}"
                      + (f" avec {', '.join(r.pieces)}" if r.pieces else ""),
                 f"statut : {r.source} {labels.status(r.source_status)}, {r.target} {labels.status(r.target_status)}")


@click.command("new", cls=FrenchCommand)
@click.option("--applicant", default="", metavar="ADRESSE",
              help="L'adresse électronique du demandeur (sans elle, aucun courriel n'est jamais envoyé : donnez "
                   "--name).")
@click.option("--name", default="", metavar="NOM", help="Le nom du demandeur ou de son organisation.")
@click.option("--title", default="", metavar="TITRE",
              help="Le titre du projet (par défaut : celui lu dans le dossier d'intention).")
@click.option("--received", default=None, metavar="DATE",
              help="Le jour où le courrier est arrivé : 26/11/2026, 2026-11-26, « 26 novembre » ou « hier », "
                   "éventuellement avec l'heure "
                   "(par défaut : maintenant).")
@actor_option("Qui l'enregistre")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False),
                metavar="FICHIERS...")
@click.pass_context
@guard
def case_new(ctx: click.Context, applicant: str, name: str, title: str, received: str | None, actor: str,
             files) -> None:
    from intake.commands.postal import file_postal, files_from_paths, parse_received
    from intake.core import labels

    if not applicant.strip() and not name.strip():  # file_postal says it too, in the console's words
        raise Failure("sans adresse électronique (--applicant), donnez au moins le nom du demandeur ou de la "
                      "structure (--name) : c'est à lui que le service répondra par courrier", 2)
    app = app_of(ctx.find_root(), create=True)  # a case from nothing: the first may come by post
    when = parse_received(received, app) if received else None
    given = files_from_paths([Path(f) for f in files], app.settings.max_message_bytes)
    r = file_postal(app, applicant, given, actor, name=name, title=title, received_at=when)
    echo(f"{r.reference} : {labels.status(r.status)} ({r.reason})")
    for filename, what in r.pieces:
        echo(f"  - {filename} : {what}")
    if not applicant.strip():
        echo("Pas d'adresse électronique : aucun courriel ne sera envoyé ; le service répond par courrier.")
    if r.attention:
        echo(f"À voir : {r.attention}")


@main.command()
@click.argument("reference", required=False, metavar="[REF]")
@click.option("--all", "all_cases", is_flag=True,
              help="Tous les dossiers sans décision (incomplets, complets, à vérifier).")
@click.pass_context
@guard
def reclassify(ctx: click.Context, reference: str | None, all_cases: bool) -> None:
    """Revoir les dossiers après un changement des règles.

    Les pièces et le statut du dossier REF (ou, avec --all, de tous les dossiers incomplets, complets
    ou à vérifier) sont recalculés à partir des fichiers conservés, selon les règles actuelles ; un type de
    pièce corrigé à la main est gardé. Aucun courriel n'est envoyé pour le passé : les dossiers devenus
    complets sont listés, pour leur écrire si vous le souhaitez.

    \b
    Exemple : intake reclassify --all
    """
    from intake.commands.reclassify import reclassify as run_reclassify

    if bool(reference) == all_cases:
        raise Failure("reclassify : donnez une référence de dossier, ou --all", 2)
    report = run_reclassify(app_of(ctx), reference)
    echo(f"{count(report.checked, 'dossier revu', 'dossiers revus')}, {count(len(report.changed), 'modifié')}")
    for line in report.changed:
        echo(f"  {line}")
    if report.completed:
        echo("Désormais complets (aucun courriel n'a été envoyé) : " + ", ".join(report.completed))
    if report.reopened:
        echo("Attention : ces dossiers, annoncés complets à leur candidat, sont désormais incomplets ; les relances "
             "automatiques vont demander à chacun ce qui manque (aucun courriel n'est encore parti) : "
             + " ; ".join(report.reopened) + ". Prévenez-les, ou rendez ces pièces facultatives (required = false "
             "dans rules/pieces.toml) puis relancez intake reclassify --all")
