"""The tables of config.toml besides the mailboxes and servers: [web], [[staff]], [privacy], [trust], [limits],
[digest], and the database's URL. Each returns its part of `Settings` or raises ConfigError naming the key."""

from __future__ import annotations

import importlib.util
import os
import re
from datetime import time
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from intake.config.settings import (
    STAFF_ROLES,
    DigestSettings,
    Limits,
    PrivacySettings,
    StaffMember,
    TrustConfig,
    WebSettings,
    is_loopback,
    split_listen,
)
from intake.config.validator import (
    DAY_NAMES,
    EMAIL,
    Validator,
    env_name_problem,
    item,
    named_address,
    whole_address_problem,
)
from intake.core import french
from intake.core.headers import normal_address
from intake.core.links import is_host_name
from intake.core.sender_domain import SHARED_MAIL_DOMAINS
from intake.core.tomlcheck import hour_minute
from intake.core.trust import EXCHANGE_SERVERS, GOOGLE, GOOGLE_AUTHSERV_ID, MICROSOFT365, OWN, PROVIDERS
from intake.errors import ConfigError

_TRUST = {"provider", "authserv_id", "domains", "subaddress", "exchange_servers", "automatic_senders",
          "inbound_relays"}
AUTOMATIC_EXAMPLE = '["contact@ville-bethune.fr"]'
_LIMITS = {"max_parts", "max_header_bytes", "max_attachments", "max_unpacked_bytes", "read_seconds", "read_processes",
           "quarantine_bytes", "min_free_bytes", "cases_per_sender_per_day", "cases_per_robot_per_day",
           "cases_per_domain_per_day", "bytes_per_sender_per_day", "bytes_per_domain_per_day",
           "unauthenticated_bytes_per_day", "unauthenticated_cases_per_day", "bytes_per_authenticated_sender_per_day",
           "bytes_per_authenticated_domain_per_day", "shared_mail_domains", "read_seconds_per_sender_per_day",
           "read_seconds_per_domain_per_day", "unauthenticated_read_seconds_per_day",
           "unauthenticated_read_seconds_per_network_per_day"}
QUARANTINE_BYTES = 2 * 1024**3  # [limits] quarantine_bytes by default: 2 Gio
MIN_FREE_BYTES = 1024**3  # [limits] min_free_bytes by default: 1 Gio
CASES_PER_SENDER = 5  # [limits] cases_per_sender_per_day by default
CASES_PER_ROBOT = 30  # [limits] cases_per_robot_per_day by default (a web form's mail, all its applicants together)
CASES_PER_DOMAIN = 10  # [limits] cases_per_domain_per_day by default (an organisation's addresses, all together)
UNAUTHENTICATED_CASES = 200  # [limits] unauthenticated_cases_per_day by default (every unauthenticated sender's)
BYTES_PER_SENDER = 500_000_000  # [limits] bytes_per_sender_per_day by default: 500 Mo, a real application many times
BYTES_PER_DOMAIN = 1_000_000_000  # [limits] bytes_per_domain_per_day by default: 1 Go
UNAUTHENTICATED_BYTES = 10_000_000_000  # [limits] unauthenticated_bytes_per_day by default: 10 Go
AUTHENTICATED_BYTES = 2_000_000_000  # [limits] bytes_per_authenticated_sender_per_day by default: 2 Go
AUTHENTICATED_DOMAIN_BYTES = 4_000_000_000  # [limits] bytes_per_authenticated_domain_per_day by default: 4 Go
READ_PER_SENDER = 1800  # [limits] read_seconds_per_sender_per_day by default: 30 min, ten messages' whole read_seconds
READ_PER_DOMAIN = 3600  # [limits] read_seconds_per_domain_per_day by default: 1 h
UNAUTHENTICATED_READ = 14400  # [limits] unauthenticated_read_seconds_per_day by default: 4 h
NETWORK_READ = 3600  # [limits] unauthenticated_read_seconds_per_network_per_day by default: 1 h, a quarter of the day's
SHARED_EXAMPLE = '["gmail.com", "orange.fr", "laposte.net"]'
_DIGEST = {"recipients", "time", "days", "skip_when_empty"}
_WEB = {"listen", "base_url", "idle_minutes"}
_STAFF = {"email", "name", "role"}
_PRIVACY = {"purge_time", "dpo"}
SECTION_KEYS = {"[trust]": _TRUST, "[limits]": _LIMITS, "[digest]": _DIGEST, "[web]": _WEB, "[[staff]]": _STAFF,
                "[privacy]": _PRIVACY}  # each section's keys, so that one written under another is sent home


def web(v: Validator, t: dict) -> WebSettings:
    v.keys(t, _WEB, "web")
    listen = v.string(t, "listen", "web", WebSettings.listen)
    try:
        split_listen(listen)
    except ValueError as exc:
        raise ConfigError(v.file, "web.listen", str(exc)) from None
    base_url = v.string(t, "base_url", "web", "").rstrip("/")
    if base_url:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
                or any(c.isspace() for c in base_url):
            raise ConfigError(v.file, "web.base_url", f"{base_url!r} : donnez l'adresse où le personnel ouvre la "
                                                      "console, par exemple \"https://candidatures.ville-bethune.fr\"")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            raise ConfigError(v.file, "web.base_url", f"{base_url!r} : les liens de connexion et les cookies de "
                                                      "session passeraient en clair sur le réseau : écrivez https:// "
                                                      "(un proxy inverse, docs/nginx-intake.conf)")
    elif not is_loopback(split_listen(listen)[0]):
        raise ConfigError(v.file, "web.base_url", f"manquant : la console écoute sur {listen}, au-delà de cette "
                                                  "machine ; donnez l'adresse https:// où le personnel l'ouvre (un "
                                                  "proxy inverse, docs/nginx-intake.conf), par exemple "
                                                  "\"https://candidatures.ville-bethune.fr\"")
    return WebSettings(listen=listen, base_url=base_url,
                       idle_minutes=v.integer(t, "idle_minutes", "web", 30, 5, 24 * 60))


def staff(v: Validator, items) -> tuple[StaffMember, ...]:
    if not isinstance(items, list) or not all(isinstance(t, dict) for t in items):
        raise ConfigError(v.file, "staff", "décrivez chaque personne dans une table [[staff]] avec email, name et role")
    out: list[StaffMember] = []
    for i, t in enumerate(items):
        where = item("staff", i)
        v.keys(t, _STAFF, where)
        email = v.string(t, "email", where).lower()
        if named_address(email):
            raise ConfigError(v.file, f"{where}.email", whole_address_problem(v.string(t, "email", where), "email", "",
                                                                              "email = "))
        if not EMAIL.match(email):
            raise ConfigError(v.file, f"{where}.email", f"{email!r} n'est pas une adresse électronique")
        if any(m.email == email for m in out):
            raise ConfigError(v.file, f"{where}.email", f"{email} figure deux fois : gardez une seule table [[staff]] "
                                                        "par personne")
        role = v.string(t, "role", where, "staff")
        if role not in STAFF_ROLES:
            raise ConfigError(v.file, f"{where}.role", f"{role!r} : écrivez \"staff\" ou \"admin\"")
        out.append(StaffMember(email=email, name=v.string(t, "name", where), role=role))
    return tuple(out)


def privacy(v: Validator, t: dict) -> PrivacySettings:
    v.keys(t, _PRIVACY, "privacy")
    at = v.string(t, "purge_time", "privacy", "03:30")
    found = hour_minute(at)
    if not found:
        raise ConfigError(v.file, "privacy.purge_time", f"{at!r} : écrivez l'heure ainsi : \"03:30\" (ou \"3h30\")")
    return PrivacySettings(purge_at=time(*found),
                           dpo=v.string(t, "dpo", "privacy", ""))


def database(v: Validator, data: dict, data_dir: Path) -> tuple[str, str]:
    """(database_url, database_password_env): the SQLite file in data_dir by default, or PostgreSQL."""
    url = v.string(data, "database_url", "", "") or f"sqlite:///{data_dir / 'intake.db'}"
    password_env = v.string(data, "database_password_env", "", "")
    problem = password_env and env_name_problem(password_env, "INTAKE_POSTGRES_PASSWORD")
    if problem:
        raise ConfigError(v.file, "database_password_env", problem)
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("postgres", "postgresql", "postgresql+psycopg"):
        url = "postgresql+psycopg:" + url.split(":", 1)[1]
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError as exc:  # urllib's words: « Port out of range 0-65535 », « Invalid IPv6 URL »
            why = ("le port doit être un nombre de 1 à 65535" if "Port" in str(exc) else
                   "une adresse IPv6 s'écrit entre crochets, [::1]" if "IPv6" in str(exc) else "mal écrite")
            raise ConfigError(v.file, "database_url", f"adresse invalide ({why}) : écrivez-la ainsi : "
                              "\"postgresql+psycopg://intake@db.example:5432/intake\"") from None
        if parts.password is not None:
            raise ConfigError(v.file, "database_url", "l'adresse contient un mot de passe : retirez-le et nommez la "
                              "variable d'environnement qui le contient avec database_password_env")
        if not (parts.hostname or "host=" in parts.query) or not parts.path.strip("/"):  # ?host=/run/postgresql
            raise ConfigError(v.file, "database_url", "donnez le serveur et la base, par exemple "
                              "\"postgresql+psycopg://intake@db.example:5432/intake\"")
        _tls_across_a_network(v, parts)
        if importlib.util.find_spec("psycopg") is None:
            raise ConfigError(v.file, "database_url", "PostgreSQL demande le pilote psycopg : "
                              "pip install 'intake[postgresql]'")
    elif scheme == "sqlite":
        if password_env:
            raise ConfigError(v.file, "database_password_env", "un fichier SQLite n'a pas de mot de passe : supprimez "
                                                               "cette clé")
        if not url.startswith("sqlite:///"):
            raise ConfigError(v.file, "database_url", "écrivez un fichier SQLite ainsi : "
                                                      "\"sqlite:////var/lib/intake/intake.db\"")
    else:
        raise ConfigError(v.file, "database_url", f"{scheme!r} n'est pas pris en charge : écrivez "
                          "\"postgresql+psycopg://...\" ou retirez la clé pour le fichier SQLite de data_dir")
    return url, password_env


VERIFIED_TLS = ("verify-ca", "verify-full")  # libpq's sslmode values that check the server's certificate


def _tls_across_a_network(v: Validator, parts) -> None:
    """A PostgreSQL server that is not this machine is reached over verified TLS only, as the mail servers are:
    libpq's default (sslmode=prefer) falls back to clear text and checks no certificate. The mode is the URL's
    `sslmode`, else libpq's PGSSLMODE. libpq connects to `hostaddr` (the URL's, else PGHOSTADDR) whatever `host`
    says, and a service of pg_service.conf (`service`, PGSERVICE) may name any server: both count."""
    query = parse_qs(parts.query)
    addresses = query.get("hostaddr") or [os.environ.get("PGHOSTADDR", "")]
    hosts = ([parts.hostname or ""] + [h for value in query.get("host", []) for h in value.split(",")]
             + [a.strip() for value in addresses for a in value.split(",")])
    remote = [h for h in hosts if h and not h.startswith("/") and not is_loopback(h)]
    service = (query.get("service") or [os.environ.get("PGSERVICE", "")])[-1]
    where = (f"{remote[0]} n'est pas cette machine" if remote else
             f"du service {service} (pg_service.conf, que intake ne lit pas) peut être une autre machine" if service
             else "")
    mode = (query.get("sslmode") or [os.environ.get("PGSSLMODE", "")])[-1]
    if where and mode not in VERIFIED_TLS:
        raise ConfigError(v.file, "database_url", f"le serveur {where} : ajoutez "
                          "?sslmode=verify-full&sslrootcert=/etc/intake/db-ca.pem (le certificat de l'autorité qui "
                          "a signé celui du serveur) ; sans cela, les données des candidats et le mot de passe "
                          "passeraient sur le réseau en clair ou vers un serveur non vérifié "
                          f"(sslmode={mode or 'prefer'})")


def trust(v: Validator, t: dict, boxes) -> TrustConfig:
    """[trust]: whose Authentication-Results are believed (docs/trust.md). No `provider` and no `authserv_id`:
    nothing the mail server says is believed (forwards are trusted only through a Sent folder)."""
    v.keys(t, _TRUST, "trust")
    authserv_id = v.string(t, "authserv_id", "trust", "")
    provider = v.string(t, "provider", "trust", OWN if authserv_id else "")
    if provider not in ("",) + PROVIDERS:
        raise ConfigError(v.file, "trust.provider", f"{provider!r} : écrivez \"{OWN}\" (le serveur de messagerie "
                                                    f"de la ville), \"{MICROSOFT365}\" ou \"{GOOGLE}\" "
                                                    "(docs/trust.md)")
    if provider == MICROSOFT365 and authserv_id:
        raise ConfigError(v.file, "trust.authserv_id", "Exchange Online écrit ses Authentication-Results sans nom de "
                                                       "serveur : supprimez authserv_id (docs/trust.md)")
    if provider == GOOGLE and authserv_id.lower() not in ("", GOOGLE_AUTHSERV_ID):
        raise ConfigError(v.file, "trust.authserv_id", f"Google Workspace se nomme \"{GOOGLE_AUTHSERV_ID}\" : "
                                                       "supprimez authserv_id")
    authserv_id = GOOGLE_AUTHSERV_ID if provider == GOOGLE else authserv_id
    if provider == OWN and not authserv_id:
        raise ConfigError(v.file, "trust.authserv_id", "manquant : le nom que le serveur de messagerie de la ville "
                                                       "écrit au début de ses Authentication-Results, par exemple "
                                                       "\"mx.ville-bethune.fr\"")
    if authserv_id and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.-]*", authserv_id):
        raise ConfigError(v.file, "trust.authserv_id", f"{authserv_id!r} : donnez le nom du serveur tel qu'il "
                                                       "l'écrit dans Authentication-Results, par exemple "
                                                       "\"mx.ville-bethune.fr\"")
    on_365 = [b.name for b in boxes if b.server is not None and b.server.host.lower().endswith(_EXCHANGE_HOSTS)]
    if provider == OWN and on_365:
        raise ConfigError(v.file, "trust.provider", f"la boîte {on_365[0]} est chez Microsoft 365, dont Exchange "
                                                    "Online ajoute ses propres Authentication-Results (sans nom de "
                                                    "serveur) en tête de chaque message : aucun en-tête de votre "
                                                    "propre serveur n'y est fiable ; écrivez provider = "
                                                    "\"microsoft365\" (docs/trust.md)")
    servers = t.get("exchange_servers", list(EXCHANGE_SERVERS))
    if "exchange_servers" in t and provider != MICROSOFT365:
        raise ConfigError(v.file, "trust.exchange_servers", "seulement avec provider = \"microsoft365\" : supprimez-la")
    if not isinstance(servers, list) or not servers or not all(
            isinstance(p, str) and re.fullmatch(r"[A-Za-z0-9*][A-Za-z0-9.*-]*\.[A-Za-z0-9-]+", p) for p in servers):
        raise ConfigError(v.file, "trust.exchange_servers", 'listez les serveurs Exchange qui authentifient le '
                                                            'courrier '
                                                            'de la ville, par exemple ["*.outlook.com"]')
    domains = t.get("domains", sorted({b.address.rpartition("@")[2] for b in boxes}))
    if not isinstance(domains, list) or not all(isinstance(d, str) and re.fullmatch(r"[a-z0-9.-]+\.[a-z]+", d.lower())
                                                for d in domains):
        raise ConfigError(v.file, "trust.domains", 'listez les domaines de messagerie de la ville, par exemple '
                                                   '["ville-bethune.fr"]')
    subaddress = v.string(t, "subaddress", "trust", "")
    if subaddress not in ("", "+", "-", "_", "="):
        raise ConfigError(v.file, "trust.subaddress", f"{subaddress!r} : écrivez le séparateur que connaît le "
                                                      "serveur de messagerie, par exemple \"+\", ou \"\" pour "
                                                      "ne pas en utiliser")
    return TrustConfig(provider=provider, authserv_id=authserv_id, domains=frozenset(d.lower() for d in domains),
                       subaddress=subaddress, exchange_servers=tuple(p.lower() for p in servers),
                       automatic_senders=automatic_senders(v, t, boxes), inbound_relays=inbound_relays(v, t))


RELAYS_EXAMPLE = '["205.139.110.0/24"]'


def inbound_relays(v: Validator, t: dict) -> tuple[IPv4Network | IPv6Network, ...]:
    """[trust] inbound_relays: the networks (CIDR, or one address) of the third-party relays the town receives its
    mail through (a filtering gateway). Never the whole Internet, nor a block wider than a /8 (IPv4) or a /16 (IPv6):
    every sender's network would be none, and the per-network reading budget would do nothing."""
    written = t.get("inbound_relays", [])
    if not isinstance(written, list):
        raise ConfigError(v.file, "trust.inbound_relays", "une liste s'écrit entre crochets, même pour un seul "
                                                          f"réseau : par exemple inbound_relays = {RELAYS_EXAMPLE}")
    found: list[IPv4Network | IPv6Network] = []
    for entry in written:
        try:
            network = ip_network(entry.strip(), strict=False) if isinstance(entry, str) else None
        except ValueError:
            network = None
        if network is None:
            raise ConfigError(v.file, "trust.inbound_relays", f"{entry!r} n'est pas un réseau : écrivez chaque "
                                                              "réseau du relais en notation CIDR, par exemple "
                                                              f"{RELAYS_EXAMPLE} (docs/trust.md)")
        if network.prefixlen < (8 if network.version == 4 else 16):
            raise ConfigError(v.file, "trust.inbound_relays", f"{entry!r} est trop large (tout expéditeur y serait "
                                                              "celui du relais) : listez les réseaux que le relais "
                                                              f"annonce, par exemple {RELAYS_EXAMPLE} (docs/trust.md)")
        found.append(network)
    return tuple(found)


def automatic_senders(v: Validator, t: dict, boxes) -> frozenset[str]:
    """[trust] automatic_senders: the town's own addresses that send automatically (its site's forms, from contact@ or
    mairie@, the visitor's text in the body and their address in Reply-To): whole addresses, lower-case, each once,
    never a watched mailbox (staff write from it: their forwards would be nobody's, their mail a robot's)."""
    written = t.get("automatic_senders", [])
    if isinstance(written, str) and not whole_address_problem(written, "automatic_senders", ""):
        one = written.strip().lower()
        raise ConfigError(v.file, "trust.automatic_senders", "une liste s'écrit entre crochets, même pour une seule "
                                                             f"adresse : automatic_senders = [\"{one}\"]")
    if not isinstance(written, list) or not all(isinstance(a, str) for a in written):
        raise ConfigError(v.file, "trust.automatic_senders", "attendu : une liste des adresses d'où les formulaires "
                                                             "du site de la ville envoient leurs courriels, par "
                                                             f"exemple {AUTOMATIC_EXAMPLE}")
    watched = {b.address: b.name for b in boxes}
    found: list[str] = []
    for entry in written:
        problem = whole_address_problem(entry, "automatic_senders", AUTOMATIC_EXAMPLE)
        if problem:
            raise ConfigError(v.file, "trust.automatic_senders", problem)
        # in the one spelling a mail's From is read in (core/headers.py `normal_address`): « contact@ville-bethune.fr. »
        # (the root's dot) was kept as written and matched no mail, the form's mail read as a colleague's again
        address = normal_address(entry)
        if address in watched:
            raise ConfigError(v.file, "trust.automatic_senders",
                              f"{address} est l'adresse de la boîte surveillée {watched[address]} : le service écrit "
                              "et transfère depuis cette adresse, ses courriels ne sont pas ceux d'un robot ; "
                              "retirez-la de automatic_senders (n'y mettez que l'adresse d'expéditeur des "
                              "formulaires du site)")
        if address in found:
            raise ConfigError(v.file, "trust.automatic_senders", f"{address} est écrite deux fois : gardez-en une")
        found.append(address)
    return frozenset(found)


_EXCHANGE_HOSTS = (".office365.com", ".outlook.com")  # Microsoft 365's IMAP servers (outlook.office365.com...)


def limits(v: Validator, t: dict, max_message_bytes: int = 50_000_000) -> Limits:
    """[limits]; max_unpacked_bytes defaults to twice max_message_bytes; quarantine_bytes holds at least one message
    of max_message_bytes."""
    v.keys(t, _LIMITS, "limits")
    quarantine_bytes = v.integer(t, "quarantine_bytes", "limits", QUARANTINE_BYTES, 100_000, 100 * 10**12)
    if quarantine_bytes < max_message_bytes:
        raise ConfigError(v.file, "limits.quarantine_bytes",
                          f"{quarantine_bytes} est moins que max_message_bytes ({max_message_bytes}) : la quarantaine "
                          f"ne pourrait pas garder un message à cette limite ; mettez au moins quarantine_bytes = "
                          f"{max_message_bytes} (par défaut {QUARANTINE_BYTES}, soit 2 Gio)")
    stored = {key: _stored_budget(v, t, key, default, max_message_bytes)
              for key, default in (("bytes_per_sender_per_day", BYTES_PER_SENDER),
                                   ("bytes_per_domain_per_day", BYTES_PER_DOMAIN),
                                   ("unauthenticated_bytes_per_day", UNAUTHENTICATED_BYTES),
                                   ("bytes_per_authenticated_sender_per_day", AUTHENTICATED_BYTES),
                                   ("bytes_per_authenticated_domain_per_day", AUTHENTICATED_DOMAIN_BYTES))}
    return Limits(quarantine_bytes=quarantine_bytes, **stored,
                  max_parts=v.integer(t, "max_parts", "limits", 1000, 10, 100_000),
                  max_header_bytes=v.integer(t, "max_header_bytes", "limits", 1_000_000, 100_000, 100_000_000),
                  max_attachments=v.integer(t, "max_attachments", "limits", 150, 1, 100_000),
                  max_unpacked_bytes=v.integer(t, "max_unpacked_bytes", "limits",
                                               max(1_000_000, 2 * max_message_bytes), 1_000_000, 20_000_000_000),
                  read_seconds=v.integer(t, "read_seconds", "limits", 180, 5, 3600),
                  read_processes=v.integer(t, "read_processes", "limits", 0, 0, 64),
                  min_free_bytes=v.integer(t, "min_free_bytes", "limits", MIN_FREE_BYTES, 0, 10**15),
                  cases_per_sender_per_day=v.integer(t, "cases_per_sender_per_day", "limits", CASES_PER_SENDER, 1,
                                                     10_000),
                  cases_per_robot_per_day=v.integer(t, "cases_per_robot_per_day", "limits", CASES_PER_ROBOT, 1,
                                                    100_000),
                  cases_per_domain_per_day=v.integer(t, "cases_per_domain_per_day", "limits", CASES_PER_DOMAIN, 1,
                                                     1_000_000),
                  unauthenticated_cases_per_day=v.integer(t, "unauthenticated_cases_per_day", "limits",
                                                          UNAUTHENTICATED_CASES, 1, 10_000_000),
                  read_seconds_per_sender_per_day=v.integer(t, "read_seconds_per_sender_per_day", "limits",
                                                            READ_PER_SENDER, 0, 10**7),
                  read_seconds_per_domain_per_day=v.integer(t, "read_seconds_per_domain_per_day", "limits",
                                                            READ_PER_DOMAIN, 0, 10**7),
                  unauthenticated_read_seconds_per_day=v.integer(t, "unauthenticated_read_seconds_per_day", "limits",
                                                                 UNAUTHENTICATED_READ, 0, 10**8),
                  unauthenticated_read_seconds_per_network_per_day=v.integer(
                      t, "unauthenticated_read_seconds_per_network_per_day", "limits", NETWORK_READ, 0, 10**8),
                  shared_mail_domains=shared_mail_domains(v, t))


def _stored_budget(v: Validator, t: dict, key: str, default: int, max_message_bytes: int) -> int:
    """[limits] bytes_per_sender_per_day, bytes_per_domain_per_day, unauthenticated_bytes_per_day,
    bytes_per_authenticated_sender_per_day, bytes_per_authenticated_domain_per_day: at least one message of
    max_message_bytes (a real applicant's first message always passes: core/store_budget.py counts what was already
    added)."""
    value = v.integer(t, key, "limits", max(default, max_message_bytes), 1_000_000, 100 * 10**12)
    if value < max_message_bytes:
        raise ConfigError(v.file, f"limits.{key}",
                          f"{value} est moins que max_message_bytes ({max_message_bytes}) : un seul message de "
                          "candidature dépasserait ce qui peut être ajouté en 24 heures ; mettez au moins "
                          f"{key} = {max_message_bytes} (par défaut {default}, soit {french.size(default)})")
    return value


def shared_mail_domains(v: Validator, t: dict) -> frozenset[str]:
    """[limits] shared_mail_domains: the big mail providers' domains, whose addresses each count alone against
    cases_per_domain_per_day (core/sender_domain.py); written, it replaces the default list whole."""
    if "shared_mail_domains" not in t:
        return frozenset(SHARED_MAIL_DOMAINS)
    written = t["shared_mail_domains"]
    if isinstance(written, str):
        one = written.strip().lower()
        raise ConfigError(v.file, "limits.shared_mail_domains", "une liste s'écrit entre crochets, même pour un "
                                                               f"seul domaine : shared_mail_domains = [\"{one}\"]")
    if not isinstance(written, list) or not all(isinstance(d, str) for d in written):
        raise ConfigError(v.file, "limits.shared_mail_domains", "attendu : une liste de domaines de messagerie "
                                                               f"partagés par beaucoup de personnes, par exemple "
                                                               f"{SHARED_EXAMPLE}")
    found: list[str] = []
    for n, entry in enumerate(written, 1):
        domain = entry.strip().lower().strip(".")
        if domain.startswith("@") or domain.startswith("*."):
            domain = domain.lstrip("@*.")
            raise ConfigError(v.file, "limits.shared_mail_domains",
                              f"« {entry} » (n° {n} de la liste) : écrivez le domaine seul, sans @ ni *, par exemple "
                              f"\"{domain or 'orange.fr'}\" (il couvre aussi ses sous-domaines)")
        if not is_host_name(domain):
            raise ConfigError(v.file, "limits.shared_mail_domains",
                              f"« {entry} » (n° {n} de la liste) n'est pas un nom de domaine : écrivez ce qui suit @ "
                              "dans les adresses de ce fournisseur, sans http:// ni @ ni chemin, par exemple "
                              "\"orange.fr\" (il couvre aussi ses sous-domaines)")
        if domain in found:
            raise ConfigError(v.file, "limits.shared_mail_domains", f"{domain} est écrit deux fois : gardez-en un")
        found.append(domain)
    return frozenset(found)


def digest(v: Validator, t: dict) -> DigestSettings:
    v.keys(t, _DIGEST, "digest")
    at = v.string(t, "time", "digest", "08:30")
    found = hour_minute(at)
    if not found:
        raise ConfigError(v.file, "digest.time", f"{at!r} : écrivez l'heure ainsi : \"08:30\" (ou \"8h30\")")
    days = t.get("days", ["lundi", "mardi", "mercredi", "jeudi", "vendredi"])
    if not isinstance(days, list) or not days or not all(isinstance(d, str) and d.lower() in DAY_NAMES for d in days):
        written = days if isinstance(days, list) else []
        unknown = [d for d in written if isinstance(d, str) and d.lower() not in DAY_NAMES]
        which = f"« {unknown[0]} » n'est pas un jour : " if unknown else ""
        raise ConfigError(v.file, "digest.days", f'{which}listez des noms de jours en français, par exemple ["lundi", '
                                                 '"mardi", "mercredi"]')
    skip = t.get("skip_when_empty", False)
    if not isinstance(skip, bool):
        raise ConfigError(v.file, "digest.skip_when_empty", "écrivez true ou false, sans guillemets")
    return DigestSettings(recipients=v.list_of_emails(t, "recipients", "digest"),
                          at=time(*found),
                          days=frozenset(DAY_NAMES[d.lower()] for d in days), skip_when_empty=skip)
