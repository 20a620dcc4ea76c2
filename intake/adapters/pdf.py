"""Lay out a short text document as a PDF (reportlab): the receipt attached to acknowledgements.

The text comes from an admin's template, with four marks at the start of a line:
"# " a title, "## " a heading, "- " an item, "= " a line in a fixed-width font (hashes).
Other lines are text: consecutive lines make one paragraph (wrapped to the page), a blank line
ends it; a line that continues an item is indented. The PDF standard fonts (nothing embedded, a few
kilobytes) write every French letter; a text with other characters (a file name in Cyrillic,
Greek...) is written with the DejaVu fonts, embedded, when installed (Debian: fonts-dejavu-core).
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

rl_config.useA85 = 0  # compressed streams stay binary: ASCII85 made them bigger, and took a third of the time
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_fonts: tuple[str, str, str] | None = None


STANDARD = ("Helvetica", "Helvetica-Bold", "Courier")


def _font_names(text: str) -> tuple[str, str, str]:
    """(regular, bold, fixed-width) font names for this text."""
    try:
        (text + "•").encode("cp1252")  # what the standard fonts can write (WinAnsiEncoding)
        return STANDARD
    except UnicodeEncodeError:
        return _embedded()


def _embedded() -> tuple[str, str, str]:
    """The DejaVu fonts, registered once; the standard ones when they are not installed."""
    global _fonts
    if _fonts is None:
        files = {"IntakeSans": "DejaVuSans.ttf", "IntakeSans-Bold": "DejaVuSans-Bold.ttf",
                 "IntakeMono": "DejaVuSansMono.ttf"}
        if all((DEJAVU / f).is_file() for f in files.values()):
            for name, f in files.items():
                pdfmetrics.registerFont(TTFont(name, str(DEJAVU / f)))
            _fonts = ("IntakeSans", "IntakeSans-Bold", "IntakeMono")
        else:
            _fonts = STANDARD
    return _fonts


MARKS = ("## ", "# ", "- ", "= ")


def blocks(text: str) -> list[tuple[str, str]]:
    """(mark, text) for each paragraph: consecutive text lines joined; an indented line continues an item."""
    out: list[tuple[str, str]] = []
    open_block = False  # the last block may take the next text line
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            open_block = False
            continue
        mark = next((m for m in MARKS if stripped.startswith(m)), "")
        if mark:
            out.append((mark, stripped[len(mark):].strip()))
            open_block = mark == "- "
        elif open_block and out[-1][0] == "- " and line[:1].isspace():
            out[-1] = (out[-1][0], f"{out[-1][1]}\n{stripped}")  # an item's next line: kept on its own line
        elif open_block and out[-1][0] == "":
            out[-1] = (out[-1][0], f"{out[-1][1]} {stripped}")
        else:
            out.append(("", stripped))
            open_block = True
    return out


# (font: 0 regular, 1 bold, 2 fixed-width; size; leading; left indent; space before; space after), by mark
STYLES = {"# ": (1, 16, 20, 0, 0, 6), "## ": (1, 11.5, 15, 0, 10, 3), "- ": (0, 10, 13, 12, 4, 0),
          "= ": (2, 7.6, 10, 12, 0, 0), "": (0, 10, 13, 0, 3, 2)}
BULLET_INDENT = 2
MARGIN = 2 * cm


def text_pdf(text: str, title: str) -> bytes:
    """The text laid out on A4 pages: each block's lines wrapped to the width (a word longer than a line is cut),
    drawn with the canvas directly (reportlab's Paragraph parses markup and measures every fragment: three
    times slower, and the receipt of every application paid it)."""
    fonts = _font_names(text)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setSubject(title)
    canvas.setAuthor("")
    canvas.setCreator("intake")
    width, height = A4
    top, bottom = height - MARGIN, MARGIN
    y, after = top, 0.0
    for mark, content in blocks(text):
        role, size, leading, left, before, space_after = STYLES[mark]
        font = fonts[role]
        if y < top:
            y -= max(before, after)
        lines = [line for part in content.split("\n") for line in _wrap(part, font, size, width - 2 * MARGIN - left)]
        for n, line in enumerate(lines):
            if y - leading < bottom:
                canvas.showPage()
                y = top
            y -= leading
            canvas.setFont(font, size)
            if mark == "- " and n == 0:
                canvas.drawString(MARGIN + BULLET_INDENT, y + (leading - size) / 2, "•")
            canvas.drawString(MARGIN + left, y + (leading - size) / 2, line)
        after = space_after
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """The text in lines no wider than `width` points, broken at spaces; a word wider than a line is cut.
    Each word is measured once (the fonts have no kerning: a line is as wide as its words and spaces)."""
    space = _width(" ", font, size)
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in text.split():
        wide = _width(word, font, size)
        if line and used + space + wide <= width:
            line.append(word)
            used += space + wide
            continue
        if line:
            lines.append(" ".join(line))
        while wide > width and len(word) > 1:
            cut = _fits(word, font, size, width)
            lines.append(word[:cut])
            word = word[cut:]
            wide = _width(word, font, size)
        line, used = [word], wide
    if line or not lines:
        lines.append(" ".join(line))
    return lines


@functools.lru_cache(maxsize=4096)
def _width(word: str, font: str, size: float) -> float:
    """A word's width in points: most words of a receipt are the template's, the same in every receipt."""
    return pdfmetrics.stringWidth(word, font, size)


def _fits(word: str, font: str, size: float, width: float) -> int:
    """How many of the word's first characters fit in `width` (at least one)."""
    low, high = 1, len(word)
    while low < high:
        mid = (low + high + 1) // 2
        if pdfmetrics.stringWidth(word[:mid], font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return low
