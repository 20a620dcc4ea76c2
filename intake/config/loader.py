"""config.toml -> validated `Settings`. The only reader of the config file and of the environment.

Every problem raises ConfigError naming the file, the key and the fix.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from intake.auth_config import AUTH_KEYS, OAuth, parse_auth, server_defaults
from intake.errors import ConfigError

SECURITY = ("tls", "starttls", "none")


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str
    username: str
    password_env: str
    ca_file: str = ""
    timeout: float = 30.0
    auth: str = "password"  # or "oauth2": see intake/auth_config.py
    oauth: OAuth | None = None

    def password(self, where: str) -> str:
        if self.auth != "password" or not self.password_env:
            return ""
        value = os.environ.get(self.password_env)
        if value is None:
            raise ConfigError(where, "password_env", f"environment variable {self.password_env} is not set: "
                                                     "set it (e.g. in the service's systemd unit) before starting intake")
        return value


@dataclass(frozen=True)
class Mailbox:
    name: str
    address: str
    server: Server | None  # None when the mailbox is a local folder (path)
    folder: str  # the folder being read (the first of `folders` unless per_folder() made this copy)
    since: datetime  # aware
    path: str = ""  # a folder of .eml files or a Maildir, instead of IMAP (demo, tests)
    sent_folder: str = ""  # its own Sent folder, read-only: a forward found there is the staff's own
    folders: tuple[str, ...] = ()  # every IMAP folder watched; the first is the main one (INBOX)
    primary: bool = True  # this copy reads the main folder
    idle: bool = True  # `intake run` keeps an IMAP IDLE connection on each folder (see intake/watch.py)

    @property
    def state_key(self) -> str:
        """The name of this folder's cursor: the mailbox's name for its main folder, NAME/FOLDER for the others."""
        return self.name if self.primary else f"{self.name}/{self.folder}"

    def per_folder(self) -> list["Mailbox"]:
        """One copy per watched folder, each reading its own folder with its own cursor."""
        import dataclasses

        folders = self.folders or (self.folder,)
        return [dataclasses.replace(self, folder=f, primary=i == 0) for i, f in enumerate(folders)]


@dataclass(frozen=True)
class Service:
    """The contact block every acknowledgement carries (CRPA R112-11-1)."""

    name: str
    address: str
    email: str
    phone: str
    hours: str = ""
    website: str = ""


@dataclass(frozen=True)
class Schedule:
    poll_minutes: int = 5
    outbox_minutes: int = 1
    followups_minutes: int = 15


@dataclass(frozen=True)
class DigestSettings:
    recipients: tuple[str, ...] = ()
    at: time = time(8, 30)  # local time
    days: frozenset[int] = frozenset(range(5))  # Monday = 0
    skip_when_empty: bool = False


@dataclass(frozen=True)
class WebSettings:
    """The staff console (`intake serve`): where it listens, and the address staff open it at."""

    listen: str = "127.0.0.1:8080"  # HOST:PORT ([::1]:8080 for IPv6)
    base_url: str = ""  # e.g. "https://candidatures.ville-bethune.fr", no trailing "/"; "" : not published
    idle_minutes: int = 30  # a console session unused this long ends

    @property
    def host(self) -> str:
        return split_listen(self.listen)[0]

    @property
    def port(self) -> int:
        return split_listen(self.listen)[1]

    @property
    def public_url(self) -> str:
        """The address of the console in sign-in links: base_url, else the listening address itself."""
        if self.base_url:
            return self.base_url
        host, port = split_listen(self.listen)
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    @property
    def secure(self) -> bool:
        """Staff reach the console over HTTPS: cookies are then Secure (and __Host-)."""
        return self.public_url.startswith("https://")

    @property
    def root_path(self) -> str:
        """The path under which the proxy serves the console ("" at the root)."""
        from urllib.parse import urlsplit

        return urlsplit(self.public_url).path.rstrip("/")

    def case_url(self, reference: str) -> str:
        """The console's page of a case, for links in the digest ("" when base_url is not set)."""
        return f"{self.base_url}/cases/{reference}" if self.base_url else ""


def split_listen(value: str) -> tuple[str, int]:
    """`127.0.0.1:8080` -> ("127.0.0.1", 8080); `[::1]:8080` -> ("::1", 8080). ValueError says what is wrong."""
    found = re.fullmatch(r"(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})", value.strip())
    if not found or not 1 <= int(found.group(3)) <= 65535:
        raise ValueError(f"{value!r}: write HOST:PORT, e.g. \"127.0.0.1:8080\" (IPv6: \"[::1]:8080\")")
    return found.group(1) or found.group(2), int(found.group(3))


STAFF_ROLES = ("staff", "admin")


@dataclass(frozen=True)
class StaffMember:
    """`[[staff]]`: someone who may sign in to the console."""

    email: str  # lower-case
    name: str
    role: str = "staff"  # staff | admin

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class PrivacySettings:
    """[privacy]: when the daily purge runs; whom people write to about their data."""

    purge_at: time = time(3, 30)  # local time
    dpo: str = ""  # the data protection officer's contact (address or email), shown in the receipt and register


@dataclass(frozen=True)
class TrustConfig:
    """[trust]: what authenticates the town's own mail, and bounce address tagging."""

    authserv_id: str = ""  # the town's server that adds Authentication-Results ("" : forwards are not trusted)
    domains: frozenset[str] = frozenset()  # the town's mail domains (default: those of the watched addresses)
    subaddress: str = ""  # sub-addressing separator for tagged envelope senders, e.g. "+" ("" : off)


@dataclass(frozen=True)
class Limits:
    """[limits]: the work one message may cost. Over max_parts or max_attachments it is quarantined."""

    max_parts: int = 1000  # MIME parts, every level
    max_attachments: int = 150  # files attached (forwarded messages included), before archives are opened
    read_seconds: int = 180  # reading every file of one message (PDF, DOCX, ODT, RTF, OCR...)
    read_processes: int = 0  # processes reading files side by side (0: one per CPU)


@dataclass(frozen=True)
class Settings:
    file: str
    mailboxes: tuple[Mailbox, ...]
    smtp: Server | None
    outbox_dir: str  # when set, mail is written there as .eml instead of SMTP (demo, dry runs)
    data_dir: Path
    database_url: str
    timezone: ZoneInfo
    rules_dir: Path
    templates_dir: Path
    reference_prefix: str
    service: Service
    schedule: Schedule
    digest: DigestSettings = DigestSettings()
    system_id: str = "intake"
    max_message_bytes: int = 50_000_000
    web: WebSettings = WebSettings()
    token_key_env: str = "INTAKE_TOKEN_KEY"  # the key of the OAuth2 token store (intake/adapters/tokenstore.py)
    privacy: PrivacySettings = PrivacySettings()
    database_password_env: str = ""  # PostgreSQL: the variable holding the role's password
    staff: tuple[StaffMember, ...] = ()  # who may sign in to the console

    def database_password(self) -> str:
        """The database password from the environment ("" when none is configured)."""
        if not self.database_password_env:
            return ""
        value = os.environ.get(self.database_password_env)
        if value is None:
            raise ConfigError(self.file, "database_password_env",
                              f"environment variable {self.database_password_env} is not set: set it (e.g. in the "
                              "service's systemd unit) before starting intake")
        return value
    trust: TrustConfig = TrustConfig()
    limits: Limits = Limits()

    @property
    def watched(self) -> frozenset[str]:
        return frozenset(m.address for m in self.mailboxes)

    def staff_member(self, email: str) -> StaffMember | None:
        email = email.strip().lower()
        return next((m for m in self.staff if m.email == email), None)


_TOP = {
    "data_dir", "database_url", "timezone", "rules_dir", "templates_dir", "reference_prefix", "system_id",
    "max_message_bytes", "mailboxes", "smtp", "outbox_dir", "service", "schedule", "digest", "web", "token_key_env",
    "privacy", "database_password_env", "trust", "limits", "staff",
}
_SERVER = {"host", "port", "security", "username", "password_env", "ca_file", "timeout"} | AUTH_KEYS
_MAILBOX = _SERVER | {"name", "address", "folder", "folders", "since", "path", "idle", "sent_folder"}
_TRUST = {"authserv_id", "domains", "subaddress"}
_LIMITS = {"max_parts", "max_attachments", "read_seconds", "read_processes"}
_SERVICE = {"name", "address", "email", "phone", "hours", "website"}
_SCHEDULE = {"poll_minutes", "outbox_minutes", "followups_minutes"}
_DIGEST = {"recipients", "time", "days", "skip_when_empty"}
_WEB = {"listen", "base_url", "idle_minutes"}
_STAFF = {"email", "name", "role"}
_PRIVACY = {"purge_time", "dpo"}
_DAY_NAMES = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
              "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(str(path), "", "not UTF-8 text: save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "", f"TOML syntax error: {exc}") from None
    return parse(data, str(path), path.resolve().parent)


def parse(data: dict, file: str, base: Path) -> Settings:
    v = _Validator(file)
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
    digest_t = v.table(data, "digest")
    v.keys(digest_t, _DIGEST, "digest")
    digest = _digest(v, digest_t)
    prefix = v.string(data, "reference_prefix", "", "BSC")
    if not re.fullmatch(r"[A-Z]{2,8}", prefix):
        raise ConfigError(file, "reference_prefix", f"{prefix!r}: use 2 to 8 capital letters, e.g. \"BSC\"")
    data_url, password_env = _database(v, data, data_dir)
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
        max_message_bytes=v.integer(data, "max_message_bytes", "", 50_000_000, 100_000, 2_000_000_000),
        web=_web(v, v.table(data, "web")),
        token_key_env=_env_name(v, data, "token_key_env", "", "INTAKE_TOKEN_KEY"),
        privacy=_privacy(v, v.table(data, "privacy")),
        database_password_env=password_env,
        trust=_trust(v, v.table(data, "trust"), boxes),
        limits=_limits(v, v.table(data, "limits")),
        staff=_staff(v, data.get("staff", [])),
    )


def _env_name(v: "_Validator", t: dict, key: str, where: str, default: str) -> str:
    name = v.string(t, key, where, default)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ConfigError(v.file, v._key(where, key), "give the NAME of an environment variable, not its value")
    return name


def _web(v: "_Validator", t: dict) -> WebSettings:
    v.keys(t, _WEB, "web")
    listen = v.string(t, "listen", "web", WebSettings.listen)
    try:
        split_listen(listen)
    except ValueError as exc:
        raise ConfigError(v.file, "web.listen", str(exc)) from None
    base_url = v.string(t, "base_url", "web", "").rstrip("/")
    if base_url:
        from urllib.parse import urlsplit

        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
                or any(c.isspace() for c in base_url):
            raise ConfigError(v.file, "web.base_url", f"{base_url!r}: give the address staff open the console at, "
                                                      "e.g. \"https://candidatures.ville-bethune.fr\"")
    return WebSettings(listen=listen, base_url=base_url,
                       idle_minutes=v.integer(t, "idle_minutes", "web", 30, 5, 24 * 60))


def _staff(v: "_Validator", items) -> tuple[StaffMember, ...]:
    if not isinstance(items, list) or not all(isinstance(t, dict) for t in items):
        raise ConfigError(v.file, "staff", "list each person as a [[staff]] table with email, name and role")
    out: list[StaffMember] = []
    for i, t in enumerate(items):
        where = f"staff[{i}]"
        v.keys(t, _STAFF, where)
        email = v.string(t, "email", where).lower()
        if not _EMAIL.match(email):
            raise ConfigError(v.file, f"{where}.email", f"{email!r} is not an email address")
        if any(m.email == email for m in out):
            raise ConfigError(v.file, f"{where}.email", f"{email} is listed twice: keep one [[staff]] entry per person")
        role = v.string(t, "role", where, "staff")
        if role not in STAFF_ROLES:
            raise ConfigError(v.file, f"{where}.role", f"{role!r}: use \"staff\" or \"admin\"")
        out.append(StaffMember(email=email, name=v.string(t, "name", where), role=role))
    return tuple(out)


def _privacy(v: "_Validator", t: dict) -> PrivacySettings:
    v.keys(t, _PRIVACY, "privacy")
    at = v.string(t, "purge_time", "privacy", "03:30")
    found = re.fullmatch(r"([01]?\d|2[0-3])[:h]([0-5]\d)", at)
    if not found:
        raise ConfigError(v.file, "privacy.purge_time", f"{at!r}: write the time like \"03:30\"")
    return PrivacySettings(purge_at=time(int(found.group(1)), int(found.group(2))),
                           dpo=v.string(t, "dpo", "privacy", ""))


def _database(v: "_Validator", data: dict, data_dir: Path) -> tuple[str, str]:
    """(database_url, database_password_env): the SQLite file in data_dir by default, or PostgreSQL."""
    from urllib.parse import urlsplit

    url = v.string(data, "database_url", "", "") or f"sqlite:///{data_dir / 'intake.db'}"
    password_env = v.string(data, "database_password_env", "", "")
    if password_env and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", password_env):
        raise ConfigError(v.file, "database_password_env",
                          "give the NAME of an environment variable (e.g. \"INTAKE_DB_PASSWORD\"), not the password")
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("postgres", "postgresql", "postgresql+psycopg"):
        url = "postgresql+psycopg:" + url.split(":", 1)[1]
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError as exc:
            raise ConfigError(v.file, "database_url", f"not a valid URL ({exc}): write it like "
                              "\"postgresql+psycopg://intake@db.example:5432/intake\"") from None
        if parts.password is not None:
            raise ConfigError(v.file, "database_url", "the URL holds a password: remove it and name the environment "
                              "variable that holds it with database_password_env")
        if not (parts.hostname or "host=" in parts.query) or not parts.path.strip("/"):  # ?host=/run/postgresql
            raise ConfigError(v.file, "database_url", "give the server and the database, e.g. "
                              "\"postgresql+psycopg://intake@db.example:5432/intake\"")
        import importlib.util

        if importlib.util.find_spec("psycopg") is None:
            raise ConfigError(v.file, "database_url", "PostgreSQL needs the psycopg driver: "
                              "pip install 'intake[postgresql]'")
    elif scheme == "sqlite":
        if password_env:
            raise ConfigError(v.file, "database_password_env", "a SQLite file has no password: remove this key")
        if not url.startswith("sqlite:///"):
            raise ConfigError(v.file, "database_url", "write a SQLite file as \"sqlite:////var/lib/intake/intake.db\"")
    else:
        raise ConfigError(v.file, "database_url", f"{scheme!r} is not supported: use \"postgresql+psycopg://...\" "
                          "or leave it out for the SQLite file in data_dir")
    return url, password_env


def _trust(v: "_Validator", t: dict, boxes) -> TrustConfig:
    v.keys(t, _TRUST, "trust")
    authserv_id = v.string(t, "authserv_id", "trust", "")
    if authserv_id and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.-]*", authserv_id):
        raise ConfigError(v.file, "trust.authserv_id", f"{authserv_id!r}: give the server's name as it writes it in "
                                                       "Authentication-Results, e.g. \"mx.ville-bethune.fr\"")
    domains = t.get("domains", sorted({b.address.rpartition("@")[2] for b in boxes}))
    if not isinstance(domains, list) or not all(isinstance(d, str) and re.fullmatch(r"[a-z0-9.-]+\.[a-z]+", d.lower())
                                                for d in domains):
        raise ConfigError(v.file, "trust.domains", 'list the town\'s mail domains, e.g. ["ville-bethune.fr"]')
    subaddress = v.string(t, "subaddress", "trust", "")
    if subaddress not in ("", "+", "-", "_", "="):
        raise ConfigError(v.file, "trust.subaddress", f"{subaddress!r}: use the separator the mail server "
                                                      "knows, e.g. \"+\", or \"\" to turn tagging off")
    return TrustConfig(authserv_id=authserv_id, domains=frozenset(d.lower() for d in domains), subaddress=subaddress)


def _limits(v: "_Validator", t: dict) -> Limits:
    v.keys(t, _LIMITS, "limits")
    return Limits(max_parts=v.integer(t, "max_parts", "limits", 1000, 10, 100_000),
                  max_attachments=v.integer(t, "max_attachments", "limits", 150, 1, 100_000),
                  read_seconds=v.integer(t, "read_seconds", "limits", 180, 5, 3600),
                  read_processes=v.integer(t, "read_processes", "limits", 0, 0, 64))


def _digest(v: "_Validator", t: dict) -> DigestSettings:
    at = v.string(t, "time", "digest", "08:30")
    found = re.fullmatch(r"([01]?\d|2[0-3])[:h]([0-5]\d)", at)
    if not found:
        raise ConfigError(v.file, "digest.time", f"{at!r}: write the time like \"08:30\"")
    days = t.get("days", ["lundi", "mardi", "mercredi", "jeudi", "vendredi"])
    if not isinstance(days, list) or not days or not all(isinstance(d, str) and d.lower() in _DAY_NAMES for d in days):
        raise ConfigError(v.file, "digest.days", 'list French day names, e.g. ["lundi", "mardi", "mercredi"]')
    skip = t.get("skip_when_empty", False)
    if not isinstance(skip, bool):
        raise ConfigError(v.file, "digest.skip_when_empty", "write true or false, without quotes")
    return DigestSettings(recipients=v.list_of_emails(t, "recipients", "digest"),
                          at=time(int(found.group(1)), int(found.group(2))),
                          days=frozenset(_DAY_NAMES[d.lower()] for d in days), skip_when_empty=skip)


def _server(v: "_Validator", t: dict, where: str, default_port: int, allowed=_SERVER, kind: str = "imap") -> Server:
    v.keys(t, allowed, where)
    t = {**server_defaults(v, t, where, kind), **t}
    auth, oauth = parse_auth(v, t, where)
    security = v.string(t, "security", where, "tls")
    if security not in SECURITY:
        raise ConfigError(v.file, f"{where}.security", f"{security!r}: use one of {', '.join(SECURITY)}")
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


def _mailbox(v: "_Validator", t, where: str, tz: ZoneInfo, base: Path) -> Mailbox:
    if not isinstance(t, dict):
        raise ConfigError(v.file, where, "each mailbox must be a [[mailboxes]] table")
    path = v.string(t, "path", where, "")
    if path:
        v.keys(t, {"name", "address", "since", "path", "sent_folder"}, where)
        server = None
    else:
        server = _server(v, t, where, default_port=993, allowed=_MAILBOX)
    address = v.string(t, "address", where).lower()
    if not _EMAIL.match(address):
        raise ConfigError(v.file, f"{where}.address", f"{address!r} is not an email address")
    since = t.get("since")
    if isinstance(since, datetime):
        since = since if since.tzinfo else since.replace(tzinfo=tz)
    elif isinstance(since, date):
        since = datetime.combine(since, time(0, 0), tz)
    else:
        raise ConfigError(v.file, f"{where}.since",
                          "give the date from which mail is processed, without quotes, e.g. since = 2026-11-01")
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


class _Validator:
    def __init__(self, file: str):
        self.file = file

    def _key(self, where: str, key: str) -> str:
        return f"{where}.{key}" if where else key

    def keys(self, table: dict, allowed: set, where: str):
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(sorted(allowed))}"
                raise ConfigError(self.file, self._key(where, key), f"unknown key: {hint}")

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise ConfigError(self.file, key, f"must be a table: write [{key}] on its own line")
        return value

    def string(self, t: dict, key: str, where: str, default: str | None = None) -> str:
        value = t.get(key, default)
        if value is None:
            raise ConfigError(self.file, self._key(where, key), "missing: this key is required")
        if not isinstance(value, str):
            raise ConfigError(self.file, self._key(where, key), f"expected text in quotes, got {value!r}")
        if default is None and not value.strip():
            raise ConfigError(self.file, self._key(where, key), "must not be empty")
        return value.strip()

    def integer(self, t: dict, key: str, where: str, default: int, low: int, high: int) -> int:
        value = t.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(self.file, self._key(where, key), f"expected a whole number from {low} to {high}, got {value!r}")
        return value

    def list_of_emails(self, t: dict, key: str, where: str) -> tuple[str, ...]:
        value = t.get(key, [])
        if not isinstance(value, list) or not all(isinstance(a, str) and _EMAIL.match(a.strip()) for a in value):
            raise ConfigError(self.file, self._key(where, key), 'expected a list of addresses, e.g. ["a@ville-bethune.fr"]')
        return tuple(a.strip().lower() for a in value)
