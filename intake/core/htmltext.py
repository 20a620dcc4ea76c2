"""The text of an HTML part: its words without markup, scripts or styles (never rendered).

Pure. Read in one pass, in time proportional to the length. Staff see a message's HTML parts this way
(commands/message_text.py, the console's mail view), and a message that has no plain-text part is read this
way for what only its text says (core/parse.py: whom a forward came from).
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)[^<>]*>")  # stops at the next "<": each character is read once
_SKIPPED = ("script", "style", "head")  # their content is no text of the message
_BREAKS = ("br", "p", "div", "tr", "li", "hr", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6")
_PREFORMATTED = ("pre", "textarea")  # their line ends are the text's
# A run of white space in the source is one space, line ends included, as a browser shows it: a mail program that
# writes its HTML indented (Thunderbird's table of a forwarded message's header fields: "<th>De&nbsp;: </th>", a line
# end, "<td>Jeanne Roux &lt;jeanne@...&gt;</td>") puts a field and its value on one line. Only the tags above break.
_SPACES = re.compile(r"[ \t\r\n\f]+")
_END_OF = {name: re.compile(rf"</{name}", re.IGNORECASE) for name in _SKIPPED}
# A link's target in its tag: each attribute value read once, what follows « href » bounded by the tag's own length
_HREF = re.compile(r"""[\s"'](?:href)[ \t\r\n\f]*=[ \t\r\n\f]*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_ADDRESS = re.compile(r"[^@\s<>()\[\]\\,;:\"]{1,64}@[^@\s<>()\[\]\\,;:\"]{1,255}")
MAX_TARGET = 320  # characters of a mailto link's target read (an address is at most 254)


def _mailto(tag: str) -> str:
    """The one address a link's `mailto:` target names, "" for any other link (several addresses, none, a web page)."""
    found = _HREF.search(tag)
    if found is None:
        return ""
    value = next(g for g in found.groups() if g is not None)
    if len(value) > 8 * MAX_TARGET:  # never cut: a target cut short may be another address (« …@x.fr.evil.example »)
        return ""
    target = unescape(value).strip()
    if target[:7].lower() != "mailto:" or len(target) > 7 + MAX_TARGET:
        return ""
    address = unquote(target[7:].split("?", 1)[0]).strip()
    return address if _ADDRESS.fullmatch(address) else ""


def html_as_text(html: str, mailto: bool = False) -> str:
    """The words of an HTML part, without its markup, scripts or styles (never rendered).

    A scan in one pass, in time proportional to the length: the standard library's HTMLParser reads its
    text again from every "<" of an unclosed tag (`<a <a <a ...`: 20,000 characters took 3 s, a 1 MB part
    hours of a console's CPU when staff opened the message).

    `mailto`: a link to one address whose words show no address (« <a href="mailto:jeanne@…">Jeanne Roux</a> ») is
    followed by that address, « Jeanne Roux <jeanne@…> », as a mail program writes a sender: for the reading of a
    forward (core/parse.py), whose HTML header block may name the original sender by such a link alone (a rich-text
    editor's, a reformatted or pasted header), and was read as naming nobody. A link that shows its own address keeps
    it alone; one whose words are another address is followed by its target as a second address (« victime@…,
    <mallory@…> »: a sender line naming two addresses names nobody): a program writing the sender as a link on their
    name wrote « victime@… » for a name that was that address, and the line named the victim, its target, the
    sender's address, unseen (attack30). Nor does a hidden target stand in for the address shown."""
    chunks: list[str] = []
    i, n = 0, len(html)
    preformatted = 0
    link = ("", 0)  # the address of the open mailto link, and where its words start in `chunks`
    while i < n:
        j = html.find("<", i)
        if j < 0:
            chunks.append(html[i:] if preformatted else _SPACES.sub(" ", html[i:]))
            break
        chunks.append(html[i:j] if preformatted else _SPACES.sub(" ", html[i:j]))
        if html.startswith("<!--", j):  # a comment, to its end (or the end of the part)
            k = html.find("-->", j + 4)
            i = n if k < 0 else k + 3
            continue
        if html.startswith(("<!", "<?"), j):  # a declaration (<!DOCTYPE ...>) or a processing instruction
            k = html.find(">", j)
            i = n if k < 0 else k + 1
            continue
        tag = _TAG.match(html, j)
        if tag is None:  # a "<" that opens no tag is text
            chunks.append("<")
            i = j + 1
            continue
        i, name = tag.end(), tag.group(2).lower()
        if name in _PREFORMATTED:
            preformatted = max(0, preformatted + (-1 if tag.group(1) else 1))
        if mailto and name == "a":
            if tag.group(1) and link[0]:
                shown = unescape("".join(chunks[link[1]:]))
                if link[0].casefold() not in shown.casefold():  # another address shown: two addresses, read as none
                    chunks.append((", <" if "@" in shown else " <") + link[0].replace("&", "&amp;") + ">")
                link = ("", 0)
            elif not tag.group(1):
                link = (_mailto(tag.group(0)), len(chunks))
        if tag.group(1):
            if name in _BREAKS or name in _PREFORMATTED:  # a block's end ends its line too
                chunks.append("\n")
            continue
        if name in _SKIPPED:  # skipped to its end tag (or the end of the part)
            found = _END_OF[name].search(html, i)
            k = html.find(">", found.end()) if found else -1
            i = n if k < 0 else k + 1
        elif name in _BREAKS or name in _PREFORMATTED:
            chunks.append("\n")
    lines = unescape("".join(chunks)).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())
