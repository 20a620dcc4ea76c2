"""A colleague forwards, authenticated, an outsider's mail that names another applicant's case: the forward is the
outsider's message (core/forward.py), never the cited case's. End to end: Dovecot, `intake poll`, SMTP."""

from __future__ import annotations

import forwardmail as fm

VICTIM = "jeanne.roux@asso-quartier.example"
MALLORY = "mallory@evil.example"
PASSED = "mx.example.test; dkim=pass header.d=example.test; dmarc=pass header.from=example.test"


def test_a_trusted_forward_of_an_outsider_citing_a_case_is_not_filed_on_that_case(intake):
    """The town's public address is anyone's to write to, and staff forward what an applicant sends there as the
    README asks: an outsider's « Complément BSC-2026-0001 » with a dossier and a letter of their own, forwarded by a
    colleague, joined the victim's case (a trusted forward vouched for any case it named), completed it, rewrote its
    dossier's fields and sent the victim a completion notice. A forward is filed under its original sender, who may
    speak only for the cases that know them: a case of their own, in review, linked to the one cited."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(intake.application(sender=f"Jeanne Roux <{VICTIM}>", pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (victim,) = intake.cases()
    assert victim["status"] == "incomplete" and victim["missing"] == ["courrier"], victim
    ref = victim["reference"]
    intake.deliver(fm.owa(intake.db, intake.nb, MALLORY, authentication=PASSED, subject=f"TR: Complément {ref}"),
                   intake.nb)
    intake.poll()
    cases = {c["reference"]: c for c in intake.cases()}
    assert cases[ref]["status"] == "incomplete" and cases[ref]["messages"] == 1, cases[ref]
    assert cases[ref]["pieces"] == ["dossier", "visuels"]
    (other,) = (c for r, c in cases.items() if r != ref)
    assert other["applicant"] == MALLORY and other["status"] == "review"
    assert f"cite le dossier {ref}" in other["attention"], other
    to = [[a.addr_spec for a in m["To"].addresses] for m in intake.sent()]
    assert [VICTIM] in to and to.count([VICTIM]) == 1, to  # the victim's own acknowledgement, nothing since
