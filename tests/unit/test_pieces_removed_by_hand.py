"""A file staff added to a case by mistake (core/by_hand.py `removal`): only such a file leaves the case, never one a
message brought (the applicant's evidence) nor a paper application's; not on a case a decision closed; the status is
recomputed and nothing is written to the applicant, staff are told so."""

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake.core.by_hand import removal
from intake.core.casework import CaseState, PieceState
from intake.core.effects import Event, QueueMail, RemovePiece, SetFields, SetStatus
from intake.core.rules import parse_rules
from intake.core.statuses import ADMISSIBLE, COMPLETE, DECLINED, INCOMPLETE, REVIEW
from intake.errors import IntakeError

ROOT = Path(__file__).resolve().parents[2] / "rules"
RULES = parse_rules(str(ROOT / "pieces.toml"), (ROOT / "pieces.toml").read_text(encoding="utf-8"))
PARIS = ZoneInfo("Europe/Paris")
ADDED = datetime(2026, 11, 26, 23, 30, tzinfo=timezone.utc)  # the 27th in Paris
CASE = CaseState(id=1, reference="BSC-2026-0001", status=COMPLETE, status_reason="toutes les pièces obligatoires "
                 "sont là", applicant="asso@x.example", reply_from="nb@ville-bethune.fr",
                 received_at=datetime(2026, 11, 10, tzinfo=timezone.utc), acknowledged=True, completion_sent=True,
                 pieces=(PieceState(1, "dossier.pdf", "dossier", False, "d" * 64, mailed=True),
                         PieceState(2, "photo.jpg", "visuels", False, "v" * 64, mailed=True),
                         PieceState(3, "scan lettre.pdf", "courrier", False, "c" * 64, arrived_at=ADDED,
                                    created_at=ADDED)))


def test_a_file_added_by_hand_leaves_the_case_which_is_incomplete_again_and_nothing_is_mailed():
    r = removal(CASE, "scan lettre.pdf", "Nadia", RULES, PARIS, note="  lettre d'un autre   demandeur ")
    assert r.piece.id == 3 and r.status == INCOMPLETE
    assert r.effects[0] == RemovePiece(3)
    (line,) = [e.detail for e in r.effects if isinstance(e, Event) and e.kind == "removed"]
    assert line == "scan lettre.pdf (ajoutée par erreur le 27/11/2026) par Nadia : lettre d'un autre demandeur"
    assert any(isinstance(e, SetStatus) and e.status == INCOMPLETE for e in r.effects)
    assert not any(isinstance(e, QueueMail) for e in r.effects)
    assert not any(isinstance(e, SetFields) for e in r.effects)  # not a dossier: the fields stay
    assert "désormais incomplet (manque : courrier" in r.said
    assert "aucun courriel n'a été envoyé au demandeur (l'avis de dossier complet lui avait été adressé)" in r.said
    assert any(isinstance(e, Event) and e.kind == "no-mail" and r.said in e.detail for e in r.effects)


def test_removing_the_unnamed_file_that_kept_a_case_in_review_sends_no_completion_notice_and_says_so():
    unnamed = PieceState(4, "releve.pdf", None, False, "r" * 64, arrived_at=ADDED, created_at=ADDED)
    case = CaseState(**{**CASE.__dict__, "status": REVIEW, "completion_sent": False,
                        "pieces": (*CASE.pieces, unnamed)})
    r = removal(case, "4", "Nadia", RULES, PARIS)
    assert r.status == COMPLETE
    assert not any(isinstance(e, QueueMail) for e in r.effects)
    assert "l'avis de dossier complet n'a pas été envoyé" in r.said


def test_removing_a_dossier_reads_the_fields_again_from_those_left():
    dossier = PieceState(5, "autre dossier.pdf", "dossier", False, "e" * 64, arrived_at=ADDED, created_at=ADDED)
    r = removal(CaseState(**{**CASE.__dict__, "pieces": (*CASE.pieces, dossier)}), "5", "Nadia", RULES, PARIS)
    assert SetFields(refresh=True) in r.effects and r.status == COMPLETE and r.said == ""


def test_a_file_a_mail_brought_is_the_applicants_evidence_and_is_not_removed():
    with pytest.raises(IntakeError) as e:
        removal(CASE, "photo.jpg", "Nadia", RULES, PARIS)
    assert "« photo.jpg » est arrivé par courriel" in str(e.value)
    assert "« pas une pièce » (intake case BSC-2026-0001 piece 2 --kind aucune)" in str(e.value)


def test_a_paper_applications_pages_are_not_removed_either():
    paper = CaseState(**{**CASE.__dict__, "pieces": (PieceState(1, "scan.pdf", "dossier", False, "d" * 64),)})
    with pytest.raises(IntakeError, match="fait partie de la candidature papier"):
        removal(paper, "1", "Nadia", RULES, PARIS)


def test_nothing_leaves_a_case_a_decision_closed_and_a_standing_decision_keeps_its_status():
    with pytest.raises(IntakeError, match=r"BSC-2026-0001 est clos par une décision \(refusé\) : aucune pièce ne "
                                          "peut plus en être retirée"):
        removal(CaseState(**{**CASE.__dict__, "status": DECLINED}), "3", "Nadia", RULES, PARIS)
    r = removal(CaseState(**{**CASE.__dict__, "status": ADMISSIBLE}), "3", "Nadia", RULES, PARIS)
    assert r.status == ADMISSIBLE and not any(isinstance(e, SetStatus) for e in r.effects) and r.said == ""
