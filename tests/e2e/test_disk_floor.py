"""Filed mail has no byte budget (an application is kept whatever its size): a flood of 49 MB applications filled
data_dir's disk, and then every write failed, the database's too, and real applications were set aside unread.
Below [limits] min_free_bytes nothing is filed: the poll stops and says why; the mail waits in the mailbox."""

from __future__ import annotations

import re
import shutil


def _floor(intake, value: int) -> None:
    text = intake.config.read_text()
    text = re.sub(r"\n\[limits\]\nmin_free_bytes = \d+\n", "\n", text)
    intake.config.write_text(text + f"\n[limits]\nmin_free_bytes = {value}\n")


def test_below_the_free_space_floor_nothing_is_filed_and_the_mail_waits_in_the_mailbox(intake):
    intake.deliver(intake.application(sender="Asso <contact@asso.example>"), intake.nb)
    _floor(intake, shutil.disk_usage(intake.config.parent).free + 10**12)  # more than this disk will ever have
    code, out = intake.cli("poll")
    assert code == 1, out
    assert "espace disque insuffisant pour classer le message suivant" in out and "min_free_bytes" in out, out
    assert intake.cases() == [] and intake.sent() == []
    _floor(intake, 0)  # space freed (here: no floor): the same message is filed, once
    out = intake.poll()
    assert [c["applicant"] for c in intake.cases()] == ["contact@asso.example"], out
    assert [m["To"] for m in intake.sent()] == ["contact@asso.example"]
