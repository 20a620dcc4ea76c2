"""Addresses as mail programs write them, read the same on the Python the tests run on and on the one the
server runs (README: Debian 12's /usr/bin/python3, whose email.utils.getaddresses is strict since a security
update, as Python 3.11.10, 3.12.6 and 3.13 are)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from intake.core.headers import parse_addresses
from intake.core.headline import sender_and_subject
from intake.core.parse import parse_message

PROJECT = Path(__file__).resolve().parents[2]

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


SERVER_PYTHON = Path("/usr/bin/python3")


@pytest.mark.skipif(not SERVER_PYTHON.exists(), reason="no system Python 3 (the README's install uses Debian's)")
def test_the_server_s_python_reads_every_address_as_the_tests_do():
    """The tests run on the Python of .venv; the README installs on Debian 12's own, whose strict getaddresses
    read `<…<mailto:…>>` and `a@x <b@y>` as no address at all: a forward by staff in Outlook was ignored as
    their own mail there, and passed here. intake.core.headers needs nothing but the standard library."""
    code = ("import json, sys; from intake.core.headers import parse_addresses; "
            "print(json.dumps([parse_addresses([v]) for v in json.load(sys.stdin)]))")
    code = f"import sys; sys.path.insert(0, {str(PROJECT)!r}); {code}"
    done = subprocess.run([str(SERVER_PYTHON), "-I", "-B", "-c", code], input=json.dumps([v for v, _ in WRITTEN]),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    there = [[tuple(p) for p in pairs] for pairs in json.loads(done.stdout)]
    assert there == [parse_addresses([v]) for v, _ in WRITTEN]
    assert [[p for p in pairs if p[1]] for pairs in there] == [shown for _, shown in WRITTEN]


def test_reading_addresses_takes_linear_time():
    import time

    started = time.monotonic()
    parse_addresses(["a@" * 20_000 + "<", "@" * 50_000 + " x", ", b@" * 10_000])
    assert time.monotonic() - started < 2
    assert sys.version_info >= (3, 11)
