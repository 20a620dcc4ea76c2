"""The `intake` command line: a thin layer over the library that turns errors into one-line messages.

    __init__.py      the `intake` group (global options) and the console script
    service.py       poll, run, followups, digest, serve
    case_group.py    cases, case REF (and the dispatch of `intake case REF ACTION`), case REF mail
    case_actions.py  case REF status|piece|address|note|merge|move-message, case new, reclassify
    case_corrections.py  case REF field|received|seen|discard
    staff_action.py  what staff actions share: --by (kept to one line), case_command, send_and_say
    queues.py        quarantine ..., outbox ...
    privacy.py       purge, person, stats
    tools.py         explain, rules check|registre, auth login, demo
    guard.py         settings and wiring; errors -> exit codes and one line (output.py: what is shown)
    usage_fr.py      click's own words in French (usage errors, --help headings); the French command classes

The commands register themselves on `main` when their module is imported: `COMMAND_MODULES` says which
module defines which command, imported only when that command runs (or for --help).

Exit codes: 0 success, 2 usage or configuration error (file, key, problem), 1 other failures.
Each command's docstring is its --help, in French (staff and the admin read it), with an example.
"""

from __future__ import annotations

import importlib
import logging
import os
import resource
import select
import sys

import click

from intake.cli import usage_fr
from intake.cli.output import SafeFormatter
from intake.cli.usage_fr import FrenchGroup

log = logging.getLogger("intake")
usage_fr.install()  # click's own words (usage errors, --help headings) in French


# Where each command is defined: a command's module is imported when the command runs, so that an idle
# `intake poll` imports what polling needs and nothing else (tests/unit/test_cli_modules.py keeps it whole).
COMMAND_MODULES = {
    "poll": "service", "followups": "service", "digest": "service", "run": "service", "serve": "service",
    "cases": "case_group", "case": "case_group", "reclassify": "case_actions",
    "purge": "privacy", "person": "privacy", "stats": "privacy",
    "quarantine": "queues", "outbox": "queues",
    "explain": "tools", "rules": "tools", "auth": "tools", "demo": "tools",
}


def load_commands(*names: str) -> None:
    """Import the modules that define `names` (none given, or a name not listed: every command's)."""
    modules = [COMMAND_MODULES.get(n, "") for n in names]
    for module in sorted(set(COMMAND_MODULES.values()) if not modules or "" in modules else set(modules)):
        importlib.import_module(f"intake.cli.{module}")


class _LazyGroup(FrenchGroup):
    group_class = FrenchGroup  # `intake quarantine`...: French, but not lazy (their commands are in their module)

    # The reader of the output went away (`intake cases | head -1`): click would exit 1; it is no failure.
    def make_context(self, *args, **kwargs) -> click.Context:  # `intake --help | head -1`
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            if not _reader_gone():
                raise
            raise click.exceptions.Exit(0) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            if not _reader_gone():
                raise
            raise click.exceptions.Exit(0) from None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        load_commands(cmd_name)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        load_commands()
        return super().list_commands(ctx)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="intake", prog_name="intake", message="%(prog)s %(version)s",
                      help="Afficher la version et quitter.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, metavar="FICHIER",
              help="Le fichier de configuration (par défaut : $INTAKE_CONFIG, sinon ./config.toml), avant ou après "
                   "la commande.")
@click.option("-v", "--verbose", is_flag=True,
              help="Détailler chaque message et chaque décision (sur la sortie d'erreur).")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, verbose: bool) -> None:
    """Réception des candidatures au label Béthune Smart City : classe, vérifie et accuse réception des dossiers
    envoyés par courriel.

    Chaque commande a son aide : intake COMMANDE --help.

    \b
    Exemple : intake --config /etc/intake/config.toml poll
    """
    ctx.ensure_object(dict)
    ctx.obj["config"] = config_path or os.environ.get("INTAKE_CONFIG") or "config.toml"
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        if not isinstance(handler.formatter, SafeFormatter):
            handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))


def _not_dumpable() -> None:
    """No other process of the service's user may read this one's memory nor the environment it was started with
    (/proc/PID/mem, /proc/PID/environ: the secrets, config/secrets.py): a reading process runs as that user, and an
    applicant's file that took one over could read them there (systemd's ProtectProc hides only other users'
    processes). Only root may now. The processes it starts by exec (the readers' forkserver, pdftoppm) are dumpable
    again, and hold no secret."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except (OSError, AttributeError):
        pass  # not Linux: nothing of the kind to protect


def entry() -> None:
    """The console script: `main`, quiet when the reader of its output goes away (`intake cases | head`).
    Whatever intake writes (database, files, mail, previews) is for the service's user only, and no process of it
    (nor any tool it runs) leaves a core dump: a reading process that crashes on an applicant's file would write
    its memory, the documents included, to a `core` file in its working folder (data_dir under systemd)."""
    os.umask(0o077)
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    _not_dumpable()
    try:
        main(args=config_first(sys.argv[1:]), obj={"withhold_secrets": True})
    except BrokenPipeError:
        sys.stderr.close()  # nothing more to say to a closed pipe
        os._exit(0)


def config_first(args: list[str]) -> list[str]:
    """`--config PATH` is a global option (before the command, SPEC.md); written after it (`intake poll --config
    x.toml`, as many tools allow), it is taken as if written first, rather than refused as an unknown option.
    Nothing after `--` is touched."""
    end = args.index("--") if "--" in args else len(args)
    moved: list[str] = []
    rest: list[str] = []
    i = 0
    while i < end:
        arg = args[i]
        if arg == "--config" and i + 1 < end:
            moved += args[i:i + 2]
            i += 2
            continue
        (moved if arg.startswith("--config=") else rest).append(arg)
        i += 1
    return moved + rest + args[end:]


def _reader_gone() -> bool:
    """A BrokenPipeError reached the command line: is it stdout's reader that went away (`intake cases | head
    -1`)? Then what is still buffered goes nowhere, so that Python's last flush at exit does not raise again,
    and the caller exits 0. Any other broken pipe (a server's connection) is a failure."""
    try:
        fd = sys.stdout.fileno()
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        gone = any(event & select.POLLERR for _fd, event in poller.poll(0))  # a pipe with no reader left
    except (OSError, ValueError, AttributeError):  # stdout is not a file (a test's runner)
        gone = False
    if gone:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    return gone

