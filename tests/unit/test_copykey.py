"""core/copykey.py: the key a copy shares with its original, from the header block and the size alone, and only
when the town's server says a DKIM signature of the whole body passed."""

import pytest

from intake.commands import samples
from intake.core.context import Earlier, sort_copies
from intake.core.copykey import copy_key, copy_key_of, header_end, identity_in, same_message
from intake.core.statuses import FILED
from intake.core.trust import TrustSettings

TRUST = TrustSettings(provider="own", authserv_id="mx.ville-bethune.fr", domains=frozenset({"ville-bethune.fr"}))
SIGNATURE = ("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=asso.example; s=s1;\r\n"
             " h=from:to:cc:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n"
             " b=dzdVyOfAKCdLXdJOc9G2q8LoXSlEniSbav+yuU4zGeeruD00lszZVoG4ZHRNiYzR\r\n")
RAW = (SIGNATURE.encode() + samples.email(
    sender="Asso <contact@asso.example>", to=["n.bataillon@ville-bethune.fr"], cc=["d.berteloot@ville-bethune.fr"],
    subject="Candidature au label", message_id="<a1@asso.example>",
    attachments=[("courrier.pdf", samples.pdf("Monsieur le Maire"), "application/pdf")]).replace(b"\n", b"\r\n"))


def delivered(raw: bytes, to: str, dkim: str = "pass", server: str = "mx.ville-bethune.fr") -> bytes:
    """What the town's servers make of it: their verdict and their trace headers on top (CRLF, as IMAP gives)."""
    return (f"Return-Path: <contact@asso.example>\r\nDelivered-To: {to}\r\nReceived: from mx.ville-bethune.fr by "
            f"imap.ville-bethune.fr with LMTP id {to[:2]}; Sat, 28 Nov 2026 10:00:00 +0100\r\n"
            f"Authentication-Results: {server}; dkim={dkim} header.d=asso.example header.b=dzdVyOfA;\r\n"
            " spf=pass smtp.mailfrom=asso.example; dmarc=pass header.from=asso.example\r\n").encode() + raw


def from_server(raw: bytes) -> str:
    """The key as the poller makes it of a message it did not download: BODY[HEADER] and RFC822.SIZE."""
    return copy_key(raw[:header_end(raw)], len(raw) - header_end(raw), TRUST)


def test_two_deliveries_of_one_message_have_one_key_whichever_way_it_is_computed():
    one, two = delivered(RAW, "n.bataillon@ville-bethune.fr"), delivered(RAW, "d.berteloot@ville-bethune.fr")
    assert one != two
    assert copy_key_of(one, TRUST) == copy_key_of(two, TRUST) == from_server(two)
    assert copy_key_of(one, TRUST).startswith("ck:")


def test_a_header_folded_by_a_server_is_the_same_header():
    one = delivered(RAW, "n.bataillon@ville-bethune.fr")
    folded = one.replace(b"Subject: Candidature au label", b"Subject: Candidature\r\n  au label")
    assert folded != one and copy_key_of(folded, TRUST) == copy_key_of(one, TRUST) == from_server(folded)


def test_another_body_size_or_another_sender_header_is_another_key():
    one = delivered(RAW, "n.bataillon@ville-bethune.fr")
    base = copy_key_of(one, TRUST)
    assert copy_key_of(one + b"x", TRUST) != base
    assert copy_key_of(one.replace(b"Candidature au label", b"Candidature au label!"), TRUST) != base
    assert copy_key_of(one.replace(b"From: Asso <contact@", b"From: Asso <autre@"), TRUST) != base
    # the bytes as written, not as decoded: an encoded word that decodes to the same value is another header
    assert b"MIME-Version: 1.0" in one
    assert copy_key_of(one.replace(b"MIME-Version: 1.0", b"MIME-Version: =?us-ascii?q?1.0?="), TRUST) != base


@pytest.mark.parametrize("case", ["no trusted server", "another server's word", "dkim failed", "part of the body",
                                  "no Message-ID", "two signatures the verdict does not tell apart",
                                  "a line a mail server reads as a header and intake as the body's start"])
def test_no_key_without_the_town_server_s_word_that_the_whole_body_is_signed(case):
    raw, trust = delivered(RAW, "n.bataillon@ville-bethune.fr"), TRUST
    if case == "no trusted server":
        trust = TrustSettings()
    elif case == "another server's word":
        raw = delivered(RAW, "n.bataillon@ville-bethune.fr", server="mx.evil.example")
    elif case == "dkim failed":  # what a forgery under copied headers gets: another body than the signed one
        raw = delivered(RAW, "n.bataillon@ville-bethune.fr", dkim="fail")
    elif case == "part of the body":
        raw = raw.replace(b"d=asso.example; s=s1;", b"d=asso.example; s=s1; l=200;")
    elif case == "no Message-ID":
        raw = raw.replace(b"Message-ID: <a1@asso.example>\r\n", b"")
        assert identity_in(raw[:header_end(raw)]) == ""
    elif case == "two signatures the verdict does not tell apart":
        raw = raw.replace(b"header.b=dzdVyOfA", b"").replace(SIGNATURE.encode(), SIGNATURE.encode() * 2)
    else:  # "name WSP :" (RFC 5322 obsolete syntax), unsigned: the signature still passes on the same body
        raw = raw.replace(b"\r\n\r\n", b"\r\nX-Note : 1\r\n\r\n", 1)
    assert raw != delivered(RAW, "n.bataillon@ville-bethune.fr") or case == "no trusted server"
    assert copy_key_of(raw, trust) == "" and copy_key_of(delivered(RAW, "x"), TRUST) != ""


def test_the_message_id_is_read_from_the_header_block():
    assert identity_in(RAW[:header_end(RAW)]) == "mid:a1@asso.example"
    assert identity_in(b"Message-Id:\r\n <b2@asso.example>\r\n\r\n") == "mid:b2@asso.example"
    assert identity_in(b"\r\n") == ""


def test_the_earlier_copy_is_found_by_its_key_when_the_fingerprint_is_not_known():
    key = copy_key_of(delivered(RAW, "n.bataillon@ville-bethune.fr"), TRUST)
    filed = Earlier("nb", 7, FILED, 3, fingerprint="fp-of-the-content", copy_key=key)
    assert sort_copies("fp-of-the-headers-only", [filed], key) == (filed, None)
    assert sort_copies("fp-of-the-headers-only", [filed], "ck:other") == (None, filed)  # reused, decided alone
    assert sort_copies("fp-of-the-content", [filed]) == (filed, None)


def test_google_names_the_signing_domain_by_header_i():
    google = TrustSettings(provider="google", authserv_id="mx.google.com")
    raw = (b"Authentication-Results: mx.google.com; dkim=pass header.i=@asso.example header.s=s1 "
           b"header.b=dzdVyOfA\r\n" + RAW)
    assert copy_key_of(raw, google).startswith("ck:")


def test_mail_submitted_inside_microsoft_365_has_no_key_whatever_its_results_say():
    m365 = TrustSettings(provider="microsoft365")
    inside = (b"X-MS-Exchange-Organization-AuthAs: Internal\r\nX-MS-Exchange-Organization-AuthSource: "
              b"am0pr01mb1234.eurprd01.prod.outlook.com\r\n")
    verdict = (b"Authentication-Results: spf=pass (sender IP is 203.0.113.7) smtp.mailfrom=asso.example; dkim=pass "
               b"(signature was verified) header.d=asso.example;dmarc=pass action=none header.from=asso.example;"
               b"compauth=pass reason=100\r\n")
    outside = b"X-MS-Exchange-Organization-AuthAs: Anonymous\r\n"
    assert copy_key_of(verdict + inside + RAW, m365) == ""  # its sender wrote these results, nobody checked them
    assert copy_key_of(verdict + outside + RAW, m365).startswith("ck:")


@pytest.mark.parametrize("raw, end", [
    (b"A: 1\r\nB: 2\r\n\r\nbody\n\nmore", 14),  # CRLF, a blank LF line further down the body
    (b"A: 1\nB: 2\n\nbody\r\n\r\nmore", 11),  # LF, a CRLF blank line in the body
    (b"A: 1\r\n\r\n\nbody", 8),  # the CRLF blank line comes first
    (b"A: 1\n\n\r\n\r\nbody", 6),
    (b"A: 1\r\nB: 2\r\n", 12),  # no body at all
])
def test_the_header_block_ends_at_the_first_blank_line_whichever_the_line_ends(raw, end):
    assert header_end(raw) == end


def test_a_header_block_over_the_header_limit_is_not_parsed_in_the_poller_and_has_no_key():
    """The fifth attacker's review: the header block of a message that reuses the Message-ID of one filed with a copy
    key is read in the poller's own process; 47 MB of 5-byte fields took it 24 s there (and, bounded by max_header_bytes
    alone, still seconds before the parse stops). Over the limit it has no key: the message is downloaded and
    parsed in a reading process, within its reading time."""
    import time

    one = delivered(RAW, "n.bataillon@ville-bethune.fr")
    end = header_end(one)
    bomb = one[:end - 2] + b"a:b\r\n" * 2_000_000 + b"\r\n"
    started = time.process_time()  # this process's CPU time: a pause of the machine is not the parse's cost
    assert from_server(bomb) == "" and time.process_time() - started < 0.5
    assert from_server(one).startswith("ck:")


def test_a_quarantined_message_fetched_again_is_the_one_recorded_by_its_size_key_and_message_id():
    """« Traiter à nouveau » on a message whose bytes were not kept fetches it again by its UID: another message there
    (a server reusing UIDs, another account with the same UIDVALIDITY) is refused, even of the same size."""
    one = delivered(RAW, "n.bataillon@ville-bethune.fr")
    other = one.replace(b"<a1@asso.example>", b"<a2@asso.example>")  # another message, of the same size
    key, identity, n = copy_key_of(one, TRUST), identity_in(one), len(one)
    assert len(other) == n and key and identity == "mid:a1@asso.example"
    assert same_message(one, n, n, key, identity, TRUST) and not same_message(other, n, n, key, identity, TRUST)
    assert same_message(one, n, n, "", identity, TRUST) and not same_message(other, n, n, "", identity, TRUST)
    assert not same_message(other, n, n, key, "", TRUST)  # by its key, when it had no Message-ID
    assert same_message(one, n, n, "ck:another-trust-setting", identity, TRUST)  # [trust] changed since
    assert not same_message(one + b"x", n + 1, n, "", "", TRUST)  # by its size
    assert same_message(other, n, 0, "", "fp:0123", TRUST)  # nothing recorded to tell them apart: taken as it is
