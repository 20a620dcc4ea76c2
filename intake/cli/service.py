"""`intake poll`, `run`, `followups`, `digest`, `serve`: the service's own work, now or on its schedule."""

from __future__ import annotations

import logging

import click

from intake import config as config_mod
from intake.cli import main
from intake.cli.guard import Failure, app_of, guard, in_folder, settings_of, writing
from intake.cli.output import echo, outbox_line, poll_line
from intake.core.french import count
from intake.errors import ConfigError

MAX_WAITS_SAID = 20  # held reminders `intake followups` names with their reason (a flood has hundreds)


@main.command()
@click.pass_context
@guard
def poll(ctx: click.Context) -> None:
    """Relever maintenant toutes les boîtes aux lettres.

    Une passe complète : chaque nouveau message est classé dans un dossier, ignoré (avec sa raison) ou mis
    en quarantaine ; les courriels dus (accusés de réception...) partent au fil de la relève, puis une
    dernière fois à la fin. Affiche une ligne par boîte, puis une pour les courriels.

    \b
    Exemple : intake poll
    """
    from intake.pipeline.quickpoll import quiet_poll

    settings = settings_of(ctx)
    try:
        config_mod.require_secrets(settings)
    except ConfigError as exc:
        raise Failure(str(exc), 2) from None
    quiet = quiet_poll(settings)  # nothing to do: said without loading the database layer
    if quiet is not None:
        for line in quiet:
            echo(line)
        return
    from intake.adapters.readers import start_forkserver

    start_forkserver()  # mail to read: the reading processes' parent starts beside the rest of this start
    from intake.pipeline.poll import poll_all
    from intake.pipeline.send import poll_and_send
    from intake.pipeline.watch import watch_states

    app = app_of(ctx, network=True, create=True)
    # Without -v, a mailbox's failure is said once, in French, on its line and in the last one; not a third
    # time by the worker's English log line (-v keeps it, with the rest of the log).
    failures = logging.getLogger("intake.ingest.failures")
    level = failures.level
    if not logging.getLogger().isEnabledFor(logging.INFO):
        failures.setLevel(logging.CRITICAL)
    try:
        reports, sent = poll_and_send(app, lambda: poll_all(app))
    finally:
        failures.setLevel(level)
    failed = [r for r in reports if r.error]
    watched = watch_states(app)
    for r in reports:
        if r.busy:
            click.echo(f"{r.mailbox} : relevée en ce moment par un autre processus intake (passée cette fois)")
            continue
        state = f"ERREUR : {r.error}" if r.error else "ok"
        if watched.get(r.mailbox):
            state += f" ; {watched[r.mailbox]}"
        echo(poll_line(r.mailbox, r.fetched, r.filed, r.ignored, r.duplicates, r.quarantined, state))
    echo(outbox_line(sent, app.settings.timezone))
    if failed:
        raise Failure(f"{count(len(failed), 'boîte illisible', 'boîtes illisibles')} : " + "; ".join(
            f"{r.mailbox} : {r.error}" for r in failed), 1)
    _sending_failed(sent)


@main.command()
@click.pass_context
@guard
def followups(ctx: click.Context) -> None:
    """Envoyer les relances dues (dossiers incomplets).

    Prépare les relances arrivées à échéance, puis envoie les courriels dus. Sans risque de doublon : une
    relance n'est envoyée qu'une fois, même si la commande est lancée plusieurs fois. Une relance due mais
    retenue (limite de courriels du jour, adresse refusée) est nommée avec sa raison et ce qu'il faut faire.
    Une relance qui ne peut plus partir avant la date limite des pièces n'est pas envoyée : le dossier est
    signalé « À voir », avec la raison.

    \b
    Exemple : intake followups
    """
    from intake.commands.followups import queue_due_reminders
    from intake.pipeline.send import send_due

    app = app_of(ctx, network=True, create=True)
    report = queue_due_reminders(app)
    sent = send_due(app)
    failed = (f", {count(report.failed, 'non préparée')} : modèle de courriel en erreur : {report.problem}"
              if report.failed else "")
    dropped = (f", {count(report.dropped, 'abandonnée')} (date limite des pièces passée ou trop proche : "
               f"{'dossier signalé' if report.dropped == 1 else 'dossiers signalés'} « À voir »)"
               if report.dropped else "")
    echo(f"relances : {count(report.queued, 'prête')} à partir, {count(report.held, 'retenue')}{dropped}{failed}")
    for why in report.waits[:MAX_WAITS_SAID]:  # why each waits, and what to do (it said « 2 retenues », no more)
        echo(f"  {why}")
    if len(report.waits) > MAX_WAITS_SAID:
        echo(f"  et {count(len(report.waits) - MAX_WAITS_SAID, 'autre', 'autres')} : la page de chaque dossier "
             "incomplet dit pourquoi sa relance attend")
    echo(outbox_line(sent, app.settings.timezone))
    _sending_failed(sent)
    if report.failed:
        raise Failure(f"{count(report.failed, 'relance')} non {'préparées' if report.failed > 1 else 'préparée'} : "
                      "faites corriger le modèle par l'administrateur (intake rules check) ; elles partiront à la "
                      "prochaine exécution", 1)


def _sending_failed(sent) -> None:
    """Exit status 1 when the relay could not be used (login refused, unreachable), as for `intake poll`: what
    was to be sent waits for a retry, and a script or a timer must know it did not leave."""
    if sent.relay_error:
        raise Failure(f"smtp : {sent.relay_error}", 1)


@main.command()
@click.option("--preview", is_flag=True,
              help="Afficher le récapitulatif et écrire sa version HTML dans un fichier, au lieu de l'envoyer.")
@click.option("--html", "html_path", type=click.Path(), default="digest-preview.html",
              show_default=True, metavar="FICHIER",
              help="Avec --preview : le fichier HTML à écrire, ou le dossier où l'écrire.")
@click.pass_context
@guard
def digest(ctx: click.Context, preview: bool, html_path: str) -> None:
    """Envoyer maintenant le récapitulatif quotidien au service.

    Il compte pour celui du jour : l'envoi programmé n'a pas lieu une seconde fois. Avec --preview, rien
    n'est envoyé ; l'aperçu se fait même si rules/ ou templates/ sont en erreur (avec les dernières
    règles valables, et l'erreur dite en tête du récapitulatif), tant que les modèles du récapitulatif
    eux-mêmes sont lisibles. Si le modèle du récapitulatif échoue sur les valeurs du jour, une version de
    secours (texte simple, qui dit le fichier et la ligne à corriger) part à sa place : code de sortie 1.

    \b
    Exemple : intake digest --preview
    """
    from intake.commands.send_digest import make_digest
    from intake.commands.send_digest import preview as preview_digest

    if not preview and ctx.get_parameter_source("html_path") == click.core.ParameterSource.COMMANDLINE:
        raise Failure("--html ne sert qu'avec --preview (l'aperçu) : ajoutez --preview, ou retirez --html pour "
                      "envoyer le récapitulatif", 2)
    app = app_of(ctx, create=not preview, reading=preview)
    if preview:
        target = in_folder(html_path, "digest-preview.html")
        with writing(target, "--html"):
            text = preview_digest(app, target)
        echo(text)
        echo(f"(HTML : {target.resolve()})")
        return
    config_mod.require_secrets(app.settings)
    report = make_digest(app, force=True)
    if report.outcome == "no-recipients":
        raise Failure(f"{app.settings.file}: digest.recipients: aucun destinataire : listez les adresses du "
                      "personnel", 2)
    if report.outcome != "queued":
        said = {"already-sent": "déjà envoyé aujourd'hui", "skipped-empty": "rien à dire : non envoyé"}
        echo(f"récapitulatif : {said.get(report.outcome, report.outcome)}")
        return
    sent = [to for to in report.recipients if to not in report.unsent]
    echo("récapitulatif : " + "; ".join(
        ([f"envoyé à {', '.join(sent)}"] if sent else [])
        + ([f"pas encore envoyé à {', '.join(report.unsent)} : voyez la ligne « courriels » ci-dessous"]
           if report.unsent else [])))
    echo(outbox_line(report.sending, app.settings.timezone))
    # the digest's own template failed on today's values: the fallback went, and the admin must fix the template
    degraded = (f"récapitulatif fait dans sa version de secours, sans mise en forme : son modèle a échoué "
                f"({report.fallback}) ; faites corriger le modèle par l'administrateur (intake rules check) : le "
                "prochain récapitulatif l'utilisera") if report.fallback else ""
    if degraded and getattr(report.sending, "relay_error", ""):
        echo(f"intake: {degraded}", err=True)
    _sending_failed(report.sending)
    if degraded:
        raise Failure(degraded, 1)


@main.command()
@click.pass_context
@guard
def run(ctx: click.Context) -> None:
    """Le service permanent : relève et envoi en continu.

    Surveille chaque dossier IMAP en continu (IDLE : un nouveau courriel reçoit son accusé de réception en
    quelques secondes) et, selon [schedule], relève aussi toutes les boîtes (poll_minutes), réessaie les
    envois en attente (outbox_minutes), envoie les relances dues (followups_minutes) et le récapitulatif
    quotidien ([digest] time) ; applique la purge chaque jour à [privacy] purge_time. Sur SIGTERM
    (systemctl stop) ou Ctrl-C, termine la tâche en cours, puis s'arrête.

    \b
    Exemple : intake --config /etc/intake/config.toml run
    """
    from intake.worker import run as run_worker

    logging.getLogger("intake").setLevel(logging.INFO)
    # started while the admin's rules/ or templates/ are broken (a reboot after a faulty edit): on the last valid
    # ones, as a running worker goes on when they break under it, rather than no mail read nor digest sent
    run_worker(app_of(ctx, network=True, create=True, serving=True))


@main.command()
@click.option("--listen", default=None, metavar="HÔTE:PORT",
              help="L'adresse où écouter (par défaut : [web] listen, sinon 127.0.0.1:8080) ; sans [web] base_url, "
                   "les liens de connexion donnent cette adresse.")
@click.pass_context
@guard
def serve(ctx: click.Context, listen: str | None) -> None:
    """La console web du personnel.

    Connexion par un lien à usage unique, envoyé par courriel à une adresse déclarée dans [[staff]]. À
    placer derrière le proxy inverse (HTTPS) de la ville, avec [web] base_url réglé sur l'adresse
    qu'ouvre le personnel.

    Démarre aussi quand rules/ ou templates/ sont en erreur : avec les dernières règles et les derniers
    modèles valables (gardés dans le dossier de données), comme une console déjà lancée ; chaque page le
    dit, et les fichiers corrigés sont pris sans redémarrer. Refusé si config.toml est en erreur, ou si
    aucune version valable n'a encore été gardée.

    \b
    Exemple : intake --config /etc/intake/config.toml serve --listen 127.0.0.1:8080
    """
    from dataclasses import replace

    from intake.config.settings import is_loopback
    from intake.web.server import serve as run_console

    settings = settings_of(ctx)
    if listen is not None:  # where it listens is then also the address in sign-in links, without base_url
        try:
            host, port = config_mod.split_listen(listen)
        except ValueError:
            raise Failure(f"--listen {listen!r} : écrivez HÔTE:PORT, par exemple 127.0.0.1:8080", 2) from None
        if not settings.web.base_url and not is_loopback(host):
            raise Failure(f"{settings.file}: web.base_url: manquant : --listen {listen} est au-delà de cette machine ; "
                          "donnez l'adresse https:// où le personnel ouvre la console (un proxy inverse, "
                          "docs/nginx-intake.conf), par exemple \"https://candidatures.ville-bethune.fr\"", 2)
        settings = replace(settings, web=replace(settings.web, listen=listen))
    app = app_of(ctx, network=True, settings=settings, create=True, serving=True)
    if not app.settings.staff:
        raise Failure(f"{app.settings.file}: staff: personne ne peut se connecter : décrivez chaque personne dans "
                      "une table [[staff]] (email, name, role)", 2)
    host, port = config_mod.split_listen(app.settings.web.listen)
    _can_listen(host, port)
    logging.getLogger("intake").setLevel(logging.INFO)
    run_console(app, host, port)


def _can_listen(host: str, port: int) -> None:
    """The console's address is free: said in French before uvicorn starts (it would log `[Errno 98] error while
    attempting to bind` in English, and exit 1 without naming what to do)."""
    import socket

    try:
        with socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET):
            pass
    except OSError as exc:
        raise Failure(f"{host}:{port} : la console ne peut pas écouter à cette adresse ({exc.strerror or exc}) : "
                      "un autre programme (une autre console intake ?) l'utilise peut-être déjà ; arrêtez-le, ou "
                      "choisissez une autre adresse avec --listen ou [web] listen", 1) from None
