"""The command line's one seam with the library: load the configuration and the wiring, and turn the package's
errors into exit codes and one-line messages (2: configuration or rules, with the file and key or line;
or an argument that can never succeed; 1: anything else, a bug included, whose traceback INTAKE_DEBUG=1 shows)."""

from __future__ import annotations

import contextlib
import functools
import getpass
import os
from pathlib import Path

import click

from intake import config as config_mod
from intake.cli.output import echo, keep_in_logs
from intake.config import secrets
from intake.errors import ConfigError, IntakeError, RulesError, UsageError


class Failure(click.ClickException):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.exit_code = code  # type: ignore[misc]  # click reads it per instance

    def show(self, file=None):
        echo(f"intake: {self.format_message()}", err=True)


def settings_of(ctx: click.Context):
    path = ctx.obj["config"]
    try:
        settings = config_mod.load(path)
    except ConfigError as exc:
        raise Failure(str(exc), 2) from None
    keep_in_logs(settings)
    if ctx.obj.get("withhold_secrets"):  # the command line's own process (entry): no process it starts holds them
        secrets.withhold(secrets.named_by(settings))
    return settings


def app_of(ctx: click.Context, network: bool = False, settings=None, create: bool = False, reading: bool = False,
           serving: bool = False):
    """The wiring (of `settings`, else the configuration's); with `network`, also check that every password is in the
    environment. Only a command that files or sends from nothing (`create`: poll, run, serve, followups, purge, digest,
    case new) makes data_dir and its database; any other is refused, with what to do, when they do not exist yet (a
    read-only command must create nothing, and acts on nothing there). `reading`: a command that only reads (cases, case
    REF, quarantine list, stats, person --export...) runs while rules/ or templates/ are broken, saying so on stderr;
    the others are refused (exit 2). `serving`: the console and the worker, which start with the last rules and
    templates in force while those on disk are broken (app.open_app), and say so themselves."""
    from intake.app import open_app

    try:
        settings = settings or settings_of(ctx)
        if network:
            config_mod.require_secrets(settings)
        app = open_app(settings, create=create, reading=reading, serving=serving)
    except (ConfigError, RulesError) as exc:
        raise Failure(str(exc), 2) from None
    for problem in app.broken:
        echo(f"intake: attention : {problem} ; corrigez-les (intake rules check) : relever, envoyer et décider "
             "restent refusés d'ici là", err=True)
    return app


def in_folder(output: str | None, default: str) -> Path:
    """The file an option names, or, when it names a folder (« --output /tmp », as an admin first writes it), the
    default file name in that folder."""
    if output and Path(output).is_dir():
        return Path(output) / default
    return Path(output or default)


@contextlib.contextmanager
def writing(target: Path, option: str):
    """Around writing a file the user named (or its default in the current folder): a file that cannot be written
    there is one line naming it and the option to choose another (intake run as its service's user from `/`
    wrote `/digest-preview.html`; the permission error then spoke of chown), exit 2. An error on any other file
    goes on to `guard`."""
    try:
        yield
    except (PermissionError, IsADirectoryError, NotADirectoryError, FileNotFoundError) as exc:
        failed = Path(exc.filename).absolute() if exc.filename else None
        mine = Path(target).absolute()
        if failed is not None and failed != mine and failed not in mine.parents:
            raise
        why = {PermissionError: "accès refusé", IsADirectoryError: "c'est un dossier"}.get(type(exc),
                                                                                          "dossier introuvable")
        raise Failure(f"{mine} : impossible d'écrire ce fichier ({why} pour l'utilisateur {getpass.getuser()}) : "
                      f"donnez-en un autre avec {option}, par exemple {option} /tmp/{mine.name}", 2) from None


def guard(fn):
    """Map the package's errors to exit codes; a bug gets one line, not a traceback (INTAKE_DEBUG=1 shows it)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except click.ClickException:
            raise
        except (ConfigError, RulesError, UsageError) as exc:
            raise Failure(str(exc), 2) from None
        except IntakeError as exc:
            raise Failure(str(exc), 1) from None
        except BrokenPipeError:
            raise
        except PermissionError as exc:  # a file of data_dir made by another user (often root)
            from intake.adapters.failures import permission

            raise Failure(permission(exc, _data_dir(args)), 2) from None
        except Exception as exc:
            from intake.adapters.failures import database_unavailable, kind

            if os.environ.get("INTAKE_DEBUG"):
                raise
            if database_unavailable(exc):  # the database went away (server down, network, disk full, locked)
                reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
                raise Failure(f"la base de données est inutilisable pour l'instant : {reason}", 1) from None

            # its type alone: Python's text quotes what the code held, and stderr is the journal under systemd
            raise Failure(f"erreur inattendue {kind(exc)} (relancez avec INTAKE_DEBUG=1 pour le détail)", 1) from None

    return wrapper


def _data_dir(args) -> Path | None:
    """The configured data_dir, to say what to chown after a permission error (None if it cannot be had)."""
    ctx = next((a for a in args if isinstance(a, click.Context)), None)
    try:
        return config_mod.load(ctx.find_root().obj["config"]).data_dir if ctx is not None else None
    except Exception:  # noqa: BLE001 - only a better hint is lost
        return None
