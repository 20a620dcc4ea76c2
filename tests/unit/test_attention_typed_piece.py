"""« À voir » said the applicant's mail seemed to hold a missing piece typed in its text (core/classify.py
`written_in_mail`: « le texte du courriel semble être : courrier officiel… »): once that piece comes as a file (by
mail, added by staff, or found by a correction), what it said of it goes, and only that (classify.typed_now_received,
casework.attention_after)."""

from datetime import datetime, timezone
from pathlib import Path

from intake.core.by_hand import added_by_hand
from intake.core.casework import CaseState, PieceState, correction
from intake.core.classify import PIECE, Verdict, typed_now_received, written_in_mail
from intake.core.effects import Event, SetAttention
from intake.core.message import Attachment
from intake.core.rules import parse_rules
from intake.core.statuses import INCOMPLETE

ROOT = Path(__file__).resolve().parents[2] / "rules"
RULES = parse_rules(str(ROOT / "pieces.toml"), (ROOT / "pieces.toml").read_text(encoding="utf-8"))
LETTER = written_in_mail(("courrier",), RULES)
BOTH = written_in_mail(("dossier", "courrier"), RULES)
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
CASE = CaseState(id=1, reference="BSC-2026-0001", status=INCOMPLETE, status_reason="manque : courrier",
                 applicant="asso@x.example", reply_from="nb@ville-bethune.fr", received_at=NOW, acknowledged=True,
                 pieces=(PieceState(1, "dossier.pdf", "dossier", False, "d" * 64, mailed=True),
                         PieceState(2, "photo.jpg", "visuels", False, "v" * 64, mailed=True),
                         PieceState(3, "scan.pdf", None, True, "s" * 64, mailed=True)),
                 attention=f"une question ? ; {LETTER} ; lien à télécharger")


def test_only_the_line_about_the_piece_now_held_goes():
    assert typed_now_received(CASE.attention, {"dossier", "courrier"}, RULES) == (
        "une question ? ; lien à télécharger", ("courrier",))
    assert typed_now_received(LETTER, {"courrier"}, RULES) == ("", ("courrier",))
    assert typed_now_received(CASE.attention, {"dossier", "visuels"}, RULES) == (CASE.attention, ())
    # two pieces typed, one received: the line speaks of the other alone
    assert typed_now_received(f"{BOTH} ; x", {"courrier"}, RULES) == (
        f"{written_in_mail(('dossier',), RULES)} ; x", ("courrier",))
    # words it did not write (other labels, cut short): they stay, for staff to clear
    assert typed_now_received(LETTER[:200], {"courrier"}, RULES) == (LETTER[:200], ())


def test_the_signed_letter_added_by_hand_clears_what_a_voir_said_of_the_typed_one():
    letter = Verdict(Attachment("lettre.pdf", b"lettre signee" * 10, "", False), "pdf", PIECE, "courrier", "test")
    _, effects = added_by_hand(CASE, [letter], {}, RULES, actor="Nadia", received_on=NOW.date(), files=1)
    assert SetAttention("une question ? ; lien à télécharger") in effects
    (line,) = [e.detail for e in effects if isinstance(e, Event) and e.kind == "attention"]
    assert line == ("« À voir » mis à jour : ne dit plus que le texte du courriel semble être : courrier officiel "
                    "adressé au Maire ; la pièce est maintenant au dossier")


def test_a_correction_that_names_the_letter_clears_it_too_and_one_that_does_not_leaves_it():
    _, effects = correction(CASE, "3", "courrier", "Nadia", RULES)
    assert SetAttention("une question ? ; lien à télécharger") in effects
    _, effects = correction(CASE, "3", "visuels", "Nadia", RULES)
    assert not any(isinstance(e, SetAttention) for e in effects)
