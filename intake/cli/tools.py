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


@main.command()
@click.argument("eml", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
@guard
def explain(ctx: click.Context, eml: str) -> None:
    """Show how a saved message (.eml) would be handled, and why. Writes nothing.

    Example: intake explain message.eml
    """
    from intake.commands.explain import explain_file

    echo(explain_file(settings_of(ctx), Path(eml)))


@main.group()
def rules() -> None:
    """Check the rules and templates an admin edits.

    Example: intake rules check
    """


@rules.command("check")
@click.pass_context
@guard
def rules_check(ctx: click.Context) -> None:
    """Validate rules/ and templates/; exit 2 naming the file, the line and the fix.

    Every acknowledgement must include the legal block (templates/_mentions_legales.*.j2: implicit
    decision, CRPA R112-11-1), each refusal its motif and the routes of appeal (_voies_recours.*.j2);
    a reminder is printed while the legal block is still the shipped default text.

    Example: intake rules check
    """
    from intake.adapters.rulefiles import load_rules
    from intake.adapters.templates import Templates
    from intake.commands.rules_check import check_templates, notices

    settings = settings_of(ctx)
    found = load_rules(settings.rules_dir)
    templates = Templates(settings.templates_dir)
    check_templates(templates)
    kinds = ", ".join(f"{k.key} ({'obligatoire' if k.required else 'facultatif'})" for k in found.kinds)
    echo(f"OK : {settings.rules_dir} ({kinds}) et {settings.templates_dir}")
    echo("Durées de conservation (retention.toml) : " + " ; ".join(
        f"{key} {how}" for key, _, how in (found.retention.describe() if found.retention else [])))
    for line in notices(templates, found, settings.rules_dir):
        echo(line)


@rules.command("registre", short_help="Print the GDPR record of processing (article 30).")
@click.option("--output", type=click.Path(dir_okay=False), default=None, help="Write it to this file instead of "
                                                                            "printing it.")
@click.pass_context
@guard
def rules_registre(ctx: click.Context, output: str | None) -> None:
    """Print the record of processing (GDPR art. 30, in French) for this configuration and these rules.

    The retention durations come from rules/retention.toml: regenerate it after changing them.
    Example: intake rules registre > docs/registre-rgpd.md
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
    """OAuth2 sign-in for mailboxes (and [smtp]) with auth = "oauth2".

    Example: intake auth login n.bataillon
    """


@auth.command("login")
@click.argument("name")
@click.option("--port", type=int, default=0, show_default=False,
              help="authorization_code flow: the local port the browser is sent back to (default: any free one).")
@click.pass_context
@guard
def auth_login(ctx: click.Context, name: str, port: int) -> None:
    """Sign in once for mailbox NAME (or `smtp`) and store its refresh token, encrypted, in data_dir.

    Needs the variable named by token_key_env (default INTAKE_TOKEN_KEY) in the environment, the same
    for every later intake command. Not needed for flow = "client_credentials".
    Example: INTAKE_TOKEN_KEY=... intake auth login n.bataillon
    """
    from intake.commands.oauth_login import login

    settings = settings_of(ctx.find_root())
    where = login(settings, name, lambda text: echo(text, err=True), port=port)
    echo(f"{name} : autorisation enregistrée (chiffrée) dans {where}")


@main.command()
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Where to put the demo (default: a new temporary directory).")
@guard
def demo(directory: str | None) -> None:
    """Run the whole pipeline on bundled sample mail, with no server.

    Example: intake demo
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
