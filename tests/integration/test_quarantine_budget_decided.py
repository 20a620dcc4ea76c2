"""The quarantine's byte budget holds for every reason a message is quarantined, not only those set aside before
they are read: here messages read whole and quarantined by the decision itself (documents from a sender whose
address cannot be read)."""

from __future__ import annotations

from localsite import NB
from sqlmodel import select

from intake.commands import samples
from intake.store.database import session
from intake.store.tables import Inbound


def unreadable_sender(subject: str) -> bytes:
    return samples.email(sender="Service Inconnu", to=[NB], subject=subject, body="x" * 55_000,
                         attachments=[("dossier.pdf", samples.pdf("dossier"), "application/pdf")])


def test_a_message_quarantined_by_the_decision_past_the_budget_keeps_its_line_not_its_bytes(local):
    local.config.write_text("max_message_bytes = 100000\n" + local.config.read_text()
                            + "\n[limits]\nquarantine_bytes = 100000\n")
    local.drop("nb", "1.eml", unreadable_sender("Dossier 1"))
    local.drop("nb", "2.eml", unreadable_sender("Dossier 2"))
    code, out = local.cli("poll")
    assert code == 0, out
    with session(local.app().engine) as s:
        rows = {r.subject: r for r in s.exec(select(Inbound)).all()}
    assert {r.fate for r in rows.values()} == {"quarantined"} and set(rows) == {"Dossier 1", "Dossier 2"}
    first, second = rows["Dossier 1"], rows["Dossier 2"]
    assert first.raw_sha256 and first.reason.startswith("expéditeur illisible")
    assert second.raw_sha256 == "" and second.fingerprint  # its line and subject kept, not its bytes
    assert second.reason.startswith("contenu non gardé : cet expéditeur occupe déjà le quart"), second.reason
    assert "mis en quarantaine pour : expéditeur illisible alors que le message porte des documents" in second.reason
    stored = [p for p in (local.root / "data" / "files").rglob("*") if p.is_file()]
    assert len(stored) == 1
