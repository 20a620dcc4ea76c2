"""The fifth attacker's review, over IMAP: header fields are bounded per message ([limits] max_header_bytes). An
application whose header block is a bomb (here 1.6 MB of 4-byte fields; 47 MB held the poller 24 s and 1.5 GB) is
quarantined with the limit named, the mail behind it is filed, staff can read it (headers cut for display) and
file it anyway (limits lifted for it alone)."""

from __future__ import annotations

import time

from sqlmodel import select

from intake.store.database import session
from intake.store.tables import Inbound


def test_an_application_with_a_header_bomb_is_quarantined_shown_cut_and_filed_anyway(intake):
    bomb = intake.application(sender="Mallory <mallory@evil.example>", subject="Candidature bombe")
    bomb = bomb.replace(b"\nSubject:", b"\n" + b"a:b\n" * 400_000 + b"Subject:", 1)
    assert len(bomb) > 1_500_000
    intake.deliver(bomb, intake.nb)
    intake.deliver(intake.application(sender="Vera <vera@asso.example>"), intake.nb)
    started = time.monotonic()
    intake.poll()
    assert time.monotonic() - started < 30
    with session(intake.app().engine) as s:
        rows = {r.from_addr: r for r in s.exec(select(Inbound)).all()}
    assert rows["vera@asso.example"].fate == "filed"
    held = rows["mallory@evil.example"]
    assert held.fate == "quarantined" and "max_header_bytes" in held.reason
    assert intake.app().blobs.get(held.raw_sha256).count(b"a:b") == 400_000  # its raw bytes kept for staff

    started = time.monotonic()
    code, out = intake.cli("quarantine", "show", str(held.id))
    assert code == 0 and "coupés pour l'affichage" in out and time.monotonic() - started < 10, out[-500:]

    code, out = intake.cli("quarantine", "file-anyway", str(held.id), "--by", "Nadia")
    assert code == 0, out
    with session(intake.app().engine) as s:
        row = s.get(Inbound, held.id)
    assert row.fate == "filed" and "en-têtes 10,0 Mo" in row.reason, row.reason
    assert len(intake.cases()) == 2
