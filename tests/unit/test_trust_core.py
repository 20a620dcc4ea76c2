"""The pure parts of issue 8: Authentication-Results, bounce tags, bounded parsing, safe text, greetings."""

import time

import documents
import pytest

from intake.commands import samples
from intake.core.bounce import bounce_tag, tagged_sender, tags_in
from intake.core.headers import normalise_message_id
from intake.core.mailcontent import greeting_name
from intake.core.parse import parse_message
from intake.core.text import terminal_safe
from intake.core.trust import TrustSettings, internal_evidence, same_message
from intake.errors import OverLimit

TOWN = TrustSettings("own", "mx.ville-bethune.fr", frozenset({"ville-bethune.fr"}))
NB = "n.bataillon@ville-bethune.fr"


def staff_mail(*results: str, sender=NB):
    headers = "".join(f"Authentication-Results: {r}\r\n" for r in results)
    return parse_message(f"{headers}From: {sender}\r\nTo: d.berteloot@ville-bethune.fr\r\nSubject: TR\r\n\r\nx\r\n"
                         .encode())


@pytest.mark.parametrize("results, trusted", [
    (["mx.ville-bethune.fr; spf=pass smtp.mailfrom=ville-bethune.fr; dmarc=pass (p=none) header.from=ville-bethune.fr"],
     True),
    (["mx.ville-bethune.fr; dmarc=pass (p=none) header.from=ville-bethune.fr"], False),  # on what? a DKIM of no To
    (["mx.ville-bethune.fr; dkim=pass header.d=ville-bethune.fr; dmarc=none"], False),  # no signature of To and Cc
    (["mx.ville-bethune.fr; spf=pass smtp.mailfrom=n.bataillon@ville-bethune.fr"], True),
    (["mx.ville-bethune.fr; dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=x@evil.example"], False),
    (["mx.ville-bethune.fr; dmarc=fail header.from=ville-bethune.fr",  # the real one, on top
      "mx.ville-bethune.fr; dmarc=pass header.from=ville-bethune.fr"], False),  # a forged one below
    (["other.example; dmarc=pass header.from=ville-bethune.fr"], False),  # not our server
    (["mx.ville-bethune.fr; ;;garbage dmarc=pass"], False),
    ([], False),
])
def test_only_the_topmost_authentication_results_of_the_towns_server_is_believed(results, trusted):
    evidence = internal_evidence(staff_mail(*results), TOWN)
    assert evidence.trusted is trusted and evidence.why


def test_without_a_configured_server_only_a_sent_copy_is_evidence():
    mail = staff_mail("mx.ville-bethune.fr; dmarc=pass header.from=ville-bethune.fr")
    assert not internal_evidence(mail, TrustSettings()).trusted
    assert internal_evidence(mail, TrustSettings(), in_sent_folder=True).trusted


def test_a_bounce_tag_rides_on_the_envelope_sender_and_is_found_again():
    tag = bounce_tag("BSC", "intake.BSC-2026-0001.0123456789abcdef@ville-bethune.fr")
    sender = tagged_sender(NB, "+", tag)
    assert sender == "n.bataillon+bsc-0123456789abcdef@ville-bethune.fr"
    bounce = parse_message(f"From: MAILER-DAEMON@x.example\r\nTo: {sender}\r\nSubject: x\r\n\r\nx\r\n".encode())
    assert tags_in(bounce, frozenset({NB}), "+", "BSC") == ("0123456789abcdef",)
    assert tags_in(bounce, frozenset({NB}), "", "BSC") == ()  # tagging off
    other = bounce.__class__(**{**bounce.__dict__, "to": ("n.bataillon+bsc-%25@ville-bethune.fr",)})
    assert tags_in(other, frozenset({NB}), "+", "BSC") == ()


def test_parts_are_counted_while_parsing_and_a_mail_over_the_limit_is_refused_fast():
    raw = ("From: a@x.example\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
           + "--B\r\nContent-Type: text/plain\r\n\r\nx\r\n" * 200_000 + "--B--\r\n").encode()
    started = time.process_time()  # this process's CPU time: a pause of the machine is not the parse's cost
    with pytest.raises(OverLimit):
        parse_message(raw, max_parts=1000)
    assert time.process_time() - started < 2


def test_a_forward_nested_too_deep_is_flagged_not_silently_lost():
    inner = samples.email(sender="a@x.example", to=[NB], subject="0",
                          attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    for n in range(6):
        inner = documents.base64_forward(inner, "a@x.example", NB, f"Fwd {n}", text="voir pièce jointe")
    msg = parse_message(inner)
    assert "dossier.pdf" not in [a.filename for a in msg.attachments]
    assert [f.problem for f in msg.flags] == ["too-deep"]


def test_message_ids_that_are_not_one_count_as_absent():
    assert normalise_message_id("<" + "x" * 20_000 + "@x.example>") == ""
    assert normalise_message_id("<a\x01b@x.example>") == ""
    assert normalise_message_id("<abc@x.example>") == "abc@x.example"


def test_terminal_text_loses_every_escape_and_control_sequence():
    hostile = "a\x1b]0;titre\x07b\x1b[31mc\x1b[0m\x9b2Jd\x7fe\u202ef\ng\th\x1bP1;2q\x1b\\i"
    assert terminal_safe(hostile) == "abcdef\ng\thi"


@pytest.mark.parametrize("contact, name", [
    ("Jeanne Martin", "Jeanne Martin"), ("Jeanne Martin, 06 12 34 56 78", "Jeanne Martin"),
    ("Jean-Pierre Lefèvre - présidente", "Jean-Pierre Lefèvre"), ("jeanne@asso.example", ""),
    ("Votre compte est suspendu, connectez-vous sur http://evil.example", ""),
    ("http://evil.example", ""), ("", ""), ("Marie de La Tour", "Marie de La Tour"),
    ("Mme Élodie Vasseur", "Madame Élodie Vasseur"), ("M. Karim Benali", "Monsieur Karim Benali"),
    ("Madame Vasseur", "Madame Vasseur"), ("Mme", ""),
])
def test_the_greeting_uses_a_name_from_the_dossier_or_none(contact, name):
    assert greeting_name({"contact": contact}) == name


@pytest.mark.parametrize("sender, verdict", [
    ("=?utf-8?q?jeanne=40gmail.com?=", "fail"),  # an encoded word: a display name to every mail server
    ("=?utf-8?b?SmVhbm5lIDxqZWFubmVAZ21haWwuY29tPg==?=", "fail"),  # « Jeanne <jeanne@gmail.com> », encoded whole
    ("Jeanne <jeanne@ｇｍａｉｌ.com>", "fail"),  # full-width letters: gmail.com to IDNA, another domain to DMARC
    ("=?utf-8?q?Jos=C3=A9?= <jeanne@gmail.com>", ""),  # an encoded name, a plain address: as the server read it
    ("Jeanne <jeanne@exämple.com>", ""),  # an internationalized domain (xn--exmple-cua.com) is no disguise
    # the Kelvin sign (U+212A), « k » in lower case: outlook.com to IDNA and to intake's lower case (attack11)
    ("Jeanne <jeanne@outloo\u212a.com>", "fail"),
    ("Jeanne <jeanne@OUTLOO\u212a.COM>", "fail"),
])
def test_an_applicant_s_address_no_server_could_read_is_not_authenticated(sender, verdict):
    """An attacker's review: a `From` address readable only once decoded (RFC 2047), or written in full-width
    letters, is not what the town's server checked (it found no domain, or one without a DMARC policy): without a
    pass for it, it is a forgery's, whatever domain it names."""
    from intake.core.trust import sender_check

    msg = parse_message(f"Authentication-Results: mx.ville-bethune.fr; spf=pass smtp.mailfrom=x@evil.example\r\n"
                        f"From: {sender}\r\nTo: {NB}\r\nSubject: Candidature\r\n\r\nx\r\n".encode())
    assert msg.from_addr.startswith("jeanne@") and sender_check(msg, TOWN).verdict == verdict


def test_an_internationalized_domain_is_checked_as_mail_servers_name_it():
    """attack11: `straße.de` is `xn--strae-oqa.de` (IDNA 2008, where our mail goes), not `strasse.de` (the standard
    library's IDNA 2003): its owner's DMARC pass was read as for another domain, and their mail as a forgery."""
    from intake.core.trust import sender_check

    msg = parse_message("Authentication-Results: mx.ville-bethune.fr; dkim=pass header.d=xn--strae-oqa.de; "
                        "dmarc=pass header.from=xn--strae-oqa.de\r\nFrom: Jeanne <jeanne@straße.de>\r\n"
                        f"To: {NB}\r\nSubject: Candidature\r\n\r\nx\r\n".encode())
    assert sender_check(msg, TOWN).verdict == "pass"


# ------------------------------------------------------------------------------------------------ the Sent folder
def test_a_sent_copy_addressed_to_someone_else_vouches_for_nothing():
    """A colleague's forward to a partner outside, sent back by the partner with To: the watched mailbox: same
    Message-ID, sender, date, subject and text as the copy in the Sent folder; only its recipients differ."""
    body = ("Message-ID: <fw1@ville-bethune.fr>\r\nFrom: {f}\r\nTo: {t}\r\n{cc}Date: Tue, 1 Dec 2026 10:00:00 +0100\r\n"
            "Subject: TR: Candidature\r\n\r\n---------- Message transféré ---------\r\n"
            "De : Jeanne <c.martin@mobilite-douce.example>\r\n\r\nx\r\n")
    box, partner = "d.berteloot@ville-bethune.fr", "partenaire@asso.example"
    sent = parse_message(body.format(f=NB, t=partner, cc="").encode())
    back = parse_message(body.format(f=NB, t=box, cc="").encode())
    assert same_message(sent, sent) and not same_message(sent, back)
    copied = parse_message(body.format(f=NB, t=partner, cc=f"Cc: {box}\r\n").encode())
    assert not same_message(sent, copied)  # a Cc added
