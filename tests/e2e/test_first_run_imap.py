"""The first-run guard against a real IMAP server (U17): the server's reception date (INTERNALDATE) says how old
a message is when first read, never its Date header, which the sender writes."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone


def test_the_server_s_reception_date_decides_whether_the_acknowledgement_is_held(intake):
    month_ago = (datetime.now(timezone.utc) - timedelta(days=30)).date().isoformat()
    intake.config.write_text(re.sub(r"since = \S+", f"since = {month_ago}", intake.config.read_text()))
    now = datetime.now(timezone.utc)
    # received by the server five days ago (a mailbox read for the first time), whatever its Date says
    intake.deliver(intake.application(sender="Ancienne <ancienne@asso.example>", date=now), intake.nb,
                   when=now - timedelta(days=5))
    # received now, though its Date header (written by the sender) is old
    intake.deliver(intake.application(sender="Recente <recente@asso.example>", date=now - timedelta(days=9)),
                   intake.nb)
    out = intake.poll()
    assert "2 classés" in out, out
    assert [m["To"] for m in intake.sent()] == ["recente@asso.example"]
    code, listed = intake.cli("outbox", "list")
    assert "retenu pour le service" in listed and "reçu 5 jours avant d'être relevé" in listed, listed
    code, out = intake.cli("outbox", "resend", "--held")
    assert code == 0, out
    assert [m["To"] for m in intake.sent()] == ["recente@asso.example", "ancienne@asso.example"]
