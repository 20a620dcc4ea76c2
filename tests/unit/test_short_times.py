"""The console's tables write a time the French way and compactly (core/french.py `short_date_time`):
« 2 déc. 9 h 05 », not « 02/12/2026 09:05 »."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from intake.core.french import NBSP, short_date_time

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(("when", "shown"), [
    (datetime(2026, 12, 2, 9, 5, tzinfo=PARIS), "2_déc. 9_h_05"),
    (datetime(2026, 7, 1, 14, 30, tzinfo=PARIS), "1er_juil. 14_h_30"),
    (datetime(2026, 3, 31, 0, 1, tzinfo=PARIS), "31_mars 0_h_01"),
    (datetime(2026, 2, 14, 23, 59, tzinfo=PARIS), "14_févr. 23_h_59"),
    (datetime(2025, 11, 28, 9, 5, tzinfo=PARIS), "28_nov._2025, 9_h_05"),  # another year: said, then the time
    (datetime(2026, 11, 20, 0, 0, tzinfo=PARIS), "20_nov."),  # received on paper: the day alone
    (datetime(2025, 9, 1, 0, 0, tzinfo=PARIS), "1er_sept._2025"),
])
def test_a_time_in_a_table_is_short_french_and_kept_together(when, shown):
    assert short_date_time(when, 2026).replace(NBSP, "_") == shown


def test_every_month_has_its_french_abbreviation():
    months = [short_date_time(datetime(2026, m, 10, 8, 0, tzinfo=PARIS), 2026).split(" ")[0].split(NBSP)[1]
              for m in range(1, 13)]
    assert months == ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
                      "déc."]
