"""Where trust (issue 8) meets privacy (issue 9): a case's recorded addresses in a person's export and
erasure, a cited case deleted under its link, the upgrade of a database that already had cases, and
nothing of an ignored forward's authentication evidence kept."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from intake.commands import samples
from intake.core.addresses import role_label
from intake.pipeline.poll import poll_all
from intake.pipeline.send import send_due
from intake.store.database import make_engine, session
from intake.store.tables import Case, CaseAddress, CaseEvent, Inbound

NB = "n.bataillon@ville-bethune.fr"
VERA, OTHER, COLLEAGUE, MALLORY = ("vera@asso.example", "vera.perso@mail.example", "collegue@asso.example",
                                   "mallory@evil.example")
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
INTAKE = Config()
INTAKE.set_main_option("script_location", str(__import__("intake").__path__[0] + "/store/migrations"))


def raw_bytes(local) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((local.root / "data").rglob("*")) if p.is_file())


def cases(local) -> dict[str, Case]:
    with session(local.app().engine) as s:
        return {c.applicant: c for c in s.exec(select(Case).order_by(Case.id))}


def export(local, address: str, tmp_path) -> dict:
    target = tmp_path / f"{address}.zip"
    code, out = local.cli("person", address, "--export", "--output", str(target))
    assert code == 0, out
    with zipfile.ZipFile(target) as z:
        return json.loads(z.read("index.json"))


@pytest.fixture
def vera_case(local):
    """Vera applies with a colleague in Cc; staff confirm her personal address; a stranger cites her case."""
    local.drop("nb", "1.eml", local.application(sender=f"Vera <{VERA}>", cc=[COLLEAGUE], date=T0))
    poll_all(local.app(T0))
    ref = cases(local)[VERA].reference
    code, out = local.cli("case", ref, "address", OTHER, "--by", "agent")
    assert code == 0, out
    local.drop("nb", "2.eml", samples.email(sender=MALLORY, to=[NB], subject=f"RE: {ref}", date=T0 + timedelta(hours=1),
                                            attachments=[("lettre.pdf", samples.pdf("Monsieur le Maire"),
                                                          "application/pdf")]))
    poll_all(local.app(T0 + timedelta(hours=1)))
    send_due(local.app(T0 + timedelta(hours=1)))
    assert cases(local)[MALLORY].linked_case_id == cases(local)[VERA].id
    return ref


def test_an_address_staff_confirmed_owns_the_case_and_a_named_one_only_sees_that_it_was_named(local, vera_case,
                                                                                               tmp_path):
    own = export(local, OTHER, tmp_path)
    assert [c["reference"] for c in own["dossiers"]] == [vera_case]
    assert {a["adresse"]: a["role"] for a in own["dossiers"][0]["adresses"]} == {
        VERA: role_label("applicant"), OTHER: role_label("applicant"), COLLEAGUE: role_label("named")}
    named = export(local, COLLEAGUE, tmp_path)
    assert named["dossiers"] == []  # someone else's application: not theirs to read
    assert [(a["dossier"], a["origine"]) for a in named["adresse_citee_dans_d_autres_dossiers"]] == [
        (vera_case, "en copie d'un message du demandeur")]


def test_erasing_a_named_address_keeps_the_case_and_the_address_can_no_longer_speak_for_it(local, vera_case):
    code, out = local.cli("person", COLLEAGUE, "--erase", "--by", "dpo")
    assert code == 0, out
    assert "0 dossier" in out and "1 mention comme adresse citée" in out
    assert vera_case == cases(local)[VERA].reference
    with session(local.app().engine) as s:
        assert [a.address for a in s.exec(select(CaseAddress))] == [VERA, OTHER, MALLORY]
    assert not [t for t in _texts(local) if COLLEAGUE in t]  # nor quoted in the history (her raw mail still says Cc)


def _texts(local) -> list[str]:
    with session(local.app().engine) as s:
        return [e.detail for e in s.exec(select(CaseEvent))] + [c.attention for c in s.exec(select(Case))]


def test_erasing_a_case_a_stranger_cited_unlinks_the_strangers_case(local, vera_case):
    code, out = local.cli("person", VERA, "--erase", "--force", "--by", "dpo")
    assert code == 0, out
    left = cases(local)
    assert list(left) == [MALLORY] and left[MALLORY].linked_case_id is None
    with session(local.app().engine) as s:
        events = [e.detail for e in s.exec(select(CaseEvent).where(CaseEvent.case_id == left[MALLORY].id))]
        assert not s.exec(select(CaseAddress).where(CaseAddress.address.in_((VERA, OTHER, COLLEAGUE)))).all()
    assert f"le dossier cité {vera_case} a été supprimé (règle effacement)" in events
    for gone in (VERA, OTHER, COLLEAGUE):
        assert gone.encode() not in raw_bytes(local), gone


@pytest.mark.sqlite_only  # builds an old SQLite installation by hand
def test_an_installation_with_cases_upgrades_to_the_trust_schema(local):
    data = local.root / "data"
    engine = make_engine(f"sqlite:///{data / 'intake.db'}")
    with engine.begin() as connection:
        INTAKE.attributes["connection"] = connection
        command.upgrade(INTAKE, "0008")  # the schema before trust's migration
    raw = local.application(sender=f"Vera <{VERA}>", message_id="<app-1@asso.example>", date=T0)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO \"case\" (id, reference, year, seq, status, status_reason, applicant, applicant_name, title,"
            " reply_from, attention, fields, received_at, created_at, updated_at) VALUES (1, 'BSC-2026-0001', 2026, 1,"
            " 'complete', '', 'Vera@Asso.example', '', '', :nb, '', '{}', :t, :t, :t)"), {"nb": NB, "t": T0})
        connection.execute(text(
            "INSERT INTO inbound (mailbox, folder, uidvalidity, uid, identity, message_id, internal_date, size,"
            " raw_sha256, fate, reason, rules_version, from_addr, subject, case_id, created_at) VALUES ('nb',"
            " 'INBOX', 1, 1, 'mid:app-1@asso.example', 'app-1@asso.example', :t, 100, '', 'filed', 'candidature', '',"
            " :vera, 'Candidature', 1, :t)"), {"t": T0, "vera": VERA})
    engine.dispose()
    result = subprocess.run([sys.executable, "-m", "intake", "--config", str(local.config), "cases"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(data / "intake.db") as db:
        assert db.execute("SELECT case_id, address, role, source FROM caseaddress").fetchall() == [
            (1, VERA, "applicant", "opening")]
        assert db.execute("SELECT fingerprint FROM inbound").fetchall() == [("",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    with session(local.app().engine) as s:  # foreign keys are enforced again, the new one included
        s.add(Case(reference="BSC-2026-0002", year=2026, seq=2, status="review", applicant="x@x.example",
                   received_at=T0, created_at=T0, updated_at=T0, linked_case_id=99))
        with pytest.raises(IntegrityError):
            s.commit()
    local.drop("db", "1.eml", raw)  # its copy in the other mailbox, after the upgrade: still a copy
    poll_all(local.app(T0 + timedelta(days=1)))
    with session(local.app().engine) as s:
        assert [r.fate for r in s.exec(select(Inbound).order_by(Inbound.id))] == ["filed", "duplicate"]


def test_nothing_of_an_ignored_forward_s_authentication_results_is_kept(local):
    marker = "ZQXAUTHRES7731"
    local.config.write_text(local.config.read_text() + '\n[trust]\nauthserv_id = "mx.ville-bethune.fr"\n')
    forward = samples.email(sender="Urbanisme <urbanisme@ville-bethune.fr>", to=[NB], subject="TR: pour info",
                            body="---------- Message transféré ---------\nDe : Rita <rita@cible.example>\n\nVoici.",
                            headers={"Authentication-Results": f"mx.ville-bethune.fr; dkim=fail header.d={marker}."
                                                               f"example; dmarc=fail header.from={marker}.example"})
    local.drop("nb", "1.eml", forward)
    poll_all(local.app(T0))
    with session(local.app().engine) as s:
        (row,) = s.exec(select(Inbound)).all()
    assert row.fate == "ignored" and row.fingerprint == "" and row.raw_sha256 == "" and row.subject == ""
    assert marker.encode() not in raw_bytes(local) and marker.lower().encode() not in raw_bytes(local)


def test_the_receipt_never_carries_a_display_name_a_sender_chose(local, tmp_path):
    from test_receipt import pdf_text, receipts

    lure = "Votre compte est suspendu, connectez-vous sur http://evil.example"
    local.drop("nb", "1.eml", local.application(sender=f'"{lure}" <{VERA}>', date=T0))
    poll_all(local.app(T0))
    send_due(local.app(T0))
    (ack,) = local.sent()
    text = " ".join(pdf_text(receipts(ack)[0], tmp_path).split())
    assert cases(local)[VERA].reference in text and VERA in text
    assert "evil.example" not in text and "suspendu" not in text
