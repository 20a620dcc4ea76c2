"""core/copykey.py: the key a copy shares with its original, from the header block and the size alone."""

from intake.commands import samples
from intake.core.context import Earlier, sort_copies
from intake.core.copykey import copy_key, copy_key_of, header_end, identity_in
from intake.core.statuses import FILED

RAW = samples.email(sender="Asso <contact@asso.example>", to=["n.bataillon@ville-bethune.fr"],
                    cc=["d.berteloot@ville-bethune.fr"], subject="Candidature au label", message_id="<a1@asso.example>",
                    attachments=[("courrier.pdf", samples.pdf("Monsieur le Maire"), "application/pdf")]
                    ).replace(b"\n", b"\r\n")  # as IMAP gives it


def delivered(raw: bytes, to: str) -> bytes:
    """What a mailbox server makes of it: its own trace headers on top, CRLF line endings."""
    return (f"Return-Path: <contact@asso.example>\r\nDelivered-To: {to}\r\nReceived: from mx.example by "
            f"imap.example with LMTP id {to[:2]}; Sat, 28 Nov 2026 10:00:0{len(to) % 10} +0100\r\n").encode() + raw


def from_server(raw: bytes) -> str:
    """The key as the poller makes it of a message it did not download: BODY[HEADER] and RFC822.SIZE."""
    return copy_key(raw[:header_end(raw)], len(raw) - header_end(raw))


def test_two_deliveries_of_one_message_have_one_key_whichever_way_it_is_computed():
    one, two = delivered(RAW, "n.bataillon@ville-bethune.fr"), delivered(RAW, "d.berteloot@ville-bethune.fr")
    assert one != two
    assert copy_key_of(one) == copy_key_of(two) == from_server(two)
    assert copy_key_of(one).startswith("ck:")


def test_a_header_folded_by_a_server_is_the_same_header():
    folded = RAW.replace(b"Subject: Candidature au label", b"Subject: Candidature\r\n  au label")
    assert folded != RAW and copy_key_of(folded) == copy_key_of(RAW) == from_server(folded)


def test_another_body_or_another_sender_header_is_another_key():
    base = copy_key_of(RAW)
    assert copy_key_of(RAW + b"x") != base  # one byte more in the body
    assert copy_key_of(RAW.replace(b"Candidature au label", b"Candidature au label!")) != base
    assert copy_key_of(RAW.replace(b"contact@asso.example", b"autre@asso.example")) != base
    boundary = RAW.split(b'boundary="', 1)[1].split(b'"', 1)[0]
    assert copy_key_of(RAW.replace(boundary, boundary[:-1] + b"X")) != base  # the MIME boundary binds the body


def test_no_message_id_no_key():
    bare = RAW.replace(b"Message-ID: <a1@asso.example>\r\n", b"")
    assert bare != RAW
    assert identity_in(bare[:header_end(bare)]) == ""
    assert copy_key_of(bare) == ""
    assert identity_in(RAW[:header_end(RAW)]) == "mid:a1@asso.example"


def test_the_earlier_copy_is_found_by_its_key_when_the_fingerprint_is_not_known():
    key = copy_key_of(RAW)
    filed = Earlier("nb", 7, FILED, 3, fingerprint="fp-of-the-content", copy_key=key)
    assert sort_copies("fp-of-the-headers-only", [filed], key) == (filed, None)
    assert sort_copies("fp-of-the-headers-only", [filed], "ck:other") == (None, filed)  # reused, decided alone
    assert sort_copies("fp-of-the-content", [filed]) == (filed, None)
