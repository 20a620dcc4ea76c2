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

Exit codes: 0 success, 2 usage or configuration error (file, key, problem), 1 other failures.
Each command's docstring is its --help, with an example.
"""

from __future__ import annotations

import logging
import os
import sys

import click

from intake.cli.output import SafeFormatter

log = logging.getLogger("intake")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="intake", prog_name="intake", message="%(prog)s %(version)s")
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


def entry() -> None:
    """The console script: `main`, quiet when the reader of its output goes away (`intake cases | head`).
    Whatever intake writes (database, files, mail, previews) is for the service's user only."""
    os.umask(0o077)
    try:
        main()
    except BrokenPipeError:
        sys.stderr.close()  # nothing more to say to a closed pipe
        os._exit(0)


# The commands register themselves on `main` (imported last: each module imports `main` from here).
from intake.cli import case_actions, case_group, privacy, queues, service, tools  # noqa: E402, F401
