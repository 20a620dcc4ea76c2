"""Files staff add by hand to an existing case (core/by_hand.py): a letter posted to the mayor, a USB key handed in,
a piece sent to a staff member's own mailbox. They join the case as a reply's files do (the same completeness); the
applicant already acknowledged by mail gets the completion notice once, and no other mail; a closed case takes
nothing; files staff give are checked before anything is read."""

import dataclasses
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from intake.core.by_hand import MAX_FILES, added_by_hand, check_files, split
from intake.core.casework import CaseState, PieceState
from intake.core.classify import PIECE, SKIPPED, UNRESOLVED, Verdict
from intake.core.effects import AddPieces, Event, QueueMail, SetAttention, SetStatus
from intake.core.message import Attachment
from intake.core.replies import COMPLETION
from intake.core.rules import parse_rules
from intake.core.statuses import ADMISSIBLE, COMPLETE, DECLINED, INCOMPLETE, LABELLED, REVIEW, WITHDRAWN
from intake.errors import IntakeError, UsageError

ROOT = Path(__file__).resolve().parents[2] / "rules"
RULES = parse_rules(str(ROOT / "pieces.toml"), (ROOT / "pieces.toml").read_text(encoding="utf-8"))
DAY = date(2026, 11, 20)
CASE = CaseState(id=1, reference="BSC-2026-0001", status=INCOMPLETE, status_reason="manque : courrier",
                 applicant="asso@x.example", reply_from="nb@ville-bethune.fr",
                 received_at=datetime(2026, 11, 10, tzinfo=timezone.utc), acknowledged=True,
                 pieces=(PieceState(1, "dossier.pdf", "dossier", False, "d" * 64),
                         PieceState(2, "photo.jpg", "visuels", False, "v" * 64)))


def verdict(name: str, outcome: str = PIECE, kind: str | None = "courrier", flag: str = "") -> Verdict:
    kind_of_file = {"jpg": "jpeg", "png": "png"}.get(name.rsplit(".", 1)[-1], "pdf")
    return Verdict(Attachment(name, name.encode() * 10, "", False), kind_of_file, outcome, kind, "test", flag=flag)


def add(case: CaseState = CASE, *verdicts: Verdict, note: str = "courrier postal au Maire"):
    return added_by_hand(case, list(verdicts or (verdict("lettre.pdf"),)), {}, RULES, actor="Nadia",
                         received_on=DAY, files=len(verdicts or (1,)), note=note)


def test_the_missing_letter_added_by_hand_completes_the_case_and_the_acknowledged_applicant_gets_the_notice():
    a, effects = add()
    assert a is not None and a.status == COMPLETE
    (added,) = [e for e in effects if isinstance(e, AddPieces)]
    assert [v.attachment.filename for v in added.files] == ["lettre.pdf"]
    assert SetStatus(COMPLETE, a.reason) in effects
    (mail,) = [e for e in effects if isinstance(e, QueueMail)]
    assert mail.kind == COMPLETION and mail.to_addr == "asso@x.example" and not mail.answers
    (line,) = [e.detail for e in effects if isinstance(e, Event) and e.kind == "added"]
    assert line == ("1 fichier reçu hors courriel (courrier postal au Maire) le 20/11/2026, ajouté au dossier par "
                    "Nadia : 1 nouvelle pièce dont 1 reconnue ; toutes les pièces obligatoires sont là")


def test_a_piece_that_does_not_complete_the_case_sends_nothing_and_says_why():
    """A reply's new pieces get an update mail: it answers the applicant's message. Files staff add answer none."""
    a, effects = add(CASE, verdict("photo2.jpg", kind="visuels"))
    assert a is not None and a.status == INCOMPLETE
    assert not any(isinstance(e, QueueMail) for e in effects)
    assert any(isinstance(e, Event) and e.kind == "no-mail" for e in effects)


@pytest.mark.parametrize("change", [{"acknowledged": False}, {"completion_sent": True},
                                    {"quiet": "ouvert par un copieur"}])
def test_no_completion_notice_to_an_applicant_never_written_to_nor_twice_nor_to_a_quiet_case(change):
    a, effects = add(dataclasses.replace(CASE, **change))
    assert a is not None and a.status == COMPLETE
    assert not any(isinstance(e, QueueMail) for e in effects)


def test_a_case_in_review_stays_in_review_unless_complete_as_with_a_reply():
    review = dataclasses.replace(CASE, status=REVIEW)
    a, _ = add(review, verdict("photo2.jpg", kind="visuels"))
    assert a is not None and a.status == REVIEW and a.reason == "le dossier était déjà à vérifier"
    a, _ = add(review)
    assert a is not None and a.status == COMPLETE


def test_an_unrecognised_document_puts_the_case_in_review_as_a_mails_would():
    a, effects = add(CASE, verdict("scan.pdf", UNRESOLVED, None))
    assert a is not None and a.status == REVIEW
    assert [v.attachment.filename for e in effects if isinstance(e, AddPieces) for v in e.files] == ["scan.pdf"]


def test_a_file_the_case_holds_already_or_that_is_no_piece_is_said_not_added():
    held = verdict("copie.pdf", kind="dossier")
    case = dataclasses.replace(CASE, pieces=(*CASE.pieces, PieceState(3, "x.pdf", "dossier", False,
                                                                      held.attachment.sha256)))
    a, effects = add(case, held, verdict("signature.png", SKIPPED, None))
    assert [e for e in effects if isinstance(e, AddPieces)] == [AddPieces(())]
    kinds = [e.kind for e in effects if isinstance(e, Event)]
    assert "piece-again" in kinds and "skipped" in kinds and "status" not in kinds
    assert a is not None and a.status == INCOMPLETE and not any(isinstance(e, QueueMail) for e in effects)
    (line,) = [e.detail for e in effects if isinstance(e, Event) and e.kind == "added"]
    assert ": aucune nouvelle pièce ; " in line and "0 nouvelle" not in line
    new, again, skipped = split(case, [held, verdict("signature.png", SKIPPED, None)])
    assert (new, [v.attachment.filename for v in again], [v.attachment.filename for v in skipped]) == (
        (), ["copie.pdf"], ["signature.png"])


def test_what_a_file_needs_staff_to_see_is_added_to_what_the_case_already_shows():
    case = dataclasses.replace(CASE, attention="une question")
    _, effects = add(case, verdict("lettre.pdf", flag="encrypted"))
    (shown,) = [e for e in effects if isinstance(e, SetAttention)]
    assert shown.text.startswith("une question ; ") and "lettre.pdf" in shown.text


@pytest.mark.parametrize("status", [DECLINED, LABELLED, WITHDRAWN])
def test_a_case_a_decision_closed_takes_no_piece(status):
    with pytest.raises(IntakeError) as refused:
        add(dataclasses.replace(CASE, status=status))
    assert "BSC-2026-0001 est clos par une décision" in str(refused.value)


def test_a_case_found_admissible_takes_a_late_piece_and_its_decision_stands():
    a, effects = add(dataclasses.replace(CASE, status=ADMISSIBLE))
    assert a is None
    assert not any(isinstance(e, (SetStatus, QueueMail)) for e in effects)
    assert any(isinstance(e, AddPieces) and e.files for e in effects)
    (line,) = [e.detail for e in effects if isinstance(e, Event) and e.kind == "added"]
    assert line.endswith("décision maintenue (recevable)")


def test_files_staff_give_are_checked_before_anything_is_read():
    check_files([("a.pdf", 10)], 100)
    for files, said in (([], "aucun fichier"), ([("a.pdf", 10), ("vide.pdf", 0)], "« vide.pdf » est vide"),
                        ([("a.pdf", 60), ("b.pdf", 50)], "plus que la taille permise"),
                        ([(f"{n}.pdf", 1) for n in range(MAX_FILES + 1)], f"{MAX_FILES} au plus")):
        with pytest.raises(UsageError) as refused:
            check_files(files, 100)
        assert said in str(refused.value)
