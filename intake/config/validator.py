"""Checks on the values of config.toml: each failure is a ConfigError naming the file, the key and the fix."""

from __future__ import annotations

import difflib
import re
from datetime import date, time

from intake.core.tomlcheck import as_written as written
from intake.core.tomlcheck import did_you_mean
from intake.errors import ConfigError

DAY_NAMES = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
             "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


REPEATED_TABLES = {"mailboxes": "boîte aux lettres", "staff": "personne"}  # config.toml's arrays of tables
ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")


def env_name_problem(name: str, example: str, secret: str = "le mot de passe") -> str:
    """Why `name`, given as the NAME of an environment variable holding a secret, is not one ("" if it is). Such names
    are written in capitals (INTAKE_SMTP_PASSWORD, as README and config.example.toml do): anything else is most
    likely the secret itself, which then must not be shown back (rules check prints its warnings on a terminal)."""
    if ENV_NAME.fullmatch(name):
        return ""
    return (f"donnez le NOM d'une variable d'environnement, en majuscules, chiffres et _ (par exemple \"{example}\"), "
            f"pas {secret} : {secret} s'écrit dans le fichier des mots de passe que lit le service "
            f"(/etc/intake/secrets.env selon le README), sous ce nom : {example}=...")


def named_address(entry: str) -> str:
    """The address in « Nicolas Bataillon <n.bataillon@ville-bethune.fr> », as a mail program copies it; "" if none."""
    named = re.fullmatch(r"[^<>]*<\s*([^<>\s]+@[^<>\s]+)\s*>\s*", entry)
    return named.group(1).lower() if named and EMAIL.match(named.group(1)) else ""


def whole_address_problem(entry: str, key: str, example: str, line: str = "") -> str:
    """Why `entry` of a list of whole addresses (aliases, automatic_senders) is not one, with the line to write ("" if
    it is one): an address copied from a mail program with its name (« Formulaire <contact@...> »), two addresses in
    one pair of quotes, a domain or a pattern."""
    address = entry.strip().lower()
    if EMAIL.match(address) and not any(c in address for c in "*?<>,;\""):
        return ""
    if named_address(entry):
        return (f"« {entry.strip()} » : écrivez l'adresse seule, sans le nom ni les chevrons < >, "
                f"{line}\"{named_address(entry)}\"")
    several = [a.strip() for a in re.split(r"[,;\s]+", entry) if a.strip()]
    if len(several) > 1 and all(EMAIL.match(a) for a in several):
        return (f"« {entry.strip()} » : chaque adresse s'écrit entre ses propres guillemets, séparée de la suivante "
                f"par une virgule : {key} = [" + ", ".join(f'"{a.lower()}"' for a in several) + "]")
    return f"« {entry.strip()} » n'est pas une adresse électronique entière (sans * ni nom) : par exemple {example}"


def item(table: str, index: int) -> str:
    """The key of the `index`-th (from 0) entry of an array of tables, as the admin counts: `item("mailboxes", 1)` ->
    `mailboxes[2]`, the second [[mailboxes]] of the file."""
    return f"{table}[{index + 1}]"


class Validator:
    def __init__(self, file: str, top: frozenset[str] = frozenset(), homes: dict[str, str] | None = None):
        self.file = file
        self.top = top  # the keys of the file's top, before any [table]: one found in a table was put too low
        self.homes = homes or {}  # the one section each other key belongs to: automatic_senders -> [trust]

    def _key(self, where: str, key: str) -> str:
        return f"{where}.{key}" if where else key

    def keys(self, table: dict, allowed: set, where: str):
        for key in table:
            if key not in allowed:
                if where and key in self.top and not isinstance(table[key], dict | list):
                    raise ConfigError(self.file, self._key(where, key),
                                      f"{key} se place en haut du fichier, avant le premier en-tête [...] : sous "
                                      f"[{where.split('[')[0]}], elle est lue comme une clé de cette table ; "
                                      "déplacez la ligne vers le haut")
                home = self.homes.get(key)
                if home and home.strip("[]") != where.split("[")[0] and not isinstance(table[key], dict):
                    # written under another header, or above them all
                    here = f"sous [{where.split('[')[0]}]" if where else "en haut du fichier"
                    raise ConfigError(self.file, self._key(where, key),
                                      f"{key} se place sous l'en-tête {home}, pas {here} : déplacez la ligne sous "
                                      f"{home} (ajoutez cet en-tête s'il n'y est pas)")
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                if not where and close and isinstance(table[key], dict | list):  # [mailbox] for [[mailboxes]]
                    each = REPEATED_TABLES.get(close[0])
                    raise ConfigError(self.file, key, f"en-tête inconnu : écrivez [[{close[0]}]], avec deux crochets "
                                                      f"de chaque côté, une fois par {each}" if each
                                      else f"en-tête inconnu : écrivez [{close[0]}]")
                hint = did_you_mean(key, allowed) or f"clés permises : {', '.join(sorted(allowed))}"
                raise ConfigError(self.file, self._key(where, key), f"clé inconnue : {hint}")

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise ConfigError(self.file, key, f"doit être une table : écrivez [{key}] seul sur sa ligne")
        return value

    def string(self, t: dict, key: str, where: str, default: str | None = None) -> str:
        value = t.get(key, default)
        if value is None:
            raise ConfigError(self.file, self._key(where, key), "manquant : cette clé est obligatoire")
        if not isinstance(value, str):
            if isinstance(value, time | date):  # time = 08:30:00: TOML's own time, not the text intake reads
                raise ConfigError(self.file, self._key(where, key),
                                  f"{written(value)} : écrivez-la entre guillemets, {key} = \"{_as_text(value)}\"")
            raise ConfigError(self.file, self._key(where, key),
                              f"attendu : un texte entre guillemets, trouvé {written(value)}")
        if default is None and not value.strip():
            raise ConfigError(self.file, self._key(where, key), "ne doit pas être vide")
        return value.strip()

    def integer(self, t: dict, key: str, where: str, default: int, low: int, high: int) -> int:
        value = t.get(key, default)
        if isinstance(value, str) and value.strip().isdigit() and low <= int(value) <= high:
            raise ConfigError(self.file, self._key(where, key),
                              f"{written(value)} : un nombre s'écrit sans guillemets, {key} = {int(value)}")
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(self.file, self._key(where, key),
                              f"attendu : un nombre entier de {low} à {high}, trouvé {written(value)}")
        return value

    def list_of_emails(self, t: dict, key: str, where: str) -> tuple[str, ...]:
        value = t.get(key, [])
        if isinstance(value, str) and EMAIL.match(value.strip()):
            one = value.strip().lower()
            raise ConfigError(self.file, self._key(where, key), "une liste s'écrit entre crochets, même pour une "
                                                                f"seule adresse : {key} = [\"{one}\"]")
        if not isinstance(value, list) or not all(isinstance(a, str) and EMAIL.match(a.strip()) for a in value):
            wrong = next((a for a in value if not (isinstance(a, str) and EMAIL.match(a.strip()))), None) \
                if isinstance(value, list) else None
            if isinstance(wrong, str) and (named_address(wrong) or "@" in wrong.replace("@", "", 1)):
                raise ConfigError(self.file, self._key(where, key),
                                  whole_address_problem(wrong, key, '["a@ville-bethune.fr"]'))
            which = (f"« {wrong} » n'est pas une adresse de courriel complète (nom@domaine.fr) ; "
                     if isinstance(wrong, str) else "")  # the list was right but for that one entry
            raise ConfigError(self.file, self._key(where, key),
                              which + 'attendu : une liste d\'adresses, par exemple ["a@ville-bethune.fr"]')
        return tuple(a.strip().lower() for a in value)


def _as_text(value: time | date) -> str:
    """A TOML time or date as the text a key expects: 08:30:00 -> 08:30 (the config's hours are written HH:MM)."""
    if isinstance(value, time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    return value.isoformat()
