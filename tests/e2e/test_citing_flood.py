"""A stranger's mail without files that cites a case's reference (references are sequential: anyone can name
BSC-2026-0001) is ignored and noted in the cited case's history for staff. Each one was noted: a flood of such mails
wrote thousands of lines into a real applicant's case, whose page lists them all. A case notes at most
MAX_CITED_A_DAY of them in 24 hours; the others keep their ledger line (and the mail stays in the mailbox). With
files, each is filed in a case of its own, linked to the cited one, but noted in its history as many times only."""

from __future__ import annotations

import pytest
from sqlmodel import select

from intake.commands import samples
from intake.core.decide import MAX_CITED_A_DAY, MAX_UNFILED_A_DAY
from intake.store.database import session
from intake.store.tables import Case, CaseEvent, Inbound


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


def test_strangers_citing_a_case_with_files_note_it_a_bounded_number_of_times_too(intake):
    """With a file, a stranger's mail citing a case is filed in a case of its own (for review, linked to the cited
    one), each noted in the cited case's history: the caps on new cases bound one sender's, not those of as many
    senders as an attacker has addresses (a free webmail account each), and their notes filled a real applicant's
    case. The cited case notes MAX_CITED_A_DAY of them in 24 hours; each is still filed and linked for staff."""
    intake.deliver(intake.application(sender="Jeanne <jeanne@asso.example>"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    for n in range(MAX_CITED_A_DAY + 3):
        intake.deliver(samples.email(sender=f"Mallory <mallory{n}@piege{n}.example>", to=[intake.nb],
                                     subject=f"Re: [{case['reference']}] photo {n}", body="Voici une photo.",
                                     attachments=[(f"photo-{n}.jpg", samples.jpeg(seed=n), "image/jpeg")]),
                       intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        cited = s.exec(select(CaseEvent).where(CaseEvent.kind == "cited")).all()
        linked = s.exec(select(Case).where(Case.linked_case_id.is_not(None))).all()  # type: ignore[union-attr]
        filed = [r for r in s.exec(select(Inbound)) if r.from_addr.startswith("mallory")]
    assert len(cited) == MAX_CITED_A_DAY, [e.detail for e in cited]
    assert len(filed) == MAX_CITED_A_DAY + 3 and all(r.fate == "filed" for r in filed), [r.reason for r in filed]
    assert len(linked) == MAX_CITED_A_DAY + 3  # each one's case still points staff at the cited one


def test_a_flood_of_automatic_replies_about_a_case_notes_it_a_bounded_number_of_times(intake):
    """Anyone can write « Réponse automatique » citing a reference (they follow each other) in its applicant's name
    from a domain without DMARC: each was a line of the case's history and of its messages, thirty of them thirty. The
    case notes MAX_UNFILED_A_DAY of them in 24 hours; the others keep their ledger line, about no case."""
    intake.deliver(intake.application(sender="Jeanne <jeanne@asso.example>"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    for n in range(MAX_UNFILED_A_DAY + 5):
        intake.deliver(samples.email(sender="Jeanne <jeanne@asso.example>", to=[intake.nb],
                                     subject=f"Réponse automatique : Re: [{case['reference']}] {n}",
                                     body="Je suis absente.", headers={"Auto-Submitted": "auto-replied"}), intake.nb)
    out = intake.poll()
    assert f"{MAX_UNFILED_A_DAY + 5} ignorés" in out, out
    with session(intake.app().engine) as s:
        noted = s.exec(select(CaseEvent).where(CaseEvent.kind == "automatic")).all()
        on_case = [r for r in s.exec(select(Inbound)) if r.case_id and r.fate == "ignored"]
        apart = [r for r in s.exec(select(Inbound)) if not r.case_id and r.fate == "ignored"]
    assert len(noted) == len(on_case) == MAX_UNFILED_A_DAY, [e.detail for e in noted]
    assert len(apart) == 5 and all(f"au dossier {case['reference']}, pas davantage" in r.reason for r in apart)
    assert intake.sent()[1:] == []  # only Jeanne's acknowledgement


def test_copies_of_a_message_of_a_case_note_it_a_bounded_number_of_times(intake):
    """Whoever received an applicant's message (in Cc) can send it again as it is, a thousand times: each copy was a
    line of the case's history and of its messages. The case notes MAX_UNFILED_A_DAY copies in 24 hours."""
    raw = intake.application(sender="Jeanne <jeanne@asso.example>", cc=[intake.db])
    intake.deliver(raw, intake.nb)
    intake.poll()
    for _ in range(MAX_UNFILED_A_DAY + 5):
        intake.deliver(raw, intake.nb)
    out = intake.poll()
    assert f"{MAX_UNFILED_A_DAY + 5} copies" in out, out
    with session(intake.app().engine) as s:
        noted = s.exec(select(CaseEvent).where(CaseEvent.kind == "copy")).all()
        on_case = [r for r in s.exec(select(Inbound)) if r.case_id and r.fate == "duplicate"]
    assert len(noted) == len(on_case) == MAX_UNFILED_A_DAY, [e.detail for e in noted]
    assert len(intake.cases()) == 1 and intake.sent()[1:] == []
