"""Checks on the values of config.toml: each failure is a ConfigError naming the file, the key and the fix."""

from __future__ import annotations

import re

from intake.core.tomlcheck import did_you_mean
from intake.errors import ConfigError

DAY_NAMES = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
             "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def item(table: str, index: int) -> str:
    """The key of the `index`-th (from 0) entry of an array of tables, as the admin counts: `item("mailboxes", 1)` ->
    `mailboxes[2]`, the second [[mailboxes]] of the file."""
    return f"{table}[{index + 1}]"


class Validator:
    def __init__(self, file: str, top: frozenset[str] = frozenset()):
        self.file = file
        self.top = top  # the keys of the file's top, before any [table]: one found in a table was put too low

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
            raise ConfigError(self.file, self._key(where, key),
                              f"attendu : un texte entre guillemets, trouvé {value!r}")
        if default is None and not value.strip():
            raise ConfigError(self.file, self._key(where, key), "ne doit pas être vide")
        return value.strip()

    def integer(self, t: dict, key: str, where: str, default: int, low: int, high: int) -> int:
        value = t.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(self.file, self._key(where, key),
                              f"attendu : un nombre entier de {low} à {high}, trouvé {value!r}")
        return value

    def list_of_emails(self, t: dict, key: str, where: str) -> tuple[str, ...]:
        value = t.get(key, [])
        if not isinstance(value, list) or not all(isinstance(a, str) and EMAIL.match(a.strip()) for a in value):
            wrong = next((a for a in value if not (isinstance(a, str) and EMAIL.match(a.strip()))), None) \
                if isinstance(value, list) else None
            which = (f"« {wrong} » n'est pas une adresse de courriel complète (nom@domaine.fr) ; "
                     if isinstance(wrong, str) else "")  # the list was right but for that one entry
            raise ConfigError(self.file, self._key(where, key),
                              which + 'attendu : une liste d\'adresses, par exemple ["a@ville-bethune.fr"]')
        return tuple(a.strip().lower() for a in value)
