"""`intake cases` and `intake case REF ...`: the cases, one case, and the dispatch of what staff do to it."""

from __future__ import annotations

from datetime import datetime

import click

from intake.cli import main
from intake.cli.case_actions import case_address, case_merge, case_move, case_new, case_note, case_piece, case_status
from intake.cli.case_corrections import case_discard, case_field, case_received, case_seen
from intake.cli.guard import Failure, app_of, guard
from intake.cli.output import day, echo, json_text, one_line_values, print_mail
from intake.cli.staff_action import case_command


@main.command()
@click.option("--status", "status", default=None, help="Only cases with this status (e.g. incomplete).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (for scripts).")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV for a spreadsheet (';', UTF-8).")
@click.pass_context
@guard
def cases(ctx: click.Context, status: str | None, as_json: bool, as_csv: bool) -> None:
    """List the cases.

    Example: intake cases --status incomplete --csv > incomplets.csv
    """
    from intake.commands.show import list_cases
    from intake.core import labels
    from intake.core.statuses import STATUSES

    if as_json and as_csv:
        raise Failure("cases : choisissez --json ou --csv, pas les deux", 2)
    if status:  # the stored word (incomplete) or the French one (incomplet)
        by_label = {labels.status(s): s for s in STATUSES}
        typed = status.strip().lower()
        status = typed if typed in STATUSES else by_label.get(typed)
        if status is None:
            raise Failure("--status : choisissez parmi " + ", ".join(f"{s} ({labels.status(s)})" for s in STATUSES),
                          2)
    app = app_of(ctx)
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
    case_table(rows)


def case_table(rows: list[dict]) -> None:
    """`intake cases` and the demo: one line per case, the status in French (--json keeps the stored word)."""
    from intake.core import labels

    rows = one_line_values(rows)  # a line per case, whatever its values hold
    echo(f"{'Référence':<15} {'Statut':<11} {'Demandeur':<36} {'Pièces':<26} Manquantes")
    for r in rows:
        who = r["applicant"] or "(sans adresse électronique)"
        echo(f"{r['reference']:<15} {labels.status(r['status']):<11} {who[:36]:<36} "
             f"{', '.join(r['pieces']) or '-':<26} {', '.join(r['missing']) or '-'}")


CASE_HELP = """One case, and what staff do with it.

\b
  intake case REF [--json]                      show the case: pieces, messages, mails, history
  intake case REF status STATUS [--note T] [--notify] [--despite-missing] [--clear-attention]
                                                record a decision: admissible (recevable), inadmissible
                                                (irrecevable), labelled (labellisé), declined (refusé),
                                                withdrawn (retiré), or back to review (à vérifier);
                                                --notify sends the applicant the matching
                                                templates/decision/STATUS mail (once); declined and
                                                inadmissible need their motif (--note); admissible and
                                                labelled with pieces missing need --despite-missing;
                                                « À voir » stays unless --clear-attention
  intake case REF piece FILE-OR-ID --kind KIND  correct a piece's kind (dossier, courrier, visuels,
                                                or aucune = not a piece); kept when rules change
  intake case REF mail N [--raw]                show the Nth mail sent on the case, as it was sent
                                                (--raw: the whole message, to save as .eml)
  intake case REF note "TEXT"                   add a staff note to the case's history
  intake case REF merge OTHER                   merge case OTHER into REF (one application filed twice):
                                                pieces, messages, mails and history join REF; OTHER
                                                still leads to REF
  intake case REF move-message N --to OTHER     move the Nth message of the case (as numbered by
                                                `intake case REF`), with its files, to case OTHER
  intake case REF address EMAIL [--main]        confirm an address of the applicant: it may then write
                                                for the case; with --main, the case's mail goes there
  intake case REF field KEY VALUE               set a field of the dossier (rules/fields.toml: titre,
                                                organisation, categorie, theme, sous_theme, criteres...;
                                                several choices separated by ';'; "-" empties it); no
                                                dossier read later replaces it
  intake case REF received DATE [--note T]      correct the date of receipt (2026-11-26, 26/11/2026,
                                                optionally with 14:30): the deadlines count from it
  intake case REF seen [--note T]               what « À voir » says is dealt with: clear it
  intake case REF discard --reason T            not an application (a third party citing another case,
                                                a mail filed by mistake): delete the case now, as the
                                                purge does (anonymous statistics line, purge log entry
                                                with who and why); not for a case with a decision
  intake case new [--applicant EMAIL] [--name N] [--title T] [--received DATE] FILES...
                                                file an application that came by post (scanned): its
                                                files are read and recognised exactly as a mail's;
                                                without an email address (give --name), no mail is
                                                ever sent: staff answer by post
Every command that changes a case takes --by NAME (default: your login) for the history.

Example: intake case BSC-2026-0007 status admissible --note "comité du 3 décembre" --notify
"""


CASE_ACTIONS = ("status", "piece", "mail", "note", "merge", "move-message", "address", "field", "received", "seen",
                "discard")


@main.command(help=CASE_HELP, context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                                "help_option_names": ["-h", "--help"]})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def case(ctx: click.Context, args: tuple[str, ...]) -> None:
    if not args:
        raise Failure("case : donnez une référence (intake case BSC-2026-0007), ou « intake case new ... »", 2)
    if args[0] == "new":
        sub, rest = case_new, list(args[1:])
    elif len(args) > 1 and args[1] in CASE_ACTIONS:
        sub = {"status": case_status, "piece": case_piece, "mail": case_mail, "note": case_note,
               "merge": case_merge, "move-message": case_move, "address": case_address, "field": case_field,
               "received": case_received, "seen": case_seen, "discard": case_discard}[args[1]]
        rest = [args[0], *args[2:]]
    elif len(args) > 1 and not args[1].startswith("-"):
        raise Failure(f"case {args[0]} {args[1]} : action inconnue : choisissez parmi " + ", ".join(CASE_ACTIONS)
                      + " (intake case --help)", 2)
    else:
        sub, rest = case_show, list(args)
    # under `intake` itself, so that a usage error says `intake case REF mail [OPTIONS] NUMBER` and `Try 'intake
    # case --help'`, not click's `intake case [ARGS]... intake case mail`, which cannot be typed
    with sub.make_context("case new" if sub is case_new else "case", rest, parent=ctx.parent) as sub_ctx:
        sub.invoke(sub_ctx)


@case_command("show")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts).")
def case_show(ctx: click.Context, reference: str, as_json: bool) -> None:
    from intake.commands.show import case_detail
    from intake.core import french, labels

    app = app_of(ctx.find_root())
    detail = case_detail(app, reference)
    if as_json:
        echo(json_text(detail))
        return
    detail = one_line_values(detail)  # values read from strangers' mail and documents cannot print a line of ours
    if detail["asked_as"]:
        a = detail["asked_as"]
        echo(f"{a['reference']} a été fusionné dans {detail['reference']} le {day(a['at'])} par {a['by']} :")
    echo(f"{detail['reference']}  {labels.status(detail['status'])}  ({detail['status_reason']})")
    if detail["applicant"]:
        echo(f"Demandeur : {detail['applicant_name']} <{detail['applicant']}>")
    else:
        echo(f"Demandeur : {detail['applicant_name']} (pas d'adresse électronique : aucun courriel ne peut lui être "
             "envoyé, répondez par courrier)")
    for a in detail["addresses"]:
        if a["address"] != detail["applicant"]:
            echo(f"  aussi    : {a['address']} ({a['label']})")
    if detail["linked_to"]:
        echo(f"Lié à     : {detail['linked_to']} (un tiers a cité ce dossier : à rattacher ou non)")
    echo(f"Projet    : {detail['title']}")
    names = {rule.key: rule.label for rule in app.rules.fields}
    for key, value in detail["fields"].items():
        if key != "titre":
            by_staff = " (corrigé par le service)" if key in detail["staff_fields"] else ""
            echo(f"  {names.get(key, key):<18}: {value}{by_staff}")
    echo(f"Reçu le   : {french.date_time(datetime.fromisoformat(detail['received_at']))}")
    echo(f"Manquant  : {', '.join(detail['missing']) or 'rien'}")
    if detail["attention"]:
        echo(f"À voir    : {detail['attention']}")
    echo("Pièces :")
    for p in detail["piece_files"]:
        echo(f"  - #{p['id']} [{p['label']}] {p['filename']} ({p['size']} octets, {p['type']}) {p['path']}")
    if detail["merged"]:
        echo("Fusionnés ici : " + ", ".join(f"{m['reference']} ({day(m['at'])}, {m['by']})"
                                                  for m in detail["merged"]))
    echo("Messages (intake case REF move-message N --to AUTRE pour en déplacer un) :")
    for n, m in enumerate(detail["message_list"], 1):
        echo(f"  {n}. {day(m['received_at'])} {m['mailbox']} UID {m['uid']} {labels.fate(m['fate'])} : "
             f"{m['subject'] or labels.reason(m['reason'])}")
    echo("Courriels envoyés (intake case REF mail N pour en lire un) :")
    for n, m in enumerate(detail["mails"], 1):
        line = f"  {n}. {labels.mail(m['kind'])} à {m['to']} : {labels.mail_status(m['status'])} {m['last_error']}"
        echo(line.rstrip())
    echo("Historique :")
    for e in detail["events"]:
        when = datetime.fromisoformat(e["at"])
        echo(f"  - {when:%d/%m/%Y %H:%M} [{e['actor']}] {labels.event(e['kind'])} : "
             f"{labels.detail(e['kind'], e['detail'])}")


@case_command("mail")
@click.argument("number", type=int)
@click.option("--raw", is_flag=True, help="Print the whole message as sent (RFC 5322), e.g. to save it as .eml.")
def case_mail(ctx: click.Context, reference: str, number: int, raw: bool) -> None:
    from intake.commands.show import sent_mail

    data = sent_mail(app_of(ctx.find_root()), reference, number)
    if raw:
        echo(data.decode("utf-8", "replace").replace("\r\n", "\n"), nl=False)
        return
    print_mail(data)
