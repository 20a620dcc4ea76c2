"""A decision recorded without « Prévenir le demandeur »: the case's page says the applicant was not told, and
staff may send the decision's notice later (core/decisions.py `untold`, `notify_later`, `recorded_note`)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from intake.core.casework import CaseState
from intake.core.decisions import notify_later, recorded_note, untold
from intake.core.effects import QueueMail
from intake.errors import IntakeError

PARIS = ZoneInfo("Europe/Paris")
WHEN = datetime(2026, 12, 1, 10, tzinfo=PARIS)


def case(status="declined", applicant="asso@x.example", notices=None, quiet="") -> CaseState:
    return CaseState(id=1, reference="BSC-2026-0001", status=status, status_reason="hors du périmètre",
                     applicant=applicant, reply_from="n.bataillon@ville-bethune.fr", received_at=WHEN,
                     notices=notices or {}, quiet=quiet)


def test_a_decision_without_notice_is_said_untold_with_the_way_to_tell():
    said = untold(case(), has_template=True)
    assert said.startswith("Le demandeur n'a pas été prévenu de cette décision : aucun courriel ne lui a été envoyé")


def test_a_decision_told_or_not_yet_taken_says_nothing():
    assert untold(case(notices={"declined": WHEN}), has_template=True) == ""
    assert untold(case(status="incomplete"), has_template=True) == ""
    assert untold(case(status="review"), has_template=True) == ""
    assert untold(case(), has_template=False) == ""  # no mail exists for it: nothing to offer


def test_the_notice_sent_later_carries_the_recorded_motif_once():
    effects = notify_later(case(), "hors du périmètre de la ville", "d.berteloot@ville-bethune.fr")
    (mail,) = [e for e in effects if isinstance(e, QueueMail)]
    assert (mail.kind, mail.to_addr) == ("decision/declined", "asso@x.example")
    assert mail.note == "hors du périmètre de la ville"
    assert mail.key == "decision|BSC-2026-0001|declined"  # the key a notice with the decision has: never two
    with pytest.raises(IntakeError, match="déjà été envoyé"):
        notify_later(case(notices={"declined": WHEN}), "x", "d.berteloot@ville-bethune.fr")
    with pytest.raises(IntakeError, match="pas d'adresse électronique"):
        notify_later(case(applicant=""), "x", "d.berteloot@ville-bethune.fr")
    with pytest.raises(IntakeError, match="aucune décision"):
        notify_later(case(status="complete"), "x", "d.berteloot@ville-bethune.fr")


@pytest.mark.parametrize("detail, note", [
    ("declined (avant : admissible) : hors du périmètre", "hors du périmètre"),
    ("withdrawn (avant : incomplete)", ""),
    ("admissible (avant : incomplete) : vu au téléphone ; décidé malgré les pièces manquantes (courrier officiel), "
     "confirmé par n.bataillon@ville-bethune.fr", "vu au téléphone"),
    ("admissible (avant : incomplete) ; décidé malgré les pièces manquantes (courrier officiel), confirmé par "
     "n.bataillon@ville-bethune.fr", ""),
])
def test_the_motif_is_read_back_from_the_decision_s_history_line(detail, note):
    assert recorded_note(detail) == note
