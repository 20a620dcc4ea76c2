"""The validated configuration: `Settings` and its parts, as the rest of the service reads them.

Made by intake/config/loader.py from config.toml; nothing else builds them (tests excepted). Secrets
are never in here: a `Server` or `Settings` names the environment variable that holds each one, and
reads it when asked.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from intake.config import secrets
from intake.config.oauth_keys import OAuth
from intake.core.sender_domain import SHARED_MAIL_DOMAINS
from intake.errors import ConfigError

SECURITY = ("tls", "starttls", "none")


# where a secret's variable goes (README, « Installing on a server », steps 5 and 6), said by each command that needs it
SET_IT = ("ajoutez-la au fichier des mots de passe que lit le service (/etc/intake/secrets.env selon le README) ; "
          "une commande lancée dans un terminal le lit d'abord : set -a && . /etc/intake/secrets.env && set +a")


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str
    username: str
    password_env: str
    ca_file: str = ""
    timeout: float = 30.0
    auth: str = "password"  # or "oauth2": see intake/config/oauth_keys.py
    oauth: OAuth | None = None

    def password(self, where: str) -> str:
        if self.auth != "password" or not self.password_env:
            return ""
        value = secrets.value(self.password_env)
        if value is None:
            raise ConfigError(where, "password_env", f"la variable d'environnement {self.password_env} n'est "
                                                     f"pas définie : {SET_IT}")
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
    # the town's addresses the mail server delivers into this mailbox (the label's public alias, a distribution list
    # of staff only): in a forward's own To or Cc they count as this mailbox (core/forward.py), nowhere else
    aliases: tuple[str, ...] = ()

    @property
    def state_key(self) -> str:
        """The name of this folder's cursor: the mailbox's name for its main folder, NAME/FOLDER for the others."""
        return self.name if self.primary else f"{self.name}/{self.folder}"

    def per_folder(self) -> list["Mailbox"]:
        """One copy per watched folder, each reading its own folder with its own cursor."""
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
        return urlsplit(self.public_url).path.rstrip("/")

    def case_url(self, reference: str) -> str:
        """The console's page of a case, for links in the digest ("" when base_url is not set)."""
        return f"{self.base_url}/cases/{reference}" if self.base_url else ""


def is_loopback(host: str) -> bool:
    """This machine only (127.0.0.0/8, ::1, localhost): where a plain-text connection never leaves the host. Not a
    name under .localhost: the system's resolver (glibc) does not keep those on this machine, it asks the DNS."""
    host = host.strip().strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_listen(value: str) -> tuple[str, int]:
    """`127.0.0.1:8080` -> ("127.0.0.1", 8080); `[::1]:8080` -> ("::1", 8080). ValueError says what is wrong."""
    found = re.fullmatch(r"(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})", value.strip())
    if not found or not 1 <= int(found.group(3)) <= 65535:
        raise ValueError(f"{value!r} : écrivez HÔTE:PORT, par exemple \"127.0.0.1:8080\" (IPv6 : \"[::1]:8080\")")
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
    """[trust]: whose word on a message's authentication is believed (docs/trust.md), and bounce address tagging."""

    provider: str = ""  # own | microsoft365 | google ("" : nothing the mail server says is believed)
    authserv_id: str = ""  # own, google: the id the town's server writes in Authentication-Results
    domains: frozenset[str] = frozenset()  # the town's mail domains (default: those of the watched addresses)
    subaddress: str = ""  # sub-addressing separator for tagged envelope senders, e.g. "+" ("" : off)
    exchange_servers: tuple[str, ...] = ("*.outlook.com",)  # microsoft365: who may say AuthAs: Internal
    # the town's own automatic senders, lower-case (a site's form sending a visitor's text from contact@): robots, as
    # the addresses core/origin.py knows by their look (never a colleague's forward, never answered)
    automatic_senders: frozenset[str] = frozenset()
    # networks of third-party relays the town receives its mail through (a filtering gateway): their address in the
    # server's iprev names no sending network for the per-network reading budget (core/trust.py sending_network)
    inbound_relays: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()


@dataclass(frozen=True)
class Limits:
    """[limits]: the work one message may cost. Over max_parts, max_header_bytes, max_attachments or
    max_unpacked_bytes (or with archives that expand more than 100 times their size) it is quarantined, unless it
    is mail ignored whatever it carries (core/arrival.py `not_read_whole`)."""

    max_parts: int = 1000  # MIME parts, every level
    max_header_bytes: int = 1_000_000  # bytes of header fields, every part together
    max_attachments: int = 150  # files attached (forwarded messages included), and again once archives are opened
    max_unpacked_bytes: int = 100_000_000  # bytes taken out of archives (default: twice max_message_bytes)
    read_seconds: int = 180  # parsing one message and reading every file (PDF, DOCX, ODT, RTF, OCR...)
    read_processes: int = 0  # processes reading files side by side (0: one per CPU)
    quarantine_bytes: int = 2 * 1024**3  # raw bytes the quarantine keeps, all together (core/quarantine_space.py)
    min_free_bytes: int = 1024**3  # free space data_dir keeps: below it no message is filed (core/disk_floor.py)
    cases_per_sender_per_day: int = 5  # cases a sender may open in 24 hours (core/decide.py `capped`; 0: no cap)
    # cases an automatic sender (a web form) may open in 24 hours, all the applicants its mail names together; each
    # applicant it names has cases_per_sender_per_day of them (core/decide.py `capped`)
    cases_per_robot_per_day: int = 30
    # cases the addresses of one registrable domain may open together in 24 hours (core/decide.py `capped`; 0: no
    # cap), except a big mail provider's (shared_mail_domains, lower-case; each covers its subdomains) or the town's
    cases_per_domain_per_day: int = 10
    # cases every unauthenticated sender's mail may open in 24 hours, together (core/decide.py `capped`; 0: no cap)
    unauthenticated_cases_per_day: int = 200
    # bytes (raw messages and their files) the mail of one sender, and of one registrable domain's addresses together,
    # may add to the store in 24 hours when the town's server did not authenticate it (core/store_budget.py; 0: none)
    bytes_per_sender_per_day: int = 500_000_000
    bytes_per_domain_per_day: int = 1_000_000_000
    # the same for every sender's unauthenticated mail together: budgets per sender and domain are keyed by what the
    # attacker writes, and forged addresses of a thousand domains without DMARC each had their own
    unauthenticated_bytes_per_day: int = 10_000_000_000
    # the bytes one sender's mail may add in 24 hours, authenticated or not: a free webmail account passes DMARC, a
    # one-euro domain SPF, and joining one's own case again and again with 40 MB messages filled the disk (0: none)
    bytes_per_authenticated_sender_per_day: int = 2_000_000_000
    # the same for the addresses of one registrable domain together (core/sender_domain.py `counted_domain`: not a big
    # mail provider's, whose addresses are each one person, nor the town's): a one-euro domain with DMARC gave its
    # owner as many budgets of the sender's as addresses they made up (0: none)
    bytes_per_authenticated_domain_per_day: int = 4_000_000_000
    # seconds of reading (parsing, archives, files, OCR: what read_seconds counts) one sender's mail, one registrable
    # domain's addresses' together, and every unauthenticated sender's together may take in a day; past it a message's
    # files are not read, "non lu, à vérifier" (core/reading_budget.py; 0: none)
    read_seconds_per_sender_per_day: int = 1800
    read_seconds_per_domain_per_day: int = 3600
    unauthenticated_read_seconds_per_day: int = 14400
    # ... and every unauthenticated sender's through one network the town's server names (its iprev result: an IPv4
    # /24, an IPv6 /48; core/trust.py sending_network), so that one machine cannot spend everyone's day (0: none)
    unauthenticated_read_seconds_per_network_per_day: int = 3600
    shared_mail_domains: frozenset[str] = frozenset(SHARED_MAIL_DOMAINS)


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
    acknowledge_within_hours: int = 72  # mail older than this when first read is filed, its answer held for staff
    web: WebSettings = WebSettings()
    token_key_env: str = "INTAKE_TOKEN_KEY"  # the key of the OAuth2 token store (intake/adapters/tokenstore.py)
    privacy: PrivacySettings = PrivacySettings()
    database_password_env: str = ""  # PostgreSQL: the variable holding the role's password
    staff: tuple[StaffMember, ...] = ()  # who may sign in to the console

    def database_password(self) -> str:
        """The database password from the environment ("" when none is configured)."""
        if not self.database_password_env:
            return ""
        value = secrets.value(self.database_password_env)
        if value is None:
            raise ConfigError(self.file, "database_password_env",
                              f"la variable d'environnement {self.database_password_env} n'est pas définie : "
                              f"{SET_IT}")
        return value
    trust: TrustConfig = TrustConfig()
    limits: Limits = Limits()

    @property
    def watched(self) -> frozenset[str]:
        return frozenset(m.address for m in self.mailboxes)

    @property
    def aliases(self) -> frozenset[str]:
        """The mailboxes' `aliases`: in a staff forward's own To or Cc, a watched mailbox (core/forward.py)."""
        return frozenset(a for m in self.mailboxes for a in m.aliases)

    def staff_member(self, email: str) -> StaffMember | None:
        email = email.strip().lower()
        return next((m for m in self.staff if m.email == email), None)
