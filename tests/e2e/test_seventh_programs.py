"""A seventh round (tests/gatewaymail.py), end to end: Dovecot, `intake poll`, SMTP. Tuta's notice of a
« confidential » message."""

from __future__ import annotations

import gatewaymail as gm


def test_a_tuta_confidential_application_is_set_aside_for_staff_and_nobody_is_written_to(intake):
    """Tuta's notice holds a link and nothing else: it was ignored as a mail without a piece (« aucune pièce »), staff
    told nothing. Like Proton Mail's password-protected message, it is set aside, its reason said."""
    intake.deliver(gm.tuta_confidential(intake.nb), intake.nb)
    intake.poll()
    assert intake.cases() == [] and intake.sent() == []
    code, out = intake.cli("quarantine", "list")
    assert code == 0 and "Tuta" in out and "marc.vasseur@tuta.io" in out, out
