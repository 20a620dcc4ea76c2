"""Wiring: settings -> the adapters every command needs."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import Engine

from intake.adapters import restored, scratch
from intake.adapters.lock import Locks
from intake.adapters.rulefiles import IN_FORCE, in_force_instead, keep_in_force, read_rules, rules_of
from intake.adapters.servers import Servers
from intake.adapters.service_user import service_user
from intake.adapters.storage import BlobStore, private_dir
from intake.adapters.templates import Templates
from intake.adapters.templates import in_force_instead as templates_in_force
from intake.adapters.templates import keep_in_force as keep_templates
from intake.config import Mailbox, Settings
from intake.core.rules import Rules
from intake.errors import ConfigError, IntakeError, RulesError
from intake.store.database import make_engine, migrate


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class App:
    settings: Settings
    engine: Engine
    blobs: BlobStore
    rules: Rules
    templates: Templates
    locks: Locks  # shared by every process using this database
    clock: Callable[[], datetime] = _utcnow
    token: Callable[[], str] = field(default=lambda: secrets.token_hex(8))
    servers: Servers = field(init=False, repr=False)  # the mailboxes' sources, the transport, OAuth2 tokens
    # How a mailbox is opened: the real adapter below unless given (tests hand in a source that can be told
    # to refuse a message or to drop the connection, wrapping the real one).
    sources: Callable[[App, Mailbox], Any] | None = None
    rules_problem: str = ""  # rules/ changed on disk but do not load: why (the previous rules stay in force)
    broken: tuple[str, ...] = ()  # a command that only reads, opened with rules/ or templates/ broken: why (French)
    _rules_seen: tuple = field(default=(), repr=False)  # (name, size, mtime) of the rules files in force
    _rules_looked: float = field(default=0.0, repr=False)
    _rules_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.servers = Servers(self.settings)

    @property
    def restored_at(self) -> datetime | None:
        """When a backup was restored here (adapters/restored.py), read from data_dir each time a message is
        decided: a worker or a console left running when `intake outbox restored` ran takes it at once. A marker
        that cannot be read is a ConfigError: no message is decided until it is fixed."""
        return restored.read(self.settings.data_dir)

    def refresh_rules(self, every: float = 5.0) -> None:
        """Long-running processes (`intake run`, `intake serve`): after the admin edits rules/, the new rules are
        used once they load without error (looked for at most every `every` seconds). Broken ones are not
        taken: the previous rules stay in force, the error is logged and kept in `rules_problem` (the digest
        shows it)."""
        import logging
        import time

        from intake.errors import RulesError

        if time.monotonic() - self._rules_looked < every:
            return
        with self._rules_lock:
            if time.monotonic() - self._rules_looked < every:
                return
            self._rules_looked = time.monotonic()
            seen = rules_files(self.settings.rules_dir)
            if not self._rules_seen:
                self._rules_seen = seen
            if seen == self._rules_seen:
                return
            self._rules_seen = seen
            log = logging.getLogger("intake.rules")
            try:
                texts = read_rules(self.settings.rules_dir)
                self.rules = rules_of(self.settings.rules_dir, texts)
            except RulesError as exc:
                self.rules_problem = (f"règles modifiées mais refusées : {exc} ; les règles précédentes restent en "
                                      "service (intake rules check)")
                log.error("rules changed on disk but are not valid (previous rules kept): %s", exc)
                return
            self.rules_problem = ""
            keep_in_force(self.settings.data_dir, texts)
            log.info("rules changed on disk: version %s in use", self.rules.version)

    def source(self, mailbox: Mailbox):
        if self.sources is not None:
            return self.sources(self, mailbox)
        return self.real_source(mailbox)

    def real_source(self, mailbox: Mailbox):
        return self.servers.source(mailbox)

    def transport(self):
        return self.servers.transport()

    def tokens(self, account: str, server, where: str):
        """The OAuth2 TokenSource of an account (a mailbox's name, or "smtp"), or None for a password."""
        return self.servers.tokens(account, server, where)


def rules_files(directory: Path) -> tuple:
    """What the rules files are now: a change is seen by a different tuple."""
    try:
        return tuple(sorted((p.name, st.st_size, st.st_mtime_ns) for p in Path(directory).glob("*.toml")
                            for st in [p.stat()]))
    except OSError:
        return ()


def open_app(settings: Settings, clock: Callable[[], datetime] | None = None, create: bool = True,
             reading: bool = False, serving: bool = False) -> App:
    """Validate rules and templates, migrate the database, and return the wiring. A data_dir (or database
    file) this user may not write is a ConfigError saying what to chown. Without `create` (a command that only
    reads, or acts on what is already there), a data_dir or SQLite database that does not exist yet is a
    ConfigError saying so, and nothing is created: a mistyped data_dir would otherwise become a new, empty one.

    `reading`: a command that only reads (lists, shows, exports) and decides and sends nothing runs while rules/ or
    templates/ are broken, with the last rules that loaded (data_dir/rules-in-force.json) and without templates;
    `App.broken` says what is broken and where (the command line prints it on stderr). Every other command is
    refused (RulesError): nothing is decided or sent on rules or templates that do not load.

    `serving`: the staff console (`intake serve`) and the worker (`intake run`) start while rules/ or templates/ are
    broken as a running one goes on when they break under it: with the last rules that loaded and the last templates
    that passed the checks (data_dir/templates-in-force.json), the files on disk taken once they are fixed;
    `rules_problem` and `templates.problem` say why (the console shows it on every page). With none kept, refused
    (RulesError)."""
    try:
        return _open_app(settings, clock, create, reading, serving)
    except PermissionError as exc:
        from intake.adapters.failures import permission

        raise ConfigError(settings.file, "data_dir", permission(exc, settings.data_dir)) from None


def _must_exist(settings: Settings) -> None:
    """The data_dir, and the SQLite database in it (or where database_url says), exist: else one French line naming
    the file, the setting and what to do."""
    todo = (f"cette commande ne crée rien. Vérifiez le réglage data_dir de {settings.file} (le dossier de données du "
            "service, par exemple /var/lib/intake) ; si aucun courriel n'a encore été relevé, lancez d'abord intake "
            "poll, qui le crée")
    if not settings.data_dir.exists():
        raise ConfigError(settings.file, "data_dir", f"le dossier de données {settings.data_dir} n'existe pas encore : "
                                                     + todo)
    url = settings.database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        default = url == f"sqlite:///{settings.data_dir / 'intake.db'}"
        raise ConfigError(settings.file, "data_dir" if default else "database_url",
                          f"la base de données {url.removeprefix('sqlite:///')} n'existe pas encore : "
                          + (todo if default else todo.replace("le réglage data_dir", "les réglages database_url et "
                                                                                      "data_dir")))


def _open_app(settings: Settings, clock: Callable[[], datetime] | None, create: bool, reading: bool = False,
              serving: bool = False) -> App:
    _not_root_in_the_service_s_data_dir(settings)
    seen = rules_files(settings.rules_dir)
    rules: Rules | None = None
    texts: tuple[str, ...] = ()
    broken: list[str] = []
    rules_refused = templates_refused = ""  # a command that only reads: why the files on disk are not used
    try:
        on_disk = read_rules(settings.rules_dir)
        rules = rules_of(settings.rules_dir, on_disk)
        texts = on_disk  # kept for a command that reads while they are broken later (only rules that loaded)
    except RulesError as exc:
        if not (reading or serving):
            raise
        rules_error, rules_refused = exc, str(exc)
        broken.append(f"règles en erreur : {exc}")
    if create:
        private_dir(settings.data_dir)
    scratch.use_by_default(scratch.scratch_root(settings.data_dir))  # the reading processes' temporary files
    # the rules' and templates' errors first, whatever the command: they are what the admin is editing
    def accept(t: Templates) -> None:
        if rules is not None:  # a dossier's field the rules do not declare, or printed without its {% if %}
            for error in t.field_errors([f.key for f in rules.fields]):
                raise error
        checked_templates(t, settings.data_dir)

    templates = Templates(settings.templates_dir, accept=accept)
    try:
        templates.start()
    except RulesError as exc:
        if serving:  # the last templates that passed, in force as in a console running when the files broke
            kept = templates_in_force(settings.templates_dir, settings.data_dir, checks_id(), accept, exc)
            if kept is None:
                raise RulesError(exc.file, exc.line, f"{exc.problem} ; {_NO_TEMPLATES_KEPT}") from None
            templates = kept
        elif not reading:
            raise
        else:
            templates = Templates(settings.templates_dir)  # read only by the digest's preview, as they are
            templates_refused = str(exc)
        broken.append(f"modèles de courriel en erreur : {exc}")
    if rules is None:  # none kept (a data_dir not there yet, an upgrade): nothing to read the cases with
        rules = in_force_instead(settings.rules_dir, settings.data_dir, rules_error, serving)
        if not serving:
            broken[0] += (f" ; cette commande ne fait que lire : elle utilise les dernières règles valables "
                          f"({settings.data_dir / IN_FORCE})")
    if not create:
        _must_exist(settings)
        private_dir(settings.data_dir)
    if texts:
        keep_in_force(settings.data_dir, texts)
    engine = open_database(settings)
    app = App(settings=settings, engine=engine, blobs=BlobStore(settings.data_dir / "files"), rules=rules,
              templates=templates, locks=Locks(engine, settings.data_dir), _rules_seen=seen,
              broken=tuple(broken) if reading else ())  # the console says it its own way (web/server.py)
    if clock is not None:
        app.clock = clock
    # what the digest's preview says of them, as the running worker's digest would: the files on disk are not in force
    if rules_refused:
        app.rules_problem = (f"règles en erreur : {rules_refused} ; les dernières règles valables restent en service "
                             "(intake rules check)")
    if templates_refused:
        app.templates.problem = (f"modèles de courriel en erreur : {templates_refused} ; rien ne peut être envoyé "
                                 "d'ici là (intake rules check)")
    from intake.store.deletion import empty_trash_on_start

    empty_trash_on_start(app.engine, app.blobs, app.locks, app.clock())
    return app


# why `intake run` and `intake serve` are refused when the templates on disk fail the checks and none that passed
# were kept
_NO_TEMPLATES_KEPT = ("le service (intake run) et la console ne démarrent qu'avec des modèles valables, et aucune "
                      "version qui a passé les vérifications n'a encore été gardée (templates-in-force.json du dossier "
                      "de données) pour s'en passer : corrigez ce fichier à cette ligne (intake rules check dit tout "
                      "ce qui ne va pas) ; ils redémarrent d'eux-mêmes une fois le fichier corrigé")


def _not_root_in_the_service_s_data_dir(settings: Settings) -> None:
    """root may write anywhere, but what it writes in the service's data_dir (the database's -wal file, a lock,
    a piece) is root's: the service, running as its own user, could no longer write it. So root is sent to
    that user instead."""
    name = service_user(settings.data_dir)
    if name:
        raise ConfigError(settings.file, "data_dir",
                          f"{settings.data_dir} appartient à {name}, l'utilisateur du service : lancez intake en tant "
                          f"que {name} (runuser -u {name} -- intake ..., ou sudo -E -u {name} intake ...) ; en root, "
                          "les fichiers qu'il y créerait seraient à root et le service ne pourrait plus les écrire")


def checked_templates(templates: Templates, data_dir) -> None:
    """check_templates, unless it passed already for these very files (and this very code): a stamp in
    data_dir remembers the fingerprint of the last templates that passed."""
    from pathlib import Path

    from intake.adapters.storage import write_private
    from intake.commands import rules_check as checks

    stamp = Path(data_dir) / "templates.checked"
    if not Path(data_dir).exists():  # a command that creates nothing, before the first poll: checked, no stamp
        checks.check_templates(templates)
        return
    # the files on disk are those read (`read_as`, taken before reading), else a template saved since would be stamped
    # as checked when the checks read the one before: the next command would take it unchecked
    read = templates.read_as()
    fingerprint = templates.fingerprint(Path(checks.__file__))
    as_read = templates.fingerprint() == read
    try:
        passed = as_read and stamp.read_text(encoding="ascii") == fingerprint
    except (OSError, UnicodeDecodeError):
        passed = False
    if not passed:
        checks.check_templates(templates)
        if as_read:
            write_private(stamp, fingerprint.encode("ascii"))
    keep_templates(templates, data_dir, checks_id())  # for a console started while they are broken later


def checks_id() -> str:
    """Which template checks a kept copy of the templates passed (those of this intake: its rules_check.py)."""
    from intake.commands import rules_check as checks

    st = Path(checks.__file__).stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def open_database(settings: Settings) -> Engine:
    """The engine, its schema brought to the newest migration; an unreachable server is one clear line."""
    from sqlalchemy.exc import OperationalError

    engine = make_engine(settings.database_url, settings.database_password())
    try:
        migrate(engine)
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if engine.url.get_backend_name() == "sqlite" and engine.url.database:
            _sqlite_access(settings, Path(engine.url.database))
        raise IntakeError(f"{settings.file}: database_url: impossible d'utiliser la base de données {where} : "
                          f"{reason}") from None
    return engine


def _sqlite_access(settings: Settings, path: Path) -> None:
    """SQLite says "readonly database" or "unable to open": when the file, its folder or its -wal/-shm files
    may not be written by this user, say whose they are and what to chown (a ConfigError)."""
    import errno
    import os

    from intake.adapters.failures import permission

    for candidate in (path, path.parent, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists() and not os.access(candidate, os.W_OK | (os.X_OK if candidate.is_dir() else 0)):
            raise ConfigError(settings.file, "data_dir", permission(
                PermissionError(errno.EACCES, "Permission denied", str(candidate)), settings.data_dir))
