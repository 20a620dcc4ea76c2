"""A twentieth round (tests/twentiethmail.py), end to end: Dovecot, `intake poll`, SMTP. Programs and ways of sending
no round had written: an association's Salesforce (its Sender and bounce envelope beside her From), Outlook for Windows
asking a read receipt with her business card attached, Outlook for Android (a colleague's forward from it, and staff
answering her from it), GroupWise (its « Mime.822 » forward, as message/rfc822 or application/octet-stream; its
« >>> … >>> » answer with or without In-Reply-To; its « Basic RFC-822 » format, the files uuencoded in the text),
Pegasus Mail (« Forwarded message follows »), BlueMind's web mail forwarding, a Brother copier's « Scan to E-mail »
bringing the signed letter (a read receipt asked), and the association's Brevo newsletter after her application."""

from __future__ import annotations

from functools import partial

import pytest
import tenthmail as tm
import twentiethmail as w
from jeanne import (
    AUTH,
    JEANNE,
    PIECES,
    answer_brings_the_letter,
    application_filed_complete,
    forward_filed_under_her,
    forward_of,
    names,
)
from jeanne import files as _files
from sentmail import text, to

PROGRAMS = {"salesforce": w.salesforce, "salesforce-without-sender-id": partial(w.salesforce, sender_id=False),
            "outlook-receipt-and-card": w.outlook_receipt_and_card, "outlook-android": w.outlook_android,
            "groupwise": w.groupwise, "groupwise-rfc822-uuencoded": w.groupwise_rfc822, "bluemind": w.bluemind,
            "pegasus": w.pegasus}


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_application_from_each_program_is_complete_under_her_name_and_acknowledged_once(intake, program):
    """Jeanne writes from the program: one case under her address and her name, complete, each file named as she named
    it, her business card no piece, one acknowledgement in French, to her (never to Salesforce's Sender or bounce
    address), no read receipt; the same mail polled again changes nothing."""
    files = _files(seed=510 + len(program))
    application_filed_complete(intake, PROGRAMS[program](intake.nb, files), files)
    (case,) = intake.cases()
    assert case["applicant_name"] == "Jeanne Roux", case
    intake.poll()
    assert len(intake.sent()) == 1 and len(intake.cases()) == 1


@pytest.mark.parametrize("program", ["salesforce", "groupwise-rfc822-uuencoded", "pegasus"])
def test_an_application_that_reached_both_mailboxes_is_one_case_acknowledged_once(intake, program):
    """The same mail from the program reached both watched mailboxes (the other one in Bcc): one case, complete, one
    acknowledgement, from one mailbox; polled again, nothing more."""
    files = _files(seed=560 + len(program))
    intake.deliver(PROGRAMS[program](intake.nb, files), intake.nb, intake.db)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES, case
    assert names(intake, case) == sorted(n for n, _, _ in files)
    (ack,) = intake.sent()
    assert to(ack) == [JEANNE], to(ack)
    intake.poll()
    assert len(intake.sent()) == 1 and len(intake.cases()) == 1


def test_a_colleague_s_outlook_for_android_forward_is_filed_under_the_applicant(intake):
    """The colleague forwards Jeanne's application from Outlook on her phone (underscores, « De : / Envoyé : / À : /
    Objet : »): one case under Jeanne, complete, acknowledged to her alone."""
    forward_filed_under_her(intake, forward_of(w.outlook_android), seed=520)


@pytest.mark.parametrize("way", ["message-rfc822", "octet-stream", "inline"])
def test_a_colleague_s_groupwise_forward_is_filed_under_the_applicant(intake, way):
    """The colleague forwards Jeanne's application from GroupWise: her words, Jeanne's mail whole in « Mime.822 »
    (message/rfc822, or application/octet-stream), or inline below « >>> "Jeanne Roux" <…> 30/11/2026 17:45 >>> »:
    one case under Jeanne, complete with her three files, acknowledged to her alone; « Mime.822 » itself is no
    piece."""
    builder = partial(w.groupwise, octet=way == "octet-stream", inline=way == "inline")
    forward_filed_under_her(intake, forward_of(builder), seed=522 + len(way))


@pytest.mark.parametrize("html_only", [False, True], ids=["text-and-html", "html-alone"])
def test_a_colleague_s_bluemind_forward_is_filed_under_the_applicant(intake, html_only):
    """The colleague forwards Jeanne's application from BlueMind's web mail: its purple header « ---- Message d'origine
    ---- / De: / Objet: / À: / Date: » (no space before the colons, the date last), the files carried: one case under
    Jeanne, complete, acknowledged to her alone; also read from the HTML alone."""
    forward_filed_under_her(intake, forward_of(partial(w.bluemind, html_only=html_only)), seed=524 + html_only)


def test_a_colleague_s_pegasus_forward_is_filed_under_the_applicant(intake):
    """The colleague forwards Jeanne's application from Pegasus Mail: « ------- Forwarded message follows ------- »,
    then « From: / To: / Subject: / Date sent: », each value after a tab, the files carried: one case under Jeanne,
    complete, acknowledged to her alone."""
    forward_filed_under_her(intake, forward_of(w.pegasus), seed=528)


def test_a_pegasus_answer_brings_the_letter(intake):
    """Jeanne's application from Pegasus Mail without its letter, acknowledged; she answers « On … wrote: », our text
    quoted: it joins her case, complete; she is told so once."""
    answer_brings_the_letter(intake, w.pegasus, lambda ack, letter: w.pegasus(JEANNE, letter, answer=ack), seed=529)


@pytest.mark.parametrize("threads", [True, False], ids=["threaded", "no-in-reply-to"])
def test_a_groupwise_answer_brings_the_letter(intake, threads):
    """Jeanne's application from GroupWise without its letter, acknowledged; she answers from GroupWise, our text
    below « >>> Mission Smart City <…> 01/12/2026 09:20 >>> » unmarked (with or without In-Reply-To, as older agents
    wrote it): it joins her case, complete; she is told so once; nothing of our quoted text a piece."""
    answer_brings_the_letter(intake, w.groupwise, lambda ack, letter: w.groupwise(JEANNE, letter, answer=ack,
                                                                                 threads=threads), seed=526 + threads)


def test_the_letter_scanned_on_a_brother_copier_completes_her_case(intake):
    """Jeanne's application from her phone without the letter, acknowledged, the letter asked for; she scans the signed
    letter on the association's Brother, which mails it as her (« Message from "MFC-L2750DW" », a read receipt asked):
    it joins her case, complete; she is told so once; no read receipt, nothing else."""
    first = [f for f in _files(seed=530) if not f[0].startswith("Lettre")]
    intake.deliver(w.outlook_android(intake.nb, first), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    assert to(ack) == [JEANNE] and "manquante" in text(ack), text(ack)
    intake.deliver(w.brother_scan(intake.nb, tm.letter()), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES and case["messages"] == 2, case
    assert names(intake, case) == sorted([n for n, _, _ in first] + ["img-261201101102.pdf"])
    _ack, done = intake.sent()
    assert to(done) == [JEANNE] and "complet" in done["Subject"], done["Subject"]
    intake.poll()
    assert len(intake.sent()) == 2


def test_her_association_s_newsletter_is_nothing_for_staff_and_gets_no_mail(intake):
    """Jeanne's complete application, acknowledged; a day later the association's Brevo newsletter, sent from her
    address to its list (the town's mailbox among the subscribers), speaks of the application: no new case, her case
    stays complete, nothing for staff, no mail."""
    files = _files(seed=540)
    application_filed_complete(intake, w.outlook_android(intake.nb, files), files)
    intake.deliver(w.brevo_newsletter(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and not case["attention"], case
    assert len(intake.sent()) == 1


def test_staff_answering_her_from_outlook_for_android_is_staff_mail(intake):
    """Jeanne's complete application, acknowledged; Nicolas answers her from Outlook on his phone, in the thread of our
    acknowledgement, the other watched mailbox in Cc (authenticated by the town's server): staff mail, no new case,
    no mail from us, her case unchanged and nothing for staff to do."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    files = _files(seed=570)
    application_filed_complete(intake, w.outlook_android(intake.nb, files), files)
    (ack,) = intake.sent()
    intake.deliver(w.outlook_android_staff_reply(ack, intake.nb, JEANNE, intake.db, authentication=AUTH), intake.db)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and not case["attention"], case
    assert len(intake.sent()) == 1
