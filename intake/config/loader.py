"""config.toml -> validated `Settings`. The only reader of the config file.

Every problem raises ConfigError naming the file, the key and the fix. The mailboxes and servers are
read here; the other tables by intake/config/sections.py.
"""

from __future__ import annotations

import os
import re
import ssl
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from intake.adapters import textfile
from intake.adapters.failures import admin_file_fix
from intake.config import secrets, sections
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
from intake.config.validator import EMAIL, Validator, env_name_problem, item, named_address, whole_address_problem
from intake.core.tomlcheck import iso_date, toml_problem
from intake.errors import ConfigError

_TOP = {
    "data_dir", "database_url", "timezone", "rules_dir", "templates_dir", "reference_prefix", "system_id",
    "max_message_bytes", "mailboxes", "smtp", "outbox_dir", "service", "schedule", "digest", "web", "token_key_env",
    "privacy", "database_password_env", "trust", "limits", "staff", "acknowledge_within_hours",
}
_SERVER = {"host", "port", "security", "username", "password_env", "ca_file", "timeout"} | AUTH_KEYS
_MAILBOX = _SERVER | {"name", "address", "folder", "folders", "since", "path", "idle", "sent_folder", "aliases"}
_FOLDER_MAILBOX = {"name", "address", "since", "path", "sent_folder", "aliases"}  # a mailbox that is a folder of files
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
            if server.oauth.needs_login and not secrets.value(settings.token_key_env):
                raise ConfigError(settings.file, "token_key_env",
                                  f"la variable d'environnement {settings.token_key_env} n'est pas définie : elle "
                                  "contient la clé du coffre des jetons OAuth2 (voir docs/oauth2.md)")
    settings.database_password()


def load(path: str | os.PathLike) -> Settings:
    path = Path(path)
    if not path.is_file():
        # a relative name is looked for in the current folder: say which, since a command typed from / or from
        # a home folder without INTAKE_CONFIG looks there (README, Installing: the installed one is in /etc/intake)
        where = "" if path.is_absolute() else f" dans le dossier courant ({Path.cwd()})"
        raise ConfigError(str(path), "", f"fichier introuvable{where} : donnez le fichier de configuration avec "
                                         "--config ou la variable INTAKE_CONFIG (celui du service installé : "
                                         "/etc/intake/config.toml) ; pour une nouvelle installation, copiez "
                                         "config.example.toml en config.toml")
    try:
        text, _line, problem = textfile.read(path)
    except PermissionError as exc:
        raise ConfigError(str(path), "", f"accès refusé : {admin_file_fix(path)}") from exc
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
    """The line of a key as errors name it (`mailboxes[2].since`: the second [[mailboxes]]'s since, counted as the
    admin counts, from 1), to point the admin at it; None when it cannot be found (a key that is missing)."""
    from intake.core.tomlcheck import Locator

    path: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)(?:\[(\d+)\])?", key):
        path.append(name)
        if index:
            path.append(int(index) - 1)  # errors count from 1 (validator.item), the file's list from 0
    if not path:
        return None
    line = Locator("", text).line_of(path)
    if line is None or not 0 < line <= len(text.splitlines()):
        return None
    written = text.splitlines()[line - 1]
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    return line if last in written else None  # the key itself, not only its table


def _homes() -> dict[str, str]:
    """The section each key belongs to, for the keys that belong to one only (`automatic_senders`: [trust])."""
    tables = {**sections.SECTION_KEYS, "[service]": _SERVICE, "[schedule]": _SCHEDULE, "[[mailboxes]]": _MAILBOX,
              "[smtp]": _SERVER}
    owners: dict[str, list[str]] = {}
    for header, keys in tables.items():
        for key in keys:
            owners.setdefault(key, []).append(header)
    return {key: headers[0] for key, headers in owners.items() if len(headers) == 1 and key not in _TOP}


def parse(data: dict, file: str, base: Path) -> Settings:
    v = Validator(file, frozenset(_TOP), _homes())
    v.keys(data, _TOP, "")
    tz_name = v.string(data, "timezone", "", "Europe/Paris")
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(file, "timezone",
                          f"fuseau horaire {tz_name!r} inconnu : écrivez par exemple \"Europe/Paris\"") from None
    data_dir = base / v.string(data, "data_dir", "", "data")
    mailboxes = data.get("mailboxes")
    if not isinstance(mailboxes, list) or not mailboxes:
        raise ConfigError(file, "mailboxes", "déclarez au moins une boîte aux lettres, dans une table [[mailboxes]]")
    boxes = tuple(_mailbox(v, m, item("mailboxes", i), tz, base) for i, m in enumerate(mailboxes))
    names = [b.name for b in boxes]
    if len(set(names)) != len(names):
        raise ConfigError(file, "mailboxes", f"deux boîtes portent le même nom (name) : {', '.join(names)} ; donnez à "
                                             "chacune "
                                             "un nom différent")
    # A [[mailboxes]] block copied from the first, its name changed and not its address: two server mailboxes
    # answering as one (an import folder, `path`, may well hold an IMAP mailbox's old mail under its address).
    watched: dict[str, str] = {}
    for i, b in enumerate(boxes):
        if b.server is not None and b.address.lower() in watched:
            raise ConfigError(file, f"{item('mailboxes', i)}.address",
                              f"{b.address} est déjà l'adresse de la boîte {watched[b.address.lower()]} : chaque "
                              "[[mailboxes]] d'un serveur surveille sa propre adresse (bloc copié d'une autre boîte ?) "
                              "; écrivez celle de cette boîte, et son username")
        if b.server is not None:
            watched[b.address.lower()] = b.name
    smtp = None
    if "smtp" in data:
        smtp = _server(v, v.table(data, "smtp"), "smtp", base, default_port=587, kind="smtp")
    if smtp is not None and smtp.oauth is not None and smtp.oauth.needs_login and "smtp" in names:
        raise ConfigError(file, "mailboxes", "une boîte nommée \"smtp\" partagerait son jeton OAuth2 avec [smtp] "
                                             "(intake auth login smtp) : renommez la boîte")
    outbox_dir = v.string(data, "outbox_dir", "", "")
    if smtp is None and not outbox_dir:
        raise ConfigError(file, "smtp", "pas de table [smtp] : déclarez le serveur qui envoie les accusés de réception")
    if "service" not in data:  # the table left out was « service.email: manquant (ligne 1) », the wrong line
        raise ConfigError(file, "service", "pas de table [service] : déclarez le service que nomme chaque accusé de "
                                           "réception (name, address, email, phone ; hours et website facultatifs), "
                                           "comme dans config.example.toml")
    service_t = v.table(data, "service")
    v.keys(service_t, _SERVICE, "service")
    service = Service(**{k: v.string(service_t, k, "service", "" if k in ("hours", "website") else None)
                         for k in _SERVICE})
    # every applicant's mail and receipt shows it, as text and as a mailto: link: never a name with it, nor a typo
    if whole_address_problem(service.email, "email", ""):
        raise ConfigError(file, "service.email", whole_address_problem(
            service.email, "email", "\"smartcity@ville-bethune.fr\" (l'adresse que les demandeurs peuvent écrire)",
            "email = "))
    if service.website and not re.match(r"https?://[^\s/]+\.[^\s]+$", service.website.strip()):
        # the HTML part links it: « www.ville-bethune.fr » alone is a link to nowhere in a mail program
        bare = re.sub(r"^[a-z]*:?/*", "", service.website.strip()) if "://" in service.website else \
            service.website.strip()
        raise ConfigError(file, "service.website", f"« {service.website} » : écrivez l'adresse entière du site, "
                                                   f"avec https://, website = \"https://{bare}\" (ou website = \"\" "
                                                   "pour ne pas en donner)")
    schedule_t = v.table(data, "schedule")
    v.keys(schedule_t, _SCHEDULE, "schedule")
    digest = sections.digest(v, v.table(data, "digest"))
    prefix = v.string(data, "reference_prefix", "", "BSC")
    if not re.fullmatch(r"[A-Z]{2,8}", prefix):
        raise ConfigError(file, "reference_prefix", f"{prefix!r} : écrivez de 2 à 8 lettres majuscules, par exemple "
                                                    "\"BSC\"")
    data_url, password_env = sections.database(v, data, data_dir)
    _own_variables(v, boxes, smtp, password_env)
    max_message_bytes = v.integer(data, "max_message_bytes", "", 50_000_000, 100_000, 2_000_000_000)
    trust = sections.trust(v, v.table(data, "trust"), boxes)
    _town_aliases(v, boxes, trust.domains)
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
        trust=trust,
        limits=sections.limits(v, v.table(data, "limits"), max_message_bytes),
        staff=sections.staff(v, data.get("staff", [])),
    )


ALIASES_EXAMPLE = '["smartcity@ville-bethune.fr"]'


def _aliases(v: Validator, t: dict, where: str, address: str) -> tuple[str, ...]:
    """A mailbox's `aliases`: whole addresses, each once, not the mailbox's own (README, « Sécurité »)."""
    written = t.get("aliases", [])
    if isinstance(written, str) and not whole_address_problem(written, "aliases", ""):
        one = written.strip().lower()
        raise ConfigError(v.file, f"{where}.aliases", "une liste s'écrit entre crochets, même pour une seule adresse : "
                                                      f"aliases = [\"{one}\"]")
    if not isinstance(written, list) or not all(isinstance(a, str) for a in written):
        raise ConfigError(v.file, f"{where}.aliases", "attendu : une liste d'adresses de la ville que le serveur de "
                                                      "messagerie remet dans cette boîte, par exemple "
                                                      f"{ALIASES_EXAMPLE}")
    found: list[str] = []
    for entry in written:
        problem = whole_address_problem(entry, "aliases", ALIASES_EXAMPLE)
        if problem:
            raise ConfigError(v.file, f"{where}.aliases", problem)
        alias = entry.strip().lower()
        if alias == address:
            raise ConfigError(v.file, f"{where}.aliases", f"{alias} est l'adresse de la boîte elle-même : retirez-la "
                                                          "de aliases")
        if alias in found:
            raise ConfigError(v.file, f"{where}.aliases", f"{alias} est écrite deux fois : gardez-en une")
        found.append(alias)
    return tuple(found)


def _town_aliases(v: Validator, boxes: tuple[Mailbox, ...], domains: frozenset[str]) -> None:
    """An alias is one of the town's addresses, and not another watched mailbox. An address elsewhere (a personal
    Gmail, a partner's list) would make a colleague's mail written to it count as written to the service: its
    recipient could send it back byte for byte, its DKIM signature still valid, and be believed as a staff forward."""
    addresses = {b.address: b.name for b in boxes}
    for i, box in enumerate(boxes):
        for alias in box.aliases:
            if alias in addresses:
                raise ConfigError(v.file, f"{item('mailboxes', i)}.aliases",
                                  f"{alias} est l'adresse de la boîte {addresses[alias]}, déjà surveillée : retirez-la "
                                  "de aliases")
            if alias.rpartition("@")[2] not in domains:
                raise ConfigError(v.file, f"{item('mailboxes', i)}.aliases",
                                  f"{alias} n'est pas d'un domaine de la ville ({', '.join(sorted(domains))} ; [trust] "
                                  "domains) : un alias est une adresse de la ville que son serveur remet dans cette "
                                  "boîte ; une adresse d'ailleurs ferait tenir pour écrit au service le courriel d'un "
                                  "agent envoyé à l'extérieur, que son destinataire pourrait renvoyer tel quel")


def _own_variables(v: Validator, boxes: tuple[Mailbox, ...], smtp: Server | None, database_env: str) -> None:
    """The database's password is not a mailbox's: one variable named for both is a copy slip (the mailbox
    would log in with the database's password, or the other way round)."""
    if not database_env:
        return
    servers = [(item("mailboxes", i), b.server) for i, b in enumerate(boxes)] + [("smtp", smtp)]
    for where, server in servers:
        if server is not None and server.password_env == database_env:
            raise ConfigError(v.file, f"{where}.password_env",
                              f"{database_env} est aussi database_password_env : le mot de passe de la messagerie et "
                              "celui de la base de données sont deux secrets différents : donnez à chacun sa variable "
                              "(par exemple INTAKE_DBERTELOOT_PASSWORD pour la boîte, INTAKE_POSTGRES_PASSWORD pour la "
                              "base)")


def _env_name(v: Validator, t: dict, key: str, where: str, default: str) -> str:
    name = v.string(t, key, where, default)
    problem = env_name_problem(name, default, "sa valeur")
    if problem:
        raise ConfigError(v.file, v._key(where, key), problem)
    return name


def _host(v: Validator, t: dict, where: str) -> None:
    """The server's name alone: « imaps://imap.ville-bethune.fr » or « imap.ville-bethune.fr:993 », as a mail
    program shows it, was looked up whole in the DNS and said « introuvable » at every poll."""
    host = t.get("host")
    if not isinstance(host, str):
        return  # said by v.string, with the rest
    bare = re.sub(r"^[a-z]+://", "", host.strip(), flags=re.IGNORECASE).rstrip("/")
    name, _, port = bare.rpartition(":") if re.fullmatch(r"[^:]+:\d+", bare) else (bare, "", "")
    if bare != host or port or any(c.isspace() or c in "/@" for c in host):
        fix = f'host = "{name}"' + (f", et le port à part : port = {port}" if port else "")
        raise ConfigError(v.file, f"{where}.host", f"{host!r} : écrivez le nom du serveur seul, sans « imaps:// », "
                                                   f"« :port » ni espace : {fix}")


def _certificate(v: Validator, key: str, ca_file: str) -> None:
    """ca_file is read when a connection is made: a file that is no certificate (a key, a DER .cer, the wrong
    file) or that the service may not read is said now, as config.toml's, not as a TLS failure of each poll."""
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=ca_file)
    except PermissionError:
        raise ConfigError(v.file, key, f"fichier {ca_file} illisible (Permission denied) : "
                                       + admin_file_fix(Path(ca_file))) from None
    except (ssl.SSLError, ValueError, UnicodeError):
        raise ConfigError(v.file, key, f"{ca_file} n'est pas un certificat au format PEM (un texte qui commence par "
                                       "-----BEGIN CERTIFICATE-----) : donnez le certificat de l'autorité qui a signé "
                                       "celui du serveur (ni une clé, ni un autre fichier) ; un certificat .cer ou "
                                       ".der se convertit avec openssl x509 -inform der -in FICHIER.cer -out "
                                       "FICHIER.pem") from None


def _server(v: Validator, t: dict, where: str, base: Path, default_port: int, allowed=_SERVER,
            kind: str = "imap") -> Server:
    v.keys(t, allowed, where)
    t = {**server_defaults(v, t, where, kind), **t}
    auth, oauth = parse_auth(v, t, where)
    security = v.string(t, "security", where, "tls")
    if security not in SECURITY:
        # « ssl » and « SSL/TLS » are what mail programs call tls; « STARTTLS » is starttls in capitals.
        said = {"ssl": "tls", "ssl/tls": "tls", "tls/ssl": "tls", "imaps": "tls", "smtps": "tls"}.get(
            security.lower(), security.lower() if security.lower() in SECURITY else None)
        hint = f" ; écrivez security = \"{said}\" (en minuscules)" if said else ""
        raise ConfigError(v.file, f"{where}.security",
                          f"{security!r} : choisissez parmi {', '.join(SECURITY)}{hint}")
    if security == "none" and not is_loopback(v.string(t, "host", where)):
        raise ConfigError(v.file, f"{where}.security", "\"none\" enverrait le mot de passe et le courrier en clair "
                                                       "sur le réseau : écrivez \"tls\" ou \"starttls\" (\"none\" "
                                                       "n'est permis que pour un serveur sur cette machine, "
                                                       "127.0.0.1)")
    _host(v, t, where)
    written = v.string(t, "ca_file", where, "")
    ca_file = str(base / written) if written else ""  # relative to config.toml's folder, as every path there
    if ca_file and not Path(ca_file).is_file():
        raise ConfigError(v.file, f"{where}.ca_file", f"fichier {ca_file} introuvable : donnez le chemin complet du "
                                                      "certificat")
    if ca_file:
        _certificate(v, f"{where}.ca_file", ca_file)
    password_env = v.string(t, "password_env", where, "")
    problem = password_env and env_name_problem(password_env, "INTAKE_SMTP_PASSWORD" if kind == "smtp"
                                                else "INTAKE_NBATAILLON_PASSWORD")
    if problem:
        raise ConfigError(v.file, f"{where}.password_env", problem)
    if oauth is not None and kind == "smtp" and not t.get("username"):
        raise ConfigError(v.file, f"{where}.username", "manquant : le compte auquel le jeton OAuth2 est "
                                                        "destiné (par exemple \"intake@ville-bethune.fr\")")
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
        raise ConfigError(v.file, where, "chaque boîte doit être une table [[mailboxes]]")
    path = v.string(t, "path", where, "")
    if path:
        for key in t:  # keys of a server mailbox, left when `path` replaced its server (config.example.toml)
            if key in _MAILBOX - _FOLDER_MAILBOX:
                raise ConfigError(v.file, f"{where}.{key}", "sert pour un serveur de messagerie ; avec path (un "
                                                            "dossier de fichiers), supprimez cette clé")
        v.keys(t, _FOLDER_MAILBOX, where)
        server = None
    else:
        server = _server(v, t, where, base, default_port=993, allowed=_MAILBOX)
    address = v.string(t, "address", where).lower()
    if named_address(address):
        raise ConfigError(v.file, f"{where}.address", whole_address_problem(v.string(t, "address", where), "address",
                                                                            "", "address = "))
    if not EMAIL.match(address):
        raise ConfigError(v.file, f"{where}.address", f"{address!r} n'est pas une adresse électronique")
    since = t.get("since")
    if isinstance(since, datetime):
        since = since if since.tzinfo else since.replace(tzinfo=tz)
    elif isinstance(since, date):
        since = datetime.combine(since, time(0, 0), tz)
    elif isinstance(since, str) and iso_date(since):  # since = "30/11/2026": the date, written as a text
        raise ConfigError(v.file, f"{where}.since", f"\"{since}\" : une date s'écrit AAAA-MM-JJ (année-mois-jour), "
                                                    f"sans guillemets : since = {iso_date(since)}")
    else:
        raise ConfigError(v.file, f"{where}.since",
                          "donnez la date à partir de laquelle le courrier est traité, AAAA-MM-JJ sans "
                          "guillemets, par exemple since = 2026-11-01")
    name = v.string(t, "name", where)
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise ConfigError(v.file, f"{where}.name", f"{name!r} : n'employez que des lettres sans accent, des chiffres, "
                                                 "'.', '-' ou '_'")
    if "folder" in t and "folders" in t:
        raise ConfigError(v.file, f"{where}.folders", "donnez folder ou folders, pas les deux")
    folders = t.get("folders", [v.string(t, "folder", where, "INBOX")])
    if not isinstance(folders, list) or not folders or not all(isinstance(f, str) and f.strip() for f in folders):
        raise ConfigError(v.file, f"{where}.folders", 'attendu : une liste de noms de dossiers, par exemple ["INBOX", '
                                                      '"Candidatures"]')
    folders = tuple(dict.fromkeys(f.strip() for f in folders))
    idle = t.get("idle", True)
    if not isinstance(idle, bool):
        raise ConfigError(v.file, f"{where}.idle", "écrivez true ou false, sans guillemets")
    sent = v.string(t, "sent_folder", where, "")
    return Mailbox(name=name, address=address, server=server, folder=folders[0], folders=folders,
                   since=since, path=str(base / path) if path else "", idle=idle,
                   aliases=_aliases(v, t, where, address),
                   sent_folder=str(base / sent) if sent and path else sent)
