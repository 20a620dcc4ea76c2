"""[limits] max_parts is counted by the parser that reads the message (core/mimetree.py `PartBudget`), so no
boundary form the stdlib parser understands escapes it: RFC 2231 continued (`boundary*0=`) and encoded
(`boundary*=`) parameters, bare CR or bare LF line ends, boundaries of any length (up to RFC 2046's 70 and
beyond). A 50 MB hostile message is refused in about a second at most (measured on 2026-12-01: 0.3-1.2 s);
the tests allow 5 s of the thread's CPU time (not wall time: a loaded machine must not fail them)."""

import time

import documents
import pytest

from intake.core.mimetree import PartBudget, parse_tree
from intake.core.parse import parse_message
from intake.errors import OverLimit

NB = "n.bataillon@ville-bethune.fr"
FORMS = {  # name: (line end, boundary as written in the delimiters, its Content-Type parameter)
    "rfc2231-continued": (b"\r\n", b"ab", b'boundary*0="a"; boundary*1="b"'),
    "rfc2231-encoded": (b"\r\n", b"ab", b"boundary*=''ab"),
    "bare-cr": (b"\r", b"ab", b'boundary="ab"'),
    "bare-lf": (b"\n", b"ab", b'boundary="ab"'),
    "long-boundary": (b"\r\n", b"x" * 201, b'boundary="' + b"x" * 201 + b'"'),
    "quoted-long-boundary-bare-cr": (b"\r", b"y" * 500, b'boundary="' + b"y" * 500 + b'"'),
}


def multipart(form: str, parts: int, body: bytes = b"") -> bytes:
    nl, boundary, param = FORMS[form]
    head = nl.join([b"From: Mallory <mallory@evil.example>", b"To: " + NB.encode(), b"Subject: candidature",
                    b"MIME-Version: 1.0", b"Content-Type: multipart/mixed; " + param]) + nl + nl
    return head + (b"--" + boundary + nl + nl + (body + nl if body else b"")) * parts + b"--" + boundary + b"--" + nl


def hostile(form: str, size: int = 50_000_000) -> bytes:
    nl, boundary, _ = FORMS[form]
    return multipart(form, size // (len(boundary) + 2 + 2 * len(nl)))


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_boundary_form_the_parser_honours_is_counted(form):
    just = multipart(form, 999, b"x")  # 999 parts and the multipart that holds them: 1000
    assert len(parse_message(just, max_parts=1000).part_types) >= 1
    with pytest.raises(OverLimit, match="max_parts"):
        parse_message(multipart(form, 1000, b"x"), max_parts=1000)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_50_mb_message_of_empty_parts_is_refused_in_seconds(form):
    raw = hostile(form)
    assert len(raw) >= 45_000_000
    started = time.thread_time()
    with pytest.raises(OverLimit):
        parse_message(raw, max_parts=1000)
    assert time.thread_time() - started < 5


def test_forwarded_messages_count_in_the_same_budget_and_one_over_it_is_flagged_not_opened():
    inner = multipart("bare-cr", 100_000, b"x")  # a bare-CR forward of 100,000 parts, base64 inside
    outer = documents.base64_forward(inner, "a@x.example", NB, "Fwd: candidature")
    started = time.thread_time()
    msg = parse_message(outer, max_parts=1000)
    assert time.thread_time() - started < 5
    assert [f.problem for f in msg.flags] == ["too-many-entries"]
    assert "1000 parties" in msg.flags[0].detail


def test_a_budget_is_shared_by_the_messages_parsed_with_it():
    budget = PartBudget(10)
    parse_message(multipart("bare-lf", 4, b"x"), parts=budget)  # 5 parts
    assert budget.made == 5
    with pytest.raises(OverLimit):
        parse_message(multipart("bare-lf", 5, b"x"), parts=budget)  # 6 more: 11


def test_a_partial_parse_stops_within_a_chunk_of_the_limit_and_keeps_what_came_before():
    budget = PartBudget(300)
    started = time.thread_time()
    tree = parse_tree(hostile("bare-cr"), budget, partial=True)
    assert time.thread_time() - started < 5
    assert budget.over and budget.made < 300 + 20_000
    assert len(tree.get_payload()) >= 299


def header_bomb(fields: int, field: bytes = b"a:b") -> bytes:
    return (b"From: Mallory <mallory@evil.example>\r\nTo: " + NB.encode() + b"\r\nSubject: candidature\r\n"
            + (field + b"\r\n") * fields + b"\r\ncorps\r\n")


@pytest.mark.parametrize("shape", ["many-fields", "one-long-cc", "in-a-part", "in-a-forwarded-message"])
def test_header_fields_over_max_header_bytes_stop_the_parse(shape):
    """The fifth attacker's review: 9.5 million fields of 5 bytes (47 MB) took the poller 24 s and 1.5 GB, a Cc of
    2.6 million addresses 25 s; every later reading of the headers walks them all. The parser counts the bytes of
    the fields it reads, every part and forwarded message together, and stops past [limits] max_header_bytes."""
    if shape == "many-fields":
        raw = header_bomb(400_000)
    elif shape == "one-long-cc":
        raw = header_bomb(1, b"Cc: " + b",".join(b"u%d@x.example" % i for i in range(150_000)))
    else:
        inner = b"X-Pad: " + b"p" * 900 + b"\r\n"
        head = inner * 1_200
        if shape == "in-a-part":
            body = b"--b\r\n" + head + b"Content-Type: text/plain\r\n\r\nx\r\n--b--\r\n"
            ctype = b"multipart/mixed; boundary=b"
        else:
            import base64
            forwarded = head + b"From: x@y.example\r\nSubject: fwd\r\n\r\nx\r\n"
            body = (b"--b\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    + base64.encodebytes(forwarded) + b"--b--\r\n")
            ctype = b"multipart/mixed; boundary=b"
        raw = (b"From: a@x.example\r\nTo: " + NB.encode() + b"\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: "
               + ctype + b"\r\n\r\n" + body)
    started = time.thread_time()
    if shape == "in-a-forwarded-message":  # the forward is not opened, and says why
        msg = parse_message(raw)
        assert [f.problem for f in msg.flags] == ["too-many-entries"] and "max_header_bytes" in msg.flags[0].detail
    else:
        with pytest.raises(OverLimit, match=r"en-têtes de plus de 1,0 Mo .*max_header_bytes"):
            parse_message(raw)
    assert time.thread_time() - started < 5
    assert parse_message(raw, max_header_bytes=20_000_000).from_addr in ("mallory@evil.example", "a@x.example")


def test_a_real_header_block_is_far_under_max_header_bytes():
    """Fifty Received, DKIM and ARC signatures, a long References: a few tens of kB."""
    received = b"".join(b"Received: from mx%d.example (mx%d.example [192.0.2.%d]) by mx.ville-bethune.fr with "
                        b"ESMTPS id abc%d for <n.bataillon@ville-bethune.fr>; Sat, 28 Nov 2026 10:00:00 +0100\r\n"
                        % (i, i, i, i) for i in range(50))
    dkim = b"DKIM-Signature: v=1; a=rsa-sha256; d=x.example; s=s; b=" + b"A" * 400 + b"\r\n"
    refs = b"References: " + b" ".join(b"<r%d@x.example>" % i for i in range(50)) + b"\r\n"
    raw = received + dkim * 6 + refs + header_bomb(0)
    budget = PartBudget(10)
    parse_tree(raw, budget)
    assert 0 < budget.header_bytes < 50_000
    assert parse_message(raw).subject == "candidature"


def test_large_files_parsed_by_their_place_in_the_raw_message_are_the_same_files_once_decoded():
    """A reading process sends back where each large base64 file lies in the raw message (`spans`), not the file:
    the poller, which holds the raw message, decodes it (`with_contents`). A 33 MiB message parsed apart took all
    processes together to 1.12x the floor's memory; by place, 0.91x."""
    import os

    from intake.commands import samples
    from intake.core.parse import with_contents

    raw = samples.email(sender="a@x.example", to=[NB], subject="gros", attachments=[
        ("photo.jpg", os.urandom(600_000), "image/jpeg"), ("petit.pdf", documents.pdf_text(["x"]), "application/pdf")])
    apart = parse_message(raw, "sha", spans=True)
    assert [bool(a.region) for a in apart.attachments] == [True, False] and apart.attachments[0].content == b""
    assert with_contents(apart, raw) == parse_message(raw, "sha")


@pytest.mark.parametrize("param", [b'boundary*0="b"; boundary*1="x"', b"boundary*=''bx", b"boundary*=us-ascii'fr'b%78",
                                   b"boundary*0*=utf-8''b; boundary*1=x", b'boundary="bx"'])
def test_a_part_s_header_block_is_cut_whichever_way_its_boundary_is_written(param):
    """A boundary written as RFC 2231 allows (in sections, or encoded), which the stdlib parser honours, was not known
    to the cut of long header blocks: its parts' blocks were gathered whole by the parser, and a 50 MB message of
    empty parts had each of its six million delimiter lines looked at (6 s, over this file's bound of 5)."""
    from intake.core.mimetree import _cut_header_blocks

    bomb = b"X-Pad: p\r\n" * 20_000  # 200 kB of header fields in one part
    raw = (b"From: a@x.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; " + param + b"\r\n\r\n"
           b"--bx\r\n" + bomb + b"Content-Type: text/plain\r\n\r\nx\r\n--bx--\r\n")
    cut, was = _cut_header_blocks(raw, 100_000)
    assert was and len(cut) < len(raw) - 90_000
