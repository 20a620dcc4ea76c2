"""A nineteenth round (tests/nineteenthmail.py), end to end: Dovecot, `intake poll`, SMTP. Programs and ways of sending
no round had written: KMail signing every mail with OpenPGP/MIME (and its Inline OpenPGP), Evolution signing with
S/MIME, Tuta, Canary Mail, Proton Mail attaching her public key to every mail, Thunderbird with Enigmail's PGP/Inline
(each file followed by its « .sig »). An applicant's application from each is filed complete under her name and
acknowledged once; a colleague's KMail forward is filed under the applicant; her answer to our acknowledgement from
each, signed as she signs, brings the missing letter into her case; her thanks is nothing for staff."""

from __future__ import annotations

from functools import partial

import nineteenthmail as w
import pytest
from jeanne import JEANNE, answer_brings_the_letter, application_filed_complete, forward_filed_under_her, forward_of
from jeanne import files as _files

PROGRAMS = {"kmail-openpgp": w.kmail_signed, "evolution-smime": w.evolution_smime, "tuta": w.tuta,
            "canary": w.canary, "proton-with-key": w.proton, "enigmail-inline": w.enigmail_inline,
            "enigmail-inline-octet-stream": partial(w.enigmail_inline, octet=True)}


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_application_from_each_program_is_complete_under_her_name_and_acknowledged_once(intake, program):
    """Jeanne writes from the program: one case under her address and her name, complete, each file named as she named
    it (KMail's RFC 2231 inside the signed entity, Tuta's unquoted RFC 2047 words, Canary's words in quotes), no piece
    for the signature or her key (« signature.asc », « smime.p7s », Proton's « publickey - … .asc », Enigmail's
    « Lettre à Monsieur le Maire signée.pdf.sig » though it names the letter), one
    acknowledgement in French, to her; the same mail polled again changes nothing."""
    files = _files(seed=410 + len(program))
    application_filed_complete(intake, PROGRAMS[program](intake.nb, files), files)
    (case,) = intake.cases()
    assert case["applicant_name"] == "Jeanne Roux", case
    intake.poll()
    assert len(intake.sent()) == 1 and len(intake.cases()) == 1


def test_a_colleague_s_signed_kmail_forward_is_filed_under_the_applicant(intake):
    """The colleague forwards Jeanne's application from KMail, signed with OpenPGP/MIME, the forwarded header inside the
    signed entity (« ----------  Message transmis  ---------- », « Objet : » first): one case under Jeanne, complete,
    acknowledged to her alone."""
    forward_filed_under_her(intake, forward_of(w.kmail_signed), seed=420)


def test_a_colleague_s_clear_signed_forward_is_filed_under_the_applicant(intake):
    """The colleague forwards Jeanne's application from Thunderbird with Enigmail's PGP/Inline: the forwarded header
    is inside the clear-signed text, its separator dash-escaped (« - -------- Message transféré -------- »), each file
    followed by its « .sig »: one case under Jeanne, complete, acknowledged to her alone."""
    forward_filed_under_her(intake, forward_of(w.enigmail_inline), seed=425)


@pytest.mark.parametrize("program", PROGRAMS)
def test_a_signed_answer_to_our_acknowledgement_brings_the_letter(intake, program):
    """Jeanne's application without its letter, acknowledged; she answers from the same program, signed as her program
    signs (the answer and its letter inside multipart/signed), our acknowledgement quoted its way: it joins her case
    (threaded by In-Reply-To), complete; she is told so once; neither the signature nor our quoted text is a piece."""
    answer_brings_the_letter(intake, PROGRAMS[program],
                             lambda ack, letter: PROGRAMS[program](JEANNE, letter, answer=ack),
                             seed=430 + len(program))


# (the program that wrote her application, the one that writes her thanks)
THANKS = {**{program: (builder, builder) for program, builder in PROGRAMS.items()},
          "kmail-inline-openpgp": (w.kmail_signed, partial(w.kmail_signed, inline=True))}


@pytest.mark.parametrize("program", THANKS)
def test_a_signed_thanks_is_nothing_for_staff(intake, program):
    """Jeanne's complete application, acknowledged; she answers « Merci beaucoup ! » from the program, signed
    (multipart/signed with only her text, or KMail's Inline OpenPGP: her words between « -----BEGIN PGP SIGNED
    MESSAGE----- » and the armoured signature; Proton's with her key attached): it joins her case as a thanks,
    nothing for staff, no mail."""
    application, thanks = THANKS[program]
    intake.deliver(application(intake.nb, _files(seed=440 + len(program))), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    intake.deliver(thanks(JEANNE, [], answer=ack, words="Merci beaucoup !\n"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2 and not case["attention"], case
    assert len(intake.sent()) == 1
