"""HTML mails keep a time, a date, an amount and a telephone number on one line on a phone's width
(core/french.py `unbreakable`, applied by adapters/templates.py to every value an HTML template prints)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake.adapters.templates import Templates
from intake.core import french
from intake.core.french import NBSP, unbreakable


@pytest.mark.parametrize(("written", "kept"), [
    ("lundi 30 novembre 2026 à 14 h 05", "lundi 30_novembre_2026 à 14_h_05"),
    ("du lundi au vendredi, 8 h 30 - 12 h et 13 h 30 - 17 h", "du lundi au vendredi, 8_h_30 - 12_h et 13_h_30 - 17_h"),
    ("le 1er mai", "le 1er_mai"),
    ("Téléphone : 03 21 63 00 00", "Téléphone : 03_21_63_00_00"),
    ("+33 3 21 63 00 00 ou +33 (0)3 21 63 00 00", "+33_3_21_63_00_00 ou +33_(0)3_21_63_00_00"),
    ("1 500 € pour 12,5 Mo (3 octets, 40 %)", "1_500_€ pour 12,5_Mo (3_octets, 40_%)"),
    ("Dossier 2026 de 12 pages, réf. BSC-2026-0007", "Dossier 2026 de 12 pages, réf. BSC-2026-0007"),
])
def test_what_a_line_must_not_split_is_joined_by_no_break_spaces_and_nothing_else(written, kept):
    assert unbreakable(written).replace(NBSP, "_") == kept


def test_the_formatters_words_come_out_whole():
    when = french.date_time(datetime(2026, 11, 30, 14, 5, tzinfo=ZoneInfo("Europe/Paris")))
    assert unbreakable(when) == f"lundi 30{NBSP}novembre{NBSP}2026 à 14{NBSP}h{NBSP}05"
    assert unbreakable(french.size(1_500_000)) == f"1,5{NBSP}Mo"


def test_an_html_template_prints_values_with_no_break_spaces_and_a_text_template_as_they_are(tmp_path: Path):
    (tmp_path / "t.html.j2").write_text("<p>{{ when }} &middot; {{ tel }} &middot; {{ name }}{{ raw | safe }}</p>",
                                        encoding="utf-8")
    (tmp_path / "t.txt.j2").write_text("{{ when }} · {{ tel }}", encoding="utf-8")
    templates = Templates(tmp_path)
    values = {"when": "30 novembre 2026 à 14 h 05", "tel": "03 21 63 00 00", "name": "<b>14 h 05</b>",
              "raw": "<i>9 h</i>"}
    assert templates.render("t.html.j2", values) == (
        f"<p>30{NBSP}novembre{NBSP}2026 à 14{NBSP}h{NBSP}05 &middot; 03{NBSP}21{NBSP}63{NBSP}00{NBSP}00 &middot; "
        f"&lt;b&gt;14{NBSP}h{NBSP}05&lt;/b&gt;<i>9{NBSP}h</i></p>")  # escaped once, as before
    assert templates.render("t.txt.j2", values) == "30 novembre 2026 à 14 h 05 · 03 21 63 00 00"
