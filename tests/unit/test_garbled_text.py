"""core/text.py `garbled`: a PDF's text layer that is no text (its font maps glyphs to no letters) is told from text."""

from __future__ import annotations

from intake.core.text import garbled

LETTER = ("Monsieur le Maire,\nJ'ai l'honneur de solliciter le label Béthune Smart City pour notre action de jardins "
          "partagés connectés.\nJe vous prie d'agréer, Monsieur le Maire, mes salutations distinguées.\nLa présidente")


def identity_h(text: str) -> str:
    """What a PDF reader gets from a TrueType font written as glyph numbers (Identity-H) with no ToUnicode map: each
    glyph's number in the font's standard Macintosh order, 29 below its letter's code (« 0RQVLHXU » for Monsieur),
    its space glyph number 3. Accented letters fall elsewhere."""
    return "".join("\x03" if c == " " else c if c == "\n" else chr(max(1, ord(c) - 29)) if c < "\x80" else "«"
                   for c in text)


def test_a_letter_is_not_garbled():
    assert not garbled(LETTER)
    assert not garbled(LETTER.upper())


def test_glyph_numbers_read_as_letters_are_garbled():
    assert identity_h("Monsieur le Maire")[:8] == "0RQVLHXU"
    assert garbled(identity_h(LETTER))


def test_glyph_numbers_with_real_spaces_are_garbled_too():
    """A producer that writes each word's glyphs apart leaves no control character: only the words say it."""
    assert garbled(identity_h(LETTER).replace("\x03", " "))


def test_a_symbol_font_s_private_characters_or_replacement_marks_are_garbled():
    assert garbled("".join(chr(0xF000 + ord(c)) if c.isalpha() else c for c in LETTER))
    assert garbled("".join("\ufffd" if c.isalpha() else c for c in LETTER))


def test_short_texts_forms_and_acronyms_are_not_garbled():
    assert not garbled("")
    assert not garbled("page 1")  # a stamp: too little to say
    assert not garbled("Nom : ............................\nSIRET : ..........\nCCAS SNCF TGV HLM : ...........\n"
                       "Titre du projet : ...................\nDescription du projet : .................")
    assert not garbled("Связь с мэрией Бетюна: проект совместных садов, поданный ассоциацией в декабре.")
    assert not garbled(LETTER + "\x0c" + LETTER)  # a form feed between pages
