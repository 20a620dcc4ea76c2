"""A stranger's mail without files citing a case is noted in that case's history at most MAX_CITED_A_DAY times in 24
hours (core/decide.py `_stranger`): references are sequential, and a flood of such mails filled a real applicant's
case history, which its page lists whole."""

from test_decide import mail, run

from intake.core.decide import MAX_CITED_A_DAY
from intake.core.statuses import IGNORED
from intake.core.thread import CaseView, Clues

CASE = CaseView(id=7, reference="BSC-2026-0007", status="incomplete", applicant="jeanne@asso.example")
CITING = {"clues": Clues(by_reference=(CASE,))}


def test_under_the_bound_the_cited_case_is_told():
    d = run(mail(attachments=(), subject="Re: [BSC-2026-0007] question", sender="mallory@piege.example"), **CITING,
            cited_24h={7: MAX_CITED_A_DAY - 1})
    assert d.fate == IGNORED and d.cited == CASE
    assert any(type(e).__name__ == "Cited" for e in d.effects)


def test_past_the_bound_the_mail_keeps_its_ledger_line_only():
    d = run(mail(attachments=(), subject="Re: [BSC-2026-0007] question", sender="mallory@piege.example"), **CITING,
            cited_24h={7: MAX_CITED_A_DAY})
    assert d.fate == IGNORED and d.cited is None and "déjà signalé 5 fois en 24 heures" in d.reason, d.reason
    assert not any(type(e).__name__ in ("Cited", "Event") for e in d.effects), d.effects
