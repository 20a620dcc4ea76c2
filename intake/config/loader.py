"""config.toml -> validated `Settings`. The only reader of the config file.

Every problem raises ConfigError naming the file, the key and the fix. The mailboxes and servers are
read here; the other tables by intake/config/sections.py.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from intake.adapters import textfile
from intake.adapters.failures import permission_fix
from intake.config import sections
from intake.config.oauth_keys import AUTH_KEYS, parse_auth, server_defaults
from intake.config.settings import (
    SECURITY,
    Mailbox,
    Schedule,
    Server,
    Service,
    Settings,
    is_loopback,
)
from intake.config.validator import EMAIL, Validator
from intake.core.tomlcheck import toml_problem
from intake.errors import ConfigError

_TOP = {
    "data_dir", "database_url", "timezone", "rules_dir", "templates_dir", "reference_prefix", "system_id",
    "max_message_bytes", "mailboxes", "smtp", "outbox_dir", "service", "schedule", "digest", "web", "token_key_env",
    "privacy", "database_password_env", "trust", "limits", "staff", "acknowledge_within_hours",
}
_SERVER = {"host", "port", "security", "username", "password_env", "ca_file", "timeout"} | AUTH_KEYS
_MAILBOX = _SERVER | {"name", "address", "folder", "folders", "since", "path", "idle", "sent_folder"}
_FOLDER_MAILBOX = {"name", "address", "since", "path", "sent_folder"}  # a mailbox that is a folder of files
_SERVICE = {"name", "address", "email", "phone", "hours", "website"}
_SCHEDULE = {"poll_minutes", "outbox_minutes", "followups_minutes"}


def require_secrets(settings: Settings) -> None:
    """Every password and OAuth2 secret the configuration names must be in the environment (before any
    network work), and so must the token store's key when a stored refresh token is used."""
    servers = [(f"mailboxes[{m.name}]", m.server) for m in settings.mailboxes if m.server is not None]
    if settings.smtp is not None and not settings.outbox_dir:
        servers.append(("smtp", settings.smtp))
    for where, server in servers:
        server.password(f"{settings.file}: {where}")
        if server.oauth is not None:
            server.oauth.client_secret(f"{settings.file}: {where}")
            if server.oauth.needs_login and not os.environ.get(settings.token_key_env):
                raise ConfigError(settings.file, "token_key_env",
                                  f"environment variable {settings.token_key_env} is not set: it holds the key of "
                                  "the OAuth2 token store (see docs/oauth2.md)")
    settings.database_password()


def load(path: str | os.PathLike) -> Settings:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(str(path), "", "file not found: copy config.example.toml to config.toml, or pass --config")
    try:
        text, _line, problem = textfile.read(path)
    except PermissionError as exc:
        raise ConfigError(str(path), "", f"accès refusé : {permission_fix(path)}") from exc
    if problem:
        raise ConfigError(str(path), "", problem)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), *toml_problem(str(exc), text)) from None
    try:
        return parse(data, str(path), path.resolve().parent)
    except ConfigError as exc:
        line = _line_of(exc.key, text)
        if line is None or f"(ligne {line})" in exc.problem:
            raise
        raise ConfigError(exc.file, exc.key, f"{exc.problem} (ligne {line})") from None


def _line_of(key: str, text: str) -> int | None:
    """The line of a key as errors name it (`mailboxes[1].since`: the second [[mailboxes]]'s since), to point the
    admin at it; None when it cannot be found (a key that is missing)."""
    from intake.core.tomlcheck import Locator

    path: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)(?:\[(\d+)\])?", key):
        path.append(name)
        if index:
            path.append(int(index))
    if not path:
        return None
    line = Locator("", text).line_of(path)
    if line is None or not 0 < line <= len(text.splitlines()):
        return None
    written = text.splitlines()[line - 1]
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    return line if last in written else None  # the key itself, not only its table


def parse(data: dict, file: str, base: Path) -> Settings:
    v = Validator(file)
    v.keys(data, _TOP, "")
    tz_name = v.string(data, "timezone", "", "Europe/Paris")
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(file, "timezone", f"unknown time zone {tz_name!r}: use e.g. \"Europe/Paris\"") from None
    data_dir = base / v.string(data, "data_dir", "", "data")
    mailboxes = data.get("mailboxes")
    if not isinstance(mailboxes, list) or not mailboxes:
        raise ConfigError(file, "mailboxes", "declare at least one mailbox as a [[mailboxes]] table")
    boxes = tuple(_mailbox(v, m, f"mailboxes[{i}]", tz, base) for i, m in enumerate(mailboxes))
    names = [b.name for b in boxes]
    if len(set(names)) != len(names):
        raise ConfigError(file, "mailboxes", f"two mailboxes share a name: {names}; names must differ")
    smtp = None
    if "smtp" in data:
        smtp = _server(v, v.table(data, "smtp"), "smtp", default_port=587, kind="smtp")
    if smtp is not None and smtp.oauth is not None and smtp.oauth.needs_login and "smtp" in names:
        raise ConfigError(file, "mailboxes", "a mailbox named \"smtp\" would share its OAuth2 token with [smtp] "
                                             "(intake auth login smtp): rename the mailbox")
    outbox_dir = v.string(data, "outbox_dir", "", "")
    if smtp is None and not outbox_dir:
        raise ConfigError(file, "smtp", "no [smtp] table: declare the relay that sends acknowledgements")
    service_t = v.table(data, "service")
    v.keys(service_t, _SERVICE, "service")
    service = Service(**{k: v.string(service_t, k, "service", "" if k in ("hours", "website") else None)
                         for k in _SERVICE})
    schedule_t = v.table(data, "schedule")
    v.keys(schedule_t, _SCHEDULE, "schedule")
    digest = sections.digest(v, v.table(data, "digest"))
    prefix = v.string(data, "reference_prefix", "", "BSC")
    if not re.fullmatch(r"[A-Z]{2,8}", prefix):
        raise ConfigError(file, "reference_prefix", f"{prefix!r}: use 2 to 8 capital letters, e.g. \"BSC\"")
    data_url, password_env = sections.database(v, data, data_dir)
    _own_variables(v, boxes, smtp, password_env)
    max_message_bytes = v.integer(data, "max_message_bytes", "", 50_000_000, 100_000, 2_000_000_000)
    return Settings(
        file=file,
        mailboxes=boxes,
        smtp=smtp,
        outbox_dir=str(base / outbox_dir) if outbox_dir else "",
        data_dir=data_dir,
        database_url=data_url,
        timezone=tz,
        rules_dir=base / v.string(data, "rules_dir", "", "rules"),
        templates_dir=base / v.string(data, "templates_dir", "", "templates"),
        reference_prefix=prefix,
        service=service,
        schedule=Schedule(
            poll_minutes=v.integer(schedule_t, "poll_minutes", "schedule", 5, 1, 1440),
            outbox_minutes=v.integer(schedule_t, "outbox_minutes", "schedule", 1, 1, 1440),
            followups_minutes=v.integer(schedule_t, "followups_minutes", "schedule", 15, 1, 1440),
        ),
        digest=digest,
        system_id=v.string(data, "system_id", "", "bethune-smart-city-intake"),
        max_message_bytes=max_message_bytes,
        acknowledge_within_hours=v.integer(data, "acknowledge_within_hours", "", 72, 1, 87_600),
        web=sections.web(v, v.table(data, "web")),
        token_key_env=_env_name(v, data, "token_key_env", "", "INTAKE_TOKEN_KEY"),
        privacy=sections.privacy(v, v.table(data, "privacy")),
        database_password_env=password_env,
        trust=sections.trust(v, v.table(data, "trust"), boxes),
        limits=sections.limits(v, v.table(data, "limits"), max_message_bytes),
        staff=sections.staff(v, data.get("staff", [])),
    )


def _own_variables(v: Validator, boxes: tuple[Mailbox, ...], smtp: Server | None, database_env: str) -> None:
    """The database's password is not a mailbox's: one variable named for both is a copy slip (the mailbox
    would log in with the database's password, or the other way round)."""
    if not database_env:
        return
    servers = [(f"mailboxes[{i}]", b.server) for i, b in enumerate(boxes)] + [("smtp", smtp)]
    for where, server in servers:
        if server is not None and server.password_env == database_env:
            raise ConfigError(v.file, f"{where}.password_env",
                              f"{database_env} is also database_password_env: the mail password and the database's "
                              "are different secrets: give each its own variable (e.g. INTAKE_DBERTELOOT_PASSWORD "
                              "for the mailbox, INTAKE_POSTGRES_PASSWORD for the database)")


def _env_name(v: Validator, t: dict, key: str, where: str, default: str) -> str:
    name = v.string(t, key, where, default)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ConfigError(v.file, v._key(where, key), "give the NAME of an environment variable, not its value")
    return name


def _server(v: Validator, t: dict, where: str, default_port: int, allowed=_SERVER, kind: str = "imap") -> Server:
    v.keys(t, allowed, where)
    t = {**server_defaults(v, t, where, kind), **t}
    auth, oauth = parse_auth(v, t, where)
    security = v.string(t, "security", where, "tls")
    if security not in SECURITY:
        raise ConfigError(v.file, f"{where}.security", f"{security!r}: use one of {', '.join(SECURITY)}")
    if security == "none" and not is_loopback(v.string(t, "host", where)):
        raise ConfigError(v.file, f"{where}.security", "\"none\" would send the password and the mail in clear over "
                                                       "the network: use \"tls\" or \"starttls\" (\"none\" is only "
                                                       "for a server on this machine, 127.0.0.1)")
    ca_file = v.string(t, "ca_file", where, "")
    if ca_file and not Path(ca_file).is_file():
        raise ConfigError(v.file, f"{where}.ca_file", f"file {ca_file} not found")
    password_env = v.string(t, "password_env", where, "")
    if password_env and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", password_env):
        raise ConfigError(v.file, f"{where}.password_env",
                          "give the NAME of an environment variable (e.g. \"INTAKE_SMTP_PASSWORD\"), not the password")
    if oauth is not None and kind == "smtp" and not t.get("username"):
        raise ConfigError(v.file, f"{where}.username", "missing: the account the OAuth2 token is for "
                                                        "(e.g. \"intake@ville-bethune.fr\")")
    return Server(
        host=v.string(t, "host", where),
        port=v.integer(t, "port", where, default_port, 1, 65535),
        security=security,
        username=v.string(t, "username", where, ""),
        password_env=password_env,
        ca_file=ca_file,
        timeout=float(v.integer(t, "timeout", where, 30, 1, 600)),
        auth=auth,
        oauth=oauth,
    )


def _mailbox(v: Validator, t, where: str, tz: ZoneInfo, base: Path) -> Mailbox:
    if not isinstance(t, dict):
        raise ConfigError(v.file, where, "each mailbox must be a [[mailboxes]] table")
    path = v.string(t, "path", where, "")
    if path:
        for key in t:  # keys of a server mailbox, left when `path` replaced its server (config.example.toml)
            if key in _MAILBOX - _FOLDER_MAILBOX:
                raise ConfigError(v.file, f"{where}.{key}", "is for a mail server; with path (a folder of files) "
                                                            "remove it")
        v.keys(t, _FOLDER_MAILBOX, where)
        server = None
    else:
        server = _server(v, t, where, default_port=993, allowed=_MAILBOX)
    address = v.string(t, "address", where).lower()
    if not EMAIL.match(address):
        raise ConfigError(v.file, f"{where}.address", f"{address!r} is not an email address")
    since = t.get("since")
    if isinstance(since, datetime):
        since = since if since.tzinfo else since.replace(tzinfo=tz)
    elif isinstance(since, date):
        since = datetime.combine(since, time(0, 0), tz)
    else:
        raise ConfigError(v.file, f"{where}.since",
                          "give the date from which mail is processed, AAAA-MM-JJ without quotes, "
                          "e.g. since = 2026-11-01")
    name = v.string(t, "name", where)
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise ConfigError(v.file, f"{where}.name", f"{name!r}: use letters, digits, '.', '-' or '_' only")
    if "folder" in t and "folders" in t:
        raise ConfigError(v.file, f"{where}.folders", "give either folder or folders, not both")
    folders = t.get("folders", [v.string(t, "folder", where, "INBOX")])
    if not isinstance(folders, list) or not folders or not all(isinstance(f, str) and f.strip() for f in folders):
        raise ConfigError(v.file, f"{where}.folders", 'expected a list of folder names, e.g. ["INBOX", "Candidatures"]')
    folders = tuple(dict.fromkeys(f.strip() for f in folders))
    idle = t.get("idle", True)
    if not isinstance(idle, bool):
        raise ConfigError(v.file, f"{where}.idle", "write true or false, without quotes")
    sent = v.string(t, "sent_folder", where, "")
    return Mailbox(name=name, address=address, server=server, folder=folders[0], folders=folders,
                   since=since, path=str(base / path) if path else "", idle=idle,
                   sent_folder=str(base / sent) if sent and path else sent)
