"""rules/pieces.toml: a word or a file-name pattern without a letter or digit (« - », « . », « * ») is found in every
text or matches every file: each file would score for that piece. Refused at its line (core/rules.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.core.rules import parse_rules
from intake.errors import RulesError

SHIPPED = (Path(__file__).resolve().parents[2] / "rules" / "pieces.toml").read_text(encoding="utf-8")
WORDS = '  words = ["brochure", "plaquette",'
FILENAMES = '  filenames = ["*visuel*", "*photo*",'


@pytest.mark.parametrize(("old", "entry", "key"), [(WORDS, "-", "words"), (WORDS, ".", "words"),
                                                    (FILENAMES, "*", "filenames"), (FILENAMES, "*.*", "filenames")])
def test_an_entry_without_a_letter_is_refused_at_its_line(old, entry, key):
    assert old in SHIPPED
    line = next(n for n, text in enumerate(SHIPPED.splitlines(), 1) if text.startswith(old))
    with pytest.raises(RulesError) as caught:
        parse_rules("pieces.toml", SHIPPED.replace(old, old.replace("[", f'["{entry}", ', 1), 1))
    said = str(caught.value)
    assert caught.value.line == line and key in said and f"« {entry} »" in said and "chaque" in said, said
