"""[limits] max_parts is counted by the parser that reads the message (core/mimetree.py `PartBudget`), so no
boundary form the stdlib parser understands escapes it: RFC 2231 continued (`boundary*0=`) and encoded
(`boundary*=`) parameters, bare CR or bare LF line ends, boundaries of any length (up to RFC 2046's 70 and
beyond). A 50 MB hostile message is refused in well under a second on this machine (measured: 0.17-0.25 s);
the tests allow 5 s."""

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
    started = time.monotonic()
    with pytest.raises(OverLimit):
        parse_message(raw, max_parts=1000)
    assert time.monotonic() - started < 5


def test_forwarded_messages_count_in_the_same_budget_and_one_over_it_is_flagged_not_opened():
    inner = multipart("bare-cr", 100_000, b"x")  # a bare-CR forward of 100,000 parts, base64 inside
    outer = documents.base64_forward(inner, "a@x.example", NB, "Fwd: candidature")
    started = time.monotonic()
    msg = parse_message(outer, max_parts=1000)
    assert time.monotonic() - started < 5
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
    started = time.monotonic()
    tree = parse_tree(hostile("bare-cr"), budget, partial=True)
    assert time.monotonic() - started < 5
    assert budget.over and budget.made < 300 + 20_000
    assert len(tree.get_payload()) >= 299
