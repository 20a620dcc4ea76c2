"""Files uuencoded in a mail's text (core/uuencoded.py), and a mail that carries them (core/parse.py)."""

from __future__ import annotations

import binascii

from intake.commands import samples
from intake.core.parse import parse_message
from intake.core.uuencoded import uuencoded_files


def uuencode(name: bytes, data: bytes) -> bytes:
    """`begin 644 name`, 45 bytes a line, « ` » and « end »: what uuencode(1), GroupWise, Pegasus and Eudora write."""
    lines = [binascii.b2a_uu(data[i:i + 45], backtick=True) for i in range(0, len(data), 45)]
    return b"begin 644 " + name + b"\r\n" + b"".join(lines).replace(b"\n", b"\r\n") + b"`\r\nend\r\n"


def test_each_block_is_a_file_named_as_its_begin_line_says():
    pdf, jpeg = samples.pdf(), samples.jpeg()
    body = (b"Bonjour,\r\n\r\nci-joint notre dossier.\r\n\r\n" + uuencode(b"Dossier d'intention.pdf", pdf)
            + b"\r\n" + uuencode("Lettre signée.jpg".encode("cp1252"), jpeg) + b"\r\nJeanne\r\n")
    assert uuencoded_files(body) == [("Dossier d'intention.pdf", pdf), ("Lettre signée.jpg", jpeg)]


def test_a_block_that_does_not_decode_or_never_ends_is_no_file():
    """« begin 644 » typed in a sentence, or a block cut short, is text: nothing is made of it."""
    assert uuencoded_files(b"begin 644 rien.pdf\r\nceci n'est pas du uuencode !\r\nend\r\n") == []
    assert uuencoded_files(uuencode(b"a.pdf", samples.pdf())[:-8]) == []
    assert uuencoded_files(b"begin 644 ../../etc/passwd\r\n#86)C\r\n`\r\nend\r\n") == [("../../etc/passwd", b"abc")]


def test_a_block_whose_lines_lost_their_trailing_spaces_is_still_a_file():
    """Encoders that write zero bits as spaces (uuencode(1) without -m, Python's b2a_uu) end a line of zeros with
    spaces, which mail programs and relays strip: the file was lost (a ZIP's or a PDF's runs of zeros)."""
    data = b"PK\x03\x04" + b"\x00" * 100 + b"fin"
    lines = [binascii.b2a_uu(data[i:i + 45]).rstrip() + b"\r\n" for i in range(0, len(data), 45)]
    assert any(len(line) < 63 for line in lines[:-1])  # the spaces are gone
    body = b"begin 644 dossier.zip\r\n" + b"".join(lines) + b" \r\nend\r\n"
    assert uuencoded_files(body) == [("dossier.zip", data)]


def test_begin_and_end_in_prose_make_no_file():
    """Words between a « begin 644 » line and an « end » line typed by a person decode without error (a2b_uu is
    lenient): they are no uuencode, each line's length being no multiple its first character says."""
    assert uuencoded_files(b"begin 644 notes.txt\r\nBonjour a tous\r\nVoici le programme\r\nend\r\n") == []


def test_many_unended_blocks_are_read_in_one_pass():
    """Each block stops at the next « begin » line: 20,000 blocks with no « end » are read in one pass, not one pass
    each (quadratic)."""
    import time

    body = b"".join(b"begin 644 f%d.pdf\r\n" % i + b"M" + b"0" * 60 + b"\r\n" for i in range(20_000))
    start = time.process_time()  # this process's CPU time: a pause of the machine is not the reading's cost
    assert uuencoded_files(body) == []
    assert time.process_time() - start < 2


def test_a_mail_in_plain_rfc_822_carries_its_uuencoded_files():
    """GroupWise's Internet Agent set to « Basic RFC-822 » (and Pegasus, old Eudora) sends no MIME at all: each file
    uuencoded in the text. They were not read, and the application was asked for every piece it had sent."""
    pdf = samples.pdf()
    raw = (b"From: Jeanne Roux <jeanne@asso.example>\r\nTo: n.bataillon@ville-bethune.fr\r\nSubject: Candidature\r\n"
           b"Date: Tue, 01 Dec 2026 09:47:33 +0100\r\nMessage-Id: <6A1F3C2E@gw.asso.example>\r\n\r\n"
           b"Bonjour,\r\n\r\nNotre dossier :\r\n\r\n" + uuencode(b"Dossier d'intention.pdf", pdf))
    msg = parse_message(raw)
    assert [(a.filename, a.content) for a in msg.attachments] == [("Dossier d'intention.pdf", pdf)]
    assert "Notre dossier" in msg.text
    path = raw + b"begin 644 ../../etc/passwd\r\n#86)C\r\n`\r\nend\r\n"
    assert [a.filename for a in parse_message(path).attachments] == ["Dossier d'intention.pdf", "passwd"]
