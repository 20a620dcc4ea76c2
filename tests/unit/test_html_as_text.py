"""The text of an HTML part, as staff read it (console's message view, quarantine show): its words, never its
markup, and in time proportional to its length whatever the markup (an applicant writes it)."""

from __future__ import annotations

import time

from intake.commands.message_text import html_as_text, taken_apart


def test_words_without_markup_scripts_or_styles():
    html = ("<!DOCTYPE html><html><head><title>Titre</title><style>p { color: red }</style></head><body>"
            "<p>Bonjour&nbsp;l&#233;t&eacute; <b>gras</b><br>ligne<SCRIPT>alert(1)</SCRIPT > 3 < 4 <!-- note --> fin"
            "<div>dernière</div><?xml x?></body></html>")
    assert html_as_text(html) == "Bonjour lété gras\nligne 3 < 4 fin\ndernière"


def test_unclosed_markup_keeps_what_came_before():
    assert html_as_text("<p>avant<script>alert(1)") == "avant"
    assert html_as_text("<p>avant<!-- jamais fermé") == "avant"
    assert html_as_text("avant <a href='x") == "avant <a href='x"


def test_hostile_markup_is_read_in_linear_time():
    # html.parser took 3 s on 20,000 characters of "<a <a <a ...", four times more for twice as many
    for hostile in ("<a " * 100_000, "<a" * 150_000, "</" * 150_000, "<" * 300_000, "<!--" * 75_000,
                    "<script>" * 40_000, "<a b='" * 50_000):
        started = time.process_time()
        html_as_text(hostile)
        assert time.process_time() - started < 5, hostile[:10]


def test_a_quarantined_messages_hostile_html_part_is_shown_quickly():
    raw = (b"From: x@asso.example\r\nTo: n.bataillon@ville-bethune.fr\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>Bonjour</p>" + b"<a " * 100_000 + b"\r\n")
    started = time.process_time()
    _headers, parts, _note = taken_apart(raw)
    assert time.process_time() - started < 5
    assert parts[0].text.startswith("Bonjour")


def test_a_huge_text_part_is_shown_from_its_start_without_cleaning_it_whole(monkeypatch):
    """A 20 MB text part (an outsider's) is shown as its first MAX_TEXT characters, and only its start is decoded
    and cleaned (it was decoded and cleaned whole: 40 MB cost 3.5 s and 559 MB at each view)."""
    from intake.commands import message_text

    cleaned: list[int] = []
    real = message_text.safe_text
    monkeypatch.setattr(message_text, "safe_text", lambda text: cleaned.append(len(text)) or real(text))
    line = "Bonjour, voici le texte de la candidature.\n"
    for subtype in ("plain", "html"):
        body = line * (20 * 2**20 // len(line))
        raw = (f"From: a@b.example\nSubject: x\nContent-Type: text/{subtype}; charset=utf-8\n\n{body}").encode()
        _headers, parts, _note = message_text.taken_apart(raw)
        assert len(parts[0].text) == message_text.MAX_TEXT and parts[0].text.startswith("Bonjour, voici")
        assert parts[0].size == len(body.encode())
        assert max(cleaned) <= message_text.SHOWN_READ, (subtype, max(cleaned))


def test_line_ends_of_the_source_are_spaces_and_only_blocks_break_lines():
    """Thunderbird writes its HTML indented: a forwarded message's « De : » (<th>) and its sender (<td>) on lines of
    their own. Read line by line, the sender was on no « De : » line, and a forward sent as HTML alone was the
    colleague's own mail: the application ignored."""
    html = ('<table>\n  <tr>\n    <th align="RIGHT">De&nbsp;: </th>\n    <td>Jeanne Roux <a href="mailto:j@x.example">'
            '&lt;j@x.example&gt;</a></td>\n  </tr>\n</table>\n<p>Bonjour,\nci-joint</p><div>fin</div>après'
            '<pre>ligne 1\nligne 2</pre>')
    assert html_as_text(html) == "De : Jeanne Roux <j@x.example>\nBonjour, ci-joint\nfin\naprès\nligne 1\nligne 2"


def test_for_a_forward_s_reading_a_mailto_link_naming_a_person_gives_its_address():
    """An HTML header block naming the sender by a link (« De : <a href="mailto:jeanne@…">Jeanne Roux</a> »): for the
    forward's reading (core/parse.py), the address follows the name as a mail program writes it; staff's view keeps the
    words as shown."""
    from intake.core.htmltext import html_as_text as read
    head = '<div><b>De&nbsp;:</b> <a href="mailto:jeanne.roux@asso.example">Jeanne Roux</a></div>'
    assert read(head) == "De : Jeanne Roux"
    assert read(head, mailto=True) == "De : Jeanne Roux <jeanne.roux@asso.example>"
    # entities, a query, percent-encoding, upper case and single quotes in the target
    assert read("<a HREF='MAILTO:jeanne%2Eroux&#64;asso.example?subject=Candidature'><span>Jeanne</span></a>",
                mailto=True) == "Jeanne <jeanne.roux@asso.example>"
    # a link showing its address, or that address written after it: nothing added
    assert read('<a href="mailto:j@asso.example">j@asso.example</a>', mailto=True) == "j@asso.example"
    assert read('Jeanne &lt;<a href="mailto:j@asso.example">J@Asso.example</a>&gt;', mailto=True) == \
        "Jeanne <J@Asso.example>"
    # a link showing another address than its target's: both, as two addresses (never a hidden target in place of the
    # address shown, nor the words, which may be a name, in place of the target: a sender line naming two names nobody)
    assert read('<a href="mailto:victime@autre.example">j@asso.example</a>', mailto=True) == \
        "j@asso.example, <victime@autre.example>"
    # a target naming no single address: nothing added
    for href in ("mailto:a@x.example,b@y.example", "mailto:", "mailto:pas une adresse", "mailto:a&lt;b@x.example",
                 "https://asso.example", "mailto:" + "a" * 400 + "@x.example"):
        assert read(f'<a href="{href}">Jeanne</a>', mailto=True) == "Jeanne", href
    # a target too long to be read whole adds nothing (cut, it could name another address)
    long = "mailto:" + "j" * 64 + "@" + "d" * 240 + ".victime.fr.evil.example"  # its first 320: « …victime.fr.ev »
    assert read(f'<a href="{long}">Jeanne</a>', mailto=True) == "Jeanne"
    assert read(f'<a href="{long.replace("@", "&#64;")}">Jeanne</a>', mailto=True) == "Jeanne"
    # a link never closed adds nothing
    assert read('<a href="mailto:j@asso.example">Jeanne', mailto=True) == "Jeanne"


def test_hostile_links_are_read_in_linear_time_for_a_forward_s_reading():
    from intake.core.htmltext import html_as_text as read
    for hostile in ('<a href="mailto:j@x.example">J</a>' * 30_000, '<a href="mailto:' * 50_000,
                    "<a href " * 100_000, "<a " + "href= " * 100_000 + ">", '<a href="mailto:j@x.example">' * 40_000
                    + "</a>" * 40_000, '<a href="mailto:' + "a" * 1_000_000 + '">x</a>'):
        started = time.process_time()
        read(hostile, mailto=True)
        assert time.process_time() - started < 5, hostile[:20]
