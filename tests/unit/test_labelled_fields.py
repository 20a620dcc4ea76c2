"""A dossier's labelled line (« Thème : Mobilité », « Catégorie n° 1 », « Structure : ... ») gives its field's value,
over what the words of the rest of the text would guess; a sentence that merely holds the label's word is no label.

Texts as applicants write them: accents, capitals, « : », « – » or « - », numbers « 2 », « n°2 », « N° 2 », table
rows (a DOCX or ODT table's cells come separated by tabs)."""

from pathlib import Path

import pytest

from intake.core.fields import parse_field_rules, read_fields
from intake.errors import RulesError

FIELDS = Path(__file__).resolve().parents[2] / "rules" / "fields.toml"
MOBILITY, HABITAT = "Mobilité – Transports", "Habitat – Environnement"
# what a dossier about a cycling school says besides: a lot about the environment
ENVIRONMENT = ("Nous voulons préserver l'environnement du quartier, sa biodiversité, la faune et la flore des berges, "
               "agir pour le climat et réduire les déchets.\n") * 3


@pytest.fixture(scope="module")
def rules():
    return parse_field_rules(str(FIELDS), FIELDS.read_text(encoding="utf-8"))


def read(text: str, rules) -> dict:
    return read_fields(text, {}, rules)


@pytest.mark.parametrize("line", [
    "Thème : Mobilité", "THÈME : MOBILITÉ – TRANSPORTS", "Thème – Mobilité - Transports", "Thème - Transports",
    "Thématique : Mobilité", "Thème retenu : 2 - Mobilité", "Thème principal (un seul) : mobilité",
    "Thème\u00a0: Mobilité", "Thème 2", "Thème : 2", "Thème – 2", "Thème n°2", "Thème n° 2", "THEME N° 2 - MOBILITE",
    "Thème : n°2 – Mobilité, transports", "Thème : (2)", "Thème : N°2.", "3. Thème : Mobilité", "• Thème : Mobilité",
    "Thème\t2 – Mobilité – Transports", "Thème n°\t2", "| Thème | Mobilité – Transports |",
    "Thème :\nMobilité – Transports", "Thème        Mobilité – Transports",
    "Thème :\n☐ Habitat – Environnement\n☒ Mobilité – Transports\n☐ Loisirs – Culture",
])
def test_the_labelled_theme_wins_over_a_text_about_the_environment(line, rules):
    fields = read(f"DOSSIER D'INTENTION\nTitre du projet : Vélo-école du Beffroi\n{line}\n{ENVIRONMENT}", rules)
    assert fields.get("theme") == MOBILITY


def test_the_sub_themes_guessed_from_the_text_belong_to_the_labelled_theme(rules):
    fields = read(f"Thème : Mobilité\n{ENVIRONMENT}Le vélo comme mode de déplacement, l'intermodalité en gare.", rules)
    assert fields.get("theme") == MOBILITY
    assert fields.get("sous_theme") == "Mobilité – Transports : Modes de déplacement, Mobilité – Transports : " \
                                       "Intermodalité"


def test_a_labelled_theme_the_text_gives_no_sub_theme_of_leaves_the_sub_theme_empty(rules):
    fields = read(f"Thème : Mobilité\n{ENVIRONMENT}", rules)
    assert fields.get("theme") == MOBILITY and "sous_theme" not in fields


def test_a_labelled_sub_theme_wins_over_the_text(rules):
    fields = read("Thème : Habitat – Environnement\nSous-thème : Déchets\nMobilité, transports, déplacements.", rules)
    assert fields.get("theme") == HABITAT
    assert fields.get("sous_theme") == "Habitat – Environnement : Déchets"


@pytest.mark.parametrize("text, expected", [
    ("Catégorie : 1\nUn projet mature, d'autres actions à venir.", "1 - initiative réalisée"),
    ("Catégorie n°2\nUne première initiative réalisée l'an dernier.", "2 - projet"),
    ("CATÉGORIE : 2 (projet)\nUne action déjà réalisée en partie.", "2 - projet"),
    ("Catégorie : Projet\nUne action déjà réalisée en partie.", "2 - projet"),
    ("Catégorie\t1 – initiative réalisée\nUn projet mature.", "1 - initiative réalisée"),
])
def test_the_labelled_category_wins_over_the_text(text, expected, rules):
    assert read(text, rules).get("categorie") == expected


def test_a_label_whose_value_names_no_choice_leaves_the_guess_to_the_text(rules):
    """« Catégorie : Association » is the applicant's legal form, not one of the label's categories."""
    assert read("Catégorie : Association\nUne initiative réalisée en 2025.", rules).get(
        "categorie") == "1 - initiative réalisée"
    assert read("Thème : notre vélo-école\nCovoiturage et déplacements à vélo.", rules).get("theme") == MOBILITY


@pytest.mark.parametrize("line", [
    "Thématiques : Environnement, Mobilité", "Thème : Transports et environnement", "Thème 2 et 3",
    "Thème : n° 1 / n° 2"])
def test_a_label_naming_two_themes_is_left_for_staff(line, rules):
    """Not even by the sub-themes the text's words give (`derive` would take the theme from them)."""
    fields = read(f"{line}\n{ENVIRONMENT}Une vélo-école pour tous.", rules)
    assert "theme" not in fields and "sous_theme" not in fields


@pytest.mark.parametrize("sentence", [
    "Le thème de la mobilité nous tient à cœur.", "Notre thème : la mobilité douce ?",
    "Un thème cher à nos adhérents, la mobilité, revient souvent.",
])
def test_a_sentence_holding_the_label_s_word_is_no_label(sentence, rules):
    fields = read(f"Thème : Habitat – Environnement\n{sentence}\nCovoiturage, transports, intermodalité.", rules)
    assert fields.get("theme") == HABITAT


@pytest.mark.parametrize("line", [
    "Structure : Association Les Jardins du Beffroi", "Porteur du projet : Association Les Jardins du Beffroi",
    "STRUCTURE PORTEUSE – Association Les Jardins du Beffroi",
    "Nom de la structure porteuse : Association Les Jardins du Beffroi",
    "Structure porteuse\tAssociation Les Jardins du Beffroi\tContact\tM. Dupont",
    "Structure porteuse : Association Les Jardins du Beffroi      Contact : M. Dupont",  # a PDF's two columns
])
def test_the_labelled_organisation_is_read(line, rules):
    text = f"Nous construisons des infrastructures : bancs, abris.\n{line}\nNotre organisme agit depuis 2010."
    assert read(text, rules).get("organisation") == "Association Les Jardins du Beffroi"


def test_a_sentence_holding_an_organisation_label_s_word_is_no_organisation(rules):
    text = "Nous construisons des infrastructures : bancs, abris.\nNotre organisme : agit depuis 2010."
    assert "organisation" not in read(text, rules)


def rules_with(old: str, new: str):
    text = FIELDS.read_text(encoding="utf-8")
    assert old in text
    return parse_field_rules("rules/fields.toml", text.replace(old, new, 1))


@pytest.mark.parametrize("old, new, said", [
    ('numbered = true  # dans', 'numbered = "oui"  # dans', "numbered vaut true (oui) ou false (non)"),
    ('label = "titre du projet"\n', 'label = "titre du projet"\nnumbered = true\n', "n'a pas de choices"),
    ('after = ["theme"', 'after = ["Thème :"', "« Thème : », finit par « : » : écrivez-le sans « : »"),
    ('after = ["theme"', 'after = ["Thème -"', "« Thème - », finit par « - »"),
    ('after = ["theme"', 'after = ["structure"', "« structure » est aussi un libellé de [fields.organisation]"),
])
def test_the_check_refuses_a_wrong_label_or_numbering(old, new, said):
    with pytest.raises(RulesError) as caught:
        rules_with(old, new)
    assert said in str(caught.value)


@pytest.mark.parametrize("line, title", [
    ("Titre du projet : Jardins | Béthune", "Jardins | Béthune"),  # a bar in a title is the title's
    ("| Titre du projet | Jardins partagés |", "Jardins partagés"),
    ("Titre du projet\tJardins partagés\t(2 pages)", "Jardins partagés"),
])
def test_a_value_ends_with_its_table_cell(line, title, rules):
    assert read(line, rules).get("titre") == title


@pytest.mark.parametrize("text, key, expected", [
    ("Catégorie\n☐ 1 - initiative réalisée\n☒ 2 - projet\nUne action déjà réalisée en partie.", "categorie",
     "2 - projet"),
    ("Thème : ☐ 1 ☐ 2 ☒ 4 ☐ 5\nCovoiturage et transports.", "theme", "Alimentation – Consommation"),
    ("Critères remplis : [x] collaborative [ ] durable [X] innovante\nUne démarche durable.", "criteres",
     "collaborative, innovante"),
])
def test_the_ticked_box_of_a_labelled_list_is_the_value(text, key, expected, rules):
    assert read(text, rules).get(key) == expected


def test_two_labelled_lines_naming_two_themes_are_left_for_staff(rules):
    assert "theme" not in read("Thème : Mobilité\nDescription : une vélo-école.\nThème : Environnement", rules)


@pytest.mark.parametrize("form, key, expected", [
    ({"Thème": "2"}, "theme", MOBILITY), ({"Thématique": "n° 2 – Mobilité"}, "theme", MOBILITY),
    ({"Catégorie": "Projet"}, "categorie", "2 - projet"), ({"Catégorie": "1"}, "categorie", "1 - initiative réalisée"),
])
def test_a_form_field_is_read_as_a_labelled_value(form, key, expected, rules):
    """A Word or PDF form's field named « Thème » holding « 2 » (a drop-down of numbers, a typed answer)."""
    assert read_fields(ENVIRONMENT, form, rules).get(key) == expected


@pytest.mark.parametrize("text, expected", [
    # a form whose answers were left empty: each label is followed by the next label, not by its value
    ("Titre du projet :\nNom de la structure porteuse :\nContact :\nThème : 2\nCatégorie : 1",
     {"theme": MOBILITY, "categorie": "1 - initiative réalisée"}),
    ("Structure porteuse :\nThème : 2\nTitre du projet : Vélo-école", {"theme": MOBILITY, "titre": "Vélo-école"}),
    ("Catégorie :\nThème : 1\nUn projet à venir.", {"categorie": "2 - projet", "theme": HABITAT}),
    ("Contact :\nAdresse postale :\nStructure : Les Jardins", {"organisation": "Les Jardins"}),
])
def test_a_label_left_empty_does_not_take_the_next_label_s_line(text, expected, rules):
    """The value on the next line (« Titre du projet :\\nVélo-école ») is not another label's line, nor a label whose
    own answer was left empty (« Adresse postale : »)."""
    fields = read(text, rules)
    assert {k: v for k, v in fields.items() if k != "sous_theme"} == expected


def test_a_value_on_the_next_line_is_still_read(rules):
    fields = read("Titre du projet :\nVélo-école du Beffroi\nSous-thème :\nMobilité – Transports : Intermodalité\n"
                  "Catégorie :\nCatégorie 2 (projet)\nContact :\nCourriel : ada@example.org", rules)
    assert fields.get("titre") == "Vélo-école du Beffroi"
    assert fields.get("sous_theme") == "Mobilité – Transports : Intermodalité"
    assert fields.get("categorie") == "2 - projet" and fields.get("contact") == "ada@example.org"


@pytest.mark.parametrize("text, key, expected", [
    ("Thème des ateliers : 3 par an\nCovoiturage, transports, déplacements à vélo.", "theme", MOBILITY),
    ("Thématique du festival : 7 concerts\nCovoiturage, transports, déplacements à vélo.", "theme", MOBILITY),
    ("Catégorie d'âge : 1 à 2 ans\nUn projet à venir.", "categorie", "2 - projet"),
])
def test_a_number_after_a_few_words_of_prose_names_no_choice(text, key, expected, rules):
    """After a few words before « : » (a form's « Thème retenu : 2 », but also a sentence's « Thème des ateliers :
    3 par an »), a number names a choice only alone or with that choice's words."""
    assert read(text, rules).get(key) == expected


@pytest.mark.parametrize("line", ["Thème retenu : 2", "Thème retenu : n° 2.", "Thème retenu : 2 - Mobilité",
                                  "Thème principal (un seul) : (2) Mobilité – Transports",
                                  "Thème choisi : ☐ 1 ☒ 2 ☐ 3"])
def test_a_number_after_a_form_s_own_words_still_names_its_choice(line, rules):
    assert read(f"{line}\n{ENVIRONMENT}", rules).get("theme") == MOBILITY


def test_choices_named_by_their_number_alone_are_read_by_it(rules):
    """An admin who names the categories « 1 » and « 2 »: their own names are empty once the number is set aside, and
    an empty name was found in every labelled value (« Catégorie : 1 » named both, left for staff)."""
    text = FIELDS.read_text(encoding="utf-8").replace('"1 - initiative réalisée" = [', '"1" = [', 1).replace(
        '"2 - projet" = [', '"2" = [', 1)
    plain = parse_field_rules("rules/fields.toml", text)
    assert read("Catégorie : 1\nUn projet mature.", plain).get("categorie") == "1"
    assert read("Catégorie : Association\nUn projet mature.", plain).get("categorie") == "2"
