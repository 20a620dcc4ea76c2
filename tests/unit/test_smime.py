"""core/smime.py: an opaque-signed S/MIME message is opened, whatever BER form its writer chose; anything else is
left as it came."""

from __future__ import annotations

import base64
import tracemalloc

import pytest

from intake.core.parse import parse_message
from intake.core.smime import OID_DATA, OID_SIGNED_DATA, signed_content, unwrap_opaque_signed
from intake.errors import OverLimit

ENTITY = (b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nBonjour\r\n"
          b"--b\r\nContent-Type: application/pdf; name=\"lettre.pdf\"\r\nContent-Disposition: attachment; "
          b"filename=\"lettre.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
          + base64.b64encode(b"%PDF-1.4 lettre") + b"\r\n--b--\r\n")


def der(tag: int, content: bytes) -> bytes:
    n, width = len(content), (len(content).bit_length() + 7) // 8
    size = bytes([n]) if n < 128 else bytes([0x80 | width]) + n.to_bytes(width, "big")
    return bytes([tag]) + size + content


def ber(tag: int, content: bytes) -> bytes:  # indefinite length, as OpenSSL's and Windows' streaming writers do
    return bytes([tag, 0x80]) + content + b"\x00\x00"


def signed(content: bytes, streaming: bool, with_content: bool = True, inner_oid: bytes = OID_DATA) -> bytes:
    octets = (ber(0x24, b"".join(der(0x04, content[i:i + 100]) for i in range(0, len(content), 100)))
              if streaming else der(0x04, content))
    return wrapped(octets, streaming, with_content, inner_oid)


def wrapped(octets: bytes, streaming: bool, with_content: bool = True, inner_oid: bytes = OID_DATA) -> bytes:
    make = ber if streaming else der
    encap = der(0x06, inner_oid) + (make(0xA0, octets) if with_content else b"")
    body = (der(0x02, b"\x01") + der(0x31, der(0x30, der(0x06, bytes.fromhex("608648016503040201"))))
            + make(0x30, encap) + der(0x31, b""))
    return make(0x30, der(0x06, OID_SIGNED_DATA) + make(0xA0, make(0x30, body)))


def mail(p7m: bytes, smime_type: str = "signed-data") -> bytes:
    return (b"From: Service <urbanisme@cc-artois.example>\r\nTo: n.bataillon@ville-bethune.fr\r\n"
            b"Subject: Candidature\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: application/pkcs7-mime;\r\n\tsmime-type=" + smime_type.encode()
            + b";\r\n\tname=\"smime.p7m\"\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment; filename=\"smime.p7m\"\r\n\r\n" + base64.encodebytes(p7m))


@pytest.mark.parametrize("streaming", [False, True])
def test_the_signed_entity_is_the_message_read(streaming):
    assert signed_content(signed(ENTITY, streaming)) == ENTITY
    msg = parse_message(mail(signed(ENTITY, streaming)))
    assert msg.from_addr == "urbanisme@cc-artois.example" and msg.subject == "Candidature"
    assert [(a.filename, a.content) for a in msg.attachments] == [("lettre.pdf", b"%PDF-1.4 lettre")]
    assert msg.content_type == "multipart/mixed"


@pytest.mark.parametrize("p7m, smime_type", [
    (signed(ENTITY, False), "enveloped-data"),  # encrypted S/MIME: nothing to open here
    (signed(ENTITY, True, with_content=False), "signed-data"),  # no content (a detached signature)
    (signed(b"not a MIME entity, just bytes", False), "signed-data"),
    (signed(ENTITY, False, inner_oid=bytes.fromhex("2a864886f70d010703")), "signed-data"),  # enveloped inside
    (b"\x30\x80\x06\x09" + OID_SIGNED_DATA + b"\xa0\x80\x30\x80" * 50, "signed-data"),  # truncated
    (b"garbage" * 20, "signed-data"),
])
def test_anything_else_is_left_as_it_came(p7m, smime_type):
    assert unwrap_opaque_signed(mail(p7m, smime_type)) is None
    assert parse_message(mail(p7m, smime_type)).content_type == "application/pkcs7-mime"


def test_an_ordinary_message_is_not_touched():
    assert unwrap_opaque_signed(b"From: a@b.example\r\nSubject: x\r\n\r\n" + ENTITY) is None


def test_only_the_signed_entitys_content_fields_are_kept():
    """Header fields written inside the signature (where the town's server could neither see nor remove them)
    never read as the message's own: a forged Authentication-Results, another From."""
    forged = (b"Authentication-Results: mx.ville-bethune.fr; dmarc=pass header.from=ville-bethune.fr\r\n"
              b"From: Maire <maire@ville-bethune.fr>\r\nReceived: from nowhere\r\n" + ENTITY)
    opened = unwrap_opaque_signed(mail(signed(forged, False)))
    assert opened is not None and b"Authentication-Results" not in opened and b"maire@" not in opened
    assert b"Received: from nowhere" not in opened and b"Content-Type: multipart/mixed" in opened
    msg = parse_message(mail(signed(forged, False)))
    assert msg.from_addr == "urbanisme@cc-artois.example" and msg.from_others == ()
    assert [a.filename for a in msg.attachments] == ["lettre.pdf"]


@pytest.mark.parametrize("count", [400_000, 20_000])
def test_a_flood_of_tiny_chunks_is_not_read(count):
    """An attacker's streaming structure of empty chunks (2 bytes each: 15 million in a 40 MB message) held the
    reading process 30 s and 2.3 GB: past MAX_ELEMENTS elements read, or one for every ELEMENT_BYTES bytes (each
    attached message of an archive is opened too), the message is left as it came. A writer's chunks of one line
    (78 bytes) are opened."""
    p7m = wrapped(ber(0x24, der(0x04, ENTITY) + b"\x04\x00" * count), streaming=True)
    assert unwrap_opaque_signed(mail(p7m)) is None
    assert parse_message(mail(p7m)).content_type == "application/pkcs7-mime"
    lines = ENTITY + b"".join(b"%076d\r\n" % i for i in range(20_000))
    assert signed_content(wrapped(ber(0x24, b"".join(der(0x04, line) for line in lines.splitlines(keepends=True))),
                                  streaming=True)) == lines


def test_chunks_are_joined_as_they_are_read():
    """The chunks' bytes are added one after the other, never listed first (listed, 100 000 chunks of 16 bytes took
    18 MB to join 1.6 MB)."""
    chunks = b"".join(der(0x04, b"%015d\n" % i) for i in range(100_000))
    p7m = wrapped(der(0x24, der(0x04, ENTITY) + chunks), streaming=False)
    tracemalloc.start()
    try:
        assert len(signed_content(p7m) or b"") == len(ENTITY) + 1_600_000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 6_000_000


@pytest.mark.parametrize("outer, inner", [(b"X-A: b\r\n" * 150_000, b""), (b"", b"Content-A: b\r\n" * 80_000)])
def test_header_fields_over_the_limit_are_not_read(outer, inner):
    """Header fields past [limits] max_header_bytes, the message's or the signed entity's, are what the parse refuses:
    they are not read line by line first (40 MB of them took 10 s and 2.8 GB to open, where the parse gives up in
    1 s). The message is then refused as over the limit, or left as it came."""
    raw = mail(signed(inner + ENTITY, True)).replace(b"Subject:", outer + b"Subject:", 1)
    assert unwrap_opaque_signed(raw) is None
    assert unwrap_opaque_signed(raw, max_header_bytes=3_000_000) is not None
    if outer:
        with pytest.raises(OverLimit):
            parse_message(raw)


def forward_of(original: bytes) -> bytes:
    """A colleague's forward of `original` as an attachment (message/rfc822), her words above it."""
    return (b"From: Claire <claire.martin@ville-bethune.fr>\r\nTo: n.bataillon@ville-bethune.fr\r\n"
            b"Subject: Fwd: Candidature\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"f\"\r\n\r\n"
            b"--f\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nCandidature recue.\r\n--f\r\n"
            b"Content-Type: message/rfc822; name=\"Candidature.eml\"\r\n"
            b"Content-Disposition: attachment; filename=\"Candidature.eml\"\r\n\r\n" + original + b"\r\n--f--\r\n")


@pytest.mark.parametrize("streaming", [False, True])
def test_a_forwarded_opaque_signed_message_is_opened_with_its_own_sender(streaming):
    """A message signed opaque and forwarded whole: its files are read (they were left inside smime.p7m, and the
    forward set aside as encrypted), its sender is its own outer From, never the one written inside the signature."""
    forged = b"From: Maire <maire@ville-bethune.fr>\r\n" + ENTITY
    msg = parse_message(forward_of(mail(signed(forged, streaming))))
    assert [(a.filename, a.content) for a in msg.attachments] == [("lettre.pdf", b"%PDF-1.4 lettre")]
    assert not any("pkcs7" in t for t in msg.part_types), msg.part_types
    assert msg.from_addr == "claire.martin@ville-bethune.fr"
    assert "urbanisme@cc-artois.example" in str(msg.forwarded_from) and "maire@" not in str(msg), msg.forwarded_from


def test_a_forwarded_encrypted_message_is_left_as_it_came():
    msg = parse_message(forward_of(mail(signed(ENTITY, False), "enveloped-data")))
    assert "application/pkcs7-mime" in msg.part_types and msg.attachments[0].filename == "smime.p7m"
