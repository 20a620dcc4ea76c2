"""A day (and maybe a time) as a staff member types it in French: « 26/11/2026 », « 2026-11-26 », « 26.11.26 »,
« 26/11 », « 26 novembre », « le jeudi 1er décembre 2026 », « hier », « avant-hier », « aujourd'hui », each with
an optional time (« 14:30 », « 14 h 30 », « à 14h »). A date without a year is the latest such day not after
today (« 28 décembre » typed on 3 January is last year's).

Pure: `today` comes from the caller's clock. The caller checks the day (not in the future, a plausible year).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time, timedelta

_MONTHS = {"janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3, "avril": 4,
           "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "sep": 9,
           "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12}
_RELATIVE = {"aujourd'hui": 0, "aujourdhui": 0, "hier": 1, "avant-hier": 2, "avant hier": 2}
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_TIME = re.compile(r"(?:,?\s*(?:a|vers)?\s*)(\d{1,2})\s*(?:h|:)\s*(\d{2})?\s*$")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2}|\d{4}))?")
_WORDS = re.compile(r"(\d{1,2})(?:er)?\s+([a-z]+)\.?(?:\s+(\d{4}))?")


def _plain(text: str) -> str:
    """Lower case, without accents, one space between words, the typographic apostrophe made straight."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode().lower()
    return " ".join(text.split())


def read_day(text: str, today: date) -> tuple[date, time | None] | None:
    """The day `text` names, and its time if it gives one; None when it is not understood (or names no real day:
    « 31/02/2026 »)."""
    text = _plain(text)
    text = re.sub(rf"^(?:le\s+)?(?:{_WEEKDAY}\s+)?", "", text)
    text = re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})t", r"\1 ", text)  # 2026-11-20T14:30
    at: time | None = None
    clock = _TIME.search(text)
    if clock and clock.start() > 0:
        try:
            at = time(int(clock.group(1)), int(clock.group(2) or 0))
        except ValueError:
            return None
        text = text[:clock.start()].strip(" ,")
    if text in _RELATIVE:
        return today - timedelta(days=_RELATIVE[text]), at
    iso, numeric, words = _ISO.fullmatch(text), _NUMERIC.fullmatch(text), _WORDS.fullmatch(text)
    if iso:
        y, m, d = iso.group(1), int(iso.group(2)), int(iso.group(3))
    elif numeric:
        d, m, y = int(numeric.group(1)), int(numeric.group(2)), numeric.group(3)
    elif words and words.group(2) in _MONTHS:
        d, m, y = int(words.group(1)), _MONTHS[words.group(2)], words.group(3)
    else:
        return None
    try:
        if y is None:
            day = date(today.year, m, d)
            return (day if day <= today else date(today.year - 1, m, d)), at
        return date(int(y) + (2000 if len(y) == 2 else 0), m, d), at
    except ValueError:
        return None
