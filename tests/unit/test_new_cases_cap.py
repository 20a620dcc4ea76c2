"""The cap on cases one sender's mail may open in 24 hours ([limits] cases_per_sender_per_day, core/decide.py
`capped`): past it, a message that would open a case is set aside (quarantined) for staff, never lost, and the
digest counts such messages on one line."""

from datetime import timedelta

from test_decide import COURRIER, DOSSIER, mail, run
from test_digest import NOW, PARIS, snapshot

from intake.core.arrival import OVER_LIMITS
from intake.core.decide import CASES_CAP
from intake.core.digest import build
from intake.core.statuses import FILED, QUARANTINED, REVIEW
from intake.core.thread import CaseView, Clues
from intake.core.trust import FAIL, SenderCheck

ROBOT = {"Auto-Submitted": "auto-generated"}


def test_a_sender_under_the_cap_opens_a_case():
    d = run(mail(attachments=(DOSSIER,), sender="scanner@asso.example", headers=ROBOT), cases_opened=4, cases_cap=5)
    assert d.fate == FILED and d.case is None and d.assessment.status == REVIEW


def test_past_the_cap_a_message_that_would_open_a_review_case_is_set_aside_with_the_reason():
    d = run(mail(attachments=(DOSSIER,), sender="scanner@asso.example", headers=ROBOT), cases_opened=5, cases_cap=5)
    assert d.fate == QUARANTINED and d.mail is None and d.reason.startswith(OVER_LIMITS)  # « file anyway » offered
    assert CASES_CAP in d.reason and "scanner@asso.example" in d.reason and "cases_per_sender_per_day" in d.reason
    assert "malgré les limites" in d.reason
    assert not any(type(e).__name__ == "OpenCase" for e in d.effects)


def test_past_the_cap_an_ordinary_application_is_set_aside_too_and_gets_no_acknowledgement():
    d = run(mail(), cases_opened=7, cases_cap=5)
    assert d.fate == QUARANTINED and d.mail is None


def test_past_the_cap_pieces_still_join_the_senders_own_case():
    case = CaseView(id=3, reference="BSC-2026-0003", status="incomplete", applicant="asso@x.example",
                    kinds=frozenset({"dossier"}))
    d = run(mail(attachments=(COURRIER,)), clues=Clues(open_of_sender=(case,)), cases_opened=9, cases_cap=5)
    assert d.fate == FILED and d.case == case


def test_a_trusted_staff_forward_is_never_capped():
    d = run(mail(), cases_opened=9, cases_cap=5, forwarded_by="n.bataillon@ville-bethune.fr",
            forward_evidence="dmarc=pass")
    assert d.fate == FILED


def test_no_cap_when_staff_file_a_message_anyway():
    assert run(mail(), cases_opened=50, cases_cap=0).fate == FILED


def test_an_unauthenticated_senders_reason_says_so():
    d = run(mail(attachments=(DOSSIER,)), cases_opened=5, cases_cap=5,
            sender=SenderCheck(FAIL, "mx.ville-bethune.fr : dmarc=fail header.from=x.example"))
    assert d.fate == QUARANTINED and "non authentifié" in d.reason


def test_the_digest_shows_every_capped_message_on_one_line():
    flood = tuple(f"robot{i % 4}@x.example" for i in range(40))
    d = build(snapshot(quarantined=(("nb UID 9", "x@y : ?", "cannot be parsed"),), capped=flood,
                       now=NOW, previous_at=NOW - timedelta(days=1)), PARIS)
    assert len(d["quarantined"]) == 2
    line = d["quarantined"][0]
    assert line["what"].startswith("40 messages de 4 expéditeurs (robot0@x.example, robot1@x.example, "
                                   "robot2@x.example et 1 autre)")
    assert "plafond de nouveaux dossiers par expéditeur" in line["reason"] and d["needs_human"]
    assert "limite fixée par l'administrateur" in line["reason"] and "[limits]" not in line["reason"]


def test_capped_messages_alone_need_a_human():
    d = build(snapshot(quarantined=(), undeliverable=(), looping=(), failed_mails=(), capped=("a@x.example",)), PARIS)
    assert d["needs_human"] and len(d["quarantined"]) == 1


FORM = {"Reply-To": "Visiteur <porteur@asso.example>"}


def test_a_form_s_mail_is_budgeted_per_the_applicant_it_names_then_by_its_own_cap():
    """The town site's form sends every visitor's application from wordpress@: as one sender, its fifth of the day
    set every later one aside. Per applicant named (robot_opened_for, counted by the shell), within the robot's own cap
    (its cases_opened, all applicants together)."""
    from intake.core.origin import named_by_robot
    from intake.core.parse import parse_message

    form = mail(attachments=(DOSSIER,), sender="wordpress@ville-bethune.fr", headers=FORM)
    named = named_by_robot(parse_message(form), frozenset({"n.bataillon@ville-bethune.fr"}), "intake")
    assert named == "porteur@asso.example"
    room = dict(robot_named=named, cases_cap=5, robot_cap=30)
    assert run(form, cases_opened=12, robot_opened_for=4, **room).fate == FILED
    d = run(form, cases_opened=12, robot_opened_for=5, **room)
    assert d.fate == QUARANTINED and CASES_CAP in d.reason and "au nom de porteur@asso.example (Reply-To)" in d.reason
    d = run(form, cases_opened=30, robot_opened_for=0, **room)  # a visitor typing a new address each time
    assert d.fate == QUARANTINED and "[limits] cases_per_robot_per_day = 30" in d.reason
    assert d.reason.startswith(OVER_LIMITS) and "malgré les limites" in d.reason  # staff may file it anyway
    assert run(form, cases_opened=99, robot_opened_for=99, cases_cap=0, robot_named=named, robot_cap=30).fate == FILED


def test_a_robot_s_mail_that_names_nobody_keeps_the_sender_s_own_cap():
    from intake.core.origin import named_by_robot
    from intake.core.parse import parse_message

    watched = frozenset({"n.bataillon@ville-bethune.fr"})
    for reply_to in ("", "wordpress@ville-bethune.fr", "noreply@asso.example", "n.bataillon@ville-bethune.fr"):
        form = mail(attachments=(DOSSIER,), sender="wordpress@ville-bethune.fr",
                    headers={"Reply-To": reply_to} if reply_to else {})
        assert named_by_robot(parse_message(form), watched, "intake") == "", reply_to
        assert run(form, cases_opened=5, cases_cap=5, robot_cap=30).fate == QUARANTINED
    alias = mail(attachments=(DOSSIER,), sender="wordpress@ville-bethune.fr",
                 headers={"Reply-To": "smartcity@ville-bethune.fr"})  # the label's public address: ours
    assert named_by_robot(parse_message(alias), watched, "intake", frozenset({"smartcity@ville-bethune.fr"})) == ""
    person = mail(attachments=(DOSSIER,), sender="jeanne@asso.example", headers=FORM)  # no robot: no one named
    assert named_by_robot(parse_message(person), watched, "intake") == ""
