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
from intake.core.text import terminal_safe
from intake.errors import ConfigError, IntakeError, RulesError

log = logging.getLogger("intake")


def echo(text: str = "", **kwargs) -> None:
    """Everything shown to staff passes here: subjects, names and titles come from strangers' mail and
    documents, and must not drive the terminal (escape sequences, control characters are removed)."""
    click.echo(terminal_safe(text), **kwargs)


def json_text(data) -> str:
    """JSON for scripts; the characters json leaves raw that a terminal would obey (DEL, C1, bidi) escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(c if terminal_safe(c) == c or c in "\n" else f"\\u{ord(c):04x}" for c in text)


class SafeFormatter(logging.Formatter):
    """Log lines without control characters or escape sequences (they may quote a stranger's subject)."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal_safe(super().format(record))


class Failure(click.ClickException):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.exit_code = code

    def show(self, file=None):
        echo(f"intake: {self.format_message()}", err=True)


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


def _outbox_line(sent, tz=None) -> str:
    """The outbox after a pass, for staff: what left, what waits for a retry delay and until when."""
    from datetime import datetime

    from intake.core.french import date_time

    waiting = f"{sent.waiting} en attente d'un nouvel essai"
    if sent.waiting and sent.next_try is not None:
        when = sent.next_try.astimezone(tz)
        today = datetime.now(when.tzinfo).date() == when.date()
        waiting += f" (prochain essai à {when:%H} h {when:%M})" if today else f" (prochain essai le {date_time(when)})"
    line = (f"courriels : {sent.sent} envoyé(s), {waiting}, {sent.failed} en échec, "
            f"{sent.uncertain} incertain(s), {sent.cancelled} annulé(s)")
    if sent.resent:
        line += f", {sent.resent} renvoyé(s) après un envoi interrompu (même Message-ID)"
    return line


def _day(iso: str) -> str:
    """`2026-11-28T14:19:02+01:00` -> `28/11/2026`."""
    return datetime.fromisoformat(iso).strftime("%d/%m/%Y")


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
            from sqlalchemy.exc import OperationalError

            if os.environ.get("INTAKE_DEBUG"):
                raise
            if isinstance(exc, OperationalError):  # the database went away (server down, network)
                reason = str(exc.orig or exc).strip().splitlines()[0]
                raise Failure(f"the database cannot be used right now: {reason}", 1) from None
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
    for handler in logging.getLogger().handlers:
        if not isinstance(handler.formatter, SafeFormatter):
            handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))


@main.command()
@click.pass_context
@_guard
def poll(ctx: click.Context) -> None:
    """One full pass now: fetch every mailbox, file what arrived, then send what is due.

    Example: intake poll
    """
    from intake.pipeline.quickpoll import quiet_poll

    logging.getLogger("intake").setLevel(min(logging.getLogger("intake").getEffectiveLevel(), logging.INFO))
    settings = _settings(ctx)
    try:
        config_mod.require_secrets(settings)
    except ConfigError as exc:
        raise Failure(str(exc), 2) from None
    quiet = quiet_poll(settings)  # nothing to do: said without loading the database layer
    if quiet is not None:
        for line in quiet:
            echo(line)
        return
    from intake.pipeline.poll import poll_all
    from intake.pipeline.send import send_due
    from intake.pipeline.watch import watch_states

    app = _app(ctx, network=True)
    reports = poll_all(app)
    sent = send_due(app)
    failed = [r for r in reports if r.error]
    watched = watch_states(app)
    for r in reports:
        if r.busy:
            click.echo(f"{r.mailbox} : relevée en ce moment par un autre processus intake (passée cette fois)")
            continue
        state = f"ERREUR : {r.error}" if r.error else "ok"
        if watched.get(r.mailbox):
            state += f" ; {watched[r.mailbox]}"
        echo(f"{r.mailbox} : {r.fetched} nouveau(x), {r.filed} classé(s), {r.ignored} ignoré(s), "
             f"{r.duplicates} copie(s), {r.quarantined} en quarantaine ({state})")
    echo(_outbox_line(sent, app.settings.timezone))
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
    from intake.commands.followups import queue_due_reminders
    from intake.pipeline.send import send_due

    app = _app(ctx, network=True)
    report = queue_due_reminders(app)
    sent = send_due(app)
    echo(f"relances : {report.queued} prête(s) à partir, {report.held} retenue(s)")
    echo(_outbox_line(sent, app.settings.timezone))


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
    from intake.commands.send_digest import make_digest, preview as preview_digest

    app = _app(ctx)
    if preview:
        echo(preview_digest(app, Path(html_path)))
        echo(f"(HTML : {Path(html_path).resolve()})")
        return
    config_mod.require_secrets(app.settings)
    report = make_digest(app, force=True)
    if report.outcome == "no-recipients":
        raise Failure(f"{app.settings.file}: digest.recipients: no recipient: list the staff addresses", 2)
    said = {"queued": "envoyé", "already-sent": "déjà envoyé aujourd'hui", "skipped-empty": "rien à dire : non envoyé"}
    echo(f"récapitulatif : {said.get(report.outcome, report.outcome)}"
         + (f" à {', '.join(report.recipients)}" if report.recipients else ""))


@main.command()
@click.pass_context
@_guard
def run(ctx: click.Context) -> None:
    """The long-running worker: IMAP IDLE on each folder (new mail acknowledged within seconds), and
    polls and sends on the configured schedule as well, until SIGTERM.

    Example: intake --config /etc/intake/config.toml run
    """
    from intake.worker import run as run_worker

    logging.getLogger("intake").setLevel(logging.INFO)
    run_worker(_app(ctx, network=True))


@main.command()
@click.option("--listen", default=None, metavar="HOST:PORT",
              help="Where to listen (default: [web] listen, else 127.0.0.1:8080).")
@click.pass_context
@_guard
def serve(ctx: click.Context, listen: str | None) -> None:
    """The staff console (web): sign-in by a one-time link mailed to a [[staff]] address.

    Put it behind the town's reverse proxy (HTTPS) and set [web] base_url to the address staff open.

    Example: intake --config /etc/intake/config.toml serve --listen 127.0.0.1:8080
    """
    from intake.web.server import serve as run_console

    app = _app(ctx, network=True)
    if not app.settings.staff:
        raise Failure(f"{app.settings.file}: staff: nobody may sign in: list each person as a [[staff]] table "
                      "(email, name, role)", 2)
    try:
        host, port = config_mod.split_listen(listen or app.settings.web.listen)
    except ValueError:
        raise Failure(f"--listen {listen!r}: write HOST:PORT, e.g. 127.0.0.1:8080", 2) from None
    logging.getLogger("intake").setLevel(logging.INFO)
    run_console(app, host, port)


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
    from intake.commands.show import list_cases
    from intake.core.statuses import STATUSES

    if status and status not in STATUSES:
        raise Failure(f"--status {status!r}: use one of {', '.join(STATUSES)}", 2)
    app = _app(ctx)
    rows = list_cases(app, status)
    if as_json:
        echo(json_text(rows))
        return
    if as_csv:
        from intake.commands.show import rows_csv

        echo(rows_csv(app, rows).decode("utf-8"), nl=False)
        return
    if not rows:
        echo("Aucun dossier.")
        return
    echo(f"{'Référence':<15} {'Statut':<11} {'Demandeur':<36} {'Pièces':<26} Manquantes")
    for r in rows:
        echo(f"{r['reference']:<15} {r['status']:<11} {r['applicant'][:36]:<36} "
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
  intake case REF note "TEXT"                   add a staff note to the case's history
  intake case REF merge OTHER                   merge case OTHER into REF (one application filed twice):
                                                pieces, messages, mails and history join REF; OTHER
                                                still leads to REF
  intake case REF move-message N --to OTHER     move the Nth message of the case (as numbered by
                                                `intake case REF`), with its files, to case OTHER
  intake case REF address EMAIL [--main]        confirm an address of the applicant: it may then write
                                                for the case; with --main, the case's mail goes there
  intake case new --applicant EMAIL [--name N] [--title T] [--received DATE] FILES...
                                                file an application that came by post (scanned): its
                                                files are read and recognised exactly as a mail's
Every command that changes a case takes --by NAME (default: your login) for the history.

Example: intake case BSC-2026-0007 status admissible --note "comité du 3 décembre" --notify
"""

CASE_ACTIONS = ("status", "piece", "mail", "note", "merge", "move-message", "address")


@main.command(help=CASE_HELP, context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                                "help_option_names": ["-h", "--help"]})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def case(ctx: click.Context, args: tuple[str, ...]) -> None:
    if not args:
        raise Failure("case: give a reference (intake case BSC-2026-0007), or `intake case new ...`", 2)
    if args[0] == "new":
        sub, rest = case_new, list(args[1:])
    elif len(args) > 1 and args[1] in CASE_ACTIONS:
        sub = {"status": case_status, "piece": case_piece, "mail": case_mail, "note": case_note,
               "merge": case_merge, "move-message": case_move, "address": case_address}[args[1]]
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
    from intake.commands.show import case_detail

    app = _app(ctx.find_root())
    detail = case_detail(app, reference)
    if as_json:
        echo(json_text(detail))
        return
    if detail["asked_as"]:
        a = detail["asked_as"]
        echo(f"{a['reference']} a été fusionné dans {detail['reference']} le {_day(a['at'])} par {a['by']} :")
    echo(f"{detail['reference']}  {detail['status']}  ({detail['status_reason']})")
    echo(f"Demandeur : {detail['applicant_name']} <{detail['applicant']}>")
    for a in detail["addresses"]:
        if a["address"] != detail["applicant"]:
            echo(f"  aussi    : {a['address']} ({a['label']})")
    if detail["linked_to"]:
        echo(f"Lié à     : {detail['linked_to']} (un tiers a cité ce dossier : à rattacher ou non)")
    echo(f"Projet    : {detail['title']}")
    labels = {rule.key: rule.label for rule in app.rules.fields}
    for key, value in detail["fields"].items():
        if key != "titre":
            echo(f"  {labels.get(key, key):<18}: {value}")
    echo(f"Reçu le   : {detail['received_at']}")
    echo(f"Manquant  : {', '.join(detail['missing']) or 'rien'}")
    if detail["attention"]:
        echo(f"À voir    : {detail['attention']}")
    echo("Pièces :")
    for p in detail["piece_files"]:
        echo(f"  - #{p['id']} [{p['label']}] {p['filename']} ({p['size']} octets, {p['type']}) {p['path']}")
    if detail["merged"]:
        echo("Fusionnés ici : " + ", ".join(f"{m['reference']} ({_day(m['at'])}, {m['by']})"
                                                  for m in detail["merged"]))
    echo("Messages (intake case REF move-message N --to AUTRE pour en déplacer un) :")
    for n, m in enumerate(detail["message_list"], 1):
        echo(f"  {n}. {m['received_at']} {m['mailbox']} UID {m['uid']} {m['fate']}: {m['subject'] or m['reason']}")
    echo("Courriels envoyés (intake case REF mail N pour en lire un) :")
    for n, m in enumerate(detail["mails"], 1):
        echo(f"  {n}. {m['kind']} à {m['to']} : {m['status']} {m['last_error']}")
    echo("Historique :")
    for e in detail["events"]:
        echo(f"  - {e['at']} [{e['actor']}] {e['kind']}: {e['detail']}")


@click.command("status")
@click.argument("reference")
@click.argument("status")
@click.option("--note", default="", help="Why, in a few words (kept in the history).")
@click.option("--notify", is_flag=True, help="Send the applicant the templates/decision/STATUS mail.")
@click.option("--by", "actor", default=None, help="Who decides (default: your login).")
@click.pass_context
@_guard
def case_status(ctx: click.Context, reference: str, status: str, note: str, notify: bool, actor: str | None) -> None:
    from intake.commands.show import case_detail
    from intake.core.statuses import ADMISSIBLE, LABELLED, STAFF_CHOICES
    from intake.pipeline.send import send_due
    from intake.commands.staff import record_decision, who

    if status not in STAFF_CHOICES:
        raise Failure(f"status {status!r}: use one of {', '.join(STAFF_CHOICES)}", 2)
    app = _app(ctx.find_root())
    ref = record_decision(app, reference, status, note, actor or who(), notify)
    echo(f"{ref} : {status}")
    missing = case_detail(app, ref)["missing"]
    if status in (ADMISSIBLE, LABELLED) and missing:
        echo(f"attention : il manque encore au dossier : {', '.join(missing)}", err=True)
    if notify:
        sent = send_due(app)
        echo(_outbox_line(sent, app.settings.timezone))


@click.command("piece")
@click.argument("reference")
@click.argument("file_or_id")
@click.option("--kind", required=True, help="dossier, courrier, visuels (the rules' kinds), or aucune.")
@click.option("--by", "actor", default=None, help="Who corrects (default: your login).")
@click.pass_context
@_guard
def case_piece(ctx: click.Context, reference: str, file_or_id: str, kind: str, actor: str | None) -> None:
    from intake.pipeline.send import send_due
    from intake.commands.staff import correct_piece, who

    app = _app(ctx.find_root())
    ref, status, filename = correct_piece(app, reference, file_or_id, kind, actor or who())
    send_due(app)
    echo(f"{ref} : {filename} est maintenant « {kind} » ; statut du dossier : {status}")


@click.command("mail")
@click.argument("reference")
@click.argument("number", type=int)
@click.option("--raw", is_flag=True, help="Print the whole message as sent (RFC 5322), e.g. to save it as .eml.")
@click.pass_context
@_guard
def case_mail(ctx: click.Context, reference: str, number: int, raw: bool) -> None:
    from intake.commands.show import sent_mail

    data = sent_mail(_app(ctx.find_root()), reference, number)
    if raw:
        echo(data.decode("utf-8", "replace").replace("\r\n", "\n"), nl=False)
        return
    _print_mail(data)


@click.command("address")
@click.argument("reference")
@click.argument("address")
@click.option("--main", is_flag=True, help="From now on, the case's mail goes to this address.")
@click.option("--by", "actor", default=None, help="Who confirms (default: your login).")
@click.pass_context
@_guard
def case_address(ctx: click.Context, reference: str, address: str, main: bool, actor: str | None) -> None:
    from intake.commands.staff import confirm_address
    from intake.commands.staff import who

    echo(confirm_address(_app(ctx.find_root()), reference, address, main, actor or who()))


@click.command("note")
@click.argument("reference")
@click.argument("text")
@click.option("--by", "actor", default=None, help="Who writes it (default: your login).")
@click.pass_context
@_guard
def case_note(ctx: click.Context, reference: str, text: str, actor: str | None) -> None:
    from intake.commands.notes import add_note
    from intake.commands.staff import who

    ref = add_note(_app(ctx.find_root()), reference, text, actor or who())
    echo(f"{ref} : note ajoutée à l'historique")


@click.command("merge")
@click.argument("reference")
@click.argument("other")
@click.option("--by", "actor", default=None, help="Who merges (default: your login).")
@click.pass_context
@_guard
def case_merge(ctx: click.Context, reference: str, other: str, actor: str | None) -> None:
    from intake.commands.merge import merge_cases
    from intake.pipeline.send import send_due
    from intake.commands.staff import who

    app = _app(ctx.find_root())
    r = merge_cases(app, reference, other, actor or who())
    send_due(app)
    echo(f"{r.merged} fusionné dans {r.survivor} : {r.pieces} pièce(s) (+ {r.same_files} déjà présente(s)), "
         f"{r.messages} message(s), {r.mails} courriel(s) ; statut : {r.status}")
    echo(f"{r.merged} mène désormais à {r.survivor}.")


@click.command("move-message")
@click.argument("reference")
@click.argument("number", type=int)
@click.option("--to", "target", required=True, help="The case the message belongs to.")
@click.option("--by", "actor", default=None, help="Who moves it (default: your login).")
@click.pass_context
@_guard
def case_move(ctx: click.Context, reference: str, number: int, target: str, actor: str | None) -> None:
    from intake.commands.merge import message_id_by_number, move_message
    from intake.pipeline.send import send_due
    from intake.commands.staff import who

    app = _app(ctx.find_root())
    r = move_message(app, reference, message_id_by_number(app, reference, number), target, actor or who())
    send_due(app)
    echo(f"{r.message} déplacé de {r.source} vers {r.target}"
         + (f" avec {', '.join(r.pieces)}" if r.pieces else ""))
    echo(f"statut : {r.source} {r.source_status}, {r.target} {r.target_status}")


@click.command("new")
@click.option("--applicant", required=True, help="The applicant's email address.")
@click.option("--name", default="", help="The applicant's name or organisation.")
@click.option("--title", default="", help="The project's title (default: the one read from the dossier).")
@click.option("--received", default=None, metavar="DATE",
              help="When the letter arrived: 2026-11-20 or 20/11/2026 (default: today).")
@click.option("--by", "actor", default=None, help="Who files it (default: your login).")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.pass_context
@_guard
def case_new(ctx: click.Context, applicant: str, name: str, title: str, received: str | None, actor: str | None,
             files) -> None:
    from intake.commands.postal import file_postal, files_from_paths, parse_received
    from intake.commands.staff import who

    app = _app(ctx.find_root())
    when = parse_received(received, app) if received else None
    r = file_postal(app, applicant, files_from_paths([Path(f) for f in files]), actor or who(), name=name,
                    title=title, received_at=when)
    echo(f"{r.reference} : {r.status} ({r.reason})")
    for filename, what in r.pieces:
        echo(f"  - {filename} : {what}")
    if r.attention:
        echo(f"À voir : {r.attention}")


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
    from intake.commands.reclassify import reclassify as run_reclassify

    if bool(reference) == all_cases:
        raise Failure("reclassify: give one case reference, or --all", 2)
    report = run_reclassify(_app(ctx), reference)
    echo(f"{report.checked} dossier(s) revu(s), {len(report.changed)} modifié(s)")
    for line in report.changed:
        echo(f"  {line}")
    if report.completed:
        echo("Désormais complets (aucun courriel n'a été envoyé) : " + ", ".join(report.completed))


@main.command()
@click.option("--dry-run", is_flag=True, help="Show what would be deleted; delete nothing.")
@click.option("--log", "show_log", is_flag=True, help="Print the purge log (every deletion: when, what, which rule).")
@click.option("--by", "actor", default=None, help="Who runs it, for the purge log (default: your login).")
@click.pass_context
@_guard
def purge(ctx: click.Context, dry_run: bool, show_log: bool, actor: str | None) -> None:
    """Apply rules/retention.toml now: delete the cases, message contents, records and files whose time is up.

    Each deleted case leaves an anonymous line for the statistics (intake stats); every deletion is
    written to the purge log (--log). The worker runs it every day at [privacy] purge_time.
    Example: intake purge --dry-run
    """
    from intake.cli.privacy import print_log, print_report
    from intake.commands.purge import purge as run_purge
    from intake.commands.staff import who

    app = _app(ctx)
    if show_log:
        print_log(app, echo)
        return
    print_report(app, run_purge(app, dry_run=dry_run, actor=actor or who()), echo)


@main.command()
@click.argument("address")
@click.option("--export", "do_export", is_flag=True, help="Write everything held about ADDRESS to a ZIP (JSON index "
                                                         "and the files).")
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="With --export: the ZIP to write (default: ./intake-export-ADDRESS-DATE.zip).")
@click.option("--erase", "do_erase", is_flag=True, help="Erase everything held about ADDRESS (the cases it applied "
                                                       "for, its messages, mails to it, its mention as an address "
                                                       "of others' cases).")
@click.option("--force", is_flag=True, help="With --erase: erase even a case still open.")
@click.option("--by", "actor", default=None, help="Who acts, for the purge log (default: your login).")
@click.pass_context
@_guard
def person(ctx: click.Context, address: str, do_export: bool, output: str | None, do_erase: bool, force: bool,
           actor: str | None) -> None:
    """A person's rights (GDPR): --export what is held about ADDRESS, or --erase it.

    The person's cases are those ADDRESS applied for: the case's applicant, or one of its applicant
    addresses (intake case REF address); on others' cases, only its own messages and mentions.

    --erase refuses while a case of theirs is still open (incomplete, complete, review, admissible),
    unless --force; each erased case leaves an anonymous line for the statistics, and the erasure
    is written to the purge log (without the address).
    Example: intake person jeanne@exemple.fr --export
    """
    from intake.commands.person import erase, export, normalise
    from intake.commands.staff import who

    if do_export == do_erase:
        raise Failure("person: give --export or --erase", 2)
    if force and not do_erase:
        raise Failure("person: --force goes with --erase", 2)
    app = _app(ctx)
    if do_export:
        target = Path(output) if output else Path(
            f"intake-export-{normalise(address).replace('@', '-at-')}-{app.clock():%Y%m%d}.zip")
        path, found = export(app, address, target)
        echo(f"{path} : {len(found.own)} dossier(s), {len(found.elsewhere)} message(s) dans d'autres dossiers, "
             f"{len(found.ledger)} message(s) non retenu(s), {len(found.digests)} récapitulatif(s) qui la citent")
        return
    done = erase(app, address, force, actor or who())
    echo(f"Effacé : {len(done.cases)} dossier(s) ({', '.join(done.cases) or '-'}), {done.ledger} message(s) non "
         f"retenu(s), {done.digests} récapitulatif(s), {done.scrubbed} mention(s) remplacée(s)"
         + (f", {done.named} mention(s) comme adresse citée dans d'autres dossiers" if done.named else "")
         + (", l'adresse signalée" if done.address else "") + f" ; {done.files} fichier(s) supprimé(s)")
    if done.elsewhere:
        echo("Non effacé (dossiers d'autres demandeurs où figurent ses messages ou des courriels à cette adresse,"
             " à voir par le service) : " + ", ".join(done.elsewhere))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per year (for scripts).")
@click.pass_context
@_guard
def stats(ctx: click.Context, as_json: bool) -> None:
    """Applications per year: by status, category and theme, cases deleted by the purge included.

    Example: intake stats --json
    """
    from intake.commands.stats import statistics

    years = statistics(_app(ctx))
    if as_json:
        echo(json_text(years))
        return
    if not years:
        echo("Aucune candidature.")
    for y in years:
        echo(f"{y['year']} : {y['cases']} candidature(s), dont {y['deleted']} supprimée(s) depuis "
             "(il en reste la ligne statistique)")
        for title, key in (("statut", "by_status"), ("catégorie", "by_category"), ("thème", "by_theme")):
            echo(f"  par {title} : " + ", ".join(f"{k} {v}" for k, v in y[key].items()))


@main.command()
@click.argument("eml", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
@_guard
def explain(ctx: click.Context, eml: str) -> None:
    """Show how a saved message (.eml) would be handled, and why. Writes nothing.

    Example: intake explain message.eml
    """
    from intake.commands.explain import explain_file

    echo(explain_file(_settings(ctx), Path(eml)))


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
    from intake.commands.rules_check import check_templates

    settings = _settings(ctx)
    found = load_rules(settings.rules_dir)
    check_templates(Templates(settings.templates_dir))
    kinds = ", ".join(f"{k.key} ({'obligatoire' if k.required else 'facultatif'})" for k in found.kinds)
    echo(f"OK: {settings.rules_dir} ({kinds}) and {settings.templates_dir}")
    echo("Durées de conservation (retention.toml) : " + " ; ".join(
        f"{key} {how}" for key, _, how in found.retention.describe()))


@rules.command("registre")
@click.option("--output", type=click.Path(dir_okay=False), default=None, help="Write it to this file instead of "
                                                                            "printing it.")
@click.pass_context
@_guard
def rules_registre(ctx: click.Context, output: str | None) -> None:
    """Print the record of processing (GDPR art. 30, in French) for this configuration and these rules.

    The retention durations come from rules/retention.toml: regenerate it after changing them.
    Example: intake rules registre > docs/registre-rgpd.md
    """
    from intake.adapters.rulefiles import load_rules
    from intake.commands.registre import registre

    settings = _settings(ctx)
    text = registre(settings, load_rules(settings.rules_dir))
    if output:
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
@_guard
def auth_login(ctx: click.Context, name: str, port: int) -> None:
    """Sign in once for mailbox NAME (or `smtp`) and store its refresh token, encrypted, in data_dir.

    Needs the variable named by token_key_env (default INTAKE_TOKEN_KEY) in the environment, the same
    for every later intake command. Not needed for flow = "client_credentials".
    Example: INTAKE_TOKEN_KEY=... intake auth login n.bataillon
    """
    from intake.commands.oauth_login import login

    settings = _settings(ctx.find_root())
    where = login(settings, name, lambda text: echo(text, err=True), port=port)
    echo(f"{name} : autorisation enregistrée (chiffrée) dans {where}")


@main.command()
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Where to put the demo (default: a new temporary directory).")
@_guard
def demo(directory: str | None) -> None:
    """Run the whole pipeline on bundled sample mail, with no server.

    Example: intake demo
    """
    from intake.commands import demo as demo_mod
    from intake.app import open_app
    from intake.commands.show import list_cases
    from intake.pipeline.poll import poll_all
    from intake.pipeline.send import send_due

    root = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="intake-demo-"))
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()) and not (root / "config.toml").exists():
        raise Failure(f"{root} is not empty and holds no demo: choose an empty directory with --dir", 2)
    config_path = demo_mod.prepare(root, datetime.now().astimezone())
    app = open_app(config_mod.load(config_path))
    reports = poll_all(app)
    sent = send_due(app)
    echo(f"Démo : deux boîtes aux lettres simulées dans {root / 'mail'}")
    for r in reports:
        echo(f"  {r.mailbox} : {r.fetched} messages, {r.filed} dossiers, {r.ignored} ignorés, "
             f"{r.duplicates} copies, {r.quarantined} en quarantaine")
    echo("")
    echo(f"{'Référence':<15} {'Statut':<11} {'Demandeur':<36} {'Pièces':<26} Manquantes")
    for c in list_cases(app):
        echo(f"{c['reference']:<15} {c['status']:<11} {c['applicant'][:36]:<36} "
             f"{', '.join(c['pieces']) or '-':<26} {', '.join(c['missing']) or '-'}")
    echo("")
    echo(f"{sent.sent} accusés de réception écrits dans {app.settings.outbox_dir}/")
    from intake.commands.send_digest import preview as preview_digest

    preview_digest(app, root / "recapitulatif.html")
    echo(f"Récapitulatif quotidien du service (aperçu) : {root / 'recapitulatif.html'}")
    echo(f"Détail d'un dossier : intake --config {config_path} case {list_cases(app)[0]['reference']}")
    echo(f"Pourquoi un message a été traité ainsi : intake --config {config_path} explain "
         f"{root / 'mail' / 'n.bataillon' / '04-newsletter.eml'}")


@main.group()
def quarantine() -> None:
    """Messages kept aside: unreadable, over a limit, or that failed while being handled.

    \b
      intake quarantine list                     every message in quarantine, with its number and why
      intake quarantine show N                   its headers and parts, as text (nothing in it is run)
      intake quarantine retry N | --all          handle it again as a new message (after a rules change)
      intake quarantine dismiss N --reason T     take it out of the quarantine, with why

    Example: intake quarantine retry 12 --by Nadia
    """


@quarantine.command("list")
@click.pass_context
@_guard
def quarantine_list(ctx: click.Context) -> None:
    """Every message in quarantine: its number, where it came from and why.

    Example: intake quarantine list
    """
    from intake.commands.quarantine import list_quarantined

    app = _app(ctx.find_root())
    rows = list_quarantined(app)
    if not rows:
        echo("Aucun message en quarantaine.")
        return
    tz = app.settings.timezone
    for q in rows:
        kept = "" if q.raw_kept else " [octets non conservés]"
        echo(f"n° {q.id}  {q.received_at.astimezone(tz):%d/%m/%Y %H:%M}  {q.mailbox} UID {q.uid}  "
             f"{q.from_addr or '?'} : {q.subject or '(sans objet)'}{kept}")
        echo(f"       {q.reason}")


@quarantine.command("show")
@click.argument("number", type=int)
@click.pass_context
@_guard
def quarantine_show(ctx: click.Context, number: int) -> None:
    """A quarantined message's headers and parts, as text: nothing in it is opened or run.

    Example: intake quarantine show 12
    """
    from intake.commands.quarantine import show

    app = _app(ctx.find_root())
    shown = show(app, number)
    q = shown.message
    echo(f"Message n° {q.id} : boîte {q.mailbox} ({q.folder}), UID {q.uid}, {q.size} octets, reçu le "
         f"{q.received_at.astimezone(app.settings.timezone):%d/%m/%Y %H:%M}")
    echo(f"En quarantaine : {q.reason}")
    if shown.headers:
        echo("En-têtes :")
        for name, value in shown.headers:
            echo(f"  {name}: {value}")
    if shown.parts:
        echo("Parties :")
        for p in shown.parts:
            name = f" « {p.filename} »" if p.filename else ""
            size = f", {p.size} octets" if p.size or not p.content_type.startswith("multipart/") else ""
            echo(f"  {p.number} {p.content_type}{name}{size}"
                 + (f" ({p.disposition})" if p.disposition else ""))
            for line in p.text.splitlines():
                echo(f"      | {line}")
    if shown.note:
        echo(f"({shown.note})")


@quarantine.command("retry")
@click.argument("number", type=int, required=False)
@click.option("--all", "everything", is_flag=True, help="Every quarantined message whose bytes are kept.")
@click.option("--by", "actor", default=None, help="Who asks (default: your login).")
@click.pass_context
@_guard
def quarantine_retry(ctx: click.Context, number: int | None, everything: bool, actor: str | None) -> None:
    """Handle a quarantined message again, exactly as a new one (after a rules change); then send what is due.

    Example: intake quarantine retry 12
    """
    from intake.commands.quarantine import retry, retry_all
    from intake.pipeline.send import send_due
    from intake.commands.staff import who

    if (number is None) == (not everything):
        raise Failure("quarantine retry: give one message number, or --all", 2)
    app = _app(ctx.find_root())
    results = retry_all(app, actor or who()) if everything else [retry(app, number, actor or who())]
    for r in results:
        case = f" -> {r.reference}" if r.reference else ""
        echo(f"n° {r.id} : {r.fate}{case} ({r.reason})")
    if not results:
        echo("Aucun message à réessayer.")
    echo(_outbox_line(send_due(app), app.settings.timezone))


@quarantine.command("dismiss")
@click.argument("number", type=int)
@click.option("--reason", required=True, help="Why (kept in the register of messages).")
@click.option("--by", "actor", default=None, help="Who dismisses it (default: your login).")
@click.pass_context
@_guard
def quarantine_dismiss(ctx: click.Context, number: int, reason: str, actor: str | None) -> None:
    """Take a message out of the quarantine: it is recorded as ignored, with who and why.

    Example: intake quarantine dismiss 12 --reason "publicité, pas une candidature"
    """
    from intake.commands.quarantine import dismiss
    from intake.commands.staff import who

    q = dismiss(_app(ctx.find_root()), number, reason, actor or who())
    echo(f"n° {q.id} écarté : {q.reason}")


@main.group()
def outbox() -> None:
    """Mail that failed or whose sending was interrupted: read it, send it again, or mark it handled.

    \b
      intake outbox list [--all]            failed and interrupted mail (--all: also what was handled)
      intake outbox show N [--raw]          one mail, as it was sent
      intake outbox resend N                send it again (the same message, the same Message-ID)
      intake outbox handled N [--note T]    staff took care of it another way: off the list and the digest

    Example: intake outbox resend 42
    """


@outbox.command("list")
@click.option("--all", "everything", is_flag=True, help="Also the mail staff already marked handled.")
@click.pass_context
@_guard
def outbox_list(ctx: click.Context, everything: bool) -> None:
    """Mail that failed to send or whose sending was interrupted (it may or may not have gone out).

    Example: intake outbox list
    """
    from intake.commands.mailqueue import list_mail

    app = _app(ctx.find_root())
    rows = list_mail(app, everything)
    if not rows:
        echo("Aucun courriel en échec ou incertain.")
        return
    tz = app.settings.timezone
    for m in rows:
        echo(f"n° {m.id}  {m.created_at.astimezone(tz):%d/%m/%Y %H:%M}  {m.status:<9}  "
             f"{m.reference or '-':<13}  {m.label} à {m.to_addr} ({m.attempts} essai(s))")
        if m.last_error:
            echo(f"       {m.last_error}")


@outbox.command("show")
@click.argument("number", type=int)
@click.option("--raw", is_flag=True, help="Print the whole message as sent (RFC 5322).")
@click.pass_context
@_guard
def outbox_show(ctx: click.Context, number: int, raw: bool) -> None:
    """One mail of the outbox, as it was (or will be) sent.

    Example: intake outbox show 42
    """
    from intake.commands.mailqueue import get_mail

    m, data = get_mail(_app(ctx.find_root()), number)
    if raw:
        echo(data.decode("utf-8", "replace"), nl=False)
        return
    echo(f"n° {m.id} : {m.label}{' (' + m.reference + ')' if m.reference else ''}, {m.status}, "
         f"{m.attempts} essai(s){' : ' + m.last_error if m.last_error else ''}")
    _print_mail(data)


@outbox.command("resend")
@click.argument("number", type=int)
@click.option("--by", "actor", default=None, help="Who asks (default: your login).")
@click.pass_context
@_guard
def outbox_resend(ctx: click.Context, number: int, actor: str | None) -> None:
    """Send a failed or interrupted mail again, as the same message; then send what is due.

    Example: intake outbox resend 42
    """
    from intake.commands.mailqueue import get_mail, resend
    from intake.core.statuses import SENT
    from intake.pipeline.send import send_due
    from intake.commands.staff import who

    app = _app(ctx.find_root())
    m = resend(app, number, actor or who())
    sent = send_due(app)
    after, _ = get_mail(app, number)
    echo(f"n° {m.id} ({m.label} à {m.to_addr}) : {after.status}"
         + (f" ({after.last_error})" if after.status != SENT and after.last_error else ""))
    echo(_outbox_line(sent, app.settings.timezone))


@outbox.command("handled")
@click.argument("number", type=int)
@click.option("--note", default="", help="What was done (kept with the mail and in the case history).")
@click.option("--by", "actor", default=None, help="Who handled it (default: your login).")
@click.pass_context
@_guard
def outbox_handled(ctx: click.Context, number: int, note: str, actor: str | None) -> None:
    """Mark a failed or interrupted mail as handled another way: it leaves the list and the digest.

    Example: intake outbox handled 42 --note "reçu selon le demandeur, joint par téléphone"
    """
    from intake.commands.mailqueue import mark_handled
    from intake.commands.staff import who

    m = mark_handled(_app(ctx.find_root()), number, note, actor or who())
    echo(f"n° {m.id} ({m.label} à {m.to_addr}) : traité")


def _print_mail(data: bytes) -> None:
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.default)
    for name in ("Date", "From", "To", "Subject", "Message-ID", "In-Reply-To", "Auto-Submitted"):
        if msg[name]:
            echo(f"{name}: {msg[name]}")
    body = msg.get_body(("plain",))
    echo("")
    echo(body.get_content() if body is not None else "(pas de texte)")



def entry() -> None:
    """The console script: `main`, quiet when the reader of its output goes away (`intake cases | head`).
    Whatever intake writes (database, files, mail, previews) is for the service's user only."""
    os.umask(0o077)
    try:
        main()
    except BrokenPipeError:
        sys.stderr.close()  # nothing more to say to a closed pipe
        os._exit(0)
