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
