"""A command that only reads (or acts on what is already there) creates nothing: run with a data_dir that does not
exist yet (a typo in config.toml, the wrong config, before the first poll) it made that folder and an empty
database there, and answered « Aucun dossier. » as if the service had received nothing. It now says, in one French
line, that the folder does not exist yet, names the file and the setting and what to do, exit 2. The commands that
file or send from nothing (poll, case new...) still make it."""

from __future__ import annotations

import pytest
from localsite import make_local

REF = "BSC-2026-0001"
READ_ONLY = [
    ("cases",), ("cases", "--json"), ("cases", "--csv"), ("case", REF), ("case", REF, "--json"),
    ("case", REF, "mail", "1"), ("quarantine", "list"), ("quarantine", "show", "1"), ("outbox", "list"),
    ("outbox", "show", "1"), ("purge", "--dry-run"), ("purge", "--log"), ("stats",), ("stats", "--json"),
    ("digest", "--preview", "--html", "{root}/apercu.html"),
    ("person", "jeanne@x.example", "--export", "--output", "{root}/export.zip"),
    ("quarantine", "eml", "1", "--output", "{root}/q.eml"),
]
ON_WHAT_IS_THERE = [  # they change a case, a quarantined message or a mail that cannot be there yet
    ("case", REF, "note", "vu"), ("case", REF, "status", "admissible"), ("case", REF, "seen"),
    ("reclassify", "--all"), ("quarantine", "dismiss", "1", "--reason", "x"), ("outbox", "handled", "1"),
    ("person", "jeanne@x.example", "--erase"),
]


def _refused(local, args) -> str:
    code, out = local.cli(*[a.format(root=local.root) for a in args])
    assert code == 2, out
    assert "Traceback" not in out and len(out.strip().splitlines()) == 1, out
    assert f"config.toml: data_dir: le dossier de données {local.root / 'data'} n'existe pas encore" in out, out
    assert "Vérifiez le réglage data_dir de " in out and "lancez d'abord intake poll" in out, out
    return out


@pytest.mark.parametrize("args", READ_ONLY + ON_WHAT_IS_THERE, ids=" ".join)
def test_a_command_that_reads_creates_no_data_dir(tmp_path, args):
    local = make_local(tmp_path)
    _refused(local, args)
    assert not (tmp_path / "data").exists()
    assert not any(tmp_path.glob("*.html")) and not any(tmp_path.glob("*.zip")) and not any(tmp_path.glob("*.eml"))


def test_the_first_poll_makes_it_then_the_same_commands_work(tmp_path):
    local = make_local(tmp_path)
    local.drop("nb", "1.eml", local.application(sender="Jeanne <jeanne@x.example>"))
    assert local.cli("cases")[0] == 2 and not (tmp_path / "data").exists()
    code, out = local.cli("poll")
    assert code == 0 and (tmp_path / "data" / "intake.db").exists(), out
    code, out = local.cli("cases")
    assert code == 0 and "jeanne@x.example" in out, out


def test_explain_writes_nothing_either(tmp_path):
    local = make_local(tmp_path)
    (tmp_path / "m.eml").write_bytes(local.application(sender="Jeanne <jeanne@x.example>"))
    code, out = local.cli("explain", str(tmp_path / "m.eml"))
    assert code == 0 and "Décision" in out, out
    assert not (tmp_path / "data").exists()


def test_a_data_dir_without_its_database_is_refused_too(tmp_path):
    local = make_local(tmp_path)
    (tmp_path / "data").mkdir()
    code, out = local.cli("cases")
    assert code == 2 and f"la base de données {tmp_path / 'data' / 'intake.db'} n'existe pas encore" in out, out
    assert not (tmp_path / "data" / "intake.db").exists()
