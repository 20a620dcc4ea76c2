"""The admin's tools: `intake explain`, `intake rules check|registre`, `intake auth login`, `intake demo`."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import click

from intake import config as config_mod
from intake.cli import main
from intake.cli.guard import Failure, guard, settings_of, writing
from intake.cli.output import echo
from intake.config import secrets


@main.command()
@click.argument("eml", type=click.Path(exists=True, dir_okay=False), metavar="FICHIER.eml")
@click.pass_context
@guard
def explain(ctx: click.Context, eml: str) -> None:
    """Montrer comment un message serait traité, et pourquoi.

    FICHIER.eml est un message enregistré depuis un logiciel de messagerie.

    N'écrit rien : ni dans la base de données, ni dans les dossiers, et n'envoie aucun courriel.
    Si les règles du dossier rules/ sont en erreur, l'explication utilise les dernières règles
    valables, celles que le service applique encore, et le dit en tête (et sur la sortie d'erreur).

    \b
    Exemple : intake explain message.eml
    """
    from intake.adapters.service_user import not_root_reading_strangers_files
    from intake.commands.explain import explain_file, rules_to_explain_with

    settings = settings_of(ctx)
    not_root_reading_strangers_files(settings)
    rules, warning = rules_to_explain_with(settings)
    if warning:
        echo(f"intake: attention : {warning}", err=True)
    echo(explain_file(settings, Path(eml), rules, warning))


@main.group()
def rules() -> None:
    """Vérifier les règles et les modèles de courriels.

    Ceux que l'administrateur modifie : rules/ et templates/.

    \b
      intake rules check                        vérifier rules/ et templates/
      intake rules check --connect              et essayer les boîtes aux lettres et le relais d'envoi
      intake rules registre [--output FICHIER]  le registre des activités de traitement (RGPD, art. 30)

    \b
    Exemple : intake rules check
    """


@rules.command("check")
@click.option("--connect", is_flag=True,
              help="Se connecter aussi à chaque boîte aux lettres et au relais d'envoi (identification comprise), "
                   "sans rien lire ni envoyer : dit pour chacun si la connexion réussit (code 1 sinon).")
@click.option("--preview", "preview_kind", default=None, metavar="COURRIEL",
              help="Montrer aussi ce courriel tel que le demandeur le lira (valeurs d'exemple, date limite des règles, "
                   "contact de config.toml), une fois la vérification passée : acknowledgement, update, completion, "
                   "reminder, decision/admissible... (les dossiers de templates/).")
@click.pass_context
@guard
def rules_check(ctx: click.Context, connect: bool, preview_kind: str | None) -> None:
    """Vérifier rules/ et templates/.

    Nomme en une fois chaque fichier en erreur, avec la ligne et la correction de sa première erreur (une
    erreur suivante du même fichier peut venir de celle-là : elle est dite une fois la première corrigée), puis
    s'arrête (code 2). Chaque accusé de réception doit inclure le bloc
    des mentions légales (templates/_mentions_legales.*.j2 : décision implicite, CRPA R112-11-1), chaque refus
    son motif et les voies de recours (_voies_recours.*.j2) ; un rappel s'affiche tant que les mentions légales
    sont encore le texte livré par défaut. Si tout va bien, affiche les pièces attendues et les durées de
    conservation.

    Lit aussi config.toml (une erreur y est nommée de même, et arrête là la vérification : config.toml donne
    les dossiers rules/ et templates/) et signale chaque variable d'environnement d'un
    mot de passe qui n'est pas définie dans ce terminal, et chaque date since encore à venir (aucun courriel
    reçu avant elle n'est traité). Ne se connecte à aucun serveur, sauf avec --connect : chaque boîte aux
    lettres (dossier ouvert en lecture seule, aucun message lu ni marqué) et le relais d'envoi (aucun
    courriel envoyé) sont alors essayés avec leurs identifiants. Nomme les alias déclarés de chaque boîte.

    Tant que rules/ ou templates/ sont en erreur, les commandes qui relèvent, envoient ou décident sont
    refusées (code 2) ; celles qui ne font que lire (cases, case REF, quarantine list, outbox list, stats,
    person --export, purge --dry-run) s'exécutent, avec un avertissement qui nomme le fichier et la ligne, et
    les dernières règles valables.

    Avec --preview COURRIEL, montre ensuite ce courriel (objet et texte) tel que le demandeur le lira, pour chaque
    état du dossier où il part : pour voir une modification de sa formulation ou du délai avant de la laisser en
    service.

    \b
    Exemple : intake rules check
    Exemple : intake rules check --connect
    Exemple : intake rules check --preview acknowledgement
    """
    from datetime import timezone

    from intake.adapters.templates import Templates
    from intake.commands.rules_check import (
        check_all,
        future_since,
        kinds_said,
        no_digest,
        no_dpo,
        no_staff,
        notices,
        preview,
        preview_kinds,
        unset_secrets,
    )

    if preview_kind is not None and preview_kind.strip("/") not in preview_kinds():
        raise Failure(f"--preview {preview_kind} : ce courriel n'existe pas ; choisissez parmi "
                      + ", ".join(preview_kinds()), 2)
    settings = settings_of(ctx)
    templates = Templates(settings.templates_dir)
    found, errors = check_all(settings.rules_dir, templates)
    if errors:  # every file in error at once, each with its first error (a later one may follow from it)
        for error in errors[:-1]:
            echo(f"intake: {error}", err=True)
        raise Failure(str(errors[-1]), 2)
    assert found is not None
    echo(f"OK : {settings.file}, {settings.rules_dir} ({kinds_said(found)}) et {settings.templates_dir}")
    echo("Durées de conservation (retention.toml) : " + " ; ".join(
        f"{key} {how}" for key, _, how in (found.retention.describe() if found.retention else [])))
    for box in settings.mailboxes:
        if box.aliases:
            echo(f"Alias de la boîte {box.name} (un transfert d'un agent qui leur est adressé l'est à la boîte) : "
                 + ", ".join(box.aliases))
    for line in (notices(templates, found, settings.rules_dir)
                 + unset_secrets(settings, secrets.environ(), servers_tried=connect)
                 + future_since(settings, datetime.now(timezone.utc)) + no_digest(settings)
                 + no_staff(settings) + no_dpo(settings)):
        echo(line)
    if preview_kind is not None:
        echo("")
        echo(preview(templates, preview_kind.strip("/"), found, settings.service, settings.timezone))
    if connect:
        from intake.commands.server_check import longest_wait, try_servers
        from intake.core.french import count

        wait = longest_wait(settings)
        if wait:
            echo(f"Connexion aux serveurs, l'un après l'autre (jusqu'à {wait} s pour un serveur qui ne répond pas, "
                 "réglage timeout de config.toml) :")
        tried = []
        for attempt in try_servers(settings):
            echo(attempt.line)
            tried.append(attempt)
        failed = sum(not t.ok for t in tried)
        if failed:
            raise Failure(f"{count(failed, 'connexion')} sur {len(tried)} en échec (ci-dessus) : corrigez config.toml "
                          "ou le mot de passe, puis relancez intake rules check --connect", 1)


@rules.command("registre", short_help="Afficher le registre des traitements (RGPD, article 30).")
@click.option("--output", type=click.Path(dir_okay=False), default=None, metavar="FICHIER",
              help="L'écrire dans ce fichier au lieu de l'afficher.")
@click.pass_context
@guard
def rules_registre(ctx: click.Context, output: str | None) -> None:
    """Afficher le registre des activités de traitement (RGPD, article 30) de cette configuration et de ces
    règles.

    Les durées de conservation viennent de rules/retention.toml : régénérez le registre après les avoir
    modifiées.

    \b
    Exemple : intake rules registre > docs/registre-rgpd.md
    """
    from intake.adapters.rulefiles import load_rules
    from intake.commands.registre import registre

    settings = settings_of(ctx)
    text = registre(settings, load_rules(settings.rules_dir))
    if output:
        with writing(Path(output), "--output"):
            Path(output).write_text(text, encoding="utf-8")
        echo(f"registre écrit dans {output}")
    else:
        echo(text, nl=False)


@main.group()
def auth() -> None:
    """Connexion OAuth2 des boîtes aux lettres.

    Pour les boîtes (et [smtp]) réglées avec auth = "oauth2".

    \b
      intake auth login BOÎTE    se connecter une fois pour une boîte aux lettres (ou smtp)

    \b
    Exemple : intake auth login n.bataillon
    """


@auth.command("login")
@click.argument("name", metavar="BOÎTE")
@click.option("--port", type=int, default=0, show_default=False, metavar="PORT",
              help="Avec flow = \"authorization_code\" : le port local où le navigateur revient (par défaut : un "
                   "port libre).")
@click.pass_context
@guard
def auth_login(ctx: click.Context, name: str, port: int) -> None:
    """Se connecter une fois pour une boîte aux lettres.

    BOÎTE est le nom d'une boîte ([[mailboxes]] name), ou smtp pour le serveur d'envoi. Le jeton de
    renouvellement obtenu est conservé, chiffré, dans data_dir. Il faut la variable d'environnement
    nommée par token_key_env (par défaut INTAKE_TOKEN_KEY), d'au moins 20 caractères, la même pour toutes
    les commandes intake suivantes. Inutile avec flow = "client_credentials".

    \b
    Exemple : INTAKE_TOKEN_KEY=... intake auth login n.bataillon
    """
    from intake.commands.oauth_login import login

    settings = settings_of(ctx.find_root())
    where = login(settings, name, lambda text: echo(text, err=True), port=port)
    echo(f"{name} : autorisation enregistrée (chiffrée) dans {where}")


@main.command()
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None, metavar="DOSSIER",
              help="Où créer la démo : un dossier vide, ou celui d'une démo précédente (par défaut : un nouveau "
                   "dossier temporaire).")
@guard
def demo(directory: str | None) -> None:
    """Essayer intake sur des courriels d'exemple, sans serveur.

    Deux boîtes aux lettres simulées sont relevées ; les candidatures sont classées, les accusés de
    réception écrits dans des fichiers (rien n'est envoyé), et un aperçu du récapitulatif quotidien est
    créé. La commande dit où trouver chaque résultat, et comment ouvrir la console du service (intake
    serve) sur ces dossiers : sa configuration déclare deux membres du service, dont le lien de connexion
    est lui aussi écrit dans un fichier.

    \b
    Exemple : intake demo
    """
    from intake.app import open_app
    from intake.cli.case_group import case_table
    from intake.commands import demo as demo_mod
    from intake.commands.show import list_cases
    from intake.core.french import count
    from intake.pipeline.poll import poll_all
    from intake.pipeline.send import send_due

    root = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="intake-demo-"))
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()) and not (root / "config.toml").exists():
        raise Failure(f"{root} n'est pas vide et ne contient pas de démo : choisissez un dossier vide avec --dir", 2)
    config_path = demo_mod.prepare(root, datetime.now().astimezone())
    app = open_app(config_mod.load(config_path))
    reports = poll_all(app)
    sent = send_due(app)
    echo(f"Démo : deux boîtes aux lettres simulées dans {root / 'mail'}")
    for r in reports:
        echo(f"  {r.mailbox} : {count(r.fetched, 'message')}, {count(r.filed, 'classé')} dans un dossier, "
             f"{count(r.ignored, 'ignoré')}, {count(r.duplicates, 'copie')}, {r.quarantined} en quarantaine")
    echo("")
    case_table(list_cases(app))
    echo("")
    echo(f"{count(sent.sent, 'accusé de réception écrit', 'accusés de réception écrits')} dans "
         f"{app.settings.outbox_dir}/")
    from intake.commands.send_digest import preview as preview_digest

    preview_digest(app, root / "recapitulatif.html")
    echo(f"Récapitulatif quotidien du service (aperçu) : {root / 'recapitulatif.html'}")
    echo(f"Détail d'un dossier : intake --config {config_path} case {list_cases(app)[0]['reference']}")
    echo(f"Pourquoi un message a été traité ainsi : intake --config {config_path} explain "
         f"{root / 'mail' / 'n.bataillon' / '04-newsletter.eml'}")
    echo(f"La console du service : intake --config {config_path} serve, puis ouvrez http://127.0.0.1:8080/ et "
         f"demandez un lien de connexion pour {demo_mod.NB} (administrateur) ou {demo_mod.DB} ; rien n'est envoyé : "
         f"le courriel du lien est écrit dans {app.settings.outbox_dir}/, ouvrez ce fichier .eml avec votre logiciel "
         "de messagerie")
    hint = _not_on_path_hint()
    if hint:
        echo(hint)


def _not_on_path_hint() -> str:
    """What to type first when the `intake` of this terminal's PATH is not the one running (scripts/demo.sh runs
    .venv/bin/intake without activating .venv): the demo's suggested commands would say « command not found »."""
    import shutil
    import sys

    bin_dir = Path(sys.executable).parent  # the venv's bin (not resolved: that would leave the venv)
    mine = bin_dir / "intake"
    found = shutil.which("intake")
    if not mine.exists() or (found and Path(found).resolve() == mine.resolve()):
        return ""
    return (f"(La commande intake de ces exemples n'est pas dans le PATH de ce terminal : lancez d'abord "
            f"« source {bin_dir / 'activate'} », ou écrivez {mine} à la place de intake.)")
