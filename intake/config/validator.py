"""Checks on the values of config.toml: each failure is a ConfigError naming the file, the key and the fix."""

from __future__ import annotations

import re

from intake.core.tomlcheck import did_you_mean
from intake.errors import ConfigError

DAY_NAMES = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
             "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Validator:
    def __init__(self, file: str):
        self.file = file

    def _key(self, where: str, key: str) -> str:
        return f"{where}.{key}" if where else key

    def keys(self, table: dict, allowed: set, where: str):
        for key in table:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f"allowed: {', '.join(sorted(allowed))}"
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
            raise ConfigError(self.file, self._key(where, key),
                              f"expected a whole number from {low} to {high}, got {value!r}")
        return value

    def list_of_emails(self, t: dict, key: str, where: str) -> tuple[str, ...]:
        value = t.get(key, [])
        if not isinstance(value, list) or not all(isinstance(a, str) and EMAIL.match(a.strip()) for a in value):
            raise ConfigError(self.file, self._key(where, key),
                              'expected a list of addresses, e.g. ["a@ville-bethune.fr"]')
        return tuple(a.strip().lower() for a in value)
