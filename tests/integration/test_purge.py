"""`intake purge`: each rule of rules/retention.toml on a real SQLite database and file store, at chosen times."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlmodel import select

from intake.commands import samples
from intake.commands.purge import purge
from intake.commands.staff import record_decision
from intake.core.retention import add_months
from intake.pipeline.poll import poll_all
from intake.pipeline.send import send_due
from intake.store.database import session
from intake.store.tables import Address, Case, CaseEvent, CaseStat, Inbound, Outbox, Piece, PurgeLog

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)


def poll(local, at):
    app = local.app(at)
    reports = poll_all(app)
    send_due(app)
    return reports


def files(local) -> set[str]:
    root = local.root / "data" / "files"
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def dump(local) -> list[str]:
    connection = sqlite3.connect(local.root / "data" / "intake.db")
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def read_again(local):
    """As if the mailboxes' UIDVALIDITY had changed: what was recorded was under another one; read it all again."""
    with session(local.app().engine) as s:
        s.exec(text("UPDATE inbound SET uidvalidity = 0"))
        s.exec(text("UPDATE mailboxstate SET uidvalidity = 0"))
        s.commit()


def raw_bytes(local) -> bytes:
    """Every byte under data_dir: files, database, write-ahead log."""
    return b"".join(p.read_bytes() for p in sorted((local.root / "data").rglob("*")) if p.is_file())


def case_of(local, applicant: str) -> Case | None:
    with session(local.app().engine) as s:
        return s.exec(select(Case).where(Case.applicant == applicant)).first()


def shas(local, reference: str) -> set[str]:
    with session(local.app().engine) as s:
        case = s.exec(select(Case).where(Case.reference == reference)).one()
        pieces = {p.sha256 for p in s.exec(select(Piece).where(Piece.case_id == case.id))}
        raws = {m.raw_sha256 for m in s.exec(select(Inbound).where(Inbound.case_id == case.id)) if m.raw_sha256}
    return pieces | raws


@pytest.fixture
def four_cases(local):
    """At T0: one incomplete application and three complete ones; ten days later staff decide on three."""
    for n, (who, pieces) in enumerate([("incomplet@x.example", ("dossier",)), ("refus@x.example", None),
                                       ("label@x.example", None), ("recevable@x.example", None)], 1):
        kw = {"pieces": pieces} if pieces else {}
        local.drop("nb", f"{n}.eml", local.application(sender=who, date=T0, **kw))
    poll(local, T0)
    decided = T0 + 10 * DAY
    app = local.app(decided)
    refs = {who: case_of(local, f"{who}@x.example").reference for who in ("incomplet", "refus", "label", "recevable")}
    record_decision(app, refs["refus"], "declined", "hors du territoire", "agent", notify=False)
    record_decision(app, refs["label"], "labelled", "comité du 3 décembre", "agent", notify=False)
    record_decision(app, refs["recevable"], "admissible", "", "agent", notify=False)
    return refs, decided


def test_each_case_rule_deletes_its_cases_exactly_when_due_and_keeps_a_statistics_line(local, four_cases):
    refs, decided = four_cases
    others = set().union(*(shas(local, refs[k]) for k in ("refus", "label", "recevable")))
    own, shared = shas(local, refs["incomplet"]) - others, shas(local, refs["incomplet"]) & others
    assert own and shared and own | shared <= files(local)  # the same dossier.pdf was sent by everyone

    six_months = add_months(T0, 6)
    assert purge(local.app(six_months - DAY)).cases == []
    report = purge(local.app(six_months + DAY))
    assert report.cases == [(refs["incomplet"], "dossiers_incomplets")]
    assert case_of(local, "incomplet@x.example") is None
    assert not own & files(local) and shared <= files(local)

    flagged = purge(local.app(add_months(decided, 6) + DAY))  # admissible, no news for 6 months: staff are told
    assert flagged.cases == [] and [u.reference for u in flagged.undecided] == [refs["recevable"]]
    assert flagged.undecided[0].deleted_at == add_months(decided, 24)
    assert purge(local.app(add_months(decided, 6) - DAY)).undecided == []
    two_years = add_months(decided, 24)
    assert purge(local.app(two_years - DAY)).cases == []
    assert sorted(purge(local.app(two_years + DAY)).cases) == sorted([(refs["refus"], "dossiers_non_retenus"),
                                                                      (refs["recevable"], "dossiers_sans_decision")])

    five_years = add_months(decided, 60)  # the label's 3 years, then 2
    assert purge(local.app(five_years - DAY)).cases == []
    assert purge(local.app(five_years + DAY)).cases == [(refs["label"], "dossiers_labellises")]

    assert case_of(local, "recevable@x.example") is None  # forgotten undecided: flagged for 18 months, then gone

    with session(local.app().engine) as s:
        lines = {c.reference: c for c in s.exec(select(CaseStat))}
        log = s.exec(select(PurgeLog).where(PurgeLog.reference != "")).all()
    assert set(lines) == {refs["incomplet"], refs["refus"], refs["label"], refs["recevable"]}
    label = lines[refs["label"]]
    assert (label.status, label.statuses, label.rule) == ("labelled", "complete > labelled", "dossiers_labellises")
    assert label.decided_at == decided and label.received_at == T0
    assert (label.pieces, label.messages, label.mails) == (3, 1, 1)
    assert lines[refs["incomplet"]].statuses == "incomplete"
    assert sorted((e.reference, e.rule) for e in log) == sorted([(refs["incomplet"], "dossiers_incomplets"),
                                                                (refs["refus"], "dossiers_non_retenus"),
                                                                (refs["recevable"], "dossiers_sans_decision"),
                                                                (refs["label"], "dossiers_labellises")])


@pytest.mark.sqlite_only  # reads the SQLite file's bytes
def test_a_deleted_case_keeps_no_personal_data_anywhere_in_the_database(local, four_cases):
    refs, decided = four_cases
    purge(local.app(add_months(decided, 25)))
    everything = raw_bytes(local)
    assert refs["refus"].encode() in everything  # the statistics line and the purge log
    for gone in ("refus@x.example", "incomplet@x.example", "recevable@x.example", "hors du territoire"):
        assert gone.encode() not in everything, gone  # not in a row, a free page or the write-ahead log
    assert b"label@x.example" in everything  # not due yet


def test_a_message_of_a_deleted_case_read_again_opens_no_case_and_sends_nothing(local, four_cases):
    refs, decided = four_cases
    later = add_months(T0, 7)
    purge(local.app(later))
    sent_before = len(local.sent())
    read_again(local)
    poll(local, later)
    assert case_of(local, "incomplet@x.example") is None
    assert len(local.sent()) == sent_before
    with session(local.app().engine) as s:
        again = s.exec(select(Inbound).where(Inbound.uid == 1, Inbound.id > 4)).one()
    assert again.fate == "duplicate" and again.case_id is None


def test_a_file_shared_by_two_cases_is_deleted_only_when_neither_needs_it(local):
    shared = samples.pdf("Dossier d'intention commun")
    for n, who in enumerate(("a@x.example", "b@x.example"), 1):
        local.drop("nb", f"{n}.eml", samples.email(
            sender=who, to=["n.bataillon@ville-bethune.fr"], subject="Candidature", date=T0 + n * 40 * DAY,
            attachments=[("dossier.pdf", shared, "application/pdf")]))
    poll(local, T0 + 90 * DAY)
    with session(local.app().engine) as s:
        (sha,) = {p.sha256 for p in s.exec(select(Piece))}
        assert len(s.exec(select(Piece)).all()) == 2
    first_ref = case_of(local, "a@x.example").reference
    first = purge(local.app(add_months(T0 + 40 * DAY, 6) + DAY))
    assert [r for r, _ in first.cases] == [first_ref]
    assert sha in files(local) and first.files == 1  # the first case's raw message went, the shared dossier stays
    second = purge(local.app(add_months(T0 + 80 * DAY, 6) + DAY))
    assert len(second.cases) == 1 and sha not in files(local)


def test_a_dry_run_changes_nothing_and_announces_exactly_what_the_real_run_does(local, four_cases):
    refs, decided = four_cases
    local.drop("nb", "5.eml", samples.email(sender="news@lettre.example", to=["n.bataillon@ville-bethune.fr"],
                                            subject="Lettre", date=T0, headers={"List-Id": "<l.example>"}))
    poll(local, T0)
    when = add_months(decided, 25)
    before_db, before_files = dump(local), files(local)
    dry = purge(local.app(when), dry_run=True)
    assert dump(local) == before_db and files(local) == before_files
    assert dry.cases and dry.counts["messages_ignores"] == 1 and dry.files > 0
    real = purge(local.app(when))
    assert (real.cases, real.counts, real.files, real.bytes) == (dry.cases, dry.counts, dry.files, dry.bytes)
    assert files(local) < before_files and len(before_files - files(local)) == dry.files


def test_quarantined_content_is_kept_thirty_days_then_only_the_ledger_line_remains(local):
    local.drop("nb", "1.eml", b"  \r\n")  # unreadable: quarantined, raw kept for staff
    poll(local, T0)
    with session(local.app().engine) as s:
        row = s.exec(select(Inbound)).one()
    assert row.fate == "quarantined" and row.raw_sha256 in files(local)
    assert purge(local.app(T0 + 29 * DAY)).counts == {}
    assert purge(local.app(T0 + 31 * DAY)).counts == {"quarantaine": 1}
    with session(local.app().engine) as s:
        row = s.exec(select(Inbound)).one()
    assert row.fate == "quarantined" and row.raw_sha256 == "" and "contenu supprimé après 30 jours" in row.reason
    assert files(local) == set()


def test_what_a_bug_s_exception_quoted_goes_with_the_quarantined_message_s_content(local, monkeypatch):
    """A bug on one message quarantines it, and its ledger row's reason keeps the exception's text for staff, which
    quotes what the code held (here the subject). After 30 days (`quarantaine`) the raw message and the subject went,
    and that text stayed in the reason, with the sender's address, until `messages_ignores` (60 days). It goes with
    the content now: the reason keeps the exception's type."""
    from intake.pipeline import ingest

    def failing(msg, *args, **kwargs):
        raise KeyError(msg.subject)  # a bug, as Python words it

    monkeypatch.setattr(ingest, "decide", failing)
    local.drop("nb", "1.eml", local.application(sender="Jeanne Vasseur <jeanne.vasseur@asso.example>",
                                                subject="Potager partagé des Quatre-Vents", pieces=("dossier",),
                                                date=T0))
    poll(local, T0)
    with session(local.app().engine) as s:
        row = s.exec(select(Inbound)).one()
    assert row.fate == "quarantined" and "Quatre-Vents" in row.reason and "Quatre-Vents" in row.subject
    assert purge(local.app(T0 + 31 * DAY)).counts == {"quarantaine": 1}
    with session(local.app().engine) as s:
        row = s.exec(select(Inbound)).one()
    assert row.raw_sha256 == "" and row.subject == "" and "KeyError" in row.reason
    assert "Quatre-Vents" not in row.reason, row.reason


def test_the_ledger_of_messages_not_filed_becomes_anonymous_traces_after_sixty_days(local):
    local.drop("nb", "1.eml", samples.email(sender="Collègue <urbanisme@ville-bethune.fr>",
                                            to=["n.bataillon@ville-bethune.fr"], subject="Réunion", date=T0,
                                            message_id="<reunion-42@ville-bethune.fr>"))
    poll(local, T0)
    assert purge(local.app(T0 + 59 * DAY)).counts == {}
    assert purge(local.app(T0 + 61 * DAY)).counts == {"messages_ignores": 1}
    with session(local.app().engine) as s:
        row = s.exec(select(Inbound)).one()
    assert row.fate == "ignored" and row.from_addr == "" and row.message_id == "" and row.identity.startswith("trace:")
    assert b"urbanisme" not in raw_bytes(local) and b"reunion-42" not in raw_bytes(local)
    read_again(local)  # recognised by its trace
    poll(local, T0 + 62 * DAY)
    with session(local.app().engine) as s:
        assert [r.fate for r in s.exec(select(Inbound).order_by(Inbound.id))] == ["ignored", "duplicate"]


def test_mail_to_staff_and_flagged_addresses_have_their_own_rules(local):
    """Each its rule (the console's sign-ins: test_the_purge_forgets_the_console_s_ended_sessions... below)."""
    app = local.app(T0)
    with session(app.engine) as s:
        s.add(Outbox(kind="digest", from_addr="n@x", to_addr="d@x", subject="point", message_id="d1@x",
                     raw=b"cite candidat@x.example", status="sent", created_at=T0))
        s.add(Outbox(kind="digest", from_addr="n@x", to_addr="d@x", subject="point", message_id="d2@x",
                     raw=b"pas encore parti", status="pending", created_at=T0))
        s.add(Address(address="gone@x.example", undeliverable=True, reason="5.1.1", updated_at=T0))
        s.commit()
    assert purge(local.app(T0 + 29 * DAY)).counts == {}
    assert purge(local.app(T0 + 31 * DAY)).counts == {"courriels_internes": 1}
    assert purge(local.app(add_months(T0, 12) + DAY)).counts == {"adresses_signalees": 1}
    with session(local.app().engine) as s:
        assert [o.message_id for o in s.exec(select(Outbox))] == ["d2@x"]  # a mail not yet sent stays
        assert s.exec(select(Address)).all() == []


def test_the_digest_s_day_rows_and_their_recipients_go_with_the_digests_but_the_last_one(local):
    """A digest's day row names its recipients: kept as long as the mails it records (courriels_internes), not for
    ever; the newest stays, it is what makes the digest once a day."""
    from intake.commands.send_digest import make_digest
    from intake.store.tables import Digest

    for at in (T0, T0 + DAY, T0 + 40 * DAY):
        make_digest(local.app(at), force=True)
    report = purge(local.app(T0 + 45 * DAY))
    with session(local.app().engine) as s:
        rows = s.exec(select(Digest)).all()
        logged = s.exec(select(PurgeLog).where(PurgeLog.rule == "courriels_internes")).one()
    assert [r.created_at for r in rows] == [T0 + 40 * DAY]
    assert report.counts["courriels_internes"] == 4 + 2  # two digests to two recipients, and their two days
    assert "2 jours de récapitulatif (date et destinataires) oubliés" in logged.what
    assert make_digest(local.app(T0 + 40 * DAY + timedelta(hours=1))).outcome == "already-sent"


def test_a_message_dismissed_from_quarantine_loses_its_content_at_the_next_purge(local):
    local.drop("nb", "1.eml", b"  \r\n")
    poll(local, T0)
    with session(local.app().engine) as s:
        row = s.exec(select(Inbound)).one()
        row.fate, row.reason = "ignored", "écarté par le service"
        s.add(row)
        s.commit()
    assert purge(local.app(T0 + DAY)).counts == {"minimisation": 1}
    assert files(local) == set()


def test_statistics_survive_the_purge(local, four_cases):
    refs, decided = four_cases
    code, before = local.cli("stats", "--json")
    assert code == 0, before
    purge(local.app(add_months(decided, 61)))
    code, after = local.cli("stats", "--json")
    (year,) = json.loads(after)
    assert year == {**json.loads(before)[0], "deleted": 4}
    assert year["cases"] == 4 and year["by_status"] == {"admissible": 1, "declined": 1, "incomplete": 1, "labelled": 1}


def test_the_purge_log_says_what_when_and_which_rule(local, four_cases):
    refs, decided = four_cases
    purge(local.app(add_months(T0, 7)), actor="dpo")
    code, out = local.cli("purge", "--log")
    assert code == 0, out
    line = next(line for line in out.splitlines() if refs["incomplet"] in line)
    assert "dossiers_incomplets" in line and "[dpo]" in line and add_months(T0, 7).strftime("%d/%m/%Y") in line
    assert re.search(r"\b(1 fichier supprimé|\d+ fichiers supprimés) du disque", out), out


def test_the_new_case_after_a_deleted_one_never_reuses_its_number(local):
    local.drop("nb", "1.eml", local.application(sender="a@x.example", pieces=("dossier",), date=T0))
    poll(local, T0)
    purge(local.app(add_months(T0, 7)))
    local.drop("nb", "2.eml", local.application(sender="b@x.example", date=add_months(T0, 1)))
    poll(local, add_months(T0, 7))
    assert case_of(local, "b@x.example").reference == "BSC-2026-0002"


def test_purge_on_the_command_line_under_faketime(local, tmp_path):
    """The real clock, shifted by libfaketime: the command applies the rules to today's date."""
    import shutil
    import subprocess
    import sys

    if not shutil.which("faketime"):
        pytest.fail("faketime is missing: apt-get install faketime (scripts/test.sh installs it)")
    local.drop("nb", "1.eml", local.application(sender="a@x.example", pieces=("dossier",),
                                                date=datetime.now(timezone.utc) - 3 * DAY))
    assert local.cli("poll")[0] == 0
    command = [sys.executable, "-m", "intake", "--config", str(local.config), "purge"]
    soon = subprocess.run(["faketime", "-f", "+150d", *command, "--dry-run"], capture_output=True, text=True,
                          timeout=120)
    assert soon.returncode == 0, soon.stderr
    assert "Rien à supprimer" in soon.stdout and "À venir dans les 30 jours" in soon.stdout
    late = subprocess.run(["faketime", "-f", "+200d", *command], capture_output=True, text=True, timeout=120)
    assert late.returncode == 0, late.stderr
    assert "BSC-" in late.stdout and "dossiers_incomplets" in late.stdout
    assert local.cli("cases", "--json")[1].strip() == "[]"


def test_the_worker_purges_every_day_at_the_configured_time(local):
    from intake.worker import build_scheduler

    local.config.write_text(local.config.read_text() + '\n[privacy]\npurge_time = "04:15"\n', encoding="utf-8")
    (job,) = [j for j in build_scheduler(local.app()).get_jobs() if j.id == "purge"]
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"], fields["day"]) == ("4", "15", "*")
    local.config.write_text(local.config.read_text().replace('"04:15"', '"4h75"'), encoding="utf-8")
    code, out = local.cli("purge", "--dry-run")
    assert code == 2 and "privacy.purge_time" in out and "03:30" in out


def test_a_quarantined_message_dismissed_or_retried_into_ignored_keeps_no_content(local):
    local.drop("nb", "1.eml", b"  \r\n")
    local.drop("nb", "2.eml", b"   \r\n")
    poll(local, T0)
    with session(local.app().engine) as s:
        rows = s.exec(select(Inbound).order_by(Inbound.id)).all()
    assert [r.fate for r in rows] == ["quarantined", "quarantined"] and all(r.raw_sha256 in files(local) for r in rows)
    code, out = local.cli("quarantine", "dismiss", "1", "--reason", "message vide", "--by", "Marc")
    assert code == 0, out
    with session(local.app().engine) as s:
        row = s.get(Inbound, 1)
    assert row.fate == "ignored" and row.raw_sha256 == "" and row.subject == ""
    assert files(local) == {rows[1].raw_sha256}  # the dismissed message's bytes are gone at once
    app = local.app()
    with session(app.engine) as s:  # a quarantined newsletter (say, over a limit then) retried: ignored
        raw = samples.email(sender="lettre@gazette.example", to=["n.bataillon@ville-bethune.fr"], subject="Lettre",
                            headers={"List-Id": "<g.example>"})
        s.add(Inbound(mailbox="nb", folder="INBOX", uidvalidity=1, uid=50, identity="uid:nb:1:50", size=len(raw),
                      internal_date=T0, raw_sha256=app.blobs.put(raw), subject="Lettre", fate="quarantined",
                      reason="trop de parties", created_at=T0))
        s.commit()
    code, out = local.cli("quarantine", "retry", "3", "--by", "Nadia")
    assert code == 0 and "ignoré" in out, out
    with session(local.app().engine) as s:
        row = s.get(Inbound, 3)
    assert row.fate == "ignored" and row.raw_sha256 == "" and row.subject == ""
    assert files(local) == {rows[1].raw_sha256}


def test_mail_written_to_outbox_dir_goes_with_its_outbox_row_by_purge_and_erasure(local):
    """A dry run (outbox_dir instead of [smtp]) writes every mail to a folder: acknowledgements with their
    receipt, digests citing applicants. Each file goes when the purge or an erasure deletes its mail."""
    from intake.commands.person import erase
    from intake.commands.send_digest import make_digest

    local.drop("nb", "1.eml", local.application(sender="a@x.example", pieces=("dossier",), date=T0))
    local.drop("nb", "2.eml", local.application(sender="b@x.example", date=T0))
    poll(local, T0)
    make_digest(local.app(T0 + DAY), force=True)
    send_due(local.app(T0 + DAY))
    written = local.root / "outbox"

    def recipients() -> list[str]:
        return sorted(p.name.split("-", 1)[1] for p in written.glob("*.eml"))

    assert recipients() == ["a@x.example.eml", "b@x.example.eml", "d.berteloot@ville-bethune.fr.eml",
                            "n.bataillon@ville-bethune.fr.eml"]
    purge(local.app(T0 + 32 * DAY))  # the digests' rows (courriels_internes, 30 days) and their files
    assert recipients() == ["a@x.example.eml", "b@x.example.eml"]
    purge(local.app(add_months(T0, 7)))  # a's incomplete case (dossiers_incomplets, 6 months) and its mail
    assert recipients() == ["b@x.example.eml"]
    local.drop("nb", "3.eml", local.application(sender="c@x.example", date=add_months(T0, 7)))
    poll(local, add_months(T0, 7))  # numbered after the highest: the gaps left by the purge are no collision
    assert recipients() == ["b@x.example.eml", "c@x.example.eml"]
    erase(local.app(add_months(T0, 7)), "b@x.example", force=True, actor="dpo")
    assert recipients() == ["c@x.example.eml"]
    with session(local.app().engine) as s:
        assert any("outbox_dir" in e.what for e in s.exec(select(PurgeLog)))


def test_files_a_failed_filing_left_behind_are_deleted_by_the_purge_once_nothing_can_be_writing_them(local,
                                                                                                      monkeypatch):
    """A bug while an application is filed, after its pieces were written: the message is quarantined (its raw
    bytes kept for staff), the transaction is rolled back, and the pieces' files are named by nothing, not even
    the trash. A kill -9 between writing and committing leaves the same. The purge deletes them, but never a
    file written within the hour (a filing not yet committed) nor one a row names."""
    import intake.pipeline.ingest as ingest

    real_apply = ingest.apply

    def apply_then_fail(*args, **kw):
        real_apply(*args, **kw)
        raise RuntimeError("a bug after the pieces were written")

    monkeypatch.setattr(ingest, "apply", apply_then_fail)
    now = datetime.now(timezone.utc)
    local.drop("nb", "1.eml", local.application(sender="a@x.example", date=now))
    poll(local, now)
    monkeypatch.setattr(ingest, "apply", real_apply)
    with session(local.app().engine) as s:
        (row,) = s.exec(select(Inbound)).all()
        assert row.fate == "quarantined" and s.exec(select(Piece)).all() == []
    left = files(local) - {row.raw_sha256}
    assert len(left) == 3  # the dossier, the letter and the photo: on disk, named by nothing
    assert purge(local.app(now + timedelta(minutes=30))).files == 0  # maybe a filing not yet committed
    assert files(local) == left | {row.raw_sha256}
    dry = purge(local.app(now + timedelta(hours=2)), dry_run=True)
    assert dry.files == 3 and files(local) == left | {row.raw_sha256}
    assert purge(local.app(now + timedelta(hours=2))).files == 3
    assert files(local) == {row.raw_sha256}  # the quarantined message's bytes stay (30 days)
    with session(local.app().engine) as s:
        assert any("que rien ne nommait" in e.what for e in s.exec(select(PurgeLog)))


def test_a_stored_file_written_again_counts_as_written_now_for_the_purge(tmp_path):
    """The purge deletes unnamed files an hour old: a file already in the store that a new filing is about to
    name again (the same bytes as an orphan) is marked as written now, so the hour's grace covers it too."""
    import os
    import time

    from intake.adapters.storage import BlobStore

    store = BlobStore(tmp_path / "files")
    sha = store.put(b"le meme dossier")
    old = time.time() - 3 * 3600
    os.utime(store.path(sha), (old, old))
    assert [name for name, _ in store.written_before(time.time() - 3600)] == [sha]
    assert store.put(b"le meme dossier") == sha
    assert store.written_before(time.time() - 3600) == []


def test_the_purge_forgets_the_console_s_ended_sessions_links_and_requests_a_day_after_they_end(local):
    """The register (section 5) says the database keeps them one day after their end; they were deleted only
    when someone next asked for a sign-in link: a console nobody signs in to any more kept them for good."""
    from intake.store.tables import WebAttempt, WebSession, WebSignin

    app = local.app(T0)
    with session(app.engine) as s:
        s.add(WebSignin(token_hash="a" * 64, email="agent@ville-bethune.fr", next_path="", created_at=T0,
                        expires_at=T0 + timedelta(minutes=15)))
        s.add(WebSession(token_hash="b" * 64, email="agent@ville-bethune.fr", created_at=T0, last_seen_at=T0,
                         expires_at=T0 + timedelta(hours=12)))
        s.add(WebAttempt(scope="address", key="c" * 64, at=T0))
        s.add(Outbox(kind="signin", from_addr="n@x", to_addr="agent@ville-bethune.fr", subject="lien",
                     message_id="s1@x", raw=b"token=(retir\xc3\xa9)", status="sent", created_at=T0))
        s.commit()
    purge(local.app(T0 + 2 * DAY))
    with session(local.app().engine) as s:
        assert s.exec(select(WebSignin)).all() == []
        assert s.exec(select(WebSession)).all() == []
        assert s.exec(select(WebAttempt)).all() == []
        assert s.exec(select(Outbox)).all() == []


def test_the_dry_run_says_what_it_deletes_of_the_console_not_the_system_journal(local):
    """`purge --dry-run` said « Règle connexions : 3 enregistrements concernés (connexions à la console du service
    (journal système)) »: the DPO read that intake deletes the journal, when it deletes the console's own rows."""
    from intake.store.tables import WebAttempt, WebSession

    long_ago = datetime.now(timezone.utc) - 3 * DAY
    with session(local.app().engine) as s:
        s.add(WebSession(token_hash="b" * 64, email="agent@ville-bethune.fr", created_at=long_ago,
                         last_seen_at=long_ago, expires_at=long_ago + timedelta(hours=12)))
        s.add(WebAttempt(scope="address", key="c" * 64, at=long_ago))
        s.commit()
    code, out = local.cli("purge", "--dry-run")
    assert code == 0, out
    said = next(line for line in out.splitlines() if line.startswith("Règle connexions : "))
    assert "sessions, liens et demandes de lien de la console" in said and "(journal système)" not in said, out


def test_a_jury_zip_a_stopped_console_left_in_data_dir_is_deleted_by_the_purge(local):
    """The console deletes a jury ZIP once sent, and one left by a console that stopped meanwhile (restarted
    during a download: the deletion after sending never ran) at its next build. The jury is prepared once or
    twice a year: until then the ZIP, every piece of every case in it, outlived the cases' own retention and
    any erasure. The nightly purge deletes such a ZIP once no download can still be using it."""
    import os
    import time as clock

    app = local.app(T0)
    folder = local.root / "data" / "exports"
    folder.mkdir(mode=0o700)
    left, building = folder / "intake-export-left.zip", folder / "intake-export-now.zip"
    for path in (left, building):
        path.write_bytes(b"PK\x05\x06" + bytes(18))
    hours_ago = clock.time() - 7 * 3600
    os.utime(left, (hours_ago, hours_ago))
    purge(app)
    assert not left.exists() and building.exists()  # one being sent now is left alone
    with session(app.engine) as s:
        assert any("archive" in entry.what for entry in s.exec(select(PurgeLog)))


def test_a_message_not_filed_about_a_case_is_kept_with_the_case_as_the_register_says(local):
    """An automatic reply to our acknowledgement (and a bounce of our mail) is not filed, but joins its case's history:
    its ledger line (sender, Message-ID, date, size, reason) goes with the case, not after messages_ignores' 60 days.
    The register said only the 60 days."""
    from localsite import NB, PROJECT

    local.drop("nb", "1.eml", local.application(sender="Jeanne <jeanne@x.example>", date=T0))
    poll(local, T0)
    (ack,) = local.sent()
    local.drop("nb", "2.eml", samples.email(
        sender="Jeanne <jeanne@x.example>", to=[NB], subject=f"Réponse automatique : {ack['Subject']}", date=T0 + DAY,
        body="Je suis absente jusqu'au 3.", headers={"Auto-Submitted": "auto-replied", "In-Reply-To": ack["Message-ID"],
                                                     "References": ack["Message-ID"]}))
    poll(local, T0 + DAY)
    purge(local.app(T0 + 61 * DAY))
    with session(local.app().engine) as s:
        (row,) = s.exec(select(Inbound).where(Inbound.fate == "ignored")).all()
    assert row.case_id is not None and row.from_addr == "jeanne@x.example", row
    register = " ".join((PROJECT / "docs" / "registre-rgpd.md").read_text(encoding="utf-8").split())
    assert ("Un message non retenu qui se rapporte à un dossier (une réponse automatique à un courriel du service, "
            "un avis de non-remise) est noté dans son historique : sa ligne du registre suit la durée du dossier"
            ) in register


def test_a_stranger_who_cited_a_case_is_not_named_in_its_history_once_the_ledger_forgets_them(local):
    """A stranger's mail without files that cites a case is not filed (messages_ignores: its sender is forgotten after
    60 days), but the cited case's history noted « un tiers (x@y) cite ce dossier » for staff: the stranger's address
    stayed there as long as the case, up to five years for a labelled one, after their own ledger line was reduced."""
    from localsite import NB

    local.drop("nb", "1.eml", local.application(sender="Jeanne <jeanne@x.example>", date=T0))
    poll(local, T0)
    (ack,) = local.sent()
    local.drop("nb", "2.eml", samples.email(
        sender="Voisin <voisin.curieux@y.example>", to=[NB], subject=f"TR: {ack['Subject']}", date=T0 + DAY,
        body="Où en est ce dossier ?", message_id="<voisin-1@y.example>"))
    poll(local, T0 + DAY)
    case = case_of(local, "jeanne@x.example")
    with session(local.app().engine) as s:
        cited = [e.detail for e in s.exec(select(CaseEvent).where(CaseEvent.kind == "cited"))]
    assert len(cited) == 1 and "voisin.curieux@y.example" in cited[0], cited  # staff are told, while it matters
    assert purge(local.app(T0 + 59 * DAY)).counts == {}
    report = purge(local.app(T0 + 62 * DAY))
    assert report.counts.get("messages_ignores"), report.counts
    with session(local.app().engine) as s:
        (detail,) = [e.detail for e in s.exec(select(CaseEvent).where(CaseEvent.kind == "cited"))]
    assert detail.startswith("un tiers ([adresse effacée]) cite ce dossier"), detail
    assert case_of(local, "jeanne@x.example") is not None and case is not None  # the case itself stays
    assert b"voisin.curieux" not in raw_bytes(local)


def test_the_purge_log_goes_after_the_duration_the_dpo_set_and_stays_without_one(local):
    """[journal_des_suppressions] (optional): the purge log's lines older than it are deleted, and that deletion is
    itself a line of the log; without it nothing of the log is ever deleted (the register says « sans limite »)."""
    import shutil

    local.drop("nb", "1.eml", samples.email(sender="Collègue <urbanisme@ville-bethune.fr>",
                                            to=["n.bataillon@ville-bethune.fr"], subject="Réunion", date=T0))
    poll(local, T0)
    purge(local.app(T0 + 61 * DAY))  # a line: the ledger reduced
    assert purge(local.app(T0 + 6 * 365 * DAY)).counts == {}  # no duration: the log stays
    rules = local.root / "rules"
    shutil.copytree(local.app().settings.rules_dir, rules)
    with (rules / "retention.toml").open("a", encoding="utf-8") as f:
        f.write("\n[journal_des_suppressions]\nans = 5\n")
    config = local.root / "config.toml"
    config.write_text(re.sub(r'(?m)^rules_dir = .*$', 'rules_dir = "rules"', config.read_text()))
    report = purge(local.app(T0 + 6 * 365 * DAY))
    assert report.counts == {"journal_des_suppressions": 1}, report.counts
    with session(local.app().engine) as s:
        (line,) = s.exec(select(PurgeLog)).all()
    assert line.rule == "journal_des_suppressions" and "5 ans" in line.what, line


def test_the_reading_time_of_each_sender_is_forgotten_once_its_day_and_the_next_are_over(local):
    """The daily reading budgets (core/reading_budget.py) keep, by sender address and day, the seconds their mail's
    reading took: only today's is ever read, and the purge forgets the days before yesterday."""
    from intake.store import readings
    from intake.store.tables import ReadingSpent

    app = local.app(T0)
    with session(app.engine) as s:
        for day in ("2026-10-30", "2026-11-01", "2026-11-02"):
            readings.add(s, day, ("none:flood@evil.example", "none:@evil.example"), 12.5)
        readings.add(s, "2026-11-02", ("none:flood@evil.example",), 1.25)
        s.commit()
        assert readings.spent_on(s, "2026-11-02", ("none:flood@evil.example",)) == {"none:flood@evil.example": 13.75}
    purge(local.app(T0))
    with session(local.app().engine) as s:
        assert sorted({r.day for r in s.exec(select(ReadingSpent))}) == ["2026-11-01", "2026-11-02"]
        (line,) = [p for p in s.exec(select(PurgeLog)) if "temps de lecture" in p.what]
        assert "2 lignes" in line.what
