"""An eighteenth round (tests/eighteenthmail.py), end to end: Dovecot, `intake poll`, SMTP. Programs no round had
written: Windows Live Mail 2012, Alpine, Zoho Mail, Fastmail, Mailbird, Aqua Mail, GMX (and web.de), Nine. An
applicant's application from each is filed complete and acknowledged; a colleague's forward from each is filed under the
applicant (never the colleague), complete with her files' names, and acknowledged to her alone; her answer to our
acknowledgement from each brings the missing letter into her case, and her thanks is nothing for staff."""

from __future__ import annotations

from functools import partial

import eighteenthmail as w
import pytest
from jeanne import JEANNE, answer_brings_the_letter, application_filed_complete, forward_filed_under_her, forward_of
from jeanne import files as _files

PROGRAMS = {"live-mail": w.live_mail, "alpine": w.alpine, "zoho": w.zoho, "fastmail": w.fastmail,
            "mailbird": w.mailbird, "aqua-mail": w.aqua, "gmx": w.gmx, "nine": w.nine}


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_application_from_each_program_is_complete_with_its_names_and_acknowledged(intake, program):
    """Jeanne writes from the program: one case, complete, each file named as she named it (Live Mail's ISO-8859-1
    words, Alpine's capitals and RFC 2231, Zoho's and Aqua Mail's words, MimeKit's RFC 2231), one acknowledgement in
    French, to her."""
    files = _files(seed=310 + len(program))
    application_filed_complete(intake, PROGRAMS[program](intake.nb, files), files)


FORWARDS = {**{program: forward_of(builder) for program, builder in PROGRAMS.items()},
            "zoho-english": forward_of(partial(w.zoho, english=True)),
            "web.de": forward_of(partial(w.gmx, german=True))}


@pytest.mark.parametrize("program", FORWARDS)
def test_a_colleague_s_forward_is_filed_under_the_applicant_complete_and_acknowledged_to_her_alone(intake, program):
    """The colleague forwards Jeanne's application from the other watched mailbox, authenticated by the town's server:
    one case under Jeanne (her name read from the forward: Live Mail's text names her without her address, Alpine's
    subject ends in « (fwd) », Zoho's header sits between two lines of « = », GMX's starts with its date), complete with
    the three files named as she named them, one acknowledgement, to her, from the mailbox that received the forward;
    nothing to the colleague."""
    forward_filed_under_her(intake, FORWARDS[program], seed=320 + len(program))


ANSWERS = {**PROGRAMS, "zoho-unmarked": partial(w.zoho, marked=False)}


@pytest.mark.parametrize("program", ANSWERS)
def test_an_answer_to_our_acknowledgement_brings_the_letter_and_completes_the_case(intake, program):
    """Jeanne's application without its letter, from the program, acknowledged, the letter asked for; she answers from
    the same program quoting our acknowledgement its own way (Live Mail's « Original Message » block, Alpine's « On …
    wrote: », Zoho's « ---- Le … a écrit --- », our lines marked or not, Fastmail's, Mailbird's and Aqua Mail's
    attributions) with the signed letter: it joins her case, complete; she is told so once, nothing asked again, nothing
    of our quoted text a piece."""
    answer_brings_the_letter(intake, ANSWERS[program],
                             lambda ack, letter: ANSWERS[program](JEANNE, letter, answer=ack),
                             seed=330 + len(program))


@pytest.mark.parametrize("program", PROGRAMS)
def test_a_thanks_answered_from_each_program_is_nothing_for_staff(intake, program):
    """Jeanne's complete application, acknowledged; she answers « Merci beaucoup ! » from the program, its signature («
    Envoyé avec Mailbird », « Envoyé avec AquaMail pour Android », « Envoyé depuis Nine ») or attribution between her
    words and our quoted mail: it joins her case as a thanks, nothing for staff to answer, no mail."""
    intake.deliver(PROGRAMS[program](intake.nb, _files(seed=340 + len(program))), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    intake.deliver(PROGRAMS[program](JEANNE, [], answer=ack, words="Merci beaucoup !\n"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2 and not case["attention"], case
    assert len(intake.sent()) == 1
