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


def _app(ctx: click.Context, network: bool = False):
    """The wiring; with `network`, also check that every password is in the environment."""
    from intake.app import open_app

    try:
        settings = _settings(ctx)
        if network:
            config_mod.require_secrets(settings)
        return open_app(settings)
    except (ConfigError, RulesError) as exc:
        raise Failure(str(exc), 2) from None


def _outbox_line(sent) -> str:
    return (f"courriels : {sent.sent} envoyé(s), {sent.retried} à réessayer, {sent.failed} en échec, "
            f"{sent.uncertain} incertain(s), {sent.cancelled} annulé(s)")


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
        except BrokenPipeError:
            raise
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
    app = _app(ctx, network=True)
    reports = poll_all(app)
    sent = send_due(app)
    failed = [r for r in reports if r.error]
    for r in reports:
        state = f"ERREUR : {r.error}" if r.error else "ok"
        click.echo(f"{r.mailbox} : {r.fetched} nouveau(x), {r.filed} classé(s), {r.ignored} ignoré(s), "
                   f"{r.duplicates} copie(s), {r.quarantined} en quarantaine ({state})")
    click.echo(_outbox_line(sent))
    if failed:
        raise Failure(f"{len(failed)} boîte(s) illisible(s) : " + "; ".join(
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

    app = _app(ctx, network=True)
    report = queue_due_reminders(app)
    sent = send_due(app)
    click.echo(f"relances : {report.queued} prête(s) à partir, {report.held} retenue(s)")
    click.echo(_outbox_line(sent))


@main.command()
@click.option("--preview", is_flag=True, help="Print the digest and write its HTML to a file, instead of sending.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), default="digest-preview.html",
              show_default=True, help="With --preview: where to write the HTML.")
@click.pass_context
@_guard
def digest(ctx: click.Context, preview: bool, html_path: str) -> None:
    """Build and send the staff digest now (it counts as today's: the scheduled one is not sent again).

    Example: intake digest --preview
    """
    from intake.digest import make_digest, preview as preview_digest

    app = _app(ctx)
    if preview:
        click.echo(preview_digest(app, Path(html_path)))
        click.echo(f"(HTML : {Path(html_path).resolve()})")
        return
    config_mod.require_secrets(app.settings)
    report = make_digest(app, force=True)
    if report.outcome == "no-recipients":
        raise Failure(f"{app.settings.file}: digest.recipients: no recipient: list the staff addresses", 2)
    said = {"queued": "envoyé", "already-sent": "déjà envoyé aujourd'hui", "skipped-empty": "rien à dire : non envoyé"}
    click.echo(f"récapitulatif : {said.get(report.outcome, report.outcome)}"
               + (f" à {', '.join(report.recipients)}" if report.recipients else ""))


@main.command()
@click.pass_context
@_guard
def run(ctx: click.Context) -> None:
    """The long-running worker: polls and sends on the configured schedule until SIGTERM.

    Example: intake --config /etc/intake/config.toml run
    """
    from intake.worker import run as run_worker

    logging.getLogger("intake").setLevel(logging.INFO)
    run_worker(_app(ctx, network=True))


@main.command()
@click.option("--status", "status", default=None, help="Only cases with this status (e.g. incomplete).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (for scripts).")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV for a spreadsheet (';', UTF-8).")
@click.pass_context
@_guard
def cases(ctx: click.Context, status: str | None, as_json: bool, as_csv: bool) -> None:
    """List the cases.

    Example: intake cases --status incomplete --csv > incomplets.csv
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
    if as_csv:
        from intake.cases import rows_csv

        click.echo(rows_csv(app, rows).decode("utf-8"), nl=False)
        return
    if not rows:
        click.echo("Aucun dossier.")
        return
    click.echo(f"{'Référence':<15} {'Statut':<11} {'Demandeur':<36} {'Pièces':<26} Manquantes")
    for r in rows:
        click.echo(f"{r['reference']:<15} {r['status']:<11} {r['applicant'][:36]:<36} "
                   f"{', '.join(r['pieces']) or '-':<26} {', '.join(r['missing']) or '-'}")


CASE_HELP = """One case, and what staff do with it.

\b
  intake case REF [--json]                      show the case: pieces, messages, mails, history
  intake case REF status STATUS [--note T] [--notify] [--by NAME]
                                                record a decision: admissible, inadmissible, labelled,
                                                declined, withdrawn, or back to review; --notify sends the
                                                applicant the matching templates/decision/STATUS mail
  intake case REF piece FILE-OR-ID --kind KIND  correct a piece's kind (dossier, courrier, visuels,
                                                or aucune = not a piece); kept when rules change
  intake case REF mail N                        show the Nth mail sent on the case, as it was sent
  intake case new --applicant EMAIL [--name N] [--title T] FILES...
                                                file an application that came by post (scanned)

Example: intake case BSC-2026-0007 status admissible --note "comité du 3 décembre" --notify
"""


@main.command(help=CASE_HELP, context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                                "help_option_names": ["-h", "--help"]})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def case(ctx: click.Context, args: tuple[str, ...]) -> None:
    if not args:
        raise Failure("case: give a reference (intake case BSC-2026-0007), or `intake case new ...`", 2)
    if args[0] == "new":
        sub, rest = case_new, list(args[1:])
    elif len(args) > 1 and args[1] in ("status", "piece", "mail"):
        sub = {"status": case_status, "piece": case_piece, "mail": case_mail}[args[1]]
        rest = [args[0], *args[2:]]
    else:
        sub, rest = case_show, list(args)
    with sub.make_context(f"intake case {sub.name}", rest, parent=ctx) as sub_ctx:
        sub.invoke(sub_ctx)


@click.command("show")
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts).")
@click.pass_context
@_guard
def case_show(ctx: click.Context, reference: str, as_json: bool) -> None:
    from intake.cases import case_detail

    detail = case_detail(_app(ctx.find_root()), reference)
    if as_json:
        click.echo(json.dumps(detail, ensure_ascii=False, indent=2))
        return
    click.echo(f"{detail['reference']}  {detail['status']}  ({detail['status_reason']})")
    click.echo(f"Demandeur : {detail['applicant_name']} <{detail['applicant']}>")
    click.echo(f"Projet    : {detail['title']}")
    for key, value in detail["fields"].items():
        if key != "titre":
            click.echo(f"  {key:<13}: {value}")
    click.echo(f"Reçu le   : {detail['received_at']}")
    click.echo(f"Manquant  : {', '.join(detail['missing']) or 'rien'}")
    if detail["attention"]:
        click.echo(f"À voir    : {detail['attention']}")
    click.echo("Pièces :")
    for p in detail["piece_files"]:
        click.echo(f"  - #{p['id']} [{p['label']}] {p['filename']} ({p['size']} octets, {p['type']}) {p['path']}")
    click.echo("Messages :")
    for m in detail["message_list"]:
        click.echo(f"  - {m['received_at']} {m['mailbox']} UID {m['uid']} {m['fate']}: {m['subject']}")
    click.echo("Courriels envoyés (intake case REF mail N pour en lire un) :")
    for n, m in enumerate(detail["mails"], 1):
        click.echo(f"  {n}. {m['kind']} à {m['to']} : {m['status']} {m['last_error']}")
    click.echo("Historique :")
    for e in detail["events"]:
        click.echo(f"  - {e['at']} [{e['actor']}] {e['kind']}: {e['detail']}")


@click.command("status")
@click.argument("reference")
@click.argument("status")
@click.option("--note", default="", help="Why, in a few words (kept in the history).")
@click.option("--notify", is_flag=True, help="Send the applicant the templates/decision/STATUS mail.")
@click.option("--by", "actor", default=None, help="Who decides (default: your login).")
@click.pass_context
@_guard
def case_status(ctx: click.Context, reference: str, status: str, note: str, notify: bool, actor: str | None) -> None:
    from intake.cases import case_detail
    from intake.core.completeness import DECISIONS, REVIEW
    from intake.outbox import send_due
    from intake.staff import record_decision, who

    if status not in DECISIONS + (REVIEW,):
        raise Failure(f"status {status!r}: use one of {', '.join(DECISIONS + (REVIEW,))}", 2)
    app = _app(ctx.find_root())
    ref = record_decision(app, reference, status, note, actor or who(), notify)
    click.echo(f"{ref} : {status}")
    missing = case_detail(app, ref)["missing"]
    if status in ("admissible", "labelled") and missing:
        click.echo(f"attention : il manque encore au dossier : {', '.join(missing)}", err=True)
    if notify:
        sent = send_due(app)
        click.echo(_outbox_line(sent))


@click.command("piece")
@click.argument("reference")
@click.argument("file_or_id")
@click.option("--kind", required=True, help="dossier, courrier, visuels (the rules' kinds), or aucune.")
@click.option("--by", "actor", default=None, help="Who corrects (default: your login).")
@click.pass_context
@_guard
def case_piece(ctx: click.Context, reference: str, file_or_id: str, kind: str, actor: str | None) -> None:
    from intake.outbox import send_due
    from intake.staff import correct_piece, who

    app = _app(ctx.find_root())
    ref, status, filename = correct_piece(app, reference, file_or_id, kind, actor or who())
    send_due(app)
    click.echo(f"{ref} : {filename} est maintenant « {kind} » ; statut du dossier : {status}")


@click.command("mail")
@click.argument("reference")
@click.argument("number", type=int)
@click.option("--raw", is_flag=True, help="Print the whole message as sent (RFC 5322), e.g. to save it as .eml.")
@click.pass_context
@_guard
def case_mail(ctx: click.Context, reference: str, number: int, raw: bool) -> None:
    import email
    import email.policy

    from intake.cases import sent_mail

    data = sent_mail(_app(ctx.find_root()), reference, number)
    if raw:
        click.echo(data.decode("utf-8", "replace"), nl=False)
        return
    msg = email.message_from_bytes(data, policy=email.policy.default)
    for name in ("Date", "From", "To", "Subject", "Message-ID", "In-Reply-To", "Auto-Submitted"):
        if msg[name]:
            click.echo(f"{name}: {msg[name]}")
    body = msg.get_body(("plain",))
    click.echo("")
    click.echo(body.get_content() if body is not None else "(pas de texte)")


@click.command("new")
@click.option("--applicant", required=True, help="The applicant's email address.")
@click.option("--name", default="", help="The applicant's name or organisation.")
@click.option("--title", default="", help="The project's title.")
@click.option("--by", "actor", default=None, help="Who files it (default: your login).")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.pass_context
@_guard
def case_new(ctx: click.Context, applicant: str, name: str, title: str, actor: str | None, files) -> None:
    from intake.staff import file_postal, who

    ref, status = file_postal(_app(ctx.find_root()), applicant, name, title, [Path(f) for f in files], actor or who())
    click.echo(f"{ref}: {status}")


@main.command()
@click.argument("reference", required=False)
@click.option("--all", "all_cases", is_flag=True, help="Every open case (incomplete, complete, review).")
@click.pass_context
@_guard
def reclassify(ctx: click.Context, reference: str | None, all_cases: bool) -> None:
    """After a rules change, recompute the pieces and status of open cases from the stored files.

    No mail is sent for past events; the cases that become complete are listed.
    Example: intake reclassify --all
    """
    from intake.reclassify import reclassify as run_reclassify

    if bool(reference) == all_cases:
        raise Failure("reclassify: give one case reference, or --all", 2)
    report = run_reclassify(_app(ctx), reference)
    click.echo(f"{report.checked} dossier(s) revu(s), {len(report.changed)} modifié(s)")
    for line in report.changed:
        click.echo(f"  {line}")
    if report.completed:
        click.echo("Désormais complets (aucun courriel n'a été envoyé) : " + ", ".join(report.completed))


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
    """Check the rules and templates an admin edits.

    Example: intake rules check
    """


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
    from intake.digest import preview as preview_digest

    preview_digest(app, root / "recapitulatif.html")
    click.echo(f"Récapitulatif quotidien du service (aperçu) : {root / 'recapitulatif.html'}")
    click.echo(f"Détail d'un dossier : intake --config {config_path} case {list_cases(app)[0]['reference']}")
    click.echo(f"Pourquoi un message a été traité ainsi : intake --config {config_path} explain "
               f"{root / 'mail' / 'n.bataillon' / '04-newsletter.eml'}")


def entry() -> None:
    """The console script: `main`, quiet when the reader of its output goes away (`intake cases | head`)."""
    try:
        main()
    except BrokenPipeError:
        sys.stderr.close()  # nothing more to say to a closed pipe
        os._exit(0)
