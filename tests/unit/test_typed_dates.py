"""Dates as staff type them (core/typed_dates.py): the numbers, the French words, « hier »; a day that does not
exist, or words that name no day, are not understood (the caller says how to write it)."""

from datetime import date, time

import pytest

from intake.core.typed_dates import read_day

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("typed", "day", "at"), [
    ("26/11/2026", date(2026, 11, 26), None),
    ("2026-11-26", date(2026, 11, 26), None),
    ("26.11.2026", date(2026, 11, 26), None),
    ("26-11-2026", date(2026, 11, 26), None),
    ("26/11/26", date(2026, 11, 26), None),
    ("26/11", date(2026, 11, 26), None),
    ("26 novembre", date(2026, 11, 26), None),
    ("26 Novembre 2026", date(2026, 11, 26), None),
    ("26 nov.", date(2026, 11, 26), None),
    ("le jeudi 26 novembre 2026 à 9 h", date(2026, 11, 26), time(9, 0)),
    ("1er décembre", date(2026, 12, 1), None),
    ("28 décembre", date(2025, 12, 28), None),  # no year: the latest such day, not a future one
    ("20 fevrier", date(2026, 2, 20), None),
    ("hier", date(2026, 11, 30), None),
    ("Hier 14h30", date(2026, 11, 30), time(14, 30)),
    ("avant-hier", date(2026, 11, 29), None),
    ("aujourd’hui", date(2026, 12, 1), None),
    ("20/11/2026 14:30", date(2026, 11, 20), time(14, 30)),
    ("20/11/2026 14 h 30", date(2026, 11, 20), time(14, 30)),
    ("2026-11-20T14:30", date(2026, 11, 20), time(14, 30)),
])
def test_what_staff_type_is_read(typed, day, at):
    assert read_day(typed, TODAY) == (day, at)


@pytest.mark.parametrize("typed", ["31/02/2026", "lundi", "la semaine dernière", "", "2026-13-01", "25:00",
                                   "hier 25h", "26 brumaire"])
def test_what_names_no_day_is_not_understood(typed):
    assert read_day(typed, TODAY) is None
