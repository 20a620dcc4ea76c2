"""core/decisions.py `advice`: what staff should know before confirming a decision, without being refused."""

import pytest

from intake.core.decisions import advice
from intake.core.statuses import ADMISSIBLE, COMPLETE, DECLINED, INADMISSIBLE, INCOMPLETE, LABELLED, REVIEW


@pytest.mark.parametrize("before", [INCOMPLETE, COMPLETE, REVIEW, INADMISSIBLE])
def test_a_refusal_of_a_case_the_jury_never_examined_is_pointed_out(before):
    said = advice(before, DECLINED)
    assert "le jury ne l'a donc pas examiné" in said and "irrecevable" in said


@pytest.mark.parametrize("before, status", [(ADMISSIBLE, DECLINED), (ADMISSIBLE, LABELLED), (INCOMPLETE, INADMISSIBLE),
                                            (COMPLETE, ADMISSIBLE)])
def test_the_usual_paths_need_no_advice(before, status):
    assert advice(before, status) == ""
