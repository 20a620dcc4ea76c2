"""`intake quarantine ...` and `intake outbox ...`: the messages set aside and the mail that could not be sent."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from intake.cli import main
from intake.cli.guard import Failure, app_of, guard, writing
from intake.cli.output import echo, one_line, outbox_line, print_mail
from intake.cli.staff_action import actor_option
from intake.core.french import count


@main.group()
def quarantine() -> None:
    """Messages kept aside: unreadable, over a limit, or that failed while being handled.

    \b
      intake quarantine list                     every message in quarantine, with its number and why
      intake quarantine show N                   its headers and parts, as text (nothing in it is run)
      intake quarantine retry N | --all          handle it again as a new message (after a rules change)
      intake quarantine file-anyway N            one set aside for a limit: handle it again with the
                                                 limits lifted for it alone (you looked at it)
      intake quarantine eml N [--output FILE]    save it as it came (.eml), to open in a mail program
      intake quarantine dismiss N --reason T     take it out of the quarantine, with why

    Example: intake quarantine retry 12 --by Nadia
    """


@quarantine.command("list")
@click.pass_context
@guard
def quarantine_list(ctx: click.Context) -> None:
    """Every message in quarantine: its number, where it came from and why.

    Example: intake quarantine list
    """
    from intake.commands.quarantine import list_quarantined, space

    app = app_of(ctx.find_root())
    rows = list_quarantined(app)
    if not rows:
        echo("Aucun message en quarantaine.")
        return
    echo(f"Quarantaine, {space(app)}")
    tz = app.settings.timezone
    for q in rows:
        kept = "" if q.raw_kept else " [octets non conservés]"
        echo(f"n° {q.id}  {q.received_at.astimezone(tz):%d/%m/%Y %H:%M}  {q.mailbox} UID {q.uid}  "
             f"{one_line(q.from_addr or '?')} : {one_line(q.subject or '(sans objet)')}{kept}")
        echo(f"       {one_line(q.reason)}")
        if q.over_limits:
            echo(f"       (si c'est bien une candidature : intake quarantine file-anyway {q.id})")


@quarantine.command("show")
@click.argument("number", type=int)
@click.pass_context
@guard
def quarantine_show(ctx: click.Context, number: int) -> None:
    """A quarantined message's headers and parts, as text: nothing in it is opened or run.

    Example: intake quarantine show 12
    """
    from intake.commands.quarantine import show

    app = app_of(ctx.find_root())
    shown = show(app, number)
    q = shown.message
    echo(f"Message n° {q.id} : boîte {q.mailbox} ({q.folder}), UID {q.uid}, {q.size} octets, reçu le "
         f"{q.received_at.astimezone(app.settings.timezone):%d/%m/%Y %H:%M}")
    echo(f"En quarantaine : {q.reason}")
    echo(f"De : {q.from_addr or '?'} ; objet : {q.subject or '(sans objet)'}")
    if q.over_limits:
        echo(f"Mis de côté pour une limite : si c'est bien une candidature, intake quarantine file-anyway {q.id}")
    if q.raw_kept:
        echo(f"Le message tel qu'il est arrivé : intake quarantine eml {q.id}")
    if shown.headers:
        echo("En-têtes :")
        for name, value in shown.headers:
            echo(f"  {name}: {value}")
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


@quarantine.command("retry")
@click.argument("number", type=int, required=False)
@click.option("--all", "everything", is_flag=True, help="Every quarantined message whose bytes are kept.")
@actor_option("Who asks")
@click.pass_context
@guard
def quarantine_retry(ctx: click.Context, number: int | None, everything: bool, actor: str) -> None:
    """Handle a quarantined message again, exactly as a new one (after a rules change); then send what is due.

    Example: intake quarantine retry 12
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
                 f"{'…' if len(left) > 20 else ''}) : intake quarantine show N dit quoi faire")


@quarantine.command("file-anyway")
@click.argument("number", type=int)
@actor_option("Who asks")
@click.pass_context
@guard
def quarantine_file_anyway(ctx: click.Context, number: int, actor: str) -> None:
    """A message set aside for a limit (parts, headers, attachments, reading time), that you looked at: handle it
    again with [limits] lifted for it alone (max_parts, max_header_bytes and max_attachments x10, read_seconds x3);
    recorded with who asked. Then send what is due.

    Example: intake quarantine file-anyway 12 --by Nadia
    """
    from intake.commands.quarantine import file_anyway_and_send

    app = app_of(ctx.find_root())
    _print_handled(app, file_anyway_and_send(app, number, actor))


def _print_handled(app, done, none: str = "") -> None:
    """What became of each message (quarantine retry, file-anyway), then what the outbox pass sent."""
    from intake.core import labels

    for r in done.results:
        case = f" -> {r.reference}" if r.reference else ""
        echo(f"n° {r.id} : {labels.fate(r.fate)}{case} ({labels.reason(r.reason)})")
    if none and not done.results:
        echo(none)
    echo(outbox_line(done.sent, app.settings.timezone))


@quarantine.command("eml")
@click.argument("number", type=int)
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Where to write it (default: ./quarantaine-N.eml); - prints it.")
@click.pass_context
@guard
def quarantine_eml(ctx: click.Context, number: int, output: str | None) -> None:
    """Save a quarantined message as it came (.eml), to open it in a mail program (nothing is run here).

    Example: intake quarantine eml 12 --output /tmp/message-12.eml
    """
    from intake.adapters.storage import write_private
    from intake.commands.quarantine import raw_message

    q, raw = raw_message(app_of(ctx.find_root()), number)
    if output == "-":
        sys.stdout.buffer.write(raw)
        return
    target = Path(output or f"quarantaine-{q.id}.eml")
    if target.exists():
        raise Failure(f"{target} existe déjà : choisissez un autre fichier avec --output", 1)
    with writing(target, "--output"):
        write_private(target, raw)
    echo(f"n° {q.id} : message enregistré dans {target} ({len(raw)} octets)")


@quarantine.command("dismiss")
@click.argument("number", type=int)
@click.option("--reason", required=True, help="Why (kept in the register of messages).")
@actor_option("Who dismisses it")
@click.pass_context
@guard
def quarantine_dismiss(ctx: click.Context, number: int, reason: str, actor: str) -> None:
    """Take a message out of the quarantine: it is recorded as ignored, with who and why.

    Example: intake quarantine dismiss 12 --reason "publicité, pas une candidature"
    """
    from intake.commands.quarantine import dismiss

    q = dismiss(app_of(ctx.find_root()), number, reason, actor)
    echo(f"n° {q.id} écarté : {q.reason}")


@main.group()
def outbox() -> None:
    """Mail that failed, whose sending was interrupted, or that was held: read it, send it, or mark it handled.

    A mail is held when the message it answers was already older than acknowledge_within_hours when it was
    read (a first poll, a new data_dir, a since in the past): staff send it, or not.

    \b
      intake outbox list [--all]            failed, interrupted and held mail (--all: also what was handled)
      intake outbox show N [--raw]          one mail, as it was sent
      intake outbox resend N | --held       send it (again: the same message, the same Message-ID);
                                            --held: every held mail
      intake outbox handled N | --held [--note T]
                                            staff took care of it another way: off the list and the digest
                                            (a held mail is then not sent at all)

    Example: intake outbox resend 42
    """


@outbox.command("list")
@click.option("--all", "everything", is_flag=True, help="Also the mail staff already marked handled.")
@click.pass_context
@guard
def outbox_list(ctx: click.Context, everything: bool) -> None:
    """Mail that failed to send, whose sending was interrupted (it may or may not have gone out), or held.

    Example: intake outbox list
    """
    from intake.commands.mailqueue import list_mail

    app = app_of(ctx.find_root())
    rows = list_mail(app, everything)
    if not rows:
        echo("Aucun courriel en échec, incertain ou retenu.")
        return
    tz = app.settings.timezone
    for m in rows:
        echo(f"n° {m.id}  {m.created_at.astimezone(tz):%d/%m/%Y %H:%M}  {m.status:<9}  "
             f"{m.reference or '-':<13}  {m.label} à {m.to_addr} ({count(m.attempts, 'essai')})")
        if m.last_error:
            echo(f"       {m.last_error}")


@outbox.command("show")
@click.argument("number", type=int)
@click.option("--raw", is_flag=True, help="Print the whole message as sent (RFC 5322).")
@click.pass_context
@guard
def outbox_show(ctx: click.Context, number: int, raw: bool) -> None:
    """One mail of the outbox, as it was (or will be) sent.

    Example: intake outbox show 42
    """
    from intake.commands.mailqueue import get_mail

    m, data = get_mail(app_of(ctx.find_root()), number)
    if raw:
        echo(data.decode("utf-8", "replace"), nl=False)
        return
    echo(f"n° {m.id} : {m.label}{' (' + m.reference + ')' if m.reference else ''}, {m.status}, "
         f"{count(m.attempts, 'essai')}{' : ' + m.last_error if m.last_error else ''}")
    print_mail(data)


@outbox.command("resend")
@click.argument("number", type=int, required=False)
@click.option("--held", "every_held", is_flag=True, help="Every held mail (answers to mail already old when read).")
@actor_option("Who asks")
@click.pass_context
@guard
def outbox_resend(ctx: click.Context, number: int | None, every_held: bool, actor: str) -> None:
    """Send a failed, interrupted or held mail (again), as the same message; then send what is due.

    Example: intake outbox resend 42
    """
    from intake.commands.mailqueue import get_mail, held_ids, resend
    from intake.core.statuses import SENT
    from intake.pipeline.send import send_due

    if (number is None) == (not every_held):
        raise Failure("outbox resend : donnez un numéro de courriel, ou --held", 2)
    app = app_of(ctx.find_root())
    numbers = held_ids(app) if number is None else [number]
    done = [resend(app, n, actor) for n in numbers]
    sent = send_due(app)
    for m in done:
        after, _ = get_mail(app, m.id)
        echo(f"n° {m.id} ({m.label} à {m.to_addr}) : {after.status}"
             + (f" ({after.last_error})" if after.status != SENT and after.last_error else ""))
    if every_held and not done:
        echo("Aucun courriel retenu.")
    echo(outbox_line(sent, app.settings.timezone))


@outbox.command("handled")
@click.argument("number", type=int, required=False)
@click.option("--held", "every_held", is_flag=True, help="Every held mail: none of them is sent.")
@click.option("--note", default="", help="What was done (kept with the mail and in the case history).")
@actor_option("Who handled it")
@click.pass_context
@guard
def outbox_handled(ctx: click.Context, number: int | None, every_held: bool, note: str, actor: str) -> None:
    """Mark a failed, interrupted or held mail as handled another way: it leaves the list and the digest
    (a held mail is then never sent).

    Example: intake outbox handled 42 --note "reçu selon le demandeur, joint par téléphone"
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
