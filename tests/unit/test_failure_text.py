"""A failure's one line (a mailbox's last error: the database, the console, the digest, `intake poll`'s output; the
command line's « erreur inattendue » on stderr, the journal under systemd) names the error by its type, and a system
error by its errno and the system's words, never by Python's text, which quotes what the code held (a subject, a
file's name, an address in a street). The package's own French messages (a ConfigError naming file, line and fix) are
the answer meant for the user, and are kept."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from intake.adapters.failures import failure_text, kind
from intake.cli.guard import guard
from intake.errors import ConfigError, IntakeError

QUOTED = "Candidature Potager des Quatre-Vents de Jeanne Dupont, 12 rue des Lilas"


def test_a_bug_is_named_by_its_type_never_by_its_text():
    line = failure_text(KeyError(QUOTED))
    assert "KeyError" in line and "Jeanne" not in line and "Lilas" not in line, line


def test_a_system_error_keeps_its_errno_and_the_systems_words_not_its_file():
    line = failure_text(OSError(5, "Input/output error", f"/srv/intake/{QUOTED}.pdf"))
    assert line == "erreur du système OSError [EIO: Input/output error]", line
    assert kind(ConnectionResetError(104, "Connection reset by peer")) == \
        "ConnectionResetError [ECONNRESET: Connection reset by peer]"
    assert kind(ValueError(QUOTED)) == "ValueError"


def test_the_packages_own_french_messages_are_kept():
    said = "config.toml, ligne 3 : valeur refusée ; mettez un nombre"
    assert failure_text(IntakeError(said)) == said


def _run(exc: Exception) -> str:
    @click.command()
    @guard
    def boom():
        raise exc

    result = CliRunner().invoke(boom, [])
    return result.output


def test_the_command_lines_unexpected_error_names_the_type_alone(monkeypatch):
    monkeypatch.delenv("INTAKE_DEBUG", raising=False)
    out = _run(ValueError(QUOTED))
    assert "erreur inattendue ValueError" in out and "Jeanne" not in out and "INTAKE_DEBUG=1" in out, out
    out = _run(OSError(28, "No space left on device", f"/srv/{QUOTED}"))
    assert "ENOSPC" in out and "Jeanne" not in out, out


@pytest.mark.parametrize("error", [ConfigError("config.toml", "limits.max_mb", "« beaucoup » n'est pas un nombre ; "
                                                                              "mettez par exemple 25"),
                                   IntakeError("config.toml, ligne 3 : « beaucoup » n'est pas un nombre")])
def test_the_command_line_keeps_a_french_answer_to_bad_input(monkeypatch, error):
    monkeypatch.delenv("INTAKE_DEBUG", raising=False)
    assert str(error) in _run(error)


def test_a_full_disk_is_said_as_such_with_what_to_do_wherever_it_was_met():
    """The file store (ENOSPC), SQLite (SQLITE_FULL) and PostgreSQL (53100) each met a full disk: one French line
    naming the folder and what to run, never the file's name nor the driver's English."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    data_dir = Path("/var/lib/intake")
    store = failure_text(OSError(28, "No space left on device", f"/var/lib/intake/files/{QUOTED}.pdf"), data_dir)
    assert store.startswith("disque plein : plus de place sur le disque de /var/lib/intake [ENOSPC: No space left "
                            "on device] ; libérez de la place (df -h /var/lib/intake)"), store
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13
    line = failure_text(OperationalError("INSERT ...", {}, full), data_dir)
    assert line.startswith("disque plein : plus de place sur le disque de la base SQLite (/var/lib/intake)"), line
    assert "OperationalError" not in line and "database or disk" not in line and QUOTED not in store + line
