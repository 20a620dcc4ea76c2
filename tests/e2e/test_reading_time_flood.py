"""The reading time one sender's mail may take in a day ([limits] read_seconds_per_sender_per_day;
core/reading_budget.py). Before, nothing bounded it: an attacker's messages, each with image-only PDFs just under every
per-message bound, were all read (OCR), as many as they sent, while real applicants' mail waited behind them. Now,
once the sender's reading time today is spent, their further messages are filed as usual (nothing lost) but their
files are not read: "non lu, à vérifier", with why; the next day they are read again."""

from __future__ import annotations

from datetime import date, timedelta

import documents as d
import pytest
from sqlmodel import select

from intake.commands import samples
from intake.pipeline.readbudget import stored_keys
from intake.store.database import session
from intake.store.tables import Inbound, ReadingSpent

FLOOD = "Flot <flood@evil.example>"


def scanned(intake, n: int) -> bytes:
    """A message with an image-only PDF of six pages: its text only comes by OCR (seconds on the test machine)."""
    pdf = d.scan_pdf([f"Dossier d'intention numero {n}", "Projet de capteurs connectes", "Association Flot"], pages=6)
    return samples.email(sender=FLOOD, to=[intake.nb], subject=f"Candidature {n}",
                         attachments=[(f"scan-{n}.pdf", pdf, "application/pdf")])


def flood_key(intake) -> str:
    """What the day's counter stores for the flood's sender (a keyed hash of its address)."""
    return stored_keys(intake.app().settings, ("none:flood@evil.example",))["none:flood@evil.example"]


def files_of(intake) -> list[dict]:
    return [p for c in intake.cases() for p in intake.case(c["reference"])["piece_files"]]


@pytest.mark.both_databases  # the counter is an upsert in each dialect
def test_past_a_sender_s_reading_time_of_the_day_its_files_are_filed_unread_until_the_next_day(intake):
    intake.configure("[limits]\nread_seconds_per_sender_per_day = 1")
    app = intake.app()
    with session(app.engine) as s:  # earlier today, the sender's mail took all but a millisecond of its budget
        s.add(ReadingSpent(day=app.clock().astimezone(app.settings.timezone).date().isoformat(),
                           key=flood_key(intake), milliseconds=999))
        s.commit()
    for n in range(4):
        intake.deliver(scanned(intake, n), intake.nb)
    out = intake.poll()
    assert "4 classés" in out and "0 en quarantaine" in out, out  # nothing lost, nothing set aside
    files = files_of(intake)
    assert len(files) == 4, files
    said = "(non lu : la lecture des messages de flood@evil.example a déjà pris"
    unread = [f for f in files if said in f["evidence"]]
    # the first message read spends the budget's last millisecond and more (its OCR takes far longer, whatever the
    # machine); the three others wait for it (one sender's messages are read one after the other), then are not read
    with session(intake.app().engine) as s:
        spent = {r.key: r.milliseconds for r in s.exec(select(ReadingSpent))}
    assert len(unread) == 3, (spent, "\n".join(f"{f['filename']}: {f['evidence'][:80]}" for f in files))
    (case,) = intake.cases()
    assert case["status"] == "review", case
    saved = intake.config.parent / "flood.eml"
    saved.write_bytes(scanned(intake, 5))
    code, explained = intake.cli("explain", str(saved))
    assert code == 0 and ("Temps de lecture des fichiers : compté chaque jour pour flood@evil.example (non "
                          "authentifié) : 1 s par jour") in explained, explained
    with session(intake.app().engine) as s:
        spent = {r.key: r.milliseconds for r in s.exec(select(ReadingSpent))}
        assert spent[flood_key(intake)] >= 1000, spent
        # the next day, the sender's budget is new: move today's time to yesterday
        for row in s.exec(select(ReadingSpent)).all():
            yesterday = (date.fromisoformat(row.day) - timedelta(days=1)).isoformat()
            s.add(ReadingSpent(day=yesterday, key=row.key, milliseconds=row.milliseconds))
            s.delete(row)
        s.commit()
    intake.deliver(scanned(intake, 9), intake.nb)
    intake.poll()
    (new,) = [f for f in files_of(intake) if f["filename"] == "scan-9.pdf"]
    assert "non lu :" not in new["evidence"], new
    with session(intake.app().engine) as s:
        assert s.exec(select(Inbound).where(Inbound.fate == "quarantined")).all() == []


def test_another_sender_is_read_while_one_sender_s_budget_is_spent(intake):
    intake.configure("[limits]\nread_seconds_per_sender_per_day = 1")
    for n in range(3):
        intake.deliver(scanned(intake, n), intake.nb)
    intake.deliver(intake.application(sender="Jeanne <jeanne@asso.example>", subject="Ma candidature"), intake.nb)
    intake.poll()
    jeanne = next(c for c in intake.cases() if c["applicant"] == "jeanne@asso.example")
    assert all("non lu :" not in f["evidence"] for f in intake.case(jeanne["reference"])["piece_files"])
    assert jeanne["status"] == "complete", jeanne


def test_opening_archives_of_a_message_set_aside_as_over_its_limits_counts_too(intake):
    """A message whose archives hold more than [limits] max_unpacked_bytes is set aside once they are opened: that
    opening cost its sender's reading time all the same, and was not counted (one sender's messages just over the
    limit were each opened, as many as they sent)."""
    intake.configure("[limits]\nmax_unpacked_bytes = 1000000")
    big = d.zip_of({f"page-{n}.txt": bytes([65 + n]) * 400_000 for n in range(6)})  # 2.4 MB once opened
    intake.deliver(samples.email(sender=FLOOD, to=[intake.nb], subject="Candidature",
                                 attachments=[("dossier.zip", big, "application/zip")]), intake.nb)
    out = intake.poll()
    assert "1 en quarantaine" in out, out
    with session(intake.app().engine) as s:
        spent = {r.key: r.milliseconds for r in s.exec(select(ReadingSpent))}
    assert flood_key(intake) in spent, spent


def test_a_message_set_aside_for_its_count_of_files_counts_its_parse(intake):
    """A message with more files than [limits] max_attachments is set aside once parsed, before any file is read:
    its parse (up to read_seconds, for a costly structure) took its sender's reading time all the same, and was not
    counted (one sender's messages of max_attachments + 1 files were each parsed, as many as they sent)."""
    intake.configure("[limits]\nmax_attachments = 3")
    files = [(f"note-{n}.txt", f"Note {n}\n".encode(), "text/plain") for n in range(4)]
    intake.deliver(samples.email(sender=FLOOD, to=[intake.nb], subject="Candidature", attachments=files), intake.nb)
    out = intake.poll()
    assert "1 en quarantaine" in out, out
    with session(intake.app().engine) as s:
        spent = {r.key: r.milliseconds for r in s.exec(select(ReadingSpent))}
    assert flood_key(intake) in spent, spent


def _from(network_ip: str, raw: bytes) -> bytes:
    """The message as the town's server hands it over: its Authentication-Results on top, naming the host that
    connected to it (iprev)."""
    return (f"Authentication-Results: mx.example.test; spf=none smtp.mailfrom=x@y.example; iprev=pass "
            f"policy.iprev={network_ip}\r\n").encode() + raw


def test_one_network_s_flood_spends_its_share_and_real_applicants_from_elsewhere_are_still_read(intake):
    """attack28: about eighty messages of costly files under made-up addresses, from one machine, spent every
    unauthenticated sender's reading time of the day (4 h), and every real unauthenticated applicant's files were
    then filed unread until the next day. The town's server names the host that connected (its iprev result): one
    network now spends at most its share ([limits] unauthenticated_read_seconds_per_network_per_day), and an applicant
    whose mail came through another network is read; a network written by the sender below the server's header
    counts for nothing."""
    intake.configure('[limits]\nunauthenticated_read_seconds_per_network_per_day = 1\n'
                     'unauthenticated_read_seconds_per_day = 100000\n[trust]\nauthserv_id = "mx.example.test"')
    app = intake.app()
    network_key = "unauthenticated:network:203.0.113.0/24"
    with session(app.engine) as s:  # earlier today, the flood's network took all of its share (made-up senders)
        s.add(ReadingSpent(day=app.clock().astimezone(app.settings.timezone).date().isoformat(),
                           key=stored_keys(app.settings, (network_key,))[network_key], milliseconds=1000))
        s.commit()
    intake.deliver(_from("203.0.113.201", scanned(intake, 1)), intake.nb)  # one more made-up sender, same network
    jeanne = intake.application(sender="Jeanne <jeanne@asso.example>", subject="Ma candidature")
    intake.deliver(_from("198.51.100.4", jeanne), intake.nb)
    # a sender writing, below the server's header, another network's address for itself: the server's word stands
    forged = (b"Authentication-Results: mx.example.test; iprev=pass policy.iprev=192.0.2.1\r\n"
              + samples.email(sender="Autre <autre@evil2.example>", to=[intake.nb], subject="Candidature 2",
                              attachments=[("scan-2.pdf", d.scan_pdf(["Dossier d'intention"], pages=1),
                                            "application/pdf")]))
    intake.deliver(_from("203.0.113.9", forged), intake.nb)
    out = intake.poll()
    assert "0 en quarantaine" in out, out
    files = {f["filename"]: f["evidence"] for f in files_of(intake)}
    said = "non lu : la lecture des messages non authentifiés venus du réseau 203.0.113.0/24"
    assert said in files["scan-1.pdf"] and said in files["scan-2.pdf"], files
    case = next(c for c in intake.cases() if c["applicant"] == "jeanne@asso.example")
    assert all("non lu" not in f["evidence"] for f in intake.case(case["reference"])["piece_files"])
    assert case["status"] == "complete", case
