"""`intake rules check` on the slips an admin who is no programmer makes in rules/*.toml, each tried on the shipped
files: a list written with semicolons, a unit after a number in a list (« 7 jours »), a quote left out in a list,
a hyphen typed where the file has a dash (they look alike on screen). Each is told with its file, its line, what is
wrong and the line to write, in French, never tomllib's « Unclosed array »."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from intake.core.conversation_rules import parse_conversation_rules
from intake.core.fields import parse_field_rules
from intake.core.rules import parse_rules
from intake.errors import RulesError

SHIPPED = Path(__file__).resolve().parents[2] / "rules"
PARSERS = {"pieces.toml": parse_rules, "conversations.toml": parse_conversation_rules,
           "fields.toml": parse_field_rules}


def said(file: str, old: str, new: str, at: str = "") -> str:
    """The message for the shipped `file` with `old` changed into `new`; it must name the file and the changed line
    (or the line that holds `at`)."""
    text = (SHIPPED / file).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    changed = text.replace(old, new, 1)
    with pytest.raises(RulesError) as caught:
        PARSERS[file](f"rules/{file}", changed)
    line = next(n for n, t in enumerate(changed.splitlines(), 1) if (at or new.splitlines()[0]) in t)
    message = str(caught.value)
    assert caught.value.line == line and message.startswith(f"rules/{file}:{line}: "), message
    assert "Unclosed" not in message and "Traceback" not in message, message
    return message


def parses(line: str) -> bool:
    try:
        tomllib.loads(line.strip())
    except tomllib.TOMLDecodeError:
        return False
    return True


@pytest.mark.parametrize("file, old, new, fix", [
    ("conversations.toml", "after_days = [7, 14]", "after_days = [7; 14]", "after_days = [7, 14]"),
    ("conversations.toml", 'working_days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]',
     'working_days = ["lundi"; "mardi"; "mercredi"]', 'working_days = ["lundi", "mardi", "mercredi"]'),
    ("pieces.toml", 'subject_words = ["label", "labellisation", "candidature", "smart city", "Béthune Smart City"]',
     'subject_words = ["label"; "labellisation"; "smart city; label"]',
     'subject_words = ["label", "labellisation", "smart city; label"]'),  # a « ; » in a text is the text's own
])
def test_a_list_written_with_semicolons_is_told_to_use_commas(file, old, new, fix):
    message = said(file, old, new)
    assert "séparent par des virgules" in message and "points-virgules" in message, message
    assert message.endswith(fix) and parses(fix), message


@pytest.mark.parametrize("new, fix", [
    ("after_days = [7 jours, 14 jours]", "after_days = [7, 14]"),
    ("after_days = [7j, 14j]", "after_days = [7, 14]"),
    ("after_days = [7 jours; 14 jours]", "after_days = [7, 14]"),
    ("after_days = [7, 14 jours", "after_days = [7, 14]"),  # and the bracket left out
])
def test_a_unit_after_a_number_in_a_list_is_told_to_go(new, fix):
    message = said("conversations.toml", "after_days = [7, 14]", new)
    assert "chiffres seuls, sans unité" in message, message
    assert message.endswith(fix) and parses(fix), message


def test_a_quote_left_out_in_a_list_is_named_with_the_line_to_write():
    old = 'form_fields = ["titre", "intitule", "nom du projet"]'
    message = said("fields.toml", old, 'form_fields = ["titre, "intitule", "nom du projet"]')
    assert "il manque un guillemet droit" in message and "\"titre\"" in message, message
    assert message.endswith(old), message


def test_semicolons_on_a_line_of_a_list_written_on_several_are_told_on_that_line():
    message = said("fields.toml", '         "raison sociale"]', '         "raison sociale"; "siret"]')
    assert "séparent par des virgules" in message and message.endswith('écrivez "raison sociale", "siret"]'), message


def test_a_sub_theme_written_with_a_hyphen_where_its_theme_has_a_dash_is_told_which_is_which():
    message = said("fields.toml", '  "Habitat – Environnement : Déchets" = ["dechet"]',
                   '  "Habitat - Environnement : Déchets" = ["dechet"]')
    assert "trait d'union « - »" in message and "tiret « – »" in message, message
    assert message.endswith("'Habitat – Environnement : Déchets'"), message


def test_a_theme_retyped_with_a_hyphen_tells_its_sub_themes_dash_apart():
    """Its first sub-theme is where the two no longer agree: named there, with the theme as it is written now."""
    message = said("fields.toml", '  "Mobilité – Transports" = ["mobilite",',
                   '  "Mobilité - Transports" = ["mobilite",', at='"Mobilité – Transports : Modes de déplacement"')
    assert "trait d'union « - »" in message and "tiret « – »" in message, message
    line = next(n for n, t in enumerate((SHIPPED / "fields.toml").read_text().splitlines(), 1)
                if t.startswith('  "Mobilité – Transports" ='))
    assert message.endswith(f"écrivez « Mobilité – Transports » dans [fields.theme] (ligne {line})"), message


@pytest.mark.parametrize("written, fix", [
    ("since = 2026–11–01", "since = 2026-11-01"),  # a word processor's dash: « – » (U+2013)
    ("since = 2026‑11‑01T08:00:00+01:00", "since = 2026-11-01T08:00:00+01:00"),  # its non-breaking hyphen
    ("margin = −2", "margin = -2"),  # the minus sign of a text copied from a document
])
def test_a_dash_typed_where_a_date_or_a_number_takes_a_hyphen_is_told_so_not_to_add_quotes(written, fix):
    from intake.core.tomlcheck import load_toml

    with pytest.raises(RulesError) as caught:
        load_toml("config.toml", f"[x]\n{written}  # un commentaire\n")
    message = str(caught.value)
    assert caught.value.line == 2 and "trait d'union « - »" in message and message.endswith(fix), message
    assert '"' not in message, message  # not « since = "2026–11–01" »: a text, refused in its turn


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
def test_a_sub_theme_typed_with_a_no_break_space_before_its_colon_is_told_so(space):
    """A word processor (and a French keyboard's layout) puts a no-break space before « : »: the line looks right."""
    message = said("fields.toml", '  "Habitat – Environnement : Déchets" = ["dechet"]',
                   f'  "Habitat – Environnement{space}: Déchets" = ["dechet"]')
    assert "espace insécable" in message and "\\x" not in message and space not in message, message
    assert message.endswith("'Habitat – Environnement : Déchets'"), message


@pytest.mark.parametrize("written", ["Habitat – Environnement", "Habitat - Environnement"])
def test_a_sub_theme_written_as_a_theme_alone_is_told_to_follow_it_with_its_own_name(written):
    """No « : » and sub-theme after the theme: the check stopped on StopIteration (« erreur inattendue »), or, with a
    hyphen, offered « écrivez 'Habitat – Environnement' », the theme alone again."""
    text = (SHIPPED / "fields.toml").read_text(encoding="utf-8")
    old = '  "Habitat – Environnement : Déchets" = ["dechet"]'
    assert text.count(old) == 1
    with pytest.raises(RulesError) as caught:
        parse_field_rules("rules/fields.toml", text.replace(old, f'  "{written}" = ["dechet"]'))
    message = str(caught.value)
    assert f"{written!r} ne commence pas par l'une des valeurs de [fields.theme] suivie de ' : '" in message, message


@pytest.mark.parametrize("new, fix", [
    ("after_days = [1 semaine, 2 semaines]", "after_days = [7, 14]"),  # not [1, 2]: a reminder after one day
    ("after_days = [7 jours, 2 semaines]", "after_days = [7, 14]"),
])
def test_weeks_in_a_list_of_days_are_told_in_days(new, fix):
    message = said("conversations.toml", "after_days = [7, 14]", new)
    assert "en jours" in message and message.endswith(fix) and parses(fix), message


@pytest.mark.parametrize("new, wrong", [
    ("after_days = [1 mois, 2 mois]", "[1, 2]"),  # a month has no fixed number of days: no line offered
    ("after_days = [7 jours,\n  14 jours]", "[7]"),  # a list written on several lines: not closed after its first
])
def test_no_line_that_changes_what_the_admin_meant_is_offered(new, wrong):
    message = said("conversations.toml", "after_days = [7, 14]", new)
    assert "chiffres seuls" in message and "écrivez" not in message and wrong not in message, message
