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
        started = time.monotonic()
        html_as_text(hostile)
        assert time.monotonic() - started < 5, hostile[:10]


def test_a_quarantined_messages_hostile_html_part_is_shown_quickly():
    raw = (b"From: x@asso.example\r\nTo: n.bataillon@ville-bethune.fr\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>Bonjour</p>" + b"<a " * 100_000 + b"\r\n")
    started = time.monotonic()
    _headers, parts, _note = taken_apart(raw)
    assert time.monotonic() - started < 5
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
