"""LibreOffice Writer's text frames and text boxes (Insertion > Cadre, Insertion > Zone de texte): the address block
of a letter, its « Objet : », a form's labelled box. Their text is read as lines of their own, not glued to the
paragraph they are anchored in. Real ODT files written here with odfpy, as Writer lays them out (a draw:frame inside
the paragraph it is anchored to, its draw:text-box holding paragraphs), through the real reader, the shipped rules."""

from __future__ import annotations

import io
from pathlib import Path

from intake.adapters.extract import extract
from intake.adapters.rulefiles import load_rules
from intake.core.classify import PIECE, classify_attachment
from intake.core.fields import read_fields
from intake.core.message import Attachment

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "rules")


def odt_with_frame(before: str, framed: list[str], after: list[str], shape: bool = False) -> bytes:
    """A paragraph `before` holding a frame of `framed` paragraphs (a text box drawn as a shape: `shape`), then the
    paragraphs `after`."""
    from odf.draw import CustomShape, Frame, TextBox
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    anchor = P(text=before)
    if shape:  # Insertion > Zone de texte: a shape whose paragraphs are its own
        box = CustomShape(anchortype="paragraph", width="8cm", height="3cm")
        for line in framed:
            box.addElement(P(text=line))
    else:  # Insertion > Cadre
        box = Frame(anchortype="paragraph", width="8cm", height="3cm")
        inside = TextBox()
        for line in framed:
            inside.addElement(P(text=line))
        box.addElement(inside)
    anchor.addElement(box)
    document.text.addElement(anchor)
    for line in after:
        document.text.addElement(P(text=line))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


ADDRESS = ["Monsieur le Maire", "Hôtel de Ville", "62400 Béthune"]
BODY = ["Objet : label Béthune Smart City", "Nous sollicitons le label pour notre jardin partagé.",
        "Veuillez agréer nos salutations."]


def test_a_frame_s_paragraphs_are_lines_of_their_own():
    for shape in (False, True):
        e = extract(odt_with_frame("Association Les Jardins, Béthune, le 2 décembre 2026", ADDRESS, BODY, shape), "odt")
        lines = e.text.splitlines()
        assert "Monsieur le Maire" in lines and "Hôtel de Ville" in lines, lines
        assert "Association Les Jardins, Béthune, le 2 décembre 2026" in lines, lines


def test_a_letter_whose_address_is_in_a_frame_is_the_letter():
    content = odt_with_frame("Béthune, le 2 décembre 2026", ADDRESS, BODY)
    attachment = Attachment(filename="document.odt", content=content, declared_type="", inline=False)
    v = classify_attachment(attachment, RULES, extract(content, "odt"))
    assert v.outcome == PIECE and v.kind == "courrier" and "monsieur le maire" in v.evidence, v.evidence


def test_a_field_s_value_stops_before_the_frame_anchored_in_its_paragraph():
    """The form's « Cadre réservé à l'administration » anchored in the paragraph of « Titre du projet : »: the title
    read was « Jardins partagésCadre réservé à l'administrationDate de réception : »."""
    content = odt_with_frame("Titre du projet : Jardins partagés", ["Cadre réservé à l'administration",
                                                                    "Date de réception :"],
                             ["Structure porteuse : Les Jardins"])
    fields = read_fields(extract(content, "odt").text, {}, RULES.fields)
    assert fields.get("titre") == "Jardins partagés", fields
