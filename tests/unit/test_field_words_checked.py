"""rules/fields.toml as the admin edits it: a word added to a criterion, a theme renamed (core/fields.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.core.fields import parse_field_rules, read_fields
from intake.errors import RulesError

SHIPPED = (Path(__file__).resolve().parents[2] / "rules" / "fields.toml").read_text(encoding="utf-8")
CRITERION = '"citoyen acteur", "citoyens acteurs"]'


def refused(text: str) -> RulesError:
    with pytest.raises(RulesError) as caught:
        parse_field_rules("fields.toml", text)
    return caught.value


def test_a_word_added_to_a_criterion_is_read():
    rules = parse_field_rules("fields.toml", SHIPPED.replace(CRITERION, '"citoyen acteur", "co-construction"]'))
    assert read_fields("Notre projet repose sur la co-construction.", {}, rules).get("criteres") == "collaborative"


@pytest.mark.parametrize("word", ['""', '" "', '"-"'])
def test_an_empty_word_is_refused_at_its_line_it_would_find_every_dossier(word):
    assert CRITERION in SHIPPED
    error = refused(SHIPPED.replace(CRITERION, f'"citoyen acteur", {word}]'))
    line = next(n for n, text in enumerate(SHIPPED.splitlines(), 1) if CRITERION in text)
    assert error.line == line, (error.line, line)
    assert "collaborative" in str(error) and "vide" in str(error) and "retirez" in str(error), str(error)


def test_an_empty_label_to_read_after_is_refused():
    error = refused(SHIPPED.replace('after = ["titre du projet",', 'after = ["", "titre du projet",'))
    assert "after" in str(error) and "vide" in str(error), str(error)


def test_a_renamed_theme_names_the_sub_themes_to_rename_with_it():
    text = SHIPPED.replace('  "Mobilité – Transports" = ', '  "Mobilité – Déplacements" = ')
    said = str(refused(text))
    assert "« Mobilité – Transports »" in said and "« Mobilité – Déplacements »" in said, said
    assert "renommez" in said, said
