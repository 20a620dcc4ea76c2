"""A failure while handling one message is logged with its traceback, not with what its exceptions quote: the system
journal keeps it for months, beyond the purge and a person's erasure; the ledger row keeps the text for staff."""

from __future__ import annotations

from intake.pipeline.tracebacks import without_values

FILE, SUBJECT = "Dossier Jeanne Dupont.pdf", "Candidature Potager des Quatre-Vents"  # out of the frames' lines


def _read_dossier(name: str) -> None:
    raise KeyError(name)


def _handle(subject: str) -> None:
    try:
        _read_dossier(FILE)
    except KeyError as exc:
        raise ValueError(f"invalid literal for int() with base 10: {subject!r}") from exc


def test_a_traceback_keeps_its_frames_and_exception_types_but_not_what_they_quote():
    try:
        _handle(SUBJECT)
    except ValueError as exc:
        text = without_values(exc)
    assert "Jeanne" not in text and "Quatre-Vents" not in text and "Dupont" not in text
    assert "KeyError" in text and "ValueError" in text  # both of the chain, the cause first
    assert text.index("KeyError") < text.index("ValueError")
    assert "_read_dossier" in text and "_handle" in text and "test_log_tracebacks.py" in text
    assert text.startswith("Traceback (most recent call last):")


def test_an_exception_that_quotes_nothing_still_says_what_it_is():
    try:
        raise RuntimeError
    except RuntimeError as exc:
        assert without_values(exc).endswith("builtins.RuntimeError (its text, if any, is in the message's ledger row, "
                                            "not in the logs)")


def test_any_logged_traceback_keeps_its_frames_and_types_but_not_what_its_exceptions_quote():
    """The console's crash log (web/site.py `_server_error`, uvicorn's « Exception in ASGI application ») and the
    worker's other log.exception lines go through the journal's formatter: it wrote Python's whole text, which quoted
    what the code held (an applicant's address in a street, a subject, a file's name)."""
    import logging
    import sys

    from intake.cli.output import SafeFormatter

    try:
        _handle(SUBJECT)
    except ValueError:
        record = logging.LogRecord("intake.web", logging.ERROR, __file__, 1, "console: error on %s %s",
                                   ("POST", "/cases/BSC-2026-0001/field"), sys.exc_info())
    line = SafeFormatter("%(levelname)s %(name)s: %(message)s").format(record)
    assert line.startswith("ERROR intake.web: console: error on POST /cases/BSC-2026-0001/field\nTraceback")
    assert "Jeanne" not in line and "Quatre-Vents" not in line and "Dupont" not in line
    assert "builtins.KeyError" in line and "builtins.ValueError" in line and "_read_dossier" in line
    assert "not logged" in line


def test_a_system_error_keeps_its_errno_for_the_operator_but_not_its_file_name():
    """A full disk, a file taken away, a permission: `OSError` alone does not tell them apart, and the logs were the
    operator's one clue. Its errno and the system's words for it (never the file's name, which may be an applicant's
    file) stay."""
    import errno
    import os

    code, path = errno.ENOSPC, f"/var/lib/intake/scratch/{FILE}"
    try:
        raise OSError(code, os.strerror(code), path)
    except OSError as exc:
        text = without_values(exc)
    assert "Jeanne" not in text and "Dupont" not in text
    assert "ENOSPC" in text and "No space left on device" in text, text
