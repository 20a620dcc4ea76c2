"""A variable the admin names in French in a template (« {{ date_limite }} », « {{ nom_du_demandeur }} »): `intake
rules check` says which variable they meant, by its meaning, where its spelling is nowhere near
(adapters/templates.py `undefined_in_french`)."""

import pytest

from intake.adapters.templates import undefined_in_french

MAIL = {"reference", "received_at", "received_date", "deadline", "applicant_name", "original_subject", "status",
        "pieces", "new_pieces", "missing", "fields", "complete_date", "note", "service", "reminder_number"}


@pytest.mark.parametrize("typed, meant", [
    ("date_limite", "deadline"),
    ("echeance", "deadline"),
    ("nom_du_demandeur", "applicant_name"),
    ("nom_candidat", "applicant_name"),
    ("pieces_manquantes", "missing"),
    ("manquantes", "missing"),
    ("numero_dossier", "reference"),
    ("ref", "reference"),
    ("date_de_reception", "received_at"),
    ("objet", "original_subject"),
    ("titre_du_projet", "fields.titre"),
    ("nom_du_projet", "fields.titre"),
    ("association", "fields.organisation"),
    ("motif", "note"),
    ("numero_relance", "reminder_number"),
    ("Référence", "reference"),
])
def test_a_variable_named_in_french_is_told_the_one_it_means(typed, meant):
    said = undefined_in_french(f"'{typed}' is undefined", MAIL)
    assert said.startswith(f"variable « {typed} » inconnue : vouliez-vous dire « {meant} » ?"), said


def test_a_meaning_is_offered_only_where_that_variable_exists():
    """The receipt has no `deadline`: « date_limite » there gets no suggestion of it."""
    said = undefined_in_french("'date_limite' is undefined", {"reference", "received_at", "files"})
    assert "deadline" not in said and "templates/_variables.txt" in said, said


def test_a_misspelling_is_still_told_by_its_spelling():
    assert "vouliez-vous dire « reference » ?" in undefined_in_french("'referense' is undefined", MAIL)


def test_a_name_that_means_nothing_known_gets_the_list_to_read():
    said = undefined_in_french("'xyzzy' is undefined", MAIL)
    assert "vouliez-vous dire" not in said and "templates/_variables.txt" in said, said
