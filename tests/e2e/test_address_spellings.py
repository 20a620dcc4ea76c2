"""Spellings of one address (a trailing dot after the domain, capitals, a local part quoted for nothing) are one
sender for the cap on new cases and one address for the case (core/headers.py `normal_address`). Before, each
spelling was an address of its own: five times `[limits] cases_per_sender_per_day`, and the applicant's reply with
the missing letter from `Jeanne@Asso.Example.` opened a second case instead of completing the first. Plus-addresses
and dots in a Gmail local part are other addresses by the RFC: not merged."""

from __future__ import annotations

from sqlmodel import select

from intake.store.database import session
from intake.store.tables import Inbound


def test_the_applicant_s_reply_from_another_spelling_of_the_address_completes_the_case(intake):
    intake.deliver(intake.application(sender="Jeanne <jeanne@asso.example>", pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "incomplete"
    intake.deliver(intake.application(sender="Jeanne <Jeanne@Asso.EXAMPLE.>", subject="Le courrier signé",
                                      pieces=("courrier",)), intake.nb)
    intake.poll()
    (case,) = intake.cases()  # one case, complete
    assert case["status"] == "complete" and case["applicant"] == "jeanne@asso.example", case
    assert case["messages"] == 2
    assert {m["To"].addresses[0].addr_spec for m in intake.sent()} == {"jeanne@asso.example"}


def test_spellings_of_one_address_share_one_cap_and_plus_addresses_do_not(intake):
    intake.configure("[limits]\ncases_per_sender_per_day = 2")
    for n, sender in enumerate(("jeanne@asso.example", "Jeanne <jeanne@ASSO.example.>", '"jeanne"@asso.example',
                                "jeanne+bsc@asso.example")):
        intake.deliver(intake.application(sender=sender, subject=f"Projet {n}", pieces=("dossier",)), intake.nb)
    out = intake.poll()
    assert "3 classés" in out and "1 en quarantaine" in out, out
    with session(intake.app().engine) as s:
        rows = list(s.exec(select(Inbound).order_by(Inbound.uid)))
    assert [(r.from_addr, r.fate) for r in rows] == [
        ("jeanne@asso.example", "filed"), ("jeanne@asso.example", "filed"), ("jeanne@asso.example", "quarantined"),
        ("jeanne+bsc@asso.example", "filed")], [(r.from_addr, r.fate) for r in rows]
    assert sorted(c["applicant"] for c in intake.cases()) == ["jeanne+bsc@asso.example", "jeanne@asso.example",
                                                              "jeanne@asso.example"]
