"""A seventeenth round (tests/seventeenthmail.py), end to end: Dovecot, `intake poll`, SMTP. Programs no round had
written, in French: Horde IMP, Postbox (old Mozilla), The Bat!, eM Client, Samsung Email, Roundcube composing in
HTML, FairEmail. An applicant's application from each is filed complete and acknowledged; a colleague's forward
from each is filed under the applicant (never the colleague), complete with her files' names alone (no signature
logo among them), and acknowledged to her alone; her answer to our acknowledgement from each brings the missing
letter into her case, and her thanks is nothing for staff."""

from __future__ import annotations

from functools import partial

import pytest
import seventeenthmail as w
from jeanne import (
    JEANNE,
    PIECES,
    answer_brings_the_letter,
    application_filed_complete,
    forward_filed_under_her,
    forward_of,
)
from jeanne import files as _files
from jeanne import names as _names
from sentmail import text as _text
from sentmail import to as _to

PROGRAMS = {"horde": w.horde, "postbox": w.postbox, "the-bat": w.the_bat, "em-client": w.em_client,
            "samsung-email": w.samsung, "roundcube": w.roundcube,
            "fairemail": w.fairemail}


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_application_from_each_program_is_complete_with_its_names_and_acknowledged(intake, program):
    """Jeanne writes from the program: one case, complete, each file named as she named it (RFC 2231 and RFC 2047
    names, Horde_Mime's, old Mozilla's, The Bat!'s, eM Client's and Samsung's MIME), one acknowledgement in French,
    to her."""
    files = _files(seed=210 + len(program))
    application_filed_complete(intake, PROGRAMS[program](intake.nb, files), files)


FORWARDS = {**{program: forward_of(builder) for program, builder in PROGRAMS.items()},
            "the-bat-english": forward_of(partial(w.the_bat, english=True)),
            # Roundcube with send_format_flowed off: its header table's text, a label and its value on two lines
            "roundcube-not-flowed": forward_of(partial(w.roundcube, flowed=False))}


@pytest.mark.parametrize("program", FORWARDS)
def test_a_colleague_s_forward_is_filed_under_the_applicant_complete_and_acknowledged_to_her_alone(intake, program):
    """The colleague forwards Jeanne's application from the other watched mailbox, authenticated by the town's server:
    one case under Jeanne (her name read from the forward), complete with the three files named as she named them
    (Postbox's signature logo, pasted in the colleague's signature and shown by cid:, is none of them), one
    acknowledgement, to her, from the mailbox that received the forward; nothing to the colleague."""
    forward_filed_under_her(intake, FORWARDS[program], seed=220 + len(program))


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_answer_to_our_acknowledgement_brings_the_letter_and_completes_the_case(intake, program):
    """Jeanne's application without its letter, from the program, acknowledged, the letter asked for; she answers from
    the same program quoting our acknowledgement its own way (Horde's « Citation … : », old Mozilla's attribution,
    The Bat!'s bottom-posted answer, eM Client's and Samsung's « Message d'origine » block) with the signed letter: it
    joins her case, complete; she is told so once, nothing asked again, nothing of our quoted text a piece."""
    answer_brings_the_letter(intake, PROGRAMS[program],
                             lambda ack, letter: PROGRAMS[program](JEANNE, letter, answer=ack),
                             seed=230 + len(program))


@pytest.mark.parametrize("program", PROGRAMS)
def test_a_thanks_answered_from_each_program_is_nothing_for_staff(intake, program):
    """Jeanne's complete application, acknowledged; she answers « Merci beaucoup ! » from the program, its signature
    or attribution between her words and our quoted mail (The Bat!: below it, her greeting above): it joins her
    case as a thanks, nothing for staff to answer, no mail. Horde's attribution « Citation … : », eM Client's block,
    The Bat!'s answer below the quote and FairEmail's header (« 1 déc. 2026 09:20:15 Mission Smart City <…>: ») were
    each read as a question for staff before their fixes."""
    intake.deliver(PROGRAMS[program](intake.nb, _files(seed=240 + len(program))), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    intake.deliver(PROGRAMS[program](JEANNE, [], answer=ack, words="Merci beaucoup !\n"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2 and not case["attention"], case
    assert len(intake.sent()) == 1


def test_a_signature_logo_pasted_in_postbox_is_no_visual(intake):
    """Jeanne sends her dossier and her letter from Postbox, no photo, her association's logo pasted in her signature
    (an inline image named « dmmaocmdhicnijbp.png », shown by cid:): the case still lacks its visuals, and the
    acknowledgement asks for them; the logo is none of her pieces."""
    files = [f for f in _files(seed=250) if not f[1].startswith("image/")]
    intake.deliver(w.postbox(intake.nb, files, signature_logo=True), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == JEANNE and case["status"] != "complete", case
    assert case["pieces"] == ["courrier", "dossier"], case
    assert _names(intake, case) == sorted(n for n, _, _ in files)
    (ack,) = intake.sent()
    assert _to(ack) == [JEANNE] and "manquante" in _text(ack), _text(ack)


YAHOO_IOS = {"yahoo-ios": w.yahoo_ios, "yahoo-ios-english": partial(w.yahoo_ios, english=True)}


@pytest.mark.parametrize("program", YAHOO_IOS)
def test_a_thanks_from_yahoo_mail_for_iphone_is_nothing_for_staff_and_its_application_complete(intake, program):
    """Yahoo Mail's iPhone app: Jeanne's application is complete; her « Merci beaucoup ! » above « Envoyé de Yahoo
    Mail pour iPhone » (« Sent from Yahoo Mail for iPhone ») and its app link, then our mail quoted, is a thanks,
    nothing for staff, no mail. The line (« de », not « depuis » as on Android) was read as her words."""
    files = _files(seed=260 + len(program))
    intake.deliver(YAHOO_IOS[program](intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES, case
    assert _names(intake, case) == sorted(n for n, _, _ in files)
    (ack,) = intake.sent()
    intake.deliver(YAHOO_IOS[program](JEANNE, [], answer=ack, words="Merci beaucoup !\n"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2 and not case["attention"], case
    assert len(intake.sent()) == 1
