"""A twenty-first round (tests/twentyfirstmail.py), end to end: Dovecot, `intake poll`, SMTP. Programs and services
no round had written: the association's Dolibarr (PHP mail(): the HTML alone, 8-bit, names unaccented) and Odoo (its
From rewritten to notifications@ its database, Reply-To its catchall), Huawei's Email app (raw UTF-8 names), Gnus
(RFC 2231 names on the disposition alone; its forward as message/rfc822 under « [Jeanne Roux] … »), Adobe Acrobat
Sign's completion mail bringing the signed letter (Docusign's, its Reply-To the envelope sender's choice, for staff), a
Sharp copier's « Scan to E-mail » from the
association's copier, and Smash's notice of the photos sent by link."""

from __future__ import annotations

import pytest
import tenthmail as tm
import twentyfirstmail as w
from jeanne import (
    PIECES,
    answer_brings_the_letter,
    application_filed_complete,
    forward_filed_under_her,
    forward_of,
    names,
)
from jeanne import files as _files
from sentmail import text, to

DOCUSIGN_AUTH = "mx.example.test; dkim=pass header.d=docusign.net; spf=pass smtp.mailfrom=docusign.net; " \
                "dmarc=pass header.from=docusign.net"
ACROBAT_AUTH = "mx.example.test; dkim=pass header.d=adobesign.com; dmarc=pass header.from=adobesign.com"
SMASH_AUTH = "mx.example.test; dkim=pass header.d=fromsmash.com; dmarc=pass header.from=fromsmash.com"


def _without(piece: str, seed: int):
    return [f for f in _files(seed=seed) if not f[0].startswith(piece)]


@pytest.mark.parametrize("program", ["huawei", "gnus"])
def test_an_application_from_each_program_is_complete_under_her_name_and_acknowledged_once(intake, program):
    """Jeanne writes from the program (Huawei: her files' names raw UTF-8 in the header; Gnus: each name in RFC 2231
    form on its Content-Disposition alone): one case under her address and name, complete, each file named as she
    named it, one acknowledgement in French, to her; polled again, nothing more."""
    files = _files(seed=610 + len(program))
    application_filed_complete(intake, getattr(w, program)(intake.nb, files), files)
    (case,) = intake.cases()
    assert case["applicant_name"] == "Jeanne Roux", case
    intake.poll()
    assert len(intake.sent()) == 1 and len(intake.cases()) == 1


@pytest.mark.parametrize("program", ["dolibarr", "huawei", "gnus"])
def test_an_application_that_reached_both_mailboxes_is_one_case_acknowledged_once(intake, program):
    """The same mail from the program reached both watched mailboxes (8-bit HTML, raw UTF-8 names, RFC 2231 names):
    one case, complete, one acknowledgement; polled again, nothing more."""
    files = _files(seed=690 + len(program))
    intake.deliver(getattr(w, program)(intake.nb, files), intake.nb, intake.db)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES, case
    (ack,) = intake.sent()
    assert to(ack) == [w.APPLICANT], to(ack)
    intake.poll()
    assert len(intake.sent()) == 1 and len(intake.cases()) == 1


def test_an_application_sent_from_dolibarr_is_complete_and_acknowledged_once(intake):
    """The association's Dolibarr sends her mail through PHP's mail(): the HTML alone, 8-bit UTF-8 with no transfer
    encoding, the names stripped of their accents: one case under her, complete, the files named as Dolibarr named
    them, one acknowledgement in French, to her, naming her photo."""
    files = _files(seed=620)
    intake.deliver(w.dolibarr(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == w.APPLICANT and case["applicant_name"] == "Jeanne Roux", case
    assert case["status"] == "complete" and case["pieces"] == PIECES, case
    assert names(intake, case) == sorted(w.unaccented(n) for n, _, _ in files)
    (ack,) = intake.sent()
    assert to(ack) == [w.APPLICANT] and "Jardin partage - ete 2026.jpg" in " ".join(text(ack).split()), text(ack)
    intake.poll()
    assert len(intake.sent()) == 1


@pytest.mark.parametrize("address_in_name", [False, True], ids=["name", "name-and-address"])
def test_an_application_sent_from_odoo_is_filed_under_its_sender_and_named_as_her(intake, address_in_name):
    """Her association's Odoo sends her message from its own notifications@ address (her name kept, with her address
    in brackets in some versions), its catchall in Reply-To: one case, complete, under the address that sent it (the
    acknowledgement goes back into her Odoo's thread), her name as the applicant's name, never « (address) »; the
    catchall in Reply-To is never written to."""
    files = _files(seed=630 + address_in_name)
    intake.deliver(w.odoo(intake.nb, files, address_in_name=address_in_name), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES, case
    assert case["applicant"] == "notifications@jardins-egalite.odoo.com", case
    assert case["applicant_name"] == "Jeanne Roux", case
    assert names(intake, case) == sorted(n for n, _, _ in files)
    (ack,) = intake.sent()
    assert to(ack) == ["notifications@jardins-egalite.odoo.com"], to(ack)


def test_a_colleague_s_gnus_forward_is_filed_under_the_applicant(intake):
    """The colleague forwards Jeanne's application from Gnus: her words, then Jeanne's mail whole as message/rfc822
    « inline », the subject « [Jeanne Roux] Candidature … » (no « Fwd: »): one case under Jeanne, complete with her
    three files, acknowledged to her alone."""
    forward_filed_under_her(intake, forward_of(w.gnus), seed=640)


@pytest.mark.parametrize("program", ["huawei", "gnus"])
def test_an_answer_from_each_program_brings_the_letter(intake, program):
    """Jeanne's application without its letter, acknowledged; she answers from the program with the signed letter
    (Huawei: « -------- Message original -------- » above our text; Gnus: « … writes: » and our text quoted): it joins
    her case, complete; she is told so once."""
    builder = getattr(w, program)
    answer_brings_the_letter(intake, builder, lambda ack, letter: builder(w.APPLICANT, letter, answer=ack),
                             seed=650 + len(program))


def test_an_authenticated_docusign_completion_naming_her_is_for_staff_and_her_case_is_told_of_it(intake):
    """Jeanne's application from her Huawei phone without the letter, acknowledged; then Docusign's « Complété » mail,
    from « Jeanne Roux via Docusign <dse_NA4@docusign.net> », her address in Reply-To, a signed letter and the
    certificate attached, authenticated as docusign.net's. Its Reply-To is not hers to vouch for: an envelope's
    sender sets it to any address (Docusign's emailSettings.replyEmailAddressOverride, checked for its format only),
    a free developer account's envelopes coming from dse_demo@docusign.net the same way; so the letter is kept for
    staff, who are told its Reply-To is the applicant of her open case: her case unchanged, nobody written to."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    first = _without("Lettre", seed=660)
    intake.deliver(w.huawei(intake.nb, first), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    assert to(ack) == [w.APPLICANT] and "manquante" in text(ack), text(ack)
    intake.deliver(w.docusign_completed(intake.nb, tm.letter(), authentication=DOCUSIGN_AUTH), intake.nb)
    intake.poll()
    cases = {c["applicant"]: c for c in intake.cases()}
    hers = cases.pop(w.APPLICANT)
    assert hers["status"] == "incomplete" and hers["messages"] == 1, hers
    (letter,) = cases.values()
    assert letter["status"] == "review" and "Lettre à Monsieur le Maire.pdf" in names(intake, letter), letter
    assert f"Reply-To ({w.APPLICANT}) est le demandeur de {hers['reference']}" in letter["attention"], letter
    intake.poll()
    assert len(intake.sent()) == 1


def test_acrobat_sign_s_completion_mail_brings_the_signed_letter_into_her_case(intake):
    """The same with Adobe Acrobat Sign: its « signé et classé » mail from adobesign@adobesign.com, a PDF copy of the
    signed letter attached, her address in Reply-To, authenticated as adobesign.com's: it joins her case, complete;
    she is told so once; Adobe's robot is never written to."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    first = _without("Lettre", seed=662)
    intake.deliver(w.gnus(intake.nb, first), intake.nb)
    intake.poll()
    assert len(intake.sent()) == 1
    intake.deliver(w.acrobat_sign_completed(intake.nb, tm.letter(), authentication=ACROBAT_AUTH), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES and case["messages"] == 2, case
    assert "Lettre à Monsieur le Maire.pdf" in names(intake, case), names(intake, case)
    assert [to(m) for m in intake.sent()] == [[w.APPLICANT], [w.APPLICANT]]


@pytest.mark.parametrize("authentication", ["", DOCUSIGN_AUTH])
def test_a_docusign_mail_is_for_staff_and_writes_to_nobody(intake, authentication):
    """The same « Complété » mail before anything else: the town's server vouching for nothing, anyone can write
    « … via Docusign »; vouching for docusign.net, the envelope's sender still chose the Reply-To. Docusign's robot is
    no applicant: no acknowledgement to it nor to the Reply-To, the signed letter kept for staff to look at."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(w.docusign_completed(intake.nb, tm.letter(), authentication=authentication), intake.nb)
    intake.poll()
    assert intake.sent() == []
    (case,) = intake.cases()
    assert case["status"] == "review", case
    assert "Lettre à Monsieur le Maire.pdf" in names(intake, case), names(intake, case)


def test_a_sharp_copier_s_scan_with_her_reply_to_is_for_staff_and_the_copier_is_not_written_to(intake):
    """Jeanne's application without the letter, acknowledged; she scans the signed letter on the association's Sharp,
    which mails it from its own address, hers as « Reply to »: the copier is no applicant and its Reply-To is only
    what was typed on its panel: the scan is kept for staff to look at, nobody is written to (neither the copier nor
    Jeanne again), her case unchanged. Staff are told the Reply-To is the applicant of her open case, the scan likely
    its missing piece (they were told only to find the applicant)."""
    first = _without("Lettre", seed=670)
    intake.deliver(w.huawei(intake.nb, first), intake.nb)
    intake.poll()
    assert len(intake.sent()) == 1
    intake.deliver(w.sharp_scan(intake.nb, tm.letter()), intake.nb)
    intake.poll()
    assert len(intake.sent()) == 1
    cases = {c["applicant"]: c for c in intake.cases()}
    assert cases[w.APPLICANT]["status"] == "incomplete", cases
    scans = [c for c in cases.values() if c["applicant"] != w.APPLICANT]
    assert [c["status"] for c in scans] == ["review"], cases
    assert names(intake, scans[0]) == ["MX-3071_20261201_101102.pdf"]
    hers = cases[w.APPLICANT]["reference"]
    assert f"Reply-To ({w.APPLICANT}) est le demandeur de {hers}" in scans[0]["attention"], scans[0]["attention"]


def test_an_authenticated_smash_notice_brings_the_photos_into_her_case(intake):
    """Jeanne's application without photos, acknowledged; she sends them with Smash, which writes to the town from its
    robot, her address in Reply-To, authenticated as fromsmash.com's: the link counts as her visuals, her case
    complete; she is told so once; Smash's robot is never written to."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    first = _without("Jardin", seed=680)
    intake.deliver(w.gnus(intake.nb, first), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    assert "manquante" in text(ack), text(ack)
    intake.deliver(w.smash_notice(intake.nb, authentication=SMASH_AUTH), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES and case["messages"] == 2, case
    assert all(to(m) == [w.APPLICANT] for m in intake.sent())
    assert len(intake.sent()) == 2



def test_a_google_robot_s_mail_carrying_a_letter_and_naming_her_is_not_hers(intake):
    """Only an e-signature service's mail brings her files ([links] signature_domains): the same mail from a robot at
    google.com, a [links] notice_domains domain (a report Looker Studio sends on schedule to any address, its PDF
    attached), authenticated, under a Reply-To naming her, is the robot's: her case unchanged, nobody written to.
    Before, its files joined her case and she was told it was complete."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(w.gnus(intake.nb, _without("Lettre", seed=668)), intake.nb)
    intake.poll()
    assert len(intake.sent()) == 1
    raw = w.acrobat_sign_completed(intake.nb, tm.letter(), authentication="mx.example.test; dkim=pass "
                                   "header.d=google.com; dmarc=pass header.from=google.com")
    intake.deliver(raw.replace(b"adobesign@adobesign.com", b"looker-studio-noreply@google.com"), intake.nb)
    intake.poll()
    hers = next(c for c in intake.cases() if c["applicant"] == w.APPLICANT)
    assert hers["status"] == "incomplete" and hers["messages"] == 1, hers
    assert len(intake.sent()) == 1, [to(m) for m in intake.sent()]
