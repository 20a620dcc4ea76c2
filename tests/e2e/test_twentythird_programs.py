"""A twenty-third round (tests/twentythirdmail.py), end to end: Dovecot, `intake poll`, SMTP. Programs and services
no round had written: SnappyMail (one long RFC 2047 word per file name, « TLS-Required: No », its forward's sender a
mailto link that its text part writes out whole) and RainLoop, iCloud's web mail, Nextcloud Mail (whose forward is
only « "Name" address – date » above a blockquote, as its reply), grommunio-web (« Message initial », « TR: »,
« REF: »), writing an application, forwarding one and
answering our acknowledgement, and an association's Mailchimp newsletter linking the files it speaks of."""

from __future__ import annotations

import pytest
import twentythirdmail as w
from jeanne import (
    PIECES,
    answer_brings_the_letter,
    application_filed_complete,
    forward_filed_under_her,
    forward_of,
)
from jeanne import files as _files
from sentmail import text

PROGRAMS = ["snappymail", "rainloop", "nextcloud", "grommunio", "icloud"]


def _without(piece: str, seed: int):
    return [f for f in _files(seed=seed) if not f[0].startswith(piece)]


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_application_from_each_program_is_complete_under_her_name_and_acknowledged_once(intake, program):
    """Jeanne's application from SnappyMail, RainLoop, Nextcloud Mail, grommunio-web or iCloud's web mail (HTML and its
    text, the three files): one case under
    her, complete, each file named as she named it, one acknowledgement in French, to her; polled again, nothing
    more."""
    files = _files(seed=810 + len(program))
    application_filed_complete(intake, getattr(w, program)(intake.nb, files), files)
    (case,) = intake.cases()
    assert case["applicant_name"] == "Jeanne Roux", case
    intake.poll()
    assert len(intake.sent()) == 1 and len(intake.cases()) == 1


@pytest.mark.parametrize("program", PROGRAMS)
def test_a_colleague_s_forward_from_each_program_is_filed_under_the_applicant(intake, program):
    """A colleague forwards Jeanne's application from SnappyMail (« -------- Message transféré ------- », « De: » her
    name and a mailto link, written out whole in the text part) or from Nextcloud Mail (no forward words at all: the
    line « "Jeanne Roux" jeanne.roux@… – 30 novembre 2026 à 17:45 » above her mail in a blockquote, « Fwd: » in the
    subject), from RainLoop (« Objet: »), grommunio-web (« --------------------Message initial-------------------- »
    in a blockquote, « TR: ») or from iCloud's web mail (Apple's « Début du message réexpédié : » not
    quoted), the files attached again: one case under Jeanne, complete, acknowledged to her alone."""
    forward_filed_under_her(intake, forward_of(getattr(w, program)), seed=820 + len(program))


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_answer_from_each_program_brings_the_letter(intake, program):
    """Jeanne's application without its letter, acknowledged; she answers from SnappyMail, RainLoop, Nextcloud Mail,
    grommunio-web (« REF: » before our subject) or iCloud's web mail (its text part one line, our mail unmarked in it)
    with the letter, her words on top, our mail quoted below the program's
    line: it joins her case, complete; she is told so once."""
    builder = getattr(w, program)
    answer_brings_the_letter(intake, builder, lambda ack, letter: builder(w.APPLICANT, letter, answer=ack),
                             seed=830 + len(program))


def test_an_association_s_mailchimp_newsletter_linking_its_files_opens_nothing_and_writes_to_nobody(intake):
    """The association's Mailchimp newsletter (List-ID, List-Unsubscribe, X-Campaign), sent as Jeanne, speaks of its
    application and links its dossier, its letter and a photo on mcusercontent.com: a list's mail is no application:
    no case, nobody written to (the list least of all), nothing quarantined."""
    intake.deliver(w.mailchimp_newsletter(intake.nb), intake.nb)
    intake.poll()
    assert intake.cases() == [], intake.cases()
    assert intake.sent() == []
    code, listed = intake.cli("quarantine", "list")
    assert code == 0 and "mcsv" not in listed and "Jardins" not in listed, listed


def test_the_newsletter_after_her_application_leaves_her_case_as_it_was(intake):
    """Jeanne's application without photos, acknowledged (the photos asked for); the association's Mailchimp newsletter,
    from her address, links a photo of the garden: her case is unchanged (still missing its photos, one message), she
    is not written to again."""
    intake.deliver(w.snappymail(intake.nb, _without("Jardin", seed=840)), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    assert "manquante" in text(ack), text(ack)
    intake.deliver(w.mailchimp_newsletter(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["messages"] == 1, case
    assert case["pieces"] == [p for p in PIECES if p != "visuels"], case
    assert len(intake.sent()) == 1


@pytest.mark.parametrize("visible", [(w.APPLICANT,), ("candidatures@ville-lens.example",), ()])
def test_an_application_with_the_town_in_bcc_is_acknowledged_from_the_mailbox_the_server_delivered_it_to(intake,
                                                                                                       visible):
    """Jeanne writes from Gmail with the town's mailbox in « Cci » only: To herself (to keep a copy), To another town
    she applies to, or to nobody visible (Gmail writes no To); the town's server (Dovecot's LMTP, Postfix) delivered it
    with « Delivered-To: » the mailbox. One case under her, complete, one acknowledgement in French, to her alone
    (never to the other town), from that mailbox."""
    files = _files(seed=850 + len(visible))
    application_filed_complete(intake, w.gmail_bcc(visible, files, delivered_to=intake.nb), files)
    (ack,) = intake.sent()
    assert ack["From"].addresses[0].addr_spec == intake.nb, ack["From"]


def test_an_application_with_the_town_in_bcc_and_no_delivery_field_is_filed_for_staff_to_answer(intake):
    """The same mail where nothing says which mailbox it was written to (Exchange Online writes no Delivered-To): the
    rule for mail not addressed to a watched mailbox (a list's, an alias's) holds: her case is filed, complete, and
    nobody is written to: staff answer."""
    files = _files(seed=860)
    intake.deliver(w.gmail_bcc((w.APPLICANT,), files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == w.APPLICANT and case["status"] == "complete" and case["pieces"] == PIECES, case
    assert intake.sent() == []
