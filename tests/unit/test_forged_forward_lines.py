"""A colleague's forward whose program writes the forwarded sender's name as it is (Nextcloud Mail's line « "Name"
address – date », raw, markup included; SnappyMail's « "Name" <address mailto:…> », its quotes unescaped), or shows a
link's words where its target is the address: the name is the outsider's to choose, and it made the line, or a line
above it, name someone else (attack30). Each such forward names nobody: for staff, nobody written to."""

from __future__ import annotations

from urllib.parse import quote

import forwardmail as fm
import pytest
import sixteenthmail as sixteenth
from test_forward_and_links import NB, TRUSTED, run

from intake.commands import samples
from intake.core.parse import parse_message
from intake.core.statuses import REVIEW

BY = "c.martin@ville-bethune.fr"
MALLORY = "mallory@evil.example"
VICTIM = "victime@autre.example"
DATE = "30 novembre 2026 à 17:45"
QUOTED = "> Bonjour,\n>\n> voici notre candidature.\n>\n> Mallory\n"
FILES = [("Dossier d'intention.pdf", "application/pdf", samples.pdf()),
         ("Lettre à Monsieur le Maire.pdf", "application/pdf", samples.pdf("l"))]


def _nextcloud(label_text: str) -> str:
    """The text part Nextcloud Mail makes of its forward (Horde's Html2text): the colleague's words, then its line
    « "{label}" address – date » with the label as the sender's name has it, raw (src/ReplyBuilder.js puts it in the
    HTML unescaped: « <br> » in it is a line break, « &gt; » a « > »), then the mail in a blockquote."""
    return f"Pour enregistrement.\n\nClaire\n\n\"{label_text}\" {MALLORY} \u2013 {DATE}\n\n{QUOTED}"


NEXTCLOUD_LINES = {
    # the name closes the quotes Nextcloud opens, and writes an address and a date of its own
    "quotes": _nextcloud(f'Jeanne" {VICTIM} \u2013 1 "x'),
    # the name's markup: a line break, a line of its own naming the victim, a quoted line below it
    "line-break": _nextcloud(f'M\n\n"Jeanne" {VICTIM} \u2013 1 déc.\n> x\n'),
    # ... and a blockquote opened in the name, quoting Nextcloud's own line under its own
    "blockquote": (f'Pour enregistrement.\n\n"M\n\n"Jeanne" {VICTIM} \u2013 1 déc.\n\n> " {MALLORY} \u2013 {DATE}\n>\n'
                   + "".join(f"> {line}\n" for line in QUOTED.splitlines())),
    # ... another program's forward block in the name, above Nextcloud's line
    "gmail-block": _nextcloud(f"M\n\n---------- Forwarded message ---------\nFrom: Jeanne <{VICTIM}>\n\n"),
    # ... the line broken (no quote opens it), and the sender's own mail quoting Apple's block naming the victim
    "broken-line": (f'Pour enregistrement.\n\n"M\n" {MALLORY} \u2013 {DATE}\n\n> Début du message réexpédié :\n>\n'
                    f"> De: Jeanne <{VICTIM}>\n> Date: 30/11/2026\n>\n{QUOTED}"),
}


@pytest.mark.parametrize("shape", NEXTCLOUD_LINES)
def test_a_nextcloud_forward_whose_sender_s_name_writes_another_line_names_nobody(shape):
    raw = fm._plain_forward(BY, NB, "", "Fwd: Candidature", NEXTCLOUD_LINES[shape], "")
    msg, d = run(raw, TRUSTED)
    assert VICTIM not in {a for _n, a in parse_message(raw).forwarded_from}, shape
    assert msg.from_addr == BY and d.mail is None and d.assessment.status == REVIEW, (msg.from_addr, d.reason)


def test_a_nextcloud_forward_of_an_ordinary_name_still_names_its_sender():
    raw = fm._plain_forward(BY, NB, "", "Fwd: Candidature", _nextcloud("Mallory Martin"), "")
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr == MALLORY and d.mail is not None and d.mail.to_addr == MALLORY, d.reason


def _snappy(name: str) -> str:
    """SnappyMail's sender line (Model/Email.js `toLine(false, true)`: « "name" <link> », the name as it is, then its
    text part's « words target » of the link)."""
    target = f"mailto:{MALLORY}?to=" + quote(f'"{name}" <{MALLORY}>', safe="")
    return (f"Pour enregistrement.\n\n-------- Message transféré -------\nDe: \"{name}\" <{MALLORY} {target} >\n"
            f"À: {BY}\nEnvoyé: 30 novembre 2026 17:45\nSujet: Candidature\n\n{QUOTED}")


@pytest.mark.parametrize("name", [f'Jeanne" <{VICTIM}> mailto:', f'Jeanne" <{VICTIM} mailto:', f'" <{VICTIM}> "x'])
def test_a_snappymail_sender_line_whose_name_closes_its_quotes_names_nobody(name):
    raw = fm._plain_forward(BY, NB, "", "TR: Candidature", _snappy(name), "")
    msg, d = run(raw, TRUSTED)
    assert VICTIM not in {a for _n, a in parse_message(raw).forwarded_from}, name
    assert msg.from_addr == BY and d.mail is None, (msg.from_addr, d.reason)


@pytest.mark.parametrize("links", ["outlook", "spaced", ""])
def test_a_sender_link_whose_words_are_another_address_names_nobody(links):
    """A header block naming the sender by a link on their name (« <a href="mailto:mallory@…">name</a> »): a name
    that is another's address is no address shown, the link's target is the sender's."""
    raw = sixteenth.mailto_name_forward(BY, NB, MALLORY, FILES, name=VICTIM, links=links)
    msg, d = run(raw, TRUSTED)
    assert VICTIM not in {a for _n, a in parse_message(raw).forwarded_from}, links
    assert d.mail is None or d.mail.to_addr != VICTIM, d.reason


def test_a_sender_line_s_own_link_target_is_still_its_address():
    for line in (f"De : Mallory <{MALLORY}<mailto:{MALLORY}>>", f"De : Mallory<mailto:{MALLORY}>",
                 f'De: "Mallory" <{MALLORY} mailto:{MALLORY}?to=%22M%22 >', f"De : Mallory [mailto:{MALLORY}]"):
        raw = fm._plain_forward(BY, NB, "", "TR: Candidature", f"-----Original Message-----\n{line}\n\n{QUOTED}", "")
        assert [a for _n, a in parse_message(raw).forwarded_from] == [MALLORY], line


OUTSIDER_TEXT = (f'Bonjour,\n\n"Jeanne" {VICTIM} \u2013 30 novembre 2026 à 17:45\n\n> Début du message réexpédié :\n>\n'
                 f'> De: Jeanne <{VICTIM}>\n>\n>>> "Jeanne" <{VICTIM}> 30/11/2026 17:45 >>>\n{QUOTED}')
HEADERS = {  # how each program writes the forwarded header above the outsider's text
    "outlook": f"De : Mallory <{MALLORY}>\nEnvoyé : lundi 30 novembre 2026 17:45\nÀ : {BY}\nObjet : Candidature\n\n",
    "gmail": f"---------- Forwarded message ---------\nFrom: Mallory <{MALLORY}>\nDate: Mon, Nov 30, 2026\n"
             f"Subject: Candidature\nTo: <{BY}>\n\n\n",
    "thunderbird": "-------- Message transféré --------\nSujet : \tCandidature\n"
                   f"Date : \tMon, 30 Nov 2026 17:45:12 +0100\nDe : \tMallory <{MALLORY}>\nPour : \t{BY}\n\n\n\n",
}


@pytest.mark.parametrize("program", HEADERS)
def test_the_outermost_forward_wins_over_the_layouts_an_outsider_writes_below_it(program):
    """Outlook's, Gmail's or Thunderbird's forward of an outsider's text writing Nextcloud's line, Apple's quoted block
    and GroupWise's line, each naming the victim: the victim is never the one named (the outsider's is the first
    sender read, or, Nextcloud's line ending the text, nobody is)."""
    raw = fm._plain_forward(BY, NB, "", "TR: Candidature", f"Pour enregistrement.\n\n{HEADERS[program]}{OUTSIDER_TEXT}",
                            "")
    msg, d = run(raw, TRUSTED)
    assert msg.from_addr in (MALLORY, BY) and (d.mail is None or d.mail.to_addr == MALLORY), (msg.from_addr, d.reason)
    without_nextcloud = OUTSIDER_TEXT.replace(" \u2013 30", " 30")
    raw = fm._plain_forward(BY, NB, "", "TR: Candidature", f"Pour toi.\n\n{HEADERS[program]}{without_nextcloud}", "")
    assert parse_message(raw).forwarded_from[0][1] == MALLORY, program


@pytest.mark.parametrize("address", ["mallory@evil.example.", '"mallory"@evil.example', "Mallory@Evil.example."])
def test_an_address_spelt_otherwise_in_its_brackets_is_still_the_sender_s(address):
    """The last brackets' address was compared normalised (the root's dot dropped, a quoted local part unquoted) with
    the line's addresses merely lower-cased: « Mallory <mallory@evil.example.> » named nobody."""
    line = f"De : Mallory <{address}>\nEnvoyé : lundi 30 novembre 2026 17:45\nÀ : {BY}\nObjet : Candidature\n\n"
    raw = fm._plain_forward(BY, NB, "", "TR: Candidature", f"-----Original Message-----\n{line}{QUOTED}", "")
    assert [a for _n, a in parse_message(raw).forwarded_from] == [MALLORY], address
