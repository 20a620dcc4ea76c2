"""Dates, counts and lists written the French way, for what applicants and staff read."""

from __future__ import annotations

import re
from datetime import date, datetime, time

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
# the abbreviations of the Imprimerie nationale's rules (« janv. », « juil. »); the short months are written whole
SHORT_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def long_date(day: date) -> str:
    """`date(2026, 11, 2)` -> `lundi 2 novembre 2026`."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{DAYS[day.weekday()]} {first} {MONTHS[day.month - 1]} {day.year}"


def date_time(when: datetime) -> str:
    """A local aware datetime -> `lundi 2 novembre 2026 à 9 h 05`.

    Exactly midnight (00:00:00.000000) is a day without a time: a letter received on paper is recorded at the
    start of its day, and `vendredi 20 novembre 2026` says what is known, not "à 00 h 00"."""
    if when.timetz().replace(tzinfo=None) == time(0, 0):
        return long_date(when.date())
    return f"{long_date(when.date())} à {clock(when)}"


def short_date_time(when: datetime, this_year: int) -> str:
    """A local datetime as a table shows it, compact: `2 déc. 9 h 05`, `1er juil. 14 h 30`; the year when it is not
    `this_year` (`28 nov. 2025, 9 h 05`); exactly midnight, the day alone (a letter received on paper: see
    `date_time`). No-break spaces keep the day with its month and the hour with its minutes (« 9 h » never ends a
    line); a narrow column may put the time under the day."""
    first = "1er" if when.day == 1 else str(when.day)
    day = f"{first}{NBSP}{SHORT_MONTHS[when.month - 1]}"
    if when.year != this_year:
        day += f"{NBSP}{when.year}"
    if when.timetz().replace(tzinfo=None) == time(0, 0):
        return day
    return f"{day}{',' if when.year != this_year else ''} {clock(when).replace(' ', NBSP)}"


def clock(when: datetime | time) -> str:
    """The time of day as French typography writes it: `9 h 05`, `14 h 30`, `0 h 00` (no leading zero on the hour)."""
    return f"{when.hour} h {when.minute:02d}"


def agree(n: int, singular: str, plural: str = "") -> str:
    """The words that go with `n`: `agree(2, "nouveau dossier", "nouveaux dossiers")` -> `nouveaux dossiers`; 0 and
    1 take the singular. Templates call it `accord` (templates/_variables.txt)."""
    return singular if abs(n) < 2 else (plural or singular + "s")


def count(n: int, singular: str, plural: str = "") -> str:
    """`count(1, "dossier")` -> `1 dossier`, `count(3, "dossier")` -> `3 dossiers`; in French 0 and 1 take the
    singular. `plural` when it is not the singular plus "s" (`count(2, "nouveau", "nouveaux")`)."""
    return f"{n} {agree(n, singular, plural)}"


def count_or_none(n: int, singular: str, plural: str = "", none: str = "Aucun") -> str:
    """`count` said as a sentence starts: `Aucun dossier` for 0 (never `0 dossier`), `1 dossier`, `3 dossiers`;
    `none="Aucune"` for a feminine noun."""
    return f"{none} {singular}" if n == 0 else count(n, singular, plural)


def size(n: int) -> str:
    if n < 1000:
        return count(n, "octet")
    if n < 1_000_000:
        return f"{n / 1000:.0f} Ko"
    if n < 1_000_000_000:
        return f"{n / 1_000_000:.1f} Mo".replace(".", ",")
    return f"{n / 1_000_000_000:.2f} Go".replace(".", ",")  # 1,99 Go of 2,00 Go: a budget nearly spent shows


NBSP = "\u00a0"  # the no-break space: « 14 h 05 », « 30 novembre 2026 », « 12 Ko », « 03 21 63 00 00 »
_MONTH = "|".join(MONTHS)
_TOGETHER = (  # what a line must not split, each space in it made a no-break one
    re.compile(r"\b\d{1,2} h(?: \d{2})?\b"),  # a time: « 9 h », « 14 h 05 »
    re.compile(rf"\b(?:\d{{1,2}}|1er) (?:{_MONTH})(?: \d{{4}})?\b"),  # a date: « 1er mai », « 30 novembre 2026 »
    # an amount, a size: « 1 500 € », « 12,5 Mo », « 3 octets » (thousands in groups of three)
    re.compile(r"\b\d{1,3}(?: \d{3})*(?:,\d+)? (?:€|euros?|Ko|Mo|Go|octets?|%)(?!\w)"),
    # a telephone number: « 03 21 63 00 00 », « +33 3 21 63 00 00 », « +33 (0)3 21 63 00 00 »
    re.compile(r"(?<![\w+])(?:0\d|\+\d{1,3} (?:\(0\))?\d)(?: \d{2}){4}(?!\w)"),
)


def unbreakable(text: str) -> str:
    """`text` with the spaces inside a time, a date, an amount or a size and a telephone number made no-break
    spaces, so that a narrow screen never puts « 14 h » at the end of a line and « 05 » on the next: what the
    HTML mails show (adapters/templates.py applies it to every value an HTML template prints). Other spaces stay."""
    for pattern in _TOGETHER:
        text = pattern.sub(lambda m: m.group(0).replace(" ", NBSP), text)
    return text
