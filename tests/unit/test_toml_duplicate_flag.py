"""A key written twice whose second value is true or false (`pluriel = false`, then the shipped `pluriel = true` a
few lines below): the check said « true n'est pas une valeur que le fichier comprend : écrivez pluriel = true », what
was written. It says the key is written twice, as for any other value (core/tomlcheck.py)."""

from __future__ import annotations

import tomllib

import pytest

from intake.core.tomlcheck import toml_problem


@pytest.mark.parametrize("second", ["true", "false", "oui"])
def test_a_flag_written_twice_is_said_as_written_twice(second):
    text = f'[kinds.visuels]\npluriel = false\nlabel = "visuels"\npluriel = {second}\n'
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
    else:
        pytest.fail("parsed")
    key, said = toml_problem(message, text)
    if second == "oui":  # a word: tomllib stops on it first, and that is what to fix
        assert "true pour oui" in said, said
        return
    assert "déjà écrite plus haut" in said and "ligne 2" in said and "n'est pas une valeur" not in said, said
