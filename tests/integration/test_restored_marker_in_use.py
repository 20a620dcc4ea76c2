"""The restore marker (data_dir/restored-at) in use. One the admin broke by hand stops the filing of mail with one line
naming the file (the mail waits in the mailboxes), the commands that only read go on, and `intake outbox restored`
writes it again. A worker or console that was running when the marker was written took it only when restarted (it
was read when the process opened its data_dir): it is now read each time a message is decided."""

from __future__ import annotations

from intake.adapters import restored


def test_a_broken_marker_stops_filing_with_one_line_and_outbox_restored_writes_it_again(local):
    local.drop("nb", "1.eml", local.application(sender="Jeanne <jeanne@x.example>", subject="Projet un"))
    assert local.cli("poll")[0] == 0
    marker = local.root / "data" / restored.NAME
    marker.write_bytes("2026-12-04 10h (après la coupure)\n".encode())
    local.drop("nb", "2.eml", local.application(sender="Paul <paul@y.example>", subject="Projet deux"))

    code, out = local.cli("poll")
    assert code != 0 and "Traceback" not in out and "UnicodeDecodeError" not in out, out
    assert f"{marker}: des caractères autres que ceux d'une date" in out and "intake outbox restored" in out, out
    assert [c["applicant"] for c in local.cases()] == ["jeanne@x.example"]  # Paul's mail waits in the mailbox

    code, out = local.cli("outbox", "list")  # reading is not deciding
    assert code == 0, out
    code, out = local.cli("outbox", "restored")
    assert code == 0 and "Sauvegarde restaurée notée" in out, out
    assert restored.read(local.root / "data") is not None
    code, out = local.cli("poll")
    assert code == 0, out
    assert sorted(c["applicant"] for c in local.cases()) == ["jeanne@x.example", "paul@y.example"]


def test_a_running_process_takes_a_marker_written_after_it_started(local):
    assert local.cli("poll")[0] == 0
    running = local.app()  # the worker (intake run), opened before the restore
    assert running.restored_at is None
    code, out = local.cli("outbox", "restored")  # the admin, in another process
    assert code == 0, out
    assert running.restored_at == restored.read(local.root / "data") is not None


def test_a_broken_marker_stops_the_poll_before_any_mail_is_read(local):
    """Not read (OCR...) at each poll for nothing: the mail's reading time would be counted each time against its
    sender's daily budget (pipeline/readbudget.py), spent before the admin fixes the marker."""
    from sqlmodel import select

    from intake.store.database import session
    from intake.store.tables import ReadingSpent

    assert local.cli("poll")[0] == 0
    (local.root / "data" / restored.NAME).write_text("hier soir\n")
    local.drop("nb", "1.eml", local.application(sender="Paul <paul@y.example>", subject="Projet deux"))
    code, out = local.cli("poll")
    assert code != 0 and "« hier soir » n'est pas une date" in out, out
    with session(local.app().engine) as s:
        assert s.exec(select(ReadingSpent)).all() == []
