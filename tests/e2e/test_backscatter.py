"""Application-like mail under made-up senders: the town must not acknowledge hundreds of strangers a day.

Without `[trust]` (or for a domain that publishes no DMARC policy) anyone can write `From:` any address. Each such
mail opened a case and got an acknowledgement with its receipt, sent by the town to an address that never wrote:
the per-recipient limit never sees a thousand recipients. Beyond `[limits] new_cases_per_day` acknowledgements in
24 hours, the cases are filed as usual and their acknowledgements wait for staff (held)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_acknowledgements_of_new_cases_beyond_the_day_s_bound_wait_for_staff(intake, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", rules)
    conversations = rules / "conversations.toml"
    text, n = re.subn(r"(?m)^new_cases_per_day = \d+$", "new_cases_per_day = 2", conversations.read_text())
    assert n == 1
    conversations.write_text(text)
    intake.config.write_text(re.sub(r'rules_dir = ".*"', f'rules_dir = "{rules}"', intake.config.read_text()))
    victims = [f"victime{i}@domaine{i}.example" for i in range(4)]
    for i, victim in enumerate(victims):
        intake.deliver(intake.application(sender=victim, pieces=("dossier",), subject=f"Candidature {i}"), intake.nb)
    out = intake.poll()
    assert "4 classés" in out, out
    assert len(intake.cases()) == 4  # every case is filed, for staff to see
    assert sorted(m["To"] for m in intake.sent()) == victims[:2]
    code, listed = intake.cli("outbox", "list")
    assert code == 0 and listed.count("retenu pour le service") == 2, listed
    assert "déjà 2 accusés de réception de nouveaux dossiers en 24 h" in listed, listed
    code, out = intake.cli("outbox", "resend", "--held")  # staff find them real and send them
    assert code == 0, out
    assert sorted(m["To"] for m in intake.sent()) == victims
