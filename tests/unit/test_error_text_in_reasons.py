"""An exception's text in a quarantined message's reason goes with the message's content (core/arrival.py)."""

from __future__ import annotations

from intake.core.arrival import ERROR_TEXT_GONE, internal_error, problem, without_error_text


def test_the_text_goes_and_the_type_and_what_follows_stay():
    reason = internal_error(problem("KeyError", "'Dossier Jeanne Dupont.pdf'")).reason + " ; retraité le 3/12"
    assert "Jeanne" in reason
    assert without_error_text(reason) == (f"erreur interne pendant son traitement : KeyError {ERROR_TEXT_GONE} ; "
                                          "retraité le 3/12")


def test_a_text_with_brackets_or_cut_by_the_row_s_length_goes_whole():
    quoted = problem("ValueError", "bad [Potager] " + "x" * 3000)
    assert "]" not in quoted[:-1] and len(quoted) < 1100
    assert "Potager" not in without_error_text(("illisible : " + quoted)[:500])
    assert problem("RuntimeError", "") == "RuntimeError" == without_error_text("RuntimeError")


def test_python_s_text_in_a_parse_error_goes_with_the_content_too(monkeypatch):
    """A message the parser could not read is set aside with « illisible : message illisible (KeyError : …) »:
    Python's text, which quotes what the parser held (a header's value, a subject), was outside the brackets
    `without_error_text` removes, and stayed in the ledger's reason after the content was released."""
    import pytest

    from intake.core import parse
    from intake.core.arrival import unreadable
    from intake.errors import ParseError

    def failing(*args, **kwargs):
        raise KeyError("Potager partagé des Quatre-Vents")

    raw = b"From: a@asso.example\r\nSubject: x\r\n\r\nbody\r\n"
    for where in ("_build", "_text_parts"):
        with monkeypatch.context() as m:
            m.setattr(parse, where, failing)
            with pytest.raises(ParseError) as caught:
                parse.parse_message(raw)
        reason = unreadable(str(caught.value)).reason
        assert "Quatre-Vents" in reason and "KeyError" in reason, reason
        assert "Quatre-Vents" not in without_error_text(reason) and "KeyError" in without_error_text(reason), reason
