"""Forwards filed for staff under their forwarder's address, nobody written to (an unauthenticated forward; a
colleague's « TR: » or Outlook forward that names nobody): their case stays quiet until staff confirm the applicant's
address, as a robot's or a forged sender's does. Before: the forwarder's address was recorded as an opening sender's,
and a staff decision with « notify » sent the notice meant for the applicant to the colleague."""

from __future__ import annotations

import clientmail as cm
import forwardmail as fm
import pytest

APPLICANT = "jeanne.roux@asso-quartier.example"
PASSED = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"
FORWARDS = {
    "unauthenticated": lambda intake: fm.owa(intake.db, intake.nb, APPLICANT),
    "naming nobody": lambda intake: fm.outlook_twice(intake.db, intake.nb, APPLICANT, authentication=PASSED),
    "subject rewritten": lambda intake: cm.outlook_forward(intake.db, intake.nb, APPLICANT, authentication=PASSED,
                                                           subject="Candidature de l'association"),
}


@pytest.mark.parametrize("forward", list(FORWARDS))
def test_a_forward_filed_for_staff_writes_to_nobody_until_staff_confirm_the_applicant(intake, forward):
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(FORWARDS[forward](intake), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    ref = case["reference"]
    assert case["status"] == "review" and case["applicant"] == intake.db, case
    code, out = intake.cli("case", ref, "status", "declined", "--note", "hors du territoire", "--notify")
    assert code != 0 and f"aucun avis ne part vers {intake.db}" in out and "pas par le demandeur" in out, out
    assert f"intake case {ref} address ADRESSE --main" in out, out
    assert intake.smtp.messages == []

    # staff give the applicant's address: the case writes to them, never to the colleague
    code, out = intake.cli("case", ref, "address", APPLICANT, "--main")
    assert code == 0, out
    code, out = intake.cli("case", ref, "status", "declined", "--note", "hors du territoire", "--notify")
    assert code == 0, out
    assert [a.addr_spec for m in intake.sent() for a in m["To"].addresses] == [APPLICANT]
