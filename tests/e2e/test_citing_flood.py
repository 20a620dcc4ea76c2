"""A stranger's mail without files that cites a case's reference (references are sequential: anyone can name
BSC-2026-0001) is ignored and noted in the cited case's history for staff. Each one was noted: a flood of such mails
wrote thousands of lines into a real applicant's case, whose page lists them all. A case notes at most
MAX_CITED_A_DAY of them in 24 hours; the others keep their ledger line (and the mail stays in the mailbox)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from intake.commands import samples
from intake.core.decide import MAX_CITED_A_DAY
from intake.store.database import session
from intake.store.tables import CaseEvent, Inbound


@pytest.mark.both_databases  # the count of a case's notes, grouped: both dialects
def test_a_flood_of_strangers_mails_citing_a_case_notes_it_a_bounded_number_of_times(intake):
    intake.deliver(intake.application(sender="Jeanne <jeanne@asso.example>"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    for n in range(MAX_CITED_A_DAY + 5):
        intake.deliver(samples.email(sender="Mallory <mallory@piege.example>", to=[intake.nb],
                                     subject=f"Re: [{case['reference']}] question {n}", body="Bonjour, une question."),
                       intake.nb)
    out = intake.poll()
    assert "0 classé" in out and "0 en quarantaine" in out, out
    with session(intake.app().engine) as s:
        cited = s.exec(select(CaseEvent).where(CaseEvent.kind == "cited")).all()
        ignored = [r for r in s.exec(select(Inbound)) if r.from_addr == "mallory@piege.example"]
    assert len(cited) == MAX_CITED_A_DAY, [e.detail for e in cited]
    assert len(ignored) == MAX_CITED_A_DAY + 5 and all(r.fate == "ignored" for r in ignored)
    assert sum("déjà signalé" in r.reason for r in ignored) == 5, [r.reason for r in ignored]
    assert intake.sent()[1:] == []  # only Jeanne's acknowledgement
