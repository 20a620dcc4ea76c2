"""The dossier's fields in a mail template: empty when the dossier did not give them; only declared keys, and
printed with what to write when empty (core/template_fields.py)."""

from __future__ import annotations

from intake.core.template_fields import DossierFields, field_use_said

DECLARED = ("titre", "organisation", "contact", "categorie", "theme", "sous_theme", "criteres")


def test_a_field_the_dossier_did_not_give_reads_as_empty():
    fields = DossierFields({"theme": "Loisirs – Culture"})
    assert fields["titre"] == "" and fields["theme"] == "Loisirs – Culture"


def test_a_declared_field_tested_or_defaulted_is_fine():
    assert field_use_said("titre", True, DECLARED) is None


def test_a_misspelt_key_names_the_declared_one():
    said = field_use_said("titr", True, DECLARED)
    assert said and "« titr »" in said and "rules/fields.toml" in said and "« fields.titre »" in said


def test_an_unknown_key_without_a_close_one_lists_the_keys():
    said = field_use_said("budget", True, DECLARED)
    assert said and "fields.organisation" in said


def test_a_declared_field_printed_bare_says_the_if_to_write():
    said = field_use_said("titre", False, DECLARED)
    assert said and "{% if fields.titre %}" in said and "vide" in said
