"""The restore marker (data_dir/restored-at, written by `intake outbox restored`): an admin who edits it by hand, a copy
cut short or bytes that are not text made intake fail with « erreur inattendue UnicodeDecodeError » (and a traceback
under INTAKE_DEBUG), or, for a text that is not a date with its time zone, took it silently as « no backup restored »:
the answers the marker holds for staff would then go a second time. Each is now one French line naming the file, what
is wrong in it and what to do (a ConfigError), never taken as no restore."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from intake.adapters import restored
from intake.errors import ConfigError

BAD = {
    "non-ascii": "2026-12-04T10:00:00+01:00 (après la coupure)\n".encode(),
    "latin-1 garbage": b"\xff\xfe\x00\xe9\x80garbage",
    "empty": b"",
    "blank": b"  \n\n",
    "not a date": b"hier soir\n",
    "no time zone": b"2026-12-04T10:00:00\n",
    "cut short": b"2026-12-04T1",
    "zeros after it": b"2026-12-04T10:00:00+00:00\n\x00\x00\x00\x00",
}


@pytest.mark.parametrize("content", BAD.values(), ids=BAD.keys())
def test_a_marker_that_is_not_a_date_with_its_time_zone_is_one_line_saying_what_to_do(tmp_path, content):
    (tmp_path / restored.NAME).write_bytes(content)
    with pytest.raises(ConfigError) as raised:
        restored.read(tmp_path)
    line = str(raised.value)
    assert "\n" not in line and "\x00" not in line and line.isprintable(), line
    assert line.startswith(f"{tmp_path / restored.NAME}: "), line
    assert "intake outbox restored" in line and f"rm {tmp_path / restored.NAME}" in line, line
    assert "par exemple 2026-12-04T10:00:00+01:00" in line, line


def test_the_line_says_what_is_wrong(tmp_path):
    marker = tmp_path / restored.NAME
    said = {}
    for name, content in BAD.items():
        marker.write_bytes(content)
        with pytest.raises(ConfigError) as raised:
            restored.read(tmp_path)
        said[name] = raised.value.problem
    assert said["non-ascii"].startswith("des caractères autres que ceux d'une date (octet n° 31)"), said
    assert said["empty"].startswith("le fichier est vide") and said["blank"].startswith("le fichier est vide"), said
    assert said["not a date"].startswith("« hier soir » n'est pas une date"), said
    assert said["no time zone"].startswith("« 2026-12-04T10:00:00 » n'a pas de fuseau horaire"), said
    assert said["zeros after it"].startswith("des caractères autres que ceux d'une date (octet n° 27)"), said


def test_a_folder_in_its_place_is_said_too(tmp_path):
    (tmp_path / restored.NAME).mkdir()
    with pytest.raises(ConfigError, match="c'est un dossier, pas un fichier"):
        restored.read(tmp_path)


def test_what_write_puts_there_and_a_date_typed_by_hand_are_read(tmp_path):
    assert restored.read(tmp_path) is None  # no backup restored here
    when = datetime(2026, 12, 4, 9, 30, 12, 345678, tzinfo=timezone.utc)
    restored.write(tmp_path, when)
    assert restored.read(tmp_path) == when
    (tmp_path / restored.NAME).write_text("2026-12-04 10:00+01:00\n", encoding="ascii")
    assert restored.read(tmp_path) == datetime(2026, 12, 4, 10, 0, tzinfo=timezone(timedelta(hours=1)))


def test_a_folder_in_its_place_is_told_to_be_moved_and_intake_outbox_restored_says_so_too(tmp_path):
    """`rm` does not remove a folder, and `intake outbox restored`, the other way out offered, stopped on
    « erreur inattendue IsADirectoryError »; what the folder holds is not known (a backup copied there?): moved."""
    folder = tmp_path / restored.NAME
    folder.mkdir()
    with pytest.raises(ConfigError) as read:
        restored.read(tmp_path)
    with pytest.raises(ConfigError) as written:
        restored.write(tmp_path, datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc))
    for said in (str(read.value), str(written.value)):
        assert f"mv {folder} {folder}.dossier" in said and f"rm {folder}" not in said, said
    assert folder.is_dir()
