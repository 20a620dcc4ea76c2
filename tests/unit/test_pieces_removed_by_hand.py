"""A file staff added to a case by mistake (core/by_hand.py `removal`): only such a file leaves the case, never one a
message brought (the applicant's evidence) nor a paper application's; not on a case a decision closed; the status is
recomputed and nothing is written to the applicant, staff are told so."""

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake.core.by_hand import removal
from intake.core.casework import CaseState, PieceState, correction
from intake.core.effects import Event, QueueMail, RemovePiece, SetFields, SetStatus, WithdrawMail
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
    assert r.reason == "manque : courrier officiel adressé au Maire" and "manque" not in r.said  # said by the caller
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
    assert "« pas une pièce du dossier » (dans la console : « Nouvelle nature », puis « Corriger »" in str(e.value)
    assert "en ligne de commande : intake case BSC-2026-0001 piece 2 --kind aucune)" in str(e.value)


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


def test_a_completion_notice_not_sent_yet_is_withdrawn_when_the_file_that_completed_the_case_is_removed():
    """Staff added the letter, the case became complete and its notice was queued; before it went, they took the
    letter off: the notice would tell the applicant their file is complete. It is withdrawn, and staff are told
    so; if a sender took it meanwhile, they are told it went (never that it was cancelled)."""
    waiting = CaseState(**{**CASE.__dict__, "completion_waiting": True})
    r = removal(waiting, "3", "Nadia", RULES, PARIS)
    (withdraw,) = [e for e in r.effects if isinstance(e, WithdrawMail)]
    assert withdraw.kind == "completion" and "le dossier n'est plus complet (manque : courrier" in withdraw.withdrawn
    assert withdraw.withdrawn.startswith("avis de dossier complet annulé avant son envoi")
    assert withdraw.too_late.startswith("avis de dossier complet déjà en cours d'envoi, il n'a pas pu être annulé")
    assert r.told(True) == r.said and "l'avis de dossier complet, qui n'était pas encore parti, est annulé" in r.said
    assert "lui avait été adressé" not in r.said
    assert r.told(False) == r.late and "était déjà en cours d'envoi au demandeur, il n'a pas pu être annulé" in r.late
    (history,) = [e.detail for e in r.effects if isinstance(e, Event) and e.kind == "no-mail"]
    assert "annulé" not in history  # the shell's line says which, once it knows
    assert not any(isinstance(e, WithdrawMail) for e in removal(CASE, "3", "Nadia", RULES, PARIS).effects)  # sent


def test_a_correction_that_makes_the_case_incomplete_withdraws_its_waiting_completion_notice_too():
    waiting = CaseState(**{**CASE.__dict__, "completion_waiting": True})
    _, effects = correction(waiting, "3", "aucune", "Nadia", RULES)
    assert [e.kind for e in effects if isinstance(e, WithdrawMail)] == ["completion"]
    _, effects = correction(waiting, "2", "visuels", "Nadia", RULES)  # still complete: it goes
    assert not any(isinstance(e, WithdrawMail) for e in effects)


def test_a_file_staff_added_that_the_applicant_mailed_too_is_theirs_and_is_not_removed():
    mailed_too = PieceState(3, "scan lettre.pdf", "courrier", False, "c" * 64, mailed=True, arrived_at=ADDED,
                            created_at=ADDED)
    assert not mailed_too.added_by_hand
    case = CaseState(**{**CASE.__dict__, "pieces": (*CASE.pieces[:2], mailed_too)})
    with pytest.raises(IntakeError) as e:
        removal(case, "3", "Nadia", RULES, PARIS)
    assert ("« scan lettre.pdf » a été ajouté à la main, puis le demandeur l'a envoyé aussi par courriel : c'est "
            "désormais sa pièce, elle ne peut plus être retirée du dossier ; si ce n'est pas une pièce") in str(e.value)
    assert "seul un fichier ajouté à la main" not in str(e.value)  # it was one: that would contradict the rest


def test_a_completion_notice_waiting_for_a_new_try_is_withdrawn_too_and_staff_are_told_which():
    """The relay was down: the notice waits for a new try. It would go, saying the incomplete file is complete."""
    retrying = CaseState(**{**CASE.__dict__, "completion_retrying": True})
    r = removal(retrying, "3", "Nadia", RULES, PARIS)
    (withdraw,) = [e for e in r.effects if isinstance(e, WithdrawMail)]
    assert withdraw.retrying and withdraw.withdrawn.startswith("avis de dossier complet annulé avant un nouvel essai")
    assert r.told(True) == ("l'avis de dossier complet, qui attendait un nouvel essai d'envoi (un premier essai "
                            "avait échoué), est annulé ; écrivez au demandeur si besoin")


def test_which_mails_may_be_withdrawn_and_which_no_longer_go_when_their_turn_comes():
    from intake.core.sending import no_longer_due, withdrawable

    assert withdrawable("pending", 0, 0) and withdrawable("held", 0, 0)
    assert not withdrawable("pending", 1, 0) and withdrawable("pending", 1, 0, retrying=True)
    assert not withdrawable("pending", 1, 1, retrying=True) and not withdrawable("sending", 1, 0, retrying=True)
    assert no_longer_due("completion", "incomplete") == "le dossier n'est plus complet (il est « incomplet »)"
    assert no_longer_due("completion", "admissible") == "" and no_longer_due("reminder", "incomplete") == ""
    assert no_longer_due("reminder", "complete") == "le dossier est maintenant « complet »"
