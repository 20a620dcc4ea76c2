"""Lay out a short text document as a PDF (reportlab): the receipt attached to acknowledgements.

The text comes from an admin's template, with four marks at the start of a line:
"# " a title, "## " a heading, "- " an item, "= " a line in a fixed-width font (hashes).
Other lines are text: consecutive lines make one paragraph (wrapped to the page), a blank line
ends it; a line that continues an item is indented. The PDF standard fonts (nothing embedded, a few
kilobytes) write every French letter; a text with other characters (a file name in Cyrillic,
Greek...) is written with the DejaVu fonts, embedded, when installed (Debian: fonts-dejavu-core).
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

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


def text_pdf(text: str, title: str) -> bytes:
    regular, bold, mono = _font_names(text)
    styles = {
        "# ": ParagraphStyle("title", fontName=bold, fontSize=16, leading=20, spaceAfter=6),
        "## ": ParagraphStyle("heading", fontName=bold, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=3),
        "- ": ParagraphStyle("item", fontName=regular, fontSize=10, leading=13, leftIndent=12, bulletIndent=2,
                             spaceBefore=4),
        "= ": ParagraphStyle("fixed", fontName=mono, fontSize=7.6, leading=10, leftIndent=12),
        "": ParagraphStyle("body", fontName=regular, fontSize=10, leading=13, spaceBefore=3, spaceAfter=2),
    }
    story = []
    for mark, content in blocks(text):
        markup = escape(content).replace("\n", "<br/>")
        if mark == "- ":
            story.append(Paragraph(markup, styles[mark], bulletText="•"))
        else:
            story.append(Paragraph(markup, styles[mark]))
    if not story:
        story.append(Spacer(1, 1))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=title, author="", subject=title, creator="intake",
                            pageCompression=1)
    doc.build(story)
    return out.getvalue()
