"""Upgrading an installation that stored every message: the bodies of ignored mail are deleted, and the space freed
said."""

from __future__ import annotations

import subprocess
import sys

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from intake.adapters.storage import BlobStore
from intake.store.database import make_engine

pytestmark = pytest.mark.sqlite_only  # it builds an old SQLite installation by hand

INTAKE = Config()
INTAKE.set_main_option("script_location", str(__import__("intake").__path__[0] + "/store/migrations"))
T0 = "2026-11-02 09:00:00.000000"


def old_installation(local) -> dict[str, str]:
    """The schema before minimisation, with what it used to keep: raw bytes and subjects of every message."""
    data = local.root / "data"
    engine = make_engine(f"sqlite:///{data / 'intake.db'}")
    with engine.begin() as connection:
        INTAKE.attributes["connection"] = connection
        command.upgrade(INTAKE, "0006")  # the schema just before this migration
    blobs = BlobStore(data / "files")
    raw = {name: blobs.put(f"Subject: {name}\n\nle corps du message {name} " .encode() + b"x" * 5000)
           for name in ("newsletter", "application", "twice")}
    rows = [  # (uid, fate, raw, subject, reason, case)
        (1, "ignored", raw["newsletter"], "Lettre n° 412 : les secrets", "bulk: liste (en-tête list-id)", None),
        (2, "filed", raw["application"], "Candidature", "candidature : 3 pièce(s)", 1),
        (3, "duplicate", raw["application"], "Candidature", "même message déjà reçu", 1),
        (4, "ignored", raw["twice"], "Réponse automatique : congés de Jeanne",
         "automatic: objet de réponse automatique « Réponse automatique : congés de Jeanne »", None),
    ]
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO \"case\" (id, reference, year, seq, status, status_reason, applicant, applicant_name, title,"
            " reply_from, attention, fields, received_at, created_at, updated_at) VALUES (1, 'BSC-2026-0001', 2026, 1,"
            " 'complete', '', 'a@x.example', '', '', 'n.bataillon@ville-bethune.fr', '', '{}', :t, :t, :t)"),
            {"t": T0})
        for uid, fate, sha, subject, reason, case in rows:
            connection.execute(text(
                "INSERT INTO inbound (mailbox, folder, uidvalidity, uid, identity, message_id, internal_date, size,"
                " raw_sha256, fate, reason, rules_version, from_addr, subject, case_id, created_at) VALUES ('nb',"
                " 'INBOX', 1, :uid, :identity, '', :t, 5000, :sha, :fate, :reason, '', 'x@x.example', :subject, :case,"
                " :t)"), {"uid": uid, "identity": f"mid:m{uid}@x", "t": T0, "sha": sha, "fate": fate, "reason": reason,
                          "subject": subject, "case": case})
    engine.dispose()
    return raw


def test_the_upgrade_deletes_the_stored_bodies_of_ignored_mail_and_says_how_much_it_freed(local):
    raw = old_installation(local)
    store = BlobStore(local.root / "data" / "files")
    freed = sum(store.path(raw[n]).stat().st_size for n in ("newsletter", "twice"))
    result = subprocess.run([sys.executable, "-m", "intake", "--config", str(local.config), "cases"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"deleted 2 stored file(s) that nothing needs any more: {freed / 1e6:.1f} MB freed" in result.stderr
    assert not store.path(raw["newsletter"]).exists() and not store.path(raw["twice"]).exists()
    assert store.path(raw["application"]).exists()  # filed: still needed (and shared with its copy's row)
    engine = make_engine(f"sqlite:///{local.root / 'data' / 'intake.db'}")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT uid, raw_sha256, subject, reason FROM inbound ORDER BY uid")).all()
        log = connection.execute(text("SELECT rule, items, files, bytes, what FROM purgelog ORDER BY id")).all()
    assert [(r.uid, bool(r.raw_sha256), r.subject) for r in rows] == [
        (1, False, ""), (2, True, "Candidature"), (3, False, ""), (4, False, "")]
    assert rows[3].reason == "automatic: objet de réponse automatique"
    assert [(e.rule, e.items, e.files) for e in log] == [("minimisation", 3, 3), ("fichiers", 0, 2)]
    assert log[1].bytes == freed and "libérés" in log[1].what
    everything = b"".join(p.read_bytes() for p in (local.root / "data").rglob("*") if p.is_file())
    for gone in ("les secrets", "congés de Jeanne", "corps du message newsletter"):
        assert gone.encode() not in everything, gone
    second = subprocess.run([sys.executable, "-m", "intake", "--config", str(local.config), "cases"],
                            capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and "freed" not in second.stderr  # once


def test_a_fresh_installation_logs_no_cleanup(local):
    result = subprocess.run([sys.executable, "-m", "intake", "--config", str(local.config), "poll"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stderr == ""
    engine = make_engine(f"sqlite:///{local.root / 'data' / 'intake.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM purgelog")).scalar() == 0

