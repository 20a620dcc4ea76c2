"""A fifteenth round (tests/fifteenthmail.py), end to end: Dovecot, `intake poll`, SMTP. Colleagues' forwards the last
round left naming nobody (Outlook 2019's French attribution alone, its bold HTML block read without a text part,
Yahoo Mail's flattened header line, in French and English) and programs no round had written (Gmail's mobile app in
French, Geary writing and forwarding): each application filed under the applicant, complete with its names, and
acknowledged to the applicant alone, never to the colleague."""

from __future__ import annotations

from functools import partial

import fifteenthmail as w
import pytest
from jeanne import (
    JEANNE,
    answer_brings_the_letter,
    application_filed_complete,
    forward_filed_under_her,
)
from jeanne import files as _files

FORWARDS = {
    "outlook-2019-attribution": w.outlook_2019_attribution_forward,
    "outlook-2019-bold-html-only": w.outlook_bold_html_forward,
    "yahoo-flattened": w.yahoo_forward,
    "yahoo-flattened-english": partial(w.yahoo_forward, english=True),
    "gmail-mobile-fr": w.gmail_mobile_forward,
    "geary": lambda by, to, applicant, files, authentication: w.geary(to, files, forward_of=applicant, by=by,
                                                                       authentication=authentication),
}


@pytest.mark.parametrize("program", FORWARDS)
def test_a_colleague_s_forward_is_filed_under_the_applicant_complete_and_acknowledged_to_her_alone(intake, program):
    """The colleague forwards Jeanne's application from the other watched mailbox, authenticated by the town's server:
    one case under Jeanne (her name read from the forward), complete with the three files named as she named them,
    one acknowledgement, to her, from the mailbox that received the forward; nothing to the colleague."""
    forward_filed_under_her(intake, FORWARDS[program], seed=150 + len(program))


def test_a_geary_application_with_iso_8859_1_rfc_2231_names_is_complete_and_acknowledged(intake):
    """Geary (GMime): the text flowed in multipart/alternative with its HTML, the names in RFC 2231 ISO-8859-1:
    complete, each name as typed, one acknowledgement in French."""
    files = _files(seed=171)
    raw = w.geary(intake.nb, files)
    assert b"filename*=iso-8859-1''" in raw
    application_filed_complete(intake, raw, files)


REPLIES = {"outlook-2019": w.outlook_2019_reply, "proton": w.proton_reply, "tuta": w.tuta_reply}


@pytest.mark.parametrize("program", REPLIES)
def test_an_answer_to_our_acknowledgement_brings_the_letter_and_completes_the_case(intake, program):
    """Jeanne's application without its letter (Geary), acknowledged, the letter asked for; she answers from another
    program quoting our acknowledgement its own way (Outlook 2019's attribution and indented text, Proton's line and
    attribution, Tuta's info line and HTML blockquote) with the signed letter: it joins her case, complete; she is
    told so once, nothing asked again, and nothing of our quoted text becomes a piece."""
    answer_brings_the_letter(intake, w.geary, lambda ack, letter: REPLIES[program](ack, JEANNE, letter), seed=181)
