"""A word added to a list of `rules/` by an admin who is no programmer: between a word processor's quotes
(“énergie”, «énergie»), or between apostrophes when the word has one ('l'eau'). tomllib's error was said as « valeur
manquante ou incomprise après = » or « il manque une virgule », neither the mistake; now the quotes are named,
with the line to write (core/tomlcheck.py `toml_problem`)."""

from pathlib import Path

import pytest

from intake.core.fields import parse_field_rules
from intake.errors import RulesError

FIELDS = Path(__file__).resolve().parents[2] / "rules" / "fields.toml"
OLD = '"durable" = ["durable", "ecologi", "solidarite", "ethique"]'


def _error(new: str) -> RulesError:
    text = FIELDS.read_text(encoding="utf-8")
    assert OLD in text
    with pytest.raises(RulesError) as caught:
        parse_field_rules("rules/fields.toml", text.replace(OLD, new, 1))
    return caught.value


@pytest.mark.parametrize("typed", ["“énergie”", "«énergie»", "« énergie »", "‘énergie’"])
def test_a_word_processor_s_quotes_in_a_list_are_named_with_the_line_to_write(typed):
    error = _error(f'"durable" = ["durable", "ecologi", "solidarite", "ethique", {typed}]')
    said = str(error)
    assert "guillemets droits" in said and error.line is not None, said
    assert '"durable" = ["durable", "ecologi", "solidarite", "ethique", "énergie"]' in said, said
    assert "virgule" not in said and "après =" not in said, said


def test_a_word_with_an_apostrophe_between_apostrophes_is_told_to_take_double_quotes():
    error = _error('"durable" = ["durable", "ecologi", "solidarite", "ethique", \'l\'eau\']')
    said = str(error)
    assert "apostrophe" in said and '"l\'eau"' in said and error.line is not None, said
    assert "il manque une virgule" not in said, said
