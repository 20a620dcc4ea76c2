"""A sixteenth round (tests/sixteenthmail.py), end to end: Dovecot, `intake poll`, SMTP. Programs no round had written:
Spark, Airmail, HEY, BlueMail, Infomaniak Mail, Mailo, SFR Mail, La Poste's Open-Xchange webmail, and an HTML header
block naming the sender by a mailto link alone. An applicant's application from each is filed complete and
acknowledged; a colleague's forward from each is filed under the applicant (never the colleague), complete with her
files' names, and acknowledged to her alone; her answer to our acknowledgement from each brings the missing letter
into her case."""

from __future__ import annotations

from functools import partial

import pytest
import sixteenthmail as w
from jeanne import (
    JEANNE,
    answer_brings_the_letter,
    application_filed_complete,
    forward_filed_under_her,
    forward_of,
)
from jeanne import files as _files

PROGRAMS = {"spark": w.spark, "airmail": w.airmail, "hey": w.hey, "bluemail": w.bluemail,
            "infomaniak": w.infomaniak, "mailo": w.mailo, "sfr": w.sfr, "laposte-open-xchange": w.laposte}
# the photo pasted in Spark's text (multipart/related, shown by cid:) rather than attached
APPLICATIONS = {**PROGRAMS, "spark-photo-in-text": partial(w.spark, inline=True)}


@pytest.mark.parametrize("program", APPLICATIONS)
def test_an_application_from_each_program_is_complete_with_its_names_and_acknowledged(intake, program):
    """Jeanne writes from the program: one case, complete, each file named as she named it (RFC 2047 words in quotes,
    RFC 2231 with a language, MailCore2's and JavaMail's MIME, Spark's photo shown in the text), one acknowledgement
    in French, to her."""
    files = _files(seed=160 + len(program))
    application_filed_complete(intake, APPLICATIONS[program](intake.nb, files), files)


FORWARDS = {**{program: forward_of(builder) for program, builder in PROGRAMS.items()},
            # HEY for Work on the town's own domain (a forward intake believes comes from a town address)
            "hey": lambda by, to, applicant, files, authentication: w.hey(
                to, files, forward_of=applicant, by=by, authentication=authentication, sender_address=by),
            "laposte-open-xchange-text": forward_of(partial(w.laposte, html=False)),
            "infomaniak-ios": forward_of(partial(w.infomaniak, ios=True)),
            "html-header-mailto-name": w.mailto_name_forward,
            "html-header-mailto-name-outlook-text": partial(w.mailto_name_forward, links="outlook")}


@pytest.mark.parametrize("program", FORWARDS)
def test_a_colleague_s_forward_is_filed_under_the_applicant_complete_and_acknowledged_to_her_alone(intake, program):
    """The colleague forwards Jeanne's application from the other watched mailbox, authenticated by the town's server:
    one case under Jeanne (her name read from the forward), complete with the three files named as she named them,
    one acknowledgement, to her, from the mailbox that received the forward; nothing to the colleague. La Poste's
    (Open-Xchange's French block, quoted whole) and the mailto link's (its HTML, and Outlook's text of it) named nobody
    before their fixes."""
    forward_filed_under_her(intake, FORWARDS[program], seed=170 + len(program))


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_answer_to_our_acknowledgement_brings_the_letter_and_completes_the_case(intake, program):
    """Jeanne's application without its letter, from the program, acknowledged, the letter asked for; she answers from
    the same program quoting our acknowledgement its own way (Spark's attribution with its comma, Airmail's in
    English with our address in parentheses, Infomaniak's, Open-Xchange's quoted text...) with the signed letter: it
    joins her case, complete; she is told so once, nothing asked again, nothing of our quoted text a piece."""
    answer_brings_the_letter(intake, PROGRAMS[program],
                             lambda ack, letter: PROGRAMS[program](JEANNE, letter, answer=ack),
                             seed=190 + len(program))


THANKING = {"spark": w.spark, "bluemail": w.bluemail}


@pytest.mark.parametrize("program", THANKING)
def test_a_thanks_answered_from_a_program_signing_without_dashes_is_nothing_for_staff(intake, program):
    """Jeanne's complete application, acknowledged; she answers « Merci beaucoup ! » from Spark or BlueMail, whose line
    (« Envoyé avec Spark », « Obtenir BlueMail pour Android ») stands between her words and our quoted mail with no
    « -- » above it: it joins her case as a thanks, nothing for staff to answer, no mail. It was read as her words, and
    staff were told to answer a question."""
    intake.deliver(THANKING[program](intake.nb, _files(seed=200 + len(program))), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    intake.deliver(THANKING[program](JEANNE, [], answer=ack, words="Merci beaucoup !\n"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2 and not case["attention"], case
    assert len(intake.sent()) == 1
