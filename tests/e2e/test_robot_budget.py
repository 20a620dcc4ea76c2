"""Applications sent through the town site's form (from wordpress@ the town's domain, the applicant in Reply-To) and
the cap on new cases ([limits] cases_per_sender_per_day): the form is one sender for many applicants. Its mail is
budgeted per the applicant it names (that address's own cap, counted apart from the address's own mail), with an
overall cap for the robot itself ([limits] cases_per_robot_per_day): the Reply-To is whatever the visitor typed, and a
visitor who varies it is bounded by the robot's cap. Before: the town's fifth form submission of the day put every
later one in quarantine."""

from __future__ import annotations

from sqlmodel import select

from intake.store.database import session
from intake.store.tables import Inbound

FORM = "Ville de Béthune <wordpress@ville-bethune.fr>"


def submitted(intake, n: int, applicant: str):
    """The form's mail for one visitor's application (its own dossier: two projects, two files)."""
    return intake.application(sender=FORM, subject=f"Candidature {n} ({applicant})", pieces=("dossier",),
                              headers={"Reply-To": f"Visiteur <{applicant}>"})


def quarantined(intake) -> list[Inbound]:
    with session(intake.app().engine) as s:
        return [r for r in s.exec(select(Inbound).order_by(Inbound.uid)) if r.fate == "quarantined"]


def test_six_applicants_through_the_town_s_form_the_same_day_each_get_their_case(intake):
    for n in range(6):
        intake.deliver(submitted(intake, n, f"porteur{n}@asso{n}.example"), intake.nb)
    out = intake.poll()
    assert "6 classés" in out and "0 en quarantaine" in out, out
    cases = intake.cases()
    assert len(cases) == 6 and {c["status"] for c in cases} == {"review"}
    assert intake.sent() == []  # a robot's mail: nobody is written to until staff confirm the applicant


def test_one_applicant_named_six_times_through_the_form_is_capped_and_keeps_its_own_budget(intake):
    for n in range(6):
        intake.deliver(submitted(intake, n, "Porteur@Asso.example"), intake.nb)
    out = intake.poll()
    assert "5 classés" in out and "1 en quarantaine" in out, out
    (row,) = quarantined(intake)
    assert ("wordpress@ville-bethune.fr a déjà ouvert 5 dossiers en 24 heures au nom de porteur@asso.example "
            "(Reply-To)") in row.reason and "[limits] cases_per_sender_per_day = 5" in row.reason, row.reason
    # the address's own mail is counted apart: what a visitor typed in the form never sets the real person's aside
    intake.deliver(intake.application(sender="porteur@asso.example", subject="Ma candidature directe"), intake.nb)
    out = intake.poll()
    assert "1 classé" in out and "0 en quarantaine" in out, out
    assert len(intake.sent()) == 1  # its acknowledgement


def test_a_visitor_varying_the_reply_to_is_bounded_by_the_robot_s_own_cap(intake):
    intake.configure("[limits]\ncases_per_robot_per_day = 3")
    for n in range(5):
        intake.deliver(submitted(intake, n, f"faux{n}@jetable.example"), intake.nb)
    out = intake.poll()
    assert "3 classés" in out and "2 en quarantaine" in out, out
    rows = quarantined(intake)
    assert len(rows) == 2 and all(
        "wordpress@ville-bethune.fr a déjà ouvert 3 dossiers en 24 heures, le plus qu'un expéditeur automatique "
        "puisse ouvrir ([limits] cases_per_robot_per_day = 3)" in r.reason for r in rows), [r.reason for r in rows]
    code, listed = intake.cli("quarantine", "list")
    assert code == 0 and "cases_per_robot_per_day" not in listed and "expéditeur automatique" in listed, listed
    # staff file one anyway: the caps are lifted for it alone
    code, out = intake.cli("quarantine", "file-anyway", listed.split("n° ")[1].split()[0] if "n° " in listed else "1")
    assert code == 0 and "classé" in out, out
