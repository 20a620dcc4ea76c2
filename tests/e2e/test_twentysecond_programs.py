"""A twenty-second round (tests/twentysecondmail.py), end to end: Dovecot, `intake poll`, SMTP. Programs and services
no round had written: Mutt signing with PGP/MIME (RFC 2231 names on the disposition alone) and with S/MIME through
OpenSSL (« application/x-pkcs7-signature »), a relay signing the whole mail opaque with OpenSSL (x-pkcs7-mime,
signed-data: what was signed carries its own From), alone and forwarded as an attachment by a colleague, the notices
of FileSender RENATER and of France Transfert, a Kyocera copier's scan, colleagues' inline forwards from SOGo and
Tuta, and Outlook's rich text sent as TNEF alone."""

from __future__ import annotations

import jeanne
import pytest
import tenthmail as tm
import twentysecondmail as w
from jeanne import (
    PIECES,
    answer_brings_the_letter,
    application_filed_complete,
    forward_filed_under_her,
    names,
)
from jeanne import files as _files
from sentmail import text, to

FILESENDER_AUTH = "mx.example.test; dkim=pass header.d=renater.fr; spf=pass smtp.mailfrom=renater.fr; " \
                  "dmarc=pass header.from=renater.fr"
FRANCETRANSFERT_AUTH = "mx.example.test; dkim=pass header.d=francetransfert.numerique.gouv.fr; " \
                       "dmarc=pass header.from=francetransfert.numerique.gouv.fr"


def _without(piece: str, seed: int):
    return [f for f in _files(seed=seed) if not f[0].startswith(piece)]


@pytest.mark.parametrize("program", ["mutt_pgp", "mutt_smime", "openssl_opaque"])
def test_a_signed_application_is_complete_under_her_name_and_acknowledged_once(intake, program):
    """Jeanne's application signed by Mutt (PGP/MIME; S/MIME with « x-pkcs7-signature ») or by an OpenSSL relay
    (the whole mail opaque inside smime.p7m): one case under her, complete, each file read from inside the signed
    entity and named as she named it, no signature file a piece, one acknowledgement in French, to her; polled
    again, nothing more."""
    files = _files(seed=710 + len(program))
    application_filed_complete(intake, getattr(w, program)(intake.nb, files), files)
    (case,) = intake.cases()
    assert case["applicant_name"] == "Jeanne Roux", case
    intake.poll()
    assert len(intake.sent()) == 1 and len(intake.cases()) == 1


def test_an_opaque_signed_mail_s_inner_from_is_never_its_sender(intake):
    """What a relay signs opaque is the whole mail a program wrote, its own From included; anyone signing writes
    what they like there, and the signature is not checked: the outer From (the one the town's server saw) is the
    applicant, her files read from inside; the From written inside is never written to nor filed as the applicant."""
    files = _files(seed=720)
    raw = w.openssl_opaque(intake.nb, files, inner_from="maire@bethune.example")
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == w.APPLICANT and case["status"] == "complete" and case["pieces"] == PIECES, case
    assert names(intake, case) == sorted(n for n, _, _ in files)
    (ack,) = intake.sent()
    assert to(ack) == [w.APPLICANT], to(ack)


def test_a_colleague_s_forward_of_an_opaque_signed_application_reads_its_files(intake):
    """A colleague forwards Jeanne's opaque-signed application as an attachment (Thunderbird's « Transférer en tant
    que pièce jointe »), authenticated by the town's server: the files inside the forwarded smime.p7m are read, one
    case under Jeanne, complete, acknowledged to her alone; nothing to the colleague."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    files = _files(seed=730)
    original = w.openssl_opaque(intake.db, files)
    intake.deliver(w.thunderbird_forward_as_attachment(intake.db, intake.nb, original,
                                                       authentication=jeanne.AUTH), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == w.APPLICANT, case
    assert case["status"] == "complete" and case["pieces"] == PIECES, case
    assert names(intake, case) == sorted(n for n, _, _ in files)
    (ack,) = intake.sent()
    assert to(ack) == [w.APPLICANT], to(ack)


@pytest.mark.parametrize("program", ["mutt_pgp", "mutt_smime"])
def test_a_signed_answer_from_mutt_brings_the_letter(intake, program):
    """Jeanne's application without its letter, acknowledged; she answers from Mutt, signed, with the letter (our
    text quoted under Mutt's English attribution): it joins her case, complete; she is told so once."""
    builder = getattr(w, program)
    answer_brings_the_letter(intake, builder, lambda ack, letter: builder(w.APPLICANT, letter, answer=ack),
                             seed=740 + len(program))


def test_an_authenticated_filesender_notice_brings_the_photos_into_her_case(intake):
    """Jeanne's application without photos, acknowledged; she sends them with FileSender RENATER, which writes to
    the town from its robot, her address in Reply-To, authenticated as renater.fr's: the link counts as her visuals,
    her case complete; she is told so once; FileSender's robot is never written to."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(w.mutt_pgp(intake.nb, _without("Jardin", seed=750)), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    assert "manquante" in text(ack), text(ack)
    intake.deliver(w.filesender_notice(intake.nb, authentication=FILESENDER_AUTH), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES and case["messages"] == 2, case
    assert [to(m) for m in intake.sent()] == [[w.APPLICANT], [w.APPLICANT]]


def test_a_france_transfert_notice_names_her_only_in_its_text_and_writes_to_nobody(intake):
    """Jeanne's application without photos, acknowledged; she sends them with France Transfert, whose notice comes
    from the service's robot with NO Reply-To (its MailNotificationServices sets none), her address only in its
    subject and text. The service reads a notice's person only from its Reply-To (core/transfer.py: a subject and a
    text are what the sender typed), so it stays the robot's: her case unchanged, the robot never written to, she
    is not written to again, nothing quarantined. As every robot's mail without an application's documents, the
    notice is left in the mailbox for staff, no case opened for it (what this round leaves as it is: see the
    report)."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(w.mutt_smime(intake.nb, _without("Jardin", seed=760)), intake.nb)
    intake.poll()
    assert len(intake.sent()) == 1
    intake.deliver(w.francetransfert_notice(intake.nb, authentication=FRANCETRANSFERT_AUTH), intake.nb)
    intake.poll()
    hers = next(c for c in intake.cases() if c["applicant"] == w.APPLICANT)
    assert hers["status"] == "incomplete" and hers["messages"] == 1, hers
    assert len(intake.sent()) == 1, [to(m) for m in intake.sent()]
    code, listed = intake.cli("quarantine", "list")
    assert code == 0 and "francetransfert" not in listed, listed
    assert [c["applicant"] for c in intake.cases()] == [w.APPLICANT]  # the notice itself: left in the mailbox


def test_a_kyocera_copier_s_scan_is_for_staff_and_the_copier_is_not_written_to(intake):
    """Jeanne's application without the letter, acknowledged; she scans the signed letter on the association's
    Kyocera, which mails it from the copier's own address (no Reply-To): the copier is no applicant: nobody is
    written to, her case unchanged, the scan kept for staff under its Kyocera name."""
    intake.deliver(w.mutt_pgp(intake.nb, _without("Lettre", seed=770)), intake.nb)
    intake.poll()
    assert len(intake.sent()) == 1
    intake.deliver(w.kyocera_scan(intake.nb, tm.letter()), intake.nb)
    intake.poll()
    assert len(intake.sent()) == 1, [to(m) for m in intake.sent()]
    cases = {c["applicant"]: c for c in intake.cases()}
    assert cases[w.APPLICANT]["status"] == "incomplete", cases
    scans = [c for c in cases.values() if c["applicant"] != w.APPLICANT]
    assert [c["status"] for c in scans] == ["review"], cases
    assert names(intake, scans[0]) == [w.KYOCERA_FILE]


def test_a_colleague_s_sogo_forward_is_filed_under_the_applicant(intake):
    """The colleague forwards Jeanne's application from SOGo, inline in its HTML editor: her words, then SOGo's French
    block (« -------- Message original -------- », « Sujet: » BEFORE « De: », « Pour: »), Jeanne's text and her files
    attached again: one case under Jeanne, complete, acknowledged to her alone."""
    forward_filed_under_her(intake, w.sogo_forward, seed=780)


def test_a_colleague_s_tuta_forward_naming_her_by_address_alone_is_filed_under_her(intake):
    """The colleague forwards Jeanne's application from Tuta: « FWD: », her words, then Tuta's block of addresses
    without names (« De: jeanne.roux@… ») and Jeanne's text in a tutanota_quote blockquote, the files attached again:
    one case under Jeanne, complete with her three files, acknowledged to her alone, nothing to the colleague."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    files = _files(seed=790)
    intake.deliver(w.tuta_forward(intake.db, intake.nb, w.APPLICANT, files, authentication=jeanne.AUTH), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == w.APPLICANT, case
    assert case["status"] == "complete" and case["pieces"] == PIECES, case
    assert names(intake, case) == sorted(n for n, _, _ in files)
    (ack,) = intake.sent()
    assert to(ack) == [w.APPLICANT], to(ack)


def test_an_outlook_rich_text_application_sent_as_tnef_alone_is_read(intake):
    """Outlook in « Texte enrichi » through an Exchange sending the whole message as TNEF: no text part, the words
    and the three files inside winmail.dat, the message's only body: the files are read from it, one case under
    her, complete, acknowledged once in French."""
    files = _files(seed=800)
    intake.deliver(w.outlook_tnef_only(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == w.APPLICANT and case["status"] == "complete" and case["pieces"] == PIECES, case
    assert names(intake, case) == sorted(n for n, _, _ in files)
    (ack,) = intake.sent()
    assert to(ack) == [w.APPLICANT], to(ack)
    intake.poll()
    assert len(intake.sent()) == 1
