"""Dates and lists written the French way, for what applicants and staff read."""

from __future__ import annotations

from datetime import date, datetime

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def long_date(day: date) -> str:
    """`date(2026, 11, 2)` -> `lundi 2 novembre 2026`."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{DAYS[day.weekday()]} {first} {MONTHS[day.month - 1]} {day.year}"


def date_time(when: datetime) -> str:
    """A local aware datetime -> `lundi 2 novembre 2026 à 09 h 05`."""
    return f"{long_date(when.date())} à {when.hour:02d} h {when.minute:02d}"


def size(n: int) -> str:
    if n < 1000:
        return f"{n} octets"
    if n < 1_000_000:
        return f"{n / 1000:.0f} Ko"
    return f"{n / 1_000_000:.1f} Mo".replace(".", ",")
