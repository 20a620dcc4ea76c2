"""`intake quarantine ...` and `intake outbox ...`: the messages set aside and the mail that could not be sent."""

from __future__ import annotations

import sys

import click

from intake.cli import main
from intake.cli.guard import Failure, app_of, guard, in_folder, writing
from intake.cli.output import echo, one_line, outbox_line, print_mail
from intake.cli.staff_action import actor_option
from intake.core import labels
from intake.core.french import agree, count


@main.group()
def quarantine() -> None:
    """Les messages mis de côté (quarantaine).

    Un message est mis en quarantaine quand il ne peut pas être lu, qu'il dépasse une limite de [limits]
    (parties, en-têtes, pièces jointes, temps de lecture, nouveaux dossiers ouverts par un même expéditeur
    en 24 heures), ou que son traitement a échoué.

    \b
      intake quarantine list                      les messages en quarantaine, avec leur numéro et pourquoi
      intake quarantine show N                    ses en-têtes et ses parties, en texte (rien n'y est exécuté)
      intake quarantine retry N | --all           le traiter à nouveau comme un nouveau message (après un
                                                  changement des règles)
      intake quarantine file-anyway N             un message mis de côté pour une limite, que vous avez
                                                  regardé : le traiter à nouveau, limites levées pour lui seul
      intake quarantine file N --address ADRESSE | --nobody
                                                  un message à l'expéditeur illisible : l'enregistrer comme
                                                  dossier, avec l'adresse du demandeur (accusé de réception)
                                                  ou sans écrire à personne
      intake quarantine eml N [--output FICHIER]  l'enregistrer tel qu'il est arrivé (.eml), pour l'ouvrir
                                                  dans un logiciel de messagerie
      intake quarantine dismiss N... --reason T   les sortir de la quarantaine, en disant pourquoi

    \b
    Exemple : intake quarantine retry 12 --by Nadia
    """


@quarantine.command("list")
@click.pass_context
@guard
def quarantine_list(ctx: click.Context) -> None:
    """Lister les messages en quarantaine.

    Pour chacun : son numéro, sa boîte, son expéditeur, son objet, et pourquoi il est là.

    \b
    Exemple : intake quarantine list
    """
    from intake.commands.quarantine import list_quarantined, space

    app = app_of(ctx.find_root(), reading=True)
    rows = list_quarantined(app)
    if not rows:
        echo("Aucun message en quarantaine.")
        return
    echo(f"Quarantaine, {space(app)}")
    tz = app.settings.timezone
    for q in rows:
        kept = "" if q.raw_kept else " [octets non conservés]"
        echo(f"n° {q.id}  {q.received_at.astimezone(tz):%d/%m/%Y %H:%M}  {q.mailbox} (n° {q.uid} sur le serveur)  "
             f"{one_line(q.from_addr or '(expéditeur illisible)')} : {one_line(q.subject or '(sans objet)')}{kept}")
        echo(f"       {one_line(labels.reason(q.reason))}")
        if q.over_limits:
            echo(f"       (si c'est bien une candidature : intake quarantine file-anyway {q.id})")


@quarantine.command("show")
@click.argument("number", type=int, metavar="N")
@click.pass_context
@guard
def quarantine_show(ctx: click.Context, number: int) -> None:
    """Voir un message en quarantaine : ses en-têtes et ses parties.

    En texte seulement : rien de ce qu'il contient n'est ouvert ni exécuté.

    \b
    Exemple : intake quarantine show 12
    """
    from intake.commands.quarantine import show

    app = app_of(ctx.find_root(), reading=True)
    shown = show(app, number)
    q = shown.message
    echo(f"Message n° {q.id} : boîte {q.mailbox} ({q.folder}), n° {q.uid} sur le serveur, {q.size} octets, reçu le "
         f"{q.received_at.astimezone(app.settings.timezone):%d/%m/%Y %H:%M}")
    echo(f"En quarantaine : {labels.reason(q.reason)}")
    echo(f"De : {q.from_addr or '(expéditeur illisible)'} ; objet : {q.subject or '(sans objet)'}")
    if q.over_limits:
        echo(f"Mis de côté pour une limite : si c'est bien une candidature, intake quarantine file-anyway {q.id}")
    if q.raw_kept:
        echo(f"Le message tel qu'il est arrivé : intake quarantine eml {q.id}")
        from intake.core.arrival import sender_unreadable

        if sender_unreadable(q.reason):
            echo(f"Expéditeur illisible : si c'est bien une candidature, intake quarantine file {q.id} --address "
                 "ADRESSE (ou --nobody)")
    if shown.headers:
        echo("En-têtes :")
        for name, value in shown.headers:
            echo(f"  {labels.header(name)} : {labels.header_value(name, value)}")
    if shown.parts:
        echo("Parties :")
        for p in shown.parts:
            name = f" « {one_line(p.filename)} »" if p.filename else ""
            size = f", {p.size} octets" if p.size or not p.content_type.startswith("multipart/") else ""
            echo(f"  {p.number} {p.content_type}{name}{size}"
                 + (f" ({p.disposition})" if p.disposition else ""))
            for line in p.text.splitlines():
                echo(f"      | {line}")
    if shown.note:
        echo(f"({shown.note})")
    if shown.not_shown:
        echo(f"Ses en-têtes et ses parties ne sont pas affichés : {shown.not_shown}. Il est conservé tel qu'il est "
             f"arrivé : intake quarantine eml {q.id} l'enregistre, pour l'ouvrir dans votre messagerie.")


@quarantine.command("retry")
@click.argument("number", type=int, required=False, metavar="[N]")
@click.option("--all", "everything", is_flag=True,
              help="Tous les messages en quarantaine dont le contenu est conservé.")
@actor_option("Qui le demande")
@click.pass_context
@guard
def quarantine_retry(ctx: click.Context, number: int | None, everything: bool, actor: str) -> None:
    """Traiter à nouveau un message en quarantaine.

    Après un changement des règles : le message N (ou, avec --all, chacun) est traité exactement comme
    un nouveau message ; puis les courriels dus sont envoyés.

    \b
    Exemple : intake quarantine retry 12
    """
    from intake.commands.quarantine import retry_and_send

    if (number is None) == (not everything):
        raise Failure("quarantine retry : donnez un numéro de message, ou --all", 2)
    app = app_of(ctx.find_root())
    _print_handled(app, retry_and_send(app, number, actor), none="Aucun message à réessayer.")
    if everything:
        from intake.commands.quarantine import list_quarantined

        left = [q.id for q in list_quarantined(app) if not q.raw_kept]
        if left:
            echo(f"{count(len(left), 'message')} en quarantaine sans contenu gardé, non réessayé"
                 f"{'s' if len(left) > 1 else ''} (n° {', '.join(map(str, left[:20]))}"
                 f"{'…' if len(left) > 20 else ''}) : intake quarantine retry N relit l'un d'eux dans sa boîte, "
                 "intake quarantine show N dit quoi faire")


@quarantine.command("file-anyway")
@click.argument("number", type=int, metavar="N")
@actor_option("Qui le demande")
@click.pass_context
@guard
def quarantine_file_anyway(ctx: click.Context, number: int, actor: str) -> None:
    """Classer quand même un message mis de côté pour une limite.

    Pour un message arrêté par une limite (parties, en-têtes, pièces jointes, temps de lecture) que vous
    avez regardé : il est traité à nouveau avec les limites de [limits] levées pour lui seul (max_parts,
    max_header_bytes et max_attachments x10, read_seconds x3) ; qui l'a demandé est enregistré. Puis
    les courriels dus sont envoyés. Un message dont le contenu n'a pas été gardé (quarantaine pleine)
    est d'abord relu dans sa boîte (intake quarantine retry N), pour être regardé.

    \b
    Exemple : intake quarantine file-anyway 12 --by Nadia
    """
    from intake.commands.quarantine import file_anyway_and_send

    app = app_of(ctx.find_root())
    _print_handled(app, file_anyway_and_send(app, number, actor))


@quarantine.command("file")
@click.argument("number", type=int, metavar="N")
@click.option("--address", default="", metavar="ADRESSE",
              help="L'adresse du demandeur (lue dans le message, donnée au téléphone) : il reçoit l'accusé de "
                   "réception.")
@click.option("--nobody", is_flag=True, help="N'écrire à personne : le dossier est ouvert sans adresse.")
@actor_option("Qui le demande")
@click.pass_context
@guard
def quarantine_file(ctx: click.Context, number: int, address: str, nobody: bool, actor: str) -> None:
    """Classer un message à l'expéditeur illisible.

    Ses fichiers sont lus comme ceux d'un courriel et un dossier est ouvert ; avec --address, le demandeur
    reçoit l'accusé de réception à cette adresse ; avec --nobody, personne ne reçoit de courriel (l'adresse
    peut être confirmée plus tard : intake case REF address ADRESSE --main).

    \b
    Exemple : intake quarantine file 12 --address jean.dupont@exemple.fr --by Nadia
    """
    from intake.commands.quarantine import file_by_hand
    from intake.pipeline.send import send_due

    if bool(address.strip()) == nobody:
        raise Failure("quarantine file : donnez --address ADRESSE ou --nobody (l'un ou l'autre)", 2)
    app = app_of(ctx.find_root())
    r = file_by_hand(app, number, address, actor)
    echo(f"n° {r.id} : classé -> {r.reference} ({r.reason})")
    echo(outbox_line(send_due(app), app.settings.timezone))


def _print_handled(app, done, none: str = "") -> None:
    """What became of each message (quarantine retry, file-anyway), then what the outbox pass sent."""
    from intake.core import labels
    from intake.core.decide import set_aside_by_cap, still_capped
    from intake.core.statuses import QUARANTINED

    for r in done.results:
        case = f" -> {r.reference}" if r.reference else ""
        echo(f"n° {r.id} : {labels.fate(r.fate)}{case} ({labels.reason(r.reason)})")
        if r.fate == QUARANTINED and set_aside_by_cap(r.reason):  # a retry goes the poller's path: the cap again
            echo("  " + still_capped(r.reason, "intake quarantine retry", f"intake quarantine file-anyway {r.id}"))
    if none and not done.results:
        echo(none)
    echo(outbox_line(done.sent, app.settings.timezone))


@quarantine.command("eml")
@click.argument("number", type=int, metavar="N")
@click.option("--output", type=click.Path(), default=None, metavar="FICHIER",
              help="Le fichier où l'écrire, ou son dossier (par défaut : quarantaine-N.eml dans le dossier courant) ; "
                   "« - » l'affiche.")
@click.pass_context
@guard
def quarantine_eml(ctx: click.Context, number: int, output: str | None) -> None:
    """Enregistrer un message tel qu'il est arrivé (.eml).

    Pour l'ouvrir dans un logiciel de messagerie (rien n'est exécuté ici). Un fichier existant n'est
    jamais remplacé.

    \b
    Exemple : intake quarantine eml 12 --output /tmp/message-12.eml
    """
    from intake.adapters.storage import write_private
    from intake.commands.quarantine import raw_message

    q, raw = raw_message(app_of(ctx.find_root(), reading=True), number)
    if output == "-":
        sys.stdout.buffer.write(raw)
        return
    target = in_folder(output, f"quarantaine-{q.id}.eml")
    if target.exists():
        raise Failure(f"{target} existe déjà : choisissez un autre fichier avec --output", 1)
    with writing(target, "--output"):
        write_private(target, raw)
    echo(f"n° {q.id} : message enregistré dans {target} ({len(raw)} octets)")


@quarantine.command("dismiss")
@click.argument("numbers", type=int, nargs=-1, required=True, metavar="N...")
@click.option("--reason", required=True, metavar="TEXTE", help="Pourquoi (gardé dans le registre des messages).")
@actor_option("Qui l'écarte")
@click.pass_context
@guard
def quarantine_dismiss(ctx: click.Context, numbers: tuple[int, ...], reason: str, actor: str) -> None:
    """Sortir des messages de la quarantaine, sans les traiter.

    Chacun est enregistré comme ignoré, avec qui l'a écarté et pourquoi. Plusieurs numéros (1000 au plus)
    sont écartés ensemble, avec la même raison ; un numéro qui n'est pas en quarantaine les refuse tous.

    \b
    Exemple : intake quarantine dismiss 12 --reason "publicité, pas une candidature"
    Plusieurs : intake quarantine dismiss 12 13 14 --reason "envoi en masse"
    """
    from intake.commands.quarantine import dismiss

    for q in dismiss(app_of(ctx.find_root()), numbers, reason, actor):
        echo(f"n° {q.id} écarté : {q.reason}")


@main.group()
def outbox() -> None:
    """Les courriels en échec, interrompus ou retenus.

    Un courriel est en échec quand le serveur d'envoi l'a refusé, ou après plusieurs essais manqués ;
    interrompu (incertain) quand son envoi a été coupé : il est peut-être parti, peut-être pas ; retenu
    quand le message auquel il répond était déjà trop ancien quand il a été lu (plus de 72 heures, ou
    acknowledge_within_hours de config.toml ; une première relève, un nouveau data_dir, un since dans le
    passé), ou pour un accusé de réception au-delà de new_cases_per_day nouveaux dossiers en 24 heures, ou un
    courriel automatique au-delà de answers_per_day (rules/conversations.toml : des candidatures sous des
    adresses inventées) : au service de l'envoyer, ou non. Un courriel refusé pour un temps attend un nouvel
    essai, qui se fait seul.

    \b
      intake outbox list [--all]              les courriels en échec, interrompus, retenus et en attente d'un
                                              nouvel essai (--all : aussi ceux déjà traités)
      intake outbox show N [--raw]            un courriel, tel qu'il est (ou sera) envoyé
      intake outbox resend N | --held         l'envoyer (à nouveau : le même message, le même Message-ID) ;
                                              --held : tous les courriels retenus, sauf ceux au-delà de
                                              new_cases_per_day ou answers_per_day (un par un, N) ;
                                              N --case-address ADRESSE : à l'adresse confirmée du dossier
      intake outbox handled N | --held [--note TEXTE]
                                              le service s'en est occupé autrement : il sort de la liste et
                                              du récapitulatif (un courriel retenu n'est alors pas envoyé)
      intake outbox restored                  après la restauration d'une sauvegarde : retenir pour le
                                              service ce qui est peut-être déjà parti

    \b
    Exemple : intake outbox resend 42
    """


@outbox.command("list", short_help="Lister les courriels en échec, retenus ou en attente d'un nouvel essai.")
@click.option("--all", "everything", is_flag=True, help="Aussi les courriels que le service a déjà traités.")
@click.pass_context
@guard
def outbox_list(ctx: click.Context, everything: bool) -> None:
    """Lister les courriels en échec, interrompus ou retenus, et ceux qui attendent un nouvel essai.

    Un courriel interrompu est peut-être parti, peut-être pas. Un courriel qui attend un nouvel essai (le
    serveur d'envoi l'a refusé pour un temps) repart seul à l'heure dite ; intake outbox resend N l'envoie
    tout de suite.

    \b
    Exemple : intake outbox list
    """
    from intake.commands.mailqueue import list_mail

    app = app_of(ctx.find_root(), reading=True)
    rows = list_mail(app, everything)
    if not rows:
        echo("Aucun courriel en échec, incertain, retenu ou en attente d'un nouvel essai.")
        return
    from intake.core.retry import latest_wait

    tz, latest = app.settings.timezone, latest_wait(app.clock())
    for m in rows:
        # a next try past the longest wait was set before the clock went back: it goes at the next pass
        state = ("envoi au prochain passage" if m.next_attempt_at and m.next_attempt_at > latest
                 else f"nouvel essai le {m.next_attempt_at.astimezone(tz):%d/%m %H:%M}" if m.next_attempt_at
                 else labels.mail_status(m.status))
        echo(f"n° {m.id}  {m.created_at.astimezone(tz):%d/%m/%Y %H:%M}  {state:<29}  "
             f"{m.reference or '-':<13}  {m.label} à {m.to_addr} ({count(m.attempts, 'essai')})")
        if m.last_error:
            echo(f"       {m.last_error}")


@outbox.command("show")
@click.argument("number", type=int, metavar="N")
@click.option("--raw", is_flag=True, help="Afficher le message entier, tel qu'il est envoyé (RFC 5322).")
@click.pass_context
@guard
def outbox_show(ctx: click.Context, number: int, raw: bool) -> None:
    """Lire un courriel, tel qu'il est (ou sera) envoyé.

    \b
    Exemple : intake outbox show 42
    """
    from intake.commands.mailqueue import get_mail

    m, data = get_mail(app_of(ctx.find_root(), reading=True), number)
    if raw:
        echo(data.decode("utf-8", "replace"), nl=False)
        return
    echo(f"n° {m.id} : {m.label}{' (' + m.reference + ')' if m.reference else ''}, "
         f"{labels.mail_status(m.status)}, "
         f"{count(m.attempts, 'essai')}{' : ' + m.last_error if m.last_error else ''}")
    print_mail(data)


@outbox.command("resend", short_help="Envoyer (à nouveau) un courriel en échec, interrompu, retenu ou en attente.")
@click.argument("number", type=int, required=False, metavar="[N]")
@click.option("--held", "every_held", is_flag=True,
              help="Tous les courriels retenus parce que le message était déjà ancien quand il a été lu ; les "
                   "courriels retenus au-delà de new_cases_per_day ou answers_per_day (adresses peut-être inventées) "
                   "s'envoient un par un, après avoir vérifié le dossier.")
@click.option("--case-address", "case_address", default="", metavar="ADRESSE",
              help="L'envoyer plutôt, une seule fois, à l'adresse du dossier confirmée depuis (intake case REF "
                   "address ADRESSE --main), qu'il faut redonner ici : le même texte, un nouvel identifiant ; "
                   "l'envoi refusé est alors traité.")
@actor_option("Qui le demande")
@click.pass_context
@guard
def outbox_resend(ctx: click.Context, number: int | None, every_held: bool, case_address: str, actor: str) -> None:
    """Envoyer (à nouveau) un courriel en échec, interrompu, retenu ou en attente d'un nouvel essai.

    Le même message, avec le même Message-ID ; puis les autres courriels dus sont envoyés. Avec
    --case-address, il part à l'adresse que le dossier a désormais, une seule fois.

    \b
    Exemple : intake outbox resend 42
              intake outbox resend 42 --case-address jean.dupont@exemple.fr
    """
    from intake.commands.mailqueue import get_mail, held_to_send, readdress_mail, resend
    from intake.core.statuses import SENT
    from intake.pipeline.send import send_due

    if (number is None) == (not every_held):
        raise Failure("outbox resend : donnez un numéro de courriel, ou --held", 2)
    if case_address and number is None:
        raise Failure("outbox resend : --case-address s'emploie avec un numéro de courriel", 2)
    app = app_of(ctx.find_root())
    numbers, one_by_one = held_to_send(app) if number is None else ([number], [])
    done = ([readdress_mail(app, number, case_address, actor)[1]] if case_address and number is not None
            else [resend(app, n, actor) for n in numbers])
    sent = send_due(app)
    for m in done:
        after, _ = get_mail(app, m.id)
        echo(f"n° {m.id} ({m.label} à {m.to_addr}) : {labels.mail_status(after.status)}"
             + (f" ({after.last_error})" if after.status != SENT and after.last_error else ""))
    if one_by_one:
        listed = ", ".join(map(str, one_by_one[:10])) + (", …" if len(one_by_one) > 10 else "")
        echo(f"{count(len(one_by_one), 'courriel retenu', 'courriels retenus')} au-delà de new_cases_per_day ou "
             f"answers_per_day, non {agree(len(one_by_one), 'envoyé')} (n° {listed}) : des "
             "adresses d'expéditeur peut-être inventées ; vérifiez chaque dossier, puis envoyez-les un par un "
             "(intake outbox resend N)")
    elif every_held and not done:
        echo("Aucun courriel retenu.")
    echo(outbox_line(sent, app.settings.timezone))


@outbox.command("restored", short_help="Après la restauration d'une sauvegarde : retenir ce qui est peut-être "
                                        "déjà parti.")
@click.pass_context
@guard
def outbox_restored(ctx: click.Context) -> None:
    """Après la restauration d'une sauvegarde (data_dir, la base de données).

    Les courriels que le service a envoyés après la sauvegarde ne sont pas dedans : sans cette commande,
    les messages arrivés depuis seraient relevés de nouveau et leurs demandeurs recevraient un second
    accusé de réception. À lancer une fois, la sauvegarde restaurée, avant de redémarrer le service
    (systemctl start intake intake-web) : les courriels que la sauvegarde devait encore envoyer, et les
    réponses aux messages arrivés avant ce moment, sont retenus ; au service de les envoyer (intake outbox
    resend N, ou --held) ou non (intake outbox handled N, ou --held).

    \b
    Exemple : intake outbox restored
    """
    from intake.commands.mailqueue import hold_after_restore

    app = app_of(ctx.find_root())
    when, held = hold_after_restore(app)
    at = when.astimezone(app.settings.timezone)
    mails = count(len(held), "courriel retenu", "courriels retenus")
    echo(f"Sauvegarde restaurée notée le {at:%d/%m/%Y à %H:%M} : {mails} (ils attendaient leur envoi dans la "
         "sauvegarde) ; les réponses aux messages arrivés avant ce moment seront retenues aussi. Voyez-les avec "
         "intake outbox list.")


@outbox.command("handled")
@click.argument("number", type=int, required=False, metavar="[N]")
@click.option("--held", "every_held", is_flag=True, help="Tous les courriels retenus : aucun ne sera envoyé.")
@click.option("--note", default="", metavar="TEXTE",
              help="Ce qui a été fait (gardé avec le courriel et dans l'historique du dossier).")
@actor_option("Qui s'en est occupé")
@click.pass_context
@guard
def outbox_handled(ctx: click.Context, number: int | None, every_held: bool, note: str, actor: str) -> None:
    """Marquer un courriel comme traité autrement.

    Pour un courriel en échec, interrompu ou retenu dont le service s'est occupé autrement : il sort de
    la liste et du récapitulatif (un courriel retenu n'est alors jamais envoyé).

    \b
    Exemple : intake outbox handled 42 --note "reçu selon le demandeur, joint par téléphone"
    """
    from intake.commands.mailqueue import held_ids, mark_handled
    from intake.core.statuses import CANCELLED

    if (number is None) == (not every_held):
        raise Failure("outbox handled : donnez un numéro de courriel, ou --held", 2)
    app = app_of(ctx.find_root())
    numbers = held_ids(app) if number is None else [number]
    for n in numbers:
        m = mark_handled(app, n, note, actor)
        echo(f"n° {m.id} ({m.label} à {m.to_addr}) : {'non envoyé' if m.status == CANCELLED else 'traité'}")
    if every_held and not numbers:
        echo("Aucun courriel retenu.")
