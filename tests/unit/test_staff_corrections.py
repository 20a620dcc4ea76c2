"""What staff type to correct a case (core/corrections.py) is kept to one line, as values read from mail are
(core/fields.py `one_line`): a line break in a field, a note or a name cannot print a line of its own in the
CLI's output, the history or an export."""

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake.core.casework import CaseState, PieceState, merge_completes
from intake.core.corrections import check_discard, edit_field, received_date, seen
from intake.core.effects import Event, SetFields
from intake.core.fields import parse_field_rules
from intake.core.rules import parse_rules
from intake.core.statuses import DECLINED, INCOMPLETE
from intake.errors import IntakeError

ROOT = Path(__file__).resolve().parents[2] / "rules"
RULES = dataclasses.replace(
    parse_rules(str(ROOT / "pieces.toml"), (ROOT / "pieces.toml").read_text(encoding="utf-8")),
    fields=parse_field_rules(str(ROOT / "fields.toml"), (ROOT / "fields.toml").read_text(encoding="utf-8")))
NOW = datetime(2026, 12, 1, 10, 30, tzinfo=timezone.utc)
CASE = CaseState(id=1, reference="BSC-2026-0001", status=INCOMPLETE, status_reason="", applicant="a@x.example",
                 reply_from="nb@ville-bethune.fr", received_at=NOW - timedelta(days=3),
                 fields={"titre": "Vieux titre\nStatut : labelled"}, attention="une question")
BREAKS = ["\n", "\r\n", "\r", "\u2028", "\x85", "\v", "\f", "\x1c"]


@pytest.mark.parametrize("brk", BREAKS)
def test_a_field_staff_type_is_one_line_and_so_is_what_the_history_says(brk):
    detail, effects = edit_field(CASE, "titre", f"Jardin{brk}Statut : labelled", f"Nadia{brk}Statut : x", RULES)
    assert detail == ("titre du projet : « Vieux titre Statut : labelled » -> « Jardin Statut : labelled », "
                      "corrigé par Nadia Statut : x")
    fields, event = effects
    assert isinstance(fields, SetFields) and fields.fields == {"titre": "Jardin Statut : labelled"}
    assert isinstance(event, Event) and event.detail == detail


@pytest.mark.parametrize("brk", BREAKS)
def test_a_choice_staff_type_that_is_not_one_is_refused_on_one_line(brk):
    with pytest.raises(IntakeError) as refused:
        edit_field(CASE, "theme", f"Sport{brk}Statut : labelled", "nadia", RULES)
    assert "« Sport Statut : labelled » n'est pas l'une des valeurs prévues" in str(refused.value)
    assert len(str(refused.value).splitlines()) == 1


@pytest.mark.parametrize("brk", BREAKS)
def test_a_note_on_a_correction_is_one_line(brk):
    detail, _ = received_date(CASE, NOW - timedelta(days=5), f"Marc{brk}x", f"transfert{brk}Statut : labelled", NOW,
                              ZoneInfo("Europe/Paris"))
    assert "corrigée par Marc x" in detail and detail.endswith("(transfert Statut : labelled)")
    detail, _ = seen(CASE, "nadia", f" appelé{brk}Statut : labelled ")
    assert detail == "« À voir » réglé par nadia : une question (appelé Statut : labelled)"


def test_a_mistyped_choice_among_several_is_named_alone_with_the_choice_meant():
    """« durable; innovant » was refused whole (« « durable; innovant » n'est pas l'une des valeurs prévues »),
    as if the « ; » had not been understood."""
    with pytest.raises(IntakeError) as caught:
        edit_field(CASE, "criteres", "durable; innovant", "nadia", RULES)
    assert "« innovant » n'est pas l'une des valeurs prévues (vouliez-vous dire « innovante » ?)" in str(caught.value)


def test_a_discard_s_reason_keeps_no_e_mail_address_for_the_purge_log_that_no_erasure_reaches():
    why = check_discard(CASE, "  spam envoyé par Troll.Dupont@spam.example,\n pas une candidature ")
    assert why == "spam envoyé par [adresse], pas une candidature"
    # nor a telephone number or a web address, which name a person as well
    why = check_discard(CASE, "démarchage, rappeler au 06 12 34 56 78 ou voir https://troll.example/moi")
    assert why == "démarchage, rappeler au […] ou voir […]", why


def _half(case_id: int, *pieces: tuple[str, str | None, bool], acknowledged: bool = True,
          status=INCOMPLETE) -> CaseState:
    return dataclasses.replace(CASE, id=case_id, status=status, acknowledged=acknowledged, pieces=tuple(
        PieceState(id=case_id * 10 + n, filename=f"{sha}.pdf", kind=kind, manual=manual, sha256=sha)
        for n, (sha, kind, manual) in enumerate(pieces)))


def test_a_merge_s_preview_knows_when_the_merge_sends_the_completion_notice():
    """As `recompute` decides it for the case the two make (a file once, staff's kind winning): the two halves of an
    acknowledged application complete it; not when a piece still lacks, nor when nobody was acknowledged, nor when a
    case is decided."""
    dossier, letter, photo = ("d", "dossier", False), ("l", "courrier", False), ("p", "visuels", False)
    assert merge_completes(_half(1, dossier, photo), _half(2, letter), RULES)
    assert not merge_completes(_half(1, dossier, photo, acknowledged=False), _half(2, letter, acknowledged=False),
                               RULES)
    assert not merge_completes(_half(1, dossier), _half(2, letter, ("x", None, False)), RULES)
    assert not merge_completes(_half(1, dossier, photo), _half(2, letter, status=DECLINED), RULES)
    # the same unnamed file in both, named by staff in one: named once in the merged case
    assert merge_completes(_half(1, dossier, ("s", None, False)), _half(2, ("s", "courrier", True), photo), RULES)
