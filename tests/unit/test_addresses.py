"""Addresses as mail programs write them, read as they show them on the Python the server runs, which the tests
run on (README: Debian 12's /usr/bin/python3, whose email.utils.getaddresses is strict since a security update,
as Python 3.11.10, 3.12.6 and 3.13 are), and on a Python without that update."""

from __future__ import annotations

import os
import sys
from email.utils import getaddresses
from pathlib import Path

import pytest

from intake.core.headers import parse_addresses
from intake.core.headline import sender_and_subject
from intake.core.parse import parse_message

# (value as written, what every mail program shows: (display name, address) of each)
WRITTEN = [
    # Outlook's (or Exchange's) text of an HTML mail: a linked address is followed by its target
    ("Jeanne Roux <jeanne.roux@tiers-lieu.example<mailto:jeanne.roux@tiers-lieu.example>>",
     [("Jeanne Roux", "jeanne.roux@tiers-lieu.example")]),
    ("jeanne.roux@tiers-lieu.example<mailto:jeanne.roux@tiers-lieu.example>", [("", "jeanne.roux@tiers-lieu.example")]),
    # a display name that is an address, unquoted (a phone, a webmail or a scanner where no name was set)
    ("jeanne.roux@orange.example <jeanne.roux@orange.example>", [("jeanne.roux@orange.example",
                                                                  "jeanne.roux@orange.example")]),
    ("asso.jardins@orange.example <jeanne.roux62@gmail.example>", [("asso.jardins@orange.example",
                                                                     "jeanne.roux62@gmail.example")]),
    ("contact@velo.example <contact@velo.example>, Paul <paul@velo.example>",
     [("contact@velo.example", "contact@velo.example"), ("Paul", "paul@velo.example")]),
    ("Jeanne Roux <jeanne.roux@tiers-lieu.example>,", [("Jeanne Roux", "jeanne.roux@tiers-lieu.example")]),
    # addresses separated as Outlook shows them, by « ; » (typed so in a webmail's To field)
    ("n.bataillon@ville-bethune.fr; d.berteloot@ville-bethune.fr",
     [("", "n.bataillon@ville-bethune.fr"), ("", "d.berteloot@ville-bethune.fr")]),
    # unchanged
    ('"Roux, Jeanne" <jeanne.roux@tiers-lieu.example>', [("Roux, Jeanne", "jeanne.roux@tiers-lieu.example")]),
    ("Mission Smart City <n.bataillon@ville-bethune.fr>, d.berteloot@ville-bethune.fr",
     [("Mission Smart City", "n.bataillon@ville-bethune.fr"), ("", "d.berteloot@ville-bethune.fr")]),
]


@pytest.mark.parametrize("value, shown", WRITTEN)
def test_addresses_are_read_as_mail_programs_show_them(value, shown):
    assert [(n, a) for n, a in parse_addresses([value]) if a] == shown


def test_the_address_in_angle_brackets_is_the_sender_not_the_name_written_before_it():
    """The lenient reading took `asso@… <jeanne@…>` for two senders and kept the first (the name): the
    acknowledgement went to an address that never wrote; the strict one found no sender at all, and the
    application was ignored as an automatic reply."""
    raw = (b"From: asso.jardins@orange.example <jeanne.roux62@gmail.example>\r\nTo: n.bataillon@ville-bethune.fr\r\n"
           b"Subject: Candidature\r\nMessage-ID: <a1@gmail.example>\r\n\r\nBonjour\r\n")
    msg = parse_message(raw)
    assert (msg.from_addr, msg.from_name) == ("jeanne.roux62@gmail.example", "asso.jardins@orange.example")
    assert sender_and_subject(raw)[0] == "jeanne.roux62@gmail.example"


SERVER_PYTHON = Path("/usr/bin/python3")  # the README's install: Debian 12's


@pytest.mark.skipif(not SERVER_PYTHON.exists() or bool(os.environ.get("PYTHON")),
                    reason="no Debian python3 here, or PYTHON chose .venv's interpreter (scripts/setup-venv.sh)")
def test_these_readings_are_the_server_s_python_s():
    """The cases above are read by the Python the README installs the server with, Debian 12's /usr/bin/python3,
    whose email.utils.getaddresses is strict: scripts/setup-venv.sh makes .venv from it. The tests ran on
    pyenv's 3.11.7 (lenient) before, where Outlook's `<…<mailto:…>>` and `a@x <b@y>` passed that the server read
    as no address at all; a test then ran these cases through /usr/bin/python3 in a subprocess: now redundant."""
    base = getattr(sys, "_base_executable", "") or sys.executable
    assert Path(os.path.realpath(base)) == SERVER_PYTHON.resolve()
    assert getaddresses(["asso.jardins@orange.example <jeanne.roux62@gmail.example>"]) == [("", "")]


def test_reading_addresses_takes_linear_time():
    import time

    hostile = ["a@" * 20_000 + "<", "@" * 50_000 + " x", ", b@" * 10_000]
    started = time.process_time()  # this process's CPU time: a pause of the machine is not the reading's cost
    parse_addresses(hostile)
    assert time.process_time() - started < 2
    assert sys.version_info >= (3, 11)


@pytest.mark.parametrize("address, usable", [
    ('"victim@y.example"', False), ('jean@"x.example"', False), ('"jean"x@x.example', False),
    ('""@x.example', False), ('"jean.dupont"@x.example', True), ("jean.dupont@x.example", True)])
def test_a_quote_is_only_around_a_local_part(address, usable):
    from intake.core.headers import is_address

    assert is_address(address) is usable


def test_a_from_cut_inside_its_quotes_names_no_sender():
    """`Joe <"victim@y.example` then `"@x.example>: x` on a line of its own (a field of that name): the address
    read was `"victim@y.example"`, without a domain of its own, and our acknowledgement went to it."""
    raw = (b'From: Joe <"victim@y.example\r\n"@x.example>: x\r\nTo: n.bataillon@ville-bethune.fr\r\n'
           b"Subject: x\r\n\r\nx\r\n")
    assert parse_message(raw).from_addr == ""


def test_one_spelling_per_address_and_never_a_merge_the_rfc_does_not_make():
    from intake.core.headers import normal_address

    for written in ("Jeanne@Asso.EXAMPLE", " jeanne@asso.example. ", '"jeanne"@asso.example', '"Jeanne"@asso.example.'):
        assert normal_address(written) == "jeanne@asso.example", written
    # other addresses by RFC 5321: a plus-address, a Gmail dot, a quoted local part that needs its quotes
    for other in ("jeanne+bsc@asso.example", "j.eanne@gmail.com", '"j d"@asso.example', "jeanne@asso.example.."):
        assert normal_address(other) == other, other


@pytest.mark.parametrize("sender", ["n.bataillon@exarnple.test", "n.bataillon@examp1e.test",
                                    "n.bataillon@ex\u0430mple.test", "n.bataillon@xn--exmple-4nf.test"])
def test_a_sender_whose_domain_looks_like_the_town_s_is_told_apart(sender):
    """attack14: a stranger's look-alike of the town's domain read as a colleague's address."""
    from intake.core.addresses import looks_like_ours

    assert "ressemble à une adresse de la ville (example.test)" in looks_like_ours(sender, {"nb@example.test"})
    assert looks_like_ours("n.bataillon@example.test", {"nb@example.test"}) == ""
    assert looks_like_ours("n.bataillon@Example.TEST", {"nb@example.test"}) == ""  # a domain's case is no other domain
    assert looks_like_ours("jeanne@outlook.example", {"nb@example.test"}) == ""
