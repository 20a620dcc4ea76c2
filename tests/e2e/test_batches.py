"""A catch-up fetches in batches from the real Dovecot; a message the server will not give, in the middle of a
batch, is set aside alone and the others are read."""

from __future__ import annotations

import os

from sqlmodel import select

from intake.adapters import imap
from intake.store.database import session
from intake.store.tables import Inbound


def count_fetches(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = imap.ImapSource._fetch_set

    def counted(self, uids, items):
        calls.append(f"{len(uids)} {items}")
        return real(self, uids, items)

    monkeypatch.setattr(imap.ImapSource, "_fetch_set", counted)
    return calls


def test_a_catch_up_fetches_sizes_then_bodies_in_a_few_round_trips(intake, monkeypatch):
    for n in range(30):
        intake.deliver(intake.application(sender=f"a{n}@x.example") if n % 10 == 0 else
                       intake.application(sender=f"b{n}@x.example", pieces=()), intake.nb)
    calls = count_fetches(monkeypatch)
    out = intake.poll()
    assert "nb : 30 nouveaux, 3 classés, 27 ignorés" in out
    nb = [c for c in calls if c.startswith("30 ")]  # the db mailbox is empty: nothing fetched there
    assert nb == ["30 (UID RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])", "30 (UID BODY.PEEK[])"]


def test_a_message_the_server_will_not_give_mid_batch_is_set_aside_alone(intake, dovecot, monkeypatch):
    subjects = [f"Candidature {n}" for n in range(4)]
    for n, subject in enumerate(subjects):
        intake.deliver(intake.application(sender=f"a{n}@x.example", subject=subject), intake.nb)
    maildir = dovecot.dir / "mail" / intake.nb
    (broken,) = [p for p in maildir.rglob("*") if p.is_file() and b"Candidature 1" in p.read_bytes()]
    os.chmod(broken, 0)  # Dovecot cannot read it: "FETCH failed: Internal error", and it hangs up
    calls = count_fetches(monkeypatch)
    out = intake.poll()
    assert "nb : 4 nouveaux, 3 classés, 0 ignoré, 0 copie, 1 en quarantaine" in out
    assert sorted(c["title"] for c in intake.cases()) == ["Candidature 0", "Candidature 2", "Candidature 3"]
    assert len(intake.smtp.messages) == 3
    assert "4 (UID BODY.PEEK[])" in calls  # one batch first
    with session(intake.app().engine) as s:
        (row,) = s.exec(select(Inbound).where(Inbound.fate == "quarantined")).all()
    assert row.uid == 2 and "le serveur" in row.reason
    os.chmod(broken, 0o600)
    out = intake.poll()  # recorded once: not fetched again
    assert "nb : 0 nouveau" in out
