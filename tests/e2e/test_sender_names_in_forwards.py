"""A colleague's forward whose program writes the forwarded sender's name as it is, end to end: Dovecot, `intake
poll`, SMTP (attack30). Nextcloud Mail writes « "Name" address – date » with the name raw, SnappyMail « "Name"
<address mailto:…> » with its quotes unescaped, and a program naming the sender by a link on their name shows the
name where the address would be: an outsider whose `From` name closes those quotes, or is another's address, made
the colleague's forward, authenticated by the town's server, a trusted forward of the victim, filed under them and
acknowledged to them. Such a forward names nobody: nobody is written to, no case is the victim's."""

from __future__ import annotations

import pytest
import sixteenthmail as sixteenth
import twentythirdmail as w
from jeanne import files

PASSED = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"
MALLORY = "mallory@evil.example"
VICTIM = "victime@autre.example"

FORWARDS = {
    # Nextcloud's line « "{name}" mallory@… – 30 novembre… »: the name closes its quotes and writes its own line's end
    "nextcloud": lambda by, to, fs: w.nextcloud(to, fs, forward_of=MALLORY, by=by, authentication=PASSED,
                                                forwarded_name=f'Jeanne" {VICTIM} \u2013 1 "x'),
    # SnappyMail's « De: "{name}" <mallory@… mailto:…> »: the name's last quote swallows the address
    "snappymail": lambda by, to, fs: w.snappymail(to, fs, forward_of=MALLORY, by=by, authentication=PASSED,
                                                  forwarded_name=f'Jeanne" <{VICTIM}> mailto:'),
    # « De : <a href="mailto:mallory@…">victime@…</a> », and its text part's « victime@…<mailto:mallory@…> »
    "linked-name": lambda by, to, fs: sixteenth.mailto_name_forward(by, to, MALLORY, fs, authentication=PASSED,
                                                                    name=VICTIM, links="outlook"),
}


@pytest.mark.parametrize("program", FORWARDS)
def test_a_forward_whose_sender_s_name_names_another_writes_to_nobody(intake, program):
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(FORWARDS[program](intake.db, intake.nb, files(seed=930)), intake.nb)
    out = intake.poll()
    cases, sent = intake.cases(), intake.sent()
    assert [m["To"] for m in sent] == [], out
    assert all(c["applicant"] != VICTIM for c in cases), cases


def test_the_same_forward_of_an_ordinary_name_is_filed_under_its_sender(intake):
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(w.nextcloud(intake.nb, files(seed=931), forward_of=MALLORY, by=intake.db, authentication=PASSED,
                               forwarded_name="Mallory Martin"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == MALLORY, case
    assert [str(m["To"]) for m in intake.sent()] == [MALLORY]
