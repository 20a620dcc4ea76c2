"""« Écrire au demandeur » on a case's page: a mailto: link to the applicant's address with the case's reference in
the subject (the reply then joins the case), encoded so that no address or subject adds a recipient or a header."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from intake.core.mailto import write_to_applicant


def test_the_link_names_the_applicant_and_the_reference_in_the_subject():
    link = write_to_applicant("c.martin@mobilite-douce.example", "BSC-2026-0007")
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "c.martin@mobilite-douce.example"
    assert parse_qs(parts.query) == {"subject": ["[BSC-2026-0007] Votre candidature au label Béthune Smart City"]}
    assert " " not in link and "+" not in link.split("?")[1]  # a space is %20 (RFC 6068), never « + »


def test_an_address_with_a_plus_or_accents_is_percent_encoded_whole():
    link = write_to_applicant("jeanne+label@mairie-béthune.fr", "BSC-2026-0001")
    assert link.startswith("mailto:jeanne%2Blabel@mairie-b%C3%A9thune.fr?subject=")
    assert unquote(urlsplit(link).path) == "jeanne+label@mairie-béthune.fr"


@pytest.mark.parametrize("address", [
    "victim@x.example?cc=everyone@x.example",        # a second header by the query
    "victim@x.example&bcc=spy@x.example",            # an address stored as an applicant's, whatever the parser let in
    "a@x.example,b@y.example",                       # two recipients
    "a@x.example;b@y.example",
    "a@x.example\r\nBcc: spy@y.example",             # a header by a line break
    "a@x.example%0D%0ABcc:spy@y.example",            # one already percent-encoded, decoded by the mail program
    "\"a b\"@x.example",                             # a quoted local part: legal, but nobody types it to a program
    "a@x.example#frag", "a@x.example\u202e", "", "no-at-sign", "a@x", "@x.example",
])
def test_an_address_that_could_carry_more_than_one_recipient_gets_no_link(address):
    assert write_to_applicant(address, "BSC-2026-0001") == ""


def test_a_reference_that_is_not_one_gets_no_link():
    assert write_to_applicant("a@x.example", "BSC-2026-0001] &body=x") == ""
    assert write_to_applicant("a@x.example", "") == ""
