"""rules/fields.toml carries the label's own lists (the town's published rules), and the dossier's text is read
against them."""

from pathlib import Path

import pytest

from intake.core.fields import parse_field_rules, read_fields

FIELDS = Path(__file__).resolve().parents[2] / "rules" / "fields.toml"

# The label's published lists (categories, the seven themes and their sub-themes, the three criteria).
CATEGORIES = ["1 - initiative réalisée", "2 - projet"]
THEMES = {
    "Habitat – Environnement": ["Bâti / Espace public", "Biodiversité (faune, flore…) / Climat", "Déchets"],
    "Mobilité – Transports": ["Modes de déplacement", "Intermodalité"],
    "Éducation – Emploi": ["Monde économique", "Monde académique"],
    "Alimentation – Consommation": ["Agriculture", "Commerce", "Service public"],
    "Loisirs – Culture": ["Pratiques", "Équipements", "Évènementiel"],
    "Santé – Bien-être": ["Hôpitaux", "EHPAD", "MAD / HAD", "Environnement patient"],
    "Entraide – Solidarité": ["Mieux vivre ensemble", "Liens entre citoyens"],
}
CRITERIA = {"collaborative": ["partage", "democratie contributive", "citoyen acteur"],
            "durable": ["ecologi", "solidarite", "ethique"],
            "innovante": ["nouvelles technologies", "creativite", "replicabilite"]}


@pytest.fixture(scope="module")
def rules():
    return {r.key: r for r in parse_field_rules(str(FIELDS), FIELDS.read_text(encoding="utf-8"))}


def values(rule) -> list[str]:
    return [value for value, _words in rule.choices]


def test_the_rules_carry_the_label_s_categories_themes_sub_themes_and_criteria(rules):
    assert values(rules["categorie"]) == CATEGORIES
    assert values(rules["theme"]) == list(THEMES)
    assert values(rules["sous_theme"]) == [f"{t} : {s}" for t, subs in THEMES.items() for s in subs]
    assert values(rules["criteres"]) == list(CRITERIA)
    words = dict(rules["criteres"].choices)
    for criterion, keywords in CRITERIA.items():
        assert set(keywords) <= set(words[criterion]), criterion


def read(text: str, rules) -> dict:
    return read_fields(text, {}, tuple(rules.values()))


@pytest.mark.parametrize("text, key, expected", [
    ("Catégorie 2 : projet mature", "categorie", "2 - projet"),
    ("Thème : ☐ Loisirs – Culture ☒ Santé – Bien-être", "theme", "Santé – Bien-être"),
    ("Nous accompagnons les résidents d'un EHPAD", "theme", "Santé – Bien-être"),
    ("Une agriculture urbaine", "theme", "Alimentation – Consommation"),  # "culture" is not "agriculture"
    ("Une démarche intéressante pour les mobilités", "theme", "Mobilité – Transports"),  # nor "sante"
    ("Covoiturage et intermodalité en gare", "sous_theme", "Mobilité – Transports : Intermodalité"),
    ("La démocratie contributive, chaque citoyen acteur", "criteres", "collaborative"),
    ("Une charte éthique et une démarche écologique", "criteres", "durable"),
    ("Sa réplicabilité dans d'autres quartiers", "criteres", "innovante"),
])
def test_the_dossier_is_read_against_the_label_s_lists(rules, text, key, expected):
    assert read(text, rules).get(key) == expected


def test_two_themes_without_a_ticked_box_are_left_for_staff(rules):
    assert "theme" not in read("Un jardin (biodiversité) et un commerce de quartier", rules)


@pytest.mark.parametrize("value", [
    "Asso des Jardins\nStatut : labelled", "Asso des Jardins\r\nStatut : labelled",
    "Asso des Jardins\rStatut : labelled",
    "Asso des Jardins\u2028Statut : labelled", "Asso des Jardins\x85Statut : labelled",
    "Asso des Jardins\vStatut : labelled", "Asso des Jardins\fStatut : labelled",
    "  Asso des Jardins \n\n Statut : labelled"])
def test_a_form_field_s_value_is_read_as_one_line(value, rules):
    """A form field may hold several lines; each field is shown on a line of its own (intake case, the digest,
    the receipt): its value is one line, whatever line break it held."""
    assert read_fields("", {"Structure porteuse": value, "Titre du projet": value}, tuple(rules.values())) == {
        "organisation": "Asso des Jardins Statut : labelled", "titre": "Asso des Jardins Statut : labelled"}


@pytest.mark.parametrize(("value", "expected"), [
    ("\u202e1000-6202-CSB", "1000-6202-CSB"),  # shows as « BSC-2026-0001 », another case's reference
    ("Jardin \u202egpj.exe\u202c partagé", "Jardin gpj.exe partagé"),
    ("Asso\u2066 BSC-2026-0099\u2069", "Asso BSC-2026-0099"), ("Jean\u200f\u200eDupont\u061c", "JeanDupont"),
    ("Vélo\u200b\ufeff\u00ad\ue000 Béthunois", "Vélo Béthunois"), ("Asso\x1b[31m\x07", "Asso[31m"),
    ("Famille 👨\u200d👩\u200d👧", "Famille 👨\u200d👩\u200d👧")])
def test_a_field_s_value_keeps_no_bidirectional_override_or_invisible_character(value, expected, rules):
    """A dossier is the sender's to write: a title or organisation carrying a right-to-left override or isolate
    displays, in the digest, the console and our mail, as something else than it is (another case's reference,
    a file name turned around), and an override left open turns the rest of the digest's line around."""
    assert read_fields("", {"Structure porteuse": value, "Titre du projet": value}, tuple(rules.values())) == {
        "organisation": expected, "titre": expected}
    assert read_fields(f"Titre du projet : {value}\n", {}, (rules["titre"],)) == {"titre": expected}


def test_a_field_whose_header_was_renamed_alone_is_said_so_at_its_choices():
    """An admin renamed [fields.theme] to [fields.themes] and left [fields.theme.choices]: the check said
    « fields.toml:1: [fields.theme] demande un nom en français », of a table the file no longer writes."""
    from intake.errors import RulesError

    text = FIELDS.read_text(encoding="utf-8").replace("[fields.theme]\n", "[fields.themes]\n", 1)
    with pytest.raises(RulesError) as caught:
        parse_field_rules("rules/fields.toml", text)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.strip() == "[fields.theme.choices]")
    assert caught.value.line == line and "renommez aussi [fields.theme.choices]" in str(caught.value)


def test_an_unclosed_list_names_the_quoted_key_that_opened_it():
    from intake.errors import RulesError

    text = FIELDS.read_text(encoding="utf-8").replace('"2 - projet" = [', '"2 - projet" = [[', 1)
    with pytest.raises(RulesError) as caught:
        parse_field_rules("rules/fields.toml", text)
    assert 'la liste "2 - projet" commence à la ligne' in str(caught.value)
