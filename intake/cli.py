"""The `intake` command line: a thin layer that turns errors into one-line messages.

Exit codes: 0 success, 2 usage or configuration error (file, key, problem), 1 other failures.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import click

from intake import config as config_mod
from intake.errors import ConfigError, IntakeError, RulesError

log = logging.getLogger("intake")


class Failure(click.ClickException):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.exit_code = code

    def show(self, file=None):
        click.echo(f"intake: {self.format_message()}", err=True)


def _settings(ctx: click.Context):
    path = ctx.obj["config"]
    try:
        return config_mod.load(path)
    except ConfigError as exc:
        raise Failure(str(exc), 2) from None


def _app(ctx: click.Context):
    from intake.app import open_app

    try:
        return open_app(_settings(ctx))
    except (ConfigError, RulesError) as exc:
        raise Failure(str(exc), 2) from None


def _guard(fn):
    """Map the package's errors to exit codes; a bug gets one line, not a traceback (INTAKE_DEBUG=1 shows it)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except click.ClickException:
            raise
        except (ConfigError, RulesError) as exc:
            raise Failure(str(exc), 2) from None
        except IntakeError as exc:
            raise Failure(str(exc), 1) from None
        except Exception as exc:
            if os.environ.get("INTAKE_DEBUG"):
                raise
            raise Failure(f"unexpected {type(exc).__name__}: {exc} (run with INTAKE_DEBUG=1 for details)", 1) from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: $INTAKE_CONFIG, else ./config.toml).")
@click.option("-v", "--verbose", is_flag=True, help="Log each message and decision to stderr.")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, verbose: bool) -> None:
    """Email intake of the Béthune Smart City label: files, checks and acknowledges applications.

    Example: intake --config /etc/intake/config.toml poll
    """
    ctx.ensure_object(dict)
    ctx.obj["config"] = config_path or os.environ.get("INTAKE_CONFIG") or "config.toml"
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@main.command()
@click.pass_context
@_guard
def poll(ctx: click.Context) -> None:
    """One full pass now: fetch every mailbox, file what arrived, then send what is due.

    Example: intake poll
    """
    from intake.ingest import poll_all
    from intake.outbox import send_due

    logging.getLogger("intake").setLevel(min(logging.getLogger("intake").getEffectiveLevel(), logging.INFO))
    app = _app(ctx)
    reports = poll_all(app)
    sent = send_due(app)
    failed = [r for r in reports if r.error]
    for r in reports:
        state = f"ERROR: {r.error}" if r.error else "ok"
        click.echo(f"{r.mailbox}: {r.fetched} new, {r.filed} filed, {r.ignored} ignored, {r.duplicates} copies, "
                   f"{r.quarantined} quarantined ({state})")
    click.echo(f"outbox: {sent.sent} sent, {sent.retried} to retry, {sent.failed} failed, "
               f"{sent.uncertain} uncertain, {sent.cancelled} cancelled")
    if failed:
        raise Failure(f"{len(failed)} mailbox(es) could not be read: " + "; ".join(
            f"{r.mailbox}: {r.error}" for r in failed), 1)


@main.command()
@click.pass_context
@_guard
def followups(ctx: click.Context) -> None:
    """Queue the reminders that are due now (incomplete cases), then send what is due.

    Safe to run any number of times: a reminder is sent once.
    Example: intake followups
    """
    from intake.followups import queue_due_reminders
    from intake.outbox import send_due

    app = _app(ctx)
    report = queue_due_reminders(app)
    sent = send_due(app)
    click.echo(f"reminders: {report.queued} queued, {report.held} held; outbox: {sent.sent} sent, "
               f"{sent.retried} to retry, {sent.failed} failed, {sent.cancelled} cancelled")


@main.command()
@click.pass_context
@_guard
def run(ctx: click.Context) -> None:
    """The long-running worker: polls and sends on the configured schedule until SIGTERM.

    Example: intake --config /etc/intake/config.toml run
    """
    from intake.worker import run as run_worker

    logging.getLogger("intake").setLevel(logging.INFO)
    run_worker(_app(ctx))


@main.command()
@click.option("--status", "status", default=None, help="Only cases with this status (e.g. incomplete).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (for scripts).")
@click.pass_context
@_guard
def cases(ctx: click.Context, status: str | None, as_json: bool) -> None:
    """List the cases.

    Example: intake cases --status incomplete
    """
    from intake.cases import list_cases
    from intake.core.completeness import STATUSES

    if status and status not in STATUSES:
        raise Failure(f"--status {status!r}: use one of {', '.join(STATUSES)}", 2)
    app = _app(ctx)
    rows = list_cases(app, status)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("Aucun dossier.")
        return
    click.echo(f"{'Référence':<15} {'Statut':<11} {'Demandeur':<36} {'Pièces':<26} Manquantes")
    for r in rows:
        click.echo(f"{r['reference']:<15} {r['status']:<11} {r['applicant'][:36]:<36} "
                   f"{', '.join(r['pieces']) or '-':<26} {', '.join(r['missing']) or '-'}")


@main.command()
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts).")
@click.pass_context
@_guard
def case(ctx: click.Context, reference: str, as_json: bool) -> None:
    """One case with its messages, pieces, mails and history.

    Example: intake case BSC-2026-0007
    """
    from intake.cases import case_detail

    detail = case_detail(_app(ctx), reference)
    if as_json:
        click.echo(json.dumps(detail, ensure_ascii=False, indent=2))
        return
    click.echo(f"{detail['reference']}  {detail['status']}  ({detail['status_reason']})")
    click.echo(f"Demandeur : {detail['applicant_name']} <{detail['applicant']}>")
    click.echo(f"Objet     : {detail['title']}")
    click.echo(f"Reçu le   : {detail['received_at']}")
    click.echo(f"Manquant  : {', '.join(detail['missing']) or 'rien'}")
    if detail["attention"]:
        click.echo(f"À voir    : {detail['attention']}")
    click.echo("Pièces :")
    for p in detail["piece_files"]:
        click.echo(f"  - [{p['label']}] {p['filename']} ({p['size']} octets, {p['type']}) {p['path']}")
    click.echo("Messages :")
    for m in detail["message_list"]:
        click.echo(f"  - {m['received_at']} {m['mailbox']} UID {m['uid']} {m['fate']}: {m['subject']}")
    click.echo("Courriels envoyés :")
    for m in detail["mails"]:
        click.echo(f"  - {m['kind']} à {m['to']} : {m['status']} {m['last_error']}")
    click.echo("Historique :")
    for e in detail["events"]:
        click.echo(f"  - {e['at']} {e['kind']}: {e['detail']}")


@main.command()
@click.argument("eml", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
@_guard
def explain(ctx: click.Context, eml: str) -> None:
    """Show how a saved message (.eml) would be handled, and why. Writes nothing.

    Example: intake explain message.eml
    """
    from intake.explain import explain_file

    click.echo(explain_file(_settings(ctx), Path(eml)))


@main.group()
def rules() -> None:
    """Check the rules and templates an admin edits."""


@rules.command("check")
@click.pass_context
@_guard
def rules_check(ctx: click.Context) -> None:
    """Validate rules/ and templates/; exit 2 naming the file, the line and the fix.

    Example: intake rules check
    """
    from intake.adapters.rulefiles import load_rules
    from intake.adapters.templates import Templates
    from intake.checks import check_templates

    settings = _settings(ctx)
    found = load_rules(settings.rules_dir)
    check_templates(Templates(settings.templates_dir))
    kinds = ", ".join(f"{k.key} ({'obligatoire' if k.required else 'facultatif'})" for k in found.kinds)
    click.echo(f"OK: {settings.rules_dir} ({kinds}) and {settings.templates_dir}")


@main.command()
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Where to put the demo (default: a new temporary directory).")
@_guard
def demo(directory: str | None) -> None:
    """Run the whole pipeline on bundled sample mail, with no server.

    Example: intake demo
    """
    from intake import demo as demo_mod
    from intake.app import open_app
    from intake.cases import list_cases
    from intake.ingest import poll_all
    from intake.outbox import send_due

    root = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="intake-demo-"))
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()) and not (root / "config.toml").exists():
        raise Failure(f"{root} is not empty and holds no demo: choose an empty directory with --dir", 2)
    config_path = demo_mod.prepare(root, datetime.now().astimezone())
    app = open_app(config_mod.load(config_path))
    reports = poll_all(app)
    sent = send_due(app)
    click.echo(f"Démo : deux boîtes aux lettres simulées dans {root / 'mail'}")
    for r in reports:
        click.echo(f"  {r.mailbox} : {r.fetched} messages, {r.filed} dossiers, {r.ignored} ignorés, "
                   f"{r.duplicates} copies, {r.quarantined} en quarantaine")
    click.echo("")
    click.echo(f"{'Référence':<15} {'Statut':<11} {'Demandeur':<36} {'Pièces':<26} Manquantes")
    for c in list_cases(app):
        click.echo(f"{c['reference']:<15} {c['status']:<11} {c['applicant'][:36]:<36} "
                   f"{', '.join(c['pieces']) or '-':<26} {', '.join(c['missing']) or '-'}")
    click.echo("")
    click.echo(f"{sent.sent} accusés de réception écrits dans {app.settings.outbox_dir}/")
    click.echo(f"Détail d'un dossier : intake --config {config_path} case {list_cases(app)[0]['reference']}")
    click.echo(f"Pourquoi un message a été traité ainsi : intake --config {config_path} explain "
               f"{root / 'mail' / 'n.bataillon' / '04-newsletter.eml'}")
