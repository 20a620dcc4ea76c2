"""A case's reference as a person types it in the console's merge form or on the command line: « 2026-0002 »
(without the prefix) was refused; with or without the prefix, spaces, lower case, a missing zero or brackets, the
parts are read (core/thread.py `typed_reference`); the store then takes the one case they name, if only one."""

import pytest

from intake.core.thread import typed_reference


@pytest.mark.parametrize("typed, parts", [
    ("BSC-2026-0002", ("BSC", 2026, 2)),
    ("bsc-2026-2", ("BSC", 2026, 2)),
    ("  bsc 2026 0002 ", ("BSC", 2026, 2)),
    ("[BSC-2026-0002]", ("BSC", 2026, 2)),
    ("BSC2026-0002", ("BSC", 2026, 2)),
    ("BSC\u20112026\u20110002", ("BSC", 2026, 2)),
    ("2026-0002", ("", 2026, 2)),
    ("2026 2", ("", 2026, 2)),
    ("2026/0002", ("", 2026, 2)),
    ("0002", ("", None, 2)),
    ("n° 2", ("", None, 2)),
    ("7", ("", None, 7)),
])
def test_what_a_person_types_is_read_in_parts(typed, parts):
    assert typed_reference(typed) == parts


@pytest.mark.parametrize("typed", ["", "   ", "jardin", "BSC-2026", "2026-0002-3", "bsc--", "20260002"])
def test_what_is_no_reference_is_none(typed):
    assert typed_reference(typed) is None
