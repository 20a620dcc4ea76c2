"""`intake rules check` for an admin who is not a programmer: the commonest slips in rules/*.toml (a text where a list
is expected, a list where a text or a number is, a number in quotes or in brackets, a misspelt key, a kind of piece
that does not exist) are named with their file, their line and the line to write instead, built from what the admin
wrote (« subject_words = ["label"] »), not a made-up example (« ["a", "b"] »)."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.core.conversation_rules import parse_conversation_rules
from intake.core.fields import parse_field_rules
from intake.core.retention import parse_retention
from intake.core.rules import parse_rules
from intake.errors import RulesError

SHIPPED = Path(__file__).resolve().parents[2] / "rules"
PARSERS = {"pieces.toml": parse_rules, "conversations.toml": parse_conversation_rules,
           "fields.toml": parse_field_rules, "retention.toml": parse_retention}


def said(file: str, old: str, new: str) -> RulesError:
    text = (SHIPPED / file).read_text(encoding="utf-8")
    assert old in text, old
    changed = text.replace(old, new, 1)
    with pytest.raises(RulesError) as caught:
        PARSERS[file](f"rules/{file}", changed)
    error = caught.value
    line = next(n for n, t in enumerate(changed.splitlines(), 1) if new.splitlines()[-1] in t)
    assert error.line == line, str(error)  # the line the admin changed
    assert str(error).startswith(f"rules/{file}:{line}: "), str(error)
    return error


@pytest.mark.parametrize("file, old, new, fix", [
    ("pieces.toml", 'subject_words = ["label", "labellisation", "candidature", "smart city", "Béthune Smart City"]',
     'subject_words = "label"', 'subject_words = ["label"]'),
    ("pieces.toml", '  types = ["pptx", "ppt", "odp"]', '  types = "pptx, ppt"', 'types = ["pptx", "ppt"]'),
    ("fields.toml", 'form_fields = ["categorie"]', 'form_fields = "categorie"', 'form_fields = ["categorie"]'),
    ("conversations.toml", 'working_days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]',
     'working_days = "lundi, mardi"', 'working_days = ["lundi", "mardi"]'),
    ("conversations.toml", "after_days = [7, 14]", "after_days = 7", "after_days = [7]"),
])
def test_a_text_where_a_list_is_expected_gets_the_same_words_in_brackets(file, old, new, fix):
    error = str(said(file, old, new))
    assert "une liste" in error and "entre crochets" in error and fix in error, error


def test_numbers_in_quotes_in_a_list_of_numbers_are_told_to_lose_them():
    error = str(said("conversations.toml", "after_days = [7, 14]", 'after_days = ["7", "14"]'))
    assert "sans guillemets" in error and "after_days = [7, 14]" in error, error


@pytest.mark.parametrize("file, old, new, fix", [
    ("pieces.toml", 'label = "dossier d\'intention"', 'label = ["dossier d\'intention"]',
     'label = "dossier d\'intention"'),
    ("pieces.toml", 'count_as = "visuels"', 'count_as = ["visuels"]', 'count_as = "visuels"'),
    ("fields.toml", 'label = "titre du projet"', 'label = ["titre du projet"]', 'label = "titre du projet"'),
    ("conversations.toml", 'hour = "10:00"', 'hour = ["10:00"]', 'hour = "10:00"'),
    ("conversations.toml", 'acknowledgement = "resend"', 'acknowledgement = ["resend"]',
     'acknowledgement = "resend"'),
])
def test_a_list_where_one_text_is_expected_is_told_to_lose_its_brackets(file, old, new, fix):
    error = str(said(file, old, new))
    assert "pas une liste" in error and "sans crochets" in error and fix in error, error


@pytest.mark.parametrize("file, old, new, fix", [
    ("pieces.toml", "inline_image_min_size = 20000", 'inline_image_min_size = "20000"',
     "inline_image_min_size = 20000"),
    ("pieces.toml", "  min_size = 20000", "  min_size = [20000]", "min_size = 20000"),
    ("conversations.toml", "days = 30", 'days = "30 jours"', "days = 30"),
    ("conversations.toml", "per_case_per_day = 3", "per_case_per_day = [3]", "per_case_per_day = 3"),
    ("pieces.toml", "margin = 2", "margin = 2.0", "margin = 2"),
    ("retention.toml", "[quarantaine]\njours = 30", '[quarantaine]\njours = [30]', "jours = 30"),
    ("retention.toml", "[dossiers_incomplets]\nmois = 6", '[dossiers_incomplets]\nmois = "6 mois"', "mois = 6"),
])
def test_a_number_of_the_wrong_type_gets_the_number_to_write(file, old, new, fix):
    error = str(said(file, old, new))
    assert fix in error, error


def test_a_misspelt_key_names_the_right_one():
    error = str(said("conversations.toml", "per_case_per_day = 3", "per_case_par_day = 3"))
    assert "clé inconnue « per_case_par_day » : vouliez-vous dire « per_case_per_day » ?" in error


def test_a_list_of_required_pieces_says_where_required_goes_and_names_an_unknown_kind():
    """The admin lists the required pieces, as a form would: `required` is said under each [kinds.…], and a kind
    that does not exist (« photos ») is named with those that do."""
    error = str(said("pieces.toml", "[application]\n", '[application]\nrequired = ["dossier", "courrier", "photos"]\n'))
    assert "required = true" in error and "[kinds.dossier]" in error, error
    assert "« photos » n'est pas une sorte de pièce" in error and "dossier, courrier, visuels" in error, error


def test_required_as_a_list_under_a_kind_says_true_or_false_and_names_an_unknown_kind():
    text = (SHIPPED / "pieces.toml").read_text(encoding="utf-8")
    start = text.index("[kinds.courrier]")
    old = text[start:].split("required = true", 1)[0] + "required = true"
    error = str(said("pieces.toml", old, old.replace("required = true", 'required = ["courrier", "photo"]')))
    assert "required = true" in error and "pas une liste" in error, error
    assert "« photo » n'est pas une sorte de pièce" in error, error


@pytest.mark.parametrize("file, old, new, fix", [
    ("fields.toml", "jury = false", 'jury = "non"', "jury = false"),
    ("fields.toml", "jury = false", 'jury = "false"', "jury = false"),
    ("pieces.toml", "\npluriel = true\n", '\npluriel = "oui"\n', "pluriel = true"),
    ("pieces.toml", "\npluriel = true\n", "\npluriel = [true]\n", "pluriel = true"),
])
def test_yes_or_no_in_quotes_or_in_french_gets_true_or_false_to_write(file, old, new, fix):
    error = str(said(file, old, new))
    assert fix in error and "sans guillemets" in error, error
