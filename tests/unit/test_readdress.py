"""core/readdress.py: a failed or held mail sent, once, to the address staff confirmed after it was refused."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime, timezone

from intake.core import addresses, outgoing, readdress

WHEN = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


def _refusal(**kw) -> str:
    facts = {"status": "failed", "to_addr": "typo@perso.example", "applicant": "right@perso.example", "quiet": "",
             "undeliverable": "", "already": False, "tried_before": False, "ours": ""}
    return readdress.refusal(**{**facts, **kw})


def test_a_failed_or_held_mail_to_another_address_may_go_to_the_cases_address_once():
    assert _refusal() == ""
    assert _refusal(status="held") == ""
    assert "seul un courriel en échec" in _refusal(status="sent")
    assert "Envoyer à nouveau" in _refusal(to_addr="Right@perso.example")
    assert "Envoyer à nouveau" in _refusal(to_addr="right@perso.example.")  # one address, another spelling
    assert "déjà été envoyé à right@perso.example" in _refusal(already=True)
    assert "où il n'est pas arrivé" in _refusal(tried_before=True)  # A refused, B refused, back to A: no
    assert "pas d'adresse" in _refusal(applicant="")
    assert "confirmez d'abord" in _refusal(quiet="ouvert par un expéditeur automatique")
    assert "échec définitif" in _refusal(undeliverable="550 5.1.1")


def test_a_mail_never_goes_to_one_of_the_services_own_addresses():
    """A case's address staff confirmed that is a watched mailbox or one of its aliases (copied from a message that
    quoted our own, or an unreadable sender's text): our mail would come back to us, and no applicant reads it."""
    own = {"n.bataillon@ville-bethune.fr", "candidatures@ville-bethune.fr"}
    said = addresses.ours("candidatures@ville-bethune.fr", own)
    assert "adresse du service" in said and "candidatures@ville-bethune.fr" in said
    assert addresses.ours("right@perso.example", own) == "" and addresses.ours("", own) == ""
    assert _refusal(applicant="candidatures@ville-bethune.fr", ours=said) == said


def test_the_chain_of_a_mail_readdressed_twice_starts_from_the_first_one():
    assert readdress.first_of(7, "") == 7
    assert readdress.first_of(9, readdress.key(7, "right@perso.example")) == 7
    assert readdress.first_of(9, "digest|2026-11-30") == 9


def test_the_same_bytes_go_to_the_new_address_with_a_message_id_of_their_own():
    mail = outgoing.Outgoing(from_addr="n.bataillon@ville-bethune.fr", from_name="Ville de Béthune",
                             to_addr="typo@perso.example", subject="Accusé de réception", text="Bonjour,\nreçu.",
                             html="<p>Bonjour</p>", reference="BSC-2026-0007", auto_submitted="auto-replied",
                             in_reply_to="theirs@perso.example",
                             attachments=(("recu.pdf", b"%PDF-1.4", "application/pdf"),))
    raw = outgoing.build(mail, "old@ville-bethune.fr", WHEN, "intake-test")
    again = readdress.readdressed(raw, "right@perso.example", "new@ville-bethune.fr", WHEN.replace(hour=15))
    before, after = (email.message_from_bytes(r, policy=email.policy.default) for r in (raw, again))
    assert after["To"] == "right@perso.example" and after.get_all("To") == ["right@perso.example"]
    assert after["Message-ID"] == "<new@ville-bethune.fr>" and len(after.get_all("Message-ID")) == 1
    assert after["Date"].datetime.hour == 15
    for name in ("From", "Subject", "In-Reply-To", "Auto-Submitted", "Content-Type"):
        assert after[name] == before[name], name
    assert raw.split(b"\r\n\r\n", 1)[1] == again.split(b"\r\n\r\n", 1)[1]  # the body, byte for byte
    assert b"typo@perso.example" not in again
